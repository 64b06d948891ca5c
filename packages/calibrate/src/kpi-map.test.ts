// Every report KPI of targets v2 is measured, and a target reads the engine's
// KPI of the same meaning: the apparel after-sales pair (days between orders
// after the change, GMV per buyer's relative rise) is judged, not listed as
// "cannot express", and its figures are those recomputed from plain runs.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { applyLeverPatch, defaultScenario, simulate, type SimConfig } from '@shopsim/core';
import { describe, expect, it } from 'vitest';
import type { CalibrationCase } from './cases.ts';
import { evaluateTargets, planTargets } from './evaluate.ts';
import { kpiProblem, reportKpi } from './kpi-map.ts';
import { loadEnsembleSpec } from './priors.ts';
import { loadTargets } from './targets.ts';

const at = (file: string) => fileURLToPath(new URL(`../../../${file}`, import.meta.url));
const targets = loadTargets(at('targets/report-2019-2024-v2.yaml'));
const spec = loadEnsembleSpec(at('targets/ensemble-v2.yaml'));
const APPAREL = ['apparel-after-sales days_between_orders after', 'apparel-after-sales gmv_per_buyer'];

/** The after-sales levers a shipped apparel scenario sets (each file states all of them); a yes/no lever as 1/0, as the loader gives it. */
function shippedAfterSales(file: string): Record<string, number> {
  const block = (parse(readFileSync(at(`scenarios/targets-v2/${file}`), 'utf8')) as { levers: { afterSales: Record<string, number | boolean> } }).levers.afterSales;
  return Object.fromEntries(Object.entries(block).map(([k, v]) => [k, Number(v)]));
}

/** A small 2024 population with the after-sales of scenarios/targets-v2/apparel-after-sales-before.yaml or -after.yaml. */
function apparelCase(role: 'base' | 'variant'): CalibrationCase {
  const base = defaultScenario();
  const afterSales = shippedAfterSales(role === 'base' ? 'apparel-after-sales-before.yaml' : 'apparel-after-sales-after.yaml');
  const config: SimConfig = { ...base, shoppers: 3000, days: 420, warmupDays: 120, repurchaseWindowDays: 300, levers: applyLeverPatch(base.levers, { afterSales }) };
  return { name: `apparel ${role}`, config, calibration: { leverEffect: { id: 'apparel-after-sales', role } } };
}

describe('report KPIs', () => {
  it('measures every KPI the v2 targets use', () => {
    expect(targets.filter((t) => kpiProblem(t.kpi) !== undefined).map((t) => t.id)).toEqual([]);
    expect(kpiProblem('basket_size')).toMatch(/no measure of the report kpi "basket_size"/);
  });

  it('reads days between orders and GMV per buyer from the engine, all markets and per market', () => {
    const r = simulate({ ...defaultScenario(), shoppers: 2000, days: 200 }, { seed: 3, daily: false });
    expect(reportKpi(r, 'days_between_orders')).toBe(r.kpis.daysBetweenOrders);
    expect(reportKpi(r, 'gmv_per_buyer')).toBe(r.kpis.gmvPerBuyer);
    for (const [id, k] of Object.entries(r.byMarket)) {
      expect(reportKpi(r, 'days_between_orders', id)).toBe(k.daysBetweenOrders);
      expect(reportKpi(r, 'gmv_per_buyer', id)).toBe(k.gmvPerBuyer);
    }
  });

  it('judges the apparel after-sales pair from the same runs a user would read', () => {
    const cases = [apparelCase('base'), apparelCase('variant')];
    const plans = planTargets(cases, targets, spec.notExpressed).filter((p) => APPAREL.includes(p.target.id));
    expect(plans.map((p) => [p.target.id, p.problem, p.base?.name, p.variant?.name])).toEqual(APPAREL.map((id) => [id, undefined, 'apparel base', 'apparel variant']));
    const seeds = [1, 2, 3];
    const results = evaluateTargets(cases, targets.filter((t) => APPAREL.includes(t.id)), { seeds }, spec.notExpressed);
    const runs = cases.map((c) => seeds.map((seed) => simulate(c.config, { seed, daily: false }).kpis));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const [gap, gmv] = results;
    expect(['pass', 'fail', 'inconclusive']).toContain(gap!.status);
    expect(['pass', 'fail', 'inconclusive']).toContain(gmv!.status);
    expect(gap!.simulated!.mean).toBeCloseTo(mean(runs[1]!.map((k) => k.daysBetweenOrders)), 9);
    expect(gmv!.simulated!.mean).toBeCloseTo(mean(runs[1]!.map((k, s) => k.gmvPerBuyer / runs[0]![s]!.gmvPerBuyer - 1)), 9);
  });
});
