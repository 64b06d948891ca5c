// Resolves levers per market (base + market override + timeline) and
// evaluates them once per day into a flat table the hot loop reads.
import type { DayValue, Levers, LeverPatch, SimConfig, PaymentMethodOffer } from './config.ts';
import { L, LEVER_ROWS, LEVER_SLOTS, PAYMENT_ROWS, type PaymentKey, type PaymentRow } from './lever-table.ts';

export { L, LEVER_SLOTS } from './lever-table.ts';

// z of the 90th percentile of the standard normal.
const Z90 = 1.2815515655446004;

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep-merges a lever patch onto levers; a null payment method is withdrawn. */
export function applyLeverPatch(base: Levers, patch: LeverPatch | undefined): Levers {
  if (!patch) return base;
  const merged = mergeDeep(base, patch) as Levers;
  const methods: Record<string, PaymentMethodOffer> = {};
  for (const [name, offer] of Object.entries(merged.paymentMethods)) {
    if (offer !== null) methods[name] = offer;
  }
  merged.paymentMethods = methods;
  return merged;
}

function mergeDeep(base: unknown, patch: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(patch)) return patch === undefined ? base : patch;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    out[k] = k in base && v !== null ? mergeDeep(base[k], v) : v;
  }
  return out;
}

/** Every payment method named anywhere in the config, in first-seen order. */
export function paymentMethodNames(config: SimConfig): string[] {
  const names = new Set<string>();
  for (const m of config.markets) for (const k of Object.keys(m.paymentPreferences)) names.add(k);
  const addFrom = (p: LeverPatch | undefined) => {
    for (const k of Object.keys(p?.paymentMethods ?? {})) names.add(k);
  };
  for (const k of Object.keys(config.levers.paymentMethods)) names.add(k);
  for (const m of config.markets) addFrom(m.levers);
  for (const e of config.timeline) if (e.kind === 'intervention') addFrom(e.levers);
  return [...names];
}

interface Segment {
  fromDay: number;
  levers: Levers;
}

/** Lever sets per market, each valid from a day on (interventions in day order). */
function marketSegments(config: SimConfig, marketIndex: number): Segment[] {
  const market = config.markets[marketIndex]!;
  let levers = applyLeverPatch(config.levers, market.levers);
  const segments: Segment[] = [{ fromDay: 0, levers }];
  const interventions = config.timeline
    .filter((e) => e.kind === 'intervention')
    .filter((e) => !e.markets || e.markets.includes(market.id))
    .sort((a, b) => a.day - b.day);
  for (const e of interventions) {
    levers = applyLeverPatch(levers, e.levers);
    segments.push({ fromDay: e.day, levers });
  }
  return segments;
}

// Each row's path split once; slot i is row i.
const LEVER_PATHS: readonly string[][] = LEVER_ROWS.map((r) => r.path.split('.'));

// Rows without a default never get here: validation requires them in every offer.
const paymentDefault = (row: PaymentRow): number => ('default' in row ? row.default! : Number.NaN);

function leverAt(levers: Levers, keys: string[]): DayValue {
  let v: unknown = levers;
  for (const k of keys) v = (v as Record<string, unknown>)[k];
  return v as DayValue;
}

/** A day function of a lever (or of a payment method's lever), with where its value goes. */
interface DaySlot {
  at: number;
  fn: (day: number) => number;
}

/**
 * A segment's levers laid out once: the constants in a row and per payment
 * lever, the day functions listed. Walking every lever's path each day cost
 * more than simulating 4,000 shoppers (the fit's runs, bench/README.md).
 */
interface CompiledSegment {
  fromDay: number;
  row: Float64Array;
  rowDays: DaySlot[];
  /** Per payment row (PAYMENT_ROWS order): one value per method. */
  pay: Float64Array[];
  payDays: DaySlot[][];
}

function compileSegment(segment: Segment, methods: string[]): CompiledSegment {
  const row = new Float64Array(LEVER_SLOTS);
  const rowDays: DaySlot[] = [];
  LEVER_PATHS.forEach((path, slot) => {
    const v = leverAt(segment.levers, path);
    if (typeof v === 'number') row[slot] = v;
    else rowDays.push({ at: slot, fn: v });
  });
  let mask = 0;
  methods.forEach((name, k) => {
    if (segment.levers.paymentMethods[name]) mask |= 1 << k;
  });
  row[L.offeredMask] = mask;
  // Delivery ranges are fixed numbers (lever-table.ts): their lognormals change only with the segment.
  fillDerived(row, 0);
  const pay = PAYMENT_ROWS.map(() => new Float64Array(methods.length));
  const payDays: DaySlot[][] = PAYMENT_ROWS.map(() => []);
  PAYMENT_ROWS.forEach((p, j) => {
    methods.forEach((name, k) => {
      const offer = segment.levers.paymentMethods[name];
      const v: DayValue = offer ? (offer[p.key] ?? paymentDefault(p)) : p.absent;
      if (typeof v === 'number') pay[j]![k] = v;
      else payDays[j]!.push({ at: k, fn: v });
    });
  });
  return { fromDay: segment.fromDay, row, rowDays, pay, payDays };
}

