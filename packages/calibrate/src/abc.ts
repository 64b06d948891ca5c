// Adaptive ABC-SMC (APMC: Lenormand, Jabot & Deffuant 2013, "Adaptive
// approximate Bayesian computation for complex models", Comput. Stat. 28),
// built on ABC-PMC (Beaumont, Cornuet, Marin & Robert 2009, Biometrika 96).
// Each generation proposes a fixed batch of particles (so a generation runs
// on a pool or as shards), keeps the best share alpha of old and new
// particles, and sets the next tolerance to the distance of the last one
// kept. It stops when every kept particle is consistent with every target
// (distance <= targetDistance) or when too few new particles are accepted.
// Weights are APMC's prior / proposal density on one scale for every
// generation (computed in logs, in the unit box of the priors), and only the
// parameters the targets move are perturbed: the others are drawn from the
// prior, where they carry no weight, so weights do not collapse in many
// dimensions. The effective sample size is kept above a floor by raising the
// tolerance when needed, and reported.
// Pure functions: every draw comes from a stream seeded by (seed, generation,
// particle), so the same inputs give the same ensemble in any order.
import seedrandom from 'seedrandom';
import type { ParameterSpec } from './cases.ts';

export interface AbcSettings {
  /** Particles per generation (N); the kept population is about alpha * N. */
  populationSize: number;
  /** Share of the particles kept each generation (alpha). */
  keepShare: number;
  /** Stop when fewer than this share of a generation's new particles are accepted. */
  minAcceptance: number;
  /** Stop when the tolerance reaches this distance (1: every target met, allowing noise and discrepancy). */
  targetDistance: number;
  /** Hard cap on generations. */
  maxGenerations: number;
  /** Seed of the proposal streams. */
  seed: number;
  /**
   * The kept population's effective sample size must reach this share of the
   * kept count (and at least MIN_ESS): when the best alpha share falls short,
   * the tolerance is raised (more particles kept) until it does or the pool
   * is spent.
   */
  minEssShare: number;
  /** Perturb only the parameters some target moves in generation 0 (ensemble-diagnostics screen); false: all. */
  screen: boolean;
  /** The proposal kernel (KERNELS): a fit must keep one kernel from its first generation to its last. */
  kernel: KernelKind;
}

/**
 * Proposal kernels: 'olcm', a Gaussian around each ancestor with its own
 * optimal local covariance (Filippi, Barnes, Cornebise & Stumpf 2013);
 * 'global', one Gaussian with twice the survivors' weighted covariance
 * (Beaumont et al. 2009).
 */
export const KERNELS = ['olcm', 'global'] as const;
export type KernelKind = (typeof KERNELS)[number];

export const DEFAULT_ABC: AbcSettings = { populationSize: 100, keepShare: 0.5, minAcceptance: 0.05, targetDistance: 1, maxGenerations: 12, seed: 1, minEssShare: 0.3, screen: true, kernel: 'global' };

export interface Particle {
  /** Parameter values in the order of the priors. */
  values: number[];
  distance: number;
  /** Importance weight, normalised over the population. */
  weight: number;
  /**
   * ln(prior density / proposal density) at the particle, in the unit box of
   * the priors (0 for a draw from the prior): the APMC weight before
   * normalising, on one scale for every generation.
   */
  logWeight: number;
  /** Generation and index that proposed it (its identity in the stored evaluations). */
  generation: number;
  index: number;
}

export interface Population {
  generation: number;
  particles: Particle[];
  /** The tolerance: the largest distance kept. */
  epsilon: number;
  /** Share of this generation's new particles that were kept (1 for the first). */
  acceptance: number;
  /** Effective sample size of the weights, (sum w)^2 / sum w^2: how many members the ensemble is really worth. */
  ess: number;
  /** The effective size it must reach to be read (essFloor); below it, no marginal is called pinned. */
  essFloor: number;
  /**
   * Indices of the parameters the kernel moves; the others are drawn afresh
   * from the prior for every proposal (parameters no target moves: screened out).
   */
  active: number[];
  done: boolean;
  /** Why the run stopped, when done. */
  stop?: 'consistent' | 'acceptance' | 'generations' | 'unmeasurable';
}

/** How many particles generation g proposes. */
export function batchSize(settings: AbcSettings, generation: number): number {
  return generation === 0 ? settings.populationSize : settings.populationSize - keptCount(settings);
}

