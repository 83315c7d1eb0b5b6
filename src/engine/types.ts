/**
 * The engine boundary: the only interface through which anything talks to DuckDB.
 * Implementations: `node.ts` (blocking DuckDB-WASM in Node, for the CLI and tests) and the
 * browser worker client. Only plain data and Arrow IPC bytes cross it.
 */
import type { Table } from 'apache-arrow';

export interface QueryOptions {
  signal?: AbortSignal;
}

export interface Engine {
  /** Runs one SQL statement and returns its result. Throws `EngineError` on failure. */
  query(sql: string, opts?: QueryOptions): Promise<Table>;
  /** Creates (or replaces) a table from Arrow IPC bytes (file or stream format). Returns its row count. */
  loadArrow(table: string, ipc: Uint8Array): Promise<number>;
  /**
   * Attaches a DuckDB database file read-only and exposes the named tables under their own names
   * (as views, so user tables can still be created beside them). `source` is a file path in Node
   * and a URL in the browser. Replaces the tables of a dataset attached before. The one entry
   * point for (re-)attaching a dataset: a fresh engine calls it again with the same arguments.
   */
  attachDatabase(source: string, tables: readonly string[]): Promise<void>;
  /** Creates (or replaces) a table from CSV text using DuckDB's built-in reader. Returns its row count. */
  loadCsv(table: string, csv: string): Promise<number>;
  /** Turns off file/URL access and locks the configuration (call after the datasets are loaded). */
  lockDown(): Promise<void>;
  close(): Promise<void>;
}

/** A query that needed more memory than the engine has (DuckDB's "Out of Memory Error"). */
export const OUT_OF_MEMORY = 'HB909';

/** What a user can do when a query runs out of memory, appended to DuckDB's message. */
export const OUT_OF_MEMORY_HINT =
  "the query needed more memory than the engine has (in the browser, DuckDB-WASM is a 32-bit module: about 3 GiB for a query's state whatever the machine has). Narrow it: a time filter, fewer rows before summarize, join or sort, fewer columns (project early); the CLI's native engine (`huntbench query --engine native`) has the machine's memory";

export class EngineError extends Error {
  readonly code: string;
  /** Without a code, a coded refusal raised by our SQL macros while the query runs
   * (`error('HB107: …')`) keeps its code; DuckDB's out-of-memory error is HB909, with what to do;
   * any other engine failure is HB900. */
  constructor(message: string, code?: string) {
    const oom = code === undefined && /\bOut of Memory Error\b/.test(message) && !message.includes(OUT_OF_MEMORY_HINT);
    // DuckDB's own advice (settings, a temporary directory) does not apply: the session is locked
    super(oom ? `${message.split('\n')[0]} — ${OUT_OF_MEMORY_HINT}` : message);
    this.name = 'EngineError';
    this.code = code ?? /\bHB1\d\d(?=: )/.exec(message)?.[0] ?? (oom || message.includes(OUT_OF_MEMORY_HINT) ? OUT_OF_MEMORY : 'HB900');
  }
}
