/**
 * The CLI's query runner inside a worker thread. The blocking DuckDB-WASM build cannot be
 * interrupted from its own thread, so the CLI runs it here and terminates the whole worker when a
 * query passes its time limit (see pool.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DatasetError } from './datasets.ts';
import { createLocalRunner, type QueryRunner, type RunnerOptions } from './runner.ts';

export type ToWorker = { type: 'run'; seq: number; kql: string };
export type FromWorker =
  | { type: 'ready' }
  | { type: 'init-error'; message: string; notFound: boolean }
  | { type: 'log'; message: string }
  | { type: 'result'; seq: number; outcome: import('./runner.ts').QueryOutcome; poisoned: boolean };

const port = parentPort!;
const post = (m: FromWorker) => port.postMessage(m);

/** A trap inside the WebAssembly module leaves DuckDB in an unknown state: ask for a fresh worker. */
const POISON_RE = /RuntimeError|unreachable|memory access out of bounds|Aborted\(|out of memory/i;

let runner: QueryRunner;
try {
  runner = await createLocalRunner(workerData as RunnerOptions, (message) => post({ type: 'log', message }));
  post({ type: 'ready' });
} catch (e) {
  post({ type: 'init-error', message: (e as Error)?.message ?? String(e), notFound: e instanceof DatasetError && e.notFound });
  process.exit(0);
}

port.on('message', async (m: ToWorker) => {
  if (m.type !== 'run') return;
  const outcome = await runner.run(m.kql);
  const poisoned = !outcome.ok && POISON_RE.test(outcome.error.message);
  post({ type: 'result', seq: m.seq, outcome, poisoned });
});
