// shopsim calibrate <scenario...> --targets FILE --param behaviour.NAME=LO:HI ...
// Fits behavioural parameters so the scenarios' KPIs match the targets, and
// writes them as a YAML fragment that scenarios can `extends`.
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv, ArgumentsCamelCase, CommandModule } from 'yargs';
import { calibrate, DEFAULT_ABC, fragmentYaml, KERNELS, parameterProblem, targetRows, targetTable, type CalibrationCase, type ParameterSpec, type Target } from '@shopsim/calibrate';
import { buildManifest, InputError, prepareOutDir, sha256, writeFileSafely, writeJson, writing } from '@shopsim/runner';
import { UserError } from '../user-error.ts';
import { commandLine } from './replication-options.ts';
import { boundsProblem, caseRecord, calibrationRunOptions, coverageNote, loadCases, readTargets, seedList, type CalibrationRunArgs } from './check.ts';
import { wholeNumber } from './run.ts';
import { calibrateEnsemble, type EnsembleArgs } from './calibrate-ensemble.ts';

export interface CalibrateArgs extends CalibrationRunArgs, Omit<EnsembleArgs, keyof CalibrationRunArgs | 'out'> {
  ensemble?: boolean | undefined;
  param?: string[] | undefined;
  budget?: number | undefined;
  startPoints?: number | undefined;
  restarts?: number | undefined;
  out: string;
  force?: boolean | undefined;
}

/** Files calibrate writes; --force replaces only these. */
export const CALIBRATION_FILES = ['fitted.yaml', 'fit-report.txt', 'fit-report.json', 'loss-history.csv', 'manifest.json'];

/** `behaviour.trustWeight=0.5:3` -> { path, lo, hi }. */
export function parseParam(spec: string): ParameterSpec {
  const m = /^([^=]+)=([^:]+):(.+)$/.exec(spec.trim());
  const example = 'e.g. --param behaviour.trustWeight=0.5:3';
  if (!m) throw new UserError(`--param ${spec}: give a behavioural parameter and its bounds as NAME=LO:HI`, example);
  const [, path, loText, hiText] = m as unknown as [string, string, string, string];
  const lo = Number(loText);
  const hi = Number(hiText);
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(lo < hi)) {
    throw new UserError(`--param ${spec}: bounds must be two numbers, the lower first`, example);
  }
  if (!path.startsWith('behaviour.')) {
    throw new UserError(`--param ${spec}: calibrate fits behavioural parameters (behaviour.<name>), not ${path}`, 'levers and market traits are the scenario\'s inputs');
  }
  return { path, lo, hi };
}

export const calibrateCommand: CommandModule<object, CalibrateArgs> = {
  command: 'calibrate <scenarios..>',
  describe: 'Fit behavioural parameters so the scenarios reproduce the targets; writes a YAML fragment to extend',
  builder: (y: Argv): Argv<CalibrateArgs> =>
    calibrationRunOptions(y, 4)
      .option('param', { type: 'string', array: true, describe: 'a parameter to fit with its bounds: behaviour.NAME=LO:HI (repeat)' })
      .option('ensemble', { type: 'boolean', default: false, describe: 'fit an ensemble of behaviour vectors (ABC-SMC over the --priors ranges) instead of one point' })
      .option('priors', { type: 'string', describe: 'ensemble file: targets, steady-state warm-up, discrepancy and the prior range of every fitted parameter (targets/ensemble-v2.yaml)' })
      .option('population', { type: 'number', describe: `--ensemble: particles per generation (default ${DEFAULT_ABC.populationSize}; about half are kept as members)` })
      .option('keep', { type: 'number', describe: `--ensemble: share of particles kept each generation (default ${DEFAULT_ABC.keepShare})` })
      .option('min-acceptance', { type: 'number', describe: `--ensemble: stop when fewer new particles are accepted (default ${DEFAULT_ABC.minAcceptance})` })
      .option('max-generations', { type: 'number', describe: `--ensemble: at most this many generations (default ${DEFAULT_ABC.maxGenerations})` })
      .option('abc-seed', { type: 'number', describe: '--ensemble: seed of the proposal draws (default 1)' })
      .option('screen', { type: 'boolean', describe: '--ensemble: move only the parameters some target moves in the prior draws, drawing the others from the prior (default true; --no-screen moves all but those marked moved: false, with 8 inert controls beside them that set the bar for "pinned")' })
      .option('kernel', { type: 'string', describe: `--ensemble: proposal kernel: ${KERNELS.join(' or ')} (default ${DEFAULT_ABC.kernel}; docs/calibration.md); a --resume must give the kernel the fit started with` })
      .option('discrepancy', { type: 'number', describe: '--ensemble: model discrepancy as a share of each target\'s scale (default: the ensemble file\'s)' })
      .option('workers', { type: 'number', describe: '--ensemble: worker threads (0: this thread); the ensemble does not depend on it' })
      .option('shard', { type: 'string', describe: '--ensemble: evaluate only slice i of n of each generation (i/n, auto/n, auto), in a shared --out folder' })
      .option('resume', { type: 'boolean', default: false, describe: '--ensemble: continue the calibration in --out (after a kill, or the next round of shards)' })
      .option('json', { type: 'boolean', default: false, describe: '--ensemble: print the summary as JSON' })
      .option('budget', { type: 'number', default: 150, describe: 'loss evaluations in all (each runs every scenario on every seed)' })
      .option('start-points', { type: 'number', default: 10, describe: 'latin-hypercube points tried before the simplex search' })
      .option('restarts', { type: 'number', default: 2, describe: 'Nelder-Mead restarts from the best point' })
      .option('out', { type: 'string', default: 'calibration', describe: 'folder for fitted.yaml, the fit report and the loss history' })
      .option('force', { type: 'boolean', default: false, describe: 'replace the calibration files of an existing --out folder' })
      .example(
        '$0 calibrate scenarios/2019-baseline.yaml scenarios/2024.yaml --targets targets/report-2019-2024.yaml --param behaviour.baseSatisfaction=0.3:1.6 --param behaviour.lossAversion=1:2.5',
        'fit two parameters to the report',
      ) as Argv<CalibrateArgs>,
  handler: async (args: ArgumentsCamelCase<CalibrateArgs>) => {
    if (args.ensemble) {
      if (args.param && args.param.length > 0) throw new UserError('--ensemble takes its parameters from --priors, not --param', 'list the parameters and their ranges in the ensemble file');
      await calibrateEnsemble(args as EnsembleArgs);
      return;
    }
    const targets = readTargets(args.targets);
    if (!args.param || args.param.length === 0) throw new UserError('name the parameters to fit: --param behaviour.NAME=LO:HI', 'or --ensemble --priors FILE for an ensemble');
    const parameters = args.param.map(parseParam);
    const seen = new Set<string>();
    for (const p of parameters) {
      if (seen.has(p.path)) throw new UserError(`--param ${p.path} is given twice`, 'give each parameter once');
      seen.add(p.path);
    }
    const seeds = seedList(args, 4);
    const budget = wholeNumber('--budget', args.budget ?? 150, 1, 100_000);
    const startPoints = wholeNumber('--start-points', args.startPoints ?? 10, 0, 10_000);
    const restarts = wholeNumber('--restarts', args.restarts ?? 2, 0, 100);
    const cases = loadCases(args);
    for (const p of parameters) {
      const problem = parameterProblem(cases[0]!.config, p.path) ?? boundsProblem(p.path, p.lo, p.hi);
      if (problem) throw new UserError(`--param ${p.path}: ${problem}`, 'e.g. --param behaviour.trustWeight=0.5:3');
    }
    const release = prepareOutDir(args.out, args.force ?? false);
    try {
      fitInto(args, cases, targets, parameters, { seeds, budget, startPoints, restarts });
    } finally {
      release();
    }
  },
};

