// Shoppers may buy while a parcel is in transit (behaviour openOrders 2):
// the effect on orders has the size renewal theory gives, and no order,
// delivery, case or shopper is counted twice. Paired seeds (common random
// numbers); margins from the spread of the paired differences.
import { describe, expect, it } from 'vitest';
import type { SimConfig } from './config.ts';
import { Engine } from './engine.ts';
import { C, COUNTERS, windowCounters } from './kpi.ts';
import { smallScenario } from './testing.ts';

// Two-sided 99% Student t quantile with 4 degrees of freedom (5 paired seeds).
const T_CRIT = 4.604;
const SEEDS = [1, 2, 3, 4, 5];

function withOpenOrders(config: SimConfig, openOrders: number): SimConfig {
  return { ...config, behaviour: { ...config.behaviour, openOrders } };
}

/** One market, every shopper alike and unchanging (no learning of trust, no word of mouth, no churn, no recency). */
function alike(shoppers: number, days: number, visitScale: number): SimConfig {
  const s = smallScenario(shoppers, days);
  return {
    ...s,
    memberShare: 0,
    markets: [{ ...s.markets[0]!, shopperShare: 1, visitsPerDay: s.markets[0]!.visitsPerDay * visitScale }],
    behaviour: { ...s.behaviour, visitSpread: 0, sensitivitySpread: 0, trustLearning: 0, wordOfMouthWeight: 0, churnBase: 0, churnPerBad: 0, recencyBoost: 0 },
  };
}

function run(config: SimConfig, seed: number): { t: Float64Array; inTransit: number[] } {
  const e = new Engine(config, seed);
  e.run();
  const m = config.markets.length;
  const inTransit = Array.from({ length: config.days }, (_, d) => {
    let n = 0;
    for (let mi = 0; mi < m; mi++) n += e.daily[(d * m + mi) * COUNTERS + C.inTransit]!;
    return n;
  });
  return { t: windowCounters(e.daily, m, 0, config.days).all, inTransit };
}

const meanSe = (xs: number[]) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
  return { mean, se: sd / Math.sqrt(xs.length) };
};

describe('buying while a parcel is in transit', () => {
  it('raises frequent buyers\' orders by about the share of time an open order used to block them', () => {
    // With one open order a shopper alternates between waiting for a
    // purchase (rate a) and a busy spell of D days: orders per day are
    // 1 / (1/a + D). With more open orders the busy spells no longer
    // block, orders per day are a, so orders rise by 1 / (1 - busy share) - 1,
    // the busy share (days with an open order over shopper-days) measured in
    // the run with one open order.
    const base = alike(5_000, 240, 4);
    const rise: number[] = [];
    const predicted: number[] = [];
    for (const seed of SEEDS) {
      const one = run(withOpenOrders(base, 1), seed).t;
      const two = run(withOpenOrders(base, 2), seed).t;
      rise.push(two[C.orders]! / one[C.orders]! - 1);
      const busy = (one[C.deliveryDaysSum]! + one[C.resolutionDaysSum]!) / (base.shoppers * base.days);
      predicted.push(1 / (1 - busy) - 1);
    }
    const r = meanSe(rise);
    const p = meanSe(predicted).mean;
    const info = JSON.stringify({ rise: r, predicted: p });
    expect(r.mean, info).toBeGreaterThan(T_CRIT * r.se);
    // Whole-day visits, the cap of two open orders and cases of whole days
    // keep the model off the continuous-time figure; the band allows for that.
    expect(r.mean + T_CRIT * r.se, info).toBeGreaterThan(0.5 * p);
    expect(r.mean - T_CRIT * r.se, info).toBeLessThan(2 * p);
  });

  it('counts every order, delivery, case and shopper once', () => {
    const config = withOpenOrders(smallScenario(5_000, 240), 2);
    for (const seed of [1, 2, 3]) {
      const { t, inTransit } = run(config, seed);
      // Every order is delivered, cancelled, refused at the door or still on its way.
      expect(t[C.delivered]! + t[C.cancelled]! + t[C.refusedAtDoor]! + inTransit.at(-1)!).toBe(t[C.orders]);
      // Every problem is a return or a ticket, each one case.
      expect(t[C.returns]! + t[C.tickets]!).toBe(t[C.problems]);
      expect(t[C.cases]).toBe(t[C.problems]);
      // An order ends in at most one rating; a shopper leaves at most once.
      expect(t[C.ratings]!).toBeLessThanOrEqual(t[C.delivered]! + t[C.cancelled]!);
      expect(t[C.activeShoppers]! + t[C.churned]! + t[C.lapsed]!).toBe(config.shoppers);
      expect(t[C.orders]!).toBeGreaterThan(0);
    }
  });

  it('lets a shopper have two orders on the way, never three', () => {
    // A few shoppers who buy every few days and wait a week or more for each parcel.
    const base = alike(100, 60, 2000);
    for (const seed of [1, 2, 3]) {
      const one = Math.max(...run(withOpenOrders(base, 1), seed).inTransit);
      const two = Math.max(...run(withOpenOrders(base, 2), seed).inTransit);
      expect(one).toBeLessThanOrEqual(base.shoppers);
      expect(two).toBeGreaterThan(base.shoppers);
      expect(two).toBeLessThanOrEqual(2 * base.shoppers);
    }
  });
});
