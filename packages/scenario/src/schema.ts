// The scenario file format as a zod schema: every key with its unit, range,
// default and meaning. The JSON Schema (`shopsim schema`) and the key
// reference (docs/scenarios.md) are generated from it.
import { z } from 'zod';
import {
  BEHAVIOUR_ROWS, LEVER_GROUPS, LEVER_ROWS, LEVERS_2024, MARKET_TRAIT_ROWS, PAYMENT_ROWS, RATING_CUTS, RUN_LIMITS, defaultScenario,
  type Levers, type Range, type Unit,
} from '@shopsim/core';
import { MAX_GRID_STEPS, MAX_SEEDS } from './experiment.ts';

export type { Range, Unit } from '@shopsim/core';

/** Meaning, unit and default of a key, carried into the JSON Schema. */
interface Meta {
  description: string;
  unit?: Unit;
  default?: unknown;
}

const NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;
const CONSTANT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const EXPRESSION_DESCRIPTION =
  'a mathjs expression of `day` (0-based day of the run) and the scenario constants, e.g. "min(0.9, 0.4 + day / 730)"';

const expression = z.string().min(1).meta({ description: EXPRESSION_DESCRIPTION });

function number(range: Range, integer = false) {
  let s = integer ? z.number().int() : z.number();
  if (range.min !== undefined) s = range.minExclusive ? s.gt(range.min) : s.min(range.min);
  if (range.max !== undefined) s = s.max(range.max);
  return s;
}

function withMeta<T extends z.ZodType>(schema: T, meta: Meta): T {
  const m: Record<string, unknown> = { description: meta.description };
  if (meta.unit !== undefined) m.unit = meta.unit;
  if (meta.default !== undefined) m.default = meta.default;
  return schema.meta(m);
}

const SHARE: Range = { min: 0, max: 1 };
const NON_NEGATIVE: Range = { min: 0 };
const POSITIVE: Range = { min: 0, minExclusive: true };

// ---------------------------------------------------------------- levers

/** The range of every day-varying lever, by lever path ("afterSales.aiShare", "paymentMethods.*.feeShare"). */
export const LEVER_RANGES = new Map<string, { unit: Unit; range: Range }>([
  ...LEVER_ROWS.filter((r) => !('fixed' in r)).map((r): [string, { unit: Unit; range: Range }] => [r.path, { unit: r.unit, range: r.range }]),
  ...PAYMENT_ROWS.map((r): [string, { unit: Unit; range: Range }] => [`paymentMethods.*.${r.key}`, { unit: r.unit, range: r.range }]),
]);

interface Leaf {
  unit: Unit;
  range: Range;
  description: string;
  fixed?: true;
}

const describe = (l: Leaf) => (l.unit === 'flag' ? `${l.description} (true/false, 1/0, or an expression giving 1 or 0)` : l.description);

/** A lever value: a number in range, or an expression (and for flags, true/false); a fixed one is a number only. */
function leverValue(l: Leaf, dflt: unknown) {
  if (l.fixed) return withMeta(number(l.range), { description: describe(l), unit: l.unit });
  const schema = l.unit === 'flag' ? z.union([z.boolean(), number(l.range), expression]) : z.union([number(l.range), expression]);
  return withMeta(schema, { description: describe(l), unit: l.unit, default: dflt }).optional();
}

/** A group of levers: its leaves and subgroups by key, in the rows' order. */
type Group = Map<string, Leaf | Group>;
const isGroup = (n: Leaf | Group): n is Group => n instanceof Map;

/** The lever rows as a tree of groups by path. */
function leverTree(): Group {
  const root: Group = new Map();
  for (const row of LEVER_ROWS) {
    const keys = row.path.split('.');
    let g = root;
    for (const k of keys.slice(0, -1)) {
      if (!g.has(k)) g.set(k, new Map());
      g = g.get(k) as Group;
    }
    g.set(keys[keys.length - 1]!, row);
  }
  return root;
}

const LEVER_TREE = leverTree();

