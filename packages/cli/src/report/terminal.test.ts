import { describe, expect, it } from 'vitest';
import type { Comparison, DiffStat, Stat } from './results.ts';
import {
  colourWanted, comparisonTable, dailySparklines, formatParam, kpiStatTable, paint, sensitivityTable, significanceMark, sparkline,
} from './terminal.ts';
import { formatStat, visibleLength } from '../format.ts';
import { KPI_NAMES } from '@shopsim/core';
import { KPI_GLOSSARY } from './glossary.ts';

const ESC = '\u001b[';

const stat = (mean: number, half: number, n = 3): Stat => ({ mean, sd: half, lo: mean - half, hi: mean + half, n });
const diff = (mean: number, half: number): DiffStat => ({ ...stat(mean, half), significant: mean - half > 0 || mean + half < 0 });

describe('colour', () => {
  it('is on for a terminal and off when piped', () => {
    expect(colourWanted({ isTTY: true }, {})).toBe(true);
    expect(colourWanted({ isTTY: false }, {})).toBe(false);
  });

  it('respects NO_COLOR above everything, FORCE_COLOR when piped', () => {
    expect(colourWanted({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(colourWanted({ isTTY: true }, { NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(false);
    expect(colourWanted({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
    expect(colourWanted({ isTTY: true }, { FORCE_COLOR: '0' })).toBe(true);
    // An empty NO_COLOR does not count (no-color.org).
    expect(colourWanted({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
  });
});

describe('sparkline', () => {
  it('climbs from the lowest to the highest bar for a rising series', () => {
    const line = sparkline([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(line).toBe('▁▂▃▄▅▆▇█');
  });

  it('averages a long series into at most the given width', () => {
    const days = Array.from({ length: 365 }, (_, d) => (d < 180 ? 10 : 20));
    const line = sparkline(days, 40);
    expect([...line]).toHaveLength(40);
    expect(line.startsWith('▁')).toBe(true);
    expect(line.endsWith('█')).toBe(true);
  });

  it('leaves a gap for days with no value, such as CSAT on a day without ratings', () => {
    expect(sparkline([4, null, Number.NaN, 5])).toBe('▁  █');
    expect(sparkline([null, null])).toBe('');
  });

  it('draws the main daily series of every market, with their ranges', () => {
    const daily = Array.from({ length: 30 }, (_, day) => [
      { day, market: 'all', orders: day * 2, csat: 4, meanDeliveryDays: 6, returns: 1 },
      { day, market: 'europe', orders: day, csat: 4, meanDeliveryDays: 6, returns: 1 },
    ]).flat();
    const text = dailySparklines(daily, [{ id: 'europe', name: 'Europe' }]);
    expect(text).toContain('Orders per day');
    expect(text).toContain('CSAT (stars, 1-5)');
    expect(text).toContain('Mean delivery time (days)');
    expect(text).toContain('Returns per day');
    expect(text).toMatch(/europe\s+▁▁▁▂.*███\s+0 – 29/);
  });
});

describe('KPI tables', () => {
  it('shows each KPI with its unit and the 95% CI half-width', () => {
    const table = kpiStatTable({ all: { csat: stat(4.183, 0.214), conversionRate: stat(0.142, 0.019) } }, []);
    expect(table).toMatch(/CSAT\s+stars \(1-5\)\s+4\.18 ± 0\.21/);
    expect(table).toMatch(/Conversion rate\s+% of visits\s+14\.2 ± 1\.9/);
  });

  it('shows the mean alone for a single replication', () => {
    expect(formatStat('csat', { mean: 4.2, sd: 0, lo: 4.2, hi: 4.2, n: 1 })).toBe('4.20');
  });
});

describe('comparison', () => {
  const p = paint(true);

  it('marks a significant rise in CSAT green and a significant rise in delivery time red', () => {
    expect(significanceMark('csat', diff(0.3, 0.1), p)).toBe(`${ESC}32m▲*${ESC}39m`);
    expect(significanceMark('meanDeliveryDays', diff(1.5, 0.5), p)).toBe(`${ESC}31m▲*${ESC}39m`);
    expect(significanceMark('meanDeliveryDays', diff(-1.5, 0.5), p)).toBe(`${ESC}32m▼*${ESC}39m`);
  });

  it('marks nothing when the interval of the difference includes 0', () => {
    expect(significanceMark('csat', diff(0.05, 0.1), p)).toBe('');
  });

  const comparison: Comparison = {
    kind: 'compare',
    scenarios: [{ name: 'base' }, { name: 'warehouses' }],
    seeds: [1, 2, 3],
    markets: [],
    kpis: {
      all: {
        csat: { values: [stat(4.1, 0.1), stat(4.4, 0.1)], diffs: [null, diff(0.3, 0.1)] },
        returnRate: { values: [stat(0.11, 0.01), stat(0.112, 0.01)], diffs: [null, diff(0.002, 0.01)] },
      },
    },
    daily: [],
  };

  it('prints both scenarios, the paired difference with its CI, and the mark', () => {
    const text = comparisonTable(comparison, 'all', { paint: paint(false) });
    expect(text).not.toContain(ESC);
    expect(text).toMatch(/CSAT\s+stars \(1-5\)\s+4\.10 ± 0\.10\s+4\.40 ± 0\.10\s+\+0\.30 \[\+0\.20, \+0\.40\]\s+\+7\.3% ▲\*/);
    expect(text).toMatch(/Return rate.*\+0\.2 \[-0\.8, \+1\.2\]\s+\+1\.8%$/m);
  });

  // 042d453: headers "warehouses − base" (200+ columns with real names), no relative change.
  it('labels scenarios A, B with a legend, so a table with long names fits 120 columns', () => {
    const long = { ...comparison, scenarios: [{ name: '2019 baseline of a leading cross-border platform' }, { name: '2024 leading platform with overseas warehouses' }] };
    const text = comparisonTable(long, 'all', { paint: paint(false) });
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^KPI\s+unit\s+A\s+B\s+B − A\s+vs A$/);
    expect(text).toContain('A  2019 baseline of a leading cross-border platform');
    expect(text).toContain('B  2024 leading platform with overseas warehouses');
    expect(Math.max(...lines.map(visibleLength))).toBeLessThanOrEqual(120);
  });

  // With every KPI (long labels like "Returning shoppers' repurchase rate", units like
  // "money units per shopper") and six-digit money, the table first drew 143 columns.
  it('fits every KPI of a comparison with long names and large values into 120 columns', () => {
    // Values of the size each unit takes in a 20,000-shopper year.
    const big = (k: string) => {
      const g = KPI_GLOSSARY[k as keyof typeof KPI_GLOSSARY];
      return g.percent ? 0.2345 : g.additive ? 236_009.4 : g.unit.includes('per') ? 49.61 : g.unit.startsWith('stars') ? 4.21 : 8.59;
    };
    const every: Comparison = {
      ...comparison,
      scenarios: [{ name: '2019 baseline of a leading cross-border platform' }, { name: '2024 leading platform with overseas warehouses' }],
      kpis: { all: Object.fromEntries(KPI_NAMES.map((k) => [k, { values: [stat(big(k), big(k) / 40), stat(big(k) * 1.9, big(k) / 50)], diffs: [null, diff(big(k) * 1.12, big(k) / 30)] }])) },
    };
    const text = comparisonTable(every, 'all', { paint: paint(false) });
    expect(Math.max(...text.split('\n').map(visibleLength))).toBeLessThanOrEqual(120);
    expect(text.split('\n').filter((l) => /^\S/.test(l) && / - |[0-9]/.test(l))).not.toHaveLength(0);
    // Each KPI still has its paired difference with its CI and the change relative to A.
    expect(text).toMatch(/^GMV\s+money\s+236,009\s+448,418\s+\+264,331 \[\+256,464, \+272,198\]\s+\+112% ▲\*$/m);
    expect(text).toContain('A, B: means over the replications, to fit 120 columns');
    // A short table keeps every CI.
    expect(comparisonTable({ ...every, kpis: { all: { gmv: every.kpis.all!.gmv! } } }, 'all')).toMatch(/236,009 ± 5,900/);
  });

  it('gives no relative change against a base that cannot be told from 0', () => {
    const profit: Comparison = { ...comparison, kpis: { all: { grossProfit: { values: [stat(-33, 834), stat(26_107, 903)], diffs: [null, diff(26_140, 1_300)] } } } };
    expect(comparisonTable(profit, 'all')).toMatch(/\+26,140 \[\+24,840, \+27,440\]\s+- ▲\*/);
  });

  // 042d453 printed a significant fall of 0.04 points of a share as "-0.0 [-0.0, -0.0]".
  it('prints a small significant difference with the digits that show it', () => {
    const small: Comparison = {
      ...comparison,
      kpis: { all: { returnRate: { values: [stat(0.12, 0.001), stat(0.1196, 0.001)], diffs: [null, diff(-0.0004, 0.0001)] } } },
    };
    expect(comparisonTable(small, 'all')).toMatch(/-0\.04 \[-0\.05, -0\.03\]\s+-0\.3% ▼\*/);
  });

  it('keeps columns aligned when colour codes are added', () => {
    const lines = comparisonTable(comparison, 'all', { paint: p }).split('\n');
    const csat = lines.find((l) => l.startsWith('CSAT'))!;
    const returns = lines.find((l) => l.startsWith('Return rate'))!;
    expect(csat).toContain(ESC);
    // The difference column ends at the same visible place in both rows.
    const endOfDiff = (l: string) => visibleLength(l.slice(0, l.lastIndexOf(']') + 1));
    expect(endOfDiff(csat)).toBe(endOfDiff(returns));
  });
});

describe('sweep tables', () => {
  // 042d453: "constants.warehouseShare 0.9" under full dotted paths, sampled values to 12 digits.
  it('name levers by the end of their path, with the full path in a legend, and values to 4 digits', () => {
    const text = sensitivityTable([
      { param: 'constants.warehouseShare', kpi: 'csat', coefficient: 0.93 },
      { param: 'levers.afterSales.returnCycleDays', kpi: 'csat', coefficient: -0.04 },
    ]);
    expect(text).toMatch(/CSAT\s+warehouseShare \+0\.93, returnCycleDays -0\.04/);
    expect(text).toContain('  warehouseShare = constants.warehouseShare');
    expect(text).toContain('  returnCycleDays = levers.afterSales.returnCycleDays');
    expect(formatParam(8.825431276123)).toBe('8.825');
    // 042d453 credited a platform lever that some markets set themselves to the whole platform.
    const reached = sensitivityTable([{ param: 'levers.warehouseShare', kpi: 'csat', coefficient: 0.93 }], 3, [
      { path: 'levers.warehouseShare', markets: ['north-america', 'europe'], of: 7, shopperShare: 0.45 },
    ]);
    expect(reached).toMatch(/CSAT\s+warehouseShare \(2 of 7 markets\) \+0\.93/);
    expect(reached).toContain('  warehouseShare reaches north-america, europe only (45% of shoppers): the other markets set their own');
    expect(formatParam(0.1)).toBe('0.1');
    expect(formatParam('lhs')).toBe('lhs');
  });
});
