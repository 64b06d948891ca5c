// Replications of one scenario: the same scenario on several seeds, each KPI
// summarised as mean, sd and 95% CI, overall and per market.
import { assertValidConfig, ConfigError, KPI_NAMES, type DailyRow, type Kpis, type TimelineEvent } from '@shopsim/core';
import { InputError } from './input-error.ts';
import { runAll, type TaskOutcome } from './pool.ts';
import { loadScenario, taskScenario, type LoadedScenario } from './scenario-source.ts';
import { statOf, type Stat } from './stats.ts';
import type { RunOutput } from './task.ts';
import { memberIndex, withMember, type Behaviours } from './behaviours.ts';

export type KpiStats = Record<keyof Kpis, Stat>;

/** A daily row averaged over replications. */
export type DailyMeanRow = { day: number; market: string; [field: string]: number | string };

export interface MarketRef {
  id: string;
  name: string;
}

/**
 * What a results folder says about a scenario as it ran: the size after --shoppers/--days
 * (the file's text may say otherwise) and its timeline.
 */
export interface ScenarioFacts {
  name: string;
  file: string | null;
  text: string | null;
  shoppers: number;
  days: number;
  warmupDays: number;
  timeline: TimelineEvent[];
}

export function scenarioFacts(scenario: LoadedScenario): ScenarioFacts {
  const { shoppers, days, warmupDays, timeline } = scenario.config;
  return { name: scenario.name, file: scenario.file, text: scenario.text, shoppers, days, warmupDays, timeline };
}

/** summary.json of `shopsim run`. */
export interface RunSummary {
  kind: 'run';
  scenario: ScenarioFacts & { description: string };
  seeds: number[];
  /** With --behaviours: the ensemble file and, per seed, the member its replication used. */
  behaviours?: { file: string | null; members: number[] };
  markets: MarketRef[];
  /** "all" and one entry per market id. */
  kpis: Record<string, KpiStats>;
  daily: DailyMeanRow[];
}

export interface ScenarioInput {
  /** Scenario file, or null for the built-in scenario. */
  file: string | null;
  overrides?: Record<string, unknown>;
  /** The scenario as the command already loaded it (file and overrides): not loaded again. */
  loaded?: LoadedScenario;
}

export interface ReplicationOptions extends ScenarioInput {
  seeds: number[];
  workers: number;
  /** Each replication draws one member of this ensemble from its seed. */
  behaviours?: Behaviours;
  onProgress?: (done: number, total: number) => void;
}

/** Seeds 1..R after a base seed: base, base+1, ..., base+R-1. */
export function seedRange(base: number, replications: number): number[] {
  return Array.from({ length: replications }, (_, i) => base + i);
}

/** Loads a scenario in this thread first, so mistakes surface once and clearly, not once per worker. */
export async function loadChecked(input: ScenarioInput): Promise<LoadedScenario> {
  const scenario = input.loaded ?? (await loadScenario(input.file, input.overrides ?? {}));
  assertValidConfig(scenario.config);
  return scenario;
}

export function marketsOf(scenario: LoadedScenario): MarketRef[] {
  return scenario.config.markets.map((m) => ({ id: m.id, name: m.name }));
}

/** Most daily rows (a day of one market, or of all) that replications may hold in memory: about 1 GB. */
export const MAX_DAILY_ROWS = 4_000_000;

/** Replications keep every run's daily series until the mean is taken: bound it before any run starts. */
export function checkDailyRows(scenarios: LoadedScenario[], seeds: number): void {
  let rows = 0;
  for (const s of scenarios) rows += seeds * s.config.days * (s.config.markets.length + 1);
  if (rows > MAX_DAILY_ROWS) {
    const days = scenarios.map((s) => s.config.days).join('/');
    throw new InputError(
      `${seeds.toLocaleString('en-US')} replications of ${days} days would hold ${rows.toLocaleString('en-US')} daily rows in memory, more than ${MAX_DAILY_ROWS.toLocaleString('en-US')}`,
      'use fewer replications or --days, or shopsim sweep, which keeps no daily series',
    );
  }
}

/** Runs the scenario once per seed on the pool and summarises the replications. */
export async function runReplications(options: ReplicationOptions): Promise<{ summary: RunSummary; outputs: RunOutput[] }> {
  const scenario = await loadChecked(options);
  checkDailyRows([scenario], options.seeds.length);
  const tasks = options.seeds.map((seed) => withMember({ file: options.file, scenario: taskScenario(scenario), overrides: {}, seed, daily: true }, options.behaviours));
  const outcomes = await runAll(tasks, options.workers, (done) => options.onProgress?.(done, tasks.length));
  const outputs = outcomes.map((o, i) => succeeded(o, `${scenario.name}, seed ${options.seeds[i]}`));
  const markets = marketsOf(scenario);
  return {
    summary: {
      kind: 'run',
      scenario: { ...scenarioFacts(scenario), description: scenario.description },
      seeds: options.seeds,
      ...(options.behaviours ? { behaviours: { file: options.behaviours.file ?? null, members: options.seeds.map((seed) => memberIndex(options.behaviours!, seed)) } } : {}),
      markets,
      kpis: kpiStats(outputs, markets),
      daily: meanDaily(outputs),
    },
    outputs,
  };
}

/**
 * A replication the model refused (its numbers overflowed) stops the command
 * with the model's reasons; one that threw otherwise is a bug here (the
 * scenario was validated first).
 */
export function succeeded(outcome: TaskOutcome, what: string): RunOutput {
  if (!outcome.ok && outcome.refused) throw new ConfigError(outcome.refused.map((i) => ({ ...i, message: `${what}: ${i.message}` })));
  if (!outcome.ok) throw new Error(`run failed (${what}): ${outcome.error}`);
  return outcome.output;
}

/** KPIs of one market ("all" for the whole platform) of one replication. */
export function kpisIn(output: RunOutput, market: string): Kpis | undefined {
  return market === 'all' ? output.kpis : output.byMarket[market];
}

export function kpiStats(outputs: RunOutput[], markets: MarketRef[]): Record<string, KpiStats> {
  const out: Record<string, KpiStats> = {};
  for (const market of ['all', ...markets.map((m) => m.id)]) {
    const stats = {} as KpiStats;
    for (const k of KPI_NAMES) stats[k] = statOf(outputs.map((o) => kpisIn(o, market)?.[k] ?? Number.NaN));
    out[market] = stats;
  }
  return out;
}

/** The daily series averaged over replications (undefined ratios left out of each mean). */
export function meanDaily(outputs: RunOutput[]): DailyMeanRow[] {
  const first = outputs[0]?.daily;
  if (!first) return [];
  return first.map((row, i) => {
    const mean: DailyMeanRow = { day: row.day, market: row.market };
    for (const field of Object.keys(row) as (keyof DailyRow)[]) {
      if (field === 'day' || field === 'market') continue;
      mean[field] = statOf(outputs.map((o) => (o.daily?.[i]?.[field] as number | undefined) ?? Number.NaN)).mean;
    }
    return mean;
  });
}
