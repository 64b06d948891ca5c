// The single source of every lever's and behavioural parameter's facts:
// path, unit, range, description, default and engine slot. The engine's slot
// layout, core's range checks, the typed Levers/Behaviour, the built-in
// defaults, the scenario schema (zod and JSON Schema) and docs/scenarios.md
// are all derived from these rows. Adding a plain scalar lever is one row
// here plus its use in the engine (see docs/architecture.md).

export type Unit =
  | 'share' | 'days' | 'day' | 'hours' | 'money units' | 'factor' | 'flag' | 'count' | 'stars' | 'per day' | 'per year' | 'weight' | 'probability';

/** An allowed range; min is exclusive when minExclusive (a value must lie above it). */
export interface Range {
  min?: number;
  minExclusive?: boolean;
  max?: number;
}

export const SHARE: Range = { min: 0, max: 1 };
export const NON_NEGATIVE: Range = { min: 0 };
export const POSITIVE: Range = { min: 0, minExclusive: true };
export const ANY: Range = {};

export interface LeverRow {
  /** Dotted path under `levers` (and under a market's or an intervention's levers). */
  path: string;
  /** Name of the lever's slot in the engine's daily lever row (`L.<slot>`). */
  slot: string;
  unit: Unit;
  range: Range;
  description: string;
  /** The built-in 2024 value. */
  default: number;
  /** A fixed number, not a day expression (and given together with its siblings). */
  fixed?: true;
}

/**
 * Every scalar lever. Flags are 0/1 (true/false in files). The delivery-time
 * ranges (p10, p90) are fixed numbers; the engine reads them as a lognormal's
 * mu and sigma (derived slots below).
 */
