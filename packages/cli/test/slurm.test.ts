// A sweep as a real Slurm job array: a one-node cluster on loopback
// (.ci/slurm-one-node.sh), `sbatch --array`, each task taking its shard from
// SLURM_ARRAY_TASK_ID, then `shopsim merge`; the merged folder must equal the
// unsharded sweep. Skipped where Slurm is not installed; CI installs
// slurm-wlm and munge, so there it always runs (optional-parts.ts).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWith, slurmPart } from './optional-parts.ts';
// Array tasks run the bin, as a user's job script does (`pnpm shopsim`, docs/scale-out.md).
import { bin, cli } from './shopsim.ts';
import { ensembleProblem, expectSameEnsemble } from './ensemble-fixtures.ts';
import { clusterScript, clusterUp } from './slurm-cluster.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describeWith(slurmPart, 'a sweep as a Slurm job array', () => {
  let startedHere = false;

  beforeAll(() => {
    if (clusterUp()) return;
    const r = spawnSync('bash', [clusterScript, 'start'], { encoding: 'utf8', timeout: 5 * 60_000 });
    if (r.status !== 0) throw new Error(`could not start the one-node Slurm cluster: ${r.stderr}`);
    startedHere = true;
  }, 6 * 60_000);

  afterAll(() => {
    if (startedHere) spawnSync('bash', [clusterScript, 'stop']);
  });

  // No speed is asserted: waitForJob's poll budget only stops a hung job.
  it('runs sbatch --array shards that merge into exactly the unsharded sweep', { timeout: 20 * 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slurm-'));
    const sweep = ['sweep', '--set', 'levers.warehouseShare=0.3,0.6,0.9', '--seeds', '1,2', '--shoppers', '2000', '--days', '60', '--quiet'];
    const whole = join(dir, 'whole');
    expect((await cli([...sweep, '--out', whole])).status).toBe(0);

    // The same job script docs/scale-out.md shows, with this checkout's node and CLI.
    const job = join(dir, 'sweep.sbatch');
    writeFileSync(job, [
      '#!/bin/bash',
      '#SBATCH --job-name=shopsim-sweep',
      '#SBATCH --array=0-2',
      '#SBATCH --cpus-per-task=1',
      `#SBATCH --output=${dir}/slurm-%A_%a.out`,
      'set -eu',
      `"${process.execPath}" "${bin}" ${sweep.join(' ')} --workers 1 --shard auto/3 --resume --out "${dir}/shards"`,
      '',
    ].join('\n'));
    const submitted = spawnSync('sbatch', ['--parsable', `--chdir=${root}`, job], { encoding: 'utf8' });
    expect(submitted.status, `sbatch failed: ${submitted.stderr}`).toBe(0);
    const states = await waitForJob(submitted.stdout.trim().split(';')[0]!, 3);
    const logs = spawnSync('sh', ['-c', `cat ${dir}/slurm-*.out`], { encoding: 'utf8' }).stdout;
    expect(states, `array tasks did not all complete:\n${logs}`).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED']);

    const merged = join(dir, 'merged');
    const m = await cli(['merge', join(dir, 'shards'), '--out', merged, '--json']);
    expect(m.status, m.stderr).toBe(0);
    expect(JSON.parse(m.stdout).shards).toHaveLength(3);
    for (const f of ['runs.jsonl', 'runs.csv', 'summary.json', 'sensitivity.json']) {
      expect(readFileSync(join(merged, f), 'utf8'), f).toBe(readFileSync(join(whole, f), 'utf8'));
    }
    const shardOf = (i: number) => JSON.parse(readFileSync(join(dir, 'shards', `shard-${i}-of-3`, 'manifest.json'), 'utf8')).shard;
    expect([0, 1, 2].map(shardOf)).toEqual([0, 1, 2].map((index) => ({ index, count: 3 })));
  });

  // An ensemble calibration is sequential over generations: each array
  // submission evaluates every shard's slice of the generations it can reach
  // in the shared folder, and the array is submitted again (--resume) until
  // the ensemble is written, as docs/calibration.md shows.
  it('runs calibrate --ensemble as sbatch --array shards that give exactly the 2-worker ensemble', async () => {
    const { dir, args } = ensembleProblem();
    const whole = join(dir, 'whole');
    const w = await cli([...args(whole), '--workers', '2']);
    expect(w.status, w.stderr).toBe(0);

    const shared = join(dir, 'shared');
    const job = join(dir, 'ensemble.sbatch');
    writeFileSync(job, [
      '#!/bin/bash',
      '#SBATCH --job-name=shopsim-ensemble',
      '#SBATCH --array=0-2',
      '#SBATCH --cpus-per-task=1',
      `#SBATCH --output=${dir}/slurm-%A_%a.out`,
      'set -eu',
      `"${process.execPath}" "${bin}" ${args(shared).join(' ')} --workers 1 --shard auto/3 --resume`,
      '',
    ].join('\n'));
    let submissions = 0;
    while (!existsSync(join(shared, 'ensemble.yaml'))) {
      expect(submissions, 'the ensemble was not written after 6 submissions of the array').toBeLessThan(6);
      const submitted = spawnSync('sbatch', ['--parsable', `--chdir=${root}`, job], { encoding: 'utf8' });
      expect(submitted.status, `sbatch failed: ${submitted.stderr}`).toBe(0);
      const states = await waitForJob(submitted.stdout.trim().split(';')[0]!, 3);
      const logs = spawnSync('sh', ['-c', `cat ${dir}/slurm-*.out`], { encoding: 'utf8' }).stdout;
      expect(states, `array tasks did not all complete:\n${logs}`).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED']);
      submissions++;
    }
    expectSameEnsemble(shared, whole);
  }, 900_000);
});

const FINAL_STATES = /^(COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY|BOOT_FAIL|DEADLINE|PREEMPTED)$/;

/**
 * The final state of each array task, polled with scontrol (sbatch --wait
 * polls with growing pauses and returned half a minute late here). The
 * poll budget (3,000 polls 300 ms apart, about 15 minutes) is far beyond what
 * three small shards take on a busy machine: it only ends a job that hangs,
 * and counting polls instead of reading a clock keeps time out of the test.
 */
async function waitForJob(jobId: string, tasks: number, polls = 3_000): Promise<string[]> {
  for (let poll = 0; ; poll++) {
    const shown = spawnSync('scontrol', ['show', 'job', '-o', jobId], { encoding: 'utf8' }).stdout ?? '';
    const states = [...shown.matchAll(/ArrayTaskId=(\d+) .*?JobState=(\S+)/g)]
      .sort((a, b) => Number(a[1]) - Number(b[1]))
      .map((m) => m[2]!);
    // A pending remainder of the array shows as one record (ArrayTaskId=1-2), not matched above.
    if (states.length === tasks && states.every((s) => FINAL_STATES.test(s))) return states;
    if (poll >= polls) {
      spawnSync('scancel', [jobId]);
      throw new Error(`Slurm job ${jobId} did not finish within ${polls} polls:\n${shown}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
}
