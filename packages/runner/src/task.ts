// One replication as a unit of work: what the pool sends to a worker and
// what comes back. Plain data only, so it crosses the thread boundary.
import { statSync } from 'node:fs';
import { simulate, withParameters, type ConfigIssue, type DailyRow, type Kpis, type SimConfig, type WindowKpis } from '@shopsim/core';
import { configOf, loadScenario, type TaskScenario } from './scenario-source.ts';

export interface RunTask {
  /** Scenario file, or null for the built-in scenario. */
  file: string | null;
  /**
   * The scenario as the main thread loaded it (then `file` is only its name);
   * without it the worker loads `file`.
   */
  scenario?: TaskScenario;
  /** Dotted key paths -> values, set on `scenario`'s document, else applied when loading `file`. */
  overrides: Record<string, unknown>;
  seed: number;
  /** Whether to send the daily series back (replications and comparisons need it; sweeps do not). */
  daily: boolean;
  /** Parameter values (behaviour.<name>, markets.<id>.<trait>, levers.<path>@<value>) set on the loaded config: one ensemble member or calibration particle. */
  parameters?: Record<string, number>;
  /** Also send the KPIs of the measured window's two halves (steady-state checks). */
  halves?: boolean;
  /**
   * Which call of the pool this task belongs to (set by runPooled). A worker
   * outlives a call (pools are kept), and files may change between calls:
   * a loaded scenario is reused only within its call.
   */
  batch?: number;
}

export interface RunOutput {
  seed: number;
  kpis: Kpis;
  byMarket: Record<string, Kpis>;
  daily?: DailyRow[];
  halves?: [WindowKpis, WindowKpis];
}

/** What a worker sends back: the run's output, or the model's reasons to refuse it. */
export type WorkerReply = RunOutput | { refused: ConfigIssue[] };

export async function runTask(task: RunTask): Promise<RunOutput> {
  const loaded = await configFor(task);
  const config = task.parameters && Object.keys(task.parameters).length > 0 ? withParameters(loaded, task.parameters) : loaded;
  const result = simulate(config, { seed: task.seed, daily: task.daily, halves: task.halves ?? false });
  const out: RunOutput = { seed: result.seed, kpis: result.kpis, byMarket: result.byMarket };
  if (task.daily) out.daily = result.daily;
  if (result.halves) out.halves = result.halves;
  return out;
}

// A worker runs the replications of a design point one after another: the
// same file and overrides, loaded once (parsing and checking a scenario
// takes about 20 ms, a fifth of a 100k-shopper run). The file's size and
// modification time are part of the key, so an edited file is loaded again;
// so is the call (batch): a file it extends may have been edited between calls.
// An ensemble calibration or check cycles through a few dozen scenarios
// (every target's pair) for each particle, so the cache holds that many; a
// config is a few kilobytes.
const CACHED_CONFIGS = 64;
const configs = new Map<string, SimConfig>();

async function configFor(task: RunTask): Promise<SimConfig> {
  if (task.scenario) return configOf(task.scenario, task.overrides);
  const stamp = task.file === null ? '' : fileStamp(task.file);
  const key = JSON.stringify([task.batch ?? 0, task.file, stamp, task.overrides]);
  let config = configs.get(key);
  if (config === undefined) {
    config = (await loadScenario(task.file, task.overrides)).config;
    if (configs.size >= CACHED_CONFIGS) configs.delete(configs.keys().next().value!);
    configs.set(key, config);
  }
  return config;
}

function fileStamp(file: string): string {
  try {
    const s = statSync(file);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return 'missing'; // loadScenario says what is wrong
  }
}
