// The gate's machinery on recorded rounds: no timing of this machine is
// asserted anywhere here (the gate itself runs in `pnpm bench --compare` and
// in CI as its own step; bench/src/noise.ts measures its error rates).
import { describe, expect, test } from 'vitest';
import { benchAgainstBaseline, changeInterval, compareWithBaseline, judge } from './gate.ts';
import { sampleAgainstReference } from './harness.ts';
import { reportOf, type BenchOptions } from './run.ts';
import type { BenchReport, BenchResult } from './report.ts';
import { median } from './stats.ts';

/** A result from recorded per-round ratios (wall clock, and CPU clock when given). */
function result(id: string, ratios: number[], options: { cpu?: number[]; gated?: boolean } = {}): BenchResult {
  const r: BenchResult = {
    id, suite: id.split('.')[0]!, label: id, unit: 'ms', value: 100, values: ratios.map(() => 100),
    ratio: median(ratios), ratios, gated: options.gated ?? true,
  };
  if (options.cpu) Object.assign(r, { cpuValues: options.cpu.map(() => 90), cpuRatios: options.cpu, cpuRatio: median(options.cpu) });
  return r;
}

function bytes(id: string, values: number[]): BenchResult {
  return { id, suite: 'memory', label: id, unit: 'bytes', value: median(values), values, ratio: null, ratios: [], gated: true };
}

const scaled = (xs: number[], f: number) => xs.map((x) => x * f);
// Nine rounds of a quiet machine: ratios within about 2% of 0.2.
const QUIET = [0.2, 0.198, 0.203, 0.201, 0.197, 0.204, 0.2, 0.199, 0.202];
// Nine rounds of a busy one, about the same median but scattered by up to 2x.
const BUSY = [0.19, 0.31, 0.2, 0.42, 0.18, 0.26, 0.21, 0.35, 0.17];

describe('changeInterval', () => {
  test('is a single point when every round agrees, and the same interval for the same rounds', () => {
    expect(changeInterval([0.2, 0.2, 0.2], [0.3, 0.3, 0.3])[0]).toBeCloseTo(0.5, 12);
    expect(changeInterval([0.2, 0.2, 0.2], [0.3, 0.3, 0.3])[1]).toBeCloseTo(0.5, 12);
    expect(changeInterval(QUIET, BUSY)).toEqual(changeInterval(QUIET, BUSY));
  });

  test('holds the true change, and is wider for scattered rounds than for steady ones', () => {
    const [lo, hi] = changeInterval(QUIET, scaled(QUIET, 1.3));
    expect(lo).toBeLessThanOrEqual(0.3);
    expect(hi).toBeGreaterThanOrEqual(0.3);
    const [blo, bhi] = changeInterval(QUIET, BUSY);
    expect(bhi - blo).toBeGreaterThan(3 * (hi - lo));
  });
});

describe('judge', () => {
  test('fails only a change beyond the threshold whose whole interval is beyond it too', () => {
    expect(judge(0.1, 0.05, 0.15)).toBe('ok');
    expect(judge(0.3, 0.05, 0.15)).toBe('noise');
    expect(judge(0.3, 0.2, 0.15)).toBe('regression');
    // A figure with no rounds to resample (bytes of state) is judged on its value.
    expect(judge(0.3, null, 0.15)).toBe('regression');
  });
});

describe('compareWithBaseline', () => {
  const baseline = reportOf([
    result('engine.a.step', QUIET, { cpu: QUIET }),
    bytes('memory.state-per-shopper', [53]),
    result('engine.small.step', QUIET, { gated: false }),
    result('cli.run-first-result', scaled(QUIET, 50)),
  ], true);
  const current = (step: BenchResult, more: BenchResult[] = []) =>
    reportOf([step, bytes('memory.state-per-shopper', [53]), result('cli.run-first-result', scaled(QUIET, 50)), ...more], true);

  test('fails a steady 30% slowdown and passes the same rounds unchanged', () => {
    const slow = compareWithBaseline(baseline, current(result('engine.a.step', QUIET, { cpu: scaled(QUIET, 1.3) })));
    expect(slow.regressions.map((r) => [r.id, r.basis])).toEqual([['engine.a.step', 'cpu ratio']]);
    expect(slow.regressions[0]!.change).toBeCloseTo(0.3, 6);
    expect(compareWithBaseline(baseline, current(result('engine.a.step', QUIET, { cpu: QUIET }))).regressions).toEqual([]);
    expect(compareWithBaseline(baseline, current(result('engine.a.step', QUIET, { cpu: scaled(QUIET, 1.3) })), 0.35).regressions).toEqual([]);
  });

  test('calls a median beyond the threshold noise when the rounds scatter back within it', () => {
    const noisy = scaled(BUSY, 1.2 * median(QUIET) / median(BUSY));
    const c = compareWithBaseline(baseline, current(result('engine.a.step', QUIET, { cpu: noisy })));
    const step = c.compared.find((x) => x.id === 'engine.a.step')!;
    expect(step.change).toBeCloseTo(0.2, 6);
    expect(step.low!).toBeLessThan(0.15);
    expect(step.verdict).toBe('noise');
    expect(c.regressions).toEqual([]);
  });

  test('judges on the CPU clock where both runs have it, showing the wall clock beside it', () => {
    // Wall clock 60% slower (other processes held the core), CPU clock unchanged: no regression.
    const c = compareWithBaseline(baseline, current(result('engine.a.step', scaled(QUIET, 1.6), { cpu: QUIET })));
    const step = c.compared.find((x) => x.id === 'engine.a.step')!;
    expect(step.basis).toBe('cpu ratio');
    expect(step.wallChange).toBeCloseTo(0.6, 6);
    expect(c.regressions).toEqual([]);
  });

  test('falls back to the wall clock against a baseline written before CPU time was measured', () => {
    const old = reportOf([result('engine.a.step', QUIET)], true);
    const c = compareWithBaseline(old, reportOf([result('engine.a.step', scaled(QUIET, 1.3), { cpu: QUIET })], true));
    expect(c.regressions.map((r) => [r.id, r.basis])).toEqual([['engine.a.step', 'ratio']]);
  });

  test('gates memory on its value and ignores figures the baseline does not gate', () => {
    const bigger = reportOf([
      result('engine.a.step', QUIET, { cpu: QUIET }), bytes('memory.state-per-shopper', [70]),
      result('engine.small.step', scaled(QUIET, 9), { gated: false }), result('cli.run-first-result', scaled(QUIET, 50)),
    ], true);
    const c = compareWithBaseline(baseline, bigger);
    expect(c.regressions.map((r) => [r.id, r.basis])).toEqual([['memory.state-per-shopper', 'value']]);
  });

  test('lists gated figures this run did not measure', () => {
    const partial = reportOf([result('engine.a.step', QUIET, { cpu: QUIET })], true);
    expect(compareWithBaseline(baseline, partial).missing).toEqual(['memory.state-per-shopper', 'cli.run-first-result']);
  });
});

