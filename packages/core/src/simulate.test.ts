import { describe, expect, it } from 'vitest';
import { simulate } from './simulate.ts';
import { smallScenario, pairedEffect, uniformMarkets, withLevers } from './testing.ts';
import type { SimConfig } from './config.ts';

// Two-sided 99% Student t quantile with 4 degrees of freedom (5 paired seeds):
// an effect must stand this many standard errors clear of zero.
const T_CRIT = 4.604;

describe('reproducibility', () => {
  it('gives bit-identical results for the same config and seed', () => {
    const c = smallScenario(5_000, 120);
    expect(JSON.stringify(simulate(c, { seed: 42 }))).toBe(JSON.stringify(simulate(c, { seed: 42 })));
  });

  it('gives the same result whatever ran before it in the thread (reused memory is cleared)', () => {
    const c = smallScenario(5_000, 120);
    const first = JSON.stringify(simulate(c, { seed: 42 }));
    // A slightly bigger run leaves its arrays, full of its own state, for the next run to reuse.
    simulate(smallScenario(5_500, 150), { seed: 7 });
    expect(JSON.stringify(simulate(c, { seed: 42 }))).toBe(first);
  });

  it('gives the same KPIs without the daily series, which it then leaves empty', () => {
    const c = smallScenario(5_000, 120);
    const full = simulate(c, { seed: 4 });
    const lean = simulate(c, { seed: 4, daily: false });
    expect(lean.daily).toEqual([]);
    expect(full.daily.length).toBe(120 * (c.markets.length + 1));
    expect(lean.kpis).toEqual(full.kpis);
    expect(lean.byMarket).toEqual(full.byMarket);
  });

  it('gives different results for different seeds', () => {
    const c = smallScenario(5_000, 120);
    const a = simulate(c, { seed: 1 }).kpis;
    const b = simulate(c, { seed: 2 }).kpis;
    expect(a.orders).not.toBe(b.orders);
    expect(a.gmv).not.toBe(b.gmv);
  });

  it('uses the config seed when no seed is given', () => {
    const c = { ...smallScenario(2_000, 60), seed: 9 };
    expect(simulate(c).kpis).toEqual(simulate(c, { seed: 9 }).kpis);
  });

  it('reports progress up to the last day', () => {
    const seen: number[] = [];
    simulate(smallScenario(1_000, 50), { onProgress: (d) => seen.push(d) });
    expect(seen.at(-1)).toBe(50);
    expect(seen).toEqual([...seen].sort((x, y) => x - y));
  });
});

describe('accounting identities', () => {
  const c = smallScenario(20_000, 200);
  const disrupted: SimConfig = {
    ...c,
    timeline: [{ kind: 'disruption', startDay: 50, days: 40, transitMultiplier: 4, warehouseExposure: 0.5 }],
  };
  const r = simulate(disrupted, { seed: 3 });
  const all = [r.kpis, ...Object.values(r.byMarket)];

  it('accounts every order as delivered, cancelled, refused at the door or in transit', () => {
    expect(r.kpis.cancelled).toBeGreaterThan(0);
    for (const k of all) expect(k.delivered + k.cancelled + k.refusedAtDoor + k.inTransit).toBe(k.orders);
  });

  it('never returns more than it delivered, nor has more problems than deliveries', () => {
    for (const k of all) {
      expect(k.returnRate).toBeLessThanOrEqual(k.problemRate);
      expect(k.problemRate).toBeLessThanOrEqual(1);
    }
  });

  it('has GMV equal to the sum of paid orders over markets and days', () => {
    const byMarket = Object.values(r.byMarket).reduce((s, k) => s + k.gmv, 0);
    const byDay = r.daily.filter((d) => d.market === 'all').reduce((s, d) => s + d.gmv, 0);
    expect(byMarket).toBeCloseTo(r.kpis.gmv, 4);
    expect(byDay).toBeCloseTo(r.kpis.gmv, 4);
    expect(r.kpis.averageOrderValue * r.kpis.orders).toBeCloseTo(r.kpis.gmv, 4);
  });

  it('funnels visits into checkouts into orders', () => {
    for (const k of all) {
      expect(k.checkouts).toBeLessThanOrEqual(k.visits);
      expect(k.orders).toBe(Math.round(k.checkouts * (1 - k.paymentAbandonment)));
    }
  });

  it('keeps every shopper either active or churned', () => {
    for (const id of Object.keys(r.byMarket)) {
      const k = r.byMarket[id]!;
      const first = r.daily.find((d) => d.market === id)!;
      expect(k.activeShoppers + k.churned).toBe(first.activeShoppers + first.churned);
    }
    expect(r.kpis.activeShoppers + r.kpis.churned).toBe(disrupted.shoppers);
  });

  it('keeps ratings on the 1-5 star scale', () => {
    for (const k of all) {
      expect(k.csat).toBeGreaterThanOrEqual(1);
      expect(k.csat).toBeLessThanOrEqual(5);
    }
  });
});

