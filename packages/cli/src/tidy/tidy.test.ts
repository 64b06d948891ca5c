import { describe, expect, it } from 'vitest';
import { fileUnit, toCsv } from './tidy.ts';

describe('tidy files', () => {
  it('store shares as fractions and say so', () => {
    expect(fileUnit('% of visits', true)).toBe('fraction of visits');
    expect(fileUnit('days', false)).toBe('days');
  });

  it('quote CSV fields that need it and leave missing values empty', () => {
    const csv = toCsv({
      columns: [{ name: 'scenario', type: 'STRING', unit: '', definition: '' }, { name: 'value', type: 'DOUBLE', unit: '', definition: '' }],
      rows: [['A, "the" one', null], ['B', 1.5]],
    });
    expect(csv).toBe('scenario,value\n"A, ""the"" one",\nB,1.5\n');
  });
});
