// The one dotted-path grammar of shopsim, read and written here only: a
// scenario document's overrides (--set, experiments, studio what-ifs), a
// calibration's parameters and a behaviour ensemble's members all name
// values as "levers.afterSales.returnCycleDays" or "markets.europe.orderValue".
// Maps are stepped into by key, lists by index, and a list of maps with ids
// (a config's markets) by id, so one path means the same value in a YAML
// document (markets as a map by id) and in a SimConfig (markets as a list).
import type { SimConfig } from './config.ts';
import { MARKET_TRAIT_ROWS } from './lever-table.ts';
import { closest } from './names.ts';

type Data = Record<string, unknown>;

function isMap(v: unknown): v is Data {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Keys that would reach (and pollute) Object.prototype: never part of a path. */
/** Keys that name a JavaScript object's internals: no path, file key or market id may be one. */
export const UNSAFE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'prototype', 'constructor']);

export type PathResult = { ok: true } | { ok: false; message: string; hint?: string };

/** The element of a list of maps with ids that has this id. */
function byId(list: unknown[], id: string): Data | undefined {
  return list.find((x): x is Data => isMap(x) && x.id === id);
}

function idsOf(node: unknown): string[] | undefined {
  if (Array.isArray(node)) return node.every((x) => isMap(x) && typeof x.id === 'string') && node.length > 0 ? node.map((x) => (x as Data).id as string) : undefined;
  return undefined;
}

/** The market ids of a document's markets map or a config's markets list. */
function marketIds(node: unknown): string[] {
  return idsOf(node) ?? (isMap(node) ? Object.keys(node) : []);
}

function unknownMarket(id: string, known: string[]): PathResult {
  const best = closest(id, known);
  return { ok: false, message: `unknown market "${id}"`, hint: best ? `did you mean "${best}"?` : `known markets: ${known.join(', ')}` };
}

/** Reads a path; undefined when any step is missing. */
export function getPath(value: unknown, path: string): unknown {
  if (path === '') return value;
  let v = value;
  for (const seg of path.split('.')) {
    if (UNSAFE_KEYS.has(seg)) return undefined;
    if (Array.isArray(v)) v = idsOf(v) ? byId(v, seg) : /^\d+$/.test(seg) ? v[Number(seg)] : undefined;
    else if (isMap(v)) v = Object.hasOwn(v, seg) ? v[seg] : undefined;
    else return undefined;
  }
  return v;
}

/**
 * Sets `path` to `value`, creating maps on the way. A market id that is not
 * defined is an error with "did you mean", so is stepping into a value, past
 * the end of a list, or through __proto__/prototype/constructor.
 */
export function setPath(target: Data, path: string, value: unknown): PathResult {
  const segs = path.split('.');
  let cur: unknown = target;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i]!;
    const last = i === segs.length - 1;
    const here = segs.slice(0, i).join('.') || '(top)';
    if (UNSAFE_KEYS.has(seg) || seg === '') return { ok: false, message: `"${seg}" is not a key`, hint: 'write a key path such as levers.warehouseShare' };
    if (i === 1 && segs[0] === 'markets' && getPath(cur, seg) === undefined) return unknownMarket(seg, marketIds(cur));
    if (Array.isArray(cur)) {
      const ids = idsOf(cur);
      const index = ids ? cur.indexOf(byId(cur, seg)) : /^\d+$/.test(seg) ? Number(seg) : -1;
      if (index < 0 || index >= cur.length) {
        return ids
          ? { ok: false, message: `${here} has no entry "${seg}"`, hint: `one of: ${ids.join(', ')}` }
          : { ok: false, message: `${here} has ${cur.length} entries; "${seg}" is not one of them`, hint: `use an index from 0 to ${cur.length - 1}` };
      }
      if (last) cur[index] = value;
      else cur = cur[index];
      continue;
    }
    if (!isMap(cur)) return { ok: false, message: `cannot set ${path}: ${here} is a value, not a map` };
    if (last) {
      cur[seg] = value;
    } else {
      if (!Object.hasOwn(cur, seg) || cur[seg] === null || cur[seg] === undefined) cur[seg] = {};
      cur = cur[seg];
    }
  }
  return { ok: true };
}

// ---------------------------------------------------------------- parameters

/**
 * Named parameters of a config: what calibrations fit and what a behaviour
 * ensemble's members set. Paths: behaviour.<name>, behaviour.ratingCuts.<0-3>,
 * markets.<id or *>.<trait>, or a hand-set value: levers.<path>@<value> (e.g.
 * levers.problemRate@0.32 is the 0.32 written in the 2019 scenario) or
 * markets.<id or *>.<trait>@<value> (e.g. markets.*.priceSensitivity@1.2, a
 * year's own value), set wherever the config holds exactly that value: in the
 * platform's levers or a market's overrides, or in the markets named.
 */
