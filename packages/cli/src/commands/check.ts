// shopsim check <scenario...> --targets FILE: runs the scenarios on common
// seeds and prints each target next to the simulated mean and its 95% CI.
import { RUN_LIMITS } from '@shopsim/core';
import type { Argv, ArgumentsCamelCase, CommandModule } from 'yargs';
import { BEHAVIOUR_ROWS, MARKET_TRAIT_ROWS, inRange, rangeText } from '@shopsim/core';
import {
  driftOf, evaluateVectors, judgeStat, withCoverage, withDrift, loadTargets, parameterProblem, planTargets, sensitivity, sensitivityTable, targetRows, targetTable, TargetsError,
  type CalibrationCase, type Coverage, type Drift, type PooledCase, type SensitivityRow, type Target, type TargetPlan, type TargetResult,
} from '@shopsim/calibrate';
import { checkNewFile, defaultWorkers, scenarioRecord, sha256, taskScenario, type Behaviours, type ScenarioRecord, type TaskScenario } from '@shopsim/runner';
import { behavioursFromArgs, ensembleName, writeCheckRecord, type BehavioursArgs } from './behaviours-option.ts';
import { loadScenarioFile, type Scenario } from '@shopsim/scenario';
import { UserError, EXIT_FAILURE } from '../user-error.ts';
import { wholeNumber } from './run.ts';
import { measurementOverrides, readSpec } from './calibrate-ensemble.ts';
import { parseSeeds } from './replication-options.ts';
import { membersByWeight, seedRange, statOf, weightedStatOf } from '@shopsim/runner';

export interface CalibrationRunArgs {
  scenarios: string[];
  targets?: string | undefined;
  seeds?: string | undefined;
  replications?: number | undefined;
  shoppers?: number | undefined;
  days?: number | undefined;
  quiet?: boolean | undefined;
}

export interface CheckArgs extends CalibrationRunArgs, BehavioursArgs {
  workers?: number | undefined;
  members?: string | number | undefined;
  json?: boolean | undefined;
  sensitivity?: string[] | undefined;
  priors?: string | undefined;
  steadyState?: boolean | undefined;
  record?: string | undefined;
  force?: boolean | undefined;
}

/** The options calibrate and check share. */
export function calibrationRunOptions<T>(y: Argv<T>, defaultSeeds: number) {
  return y
    .positional('scenarios', { type: 'string', array: true, demandOption: true, describe: 'scenario files with a calibration: block' })
    .option('targets', { type: 'string', describe: 'targets YAML file (shape of targets/report-2019-2024.yaml); with --priors, the one the ensemble file names' })
    .option('replications', { alias: 'R', type: 'number', describe: `replications: seeds 1..R, the same for every scenario (common random numbers; default ${defaultSeeds})` })
    .option('seeds', { type: 'string', describe: 'explicit seeds, as in run: 1,2,3 or 1..10; instead of --replications' })
    .option('shoppers', { type: 'number', describe: 'number of shoppers (overrides the scenarios)' })
    .option('days', { type: 'number', describe: 'days to simulate (overrides the scenarios)' })
    .option('quiet', { type: 'boolean', default: false, describe: 'no progress on stderr' });
}

export function readTargets(file: string | undefined): Target[] {
  if (file === undefined) throw new UserError('name the targets: --targets FILE', 'e.g. --targets targets/report-2019-2024.yaml');
  return asUserError(() => loadTargets(file));
}

/** Runs a reader of calibration files, turning its TargetsError into a one-line UserError. */
export function asUserError<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof TargetsError) throw new UserError(err.message, err.hint);
    throw err;
  }
}

// What loadCases read for each case: every file of its extends chain and,
// loaded with measurement overrides, the scenario a pool task carries (so no
// worker reads the file again).
const loadedCases = new WeakMap<CalibrationCase, { chain: Scenario['chain']; scenario?: TaskScenario }>();

