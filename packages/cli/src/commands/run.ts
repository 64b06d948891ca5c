// shopsim run [file]: one simulation, a KPI table (or JSON) on stdout.
import type { Argv, ArgumentsCamelCase, CommandModule } from 'yargs';
import { simulate } from '@shopsim/core';
import { kpiTable } from '../format.ts';
import { join } from 'node:path';
import { buildManifest, loadScenario, prepareOutDir, scenarioRecord, runReplications, toJson, writeJson, type Behaviours, type LoadedScenario } from '@shopsim/runner';
import { behavioursFromArgs, behavioursNote, behavioursOption, type BehavioursArgs } from './behaviours-option.ts';
import type { Stat } from '../report/results.ts';
import { dailySparklines, kpiStatTable, stdoutPaint } from '../report/terminal.ts';
import { commandLine, printWarnings, progressFor, replicationOptions, seedsFromArgs, sizeOverrides, workersFromArgs, type ReplicationArgs } from './replication-options.ts';
import { UserError } from '../user-error.ts';
import { checkReportFlag, writeReportIfAsked } from '../report/report-flag.ts';
import { tidyRun, writeTidyFiles } from '../tidy/tidy.ts';

export interface RunArgs extends ReplicationArgs, BehavioursArgs {
  file?: string | undefined;
}

export function wholeNumber(flag: string, v: number, min: number, max: number): number {
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new UserError(`${flag} must be a whole number from ${min} to ${max}, got ${v}`, `e.g. ${flag} ${Math.max(min, 1)}`);
  }
  return v;
}

export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run [file]',
  describe: 'Run a scenario file (or the built-in 2024 scenario) and print its KPIs',
  builder: (y: Argv): Argv<RunArgs> =>
    behavioursOption(replicationOptions(y.positional('file', { type: 'string', describe: 'scenario YAML file; the built-in 2024 scenario when absent' })))
      .example('$0 run', 'the 2024 state of a leading platform, 100,000 shoppers, one year')
      .example('$0 run scenarios/2019-baseline.yaml', 'a scenario file')
      .example('$0 run --shoppers 10000 --days 90 --seed 7', 'a quick look')
      .example('$0 run -R 10 --out results/2024', '10 replications: mean, sd and 95% CI of every KPI, saved with a manifest')
      .example('$0 run --json > result.json', 'machine-readable output') as Argv<RunArgs>,
  handler: async (args: ArgumentsCamelCase<RunArgs>) => {
    const flagSeeds = seedsFromArgs(args);
    const overrides = sizeOverrides(args);
    checkReportFlag(args);
    const scenario = await loadScenario(args.file ?? null, overrides);
    const seeds = flagSeeds ?? (scenario.seeds.length ? scenario.seeds : [scenario.config.seed]);
    const behaviours = behavioursFromArgs(args, [args.file ?? null], [scenario.config]);
    if (seeds.length > 1 || args.out !== undefined || behaviours !== undefined) {
      await runReplicated(args, scenario, seeds, behaviours);
      printWarnings(scenario);
      return;
    }
    const result = simulate(scenario.config, { seed: seeds[0]! });
    if (args.json) {
      process.stdout.write(JSON.stringify(result) + '\n');
      printWarnings(scenario);
      return;
    }
    process.stdout.write(`${result.scenario}: ${result.shoppers.toLocaleString('en-US')} shoppers, ${result.days} days, seed ${result.seed}\n\n`);
    process.stdout.write(kpiTable(result) + '\n');
    process.stdout.write(`\n${dailySparklines(result.daily, result.markets, { paint: stdoutPaint() })}\n`);
    printWarnings(scenario);
  },
};

/** Replications on the worker pool: each KPI's mean, sd and 95% CI; summary.json and manifest.json with --out. */
async function runReplicated(args: RunArgs, scenario: LoadedScenario, seeds: number[], behaviours: Behaviours | undefined): Promise<void> {
  const { file, overrides } = scenario;
  const release = args.out !== undefined ? prepareOutDir(args.out, args.force ?? false) : () => {};
  const progress = progressFor('run', args);
  const { summary, outputs } = await runReplications({ file, overrides, loaded: scenario, seeds, workers: workersFromArgs(args), ...(behaviours ? { behaviours } : {}), onProgress: (done, total) => progress.update(done, total) });
  progress.finish();
  if (args.out !== undefined) {
    writeJson(join(args.out, 'summary.json'), summary);
    writeTidyFiles(args.out, outputs.map((o, replication) => tidyRun(o, { run: replication, scenario: summary.scenario.name, replication })));
    writeJson(join(args.out, 'manifest.json'), buildManifest({
      kind: 'run',
      command: commandLine(),
      scenarios: [scenarioRecord(scenario)],
      seeds,
      runs: seeds.map((seed, replication) => ({ file, replication, seed, overrides })),
      ...(behaviours ? { behaviours: behaviours.file ?? null } : {}),
    }));
  }
  release();
  const report = writeReportIfAsked(args);
  if (args.json) {
    process.stdout.write(toJson(summary) + '\n');
    return;
  }
  const { shoppers, days } = scenario.config;
  process.stdout.write(`${summary.scenario.name}: ${shoppers.toLocaleString('en-US')} shoppers, ${days} days, ${seeds.length} replications (mean ± 95% CI)\n${behavioursNote(behaviours, seeds)}\n`);
  const json = JSON.parse(toJson(summary)) as { kpis: Record<string, Record<string, Stat>> };
  process.stdout.write(kpiStatTable(json.kpis, summary.markets) + '\n');
  process.stdout.write(`\n${dailySparklines(summary.daily, summary.markets, { paint: stdoutPaint() })}\n`);
  if (args.out !== undefined) process.stdout.write(`\nresults: ${args.out}\n`);
  if (report !== undefined) process.stdout.write(`report: ${report}\n`);
}
