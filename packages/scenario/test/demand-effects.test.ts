// Lever effects of the shipped scenarios that a strategist acts on, checked
// against what the sources support: delivery speed against the field
// experiments' elasticity, over-promising against experienced reliability,
// expectations formed in another year, the feedback channels behind the
// 2019 -> 2024 repurchase rise and after-sales' share of repurchase. Paired
// seeds (common random numbers); each margin comes from the spread of the
// paired results.
import { fileURLToPath } from 'node:url';
import { applyLeverPatch, simulate, type Behaviour, type Kpis, type LeverPatch, type SimConfig } from '@shopsim/core';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../src/index.ts';

const SEEDS = [1, 2, 3, 4, 5];
// Two-sided 99% Student t quantile with 4 degrees of freedom (5 paired seeds).
const T_CRIT = 4.604;
const SHOPPERS = 20_000;

const scenario = (file: string): SimConfig => {
  const c = loadScenarioFile(fileURLToPath(new URL(`../../../scenarios/${file}`, import.meta.url))).config;
  return { ...c, shoppers: SHOPPERS };
};

/** The scenario with the same levers in every market and `patch` applied. */
function uniform(config: SimConfig, patch: LeverPatch): SimConfig {
  return { ...config, markets: config.markets.map(({ levers: _drop, ...m }) => ({ ...m })), levers: applyLeverPatch(config.levers, patch) };
}

function withBehaviour(config: SimConfig, b: Partial<Behaviour>): SimConfig {
  return { ...config, behaviour: { ...config.behaviour, ...b } };
}

/** Per seed, a KPI of each config (same seeds for all: common random numbers). */
function perSeed<T = number>(configs: SimConfig[], kpi: (k: Kpis) => T, seeds: number[] = SEEDS): T[][] {
  return seeds.map((seed) => configs.map((c) => kpi(simulate(c, { seed, daily: false }).kpis)));
}

function meanAndError(xs: number[], tCrit = T_CRIT): { mean: number; error: number } {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  return { mean, error: tCrit * Math.sqrt(variance / n) };
}

/**
 * Every channel through which experience feeds back into demand, switched
 * off: trust (frozen at its start), word of mouth, the rating in the
 * decision and in payment acceptance, learned delivery expectations and the
 * platform's reputation for lateness, churn after bad experiences.
 */
const FEEDBACK_OFF: Partial<Behaviour> = {
  trustLearning: 0, wordOfMouthWeight: 0, ratingWeight: 0, altPaymentRatingWeight: 0,
  expectationLearning: 0, referencePull: 0, reputationWeight: 0, churnPerBad: 0,
};

const y2024 = scenario('2024.yaml');
const y2019 = scenario('2019-baseline.yaml');

describe('delivery speed', () => {
  // Field experiments in mature markets: each day of faster delivery raises
  // sales by about 1-2% (Fisher, Gallino & Xu 2019: +1.45% for one business
  // day). Over 13 days that compounds to 1.01^13 = 1.14 .. 1.02^13 = 1.29.
  // The delivery term of the purchase decision alone: what shoppers learn
  // from experience is held still (FEEDBACK_OFF), as in a field experiment's
  // comparison of otherwise equal shoppers.
  it('sells 1.14 to 1.30 times as much with 2-day delivery as with 15-day delivery at the same price', () => {
    const service = (promise: number, p10: number, p90: number) =>
      withBehaviour(uniform(y2024, { warehouseShare: 1, membership: { enabled: 0 }, warehouse: { deliveryDays: { p10, p90 }, promisedDays: promise } }), FEEDBACK_OFF);
    // 8 seeds (99% t quantile with 7 degrees of freedom): with buying in
    // transit the ratio sits near the band's lower end (about 1.16), so 5
    // seeds' interval cannot tell it from 1.14.
    const runs = perSeed([service(15, 10, 15), service(2, 1.2, 2)], (k) => k.orders, [1, 2, 3, 4, 5, 6, 7, 8]);
    const ratio = meanAndError(runs.map(([slow, fast]) => fast! / slow!), 3.499);
    expect(ratio.mean - ratio.error, JSON.stringify(ratio)).toBeGreaterThan(1.14);
    expect(ratio.mean + ratio.error, JSON.stringify(ratio)).toBeLessThan(1.30);
  });
});

describe('promises and experienced reliability', () => {
  // The same logistics, compensation off; only the quoted days change (warehouse
  // 7 -> 4, direct mail 16 -> 10; parcels take 3-7 and 8-16 days).
  const honest = uniform(y2024, { compensation: { enabled: 0 } });
  const overPromising = uniform(y2024, { compensation: { enabled: 0 }, warehouse: { promisedDays: 4 }, directMail: { promisedDays: 10 } });

  it('loses repurchase and satisfaction by promising 4 days instead of 7 once shoppers have met the lateness', () => {
    // One pair of runs per seed for both KPIs.
    const runs = perSeed([honest, overPromising], (k) => k);
    const rep = meanAndError(runs.map(([a, b]) => b!.repurchaseRate - a!.repurchaseRate));
    const csat = meanAndError(runs.map(([a, b]) => b!.csat - a!.csat));
    expect(rep.mean + rep.error, JSON.stringify(rep)).toBeLessThan(0);
    expect(csat.mean + csat.error, JSON.stringify(csat)).toBeLessThan(0);
  });
});

