// Terminal tables of benchmark results, goals and comparisons.
import { renderTable } from '@shopsim/runner/table';
import type { Comparison } from './gate.ts';
import type { BenchReport, BenchResult } from './report.ts';
import { spreadOf } from './report.ts';

/** The first row is the header. */
function table(rows: string[][], right: boolean[]): string {
  return renderTable(rows[0]!, rows.slice(1), right);
}

function valueText(r: BenchResult): string {
  if (r.unit === 'bytes') return `${r.value.toFixed(r.value < 100 ? 1 : 0)} B`;
  return r.value >= 1000 ? `${(r.value / 1000).toFixed(2)} s` : `${r.value.toFixed(r.value < 10 ? 2 : 0)} ms`;
}

function throughputText(r: BenchResult): string {
  if (!r.throughput) return '';
  const v = r.throughput.value;
  const n = v >= 1e9 ? `${(v / 1e9).toFixed(2)} G` : v >= 1e6 ? `${(v / 1e6).toFixed(1)} M` : `${(v / 1e3).toFixed(1)} k`;
  return `${n}${r.throughput.unit}`;
}

export function resultsTable(report: BenchReport): string {
  const rows = [['benchmark', 'median', 'throughput', 'ratio', 'cpu ratio', 'spread', 'n', 'gated']];
  for (const r of report.results) {
    const spread = spreadOf(r);
    rows.push([
      r.id,
      valueText(r),
      throughputText(r),
      r.ratio === null ? '-' : `${r.ratio.toFixed(3)}x`,
      r.cpuRatio === undefined ? '-' : `${r.cpuRatio.toFixed(3)}x`,
      Number.isFinite(spread) ? `±${(spread * 100).toFixed(1)}%` : '-',
      String(r.values.length),
      r.gated ? 'yes' : '',
    ]);
  }
  const refs = [...new Set(report.results.filter((r) => r.reference).map((r) => `  ${r.suite}: ${r.reference}`))];
  return [
    table(rows, [false, true, true, true, true, true, true, false]),
    '',
    `ratio = median over rounds of (time / the same round's reference kernel time); one alea draw took ${report.referenceDrawNs.toFixed(2)} ns here.`,
    'cpu ratio = the same on this process\'s CPU clock (not counting time other processes held the core); - where the work ran in a child process.',
    'Reference kernels:',
    ...refs,
  ].join('\n');
}

export function goalsTable(report: BenchReport): string {
  if (!report.goals.length) return '';
  const rows = [['goal', 'measured', 'met']];
  for (const g of report.goals) rows.push([g.label, g.measured + (g.note ? ` (${g.note})` : ''), g.pass ? 'yes' : 'NO']);
  return table(rows, [false, false, false]);
}

const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;

export function comparisonTable(c: Comparison): string {
  const rows = [['benchmark', 'compared', 'baseline', 'now', 'change', '95% interval', 'wall clock', 'rounds', 'verdict']];
  for (const x of c.compared) {
    const digits = x.basis === 'value' ? 1 : 3;
    rows.push([
      x.id, x.basis, x.baseline.toFixed(digits), x.current.toFixed(digits), pct(x.change),
      x.low === null || x.high === null ? '-' : `${pct(x.low)} .. ${pct(x.high)}`,
      x.wallChange === undefined ? '' : pct(x.wallChange),
      String(x.rounds),
      x.verdict === 'regression' ? 'REGRESSION' : x.verdict === 'noise' ? 'within noise' : 'ok',
    ]);
  }
  const lines = [table(rows, [false, false, true, true, true, true, true, true, false])];
  lines.push(
    `A figure fails only when its whole 95% interval (a bootstrap over the rounds) lies beyond +${(c.threshold * 100).toFixed(0)}%.`,
    'cpu ratio: this process\'s CPU time over the reference kernel\'s in the same round; ratio: the same on the wall clock.',
  );
  if (c.missing.length) lines.push(`not measured in this run: ${c.missing.join(', ')}`);
  return lines.join('\n');
}
