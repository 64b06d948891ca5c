// Flag mistakes that 042d453 ran anyway or explained wrongly: each now exits 2 with one
// line naming the flag and what to write instead.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cli } from './shopsim.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const small = ['--shoppers', '500', '--days', '5', '--quiet'];

async function expectOneLine(args: string[], message: RegExp): Promise<void> {
  const r = await cli(args);
  expect(r.status, `${args.join(' ')}\n${r.stdout}\n${r.stderr}`).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(message);
}

describe.concurrent('flag mistakes', () => {
  // 042d453: ran the scenario's 100,000 shoppers.
  it('run --shoppers with no value', () => expectOneLine(['run', '--days', '5', '--shoppers'], /--shoppers needs a value/));
  it('run --shoppers followed by another flag', () => expectOneLine(['run', '--shoppers', '--days', '5'], /--shoppers needs a value/));
  // 042d453: ran seed 0.
  it('run --seeds ""', () => expectOneLine(['run', '--seeds', '', ...small], /--seeds is empty/));
  // 042d453: ran seeds 1, 0, 2.
  it('run --seeds 1,,2', () => expectOneLine(['run', '--seeds', '1,,2', ...small], /--seeds "1,,2" has an empty entry/));
  // 042d453: "Unknown argument: 1".
  it('sweep --shard -1/3', () =>
    expectOneLine(['sweep', '--set', 'levers.warehouseShare=0.3,0.6', '--shard', '-1/3', '--out', '/tmp/never-written', ...small], /shard spec "-1\/3": the shard index cannot be negative/));
  // 042d453: "Unknown argument: shopers" and nothing more.
  it('a misspelt flag gets the nearest one', () => expectOneLine(['run', '--shopers', '10'], /Unknown argument: shopers.*did you mean --shoppers/));
  // 042d453: check --seeds 1,2,3 answered "got NaN"; now --seeds is the same list everywhere.
  it('check --seeds 10 (a count, in the old grammar) says to use -R', () =>
    expectOneLine(['check', `${root}scenarios/2024.yaml`, '--targets', `${root}targets/report-2019-2024.yaml`, '--seeds', '10'], /gives 1 seed.*-R 10/));
});

describe('shopsim --version', () => {
  // 042d453 printed "unknown".
  it('prints the version of package.json', async () => {
    const r = await cli(['--version']);
    const pkg = JSON.parse(readFileSync(`${root}packages/cli/package.json`, 'utf8')) as { version: string };
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });
});
