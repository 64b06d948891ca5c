// The target table: each target next to the simulated mean and its 95% CI.
import { renderTable } from '@shopsim/runner/table';
import type { DriftVerdict, TargetResult, TargetStatus } from './evaluate.ts';
import type { Measure } from './targets.ts';

const fmt = (v: number, digits = 3) => (Number.isFinite(v) ? v.toFixed(digits) : '-');
const percent = (v: number) => `${(v * 100).toFixed(1)}%`;
const signed = (v: number) => (Number.isFinite(v) ? `${v >= 0 ? '+' : ''}${percent(v)}` : '-');

export interface TargetRow {
  target: string;
  kind: 'level' | 'effect';
  measure: Measure;
  value: number;
  tolerance: number;
  /** Lowest and highest mean that pass. */
  range: [number, number];
  simulated: number | null;
  lo: number | null;
  hi: number | null;
  n: number;
  status: TargetStatus;
  scenarios: string[];
  /** Why a target was not run or cannot be expressed. */
  reason?: string;
  /** Second half of the measured window minus the first (steady-state check). */
  drift?: { mean: number; lo: number; hi: number; allowed: number; verdict: DriftVerdict };
  /** Share of ensemble members whose mean passes (check --behaviours). */
  coverage?: number;
  /** Share of ensemble members whose own mean drift lies within the allowance (check --behaviours --steady-state). */
  steadyCoverage?: number;
}

/** Over an ensemble's members: the share whose own mean passes, and the share whose own mean drift lies within the allowance. */
export interface Coverage {
  pass: number;
  steady?: number;
}

/** A row with its coverage over the members, when there is one. */
export function withCoverage(row: TargetRow, c: Coverage | undefined): TargetRow {
  if (c === undefined) return row;
  return { ...row, coverage: c.pass, ...(c.steady !== undefined ? { steadyCoverage: c.steady } : {}) };
}

export function targetRows(results: TargetResult[]): TargetRow[] {
  return results.map((r) => {
    const s = r.simulated;
    const finite = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v : null);
    return {
      target: r.target.id,
      kind: r.target.kind,
      measure: r.target.measure,
      value: r.target.value,
      tolerance: r.target.tolerance,
      range: r.target.range,
      simulated: finite(s?.mean),
      lo: finite(s?.lo),
      hi: finite(s?.hi),
      n: s?.n ?? 0,
      status: r.status,
      scenarios: r.scenarios,
      ...(r.reason !== undefined ? { reason: r.reason } : {}),
      ...(r.drift ? { drift: { mean: r.drift.stat.mean, lo: r.drift.stat.lo, hi: r.drift.stat.hi, allowed: r.drift.allowed, verdict: r.drift.verdict } } : {}),
    };
  });
}

export function targetTable(results: TargetResult[], coverageOf?: (id: string) => Coverage | undefined): string {
  const all = targetRows(results).map((row) => withCoverage(row, coverageOf?.(row.target)));
  const drift = all.some((r) => r.drift);
  const coverage = all.some((r) => r.coverage !== undefined);
  const steadyCoverage = all.some((r) => r.steadyCoverage !== undefined);
  const share = (v: number | undefined) => (v === undefined ? '-' : `${Math.round(v * 100)}%`);
  const rows = all.map((row) => {
    const effect = row.measure === 'relative';
    const show = (v: number | null) => (v === null ? '-' : effect ? signed(v) : row.measure === 'absolute' ? `${v >= 0 ? '+' : ''}${fmt(v)}` : fmt(v));
    const [lo, hi] = row.range;
    const driftText = (v: number) => (effect ? signed(v) : `${v >= 0 ? '+' : ''}${fmt(v)}`);
    const within = Number.isFinite(lo) && Number.isFinite(hi) ? `${show(lo)} .. ${show(hi)}` : Number.isFinite(lo) ? `>= ${show(lo)}` : `<= ${show(hi)}`;
    return [
      row.target,
      effect ? signed(row.value) : fmt(row.value),
      within,
      show(row.simulated),
      row.lo === null || row.hi === null ? '-' : `${show(row.lo)} .. ${show(row.hi)}`,
      ...(drift ? [row.drift ? `${driftText(row.drift.mean)} (±${effect ? percent(row.drift.allowed) : fmt(row.drift.allowed)})` : '-'] : []),
      ...(coverage ? [share(row.coverage)] : []),
      ...(steadyCoverage ? [share(row.steadyCoverage)] : []),
      row.status === 'fail' ? 'FAIL' : row.status === 'inconclusive' ? 'inconclusive: add seeds' : row.status,
    ];
  });
  const head = ['target', 'value', 'passes within', 'simulated', '95% CI', ...(drift ? ['drift (steady within)'] : []), ...(coverage ? ['members pass'] : []), ...(steadyCoverage ? ['members steady'] : []), 'result'];
  return renderTable(head, rows);
}
