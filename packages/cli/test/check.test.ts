import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cli } from './shopsim.ts';
import { defaultProblem } from '../src/commands/behaviours-option.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const shipped2024 = join(root, 'scenarios/2024.yaml');
const reportTargets = join(root, 'targets/report-2019-2024.yaml');
const small = ['--shoppers', '3000', '--days', '120', '-R', '4', '--workers', '1', '--quiet'];

interface Row {
  target: string;
  simulated: number;
  status: string;
}

function rowsOf(stdout: string): Row[] {
  return JSON.parse(stdout).rows as Row[];
}

describe('shopsim check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shopsim-check-'));

  // Targets built from what the shipped scenario produces on the same seeds.
  // A target is judged by the 95% CI of the simulated mean: 4 seeds give a CI
  // of about 3.2 standard errors either side, which a tolerance of 1 star
  // holds; a target beyond the CI's end fails.
  let measured: Promise<Row & { lo: number; hi: number }> | undefined;
  const row = () => (measured ??= cli(['check', shipped2024, '--targets', reportTargets, ...small, '--json']).then((r) => {
    expect(r.status).not.toBe(2);
    return rowsOf(r.stdout).find((x) => x.target === '2024 csat')! as Row & { lo: number; hi: number };
  }));
  async function targetsAround(shift: (r: Row & { lo: number; hi: number }) => number, tolerance: (r: Row & { lo: number; hi: number }) => number): Promise<string> {
    const r = await row();
    const file = join(dir, `targets-${shift(r)}-${tolerance(r)}.yaml`);
    writeFileSync(file, `years:\n  "2024":\n    kpis:\n      csat: { value: ${r.simulated + shift(r)}, tolerance: ${tolerance(r)} }\n`);
    return file;
  }

  it('exits 0 and marks the target pass when the whole 95% CI is within tolerance', async () => {
    const r = await cli(['check', shipped2024, '--targets', await targetsAround(() => 0, () => 1), ...small]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/2024 csat .* pass/);
    expect(r.stdout).toMatch(/1 of 1 targets pass/);
  });

  it('marks a target inconclusive (exit 0, "add seeds") when its CI straddles a bound', async () => {
    // The bound sits on the simulated mean: half the CI is in, half out.
    const half = (x: { lo: number; hi: number }) => (x.hi - x.lo) / 4;
    const r = await cli(['check', shipped2024, '--targets', await targetsAround(half, half), ...small]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/2024 csat .* inconclusive: add seeds/);
    expect(r.stdout).toMatch(/0 of 1 targets pass, 1 inconclusive/);
  });

  it('exits 1 and marks the target FAIL when the whole CI misses it', async () => {
    const r = await cli(['check', shipped2024, '--targets', await targetsAround((x) => x.hi - x.simulated + 0.2, () => 0.05), ...small]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/2024 csat .* FAIL/);
    expect(r.stdout).toMatch(/0 of 1 targets pass, 1 FAIL/);
  });

  it('refuses a calibration block that names no target, with exit 2 and no stack trace', async () => {
    const file = join(dir, 'empty-calibration.yaml');
    writeFileSync(file, `extends: ${shipped2024}\nname: empty\ncalibration: {}\n`);
    const r = await cli(['check', file, '--targets', reportTargets, ...small]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/empty-calibration\.yaml:3:1 .*does not say which target it stands for/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  // An ensemble file that says the model cannot express the free-returns
  // pair, and leaves the apparel pair out of the fit: nothing is run. check
  // used to stop with a TypeError and a stack trace here; it lists the
  // target, and notes only targets it measured (the apparel pair is
  // not_fitted but was not run, so it gets no note).
  it('lists a target the model cannot express when it is all it was given, with exit 0', async () => {
    const spec = join(dir, 'cannot-express.yaml');
    const shippedSpec = readFileSync(join(root, 'targets/ensemble-v2.yaml'), 'utf8')
      .replace(/^targets: .*$/m, `targets: ${join(root, 'targets/report-2019-2024-v2.yaml')}`)
      .replace(/^not_expressed: .*$/m, 'not_expressed: { free-returns-with-better-descriptions: a reason the model lacks }')
      .replace(/^not_fitted: .*$/m, 'not_fitted: { apparel-after-sales: a test of a target left out }');
    expect(shippedSpec).toMatch(/^not_fitted: \{ apparel-after-sales/m);
    writeFileSync(spec, shippedSpec);
    const pair = ['free-returns-2019-descriptions.yaml', 'free-returns-better-descriptions.yaml'].map((f) => join(root, 'scenarios/targets-v2', f));
    const r = await cli(['check', ...pair, '--priors', spec, ...small]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^free-returns-with-better-descriptions return_rate before .* cannot express$/m);
    expect(r.stdout).toMatch(/^note: cannot express free-returns-with-better-descriptions return_rate before: a reason the model lacks/m);
    expect(r.stdout).not.toMatch(/not fitted/);
    expect(r.stdout).toMatch(/0 of 0 targets pass/);
  });

  // The shipped free-returns pair, expressed since no-reason returns
  // (docs/model.md §3.7): on the code before them it was "cannot express".
  it('judges the free-returns pair by its no-reason returns', async () => {
    const pair = ['free-returns-2019-descriptions.yaml', 'free-returns-better-descriptions.yaml'].map((f) => join(root, 'scenarios/targets-v2', f));
    const r = await cli(['check', ...pair, '--priors', join(root, 'targets/ensemble-v2.yaml'), '--behaviours', 'none', ...small]);
    expect(r.status, r.stderr).toBe(0);
    for (const side of ['before', 'after']) expect(r.stdout).toMatch(new RegExp(`^free-returns-with-better-descriptions return_rate ${side} .* (pass|inconclusive: add seeds)$`, 'm'));
    expect(r.stdout).not.toMatch(/cannot express/);
  });

  it('does not let a scenario inherit the calibration block of the file it extends', async () => {
    const file = join(dir, 'no-calibration.yaml');
    writeFileSync(file, `extends: ${shipped2024}\nname: a variant\nlevers: { priceIndex: 1.2 }\n`);
    const r = await cli(['check', file, '--targets', reportTargets, ...small]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no-calibration\.yaml: the scenario does not say which target it stands for/);
  });

  // Satisfaction after a return is read on rare events: the EU return-cycle
  // pair names the fewest shoppers a fit or check reads it on, so a fit at
  // 4,000 shoppers does not drown its effect in seed noise.
  function euPair(tag: string, least: [number | undefined, number | undefined]): string[] {
    return (['45', '7'] as const).map((days, i) => {
      const file = join(dir, `eu-${tag}-${days}.yaml`);
      const role = i === 0 ? 'base' : 'variant';
      const min = least[i] === undefined ? '' : `, minShoppers: ${least[i]}`;
      writeFileSync(file, `extends: ${join(root, `scenarios/targets-v2/eu-return-cycle-${days}.yaml`)}\ncalibration: { leverEffect: { id: eu-return-cycle-45-to-7, role: ${role} }${min} }\n`);
      return file;
    });
  }
  const euArgs = ['--targets', reportTargets, '--days', '200', '-R', '3', '--workers', '1', '--quiet', '--json'];

  it('runs a scenario on its minShoppers when --shoppers asks for fewer, and reads exactly what that many read', async () => {
    const floored = await cli(['check', ...euPair('floored', [2500, 2500]), '--shoppers', '400', ...euArgs]);
    const sized = await cli(['check', ...euPair('sized', [undefined, undefined]), '--shoppers', '2500', ...euArgs]);
    const tiny = await cli(['check', ...euPair('tiny', [undefined, undefined]), '--shoppers', '400', ...euArgs]);
    for (const r of [floored, sized, tiny]) expect(r.status, r.stderr).not.toBe(2);
    const effect = (r: { stdout: string }) => rowsOf(r.stdout).find((x) => x.target === 'eu-return-cycle-45-to-7 satisfied_share')!;
    expect(effect(floored)).toEqual(effect(sized));
    expect(effect(tiny).simulated).not.toBe(effect(sized).simulated);
    // More shoppers than the floor: the flag wins.
    const above = await cli(['check', ...euPair('floored', [2500, 2500]), '--shoppers', '3000', ...euArgs]);
    const above3000 = await cli(['check', ...euPair('sized', [undefined, undefined]), '--shoppers', '3000', ...euArgs]);
    expect(effect(above)).toEqual(effect(above3000));
  });

  it('refuses a lever effect whose two sides would run on different shoppers (exit 2, one line naming both files)', async () => {
    const r = await cli(['check', ...euPair('unequal', [2500, undefined]), '--shoppers', '400', ...euArgs]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/eu-unequal-7\.yaml: lever effect "eu-return-cycle-45-to-7" runs on 400 shoppers here and 2500 in .*eu-unequal-45\.yaml/);
    expect(r.stderr).toMatch(/same calibration\.minShoppers/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

// --steady-state measures two repurchase windows after the warm-up and judges
// the drift between them by its CI: shoppers who all start with almost no
// trust (initialTrust 0.02) buy more year after year (docs/calibration.md,
// "Steady state"), the shipped start does not. The target is wide on purpose,
// so that both levels pass and only the drift tells them apart.
describe('shopsim check --steady-state', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shopsim-steady-'));
  const scenario = (name: string, behaviour: string) => {
    const file = join(dir, `${name}.yaml`);
    writeFileSync(file, `extends: ${shipped2024}\nname: ${name}\ncalibration: { year: "T" }\n${behaviour}`);
    return file;
  };
  writeFileSync(join(dir, 'targets.yaml'), 'years: { "T": { kpis: { repurchase_rate: { value: 0.45, tolerance: 0.19 } } } }\n');
  writeFileSync(join(dir, 'priors.yaml'), 'targets: targets.yaml\nsteady_state: { warmup_days: 60 }\nparameters:\n  behaviour.baseSatisfaction: { range: [0.4, 1.5], source: test }\n');
  const run = (file: string) =>
    cli(['check', file, '--priors', join(dir, 'priors.yaml'), '--behaviours', 'none', '--shoppers', '3000', '-R', '6', '--workers', '1', '--steady-state', '--quiet', '--json']);
  const rowOf = (stdout: string) => JSON.parse(stdout).rows[0] as { status: string; lo: number; hi: number; range: [number, number]; drift: { lo: number; hi: number; allowed: number; verdict: string } };

  it('fails a target still drifting after the warm-up (exit 1, "not steady"), though its level passes', async () => {
    const r = await run(scenario('low-trust', 'behaviour: { initialTrust: 0.02 }\n'));
    expect(r.status).toBe(1);
    const row = rowOf(r.stdout);
    expect(row.lo).toBeGreaterThan(row.range[0]);
    expect(row.hi).toBeLessThan(row.range[1]);
    expect(row.drift.lo, JSON.stringify(row)).toBeGreaterThan(row.drift.allowed);
    expect(row.status).toBe('not steady');
    const text = await cli(['check', join(dir, 'low-trust.yaml'), '--priors', join(dir, 'priors.yaml'), '--behaviours', 'none', '--shoppers', '3000', '-R', '6', '--workers', '1', '--steady-state', '--quiet']);
    expect(text.stdout).toMatch(/T repurchase_rate .* \+0\.\d+ \(±0\.095\) +not steady/);
    expect(text.stdout).toMatch(/0 of 1 targets pass, 1 not steady/);
  });

  // Over an ensemble the drift is the ensemble's answer, judged like its
  // level on the CI of the members' means; the share of members steady on
  // their own is its coverage. Seven members at the shipped start and one
  // whose shoppers start with almost no trust: that member alone is "not
  // steady", the ensemble's answer is steady, and the table says 7 of 8.
  it('judges an ensemble\'s drift on the members\' mean drift and shows the share of members steady', async () => {
    const members = [...Array.from({ length: 7 }, () => 0.5), 0.02].map((trust) => `  - { weight: 0.125, distance: 0.5, values: { behaviour.initialTrust: ${trust} } }`);
    const ensemble = join(dir, 'one-drifting.yaml');
    writeFileSync(ensemble, ['kind: behaviour-ensemble', 'parameters: [behaviour.initialTrust]', 'members:', ...members, ''].join('\n'));
    const file = scenario('ensemble', '');
    const args = ['check', file, '--priors', join(dir, 'priors.yaml'), '--behaviours', ensemble, '--members', '8', '--shoppers', '3000', '-R', '6', '--workers', '1', '--steady-state', '--quiet'];
    const r = await cli([...args, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const row = JSON.parse(r.stdout).rows[0] as { status: string; coverage: number; steadyCoverage: number; drift: { mean: number; lo: number; hi: number; allowed: number; verdict: string } };
    expect(row.steadyCoverage).toBe(7 / 8);
    expect(row.drift.verdict).toBe('steady');
    expect(row.drift.lo).toBeGreaterThan(-row.drift.allowed);
    expect(row.drift.hi).toBeLessThan(row.drift.allowed);
    // The low-trust member's drift counts in the mean: above the steady members' own.
    expect(row.drift.mean).toBeGreaterThan(0);
    expect(row.status).toBe('pass');
    const text = await cli(args);
    expect(text.stdout).toMatch(/members steady/);
    expect(text.stdout).toMatch(/T repurchase_rate .* 88% +pass/);
    // On two seeds each member's own drift CI is too wide to call it steady; the coverage counts its mean drift, as "members pass" counts its mean.
    const two = await cli([...args.map((a) => (a === '6' ? '2' : a)), '--json']);
    const row2 = JSON.parse(two.stdout).rows[0] as { steadyCoverage: number };
    expect(row2.steadyCoverage).toBe(7 / 8);
  });

  // run and compare draw each replication's member by weight, so check judges
  // the same mixture: a member with 4% of the weight is not half of what a
  // two-member check measures. The JSON names each picked member's verdicts.
  it('picks the members it runs by weight, as runs draw them, and names each one\'s verdict in the JSON', async () => {
    const ensemble = join(dir, 'light-drifting.yaml');
    writeFileSync(ensemble, ['kind: behaviour-ensemble', 'parameters: [behaviour.initialTrust]', 'members:',
      '  - { weight: 0.04, distance: 0.9, values: { behaviour.initialTrust: 0.02 } }',
      '  - { weight: 0.96, distance: 0.5, values: { behaviour.initialTrust: 0.5 } }', ''].join('\n'));
    const record = join(dir, 'light-drifting.check.json');
    const r = await cli(['check', scenario('weighted', ''), '--priors', join(dir, 'priors.yaml'), '--behaviours', ensemble, '--members', '4', '--shoppers', '3000', '-R', '4', '--workers', '1', '--steady-state', '--quiet', '--json', '--record', record]);
    expect(r.status, r.stderr).toBe(0);
    // The record names the picks asked for, so the same check can be run again: 4, not the 1 distinct member.
    expect(JSON.parse(readFileSync(record, 'utf8'))).toMatchObject({ members: 4, memberPicks: 'by-weight' });
    const out = JSON.parse(r.stdout) as { rows: { coverage: number; steadyCoverage: number }[]; memberRows: { member: number; picks: number; targets: Record<string, { mean: number; pass: boolean; drift: number; steady: boolean }> }[] };
    // All four picks fall on the heavy member; it runs once and counts four times.
    expect(out.memberRows.map((m) => [m.member, m.picks])).toEqual([[1, 4]]);
    const own = out.memberRows[0]!.targets['T repurchase_rate']!;
    expect(out.rows[0]!.steadyCoverage).toBe(own.steady ? 1 : 0);
    expect(out.rows[0]!.coverage).toBe(own.pass ? 1 : 0);
    expect(out.rows[0]!.steadyCoverage).toBe(1);
  });

  // --record writes the verdict beside an ensemble's name, with the hash of the
  // ensemble's bytes and the check's size: the record a shipped ensemble needs
  // to become the default (behaviours-option.ts, defaultProblem).
  it('records an ensemble\'s check with its hash and size, and refuses to overwrite it or to record without an ensemble (exit 2)', async () => {
    const ensemble = join(dir, 'recorded-ensemble.yaml');
    writeFileSync(ensemble, ['kind: behaviour-ensemble', 'parameters: [behaviour.initialTrust]', 'members:', '  - { weight: 1, distance: 0.5, values: { behaviour.initialTrust: 0.5 } }', ''].join('\n'));
    const file = scenario('recorded', '');
    const record = join(dir, 'recorded-ensemble.check.json');
    const args = ['check', file, '--priors', join(dir, 'priors.yaml'), '--behaviours', ensemble, '--members', '1', '--shoppers', '3000', '-R', '3', '--workers', '1', '--steady-state', '--quiet', '--record', record];
    const r = await cli(args, { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    const written = JSON.parse(readFileSync(record, 'utf8')) as { ensembleSha256: string; shoppers: number; seeds: number[]; steadyState: boolean; passed: number; notPassed: unknown[] };
    expect(written.ensembleSha256).toBe(createHash('sha256').update(readFileSync(ensemble)).digest('hex'));
    expect([written.shoppers, written.seeds, written.steadyState]).toEqual([3000, [1, 2, 3], true]);
    // Paths under the working folder are written relative to it: a shipped record names no machine's folders.
    expect((JSON.parse(readFileSync(record, 'utf8')) as { targets: string }).targets).toBe('targets.yaml');
    expect(written.passed + written.notPassed.length).toBe(1);
    expect(defaultProblem(ensemble)).toMatch(/checked at 3000 shoppers x 3 seeds/);
    const again = await cli(args);
    expect([again.status, again.stderr]).toEqual([2, expect.stringMatching(/--record .* already exists.*--force/)]);
    expect(again.stderr).not.toMatch(/\n\s+at /);
    expect((await cli([...args, '--force'])).status).toBe(0);
    const without = await cli(['check', file, '--priors', join(dir, 'priors.yaml'), ...small, '--record', join(dir, 'none.json')]);
    expect([without.status, without.stderr]).toEqual([2, expect.stringMatching(/--record .*--behaviours/)]);
  });

  // --members all runs every member with its weight: the ensemble's answer is
  // then known but for seed noise, and its CI is the seeds' CI of the
  // weighted mean per seed. Three copies of one member must read exactly as
  // that member alone (same mean, same CI, level and drift); picks by weight
  // of three identical members have no spread between their means, so their
  // CI has no width at all, which overstates how sure the check is.
  it('with --members all, judges the weighted mean of every member on the CI over seeds', async () => {
    const write = (name: string, weights: number[], trusts: number[]) => {
      const file = join(dir, `${name}.yaml`);
      const rows = weights.map((w, i) => `  - { weight: ${w}, distance: 0.5, values: { behaviour.initialTrust: ${trusts[i]} } }`);
      writeFileSync(file, ['kind: behaviour-ensemble', 'parameters: [behaviour.initialTrust]', 'members:', ...rows, ''].join('\n'));
      return file;
    };
    const file = scenario('every', '');
    const check = (ensemble: string, members: string) =>
      cli(['check', file, '--priors', join(dir, 'priors.yaml'), '--behaviours', ensemble, '--members', members, '--shoppers', '2000', '-R', '4', '--workers', '1', '--steady-state', '--quiet', '--json']);
    type Out = { memberPicks: string; members: number; rows: { simulated: number; lo: number; hi: number; drift: { mean: number; lo: number; hi: number } }[]; memberRows: { member: number; weight?: number; picks?: number; targets: Record<string, { mean: number }> }[] };
    const one = JSON.parse((await check(write('one', [1], [0.5]), '1')).stdout) as Out;
    const copies = write('copies', [0.2, 0.3, 0.5], [0.5, 0.5, 0.5]);
    const every = JSON.parse((await check(copies, 'all')).stdout) as Out;
    const close = (a: number, b: number) => expect(a).toBeCloseTo(b, 12);
    for (const key of ['simulated', 'lo', 'hi'] as const) close(every.rows[0]![key], one.rows[0]![key]);
    for (const key of ['mean', 'lo', 'hi'] as const) close(every.rows[0]!.drift[key], one.rows[0]!.drift[key]);
    expect(every.rows[0]!.hi).toBeGreaterThan(every.rows[0]!.lo);
    expect([every.memberPicks, every.members, every.memberRows.map((m) => m.weight)]).toEqual(['every', 3, [0.2, 0.3, 0.5]]);
    const picked = JSON.parse((await check(copies, '3')).stdout) as Out;
    expect(picked.rows[0]!.hi - picked.rows[0]!.lo).toBe(0);
    // Members that differ: the answer is their weighted mean.
    const mixed = JSON.parse((await check(write('mixed', [0.25, 0.75], [0.1, 0.9]), 'all')).stdout) as Out;
    const [a, b] = mixed.memberRows.map((m) => m.targets['T repurchase_rate']!.mean);
    close(mixed.rows[0]!.simulated, 0.25 * a! + 0.75 * b!);
    const bad = await check(copies, 'some');
    expect([bad.status, bad.stderr]).toEqual([2, expect.stringMatching(/^shopsim: --members some: give a whole number of picks or "all"/)]);
  });

  it('passes the shipped start: its drift\'s CI lies within the allowance', async () => {
    const r = await run(scenario('shipped-trust', ''));
    expect(r.status).toBe(0);
    const row = rowOf(r.stdout);
    expect(row.drift.verdict).toBe('steady');
    expect(row.drift.hi).toBeLessThan(row.drift.allowed);
    expect(row.drift.lo).toBeGreaterThan(-row.drift.allowed);
    expect(row.status).toBe('pass');
  });
});
