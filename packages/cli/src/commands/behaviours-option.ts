// --behaviours ENSEMBLE for run, compare and sweep: each replication draws
// one member of a behaviour ensemble (shopsim calibrate --ensemble) from its
// seed. Shipped scenarios use the shipped ensemble unless told otherwise, once
// its check at full size has passed every target: an ensemble that misses a
// target does not hold the plausible behaviours, and its sign shares would
// read as if it did. The verdict is the record `check --record` writes beside
// the ensemble, tied to the ensemble's bytes by their hash, so a refit is not
// the default until it has been checked again.
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { checkRecordFile, loadEnsemble, parseCheckRecord, type CheckRecord } from '@shopsim/calibrate';
import { asUserError } from './check.ts';
import { parameterProblem, type SimConfig } from '@shopsim/core';
import { sha256, writeJson, type Behaviours } from '@shopsim/runner';
import { UserError } from '../user-error.ts';

/** The shipped ensemble, beside the shipped scenarios: <repo>/targets/<this>. */
export const SHIPPED_ENSEMBLE = 'behaviours-v2.yaml';

/** The size of a check that can make an ensemble the default: issue 14's full size. */
export const FULL_CHECK = { shoppers: 100_000, seeds: 10 } as const;

/** Writes the record of a check: its verdicts (one per target) and what it was measured on. */
export function writeCheckRecord(
  path: string,
  run: Omit<CheckRecord, 'kind' | 'ensembleSha256' | 'passed' | 'notPassed'> & { results: { target: { id: string }; status: string }[] },
): void {
  const { results } = run;
  const record: CheckRecord = {
    kind: 'ensemble-check', ensemble: run.ensemble, ensembleSha256: sha256(readFileSync(run.ensemble)), targets: portable(run.targets),
    ...(run.priors === undefined ? {} : { priors: run.priors }), steadyState: run.steadyState, shoppers: run.shoppers, seeds: run.seeds, members: run.members, memberPicks: run.memberPicks ?? 'by-weight',
    passed: results.filter((r) => r.status === 'pass').length,
    notPassed: results.filter((r) => r.status !== 'pass').map((r) => ({ target: r.target.id, status: r.status })),
  };
  writeJson(path, record);
}

/** An ensemble as a line of output names it: its file, relative to the working folder when under it. */
export function ensembleName(file: string | null | undefined): string {
  return file ? portable(file) : 'the ensemble';
}

/** A path under the working folder as relative to it, so a shipped record names no machine's folders. */
function portable(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

/** Why the record beside an ensemble does not make it a default, or undefined when it does. */
export function defaultProblem(ensembleFile: string): string | undefined {
  const path = checkRecordFile(ensembleFile);
  if (!existsSync(path)) return `no check recorded (${path})`;
  const record = parseCheckRecord(readFileSync(path, 'utf8'));
  if (!record) return `${path} is not a check record`;
  if (record.ensembleSha256 !== sha256(readFileSync(ensembleFile))) return 'the ensemble changed since its check';
  if (record.memberPicks === undefined) return 'checked with members taken evenly by index, not by weight as runs draw them: check again';
  if (!record.steadyState) return 'checked without --steady-state';
  if (record.shoppers < FULL_CHECK.shoppers || record.seeds.length < FULL_CHECK.seeds) return `checked at ${record.shoppers} shoppers x ${record.seeds.length} seeds, below ${FULL_CHECK.shoppers} x ${FULL_CHECK.seeds}`;
  if (record.passed === 0 || record.notPassed.length > 0) return `${record.notPassed.length} of ${record.passed + record.notPassed.length} targets not passed`;
  return undefined;
}

export interface BehavioursArgs {
  behaviours?: string | undefined;
}

export function behavioursOption<T>(y: Argv<T>): Argv<T & BehavioursArgs> {
  return y.option('behaviours', {
    type: 'string',
    describe: `behaviour ensemble (from calibrate --ensemble): each replication draws one member by its seed, so CIs carry parameter uncertainty; "none" for the scenario's own behaviour. Default for shipped scenarios: targets/${SHIPPED_ENSEMBLE} once its recorded full-size check passes every target (docs/calibration.md)`,
  }) as unknown as Argv<T & BehavioursArgs>;
}

/** The shipped ensemble when every file is a shipped scenario (under <repo>/scenarios), it exists and its recorded full-size check passed every target. */
export function shippedEnsembleFor(files: (string | null)[]): string | undefined {
  const found = new Set<string>();
  for (const file of files) {
    if (file === null) return undefined;
    let dir = dirname(resolve(file));
    let hit: string | undefined;
    for (let up = 0; up < 3 && hit === undefined; up++, dir = dirname(dir)) {
      const candidate = join(dirname(dir), 'targets', SHIPPED_ENSEMBLE);
      if (basename(dir) === 'scenarios' && existsSync(candidate)) hit = candidate;
    }
    if (hit === undefined) return undefined;
    found.add(hit);
  }
  const file = found.size === 1 ? [...found][0]! : undefined;
  return file !== undefined && defaultProblem(file) === undefined ? file : undefined;
}

/** The ensemble the replications draw from, checked against the scenarios' configs; undefined for none. */
export function behavioursFromArgs(args: BehavioursArgs, files: (string | null)[], configs: SimConfig[]): Behaviours | undefined {
  if (args.behaviours === 'none') return undefined;
  const file = args.behaviours ?? shippedEnsembleFor(files);
  if (file === undefined) return undefined;
  const ensemble: Behaviours = asUserError(() => loadEnsemble(file));
  for (const config of configs) {
    for (const path of ensemble.parameters) {
      const problem = parameterProblem(config, path);
      if (problem) throw new UserError(`--behaviours ${file}: ${path}: ${problem} in scenario "${config.name}"`, 'use an ensemble fitted for these scenarios');
    }
  }
  return ensemble;
}

/** One line saying which behaviours the replications drew. */
export function behavioursNote(b: Behaviours | undefined, seeds: number[]): string {
  if (!b) return '';
  return `behaviours: ${b.members.length} plausible members of ${ensembleName(b.file)}, one per replication by its seed (${seeds.length} replications): CIs carry parameter uncertainty\n`;
}
