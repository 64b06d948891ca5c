import { describe, expect, it } from 'vitest';
import { isFullGrid, reportData, sizeFacts } from './html.ts';
import type { Results, SweepSummary } from './results.ts';

const stat = { mean: 1, sd: 0, lo: 1, hi: 1, n: 2 };
const sweep = (params: Record<string, number>[]): SweepSummary => ({
  kind: 'sweep', params: Object.keys(params[0]!), kpis: ['csat'], points: params.map((p, point) => ({ point, params: p, kpis: { csat: stat } })),
});

describe('a sweep report', () => {
  // 042d453 labelled a platform lever that some markets set themselves as if it moved every market.
  it('labels a lever that reaches only some markets with how many, in every chart', () => {
    const results: Results = {
      kind: 'sweep', dir: 'x', manifest: null, scenarios: [], sweep: sweep([{ 'levers.warehouseShare': 0.3, 'levers.priceIndex': 1 }, { 'levers.warehouseShare': 0.6, 'levers.priceIndex': 1.1 }]),
      sensitivity: { kind: 'sensitivity', method: 'standardised regression coefficients', rows: [], reach: [
        { path: 'levers.warehouseShare', markets: ['north-america', 'europe'], of: 6, shopperShare: 0.5 },
        { path: 'levers.priceIndex', markets: ['a', 'b', 'c', 'd', 'e', 'f'], of: 6, shopperShare: 1 },
      ] },
    };
    expect(reportData(results).sweep!.labels).toEqual({ 'levers.warehouseShare': 'warehouseShare (2 of 6 markets)', 'levers.priceIndex': 'priceIndex' });
  });
});

describe('sweep designs', () => {
  it('tells a full grid from sampled points', () => {
    expect(isFullGrid(sweep([{ a: 1, b: 1 }, { a: 1, b: 2 }, { a: 2, b: 1 }, { a: 2, b: 2 }]))).toBe(true);
    // Latin hypercube: every value distinct, far fewer points than combinations.
    expect(isFullGrid(sweep([{ a: 1.3, b: 8.8 }, { a: 2.7, b: 3.1 }, { a: 0.4, b: 5.5 }]))).toBe(false);
  });
});

function runResults(daily: { day: number; market: string; activeShoppers: number }[]): Results {
  return {
    kind: 'run', dir: '.', manifest: null, scenarios: [], timeline: [],
    run: {
      kind: 'run', scenario: { name: 's', shoppers: 50_000, days: 2, text: 'shoppers: 100000' }, seeds: [4, 5, 6],
      markets: [{ id: 'europe', name: 'Europe' }], kpis: {}, daily,
    },
  };
}

describe('report data', () => {
  it('keeps daily values to 7 significant digits, not 4 (a smooth series drew a staircase)', () => {
    const daily = [{ day: 0, market: 'europe', activeShoppers: 98_765.4321 }, { day: 1, market: 'europe', activeShoppers: 98_766.2 }];
    const shown = reportData(runResults(daily)).run!.daily.map((r) => r.activeShoppers as number);
    expect(shown[0]).toBeCloseTo(98_765.43, 2);
    expect(shown[1]! - shown[0]!).toBeCloseTo(0.77, 2);
  });

  it('states the shoppers the run had (not the scenario text), days, replications and seeds', () => {
    const facts = sizeFacts(runResults([{ day: 0, market: 'europe', activeShoppers: 1 }, { day: 1, market: 'europe', activeShoppers: 1 }]));
    expect(facts).toEqual(['50,000 shoppers', '2 days', '3 replications (seeds 4..6)', '1 markets']);
  });
});
