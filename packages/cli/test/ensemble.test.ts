// shopsim calibrate --ensemble as a user runs it: the same ensemble on 1 or 2
// workers and as 3 shards of a shared folder; a SIGKILL and --resume lose
// nothing; mistakes read as one line. A tiny problem (1,000 shoppers, 60
// days, two parameters, 8 particles then 4 a generation) keeps it small.
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tCritical95 } from '@shopsim/runner';
import { bin, cli } from './shopsim.ts';
import { ENSEMBLE_FILES_COMPARED as FILES, ensembleProblem, expectSameEnsemble } from './ensemble-fixtures.ts';


/**
 * Runs every shard of n in turn, again with --resume, until the ensemble is written.
 * One pool thread each, as a scheduler's one-core tasks run them (a thread costs more to start than a shard's runs).
 */
async function runShardsUntilDone(args: string[], out: string, n: number, rounds = 8): Promise<number> {
  for (let round = 1; round <= rounds; round++) {
    for (let i = 0; i < n; i++) {
      const r = await cli([...args, '--workers', '1', '--shard', `${i}/${n}`, '--resume']);
      expect(r.status, r.stderr).toBe(0);
    }
    if (existsSync(join(out, 'ensemble.yaml'))) return round;
  }
  throw new Error(`no ensemble after ${rounds} rounds of ${n} shards`);
}

