// Checks a typed config before a run. Problems are values (ConfigIssue),
// collected all at once, so the caller can show every one of them.
import type { SimConfig, Behaviour, Intervention, LeverPatch, Levers } from './config.ts';
import { LeverTable, L, LEVER_SLOTS, applyLeverPatch } from './levers.ts';
import { BEHAVIOUR_ROWS, LEVER_ROWS, MARKET_TRAIT_ROWS, NON_NEGATIVE, PAYMENT_ROWS, inRange, rangeText, type Range } from './lever-table.ts';

export interface ConfigIssue {
  /**
   * Dotted path of the offending value in the config's own grammar (markets
   * by id), e.g. "markets.europe.shopperShare"; for a lever checked per
   * market, the lever's path ("levers.warehouseShare") with `market` set.
   */
  path: string;
  message: string;
  hint?: string;
  /** The market whose (effective) value is wrong, when the value is per market. */
  market?: string;
  /** The first day the value is wrong, for day-varying levers. */
  day?: number;
}

/** Limits of a run, named once: the scenario schema, the CLI flags and these checks use them. */
export const RUN_LIMITS = {
  days: { min: 1, max: 36_500 },
  shoppers: { min: 1, max: 50_000_000 },
} as const;

declare const VALID: unique symbol;
/**
 * A config that validateConfig found valid: simulate and the runner trust it
 * and do not check it again. Only checkConfig makes one; a copy ({...config})
 * is a plain SimConfig again. Do not change a ValidConfig in place.
 */
export type ValidConfig = SimConfig & { readonly [VALID]: true };

const validated = new WeakSet<object>();

/** The config as a ValidConfig, or every problem with it. */
export function checkConfig(config: SimConfig): { ok: true; config: ValidConfig } | { ok: false; issues: ConfigIssue[] } {
  if (isValidConfig(config)) return { ok: true, config };
  const issues = validateConfig(config);
  if (issues.length > 0) return { ok: false, issues };
  validated.add(config);
  return { ok: true, config: config as ValidConfig };
}

export function isValidConfig(config: SimConfig): config is ValidConfig {
  return validated.has(config);
}

export class ConfigError extends Error {
  constructor(readonly issues: ConfigIssue[]) {
    super(issues.map((i) => `${i.path}: ${i.message}${i.hint ? ` (${i.hint})` : ''}`).join('\n'));
    this.name = 'ConfigError';
  }
}

const MAX_METHODS = 31; // payment methods live in a 32-bit mask

type Check = (path: string, ok: boolean, message: string, hint?: string, at?: { market: string; day?: number }) => void;

export function validateConfig(config: SimConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const check: Check = (path, ok, message, hint, at) => {
    if (ok) return;
    const issue: ConfigIssue = { path, message };
    if (hint !== undefined) issue.hint = hint;
    if (at) {
      issue.market = at.market;
      if (at.day !== undefined) issue.day = at.day;
    }
    issues.push(issue);
  };
  checkRun(config, check);
  checkMarkets(config, check);
  checkTimeline(config, check);
  checkBehaviour(config.behaviour, check);
  if (issues.length === 0) checkOffers(config, check);
  if (issues.length === 0) checkLeversEveryDay(config, check);
  return issues;
}

export function assertValidConfig(config: SimConfig): asserts config is ValidConfig {
  const checked = checkConfig(config);
  if (!checked.ok) throw new ConfigError(checked.issues);
}

const isInt = (v: number) => Number.isInteger(v);
const inUnit = (v: number) => Number.isFinite(v) && v >= 0 && v <= 1;

