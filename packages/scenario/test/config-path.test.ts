// Issue 12's loader bugs, each reproduced on 042d453: what the file says is
// checked where it applies, mistakes are named where they are, and what a
// user would otherwise miss is said.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, isValidConfig, simulate } from '@shopsim/core';
import { loadBuiltInScenario, loadScenarioFile, loadScenarioText, ScenarioErrors, type ScenarioError } from '../src/index.ts';

const shipped2024 = fileURLToPath(new URL('../../../scenarios/2024.yaml', import.meta.url));
const HEAD = 'name: t\ndescription: t\ndays: 200\n';

function errorsOf(load: () => unknown): ScenarioError[] {
  try {
    load();
  } catch (e) {
    if (e instanceof ScenarioErrors) return e.errors;
    throw e;
  }
  throw new Error('loaded without errors');
}

const lineOf = (text: string, needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('an intervention\'s expression', () => {
  const text = (expr: string) => `${HEAD}timeline:\n  - kind: intervention\n    day: 100\n    levers:\n      warehouseShare: "${expr}"\n`;

  it('is checked from its own day, not from day 0', () => {
    // (day - 100) / 200 is -0.5 on day 0, when the intervention does not apply yet; 042d453 refused it there.
    const s = loadScenarioText('ramp.yaml', text('(day - 100) / 200'));
    const lever = (s.config.timeline[0] as { levers: { warehouseShare: (d: number) => number } }).levers.warehouseShare;
    expect(lever(150)).toBe(0.25);
  });

  it('is still refused on the first day it leaves its range after that', () => {
    const t = text('(day - 100) / 50');
    const [e] = errorsOf(() => loadScenarioText('ramp.yaml', t));
    expect(e).toMatchObject({ path: 'timeline.0.levers.warehouseShare', line: lineOf(t, 'warehouseShare') });
    expect(e!.message).toMatch(/on day 151, outside 0..1/);
  });
});

describe('timeline events after the run', () => {
  const text = `${HEAD}timeline:\n  - kind: festival\n    label: late sale\n    startDay: 250\n    days: 3\n    visitMultiplier: 2\n`;

  it('are an error at the event, naming the run\'s last day', () => {
    const [e] = errorsOf(() => loadScenarioText('late.yaml', text));
    expect(e).toMatchObject({ path: 'timeline.0.startDay', line: lineOf(text, 'startDay') });
    expect(e!.message).toMatch(/"late sale" starts on day 250, after the run's last day \(199\)/);
  });

  it('are no error when --days shortened the run (a quick look ends before them)', () => {
    const s = loadScenarioText('late.yaml', text.replace('days: 200', 'days: 300'), { overrides: { days: 100 } });
    expect(s.config.days).toBe(100);
    expect(s.warnings).toEqual([]);
  });
});

describe('a misspelt market id under markets', () => {
  it('gets a did-you-mean at the id, not "missing required key shopperShare"', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shopsim-typo-'));
    const file = join(dir, 'typo.yaml');
    const text = `extends: ${shipped2024}\nname: typo\ndescription: typo\nmarkets:\n  europa:\n    orderValue: 60\n`;
    writeFileSync(file, text);
    const errors = errorsOf(() => loadScenarioFile(file));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ path: 'markets.europa', line: 5, message: 'unknown market "europa"' });
    expect(errors[0]!.hint).toMatch(/did you mean "europe"\?/);
  });
});

describe('the valid config a load returns', () => {
  it('is branded valid, and a changed copy of it is checked again by simulate', () => {
    const s = loadBuiltInScenario({ overrides: { shoppers: 300, days: 20 } });
    expect(isValidConfig(s.config)).toBe(true);
    const copy = { ...s.config, shoppers: -1 };
    expect(isValidConfig(copy)).toBe(false);
    expect(() => simulate(copy)).toThrow(ConfigError);
  });

  it('places a per-market problem core finds at that market\'s own line (no message parsing)', () => {
    // A payment method a market offers without its required failureRate: found by core, per market.
    const text = `${HEAD}levers:\n  paymentMethods:\n    cod: ~\nmarkets:\n  here:\n    shopperShare: 1\n    orderValue: 50\n    paymentPreferences: { card: 1 }\n    levers:\n      paymentMethods:\n        cod: { feeShare: 0.02 }\n`;
    const [e] = errorsOf(() => loadScenarioText('cod.yaml', text));
    expect(e).toMatchObject({ path: 'markets.here.levers.paymentMethods.cod', line: lineOf(text, 'cod: { feeShare') });
    expect(e!.message).toMatch(/"cod" offered in market "here" has no failureRate/);
  });
});

describe('a platform-wide lever that markets set themselves', () => {
  const path = 'levers.warehouseShare';
  const own = (doc: Record<string, unknown>) =>
    Object.entries(doc.markets as Record<string, { levers?: { warehouseShare?: unknown } }>).filter(([, m]) => m.levers?.warehouseShare !== undefined).map(([id]) => id);

  it('warns when set, naming the markets it does not reach', () => {
    const s = loadScenarioFile(shipped2024, { overrides: { [path]: 0.3 } });
    const markets = own(s.document);
    expect(markets.length).toBeGreaterThan(0);
    const [w] = s.warnings;
    expect(w?.path).toBe(path);
    for (const id of markets) expect(w!.message).toContain(id);
    expect(w!.message).toMatch(/only/);
    // It does reach the others: their config changed, the overriding markets' did not.
    const base = loadScenarioFile(shipped2024).config;
    for (const m of s.config.markets) {
      const before = base.markets.find((b) => b.id === m.id)!;
      if (markets.includes(m.id)) expect(m.levers?.warehouseShare).toBe(before.levers?.warehouseShare);
    }
  });

  it('says it changes nothing when every market sets its own', () => {
    const text = `${HEAD}markets:\n  a: { shopperShare: 0.5, orderValue: 50, paymentPreferences: { card: 1 }, levers: { warehouseShare: 0.2 } }\n  b: { shopperShare: 0.5, orderValue: 50, paymentPreferences: { card: 1 }, levers: { warehouseShare: 0.4 } }\n`;
    const s = loadScenarioText('all.yaml', text, { overrides: { [path]: 0.9 } });
    expect(s.warnings.map((w) => w.message)).toEqual([`${path} is set but changes nothing: every market sets its own (a, b)`]);
  });

  it('is not warned about when no market sets it', () => {
    const s = loadScenarioFile(shipped2024, { overrides: { 'levers.afterSales.returnCycleDays': 14 } });
    expect(s.warnings).toEqual([]);
  });
});
