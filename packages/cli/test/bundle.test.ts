// The bundle that `pnpm install` builds must behave exactly as the sources.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bin, cli } from './shopsim.ts';

const bundler = fileURLToPath(new URL('../bundle.mjs', import.meta.url));

// The bundle is compared against the sources: here the in-process cli() starts its pool on
// the worker through tsx, not on the suite's bundled one (vitest.setup.ts), given back to
// the files that run after this one in the same process.
const suiteWorker = (globalThis as { shopsimWorker?: string }).shopsimWorker;
beforeAll(() => {
  delete (globalThis as { shopsimWorker?: string }).shopsimWorker;
});
afterAll(() => {
  if (suiteWorker !== undefined) (globalThis as { shopsimWorker?: string }).shopsimWorker = suiteWorker;
});

function bundled(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the bundled shopsim', () => {
  // Built once from the current sources, so that the bin starts the bundle (start.mjs: fresh) in every test below.
  beforeAll(() => {
    expect(spawnSync(process.execPath, [bundler], { encoding: 'utf8' }).status).toBe(0);
  });

  test('prints the same results as the TypeScript sources, scenario expressions included', async () => {
    for (const args of [['run', '--shoppers', '3000', '--days', '60', '--seed', '4'], ['run', 'scenarios/festivals-ramadan.yaml', '--shoppers', '3000', '--days', '60']]) {
      const a = bundled(args);
      const b = await cli(args);
      expect(a.status).toBe(0);
      expect(a.stdout).toBe(b.stdout);
    }
  });

  test('runs replications on its bundled pool worker with the same results as the sources', async () => {
    // Two replications on two workers: the pool starts dist/worker.mjs when shopsim started from the bundle.
    const args = ['run', '--shoppers', '3000', '--days', '60', '-R', '2', '--workers', '2', '--quiet', '--json'];
    const a = bundled(args);
    expect(a.stderr).toBe('');
    expect(a.status).toBe(0);
    expect(JSON.parse(a.stdout)).toEqual(JSON.parse((await cli(args)).stdout));
  });

  test('exits 2 with the same one-line message on a bad flag', async () => {
    const a = bundled(['run', '--days', '0']);
    expect(a.status).toBe(2);
    expect(a.stderr).toBe((await cli(['run', '--days', '0'])).stderr);
    expect(a.stderr.trim().split('\n')).toHaveLength(1);
  });
});
