// The same-run reference kernel: drawing N numbers from seedrandom's alea,
// the generator every shopper trait descends from. Timed beside each suite
// so results read as ratios that compare across machines.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import seedrandom from 'seedrandom';

/** Draws `count` alea numbers and returns their sum (so the loop cannot be dropped). */
export function aleaDraws(count: number, seed = 'shopsim-bench-reference'): number {
  const next = seedrandom.alea(seed);
  let sum = 0;
  for (let k = 0; k < count; k++) sum += next();
  return sum;
}

// The same kernel in a worker thread (plain JavaScript, so it starts in
// milliseconds without tsx): what two threads of pure work gain on this
// machine right now, against which a sweep's speed-up on two workers reads.
const seedrandomPath = createRequire(import.meta.url).resolve('seedrandom');
const THREAD_KERNEL = `
const { parentPort, workerData } = require('node:worker_threads');
const next = require(workerData.seedrandom).alea('shopsim-bench-reference-' + workerData.k);
let sum = 0;
for (let k = 0; k < workerData.count; k++) sum += next();
parentPort.postMessage(sum);
`;

/** Draws `count` alea numbers split over `threads` worker threads; resolves when all are done. */
export function aleaDrawsOnThreads(count: number, threads: number): Promise<number[]> {
  return Promise.all(
    Array.from({ length: threads }, (_, k) => new Promise<number>((resolve, reject) => {
      const w = new Worker(THREAD_KERNEL, { eval: true, workerData: { seedrandom: seedrandomPath, count: Math.ceil(count / threads), k } });
      w.once('message', (sum: number) => void w.terminate().then(() => resolve(sum)));
      w.once('error', reject);
    })),
  );
}
