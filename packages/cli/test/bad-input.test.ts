// Every command, given a mistake, says what is wrong and how to fix it in one
// line, exits 2 without a stack trace, and leaves earlier results as they were.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from './shopsim.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const shipped = (name: string) => join(root, 'scenarios', name);
const targets = join(root, 'targets/report-2019-2024.yaml');
const small = ['--shoppers', '2000', '--days', '60', '--quiet'];
const tmp = () => mkdtempSync(join(tmpdir(), 'cli-bad-'));

async function expectUsageError(args: string[], message: RegExp): Promise<void> {
  const r = await cli(args);
  expect(r.status, `${args.join(' ')}\n${r.stderr}`).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at |\.ts:\d+:\d+/);
}

// Arguments that are valid for each command, so an added mistake is the only one.
const valid: Record<string, string[]> = {
  run: ['run', ...small],
  compare: ['compare', shipped('2019-baseline.yaml'), shipped('2024.yaml'), ...small],
  sweep: ['sweep', '--set', 'levers.warehouseShare=0.3,0.6', ...small, '--out', join(tmpdir(), 'never-written')],
  merge: ['merge', tmpdir(), '--out', join(tmpdir(), 'never-written')],
  validate: ['validate', shipped('2024.yaml')],
  schema: ['schema'],
  bench: ['bench', '--quick'],
  report: ['report', tmpdir()],
  calibrate: ['calibrate', shipped('2024.yaml'), '--targets', targets, '--param', 'behaviour.lossAversion=1:2.5'],
  check: ['check', shipped('2024.yaml'), '--targets', targets],
};

describe.concurrent('an unknown flag', () => {
  it.each(Object.keys(valid))('%s: names the flag and exits 2', async (command) => {
    await expectUsageError([...valid[command]!, '--shopers', '10'], /Unknown argument: shopers/);
  });
});

describe.concurrent('a file or folder that does not exist', () => {
  const missing = join(tmpdir(), 'no-such-file.yaml');
  it.each([
    ['run', ['run', missing, ...small]],
    ['compare', ['compare', shipped('2024.yaml'), missing, ...small]],
    ['sweep', ['sweep', missing, '--out', join(tmpdir(), 'never-written')]],
    ['merge', ['merge', join(tmpdir(), 'no-such-folder'), '--out', join(tmpdir(), 'never-written')]],
    ['validate', ['validate', missing]],
    ['bench', ['bench', '--quick', '--compare', missing]],
    ['report', ['report', join(tmpdir(), 'no-such-folder')]],
    ['calibrate', ['calibrate', missing, '--targets', targets, '--param', 'behaviour.lossAversion=1:2.5']],
    ['check', ['check', shipped('2024.yaml'), '--targets', missing]],
  ])('%s: names it and exits 2', async (_command, args) => {
    await expectUsageError(args as string[], /no-such-(file|folder)/);
  });
});

describe.concurrent('a bad value', () => {
  it.each([
    ['sweep --shard 3/2', ['sweep', '--set', 'levers.warehouseShare=0.3', '--shard', '3/2', '--out', join(tmpdir(), 'x')], /shard index 3 is not below the count 2/],
    ['sweep --shard 1-4', ['sweep', '--set', 'levers.warehouseShare=0.3', '--shard', '1-4', '--out', join(tmpdir(), 'x')], /bad shard spec "1-4".*--shard 0\/4/],
    ['sweep --shard auto outside a scheduler', ['sweep', '--set', 'levers.warehouseShare=0.3', '--shard', 'auto/4', '--out', join(tmpdir(), 'x')], /JOB_COMPLETION_INDEX/],
    ['sweep --set of an unknown key', ['sweep', '--set', 'levers.warehouseShar=0.3', '--out', join(tmpdir(), 'x')], /unknown key "warehouseShar".*did you mean "warehouseShare"/],
    ['sweep --design lhs without --samples', ['sweep', '--set', 'levers.warehouseShare=0.2:0.8', '--design', 'lhs', '--out', join(tmpdir(), 'x')], /--samples/],
    ['run --workers 0', ['run', '-R', '2', '--workers', '0'], /--workers must be a whole number/],
    ['run --report without --out', ['run', '-R', '2', '--report'], /--report needs --out/],
    ['compare with one file', ['compare', shipped('2024.yaml')], /at least two scenario files/],
    ['calibrate --param bounds beyond the parameter\'s range', ['calibrate', shipped('2024.yaml'), '--targets', targets, '--param', 'behaviour.lossAversion=0:3'], /--param behaviour\.lossAversion: bounds 0\.\.3 reach outside its allowed range 1\.\.5/],
    ['sweep --resume --force', ['sweep', '--set', 'levers.warehouseShare=0.3', '--resume', '--force', '--out', join(tmpdir(), 'x')], /contradict/],
  ])('%s: says what to write instead and exits 2', async (_name, args, message) => {
    await expectUsageError(args as string[], message as RegExp);
  });
});

