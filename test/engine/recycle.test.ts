/**
 * Engine fault isolation (src/engine/recycle.ts) on the real DuckDB-WASM engine: an ordinary SQL
 * error keeps the engine; an engine that fails the probe (here: one whose database was terminated
 * under it, as when a worker is lost) is replaced, the data re-attached, and the next query answers.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserEngine } from '../../src/engine/browser.ts';
import { createNodeEngine } from '../../src/engine/node.ts';
import { createRecyclingEngine, ENGINE_RESTARTED, PROBE_SQL, probeEngine } from '../../src/engine/recycle.ts';
import type { Engine } from '../../src/engine/types.ts';

/** The Node engine seen through the browser engine's interface. */
async function nodeAsBrowser(): Promise<BrowserEngine & { raw: Engine }> {
  const raw = await createNodeEngine();
  return {
    raw,
    locked: false,
    queryLimited: async (sql, _max, o) => ({ table: await raw.query(sql, o), truncated: false }),
    query: (sql, o) => raw.query(sql, o),
    loadArrow: (t, b) => raw.loadArrow(t, b),
    loadCsv: (t, c) => raw.loadCsv(t, c),
    attachDatabase: (s, t) => raw.attachDatabase(String(s), t),
    lockDown: () => raw.lockDown(),
    close: () => raw.close(),
  };
}

describe('probeEngine', () => {
  it('is true for a live engine and false for one that errs, answers wrong or hangs', async () => {
    const e = await createNodeEngine();
    try {
      expect(await probeEngine((sql) => e.query(sql))).toBe(true);
      expect(await probeEngine((sql) => e.query(sql.replace('7', '8')))).toBe(false);
      expect(await probeEngine(() => Promise.reject(new Error('memory access out of bounds')))).toBe(false);
      const t0 = Date.now();
      expect(await probeEngine(() => new Promise(() => {}), 200)).toBe(false);
      expect(Date.now() - t0).toBeLessThan(2_000);
      expect(PROBE_SQL).toMatch(/^SELECT/);
    } finally {
      await e.close();
    }
  });
});

describe('createRecyclingEngine', () => {
  it('keeps the engine after an SQL error, replaces a dead one and re-attaches the data', async () => {
    const started: (BrowserEngine & { raw: Engine })[] = [];
    const notices: string[] = [];
    let attached = 0;
    const engine = await createRecyclingEngine(
      async () => {
        const e = await nodeAsBrowser();
        started.push(e);
        return e;
      },
      {
        attach: async (e) => {
          attached++;
          await e.query('CREATE TABLE t AS SELECT 7 AS v');
        },
        onRecycle: (m) => notices.push(m),
      },
    );
    try {
      await engine.query('CREATE TABLE t AS SELECT 7 AS v');
      await expect(engine.query('SELECT nope FROM nowhere')).rejects.toThrow(/nowhere/);
      expect(engine.generation).toBe(0);
      expect(Number((await engine.query('SELECT v FROM t')).get(0)?.v)).toBe(7);

      // the engine dies under a query (its database is gone, as with a lost worker)
      await started[0].raw.close();
      const err = await engine.query('SELECT v FROM t').catch((e) => e);
      expect(err.code).toBe(ENGINE_RESTARTED);
      expect(err.message).toMatch(/replaced by a fresh one/);
      expect(engine.generation).toBe(1);
      expect(started).toHaveLength(2);
      expect(attached).toBe(1);
      expect(notices).toHaveLength(1);
      // the next query runs on the fresh engine, with the data re-attached
      expect(Number((await engine.query('SELECT v + 1 AS w FROM t')).get(0)?.w)).toBe(8);
    } finally {
      await engine.close();
    }
  });
});
