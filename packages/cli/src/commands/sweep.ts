// shopsim sweep [file]: the experiment in the file, or --set path=values on
// the command line, run on the worker pool into a results folder; --shard
// for a slice on a cluster, --resume after a kill.
import type { Argv, ArgumentsCamelCase, CommandModule } from 'yargs';
import {
  checkPlanSize, DESIGN_KINDS, loadScenario, parseSet, parseShard, planFromSets, runSweep, scenarioModule, toJson,
  type Behaviours, type DesignKind, type LoadedScenario, type RunSpec, type SweepResult,
} from '@shopsim/runner';
import { formatParam, leverLegend, sensitivityTable, stdoutPaint } from '../report/terminal.ts';
import { shortLeverNames } from '../report/labels.ts';
import { formatStat, renderTable } from '../format.ts';
import { UserError, EXIT_FAILURE } from '../user-error.ts';
import { writeReportIfAsked } from '../report/report-flag.ts';
import { writeSweepTidyFiles } from '../tidy/tidy.ts';
import { behavioursFromArgs, behavioursOption, ensembleName, type BehavioursArgs } from './behaviours-option.ts';
import { commandLine, printWarnings, progressFor, replicationOptions, seedsFromArgs, sizeOverrides, workersFromArgs, type ReplicationArgs } from './replication-options.ts';
import { wholeNumber } from './run.ts';

export interface SweepArgs extends ReplicationArgs, BehavioursArgs {
  file?: string | undefined;
  set?: string[] | undefined;
  design?: string | undefined;
  samples?: number | undefined;
  designSeed?: number | undefined;
  shard?: string | undefined;
  resume?: boolean | undefined;
  salvageTo?: string | undefined;
  daily?: boolean | undefined;
}

export const sweepCommand: CommandModule<object, SweepArgs> = {
  command: 'sweep [file]',
  describe: 'Run a parameter sweep (the file\'s experiment, or --set) into a results folder',
  builder: (y: Argv): Argv<SweepArgs> =>
    behavioursOption(replicationOptions(
      y
        .positional('file', { type: 'string', describe: 'scenario file; the built-in 2024 scenario when absent (then --set is needed)' })
        .option('set', { type: 'string', array: true, describe: 'sweep a key path: path=v1,v2 (values), path=lo:hi:steps (grid) or path=lo:hi (range for random/lhs); repeatable' })
        .option('design', { type: 'string', choices: DESIGN_KINDS, default: 'grid', describe: 'how --set values combine: full grid, random or latin-hypercube (lhs) samples' })
        .option('samples', { type: 'number', describe: 'design points of a random or lhs design' })
        .option('design-seed', { type: 'number', default: 1, describe: 'seed of the random or lhs draws' })
        .option('shard', { type: 'string', describe: 'run only slice i of n (i/n, auto/n from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID, or auto in a Slurm array)' })
        .option('resume', { type: 'boolean', default: false, describe: 'continue an interrupted sweep in --out, skipping finished runs' })
        .option('salvage-to', { type: 'string', describe: 'with --resume: copy the valid runs of a corrupted --out folder into this new folder and finish the sweep there' })
        .option('daily', { type: 'boolean', default: false, describe: 'also keep every run\'s daily series: daily/run-N.json, and daily.csv/.parquet (one row per run, day, market and series)' }),
    ))
      .demandOption('out', 'a sweep writes a results folder: add --out DIR')
      .example('$0 sweep scenarios/sweep-warehouse-returns.yaml --out results/sweep', 'the experiment in the file, on every core')
      .example('$0 sweep --set levers.warehouseShare=0.3,0.5,0.7 -R 5 --out results/ws', 'a grid on the built-in scenario, 5 seeds per point')
      .example('$0 sweep --design lhs --samples 50 --set levers.priceIndex=0.9:1.1 --set levers.warehouseShare=0.2:0.9 --out results/lhs', 'Latin hypercube over two levers')
      .example('$0 sweep --set levers.warehouseShare=0.3,0.8 -R 3 --daily --out results/ws', 'also every run\'s daily series, as daily.csv and daily.parquet')
      .example('$0 sweep a.yaml --shard 2/8 --out results/sweep', 'slice 2 of 8 (writes results/sweep/shard-2-of-8); join with shopsim merge')
      .example('$0 sweep a.yaml --out results/sweep --resume', 'continue after a kill')
      .example('$0 sweep a.yaml --out results/sweep --resume --salvage-to results/sweep2', 'keep the valid runs of a corrupted runs.jsonl and finish in a new folder') as Argv<SweepArgs>,
  handler: async (args: ArgumentsCamelCase<SweepArgs>) => {
    const overrides = sizeOverrides(args);
    const workers = workersFromArgs(args);
    const shard = args.shard === undefined ? undefined : parseShard(String(args.shard));
    if (args.resume && args.force) throw new UserError('--resume and --force contradict each other', '--resume continues the folder, --force replaces it');
    const file = args.file ?? null;
    const scenario = await loadScenario(file, overrides);
    const { plan, design } = await sweepPlan(scenario, args);
    const behaviours = behavioursFromArgs(args, [file], [scenario.config]);

    const progress = progressFor(shard ? `sweep ${shard.index}/${shard.count}` : 'sweep', args);
    const result = await runSweep({
      scenario: { file, overrides, loaded: scenario },
      plan,
      out: String(args.out),
      workers,
      ...(shard ? { shard } : {}),
      resume: args.resume ?? false,
      force: args.force ?? false,
      ...(args.salvageTo !== undefined ? { salvageTo: String(args.salvageTo) } : {}),
      onSalvage: (r) => process.stderr.write(
        `salvaged ${r.kept} valid runs of ${r.from} into ${r.to}` +
          (r.dropped ? `; left out ${r.dropped} bad lines (first: ${r.firstBad ?? 'a line cut short'})` : '') + '\n',
      ),
      command: commandLine(),
      design,
      ...(behaviours ? { behaviours } : {}),
      daily: args.daily ?? false,
      onProgress: (done, total) => progress.update(done, total),
    });
    progress.finish();
    const tidy = writeSweepTidyFiles(result.out, scenario.name, args.daily ?? false);
    if (tidy.skipped) process.stderr.write(`note: ${tidy.skipped}\n`);
    const report = writeReportIfAsked(args, result.out);
    printWarnings(scenario, (args.set ?? []).map((s) => parseSet(String(s)).path));
    if (args.json) process.stdout.write(toJson(result) + '\n');
    else process.stdout.write(sweepReport(result, tidy.files, behaviours) + (report !== undefined ? `report: ${report}\n` : ''));
    // Failed runs are recorded, and the folder is complete, but the command did not fully succeed.
    if (result.failed > 0) process.exitCode = EXIT_FAILURE;
  },
};

