// Reads a results folder (docs/architecture.md, "Output folders") into typed values.
// A report is made from these files only, so any folder written by run, compare or
// sweep, today or later, can be reported again.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { defaultScenario, type TimelineEvent } from '@shopsim/core';
import type {
  Comparison as RunnerComparison, MarketRef as RunnerMarketRef, RunSummary as RunnerRunSummary, Sensitivity as RunnerSensitivity,
  Stat as RunnerStat, SweepSummary as RunnerSweepSummary,
} from '@shopsim/runner';
import { loadScenarioFile } from '@shopsim/scenario';
import { UserError } from '../user-error.ts';

/**
 * What JSON.stringify makes of a runner value: a non-finite number (an undefined ratio, a
 * CI of one replication) becomes null. The folder's files are the runner's types, written.
 */
export type Jsonified<T> = T extends number
  ? number | null
  : T extends readonly (infer U)[]
    ? Jsonified<U>[]
    : T extends object
      ? { [K in keyof T]: Jsonified<T[K]> }
      : T;

/** A KPI over replications; lo/hi bound the 95% confidence interval (Student t). */
export type Stat = Jsonified<Omit<RunnerStat, 'n'>> & { n: number };
/**
 * A paired difference; significant when its CI excludes 0 (and, with a
 * behaviour ensemble, when at least 95% of plausible behaviours agree on its
 * sign: signShare, signPinned; absent without an ensemble).
 */
export type DiffStat = Stat & { significant: boolean; signShare?: number | null; signPinned?: boolean };

// Older folders may lack what later writers added: these fields are optional when read.
type ScenarioFacts = RunnerRunSummary['scenario'];
export type ScenarioRef = Pick<ScenarioFacts, 'name'> & Partial<Omit<ScenarioFacts, 'name' | 'timeline'>> & {
  /** The scenario's timeline, when the writer recorded it. */
  timeline?: Partial<TimelineEvent>[];
};

export type MarketRef = RunnerMarketRef;

/** One daily row; numbers are means over replications, null where undefined. */
export type DailyMean = { day: number; market: string } & Record<string, number | string | null>;

export type RunSummary = Omit<RunnerRunSummary, 'scenario' | 'kpis' | 'daily'> & {
  scenario: ScenarioRef;
  kpis: Record<string, Record<string, Stat>>;
  daily: DailyMean[];
  [extra: string]: unknown;
};

export type Comparison = Omit<RunnerComparison, 'scenarios' | 'kpis' | 'daily'> & {
  scenarios: ScenarioRef[];
  kpis: Record<string, Record<string, { values: Stat[]; diffs: (DiffStat | null)[] }>>;
  daily: (DailyMean & { scenario: number })[];
  [extra: string]: unknown;
};

export type SweepSummary = Omit<RunnerSweepSummary, 'points' | 'pointCount' | 'runs' | 'failed'> &
  Partial<Pick<RunnerSweepSummary, 'pointCount' | 'runs' | 'failed'>> & {
    points: (Omit<RunnerSweepSummary['points'][number], 'kpis' | 'runs' | 'failed'> & { kpis: Record<string, Stat>; runs?: number; failed?: number })[];
    [extra: string]: unknown;
  };

// Folders written before sweeps recorded reach have neither `reaches` nor `reach`.
export type Sensitivity = Omit<RunnerSensitivity, 'method' | 'fit' | 'rows' | 'reach'> & {
  rows: (Omit<RunnerSensitivity['rows'][number], 'reaches'> & { reaches?: string })[];
  reach?: RunnerSensitivity['reach'];
  method: string;
  fit?: Pick<Jsonified<RunnerSensitivity['fit'][number]>, 'kpi' | 'r2'>[];
};

export type Manifest = Record<string, unknown>;

/** A scenario file kept in the folder, shown as text in the report. */
export interface ScenarioText {
  name: string;
  text: string;
}

/** An event of a scenario's timeline as drawn on daily charts: days [start, end), 0-based. */
export interface TimelineMark {
  kind: string;
  start: number;
  end: number;
  label: string;
  /** Index of the scenario it belongs to (0 for a run). */
  scenario: number;
  /** Market ids it is limited to; every market when absent. */
  markets?: string[];
}

export type Results =
  | { kind: 'run'; dir: string; manifest: Manifest | null; run: RunSummary; scenarios: ScenarioText[]; timeline: TimelineMark[] }
  | { kind: 'compare'; dir: string; manifest: Manifest | null; compare: Comparison; scenarios: ScenarioText[]; timeline: TimelineMark[] }
  | { kind: 'sweep'; dir: string; manifest: Manifest | null; sweep: SweepSummary; sensitivity: Sensitivity | null; scenarios: ScenarioText[] };

