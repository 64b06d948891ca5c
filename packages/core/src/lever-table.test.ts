import { describe, expect, it } from 'vitest';
import type { SimConfig } from './config.ts';
import { COUNTER_ROWS, C, COUNTERS, KPI_NAMES, KPI_ROWS } from './kpi-table.ts';
import { BEHAVIOUR_ROWS, DERIVED_SLOTS, L, LEVER_ROWS, LEVER_SLOTS, inRange, type LeverRow } from './lever-table.ts';
import { LEVERS_2024, DEFAULT_BEHAVIOUR } from './default-scenario.ts';
import { simulate } from './simulate.ts';
import { smallScenario } from './testing.ts';
import { validateConfig } from './validate.ts';

/** Sets one lever (by its row's path) in the top-level levers and in every market override. */
function withLever(config: SimConfig, path: string, value: number): SimConfig {
  const c = structuredClone(config);
  const set = (levers: Record<string, unknown> | undefined, force: boolean) => {
    if (levers === undefined) return;
    const keys = path.split('.');
    let node = levers;
    for (const k of keys.slice(0, -1)) {
      if (node[k] === undefined) {
        if (!force) return;
        node[k] = {};
      }
      node = node[k] as Record<string, unknown>;
    }
    if (force || node[keys[keys.length - 1]!] !== undefined) node[keys[keys.length - 1]!] = value;
  };
  set(c.levers as unknown as Record<string, unknown>, true);
  for (const m of c.markets) set(m.levers as Record<string, unknown> | undefined, false);
  return c;
}

/**
 * Another value in the lever's range, far enough from its default to show. The
 * engine reads only whether the free-return window is open (returns come soon
 * after delivery), so that lever flips like a flag.
 */
function otherValue(row: LeverRow): number {
  if (row.unit === 'flag' || row.path === 'afterSales.freeReturnWindowDays') return row.default > 0 ? 0 : 1;
  if (row.path.endsWith('.p10')) return row.default / 2;
  if (row.range.max !== undefined) return row.default > row.range.max / 2 ? row.default / 4 : (row.default + row.range.max) / 2;
  return row.default * 2 + 1;
}

// Levers whose effect shows only in some settings: members' free returns matter when
// returns are not free for everyone anyway; re-quoting, when a disruption is in force;
// the cost per new shopper, when there is marketing spend; a human agent's response
// time, when humans answer tickets (a small run after the refit has a handful of
// tickets, all of them answered by AI at 2024's 80% share).
const disrupted = (c: SimConfig): SimConfig => ({
  ...c,
  timeline: [...c.timeline, { kind: 'disruption', startDay: 10, days: 30, transitMultiplier: 2, warehouseExposure: 0.5 }],
});
const CONTEXT: Record<string, (c: SimConfig) => SimConfig> = {
  'membership.freeReturns': (c) => withLever(c, 'afterSales.freeReturnWindowDays', 0),
  'directMail.requoteDisruptions': disrupted,
  'warehouse.requoteDisruptions': disrupted,
  'acquisition.costPerNewShopper': (c) => withLever(c, 'acquisition.spendPerDay', 200),
  'afterSales.firstResponseHours': (c) => withLever(c, 'afterSales.aiShare', 0),
};

describe('the lever table', () => {
  it('gives every row its own engine slot, after which come the derived slots', () => {
    const slots = LEVER_ROWS.map((r) => r.slot);
    expect(new Set(slots).size).toBe(slots.length);
    LEVER_ROWS.forEach((r, i) => expect(L[r.slot], r.path).toBe(i));
    DERIVED_SLOTS.forEach((name, i) => expect(L[name], name).toBe(LEVER_ROWS.length + i));
    expect(LEVER_SLOTS).toBe(LEVER_ROWS.length + DERIVED_SLOTS.length);
  });

  it("builds the 2024 levers from the rows' defaults, each inside its range", () => {
    for (const row of LEVER_ROWS) {
      let v: unknown = LEVERS_2024;
      for (const k of row.path.split('.')) v = (v as Record<string, unknown>)[k];
      expect(v, row.path).toBe(row.default);
      expect(inRange(row.default, row.range), row.path).toBe(true);
    }
    for (const row of BEHAVIOUR_ROWS) expect(inRange(DEFAULT_BEHAVIOUR[row.name], row.range), row.name).toBe(true);
  });

  // A row the engine never reads (a lever added to the table but not used) fails here.
  it.each(LEVER_ROWS.map((r) => [r.path, r] as const))('the engine reads %s: another value changes the results', (path, row) => {
    const base = (CONTEXT[path] ?? ((c) => c))(smallScenario(3_000, 90));
    const variant = withLever(base, path, otherValue(row));
    expect(validateConfig(variant), path).toEqual([]);
    const a = simulate(base, { seed: 5, daily: false });
    const b = simulate(variant, { seed: 5, daily: false });
    expect(JSON.stringify(b.byMarket), path).not.toBe(JSON.stringify(a.byMarket));
  });

  it('refuses a value outside a row range on the day it occurs, naming the lever and the market', () => {
    for (const row of LEVER_ROWS) {
      const bad = row.range.max !== undefined ? row.range.max + 1 : -1;
      const issues = validateConfig(withLever(smallScenario(100, 10), row.path, bad));
      expect(issues.map((i) => i.path).join(' '), row.path).toContain(row.path.split('.')[0]);
    }
  });
});

describe('the counter and KPI tables', () => {
  it('number the counters by their rows', () => {
    COUNTER_ROWS.forEach((r, i) => expect(C[r.name]).toBe(i));
    expect(COUNTERS).toBe(COUNTER_ROWS.length);
  });

  it('list each KPI once, in row order', () => {
    expect(KPI_NAMES).toEqual(KPI_ROWS.map((r) => r.name));
    expect(new Set(KPI_NAMES).size).toBe(KPI_NAMES.length);
    const result = simulate(smallScenario(1_000, 30), { seed: 1, daily: false });
    expect(Object.keys(result.kpis)).toEqual(KPI_NAMES);
  });
});
