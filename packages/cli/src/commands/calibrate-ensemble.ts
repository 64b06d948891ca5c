// shopsim calibrate --ensemble: ABC-SMC over the prior ranges of an ensemble
// file (targets/ensemble-v2.yaml), on the worker pool, resumable and
// shardable; writes ensemble.yaml (for --behaviours) and its diagnostics.
import { RUN_LIMITS } from '@shopsim/core';
import { readFileSync } from 'node:fs';
import {
  DEFAULT_ABC, evaluateVectors, evaluatorFor, particleSeeds, loadEnsembleSpec, notMovedReason, openRunFolder, parameterProblem, planTargets, runEnsemble,
  RunFolderError, withControls, CONTROL_COUNT, writeEnsemble, ENSEMBLE_FILES, KERNELS, NOISE_SEEDS, referenceSeeds, seedNoiseOf, type AbcSettings, type KernelKind, type EnsembleSpec, type Population, type SeedNoise, type TargetPlan, type CalibrationCase,
} from '@shopsim/calibrate';
import { defaultWorkers, openSharedOutDir, parseShard, sha256, shardFolderName, type Shard } from '@shopsim/runner';
import { join } from 'node:path';
import { UserError } from '../user-error.ts';
import { asUserError, boundsProblem, caseTexts, loadCases, pooledCase, readTargets, seedList, type CalibrationRunArgs } from './check.ts';
import { wholeNumber } from './run.ts';

export interface EnsembleArgs extends CalibrationRunArgs {
  priors?: string | undefined;
  population?: number | undefined;
  keep?: number | undefined;
  minAcceptance?: number | undefined;
  maxGenerations?: number | undefined;
  abcSeed?: number | undefined;
  screen?: boolean | undefined;
  kernel?: string | undefined;
  discrepancy?: number | undefined;
  workers?: number | undefined;
  shard?: string | undefined;
  resume?: boolean | undefined;
  out: string;
  json?: boolean | undefined;
}

export function readSpec(file: string | undefined): EnsembleSpec {
  if (file === undefined) throw new UserError('--ensemble needs --priors FILE: the prior range of every fitted parameter', 'e.g. --priors targets/ensemble-v2.yaml');
  return asUserError(() => loadEnsembleSpec(file));
}

/**
 * What every scenario of a calibration or check is run with: the size flags,
 * and the spec's steady-state warm-up before the measured window (one
 * repurchase window, or two when steady is asked, so the halves are windows).
 */
export function measurementOverrides(args: CalibrationRunArgs, spec: EnsembleSpec | undefined, steady: boolean): Record<string, number> {
  const out: Record<string, number> = {};
  if (args.shoppers !== undefined) out.shoppers = wholeNumber('--shoppers', args.shoppers, RUN_LIMITS.shoppers.min, RUN_LIMITS.shoppers.max);
  const measured = args.days !== undefined ? wholeNumber('--days', args.days, RUN_LIMITS.days.min, RUN_LIMITS.days.max) : 365;
  if (spec?.warmupDays !== undefined) {
    out.warmupDays = spec.warmupDays;
    out.days = spec.warmupDays + (steady ? 2 : 1) * measured;
  } else if (args.days !== undefined) {
    out.days = measured;
  }
  return out;
}

function settingsFrom(args: EnsembleArgs): AbcSettings {
  const keep = args.keep ?? DEFAULT_ABC.keepShare;
  if (!(keep > 0 && keep < 1)) throw new UserError(`--keep ${keep}: give a share between 0 and 1`, 'e.g. --keep 0.5');
  const minAcceptance = args.minAcceptance ?? DEFAULT_ABC.minAcceptance;
  if (!(minAcceptance >= 0 && minAcceptance < 1)) throw new UserError(`--min-acceptance ${minAcceptance}: give a share from 0 to below 1`, 'e.g. --min-acceptance 0.05');
  return {
    populationSize: wholeNumber('--population', args.population ?? DEFAULT_ABC.populationSize, 4, 100_000),
    keepShare: keep,
    minAcceptance,
    targetDistance: 1,
    maxGenerations: wholeNumber('--max-generations', args.maxGenerations ?? DEFAULT_ABC.maxGenerations, 1, 1000),
    seed: wholeNumber('--abc-seed', args.abcSeed ?? 1, 0, 2 ** 31 - 1),
    minEssShare: DEFAULT_ABC.minEssShare,
    screen: args.screen ?? DEFAULT_ABC.screen,
    kernel: kernelOf(args.kernel),
  };
}

function kernelOf(name: string | undefined): KernelKind {
  if (name === undefined) return DEFAULT_ABC.kernel;
  const kernel = KERNELS.find((k) => k === name);
  if (!kernel) throw new UserError(`--kernel ${name}: no such proposal kernel`, `give one of ${KERNELS.join(', ')}`);
  return kernel;
}

