// Tidy files a researcher loads in one line (pandas, R, DuckDB): one row per observation,
// one column per variable, units in a column and every column in codebook.json.
//   long.csv / long.parquet    one row per run x market x KPI (per seed, never a mean)
//   daily.csv / daily.parquet  one row per run x day x market x daily series
// Shares are fractions (0.12, not 12%); the unit column says so. Column names are
// lower-case snake_case, safe in unquoted SQL.
import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileWriter, ParquetWriter, parquetWriteBuffer, schemaFromColumnData } from 'hyparquet-writer';
import { KPI_NAMES, MONEY_NOTE, type DailyRow, type Kpis } from '@shopsim/core';
import { isPartial, readManifest, reachLabel, readRunDaily, sqlName, type PathReach, type RunOutput } from '@shopsim/runner';
import { DAILY_GLOSSARY, KPI_GLOSSARY, type DailyField } from '../report/glossary.ts';

/** One replication as the tidy files see it. */
export interface TidyRun {
  run: number;
  scenario: string;
  /** Design point of a sweep; null elsewhere. */
  point: number | null;
  replication: number;
  seed: number;
  /** Sweep lever values by dotted path. */
  params?: Record<string, unknown>;
  kpis: Kpis | Record<string, number>;
  byMarket: Record<string, Kpis | Record<string, number>>;
  daily?: readonly DailyRow[];
}

type Value = string | number | null;
type Column = { name: string; type: 'STRING' | 'INT32' | 'DOUBLE'; unit: string; definition: string };

const RUN_COLUMNS: Column[] = [
  { name: 'run', type: 'INT32', unit: 'id', definition: 'Run number in the folder, from 0: one replication of one scenario (or design point) on one seed.' },
  { name: 'scenario', type: 'STRING', unit: 'name', definition: 'Name of the scenario the run simulated.' },
  { name: 'point', type: 'INT32', unit: 'id', definition: 'Design point of a sweep, from 0; empty outside sweeps.' },
  { name: 'replication', type: 'INT32', unit: 'id', definition: 'Replication of the scenario or design point, from 0.' },
  { name: 'seed', type: 'INT32', unit: 'id', definition: 'Random seed of the run; runs with the same seed share common random numbers across scenarios.' },
];

const MARKET: Column = { name: 'market', type: 'STRING', unit: 'id', definition: 'Market id, or "all" for the whole platform.' };
const VALUE: Column = { name: 'value', type: 'DOUBLE', unit: 'see unit', definition: 'The value, in the unit of the row; empty when undefined (a ratio with nothing to divide by).' };
const UNIT: Column = { name: 'unit', type: 'STRING', unit: 'text', definition: `Unit of value. Shares are fractions from 0 to 1; ${MONEY_NOTE}.` };

export const LONG_COLUMNS: Column[] = [
  ...RUN_COLUMNS,
  MARKET,
  { name: 'kpi', type: 'STRING', unit: 'name', definition: 'KPI name over the run after its warm-up (see kpis in this codebook).' },
  VALUE,
  UNIT,
];

export const DAILY_COLUMNS: Column[] = [
  ...RUN_COLUMNS,
  { name: 'day', type: 'INT32', unit: 'day', definition: 'Day of the run, from 0 (warm-up days included).' },
  MARKET,
  { name: 'series', type: 'STRING', unit: 'name', definition: 'Daily series name (see series in this codebook).' },
  VALUE,
  UNIT,
];

/** The unit of a KPI as stored in files: shares as fractions. */
export function fileUnit(unit: string, percent: boolean): string {
  return percent ? `fraction of ${unit.replace(/^% of /, '')}` : unit;
}

const kpiUnit = (k: string): string => (Object.hasOwn(KPI_GLOSSARY, k) ? fileUnit(KPI_GLOSSARY[k as keyof Kpis].unit, KPI_GLOSSARY[k as keyof Kpis].percent) : '');
const dailyUnit = (f: string): string => (Object.hasOwn(DAILY_GLOSSARY, f) ? fileUnit(DAILY_GLOSSARY[f as DailyField].unit, DAILY_GLOSSARY[f as DailyField].percent) : '');

