import { defineConfig } from 'vitest/config';

// Slow robustness suites (`npm run test:faults`, run by .ci/run): queries that really crash or
// exhaust the engine, runaway packs, the compile time limit, and the seeded fuzzer. One file at a
// time: each one starts engines and the machine has two cores.
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
