// The built-in scenario goes through the same loader as a file: the same
// dotted paths (markets by id), expressions and checks. Each case below
// failed on 042d453, where the runner had its own setter for the built-in
// scenario (markets by position, strings set as-is, warm-up reset silently).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { simulate } from '@shopsim/core';
import { ScenarioErrors } from '@shopsim/scenario';
import { configOf, loadScenario, taskScenario } from './scenario-source.ts';

const file2024 = fileURLToPath(new URL('../../../scenarios/2024.yaml', import.meta.url));
const SMALL = { shoppers: 1500, days: 40 };

describe('overrides of the built-in scenario', () => {
  // On 042d453 `key in node` let these through: __proto__.toString=1 replaced Object.prototype.toString.
  it.each(['__proto__.toString', 'constructor.prototype.valueOf', 'levers.__proto__.x', 'levers.constructor'])('refuse %s and leave Object.prototype alone', async (path) => {
    await expect(loadScenario(null, { [path]: 1 })).rejects.toThrow(ScenarioErrors);
    expect(typeof Object.prototype.toString).toBe('function');
    expect(typeof Object.prototype.valueOf).toBe('function');
  });

  it('still set a lever the built-in scenario has', async () => {
    const s = await loadScenario(null, { 'levers.warehouseShare': 0.3 });
    expect(s.config.levers.warehouseShare).toBe(0.3);
  });

  it('name a market by its id, as in a file, and run exactly like scenarios/2024.yaml with the same override', async () => {
    const path = 'markets.europe.levers.afterSales.returnCycleDays';
    const builtIn = await loadScenario(null, { ...SMALL, [path]: 45 });
    const file = await loadScenario(file2024, { ...SMALL, [path]: 45 });
    expect(builtIn.config.markets.find((m) => m.id === 'europe')?.levers?.afterSales?.returnCycleDays).toBe(45);
    for (const seed of [1, 2]) expect(simulate(builtIn.config, { seed }).kpis).toEqual(simulate(file.config, { seed }).kpis);
  });

  it('compile an expression given as a value (not "v is not a function" at run time)', async () => {
    const s = await loadScenario(null, { ...SMALL, 'levers.afterSales.returnCycleDays': '7 + day / 10' });
    const lever = s.config.levers.afterSales.returnCycleDays as unknown as (day: number) => number;
    expect(lever(0)).toBe(7);
    expect(lever(30)).toBe(10);
    expect(() => simulate(s.config, { seed: 1 })).not.toThrow();
  });

  it('refuse a misspelt market id with a did-you-mean', async () => {
    const err = await loadScenario(null, { 'markets.europa.orderValue': 50 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScenarioErrors);
    expect((err as ScenarioErrors).errors[0]).toMatchObject({ path: 'markets.europa.orderValue', message: 'unknown market "europa"', hint: 'did you mean "europe"?' });
  });

  it('refuse a run shorter than its warm-up, as for a file (not reset the warm-up silently)', async () => {
    await expect(loadScenario(null, { warmupDays: 30, days: 10 })).rejects.toThrow(/warmupDays.*must be less than days/);
    await expect(loadScenario(file2024, { warmupDays: 30, days: 10 })).rejects.toThrow(/warmupDays.*must be less than days/);
  });
});

describe('the built-in scenario and scenarios/2024.yaml', () => {
  it('are the same config', async () => {
    // 2024.yaml says it is "exactly the built-in scenario"; this pins it.
    expect(readFileSync(file2024, 'utf8')).toMatch(/exactly the built-in scenario/);
    expect((await loadScenario(null)).config).toEqual((await loadScenario(file2024)).config);
  });
});

describe('what a task carries', () => {
  it('is the config itself when it is plain data, and the checked document when it holds expressions', async () => {
    const plain = await loadScenario(null, SMALL);
    expect(taskScenario(plain)).toEqual({ config: plain.config });
    const ramp = await loadScenario(null, { ...SMALL, 'levers.warehouseShare': 'min(0.9, 0.5 + day / 100)' });
    const carried = taskScenario(ramp);
    expect('document' in carried).toBe(true);
    // Sent through a structured clone, as to a worker, it runs exactly like the loaded config.
    const compiled = await configOf(structuredClone(carried), {});
    expect(simulate(compiled, { seed: 5 }).kpis).toEqual(simulate(ramp.config, { seed: 5 }).kpis);
  });

  it('sets a design point on the document as the loader would', async () => {
    const path = 'markets.europe.levers.afterSales.returnCycleDays';
    const base = await loadScenario(null, SMALL);
    const point = await configOf({ document: base.source.document }, { [path]: 45 });
    expect(point).toEqual((await loadScenario(null, { ...SMALL, [path]: 45 })).config);
  });
});
