import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string) => fileURLToPath(new URL(`./src/${p}`, import.meta.url));

export default defineConfig({
  resolve: {
    // test/library imports the package by name, as a user's suite would; here that is the source.
    alias: [
      { find: /^async-stand\/testing$/, replacement: src('testing/index.ts') },
      { find: /^async-stand\/testcontainers$/, replacement: src('testcontainers/index.ts') },
      { find: /^async-stand$/, replacement: src('index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Tests drive a manual clock; real waits happen only on sockets (callbacks, CLI, browser).
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    // One module graph per worker, not one per file: the stand has no module-level state (design.md),
    // and each file imported the whole stand again through the transform. On this 2-core machine
    // the suite went from 116 s (65 s of it collecting) to 53 s (collect 9.5 s), every test passing.
    isolate: false,
    // Vitest's default is one worker less than the cores: a single one on a 2-core machine, where
    // the suite then took 124-129 s. Two workers there: 70-87 s, every test passing.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