interface FitSettings {
  seeds: number[];
  budget: number;
  startPoints: number;
  restarts: number;
}

function fitInto(args: ArgumentsCamelCase<CalibrateArgs>, cases: CalibrationCase[], targets: Target[], parameters: ParameterSpec[], fit: FitSettings): void {
  const { seeds, budget, startPoints, restarts } = fit;
  // The loss history is written as it grows: a fit stopped early keeps every evaluation it paid for.
  const historyFile = join(args.out, 'loss-history.csv');
  writeFileSafely(historyFile, ['evaluation', 'phase', 'loss', ...parameters.map((p) => p.path)].join(',') + '\n');

  const quiet = args.quiet;
  const width = String(budget).length;
  const result = calibrate({
    cases,
    targets,
    parameters,
    seeds,
    startPoints,
    restarts,
    maxEvaluations: budget,
    onEvaluation: (e, best) => {
      const line = [e.evaluation, e.phase, e.loss, ...parameters.map((p) => e.parameters[p.path])].join(',') + '\n';
      try {
        writing(historyFile, () => appendFileSync(historyFile, line));
      } catch (err) {
        if (!(err instanceof InputError) || err.exitCode !== 1) throw err;
        throw new InputError(`${err.message}; ${historyFile} keeps the first ${e.evaluation - 1} evaluations`, `${err.hint ?? 'free some space'}, then run calibrate again`, 1);
      }
      if (quiet) return;
      process.stderr.write(`calibrate ${String(e.evaluation).padStart(width)}/${budget} ${e.phase.padEnd(7)} loss ${e.loss.toFixed(4)}  best ${best.loss.toFixed(4)}\n`);
    },
  });

  const shoppers = cases[0]!.config.shoppers;
  writeFileSafely(
    join(args.out, 'fitted.yaml'),
    fragmentYaml(result.parameters, cases[0]!.config.behaviour, {
      targetsFile: args.targets!,
      scenarios: cases.map((c) => c.file ?? c.name),
      loss: result.loss,
      seeds,
      shoppers,
    }),
  );
  const table = targetTable(result.fit);
  const notes = coverageNote(result.fit, cases).map((n) => `note: ${n}`);
  const paramLines = parameters.map((p) => `  ${p.path} = ${Number(result.parameters[p.path]!.toPrecision(4))}  (bounds ${p.lo} .. ${p.hi})`);
  const text = [`fitted parameters (loss ${result.loss.toFixed(4)}):`, ...paramLines, '', table, ...notes].join('\n');
  writeFileSafely(join(args.out, 'fit-report.txt'), text + '\n');
  writeJson(join(args.out, 'fit-report.json'), { targets: args.targets, scenarios: cases.map((c) => c.file), seeds, parameters: result.parameters, bounds: parameters, loss: result.loss, rows: targetRows(result.fit) });
  // Every evaluation runs each scenario on these seeds; the files' hashes tie the fit to its inputs.
  writeJson(join(args.out, 'manifest.json'), buildManifest({
    kind: 'calibrate',
    command: commandLine(),
    scenarios: cases.map(caseRecord),
    targets: { file: args.targets, sha256: sha256(readFileSync(args.targets!)) },
    seeds,
    runs: cases.flatMap((c, scenario) => seeds.map((seed, replication) => ({ scenario, file: c.file ?? null, replication, seed }))),
    evaluations: result.history.length,
  }));

  process.stdout.write(text + '\n');
  process.stdout.write(`\nwrote ${CALIBRATION_FILES.map((f) => join(args.out, f)).join(', ')}\n`);
}