const pick = (d: unknown, path: string): unknown => {
  let v = d;
  for (const k of path.split('.')) v = v === undefined || v === null ? undefined : (v as Record<string, unknown>)[k];
  return typeof v === 'function' ? undefined : v;
};

/** One group of levers; its fixed leaves (a delivery-time range) are given together, so the group carries their default. */
function groupSchema(g: Group, path: string, defaults: Levers | undefined) {
  const shape: Record<string, z.ZodType> = {};
  for (const [k, node] of g) {
    const p = path === '' ? k : `${path}.${k}`;
    if (!isGroup(node)) {
      shape[k] = leverValue(node, defaults === undefined ? undefined : pick(defaults, p));
      continue;
    }
    const meta: Meta = { description: LEVER_GROUPS[p as keyof typeof LEVER_GROUPS] ?? p };
    if ([...node.values()].some((l) => !isGroup(l) && l.fixed) && defaults !== undefined) meta.default = pick(defaults, p);
    shape[k] = withMeta(groupSchema(node, p, defaults), meta).optional();
  }
  if (path === '') shape.paymentMethods = paymentMethods(defaults?.paymentMethods, defaults === undefined);
  return z.strictObject(shape);
}

const paymentMethodName = z.string().regex(NAME, 'a payment method name starts with a letter and holds letters, digits, "-" and "_"');

function paymentMethods(defaults: unknown, patch: boolean) {
  // No payment lever has a default: a method offered at the top level gives every one (a half-specified
  // method is an error); a market or an intervention changes only what differs.
  const shape: Record<string, z.ZodType> = {};
  for (const r of PAYMENT_ROWS) {
    const dflt = 'default' in r ? r.default : undefined;
    // In a patch a key left out keeps the value it patches: no default to show.
    const value = withMeta(z.union([number(r.range), expression]), { description: r.description, unit: r.unit, default: patch ? undefined : dflt });
    shape[r.key] = patch || dflt !== undefined ? value.optional() : value;
  }
  const offer = withMeta(z.strictObject(shape), { description: 'fee and failure rate of one payment method' });
  const offerOrNone = withMeta(offer.nullable(), { description: 'fee and failure rate of this payment method, or ~ (null) for not offered' });
  return withMeta(z.record(paymentMethodName, offerOrNone), {
    description: patch
      ? 'payment methods offered at checkout, by method name; a method set to null (~) is withdrawn here'
      : 'payment methods offered at checkout, by method name; a method set to null (~) is not offered',
    default: defaults,
  }).optional();
}

/** The levers: complete defaults at the top level, a patch in markets and interventions. */
export function leversSchema(defaults: Levers | undefined, description: string) {
  return withMeta(groupSchema(LEVER_TREE, '', defaults), { description });
}

// ---------------------------------------------------------------- markets

/** Market traits a file may leave out, and their values. */
export const MARKET_DEFAULTS = {
  visitsPerDay: 0.03,
  alternativePaymentAcceptance: 0.28,
  expectedDeliveryDays: 7,
  referenceDeliveryDays: 4,
  expectedFirstResponseHours: 24,
  toleratedResolutionDays: 7,
  priceSensitivity: 1.5,
  deliverySensitivity: 0.07,
  deliveryCostMultiplier: 1,
};

const field = (range: Range, meta: Meta, integer = false) => withMeta(number(range, integer), meta);

/** A market trait's range: core's MARKET_TRAIT_ROWS, which core's checks use too. */
const traitRange = (name: (typeof MARKET_TRAIT_ROWS)[number]['name']): Range => MARKET_TRAIT_ROWS.find((r) => r.name === name)!.range;

const calendarPeriod = withMeta(z.strictObject({
  name: withMeta(z.string().min(1), { description: 'name of the festival or season' }),
  startDay: field(NON_NEGATIVE, { description: 'first day of the period (0-based day of the run)', unit: 'day' }, true),
  days: field({ min: 1 }, { description: 'length of the period', unit: 'days' }, true),
  visitMultiplier: field(POSITIVE, { description: 'multiplier on visit rates during the period', unit: 'factor' }),
}), { description: 'one festival or season of the market' });

