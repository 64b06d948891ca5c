// Every check of a merged scenario document, each giving errors at a place:
// the schema (types, ranges, unknown keys), cross-field rules, and lever
// expressions evaluated on every day of the run.
import type { z } from 'zod';
import { errorAt, getPath, isPlainObject, type Data, type Located } from './document.ts';
import { closest, suggestion, type ScenarioError } from './errors.ts';
import { compileExpression, ExpressionError, RESERVED_NAMES, type DayFunction } from './expression.ts';
import { defaultScenario, inRange, rangeText, RUN_LIMITS, type Range, type Unit } from '@shopsim/core';
import { annotatedJsonSchema, LEVER_RANGES, scenarioSchema } from './schema.ts';

type JsonNode = Record<string, unknown>;

let jsonSchema: JsonNode | undefined;
const schemaRoot = (): JsonNode => (jsonSchema ??= annotatedJsonSchema());

/** The JSON Schema nodes that may describe a key path (several under unions). */
export function schemaNodesAt(path: string[]): JsonNode[] {
  let nodes = [schemaRoot()];
  for (const seg of path) {
    const next: JsonNode[] = [];
    for (const n of expand(nodes)) {
      const props = n.properties as Record<string, JsonNode> | undefined;
      if (props && Object.hasOwn(props, seg)) next.push(props[seg]!);
      else if (isPlainObject(n.additionalProperties)) next.push(n.additionalProperties);
      else if (Array.isArray(n.prefixItems) && /^\d+$/.test(seg)) {
        const item = (n.prefixItems as JsonNode[])[Number(seg)];
        if (item) next.push(item);
      } else if (isPlainObject(n.items)) next.push(n.items);
    }
    nodes = next;
  }
  return expand(nodes);
}

function expand(nodes: JsonNode[]): JsonNode[] {
  const out: JsonNode[] = [];
  const visit = (n: JsonNode, depth: number) => {
    out.push(n);
    if (depth > 4) return;
    for (const k of ['anyOf', 'oneOf', 'allOf']) {
      const list = n[k];
      if (Array.isArray(list)) for (const m of list) if (isPlainObject(m)) visit(m, depth + 1);
    }
  };
  for (const n of nodes) visit(n, 0);
  return out;
}

function knownKeys(path: string[]): string[] {
  const keys = new Set<string>();
  for (const n of schemaNodesAt(path)) {
    const props = n.properties as Record<string, unknown> | undefined;
    if (props) for (const k of Object.keys(props)) keys.add(k);
  }
  return [...keys];
}

function unitAt(path: string[]): string | undefined {
  for (const n of schemaNodesAt(path)) if (typeof n.unit === 'string') return n.unit;
  return undefined;
}

const UNIT_WORDS: Record<string, string> = {
  share: 'a share from 0 to 1',
  probability: 'a probability from 0 to 1',
  days: 'days',
  day: 'day of the run, from 0',
  hours: 'hours',
  'money units': 'money units (the model has no currency)',
  factor: 'a multiplier',
  flag: '1 or 0',
  count: 'a count',
  stars: 'stars',
  'per day': 'per day',
  'per year': 'per year',
};

function describeValue(v: unknown): string {
  if (v === null) return 'null (~)';
  if (Array.isArray(v)) return 'a list';
  if (isPlainObject(v)) return 'a map';
  if (typeof v === 'string') return `the text "${v.length > 40 ? `${v.slice(0, 40)}...` : v}"`;
  return `${typeof v} ${String(v)}`;
}

const EXPECTED_WORDS: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  boolean: 'true or false',
  object: 'a map of keys',
  array: 'a list',
  record: 'a map of keys',
  tuple: 'a list',
  null: 'null',
};

// ---------------------------------------------------------------- schema

export function schemaErrors(doc: Located): ScenarioError[] {
  const result = scenarioSchema.safeParse(doc.value, { reportInput: true });
  if (result.success) return [];
  const out: ScenarioError[] = [];
  for (const issue of result.error.issues) out.push(...translate(doc, issue));
  return out;
}