function checkRun(c: SimConfig, check: Check): void {
  const { days, shoppers } = RUN_LIMITS;
  check('days', isInt(c.days) && c.days >= days.min && c.days <= days.max, `must be a whole number of days from ${days.min} to ${days.max}, got ${c.days}`);
  check('shoppers', isInt(c.shoppers) && c.shoppers >= shoppers.min && c.shoppers <= shoppers.max, `must be a whole number from ${shoppers.min} to ${shoppers.max.toLocaleString('en-US')}, got ${c.shoppers}`);
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
    // Paths name markets by id (the one path grammar); a repeated id can only be told by position.
    const p = ids.has(m.id) ? `markets.${i}` : `markets.${m.id}`;
    check(`${p}.id`, !ids.has(m.id), `market id "${m.id}" is used twice`, 'give each market its own id');
    ids.add(m.id);
    check(`${p}.shopperShare`, inUnit(m.shopperShare), `must be a share from 0 to 1, got ${m.shopperShare}`);
    shareSum += m.shopperShare;
    for (const row of MARKET_TRAIT_ROWS) {
      const v = m[row.name];
      check(`${p}.${row.name}`, typeof v === 'number' && inRange(v, row.range), `must be ${rangeText(row.range)}, got ${v}`);
    }
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
  for (const row of BEHAVIOUR_ROWS) {
    const v = b[row.name];
    check(`behaviour.${row.name}`, typeof v === 'number' && inRange(v, row.range), `must be ${rangeText(row.range)}, got ${v}`);
  }
  check('behaviour.referencePull', b.expectationLearning + b.referencePull <= 1, `expectationLearning + referencePull must be at most 1 (shares of one step), got ${b.expectationLearning + b.referencePull}`);
  const cuts = b.ratingCuts;
  check('behaviour.ratingCuts', Array.isArray(cuts) && cuts.length === 4 && cuts.every((x, i) => Number.isFinite(x) && (i === 0 || x > cuts[i - 1]!)), 'needs four increasing cut points');
}

/** Every payment method a market offers, after its override and each intervention, gives every payment lever. */
function checkOffers(c: SimConfig, check: Check): void {
  const reported = new Set<string>();
  const missing = (levers: Levers, patch: LeverPatch | undefined, where: string, marketId: string) => {
    for (const [name, offer] of Object.entries(levers.paymentMethods)) {
      for (const row of PAYMENT_ROWS) {
        const v: unknown = offer[row.key];
        if (typeof v === 'number' || typeof v === 'function' || (v === undefined && 'default' in row)) continue;
        const path = patch?.paymentMethods && Object.hasOwn(patch.paymentMethods, name) ? `${where}.paymentMethods.${name}` : `levers.paymentMethods.${name}`;
        if (reported.has(`${path}.${row.key}`)) continue;
        reported.add(`${path}.${row.key}`);
        check(path, false, `payment method "${name}" offered in market "${marketId}" has no ${row.key}`, `give ${row.key} (${row.description}) where the method is offered`, { market: marketId });
      }
    }
  };
  c.markets.forEach((m) => {
    let levers = applyLeverPatch(c.levers, m.levers);
    missing(levers, m.levers, `markets.${m.id}.levers`, m.id);
    const events = c.timeline.map((e, j) => [e, j] as const).filter(([e]) => e.kind === 'intervention' && (!e.markets || e.markets.includes(m.id)));
    for (const [e, j] of events.sort(([a], [b]) => (a as Intervention).day - (b as Intervention).day)) {
      const patch = (e as Intervention).levers;
      levers = applyLeverPatch(levers, patch);
      missing(levers, patch, `timeline.${j}.levers`, m.id);
    }
  });
}

// The range of every lever slot, checked on every day of the run; the
// delivery-time ranges also need p10 <= p90 (sigma >= 0).
const SLOT_RULES: [slot: number, path: string, range: Range][] = [
  ...LEVER_ROWS.map((r, slot): [number, string, Range] => [slot, r.path, r.range]),
  [L.dmSigma, 'directMail.deliveryDays', NON_NEGATIVE],
  [L.whSigma, 'warehouse.deliveryDays', NON_NEGATIVE],
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
      for (const [slot, path, range] of SLOT_RULES) {
        const v = table.row[mi * LEVER_SLOTS + slot]!;
        if (inRange(v, range)) continue;
        // Keys only for values out of range: this loop runs for every day of every run.
        const key = `${m.id}.${path}`;
        if (reported.has(key)) continue;
        reported.add(key);
        check(`levers.${path}`, false, `is ${v} on day ${day} in market "${m.id}", outside ${rangeText(range)}`, undefined, { market: m.id, day });
      }
      table.methods.forEach((name, k) => {
        for (const row of PAYMENT_ROWS) {
          const v = table.pay[row.key][mi * table.methods.length + k]!;
          if (inRange(v, row.range)) continue;
          const key = `${m.id}.pay.${name}.${row.key}`;
          if (reported.has(key)) continue;
          reported.add(key);
          check(`levers.paymentMethods.${name}.${row.key}`, false, `is ${v} on day ${day} in market "${m.id}", outside ${rangeText(row.range)}`, undefined, { market: m.id, day });
        }
      });
    });
    if (reported.size > 20) return;
  }
}
