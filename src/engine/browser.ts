/**
 * The browser engine: DuckDB-WASM's async API, whose own Web Worker runs the database, so the page
 * never blocks on a query. Only the EH bundle is used (self-hosted through Vite `?url` imports).
 *
 * Queries are serialised on one connection. Results are streamed batch by batch so a huge result
 * can be cut at a row limit (and reported as truncated) instead of being materialised in full, and
 * so that `cancelSent()` can interrupt a running query between polls.
 */
import * as duckdb from '@duckdb/duckdb-wasm';
import { type RecordBatch, Table, tableToIPC } from 'apache-arrow';
import { duckdbWasmUrl, takeDuckdbWorker } from './duckdb-worker.ts';
import { ENGINE_RESTARTED, isTrap } from './recycle.ts';
import {
  attachSql,
  DATASET_DIR,
  exposeSql,
  LOCKDOWN_SQL,
  MACRO_NAMES,
  macrosFor,
  OWN_OBJECTS_SQL,
  quoteIdent,
  quoteString,
  SESSION_SETTINGS_SQL,
  tablesOfSql,
  toArrowStream,
} from './setup.ts';
import { type Engine, EngineError, type QueryOptions } from './types.ts';

export interface LimitedResult {
  table: Table;
  /** True when the result had more rows than `maxRows` and was cut. */
  truncated: boolean;
}

export interface BrowserEngine extends Engine {
  /**
   * As Engine.attachDatabase; `source` is a URL (read lazily over HTTP range requests) or a local
   * file the user picked or dropped (read through the browser's file reader, block by block).
   */
  attachDatabase(source: string | Blob, tables: readonly string[]): Promise<void>;
  /** Runs a query, keeping at most `maxRows` rows (the rest is never fetched). */
  queryLimited(sql: string, maxRows: number, opts?: QueryOptions): Promise<LimitedResult>;
  /** Whether the configuration has been locked (after which CSV is parsed in a scratch database). */
  readonly locked: boolean;
  /**
   * Set for good once DuckDB trapped on any request (a WebAssembly `RuntimeError`: out-of-bounds
   * access, null function…) or its worker failed. The module's memory may then be corrupt even if
   * a trivial query still answers, so the engine must be replaced (engine/recycle.ts).
   */
  readonly broken: boolean;
}

export type EngineProgress = (phase: string, fraction: number) => void;

/**
 * Arrow buffers already checked and re-encoded as a stream (`toArrowStream`) before their load,
 * keyed by the buffer: see `prepareArrow`. Each entry is taken (and dropped) by the load of its
 * buffer; one a load never comes for goes with its buffer.
 */
const prepared = new WeakMap<Uint8Array, { stream: Uint8Array; rows: number } | { error: unknown }>();
/** Buffers whose load has begun (a preparation that comes later would be wasted). */
const loading = new WeakSet<Uint8Array>();
let preparedOne = false;

/**
 * Checks and re-encodes an Arrow buffer for a later `loadArrow` of it, in a task of its own. The
 * work is the same as that load's first step (decoding ~75 ms for the lab's 2 MB
 * DeviceProcessEvents here), but done when the buffer arrives: during start-up that is while
 * DuckDB's wasm compiles, instead of after it, when every step waits for the one before. A
 * failure is kept and thrown by the load, as it would have been.
 */
export function prepareArrow(ipc: Uint8Array, what: string): void {
  setTimeout(() => {
    if (prepared.has(ipc) || loading.has(ipc)) return;
    try {
      const { stream, rows } = toArrowStream(ipc, what);
      prepared.set(ipc, { stream, rows });
      if (!preparedOne) performance.mark('hb:load:prepared');
      preparedOne = true;
    } catch (error) {
      prepared.set(ipc, { error });
    }
  }, 0);
}

/** `toArrowStream` of a buffer, or its result from `prepareArrow` (taken: a later load decodes again). */
function arrowStreamOf(ipc: Uint8Array, what: string): { stream: Uint8Array; rows: number } {
  loading.add(ipc);
  const p = prepared.get(ipc);
  if (!p) return toArrowStream(ipc, what);
  prepared.delete(ipc);
  if ('error' in p) throw p.error;
  return p;
}

/**
 * Starts DuckDB in its worker. `lost` rejects when the worker fails (an uncaught error in it):
 * duckdb-wasm then drops its pending requests, which never settle, so every step here (and every
 * later request, engine's `serial`) is raced against it; a start that fails terminates its worker.
 */
