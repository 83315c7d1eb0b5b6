/**
 * A QueryRunner backed by a worker thread, with a per-query time limit and engine fault isolation.
 * A query that runs too long costs only that query: the worker is terminated. A query the engine
 * fails is followed by a health probe (src/engine/recycle.ts); an engine that fails the probe is
 * terminated too, and so is one whose failure was an engine fault (recycle.ts `isEngineFault`: an
 * error from below DuckDB's SQL layer, after which the probe may still answer on corrupt memory). Either way a fresh worker, with the dataset loaded again, serves the next query,
 * and the log gets one line saying so.
 */
import { Worker } from 'node:worker_threads';
import { PROBE_TIMEOUT_MS, probeEngine } from '../engine/recycle.ts';
import { DatasetError } from './datasets.ts';
import { CLI_CODES, errorAt, type QueryOutcome, type QueryRunner, type RunnerOptions } from './runner.ts';
import type { FromWorker, ToWorker } from './worker.ts';

export const DEFAULT_TIMEOUT_MS = 60_000;
const INIT_TIMEOUT_MS = 180_000;

export interface WorkerRunnerOptions extends RunnerOptions {
  timeoutMs?: number;
  log?: (msg: string) => void;
  probeTimeoutMs?: number;
}

export interface WorkerRunner extends QueryRunner {
  /**
   * `limitMs` overrides the runner's time limit for this query; `now` pins now()/ago();
   * `externalData` adds local copies of externaldata URLs for this query (a pack's attachments).
   */
  run(kql: string, now?: string, limitMs?: number, externalData?: Record<string, string>): Promise<QueryOutcome>;
  /** How many engines were started (1 + replacements). */
  readonly starts: number;
}

type Reply = FromWorker | { type: 'gone'; why: string };

export async function createWorkerRunner(opts: WorkerRunnerOptions): Promise<WorkerRunner> {
  const { timeoutMs = DEFAULT_TIMEOUT_MS, log = () => {}, probeTimeoutMs = PROBE_TIMEOUT_MS, ...runnerOpts } = opts;
  let worker: Worker | null = null;
  let pending: ((m: Reply) => void) | null = null;
  let seq = 0;
  let starts = 0;

  const start = () =>
    new Promise<void>((resolve, reject) => {
      starts++;
      // Whatever the worker prints (a stray console.log in a library) must not end up among the
      // JSON results on stdout: both of its streams go to our stderr.
      const w = new Worker(new URL('./worker-entry.mjs', import.meta.url), { workerData: runnerOpts, stdout: true, stderr: true });
      w.stdout.on('data', (b: Buffer) => process.stderr.write(b));
      w.stderr.on('data', (b: Buffer) => process.stderr.write(b));
      let ready = false;
      const timer = setTimeout(() => {
        void w.terminate();
        reject(new DatasetError(`engine did not start within ${INIT_TIMEOUT_MS} ms`));
      }, INIT_TIMEOUT_MS);
      w.on('message', (m: FromWorker) => {
        if (m.type === 'log') return log(m.message);
        if (!ready) {
          clearTimeout(timer);
          if (m.type === 'ready') {
            ready = true;
            worker = w;
            resolve();
          } else if (m.type === 'init-error') reject(new DatasetError(m.message, m.notFound));
          return;
        }
        if (worker === w) pending?.(m);
      });
      const gone = (why: string) => {
        const current = worker === w;
        if (current) worker = null;
        if (!ready) {
          clearTimeout(timer);
          reject(new DatasetError(`engine failed to start: ${why}`));
        } else if (current) pending?.({ type: 'gone', why });
      };
      w.on('error', (e) => gone(e?.message ?? String(e)));
      w.on('exit', (code) => gone(`worker exited (${code})`));
    });

  await start();

  const kill = async () => {
    const w = worker;
    worker = null;
    pending = null;
    if (w) await w.terminate().catch(() => {});
  };

  /** Sends one message and waits for its reply (or the worker's end) up to `limitMs`; null when late. */
  const ask = (msg: ToWorker, limitMs: number): Promise<Reply | null> =>
    new Promise((resolve) => {
      const w = worker;
      if (!w) return resolve({ type: 'gone', why: 'no engine' });
      const timer = setTimeout(() => {
        pending = null;
        resolve(null);
      }, limitMs);
      pending = (m) => {
        if ((m.type === 'result' || m.type === 'probe') && m.seq !== msg.seq) return;
        clearTimeout(timer);
        pending = null;
        resolve(m);
      };
      w.postMessage(msg);
    });

  const restartNote = (why: string) => log(`huntbench: the engine failed (${why}); the next query runs on a fresh engine with the data re-attached`);

  return {
    get starts() {
      return starts;
    },
    async run(kql: string, now?: string, limitMs: number = timeoutMs, externalData?: Record<string, string>): Promise<QueryOutcome> {
      if (!worker) {
        try {
          await start();
        } catch (e) {
          return { ok: false, error: errorAt(CLI_CODES.dataset, `engine restart failed: ${(e as Error).message}`) };
        }
      }
      const reply = await ask({ type: 'run', seq: ++seq, kql, now, ...(externalData && { externalData }) }, limitMs);
      if (reply === null) {
        await kill();
        restartNote(`query timed out after ${limitMs} ms`);
        return { ok: false, error: errorAt(CLI_CODES.timeout, `query timed out after ${limitMs} ms`) };
      }
      if (reply.type === 'gone') {
        await kill();
        restartNote(reply.why);
        return { ok: false, error: errorAt(CLI_CODES.crashed, `engine crashed: ${reply.why}`) };
      }
      if (reply.type !== 'result') return { ok: false, error: errorAt(CLI_CODES.internal, `unexpected reply ${reply.type}`) };
      const outcome = reply.outcome;
      if (!outcome.ok && outcome.engineFault) {
        // DuckDB-WASM's memory may be corrupt although the probe still answers (as in the browser)
        await kill();
        restartNote(outcome.error.message);
      } else if (!outcome.ok && outcome.engineFailed) {
        const alive = await probeEngine(async (sql) => {
          const r = await ask({ type: 'probe', seq: ++seq, sql }, probeTimeoutMs + 1_000);
          if (r?.type !== 'probe') throw new Error('no answer');
          return r.value;
        }, probeTimeoutMs);
        if (!alive) {
          await kill();
          restartNote(outcome.error.message);
        }
      }
      return outcome;
    },
    close: kill,
  };
}
