// A behaviour vector the model refuses (its numbers overflow) is an
// unmeasurable particle: stored with the largest distance, never kept, and
// the fit goes on (before, one refused run stopped the whole calibration).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ABC } from './abc.ts';
import type { TargetResult } from './evaluate.ts';
import { openRunFolder, readGeneration, runEnsemble, type ParticleEvaluator } from './ensemble-run.ts';
import type { Prior } from './priors.ts';
import { levelTarget } from './targets.ts';

const priors: Prior[] = [{ path: 'behaviour.x', lo: 0, hi: 1, source: 'test' }];
const target = levelTarget('T', 'csat', 0.5, 0.05);

// The simulated mean is the parameter itself; values above 0.9 "overflow".
const evaluate: ParticleEvaluator = async (particles, onDone) => {
  for (const p of particles) {
    const x = p.values['behaviour.x']!;
    const result: TargetResult = { target, scenarios: ['t'], simulated: { mean: x, sd: 0.01, lo: x, hi: x, n: 2 }, status: 'pass' };
    onDone(p.generation, p.index, x > 0.9 ? null : [result]);
  }
};

describe('an unmeasurable particle', () => {
  it('is stored with the largest distance, never kept, and the fit goes on', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ensemble-run-'));
    openRunFolder(out, 'unmeasurable', false, {});
    const settings = { ...DEFAULT_ABC, populationSize: 40, maxGenerations: 3, seed: 3 };
    const result = await runEnsemble({ out, priors, settings, discrepancy: 0, evaluate, identity: 'unmeasurable' });
    expect(result.status).toBe('done');
    if (result.status !== 'done') return;
    const refused = [...readGeneration(out, 0).values()].filter((e) => e.values[0]! > 0.9);
    expect(refused.length).toBeGreaterThan(0);
    for (const e of refused) expect(e.distance).toBe(Number.MAX_VALUE);
    for (const p of result.history) for (const q of p.particles) expect(q.values[0]!).toBeLessThanOrEqual(0.9);
    expect(result.population.epsilon).toBeLessThan(Number.MAX_VALUE);
  });

  it('ends the fit, without proposing from nothing, when no particle of a generation can be measured', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ensemble-run-'));
    openRunFolder(out, 'none', false, {});
    const nothing: ParticleEvaluator = async (particles, onDone) => {
      for (const p of particles) onDone(p.generation, p.index, null);
    };
    const result = await runEnsemble({ out, priors, settings: { ...DEFAULT_ABC, populationSize: 8, maxGenerations: 3 }, discrepancy: 0, evaluate: nothing, identity: 'none' });
    expect(result.status).toBe('done');
    if (result.status !== 'done') return;
    expect(result.population.stop).toBe('unmeasurable');
    expect(result.population.particles).toEqual([]);
  });
});

// Two parameters, each the simulated mean of its own target.
const two: Prior[] = [{ path: 'behaviour.x', lo: 0, hi: 1, source: 'test' }, { path: 'behaviour.y', lo: 0, hi: 1, source: 'test' }];
const tx = levelTarget('X', 'csat', 0.3, 0.02);
const ty = levelTarget('Y', 'csat', 0.6, 0.02);
const measure = (target: typeof tx, v: number): TargetResult => ({ target, scenarios: ['t'], simulated: { mean: v, sd: 0.01, lo: v, hi: v, n: 2 }, status: 'pass' });