function loadedCase(c: CalibrationCase): { chain: Scenario['chain']; scenario?: TaskScenario } {
  const loaded = loadedCases.get(c);
  if (!loaded) throw new Error(`bug: ${c.name} was not made by loadCases`);
  return loaded;
}

/** A case as the pool runs it (loaded with measurement overrides). */
export function pooledCase(c: CalibrationCase): PooledCase {
  const { scenario } = loadedCase(c);
  if (!scenario) throw new Error(`bug: ${c.name} was not loaded with measurement overrides`);
  return { file: c.file ?? null, overrides: {}, scenario };
}

/** The text of every file a case was read from (the named file first), as loaded: editing a base changes it. */
export function caseTexts(c: CalibrationCase): string[] {
  return loadedCase(c).chain.map((f) => f.text);
}

/** What a manifest records of a case: each file of its extends chain, hashed and in full. */
export function caseRecord(c: CalibrationCase): ScenarioRecord {
  const { chain } = loadedCase(c);
  return scenarioRecord({ file: c.file ?? null, sha256: chain[0] ? sha256(chain[0].text) : null, source: { chain } });
}

/** Loads the scenario files as calibration cases (ScenarioErrors for bad files), each file once. */
export function loadCases(args: CalibrationRunArgs, overrides?: Record<string, unknown>): CalibrationCase[] {
  const cases = args.scenarios.map((file) => {
    const s = atLeastItsShoppers(file, loadScenarioFile(file, overrides ? { overrides } : {}), overrides);
    if (!s.calibration || (s.calibration.year === undefined && s.calibration.leverEffect === undefined)) {
      throw new UserError(
        `${file}: the scenario does not say which target it stands for`,
        'add calibration: { year: "2024" } or calibration: { leverEffect: { id: <lever effect id>, role: base } }',
      );
    }
    const config = { ...s.config };
    const c: CalibrationCase = { name: s.name, file, config, calibration: s.calibration };
    // Overrides from measurementOverrides() already hold the size flags.
    if (overrides) {
      loadedCases.set(c, { chain: s.chain, scenario: taskScenario({ config, source: s }) });
      return c;
    }
    loadedCases.set(c, { chain: s.chain });
    if (args.shoppers !== undefined) config.shoppers = wholeNumber('--shoppers', args.shoppers, RUN_LIMITS.shoppers.min, RUN_LIMITS.shoppers.max);
    config.shoppers = Math.max(config.shoppers, s.calibration.minShoppers ?? 0);
    if (args.days !== undefined) {
      config.days = wholeNumber('--days', args.days, RUN_LIMITS.days.min, RUN_LIMITS.days.max);
      if (config.warmupDays >= config.days) config.warmupDays = 0;
    }
    return c;
  });
  samePairSizes(cases);
  return cases;
}

/**
 * A scenario whose target is read on rare events (satisfaction after a
 * return) names the fewest shoppers it is read on: loaded again with that
 * many when the size flags ask for fewer, so a fit measures it with the seed
 * noise its tolerance needs (docs/calibration.md, "The targets (version 2)").
 */
function atLeastItsShoppers(file: string, s: Scenario, overrides: Record<string, unknown> | undefined): Scenario {
  const least = s.calibration?.minShoppers;
  if (!overrides || least === undefined || s.config.shoppers >= least) return s;
  return loadScenarioFile(file, { overrides: { ...overrides, shoppers: least } });
}

/** Both sides of a lever effect run on the same shoppers, or the effect would not be paired. */
function samePairSizes(cases: CalibrationCase[]): void {
  const sides = new Map<string, CalibrationCase>();
  for (const c of cases) {
    const id = c.calibration.leverEffect?.id;
    if (id === undefined) continue;
    const other = sides.get(id);
    if (other && other.config.shoppers !== c.config.shoppers) {
      throw new UserError(
        `${c.file ?? c.name}: lever effect "${id}" runs on ${c.config.shoppers} shoppers here and ${other.config.shoppers} in ${other.file ?? other.name}`,
        'give both sides the same calibration.minShoppers',
      );
    }
    sides.set(id, c);
  }
}

