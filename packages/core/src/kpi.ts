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
  couponsRedeemed: 36,
  refusedAtDoor: 37,
  refusalCost: 38,
  warehouseCost: 39,
  returnShippingCost: 40,
  membershipFees: 41,
  memberBenefitCost: 42,
  memberOrders: 43,
  memberGmv: 44,
  members: 45, // level, end of day: active shoppers in the member cohort
  goodsCost: 46,
  newShoppers: 47,
  referredShoppers: 48,
  arrivalsTurnedAway: 49,
  acquisitionSpend: 50,
  firstOrders: 51,
  prospectVisits: 52,
  newShopperOrders: 53,
  lapsed: 54,
  newShopperGmv: 55,
  newBuyers: 56,
  newRepeatBuyers: 57,
} as const;
export const COUNTERS = 58;
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
  /** Repurchase rate among the other buyers. */
  nonMemberRepurchaseRate: number;
  /** Orders by members (or would-be members) of the programme. */
  memberOrders: number;
  /** Orders by the other shoppers. */
  nonMemberOrders: number;
  /** Average order value of members' orders, currency units. */
  memberAverageOrderValue: number;
  /** Average order value of the other shoppers' orders, currency units. */
  nonMemberAverageOrderValue: number;
  /** Active shoppers in the member cohort at the end of the period. */
  members: number;
  /** Shoppers who arrived during the period (paid acquisition and referrals). */
  newShoppers: number;
  /** New shoppers referred by satisfied shoppers. */
  referredShoppers: number;
  /** Arrivals beyond the run's room for new shoppers, not simulated. */
  arrivalsTurnedAway: number;
  /** Marketing spend on acquisition, currency units. */
  acquisitionSpend: number;
  /** Marketing spend per new shopper (paid and referred), currency units. */
  acquisitionCostPerNewShopper: number;
  /** Orders that were a new shopper's first. */
  firstOrders: number;
  /** Orders after the shopper's first (every order of shoppers present at day 0). */
  repeatOrders: number;
  /** First orders per visit of new shoppers who had not ordered yet. */
  firstOrderConversion: number;
  /** Orders by shoppers who arrived during the run. */
  newShopperOrders: number;
  /** Orders by shoppers present at day 0. */
  returningShopperOrders: number;
  /** Average order value of new shoppers' orders, currency units. */
  newShopperAverageOrderValue: number;
  /** Average order value of returning shoppers' orders, currency units. */
  returningShopperAverageOrderValue: number;
  /** Repurchase rate among buyers who arrived during the run. */
  newShopperRepurchaseRate: number;
  /** Repurchase rate among buyers present at day 0. */
  returningShopperRepurchaseRate: number;
  /** Shoppers who stopped visiting without a bad experience (lapsed). */
  lapsed: number;
  /** Active shoppers at the end of the period. */
  activeShoppers: number;
  /** Orders still in transit at the end of the period. */
  inTransit: number;
  churned: number;
  logisticsCost: number;
  paymentCost: number;
  afterSalesCost: number;
  /** Delay coupons redeemed on a later order: the discount given, currency units. */
  compensationPaid: number;
  /** Delay coupons sent to shoppers with late parcels. */
  couponsIssued: number;
  /** Delay coupons redeemed on a later order. */
  couponsRedeemed: number;
  refunds: number;
  /** Parcels refused at the door (cash on delivery). */
  refusedAtDoor: number;
  /** Reverse logistics of parcels refused at the door, currency units. */
  refusalCost: number;
  /** Overseas warehouses' fixed running cost and the holding cost of their stock, currency units. */
  warehouseCost: number;
  /** Return shipping the platform pays for free returns, currency units. */
  returnShippingCost: number;
  /** Members' fees, currency units. */
  membershipFees: number;
  /** The platform's cost of members' benefits, currency units. */
  memberBenefitCost: number;
  /** Cost of the goods kept by shoppers (sold minus returned and refused), currency units. */
  goodsCost: number;
  /** Margin on goods kept per order, currency units. */
  marginPerOrder: number;
  /** Gross profit minus marketing spend on acquisition, currency units. */
  profitAfterAcquisition: number;
  /**
   * Margin on goods kept, plus members' fees, minus logistics, warehouse,
   * payment, after-sales, return shipping, door refusals, coupons redeemed
   * and members' benefits.
   */
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
  for (const k of [C.activeShoppers, C.inTransit, C.members]) {
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
  const costs =
    v('logisticsCost') + v('warehouseCost') + v('paymentCost') + v('afterSalesCost') + v('returnShippingCost') +
    v('refusalCost') + v('compensationPaid') + v('memberBenefitCost');
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
    nonMemberRepurchaseRate: ratio(v('repeatBuyers') - v('memberRepeatBuyers'), v('buyers') - v('memberBuyers')),
    memberOrders: v('memberOrders'),
    nonMemberOrders: v('orders') - v('memberOrders'),
    memberAverageOrderValue: ratio(v('memberGmv'), v('memberOrders')),
    nonMemberAverageOrderValue: ratio(v('gmv') - v('memberGmv'), v('orders') - v('memberOrders')),
    members: v('members'),
    newShoppers: v('newShoppers'),
    referredShoppers: v('referredShoppers'),
    arrivalsTurnedAway: v('arrivalsTurnedAway'),
    acquisitionSpend: v('acquisitionSpend'),
    acquisitionCostPerNewShopper: ratio(v('acquisitionSpend'), v('newShoppers')),
    firstOrders: v('firstOrders'),
    repeatOrders: v('orders') - v('firstOrders'),
    firstOrderConversion: ratio(v('firstOrders'), v('prospectVisits')),
    newShopperOrders: v('newShopperOrders'),
    returningShopperOrders: v('orders') - v('newShopperOrders'),
    newShopperAverageOrderValue: ratio(v('newShopperGmv'), v('newShopperOrders')),
    returningShopperAverageOrderValue: ratio(v('gmv') - v('newShopperGmv'), v('orders') - v('newShopperOrders')),
    newShopperRepurchaseRate: ratio(v('newRepeatBuyers'), v('newBuyers')),
    returningShopperRepurchaseRate: ratio(v('repeatBuyers') - v('newRepeatBuyers'), v('buyers') - v('newBuyers')),
    lapsed: v('lapsed'),
    activeShoppers: v('activeShoppers'),
    inTransit: v('inTransit'),
    churned: v('churned'),
    logisticsCost: v('logisticsCost'),
    paymentCost: v('paymentCost'),
    afterSalesCost: v('afterSalesCost'),
    compensationPaid: v('compensationPaid'),
    couponsIssued: v('coupons'),
    couponsRedeemed: v('couponsRedeemed'),
    refunds: v('refunds'),
    refusedAtDoor: v('refusedAtDoor'),
    refusalCost: v('refusalCost'),
    warehouseCost: v('warehouseCost'),
    returnShippingCost: v('returnShippingCost'),
    membershipFees: v('membershipFees'),
    memberBenefitCost: v('memberBenefitCost'),
    goodsCost: v('goodsCost'),
    marginPerOrder: ratio(v('grossMargin'), v('orders')),
    grossProfit: v('grossMargin') + v('membershipFees') - costs,
    profitAfterAcquisition: v('grossMargin') + v('membershipFees') - costs - v('acquisitionSpend'),
  };
}

