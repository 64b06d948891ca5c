// Writes a finished ensemble calibration: the ensemble file scenarios use
// (--behaviours) and its diagnostics.
import { writeFileSafely, writeJson } from '@shopsim/runner';
import { join } from 'node:path';
import type { Population } from './abc.ts';
import { historyCsv, marginals, marginalsTable, pairsSvg, particlesCsv, pins, pinsTable, MOVES_AT, type Marginal } from './ensemble-diagnostics.ts';
import { ensembleYaml } from './ensemble-file.ts';
import type { Evaluation } from './ensemble-run.ts';
import { behaviourOf, realPriors, type Prior } from './priors.ts';

export const ENSEMBLE_FILES = ['ensemble.yaml', 'history.csv', 'particles.csv', 'marginals.md', 'pins.md', 'pairs.svg', 'ensemble-report.json'];

export interface EnsembleSummary {
  members: number;
  epsilon: number;
  /** Effective sample size of the members' weights. */
  ess: number;
  consistent: boolean;
  generations: number;
  evaluated: number;
  stop: string;
  marginals: Marginal[];
}

export function writeEnsemble(out: string, population: Population, history: Population[], evaluations: Evaluation[][], priors: Prior[], header: string[], targetDistance: number): EnsembleSummary {
  // Inert controls measure the fit; they are no behaviour, so no member carries them.
  const members = population.particles.map((p) => ({
    weight: Number(p.weight.toPrecision(6)),
    distance: Number(p.distance.toPrecision(4)),
    values: Object.fromEntries(Object.entries(behaviourOf(priors, p.values)).map(([path, v]) => [path, Number(v.toPrecision(6))])),
  }));
  const consistent = population.epsilon <= targetDistance;
  writeFileSafely(
    join(out, 'ensemble.yaml'),
    ensembleYaml({ parameters: realPriors(priors).map((p) => p.path), members }, [
      ...header,
      `${members.length} members (effective sample size ${population.ess.toFixed(1)}), largest distance ${population.epsilon.toFixed(3)} (${consistent ? 'every member meets every target within noise and discrepancy' : 'NOT every target is met: the tolerance did not reach 1'})`,
      'Use: shopsim run|compare|sweep|check ... --behaviours <this file>',
    ]),
  );
  writeFileSafely(join(out, 'history.csv'), historyCsv(history, evaluations));
  writeFileSafely(join(out, 'particles.csv'), particlesCsv(evaluations, priors));
  const m = marginals(population, priors);
  writeFileSafely(join(out, 'marginals.md'), marginalsTable(m, population) + '\n');
  const p = pins(evaluations[0] ?? [], priors);
  writeFileSafely(join(out, 'pins.md'), `Spearman correlation of each target's simulated mean with each parameter over the prior draws (generation 0); bold: |rho| >= ${MOVES_AT}, the target moves the parameter.\n\n${pinsTable(p)}\n`);
  writeFileSafely(join(out, 'pairs.svg'), pairsSvg(population, priors));
  const summary: EnsembleSummary = {
    members: members.length,
    epsilon: population.epsilon,
    ess: population.ess,
    consistent,
    generations: history.length,
    evaluated: evaluations.reduce((s, g) => s + g.length, 0),
    stop: population.stop ?? '',
    marginals: m,
  };
  writeJson(join(out, 'ensemble-report.json'), { ...summary, pins: p, history: history.map((h) => ({ generation: h.generation, epsilon: h.epsilon, acceptance: h.acceptance, kept: h.particles.length, ess: h.ess, moved: h.active.length })) });
  return summary;
}
