// Checks a typed config before a run. Problems are values (ConfigIssue),
// collected all at once, so the caller can show every one of them.
import type { SimConfig, Behaviour } from './config.ts';
import { LeverTable, L, LEVER_SLOTS } from './levers.ts';

export interface ConfigIssue {
  /** Dotted path of the offending value, e.g. "markets.2.shopperShare". */
  path: string;
  message: string;
  hint?: string;
}

export class ConfigError extends Error {
  constructor(readonly issues: ConfigIssue[]) {
    super(issues.map((i) => `${i.path}: ${i.message}${i.hint ? ` (${i.hint})` : ''}`).join('\n'));
    this.name = 'ConfigError';
  }
}

const MAX_METHODS = 31; // payment methods live in a 32-bit mask

type Check = (path: string, ok: boolean, message: string, hint?: string) => void;

export function validateConfig(config: SimConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const check: Check = (path, ok, message, hint) => {
    if (!ok) issues.push(hint === undefined ? { path, message } : { path, message, hint });
  };
  checkRun(config, check);
  checkMarkets(config, check);
  checkTimeline(config, check);
  checkBehaviour(config.behaviour, check);
  if (issues.length === 0) checkLeversEveryDay(config, check);
  return issues;
}

export function assertValidConfig(config: SimConfig): void {
  const issues = validateConfig(config);
  if (issues.length > 0) throw new ConfigError(issues);
}

const isInt = (v: number) => Number.isInteger(v);
const inUnit = (v: number) => Number.isFinite(v) && v >= 0 && v <= 1;

function checkRun(c: SimConfig, check: Check): void {
  check('days', isInt(c.days) && c.days >= 1 && c.days <= 36500, `must be a whole number of days from 1 to 36500, got ${c.days}`);
  check('shoppers', isInt(c.shoppers) && c.shoppers >= 1 && c.shoppers <= 50_000_000, `must be a whole number from 1 to 50,000,000, got ${c.shoppers}`);
  check('seed', isInt(c.seed), `must be a whole number, got ${c.seed}`);
  check('warmupDays', isInt(c.warmupDays) && c.warmupDays >= 0 && c.warmupDays < c.days, `must be a whole number of days from 0 to days - 1, got ${c.warmupDays}`);
  check('repurchaseWindowDays', isInt(c.repurchaseWindowDays) && c.repurchaseWindowDays >= 1, `must be a whole number of days >= 1, got ${c.repurchaseWindowDays}`);
  check('memberShare', inUnit(c.memberShare), `must be a share from 0 to 1, got ${c.memberShare}`);
}

function checkMarkets(c: SimConfig, check: Check): void {
  check('markets', c.markets.length >= 1 && c.markets.length <= 255, `needs 1 to 255 markets, got ${c.markets.length}`);
  const ids = new Set<string>();
  let shareSum = 0;
  c.markets.forEach((m, i) => {
    const p = `markets.${i}`;
    check(`${p}.id`, !ids.has(m.id), `market id "${m.id}" is used twice`, 'give each market its own id');
    ids.add(m.id);
    check(`${p}.shopperShare`, inUnit(m.shopperShare), `must be a share from 0 to 1, got ${m.shopperShare}`);
    shareSum += m.shopperShare;
    for (const k of ['orderValue', 'expectedDeliveryDays', 'referenceDeliveryDays', 'expectedFirstResponseHours', 'toleratedResolutionDays'] as const) {
      check(`${p}.${k}`, Number.isFinite(m[k]) && m[k] > 0, `must be positive, got ${m[k]}`);
    }
    for (const k of ['visitsPerDay', 'priceSensitivity', 'deliverySensitivity', 'deliveryCostMultiplier'] as const) {
      check(`${p}.${k}`, Number.isFinite(m[k]) && m[k] >= 0, `must be zero or more, got ${m[k]}`);
    }
    check(`${p}.alternativePaymentAcceptance`, inUnit(m.alternativePaymentAcceptance), `must be a probability from 0 to 1, got ${m.alternativePaymentAcceptance}`);
    const prefs = Object.values(m.paymentPreferences);
    const prefSum = prefs.reduce((a, b) => a + b, 0);
    check(`${p}.paymentPreferences`, prefs.every(inUnit) && Math.abs(prefSum - 1) < 1e-6, `shares must lie in 0..1 and sum to 1, they sum to ${prefSum.toFixed(4)}`);
    m.calendar.forEach((cp, j) => {
      check(`${p}.calendar.${j}`, isInt(cp.startDay) && cp.startDay >= 0 && isInt(cp.days) && cp.days >= 1, 'needs a whole startDay >= 0 and days >= 1');
      check(`${p}.calendar.${j}.visitMultiplier`, Number.isFinite(cp.visitMultiplier) && cp.visitMultiplier > 0, `must be positive, got ${cp.visitMultiplier}`);
    });
  });
  if (c.markets.length > 0) {
    check('markets', Math.abs(shareSum - 1) < 1e-6, `shopperShare of all markets must sum to 1, they sum to ${shareSum.toFixed(4)}`, 'scale the shares so they add up to 1');
  }
  const methods = new Set<string>();
  for (const m of c.markets) for (const k of Object.keys(m.paymentPreferences)) methods.add(k);
  for (const k of Object.keys(c.levers.paymentMethods)) methods.add(k);
  check('levers.paymentMethods', methods.size <= MAX_METHODS, `at most ${MAX_METHODS} payment methods, got ${methods.size}`);
}

