// Numbers as the studio shows them: a KPI in its unit (percentages as
// percent), a difference with its sign and 95% CI.
import { ciDigits, type DiffStat } from '@shopsim/runner/stats';
import type { KpiInfo } from './page-data.ts';

function fixed(x: number, digits: number, sign = false): string {
  if (!Number.isFinite(x)) return '–';
  const s = x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return sign && x > 0 ? `+${s}` : s.replace('-', '−');
}

export function kpiValue(info: KpiInfo, v: number): string {
  return fixed(info.percent ? v * 100 : v, info.digits);
}

/** Unit of a difference: percentage points for a percentage. */
export function diffUnit(info: KpiInfo): string {
  return info.percent ? 'pp' : info.unit === 'count' ? '' : info.unit;
}

/** A difference with its CI, in the digits that show the CI (the rule of shopsim compare). */
export function kpiDiff(info: KpiInfo, d: DiffStat): string {
  const scale = info.percent ? 100 : 1;
  if (d.n < 2) return fixed(d.mean * scale, info.digits, true);
  const digits = ciDigits(info.digits, ((d.hi - d.lo) / 2) * scale);
  const f = (x: number) => fixed(x * scale, digits, true);
  return `${f(d.mean)} [${f(d.lo)}, ${f(d.hi)}]`;
}

// The marks of `shopsim compare` (up or down star: a significant rise or fall), and whether that is good.
export function verdict(info: KpiInfo, d: DiffStat): { mark: string; tone: 'good' | 'bad' | 'neutral' } {
  if (!d.significant) return { mark: '', tone: 'neutral' };
  const up = d.mean > 0;
  const tone = info.better === undefined ? 'neutral' : (info.better === 'higher') === up ? 'good' : 'bad';
  return { mark: up ? '▲*' : '▼*', tone };
}

export function leverValue(v: number | string | undefined, unit: string): string {
  if (v === undefined) return 'not set';
  if (typeof v === 'string') return `"${v}"`;
  if (unit === 'flag') return v ? 'on' : 'off';
  const u = unit === 'share' || unit === 'probability' ? '' : ` ${unit}`;
  return `${v}${u}`;
}
