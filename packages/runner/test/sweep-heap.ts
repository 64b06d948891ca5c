// Runs a sweep of tiny runs and prints the main thread's heap, after a full
// garbage collection, once 90% of the runs are done. Started by
// sweep-memory.test.ts as `node --expose-gc --import tsx sweep-heap.ts RUNS OUT`.
import { parseSet, planFromSets } from '../src/design.ts';
import { seedRange } from '../src/replicate.ts';
import { runSweep } from '../src/sweep.ts';

const runs = Number(process.argv[2]);
const out = process.argv[3]!;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('start with node --expose-gc');
// The pool's worker the test suite bundled (vitest.global-setup.ts), when given: spares
// each of the two threads compiling the engine through tsx (about 1.3 CPU-s a pool).
if (process.env.SHOPSIM_POOL_WORKER) (globalThis as { shopsimWorker?: string }).shopsimWorker = process.env.SHOPSIM_POOL_WORKER;

// Two design points, many replications: the summary stays small, so any growth is per run.
const plan = planFromSets([parseSet('levers.warehouseShare=0.3,0.9')], { design: 'grid' }, seedRange(1, runs / 2));
let heapAt90 = 0;
const at = Math.floor(runs * 0.9);
const result = await runSweep({
  scenario: { file: null, overrides: { shoppers: 10, days: 2 } },
  plan,
  out,
  workers: 2,
  onProgress: (done) => {
    if (done !== at) return;
    gc();
    heapAt90 = process.memoryUsage().heapUsed;
  },
});
process.stdout.write(JSON.stringify({ runs: result.total, failed: result.failed, heapAt90 }) + '\n');