describe('benchAgainstBaseline', () => {
  const baseline = reportOf([result('engine.a.step', QUIET, { cpu: QUIET }), result('scenario.load', QUIET, { cpu: QUIET })], true);
  const options: BenchOptions = { quick: true };

  /** A stand-in for runBench that hands out recorded reports in turn and notes what it was asked. */
  function recorded(...reports: BenchResult[][]) {
    const asked: BenchOptions[] = [];
    const measure = async (o: BenchOptions): Promise<BenchReport> => {
      asked.push(o);
      return reportOf(reports[asked.length - 1]!, true);
    };
    return { asked, measure };
  }

  test('measures again only the suites beyond the threshold, and passes when the pooled rounds clear', async () => {
    // A slow stretch: every round of the first run 30% slower, then a normal run.
    const { asked, measure } = recorded(
      [result('engine.a.step', QUIET, { cpu: scaled(QUIET, 1.3) }), result('scenario.load', QUIET, { cpu: QUIET })],
      [result('engine.a.step', QUIET, { cpu: QUIET })],
    );
    const { comparison, report } = await benchAgainstBaseline(baseline, options, 0.15, true, measure);
    expect(asked.map((o) => o.only)).toEqual([undefined, ['engine']]);
    expect(report.results.find((r) => r.id === 'engine.a.step')!.cpuRatios).toHaveLength(18);
    expect(comparison.regressions).toEqual([]);
  });

  test('fails a slowdown that the second measurement confirms', async () => {
    const slow = [result('engine.a.step', QUIET, { cpu: scaled(QUIET, 1.3) })];
    const { measure } = recorded([...slow, result('scenario.load', QUIET, { cpu: QUIET })], slow);
    const { comparison } = await benchAgainstBaseline(baseline, options, 0.15, true, measure);
    expect(comparison.regressions.map((r) => r.id)).toEqual(['engine.a.step']);
  });

  test('does not measure again when nothing is beyond the threshold, or when told not to', async () => {
    const fine = recorded([result('engine.a.step', QUIET, { cpu: QUIET }), result('scenario.load', QUIET, { cpu: QUIET })]);
    await benchAgainstBaseline(baseline, options, 0.15, true, fine.measure);
    expect(fine.asked).toHaveLength(1);
    const slow = recorded([result('engine.a.step', QUIET, { cpu: scaled(QUIET, 1.3) }), result('scenario.load', QUIET, { cpu: QUIET })]);
    const { comparison } = await benchAgainstBaseline(baseline, options, 0.15, false, slow.measure);
    expect(slow.asked).toHaveLength(1);
    expect(comparison.regressions.map((r) => r.id)).toEqual(['engine.a.step']);
  });
});

describe('sampleAgainstReference', () => {
  test('times the reference and each subject once per round, alternating their order, keeping a subject\'s own timing', async () => {
    const order: string[] = [];
    const samples = await sampleAgainstReference(() => order.push('reference'), [
      { name: 'a', fn: () => void order.push('a') },
      { name: 'b', fn: () => (order.push('b'), { ms: 5, cpuMs: 4 }) },
    ], { rounds: 4, warmup: false });
    expect(order).toEqual(['reference', 'a', 'b', 'b', 'a', 'reference', 'reference', 'a', 'b', 'b', 'a', 'reference']);
    expect(samples.reference).toHaveLength(4);
    expect(samples.subjects.b).toEqual(Array(4).fill({ ms: 5, cpuMs: 4 }));
    for (const t of [...samples.reference, ...samples.subjects.a!]) {
      expect(t.ms).toBeGreaterThanOrEqual(0);
      expect(t.cpuMs).toBeGreaterThanOrEqual(0);
    }
  });
});
