// Lever expressions: formulas of `day` and the scenario's constants, in a
// locked scope. The attack strings follow the mathjs security notes: nothing
// may reach the parser, the evaluator, units, properties or any name that the
// scenario did not give.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulate } from '@shopsim/core';
import { describe, expect, it } from 'vitest';
import { compileExpression, ExpressionError } from './expression.ts';
import { loadScenarioFile } from './load.ts';

function refusal(source: string, constants: Record<string, number> = { rampDays: 300 }): ExpressionError {
  try {
    compileExpression(source, constants);
  } catch (e) {
    if (e instanceof ExpressionError) return e;
    throw e;
  }
  throw new Error(`"${source}" compiled`);
}

describe('lever expressions', () => {
  it('evaluate a formula of day and the named constants', () => {
    const ramp = compileExpression('min(targetShare, 0.05 + (targetShare - 0.05) * day / rampDays)', { targetShare: 0.5, rampDays: 300 });
    expect(ramp(0)).toBeCloseTo(0.05, 12);
    expect(ramp(150)).toBeCloseTo(0.275, 12);
    expect(ramp(300)).toBeCloseTo(0.5, 12);
    expect(ramp(364)).toBeCloseTo(0.5, 12);
  });

  it('give NaN, not an exception, when the formula has no real number', () => {
    expect(compileExpression('sqrt(day - 10)', {})(0)).toBeNaN();
    expect(compileExpression('day > 3 ? 1 : 0', {})(5)).toBe(1);
  });

  // Each named function of the mathjs security notes, and its friends.
  const forbiddenFunctions = [
    'import({}, {override: true})', 'createUnit("foo")', 'evaluate("1 + 1")', 'parse("1")', 'simplify("day")',
    'derivative("day^2", "day")', 'resolve(day)', 'compile("1")', 'chain(1)', 'help(min)', 'config({})', 'typeOf(day)',
    'unit("5 cm")', 'matrix(1)', 'eval("1")', 'reviver()',
  ];
  for (const attack of forbiddenFunctions) {
    it(`refuse a call of a function outside the list: ${attack}`, () => {
      const e = refusal(attack);
      // "not allowed" for a named function; a call with text or a map arguments may be refused first for those.
      expect(e.message).toMatch(/is not allowed in an expression/);
    });
  }

  // Ways out of the formula: properties, prototypes, assignment, units, text, several statements.
  const escapes: [string, RegExp][] = [
    ['min.constructor', /property or index access/],
    ['day["constructor"]', /property or index access/],
    ['cos.constructor("return process")()', /does not parse|not allowed/],
    ['min.constructor("return process")', /only named functions may be called/],
    ['a = 1', /assignment/],
    ['f(x) = x', /assignment/],
    ['day = import', /assignment/],
    ['1; import({}, {})', /not allowed/],
    ['day\nimport({}, {})', /not allowed/],
    ['[1, 2]', /a list or range/],
    ['1:3', /a list or range/],
    ['{a: 1}', /an object/],
    ['"text"', /text values/],
    ['day ? "a" : 1', /text values/],
    ['5 cm', /unknown name "cm"/],
    ['5 cm to inch', /operator "to"/],
    ['day!', /operator "!"/],
    ["day'", /operator "'"/],
    ['day & 1', /operator "&"/],
    ['day << 1', /operator "<<"/],
  ];
  for (const [attack, message] of escapes) {
    it(`refuse ${JSON.stringify(attack)}`, () => {
      expect(refusal(attack).message).toMatch(message);
    });
  }

  // Only `day` and the constants: none of mathjs's own names, nor JavaScript's.
  for (const name of ['pi', 'e', 'Math', 'process', 'globalThis', 'this', '__proto__', 'constructor', 'math', 'require', 'import']) {
    it(`refuse the name ${name}, which the scenario did not give`, () => {
      expect(refusal(`${name} + day`).message).toBe(`unknown name "${name}" in expression`);
    });
  }

  it('suggest the constant a misspelt name was meant to be', () => {
    expect(refusal('day / rampDay').hint).toMatch(/did you mean "rampDays"/);
  });

  it('refuse expressions longer than the cap before parsing them', () => {
    expect(refusal(`day${' + 1'.repeat(400)}`).message).toMatch(/longer than 1000 characters/);
  });
});

describe('a lever expression in a scenario file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shopsim-expression-'));
  const file = join(dir, 'ramp.yaml');
  writeFileSync(
    file,
    [
      'name: ramp',
      'description: Does a warehouse ramp work?',
      'days: 40',
      'constants: { rampDays: 30 }',
      'levers:',
      '  warehouseShare: "min(0.9, 0.3 + 0.6 * day / rampDays)"',
      '',
    ].join('\n'),
  );

  it('is evaluated once per day of the run, however many shoppers there are', () => {
    const calls = (shoppers: number): number => {
      const { config } = loadScenarioFile(file);
      const lever = config.levers.warehouseShare;
      if (typeof lever !== 'function') throw new Error('the expression did not compile to a function of the day');
      let n = 0;
      config.levers.warehouseShare = (day: number) => {
        n++;
        return lever(day);
      };
      simulate({ ...config, shoppers }, { seed: 1 });
      return n;
    };
    const few = calls(300);
    const many = calls(3000);
    expect(few).toBeGreaterThanOrEqual(40); // at least once a day
    expect(many).toBe(few); // and not once per shopper
  });

  it('ramps the lever as written', () => {
    const lever = loadScenarioFile(file).config.levers.warehouseShare as (day: number) => number;
    expect([lever(0), lever(15), lever(30), lever(39)].map((x) => Number(x.toFixed(9)))).toEqual([0.3, 0.6, 0.9, 0.9]);
  });
});
