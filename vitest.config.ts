import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'bench/**/*.test.ts'],
    // Time limits only end a test that hangs; they say nothing about speed.
    // A 2-core machine shared with other work runs tests several times slower.
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
