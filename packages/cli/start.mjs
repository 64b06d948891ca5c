// Starts shopsim: the bundle that `pnpm install` built (dist/shopsim.mjs,
// see bundle.mjs) when it is newer than every workspace source, otherwise
// the TypeScript sources through tsx, so that an edit shows at once (and
// after the checkout moved, as the bundle imports node_modules by path).
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bundle = fileURLToPath(new URL('./dist/shopsim.mjs', import.meta.url));
const workerBundle = fileURLToPath(new URL('./dist/worker.mjs', import.meta.url));
const builtFor = fileURLToPath(new URL('./dist/built-for.json', import.meta.url));

/** Source folders the bundle is built from. */
function sourceDirs() {
  const packages = join(root, 'packages');
  return [...readdirSync(packages).map((p) => join(packages, p, 'src')), join(root, 'bench', 'src')].filter((d) => existsSync(d));
}

/** Whether the bundle was built in this folder (it imports node_modules by absolute path). */
function builtHere() {
  try {
    return JSON.parse(readFileSync(builtFor, 'utf8')).root === join(root, '.');
  } catch {
    return false;
  }
}

function bundleIsFresh() {
  if (!existsSync(bundle) || !builtHere()) return false;
  const built = statSync(bundle).mtimeMs;
  for (const dir of sourceDirs()) {
    for (const f of readdirSync(dir, { recursive: true })) {
      if (String(f).endsWith('.ts') && statSync(join(dir, String(f))).mtimeMs > built) return false;
    }
  }
  return true;
}

if (bundleIsFresh()) {
  // The runner's pool starts this worker instead of the one that loads tsx.
  if (existsSync(workerBundle)) globalThis.shopsimWorker = pathToFileURL(workerBundle).href;
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('./src/cli.ts', import.meta.url).href);
}
