// The typed configuration of one simulation: markets, levers, timeline and
// behavioural parameters. Scenario files (packages/scenario) compile to this.

/** A lever value: a constant, or a function of the simulation day (0-based). */
export type DayValue = number | ((day: number) => number);

/** An 80% range: 10% of draws fall below `p10`, 10% above `p90`. */
export interface DaysRange {
  p10: number;
  p90: number;
}

export interface FulfilmentMode {
  /** Door-to-door delivery time, lognormal with this 80% range. */
  deliveryDays: DaysRange;
  /** Delivery time promised at checkout for items shipped this way (when promisePercentile is 0). */
  promisedDays: DayValue;
  /**
   * The promise policy: when above 0, the quoted days are this percentile
   * (0..1) of the mode's delivery-time distribution instead of promisedDays.
   */
  promisePercentile: DayValue;
  /** 1 when quotes are lengthened by the transit multiplier of a disruption in force (re-quoting), else 0. */
  requoteDisruptions: DayValue;
  /** Logistics cost per order, currency units. */
  costPerOrder: DayValue;
}

/** An overseas warehouse also costs money while it stands, whether or not it ships. */
export interface WarehouseMode extends FulfilmentMode {
  /** Fixed cost of running the market's warehouse per day while it holds stock (warehouseShare > 0), currency units. */
  fixedCostPerDay?: DayValue;
  /** Cost of holding the stock of a warehouse order until it sells, share of the goods' unit cost. */
  holdingCostShare?: DayValue;
}

export interface PaymentMethodOffer {
  /** Fee as a share of order value, 0..1. */
  feeShare: DayValue;
  /** Share of attempts with this method that fail, 0..1. */
  failureRate: DayValue;
  /** Share of delivered parcels paid this way that are refused at the door (cash on delivery), 0..1. */
  refusalRate?: DayValue;
}

export interface AfterSales {
  /** Mean first-response time of a human agent, hours. */
  firstResponseHours: DayValue;
  /** Share of tickets answered by AI within seconds, 0..1. */
  aiShare: DayValue;
  /** Mean time to resolve a ticket, days. */
  resolutionDays: DayValue;
  /** Days from the shopper sending a return to the refund. */
  returnCycleDays: DayValue;
  /** Days in which returns are free; 0 means the shopper pays return shipping. */
  freeReturnWindowDays: DayValue;
  /** 1 when local drop-off points exist for returns, else 0. */
  localReturnPoints: DayValue;
  /** Cost of a ticket handled by a human agent, currency units. */
  humanTicketCost: DayValue;
  /** Cost of a ticket handled by AI, currency units. */
  aiTicketCost: DayValue;
  /** Reverse-logistics cost per return, currency units. */
  returnCost: DayValue;
  /** Return shipping label per return, paid by the platform when the return is free (else by the shopper), currency units. */
  returnShippingCost?: DayValue;
}

export interface Compensation {
  /** 1 when a coupon is sent for late parcels, else 0. */
  enabled: DayValue;
  /** Value of the coupon, currency units. */
  couponValue: DayValue;
}

export interface Membership {
  /** 1 when the membership programme runs, else 0. */
  enabled: DayValue;
  /** Delivery-time multiplier for members (e.g. 0.7 = 30% faster). */
  deliveryTimeFactor: DayValue;
  /** 1 when members return for free regardless of the return window. */
  freeReturns: DayValue;
  /** Yearly fee a member pays, currency units (charged by the day while the programme runs). */
  feePerYear?: DayValue;
  /** The platform's cost of members' benefits per member order (faster shipping), currency units. */
  benefitCostPerOrder?: DayValue;
}

/** Paid acquisition of new shoppers (marketing). */
export interface Acquisition {
  /** Marketing spend per day in the market, currency units. */
  spendPerDay: DayValue;
  /** What the spend pays per new shopper brought in (cost per acquisition), currency units. */
  costPerNewShopper: DayValue;
}

/** The levers a strategist changes; each market may override any of them. */
export interface Levers {
  /** Share of orders served from an overseas (forward) warehouse, 0..1. */
  warehouseShare: DayValue;
  directMail: FulfilmentMode;
  warehouse: WarehouseMode;
  /** Payment methods offered at checkout, by method name. */
  paymentMethods: Record<string, PaymentMethodOffer>;
  afterSales: AfterSales;
  compensation: Compensation;
  membership: Membership;
  /** Paid acquisition; absent means no marketing spend. */
  acquisition?: Acquisition;
  /** Price level relative to the market's reference price (1 = par). */
  priceIndex: DayValue;
  /** Share of delivered orders with a problem (fit, damage, not as described), 0..1. */
  problemRate: DayValue;
  /**
   * Gross margin on goods sold at price index 1, share of GMV, 0..1. The
   * unit cost of goods is (1 - this) x the reference order value, so a price
   * rise widens the margin per order.
   */
  grossMarginShare: DayValue;
}

