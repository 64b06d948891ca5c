// Sweeps: many runs of one scenario over design points and seeds, streamed
// through the pool into runs.jsonl (each run appended as it ends), resumable,
// sliceable into shards, and summarised at the end in run order.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from './input-error.ts';
import { buildManifest, type Manifest } from './manifest.ts';
import { prepareOutDir, writeJson } from './output.ts';
import { runPooled, type TaskOutcome } from './pool.ts';
import type { RunTask } from './task.ts';
import { withMember, type Behaviours } from './behaviours.ts';
import { loadChecked, type ScenarioInput } from './replicate.ts';
import { recoverRuns, RunIndex, RunsWriter, writeAtomically, type RunRow } from './runs-file.ts';
import { sha256, type RunSpec } from './scenario-source.ts';
import { inShard, shardFolderName, type Shard } from './shard.ts';
import { csvHeader, csvLine, SweepAggregator, type Sensitivity, type SweepSummary } from './sweep-summary.ts';

export interface SweepOptions {
  /** The swept scenario (file or built-in) and overrides every run shares (e.g. shoppers, days). */
  scenario: ScenarioInput;
  /** The expanded run list. */
  plan: RunSpec[];
  /** Result folder; a shard writes into its own `shard-i-of-n` folder inside it. */
  out: string;
  workers: number;
  shard?: Shard;
  /** Continue an interrupted sweep in `out`, skipping its finished runs. */
  resume?: boolean;
  /** Replace earlier results in `out`. */
  force?: boolean;
  /** Recorded in the manifest. */
  command?: string[];
  /** Recorded in the manifest (how the plan was made). */
  design?: unknown;
  /** Each run draws one member of this ensemble from its seed. */
  behaviours?: Behaviours;
  /** Called after every finished run with runs done so far (resumed ones included) and the shard's total. */
  onProgress?: (done: number, total: number) => void;
}

export interface SweepResult {
  /** The folder written (the shard's own folder when sharded). */
  out: string;
  total: number;
  /** Runs already finished before this call (resume). */
  skipped: number;
  ran: number;
  failed: number;
  summary: SweepSummary;
  sensitivity: Sensitivity;
}

/** Plans longer than this go to plan.jsonl instead of inline in the manifest. */
const INLINE_PLAN_LIMIT = 1000;

/** The identity of a sweep: same scenarios, shared overrides and plan give the same id. */
export function sweepId(scenarioSha: string | null, scenario: ScenarioInput, plan: RunSpec[], behaviours?: Behaviours): string {
  // Without an ensemble the id is what it always was, so older folders still resume.
  const members = behaviours ? { behaviours: behaviours.members } : {};
  return sha256(JSON.stringify({ scenarioSha, file: scenario.file, overrides: scenario.overrides ?? {}, plan, ...members }));
}

export async function runSweep(options: SweepOptions): Promise<SweepResult> {
  const scenario = await loadChecked(options.scenario);
  // A mistyped parameter path fails every run: catch it before any folder or run is made.
  const firstPoint = options.plan[0];
  if (firstPoint) await loadChecked({ file: options.scenario.file, overrides: { ...options.scenario.overrides, ...firstPoint.params } });
  const id = sweepId(scenario.sha256, options.scenario, options.plan, options.behaviours);
  const out = options.shard ? join(options.out, shardFolderName(options.shard)) : options.out;
  const runsPath = join(out, 'runs.jsonl');
  const done = new Uint8Array(options.plan.length);
  let skipped = 0;

  if (options.resume && existsSync(join(out, 'manifest.json'))) {
    checkSameSweep(out, id);
    if (existsSync(runsPath)) {
      recoverRuns(runsPath, (row) => {
        if (row.run >= 0 && row.run < done.length && !done[row.run]) {
          done[row.run] = 1;
          skipped++;
        }
      });
    }
  } else {
    prepareOutDir(out, options.force ?? false, true);
    writeManifest(out, options, scenario.file, scenario.sha256, id);
  }

  let total = 0;
  for (const spec of options.plan) if (inShard(spec.run, options.shard)) total++;
  let finished = skipped;
  let failed = 0;
  const writer = new RunsWriter(runsPath);
  options.onProgress?.(finished, total);
  try {
    // Tasks are made as the pool takes them, so only the runs in flight exist as tasks.
    const tasks = pendingTasks(options, done);
    await runPooled(tasks, Math.max(1, Math.min(options.workers, total - skipped)), (spec, outcome) => {
      const row = runRow(spec, outcome);
      if (row.status === 'failed') failed++;
      writer.append(row);
      finished++;
      options.onProgress?.(finished, total);
    });
  } finally {
    writer.close();
  }

  const index = new RunIndex(options.plan.length);
  index.addFile(runsPath);
  const { summary, sensitivity } = finishFolder(out, options.plan, index);
  return { out, total, skipped, ran: finished - skipped, failed, summary, sensitivity };
}

