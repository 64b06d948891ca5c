// Child process of the memory suite: builds and runs one engine and prints,
// as JSON, its peak live memory (heap + array buffers, measured after a full
// GC so that short-lived garbage does not count) and its peak resident set,
// both above what the process held before.
// Usage: node --expose-gc --import tsx memory-probe.ts SHOPPERS DAYS SEED
import { Engine, defaultScenario } from '@shopsim/core';
import { sized } from './scenarios.ts';

const [shoppers, days, seed] = process.argv.slice(2).map(Number) as [number, number, number];
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const config = sized(defaultScenario(), shoppers, days);
let peakLive = 0;
let peakRss = 0;
const sample = () => {
  gc();
  const m = process.memoryUsage();
  peakLive = Math.max(peakLive, m.heapUsed + m.arrayBuffers);
  peakRss = Math.max(peakRss, m.rss);
};
sample();
const baseLive = peakLive;
const baseRss = peakRss;
const engine = new Engine(config, seed);
sample();
let calls = 0;
// A tenth of the progress calls: about every 37 days of a year.
engine.run(() => {
  if (calls++ % 10 === 0) sample();
});
sample();
process.stdout.write(JSON.stringify({ shoppers, days, peakBytes: peakLive - baseLive, peakRssBytes: peakRss - baseRss }) + '\n');
