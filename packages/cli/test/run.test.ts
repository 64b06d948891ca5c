import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { bin, cli } from './shopsim.ts';

describe('shopsim run', () => {
  it('prints a KPI table for the built-in scenario', async () => {
    const r = await cli(['run', '--shoppers', '2000', '--days', '60']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/CSAT/);
    expect(r.stdout).toMatch(/Payment abandonment/);
    expect(r.stdout).toMatch(/southeast-asia/);
  });

  it('stops quietly with exit code 0 when the reader of its output closes the pipe early', async () => {
    const r = spawnSync('bash', ['-o', 'pipefail', '-c', `"${process.execPath}" "${bin}" run --shoppers 2000 --days 60 --json | head -c 10`], { encoding: 'utf8' });
    expect(r.stdout).toHaveLength(10);
    expect(r.stderr).not.toMatch(/EPIPE|Error/);
    expect(r.status).toBe(0);
  });

  it('prints the result as JSON with --json, the same for the same seed', async () => {
    const a = await cli(['run', '--shoppers', '2000', '--days', '60', '--seed', '4', '--json']);
    const b = await cli(['run', '--shoppers', '2000', '--days', '60', '--seed', '4', '--json']);
    expect(a.status).toBe(0);
    const result = JSON.parse(a.stdout);
    expect(result.seed).toBe(4);
    expect(result.shoppers).toBe(2000);
    expect(result.kpis.orders).toBeGreaterThan(0);
    expect(a.stdout).toBe(b.stdout);
  });

  it('summarises replications as mean, sd and a Student t 95% CI per KPI, overall and per market', async () => {
    const r = await cli(['run', '--shoppers', '2000', '--days', '60', '--seeds', '3,8,11', '--json', '--quiet']);
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.seeds).toEqual([3, 8, 11]);
    const orders = summary.kpis.all.orders;
    expect(orders.n).toBe(3);
    // t(0.975, 2 degrees of freedom) = 4.303: the half-width is t * sd / sqrt(n).
    expect(orders.hi - orders.mean).toBeCloseTo((4.303 * orders.sd) / Math.sqrt(3), 1);
    expect(summary.kpis['southeast-asia'].paymentAbandonment.n).toBe(3);
    expect(Object.keys(summary.kpis)).toEqual(['all', ...summary.markets.map((m: { id: string }) => m.id)]);
  });

  it('gives the same replication summary on 1 worker and on 2', async () => {
    const args = ['run', '--shoppers', '2000', '--days', '60', '-R', '3', '--json', '--quiet'];
    const one = await cli([...args, '--workers', '1']);
    const two = await cli([...args, '--workers', '2']);
    expect(one.status, one.stderr).toBe(0);
    expect(two.stdout).toBe(one.stdout);
  });

  it('rejects a bad flag value with exit code 2, one line and no stack', async () => {
    const r = await cli(['run', '--shoppers', '-3']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--shoppers must be a whole number/);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it('rejects an unknown flag with exit code 2', async () => {
    const r = await cli(['run', '--shopers', '10']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/shopers/);
  });
});
