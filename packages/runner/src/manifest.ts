// manifest.json: everything needed to reproduce a result folder and trace it
// to its inputs: scenario hashes, seeds, the run list, versions, command line.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export interface Manifest {
  shopsim: string;
  gitCommit: string | null;
  /** True when the working tree had uncommitted changes. */
  gitDirty: boolean | null;
  node: string;
  dependencies: Record<string, string>;
  command: string[];
  /** Each scenario; `chain` holds the text of every file it was read from (runner's scenarioRecord). */
  scenarios: { file: string | null; sha256: string | null; chain?: { file: string; sha256: string; text: string }[] }[];
  seeds: number[];
  /** The expanded run list, or the name of the file in the folder holding it. */
  runs: unknown[] | string;
  [extra: string]: unknown;
}

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

function readJson(path: string): Record<string, unknown> | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}

export function shopsimVersion(): string {
  return String(readJson(join(repoRoot, 'packages/cli/package.json'))?.version ?? 'unknown');
}

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/** Installed versions of the third-party packages the workspace packages use. */
export function dependencyVersions(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pkg of ['core', 'scenario', 'runner', 'cli']) {
    const dir = join(repoRoot, 'packages', pkg);
    const deps = readJson(join(dir, 'package.json'))?.dependencies as Record<string, string> | undefined;
    for (const name of Object.keys(deps ?? {})) {
      if (name.startsWith('@shopsim/') || out[name]) continue;
      const installed = join(dir, 'node_modules', name, 'package.json');
      if (existsSync(installed)) out[name] = String(readJson(installed)?.version ?? 'unknown');
    }
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

let cached: Pick<Manifest, 'shopsim' | 'gitCommit' | 'gitDirty' | 'node' | 'dependencies'> | undefined;

export function buildManifest(fields: Pick<Manifest, 'command' | 'scenarios' | 'seeds' | 'runs'> & Record<string, unknown>): Manifest {
  cached ??= {
    shopsim: shopsimVersion(),
    gitCommit: git(['rev-parse', 'HEAD']),
    gitDirty: ((s) => (s === null ? null : s !== ''))(git(['status', '--porcelain', '--untracked-files=no'])),
    node: process.version,
    dependencies: dependencyVersions(),
  };
  return { ...cached, ...fields };
}
