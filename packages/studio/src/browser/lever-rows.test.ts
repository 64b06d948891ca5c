// The studio's controls come from the scenario schema: every lever the schema
// knows is a control, with the schema's unit, range and meaning, and each
// control's default value is the base scenario's.
import { describe, expect, it } from 'vitest';
import { LEVERS_2024 } from '@shopsim/core';
import { getPath } from '@shopsim/scenario/document';
import { resolvedDocument, scenarioJsonSchema } from '@shopsim/scenario';
import { docPath, inRange, LEVER_GROUPS, leverRows } from './lever-rows.ts';

const file = new URL('../../../../scenarios/transport-disruption.yaml', import.meta.url).pathname;
const doc = resolvedDocument(file);
const rows = leverRows(scenarioJsonSchema(), doc);

/** Every numeric (or flag) leaf of the built-in levers, as a path below `levers`. */
function leafPaths(v: unknown, path: string, out: string[]): string[] {
  if (typeof v === 'number' || typeof v === 'boolean') out.push(path);
  else if (v && typeof v === 'object') for (const [k, c] of Object.entries(v)) leafPaths(c, path ? `${path}.${k}` : k, out);
  return out;
}

describe('lever controls', () => {
  it('every lever of the built-in levers and of the base is a control', () => {
    const levers = rows.filter((r) => r.group !== 'timeline').map((r) => r.path);
    expect(levers).toEqual(expect.arrayContaining(leafPaths(LEVERS_2024, '', [])));
    expect(levers).toEqual(expect.arrayContaining(leafPaths(doc.levers, '', [])));
  });

  it("carries the schema's unit, range and meaning", () => {
    const cycle = rows.find((r) => r.path === 'afterSales.returnCycleDays')!;
    expect(cycle).toMatchObject({ group: 'after-sales', unit: 'days', min: 0, integer: false, description: 'days from the shopper sending a return to the refund' });
    expect(rows.find((r) => r.path === 'warehouseShare')).toMatchObject({ group: 'logistics', unit: 'share', min: 0, max: 1 });
    expect(rows.find((r) => r.path === 'membership.deliveryTimeFactor')).toMatchObject({ group: 'programme', min: 0, minExclusive: true });
    for (const r of rows) expect(r.description.length, r.path).toBeGreaterThan(5);
  });

  it('lists the numbers of each timeline event of the base, whole days as whole numbers', () => {
    const timeline = rows.filter((r) => r.group === 'timeline');
    const events = doc.timeline as Record<string, unknown>[];
    expect(new Set(timeline.map((r) => r.path.split('.')[1]))).toEqual(new Set(events.map((_, i) => String(i))));
    expect(timeline.find((r) => r.path.endsWith('.startDay'))).toMatchObject({ integer: true, min: 0 });
  });

  it("every control's path holds a value in the base inside the control's range, or is an optional key left unset", () => {
    for (const r of rows) {
      const v = getPath(doc, docPath(r, undefined));
      if (v === undefined && !leafPaths(doc.levers, '', []).includes(r.path) && r.group !== 'timeline') continue; // optional, unset
      const n = typeof v === 'boolean' ? Number(v) : v;
      expect(typeof n, r.path).toBe('number');
      expect(inRange(r, n as number), r.path).toBe(true);
    }
    expect(LEVER_GROUPS.filter((g) => g !== 'other' && !rows.some((r) => r.group === g))).toEqual([]);
  });

  it('puts every lever in a named group (add a new lever to GROUP_OF in lever-rows.ts)', () => {
    expect(rows.filter((r) => r.group === 'other').map((r) => r.path)).toEqual([]);
  });
});