// Staged evaluation: a particle whose first-stage target is already beyond the
// previous tolerance skips the later stages (lazy ABC); it could never be
// kept, so every population is the one of the unstaged run.
describe('staged evaluation', () => {
  let secondStage = 0;
  const first: ParticleEvaluator = async (particles, onDone) => {
    for (const p of particles) onDone(p.generation, p.index, [measure(tx, p.values['behaviour.x']!)]);
  };
  const second: ParticleEvaluator = async (particles, onDone) => {
    for (const p of particles) {
      secondStage++;
      onDone(p.generation, p.index, [measure(ty, p.values['behaviour.y']!)]);
    }
  };
  const whole: ParticleEvaluator = async (particles, onDone) => {
    for (const p of particles) onDone(p.generation, p.index, [measure(tx, p.values['behaviour.x']!), measure(ty, p.values['behaviour.y']!)]);
  };
  const settings = { ...DEFAULT_ABC, populationSize: 60, maxGenerations: 5, seed: 5, screen: false };
  const fit = async (evaluate: ParticleEvaluator | ParticleEvaluator[], id: string) => {
    const out = mkdtempSync(join(tmpdir(), 'ensemble-staged-'));
    openRunFolder(out, id, false, {});
    const result = await runEnsemble({ out, priors: two, settings, discrepancy: 0.25, evaluate, identity: id });
    if (result.status !== 'done') throw new Error('not done');
    return { out, result };
  };

  it('gives the populations of the unstaged run and runs the later stage for fewer particles', async () => {
    const plain = await fit(whole, 'plain');
    secondStage = 0;
    const staged = await fit([first, second], 'staged');
    const strip = (r: typeof plain.result) => r.history.map((p) => ({ epsilon: p.epsilon, acceptance: p.acceptance, particles: p.particles.map((q) => [q.generation, q.index, q.weight, q.distance]) }));
    expect(strip(staged.result)).toEqual(strip(plain.result));
    const evaluated = plain.result.evaluations.flat().length;
    expect(secondStage).toBeLessThan(evaluated);
    // Generation 0 has no tolerance yet: every particle runs every stage (the screen and pins.md read all targets).
    for (const e of readGeneration(staged.out, 0).values()) expect(e.early).toBeUndefined();
    const early = plain.result.history.slice(1).flatMap((p) => [...readGeneration(staged.out, p.generation).values()].filter((e) => e.early));
    expect(early.length).toBe(evaluated - secondStage);
    for (const e of early) expect(e.distance).toBeGreaterThan(plain.result.history[e.generation - 1]!.epsilon);
  });
});

// The OLCM kernel reads the whole previous population (its best share and
// every centre's own covariance), so its proposals too must depend on the
// stored particles only: the same fit whole, as shards run in any order, and
// with evaluations reported in reverse.
describe('the OLCM kernel on shards', () => {
  const both: ParticleEvaluator = async (particles, onDone) => {
    for (const p of [...particles].reverse()) onDone(p.generation, p.index, [measure(tx, p.values['behaviour.x']!), measure(ty, p.values['behaviour.y']!)]);
  };
  const settings = { ...DEFAULT_ABC, populationSize: 40, maxGenerations: 5, seed: 9, screen: false, kernel: 'olcm' as const };
  const strip = (history: { epsilon: number; particles: { generation: number; index: number; weight: number; values: number[] }[] }[]) =>
    history.map((p) => ({ epsilon: p.epsilon, particles: p.particles.map((q) => [q.generation, q.index, q.weight, ...q.values]) }));

  async function sharded(order: number[]) {
    const out = mkdtempSync(join(tmpdir(), 'ensemble-olcm-'));
    openRunFolder(out, 'olcm', false, {});
    for (let round = 0; round < 20; round++) {
      for (const index of order) {
        const r = await runEnsemble({ out, priors: two, settings, discrepancy: 0.25, evaluate: both, identity: 'olcm', shard: { index, count: order.length } });
        if (r.status === 'done') return r.history;
      }
    }
    throw new Error('the shards never finished');
  }

  it('gives the same populations whole and as 3 shards run in any order', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ensemble-olcm-'));
    openRunFolder(out, 'olcm', false, {});
    const whole = await runEnsemble({ out, priors: two, settings, discrepancy: 0.25, evaluate: both, identity: 'olcm' });
    if (whole.status !== 'done') throw new Error('not done');
    expect(whole.history.length).toBeGreaterThan(2);
    expect(strip(await sharded([0, 1, 2]))).toEqual(strip(whole.history));
    expect(strip(await sharded([2, 0, 1]))).toEqual(strip(whole.history));
    // And it is the OLCM kernel that ran: the global one proposes other particles from generation 1 on.
    const other = mkdtempSync(join(tmpdir(), 'ensemble-olcm-'));
    openRunFolder(other, 'global', false, {});
    const global = await runEnsemble({ out: other, priors: two, settings: { ...settings, kernel: 'global' }, discrepancy: 0.25, evaluate: both, identity: 'global' });
    if (global.status !== 'done') throw new Error('not done');
    expect(strip(global.history.slice(1, 2))).not.toEqual(strip(whole.history.slice(1, 2)));
  });
});
