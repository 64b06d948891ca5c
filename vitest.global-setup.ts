// The runner pool's worker, bundled once per test run from the current
// sources (as `pnpm install` bundles it for the CLI), so that the suite's
// hundreds of in-process sweeps, replications and calibrations start their
// worker threads without tsx compiling the engine again in each thread
// (about 1.3 s of CPU per two-thread pool on a 2-core machine).
// The sources through tsx (runner/src/worker.mjs) stay covered: every real
// `node --import tsx` child process starts its pool on them, and
// packages/cli/test/bundle.test.ts compares the bundle against them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TestProject } from 'vitest/node';
// @ts-expect-error: a plain .mjs script without types
import { bundleWorker } from './packages/cli/bundle.mjs';
import { startClusterEarly } from './packages/cli/test/slurm-cluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    shopsimWorker: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stopCluster = startClusterEarly();
  // Every temporary folder the tests make (os.tmpdir() reads TMPDIR) lands in
  // one folder of this run, removed at its end: the suite leaves nothing in
  // the machine's /tmp. Set after the cluster started: its daemons outlive it.
  const temporary = mkdtempSync(join(tmpdir(), 'shopsim-test-'));
  process.env.TMPDIR = temporary;
  const dir = mkdtempSync(join(temporary, 'worker-'));
  const file = join(dir, 'worker.mjs');
  const build = async () => {
    await bundleWorker(file);
    project.provide('shopsimWorker', pathToFileURL(file).href);
  };
  await build();
  // Watch mode: an edited source must reach the workers of the next run.
  project.onTestsRerun(build);
  return async () => {
    await stopCluster();
    rmSync(temporary, { recursive: true, force: true });
  };
}
