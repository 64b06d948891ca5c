// shopsim schema [--out file]: the JSON Schema of scenario files, for editors.
import type { Argv, ArgumentsCamelCase, CommandModule } from 'yargs';
import { scenarioJsonSchema } from '@shopsim/scenario';
import { checkNewFile, writeFileSafely } from '@shopsim/runner';

export interface SchemaArgs {
  out?: string | undefined;
  force?: boolean | undefined;
}

export const schemaCommand: CommandModule<object, SchemaArgs> = {
  command: 'schema',
  describe: 'Print the JSON Schema of scenario files (editors use it to complete and underline)',
  builder: (y: Argv): Argv<SchemaArgs> =>
    y
      .option('out', { type: 'string', describe: 'write the schema to this new file instead of stdout' })
      .option('force', { type: 'boolean', default: false, describe: 'replace the --out file if it exists' })
      .example('$0 schema', 'print the schema')
      .example('$0 schema --out scenarios/shopsim.schema.json --force', 'refresh the schema the shipped scenarios point at'),
  handler: (args: ArgumentsCamelCase<SchemaArgs>) => {
    const text = `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
    if (args.out === undefined) process.stdout.write(text);
    else {
      checkNewFile(args.out, '--out', args.force ?? false);
      writeFileSafely(args.out, text);
    }
  },
};
