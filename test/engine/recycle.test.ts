/**
 * Engine fault isolation (src/engine/recycle.ts) on the real DuckDB-WASM engine: an ordinary SQL
 * error keeps the engine; an engine that fails the probe (here: one whose database was terminated
 * under it, as when a worker is lost) is replaced, the data re-attached, and the next query answers.
 * An engine that recorded a trap (`broken`: in the browser, set when any request, e.g. a background
 * table load queued between the failing query and the probe, trapped) is replaced even though the
 * probe still answers; two failures at once replace it once.
 */
import { describe, expect, it, vi } from 'vitest';
import type { BrowserEngine } from '../../src/engine/browser.ts';
import { createNodeEngine } from '../../src/engine/node.ts';
import {
  backgroundRestartNotice,
  createRecyclingEngine,
  ENGINE_RESTARTED,
  isEngineFault,
  isTrap,
  PROBE_SQL,
  PROBE_TIMEOUT_MS,
  probeEngine,
  REPLACEMENT_STALLED,
  replacedNotice,
  retryNotice,
  START_STALLED,
} from '../../src/engine/recycle.ts';
import { type Engine, EngineError } from '../../src/engine/types.ts';

/** The Node engine seen through the browser engine's interface; `broken` is set by the test. */
async function nodeAsBrowser(): Promise<BrowserEngine & { raw: Engine; broken: boolean }> {
  const raw = await createNodeEngine();
  return {
    raw,
    locked: false,
    broken: false,
    queryLimited: async (sql, _max, o) => ({ table: await raw.query(sql, o), truncated: false }),
    query: (sql, o) => raw.query(sql, o),
    loadArrow: (t, b) => raw.loadArrow(t, b),
    loadCsv: (t, c) => raw.loadCsv(t, c),
    attachDatabase: (s, t) => raw.attachDatabase(String(s), t),
    lockDown: () => raw.lockDown(),
    close: () => raw.close(),
  };
}

type TestEngine = Awaited<ReturnType<typeof nodeAsBrowser>>;

/**
 * An engine factory for createRecyclingEngine that records every engine it starts (`started`, in
 * order); `adapt` may wrap an engine's methods before it is handed out (`n`: how many came before).
 */
function recordStarts(adapt?: (e: TestEngine, n: number) => void): { started: TestEngine[]; start: () => Promise<TestEngine> } {
  const started: TestEngine[] = [];
  const start = async () => {
    const e = await nodeAsBrowser();
    adapt?.(e, started.length);
    started.push(e);
    return e;
  };
  return { started, start };
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
    const { started, start } = recordStarts();
    const notices: string[] = [];
    let attached = 0;
    const engine = await createRecyclingEngine(
      start,
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

/** (module (func (export "f") unreachable)): calling f traps. */
const TRAPPING_WASM = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x07, 0x05, 0x01, 0x01, 0x66,
  0x00, 0x00, 0x0a, 0x05, 0x01, 0x03, 0x00, 0x00, 0x0b,
]);

describe('isTrap', () => {
  it('is true for a WebAssembly trap (as duckdb-wasm rethrows it, and kept as an EngineError cause), false for SQL errors', async () => {
    const { instance } = await WebAssembly.instantiate(TRAPPING_WASM);
    let trap: unknown;
    try {
      (instance.exports.f as () => void)();
    } catch (e) {
      trap = e;
    }
    expect(trap).toBeInstanceOf(WebAssembly.RuntimeError);
    expect(isTrap(trap)).toBe(true);
    // duckdb-wasm's client: a plain Error carrying the worker's error name
    const relayed = Object.assign(new Error((trap as Error).message), { name: (trap as Error).name });
    expect(isTrap(relayed)).toBe(true);
    expect(isTrap(Object.assign(new EngineError(relayed.message), { cause: relayed }))).toBe(true);
    const e = await createNodeEngine();
    try {
      const sqlError = await e.query('SELECT nope FROM nowhere').catch((x) => x);
      expect(sqlError).toBeInstanceOf(Error);
      expect(isTrap(sqlError)).toBe(false);
      expect(isTrap(new EngineError('query cancelled', 'HB902'))).toBe(false);
      expect(isTrap(null)).toBe(false);
    } finally {
      await e.close();
    }
  });
});

