import { defaultScenario, type SimConfig } from '@shopsim/core';
import { describe, expect, it } from 'vitest';
import type { CalibrationCase } from './cases.ts';
import { sensitivity, sensitivityTable } from './sensitivity.ts';
import { levelTarget, type Target } from './targets.ts';

const small = (): SimConfig => ({ ...defaultScenario(), shoppers: 3000, days: 120 });
const level = (kpi: string, tolerance: number): Target => levelTarget('T', kpi, 0, tolerance);

describe('sensitivity', () => {
  const cases: CalibrationCase[] = [{ name: 'small', config: small(), calibration: { year: 'T' } }];
  const targets = [level('csat', 0.1), level('return_rate', 0.02)];
  const rows = sensitivity(cases, targets, ['behaviour.baseSatisfaction', 'behaviour.returnPropensityFree'], { seeds: [1, 2] });

  it('shows that happier shoppers raise CSAT and that a higher return propensity raises the return rate', () => {
    const [satisfaction, propensity] = rows;
    expect(satisfaction!.effects['T csat']).toBeGreaterThan(0.1);
    expect(propensity!.effects['T return_rate']).toBeGreaterThan(0.1);
    // The return propensity moves returns far more than base satisfaction does.
    expect(Math.abs(propensity!.effects['T return_rate']!)).toBeGreaterThan(5 * Math.abs(satisfaction!.effects['T return_rate']!));
  });

  it('moves each parameter by 10% of its value and prints one row per parameter', () => {
    expect(rows[0]!.step).toBeCloseTo(Math.abs(rows[0]!.value) * 0.1);
    const table = sensitivityTable(rows, targets).split('\n');
    expect(table[0]).toBe('| parameter | value | step | T csat | T return_rate |');
    expect(table.slice(2).map((l) => l.split('|')[1]!.trim())).toEqual(['behaviour.baseSatisfaction', 'behaviour.returnPropensityFree']);
  });
});