function translate(doc: Located, issue: z.core.$ZodIssue): ScenarioError[] {
  const segs = issue.path.map(String);
  const path = segs.join('.');
  const input = (issue as { input?: unknown }).input;
  const unit = unitAt(segs);
  const unitText = unit && UNIT_WORDS[unit] ? ` (${UNIT_WORDS[unit]})` : '';
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeys(segs);
      return issue.keys.map((k) => {
        const keyPath = path === '' ? k : `${path}.${k}`;
        return errorAt(doc, keyPath, `unknown key "${k}"`, suggestion(k, known), true);
      });
    }
    case 'invalid_type': {
      if (input === undefined) return [missingKey(doc, segs)];
      const expected = EXPECTED_WORDS[issue.expected] ?? issue.expected;
      const quote = issue.expected === 'string' && (typeof input === 'number' || typeof input === 'boolean') ? `write it in quotes: "${String(input)}"` : undefined;
      return [errorAt(doc, path, `expected ${expected}${unitText}, got ${describeValue(input)}`, quote)];
    }
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const limit = small ? (issue as { minimum: number | bigint }).minimum : (issue as { maximum: number | bigint }).maximum;
      const inclusive = (issue as { inclusive?: boolean }).inclusive !== false;
      if (issue.origin === 'number' || issue.origin === 'int') {
        const bound = small ? (inclusive ? `at least ${limit}` : `more than ${limit}`) : inclusive ? `at most ${limit}` : `less than ${limit}`;
        return [errorAt(doc, path, `must be ${bound}${unitText}, got ${String(input)}`)];
      }
      if (issue.origin === 'array') return [errorAt(doc, path, small ? `needs at least ${limit} entr${limit === 1 ? 'y' : 'ies'}` : `has more than ${limit} entries`)];
      if (issue.origin === 'string') return [errorAt(doc, path, small ? 'must not be empty' : `is longer than ${limit} characters`)];
      return [errorAt(doc, path, issue.message)];
    }
    case 'invalid_union': {
      if (input === undefined && getPath(doc.value, path) === undefined) return [missingKey(doc, segs)];
      const note = (issue as { note?: string }).note;
      if (note === 'No matching discriminator') {
        const options = ((issue as { options?: unknown[] }).options ?? []).map(String);
        const got = typeof input === 'string' ? input : undefined;
        const hint = got !== undefined ? suggestion(got, options) : `one of: ${options.join(', ')}`;
        const missing = got === undefined && getPath(doc.value, path) === undefined;
        return [errorAt(doc, path, missing ? `missing "kind" (one of: ${options.join(', ')})` : `unknown kind ${describeValue(input)}`, hint)];
      }
      const expected = new Set<string>();
      for (const branch of issue.errors) {
        for (const e of branch) if (e.code === 'invalid_type' && e.path.length === 0) expected.add(EXPECTED_WORDS[e.expected] ?? e.expected);
      }
      const anyExpression = schemaNodesAt(segs).some((n) => typeof n.description === 'string' && (n.description as string).startsWith('a mathjs expression'));
      const words = [...expected].map((w) => (w === 'text' && anyExpression ? 'an expression' : w));
      const hint = anyExpression ? 'e.g. 0.5 or "min(0.9, 0.4 + day / 730)"' : undefined;
      return [errorAt(doc, path, `expected ${words.join(' or ') || 'another value'}${unitText}, got ${describeValue(input)}`, hint)];
    }
    case 'invalid_value': {
      const values = issue.values.map(String);
      const got = typeof input === 'string' ? input : String(input);
      return [errorAt(doc, path, `must be ${values.length === 1 ? `"${values[0]}"` : `one of: ${values.join(', ')}`}, got ${describeValue(input)}`, values.length > 1 ? suggestion(got, values) : undefined)];
    }
    case 'invalid_key': {
      const inner = issue.issues[0]?.message ?? 'invalid key';
      return [errorAt(doc, path, `bad key "${segs[segs.length - 1]}": ${inner}`, undefined, true)];
    }
    case 'invalid_format':
      return [errorAt(doc, path, `${issue.message}, got ${describeValue(input)}`)];
    default:
      return [errorAt(doc, path, issue.message)];
  }
}