describe('createRecyclingEngine and a trap the probe does not see', () => {
  it('replaces an engine that recorded a trap although it still answers the probe, before or after a failing query', async () => {
    const { started, start } = recordStarts();
    const notices: string[] = [];
    const engine = await createRecyclingEngine(
      start,
      {
        attach: async (e) => {
          await e.query('CREATE TABLE t AS SELECT 7 AS v');
        },
        onRecycle: (m) => notices.push(m),
      },
    );
    try {
      await engine.query('CREATE TABLE t AS SELECT 7 AS v');
      // a query fails, and a request queued between it and the probe traps (the engine records
      // it); the probe itself still answers right
      const first = started[0];
      const query = first.query;
      const probeAnswers: unknown[] = [];
      first.query = async (sql, o) => {
        if (sql !== PROBE_SQL) return query(sql, o);
        first.broken = true;
        const answer = await query(sql, o);
        probeAnswers.push(answer.get(0)?.probe);
        return answer;
      };
      const err = await engine.query('SELECT nope FROM nowhere').catch((e) => e);
      expect(probeAnswers).toEqual([42]);
      expect(err.code).toBe(ENGINE_RESTARTED);
      expect(engine.generation).toBe(1);
      expect(notices).toHaveLength(1);
      expect(Number((await engine.query('SELECT v FROM t')).get(0)?.v)).toBe(7);

      // a background request (nobody sees its error) trapped: the next query runs on a fresh engine
      started[1].broken = true;
      expect(Number((await engine.query('SELECT v + 1 AS w FROM t')).get(0)?.w)).toBe(8);
      expect(engine.generation).toBe(2);
      expect(started).toHaveLength(3);
      expect(notices).toEqual([expect.stringMatching(/replaced by a fresh one/), backgroundRestartNotice]);
      expect(engine.broken).toBe(false);
    } finally {
      await engine.close();
    }
  });

  it('replaces the engine once when two requests fail on it, and the fresh engine keeps answering', async () => {
    let replaced = 0;
    let probes = 0;
    const { started, start } = recordStarts((e, n) => {
      if (n > 0) return;
      // the engine that dies: its second probe answers only once the first failure's
      // replacement is done (as a probe queued behind a slow request does); its queries fail
      // with a DuckDB error (which names its class), so each failure is probed
      const query = e.query;
      e.query = async (sql, o) => {
        if (sql === PROBE_SQL && probes++ > 0) {
          while (replaced < 1) await new Promise((r) => setTimeout(r, 20));
          await new Promise((r) => setTimeout(r, 50));
        }
        return query(sql, o).catch((err) => {
          throw new EngineError(`IO Error: ${err.message}`);
        });
      };
    });
    const engine = await createRecyclingEngine(
      start,
      {
        attach: (e) => e.query('CREATE TABLE t AS SELECT 7 AS v').then(() => {}),
        onRecycle: () => replaced++,
        probeTimeoutMs: 60_000,
      },
    );
    try {
      await started[0].raw.close();
      const [a, b] = await Promise.all([engine.query('SELECT 1').catch((e) => e), engine.query('SELECT 2').catch((e) => e)]);
      expect(probes).toBe(2);
      expect(a.code).toBe(ENGINE_RESTARTED);
      expect(b.code).toBe(ENGINE_RESTARTED);
      expect(engine.generation).toBe(1);
      expect(started).toHaveLength(2);
      expect(Number((await engine.query('SELECT v FROM t')).get(0)?.v)).toBe(7);
    } finally {
      await engine.close();
    }
  });

  it('replaces the engine, without a probe, after an engine fault (an error that is neither a DuckDB error nor ours); two at once replace it once', async () => {
    let probes = 0;
    const { started, start } = recordStarts((e) => {
      const query = e.query;
      e.query = (sql, o) => {
        if (sql === PROBE_SQL) probes++;
        return query(sql, o);
      };
    });
    const engine = await createRecyclingEngine(
      start,
      { attach: (e) => e.query('CREATE TABLE t AS SELECT 7 AS v').then(() => {}) },
    );
    try {
      // DuckDB's errors name their class; ours carry codes: the engine is kept after them
      const sqlError = await engine.query('SELECT nope FROM nowhere').catch((e) => e);
      expect(isEngineFault(sqlError)).toBe(false);
      expect(isEngineFault(await engine.query("SELECT CAST('x' AS INTEGER)").catch((e) => e))).toBe(false);
      expect(isEngineFault(await engine.query("SELECT error('HB162: refused')").catch((e) => e))).toBe(false);
      // a class name with a lower-case word: an overflow is the query's error, not the engine's
      const overflow = await engine.query('SELECT CAST(9223372036854775807 AS BIGINT) + 1').catch((e) => e);
      expect(String(overflow?.message)).toMatch(/^Out of Range Error: /);
      expect(isEngineFault(overflow)).toBe(false);
      expect(isEngineFault(new EngineError('query cancelled', 'HB902'))).toBe(false);
      expect(engine.generation).toBe(0);
      expect(probes).toBe(4);
      // the error the Arrow C++ code raises after an allocation failure (the probe may still answer)
      const fault = new EngineError('ArrowArrayStruct contains null data pointer for a buffer with non-zero computed size');
      expect(isEngineFault(fault)).toBe(true);
      expect(isEngineFault(new EngineError('INTERNAL Error: Attempted to access index 3 within vector of size 3'))).toBe(true);
      expect(isEngineFault(new EngineError('FATAL Error: Failed: database has been invalidated'))).toBe(true);
      const live = started[0];
      const query = live.query;
      live.query = (sql, o) => (sql.startsWith('SELECT 1') ? Promise.reject(fault) : query(sql, o));
      const [a, b] = await Promise.all([engine.query('SELECT 1').catch((e) => e), engine.query('SELECT 1 + 1').catch((e) => e)]);
      for (const err of [a, b]) {
        expect(err.code).toBe(ENGINE_RESTARTED);
        expect(err.message).toMatch(/ArrowArrayStruct.*replaced by a fresh one/);
      }
      expect(probes).toBe(4);
      expect(engine.generation).toBe(1);
      expect(started).toHaveLength(2);
      expect(Number((await engine.query('SELECT v FROM t')).get(0)?.v)).toBe(7);
    } finally {
      await engine.close();
    }
  });

  it('settles a request still in flight on an engine that another failure replaced', async () => {
    const { started, start } = recordStarts((e, n) => {
      if (n > 0) return;
      // a request stuck in the worker (terminating it drops the request: it never settles)
      const query = e.query;
      e.query = (sql, o) => (sql === 'SELECT 3' ? new Promise(() => {}) : query(sql, o));
    });
    const engine = await createRecyclingEngine(
      start,
      { attach: async () => {} },
    );
    try {
      const stuck = engine.query('SELECT 3').catch((e) => e);
      await started[0].raw.close();
      const failed = await engine.query('SELECT 1').catch((e) => e);
      expect(failed.code).toBe(ENGINE_RESTARTED);
      const err = await stuck;
      expect(err.code).toBe(ENGINE_RESTARTED);
      expect(err.message).toBe(replacedNotice);
      expect(engine.generation).toBe(1);
      expect(Number((await engine.query('SELECT 3 AS v')).get(0)?.v)).toBe(3);
    } finally {
      await engine.close();
    }
  });
});

