// Resolves levers per market (base + market override + timeline) and
// evaluates them once per day into a flat table the hot loop reads.
import type { DayValue, Levers, LeverPatch, SimConfig, PaymentMethodOffer } from './config.ts';

// Slots of one market's row in the daily lever table.
export const L = {
  warehouseShare: 0,
  dmMu: 1,
  dmSigma: 2,
  dmPromise: 3,
  dmCost: 4,
  whMu: 5,
  whSigma: 6,
  whPromise: 7,
  whCost: 8,
  firstResponseHours: 9,
  aiShare: 10,
  resolutionDays: 11,
  returnCycleDays: 12,
  freeReturnWindowDays: 13,
  localReturnPoints: 14,
  humanTicketCost: 15,
  aiTicketCost: 16,
  returnCost: 17,
  compensationEnabled: 18,
  couponValue: 19,
  membershipEnabled: 20,
  memberDeliveryFactor: 21,
  memberFreeReturns: 22,
  priceIndex: 23,
  problemRate: 24,
  grossMarginShare: 25,
  dmTransitMultiplier: 26,
  whTransitMultiplier: 27,
  visitMultiplier: 28,
  offeredMask: 29,
  dmPercentile: 30,
  whPercentile: 31,
  dmRequote: 32,
  whRequote: 33,
  whFixedCostPerDay: 34,
  whHoldingCostShare: 35,
  returnShippingCost: 36,
  memberFeePerYear: 37,
  memberBenefitCost: 38,
  acquisitionSpend: 39,
  costPerNewShopper: 40,
} as const;
export const LEVER_SLOTS = 41;

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

/** Daily lever table: one row of LEVER_SLOTS values per market, rebuilt each day. */
export class LeverTable {
  readonly row: Float64Array;
  readonly fee: Float64Array;
  readonly failure: Float64Array;
  /** Share of delivered parcels refused at the door, per market and method (cash on delivery). */
  readonly refusal: Float64Array;
  readonly methods: string[];
  private readonly segments: Segment[][];

  constructor(private readonly config: SimConfig) {
    this.methods = paymentMethodNames(config);
    const m = config.markets.length;
    this.row = new Float64Array(m * LEVER_SLOTS);
    this.fee = new Float64Array(m * this.methods.length);
    this.failure = new Float64Array(m * this.methods.length);
    this.refusal = new Float64Array(m * this.methods.length);
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
    r[o + L.warehouseShare] = at(lv.warehouseShare, day);
    r[o + L.dmMu] = logMu(lv.directMail.deliveryDays.p10, lv.directMail.deliveryDays.p90);
    r[o + L.dmSigma] = logSigma(lv.directMail.deliveryDays.p10, lv.directMail.deliveryDays.p90);
    r[o + L.dmPromise] = at(lv.directMail.promisedDays, day);
    r[o + L.dmCost] = at(lv.directMail.costPerOrder, day);
    r[o + L.whMu] = logMu(lv.warehouse.deliveryDays.p10, lv.warehouse.deliveryDays.p90);
    r[o + L.whSigma] = logSigma(lv.warehouse.deliveryDays.p10, lv.warehouse.deliveryDays.p90);
    r[o + L.whPromise] = at(lv.warehouse.promisedDays, day);
    r[o + L.whCost] = at(lv.warehouse.costPerOrder, day);
    r[o + L.dmPercentile] = at(lv.directMail.promisePercentile, day);
    r[o + L.whPercentile] = at(lv.warehouse.promisePercentile, day);
    r[o + L.dmRequote] = at(lv.directMail.requoteDisruptions, day);
    r[o + L.whRequote] = at(lv.warehouse.requoteDisruptions, day);
    const a = lv.afterSales;
    r[o + L.firstResponseHours] = at(a.firstResponseHours, day);
    r[o + L.aiShare] = at(a.aiShare, day);
    r[o + L.resolutionDays] = at(a.resolutionDays, day);
    r[o + L.returnCycleDays] = at(a.returnCycleDays, day);
    r[o + L.freeReturnWindowDays] = at(a.freeReturnWindowDays, day);
    r[o + L.localReturnPoints] = at(a.localReturnPoints, day);
    r[o + L.humanTicketCost] = at(a.humanTicketCost, day);
    r[o + L.aiTicketCost] = at(a.aiTicketCost, day);
    r[o + L.returnCost] = at(a.returnCost, day);
    r[o + L.compensationEnabled] = at(lv.compensation.enabled, day);
    r[o + L.couponValue] = at(lv.compensation.couponValue, day);
    r[o + L.membershipEnabled] = at(lv.membership.enabled, day);
    r[o + L.memberDeliveryFactor] = at(lv.membership.deliveryTimeFactor, day);
    r[o + L.memberFreeReturns] = at(lv.membership.freeReturns, day);
    r[o + L.priceIndex] = at(lv.priceIndex, day);
    r[o + L.problemRate] = at(lv.problemRate, day);
    r[o + L.grossMarginShare] = at(lv.grossMarginShare, day);
    r[o + L.whFixedCostPerDay] = at(lv.warehouse.fixedCostPerDay ?? 0, day);
    r[o + L.whHoldingCostShare] = at(lv.warehouse.holdingCostShare ?? 0, day);
    r[o + L.returnShippingCost] = at(a.returnShippingCost ?? 0, day);
    r[o + L.memberFeePerYear] = at(lv.membership.feePerYear ?? 0, day);
    r[o + L.memberBenefitCost] = at(lv.membership.benefitCostPerOrder ?? 0, day);
    r[o + L.acquisitionSpend] = at(lv.acquisition?.spendPerDay ?? 0, day);
    r[o + L.costPerNewShopper] = at(lv.acquisition?.costPerNewShopper ?? 1, day);
    let mask = 0;
    const p = this.methods.length;
    this.methods.forEach((name, k) => {
      const offer = lv.paymentMethods[name];
      this.fee[mi * p + k] = offer ? at(offer.feeShare, day) : 0;
      this.failure[mi * p + k] = offer ? at(offer.failureRate, day) : 1;
      this.refusal[mi * p + k] = offer ? at(offer.refusalRate ?? 0, day) : 0;
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
