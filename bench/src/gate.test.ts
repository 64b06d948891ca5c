import { beforeAll, describe, expect, test } from 'vitest';
import { benchAgainstBaseline, compareWithBaseline } from './gate.ts';
import { reportOf, runBench, type BenchOptions } from './run.ts';
import type { BenchReport, BenchResult } from './report.ts';

function result(id: string, ratio: number | null, value: number, gated = true): BenchResult {
  return { id, suite: id.split('.')[0]!, label: id, unit: ratio === null ? 'bytes' : 'ms', value, values: [value], ratio, ratios: ratio === null ? [] : [ratio], gated };
}

describe('compareWithBaseline', () => {
  const baseline = reportOf([
    result('engine.a.step', 0.8, 100),
    result('memory.state-per-shopper', null, 53),
    result('engine.small.step', 1, 5, false),
    result('cli.run-first-result', 10, 2000),
  ], true);

  test('flags a ratio that got worse by more than the threshold, whatever the machine speed', () => {
    // Twice as slow in milliseconds, but so was the reference: no regression.
    const sameRatio = reportOf([result('engine.a.step', 0.8, 200), result('memory.state-per-shopper', null, 53), result('cli.run-first-result', 10, 2000)], true);
    expect(compareWithBaseline(baseline, sameRatio).regressions).toEqual([]);
    const slower = reportOf([result('engine.a.step', 0.8 * 1.2, 100), result('memory.state-per-shopper', null, 53), result('cli.run-first-result', 10, 2000)], true);
    expect(compareWithBaseline(baseline, slower).regressions.map((r) => r.id)).toEqual(['engine.a.step']);
    expect(compareWithBaseline(baseline, slower, 0.25).regressions).toEqual([]);
  });

  test('gates memory on its value and ignores figures the baseline does not gate', () => {
    const bigger = reportOf([result('engine.a.step', 0.8, 100), result('memory.state-per-shopper', null, 70), result('engine.small.step', 9, 50, false), result('cli.run-first-result', 10, 2000)], true);
    const c = compareWithBaseline(baseline, bigger);
    expect(c.regressions.map((r) => [r.id, r.basis])).toEqual([['memory.state-per-shopper', 'value']]);
  });

  test('lists gated figures this run did not measure', () => {
    const partial = reportOf([result('engine.a.step', 0.8, 100)], true);
    expect(compareWithBaseline(baseline, partial).missing).toEqual(['memory.state-per-shopper', 'cli.run-first-result']);
  });
});

// The gate end to end, through the same suite code as `shopsim bench --compare`:
// a baseline of the real engine, then the engine made to do two more hashed
// draws per shopper-day (real work inside the timed stepping, not a faked figure).
describe('the engine gate', () => {
  const options: BenchOptions = { quick: true, only: ['engine'], sizes: [100_000], scenarios: ['2024'] };
  let baseline: BenchReport;
  beforeAll(async () => {
    baseline = await runBench(options);
  });

  test('fails on an engine slowed by two extra draws per shopper-day', async () => {
    const { comparison } = await benchAgainstBaseline(baseline, { ...options, extraDraws: 2 });
    const regressed = comparison.regressions.map((r) => r.id);
    expect(regressed).toContain('engine.2024.100k.step');
    expect(regressed).toContain('engine.2024.100k.total');
  });

  test('passes the unchanged engine', async () => {
    const { comparison } = await benchAgainstBaseline(baseline, options);
    expect(comparison.compared.map((c) => c.id)).toContain('engine.2024.100k.step');
    expect(comparison.regressions).toEqual([]);
  });
});
