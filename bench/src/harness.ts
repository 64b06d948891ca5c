// Paired sampling with tinybench: every round times the reference kernel and
// each subject back to back (A/B, the order alternating from round to round),
// so a round's ratios see the same machine state. Each sample records wall
// time and this process's CPU time: on a machine whose cores are shared, the
// wall clock also counts the time other processes held the core, the CPU
// clock does not.
import { Bench, type FnReturnedObject, type Task } from 'tinybench';

/** Wall and CPU milliseconds of one stretch of work. */
export interface Timing {
  ms: number;
  /** CPU time of this process (every thread, user + system); excludes child processes. */
  cpuMs: number;
}

export interface Subject {
  name: string;
  /**
   * One sample. `call` counts every call (warm-up included), for a fresh seed
   * each time. Return a timing (from timed()) to time only part of the call
   * (e.g. the stepping without the set-up); return nothing to time the whole call.
   */
  fn: (call: number) => Timing | void | Promise<Timing | void>;
}

export interface PairedSamples {
  /** The reference kernel, one timing per round. */
  reference: Timing[];
  /** Per subject, one timing per round. */
  subjects: Record<string, Timing[]>;
}

function cpuNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Times `fn` on both clocks. */
export function timed(fn: () => void): Timing {
  const c0 = cpuNow();
  const t0 = performance.now();
  fn();
  const ms = performance.now() - t0;
  return { ms, cpuMs: cpuNow() - c0 };
}

async function timedAsync(fn: () => unknown): Promise<Timing | undefined> {
  const c0 = cpuNow();
  const t0 = performance.now();
  const own = await fn();
  const ms = performance.now() - t0;
  return isTiming(own) ? own : { ms, cpuMs: cpuNow() - c0 };
}

function isTiming(x: unknown): x is Timing {
  return typeof x === 'object' && x !== null && typeof (x as Timing).ms === 'number' && typeof (x as Timing).cpuMs === 'number';
}

export interface SampleOptions {
  rounds: number;
  /** Run every task once, untimed, before the first round (JIT warm-up). */
  warmup: boolean;
}

export async function sampleAgainstReference(
  reference: () => unknown,
  subjects: Subject[],
  options: SampleOptions,
): Promise<PairedSamples> {
  const out: PairedSamples = { reference: [], subjects: Object.fromEntries(subjects.map((s) => [s.name, []])) };
  let call = 0;
  // tinybench runs the calls and keeps the wall time; the CPU time of the
  // same call is kept here (each task runs once per round).
  const cpu = new Map<string, number>();
  const wrap = (name: string, fn: (call: number) => unknown) => async (): Promise<FnReturnedObject> => {
    const t = (await timedAsync(() => fn(call++)))!;
    cpu.set(name, t.cpuMs);
    return { overriddenDuration: t.ms };
  };
  for (let round = 0; round < options.rounds; round++) {
    const bench = new Bench({
      iterations: 1,
      time: 0,
      warmup: options.warmup && round === 0,
      warmupIterations: 1,
      warmupTime: 0,
      throws: true,
    });
    const tasks: [string, () => unknown][] = [['reference', wrap('reference', reference)], ...subjects.map((s): [string, () => unknown] => [s.name, wrap(s.name, s.fn)])];
    // Alternate the order so neither side always runs first after a pause.
    if (round % 2 === 1) tasks.reverse();
    for (const [name, fn] of tasks) bench.add(name, fn);
    await bench.run();
    for (const task of bench.tasks) {
      const t = { ms: latencyOf(task), cpuMs: cpu.get(task.name)! };
      if (task.name === 'reference') out.reference.push(t);
      else out.subjects[task.name]!.push(t);
    }
  }
  return out;
}

function latencyOf(task: Task): number {
  const r = task.result;
  if (r.state === 'errored') throw r.error;
  if (r.state !== 'completed') throw new Error(`benchmark task ${task.name} did not complete (${r.state})`);
  return r.latency.mean;
}
