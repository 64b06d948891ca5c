// What a benchmark run produces: one row per measured figure, with the
// per-round samples kept so runs can be merged and compared by medians.
import { median, relativeSpread } from './stats.ts';

export interface BenchResult {
  /** Stable key, compared against the baseline (e.g. "engine.2024.100k.step"). */
  id: string;
  suite: string;
  label: string;
  unit: 'ms' | 'bytes';
  /** Median of `values`. */
  value: number;
  /** One value per round. */
  values: number[];
  /** Median of `ratios`: value over the same round's reference kernel time; null when the figure is not a time. */
  ratio: number | null;
  ratios: number[];
  /**
   * The same on the CPU clock (this process's CPU time, every thread): set
   * where the timed work runs in this process. Absent in baselines written
   * before CPU time was measured.
   */
  cpuValues?: number[];
  cpuRatios?: number[];
  cpuRatio?: number;
  /** What the reference kernel did in this suite, e.g. "36,500,000 alea draws". */
  reference?: string;
  /** Work per second at the median, e.g. shopper-days per second. */
  throughput?: { value: number; unit: string };
  /** Whether --compare gates on this figure (on the ratio, or on the value when there is no ratio). */
  gated: boolean;
}

export interface GoalCheck {
  id: string;
  label: string;
  /** The figure as measured, in words (e.g. "0.82x the reference"). */
  measured: string;
  pass: boolean;
  /** Set when the figure stands in for the goal at a smaller size (quick suite). */
  note?: string;
}

export interface BenchReport {
  kind: 'bench';
  version: 1;
  quick: boolean;
  date: string;
  machine: { node: string; platform: string; cpus: number; cpuModel: string };
  /** The git commit measured, when the checkout had no uncommitted changes to its code (bench/gate.sh measures it again beside new code). */
  commit?: string;
  /** Nanoseconds per alea draw, median over every reference round of the run. */
  referenceDrawNs: number;
  results: BenchResult[];
  goals: GoalCheck[];
}

/** Recomputes a result's medians from its samples (after merging runs). */
export function summarise(r: BenchResult): BenchResult {
  const value = median(r.values);
  const ratio = r.ratios.length ? median(r.ratios) : null;
  const out: BenchResult = { ...r, value, ratio };
  if (r.cpuRatios?.length) out.cpuRatio = median(r.cpuRatios);
  if (r.throughput) out.throughput = { ...r.throughput, value: (r.throughput.value * r.value) / value };
  return out;
}

/** Adds the samples of `more` to `base`, result by result (a confirming re-run). */
export function mergeResults(base: BenchResult[], more: BenchResult[]): BenchResult[] {
  const extra = new Map(more.map((r) => [r.id, r]));
  return base.map((r) => {
    const m = extra.get(r.id);
    if (!m) return r;
    const merged: BenchResult = { ...r, values: [...r.values, ...m.values], ratios: [...r.ratios, ...m.ratios] };
    if (r.cpuRatios && m.cpuRatios) {
      merged.cpuValues = [...(r.cpuValues ?? []), ...(m.cpuValues ?? [])];
      merged.cpuRatios = [...r.cpuRatios, ...m.cpuRatios];
    } else {
      delete merged.cpuValues;
      delete merged.cpuRatios;
      delete merged.cpuRatio;
    }
    return summarise(merged);
  });
}

export function spreadOf(r: BenchResult): number {
  return relativeSpread(r.ratio === null ? r.values : r.ratios);
}
