// The benchmark suites. Each times its subjects against the reference kernel
// in the same rounds and turns the samples into results.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Population, defaultScenario, orderSlotsOf, validateConfig } from '@shopsim/core';
import { loadScenarioFile } from '@shopsim/scenario';
import { runAll, type RunTask } from '@shopsim/runner';
import { sampleAgainstReference, timed, type PairedSamples, type Timing } from './harness.ts';
// Set-up and stepping are timed apart, which the public simulate() cannot do.
import { benchEngine } from './slowed-engine.ts';
import { aleaDraws, aleaDrawsOnThreads } from './reference.ts';
import type { BenchResult } from './report.ts';
import { REPO_ROOT, benchScenarios, sized } from './scenarios.ts';
import { median } from './stats.ts';

export interface SuiteOptions {
  quick: boolean;
  /** Extra hashed draws per shopper-day in the engine suite (0.3 = for 30% of the shoppers): a deliberately slowed engine (0 = the real one). */
  extraDraws: number;
  /** Engine suite: only these population sizes (default 10k, 100k and, unless quick, 1M). */
  sizes?: number[];
  /** Engine suite: only these scenarios ('2024', '2019'). */
  scenarios?: string[];
  /** Sweep suite: runs per sweep (default 12 quick, 96 full). */
  sweepRuns?: number;
  /** Rounds per figure in every suite, instead of each suite's own (a smoke run: 2). */
  rounds?: number;
  /** Scenario suite: load the .yaml files of this folder instead of the shipped scenarios/. */
  scenarioFolder?: string;
  log: (line: string) => void;
}

export interface Suite {
  id: string;
  describe: string;
  run: (o: SuiteOptions) => Promise<BenchResult[]>;
}

