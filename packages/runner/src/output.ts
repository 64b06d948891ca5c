// The one way shopsim writes files. Result folders: never overwrite earlier
// results unless asked to (--force), and then remove only what shopsim itself
// writes; one writer per folder (a lock file); every file written through a
// temporary name that is removed whatever happens; and every file-system
// failure turned into one line saying what, where and what to do.
import { closeSync, existsSync, fdatasyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { InputError } from './input-error.ts';

/** Files and folders shopsim writes into a result folder. */
const RESULT_NAMES = [
  'manifest.json', 'summary.json', 'comparison.json', 'runs.jsonl', 'runs.csv', 'sensitivity.json', 'plan.jsonl', 'report.html',
  'long.csv', 'long.parquet', 'daily.csv', 'daily.parquet', 'codebook.json', 'daily',
  'fitted.yaml', 'fit-report.txt', 'fit-report.json', 'loss-history.csv',
];
const SHARD_FOLDER = /^shard-\d+-of-\d+$/;
/** Left behind by a write that was killed: `name.tmp-PID`, and runs.jsonl's sorted copy. */
const STALE_TEMP = /(\.tmp-\d+|^runs\.jsonl\.sorted)$/;
export const LOCK_FILE = '.shopsim.lock';

const NO_SPACE = new Set(['ENOSPC', 'EDQUOT', 'EFBIG', 'EIO']);

/** Why the file system refused, in words, with what to do about it. */
function reason(code: string | undefined): { why: string; hint: string } {
  switch (code) {
    case 'ENOSPC':
      return { why: 'no space left on the device', hint: 'free some space (or choose --out on another disk)' };
    case 'EDQUOT':
      return { why: 'the disk quota is used up', hint: 'free some space (or choose --out on another disk)' };
    case 'EFBIG':
      return { why: 'the file is larger than this file system allows', hint: 'choose --out on another disk' };
    case 'EIO':
      return { why: 'input/output error (a failing disk or a lost network mount)', hint: 'check the disk, or choose --out on another one' };
    case 'EROFS':
      return { why: 'the file system is read-only', hint: 'choose an --out folder on a writable disk' };
    case 'EACCES':
      return { why: 'permission denied', hint: 'choose an --out folder you can write to' };
    case 'EPERM':
      return { why: 'the operation is not permitted (permissions, or an immutable file or folder)', hint: 'choose an --out folder you can write to' };
    case 'ENOTDIR':
      return { why: 'a part of the path is a file, not a folder', hint: 'choose a path made of folders' };
    case 'EISDIR':
      return { why: 'it is a folder, not a file', hint: 'name a file' };
    case 'ENOENT':
      return { why: 'no such file or folder', hint: 'check the path' };
    case 'ENAMETOOLONG':
      return { why: 'the name is too long', hint: 'choose a shorter path' };
    case 'ELOOP':
      return { why: 'too many symbolic links (a link loop?)', hint: 'check the links on the path' };
    case 'EEXIST':
      return { why: 'it already exists', hint: 'choose another name' };
    case 'EMFILE':
    case 'ENFILE':
      return { why: 'too many open files', hint: 'raise the open-file limit (ulimit -n) or use fewer --workers' };
    default:
      return { why: code ? `the file system refused (${code})` : 'the file system refused', hint: 'check the path and the disk' };
  }
}

/** An error of the file system as one line: exit 1 when the disk filled during the work, else 2. */
export function writeFailure(err: unknown, path: string, verb = 'write'): InputError {
  if (err instanceof InputError) return err;
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string') throw err;
  const { why, hint } = reason(code);
  return new InputError(`cannot ${verb} ${path || '""'}: ${why}`, hint, NO_SPACE.has(code) ? 1 : 2);
}

/** Runs `work`, turning file-system errors into one-line InputErrors about `path`. */
export function writing<T>(path: string, work: () => T): T {
  try {
    return work();
  } catch (err) {
    throw writeFailure(err, path);
  }
}

/**
 * Makes `dir` ready for new results: missing or empty, or cleared of earlier
 * results with force. `resumable` says whether the command has --resume.
 * Locks the folder until the returned function is called (or the process ends).
 */
export function prepareOutDir(dir: string, force: boolean, resumable = false): () => void {
  makeFolder(dir);
  const release = lockFolder(dir);
  try {
    const entries = readdirSync(dir).filter((name) => name !== LOCK_FILE);
    if (entries.length > 0 && !force) {
      throw new InputError(
        `output folder ${dir} already exists and is not empty`,
        `choose a new --out folder${resumable ? ', --resume to continue the sweep in it,' : ''} or add --force to replace its results`,
      );
    }
    for (const name of entries) {
      if (RESULT_NAMES.includes(name) || SHARD_FOLDER.test(name) || STALE_TEMP.test(name)) {
        writing(join(dir, name), () => rmSync(join(dir, name), { recursive: true, force: true }));
      }
    }
  } catch (err) {
    release();
    throw err;
  }
  return release;
}

/**
 * Opens a folder that several processes fill together (an ensemble
 * calibration's shards): made if missing, and locked per writer, so that two
 * copies of one shard never run at once while different shards do. Other
 * writers' temporary files are theirs: left alone.
 */
export function openSharedOutDir(dir: string, writer: string): () => void {
  makeFolder(dir);
  return lockFolder(dir, `.shopsim.${writer}.lock`);
}

/** Takes `dir` over to continue its work (--resume): locked, and cleared of temporary files a kill left. */
export function resumeOutDir(dir: string): () => void {
  makeFolder(dir);
  const release = lockFolder(dir);
  try {
    for (const name of readdirSync(dir)) {
      if (STALE_TEMP.test(name)) writing(join(dir, name), () => rmSync(join(dir, name), { force: true }));
    }
  } catch (err) {
    release();
    throw err;
  }
  return release;
}

function makeFolder(dir: string): void {
  if (dir.trim() === '') throw new InputError('--out is empty', 'name a folder, e.g. --out results/run1');
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new InputError(`--out ${dir} is a file, not a folder`, 'name a new folder');
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    // A recursive mkdir reports some refusals (e.g. a read-only disk) as ENOENT: make the first missing folder alone to learn why.
    throw writeFailure((err as NodeJS.ErrnoException).code === 'ENOENT' ? firstMkdirError(dir) ?? err : err, dir);
  }
}

