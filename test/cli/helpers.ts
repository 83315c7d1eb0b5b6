import { afterAll, beforeAll } from 'vitest';
import { createLocalRunner, type QueryOutcome, type QueryRunner, type RunnerOptions } from '../../src/cli/runner.ts';
import type { KustoResult } from '../../src/engine/values.ts';
import { compile } from '../../src/kql/index.ts';

/** True while src/kql is still the placeholder that rejects every query. */
export const compilerIsStub = (() => {
  try {
    const r = compile('print 1', { catalog: null });
    return !r.ok && r.diagnostics.some((d) => /not built yet/.test(d.message));
  } catch {
    return false;
  }
})();

/** A query's result; a query error is thrown with its code and position. */
export function resultOf(o: QueryOutcome): KustoResult {
  if (!o.ok) throw new Error(`${o.error.code} at ${o.error.line}:${o.error.column}: ${o.error.message}`);
  return o.result;
}

/**
 * One in-process runner shared by the tests of a file or describe block: created before them,
 * closed after. `run` gives the result and throws a query error with its code and position;
 * `outcome` gives the raw outcome, for tests that expect an error.
 */
export function useRunner(options: () => RunnerOptions): { run(kql: string): Promise<KustoResult>; outcome(kql: string): Promise<QueryOutcome> } {
  let runner: QueryRunner | undefined;
  beforeAll(async () => {
    runner = await createLocalRunner(options());
  });
  afterAll(async () => {
    await runner?.close();
  });
  const outcome = (kql: string): Promise<QueryOutcome> => {
    if (!runner) throw new Error('useRunner: the runner is not started (call it at describe/file level)');
    return runner.run(kql);
  };
  return {
    outcome,
    run: async (kql) => resultOf(await outcome(kql)),
  };
}
