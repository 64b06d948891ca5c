// How KPIs read to a person, and the one table layout of the terminal.
import { KPI_NAMES, type Kpis, type SimResult } from '@shopsim/core';

export interface KpiInfo {
  label: string;
  unit: string;
  digits: number;
  percent?: boolean;
}

/** How each KPI reads to a person: plain name, unit and precision. */
export const KPI_INFO: Record<keyof Kpis, KpiInfo> = {
  visits: { label: 'Visits', unit: 'count', digits: 0 },
  checkouts: { label: 'Checkouts', unit: 'count', digits: 0 },
  conversionRate: { label: 'Conversion rate', unit: '% of visits', digits: 1, percent: true },
  paymentAbandonment: { label: 'Payment abandonment', unit: '% of checkouts', digits: 1, percent: true },
  orders: { label: 'Orders', unit: 'count', digits: 0 },
  gmv: { label: 'GMV', unit: 'currency', digits: 0 },
  averageOrderValue: { label: 'Average order value', unit: 'currency', digits: 2 },
  delivered: { label: 'Delivered', unit: 'count', digits: 0 },
  cancelled: { label: 'Cancelled', unit: 'count', digits: 0 },
  meanDeliveryDays: { label: 'Mean delivery time', unit: 'days', digits: 1 },
  p90DeliveryDays: { label: 'P90 delivery time', unit: 'days', digits: 0 },
  onTimeRate: { label: 'On time', unit: '% of deliveries', digits: 1, percent: true },
  problemRate: { label: 'Problem rate', unit: '% of deliveries', digits: 1, percent: true },
  returnRate: { label: 'Return rate', unit: '% of deliveries', digits: 1, percent: true },
  tickets: { label: 'Tickets', unit: 'count', digits: 0 },
  meanFirstResponseHours: { label: 'First response', unit: 'hours', digits: 2 },
  meanResolutionDays: { label: 'Resolution time', unit: 'days', digits: 1 },
  complaints: { label: 'Complaints', unit: 'count', digits: 0 },
  ratings: { label: 'Ratings posted', unit: 'count', digits: 0 },
  csat: { label: 'CSAT', unit: 'stars (1-5)', digits: 2 },
  satisfiedShare: { label: '4-5 star ratings', unit: '% of ratings', digits: 1, percent: true },
  returnSatisfiedShare: { label: '4-5 stars after a return', unit: '% of ratings', digits: 1, percent: true },
  repurchaseRate: { label: 'Repurchase rate', unit: '% of buyers', digits: 1, percent: true },
  memberRepurchaseRate: { label: 'Member repurchase rate', unit: '% of member buyers', digits: 1, percent: true },
  nonMemberRepurchaseRate: { label: 'Non-member repurchase rate', unit: '% of non-member buyers', digits: 1, percent: true },
  memberOrders: { label: 'Member orders', unit: 'count', digits: 0 },
  nonMemberOrders: { label: 'Non-member orders', unit: 'count', digits: 0 },
  memberAverageOrderValue: { label: 'Member order value', unit: 'currency per order', digits: 2 },
  nonMemberAverageOrderValue: { label: 'Non-member order value', unit: 'currency per order', digits: 2 },
  members: { label: 'Members (end)', unit: 'count', digits: 0 },
  newShoppers: { label: 'New shoppers', unit: 'count', digits: 0 },
  referredShoppers: { label: 'Referred new shoppers', unit: 'count', digits: 0 },
  arrivalsTurnedAway: { label: 'Arrivals beyond room', unit: 'count', digits: 0 },
  acquisitionSpend: { label: 'Acquisition spend', unit: 'currency', digits: 0 },
  acquisitionCostPerNewShopper: { label: 'Acquisition cost per new shopper', unit: 'currency per shopper', digits: 2 },
  firstOrders: { label: 'First orders', unit: 'count', digits: 0 },
  repeatOrders: { label: 'Repeat orders', unit: 'count', digits: 0 },
  firstOrderConversion: { label: 'First-order conversion', unit: "% of new shoppers' visits", digits: 2, percent: true },
  newShopperOrders: { label: 'Orders by new shoppers', unit: 'count', digits: 0 },
  returningShopperOrders: { label: 'Orders by returning shoppers', unit: 'count', digits: 0 },
  newShopperAverageOrderValue: { label: "New shoppers' order value", unit: 'currency per order', digits: 2 },
  returningShopperAverageOrderValue: { label: "Returning shoppers' order value", unit: 'currency per order', digits: 2 },
  newShopperRepurchaseRate: { label: "New shoppers' repurchase rate", unit: '% of new buyers', digits: 1, percent: true },
  returningShopperRepurchaseRate: { label: "Returning shoppers' repurchase rate", unit: '% of returning buyers', digits: 1, percent: true },
  lapsed: { label: 'Lapsed', unit: 'count', digits: 0 },
  refusedAtDoor: { label: 'Refused at the door', unit: 'count', digits: 0 },
  couponsIssued: { label: 'Delay coupons sent', unit: 'count', digits: 0 },
  couponsRedeemed: { label: 'Delay coupons redeemed', unit: 'count', digits: 0 },
  warehouseCost: { label: 'Warehouse fixed and holding cost', unit: 'currency', digits: 0 },
  returnShippingCost: { label: 'Return shipping paid', unit: 'currency', digits: 0 },
  refusalCost: { label: 'Door refusal cost', unit: 'currency', digits: 0 },
  memberBenefitCost: { label: 'Member benefit cost', unit: 'currency', digits: 0 },
  membershipFees: { label: 'Membership fees', unit: 'currency', digits: 0 },
  goodsCost: { label: 'Cost of goods kept', unit: 'currency', digits: 0 },
  marginPerOrder: { label: 'Margin per order', unit: 'currency per order', digits: 2 },
  activeShoppers: { label: 'Active shoppers (end)', unit: 'count', digits: 0 },
  inTransit: { label: 'In transit (end)', unit: 'count', digits: 0 },
  churned: { label: 'Churned', unit: 'count', digits: 0 },
  logisticsCost: { label: 'Logistics cost', unit: 'currency', digits: 0 },
  paymentCost: { label: 'Payment cost', unit: 'currency', digits: 0 },
  afterSalesCost: { label: 'After-sales cost', unit: 'currency', digits: 0 },
  compensationPaid: { label: 'Coupons redeemed (cost)', unit: 'currency', digits: 0 },
  refunds: { label: 'Refunds', unit: 'currency', digits: 0 },
  grossProfit: { label: 'Gross profit', unit: 'currency', digits: 0 },
  profitAfterAcquisition: { label: 'Profit after acquisition', unit: 'currency', digits: 0 },
};

