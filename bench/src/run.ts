// Runs the suites and checks the speed goals against what they measured.
import { availableParallelism, cpus } from 'node:os';
import { mergeResults, type BenchReport, type BenchResult, type GoalCheck } from './report.ts';
import { median } from './stats.ts';
import { SUITES, type SuiteOptions } from './suites.ts';

/** Bytes of state per shopper the engine may hold (issue 13's limit). */
export const STATE_BYTES_GOAL = 96;

export interface BenchOptions {
  quick: boolean;
  /** Suite ids to run; all when absent. */
  only?: string[];
  /** Extra hashed draws per shopper-day: a deliberately slowed engine, for showing that the gate fails. */
  extraDraws?: number;
  /** Engine suite: only these population sizes. */
  sizes?: number[];
  /** Engine suite: only these scenarios ('2024', '2019'). */
  scenarios?: string[];
  /** Sweep suite: runs per sweep. */
  sweepRuns?: number;
  /** Rounds per figure in every suite, instead of each suite's own. */
  rounds?: number;
  /** Scenario suite: load the .yaml files of this folder instead of the shipped scenarios/. */
  scenarioFolder?: string;
  /** Run the suites this many times and pool their rounds (a baseline from several moments of a busy machine). */
  repeat?: number;
  log?: (line: string) => void;
}

export const SUITE_IDS = SUITES.map((s) => s.id);

export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const o: SuiteOptions = { quick: options.quick, extraDraws: options.extraDraws ?? 0, log: options.log ?? (() => {}) };
  if (options.sizes) o.sizes = options.sizes;
  if (options.scenarios) o.scenarios = options.scenarios;
  if (options.sweepRuns) o.sweepRuns = options.sweepRuns;
  if (options.rounds) o.rounds = options.rounds;
  if (options.scenarioFolder) o.scenarioFolder = options.scenarioFolder;
  const chosen = SUITES.filter((s) => !options.only || options.only.includes(s.id));
  const runSuites = async () => {
    const results: BenchResult[] = [];
    for (const suite of chosen) results.push(...(await suite.run(o)));
    return results;
  };
  let results = await runSuites();
  for (let k = 1; k < (options.repeat ?? 1); k++) {
    o.log(`repeat ${k + 1} of ${options.repeat}`);
    results = mergeResults(results, await runSuites());
  }
  return reportOf(results, options.quick);
}

export function reportOf(results: BenchResult[], quick: boolean): BenchReport {
  const drawNs = results.flatMap((r) => (r.ratio !== null && r.reference ? r.values.map((v, k) => ({ v, ratio: r.ratios[k]!, draws: drawsIn(r.reference!) })) : []))
    .filter((x) => x.draws > 0)
    .map((x) => ((x.v / x.ratio) * 1e6) / x.draws);
  return {
    kind: 'bench',
    version: 1,
    quick,
    date: new Date().toISOString(),
    machine: { node: process.version, platform: `${process.platform}-${process.arch}`, cpus: availableParallelism(), cpuModel: cpus()[0]?.model ?? 'unknown' },
    referenceDrawNs: median(drawNs),
    results,
    goals: checkGoals(results, quick),
  };
}

function drawsIn(reference: string): number {
  const m = /^([\d,]+) alea draws/.exec(reference);
  return m ? Number(m[1]!.replace(/,/g, '')) : 0;
}

const x2 = (n: number) => n.toFixed(2);

/** The goals of issue 7, each from the figures this run has (none when its suite did not run). */
export function checkGoals(results: BenchResult[], quick: boolean): GoalCheck[] {
  const get = (id: string) => results.find((r) => r.id === id);
  const goals: GoalCheck[] = [];
  const note = quick ? 'quick suite: 100k shoppers stands in for 1M' : undefined;

  const total = get('engine.2024.1M.total') ?? get('engine.2024.100k.total');
  if (total && total.ratio !== null) {
    const g: GoalCheck = {
      id: 'engine-vs-reference',
      label: '1M shoppers x 365 days faster than one alea draw per shopper-day (ratio < 1)',
      measured: `${x2(total.ratio)}x the reference (set-up + stepping${total.id.includes('.1M.') ? '' : ', 100k shoppers'})`,
      pass: total.ratio < 1,
    };
    if (!total.id.includes('.1M.') && note) g.note = note;
    goals.push(g);
  }
  const state = get('memory.state-per-shopper');
  // 64 bytes of record plus two 16-byte order slots since buying in transit
  // (issue 13 allows up to 96 bytes for it).
  if (state) goals.push({ id: 'state-bytes', label: `at most ${STATE_BYTES_GOAL} bytes of state per shopper`, measured: `${state.value} bytes`, pass: state.value <= STATE_BYTES_GOAL });

  // Each ratio is a time over its own round's reference, which draws one
  // number per shopper-day; so 10x the work in t times the time is
  // t = 10 x (ratio after / ratio before), and machine load cancels out.
  const per10x = (before: BenchResult, after: BenchResult) => (10 * after.ratio!) / before.ratio!;
  const scaling: string[] = [];
  let linear = true;
  const sizes = ['10k', '100k', '1M'];
  for (let k = 0; k + 1 < sizes.length; k++) {
    const a = get(`engine.2024.${sizes[k]}.total`);
    const b = get(`engine.2024.${sizes[k + 1]}.total`);
    if (!a?.ratio || !b?.ratio) continue;
    const f = per10x(a, b);
    scaling.push(`${sizes[k]}->${sizes[k + 1]} shoppers: ${x2(f)}x time`);
    linear &&= f <= 12;
  }
  // Days: stepping only, as both runs set up the same 10k shoppers.
  const year = get('engine.2024.10k.step');
  const decade = get('engine.2024.10k.3650d.step');
  if (year?.ratio && decade?.ratio) {
    const f = per10x(year, decade);
    scaling.push(`365->3650 days: ${x2(f)}x time`);
    linear &&= f <= 12;
  }
  if (scaling.length) goals.push({ id: 'linear', label: 'time linear in shoppers and days (10x work within 12x time)', measured: scaling.join('; '), pass: linear });

  const one = results.find((r) => r.id.startsWith('sweep.') && r.id.endsWith('.1-worker'));
  const two = results.find((r) => r.id.startsWith('sweep.') && r.id.endsWith('.2-workers'));
  if (one && two) {
    const speedup = one.value / two.value;
    const g: GoalCheck = { id: 'sweep-speedup', label: 'a sweep on 2 workers at least 1.8x as fast as on 1', measured: `${x2(speedup)}x`, pass: speedup >= 1.8 };
    const t1 = get('sweep.reference.1-thread');
    const t2 = get('sweep.reference.2-threads');
    if (t1 && t2) {
      const machine = t1.value / t2.value;
      g.note = `two threads of the reference kernel gained ${x2(machine)}x on this machine in the same rounds; the sweep got ${(100 * speedup / machine).toFixed(0)}% of that`;
    }
    const runs = Number(/^sweep\.(\d+)x/.exec(one.id)?.[1] ?? 0);
    if (runs < 96) g.note = `${g.note ? `${g.note}; ` : ''}${runs} runs: a short sweep, much of it pool start-up; the full suite judges the goal on 96`;
    goals.push(g);
  }
  const cli = get('cli.run-first-result');
  if (cli) goals.push({ id: 'cli-first-result', label: 'shopsim run of the default scenario: first result within 1.5 s', measured: `${(cli.value / 1000).toFixed(2)} s`, pass: cli.value <= 1500 });
  return goals;
}