/** Daily lever table: one row of LEVER_SLOTS values per market, rebuilt each day. */
export class LeverTable {
  readonly row: Float64Array;
  /** Per payment-method lever: markets x methods values of the day. */
  readonly pay: Record<PaymentKey, Float64Array>;
  readonly methods: string[];
  private readonly segments: CompiledSegment[][];

  constructor(private readonly config: SimConfig) {
    this.methods = paymentMethodNames(config);
    const m = config.markets.length;
    this.row = new Float64Array(m * LEVER_SLOTS);
    this.pay = Object.fromEntries(PAYMENT_ROWS.map((p) => [p.key, new Float64Array(m * this.methods.length)])) as Record<PaymentKey, Float64Array>;
    this.segments = config.markets.map((_, i) => marketSegments(config, i).map((s) => compileSegment(s, this.methods)));
  }

  /** Evaluates every lever for `day`: once per day per market, never per shopper. */
  update(day: number): void {
    for (let mi = 0; mi < this.config.markets.length; mi++) {
      const segs = this.segments[mi]!;
      let seg = segs[0]!;
      for (const s of segs) if (s.fromDay <= day) seg = s;
      this.fillRow(mi, seg, day);
      this.fillShocks(mi, this.config.markets[mi]!.id, day);
      this.fillCalendar(mi, day);
    }
  }

  private fillRow(mi: number, seg: CompiledSegment, day: number): void {
    const r = this.row;
    const o = mi * LEVER_SLOTS;
    r.set(seg.row, o);
    for (const d of seg.rowDays) r[o + d.at] = d.fn(day);
    const p = this.methods.length;
    PAYMENT_ROWS.forEach((row, j) => {
      const out = this.pay[row.key];
      out.set(seg.pay[j]!, mi * p);
      for (const d of seg.payDays[j]!) out[mi * p + d.at] = d.fn(day);
    });
  }

  private fillShocks(mi: number, marketId: string, day: number): void {
    let dm = 1;
    let wh = 1;
    let visits = 1;
    for (const e of this.config.timeline) {
      if (e.kind === 'intervention') continue;
      if (e.markets && !e.markets.includes(marketId)) continue;
      if (day < e.startDay || day >= e.startDay + e.days) continue;
      if (e.kind === 'disruption') {
        dm *= e.transitMultiplier;
        wh *= 1 + (e.transitMultiplier - 1) * e.warehouseExposure;
      } else {
        visits *= e.visitMultiplier;
      }
    }
    const o = mi * LEVER_SLOTS;
    this.row[o + L.dmTransitMultiplier] = dm;
    this.row[o + L.whTransitMultiplier] = wh;
    this.row[o + L.visitMultiplier] = visits;
  }

  private fillCalendar(mi: number, day: number): void {
    let mult = 1;
    for (const p of this.config.markets[mi]!.calendar) {
      if (day >= p.startDay && day < p.startDay + p.days) mult *= p.visitMultiplier;
    }
    this.row[mi * LEVER_SLOTS + L.visitMultiplier]! *= mult;
  }

  /** The visit multiplier (calendar and festivals) of one market for every day. */
  visitMultipliers(marketIndex: number): Float64Array {
    const out = new Float64Array(this.config.days);
    const id = this.config.markets[marketIndex]!.id;
    for (let d = 0; d < this.config.days; d++) {
      this.fillShocks(marketIndex, id, d);
      this.fillCalendar(marketIndex, d);
      out[d] = this.row[marketIndex * LEVER_SLOTS + L.visitMultiplier]!;
    }
    return out;
  }
}

/** The delivery lognormals' parameters from their 80% ranges, in the row at offset o. */
function fillDerived(r: Float64Array, o: number): void {
  r[o + L.dmMu] = logMu(r[o + L.dmP10]!, r[o + L.dmP90]!);
  r[o + L.dmSigma] = logSigma(r[o + L.dmP10]!, r[o + L.dmP90]!);
  r[o + L.whMu] = logMu(r[o + L.whP10]!, r[o + L.whP90]!);
  r[o + L.whSigma] = logSigma(r[o + L.whP10]!, r[o + L.whP90]!);
}

function logMu(p10: number, p90: number): number {
  return 0.5 * (Math.log(p10) + Math.log(p90));
}

function logSigma(p10: number, p90: number): number {
  return (Math.log(p90) - Math.log(p10)) / (2 * Z90);
}
