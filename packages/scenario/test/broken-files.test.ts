// A corpus of broken scenario files: each gives the expected message at the
// right line and column, with the offending line, and nothing else goes wrong.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile, ScenarioErrors, type ScenarioError } from '../src/index.ts';

const dir = fileURLToPath(new URL('./broken/', import.meta.url));

function errorsOf(file: string, options?: Parameters<typeof loadScenarioFile>[1]): ScenarioError[] {
  try {
    loadScenarioFile(file, options);
  } catch (e) {
    if (e instanceof ScenarioErrors) return e.errors;
    throw e;
  }
  throw new Error(`${file} loaded without errors`);
}

interface Case {
  file: string;
  line: number;
  column: number;
  path: string;
  message: RegExp;
  hint?: RegExp;
}

const cases: Case[] = [
  { file: 'syntax-error.yaml', line: 3, column: 1, path: '', message: /YAML syntax error/ },
  { file: 'unknown-key.yaml', line: 3, column: 1, path: 'shopers', message: /unknown key "shopers"/, hint: /did you mean "shoppers"/ },
  { file: 'market-typo.yaml', line: 8, column: 23, path: 'timeline.0.markets.1', message: /unknown market "south-east-asia"/, hint: /did you mean "southeast-asia"/ },
  { file: 'share-above-one.yaml', line: 5, column: 14, path: 'levers.afterSales.aiShare', message: /at most 1 \(a share from 0 to 1\), got 1.2/ },
  { file: 'shares-not-summing.yaml', line: 3, column: 1, path: 'markets', message: /must sum to 1, they sum to 1.1/, hint: /north 0.6, south 0.5/ },
  { file: 'bad-expression.yaml', line: 4, column: 19, path: 'levers.warehouseShare', message: /expression does not parse/ },
  { file: 'expression-out-of-range.yaml', line: 4, column: 19, path: 'levers.warehouseShare', message: /on day 220, outside 0..1/ },
  { file: 'extends-cycle-a.yaml', line: 3, column: 10, path: 'extends', message: /extends cycle: .*extends-cycle-a.yaml -> .*extends-cycle-b.yaml/ },
  { file: 'missing-extends.yaml', line: 3, column: 10, path: 'extends', message: /base file not found: .*no-such-base.yaml/ },
  { file: 'extends-device.yaml', line: 3, column: 10, path: 'extends', message: /base file \/dev\/zero is not a regular file/ },
  { file: 'extends-folder.yaml', line: 4, column: 10, path: 'extends', message: /base file .*broken is a folder, not a file/ },
  { file: 'alias-bomb.yaml', line: 3, column: 4, path: '', message: /aliases expand too much/ },
  { file: 'custom-tag.yaml', line: 3, column: 7, path: '', message: /tag.*js\/function.*not allowed/ },
  { file: 'duplicate-key.yaml', line: 5, column: 1, path: '', message: /appears twice/ },
  { file: 'experiment-factor-out-of-range.yaml', line: 8, column: 7, path: 'levers.warehouseShare', message: /^with levers.warehouseShare = 1.5: must be at most 1/ },
  { file: 'experiment-market-typo.yaml', line: 8, column: 11, path: 'markets.eruope.levers.afterSales.returnCycleDays', message: /unknown market "eruope"/, hint: /did you mean "europe"/ },
  { file: 'experiment-paired-mismatch.yaml', line: 13, column: 12, path: 'experiment.combine', message: /paired needs as many policies as uncertainties, got 2 and 3/ },
  { file: 'experiment-path-on-both-sides.yaml', line: 8, column: 3, path: 'experiment.uncertainties', message: /"levers.priceIndex" is both a policy and an uncertainty/ },
  { file: 'experiment-sampled-without-samples.yaml', line: 13, column: 12, path: 'experiment.combine', message: /sampled needs samples/ },
  { file: 'experiment-too-many-runs.yaml', line: 10, column: 3, path: 'experiment.replications', message: /expands to 2,000,000 runs \(1,000,000 design points x 2 seeds\)/ },
  { file: 'experiment-two-designs.yaml', line: 5, column: 3, path: 'experiment.policies', message: /give one of list, grid, not 2/ },
  { file: 'payment-method-half.yaml', line: 6, column: 5, path: 'levers.paymentMethods.crypto', message: /missing required key "failureRate"/ },
  { file: 'payment-method-half-in-market.yaml', line: 14, column: 17, path: 'markets.only.levers.paymentMethods.crypto', message: /"crypto" offered in market "only" has no failureRate/ },
  { file: 'payment-typo.yaml', line: 7, column: 38, path: 'markets.only.paymentPreferences.paypall', message: /"paypall" is not declared/, hint: /did you mean "paypal"/ },
];

