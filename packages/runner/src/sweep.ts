// Sweeps: many runs of one scenario over design points and seeds, streamed
// through the pool into runs.jsonl (each run appended as it ends), resumable,
// sliceable into shards, and summarised at the end in run order.
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, type ConfigIssue } from '@shopsim/core';
import { InputError } from './input-error.ts';
import { buildManifest, type Manifest } from './manifest.ts';
import { prepareOutDir, resumeOutDir, writeAtomically, writeFileSafely, writeJson, writing } from './output.ts';
import { poolThreads, runPooled, type TaskOutcome } from './pool.ts';
import type { RunTask } from './task.ts';
import { withMember, type Behaviours } from './behaviours.ts';
import { loadChecked, type ScenarioInput } from './replicate.ts';
import { writeRunDaily } from './run-daily.ts';
import { recoverRuns, RowCheck, RunIndex, RunsWriter, salvageRuns, type RunRow } from './runs-file.ts';
import { chainSha, scenarioModule, scenarioRecord, sha256, type LoadedScenario, type RunSpec } from './scenario-source.ts';
import type { PathReach } from './reach.ts';
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
  /**
   * With resume: leave `out` as it is and continue in this new folder, from
   * the rows of `out` that pass the checks (a runs.jsonl corrupted in the middle).
   */
  salvageTo?: string;
  /** Called once rows were salvaged, with how many were kept and dropped. */
  onSalvage?: (report: { from: string; to: string; kept: number; dropped: number; firstBad?: string }) => void;
  /** Recorded in the manifest. */
  command?: string[];
  /** Recorded in the manifest (how the plan was made). */
  design?: unknown;
  /** Each run draws one member of this ensemble from its seed. */
  behaviours?: Behaviours;
  /** Also keep every run's daily series, in daily/run-N.json (read back with readRunDaily). */
  daily?: boolean;
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

/**
 * The identity of a sweep: same scenarios, shared overrides and plan give the
 * same id. `resolvedSha` hashes the whole document the file resolves to (every
 * file of its extends chain, a calibration fragment included), so editing a
 * base between a kill and --resume, or between shards, is a different sweep.
 */
export function sweepId(scenarioSha: string | null, scenario: ScenarioInput, plan: RunSpec[], behaviours?: Behaviours, resolvedSha: string | null = null): string {
  const members = behaviours ? { behaviours: behaviours.members } : {};
  return sha256(JSON.stringify({ scenarioSha, resolvedSha, file: scenario.file, overrides: scenario.overrides ?? {}, plan, ...members }));
}

export async function runSweep(options: SweepOptions): Promise<SweepResult> {
  const scenario = await loadChecked(options.scenario);
  await checkDesignPoints(options, scenario);
  const reach = await pathReach(scenario, sweptPaths(options.plan));
  const id = sweepId(scenario.sha256, options.scenario, options.plan, options.behaviours, chainSha(scenario));
  // A shard's folder summarises its own runs only: the plan in memory stays the sweep's, the points its own.
  const ownPlan = options.shard ? options.plan.filter((spec) => inShard(spec.run, options.shard)) : options.plan;
  if (options.shard && ownPlan.length === 0) {
    throw new InputError(
      `shard ${options.shard.index}/${options.shard.count} has no runs: the sweep has only ${options.plan.length} runs`,
      `use at most ${options.plan.length} shards`,
    );
  }
  const check = new RowCheck(options.plan, id);
  const from = options.shard ? join(options.out, shardFolderName(options.shard)) : options.out;
  if (options.salvageTo !== undefined) {
    if (!options.resume) throw new InputError('--salvage-to needs --resume', 'add --resume: salvage continues an interrupted sweep');
    salvage(from, options.salvageTo, options, id, check);
  }
  const out = options.salvageTo === undefined ? from : options.shard ? join(options.salvageTo, shardFolderName(options.shard)) : options.salvageTo;
  const runsPath = join(out, 'runs.jsonl');
  const done = new Uint8Array(options.plan.length);
  let skipped = 0;

  const resuming = options.resume === true && existsSync(join(out, 'manifest.json'));
  const release = resuming ? resumeOutDir(out) : prepareOutDir(out, options.force ?? false, true);
  try {
    if (resuming) {
      checkSameSweep(out, id);
      if (existsSync(runsPath)) {
        recoverRuns(runsPath, check, (row) => {
          if (!done[row.run]) {
            done[row.run] = 1;
            skipped++;
          }
        });
      }
    } else {
      writeManifest(out, options, scenario, id, reach);
    }

    const total = ownPlan.length;
    let finished = skipped;
    let failed = 0;
    const writer = new RunsWriter(runsPath, check);
    options.onProgress?.(finished, total);
    try {
      // Tasks are made as the pool takes them, so only the runs in flight exist as tasks.
      const tasks = pendingTasks(options, scenario, done);
      await runPooled(tasks, poolThreads(options.workers, total - skipped), (spec, outcome) => {
        if (!outcome.ok && outcome.refused) throw refusedRun(spec, outcome.refused, `kept ${finished} of ${total} runs in ${runsPath}`);
        if (options.daily && outcome.ok && outcome.output.daily) writeRunDaily(out, id, spec.run, spec.seed, outcome.output.daily);
        const row = runRow(spec, outcome);
        writer.append(row);
        if (row.status === 'failed') failed++;
        finished++;
        options.onProgress?.(finished, total);
      });
    } catch (err) {
      writer.abandon();
      throw stoppedEarly(err, `kept ${finished} of ${total} runs in ${runsPath}`);
    }
    writer.close();

    const index = new RunIndex(check);
    index.addFile(runsPath);
    try {
      const { summary, sensitivity } = finishFolder(out, ownPlan, index, reach);
      return { out, total, skipped, ran: finished - skipped, failed, summary, sensitivity };
    } catch (err) {
      throw stoppedEarly(err, `all ${finished} finished runs are kept in ${runsPath}; the summaries were not written`);
    }
  } finally {
    release();
  }
}

