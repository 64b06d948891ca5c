// Plain-text tables of KPIs for the terminal.
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