describe('purchases drawn by thinning', () => {
  it('reach checkout from the visits counted at the logit probability', () => {
    // Everyone has the same purchase probability σ(-2) on every visit: no
    // price, delivery, rating, trust or loyalty terms, and no spread of visit
    // rates (so hardly anyone could buy twice in a day). Checkouts per
    // counted visit must then come out at σ(-2), whatever the thinning bound.
    const base = smallScenario(40_000, 365);
    const config: SimConfig = {
      ...base,
      markets: base.markets.map((m) => ({ ...m, priceSensitivity: 0, deliverySensitivity: 0 })),
      behaviour: { ...base.behaviour, purchaseIntercept: -2, ratingWeight: 0, trustWeight: 0, memberLoyaltyWeight: 0, visitSpread: 0 },
    };
    const p = 1 / (1 + Math.exp(2));
    const k = simulate(config, { seed: 11, daily: false }).kpis;
    const standardError = Math.sqrt((p * (1 - p)) / k.visits);
    expect(k.visits).toBeGreaterThan(50_000);
    expect(Math.abs(k.checkouts / k.visits - p)).toBeLessThan(4 * standardError);
  });
});

describe('levers move KPIs the right way (common random numbers, 5 seeds)', () => {
  const base = uniformMarkets(smallScenario());

  it('faster delivery raises conversion and CSAT', () => {
    const slow = withLevers(base, { warehouseShare: 0.1 });
    const fast = withLevers(base, { warehouseShare: 0.9 });
    expect(pairedEffect(slow, fast, (k) => k.conversionRate).t).toBeGreaterThan(T_CRIT);
    expect(pairedEffect(slow, fast, (k) => k.csat).t).toBeGreaterThan(T_CRIT);
    expect(pairedEffect(slow, fast, (k) => k.meanDeliveryDays).t).toBeLessThan(-T_CRIT);
  });

  it("offering the shoppers' preferred payment methods lowers payment abandonment", () => {
    const cardOnly = withLevers(base, {});
    cardOnly.levers.paymentMethods = { card: { feeShare: 0.025, failureRate: 0.04 } };
    expect(pairedEffect(cardOnly, base, (k) => k.paymentAbandonment).t).toBeLessThan(-T_CRIT);
  });

  it('slower after-sales lowers CSAT and repurchase and raises churn', () => {
    // Churn follows a few bad experiences, so its effect needs more shoppers
    // than the other levers' to stand clear of the noise. It is counted per
    // order: slow after-sales also costs orders (trust, visits), and with
    // fewer experiences there are fewer occasions to leave.
    const base = uniformMarkets(smallScenario(100_000));
    const slow = withLevers(base, {
      afterSales: { firstResponseHours: 72, aiShare: 0, resolutionDays: 25, returnCycleDays: 45 },
    });
    expect(pairedEffect(base, slow, (k) => k.csat).t).toBeLessThan(-T_CRIT);
    // Not only a sign: 2019-like after-sales costs at least half a point of
    // repurchase (-1.00 +- 0.04 points here; -1.25 on 042d453, so this floor
    // does not tell the two apart: packages/scenario/test/demand-effects.test.ts
    // 'moves repurchase through after-sales' does, on the shipped 2024
    // scenario). The report's apparel seller saw repeat buyers order twice as
    // often once after-sales was fast (targets/report-2019-2024-v2.yaml):
    // docs/model.md §6.2 lists that gap.
    const repurchase = pairedEffect(base, slow, (k) => k.repurchaseRate);
    expect(repurchase.mean + T_CRIT * repurchase.standardError, JSON.stringify(repurchase)).toBeLessThan(-0.005);
    expect(pairedEffect(base, slow, (k) => k.churned / k.orders).t).toBeGreaterThan(T_CRIT);
  });

  it('compensation for late parcels lowers complaints', () => {
    const none = withLevers(base, { compensation: { enabled: 0 } });
    const coupons = withLevers(base, { compensation: { enabled: 1, couponValue: 5 } });
    expect(pairedEffect(none, coupons, (k) => k.complaints).t).toBeLessThan(-T_CRIT);
    expect(pairedEffect(none, coupons, (k) => k.compensationPaid).t).toBeGreaterThan(T_CRIT);
  });

  it("membership raises members' repurchase", () => {
    const off = withLevers(base, { membership: { enabled: 0 } });
    const on = withLevers(base, { membership: { enabled: 1 } });
    expect(pairedEffect(off, on, (k) => k.memberRepurchaseRate).t).toBeGreaterThan(T_CRIT);
  });

  it('a higher price index lowers conversion', () => {
    const dear = withLevers(base, { priceIndex: 1.2 });
    expect(pairedEffect(base, dear, (k) => k.conversionRate).t).toBeLessThan(-T_CRIT);
  });

  it('better product fit (fewer problems) lowers the return rate', () => {
    const fit = withLevers(base, { problemRate: 0.08 });
    expect(pairedEffect(base, fit, (k) => k.returnRate).t).toBeLessThan(-T_CRIT);
  });
});

