import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recoverRuns, RunIndex, type RunRow } from './runs-file.ts';

const row = (run: number): RunRow => ({ run, point: 0, params: {}, replication: run, seed: run, status: 'ok', kpis: { orders: run }, byMarket: {} });
const line = (run: number) => JSON.stringify(row(run)) + '\n';

function file(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'runs-file-')), 'runs.jsonl');
  writeFileSync(path, text);
  return path;
}

describe('runs.jsonl recovery', () => {
  it('cuts a torn last line (a run killed mid-write) so it is redone', () => {
    const path = file(line(0) + line(1) + line(2).slice(0, 25));
    const seen: number[] = [];
    const r = recoverRuns(path, (x) => seen.push(x.run));
    expect(seen).toEqual([0, 1]);
    expect(r.tornBytes).toBe(25);
    expect(readFileSync(path, 'utf8')).toBe(line(0) + line(1));
  });

  it('also cuts a last line that ends but is not JSON', () => {
    const path = file(line(0) + '{"run":1,"poi\n');
    const seen: number[] = [];
    recoverRuns(path, (x) => seen.push(x.run));
    expect(seen).toEqual([0]);
    expect(readFileSync(path, 'utf8')).toBe(line(0));
  });

  it('refuses a file corrupted in the middle rather than dropping runs silently', () => {
    const path = file(line(0) + 'garbage\n' + line(2));
    expect(() => recoverRuns(path, () => {})).toThrow(/not valid JSON/);
  });

  it('reads runs back in run order whatever order they were written in', () => {
    const path = file(line(2) + line(0) + line(1));
    const index = new RunIndex(3);
    index.addFile(path);
    const order: number[] = [];
    index.forEachInOrder((x) => order.push(x.run));
    expect(order).toEqual([0, 1, 2]);
  });
});
