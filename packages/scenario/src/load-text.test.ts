// A scenario given as text (the studio loads scenarios so, in the browser, with
// no file system) gives the same run as the file it was resolved from.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { simulate } from '@shopsim/core';
import { ScenarioErrors } from './errors.ts';
import { builtInDocument, loadScenarioFile, loadScenarioText, resolvedDocument } from './load.ts';
import { defaultScenario } from '@shopsim/core';

const shipped = fileURLToPath(new URL('../../../scenarios/', import.meta.url));
const SMALL = { shoppers: 2000, days: 60 };

describe('loadScenarioText', () => {
  // Every shipped scenario that extends another: the merged text must run exactly like the file.
  const files = readdirSync(shipped).filter((f) => f.endsWith('.yaml'));
  it.each(files)('the resolved text of %s runs exactly like the file', (f) => {
    const file = `${shipped}${f}`;
    const fromFile = loadScenarioFile(file, { overrides: SMALL });
    const resolved = resolvedDocument(file);
    // The studio pages a loaded scenario's document as this text: it is the resolved file.
    expect(fromFile.document).toEqual({ ...resolved, ...SMALL });
    const fromText = loadScenarioText('resolved.yaml', stringify(resolved), { overrides: SMALL });
    for (const seed of [1, 2]) {
      expect(simulate(fromText.config, { seed, daily: false }).kpis).toEqual(simulate(fromFile.config, { seed, daily: false }).kpis);
    }
  });

  it('the built-in document runs exactly like the built-in scenario', () => {
    const fromText = loadScenarioText('built-in.yaml', stringify(builtInDocument()), { overrides: SMALL }).config;
    const builtIn = { ...defaultScenario(), ...SMALL };
    expect(simulate(fromText, { seed: 3, daily: false }).kpis).toEqual(simulate(builtIn, { seed: 3, daily: false }).kpis);
  });

  it('refuses a text that extends a file, at the extends line', () => {
    const text = 'extends: ./2024.yaml\nname: x\ndescription: y\n';
    const err = (() => {
      try {
        loadScenarioText('what-if.yaml', text);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(ScenarioErrors);
    expect((err as ScenarioErrors).errors[0]).toMatchObject({ file: 'what-if.yaml', line: 1, path: 'extends' });
  });

  it('reports a mistake in the text with its place', () => {
    expect(() => loadScenarioText('t.yaml', 'name: x\ndescription: y\nlevers:\n  warehouseShare: 2\n')).toThrow(/t\.yaml:4/);
  });
});
