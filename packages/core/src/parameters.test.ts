// The one dotted-path grammar: the same path names the same value in a YAML
// document (markets as a map by id) and in a config (markets as a list).
import { describe, expect, it } from 'vitest';
import { defaultScenario } from './default-scenario.ts';
import { getParameter, getPath, parameterProblem, setPath, withParameters } from './parameters.ts';

describe('a dotted path', () => {
  it('names a market by id in a config\'s market list, as in a document\'s market map', () => {
    const config = defaultScenario();
    const doc = { markets: Object.fromEntries(config.markets.map(({ id, ...m }) => [id, m])) };
    expect(getPath(config, 'markets.europe.orderValue')).toBe(getPath(doc, 'markets.europe.orderValue'));
    expect(setPath(config as unknown as Record<string, unknown>, 'markets.europe.orderValue', 99)).toEqual({ ok: true });
    expect(config.markets.find((m) => m.id === 'europe')!.orderValue).toBe(99);
    expect(config.markets.filter((m) => m.orderValue === 99)).toHaveLength(1);
  });

  it('refuses an unknown market with a did-you-mean, and never reaches Object.prototype', () => {
    const config = defaultScenario() as unknown as Record<string, unknown>;
    expect(setPath(config, 'markets.europa.orderValue', 1)).toEqual({ ok: false, message: 'unknown market "europa"', hint: 'did you mean "europe"?' });
    for (const path of ['__proto__.polluted', 'constructor.prototype.polluted', 'levers.__proto__.polluted']) {
      expect(setPath(config, path, 1).ok).toBe(false);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('parameters', () => {
  it('set a hand-set market trait only where the market holds that value: markets.*.<trait>@<value>', () => {
    const config = defaultScenario();
    const shipped = config.markets[0]!.priceSensitivity;
    const others = config.markets.filter((m) => m.priceSensitivity !== shipped).map((m) => [m.id, m.priceSensitivity]);
    const path = `markets.*.priceSensitivity@${shipped}`;
    expect(parameterProblem(config, path)).toBeUndefined();
    expect(getParameter(config, path)).toBe(shipped);
    const out = withParameters(config, { [path]: shipped + 0.123 });
    for (const m of out.markets) {
      const before = config.markets.find((b) => b.id === m.id)!.priceSensitivity;
      expect(m.priceSensitivity).toBe(before === shipped ? shipped + 0.123 : before);
    }
    expect(out.markets.filter((m) => m.priceSensitivity !== shipped + 0.123).map((m) => [m.id, m.priceSensitivity])).toEqual(others);
    // The config given is left as it was.
    expect(config.markets[0]!.priceSensitivity).toBe(shipped);
  });

  it('set a market trait by id or for every market', () => {
    const config = defaultScenario();
    expect(withParameters(config, { 'markets.europe.orderValue': 70 }).markets.find((m) => m.id === 'europe')!.orderValue).toBe(70);
    expect(withParameters(config, { 'markets.*.visitsPerDay': 0.5 }).markets.every((m) => m.visitsPerDay === 0.5)).toBe(true);
  });

  it('say what is wrong with a path', () => {
    const config = defaultScenario();
    expect(parameterProblem(config, 'markets.europa.orderValue')).toMatch(/unknown market "europa".*did you mean "europe"/);
    expect(parameterProblem(config, 'markets.*.priceSensitivity@x')).toMatch(/markets.<id or \*>.<trait>@<value>/);
    expect(parameterProblem(config, 'markets.*.shopperShare')).toMatch(/not a numeric market trait/);
    expect(parameterProblem(config, 'behaviour.nope')).toMatch(/not a behavioural parameter/);
  });
});

// From ensemble's landing of the same path (e634210): a year's market input fitted on its own.
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
    expect(parameterProblem(config, 'markets.mars.priceSensitivity@3')).toMatch(/unknown market "mars"/);
  });
});