async function startDuckDB(lost: Promise<never>, onProgress?: EngineProgress, onWorkerError?: () => void): Promise<duckdb.AsyncDuckDB> {
  const worker = takeDuckdbWorker();
  if (onWorkerError) worker.addEventListener('error', onWorkerError);
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  workers.set(db, worker);
  try {
    onProgress?.('compiling DuckDB', 0);
    performance.mark('hb:engine:instantiate');
    await Promise.race([db.instantiate(duckdbWasmUrl(), null), lost]);
    performance.mark('hb:engine:instantiated');
    onProgress?.('opening the database', 0.9);
    // Database files are read with HTTP range requests (only the blocks a query needs); a server
    // without range support still works, with one full download.
    await Promise.race([db.open({ filesystem: { reliableHeadRequests: true, allowFullHTTPReads: true, forceFullHTTPReads: false } }), lost]);
  } catch (e) {
    stopWorker(db);
    throw e;
  }
  return db;
}

const workers = new WeakMap<duckdb.AsyncDuckDB, Worker>();

/**
 * Terminates a DuckDB worker, but not through duckdb-wasm's `terminate()`: that detaches the
 * client, after which every request returns `undefined` at once, and a request still reading a
 * result then spins for good (its result iterator loops on `fetchQueryResults()` until it gets a
 * buffer, and each call returns without waiting for anything), freezing the page. With the worker
 * terminated under a still-attached client, such requests just wait, and the engine's requests are
 * raced against its loss (`lossOf`).
 */
function stopWorker(db: duckdb.AsyncDuckDB): void {
  workers.get(db)?.terminate();
}

/** A promise that rejects once `fail` is called: the loss of an engine's worker, or its closing. */
function lossOf() {
  let fail: (e: Error) => void = () => {};
  let failedWith: Error | null = null;
  const lost = new Promise<never>((_, reject) => {
    fail = (e) => {
      failedWith ??= e;
      reject(e);
    };
  });
  lost.catch(() => {});
  return {
    lost,
    fail,
    get failed() {
      return failedWith;
    },
  };
}

function errorOf(e: unknown): EngineError {
  if (e instanceof EngineError) return e;
  const msg = (e as Error)?.message ?? String(e);
  return Object.assign(new EngineError(msg), { cause: e });
}

