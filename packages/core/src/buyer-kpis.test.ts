// Days between orders and GMV per buyer, checked from outside: recounted
// order by order from the daily series of one-shopper runs (every order is
// that shopper's; a gap counts when both orders lie in one repurchase
// window, a buyer once per window), and moved the right way by levers that make shoppers buy
// more often (paired seeds, margins from the spread of the differences).
import { describe, expect, it } from 'vitest';
import type { SimConfig } from './config.ts';
import type { Kpis } from './kpi.ts';
import { simulate, type SimResult } from './simulate.ts';
import { pairedEffect, smallScenario, uniformMarkets, withLevers } from './testing.ts';

// Two-sided 99% Student t quantile with 4 degrees of freedom (5 paired seeds).
const T_CRIT = 4.604;
const WARMUP = 200;
const WINDOW = 300;

/** One shopper who visits often, a warm-up, then two repurchase windows (so the halves are windows). */
function oneShopper(openOrders: number): SimConfig {
  const s = smallScenario(1, WARMUP + 2 * WINDOW);
  return {
    ...s,
    warmupDays: WARMUP,
    repurchaseWindowDays: WINDOW,
    markets: s.markets.map((m) => ({ ...m, visitsPerDay: m.visitsPerDay * 20 })),
    behaviour: { ...s.behaviour, openOrders },
  };
}

/** The day of every order placed in the market ('all' for every market), in order: a day with two orders is listed twice. */
function orderDays(r: SimResult, market: string): number[] {
  return r.daily.filter((row) => row.market === market).flatMap((row) => Array<number>(row.orders).fill(row.day));
}

/** The repurchase window (counted from the warm-up's end) of a day. */
const windowOf = (day: number) => Math.floor((day - WARMUP) / WINDOW);

/** Mean days from each order placed in [from, to) to the order before it, when both lie in one repurchase window. */
function meanGap(days: number[], from: number, to: number): number {
  let sum = 0;
  let gaps = 0;
  for (let k = 1; k < days.length; k++) {
    if (days[k]! < from || days[k]! >= to || windowOf(days[k]!) !== windowOf(days[k - 1]!)) continue;
    sum += days[k]! - days[k - 1]!;
    gaps++;
  }
  return gaps > 0 ? sum / gaps : Number.NaN;
}

/** GMV in [from, to) over the repurchase windows (from the warm-up's end) in which the shopper ordered. */
function gmvPerBuyer(r: SimResult, market: string, from: number, to: number): number {
  const rows = r.daily.filter((row) => row.market === market && row.day >= from && row.day < to);
  const windows = new Set(rows.filter((row) => row.orders > 0).map((row) => windowOf(row.day)));
  const gmv = rows.reduce((s, row) => s + row.gmv, 0);
  return windows.size > 0 ? gmv / windows.size : Number.NaN;
}

