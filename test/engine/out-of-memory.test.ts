/**
 * A query that needs more memory than the engine has fails with HB909: DuckDB's first line (what it
 * could not allocate) and what the user can do, not DuckDB's advice to change settings, which the
 * locked session does not allow. Both real engines, with a small memory limit set before lock-down.
 */
import { describe, expect, it } from 'vitest';
import { createNativeEngine } from '../../src/engine/native.ts';
import { createNodeEngine } from '../../src/engine/node.ts';
import { EngineError, OUT_OF_MEMORY, OUT_OF_MEMORY_HINT } from '../../src/engine/types.ts';

// one list per group for a million groups: far more than 40 MB
const HUNGRY = 'SELECT count(DISTINCT s) FROM (SELECT list(i) AS s FROM range(3000000) t(i) GROUP BY i % 1000000)';

describe('out of memory', () => {
  it.each([
    ['wasm', createNodeEngine],
    ['native', createNativeEngine],
  ] as const)('is HB909 with what to do on the %s engine, and the engine keeps answering', async (_name, make) => {
    const e = await make();
    try {
      await e.query("SET memory_limit = '40MB'");
      const err = await e.query(HUNGRY).catch((x) => x);
      expect(err).toBeInstanceOf(EngineError);
      expect(err.code).toBe(OUT_OF_MEMORY);
      expect(err.message).toMatch(/^Out of Memory Error: .*allocate/);
      expect(err.message).toContain(OUT_OF_MEMORY_HINT);
      expect(err.message).not.toMatch(/SET memory_limit|temp_directory/);
      expect(Number((await e.query('SELECT 6 * 7 AS v')).get(0)?.v)).toBe(42);
    } finally {
      await e.close();
    }
  }, 120_000);

  it('leaves other errors and explicit codes alone', () => {
    expect(new EngineError('Binder Error: column x not found').code).toBe('HB900');
    expect(new EngineError('Out of Memory Error: x', 'HB901').code).toBe('HB901');
    expect(new EngineError('Invalid Input Error: HB107: ticks').code).toBe('HB107');
    // a message that already carries the hint (relayed from a worker) keeps its code and text
    const relayed = new EngineError(new EngineError('Out of Memory Error: y').message);
    expect(relayed.code).toBe(OUT_OF_MEMORY);
    expect(relayed.message.split(OUT_OF_MEMORY_HINT)).toHaveLength(2);
  });
});
