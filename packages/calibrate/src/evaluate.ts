// Runs every case on the same seeds (common random numbers) and measures
// each target: a year's level, or a lever's paired effect. Each target is
// judged by its 95% CI against its passing interval: pass when the whole CI
// lies inside, fail when it lies wholly outside, else inconclusive (more
// seeds would tell).
import { simulate } from '@shopsim/core';
import type { CalibrationCase } from './cases.ts';
import { kpiProblem, reportKpi, type KpiSource } from './kpi-map.ts';
import { centreOf, missOf, steadyDriftOf, type Target } from './targets.ts';
import { statOf, type Stat } from '@shopsim/runner';

export type TargetStatus = 'pass' | 'fail' | 'inconclusive' | 'not steady' | 'not run' | 'cannot express';

/** The second half of the measured window minus the first, per seed. */
export interface Drift {
  stat: Stat;
  /** The largest drift that counts as steady (targets.ts steadyDriftOf). */
  allowed: number;
  /**
   * Judged like a level, by the drift's 95% CI: steady when it lies within
   * +-allowed, not steady when wholly beyond, unsure (add seeds) when it
   * straddles the bound.
   */
  verdict: DriftVerdict;
  /** Per seed (second window minus the first), for combining members seed by seed (check --members all). */
  values?: number[];
}

export type DriftVerdict = 'steady' | 'not steady' | 'unsure';

export interface TargetResult {
  target: Target;
  /** Names of the scenarios that measured it. */
  scenarios: string[];
  /** Per seed, then over seeds; undefined when no scenario covers the target. */
  values?: number[];
  simulated?: Stat;
  /** Mean within the passing interval (what a point fit aims at). */
  pass?: boolean;
  status: TargetStatus;
  /** Why a target was not run or cannot be expressed. */
  reason?: string;
  drift?: Drift;
}

export interface EvaluateOptions {
  seeds: number[];
  /** Also measure the two halves of the measured window and judge the drift. */
  halves?: boolean;
  /** Called after each simulation run. */
  onRun?: (done: number, total: number, caseName: string, seed: number) => void;
}

/** A target with the scenarios that measure it. */
export interface TargetPlan {
  target: Target;
  level?: CalibrationCase;
  base?: CalibrationCase;
  variant?: CalibrationCase;
  /** Why the target cannot be measured at all. */
  problem?: string;
}

/** Which scenarios measure which target (by their calibration: blocks). */
export function planTargets(cases: CalibrationCase[], targets: Target[], notExpressed: Record<string, string> = {}): TargetPlan[] {
  return targets.map((target) => {
    const problem = kpiProblem(target.kpi) ?? (target.effectId !== undefined ? notExpressed[target.effectId] : notExpressed[target.id]);
    if (problem !== undefined) return { target, problem };
    if (target.kind === 'level') {
      const level = cases.find((c) => c.calibration.year === target.year);
      return level ? { target, level } : { target };
    }
    const side = (role: 'base' | 'variant') =>
      cases.find((c) => c.calibration.leverEffect?.id === target.effectId && c.calibration.leverEffect?.role === role);
    const base = side('base');
    const variant = side('variant');
    return base && variant ? { target, base, variant } : { target };
  });
}

/** The cases that cover at least one target, in the given order. */
export function casesInUse(cases: CalibrationCase[], targets: Target[], notExpressed: Record<string, string> = {}): CalibrationCase[] {
  const used = new Set<CalibrationCase>();
  for (const c of planTargets(cases, targets, notExpressed)) for (const k of [c.level, c.base, c.variant]) if (k) used.add(k);
  return cases.filter((c) => used.has(c));
}

/** Simulates in this thread (no pool): each used case on each seed. */
export function evaluateTargets(cases: CalibrationCase[], targets: Target[], options: EvaluateOptions, notExpressed: Record<string, string> = {}): TargetResult[] {
  const plans = planTargets(cases, targets, notExpressed);
  const used = casesInUse(cases, targets, notExpressed);
  const outputs = new Map<CalibrationCase, KpiSource[]>(used.map((c) => [c, []]));
  const total = used.length * options.seeds.length;
  let done = 0;
  for (const seed of options.seeds) {
    for (const c of used) {
      // Targets read whole-run KPIs: no daily series, which keeps many replications light.
      outputs.get(c)!.push(simulate(c.config, { seed, daily: false, halves: options.halves ?? false }));
      options.onRun?.(++done, total, c.name, seed);
    }
  }
  return measureTargets(plans, outputs);
}

type Window = (o: KpiSource & { halves?: [KpiSource, KpiSource] }) => KpiSource | undefined;
const whole: Window = (o) => o;

