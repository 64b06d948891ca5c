// The studio's controls, derived from the scenario JSON Schema (the one place
// where each lever's unit, range and meaning are written) and the base
// scenario (which payment methods and timeline events exist). Nothing about a
// lever is written here except which group it is shown in.
import { getPath, isPlainObject } from '@shopsim/scenario/document';

type Data = Record<string, unknown>;

export const LEVER_GROUPS = ['logistics', 'payments', 'after-sales', 'programme', 'pricing', 'timeline', 'other'] as const;
export type LeverGroup = (typeof LEVER_GROUPS)[number];

export interface LeverRow {
  /** Path below `levers` (or, for the timeline, the document path itself). */
  path: string;
  group: LeverGroup;
  label: string;
  unit: string;
  description: string;
  min?: number;
  /** min is exclusive: a value must be above it. */
  minExclusive?: boolean;
  max?: number;
  integer: boolean;
  /** 1 or 0 (true/false). */
  flag: boolean;
}

type Node = Record<string, unknown>;

// Which group a lever belongs to, by the first key of its path below `levers`.
const GROUP_OF: Record<string, LeverGroup> = {
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

const options = (n: Node): Node[] => (Array.isArray(n.anyOf) ? (n.anyOf as Node[]) : Array.isArray(n.oneOf) ? (n.oneOf as Node[]) : [n]);

/** The numeric option of a schema node (a lever may also be an expression or a boolean). */
function numeric(n: Node): Node | undefined {
  return options(n).find((o) => o.type === 'number' || o.type === 'integer');
}

/** "returnCycleDays" -> "return cycle days"; a leading key names the part ("direct mail: promised days"). */
export function humanise(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/-/g, ' ').toLowerCase();
}

function labelOf(path: string): string {
  const [head, ...rest] = path.split('.') as [string, ...string[]];
  if (head === 'paymentMethods') return `${rest[0]}: ${humanise(rest.slice(1).join(' '))}`;
  if (rest.length === 0) return capitalise(humanise(head));
  // The after-sales group says "after-sales" already.
  if (head === 'afterSales') return capitalise(humanise(rest.join(' ')));
  return `${capitalise(humanise(head))}: ${rest.map(humanise).join(' ')}`;
}

const capitalise = (s: string) => (s === '' ? s : s[0]!.toUpperCase() + s.slice(1));

function rowFrom(path: string, n: Node, group: LeverGroup, label: string): LeverRow | undefined {
  const num = numeric(n);
  if (!num) return undefined;
  const unit = typeof n.unit === 'string' ? n.unit : typeof num.unit === 'string' ? num.unit : '';
  const row: LeverRow = {
    path, group, label, unit,
    description: typeof n.description === 'string' ? n.description : typeof num.description === 'string' ? num.description : '',
    integer: num.type === 'integer',
    flag: unit === 'flag',
  };
  // zod's whole numbers carry the safe-integer bounds; they say nothing here.
  if (typeof num.minimum === 'number' && num.minimum > Number.MIN_SAFE_INTEGER) row.min = num.minimum;
  if (typeof num.exclusiveMinimum === 'number') {
    row.min = num.exclusiveMinimum;
    row.minExclusive = true;
  }
  if (typeof num.maximum === 'number' && num.maximum < Number.MAX_SAFE_INTEGER) row.max = num.maximum;
  return row;
}

/** Every numeric leaf below a schema node, depth first, in the schema's order. */
function leaves(n: Node, path: string, out: [string, Node][]): void {
  if (numeric(n)) {
    out.push([path, n]);
    return;
  }
  for (const o of options(n)) {
    const props = o.properties as Record<string, Node> | undefined;
    if (props) for (const [k, child] of Object.entries(props)) leaves(child, path === '' ? k : `${path}.${k}`, out);
  }
}

/**
 * The lever controls of a scenario: every lever of the schema's `levers`, the
 * payment methods the base offers, and the numbers of the base's timeline events.
 * `schema` is the scenario JSON Schema; `doc` the base document with built-ins filled in.
 */
export function leverRows(schema: Node, doc: Data): LeverRow[] {
  const props = schema.properties as Record<string, Node>;
  const levers = props.levers!;
  const rows: LeverRow[] = [];
  const leverProps = (options(levers).find((o) => o.properties)?.properties ?? {}) as Record<string, Node>;
  for (const [key, node] of Object.entries(leverProps)) {
    // A lever added without a group still shows (under "other"); a test asks for its group.
    const group = GROUP_OF[key] ?? 'other';
    if (key === 'paymentMethods') {
      rows.push(...paymentRows(node, doc));
      continue;
    }
    const found: [string, Node][] = [];
    leaves(node, key, found);
    for (const [path, leaf] of found) {
      const row = rowFrom(path, leaf, group, labelOf(path));
      if (row) rows.push(row);
    }
  }
  rows.push(...timelineRows(props.timeline!, doc));
  return rows;
}

function paymentRows(node: Node, doc: Data): LeverRow[] {
  const offer = options(node).find((o) => isPlainObject(o.additionalProperties))?.additionalProperties as Node | undefined;
  const offerProps = (offer && options(offer).find((o) => o.properties)?.properties) as Record<string, Node> | undefined;
  const methods = getPath(doc, 'levers.paymentMethods');
  if (!offerProps || !isPlainObject(methods)) return [];
  const rows: LeverRow[] = [];
  for (const [name, value] of Object.entries(methods)) {
    if (value === null) continue; // not offered: nothing to tune
    for (const [k, leaf] of Object.entries(offerProps)) {
      const path = `paymentMethods.${name}.${k}`;
      const row = rowFrom(path, leaf, 'payments', labelOf(path));
      if (row) rows.push(row);
    }
  }
  return rows;
}

/** The numbers of each timeline event of the base (festival size, disruption length...). */
function timelineRows(node: Node, doc: Data): LeverRow[] {
  const events = getPath(doc, 'timeline');
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
      if (k === 'levers' || event[k] === undefined) continue;
      const row = rowFrom(`timeline.${i}.${k}`, leaf, 'timeline', `${name}: ${humanise(k)}`);
      if (row) rows.push(row);
    }
  });
  return rows;
}

/** The document path a control sets: the top-level levers, a market's levers, or a timeline event. */
export function docPath(row: LeverRow, market: string | undefined): string {
  if (row.group === 'timeline') return row.path;
  return market === undefined ? `levers.${row.path}` : `markets.${market}.levers.${row.path}`;
}

/** Whether a value is inside the row's range (the loader checks again; this keeps the control honest). */
export function inRange(row: LeverRow, v: number): boolean {
  if (!Number.isFinite(v)) return false;
  if (row.integer && !Number.isInteger(v)) return false;
  if (row.min !== undefined && (row.minExclusive ? v <= row.min : v < row.min)) return false;
  return row.max === undefined || v <= row.max;
}
