// Adaptive ABC-SMC (APMC: Lenormand, Jabot & Deffuant 2013, "Adaptive
// approximate Bayesian computation for complex models", Comput. Stat. 28),
// built on ABC-PMC (Beaumont, Cornuet, Marin & Robert 2009, Biometrika 96).
// Each generation proposes a fixed batch of particles (so a generation runs
// on a pool or as shards), keeps the best share alpha of old and new
// particles, and sets the next tolerance to the distance of the last one
// kept. It stops when every kept particle is consistent with every target
// (distance <= targetDistance) or when too few new particles are accepted.
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
}

export const DEFAULT_ABC: AbcSettings = { populationSize: 100, keepShare: 0.5, minAcceptance: 0.05, targetDistance: 1, maxGenerations: 12, seed: 1 };

export interface Particle {
  /** Parameter values in the order of the priors. */
  values: number[];
  distance: number;
  weight: number;
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
  done: boolean;
  /** Why the run stopped, when done. */
  stop?: 'consistent' | 'acceptance' | 'generations';
}

/** How many particles generation g proposes. */
export function batchSize(settings: AbcSettings, generation: number): number {
  return generation === 0 ? settings.populationSize : settings.populationSize - keptCount(settings);
}

export function keptCount(settings: AbcSettings): number {
  return Math.max(2, Math.round(settings.populationSize * settings.keepShare));
}

/** The parameter vectors generation g evaluates: from the priors first, then perturbed survivors. */
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
  const kernel = kernelOf(previous.particles, priors);
  const cumulative = cumulativeWeights(previous.particles);
  for (let i = 0; i < n; i++) {
    const rng = stream(settings.seed, generation, i);
    // Redraw until inside the prior's box: the uniform prior is zero outside.
    for (let attempt = 0; ; attempt++) {
      const ancestor = previous.particles[pick(cumulative, rng())]!;
      const z = priors.map(() => normal(rng));
      const x = ancestor.values.map((v, k) => v + kernel.chol[k]!.reduce((s, l, j) => s + l * z[j]!, 0));
      if (inside(x, priors) || attempt >= 1000) {
        out.push(attempt >= 1000 ? ancestor.values.slice() : x);
        break;
      }
    }
  }
  return out;
}

/**
 * The next population from the previous one and this generation's evaluated
 * proposals (distances in proposal order).
 */
export function advance(settings: AbcSettings, priors: ParameterSpec[], generation: number, previous: Population | null, proposals: number[][], distances: number[]): Population {
  const fresh: Particle[] = proposals.map((values, index) => ({ values, distance: distances[index]!, weight: 1, generation, index }));
  if (previous !== null) {
    const kernel = kernelOf(previous.particles, priors);
    const total = previous.particles.reduce((s, p) => s + p.weight, 0);
    for (const p of fresh) {
      // Importance weight of a uniform prior: 1 / (the proposal's density at the particle).
      let density = 0;
      for (const q of previous.particles) density += (q.weight / total) * kernel.density(p.values, q.values);
      p.weight = density > 0 ? 1 / density : 0;
    }
  }
  const pool = [...(previous?.particles ?? []), ...fresh];
  // Ties broken by identity, so the order of evaluation never matters.
  pool.sort((a, b) => a.distance - b.distance || a.generation - b.generation || a.index - b.index);
  const keep = Math.min(keptCount(settings), pool.length);
  const epsilon = pool[keep - 1]!.distance;
  const kept = pool.filter((p) => p.distance <= epsilon && Number.isFinite(p.distance));
  const acceptance = previous === null ? 1 : fresh.filter((p) => p.distance <= epsilon).length / Math.max(1, fresh.length);
  const consistent = epsilon <= settings.targetDistance;
  const stop = consistent ? 'consistent' : acceptance < settings.minAcceptance ? 'acceptance' : generation + 1 >= settings.maxGenerations ? 'generations' : undefined;
  return { generation, particles: normalise(kept), epsilon, acceptance, done: stop !== undefined, ...(stop ? { stop } : {}) };
}

function normalise(particles: Particle[]): Particle[] {
  const total = particles.reduce((s, p) => s + p.weight, 0);
  return particles.map((p) => ({ ...p, weight: total > 0 ? p.weight / total : 1 / particles.length }));
}

/** Gaussian kernel with twice the weighted covariance of the particles (Beaumont et al. 2009). */
function kernelOf(particles: Particle[], priors: ParameterSpec[]): { chol: number[][]; density: (x: number[], centre: number[]) => number } {
  const d = priors.length;
  const total = particles.reduce((s, p) => s + p.weight, 0);
  const mean = Array.from({ length: d }, (_, k) => particles.reduce((s, p) => s + p.weight * p.values[k]!, 0) / total);
  const cov = Array.from({ length: d }, (_, a) =>
    Array.from({ length: d }, (_, b) => (2 * particles.reduce((s, p) => s + p.weight * (p.values[a]! - mean[a]!) * (p.values[b]! - mean[b]!), 0)) / total),
  );
  // A floor on each variance (1e-4 of the prior's width squared) keeps a collapsed population moving.
  priors.forEach((p, k) => (cov[k]![k]! += 1e-4 * (p.hi - p.lo) ** 2));
  const chol = cholesky(cov);
  const logDet = 2 * chol.reduce((s, row, k) => s + Math.log(row[k]!), 0);
  const norm = -0.5 * (d * Math.log(2 * Math.PI) + logDet);
  return {
    chol,
    density: (x, centre) => {
      const y = solveLower(chol, x.map((v, k) => v - centre[k]!));
      return Math.exp(norm - 0.5 * y.reduce((s, v) => s + v * v, 0));
    },
  };
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

function inside(x: number[], priors: ParameterSpec[]): boolean {
  return x.every((v, k) => v >= priors[k]!.lo && v <= priors[k]!.hi);
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
