// The gate against a baseline checkout, on recorded rounds: which side is
// measured when, how the rounds pool, and what it fails. No timing of this
// machine is asserted here.
import { describe, expect, test } from 'vitest';
import { benchAgainstCheckout, sideOrder, type SideName } from './against.ts';
import { compareWithBaseline } from './gate.ts';
import { reportOf } from './run.ts';
import type { BenchReport, BenchResult } from './report.ts';
import { median } from './stats.ts';

const QUIET = [0.2, 0.198, 0.203, 0.201, 0.197, 0.204, 0.2, 0.199, 0.202];
const scaled = (xs: number[], f: number) => xs.map((x) => x * f);

function result(id: string, cpu: number[]): BenchResult {
  return {
    id, suite: id.split('.')[0]!, label: id, unit: 'ms', value: 100, values: cpu.map(() => 100),
    ratio: median(cpu), ratios: cpu, gated: true, cpuValues: cpu.map(() => 90), cpuRatios: cpu, cpuRatio: median(cpu),
  };
}

/**
 * A stand-in for the two checkouts: `speed(side, call)` scales the recorded
 * rounds of each measurement, as a machine or a code change would.
 */
function sides(speed: (side: SideName, call: number) => number) {
  const asked: [SideName, string[] | undefined][] = [];
  const measure = async (side: SideName, only: string[] | undefined): Promise<BenchReport> => {
    asked.push([side, only]);
    const f = speed(side, asked.length - 1);
    const all = [result('engine.a.step', scaled(QUIET, f)), result('scenario.load', scaled(QUIET, f))];
    return reportOf(all.filter((r) => !only || only.includes(r.suite)), true);
  };
  return { asked, measure };
}

describe('sideOrder', () => {
  test('alternates baseline and current so that a steady drift falls on both alike', () => {
    expect(sideOrder(1)).toEqual(['baseline', 'current']);
    expect(sideOrder(2)).toEqual(['baseline', 'current', 'current', 'baseline']);
    expect(sideOrder(3)).toEqual(['baseline', 'current', 'current', 'baseline', 'baseline', 'current']);
  });
});

describe('benchAgainstCheckout', () => {
  test('passes unchanged code on a machine 40% slower than the one that wrote the stored baseline, which the stored figures would fail', async () => {
    const stored = reportOf([result('engine.a.step', QUIET), result('scenario.load', QUIET)], true);
    const { asked, measure } = sides(() => 1.4);
    const { comparison, report, baseline } = await benchAgainstCheckout(measure, { quick: true });
    expect(asked.slice(0, 4).map(([s]) => s)).toEqual(['baseline', 'current', 'current', 'baseline']);
    expect(comparison.regressions).toEqual([]);
    expect(comparison.compared).toHaveLength(2);
    // Both sides pool their two processes' rounds.
    expect(report.results[0]!.cpuRatios).toHaveLength(18);
    expect(baseline.results[0]!.cpuRatios).toHaveLength(18);
    expect(compareWithBaseline(stored, report).regressions.map((r) => r.id)).toEqual(['engine.a.step', 'scenario.load']);
  });

  test('fails code 30% slower than the baseline checkout, after measuring the suites beyond the threshold again on both sides', async () => {
    const { asked, measure } = sides((side) => (side === 'current' ? 1.3 : 1));
    const { comparison } = await benchAgainstCheckout(measure, { quick: true });
    expect(comparison.regressions.map((r) => r.id)).toEqual(['engine.a.step', 'scenario.load']);
    expect(comparison.regressions[0]!.change).toBeCloseTo(0.3, 6);
    expect(asked.slice(4)).toEqual([['current', ['engine', 'scenario']], ['baseline', ['engine', 'scenario']]]);
  });

  test('clears a slow stretch that hit one current process when both sides are measured again', async () => {
    // The first current process ran during a slow stretch of the machine (40%); the rest did not.
    const { asked, measure } = sides((side, call) => (side === 'current' && call === 1 ? 1.4 : 1));
    const { comparison } = await benchAgainstCheckout(measure, { quick: true, pairs: 1 });
    expect(asked.slice(0, 4).map(([s]) => s)).toEqual(['baseline', 'current', 'current', 'baseline']);
    expect(comparison.regressions).toEqual([]);
  });

  test('measures a slowdown near the threshold again until its interval leaves the threshold, and fails it', async () => {
    // Code 30% slower; its second process ran during a slow stretch (x1.6
    // in all) and its first during a fast one, so the first four processes
    // leave the change undecided: the interval holds the threshold.
    const { asked, measure } = sides((side, call) => (side === 'baseline' ? 1 : call === 1 ? 1.0 : call === 2 ? 1.6 : 1.3));
    const { comparison } = await benchAgainstCheckout(measure, { quick: true });
    expect(comparison.regressions.map((r) => r.id)).toEqual(['engine.a.step', 'scenario.load']);
    const step = comparison.regressions[0]!;
    expect(step.low!).toBeGreaterThan(0.15);
    expect(step.change).toBeCloseTo(0.3, 1);
    // More than the one confirming pair the gate used to stop at, each pair ABBA.
    expect(asked.length).toBeGreaterThan(6);
    expect(asked.slice(4, 8).map(([s]) => s)).toEqual(['current', 'baseline', 'baseline', 'current']);
  });

  test('keeps measuring a slowdown that three confirming pairs left undecided, and fails it', async () => {
    // Code 30% slower, measured while the machine swung: the current side's
    // first four processes ran alternately in fast and slow stretches (x1.1,
    // x1.5 of the baseline's speed), then the machine settled. After three
    // confirming pairs the interval still held the threshold (+30%, +11.7%
    // .. +47.7%) and the gate passed it, as a 30% slowdown once passed beside
    // two busy processes (+28.9%, +12.0% .. +45.3%).
    const speeds = [1.1, 1.5, 1.1, 1.5];
    let current = 0;
    const { asked, measure } = sides((side) => (side === 'baseline' ? 1 : speeds[current++] ?? 1.3));
    const { comparison } = await benchAgainstCheckout(measure, { quick: true });
    // 4 processes, then more than three confirming pairs.
    expect(asked.length).toBeGreaterThan(4 + 2 * 3);
    const step = comparison.regressions.find((r) => r.id === 'engine.a.step');
    expect(step?.low).toBeGreaterThan(0.15);
  });

  test('fails at once, without measuring again, when told not to confirm', async () => {
    const { asked, measure } = sides((side) => (side === 'current' ? 1.3 : 1));
    const { comparison } = await benchAgainstCheckout(measure, { quick: true, confirm: false });
    expect(asked).toHaveLength(4);
    expect(comparison.regressions).toHaveLength(2);
  });
});
