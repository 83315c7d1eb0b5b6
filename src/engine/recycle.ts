/**
 * Engine fault isolation, one policy for every host (browser, `query --batch`, `pack test`,
 * `practice verify`): after any failed query, ask the engine a trivial question under a short time
 * limit. An ordinary SQL error leaves a healthy engine that answers at once; a WebAssembly trap, an
 * allocation failure or a lost worker leaves one that errs or hangs — that engine is dead, and the
 * host replaces it (with the dataset re-attached) before the next query. The evidence is the
 * probe's answer and, in the browser, the engine's own record of a trap (`BrowserEngine.broken`)
 * and the shape of the error: one that is neither a DuckDB error (which names its class) nor ours
 * is an engine fault (`isEngineFault`). No particular message is matched. The trap is needed too: DuckDB-WASM often traps not on the
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
 * Code of the error of a request whose engine replacement stalled: one step of it (the new
 * engine's start, or the re-attach of the data) gave no answer within its time limit. The stalled
 * engine is abandoned and the next request starts another one.
 */
export const REPLACEMENT_STALLED = 'HB907';
/**
 * How long one step of a replacement may take (ms): each of the new engine's start steps
 * (instantiate, open, connect, session settings) and each step of the re-attach (lock-down, the
 * dataset, each added file). Healthy steps take well under a second to a few seconds.
 */
export const REPLACE_STEP_LIMIT_MS = 30_000;

/**
 * Code of the error of an engine whose first start (the page's, not a replacement) stalled: one of
 * its steps gave no answer within FIRST_START_STEP_LIMIT_MS. The workbench has no engine then; the
 * message names the step and says to reload the page.
 */
export const START_STALLED = 'HB908';
/**
 * How long one step of the page's first engine start may take (ms). Longer than a replacement's:
 * the first step downloads the 27 MB wasm module (the HTTP cache has it on later visits) and
 * compiles it, which on a slow network takes far longer than the few seconds it takes here.
 */
export const FIRST_START_STEP_LIMIT_MS = 120_000;

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

/**
 * A failure from inside the engine's machinery rather than from the query: DuckDB's own errors
 * name their class (`Binder Error: …`, `Invalid Input Error: …`, `Out of Range Error: …`), and
 * ours carry a code other than HB900. What is left (an uncoded error without such a class, or
 * DuckDB's INTERNAL and FATAL errors, after which DuckDB itself calls the database invalid) came
 * from below DuckDB's SQL layer: the Arrow C++ code's "ArrowArrayStruct contains null data pointer
 * for a buffer with non-zero computed size" after an allocation failure, a JavaScript error in the
 * client. DuckDB-WASM's memory may then be corrupt although the probe still answers: in one e2e run
 * of 45 the engine was kept after that error, answered two queries, and the page then stopped
 * answering. Such an engine is replaced like one that failed its probe.
 */
export function isEngineFault(e: unknown): boolean {
  const err = e as { code?: unknown; name?: unknown; message?: unknown } | null;
  if (!err || typeof err.message !== 'string') return false;
  if (err.code !== undefined && err.code !== 'HB900') return false;
  if (err.name === 'AbortError' || err.name === 'TimeoutError') return false;
  // DuckDB invalidates a database after an internal assertion failure (INTERNAL, then FATAL)
  if (/^(?:INTERNAL|FATAL) Error: /.test(err.message)) return true;
  // class names may hold lower-case words: `Out of Range Error`
  return !/^[A-Z][A-Za-z]*(?: [A-Za-z]+)* Error: /.test(err.message);
}

const causeOf = (e: unknown) => (e as Error)?.message?.split('\n')[0] ?? String(e);

/** The line the user sees when a query killed the engine. */
export const restartNotice = (cause: string) =>
  `The engine failed on this query (${cause}) and was replaced by a fresh one with the data re-attached; the next query runs normally.`;

/** The error of a request that was still running on an engine that another failure replaced. */
export const replacedNotice = 'The engine was replaced (another request broke it) while this query ran; run it again.';

/** The line the user sees when the engine broke on background work (a table load) and was replaced. */
export const backgroundRestartNotice = `The engine failed while loading data in the background and was replaced by a fresh one with the data re-attached.`;

/** The line the user sees when a replacement that had stalled was retried and this one finished. */
export const retryNotice = 'The previous engine replacement did not finish; a fresh engine was started with the data re-attached.';

/** Names the step now under way (a start or attach step); each step has its own time limit. */
export type StepReporter = (step: string) => void;

