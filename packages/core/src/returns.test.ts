// No-reason returns and replacement purchases (docs/model.md §3.7): a free
// no-reason return policy sends back problem-free items that disappoint,
// fewer the better the descriptions; a refund that comes within the
// shopper's patience leaves it seeking a replacement. Effects are paired on
// common random numbers and judged against T_CRIT standard errors of the
// paired differences, levels against the mechanism's own arithmetic.
import { describe, expect, it } from 'vitest';
import type { Kpis } from './kpi.ts';
import { normalCdf, normalQuantile } from './rng.ts';
import { withParameters } from './parameters.ts';
import { pairedEffect, simulateOnce, smallScenario, uniformMarkets, withLevers } from './testing.ts';

// Two-sided 99% Student t quantile with 4 degrees of freedom (5 paired seeds).
const T_CRIT = 4.604;
const SEEDS = [1, 2, 3, 4, 5];

const base = uniformMarkets(smallScenario());
// Everyone meets the same policy: free returns for all, no programme.
const free = withLevers(base, { membership: { enabled: 0 }, afterSales: { freeReturnWindowDays: 30, noReasonReturns: 0 } });
const noReason = withLevers(free, { afterSales: { noReasonReturns: 1 } });

/** Returned orders of a run (the KPIs give them per delivery). */
function returnsOf(k: Kpis): number {
  return Math.round(k.returnRate * k.delivered);
}

function meanAndSe(xs: number[]): { mean: number; se: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1);
  return { mean, se: Math.sqrt(variance / xs.length) };
}

describe('no-reason returns', () => {
  it('need the policy and free returns: without either, no item goes back without a problem and the margin changes nothing', () => {
    const paid = withLevers(noReason, { afterSales: { freeReturnWindowDays: 0 } });
    for (const seed of [1, 2]) {
      for (const config of [free, paid]) {
        const k = simulateOnce(config, seed).kpis;
        expect(k.noReasonReturnRate).toBe(0);
        const wider = simulateOnce(withParameters(config, { 'behaviour.noReasonReturnMargin': 2 }), seed).kpis;
        expect(wider).toEqual(k);
      }
    }
  });

  it('send back the share of deliveries whose match lies within the margin above the problem cut', () => {
    const p = noReason.levers.problemRate as number;
    const margin = noReason.behaviour.noReasonReturnMargin;
    const expected = normalCdf(normalQuantile(p) + margin) - p;
    const shares = SEEDS.map((seed) => simulateOnce(noReason, seed).kpis.noReasonReturnRate);
    const { mean, se } = meanAndSe(shares);
    expect(expected).toBeGreaterThan(0.05);
    expect(Math.abs(mean - expected)).toBeLessThan(T_CRIT * se + 1e-3);
    // Part of the return rate, on top of the problem returns.
    const problemReturns = pairedEffect(free, noReason, (k) => k.returnRate - k.noReasonReturnRate);
    expect(Math.abs(problemReturns.mean)).toBeLessThan(T_CRIT * problemReturns.standardError + 0.005);
  });

  it('fall with better descriptions (a lower problem rate), and so does the return rate', () => {
    const better = withLevers(noReason, { problemRate: (noReason.levers.problemRate as number) / 2 });
    expect(pairedEffect(noReason, better, (k) => k.noReasonReturnRate).t).toBeLessThan(-T_CRIT);
    expect(pairedEffect(noReason, better, (k) => k.returnRate).t).toBeLessThan(-T_CRIT);
  });

  it('widen with the margin (a shopper readier to send back what merely disappoints)', () => {
    const readier = withParameters(noReason, { 'behaviour.noReasonReturnMargin': noReason.behaviour.noReasonReturnMargin + 0.3 });
    expect(pairedEffect(noReason, readier, (k) => k.noReasonReturnRate).t).toBeGreaterThan(T_CRIT);
  });
});

describe('replacement purchases', () => {
  const seeking = withParameters(noReason, { 'behaviour.replacementWeight': 2 });

  it('are off at weight 0: no replacement order is counted', () => {
    for (const seed of [1, 2]) expect(simulateOnce(noReason, seed).kpis.replacementOrders).toBe(0);
  });

  it('raise orders after fast refunds, and each replaces at most one returned item', () => {
    expect(pairedEffect(noReason, seeking, (k) => k.orders).t).toBeGreaterThan(T_CRIT);
    for (const seed of SEEDS) {
      const k = simulateOnce(seeking, seed).kpis;
      expect(k.replacementOrders).toBeGreaterThan(0);
      expect(k.replacementOrders).toBeLessThanOrEqual(returnsOf(k));
    }
  });

  it('are fewer, per return, when the refund outlasts the patience of most shoppers', () => {
    const patience = seeking.markets.map((m) => m.toleratedResolutionDays);
    const slow = withLevers(seeking, { afterSales: { returnCycleDays: 3 * Math.max(...patience), localReturnPoints: 0 } });
    const perReturn = (k: Kpis) => k.replacementOrders / returnsOf(k);
    const effect = pairedEffect(seeking, slow, perReturn);
    expect(effect.t).toBeLessThan(-T_CRIT);
    // Most of the replacements go: the slow refund leaves only the most patient shoppers seeking one.
    const fast = meanAndSe(SEEDS.map((seed) => perReturn(simulateOnce(seeking, seed).kpis)));
    expect(-effect.mean).toBeGreaterThan(0.5 * fast.mean);
  });
});
