// The pool is kept between calls in a process (pool.ts): what it must not keep
// is a scenario loaded before a file changed, or a broken call's runs.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simulate } from '@shopsim/core';
import { describe, expect, it } from 'vitest';
import { runAll, runPooled, type TaskOutcome } from './pool.ts';
import { loadScenario } from './scenario-source.ts';
import type { RunTask } from './task.ts';

const shipped = fileURLToPath(new URL('../../../scenarios/2024.yaml', import.meta.url));
const seeds = [1, 2, 3, 4];

function kpisOf(outcomes: TaskOutcome[]) {
  return outcomes.map((o) => {
    if (!o.ok) throw new Error(o.error);
    return o.output.kpis;
  });
}

describe('a kept pool', () => {
  it('loads a scenario again in a later call when a file it extends was edited, the file itself unchanged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pool-kept-'));
    const base = join(dir, 'base.yaml');
    const child = join(dir, 'child.yaml');
    const writeBase = (priceIndex: number) =>
      writeFileSync(base, `extends: ${relative(dir, shipped)}\nshoppers: 1500\ndays: 60\ntimeline: []\nlevers: { priceIndex: ${priceIndex} }\n`);
    writeBase(1);
    writeFileSync(child, 'extends: ./base.yaml\nname: child\n');
    const tasks: RunTask[] = seeds.map((seed) => ({ file: child, overrides: {}, seed, daily: false }));

    const before = kpisOf(await runAll(tasks, 2));
    writeBase(1.5);
    const after = kpisOf(await runAll(tasks, 2));

    // What a fresh process would give: the edited base, loaded now.
    const { config } = await loadScenario(child);
    const fresh = seeds.map((seed) => simulate(config, { seed, daily: false }).kpis);
    expect(after).toEqual(fresh);
    // Half as dear again sells less on every seed (common random numbers): the edit reached the runs.
    after.forEach((k, i) => expect(k.orders).toBeLessThan(before[i]!.orders));
  });

  it('after a task list that throws part-way, throws once the runs in flight end, reports none of them, and runs the next call', async () => {
    const task = (seed: number): RunTask => ({ file: null, overrides: { shoppers: 200, days: 20 }, seed, daily: false });
    function* broken() {
      for (const seed of [1, 2, 3]) yield { key: seed, task: task(seed) };
      throw new Error('the plan ran out');
    }
    const reported: number[] = [];
    // The list throws before any of its three runs can end (nothing is awaited below two per thread):
    // all three are in flight then, and none may be reported, before the error or after it.
    await expect(runPooled(broken(), 2, (key) => reported.push(key))).rejects.toThrow('the plan ran out');
    expect(reported).toEqual([]);
    await new Promise((r) => setTimeout(r, 50));
    expect(reported).toEqual([]);
    expect(kpisOf(await runAll([task(1), task(2)], 2))).toHaveLength(2);
  });
});