export async function calibrateEnsemble(args: EnsembleArgs): Promise<void> {
  const spec = readSpec(args.priors);
  const targetsFile = args.targets ?? spec.targets;
  const targets = readTargets(targetsFile);
  const seeds = seedList(args, 4);
  const settings = settingsFrom(args);
  const discrepancy = args.discrepancy ?? spec.discrepancy;
  if (!(discrepancy >= 0)) throw new UserError(`--discrepancy ${discrepancy}: give a share of each target's scale, 0 or more`, 'e.g. --discrepancy 0.25');
  const shard = args.shard === undefined ? undefined : parseShard(String(args.shard));
  const overrides = measurementOverrides(args, spec, spec.judgeDrift);
  const cases = loadCases(args, overrides);
  for (const p of spec.priors) {
    const problem = parameterProblem(cases[0]!.config, p.path) ?? boundsProblem(p.path, p.lo, p.hi);
    if (problem) throw new UserError(`${spec.file}: parameters.${p.path}: ${problem}`, 'fix the parameter path in the ensemble file');
  }
  const plans = planTargets(cases, targets, { ...spec.notExpressed, ...notFittedReasons(spec) });
  if (!plans.some((p) => p.level || p.base)) throw new UserError('no target has its scenarios', 'give the scenarios with calibration: blocks that the targets need');
  const workers = args.workers === undefined ? undefined : wholeNumber('--workers', args.workers, 0, 1024);
  // Where the fit stops (generations, acceptance) is not what it fits: a --resume may stop it earlier or carry it further.
  // The kernel is checked on its own (openRunFolder), so a folder started before kernels were a setting keeps its identity.
  const { maxGenerations: _stop, minAcceptance: _floor, kernel: _kernel, ...fitted } = settings;
  const identity = sha256(JSON.stringify({
    targets: readFileSync(targetsFile, 'utf8'),
    spec: readFileSync(spec.file, 'utf8'),
    scenarios: cases.map(caseTexts),
    seeds, overrides, settings: fitted, discrepancy,
    // Each particle draws its own seeds from these (particleSeeds): a folder whose particles all ran on them is another fit.
    seeding: 'per-particle',
    // A fit without the screen moves inert controls too (fitEnsemble): a folder started without them draws other particles.
    ...(settings.screen ? {} : { controls: CONTROL_COUNT }),
  }));
  // Shards share the folder: each locks only its own part.
  const release = openSharedOutDir(args.out, shard ? shardFolderName(shard) : 'ensemble');
  try {
    try {
      openRunFolder(args.out, identity, args.resume ?? false, { targets: targetsFile, priors: spec.file, scenarios: cases.map((c) => c.file), seeds, seeding: 'per-particle', overrides, settings, discrepancy });
    } catch (err) {
      if (err instanceof RunFolderError) throw new UserError(err.message, err.hint);
      throw err;
    }
    await fitEnsemble(args, { spec, targetsFile, seeds, settings, discrepancy, shard, overrides, plans, workers, identity });
  } finally {
    release();
  }
}

interface EnsembleRun {
  spec: EnsembleSpec;
  targetsFile: string;
  seeds: number[];
  settings: AbcSettings;
  discrepancy: number;
  shard: Shard | undefined;
  overrides: Record<string, number>;
  plans: TargetPlan[];
  workers: number | undefined;
  identity: string;
}

