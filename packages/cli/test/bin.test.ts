// How people start shopsim: `pnpm exec shopsim` (the root's bin) prints only what shopsim
// prints, so `--json > file` is valid JSON. `pnpm shopsim` (a script) adds pnpm's banner to
// stdout, which broke the README's `pnpm shopsim run --json > result.json` on 042d453.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('pnpm exec shopsim', () => {
  it('writes only the JSON result to stdout', () => {
    const r = spawnSync('npx', ['-y', 'pnpm@10.34.9', 'exec', 'shopsim', 'run', '--shoppers', '500', '--days', '5', '--json'], {
      cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024,
    });
    expect(r.status, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.shoppers).toBe(500);
    expect(result.days).toBe(5);
  });
});
