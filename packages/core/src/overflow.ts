// A run whose sums leave the exact numbers (beyond 2^53, Infinity, NaN) is
// refused, not reported: its KPIs would be noise or null. The ranges of the
// lever table keep one setting from doing this; a combination of extremes
// (a cost of 1e300 per order, the largest visit rates with the widest spread)
// still can, and the message names the setting farthest from the built-in
// values, the likeliest cause.
import type { SimConfig } from './config.ts';
import { MARKETS_2024 } from './default-scenario.ts';
import { COUNTER_ROWS, COUNTERS } from './kpi-table.ts';
import { BEHAVIOUR_ROWS, LEVER_ROWS, MARKET_TRAIT_ROWS } from './lever-table.ts';
import { ConfigError } from './validate.ts';

/** Above this a sum of counts or money no longer changes by one when one is added. */
const EXACT = Number.MAX_SAFE_INTEGER;

export class OverflowError extends ConfigError {
  constructor(path: string, message: string, hint: string) {
    super([{ path, message, hint }]);
    this.name = 'OverflowError';
  }
}

/**
 * Throws an OverflowError when a daily counter, or the run's sum of one, is
 * not a finite number within the exact range. `daily` is days x markets x
 * COUNTERS, as the engine keeps it.
 */
export function checkFiniteCounters(config: SimConfig, daily: Float64Array): void {
  // One cheap pass: a sum of absolute values is beyond the exact range (or
  // NaN) whenever any value or partial sum is. Only a failure looks further.
  const sums = new Float64Array(COUNTERS);
  for (let o = 0; o < daily.length; o += COUNTERS) {
    for (let c = 0; c < COUNTERS; c++) sums[c]! += Math.abs(daily[o + c]!);
  }
  for (let c = 0; c < COUNTERS; c++) if (!(sums[c]! <= EXACT)) throw firstOverflow(config, daily, c);
}

/** The first day and market where counter c, or its running sum, leaves the exact numbers. */
function firstOverflow(config: SimConfig, daily: Float64Array, c: number): OverflowError {
  const m = config.markets.length;
  let sum = 0;
  for (let o = c, row = 0; o < daily.length; o += COUNTERS, row++) {
    const v = daily[o]!;
    sum += Math.abs(v);
    // NaN fails these tests too.
    if (Math.abs(v) <= EXACT && sum <= EXACT) continue;
    const where = `day ${Math.floor(row / m)} in market "${config.markets[row % m]!.id}"`;
    return overflowOf(config, COUNTER_ROWS[c]!.name, Math.abs(v) <= EXACT ? sum : v, where);
  }
  return overflowOf(config, COUNTER_ROWS[c]!.name, sum, 'the end of the run');
}

function overflowOf(config: SimConfig, counter: string, value: number, where: string): OverflowError {
  const what = `the run's ${counter} reached ${shown(value)} by ${where}, beyond exact numbers (${EXACT.toPrecision(2)})`;
  const blame = farthestSetting(config);
  if (!blame) return new OverflowError('shoppers', what, 'run fewer shoppers or days');
  return new OverflowError(
    blame.path,
    `${what}; ${blame.path} = ${shown(blame.value)} is the setting farthest from the built-in ${blame.reference}`,
    `bring ${blame.path} nearer ${blame.reference}`,
  );
}

const shown = (v: number): string => (Math.abs(v) >= 1e6 ? v.toPrecision(3) : String(v));

interface Setting {
  path: string;
  value: number;
  reference: number;
}

/** The behavioural parameter, market trait or lever farthest (relatively) from its built-in value; undefined when all are at it. */
export function farthestSetting(config: SimConfig): Setting | undefined {
  let best: Setting | undefined;
  let bestDistance = 0;
  for (const s of settings(config)) {
    const d = Math.log1p(Math.abs(s.value - s.reference) / (Math.abs(s.reference) + 1));
    // NaN and Infinity sort first: they are always the culprit.
    if (!(d <= bestDistance)) {
      best = s;
      bestDistance = d;
    }
  }
  return best;
}

function* settings(config: SimConfig): Generator<Setting> {
  const behaviour = config.behaviour as unknown as Record<string, number>;
  for (const row of BEHAVIOUR_ROWS) yield { path: `behaviour.${row.name}`, value: behaviour[row.name]!, reference: row.default };
  for (const row of MARKET_TRAIT_ROWS) {
    const reference = MARKETS_2024.reduce((a, mk) => a + mk[row.name], 0) / MARKETS_2024.length;
    for (const mk of config.markets) yield { path: `markets.${mk.id}.${row.name}`, value: mk[row.name], reference: Number(reference.toPrecision(3)) };
  }
  for (const row of LEVER_ROWS) {
    const keys = row.path.split('.');
    const top = leafAt(config.levers, keys);
    if (top !== undefined) yield { path: `levers.${row.path}`, value: top, reference: row.default };
    for (const mk of config.markets) {
      const own = leafAt(mk.levers, keys);
      if (own !== undefined) yield { path: `markets.${mk.id}.levers.${row.path}`, value: own, reference: row.default };
    }
  }
}

/** A lever's fixed number at `keys`, or undefined when absent or a function of the day. */
function leafAt(node: unknown, keys: string[]): number | undefined {
  let at = node;
  for (const key of keys) {
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, key)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return typeof at === 'number' ? at : undefined;
}
