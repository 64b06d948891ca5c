// Every behavioural parameter and market trait has a range (core's lever
// table) that keeps a run finite: its ends run and give finite numbers, and a
// value just outside is refused at its line of the file, naming the key.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BEHAVIOUR_ROWS, MARKET_TRAIT_ROWS, defaultScenario, simulate, type Range, type SimConfig } from '@shopsim/core';
import { describe, expect, it } from 'vitest';
import { ScenarioErrors, loadScenarioText, type ScenarioError } from '../src/index.ts';

const shipped2024 = readFileSync(fileURLToPath(new URL('../../../scenarios/2024.yaml', import.meta.url)), 'utf8');

/** The range's two ends (both are finite for every row: a test below says so). */
const ends = (r: Range): [number, number] => [r.min!, r.max!];

/** A value just below the range and one just above it. */
function outside(r: Range): [number, number] {
  const step = (r.max! - r.min!) / 1000;
  return [r.minExclusive ? r.min! : r.min! - step, r.max! + step];
}

function errorsOf(text: string): ScenarioError[] {
  try {
    loadScenarioText('ranges.yaml', text);
  } catch (err) {
    if (err instanceof ScenarioErrors) return err.errors;
    throw err;
  }
  return [];
}

const lineOf = (text: string, needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('behavioural parameter ranges', () => {
  it('every behavioural parameter and market trait has a finite range on both sides', () => {
    for (const row of [...BEHAVIOUR_ROWS, ...MARKET_TRAIT_ROWS]) {
      const [lo, hi] = ends(row.range);
      expect(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi, row.name).toBe(true);
    }
  });

  for (const side of [0, 1] as const) {
    it(`refuses every behavioural parameter just ${side ? 'above' : 'below'} its range, at its line`, () => {
      const lines = BEHAVIOUR_ROWS.map((row) => `  ${row.name}: ${outside(row.range)[side]}`);
      const text = `${shipped2024}\nbehaviour:\n${lines.join('\n')}\n`;
      const errors = errorsOf(text);
      for (const row of BEHAVIOUR_ROWS) {
        const e = errors.find((x) => x.path === `behaviour.${row.name}`);
        expect(e, `behaviour.${row.name} = ${outside(row.range)[side]} accepted`).toBeDefined();
        expect(e!.line).toBe(lineOf(text, `  ${row.name}: `));
      }
    });

    it(`refuses every market trait just ${side ? 'above' : 'below'} its range, at its line`, () => {
      // One file per trait: the schema's checks and core's come in two rounds.
      for (const row of MARKET_TRAIT_ROWS) {
        const traits = { orderValue: 50, [row.name]: outside(row.range)[side] };
        const lines = Object.entries(traits).map(([k, v]) => `    ${k}: ${v}`);
        const text = `name: ranges\ndescription: ranges\nmarkets:\n  here:\n    shopperShare: 1\n    paymentPreferences: { card: 1 }\n${lines.join('\n')}\n`;
        const e = errorsOf(text).find((x) => x.path === `markets.here.${row.name}`);
        expect(e, `markets.here.${row.name} = ${outside(row.range)[side]} accepted`).toBeDefined();
        expect(e!.line).toBe(lineOf(text, `    ${row.name}: `));
      }
    });
  }
});

describe('a run at the ends of the ranges', () => {
  // Small: the point is the numbers' size, not their precision.
  const base: SimConfig = { ...defaultScenario(), shoppers: 200, days: 30, warmupDays: 0 };
  const finite = (config: SimConfig, what: string) => {
    const r = simulate(config, { daily: false });
    for (const [name, v] of Object.entries(r.kpis)) {
      // NaN is a ratio of nothing (no orders, no members): shown as "-", never a number.
      if (Number.isNaN(v)) continue;
      expect(Number.isFinite(v) && Math.abs(v) <= Number.MAX_SAFE_INTEGER, `${what}: ${name} = ${v}`).toBe(true);
    }
  };

  it('runs with finite KPIs with each behavioural parameter at either end of its range', () => {
    for (const row of BEHAVIOUR_ROWS) {
      for (const v of ends(row.range)) {
        const behaviour = { ...base.behaviour, [row.name]: v };
        // The two learning shares are steps of one move: together at most 1.
        if (row.name === 'expectationLearning') behaviour.referencePull = Math.min(behaviour.referencePull, 1 - v);
        if (row.name === 'referencePull') behaviour.expectationLearning = Math.min(behaviour.expectationLearning, 1 - v);
        finite({ ...base, behaviour }, `behaviour.${row.name} = ${v}`);
      }
    }
  });

  it('runs with finite KPIs with each market trait at either end of its range, in every market', () => {
    for (const row of MARKET_TRAIT_ROWS) {
      for (const v of ends(row.range)) finite({ ...base, markets: base.markets.map((m) => ({ ...m, [row.name]: v })) }, `markets.*.${row.name} = ${v}`);
    }
  });
});