type DeepPartial<T> = { [K in keyof T]?: T[K] extends DayValue ? T[K] : DeepPartial<T[K]> };

/**
 * A partial override of levers, as used by markets and the timeline. A payment
 * method set to null is withdrawn.
 */
export type LeverPatch = DeepPartial<Omit<Levers, 'paymentMethods'>> & {
  paymentMethods?: Record<string, Partial<PaymentMethodOffer> | null>;
};

export interface CalendarPeriod {
  name: string;
  /** First day of the period (0-based day of the run). */
  startDay: number;
  /** Length in days. */
  days: number;
  /** Multiplier on visit rates during the period. */
  visitMultiplier: number;
}

export interface Market {
  id: string;
  name: string;
  /** Share of the shopper population, 0..1; all markets sum to 1. */
  shopperShare: number;
  /** Mean order value at price index 1, currency units. */
  orderValue: number;
  /** Visits per shopper per day for a shopper of average loyalty. */
  visitsPerDay: number;
  /** Share of shoppers preferring each payment method; sums to 1. */
  paymentPreferences: Record<string, number>;
  /** Probability a shopper accepts an offered alternative payment method. */
  alternativePaymentAcceptance: number;
  /**
   * Delivery time a shopper here expects before any experience of the
   * platform, days: where each shopper's learned expectation starts.
   */
  expectedDeliveryDays: number;
  /**
   * The reference standard, days: how fast domestic e-commerce delivers in
   * this market. Learned expectations are pulled towards it; it falls (the
   * standard rises) over the years.
   */
  referenceDeliveryDays: number;
  /** First-response time shoppers here expect, hours. */
  expectedFirstResponseHours: number;
  /** Resolution time shoppers here tolerate on average, days. */
  toleratedResolutionDays: number;
  /** Mean price sensitivity (logit weight on log price index). */
  priceSensitivity: number;
  /** Mean delivery-time sensitivity (logit weight on log expected delivery / learned expectation). */
  deliverySensitivity: number;
  /** Multiplier on logistics cost (remote regions pay about 3x). */
  deliveryCostMultiplier: number;
  /** Festivals and seasons. */
  calendar: CalendarPeriod[];
  /** Lever overrides for this market. */
  levers?: LeverPatch;
}

export interface Intervention {
  kind: 'intervention';
  day: number;
  /** Markets affected; all when absent. */
  markets?: string[];
  /** Levers changed from this day on. */
  levers: LeverPatch;
  label?: string;
}

export interface Disruption {
  kind: 'disruption';
  startDay: number;
  days: number;
  /** Multiplier on transit times of orders shipped in the period. */
  transitMultiplier: number;
  /** Share of the extra transit time that warehouse orders suffer, 0..1. */
  warehouseExposure: number;
  markets?: string[];
  label?: string;
}

export interface Festival {
  kind: 'festival';
  startDay: number;
  days: number;
  visitMultiplier: number;
  markets?: string[];
  label?: string;
}

export type TimelineEvent = Intervention | Disruption | Festival;

