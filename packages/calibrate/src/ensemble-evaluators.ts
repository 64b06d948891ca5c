// Two ways to run an ensemble calibration's particles: in this thread (tests,
// small problems) or on the worker pool (the CLI), one task per particle,
// scenario and seed. Both measure targets the same way (measureTargets), so
// their distances agree to the bit.
import { ConfigError, simulate } from '@shopsim/core';
import seedrandom from 'seedrandom';
import { runPooled, succeeded, type RunOutput, type RunTask, type TaskScenario } from '@shopsim/runner';
import { withParameters, type CalibrationCase } from './cases.ts';
import { measureTargets, type TargetPlan, type TargetResult } from './evaluate.ts';
import type { ParticleEvaluator } from './ensemble-run.ts';
import type { KpiSource } from './kpi-map.ts';

function usedCases(plans: TargetPlan[]): CalibrationCase[] {
  const used: CalibrationCase[] = [];
  for (const p of plans) for (const c of [p.level, p.base, p.variant]) if (c && !used.includes(c)) used.push(c);
  return used;
}

/**
 * The seeds a particle runs on: one list for every particle (check, the
 * reference noise), or each particle's own (the fit: particleSeeds).
 */
export type SeedPlan = number[] | ((generation: number, index: number) => number[]);

function seedsOf(plan: SeedPlan, generation: number, index: number): number[] {
  return typeof plan === 'function' ? plan(generation, index) : plan;
}

/**
 * Each particle's own seeds, as many as the fit's and drawn from them and the
 * particle's identity, so any worker or shard gives it the same ones. A fit
 * that ran every particle on the same seeds fitted those seeds' luck: the
 * shared deviation of two seeds at the fit's size was in every particle's
 * reading, and the ensemble leant against it (2024 CSAT read 0.019 above the
 * particles' own mean over 40 seeds, 1.2 standard errors; docs/calibration.md,
 * "Seeds of their own"). A base and variant of one lever pair still share a
 * particle's seeds: effects stay paired.
 */
export function particleSeeds(seeds: number[]): (generation: number, index: number) => number[] {
  return (generation, index) => seeds.map((s) => 1 + Math.floor(seedrandom(`particle:${s}:${generation}:${index}`)() * (2 ** 31 - 2)));
}

/** unmeasurable: a run the model refuses makes its particle unmeasurable (onDone null) instead of stopping everything. */
export interface EvaluatorOptions {
  halves?: boolean;
  unmeasurable?: boolean;
  onRun?: () => void;
}

export function inThreadEvaluator(plans: TargetPlan[], seedPlan: SeedPlan, options: EvaluatorOptions = {}): ParticleEvaluator {
  const cases = usedCases(plans);
  return async (particles, onDone) => {
    for (const p of particles) {
      const outputs = new Map<CalibrationCase, KpiSource[]>();
      const seeds = seedsOf(seedPlan, p.generation, p.index);
      try {
        for (const c of cases) {
          const config = withParameters(c.config, p.values);
          outputs.set(c, seeds.map((seed) => simulate(config, { seed, daily: false, halves: options.halves ?? false })));
        }
      } catch (err) {
        // The model refused a run (its numbers overflowed): the particle is unmeasurable.
        if (err instanceof ConfigError && options.unmeasurable) {
          onDone(p.generation, p.index, null);
          continue;
        }
        throw err;
      }
      onDone(p.generation, p.index, measureTargets(plans, outputs));
    }
  };
}

/**
 * Each case as a pool task carries it: the scenario the command loaded (so no
 * worker reads the file again), else its file (null: the built-in scenario)
 * and overrides for the worker to load.
 */
export interface PooledCase {
  file: string | null;
  overrides: Record<string, unknown>;
  scenario?: TaskScenario;
}

export function poolEvaluator(plans: TargetPlan[], seedPlan: SeedPlan, source: (c: CalibrationCase) => PooledCase, workers: number, options: EvaluatorOptions = {}): ParticleEvaluator {
  const cases = usedCases(plans);
  return async (particles, onDone) => {
    // No run to wait for (every target cannot be measured): each particle is done now, or it would never be.
    if (cases.length === 0) {
      for (const p of particles) onDone(p.generation, p.index, measureTargets(plans, new Map()));
      return;
    }
    const pending = new Map<number, { left: number; refused: boolean; outputs: Map<CalibrationCase, RunOutput[]> }>();
    function* tasks(): Generator<{ key: { particle: number; c: number; s: number; seed: number }; task: RunTask }> {
      for (const [k, p] of particles.entries()) {
        const seeds = seedsOf(seedPlan, p.generation, p.index);
        pending.set(k, { left: cases.length * seeds.length, refused: false, outputs: new Map(cases.map((c) => [c, new Array<RunOutput>(seeds.length)])) });
        for (const [c, kase] of cases.entries()) {
          const { file, overrides, scenario } = source(kase);
          for (const [s, seed] of seeds.entries()) {
            yield { key: { particle: k, c, s, seed }, task: { file, ...(scenario ? { scenario } : {}), overrides, seed, daily: false, parameters: p.values, halves: options.halves ?? false } };
          }
        }
      }
    }
    await runPooled(tasks(), Math.max(1, workers), (key, outcome) => {
      const output = succeeded(outcome, `ensemble run of ${cases[key.c]!.name}, seed ${key.seed}`);
      options.onRun?.();
      const entry = pending.get(key.particle)!;
      entry.outputs.get(cases[key.c]!)![key.s] = output;
      if (--entry.left === 0) {
        pending.delete(key.particle);
        const p = particles[key.particle]!;
        onDone(p.generation, p.index, measureTargets(plans, entry.outputs));
      }
    });
  };
}


/** The evaluator of the command line: on the pool, or in this thread with 0 workers. */
export function evaluatorFor(plans: TargetPlan[], seeds: SeedPlan, source: (c: CalibrationCase) => PooledCase, workers: number, options: EvaluatorOptions = {}): ParticleEvaluator {
  return workers === 0 ? inThreadEvaluator(plans, seeds, options) : poolEvaluator(plans, seeds, source, workers, options);
}

/** The target results of each parameter vector (an empty one: the scenarios as written), on the pool or, with 0 workers, in this thread. */
export async function evaluateVectors(
  plans: TargetPlan[],
  seeds: number[],
  source: (c: CalibrationCase) => PooledCase,
  workers: number,
  vectors: Record<string, number>[],
  options: EvaluatorOptions = {},
): Promise<(TargetResult[] | null)[]> {
  const out: (TargetResult[] | null)[] = new Array(vectors.length);
  await evaluatorFor(plans, seeds, source, workers, options)(
    vectors.map((values, index) => ({ generation: 0, index, values })),
    (_, index, results) => (out[index] = results), // null only with options.unmeasurable: refusals throw otherwise
  );
  return out;
}