function checkTimeline(c: SimConfig, check: Check): void {
  const ids = new Set(c.markets.map((m) => m.id));
  c.timeline.forEach((e, i) => {
    const p = `timeline.${i}`;
    for (const id of e.markets ?? []) {
      check(`${p}.markets`, ids.has(id), `unknown market "${id}"`, `known markets: ${[...ids].join(', ')}`);
    }
    if (e.kind === 'intervention') {
      check(`${p}.day`, isInt(e.day) && e.day >= 0, `must be a whole day >= 0, got ${e.day}`);
      return;
    }
    check(`${p}.startDay`, isInt(e.startDay) && e.startDay >= 0, `must be a whole day >= 0, got ${e.startDay}`);
    check(`${p}.days`, isInt(e.days) && e.days >= 1, `must be a whole number of days >= 1, got ${e.days}`);
    if (e.kind === 'disruption') {
      check(`${p}.transitMultiplier`, Number.isFinite(e.transitMultiplier) && e.transitMultiplier > 0, `must be positive, got ${e.transitMultiplier}`);
      check(`${p}.warehouseExposure`, inUnit(e.warehouseExposure), `must be a share from 0 to 1, got ${e.warehouseExposure}`);
    } else {
      check(`${p}.visitMultiplier`, Number.isFinite(e.visitMultiplier) && e.visitMultiplier > 0, `must be positive, got ${e.visitMultiplier}`);
    }
  });
}

function checkBehaviour(b: Behaviour, check: Check): void {
  for (const [k, v] of Object.entries(b)) {
    const values = Array.isArray(v) ? v : [v];
    check(`behaviour.${k}`, values.every((x) => typeof x === 'number' && Number.isFinite(x)), 'must be a finite number');
  }
  const positive = ['ratingHalfLifeDays', 'ratingNoise', 'cancelLateFactor'] as const;
  const nonNegative = ['returnPolicyWeight', 'couponWeight', 'memberFeeWeight', 'referralsPerPromoter', 'lapsePerYear'] as const;
  for (const k of nonNegative) check(`behaviour.${k}`, b[k] >= 0, `must be 0 or more, got ${b[k]}`);
  for (const k of positive) check(`behaviour.${k}`, b[k] > 0, `must be positive, got ${b[k]}`);
  const shares = ['returnPropensityFree', 'returnPropensityPaid', 'ratingResponse', 'churnBase', 'churnPerBad', 'complaintAfterCoupon', 'localReturnSaving', 'initialTrust', 'trustLearning', 'expectationLearning', 'referencePull', 'reputationWeight', 'checkoutFriction'] as const;
  for (const k of shares) check(`behaviour.${k}`, inUnit(b[k]), `must be from 0 to 1, got ${b[k]}`);
  check('behaviour.referencePull', b.expectationLearning + b.referencePull <= 1, `expectationLearning + referencePull must be at most 1 (shares of one step), got ${b.expectationLearning + b.referencePull}`);
  check('behaviour.initialRating', b.initialRating >= 1 && b.initialRating <= 5, `must be from 1 to 5 stars, got ${b.initialRating}`);
  const cuts = b.ratingCuts;
  check('behaviour.ratingCuts', cuts.length === 4 && cuts.every((x, i) => i === 0 || x > cuts[i - 1]!), 'needs four increasing cut points');
}

