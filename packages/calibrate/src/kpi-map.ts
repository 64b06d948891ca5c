// From the report's KPI names to the simulation's results.
import type { Kpis } from '@shopsim/core';

/** Whole-run (or half-window) KPIs of one replication: all markets and per market. */
export interface KpiSource {
  kpis: Kpis;
  byMarket: Record<string, Kpis>;
}

/**
 * Why the model cannot measure a report KPI, or undefined when it can. Such
 * targets are listed as "cannot express" by check, never silently skipped.
 */
export function kpiProblem(kpi: string): string | undefined {
  switch (kpi) {
    case 'days_between_orders':
      return 'the model does not count days between a buyer\'s consecutive orders';
    case 'gmv_per_buyer':
      return 'the model does not report buyers per year (GMV per buyer)';
    default:
      return undefined;
  }
}

/**
 * The report's KPIs. satisfied_share in a lever effect is measured among
 * orders that had a return (the report's wording), else over all ratings.
 */
export function reportKpi(result: KpiSource, kpi: string, market?: string, context: 'level' | 'effect' = 'level'): number {
  let k: Kpis | undefined = result.kpis;
  if (market !== undefined) {
    k = result.byMarket[market];
    if (!k) throw new Error(`market "${market}" is not in the scenario`);
  }
  switch (kpi) {
    case 'csat':
      return k.csat;
    case 'repurchase_rate':
      return k.repurchaseRate;
    case 'return_rate':
      return k.returnRate;
    case 'payment_abandonment':
      return k.paymentAbandonment;
    case 'payment_conversion':
      return 1 - k.paymentAbandonment;
    case 'satisfied_share':
      return context === 'effect' ? k.returnSatisfiedShare : k.satisfiedShare;
    case 'orders':
      return k.orders;
    case 'gross_profit':
      return k.grossProfit;
    default:
      throw new Error(`the model cannot measure the report kpi "${kpi}": ${kpiProblem(kpi) ?? 'unknown'}`);
  }
}