function* pendingTasks(options: SweepOptions, done: Uint8Array): Generator<{ key: RunSpec; task: RunTask }> {
  for (const spec of options.plan) {
    if (!inShard(spec.run, options.shard) || done[spec.run]) continue;
    yield { key: spec, task: withMember({ file: options.scenario.file, overrides: { ...options.scenario.overrides, ...spec.params }, seed: spec.seed, daily: false }, options.behaviours) };
  }
}

export function runRow(spec: RunSpec, outcome: TaskOutcome): RunRow {
  const base = { run: spec.run, point: spec.point, params: spec.params, replication: spec.replication, seed: spec.seed };
  if (!outcome.ok) return { ...base, status: 'failed', error: outcome.error, kpis: {}, byMarket: {} };
  const { kpis, byMarket } = outcome.output;
  return { ...base, status: 'ok', kpis: { ...kpis }, byMarket: Object.fromEntries(Object.entries(byMarket).map(([m, k]) => [m, { ...k }])) };
}

function writeManifest(out: string, options: SweepOptions, file: string | null, scenarioSha: string | null, id: string): void {
  const inline = options.plan.length <= INLINE_PLAN_LIMIT;
  if (!inline) writeFileSync(join(out, 'plan.jsonl'), options.plan.map((s) => JSON.stringify(s)).join('\n') + '\n');
  const seeds = [...new Set(options.plan.map((s) => s.seed))];
  const manifest: Manifest = buildManifest({
    command: options.command ?? process.argv.slice(2),
    scenarios: [{ file, sha256: scenarioSha }],
    seeds,
    runs: inline ? options.plan : 'plan.jsonl',
    kind: 'sweep',
    sweepId: id,
    overrides: options.scenario.overrides ?? {},
    design: options.design ?? null,
    shard: options.shard ?? null,
    ...(options.behaviours ? { behaviours: options.behaviours.file ?? 'in memory' } : {}),
  });
  writeJson(join(out, 'manifest.json'), manifest);
}

export function readManifest(dir: string): Manifest {
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) throw new InputError(`${dir} has no manifest.json`, 'name a folder written by shopsim sweep');
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch {
    throw new InputError(`${path} is not valid JSON`, 'name a folder written by shopsim sweep');
  }
}

function checkSameSweep(out: string, id: string): void {
  const manifest = readManifest(out);
  if (manifest.sweepId !== id) {
    throw new InputError(`${out} holds a different sweep (scenario, overrides or plan changed)`, 'resume with the same command, or start a new --out folder');
  }
}

/**
 * Rewrites runs.jsonl in run order (so the folder is the same whatever the
 * worker count, shard split or completion order) and writes runs.csv,
 * summary.json and sensitivity.json from it, one run at a time.
 */
export function finishFolder(out: string, plan: RunSpec[], index: RunIndex): { summary: SweepSummary; sensitivity: Sensitivity } {
  const aggregator = new SweepAggregator(plan);
  const sortedPath = join(out, 'runs.jsonl');
  const csvPath = join(out, 'runs.csv');
  // Both files are written side by side from one pass over the index.
  writeAtomically(`${sortedPath}.sorted`, (appendJsonl) => {
    writeAtomically(csvPath, (appendCsv) => {
      appendCsv(csvHeader(aggregator.params));
      index.forEachInOrder((row, line) => {
        appendJsonl(line);
        appendCsv(csvLine(row, aggregator.params));
        aggregator.add(row);
      });
    });
  });
  // Atomic on POSIX: a kill leaves either the old or the sorted file.
  renameSync(`${sortedPath}.sorted`, sortedPath);
  aggregator.writeSummary(join(out, 'summary.json'));
  const summary = aggregator.summary();
  const sensitivity = aggregator.sensitivity();
  writeJson(join(out, 'sensitivity.json'), sensitivity);
  return { summary, sensitivity };
}
