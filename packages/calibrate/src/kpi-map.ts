// From the report's KPIs to the simulation's results.
import type { Kpis } from '@shopsim/core';

/** Whole-run (or half-window) KPIs of one replication: all markets and per market. */
export interface KpiSource {
  kpis: Kpis;
  byMarket: Record<string, Kpis>;
}

type Context = 'level' | 'effect';

/**
 * Each report KPI the model measures, from one replication's KPIs. The report
 * defines days_between_orders as the mean days between consecutive orders of
 * the same buyer and gmv_per_buyer as GMV / buyers over the year: the
 * engine's daysBetweenOrders and gmvPerBuyer (packages/core/src/kpi-table.ts).
 */
const REPORT_KPIS: Record<string, (k: Kpis, context: Context) => number> = {
  csat: (k) => k.csat,
  repurchase_rate: (k) => k.repurchaseRate,
  return_rate: (k) => k.returnRate,
  payment_abandonment: (k) => k.paymentAbandonment,
  payment_conversion: (k) => 1 - k.paymentAbandonment,
  // Measured among orders that had a return in a lever effect (the report's wording), else over all ratings.
  satisfied_share: (k, context) => (context === 'effect' ? k.returnSatisfiedShare : k.satisfiedShare),
  orders: (k) => k.orders,
  gross_profit: (k) => k.grossProfit,
  days_between_orders: (k) => k.daysBetweenOrders,
  gmv_per_buyer: (k) => k.gmvPerBuyer,
};

/**
 * Why the model cannot measure a report KPI, or undefined when it can. Such
 * targets are listed as "cannot express" by check, never silently skipped.
 */
export function kpiProblem(kpi: string): string | undefined {
  return Object.hasOwn(REPORT_KPIS, kpi) ? undefined : `the model has no measure of the report kpi "${kpi}"`;
}

/** A report KPI of one replication, all markets or one market's. */
export function reportKpi(result: KpiSource, kpi: string, market?: string, context: Context = 'level'): number {
  let k: Kpis | undefined = result.kpis;
  if (market !== undefined) {
    k = result.byMarket[market];
    if (!k) throw new Error(`market "${market}" is not in the scenario`);
  }
  const measure = REPORT_KPIS[kpi];
  if (!measure) throw new Error(`the model cannot measure the report kpi "${kpi}": ${kpiProblem(kpi)}`);
  return measure(k, context);
}