/** A required key (a leaf without a default) that the document leaves out. */
function missingKey(doc: Located, segs: string[]): ScenarioError {
  const key = segs[segs.length - 1] ?? '';
  if (segs.length === 3 && segs[0] === 'markets') {
    // A market that lacks what every market has is most often a misspelt id (in a file that extends another: a new market).
    const id = segs[1]!;
    const markets = getPath(doc.value, 'markets');
    const best = closest(id, Object.keys(isPlainObject(markets) ? markets : {}).filter((m) => m !== id));
    if (best !== undefined) return errorAt(doc, `markets.${id}`, `unknown market "${id}"`, `did you mean "${best}"? (a new market needs ${key} and the other keys of a market)`, true);
  }
  const parent = segs.slice(0, -1).join('.');
  const desc = schemaNodesAt(segs).find((n) => typeof n.description === 'string')?.description as string | undefined;
  return errorAt(doc, parent, `missing required key "${key}"${parent ? ` in ${parent}` : ''}`, desc ? `${key}: ${desc}` : undefined, true);
}

// ---------------------------------------------------------------- cross-field rules

const SUM_TOLERANCE = 1e-6;

export function crossFieldErrors(doc: Located): ScenarioError[] {
  const out: ScenarioError[] = [];
  const d = doc.value;
  const markets = isPlainObject(d.markets) ? d.markets : {};
  const marketIds = Object.keys(markets);

  // Market shares and payment preferences sum to 1.
  const shares = Object.entries(markets).map(([id, m]) => [id, isPlainObject(m) ? m.shopperShare : undefined] as const);
  if (shares.length > 0 && shares.every(([, s]) => typeof s === 'number')) {
    const sum = shares.reduce((a, [, s]) => a + (s as number), 0);
    if (Math.abs(sum - 1) > SUM_TOLERANCE) {
      out.push(errorAt(doc, 'markets', `shopperShare of all markets must sum to 1, they sum to ${round(sum)}`, `now: ${shares.map(([id, s]) => `${id} ${s}`).join(', ')}`, true));
    }
  }
  const declared = isPlainObject(d.levers) && isPlainObject(d.levers.paymentMethods) ? Object.keys(d.levers.paymentMethods) : [];
  for (const [id, m] of Object.entries(markets)) {
    if (!isPlainObject(m) || !isPlainObject(m.paymentPreferences)) continue;
    const prefs = Object.entries(m.paymentPreferences);
    if (prefs.every(([, v]) => typeof v === 'number')) {
      const sum = prefs.reduce((a, [, v]) => a + (v as number), 0);
      if (Math.abs(sum - 1) > SUM_TOLERANCE) {
        out.push(errorAt(doc, `markets.${id}.paymentPreferences`, `payment preferences must sum to 1, they sum to ${round(sum)}`, 'scale the shares so they add up to 1', true));
      }
    }
    for (const [method] of prefs) {
      if (!declared.includes(method)) out.push(unknownMethod(doc, `markets.${id}.paymentPreferences.${method}`, method, declared));
    }
  }

  // Lever patches name declared payment methods; p10 < p90.
  const patches: string[] = ['levers', ...marketIds.map((id) => `markets.${id}.levers`)];
  const timeline = Array.isArray(d.timeline) ? d.timeline : [];
  timeline.forEach((_, i) => patches.push(`timeline.${i}.levers`));
  for (const p of patches) {
    const lv = getPath(d, p);
    if (!isPlainObject(lv)) continue;
    if (p !== 'levers' && isPlainObject(lv.paymentMethods)) {
      for (const method of Object.keys(lv.paymentMethods)) {
        if (!declared.includes(method)) out.push(unknownMethod(doc, `${p}.paymentMethods.${method}`, method, declared));
      }
    }
    for (const mode of ['directMail', 'warehouse']) {
      const dd = getPath(lv, `${mode}.deliveryDays`);
      if (isPlainObject(dd) && typeof dd.p10 === 'number' && typeof dd.p90 === 'number' && !(dd.p10 < dd.p90)) {
        out.push(errorAt(doc, `${p}.${mode}.deliveryDays`, `p10 (${dd.p10}) must be less than p90 (${dd.p90})`, 'p10: 10% of parcels arrive sooner; p90: 10% arrive later', true));
      }
    }
  }

  // Timeline events name defined markets.
  timeline.forEach((e, i) => {
    if (!isPlainObject(e) || !Array.isArray(e.markets)) return;
    e.markets.forEach((id, j) => {
      if (typeof id !== 'string' || marketIds.includes(id)) return;
      const best = closest(id, marketIds);
      out.push(errorAt(doc, `timeline.${i}.markets.${j}`, `unknown market "${id}"`, best ? `did you mean "${best}"?` : `known markets: ${marketIds.join(', ')}`));
    });
  });

  // Run length, seeds.
  if (typeof d.warmupDays === 'number' && typeof d.days === 'number' && d.warmupDays >= d.days) {
    out.push(errorAt(doc, 'warmupDays', `must be less than days (${d.days}), got ${d.warmupDays}`));
  }
  if (d.seeds !== undefined && d.replications !== undefined) {
    out.push(errorAt(doc, 'replications', 'give either seeds or replications, not both', 'replications: R means seeds 1..R', true));
  }
  if (isPlainObject(d.constants)) {
    for (const name of Object.keys(d.constants)) {
      if (RESERVED_NAMES.has(name)) out.push(errorAt(doc, `constants.${name}`, `"${name}" is taken by expressions`, 'choose another name', true));
    }
  }
  if (isPlainObject(d.calibration) && d.calibration.year === undefined && d.calibration.leverEffect === undefined) {
    out.push(errorAt(doc, 'calibration', 'the calibration block does not say which target it stands for', 'add year: "2024" or leverEffect: { id: <lever effect id>, role: base }', true));
  }
  if (isPlainObject(d.behaviour)) {
    const b = d.behaviour;
    const cuts = b.ratingCuts;
    if (Array.isArray(cuts) && cuts.every((c) => typeof c === 'number') && !cuts.every((c, i) => i === 0 || c > (cuts[i - 1] as number))) {
      out.push(errorAt(doc, 'behaviour.ratingCuts', 'the four cut points must increase', 'e.g. [-1.6, -0.8, 0, 0.9]'));
    }
  }
  return out;
}

