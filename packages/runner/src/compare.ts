// Paired comparison of scenarios: every scenario runs on the same seeds, so
// replication r of A and of B see common random numbers, and each KPI's
// difference (B - A) is judged replication by replication.
import { KPI_NAMES, type Kpis } from '@shopsim/core';
import { runAll } from './pool.ts';
import { checkDailyRows, kpisIn, loadChecked, marketsOf, meanDaily, scenarioFacts, succeeded, type DailyMeanRow, type MarketRef, type ScenarioFacts, type ScenarioInput } from './replicate.ts';
import { diffStatOf, statOf, type DiffStat, type Stat } from './stats.ts';
import type { RunOutput } from './task.ts';
import { taskScenario } from './scenario-source.ts';
import { memberIndex, withMember, type Behaviours } from './behaviours.ts';

export interface KpiComparison {
  /** One per scenario. */
  values: Stat[];
  /** Paired difference of each scenario minus the first; null for the first itself. */
  diffs: (DiffStat | null)[];
}

/** comparison.json of `shopsim compare`. */
export interface Comparison {
  kind: 'compare';
  scenarios: ScenarioFacts[];
  seeds: number[];
  /** With --behaviours: the ensemble file and, per seed, the member its replications used. */
  behaviours?: { file: string | null; members: number[] };
  markets: MarketRef[];
  /** "all" and one entry per market id of the first scenario. */
  kpis: Record<string, Record<keyof Kpis, KpiComparison>>;
  daily: (DailyMeanRow & { scenario: number })[];
}

export interface CompareOptions {
  scenarios: ScenarioInput[];
  seeds: number[];
  workers: number;
  /** Each replication draws one member of this ensemble from its seed (the same for every scenario). */
  behaviours?: Behaviours;
  onProgress?: (done: number, total: number) => void;
}

export async function compareScenarios(options: CompareOptions): Promise<Comparison> {
  return (await compareRuns(options)).comparison;
}

/** The comparison, and every replication's output (outputs[scenario][seed index]) for per-seed files. */
export async function compareRuns(options: CompareOptions): Promise<{ comparison: Comparison; outputs: RunOutput[][] }> {
  const loaded = await Promise.all(options.scenarios.map(loadChecked));
  checkDailyRows(loaded, options.seeds.length);
  const tasks = loaded.flatMap((s) =>
    options.seeds.map((seed) => withMember({ file: s.file, scenario: taskScenario(s), overrides: {}, seed, daily: true }, options.behaviours)),
  );
  const outcomes = await runAll(tasks, options.workers, (done) => options.onProgress?.(done, tasks.length));
  const r = options.seeds.length;
  const outputs: RunOutput[][] = loaded.map((s, si) =>
    options.seeds.map((seed, i) => succeeded(outcomes[si * r + i]!, `${s.name}, seed ${seed}`)),
  );
  const markets = marketsOf(loaded[0]!);
  const comparison: Comparison = {
    kind: 'compare',
    scenarios: loaded.map(scenarioFacts),
    seeds: options.seeds,
    ...(options.behaviours ? { behaviours: { file: options.behaviours.file ?? null, members: options.seeds.map((seed) => memberIndex(options.behaviours!, seed)) } } : {}),
    markets,
    kpis: compareKpis(outputs, markets, options.behaviours !== undefined),
    daily: outputs.flatMap((o, scenario) => meanDaily(o).map((row) => ({ scenario, ...row }))),
  };
  return { comparison, outputs };
}

/** Per market and KPI: each scenario's Stat and its paired difference from the first scenario. */
export function compareKpis(outputs: RunOutput[][], markets: MarketRef[], withBehaviours = false): Comparison['kpis'] {
  const out: Comparison['kpis'] = {};
  for (const market of ['all', ...markets.map((m) => m.id)]) {
    const byKpi = {} as Record<keyof Kpis, KpiComparison>;
    for (const k of KPI_NAMES) {
      const samples = outputs.map((runs) => runs.map((o) => kpisIn(o, market)?.[k] ?? Number.NaN));
      const base = samples[0]!;
      byKpi[k] = {
        values: samples.map((s) => statOf(s)),
        diffs: samples.map((s, i) => (i === 0 ? null : diffStatOf(base, s, withBehaviours))),
      };
    }
    out[market] = byKpi;
  }
  return out;
}
