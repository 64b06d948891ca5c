// The gate against a baseline checkout, measured on this machine in the same
// run. A stored baseline carries another machine's ratios: on one CI machine
// the engine's stepping ran 40% slower against the reference kernel than on
// the machine that wrote bench/baseline.json, with the same code (memory and
// cache differ; the kernel only draws numbers). Measuring both sides here, in
// alternating processes (baseline, current, current, baseline: a drift of
// the machine over the run falls on both sides alike), leaves only the code
// to differ. Each side runs its own checkout's `shopsim bench`.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beyondThreshold, compareWithBaseline, suitesToConfirm, undecided, DEFAULT_THRESHOLD, type Change, type Comparison } from './gate.ts';
import { mergeResults, type BenchReport } from './report.ts';
import { reportOf } from './run.ts';

export type SideName = 'baseline' | 'current';

/** Confirming measurements at most: the first, then four more while a figure stays undecided. */
export const MAX_CONFIRMS = 5;

/** Measures one side once: all suites, or only the named ones. */
export type MeasureSide = (side: SideName, only: string[] | undefined) => Promise<BenchReport>;

export interface AgainstOptions {
  quick: boolean;
  /** Processes per side (default 2): the order is baseline, current, current, baseline, ... */
  pairs?: number;
  threshold?: number;
  /** Measure the suites beyond the threshold, or whose interval holds it, again on both sides before judging. */
  confirm?: boolean;
  log?: (line: string) => void;
}

/** baseline, current, current, baseline, baseline, current, ...: ABBA, so a linear drift cancels. */
export function sideOrder(pairs: number): SideName[] {
  const order: SideName[] = [];
  for (let k = 0; k < pairs; k++) order.push(...(k % 2 === 0 ? (['baseline', 'current'] as const) : (['current', 'baseline'] as const)));
  return order;
}

function pooled(reports: BenchReport[], quick: boolean): BenchReport {
  const [first, ...rest] = reports;
  let results = first!.results;
  for (const r of rest) results = mergeResults(results, r.results);
  return { ...reportOf(results, quick), machine: first!.machine, ...(first!.commit ? { commit: first!.commit } : {}) };
}

async function measureBoth(measure: MeasureSide, order: SideName[], only: string[] | undefined, log: (line: string) => void) {
  const got: Record<SideName, BenchReport[]> = { baseline: [], current: [] };
  for (const [k, side] of order.entries()) {
    log(`${side} (${k + 1} of ${order.length})${only ? `: ${only.join(', ')}` : ''}`);
    got[side].push(await measure(side, only));
  }
  return got;
}

/**
 * Measures the baseline and the current code in alternating processes and
 * compares them with the same rule as --compare: a figure fails only when
 * its whole 95% interval lies beyond the threshold.
 */
export async function benchAgainstCheckout(measure: MeasureSide, options: AgainstOptions): Promise<{ baseline: BenchReport; report: BenchReport; comparison: Comparison }> {
  const log = options.log ?? (() => {});
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const got = await measureBoth(measure, sideOrder(options.pairs ?? 2), undefined, log);
  let baseline = pooled(got.baseline, options.quick);
  let report = pooled(got.current, options.quick);
  let comparison = compareWithBaseline(baseline, report, threshold);
  if (!(options.confirm ?? true)) return { baseline, report, comparison };
  // First every figure beyond the threshold or undecided is measured again;
  // then, up to MAX_CONFIRMS, those whose interval still holds the threshold.
  // More rounds narrow the interval, so a slowdown near the threshold is
  // neither passed nor failed on a few noisy rounds (issue 15: a 30% slowdown
  // read +14% [-7%, +42%] beside two busy processes and passed; with three
  // confirming pairs at most, one read +28.9% [+12.0%, +45.3%] and passed).
  const undecidedHere = (c: Change) => undecided(c, threshold);
  for (let k = 0; k < MAX_CONFIRMS; k++) {
    const worth = k === 0 ? (c: Change) => beyondThreshold(c) || undecidedHere(c) : undecidedHere;
    const again = suitesToConfirm(report, comparison, worth);
    if (!again.length) break;
    const ids = comparison.compared.filter(worth).map((c) => c.id);
    log(`${k === 0 ? 'beyond the threshold or undecided' : 'still undecided'}: ${ids.join(', ')}; measuring ${again.join(', ')} again on both sides`);
    // Alternate which side goes first, so the confirming pairs are ABBA too.
    const order = k % 2 === 0 ? sideOrder(1).reverse() : sideOrder(1);
    const more = await measureBoth(measure, order, again, log);
    baseline = pooled([baseline, ...more.baseline], options.quick);
    report = pooled([report, ...more.current], options.quick);
    comparison = compareWithBaseline(baseline, report, threshold);
  }
  return { baseline, report, comparison };
}

/** The `shopsim` program of a checkout. */
export function binOf(checkout: string): string {
  return join(checkout, 'packages', 'cli', 'bin', 'shopsim.js');
}

/**
 * Measures a side by running its checkout's `shopsim bench` in a child
 * process, its progress lines passed on with the side's name. Variables in
 * `currentOnlyEnv` (a deliberately slowed engine) reach only the current side.
 */
export function spawnMeasure(bins: Record<SideName, string>, args: string[], log: (line: string) => void, currentOnlyEnv: string[] = []): MeasureSide {
  return async (side, only) => {
    const dir = mkdtempSync(join(tmpdir(), 'shopsim-bench-'));
    const file = join(dir, 'result.json');
    const argv = [bins[side], 'bench', '--json', file, ...args, ...(only ? ['--only', ...only] : [])];
    const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0' };
    if (side === 'baseline') for (const name of currentOnlyEnv) delete env[name];
    try {
      await new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, argv, { stdio: ['ignore', 'ignore', 'pipe'], env });
        let tail = '';
        child.stderr.setEncoding('utf8');
        child.stderr.on('data', (chunk: string) => {
          tail = (tail + chunk).slice(-4000);
          for (const line of chunk.split('\n')) if (line.trim()) log(`[${side}] ${line.replace(/^bench: /, '')}`);
        });
        child.on('error', reject);
        child.on('close', (c) => (c === 0 ? resolve() : reject(new Error(`the ${side} side's shopsim bench exited ${c}: ${tail.trim().split('\n').pop() ?? ''}`))));
      });
      if (!existsSync(file)) throw new Error(`the ${side} side's shopsim bench wrote no results`);
      return JSON.parse(readFileSync(file, 'utf8')) as BenchReport;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
