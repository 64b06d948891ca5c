// scenarios/shopsim.schema.json, checked from outside with a real validator
// (ajv, strict): editors underline what it rejects. It must accept every
// shipped scenario (on 042d453 it rejected the 13 that extend another file,
// and ajv refused the schema itself for its unknown keyword "unit") and
// reject the broken inputs below.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { LEVER_ROWS } from '@shopsim/core';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const committed = JSON.parse(readFileSync(join(root, 'scenarios/shopsim.schema.json'), 'utf8')) as Record<string, unknown>;

// Strict, with union types allowed (type: ["number", "string"] is standard JSON Schema; ajv only asks that it be allowed).
const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
const validate = ajv.compile(committed);

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? yamlFiles(join(dir, e.name)) : e.name.endsWith('.yaml') ? [join(dir, e.name)] : []));
}

function at(node: unknown, path: string): Record<string, unknown> | undefined {
  let n = node;
  for (const k of path.split('.')) n = n !== null && typeof n === 'object' ? (n as Record<string, unknown>)[k] : undefined;
  return n as Record<string, unknown> | undefined;
}

const problems = (doc: unknown): string[] => (validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));

describe('the JSON Schema of scenario files', () => {
  const shipped = yamlFiles(join(root, 'scenarios'));

  it('compiles in ajv strict mode', () => {
    expect(typeof validate).toBe('function');
    expect(shipped.length).toBeGreaterThan(30);
  });

  it.each(shipped.map((f) => [relative(root, f), f]))('accepts %s', (_, file) => {
    expect(problems(parse(readFileSync(file, 'utf8')))).toEqual([]);
  });

  const whole = 'name: t\ndescription: t\n';
  const market = 'markets:\n  here: { shopperShare: 1, orderValue: 50, paymentPreferences: { card: 1 } }\n';
  const extending = 'extends: ./2024.yaml\n';
  const bad: [string, string][] = [
    ['an unknown key', `${whole}shopers: 10\n`],
    ['an unknown key in a file that extends another', `${extending}levers:\n  warehouseShar: 0.5\n`],
    ['a share above 1', `${whole}levers:\n  warehouseShare: 1.2\n`],
    ['a share above 1 in a file that extends another', `${extending}markets:\n  europe: { levers: { afterSales: { aiShare: 1.5 } } }\n`],
    ['text where a number belongs', `${whole}days: "a year"\n`],
    ['a whole file without a name', 'description: t\n'],
    ['a new market without its share', `${whole}markets:\n  here: { orderValue: 50, paymentPreferences: { card: 1 } }\n`],
    ['a timeline event of an unknown kind', `${whole}timeline:\n  - { kind: parade, startDay: 3, days: 2 }\n`],
    ['an intervention without its day, in a file that extends another', `${extending}timeline:\n  - { kind: intervention, levers: { warehouseShare: 0.5 } }\n`],
    ['a payment method without its failure rate', `${whole}${market}levers:\n  paymentMethods:\n    card: { feeShare: 0.02 }\n`],
    ['zero days', `${whole}days: 0\n`],
    ['a list where a map belongs', `${whole}levers: [1, 2]\n`],
    ['a misspelt market-level lever key', `${extending}markets:\n  europe: { levers: { afterSales: { returnCycleDay: 7 } } }\n`],
    ['a misspelt market-level lever group', `${whole}${market.trimEnd().slice(0, -2)}, levers: { warehouse_share: 0.5 } }\n`],
  ];

  it.each(bad)('rejects %s', (_, text) => {
    expect(problems(parse(text)).length).toBeGreaterThan(0);
  });

  // Editors complete the keys a schema lists as properties: a market's levers list every lever.
  it('lists every lever as a property of a market\'s levers, in whole and extending files', () => {
    for (const def of ['wholeFile', 'extendingFile']) {
      const levers = at(committed, `$defs.${def}.properties.markets.additionalProperties.properties.levers`);
      for (const row of LEVER_ROWS) {
        const leaf = row.path.split('.').reduce((n: Record<string, unknown> | undefined, k) => at(n, `properties.${k}`), levers);
        expect(leaf, `${def}: markets.<id>.levers.${row.path}`).toBeDefined();
      }
    }
  });
});
