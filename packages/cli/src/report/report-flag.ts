// --report on run, compare and sweep: report.html into the --out folder once the results are written.
import type { Argv } from 'yargs';
import { UserError } from '../user-error.ts';
import { REPORT_FILE, writeReport } from './write-report.ts';

export interface ReportFlagArgs {
  report?: boolean | undefined;
  out?: string | undefined;
}

export function reportOption<T>(y: Argv<T>): Argv<T & { report: boolean }> {
  return y.option('report', { type: 'boolean', default: false, describe: `also write ${REPORT_FILE} (charts, offline) into --out` });
}

/** Before any work: --report needs a folder to write into. */
export function checkReportFlag(args: ReportFlagArgs): void {
  if (args.report && args.out === undefined) {
    throw new UserError('--report needs --out DIR to write report.html into', 'e.g. --out results/run --report');
  }
}

/** After the results are written: the report's path, or undefined when not asked for. */
export function writeReportIfAsked(args: ReportFlagArgs): string | undefined {
  if (!args.report || args.out === undefined) return undefined;
  return writeReport(args.out).file;
}
