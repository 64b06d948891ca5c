// shopsim report DIR: the terminal view of a results folder and a self-contained report.html.
import type { Argv, ArgumentsCamelCase, CommandModule } from 'yargs';
import { checkNewFile } from '@shopsim/runner';
import { resultsForTerminal, stdoutPaint } from '../report/terminal.ts';
import { REPORT_FILE, writeReport } from '../report/write-report.ts';

export interface ReportArgs {
  dir: string;
  out?: string | undefined;
  quiet?: boolean | undefined;
  force?: boolean | undefined;
}

export const reportCommand: CommandModule<object, ReportArgs> = {
  command: 'report <dir>',
  describe: `Write ${REPORT_FILE} for a results folder of run, compare or sweep, and print its tables`,
  builder: (y: Argv): Argv<ReportArgs> =>
    y
      .positional('dir', { type: 'string', demandOption: true, describe: 'folder written by shopsim run/compare/sweep --out' })
      .option('out', { type: 'string', describe: `where to write the report (default DIR/${REPORT_FILE})` })
      .option('force', { type: 'boolean', default: false, describe: 'replace the --out file if it exists' })
      .option('quiet', { type: 'boolean', default: false, describe: 'print only the path of the report' })
      .example('$0 report results/2024', `tables on the terminal and results/2024/${REPORT_FILE}`)
      .example('$0 report results/sweep --out sweep-report.html --quiet', 'the report elsewhere, no tables') as Argv<ReportArgs>,
  handler: (args: ArgumentsCamelCase<ReportArgs>) => {
    // The folder's own report.html is derived from its results and is rewritten freely; any other file is not.
    if (args.out !== undefined) checkNewFile(args.out, '--out', args.force ?? false);
    const { file, results } = writeReport(args.dir, args.out);
    if (!args.quiet) process.stdout.write(`${resultsForTerminal(results, stdoutPaint())}\n\n`);
    process.stdout.write(`report: ${file}\n`);
  },
};
