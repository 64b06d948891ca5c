// Files that are not scenarios, or are hostile (issue 16): each says what is
// actually wrong, at the extends line for a base, and none is taken for an
// empty map; loading stays fast and bounded whatever the file holds.
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile, ScenarioErrors, type ScenarioError } from '../src/index.ts';

const base = fileURLToPath(new URL('../../../scenarios/2024.yaml', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'hostile-'));
let n = 0;
function file(content: string | Buffer): string {
  const path = join(dir, `f${n++}.yaml`);
  writeFileSync(path, content);
  return path;
}

function errorsOf(path: string): ScenarioError[] {
  try {
    loadScenarioFile(path);
  } catch (e) {
    if (e instanceof ScenarioErrors) return e.errors;
    throw e;
  }
  throw new Error(`${path} loaded without errors`);
}

describe('a file that is not a scenario says what it is', () => {
  it.each([
    ['a top-level list', () => file('- name: x\n- days: 3\n'), /is not a scenario: it holds a list, not a map/],
    ['text', () => file('just some words\n'), /is not a scenario: it holds text, not a map/],
    ['CR-only line endings', () => file('name: x\rdays: 3\rshoppers: 10\r'), /CR-only line endings/],
    ['UTF-16 with a byte-order mark', () => file(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('name: x\ndays: 3\n', 'utf16le')])), /UTF-16/],
    ['UTF-16 without one', () => file(Buffer.from('name: x\ndays: 3\n', 'utf16le')), /UTF-16/],
    ['binary bytes', () => file(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41])), /not a text file/],
    ['an alias with no anchor', () => file(`extends: ${base}\nlevers:\n  warehouseShare: *share\n`), /alias \*share has no anchor &share before it/],
  ])('%s', (_what, make, message) => {
    const errors = errorsOf(make());
    expect(errors.map((e) => e.message).join('\n')).toMatch(message);
    expect(errors.map((e) => e.message).join('\n')).not.toMatch(/missing required key|aliases expand too much/);
  });
});

describe('a base must be a scenario map, under the same rules as the main file', () => {
  const listBase = file('- 1\n- 2\n');
  const loop = join(dir, 'loop-a.yaml');
  symlinkSync(join(dir, 'loop-b.yaml'), loop);
  symlinkSync(loop, join(dir, 'loop-b.yaml'));
  it.each([
    ['/etc/passwd', '/etc/passwd', /base file \/etc\/passwd is not a scenario: it holds text/],
    ['/proc/self/environ', '/proc/self/environ', /base file \/proc\/self\/environ is not a text file/],
    ['a list', listBase, /is not a scenario: it holds a list/],
    ['a symbolic link loop', loop, /base file is a loop of symbolic links/],
  ])('extends: %s is an error at the extends line', (_what, target, message) => {
    const errors = errorsOf(file(`name: x\nextends: ${target}\n`));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: 2, column: 10, path: 'extends' });
    expect(errors[0]!.message).toMatch(message);
  });
});

describe('bounded loading', () => {
  it('499 nested brackets in an expression are a nesting error, not a stack overflow', () => {
    const deep = `${'('.repeat(450)}0.5${')'.repeat(450)}`;
    const errors = errorsOf(file(`extends: ${base}\nlevers:\n  warehouseShare: "${deep}"\n`));
    expect(errors[0]!.message).toMatch(/nests 450 levels of brackets, more than 32/);
  });

  it('a file with tens of thousands of keys is refused at once by a key cap, not checked key by key', () => {
    const keys = Array.from({ length: 25_000 }, (_, i) => `  k${i}: 1`).join('\n');
    const errors = errorsOf(file(`extends: ${base}\nbehaviour:\n${keys}\n`));
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/more than 20,000 keys/);
  });
});

// On 042d453 each of these loaded without an error: the YAML parser dropped the key.
describe('prototype keys in a file', () => {
  it.each([
    ['a top-level __proto__ in a file with extends', () => `extends: ${base}\nname: x\n__proto__: { days: 3 }\n`, '__proto__', 3],
    ['levers.__proto__', () => `extends: ${base}\nname: x\nlevers:\n  __proto__: { warehouseShare: 0.1 }\n`, 'levers.__proto__', 4],
    ['a market id __proto__', () => `extends: ${base}\nname: x\nmarkets:\n  __proto__: { shopperShare: 0, orderValue: 10, paymentPreferences: { card: 1 } }\n`, 'markets.__proto__', 4],
    ['a market id constructor', () => `extends: ${base}\nname: x\nmarkets:\n  constructor: { shopperShare: 0, orderValue: 10, paymentPreferences: { card: 1 } }\n`, 'markets.constructor', 4],
    ['levers.prototype', () => `extends: ${base}\nname: x\nlevers:\n  prototype: 1\n`, 'levers.prototype', 4],
  ])('%s is refused at its line, and Object.prototype is untouched', (_name, text, path, line) => {
    const errors = errorsOf(file(text()));
    expect(errors.some((e) => e.path === path && e.line === line), JSON.stringify(errors)).toBe(true);
    expect(({} as Record<string, unknown>).days).toBeUndefined();
    expect(({} as Record<string, unknown>).warehouseShare).toBeUndefined();
  });
});
