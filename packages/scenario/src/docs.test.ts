// docs/scenarios.md and scenarios/shopsim.schema.json are generated from the
// schema; these tests fail when someone changes the schema and forgets them,
// and say the one command that brings each back in line.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scenarioReference } from './docs.ts';
import { LEVER_ROWS } from '@shopsim/core';
import { LEVER_RANGES, scenarioJsonSchema } from './schema.ts';

const root = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));
const REGENERATE_DOCS = 'npx tsx packages/scenario/src/docs.ts';
const REGENERATE_SCHEMA = 'npx -y pnpm@10.34.9 shopsim schema --out scenarios/shopsim.schema.json --force';

/** The reference's table rows by key (without the "(required)" mark). */
function referenceRows(text: string): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const m = /^\| `([^`]+)`/.exec(line);
    if (!m) continue;
    // Cells are split on " | " not preceded by a backslash (escaped pipes stay in the cell).
    const cells = line.slice(2, -2).split(/(?<!\\) \| /);
    rows.set(m[1]!, cells);
  }
  return rows;
}

describe('docs/scenarios.md', () => {
  const committed = readFileSync(root('docs/scenarios.md'), 'utf8');

  it('is what the schema generates', () => {
    // Not toBe: a one-line message beats a diff of 350 lines when only the command matters.
    if (committed !== scenarioReference()) {
      expect.fail(`docs/scenarios.md is out of date with packages/scenario/src/schema.ts; regenerate it with: ${REGENERATE_DOCS}`);
    }
  });

  it('gives every key a meaning, and every day-varying lever its unit and range', () => {
    const rows = referenceRows(committed);
    const withoutMeaning = [...rows].filter(([, cells]) => (cells[5] ?? '').trim() === '').map(([key]) => key);
    expect(withoutMeaning, 'add a description to these keys in schema.ts').toEqual([]);
    // Every lever, at the top level, as a market's own value and in an intervention: each is a key of its own.
    for (const [path, { unit, range }] of LEVER_RANGES) {
      for (const under of ['levers', 'markets.<name>.levers', 'timeline[] (kind: intervention).levers']) {
        const key = `${under}.${path.replace('*', '<name>')}`;
        const cells = rows.get(key);
        expect(cells, `${key} is missing from the reference`).toBeDefined();
        expect(cells![2], `unit of ${key}`).toBe(unit);
        if (range.min !== undefined) expect(cells![4], `range of ${key}`).toContain(String(range.min));
        if (range.max !== undefined) expect(cells![4], `range of ${key}`).toContain(String(range.max));
        // A market's or an intervention's lever left out keeps the value it patches: no default.
        if (under !== 'levers') expect(cells![3], `default of ${key}`).toBe('');
      }
    }
    for (const row of LEVER_ROWS) expect(rows.has(`markets.<name>.levers.${row.path}`), `markets.<name>.levers.${row.path}`).toBe(true);
  });
});

describe('scenarios/shopsim.schema.json', () => {
  it('is what shopsim schema prints', () => {
    const committed = readFileSync(root('scenarios/shopsim.schema.json'), 'utf8');
    if (committed !== `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`) {
      expect.fail(`scenarios/shopsim.schema.json is out of date with packages/scenario/src/schema.ts; regenerate it with: ${REGENERATE_SCHEMA}`);
    }
  });
});
