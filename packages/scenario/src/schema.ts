// The scenario file format as a zod schema: every key with its unit, range,
// default and meaning. The JSON Schema (`shopsim schema`) and the key
// reference (docs/scenarios.md) are generated from it.
import { z } from 'zod';
import { DEFAULT_BEHAVIOUR, LEVERS_2024, defaultScenario, type Behaviour, type Levers } from '@shopsim/core';
import { MAX_GRID_STEPS, MAX_SEEDS } from './experiment.ts';

export type Unit = 'share' | 'days' | 'day' | 'hours' | 'currency' | 'factor' | 'flag' | 'count' | 'stars' | 'per day' | 'weight' | 'probability';

export interface Range {
  min?: number;
  /** min is exclusive (a value must be above it). */
  minExclusive?: boolean;
  max?: number;
}

/** Meaning, unit and default of a key, carried into the JSON Schema. */
interface Meta {
  description: string;
  unit?: Unit;
  default?: unknown;
}

const NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;
const CONSTANT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const EXPRESSION_DESCRIPTION =
  'a mathjs expression of `day` (0-based day of the run) and the scenario constants, e.g. "min(0.9, 0.4 + day / 730)"';

const expression = z.string().min(1).meta({ description: EXPRESSION_DESCRIPTION });

function number(range: Range, integer = false) {
  let s = integer ? z.number().int() : z.number();
  if (range.min !== undefined) s = range.minExclusive ? s.gt(range.min) : s.min(range.min);
  if (range.max !== undefined) s = s.max(range.max);
  return s;
}

function withMeta<T extends z.ZodType>(schema: T, meta: Meta): T {
  const m: Record<string, unknown> = { description: meta.description };
  if (meta.unit !== undefined) m.unit = meta.unit;
  if (meta.default !== undefined) m.default = meta.default;
  return schema.meta(m);
}

const SHARE: Range = { min: 0, max: 1 };
const NON_NEGATIVE: Range = { min: 0 };
const POSITIVE: Range = { min: 0, minExclusive: true };

// ---------------------------------------------------------------- levers

/** The range of every day-varying lever, by lever path ("afterSales.aiShare", "paymentMethods.*.feeShare"). */
export const LEVER_RANGES = new Map<string, { unit: Unit; range: Range }>();

interface LeverLeaf {
  unit: Unit;
  range: Range;
  description: string;
}

const leaf = (unit: Unit, range: Range, description: string): LeverLeaf => ({ unit, range, description });
const flag = (description: string): LeverLeaf => leaf('flag', SHARE, `${description} (true/false, 1/0, or an expression giving 1 or 0)`);

const FULFILMENT = {
  promisedDays: leaf('days', POSITIVE, 'delivery time promised at checkout for items shipped this way (when promisePercentile is 0); quoted in whole days, rounded up'),
  promisePercentile: leaf('share', { min: 0, max: 0.9999 }, "promise policy: when above 0, quote this percentile of the mode's delivery-time distribution (e.g. 0.9) instead of promisedDays"),
  requoteDisruptions: flag('quotes are lengthened by the transit multiplier of a disruption in force (re-quoting)'),
  costPerOrder: leaf('currency', NON_NEGATIVE, 'logistics cost per order'),
};

