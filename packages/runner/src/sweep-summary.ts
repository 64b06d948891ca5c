// What a sweep's runs add up to, computed in one streaming pass in run order:
// a Stat per design point and KPI, and standardised regression coefficients
// saying which lever moves which KPI most.
import { KPI_NAMES } from '@shopsim/core';
import { sqlName } from './column-name.ts';
import type { ParamValue, RunSpec } from './scenario-source.ts';
import { toJson, writeAtomically } from './output.ts';
import { reachLabel, type PathReach } from './reach.ts';
import type { RunRow } from './runs-file.ts';
import { statFromMoments, type Stat } from './stats.ts';

export interface PointSummary {
  point: number;
  params: Record<string, ParamValue>;
  runs: number;
  failed: number;
  kpis: Record<string, Stat>;
}

/** summary.json of `shopsim sweep` (every point); in memory, only the first points (see `summary`). */
export interface SweepSummary {
  kind: 'sweep';
  params: string[];
  kpis: string[];
  /** Design points in this folder (a shard's own), runs in them, failed runs among them. */
  pointCount: number;
  runs: number;
  failed: number;
  points: PointSummary[];
}

/** Design points a summary holds in memory; summary.json has them all. */
export const POINTS_IN_MEMORY = 1000;

/**
 * sensitivity.json: one row per numeric parameter and KPI; r2 per KPI says how much the linear
 * fit explains. Each row says which markets its parameter reaches (a platform lever that markets
 * set themselves moves only the others), and `reach` has the market ids and their shopper share.
 */
export interface Sensitivity {
  kind: 'sensitivity';
  method: 'standardised regression coefficients';
  rows: { param: string; kpi: string; coefficient: number; reaches: string }[];
  fit: { kpi: string; r2: number; n: number }[];
  reach: PathReach[];
}

const K = KPI_NAMES.length;

export class SweepAggregator {
  readonly params: string[];
  private readonly numeric: string[];
  /** The design points in the plan (a shard's plan holds some of the sweep's), and where each is kept. */
  private readonly pointIds: number[] = [];
  private readonly pointParams: Record<string, ParamValue>[] = [];
  private readonly slotOf: Int32Array;
  // Per point and KPI: n, mean, M2 (Welford), in flat typed arrays.
  private readonly moments: Float64Array;
  private readonly runs: Uint32Array;
  private readonly failed: Uint32Array;
  private readonly regressions: Regression[];

  constructor(plan: readonly RunSpec[]) {
    const params = new Set<string>();
    const nonNumeric = new Set<string>();
    let maxPoint = -1;
    for (const spec of plan) maxPoint = Math.max(maxPoint, spec.point);
    this.slotOf = new Int32Array(maxPoint + 1).fill(-1);
    for (const spec of plan) {
      if (this.slotOf[spec.point] === -1) {
        this.slotOf[spec.point] = this.pointIds.length;
        this.pointIds.push(spec.point);
        this.pointParams.push(spec.params);
      }
      for (const [p, v] of Object.entries(spec.params)) {
        params.add(p);
        if (typeof v !== 'number' && typeof v !== 'boolean') nonNumeric.add(p);
      }
    }
    this.params = [...params];
    this.numeric = this.params.filter((p) => !nonNumeric.has(p));
    const points = this.pointParams.length;
    this.moments = new Float64Array(points * K * 3);
    this.runs = new Uint32Array(points);
    this.failed = new Uint32Array(points);
    this.regressions = KPI_NAMES.map(() => new Regression(this.numeric.length));
  }

  add(row: RunRow): void {
    const slot = this.slotOf[row.point]!;
    this.runs[slot]!++;
    if (row.status !== 'ok') {
      this.failed[slot]!++;
      return;
    }
    const x = this.numeric.map((p) => Number(row.params[p]));
    KPI_NAMES.forEach((kpi, k) => {
      const v = row.kpis[kpi];
      if (typeof v !== 'number' || !Number.isFinite(v)) return;
      const o = (slot * K + k) * 3;
      const n = ++this.moments[o]!;
      const delta = v - this.moments[o + 1]!;
      this.moments[o + 1]! += delta / n;
      this.moments[o + 2]! += delta * (v - this.moments[o + 1]!);
      this.regressions[k]!.add(x, v);
    });
  }

  /** The summary with at most `limit` points: a sweep of 100,000 points would not fit in memory as objects. */
  summary(limit = POINTS_IN_MEMORY): SweepSummary {
    const shown = Math.min(limit, this.pointParams.length);
    return { ...this.header(), points: Array.from({ length: shown }, (_, point) => this.pointSummary(point)) };
  }

  /** Writes summary.json with every point, one per line, building one point at a time. */
  writeSummary(path: string): void {
    const header = toJson(this.header());
    writeAtomically(path, (append) => {
      append(`${header.slice(0, -1)},"points":[\n`);
      for (let point = 0; point < this.pointParams.length; point++) {
        append(`${point ? ',\n' : ''}${toJson(this.pointSummary(point))}`);
      }
      append('\n]}\n');
    });
  }

