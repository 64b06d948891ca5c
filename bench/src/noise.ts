// How often the regression gate cries wolf, and how often it catches a real
// slowdown, on a busy machine. With two CPU-bound processes running beside
// it, runs the gate CI runs (bench/gate.sh: the baseline and the new code
// measured in alternating runs, ABBA, judged by the bootstrap interval,
// both sides measured again before failing) N times with an unchanged
// engine on the new side and N times with an engine deliberately slowed by
// extra hashed draws per shopper-day, alternating the two. Both sides run
// in this process here (CI runs each in its own), on the gated engine
// figures. Prints the false-alarm and detection rates.
//
//   node --import tsx bench/src/noise.ts [--runs 20] [--extra-draws 0.25] [--threshold 0.15] [--hogs 2]
//
// Only this script and SHOPSIM_BENCH_EXTRA_DRAWS slow the engine.
import { spawn, type ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import { benchAgainstCheckout } from './against.ts';
import { DEFAULT_THRESHOLD, type Change } from './gate.ts';
import { runBench, type BenchOptions } from './run.ts';
import { median } from './stats.ts';

const { values: flags } = parseArgs({
  options: {
    runs: { type: 'string', default: '20' },
    'extra-draws': { type: 'string', default: '0.25' },
    threshold: { type: 'string', default: String(DEFAULT_THRESHOLD) },
    hogs: { type: 'string', default: '2' },
  },
});
const runs = Number(flags.runs);
const extraDraws = Number(flags['extra-draws']);
const threshold = Number(flags.threshold);
const hogs = Number(flags.hogs);

// The gated engine figures at 100k shoppers, 2024 scenario: what CI's gate judges the engine on.
const engine: BenchOptions = { quick: true, only: ['engine'], sizes: [100_000], scenarios: ['2024'] };
const log = (line: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);

/** A process that keeps one core busy until killed. */
function hog(): ChildProcess {
  return spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
}

interface Outcome {
  slowed: boolean;
  failed: boolean;
  /** The step figure's change against the baseline, and its interval. */
  step: Change | undefined;
  seconds: number;
}

async function gateOnce(slowed: boolean): Promise<Outcome> {
  const t0 = performance.now();
  const measure = (side: 'baseline' | 'current') => runBench({ ...engine, extraDraws: side === 'current' && slowed ? extraDraws : 0 });
  const { comparison } = await benchAgainstCheckout(measure, { quick: true, threshold });
  return {
    slowed,
    failed: comparison.regressions.length > 0,
    step: comparison.compared.find((c) => c.id === 'engine.2024.100k.step'),
    seconds: (performance.now() - t0) / 1000,
  };
}

const pct = (x: number) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}%`;

function describe(o: Outcome, k: number): string {
  const s = o.step;
  const interval = s && s.low !== null && s.high !== null ? `${pct(s.low)} .. ${pct(s.high)}` : '-';
  return `${String(k).padStart(3)}  ${o.slowed ? 'slowed   ' : 'unchanged'}  ${o.failed ? 'FAIL' : 'pass'}  step ${s ? pct(s.change) : '-'} (95% ${interval}, ${s?.rounds ?? 0} rounds)  ${o.seconds.toFixed(0)} s`;
}

async function main(): Promise<void> {
  const children = Array.from({ length: hogs }, hog);
  const stop = () => children.forEach((c) => c.kill('SIGKILL'));
  process.on('exit', stop);
  log(`${hogs} CPU-bound processes started; ${runs} gate runs of each engine, alternating`);
  const outcomes: Outcome[] = [];
  try {
    for (let k = 0; k < 2 * runs; k++) {
      // Alternate which engine goes first in each pair as well.
      const slowed = (k % 2 === 0) !== (Math.floor(k / 2) % 2 === 1);
      const o = await gateOnce(slowed);
      outcomes.push(o);
      log(describe(o, k + 1));
    }
  } finally {
    stop();
  }
  const of = (slowed: boolean) => outcomes.filter((o) => o.slowed === slowed);
  const changes = (slowed: boolean) => of(slowed).flatMap((o) => (o.step ? [o.step.current] : []));
  const slowdown = median(changes(true)) / median(changes(false)) - 1;
  const unchangedFails = of(false).filter((o) => o.failed).length;
  const slowedFails = of(true).filter((o) => o.failed).length;
  const lines = [
    `regression gate, threshold +${(threshold * 100).toFixed(0)}%, ${hogs} CPU-bound processes beside it, ${runs} runs of each engine`,
    `unchanged engine: passed ${runs - unchangedFails} of ${runs} (false alarms ${unchangedFails} of ${runs})`,
    `engine slowed by ${extraDraws} extra hashed draws per shopper-day (stepping ${pct(slowdown)} on the CPU clock, median over its runs): failed ${slowedFails} of ${runs} (detected ${slowedFails} of ${runs})`,
    `median time per gate run: ${median(outcomes.map((o) => o.seconds)).toFixed(0)} s`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
