// Flags that run, compare and sweep share: which seeds, how big a run, how
// many workers, where results go. Checked here so each mistake reads the same.
import type { Argv } from 'yargs';
import { defaultWorkers, progressReporter, seedRange, type ProgressReporter } from '@shopsim/runner';
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
    .option('seeds', { type: 'string', describe: 'explicit seeds, comma-separated (e.g. 1,2,3); instead of --replications' })
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

const SEED_MAX = 2 ** 31 - 1;

/** Seeds from --seeds or --replications (with --seed as the first); undefined when neither is given. */
export function seedsFromArgs(args: ReplicationArgs): number[] | undefined {
  if (args.seeds !== undefined && args.replications !== undefined) {
    throw new UserError('give --seeds or --replications, not both', 'e.g. --replications 10, or --seeds 1,2,3');
  }
  if (args.seeds !== undefined) {
    const seeds = String(args.seeds).split(',').map((s) => Number(s.trim()));
    if (seeds.length === 0 || seeds.some((s) => !Number.isInteger(s) || Math.abs(s) > SEED_MAX)) {
      throw new UserError(`--seeds must be whole numbers separated by commas, got "${args.seeds}"`, 'e.g. --seeds 1,2,3');
    }
    if (new Set(seeds).size !== seeds.length) throw new UserError(`--seeds repeats a seed: "${args.seeds}"`, 'each replication needs its own seed');
    return seeds;
  }
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
  if (args.shoppers !== undefined) out.shoppers = wholeNumber('--shoppers', args.shoppers, 1, 50_000_000);
  if (args.days !== undefined) out.days = wholeNumber('--days', args.days, 1, 36_500);
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