export interface RecyclingOptions {
  /**
   * Loads the data into a fresh engine (datasets, user tables) and locks it down. `step` names
   * each step as it begins: each one gets the step time limit afresh.
   */
  attach(engine: BrowserEngine, step?: StepReporter): Promise<void>;
  /** Told once per replacement, with the one-line message for the user. */
  onRecycle?(message: string): void;
  probeTimeoutMs?: number;
  /** Time limit of one replacement step (ms); REPLACE_STEP_LIMIT_MS when omitted. */
  stepLimitMs?: number;
  /**
   * Told when a replacement or the first start stalls (the step and its limit; the browser logs it to the console) so
   * that a failure names the step that hung.
   */
  onStall?(step: string, limitMs: number): void;
  /** Time limit of one step of the first start (ms); FIRST_START_STEP_LIMIT_MS when omitted. */
  firstStartStepLimitMs?: number;
}

export interface RecyclingEngine extends BrowserEngine {
  /** How many times the engine was replaced. */
  readonly generation: number;
}

/** The message of a replacement that stalled at `step`. */
export const stalledMessage = (step: string, limitMs: number) =>
  `the engine's replacement stalled at "${step}" (no answer within ${limitMs / 1000} s); the next query starts a fresh engine`;

/** The message of a first start that stalled at `step`. */
export const startStalledMessage = (step: string, limitMs: number) =>
  `the query engine (DuckDB-WASM) did not start: "${step}" gave no answer within ${limitMs / 1000} s; reload the page to try again`;

/**
 * Runs `work`, whose steps report themselves through the StepReporter it is given, and rejects with
 * `stalled(step)` (HB907 unless told otherwise) when one step takes longer than `limitMs` (the step
 * that stalled is named). `work` is not stopped: the caller abandons what it started.
 */
function stepsWithin<T>(
  limitMs: number,
  first: string,
  work: (step: StepReporter) => Promise<T>,
  onStall: (step: string) => void,
  stalled: (step: string) => EngineError = (step) => new EngineError(stalledMessage(step, limitMs), REPLACEMENT_STALLED),
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let expire: (e: Error) => void = () => {};
  const expired = new Promise<never>((_, reject) => {
    expire = reject;
  });
  expired.catch(() => {});
  let done = false;
  const step: StepReporter = (name) => {
    if (done) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      done = true;
      onStall(name);
      expire(stalled(name));
    }, limitMs);
  };
  step(first);
  return Promise.race([work(step), expired]).finally(() => {
    done = true;
    clearTimeout(timer);
  });
}

/** The coded error of a request whose engine could not be replaced (start or attach failed or stalled). */
function notRestarted(prefix: string, startError: unknown): EngineError {
  const code = (startError as EngineError)?.code === REPLACEMENT_STALLED ? REPLACEMENT_STALLED : ENGINE_RESTARTED;
  return new EngineError(`${prefix}${(startError as Error)?.message ?? String(startError)}`, code);
}

/**
 * A BrowserEngine that replaces itself after a fatal failure. A query that fails is followed by a
 * probe (unless its error is an engine fault, `isEngineFault`, which is fatal by itself); when the
 * probe fails or the engine has recorded a trap (`broken`, checked after the probe,
 * which runs behind every request queued before it), the old engine is terminated, a new one is
 * started and attached, and the query's error is rethrown with code HB904 and the restart notice
 * appended. Queries arriving meanwhile wait for the new engine; a query arriving at an engine that
 * broke on work whose error nobody saw (a background load) first replaces it, then runs.
 *
 * A replacement is bounded: every step of the new engine's start and of the re-attach has a time
 * limit (`stepLimitMs`). When one expires, the requests waiting on the replacement fail with HB907
 * naming the step, the half-started engine is closed (or closed when its start finally answers),
 * and the engine stays marked broken until a replacement finishes, so the next request starts a
 * fresh one. A replacement whose start or attach fails outright is treated alike (HB904): an engine
 * that was not attached and locked down is never used.
 */
