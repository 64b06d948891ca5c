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

const at = (v: DayValue, day: number): number => (typeof v === 'number' ? v : v(day));

// Each row's path split once; slot i is row i.
const LEVER_PATHS: readonly string[][] = LEVER_ROWS.map((r) => r.path.split('.'));

// Rows without a default never get here: validation requires them in every offer.
const paymentDefault = (row: PaymentRow): number => ('default' in row ? row.default! : Number.NaN);

function leverAt(levers: Levers, keys: string[]): DayValue {
  let v: unknown = levers;
  for (const k of keys) v = (v as Record<string, unknown>)[k];
  return v as DayValue;
}

/** Daily lever table: one row of LEVER_SLOTS values per market, rebuilt each day. */
export class LeverTable {
  readonly row: Float64Array;
  /** Per payment-method lever: markets x methods values of the day. */
  readonly pay: Record<PaymentKey, Float64Array>;
  readonly methods: string[];
  private readonly segments: Segment[][];

  constructor(private readonly config: SimConfig) {
    this.methods = paymentMethodNames(config);
    const m = config.markets.length;
    this.row = new Float64Array(m * LEVER_SLOTS);
    this.pay = Object.fromEntries(PAYMENT_ROWS.map((p) => [p.key, new Float64Array(m * this.methods.length)])) as Record<PaymentKey, Float64Array>;
    this.segments = config.markets.map((_, i) => marketSegments(config, i));
  }

  /** Evaluates every lever for `day`: once per day per market, never per shopper. */
  update(day: number): void {
    this.config.markets.forEach((market, mi) => {
      const segs = this.segments[mi]!;
      let levers = segs[0]!.levers;
      for (const s of segs) if (s.fromDay <= day) levers = s.levers;
      this.fillRow(mi, levers, day);
      this.fillShocks(mi, market.id, day);
      this.fillCalendar(mi, day);
    });
  }

  private fillRow(mi: number, lv: Levers, day: number): void {
    const r = this.row;
    const o = mi * LEVER_SLOTS;
    for (let slot = 0; slot < LEVER_PATHS.length; slot++) r[o + slot] = at(leverAt(lv, LEVER_PATHS[slot]!), day);
    r[o + L.dmMu] = logMu(r[o + L.dmP10]!, r[o + L.dmP90]!);
    r[o + L.dmSigma] = logSigma(r[o + L.dmP10]!, r[o + L.dmP90]!);
    r[o + L.whMu] = logMu(r[o + L.whP10]!, r[o + L.whP90]!);
    r[o + L.whSigma] = logSigma(r[o + L.whP10]!, r[o + L.whP90]!);
    let mask = 0;
    const p = this.methods.length;
    this.methods.forEach((name, k) => {
      const offer = lv.paymentMethods[name];
      for (const row of PAYMENT_ROWS) this.pay[row.key][mi * p + k] = offer ? at(offer[row.key] ?? paymentDefault(row), day) : row.absent;
      if (offer) mask |= 1 << k;
    });
    r[o + L.offeredMask] = mask;
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

function logMu(p10: number, p90: number): number {
  return 0.5 * (Math.log(p10) + Math.log(p90));
}

function logSigma(p10: number, p90: number): number {
  return (Math.log(p90) - Math.log(p10)) / (2 * Z90);
}
