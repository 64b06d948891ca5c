// The built-in default: the 2024 state of a leading cross-border platform in
// six markets, with the calibrated behavioural parameters.
import type { Behaviour, Levers, Market, SimConfig } from './config.ts';

/** Calibrated behavioural parameters (see docs/calibration.md). */
export const DEFAULT_BEHAVIOUR: Behaviour = {
  purchaseIntercept: -3.68,
  trustWeight: 1.48,
  ratingWeight: 0.075,
  memberLoyaltyWeight: 0.4,
  sensitivitySpread: 0.85,
  initialTrust: 0.5,
  promiseWeight: 0.8,
  expectationWeight: 0.9,
  lossAversion: 2.25,
  compensationWeight: 1,
  baseSatisfaction: 1.11,
  problemPenalty: 1,
  resolutionWeight: 1,
  refundWaitWeight: 0.165,
  responseWeight: 0.3,
  paidReturnPenalty: 0.5,
  localReturnSaving: 0.3,
  returnPropensityFree: 0.75,
  returnPropensityPaid: 0.45,
  aiResolutionFactor: 0.3,
  complaintPerLateness: 0.6,
  complaintAfterCoupon: 0.4,
  ratingCuts: [-1.6, -0.8, 0, 0.9],
  ratingNoise: 0.5,
  ratingResponse: 0.3,
  ratingExtremity: 0.1,
  altPaymentRatingWeight: 1.79,
  trustLearning: 0.2,
  visitTrustWeight: 3.99,
  badThreshold: -0.5,
  churnPerBad: 0.06,
  churnBase: 0.002,
  recencyBoost: 1,
  wordOfMouthWeight: 0.3,
  ratingHalfLifeDays: 30,
  initialRating: 3.8,
  orderValueSpread: 0.5,
  visitSpread: 0.96,
  cancelLateFactor: 3,
  cancelPenalty: 1,
  returnPolicyWeight: 0.3,
  couponWeight: 1.5,
  memberSelfSelection: 0.25,
  memberFeeWeight: 1,
  orderValueTrustWeight: 0.3,
  referralsPerPromoter: 0,
  referralRatingWeight: 1,
  lapsePerYear: 0,
  expectationLearning: 0.3,
  referencePull: 0.1,
  reputationWeight: 0.3,
  checkoutFriction: 0.03,
};

const offer = (feeShare: number, failureRate: number) => ({ feeShare, failureRate });

/** Platform levers of 2024: overseas warehouses, 12 payment methods, fast after-sales. */
export const LEVERS_2024: Levers = {
  warehouseShare: 0.65,
  directMail: { deliveryDays: { p10: 8, p90: 16 }, promisedDays: 14, promisePercentile: 0, requoteDisruptions: 0, costPerOrder: 7 },
  warehouse: {
    deliveryDays: { p10: 3, p90: 7 }, promisedDays: 6, promisePercentile: 0, requoteDisruptions: 0, costPerOrder: 4.5,
    fixedCostPerDay: 0, holdingCostShare: 0.03,
  },
  paymentMethods: {
    card: offer(0.025, 0.04),
    'debit-card': offer(0.015, 0.04),
    paypal: offer(0.035, 0.02),
    'apple-pay': offer(0.02, 0.01),
    'google-pay': offer(0.02, 0.01),
    'local-ewallet': offer(0.015, 0.02),
    'bank-transfer': offer(0.005, 0.05),
    cod: offer(0.02, 0.03),
    instalments: offer(0.04, 0.05),
    bnpl: offer(0.05, 0.04),
    'islamic-instalments': offer(0.04, 0.05),
    'mobile-money': offer(0.015, 0.04),
  },
  afterSales: {
    firstResponseHours: 8,
    aiShare: 0.8,
    resolutionDays: 4,
    returnCycleDays: 7,
    freeReturnWindowDays: 30,
    localReturnPoints: 1,
    humanTicketCost: 6,
    aiTicketCost: 0.5,
    returnCost: 8,
  },
  compensation: { enabled: 1, couponValue: 5 },
  membership: { enabled: 1, deliveryTimeFactor: 0.8, freeReturns: 1, feePerYear: 0, benefitCostPerOrder: 1 },
  acquisition: { spendPerDay: 0, costPerNewShopper: 25 },
  priceIndex: 1,
  problemRate: 0.16,
  grossMarginShare: 0.3,
};

