/**
 * A tab's last result, kept across visits (IndexedDB), as Kusto Web Explorer keeps its tabs': on a
 * later visit it is on screen at once, labelled as restored, while the engine starts; rerunning
 * it is one click.
 *
 * A result is restored only when everything it was computed from is the same as on the visit that
 * stored it, compared in full (`resultKey`):
 * - the engine: the DuckDB-WASM module's URL (a hashed file name, so a new DuckDB is a miss);
 * - the dataset's content: a hash of the files it ships, written into `datasets/index.json` by the
 *   build (vite.config.ts); a dataset without one (the user's own files) is never kept;
 * - the catalog the query was compiled against (catalogHash: tables, columns, user tables, now);
 * - the now() the compile used (the tab's pinned one, else the catalog's);
 * - the compiled SQL: on the later visit it comes from the compile cache (same compiler build,
 *   catalog, now and query text), so a changed compiler is a miss too;
 * - the row limit, and the format of what is kept (RESULT_FORMAT).
 *
 * Never kept: results whose SQL reads the clock or randomness (`unrestorable`, also in the bodies
 * of the macros it calls), results of queries that read the user's uploaded tables (their content
 * is not in the key) or local externaldata copies, first-pass compiles, and results over the size
 * caps. A tab's record is replaced by its next result, or deleted when that one cannot be kept, so
 * what is restored is always the tab's last result.
 */
import { macrosFor } from '../engine/setup.ts';
import type { KustoResult } from '../engine/values.ts';
import type { OutputColumn, RenderHint } from '../kql/api.ts';

/** Bumped when what is stored (or how a result is converted for display) changes. */
export const RESULT_FORMAT = 1;
/** Results with more rows are not kept. */
export const RESULT_CACHE_ROWS = 10_000;
/** Nor results larger than this (characters of their JSON form, bigints as text). */
export const RESULT_CACHE_CHARS = 2_000_000;
/** Records kept (one per tab; the oldest go first). */
export const RESULT_CACHE_ENTRIES = 12;

/** What a result was computed from. */
export interface ResultInputs {
  /** The DuckDB build (its wasm module's URL). */
  engine: string;
  /** The dataset's content hash (datasets/index.json). */
  dataset: string;
  /** catalogHash() of the catalog the query was compiled against. */
  catalog: string;
  /** The now() the compile used. */
  now: string;
  /** The compiled SQL. */
  sql: string;
  /** The row limit the result was cut at. */
  maxRows: number;
}

/** The exact identity of a result's inputs (no hash: compared in full). */
export function resultKey(i: ResultInputs): string {
  return JSON.stringify([RESULT_FORMAT, i.engine, i.dataset, i.catalog, i.now, i.maxRows, i.sql]);
}

/** A tab's kept result. */
export interface StoredResult {
  tab: string;
  key: string;
  /** The query as the user ran it (a block of the tab's text). */
  kql: string;
  sql: string;
  columns?: OutputColumn[];
  render?: RenderHint;
  result: KustoResult;
  truncated?: boolean;
  timeFilter?: string;
  /** How long the run took on the visit that stored it. */
  ms?: number;
  /** epoch ms */
  savedAt: number;
}

/** DuckDB functions whose value is not a function of the data (the clock, randomness, sampling). */
const VOLATILE =
  /\b(random|gen_random_uuid|uuid|setseed|now|today|current_timestamp|current_date|current_time|get_current_timestamp|get_current_time|localtimestamp|localtime|transaction_timestamp|epoch_ms_now)\s*\(|\bcurrent_(timestamp|date|time)\b|\bUSING\s+SAMPLE\b|\bTABLESAMPLE\b|\breservoir\s*\(/i;

/**
 * Why a result of this SQL must not be restored, or null: it (or a macro it calls) reads the clock
 * or randomness, or it reads one of the user's tables.
 */
export function unrestorable(sql: string, userTables: readonly string[]): string | null {
  const bodies = macrosFor(sql, new Set()).sql.join('\n');
  if (VOLATILE.test(sql) || VOLATILE.test(bodies)) return 'reads the clock or randomness';
  const lower = sql.toLowerCase();
  if (userTables.some((t) => lower.includes(t.toLowerCase()))) return 'reads an uploaded table';
  return null;
}

/** The result is within the size caps. */
export function withinCaps(result: KustoResult): boolean {
  if (result.rows.length > RESULT_CACHE_ROWS) return false;
  try {
    const chars = JSON.stringify(result, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)).length;
    return chars <= RESULT_CACHE_CHARS;
  } catch {
    return false;
  }
}

/** Where records are kept (IndexedDB in the browser; a Map in tests). */
export interface ResultStore {
  get(tab: string): Promise<StoredResult | null>;
  put(r: StoredResult): Promise<void>;
  delete(tab: string): Promise<void>;
}

/** A ResultStore in memory (tests, and browsers without IndexedDB). */
export function memoryResultStore(): ResultStore & { records: Map<string, StoredResult> } {
  const records = new Map<string, StoredResult>();
  return {
    records,
    get: async (tab) => records.get(tab) ?? null,
    put: async (r) => {
      records.set(r.tab, r);
      const old = [...records.values()].sort((a, b) => b.savedAt - a.savedAt).slice(RESULT_CACHE_ENTRIES);
      for (const o of old) records.delete(o.tab);
    },
    delete: async (tab) => {
      records.delete(tab);
    },
  };
}

const DB_NAME = 'huntbench-results';
const STORE = 'last';

/** The browser's ResultStore: one IndexedDB object store keyed by tab id. Failures read as "nothing kept". */
export function indexedDbResultStore(idb: IDBFactory = indexedDB): ResultStore {
  let db: Promise<IDBDatabase> | null = null;
  const open = () =>
    (db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const req = idb.open(DB_NAME, 1);
      req.onupgradeneeded = () => {
        req.result.createObjectStore(STORE, { keyPath: 'tab' });
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    }));
  const done = <T>(req: IDBRequest<T>) =>
    new Promise<T>((resolve, reject) => {
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  const tx = async (mode: IDBTransactionMode) => (await open()).transaction(STORE, mode).objectStore(STORE);
  return {
    async get(tab) {
      try {
        const r = (await done((await tx('readonly')).get(tab))) as StoredResult | undefined;
        return r && typeof r.key === 'string' && r.result && Array.isArray(r.result.rows) ? r : null;
      } catch {
        return null;
      }
    },
    async put(r) {
      try {
        const store = await tx('readwrite');
        await done(store.put(r));
        const all = (await done((await tx('readonly')).getAll())) as StoredResult[];
        const old = all.sort((a, b) => b.savedAt - a.savedAt).slice(RESULT_CACHE_ENTRIES);
        if (old.length) {
          const w = await tx('readwrite');
          for (const o of old) w.delete(o.tab);
        }
      } catch {
        // storage full or unavailable: restoring is an optimisation only
      }
    },
    async delete(tab) {
      try {
        await done((await tx('readwrite')).delete(tab));
      } catch {
        // as above
      }
    },
  };
}
