import { cpSync, existsSync, mkdtempSync, readFileSync, truncateSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseSet, planFromSets } from './design.ts';
import { mergeShards } from './merge.ts';
import { runSweep, type SweepOptions } from './sweep.ts';

const scenario = { file: null, overrides: { shoppers: 2000, days: 60 } };
const plan = planFromSets([parseSet('levers.warehouseShare=0.3,0.9'), parseSet('levers.afterSales.returnCycleDays=7,45')], { design: 'grid' }, [1, 2, 3]);
const tmp = () => mkdtempSync(join(tmpdir(), 'sweep-'));
const read = (dir: string, name: string) => readFileSync(join(dir, name), 'utf8');
const sweep = (out: string, extra: Partial<SweepOptions> = {}) => runSweep({ scenario, plan, out, workers: 2, ...extra });

describe('runSweep', () => {
  // The uninterrupted, unsharded sweep on 2 workers: run once, the reference of the tests below.
  let whole: string;
  let wholeResult: Awaited<ReturnType<typeof runSweep>>;
  beforeAll(async () => {
    whole = tmp();
    wholeResult = await sweep(whole);
  });

  it('gives identical runs.jsonl, runs.csv and summaries with 1 and with 2 workers', async () => {
    const one = tmp();
    const two = whole;
    await sweep(one, { workers: 1 });
    const r = wholeResult;
    expect(r).toMatchObject({ total: 12, ran: 12, failed: 0, skipped: 0 });
    for (const f of ['runs.jsonl', 'runs.csv', 'summary.json', 'sensitivity.json']) expect(read(two, f)).toBe(read(one, f));
    const rows = read(one, 'runs.jsonl').trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((x) => x.run)).toEqual(plan.map((s) => s.run));
    expect(rows[0]).toMatchObject({ status: 'ok', params: { 'levers.warehouseShare': 0.3 }, seed: 1 });
    expect(Object.keys(rows[0].byMarket)).toContain('southeast-asia');
    expect(read(one, 'runs.csv').split('\n')[0]).toMatch(/^run,point,replication,seed,status,levers_warehouse_share,levers_after_sales_return_cycle_days,visits,/);
  });

  it('finds that the warehouse share moves delivery time most, and the return cycle does not', () => {
    const r = wholeResult;
    const src = (param: string, kpi: string) => r.sensitivity.rows.find((x) => x.param === param && x.kpi === kpi)!.coefficient;
    expect(src('levers.warehouseShare', 'meanDeliveryDays')).toBeLessThan(-0.5);
    expect(Math.abs(src('levers.afterSales.returnCycleDays', 'meanDeliveryDays'))).toBeLessThan(0.2);
    expect(r.summary.points).toHaveLength(4);
    expect(r.summary.points[0]!.kpis.csat!.n).toBe(3);
  });

  it('merges shards 0..n-1 into exactly the unsharded sweep', async () => {
    const sharded = tmp();
    for (let index = 0; index < 3; index++) {
      const r = await sweep(sharded, { shard: { index, count: 3 } });
      expect(r.total).toBe(4);
    }
    const merged = join(tmp(), 'merged');
    const m = mergeShards({ inputs: [sharded], out: merged });
    expect(m.shards).toHaveLength(3);
    for (const f of ['runs.jsonl', 'runs.csv', 'summary.json', 'sensitivity.json']) expect(read(merged, f)).toBe(read(whole, f));
  });

  it('refuses to merge when a shard is missing', async () => {
    const sharded = tmp();
    await sweep(sharded, { shard: { index: 0, count: 2 } });
    expect(() => mergeShards({ inputs: [sharded], out: join(tmp(), 'm') })).toThrow(/6 of 12 runs are missing/);
  });

  it('resumes an interrupted sweep (torn last line included) to exactly the uninterrupted result', async () => {
    // A finished folder moved elsewhere resumes like one left in place (a sweep's files name no folder).
    const cut = tmp();
    cpSync(whole, cut, { recursive: true });
    // Keep 5 runs and half of the 6th, as a SIGKILL mid-write would.
    const lines = read(cut, 'runs.jsonl').split('\n');
    const keep = lines.slice(0, 5).join('\n').length + 1 + Math.floor(lines[5]!.length / 2);
    truncateSync(join(cut, 'runs.jsonl'), keep);
    const r = await sweep(cut, { resume: true });
    expect(r).toMatchObject({ skipped: 5, ran: 7 });
    for (const f of ['runs.jsonl', 'runs.csv', 'summary.json']) expect(read(cut, f)).toBe(read(whole, f));
  });

  it('checks every design point before it starts: one the scenario refuses stops the sweep before any folder or run', async () => {
    const out = join(tmp(), 'never-made');
    // The first point is fine; the second (a warehouse share of 7) would fail all its runs.
    const bad = planFromSets([parseSet('levers.warehouseShare=0.5,7')], { design: 'grid' }, [1, 2]);
    await expect(runSweep({ scenario, plan: bad, out, workers: 2 })).rejects.toThrow(/design point 1 \(levers\.warehouseShare = 7\) is not a valid scenario: .*warehouseShare/);
    expect(existsSync(out)).toBe(false);
  });

  // 042d453: "unknown parameter path" (its setter for the built-in scenario indexed markets by position), and "v is not a function" for an expression.
  it('sweeps a market\'s own lever of the built-in scenario by market id, an expression among its values', async () => {
    const byId = planFromSets([parseSet('markets.europe.levers.afterSales.returnCycleDays=7,day/2')], { design: 'grid' }, [1]);
    const r = await runSweep({ scenario: { file: null, overrides: { shoppers: 300, days: 20 } }, plan: byId, out: tmp(), workers: 1 });
    expect(r).toMatchObject({ total: 2, ran: 2, failed: 0 });
    expect(r.sensitivity.reach).toEqual([{ path: 'markets.europe.levers.afterSales.returnCycleDays', markets: ['europe'], of: 6, shopperShare: expect.any(Number) }]);
  });

  it('never writes over earlier results without force, and resumes only the same sweep', async () => {
    const out = tmp();
    await sweep(out);
    await expect(sweep(out)).rejects.toThrow(/already exists/);
    await expect(runSweep({ scenario, plan: plan.slice(0, 4), out, workers: 1, resume: true })).rejects.toThrow(/different sweep/);
    const size = statSync(join(out, 'runs.jsonl')).size;
    await sweep(out, { force: true });
    expect(statSync(join(out, 'runs.jsonl')).size).toBe(size);
    expect(existsSync(join(out, 'manifest.json'))).toBe(true);
  });

  // 042d453 hashed only the top file: a base edited between a kill and --resume mixed two models in one result.
  it('refuses to resume, or merge shards, across an edit of a base file of the scenario, keeping the rows already there', async () => {
    const dir = tmp();
    const base = join(dir, 'base.yaml');
    const top = join(dir, 'top.yaml');
    writeFileSync(base, `extends: ${fileURLToPath(new URL('../../../scenarios/2024.yaml', import.meta.url))}\nmemberShare: 0.2\n`);
    writeFileSync(top, 'extends: ./base.yaml\nname: top\n');
    const based = { file: top, overrides: { shoppers: 300, days: 20 } };
    const small = planFromSets([parseSet('levers.warehouseShare=0.3,0.9')], { design: 'grid' }, [1]);
    const out = join(dir, 'out');
    await runSweep({ scenario: based, plan: small, out, workers: 1 });
    const rows = read(out, 'runs.jsonl');
    // Shard 0 of 2 before the edit, shard 1 after: merging them would mix two models.
    const sharded = join(dir, 'sharded');
    await runSweep({ scenario: based, plan: small, out: sharded, workers: 1, shard: { index: 0, count: 2 } });
    writeFileSync(base, readFileSync(base, 'utf8').replace('memberShare: 0.2', 'memberShare: 0.3'));
    await expect(runSweep({ scenario: based, plan: small, out, workers: 1, resume: true })).rejects.toThrow(/different sweep/);
    expect(read(out, 'runs.jsonl')).toBe(rows);
    await runSweep({ scenario: based, plan: small, out: sharded, workers: 1, shard: { index: 1, count: 2 } });
    expect(() => mergeShards({ inputs: [sharded], out: join(dir, 'merged') })).toThrow(/from a different sweep/);
  });

  it('writes a manifest that traces the folder to its inputs', async () => {
    const out = tmp();
    await sweep(out, { command: ['sweep', '--set', 'x'] });
    const m = JSON.parse(read(out, 'manifest.json'));
    expect(m).toMatchObject({ kind: 'sweep', command: ['sweep', '--set', 'x'], seeds: [1, 2, 3], scenarios: [{ file: null }] });
    expect(m.runs).toHaveLength(12);
    expect(m.gitCommit).toMatch(/^[0-9a-f]{40}$/);
    expect(m.node).toBe(process.version);
    expect(m.dependencies.tinypool).toMatch(/^\d+\.\d+/);
  });
});
