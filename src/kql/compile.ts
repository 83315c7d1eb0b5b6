import { namesLegacyColumn } from '../catalog/legacy.ts';
import { namesHiddenColumn, withLogAnalyticsColumns } from '../catalog/log-analytics.ts';
import { namedJsonTextColumn, withDefenderJsonText } from '../catalog/json-text.ts';
import type { Catalog } from '../catalog/types.ts';
import type { CompileOptions, CompileResult } from './api.ts';
import { kqlToIr, LowerError } from './lower/index.ts';
import { DropFuzzySources, MissingWatchlist } from './lower/context.ts';
import { MissingExternalData, missingExternalDataUrls } from './lower/operators/externaldata.ts';
import { hostAnswersKey, NeedsProbe } from './lower/probe.ts';
import { answerProbe } from './host/index.ts';
import { makeDiagnostic, parseKql, type SNode } from './parse/index.ts';
import { normaliseDatetime } from './lower/values.ts';
import { defaultHuntWindow, type HuntWindow, mentionsPlaceholder } from './hunt-window.ts';
import { fillPlaceholders } from './lower/placeholders.ts';
import { SqlEmitter } from './sql/emit.ts';

/** Queries longer than this are refused before parsing (a clear error, not a hang). */
export const MAX_QUERY_LENGTH = 2_000_000;

/** compile = irToSql ∘ kqlToIr ∘ parseKql. Never throws: failures are coded diagnostics. */
export function compile(kql: string, opts: CompileOptions): CompileResult {
  const r = compileOnce(kql, opts);
  if (!('dropFuzzy' in r)) return r;
  // union isfuzzy=true left out missing sources: analyze the query again without them (their
  // text blanked, positions unchanged), and say which were left out.
  const d = r.dropFuzzy;
  const again = compile(d.text, opts);
  const note = makeDiagnostic(kql, 'HB141', `union isfuzzy=true left out ${d.names.map((x) => `'${x}'`).join(', ')}: no such table or function in this dataset`, d.node.s, d.node.e, 'warning');
  return { ...again, diagnostics: [note, ...again.diagnostics] };
}

function compileOnce(kql: string, opts: CompileOptions): CompileResult | { dropFuzzy: DropFuzzySources } {
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
  const win = mentionsPlaceholder(kql) ? huntWindow(opts.huntWindow, nowNorm) : null;
  if (win && 'bad' in win) return fail(kql, 'HB007', win.bad, 0, 0);
  // Advanced-hunting tables also answer to their Sentinel (Log Analytics) column names; Sentinel
  // tables to their hidden standard columns, and the email tables to their retired verdict columns,
  // when the query names one (catalog/log-analytics.ts, catalog/legacy.ts).
  const catalog = opts.catalog ? withLogAnalyticsColumns(opts.catalog, namesHiddenColumn(kql), namesLegacyColumn(kql)) : null;
  const first = compileWith(kql, opts, catalog, nowNorm, win);
  if ('dropFuzzy' in first || first.ok || first.probe || !catalog) return first;
  // A query that is an error with Sentinel's typing of the JSON columns (dynamic) is read with
  // Defender's (string JSON text) when it names one and compiles there (catalog/json-text.ts).
  const named = namedJsonTextColumn(kql, catalog);
  const defender = named && withDefenderJsonText(catalog);
  if (!named || !defender) return first;
  const second = compileWith(kql, opts, defender, nowNorm, win);
  if ('dropFuzzy' in second || !(second.ok || second.probe)) return first;
  const note = makeDiagnostic(
    kql,
    'HB144',
    `read as in Defender advanced hunting, where ${named.name} is string (JSON text); this dataset types it dynamic, as Microsoft Sentinel does, and the query is an error that way`,
    named.at,
    named.at + named.name.length,
    'info',
  );
  return { ...second, diagnostics: [note, ...second.diagnostics] };
}

