// Output-side failures (issue 16): an unusable --out is one line and exit 2,
// a disk that fills mid-sweep is one line and exit 1 saying what was kept and
// how to resume, no temporary file is left, and two writers never share a folder.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { cli as shopsimAsync } from './shopsim.ts';
import { openRunFolder } from '@shopsim/calibrate';
import { ensembleProblem } from './ensemble-fixtures.ts';

const tiny = ['--shoppers', '50', '--days', '3', '--quiet', '--workers', '2'];
const sweep = (out: string, values = '0.3,0.6', extra: string[] = []) => ['sweep', '--set', `levers.warehouseShare=${values}`, ...tiny, '--out', out, ...extra];
const tmp = () => mkdtempSync(join(tmpdir(), 'cli-output-'));

function expectOneLine(r: { status: number | null; stderr: string }, status: number, message: RegExp): void {
  expect(r.status, r.stderr).toBe(status);
  expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at |\.ts:\d+:\d+|node:internal/);
}

/** Mounts a tmpfs (CI runs as root); false where mounting is not permitted. */
const mounts: string[] = [];
function mountTmpfs(options: string): string | null {
  const dir = tmp();
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
  if (r.status !== 0) {
    console.warn(`skipped: cannot mount a tmpfs here (${r.stderr.toString().trim() || 'not root'}); CI runs this as root`);
    return null;
  }
  mounts.push(dir);
  return dir;
}
afterAll(() => {
  for (const m of mounts) spawnSync('umount', [m]);
});

const leftovers = (dir: string) => readdirSync(dir, { recursive: true }).map(String).filter((f) => /\.tmp-\d+$|\.sorted$|\.shopsim\.lock$/.test(f));

describe.concurrent('an unusable --out', () => {
  it('empty: exit 2, one line', async () => {
    expectOneLine(await shopsimAsync(sweep('')), 2, /--out is empty/);
  });

  it('under a file (ENOTDIR): exit 2, one line', async () => {
    const file = join(tmp(), 'file');
    writeFileSync(file, 'x');
    expectOneLine(await shopsimAsync(sweep(join(file, 'out'))), 2, /is a file, not a folder/);
  });

  it('on a read-only disk (EROFS): exit 2, one line', async () => {
    const ro = mountTmpfs('ro,size=64k');
    if (!ro) return;
    expectOneLine(await shopsimAsync(sweep(join(ro, 'out'))), 2, /read-only/);
    expectOneLine(await shopsimAsync(['run', ...tiny, '-R', '2', '--out', join(ro, 'out')]), 2, /read-only/);
  });

  it('an immutable folder (EPERM): exit 2, one line', async () => {
    const dir = tmp();
    if (spawnSync('chattr', ['+i', dir]).status !== 0) return console.warn('skipped: chattr +i is not permitted here');
    try {
      expectOneLine(await shopsimAsync(sweep(join(dir, 'out'))), 2, /not permitted/);
    } finally {
      spawnSync('chattr', ['-i', dir]);
    }
  });
});

describe('a disk that fills mid-sweep', () => {
  it('exit 1 saying what was kept; --resume elsewhere finishes it byte for byte like an uninterrupted sweep', async () => {
    const small = mountTmpfs('size=96k');
    if (!small) return;
    const values = '0:1:120';
    const full = join(small, 'out');
    const r = await shopsimAsync(sweep(full, values));
    expectOneLine(r, 1, /no space left on the device; kept \d+ of 120 runs in .*runs\.jsonl.*run the same command with --resume/);
    expect(leftovers(full)).toEqual([]);

    const moved = join(tmp(), 'out');
    cpSync(full, moved, { recursive: true });
    const resumed = await shopsimAsync(sweep(moved, values, ['--resume']));
    expect(resumed.status, resumed.stderr).toBe(0);
    const reference = join(tmp(), 'out');
    expect((await shopsimAsync(sweep(reference, values))).status).toBe(0);
    for (const f of ['runs.jsonl', 'runs.csv', 'summary.json', 'sensitivity.json']) {
      expect(readFileSync(join(moved, f)).equals(readFileSync(join(reference, f))), f).toBe(true);
    }
  });
});

