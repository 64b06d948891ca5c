// The scenario schema is derived from core's lever and behaviour tables: every
// row must have its leaf, with the row's unit, wherever levers can be written.
import { BEHAVIOUR_ROWS, LEVER_ROWS, PAYMENT_ROWS } from '@shopsim/core';
import { describe, expect, it } from 'vitest';
import { schemaNodesAt } from './check.ts';

const LEVER_PLACES = [['levers'], ['markets', 'europe', 'levers'], ['timeline', '0', 'levers']];

const unitsAt = (path: string[]) => schemaNodesAt(path).map((n) => n.unit).filter((u) => u !== undefined);

describe('the scenario schema', () => {
  it.each(LEVER_PLACES.map((p) => [p.join('.'), p] as const))('has a leaf under %s for every lever row, with its unit', (_, place) => {
    for (const row of LEVER_ROWS) expect(unitsAt([...place, ...row.path.split('.')]), row.path).toContain(row.unit);
    for (const row of PAYMENT_ROWS) expect(unitsAt([...place, 'paymentMethods', 'card', row.key]), row.key).toContain(row.unit);
  });

  it('has a leaf for every behavioural parameter, with its unit', () => {
    for (const row of BEHAVIOUR_ROWS) expect(unitsAt(['behaviour', row.name]), row.name).toContain(row.unit);
  });
});
