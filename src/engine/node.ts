/**
 * DuckDB-WASM in Node: the same WebAssembly engine as the browser, through the blocking Node
 * bundle (no worker thread needed). Used by the CLI, the tests and the benchmarks.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { DuckDBBindings, DuckDBConnection } from '@duckdb/duckdb-wasm/blocking';
import type { Table } from 'apache-arrow';
import {
  attachSql,
  DATASET_DIR,
  exposeSql,
  LOCKDOWN_SQL,
  OWN_OBJECTS_SQL,
  quoteIdent,
  quoteString,
  SESSION_SETUP_SQL,
  tablesOfSql,
  toArrowStream,
} from './setup.ts';
import { type Engine, EngineError, type QueryOptions } from './types.ts';

const require = createRequire(import.meta.url);

export interface NodeEngineOptions {
  /**
   * Keep tables in a compressed in-memory database. WebAssembly memory is capped at a few GiB;
   * a million-row lab only fits compressed (loading is slower, queries about as fast).
   */
  compressed?: boolean;
}

/** A blocking DuckDB-WASM database and one connection, with no session settings applied. */
export interface RawWasmDuckDB {
  db: DuckDBBindings;
  conn: DuckDBConnection;
}

/**
 * Instantiates the blocking Node bundle of DuckDB-WASM (the browser's engine, without a worker).
 * createNodeEngine builds on it; tests that need the bare engine (no setup, no lockdown) use it too.
 */
export async function instantiateWasmDuckDB(): Promise<RawWasmDuckDB> {
  const duckdb = require('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs');
  const dist = path.dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs'));
  const bundles = {
    mvp: { mainModule: path.join(dist, 'duckdb-mvp.wasm'), mainWorker: path.join(dist, 'duckdb-node-mvp.worker.cjs') },
    eh: { mainModule: path.join(dist, 'duckdb-eh.wasm'), mainWorker: path.join(dist, 'duckdb-node-eh.worker.cjs') },
  };
  const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate(() => {});
  return { db, conn: db.connect() };
}

export async function createNodeEngine(opts: NodeEngineOptions = {}): Promise<Engine> {
  const { db, conn } = await instantiateWasmDuckDB();
  if (opts.compressed) {
    conn.query("ATTACH ':memory:' AS hb (COMPRESS)");
    conn.query('USE hb');
  }
  for (const s of SESSION_SETUP_SQL) conn.query(s);
  let fileNo = 0;
  let attached: string | null = null;

  const run = (sql: string): Table => {
    try {
      return conn.query(sql);
    } catch (e) {
      throw new EngineError((e as Error).message);
    }
  };

  return {
    async query(sql: string, opts?: QueryOptions) {
      if (opts?.signal?.aborted) throw new EngineError('query cancelled', 'HB902');
      return run(sql);
    },
    async loadArrow(table: string, ipc: Uint8Array) {
      const { stream, rows } = toArrowStream(ipc, table);
      run(`DROP TABLE IF EXISTS ${quoteIdent(table)}`);
      conn.insertArrowFromIPCStream(stream, { name: table, create: true });
      const got = Number(run(`SELECT count(*)::BIGINT AS n FROM ${quoteIdent(table)}`).get(0)?.n ?? -1);
      if (got !== rows) throw new EngineError(`${table}: loaded ${got} rows, expected ${rows}`, 'HB901');
      return rows;
    },
    async attachDatabase(source: string, tables: readonly string[]) {
      // The file is read into the engine's memory: DuckDB-WASM's Node file system cannot open a
      // file read-only. Bigger datasets belong on the native engine.
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(readFileSync(source));
      } catch (e) {
        throw new EngineError(`cannot read ${source}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 'HB901');
      }
      const n = fileNo++;
      const name = `${DATASET_DIR}${n}-${path.basename(source)}`;
      const alias = `hb_dataset_${n}`;
      db.registerFileBuffer(name, bytes);
      run(attachSql(name, alias));
      const inFile = run(tablesOfSql(alias)).toArray().map((r) => String(r.name));
      const own = run(OWN_OBJECTS_SQL).toArray().map((r) => ({ name: String(r.name), kind: String(r.kind) }));
      for (const s of exposeSql(alias, tables, inFile, own)) run(s);
      if (attached) {
        run(`DETACH ${quoteIdent(attached)}`);
      }
      attached = alias;
    },
    async loadCsv(table: string, csv: string) {
      const name = `upload-${fileNo++}.csv`;
      db.registerFileText(name, csv);
      run(`CREATE OR REPLACE TABLE ${quoteIdent(table)} AS SELECT * FROM read_csv(${quoteString(name)}, header = true, auto_detect = true)`);
      return Number(run(`SELECT count(*)::BIGINT AS n FROM ${quoteIdent(table)}`).get(0)?.n ?? 0);
    },
    async lockDown() {
      for (const s of LOCKDOWN_SQL) run(s);
    },
    async close() {
      conn.close();
      await (db as { terminate?: () => Promise<void> }).terminate?.();
    },
  };
}
