// Where a run's configuration comes from: a scenario file or the built-in
// 2024 scenario, both through @shopsim/scenario's one loader, plus dotted-path
// overrides. A command loads its scenario once, in the main thread; tasks
// carry what that load produced (taskScenario), so workers never read the
// file again.
import { createHash } from 'node:crypto';
import type { SimConfig, ValidConfig } from '@shopsim/core';
import type { RunSpec, Scenario } from '@shopsim/scenario';

export type { ParamValue, RunSpec } from '@shopsim/scenario';

export interface LoadedScenario {
  /** The scenario file as given, or null for the built-in scenario. */
  file: string | null;
  text: string | null;
  sha256: string | null;
  name: string;
  description: string;
  /** Checked by the loader: simulate trusts it. */
  config: ValidConfig;
  /** Seeds the scenario asks for; empty for the built-in scenario. */
  seeds: number[];
  /** The loader's scenario (document, extends chain, experiment, calibration). */
  source: Scenario;
  /** The overrides applied (--shoppers, --days, --set). */
  overrides: Record<string, unknown>;
}

type ScenarioPackage = typeof import('@shopsim/scenario');
let scenarioPackage: Promise<ScenarioPackage> | undefined;

/**
 * @shopsim/scenario, loaded on first use: it takes seconds to import (YAML,
 * zod, mathjs), which workers running a config with no expressions need not pay.
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
  const scenario = await scenarioModule();
  const s = file === null ? scenario.loadBuiltInScenario({ overrides }) : scenario.loadScenarioFile(file, { overrides });
  return {
    file,
    text: file === null ? null : s.text,
    sha256: file === null ? null : sha256(s.text),
    name: s.name,
    description: s.description,
    config: s.config,
    seeds: file === null ? [] : s.seeds,
    source: s,
    overrides,
  };
}

/** What a manifest records of a scenario: every file of its extends chain, hashed and in full, so a folder reproduces. */
export interface ScenarioRecord {
  file: string | null;
  /** Of the named file. */
  sha256: string | null;
  /** The named file first, then each base it extends (a calibration fragment included); empty for the built-in scenario. */
  chain: { file: string; sha256: string; text: string }[];
}

export function scenarioRecord(scenario: Pick<LoadedScenario, 'file' | 'sha256'> & { source: Pick<Scenario, 'chain'> }): ScenarioRecord {
  return { file: scenario.file, sha256: scenario.sha256, chain: scenario.source.chain.map((f) => ({ file: f.file, sha256: sha256(f.text), text: f.text })) };
}

/** One hash of every file the scenario was read from: editing a base it extends changes it. */
export function chainSha(scenario: LoadedScenario): string | null {
  return scenario.file === null ? null : sha256(JSON.stringify(scenario.source.chain.map((f) => f.text)));
}

/** The sweep a scenario file describes, or null when it has none (or is the built-in scenario). */
export async function scenarioRuns(scenario: LoadedScenario): Promise<RunSpec[] | null> {
  if (scenario.source.experiment === undefined) return null;
  return (await scenarioModule()).expandRuns(scenario.source);
}

/**
 * What a task carries of a loaded scenario: the config itself when it is
 * plain data, else (lever expressions are functions, which do not cross a
 * thread boundary) the checked document, which the worker compiles.
 */
export type TaskScenario = { config: SimConfig } | { document: Record<string, unknown> };

export function taskScenario(scenario: { config: SimConfig; source: { document: Record<string, unknown> } }): TaskScenario {
  return isPlainData(scenario.config) ? { config: scenario.config } : { document: scenario.source.document };
}

function isPlainData(v: unknown): boolean {
  if (typeof v === 'function') return false;
  if (v === null || typeof v !== 'object') return true;
  return Object.values(v).every(isPlainData);
}

/** The config a task runs: compiled from its document (with its overrides) when it carries no plain config. */
export async function configOf(scenario: TaskScenario, overrides: Record<string, unknown>): Promise<SimConfig> {
  if ('config' in scenario && Object.keys(overrides).length === 0) return scenario.config;
  if (!('document' in scenario)) throw new Error('bug: a task with overrides must carry the scenario document');
  return (await scenarioModule()).compileDocument(scenario.document, overrides);
}
