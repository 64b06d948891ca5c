// The shipped library in scenarios/: every file is indexed with its question,
// points editors at the schema, loads, and runs (tiny populations: this is
// about the files, not the KPIs). Every design point of a shipped experiment
// loads too, so `shopsim sweep` on it cannot fail half-way on a bad point.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simulate } from '@shopsim/core';
import { describe, expect, it } from 'vitest';
import { designPoints, loadScenarioFile } from '../src/index.ts';

const dir = fileURLToPath(new URL('../../../scenarios/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
const SCHEMA_LINE = '# yaml-language-server: $schema=./shopsim.schema.json';
const TINY = { shoppers: 300, days: 30 };

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

describe('the shipped scenarios', () => {
  it('include the library the issue lists', () => {
    // One file (or pair) per what-if of MODEL.md; renaming one should be a conscious act.
    expect(files).toEqual(expect.arrayContaining([
      '2019-baseline.yaml', '2024.yaml', 'sea-cards-only.yaml', 'sea-ewallets.yaml', 'eu-returns-45-days.yaml', 'eu-returns-7-days.yaml',
      'transport-disruption.yaml', 'transport-disruption-no-warehouses.yaml', 'delay-compensation.yaml', 'latam-cash-on-delivery.yaml',
      'membership.yaml', 'remote-market.yaml', 'festivals-ramadan.yaml', 'fast-delivery-premium.yaml', 'sweep-warehouse-returns.yaml',
    ]));
  });

  const index = oneLine(readFileSync(join(dir, 'README.md'), 'utf8'));

  for (const file of files) {
    describe(file, () => {
      const path = join(dir, file);

      it('starts with the schema line editors read', () => {
        expect(readFileSync(path, 'utf8').split('\n')[0]).toBe(SCHEMA_LINE);
      });

      it('is listed in scenarios/README.md with the question it answers', () => {
        const scenario = loadScenarioFile(path);
        expect(scenario.description, 'the description is the question the scenario answers').toMatch(/\?$/);
        expect(index, `add [${file}](${file}) to scenarios/README.md`).toContain(`[${file}](${file})`);
        expect(index, `scenarios/README.md should give the question of ${file} as its description says`).toContain(oneLine(scenario.description));
      });

      it('runs', () => {
        const { config } = loadScenarioFile(path, { overrides: TINY });
        const result = simulate(config, { seed: 1 });
        expect(result.kpis.visits).toBeGreaterThan(0);
        expect(Object.keys(result.byMarket).sort()).toEqual(config.markets.map((m) => m.id).sort());
      });

      const { experiment } = loadScenarioFile(path);
      if (experiment) {
        it('loads at every design point of its experiment, and runs the first and last', () => {
          const points = designPoints(experiment);
          expect(points.length).toBeGreaterThan(1);
          const configs = points.map((params) => loadScenarioFile(path, { overrides: { ...params, ...TINY } }).config);
          for (const config of [configs[0]!, configs[configs.length - 1]!]) {
            expect(simulate(config, { seed: 1 }).kpis.visits).toBeGreaterThan(0);
          }
        });
      }
    });
  }
});
