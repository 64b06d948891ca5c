// shopsim merge DIR... --out DIR: joins shard folders of one sweep into the
// folder the unsharded sweep would have written.
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv, ArgumentsCamelCase, CommandModule } from 'yargs';
import { loadScenario, mergeShards, readManifest, toJson, writing } from '@shopsim/runner';
import { writeSweepTidyFiles } from '../tidy/tidy.ts';
import { EXIT_FAILURE } from '../user-error.ts';
import { commandLine } from './replication-options.ts';
import { sweepReport } from './sweep.ts';

export interface MergeArgs {
  dirs: string[];
  out: string;
  force?: boolean | undefined;
  json?: boolean | undefined;
}

export const mergeCommand: CommandModule<object, MergeArgs> = {
  command: 'merge <dirs..>',
  describe: 'Join the shard folders of a sweep into one results folder',
  builder: (y: Argv): Argv<MergeArgs> =>
    y
      .positional('dirs', { type: 'string', array: true, demandOption: true, describe: 'shard folders, or folders holding shard-i-of-n folders' })
      .option('out', { type: 'string', demandOption: 'merge writes a results folder: add --out DIR', describe: 'new folder for the merged results' })
      .option('force', { type: 'boolean', default: false, describe: 'replace earlier results in --out' })
      .option('json', { type: 'boolean', default: false, describe: 'print the machine-readable result on stdout' })
      .example('$0 merge results/sweep --out results/sweep-all', 'every shard-i-of-n folder under results/sweep')
      .example('$0 merge a/shard-0-of-2 b/shard-1-of-2 --out merged', 'shards copied back from two machines') as Argv<MergeArgs>,
  handler: async (args: ArgumentsCamelCase<MergeArgs>) => {
    const r = mergeShards({ inputs: args.dirs.map(String), out: args.out, force: args.force ?? false, command: commandLine() });
    const tidy = await mergedTidyFiles(r.out, r.shards);
    if (tidy.skipped) process.stderr.write(`note: ${tidy.skipped}\n`);
    if (args.json) {
      process.stdout.write(toJson(r) + '\n');
    } else {
      process.stdout.write(`merged ${r.shards.length} shard folders: ${r.shards.join(', ')}\n`);
      process.stdout.write(sweepReport({ out: r.out, total: r.runs, skipped: 0, ran: r.runs, failed: r.failed, summary: r.summary, sensitivity: r.sensitivity }, tidy.files));
    }
    if (r.failed > 0) process.exitCode = EXIT_FAILURE;
  },
};

/**
 * The tidy files of the merged folder, as the unsharded sweep writes them: long.* and, when
 * the shards kept daily series (sweep --daily), their daily/ files and daily.*.
 */
async function mergedTidyFiles(out: string, shards: readonly string[]): Promise<{ files: string[]; skipped?: string }> {
  const withDaily = shards.filter((s) => existsSync(join(s, 'daily')));
  for (const shard of withDaily) writing(join(out, 'daily'), () => cpSync(join(shard, 'daily'), join(out, 'daily'), { recursive: true }));
  const manifest = readManifest(out);
  const file = manifest.scenarios[0]?.file ?? null;
  let name: string;
  try {
    name = (await loadScenario(file, (manifest.overrides ?? {}) as Record<string, unknown>)).name;
  } catch (err) {
    // The merge itself is done; only the scenario's name for the tidy files is missing.
    return { files: [], skipped: `long.* and daily.* not written: cannot load ${file} to name the scenario (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); merge from the folder the sweep ran in` };
  }
  return writeSweepTidyFiles(out, name, withDaily.length > 0);
}