describe("createRecyclingEngine's first start", () => {
  it('rejects with HB908 naming the step that gave no answer, and closes the engine if its start answers later', async () => {
    const late = await nodeAsBrowser();
    const closed: BrowserEngine[] = [];
    const close = late.close;
    late.close = () => {
      closed.push(late);
      return close();
    };
    let release: () => void = () => {};
    const stalls: string[] = [];
    const t0 = Date.now();
    const err = await createRecyclingEngine(
      async (step) => {
        // two steps within the limit, then one without an answer until released
        step?.('compiling DuckDB');
        await new Promise((r) => setTimeout(r, 300));
        step?.('opening the database');
        await new Promise((r) => setTimeout(r, 300));
        step?.('connecting');
        await new Promise<void>((r) => (release = r));
        return late;
      },
      { attach: async () => {}, firstStartStepLimitMs: 500, onStall: (s) => stalls.push(s) },
    ).catch((e) => e);
    expect(err.code).toBe(START_STALLED);
    expect(err.message).toBe('the query engine (DuckDB-WASM) did not start: "connecting" gave no answer within 0.5 s; reload the page to try again');
    expect(stalls).toEqual(['connecting']);
    expect(Date.now() - t0).toBeLessThan(3_000);
    release();
    await vi.waitFor(() => expect(closed).toEqual([late]));
  });

  it('is not bounded as a whole: steps that each answer within the limit start the engine', async () => {
    const e = await nodeAsBrowser();
    const engine = await createRecyclingEngine(
      async (step) => {
        for (const s of ['compiling DuckDB', 'opening the database', 'connecting']) {
          step?.(s);
          await new Promise((r) => setTimeout(r, 300));
        }
        return e;
      },
      { attach: async () => {}, firstStartStepLimitMs: 500 },
    );
    try {
      expect(Number((await engine.query('SELECT 5 AS v')).get(0)?.v)).toBe(5);
    } finally {
      await engine.close();
    }
  });
});

