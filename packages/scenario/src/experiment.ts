// Experiments in the vocabulary of exploratory modelling: policies (levers the
// strategist controls) crossed with uncertainties (what nobody controls), each
// a list, a grid, or random / latin-hypercube samples over key paths; the
// expanded run list says exactly what runs.
import seedrandom from 'seedrandom';
import type { ExperimentDocument, FactorGroupDocument } from './schema.ts';

export type ParamValue = number | string | boolean;
export type Params = Record<string, ParamValue>;

export interface FactorRange {
  min: number;
  max: number;
  integer?: boolean | undefined;
}

/** One group of factors: exactly one of the four designs. */
export type FactorGroup =
  | { list: Params[] }
  | { grid: Record<string, ParamValue[] | { from: number; to: number; steps: number }> }
  | { random: { n: number; ranges: Record<string, FactorRange> } }
  | { 'latin-hypercube': { n: number; ranges: Record<string, FactorRange> } };

export interface Experiment {
  policies?: FactorGroup;
  uncertainties?: FactorGroup;
  combine: 'factorial' | 'sampled' | 'paired';
  /** Design points drawn when combine is sampled. */
  samples?: number;
  /** Runs per design point (seeds 1..replications); absent: the scenario's seeds. */
  replications?: number;
  /** Seed of the random and latin-hypercube draws. */
  seed: number;
}

export interface RunSpec {
  /** Global index of the run, from 0. */
  run: number;
  /** Index of the design point, from 0. */
  point: number;
  /** Key path -> value of this design point (overrides of the scenario file). */
  params: Params;
  /** Index of the replication within the point, from 0. */
  replication: number;
  seed: number;
}

/** Most design points an experiment may expand to. */
export const MAX_DESIGN_POINTS = 1_000_000;
/** Most runs (design points x seeds) an experiment may expand to. */
export const MAX_RUNS = 1_000_000;
/** Most values of one grid factor ({ from, to, steps }). */
export const MAX_GRID_STEPS = 10_000;
/** Most seeds (replications) of one scenario or design point. */
export const MAX_SEEDS = 100_000;

export function toExperiment(doc: ExperimentDocument): Experiment {
  const e: Experiment = { combine: doc.combine ?? 'factorial', seed: doc.seed ?? 1 };
  if (doc.policies) e.policies = toGroup(doc.policies);
  if (doc.uncertainties) e.uncertainties = toGroup(doc.uncertainties);
  if (doc.samples !== undefined) e.samples = doc.samples;
  if (doc.replications !== undefined) e.replications = doc.replications;
  return e;
}

function toGroup(g: FactorGroupDocument): FactorGroup {
  if (g.list) return { list: g.list };
  if (g.grid) return { grid: g.grid };
  if (g.random) return { random: g.random };
  if (g['latin-hypercube']) return { 'latin-hypercube': g['latin-hypercube'] };
  throw new Error('bug: an unchecked factor group reached the experiment');
}

/** The key paths a group varies. */
export function groupPaths(g: FactorGroup | undefined): string[] {
  if (!g) return [];
  if ('list' in g) return [...new Set(g.list.flatMap((p) => Object.keys(p)))];
  if ('grid' in g) return Object.keys(g.grid);
  if ('random' in g) return Object.keys(g.random.ranges);
  return Object.keys(g['latin-hypercube'].ranges);
}

/** Number of points a group gives, without drawing them. */
export function groupSize(g: FactorGroup | undefined): number {
  if (!g) return 1;
  if ('list' in g) return g.list.length;
  if ('grid' in g) return Object.values(g.grid).reduce((n, spec) => n * (Array.isArray(spec) ? spec.length : spec.steps), 1);
  if ('random' in g) return g.random.n;
  return g['latin-hypercube'].n;
}

/** Number of design points of the experiment. */
export function designSize(e: Experiment): number {
  const p = groupSize(e.policies);
  const u = groupSize(e.uncertainties);
  if (e.combine === 'paired') return Math.max(p, u);
  if (e.combine === 'sampled') return e.samples ?? 0;
  return p * u;
}

