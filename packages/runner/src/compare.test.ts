import { KPI_NAMES } from '@shopsim/core';
import { describe, expect, it } from 'vitest';
import { compareScenarios } from './compare.ts';
import { runReplications } from './replicate.ts';

const small = { shoppers: 3000, days: 90 };
const seeds = [1, 2, 3, 4, 5];

describe('replications', () => {
  it('summarise each KPI over seeds, overall and per market, with a CI around the mean', async () => {
    const { summary, outputs } = await runReplications({ file: null, overrides: small, seeds, workers: 2 });
    expect(summary.seeds).toEqual(seeds);
    const orders = summary.kpis.all!.orders;
    expect(orders.n).toBe(5);
    expect(orders.mean).toBeCloseTo(outputs.reduce((s, o) => s + o.kpis.orders, 0) / 5, 9);
    expect(orders.lo).toBeLessThan(orders.mean);
    expect(orders.hi).toBeGreaterThan(orders.mean);
    expect(summary.kpis['southeast-asia']!.csat.n).toBe(5);
    expect(summary.daily.filter((d) => d.market === 'all')).toHaveLength(90);
  });
});

describe('paired comparison', () => {
  it('finds exactly zero difference between a scenario and itself', async () => {
    const c = await compareScenarios({ scenarios: [{ file: null, overrides: small }, { file: null, overrides: small }], seeds, workers: 2 });
    for (const market of ['all', ...c.markets.map((m) => m.id)]) {
      for (const k of KPI_NAMES) {
        const d = c.kpis[market]![k].diffs[1]!;
        expect(d.significant).toBe(false);
        if (d.n > 0) expect(d.mean).toBe(0);
      }
    }
  });

  it('finds faster delivery, mean and p90, when more stock sits in overseas warehouses', async () => {
    const c = await compareScenarios({
      scenarios: [
        { file: null, overrides: { ...small, 'levers.warehouseShare': 0.2 } },
        { file: null, overrides: { ...small, 'levers.warehouseShare': 0.9 } },
      ],
      seeds,
      workers: 2,
    });
    const delivery = c.kpis.all!.meanDeliveryDays.diffs[1]!;
    expect(delivery.significant).toBe(true);
    expect(delivery.hi).toBeLessThan(0);
    expect(c.kpis.all!.p90DeliveryDays.diffs[1]!.hi).toBeLessThan(0);
    expect(c.daily.filter((d) => d.scenario === 1 && d.market === 'all')).toHaveLength(90);
  });
});