interface MarketTraits {
  expectedDeliveryDays: number;
  referenceDeliveryDays: number;
  expectedFirstResponseHours: number;
  toleratedResolutionDays: number;
}

/** Shopper expectations of 2024 (the report's inputs). */
export const EXPECTATIONS_2024: MarketTraits = {
  expectedDeliveryDays: 7,
  referenceDeliveryDays: 4,
  expectedFirstResponseHours: 24,
  toleratedResolutionDays: 7,
};

function market(
  id: string,
  name: string,
  shopperShare: number,
  orderValue: number,
  paymentPreferences: Record<string, number>,
  extra: Partial<Market> = {},
): Market {
  return {
    id,
    name,
    shopperShare,
    orderValue,
    visitsPerDay: 0.03,
    paymentPreferences,
    alternativePaymentAcceptance: 0.28,
    ...EXPECTATIONS_2024,
    priceSensitivity: 1.5,
    deliverySensitivity: 0.07,
    deliveryCostMultiplier: 1,
    calendar: [],
    ...extra,
  };
}

export const MARKETS_2024: Market[] = [
  market('north-america', 'North America', 0.22, 62, { card: 0.5, 'debit-card': 0.1, paypal: 0.2, 'apple-pay': 0.12, bnpl: 0.08 }),
  market('europe', 'Europe', 0.25, 55, { card: 0.4, paypal: 0.25, 'bank-transfer': 0.15, 'google-pay': 0.1, bnpl: 0.1 }),
  market('southeast-asia', 'Southeast Asia', 0.2, 28, { 'local-ewallet': 0.5, card: 0.2, cod: 0.15, 'bank-transfer': 0.15 }, {
    priceSensitivity: 2,
    levers: { warehouseShare: 0.6 },
  }),
  market('latin-america', 'Latin America', 0.15, 38, { card: 0.3, instalments: 0.3, cod: 0.15, 'bank-transfer': 0.15, 'local-ewallet': 0.1 }, {
    priceSensitivity: 1.8,
    levers: { warehouseShare: 0.4 },
  }),
  market('middle-east', 'Middle East', 0.1, 70, { cod: 0.35, card: 0.3, 'islamic-instalments': 0.15, 'local-ewallet': 0.2 }, {
    levers: { warehouseShare: 0.5 },
    calendar: [{ name: 'Ramadan', startDay: 60, days: 30, visitMultiplier: 1.4 }],
  }),
  market('africa', 'East Africa', 0.08, 30, { 'mobile-money': 0.5, cod: 0.3, card: 0.2 }, {
    expectedDeliveryDays: 20,
    referenceDeliveryDays: 7,
    priceSensitivity: 2.2,
    deliveryCostMultiplier: 3,
    levers: {
      warehouseShare: 0.05,
      directMail: { deliveryDays: { p10: 20, p90: 30 }, promisedDays: 28 },
    },
  }),
];

/** The 2024 state of a leading platform: the scenario `shopsim run` runs with no file. */
export function defaultScenario(): SimConfig {
  return {
    name: '2024 leading platform',
    description: 'What do shoppers experience on a leading cross-border platform in 2024?',
    days: 365,
    shoppers: 100_000,
    seed: 1,
    warmupDays: 0,
    repurchaseWindowDays: 365,
    memberShare: 0.2,
    markets: structuredClone(MARKETS_2024),
    levers: structuredClone(LEVERS_2024),
    timeline: [{ kind: 'festival', label: 'Singles Day', startDay: 314, days: 3, visitMultiplier: 3 }],
    behaviour: { ...DEFAULT_BEHAVIOUR, ratingCuts: [...DEFAULT_BEHAVIOUR.ratingCuts] },
  };
}
