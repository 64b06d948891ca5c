// shopsim run [file]: one simulation, a KPI table (or JSON) on stdout.
import type { Argv, ArgumentsCamelCase, CommandModule } from 'yargs';
import { defaultScenario, simulate, type SimConfig } from '@shopsim/core';
import { loadScenarioFile } from '@shopsim/scenario';
import { kpiTable } from '../format.ts';
import { dailySparklines, stdoutPaint } from '../report/terminal.ts';
import { UserError } from '../user-error.ts';

export interface RunArgs {
  file?: string | undefined;
  seed?: number | undefined;
  shoppers?: number | undefined;
  days?: number | undefined;
  json?: boolean | undefined;
}

export function applyRunOverrides(config: SimConfig, args: RunArgs): SimConfig {
  const out = { ...config };
  if (args.seed !== undefined) out.seed = wholeNumber('--seed', args.seed, -(2 ** 31), 2 ** 31 - 1);
  if (args.shoppers !== undefined) out.shoppers = wholeNumber('--shoppers', args.shoppers, 1, 50_000_000);
  if (args.days !== undefined) {
    out.days = wholeNumber('--days', args.days, 1, 36_500);
    if (out.warmupDays >= out.days) out.warmupDays = 0;
  }
  return out;
}

/** The scenario to run: the file's (throws ScenarioErrors when it has mistakes), or the built-in 2024 one. */
export function scenarioConfig(file: string | undefined): SimConfig {
  return file === undefined ? defaultScenario() : loadScenarioFile(file).config;
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
    y
      .positional('file', { type: 'string', describe: 'scenario YAML file; the built-in 2024 scenario when absent' })
      .option('seed', { type: 'number', describe: 'random seed (overrides the scenario)' })
      .option('shoppers', { type: 'number', describe: 'number of shoppers (overrides the scenario)' })
      .option('days', { type: 'number', describe: 'days to simulate (overrides the scenario)' })
      .option('json', { type: 'boolean', default: false, describe: 'print the full result as JSON on stdout' })
      .example('$0 run', 'the 2024 state of a leading platform, 100,000 shoppers, one year')
      .example('$0 run scenarios/2019-baseline.yaml', 'a scenario file')
      .example('$0 run --shoppers 10000 --days 90 --seed 7', 'a quick look')
      .example('$0 run --json > result.json', 'machine-readable output'),
  handler: (args: ArgumentsCamelCase<RunArgs>) => {
    const config = applyRunOverrides(scenarioConfig(args.file), args);
    const result = simulate(config, { seed: config.seed });
    if (args.json) {
      process.stdout.write(JSON.stringify(result) + '\n');
      return;
    }
    process.stdout.write(`${result.scenario}: ${result.shoppers.toLocaleString('en-US')} shoppers, ${result.days} days, seed ${result.seed}\n\n`);
    process.stdout.write(kpiTable(result) + '\n');
    process.stdout.write(`\n${dailySparklines(result.daily, result.markets, { paint: stdoutPaint() })}\n`);
  },
};
