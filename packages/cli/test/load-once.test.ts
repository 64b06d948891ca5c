// A command reads its scenario once: the main thread loads and checks it,
// and every replication (in worker threads) runs what that load produced.
// On 042d453 `run -R 4 --out` loaded the file four times in the main thread
// and once more in each worker; sweep loaded it again for every design
// point, check and calibrate --ensemble in every worker, studio twice.
import fs, { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cli } from './shopsim.ts';

/**
 * Watches this process's file system calls on `file` (the loader's
 * `import { openSync, statSync } from 'node:fs'` see the change through
 * syncBuiltinESMExports): the file is removed as soon as it is first opened
 * (the open descriptor still reads all of it), so any later read, here or in
 * a worker, fails the command; and any later look at it here is recorded.
 */
function watchFile(file: string): { opens: string[]; late: string[]; restore: () => void } {
  type Call = (path: unknown, ...rest: unknown[]) => unknown;
  const target = fs as unknown as Record<'openSync' | 'statSync', Call>;
  const real = { openSync: target.openSync, statSync: target.statSync };
  const opens: string[] = [];
  const late: string[] = [];
  const ours = (path: unknown) => typeof path === 'string' && resolve(path) === file;
  target.openSync = (path, ...rest) => {
    if (ours(path) && opens.length > 0) late.push(`open ${String(path)}`);
    const fd = real.openSync(path, ...rest);
    if (ours(path) && opens.length === 0) {
      opens.push(String(path));
      rmSync(file);
    }
    return fd;
  };
  target.statSync = (path, ...rest) => {
    if (ours(path) && opens.length > 0) late.push(`stat ${String(path)}`);
    return real.statSync(path, ...rest);
  };
  syncBuiltinESMExports();
  return {
    opens,
    late,
    restore: () => {
      Object.assign(target, real);
      syncBuiltinESMExports();
    },
  };
}

const shipped = fileURLToPath(new URL('../../../scenarios/', import.meta.url));
const small = ['--shoppers', '400', '--days', '20', '--workers', '1', '--quiet'];

/** A file with an extends chain and a lever expression (a function, which no worker can be sent), in a new folder. */
function rampingFile(extra = ''): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'shopsim-load-once-'));
  copyFileSync(join(shipped, '2024.yaml'), join(dir, 'base.yaml'));
  const file = join(dir, 'ramping.yaml');
  writeFileSync(file, `extends: ./base.yaml\nname: ramping\ndescription: warehouses ramp up\nlevers:\n  warehouseShare: "min(0.9, 0.5 + day / 100)"\n${extra}`);
  return { dir, file };
}

/** Runs a command on a scenario file that is gone after its first load, and checks it was loaded once. */
async function loadedOnce(command: (file: string, dir: string) => Promise<void>, extra = ''): Promise<void> {
  const { dir, file } = rampingFile(extra);
  const watched = watchFile(file);
  try {
    await command(file, dir);
    expect(watched.opens).toEqual([file]);
    expect(watched.late).toEqual([]);
    expect(existsSync(file)).toBe(false);
  } finally {
    watched.restore();
    rmSync(dir, { recursive: true, force: true });
  }
}

const json = (dir: string, name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8'));

describe('each command loads its scenario file exactly once', () => {
  it('run -R 4 --out, and its replications still run', () => loadedOnce(async (file, dir) => {
    const out = join(dir, 'out');
    const r = await cli(['run', file, '-R', '4', '--out', out, ...small]);
    expect(r.status, r.stderr).toBe(0);
    const summary = json(out, 'summary.json');
    expect(summary.seeds).toEqual([1, 2, 3, 4]);
    expect(summary.kpis.all.orders.n).toBe(4);
  }));

  it('sweep --set: every design point checked and run from the one load', () => loadedOnce(async (file, dir) => {
    const out = join(dir, 'out');
    const r = await cli(['sweep', file, '--set', 'levers.afterSales.returnCycleDays=7,45', '--seeds', '1,2', '--out', out, ...small]);
    expect(r.status, r.stderr).toBe(0);
    expect(json(out, 'summary.json')).toMatchObject({ pointCount: 2, runs: 4, failed: 0 });
  }));

  // Each factor's values are fine alone (the load checks that); one combination is not.
  it('sweep still refuses a bad design point, placed in the file, from the one load', () => loadedOnce(async (file, dir) => {
    const r = await cli(['sweep', file, '--out', join(dir, 'out'), '--shoppers', '400', '--workers', '1', '--quiet']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/design point \d \(days = 30, warmupDays = 40\) is not a valid scenario: .*ramping\.yaml:10:\d+ +warmupDays +must be less than days \(30\)/);
  }, 'experiment:\n  policies:\n    grid:\n      days: [30, 60]\n      warmupDays: [0, 40]\n'));

  it('check on the worker pool', () => loadedOnce(async (file) => {
    const r = await cli(['check', file, '--targets', join(shipped, '../targets/report-2019-2024.yaml'), '-R', '2', '--json', ...small]);
    expect(r.status, r.stderr).not.toBe(2);
    expect(JSON.parse(r.stdout).rows.some((row: { simulated?: number }) => Number.isFinite(row.simulated))).toBe(true);
  }, 'calibration: { year: "2024" }\n'));

  it('calibrate, whose manifest holds the extends chain as loaded', () => loadedOnce(async (file, dir) => {
    const targets = join(dir, 'targets.yaml');
    writeFileSync(targets, 'years:\n  "2024":\n    kpis:\n      csat: { value: 4, tolerance: 0.5 }\n');
    const out = join(dir, 'out');
    const r = await cli(['calibrate', file, '--targets', targets, '--param', 'behaviour.baseSatisfaction=0.5:1.5', '-R', '2', '--budget', '1', '--start-points', '0', '--restarts', '0', '--out', out, ...small]);
    expect(r.status, r.stderr).toBe(0);
    const [scenario] = json(out, 'manifest.json').scenarios;
    expect(scenario.chain.map((f: { file: string }) => f.file)).toEqual([file, join(dir, 'base.yaml')]);
    expect(scenario.chain[0].text).toMatch(/^extends: \.\/base\.yaml/);
  }, 'calibration: { year: "2024" }\n'));

  it('studio', () => loadedOnce(async (file) => {
    const { studioData } = await import('../src/commands/studio.ts');
    const data = studioData(file, 400);
    expect(data.doc).toMatchObject({ name: 'ramping', levers: { warehouseShare: 'min(0.9, 0.5 + day / 100)' } });
  }));
});
