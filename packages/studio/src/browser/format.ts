// Numbers as the studio shows them: a KPI in its unit (percentages as
// percent), a difference with its sign and 95% CI.
import type { DiffStat } from '@shopsim/runner/stats';
import { kpiDiffText, kpiText, TYPOGRAPHIC } from '@shopsim/runner/kpi-text';
import type { KpiInfo } from './page-data.ts';

export function kpiValue(info: KpiInfo, v: number): string {
  return kpiText(info, v, info.digits, TYPOGRAPHIC);
}

/** Unit of a difference: percentage points for a percentage. */
export function diffUnit(info: KpiInfo): string {
  return info.percent ? 'pp' : info.unit === 'count' ? '' : info.unit;
}

/** A difference with its CI, in the digits that show the CI (the rule of shopsim compare: one formatter). */
export function kpiDiff(info: KpiInfo, d: DiffStat): string {
  return kpiDiffText(info, d, TYPOGRAPHIC);
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