export function keptCount(settings: AbcSettings): number {
  return Math.max(2, Math.round(settings.populationSize * settings.keepShare));
}

/** Below this many effective members a 90% interval says nothing: a few heavy particles make any interval narrow. */
export const MIN_ESS = 10;

/** The effective sample size a population must reach for its marginals to be read. */
export function essFloor(settings: AbcSettings): number {
  return Math.max(MIN_ESS, settings.minEssShare * keptCount(settings));
}

/** Effective sample size of weights (any scale). */
export function effectiveSize(weights: number[]): number {
  const s = weights.reduce((a, w) => a + w, 0);
  const s2 = weights.reduce((a, w) => a + w * w, 0);
  return s2 > 0 ? (s * s) / s2 : 0;
}

/**
 * The parameter vectors generation g evaluates: from the priors first; then
 * survivors moved by the kernel in the active parameters, with the others
 * drawn from the prior (so they carry no weight: prior / proposal is 1 there).
 */
export function propose(settings: AbcSettings, priors: ParameterSpec[], generation: number, previous: Population | null): number[][] {
  const n = batchSize(settings, generation);
  const out: number[][] = [];
  if (generation === 0 || previous === null) {
    for (let i = 0; i < n; i++) {
      const rng = stream(settings.seed, 0, i);
      out.push(priors.map((p) => p.lo + rng() * (p.hi - p.lo)));
    }
    return out;
  }
  const { active } = previous;
  const mixture = mixtureOf(settings, priors, previous);
  const cumulative = cumulativeWeights(previous.particles);
  for (let i = 0; i < n; i++) {
    const rng = stream(settings.seed, generation, i);
    const fresh = priors.map((p) => p.lo + rng() * (p.hi - p.lo));
    // Redraw until inside the prior's box: the uniform prior is zero outside.
    for (let attempt = 0; ; attempt++) {
      const a = pick(cumulative, rng());
      const ancestor = previous.particles[a]!;
      const moved = mixture.draw(a, rng);
      if (moved.every((u) => u >= 0 && u <= 1) || attempt >= 1000) {
        const x = fresh.slice();
        active.forEach((k, j) => (x[k] = attempt >= 1000 ? ancestor.values[k]! : priors[k]!.lo + moved[j]! * (priors[k]!.hi - priors[k]!.lo)));
        out.push(x);
        break;
      }
    }
  }
  return out;
}

/**
 * The next population from the previous one and this generation's evaluated
 * proposals (distances in proposal order). `active`: the parameters the kernel
 * moves from now on (read at generation 0; later generations keep the
 * previous population's).
 */
export function advance(settings: AbcSettings, priors: ParameterSpec[], generation: number, previous: Population | null, proposals: number[][], distances: number[], active?: number[]): Population {
  const moving = previous?.active ?? active ?? priors.map((_, k) => k);
  const fresh: Particle[] = proposals.map((values, index) => ({ values, distance: distances[index]!, weight: 1, logWeight: 0, generation, index }));
  if (previous !== null) {
    // APMC weight (Lenormand et al. 2013, eq. 3): prior / (the mixture the proposals were drawn from),
    // in the active parameters; in the unit box the uniform prior's density is 1.
    const mixture = mixtureOf(settings, priors, previous);
    for (const p of fresh) p.logWeight = -mixture.logDensity(unitOf(p.values, priors, moving));
  }
  // An unmeasurable particle (stored with the largest finite distance) is never kept.
  const pool = truncateWeights([...(previous?.particles ?? []), ...fresh].filter((p) => p.distance < UNMEASURABLE));
  // Ties broken by identity, so the order of evaluation never matters.
  pool.sort((a, b) => a.distance - b.distance || a.generation - b.generation || a.index - b.index);
  // The tolerance never rises above the previous one: more particles are kept for the ESS only within it.
  const within = previous === null ? pool.length : pool.filter((p) => p.distance <= previous.epsilon).length;
  const keep = keepUntilHealthy(pool, Math.min(keptCount(settings), pool.length), essFloor(settings), Math.max(within, Math.min(keptCount(settings), pool.length)));
  const epsilon = pool[keep - 1]?.distance ?? Infinity;
  const kept = normalise(pool.filter((p) => p.distance <= epsilon));
  const acceptance = previous === null ? 1 : fresh.filter((p) => p.distance <= epsilon).length / Math.max(1, fresh.length);
  const consistent = epsilon <= settings.targetDistance;
  // No particle could be measured at all: nothing to propose from, the fit cannot go on.
  const stop = kept.length === 0 ? 'unmeasurable' : consistent ? 'consistent' : acceptance < settings.minAcceptance ? 'acceptance' : generation + 1 >= settings.maxGenerations ? 'generations' : undefined;
  return { generation, particles: kept, epsilon, acceptance, ess: effectiveSize(kept.map((p) => p.weight)), essFloor: essFloor(settings), active: moving, done: stop !== undefined, ...(stop ? { stop } : {}) };
}