function compileWith(
  kql: string,
  opts: CompileOptions,
  catalog: Catalog | null,
  nowNorm: string,
  win: HuntWindow | null,
): CompileResult | { dropFuzzy: DropFuzzySources } {
  let parsed: ReturnType<typeof parseKql>;
  try {
    parsed = parseKql(kql, catalog);
  } catch (e) {
    return fail(kql, 'HB005', `the parser failed: ${(e as Error).message}`, 0, kql.length);
  }
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) return { ok: false, diagnostics: parsed.diagnostics };
  try {
    const probes = { values: opts.probeValues ?? {}, key: probeSql };
    // Sentinel's {{StartTimeISO}} / {{EndTimeISO}} in string literals, filled in the tree (spans kept)
    const tree = win ? fillPlaceholders(parsed.tree, win) : parsed.tree;
    const { rel, render, ctx, stages: pipeline } = kqlToIr(tree, kql, catalog, nowNorm, opts.externalData, probes);
    const emitter = new SqlEmitter();
    const { sql } = emitter.statement(rel);
    const stages = pipeline.map((s) => ({ label: s.label, start: s.start, end: s.end, sql: emitter.cteSqlFor(s.rel) }));
    for (const p of ctx.probesUsed) {
      const at = stages.findIndex((s) => s.start <= p.start && p.start < s.end);
      stages.splice(Math.max(at, 0), 0, { label: p.label, start: p.start, end: p.end, sql: p.key });
    }
    const columns = rel.cols.map((c) => ({ name: c.name, type: c.ty.kql, shape: c.ty.shape }));
    return { ok: true, diagnostics: [...parsed.diagnostics, ...ctx.diagnostics], sql, columns, render, stages };
  } catch (e) {
    if (e instanceof DropFuzzySources && e.text !== kql) return { dropFuzzy: e };
    if (e instanceof NeedsProbe) {
      const key = probeSql(e.probe);
      const d = makeDiagnostic(kql, e.code, e.message, e.node?.s ?? 0, e.node?.e ?? 0);
      // One more row than the limit is enough to refuse too many values.
      const sql = `SELECT * FROM (\n${key}\n) AS hb_probe LIMIT ${e.limit + 1}`;
      const host = e.host ? { host: { fn: e.host, key: hostAnswersKey(e.host, key) } } : {};
      return { ok: false, diagnostics: [...parsed.diagnostics, d], probe: { key, sql, label: e.label, ...host } };
    }
    if (e instanceof LowerError) {
      // HB140 names the URLs of the query's other externaldata operators too, not only this one's
      const le = e instanceof MissingExternalData ? withEveryMissingUrl(e, parsed.tree, opts.externalData ?? {}) : e;
      const s = le.node?.s ?? 0;
      const missing = le instanceof MissingExternalData ? { missingExternalData: le.urls } : le instanceof MissingWatchlist ? { missingWatchlist: le.alias } : {};
      return { ok: false, diagnostics: [...parsed.diagnostics, makeDiagnostic(kql, le.code, le.message, s, le.node?.e ?? s)], ...missing };
    }
    const err = e as Error;
    if (err instanceof RangeError) return fail(kql, 'HB006', 'the query is nested too deeply', 0, kql.length);
    return fail(kql, 'HB099', `internal compiler error: ${err.message}`, 0, kql.length);
  }
}

function withEveryMissingUrl(e: MissingExternalData, tree: SNode, copies: Readonly<Record<string, string>>): MissingExternalData {
  const all = missingExternalDataUrls(tree, copies);
  return all.length > e.urls.length ? new MissingExternalData(all, e.node) : e;
}

/**
 * The hunt window as ISO-8601 UTC text (`2024-05-16T00:30:00Z`, fractional seconds kept): the
 * caller's, else the 30 days before now (`nowNorm`: normaliseDatetime's form).
 */
function huntWindow(given: CompileOptions['huntWindow'], nowNorm: string): HuntWindow | { bad: string } {
  const iso = (norm: string) => `${norm.replace(' ', 'T')}Z`;
  if (!given) return defaultHuntWindow(iso(nowNorm)) ?? { bad: `the pinned now is not a datetime: ${nowNorm}` };
  const from = normaliseDatetime(given.from);
  const to = normaliseDatetime(given.to);
  if (!from || !to) return { bad: `the hunt's time range is not a pair of datetimes: ${JSON.stringify(given).slice(0, 80)}` };
  if (from > to) return { bad: `the hunt's time range starts after it ends: ${iso(from)} .. ${iso(to)}` };
  return { from: iso(from), to: iso(to) };
}

/** A probe relation's SQL: what its caller runs, and the key of its answer. */
function probeSql(rel: Parameters<SqlEmitter['statement']>[0]): string {
  return new SqlEmitter().statement(rel).sql;
}

/**
 * compile, with the first passes some queries need (evaluate pivot, host functions): while the
 * compile asks for a probe, `probe(sql)` runs it on the caller's engine (first column as text), a
 * host function's answers are computed (`answerProbe`), and the query is compiled again with them.
 * Callers without an engine use `compile` and get HB133.
 */
export async function compileWithProbes(
  kql: string,
  opts: CompileOptions,
  probe: (sql: string) => Promise<(string | null)[]>,
  compileFn: (kql: string, opts: CompileOptions) => CompileResult | Promise<CompileResult> = compile,
): Promise<CompileResult> {
  const values: Record<string, (string | null)[]> = { ...(opts.probeValues ?? {}) };
  for (let pass = 0; ; pass++) {
    const res = await compileFn(kql, { ...opts, probeValues: values });
    if (res.ok || !res.probe || pass >= MAX_PROBES) return res;
    Object.assign(values, await answerProbe(res.probe, probe, values));
  }
}

/** First passes allowed for one query (each pivot needs one). */
const MAX_PROBES = 16;

function fail(kql: string, code: string, message: string, start: number, end: number): CompileResult {
  return { ok: false, diagnostics: [makeDiagnostic(kql, code, message, start, end)] };
}