/** KPI names in display order, for tables and CSV columns. */
export const KPI_NAMES: (keyof Kpis)[] = [
  'visits', 'checkouts', 'conversionRate', 'paymentAbandonment', 'orders', 'gmv', 'averageOrderValue',
  'delivered', 'cancelled', 'meanDeliveryDays', 'p90DeliveryDays', 'onTimeRate', 'problemRate',
  'returnRate', 'tickets', 'meanFirstResponseHours', 'meanResolutionDays', 'complaints', 'ratings',
  'csat', 'satisfiedShare', 'returnSatisfiedShare', 'repurchaseRate', 'memberRepurchaseRate',
  'nonMemberRepurchaseRate', 'memberOrders', 'nonMemberOrders', 'memberAverageOrderValue', 'nonMemberAverageOrderValue',
  'activeShoppers', 'members', 'newShoppers', 'referredShoppers', 'arrivalsTurnedAway', 'acquisitionSpend',
  'acquisitionCostPerNewShopper', 'firstOrders', 'repeatOrders', 'firstOrderConversion', 'newShopperOrders',
  'returningShopperOrders', 'newShopperAverageOrderValue', 'returningShopperAverageOrderValue', 'newShopperRepurchaseRate',
  'returningShopperRepurchaseRate', 'lapsed', 'inTransit', 'churned', 'refusedAtDoor', 'couponsIssued', 'couponsRedeemed',
  'logisticsCost', 'warehouseCost', 'paymentCost', 'afterSalesCost', 'returnShippingCost', 'refusalCost',
  'compensationPaid', 'memberBenefitCost', 'membershipFees', 'refunds', 'goodsCost', 'marginPerOrder', 'grossProfit', 'profitAfterAcquisition',
];