export async function createBrowserEngine(onProgress?: EngineProgress): Promise<BrowserEngine> {
  let broken = false;
  // Rejects when the worker fails (an uncaught error in it: duckdb-wasm drops its pending requests,
  // which never settle) or the engine is closed (terminating the worker drops them too): every
  // request is raced against it, so none waits forever on a worker that is gone.
  const loss = lossOf();
  const onWorkerError = () => {
    broken = true;
    loss.fail(new EngineError('the DuckDB worker failed (uncaught error in the worker)'));
  };
  const db = await startDuckDB(loss.lost, onProgress, onWorkerError);
  let conn: duckdb.AsyncDuckDBConnection;
  try {
    performance.mark('hb:engine:opened');
    onProgress?.('connecting', 0.95);
    conn = await Promise.race([db.connect(), loss.lost]);
    performance.mark('hb:engine:connected');
    onProgress?.('session settings', 0.97);
    await Promise.race([conn.query(SESSION_SETTINGS_SQL.join(';\n')), loss.lost]);
    performance.mark('hb:engine:setup');
  } catch (e) {
    stopWorker(db);
    throw e;
  }
  let locked = false;
  let scratch: Promise<{ db: duckdb.AsyncDuckDB; conn: duckdb.AsyncDuckDBConnection }> | null = null;
  let scratchLoss: ReturnType<typeof lossOf> | null = null;
  let fileNo = 0;
  let attached: { alias: string; file: string } | null = null;

  // One query at a time on the connection: a chain of promises. A trap on any of them (the user's
  // queries, the background table loads and macro batches, whose errors nobody may see) marks the
  // engine broken before the next one runs.
  let chain: Promise<unknown> = Promise.resolve();
  let queued = 0;
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    queued++;
    // a request never waits on a worker that is gone (failed, or terminated by close)
    const guardedFn = () => (loss.failed ? Promise.reject(loss.failed) : Promise.race([fn(), loss.lost]));
    const run = chain
      .then(guardedFn, guardedFn)
      .catch((e) => {
        if (isTrap(e)) broken = true;
        throw e;
      })
      .finally(() => queued--);
    chain = run.catch(() => {});
    return run;
  };

  /**
   * The compiler's SQL macros (200, about a second of DuckDB-WASM's time to create) are created
   * as queries first need them, so the first query does not wait for all of them; the rest are
   * created in small batches whenever the connection is idle.
   */
  const macros = new Set<string>();
  const createMacros = async (sql: string) => {
    const need = macrosFor(sql, macros);
    if (!need.sql.length) return;
    await conn.query(need.sql.join(';\n'));
    for (const n of need.names) macros.add(n);
  };
  let closed = false;
  const fillMacros = async () => {
    const left = MACRO_NAMES.filter((n) => !macros.has(n));
    for (let i = 0; i < left.length && !closed; i += 10) {
      // wait for a moment when nothing else is queued
      while (queued > 0 && !closed) await chain;
      if (closed) return;
      await serial(() => createMacros(left.slice(i, i + 10).join(' '))).catch(() => {});
      await new Promise((r) => setTimeout(r, 0));
    }
  };
  setTimeout(() => void fillMacros(), 3_000);

  const countRows = async (table: string): Promise<number> => {
    const t = await conn.query(`SELECT count(*)::BIGINT AS n FROM ${quoteIdent(table)}`);
    return Number(t.get(0)?.n ?? -1);
  };

  /**
   * Lower-cased names of the tables and views this engine may have created (Arrow and CSV loads,
   * an attached dataset's views): a load drops an existing table of its name first, and only one
   * of these can exist (DuckDB's names are case-insensitive).
   */
  const made = new Set<string>();

  // the first table load's steps are marked (start-up: bin/bench-ui.mjs --marks)
  let firstLoad = true;
  const loadStream = (table: string, ipc: Uint8Array) =>
    serial(async () => {
      const mark = firstLoad ? (m: string) => performance.mark(`hb:load:${m}`) : () => {};
      firstLoad = false;
      mark('start');
      const { stream, rows } = arrowStreamOf(ipc, table);
      mark('decoded');
      try {
        // (a name this engine never created needs no drop: one request less before a first result)
        if (made.has(table.toLowerCase())) await conn.query(`DROP TABLE IF EXISTS ${quoteIdent(table)}`);
        made.add(table.toLowerCase());
        await conn.insertArrowFromIPCStream(stream, { name: table, create: true });
        mark('inserted');
      } catch (e) {
        throw errorOf(e);
      }
      const got = await countRows(table);
      mark('counted');
      if (got !== rows) throw new EngineError(`${table}: loaded ${got} rows, expected ${rows}`, 'HB901');
      return rows;
    });

  /**
   * CSV after lock-down: `enable_external_access = false` also forbids `read_csv` on registered
   * buffers, so the text is parsed by DuckDB's CSV sniffer in a separate, empty scratch database
   * and moved over as Arrow. The scratch database only ever runs the fixed statement below.
   */
  const parseCsvInScratch = async (csv: string): Promise<Uint8Array> => {
    // settles when the scratch worker fails or this engine is closed (as the main worker's requests)
    scratchLoss ??= lossOf();
    const sl = scratchLoss;
    void loss.lost.catch((e) => sl.fail(e));
    const orLost = <T>(p: Promise<T>) => Promise.race([p, sl.lost]);
    scratch ??= (async () => {
      const sdb = await startDuckDB(sl.lost, undefined, () => sl.fail(new EngineError('the CSV parser worker failed')));
      const sconn = await orLost(sdb.connect());
      await orLost(sconn.query(SESSION_SETTINGS_SQL.join(';\n')));
      return { db: sdb, conn: sconn };
    })();
    const s = await scratch;
    const name = `upload-${fileNo++}.csv`;
    await orLost(s.db.registerFileText(name, csv));
    try {
      const t = await orLost(s.conn.query(`SELECT * FROM read_csv(${quoteString(name)}, header = true, auto_detect = true)`));
      return tableToIPC(t, 'stream');
    } finally {
      await orLost(s.db.dropFile(name)).catch(() => {});
    }
  };

  const queryLimited = (sql: string, maxRows: number, opts?: QueryOptions) =>
    serial(async (): Promise<LimitedResult> => {
      const signal = opts?.signal;
      if (signal?.aborted) throw new EngineError('query cancelled', 'HB902');
      let rejectAbort: (e: Error) => void = () => {};
      const aborted = new Promise<never>((_, reject) => {
        rejectAbort = reject;
      });
      aborted.catch(() => {});
      const onAbort = () => {
        conn.cancelSent().catch(() => {});
        rejectAbort(new EngineError('query cancelled', 'HB902'));
      };
      signal?.addEventListener('abort', onAbort);
      // Whatever DuckDB does with the cancel, the caller is released at once (a trap that comes
      // after that still marks the engine broken).
      const orAbort = <T>(p: Promise<T>): Promise<T> => {
        p.catch((e) => {
          if (isTrap(e)) broken = true;
        });
        return Promise.race([p, aborted]);
      };
      try {
        await orAbort(createMacros(sql));
        const reader = await orAbort(conn.send(sql, true));
        if (signal?.aborted) throw new EngineError('query cancelled', 'HB902');
        const batches: RecordBatch[] = [];
        let rows = 0;
        let truncated = false;
        while (true) {
          const next = await orAbort(reader.next());
          if (signal?.aborted) throw new EngineError('query cancelled', 'HB902');
          if (next.done) break;
          const b = next.value as RecordBatch;
          if (rows + b.numRows > maxRows) {
            batches.push(b.slice(0, maxRows - rows));
            rows = maxRows;
            truncated = true;
            // stop fetching the rest; the pending result is dropped by cancel
            await conn.cancelSent().catch(() => {});
            break;
          }
          batches.push(b);
          rows += b.numRows;
        }
        const table = batches.length ? new Table(batches) : new Table(reader.schema);
        return { table, truncated };
      } catch (e) {
        if (signal?.aborted) throw new EngineError('query cancelled', 'HB902');
        throw errorOf(e);
      } finally {
        signal?.removeEventListener('abort', onAbort);
      }
    });

  return {
    get locked() {
      return locked;
    },
    get broken() {
      return broken;
    },
    queryLimited,
    async query(sql: string, opts?: QueryOptions) {
      return (await queryLimited(sql, Number.MAX_SAFE_INTEGER, opts)).table;
    },
    loadArrow: loadStream,
    /**
     * `source` is a URL (the dev server's or the build's datasets folder, or a blob: URL of a
     * dropped file). Over HTTP DuckDB reads the file lazily with range requests, so attaching costs
     * a few small reads and a query reads only the blocks of the columns it touches.
     */
    attachDatabase: (source: string | Blob, tables: readonly string[]) =>
      serial(async () => {
        const n = fileNo++;
        const file = `${DATASET_DIR}${n}.duckdb`;
        const alias = `hb_dataset_${n}`;
        try {
          if (typeof source === 'string') {
            const url = new URL(source, location.href).href;
            await db.registerFileURL(file, url, duckdb.DuckDBDataProtocol.HTTP, false);
          } else {
            await db.registerFileHandle(file, source, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
          }
          performance.mark('hb:attach:registered');
          await conn.query(attachSql(file, alias));
          performance.mark('hb:attach:attached');
          const inFile = (await conn.query(tablesOfSql(alias))).toArray().map((r) => String(r.name));
          const own = (await conn.query(OWN_OBJECTS_SQL)).toArray().map((r) => ({ name: String(r.name), kind: String(r.kind) }));
          for (const t of tables) made.add(t.toLowerCase());
          await conn.query(exposeSql(alias, tables, inFile, own).join(';\n'));
          performance.mark('hb:attach:exposed');
        } catch (e) {
          await conn.query(`DETACH DATABASE IF EXISTS ${quoteIdent(alias)}`).catch(() => {});
          await db.dropFile(file).catch(() => {});
          throw errorOf(e);
        }
        if (attached) {
          await conn.query(`DETACH DATABASE IF EXISTS ${quoteIdent(attached.alias)}`).catch(() => {});
          await db.dropFile(attached.file).catch(() => {});
        }
        attached = { alias, file };
      }),
    async loadCsv(table: string, csv: string) {
      if (!locked) {
        return serial(async () => {
          const name = `upload-${fileNo++}.csv`;
          await db.registerFileText(name, csv);
          made.add(table.toLowerCase());
          try {
            await conn.query(
              `CREATE OR REPLACE TABLE ${quoteIdent(table)} AS SELECT * FROM read_csv(${quoteString(name)}, header = true, auto_detect = true)`,
            );
          } catch (e) {
            throw errorOf(e);
          } finally {
            await db.dropFile(name);
          }
          return countRows(table);
        });
      }
      let ipc: Uint8Array;
      try {
        ipc = await parseCsvInScratch(csv);
      } catch (e) {
        throw new EngineError(`${table}: not readable as CSV (${(e as Error).message})`, 'HB901');
      }
      return loadStream(table, ipc);
    },
    lockDown: () =>
      serial(async () => {
        // dataset files registered later stay attachable (and nothing else is)
        // one request (the result is the last statement's): on a warm visit every round trip to
        // DuckDB's worker before the first result waits for the page's busy main thread
        const check = await conn.query(
          [`SET allowed_directories = [${quoteString(DATASET_DIR)}]`, ...LOCKDOWN_SQL, "SELECT current_setting('enable_external_access') AS v"].join(';\n'),
        );
        if (String(check.get(0)?.v) !== 'false') throw new EngineError('lock-down did not take effect', 'HB904');
        locked = true;
      }),
    async close() {
      closed = true;
      // requests still pending or queued end now: the terminated worker would never answer them
      loss.fail(new EngineError('the engine was shut down (replaced) before this request finished', ENGINE_RESTARTED));
      // The worker is terminated whatever the disconnect does: a broken or stuck worker (a trap
      // mid-statement, a runaway loop) never answers it and would otherwise keep its CPU and memory.
      if (!broken) await Promise.race([conn.close().catch(() => {}), new Promise((r) => setTimeout(r, 1_000))]);
      stopWorker(db);
      const s = await scratch?.catch(() => null);
      if (s) stopWorker(s.db);
    },
  };
}
