import { describe, expect, it } from 'vitest';
import { scenarioLetter, shortLeverNames } from './labels.ts';

describe('short labels', () => {
  it('letters scenarios A, B, ... Z, AA', () => {
    expect([0, 1, 25, 26, 27].map(scenarioLetter)).toEqual(['A', 'B', 'Z', 'AA', 'AB']);
  });

  it('names a lever by the shortest ending of its path that is unique', () => {
    expect(shortLeverNames(['levers.warehouseShare', 'levers.afterSales.returnCycleDays'])).toEqual({
      'levers.warehouseShare': 'warehouseShare',
      'levers.afterSales.returnCycleDays': 'returnCycleDays',
    });
    const a = 'markets.europe.levers.warehouseShare';
    const b = 'markets.africa.levers.warehouseShare';
    expect(shortLeverNames([a, b])).toEqual({ [a]: 'europe.levers.warehouseShare', [b]: 'africa.levers.warehouseShare' });
  });
});