async function fitEnsemble(args: EnsembleArgs, run: EnsembleRun): Promise<void> {
  const { spec, targetsFile, seeds, settings, discrepancy, shard, overrides, plans, workers, identity } = run;
  // Without the screen every parameter moves, and inert controls beside them show how far descent alone narrows one.
  const priors = settings.screen ? spec.priors : withControls(spec.priors);
  // A behaviour vector the model refuses (its numbers overflow) is an unmeasurable particle, never kept, not the end of the fit.
  // Stages (stagesOf): the year levels first (two scenarios of 22, the targets that bind most), then each lever pair.
  // Judging drift: each run measures two windows after the warm-up, and each target's drift between them is in the distance.
  const options = { unmeasurable: true, halves: spec.judgeDrift };
  // Each particle on its own seeds (particleSeeds), as many as asked: no particle shares another's seed luck.
  const evaluate = stagesOf(plans).map((group) =>
    evaluatorFor(group, particleSeeds(seeds), pooledCase, workers ?? defaultWorkers(), options),
  );
  const quiet = args.quiet;
  let particles = 0;
  const noise = async (): Promise<SeedNoise> => {
    if (!quiet) process.stderr.write(`ensemble: measuring each target's seed noise at the scenarios' own behaviour (${NOISE_SEEDS} seeds)\n`);
    const [results] = await evaluateVectors(plans, referenceSeeds(seeds), pooledCase, workers ?? defaultWorkers(), [{}], options);
    return seedNoiseOf(results ?? []);
  };
  const result = await runEnsemble({
    out: args.out,
    priors,
    settings,
    discrepancy,
    evaluate,
    noise,
    identity,
    ...(shard ? { shard } : {}),
    onParticle: (e) => {
      particles++;
      if (!quiet && particles % 10 === 0) process.stderr.write(`ensemble: generation ${e.generation}, ${particles} particles evaluated here\n`);
    },
    onGeneration: (p: Population) => {
      if (!quiet) process.stderr.write(`ensemble: generation ${p.generation} done: tolerance ${p.epsilon.toFixed(3)}, acceptance ${(p.acceptance * 100).toFixed(0)}%, ${p.particles.length} kept, effective size ${p.ess.toFixed(1)}, ${p.active.length} of ${priors.length} parameters moved${p.done ? ` (stop: ${p.stop})` : ''}\n`);
    },
  });
  if (result.status === 'waiting') {
    const line = `ensemble: generation ${result.generation} waits for ${result.missing} particles of other shards; run the shards again with --resume to continue`;
    if (args.json) process.stdout.write(JSON.stringify({ status: 'waiting', generation: result.generation, missing: result.missing }) + '\n');
    else process.stdout.write(line + '\n');
    return;
  }
  if (result.population.stop === 'unmeasurable') {
    throw new UserError(
      `ensemble: no particle of generation ${result.population.generation} could be measured: each left some target without a value (the files in ${join(args.out, 'evaluations')} say which)`,
      'raise --shoppers (a KPI needs enough orders, returns or tickets to exist), then start a new --out folder',
    );
  }
  const summary = writeEnsemble(args.out, result.population, result.history, result.evaluations, priors, [
    `Behaviour ensemble fitted by shopsim calibrate --ensemble (ABC-SMC, ${settings.kernel} proposal kernel, docs/calibration.md)`,
    `targets: ${targetsFile}; priors: ${spec.file}; ${seeds.length} seeds per particle, its own, drawn from ${seeds.join(',')}; ${JSON.stringify(overrides)}; discrepancy ${discrepancy}`,
  ], settings.targetDistance);
  if (args.json) {
    process.stdout.write(JSON.stringify({ status: 'done', ...summary }, null, 2) + '\n');
    return;
  }
  const lines = [
    `ensemble: ${summary.members} members (effective sample size ${summary.ess.toFixed(1)}) after ${summary.generations} generations (${summary.evaluated} particles), largest distance ${summary.epsilon.toFixed(3)}: ` +
      (summary.consistent ? 'every member meets every target' : 'NOT consistent with every target (the tolerance stopped above 1)'),
    '',
    ...summary.marginals.map((m) => `  ${m.path.padEnd(44)} ${fmt(m.q05)} .. ${fmt(m.q95)}  (prior ${fmt(m.lo)} .. ${fmt(m.hi)})  ${m.verdict === 'not pinned' ? 'prior width: not pinned' : m.verdict}${notMovedReason(m) ? ` (${notMovedReason(m)})` : ''}`),
    '',
    `wrote ${ENSEMBLE_FILES.map((f) => join(args.out, f)).join(', ')}`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

const fmt = (v: number) => String(Number(v.toPrecision(3)));

/**
 * The stages of a particle's evaluation: the targets measured on year
 * scenarios, then each lever effect's targets on their own (the pair of
 * scenarios they share), in the targets file's order, then any target with no
 * scenario; no empty stage. A particle already beyond the previous tolerance
 * after a stage skips the rest (ensemble-run), so the more stages, the fewer
 * scenarios a rejected particle runs; every scenario is in one stage only.
 */
export function stagesOf(plans: TargetPlan[]): TargetPlan[][] {
  // A target the fit cannot or does not measure (not_expressed, not_fitted) runs nothing: it belongs to no stage.
  const measured = plans.filter((p) => p.problem === undefined);
  const years = measured.filter((p) => p.level);
  const effects = new Map<CalibrationCase, TargetPlan[]>();
  for (const p of measured) if (p.base) effects.set(p.base, [...(effects.get(p.base) ?? []), p]);
  const unmeasured = measured.filter((p) => !p.level && !p.base);
  return [years, ...effects.values(), unmeasured].filter((g) => g.length > 0);
}

/** The targets the fit leaves out, each with why, as planTargets takes them (check still judges them). */
function notFittedReasons(spec: EnsembleSpec): Record<string, string> {
  return Object.fromEntries(Object.entries(spec.notFitted).map(([id, why]) => [id, `not fitted: ${why}`]));
}
