// shopsim compare A.yaml B.yaml [...]: every scenario on the same seeds
// (common random numbers), paired differences from the first with 95% CIs.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv, ArgumentsCamelCase, CommandModule } from 'yargs';
import { buildManifest, compareRuns, loadScenario, prepareOutDir, scenarioRecord, seedRange, toJson, writeJson, type Comparison } from '@shopsim/runner';
import { HEADLINE_KPIS } from '../report/glossary.ts';
import type { Comparison as ComparisonJson } from '../report/results.ts';
import { comparisonTable, stdoutPaint } from '../report/terminal.ts';
import { UserError } from '../user-error.ts';
import { checkReportFlag, writeReportIfAsked } from '../report/report-flag.ts';
import { behavioursFromArgs, behavioursOption, ensembleName, type BehavioursArgs } from './behaviours-option.ts';
import { tidyRun, writeTidyFiles } from '../tidy/tidy.ts';
import { commandLine, printWarnings, progressFor, replicationOptions, seedsFromArgs, sizeOverrides, workersFromArgs, type ReplicationArgs } from './replication-options.ts';

export interface CompareArgs extends ReplicationArgs, BehavioursArgs {
  files: string[];
}

/** Replications a comparison makes unless told otherwise: enough for a t interval to mean something. */
export const DEFAULT_COMPARE_REPLICATIONS = 5;

export const compareCommand: CommandModule<object, CompareArgs> = {
  command: 'compare <files..>',
  describe: 'Compare scenarios on the same seeds: paired differences per KPI with 95% CIs',
  builder: (y: Argv): Argv<CompareArgs> =>
    behavioursOption(replicationOptions(y.positional('files', { type: 'string', array: true, demandOption: true, describe: 'two or more scenario files; differences are against the first' })))
      .example('$0 compare scenarios/2019-baseline.yaml scenarios/2024.yaml', '2024 against 2019, 5 replications each on seeds 1..5')
      .example('$0 compare a.yaml b.yaml -R 20 --shoppers 20000 --out results/a-vs-b', '20 paired replications, results in a folder')
      .example('$0 compare a.yaml b.yaml --json > comparison.json', 'machine-readable output') as Argv<CompareArgs>,
  handler: async (args: ArgumentsCamelCase<CompareArgs>) => {
    const files = args.files.map(String);
    if (files.length < 2) throw new UserError('compare needs at least two scenario files', 'e.g. shopsim compare scenarios/2019-baseline.yaml scenarios/2024.yaml');
    const overrides = sizeOverrides(args);
    const workers = workersFromArgs(args);
    checkReportFlag(args);
    // Load every scenario before any work, so a mistake in the last file surfaces at once.
    const loaded = [];
    for (const f of files) loaded.push(await loadScenario(f, overrides));
    const first = loaded[0]!;
    const seeds = seedsFromArgs(args) ?? (first.seeds.length > 1 ? first.seeds : seedRange(1, DEFAULT_COMPARE_REPLICATIONS));
    const behaviours = behavioursFromArgs(args, files, loaded.map((s) => s.config));
    const release = args.out !== undefined ? prepareOutDir(args.out, args.force ?? false) : () => {};

    const progress = progressFor('compare', args);
    const { comparison, outputs } = await compareRuns({
      scenarios: loaded.map((s) => ({ file: s.file, overrides, loaded: s })),
      seeds,
      workers,
      ...(behaviours ? { behaviours } : {}),
      onProgress: (done, total) => progress.update(done, total),
    });
    progress.finish();

    if (args.out !== undefined) {
      writeJson(join(args.out, 'comparison.json'), comparison);
      writeFileSync(join(args.out, 'differences.csv'), differencesCsv(comparison));
      writeTidyFiles(args.out, outputs.flatMap((runs, scenario) => runs.map((o, replication) => tidyRun(o, {
        run: scenario * seeds.length + replication, scenario: comparison.scenarios[scenario]!.name, replication,
      }))));
      writeJson(join(args.out, 'manifest.json'), buildManifest({
        kind: 'compare',
        command: commandLine(),
        scenarios: loaded.map(scenarioRecord),
        seeds,
        runs: files.flatMap((file, scenario) => seeds.map((seed, replication) => ({ scenario, file, replication, seed, overrides }))),
        ...(behaviours ? { behaviours: behaviours.file ?? null } : {}),
      }));
    }
    release();
    const report = writeReportIfAsked(args);
    loaded.forEach((s) => printWarnings(s));
    if (args.json) {
      process.stdout.write(toJson(comparison) + '\n');
      return;
    }
    process.stdout.write(comparisonReport(comparison) + (args.out !== undefined ? `\nresults: ${args.out}\n` : ''));
    if (report !== undefined) process.stdout.write(`report: ${report}\n`);
  },
};

/** The headline table for all markets first; then every KPI; then, per market, the KPIs that moved significantly. */
export function comparisonReport(comparison: Comparison): string {
  const json = JSON.parse(toJson(comparison)) as ComparisonJson;
  const paint = stdoutPaint();
  const names = comparison.scenarios.map((s) => s.name);
  const lines = [
    `${names.join(' vs ')}: ${comparison.seeds.length} paired replications (seeds ${seedList(comparison.seeds)}), differences against ${names[0]}`,
    ...(comparison.behaviours ? [`behaviours: each replication drew one plausible member of ${ensembleName(comparison.behaviours.file)} by its seed, the same in every scenario (${new Set(comparison.behaviours.members).size} members used): CIs combine seed noise and parameter uncertainty`] : []),
    '',
    paint.bold('All markets, headline KPIs'),
    comparisonTable(json, 'all', { paint, kpis: HEADLINE_KPIS }),
    '',
    paint.bold('All markets, every KPI'),
    comparisonTable(json, 'all', { paint }),
  ];
  for (const market of comparison.markets) {
    const table = comparison.kpis[market.id];
    if (!table) continue;
    const moved = Object.keys(table).filter((k) => table[k as keyof typeof table].diffs.some((d) => d?.significant));
    lines.push('', paint.bold(`${market.name} (${market.id}): ${moved.length ? 'KPIs with a significant difference' : 'no significant difference'}`));
    if (moved.length) lines.push(comparisonTable(json, market.id, { paint, kpis: moved }));
  }
  return lines.join('\n') + '\n';
}

/**
 * One row per market, KPI and scenario against the first: the paired
 * difference with its 95% CI, whether it is significant, and with an
 * ensemble the share of plausible behaviours agreeing on its sign.
 */
export function differencesCsv(comparison: Comparison): string {
  const head = ['market', 'kpi', 'scenario', 'against', 'mean', 'lo', 'hi', 'significant', 'sign_share', 'sign_pinned'];
  const lines = [head.join(',')];
  const num = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '' : String(v));
  const quote = (t: string) => (/[",\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t);
  const base = comparison.scenarios[0]!.name;
  for (const [market, table] of Object.entries(comparison.kpis)) {
    for (const [kpi, entry] of Object.entries(table)) {
      entry.diffs.forEach((d, i) => {
        if (!d) return;
        lines.push([market, kpi, quote(comparison.scenarios[i]!.name), quote(base), num(d.mean), num(d.lo), num(d.hi), String(d.significant), num(d.signShare), d.signPinned === undefined ? '' : String(d.signPinned)].join(','));
      });
    }
  }
  return lines.join('\n') + '\n';
}

function seedList(seeds: number[]): string {
  const consecutive = seeds.every((s, i) => i === 0 || s === seeds[i - 1]! + 1);
  return consecutive && seeds.length > 2 ? `${seeds[0]}..${seeds[seeds.length - 1]}` : seeds.join(', ');
}