export async function createRecyclingEngine(start: (step?: StepReporter) => Promise<BrowserEngine>, opts: RecyclingOptions): Promise<RecyclingEngine> {
  // the first start is bounded too (HB908): each of its steps has FIRST_START_STEP_LIMIT_MS, and an
  // engine whose start answers after that is closed as soon as it exists
  const firstLimitMs = opts.firstStartStepLimitMs ?? FIRST_START_STEP_LIMIT_MS;
  let firstStart: Promise<BrowserEngine> | null = null;
  let current = await stepsWithin(
    firstLimitMs,
    'start',
    (step) => (firstStart = start(step)),
    (step) => {
      console.warn(`huntbench engine: ${startStalledMessage(step, firstLimitMs)}`);
      opts.onStall?.(step, firstLimitMs);
    },
    (step) => new EngineError(startStalledMessage(step, firstLimitMs), START_STALLED),
  ).catch((e) => {
    (firstStart as Promise<BrowserEngine> | null)?.then((late) => late.close()).catch(() => {});
    throw e;
  });
  let generation = 0;
  let replacing: Promise<void> | null = null;
  // set while the current engine is not a finished replacement (being replaced, or its replacement
  // failed or stalled): requests then wait for, or start, a replacement
  let stale = false;
  // the engine already closed (a stalled replacement's): the next replacement does not close it again
  let closed: BrowserEngine | null = null;
  // close() was called: no request runs and no failure starts a replacement any more
  let shut = false;
  const stepLimitMs = opts.stepLimitMs ?? REPLACE_STEP_LIMIT_MS;
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
      stale = true;
      life.retire(Object.assign(new EngineError(replacedNotice, ENGINE_RESTARTED), { restarted: true }));
      life = retirement();
      // the dead engine's worker may be stuck in a loop: terminate without waiting for it
      if (dead !== closed) {
        closed = dead;
        void dead.close().catch(() => {});
      }
      const onStall = (step: string) => {
        console.warn(`huntbench engine: ${stalledMessage(step, stepLimitMs)}`);
        opts.onStall?.(step, stepLimitMs);
      };
      let starting: Promise<BrowserEngine> | null = null;
      const fresh = await stepsWithin(stepLimitMs, 'start', (step) => (starting = start((s) => step(`start: ${s}`))), onStall).catch((e) => {
        // a start that answers after its limit: that engine is closed as soon as it exists
        starting?.then((late) => late.close()).catch(() => {});
        throw e;
      });
      current = fresh;
      generation++;
      try {
        await stepsWithin(stepLimitMs, 'attach', (step) => opts.attach(fresh, (s) => step(`attach: ${s}`)), onStall);
      } catch (e) {
        // an engine that was not attached and locked down is never used
        closed = fresh;
        void fresh.close().catch(() => {});
        throw e;
      }
      stale = false;
      opts.onRecycle?.(notice);
    })().finally(() => {
      replacing = null;
    });
    return replacing;
  };

  const guarded = async <T>(fn: (e: BrowserEngine) => Promise<T>): Promise<T> => {
    if (shut) throw new EngineError('the engine was closed', ENGINE_RESTARTED);
    if (replacing) {
      try {
        await replacing;
      } catch (startError) {
        throw notRestarted('The engine failed and could not be restarted: ', startError);
      }
    }
    if (stale || current.broken) {
      try {
        await replace(stale ? retryNotice : backgroundRestartNotice);
      } catch (startError) {
        throw notRestarted('The engine failed and could not be restarted: ', startError);
      }
    }
    const engine = current;
    const { gone } = life;
    try {
      return await Promise.race([fn(engine), gone]);
    } catch (e) {
      const retired = () => life.gone !== gone;
      // closed (its requests fail: nothing to replace), or ended by the replacement (gone)
      if (shut || (retired() && (e as Error)?.message === replacedNotice)) throw e;
      // an engine fault is fatal without a probe; an engine that another failure replaced
      // meanwhile is not probed either (its errors, whatever they say, cannot be trusted)
      const fault = isEngineFault(e) || isTrap(e);
      const alive =
        !retired() && !fault && !engine.broken && (await probeEngine((sql) => engine.query(sql), opts.probeTimeoutMs)) && !engine.broken;
      if (alive) throw e;
      if (retired()) {
        // another failure replaced it while this one probed: the query still broke the engine, and
        // its error says whether that replacement finished
        try {
          await replacing;
        } catch (startError) {
          throw notRestarted(`${causeOf(e)}; the engine could not be restarted: `, startError);
        }
        throw Object.assign(new EngineError(restartNotice(causeOf(e)), ENGINE_RESTARTED), { restarted: true });
      }
      const cause = causeOf(e);
      try {
        await replace(restartNotice(cause));
      } catch (startError) {
        throw notRestarted(`${cause}; the engine could not be restarted: `, startError);
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
      return stale || current.broken;
    },
    queryLimited: (sql: string, maxRows: number, o?: QueryOptions): Promise<LimitedResult> => guarded((e) => e.queryLimited(sql, maxRows, o)),
    query: (sql: string, o?: QueryOptions) => guarded((e) => e.query(sql, o)),
    loadArrow: (table: string, ipc: Uint8Array) => guarded((e) => e.loadArrow(table, ipc)),
    loadCsv: (table: string, csv: string) => guarded((e) => e.loadCsv(table, csv)),
    attachDatabase: (source: string | Blob, tables: readonly string[]) => guarded((e) => e.attachDatabase(source, tables)),
    lockDown: () => guarded((e) => e.lockDown()),
    close: async () => {
      shut = true;
      if (replacing) await replacing.catch(() => {});
      if (current !== closed) await current.close();
    },
  };
}
