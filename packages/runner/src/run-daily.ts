// A sweep run's daily series (sweep --daily), one file per run in daily/, written before its
// row reaches runs.jsonl: a finished run always has its file, a resumed run rewrites it with
// the same numbers, and a file left by another sweep in a reused folder is told apart by
// the sweep id.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DailyRow } from '@shopsim/core';
import { writeFileSafely, writing } from './output.ts';

const dailyDir = (out: string) => join(out, 'daily');
const dailyFile = (out: string, run: number) => join(dailyDir(out), `run-${run}.json`);

export function writeRunDaily(out: string, sweepId: string, run: number, seed: number, daily: readonly DailyRow[]): void {
  writing(dailyDir(out), () => mkdirSync(dailyDir(out), { recursive: true }));
  writeFileSafely(dailyFile(out, run), JSON.stringify({ sweepId, run, seed, daily }));
}

/** The daily series of a run of this sweep, or null when the folder has none for it. */
export function readRunDaily(out: string, sweepId: string, run: number, seed: number): DailyRow[] | null {
  const path = dailyFile(out, run);
  if (!existsSync(path)) return null;
  try {
    const file = JSON.parse(readFileSync(path, 'utf8')) as { sweepId?: string; run?: number; seed?: number; daily?: DailyRow[] };
    return file.sweepId === sweepId && file.run === run && file.seed === seed && Array.isArray(file.daily) ? file.daily : null;
  } catch {
    return null; // edited or cut short: treated as missing
  }
}