const marketSchema = withMeta(z.strictObject({
  name: withMeta(z.string().min(1), { description: 'name shown in tables', default: 'the market id' }).optional(),
  shopperShare: field(SHARE, { description: 'share of the shopper population; all markets sum to 1', unit: 'share' }),
  orderValue: field(traitRange('orderValue'), { description: 'mean order value at price index 1', unit: 'money units' }),
  visitsPerDay: field(traitRange('visitsPerDay'), { description: 'visits per shopper per day for a shopper of average loyalty', unit: 'per day', default: MARKET_DEFAULTS.visitsPerDay }).optional(),
  paymentPreferences: withMeta(z.record(paymentMethodName, withMeta(number(SHARE), { description: 'share of shoppers here who prefer this method', unit: 'share' })), {
    description: 'share of shoppers preferring each payment method; sums to 1',
    unit: 'share',
  }),
  alternativePaymentAcceptance: field(traitRange('alternativePaymentAcceptance'), {
    description: 'probability a shopper accepts an offered alternative when the preferred method is missing, on a platform rated 3.5 stars (behaviour.altPaymentRatingWeight shifts it with the rating)',
    unit: 'probability',
    default: MARKET_DEFAULTS.alternativePaymentAcceptance,
  }).optional(),
  expectedDeliveryDays: field(traitRange('expectedDeliveryDays'), { description: "delivery time a shopper here expects before any experience of the platform (each shopper's learned expectation starts here)", unit: 'days', default: MARKET_DEFAULTS.expectedDeliveryDays }).optional(),
  referenceDeliveryDays: field(traitRange('referenceDeliveryDays'), { description: 'the reference standard: how fast domestic e-commerce delivers here; learned expectations are pulled towards it', unit: 'days', default: MARKET_DEFAULTS.referenceDeliveryDays }).optional(),
  expectedFirstResponseHours: field(traitRange('expectedFirstResponseHours'), { description: 'first-response time shoppers here expect', unit: 'hours', default: MARKET_DEFAULTS.expectedFirstResponseHours }).optional(),
  toleratedResolutionDays: field(traitRange('toleratedResolutionDays'), { description: 'resolution time shoppers here tolerate on average', unit: 'days', default: MARKET_DEFAULTS.toleratedResolutionDays }).optional(),
  priceSensitivity: field(traitRange('priceSensitivity'), { description: 'mean price sensitivity (logit weight on log price index)', unit: 'weight', default: MARKET_DEFAULTS.priceSensitivity }).optional(),
  deliverySensitivity: field(traitRange('deliverySensitivity'), { description: 'mean delivery-time sensitivity (logit weight on log expected delivery / learned expectation)', unit: 'weight', default: MARKET_DEFAULTS.deliverySensitivity }).optional(),
  deliveryCostMultiplier: field(traitRange('deliveryCostMultiplier'), { description: 'multiplier on logistics cost (remote regions pay about 3x)', unit: 'factor', default: MARKET_DEFAULTS.deliveryCostMultiplier }).optional(),
  calendar: withMeta(z.array(calendarPeriod), { description: 'festivals and seasons of this market', default: [] }).optional(),
  levers: leversSchema(undefined, "this market's lever overrides: any key of the top-level levers (same unit and range, no default), only those that differ here").optional(),
}), { description: 'one market and its shoppers, under its id (the name used in timeline events, overrides and reports)' });

const marketId = z.string().regex(NAME, 'a market id starts with a letter and holds letters, digits, "-" and "_"');

// ---------------------------------------------------------------- timeline

const eventMarkets = withMeta(z.array(marketId).min(1), { description: 'ids of the markets affected; all markets when absent' }).optional();
const label = withMeta(z.string(), { description: 'a label for reports' }).optional();

