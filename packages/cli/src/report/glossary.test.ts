import { describe, expect, it } from 'vitest';
import { KPI_ROWS, MONEY, MONEY_NOTE } from '@shopsim/core';
import { kpiTable } from '../format.ts';
import { codebook } from '../tidy/tidy.ts';
import { DAILY_GLOSSARY, KPI_GLOSSARY } from './glossary.ts';

// KPIs that are sums of money or money per something, told by what they measure.
const MONEY_KPI = /gmv|cost|spend|fees|refunds|profit|margin|ordervalue|compensation/i;

describe('glossary', () => {
  it('takes every KPI label, unit and definition from KPI_ROWS, and every daily series that is a KPI too', () => {
    for (const r of KPI_ROWS) {
      expect(KPI_GLOSSARY[r.name]).toMatchObject({ label: r.label, unit: r.unit, definition: r.description, digits: r.digits, percent: 'percent' in r });
    }
    for (const [field, g] of Object.entries(DAILY_GLOSSARY)) {
      const row = KPI_ROWS.find((r) => r.name === field);
      if (row) expect({ label: g.label, unit: g.unit, percent: g.percent }).toEqual({ label: row.label, unit: row.unit, percent: 'percent' in row });
    }
  });

  it('names one money unit, never a currency, in tables, daily axes and the codebook', () => {
    for (const r of KPI_ROWS) {
      const isMoney = MONEY_KPI.test(r.name);
      expect(r.unit.startsWith(MONEY), `${r.name}: ${r.unit}`).toBe(isMoney);
      // Totals add up over markets; per-order or per-shopper values do not.
      expect(KPI_GLOSSARY[r.name].additive, r.name).toBe(r.unit === 'count' || r.unit === MONEY);
    }
    expect(DAILY_GLOSSARY.gmv.axis).toBe(`GMV per day (${MONEY})`);
    expect(DAILY_GLOSSARY.grossProfit.unit).toBe(MONEY);
    const book = codebook({}) as { about: string; kpis: { kpi: string; unit: string }[]; series: { series: string; unit: string }[] };
    expect(book.about).toContain(MONEY_NOTE);
    for (const { kpi, unit } of book.kpis) expect(unit.startsWith(MONEY), kpi).toBe(MONEY_KPI.test(kpi));
    expect(JSON.stringify(book)).not.toMatch(/currency units|unit": "currency/);
    expect(book.series.find((s) => s.series === 'gmv')?.unit).toBe(MONEY);
  });

  it('shows the money unit in the terminal KPI table', () => {
    const kpis = Object.fromEntries(KPI_ROWS.map((r) => [r.name, 1]));
    const table = kpiTable({ markets: [], kpis, byMarket: {} } as never);
    const gmv = table.split('\n').find((l) => l.startsWith('GMV '));
    expect(gmv).toMatch(new RegExp(`^GMV\\s+${MONEY}\\s+1$`));
  });
});