/** Seeds of a check or a fit: --seeds as in every command, or -R replications from seed 1; at least two for a CI. */
export function seedList(args: CalibrationRunArgs, fallback: number): number[] {
  if (args.seeds !== undefined && args.replications !== undefined) {
    throw new UserError('give --seeds or --replications, not both', 'e.g. -R 10, or --seeds 1..10');
  }
  if (args.seeds === undefined) return seedRange(1, wholeNumber('--replications', args.replications ?? fallback, 2, 10_000));
  const seeds = parseSeeds(args.seeds);
  if (seeds.length < 2) {
    throw new UserError(`--seeds "${args.seeds}" gives ${seeds.length} seed; a confidence interval needs at least 2`, `for ${seeds[0]} replications write -R ${seeds[0]}; for explicit seeds, e.g. --seeds 1..10`);
  }
  if (seeds.length > 10_000) throw new UserError(`--seeds gives ${seeds.length} seeds; at most 10,000`, 'e.g. -R 10');
  return seeds;
}

/** Checks that every scenario is used and every target has its scenarios. */
export function coverageNote(results: TargetResult[], cases: CalibrationCase[]): string[] {
  const notes: string[] = [];
  const used = new Set(results.flatMap((r) => r.scenarios));
  const unexpressed = new Set(results.filter((r) => r.status === 'cannot express').map((r) => r.target.effectId ?? r.target.year));
  for (const c of cases) {
    const stands = c.calibration.leverEffect?.id ?? c.calibration.year;
    if (!used.has(c.name) && !unexpressed.has(stands)) notes.push(`${c.file}: matches no target in the targets file`);
  }
  const missing = new Map<string, string[]>();
  for (const r of results) {
    if (r.simulated || r.status === 'cannot express') continue;
    const t = r.target;
    const need =
      t.kind === 'level'
        ? `a scenario with calibration: { year: "${t.year}" }`
        : `the two scenarios with calibration: { leverEffect: { id: ${t.effectId}, role: base | variant } }`;
    missing.set(need, [...(missing.get(need) ?? []), t.id]);
  }
  for (const [need, ids] of missing) notes.push(`not run: ${ids.join(', ')}; give ${need}`);
  for (const r of results) if (r.status === 'cannot express') notes.push(`cannot express ${r.target.id}: ${r.reason}`);
  return notes;
}

/** Targets measured here that the ensemble fit leaves out (not_fitted in the ensemble file), each with why. */
function notFittedNote(results: TargetResult[], notFitted: Record<string, string>): string[] {
  const why = (r: TargetResult) => notFitted[r.target.effectId ?? r.target.id];
  return results.filter((r) => r.simulated && why(r) !== undefined).map((r) => `not fitted ${r.target.id}: ${why(r)}`);
}

export function progressLine(quiet: boolean | undefined): (done: number, total: number) => void {
  if (quiet) return () => {};
  const tty = process.stderr.isTTY;
  let shown = -1;
  return (done, total) => {
    const pct = Math.floor((done / total) * 100);
    if (tty) process.stderr.write(`\rsimulating ${done}/${total} runs (${pct}%)\x1b[K${done === total ? '\n' : ''}`);
    else if (pct >= shown + 10 || done === total) {
      shown = pct;
      process.stderr.write(`simulating ${done}/${total} runs (${pct}%)\n`);
    }
  };
}

