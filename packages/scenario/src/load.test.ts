// Properties of the loader over inputs nobody wrote on purpose: arbitrary
// text, near-valid documents (a valid scenario with a few keys changed,
// removed, renamed or added), and shipped scenarios with their text cut and
// spliced. Whatever comes in, the loader gives a scenario or ScenarioErrors
// that name a place in the file; never another exception, never a hang.
//
// No case can run long, by construction: texts of at most a few hundred
// characters, documents of a few dozen keys and 20 days, and the loader's own
// caps (file size, alias expansions, nesting, expression length, design
// points, days) bound the work any file can ask for. A hang would still be
// caught by the test timeout rather than block CI; nothing here times a case.
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { validateConfig } from '@shopsim/core';
import { isPlainObject } from './document.ts';
import { ScenarioErrors } from './errors.ts';
import { loadScenarioFile, type Scenario } from './load.ts';

const shipped = fileURLToPath(new URL('../../../scenarios/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'shopsim-load-properties-'));
// The shipped files sit beside each case, so their relative extends resolve.
cpSync(shipped, dir, { recursive: true });
const CASE = join(dir, 'case.yaml');

/** Loads `text` as a scenario file and checks the outcome is one of the two allowed kinds. */
function loadText(text: string): Scenario | ScenarioErrors {
  writeFileSync(CASE, text);
  let outcome: Scenario | ScenarioErrors;
  try {
    outcome = loadScenarioFile(CASE);
  } catch (e) {
    // Anything but ScenarioErrors escapes and fails the property, with its stack.
    if (!(e instanceof ScenarioErrors)) throw e;
    outcome = e;
  }
  if (outcome instanceof ScenarioErrors) expectErrorsPointIntoTheFile(outcome, text);
  else expect(validateConfig(outcome.config)).toEqual([]);
  return outcome;
}

function expectErrorsPointIntoTheFile(errors: ScenarioErrors, text: string): void {
  const lines = text.split(/\r?\n/);
  expect(errors.errors.length).toBeGreaterThan(0);
  for (const e of errors.errors) {
    expect(e.message, 'every error says what is wrong').not.toBe('');
    expect(typeof e.path).toBe('string');
    expect(Number.isInteger(e.line) && e.line >= 0, `line ${e.line}`).toBe(true);
    if (e.line > 0) {
      expect(e.column, 'a place in the file has a column from 1').toBeGreaterThanOrEqual(1);
      // The shown line is the file's own line at that number.
      if (e.file === CASE) expect(e.sourceLine).toBe(lines[e.line - 1]);
    }
  }
  expect(errors.format()).not.toMatch(/\n\s+at \S+:\d+:\d+/); // no stack trace
}

// ---------------------------------------------------------------- arbitrary text

// Pieces of YAML and of scenario files, so random text reaches past the parser.
const TOKENS = [
  'name: x', 'description: y?', 'days: 3', 'shoppers: 10', 'markets:', 'levers:', 'warehouseShare:', 'experiment:', 'extends:',
  './case.yaml', './2024.yaml', './missing.yaml', '/dev/zero', 'timeline:', 'kind: festival', ' ', '  ', '\n', '\n  ', '- ', ': ', ':',
  ',', '[', ']', '{', '}', '"', "'", '#', '&a ', '*a', '<<: *a', '!!js/function ', '!tag ', '? ', '|', '>-', '---', '...', '%YAML 1.2',
  '\t', '~', 'null', '0.5', '-1', '1e309', '.nan', 'day', 'min(0.9, day / 30)', 'import("fs")', 'true', '\u00a0', '\ufeff', '\r\n',
];
const yamlish = fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((parts) => parts.join(''));
const arbitraryText = fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: 'grapheme-ascii', maxLength: 300 }), yamlish);

// ---------------------------------------------------------------- near-valid documents

/** A small valid scenario touching most of the format: markets, levers, an expression, a timeline, an experiment. */
const BASE = {
  name: 'near valid',
  description: 'Does the loader stay calm?',
  days: 20,
  shoppers: 100,
  seeds: [1, 2],
  constants: { ramp: 10 },
  markets: {
    north: { shopperShare: 0.6, orderValue: 50, paymentPreferences: { card: 0.7, paypal: 0.3 }, calendar: [{ name: 'sale', startDay: 3, days: 2, visitMultiplier: 2 }] },
    south: { shopperShare: 0.4, orderValue: 30, paymentPreferences: { card: 0.5, cod: 0.5 }, levers: { warehouseShare: 'min(0.9, day / ramp)' } },
  },
  levers: {
    warehouseShare: 0.5,
    directMail: { deliveryDays: { p10: 8, p90: 16 } },
    paymentMethods: { card: { feeShare: 0.02, failureRate: 0.03 }, cod: null },
    afterSales: { returnCycleDays: 7, localReturnPoints: true },
  },
  timeline: [
    { kind: 'disruption', startDay: 5, days: 5, transitMultiplier: 2, warehouseExposure: 0.2, markets: ['south'] },
    { kind: 'intervention', day: 10, markets: ['south'], levers: { paymentMethods: { cod: { feeShare: 0.03, failureRate: 0.05 } } } },
  ],
  experiment: {
    policies: { grid: { 'levers.warehouseShare': [0.2, 0.8] } },
    uncertainties: { 'latin-hypercube': { n: 3, ranges: { 'timeline.0.transitMultiplier': { min: 1, max: 3 } } } },
    replications: 2,
  },
};