// Allowed range of each lever slot, checked on every day of the run.
const SLOT_RULES: [slot: number, path: string, min: number, max: number][] = [
  [L.warehouseShare, 'warehouseShare', 0, 1],
  [L.dmMu, 'directMail.deliveryDays', -Infinity, Infinity],
  [L.dmSigma, 'directMail.deliveryDays', 0, Infinity],
  [L.whMu, 'warehouse.deliveryDays', -Infinity, Infinity],
  [L.whSigma, 'warehouse.deliveryDays', 0, Infinity],
  [L.dmPromise, 'directMail.promisedDays', 1e-9, Infinity],
  [L.whPromise, 'warehouse.promisedDays', 1e-9, Infinity],
  [L.dmPercentile, 'directMail.promisePercentile', 0, 0.9999],
  [L.whPercentile, 'warehouse.promisePercentile', 0, 0.9999],
  [L.dmRequote, 'directMail.requoteDisruptions', 0, 1],
  [L.whRequote, 'warehouse.requoteDisruptions', 0, 1],
  [L.dmCost, 'directMail.costPerOrder', 0, Infinity],
  [L.whCost, 'warehouse.costPerOrder', 0, Infinity],
  [L.firstResponseHours, 'afterSales.firstResponseHours', 0, Infinity],
  [L.aiShare, 'afterSales.aiShare', 0, 1],
  [L.resolutionDays, 'afterSales.resolutionDays', 0, Infinity],
  [L.returnCycleDays, 'afterSales.returnCycleDays', 0, Infinity],
  [L.freeReturnWindowDays, 'afterSales.freeReturnWindowDays', 0, Infinity],
  [L.humanTicketCost, 'afterSales.humanTicketCost', 0, Infinity],
  [L.aiTicketCost, 'afterSales.aiTicketCost', 0, Infinity],
  [L.returnCost, 'afterSales.returnCost', 0, Infinity],
  [L.couponValue, 'compensation.couponValue', 0, Infinity],
  [L.memberDeliveryFactor, 'membership.deliveryTimeFactor', 1e-9, Infinity],
  [L.priceIndex, 'priceIndex', 1e-9, Infinity],
  [L.problemRate, 'problemRate', 0, 1],
  [L.grossMarginShare, 'grossMarginShare', 0, 1],
  [L.whFixedCostPerDay, 'warehouse.fixedCostPerDay', 0, Infinity],
  [L.whHoldingCostShare, 'warehouse.holdingCostShare', 0, Infinity],
  [L.returnShippingCost, 'afterSales.returnShippingCost', 0, Infinity],
  [L.memberFeePerYear, 'membership.feePerYear', 0, Infinity],
  [L.memberBenefitCost, 'membership.benefitCostPerOrder', 0, Infinity],
  [L.acquisitionSpend, 'acquisition.spendPerDay', 0, Infinity],
  [L.costPerNewShopper, 'acquisition.costPerNewShopper', 1e-9, Infinity],
];

function checkLeversEveryDay(c: SimConfig, check: Check): void {
  let table: LeverTable;
  try {
    table = new LeverTable(c);
  } catch (e) {
    check('levers', false, (e as Error).message);
    return;
  }
  const reported = new Set<string>();
  for (let day = 0; day < c.days; day++) {
    try {
      table.update(day);
    } catch (e) {
      check('levers', false, `could not be evaluated on day ${day}: ${(e as Error).message}`);
      return;
    }
    c.markets.forEach((m, mi) => {
      for (const [slot, path, min, max] of SLOT_RULES) {
        const v = table.row[mi * LEVER_SLOTS + slot]!;
        if (Number.isFinite(v) && v >= min && v <= max) continue;
        // Keys only for values out of range: this loop runs for every day of every run.
        const key = `${m.id}.${path}`;
        if (reported.has(key)) continue;
        reported.add(key);
        check(`levers.${path}`, false, `is ${v} on day ${day} in market "${m.id}", outside ${min}..${max}`);
      }
      table.methods.forEach((name, k) => {
        const fee = table.fee[mi * table.methods.length + k]!;
        const fail = table.failure[mi * table.methods.length + k]!;
        const refusal = table.refusal[mi * table.methods.length + k]!;
        if (inUnit(fee) && inUnit(fail) && inUnit(refusal)) return;
        const key = `${m.id}.pay.${name}`;
        if (reported.has(key)) return;
        reported.add(key);
        check(`levers.paymentMethods.${name}`, false, `fee ${fee}, failure rate ${fail} or refusal rate ${refusal} on day ${day} in market "${m.id}" is outside 0..1`);
      });
    });
    if (reported.size > 20) return;
  }
}