// The visible width of a cell, without the ANSI codes that colour it.
const ANSI = /\u001b\[[0-9;]*m/g;
export const visibleLength = (s: string): number => s.replace(ANSI, '').length;

/**
 * The one table layout of every command: first column left, the rest right-aligned, two
 * spaces apart, a dashed rule under the header. Padding ignores colour codes, so coloured
 * cells line up; trailing spaces are cut.
 */
export function renderTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(visibleLength(h), ...rows.map((r) => visibleLength(r[c] ?? ''))));
  const pad = (cell: string, c: number) => {
    const fill = ' '.repeat(Math.max(0, widths[c]! - visibleLength(cell)));
    return c === 0 ? cell + fill : fill + cell;
  };
  const line = (cells: string[]) => cells.map(pad).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

type StatLike = { mean: number | null; sd?: number | null; lo: number | null; hi: number | null; n: number };

const isNumber = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);
const infoOf = (kpi: string): KpiInfo => (Object.hasOwn(KPI_INFO, kpi) ? KPI_INFO[kpi as keyof Kpis] : { label: kpi, unit: '', digits: 2 });

/** A KPI value in its unit's precision (or `digits`); shares as percent; '-' when undefined. */
export function formatKpi(kpi: string, v: number | null | undefined, digits?: number): string {
  if (!isNumber(v)) return '-';
  const info = infoOf(kpi);
  const x = info.percent ? v * 100 : v;
  const d = digits ?? info.digits;
  return x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
}

/**
 * Decimals that show a CI's half-width to one significant digit, and never fewer than the
 * KPI's own: a significant difference never prints as "+0.0 [+0.0, +0.0]".
 */
export function digitsFor(kpi: string, s: StatLike): number {
  const info = infoOf(kpi);
  if (s.n < 2 || !isNumber(s.lo) || !isNumber(s.hi)) return info.digits;
  const half = ((s.hi - s.lo) / 2) * (info.percent ? 100 : 1);
  if (!(half > 0)) return info.digits;
  return Math.min(info.digits + 4, Math.max(info.digits, Math.ceil(-Math.log10(half))));
}

/** "mean ± half-width" of a 95% CI, or the mean alone for a single replication. */
export function formatStat(kpi: string, s: StatLike | null | undefined): string {
  if (!s) return '-';
  const d = digitsFor(kpi, s);
  const mean = formatKpi(kpi, s.mean, d);
  if (s.n < 2 || !isNumber(s.lo) || !isNumber(s.hi)) return mean;
  return `${mean} ± ${formatKpi(kpi, (s.hi - s.lo) / 2, d)}`;
}

/** A signed difference with its 95% CI: "+0.12 [+0.05, +0.19]"; shares in percentage points. */
export function formatDiff(kpi: string, d: StatLike | null | undefined): string {
  if (!d || !isNumber(d.mean)) return '-';
  const digits = digitsFor(kpi, d);
  const signed = (v: number | null) => (v === null ? '-' : `${v > 0 ? '+' : ''}${formatKpi(kpi, v, digits)}`);
  if (d.n < 2 || !isNumber(d.lo) || !isNumber(d.hi)) return signed(d.mean);
  return `${signed(d.mean)} [${signed(d.lo)}, ${signed(d.hi)}]`;
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
    KPI_INFO[k].label,
    KPI_INFO[k].unit,
    formatKpi(k, result.kpis[k]),
    ...result.markets.map((m) => formatKpi(k, result.byMarket[m.id]![k])),
  ]);
  return renderTable(header, rows);
}