export function readResults(dir: string): Results {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UserError(`no results folder at ${dir}`, 'give the folder written by shopsim run/compare/sweep --out');
  }
  const manifest = readJsonIfPresent<Manifest>(dir, 'manifest.json');
  const comparison = readJsonIfPresent<Comparison>(dir, 'comparison.json');
  if (comparison) {
    expectKind(dir, 'comparison.json', comparison, 'compare');
    const scenarios = comparison.scenarios.flatMap((s) => (s.text ? [{ name: s.name, text: s.text }] : []));
    const timeline = comparison.scenarios.flatMap((s, i) => timelineMarks(s, i));
    return { kind: 'compare', dir, manifest, compare: comparison, scenarios: withFolderYaml(dir, scenarios), timeline };
  }
  const summary = readJsonIfPresent<RunSummary | SweepSummary>(dir, 'summary.json');
  if (!summary) {
    throw new UserError(`${dir} holds no shopsim results: no summary.json or comparison.json`, 'give the folder written by shopsim run/compare/sweep --out');
  }
  if (summary.kind === 'run') {
    const scenarios = summary.scenario.text ? [{ name: summary.scenario.name, text: summary.scenario.text }] : [];
    return { kind: 'run', dir, manifest, run: summary, scenarios: withFolderYaml(dir, scenarios), timeline: timelineMarks(summary.scenario, 0) };
  }
  if (summary.kind === 'sweep') {
    const sensitivity = readJsonIfPresent<Sensitivity>(dir, 'sensitivity.json');
    return { kind: 'sweep', dir, manifest, sweep: summary, sensitivity, scenarios: withFolderYaml(dir, []) };
  }
  throw new UserError(`${join(dir, 'summary.json')}: unknown kind ${JSON.stringify((summary as { kind?: unknown }).kind)}`, 'expected "run" or "sweep"');
}

function readJsonIfPresent<T>(dir: string, name: string): T | null {
  const file = join(dir, name);
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (err) {
    throw new UserError(`${file}: not valid JSON (${(err as Error).message})`, 'was the command that wrote it interrupted? run it again');
  }
}

function expectKind(dir: string, name: string, value: { kind?: unknown }, kind: string): void {
  if (value.kind !== kind) {
    throw new UserError(`${join(dir, name)}: expected kind "${kind}", got ${JSON.stringify(value.kind)}`);
  }
}

// Scenario files copied into the folder (a sweep's summary carries no text of its own).
function withFolderYaml(dir: string, known: ScenarioText[]): ScenarioText[] {
  if (known.length > 0) return known;
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/i.test(f))
    .sort()
    .map((f) => ({ name: f, text: readFileSync(join(dir, f), 'utf8') }));
}

/**
 * The timeline a scenario ran with, so charts can show what happened when (a warehouse
 * opening, a festival, a disruption): as recorded in the folder, else from the scenario
 * file if it is still there, else the built-in scenario's when there was no file.
 */
export function timelineMarks(scenario: ScenarioRef, index: number): TimelineMark[] {
  return timelineOf(scenario).flatMap((e) => {
    const markets = Array.isArray(e.markets) && e.markets.length > 0 ? { markets: e.markets.map(String) } : {};
    if (e.kind === 'intervention' && typeof e.day === 'number') {
      return [{ kind: e.kind, start: e.day, end: e.day, label: e.label ?? 'Levers change', scenario: index, ...markets }];
    }
    if ((e.kind === 'festival' || e.kind === 'disruption') && typeof e.startDay === 'number' && typeof e.days === 'number') {
      const label = e.label ?? (e.kind === 'festival' ? 'Festival' : 'Disruption');
      return [{ kind: e.kind, start: e.startDay, end: e.startDay + e.days, label, scenario: index, ...markets }];
    }
    return [];
  });
}

type LooseEvent = { kind?: string; day?: number; startDay?: number; days?: number; label?: string; markets?: unknown };

function timelineOf(scenario: ScenarioRef): LooseEvent[] {
  if (Array.isArray(scenario.timeline)) return scenario.timeline as LooseEvent[];
  if (!scenario.file) return defaultScenario().timeline;
  try {
    return loadScenarioFile(scenario.file).config.timeline;
  } catch {
    // Moved or changed since the run: the charts simply go without event marks.
    return [];
  }
}