/** Behavioural parameters: how shoppers react. Calibrated, not levers. */
export interface Behaviour {
  /** Logit intercept of the purchase decision. */
  purchaseIntercept: number;
  /** Logit weight on trust (0..1, centred at 0.5). */
  trustWeight: number;
  /** Logit weight on the market's platform rating (stars above 3.5). */
  ratingWeight: number;
  /** Logit bonus of members. */
  memberLoyaltyWeight: number;
  /** Spread of individual sensitivities (lognormal sigma). */
  sensitivitySpread: number;
  /** Mean initial trust, 0..1. */
  initialTrust: number;
  /** Weight of delivery relative to the promise (disconfirmation). */
  promiseWeight: number;
  /** Weight of delivery relative to the shopper's own expectation. */
  expectationWeight: number;
  /** Multiplier on negative disconfirmation (losses loom larger). */
  lossAversion: number;
  /** Satisfaction bonus of a compensation coupon, per unit of coupon/order value. */
  compensationWeight: number;
  /** Baseline satisfaction of a problem-free order. */
  baseSatisfaction: number;
  /** Satisfaction hit of having a problem at all. */
  problemPenalty: number;
  /** Weight of a ticket's resolution time relative to patience. */
  resolutionWeight: number;
  /** Weight of a return's refund wait relative to patience (the item is back; only money waits). */
  refundWaitWeight: number;
  /** Weight of first-response time relative to expectation. */
  responseWeight: number;
  /** Satisfaction hit when the shopper pays return shipping. */
  paidReturnPenalty: number;
  /** Share of resolution time a local drop-off point saves. */
  localReturnSaving: number;
  /** Probability that a problem becomes a return when returns are free. */
  returnPropensityFree: number;
  /** Probability that a problem becomes a return when the shopper pays. */
  returnPropensityPaid: number;
  /** Resolution-time multiplier for AI-handled tickets. */
  aiResolutionFactor: number;
  /** Probability a late parcel raises a complaint, per unit of relative lateness. */
  complaintPerLateness: number;
  /** Multiplier on the complaint probability when a coupon arrives first. */
  complaintAfterCoupon: number;
  /** Ordered-logit cut points of satisfaction into 1..5 stars. */
  ratingCuts: [number, number, number, number];
  /** Scale of the logistic noise in ratings. */
  ratingNoise: number;
  /** Probability of posting a rating, at neutral satisfaction. */
  ratingResponse: number;
  /** Extra posting probability per unit of |satisfaction|. */
  ratingExtremity: number;
  /** Logit change of accepting another payment method per star of platform rating above 3.5. */
  altPaymentRatingWeight: number;
  /** Share of the way trust moves towards the latest experience (a moving average). */
  trustLearning: number;
  /** Log visit-rate change per unit of trust above its initial mean (loyalty). */
  visitTrustWeight: number;
  /** Satisfaction below which an experience counts as bad. */
  badThreshold: number;
  /** Churn probability per bad experience so far, evaluated after a bad experience. */
  churnPerBad: number;
  /** Baseline churn probability after any experience. */
  churnBase: number;
  /** Visit-rate boost for the first visit after an experience (recency). */
  recencyBoost: number;
  /** Elasticity of visits to the market rating (word of mouth). */
  wordOfMouthWeight: number;
  /** Half-life of the market rating's memory, days. */
  ratingHalfLifeDays: number;
  /** Market rating at the start, stars. */
  initialRating: number;
  /** Log-sd of order values. */
  orderValueSpread: number;
  /** Log-sd of individual visit rates (loyalty heterogeneity). */
  visitSpread: number;
  /** A parcel this many times its promise late is cancelled by the shopper. */
  cancelLateFactor: number;
  /** Satisfaction hit of cancelling an order that never came. */
  cancelPenalty: number;
  /** Logit weight of a lenient return policy in the purchase decision (0 = paid returns, 1 = free for 30+ days). */
  returnPolicyWeight: number;
  /** Logit weight of a held coupon in the purchase decision, per unit of coupon / reference order value. */
  couponWeight: number;
  /** Logit change of joining the membership programme per standard deviation of the shopper's visit rhythm (heavier buyers join more). */
  memberSelfSelection: number;
  /** Logit change of joining per unit of yearly fee / reference order value. */
  memberFeeWeight: number;
  /** Log change of order value per unit of trust above 0.5 (trust raises willingness to pay). */
  orderValueTrustWeight: number;
  /** New shoppers referred per promoter experience (satisfaction above the top rating cut) at a 3.5-star rating. */
  referralsPerPromoter: number;
  /** Log change of referrals per star of the market's platform rating above 3.5. */
  referralRatingWeight: number;
  /** Yearly hazard that a browsing shopper lapses (stops visiting for good) without a bad experience. */
  lapsePerYear: number;
  /** Share of the way a shopper's expected delivery days and lateness move towards each delivery. */
  expectationLearning: number;
  /** Share of the way expected delivery days move towards the market's reference standard at each delivery. */
  referencePull: number;
  /** Weight of the platform's reputation for lateness against the shopper's own, 0..1. */
  reputationWeight: number;
  /** Probability that a checkout is abandoned at the payment step whatever the method (baseline friction). */
  checkoutFriction: number;
}

export interface SimConfig {
  name: string;
  description?: string;
  /** Days simulated. */
  days: number;
  /** Number of shoppers. */
  shoppers: number;
  /** Default seed when the caller gives none. */
  seed: number;
  /** Days at the start excluded from whole-run KPIs. */
  warmupDays: number;
  /** Length of the repurchase window, days. */
  repurchaseWindowDays: number;
  /** Share of shoppers who are (or would be) members of the programme, 0..1. */
  memberShare: number;
  markets: Market[];
  levers: Levers;
  timeline: TimelineEvent[];
  behaviour: Behaviour;
}