/** Copies a sweep folder's manifest and valid rows into a new folder (which must be new or empty). */
function salvage(from: string, to: string, options: SweepOptions, id: string, check: RowCheck): void {
  if (!existsSync(join(from, 'manifest.json'))) throw new InputError(`${from} has no manifest.json: nothing to salvage`, 'name the --out folder of the interrupted sweep');
  checkSameSweep(from, id);
  const target = options.shard ? join(to, shardFolderName(options.shard)) : to;
  const release = prepareOutDir(target, false, true);
  try {
    for (const name of ['manifest.json', 'plan.jsonl']) {
      if (existsSync(join(from, name))) writeFileSafely(join(target, name), readFileSync(join(from, name)));
    }
    const r = salvageRuns(join(from, 'runs.jsonl'), join(target, 'runs.jsonl'), check);
    options.onSalvage?.({ from, to: target, ...r });
  } finally {
    release();
  }
}

/** Design points checked one by one before a sweep starts; beyond them, every value of every factor. */
const CHECKED_POINTS = 1000;

/**
 * A design point the scenario refuses (a mistyped path, a value out of range,
 * shares that no longer sum to 1) would fail all its runs: find it before any
 * folder or run is made. Each point is set on the document the sweep loaded
 * and checked by the loader's checks; no file is read again.
 */
async function checkDesignPoints(options: SweepOptions, scenario: LoadedScenario): Promise<void> {
  const { checkOverrides, scenarioErrorLine } = await scenarioModule();
  const check = (params: Record<string, unknown>, what: string) => {
    const first = checkOverrides(scenario.source, params)[0];
    if (first) throw new InputError(`${what} is not a valid scenario: ${scenarioErrorLine(first)}`, 'fix or leave out that value; every design point is checked before a sweep starts');
  };
  const seen = new Set<string>();
  const values = new Map<string, Set<string>>();
  for (const spec of options.plan) {
    const key = JSON.stringify(spec.params);
    if (seen.has(key)) continue;
    seen.add(key);
    const shown = Object.entries(spec.params).map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join(', ');
    if (seen.size <= CHECKED_POINTS) {
      check(spec.params, `design point ${spec.point} (${shown || 'no parameters'})`);
      continue;
    }
    for (const [path, v] of Object.entries(spec.params)) {
      const tried = values.get(path) ?? new Set<string>();
      values.set(path, tried);
      if (tried.size >= CHECKED_POINTS || tried.has(JSON.stringify(v))) continue;
      tried.add(JSON.stringify(v));
      check({ [path]: v }, `${path} = ${JSON.stringify(v)} (design point ${spec.point})`);
    }
  }
}

/**
 * A run the model refused (its numbers overflowed): the sweep stops, naming
 * the design point and the setting to fix. The rows already written stay.
 */