export const LEVER_ROWS = [
  { path: 'warehouseShare', slot: 'warehouseShare', unit: 'share', range: SHARE, default: 0.65, description: 'share of orders served from an overseas (forward) warehouse; the rest is direct mail' },
  { path: 'directMail.deliveryDays.p10', slot: 'dmP10', unit: 'days', range: POSITIVE, default: 8, fixed: true, description: 'direct mail: 10% of parcels arrive sooner than this' },
  { path: 'directMail.deliveryDays.p90', slot: 'dmP90', unit: 'days', range: POSITIVE, default: 16, fixed: true, description: 'direct mail: 10% of parcels arrive later than this' },
  { path: 'directMail.promisedDays', slot: 'dmPromise', unit: 'days', range: POSITIVE, default: 16, description: 'delivery time promised at checkout for items shipped by direct mail (when promisePercentile is 0); quoted in whole days, rounded up' },
  { path: 'directMail.promisePercentile', slot: 'dmPercentile', unit: 'share', range: { min: 0, max: 0.9999 }, default: 0, description: "promise policy: when above 0, quote this percentile of direct mail's delivery-time distribution (e.g. 0.9) instead of promisedDays" },
  { path: 'directMail.requoteDisruptions', slot: 'dmRequote', unit: 'flag', range: SHARE, default: 0, description: 'direct-mail quotes are lengthened by the transit multiplier of a disruption in force (re-quoting)' },
  { path: 'directMail.costPerOrder', slot: 'dmCost', unit: 'money units', range: NON_NEGATIVE, default: 7, description: 'logistics cost per order shipped by direct mail' },
  { path: 'warehouse.deliveryDays.p10', slot: 'whP10', unit: 'days', range: POSITIVE, default: 3, fixed: true, description: 'overseas warehouse: 10% of parcels arrive sooner than this' },
  { path: 'warehouse.deliveryDays.p90', slot: 'whP90', unit: 'days', range: POSITIVE, default: 7, fixed: true, description: 'overseas warehouse: 10% of parcels arrive later than this' },
  { path: 'warehouse.promisedDays', slot: 'whPromise', unit: 'days', range: POSITIVE, default: 7, description: 'delivery time promised at checkout for items shipped from an overseas warehouse (when promisePercentile is 0); quoted in whole days, rounded up' },
  { path: 'warehouse.promisePercentile', slot: 'whPercentile', unit: 'share', range: { min: 0, max: 0.9999 }, default: 0, description: "promise policy: when above 0, quote this percentile of the warehouse's delivery-time distribution (e.g. 0.9) instead of promisedDays" },
  { path: 'warehouse.requoteDisruptions', slot: 'whRequote', unit: 'flag', range: SHARE, default: 0, description: 'warehouse quotes are lengthened by the transit multiplier of a disruption in force (re-quoting)' },
  { path: 'warehouse.costPerOrder', slot: 'whCost', unit: 'money units', range: NON_NEGATIVE, default: 4.5, description: 'logistics cost per order shipped from an overseas warehouse' },
  { path: 'warehouse.fixedCostPerDay', slot: 'whFixedCostPerDay', unit: 'money units', range: NON_NEGATIVE, default: 0, description: "fixed cost of running the market's warehouse per day while it holds stock (warehouseShare > 0)" },
  { path: 'warehouse.holdingCostShare', slot: 'whHoldingCostShare', unit: 'share', range: NON_NEGATIVE, default: 0.03, description: "cost of holding a warehouse order's stock until it sells, share of the goods' cost" },
  { path: 'afterSales.firstResponseHours', slot: 'firstResponseHours', unit: 'hours', range: NON_NEGATIVE, default: 8, description: 'mean first-response time of a human agent' },
  { path: 'afterSales.aiShare', slot: 'aiShare', unit: 'share', range: SHARE, default: 0.8, description: 'share of tickets answered by AI within seconds' },
  { path: 'afterSales.resolutionDays', slot: 'resolutionDays', unit: 'days', range: NON_NEGATIVE, default: 4, description: 'mean time to resolve a ticket' },
  { path: 'afterSales.returnCycleDays', slot: 'returnCycleDays', unit: 'days', range: NON_NEGATIVE, default: 7, description: 'days from the shopper sending a return to the refund' },
  { path: 'afterSales.freeReturnWindowDays', slot: 'freeReturnWindowDays', unit: 'days', range: NON_NEGATIVE, default: 30, description: 'days in which returns are free; 0 means the shopper pays return shipping' },
  { path: 'afterSales.noReasonReturns', slot: 'noReasonReturns', unit: 'flag', range: SHARE, default: 0, description: 'returns are accepted without a reason (a no-reason return policy): with free returns, shoppers also send back problem-free items that disappoint them' },
  { path: 'afterSales.localReturnPoints', slot: 'localReturnPoints', unit: 'flag', range: SHARE, default: 1, description: 'local drop-off points for returns exist' },
  { path: 'afterSales.humanTicketCost', slot: 'humanTicketCost', unit: 'money units', range: NON_NEGATIVE, default: 6, description: 'cost of a ticket handled by a human agent' },
  { path: 'afterSales.aiTicketCost', slot: 'aiTicketCost', unit: 'money units', range: NON_NEGATIVE, default: 0.5, description: 'cost of a ticket handled by AI' },
  { path: 'afterSales.returnCost', slot: 'returnCost', unit: 'money units', range: NON_NEGATIVE, default: 8, description: 'reverse-logistics cost per return (and per parcel refused at the door)' },
  { path: 'afterSales.returnShippingCost', slot: 'returnShippingCost', unit: 'money units', range: NON_NEGATIVE, default: 0, description: 'return shipping per return, paid by the platform when the return is free (else by the shopper)' },
  { path: 'compensation.enabled', slot: 'compensationEnabled', unit: 'flag', range: SHARE, default: 1, description: 'a coupon is sent when a parcel is late' },
  { path: 'compensation.couponValue', slot: 'couponValue', unit: 'money units', range: NON_NEGATIVE, default: 5, description: 'value of the late-delivery coupon' },
  { path: 'membership.enabled', slot: 'membershipEnabled', unit: 'flag', range: SHARE, default: 1, description: 'the membership programme runs' },
  { path: 'membership.deliveryTimeFactor', slot: 'memberDeliveryFactor', unit: 'factor', range: POSITIVE, default: 0.8, description: 'delivery-time multiplier for members (0.8 = 20% faster)' },
  { path: 'membership.freeReturns', slot: 'memberFreeReturns', unit: 'flag', range: SHARE, default: 1, description: 'members return for free regardless of the return window' },
  { path: 'membership.feePerYear', slot: 'memberFeePerYear', unit: 'money units', range: NON_NEGATIVE, default: 0, description: 'yearly fee a member pays (charged by the day while the programme runs); a higher fee means fewer join' },
  { path: 'membership.benefitCostPerOrder', slot: 'memberBenefitCost', unit: 'money units', range: NON_NEGATIVE, default: 1, description: "the platform's cost of members' benefits (faster shipping) per member order" },
  { path: 'acquisition.spendPerDay', slot: 'acquisitionSpend', unit: 'money units', range: NON_NEGATIVE, default: 0, description: 'marketing spend per day in the market; it brings spend / costPerNewShopper new shoppers a day' },
  { path: 'acquisition.costPerNewShopper', slot: 'costPerNewShopper', unit: 'money units', range: POSITIVE, default: 25, description: 'what the marketing spend pays per new shopper brought in (cost per acquisition)' },
  { path: 'priceIndex', slot: 'priceIndex', unit: 'factor', range: POSITIVE, default: 1, description: "price level relative to the market's reference price (1 = par)" },
  { path: 'problemRate', slot: 'problemRate', unit: 'share', range: SHARE, default: 0.16, description: 'share of delivered orders with a problem (fit, damage, not as described)' },
  { path: 'grossMarginShare', slot: 'grossMarginShare', unit: 'share', range: SHARE, default: 0.3, description: 'gross margin on goods sold at price index 1, share of GMV; goods cost (1 - this) x the reference price, so a price rise widens the margin' },
] as const satisfies readonly LeverRow[];

