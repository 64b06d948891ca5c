// shopsim validate <files..>: checks scenario files without running them.
import type { Argv, ArgumentsCamelCase, CommandModule } from 'yargs';
import { loadScenarioFile, ScenarioErrors } from '@shopsim/scenario';
import { EXIT_USAGE } from '../user-error.ts';
import { scenarioErrorText } from '../error-text.ts';

export interface ValidateArgs {
  files: string[];
}

export const validateCommand: CommandModule<object, ValidateArgs> = {
  command: 'validate <files..>',
  describe: 'Check scenario files: "ok <file>" for each good one, every mistake of the others',
  builder: (y: Argv): Argv<ValidateArgs> =>
    y
      .positional('files', { type: 'string', array: true, demandOption: true, describe: 'scenario YAML files' })
      .example('$0 validate scenarios/*.yaml', 'check the shipped scenarios') as Argv<ValidateArgs>,
  handler: (args: ArgumentsCamelCase<ValidateArgs>) => {
    let bad = 0;
    for (const file of args.files) {
      try {
        loadScenarioFile(file);
        process.stdout.write(`ok ${file}\n`);
      } catch (err) {
        if (!(err instanceof ScenarioErrors)) throw err;
        bad++;
        process.stderr.write(scenarioErrorText(err.errors));
      }
    }
    if (bad > 0) {
      // One file's mistakes speak for themselves; a tally helps only across several.
      if (args.files.length > 1) process.stderr.write(`${bad} of ${args.files.length} files invalid\n`);
      process.exitCode = EXIT_USAGE;
    }
  },
};
