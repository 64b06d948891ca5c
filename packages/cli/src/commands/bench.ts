// shopsim bench: the benchmark suites as a table (and JSON), and with
// --compare a regression gate that exits 1 when a figure got worse than the
// baseline by more than the threshold.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Argv, ArgumentsCamelCase, CommandModule } from 'yargs';
import {
  DEFAULT_THRESHOLD, REPO_ROOT, SUITE_IDS, benchAgainstBaseline, benchAgainstCheckout, binOf, spawnMeasure, comparisonTable, goalsTable, resultsTable, runBench,
  type BenchOptions, type BenchReport, type Comparison,
} from '@shopsim/bench';
import { checkNewFile, writeFileSafely } from '@shopsim/runner';
import { UserError, EXIT_FAILURE } from '../user-error.ts';

export interface BenchArgs {
  quick?: boolean | undefined;
  json?: string | undefined;
  compare?: string | undefined;
  against?: string | undefined;
  pairs?: number | undefined;
  threshold?: number | undefined;
  only?: string[] | undefined;
  shoppers?: number[] | undefined;
  sweepRuns?: number | undefined;
  confirm?: boolean | undefined;
  force?: boolean | undefined;
  repeat?: number | undefined;
  rounds?: number | undefined;
  scenarioFolder?: string | undefined;
}

/** Read only here, never by the engine: extra hashed draws per shopper-day (0.3 = for 30% of the shoppers) in a benchmark-only engine, to show that the gate catches a slowdown. */
const EXTRA_DRAWS_ENV = 'SHOPSIM_BENCH_EXTRA_DRAWS';

function readBaseline(file: string): BenchReport {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UserError(`cannot read the baseline ${file}`, 'write one with pnpm bench:baseline (shopsim bench --quick --json bench/baseline.json)');
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UserError(`the baseline ${file} is not JSON`, 'write one with shopsim bench --json FILE');
  }
  const d = data as Partial<BenchReport> | null;
  if (!d || d.kind !== 'bench' || !Array.isArray(d.results)) {
    throw new UserError(`${file} is not a benchmark result`, 'write one with shopsim bench --json FILE');
  }
  return d as BenchReport;
}

/** The baseline checkout named by --against: a folder holding an installed shopsim. */
function checkoutOf(dir: string): string {
  const root = resolve(dir);
  if (!existsSync(binOf(root))) throw new UserError(`--against ${dir}: no shopsim checkout there (${binOf(root)} is missing)`, 'check out the baseline commit there and install it (bench/gate.sh does both)');
  if (!existsSync(resolve(root, 'node_modules'))) throw new UserError(`--against ${dir}: the checkout is not installed`, `run npx -y pnpm@10.34.9 install --offline in ${dir}`);
  return root;
}