/** Every day-varying lever except payment methods and delivery-time ranges. */
const LEVER_LEAVES = {
  warehouseShare: leaf('share', SHARE, 'share of orders served from an overseas (forward) warehouse; the rest is direct mail'),
  afterSales: {
    firstResponseHours: leaf('hours', NON_NEGATIVE, 'mean first-response time of a human agent'),
    aiShare: leaf('share', SHARE, 'share of tickets answered by AI within seconds'),
    resolutionDays: leaf('days', NON_NEGATIVE, 'mean time to resolve a ticket'),
    returnCycleDays: leaf('days', NON_NEGATIVE, 'days from the shopper sending a return to the refund'),
    freeReturnWindowDays: leaf('days', NON_NEGATIVE, 'days in which returns are free; 0 means the shopper pays return shipping'),
    localReturnPoints: flag('local drop-off points for returns exist'),
    humanTicketCost: leaf('currency', NON_NEGATIVE, 'cost of a ticket handled by a human agent'),
    aiTicketCost: leaf('currency', NON_NEGATIVE, 'cost of a ticket handled by AI'),
    returnCost: leaf('currency', NON_NEGATIVE, 'reverse-logistics cost per return (and per parcel refused at the door)'),
    returnShippingCost: leaf('currency', NON_NEGATIVE, 'return shipping per return, paid by the platform when the return is free (else by the shopper)'),
  },
  compensation: {
    enabled: flag('a coupon is sent when a parcel is late'),
    couponValue: leaf('currency', NON_NEGATIVE, 'value of the late-delivery coupon'),
  },
  membership: {
    enabled: flag('the membership programme runs'),
    deliveryTimeFactor: leaf('factor', POSITIVE, 'delivery-time multiplier for members (0.8 = 20% faster)'),
    freeReturns: flag('members return for free regardless of the return window'),
    feePerYear: leaf('currency', NON_NEGATIVE, 'yearly fee a member pays (charged by the day while the programme runs); a higher fee means fewer join'),
    benefitCostPerOrder: leaf('currency', NON_NEGATIVE, "the platform's cost of members' benefits (faster shipping) per member order"),
  },
  acquisition: {
    spendPerDay: leaf('currency', NON_NEGATIVE, 'marketing spend per day in the market; it brings spend / costPerNewShopper new shoppers a day'),
    costPerNewShopper: leaf('currency', POSITIVE, 'what the marketing spend pays per new shopper brought in (cost per acquisition)'),
  },
  priceIndex: leaf('factor', POSITIVE, "price level relative to the market's reference price (1 = par)"),
  problemRate: leaf('share', SHARE, 'share of delivered orders with a problem (fit, damage, not as described)'),
  grossMarginShare: leaf('share', SHARE, 'gross margin on goods sold at price index 1, share of GMV; goods cost (1 - this) x the reference price, so a price rise widens the margin'),
};

const WAREHOUSE_COSTS = {
  fixedCostPerDay: leaf('currency', NON_NEGATIVE, "fixed cost of running the market's warehouse per day while it holds stock (warehouseShare > 0)"),
  holdingCostShare: leaf('share', NON_NEGATIVE, "cost of holding a warehouse order's stock until it sells, share of the goods' cost"),
};

const PAYMENT_LEAVES = {
  feeShare: leaf('share', SHARE, 'fee as a share of order value'),
  failureRate: leaf('share', SHARE, 'share of attempts with this method that fail'),
  refusalRate: leaf('share', SHARE, 'share of delivered parcels paid this way refused at the door (cash on delivery): no sale, the parcel comes back at returnCost'),
};

function register(path: string, l: LeverLeaf): void {
  LEVER_RANGES.set(path, { unit: l.unit, range: l.range });
}
for (const [k, v] of Object.entries(LEVER_LEAVES)) {
  if ('unit' in v) register(k, v as LeverLeaf);
  else for (const [k2, v2] of Object.entries(v)) register(`${k}.${k2}`, v2 as LeverLeaf);
}
for (const mode of ['directMail', 'warehouse']) for (const [k, v] of Object.entries(FULFILMENT)) register(`${mode}.${k}`, v);
for (const [k, v] of Object.entries(WAREHOUSE_COSTS)) register(`warehouse.${k}`, v);
for (const [k, v] of Object.entries(PAYMENT_LEAVES)) register(`paymentMethods.*.${k}`, v);

/** A day-varying lever value: a number in range, or an expression (and for flags, true/false). */
function leverValue(l: LeverLeaf, dflt: unknown) {
  const schema = l.unit === 'flag' ? z.union([z.boolean(), number(l.range), expression]) : z.union([number(l.range), expression]);
  return withMeta(schema, { description: l.description, unit: l.unit, default: dflt }).optional();
}

type Defaults = Levers | undefined;
const pick = (d: unknown, ...keys: string[]): unknown => {
  let v = d;
  for (const k of keys) v = v === undefined || v === null ? undefined : (v as Record<string, unknown>)[k];
  return typeof v === 'function' ? undefined : v;
};

