import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 150_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