describe.concurrent('an output that already exists', () => {
  let results: string;
  let summary: string;
  let sweepDir: string;
  let note: string;

  beforeAll(async () => {
    results = join(tmp(), 'results');
    expect((await cli(['run', '-R', '2', ...small, '--out', results])).status).toBe(0);
    summary = readFileSync(join(results, 'summary.json'), 'utf8');
    sweepDir = join(tmp(), 'sweep');
    expect((await cli(['sweep', '--set', 'levers.warehouseShare=0.3,0.6', ...small, '--out', sweepDir])).status).toBe(0);
    note = join(tmp(), 'notes.txt');
    writeFileSync(note, 'my notes\n');
  });

  it.each([
    ['run', () => ['run', '-R', '2', ...small, '--out', results]],
    ['compare', () => ['compare', shipped('2024.yaml'), shipped('2024.yaml'), '-R', '2', ...small, '--out', results]],
    ['sweep', () => ['sweep', '--set', 'levers.warehouseShare=0.3', ...small, '--out', results]],
    ['merge', () => ['merge', sweepDir, '--out', results]],
    ['calibrate', () => ['calibrate', shipped('2024.yaml'), '--targets', targets, '--param', 'behaviour.lossAversion=1:2.5', '--out', results]],
  ])('%s: refuses to write into a results folder without --force and keeps it intact', async (_command, args) => {
    await expectUsageError(args(), /already exists.*--force/);
    expect(readFileSync(join(results, 'summary.json'), 'utf8')).toBe(summary);
  });

  it.each([
    ['schema --out', () => ['schema', '--out', note]],
    ['report --out', () => ['report', results, '--out', note]],
    ['bench --json', () => ['bench', '--quick', '--json', note]],
  ])('%s: refuses to replace an existing file without --force', async (_command, args) => {
    await expectUsageError(args(), /already exists.*--force/);
    expect(readFileSync(note, 'utf8')).toBe('my notes\n');
  });

  it('replaces only its own results with --force, keeping the user\'s other files', async () => {
    const out = join(tmp(), 'out');
    mkdirSync(out);
    writeFileSync(join(out, 'README.txt'), 'mine\n');
    const r = await cli(['run', '-R', '2', ...small, '--seed', '5', '--out', out, '--force']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).seeds).toEqual([5, 6]);
    expect(readFileSync(join(out, 'README.txt'), 'utf8')).toBe('mine\n');
  });
});

// 042d453 printed every error: a file just under the size limit gave 312,000 lines.
describe('many mistakes in one file', () => {
  it('shows the first 50 errors, one line each, then counts the rest', async () => {
    const file = join(tmp(), 'many.yaml');
    const keys = Array.from({ length: 120 }, (_, i) => `unknownKey${i}: 1`);
    writeFileSync(file, `extends: ${shipped('2024.yaml')}\n${keys.join('\n')}\n`);
    const r = await cli(['validate', file]);
    expect(r.status).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines.filter((l) => /unknown key "unknownKey\d+"/.test(l))).toHaveLength(50);
    expect(lines.at(-1)).toMatch(/\.\.\. and 70 more errors/);
    expect(lines.length).toBeLessThan(50 * 4);
  });
});
