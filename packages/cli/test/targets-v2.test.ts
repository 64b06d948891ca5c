// The v2 targets and their scenarios fit together: every scenario in
// scenarios/targets-v2/ loads, points editors at the schema and stands for
// one side of a v2 lever effect; every v2 lever effect the model can express
// has both sides; the ensemble file's parameters exist in every scenario.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkRecordFile, evaluateVectors, loadEnsemble, loadEnsembleSpec, loadTargets, parameterProblem, planTargets, withParameters } from '@shopsim/calibrate';
import { loadCases, pooledCase } from '../src/commands/check.ts';
import { measurementOverrides, stagesOf } from '../src/commands/calibrate-ensemble.ts';
import { defaultProblem, SHIPPED_ENSEMBLE, shippedEnsembleFor, writeCheckRecord } from '../src/commands/behaviours-option.ts';
import { loadScenarioFile } from '@shopsim/scenario';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const dir = join(root, 'scenarios/targets-v2');
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
const targets = loadTargets(join(root, 'targets/report-2019-2024-v2.yaml'));
const spec = loadEnsembleSpec(join(root, 'targets/ensemble-v2.yaml'));

/** Which shipped scenarios (scenarios/ and scenarios/targets-v2/) stand for each side of each lever effect, keyed "id role". */
function claimsOfShipped(): Map<string, string[]> {
  const claims = new Map<string, string[]>();
  const shipped = [
    ...readdirSync(join(root, 'scenarios')).filter((f) => f.endsWith('.yaml')).map((f) => join(root, 'scenarios', f)),
    ...files.map((f) => join(dir, f)),
  ];
  for (const file of shipped) {
    const effect = loadScenarioFile(file).calibration?.leverEffect;
    if (effect) claims.set(`${effect.id} ${effect.role}`, [...(claims.get(`${effect.id} ${effect.role}`) ?? []), file]);
  }
  return claims;
}

/** The plans of the targets over the scenarios the ensemble fit runs (600 shoppers, the spec's steady-state days). */
function fittedPlans(notExpressed: Record<string, string>) {
  const scenarios = ['2019-baseline.yaml', '2024.yaml', 'sea-cards-only.yaml', 'sea-ewallets.yaml'].map((f) => join(root, 'scenarios', f)).concat(files.map((f) => join(dir, f)));
  const args = { scenarios, shoppers: 600, quiet: true };
  return planTargets(loadCases(args, measurementOverrides(args, spec, true)), targets, notExpressed);
}

