// Plain-text tables of KPIs for the terminal.
import { KPI_NAMES, KPI_ROWS, type Kpis, type SimResult } from '@shopsim/core';

export interface KpiInfo {
  label: string;
  unit: string;
  digits: number;
  percent?: boolean;
}

/** How each KPI reads to a person: plain name, unit and precision (from core's KPI rows). */
export const KPI_INFO: Record<keyof Kpis, KpiInfo> = Object.fromEntries(
  KPI_ROWS.map((r): [string, KpiInfo] => [r.name, 'percent' in r ? { label: r.label, unit: r.unit, digits: r.digits, percent: true } : { label: r.label, unit: r.unit, digits: r.digits }]),
) as Record<keyof Kpis, KpiInfo>;

export function formatValue(name: keyof Kpis, v: number): string {
  if (!Number.isFinite(v)) return '-';
  const info = KPI_INFO[name];
  const x = info.percent ? v * 100 : v;
  return x.toLocaleString('en-US', { minimumFractionDigits: info.digits, maximumFractionDigits: info.digits });
}

export function renderTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The KPI table of one run: one row per KPI, one column for all markets and one per market. */
export function kpiTable(result: SimResult): string {
  const header = ['KPI', 'unit', 'all', ...result.markets.map((m) => m.id)];
  const rows = KPI_NAMES.map((k) => [
    KPI_INFO[k].label,
    KPI_INFO[k].unit,
    formatValue(k, result.kpis[k]),
    ...result.markets.map((m) => formatValue(k, result.byMarket[m.id]![k])),
  ]);
  return renderTable(header, rows);
}