export const checkCommand: CommandModule<object, CheckArgs> = {
  command: 'check <scenarios..>',
  describe: 'Run scenarios and print each calibration target next to the simulated value; exit 1 if any fails',
  builder: (y: Argv): Argv<CheckArgs> =>
    calibrationRunOptions(y, 10)
      .option('json', { type: 'boolean', default: false, describe: 'print the target rows as JSON on stdout' })
      .option('sensitivity', {
        type: 'string',
        array: true,
        describe: 'also move each named parameter (behaviour.NAME) 10% either way and print how far each target moves, in tolerances',
      })
      .option('priors', { type: 'string', describe: 'ensemble file (targets/ensemble-v2.yaml): its targets, steady-state warm-up and the targets the model cannot express' })
      .option('steady-state', { type: 'boolean', default: false, describe: 'measure two repurchase windows after the warm-up and judge the drift between them' })
      .option('behaviours', { type: 'string', describe: 'behaviour ensemble (calibrate --ensemble): run --members picks of its members, by weight, on every seed; each target is judged on the members\' means and its coverage (share of picks that pass) shown' })
      .option('members', { type: 'string', default: '10', describe: 'with --behaviours: how many members to run, picked by weight as runs draw them (systematic resampling); "all": every member with its weight, judged on the CI over seeds of the ensemble\'s weighted mean (no member-sampling error)' })
      .option('workers', { type: 'number', describe: 'worker threads (0: this thread); results do not depend on it' })
      .option('record', { type: 'string', describe: 'with --behaviours: also write the verdict, with the ensemble file\'s hash and the check\'s size, to this JSON file (targets/behaviours-v2.check.json makes the shipped ensemble the default once it passes every target at full size)' })
      .option('force', { type: 'boolean', default: false, describe: 'with --record: replace an existing record' })
      .example('$0 check scenarios/2019-baseline.yaml scenarios/2024.yaml --targets targets/report-2019-2024.yaml', 'the two years')
      .example('$0 check scenarios/*.yaml scenarios/targets-v2/*.yaml --priors targets/ensemble-v2.yaml --steady-state', 'every v2 target at steady state')
      .example('$0 check scenarios/*.yaml scenarios/targets-v2/*.yaml --targets targets/report-2019-2024.yaml', 'years and lever effects')
      .example('$0 check scenarios/2019-baseline.yaml scenarios/2024.yaml --targets targets/report-2019-2024.yaml --sensitivity behaviour.baseSatisfaction', 'which targets a parameter moves') as Argv<CheckArgs>,
  handler: async (args: ArgumentsCamelCase<CheckArgs>) => {
    const spec = args.priors === undefined ? undefined : readSpec(args.priors);
    const targetsFile = args.targets ?? spec?.targets;
    const targets = readTargets(targetsFile);
    const seeds = seedList(args, 10);
    const steady = args.steadyState ?? false;
    const overrides = measurementOverrides(args, spec, steady);
    const cases = loadCases(args, overrides);
    const notExpressed = spec?.notExpressed ?? {};
    const workers = args.workers === undefined ? defaultWorkers() : wholeNumber('--workers', args.workers, 0, 1024);
    const behaviours = args.behaviours === undefined ? undefined : behavioursFromArgs(args, cases.map((c) => c.file ?? null), cases.map((c) => c.config));
    if (args.record !== undefined) {
      if (!behaviours) throw new UserError('--record writes the check of a behaviour ensemble', 'add --behaviours ENSEMBLE, or leave out --record');
      checkNewFile(args.record, '--record', args.force ?? false);
    }
    const params = args.sensitivity ?? [];
    for (const path of params) {
      const problem = path.startsWith('behaviour.') ? parameterProblem(cases[0]!.config, path) : 'name a behavioural parameter, behaviour.<name>';
      if (problem) throw new UserError(`--sensitivity ${path}: ${problem}`, 'e.g. --sensitivity behaviour.baseSatisfaction behaviour.lossAversion');
    }
    const plans = planTargets(cases, targets, notExpressed);
    const { results, coverage, picked } = await measure(cases, plans, seeds, overrides, workers, steady, behaviours, args);
    const fails = results.filter((r) => r.status === 'fail').length;
    const unsteady = results.filter((r) => r.status === 'not steady').length;
    const failed = fails + unsteady;
    const inconclusive = results.filter((r) => r.status === 'inconclusive').length;
    const moves = params.length > 0 ? sensitivityRows(cases, targets, params, seeds, args.quiet) : [];
    if (args.json) {
      const rows = targetRows(results).map((row) => withCoverage(row, coverage?.get(row.target)));
      const members = behaviours && picked ? { behaviours: behaviours.file, members: coverage?.size ? picksOf(picked.members) : 0, memberPicks: pickKind(picked.members), memberRows: memberRows(picked.members, picked.perMember) } : {};
      const out = { targets: targetsFile, seeds, ...members, rows, ...(moves.length > 0 ? { sensitivity: moves } : {}) };
      process.stdout.write(JSON.stringify(out, null, 2) + '\n');
    } else {
      const shoppers = [...new Set(cases.map((c) => c.config.shoppers))].map((n) => n.toLocaleString('en-US')).join('/');
      const warm = [...new Set(cases.map((c) => c.config.warmupDays))].join('/');
      process.stdout.write(`${targetsFile}: ${cases.length} scenarios, ${seeds.length} seeds (common random numbers), ${shoppers} shoppers, warm-up ${warm} days${steady ? ', steady-state check (drift: second measured window minus the first)' : ''}\n\n`);
      if (behaviours && picked) process.stdout.write(`behaviours: ${membersLine(picked.members, behaviours)}; "members pass" and "members steady" are its coverage\n\n`);
      process.stdout.write(targetTable(results, coverage ? (id) => coverage.get(id) : undefined) + '\n');
      for (const note of coverageNote(results, cases)) process.stdout.write(`note: ${note}\n`);
      for (const note of notFittedNote(results, spec?.notFitted ?? {})) process.stdout.write(`note: ${note}\n`);
      const run = results.filter((r) => r.simulated !== undefined).length;
      const passed = results.filter((r) => r.status === 'pass').length;
      const verdicts = [
        fails > 0 ? `${fails} FAIL` : '',
        unsteady > 0 ? `${unsteady} not steady (still drifting after the warm-up: a fail)` : '',
        inconclusive > 0 ? `${inconclusive} inconclusive (the 95% CI straddles a bound: add seeds)` : '',
      ].filter(Boolean);
      process.stdout.write(`\n${passed} of ${run} targets pass${verdicts.map((v) => `, ${v}`).join('')}\n`);
      if (moves.length > 0) {
        process.stdout.write('\nchange of each target when the parameter moves by +step, in tolerances (central difference, same seeds):\n\n');
        process.stdout.write(sensitivityTable(moves, targets) + '\n');
      }
    }
    if (behaviours && args.record !== undefined) {
      writeCheckRecord(args.record, {
        ensemble: behaviours.file!, targets: targetsFile!, priors: args.priors, steadyState: steady, seeds,
        shoppers: Math.min(...cases.map((c) => c.config.shoppers)), members: picksOf(picked!.members), memberPicks: pickKind(picked!.members), results,
      });
    }
    if (failed > 0) process.exitCode = EXIT_FAILURE;
  },
};

