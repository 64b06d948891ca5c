// Real results folders for report tests, made by simulating the built-in scenario on a few
// seeds and writing the documented formats (docs/architecture.md, "Output folders").
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultScenario, KPI_NAMES, simulate, type SimConfig, type SimResult } from '@shopsim/core';

// Two-sided 95% Student t quantiles for 1..10 degrees of freedom.
const T95 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228];

export function stat(xs: number[]) {
  const v = xs.filter(Number.isFinite);
  const n = v.length;
  if (n === 0) return { mean: null, sd: null, lo: null, hi: null, n: 0 };
  const mean = v.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  const half = n > 1 ? T95[Math.min(n - 2, T95.length - 1)]! * (sd / Math.sqrt(n)) : 0;
  return { mean, sd, lo: mean - half, hi: mean + half, n };
}

function diffStat(a: number[], b: number[]) {
  const s = stat(b.map((x, i) => x - a[i]!));
  return { ...s, significant: s.n > 1 && s.lo !== null && s.hi !== null && (s.lo > 0 || s.hi < 0) };
}

export interface FixtureSize {
  shoppers: number;
  days: number;
  seeds: number[];
}

function runSeeds(config: SimConfig, size: FixtureSize): SimResult[] {
  const c = { ...config, shoppers: size.shoppers, days: size.days, warmupDays: Math.min(config.warmupDays, size.days - 1) };
  return size.seeds.map((seed) => simulate(c, { seed }));
}

const marketIds = (r: SimResult) => ['all', ...r.markets.map((m) => m.id)];
const kpisIn = (r: SimResult, market: string) => (market === 'all' ? r.kpis : r.byMarket[market]!);

function kpiStats(results: SimResult[]) {
  const out: Record<string, Record<string, ReturnType<typeof stat>>> = {};
  for (const market of marketIds(results[0]!)) {
    out[market] = Object.fromEntries(KPI_NAMES.map((k) => [k, stat(results.map((r) => kpisIn(r, market)[k]))]));
  }
  return out;
}

function meanDaily(results: SimResult[]) {
  return results[0]!.daily.map((row, i) => {
    const out: Record<string, number | string | null> = { day: row.day, market: row.market };
    for (const key of Object.keys(row)) {
      if (key === 'day' || key === 'market') continue;
      out[key] = stat(results.map((r) => (r.daily[i] as unknown as Record<string, number>)[key]!)).mean;
    }
    return out;
  });
}

function manifest(command: string, size: FixtureSize) {
  return { shopsim: '0.1.0', gitCommit: 'test', node: process.version, dependencies: {}, command, scenarios: [{ file: null, sha256: null }], seeds: size.seeds, runs: size.seeds.length };
}

/** A warehouse opens in every market on day 30: most orders ship from overseas stock. */
export function warehouseScenario(): SimConfig {
  const config = defaultScenario();
  return {
    ...config,
    name: 'warehouse-opens',
    timeline: [
      ...config.timeline,
      { kind: 'intervention', day: 30, levers: { warehouseShare: 0.95 }, label: 'Warehouses open' },
      // Limited to Europe and changing nothing (the share is 0.95 from day 30): drawn in Europe's panels only.
      { kind: 'intervention', day: 45, markets: ['europe'], levers: { warehouseShare: 0.95 }, label: 'Europe hub' },
    ],
  };
}

export function writeRunFolder(dir: string, size: FixtureSize, config = defaultScenario()): void {
  const results = runSeeds(config, size);
  const summary = {
    kind: 'run',
    scenario: { name: config.name, description: 'The built-in scenario', file: null, text: null, shoppers: size.shoppers, days: size.days },
    seeds: size.seeds,
    markets: results[0]!.markets,
    kpis: kpiStats(results),
    daily: meanDaily(results),
  };
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary));
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest('shopsim run --out ' + dir, size)));
}

export function writeCompareFolder(dir: string, size: FixtureSize, configs = [defaultScenario(), warehouseScenario()]): void {
  const runs = configs.map((c) => runSeeds(c, size));
  const first = runs[0]![0]!;
  const kpis: Record<string, Record<string, unknown>> = {};
  for (const market of marketIds(first)) {
    kpis[market] = Object.fromEntries(
      KPI_NAMES.map((k) => {
        const samples = runs.map((rs) => rs.map((r) => kpisIn(r, market)[k]));
        return [k, { values: samples.map(stat), diffs: samples.map((s, i) => (i === 0 ? null : diffStat(samples[0]!, s))) }];
      }),
    );
  }
  const comparison = {
    kind: 'compare',
    scenarios: configs.map((c) => ({
      name: c.name, file: null, text: `name: ${c.name}\n# built in for the test </script> <b>not bold</b>\n`, timeline: c.timeline, shoppers: size.shoppers, days: size.days,
    })),
    seeds: size.seeds,
    markets: first.markets,
    kpis,
    daily: runs.flatMap((rs, scenario) => meanDaily(rs).map((row) => ({ scenario, ...row }))),
  };
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'comparison.json'), JSON.stringify(comparison));
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest('shopsim compare --out ' + dir, size)));
}
