// Plain names, units, one-line definitions and the better direction of every KPI and
// daily series, so tables and charts read to a strategist without the code at hand.
// Everything here is derived from KPI_ROWS (packages/core/src/kpi-table.ts); only the
// two daily series that are not KPIs have their own row.
import { COUNTER_ROWS, KPI_ROWS, MONEY, type DailyRow, type KpiRow, type Kpis } from '@shopsim/core';
import type { KpiInfo } from '@shopsim/studio';

export type KpiName = keyof Kpis;
export type { Better } from '@shopsim/core';

/** A KPI's facts as the studio shows them (its KpiInfo, from KPI_ROWS), and whether it adds up over markets. */
export interface KpiGlossaryEntry extends KpiInfo {
  /** Adds up over markets (counts and money totals), so all markets dwarfs each market on one axis. */
  additive: boolean;
}

// Counts and money totals add up over markets; shares, means and per-order values do not.
const isAdditive = (unit: string): boolean => unit === 'count' || unit === MONEY;

function entryOf(row: Pick<KpiRow, 'label' | 'unit' | 'digits' | 'percent' | 'better' | 'description'>): KpiGlossaryEntry {
  return { label: row.label, unit: row.unit, digits: row.digits, percent: row.percent ?? false, definition: row.description, better: row.better, additive: isAdditive(row.unit) };
}

export const KPI_GLOSSARY: Record<KpiName, KpiGlossaryEntry> = Object.fromEntries(KPI_ROWS.map((r) => [r.name, entryOf(r)])) as Record<KpiName, KpiGlossaryEntry>;

export type DailyField = Exclude<keyof DailyRow, 'day' | 'market'>;

export interface DailyGlossaryEntry {
  label: string;
  unit: string;
  /** Axis label with the unit, e.g. "Orders per day". */
  axis: string;
  percent: boolean;
  /** Digits shown after the point: the KPI's of the same name. */
  digits: number;
  /** A count or money total that adds up over markets (no "all markets" line beside the markets). */
  additive: boolean;
  /** A level at the end of the day rather than a flow, so its axis need not start at 0. */
  level?: boolean;
  definition: string;
}

/** Daily series in display order; all but two are a KPI worked out over one day. */
const DAILY_FIELDS = [
  'visits', 'orders', 'gmv', 'conversionRate', 'paymentAbandonment', 'delivered', 'meanDeliveryDays', 'onTimeRate',
  'returns', 'tickets', 'complaints', 'ratings', 'csat', 'activeShoppers', 'churned', 'inTransit', 'grossProfit', 'platformRating',
] as const satisfies readonly DailyField[];

// Daily series with no KPI of the same name.
const NOT_KPIS: Partial<Record<DailyField, Pick<KpiRow, 'label' | 'unit' | 'digits' | 'better' | 'description'>>> = {
  returns: { label: 'Returns', unit: 'count', digits: 0, better: 'lower', description: 'Items returned.' },
  platformRating: { label: 'Platform rating', unit: 'stars (1-5)', digits: 2, better: 'higher', description: 'The rating word of mouth carries in the market.' },
};

// Every daily field is listed (a new DailyRow field fails to compile until it is).
const everyField: [Exclude<DailyField, (typeof DAILY_FIELDS)[number]>] extends [never] ? true : false = true;
void everyField;

// Levels (counted at the end of the day) are the counters marked `level` in the core.
const LEVELS = new Set<string>(COUNTER_ROWS.filter((r) => 'level' in r).map((r) => r.name));

function dailyEntry(field: DailyField): DailyGlossaryEntry {
  const kpi = KPI_ROWS.find((r) => r.name === field);
  const g = entryOf(kpi ?? NOT_KPIS[field]!);
  const level = LEVELS.has(field);
  const perDay = g.additive && !level;
  // "stars (1-5)" reads "(stars, 1-5)" in an axis title.
  const unitNote = g.unit === 'count' ? '' : ` (${g.unit.replace(/ \((.*)\)$/, ', $1')})`;
  const axis = perDay ? `${g.label} per day${unitNote}` : `${g.label}${unitNote}`;
  const definition = level ? `${g.definition} Counted at the end of each day.` : `${g.definition} Each day on its own.`;
  return { label: g.label, unit: g.unit, axis, percent: g.percent, digits: g.digits, additive: g.additive, ...(level ? { level } : {}), definition };
}

export const DAILY_GLOSSARY: Record<DailyField, DailyGlossaryEntry> = Object.fromEntries(DAILY_FIELDS.map((f) => [f, dailyEntry(f)])) as Record<DailyField, DailyGlossaryEntry>;

/** The daily series a strategist looks at first: volume, satisfaction, speed, returns. */
export const MAIN_DAILY_FIELDS: DailyField[] = ['orders', 'csat', 'meanDeliveryDays', 'returns'];

/** The KPIs shown as cards and compared first. */
export const HEADLINE_KPIS: KpiName[] = [
  'orders', 'gmv', 'conversionRate', 'paymentAbandonment', 'meanDeliveryDays', 'onTimeRate',
  'returnRate', 'meanResolutionDays', 'csat', 'repurchaseRate', 'churned', 'grossProfit',
];

export function isKpiName(name: string): name is KpiName {
  return Object.hasOwn(KPI_GLOSSARY, name);
}
