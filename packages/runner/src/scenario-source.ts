// Where a run's configuration comes from: a scenario file (through
// @shopsim/scenario) or the built-in 2024 scenario, plus dotted-path overrides.
// Both the main thread and the pool's workers load scenarios this way, so a
// task only needs to carry a file name, overrides and a seed.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { defaultScenario, type SimConfig } from '@shopsim/core';
import type { RunSpec, Scenario } from '@shopsim/scenario';
import { InputError } from './input-error.ts';

export type { ParamValue, RunSpec } from '@shopsim/scenario';

export interface LoadedScenario {
  /** The scenario file as given, or null for the built-in scenario. */
  file: string | null;
  text: string | null;
  sha256: string | null;
  name: string;
  description: string;
  config: SimConfig;
  /** Seeds the scenario asks for; empty for the built-in scenario. */
  seeds: number[];
  /** The loader's scenario (experiment, calibration), when loaded from a file. */
  source?: Scenario;
}

type ScenarioPackage = typeof import('@shopsim/scenario');
let scenarioPackage: Promise<ScenarioPackage> | undefined;

/**
 * @shopsim/scenario, loaded on first use: it takes seconds to import (YAML,
 * zod, mathjs), which runs of the built-in scenario need not pay in every worker.
 */
export function scenarioModule(): Promise<ScenarioPackage> {
  scenarioPackage ??= import('@shopsim/scenario');
  return scenarioPackage;
}

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Loads a scenario file (or the built-in scenario when file is null) with overrides applied. */
export async function loadScenario(file: string | null, overrides: Record<string, unknown> = {}): Promise<LoadedScenario> {
  if (file === null) return builtInScenario(overrides);
  const s = (await scenarioModule()).loadScenarioFile(file, { overrides });
  return {
    file,
    text: s.text,
    sha256: sha256(readFileSync(file)),
    name: s.name,
    description: s.description,
    config: s.config,
    seeds: s.seeds,
    source: s,
  };
}

/** The sweep a scenario file describes, or null when it has none (or is the built-in scenario). */
export async function scenarioRuns(scenario: LoadedScenario): Promise<RunSpec[] | null> {
  if (scenario.source?.experiment === undefined) return null;
  return (await scenarioModule()).expandRuns(scenario.source);
}

function builtInScenario(overrides: Record<string, unknown>): LoadedScenario {
  const config = defaultScenario();
  for (const [path, value] of Object.entries(overrides)) setPath(config, path, value);
  // A shorter run than the default warm-up keeps all its days, as `run --days` does.
  if ('days' in overrides && config.warmupDays >= config.days) config.warmupDays = 0;
  return {
    file: null,
    text: null,
    sha256: null,
    name: config.name,
    description: config.description ?? '',
    config,
    seeds: [],
  };
}

const UNSAFE_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

/** Sets a dotted path (e.g. "levers.afterSales.returnCycleDays") of the built-in config. */
function setPath(target: object, path: string, value: unknown): void {
  const keys = path.split('.');
  let node: Record<string, unknown> = target as Record<string, unknown>;
  for (const [i, key] of keys.entries()) {
    // Own keys only: "__proto__" or "constructor" would reach (and pollute) Object.prototype.
    if (UNSAFE_KEYS.has(key) || !Object.hasOwn(node, key)) {
      throw new InputError(`unknown parameter path "${path}" in the built-in scenario`, 'use a key path of the config, e.g. levers.warehouseShare');
    }
    if (i === keys.length - 1) {
      node[key] = value;
      return;
    }
    const next = node[key];
    if (typeof next !== 'object' || next === null) throw new InputError(`"${keys.slice(0, i + 1).join('.')}" has no keys below it`);
    node = next as Record<string, unknown>;
  }
}