/**
 * How many of the pool (best first) to keep: the alpha share, or more when
 * their effective sample size is below the floor (an adaptive tolerance:
 * a few heavy particles must not stand for the whole ensemble).
 */
function keepUntilHealthy(pool: Particle[], keep: number, floor: number, most: number): number {
  const top = Math.max(...pool.map((p) => p.logWeight));
  const w = pool.map((p) => Math.exp(p.logWeight - top));
  let k = keep;
  while (k < most && effectiveSize(w.slice(0, k)) < floor) k++;
  return k;
}

/** Distances at or above this are particles that could not be measured (ensemble-run stores them so). */
const UNMEASURABLE = Number.MAX_VALUE / 2;

/** A weight is capped at this many times the median weight of the pool. */
export const WEIGHT_CAP = 10;

/**
 * Truncated importance weights (Ionides 2008, "Truncated importance
 * sampling", J. Comput. Graph. Stat. 17): in a dozen or more moved
 * dimensions a particle proposed where the kernels thin out gets a weight
 * many orders of magnitude above the rest, and the ensemble would be that one
 * particle. Capping each weight at WEIGHT_CAP times the pool's median (the
 * mean would be dragged up by the extreme one) trades a little bias for an
 * ensemble worth many members; the ESS reported is that of the capped weights.
 */
function truncateWeights(pool: Particle[]): Particle[] {
  if (pool.length === 0) return pool;
  const sorted = pool.map((p) => p.logWeight).sort((a, b) => a - b);
  const cap = sorted[Math.floor((sorted.length - 1) / 2)]! + Math.log(WEIGHT_CAP);
  return pool.map((p) => (p.logWeight > cap ? { ...p, logWeight: cap } : p));
}

function normalise(particles: Particle[]): Particle[] {
  const top = Math.max(...particles.map((p) => p.logWeight));
  const w = particles.map((p) => Math.exp(p.logWeight - top));
  const total = w.reduce((s, v) => s + v, 0);
  return particles.map((p, i) => ({ ...p, weight: total > 0 ? w[i]! / total : 1 / particles.length }));
}

function unitOf(values: number[], priors: ParameterSpec[], active: number[]): number[] {
  return active.map((k) => (values[k]! - priors[k]!.lo) / (priors[k]!.hi - priors[k]!.lo));
}

function logSumExp(xs: number[]): number {
  const top = Math.max(...xs);
  if (!Number.isFinite(top)) return top;
  return top + Math.log(xs.reduce((s, x) => s + Math.exp(x - top), 0));
}

/** A Gaussian's Cholesky factor and log normalising constant, computed once per population. */
interface Gaussian {
  chol: number[][];
  logNorm: number;
}

function gaussian(cov: number[][]): Gaussian {
  // A floor on each variance (1e-4 of the prior's width squared) keeps a collapsed population moving.
  for (let k = 0; k < cov.length; k++) cov[k]![k]! += 1e-4;
  const chol = cholesky(cov);
  const logDet = 2 * chol.reduce((s, row, k) => s + Math.log(row[k]!), 0);
  return { chol, logNorm: -0.5 * (cov.length * Math.log(2 * Math.PI) + logDet) };
}

/**
 * The proposal: a mixture of Gaussians over the active parameters in the unit
 * box, one around each particle of the previous population, picked by weight.
 * Proposals are drawn from it and the APMC weight divides by its density, so
 * the two always read the same kernels.
 */
export interface Mixture {
  /** The previous population's particles in the unit box of the active parameters. */
  centres: number[][];
  /** A draw from the Gaussian around centre i. */
  draw: (i: number, rng: () => number) => number[];
  /** ln sum_i w_i N(u; centre_i, Sigma_i). */
  logDensity: (u: number[]) => number;
}

// Built once per population (propose and advance of a generation share it), never per particle.
const mixtures = new WeakMap<Population, { priors: ParameterSpec[]; kernel: KernelKind; keepShare: number; mixture: Mixture }>();