const finite = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

type LeverColumn = { path: string; column: Column };

function paramColumns(runs: readonly TidyRun[]): LeverColumn[] {
  const paths = [...new Set(runs.flatMap((r) => Object.keys(r.params ?? {})))];
  return paths.map((path) => ({
    path,
    column: { name: sqlName(path), type: 'DOUBLE', unit: 'lever value', definition: `Value of the swept lever ${path} in this run.` },
  }));
}

/** A replication's output from the pool, as a tidy run. */
export function tidyRun(output: RunOutput, where: { run: number; scenario: string; replication: number }): TidyRun {
  return { ...where, point: null, seed: output.seed, kpis: output.kpis, byMarket: output.byMarket, ...(output.daily ? { daily: output.daily } : {}) };
}

/** Rows of long.*: one per run, market ("all" first) and KPI. */
export function longRows(runs: readonly TidyRun[]): { columns: Column[]; rows: Value[][] } {
  const params = paramColumns(runs);
  const rows: Value[][] = [];
  for (const r of runs) {
    const head: Value[] = [r.run, r.scenario, r.point, r.replication, r.seed];
    const levers = params.map((p) => finite(r.params?.[p.path]));
    for (const [market, kpis] of [['all', r.kpis] as const, ...Object.entries(r.byMarket)]) {
      for (const k of KPI_NAMES) rows.push([...head, ...levers, market, k, finite((kpis as Record<string, number>)[k]), kpiUnit(k)]);
    }
  }
  const columns = [...RUN_COLUMNS, ...params.map((p) => p.column), ...LONG_COLUMNS.slice(RUN_COLUMNS.length)];
  return { columns, rows };
}

/** Columns of daily.*, with one column per swept lever after the run's own. */
function dailyColumns(levers: readonly LeverColumn[]): Column[] {
  return [...RUN_COLUMNS, ...levers.map((p) => p.column), ...DAILY_COLUMNS.slice(RUN_COLUMNS.length)];
}

/** Rows of daily.* for one run: one per day, market and daily series. */
function dailyRowsOf(r: TidyRun, daily: readonly DailyRow[], levers: readonly LeverColumn[]): Value[][] {
  const head: Value[] = [r.run, r.scenario, r.point, r.replication, r.seed, ...levers.map((p) => finite(r.params?.[p.path]))];
  const rows: Value[][] = [];
  for (const d of daily) {
    for (const [series, v] of Object.entries(d)) {
      if (series === 'day' || series === 'market') continue;
      rows.push([...head, d.day, d.market, series, finite(v), dailyUnit(series)]);
    }
  }
  return rows;
}

/**
 * A table written as CSV and Parquet one chunk (a run) at a time, so the daily series of
 * many runs never sit in memory together.
 */
class TableWriter {
  private readonly parquet: ParquetWriter;

  constructor(private readonly csvPath: string, parquetPath: string, private readonly columns: readonly Column[]) {
    writeFileSync(csvPath, columns.map((c) => c.name).join(',') + '\n');
    const schema = schemaFromColumnData({ columnData: columns.map((c) => ({ name: c.name, data: [], type: c.type })) });
    this.parquet = new ParquetWriter({ writer: fileWriter(parquetPath), schema });
  }

  add(rows: readonly Value[][]): void {
    if (rows.length === 0) return;
    appendFileSync(this.csvPath, rows.map((r) => r.map(csvField).join(',') + '\n').join(''));
    this.parquet.write({ columnData: this.columns.map((c, i) => ({ name: c.name, data: rows.map((r) => r[i] ?? null) })), rowGroupSize: rows.length });
  }

  close(): void {
    this.parquet.finish();
  }
}