export const MARKET_TRAITS: ReadonlySet<string> = new Set(MARKET_TRAIT_ROWS.map((r) => r.name));

/** Why a parameter path cannot be set on this config, or undefined when it can. */
export function parameterProblem(config: SimConfig, path: string): string | undefined {
  const hand = handSet(path);
  // The value after "@" may hold a decimal point: split the path before it.
  const parts = (hand?.path ?? path.replace(/@.*$/, '@')).split('.');
  if (parts[0] === 'behaviour') {
    const key = parts[1] ?? '';
    if (!Object.hasOwn(config.behaviour, key)) return `"${key}" is not a behavioural parameter`;
    if (key === 'ratingCuts') {
      const i = Number(parts[2]);
      if (parts.length !== 3 || !Number.isInteger(i) || i < 0 || i > 3) return 'name one cut point: behaviour.ratingCuts.0 to .3';
    } else if (parts.length !== 2) return `behaviour.${key} has no parts`;
    return undefined;
  }
  if (parts[0] === 'markets' && parts.length === 3) {
    const [, id, trait] = parts as [string, string, string];
    if (path.includes('@') && !hand) return 'write a hand-set trait value as markets.<id or *>.<trait>@<value>, e.g. markets.*.priceSensitivity@1.2';
    if (id !== '*' && getPath(config.markets, id) === undefined) {
      const problem = unknownMarket(id, marketIds(config.markets));
      return problem.ok ? undefined : `${problem.message} (${problem.hint})`;
    }
    if (!MARKET_TRAITS.has(trait)) return `"${trait}" is not a numeric market trait (${[...MARKET_TRAITS].join(', ')})`;
    return undefined;
  }
  if (parts[0] === 'levers') {
    if (!handSet(path)) return 'write a hand-set lever value as levers.<path>@<value>, e.g. levers.problemRate@0.32';
    return undefined;
  }
  return 'give behaviour.<name>, behaviour.ratingCuts.<0-3>, markets.<id or *>.<trait> or levers.<path>@<value>';
}

/** A hand-set value's path and the value it replaces: levers.<path>@<value> or markets.<id or *>.<trait>@<value>. */
function handSet(path: string): { path: string; shipped: number } | undefined {
  const m = /^((?:levers|markets)\.[A-Za-z0-9_.*-]+)@(-?[0-9.eE+-]+)$/.exec(path);
  if (!m) return undefined;
  const shipped = Number(m[2]);
  if (!Number.isFinite(shipped)) return undefined;
  return { path: m[1]!, shipped };
}

/** The concrete paths of a path whose market is "*": one per market. */
function perMarket(config: SimConfig, path: string): string[] {
  return path.startsWith('markets.*.') ? config.markets.map((m) => path.replace('*', m.id)) : [path];
}

/** Reads a parameter (for markets.*, the first market's value; for a lever, its shipped value). */
export function getParameter(config: SimConfig, path: string): number {
  const hand = handSet(path);
  if (hand) return hand.shipped;
  if (path.startsWith('levers.')) return Number.NaN;
  return getPath(config, path.replace(/^markets\.\*\./, `markets.${config.markets[0]?.id}.`)) as number;
}

/** A copy of the config with the parameters set (the config itself is not changed). */
export function withParameters(config: SimConfig, values: Record<string, number>): SimConfig {
  const out = copyConfig(config);
  const data = out as unknown as Data;
  for (const [path, value] of Object.entries(values)) {
    const hand = handSet(path);
    if (hand?.path.startsWith('levers.')) {
      const lever = hand.path.slice('levers.'.length);
      replaceValue(out.levers, lever, hand.shipped, value);
      for (const m of out.markets) if (m.levers) replaceValue(m.levers, lever, hand.shipped, value);
      continue;
    }
    if (hand) {
      for (const p of perMarket(out, hand.path)) replaceValue(data, p, hand.shipped, value);
      continue;
    }
    if (path.startsWith('levers.')) throw new Error(`bad lever parameter "${path}"`);
    for (const p of perMarket(out, path)) {
      const set = setPath(data, p, value);
      if (!set.ok) throw new Error(`cannot set parameter ${p}: ${set.message}`);
    }
  }
  return out;
}

// Copies the parts parameters write (behaviour, markets, levers) so the caller's config stays as it was.
function copyConfig(config: SimConfig): SimConfig {
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

/** Sets a lever where it holds exactly its hand-set value (and nowhere else). */
function replaceValue(levers: object, path: string, shipped: number, value: number): void {
  if (getPath(levers, path) === shipped) setPath(levers as Data, path, value);
}
