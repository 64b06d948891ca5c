// Runs base and variant on the same seeds in a pool of Web Workers, seed
// after seed, and reports the paired answer each time another pair is done.
// A new what-if starts a new generation: variant runs of older generations
// are dropped when they come back, base runs never go stale (the base does
// not change), so after the first answer a change costs only variant runs.
import { memberFor, type Behaviours } from '@shopsim/runner/behaviours';
import type { RunResult } from './paired.ts';
import { pairedSeeds } from './paired.ts';
import type { RunRequest, WorkerReply } from './protocol.ts';
import type { WhatIf } from './what-if.ts';

export interface Answer {
  generation: number;
  /** Seeds with both sides done, in order; base[i] and variant[i] ran on seeds[i]. */
  seeds: number[];
  base: RunResult[];
  variant: RunResult[];
  /** Seeds this generation will run in all. */
  target: number;
  done: boolean;
  /** Milliseconds from the change to this answer. */
  elapsedMs: number;
  error?: string;
}

export interface PairedRunnerOptions {
  file: string;
  text: string;
  /** Size overrides (shoppers, days) shared by base and variant. */
  size: Record<string, number>;
  workers: number;
  seeds: number;
  /** A behaviour ensemble: each seed runs its member (by the runner's rule), on both sides. */
  behaviours?: Behaviours | undefined;
  makeWorker: () => Worker;
  onAnswer: (a: Answer) => void;
}

interface Task {
  side: 'base' | 'variant';
  seed: number;
  generation: number;
}

/** One request's life, page clock (ms): for bench/studio-browser.ts to see where a wait goes. */
export interface TaskTiming extends Task {
  worker: number;
  sentAt: number;
  receivedAt: number;
  loadMs: number;
  runMs: number;
}

const KEPT_TIMINGS = 500;

interface Slot {
  index: number;
  worker: Worker;
  task: Task | null;
  sentAt: number;
}

export class PairedRunner {
  private readonly pool: Slot[] = [];
  /** The latest requests' timings, oldest first. */
  readonly timings: TaskTiming[] = [];
  private readonly baseRuns = new Map<number, RunResult>();
  private variantRuns = new Map<number, RunResult>();
  private queue: Task[] = [];
  private generation = 0;
  private whatIf: WhatIf = {};
  private started = 0;
  private nextId = 1;
  private error: string | undefined;
  private reported = '';

  constructor(private readonly o: PairedRunnerOptions) {
    for (let i = 0; i < o.workers; i++) {
      const worker = o.makeWorker();
      const slot: Slot = { index: i, worker, task: null, sentAt: 0 };
      worker.onmessage = (e: MessageEvent<WorkerReply>) => this.finished(slot, e.data);
      worker.onerror = (e) => {
        e.preventDefault();
        this.fail(slot, e.message || 'a worker failed to start');
      };
      this.pool.push(slot);
    }
  }

  /** Starts answering a new what-if; whatever the last one still had queued is dropped. */
  setWhatIf(whatIf: WhatIf): void {
    this.generation++;
    this.whatIf = whatIf;
    this.variantRuns = new Map();
    this.error = undefined;
    this.started = performance.now();
    this.queue = [];
    const same = Object.keys(whatIf).length === 0;
    for (let seed = 1; seed <= this.o.seeds; seed++) {
      if (!this.baseRuns.has(seed) && !this.inFlight('base', seed)) this.queue.push({ side: 'base', seed, generation: this.generation });
      // With no change the variant is the base itself: same config, same seed, same run.
      if (!same) this.queue.push({ side: 'variant', seed, generation: this.generation });
    }
    this.pump();
    this.report();
  }

  terminate(): void {
    for (const s of this.pool) s.worker.terminate();
  }

  private inFlight(side: Task['side'], seed: number): boolean {
    return this.pool.some((s) => s.task?.side === side && s.task.seed === seed);
  }

  private pump(): void {
    for (const slot of this.pool) {
      if (slot.task || this.error) continue;
      const task = this.queue.shift();
      if (!task) return;
      slot.task = task;
      slot.sentAt = performance.now();
      const overrides = task.side === 'base' ? this.o.size : { ...this.o.size, ...this.whatIf };
      const req: RunRequest = { id: this.nextId++, file: this.o.file, text: this.o.text, overrides, seed: task.seed };
      const member = memberFor(this.o.behaviours, task.seed);
      if (member) req.parameters = member;
      slot.worker.postMessage(req);
    }
  }

  private finished(slot: Slot, reply: WorkerReply): void {
    const task = slot.task;
    slot.task = null;
    if (task && reply.ok) {
      this.timings.push({ ...task, worker: slot.index, sentAt: slot.sentAt, receivedAt: performance.now(), ...reply.timing });
      if (this.timings.length > KEPT_TIMINGS) this.timings.shift();
      if (task.side === 'base') this.baseRuns.set(task.seed, reply.result);
      else if (task.generation === this.generation) this.variantRuns.set(task.seed, reply.result);
    } else if (task && task.generation === this.generation) {
      this.error = reply.ok ? 'lost a run' : reply.message;
    }
    this.pump();
    this.report();
  }

  private fail(slot: Slot, message: string): void {
    if (slot.task?.generation === this.generation) this.error = message;
    slot.task = null;
    this.report();
  }

  private report(): void {
    const variant = Object.keys(this.whatIf).length === 0 ? this.baseRuns : this.variantRuns;
    const seeds = pairedSeeds(this.baseRuns, variant).filter((s) => s <= this.o.seeds);
    const busy = this.queue.length > 0 || this.pool.some((s) => s.task !== null && (s.task.generation === this.generation || s.task.side === 'base'));
    const answer: Answer = {
      generation: this.generation,
      seeds,
      base: seeds.map((s) => this.baseRuns.get(s)!),
      variant: seeds.map((s) => variant.get(s)!),
      target: this.o.seeds,
      done: !busy || this.error !== undefined,
      elapsedMs: performance.now() - this.started,
    };
    if (this.error !== undefined) answer.error = this.error;
    // A finished base run that makes no new pair changes nothing on the page: no redraw to compete with the workers.
    const key = `${answer.generation} ${seeds.length} ${answer.done} ${answer.error ?? ''}`;
    if (key === this.reported) return;
    this.reported = key;
    this.o.onAnswer(answer);
  }
}
