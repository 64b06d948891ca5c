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

/** After the results are written into `dir` (a sweep shard writes into its own folder): the report's path, or undefined when not asked for. */
export function writeReportIfAsked(args: ReportFlagArgs, dir: string | undefined = args.out): string | undefined {
  if (!args.report || dir === undefined) return undefined;
  return writeReport(dir).file;
}