function leafGroup(leaves: Record<string, LeverLeaf>, defaults: unknown) {
  const shape: Record<string, z.ZodType> = {};
  for (const [k, l] of Object.entries(leaves)) shape[k] = leverValue(l, pick(defaults, k));
  return z.strictObject(shape);
}

function deliveryDays(dflt: unknown) {
  return withMeta(
    z.strictObject({
      p10: withMeta(number(POSITIVE), { description: '10% of parcels arrive sooner than this', unit: 'days' }),
      p90: withMeta(number(POSITIVE), { description: '10% of parcels arrive later than this', unit: 'days' }),
    }),
    { description: 'door-to-door delivery time, lognormal with this 80% range (p10 < p90)', unit: 'days', default: dflt },
  ).optional();
}

function fulfilment(description: string, defaults: unknown, extra: Record<string, LeverLeaf> = {}) {
  const costs: Record<string, z.ZodType> = {};
  for (const [k, l] of Object.entries(extra)) costs[k] = leverValue(l, pick(defaults, k));
  return withMeta(
    z.strictObject({
      deliveryDays: deliveryDays(pick(defaults, 'deliveryDays')),
      promisedDays: leverValue(FULFILMENT.promisedDays, pick(defaults, 'promisedDays')),
      promisePercentile: leverValue(FULFILMENT.promisePercentile, pick(defaults, 'promisePercentile')),
      requoteDisruptions: leverValue(FULFILMENT.requoteDisruptions, pick(defaults, 'requoteDisruptions')),
      costPerOrder: leverValue(FULFILMENT.costPerOrder, pick(defaults, 'costPerOrder')),
      ...costs,
    }),
    { description },
  ).optional();
}

const paymentMethodName = z.string().regex(NAME, 'a payment method name starts with a letter and holds letters, digits, "-" and "_"');

function paymentMethods(defaults: unknown, patch: boolean) {
  const offer = withMeta(leafGroup(PAYMENT_LEAVES, undefined), { description: 'fee and failure rate of one payment method' });
  const offerOrNone = withMeta(offer.nullable(), { description: 'fee and failure rate of this payment method, or ~ (null) for not offered' });
  return withMeta(z.record(paymentMethodName, offerOrNone), {
    description: patch
      ? 'payment methods offered at checkout, by method name; a method set to null (~) is withdrawn here'
      : 'payment methods offered at checkout, by method name; a method set to null (~) is not offered',
    default: defaults,
  }).optional();
}

/** The levers: complete defaults at the top level, a patch in markets and interventions. */
export function leversSchema(defaults: Defaults, description: string) {
  const d = defaults;
  return withMeta(
    z.strictObject({
      warehouseShare: leverValue(LEVER_LEAVES.warehouseShare, pick(d, 'warehouseShare')),
      directMail: fulfilment('fulfilment by direct mail from the home country', pick(d, 'directMail')),
      warehouse: fulfilment('fulfilment from an overseas (forward) warehouse', pick(d, 'warehouse'), WAREHOUSE_COSTS),
      paymentMethods: paymentMethods(pick(d, 'paymentMethods'), d === undefined),
      afterSales: withMeta(leafGroup(LEVER_LEAVES.afterSales, pick(d, 'afterSales')), { description: 'after-sales service: tickets, returns, refunds' }).optional(),
      compensation: withMeta(leafGroup(LEVER_LEAVES.compensation, pick(d, 'compensation')), { description: 'proactive compensation when a parcel is late' }).optional(),
      membership: withMeta(leafGroup(LEVER_LEAVES.membership, pick(d, 'membership')), { description: 'membership programme (faster delivery, free returns)' }).optional(),
      acquisition: withMeta(leafGroup(LEVER_LEAVES.acquisition, pick(d, 'acquisition')), { description: 'paid acquisition of new shoppers (marketing)' }).optional(),
      priceIndex: leverValue(LEVER_LEAVES.priceIndex, pick(d, 'priceIndex')),
      problemRate: leverValue(LEVER_LEAVES.problemRate, pick(d, 'problemRate')),
      grossMarginShare: leverValue(LEVER_LEAVES.grossMarginShare, pick(d, 'grossMarginShare')),
    }),
    { description },
  );
}

