// The built-in default: the 2024 state of a leading cross-border platform in
// six markets, with the calibrated behavioural parameters.
import type { Behaviour, Levers, Market, SimConfig } from './config.ts';
import { BEHAVIOUR_ROWS, LEVER_ROWS, RATING_CUTS, type BehaviourName } from './lever-table.ts';

/** Calibrated behavioural parameters (see docs/calibration.md), from the behaviour rows. */
export const DEFAULT_BEHAVIOUR: Behaviour = {
  ...(Object.fromEntries(BEHAVIOUR_ROWS.map((r) => [r.name, r.default])) as Record<BehaviourName, number>),
  ratingCuts: [...RATING_CUTS.default],
};

const offer = (feeShare: number, failureRate: number) => ({ feeShare, failureRate });

/** Payment methods offered in 2024: 12 methods, each with its fee and failure rate. */
const PAYMENT_METHODS_2024: Levers['paymentMethods'] = {
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
};

/** Platform levers of 2024 (each row's default): overseas warehouses, 12 payment methods, fast after-sales. */
export const LEVERS_2024: Levers = leversFromRows();

function leversFromRows(): Levers {
  const out: Record<string, unknown> = {};
  for (const row of LEVER_ROWS) {
    const keys = row.path.split('.');
    let node = out;
    for (const k of keys.slice(0, -1)) node = (node[k] ??= {}) as Record<string, unknown>;
    node[keys[keys.length - 1]!] = row.default;
  }
  out.paymentMethods = PAYMENT_METHODS_2024;
  return out as Levers;
}

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
      directMail: { deliveryDays: { p10: 20, p90: 30 }, promisedDays: 30 },
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
