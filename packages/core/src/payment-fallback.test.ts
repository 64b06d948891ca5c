// A shopper whose payment method is missing falls back to the method most
// used in the market; behaviour.altPaymentShareWeight makes that fallback
// more acceptable the more widely the method is used there (docs/model.md
// §3.4). Checked from outside: in a cards-only checkout with no friction, no
// failures and no rating link, payment abandonment is exactly the missing
// share times (1 - acceptance), so each market's acceptance can be read off
// its KPIs and compared with the formula.
import { describe, expect, it } from 'vitest';
import type { SimConfig } from './config.ts';
import { simulateOnce, smallScenario, uniformMarkets } from './testing.ts';

const A = 0.3;
const CARD_SHARE = [0.2, 0.2, 0.2, 0.6, 0.6, 0.6];
const SEEDS = [1, 2, 3];

function cardsOnly(shareWeight: number): SimConfig {
  const base = uniformMarkets(smallScenario(6_000, 120));
  return {
    ...base,
    behaviour: { ...base.behaviour, checkoutFriction: 0, altPaymentRatingWeight: 0, altPaymentShareWeight: shareWeight },
    levers: { ...base.levers, paymentMethods: { card: { feeShare: 0.02, failureRate: 0 } } },
    markets: base.markets.map((m, i) => ({ ...m, alternativePaymentAcceptance: A, paymentPreferences: { card: CARD_SHARE[i]!, cod: 1 - CARD_SHARE[i]! } })),
  };
}

/** Acceptance of the card by shoppers who wanted cash on delivery, pooled over the markets with that card share and the seeds. */
function acceptance(config: SimConfig, share: number): { p: number; se: number } {
  let checkouts = 0;
  let abandoned = 0;
  for (const seed of SEEDS) {
    const run = simulateOnce(config, seed);
    config.markets.forEach((m, i) => {
      if (CARD_SHARE[i] !== share) return;
      const k = run.byMarket[m.id]!;
      checkouts += k.checkouts;
      abandoned += k.checkouts * k.paymentAbandonment;
    });
  }
  const missing = checkouts * (1 - share);
  const p = 1 - abandoned / missing;
  return { p, se: Math.sqrt((p * (1 - p)) / missing) };
}

const logistic = (x: number) => 1 / (1 + Math.exp(-x));
const logit = (p: number) => Math.log(p / (1 - p));

describe('payment fallback and the fallback method\'s share of the market', () => {
  it('off (0): the fallback is accepted at the market acceptance, whatever the card\'s share', () => {
    const config = cardsOnly(0);
    for (const share of [0.2, 0.6]) {
      const { p, se } = acceptance(config, share);
      expect(Math.abs(p - A), `card share ${share}: acceptance ${p}`).toBeLessThan(4 * se);
    }
  });

  it('on: the card is accepted more where more shoppers use it, as logistic(logit(A) + weight x share)', () => {
    const weight = 2;
    const config = cardsOnly(weight);
    const rare = acceptance(config, 0.2);
    const common = acceptance(config, 0.6);
    for (const [share, got] of [[0.2, rare], [0.6, common]] as const) {
      expect(Math.abs(got.p - logistic(logit(A) + weight * share)), `card share ${share}: acceptance ${got.p}`).toBeLessThan(4 * got.se);
    }
    expect(common.p - rare.p).toBeGreaterThan(4 * Math.hypot(common.se, rare.se));
  });
});
