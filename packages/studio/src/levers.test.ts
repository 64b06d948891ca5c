// The studio's controls come from core's lever table: every lever leaf is a
// control, with the table's unit, range and meaning, and each control's
// default value is the base scenario's.
import { describe, expect, it } from 'vitest';
import { LEVER_ROWS, LEVERS_2024, PAYMENT_ROWS, type Range } from '@shopsim/core';
import { getPath } from '@shopsim/scenario/document';
import { annotatedJsonSchema, resolvedDocument } from '@shopsim/scenario';
import { docPath, inRange, LEVER_GROUPS } from './browser/lever-rows.ts';
import { leverRows } from './levers.ts';

const file = new URL('../../../scenarios/transport-disruption.yaml', import.meta.url).pathname;
const doc = resolvedDocument(file);
const rows = leverRows(doc, annotatedJsonSchema());

/** Every numeric (or flag) leaf below a value, as dotted paths. */
function leafPaths(v: unknown, path: string, out: string[]): string[] {
  if (typeof v === 'number' || typeof v === 'boolean') out.push(path);
  else if (v && typeof v === 'object') for (const [k, c] of Object.entries(v)) leafPaths(c, path ? `${path}.${k}` : k, out);
  return out;
}

describe('lever controls', () => {
  it('every lever leaf of the built-in levers, of the base and of its markets is a control', () => {
    const levers = rows.filter((r) => r.group !== 'timeline').map((r) => r.path);
    const markets = Object.values(doc.markets as Record<string, { levers?: unknown }>).map((m) => m.levers);
    for (const source of [LEVERS_2024, doc.levers, ...markets]) expect(levers).toEqual(expect.arrayContaining(leafPaths(source, '', [])));
  });

  it("carries the lever table's unit, range and meaning, row for row", () => {
    for (const t of LEVER_ROWS) {
      const row = rows.find((r) => r.path === t.path);
      expect(row, t.path).toMatchObject({ unit: t.unit, flag: t.unit === 'flag' });
      expect(row!.description.startsWith(t.description), t.path).toBe(true);
      const range: Range = t.range;
      expect([row!.min, row!.minExclusive ?? false, row!.max], t.path).toEqual([range.min, range.minExclusive ?? false, range.max]);
    }
    const methods = Object.keys(LEVERS_2024.paymentMethods);
    for (const m of methods) {
      for (const p of PAYMENT_ROWS) {
        const row = rows.find((r) => r.path === `paymentMethods.${m}.${p.key}`);
        expect(row, `${m}.${p.key}`).toMatchObject({ group: 'payments', unit: p.unit, description: p.description });
        expect(row!.default, `${m}.${p.key}`).toBe('default' in p ? p.default : undefined);
      }
    }
    expect(rows.find((r) => r.path === 'afterSales.returnCycleDays')).toMatchObject({ group: 'after-sales', label: 'Return cycle days' });
    expect(rows.find((r) => r.path === 'afterSales.aiShare')!.label).toBe('AI share');
    expect(rows.find((r) => r.path === 'directMail.deliveryDays.p90')).toMatchObject({ part: 'fulfilment by direct mail from the home country', description: expect.stringMatching(/later than this; door-to-door delivery time by direct mail/) });
  });

  it('lists the numbers of each timeline event of the base, whole days as whole numbers', () => {
    const timeline = rows.filter((r) => r.group === 'timeline');
    const events = doc.timeline as Record<string, unknown>[];
    expect(new Set(timeline.map((r) => r.path.split('.')[1]))).toEqual(new Set(events.map((_, i) => String(i))));
    expect(timeline.find((r) => r.path.endsWith('.startDay'))).toMatchObject({ integer: true, min: 0 });
  });

  it("every control's path holds a value in the base (or its table default) inside the control's range", () => {
    for (const r of rows) {
      const v = getPath(doc, docPath(r, undefined)) ?? r.default;
      const n = typeof v === 'boolean' ? Number(v) : v;
      expect(typeof n, r.path).toBe('number');
      expect(inRange(r, n as number), r.path).toBe(true);
    }
    expect(LEVER_GROUPS.filter((g) => g !== 'other' && !rows.some((r) => r.group === g))).toEqual([]);
  });

  it('puts every lever in a named group (add a new lever to GROUP_OF in levers.ts)', () => {
    expect(rows.filter((r) => r.group === 'other').map((r) => r.path)).toEqual([]);
  });
});