export function mixtureOf(settings: AbcSettings, priors: ParameterSpec[], population: Population): Mixture {
  const held = mixtures.get(population);
  if (held && held.priors === priors && held.kernel === settings.kernel && held.keepShare === settings.keepShare) return held.mixture;
  const mixture = buildMixture(settings, priors, population);
  mixtures.set(population, { priors, kernel: settings.kernel, keepShare: settings.keepShare, mixture });
  return mixture;
}

function buildMixture(settings: AbcSettings, priors: ParameterSpec[], population: Population): Mixture {
  const { particles, active } = population;
  const centres = particles.map((p) => unitOf(p.values, priors, active));
  const logW = particles.map((p) => Math.log(p.weight));
  const kernels = settings.kernel === 'olcm' ? localKernels(particles, centres, settings.keepShare, active.length) : null;
  const shared = kernels === null ? gaussian(globalCovariance(particles, centres)) : null;
  const at = (i: number) => shared ?? kernels![i]!;
  return {
    centres,
    draw: (i, rng) => {
      const { chol } = at(i);
      const centre = centres[i]!;
      const z = centre.map(() => normal(rng));
      return centre.map((v, k) => v + chol[k]!.reduce((s, l, j) => s + l * z[j]!, 0));
    },
    logDensity: (u) =>
      logSumExp(
        centres.map((c, i) => {
          const { chol, logNorm } = at(i);
          const y = solveLower(chol, u.map((v, k) => v - c[k]!));
          return logW[i]! + (logNorm - 0.5 * y.reduce((s, v) => s + v * v, 0));
        }),
      ),
  };
}

/**
 * Twice the weighted covariance of the particles (Beaumont et al. 2009; the
 * APMC choice), one for every centre; shrunk towards its diagonal when the
 * particles are too few for it to have full rank (shrunkCovariance).
 */
function globalCovariance(particles: Particle[], us: number[][]): number[][] {
  const d = us[0]?.length ?? 0;
  if (particles.length <= d) return shrunkCovariance(particles.map((p) => p.weight), us).cov.map((row) => row.map((v) => 2 * v));
  const total = particles.reduce((s, p) => s + p.weight, 0);
  const mean = Array.from({ length: d }, (_, k) => particles.reduce((s, p, i) => s + p.weight * us[i]![k]!, 0) / total);
  return Array.from({ length: d }, (_, a) =>
    Array.from({ length: d }, (_, b) => (2 * particles.reduce((s, p, i) => s + p.weight * (us[i]![a]! - mean[a]!) * (us[i]![b]! - mean[b]!), 0)) / total),
  );
}

/**
 * The weighted covariance of n points in d dimensions, its correlations
 * shrunk towards zero with the variances kept: Schäfer & Strimmer's target D
 * (2005, "A shrinkage approach to large-scale covariance matrix estimation",
 * Stat. Appl. Genet. Mol. Biol. 4(1)), with their estimate of the intensity,
 * lambda = sum Var(r_ab) / sum r_ab^2 over a != b, clipped to [0, 1], the
 * variance of each weighted correlation taken over the weights. Used when
 * n <= d: the sample covariance is then singular, and a kernel built on it
 * perturbs only within the span of the particles, so with every parameter
 * moved (no screen) the population narrows in directions no target reads,
 * by descent alone (docs/calibration.md, "The proposal kernel").
 */
function shrunkCovariance(weights: number[], us: number[][]): { mean: number[]; cov: number[][] } {
  const d = us[0]?.length ?? 0;
  const total = weights.reduce((s, w) => s + w, 0);
  const w = weights.map((v) => (total > 0 ? v / total : 1 / weights.length));
  const mean = Array.from({ length: d }, (_, k) => us.reduce((s, u, i) => s + w[i]! * u[k]!, 0));
  const sd = Array.from({ length: d }, (_, k) => Math.sqrt(us.reduce((s, u, i) => s + w[i]! * (u[k]! - mean[k]!) ** 2, 0)));
  const z = us.map((u) => u.map((v, k) => (sd[k]! > 0 ? (v - mean[k]!) / sd[k]! : 0)));
  const sumW2 = w.reduce((s, v) => s + v * v, 0);
  const r = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  let noise = 0;
  let signal = 0;
  for (let a = 0; a < d; a++) {
    for (let b = 0; b < a; b++) {
      let rab = 0;
      for (let i = 0; i < us.length; i++) rab += w[i]! * z[i]![a]! * z[i]![b]!;
      let v = 0;
      for (let i = 0; i < us.length; i++) v += w[i]! * w[i]! * (z[i]![a]! * z[i]![b]! - rab) ** 2;
      r[a]![b] = rab;
      noise += sumW2 < 1 ? v / (1 - sumW2) : 0;
      signal += rab * rab;
    }
  }
  const lambda = signal > 0 ? Math.min(1, Math.max(0, noise / signal)) : 1;
  const cov = Array.from({ length: d }, (_, a) =>
    Array.from({ length: d }, (_, b) => (a === b ? sd[a]! * sd[a]! : (1 - lambda) * r[Math.max(a, b)]![Math.min(a, b)]! * sd[a]! * sd[b]!)),
  );
  return { mean, cov };
}

