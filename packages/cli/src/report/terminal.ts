// Terminal views of results: KPI tables with confidence intervals, sparklines of the main
// daily series, and comparison tables that mark significant differences.
import { DAILY_GLOSSARY, KPI_GLOSSARY, MAIN_DAILY_FIELDS, isKpiName, type DailyField, type KpiName } from './glossary.ts';
import type { Comparison, DiffStat, MarketRef, Results, Stat } from './results.ts';
import { MONEY } from '@shopsim/core';
import { formatDiff, formatMean, formatRelative, formatStat, relativeChange, renderTable, visibleLength } from '../format.ts';
import { scenarioLegend, scenarioLetter, shortLeverNames } from './labels.ts';
import { signLabel } from '@shopsim/runner/stats';
import { isPartial, reachLabel, type PathReach } from '@shopsim/runner/reach';
import { kpiText } from '@shopsim/runner/kpi-text';

/** ANSI styling, or none at all when colour is off. */
export interface Paint {
  enabled: boolean;
  bold(s: string): string;
  dim(s: string): string;
  good(s: string): string;
  bad(s: string): string;
}

/**
 * Colour only on a terminal. NO_COLOR (any non-empty value, no-color.org) turns it off;
 * FORCE_COLOR (other than "0" or "false") turns it on even when piped.
 */
export function colourWanted(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '0' && force !== 'false') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

export function paint(enabled: boolean): Paint {
  const wrap = (open: number, close: number) => (s: string) => (enabled ? `\u001b[${open}m${s}\u001b[${close}m` : s);
  return { enabled, bold: wrap(1, 22), dim: wrap(2, 22), good: wrap(32, 39), bad: wrap(31, 39) };
}

export const stdoutPaint = (): Paint => paint(colourWanted(process.stdout));

const BARS = '▁▂▃▄▅▆▇█';

/**
 * A sparkline of at most `width` marks; longer series are averaged in equal day buckets.
 * Undefined values (null, NaN) are skipped, and a bucket with none is a space.
 */
export function sparkline(values: readonly (number | null | undefined)[], width = 48): string {
  const buckets = bucketMeans(values, width);
  const defined = buckets.filter((v): v is number => v !== null);
  if (defined.length === 0) return '';
  const min = Math.min(...defined);
  const max = Math.max(...defined);
  return buckets
    .map((v) => {
      if (v === null) return ' ';
      // A flat series sits mid-height rather than on the floor.
      const level = max > min ? Math.round(((v - min) / (max - min)) * (BARS.length - 1)) : 3;
      return BARS[level]!;
    })
    .join('');
}

function bucketMeans(values: readonly (number | null | undefined)[], width: number): (number | null)[] {
  const n = values.length;
  const count = Math.min(n, Math.max(1, width));
  const out: (number | null)[] = [];
  for (let b = 0; b < count; b++) {
    let sum = 0;
    let k = 0;
    for (let i = Math.floor((b * n) / count); i < Math.floor(((b + 1) * n) / count); i++) {
      const v = values[i];
      if (typeof v === 'number' && Number.isFinite(v)) {
        sum += v;
        k++;
      }
    }
    out.push(k > 0 ? sum / k : null);
  }
  return out;
}

// An interface (not an index-signature type) so SimResult's DailyRow and parsed summary rows both fit.
interface DailyLike {
  readonly day: number;
  readonly market: string;
}

/** The daily values of one field for one market, in day order, null where undefined. */
export function dailySeries(daily: readonly DailyLike[], market: string, field: string): (number | null)[] {
  return daily
    .filter((r) => r.market === market)
    .sort((a, b) => a.day - b.day)
    .map((r) => {
      const v = (r as unknown as Record<string, unknown>)[field];
      return typeof v === 'number' && Number.isFinite(v) ? v : null;
    });
}

/**
 * Sparklines of orders, CSAT, delivery days and returns, all markets and each market,
 * with each line's low and high so the shape is not mistaken for absolute scale.
 */
export function dailySparklines(
  daily: readonly DailyLike[],
  markets: readonly MarketRef[],
  options: { width?: number; paint?: Paint; fields?: DailyField[] } = {},
): string {
  const p = options.paint ?? paint(false);
  const width = options.width ?? 48;
  const ids = ['all', ...markets.map((m) => m.id)];
  const days = new Set(daily.map((r) => r.day)).size;
  const perMark = Math.max(1, Math.round(days / Math.min(days, width)));
  const out: string[] = [p.dim(`Daily series, day 1 to ${days}${perMark > 1 ? `, one mark ≈ ${perMark} days` : ''}; each line scaled to its own low–high`)];
  const nameWidth = Math.max(...ids.map((id) => id.length));
  for (const field of options.fields ?? MAIN_DAILY_FIELDS) {
    const info = DAILY_GLOSSARY[field];
    out.push('', p.bold(info.axis));
    for (const id of ids) {
      const series = dailySeries(daily, id, field);
      const defined = series.filter((v): v is number => v !== null);
      const range = defined.length ? `${formatDaily(field, Math.min(...defined))} – ${formatDaily(field, Math.max(...defined))}` : 'no data';
      out.push(`  ${id.padEnd(nameWidth)}  ${sparkline(series, width).padEnd(Math.min(width, series.length))}  ${p.dim(range)}`);
    }
  }
  return out.join('\n');
}

