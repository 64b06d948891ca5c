// From the report's KPI names to the simulation's results.
import type { Kpis, SimResult } from '@shopsim/core';

/**
 * The report's KPIs. satisfied_share in a lever effect is measured among
 * orders that had a return (the report's wording), else over all ratings.
 */
export function reportKpi(result: SimResult, kpi: string, market?: string, context: 'level' | 'effect' = 'level'): number {
  let k: Kpis | undefined = result.kpis;
  if (market !== undefined) {
    k = result.byMarket[market];
    if (!k) throw new Error(`market "${market}" is not in scenario "${result.scenario}"`);
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
    default:
      throw new Error(`unknown report kpi "${kpi}"`);
  }
}