/** The run list: --set on the command line, else the file's experiment; seeds from the flags or the scenario. */
async function sweepPlan(scenario: LoadedScenario, args: SweepArgs): Promise<{ plan: RunSpec[]; design: unknown }> {
  const flagSeeds = seedsFromArgs(args);
  const seeds = flagSeeds ?? (scenario.seeds.length ? scenario.seeds : [1]);
  if (args.set && args.set.length > 0) {
    // 042d453 dropped the file's experiment (and its replications) without a word.
    if (scenario.source?.experiment) {
      throw new UserError(
        `${scenario.file} has an experiment, and --set would replace it`,
        'run the experiment without --set, or put the --set levers into its experiment (or into a file that extends it without one)',
      );
    }
    const sets = args.set.map((s) => parseSet(String(s)));
    const designOptions = {
      design: (args.design ?? 'grid') as DesignKind,
      ...(args.samples !== undefined ? { samples: wholeNumber('--samples', args.samples, 1, 1_000_000) } : {}),
      seed: args.designSeed ?? 1,
    };
    return { plan: planFromSets(sets, designOptions, seeds), design: { from: 'command line', sets, ...designOptions } };
  }
  const experiment = scenario.source?.experiment;
  if (!experiment) {
    throw new UserError(
      `nothing to sweep: ${scenario.file ?? 'the built-in scenario'} has no experiment`,
      'add --set path=v1,v2 (e.g. --set levers.warehouseShare=0.3,0.6,0.9) or name a scenario file with an experiment',
    );
  }
  const { designSize, expandRuns } = await scenarioModule();
  // --seeds/--replications replace the experiment's own replications (the file's limits still hold).
  const { replications: _ignored, ...withoutReplications } = experiment;
  if (flagSeeds) checkPlanSize(designSize(withoutReplications), flagSeeds.length, `the experiment of ${scenario.file} with ${flagSeeds.length} seeds`);
  const plan = flagSeeds ? expandRuns({ seeds: flagSeeds, experiment: withoutReplications }) : expandRuns(scenario.source!);
  return { plan, design: { from: scenario.file, experiment } };
}

/** A sweep's runs draw their member by seed, so every design point of one seed has the same behaviour: its lever effects stay paired. */
function sweepBehavioursNote(b: Behaviours): string {
  return `behaviours: each run drew one of the ${b.members.length} plausible members of ${ensembleName(b.file)} by its seed, the same at every design point: CIs carry parameter uncertainty`;
}

const SHOWN_KPIS = ['orders', 'meanDeliveryDays', 'csat', 'repurchaseRate', 'grossProfit'];
const SHOWN_POINTS = 20;

export function sweepReport(result: SweepResult, tidyFiles: string[] = [], behaviours?: Behaviours): string {
  const paint = stdoutPaint();
  const { summary } = result;
  const short = shortLeverNames(summary.params);
  const legend = leverLegend(short);
  const lines = [
    `sweep: ${result.total} runs, ${summary.pointCount} design points` +
      (result.skipped ? `, ${result.skipped} already done` : '') +
      (result.failed ? `, ${result.failed} FAILED (see status and error in runs.jsonl)` : ', none failed'),
    ...(behaviours ? [sweepBehavioursNote(behaviours)] : []),
    '',
    paint.bold('Which lever moves which KPI most (standardised regression coefficients)'),
    sensitivityTable(result.sensitivity.rows, 3, result.sensitivity.reach),
    '',
    paint.bold(`Design points (mean ± 95% CI)${summary.pointCount > SHOWN_POINTS ? `, first ${SHOWN_POINTS} of ${summary.pointCount}` : ''}`),
    renderTable(
      ['point', ...summary.params.map((q) => short[q]!), 'runs', ...SHOWN_KPIS],
      summary.points.slice(0, SHOWN_POINTS).map((p) => [
        String(p.point),
        ...summary.params.map((k) => formatParam(p.params[k])),
        String(p.runs - p.failed),
        ...SHOWN_KPIS.map((k) => formatStat(k, JSON.parse(toJson(p.kpis[k])))),
      ]),
    ) + (legend ? `\n${legend}` : ''),
    '',
    `results: ${result.out} (${['runs.jsonl', 'runs.csv', 'summary.json', 'sensitivity.json', 'manifest.json', ...tidyFiles].join(', ')})`,
  ];
  return lines.join('\n') + '\n';
}