/** A daily value in its KPI's digits (the one KPI formatter), shares with a % sign. */
function formatDaily(field: DailyField, v: number): string {
  const info = DAILY_GLOSSARY[field];
  return `${kpiText(info, v)}${info.percent ? '%' : ''}`;
}

const unitOf = (kpi: string): string => (isKpiName(kpi) ? KPI_GLOSSARY[kpi].unit : '');
const labelOf = (kpi: string): string => (isKpiName(kpi) ? KPI_GLOSSARY[kpi].label : kpi);

/** KPI rows with units and "mean ± 95% CI half-width" for all markets and each market. */
export function kpiStatTable(kpis: Record<string, Record<string, Stat>>, markets: readonly MarketRef[], names?: readonly string[]): string {
  const columns = ['all', ...markets.map((m) => m.id)].filter((c) => kpis[c]);
  const rows = (names ?? Object.keys(kpis.all ?? {})).map((k) => [labelOf(k), unitOf(k), ...columns.map((c) => formatStat(k, kpis[c]?.[k]))]);
  return renderTable(['KPI', 'unit', ...columns], rows);
}

/**
 * ▲/▼ for the direction of a significant change, with * marking significance, coloured
 * green when the KPI moved the better way and red when the worse way. Empty when the
 * 95% CI of the paired difference includes 0.
 */
export function significanceMark(kpi: string, d: DiffStat | null | undefined, p: Paint): string {
  if (!d || !d.significant || d.mean === null || d.mean === 0) return '';
  const up = d.mean > 0;
  const mark = `${up ? '▲' : '▼'}*`;
  const better = isKpiName(kpi) ? KPI_GLOSSARY[kpi].better : undefined;
  if (better === undefined) return mark;
  return (better === 'higher') === up ? p.good(mark) : p.bad(mark);
}

// With a behaviour ensemble: in how many plausible behaviours a difference has its sign (one wording for terminal, HTML and studio).
export { signLabel };

/** Terminal width a comparison table keeps to, whatever its KPIs and names. */
export const TABLE_WIDTH = 120;

/** A unit in a few characters: "%" for shares (the label says of what), "money/order", "stars". */
export function shortUnit(unit: string): string {
  if (unit.startsWith('%')) return '%';
  return unit.replace(MONEY, 'money').replace(/ per /, '/').replace(/ \(.*\)$/, '');
}

type Layout = { cis: boolean; unit: (u: string) => string };
// Tried in order until the table fits: every number, then A, B, ... as means (the paired
// differences keep their CIs), then short units too.
const LAYOUTS: Layout[] = [
  { cis: true, unit: (u) => u },
  { cis: false, unit: (u) => u },
  { cis: false, unit: shortUnit },
];

/**
 * One market of a comparison: each scenario's mean ± CI under its letter (A, B, ...), then
 * each scenario's paired difference from A with its CI, the change relative to A's mean and
 * a significance mark; the letters' legend below. A table that would be wider than
 * TABLE_WIDTH shows the scenarios' means without their CIs, then short units.
 */
