/**
 * Editor services (completion, hover, formatting, parser diagnostics) from the official
 * `Kusto.Language.Editor.KustoCodeService`, converted to plain objects here so nothing outside this
 * file sees a Bridge.NET type. Shares the Kusto scripts loaded by `parse/kusto.ts` with the compiler.
 */
import type { Catalog, Diagnostic, KqlType } from './api.ts';
import { withLogAnalyticsColumns } from '../catalog/log-analytics.ts';
import { Kusto } from './parse/kusto.ts';
import type { CompletionEntry, CompletionKind, CompletionList } from './worker-protocol.ts';
import { kqlString } from './quote.ts';
import { huntingFunctionSymbols, WATCHLIST_DB } from './parse/hunting-symbols.ts';

const kustoTypeNames: Record<KqlType, string> = {
  bool: 'bool',
  datetime: 'datetime',
  decimal: 'decimal',
  dynamic: 'dynamic',
  guid: 'guid',
  int: 'int',
  long: 'long',
  real: 'real',
  string: 'string',
  timespan: 'timespan',
};

const kindMap: Record<number, CompletionKind> = {
  1: 'keyword',
  3: 'keyword',
  6: 'function',
  7: 'operator',
  8: 'operator',
  9: 'operator',
  11: 'keyword',
  12: 'render',
  13: 'column',
  14: 'table',
  15: 'function',
  16: 'function',
  17: 'function',
  18: 'aggregate',
  19: 'variable',
  20: 'variable',
  26: 'type',
};

let globals: any = null;
let currentCatalog: Catalog | null = null;
/** The catalog given last, its symbols not built yet. */
let pending: { catalog: Catalog | null } | null = null;

/**
 * Sets the catalog the editor services use. Its symbols (~0.4 s of CPU for the lab's 71 tables)
 * are built on the first editor request, not here: at start-up the first query's compile (the
 * compiler has symbols of its own, kql/parse) should not wait for them, nor share the CPU with them.
 */
export function setEditorCatalog(catalog: Catalog | null): void {
  pending = { catalog };
}

/** Builds the pending catalog's symbols, if any. */
function editorCatalog(): Catalog | null {
  if (pending) {
    buildEditorCatalog(pending.catalog);
    pending = null;
  }
  return currentCatalog;
}

/** Builds the schema symbols (with column descriptions, so hover can show them). */
function buildEditorCatalog(catalog: Catalog | null): void {
  // Sentinel's column names of the advanced-hunting tables complete too (listed after the others).
  // The hidden standard columns of the Sentinel tables too, so that a query naming one is not
  // marked unknown (the compiler adds them for such a query).
  if (catalog) catalog = withLogAnalyticsColumns(catalog, true);
  currentCatalog = catalog;
  const S = Kusto.Language.Symbols;
  if (!catalog) {
    globals = Kusto.Language.GlobalState.Default;
    return;
  }
  const symbolsOf = (t: Catalog['tables'][number]) =>
    t.columns.map((c) => new S.ColumnSymbol(c.name, S.ScalarTypes.GetSymbol(kustoTypeNames[c.type] ?? 'string'), c.description ?? null));
  const tables = catalog.tables.filter((t) => !t.watchlist).map((t) => new S.TableSymbol.$ctor6(t.name, symbolsOf(t), t.description ?? null));
  // as the compiler's analyzer has them (parse/index.ts): FileProfile() and _GetWatchlist() with the
  // watchlists in a database of their own, named by alias, so that the editor knows them too
  const db = new S.DatabaseSymbol.ctor(catalog.dataset || 'db', [...tables, ...huntingFunctionSymbols(catalog)]);
  const lists = catalog.tables.filter((t) => t.watchlist).map((t) => new S.TableSymbol.$ctor6(t.watchlist!.alias, symbolsOf(t), t.description ?? null));
  const dbs = lists.length ? [db, new S.DatabaseSymbol.ctor(WATCHLIST_DB, lists)] : [db];
  globals = Kusto.Language.GlobalState.Default.WithCluster(new S.ClusterSymbol.ctor('huntbench', dbs)).WithDatabase(db);
}

function service(kql: string): any {
  editorCatalog();
  if (!globals) buildEditorCatalog(null);
  return new Kusto.Language.Editor.KustoCodeService.$ctor1(kql, globals);
}

function list<T>(bridgeList: any): T[] {
  const out: T[] = [];
  if (!bridgeList) return out;
  for (let i = 0; i < bridgeList.Count; i++) out.push(bridgeList.getItem(i));
  return out;
}


/**
 * ActionType values from the catalog: the Kusto service cannot know them. Offered right after
 * `ActionType ==` / `!=` / `=~` / `in (` / `has` … in a table that has ActionType counts.
 */