const intervention = withMeta(z.strictObject({
  kind: z.literal('intervention').meta({ description: 'levers change from a day on' }),
  day: field(NON_NEGATIVE, { description: 'day from which the levers apply (0-based)', unit: 'day' }, true),
  markets: eventMarkets,
  levers: leversSchema(undefined, 'the levers that change, as in a market override'),
  label,
}), { description: 'levers change in some or all markets from a day on' });

const disruption = withMeta(z.strictObject({
  kind: z.literal('disruption').meta({ description: 'a transport disruption multiplying transit times' }),
  startDay: field(NON_NEGATIVE, { description: 'first day of the disruption (0-based)', unit: 'day' }, true),
  days: field({ min: 1 }, { description: 'length of the disruption', unit: 'days' }, true),
  transitMultiplier: field(POSITIVE, { description: 'multiplier on transit times of orders shipped in the period', unit: 'factor' }),
  warehouseExposure: field(SHARE, { description: 'share of the extra transit time that warehouse orders suffer', unit: 'share' }),
  markets: eventMarkets,
  label,
}), { description: 'a transport disruption multiplying transit times for a period' });

const festival = withMeta(z.strictObject({
  kind: z.literal('festival').meta({ description: 'a period of raised visit rates' }),
  startDay: field(NON_NEGATIVE, { description: 'first day of the festival (0-based)', unit: 'day' }, true),
  days: field({ min: 1 }, { description: 'length of the festival', unit: 'days' }, true),
  visitMultiplier: field(POSITIVE, { description: 'multiplier on visit rates during the festival', unit: 'factor' }),
  markets: eventMarkets,
  label,
}), { description: 'a period of raised visit rates in some or all markets' });

const timelineEvent = z.discriminatedUnion('kind', [intervention, disruption, festival]);

// ---------------------------------------------------------------- behaviour

function behaviourSchema() {
  const shape: Record<string, z.ZodType> = {};
  for (const r of BEHAVIOUR_ROWS) shape[r.name] = field(r.range, { description: r.description, unit: r.unit, default: r.default }).optional();
  shape.ratingCuts = withMeta(z.tuple([z.number(), z.number(), z.number(), z.number()]), {
    description: RATING_CUTS.description,
    unit: RATING_CUTS.unit,
    default: RATING_CUTS.default,
  }).optional();
  return withMeta(z.strictObject(shape), {
    description: 'behavioural parameters (how shoppers react): the calibrated defaults, overridden key by key',
  });
}

// ---------------------------------------------------------------- experiment

const paramValue = withMeta(z.union([z.number(), z.string(), z.boolean()]), { description: 'the value this key path takes at the point' });
const paramPath = z.string().regex(/^[A-Za-z_][\w-]*(\.[\w-]+)*$/, 'a key path is dotted names, e.g. levers.warehouseShare');

const rangeSpec = withMeta(z.strictObject({
  min: withMeta(z.number(), { description: 'lowest value' }),
  max: withMeta(z.number(), { description: 'highest value' }),
  integer: withMeta(z.boolean(), { description: 'round draws to whole numbers', default: false }).optional(),
}), { description: 'the range this key path is drawn from' });

const gridSpec = withMeta(z.union([
  withMeta(z.array(paramValue).min(1), { description: 'the values, in order' }),
  z.strictObject({
    from: withMeta(z.number(), { description: 'first value' }),
    to: withMeta(z.number(), { description: 'last value' }),
    steps: withMeta(z.number().int().min(1).max(MAX_GRID_STEPS), { description: 'number of evenly spaced values, ends included', unit: 'count' }),
  }),
]), { description: 'the values this key path takes: a list, or { from, to, steps }' });

const sampleSpec = (method: string) =>
  withMeta(
    z.strictObject({
      n: withMeta(z.number().int().min(1).max(1_000_000), { description: 'number of points', unit: 'count' }),
      ranges: withMeta(z.record(paramPath, rangeSpec), { description: 'key path -> { min, max }' }),
    }),
    { description: method },
  ).optional();

