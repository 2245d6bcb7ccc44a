import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Tests drive a manual clock; real waits happen only on sockets (callbacks, CLI).
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
  },
});
