// shopsim bench as a user (and CI) runs it: flags, JSON, and the exit codes of --compare.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cli } from './shopsim.ts';

describe('shopsim bench', () => {
  test.each([
    [['bench', '--threshold', '0'], '--threshold'],
    [['bench', '--shoppers', '50'], '--shoppers'],
    [['bench', '--repeat', '1.5'], '--repeat'],
    [['bench', '--sweep-runs', '1'], '--sweep-runs'],
    [['bench', '--compare', 'no-such-baseline.json'], 'no-such-baseline.json'],
    [['bench', '--json', 'no-such-folder/out.json'], '--json'],
  ])('refuses %j with exit 2 and one line naming the flag', async (args, named) => {
    const r = await cli(args);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(named);
  });

  test('writes JSON, passes against its own figures and exits 1 against a baseline ten times as fast', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shopsim-bench-'));
    const first = join(dir, 'first.json');
    const run = await cli(['bench', '--quick', '--only', 'scenario', '--json', first]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('scenario.load');
    const report = JSON.parse(readFileSync(first, 'utf8')) as { results: { id: string; ratio: number; ratios: number[]; gated: boolean }[] };
    expect(report.results.filter((r) => r.gated).length).toBeGreaterThan(0);

    // A generous threshold: this machine may be busy, and only the exit codes are under test here.
    const same = await cli(['bench', '--quick', '--only', 'scenario', '--compare', first, '--threshold', '2']);
    expect(same.status).toBe(0);
    expect(same.stdout).toContain('no regression');

    const faster = join(dir, 'faster.json');
    for (const r of report.results) r.ratio /= 10;
    writeFileSync(faster, JSON.stringify(report));
    const slower = await cli(['bench', '--quick', '--only', 'scenario', '--compare', faster, '--no-confirm']);
    expect(slower.status).toBe(1);
    expect(slower.stdout).toMatch(/regression: scenario\./);
  });
});
