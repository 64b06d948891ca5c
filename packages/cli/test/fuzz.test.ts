// A fuzz of the command line (issue 16): random flags, --set paths and
// values, seeds and shard strings, on tiny runs. Whatever is typed, shopsim
// exits 0 or 2; an error is one line with no stack trace; nothing it prints
// carries a control character. Count-bounded with a fixed seed, so `pnpm
// test` is deterministic; a longer run:
//   SHOPSIM_FUZZ_RUNS=2000 SHOPSIM_FUZZ_SEED=7 npx vitest run packages/cli/test/fuzz.test.ts
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cli } from './shopsim.ts';

const RUNS = Number(process.env.SHOPSIM_FUZZ_RUNS ?? 40);
const SEED = Number(process.env.SHOPSIM_FUZZ_SEED ?? 16);
const shipped = (name: string) => fileURLToPath(new URL(`../../../scenarios/${name}`, import.meta.url));
// Every C0 control but tab and newline, DEL, the C1 controls (the harness sets NO_COLOR).
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

const nasty = ['', ' ', '-1', '0', 'x', 'NaN', '1e309', '-0', '1.5', '\u001b]0;PWNED\u0007', '\u001b[2J', '\u202e', '%s', '../..', '1,,2'];
const oneOf = <T>(xs: readonly T[]) => fc.constantFrom(...xs);

// Sizes stay tiny whatever is drawn: valid values are small, the rest are mistakes.
const size = fc.record({
  shoppers: oneOf(['50', '20', '0', '-5', 'x', '', '1e9', '50.5']),
  days: oneOf(['3', '2', '0', '-3', '99999999', 'x', '']),
});
const seeds = oneOf(['1', '1,2', '', '1,,2', ',', '1..2', '2..1', 'a', '-0', '1,1', '9999999999', ...nasty]);
const shard = oneOf(['-1/3', '0/0', '1/1', '0/2', '1/2', '5/3', 'auto', 'auto/2', 'x/y', '0/100000', '1/', '/2', ...nasty]);
const segment = oneOf(['__proto__', 'constructor', 'prototype', 'levers', 'warehouseShare', 'priceIndex', 'afterSales', 'returnCycleDays', 'markets', 'europe', 'behaviour', 'lossAversion', 'visitTrustWeight', 'directMail', 'costPerOrder', 'name', 'seed', '0', '', 'x-y', 'ÄÖ']);
const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join('.'));
const value = oneOf(['0.3', '0.3,0.6', '0:1:3', '0:1', '1:0:3', '0:1:100000000', '0:1:1', 'true', 'a,b', '-1', '2', '1000', '1e308', ':', '::', ...nasty]);
const set = fc.tuple(path, value).map(([p, v]) => `${p}=${v}`);

const flags = fc.record(
  {
    seeds: seeds.map((s) => ['--seeds', s]),
    replications: oneOf(['1', '2', '0', '-1', 'x', '', '100001']).map((r) => ['-R', r]),
    seed: oneOf(['1', '-1', 'x', '', '2147483648']).map((s) => ['--seed', s]),
    workers: oneOf(['1', '2', '0', '1000', 'x', '']).map((w) => ['--workers', w]),
    shard: shard.map((s) => ['--shard', s]),
    set: fc.array(set, { minLength: 1, maxLength: 2 }).map((xs) => xs.flatMap((s) => ['--set', s])),
    design: oneOf(['grid', 'random', 'lhs', 'x', '']).map((d) => ['--design', d]),
    samples: oneOf(['2', '0', '-1', 'x', '10000001']).map((s) => ['--samples', s]),
    json: fc.constant(['--json']),
    resume: fc.constant(['--resume']),
    force: fc.constant(['--force']),
    bare: oneOf(['--shoppers', '--seeds', '--out', '--set', '--shard', '--bogus', '-R']).map((f) => [f]),
  },
  { requiredKeys: [] },
);

const command = oneOf(['run', 'sweep', 'compare', 'validate', 'merge']);
const outKind = oneOf(['fresh', 'none', 'empty', 'file', 'nested-in-file']);

function outArgs(kind: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'cli-fuzz-'));
  if (kind === 'none') return [];
  if (kind === 'empty') return ['--out', ''];
  if (kind === 'fresh') return ['--out', join(dir, 'out')];
  const file = join(dir, 'file');
  writeFileSync(file, 'x');
  return ['--out', kind === 'file' ? file : join(file, 'out')];
}

function commandArgs(cmd: string): string[] {
  if (cmd === 'compare') return ['compare', shipped('2019-baseline.yaml'), shipped('2024.yaml')];
  if (cmd === 'validate') return ['validate', shipped('2024.yaml')];
  if (cmd === 'merge') return ['merge', mkdtempSync(join(tmpdir(), 'cli-fuzz-'))];
  return [cmd];
}

describe('prototype keys in --set paths', () => {
  it.each(['__proto__.toString=1', '__proto__.valueOf=1', 'constructor.prototype.x=1', 'levers.__proto__.x=1'])('--set %s: exit 2, one line, Object.prototype untouched', async (spec) => {
    const out = join(mkdtempSync(join(tmpdir(), 'cli-fuzz-')), 'out');
    const r = await cli(['sweep', '--set', spec, '--shoppers', '50', '--days', '3', '--quiet', '--out', out]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(String({})).toBe('[object Object]');
  });
});

describe('CLI fuzz', () => {
  it(`${RUNS} random command lines (seed ${SEED}): exit 0 or 2, one line on error, no stack, no control character`, async () => {
    await fc.assert(
      fc.asyncProperty(command, size, flags, outKind, async (cmd, sz, fl, out) => {
        const args = [...commandArgs(cmd), '--shoppers', sz.shoppers, '--days', sz.days, '--quiet', ...Object.values(fl).flat(), ...outArgs(out)];
        const r = await cli(args);
        const shown = JSON.stringify(args);
        expect([0, 2], `${shown}\n${r.stderr}`).toContain(r.status);
        expect(r.stderr, shown).not.toMatch(/\n\s+at |node:internal|\w+Error: /);
        expect(r.stdout + r.stderr, shown).not.toMatch(CONTROL);
        if (r.status === 2) {
          expect(r.stderr.trim().split('\n'), `${shown}\n${r.stderr}`).toHaveLength(1);
          expect(r.stderr).toMatch(/^shopsim: /);
        }
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  });
});
