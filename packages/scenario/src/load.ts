// loadScenarioFile: YAML file (and its extends chain) -> checked, typed
// scenario. Every mistake in the file comes back at once, as ScenarioErrors.
import { statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { checkConfig, defaultScenario, type ConfigIssue, type SimConfig, type ValidConfig } from '@shopsim/core';
import { compiledExpressions, crossFieldErrors, eventsOutsideRun, expressionChecks, schemaErrors } from './check.ts';
import { compileConfig, withBuiltIns } from './compile.ts';
import { errorAt, fromSource, getPath, isPlainObject, mergeLocated, setPath, type Located } from './document.ts';
import { ScenarioErrors, type ScenarioError } from './errors.ts';
import {
  designSize, experimentSeeds, gridValues, groupPaths, groupSize, toExperiment, MAX_DESIGN_POINTS, MAX_RUNS,
  type Experiment, type ParamValue,
} from './experiment.ts';
import type { ScenarioDocument } from './schema.ts';
import { parseSource, readSourceFile, type Loc } from './source.ts';

export interface Scenario {
  /** The file as given to loadScenarioFile. */
  file: string;
  /** The file's own text (not its bases'). */
  text: string;
  name: string;
  description: string;
  /** Checked once, here: simulate and the runner trust it. */
  config: ValidConfig;
  /** Seeds of the replications: `seeds`, or 1..`replications`, or [config.seed]. */
  seeds: number[];
  experiment?: Experiment;
  calibration?: { year?: string; leverEffect?: { id: string; role: 'base' | 'variant' }; minShoppers?: number };
  /**
   * The checked document the config was compiled from (extends merged,
   * built-ins filled in, overrides applied): plain data that crosses a thread
   * boundary, for compileDocument there.
   */
  document: Record<string, unknown>;
  /** Every file read, the named file first and then its bases (empty for the built-in scenario). */
  chain: { file: string; text: string }[];
  /** What the user would otherwise miss: a platform lever set or varied that markets set themselves. */
  warnings: ScenarioError[];
}

export interface LoadOptions {
  /** Dotted key path of the YAML document -> value, applied after extends and before any check. */
  overrides?: Record<string, unknown>;
}

/** Longest chain of extends. */
export const MAX_EXTENDS_DEPTH = 16;

/**
 * Loads, merges, checks and compiles a scenario file.
 * Throws ScenarioErrors with every mistake found; never another error for a bad file.
 */
export function loadScenarioFile(path: string, options: LoadOptions = {}): Scenario {
  const chain = readChain(path, resolve(path), []);
  if (!chain.ok) throw new ScenarioErrors(chain.errors);
  return scenarioFromDocument(path, chain.doc, chain.files, options);
}

/** How errors and results name the built-in scenario. */
export const BUILT_IN_FILE = '(built-in scenario)';

/**
 * The built-in 2024 scenario, through the same checks, overrides and
 * compiler as a file: builtInDocument() is its document.
 */
export function loadBuiltInScenario(options: LoadOptions = {}): Scenario {
  const doc: Located = { value: builtInDocument(), locs: new Map(), lines: new Map(), file: BUILT_IN_FILE };
  return scenarioFromDocument(BUILT_IN_FILE, doc, [], options);
}

// The places of a loaded scenario's document, for checking more overrides on
// it (checkOverrides) with errors located in its files, without reading them.
const placesOf = new WeakMap<Scenario, { locs: Located['locs']; lines: Located['lines']; shortened: boolean }>();

/**
 * Mistakes of a loaded scenario with more overrides set on its checked
 * document (a sweep's design point): the same checks as a load, with errors
 * placed in its files, but no file read again. Empty when the overrides are fine.
 */
export function checkOverrides(scenario: Scenario, overrides: Record<string, unknown>): ScenarioError[] {
  const places = placesOf.get(scenario);
  const doc: Located = { value: structuredClone(scenario.document), locs: new Map(places?.locs), lines: places?.lines ?? new Map(), file: scenario.file };
  // The experiment was checked by the load; a design point is one of its points.
  delete doc.value.experiment;
  const overrideErrors = applyOverrides(doc, overrides);
  if (overrideErrors.length > 0) return overrideErrors;
  const shortened = (places?.shortened ?? false) || Object.hasOwn(overrides, 'days');
  const checked = checkDocument(doc);
  return sortErrors(dedupe([...(checked.ok ? [] : checked.errors), ...(shortened ? [] : eventsOutsideRun(doc))]));
}

/**
 * The config of a document a load already checked (Scenario.document, with
 * more overrides when given): what a worker thread compiles instead of
 * reading and checking the file again. Overrides are set, not checked: the
 * caller checked them (a sweep checks every design point before it starts).
 */
export function compileDocument(document: Record<string, unknown>, overrides: Record<string, unknown> = {}): SimConfig {
  const value = structuredClone(document);
  for (const [path, v] of Object.entries(overrides)) {
    const set = setPath(value, path, structuredClone(v));
    if (!set.ok) throw new Error(`override ${path}: ${set.message}`);
  }
  return compileConfig(value, compiledExpressions(value));
}

/**
 * Loads a scenario from its text alone (no file system: the studio runs this
 * in the browser). The text cannot extend another file; resolvedDocument
 * gives a file with its extends chain merged in.
 */
export function loadScenarioText(file: string, text: string, options: LoadOptions = {}): Scenario {
  const read = parsedText(file, text);
  if (!read.ok) throw new ScenarioErrors(read.errors);
  // Overrides change the document: each load gets its own copy of the parsed value.
  const doc = fromSource({ ...read.source, value: structuredClone(read.source.value) });
  if (doc.value.extends !== undefined) {
    throw new ScenarioErrors([errorAt(doc, 'extends', 'a scenario given as text cannot extend a file', 'merge the chain first (resolvedDocument)')]);
  }
  return scenarioFromDocument(file, doc, [{ file, text }], options);
}

// The studio loads one text again and again with other overrides: parse it once.
let lastParsed: { file: string; text: string; read: ReturnType<typeof parseSource> } | undefined;

function parsedText(file: string, text: string): ReturnType<typeof parseSource> {
  if (lastParsed?.file !== file || lastParsed.text !== text) lastParsed = { file, text, read: parseSource(file, text) };
  return lastParsed.read;
}

/**
 * A scenario file as one whole document: its extends chain merged in and the
 * built-in values filled in, so that it loads alone (loadScenarioText) into
 * the same config as the file.
 */
export function resolvedDocument(path: string): Record<string, unknown> {
  const chain = readChain(path, resolve(path), []);
  if (!chain.ok) throw new ScenarioErrors(chain.errors);
  delete chain.doc.value.extends;
  return withBuiltIns(chain.doc.value);
}

/** The built-in scenario as a whole document, as resolvedDocument gives a file. */
export function builtInDocument(): Record<string, unknown> {
  const { markets: _, levers: __, behaviour: ___, description, ...rest } = defaultScenario();
  // Everything but markets, levers and behaviour (withBuiltIns fills those in), timeline included.
  return withBuiltIns({ ...structuredClone(rest), description: description ?? rest.name });
}

function scenarioFromDocument(path: string, doc: Located, chain: Scenario['chain'], options: LoadOptions): Scenario {
  delete doc.value.extends;
  doc.value = withBuiltIns(doc.value);

  const overrideErrors = applyOverrides(doc, options.overrides ?? {});
  if (overrideErrors.length > 0) throw new ScenarioErrors(overrideErrors);

  // Events after the run's end are mistakes of the file; a run shortened by --days (a quick look) simply ends before them.
  const shortened = Object.hasOwn(options.overrides ?? {}, 'days');
  const outside = eventsOutsideRun(doc);
  const checked = checkDocument(doc);
  const errors = [...(checked.ok ? [] : checked.errors), ...(shortened ? [] : outside)];
  if (!checked.ok || errors.length > 0) throw new ScenarioErrors(sortErrors(dedupe(errors)));
  const d = doc.value as ScenarioDocument;
  // A load that sets a factor of the experiment is one design point of it (a sweep's run): the
  // experiment was checked when the sweep loaded the file. Any other load checks it.
  const designPoint = Object.keys(options.overrides ?? {}).some((path) => experimentFactorLocs(doc).has(path));
  const experimentErrs = d.experiment && !designPoint ? experimentErrors(doc) : [];
  if (experimentErrs.length > 0) throw new ScenarioErrors(experimentErrs);

  const config = checked.config;
  const seeds = d.seeds ?? (d.replications !== undefined ? Array.from({ length: d.replications }, (_, i) => i + 1) : [config.seed]);
  const text = chain[0]?.text ?? '';
  const warnings = [...reachWarnings(doc, Object.keys(options.overrides ?? {}), 'set'), ...reachWarnings(doc, [...experimentFactorLocs(doc).keys()], 'varied')];
  const scenario: Scenario = { file: path, text, name: config.name, description: config.description ?? '', config, seeds, document: doc.value, chain, warnings };
  placesOf.set(scenario, { locs: doc.locs, lines: doc.lines, shortened });
  if (d.experiment) scenario.experiment = toExperiment(d.experiment);
  if (d.calibration) {
    const c: NonNullable<Scenario['calibration']> = {};
    if (d.calibration.year !== undefined) c.year = d.calibration.year;
    if (d.calibration.leverEffect) c.leverEffect = { ...d.calibration.leverEffect };
    if (d.calibration.minShoppers !== undefined) c.minShoppers = d.calibration.minShoppers;
    scenario.calibration = c;
  }
  return scenario;
}

/**
 * A platform-wide lever path set or varied (--set, an experiment factor)
 * reaches only the markets that do not set it themselves: say which do.
 */
function reachWarnings(doc: Located, paths: string[], how: 'set' | 'varied'): ScenarioError[] {
  const out: ScenarioError[] = [];
  for (const path of paths) {
    const reach = leverReach(doc.value, path);
    if (!reach || reach.own.length === 0) continue;
    const message = reach.reached.length === 0
      ? `${path} is ${how} but changes nothing: every market sets its own (${reach.own.join(', ')})`
      : `${path} is ${how} for ${reach.reached.join(', ')} only: ${reach.own.join(', ')} set their own`;
    const factor = experimentFactorLocs(doc).get(path);
    const at = factor ? { file: factor.file, line: factor.keyLine, column: factor.keyColumn, sourceLine: doc.lines.get(factor.file)?.[factor.keyLine - 1] ?? '' } : { file: doc.file, line: 0, column: 0 };
    out.push({ ...at, path, message, hint: `to change a market's own value, use markets.<id>.${path}, e.g. markets.${reach.own[0]}.${path}` });
  }
  return out;
}

/** Warnings for lever paths a sweep varies from outside the file (sweep --set). */
export function sweptPathWarnings(scenario: Scenario, paths: string[]): ScenarioError[] {
  return reachWarnings({ value: scenario.document, locs: new Map(), lines: new Map(), file: scenario.file }, paths, 'varied');
}

/** For a platform lever path (levers.x.y): the markets it reaches and those that set it (or a map above it) themselves. */
export function leverReach(document: Record<string, unknown>, path: string): { reached: string[]; own: string[] } | undefined {
  if (!path.startsWith('levers.')) return undefined;
  const markets = isPlainObject(document.markets) ? Object.keys(document.markets) : [];
  const segs = path.split('.').slice(1);
  // A market's lever patch merges map by map: it overrides the path when it sets the path itself, or a value (or ~) above it.
  const sets = (id: string) => segs.some((_, i) => {
    const v = getPath(document, `markets.${id}.levers.${segs.slice(0, i + 1).join('.')}`);
    return v !== undefined && (i === segs.length - 1 || !isPlainObject(v));
  });
  return { reached: markets.filter((id) => !sets(id)), own: markets.filter(sets) };
}

// ---------------------------------------------------------------- extends

type Chain = { ok: true; doc: Located; files: Scenario['chain'] } | { ok: false; errors: ScenarioError[] };

function readChain(shown: string, absolute: string, stack: string[]): Chain {
  const read = readSourceFile(shown);
  if (!read.ok) return read;
  const value = read.source.value;
  if (!isPlainObject(value)) {
    const held = Array.isArray(value) ? 'a list' : typeof value === 'string' ? 'text' : `a ${typeof value}`;
    const error: ScenarioError = { file: shown, line: 0, column: 0, path: '', message: `is not a scenario: it holds ${held}, not a map of keys (name:, markets:, ...)` };
    error.hint = 'a scenario file is a YAML map, e.g. "name: my scenario" on its first line';
    return { ok: false, errors: [error] };
  }
  const own = fromSource(read.source);
  const ext = own.value.extends;
  const files = [{ file: shown, text: read.source.text }];
  if (ext === undefined) return { ok: true, doc: own, files };
  if (typeof ext !== 'string' || ext === '') {
    return { ok: false, errors: [errorAt(own, 'extends', 'extends must be the path of a base scenario file', 'e.g. extends: ./2024.yaml')] };
  }
  const baseAbsolute = resolve(dirname(absolute), ext);
  const baseShown = isAbsolute(ext) ? ext : join(dirname(shown), ext);
  const cycle = [...stack, absolute];
  if (cycle.includes(baseAbsolute)) {
    const names = [...cycle.slice(cycle.indexOf(baseAbsolute)), baseAbsolute].map((f) => relative(dirname(absolute), f) || f);
    return { ok: false, errors: [errorAt(own, 'extends', `extends cycle: ${names.join(' -> ')}`, 'a file cannot extend itself, directly or through others')] };
  }
  if (cycle.length > MAX_EXTENDS_DEPTH) {
    return { ok: false, errors: [errorAt(own, 'extends', `extends chain is longer than ${MAX_EXTENDS_DEPTH} files`)] };
  }
  const missing = baseProblem(baseAbsolute);
  if (missing) return { ok: false, errors: [errorAt(own, 'extends', `${missing}: ${baseShown}`, 'the path is relative to this file')] };
  const base = readChain(baseShown, baseAbsolute, cycle);
  if (!base.ok) return { ok: false, errors: base.errors.map((e) => (e.line === 0 && e.file === baseShown ? atExtends(own, e) : e)) };
  delete base.doc.value.extends;
  // A calibration block says what this file stands for; a variant of the
  // 2024 scenario is not the 2024 scenario, so it is never inherited.
  delete base.doc.value.calibration;
  return { ok: true, doc: mergeLocated(base.doc, own), files: [...files, ...base.files] };
}

/** Why a base file cannot be opened, or undefined when it can (reading it says the rest). */
function baseProblem(path: string): string | undefined {
  try {
    statSync(path);
    return undefined;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ELOOP' ? 'base file is a loop of symbolic links' : code === 'ENOENT' ? 'base file not found' : undefined;
  }
}

/** A base file that cannot be read at all (a folder, a device, too big) is a mistake of the extends line. */
function atExtends(own: Located, e: ScenarioError): ScenarioError {
  return errorAt(own, 'extends', `base file ${e.file} ${e.message}`, e.hint);
}

// ---------------------------------------------------------------- overrides

const OVERRIDE_LOC = (file: string): Loc => ({ file, line: 0, column: 0, keyLine: 0, keyColumn: 0 });

/**
 * Applies dotted-path overrides. Errors at such a path point at the factor
 * of the file's experiment that names it, else at the override itself.
 */
function applyOverrides(doc: Located, overrides: Record<string, unknown>): ScenarioError[] {
  const errors: ScenarioError[] = [];
  const factorLocs = experimentFactorLocs(doc);
  for (const [path, value] of Object.entries(overrides)) {
    const loc = factorLocs.get(path) ?? OVERRIDE_LOC(`${doc.file} (override ${path})`);
    const set = setPath(doc.value, path, structuredClone(value));
    if (!set.ok) {
      const e: ScenarioError = { file: loc.file, line: loc.keyLine, column: loc.keyColumn, path, message: set.message };
      if (set.hint !== undefined) e.hint = set.hint;
      if (loc.keyLine > 0) e.sourceLine = doc.lines.get(loc.file)?.[loc.keyLine - 1] ?? '';
      errors.push(e);
      continue;
    }
    // The overridden value (and what is under it) now comes from the override.
    for (const k of [...doc.locs.keys()]) if (k === path || k.startsWith(`${path}.`)) doc.locs.delete(k);
    doc.locs.set(path, { ...loc, line: loc.keyLine, column: loc.keyColumn });
  }
  return errors;
}

/** Where each key path varied by the experiment is named in the file. */
function experimentFactorLocs(doc: Located): Map<string, Loc> {
  const out = new Map<string, Loc>();
  for (const [k, loc] of doc.locs) {
    const m = /^experiment\.(policies|uncertainties)\.(?:list\.\d+|grid|random\.ranges|latin-hypercube\.ranges)\.(.+)$/.exec(k);
    if (m && !out.has(m[2]!)) out.set(m[2]!, loc);
  }
  // Keys of a grid/range entry are paths with dots; the entry itself is the one to keep.
  for (const [path] of [...out]) {
    for (const suffix of ['.from', '.to', '.steps', '.min', '.max', '.integer']) {
      if (path.endsWith(suffix) && out.has(path.slice(0, -suffix.length))) out.delete(path);
    }
    if (/\.\d+$/.test(path) && out.has(path.replace(/\.\d+$/, ''))) out.delete(path);
  }
  return out;
}

// ---------------------------------------------------------------- checks

type Checked = { ok: true; config: ValidConfig } | { ok: false; errors: ScenarioError[] };

/** Schema, cross-field rules and expressions together; then core's own checks on the compiled config. */
function checkDocument(doc: Located): Checked {
  const exprs = expressionChecks(doc);
  const errors = [...schemaErrors(doc), ...crossFieldErrors(doc), ...exprs.errors];
  if (errors.length > 0) return { ok: false, errors: sortErrors(dedupe(errors)) };
  const checked = checkConfig(compileConfig(doc.value, exprs.functions));
  if (!checked.ok) return { ok: false, errors: sortErrors(checked.issues.map((i) => fromConfigIssue(doc, i))) };
  return checked;
}

/**
 * Places a core issue in the document. Core names markets by id, as the
 * document does; a per-market lever is placed where that market sets it,
 * else where the platform's levers do.
 */
function fromConfigIssue(doc: Located, issue: ConfigIssue): ScenarioError {
  const own = issue.market !== undefined && issue.path.startsWith('levers.') ? `markets.${issue.market}.${issue.path}` : undefined;
  return errorAt(doc, own !== undefined && doc.locs.has(own) ? own : issue.path, issue.message, issue.hint);
}

function dedupe(errors: ScenarioError[]): ScenarioError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.file}:${e.line}:${e.column}:${e.path}:${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function sortErrors(errors: ScenarioError[]): ScenarioError[] {
  return [...errors].sort((a, b) => (a.file === b.file ? a.line - b.line || a.column - b.column : 0));
}

// ---------------------------------------------------------------- experiment

/** Checks the experiment's design and runs every factor's values through the checks above. */
function experimentErrors(doc: Located): ScenarioError[] {
  const errors: ScenarioError[] = [];
  const raw = getPath(doc.value, 'experiment') as ScenarioDocument['experiment'];
  if (!raw) return errors;
  for (const side of ['policies', 'uncertainties'] as const) {
    const g = raw[side];
    if (!g) continue;
    const kinds = (['list', 'grid', 'random', 'latin-hypercube'] as const).filter((k) => g[k] !== undefined);
    if (kinds.length !== 1) {
      errors.push(errorAt(doc, `experiment.${side}`, kinds.length === 0 ? 'needs one of list, grid, random or latin-hypercube' : `give one of ${kinds.join(', ')}, not ${kinds.length}`, undefined, true));
    }
    for (const k of ['random', 'latin-hypercube'] as const) {
      for (const [path, r] of Object.entries(g[k]?.ranges ?? {})) {
        if (r.min > r.max) errors.push(errorAt(doc, `experiment.${side}.${k}.ranges.${path}`, `min (${r.min}) is above max (${r.max})`, undefined, true));
      }
    }
  }
  if (errors.length > 0) return errors;
  const e = toExperiment(raw);
  const policyPaths = groupPaths(e.policies);
  const both = groupPaths(e.uncertainties).filter((p) => policyPaths.includes(p));
  for (const p of both) errors.push(errorAt(doc, 'experiment.uncertainties', `"${p}" is both a policy and an uncertainty`, 'a key path belongs to one side', true));
  if (e.combine === 'paired') {
    const p = groupSize(e.policies);
    const u = groupSize(e.uncertainties);
    if (p !== u && p !== 1 && u !== 1) errors.push(errorAt(doc, 'experiment.combine', `paired needs as many policies as uncertainties, got ${p} and ${u}`));
  }
  if (e.combine === 'sampled' && e.samples === undefined) {
    errors.push(errorAt(doc, 'experiment.combine', 'sampled needs samples: the number of design points to draw', 'e.g. samples: 100'));
  }
  const size = designSize(e);
  if (size > MAX_DESIGN_POINTS) errors.push(errorAt(doc, 'experiment', `expands to ${size.toLocaleString('en-US')} design points, more than ${MAX_DESIGN_POINTS.toLocaleString('en-US')}`, undefined, true));
  if (errors.length > 0) return errors;
  // The run list is built in memory (and written out): bound points x seeds, not only points.
  const d = doc.value as ScenarioDocument;
  const seedCount = e.replications ?? d.seeds?.length ?? d.replications ?? 1;
  if (size * seedCount > MAX_RUNS) {
    const path = e.replications !== undefined ? 'experiment.replications' : 'experiment';
    errors.push(errorAt(doc, path, `expands to ${(size * seedCount).toLocaleString('en-US')} runs (${size.toLocaleString('en-US')} design points x ${seedCount.toLocaleString('en-US')} seeds), more than ${MAX_RUNS.toLocaleString('en-US')}`, 'use fewer points or replications, or split the experiment across files', true));
    return errors;
  }
  if (experimentSeeds(e, [1]).length === 0) errors.push(errorAt(doc, 'experiment.replications', 'needs at least one replication'));

  // Each factor's extreme (or listed) values, one at a time on the scenario as written.
  const trials = new Map<string, ParamValue[]>();
  const add = (path: string, v: ParamValue) => {
    const list = trials.get(path) ?? [];
    if (!list.includes(v) && list.length < 20) list.push(v);
    trials.set(path, list);
  };
  for (const g of [e.policies, e.uncertainties]) {
    if (!g) continue;
    if ('list' in g) for (const p of g.list) for (const [k, v] of Object.entries(p)) add(k, v);
    if ('grid' in g) {
      for (const [k, spec] of Object.entries(g.grid)) {
        const values = gridValues(spec);
        if (Array.isArray(spec)) values.forEach((v) => add(k, v));
        else [values[0]!, values[values.length - 1]!].forEach((v) => add(k, v));
      }
    }
    const ranges = 'random' in g ? g.random.ranges : 'latin-hypercube' in g ? g['latin-hypercube'].ranges : {};
    for (const [k, r] of Object.entries(ranges)) [r.min, r.max].forEach((v) => add(k, v));
  }
  const factorLocs = experimentFactorLocs(doc);
  for (const [path, values] of trials) {
    for (const value of values) {
      const trial: Located = { ...doc, value: structuredClone(doc.value), locs: new Map(doc.locs) };
      delete trial.value.experiment;
      const trialErrors = applyOverrides(trial, { [path]: value });
      const result = trialErrors.length > 0 ? { ok: false as const, errors: trialErrors } : checkDocument(trial);
      if (result.ok) continue;
      const loc = factorLocs.get(path);
      for (const te of result.errors) {
        const at = loc ? { file: loc.file, line: loc.keyLine, column: loc.keyColumn, sourceLine: doc.lines.get(loc.file)?.[loc.keyLine - 1] ?? '' } : {};
        const message = te.path === path ? te.message : `${te.path} ${te.message}`;
        const err: ScenarioError = { ...te, ...at, path, message: `with ${path} = ${JSON.stringify(value)}: ${message}` };
        errors.push(err);
      }
      break; // one failing value per path is enough to show
    }
  }
  return dedupe(errors);
}
