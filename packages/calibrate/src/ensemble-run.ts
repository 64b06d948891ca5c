// The ensemble calibration as a resumable, shardable run over a folder.
// Every evaluated particle is appended to evaluations/gen-<g>[.<shard>].jsonl
// as it ends, so a kill loses only the particles in flight. Any process
// (whole run, or one shard of n on a shared folder) replays the folder:
// generations whose particles are all there are advanced (the same
// arithmetic everywhere, so the same populations), then it evaluates its
// share of the current generation. A shard that finds the others' share
// missing stops with "waiting": submit the array again (--resume) until the
// ensemble is written.
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { writeJson, writing } from '@shopsim/runner';
import { join } from 'node:path';
import { advance, batchSize, propose, type AbcSettings, type Population } from './abc.ts';
import type { TargetResult } from './evaluate.ts';
import { distanceOf, type SeedNoise } from './distance.ts';
import { movable, screen } from './ensemble-diagnostics.ts';
import { behaviourOf, type Prior } from './priors.ts';

export interface Evaluation {
  generation: number;
  index: number;
  values: number[];
  distance: number;
  /** Per target id: simulated mean over the seeds, the target's implausibility and, when two windows were measured, the mean drift between them. */
  targets: Record<string, { mean: number; implausibility: number; drift?: number }>;
  /**
   * Stopped after an early stage: a target measured there was already beyond
   * the previous generation's tolerance, so the particle could not be kept;
   * its distance is a lower bound, the later stages' targets are missing.
   */
  early?: true;
}

/**
 * Runs the particles' simulations and reports each particle's target results
 * as it finishes; null when the model refused a run of it (its numbers
 * overflowed): the particle is unmeasurable, never kept.
 */
export type ParticleEvaluator = (
  particles: { generation: number; index: number; values: Record<string, number> }[],
  onDone: (generation: number, index: number, results: TargetResult[] | null) => void,
) => Promise<void>;

export interface Shard {
  index: number;
  count: number;
}

export interface EnsembleRunOptions {
  out: string;
  priors: Prior[];
  settings: AbcSettings;
  discrepancy: number;
  /**
   * The simulations, one evaluator or stages over disjoint sets of targets
   * run in order: from generation 1 on, a particle with a target beyond the
   * previous tolerance after a stage skips the later ones (it can never be
   * kept: the tolerance never rises), which changes no population.
   */
  evaluate: ParticleEvaluator | ParticleEvaluator[];
  /** What the run fits (hash of targets, scenarios, options): a resumed folder must match. */
  identity: string;
  shard?: Shard;
  /**
   * Measures the reference seed noise of every target (distance.ts), once per
   * folder: kept in noise.json, so a resumed run or another shard reads the
   * same figures (each shard that finds none measures it: the same inputs give
   * the same file).
   */
  noise?: () => Promise<SeedNoise>;
  /** Called after each generation is complete. */
  onGeneration?: (p: Population) => void;
  onParticle?: (e: Evaluation) => void;
}

export type EnsembleRunResult =
  | { status: 'done'; population: Population; history: Population[]; evaluations: Evaluation[][] }
  | { status: 'waiting'; generation: number; missing: number };

const SHARD_FILE = /^gen-(\d+)(?:\.shard-(\d+)-of-(\d+))?\.jsonl$/;

/** Starts a fresh folder or checks that a resumed one holds the same calibration. */
export function openRunFolder(out: string, identity: string, resume: boolean, meta: Record<string, unknown>): void {
  const manifest = join(out, 'ensemble-run.json');
  if (existsSync(manifest)) {
    const held = JSON.parse(readFileSync(manifest, 'utf8')) as { identity?: string; settings?: { kernel?: string } };
    // A fit keeps one proposal kernel: its weights divide by the density its proposals came from. Folders
    // written before the kernel was a setting used the global one.
    const heldKernel = held.settings?.kernel ?? 'global';
    const kernel = (meta.settings as { kernel?: string } | undefined)?.kernel;
    if (kernel !== undefined && kernel !== heldKernel) throw new RunFolderError(`${out} was started with the ${heldKernel} proposal kernel, not ${kernel}`, `resume with --kernel ${heldKernel}, or start a new --out folder`);
    if (held.identity !== identity) throw new RunFolderError(`${out} holds a different ensemble calibration (targets, priors, scenarios or options changed)`, 'resume with the same command, or start a new --out folder');
    if (!resume) throw new RunFolderError(`${out} already holds an ensemble calibration`, 'add --resume to continue it, or choose a new --out folder');
    return;
  }
  // Lock files of the shards that share the folder are not results.
  if (existsSync(out) && readdirSync(out).some((name) => !name.startsWith('.shopsim.')) && !resume) {
    throw new RunFolderError(`output folder ${out} already exists and is not empty`, 'choose a new --out folder');
  }
  const evaluations = join(out, 'evaluations');
  writing(evaluations, () => mkdirSync(evaluations, { recursive: true }));
  // Written whole then renamed: shards starting together write the same file.
  writeJson(manifest, { identity, ...meta });
}

export class RunFolderError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'RunFolderError';
  }
}

