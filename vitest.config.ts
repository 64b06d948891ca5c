import { availableParallelism } from 'node:os';
import { relative } from 'node:path';
import { register } from 'tsx/esm/api';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

// Vitest's own process loads vitest.global-setup.ts with Node's import (see
// viteModuleRunner below): TypeScript through tsx, as the worker processes do.
register();

// The slowest files, slowest first (seconds each in a whole run on 2 workers,
// quiet machine, 30 November 2026 at 3a1d820: 43, 22, 25, 24, 22, 16, 14, ...).
// Started first, they run beside the many short files instead of after them:
// a 25-second file that happens to start last leaves one worker idle for 25 s.
// The Slurm file third: by then the cluster the run starts early is up.
const SLOWEST_FIRST = [
  'packages/cli/test/studio.test.ts',
  'packages/cli/test/report-html.test.ts',
  'packages/cli/test/slurm.test.ts',
  'packages/scenario/test/installable.test.ts',
  'packages/runner/test/sweep-memory.test.ts',
  'packages/cli/test/sweep.test.ts',
  'packages/runner/src/sweep.test.ts',
  'packages/cli/test/output-errors.test.ts',
  'packages/cli/test/ensemble.test.ts',
  'packages/cli/test/bundle.test.ts',
  'packages/calibrate/src/calibrate.test.ts',
  'packages/cli/test/bench.test.ts',
  'packages/cli/test/load-once.test.ts',
  'packages/cli/test/check-shipped.test.ts',
  'packages/core/src/simulate.test.ts',
  'packages/cli/test/bin.test.ts',
  'packages/scenario/test/demand-effects.test.ts',
  'packages/cli/test/bad-input.test.ts',
  'packages/core/src/economics.test.ts',
  'packages/cli/test/calibrate.test.ts',
  'packages/cli/test/run.test.ts',
  'packages/cli/test/report-command.test.ts',
  'packages/runner/src/compare.test.ts',
  'packages/scenario/src/load.test.ts',
  'packages/cli/test/check.test.ts',
];

/**
 * Vitest orders files by their last durations when it has them (a developer's
 * cache), else by file size, which put a 40-second file 50th of 84 on a fresh
 * clone (CI). Without durations for every file, the list above goes first.
 */
class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const root = this.ctx.config.root;
    const known = files.every((f) => this.ctx.cache.getFileTestResults(`${f.project.name}:${relative(root, f.moduleId)}`));
    if (known) return sorted;
    const rank = (f: TestSpecification) => {
      const i = SLOWEST_FIRST.indexOf(relative(root, f.moduleId));
      return i < 0 ? SLOWEST_FIRST.length : i;
    };
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'bench/**/*.test.ts'],
    // Time limits only end a test that hangs; they say nothing about speed.
    // A 2-core machine shared with other work runs tests several times slower.
    testTimeout: 600_000,
    // Vitest's default leaves a core free (one worker on a 2-core machine),
    // but most of our test files wait on child processes, worker pools and
    // files for much of their time: two files at once on 2 cores ran 749
    // tests in the time one at a time had taken for 616 (README).
    maxWorkers: Math.max(2, availableParallelism()),
    hookTimeout: 600_000,
    // Test files and the sources they import run as the CLI runs them: Node's
    // own import, TypeScript through tsx (execArgv), not Vite's module runner.
    // Under the runner every call to an imported function reads it through a
    // module object: the engine ran 2.5 to 5 times slower (20,000 shoppers for
    // a year: 207 ms a run at steady state, 41 ms natively), the point-fit
    // calibration test took 28 CPU-s instead of 15. So: no vi.mock (it would
    // need Node 22.15's module.registerHooks); wrap a node: builtin instead
    // (see load-once.test.ts).
    execArgv: ['--import', 'tsx'],
    experimental: { viteModuleRunner: false, nodeLoader: false },
    // One worker process runs many files, each module loaded once per process:
    // a process and a tsx per file cost more than most files' tests (50 short
    // files: 141 CPU-s isolated, 26 not). A file that changes process-wide
    // state puts it back (cli() in cli/test/shopsim.ts restores what it
    // captures; bundle.test.ts gives back the pool worker it takes away).
    isolate: false,
    // The pool's worker thread from one bundle made at the start of the run (see the file).
    globalSetup: ['./vitest.global-setup.ts'],
    setupFiles: ['./vitest.setup.ts'],
    sequence: { sequencer: SlowestFirst },
  },
});
