// The ABC-SMC arithmetic on a problem with a known answer and no simulation:
// 30 parameters, of which the distance reads two. The importance weights
// must stay worth many members (on 4249cb2 they collapsed to one in such
// problems, so every marginal read "pinned"), the two read parameters must be
// pinned around their truth and the 28 others left at their prior width.
// A population worth few members is never read as pinned.
import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { advance, DEFAULT_ABC, propose, type AbcSettings, type Population } from './abc.ts';
import { marginals, reliableEss, screen } from './ensemble-diagnostics.ts';
import type { Evaluation } from './ensemble-run.ts';
import type { Prior } from './priors.ts';

const D = 30;
const priors: Prior[] = Array.from({ length: D }, (_, k) => ({ path: `behaviour.p${k}`, lo: 0, hi: 2, source: 'test' }));
const truth = [1.3, 0.6];

/** Implausibility-like distance with seed noise: only parameters 0 and 1 matter. */
function distance(values: number[], noise: () => number): number {
  return Math.max(Math.abs(values[0]! - truth[0]! + 0.02 * (noise() - 0.5)) / 0.1, Math.abs(values[1]! - truth[1]! + 0.02 * (noise() - 0.5)) / 0.1);
}

function fit(settings: AbcSettings): Population[] {
  const history: Population[] = [];
  let population: Population | null = null;
  for (let g = 0; g < settings.maxGenerations; g++) {
    const proposals = propose(settings, priors, g, population);
    const noise = seedrandom(`noise:${g}`);
    const distances = proposals.map((v) => distance(v, noise));
    // Generation 0's screen: a target per parameter pair read, as the run folder stores them.
    const first: Evaluation[] = proposals.map((values, index) => ({ generation: g, index, values, distance: distances[index]!, targets: { a: { mean: values[0]!, implausibility: 0 }, b: { mean: values[1]!, implausibility: 0 } } }));
    const active = g === 0 && settings.screen ? screenOf(first) : undefined;
    population = advance(settings, priors, g, population, proposals, distances, active);
    history.push(population);
    if (population.done) break;
  }
  return history;
}

const screenOf = (first: Evaluation[]) => screen(first, priors);

describe('ABC-SMC weights in many dimensions', () => {
  it('keeps the effective sample size healthy and pins only what the distance reads', () => {
    const history = fit({ ...DEFAULT_ABC, populationSize: 200, maxGenerations: 10 });
    for (const p of history) expect(reliableEss(p), `generation ${p.generation}: effective size ${p.ess.toFixed(1)} of ${p.particles.length}`).toBe(true);
    const last = history[history.length - 1]!;
    expect(last.active).toEqual([0, 1]);
    expect(last.epsilon).toBeLessThan(history[0]!.epsilon);
    const m = marginals(last, priors);
    for (const k of [0, 1]) {
      expect(m[k]!.verdict, m[k]!.path).toBe('pinned');
      expect(m[k]!.q05).toBeLessThanOrEqual(truth[k]!);
      expect(m[k]!.q95).toBeGreaterThanOrEqual(truth[k]!);
    }
    for (const r of m.slice(2)) expect(r.verdict, `${r.path} width ${r.widthRatio.toFixed(2)}`).toBe('not pinned');
  });

  it('without the screen (30 moved dimensions) the truncated weights stay worth many members, and no inert parameter is called pinned', () => {
    const history = fit({ ...DEFAULT_ABC, populationSize: 100, maxGenerations: 3, screen: false });
    const last = history[history.length - 1]!;
    expect(last.active).toHaveLength(D);
    for (const p of history) expect(reliableEss(p), `generation ${p.generation}: effective size ${p.ess.toFixed(1)} of ${p.particles.length}`).toBe(true);
    const m = marginals(last, priors);
    for (const r of m.slice(2)) expect(r.verdict, `${r.path} width ${r.widthRatio.toFixed(2)}`).not.toBe('pinned');
  });

  it('moves a parameter the priors file marks moved, even when no target correlates with it in the prior draws', () => {
    const marked = priors.map((p, k) => (k === 7 ? { ...p, alwaysMoved: true } : p));
    const proposals = propose(DEFAULT_ABC, marked, 0, null);
    const noise = seedrandom('noise:0');
    const first: Evaluation[] = proposals.map((values, index) => ({ generation: 0, index, values, distance: distance(values, noise), targets: { a: { mean: values[0]!, implausibility: 0 } } }));
    expect(screen(first, priors)).toEqual([0, 1]);
    expect(screen(first, marked)).toEqual([0, 1, 7]);
  });

  it('never calls a parameter pinned when the weights rest on a few members', () => {
    const population: Population = {
      generation: 3, epsilon: 1, acceptance: 0.5, essFloor: 10, active: [0], done: true,
      particles: Array.from({ length: 50 }, (_, i) => ({ values: [1 + i * 1e-3, 0.1 + 0.036 * i], distance: 1, weight: i === 0 ? 0.99 : 0.01 / 49, logWeight: 0, generation: 3, index: i })),
      ess: 1.02,
    };
    const m = marginals(population, priors.slice(0, 2));
    expect(m.map((r) => r.verdict)).toEqual(['unknown: too few effective members', 'unknown: too few effective members']);
    expect(m.every((r) => !r.pinned)).toBe(true);
  });
});
