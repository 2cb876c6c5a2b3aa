import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.{ts,tsx}'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Each test file has a database of its own (tests/support) and nothing mocks a module, so
    // the files of one worker can share its loaded modules: importing the app once per worker
    // instead of once per file takes the suite from about 135 s to about 50 s on two cores.
    isolate: false,
  },
});