describe('scenarios/targets-v2', () => {
  for (const file of files) {
    it(`${file} loads, carries the schema line and stands for one side of a v2 lever effect`, () => {
      expect(readFileSync(join(dir, file), 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=../shopsim.schema.json');
      const s = loadScenarioFile(join(dir, file));
      const effect = s.calibration?.leverEffect;
      expect(effect, `${file} needs calibration: { leverEffect: { id, role } }`).toBeDefined();
      expect(targets.some((t) => t.effectId === effect!.id)).toBe(true);
      for (const p of spec.priors) expect(parameterProblem(s.config, p.path), p.path).toBeUndefined();
    });
  }

  it('fits no hand-set value (path@value) that no scenario holds: each one changes the year it stands for', () => {
    const years = ['2019-baseline.yaml', '2024.yaml'].map((f) => loadScenarioFile(join(root, 'scenarios', f)).config);
    for (const p of spec.priors.filter((q) => q.path.includes('@'))) {
      const moved = years.filter((c) => JSON.stringify(withParameters(c, { [p.path]: (p.lo + p.hi) / 2 + 1e-3 })) !== JSON.stringify(c));
      expect(moved.length, `${p.path} is held by no shipped year`).toBeGreaterThan(0);
    }
    // The 2019 price sensitivity is 2019's alone: 2024's shoppers keep theirs.
    expect(JSON.stringify(withParameters(years[1]!, { 'markets.*.priceSensitivity@3.5': 4 }))).toBe(JSON.stringify(years[1]!));
  });

  it('gives each side of a lever effect to one shipped scenario only (check and calibrate take the first they are given)', () => {
    const claims = claimsOfShipped();
    expect([...claims].filter(([, f]) => f.length > 1)).toEqual([]);
    // The European return cycle is measured on European shoppers only.
    expect(claims.get('eu-return-cycle-45-to-7 base')).toEqual([join(dir, 'eu-return-cycle-45.yaml')]);
  });

  it('gives every v2 lever effect both its base and its variant among the shipped scenarios', () => {
    // The e-wallet pair is beside 2024.yaml; the others live here.
    const claims = claimsOfShipped();
    const ids = [...new Set(targets.filter((t) => t.effectId !== undefined).map((t) => t.effectId!))];
    expect(ids.length).toBe(10);
    for (const id of ids) expect(['base', 'variant'].filter((role) => claims.has(`${id} ${role}`)), id).toEqual(['base', 'variant']);
  });
});

describe('targets/ensemble-v2.yaml', () => {
  it('marks moved: false only parameters no fitted scenario reads: every target is bit-identical at either end of their priors', async () => {
    const unread = spec.priors.filter((p) => p.neverMoved);
    expect(unread.length).toBeGreaterThan(0);
    const plans = fittedPlans(spec.notExpressed);
    // At the scenarios' own behaviour, and with every other parameter at one end of its prior or the other (eight
    // fixed mixes of ends, a two-level design): a parameter read only when others allow it (a late cancellation's
    // penalty, read once the cancellation factor is low enough for parcels to be cancelled) is caught.
    const others = spec.priors.filter((p) => !p.neverMoved);
    const mix = (k: number) => Object.fromEntries(others.map((p, j) => [p.path, (Math.imul(j + 1, 2654435761) >>> (k + 3)) & 1 ? p.hi : p.lo]));
    const ends = (side: 'lo' | 'hi') => Object.fromEntries(unread.map((p) => [p.path, p[side]]));
    const values = (r: Awaited<ReturnType<typeof evaluateVectors>>[number] | undefined) => (r ?? []).map((t) => [t.target.id, t.values, t.drift?.stat.mean]);
    for (const around of [{}, ...[0, 1, 2, 3, 4, 5, 6, 7].map(mix)]) {
      const [low, high] = await evaluateVectors(plans, [1], pooledCase, 0, [{ ...around, ...ends('lo') }, { ...around, ...ends('hi') }], { halves: true, unmeasurable: true });
      expect(values(low).length).toBeGreaterThan(0);
      expect(values(high), JSON.stringify(around)).toEqual(values(low));
    }
    // The comparison can fail: a parameter the scenarios do read (the problem penalty on satisfaction) changes them.
    const read = spec.priors.find((p) => p.path === 'behaviour.problemPenalty')!;
    const [a, b] = await evaluateVectors(plans, [1], pooledCase, 0, [{ [read.path]: read.lo }, { [read.path]: read.hi }], { halves: true });
    expect(values(b)).not.toEqual(values(a));
  }, 120_000);
});

// The lever pairs of docs/calibration.md's lever-effects table.
describe('scenarios/levers', () => {
  const levers = join(root, 'scenarios/levers');
  for (const file of readdirSync(levers).filter((f) => f.endsWith('.yaml')).sort()) {
    it(`${file} loads, carries the schema line and says what it asks`, () => {
      expect(readFileSync(join(levers, file), 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=../shopsim.schema.json');
      const s = loadScenarioFile(join(levers, file));
      expect(s.description ?? '').toMatch(/\?$/);
    });
  }
});

// The shipped ensemble (calibrate --ensemble on targets/ensemble-v2.yaml): the default of shipped scenarios.
describe('targets/behaviours-v2.yaml', () => {
  const file = join(root, 'targets', SHIPPED_ENSEMBLE);
  const ensemble = loadEnsemble(file);

  it('fits exactly the parameters of the ensemble file, every member inside the priors', () => {
    expect([...ensemble.parameters].sort()).toEqual(spec.priors.map((p) => p.path).sort());
    for (const [i, m] of ensemble.members.entries()) {
      for (const p of spec.priors) {
        const v = m.values[p.path]!;
        expect(v >= p.lo && v <= p.hi, `member ${i}: ${p.path} = ${v} outside ${p.lo} .. ${p.hi}`).toBe(true);
      }
    }
  });

  it('fits every shipped year, and is the default of shipped scenarios only once its full-size check passed every target', () => {
    for (const year of ['2019-baseline.yaml', '2024.yaml']) {
      const config = loadScenarioFile(join(root, 'scenarios', year)).config;
      for (const path of ensemble.parameters) expect(parameterProblem(config, path), path).toBeUndefined();
    }
    const shipped = [join(root, 'scenarios/2024.yaml'), join(root, 'scenarios/levers/faster-direct-mail.yaml')];
    expect(shippedEnsembleFor(shipped)).toBe(defaultProblem(file) === undefined ? file : undefined);
    // The shipped record is the check of the shipped ensemble as it is, at full size and steady state:
    // only its verdicts may keep it from being the default (a refit without a new check would show here).
    expect(defaultProblem(file) ?? 'the default').toMatch(/^(the default|\d+ of \d+ targets not passed)$/);
    // The same layout with a record of a passing check at full size: the default.
    const copy = mkdtempSync(join(tmpdir(), 'shipped-ensemble-'));
    mkdirSync(join(copy, 'scenarios', 'levers'), { recursive: true });
    mkdirSync(join(copy, 'targets'));
    const copied = join(copy, 'targets', SHIPPED_ENSEMBLE);
    writeFileSync(copied, readFileSync(file));
    for (const f of ['2024.yaml', 'levers/faster-direct-mail.yaml']) writeFileSync(join(copy, 'scenarios', f), '');
    const scenarios = [join(copy, 'scenarios/2024.yaml'), join(copy, 'scenarios/levers/faster-direct-mail.yaml')];
    const pass = (id: string) => ({ target: { id }, status: 'pass' });
    const run = { ensemble: copied, targets: 'targets/report-2019-2024-v2.yaml', steadyState: true, shoppers: 100_000, seeds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], members: 20, memberPicks: 'by-weight' as 'by-weight' | 'every', results: [pass('2019 csat'), pass('2024 csat')] };
    const record = (over: Partial<typeof run>) => writeCheckRecord(checkRecordFile(copied), { ...run, ...over });
    expect(shippedEnsembleFor(scenarios)).toBeUndefined(); // no record yet
    record({});
    expect(defaultProblem(copied)).toBeUndefined();
    expect(shippedEnsembleFor(scenarios)).toBe(copied);
    // Every member run (check --members all), as the shipped record: the default too.
    record({ members: 50, memberPicks: 'every' });
    expect(defaultProblem(copied)).toBeUndefined();
    // Not the default: one target inconclusive, a check too small or not at steady state, or the ensemble refitted since.
    record({ results: [pass('2019 csat'), { target: { id: '2024 csat' }, status: 'inconclusive' }] });
    expect(defaultProblem(copied)).toBe('1 of 2 targets not passed');
    record({ shoppers: 20_000 });
    expect(defaultProblem(copied)).toMatch(/checked at 20000 shoppers x 10 seeds/);
    record({ seeds: [1, 2] });
    expect(shippedEnsembleFor(scenarios)).toBeUndefined();
    record({ steadyState: false });
    expect(shippedEnsembleFor(scenarios)).toBeUndefined();
    // A record from before check picked members by weight judged a mixture no run draws.
    record({});
    const unweighted = JSON.parse(readFileSync(checkRecordFile(copied), 'utf8')) as Record<string, unknown>;
    delete unweighted.memberPicks;
    writeFileSync(checkRecordFile(copied), JSON.stringify(unweighted));
    expect(defaultProblem(copied)).toMatch(/evenly by index, not by weight/);
    // A record that is not one (a field missing, or not JSON) is named, never a stack trace.
    writeFileSync(checkRecordFile(copied), '{ "kind": "ensemble-check" }\n');
    expect(defaultProblem(copied)).toMatch(/shipped-ensemble-.*behaviours-v2\.check\.json is not a check record$/);
    expect(shippedEnsembleFor(scenarios)).toBeUndefined();
    writeFileSync(checkRecordFile(copied), 'not json');
    expect(defaultProblem(copied)).toMatch(/is not a check record$/);
    record({});
    writeFileSync(copied, readFileSync(file, 'utf8').replace(/distance: [0-9.]+/, 'distance: 9.9'));
    expect(defaultProblem(copied)).toBe('the ensemble changed since its check');
    expect(shippedEnsembleFor(scenarios)).toBeUndefined();
  });
});

describe('the stages of a particle in calibrate --ensemble', () => {
  it('runs the years first, then each lever effect on its own pair, every fitted scenario in exactly one stage', () => {
    const plans = fittedPlans({ ...spec.notExpressed, ...spec.notFitted });
    const stages = stagesOf(plans);
    const casesOf = (stage: typeof plans) => [...new Set(stage.flatMap((p) => [p.level, p.base, p.variant].filter((c) => c !== undefined).map((c) => c.name)))];
    expect(stages[0]!.every((p) => p.level)).toBe(true);
    expect(casesOf(stages[0]!)).toHaveLength(2);
    const effects = new Set(plans.filter((p) => p.base && p.problem === undefined).map((p) => p.target.effectId));
    expect(stages).toHaveLength(1 + effects.size);
    for (const stage of stages.slice(1)) {
      expect(new Set(stage.map((p) => p.target.effectId)).size).toBe(1);
      expect(casesOf(stage)).toHaveLength(2);
    }
    // Every scenario a fitted target uses runs in one stage only, and every fitted target is in a stage.
    const all = stages.flatMap(casesOf);
    expect(new Set(all).size).toBe(all.length);
    expect(stages.flat().length).toBe(plans.filter((p) => p.problem === undefined).length);
  });
});
