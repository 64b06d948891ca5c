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

// Coefficients of Acklam's approximation: central region (A over B) and tails (C over D).
const A0 = -39.69683028665376, A1 = 220.9460984245205, A2 = -275.9285104469687, A3 = 138.357751867269, A4 = -30.66479806614716, A5 = 2.506628277459239;
const B0 = -54.47609879822406, B1 = 161.5858368580409, B2 = -155.6989798598866, B3 = 66.80131188771972, B4 = -13.28068155288572;
const C0 = -0.007784894002430293, C1 = -0.3223964580411365, C2 = -2.400758277161838, C3 = -2.549732539343734, C4 = 4.374664141464968, C5 = 2.938163982698783;
const D0 = 0.007784695709041462, D1 = 0.3224671290700398, D2 = 2.445134137142996, D3 = 3.754408661907416;
const TAIL = 0.02425;

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

/**
 * Standard normal from one uniform by inversion (Acklam's rational
 * approximation, relative error 1e-9): mostly multiply-adds, a log and a
 * square root only in the 5% tails (Box-Muller would spend a log, a square
 * root and a cosine on every pair of uniforms). For the population's traits,
 * whose tails matter (visit rates are lognormal), unlike the hot loop's table.
 */
export function normalQuantile(u: number): number {
  return inverseNormal(Math.min(1 - 1e-12, Math.max(1e-12, u)));
}

/** Acklam's rational approximation of the inverse normal CDF (rel. error 1e-9). */
function inverseNormal(p: number): number {
  if (p < TAIL) return lowerTail(p);
  if (p > 1 - TAIL) return -lowerTail(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((A0 * r + A1) * r + A2) * r + A3) * r + A4) * r + A5) * q) / (((((B0 * r + B1) * r + B2) * r + B3) * r + B4) * r + 1);
}

function lowerTail(p: number): number {
  const q = Math.sqrt(-2 * Math.log(p));
  return (((((C0 * q + C1) * q + C2) * q + C3) * q + C4) * q + C5) / ((((D0 * q + D1) * q + D2) * q + D3) * q + 1);
}

/**
 * The standard normal CDF as the inverse of normalQuantile, by bisection: a
 * uniform u lies below normalCdf(z) exactly when normalQuantile(u) lies
 * below z, so a cut drawn in uniforms agrees with one drawn in normals. For
 * per-market, per-day cuts, not the hot loop (60 quantiles a call).
 */
export function normalCdf(z: number): number {
  let lo = 0;
  let hi = 1;
  for (let k = 0; k < 60; k++) {
    const mid = (lo + hi) / 2;
    if (normalQuantile(mid) < z) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** Standard normal from one uniform, by table. */
export function normalAt(u: number): number {
  const x = u * QUANTILE_BINS;
  const k = x | 0;
  const lo = QUANTILES[k]!;
  return lo + (QUANTILES[k + 1 === QUANTILE_BINS + 1 ? k : k + 1]! - lo) * (x - k);
}
