// The regression gate. Each round of a suite times the reference kernel and
// the subject back to back (A/B, the order alternating), so every round gives
// one ratio that a busy machine moves far less than the milliseconds. The
// gate compares the median ratio with the baseline's and, from the rounds
// themselves, a 95% bootstrap interval of that change: a figure fails only
// when the whole interval lies beyond the threshold, i.e. the slowdown is
// larger than the threshold and larger than the rounds' own noise. Before
// failing, the suites holding a failure are measured again and judged on all
// their rounds. Ratios are taken on the CPU clock where both runs have it
// (other processes' time on the core does not count), else on the wall clock.
import seedrandom from 'seedrandom';
import { mergeResults, type BenchReport, type BenchResult } from './report.ts';
import { reportOf, runBench, type BenchOptions } from './run.ts';
import { median } from './stats.ts';

export const DEFAULT_THRESHOLD = 0.15;

/** Resamples of the bootstrap: enough that the interval's ends move by well under a percent between seeds. */
const RESAMPLES = 2000;

export type Basis = 'cpu ratio' | 'ratio' | 'value';

export interface Change {
  id: string;
  label: string;
  /** What was compared: the ratio to the reference on the CPU or wall clock, or the value itself. */
  basis: Basis;
  baseline: number;
  current: number;
  /** current / baseline - 1: positive is slower (or bigger). */
  change: number;
  /** 95% bootstrap interval of `change` over the rounds of both runs; null for a value with no rounds to resample. */
  low: number | null;
  high: number | null;
  /** Rounds measured in this run. */
  rounds: number;
  /** The change of the wall-clock ratio, shown beside a CPU-clock comparison. */
  wallChange?: number;
  /**
   * ok: within the threshold; noise: beyond the threshold, but the rounds'
   * own spread reaches back within it; regression: beyond both.
   */
  verdict: 'ok' | 'noise' | 'regression';
}

export interface Comparison {
  threshold: number;
  compared: Change[];
  regressions: Change[];
  /** Gated figures in the baseline that this run did not measure. */
  missing: string[];
}

interface Samples {
  basis: Basis;
  xs: number[];
}

/** The per-round samples both runs share, on the best clock both have. */
function samplesOf(b: BenchResult, c: BenchResult): [Samples, Samples] | undefined {
  if (b.cpuRatios?.length && c.cpuRatios?.length) return [{ basis: 'cpu ratio', xs: b.cpuRatios }, { basis: 'cpu ratio', xs: c.cpuRatios }];
  if (b.ratio !== null && c.ratio !== null) {
    if (!b.ratios.length || !c.ratios.length) return undefined;
    return [{ basis: 'ratio', xs: b.ratios }, { basis: 'ratio', xs: c.ratios }];
  }
  if (b.ratio === null && c.ratio === null) return [{ basis: 'value', xs: b.values }, { basis: 'value', xs: c.values }];
  return undefined;
}

/**
 * 95% percentile-bootstrap interval of median(current) / median(baseline) - 1,
 * resampling the rounds of each run. Seeded: the same samples give the same interval.
 */
export function changeInterval(baseline: readonly number[], current: readonly number[], resamples = RESAMPLES): [number, number] {
  const draw = seedrandom.alea('shopsim-bench-gate');
  const pick = (xs: readonly number[]) => Array.from(xs, () => xs[Math.floor(draw() * xs.length)]!);
  const changes = Array.from({ length: resamples }, () => median(pick(current)) / median(pick(baseline)) - 1).sort((a, b) => a - b);
  return [changes[Math.floor(0.025 * resamples)]!, changes[Math.ceil(0.975 * resamples) - 1]!];
}

export function judge(change: number, low: number | null, threshold: number): Change['verdict'] {
  if (!(change > threshold)) return 'ok';
  return low === null || low > threshold ? 'regression' : 'noise';
}

function compareOne(b: BenchResult, c: BenchResult, threshold: number): Change | undefined {
  const pair = samplesOf(b, c);
  if (!pair) return undefined;
  const [before, after] = pair;
  const baseline = median(before.xs);
  const current = median(after.xs);
  if (!(baseline > 0) || !Number.isFinite(current)) return undefined;
  const change = current / baseline - 1;
  // A value measured once (bytes of state per shopper) has no noise to estimate.
  const [low, high] = before.xs.length > 1 || after.xs.length > 1 ? changeInterval(before.xs, after.xs) : [null, null];
  const out: Change = {
    id: b.id, label: c.label, basis: after.basis, baseline, current, change, low, high,
    rounds: after.xs.length, verdict: judge(change, low, threshold),
  };
  if (after.basis === 'cpu ratio' && b.ratio && c.ratio) out.wallChange = c.ratio / b.ratio - 1;
  return out;
}

export function compareWithBaseline(baseline: BenchReport, current: BenchReport, threshold = DEFAULT_THRESHOLD): Comparison {
  const now = new Map(current.results.map((r) => [r.id, r]));
  const compared: Change[] = [];
  const missing: string[] = [];
  for (const b of baseline.results) {
    if (!b.gated) continue;
    const c = now.get(b.id);
    if (!c) {
      missing.push(b.id);
      continue;
    }
    const x = compareOne(b, c, threshold);
    if (x) compared.push(x);
  }
  return { threshold, compared, regressions: compared.filter((c) => c.verdict === 'regression'), missing };
}

/** Its interval holds the threshold: more rounds can still move the verdict either way. */
export function undecided(c: Change, threshold: number): boolean {
  return c.low !== null && c.high !== null && c.low <= threshold && c.high > threshold;
}

/** A figure beyond the threshold (regression or noise): worth re-measuring before failing. */
export const beyondThreshold = (c: Change) => c.verdict !== 'ok';

/** Suites holding a figure that `worth` picks (by default, beyond the threshold): the ones to measure again. */
export function suitesToConfirm(current: BenchReport, comparison: Comparison, worth: (c: Change) => boolean = beyondThreshold): string[] {
  const ids = new Set(comparison.compared.filter(worth).map((c) => c.id));
  return [...new Set(current.results.filter((r) => ids.has(r.id)).map((r) => r.suite))];
}

/**
 * Runs the suites and compares them with the baseline. With `confirm`, the
 * suites holding a figure beyond the threshold are measured once more and
 * judged on all their rounds: more rounds narrow the interval, so a slow
 * stretch of a shared machine clears and a real slowdown stays.
 */
export async function benchAgainstBaseline(
  baseline: BenchReport,
  options: BenchOptions,
  threshold = DEFAULT_THRESHOLD,
  confirm = true,
  /** What measures: runBench, or recorded reports in the gate's tests. */
  measure: (o: BenchOptions) => Promise<BenchReport> = runBench,
): Promise<{ report: BenchReport; comparison: Comparison }> {
  let report = await measure(options);
  let comparison = compareWithBaseline(baseline, report, threshold);
  const again = suitesToConfirm(report, comparison);
  if (again.length && confirm) {
    const beyond = comparison.compared.filter((c) => c.verdict !== 'ok').map((c) => c.id);
    options.log?.(`beyond the threshold: ${beyond.join(', ')}; measuring ${again.join(', ')} again`);
    const more = await measure({ ...options, only: again, repeat: 1 });
    report = reportOf(mergeResults(report.results, more.results), options.quick);
    comparison = compareWithBaseline(baseline, report, threshold);
  }
  return { report, comparison };
}