  private header(): Omit<SweepSummary, 'points'> {
    let runs = 0;
    let failed = 0;
    for (let p = 0; p < this.runs.length; p++) {
      runs += this.runs[p]!;
      failed += this.failed[p]!;
    }
    return { kind: 'sweep', params: this.params, kpis: [...KPI_NAMES], pointCount: this.pointParams.length, runs, failed };
  }

  private pointSummary(slot: number): PointSummary {
    return {
      point: this.pointIds[slot]!,
      params: this.pointParams[slot]!,
      runs: this.runs[slot]!,
      failed: this.failed[slot]!,
      kpis: Object.fromEntries(
        KPI_NAMES.map((kpi, k) => {
          const o = (slot * K + k) * 3;
          return [kpi, statFromMoments(this.moments[o]!, this.moments[o + 1]!, this.moments[o + 2]!)];
        }),
      ),
    };
  }

  /** `reach`: which markets each swept path reaches (pathReach); a path not in it reaches all. */
  sensitivity(reach: readonly PathReach[] = []): Sensitivity {
    const rows: Sensitivity['rows'] = [];
    const fit: Sensitivity['fit'] = [];
    const reaches = this.numeric.map((param) => reachLabel(reach.find((r) => r.path === param)));
    KPI_NAMES.forEach((kpi, k) => {
      const r = this.regressions[k]!.standardised();
      fit.push({ kpi, r2: r.r2, n: r.n });
      this.numeric.forEach((param, j) => rows.push({ param, kpi, coefficient: r.coefficients[j]!, reaches: reaches[j]! }));
    });
    return { kind: 'sensitivity', method: 'standardised regression coefficients', rows, fit, reach: reach.filter((r) => this.params.includes(r.path)) };
  }
}

/**
 * Least squares of y on x, kept as streaming co-moments of (x, y) so no run
 * is held. Standardised coefficients are b_j * sd(x_j) / sd(y): the change of
 * y, in its standard deviations, per standard deviation of lever j.
 */
export class Regression {
  n = 0;
  private readonly mean: Float64Array;
  private readonly comoment: Float64Array; // (p+1) x (p+1), y last

  constructor(private readonly p: number) {
    this.mean = new Float64Array(p + 1);
    this.comoment = new Float64Array((p + 1) * (p + 1));
  }

  add(x: number[], y: number): void {
    const d = this.p + 1;
    const v = [...x, y];
    this.n++;
    const before = v.map((vi, i) => vi - this.mean[i]!);
    for (let i = 0; i < d; i++) this.mean[i]! += before[i]! / this.n;
    for (let i = 0; i < d; i++) {
      const after = v[i]! - this.mean[i]!;
      for (let j = 0; j < d; j++) this.comoment[j * d + i]! += before[j]! * after;
    }
  }

  standardised(): { coefficients: number[]; r2: number; n: number } {
    const d = this.p + 1;
    const syy = this.comoment[d * d - 1]!;
    // Levers that never varied (or a KPI that never did) have no coefficient.
    const live = Array.from({ length: this.p }, (_, j) => j).filter((j) => this.comoment[j * d + j]! > 0);
    const coefficients = new Array<number>(this.p).fill(Number.NaN);
    if (this.n <= live.length + 1 || !(syy > 0) || live.length === 0) return { coefficients, r2: Number.NaN, n: this.n };
    const a = live.map((i) => live.map((j) => this.comoment[i * d + j]!));
    const b = live.map((i) => this.comoment[i * d + this.p]!);
    const solution = solve(a, b);
    if (!solution) return { coefficients, r2: Number.NaN, n: this.n };
    let explained = 0;
    live.forEach((j, i) => {
      coefficients[j] = solution[i]! * Math.sqrt(this.comoment[j * d + j]! / syy);
      explained += solution[i]! * b[i]!;
    });
    return { coefficients, r2: explained / syy, n: this.n };
  }
}

/** Gaussian elimination with partial pivoting; null when the levers are collinear. */
function solve(a: number[][], b: number[]): number[] | null {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
    if (Math.abs(m[pivot]![c]!) < 1e-12 * Math.max(1, Math.abs(m[c]![c]!))) return null;
    [m[c], m[pivot]] = [m[pivot]!, m[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

/**
 * runs.csv: the header, then one flattened line per run (all-markets KPIs). Lever columns are
 * the lever paths in snake_case and KPI columns the KPI names (as in JSON and long.csv's kpi
 * column), so every name reads in R, pandas and unquoted SQL.
 */
export function csvHeader(params: string[]): string {
  return ['run', 'point', 'replication', 'seed', 'status', ...params.map(sqlName), ...KPI_NAMES, 'error'].map(csvCell).join(',') + '\n';
}

export function csvLine(row: RunRow, params: string[]): string {
  const cells: unknown[] = [row.run, row.point, row.replication, row.seed, row.status];
  for (const p of params) cells.push(row.params[p]);
  for (const k of KPI_NAMES) cells.push(row.kpis[k]);
  cells.push(row.error);
  return cells.map(csvCell).join(',') + '\n';
}

function csvCell(v: unknown): string {
  if (v === undefined || v === null) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
