// Builds the studio page: the app and its Web Worker bundled for the browser
// (core, the scenario loader, Preact and Observable Plot) and inlined, with
// the base scenario, into one HTML file that makes no network request. The
// worker's code travels as text and starts from a Blob, so the page also
// works opened as a file or from any static host.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { pageDataJson, type StudioData } from './browser/page-data.ts';

export interface StudioAssets {
  app: string;
  worker: string;
  /** Starts the workers before the app's code loads. */
  boot: string;
  /** mathjs, which a worker loads only for a scenario with formulas. */
  mathjs: string;
  css: string;
}

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// The scenario loader's Node imports, for the browser: see src/shims/.
const browserShims: esbuild.Plugin = {
  name: 'browser-shims',
  setup(build) {
    build.onResolve({ filter: /^node:module$/ }, () => ({ path: here('./shims/node-module.cjs') }));
    build.onResolve({ filter: /^node:/ }, () => ({ path: here('./shims/node-builtin.cjs') }));
  },
};

const ROOT = here('../../../');
// Bundling takes seconds (mathjs, zod, Plot): the result is kept with the
// hash of every file that went into it, and rebuilt when one of them changes.
const CACHE = here('../dist/studio-assets.json');

interface Cache {
  inputs: string[];
  hash: string;
  assets: StudioAssets;
}

async function bundle(entry: string): Promise<{ text: string; inputs: string[] }> {
  const out = await esbuild.build({
    entryPoints: [here(entry)],
    absWorkingDir: ROOT,
    bundle: true,
    write: false,
    metafile: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    inject: [here('./shims/buffer.js')],
    define: { 'process.env.NODE_ENV': '"production"' },
    // expression.ts passes import.meta.url to createRequire, which the shim ignores.
    logOverride: { 'empty-import-meta': 'silent' },
    logLevel: 'error',
    plugins: [browserShims],
  });
  // Inline in a <script> element: the text must not close it.
  const text = out.outputFiles[0]!.text.replaceAll('</script', '<\\/script').replaceAll('<!--', '<\\!--');
  // Inputs in a namespace ("(disabled):crypto", a package's browser field saying no) are no files.
  return { text, inputs: Object.keys(out.metafile.inputs).filter((f) => !/^\(\w+\):/.test(f)) };
}

async function hashOf(inputs: string[]): Promise<string> {
  const h = createHash('sha256');
  for (const f of inputs) h.update(f).update('\0').update(await readFile(`${ROOT}${f}`)).update('\0');
  return h.digest('hex');
}

async function fromCache(): Promise<StudioAssets | undefined> {
  try {
    const c = JSON.parse(await readFile(CACHE, 'utf8')) as Cache;
    return (await hashOf(c.inputs)) === c.hash && typeof c.assets.mathjs === 'string' ? c.assets : undefined;
  } catch {
    return undefined; // no cache yet, or an input is gone: build
  }
}

async function build(): Promise<StudioAssets> {
  const cached = await fromCache();
  if (cached) return cached;
  const [app, worker, boot, mathjs] = await Promise.all(['./browser/app.tsx', './browser/worker.ts', './browser/boot.ts', './browser/mathjs-global.ts'].map(bundle));
  const cssFile = 'packages/studio/src/browser/studio.css';
  const assets = { app: app!.text, worker: worker!.text, boot: boot!.text, mathjs: mathjs!.text, css: await readFile(`${ROOT}${cssFile}`, 'utf8') };
  const inputs = [...new Set([...[app, worker, boot, mathjs].flatMap((b) => b!.inputs), cssFile])].sort();
  try {
    await mkdir(here('../dist'), { recursive: true });
    const tmp = `${CACHE}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify({ inputs, hash: await hashOf(inputs), assets } satisfies Cache));
    await rename(tmp, CACHE);
  } catch {
    // A read-only checkout builds each time; that is slower, not wrong.
  }
  return assets;
}

let built: Promise<StudioAssets> | undefined;

/** The bundled app, worker and style sheet (from the cache when no input changed). */
export function studioAssets(): Promise<StudioAssets> {
  built ??= build();
  return built;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The whole page for one base scenario. */
export function studioPage(assets: StudioAssets, data: StudioData, title: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · shopsim studio</title>
<style>${assets.css}</style>
</head>
<body>
<div id="app"></div>
<script type="application/json" id="studio-data">${pageDataJson(data)}</script>
<script type="text/plain" id="studio-worker">${assets.worker}</script>
<script type="text/plain" id="studio-mathjs">${assets.mathjs}</script>
<script>${assets.boot}</script>
<script>${assets.app}</script>
</body>
</html>
`;
}