const factorGroup = (description: string) =>
  withMeta(
    z.strictObject({
      list: withMeta(z.array(withMeta(z.record(paramPath, paramValue), { description: 'one point: key path -> value' })).min(1), { description: 'explicit points: each a map of key path -> value' }).optional(),
      grid: withMeta(z.record(paramPath, gridSpec), { description: 'every combination of the values of each key path (a list, or { from, to, steps })' }).optional(),
      random: sampleSpec('n points drawn uniformly at random within the ranges'),
      'latin-hypercube': sampleSpec('n points of a latin hypercube over the ranges (each range cut into n strata, each stratum used once)'),
    }),
    { description: `${description}; give exactly one of list, grid, random or latin-hypercube` },
  ).optional();

const experimentSchema = withMeta(
  z.strictObject({
    policies: factorGroup('levers the strategist controls'),
    uncertainties: factorGroup('what nobody controls (disruption severity, demand, shopper expectations)'),
    combine: withMeta(z.enum(['factorial', 'sampled', 'paired']), {
      description: 'factorial: every policy with every uncertainty; paired: the i-th policy with the i-th uncertainty; sampled: `samples` random (policy, uncertainty) pairs',
      default: 'factorial',
    }).optional(),
    samples: withMeta(z.number().int().min(1).max(1_000_000), { description: 'number of design points when combine is sampled', unit: 'count' }).optional(),
    replications: withMeta(z.number().int().min(1).max(MAX_SEEDS), {
      description: "runs per design point, seeds 1..replications (common random numbers across points); default: the scenario's seeds",
      unit: 'count',
    }).optional(),
    seed: withMeta(z.number().int(), { description: 'seed of the random and latin-hypercube draws', default: 1 }).optional(),
  }),
  { description: 'an experiment: policies crossed with uncertainties, each design point run with every seed' },
);

// ---------------------------------------------------------------- the file

const DEFAULT = defaultScenario();

export const scenarioSchema = withMeta(
  z.strictObject({
    extends: withMeta(z.string().min(1), { description: 'a base scenario file (path relative to this file); this file states only what differs' }).optional(),
    name: withMeta(z.string().min(1), { description: 'short name of the scenario' }),
    description: withMeta(z.string().min(1), { description: 'the question this scenario answers' }),
    days: field(RUN_LIMITS.days, { description: 'days simulated', unit: 'days', default: DEFAULT.days }, true).optional(),
    shoppers: field(RUN_LIMITS.shoppers, { description: 'number of shoppers', unit: 'count', default: DEFAULT.shoppers }, true).optional(),
    seed: field({ min: -(2 ** 31), max: 2 ** 31 - 1 }, { description: 'seed of a single run', default: DEFAULT.seed }, true).optional(),
    seeds: withMeta(z.array(number({ min: -(2 ** 31), max: 2 ** 31 - 1 }, true)).min(1).max(MAX_SEEDS), { description: 'seeds of the replications (instead of replications)' }).optional(),
    replications: field({ min: 1, max: MAX_SEEDS }, { description: 'number of replications, seeds 1..replications (instead of seeds)', unit: 'count' }, true).optional(),
    warmupDays: field(NON_NEGATIVE, { description: 'days at the start excluded from whole-run KPIs; less than days', unit: 'days', default: DEFAULT.warmupDays }, true).optional(),
    repurchaseWindowDays: field({ min: 1 }, { description: 'length of the repurchase window', unit: 'days', default: DEFAULT.repurchaseWindowDays }, true).optional(),
    memberShare: field(SHARE, { description: 'share of shoppers who are (or would be) members of the programme', unit: 'share', default: DEFAULT.memberShare }).optional(),
    constants: withMeta(z.record(z.string().regex(CONSTANT_NAME, 'a constant name is a plain identifier'), withMeta(z.number(), { description: 'a number that expressions use by this name' })), {
      description: 'named numbers that lever expressions may use',
    }).optional(),
    markets: withMeta(z.record(marketId, marketSchema), {
      description: 'markets by id; when given, these are all the markets (default: the six built-in 2024 markets)',
    }).optional(),
    levers: leversSchema(LEVERS_2024, 'the platform strategy in every market; each key given replaces the built-in 2024 value').optional(),
    timeline: withMeta(z.array(timelineEvent), { description: 'interventions, disruptions and festivals by day', default: [] }).optional(),
    behaviour: behaviourSchema().optional(),
    calibration: withMeta(
      z.strictObject({
        year: withMeta(z.string().min(1), { description: 'the year of targets/report-2019-2024.yaml this scenario reproduces' }).optional(),
        leverEffect: withMeta(
          z.strictObject({
            id: withMeta(z.string().min(1), { description: 'the id of a lever effect in the targets file' }),
            role: withMeta(z.enum(['base', 'variant']), { description: 'base: before the change; variant: after' }),
          }),
          { description: 'this scenario is one side of a lever effect the targets list' },
        ).optional(),
        minShoppers: field(RUN_LIMITS.shoppers, {
          description:
            'check and calibrate --ensemble run this scenario on at least this many shoppers, whatever --shoppers says: for a target read on rare events (both sides of a lever effect must agree)',
          unit: 'count',
        }, true).optional(),
      }),
      { description: 'which calibration target this scenario stands for (used by shopsim check); not inherited through extends' },
    ).optional(),
    experiment: experimentSchema.optional(),
  }),
  { description: 'A shopsim scenario: one what-if, in YAML.' },
);

