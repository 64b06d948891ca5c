// One replication as a unit of work: what the pool sends to a worker and
// what comes back. Plain data only, so it crosses the thread boundary.
import { simulate, type DailyRow, type Kpis } from '@shopsim/core';
import { loadScenario } from './scenario-source.ts';

export interface RunTask {
  /** Scenario file, or null for the built-in scenario. */
  file: string | null;
  /** Dotted key paths -> values, applied by the scenario loader. */
  overrides: Record<string, unknown>;
  seed: number;
  /** Whether to send the daily series back (replications and comparisons need it; sweeps do not). */
  daily: boolean;
}

export interface RunOutput {
  seed: number;
  kpis: Kpis;
  byMarket: Record<string, Kpis>;
  daily?: DailyRow[];
}

export async function runTask(task: RunTask): Promise<RunOutput> {
  const { config } = await loadScenario(task.file, task.overrides);
  const result = simulate(config, { seed: task.seed });
  const out: RunOutput = { seed: result.seed, kpis: result.kpis, byMarket: result.byMarket };
  if (task.daily) out.daily = result.daily;
  return out;
}
