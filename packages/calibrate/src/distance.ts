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
import type { TargetResult } from './evaluate.ts';
import { centreOf, type Target } from './targets.ts';

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

/** Per measured target: its implausibility; and the distance, their maximum. */
export function distanceOf(results: TargetResult[], discrepancy: number): { distance: number; byTarget: Record<string, number> } {
  const byTarget: Record<string, number> = {};
  let distance = 0;
  for (const r of results) {
    if (!r.simulated) continue;
    const se = r.simulated.n > 1 ? r.simulated.sd / Math.sqrt(r.simulated.n) : 0;
    const i = implausibility(r.target, r.simulated.mean, se, discrepancy);
    byTarget[r.target.id] = i;
    distance = Math.max(distance, i);
  }
  return { distance, byTarget };
}
