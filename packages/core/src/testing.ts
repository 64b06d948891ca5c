// Helpers for stochastic tests: paired runs with common random numbers.
import type { SimConfig } from './config.ts';
import type { Kpis } from './kpi.ts';
import { defaultScenario } from './default-scenario.ts';
import { simulate } from './simulate.ts';
import { applyLeverPatch } from './levers.ts';

/** The config with a lever patch applied on top of its levers (markets copied, so overrides stay). */
export function withLevers(config: SimConfig, patch: Parameters<typeof applyLeverPatch>[1]): SimConfig {
  return { ...config, levers: applyLeverPatch(config.levers, patch), markets: config.markets.map((m) => ({ ...m })) };
}

/** Same levers in every market, so a global patch reaches all of them. */
export function uniformMarkets(config: SimConfig): SimConfig {
  return { ...config, markets: config.markets.map(({ levers: _drop, ...m }) => m) };
}

/** A small, fast version of the default scenario for tests. */
export function smallScenario(shoppers = 20_000, days = 180): SimConfig {
  return { ...defaultScenario(), shoppers, days };
}

type Run = ReturnType<typeof simulate>;
const runs = new WeakMap<SimConfig, { text: string; bySeed: Map<number, Run> }>();

/**
 * simulate(config, { seed }), run once per config object and seed: a test
 * that reads three KPIs of the same pair asks for the same runs three times,
 * and a run is a pure function of its config and seed. A config changed
 * after its first run (its JSON differs) is run afresh.
 */
export function simulateOnce(config: SimConfig, seed: number): Run {
  const text = JSON.stringify(config);
  let entry = runs.get(config);
  if (!entry || entry.text !== text) runs.set(config, (entry = { text, bySeed: new Map() }));
  let run = entry.bySeed.get(seed);
  if (!run) entry.bySeed.set(seed, (run = simulate(config, { seed })));
  return run;
}

export interface PairedEffect {
  mean: number;
  standardError: number;
  /** mean / standardError: how many standard errors the effect is from zero. */
  t: number;
  diffs: number[];
}

/**
 * Runs `base` and `variant` on the same seeds (so the same shoppers and the
 * same random draws) and returns the paired difference variant - base.
 */
export function pairedEffect(
  base: SimConfig,
  variant: SimConfig,
  kpi: (k: Kpis, r: ReturnType<typeof simulate>) => number,
  seeds: number[] = [1, 2, 3, 4, 5],
): PairedEffect {
  const diffs = seeds.map((seed) => {
    const a = simulateOnce(base, seed);
    const b = simulateOnce(variant, seed);
    return kpi(b.kpis, b) - kpi(a.kpis, a);
  });
  const n = diffs.length;
  const mean = diffs.reduce((s, d) => s + d, 0) / n;
  const variance = diffs.reduce((s, d) => s + (d - mean) ** 2, 0) / (n - 1);
  const standardError = Math.sqrt(variance / n);
  return { mean, standardError, t: standardError > 0 ? mean / standardError : mean === 0 ? 0 : Math.sign(mean) * Infinity, diffs };
}