const fmt = (n: number) => n.toLocaleString('en-US');
const sum = (a: Timing, b: Timing): Timing => ({ ms: a.ms + b.ms, cpuMs: a.cpuMs + b.cpuMs });
const sizeLabel = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`);

/**
 * Results for each subject of paired samples: value per round, and its ratio
 * to that round's reference, on the wall clock and (where the work ran in
 * this process) on the CPU clock.
 */
function resultsFrom(
  samples: PairedSamples,
  reference: string,
  rows: {
    id: string; suite: string; label: string; subject: string | ((round: number) => Timing);
    work?: { amount: number; unit: string };
    /** Default true: --compare gates on the figure. */
    gated?: boolean;
  }[],
): BenchResult[] {
  return rows.map((row) => {
    const timings = samples.reference.map((_, k) =>
      typeof row.subject === 'string' ? samples.subjects[row.subject]![k]! : row.subject(k),
    );
    const values = timings.map((t) => t.ms);
    const ratios = values.map((v, k) => v / samples.reference[k]!.ms);
    const value = median(values);
    const r: BenchResult = {
      id: row.id, suite: row.suite, label: row.label, unit: 'ms', value, values,
      ratio: median(ratios), ratios, reference, gated: row.gated ?? true,
    };
    const cpuValues = timings.map((t) => t.cpuMs);
    const cpuRatios = cpuValues.map((v, k) => v / samples.reference[k]!.cpuMs);
    if (cpuRatios.every((x) => Number.isFinite(x) && x > 0)) Object.assign(r, { cpuValues, cpuRatios, cpuRatio: median(cpuRatios) });
    if (row.work) r.throughput = { value: row.work.amount / (value / 1000), unit: row.work.unit };
    return r;
  });
}

/**
 * Rounds of the engine suite: few for the 1M runs, more for runs too short
 * to time well. The gate's noise estimate comes from the rounds: nine give
 * a usable bootstrap interval of a median.
 */
function engineRounds(shopperDays: number, quick: boolean): number {
  if (shopperDays >= 1e8) return 3;
  const rounds = quick ? 9 : 11;
  return shopperDays < 1e7 ? 3 * rounds : rounds;
}

export const engineSuite: Suite = {
  id: 'engine',
  describe: 'engine throughput: population set-up and stepping, 2024 and 2019 scenarios',
  async run(o) {
    const sizes = o.sizes ?? (o.quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000]);
    const results: BenchResult[] = [];
    for (const scenario of benchScenarios().filter((x) => !o.scenarios || o.scenarios.includes(x.id))) {
      const runs: { shoppers: number; days: number; tag: string }[] = sizes.map((n) => ({ shoppers: n, days: 365, tag: sizeLabel(n) }));
      // Days linearity: ten years at 10k shoppers, against one year.
      if (scenario.id === '2024' && sizes.includes(10_000)) runs.push({ shoppers: 10_000, days: 3650, tag: '10k.3650d' });
      for (const { shoppers, days, tag } of runs) {
        const config = sized(scenario.config, shoppers, days);
        const issues = validateConfig(config);
        if (issues.length) throw new Error(`bench scenario ${scenario.id} is invalid: ${issues[0]!.path} ${issues[0]!.message}`);
        const shopperDays = shoppers * days;
        const rounds = o.rounds ?? engineRounds(shopperDays, o.quick);
        // Small runs take milliseconds, and a busy machine moves them by more
        // than the threshold: they show scaling but do not gate.
        const gated = shoppers >= 100_000 && days === 365;
        o.log(`engine ${scenario.id} ${fmt(shoppers)} shoppers x ${days} days (${rounds} rounds)`);
        // Every call builds a new population from its own seed.
        const seedOf = (call: number) => 1000 + call;
        const samples = await sampleAgainstReference(() => aleaDraws(shopperDays), [
          { name: 'setup', fn: (call) => void benchEngine(config, seedOf(call), o.extraDraws) },
          {
            name: 'step',
            fn: (call) => {
              const engine = benchEngine(config, seedOf(call) + 500, o.extraDraws);
              return timed(() => engine.run());
            },
          },
        ], { rounds, warmup: true });
        const id = `engine.${scenario.id}.${tag}`;
        const what = `${scenario.label}, ${fmt(shoppers)} shoppers x ${days} days`;
        const work = { amount: shopperDays, unit: 'shopper-days/s' };
        results.push(...resultsFrom(samples, `${fmt(shopperDays)} alea draws (one per shopper-day)`, [
          { id: `${id}.setup`, suite: 'engine', label: `${what}: set-up (population)`, subject: 'setup', gated },
          { id: `${id}.step`, suite: 'engine', label: `${what}: stepping`, subject: 'step', work, gated },
          {
            id: `${id}.total`, suite: 'engine', label: `${what}: set-up + stepping`,
            subject: (k) => sum(samples.subjects.setup![k]!, samples.subjects.step![k]!), work, gated,
          },
        ]));
      }
    }
    return results;
  },
};

const FIXED_REFERENCE_DRAWS = 10_000_000;
const fixedReference = `${fmt(FIXED_REFERENCE_DRAWS)} alea draws`;

export const scenarioSuite: Suite = {
  id: 'scenario',
  describe: 'scenario load (YAML, extends, checks, compile) and validation',
  async run(o) {
    const dir = o.scenarioFolder ?? `${REPO_ROOT}scenarios/`;
    const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => join(dir, f));
    // Passes per sample: a few tenths of a second each, long enough to time
    // on a busy machine (one load takes about 10 ms, one validation 2 ms).
    const repeat = o.quick ? 2 : 4;
    o.log(`scenario: ${files.length} ${o.scenarioFolder ? `files of ${o.scenarioFolder}` : 'shipped files'}, validation of the built-in scenario`);
    const subjects = [
      { name: 'validate', fn: () => { for (let k = 0; k < repeat * 50; k++) validateConfig(defaultScenario()); } },
    ];
    if (files.length) subjects.push({ name: 'load', fn: () => { for (let k = 0; k < repeat; k++) for (const f of files) loadScenarioFile(f); } });
    const samples = await sampleAgainstReference(() => aleaDraws(FIXED_REFERENCE_DRAWS), subjects, { rounds: o.rounds ?? (o.quick ? 7 : 9), warmup: true });
    // Per scenario: the samples time `repeat` passes.
    const per = (name: string, times: number) => (k: number) => {
      const t = samples.subjects[name]![k]!;
      return { ms: t.ms / times, cpuMs: t.cpuMs / times };
    };
    const rows: Parameters<typeof resultsFrom>[2] = [
      { id: 'scenario.validate', suite: 'scenario', label: 'validate the built-in scenario (every lever, every day)', subject: per('validate', repeat * 50) },
    ];
    if (files.length) {
      rows.unshift({ id: 'scenario.load', suite: 'scenario', label: `load + check + validate one ${o.scenarioFolder ? '' : 'shipped '}scenario file (mean of ${files.length})`, subject: per('load', repeat * files.length) });
    }
    return resultsFrom(samples, fixedReference, rows);
  },
};

export const sweepSuite: Suite = {
  id: 'sweep',
  describe: 'sweep throughput on 1 and 2 workers (the runner pool)',
  async run(o) {
    // Pool start-up (about 0.2 s with the bundled worker, 0.4 s through tsx,
    // and a second worker's first runs are slower while the first one's JIT
    // compiles too) is paid once per sweep. The full suite's 96 runs (about
    // 8 s on one worker) keep it small beside the runs, as in a real sweep;
    // the quick suite's 12 runs are mostly start-up.
    const runs = o.sweepRuns ?? (o.quick ? 12 : 96);
    const shoppers = 100_000;
    const tasks: RunTask[] = Array.from({ length: runs }, (_, k) => ({ file: null, overrides: { shoppers }, seed: 1 + k, daily: false }));
    const shopperDays = runs * shoppers * 365;
    const tag = `${runs}x${sizeLabel(shoppers)}`;
    o.log(`sweep: ${runs} runs of ${fmt(shoppers)} shoppers x 365 days on 1 and 2 workers`);
    const sweep = (workers: number) => async () => {
      const outcomes = await runAll(tasks, workers);
      const failed = outcomes.find((x) => !x.ok);
      if (failed && !failed.ok) throw new Error(`sweep run failed: ${failed.error}`);
    };
    const samples = await sampleAgainstReference(() => aleaDraws(shopperDays), [
      { name: '1', fn: sweep(1) },
      { name: '2', fn: sweep(2) },
      { name: 'threads-1', fn: async () => void (await aleaDrawsOnThreads(shopperDays, 1)) },
      { name: 'threads-2', fn: async () => void (await aleaDrawsOnThreads(shopperDays, 2)) },
    ], { rounds: o.rounds ?? 2, warmup: false });
    const work = { amount: shopperDays, unit: 'shopper-days/s' };
    return resultsFrom(samples, `${fmt(shopperDays)} alea draws (one per shopper-day, one thread)`, [
      { id: `sweep.${tag}.1-worker`, suite: 'sweep', label: `sweep of ${runs} runs x ${fmt(shoppers)} shoppers x 365 days, 1 worker`, subject: '1', work },
      // Not gated: it needs a second free core, which a shared CI machine cannot promise.
      { id: `sweep.${tag}.2-workers`, suite: 'sweep', label: `sweep of ${runs} runs x ${fmt(shoppers)} shoppers x 365 days, 2 workers`, subject: '2', work, gated: false },
      // How much a second thread can give on this machine now (a busy neighbour takes it away).
      { id: 'sweep.reference.1-thread', suite: 'sweep', label: 'the reference kernel in 1 worker thread', subject: 'threads-1', gated: false },
      { id: 'sweep.reference.2-threads', suite: 'sweep', label: 'the reference kernel split over 2 worker threads', subject: 'threads-2', gated: false },
    ]);
  },
};

/** Runs a script with tsx in a child process; resolves with its stdout. */
function child(args: string[]): Promise<string> {
  return plainNode(['--import', 'tsx', ...args]);
}

/** Runs node with these arguments in a child process; resolves with its stdout. */
function plainNode(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`child ${args.join(' ')} exited ${code}: ${err.trim()}`))));
  });
}

export const memorySuite: Suite = {
  id: 'memory',
  describe: 'peak memory per shopper (child process) and state bytes per shopper',
  async run(o) {
    const shoppers = o.quick ? 200_000 : 1_000_000;
    const probe = fileURLToPath(new URL('./memory-probe.ts', import.meta.url));
    const rounds = o.rounds ?? (o.quick ? 2 : 3);
    o.log(`memory: ${fmt(shoppers)} shoppers x 365 days in a child process (${rounds} rounds)`);
    const peaks: number[] = [];
    const rss: number[] = [];
    for (let k = 0; k < rounds; k++) {
      const m = JSON.parse(await child(['--expose-gc', probe, String(shoppers), String(365), String(1 + k)])) as { peakBytes: number; peakRssBytes: number };
      peaks.push(m.peakBytes / shoppers);
      rss.push(m.peakRssBytes / shoppers);
    }
    // The default scenario's layout: its order slots (buying in transit) are state too.
    const state = Population.bytesPerShopper(orderSlotsOf(defaultScenario()));
    const row = (id: string, label: string, values: number[], gated: boolean): BenchResult => ({
      id, suite: 'memory', label, unit: 'bytes', value: median(values), values, ratio: null, ratios: [], gated,
    });
    return [
      row('memory.state-per-shopper', 'state per shopper (Population typed arrays, default scenario)', [state], true),
      row(`memory.${sizeLabel(shoppers)}.peak-live-per-shopper`, `peak live memory (heap + array buffers) per shopper, ${fmt(shoppers)} shoppers x 365 days`, peaks, true),
      row(`memory.${sizeLabel(shoppers)}.peak-rss-per-shopper`, `peak resident set per shopper, ${fmt(shoppers)} shoppers x 365 days`, rss, false),
    ];
  },
};

export const cliSuite: Suite = {
  id: 'cli',
  describe: 'CLI start-up to first result: shopsim run of the default scenario',
  async run(o) {
    // What `pnpm shopsim run` starts (pnpm's own start-up aside), from the
    // bundle of the current sources, as `pnpm install` builds it.
    const bin = `${REPO_ROOT}packages/cli/bin/shopsim.js`;
    o.log('cli: bundling the command (packages/cli/bundle.mjs)');
    await plainNode([`${REPO_ROOT}packages/cli/bundle.mjs`]);
    // The CPU time is the child's, which this process's clock does not see: wall time only.
    const firstOutput = () =>
      new Promise<Timing>((resolve, reject) => {
        const t0 = performance.now();
        const p = spawn(process.execPath, [bin, 'run'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
        let first = 0;
        let err = '';
        p.stdout.once('data', () => (first = performance.now() - t0));
        p.stdout.resume();
        p.stderr.on('data', (d) => (err += d));
        p.on('error', reject);
        p.on('close', (code) => (code === 0 && first > 0 ? resolve({ ms: first, cpuMs: Number.NaN }) : reject(new Error(`shopsim run exited ${code}: ${err.trim()}`))));
      });
    const rounds = o.rounds ?? (o.quick ? 3 : 5);
    o.log(`cli: shopsim run (default scenario), time to first output (${rounds} rounds)`);
    const samples = await sampleAgainstReference(() => aleaDraws(FIXED_REFERENCE_DRAWS * 5), [
      { name: 'run', fn: async () => await firstOutput() },
    ], { rounds, warmup: true });
    return resultsFrom(samples, `${fmt(FIXED_REFERENCE_DRAWS * 5)} alea draws`, [
      { id: 'cli.run-first-result', suite: 'cli', label: 'shopsim run (default scenario, 100,000 shoppers x 365 days): start to first output', subject: 'run' },
    ]);
  },
};

export const SUITES: Suite[] = [engineSuite, scenarioSuite, sweepSuite, memorySuite, cliSuite];
