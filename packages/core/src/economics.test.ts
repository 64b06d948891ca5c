// Complete economics: what a strategist's profit answer depends on. Each
// test compares two scenarios on the same seeds (common random numbers) and
// requires the effect to stand T_CRIT standard errors of its paired
// differences clear of zero, or to lie in a band derived from the mechanism.
import { describe, expect, it } from 'vitest';
import type { SimConfig } from './config.ts';
import { pairedEffect, simulateOnce, smallScenario, uniformMarkets, withLevers } from './testing.ts';

// Two-sided 99% Student t quantile with 4 degrees of freedom (5 paired seeds).
const T_CRIT = 4.604;

const base = uniformMarkets(smallScenario());

describe('return policy in the purchase decision', () => {
  it('paid returns lower orders, by about the logit weight of a lenient policy', () => {
    // Members keep free returns through the programme; switch it off so that
    // every shopper meets the paid policy.
    const free = withLevers(base, { membership: { enabled: 0 }, afterSales: { freeReturnWindowDays: 30 } });
    const paid = withLevers(free, { afterSales: { freeReturnWindowDays: 0 } });
    const effect = pairedEffect(free, paid, (k, r) => k.orders / simulateOnce(free, r.seed).kpis.orders - 1);
    expect(effect.t).toBeLessThan(-T_CRIT);
    // At purchase probabilities of a few per cent a logit shift of -w scales
    // purchases by about e^-w; repeat orders follow first orders, so the fall
    // is at least half of 1 - e^-w and at most all of it.
    const w = base.behaviour.returnPolicyWeight;
    expect(-effect.mean).toBeGreaterThan(0.5 * (1 - Math.exp(-w)));
    expect(-effect.mean).toBeLessThan(1 - Math.exp(-w) + 3 * effect.standardError);
  });

  it('returns without local drop-off points lower orders, by about the logit weight of effort leniency', () => {
    // Effort leniency (Janakiraman et al. 2016) is off in the point fit; the ensemble fits its weight.
    const w = base.behaviour.returnPolicyWeight; // as strong as money leniency
    // Local points also shorten refunds (localReturnSaving): off here, so only the decision differs.
    const easy = withLevers({ ...base, behaviour: { ...base.behaviour, returnEffortWeight: w, localReturnSaving: 0 } }, { membership: { enabled: 0 }, afterSales: { localReturnPoints: 1 } });
    const hard = withLevers(easy, { afterSales: { localReturnPoints: 0 } });
    const effect = pairedEffect(easy, hard, (k, r) => k.orders / simulateOnce(easy, r.seed).kpis.orders - 1);
    expect(effect.t).toBeLessThan(-T_CRIT);
    // As for paid returns: about e^-w on first orders, at least half of it
    // overall; repeat buying compounds it a little beyond (measured 1.06 times).
    expect(-effect.mean).toBeGreaterThan(0.5 * (1 - Math.exp(-w)));
    expect(-effect.mean).toBeLessThan(1.15 * (1 - Math.exp(-w)) + 3 * effect.standardError);
  });

  it('leaves orders alone when its weight is 0, as in the point fit', () => {
    const hard = withLevers(base, { afterSales: { localReturnPoints: 0 } });
    const easy = withLevers(base, { afterSales: { localReturnPoints: 1 } });
    // Local points still shorten refunds (localReturnSaving), which moves
    // repurchase a little; the purchase decision itself must not move.
    const effect = pairedEffect(easy, hard, (k, r) => k.orders / simulateOnce(easy, r.seed).kpis.orders - 1);
    expect(Math.abs(effect.mean)).toBeLessThan(0.25 * (1 - Math.exp(-0.4)));
  });
});

describe('delay coupons', () => {
  const none = withLevers(base, { compensation: { enabled: 0 } });
  const coupons = withLevers(base, { compensation: { enabled: 1, couponValue: 5 } });

  it('bring shoppers back: a held coupon raises orders, and some are redeemed', () => {
    expect(pairedEffect(none, coupons, (k) => k.orders).t).toBeGreaterThan(T_CRIT);
    const r = simulateOnce(coupons, 1).kpis;
    expect(r.couponsRedeemed).toBeGreaterThan(0);
    expect(r.couponsRedeemed).toBeLessThanOrEqual(r.couponsIssued);
  });

  it('cost when used, not when sent: the discount given is at most the face value of the coupons redeemed', () => {
    for (const seed of [1, 2, 3]) {
      const k = simulateOnce(coupons, seed).kpis;
      expect(k.compensationPaid).toBeGreaterThan(0);
      expect(k.compensationPaid).toBeLessThanOrEqual(5 * k.couponsRedeemed + 1e-9);
      expect(k.compensationPaid).toBeLessThan(5 * k.couponsIssued);
    }
  });

  it('dropping them is no longer a free profit win: it saves far less than their face value', () => {
    // When a coupon cost its face value on sending and brought nobody back,
    // dropping coupons raised gross profit by exactly the coupons' face value.
    const saving = pairedEffect(coupons, none, (k) => k.grossProfit);
    const faceValue = [1, 2, 3, 4, 5].map((seed) => 5 * simulateOnce(coupons, seed).kpis.couponsIssued);
    const meanFace = faceValue.reduce((a, b) => a + b, 0) / faceValue.length;
    expect(saving.mean + T_CRIT * saving.standardError).toBeLessThan(0.75 * meanFace);
  });
});

