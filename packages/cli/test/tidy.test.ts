// The tidy files a researcher loads in one line, loaded as a researcher would: with DuckDB.
// A query's answer must equal what shopsim computed and wrote in its own summary files.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KPI_NAMES } from '@shopsim/core';
import { cli } from './shopsim.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const small = ['--shoppers', '1500', '--days', '30', '--seeds', '3,7', '--workers', '1', '--quiet'];
const MARKETS = 6;
let dir: string;
let runDir: string;
let db: DuckDBConnection;

async function query(sql: string): Promise<Record<string, unknown>[]> {
  return (await db.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}

beforeAll(async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'shopsim-tidy-'));
  dir = join(tmp, 'compare');
  runDir = join(tmp, 'run');
  const [a, b] = await Promise.all([
    cli(['compare', `${root}scenarios/2019-baseline.yaml`, `${root}scenarios/2024.yaml`, ...small, '--out', dir]),
    cli(['run', ...small, '--out', runDir]),
  ]);
  expect(a.status, a.stderr).toBe(0);
  expect(b.status, b.stderr).toBe(0);
  db = await (await DuckDBInstance.create(':memory:')).connect();
  // Two small commands, but on a busy machine their start-up alone can take a minute.
}, 600_000);
afterAll(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

describe('long.parquet and long.csv of a comparison', () => {
  it('hold one row per scenario, seed, market and KPI, with the unit', async () => {
    const [{ n }] = (await query(`select count(*) as n from '${dir}/long.parquet'`)) as [{ n: string }];
    expect(Number(n)).toBe(2 * 2 * (MARKETS + 1) * KPI_NAMES.length);
    const units = await query(`select distinct kpi, unit from '${dir}/long.parquet' where kpi in ('conversionRate', 'csat', 'orders') order by kpi`);
    expect(units).toEqual([
      { kpi: 'conversionRate', unit: 'fraction of visits' },
      { kpi: 'csat', unit: 'stars (1-5)' },
      { kpi: 'orders', unit: 'count' },
    ]);
  });

  it('answer "mean by scenario, market and KPI" exactly as comparison.json, from Parquet and from CSV', async () => {
    const comparison = JSON.parse(readFileSync(join(dir, 'comparison.json'), 'utf8'));
    const names: string[] = comparison.scenarios.map((s: { name: string }) => s.name);
    for (const file of ['long.parquet', 'long.csv']) {
      const rows = await query(`select scenario, market, kpi, avg(value) as mean from '${dir}/${file}' group by all`);
      expect(rows).toHaveLength(2 * (MARKETS + 1) * KPI_NAMES.length);
      for (const r of rows) {
        const expected = comparison.kpis[r.market as string][r.kpi as string].values[names.indexOf(r.scenario as string)].mean;
        if (expected === null) expect(r.mean, `${file} ${JSON.stringify(r)}`).toBeNull();
        else expect(r.mean as number, `${file} ${JSON.stringify(r)}`).toBeCloseTo(expected, 9);
      }
    }
  });

  it('pair seeds across scenarios: the mean paired difference is the comparison\'s', async () => {
    const comparison = JSON.parse(readFileSync(join(dir, 'comparison.json'), 'utf8'));
    const [row] = await query(`
      with a as (select seed, value from '${dir}/long.parquet' where market = 'all' and kpi = 'orders' and scenario = '${comparison.scenarios[0].name}'),
           b as (select seed, value from '${dir}/long.parquet' where market = 'all' and kpi = 'orders' and scenario = '${comparison.scenarios[1].name}')
      select avg(b.value - a.value) as diff from a join b using (seed)`);
    expect(row!.diff as number).toBeCloseTo(comparison.kpis.all.orders.diffs[1].mean, 9);
  });
});

describe('daily.parquet of a run -R', () => {
  it('has every seed\'s daily series; their mean is summary.json\'s daily mean', async () => {
    const summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8'));
    const rows = await query(`select day, market, avg(value) as mean, count(*) as n from '${runDir}/daily.parquet' where series = 'orders' group by all`);
    expect(rows).toHaveLength(30 * (MARKETS + 1));
    for (const r of rows) {
      expect(Number(r.n)).toBe(2);
      const expected = summary.daily.find((d: { day: number; market: string }) => d.day === r.day && d.market === r.market).orders;
      expect(r.mean as number).toBeCloseTo(expected, 9);
    }
  });
});

describe('codebook.json', () => {
  it('names every column of every file with its unit and definition; every name is safe in unquoted SQL', async () => {
    const book = JSON.parse(readFileSync(join(runDir, 'codebook.json'), 'utf8'));
    for (const file of ['long.csv', 'long.parquet', 'daily.csv', 'daily.parquet']) {
      const described = await query(`describe select * from '${runDir}/${file}'`);
      const documented = book.files[file].columns as { name: string; unit: string; definition: string }[];
      expect(described.map((c) => c.column_name)).toEqual(documented.map((c) => c.name));
      for (const c of documented) {
        expect(c.name).toMatch(/^[a-z_][a-z0-9_]*$/);
        expect(c.unit.length).toBeGreaterThan(0);
        expect(c.definition.length).toBeGreaterThan(10);
      }
    }
    expect(book.kpis.map((k: { kpi: string }) => k.kpi)).toEqual([...KPI_NAMES]);
  });
});

describe('tidy files of a sweep', () => {
  const out = () => join(dir, '..', 'sweep');

  it('long.parquet has a column per swept lever; the mean by lever value is summary.json\'s point mean', async () => {
    const r = await cli(['sweep', '--set', 'levers.warehouseShare=0.3,0.8', '--shoppers', '1500', '--days', '30', '--seeds', '3,7', '--workers', '1', '--quiet', '--daily', '--out', out()]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('long.parquet');
    const summary = JSON.parse(readFileSync(join(out(), 'summary.json'), 'utf8').split('\n').filter(Boolean).join('\n'));
    const rows = await query(`select levers_warehouse_share as share, avg(value) as mean, count(*) as n from '${out()}/long.parquet' where market = 'all' and kpi = 'csat' group by all order by share`);
    expect(rows.map((x) => x.share)).toEqual([0.3, 0.8]);
    for (const row of rows) {
      const point = summary.points.find((p: { params: Record<string, number> }) => p.params['levers.warehouseShare'] === row.share);
      expect(Number(row.n)).toBe(2);
      expect(row.mean as number).toBeCloseTo(point.kpis.csat.mean, 9);
    }
    // Every market's KPIs per run, not only all markets' (runs.csv has those; 042d453 had nothing flat per market).
    const markets = await query(`select count(distinct market) as n from '${out()}/long.parquet'`);
    expect(markets).toEqual([{ n: String(MARKETS + 1) }]);
    // runs.csv reads with unquoted names too (it had dotted lever columns), as its codebook entry says.
    const flat = await query(`select levers_warehouse_share as share, avg(csat) as mean from '${out()}/runs.csv' group by all order by share`);
    expect(flat).toEqual(rows.map((x) => ({ share: x.share, mean: expect.closeTo(x.mean as number, 9) })));
    const book = JSON.parse(readFileSync(join(out(), 'codebook.json'), 'utf8'));
    const described = await query(`describe select * from '${out()}/runs.csv'`);
    expect(described.map((c) => c.column_name)).toEqual(book.files['runs.csv'].columns.map((c: { name: string }) => c.name));
    for (const c of described) expect(c.column_name).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
  });

  it('sweep --daily writes every run\'s daily series (042d453 wrote none): each run\'s days add up to its KPI', async () => {
    const counts = await query(`select count(distinct run) as runs, count(distinct seed) as seeds, count(distinct levers_warehouse_share) as shares, count(distinct day) as days from '${out()}/daily.parquet'`);
    expect(counts).toEqual([{ runs: '4', seeds: '2', shares: '2', days: '30' }]);
    // The scenario has no warm-up, so a run's daily orders sum to its orders KPI, in every market.
    for (const file of ['daily.parquet', 'daily.csv']) {
      const mismatched = await query(`
        with d as (select run, market, sum(value) as total from '${out()}/${file}' where series = 'orders' group by all),
             k as (select run, market, value from '${out()}/long.parquet' where kpi = 'orders')
        select count(*) as n, count(*) filter (where d.total <> k.value) as bad from d join k using (run, market)`);
      expect(mismatched, file).toEqual([{ n: String(4 * (MARKETS + 1)), bad: '0' }]);
    }
    // A forced rerun without --daily leaves no daily file of the earlier sweep behind.
    const again = await cli(['sweep', '--set', 'levers.warehouseShare=0.3', '--shoppers', '300', '--days', '5', '--seeds', '1', '--quiet', '--force', '--out', out()]);
    expect(again.status, again.stderr).toBe(0);
    expect(existsSync(join(out(), 'daily.parquet')) || existsSync(join(out(), 'daily'))).toBe(false);
  });
});
