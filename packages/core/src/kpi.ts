// Tallies of events per market per day, and the KPIs derived from them.

import { C, COUNTERS, KPI_ROWS, LEVEL_COUNTERS, type CounterName, type Kpis } from './kpi-table.ts';

export { C, COUNTERS, KPI_NAMES, type CounterName, type Kpis } from './kpi-table.ts';

/** Bins of the delivery-days histogram; longer deliveries land in the last bin. */
export const DELIVERY_BINS = 256;

/** Adds counter rows [from, to) of one market (or all when market < 0). */
export function sumCounters(
  daily: Float64Array,
  markets: number,
  fromDay: number,
  toDay: number,
  market: number,
): Float64Array {
  const out = new Float64Array(COUNTERS);
  for (let d = fromDay; d < toDay; d++) {
    for (let m = 0; m < markets; m++) {
      if (market >= 0 && m !== market) continue;
      const o = (d * markets + m) * COUNTERS;
      for (let k = 0; k < COUNTERS; k++) out[k]! += daily[o + k]!;
    }
  }
  // Levels are the last day's, not a sum.
  for (const k of LEVEL_COUNTERS) {
    let level = 0;
    for (let m = 0; m < markets; m++) {
      if (market >= 0 && m !== market) continue;
      level += daily[((toDay - 1) * markets + m) * COUNTERS + k]!;
    }
    out[k] = level;
  }
  return out;
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