// ---------------------------------------------------------------- markets

/** Market traits a file may leave out, and their values. */
export const MARKET_DEFAULTS = {
  visitsPerDay: 0.03,
  alternativePaymentAcceptance: 0.28,
  expectedDeliveryDays: 7,
  referenceDeliveryDays: 4,
  expectedFirstResponseHours: 24,
  toleratedResolutionDays: 7,
  priceSensitivity: 1.5,
  deliverySensitivity: 0.07,
  deliveryCostMultiplier: 1,
};

const field = (range: Range, meta: Meta, integer = false) => withMeta(number(range, integer), meta);

const calendarPeriod = withMeta(z.strictObject({
  name: withMeta(z.string().min(1), { description: 'name of the festival or season' }),
  startDay: field(NON_NEGATIVE, { description: 'first day of the period (0-based day of the run)', unit: 'day' }, true),
  days: field({ min: 1 }, { description: 'length of the period', unit: 'days' }, true),
  visitMultiplier: field(POSITIVE, { description: 'multiplier on visit rates during the period', unit: 'factor' }),
}), { description: 'one festival or season of the market' });

const marketSchema = withMeta(z.strictObject({
  name: withMeta(z.string().min(1), { description: 'name shown in tables', default: 'the market id' }).optional(),
  shopperShare: field(SHARE, { description: 'share of the shopper population; all markets sum to 1', unit: 'share' }),
  orderValue: field(POSITIVE, { description: 'mean order value at price index 1', unit: 'currency' }),
  visitsPerDay: field(NON_NEGATIVE, { description: 'visits per shopper per day for a shopper of average loyalty', unit: 'per day', default: MARKET_DEFAULTS.visitsPerDay }).optional(),
  paymentPreferences: withMeta(z.record(paymentMethodName, withMeta(number(SHARE), { description: 'share of shoppers here who prefer this method', unit: 'share' })), {
    description: 'share of shoppers preferring each payment method; sums to 1',
    unit: 'share',
  }),
  alternativePaymentAcceptance: field(SHARE, {
    description: 'probability a shopper accepts an offered alternative when the preferred method is missing, on a platform rated 3.5 stars (behaviour.altPaymentRatingWeight shifts it with the rating)',
    unit: 'probability',
    default: MARKET_DEFAULTS.alternativePaymentAcceptance,
  }).optional(),
  expectedDeliveryDays: field(POSITIVE, { description: "delivery time a shopper here expects before any experience of the platform (each shopper's learned expectation starts here)", unit: 'days', default: MARKET_DEFAULTS.expectedDeliveryDays }).optional(),
  referenceDeliveryDays: field(POSITIVE, { description: 'the reference standard: how fast domestic e-commerce delivers here; learned expectations are pulled towards it', unit: 'days', default: MARKET_DEFAULTS.referenceDeliveryDays }).optional(),
  expectedFirstResponseHours: field(POSITIVE, { description: 'first-response time shoppers here expect', unit: 'hours', default: MARKET_DEFAULTS.expectedFirstResponseHours }).optional(),
  toleratedResolutionDays: field(POSITIVE, { description: 'resolution time shoppers here tolerate on average', unit: 'days', default: MARKET_DEFAULTS.toleratedResolutionDays }).optional(),
  priceSensitivity: field(NON_NEGATIVE, { description: 'mean price sensitivity (logit weight on log price index)', unit: 'weight', default: MARKET_DEFAULTS.priceSensitivity }).optional(),
  deliverySensitivity: field(NON_NEGATIVE, { description: 'mean delivery-time sensitivity (logit weight on log expected delivery / learned expectation)', unit: 'weight', default: MARKET_DEFAULTS.deliverySensitivity }).optional(),
  deliveryCostMultiplier: field(NON_NEGATIVE, { description: 'multiplier on logistics cost (remote regions pay about 3x)', unit: 'factor', default: MARKET_DEFAULTS.deliveryCostMultiplier }).optional(),
  calendar: withMeta(z.array(calendarPeriod), { description: 'festivals and seasons of this market', default: [] }).optional(),
  levers: leversSchema(undefined, "this market's lever overrides: only the keys that differ from the top-level levers").optional(),
}), { description: 'one market and its shoppers, under its id (the name used in timeline events, overrides and reports)' });

