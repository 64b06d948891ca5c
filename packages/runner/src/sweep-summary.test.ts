import { describe, expect, it } from 'vitest';
import { Regression, SweepAggregator } from './sweep-summary.ts';
import type { RunRow } from './runs-file.ts';

describe('standardised regression coefficients', () => {
  it('recover which lever moves the outcome most, in standard deviations', () => {
    // y = 3 x1 - 1 x2 + small noise, x1 and x2 independent with equal spread.
    const r = new Regression(2);
    let s = 1;
    const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647);
    for (let i = 0; i < 2000; i++) {
      const x1 = rand();
      const x2 = rand();
      r.add([x1, x2], 3 * x1 - x2 + 0.01 * (rand() - 0.5));
    }
    const { coefficients, r2 } = r.standardised();
    // With equal spreads SRC_j = b_j / sqrt(b1^2 + b2^2) when the fit is near perfect.
    expect(coefficients[0]).toBeCloseTo(3 / Math.sqrt(10), 2);
    expect(coefficients[1]).toBeCloseTo(-1 / Math.sqrt(10), 2);
    expect(r2).toBeGreaterThan(0.999);
  });

  it('gives no coefficient to a lever that never moved', () => {
    const r = new Regression(2);
    for (let i = 0; i < 10; i++) r.add([i, 5], 2 * i);
    const { coefficients } = r.standardised();
    expect(coefficients[0]).toBeCloseTo(1, 10);
    expect(Number.isNaN(coefficients[1])).toBe(true);
  });
});

describe('sweep summary per design point', () => {
  it('gives each point its KPI stats and counts failed runs apart', () => {
    const plan = [0, 1, 2, 3].map((run) => ({ run, point: run >> 1, params: { a: run >> 1 }, replication: run & 1, seed: run & 1 }));
    const agg = new SweepAggregator(plan);
    const row = (run: number, orders: number, ok = true): RunRow => ({
      ...plan[run]!, status: ok ? 'ok' : 'failed', kpis: ok ? { orders } : {}, byMarket: {},
    });
    agg.add(row(0, 10));
    agg.add(row(1, 14));
    agg.add(row(2, 0, false));
    agg.add(row(3, 20));
    const s = agg.summary();
    expect(s.params).toEqual(['a']);
    expect(s.points[0]!.kpis.orders).toMatchObject({ mean: 12, n: 2 });
    expect(s.points[1]!).toMatchObject({ runs: 2, failed: 1 });
    expect(s.points[1]!.kpis.orders!.n).toBe(1);
  });
});
