import { defineConfig } from 'vitest/config';

// Browser tests: headless Debian Chromium via playwright-core against the built site (`vite build`
// first; `npm run test:e2e` does both). One file at a time: the machine has two cores.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
