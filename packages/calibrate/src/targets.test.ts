import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { absoluteTolerance, parseTargets, TargetsError } from './targets.ts';

const shipped = fileURLToPath(new URL('../../../targets/report-2019-2024.yaml', import.meta.url));

describe('parseTargets', () => {
  it('reads every level and lever effect of the shipped report targets', () => {
    const targets = parseTargets(readFileSync(shipped, 'utf8'), shipped);
    expect(targets.map((t) => t.id)).toEqual([
      '2019 csat', '2019 repurchase_rate', '2019 return_rate', '2019 payment_abandonment',
      '2024 csat', '2024 repurchase_rate', '2024 return_rate',
      'sea-local-ewallets payment_conversion', 'eu-return-cycle-45-to-7 satisfied_share',
    ]);
    const sea = targets.find((t) => t.id.startsWith('sea'))!;
    expect(sea).toMatchObject({ kind: 'effect', market: 'southeast-asia', value: 0.37, tolerance: 0.25 });
  });

  it('takes level tolerances as absolute and effect tolerances as relative to the effect', () => {
    const [level, effect] = parseTargets(`
years: { "2030": { kpis: { csat: { value: 4, tolerance: 0.1 } } } }
lever_effects: [{ id: x, kpi: csat, effect: { relative: 0.4, tolerance: 0.25 } }]
`);
    expect(absoluteTolerance(level!)).toBe(0.1);
    expect(absoluteTolerance(effect!)).toBeCloseTo(0.1, 12);
  });

  it('rejects a file whose figures lack a tolerance, naming the place', () => {
    expect(() => parseTargets('years: { "2019": { kpis: { csat: { value: 3.5 } } } }', 't.yaml')).toThrow(
      /t\.yaml: years\.2019\.kpis\.csat\.tolerance/,
    );
  });

  it('rejects a KPI the simulation does not measure', () => {
    expect(() => parseTargets('years: { "2019": { kpis: { nps: { value: 30, tolerance: 5 } } } }', 't.yaml')).toThrow(TargetsError);
    expect(() => parseTargets('years: { "2019": { kpis: { nps: { value: 30, tolerance: 5 } } } }', 't.yaml')).toThrow(/unknown kpi "nps"/);
  });

  it('rejects a file with no targets and broken YAML', () => {
    expect(() => parseTargets('definitions: {}')).toThrow(/holds no targets/);
    expect(() => parseTargets('years: [')).toThrow(/not valid YAML/);
  });
});