describe('createRecyclingEngine and a replacement that stalls', () => {
  const later = (ms: number) => new Promise((r) => setTimeout(r, ms));
  // Engines are started before the test, so that the step limit times only what each test holds
  // up (a DuckDB-WASM start in Node takes seconds on a loaded machine).
  const prestarted = (n: number) => Promise.all(Array.from({ length: n }, () => nodeAsBrowser()));

  it('fails the request with HB907 naming the start step, closes the late engine, and the next request starts a fresh one', async () => {
    const started: TestEngine[] = [];
    const closed: BrowserEngine[] = [];
    const stalls: string[] = [];
    let release: () => void = () => {};
    let calls = 0;
    const pool = await prestarted(3);
    const engine = await createRecyclingEngine(
      async (step) => {
        const e = pool[calls++];
        const close = e.close;
        e.close = () => {
          closed.push(e);
          return close();
        };
        if (calls === 2) {
          // the replacement's start reports its first step, then gives no answer until released
          step?.('instantiate');
          await new Promise<void>((r) => (release = r));
        }
        started.push(e);
        return e;
      },
      {
        attach: (e) => e.query('CREATE TABLE t AS SELECT 7 AS v').then(() => {}),
        stepLimitMs: 1_500,
        onStall: (s) => stalls.push(s),
      },
    );
    try {
      await started[0].raw.close();
      const t0 = Date.now();
      const err = await engine.query('SELECT 1').catch((e) => e);
      expect(err.code).toBe(REPLACEMENT_STALLED);
      expect(err.message).toContain('"start: instantiate"');
      // the probe (the dead engine errs at once) and the limit
      expect(Date.now() - t0).toBeLessThan(PROBE_TIMEOUT_MS + 1_500);
      expect(stalls).toEqual(['start: instantiate']);
      expect(engine.broken).toBe(true);
      // the stalled start answers at last: that engine is closed, never used
      release();
      await vi.waitFor(() => expect(closed).toContain(started[1]));
      // the next request starts a fresh engine, attached, and answers
      expect(Number((await engine.query('SELECT v FROM t')).get(0)?.v)).toBe(7);
      expect(calls).toBe(3);
      expect(engine.broken).toBe(false);
    } finally {
      release();
      await engine.close();
    }
  });

  it('fails every request waiting on it with HB907 when an attach step stalls, and gives each step its own limit', async () => {
    const started: TestEngine[] = [];
    const closed: BrowserEngine[] = [];
    const notices: string[] = [];
    let attaches = 0;
    const pool = await prestarted(3);
    const engine = await createRecyclingEngine(
      async () => {
        const e = pool[started.length];
        const close = e.close;
        e.close = () => {
          closed.push(e);
          return close();
        };
        started.push(e);
        return e;
      },
      {
        attach: async (e, step) => {
          attaches++;
          // three steps of 1 s: longer than the limit together, each one within it
          step?.('lock-down');
          await later(1_000);
          await e.lockDown();
          step?.('dataset');
          await later(1_000);
          await e.query('CREATE TABLE t AS SELECT 7 AS v');
          step?.('added file u');
          // the first replacement's last step never answers
          if (attaches === 1) await new Promise(() => {});
          await later(1_000);
        },
        onRecycle: (m) => notices.push(m),
        stepLimitMs: 1_800,
      },
    );
    try {
      await started[0].raw.close();
      const [a, b] = await Promise.all([engine.query('SELECT 1').catch((e) => e), engine.query('SELECT 2').catch((e) => e)]);
      for (const err of [a, b]) {
        expect(err.code).toBe(REPLACEMENT_STALLED);
        expect(err.message).toContain('"attach: added file u"');
      }
      // the half-attached engine is closed and not used
      expect(closed).toContain(started[1]);
      expect(notices).toEqual([]);
      // the next request replaces it; this attach takes ~3 s in steps of 1 s, and finishes
      const v = await engine.query('SELECT v FROM t');
      expect(Number(v.get(0)?.v)).toBe(7);
      expect(started).toHaveLength(3);
      expect(notices).toEqual([retryNotice]);
      // the attach that finished locked its engine down
      expect(String((await engine.query("SELECT current_setting('enable_external_access') AS x")).get(0)?.x)).toBe('false');
    } finally {
      await engine.close();
    }
  });

  it('starts no replacement once closed: a request after close() fails at once', async () => {
    let starts = 0;
    const engine = await createRecyclingEngine(
      async () => {
        starts++;
        return nodeAsBrowser();
      },
      { attach: async () => {} },
    );
    await engine.close();
    const err = await engine.query('SELECT 1').catch((e) => e);
    expect(err.code).toBe(ENGINE_RESTARTED);
    expect(err.message).toMatch(/closed/);
    expect(starts).toBe(1);
  });

  it('never uses an engine whose attach failed: the next request replaces it', async () => {
    const { started, start } = recordStarts();
    let attaches = 0;
    const engine = await createRecyclingEngine(
      start,
      {
        attach: async (e) => {
          if (++attaches === 1) throw new Error('lock-down did not take effect');
          await e.query('CREATE TABLE t AS SELECT 7 AS v');
        },
      },
    );
    try {
      await started[0].raw.close();
      const err = await engine.query('SELECT 1').catch((e) => e);
      expect(err.code).toBe(ENGINE_RESTARTED);
      expect(err.message).toMatch(/could not be restarted: lock-down did not take effect/);
      expect(Number((await engine.query('SELECT v FROM t')).get(0)?.v)).toBe(7);
      expect(started).toHaveLength(3);
    } finally {
      await engine.close();
    }
  });
});