describe('expectations formed in another year', () => {
  it('makes shoppers whose expectations were formed in 2019 judge a 2024 delivery better than 2024 shoppers do', () => {
    // 2024's platform, first quarter, with 2019's shopper expectations (what
    // a newcomer expects and the domestic standard of the time).
    const quarter = { ...y2024, days: 90 };
    const byId = new Map(y2019.markets.map((m) => [m.id, m]));
    const formedIn2019 = {
      ...quarter,
      markets: quarter.markets.map((m) => ({
        ...m,
        expectedDeliveryDays: byId.get(m.id)!.expectedDeliveryDays,
        referenceDeliveryDays: byId.get(m.id)!.referenceDeliveryDays,
      })),
    };
    const csat = meanAndError(perSeed([quarter, formedIn2019], (k) => k.csat).map(([a, b]) => b! - a!));
    expect(csat.mean - csat.error, JSON.stringify(csat)).toBeGreaterThan(0);
  });
});

describe('experience drives repurchase', () => {
  it('owes a large share (over 40%) of the 2019 -> 2024 repurchase rise to the feedback channels', () => {
    const runs = perSeed([y2019, y2024, withBehaviour(y2019, FEEDBACK_OFF), withBehaviour(y2024, FEEDBACK_OFF)], (k) => k.repurchaseRate);
    const removed = meanAndError(runs.map(([a, b, c, d]) => 1 - (d! - c!) / (b! - a!)));
    expect(removed.mean - removed.error, JSON.stringify(removed)).toBeGreaterThan(0.4);
  });

  // The report's after-sales levers, each taken back to 2019 on the 2024
  // platform: a first response within hours (AI answering most contacts)
  // instead of 72 hours by people, problems resolved in 4 days instead of
  // 25, a coupon for a late parcel instead of none. Each changes only the
  // experience of the few orders it touches, so it reaches repurchase only
  // through satisfaction, trust, visits and churn. On 042d453 the three
  // together moved repurchase by 1.05 points (50,000 shoppers, these seeds;
  // the coupon, never redeemed there, by 0.23 and not clear of zero), here
  // by 1.88 (lower end 1.46); the report's apparel seller saw repeat buyers
  // order twice as often once its after-sales was fast (docs/model.md §6.2:
  // still a larger effect than the model's).
  it('moves repurchase through after-sales: each lever significantly, the three together by more than 1.2 points', () => {
    const base = uniform({ ...y2024, shoppers: 50_000 }, {});
    const slow = [
      uniform(base, { afterSales: { firstResponseHours: 72, aiShare: 0 } }),
      uniform(base, { afterSales: { resolutionDays: 25 } }),
      uniform(base, { compensation: { enabled: 0 } }),
    ];
    const runs = perSeed([base, ...slow], (k) => k.repurchaseRate);
    slow.forEach((_, j) => {
      const effect = meanAndError(runs.map((r) => r[0]! - r[j + 1]!));
      expect(effect.mean - effect.error, `lever ${j}: ${JSON.stringify(effect)}`).toBeGreaterThan(0);
    });
    const together = meanAndError(runs.map(([b, ...s]) => s.reduce((sum, x) => sum + b! - x, 0)));
    expect(together.mean - together.error, JSON.stringify(together)).toBeGreaterThan(0.012);
  });
});

describe('checkout friction', () => {
  it('loses some checkouts whatever the method: with every method offered and none failing, abandonment is the baseline friction', () => {
    const reliable = Object.fromEntries(Object.keys(y2024.levers.paymentMethods).map((name) => [name, { failureRate: 0 }]));
    const config = { ...uniform(y2024, { paymentMethods: reliable }), days: 120 };
    const abandonment = meanAndError(SEEDS.map((seed) => simulate(config, { seed, daily: false }).kpis.paymentAbandonment));
    const friction = y2024.behaviour.checkoutFriction;
    expect(friction).toBeGreaterThan(0);
    expect(Math.abs(abandonment.mean - friction), JSON.stringify(abandonment)).toBeLessThanOrEqual(abandonment.error);
  });
});

describe('on time, judged on the deliveries\' whole-day grid', () => {
  // Deliveries are counted in whole days and every shipped scenario quotes
  // the upper end of the 80% delivery range it tells shoppers (2019: 25 of
  // 15-25 days; 2024: 7 of 3-7 and 16 of 8-16). Faster delivery and members'
  // faster shipping then cannot make parcels late: 2024's platform is on
  // time at least as often as 2019's (on 042d453, 74.7% against 87.3%).
  it("keeps 2024's parcels on time at least as often as 2019's", () => {
    const quarter = (c: SimConfig): SimConfig => ({ ...c, shoppers: 10_000, days: 120 });
    const gap = meanAndError(perSeed([quarter(y2019), quarter(y2024)], (k) => k.onTimeRate).map(([a, b]) => b! - a!));
    expect(gap.mean + gap.error, JSON.stringify(gap)).toBeGreaterThanOrEqual(0);
  });
});
