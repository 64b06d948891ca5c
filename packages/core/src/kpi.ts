// Tallies of events per market per day, and the KPIs derived from them.

// Counters kept per market per day. Flows unless marked "level".
export const C = {
  visits: 0,
  checkouts: 1,
  paymentAbandoned: 2,
  orders: 3,
  gmv: 4,
  delivered: 5,
  deliveryDaysSum: 6,
  onTime: 7,
  cancelled: 8,
  problems: 9,
  returns: 10,
  tickets: 11,
  firstResponseHoursSum: 12,
  cases: 13,
  resolutionDaysSum: 14,
  complaints: 15,
  ratings: 16,
  ratingSum: 17,
  ratings45: 18,
  churned: 19,
  logisticsCost: 20,
  paymentCost: 21,
  afterSalesCost: 22,
  compensationPaid: 23,
  coupons: 24,
  refunds: 25,
  grossMargin: 26,
  buyers: 27,
  repeatBuyers: 28,
  memberBuyers: 29,
  memberRepeatBuyers: 30,
  returnRatings: 31,
  returnRatings45: 32,
  activeShoppers: 33, // level, end of day
  inTransit: 34, // level, end of day
  late: 35,
} as const;
export const COUNTERS = 36;
export type CounterName = keyof typeof C;

/** Bins of the delivery-days histogram; longer deliveries land in the last bin. */
export const DELIVERY_BINS = 256;

export interface Kpis {
  /** Visits that reached the shop. */
  visits: number;
  /** Visits that reached the payment step. */
  checkouts: number;
  /** Orders per visit. */
  conversionRate: number;
  /** Checkouts abandoned at the payment step per checkout reaching it. */
  paymentAbandonment: number;
  orders: number;
  /** Gross merchandise value of paid orders, currency units. */
  gmv: number;
  averageOrderValue: number;
  delivered: number;
  cancelled: number;
  meanDeliveryDays: number;
  p90DeliveryDays: number;
  /** Deliveries on or before the promised day, per delivery. */
  onTimeRate: number;
  /** Deliveries with a problem, per delivery. */
  problemRate: number;
  /** Returns per delivery. */
  returnRate: number;
  tickets: number;
  meanFirstResponseHours: number;
  /** Mean days to resolve a ticket or refund a return. */
  meanResolutionDays: number;
  complaints: number;
  ratings: number;
  /** Mean posted rating, 1..5 stars. */
  csat: number;
  /** Share of posted ratings with 4 or 5 stars. */
  satisfiedShare: number;
  /** Share of 4-5 star ratings among orders that were returned. */
  returnSatisfiedShare: number;
  /** Share of a window's buyers with two or more orders in that window. */
  repurchaseRate: number;
  /** Repurchase rate among members (or would-be members) of the programme. */
  memberRepurchaseRate: number;
  /** Active shoppers at the end of the period. */
  activeShoppers: number;
  /** Orders still in transit at the end of the period. */
  inTransit: number;
  churned: number;
  logisticsCost: number;
  paymentCost: number;
  afterSalesCost: number;
  compensationPaid: number;
  refunds: number;
  /** Margin on goods kept minus logistics, payment, after-sales and compensation. */
  grossProfit: number;
}

// An undefined ratio (nothing to divide by) is NaN, shown as '-' and null in JSON.
const ratio = (a: number, b: number): number => (b > 0 ? a / b : Number.NaN);

/** Adds counter rows [from, to) of one market (or all when market < 0). */
export function sumCounters(
  daily: Float64Array,
  markets: number,
  fromDay: number,
  toDay: number,
  market: number,
): Float64Array {
  const out = new Float64Array(COUNTERS);
  for (let d = fromDay; d < toDay; d++) {
    for (let m = 0; m < markets; m++) {
      if (market >= 0 && m !== market) continue;
      const o = (d * markets + m) * COUNTERS;
      for (let k = 0; k < COUNTERS; k++) out[k]! += daily[o + k]!;
    }
  }
  // Levels are the last day's, not a sum.
  for (const k of [C.activeShoppers, C.inTransit]) {
    let level = 0;
    for (let m = 0; m < markets; m++) {
      if (market >= 0 && m !== market) continue;
      level += daily[((toDay - 1) * markets + m) * COUNTERS + k]!;
    }
    out[k] = level;
  }
  return out;
}

export function percentileFromHistogram(hist: Uint32Array, q: number): number {
  let total = 0;
  for (const n of hist) total += n;
  if (total === 0) return 0;
  const target = q * total;
  let seen = 0;
  for (let b = 0; b < hist.length; b++) {
    seen += hist[b]!;
    if (seen >= target) return b;
  }
  return hist.length - 1;
}

export function kpisFrom(t: Float64Array, p90DeliveryDays: number): Kpis {
  const v = (k: CounterName) => t[C[k]]!;
  const costs = v('logisticsCost') + v('paymentCost') + v('afterSalesCost') + v('compensationPaid');
  return {
    visits: v('visits'),
    checkouts: v('checkouts'),
    conversionRate: ratio(v('orders'), v('visits')),
    paymentAbandonment: ratio(v('paymentAbandoned'), v('checkouts')),
    orders: v('orders'),
    gmv: v('gmv'),
    averageOrderValue: ratio(v('gmv'), v('orders')),
    delivered: v('delivered'),
    cancelled: v('cancelled'),
    meanDeliveryDays: ratio(v('deliveryDaysSum'), v('delivered')),
    p90DeliveryDays,
    onTimeRate: ratio(v('onTime'), v('delivered')),
    problemRate: ratio(v('problems'), v('delivered')),
    returnRate: ratio(v('returns'), v('delivered')),
    tickets: v('tickets'),
    meanFirstResponseHours: ratio(v('firstResponseHoursSum'), v('tickets')),
    meanResolutionDays: ratio(v('resolutionDaysSum'), v('cases')),
    complaints: v('complaints'),
    ratings: v('ratings'),
    csat: ratio(v('ratingSum'), v('ratings')),
    satisfiedShare: ratio(v('ratings45'), v('ratings')),
    returnSatisfiedShare: ratio(v('returnRatings45'), v('returnRatings')),
    repurchaseRate: ratio(v('repeatBuyers'), v('buyers')),
    memberRepurchaseRate: ratio(v('memberRepeatBuyers'), v('memberBuyers')),
    activeShoppers: v('activeShoppers'),
    inTransit: v('inTransit'),
    churned: v('churned'),
    logisticsCost: v('logisticsCost'),
    paymentCost: v('paymentCost'),
    afterSalesCost: v('afterSalesCost'),
    compensationPaid: v('compensationPaid'),
    refunds: v('refunds'),
    grossProfit: v('grossMargin') - costs,
  };
}

/** KPI names in display order, for tables and CSV columns. */
export const KPI_NAMES: (keyof Kpis)[] = [
  'visits', 'checkouts', 'conversionRate', 'paymentAbandonment', 'orders', 'gmv', 'averageOrderValue',
  'delivered', 'cancelled', 'meanDeliveryDays', 'p90DeliveryDays', 'onTimeRate', 'problemRate',
  'returnRate', 'tickets', 'meanFirstResponseHours', 'meanResolutionDays', 'complaints', 'ratings',
  'csat', 'satisfiedShare', 'returnSatisfiedShare', 'repurchaseRate', 'memberRepurchaseRate',
  'activeShoppers', 'inTransit', 'churned', 'logisticsCost', 'paymentCost', 'afterSalesCost',
  'compensationPaid', 'refunds', 'grossProfit',
];
