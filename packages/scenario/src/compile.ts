// A checked scenario document -> the typed SimConfig of @shopsim/core.
import {
  DEFAULT_BEHAVIOUR, LEVERS_2024, MARKETS_2024, defaultScenario,
  type Behaviour, type LeverPatch, type Levers, type Market, type SimConfig, type TimelineEvent,
} from '@shopsim/core';
import { isPlainObject, mergeData, type Data } from './document.ts';
import type { DayFunction } from './expression.ts';
import { MARKET_DEFAULTS } from './schema.ts';

/** The built-in markets as the YAML document writes them: a map by id. */
export function builtInMarkets(): Data {
  const out: Data = {};
  for (const { id, ...rest } of structuredClone(MARKETS_2024)) out[id] = rest;
  return out;
}

/**
 * Fills what a file leaves out with the core built-ins: the 2024 markets when
 * there is no `markets`, and levers and behaviour key by key. A market set to
 * null (~) by a file that extends another is removed.
 */
export function withBuiltIns(doc: Data): Data {
  const out: Data = { ...doc };
  if (out.markets === undefined) out.markets = builtInMarkets();
  if (isPlainObject(out.markets)) {
    out.markets = Object.fromEntries(Object.entries(out.markets).filter(([, m]) => m !== null));
  }
  out.levers = mergeData(structuredClone(LEVERS_2024), out.levers ?? {});
  out.behaviour = mergeData(structuredClone(DEFAULT_BEHAVIOUR), out.behaviour ?? {});
  return out;
}

/** Builds the SimConfig; `functions` holds the compiled expressions by document path. */
export function compileConfig(doc: Data, functions: Map<string, DayFunction>): SimConfig {
  const base = defaultScenario();
  const num = (v: unknown, dflt: number): number => (typeof v === 'number' ? v : dflt);
  const lever = (v: unknown, path: string): unknown => {
    if (typeof v === 'string') {
      const fn = functions.get(path);
      if (!fn) throw new Error(`bug: expression at ${path} was not compiled`);
      return fn;
    }
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (isPlainObject(v)) {
      const out: Data = {};
      for (const [k, child] of Object.entries(v)) out[k] = lever(child, `${path}.${k}`);
      return out;
    }
    return v;
  };

  const levers = lever(doc.levers, 'levers') as Levers;
  // At the top level a payment method set to null is simply not offered.
  levers.paymentMethods = Object.fromEntries(Object.entries(levers.paymentMethods).filter(([, o]) => o !== null));

  const markets: Market[] = Object.entries(doc.markets as Data).map(([id, raw]) => {
    const m = raw as Data;
    const market: Market = {
      id,
      name: typeof m.name === 'string' ? m.name : id,
      shopperShare: m.shopperShare as number,
      orderValue: m.orderValue as number,
      visitsPerDay: num(m.visitsPerDay, MARKET_DEFAULTS.visitsPerDay),
      paymentPreferences: { ...(m.paymentPreferences as Record<string, number>) },
      alternativePaymentAcceptance: num(m.alternativePaymentAcceptance, MARKET_DEFAULTS.alternativePaymentAcceptance),
      expectedDeliveryDays: num(m.expectedDeliveryDays, MARKET_DEFAULTS.expectedDeliveryDays),
      referenceDeliveryDays: num(m.referenceDeliveryDays, MARKET_DEFAULTS.referenceDeliveryDays),
      expectedFirstResponseHours: num(m.expectedFirstResponseHours, MARKET_DEFAULTS.expectedFirstResponseHours),
      toleratedResolutionDays: num(m.toleratedResolutionDays, MARKET_DEFAULTS.toleratedResolutionDays),
      priceSensitivity: num(m.priceSensitivity, MARKET_DEFAULTS.priceSensitivity),
      deliverySensitivity: num(m.deliverySensitivity, MARKET_DEFAULTS.deliverySensitivity),
      deliveryCostMultiplier: num(m.deliveryCostMultiplier, MARKET_DEFAULTS.deliveryCostMultiplier),
      calendar: structuredClone((m.calendar as Market['calendar'] | undefined) ?? []),
    };
    if (m.levers !== undefined) market.levers = lever(m.levers, `markets.${id}.levers`) as LeverPatch;
    return market;
  });

  const timeline = ((doc.timeline as Data[] | undefined) ?? []).map((e, i): TimelineEvent => {
    const { levers: _, ...rest } = e;
    const copy = structuredClone(rest);
    if (e.kind === 'intervention') copy.levers = lever(e.levers, `timeline.${i}.levers`);
    return copy as unknown as TimelineEvent;
  });

  const config: SimConfig = {
    name: doc.name as string,
    days: num(doc.days, base.days),
    shoppers: num(doc.shoppers, base.shoppers),
    seed: num(doc.seed, base.seed),
    warmupDays: num(doc.warmupDays, base.warmupDays),
    repurchaseWindowDays: num(doc.repurchaseWindowDays, base.repurchaseWindowDays),
    memberShare: num(doc.memberShare, base.memberShare),
    markets,
    levers,
    timeline,
    behaviour: structuredClone(doc.behaviour) as Behaviour,
  };
  if (typeof doc.description === 'string') config.description = doc.description;
  return config;
}