/** Each target measured from the replications of its cases (index r of every case = the same seed). */
export function measureTargets(plans: TargetPlan[], outputs: Map<CalibrationCase, (KpiSource & { halves?: [KpiSource, KpiSource] })[]>): TargetResult[] {
  return plans.map((plan): TargetResult => {
    const { target } = plan;
    if (plan.problem !== undefined) return { target, scenarios: [], status: 'cannot express', reason: plan.problem };
    const sides = [plan.level, plan.base, plan.variant].filter((c): c is CalibrationCase => c !== undefined);
    if (sides.length === 0) return { target, scenarios: [], status: 'not run' };
    const values = perSeed(plan, outputs, whole);
    const result = judge(target, sides.map((c) => c.name), values);
    const first = perSeed(plan, outputs, (o) => o.halves?.[0]);
    const second = perSeed(plan, outputs, (o) => o.halves?.[1]);
    if (first.every(Number.isFinite) && second.every(Number.isFinite) && first.length > 0) {
      const drifts = second.map((v, s) => v - first[s]!);
      withDrift(result, { ...driftOf(target, statOf(drifts), result.simulated!.mean), values: drifts });
    }
    return result;
  });
}

function perSeed(plan: TargetPlan, outputs: Map<CalibrationCase, (KpiSource & { halves?: [KpiSource, KpiSource] })[]>, window: Window): number[] {
  const { target } = plan;
  const read = (o: KpiSource | undefined, market: string | undefined, context: 'level' | 'effect') =>
    o === undefined ? Number.NaN : reportKpi(o, target.kpi, market, context);
  if (plan.level) return outputs.get(plan.level)!.map((o) => read(window(o), undefined, 'level'));
  const a = outputs.get(plan.base!)!;
  const b = outputs.get(plan.variant!)!;
  const markets: (string | undefined)[] = target.markets ?? [undefined];
  // Paired per seed: the same shoppers and draws on both sides; several markets are averaged.
  return a.map((ra, s) => {
    let sum = 0;
    for (const m of markets) {
      const va = read(window(ra), m, 'effect');
      const vb = read(window(b[s]!), m, 'effect');
      sum += effectValue(target, va, vb);
    }
    return sum / markets.length;
  });
}

function effectValue(target: Target, base: number, variant: number): number {
  switch (target.measure) {
    case 'absolute':
      return variant - base;
    case 'before':
      return base;
    case 'after':
      return variant;
    default:
      return variant / base - 1;
  }
}

/** Pass when the 95% CI lies inside the passing interval, fail when wholly outside, else inconclusive. */
/** A target's drift judged by its CI against what counts as steady for the target's mean. */
export function driftOf(target: Target, stat: Stat, mean: number): Drift {
  const allowed = steadyDriftOf(target, mean);
  const sure = Number.isFinite(stat.lo) && Number.isFinite(stat.hi);
  const [lo, hi] = sure ? [stat.lo, stat.hi] : [stat.mean, stat.mean];
  const verdict: DriftVerdict = lo >= -allowed && hi <= allowed ? 'steady' : lo > allowed || hi < -allowed ? 'not steady' : 'unsure';
  return { stat, allowed, verdict };
}

/** The result with its drift: a drift beyond steady makes it "not steady" (unless it fails anyway), an unsure one makes a pass inconclusive. */
export function withDrift(result: TargetResult, drift: Drift): TargetResult {
  result.drift = drift;
  if (drift.verdict === 'not steady' && result.status !== 'fail') result.status = 'not steady';
  if (drift.verdict === 'unsure' && result.status === 'pass') result.status = 'inconclusive';
  return result;
}

export function judge(target: Target, scenarios: string[], values: number[]): TargetResult {
  return judgeStat(target, scenarios, statOf(values), values);
}

/** judge with the mean and CI already taken (weighted members: check --behaviours). */
export function judgeStat(target: Target, scenarios: string[], simulated: Stat, values: number[]): TargetResult {
  const [lo, hi] = target.range;
  const pass = missOf(target, simulated.mean) === 0;
  let status: TargetStatus;
  if (!Number.isFinite(simulated.mean)) status = 'fail';
  else if (simulated.lo >= lo && simulated.hi <= hi) status = 'pass';
  else if (simulated.hi < lo || simulated.lo > hi) status = 'fail';
  else status = 'inconclusive';
  return { target, scenarios, values, simulated, pass, status };
}

/**
 * Mean squared miss from each target's centre in units of its scale (one-sided
 * targets: the miss beyond their bound), over the measured targets: below 1
 * when every target is met on average.
 */
export function lossOf(results: TargetResult[]): number {
  const covered = results.filter((r) => r.simulated);
  if (covered.length === 0) return Number.NaN;
  let sum = 0;
  for (const r of covered) {
    const t = r.target;
    const twoSided = Number.isFinite(t.range[0]) && Number.isFinite(t.range[1]);
    const miss = twoSided ? (r.simulated!.mean - centreOf(t)) / t.scale : missOf(t, r.simulated!.mean);
    sum += Number.isFinite(miss) ? miss * miss : 1e6;
  }
  return sum / covered.length;
}
