// Statistics over replications: mean, standard deviation and a 95% Student t
// confidence interval, for plain samples and for paired differences.
import { SIGN_PINNED_AT } from './behaviours.ts';

/** A KPI over replications; lo/hi bound the 95% confidence interval of the mean (Student t). */
export interface Stat {
  mean: number;
  sd: number;
  lo: number;
  hi: number;
  n: number;
}

/**
 * A paired difference; significant when its 95% CI excludes zero and, when
 * replications drew behaviours from an ensemble, when the sign is pinned too.
 */
export interface DiffStat extends Stat {
  significant: boolean;
  /** With an ensemble: share of replications (each with its own plausible behaviour) whose difference has the mean's sign. */
  signShare?: number;
  /** With an ensemble: signShare >= 95%; a difference whose sign is not pinned is never significant. */
  signPinned?: boolean;
}

// ln Gamma by Lanczos (g = 7, n = 9), accurate to ~15 digits for x > 0.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = LANCZOS[0]!;
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

// Continued fraction of the regularised incomplete beta (Numerical Recipes, betacf).
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return h;
}

/** Regularised incomplete beta I_x(a, b). */
function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  // The continued fraction converges fast only on one side of the mean.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** P(T <= t) for Student's t with df degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

const quantileCache = new Map<number, number>();

/** The two-sided 95% critical value of Student's t (the 0.975 quantile). */
export function tCritical95(df: number): number {
  const cached = quantileCache.get(df);
  if (cached !== undefined) return cached;
  // Bisection: the CDF is monotone and 100 halvings pin the root to double precision.
  let lo = 0;
  let hi = 1e3;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < 0.975) lo = mid;
    else hi = mid;
  }
  const q = (lo + hi) / 2;
  quantileCache.set(df, q);
  return q;
}

/** Mean, sd and 95% CI of the finite values; NaN values (undefined ratios) are left out. */
export function statOf(values: readonly number[]): Stat {
  const acc = new StatAccumulator();
  for (const v of values) acc.add(v);
  return acc.stat();
}

/**
 * Mean and 95% CI of values with weights (finite values only): the weighted
 * mean, its spread over Kish's effective number of values (sum w)^2 / sum w^2,
 * which is also n and the CI's degrees of freedom plus one. Equal weights give
 * statOf's numbers. One distinct value has no CI; near one effective value
 * (one weight far above the rest) the degrees of freedom fall below 1 and the
 * CI is very wide, as it should be.
 */
export function weightedStatOf(values: readonly number[], weights: readonly number[]): Stat {
  const pairs = values.map((v, i) => [v, weights[i]!] as const).filter(([v, w]) => Number.isFinite(v) && w > 0);
  const total = pairs.reduce((s, [, w]) => s + w, 0);
  if (pairs.length === 0 || !(total > 0)) return statFromMoments(0, Number.NaN, 0);
  const mean = pairs.reduce((s, [v, w]) => s + w * v, 0) / total;
  const n = total ** 2 / pairs.reduce((s, [, w]) => s + w * w, 0);
  if (pairs.length === 1) return statFromMoments(1, mean, 0);
  const spread = pairs.reduce((s, [v, w]) => s + w * (v - mean) ** 2, 0) / total;
  const sd = Math.sqrt((spread * n) / (n - 1));
  const half = (tCritical95(n - 1) * sd) / Math.sqrt(n);
  return { mean, sd, lo: mean - half, hi: mean + half, n };
}

/** The paired difference b - a, replication by replication (same seeds, common random numbers). */
export function diffStatOf(a: readonly number[], b: readonly number[], withBehaviours = false): DiffStat {
  if (a.length !== b.length) throw new Error(`paired samples differ in length: ${a.length} vs ${b.length}`);
  const d = a.map((x, i) => b[i]! - x);
  const s = statOf(d);
  const excludesZero = s.lo > 0 || s.hi < 0;
  if (!withBehaviours) return { ...s, significant: excludesZero };
  const finite = d.filter(Number.isFinite);
  const sign = Math.sign(s.mean);
  const signShare = finite.length > 0 && sign !== 0 ? finite.filter((v) => Math.sign(v) === sign).length / finite.length : 0;
  const signPinned = signShare >= SIGN_PINNED_AT;
  return { ...s, significant: excludesZero && signPinned, signShare, signPinned };
}

/**
 * With a behaviour ensemble: in how many plausible behaviours the difference
 * has its sign ("rises in 97% of behaviours"), or that the data does not pin
 * the sign. Empty without an ensemble. (The terminal's tables and the studio say it alike.)
 */
export function signLabel(d: { mean: number | null; signShare?: number | null | undefined; signPinned?: boolean | undefined } | null | undefined): string {
  if (!d || d.signShare === undefined || d.signShare === null || d.mean === null || d.mean === 0 || !Number.isFinite(d.mean)) return '';
  const share = `${Math.round(d.signShare * 100)}%`;
  const way = d.mean > 0 ? 'rises' : 'falls';
  return d.signPinned ? `${way} in ${share} of behaviours` : `sign not pinned (${way} in ${share})`;
}

/** Streaming mean and variance (Welford), so sweeps need not hold their runs. */
/**
 * Decimals that show a CI's half-width (in the unit shown) to one significant
 * digit, never fewer than the KPI's own and at most four more: a significant
 * difference never prints as "+0.0 [+0.0, +0.0]".
 */
export function ciDigits(digits: number, halfWidth: number): number {
  if (!(halfWidth > 0) || !Number.isFinite(halfWidth)) return digits;
  return Math.min(digits + 4, Math.max(digits, Math.ceil(-Math.log10(halfWidth))));
}

export class StatAccumulator {
  n = 0;
  mean = 0;
  m2 = 0;

  add(v: number): void {
    if (!Number.isFinite(v)) return;
    this.n++;
    const delta = v - this.mean;
    this.mean += delta / this.n;
    this.m2 += delta * (v - this.mean);
  }

  stat(): Stat {
    return statFromMoments(this.n, this.mean, this.m2);
  }
}

export function statFromMoments(n: number, mean: number, m2: number): Stat {
  if (n === 0) return { mean: Number.NaN, sd: Number.NaN, lo: Number.NaN, hi: Number.NaN, n };
  if (n === 1) return { mean, sd: Number.NaN, lo: Number.NaN, hi: Number.NaN, n };
  const sd = Math.sqrt(Math.max(0, m2) / (n - 1));
  const half = (tCritical95(n - 1) * sd) / Math.sqrt(n);
  return { mean, sd, lo: mean - half, hi: mean + half, n };
}
