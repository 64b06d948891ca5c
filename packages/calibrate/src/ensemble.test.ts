// Recovery from a synthetic truth: targets are what a known behaviour vector
// produces; the ensemble calibration must bracket that vector for every
// parameter the targets pin, and leave a parameter no target touches at its
// prior width. Small population, in this thread, a few seconds.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultScenario, withParameters, type SimConfig } from '@shopsim/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ABC, type AbcSettings } from './abc.ts';
import type { CalibrationCase } from './cases.ts';
import { marginals, reliableEss } from './ensemble-diagnostics.ts';
import { inThreadEvaluator, particleSeeds } from './ensemble-evaluators.ts';
import { openRunFolder, runEnsemble } from './ensemble-run.ts';
import { referenceSeeds, seedNoiseOf } from './distance.ts';
import { evaluateTargets, planTargets } from './evaluate.ts';
import { CONTROL_COUNT, withControls, type Prior } from './priors.ts';
import { writeEnsemble } from './ensemble-write.ts';
import { loadEnsemble } from './ensemble-file.ts';
import { levelTarget } from './targets.ts';

// Membership off: then memberLoyaltyWeight acts on nobody, so no target can pin it.
const small = (): SimConfig => {
  const c = defaultScenario();
  return { ...c, shoppers: 4000, days: 150, levers: { ...c.levers, membership: { ...c.levers.membership, enabled: 0 } } };
};
const priors: Prior[] = [
  { path: 'behaviour.baseSatisfaction', lo: 0.3, hi: 1.6, source: 'test' },
  { path: 'behaviour.returnPropensityFree', lo: 0.3, hi: 0.95, source: 'test' },
  { path: 'behaviour.memberLoyaltyWeight', lo: 0, hi: 1, source: 'test: inert with membership off' },
];
const truth = { 'behaviour.baseSatisfaction': 1.0, 'behaviour.returnPropensityFree': 0.6, 'behaviour.memberLoyaltyWeight': 0.5 };
const seeds = [1, 2, 3, 4, 5, 6];
const settings: AbcSettings = { ...DEFAULT_ABC, populationSize: 40, keepShare: 0.5, minAcceptance: 0.1, maxGenerations: 8, seed: 7 };

function problem() {
  const truthCase: CalibrationCase = { name: 'truth', config: withParameters(small(), truth), calibration: { year: 'T' } };
  const measured = evaluateTargets([truthCase], [levelTarget('T', 'csat', 0, 1), levelTarget('T', 'return_rate', 0, 1)], { seeds });
  // Tolerances about the size of the report's (0.1 stars, 0.02 of returns).
  const targets = [levelTarget('T', 'csat', measured[0]!.simulated!.mean, 0.08), levelTarget('T', 'return_rate', measured[1]!.simulated!.mean, 0.015)];
  const fitCase: CalibrationCase = { name: 'fit', config: small(), calibration: { year: 'T' } };
  // The reference seed noise, as calibrate --ensemble measures it: the scenario's own behaviour on the seeds after the fit's.
  const noise = async () => seedNoiseOf(evaluateTargets([fitCase], targets, { seeds: referenceSeeds(seeds) }));
  return { plans: planTargets([fitCase], targets), noise };
}

