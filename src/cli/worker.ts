/**
 * The CLI's query runner inside a worker thread. The blocking DuckDB-WASM build cannot be
 * interrupted from its own thread, so the CLI runs it here and terminates the whole worker when a
 * query passes its time limit or the engine fails its health probe (see pool.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DatasetError } from './datasets.ts';
import { createLocalRunner, type QueryOutcome, type RunnerOptions, safeCompile } from './runner.ts';

export type ToWorker = { type: 'run'; seq: number; kql: string; now?: string; externalData?: Record<string, string> } | { type: 'probe'; seq: number; sql: string };
export type FromWorker =
  | { type: 'ready' }
  | { type: 'init-error'; message: string; notFound: boolean }
  | { type: 'log'; message: string }
  | { type: 'result'; seq: number; outcome: QueryOutcome }
  | { type: 'probe'; seq: number; value: unknown };

const port = parentPort!;
const post = (m: FromWorker) => port.postMessage(m);

let runner: Awaited<ReturnType<typeof createLocalRunner>>;
try {
  runner = await createLocalRunner(workerData as RunnerOptions, (message) => post({ type: 'log', message }));
  // load the parser now (seconds, cold): a query's time limit is for the query, not the start-up
  safeCompile('print 1', null);
  post({ type: 'ready' });
} catch (e) {
  post({ type: 'init-error', message: (e as Error)?.message ?? String(e), notFound: e instanceof DatasetError && e.notFound });
  process.exit(0);
}

port.on('message', async (m: ToWorker) => {
  if (m.type === 'run') {
    const outcome = await runner.run(m.kql, m.now, m.externalData);
    try {
      post({ type: 'result', seq: m.seq, outcome });
    } catch (e) {
      // a result that cannot cross to the main thread is an error of this query alone
      const message = `the result cannot be passed on: ${(e as Error)?.message ?? e}`;
      post({ type: 'result', seq: m.seq, outcome: { ok: false, error: { code: 'HB906', message, line: 1, column: 1 } } });
    }
  } else if (m.type === 'probe') {
    // the answer, or an error object the parent reads as "not alive"
    let value: unknown;
    try {
      const t = await runner.engine.query(m.sql);
      value = Object.values(t.get(0)?.toJSON() ?? {})[0];
    } catch (e) {
      value = { error: (e as Error)?.message ?? String(e) };
    }
    post({ type: 'probe', seq: m.seq, value });
  }
});
