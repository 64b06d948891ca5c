// Two ways to run the CLI in tests:
// - cli(args): in this process, the same main() the bin runs, with stdout,
//   stderr and the exit code captured. Fast (no Node + tsx start-up per call):
//   use it for everything about what a command prints, writes or refuses.
// - shopsim(args) / shopsimAsync(args): a real child process, as a user runs
//   it. Keep these for what only a process shows: the bin and bundle, signals,
//   a closed pipe, the exit status the shell sees.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { main } from '../src/main.ts';

/** The bin a user runs (`pnpm shopsim`): the bundle `pnpm install` built when it is fresh, else the sources through tsx. */
export const bin = fileURLToPath(new URL('../bin/shopsim.js', import.meta.url));

/** The program the bin starts (main() on process.argv). */
export const mainScript = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  /** Added to (or, when undefined, removed from) process.env for the call. */
  env?: NodeJS.ProcessEnv;
}

/** Thrown by the stubbed process.exit, so that a command ending the process ends only the call. */
class ExitCalled extends Error {
  constructor(readonly code: number) {
    super(`process.exit(${code})`);
  }
}

// One in-process call at a time: the captured streams and process.exitCode are global.
let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs `shopsim ...args` in this process and returns what a shell would see:
 * the exit status, stdout and stderr. A crash (an error main() does not turn
 * into a message) gives status 1 with the stack on stderr, as the bin would.
 */
export function cli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const call = queue.then(() => runInProcess(args, options));
  queue = call.catch(() => undefined);
  return call;
}

async function runInProcess(args: string[], options: CliOptions): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const restore = captureProcess(args, options, out, err);
  let status: number;
  try {
    await main(args);
    status = Number(process.exitCode ?? 0);
  } catch (e) {
    if (e instanceof ExitCalled) status = e.code;
    else {
      err.push(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      status = 1;
    }
  } finally {
    restore();
  }
  return { status, stdout: out.join(''), stderr: err.join('') };
}

type Write = typeof process.stdout.write;

/** Points the process's streams, console, argv, env, cwd and exit at this call; returns the undo. */
function captureProcess(args: string[], options: CliOptions, out: string[], err: string[]): () => void {
  const saved = {
    stdoutWrite: process.stdout.write,
    stderrWrite: process.stderr.write,
    stdoutTTY: process.stdout.isTTY,
    stderrTTY: process.stderr.isTTY,
    console: { log: console.log, info: console.info, warn: console.warn, error: console.error },
    argv: process.argv,
    exit: process.exit,
    exitCode: process.exitCode,
    cwd: process.cwd(),
  };
  const env: NodeJS.ProcessEnv = { NO_COLOR: '1', ...options.env };
  const savedEnv = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const writer = (sink: string[]): Write =>
    ((chunk: string | Uint8Array, encoding?: unknown, cb?: unknown) => {
      sink.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const done = typeof encoding === 'function' ? encoding : cb;
      if (typeof done === 'function') queueMicrotask(() => done());
      return true;
    }) as Write;
  const line = (sink: string[]) => (...xs: unknown[]) => sink.push(`${xs.map((x) => (typeof x === 'string' ? x : String(x))).join(' ')}\n`);

  process.stdout.write = writer(out);
  process.stderr.write = writer(err);
  // Output goes to a capture, not a terminal: no colours, no progress bars.
  process.stdout.isTTY = false;
  process.stderr.isTTY = false;
  Object.assign(console, { log: line(out), info: line(out), warn: line(err), error: line(err) });
  process.argv = [process.execPath, mainScript, ...args];
  process.exit = ((code?: number) => {
    throw new ExitCalled(Number(code ?? process.exitCode ?? 0));
  }) as typeof process.exit;
  process.exitCode = undefined;
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  if (options.cwd !== undefined) process.chdir(options.cwd);

  return () => {
    process.stdout.write = saved.stdoutWrite;
    process.stderr.write = saved.stderrWrite;
    process.stdout.isTTY = saved.stdoutTTY;
    process.stderr.isTTY = saved.stderrTTY;
    Object.assign(console, saved.console);
    process.argv = saved.argv;
    process.exit = saved.exit;
    process.exitCode = saved.exitCode;
    for (const [k, v] of Object.entries(savedEnv)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    process.chdir(saved.cwd);
  };
}

/** Runs the real CLI in a child process, as a user would. */
export function shopsim(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): CliResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', mainScript, ...args], {
    encoding: 'utf8',
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    input: options.input,
    maxBuffer: 256 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The same, without blocking: lets independent child processes run side by side. */
export function shopsimAsync(args: string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', mainScript, ...args], { env: { ...process.env, NO_COLOR: '1', ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