/** What each group of levers (a path prefix of some rows) is about. */
export const LEVER_GROUPS = {
  directMail: 'fulfilment by direct mail from the home country',
  'directMail.deliveryDays': 'door-to-door delivery time by direct mail, lognormal with this 80% range (p10 < p90)',
  warehouse: 'fulfilment from an overseas (forward) warehouse',
  'warehouse.deliveryDays': 'door-to-door delivery time from an overseas warehouse, lognormal with this 80% range (p10 < p90)',
  afterSales: 'after-sales service: tickets, returns, refunds',
  compensation: 'proactive compensation when a parcel is late',
  membership: 'membership programme (faster delivery, free returns)',
  acquisition: 'paid acquisition of new shoppers (marketing)',
} as const;

/** Slots the engine fills from other slots, the timeline and the calendar, not from a lever of its own. */
export const DERIVED_SLOTS = [
  'dmMu', 'dmSigma', 'whMu', 'whSigma', 'dmTransitMultiplier', 'whTransitMultiplier', 'visitMultiplier', 'offeredMask',
] as const;

export interface PaymentRow {
  /** Key under `paymentMethods.<name>`. */
  key: string;
  unit: Unit;
  range: Range;
  description: string;
  /** The engine's value when the market does not offer the method. */
  absent: number;
  /** The value when an offered method leaves it out; without one, every offer must give it. */
  default?: number;
}

/** Levers of each payment method. One without a default is required: a method that is offered gives it. */
export const PAYMENT_ROWS = [
  { key: 'feeShare', unit: 'share', range: SHARE, absent: 0, description: 'fee as a share of order value' },
  { key: 'failureRate', unit: 'share', range: SHARE, absent: 1, description: 'share of attempts with this method that fail' },
  { key: 'refusalRate', unit: 'share', range: SHARE, absent: 0, default: 0, description: 'share of delivered parcels paid this way refused at the door (cash on delivery): no sale, the parcel comes back at returnCost' },
] as const satisfies readonly PaymentRow[];

