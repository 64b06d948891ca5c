// shopsim merge: joins the folders of a sweep's shards into one folder equal
// to the unsharded sweep (the same runs.jsonl, byte for byte, and summaries).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { InputError } from './input-error.ts';
import { buildManifest, type Manifest } from './manifest.ts';
import { prepareOutDir, writeJson } from './output.ts';
import { forEachLine, RowCheck, RunIndex } from './runs-file.ts';
import type { PathReach } from './reach.ts';
import type { RunSpec } from './scenario-source.ts';
import { readManifest, finishFolder, writePlan } from './sweep.ts';
import type { Sensitivity, SweepSummary } from './sweep-summary.ts';

export interface MergeOptions {
  /** Shard folders, or folders holding shard-i-of-n folders. */
  inputs: string[];
  out: string;
  force?: boolean;
  command?: string[];
}

export interface MergeResult {
  out: string;
  shards: string[];
  runs: number;
  failed: number;
  summary: SweepSummary;
  sensitivity: Sensitivity;
}

/** Each input as the result folders it stands for: itself, or the shard folders inside it. */
export function shardFolders(inputs: string[]): string[] {
  const folders: string[] = [];
  for (const input of inputs) {
    if (!existsSync(input) || !statSync(input).isDirectory()) throw new InputError(`${input} is not a folder`, 'name shard folders written by shopsim sweep --shard');
    if (existsSync(join(input, 'manifest.json'))) {
      folders.push(input);
      continue;
    }
    const inside = readdirSync(input)
      .filter((n) => /^shard-\d+-of-\d+$/.test(n) && existsSync(join(input, n, 'manifest.json')))
      .sort((a, b) => Number(a.split('-')[1]) - Number(b.split('-')[1]));
    if (inside.length === 0) throw new InputError(`${input} has no manifest.json and no shard-i-of-n folders`, 'name folders written by shopsim sweep');
    folders.push(...inside.map((n) => join(input, n)));
  }
  return folders;
}

/** --out inside (or holding) a shard folder would have --force delete the shards while they are read. */
function checkOutApart(out: string, folders: string[]): void {
  for (const folder of folders) {
    const [a, b] = [resolve(out), resolve(folder)];
    const within = (inner: string, outer: string) => !relative(outer, inner).startsWith('..');
    if (within(a, b) || within(b, a)) {
      throw new InputError(`--out ${out} overlaps the shard folder ${folder}`, 'merge into a new folder beside the shards, e.g. --out results/sweep-merged');
    }
  }
}

/** The expanded run list recorded in a sweep folder. */
export function readPlan(dir: string): RunSpec[] {
  const { runs } = readManifest(dir);
  if (Array.isArray(runs)) return runs as RunSpec[];
  const plan: RunSpec[] = [];
  forEachLine(join(dir, String(runs)), (line) => plan.push(JSON.parse(line) as RunSpec));
  return plan;
}

export function mergeShards(options: MergeOptions): MergeResult {
  const folders = shardFolders(options.inputs);
  const manifests = folders.map(readManifest);
  const first = manifests[0]!;
  manifests.forEach((m, i) => {
    if (m.kind !== 'sweep') throw new InputError(`${folders[i]} is not a sweep folder`, 'merge joins the outputs of shopsim sweep');
    if (m.sweepId !== first.sweepId) {
      throw new InputError(`${folders[i]} is from a different sweep than ${folders[0]}`, 'merge only the shards of one sweep command');
    }
  });
  checkOutApart(options.out, folders);
  const plan = readPlan(folders[0]!);
  const index = new RunIndex(new RowCheck(plan, String(first.sweepId)));
  for (const folder of folders) {
    const runs = join(folder, 'runs.jsonl');
    if (existsSync(runs)) index.addFile(runs);
  }
  const missing = plan.filter((s) => !index.has(s.run));
  if (missing.length > 0) {
    throw new InputError(
      `${missing.length} of ${plan.length} runs are missing (first: run ${missing[0]!.run})`,
      'finish every shard first (rerun the missing shards with --resume), and merge all of them',
    );
  }
  const release = prepareOutDir(options.out, options.force ?? false);
  try {
    return writeMerged(options, folders, manifests, plan, index);
  } finally {
    release();
  }
}

function writeMerged(options: MergeOptions, folders: string[], manifests: Manifest[], plan: RunSpec[], index: RunIndex): MergeResult {
  const first = manifests[0]!;
  const inline = plan.length <= 1000;
  if (!inline) writePlan(join(options.out, 'plan.jsonl'), plan);
  writeJson(
    join(options.out, 'manifest.json'),
    buildManifest({
      command: options.command ?? process.argv.slice(2),
      scenarios: first.scenarios,
      seeds: first.seeds,
      runs: inline ? plan : 'plan.jsonl',
      kind: 'sweep',
      sweepId: first.sweepId,
      overrides: first.overrides ?? {},
      design: first.design ?? null,
      reach: first.reach ?? [],
      shard: null,
      mergedFrom: folders.map((f, i) => ({ folder: f, shard: manifests[i]!.shard ?? null, gitCommit: manifests[i]!.gitCommit })),
    }),
  );
  const { summary, sensitivity } = finishFolder(options.out, plan, index, (first.reach ?? []) as PathReach[]);
  return { out: options.out, shards: folders, runs: plan.length, failed: summary.failed, summary, sensitivity };
}