/** Each target measured on the pool (or in this thread with --workers 0); with an ensemble, over its members. */
async function measure(
  cases: CalibrationCase[], plans: TargetPlan[], seeds: number[], overrides: Record<string, number>, workers: number,
  halves: boolean, behaviours: Behaviours | undefined, args: CheckArgs,
): Promise<{ results: TargetResult[]; coverage?: Map<string, Coverage>; picked?: { members: PickedMembers; perMember: TargetResult[][] } }> {
  const members = behaviours ? pickMembers(behaviours, membersAsked(args.members)) : undefined;
  const vectors = behaviours && members ? members.index.map((m) => behaviours.members[m]!.values) : [{}];
  const used = new Set(plans.flatMap((p) => [p.level, p.base, p.variant].filter(Boolean))).size;
  const total = used * seeds.length * vectors.length;
  const progress = progressLine(args.quiet);
  let done = 0;
  const onRun = () => progress(++done, total);
  const perVector = (await evaluateVectors(plans, seeds, pooledCase, workers, vectors, { halves, onRun })) as TargetResult[][]; // refusals throw
  if (!members) return { results: perVector[0]! };
  return { ...ensembleResults(plans, perVector, members), picked: { members, perMember: perVector } };
}

/** --members: "all", or how many picks by weight; each distinct member runs once, so more picks than members costs nothing more. */
function membersAsked(asked: string | number | undefined): number | 'all' {
  if (asked === 'all') return 'all';
  if (asked === undefined) return 10;
  const n = typeof asked === 'string' && /^\s*\d+\s*$/.test(asked) ? Number(asked) : asked;
  if (typeof n !== 'number') throw new UserError(`--members ${asked}: give a whole number of picks or "all"`, 'e.g. --members 20, or --members all');
  return wholeNumber('--members', n, 1, 100_000);
}