describe('broken scenario files', () => {
  for (const c of cases) {
    it(`${c.file}: "${c.message.source}" at ${c.line}:${c.column}`, () => {
      const errors = errorsOf(join(dir, c.file));
      const e = errors.find((x) => c.message.test(x.message));
      expect(e, errors.map((x) => x.message).join('\n')).toBeDefined();
      expect(e).toMatchObject({ line: c.line, column: c.column, path: c.path });
      if (c.hint) expect(e!.hint).toMatch(c.hint);
      expect(e!.sourceLine).toBeDefined();
      expect(e!.file).toContain('broken');
    });
  }

  it('an expression that calls import is refused, not run', () => {
    const errors = errorsOf(join(dir, 'bad-expression.yaml'));
    expect(errors).toContainEqual(expect.objectContaining({ line: 5, column: 15, path: 'levers.priceIndex', message: 'function "import" is not allowed in an expression' }));
  });

  it('reports every mistake in a file at once, in file order', () => {
    const errors = errorsOf(join(dir, 'many-errors.yaml'));
    expect(errors.map((e) => [e.path, e.line])).toEqual([
      ['days', 3],
      ['shoppers', 4],
      ['memberShare', 5],
      ['levers.problemRate', 7],
      ['levers.afterSales.returnCycleDayz', 9],
    ]);
    expect(errors[4]!.hint).toBe('did you mean "returnCycleDays"?');
  });

  it('refuses a file over the size cap before reading it', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'shopsim-huge-'));
    const file = join(tmp, 'huge.yaml');
    writeFileSync(file, `name: huge\ndescription: too big\n${'# padding padding padding padding padding padding\n'.repeat(25_000)}`);
    const errors = errorsOf(file);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/bytes, over the 1 MiB limit/);

    // A small file that extends the huge one is told so at its extends line.
    const small = join(tmp, 'small.yaml');
    writeFileSync(small, 'name: small\ndescription: extends a huge base\nextends: ./huge.yaml\n');
    expect(errorsOf(small)).toEqual([expect.objectContaining({ line: 3, column: 10, path: 'extends', message: expect.stringMatching(/^base file .*huge.yaml file is [\d,]+ bytes, over the 1 MiB limit/) })]);
  });

  it('checks the experiment also when the file is loaded with overrides (a sweep with --shoppers)', () => {
    const errors = errorsOf(join(dir, 'experiment-paired-mismatch.yaml'), { overrides: { shoppers: 10 } });
    expect(errors).toEqual([expect.objectContaining({ line: 13, path: 'experiment.combine' })]);
  });

  it('says when the file does not exist', () => {
    const errors = errorsOf(join(dir, 'not-there.yaml'));
    expect(errors[0]!.message).toBe('file not found');
  });

  it('formats each error as file:line:col  path  message  (hint) with the offending line', () => {
    try {
      loadScenarioFile(join(dir, 'unknown-key.yaml'));
    } catch (e) {
      const text = (e as ScenarioErrors).format();
      expect(text).toContain('unknown-key.yaml:3:1  shopers  unknown key "shopers"  (did you mean "shoppers"?)');
      expect(text).toContain('  3 | shopers: 1000');
      expect(text).toContain('    | ^');
      return;
    }
    throw new Error('no error');
  });

  it('an override naming a market that does not exist suggests the right one', () => {
    const errors = errorsOf(fileURLToPath(new URL('../../../scenarios/2024.yaml', import.meta.url)), {
      overrides: { 'markets.eruope.levers.afterSales.returnCycleDays': 45 },
    });
    expect(errors[0]).toMatchObject({ path: 'markets.eruope.levers.afterSales.returnCycleDays', message: 'unknown market "eruope"', hint: 'did you mean "europe"?' });
  });

  it('an override with a bad value is reported against the override', () => {
    const errors = errorsOf(fileURLToPath(new URL('../../../scenarios/2024.yaml', import.meta.url)), {
      overrides: { 'levers.warehouseShare': 1.5 },
    });
    expect(errors[0]).toMatchObject({ path: 'levers.warehouseShare', line: 0, message: expect.stringMatching(/at most 1/) });
    expect(errors[0]!.file).toMatch(/override levers.warehouseShare/);
  });
});
