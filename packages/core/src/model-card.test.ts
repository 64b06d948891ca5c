// The model card (docs/model.md §6.1) against the code: every behavioural
// parameter has a row that says where its value comes from (a published
// source or the report, a fit, structure, or declared judgement) and the
// range it may take, and the value the row states is the value that ships.
// A parameter added, refitted or renamed without its row fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BEHAVIOUR_ROWS, RATING_CUTS } from './lever-table.ts';

const MODEL_MD = new URL('../../../docs/model.md', import.meta.url);

/** The market traits that describe how shoppers behave (the rest are platform inputs, docs/scenarios.md). */
const BEHAVIOURAL_MARKET_TRAITS = [
  'deliverySensitivity', 'priceSensitivity', 'alternativePaymentAcceptance', 'expectedDeliveryDays',
  'referenceDeliveryDays', 'expectedFirstResponseHours', 'toleratedResolutionDays',
];

interface CardRow { parameter: string; value: string; source: string; range: string; pinnedBy: string }

/** The rows of §6.1's table, keyed by parameter (`name` or market `name`). */
function cardRows(): Map<string, CardRow[]> {
  const text = readFileSync(MODEL_MD, 'utf8');
  const section = text.slice(text.indexOf('### 6.1 Behavioural parameters'), text.indexOf('### 6.2'));
  const rows = new Map<string, CardRow[]>();
  for (const line of section.split('\n')) {
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    const name = /^(market )?`([A-Za-z]+)`$/.exec(cells[0] ?? '');
    if (!name || cells.length !== 5) continue;
    const parameter = (name[1] ?? '') + name[2]!;
    const [, value, source, range, pinnedBy] = cells as [string, string, string, string, string];
    rows.set(parameter, [...(rows.get(parameter) ?? []), { parameter, value, source, range, pinnedBy }]);
  }
  return rows;
}

// A citation: an author and a year ("Pavlou 2003", "Fisher, Gallino & Xu 2019").
const CITATION = /[A-Z][A-Za-z\u00C0-\u024F'-]+[^|]*?\b(19|20)\d{2}\b/;
/** Where a value comes from, as the card's introduction defines it. */
const ORIGIN = [CITATION, /\bthe report\b/, /\bfitted\b/i, /\bstructural\b/, /\bjudgement\b/];
const NUMERIC_RANGE = /^(-?[\d.]+) \.\. (-?[\d.]+)/;

describe('model card (docs/model.md §6.1)', () => {
  const rows = cardRows();
  const expected = [...BEHAVIOUR_ROWS.map((r) => r.name), 'ratingCuts', ...BEHAVIOURAL_MARKET_TRAITS.map((n) => `market ${n}`)];

  it('has one row for every behavioural parameter and none for a parameter the code does not have', () => {
    expect(expected.filter((p) => rows.get(p)?.length !== 1)).toEqual([]);
    expect([...rows.keys()].filter((p) => !expected.includes(p))).toEqual([]);
  });

  it('says for every parameter where its value comes from and the range it may take', () => {
    const unsourced = [...rows.values()].flat().filter((r) => !ORIGIN.some((o) => o.test(r.source)));
    expect(unsourced.map((r) => r.parameter)).toEqual([]);
    const rangeless = [...rows.values()].flat().filter((r) => !(NUMERIC_RANGE.test(r.range) || r.range === 'increasing'));
    expect(rangeless.map((r) => r.parameter)).toEqual([]);
  });

  it('states the shipped value of every behaviour parameter, inside its range', () => {
    const stale = BEHAVIOUR_ROWS.filter((b) => {
      const row = rows.get(b.name)?.[0];
      if (!row) return true;
      const range = NUMERIC_RANGE.exec(row.range);
      const inRange = range !== null && b.default >= Number(range[1]) && b.default <= Number(range[2]);
      return Number.parseFloat(row.value) !== b.default || !inRange;
    });
    expect(stale.map((b) => b.name)).toEqual([]);
    expect(rows.get('ratingCuts')?.[0]?.value).toBe(`[${RATING_CUTS.default.join(', ')}]`);
  });

  it('keeps the platform rating -> payment acceptance link only with a published source (issue 13)', () => {
    // 042d453 had the link (1.64 logit per star) with no source at all.
    const row = rows.get('altPaymentRatingWeight')?.[0];
    expect(row?.source).toMatch(CITATION);
    expect(row?.range).toMatch(NUMERIC_RANGE);
  });
});
