/**
 * A QueryRunner backed by a worker thread, with a per-query time limit. A query that runs too
 * long (or crashes the engine) costs only that query: the worker is terminated and a fresh one,
 * with the dataset loaded again, serves the next query.
 */
import { Worker } from 'node:worker_threads';
import { DatasetError } from './datasets.ts';
import { CLI_CODES, errorAt, type QueryOutcome, type QueryRunner, type RunnerOptions } from './runner.ts';
import type { FromWorker } from './worker.ts';

export const DEFAULT_TIMEOUT_MS = 60_000;
const INIT_TIMEOUT_MS = 180_000;

export interface WorkerRunnerOptions extends RunnerOptions {
  timeoutMs?: number;
  log?: (msg: string) => void;
}

export async function createWorkerRunner(opts: WorkerRunnerOptions): Promise<QueryRunner & { run(kql: string, limitMs?: number): Promise<QueryOutcome> }> {
  const { timeoutMs = DEFAULT_TIMEOUT_MS, log = () => {}, ...runnerOpts } = opts;
  let worker: Worker | null = null;
  let pending: ((m: FromWorker | { type: 'gone'; why: string }) => void) | null = null;
  let seq = 0;

  const start = () =>
    new Promise<void>((resolve, reject) => {
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
    if (w) await w.terminate().catch(() => {});
  };

  return {
    /** `limitMs` overrides the runner's time limit for this query. */
    async run(kql: string, limitMs: number = timeoutMs): Promise<QueryOutcome> {
      if (!worker) {
        try {
          await start();
        } catch (e) {
          return { ok: false, error: errorAt(CLI_CODES.dataset, `engine restart failed: ${(e as Error).message}`) };
        }
      }
      const w = worker!;
      const id = ++seq;
      return new Promise<QueryOutcome>((resolve) => {
        const timer = setTimeout(() => {
          pending = null;
          void kill();
          resolve({ ok: false, error: errorAt(CLI_CODES.timeout, `query timed out after ${limitMs} ms`) });
        }, limitMs);
        pending = (m) => {
          if (m.type === 'result' && m.seq !== id) return;
          clearTimeout(timer);
          pending = null;
          if (m.type === 'result') {
            if (m.poisoned) void kill();
            resolve(m.outcome);
          } else if (m.type === 'gone') {
            void kill();
            resolve({ ok: false, error: errorAt(CLI_CODES.crashed, `engine crashed: ${m.why}`) });
          }
        };
        w.postMessage({ type: 'run', seq: id, kql });
      });
    },
    close: kill,
  };
}