export type SlotName = (typeof LEVER_ROWS)[number]['slot'] | (typeof DERIVED_SLOTS)[number];
export type PaymentKey = (typeof PAYMENT_ROWS)[number]['key'];

/** Slots of one market's row in the daily lever table: the rows in order, then the derived slots. */
export const L = Object.fromEntries(
  [...LEVER_ROWS.map((r) => r.slot), ...DERIVED_SLOTS].map((name, i) => [name, i]),
) as Readonly<Record<SlotName, number>>;
export const LEVER_SLOTS = LEVER_ROWS.length + DERIVED_SLOTS.length;

// ---------------------------------------------------------------- types from the rows

/** A lever value: a constant, or a function of the simulation day (0-based). */
export type DayValue = number | ((day: number) => number);

type Head<P extends string> = P extends `${infer H}.${string}` ? H : P;
type Strip<R, H extends string> = R extends { path: `${H}.${infer T}` } ? { path: T; fixed: R extends { fixed: true } ? true : false } : never;
type Leaf<R> = R extends { fixed: true } ? number : DayValue;
type Nest<R extends { path: string }> = {
  [H in Head<R['path']>]: [Extract<R, { path: H }>] extends [never]
    ? Nest<Strip<Extract<R, { path: `${H}.${string}` }>, H>>
    : Leaf<Extract<R, { path: H }>>;
};

type RequiredPaymentKey = Exclude<(typeof PAYMENT_ROWS)[number], { default: number }>['key'];
export type PaymentMethodOffer = { [K in RequiredPaymentKey]: DayValue } & { [K in Exclude<PaymentKey, RequiredPaymentKey>]?: DayValue };

/** The levers a strategist changes (one per row, nested by path); each market may override any of them. */
export type Levers = Nest<(typeof LEVER_ROWS)[number]> & {
  /** Payment methods offered at checkout, by method name. */
  paymentMethods: Record<string, PaymentMethodOffer>;
};

// ---------------------------------------------------------------- behaviour

export interface BehaviourRow {
  name: string;
  unit: Unit;
  range: Range;
  description: string;
  default: number;
}

/**
 * Behavioural parameters: how shoppers react. Calibrated, not levers (see docs/calibration.md).
 * Ranges hold the model card's prior ranges (docs/model.md §6.1) with room to
 * spare, and stop where a value would leave the model's meaning (a weight of
 * the wrong sign, a spread whose lognormal tail swamps the mean) or its
 * numbers (an exp() of a weight times a unit-scale term): at either end, with
 * the other parameters at their defaults, a run stays finite (test:
 * behaviour-ranges.test.ts). A combination of extremes can still overflow;
 * simulate() then refuses the run (OverflowError) instead of reporting it.
 */