function refusedRun(spec: RunSpec, issues: ConfigIssue[], kept: string): ConfigError {
  const shown = Object.entries(spec.params).map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join(', ');
  return new ConfigError(issues.map((i) => ({ ...i, message: `design point ${spec.point} (${shown || 'no parameters'}), seed ${spec.seed}: ${i.message}; ${kept}` })));
}

/** A disk that filled mid-sweep: say what was kept and how to finish. */
function stoppedEarly(err: unknown, kept: string): unknown {
  if (!(err instanceof InputError) || err.exitCode !== 1) return err;
  return new InputError(`${err.message}; ${kept}`, `${err.hint ?? 'free some space'}, then run the same command with --resume to finish`, 1);
}

// Each task carries the document loaded above (its --set overrides applied) and sets its design point on it: workers never read the file.
function* pendingTasks(options: SweepOptions, scenario: LoadedScenario, done: Uint8Array): Generator<{ key: RunSpec; task: RunTask }> {
  const document = { document: scenario.source.document };
  for (const spec of options.plan) {
    if (!inShard(spec.run, options.shard) || done[spec.run]) continue;
    yield { key: spec, task: withMember({ file: options.scenario.file, scenario: document, overrides: spec.params, seed: spec.seed, daily: options.daily ?? false }, options.behaviours) };
  }
}

export function runRow(spec: RunSpec, outcome: TaskOutcome): RunRow {
  const base = { run: spec.run, point: spec.point, params: spec.params, replication: spec.replication, seed: spec.seed };
  if (!outcome.ok) return { ...base, status: 'failed', error: outcome.error, kpis: {}, byMarket: {} };
  const { kpis, byMarket } = outcome.output;
  return { ...base, status: 'ok', kpis: { ...kpis }, byMarket: Object.fromEntries(Object.entries(byMarket).map(([m, k]) => [m, { ...k }])) };
}

/** Which markets each swept path reaches, on the scenario as loaded (see reach.ts). */
export async function pathReach(scenario: LoadedScenario, paths: readonly string[]): Promise<PathReach[]> {
  const { leverReach } = await scenarioModule();
  const markets = scenario.config.markets;
  const all = markets.map((m) => m.id);
  return paths.map((path) => {
    const own = /^markets\.([^.]+)\./.exec(path)?.[1];
    const reached = own !== undefined ? all.filter((id) => id === own) : (leverReach(scenario.source.document, path)?.reached ?? all);
    const shopperShare = markets.filter((m) => reached.includes(m.id)).reduce((sum, m) => sum + m.shopperShare, 0);
    return { path, markets: reached, of: all.length, shopperShare };
  });
}

/** Every path the plan sets, in order of first use. */
function sweptPaths(plan: readonly RunSpec[]): string[] {
  const paths = new Set<string>();
  for (const spec of plan) for (const path of Object.keys(spec.params)) paths.add(path);
  return [...paths];
}

function writeManifest(out: string, options: SweepOptions, scenario: LoadedScenario, id: string, reach: PathReach[]): void {
  const inline = options.plan.length <= INLINE_PLAN_LIMIT;
  if (!inline) writePlan(join(out, 'plan.jsonl'), options.plan);
  const seeds = [...new Set(options.plan.map((s) => s.seed))];
  const manifest: Manifest = buildManifest({
    command: options.command ?? process.argv.slice(2),
    scenarios: [scenarioRecord(scenario)],
    seeds,
    runs: inline ? options.plan : 'plan.jsonl',
    kind: 'sweep',
    sweepId: id,
    overrides: options.scenario.overrides ?? {},
    design: options.design ?? null,
    reach,
    shard: options.shard ?? null,
    ...(options.behaviours ? { behaviours: options.behaviours.file ?? 'in memory' } : {}),
  });
  writeJson(join(out, 'manifest.json'), manifest);
}

/** plan.jsonl: one run spec per line, written a chunk at a time. */
export function writePlan(path: string, plan: RunSpec[]): void {
  writeAtomically(path, (append) => {
    for (const spec of plan) append(JSON.stringify(spec) + '\n');
  });
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
export function finishFolder(out: string, plan: RunSpec[], index: RunIndex, reach: readonly PathReach[]): { summary: SweepSummary; sensitivity: Sensitivity } {
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
  writing(sortedPath, () => renameSync(`${sortedPath}.sorted`, sortedPath));
  aggregator.writeSummary(join(out, 'summary.json'));
  const summary = aggregator.summary();
  const sensitivity = aggregator.sensitivity(reach);
  writeJson(join(out, 'sensitivity.json'), sensitivity);
  return { summary, sensitivity };
}
