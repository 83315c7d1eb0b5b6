import { withLogAnalyticsColumns } from '../catalog/log-analytics.ts';
import type { CompileOptions, CompileResult } from './api.ts';
import { kqlToIr, LowerError } from './lower/index.ts';
import { MissingExternalData } from './lower/operators/externaldata.ts';
import { makeDiagnostic, parseKql } from './parse/index.ts';
import { normaliseDatetime } from './lower/values.ts';
import { SqlEmitter } from './sql/emit.ts';

/** Queries longer than this are refused before parsing (a clear error, not a hang). */
export const MAX_QUERY_LENGTH = 2_000_000;

/** compile = irToSql ∘ kqlToIr ∘ parseKql. Never throws: failures are coded diagnostics. */
export function compile(kql: string, opts: CompileOptions): CompileResult {
  if (kql.length > MAX_QUERY_LENGTH) {
    return fail(kql, 'HB003', `query is too long (${kql.length} characters; the limit is ${MAX_QUERY_LENGTH})`, 0, 0);
  }
  if (kql.includes('\0')) {
    const at = kql.indexOf('\0');
    return fail(kql, 'HB004', 'query contains a NUL character', at, at + 1);
  }
  const now = opts.now ?? opts.catalog?.now ?? new Date().toISOString();
  const nowNorm = normaliseDatetime(now);
  if (!nowNorm) return fail(kql, 'HB007', `the pinned now is not a datetime: ${JSON.stringify(now).slice(0, 60)}`, 0, 0);
  // Advanced-hunting tables also answer to their Sentinel (Log Analytics) column names.
  const catalog = opts.catalog ? withLogAnalyticsColumns(opts.catalog) : null;
  let parsed: ReturnType<typeof parseKql>;
  try {
    parsed = parseKql(kql, catalog);
  } catch (e) {
    return fail(kql, 'HB005', `the parser failed: ${(e as Error).message}`, 0, kql.length);
  }
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) return { ok: false, diagnostics: parsed.diagnostics };
  try {
    const { rel, render, ctx, stages: pipeline } = kqlToIr(parsed.tree, kql, catalog, nowNorm, opts.externalData);
    const emitter = new SqlEmitter();
    const { sql } = emitter.statement(rel);
    const stages = pipeline.map((s) => ({ label: s.label, start: s.start, end: s.end, sql: emitter.cteSqlFor(s.rel) }));
    const columns = rel.cols.map((c) => ({ name: c.name, type: c.ty.kql, shape: c.ty.shape }));
    return { ok: true, diagnostics: [...parsed.diagnostics, ...ctx.diagnostics], sql, columns, render, stages };
  } catch (e) {
    if (e instanceof LowerError) {
      const s = e.node?.s ?? 0;
      const missing = e instanceof MissingExternalData ? { missingExternalData: e.urls } : {};
      return { ok: false, diagnostics: [...parsed.diagnostics, makeDiagnostic(kql, e.code, e.message, s, e.node?.e ?? s)], ...missing };
    }
    const err = e as Error;
    if (err instanceof RangeError) return fail(kql, 'HB006', 'the query is nested too deeply', 0, kql.length);
    return fail(kql, 'HB099', `internal compiler error: ${err.message}`, 0, kql.length);
  }
}

function fail(kql: string, code: string, message: string, start: number, end: number): CompileResult {
  return { ok: false, diagnostics: [makeDiagnostic(kql, code, message, start, end)] };
}