export const BEHAVIOUR_ROWS = [
  { name: 'purchaseIntercept', unit: 'weight', range: { min: -20, max: 5 }, default: -3.96, description: 'logit intercept of the purchase decision' },
  { name: 'trustWeight', unit: 'weight', range: { min: 0, max: 10 }, default: 1.89, description: 'logit weight on trust (0..1, centred at 0.5)' },
  { name: 'ratingWeight', unit: 'weight', range: { min: 0, max: 2 }, default: 0.075, description: "logit weight on the market's platform rating (stars above 3.5)" },
  { name: 'memberLoyaltyWeight', unit: 'weight', range: { min: -5, max: 5 }, default: 0.4, description: 'logit bonus of members' },
  { name: 'sensitivitySpread', unit: 'factor', range: { min: 0, max: 2 }, default: 0.85, description: 'spread of individual sensitivities (lognormal sigma)' },
  { name: 'initialTrust', unit: 'share', range: SHARE, default: 0.5, description: 'mean initial trust' },
  { name: 'promiseWeight', unit: 'weight', range: { min: 0, max: 5 }, default: 0.8, description: 'weight of delivery relative to the promise (disconfirmation)' },
  { name: 'expectationWeight', unit: 'weight', range: { min: 0, max: 5 }, default: 0.81, description: "weight of delivery relative to the shopper's own expectation" },
  { name: 'lossAversion', unit: 'factor', range: { min: 1, max: 5 }, default: 2.25, description: 'multiplier on negative disconfirmation (losses loom larger)' },
  { name: 'compensationWeight', unit: 'weight', range: { min: 0, max: 5 }, default: 1, description: 'satisfaction bonus of a coupon, per unit of coupon/order value' },
  { name: 'baseSatisfaction', unit: 'weight', range: { min: -5, max: 5 }, default: 0.98, description: 'baseline satisfaction of a problem-free order' },
  { name: 'problemPenalty', unit: 'weight', range: { min: 0, max: 5 }, default: 1, description: 'satisfaction hit of having a problem at all' },
  { name: 'resolutionWeight', unit: 'weight', range: { min: 0, max: 5 }, default: 1, description: "weight of a ticket's resolution time relative to patience" },
  { name: 'refundWaitWeight', unit: 'weight', range: { min: 0, max: 5 }, default: 0.165, description: "weight of a return's refund wait relative to patience" },
  { name: 'responseWeight', unit: 'weight', range: { min: 0, max: 5 }, default: 0.3, description: 'weight of first-response time relative to expectation' },
  { name: 'paidReturnPenalty', unit: 'weight', range: { min: 0, max: 5 }, default: 0.5, description: 'satisfaction hit when the shopper pays return shipping' },
  { name: 'localReturnSaving', unit: 'share', range: SHARE, default: 0.3, description: 'share of resolution time a local drop-off point saves' },
  { name: 'returnPropensityFree', unit: 'probability', range: SHARE, default: 0.75, description: 'probability that a problem becomes a return when returns are free' },
  { name: 'noReasonReturnMargin', unit: 'weight', range: { min: 0, max: 3 }, default: 0.3, description: 'under a free no-reason return policy, how far (in standard deviations of the item-expectation match) above the problem cut an item may be and still go back' },
  { name: 'replacementWeight', unit: 'weight', range: { min: 0, max: 5 }, default: 0, description: 'logit bonus of buying again while a returned item is still to be replaced (the need is open once the refund came within the shopper\'s patience; 0 = off)' },
  { name: 'returnPropensityPaid', unit: 'probability', range: SHARE, default: 0.45, description: 'probability that a problem becomes a return when the shopper pays' },
  { name: 'aiResolutionFactor', unit: 'factor', range: { min: 0, max: 5 }, default: 0.3, description: 'resolution-time multiplier for AI-handled tickets' },
  { name: 'complaintPerLateness', unit: 'probability', range: { min: 0, max: 10 }, default: 0.6, description: 'probability a late parcel raises a complaint, per unit of relative lateness' },
  { name: 'complaintAfterCoupon', unit: 'share', range: SHARE, default: 0.4, description: 'multiplier on the complaint probability when a coupon arrives first' },
  { name: 'ratingNoise', unit: 'weight', range: { min: 0.01, max: 5 }, default: 0.5, description: 'scale of the logistic noise in ratings' },
  { name: 'ratingResponse', unit: 'probability', range: SHARE, default: 0.3, description: 'probability of posting a rating, at neutral satisfaction' },
  { name: 'ratingExtremity', unit: 'probability', range: { min: 0, max: 1 }, default: 0.1, description: 'extra posting probability per unit of |satisfaction|' },
  { name: 'altPaymentRatingWeight', unit: 'weight', range: { min: 0, max: 5 }, default: 1.87, description: "logit change of accepting another payment method per star of the market's platform rating above 3.5" },
  { name: 'altPaymentShareWeight', unit: 'weight', range: { min: 0, max: 10 }, default: 0, description: "logit change of accepting another payment method per unit of that method's share of the market's payment preferences (0: off)" },
  { name: 'trustLearning', unit: 'share', range: SHARE, default: 0.48, description: 'share of the way trust moves towards the latest experience' },
  { name: 'visitTrustWeight', unit: 'weight', range: { min: 0, max: 8 }, default: 3.32, description: 'log visit-rate change per unit of trust above its initial mean (loyalty)' },
  { name: 'badThreshold', unit: 'weight', range: { min: -5, max: 5 }, default: -0.5, description: 'satisfaction below which an experience counts as bad' },
  { name: 'churnPerBad', unit: 'probability', range: SHARE, default: 0.06, description: 'churn probability per bad experience so far, after a bad experience' },
  { name: 'churnBase', unit: 'probability', range: SHARE, default: 0.002, description: 'baseline churn probability after any experience' },
  { name: 'recencyBoost', unit: 'factor', range: { min: 0, max: 10 }, default: 1, description: 'visit-rate boost for the first visit after an experience (recency)' },
  { name: 'wordOfMouthWeight', unit: 'weight', range: { min: 0, max: 2 }, default: 0.3, description: 'elasticity of visits to the market rating (word of mouth)' },
  { name: 'ratingHalfLifeDays', unit: 'days', range: { min: 1, max: 3650 }, default: 30, description: "half-life of the market rating's memory" },
  { name: 'initialRating', unit: 'stars', range: { min: 1, max: 5 }, default: 3.8, description: 'market rating at the start' },
  { name: 'orderValueSpread', unit: 'factor', range: { min: 0, max: 2 }, default: 0.5, description: 'log-sd of order values' },
  { name: 'visitSpread', unit: 'factor', range: { min: 0, max: 3 }, default: 0.98, description: 'log-sd of individual visit rates (loyalty heterogeneity)' },
  { name: 'cancelLateFactor', unit: 'factor', range: { min: 0.1, max: 20 }, default: 3, description: 'a parcel this many times its promise late is cancelled by the shopper' },
  { name: 'cancelPenalty', unit: 'weight', range: { min: 0, max: 5 }, default: 1, description: 'satisfaction hit of cancelling an order that never came' },
  { name: 'returnPolicyWeight', unit: 'weight', range: { min: 0, max: 5 }, default: 0.3, description: 'logit weight of a lenient return policy in the purchase decision (paid returns cost this much; a free window counts in proportion up to 30 days)' },
  { name: 'returnEffortWeight', unit: 'weight', range: { min: 0, max: 5 }, default: 0, description: 'logit weight of an easy return in the purchase decision: returning without local drop-off points costs this much (effort leniency; 0 = off)' },
  { name: 'couponWeight', unit: 'weight', range: { min: 0, max: 10 }, default: 1.5, description: 'logit weight of a held delay coupon in the purchase decision, per unit of coupon / reference order value' },
  { name: 'memberSelfSelection', unit: 'weight', range: { min: -5, max: 5 }, default: 0.25, description: "logit change of joining the membership programme per standard deviation of the shopper's visit rhythm (heavier buyers join more)" },
  { name: 'memberFeeWeight', unit: 'weight', range: { min: 0, max: 10 }, default: 1, description: 'logit change of joining the programme per unit of yearly fee / reference order value' },
  { name: 'orderValueTrustWeight', unit: 'weight', range: { min: -2, max: 2 }, default: 0.3, description: 'log change of order value per unit of trust above 0.5' },
  { name: 'orderValueDeliveryWeight', unit: 'per day', range: { min: 0, max: 0.2 }, default: 0.035, description: 'log change of order value per day the delivery a shopper expects of the promise (stretched by the lateness it expects) exceeds the delivery time it expects (0 = off)' },
  { name: 'referralsPerPromoter', unit: 'count', range: { min: 0, max: 10 }, default: 0, description: 'new shoppers referred per promoter experience (satisfaction above the top rating cut) at a 3.5-star platform rating' },
  { name: 'referralRatingWeight', unit: 'weight', range: { min: 0, max: 3 }, default: 1, description: "log change of referrals per star of the market's platform rating above 3.5" },
  { name: 'lapsePerYear', unit: 'per year', range: { min: 0, max: 100 }, default: 0, description: 'yearly hazard that a browsing shopper lapses (stops visiting for good) without a bad experience' },
  { name: 'expectationLearning', unit: 'share', range: SHARE, default: 0.3, description: "share of the way a shopper's expected delivery days and lateness move towards each delivery" },
  { name: 'referencePull', unit: 'share', range: SHARE, default: 0.1, description: "share of the way expected delivery days move towards the market's reference standard at each delivery" },
  { name: 'reputationWeight', unit: 'share', range: SHARE, default: 0.3, description: "weight of the platform's reputation for lateness against the shopper's own experience" },
  { name: 'checkoutFriction', unit: 'probability', range: SHARE, default: 0.03, description: 'probability a checkout is abandoned at the payment step whatever the method (baseline friction)' },
  { name: 'openOrders', unit: 'count', range: { min: 1, max: 2 }, default: 2, description: 'orders a shopper can have open at once (a parcel in transit or an after-sales case): 1, no visits meanwhile; 2, visits go on and one more order can be placed' },
] as const satisfies readonly BehaviourRow[];