/** daily.csv and daily.parquet from each run's series (null: none kept for that run). Returns their columns. */
function writeDailyFiles(dir: string, runs: readonly TidyRun[], seriesOf: (r: TidyRun) => readonly DailyRow[] | null): Column[] | string {
  const levers = paramColumns(runs);
  const columns = dailyColumns(levers);
  const writer = new TableWriter(join(dir, 'daily.csv'), join(dir, 'daily.parquet'), columns);
  let missing: TidyRun | undefined;
  for (const r of runs) {
    const daily = seriesOf(r);
    if (daily === null) {
      missing = r;
      break;
    }
    writer.add(dailyRowsOf(r, daily, levers));
  }
  writer.close();
  if (missing === undefined) return columns;
  // Never a daily file that silently lacks some runs.
  for (const f of ['daily.csv', 'daily.parquet']) rmSync(join(dir, f), { force: true });
  return `run ${missing.run} has no daily series (was the sweep started or resumed without --daily?)`;
}

// RFC 4180: quote a field holding a comma, quote or line break; an empty field is a missing value.
function csvField(v: Value): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(table: { columns: Column[]; rows: Value[][] }): string {
  const lines = [table.columns.map((c) => c.name).join(',')];
  for (const row of table.rows) lines.push(row.map(csvField).join(','));
  return lines.join('\n') + '\n';
}

export function toParquet(table: { columns: Column[]; rows: Value[][] }): Uint8Array {
  const columnData = table.columns.map((c, i) => ({ name: c.name, data: table.rows.map((r) => r[i] ?? null), type: c.type }));
  return new Uint8Array(parquetWriteBuffer({ columnData }));
}

/** Every column of every tidy file, each KPI and daily series with its unit and definition. */
export function codebook(files: Record<string, Column[]>): unknown {
  return {
    about: `Tidy results of shopsim: one row per observation. Shares are fractions (0 to 1), ${MONEY_NOTE}, days are simulated days. Values are per run (one seed), never means.`,
    files: Object.fromEntries(Object.entries(files).map(([file, columns]) => [file, { columns }])),
    kpis: KPI_NAMES.map((k) => ({ kpi: k, label: KPI_GLOSSARY[k].label, unit: kpiUnit(k), definition: KPI_GLOSSARY[k].definition })),
    series: Object.entries(DAILY_GLOSSARY).map(([s, g]) => ({ series: s, label: g.label, unit: dailyUnit(s), definition: g.definition })),
  };
}

/** The tidy files of a run -R or compare folder: long and daily as CSV and Parquet, and the codebook. */
export function writeTidyFiles(dir: string, runs: readonly TidyRun[]): string[] {
  const long = longRows(runs);
  const files: Record<string, Column[]> = { 'long.csv': long.columns, 'long.parquet': long.columns };
  writeFileSync(join(dir, 'long.csv'), toCsv(long));
  writeFileSync(join(dir, 'long.parquet'), toParquet(long));
  if (runs.some((r) => r.daily && r.daily.length > 0)) {
    const daily = writeDailyFiles(dir, runs, (r) => r.daily ?? []);
    if (typeof daily !== 'string') Object.assign(files, { 'daily.csv': daily, 'daily.parquet': daily });
  }
  writeFileSync(join(dir, 'codebook.json'), JSON.stringify(codebook(files), null, 2) + '\n');
  return Object.keys(files).concat('codebook.json');
}

/** Sweeps up to this many finished runs get long.csv/.parquet (built in memory); runs.jsonl has every run. */
export const SWEEP_TIDY_MAX_RUNS = 5_000;

/**
 * long.csv/.parquet of a sweep folder, from its runs.jsonl (finished runs only; a run
 * resumed twice counts once), with one column per swept lever; with `daily` (sweep --daily)
 * also daily.csv/.parquet from the runs' daily series. Returns the files written, and why
 * some were not.
 */
