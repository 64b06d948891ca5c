// shopsim check <scenario...> --targets FILE: runs the scenarios on common
// seeds and prints each target next to the simulated mean and its 95% CI.
import type { Argv, ArgumentsCamelCase, CommandModule } from 'yargs';
import {
  evaluateTargets, loadTargets, parameterProblem, sensitivity, sensitivityTable, targetRows, targetTable, TargetsError,
  type CalibrationCase, type SensitivityRow, type Target, type TargetResult,
} from '@shopsim/calibrate';
import { loadScenarioFile } from '@shopsim/scenario';
import { UserError, EXIT_FAILURE } from '../user-error.ts';
import { wholeNumber } from './run.ts';
import { parseSeeds } from './replication-options.ts';
import { seedRange } from '@shopsim/runner';

export interface CalibrationRunArgs {
  scenarios: string[];
  targets: string;
  seeds?: string | undefined;
  replications?: number | undefined;
  shoppers?: number | undefined;
  days?: number | undefined;
  quiet?: boolean | undefined;
}

export interface CheckArgs extends CalibrationRunArgs {
  json?: boolean | undefined;
  sensitivity?: string[] | undefined;
}

/** The options calibrate and check share. */
export function calibrationRunOptions<T>(y: Argv<T>, defaultSeeds: number) {
  return y
    .positional('scenarios', { type: 'string', array: true, demandOption: true, describe: 'scenario files with a calibration: block' })
    .option('targets', { type: 'string', demandOption: true, describe: 'targets YAML file (shape of targets/report-2019-2024.yaml)' })
    .option('replications', { alias: 'R', type: 'number', describe: `replications: seeds 1..R, the same for every scenario (common random numbers; default ${defaultSeeds})` })
    .option('seeds', { type: 'string', describe: 'explicit seeds, as in run: 1,2,3 or 1..10; instead of --replications' })
    .option('shoppers', { type: 'number', describe: 'number of shoppers (overrides the scenarios)' })
    .option('days', { type: 'number', describe: 'days to simulate (overrides the scenarios)' })
    .option('quiet', { type: 'boolean', default: false, describe: 'no progress on stderr' });
}

export function readTargets(file: string): Target[] {
  try {
    return loadTargets(file);
  } catch (err) {
    if (err instanceof TargetsError) throw new UserError(err.message, err.hint);
    throw err;
  }
}

/** Loads the scenario files as calibration cases (ScenarioErrors for bad files). */
export function loadCases(args: CalibrationRunArgs, overrides?: Record<string, unknown>): CalibrationCase[] {
  return args.scenarios.map((file) => {
    const s = loadScenarioFile(file, overrides ? { overrides } : {});
    if (!s.calibration || (s.calibration.year === undefined && s.calibration.leverEffect === undefined)) {
      throw new UserError(
        `${file}: the scenario does not say which target it stands for`,
        'add calibration: { year: "2024" } or calibration: { leverEffect: { id: <lever effect id>, role: base } }',
      );
    }
    const config = { ...s.config };
    if (args.shoppers !== undefined) config.shoppers = wholeNumber('--shoppers', args.shoppers, 1, 50_000_000);
    if (args.days !== undefined) {
      config.days = wholeNumber('--days', args.days, 1, 36_500);
      if (config.warmupDays >= config.days) config.warmupDays = 0;
    }
    return { name: s.name, file, config, calibration: s.calibration };
  });
}

/** Seeds of a check or a fit: --seeds as in every command, or -R replications from seed 1; at least two for a CI. */
export function seedList(args: CalibrationRunArgs, fallback: number): number[] {
  if (args.seeds !== undefined && args.replications !== undefined) {
    throw new UserError('give --seeds or --replications, not both', 'e.g. -R 10, or --seeds 1..10');
  }
  if (args.seeds === undefined) return seedRange(1, wholeNumber('--replications', args.replications ?? fallback, 2, 10_000));
  const seeds = parseSeeds(args.seeds);
  if (seeds.length < 2) {
    throw new UserError(`--seeds "${args.seeds}" gives ${seeds.length} seed; a confidence interval needs at least 2`, `for ${seeds[0]} replications write -R ${seeds[0]}; for explicit seeds, e.g. --seeds 1..10`);
  }
  if (seeds.length > 10_000) throw new UserError(`--seeds gives ${seeds.length} seeds; at most 10,000`, 'e.g. -R 10');
  return seeds;
}