/** Every stored evaluation of a generation, by index (from all shards' files); a torn last line is skipped. */
export function readGeneration(out: string, generation: number): Map<number, Evaluation> {
  const dir = join(out, 'evaluations');
  const found = new Map<number, Evaluation>();
  if (!existsSync(dir)) return found;
  for (const name of readdirSync(dir).sort()) {
    const m = SHARD_FILE.exec(name);
    if (!m || Number(m[1]) !== generation) continue;
    for (const line of readFileSync(join(dir, name), 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      let e: Evaluation;
      try {
        e = JSON.parse(line) as Evaluation;
      } catch {
        continue; // a line cut by a kill: its particle runs again
      }
      if (e.generation === generation && !found.has(e.index)) found.set(e.index, e);
    }
  }
  return found;
}

export async function runEnsemble(options: EnsembleRunOptions): Promise<EnsembleRunResult> {
  const { out, priors, settings, shard } = options;
  const noise = await seedNoiseOf(options);
  const history: Population[] = [];
  const evaluations: Evaluation[][] = [];
  let population: Population | null = null;
  for (let generation = 0; ; generation++) {
    const proposals = propose(settings, priors, generation, population);
    const stored = readGeneration(out, generation);
    const mine = proposals
      .map((values, index) => ({ values, index }))
      .filter(({ index }) => !stored.has(index) && (shard === undefined || index % shard.count === shard.index));
    if (mine.length > 0) await evaluateInto(options, noise, generation, mine, stored, population?.epsilon);
    if (stored.size < batchSize(settings, generation)) {
      return { status: 'waiting', generation, missing: batchSize(settings, generation) - stored.size };
    }
    const ordered = proposals.map((_, index) => stored.get(index)!);
    evaluations.push(ordered);
    // The parameters the kernel moves (read once, from generation 0): those some target moves in the prior draws, or
    // without the screen all but those no fitted scenario reads.
    const active = generation === 0 ? (settings.screen ? screen(ordered, priors) : movable(priors)) : undefined;
    population = advance(settings, priors, generation, population, proposals, ordered.map((e) => e.distance), active);
    history.push(population);
    options.onGeneration?.(population);
    if (population.done) return { status: 'done', population, history, evaluations };
  }
}

export const NOISE_FILE = 'noise.json';

async function seedNoiseOf(options: EnsembleRunOptions): Promise<SeedNoise> {
  if (!options.noise) return {};
  const file = join(options.out, NOISE_FILE);
  // Always the figures as stored: a run that measured them and one that resumes compute the same distances.
  if (!existsSync(file)) writeJson(file, await options.noise());
  return JSON.parse(readFileSync(file, 'utf8')) as SeedNoise;
}

async function evaluateInto(
  options: EnsembleRunOptions,
  noise: SeedNoise,
  generation: number,
  mine: { values: number[]; index: number }[],
  stored: Map<number, Evaluation>,
  bound: number | undefined,
): Promise<void> {
  const file = join(options.out, 'evaluations', `gen-${generation}${options.shard ? `.shard-${options.shard.index}-of-${options.shard.count}` : ''}.jsonl`);
  endTornLine(file);
  const byIndex = new Map(mine.map((p) => [p.index, p.values]));
  // An inert control is read by no scenario: it never reaches the evaluator.
  const named = (values: number[]) => behaviourOf(options.priors, values);
  const store = (index: number, results: TargetResult[] | null, early: boolean) => {
    const { distance, byTarget } = results === null ? { distance: Infinity, byTarget: {} as Record<string, number> } : distanceOf(results, options.discrepancy, noise);
    const targets: Evaluation['targets'] = {};
    for (const r of results ?? []) {
      if (!r.simulated) continue;
      targets[r.target.id] = { mean: finite(r.simulated.mean), implausibility: finite(byTarget[r.target.id]!), ...(r.drift ? { drift: finite(r.drift.stat.mean) } : {}) };
    }
    // JSON has no Infinity: an unmeasurable particle is stored as implausible as can be.
    const e: Evaluation = { generation, index, values: byIndex.get(index)!, distance: finite(distance), targets, ...(early ? { early: true as const } : {}) };
    writing(file, () => appendFileSync(file, JSON.stringify(e) + '\n'));
    stored.set(index, e);
    options.onParticle?.(e);
  };
  const stages = Array.isArray(options.evaluate) ? options.evaluate : [options.evaluate];
  const partial = new Map<number, TargetResult[]>();
  let left = mine;
  for (const [s, stage] of stages.entries()) {
    const last = s === stages.length - 1;
    const going = new Set<number>();
    await stage(
      left.map((p) => ({ generation, index: p.index, values: named(p.values) })),
      (_, index, results) => {
        if (results === null) return store(index, null, false);
        const all = [...(partial.get(index) ?? []), ...results];
        if (last) return store(index, all, false);
        if (bound !== undefined && distanceOf(all, options.discrepancy, noise).distance > bound) return store(index, all, true);
        partial.set(index, all);
        going.add(index);
      },
    );
    left = left.filter((p) => going.has(p.index));
  }
}

/** A kill can leave a half-written last line: end it, so the next line starts clean (the torn one is skipped when read). */
function endTornLine(file: string): void {
  if (!existsSync(file)) return;
  const text = readFileSync(file, 'utf8');
  if (text.length > 0 && !text.endsWith('\n')) writing(file, () => appendFileSync(file, '\n'));
}

const finite = (v: number): number => (Number.isFinite(v) ? v : Number.MAX_VALUE);
