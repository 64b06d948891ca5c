// A lever control as the page sees it (derived in Node by ../levers.ts from
// core's lever table and carried in the page data), and the page's helpers
// for it. Kept free of core so the page's bundle does not carry the engine.

export const LEVER_GROUPS = ['logistics', 'payments', 'after-sales', 'programme', 'pricing', 'timeline', 'other'] as const;
export type LeverGroup = (typeof LEVER_GROUPS)[number];

export interface LeverRow {
  /** Path below `levers` (or, for the timeline, the document path itself). */
  path: string;
  group: LeverGroup;
  label: string;
  unit: string;
  description: string;
  /** What the part of the levers this row belongs to is about (the lever table's LEVER_GROUPS). */
  part?: string;
  /** The value when the base leaves an optional lever out (the lever table's default). */
  default?: number;
  min?: number;
  /** min is exclusive: a value must be above it. */
  minExclusive?: boolean;
  max?: number;
  integer: boolean;
  /** 1 or 0 (true/false). */
  flag: boolean;
}

/** The document path a control sets: the top-level levers, a market's levers, or a timeline event. */
export function docPath(row: LeverRow, market: string | undefined): string {
  if (row.group === 'timeline') return row.path;
  return market === undefined ? `levers.${row.path}` : `markets.${market}.levers.${row.path}`;
}

/** Whether a value is inside the row's range (the loader checks again; this keeps the control honest). */
export function inRange(row: LeverRow, v: number): boolean {
  if (!Number.isFinite(v)) return false;
  if (row.integer && !Number.isInteger(v)) return false;
  if (row.min !== undefined && (row.minExclusive ? v <= row.min : v < row.min)) return false;
  return row.max === undefined || v <= row.max;
}

/** A slider's step for the arrow keys: whole numbers for whole-number levers, else a round hundredth of its span. */
export function sliderStep(row: LeverRow, max: number): number {
  if (row.integer || row.flag) return 1;
  const span = max - (row.min ?? 0);
  const raw = span / 100;
  const tens = 10 ** Math.floor(Math.log10(raw));
  const nice = [1, 2, 5, 10].find((k) => k * tens >= raw)! * tens;
  // Days, hours and money move by at least one unit: 7 -> 8 days reads better than 7 -> 7.2.
  return ['days', 'day', 'hours', 'money units', 'count'].includes(row.unit) ? Math.max(1, nice) : nice;
}
