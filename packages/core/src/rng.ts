// Random streams. Every draw descends from the run seed through seedrandom's
// alea. Population traits come from alea streams directly. Shopper dynamics
// use a counter-based generator keyed per shopper and purpose: draw j of
// block k of shopper i is a hash of (key, i, k, j). That costs 4 bytes per
// shopper per stream instead of an alea object each, and it gives common
// random numbers by construction: shopper i's k-th visit sees the same
// uniforms in two scenarios however differently other shoppers behaved.
import seedrandom from 'seedrandom';

export type Stream = () => number;

/** An alea stream for one named purpose of one run seed. */
export function aleaStream(seed: number, purpose: string): Stream {
  return seedrandom.alea(`shopsim:${seed}:${purpose}`);
}

/**
 * The same numbers as aleaStream, from a copy of alea's state in a typed
 * array: alea's own step, in the same order of operations, without a closure
 * call and boxed fields per draw. For the population's millions of draws.
 */
export class AleaGenerator {
  private readonly s: Float64Array;

  constructor(seed: number, purpose: string) {
    const st = seedrandom.alea(`shopsim:${seed}:${purpose}`, { state: true }).state();
    this.s = Float64Array.of(st.s0, st.s1, st.s2, st.c);
  }

  next(): number {
    const s = this.s;
    const t = 2091639 * s[0]! + s[3]! * 2.3283064365386963e-10; // 2^-32
    s[0] = s[1]!;
    s[1] = s[2]!;
    const c = t | 0;
    s[3] = c;
    return (s[2] = t - c);
  }
}

/** A 32-bit key for a counter-based stream, drawn from alea. */
export function streamKey(seed: number, purpose: string): number {
  return (aleaStream(seed, purpose)() * 4294967296) | 0;
}

// lowbias32 finaliser (Chris Wellons' hash prospector): full avalanche.
function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x;
}

// The sums below wrap to 32 bits with `| 0` before mixing. mix32 reads its
// argument modulo 2^32 anyway, so the values are the same; but an unwrapped
// sum overflows int32, and V8 then does the whole hash in float64, three to
// four times slower.

/** Per-shopper base of a keyed stream; computed once per event, not per draw. */
export function shopperBase(key: number, shopper: number, block: number): number {
  return mix32((mix32(key ^ Math.imul(shopper, 0x9e3779b1)) + Math.imul(block, 0x85ebca6b)) | 0);
}

/** Uniform in [0, 1) for draw j of a block whose base came from shopperBase. */
export function uniformAt(base: number, j: number): number {
  return (mix32((base + Math.imul(j + 1, 0x27d4eb2f)) | 0) >>> 0) / 4294967296;
}

/** Standard normal from two uniforms (Box-Muller); u1 is kept away from 0. */
export function normalFrom(u1: number, u2: number): number {
  return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
}

// Inverse normal CDF by table and linear interpolation: one uniform, no
// transcendental call, for the hot loop. The tails are cut at +-3.9 sd
// (probability 1e-4 each), which no KPI here can notice.
const QUANTILE_BINS = 8192;
const QUANTILES = buildQuantiles();

function buildQuantiles(): Float64Array {
  const q = new Float64Array(QUANTILE_BINS + 1);
  for (let k = 0; k <= QUANTILE_BINS; k++) {
    const p = Math.min(1 - 5e-5, Math.max(5e-5, k / QUANTILE_BINS));
    q[k] = inverseNormal(p);
  }
  return q;
}

/** Acklam's rational approximation of the inverse normal CDF (rel. error 1e-9). */
function inverseNormal(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  const poly = (k: number[], x: number) => k.reduce((acc, v) => acc * x + v, 0);
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return poly(c, q) / (poly(d, q) * q + 1);
  }
  if (p > 1 - lo) return -inverseNormal(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (poly(a, r) * q) / (poly(b, r) * r + 1);
}

/** Standard normal from one uniform, by table. */
export function normalAt(u: number): number {
  const x = u * QUANTILE_BINS;
  const k = x | 0;
  const lo = QUANTILES[k]!;
  return lo + (QUANTILES[k + 1 === QUANTILE_BINS + 1 ? k : k + 1]! - lo) * (x - k);
}