describe('timeline', () => {
  it('a transport disruption lengthens delivery, less so with overseas warehouses', () => {
    const base = uniformMarkets(smallScenario());
    const shock: SimConfig['timeline'] = [{ kind: 'disruption', startDay: 30, days: 60, transitMultiplier: 2.5, warehouseExposure: 0.1 }];
    const effect = (share: number) => {
      const calm = withLevers(base, { warehouseShare: share });
      return pairedEffect(calm, { ...calm, timeline: shock }, (k) => k.meanDeliveryDays);
    };
    const fewWarehouses = effect(0.1);
    const manyWarehouses = effect(0.9);
    expect(fewWarehouses.t).toBeGreaterThan(T_CRIT);
    expect(fewWarehouses.mean).toBeGreaterThan(manyWarehouses.mean * 2);
  });

  it('an intervention changes levers from its day on, not before', () => {
    const base = uniformMarkets(smallScenario(20_000, 200));
    const config: SimConfig = {
      ...withLevers(base, { warehouseShare: 0 }),
      timeline: [{ kind: 'intervention', day: 100, levers: { warehouseShare: 1 } }],
    };
    const r = simulate(config, { seed: 5 });
    const mean = (from: number, to: number) => {
      const rows = r.daily.filter((d) => d.market === 'north-america' && d.day >= from && d.day < to);
      const delivered = rows.reduce((s, d) => s + d.delivered, 0);
      return rows.reduce((s, d) => s + (d.delivered > 0 ? d.meanDeliveryDays * d.delivered : 0), 0) / delivered;
    };
    expect(mean(150, 200)).toBeLessThan(mean(40, 95) * 0.7);
  });

  it('a festival raises visits during its days', () => {
    const base = smallScenario(20_000, 120);
    const festive: SimConfig = { ...base, timeline: [{ kind: 'festival', startDay: 60, days: 10, visitMultiplier: 3 }] };
    const visits = (c: SimConfig) =>
      simulate(c, { seed: 2 }).daily.filter((d) => d.market === 'all' && d.day >= 60 && d.day < 70).reduce((s, d) => s + d.visits, 0);
    expect(visits(festive)).toBeGreaterThan(visits(base) * 2);
  });

  it('day-varying levers are evaluated per day', () => {
    const base = uniformMarkets(smallScenario(20_000, 200));
    const ramp = withLevers(base, {});
    ramp.levers.warehouseShare = (day: number) => (day < 100 ? 0 : 1);
    const r = simulate(ramp, { seed: 1 });
    const late = r.daily.filter((d) => d.market === 'europe' && d.day >= 150);
    const early = r.daily.filter((d) => d.market === 'europe' && d.day >= 40 && d.day < 95);
    // Days without deliveries have no mean delivery time (NaN); they weigh nothing.
    const avg = (rows: typeof late) =>
      rows.reduce((s, d) => s + (d.delivered > 0 ? d.meanDeliveryDays * d.delivered : 0), 0) / rows.reduce((s, d) => s + d.delivered, 0);
    expect(avg(late)).toBeLessThan(avg(early) * 0.7);
  });
});
