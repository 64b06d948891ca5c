// The one KPI formatter: a KPI value in its unit's digits (shares as
// percent), and a difference with its 95% CI in the digits that show the CI.
// The terminal, the reports and the studio all print through it; the studio
// asks for typographic minus and dash. Plain text only, so the browser uses it too.
import { ciDigits } from './stats.ts';

/** What the formatter needs of a KPI: its digits, and whether it is a share shown as percent. */
export interface KpiDigits {
  digits: number;
  percent: boolean;
}

/** A statistic as results hold it (JSON gives null for a non-finite number). */
export interface StatText {
  mean: number | null;
  lo: number | null;
  hi: number | null;
  n: number;
}

export interface NumberStyle {
  minus: string;
  /** For a value that is not a number (a ratio with nothing to divide by). */
  missing: string;
}

export const PLAIN: NumberStyle = { minus: '-', missing: '-' };
export const TYPOGRAPHIC: NumberStyle = { minus: '−', missing: '–' };

const isNumber = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** A KPI value in `digits` decimals (its own by default); shares as percent; `sign` puts + before a positive value. */
export function kpiText(info: KpiDigits, v: number | null | undefined, digits = info.digits, style = PLAIN, sign = false): string {
  if (!isNumber(v)) return style.missing;
  const x = info.percent ? v * 100 : v;
  const s = x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return sign && x > 0 ? `+${s}` : s.replace('-', style.minus);
}

/**
 * Decimals that show a CI's half-width to one significant digit, and never fewer than the
 * KPI's own: a significant difference never prints as "+0.0 [+0.0, +0.0]".
 */
export function kpiCiDigits(info: KpiDigits, s: StatText): number {
  if (s.n < 2 || !isNumber(s.lo) || !isNumber(s.hi)) return info.digits;
  return ciDigits(info.digits, ((s.hi - s.lo) / 2) * (info.percent ? 100 : 1));
}

/** A signed difference with its 95% CI, "+0.12 [+0.05, +0.19]" (shares in percentage points); the mean alone from one seed. */
export function kpiDiffText(info: KpiDigits, d: StatText | null | undefined, style = PLAIN): string {
  if (!d || !isNumber(d.mean)) return style.missing;
  const digits = kpiCiDigits(info, d);
  const signed = (v: number | null) => kpiText(info, v, digits, style, true);
  if (d.n < 2 || !isNumber(d.lo) || !isNumber(d.hi)) return signed(d.mean);
  return `${signed(d.mean)} [${signed(d.lo)}, ${signed(d.hi)}]`;
}