describe('membership as a programme', () => {
  it('heavier buyers join more: members order more each than non-members, even without benefits', () => {
    const off = withLevers(base, { membership: { enabled: 0 } });
    const perShopperRatio = (seed: number) => {
      const k = simulateOnce(off, seed).kpis;
      return k.memberOrders / k.members / (k.nonMemberOrders / (k.activeShoppers - k.members));
    };
    const ratios = [1, 2, 3, 4, 5].map(perShopperRatio);
    const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length;
    const se = Math.sqrt(ratios.reduce((a, b) => a + (b - mean) ** 2, 0) / (ratios.length - 1) / ratios.length);
    expect(mean - T_CRIT * se).toBeGreaterThan(1);
  });

  it('has a cost: benefits cost the platform per member order, and a fee is paid but deters joiners', () => {
    const free = withLevers(base, { membership: { enabled: 1, benefitCostPerOrder: 2, feePerYear: 0 } });
    const fee = withLevers(free, { membership: { feePerYear: 50 } });
    const k = simulateOnce(free, 1).kpis;
    // The programme runs all year, so every order of the member cohort is a member order.
    expect(k.memberBenefitCost).toBeCloseTo(2 * k.memberOrders, 6);
    expect(pairedEffect(free, fee, (x) => x.members).t).toBeLessThan(-T_CRIT);
    expect(pairedEffect(free, fee, (x) => x.membershipFees).t).toBeGreaterThan(T_CRIT);
  });

  it("reports members' and non-members' repurchase, with the overall rate between them", () => {
    for (const seed of [1, 2, 3]) {
      const k = simulateOnce(base, seed).kpis;
      expect(Number.isFinite(k.memberRepurchaseRate) && Number.isFinite(k.nonMemberRepurchaseRate)).toBe(true);
      expect(k.repurchaseRate).toBeLessThanOrEqual(Math.max(k.memberRepurchaseRate, k.nonMemberRepurchaseRate));
      expect(k.repurchaseRate).toBeGreaterThanOrEqual(Math.min(k.memberRepurchaseRate, k.nonMemberRepurchaseRate));
      expect(k.memberOrders + k.nonMemberOrders).toBe(k.orders);
    }
  });
});

describe('unit economics', () => {
  it('a price rise widens the margin per order: goods cost what they cost', () => {
    const dear = withLevers(base, { priceIndex: 1.1 });
    const g = 0.3;
    // Margin per order = basket x (price index - (1 - g)): +33% at index 1.1.
    const expected = (1.1 - (1 - g)) / g - 1;
    const effect = pairedEffect(base, dear, (k, r) => k.marginPerOrder / simulateOnce(base, r.seed).kpis.marginPerOrder - 1);
    expect(Math.abs(effect.mean - expected)).toBeLessThan(0.05);
  });

  it('warehouses cost a fixed sum per day and a holding cost per order', () => {
    const noCost = withLevers(base, { warehouse: { fixedCostPerDay: 0, holdingCostShare: 0 } });
    const holding = withLevers(noCost, { warehouse: { holdingCostShare: 0.03 } });
    const fixed = withLevers(holding, { warehouse: { fixedCostPerDay: 100 } });
    const [n, h, f] = [noCost, holding, fixed].map((c) => simulateOnce(c, 1).kpis);
    expect(n!.warehouseCost).toBe(0);
    // Holding cost is a share of the goods' cost of warehouse orders: at most 3% of all goods sold.
    expect(h!.warehouseCost).toBeGreaterThan(0);
    expect(h!.warehouseCost).toBeLessThan(0.03 * (h!.goodsCost + h!.refunds));
    // Every market holds warehouse stock every day, so the fixed cost adds exactly 100 per market-day.
    expect(f!.warehouseCost - h!.warehouseCost).toBeCloseTo(100 * fixed.days * fixed.markets.length, 6);
    expect(h!.grossProfit - f!.grossProfit).toBeCloseTo(100 * fixed.days * fixed.markets.length, 3);
  });

  it('cash-on-delivery parcels refused at the door are no sale and cost the way back', () => {
    const refusing = withLevers(base, {});
    const cod = refusing.levers.paymentMethods.cod!;
    refusing.levers.paymentMethods = { ...refusing.levers.paymentMethods, cod: { ...cod, refusalRate: 0.3 } };
    const k = simulateOnce(refusing, 2).kpis;
    expect(k.refusedAtDoor).toBeGreaterThan(0);
    expect(k.delivered + k.cancelled + k.refusedAtDoor + k.inTransit).toBe(k.orders);
    expect(k.refusalCost).toBeCloseTo(k.refusedAtDoor * (base.levers.afterSales.returnCost as number), 6);
    expect(pairedEffect(base, refusing, (x) => x.grossProfit).t).toBeLessThan(-T_CRIT);
  });

  it('free returns cost the platform their shipping; paid ones do not', () => {
    const shipping = withLevers(base, { afterSales: { returnShippingCost: 6 } });
    const k = simulateOnce(shipping, 3).kpis;
    expect(k.returnShippingCost).toBeGreaterThan(0);
    const paid = withLevers(shipping, { membership: { enabled: 0 }, afterSales: { freeReturnWindowDays: 0 } });
    expect(simulateOnce(paid, 3).kpis.returnShippingCost).toBe(0);
  });
});

describe('order value', () => {
  it('shoppers who trust the platform more put more in the basket', () => {
    const trusting = { ...base, behaviour: { ...base.behaviour, initialTrust: 0.7 } };
    const w = base.behaviour.orderValueTrustWeight;
    const effect = pairedEffect(base, trusting, (k, r) => k.averageOrderValue / simulateOnce(base, r.seed).kpis.averageOrderValue - 1);
    expect(effect.t).toBeGreaterThan(T_CRIT);
    // Trust moves towards experience, so the gap shrinks from its start of w x 0.2.
    expect(effect.mean).toBeLessThan(Math.exp(w * 0.2) - 1 + 3 * effect.standardError);
  });
});