describe('shopsim calibrate --ensemble', () => {
  const { dir, args } = ensembleProblem();
  const two = join(dir, 'two-workers');

  it('writes the ensemble and its diagnostics, the same on 2 workers, 1 worker and 3 shards', async () => {
    const r = await cli([...args(two), '--workers', '2']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/members \(effective sample size [0-9.]+\) after \d+ generations/);
    for (const f of [...FILES, 'pairs.svg', 'ensemble-report.json']) expect(existsSync(join(two, f)), f).toBe(true);
    const ensemble = readFileSync(join(two, 'ensemble.yaml'), 'utf8');
    expect(ensemble).toMatch(/kind: behaviour-ensemble/);

    const one = join(dir, 'one-worker');
    expect((await cli([...args(one), '--workers', '1'])).status).toBe(0);
    expectSameEnsemble(one, two);

    const sharded = join(dir, 'sharded');
    mkdirSync(sharded);
    const rounds = await runShardsUntilDone(args(sharded), sharded, 3);
    expect(rounds).toBeGreaterThan(1);
    expectSameEnsemble(sharded, two);
    // Each shard wrote only its own slice of each generation.
    const gen0 = readdirSync(join(sharded, 'evaluations')).filter((f) => f.startsWith('gen-0.'));
    expect(gen0.sort()).toEqual(['gen-0.shard-0-of-3.jsonl', 'gen-0.shard-1-of-3.jsonl', 'gen-0.shard-2-of-3.jsonl']);
  }, 900_000);

  it('resumed after a SIGKILL in the middle, gives exactly the uninterrupted ensemble and runs no particle twice', async () => {
    const cut = join(dir, 'cut');
    const gen0 = join(cut, 'evaluations', 'gen-0.jsonl');
    await killAfterLines([...args(cut), '--workers', '1'], gen0, 3);
    expect(existsSync(join(cut, 'ensemble.yaml'))).toBe(false);
    const before = readFileSync(gen0, 'utf8').split('\n').filter((l) => l.endsWith('}')).length;
    // The kill may or may not have torn the line being written; tear one for certain.
    appendFileSync(gen0, '{"generation":0,"index":7,"val');
    const r = await cli([...args(cut), '--workers', '1', '--resume']);
    expect(r.status, r.stderr).toBe(0);
    expectSameEnsemble(cut, two);
    const kept = readFileSync(gen0, 'utf8').split('\n').filter((l) => l.endsWith('}')).map((l) => JSON.parse(l).index as number);
    expect(kept.length).toBe(8);
    expect(new Set(kept).size).toBe(8);
    expect(before).toBeGreaterThanOrEqual(3);
  }, 900_000);

  it('refuses to start over a folder that holds another calibration, and a --resume with other inputs', async () => {
    expect(existsSync(join(two, 'ensemble-run.json'))).toBe(true);
    const r = await cli(args(two));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/already holds an ensemble calibration.*--resume/);
    const other = await cli([...args(two).map((a) => (a === '8' ? '10' : a)), '--resume']);
    expect(other.status).toBe(2);
    expect(other.stderr).toMatch(/holds a different ensemble calibration/);
    expect(other.stderr).not.toMatch(/\n\s+at /);
  });

  it('keeps a fit on the proposal kernel it started with: a --resume under another kernel is refused in one line', async () => {
    const manifest = join(two, 'ensemble-run.json');
    const held = readFileSync(manifest, 'utf8');
    expect(JSON.parse(held).settings.kernel).toBe('global');
    const refused = await cli([...args(two), '--resume', '--kernel', 'olcm']);
    expect(refused.status).toBe(2);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/was started with the global proposal kernel, not olcm.*--kernel global/);
    // A folder written before the kernel was a setting has none in its manifest: it was fitted with the global kernel.
    try {
      const old = JSON.parse(held);
      delete old.settings.kernel;
      writeFileSync(manifest, JSON.stringify(old));
      expect((await cli([...args(two), '--resume', '--kernel', 'olcm'])).stderr).toMatch(/started with the global proposal kernel/);
      const resumed = await cli([...args(two), '--resume', '--kernel', 'global']);
      expect(resumed.status, resumed.stderr).toBe(0);
    } finally {
      writeFileSync(manifest, held);
    }
    const unknown = await cli([...args(join(dir, 'no-such-kernel')), '--kernel', 'local']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/--kernel local: no such proposal kernel.*olcm, global/);
  });

  it('--resume with fewer --max-generations writes the ensemble of the generations already run, running no particle', async () => {
    const early = join(dir, 'early');
    const upTo = (n: number) => args(early).map((a, i, all) => (all[i - 1] === '--max-generations' ? String(n) : a));
    expect((await cli([...upTo(3), '--workers', '1'])).status).toBe(0);
    expect(existsSync(join(early, 'evaluations', 'gen-1.jsonl'))).toBe(true);
    const stored = () => readdirSync(join(early, 'evaluations')).map((f) => readFileSync(join(early, 'evaluations', f), 'utf8')).join('');
    const before = stored();
    const r = await cli([...upTo(1), '--workers', '1', '--resume']);
    expect(r.status, r.stderr).toBe(0);
    expect(stored()).toBe(before);
    const history = readFileSync(join(early, 'history.csv'), 'utf8').trim().split('\n');
    expect(history).toHaveLength(2);
    expect(history[1]).toMatch(/,generations$/);
  }, 900_000);

  // not_fitted: a target check judges but the fit leaves out (the shipped
  // file's apparel after-sales pair, which no behaviour within the priors
  // reaches): it is neither run nor in any distance, and check notes it.
  it('leaves a not_fitted target out of the fit, and check still judges it with a note', async () => {
    const partial = join(dir, 'partial-priors.yaml');
    writeFileSync(partial, readFileSync(join(dir, 'priors.yaml'), 'utf8') + 'not_fitted:\n  T payment_abandonment: a test of leaving one out\n');
    const out = join(dir, 'partial');
    const r = await cli([...args(out).map((a) => (a.endsWith('priors.yaml') ? partial : a)), '--max-generations', '1', '--workers', '1']);
    expect(r.status, r.stderr).toBe(0);
    const evaluations = readFileSync(join(out, 'evaluations', 'gen-0.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    for (const e of evaluations) expect(Object.keys(e.targets)).toEqual(['T orders']);
    expect(Object.keys(JSON.parse(readFileSync(join(out, 'noise.json'), 'utf8')))).toEqual(['T orders']);
    const checked = await cli(['check', join(dir, 'small.yaml'), '--priors', partial, '--behaviours', 'none', '-R', '3', '--workers', '1', '--quiet']);
    expect(checked.status, checked.stderr).not.toBe(2);
    expect(checked.stdout).toMatch(/^T payment_abandonment .*(pass|FAIL|inconclusive)/m);
    expect(checked.stdout).toMatch(/^note: not fitted T payment_abandonment: a test of leaving one out$/m);
  }, 120_000);

  it('with judge_drift, runs two windows after the warm-up and counts each target\'s drift in the distance', async () => {
    const drifting = join(dir, 'drifting-priors.yaml');
    writeFileSync(drifting, readFileSync(join(dir, 'priors.yaml'), 'utf8') + 'steady_state: { warmup_days: 30, judge_drift: true }\n');
    const out = join(dir, 'drift');
    const r = await cli([...args(out).map((a) => (a.endsWith('priors.yaml') ? drifting : a)), '--days', '60', '--max-generations', '1', '--workers', '1']);
    expect(r.status, r.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'ensemble-run.json'), 'utf8'));
    expect(JSON.stringify(manifest)).toMatch(/"warmupDays":30,"days":150/);
    const evaluations = readFileSync(join(out, 'evaluations', 'gen-0.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(evaluations).toHaveLength(8);
    for (const e of evaluations) {
      for (const t of Object.values(e.targets) as { implausibility: number; drift: number }[]) {
        expect(Number.isFinite(t.drift)).toBe(true);
        expect(e.distance).toBeGreaterThanOrEqual(t.implausibility);
      }
    }
    // The reference seed noise: every target's spread per seed, level and drift, measured once and kept with the run.
    const noise = JSON.parse(readFileSync(join(out, 'noise.json'), 'utf8')) as Record<string, { level: number; drift: number }>;
    expect(Object.keys(noise).sort()).toEqual(Object.keys(evaluations[0].targets).sort());
    for (const n of Object.values(noise)) {
      expect(n.level).toBeGreaterThan(0);
      expect(n.drift).toBeGreaterThan(0);
    }
    // It is the scenario's own behaviour on the 10 seeds after the fit's (1, 2): check measures the same spread.
    const checked = await cli(['check', join(dir, 'small.yaml'), '--priors', drifting, '--behaviours', 'none', '--seeds', '3..12', '--days', '60', '--steady-state', '--workers', '1', '--quiet', '--json']);
    expect(checked.status, checked.stderr).not.toBe(2);
    const sdOf = (lo: number, hi: number, n: number) => ((hi - lo) / 2 / tCritical95(n - 1)) * Math.sqrt(n);
    for (const row of JSON.parse(checked.stdout).rows as { target: string; lo: number; hi: number; n: number; drift: { lo: number; hi: number } }[]) {
      expect(row.n).toBe(10);
      expect(noise[row.target]!.level).toBeCloseTo(sdOf(row.lo, row.hi, row.n), 9);
      expect(noise[row.target]!.drift).toBeCloseTo(sdOf(row.drift.lo, row.drift.hi, row.n), 9);
    }
    // Without judge_drift no drift is measured.
    const plain = readFileSync(join(two, 'evaluations', 'gen-0.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(Object.values(plain[0].targets).some((t) => 'drift' in (t as object))).toBe(false);
    expect(Object.values(JSON.parse(readFileSync(join(two, 'noise.json'), 'utf8'))).some((t) => 'drift' in (t as object))).toBe(false);
  }, 900_000);

  it('says which parameter of the ensemble file is wrong', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'targets: targets.yaml\nparameters:\n  behaviour.nope: { range: [0, 1], source: test }\n');
    const r = await cli([...args(join(dir, 'bad-out')).map((a) => (a.endsWith('priors.yaml') ? bad : a))]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/parameters\.behaviour\.nope: "nope" is not a behavioural parameter/);
  });
});

/** Starts the calibration, SIGKILLs it once `file` has `atLeast` lines. */
function killAfterLines(args: string[], file: string, atLeast: number): Promise<void> {
  return new Promise((resolve, reject) => {
    // The bin, as a user starts it (the bundle when fresh): the kill lands on a real shopsim process.
    const child = spawn(process.execPath, [bin, ...args], { stdio: 'ignore' });
    const timer = setInterval(() => {
      if (existsSync(file) && readFileSync(file, 'utf8').split('\n').length - 1 >= atLeast) {
        clearInterval(timer);
        child.kill('SIGKILL');
      }
    }, 20);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearInterval(timer);
      if (signal !== 'SIGKILL') reject(new Error(`the calibration ended by itself (code ${code}) before it could be killed`));
      else resolve();
    });
  });
}
