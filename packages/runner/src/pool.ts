// A worker-thread pool (tinypool) that runs tasks with a bounded number in
// flight, so a sweep of any size streams through it. Each result depends only
// on its task, never on which worker ran it or when.
import { availableParallelism } from 'node:os';
import Tinypool from 'tinypool';
import { ConfigError, type ConfigIssue } from '@shopsim/core';
import type { RunOutput, RunTask, WorkerReply } from './task.ts';

export function defaultWorkers(): number {
  return availableParallelism();
}

/** Threads for `work` tasks: more than the cores only adds memory (each thread holds its own runs), more than the work starts idle ones. */
export function poolThreads(requested: number, work: number): number {
  return Math.max(1, Math.min(requested, defaultWorkers(), work));
}

/**
 * The worker's module: the bundled one when shopsim started from its bundle
 * (start.mjs says so; both come from the same sources), else the one that
 * loads the TypeScript sources through tsx.
 */
function workerFile(): string {
  const bundled = (globalThis as { shopsimWorker?: unknown }).shopsimWorker;
  return typeof bundled === 'string' ? bundled : new URL('./worker.mjs', import.meta.url).href;
}

/**
 * Pools kept for the life of the process, one per worker module and thread
 * count: starting a thread and loading the engine in it costs about 0.4 CPU-s
 * (a 2-thread pool 0.8), which a process that runs many replications,
 * comparisons or sweeps (a calibration, a notebook, the test suite: about a
 * hundred) paid for each. Idle threads do not keep the process alive (tinypool
 * unrefs them).
 */
const kept = new Map<string, Tinypool>();
let calls = 0;

function poolFor(threads: number): Tinypool {
  const filename = workerFile();
  const key = `${threads} ${filename}`;
  let pool = kept.get(key);
  if (pool === undefined) {
    // Workers must not inherit the CLI's own flags (e.g. --import tsx twice).
    pool = new Tinypool({ filename, minThreads: threads, maxThreads: threads, execArgv: [] });
    kept.set(key, pool);
  }
  return pool;
}

/** A failed task's `refused` holds the model's reasons when it refused the run (bad input, not a bug). */
export type TaskOutcome = { ok: true; output: RunOutput } | { ok: false; error: string; refused?: ConfigIssue[] };

/**
 * Runs every task on `workers` threads (never more than the cores) and calls
 * `onDone` as each finishes (in completion order). A task that throws is
 * reported, not fatal; an `onDone` that throws (e.g. a full disk) stops the
 * pool: no new task starts, those in flight are let finish unreported, and
 * its error is thrown.
 */
export async function runPooled<K>(
  tasks: Iterable<{ key: K; task: RunTask }>,
  workers: number,
  onDone: (key: K, outcome: TaskOutcome) => void,
): Promise<void> {
  const threads = poolThreads(workers, Number.POSITIVE_INFINITY);
  const pool = poolFor(threads);
  const batch = ++calls;
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  const report = (key: K, outcome: TaskOutcome) => {
    if (failure) return;
    try {
      onDone(key, outcome);
    } catch (error) {
      failure = { error };
    }
  };
  // Two per worker keeps every worker busy without queueing the whole sweep.
  const limit = threads * 2;
  try {
    for (const { key, task } of tasks) {
      if (failure) break;
      const p: Promise<void> = pool.run({ ...task, batch }).then(
        (reply: WorkerReply) => report(key, 'refused' in reply ? { ok: false, error: errorText(new ConfigError(reply.refused)), refused: reply.refused } : { ok: true, output: reply }),
        (err: unknown) => report(key, { ok: false, error: errorText(err) }),
      ).finally(() => inFlight.delete(p));
      inFlight.add(p);
      if (inFlight.size >= limit) await Promise.race(inFlight);
    }
  } catch (error) {
    failure ??= { error };
  }
  // The pool is kept, not torn down under the tasks in flight: they finish, unreported after a failure.
  await Promise.all(inFlight);
  if (failure) throw failure.error;
}

/** Runs tasks and returns their outcomes in task order. */
export async function runAll(tasks: RunTask[], workers: number, onProgress?: (done: number) => void): Promise<TaskOutcome[]> {
  const outcomes: TaskOutcome[] = new Array<TaskOutcome>(tasks.length);
  let done = 0;
  await runPooled(tasks.map((task, key) => ({ key, task })), poolThreads(workers, tasks.length), (key, outcome) => {
    outcomes[key] = outcome;
    done++;
    onProgress?.(done);
  });
  return outcomes;
}

function errorText(err: unknown): string {
  if (err instanceof Error) return err.message.replace(/\s*\n\s*/g, ' | ') || err.name;
  return String(err);
}
