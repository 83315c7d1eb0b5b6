/**
 * Compiling with a time limit: the compiler runs in a worker thread that is terminated when the
 * limit passes, so `huntbench compile` answers HB902 instead of spinning (or overflowing the stack
 * after minutes) on a pathological text.
 */
import { Worker } from 'node:worker_threads';
import type { Catalog } from '../catalog/types.ts';
import type { CompileResult } from '../kql/index.ts';
import { CLI_CODES, errorAt, type QueryError } from './runner.ts';

export function compileWithLimit(
  kql: string,
  catalog: Catalog | null,
  now: string | undefined,
  limitMs: number,
  externalData?: Record<string, string>,
  huntWindow?: { from: string; to: string },
): Promise<CompileResult | QueryError> {
  return new Promise((resolve) => {
    const w = new Worker(new URL('./worker-entry.mjs', import.meta.url), {
      workerData: { compileOnly: true, kql, catalog, now, externalData, huntWindow },
      stdout: true,
      stderr: true,
    });
    w.stdout.on('data', (b: Buffer) => process.stderr.write(b));
    w.stderr.on('data', (b: Buffer) => process.stderr.write(b));
    let done = false;
    const finish = (r: CompileResult | QueryError) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      void w.terminate();
      resolve(r);
    };
    const timer = setTimeout(() => finish(errorAt(CLI_CODES.timeout, `compilation stopped after the ${limitMs} ms time limit`)), limitMs);
    w.on('message', (m: CompileResult | QueryError) => finish(m));
    w.on('error', (e) => finish(errorAt(CLI_CODES.internal, `internal compiler error: ${e?.message ?? e}`)));
    w.on('exit', (code) => finish(errorAt(CLI_CODES.internal, `the compiler stopped without an answer (exit ${code})`)));
  });
}
