import { afterAll, beforeAll, expect } from 'vitest';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import { firstColumnText, type JsonValue, type KustoResult, tableToKusto } from '../../src/engine/values.ts';
import { type Catalog, type CompileResult, compile, compileWithProbes } from '../../src/kql/index.ts';

/** Pinned now() for every test. */
export const NOW = '2024-01-15T12:00:00Z';

/** The first diagnostic of a query that must not compile (no catalog, the pinned now). */
export function refused(kql: string) {
  const r = compile(kql, { catalog: null, now: NOW });
  expect(r.ok).toBe(false);
  return r.diagnostics[0];
}

/** The codes of a query's error diagnostics (no catalog, the pinned now), in order. */
export const errorCodes = (kql: string): string[] =>
  compile(kql, { catalog: null, now: NOW })
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => d.code);

/** Compiles and runs a query; throws with the diagnostics when it does not compile. */
export async function runKql(engine: Engine, kql: string, catalog: Catalog | null = null): Promise<JsonValue[][]> {
  const r = compile(kql, { catalog, now: NOW });
  if (!r.ok || r.sql === undefined || !r.columns) {
    throw new Error(`compile failed: ${r.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')}`);
  }
  const table = await engine.query(r.sql);
  return tableToKusto(table, r.columns).rows;
}

/** The rows of a query, or the code of its error when it is refused (HB…/KS…, else the message). */
export async function rowsOrCode(engine: Engine, kql: string): Promise<unknown> {
  try {
    return await runKql(engine, kql);
  } catch (e) {
    return (e as { code?: string }).code ?? /\b(?:HB|KS)\d+\b/.exec(String(e))?.[0] ?? String(e);
  }
}

/**
 * One engine for a test file's cases (opened before them, closed after them), and `answer`: a
 * query's rows, or its error's code (rowsOrCode).
 */
export function useAnswer(): (kql: string) => Promise<unknown> {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createNodeEngine();
  });
  afterAll(() => engine.close());
  return (kql: string) => rowsOrCode(engine, kql);
}

/** Compiles through the first passes (pivot, bag_unpack, host functions), each answered by `engine`. */
export function compilePasses(engine: Engine, kql: string, catalog: Catalog | null = null): Promise<CompileResult> {
  return compileWithProbes(kql, { catalog, now: NOW }, async (sql) => firstColumnText(await engine.query(sql)));
}

/** compilePasses, then runs the query; throws with the diagnostics when it does not compile. */
export async function runKqlPasses(engine: Engine, kql: string, catalog: Catalog | null = null): Promise<KustoResult> {
  const r = await compilePasses(engine, kql, catalog);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.message}`).join('; '));
  return tableToKusto(await engine.query(r.sql!), r.columns!);
}