type Seg = string | number;
type Mutation =
  | { op: 'set'; at: number; value: unknown }
  | { op: 'delete'; at: number }
  | { op: 'rename'; at: number; key: string }
  | { op: 'add'; at: number; key: string; value: unknown };

// Values that are almost right somewhere: edges of ranges, names of markets and methods, expressions, paths.
const EDGE_VALUES: unknown[] = [
  0, 1, -1, 0.5, 1.0000001, 2, 1e9, 36500, 36501, -0, '', 'day', 'day * 2', 'min(0.9, day / ramp)', 'ramp', 'x +', 'import("fs")',
  null, true, false, [], {}, 'north', 'south', 'norht', 'card', 'paypall', 'disruption', 'festival', 'intervention', 'factorial',
  'paired', 'sampled', './missing.yaml', './case.yaml', '.', './2024.yaml', '/dev/zero', 'levers.warehouseShare', 'markets.nowhere.orderValue',
  { min: 0, max: 1 }, { from: 0, to: 1, steps: 3 }, [0.1, 0.9], { p10: 16, p90: 8 }, { n: 4, ranges: {} },
];
const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...EDGE_VALUES) },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);
const key = fc.oneof(fc.constantFrom('name', 'days', 'kind', 'levers', 'markets', 'shopers', 'warehouseshare', 'extends', '__proto__', 'constructor', 'n', 'list'), fc.string({ maxLength: 10 }));
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('set' as const), at: fc.nat(), value }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('rename' as const), at: fc.nat(), key }),
  fc.record({ op: fc.constant('add' as const), at: fc.nat(), key, value }),
);

function paths(v: unknown, prefix: Seg[] = [], out: Seg[][] = []): Seg[][] {
  out.push(prefix);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...prefix, i], out));
  else if (isPlainObject(v)) for (const [k, x] of Object.entries(v)) paths(x, [...prefix, k], out);
  return out;
}

function at(doc: unknown, path: Seg[]): unknown {
  return path.reduce<unknown>((v, seg) => (v as Record<Seg, unknown>)[seg], doc);
}

/** Applies one mutation to the document; the root may be replaced by a value. */
function mutate(doc: unknown, m: Mutation): unknown {
  const all = paths(doc);
  const path = all[m.at % all.length]!;
  if (m.op === 'add') {
    const containers = all.filter((p) => isPlainObject(at(doc, p)) || Array.isArray(at(doc, p)));
    if (containers.length === 0) return doc;
    const target = at(doc, containers[m.at % containers.length]!);
    if (Array.isArray(target)) target.push(m.value);
    else Object.defineProperty(target, m.key, { value: m.value, enumerable: true, configurable: true, writable: true });
    return doc;
  }
  if (path.length === 0) return m.op === 'set' ? m.value : doc;
  const parent = at(doc, path.slice(0, -1)) as Record<Seg, unknown> | unknown[];
  const last = path[path.length - 1]!;
  if (m.op === 'set') (parent as Record<Seg, unknown>)[last] = m.value;
  else if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else {
    const old = parent[last];
    delete parent[last];
    if (m.op === 'rename') Object.defineProperty(parent, m.key, { value: old, enumerable: true, configurable: true, writable: true });
  }
  return doc;
}

const nearValidText = fc.array(mutation, { minLength: 1, maxLength: 3 }).map((ms) => {
  const doc = ms.reduce<unknown>((d, m) => mutate(d, m), structuredClone(BASE));
  return stringify(doc);
});

// ---------------------------------------------------------------- shipped files, cut and spliced

const shippedTexts = readdirSync(shipped).filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(join(shipped, f), 'utf8'));
const edit = fc.record({ pos: fc.nat(), cut: fc.nat({ max: 12 }), insert: fc.oneof(fc.constantFrom(...TOKENS), fc.constant('')) });
const splicedShippedText = fc.tuple(fc.nat({ max: shippedTexts.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 3 })).map(([i, edits]) =>
  edits.reduce((text, e) => {
    const pos = e.pos % (text.length + 1);
    return text.slice(0, pos) + e.insert + text.slice(pos + e.cut);
  }, shippedTexts[i]!),
);

// ---------------------------------------------------------------- the properties

describe('loading any file', () => {
  it('the near-valid base document is itself a valid scenario', () => {
    const outcome = loadText(stringify(BASE));
    expect(outcome, outcome instanceof ScenarioErrors ? outcome.format() : '').not.toBeInstanceOf(ScenarioErrors);
  });

  it('arbitrary text gives a scenario or scenario errors, never another exception', () => {
    fc.assert(fc.property(arbitraryText, (text) => void loadText(text)), { numRuns: 300 });
  });

  it('near-valid documents give a scenario or scenario errors at places in the file', () => {
    let errors = 0;
    fc.assert(
      fc.property(nearValidText, (text) => {
        if (loadText(text) instanceof ScenarioErrors) errors++;
      }),
      { numRuns: 150 },
    );
    // The mutations must reach the checks; a generator that only made valid files would test nothing.
    expect(errors).toBeGreaterThan(0);
  });

  it('shipped scenarios with cut and spliced text give a scenario or scenario errors', () => {
    fc.assert(fc.property(splicedShippedText, (text) => void loadText(text)), { numRuns: 60 });
  });
});