function firstMkdirError(dir: string): unknown {
  const missing: string[] = [];
  for (let d = resolve(dir); !existsSync(d) && dirname(d) !== d; d = dirname(d)) missing.unshift(d);
  try {
    if (missing[0] !== undefined) mkdirSync(missing[0]);
  } catch (err) {
    return err;
  }
  return undefined;
}

interface LockHolder {
  pid: number;
  host: string;
  since: string;
}

const held = new Set<string>();
let exitHook = false;

/**
 * Creates `dir/.shopsim.lock` (only one process can), so two commands never
 * write one folder at once. A lock whose process is gone (a kill -9) is taken over.
 */
export function lockFolder(dir: string, name = LOCK_FILE): () => void {
  const path = join(dir, name);
  const me: LockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = writing(path, () => openSync(path, 'wx'));
      try {
        writeAll(fd, Buffer.from(JSON.stringify(me) + '\n'), path);
      } finally {
        closeSync(fd);
      }
      break;
    } catch (err) {
      if (!(err instanceof InputError) || !/already exists/.test(err.message) || attempt > 2) throw err;
      const holder = readHolder(path);
      if (holder && alive(holder)) {
        throw new InputError(
          `${dir} is in use by another shopsim (pid ${holder.pid} on ${holder.host}, since ${holder.since})`,
          `wait for it to finish; if no shopsim is running there, delete ${path}`,
        );
      }
      rmSync(path, { force: true }); // its writer is gone
    }
  }
  held.add(path);
  if (!exitHook) {
    exitHook = true;
    process.on('exit', () => held.forEach((p) => rmSync(p, { force: true })));
  }
  return () => {
    if (held.delete(path)) rmSync(path, { force: true });
  };
}

function readHolder(path: string): LockHolder | null {
  try {
    const h = JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
    return typeof h.pid === 'number' ? h : null;
  } catch {
    return null; // half written by a writer killed at that moment: stale
  }
}

function alive(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return true; // another machine's process: cannot tell, so assume it runs
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Refuses to replace an existing file unless asked to (--force): it may hold results or someone's edits. */
export function checkNewFile(path: string, flag: string, force: boolean): void {
  if (path.trim() === '') throw new InputError(`${flag} is empty`, `name a file, e.g. ${flag} out.json`);
  if (!force && existsSync(path)) throw new InputError(`${flag} ${path} already exists`, 'choose another file name, or add --force to replace it');
}

/** JSON with undefined ratios (NaN) written as null, as everywhere in shopsim's output. */
export function toJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent); // NaN and Infinity become null
}

export function writeJson(path: string, value: unknown): void {
  writeFileSafely(path, toJson(value, 2) + '\n');
}

/** Writes a whole file at once, through a temporary name. */
export function writeFileSafely(path: string, text: string | Buffer): void {
  writeAtomically(path, (append) => append(text));
}

const CHUNK = 1 << 20;

/**
 * Writes a file through a temporary name and a rename, so a kill never leaves
 * it half written, and removes the temporary file whatever goes wrong.
 */
export function writeAtomically(path: string, write: (append: (text: string | Buffer) => void) => void): void {
  const tmp = `${path}.tmp-${process.pid}`;
  let renamed = false;
  try {
    const fd = writing(path, () => openSync(tmp, 'w'));
    try {
      let pending: Buffer[] = [];
      let size = 0;
      const flush = () => {
        if (pending.length) writeAll(fd, Buffer.concat(pending), path);
        pending = [];
        size = 0;
      };
      write((text) => {
        const b = typeof text === 'string' ? Buffer.from(text) : text;
        pending.push(b);
        size += b.length;
        if (size > CHUNK) flush();
      });
      flush();
      writing(path, () => fdatasyncSync(fd));
    } finally {
      closeSync(fd);
    }
    writing(path, () => renameSync(tmp, path));
    renamed = true;
  } finally {
    if (!renamed) {
      try {
        unlinkSync(tmp);
      } catch {
        // never created, or already gone
      }
    }
  }
}

/** Writes every byte (a write may be short when the disk fills), or throws the file-system error as one line. */
export function writeAll(fd: number, data: Buffer, path: string): void {
  let done = 0;
  while (done < data.length) {
    const n = writing(path, () => writeSync(fd, data, done, data.length - done));
    if (n === 0) throw writeFailure(Object.assign(new Error('short write'), { code: 'ENOSPC' }), path);
    done += n;
  }
}
