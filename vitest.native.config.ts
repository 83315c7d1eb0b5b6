import { defineConfig } from 'vitest/config';

// The engine differential test (DuckDB-WASM vs native DuckDB): slow, so it has its own script.
export default defineConfig({
  test: {
    include: ['test/native/**/*.native.ts'],
    testTimeout: 1_200_000,
    hookTimeout: 300_000,
    pool: 'forks',
  },
});
