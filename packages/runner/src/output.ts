// Result folders: never overwrite earlier results unless asked to (--force),
// and then remove only what shopsim itself writes.
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from './input-error.ts';

/** Files and folders shopsim writes into a result folder. */
const RESULT_NAMES = [
  'manifest.json', 'summary.json', 'comparison.json', 'runs.jsonl', 'runs.csv', 'sensitivity.json', 'plan.jsonl', 'report.html',
];
const SHARD_FOLDER = /^shard-\d+-of-\d+$/;

/**
 * Makes `dir` ready for new results: missing or empty, or cleared of earlier
 * results with force. `resumable` says whether the command has --resume.
 */
export function prepareOutDir(dir: string, force: boolean, resumable = false): void {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new InputError(`--out ${dir} is a file, not a folder`, 'name a new folder');
    const entries = readdirSync(dir);
    if (entries.length > 0) {
      if (!force) {
        throw new InputError(
          `output folder ${dir} already exists and is not empty`,
          `choose a new --out folder${resumable ? ', --resume to continue the sweep in it,' : ''} or add --force to replace its results`,
        );
      }
      for (const name of entries) {
        if (RESULT_NAMES.includes(name) || SHARD_FOLDER.test(name) || name.startsWith('runs.jsonl.tmp-')) {
          rmSync(join(dir, name), { recursive: true, force: true });
        }
      }
    }
  }
  mkdirSync(dir, { recursive: true });
}

/** Refuses to replace an existing file unless asked to (--force): it may hold results or someone's edits. */
export function checkNewFile(path: string, flag: string, force: boolean): void {
  if (!force && existsSync(path)) throw new InputError(`${flag} ${path} already exists`, 'choose another file name, or add --force to replace it');
}

/** JSON with undefined ratios (NaN) written as null, as everywhere in shopsim's output. */
export function toJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent); // NaN and Infinity become null
}

export function writeJson(path: string, value: unknown): void {
  writeFileSync(path, toJson(value, 2) + '\n');
}
