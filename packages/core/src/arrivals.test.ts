// New and returning shoppers: arrivals through marketing spend and
// referrals, lapsing, and the KPIs a strategist reads them by. Paired runs
// share seeds (common random numbers); effects must stand T_CRIT standard
// errors of the paired differences clear of zero.
import { describe, expect, it } from 'vitest';
import type { SimConfig } from './config.ts';
import { simulate } from './simulate.ts';
import { pairedEffect, smallScenario, uniformMarkets, withLevers } from './testing.ts';

// Two-sided 99% Student t quantile with 4 degrees of freedom (5 paired seeds).
const T_CRIT = 4.604;
const SEEDS = [1, 2, 3, 4, 5];

const base = uniformMarkets(smallScenario(10_000, 180));
const spending = (perDay: number): SimConfig => withLevers(base, { acquisition: { spendPerDay: perDay, costPerNewShopper: 25 } });
const referring = (config: SimConfig, perPromoter: number): SimConfig => ({ ...config, behaviour: { ...config.behaviour, referralsPerPromoter: perPromoter } });

describe('paid acquisition', () => {
  it('brings new shoppers in proportion to marketing spend, at its cost per new shopper', () => {
    const marketDays = base.days * base.markets.length;
    for (const perDay of [50, 100]) {
      for (const seed of [1, 2]) {
        const k = simulate(spending(perDay), { seed, daily: false }).kpis;
        // A Poisson number with mean spend / cost per new shopper, each market-day.
        const mean = (marketDays * perDay) / 25;
        expect(Math.abs(k.newShoppers - mean)).toBeLessThan(4 * Math.sqrt(mean));
        expect(k.acquisitionSpend).toBeCloseTo(marketDays * perDay, 6);
        expect(k.acquisitionCostPerNewShopper).toBeCloseTo((marketDays * perDay) / k.newShoppers, 9);
        expect(k.referredShoppers).toBe(0);
      }
    }
  });

  it('more spend gives more new shoppers, more first orders and more orders', () => {
    const low = spending(50);
    const high = spending(200);
    expect(pairedEffect(low, high, (k) => k.newShoppers, SEEDS).t).toBeGreaterThan(T_CRIT);
    expect(pairedEffect(low, high, (k) => k.firstOrders, SEEDS).t).toBeGreaterThan(T_CRIT);
    expect(pairedEffect(low, high, (k) => k.orders, SEEDS).t).toBeGreaterThan(T_CRIT);
  });

  it("reports new shoppers' first orders, first-order conversion and the orders of new and returning shoppers", () => {
    const k = simulate(spending(100), { seed: 3, daily: false }).kpis;
    expect(k.firstOrders).toBeGreaterThan(0);
    expect(k.firstOrders).toBeLessThanOrEqual(k.newShoppers);
    expect(k.newShopperOrders).toBeGreaterThanOrEqual(k.firstOrders);
    expect(k.newShopperOrders + k.returningShopperOrders).toBe(k.orders);
    expect(k.firstOrders + k.repeatOrders).toBe(k.orders);
    expect(Number.isFinite(k.newShopperRepurchaseRate) && Number.isFinite(k.returningShopperRepurchaseRate)).toBe(true);
    expect(k.repurchaseRate).toBeLessThanOrEqual(Math.max(k.newShopperRepurchaseRate, k.returningShopperRepurchaseRate));
    expect(k.repurchaseRate).toBeGreaterThanOrEqual(Math.min(k.newShopperRepurchaseRate, k.returningShopperRepurchaseRate));
    expect(k.newShopperAverageOrderValue * k.newShopperOrders + k.returningShopperAverageOrderValue * k.returningShopperOrders).toBeCloseTo(k.gmv, 4);
    // A new shopper buys on a visit with the same logit as everyone else:
    // first-order conversion lies within a factor of two of the overall rate.
    expect(k.firstOrderConversion).toBeGreaterThan(k.conversionRate / 2);
    expect(k.firstOrderConversion).toBeLessThan(k.conversionRate * 2);
  });

  it('without spend or referrals nobody arrives, and the run is what it was', () => {
    const k = simulate(base, { seed: 1, daily: false }).kpis;
    expect(k.newShoppers).toBe(0);
    expect(k.firstOrders).toBe(0);
    expect(Number.isNaN(k.acquisitionCostPerNewShopper)).toBe(true);
  });
});

describe('referrals', () => {
  it("grow with the platform's rating: better service earns more referred shoppers", () => {
    // Better product fit gives more five-star experiences and a higher
    // rating, and so more referrals, with no marketing spend at all.
    const poor = referring(withLevers(base, { problemRate: 0.3 }), 0.05);
    const good = referring(withLevers(base, { problemRate: 0.05 }), 0.05);
    expect(pairedEffect(poor, good, (k) => k.referredShoppers, SEEDS).t).toBeGreaterThan(T_CRIT);
  });

  it('grow with the rating itself, at the same experiences', () => {
    const flat = { ...referring(base, 0.05), behaviour: { ...referring(base, 0.05).behaviour, referralRatingWeight: 0 } };
    const rated = referring(base, 0.05);
    // The shipped markets are rated above 3.5 stars, so a positive rating weight adds referrals.
    expect(pairedEffect(flat, rated, (k) => k.referredShoppers, SEEDS).t).toBeGreaterThan(T_CRIT);
  });
});

describe('lapsing and the population bound', () => {
  it('shoppers lapse as well as churn, and every shopper is active, churned or lapsed', () => {
    const config = { ...spending(100), behaviour: { ...spending(100).behaviour, lapsePerYear: 0.5 } };
    const r = simulate(config, { seed: 4, daily: false });
    const k = r.kpis;
    expect(k.lapsed).toBeGreaterThan(0);
    expect(k.activeShoppers + k.churned + k.lapsed).toBe(config.shoppers + k.newShoppers);
    // A yearly hazard of 0.5 over half a year: about 1 - e^-0.25 of those present lapse.
    const share = k.lapsed / (config.shoppers + k.newShoppers / 2);
    expect(share).toBeGreaterThan(0.5 * (1 - Math.exp(-0.25)));
    expect(share).toBeLessThan(1 - Math.exp(-0.25) + 0.02);
  });

  it('turns arrivals away once the room for new shoppers is full, and counts them', () => {
    const k = simulate(spending(20_000), { seed: 1, daily: false }).kpis;
    expect(k.newShoppers).toBe(base.shoppers);
    expect(k.arrivalsTurnedAway).toBeGreaterThan(0);
  });

  it('gives the same result for the same seed with arrivals', () => {
    const config = referring(spending(100), 0.02);
    expect(simulate(config, { seed: 9, daily: false }).kpis).toEqual(simulate(config, { seed: 9, daily: false }).kpis);
  });
});
