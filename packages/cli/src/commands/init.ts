// shopsim init NAME: a new scenario file that extends the shipped 2024 scenario, with the
// levers people change first written out as comments, so a first what-if is one edit away.
import { existsSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { Argv, ArgumentsCamelCase, CommandModule } from 'yargs';
import { UserError } from '../user-error.ts';
import { SHIPPED_SCENARIOS, shortPath } from './scenarios.ts';

export interface InitArgs {
  name: string;
  force?: boolean | undefined;
}

/** NAME, NAME.yaml or a path: the file to write. */
export function initFile(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.endsWith('/') || trimmed.endsWith(sep)) {
    throw new UserError(`shopsim init needs a file name, got "${name}"`, 'e.g. shopsim init my-question');
  }
  return resolve(/\.ya?ml$/i.test(trimmed) ? trimmed : `${trimmed}.yaml`);
}

// A path as YAML wants it: relative with forward slashes ("./" for a sibling) when the two
// are near each other, else absolute.
function yamlPath(from: string, to: string): string {
  const rel = relative(from, to).split(sep).join('/');
  if (rel.startsWith('../..')) return to;
  return rel.startsWith('.') ? rel : `./${rel}`;
}

export function scenarioTemplate(file: string): string {
  const here = dirname(file);
  const base = yamlPath(here, join(SHIPPED_SCENARIOS, '2024.yaml'));
  const schema = yamlPath(here, join(SHIPPED_SCENARIOS, 'shopsim.schema.json'));
  const title = basename(file).replace(/\.ya?ml$/i, '');
  return `# yaml-language-server: $schema=${schema}
#
# A what-if on top of the 2024 scenario: everything not written here is as in
# ${base} (six markets, 100,000 shoppers, one year).
# Run it:      shopsim run ${shortPath(file)}
# Compare it:  shopsim compare ${shortPath(join(SHIPPED_SCENARIOS, '2024.yaml'))} ${shortPath(file)}
# Every key, with units and ranges: docs/scenarios.md. Units: days, hours,
# shares in 0..1, money in money units (no currency: prices and costs set it).

extends: ${base}
name: ${title}
description: What happens if ...?   # the question this scenario answers

# shoppers: 20000          # fewer shoppers run faster; rates stay comparable
# days: 180

levers:
  priceIndex: 1              # 1 = 2024 prices; 1.05 = 5% dearer
  # warehouseShare: 0.8      # share of orders from overseas warehouses (markets may override it)
  # afterSales:
  #   returnCycleDays: 7     # days from a return to the refund
  #   aiShare: 0.8           # share of routine contacts answered by AI
  # compensation: { enabled: true, couponValue: 5 }

# One market only:
# markets:
#   europe:
#     levers:
#       afterSales: { returnCycleDays: 14 }

# Something that happens on a day:
# timeline:
#   - { kind: intervention, day: 180, label: Faster refunds, levers: { afterSales: { returnCycleDays: 3 } } }

# A sweep (shopsim sweep FILE --out DIR):
# experiment:
#   policies:
#     grid:
#       levers.priceIndex: [0.95, 1, 1.05]
#   replications: 3
`;
}

export const initCommand: CommandModule<object, InitArgs> = {
  command: 'init <name>',
  describe: 'Write a new scenario file that extends scenarios/2024.yaml, with the common levers as comments',
  builder: (y: Argv): Argv<InitArgs> =>
    y
      .positional('name', { type: 'string', demandOption: true, describe: 'file to write (".yaml" is added when missing)' })
      .option('force', { type: 'boolean', default: false, describe: 'replace an existing file' })
      .example('$0 init my-question', 'writes my-question.yaml here')
      .example('$0 init scenarios/mine/faster-refunds.yaml', 'a path') as Argv<InitArgs>,
  handler: (args: ArgumentsCamelCase<InitArgs>) => {
    const file = initFile(String(args.name));
    if (!existsSync(dirname(file))) throw new UserError(`no folder ${dirname(file)} for ${basename(file)}`, 'create the folder first, or give another path');
    if (existsSync(file) && !args.force) throw new UserError(`${file} already exists`, 'choose another name, or add --force to replace it');
    writeFileSync(file, scenarioTemplate(file));
    process.stdout.write(`wrote ${shortPath(file)}: edit the levers, then shopsim run ${shortPath(file)}\n`);
  },
};