const marketId = z.string().regex(NAME, 'a market id starts with a letter and holds letters, digits, "-" and "_"');

// ---------------------------------------------------------------- timeline

const eventMarkets = withMeta(z.array(marketId).min(1), { description: 'ids of the markets affected; all markets when absent' }).optional();
const label = withMeta(z.string(), { description: 'a label for reports' }).optional();

const intervention = withMeta(z.strictObject({
  kind: z.literal('intervention').meta({ description: 'levers change from a day on' }),
  day: field(NON_NEGATIVE, { description: 'day from which the levers apply (0-based)', unit: 'day' }, true),
  markets: eventMarkets,
  levers: leversSchema(undefined, 'the levers that change, as in a market override'),
  label,
}), { description: 'levers change in some or all markets from a day on' });

const disruption = withMeta(z.strictObject({
  kind: z.literal('disruption').meta({ description: 'a transport disruption multiplying transit times' }),
  startDay: field(NON_NEGATIVE, { description: 'first day of the disruption (0-based)', unit: 'day' }, true),
  days: field({ min: 1 }, { description: 'length of the disruption', unit: 'days' }, true),
  transitMultiplier: field(POSITIVE, { description: 'multiplier on transit times of orders shipped in the period', unit: 'factor' }),
  warehouseExposure: field(SHARE, { description: 'share of the extra transit time that warehouse orders suffer', unit: 'share' }),
  markets: eventMarkets,
  label,
}), { description: 'a transport disruption multiplying transit times for a period' });

const festival = withMeta(z.strictObject({
  kind: z.literal('festival').meta({ description: 'a period of raised visit rates' }),
  startDay: field(NON_NEGATIVE, { description: 'first day of the festival (0-based)', unit: 'day' }, true),
  days: field({ min: 1 }, { description: 'length of the festival', unit: 'days' }, true),
  visitMultiplier: field(POSITIVE, { description: 'multiplier on visit rates during the festival', unit: 'factor' }),
  markets: eventMarkets,
  label,
}), { description: 'a period of raised visit rates in some or all markets' });

const timelineEvent = z.discriminatedUnion('kind', [intervention, disruption, festival]);

// ---------------------------------------------------------------- behaviour

