// shopsim sweep and merge as a user runs them: worker counts, shards, a kill
// in the middle and --resume must all give the same results folder.
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { bin, cli } from './shopsim.ts';
import { shippedEnsembleFor } from '../src/commands/behaviours-option.ts';

const small = ['--shoppers', '2000', '--days', '60', '--quiet'];
const sweepArgs = ['sweep', '--set', 'levers.warehouseShare=0.3,0.6,0.9', '--seeds', '1,2', ...small];
const RESULT_FILES = ['runs.jsonl', 'runs.csv', 'summary.json', 'sensitivity.json'];

const tmp = () => mkdtempSync(join(tmpdir(), 'cli-sweep-'));
const read = (dir: string, name: string) => readFileSync(join(dir, name), 'utf8');
const lines = (dir: string) => read(dir, 'runs.jsonl').trim().split('\n');

function expectSameResults(a: string, b: string): void {
  for (const f of RESULT_FILES) expect(read(a, f), f).toBe(read(b, f));
}

describe('shopsim sweep', () => {
  it('writes the same runs.jsonl, runs.csv and summaries with 1 worker and with 2', async () => {
    const one = join(tmp(), 'one');
    const two = join(tmp(), 'two');
    const r1 = await cli([...sweepArgs, '--workers', '1', '--out', one]);
    const r2 = await cli([...sweepArgs, '--workers', '2', '--out', two]);
    expect(r1.status, r1.stderr).toBe(0);
    expect(r2.status, r2.stderr).toBe(0);
    expect(lines(one)).toHaveLength(6);
    expect([...lines(two)].sort()).toEqual([...lines(one)].sort());
    expectSameResults(one, two);
    expect(r1.stdout).toMatch(/sweep: 6 runs, 3 design points, none failed/);
  });

  // A shipped scenario draws each run's behaviour from the shipped ensemble
  // once its recorded check passed every target (it has: docs/calibration.md,
  // "The shipped ensemble"); the terminal says so, as run and compare do.
  it('says when its runs drew behaviours from an ensemble, and not with --behaviours none', async () => {
    const shipped = fileURLToPath(new URL('../../../scenarios/2024.yaml', import.meta.url));
    const args = ['sweep', shipped, '--set', 'levers.warehouseShare=0.3,0.9', '--seeds', '1,2', ...small, '--workers', '1'];
    const drawn = await cli([...args, '--out', join(tmp(), 'drawn')]);
    const own = await cli([...args, '--behaviours', 'none', '--out', join(tmp(), 'own')]);
    expect([drawn.status, own.status], drawn.stderr + own.stderr).toEqual([0, 0]);
    const ensemble = shippedEnsembleFor([shipped]);
    if (ensemble) expect(drawn.stdout).toMatch(/^behaviours: each run drew one of the \d+ plausible members of .*behaviours-v2\.yaml by its seed, the same at every design point/m);
    else expect(drawn.stdout).not.toMatch(/^behaviours:/m);
    expect(own.stdout).not.toMatch(/^behaviours:/m);
  });

  it('merges shards 0..n-1, run one by one or by index from a scheduler, into exactly the unsharded sweep', async () => {
    const daily = [...sweepArgs, '--daily'];
    const whole = join(tmp(), 'whole');
    expect((await cli([...daily, '--out', whole])).status).toBe(0);
    const sharded = join(tmp(), 'sharded');
    expect((await cli([...daily, '--shard', '0/3', '--out', sharded])).status).toBe(0);
    // Shards 1 and 2 as a Kubernetes Indexed Job and a Slurm job array would number them.
    expect((await cli([...daily, '--shard', 'auto/3', '--out', sharded], { env: { JOB_COMPLETION_INDEX: '1' } })).status).toBe(0);
    expect((await cli([...daily, '--shard', 'auto', '--out', sharded], { env: { SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_COUNT: '3' } })).status).toBe(0);
    expect(lines(join(sharded, 'shard-1-of-3'))).toHaveLength(2);

    const merged = join(tmp(), 'merged');
    const m = await cli(['merge', sharded, '--out', merged, '--json']);
    expect(m.status, m.stderr).toBe(0);
    expect(JSON.parse(m.stdout)).toMatchObject({ runs: 6, failed: 0 });
    expectSameResults(merged, whole);
    // The tidy files too, every seed's daily series included.
    for (const f of ['long.csv', 'daily.csv', 'codebook.json']) expect(read(merged, f), f).toBe(read(whole, f));
    for (const f of ['long.parquet', 'daily.parquet']) expect(readFileSync(join(merged, f)).equals(readFileSync(join(whole, f))), f).toBe(true);
    expect(JSON.parse(read(merged, 'manifest.json')).mergedFrom).toHaveLength(3);

    // Merging into the shards' own folder, even with --force, would delete them: refused, shards kept.
    const into = await cli(['merge', sharded, '--out', sharded, '--force']);
    expect(into.status).toBe(2);
    expect(into.stderr).toMatch(/overlaps the shard folder/);
    expect(lines(join(sharded, 'shard-1-of-3'))).toHaveLength(2);
  });

  it('refuses to merge an incomplete set of shards, naming how many runs are missing', async () => {
    const sharded = join(tmp(), 'sharded');
    expect((await cli([...sweepArgs, '--shard', '1/3', '--out', sharded])).status).toBe(0);
    const r = await cli(['merge', sharded, '--out', join(tmp(), 'merged')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/4 of 6 runs are missing/);
  });

  it('resumed after a SIGKILL in the middle, gives exactly the uninterrupted sweep', async () => {
    // The kill follows an observed event (the 4th row on disk), not a delay.
    // A busy machine may still let the sweep finish before the signal lands:
    // then the same again with twice the runs, until one is cut.
    for (let seeds = 5; ; seeds *= 2) {
      const args = ['sweep', '--set', 'levers.warehouseShare=0.2,0.4,0.6,0.8', '--seeds', seedList(seeds), ...small, '--workers', '1'];
      const total = 4 * seeds;
      const cut = join(tmp(), 'cut');
      const finishedBeforeKill = await killAfterRows([...args, '--out', cut], join(cut, 'runs.jsonl'), 4);
      if (finishedBeforeKill === 'finished') {
        if (total >= 320) throw new Error(`a sweep of ${total} runs finished every time before the kill landed`);
        continue;
      }
      expect(finishedBeforeKill).toBeGreaterThanOrEqual(4);
      expect(finishedBeforeKill).toBeLessThan(total);
      expect(existsSync(join(cut, 'summary.json'))).toBe(false);
      // The kill may or may not have torn the line being written; tear one for certain.
      appendFileSync(join(cut, 'runs.jsonl'), '{"run":19,"point":3,"par');

      const resumed = await cli([...args, '--out', cut, '--resume', '--json']);
      expect(resumed.status, resumed.stderr).toBe(0);
      const result = JSON.parse(resumed.stdout);
      expect(result.skipped).toBeGreaterThanOrEqual(4);
      expect(result.skipped + result.ran).toBe(total);
      const whole = join(tmp(), 'whole');
      expect((await cli([...args, '--out', whole])).status).toBe(0);
      expectSameResults(cut, whole);
      return;
    }
  });

  it('refuses a sweep with a design point the scenario refuses before any run, naming it (it used to run and fail those runs)', async () => {
    const out = join(tmp(), 'out');
    const r = await cli(['sweep', '--set', 'levers.warehouseShare=0.5,7', '--seeds', '1,2', ...small, '--out', out]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/design point 1 \(levers\.warehouseShare = 7\) is not a valid scenario/);
    expect(existsSync(out)).toBe(false);
  });

  it('prints the machine-readable result with --json and records how to reproduce it in manifest.json', async () => {
    const out = join(tmp(), 'out');
    const r = await cli([...sweepArgs, '--out', out, '--json']);
    expect(r.status).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({ total: 6, ran: 6, failed: 0 });
    expect(result.summary.points).toHaveLength(3);
    const manifest = JSON.parse(read(out, 'manifest.json'));
    expect(manifest.command).toEqual(['shopsim', ...sweepArgs, '--out', out, '--json']);
    expect(manifest.runs).toHaveLength(6);
    expect(manifest.seeds).toEqual([1, 2]);
  });
});

const seedList = (n: number) => Array.from({ length: n }, (_, k) => k + 1).join(',');

/**
 * Starts the sweep in a real process, SIGKILLs it once `runsFile` has
 * `atLeast` lines, and returns how many complete lines it left, or
 * 'finished' if the sweep ended by itself before the kill landed.
 */
function killAfterRows(args: string[], runsFile: string, atLeast: number): Promise<number | 'finished'> {
  const rows = () => (existsSync(runsFile) ? readFileSync(runsFile, 'utf8').split('\n').length - 1 : 0);
  return new Promise((resolve, reject) => {
    // The bin, as a user starts it (the bundle when fresh): the kill lands on a real shopsim process.
    const child = spawn(process.execPath, [bin, ...args], { stdio: 'ignore' });
    const timer = setInterval(() => {
      if (rows() >= atLeast) {
        clearInterval(timer);
        child.kill('SIGKILL');
      }
    }, 10);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearInterval(timer);
      if (signal === 'SIGKILL') resolve(rows());
      else if (code === 0) resolve('finished');
      else reject(new Error(`the sweep failed (exit ${code}) before it could be killed`));
    });
  });
}
