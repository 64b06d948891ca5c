// A sweep streams: each run is written to runs.jsonl as it ends and then
// dropped, so ten times the runs must not mean ten times the memory.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('./sweep-heap.ts', import.meta.url));

function heapDuringSweep(runs: number): { heapAt90: number; rowBytes: number } {
  const out = join(mkdtempSync(join(tmpdir(), 'sweep-heap-')), 'out');
  const worker = (globalThis as { shopsimWorker?: string }).shopsimWorker;
  const env = { ...process.env, ...(worker === undefined ? {} : { SHOPSIM_POOL_WORKER: worker }) };
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', script, String(runs), out], { encoding: 'utf8', env });
  if (r.status !== 0) throw new Error(r.stderr);
  const result = JSON.parse(r.stdout) as { runs: number; failed: number; heapAt90: number };
  expect(result).toMatchObject({ runs, failed: 0 });
  return { heapAt90: result.heapAt90, rowBytes: statSync(join(out, 'runs.jsonl')).size / runs };
}

describe('sweep memory', () => {
  it('does not hold finished runs: heap grows by far less than a run row per extra run', () => {
    // Half the runs of before, for a shorter test on a busy machine: 4,500
    // held rows of about 4 kB would still add some 18 MB, 10 times the limit,
    // while a heap measured after a full GC moves by well under 1 MB.
    const small = heapDuringSweep(500);
    const large = heapDuringSweep(5000);
    const growthPerRun = (large.heapAt90 - small.heapAt90) / (0.9 * 4500);
    // Only the plan (a few numbers per run) may grow with the run count; a
    // held row would cost at least its JSON length (about 4 kB here).
    expect(growthPerRun).toBeLessThan(large.rowBytes / 10);
  });
});