export function writeSweepTidyFiles(dir: string, scenario: string, daily = false): { files: string[]; skipped?: string } {
  const path = join(dir, 'runs.jsonl');
  if (!existsSync(path)) return { files: [], skipped: 'no runs.jsonl' };
  const byRun = new Map<number, TidyRun>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    let row: { run: number; point: number; replication: number; seed: number; status: string; params: Record<string, unknown>; kpis: Record<string, number>; byMarket: Record<string, Record<string, number>> };
    try {
      row = JSON.parse(line);
    } catch {
      continue; // a torn last line: the sweep's own checks say so
    }
    if (row.status !== 'ok') continue;
    byRun.set(row.run, { run: row.run, scenario, point: row.point, replication: row.replication, seed: row.seed, params: row.params, kpis: row.kpis, byMarket: row.byMarket });
    if (byRun.size > SWEEP_TIDY_MAX_RUNS) return { files: [], skipped: `more than ${SWEEP_TIDY_MAX_RUNS.toLocaleString('en-US')} runs: use runs.jsonl or runs.csv` };
  }
  const runs = [...byRun.values()].sort((a, b) => a.run - b.run);
  const long = longRows(runs);
  writeFileSync(join(dir, 'long.csv'), toCsv(long));
  writeFileSync(join(dir, 'long.parquet'), toParquet(long));
  const levers = paramColumns(runs).map((p) => p.column);
  const files: Record<string, Column[]> = { 'long.csv': long.columns, 'long.parquet': long.columns, 'runs.csv': runsCsvColumns(levers) };
  let skipped: string | undefined;
  if (daily) {
    const sweepId = String(readManifest(dir).sweepId ?? '');
    const written = writeDailyFiles(dir, runs, (r) => readRunDaily(dir, sweepId, r.run, r.seed));
    if (typeof written === 'string') skipped = `daily.csv/.parquet not written: ${written}`;
    else Object.assign(files, { 'daily.csv': written, 'daily.parquet': written });
  }
  writeFileSync(join(dir, 'codebook.json'), JSON.stringify(codebook(withReach(files, readManifest(dir).reach)), null, 2) + '\n');
  const written = Object.keys(files).filter((f) => f !== 'runs.csv').concat('codebook.json');
  return { files: written, ...(skipped ? { skipped } : {}) };
}

/**
 * Each swept lever's column says which markets the lever reaches when that is not all of them
 * (a platform lever that markets set themselves): its effect in all-markets KPIs is theirs.
 */
function withReach(files: Record<string, Column[]>, reach: unknown): Record<string, Column[]> {
  const partial = new Map((Array.isArray(reach) ? (reach as PathReach[]) : []).filter(isPartial).map((r) => [sqlName(r.path), r]));
  const note = (c: Column): Column => {
    const r = partial.get(c.name);
    return r && c.definition.startsWith('Value of the swept lever') ? { ...c, definition: `${c.definition} It reaches ${reachLabel(r)}: the other markets set their own.` } : c;
  };
  return Object.fromEntries(Object.entries(files).map(([file, columns]) => [file, columns.map(note)]));
}

/** The columns of a sweep's runs.jsonl as runs.csv (written by the runner): one line per run, all-markets KPIs. */
function runsCsvColumns(levers: Column[]): Column[] {
  const [run, , point, replication, seed] = RUN_COLUMNS as [Column, Column, Column, Column, Column];
  return [
    run, point, replication, seed,
    { name: 'status', type: 'STRING', unit: 'text', definition: '"ok", or "failed" with the reason in error.' },
    ...levers,
    ...KPI_NAMES.map((k): Column => ({ name: k, type: 'DOUBLE', unit: kpiUnit(k), definition: `${KPI_GLOSSARY[k].label}, all markets: ${KPI_GLOSSARY[k].definition}` })),
    { name: 'error', type: 'STRING', unit: 'text', definition: 'Why the run failed; empty when it did not.' },
  ];
}
