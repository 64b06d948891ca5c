// Named parameters of a config by dotted path: what calibrations fit and
// what a behaviour ensemble's members set. One place reads and writes them,
// for the main thread and the pool's workers alike.
import type { SimConfig } from './config.ts';

/**
 * Paths: behaviour.<name>, behaviour.ratingCuts.<0-3>, markets.<id or *>.<trait>,
 * or levers.<path>@<value>: a hand-set lever value (e.g. levers.problemRate@0.32
 * is the 0.32 written in the 2019 scenario), set wherever the config holds
 * exactly that value, in the platform's levers or a market's overrides.
 * A market trait takes @<value> too (markets.*.priceSensitivity@3.5: the 2019
 * scenario's value), set only in markets that hold exactly that value, so a
 * year's input is fitted without touching the other year's scenarios.
 */
export const MARKET_TRAITS = new Set([
  'visitsPerDay', 'alternativePaymentAcceptance', 'priceSensitivity', 'deliverySensitivity',
  'expectedDeliveryDays', 'referenceDeliveryDays', 'expectedFirstResponseHours', 'toleratedResolutionDays', 'orderValue',
]);

/** Why a parameter path cannot be set on this config, or undefined when it can. */
export function parameterProblem(config: SimConfig, path: string): string | undefined {
  const parts = path.split('.');
  if (parts[0] === 'behaviour') {
    const key = parts[1] ?? '';
    if (!Object.hasOwn(config.behaviour, key)) return `"${key}" is not a behavioural parameter`;
    if (key === 'ratingCuts') {
      const i = Number(parts[2]);
      if (parts.length !== 3 || !Number.isInteger(i) || i < 0 || i > 3) return 'name one cut point: behaviour.ratingCuts.0 to .3';
    } else if (parts.length !== 2) return `behaviour.${key} has no parts`;
    return undefined;
  }
  if (parts[0] === 'markets' && parts.length >= 3) {
    const id = parts[1]!;
    const trait = marketTrait(path)?.trait;
    if (trait === undefined) return 'write a market trait as markets.<id or *>.<trait>, or markets.<id or *>.<trait>@<value> for the markets that hold that value';
    if (id !== '*' && !config.markets.some((m) => m.id === id)) return `no market "${id}"`;
    if (!MARKET_TRAITS.has(trait)) return `"${trait}" is not a numeric market trait (${[...MARKET_TRAITS].join(', ')})`;
    return undefined;
  }
  if (parts[0] === 'levers') {
    const lever = leverPath(path);
    if (!lever) return 'write a hand-set lever value as levers.<path>@<value>, e.g. levers.problemRate@0.32';
    return undefined;
  }
  return 'give behaviour.<name>, behaviour.ratingCuts.<0-3>, markets.<id or *>.<trait> or levers.<path>@<value>';
}

/** markets.<id>.<trait>[@<value>]: the trait, and the value it replaces (undefined: every market named). */
function marketTrait(path: string): { id: string; trait: string; shipped?: number } | undefined {
  const m = /^markets\.([^.]+)\.([A-Za-z]+)(?:@(-?[0-9.eE+-]+))?$/.exec(path);
  if (!m) return undefined;
  if (m[3] === undefined) return { id: m[1]!, trait: m[2]! };
  const shipped = Number(m[3]);
  return Number.isFinite(shipped) ? { id: m[1]!, trait: m[2]!, shipped } : undefined;
}

function leverPath(path: string): { keys: string[]; shipped: number } | undefined {
  const m = /^levers\.([A-Za-z0-9_.-]+)@(-?[0-9.eE+-]+)$/.exec(path);
  if (!m) return undefined;
  const shipped = Number(m[2]);
  if (!Number.isFinite(shipped)) return undefined;
  return { keys: m[1]!.split('.'), shipped };
}

/** Reads a parameter (for markets.*, the first market's value; for a lever, its shipped value). */
export function getParameter(config: SimConfig, path: string): number {
  const parts = path.split('.');
  if (parts[0] === 'behaviour') {
    if (parts[1] === 'ratingCuts') return config.behaviour.ratingCuts[Number(parts[2])]!;
    return config.behaviour[parts[1] as keyof SimConfig['behaviour']] as number;
  }
  if (parts[0] === 'levers') return leverPath(path)?.shipped ?? Number.NaN;
  const t = marketTrait(path);
  if (t?.shipped !== undefined) return t.shipped;
  const market = parts[1] === '*' ? config.markets[0] : config.markets.find((m) => m.id === parts[1]);
  return (market as unknown as Record<string, number>)[parts[2]!]!;
}

/** A copy of the config with the parameters set (the config itself is not changed). */
export function withParameters(config: SimConfig, values: Record<string, number>): SimConfig {
  const out: SimConfig = structuredCloneConfig(config);
  for (const [path, value] of Object.entries(values)) {
    const parts = path.split('.');
    if (parts[0] === 'behaviour') {
      if (parts[1] === 'ratingCuts') out.behaviour.ratingCuts[Number(parts[2])] = value;
      else (out.behaviour as unknown as Record<string, number>)[parts[1]!] = value;
    } else if (parts[0] === 'levers') {
      const lever = leverPath(path);
      if (!lever) throw new Error(`bad lever parameter "${path}"`);
      replaceValue(out.levers, lever.keys, lever.shipped, value);
      for (const m of out.markets) if (m.levers) replaceValue(m.levers, lever.keys, lever.shipped, value);
    } else {
      const t = marketTrait(path);
      if (!t) throw new Error(`bad market parameter "${path}"`);
      for (const m of out.markets) {
        const traits = m as unknown as Record<string, number>;
        if ((t.id === '*' || m.id === t.id) && (t.shipped === undefined || traits[t.trait] === t.shipped)) traits[t.trait] = value;
      }
    }
  }
  return out;
}

// Copies the parts parameters write (behaviour, markets, levers) so the caller's config stays as it was.
function structuredCloneConfig(config: SimConfig): SimConfig {
  return {
    ...config,
    behaviour: { ...config.behaviour, ratingCuts: [...config.behaviour.ratingCuts] },
    markets: config.markets.map((m) => ({ ...m, ...(m.levers ? { levers: deepCopy(m.levers) } : {}) })),
    levers: deepCopy(config.levers),
  };
}

function deepCopy<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(deepCopy) as T;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deepCopy(x)])) as T;
}

function replaceValue(node: unknown, keys: string[], shipped: number, value: number): void {
  let at = node as Record<string, unknown> | undefined;
  for (const key of keys.slice(0, -1)) {
    const next = at?.[key];
    if (next === null || typeof next !== 'object') return;
    at = next as Record<string, unknown>;
  }
  const last = keys[keys.length - 1]!;
  if (at && at[last] === shipped) at[last] = value;
}
