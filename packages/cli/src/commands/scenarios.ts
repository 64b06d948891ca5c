// shopsim scenarios: the shipped scenario files and the question each answers, so a new
// user sees what can be asked before reading any YAML.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Argv, ArgumentsCamelCase, CommandModule } from 'yargs';
import { loadScenarioFile } from '@shopsim/scenario';

/** The folder of the shipped scenarios (scenarios/ at the repository root). */
export const SHIPPED_SCENARIOS = fileURLToPath(new URL('../../../../scenarios/', import.meta.url));

/** A path relative to the working folder when that is short (no climbing out), else absolute. */
export function shortPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel === '' || rel.startsWith('..') ? file : rel;
}

export interface ShippedScenario {
  file: string;
  name: string;
  question: string;
  /** A sweep (the file has an experiment) rather than a single run. */
  sweep: boolean;
}

export function shippedScenarios(dir = SHIPPED_SCENARIOS): ShippedScenario[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => {
      const s = loadScenarioFile(join(dir, f));
      return { file: join(dir, f), name: s.name, question: s.description, sweep: s.experiment !== undefined };
    });
}

// "file  question", the question wrapped under itself to fit `width` columns.
function listing(scenarios: ShippedScenario[], width: number): string {
  const files = scenarios.map((s) => shortPath(s.file));
  const left = Math.max(...files.map((f) => f.length)) + 2;
  const room = Math.max(30, width - left);
  return scenarios
    .map((s, i) => {
      const words = `${s.question}${s.sweep ? ' [sweep]' : ''}`.split(' ');
      const lines: string[] = [''];
      for (const w of words) {
        const line = lines[lines.length - 1]!;
        if (line && line.length + 1 + w.length > room) lines.push(w);
        else lines[lines.length - 1] = line ? `${line} ${w}` : w;
      }
      return lines.map((l, j) => (j === 0 ? files[i]!.padEnd(left) : ' '.repeat(left)) + l).join('\n');
    })
    .join('\n');
}

export const scenariosCommand: CommandModule<object, { json?: boolean }> = {
  command: 'scenarios',
  describe: 'List the shipped scenarios and the question each answers',
  builder: (y: Argv) =>
    y
      .option('json', { type: 'boolean', default: false, describe: 'print the list as JSON' })
      .example('$0 scenarios', 'what the shipped scenarios ask')
      .example('$0 init my-question', 'start your own, extending scenarios/2024.yaml') as Argv<{ json?: boolean }>,
  handler: (args: ArgumentsCamelCase<{ json?: boolean }>) => {
    const list = shippedScenarios();
    if (args.json) {
      process.stdout.write(JSON.stringify(list, null, 2) + '\n');
      return;
    }
    process.stdout.write(`${listing(list, Math.min(120, process.stdout.columns ?? 100))}\n\nrun one: shopsim run <file>; a [sweep]: shopsim sweep <file> --out DIR; your own: shopsim init NAME\n`);
  },
};
