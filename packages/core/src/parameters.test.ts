// A year's market input fitted on its own: markets.<id|*>.<trait>@<value>
// sets the trait only in markets holding exactly that value, so the 2019
// scenarios' price sensitivity moves while the 2024 scenarios' does not.
import { describe, expect, it } from 'vitest';
import { defaultScenario } from './default-scenario.ts';
import { getParameter, parameterProblem, withParameters } from './parameters.ts';

describe('market trait @value paths', () => {
  const config = defaultScenario();
  const [first, second] = config.markets;
  const held = { ...config, markets: config.markets.map((m, i) => (i === 0 ? { ...m, priceSensitivity: 3.5 } : m)) };

  it('sets the trait only where the market holds that value, and leaves the config as it was', () => {
    const out = withParameters(held, { 'markets.*.priceSensitivity@3.5': 4.2 });
    expect(out.markets[0]!.priceSensitivity).toBe(4.2);
    expect(out.markets[1]!.priceSensitivity).toBe(second!.priceSensitivity);
    expect(held.markets[0]!.priceSensitivity).toBe(3.5);
    // A config that holds the value nowhere (the other year) is untouched.
    expect(withParameters(config, { 'markets.*.priceSensitivity@3.5': 4.2 }).markets.map((m) => m.priceSensitivity)).toEqual(config.markets.map((m) => m.priceSensitivity));
    expect(getParameter(held, 'markets.*.priceSensitivity@3.5')).toBe(3.5);
    expect(getParameter(held, `markets.${first!.id}.priceSensitivity`)).toBe(3.5);
  });

  it('names what is wrong with a bad path', () => {
    expect(parameterProblem(config, 'markets.*.priceSensitivity@3.5')).toBeUndefined();
    expect(parameterProblem(config, 'markets.*.priceSensitivity@x')).toMatch(/markets\.<id or \*>\.<trait>@<value>/);
    expect(parameterProblem(config, 'markets.*.shoeSize@3')).toMatch(/not a numeric market trait/);
    expect(parameterProblem(config, 'markets.mars.priceSensitivity@3')).toMatch(/no market "mars"/);
  });
});