function actionTypeCompletions(kql: string, offset: number): CompletionList | null {
  const before = kql.slice(0, offset);
  const m = /\bActionType\s*(?:==|!=|=~|!~|has|contains|startswith|in~?\s*\((?:\s*"[^"]*"\s*,)*)\s*("?)([A-Za-z0-9_]*)$/.exec(before);
  const cat = editorCatalog();
  if (!m || !cat) return null;
  const typed = m[2];
  const quote = m[1];
  const counts = new Map<string, number>();
  // tables mentioned in the query first; all tables' values otherwise
  const mentioned = cat.tables.filter((t) => t.actionTypes && new RegExp(`\\b${t.name}\\b`).test(kql));
  for (const t of mentioned.length ? mentioned : cat.tables) {
    for (const [v, n] of Object.entries(t.actionTypes ?? {})) counts.set(v, (counts.get(v) ?? 0) + n);
  }
  if (!counts.size) return null;
  const after = kql.slice(offset);
  const closing = quote && after.startsWith('"') ? 1 : 0;
  const items: CompletionEntry[] = [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([v, n], i) => ({
      label: v,
      kind: 'value' as const,
      insert: kqlString(v),
      sort: String(i).padStart(5, '0'),
      detail: `ActionType · ${n.toLocaleString()} rows`,
    }));
  return { editStart: offset - typed.length - quote.length, editLength: typed.length + quote.length + closing, items };
}

/** The aliases of the loaded watchlists, right after `_GetWatchlist(` (with or without the opening quote). */
function watchlistCompletions(kql: string, offset: number): CompletionList | null {
  const m = /\b_GetWatchlist\s*\(\s*(['"]?)([A-Za-z0-9_-]*)$/.exec(kql.slice(0, offset));
  const cat = editorCatalog();
  if (!m || !cat) return null;
  const lists = cat.tables.filter((t) => t.watchlist);
  if (!lists.length) return null;
  const [, quote, typed] = m;
  const closing = quote && kql.slice(offset).startsWith(quote) ? 1 : 0;
  const items: CompletionEntry[] = lists.map((t, i) => ({
    label: t.watchlist!.alias,
    kind: 'value' as const,
    insert: `'${t.watchlist!.alias}'`,
    sort: String(i).padStart(5, '0'),
    detail: `watchlist · SearchKey ${t.watchlist!.searchKey}${t.rowCount !== undefined ? ` · ${t.rowCount.toLocaleString()} items` : ''}`,
  }));
  return { editStart: offset - typed.length - quote.length, editLength: typed.length + quote.length + closing, items };
}

export function completions(kql: string, offset: number): CompletionList {
  const values = actionTypeCompletions(kql, offset) ?? watchlistCompletions(kql, offset);
  if (values) return values;
  const info = service(kql).GetCompletionItems(offset);
  if (!info) return { editStart: offset, editLength: 0, items: [] };
  const sentinelOnly = logAnalyticsOnly(kql);
  const items = list<any>(info.Items).map((it, i): CompletionEntry => {
    let before: string = it.BeforeText ?? it.EditText ?? it.DisplayText ?? '';
    const after: string = it.AfterText ?? '';
    const label: string = it.DisplayText ?? before;
    const kind = kindMap[it.Kind] ?? 'other';
    // The service completes a table as `Name\n| `: accepting a name must insert the name only
    // (a fully typed name + Enter is a newline, not a new pipe the user did not ask for).
    if (kind === 'table') before = before.replace(/\s*\|\s*$/, '');
    const la = kind === 'column' && sentinelOnly.has(label);
    return {
      label,
      kind,
      insert: after ? `${before}$0${after}` : before,
      // Log Analytics columns of Defender tables go last, marked, so Defender users are not misled.
      sort: `${la ? 1 : 0}${String(i).padStart(5, '0')}`,
      ...(la ? { detail: 'Sentinel / Log Analytics column' } : {}),
    };
  });
  return { editStart: info.EditStart, editLength: info.EditLength, items };
}

/** Column names that are computed Log Analytics (or retired) columns in every table the query mentions: listed last. */
function logAnalyticsOnly(kql: string): Set<string> {
  const out = new Set<string>();
  const cat = editorCatalog();
  if (!cat) return out;
  const mentioned = cat.tables.filter((t) => new RegExp(`\\b${t.name}\\b`).test(kql));
  const stored = new Set(mentioned.flatMap((t) => t.columns.filter((c) => !c.group).map((c) => c.name)));
  for (const t of mentioned) for (const c of t.columns) if (c.group && !stored.has(c.name)) out.add(c.name);
  return out;
}

export function hover(kql: string, offset: number): string | null {
  const q = service(kql).GetQuickInfo(offset);
  const text: string | null = q?.Text ?? null;
  return text?.trim() ? text : null;
}

export function format(kql: string): string {
  const f = service(kql).GetFormattedText();
  return f?.Text ?? kql;
}

/** Syntax and semantic diagnostics from the official analyzer. */
export function parserDiagnostics(kql: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const d of list<any>(service(kql).GetDiagnostics())) {
    const start: number = d.Start;
    const end = start + Math.max(0, d.Length);
    let line = 1;
    let last = -1;
    for (let i = 0; i < start && i < kql.length; i++) {
      if (kql.charCodeAt(i) === 10) {
        line++;
        last = i;
      }
    }
    const sev = String(d.Severity);
    out.push({
      code: d.Code ?? 'KS000',
      severity: sev === 'Warning' ? 'warning' : sev === 'Error' ? 'error' : 'info',
      message: d.Message ?? '',
      start,
      end,
      line,
      column: start - last,
    });
  }
  return out;
}
