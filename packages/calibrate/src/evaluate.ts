// Runs every case on the same seeds (common random numbers) and measures
// each target: a year's level, or a lever's paired relative effect.
import { simulate, type SimResult } from '@shopsim/core';
import type { CalibrationCase } from './cases.ts';
import { reportKpi } from './kpi-map.ts';
import { absoluteTolerance, type Target } from './targets.ts';
import { statOf, type Stat } from '@shopsim/runner';

export interface TargetResult {
  target: Target;
  /** Names of the scenarios that measured it. */
  scenarios: string[];
  /** Per seed, then over seeds; undefined when no scenario covers the target. */
  values?: number[];
  simulated?: Stat;
  /** Mean within tolerance. */
  pass?: boolean;
}

export interface EvaluateOptions {
  seeds: number[];
  /** Called after each simulation run. */
  onRun?: (done: number, total: number, caseName: string, seed: number) => void;
}

interface Coverage {
  target: Target;
  level?: CalibrationCase;
  base?: CalibrationCase;
  variant?: CalibrationCase;
}

function coverage(cases: CalibrationCase[], targets: Target[]): Coverage[] {
  return targets.map((target) => {
    if (target.kind === 'level') {
      const level = cases.find((c) => c.calibration.year === target.year);
      return level ? { target, level } : { target };
    }
    const side = (role: 'base' | 'variant') =>
      cases.find((c) => c.calibration.leverEffect?.id === target.effectId && c.calibration.leverEffect.role === role);
    const base = side('base');
    const variant = side('variant');
    return base && variant ? { target, base, variant } : { target };
  });
}

/** The cases that cover at least one target, in the given order. */
export function casesInUse(cases: CalibrationCase[], targets: Target[]): CalibrationCase[] {
  const used = new Set<CalibrationCase>();
  for (const c of coverage(cases, targets)) for (const k of [c.level, c.base, c.variant]) if (k) used.add(k);
  return cases.filter((c) => used.has(c));
}

export function evaluateTargets(cases: CalibrationCase[], targets: Target[], options: EvaluateOptions): TargetResult[] {
  const cov = coverage(cases, targets);
  const used = casesInUse(cases, targets);
  const results = new Map<CalibrationCase, SimResult[]>(used.map((c) => [c, []]));
  const total = used.length * options.seeds.length;
  let done = 0;
  for (const seed of options.seeds) {
    for (const c of used) {
      // Targets read whole-run KPIs: no daily series, which keeps many replications light.
      results.get(c)!.push(simulate(c.config, { seed, daily: false }));
      options.onRun?.(++done, total, c.name, seed);
    }
  }
  return cov.map(({ target, level, base, variant }): TargetResult => {
    if (target.kind === 'level' && level) {
      const values = results.get(level)!.map((r) => reportKpi(r, target.kpi));
      return finish(target, [level.name], values);
    }
    if (target.kind === 'effect' && base && variant) {
      const a = results.get(base)!;
      const b = results.get(variant)!;
      // Paired per seed: the same shoppers and draws on both sides.
      const values = a.map((ra, s) => {
        const va = reportKpi(ra, target.kpi, target.market, 'effect');
        const vb = reportKpi(b[s]!, target.kpi, target.market, 'effect');
        return vb / va - 1;
      });
      return finish(target, [base.name, variant.name], values);
    }
    return { target, scenarios: [] };
  });
}

function finish(target: Target, scenarios: string[], values: number[]): TargetResult {
  const simulated = statOf(values);
  const pass = Math.abs(simulated.mean - target.value) <= absoluteTolerance(target);
  return { target, scenarios, values, simulated, pass };
}

/**
 * Mean squared miss in units of each target's tolerance, over the covered
 * targets: below 1 when every target is met on average.
 */
export function lossOf(results: TargetResult[]): number {
  const covered = results.filter((r) => r.simulated);
  if (covered.length === 0) return Number.NaN;
  let sum = 0;
  for (const r of covered) {
    const miss = (r.simulated!.mean - r.target.value) / absoluteTolerance(r.target);
    sum += Number.isFinite(miss) ? miss * miss : 1e6;
  }
  return sum / covered.length;
}
