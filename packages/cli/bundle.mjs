// Builds dist/shopsim.mjs: the shopsim command with our TypeScript compiled
// into one file, so that it starts without tsx (which resolves and compiles
// every module on each start: about half a second). Run by the root
// `prepare` script, i.e. by `pnpm install`, with --if-possible.
//
// Only the workspace's own sources are bundled. Every package from
// node_modules stays a separate import, pinned at build time to the absolute
// path its importer would load, so the same files run as under tsx. Each
// source keeps its own `import.meta.url` (the runner's worker, the report's
// assets and mathjs are found next to their sources).
import { readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
export const BUNDLE = join(here, 'dist', 'shopsim.mjs');
// The runner pool's worker, bundled too: a worker thread started from the
// sources pays tsx's start-up (about 0.4 s) before its first run.
export const WORKER_BUNDLE = join(here, 'dist', 'worker.mjs');
const BUILT_FOR = join(here, 'dist', 'built-for.json');

const workspaceSources = {
  name: 'workspace-sources',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.path.startsWith('node:') || args.pluginData === 'pinned') return undefined;
      // Workspace packages are bundled; anything else is pinned to its file.
      const r = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'pinned' });
      if (r.errors.length) return { errors: r.errors };
      if (r.path.includes('/node_modules/') && !r.path.includes('/node_modules/@shopsim/')) return { path: r.path, external: true };
      return { path: r.path };
    });
    build.onLoad({ filter: /\/(packages\/[^/]+|bench)\/src\/.*\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      return { contents: source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: 'ts' };
    });
  },
};

/** The runner pool's worker alone, bundled to `out` (the test suite starts its pools on it). */
export async function bundleWorker(out = WORKER_BUNDLE) {
  await bundleOne(join(here, '..', 'runner', 'src', 'worker.ts'), out);
}

export async function bundleCli() {
  await bundleWorker();
  await bundleOne(join(here, 'src', 'cli.ts'), BUNDLE);
  // The bundle imports node_modules by absolute path: start.mjs checks it is still in this folder.
  await writeFile(BUILT_FOR, JSON.stringify({ root: join(here, '..', '..') }) + '\n');
}

async function bundleOne(entry, out) {
  const tmp = `${out}.${process.pid}.tmp`;
  await esbuild.build({
    entryPoints: [entry],
    outfile: tmp,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'warning',
    plugins: [workspaceSources],
  });
  // Written aside and renamed, so that a shopsim starting meanwhile never sees half a file.
  await rename(tmp, out);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    await bundleCli();
  } catch (err) {
    // Under `pnpm install` (--if-possible) a failed bundle must not fail the
    // install: shopsim then starts from the sources, only more slowly.
    if (!process.argv.includes('--if-possible')) throw err;
    process.stderr.write(`shopsim: could not bundle the command (${err.message.split('\n')[0]}); it will start from the sources\n`);
  }
}
