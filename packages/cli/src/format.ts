// How KPIs read to a person (through runner's one KPI formatter, kpi-text.ts); the terminal's one table layout (runner's).
import { KPI_NAMES, type Kpis, type SimResult } from '@shopsim/core';
import { KPI_GLOSSARY } from './report/glossary.ts';
import { kpiCiDigits, kpiDiffText, kpiText } from '@shopsim/runner/kpi-text';

type KpiInfo = { label: string; unit: string; digits: number; percent: boolean };

// The one table layout, shared with check, calibrate and bench.
import { renderTable } from '@shopsim/runner/table';
export { renderTable, visibleLength } from '@shopsim/runner/table';

type StatLike = { mean: number | null; sd?: number | null; lo: number | null; hi: number | null; n: number };

const isNumber = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);
const infoOf = (kpi: string): KpiInfo => (Object.hasOwn(KPI_GLOSSARY, kpi) ? KPI_GLOSSARY[kpi as keyof Kpis] : { label: kpi, unit: '', digits: 2, percent: false });

/** A KPI value in its unit's precision (or `digits`); shares as percent; '-' when undefined. */
export function formatKpi(kpi: string, v: number | null | undefined, digits?: number): string {
  return kpiText(infoOf(kpi), v, digits);
}

/** Decimals that show a CI's half-width (runner's kpiCiDigits). */
export function digitsFor(kpi: string, s: StatLike): number {
  return kpiCiDigits(infoOf(kpi), s);
}

/** The mean alone, in the digits its CI shows. */
export function formatMean(kpi: string, s: StatLike | null | undefined): string {
  return s ? formatKpi(kpi, s.mean, digitsFor(kpi, s)) : '-';
}

/** "mean ± half-width" of a 95% CI, or the mean alone for a single replication. */
export function formatStat(kpi: string, s: StatLike | null | undefined): string {
  if (!s) return '-';
  const mean = formatMean(kpi, s);
  if (s.n < 2 || !isNumber(s.lo) || !isNumber(s.hi)) return mean;
  return `${mean} ± ${formatKpi(kpi, (s.hi - s.lo) / 2, digitsFor(kpi, s))}`;
}

/** A signed difference with its 95% CI: "+0.12 [+0.05, +0.19]"; shares in percentage points. */
export function formatDiff(kpi: string, d: StatLike | null | undefined): string {
  return kpiDiffText(infoOf(kpi), d);
}

/**
 * A difference relative to the first scenario's mean, "+12%": the size of a change
 * whatever the KPI's unit. null ('-') when the base is 0, undefined or not told from 0.
 */
export function relativeChange(base: Partial<StatLike> | null | undefined, d: { mean: number | null } | null | undefined): number | null {
  if (!base || !d || !isNumber(base.mean) || !isNumber(d.mean) || base.mean === 0) return null;
  // Relative to a base that cannot be told from 0 (its CI spans 0) is no size at all.
  if ((base.n ?? 0) >= 2 && isNumber(base.lo) && isNumber(base.hi) && base.lo <= 0 && base.hi >= 0) return null;
  return d.mean / Math.abs(base.mean);
}

export function formatRelative(r: number | null): string {
  if (r === null) return '-';
  const pct = r * 100;
  const digits = Math.abs(pct) >= 10 ? 0 : 1;
  const text = pct.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return `${pct > 0 ? '+' : ''}${text}%`;
}

/** The KPI table of one run: one row per KPI, one column for all markets and one per market. */
export function kpiTable(result: SimResult): string {
  const header = ['KPI', 'unit', 'all', ...result.markets.map((m) => m.id)];
  const rows = KPI_NAMES.map((k) => [
    KPI_GLOSSARY[k].label,
    KPI_GLOSSARY[k].unit,
    formatKpi(k, result.kpis[k]),
    ...result.markets.map((m) => formatKpi(k, result.byMarket[m.id]![k])),
  ]);
  return renderTable(header, rows);
}
