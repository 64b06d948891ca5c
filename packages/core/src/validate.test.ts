import { describe, expect, it } from 'vitest';
import { validateConfig, ConfigError } from './validate.ts';
import { simulate } from './simulate.ts';
import { defaultScenario } from './default-scenario.ts';

describe('config validation', () => {
  it('accepts the built-in scenario', () => {
    expect(validateConfig(defaultScenario())).toEqual([]);
  });

  it('reports every problem at once, each with its path', () => {
    const c = defaultScenario();
    c.days = 0;
    c.markets[0]!.shopperShare = 0.9;
    c.memberShare = 1.5;
    const paths = validateConfig(c).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['days', 'markets', 'memberShare']));
  });

  it('rejects market shares that do not sum to 1, with a hint', () => {
    const c = defaultScenario();
    c.markets[1]!.shopperShare += 0.1;
    const issue = validateConfig(c).find((i) => i.path === 'markets');
    expect(issue?.message).toMatch(/sum to 1/);
    expect(issue?.hint).toBeDefined();
  });

  it('rejects a day-varying lever that leaves its range on some day, naming the day and market', () => {
    const c = defaultScenario();
    c.levers.warehouseShare = (day) => (day < 200 ? 0.5 : 1.5);
    c.markets = c.markets.map(({ levers: _l, ...m }) => m);
    const issue = validateConfig(c).find((i) => i.path === 'levers.warehouseShare');
    expect(issue?.message).toMatch(/day 200/);
  });

  it('rejects unknown markets in the timeline', () => {
    const c = defaultScenario();
    c.timeline = [{ kind: 'festival', startDay: 1, days: 2, visitMultiplier: 2, markets: ['atlantis'] }];
    expect(validateConfig(c).map((i) => i.message).join()).toMatch(/unknown market "atlantis"/);
  });

  it('makes simulate throw a ConfigError before running', () => {
    const c = defaultScenario();
    c.shoppers = -5;
    expect(() => simulate(c)).toThrow(ConfigError);
  });
});
