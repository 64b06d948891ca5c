// The studio's controls, derived from core's lever table (LEVER_ROWS,
// PAYMENT_ROWS, LEVER_GROUPS: the one place where each lever's unit, range
// and meaning are written) and the base scenario (which payment methods it
// offers, which timeline events it has). Timeline events are no levers: their
// numbers' facts live in the scenario schema, so those few rows come from it.
// Nothing about a lever is written here except which panel group shows it.
import { isPlainObject, getPath } from '@shopsim/scenario/document';
import { LEVER_GROUPS as PARTS, LEVER_ROWS, PAYMENT_ROWS, type Range } from '@shopsim/core';
import type { LeverGroup, LeverRow } from './browser/lever-rows.ts';

type Node = Record<string, unknown>;

/** The panel group of a lever, by the first key of its path below `levers`. */
export const GROUP_OF: Record<string, Exclude<LeverGroup, 'timeline' | 'other'>> = {
  warehouseShare: 'logistics',
  directMail: 'logistics',
  warehouse: 'logistics',
  problemRate: 'logistics',
  paymentMethods: 'payments',
  afterSales: 'after-sales',
  compensation: 'after-sales',
  membership: 'programme',
  acquisition: 'programme',
  priceIndex: 'pricing',
  grossMarginShare: 'pricing',
};

/** "returnCycleDays" -> "return cycle days"; "aiShare" -> "AI share". */
export function humanise(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/-/g, ' ').toLowerCase().replace(/\bai\b/g, 'AI');
}

const capitalise = (s: string) => (s === '' ? s : s[0]!.toUpperCase() + s.slice(1));

/** A control's label from its path; a leading key names the part ("Direct mail: promised days"). */
function labelOf(path: string): string {
  const [head, ...rest] = path.split('.') as [string, ...string[]];
  if (head === 'paymentMethods') return `${rest[0]}: ${humanise(rest.slice(1).join(' '))}`;
  if (rest.length === 0) return capitalise(humanise(head));
  // The after-sales group says "after-sales" already.
  if (head === 'afterSales') return capitalise(humanise(rest.join(' ')));
  return `${capitalise(humanise(head))}: ${rest.map(humanise).join(' ')}`;
}

/** What the LEVER_GROUPS prefixes of a path say its part is about, shortest prefix first. */
function partsOf(path: string): string[] {
  const prefixes = Object.keys(PARTS).filter((p) => path.startsWith(`${p}.`));
  return prefixes.sort((a, b) => a.length - b.length).map((p) => PARTS[p as keyof typeof PARTS]);
}

function withRange(row: LeverRow, r: Range): LeverRow {
  if (r.min !== undefined) row.min = r.min;
  if (r.minExclusive) row.minExclusive = true;
  if (r.max !== undefined) row.max = r.max;
  return row;
}

function leverRow(r: (typeof LEVER_ROWS)[number]): LeverRow {
  const head = r.path.split('.')[0]!;
  // The part's heading says what the outer group is about; a nested group's words join the row's own.
  const [part, ...inner] = partsOf(r.path);
  const row: LeverRow = {
    path: r.path, group: GROUP_OF[head] ?? 'other', label: labelOf(r.path), unit: r.unit, description: [r.description, ...inner].join('; '),
    integer: false, flag: r.unit === 'flag',
  };
  if (part !== undefined) row.part = part;
  return withRange(row, r.range);
}

/** The levers of each payment method the base offers (in any market). */
function paymentRows(doc: Node): LeverRow[] {
  const methods = new Set<string>();
  const offers = [getPath(doc, 'levers.paymentMethods'), ...Object.values(isPlainObject(doc.markets) ? doc.markets : {}).map((m) => getPath(m as Node, 'levers.paymentMethods'))];
  for (const offer of offers) if (isPlainObject(offer)) for (const [name, v] of Object.entries(offer)) if (v !== null) methods.add(name);
  return [...methods].flatMap((name) =>
    PAYMENT_ROWS.map((p) => {
      const path = `paymentMethods.${name}.${p.key}`;
      const row: LeverRow = { path, group: 'payments', label: labelOf(path), unit: p.unit, description: p.description, integer: false, flag: false, part: `the ${name} payment method at checkout` };
      if ('default' in p) row.default = p.default;
      return withRange(row, p.range);
    }),
  );
}

const options = (n: Node): Node[] => (Array.isArray(n.anyOf) ? (n.anyOf as Node[]) : Array.isArray(n.oneOf) ? (n.oneOf as Node[]) : [n]);

/** The numbers of each timeline event of the base (festival size, disruption length...), from the schema that defines them. */
function timelineRows(schema: Node, doc: Node): LeverRow[] {
  const events = getPath(doc, 'timeline');
  const node = (schema.properties as Record<string, Node>).timeline!;
  const item = options(node).find((o) => o.type === 'array')?.items as Node | undefined;
  if (!Array.isArray(events) || !item) return [];
  const kinds = options(item);
  const rows: LeverRow[] = [];
  events.forEach((event, i) => {
    if (!isPlainObject(event)) return;
    const kind = kinds.find((k) => (k.properties as Record<string, Node> | undefined)?.kind?.const === event.kind);
    const props = kind?.properties as Record<string, Node> | undefined;
    if (!props) return;
    const name = typeof event.label === 'string' ? event.label : `${String(event.kind)} ${i + 1}`;
    for (const [k, leaf] of Object.entries(props)) {
      const num = options(leaf).find((o) => o.type === 'number' || o.type === 'integer');
      if (!num || event[k] === undefined) continue;
      const row: LeverRow = {
        path: `timeline.${i}.${k}`, group: 'timeline', label: `${name}: ${humanise(k)}`,
        unit: typeof leaf.unit === 'string' ? leaf.unit : typeof num.unit === 'string' ? num.unit : '',
        description: typeof leaf.description === 'string' ? leaf.description : String(num.description ?? ''),
        integer: num.type === 'integer', flag: false,
      };
      // zod's whole numbers carry the safe-integer bounds; they say nothing here.
      const range: Range = {};
      if (typeof num.minimum === 'number' && num.minimum > Number.MIN_SAFE_INTEGER) range.min = num.minimum;
      if (typeof num.exclusiveMinimum === 'number') Object.assign(range, { min: num.exclusiveMinimum, minExclusive: true });
      if (typeof num.maximum === 'number' && num.maximum < Number.MAX_SAFE_INTEGER) range.max = num.maximum;
      rows.push(withRange(row, range));
    }
  });
  return rows;
}

/**
 * The controls of a base scenario: every row of the lever table, the levers of
 * every payment method the base offers, and the numbers of its timeline events.
 * `doc` is the base document with built-ins filled in; `schema` the scenario
 * JSON Schema (read for the timeline only).
 */
export function leverRows(doc: Node, schema: Node): LeverRow[] {
  return [...LEVER_ROWS.map(leverRow), ...paymentRows(doc), ...timelineRows(schema, doc)];
}
