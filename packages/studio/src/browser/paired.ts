// Paired answers from the runs finished so far: base and variant on the same
// seeds (common random numbers), judged seed by seed with the runner's
// statistics, exactly as `shopsim compare` judges them.
import type { Kpis } from '@shopsim/core';
import { diffStatOf, statOf, type DiffStat, type Stat } from '@shopsim/runner/stats';

export type KpiName = keyof Kpis;

/** What a worker sends back for one run. */
export interface RunResult {
  seed: number;
  kpis: Kpis;
  byMarket: Record<string, Kpis>;
  /** Daily series by field: days x (1 + markets) values, "all" first. */
  daily: Record<string, Float64Array>;
}

export interface PairedKpi {
  base: Stat;
  variant: Stat;
  diff: DiffStat;
}

/** The seeds both sides have finished, in seed order (the order `shopsim compare --seeds` takes them in). */
export function pairedSeeds(base: Map<number, RunResult>, variant: Map<number, RunResult>): number[] {
  return [...variant.keys()].filter((s) => base.has(s)).sort((a, b) => a - b);
}

const kpisIn = (r: RunResult, market: string): Kpis | undefined => (market === 'all' ? r.kpis : r.byMarket[market]);

/**
 * One KPI of one market ("all" for the platform) over the paired seeds; with
 * behaviours (each seed ran its own ensemble member) the difference also says
 * the share of seeds agreeing on its sign.
 */
export function pairedKpi(base: RunResult[], variant: RunResult[], market: string, kpi: KpiName, withBehaviours = false): PairedKpi {
  const a = base.map((r) => kpisIn(r, market)?.[kpi] ?? Number.NaN);
  const b = variant.map((r) => kpisIn(r, market)?.[kpi] ?? Number.NaN);
  return { base: statOf(a), variant: statOf(b), diff: diffStatOf(a, b, withBehaviours) };
}

/** Mean of one daily field over runs, per day, for column `col` (0 = all markets); NaN days (nothing to divide by) left out. */
export function meanDailySeries(runs: RunResult[], field: string, col: number, columns: number): number[] {
  const first = runs[0]?.daily[field];
  if (!first) return [];
  const days = first.length / columns;
  const out: number[] = [];
  for (let d = 0; d < days; d++) out.push(statOf(runs.map((r) => r.daily[field]![d * columns + col]!)).mean);
  return out;
}
