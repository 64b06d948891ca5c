// Every way of asking for work meets the same limits before any work starts
// (issue 16): --set grids, seeds replacing an experiment's, shards, workers,
// replications that keep daily series.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadScenarioFile } from '@shopsim/scenario';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPlanSize, parseSet, planFromSets } from './design.ts';
import { InputError } from './input-error.ts';
import { poolThreads } from './pool.ts';
import { runReplications } from './replicate.ts';
import { runSweep } from './sweep.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'limits-'));

describe('limits', () => {
  it('a --set grid is refused before its run list is built, as a file\'s would be', () => {
    expect(() => parseSet('levers.warehouseShare=0:1:100000000')).toThrow(/steps must be a whole number from 2 to 10,000/);
    const sets = [parseSet('levers.warehouseShare=0:1:10000'), parseSet('levers.priceIndex=0.9:1.1:200')];
    expect(() => planFromSets(sets, { design: 'grid' }, [1])).toThrow(/2,000,000 design points, more than 1,000,000/);
    const fewer = [parseSet('levers.warehouseShare=0:1:10000'), parseSet('levers.priceIndex=0.9:1.1:20')];
    expect(() => planFromSets(fewer, { design: 'grid' }, [1, 2, 3, 4, 5, 6])).toThrow(/1,200,000 runs .* more than 1,000,000/);
  });

  it('seeds that replace an experiment\'s replications meet the run limit', () => {
    expect(() => checkPlanSize(100_000, 100, 'the experiment with -R 100')).toThrow(InputError);
    expect(() => checkPlanSize(100_000, 10, 'x')).not.toThrow();
  });

  it('a seeds: list in a file is capped like --replications', () => {
    const file = join(tmp(), 'many-seeds.yaml');
    const base = fileURLToPath(new URL('../../../scenarios/2024.yaml', import.meta.url));
    writeFileSync(file, `extends: ${base}\nseeds: [${Array.from({ length: 100_001 }, (_, i) => i + 1).join(',')}]\n`);
    expect(() => loadScenarioFile(file)).toThrow(/seeds/);
  });

  it('never more threads than the cores or the work', () => {
    expect(poolThreads(1000, 64)).toBe(Math.min(availableParallelism(), 64));
    expect(poolThreads(1000, 1)).toBe(1);
    expect(poolThreads(0, 0)).toBe(1);
  });

  it('replications that would hold too many daily rows are refused before any run', async () => {
    await expect(runReplications({ file: null, overrides: { shoppers: 10, days: 365 }, seeds: Array.from({ length: 5000 }, (_, i) => i + 1), workers: 1 }))
      .rejects.toThrow(/daily rows in memory, more than 4,000,000/);
  });

  it('a shard summarises its own design points only, and an empty shard is refused', async () => {
    const plan = planFromSets([parseSet('levers.warehouseShare=0.2,0.4,0.6,0.8')], { design: 'grid' }, [1, 2]);
    const scenario = { file: null, overrides: { shoppers: 50, days: 3 } };
    const out = tmp();
    const r = await runSweep({ scenario, plan, out, workers: 1, shard: { index: 1, count: 3 } });
    // Runs 1, 4, 7 of points 0, 2, 3.
    expect(r.summary.points.map((p) => [p.point, p.runs])).toEqual([[0, 1], [2, 1], [3, 1]]);
    const written = JSON.parse(readFileSync(join(r.out, 'summary.json'), 'utf8'));
    expect(written.pointCount).toBe(3);
    expect(written.points).toHaveLength(3);
    await expect(runSweep({ scenario, plan, out: tmp(), workers: 1, shard: { index: 8, count: 9 } })).rejects.toThrow(/shard 8\/9 has no runs: the sweep has only 8 runs/);
  });
});
