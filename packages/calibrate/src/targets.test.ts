import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { absoluteTolerance, loadTargets, missOf, parseTargets, TargetsError } from './targets.ts';
import { judge } from './evaluate.ts';

const shipped = fileURLToPath(new URL('../../../targets/report-2019-2024.yaml', import.meta.url));
const shippedV2 = fileURLToPath(new URL('../../../targets/report-2019-2024-v2.yaml', import.meta.url));

describe('parseTargets', () => {
  it('reads every level and lever effect of the shipped report targets', () => {
    const targets = parseTargets(readFileSync(shipped, 'utf8'), shipped);
    expect(targets.map((t) => t.id)).toEqual([
      '2019 csat', '2019 repurchase_rate', '2019 return_rate', '2019 payment_abandonment',
      '2024 csat', '2024 repurchase_rate', '2024 return_rate',
      'sea-local-ewallets payment_conversion', 'eu-return-cycle-45-to-7 satisfied_share',
    ]);
    const sea = targets.find((t) => t.id.startsWith('sea'))!;
    expect(sea).toMatchObject({ kind: 'effect', markets: ['southeast-asia'], value: 0.37, tolerance: 0.25 });
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

  it('reads version 2: every v1 target through extends, then bands, one-sided and before/after effects', () => {
    const targets = loadTargets(shippedV2);
    const ids = targets.map((t) => t.id);
    expect(ids.slice(0, 9)).toEqual(parseTargets(readFileSync(shipped, 'utf8'), shipped).map((t) => t.id));
    const byId = (id: string) => targets.find((t) => t.id === id)!;
    expect(byId('price-vs-speed-2019 orders')).toMatchObject({ measure: 'relative', range: [0, Infinity], year: '2019' });
    expect(byId('price-vs-speed-2024 orders').range).toEqual([-Infinity, 0]);
    expect(byId('us-de-warehouses-72h csat')).toMatchObject({ measure: 'absolute', range: [0.5, 1.3], markets: ['north-america', 'europe'] });
    expect(byId('apparel-after-sales days_between_orders after').range).toEqual([30, 65]);
    expect(byId('apparel-after-sales gmv_per_buyer').range).toEqual([0.25, 1.0]);
    expect(byId('free-returns-with-better-descriptions return_rate before').range[0]).toBeCloseTo(0.31, 12);
    expect(byId('emerging-markets-payment-localisation payment_conversion').range[1]).toBeCloseTo(0.38 * 1.3, 12);
    expect(targets).toHaveLength(19);
  });

  it('counts a one-sided miss beyond its bound only', () => {
    const [up] = parseTargets('lever_effects: [{ id: x, kpi: orders, effect: { direction: up } }]');
    expect(missOf(up!, 0.2)).toBe(0);
    expect(missOf(up!, -0.1)).toBeCloseTo(2, 12); // 0.1 below 0, in units of 5%
  });
});

describe('judging a target by its 95% CI', () => {
  const [level] = parseTargets('years: { "2019": { kpis: { csat: { value: 3.5, tolerance: 0.1 } } } }');
  it('passes when the whole CI is inside, fails when it is wholly outside, else is inconclusive', () => {
    expect(judge(level!, [], [3.49, 3.5, 3.51, 3.5]).status).toBe('pass');
    expect(judge(level!, [], [3.8, 3.81, 3.79, 3.8]).status).toBe('fail');
    // Mean 3.55 inside, but the seeds scatter across the bound 3.6.
    expect(judge(level!, [], [3.4, 3.7, 3.45, 3.65]).status).toBe('inconclusive');
  });
});
