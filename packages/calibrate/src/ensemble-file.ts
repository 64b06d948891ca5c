// A behaviour ensemble on disk: the members (parameter vectors with their
// weights) that calibrate --ensemble accepted, as YAML. run, compare, sweep
// and check take it with --behaviours: each replication draws one member
// from its seed, so scenarios compared on the same seeds share members.
import { stringify } from 'yaml';
import { z } from 'zod';
import { memberIndex as runnerMemberIndex } from '@shopsim/runner';
import { parseYamlFile, readTextFile, TargetsError } from './targets.ts';

export interface EnsembleMember {
  weight: number;
  /** Largest implausibility over the targets when it was accepted. */
  distance: number;
  values: Record<string, number>;
}

export interface BehaviourEnsemble {
  file?: string;
  parameters: string[];
  members: EnsembleMember[];
}

const fileSchema = z.object({
  kind: z.literal('behaviour-ensemble'),
  parameters: z.array(z.string().min(1)).min(1),
  members: z
    .array(z.object({ weight: z.number().positive(), distance: z.number(), values: z.record(z.string(), z.number()) }).strict())
    .min(1),
}).passthrough();

export function ensembleYaml(ensemble: BehaviourEnsemble, header: string[], extra: Record<string, unknown> = {}): string {
  const body = { kind: 'behaviour-ensemble', ...extra, parameters: ensemble.parameters, members: ensemble.members };
  return `${header.map((h) => `# ${h}`).join('\n')}\n${stringify(body, { lineWidth: 0 })}`;
}

export function parseEnsemble(text: string, file: string): BehaviourEnsemble {
  const { parameters, members } = parseYamlFile(fileSchema, text, file, 'give an ensemble.yaml written by shopsim calibrate --ensemble', 'not a behaviour ensemble: ');
  members.forEach((m, i) => {
    for (const p of parameters) if (!(p in m.values)) throw new TargetsError(file, `member ${i} has no value for ${p}`);
  });
  return { file, parameters, members };
}

/**
 * What `check --behaviours E --record F` writes: the verdict of an ensemble's
 * check and what it was measured on, tied to the ensemble's bytes by their hash.
 */
const checkRecordSchema = z.object({
  kind: z.literal('ensemble-check'),
  ensemble: z.string(),
  ensembleSha256: z.string().regex(/^[0-9a-f]{64}$/),
  targets: z.string(),
  priors: z.string().optional(),
  steadyState: z.boolean(),
  shoppers: z.number().int().positive(),
  seeds: z.array(z.number().int()).min(1),
  members: z.number().int().positive(),
  /**
   * How the members were picked: by weight, as runs draw them, or every member
   * with its weight (check --members all). Records from before 1 December
   * 2026, 13:00 UTC took them evenly by index and have no such field.
   */
  memberPicks: z.enum(['by-weight', 'every']).optional(),
  passed: z.number().int().nonnegative(),
  /** Targets not passed, with their verdicts (fail, not steady, inconclusive, not run, cannot express). */
  notPassed: z.array(z.object({ target: z.string(), status: z.string() })),
});

export type CheckRecord = z.infer<typeof checkRecordSchema>;

/** The record of an ensemble's check: beside it, <name>.check.json. */
export function checkRecordFile(ensembleFile: string): string {
  return ensembleFile.replace(/\.ya?ml$/, '') + '.check.json';
}

/** The check record in `text`, or undefined when it is not one (bad JSON, a field missing or of the wrong kind). */
export function parseCheckRecord(text: string): CheckRecord | undefined {
  try {
    const parsed = checkRecordSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function loadEnsemble(file: string): BehaviourEnsemble {
  return parseEnsemble(readTextFile(file, 'check the path given to --behaviours', 'the ensemble file'), file);
}

/** The member a replication on `seed` uses: the runner's draw, one rule for every command. */
export function memberIndex(ensemble: BehaviourEnsemble, seed: number): number {
  return runnerMemberIndex(ensemble, seed);
}

export function memberFor(ensemble: BehaviourEnsemble, seed: number): Record<string, number> {
  return ensemble.members[memberIndex(ensemble, seed)]!.values;
}