/**
 * Optimal local covariance matrices (OLCM; Filippi, Barnes, Cornebise & Stumpf
 * 2013, Stat. Appl. Genet. Mol. Biol. 12(1)): around centre i,
 * Sigma_i = sum_k w~_k (u_k - u_i)(u_k - u_i)^T over the particles that
 * already meet the next tolerance, w~ their normalised weights. The next
 * tolerance is not known yet in the adaptive scheme; the particles the next
 * generation is expected to keep stand for it: those at or below the
 * keep-share quantile of the distances. A centre far from them gets a wide
 * kernel pointing at them; one among them a kernel shaped like them, not like
 * the whole population. When they are no more than the dimensions their
 * covariance would be singular: it is shrunk towards its diagonal
 * (shrunkCovariance), and Sigma_i = that + (m - u_i)(m - u_i)^T, m their
 * weighted mean (the same sum, split).
 */
function localKernels(particles: Particle[], us: number[][], keepShare: number, d: number): Gaussian[] {
  const sorted = particles.map((p) => p.distance).sort((a, b) => a - b);
  const quantile = sorted[Math.max(0, Math.ceil(keepShare * sorted.length) - 1)]!;
  const near = particles.map((p, k) => ({ w: p.weight, u: us[k]! })).filter((_, k) => particles[k]!.distance <= quantile);
  if (near.length <= d) return shrunkLocalKernels(near, us, d);
  const total = near.reduce((s, q) => s + q.w, 0);
  return us.map((centre) => {
    const cov = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    for (const q of near) {
      const w = total > 0 ? q.w / total : 1 / near.length;
      for (let a = 0; a < d; a++) {
        const da = q.u[a]! - centre[a]!;
        for (let b = 0; b <= a; b++) cov[a]![b]! += w * da * (q.u[b]! - centre[b]!);
      }
    }
    for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) cov[b]![a] = cov[a]![b]!;
    return gaussian(cov);
  });
}

function shrunkLocalKernels(near: { w: number; u: number[] }[], us: number[][], d: number): Gaussian[] {
  const { mean, cov } = shrunkCovariance(near.map((q) => q.w), near.map((q) => q.u));
  return us.map((centre) => {
    const off = mean.map((m, k) => m - centre[k]!);
    return gaussian(Array.from({ length: d }, (_, a) => Array.from({ length: d }, (_, b) => cov[a]![b]! + off[a]! * off[b]!)));
  });
}

export function cholesky(a: number[][]): number[][] {
  const n = a.length;
  const l = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i]![j]!;
      for (let k = 0; k < j; k++) s -= l[i]![k]! * l[j]![k]!;
      l[i]![j] = i === j ? Math.sqrt(Math.max(s, 1e-300)) : s / l[j]![j]!;
    }
  }
  return l;
}

function solveLower(l: number[][], b: number[]): number[] {
  const y = new Array<number>(b.length).fill(0);
  for (let i = 0; i < b.length; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i]![k]! * y[k]!;
    y[i] = s / l[i]![i]!;
  }
  return y;
}

function cumulativeWeights(particles: Particle[]): number[] {
  let s = 0;
  return particles.map((p) => (s += p.weight));
}

/** Index of the first cumulative weight above u * total. */
export function pick(cumulative: number[], u: number): number {
  const target = u * cumulative[cumulative.length - 1]!;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function stream(seed: number, generation: number, index: number): () => number {
  return seedrandom(`abc:${seed}:${generation}:${index}`);
}

function normal(rng: () => number): number {
  const u = 1 - rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}