export type ScenarioDocument = z.infer<typeof scenarioSchema>;
export type ExperimentDocument = z.infer<typeof experimentSchema>;
export type FactorGroupDocument = NonNullable<ExperimentDocument['policies']>;

type JsonNode = Record<string, unknown>;

/**
 * The JSON Schema of a whole (merged) scenario document, each leaf carrying
 * its `unit`: what the loader's messages and docs/scenarios.md read.
 */
export function annotatedJsonSchema(): JsonNode {
  const schema = z.toJSONSchema(scenarioSchema, { target: 'draft-2020-12', unrepresentable: 'any' }) as JsonNode;
  return { $schema: schema.$schema, title: 'shopsim scenario', ...schema };
}

/**
 * The JSON Schema of a scenario file, for editors and `shopsim schema`:
 * standard keywords only (a validator in strict mode accepts it; a leaf's
 * unit goes into its description), and a file that extends another states
 * only what differs, so nothing is required in it but what a new timeline
 * event needs (the timeline replaces the base's).
 */
export function scenarioJsonSchema(): JsonNode {
  const { $schema, title, description, ...whole } = annotatedJsonSchema();
  const defs = (whole.$defs ?? {}) as JsonNode;
  delete whole.$defs;
  const file = standard(whole) as JsonNode;
  const patch = withoutRequired(file);
  return {
    $schema,
    title,
    description,
    $defs: { ...(standard(defs) as JsonNode), wholeFile: file, extendingFile: patch },
    type: 'object',
    if: { type: 'object', properties: { extends: { type: 'string' } }, required: ['extends'] },
    then: { $ref: '#/$defs/extendingFile' },
    else: { $ref: '#/$defs/wholeFile' },
  };
}

/** A copy without the non-standard `unit` keyword (folded into the description). */
function standard(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(standard);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonNode = {};
  const { unit, ...rest } = node as JsonNode;
  for (const [k, v] of Object.entries(rest)) out[k] = k === 'default' || k === 'const' || k === 'enum' ? v : standard(v);
  if (typeof unit === 'string') out.description = `${typeof out.description === 'string' ? `${out.description} ` : ''}(${unit})`;
  return out;
}

/** A copy with no required keys, except inside timeline events (a file's timeline replaces the base's whole). */
function withoutRequired(node: unknown, key = ''): unknown {
  if (key === 'timeline' || node === null || typeof node !== 'object') return node;
  if (Array.isArray(node)) return node.map((n) => withoutRequired(n));
  const out: JsonNode = {};
  for (const [k, v] of Object.entries(node as JsonNode)) {
    if (k === 'required') continue;
    out[k] = k === 'default' || k === 'const' || k === 'enum' ? v : withoutRequired(v, k);
  }
  return out;
}
