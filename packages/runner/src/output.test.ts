import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from './input-error.ts';
import { LOCK_FILE, lockFolder, prepareOutDir, resumeOutDir, writeAtomically, writeFailure } from './output.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'output-'));
const errno = (code: string) => Object.assign(new Error(code), { code, syscall: 'open' });

describe('file-system refusals', () => {
  it.each([
    ['EROFS', 2, /read-only/],
    ['EPERM', 2, /not permitted/],
    ['EACCES', 2, /permission denied/],
    ['ENOTDIR', 2, /is a file, not a folder/],
    ['ENOSPC', 1, /no space left/],
  ])('%s reads as one line with exit %i', (code, exit, message) => {
    const e = writeFailure(errno(code), 'results/x');
    expect(e).toBeInstanceOf(InputError);
    expect(e.exitCode).toBe(exit);
    expect(e.message).toMatch(/^cannot write results\/x: /);
    expect(e.message).toMatch(message);
    expect(e.message + (e.hint ?? '')).not.toContain('\n');
  });

  it('leaves no temporary file when a write fails half way', () => {
    const dir = tmp();
    expect(() => writeAtomically(join(dir, 'summary.json'), (append) => {
      append('{"partial":');
      throw errno('ENOSPC');
    })).toThrow();
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('result folders', () => {
  it('--force and --resume remove temporary files a killed write left, and nothing else of the user', () => {
    for (const take of [(d: string) => prepareOutDir(d, true), (d: string) => resumeOutDir(d)]) {
      const dir = tmp();
      for (const f of ['summary.json.tmp-12345', 'runs.jsonl.sorted', 'runs.jsonl.sorted.tmp-9', 'notes.txt']) writeFileSync(join(dir, f), 'x');
      take(dir)();
      expect(readdirSync(dir).filter((f) => f !== 'runs.jsonl')).toEqual(['notes.txt']);
    }
  });

  it('an empty --out is refused by name', () => {
    expect(() => prepareOutDir('', false)).toThrow(/--out is empty/);
  });

  it('one writer at a time: a folder locked by a running process is refused, naming it', async () => {
    const dir = tmp();
    const sleeper = spawn('sleep', ['30']);
    try {
      writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: sleeper.pid, host: hostname(), since: 'then' }));
      expect(() => resumeOutDir(dir)).toThrow(new RegExp(`in use by another shopsim \\(pid ${sleeper.pid} `));
      expect(() => prepareOutDir(dir, true)).toThrow(/in use/);
    } finally {
      sleeper.kill('SIGKILL');
    }
    await new Promise((r) => sleeper.once('exit', r));
    // Its process is gone (as after a kill -9): the lock is taken over, and released.
    const release = resumeOutDir(dir);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('the lock does not count as earlier results', () => {
    const dir = join(tmp(), 'new');
    mkdirSync(dir);
    const release = lockFolder(dir);
    release();
    prepareOutDir(dir, false)();
  });
});
