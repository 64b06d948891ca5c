// The distance of ABC: the largest implausibility over the targets (Vernon,
// Goldstein & Bower 2010, "Galaxy formation: a Bayesian uncertainty analysis",
// Bayesian Analysis 5). A target's implausibility is its simulated mean's
// miss divided by the uncertainty that is not the parameters' fault:
//   two-sided:  |mean - centre| / sqrt(halfWidth^2 + (discrepancy * scale)^2 + se^2)
//   one-sided:  miss beyond the bound / sqrt((discrepancy * scale)^2 + se^2)
// halfWidth is the report's tolerance, se the seed noise of the mean (its
// standard error over the seeds) and discrepancy the stated model
// discrepancy as a share of the target's scale. A distance <= 1 means every
// target is met once that uncertainty is allowed for.
//
// When the runs measured two windows (steady state judged), a target's drift
// (second window minus first, per seed) counts too: its implausibility is
// |mean drift| / sqrt(allowed^2 + se^2), at most 1 when the drift is within
// what check calls steady (half the target's scale; for a one-sided target
// met with room, half its margin: targets.ts steadyDriftOf), allowing seed
// noise. A behaviour whose KPIs still move after the warm-up (shoppers
// starting far from their settled trust take years) is not accepted for its
// first window.
//
// The seed noise in the denominators is the larger of the particle's own
// standard error and a reference one: the spread per seed of each target at
// the scenarios' own behaviour, measured once per fit on 10 seeds
// (SeedNoise). With the fit's two seeds a particle's own standard error has
// one degree of freedom: two seeds that happen to agree make it near 0 and
// the implausibility a t statistic with one degree of freedom, heavy-tailed:
// the same behaviour scored 0.5 to 6.6 on 2019 CSAT's drift across six seed
// pairs, and the fit kept the behaviours whose seeds were lucky
// (docs/calibration.md, "Seed noise").
import type { TargetResult } from './evaluate.ts';
import { centreOf, steadyDriftOf, type Target } from './targets.ts';
import { seedRange, type Stat } from '@shopsim/runner';

export function implausibility(target: Target, mean: number, standardError: number, discrepancy: number): number {
  if (!Number.isFinite(mean)) return Infinity;
  const se = Number.isFinite(standardError) ? standardError : 0;
  const model = discrepancy * target.scale;
  const [lo, hi] = target.range;
  if (Number.isFinite(lo) && Number.isFinite(hi)) {
    const half = (hi - lo) / 2;
    return Math.abs(mean - centreOf(target)) / Math.sqrt(half * half + model * model + se * se);
  }
  const beyond = Math.max(0, lo - mean, mean - hi);
  const denominator = Math.sqrt(model * model + se * se);
  return beyond === 0 ? 0 : denominator > 0 ? beyond / denominator : Infinity;
}

/** Per target id: the standard deviation per seed of its level (or effect) and of its drift, at a reference behaviour. */
export type SeedNoise = Record<string, { level: number; drift?: number }>;

/** Each measured target's spread per seed, level and drift: the reference seed noise, from results on NOISE_SEEDS seeds. */
export function seedNoiseOf(results: TargetResult[]): SeedNoise {
  const noise: SeedNoise = {};
  for (const r of results) {
    if (r.simulated) noise[r.target.id] = { level: r.simulated.sd, ...(r.drift ? { drift: r.drift.stat.sd } : {}) };
  }
  return noise;
}

/** Seeds the reference seed noise is measured on (calibrate --ensemble): ten give its spread nine degrees of freedom. */
export const NOISE_SEEDS = 10;

/** The reference seeds: the NOISE_SEEDS seeds after the fit's own, so the reference never shares a draw with a particle. */
export function referenceSeeds(seeds: number[]): number[] {
  return seedRange(Math.max(...seeds) + 1, NOISE_SEEDS);
}

/** How far a target's drift between the two measured windows is beyond steady, allowing seed noise; mean: the target's simulated mean. */
export function driftImplausibility(target: Target, drift: Stat, mean: number, referenceSd = 0): number {
  if (!Number.isFinite(drift.mean)) return Infinity;
  const allowed = steadyDriftOf(target, mean);
  const se = Math.max(standardError(drift), referenceError(referenceSd, drift.n));
  return Math.abs(drift.mean) / Math.sqrt(allowed * allowed + se * se);
}

const standardError = (s: Stat): number => (s.n > 1 && Number.isFinite(s.sd) ? s.sd / Math.sqrt(s.n) : 0);
const referenceError = (sd: number | undefined, n: number): number => (sd !== undefined && Number.isFinite(sd) && n > 0 ? sd / Math.sqrt(n) : 0);

/**
 * Per measured target: its implausibility (the larger of its level's and its
 * drift's); and the distance, their maximum. noise: the reference seed noise
 * (a particle's standard error is at least the reference's over its seeds).
 */
export function distanceOf(results: TargetResult[], discrepancy: number, noise: SeedNoise = {}): { distance: number; byTarget: Record<string, number> } {
  const byTarget: Record<string, number> = {};
  let distance = 0;
  for (const r of results) {
    if (!r.simulated) continue;
    const reference = noise[r.target.id];
    const se = Math.max(standardError(r.simulated), referenceError(reference?.level, r.simulated.n));
    const level = implausibility(r.target, r.simulated.mean, se, discrepancy);
    const i = r.drift ? Math.max(level, driftImplausibility(r.target, r.drift.stat, r.simulated.mean, reference?.drift)) : level;
    byTarget[r.target.id] = i;
    distance = Math.max(distance, i);
  }
  return { distance, byTarget };
}
