// The ABC distance judges drift as well as level: a behaviour whose KPIs
// still move after the warm-up is not accepted for what its first window
// happened to show (issue 14: members starting far below their settled trust
// drift for years, docs/calibration.md "Why the members drift").
import { defaultScenario, type SimConfig } from '@shopsim/core';
import { statOf } from '@shopsim/runner';
import { describe, expect, it } from 'vitest';
import { distanceOf, driftImplausibility, implausibility } from './distance.ts';
import { driftOf, evaluateTargets, type TargetResult } from './evaluate.ts';
import { levelTarget } from './targets.ts';

// The 2024 repurchase target of the report: 0.35 +- 0.03.
const repurchase = levelTarget('T', 'repurchase_rate', 0.35, 0.03);

function result(mean: number, drifts?: number[]): TargetResult {
  const r: TargetResult = { target: repurchase, scenarios: ['s'], values: [mean, mean], simulated: statOf([mean, mean]), status: 'pass' };
  if (drifts) r.drift = driftOf(repurchase, statOf(drifts), mean);
  return r;
}

describe('the ABC distance', () => {
  it('counts a drift beyond half the target scale, allowing its seed noise', () => {
    // A level at the edge of the report's tolerance: its implausibility is just under 1.
    const level = implausibility(repurchase, 0.38, 0, 0.25);
    expect(level).toBeGreaterThan(0.9);
    expect(distanceOf([result(0.38)], 0.25).distance).toBe(level);
    // A drift of a fifth of the scale is steady: the level decides.
    expect(distanceOf([result(0.38, [0.006, 0.006, 0.006])], 0.25).distance).toBe(level);
    // A drift of the whole scale, measured without noise: twice what steady allows.
    expect(distanceOf([result(0.38, [0.03, 0.03, 0.03])], 0.25).distance).toBeCloseTo(2, 10);
    expect(distanceOf([result(0.38, [-0.03, -0.03, -0.03])], 0.25).distance).toBeCloseTo(2, 10);
    // The same mean drift from noisy seeds is less sure, so it counts less.
    const noisy = driftImplausibility(repurchase, statOf([0.0, 0.03, 0.06]), 0.35);
    expect(noisy).toBeLessThan(2);
    expect(noisy).toBeGreaterThan(1);
  });

  it('takes the seed noise as at least the reference\'s: two seeds that happen to agree do not make a near miss implausible', () => {
    // Two seeds one hundredth apart, 0.05 beyond the centre: their own standard error is 0.005.
    const lucky: TargetResult = { ...result(0.40), values: [0.395, 0.405], simulated: statOf([0.395, 0.405]) };
    const own = distanceOf([lucky], 0.25).distance;
    // The spread per seed this target has at the reference behaviour, from 10 seeds: 0.04.
    const referenced = distanceOf([lucky], 0.25, { [repurchase.id]: { level: 0.04 } }).distance;
    expect(referenced).toBeCloseTo(0.05 / Math.sqrt(0.03 ** 2 + (0.25 * 0.03) ** 2 + 0.04 ** 2 / 2), 10);
    expect(referenced).toBeLessThan(own);
    // A particle noisier than the reference keeps its own standard error.
    const noisy: TargetResult = { ...result(0.40), values: [0.30, 0.50], simulated: statOf([0.30, 0.50]) };
    expect(distanceOf([noisy], 0.25, { [repurchase.id]: { level: 0.04 } }).distance).toBe(distanceOf([noisy], 0.25).distance);
    // The same for a drift: the reference spread of the drift per seed.
    const drifting = result(0.35, [0.02, 0.0201]);
    expect(distanceOf([drifting], 0.25, { [repurchase.id]: { level: 0, drift: 0.03 } }).distance).toBeLessThan(distanceOf([drifting], 0.25).distance);
  });

  it('rejects a low-initialTrust behaviour whose repurchase still rises after the 540-day warm-up, and keeps the shipped one', () => {
    // The built-in 2024 scenario, measured as the fit measures it when judging drift: warm-up, then two windows of 365 days.
    const measured = (initialTrust: number): TargetResult => {
      const base = defaultScenario();
      const config: SimConfig = { ...base, shoppers: 20_000, warmupDays: 540, days: 540 + 730, behaviour: { ...base.behaviour, initialTrust } };
      return evaluateTargets([{ name: 'T', config, calibration: { year: 'T' } }], [repurchase], { seeds: [1, 2, 3], halves: true })[0]!;
    };
    const low = measured(0.05);
    const shipped = measured(defaultScenario().behaviour.initialTrust);
    const lowDrift = driftImplausibility(repurchase, low.drift!.stat, low.simulated!.mean);
    // Shoppers who start far below their settled trust keep buying more for years (0.350 -> 0.425 -> 0.481 at 540/1,095/1,825 days).
    expect(low.drift!.stat.lo).toBeGreaterThan(repurchase.scale / 2);
    expect(lowDrift).toBeGreaterThan(1);
    expect(distanceOf([low], 0.25).distance).toBeGreaterThanOrEqual(lowDrift);
    expect(driftImplausibility(repurchase, shipped.drift!.stat, shipped.simulated!.mean)).toBeLessThanOrEqual(1);
  });
});