describe('days between orders and GMV per buyer', () => {
  for (const openOrders of [1, 2]) {
    it(`equal an order-by-order recount of one-shopper runs, whole run, halves and markets (openOrders ${openOrders})`, () => {
      const config = oneShopper(openOrders);
      const mid = WARMUP + WINDOW;
      const end = config.days;
      let gaps = 0;
      let acrossWarmup = 0;
      let acrossHalves = 0;
      for (let seed = 1; seed <= 12; seed++) {
        const r = simulate(config, { seed, halves: true });
        expect(r.kpis.newShoppers).toBe(0);
        const periods: [Kpis, Record<string, Kpis>, number, number][] = [
          [r.kpis, r.byMarket, WARMUP, end],
          [r.halves![0].kpis, r.halves![0].byMarket, WARMUP, mid],
          [r.halves![1].kpis, r.halves![1].byMarket, mid, end],
        ];
        for (const [kpis, byMarket, from, to] of periods) {
          expect(kpis.daysBetweenOrders, `seed ${seed}, days ${from}-${to}`).toBe(meanGap(orderDays(r, 'all'), from, to));
          expect(kpis.gmvPerBuyer, `seed ${seed}, days ${from}-${to}`).toBe(gmvPerBuyer(r, 'all', from, to));
          for (const { id } of r.markets) {
            expect(byMarket[id]!.daysBetweenOrders, `${id}, seed ${seed}`).toBe(meanGap(orderDays(r, id), from, to));
            expect(byMarket[id]!.gmvPerBuyer, `${id}, seed ${seed}`).toBe(gmvPerBuyer(r, id, from, to));
          }
        }
        const days = orderDays(r, 'all');
        for (let k = 1; k < days.length; k++) {
          if (days[k]! >= WARMUP && windowOf(days[k]!) === windowOf(days[k - 1]!)) gaps++;
          if (days[k - 1]! < WARMUP && days[k]! >= WARMUP) acrossWarmup++;
          if (days[k - 1]! < mid && days[k]! >= mid) acrossHalves++;
        }
      }
      // The recount is not empty, and it meets gaps reaching back across a window's start (left out).
      expect(gaps).toBeGreaterThan(100);
      expect(acrossWarmup).toBeGreaterThan(2);
      expect(acrossHalves).toBeGreaterThan(2);
    });
  }

  it('settle after the warm-up: the second window differs from the first by under 10% (gaps into earlier windows would grow with the run)', () => {
    // Shoppers present at day 0 have no orders before it: a gap reaching back
    // to the previous window could be as long as the run so far.
    const config: SimConfig = { ...smallScenario(20_000, 540 + 2 * 365), warmupDays: 540, repurchaseWindowDays: 365 };
    for (const kpi of ['daysBetweenOrders', 'gmvPerBuyer'] as const) {
      const first: number[] = [];
      const drift: number[] = [];
      for (const seed of [1, 2, 3, 4, 5]) {
        const [a, b] = simulate(config, { seed, daily: false, halves: true }).halves!;
        first.push(a.kpis[kpi]);
        drift.push(b.kpis[kpi] - a.kpis[kpi]);
      }
      const mean = (xs: number[]) => xs.reduce((x, y) => x + y, 0) / xs.length;
      const se = Math.sqrt(drift.reduce((x, d) => x + (d - mean(drift)) ** 2, 0) / (drift.length - 1) / drift.length);
      expect(Math.abs(mean(drift)) + T_CRIT * se, `${kpi}: ${JSON.stringify({ first, drift })}`).toBeLessThan(0.1 * mean(first));
    }
  });

  describe('move with how often shoppers buy', () => {
    const base: SimConfig = { ...uniformMarkets(smallScenario(20_000, 365)), warmupDays: 120 };
    const oftener: SimConfig = { ...base, markets: base.markets.map((m) => ({ ...m, visitsPerDay: m.visitsPerDay * 1.5 })) };

    it('shoppers who visit more often order again sooner and spend more per buyer', () => {
      expect(pairedEffect(base, oftener, (k) => k.daysBetweenOrders).t).toBeLessThan(-T_CRIT);
      expect(pairedEffect(base, oftener, (k) => k.gmvPerBuyer).t).toBeGreaterThan(T_CRIT);
    });

    it('a lower price index shortens the days between orders', () => {
      const cheap = withLevers(base, { priceIndex: 0.8 });
      expect(pairedEffect(base, cheap, (k) => k.daysBetweenOrders).t).toBeLessThan(-T_CRIT);
    });

    it('GMV per buyer is GMV over buyers: orders per buyer are at least one plus the repurchase rate', () => {
      // Every buyer has one order and every repeat buyer at least one more.
      for (const seed of [1, 2, 3]) {
        const k = simulate(base, { seed, daily: false }).kpis;
        const ordersPerBuyer = k.gmvPerBuyer / k.averageOrderValue;
        expect(ordersPerBuyer).toBeGreaterThanOrEqual(1 + k.repurchaseRate - 1e-12);
      }
    });
  });
});
