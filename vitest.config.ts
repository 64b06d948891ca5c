import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

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
    // The pool's worker thread from one bundle made at the start of the run (see the file).
    globalSetup: ['./vitest.global-setup.ts'],
    setupFiles: ['./vitest.setup.ts'],
  },
});