/** Checks that every scenario is used and every target has its scenarios. */
export function coverageNote(results: TargetResult[], cases: CalibrationCase[]): string[] {
  const notes: string[] = [];
  const used = new Set(results.flatMap((r) => r.scenarios));
  for (const c of cases) if (!used.has(c.name)) notes.push(`${c.file}: matches no target in the targets file`);
  const missing = new Map<string, string[]>();
  for (const r of results) {
    if (r.simulated) continue;
    const t = r.target;
    const need =
      t.kind === 'level'
        ? `a scenario with calibration: { year: "${t.year}" }`
        : `the two scenarios with calibration: { leverEffect: { id: ${t.effectId}, role: base | variant } }`;
    missing.set(need, [...(missing.get(need) ?? []), t.id]);
  }
  for (const [need, ids] of missing) notes.push(`not run: ${ids.join(', ')}; give ${need}`);
  return notes;
}

export function progressLine(quiet: boolean | undefined): (done: number, total: number) => void {
  if (quiet) return () => {};
  const tty = process.stderr.isTTY;
  let shown = -1;
  return (done, total) => {
    const pct = Math.floor((done / total) * 100);
    if (tty) process.stderr.write(`\rsimulating ${done}/${total} runs (${pct}%)\x1b[K${done === total ? '\n' : ''}`);
    else if (pct >= shown + 10 || done === total) {
      shown = pct;
      process.stderr.write(`simulating ${done}/${total} runs (${pct}%)\n`);
    }
  };
}

export const checkCommand: CommandModule<object, CheckArgs> = {
  command: 'check <scenarios..>',
  describe: 'Run scenarios and print each calibration target next to the simulated value; exit 1 if any fails',
  builder: (y: Argv): Argv<CheckArgs> =>
    calibrationRunOptions(y, 10)
      .option('json', { type: 'boolean', default: false, describe: 'print the target rows as JSON on stdout' })
      .option('sensitivity', {
        type: 'string',
        array: true,
        describe: 'also move each named parameter (behaviour.NAME) 10% either way and print how far each target moves, in tolerances',
      })
      .example('$0 check scenarios/2019-baseline.yaml scenarios/2024.yaml --targets targets/report-2019-2024.yaml', 'the two years')
      .example('$0 check scenarios/*.yaml --targets targets/report-2019-2024.yaml', 'years and lever effects')
      .example('$0 check scenarios/2019-baseline.yaml scenarios/2024.yaml --targets targets/report-2019-2024.yaml --sensitivity behaviour.baseSatisfaction', 'which targets a parameter moves') as Argv<CheckArgs>,
  handler: (args: ArgumentsCamelCase<CheckArgs>) => {
    const targets = readTargets(args.targets);
    const seeds = seedList(args, 10);
    const cases = loadCases(args);
    const params = args.sensitivity ?? [];
    for (const path of params) {
      const problem = path.startsWith('behaviour.') ? parameterProblem(cases[0]!.config, path) : 'name a behavioural parameter, behaviour.<name>';
      if (problem) throw new UserError(`--sensitivity ${path}: ${problem}`, 'e.g. --sensitivity behaviour.baseSatisfaction behaviour.lossAversion');
    }
    const results = evaluateTargets(cases, targets, { seeds, onRun: progressLine(args.quiet) });
    const failed = results.filter((r) => r.pass === false).length;
    const moves = params.length > 0 ? sensitivityRows(cases, targets, params, seeds, args.quiet) : [];
    if (args.json) {
      const out = { targets: args.targets, seeds, rows: targetRows(results), ...(moves.length > 0 ? { sensitivity: moves } : {}) };
      process.stdout.write(JSON.stringify(out, null, 2) + '\n');
    } else {
      const shoppers = [...new Set(cases.map((c) => c.config.shoppers))].map((n) => n.toLocaleString('en-US')).join('/');
      process.stdout.write(`${args.targets}: ${cases.length} scenarios, ${seeds.length} seeds (common random numbers), ${shoppers} shoppers\n\n`);
      process.stdout.write(targetTable(results) + '\n');
      for (const note of coverageNote(results, cases)) process.stdout.write(`note: ${note}\n`);
      const run = results.filter((r) => r.pass !== undefined).length;
      process.stdout.write(`\n${run - failed} of ${run} targets pass${failed > 0 ? `, ${failed} FAIL` : ''}\n`);
      if (moves.length > 0) {
        process.stdout.write('\nchange of each target when the parameter moves by +step, in tolerances (central difference, same seeds):\n\n');
        process.stdout.write(sensitivityTable(moves, targets) + '\n');
      }
    }
    if (failed > 0) process.exitCode = EXIT_FAILURE;
  },
};

function sensitivityRows(cases: CalibrationCase[], targets: Target[], paths: string[], seeds: number[], quiet: boolean | undefined): SensitivityRow[] {
  return sensitivity(cases, targets, paths, {
    seeds,
    onParameter: (done, total) => {
      if (!quiet) process.stderr.write(`sensitivity ${done}/${total} parameters\n`);
    },
  });
}
