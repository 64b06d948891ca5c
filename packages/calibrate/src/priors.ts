// The ensemble calibration's own file (targets/ensemble-v2.yaml): which
// targets file it fits, how targets are measured (steady state), the stated
// model discrepancy, the targets the model cannot yet express (and why), and
// every fitted parameter with its prior range and where the range comes from.
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import type { ParameterSpec } from './cases.ts';
import { parseYamlFile, readTextFile, TargetsError } from './targets.ts';

const priorSchema = z
  .object({
    range: z.tuple([z.number(), z.number()]),
    /** Where the range comes from: a cited study, the report, or "judgement". */
    source: z.string().min(1),
    /**
     * true: always perturbed by the kernel, whatever generation 0's screen finds (a target is known to pin it).
     * false: never perturbed, drawn from its prior in every proposal, with or without the screen: no fitted
     * scenario reads it (every target is bit-identical whatever its value), so a kernel moving it would
     * narrow it by the particles' descent alone and call it pinned.
     */
    moved: z.boolean().optional(),
  })
  .strict();

export const ensembleSpecSchema = z
  .object({
    targets: z.string().min(1),
    steady_state: z.object({ warmup_days: z.number().int().min(0), judge_drift: z.boolean().default(false) }).strict().optional(),
    discrepancy: z.number().min(0).default(0.25),
    not_expressed: z.record(z.string(), z.string()).default({}),
    not_fitted: z.record(z.string(), z.string()).default({}),
    parameters: z.record(z.string(), priorSchema),
  })
  .strict();

export interface Prior extends ParameterSpec {
  source: string;
  /** The kernel moves it even when the prior draws show no target moving it on its own. */
  alwaysMoved?: boolean;
  /** The kernel never moves it: no fitted scenario reads it (moved: false). */
  neverMoved?: boolean;
  /** An inert control (withControls): moved by the kernel, read by no scenario, never written into an ensemble. */
  control?: boolean;
}

/** Inert controls a fit without the screen moves beside the real parameters (withControls). */
export const CONTROL_COUNT = 8;

/**
 * The priors with CONTROL_COUNT inert controls appended: parameters on [0, 1]
 * that the kernel moves and no scenario reads (the dummy parameter of global
 * sensitivity analysis: Khorashadi Zadeh, Nossent, Sarrazin, Pianosi & van
 * Griensven 2017, "Comparison of variance-based and moment-independent global
 * sensitivity analysis approaches by application to the SWAT model",
 * Environmental Modelling & Software 91). With every parameter moved, the
 * particles narrow in directions no target reads by their descent from few
 * ancestors and the capped weights; how far the controls narrow is how far
 * descent alone goes, the bar a parameter must pass to be read as pinned
 * (ensemble-diagnostics marginals). Appended last, so generation 0 draws every
 * real parameter as a fit without them does.
 */
export function withControls(priors: Prior[]): Prior[] {
  const controls = Array.from({ length: CONTROL_COUNT }, (_, k): Prior => ({
    path: `control.inert${k + 1}`,
    lo: 0,
    hi: 1,
    source: 'inert control: moved by the kernel, read by no scenario (Khorashadi Zadeh et al. 2017)',
    control: true,
  }));
  return [...priors, ...controls];
}

/** The priors a scenario reads: all but the inert controls. */
export const realPriors = (priors: Prior[]): Prior[] => priors.filter((p) => !p.control);

/** A particle's values (in the priors' order) as the behaviour a scenario reads, by path: the inert controls left out. */
export function behaviourOf(priors: Prior[], values: number[]): Record<string, number> {
  return Object.fromEntries(priors.flatMap((p, k) => (p.control ? [] : [[p.path, values[k]!]])));
}

export interface EnsembleSpec {
  /** The spec file itself. */
  file: string;
  /** The targets file, resolved against the spec's folder. */
  targets: string;
  /** Days of warm-up before the measured window; undefined keeps each scenario's own. */
  warmupDays?: number;
  /** The fit measures two windows after the warm-up and counts each target's drift between them in the distance. */
  judgeDrift: boolean;
  /** Model discrepancy as a share of each target's scale (added in quadrature to seed noise). */
  discrepancy: number;
  /** Target or lever-effect id -> why the model cannot express it yet. */
  notExpressed: Record<string, string>;
  /** Target or lever-effect id -> why the fit leaves it out though check judges it (a mechanism known to be too weak for it). */
  notFitted: Record<string, string>;
  priors: Prior[];
}

export function parseEnsembleSpec(text: string, file: string): EnsembleSpec {
  const d = parseYamlFile(ensembleSpecSchema, text, file, 'see targets/ensemble-v2.yaml for the shape');
  const priors = Object.entries(d.parameters).map(([path, p]): Prior => {
    if (!(p.range[0] < p.range[1])) throw new TargetsError(file, `parameters.${path}.range must be [low, high] with low < high`);
    return { path, lo: p.range[0], hi: p.range[1], source: p.source, ...(p.moved === true ? { alwaysMoved: true } : {}), ...(p.moved === false ? { neverMoved: true } : {}) };
  });
  if (priors.length === 0) throw new TargetsError(file, 'lists no parameters', 'give parameters: { behaviour.<name>: { range: [lo, hi], source: ... } }');
  return {
    file,
    targets: resolve(dirname(file), d.targets),
    ...(d.steady_state ? { warmupDays: d.steady_state.warmup_days } : {}),
    judgeDrift: d.steady_state?.judge_drift ?? false,
    discrepancy: d.discrepancy,
    notExpressed: d.not_expressed,
    notFitted: d.not_fitted,
    priors,
  };
}

export function loadEnsembleSpec(file: string): EnsembleSpec {
  return parseEnsembleSpec(readTextFile(file, 'check the path given to --priors', 'the ensemble file'), file);
}
