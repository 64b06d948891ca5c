// The shopsim command line. User mistakes exit 2 with one clear line; bugs keep their stack.
import yargs from 'yargs';
import { ConfigError } from '@shopsim/core';
import { ScenarioErrors } from '@shopsim/scenario';
import { MAX_SHOWN_ERRORS, scenarioErrorText } from './error-text.ts';
import { InputError, shopsimVersion, writeFailure } from '@shopsim/runner';
import { guardStream, printable } from './printable.ts';
import { runCommand } from './commands/run.ts';
import { compareCommand } from './commands/compare.ts';
import { sweepCommand } from './commands/sweep.ts';
import { mergeCommand } from './commands/merge.ts';
import { validateCommand } from './commands/validate.ts';
import { schemaCommand } from './commands/schema.ts';
import { reportCommand } from './commands/report.ts';
import { calibrateCommand } from './commands/calibrate.ts';
import { checkCommand } from './commands/check.ts';
import { benchCommand } from './commands/bench.ts';
import { initCommand } from './commands/init.ts';
import { scenariosCommand } from './commands/scenarios.ts';
import { studioCommand } from './commands/studio.ts';
import { UserError, EXIT_USAGE } from './user-error.ts';
import { joinNegativeValues, refuseMissingValues, usageError } from './flags.ts';

/** One line: "shopsim: what is wrong  (how to fix it)", with user text made printable. */
function userLine(message: string, hint?: string): string {
  return `shopsim: ${printable(message)}${hint ? `  (${printable(hint)})` : ''}\n`;
}

/** The exit code for an error the user can act on, after saying what it is; undefined for a bug. */
function reportUserError(err: unknown): number | undefined {
  if (err instanceof UserError) {
    process.stderr.write(userLine(err.message, err.hint));
    return EXIT_USAGE;
  }
  if (err instanceof InputError) {
    process.stderr.write(userLine(err.message, err.hint));
    return err.exitCode;
  }
  if (err instanceof ScenarioErrors) {
    process.stderr.write(scenarioErrorText(err.errors));
    return EXIT_USAGE;
  }
  if (err instanceof ConfigError) {
    for (const i of err.issues.slice(0, MAX_SHOWN_ERRORS)) process.stderr.write(userLine(`${i.path}  ${i.message}`, i.hint));
    if (err.issues.length > MAX_SHOWN_ERRORS) process.stderr.write(userLine(`... and ${err.issues.length - MAX_SHOWN_ERRORS} more errors`));
    return EXIT_USAGE;
  }
  // A file-system refusal not caught where the file is written: still one line, never a stack.
  const errno = err as NodeJS.ErrnoException | null;
  if (errno instanceof Error && typeof errno.code === 'string' && typeof errno.syscall === 'string') {
    const failure = writeFailure(err, errno.path ?? '', errno.syscall);
    process.stderr.write(userLine(failure.message, failure.hint));
    return failure.exitCode;
  }
  return undefined;
}

// yargs knows the flags of the command being parsed but does not type the method that says so.
function knownFlags(parser: unknown): string[] {
  const options = (parser as { getOptions?: () => { key: Record<string, unknown> } }).getOptions?.();
  return Object.keys(options?.key ?? {});
}

/**
 * Runs one shopsim command line (without `node` and the script): what the
 * `shopsim` bin does (cli.ts), and what the CLI tests call in-process. Sets
 * process.exitCode; writes to process.stdout and process.stderr.
 */
export async function main(rawArgv: string[]): Promise<void> {
  const unguard = [guardStream(process.stdout), guardStream(process.stderr)];
  try {
    await parseAndRun(rawArgv);
  } finally {
    for (const restore of unguard) restore();
  }
}

async function parseAndRun(rawArgv: string[]): Promise<void> {
  const argv = joinNegativeValues(rawArgv);
  try {
    const parser = yargs(argv);
    await parser
      .scriptName('shopsim')
      .version(shopsimVersion())
      .middleware((args) => refuseMissingValues(argv, args), true)
      .command(runCommand)
      .command(compareCommand)
      .command(sweepCommand)
      .command(mergeCommand)
      .command(validateCommand)
      .command(schemaCommand)
      .command(reportCommand)
      .command(calibrateCommand)
      .command(checkCommand)
      .command(benchCommand)
      .command(scenariosCommand)
      .command(initCommand)
      .command(studioCommand)
      .example('$0 run scenarios/2024.yaml -R 5', 'one scenario, 5 replications: every KPI with a 95% CI')
      .example('$0 compare scenarios/2019-baseline.yaml scenarios/2024.yaml', 'paired differences on common random numbers')
      .example('$0 sweep --set levers.warehouseShare=0.3,0.6,0.9 -R 3 --out results/ws', 'a parameter sweep into a results folder')
      .example('$0 <command> --help', 'every flag of a command, with examples')
      .epilogue('Exit codes: 0 ok, 1 a run or check failed, 2 bad input or usage. Scaling out: docs/scale-out.md')
      // Examples are long command lines: use the terminal's width, up to 120 columns.
      .wrap(Math.min(120, process.stdout.columns ?? 80))
      .demandCommand(1, 'name a command, e.g. shopsim run')
      .strict()
      .recommendCommands()
      .fail((msg, err) => {
        if (err) throw err;
        throw usageError(msg ?? 'bad usage', knownFlags(parser));
      })
      .help()
      .parseAsync();
  } catch (err) {
    const code = reportUserError(err);
    if (code === undefined) throw err;
    process.exitCode = code;
  }
}
