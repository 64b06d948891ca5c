// The regression gate: compares a run with a baseline by the medians of
// repeated samples, as ratios to the same-run reference kernel, so machines
// and noisy neighbours cancel out. Only a figure that got worse by more than
// the threshold fails the gate.
import { mergeResults, type BenchReport, type BenchResult } from './report.ts';
import { reportOf, runBench, type BenchOptions } from './run.ts';

export const DEFAULT_THRESHOLD = 0.15;

export interface Change {
  id: string;
  label: string;
  /** What was compared: the ratio to the reference, or the value itself. */
  basis: 'ratio' | 'value';
  baseline: number;
  current: number;
  /** current / baseline - 1: positive is slower (or bigger). */
  change: number;
}

export interface Comparison {
  threshold: number;
  compared: Change[];
  regressions: Change[];
  /** Gated figures in the baseline that this run did not measure. */
  missing: string[];
}

function basisOf(r: BenchResult): { basis: 'ratio' | 'value'; x: number } {
  return r.ratio !== null ? { basis: 'ratio', x: r.ratio } : { basis: 'value', x: r.value };
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
    const before = basisOf(b);
    const after = basisOf(c);
    if (before.basis !== after.basis || !(before.x > 0) || !Number.isFinite(after.x)) continue;
    compared.push({ id: b.id, label: c.label, basis: after.basis, baseline: before.x, current: after.x, change: after.x / before.x - 1 });
  }
  return { threshold, compared, regressions: compared.filter((c) => c.change > threshold), missing };
}

/** Suites holding a regressed figure: the ones worth re-measuring before failing. */
export function suitesToConfirm(current: BenchReport, comparison: Comparison): string[] {
  const ids = new Set(comparison.regressions.map((r) => r.id));
  return [...new Set(current.results.filter((r) => ids.has(r.id)).map((r) => r.suite))];
}

/**
 * Runs the suites and compares them with the baseline. A shared machine can
 * slow one stretch of rounds, so with `confirm` the suites holding a
 * regression are measured once more and judged on the medians of all rounds.
 */
export async function benchAgainstBaseline(
  baseline: BenchReport,
  options: BenchOptions,
  threshold = DEFAULT_THRESHOLD,
  confirm = true,
): Promise<{ report: BenchReport; comparison: Comparison }> {
  let report = await runBench(options);
  let comparison = compareWithBaseline(baseline, report, threshold);
  if (comparison.regressions.length && confirm) {
    const again = suitesToConfirm(report, comparison);
    options.log?.(`possible regression in ${comparison.regressions.map((r) => r.id).join(', ')}; measuring ${again.join(', ')} again`);
    const more = await runBench({ ...options, only: again });
    report = reportOf(mergeResults(report.results, more.results), options.quick);
    comparison = compareWithBaseline(baseline, report, threshold);
  }
  return { report, comparison };
}
