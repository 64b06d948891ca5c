// The paired runner's scheduling, with stand-in workers answered by hand: a
// moved lever drops what the last what-if still had queued and ignores its
// runs still under way, base runs are kept across what-ifs, every request of
// a seed carries that seed's ensemble member, and answers pair seeds in order.
import { describe, expect, it } from 'vitest';
import type { Kpis } from '@shopsim/core';
import { memberFor, type Behaviours } from '@shopsim/runner/behaviours';
import { PairedRunner, type Answer } from './engine.ts';
import type { RunRequest, WorkerReply } from './protocol.ts';

class FakeWorker {
  onmessage: ((e: MessageEvent<WorkerReply>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  request: RunRequest | undefined;
  postMessage(req: RunRequest): void {
    this.request = req;
  }
  terminate(): void {}
  /** Answers the request in hand with a KPI that says which side and seed ran. */
  reply(): RunRequest {
    const req = this.request!;
    this.request = undefined;
    const variant = Object.keys(req.overrides).some((k) => k.startsWith('markets.'));
    const kpis = { orders: req.seed + (variant ? 100 : 0) } as unknown as Kpis;
    this.onmessage!({ data: { id: req.id, ok: true, result: { seed: req.seed, kpis, byMarket: {}, daily: {} }, timing: { loadMs: 0, runMs: 0 } } } as MessageEvent<WorkerReply>);
    return req;
  }
}

function setUp(seeds: number, behaviours?: Behaviours) {
  const workers: FakeWorker[] = [];
  const answers: Answer[] = [];
  const runner = new PairedRunner({
    file: 'base.yaml', text: 'name: base', size: { shoppers: 1000 }, workers: 2, seeds, behaviours,
    makeWorker: () => {
      const w = new FakeWorker();
      workers.push(w);
      return w as unknown as Worker;
    },
    onAnswer: (a) => answers.push(a),
  });
  return { runner, workers, answers, last: () => answers[answers.length - 1]! };
}

const CYCLE = 'markets.europe.levers.afterSales.returnCycleDays';

describe('paired runner', () => {
  it('a moved lever drops the queued runs of the last what-if at once and ignores its runs under way', () => {
    const { runner, workers, last } = setUp(4);
    runner.setWhatIf({ [CYCLE]: 30 });
    // Queue: base 1, variant 1, base 2, variant 2, ... on two workers.
    expect(workers.map((w) => [w.request!.seed, CYCLE in w.request!.overrides])).toEqual([[1, false], [1, true]]);
    runner.setWhatIf({ [CYCLE]: 45 });
    // The old what-if's run on seed 1 comes back: dropped; the next request is already the new what-if's.
    workers[1]!.reply();
    expect(workers[1]!.request!.overrides[CYCLE]).toBe(45);
    expect(last().seeds).toEqual([]);
    workers[0]!.reply(); // base 1, kept
    workers[1]!.reply(); // new variant 1
    expect(last()).toMatchObject({ generation: 2, seeds: [1], done: false });
    expect(last().variant[0]!.kpis.orders).toBe(101);
    // Until done, only the new what-if's runs are asked for, never a base run twice.
    const asked: RunRequest[] = [];
    while (workers.some((w) => w.request)) for (const w of workers) if (w.request) asked.push(w.reply());
    expect(asked.filter((r) => CYCLE in r.overrides).every((r) => r.overrides[CYCLE] === 45)).toBe(true);
    expect(asked.filter((r) => !(CYCLE in r.overrides)).map((r) => r.seed).sort()).toEqual([2, 3, 4]);
    expect(last()).toMatchObject({ generation: 2, seeds: [1, 2, 3, 4], done: true });
  });

  it('keeps the base runs across what-ifs: a second change runs only the what-if', () => {
    const { runner, workers, last } = setUp(2);
    runner.setWhatIf({});
    while (workers.some((w) => w.request)) for (const w of workers) if (w.request) w.reply();
    // No change: the base is its own what-if, a difference of exactly 0 on every seed.
    expect(last()).toMatchObject({ seeds: [1, 2], done: true });
    expect(last().variant).toEqual(last().base);
    runner.setWhatIf({ [CYCLE]: 30 });
    expect(workers.map((w) => [w.request!.seed, CYCLE in w.request!.overrides])).toEqual([[1, true], [2, true]]);
  });

  it("sends every request of a seed that seed's ensemble member, on both sides", () => {
    const behaviours: Behaviours = { parameters: ['behaviour.refundWaitWeight'], members: [0.1, 0.2, 0.3].map((v) => ({ weight: 1, values: { 'behaviour.refundWaitWeight': v } })) };
    const { runner, workers } = setUp(6, behaviours);
    runner.setWhatIf({ [CYCLE]: 30 });
    const asked: RunRequest[] = [];
    while (workers.some((w) => w.request)) for (const w of workers) if (w.request) asked.push(w.reply());
    expect(asked).toHaveLength(12);
    for (const r of asked) expect(r.parameters).toEqual(memberFor(behaviours, r.seed));
  });
});