// Evenly spaced values without 0.30000000000000004.
const tidy = (x: number) => Number(x.toPrecision(12));

export function gridValues(spec: ParamValue[] | { from: number; to: number; steps: number }): ParamValue[] {
  if (Array.isArray(spec)) return spec;
  if (spec.steps === 1) return [spec.from];
  return Array.from({ length: spec.steps }, (_, i) => tidy(spec.from + ((spec.to - spec.from) * i) / (spec.steps - 1)));
}

const scale = (r: FactorRange, u: number): number => {
  const x = r.min + (r.max - r.min) * u;
  return r.integer ? Math.min(r.max, Math.floor(r.min + (r.max - r.min + 1) * u)) : tidy(x);
};

/** The points of one group; random draws come from `rng`. */
export function groupPoints(g: FactorGroup | undefined, rng: () => number): Params[] {
  if (!g) return [{}];
  if ('list' in g) return g.list.map((p) => ({ ...p }));
  if ('grid' in g) {
    let points: Params[] = [{}];
    for (const [path, spec] of Object.entries(g.grid)) {
      const values = gridValues(spec);
      points = points.flatMap((p) => values.map((v) => ({ ...p, [path]: v })));
    }
    return points;
  }
  if ('random' in g) {
    const { n, ranges } = g.random;
    return Array.from({ length: n }, () => {
      const p: Params = {};
      for (const [path, r] of Object.entries(ranges)) p[path] = scale(r, rng());
      return p;
    });
  }
  // Latin hypercube: each range cut into n strata, each stratum used once,
  // strata shuffled independently per path, a uniform draw within each.
  const { n, ranges } = g['latin-hypercube'];
  const points: Params[] = Array.from({ length: n }, () => ({}));
  for (const [path, r] of Object.entries(ranges)) {
    const strata = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [strata[i], strata[j]] = [strata[j]!, strata[i]!];
    }
    strata.forEach((s, i) => {
      points[i]![path] = scale(r, (s + rng()) / n);
    });
  }
  return points;
}

/** The design points of an experiment, in a fixed order. */
export function designPoints(e: Experiment): Params[] {
  const policies = groupPoints(e.policies, seedrandom.alea(`shopsim-experiment:${e.seed}:policies`));
  const uncertainties = groupPoints(e.uncertainties, seedrandom.alea(`shopsim-experiment:${e.seed}:uncertainties`));
  switch (e.combine) {
    case 'factorial':
      return policies.flatMap((p) => uncertainties.map((u) => ({ ...p, ...u })));
    case 'paired': {
      const n = Math.max(policies.length, uncertainties.length);
      // A group of one point (or none) is paired with every point of the other.
      return Array.from({ length: n }, (_, i) => ({ ...policies[policies.length === 1 ? 0 : i], ...uncertainties[uncertainties.length === 1 ? 0 : i] }));
    }
    case 'sampled': {
      const rng = seedrandom.alea(`shopsim-experiment:${e.seed}:combine`);
      return Array.from({ length: e.samples ?? 0 }, () => ({
        ...policies[Math.floor(rng() * policies.length)],
        ...uncertainties[Math.floor(rng() * uncertainties.length)],
      }));
    }
  }
}

/** Seeds of an experiment's replications: 1..replications, or the scenario's. */
export function experimentSeeds(e: Experiment | undefined, scenarioSeeds: number[]): number[] {
  if (e?.replications !== undefined) return Array.from({ length: e.replications }, (_, i) => i + 1);
  return scenarioSeeds;
}

/**
 * Every run of a scenario: each design point with each seed (point-major, the
 * same seeds at every point, so points compare with common random numbers).
 * Without an experiment: one point with no params, one run per seed.
 */
export function expandRuns(scenario: { seeds: number[]; experiment?: Experiment }): RunSpec[] {
  const points = scenario.experiment ? designPoints(scenario.experiment) : [{}];
  const seeds = experimentSeeds(scenario.experiment, scenario.seeds);
  const runs: RunSpec[] = [];
  points.forEach((params, point) => {
    seeds.forEach((seed, replication) => {
      runs.push({ run: runs.length, point, params, replication, seed });
    });
  });
  return runs;
}