/** HEAD of the checkout when its tracked files are unchanged (else the figures are of no commit). */
function cleanCommit(root: string): string | undefined {
  try {
    const git = (...a: string[]) => execFileSync('git', a, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return git('status', '--porcelain', '--untracked-files=no') === '' ? git('rev-parse', 'HEAD') : undefined;
  } catch {
    return undefined;
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function extraDrawsFromEnv(): number {
  const raw = process.env[EXTRA_DRAWS_ENV];
  if (raw === undefined || raw === '') return 0;
  const n = Number(raw);
  if (!(n >= 0 && n <= 100)) throw new UserError(`${EXTRA_DRAWS_ENV} must be a number from 0 to 100, got ${raw}`, `e.g. ${EXTRA_DRAWS_ENV}=0.3, or unset it`);
  return n;
}

export const benchCommand: CommandModule<object, BenchArgs> = {
  command: 'bench',
  describe: 'Benchmark the engine, scenarios, sweeps, memory and start-up against a same-run reference',
  builder: (y: Argv): Argv<BenchArgs> =>
    y
      .option('quick', { type: 'boolean', default: false, describe: 'smaller sizes and fewer rounds (CI: under 2 minutes)' })
      .option('json', { type: 'string', describe: 'also write the results as JSON to this new file' })
      .option('force', { type: 'boolean', default: false, describe: 'replace the --json file if it exists' })
      .option('compare', { type: 'string', describe: 'baseline JSON: exit 1 when a figure got worse by more than --threshold, beyond the noise of the rounds' })
      .option('against', { type: 'string', describe: 'a checkout of the baseline code (installed): measure it and this code in alternating processes on this machine and fail like --compare' })
      .option('pairs', { type: 'number', default: 2, describe: 'with --against: processes per side' })
      .conflicts('against', 'compare')
      .option('threshold', { type: 'number', default: DEFAULT_THRESHOLD, describe: 'allowed slow-down before --compare fails (0.15 = 15%)' })
      .option('only', { type: 'string', array: true, choices: SUITE_IDS, describe: 'run only these suites' })
      .option('shoppers', { type: 'number', array: true, describe: 'engine suite: only these population sizes (e.g. --shoppers 10000)' })
      .option('sweep-runs', { type: 'number', describe: 'sweep suite: runs of 100k shoppers per sweep (default 12 with --quick, else 96)' })
      .option('confirm', { type: 'boolean', default: true, describe: 're-measure suites beyond the threshold, or whose interval holds it, before judging (up to 3 times; --no-confirm to skip)' })
      .option('rounds', { type: 'number', describe: 'rounds per figure in every suite instead of each suite\'s own (2 for a smoke run; more narrow the gate\'s interval)' })
      .option('scenario-folder', { type: 'string', describe: 'scenario suite: time loading the .yaml files of this folder instead of the shipped scenarios/' })
      .conflicts('against', 'scenario-folder')
      .option('repeat', { type: 'number', default: 1, describe: 'run the suites this many times and pool the rounds (pnpm bench:baseline uses 3)' })
      .example('$0 bench --quick', 'the CI suite: a table of times, throughputs and ratios to the reference')
      .example('$0 bench --quick --compare bench/baseline.json', 'fail (exit 1) on a regression beyond 15%')
      .example('$0 bench --quick --against ../baseline-checkout', 'the CI gate (bench/gate.sh): the baseline commit measured beside this code')
      .example('$0 bench --json bench-results.json', 'the full suite, 1M shoppers included, also as JSON')
      .example('$0 bench --only sweep --sweep-runs 96', 'a longer sweep, where pool start-up weighs less'),
  handler: async (args: ArgumentsCamelCase<BenchArgs>) => {
    // Before minutes of measuring: an earlier result file is kept unless --force.
    if (args.json !== undefined) checkNewFile(args.json, '--json', args.force ?? false);
    const threshold = args.threshold ?? DEFAULT_THRESHOLD;
    if (!(threshold > 0 && threshold < 10)) throw new UserError(`--threshold must be above 0 and below 10, got ${threshold}`, 'e.g. --threshold 0.15');
    const baseline = args.compare !== undefined ? readBaseline(args.compare) : undefined;
    // Checked before the minutes of measuring, so that the results have somewhere to go.
    if (args.json !== undefined && !isFolder(dirname(resolve(args.json)))) {
      throw new UserError(`--json ${args.json}: the folder ${dirname(resolve(args.json))} does not exist`, 'create it first, or name a file in an existing folder');
    }
    const extraDraws = extraDrawsFromEnv();
    const quick = args.quick ?? false;
    const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
    if (extraDraws > 0) log(`${EXTRA_DRAWS_ENV}=${extraDraws}: the engine is deliberately slowed`);
    for (const n of args.shoppers ?? []) {
      if (!Number.isInteger(n) || n < 1000 || n > 10_000_000) throw new UserError(`--shoppers must be whole numbers from 1000 to 10000000, got ${n}`, 'e.g. --shoppers 10000');
    }
    const sweepRuns = args.sweepRuns;
    if (sweepRuns !== undefined && !(Number.isInteger(sweepRuns) && sweepRuns >= 2 && sweepRuns <= 10_000)) {
      throw new UserError(`--sweep-runs must be a whole number from 2 to 10000, got ${sweepRuns}`, 'e.g. --sweep-runs 96');
    }
    const repeat = args.repeat ?? 1;
    if (!Number.isInteger(repeat) || repeat < 1 || repeat > 10) throw new UserError(`--repeat must be a whole number from 1 to 10, got ${repeat}`, 'e.g. --repeat 3');
    const rounds = args.rounds;
    if (rounds !== undefined && !(Number.isInteger(rounds) && rounds >= 2 && rounds <= 100)) throw new UserError(`--rounds must be a whole number from 2 to 100, got ${rounds}`, 'e.g. --rounds 9');
    const scenarioFolder = args.scenarioFolder;
    if (scenarioFolder !== undefined && !(isFolder(scenarioFolder) && readdirSync(scenarioFolder).some((f) => f.endsWith('.yaml')))) {
      throw new UserError(`--scenario-folder ${scenarioFolder}: no folder holding .yaml scenario files there`, 'name a folder of scenario files, or leave the flag out to load the shipped scenarios/');
    }
    const options: BenchOptions = { quick, extraDraws, log, repeat, ...(rounds ? { rounds } : {}), ...(scenarioFolder ? { scenarioFolder } : {}), ...(args.only ? { only: args.only } : {}), ...(args.shoppers ? { sizes: args.shoppers } : {}), ...(sweepRuns ? { sweepRuns } : {}) };
    let report: BenchReport;
    let comparison: Comparison | undefined;
    let against: BenchReport | undefined;
    if (args.against !== undefined) {
      const bins = { baseline: binOf(checkoutOf(args.against)), current: binOf(REPO_ROOT) };
      const pairs = args.pairs ?? 2;
      if (!Number.isInteger(pairs) || pairs < 1 || pairs > 10) throw new UserError(`--pairs must be a whole number from 1 to 10, got ${pairs}`, 'e.g. --pairs 2');
      const childArgs = [...(quick ? ['--quick'] : []), ...(args.shoppers ?? []).flatMap((n) => ['--shoppers', String(n)]), ...(sweepRuns ? ['--sweep-runs', String(sweepRuns)] : []), ...(rounds ? ['--rounds', String(rounds)] : [])];
      // A deliberately slowed engine slows only the current side.
      const measure = spawnMeasure(bins, childArgs, log, [EXTRA_DRAWS_ENV]);
      const only = args.only;
      ({ baseline: against, report, comparison } = await benchAgainstCheckout((side, o) => measure(side, o ?? only), { quick, pairs, threshold, confirm: args.confirm ?? true, log }));
    } else if (baseline) ({ report, comparison } = await benchAgainstBaseline(baseline, options, threshold, args.confirm ?? true));
    else report = await runBench(options);

    process.stdout.write(`${resultsTable(report)}\n\n`);
    const goals = goalsTable(report);
    if (goals) process.stdout.write(`Goals\n${goals}\n\n`);
    if (args.json) {
      const commit = cleanCommit(REPO_ROOT);
      if (commit) report.commit = commit;
      writeFileSafely(args.json, JSON.stringify(report, null, 2) + '\n');
      process.stdout.write(`results: ${args.json}\n`);
    }
    if ((baseline || against) && comparison) {
      const what = against ? `the baseline checkout ${args.against}${against.commit ? ` (${against.commit.slice(0, 7)})` : ''}, measured here in the same run` : args.compare;
      process.stdout.write(`Against ${what} (fails beyond +${(threshold * 100).toFixed(0)}% and beyond the rounds' noise)\n${comparisonTable(comparison)}\n`);
      if (comparison.regressions.length) {
        process.stdout.write(`regression: ${comparison.regressions.map((r) => `${r.id} +${(r.change * 100).toFixed(1)}%`).join(', ')}\n`);
        process.exitCode = EXIT_FAILURE;
      } else {
        const noisy = comparison.compared.filter((c) => c.verdict === 'noise').length;
        process.stdout.write(`no regression beyond ${(threshold * 100).toFixed(0)}% in ${comparison.compared.length} figures${noisy ? ` (${noisy} beyond it within the rounds' noise)` : ''}\n`);
      }
    }
  },
};
