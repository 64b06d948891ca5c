// The daily lever table lays each intervention segment out once (constants
// copied, day functions listed): every slot must still read its day's value,
// a day function among constants or in a payment method, and an
// intervention's levers from its day on (a delivery range, fixed within a
// segment, with its lognormal).
import { describe, expect, it } from 'vitest';
import type { SimConfig } from './config.ts';
import { L, LEVER_SLOTS, LeverTable } from './levers.ts';
import { smallScenario } from './testing.ts';

function config(): SimConfig {
  const c = smallScenario(100, 30);
  const card = c.levers.paymentMethods.card!;
  return {
    ...c,
    // No market overrides: the top-level levers are every market's.
    markets: c.markets.map(({ levers: _own, ...m }) => m),
    levers: {
      ...c.levers,
      warehouseShare: (day: number) => Math.min(1, day / 10),
      directMail: { ...c.levers.directMail, deliveryDays: { p10: 5, p90: 30 } },
      paymentMethods: { ...c.levers.paymentMethods, card: { ...card, failureRate: (day: number) => day / 100 } },
    },
    timeline: [{ kind: 'intervention', day: 20, levers: { warehouseShare: 0.25, directMail: { deliveryDays: { p10: 12, p90: 30 } } } }],
  } as SimConfig;
}

describe('the daily lever table', () => {
  it('reads day functions and interventions (with their delivery lognormals) on the day asked, in any order of days', () => {
    const c = config();
    const table = new LeverTable(c);
    const card = table.methods.indexOf('card');
    const p = table.methods.length;
    for (const day of [0, 7, 19, 20, 25, 3]) {
      table.update(day);
      for (let mi = 0; mi < c.markets.length; mi++) {
        const o = mi * LEVER_SLOTS;
        expect(table.row[o + L.warehouseShare], `day ${day}`).toBe(day >= 20 ? 0.25 : Math.min(1, day / 10));
        const p10 = day >= 20 ? 12 : 5;
        expect(table.row[o + L.dmP10]).toBe(p10);
        expect(table.row[o + L.dmMu]).toBe(0.5 * (Math.log(p10) + Math.log(30)));
        expect(table.pay.failureRate[mi * p + card]).toBe(day / 100);
        expect(table.row[o + L.dmP90]).toBe(30);
      }
    }
  });
});
