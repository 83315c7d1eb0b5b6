/**
 * Engine fault isolation, one policy for every host (browser, `query --batch`, `pack test`,
 * `practice verify`): after any failed query, ask the engine a trivial question under a short time
 * limit. An ordinary SQL error leaves a healthy engine that answers at once; a WebAssembly trap, an
 * allocation failure or a lost worker leaves one that errs or hangs — that engine is dead, and the
 * host replaces it (with the dataset re-attached) before the next query. Nothing here matches
 * error messages: the evidence is the probe's answer and, in the browser, the engine's own record
 * of a trap (`BrowserEngine.broken`). The trap is needed too: DuckDB-WASM often traps not on the
 * query that broke it but on the next request, which may be a background table load or macro batch
 * queued before the probe; the probe can then still answer on corrupt memory, and the queries
 * after it fail or hang.
 *
 * The browser uses `createRecyclingEngine` around its worker engine; the CLI, whose blocking
 * engine lives in a worker thread, runs the same probe through `probeEngine` (src/cli/pool.ts).
 */
import type { Table } from 'apache-arrow';
import type { BrowserEngine, LimitedResult } from './browser.ts';
import { EngineError, type QueryOptions } from './types.ts';

/** The probe and its one correct answer. */
export const PROBE_SQL = 'SELECT 6 * 7 AS probe';
const PROBE_ANSWER = 42;
/** How long a healthy engine may take to answer the probe (it takes about a millisecond). */
export const PROBE_TIMEOUT_MS = 5_000;

/** Code of the error that tells the user the engine was replaced after their query. */
export const ENGINE_RESTARTED = 'HB904';

/**
 * True when `ask` returns the probe's answer within `timeoutMs`. `ask` runs PROBE_SQL and returns
 * its first value (or the Arrow table, whose first cell is read).
 */
