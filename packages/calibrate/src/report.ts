// The target table: each target next to the simulated mean and its 95% CI.
import type { TargetResult } from './evaluate.ts';
import { absoluteTolerance } from './targets.ts';

const fmt = (v: number, digits = 3) => (Number.isFinite(v) ? v.toFixed(digits) : '-');
const signed = (v: number) => (Number.isFinite(v) ? `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)}%` : '-');

export interface TargetRow {
  target: string;
  kind: 'level' | 'effect';
  value: number;
  tolerance: number;
  /** Lowest and highest mean that pass. */
  range: [number, number];
  simulated: number | null;
  lo: number | null;
  hi: number | null;
  n: number;
  status: 'pass' | 'fail' | 'not run';
  scenarios: string[];
}

export function targetRows(results: TargetResult[]): TargetRow[] {
  return results.map((r) => {
    const tol = absoluteTolerance(r.target);
    const s = r.simulated;
    const finite = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v : null);
    return {
      target: r.target.id,
      kind: r.target.kind,
      value: r.target.value,
      tolerance: r.target.tolerance,
      range: [r.target.value - tol, r.target.value + tol],
      simulated: finite(s?.mean),
      lo: finite(s?.lo),
      hi: finite(s?.hi),
      n: s?.n ?? 0,
      status: r.pass === undefined ? 'not run' : r.pass ? 'pass' : 'fail',
      scenarios: r.scenarios,
    };
  });
}

export function targetTable(results: TargetResult[]): string {
  const rows = targetRows(results).map((row) => {
    const effect = row.kind === 'effect';
    const show = (v: number | null) => (v === null ? '-' : effect ? signed(v) : fmt(v));
    return [
      row.target,
      effect ? signed(row.value) : fmt(row.value),
      `${show(row.range[0])} .. ${show(row.range[1])}`,
      show(row.simulated),
      row.lo === null || row.hi === null ? '-' : `${show(row.lo)} .. ${show(row.hi)}`,
      row.status === 'fail' ? 'FAIL' : row.status,
    ];
  });
  const head = ['target', 'value', 'passes within', 'simulated', '95% CI', 'result'];
  const widths = head.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k]!.length)));
  const line = (cells: string[]) => cells.map((c, k) => (k === 0 ? c.padEnd(widths[k]!) : c.padStart(widths[k]!))).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