describe('the results folder', () => {
  it('--resume removes the temporary files of a killed final write', async () => {
    const out = join(tmp(), 'out');
    expect((await shopsimAsync(sweep(out))).status).toBe(0);
    writeFileSync(join(out, 'summary.json.tmp-99999'), '{"half');
    writeFileSync(join(out, 'runs.jsonl.sorted'), '');
    expect((await shopsimAsync(sweep(out, '0.3,0.6', ['--resume']))).status).toBe(0);
    expect(leftovers(out)).toEqual([]);
  });

  it('two writers cannot share it: a second --resume exits 2 naming the one running', async () => {
    const out = join(tmp(), 'out');
    mkdirSync(out);
    expect((await shopsimAsync(sweep(out))).status).toBe(0);
    // A running process holds the lock, as a first --resume would.
    const holder = spawn('sleep', ['60']);
    try {
      writeFileSync(join(out, '.shopsim.lock'), JSON.stringify({ pid: holder.pid, host: hostname(), since: 'now' }));
      expectOneLine(await shopsimAsync(sweep(out, '0.3,0.6', ['--resume'])), 2, new RegExp(`in use by another shopsim \\(pid ${holder.pid}`));
    } finally {
      holder.kill('SIGKILL');
    }
    rmSync(join(out, '.shopsim.lock'));
  });
});

// calibrate and calibrate --ensemble write through the same output layer as
// run and sweep (042d453: their own mkdir/writeFileSync gave stack traces, no
// lock, and an empty --out wrote evaluations/ into the current folder).
describe.concurrent('calibrate on the shared output layer', () => {
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  const fit = (out: string) => ['calibrate', join(root, 'scenarios/2024.yaml'), '--targets', join(root, 'targets/report-2019-2024.yaml'), '--param', 'behaviour.lossAversion=1:2.5', '--quiet', '--out', out];
  const { args: ensemble } = ensembleProblem();
  const commands = { calibrate: fit, 'calibrate --ensemble': ensemble };

  it.each(Object.keys(commands))('%s: an empty --out or one under a file is one line, exit 2, nothing written', async (name) => {
    const args = commands[name as keyof typeof commands];
    const cwd = tmp();
    expectOneLine(await shopsimAsync(args(''), { cwd }), 2, /--out is empty/);
    expect(readdirSync(cwd)).toEqual([]);
    const file = join(tmp(), 'file');
    writeFileSync(file, 'x');
    expectOneLine(await shopsimAsync(args(join(file, 'out'))), 2, /is a file, not a folder|part of the path is a file/);
  });

  it.each(Object.keys(commands))('%s: a read-only disk is one line, exit 2', async (name) => {
    const ro = mountTmpfs('ro,size=64k');
    if (!ro) return;
    expectOneLine(await shopsimAsync(commands[name as keyof typeof commands](join(ro, 'out'))), 2, /read-only/);
  });

  it('calibrate: a folder another shopsim is writing is refused, naming it', async () => {
    const out = tmp();
    const holder = spawn('sleep', ['60']);
    try {
      writeFileSync(join(out, '.shopsim.lock'), JSON.stringify({ pid: holder.pid, host: hostname(), since: 'now' }));
      expectOneLine(await shopsimAsync(fit(out)), 2, new RegExp(`in use by another shopsim \\(pid ${holder.pid}`));
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('calibrate --ensemble: a shard another shopsim is running is refused; the folder stays shared with the other shards', async () => {
    const out = tmp();
    const holder = spawn('sleep', ['60']);
    try {
      writeFileSync(join(out, '.shopsim.shard-0-of-2.lock'), JSON.stringify({ pid: holder.pid, host: hostname(), since: 'now' }));
      expectOneLine(await shopsimAsync([...ensemble(out), '--shard', '0/2']), 2, new RegExp(`in use by another shopsim \\(pid ${holder.pid}`));
      expect(existsSync(join(out, 'ensemble-run.json'))).toBe(false);
      // Another shard's lock is no reason to refuse: the folder counts as empty for a first start.
      openRunFolder(out, 'same calibration', false, {});
      expect(existsSync(join(out, 'ensemble-run.json'))).toBe(true);
    } finally {
      holder.kill('SIGKILL');
    }
  });
});