describe('ensemble calibration (ABC-SMC)', () => {
  it('runs each particle on seeds of its own: one behaviour reads differently as two particles, the same as one particle twice', async () => {
    // On shared seeds every particle carries the same seed luck and the fit leans against it (docs/calibration.md, "Seeds of their own").
    const { plans } = problem();
    const evaluate = inThreadEvaluator(plans, particleSeeds([1, 2]));
    const read = async (generation: number, index: number) => {
      let mean = Number.NaN;
      await evaluate([{ generation, index, values: truth }], (_, __, results) => (mean = results![0]!.simulated!.mean));
      return mean;
    };
    const first = await read(3, 0);
    expect(await read(3, 0)).toBe(first);
    expect(await read(3, 1)).not.toBe(first);
    expect(await read(4, 0)).not.toBe(first);
    const own = particleSeeds([1, 2]);
    expect(own(3, 0)).toHaveLength(2);
    expect(new Set([...own(3, 0), ...own(3, 1), ...own(4, 0), 1, 2]).size).toBe(8);
  });


  it('brackets a known behaviour vector and leaves an untouched parameter at its prior width', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ensemble-'));
    openRunFolder(out, 'recovery', false, {});
    const { plans, noise } = problem();
    const result = await runEnsemble({ out, priors, settings, discrepancy: 0.25, evaluate: inThreadEvaluator(plans, particleSeeds(seeds)), noise, identity: 'recovery' });
    expect(result.status).toBe('done');
    if (result.status !== 'done') return;
    expect(result.population.epsilon).toBeLessThanOrEqual(1);
    // The weights are worth enough members to read intervals from, in every generation.
    for (const p of result.history) expect(reliableEss(p), `generation ${p.generation}: effective size ${p.ess} of ${p.particles.length}`).toBe(true);
    const m = marginals(result.population, priors);
    for (const k of [0, 1]) {
      const row = m[k]!;
      expect(row.q05, row.path).toBeLessThanOrEqual(truth[row.path as keyof typeof truth]);
      expect(row.q95, row.path).toBeGreaterThanOrEqual(truth[row.path as keyof typeof truth]);
      expect(row.pinned, `${row.path} width ${row.widthRatio}`).toBe(true);
    }
    // The inert parameter: screened out (no target moves it), reported not pinned, its members spread over most of the prior.
    expect(m[2]!.moved).toBe(false);
    expect(m[2]!.verdict).toBe('not pinned');
    expect(m[2]!.widthRatio).toBeGreaterThan(0.6);
    // Every evaluated particle was stored as it ended.
    const stored = readFileSync(join(out, 'evaluations', 'gen-0.jsonl'), 'utf8').trim().split('\n');
    expect(stored).toHaveLength(settings.populationSize);
  }, 120_000);

  it('never moves a parameter marked moved: false, even without the screen, and does not call it pinned', async () => {
    // Without the screen the kernel moves every parameter; in many dimensions one no target reads would narrow by the
    // particles' descent alone. Marked unread, it is drawn from its prior in every proposal.
    const out = mkdtempSync(join(tmpdir(), 'ensemble-'));
    openRunFolder(out, 'unread', false, {});
    const { plans, noise } = problem();
    const marked = priors.map((p, k) => (k === 2 ? { ...p, neverMoved: true } : p));
    const result = await runEnsemble({ out, priors: marked, settings: { ...settings, screen: false }, discrepancy: 0.25, evaluate: inThreadEvaluator(plans, particleSeeds(seeds)), noise, identity: 'unread' });
    expect(result.status).toBe('done');
    if (result.status !== 'done') return;
    for (const p of result.history) expect(p.active, `generation ${p.generation}`).toEqual([0, 1]);
    const m = marginals(result.population, marked);
    expect(m[2]!.unread).toBe(true);
    expect(m[2]!.verdict).toBe('not pinned');
    expect(m[2]!.widthRatio).toBeGreaterThan(0.6);
  }, 120_000);

  it('without the screen, moves inert controls beside the parameters, never hands them to a scenario, and writes no member with them', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ensemble-'));
    openRunFolder(out, 'controls', false, {});
    const { plans, noise } = problem();
    const withInert = withControls(priors);
    const seen = new Set<string>();
    const evaluate = inThreadEvaluator(plans, particleSeeds(seeds));
    const watching: typeof evaluate = (particles, onDone) => {
      for (const p of particles) for (const path of Object.keys(p.values)) seen.add(path);
      return evaluate(particles, onDone);
    };
    const result = await runEnsemble({ out, priors: withInert, settings: { ...settings, screen: false, maxGenerations: 3 }, discrepancy: 0.25, evaluate: watching, noise, identity: 'controls' });
    expect(result.status).toBe('done');
    if (result.status !== 'done') return;
    expect(result.population.active).toHaveLength(priors.length + CONTROL_COUNT);
    expect([...seen].sort()).toEqual(priors.map((p) => p.path).sort());
    writeEnsemble(out, result.population, result.history, result.evaluations, withInert, ['test'], 1);
    const ensemble = loadEnsemble(join(out, 'ensemble.yaml'));
    expect(ensemble.parameters).toEqual(priors.map((p) => p.path));
    for (const m of ensemble.members) expect(Object.keys(m.values)).toEqual(priors.map((p) => p.path));
    const table = readFileSync(join(out, 'marginals.md'), 'utf8');
    expect(table).toContain(`${CONTROL_COUNT} inert controls`);
    expect(table.split('\n').filter((l) => l.startsWith('| control.inert') && l.includes('| inert control |'))).toHaveLength(CONTROL_COUNT);
  }, 120_000);
});
