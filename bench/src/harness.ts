// Paired sampling with tinybench: every round times the reference kernel and
// each subject back to back, so a round's ratios see the same machine state.
// Medians over rounds give the figures; a slow round on a busy machine moves
// them little.
import { Bench, type FnReturnedObject, type Task } from 'tinybench';

export interface Subject {
  name: string;
  /**
   * One sample. `call` counts every call (warm-up included), for a fresh seed
   * each time. Return milliseconds to time only part of the call (e.g. the
   * stepping without the set-up); return nothing to time the whole call.
   */
  fn: (call: number) => number | void | Promise<number | void>;
}

export interface PairedSamples {
  /** Milliseconds of the reference kernel, one per round. */
  reference: number[];
  /** Milliseconds per subject, one per round. */
  subjects: Record<string, number[]>;
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
  const wrap = (s: Subject) => async (): Promise<FnReturnedObject | undefined> => {
    const ms = await s.fn(call++);
    return typeof ms === 'number' ? { overriddenDuration: ms } : undefined;
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
    const tasks: [string, () => unknown][] = [['reference', reference], ...subjects.map((s): [string, () => unknown] => [s.name, wrap(s)])];
    // Alternate the order so neither side always runs first after a pause.
    if (round % 2 === 1) tasks.reverse();
    for (const [name, fn] of tasks) bench.add(name, fn);
    await bench.run();
    for (const task of bench.tasks) {
      const ms = latencyOf(task);
      if (task.name === 'reference') out.reference.push(ms);
      else out.subjects[task.name]!.push(ms);
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