/** Meaning, unit and range of each behavioural parameter (defaults come from core). */
const BEHAVIOUR_FIELDS: Record<Exclude<keyof Behaviour, 'ratingCuts'>, [string, Unit, Range]> = {
  purchaseIntercept: ['logit intercept of the purchase decision', 'weight', {}],
  trustWeight: ['logit weight on trust (0..1, centred at 0.5)', 'weight', {}],
  ratingWeight: ["logit weight on the market's platform rating (stars above 3.5)", 'weight', {}],
  memberLoyaltyWeight: ['logit bonus of members', 'weight', {}],
  sensitivitySpread: ['spread of individual sensitivities (lognormal sigma)', 'factor', NON_NEGATIVE],
  initialTrust: ['mean initial trust', 'share', SHARE],
  promiseWeight: ['weight of delivery relative to the promise (disconfirmation)', 'weight', {}],
  expectationWeight: ["weight of delivery relative to the shopper's own expectation", 'weight', {}],
  lossAversion: ['multiplier on negative disconfirmation (losses loom larger)', 'factor', {}],
  compensationWeight: ['satisfaction bonus of a coupon, per unit of coupon/order value', 'weight', {}],
  baseSatisfaction: ['baseline satisfaction of a problem-free order', 'weight', {}],
  problemPenalty: ['satisfaction hit of having a problem at all', 'weight', {}],
  resolutionWeight: ["weight of a ticket's resolution time relative to patience", 'weight', {}],
  refundWaitWeight: ["weight of a return's refund wait relative to patience", 'weight', {}],
  responseWeight: ['weight of first-response time relative to expectation', 'weight', {}],
  paidReturnPenalty: ['satisfaction hit when the shopper pays return shipping', 'weight', {}],
  localReturnSaving: ['share of resolution time a local drop-off point saves', 'share', SHARE],
  returnPropensityFree: ['probability that a problem becomes a return when returns are free', 'probability', SHARE],
  returnPropensityPaid: ['probability that a problem becomes a return when the shopper pays', 'probability', SHARE],
  aiResolutionFactor: ['resolution-time multiplier for AI-handled tickets', 'factor', {}],
  complaintPerLateness: ['probability a late parcel raises a complaint, per unit of relative lateness', 'probability', {}],
  complaintAfterCoupon: ['multiplier on the complaint probability when a coupon arrives first', 'share', SHARE],
  ratingNoise: ['scale of the logistic noise in ratings', 'weight', POSITIVE],
  ratingResponse: ['probability of posting a rating, at neutral satisfaction', 'probability', SHARE],
  ratingExtremity: ['extra posting probability per unit of |satisfaction|', 'probability', {}],
  altPaymentRatingWeight: ["logit change of accepting another payment method per star of the market's platform rating above 3.5", 'weight', {}],
  trustLearning: ['share of the way trust moves towards the latest experience', 'share', SHARE],
  visitTrustWeight: ['log visit-rate change per unit of trust above its initial mean (loyalty)', 'weight', {}],
  badThreshold: ['satisfaction below which an experience counts as bad', 'weight', {}],
  churnPerBad: ['churn probability per bad experience so far, after a bad experience', 'probability', SHARE],
  churnBase: ['baseline churn probability after any experience', 'probability', SHARE],
  recencyBoost: ['visit-rate boost for the first visit after an experience (recency)', 'factor', {}],
  wordOfMouthWeight: ['elasticity of visits to the market rating (word of mouth)', 'weight', {}],
  ratingHalfLifeDays: ["half-life of the market rating's memory", 'days', POSITIVE],
  initialRating: ['market rating at the start', 'stars', { min: 1, max: 5 }],
  orderValueSpread: ['log-sd of order values', 'factor', NON_NEGATIVE],
  visitSpread: ['log-sd of individual visit rates (loyalty heterogeneity)', 'factor', NON_NEGATIVE],
  cancelLateFactor: ['a parcel this many times its promise late is cancelled by the shopper', 'factor', POSITIVE],
  cancelPenalty: ['satisfaction hit of cancelling an order that never came', 'weight', {}],
  returnPolicyWeight: ['logit weight of a lenient return policy in the purchase decision (paid returns cost this much; a free window counts in proportion up to 30 days)', 'weight', NON_NEGATIVE],
  couponWeight: ['logit weight of a held delay coupon in the purchase decision, per unit of coupon / reference order value', 'weight', NON_NEGATIVE],
  memberSelfSelection: ["logit change of joining the membership programme per standard deviation of the shopper's visit rhythm (heavier buyers join more)", 'weight', {}],
  memberFeeWeight: ['logit change of joining the programme per unit of yearly fee / reference order value', 'weight', NON_NEGATIVE],
  orderValueTrustWeight: ['log change of order value per unit of trust above 0.5', 'weight', {}],
  referralsPerPromoter: ['new shoppers referred per promoter experience (satisfaction above the top rating cut) at a 3.5-star platform rating', 'count', NON_NEGATIVE],
  referralRatingWeight: ["log change of referrals per star of the market's platform rating above 3.5", 'weight', {}],
  lapsePerYear: ['yearly hazard that a browsing shopper lapses (stops visiting for good) without a bad experience', 'per day', NON_NEGATIVE],
  expectationLearning: ["share of the way a shopper's expected delivery days and lateness move towards each delivery", 'share', SHARE],
  referencePull: ["share of the way expected delivery days move towards the market's reference standard at each delivery", 'share', SHARE],
  reputationWeight: ["weight of the platform's reputation for lateness against the shopper's own experience", 'share', SHARE],
  checkoutFriction: ['probability a checkout is abandoned at the payment step whatever the method (baseline friction)', 'probability', SHARE],
};

