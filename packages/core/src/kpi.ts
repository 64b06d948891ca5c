// Tallies of events per market per day, and the KPIs derived from them.

import { C, COUNTERS, KPI_ROWS, LEVEL_COUNTERS, type CounterName, type Kpis } from './kpi-table.ts';

export { C, COUNTERS, KPI_NAMES, type CounterName, type Kpis } from './kpi-table.ts';

/** Bins of the delivery-days histogram; longer deliveries land in the last bin. */
export const DELIVERY_BINS = 256;

/**
 * Counter rows [from, to) added up for every market and for all markets in one
 * pass over the days: a market's total adds its rows day by day, the all-
 * markets total each day's markets in order (results to the bit as before
 * the two were fused).
 */
export function windowCounters(daily: Float64Array, markets: number, fromDay: number, toDay: number): { all: Float64Array; byMarket: Float64Array[] } {
  const all = new Float64Array(COUNTERS);
  const byMarket = Array.from({ length: markets }, () => new Float64Array(COUNTERS));
  for (let d = fromDay; d < toDay; d++) {
    for (let m = 0; m < markets; m++) {
      const o = (d * markets + m) * COUNTERS;
      const own = byMarket[m]!;
      for (let k = 0; k < COUNTERS; k++) {
        const v = daily[o + k]!;
        all[k]! += v;
        own[k]! += v;
      }
    }
  }
  for (const k of LEVEL_COUNTERS) {
    let level = 0;
    for (let m = 0; m < markets; m++) {
      const v = daily[((toDay - 1) * markets + m) * COUNTERS + k]!;
      level += v;
      byMarket[m]![k] = 0 + v;
    }
    all[k] = level;
  }
  return { all, byMarket };
}

export function percentileFromHistogram(hist: Uint32Array, q: number): number {
  let total = 0;
  for (const n of hist) total += n;
  if (total === 0) return 0;
  const target = q * total;
  let seen = 0;
  for (let b = 0; b < hist.length; b++) {
    seen += hist[b]!;
    if (seen >= target) return b;
  }
  return hist.length - 1;
}

export function kpisFrom(t: Float64Array, p90DeliveryDays: number): Kpis {
  const v = (k: CounterName) => t[C[k]]!;
  const out = {} as Kpis;
  for (const row of KPI_ROWS) out[row.name] = row.value(v, p90DeliveryDays);
  return out;
}