export function comparisonTable(comparison: Comparison, market = 'all', options: { paint?: Paint; kpis?: readonly string[] } = {}): string {
  const p = options.paint ?? paint(false);
  const table = comparison.kpis[market] ?? {};
  const names = options.kpis ?? Object.keys(table);
  const letters = comparison.scenarios.map((_, i) => scenarioLetter(i));
  const others = letters.slice(1);
  const header = ['KPI', 'unit', ...letters, ...others.flatMap((o) => [`${o} − A`, `vs A`])];
  const rowsFor = (layout: Layout) => names.map((k) => {
    const entry = table[k];
    const values = comparison.scenarios.map((_, i) => (layout.cis ? formatStat(k, entry?.values[i]) : formatMean(k, entry?.values[i])));
    const diffs = others.flatMap((_, j) => {
      const d = entry?.diffs[j + 1];
      const mark = significanceMark(k, d, p);
      const sign = signLabel(d);
      return [formatDiff(k, d), `${formatRelative(relativeChange(entry?.values[0], d))}${mark ? ` ${mark}` : '   '}${sign ? ` ${sign}` : ''}`];
    });
    return [labelOf(k), layout.unit(unitOf(k)), ...values, ...diffs];
  });
  const fits = (text: string) => Math.max(...text.split('\n').map(visibleLength)) <= TABLE_WIDTH;
  let layout = LAYOUTS[0]!;
  let rendered = renderTable(header, rowsFor(layout));
  for (const next of LAYOUTS.slice(1)) {
    if (fits(rendered)) break;
    layout = next;
    rendered = renderTable(header, rowsFor(layout));
  }
  const colours = p.enabled ? '; green where the KPI moved the better way, red the worse' : '';
  const ensemble = names.some((k) => table[k]?.diffs.some((d) => d?.signShare !== undefined && d?.signShare !== null));
  const pinned = ensemble ? ' and the sign agrees in at least 95% of plausible behaviours (each replication drew one ensemble member)' : '';
  const legend = [
    ...scenarioLegend(comparison.scenarios.map((s) => s.name)),
    ...(layout.cis ? [] : [`${letters.join(', ')}: means over the replications, to fit ${TABLE_WIDTH} columns (their 95% CIs: the headline table, comparison.json, report.html)`]),
    `▲*/▼* significant rise/fall: the 95% CI of the paired difference excludes 0${pinned}${colours}`,
    'differences of % KPIs are in percentage points; "vs A" is the difference relative to A\'s mean',
  ].map((l) => p.dim(l));
  return `${rendered}\n${legend.join('\n')}`;
}

/**
 * The levers with the largest standardised effect on each KPI, strongest first, by their
 * short names; the full paths in a legend below. A lever that reaches only some markets (a
 * platform lever others set themselves) is marked with how many, and the legend names them:
 * its effect is those markets' effect, not the platform's.
 */
export function sensitivityTable(rows: readonly { param: string; kpi: string; coefficient: number | null }[], top = 3, reach: readonly PathReach[] = []): string {
  const short = shortLeverNames([...new Set(rows.map((r) => r.param))]);
  const partial = new Map(reach.filter(isPartial).map((r) => [r.path, r]));
  const name = (param: string) => (partial.has(param) ? `${short[param]} (${partial.get(param)!.markets.length} of ${partial.get(param)!.of} markets)` : short[param]);
  const byKpi = new Map<string, { param: string; coefficient: number }[]>();
  for (const r of rows) {
    if (r.coefficient === null || !Number.isFinite(r.coefficient)) continue;
    const list = byKpi.get(r.kpi) ?? [];
    list.push({ param: r.param, coefficient: r.coefficient });
    byKpi.set(r.kpi, list);
  }
  const body = [...byKpi].map(([kpi, list]) => {
    const strongest = list.sort((a, b) => Math.abs(b.coefficient) - Math.abs(a.coefficient)).slice(0, top);
    return [labelOf(kpi), strongest.map((l) => `${name(l.param)} ${l.coefficient >= 0 ? '+' : ''}${l.coefficient.toFixed(2)}`).join(', ')];
  });
  const reachNotes = [...partial.values()].map((r) => `  ${short[r.path]} reaches ${reachLabel(r)}: the other markets set their own`);
  const legend = [leverLegend(short), ...reachNotes].filter((l) => l !== '').join('\n');
  return renderTable(['KPI', `levers with the largest effect (standardised coefficient), top ${top}`], body) + (legend ? `\n${legend}` : '');
}

/** "  warehouseShare = levers.warehouseShare" lines for the levers whose short name differs. */
export function leverLegend(short: Record<string, string>): string {
  return Object.entries(short)
    .filter(([path, name]) => path !== name)
    .map(([path, name]) => `  ${name} = ${path}`)
    .join('\n');
}

/** What `shopsim report` prints for a results folder before writing the HTML. */
/** A lever's value as a table shows it: a sampled 8.825431 as 8.825, at most 4 significant digits. */
export function formatParam(v: unknown): string {
  return typeof v === 'number' && Number.isFinite(v) ? String(Number(v.toPrecision(4))) : String(v ?? '');
}

export function resultsForTerminal(results: Results, p: Paint): string {
  switch (results.kind) {
    case 'run':
      return `${p.bold(results.run.scenario.name)}\n\n${kpiStatTable(results.run.kpis, results.run.markets)}\n\n${dailySparklines(results.run.daily, results.run.markets, { paint: p })}`;
    case 'compare':
      return `${p.bold(results.compare.scenarios.map((s) => s.name).join(' vs '))}, all markets\n\n${comparisonTable(results.compare, 'all', { paint: p })}`;
    case 'sweep':
      return results.sensitivity ? sensitivityTable(results.sensitivity.rows, 3, results.sensitivity.reach) : `${results.sweep.points.length} points; no sensitivity.json`;
  }
}