/** How many picks the check made (every member: how many members), as --members asks for them again. */
function picksOf(members: PickedMembers): number {
  return members.every ? members.index.length : members.picks.reduce((a, b) => a + b, 0);
}

function pickKind(members: PickedMembers): 'every' | 'by-weight' {
  return members.every ? 'every' : 'by-weight';
}

function membersLine(members: PickedMembers, behaviours: Behaviours): string {
  const of = `of the ${behaviours.members.length} members of ${ensembleName(behaviours.file)}, each member on every seed`;
  if (members.every) return `every one ${of}, with its weight; a target is judged on the CI over seeds of the ensemble's weighted mean (level, and drift): no member-sampling error`;
  return `${picksOf(members)} picks by weight (${members.index.length} distinct) ${of}; a target is judged on the CI of the members' means (level, and drift), each member counted as often as picked`;
}

/**
 * The distinct members run, each with how often it was picked (or, every
 * member run, its weight); each is run once.
 */
interface PickedMembers {
  index: number[];
  picks: number[];
  every: boolean;
}

/**
 * k picks by weight, as run and compare draw members, so the check judges the
 * mixture users get (it used to take k members evenly by index, ignoring their
 * weights). A member picked twice would run the same seeds twice and add no
 * information, so each distinct member runs once and counts as often as picked.
 */
function pickMembers(behaviours: Behaviours, k: number | 'all'): PickedMembers {
  if (k === 'all') return { index: behaviours.members.map((_, i) => i), picks: behaviours.members.map((m) => m.weight), every: true };
  const counts = new Map<number, number>();
  for (const m of membersByWeight(behaviours, k)) counts.set(m, (counts.get(m) ?? 0) + 1);
  return { index: [...counts.keys()], picks: [...counts.values()], every: false };
}

/**
 * Each member's own verdicts, for the JSON: which members miss which target
 * (the coverage columns count them; this names them), by index in the
 * ensemble file, with how often it was picked.
 */
function memberRows(members: PickedMembers, perMember: TargetResult[][]) {
  return perMember.map((rows, i) => ({
    member: members.index[i]!,
    ...(members.every ? { weight: members.picks[i]! } : { picks: members.picks[i]! }),
    targets: Object.fromEntries(rows.filter((r) => r.simulated).map((r) => [r.target.id, {
      mean: r.simulated!.mean, pass: r.pass ?? false, ...(r.drift ? { drift: r.drift.stat.mean, steady: steadyOnItsOwn(r.drift) } : {}),
    }])),
  }));
}

/**
 * A target over the members, judged as the ensemble's answer: its level on
 * the CI of the members' means, its drift on the CI of the members' mean
 * drifts, each member counting as often as it was picked (Kish's effective
 * number of members for the CI). Coverage: the picked share whose own mean
 * passes, and whose own mean drift is within the allowance. Judging the drift member by member (every member steady)
 * asked more of a target the more members were run, multiple comparisons of
 * noisy drifts: 20 members left six targets inconclusive on one member's
 * drift each, where 10 left two (docs/calibration.md, "Steady state over an
 * ensemble"). A drifting member shows in the steady coverage. One distinct
 * member is judged on its own seeds.
 */
