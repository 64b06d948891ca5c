// A command reads its scenario once: the main thread loads and checks it,
// and every replication (in worker threads) runs what that load produced.
// On 042d453 `run -R 4 --out` loaded the file four times in the main thread
// and once more in each worker.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { cli } from './shopsim.ts';

const loads: string[] = [];

vi.mock('@shopsim/scenario', async (importOriginal) => {
  const real = await importOriginal<typeof import('@shopsim/scenario')>();
  return {
    ...real,
    loadScenarioFile: (...args: Parameters<typeof real.loadScenarioFile>) => {
      const scenario = real.loadScenarioFile(...args);
      loads.push(args[0]);
      // Gone after its first load: any later read (here or in a worker) fails the command.
      rmSync(args[0]);
      return scenario;
    },
  };
});

const shipped = fileURLToPath(new URL('../../../scenarios/', import.meta.url));

describe('shopsim run -R 4 --out', () => {
  it('loads the scenario file exactly once, and its replications still run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shopsim-load-once-'));
    try {
      // A file with an extends chain and a lever expression (a function, which no worker can be sent).
      const file = join(dir, 'ramping.yaml');
      copyFileSync(join(shipped, '2024.yaml'), join(dir, 'base.yaml'));
      const text = 'extends: ./base.yaml\nname: ramping\ndescription: warehouses ramp up\nlevers:\n  warehouseShare: "min(0.9, 0.5 + day / 100)"\n';
      writeFileSync(file, text);
      const out = join(dir, 'out');
      const r = await cli(['run', file, '-R', '4', '--out', out, '--shoppers', '400', '--days', '20', '--workers', '1', '--quiet']);
      expect(r.status, r.stderr).toBe(0);
      expect(loads).toEqual([file]);
      expect(existsSync(file)).toBe(false);
      const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
      expect(summary.seeds).toEqual([1, 2, 3, 4]);
      expect(summary.kpis.all.orders.n).toBe(4);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
