import { describe, expect, it } from 'vitest';
import { ORDER_SLOTS, Population, createPopulation } from './population.ts';
import { defaultScenario } from './default-scenario.ts';
import { paymentMethodNames } from './levers.ts';

describe('population', () => {
  it('holds at most 64 bytes of state per shopper', () => {
    expect(Population.bytesPerShopper()).toBeLessThanOrEqual(64);
  });

  it('holds at most 96 bytes per shopper with two open orders each (issue 13)', () => {
    expect(Population.bytesPerShopper(ORDER_SLOTS)).toBeLessThanOrEqual(96);
    expect(Population.bytesPerShopper(ORDER_SLOTS)).toBeGreaterThan(Population.bytesPerShopper());
  });

  it('splits shoppers across markets by their shares', () => {
    const c = { ...defaultScenario(), shoppers: 50_000 };
    const pop = createPopulation(c, 1, paymentMethodNames(c));
    c.markets.forEach((m, mi) => {
      let count = 0;
      for (let i = 0; i < pop.size; i++) if (pop.market(i) === mi) count++;
      const share = count / pop.size;
      // binomial standard error, 5 sigma
      expect(Math.abs(share - m.shopperShare)).toBeLessThan(5 * Math.sqrt((m.shopperShare * (1 - m.shopperShare)) / pop.size));
    });
  });

  it('draws the same shoppers when only a lever differs (common random numbers)', () => {
    const a = defaultScenario();
    const b = { ...defaultScenario(), levers: { ...defaultScenario().levers, warehouseShare: 0.1 } };
    const pa = createPopulation({ ...a, shoppers: 1000 }, 3, paymentMethodNames(a));
    const pb = createPopulation({ ...b, shoppers: 1000 }, 3, paymentMethodNames(b));
    const column = (p: Population, f: (i: number) => number) => Array.from({ length: p.size }, (_, i) => f.call(p, i));
    expect(column(pb, pb.priceSensitivity)).toEqual(column(pa, pa.priceSensitivity));
    expect(column(pb, pb.preferredPayment)).toEqual(column(pa, pa.preferredPayment));
  });
});
