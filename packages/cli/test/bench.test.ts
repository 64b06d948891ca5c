// shopsim bench as a user (and CI) runs it: flags, JSON, and the exit codes of --compare.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { fileURLToPath } from 'node:url';
import { cli } from './shopsim.ts';

const SHIPPED = fileURLToPath(new URL('../../../scenarios/', import.meta.url));

type Report = { results: { id: string; ratio: number; ratios: number[]; cpuRatio?: number; cpuRatios?: number[]; gated: boolean }[] };

/** The report with every ratio multiplied by `factor`: a baseline from a machine that much slower. */
function scaled(report: Report, factor: number): Report {
  return {
    ...report,
    results: report.results.map((r) => ({
      ...r,
      ratio: r.ratio * factor,
      ratios: r.ratios.map((x) => x * factor),
      ...(r.cpuRatios ? { cpuRatio: r.cpuRatio! * factor, cpuRatios: r.cpuRatios.map((x) => x * factor) } : {}),
    })),
  };
}

describe('shopsim bench', () => {
  test.each([
    [['bench', '--threshold', '0'], '--threshold'],
    [['bench', '--shoppers', '50'], '--shoppers'],
    [['bench', '--repeat', '1.5'], '--repeat'],
    [['bench', '--rounds', '1'], '--rounds'],
    [['bench', '--against', 'no-such-checkout'], 'no-such-checkout'],
    [['bench', '--pairs', '0', '--against', '.'], '--pairs'],
    [['bench', '--sweep-runs', '1'], '--sweep-runs'],
    [['bench', '--compare', 'no-such-baseline.json'], 'no-such-baseline.json'],
    [['bench', '--json', 'no-such-folder/out.json'], '--json'],
    [['bench', '--scenario-folder', 'no-such-folder'], '--scenario-folder'],
  ])('refuses %j with exit 2 and one line naming the flag', async (args, named) => {
    const r = await cli(args);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(named);
  });

  // Three two-round runs of the scenario suite on two scenario files (a base and one that
  // extends it), not all the shipped ones: seconds; the limit only ends a hang.
  test('writes JSON; --compare exits 0 against a baseline ten times as slow and 1 against one ten times as fast', { timeout: 30 * 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shopsim-bench-'));
    const scenarios = join(dir, 'scenarios');
    mkdirSync(scenarios);
    for (const f of ['2024.yaml', 'eu-returns-45-days.yaml']) copyFileSync(join(SHIPPED, f), join(scenarios, f));
    const suite = ['--quick', '--only', 'scenario', '--rounds', '2', '--scenario-folder', scenarios];
    const first = join(dir, 'first.json');
    const run = await cli(['bench', ...suite, '--json', first]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('scenario.load');
    expect(run.stderr).toContain(`scenario: 2 files of ${scenarios}`);
    const report = JSON.parse(readFileSync(first, 'utf8')) as Report;
    expect(report.results.filter((r) => r.gated).length).toBeGreaterThan(0);

    // Exit codes of --compare against the run's own figures made ten times
    // slower and ten times faster: no machine moves by that much between two
    // runs, so the verdicts cannot depend on how busy it is.
    const slowerBaseline = join(dir, 'slower.json');
    writeFileSync(slowerBaseline, JSON.stringify(scaled(report, 10)));
    const passes = await cli(['bench', ...suite, '--compare', slowerBaseline]);
    expect(passes.status).toBe(0);
    expect(passes.stdout).toContain('no regression');

    const faster = join(dir, 'faster.json');
    writeFileSync(faster, JSON.stringify(scaled(report, 0.1)));
    const slower = await cli(['bench', ...suite, '--compare', faster, '--no-confirm']);
    expect(slower.status).toBe(1);
    expect(slower.stdout).toMatch(/regression: scenario\./);
  });
});
