// When is a target steady? check and the fit judge a drift between two
// measured windows the way they judge a level: by its CI, against what the
// target needs. Two cases the first rule (|mean drift| <= half the scale)
// judged wrongly, both seen in the full-size check of the v2 ensemble
// (docs/calibration.md, "Steady state"):
// - a one-sided target ("orders rise") met by a wide margin: the São Paulo
//   warehouse's +85% falling by 10 points a year was "not steady" against an
//   allowance of 2.5 points, though no drift of that pace can turn it;
// - a drift whose CI straddles the allowance (a few hundred rated returns
//   per run) was "not steady" on its noisy mean alone; it is unsure.
import { statOf } from '@shopsim/runner';
import { describe, expect, it } from 'vitest';
import { distanceOf, driftImplausibility } from './distance.ts';
import { driftOf, judge, withDrift } from './evaluate.ts';
import { levelTarget, parseTargets, steadyDriftOf } from './targets.ts';

const [ordersUp] = parseTargets('lever_effects: [{ id: w, kpi: orders, effect: { direction: up } }]');
const [speedWins] = parseTargets('lever_effects: [{ id: p, kpi: orders, effect: { ratio_at_most: 1.0 } }]');
const repurchase = levelTarget('2024', 'repurchase_rate', 0.35, 0.03);
// Ten seeds' drifts around a mean, spread +-0.01: a narrow CI.
const drifts = (mean: number) => [-0.01, 0.01, -0.005, 0.005, 0, 0.002, -0.002, 0.008, -0.008, 0].map((d) => mean + d);

describe('steady state of a target', () => {
  it('allows a one-sided target met by a wide margin a drift that cannot turn it, and no more', () => {
    // +85% orders, -10 points a year: two more years at that pace stay far above 0.
    expect(driftOf(ordersUp!, statOf(drifts(-0.1)), 0.85).verdict).toBe('steady');
    // +15% orders, -10 points a year: would cross 0 within two years.
    expect(driftOf(ordersUp!, statOf(drifts(-0.1)), 0.15).verdict).toBe('not steady');
    // Near the bound the allowance is half the one-sided scale, as before.
    expect(steadyDriftOf(ordersUp!, 0.01)).toBe(ordersUp!.scale / 2);
    // The same rule from above: speed wins by 30%, drifting +10 points a year.
    expect(driftOf(speedWins!, statOf(drifts(0.1)), -0.3).verdict).toBe('steady');
    expect(driftOf(speedWins!, statOf(drifts(0.1)), -0.1).verdict).toBe('not steady');
    // A two-sided level keeps half its tolerance whatever its mean.
    expect(steadyDriftOf(repurchase, 0.35)).toBeCloseTo(0.015, 12);
    expect(steadyDriftOf(repurchase, 0.2)).toBeCloseTo(0.015, 12);
  });

  it('calls a drift whose CI straddles the allowance unsure: a passing level becomes inconclusive, not "not steady"', () => {
    const level = judge(repurchase, ['s'], [0.35, 0.351, 0.349, 0.35, 0.352, 0.348, 0.35, 0.35, 0.351, 0.349]);
    expect(level.status).toBe('pass');
    // Mean drift 0.02 beyond the allowance 0.015, but the seeds scatter by +-0.03.
    const noisy = driftOf(repurchase, statOf([0.05, -0.01, 0.05, -0.01, 0.05, -0.01, 0.05, -0.01, 0.05, -0.01]), 0.35);
    expect(noisy.stat.mean).toBeGreaterThan(noisy.allowed);
    expect(noisy.verdict).toBe('unsure');
    expect(withDrift({ ...level }, noisy).status).toBe('inconclusive');
    // Sure of it: the same mean drift, measured tightly, is not steady.
    const sure = driftOf(repurchase, statOf(drifts(0.03)), 0.35);
    expect(sure.verdict).toBe('not steady');
    expect(withDrift({ ...level }, sure).status).toBe('not steady');
    // A fail stays a fail.
    const missed = judge(repurchase, ['s'], drifts(0.45));
    expect(withDrift(missed, sure).status).toBe('fail');
  });

  it('gives the fit the same allowance: the warehouse drift counts in the distance only near the bound', () => {
    const result = (mean: number) => ({ ...judge(ordersUp!, ['a', 'b'], drifts(mean)), drift: driftOf(ordersUp!, statOf(drifts(-0.1)), mean) });
    expect(distanceOf([result(0.85)], 0.25).distance).toBeLessThan(1);
    expect(driftImplausibility(ordersUp!, statOf(drifts(-0.1)), 0.15)).toBeGreaterThan(1);
    expect(distanceOf([result(0.15)], 0.25).distance).toBeGreaterThan(1);
  });
});