function behaviourSchema() {
  const shape: Record<string, z.ZodType> = {};
  for (const [k, [description, unit, range]] of Object.entries(BEHAVIOUR_FIELDS)) {
    shape[k] = field(range, { description, unit, default: DEFAULT_BEHAVIOUR[k as keyof Behaviour] }).optional();
  }
  shape.ratingCuts = withMeta(z.tuple([z.number(), z.number(), z.number(), z.number()]), {
    description: 'ordered-logit cut points of satisfaction into 1..5 stars; four increasing numbers',
    unit: 'weight',
    default: DEFAULT_BEHAVIOUR.ratingCuts,
  }).optional();
  return withMeta(z.strictObject(shape), {
    description: 'behavioural parameters (how shoppers react): the calibrated defaults, overridden key by key',
  });
}

// ---------------------------------------------------------------- experiment

const paramValue = withMeta(z.union([z.number(), z.string(), z.boolean()]), { description: 'the value this key path takes at the point' });
const paramPath = z.string().regex(/^[A-Za-z_][\w-]*(\.[\w-]+)*$/, 'a key path is dotted names, e.g. levers.warehouseShare');

const rangeSpec = withMeta(z.strictObject({
  min: withMeta(z.number(), { description: 'lowest value' }),
  max: withMeta(z.number(), { description: 'highest value' }),
  integer: withMeta(z.boolean(), { description: 'round draws to whole numbers', default: false }).optional(),
}), { description: 'the range this key path is drawn from' });

const gridSpec = withMeta(z.union([
  withMeta(z.array(paramValue).min(1), { description: 'the values, in order' }),
  z.strictObject({
    from: withMeta(z.number(), { description: 'first value' }),
    to: withMeta(z.number(), { description: 'last value' }),
    steps: withMeta(z.number().int().min(1).max(MAX_GRID_STEPS), { description: 'number of evenly spaced values, ends included', unit: 'count' }),
  }),
]), { description: 'the values this key path takes: a list, or { from, to, steps }' });

const sampleSpec = (method: string) =>
  withMeta(
    z.strictObject({
      n: withMeta(z.number().int().min(1).max(1_000_000), { description: 'number of points', unit: 'count' }),
      ranges: withMeta(z.record(paramPath, rangeSpec), { description: 'key path -> { min, max }' }),
    }),
    { description: method },
  ).optional();

const factorGroup = (description: string) =>
  withMeta(
    z.strictObject({
      list: withMeta(z.array(withMeta(z.record(paramPath, paramValue), { description: 'one point: key path -> value' })).min(1), { description: 'explicit points: each a map of key path -> value' }).optional(),
      grid: withMeta(z.record(paramPath, gridSpec), { description: 'every combination of the values of each key path (a list, or { from, to, steps })' }).optional(),
      random: sampleSpec('n points drawn uniformly at random within the ranges'),
      'latin-hypercube': sampleSpec('n points of a latin hypercube over the ranges (each range cut into n strata, each stratum used once)'),
    }),
    { description: `${description}; give exactly one of list, grid, random or latin-hypercube` },
  ).optional();

const experimentSchema = withMeta(
  z.strictObject({
    policies: factorGroup('levers the strategist controls'),
    uncertainties: factorGroup('what nobody controls (disruption severity, demand, shopper expectations)'),
    combine: withMeta(z.enum(['factorial', 'sampled', 'paired']), {
      description: 'factorial: every policy with every uncertainty; paired: the i-th policy with the i-th uncertainty; sampled: `samples` random (policy, uncertainty) pairs',
      default: 'factorial',
    }).optional(),
    samples: withMeta(z.number().int().min(1).max(1_000_000), { description: 'number of design points when combine is sampled', unit: 'count' }).optional(),
    replications: withMeta(z.number().int().min(1).max(MAX_SEEDS), {
      description: "runs per design point, seeds 1..replications (common random numbers across points); default: the scenario's seeds",
      unit: 'count',
    }).optional(),
    seed: withMeta(z.number().int(), { description: 'seed of the random and latin-hypercube draws', default: 1 }).optional(),
  }),
  { description: 'an experiment: policies crossed with uncertainties, each design point run with every seed' },
);

