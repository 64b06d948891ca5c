// Flags that run, compare and sweep share: which seeds, how big a run, how
// many workers, where results go. Checked here so each mistake reads the same.
import { RUN_LIMITS } from '@shopsim/core';
import type { Argv } from 'yargs';
import { defaultWorkers, progressReporter, seedRange, type LoadedScenario, type ProgressReporter } from '@shopsim/runner';
import { scenarioErrorLine, sweptPathWarnings } from '@shopsim/scenario';
import { reportOption } from '../report/report-flag.ts';
import { UserError } from '../user-error.ts';
import { wholeNumber } from './run.ts';

export interface ReplicationArgs {
  replications?: number | undefined;
  seeds?: string | undefined;
  seed?: number | undefined;
  shoppers?: number | undefined;
  days?: number | undefined;
  workers?: number | undefined;
  out?: string | undefined;
  force?: boolean | undefined;
  json?: boolean | undefined;
  quiet?: boolean | undefined;
  report?: boolean | undefined;
}

export function replicationOptions<T>(y: Argv<T>): Argv<T & ReplicationArgs> {
  const withOptions = y
    .option('replications', { alias: 'R', type: 'number', describe: 'replications: seeds --seed (default 1) .. --seed + R - 1' })
    .option('seeds', { type: 'string', describe: 'explicit seeds: whole numbers and ranges, comma-separated (1,2,3 or 1..10); instead of --replications' })
    .option('seed', { type: 'number', describe: 'first seed of --replications' })
    .option('shoppers', { type: 'number', describe: 'number of shoppers (overrides the scenario)' })
    .option('days', { type: 'number', describe: 'days to simulate (overrides the scenario)' })
    .option('workers', { type: 'number', describe: `worker threads (default: the cores, ${defaultWorkers()} here); results do not depend on it` })
    .option('out', { type: 'string', describe: 'write results (and manifest.json) into this new folder' })
    .option('force', { type: 'boolean', default: false, describe: 'replace earlier results in --out' })
    .option('json', { type: 'boolean', default: false, describe: 'print the machine-readable result on stdout' })
    .option('quiet', { type: 'boolean', default: false, describe: 'no progress bar' });
  return reportOption(withOptions) as unknown as Argv<T & ReplicationArgs>;
}

export const SEED_MAX = 2 ** 31 - 1;
const SEEDS_HINT = 'e.g. --seeds 1,2,3 or --seeds 1..10; for R replications from seed 1, -R R';

/**
 * The one --seeds grammar of every command: whole numbers and ranges a..b,
 * separated by commas ("1,5,9", "1..10", "1..3,8"). An empty list or an empty
 * entry is a mistake, never seed 0.
 */
export function parseSeeds(text: string | number): number[] {
  const spec = String(text).trim();
  if (spec === '') throw new UserError('--seeds is empty', SEEDS_HINT);
  const seeds: number[] = [];
  for (const [i, raw] of spec.split(',').entries()) {
    const part = raw.trim();
    if (part === '') throw new UserError(`--seeds "${spec}" has an empty entry (number ${i + 1})`, SEEDS_HINT);
    const range = /^([+-]?\d+)\.\.([+-]?\d+)$/.exec(part);
    if (range) {
      const [lo, hi] = [seedValue(range[1]!, spec), seedValue(range[2]!, spec)];
      if (hi < lo) throw new UserError(`--seeds range "${part}" runs backwards`, 'write the low seed first, e.g. 1..10');
      if (hi - lo >= 100_000) throw new UserError(`--seeds range "${part}" has more than 100,000 seeds`, SEEDS_HINT);
      for (let s = lo; s <= hi; s++) seeds.push(s);
    } else {
      seeds.push(seedValue(part, spec));
    }
  }
  if (new Set(seeds).size !== seeds.length) throw new UserError(`--seeds repeats a seed: "${spec}"`, 'each replication needs its own seed');
  return seeds;
}

function seedValue(part: string, spec: string): number {
  const n = /^[+-]?\d+$/.test(part) ? Number(part) : Number.NaN;
  if (!Number.isSafeInteger(n) || Math.abs(n) > SEED_MAX) {
    throw new UserError(`--seeds "${spec}": "${part}" is not a whole number from ${-SEED_MAX} to ${SEED_MAX}`, SEEDS_HINT);
  }
  return n;
}

/** Seeds from --seeds or --replications (with --seed as the first); undefined when neither is given. */
export function seedsFromArgs(args: ReplicationArgs): number[] | undefined {
  if (args.seeds !== undefined && args.replications !== undefined) {
    throw new UserError('give --seeds or --replications, not both', 'e.g. --replications 10, or --seeds 1,2,3');
  }
  if (args.seeds !== undefined) return parseSeeds(args.seeds);
  if (args.replications !== undefined) {
    const r = wholeNumber('--replications', args.replications, 1, 100_000);
    const first = args.seed === undefined ? 1 : wholeNumber('--seed', args.seed, -SEED_MAX, SEED_MAX - r);
    return seedRange(first, r);
  }
  if (args.seed !== undefined) return [wholeNumber('--seed', args.seed, -SEED_MAX, SEED_MAX)];
  return undefined;
}

/** --shoppers and --days as overrides of the scenario. */
export function sizeOverrides(args: ReplicationArgs): Record<string, number> {
  const out: Record<string, number> = {};
  if (args.shoppers !== undefined) out.shoppers = wholeNumber('--shoppers', args.shoppers, RUN_LIMITS.shoppers.min, RUN_LIMITS.shoppers.max);
  if (args.days !== undefined) out.days = wholeNumber('--days', args.days, RUN_LIMITS.days.min, RUN_LIMITS.days.max);
  return out;
}

export function workersFromArgs(args: ReplicationArgs): number {
  return args.workers === undefined ? defaultWorkers() : wholeNumber('--workers', args.workers, 1, 1024);
}

export function progressFor(label: string, args: ReplicationArgs): ProgressReporter {
  return progressReporter({ label, quiet: args.quiet ?? false });
}

/** The command line as typed, for manifest.json. */
export function commandLine(): string[] {
  return ['shopsim', ...process.argv.slice(2)];
}

/**
 * A loaded scenario's warnings (and, for a sweep, those of the paths it varies) on stderr, once per
 * command, when it has done its work: a command that stops on a mistake says only that, in one line.
 */
export function printWarnings(scenario: LoadedScenario, variedPaths: string[] = []): void {
  const warnings = [...scenario.source.warnings, ...sweptPathWarnings(scenario.source, variedPaths)];
  for (const w of warnings) process.stderr.write(`warning: ${scenarioErrorLine(w)}\n`);
}