function ensembleResults(plans: TargetPlan[], perMember: TargetResult[][], members: PickedMembers): { results: TargetResult[]; coverage: Map<string, Coverage> } {
  const { picks } = members;
  const coverage = new Map<string, Coverage>();
  const k = picks.reduce((a, b) => a + b, 0);
  const share = (ok: (i: number) => boolean) => picks.reduce((s, p, i) => s + (ok(i) ? p : 0), 0) / k;
  const results = plans.map((plan, t) => {
    const rows = perMember.map((r) => r[t]!);
    const first = rows[0]!;
    if (!first.simulated) return first;
    const pass = share((i) => rows[i]!.pass === true);
    const drifts = rows.map((r) => r.drift);
    const steady = drifts.every((d) => d !== undefined) ? share((i) => steadyOnItsOwn(drifts[i]!)) : undefined;
    coverage.set(plan.target.id, steady === undefined ? { pass } : { pass, steady });
    if (rows.length === 1) return first;
    if (members.every) return wholeEnsemble(plan, rows, picks, steady !== undefined);
    const means = rows.map((r) => r.simulated!.mean);
    const judged = judgeStat(plan.target, first.scenarios, weightedStatOf(means, picks), means);
    if (steady === undefined) return judged;
    return withDrift(judged, driftOf(plan.target, weightedStatOf(drifts.map((d) => d!.stat.mean), picks), judged.simulated!.mean));
  });
  return { results, coverage };
}

/**
 * Every member run: the ensemble's answer is the weighted mean over all of
 * them, known but for seed noise. Members share the seeds (common random
 * numbers), so their seed errors are correlated: the CI is taken over the
 * seeds of the weighted mean per seed, not by adding members' variances.
 */
function wholeEnsemble(plan: TargetPlan, rows: TargetResult[], weights: number[], steady: boolean): TargetResult {
  const perSeed = (values: (r: TargetResult) => number[] | undefined) => weightedPerSeed(rows.map(values), weights);
  const level = perSeed((r) => r.values);
  const judged = judgeStat(plan.target, rows[0]!.scenarios, statOf(level), level);
  if (!steady) return judged;
  const drift = perSeed((r) => r.drift?.values);
  return withDrift(judged, { ...driftOf(plan.target, statOf(drift), judged.simulated!.mean), values: drift });
}

function weightedPerSeed(perMember: (number[] | undefined)[], weights: number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const seeds = perMember[0]?.length ?? 0;
  return Array.from({ length: seeds }, (_, s) => perMember.reduce((sum, v, i) => sum + (weights[i]! * (v?.[s] ?? Number.NaN)), 0) / total);
}

/** A member's own mean drift within the allowance: as "members pass" counts its mean, "members steady" counts this. */
function steadyOnItsOwn(drift: Drift): boolean {
  return Math.abs(drift.stat.mean) <= drift.allowed;
}

function sensitivityRows(cases: CalibrationCase[], targets: Target[], paths: string[], seeds: number[], quiet: boolean | undefined): SensitivityRow[] {
  return sensitivity(cases, targets, paths, {
    seeds,
    onParameter: (done, total) => {
      if (!quiet) process.stderr.write(`sensitivity ${done}/${total} parameters\n`);
    },
  });
}

/** Why bounds lo..hi reach outside the parameter's allowed range (core's lever table), or undefined. */
export function boundsProblem(path: string, lo: number, hi: number): string | undefined {
  const [head, name, trait] = path.split('.');
  const row = head === 'behaviour' ? BEHAVIOUR_ROWS.find((r) => r.name === name) : head === 'markets' ? MARKET_TRAIT_ROWS.find((r) => r.name === trait) : undefined;
  if (!row || (inRange(lo, row.range) && inRange(hi, row.range))) return undefined;
  return `bounds ${lo}..${hi} reach outside its allowed range ${rangeText(row.range)}`;
}
