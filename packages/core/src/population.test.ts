import { describe, expect, it } from 'vitest';
import { ORDER_SLOTS, Population, SLOT, SLOT_32, createPopulation } from './population.ts';
import { defaultScenario } from './default-scenario.ts';
import { paymentMethodNames } from './levers.ts';

describe('population', () => {
  it('holds at most 64 bytes of state per shopper', () => {
    expect(Population.bytesPerShopper()).toBeLessThanOrEqual(64);
  });

  it('holds well under 96 bytes per shopper with two open orders each (issue 13): the open orders share one table', () => {
    // A slot beside every record took 96; the table starts at one slot per 16 shoppers and grows with the orders open at once.
    expect(Population.bytesPerShopper(ORDER_SLOTS)).toBeLessThanOrEqual(68);
    expect(Population.bytesPerShopper(ORDER_SLOTS)).toBeGreaterThan(Population.bytesPerShopper());
  });

  it('keeps every open order when the order table grows, and hands no slot out twice', () => {
    const pop = new Population(100, ORDER_SLOTS);
    const start = pop.tableSlots;
    const held = new Map<number, number>(); // slot -> the day written into it
    const open = (i: number) => {
      const s = pop.takeSlot(i);
      expect(held.has(s)).toBe(false);
      pop.slotI32[s * SLOT_32 + SLOT.day] = 1000 + i;
      held.set(s, 1000 + i);
    };
    for (let i = 0; i < 3 * start; i++) open(i % 100);
    // Give every third back, then fill again past the table's size.
    for (const s of [...held.keys()].filter((_, k) => k % 3 === 0)) {
      pop.releaseSlot(s);
      held.delete(s);
    }
    for (let i = 0; i < 2 * start; i++) open(i % 100);
    expect(pop.tableSlots).toBeGreaterThan(start);
    expect(pop.tableSlots).toBeLessThanOrEqual(2 * held.size);
    for (const [s, day] of held) {
      expect(pop.slotI32[s * SLOT_32 + SLOT.day]).toBe(day);
      expect(pop.slotU32[s * SLOT_32 + SLOT.owner]).toBe(day - 1000);
    }
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