export async function probeEngine(ask: (sql: string) => Promise<unknown>, timeoutMs = PROBE_TIMEOUT_MS): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), timeoutMs);
  });
  try {
    const got = await Promise.race([ask(PROBE_SQL).then(firstValue), late]);
    return got !== 'late' && Number(got) === PROBE_ANSWER;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

function firstValue(v: unknown): unknown {
  if (v && typeof v === 'object' && 'numRows' in v && typeof (v as Table).get === 'function') {
    const row = (v as Table).get(0) as Record<string, unknown> | null;
    return row ? Object.values(row.toJSON ? (row as { toJSON(): Record<string, unknown> }).toJSON() : row)[0] : undefined;
  }
  return v;
}

/**
 * A WebAssembly trap inside DuckDB. duckdb-wasm's worker sends a failed request's error back with
 * its class name and its client rethrows it under that name: `RuntimeError` is WebAssembly's (no
 * DuckDB or JavaScript error of ours is called that). The browser engine keeps the original error
 * as the `cause` of the EngineError it throws.
 */
export function isTrap(e: unknown): boolean {
  const err = e as { name?: unknown; cause?: { name?: unknown } } | null;
  return err?.name === 'RuntimeError' || err?.cause?.name === 'RuntimeError';
}

const causeOf = (e: unknown) => (e as Error)?.message?.split('\n')[0] ?? String(e);

/** The line the user sees when a query killed the engine. */
export const restartNotice = (cause: string) =>
  `The engine failed on this query (${cause}) and was replaced by a fresh one with the data re-attached; the next query runs normally.`;

/** The error of a request that was still running on an engine that another failure replaced. */
export const replacedNotice = 'The engine was replaced (another request broke it) while this query ran; run it again.';

/** The line the user sees when the engine broke on background work (a table load) and was replaced. */
export const backgroundRestartNotice = `The engine failed while loading data in the background and was replaced by a fresh one with the data re-attached.`;

export interface RecyclingOptions {
  /** Loads the data into a fresh engine (datasets, user tables) and locks it down. */
  attach(engine: BrowserEngine): Promise<void>;
  /** Told once per replacement, with the one-line message for the user. */
  onRecycle?(message: string): void;
  probeTimeoutMs?: number;
}

export interface RecyclingEngine extends BrowserEngine {
  /** How many times the engine was replaced. */
  readonly generation: number;
}

/**
 * A BrowserEngine that replaces itself after a fatal failure. A query that fails is followed by a
 * probe; when the probe fails or the engine has recorded a trap (`broken`, checked after the probe,
 * which runs behind every request queued before it), the old engine is terminated, a new one is
 * started and attached, and the query's error is rethrown with code HB904 and the restart notice
 * appended. Queries arriving meanwhile wait for the new engine; a query arriving at an engine that
 * broke on work whose error nobody saw (a background load) first replaces it, then runs.
 */
export async function createRecyclingEngine(start: () => Promise<BrowserEngine>, opts: RecyclingOptions): Promise<RecyclingEngine> {
  let current = await start();
  let generation = 0;
  let replacing: Promise<void> | null = null;
  // Rejects when the current engine is replaced: a request still in flight on it (queued behind
  // the one that broke it, or stuck in its worker) would otherwise never settle, since terminating
  // the worker drops its pending requests.
  const retirement = () => {
    let retire: (e: Error) => void = () => {};
    const gone = new Promise<never>((_, reject) => {
      retire = reject;
    });
    gone.catch(() => {});
    return { gone, retire };
  };
  let life = retirement();

  const replace = (notice: string): Promise<void> => {
    replacing ??= (async () => {
      const dead = current;
      life.retire(Object.assign(new EngineError(replacedNotice, ENGINE_RESTARTED), { restarted: true }));
      life = retirement();
      // the dead engine's worker may be stuck in a loop: terminate without waiting for it
      void dead.close().catch(() => {});
      current = await start();
      generation++;
      await opts.attach(current);
      opts.onRecycle?.(notice);
    })().finally(() => {
      replacing = null;
    });
    return replacing;
  };

  const guarded = async <T>(fn: (e: BrowserEngine) => Promise<T>): Promise<T> => {
    if (replacing) await replacing;
    if (current.broken) {
      try {
        await replace(backgroundRestartNotice);
      } catch (startError) {
        throw new EngineError(`The engine failed and could not be restarted: ${(startError as Error).message}`, ENGINE_RESTARTED);
      }
    }
    const engine = current;
    const { gone } = life;
    try {
      return await Promise.race([fn(engine), gone]);
    } catch (e) {
      const retired = () => life.gone !== gone;
      if (retired()) throw e; // replaced meanwhile by another failure
      const alive = !engine.broken && (await probeEngine((sql) => engine.query(sql), opts.probeTimeoutMs)) && !engine.broken;
      if (alive) throw e;
      if (retired()) {
        // another failure replaced it while this one probed: the query still broke the engine
        throw Object.assign(new EngineError(restartNotice(causeOf(e)), ENGINE_RESTARTED), { restarted: true });
      }
      const cause = causeOf(e);
      try {
        await replace(restartNotice(cause));
      } catch (startError) {
        throw new EngineError(`${cause}; the engine could not be restarted: ${(startError as Error).message}`, ENGINE_RESTARTED);
      }
      throw Object.assign(new EngineError(restartNotice(cause), ENGINE_RESTARTED), { restarted: true });
    }
  };

  return {
    get generation() {
      return generation;
    },
    get locked() {
      return current.locked;
    },
    get broken() {
      return current.broken;
    },
    queryLimited: (sql: string, maxRows: number, o?: QueryOptions): Promise<LimitedResult> => guarded((e) => e.queryLimited(sql, maxRows, o)),
    query: (sql: string, o?: QueryOptions) => guarded((e) => e.query(sql, o)),
    loadArrow: (table: string, ipc: Uint8Array) => guarded((e) => e.loadArrow(table, ipc)),
    loadCsv: (table: string, csv: string) => guarded((e) => e.loadCsv(table, csv)),
    attachDatabase: (source: string | Blob, tables: readonly string[]) => guarded((e) => e.attachDatabase(source, tables)),
    lockDown: () => guarded((e) => e.lockDown()),
    close: async () => {
      if (replacing) await replacing.catch(() => {});
      await current.close();
    },
  };
}
