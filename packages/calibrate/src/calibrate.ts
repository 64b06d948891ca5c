// Fits named parameters so the simulated KPIs match the targets: a coarse
// latin-hypercube start, then Nelder-Mead with restarts, in the unit cube of
// the parameters' bounds. Every loss averages the same seeds (common random
// numbers), so the loss surface is smooth enough for a simplex search.
import { getParameter, withParameters, type CalibrationCase, type ParameterSpec } from './cases.ts';
import { evaluateTargets, lossOf, type TargetResult } from './evaluate.ts';
import { latinHypercube } from './latin-hypercube.ts';
import { nelderMead } from './nelder-mead.ts';
import type { Target } from './targets.ts';

export interface CalibrateOptions {
  cases: CalibrationCase[];
  targets: Target[];
  parameters: ParameterSpec[];
  /** Seeds every loss evaluation averages over. */
  seeds: number[];
  /** Latin-hypercube points tried before the simplex search (0: start from the scenario's values). */
  startPoints?: number;
  /** Simplex searches after the first, each from the best point so far. */
  restarts?: number;
  /** Budget of loss evaluations, the start points included. */
  maxEvaluations?: number;
  /** Seed of the latin hypercube. */
  designSeed?: number;
  /** Called after each loss evaluation. */
  onEvaluation?: (step: HistoryEntry, best: HistoryEntry) => void;
}

export interface HistoryEntry {
  evaluation: number;
  phase: 'start' | 'simplex';
  loss: number;
  parameters: Record<string, number>;
}

export interface CalibrateResult {
  parameters: Record<string, number>;
  loss: number;
  history: HistoryEntry[];
  /** The targets measured at the fitted parameters (same seeds). */
  fit: TargetResult[];
}

export function calibrate(options: CalibrateOptions): CalibrateResult {
  const { cases, targets, parameters, seeds } = options;
  const budget = options.maxEvaluations ?? 150;
  const restarts = options.restarts ?? 2;
  const toValues = (x: number[]): Record<string, number> =>
    Object.fromEntries(parameters.map((p, k) => [p.path, p.lo + clamp01(x[k]!) * (p.hi - p.lo)]));
  const history: HistoryEntry[] = [];
  let best: HistoryEntry | undefined;

  const lossAt = (x: number[], phase: HistoryEntry['phase']): number => {
    const values = toValues(x);
    const fitted = cases.map((c) => ({ ...c, config: withParameters(c.config, values) }));
    // Outside the bounds, the nearest bound's loss plus a slope back inside.
    const outside = x.reduce((s, xi) => s + Math.max(0, -xi, xi - 1) ** 2, 0);
    const loss = lossOf(evaluateTargets(fitted, targets, { seeds })) + 100 * outside;
    const entry: HistoryEntry = { evaluation: history.length + 1, phase, loss, parameters: values };
    history.push(entry);
    if (!best || loss < best.loss) best = entry;
    options.onEvaluation?.(entry, best);
    return loss;
  };

  // Start: the scenario's own values, and a latin hypercube over the bounds.
  const first = cases[0]!.config;
  const x0 = parameters.map((p) => clamp01((getParameter(first, p.path) - p.lo) / (p.hi - p.lo)));
  const starts = [x0, ...latinHypercube(options.startPoints ?? 0, parameters.length, options.designSeed ?? 1)];
  let xBest = x0;
  let fBest = Infinity;
  for (const x of starts) {
    if (history.length >= budget) break;
    const f = lossAt(x, 'start');
    if (f < fBest) [xBest, fBest] = [x, f];
  }

  let step = 0.15;
  for (let round = 0; round <= restarts && history.length < budget; round++) {
    const r = nelderMead((x) => lossAt(x, 'simplex'), xBest, {
      step,
      // Same seeds, same loss: the best point's loss is known, so it is not run again.
      ...(Number.isFinite(fBest) ? { f0: fBest } : {}),
      maxEvaluations: budget - history.length,
      xTolerance: 0.002,
      fTolerance: 1e-4,
    });
    if (r.f <= fBest) [xBest, fBest] = [r.x, r.f];
    step /= 2;
  }

  const parametersOut = toValues(xBest);
  const fit = evaluateTargets(
    cases.map((c) => ({ ...c, config: withParameters(c.config, parametersOut) })),
    targets,
    { seeds },
  );
  return { parameters: parametersOut, loss: lossOf(fit), history, fit };
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}
