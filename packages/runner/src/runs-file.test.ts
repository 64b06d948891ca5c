import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recoverRuns, RowCheck, RunIndex, salvageRuns, type RunRow } from './runs-file.ts';

const plan = Array.from({ length: 4 }, (_, run) => ({ run, point: run, params: { 'levers.warehouseShare': run / 4 }, replication: 0, seed: 1 }));
const check = new RowCheck(plan, 'sweep-a');
const row = (run: number): RunRow => ({ ...plan[run]!, status: 'ok', kpis: { orders: 10 + run }, byMarket: {} });
const line = (run: number) => check.line(row(run));

function file(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'runs-file-')), 'runs.jsonl');
  writeFileSync(path, text);
  return path;
}

describe('runs.jsonl recovery', () => {
  it('cuts a torn last line (a run killed mid-write) so it is redone', () => {
    const path = file(line(0) + line(1) + line(2).slice(0, 25));
    const seen: number[] = [];
    const r = recoverRuns(path, check, (x) => seen.push(x.run));
    expect(seen).toEqual([0, 1]);
    expect(r.tornBytes).toBe(25);
    expect(readFileSync(path, 'utf8')).toBe(line(0) + line(1));
  });

  it('also cuts a last line that ends but is not a valid row', () => {
    const path = file(line(0) + '{"run":1,"poi\n');
    const seen: number[] = [];
    recoverRuns(path, check, (x) => seen.push(x.run));
    expect(seen).toEqual([0]);
    expect(readFileSync(path, 'utf8')).toBe(line(0));
  });

  it('refuses a file corrupted in the middle rather than dropping runs silently, pointing at --salvage-to', () => {
    const path = file(line(0) + 'garbage\n' + line(2));
    expect(() => recoverRuns(path, check, () => {})).toThrow(/line 2 has no checksum/);
    try {
      recoverRuns(path, check, () => {});
    } catch (err) {
      expect((err as { hint: string }).hint).toMatch(/--resume --salvage-to/);
    }
  });

  it('reads runs back in run order whatever order they were written in', () => {
    const path = file(line(2) + line(0) + line(1));
    const index = new RunIndex(check);
    index.addFile(path);
    const order: number[] = [];
    index.forEachInOrder((x) => order.push(x.run));
    expect(order).toEqual([0, 1, 2]);
  });
});

describe('row checks (issue 16: resume and merge trusted any row that parsed)', () => {
  const edited = (run: number, from: string, to: string) => line(run).replace(from, to);

  it.each([
    ['an edited KPI', edited(1, '"orders":11', '"orders":-999999'), /does not match its checksum/],
    ['a mangled params key', edited(1, 'levers.warehouseShare', 'levers.warehouseShaer'), /does not match its checksum/],
    ['a row of another sweep', new RowCheck(plan, 'sweep-b').line(row(1)), /does not match its checksum/],
    ['a row without a checksum', JSON.stringify(row(1)) + '\n', /has no checksum/],
  ])('%s in the middle stops the resume and the merge; it is never averaged', (_what, bad, message) => {
    const path = file(line(0) + bad + line(2));
    expect(() => recoverRuns(path, check, () => {})).toThrow(message);
    expect(() => new RunIndex(check).addFile(path)).toThrow(message);
  });

  it('a row whose checksum holds but whose seed or params are not the plan\'s is refused', () => {
    const other = new RowCheck([plan[0]!, { ...plan[1]!, seed: 99 }, plan[2]!, plan[3]!], 'sweep-a');
    const path = file(line(0) + other.line({ ...row(1), seed: 99 }));
    expect(() => new RunIndex(check).addFile(path)).toThrow(/does not have the plan's point, seed and parameters/);
  });

  it('a bad last line is cut and redone, not kept', () => {
    const path = file(line(0) + edited(1, '"orders":11', '"orders":-999999'));
    const seen: number[] = [];
    recoverRuns(path, check, (x) => seen.push(x.run));
    expect(seen).toEqual([0]);
  });

  it('salvage copies every valid row (each run once) and leaves out the corrupt ones', () => {
    const from = file(line(0) + 'garbage\n' + line(2) + line(0) + edited(3, '"orders":13', '"orders":1') + line(1).slice(0, 9));
    const to = join(mkdtempSync(join(tmpdir(), 'salvage-')), 'runs.jsonl');
    const r = salvageRuns(from, to, check);
    expect(r).toMatchObject({ kept: 2, dropped: 3 });
    expect(readFileSync(to, 'utf8')).toBe(line(0) + line(2));
  });
});
