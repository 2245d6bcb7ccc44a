import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string) => fileURLToPath(new URL(`./src/${p}`, import.meta.url));

export default defineConfig({
  resolve: {
    // test/library imports the package by name, as a user's suite would; here that is the source.
    alias: [
      { find: /^async-stand\/testing$/, replacement: src('testing/index.ts') },
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
  },
});