/**
 * Timeline events that start on or after the run's last day: they would
 * change nothing. The loader makes them errors, unless the run was shortened
 * by an override (--days) rather than by the file.
 */
export function eventsOutsideRun(doc: Located): ScenarioError[] {
  const d = doc.value;
  const days = typeof d.days === 'number' ? d.days : DEFAULT_DAYS;
  const out: ScenarioError[] = [];
  (Array.isArray(d.timeline) ? d.timeline : []).forEach((e, i) => {
    if (!isPlainObject(e)) return;
    const key = e.kind === 'intervention' ? 'day' : 'startDay';
    const start = e[key];
    if (typeof start !== 'number' || start < days) return;
    const what = typeof e.label === 'string' ? `"${e.label}"` : `this ${String(e.kind ?? 'event')}`;
    out.push(errorAt(doc, `timeline.${i}.${key}`, `${what} starts on day ${start}, after the run's last day (${days - 1}): it changes nothing`, `the run has days 0 to ${days - 1}; move the event or lengthen days`));
  });
  return out;
}

const DEFAULT_DAYS = defaultScenario().days;

function unknownMethod(doc: Located, path: string, method: string, declared: string[]): ScenarioError {
  const best = closest(method, declared);
  return errorAt(
    doc,
    path,
    `payment method "${method}" is not declared under levers.paymentMethods`,
    best ? `did you mean "${best}"? (or declare "${method}" there, ~ if only some markets offer it)` : `declare it under levers.paymentMethods (~ if only some markets offer it)`,
    true,
  );
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

// ---------------------------------------------------------------- expressions

/** Lever paths (from "levers", a market's or an intervention's levers) holding expressions. */
/** Lever roots, each with the first day its values apply: an intervention's from its own day. */
function leverRoots(d: Data): { root: string; from: number }[] {
  const roots = [{ root: 'levers', from: 0 }];
  if (isPlainObject(d.markets)) for (const id of Object.keys(d.markets)) roots.push({ root: `markets.${id}.levers`, from: 0 });
  if (Array.isArray(d.timeline)) {
    d.timeline.forEach((e, i) => {
      const day = isPlainObject(e) && typeof e.day === 'number' && Number.isInteger(e.day) && e.day > 0 ? e.day : 0;
      roots.push({ root: `timeline.${i}.levers`, from: day });
    });
  }
  return roots;
}

/** The range key of a lever path relative to its levers root. */
function rangeKey(rel: string): string {
  const segs = rel.split('.');
  if (segs[0] === 'paymentMethods' && segs.length === 3) return `paymentMethods.*.${segs[2]}`;
  return rel;
}

/** Each lever expression of the document: its path, text and range. */
function leverExpressions(d: Data): { path: string; text: string; from: number; spec: { unit: Unit; range: Range } }[] {
  const out: ReturnType<typeof leverExpressions> = [];
  for (const { root, from } of leverRoots(d)) {
    const walk = (v: unknown, rel: string) => {
      if (isPlainObject(v)) {
        for (const [k, child] of Object.entries(v)) walk(child, rel === '' ? k : `${rel}.${k}`);
        return;
      }
      if (typeof v !== 'string') return;
      const spec = LEVER_RANGES.get(rangeKey(rel));
      if (spec) out.push({ path: `${root}.${rel}`, text: v, from, spec }); // else not a lever value: the schema reports it
    };
    walk(getPath(d, root), '');
  }
  return out;
}

function constantsOf(d: Data): Record<string, number> {
  const constants: Record<string, number> = {};
  if (isPlainObject(d.constants)) for (const [k, v] of Object.entries(d.constants)) if (typeof v === 'number') constants[k] = v;
  return constants;
}

/** The compiled expressions of a document already checked (no day-by-day range check). */
export function compiledExpressions(d: Data): Map<string, DayFunction> {
  const constants = constantsOf(d);
  return new Map(leverExpressions(d).map((e) => [e.path, compileExpression(e.text, constants)]));
}

/**
 * Compiles every lever expression (once) and evaluates it on each day of the
 * run against its lever's range. Returns the compiled functions by path.
 */
export function expressionChecks(doc: Located): { errors: ScenarioError[]; functions: Map<string, DayFunction> } {
  const errors: ScenarioError[] = [];
  const functions = new Map<string, DayFunction>();
  const d = doc.value;
  const constants = constantsOf(d);
  const days = typeof d.days === 'number' && Number.isInteger(d.days) && d.days >= RUN_LIMITS.days.min && d.days <= RUN_LIMITS.days.max ? d.days : 365;
  for (const { path, text, from, spec } of leverExpressions(d)) {
    let fn: DayFunction;
    try {
      fn = compileExpression(text, constants);
    } catch (e) {
      if (!(e instanceof ExpressionError)) throw e;
      errors.push(errorAt(doc, path, e.message, e.hint));
      continue;
    }
    // An intervention's levers apply from its day on: checked from there (days before it need not make sense).
    const bad = firstDayOutside(fn, spec.range, from, days);
    if (bad !== undefined) {
      const what = Number.isNaN(bad.value) ? 'gives no number' : `is ${bad.value}`;
      errors.push(errorAt(doc, path, `expression ${what} on day ${bad.day}, outside ${rangeText(spec.range)}${spec.unit ? ` (${UNIT_WORDS[spec.unit] ?? spec.unit})` : ''}`, 'bound it, e.g. with min(...) and max(...)'));
      continue;
    }
    functions.set(path, fn);
  }
  return { errors, functions };
}

/** The first day in [from, to) whose value is outside the range. */
function firstDayOutside(fn: DayFunction, range: Range, from: number, to: number): { day: number; value: number } | undefined {
  for (let day = from; day < to; day++) {
    const value = fn(day);
    if (!inRange(value, range)) return { day, value };
  }
  return undefined;
}