export interface MarketTraitRow {
  name: string;
  unit: Unit;
  range: Range;
}

/**
 * The numeric traits of a market's shoppers and their ranges. Bounded above
 * so that a market cannot make a run's sums leave exact numbers: at most 10
 * visits a shopper a day, order values up to a million, sensitivities within
 * ten times anything measured; expected and reference delivery days below
 * the 256 days a shopper's learned expectation can hold (population record,
 * u16 in 1/256 days).
 */
export const MARKET_TRAIT_ROWS = [
  { name: 'orderValue', unit: 'money units', range: { min: 0.01, max: 1_000_000 } },
  { name: 'visitsPerDay', unit: 'per day', range: { min: 0, max: 10 } },
  { name: 'alternativePaymentAcceptance', unit: 'probability', range: SHARE },
  { name: 'expectedDeliveryDays', unit: 'days', range: { min: 0.5, max: 250 } },
  { name: 'referenceDeliveryDays', unit: 'days', range: { min: 0.5, max: 250 } },
  { name: 'expectedFirstResponseHours', unit: 'hours', range: { min: 0.01, max: 8760 } },
  { name: 'toleratedResolutionDays', unit: 'days', range: { min: 0.1, max: 365 } },
  { name: 'priceSensitivity', unit: 'weight', range: { min: 0, max: 20 } },
  { name: 'deliverySensitivity', unit: 'weight', range: { min: 0, max: 10 } },
  { name: 'deliveryCostMultiplier', unit: 'factor', range: { min: 0, max: 100 } },
] as const satisfies readonly MarketTraitRow[];

