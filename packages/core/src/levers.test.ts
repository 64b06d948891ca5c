// The daily lever table lays each intervention segment out once (constants
// copied, day functions listed): every slot must still read its day's value,
// a day function among constants, in a payment method, in a delivery range
// (whose lognormal follows it), and an intervention's levers from its day on.
import { describe, expect, it } from 'vitest';
import type { SimConfig } from './config.ts';
import { L, LEVER_SLOTS, LeverTable } from './levers.ts';
import { smallScenario } from './testing.ts';

function config(): SimConfig {
  const c = smallScenario(100, 30);
  const card = c.levers.paymentMethods.card!;
  return {
    ...c,
    markets: c.markets.map((m) => ({ ...m, levers: undefined })),
    levers: {
      ...c.levers,
      warehouseShare: (day: number) => Math.min(1, day / 10),
      directMail: { ...c.levers.directMail, deliveryDays: { p10: (day: number) => 5 + day, p90: 30 } },
      paymentMethods: { ...c.levers.paymentMethods, card: { ...card, failureRate: (day: number) => day / 100 } },
    },
    timeline: [{ kind: 'intervention', day: 20, levers: { warehouseShare: 0.25 } }],
  } as SimConfig;
}

describe('the daily lever table', () => {
  it('reads day functions, their derived lognormals and interventions on the day asked, in any order of days', () => {
    const c = config();
    const table = new LeverTable(c);
    const card = table.methods.indexOf('card');
    const p = table.methods.length;
    for (const day of [0, 7, 19, 20, 25, 3]) {
      table.update(day);
      for (let mi = 0; mi < c.markets.length; mi++) {
        const o = mi * LEVER_SLOTS;
        expect(table.row[o + L.warehouseShare], `day ${day}`).toBe(day >= 20 ? 0.25 : Math.min(1, day / 10));
        expect(table.row[o + L.dmP10]).toBe(5 + day);
        expect(table.row[o + L.dmMu]).toBe(0.5 * (Math.log(5 + day) + Math.log(30)));
        expect(table.pay.failureRate[mi * p + card]).toBe(day / 100);
        expect(table.row[o + L.dmP90]).toBe(30);
      }
    }
  });
});
