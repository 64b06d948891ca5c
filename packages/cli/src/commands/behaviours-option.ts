// --behaviours ENSEMBLE for run, compare and sweep: each replication draws
// one member of a behaviour ensemble (shopsim calibrate --ensemble) from its
// seed. Shipped scenarios use the shipped ensemble unless told otherwise, once
// it is consistent with every target: members that miss a target are not
// "plausible behaviours", and their sign shares would read as if they were.
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { loadEnsemble, type BehaviourEnsemble } from '@shopsim/calibrate';
import { asUserError } from './check.ts';
import { parameterProblem, type SimConfig } from '@shopsim/core';
import type { Behaviours } from '@shopsim/runner';
import { UserError } from '../user-error.ts';

/** The shipped ensemble, beside the shipped scenarios: <repo>/targets/<this>. */
export const SHIPPED_ENSEMBLE = 'behaviours-v2.yaml';

export interface BehavioursArgs {
  behaviours?: string | undefined;
}

export function behavioursOption<T>(y: Argv<T>): Argv<T & BehavioursArgs> {
  return y.option('behaviours', {
    type: 'string',
    describe: `behaviour ensemble (from calibrate --ensemble): each replication draws one member by its seed, so CIs carry parameter uncertainty; "none" for the scenario's own behaviour. Default for shipped scenarios: targets/${SHIPPED_ENSEMBLE} once every member meets every target (not yet: docs/calibration.md)`,
  }) as unknown as Argv<T & BehavioursArgs>;
}

/** Whether every member met every target when it was accepted (largest implausibility at most 1). */
export function isConsistent(ensemble: BehaviourEnsemble): boolean {
  return ensemble.members.every((m) => m.distance <= 1);
}

/** The shipped ensemble when every file is a shipped scenario (under <repo>/scenarios), it exists and it is consistent with every target. */
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
  return file !== undefined && isConsistent(asUserError(() => loadEnsemble(file))) ? file : undefined;
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
  return `behaviours: ${b.members.length} plausible members of ${b.file}, one per replication by its seed (${seeds.length} replications): CIs carry parameter uncertainty\n`;
}
