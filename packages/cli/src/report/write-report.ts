// Writes report.html for a results folder: the entry point that report, run, compare
// and sweep share.
import { writeFileSafely } from '@shopsim/runner';
import { join } from 'node:path';
import { renderReport } from './html.ts';
import { readResults, type Results } from './results.ts';

export const REPORT_FILE = 'report.html';

/** Reads the folder's results, writes the report (into the folder unless `file` is given), returns its path and the results. */
export function writeReport(dir: string, file: string = join(dir, REPORT_FILE)): { file: string; results: Results } {
  const results = readResults(dir);
  writeFileSafely(file, renderReport(results));
  return { file, results };
}
