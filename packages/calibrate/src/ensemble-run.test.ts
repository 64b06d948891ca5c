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