/** The ordered-logit cut points: the one behavioural parameter that is not a single number. */
export const RATING_CUTS = {
  unit: 'weight' as Unit,
  default: [-1.6, -0.8, 0, 0.9] as [number, number, number, number],
  description: 'ordered-logit cut points of satisfaction into 1..5 stars; four increasing numbers',
};

export type BehaviourName = (typeof BEHAVIOUR_ROWS)[number]['name'];

/** Behavioural parameters: how shoppers react. Calibrated, not levers. */
export type Behaviour = Record<BehaviourName, number> & { ratingCuts: [number, number, number, number] };

// ---------------------------------------------------------------- checks shared by core and the loader

export function inRange(v: number, r: Range): boolean {
  if (!Number.isFinite(v)) return false;
  if (r.min !== undefined && (r.minExclusive ? v <= r.min : v < r.min)) return false;
  return r.max === undefined || v <= r.max;
}

export function rangeText(r: Range): string {
  if (r.min !== undefined && r.max !== undefined) return r.minExclusive ? `above ${r.min}, up to ${r.max}` : `${r.min}..${r.max}`;
  if (r.min !== undefined) return r.minExclusive ? `above ${r.min}` : `${r.min} or more`;
  if (r.max !== undefined) return `${r.max} or less`;
  return 'any finite number';
}