// ---------------------------------------------------------------- the file

const DEFAULT = defaultScenario();

export const scenarioSchema = withMeta(
  z.strictObject({
    extends: withMeta(z.string().min(1), { description: 'a base scenario file (path relative to this file); this file states only what differs' }).optional(),
    name: withMeta(z.string().min(1), { description: 'short name of the scenario' }),
    description: withMeta(z.string().min(1), { description: 'the question this scenario answers' }),
    days: field({ min: 1, max: 36_500 }, { description: 'days simulated', unit: 'days', default: DEFAULT.days }, true).optional(),
    shoppers: field({ min: 1, max: 50_000_000 }, { description: 'number of shoppers', unit: 'count', default: DEFAULT.shoppers }, true).optional(),
    seed: field({ min: -(2 ** 31), max: 2 ** 31 - 1 }, { description: 'seed of a single run', default: DEFAULT.seed }, true).optional(),
    seeds: withMeta(z.array(number({ min: -(2 ** 31), max: 2 ** 31 - 1 }, true)).min(1).max(MAX_SEEDS), { description: 'seeds of the replications (instead of replications)' }).optional(),
    replications: field({ min: 1, max: MAX_SEEDS }, { description: 'number of replications, seeds 1..replications (instead of seeds)', unit: 'count' }, true).optional(),
    warmupDays: field(NON_NEGATIVE, { description: 'days at the start excluded from whole-run KPIs; less than days', unit: 'days', default: DEFAULT.warmupDays }, true).optional(),
    repurchaseWindowDays: field({ min: 1 }, { description: 'length of the repurchase window', unit: 'days', default: DEFAULT.repurchaseWindowDays }, true).optional(),
    memberShare: field(SHARE, { description: 'share of shoppers who are (or would be) members of the programme', unit: 'share', default: DEFAULT.memberShare }).optional(),
    constants: withMeta(z.record(z.string().regex(CONSTANT_NAME, 'a constant name is a plain identifier'), withMeta(z.number(), { description: 'a number that expressions use by this name' })), {
      description: 'named numbers that lever expressions may use',
    }).optional(),
    markets: withMeta(z.record(marketId, marketSchema), {
      description: 'markets by id; when given, these are all the markets (default: the six built-in 2024 markets)',
    }).optional(),
    levers: leversSchema(LEVERS_2024, 'the platform strategy in every market; each key given replaces the built-in 2024 value').optional(),
    timeline: withMeta(z.array(timelineEvent), { description: 'interventions, disruptions and festivals by day', default: [] }).optional(),
    behaviour: behaviourSchema().optional(),
    calibration: withMeta(
      z.strictObject({
        year: withMeta(z.string().min(1), { description: 'the year of targets/report-2019-2024.yaml this scenario reproduces' }).optional(),
        leverEffect: withMeta(
          z.strictObject({
            id: withMeta(z.string().min(1), { description: 'the id of a lever effect in the targets file' }),
            role: withMeta(z.enum(['base', 'variant']), { description: 'base: before the change; variant: after' }),
          }),
          { description: 'this scenario is one side of a lever effect the targets list' },
        ).optional(),
      }),
      { description: 'which calibration target this scenario stands for (used by shopsim check); not inherited through extends' },
    ).optional(),
    experiment: experimentSchema.optional(),
  }),
  { description: 'A shopsim scenario: one what-if, in YAML.' },
);

export type ScenarioDocument = z.infer<typeof scenarioSchema>;
export type ExperimentDocument = z.infer<typeof experimentSchema>;
export type FactorGroupDocument = NonNullable<ExperimentDocument['policies']>;

/** The JSON Schema of a scenario file, for editors and `shopsim schema`. */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(scenarioSchema, { target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;
  return { $schema: schema.$schema, title: 'shopsim scenario', ...schema };
}
