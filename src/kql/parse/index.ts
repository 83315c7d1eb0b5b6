/**
 * parseKql: KQL text → plain syntax tree + diagnostics, using the official parser and
 * semantic analyzer (ParseAndAnalyze) against the dataset's schema. Nothing outside this folder
 * sees a Bridge.NET object: the tree handed on is made of plain `SNode`s.
 */
import { isJsonTextColumn } from '../../catalog/json-text.ts';
import type { Catalog, KqlType } from '../../catalog/types.ts';
import type { Diagnostic } from '../api.ts';
import { huntingFunctionSymbols, isFileProfileColumnArgument, WATCHLIST_DB } from './hunting-symbols.ts';
import { Bridge, Kusto } from './kusto.ts';

export interface SCol {
  name: string;
  type: string;
}

export interface SNode {
  /** Syntax class name, e.g. `FilterOperator`, `BinaryExpression`; `Tok` for tokens. */
  k: string;
  /** Span in the query text (for nodes of a function expansion: the call's span). */
  s: number;
  e: number;
  ch: SNode[];
  /** Token text (tokens only). */
  text?: string;
  /** Scalar result type name (`long`, `string`, `dynamic` …) of an expression. */
  ty?: string;
  /** Result columns of a tabular expression. */
  cols?: SCol[];
  /** The symbol a name refers to or declares. */
  sym?: { k: string; name: string };
  /** For calls of user-defined (let) functions: the body with arguments bound, as analyzed by Kusto. */
  expansion?: SNode;
  /** Literal value as the analyzer computed it (LiteralExpression, constant folding). */
  value?: unknown;
}

export interface ParseResult {
  tree: SNode;
  diagnostics: Diagnostic[];
}

const typeMap: Record<KqlType, string> = {
  bool: 'Bool',
  datetime: 'DateTime',
  decimal: 'Decimal',
  dynamic: 'Dynamic',
  guid: 'Guid',
  int: 'Int',
  long: 'Long',
  real: 'Real',
  string: 'String',
  timespan: 'TimeSpan',
};

const globalsCache = new WeakMap<object, unknown>();
let emptyGlobals: unknown;

/** The analyzer's global state with the catalog's tables and functions (one per catalog object). */
export function globalsFor(catalog: Catalog | null): any {
  const S = Kusto.Language.Symbols;
  if (!catalog) {
    emptyGlobals ??= Kusto.Language.GlobalState.Default;
    return emptyGlobals;
  }
  let g = globalsCache.get(catalog);
  if (!g) {
    const tables = catalog.tables.filter((t) => !t.watchlist).map(
      (t) =>
        new S.TableSymbol.$ctor4(
          t.name,
          t.columns.map((c) => new S.ColumnSymbol(c.name, S.ScalarTypes[typeMap[c.type]])),
        ),
    );
    const db = new S.DatabaseSymbol.ctor(catalog.dataset || 'db', [...tables, ...huntingFunctionSymbols(catalog)]);
    // Watchlists live in a database of their own, named by alias, so that only _GetWatchlist reaches them.
    const lists = catalog.tables
      .filter((t) => t.watchlist)
      .map((t) => new S.TableSymbol.$ctor4(t.watchlist!.alias, t.columns.map((c) => new S.ColumnSymbol(c.name, S.ScalarTypes[typeMap[c.type]]))));
    const dbs = lists.length ? [db, new S.DatabaseSymbol.ctor(WATCHLIST_DB, lists)] : [db];
    const cluster = new S.ClusterSymbol.ctor('huntbench', dbs);
    g = Kusto.Language.GlobalState.Default.WithCluster(cluster).WithDatabase(db);
    globalsCache.set(catalog, g);
  }
  return g;
}

export function lineCol(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: end - last };
}

export function makeDiagnostic(
  text: string,
  code: string,
  message: string,
  start: number,
  end: number,
  severity: Diagnostic['severity'] = 'error',
): Diagnostic {
  const { line, column } = lineCol(text, start);
  return { code, severity, message, start, end: Math.max(end, start), line, column };
}

const severities: Record<string, Diagnostic['severity']> = { Error: 'error', Warning: 'warning' };

/**
 * `KustoCode.ParseAndAnalyze`, step for step, except that the query grammar is built when first
 * read instead of up front. Kusto.Language parses queries with its hand-written `QueryParser`; the
 * parser-combinator grammar (`QueryGrammar`) that `KustoCode.Create` builds as well is only kept on
 * the result for the editor services (completion). Building it is most of a first parse's cost
 * (~0.65 of ~1 s of CPU in Node, on the critical path of a first visit's first result); the
 * compiler never reads it. Commands, and options that ask for the grammar parser, go through the
 * library's own path.
 */
export function parseAndAnalyze(text: string, globals: any): any {
  const L = Kusto.Language;
  const none = Bridge.getDefaultValue(L.Utils.CancellationToken);
  const g = globals.WithParseOptions(globals.ParseOptions.WithAlwaysProduceEndTokens(true));
  const kind = L.KustoCode.GetKind(text);
  if (kind !== L.Editor.CodeKinds.Query || g.ParseOptions.ParserKind !== L.ParserKind.Default) return L.KustoCode.ParseAndAnalyze(text, globals);
  const tokens = L.Parsing.TokenParser.ParseTokens(text, g.ParseOptions);
  const starts = L.KustoCode.GetTokenStarts(tokens);
  const syntax = L.Parsing.QueryParser.ParseQuery(tokens, 0, g.ParseOptions);
  const tree = new L.Syntax.SyntaxTree(syntax);
  const localCache = new L.Binding.LocalBindingCache();
  let resultType = null;
  let state = L.KustoCode.AnalysisState.NotSafe;
  if (L.Binding.Binder.TryBind(tree, g, localCache, null, none)) {
    resultType = L.KustoCode.DetermineResultType(syntax);
    state = L.KustoCode.AnalysisState.Performed;
  }
  const code = new L.KustoCode(text, kind, g, null, tree, state, resultType, tokens, starts, localCache);
  let grammar: unknown;
  Object.defineProperty(code, 'Grammar', {
    configurable: true,
    enumerable: true,
    get: () => (grammar ??= L.Parsing.QueryGrammar.From(g).QueryBlock),
  });
  return code;
}

export function parseKql(text: string, catalog: Catalog | null): ParseResult {
  const result = parseResultOf(text, parseAndAnalyze(text, globalsFor(catalog)));
  if (catalog)
    for (const d of result.diagnostics) {
      if (d.code === 'KS142' || d.code === 'KS204') d.message += caseHint(text.slice(d.start, d.end), catalog, text);
      if (d.code === 'KS116') d.message += jsonTextHint(text.slice(d.start, d.end), catalog);
    }
  return result;
}

/**
 * For a dynamic value refused as a group, sort or distinct key (KS116, Kusto refuses it too) that is
 * a column the reference documents as `string` (JSON text: Defender's AdditionalFields,
 * DeviceInfo.LoggedOnUsers) and the dataset types `dynamic` as Sentinel does: say so and how to key
 * on its text. The query stays an error; which type a portal gives decides, and the lab chose one.
 */
function jsonTextHint(name: string, catalog: Catalog): string {
  const promoted = catalog.tables.some((t) => t.columns.some((c) => c.name === name && isJsonTextColumn(c)));
  return promoted
    ? ` The table column '${name}' is documented as string (JSON text) in Defender advanced hunting; this dataset types it dynamic, as Microsoft Sentinel does: key on tostring(${name}).`
    : '';
}

/**
 * For a name the analyzer found nothing for (KS142 a column or scalar, KS204 a table): when a table,
 * or a column of a table the query names, is spelled the same but for letter case, say so. Kusto's
 * entity-names page: "Identifiers are case-sensitive", so `InitiatingProcessCommandline` stays an
 * error, as in Kusto; the hint only names the spelling. Empty when no name, or more than one, matches.
 */
function caseHint(name: string, catalog: Catalog, text: string): string {
  const lower = name.toLowerCase();
  const same = new Set<string>();
  for (const t of catalog.tables) {
    if (t.watchlist) continue;
    if (t.name.toLowerCase() === lower) same.add(t.name);
    if (!new RegExp(`\\b${t.name}\\b`).test(text)) continue;
    for (const c of t.columns) if (c.name.toLowerCase() === lower) same.add(c.name);
  }
  if (same.size !== 1 || same.has(name)) return '';
  return ` Names are case-sensitive: did you mean '${[...same][0]}'?`;
}

/** The plain tree and diagnostics of an analyzed `KustoCode`. */
export function parseResultOf(text: string, code: any): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const tree = convert(code.Syntax, null);
  const searchNots = searchNotTerms(tree);
  const accepted = engineAcceptedArguments(tree);
  const list = code.GetDiagnostics();
  const unknownNames = new Set<number>();
  for (let i = 0; i < list.Count; i++) if (list.getItem(i).Code === 'KS142') unknownNames.add(list.getItem(i).Start);
  for (let i = 0; i < list.Count; i++) {
    const d = list.getItem(i);
    const sev = severities[String(d.Severity)] ?? (d.Severity === 0 || d.Severity === 'Error' ? 'error' : 'info');
    if (sev !== 'error' && sev !== 'warning') continue;
    // The analyzer wants a predicate in count(x); Kusto's engine accepts any argument and counts rows.
    if (d.Code === 'KS142' && isFileProfileColumnArgument(text, d.Start)) continue;
    if (d.Code === 'KS107' && /\bcount\(\s*$/.test(text.slice(Math.max(0, d.Start - 40), d.Start))) continue;
    // In a search predicate, not("term") negates the term match (Kusto's engine); the analyzer wants a bool.
    if (d.Code === 'KS107' && searchNots.has(d.Start)) continue;
    if (accepted.some((a) => a.code === d.Code && d.Start >= a.s && d.Start < a.e)) continue;
    // `X has_any (...)` with a name no column has: the analyzer reports the operand's type (KS107)
    // before the unknown name (KS142) at the same place; keep the one that says what is wrong.
    if (d.Code === 'KS107' && unknownNames.has(d.Start) && unresolvedNameAt(tree, d.Start, d.Start + d.Length)) continue;
    const asim = d.Code === 'KS204' ? asimName(text.slice(d.Start, d.Start + d.Length)) : undefined;
    if (asim) {
      diagnostics.push(makeDiagnostic(text, 'HB142', asim, d.Start, d.Start + d.Length, sev));
      continue;
    }
    diagnostics.push(makeDiagnostic(text, d.Code, d.Message, d.Start, d.Start + d.Length, sev));
  }
  return { tree, diagnostics };
}

/**
 * Sentinel's ASIM (Advanced Security Information Model) names: the unifying parsers (`imProcessCreate`,
 * `_Im_Dns`, `_ASim_ProcessEvent_Create`, `ASimAuthentication`) and the normalized tables
 * (`ASimDnsActivityLogs`). huntbench does not model ASIM, so an unknown name of that form is told
 * apart from a typo: the message says what it is and what to query instead.
 */
function asimName(name: string): string | undefined {
  if (!/^(_ASim_|_Im_|ASim[A-Z]|im[A-Z])/.test(name)) return undefined;
  return `'${name}' is a Microsoft Sentinel ASIM parser or normalized table, which huntbench does not model: query the source tables it normalizes (DeviceProcessEvents, SecurityEvent, DeviceNetworkEvents, SigninLogs …) instead`;
}

/**
 * Arguments whose constant the analyzer checks more strictly than Kusto's engine and the function's
 * page: `array_length()` of a constant bag (KS234 "must be a dynamic array"; the page: "null if the
 * input isn't an array", which Kusto answers) and `make_timespan()`'s seconds as a real (KS134 "must
 * be an integer"; the page types second as real, 0 to 59.9999999, and its example passes 55.123),
 * and `todynamic()` of a dynamic value (KS107 "string expected"; parse_json's page, of which it is
 * an alias: a dynamic argument is used as-is).
 */
function engineAcceptedArguments(root: SNode): { code: string; s: number; e: number }[] {
  const out: { code: string; s: number; e: number }[] = [];
  const walk = (n: SNode): void => {
    if (n.k === 'FunctionCallExpression') {
      const name = n.ch.find((c) => c.k === 'NameReference')?.ch[0]?.ch[0]?.text;
      const args = n.ch.find((c) => c.k === 'ExpressionList')?.ch.find((c) => c.k === 'List')?.ch ?? [];
      if ((name === 'array_length' || name === 'arraylength') && args.length === 1) out.push({ code: 'KS234', s: args[0].s, e: args[0].e });
      const second = args.length >= 3 ? args[args.length - 1] : undefined;
      if (name === 'make_timespan' && second?.ty === 'real') out.push({ code: 'KS134', s: second.s, e: second.e });
      // todynamic() is a deprecated alias of parse_json() (its page), which uses a dynamic argument
      // as-is; the analyzer types the alias's parameter as string only.
      if (name === 'todynamic' && args.length === 1 && args[0].ty === 'dynamic') out.push({ code: 'KS107', s: args[0].s, e: args[0].e });
    }
    for (const c of n.ch) walk(c);
  };
  walk(root);
  return out;
}

/** Whether a name reference spanning exactly [s, e) is one the analyzer resolved to nothing. */
function unresolvedNameAt(root: SNode, s: number, e: number): boolean {
  let found = false;
  const walk = (n: SNode): void => {
    if (found || n.s > s || n.e < e) return;
    if (n.k === 'NameReference' && n.s === s && n.e === e && !n.sym) {
      found = true;
      return;
    }
    for (const c of n.ch) walk(c);
  };
  walk(root);
  return found;
}

/** Start offsets of the string terms of `not("term")` calls in search predicates. */
function searchNotTerms(root: SNode): Set<number> {
  const out = new Set<number>();
  const inPredicate = (n: SNode): void => {
    if (n.k === 'FunctionCallExpression') {
      const name = n.ch.find((c) => c.k === 'NameReference');
      const args = n.ch.find((c) => c.k === 'ExpressionList')?.ch.find((c) => c.k === 'List');
      const only = args?.ch.length === 1 ? args.ch[0] : undefined;
      if (name?.ch[0]?.ch[0]?.text === 'not' && only?.k === 'LiteralExpression' && only.ty === 'string') out.add(only.s);
    }
    for (const c of n.ch) inPredicate(c);
  };
  const walk = (n: SNode): void => {
    if (n.k === 'SearchOperator') for (const c of n.ch) inPredicate(c);
    else for (const c of n.ch) walk(c);
  };
  walk(root);
  return out;
}

function className(o: unknown): string {
  const n: string = String(Bridge.getTypeName(o)).split('`')[0];
  const dot = n.lastIndexOf('.');
  const plus = n.lastIndexOf('+');
  return n.slice(Math.max(dot, plus) + 1);
}

function convert(n: any, span: { s: number; e: number } | null): SNode {
  const k = className(n);
  const node: SNode = {
    k,
    s: span ? span.s : n.TextStart,
    e: span ? span.e : n.End,
    ch: [],
  };
  if (n.IsToken) {
    node.k = 'Tok';
    node.text = n.Text;
    return node;
  }
  if (k.startsWith('SeparatedElement')) {
    // Unwrap "element, separator" pairs: lists hold their elements directly.
    return convert(n.Element, span);
  }
  if (k.startsWith('SyntaxList')) node.k = 'List';
  for (let i = 0; i < n.ChildCount; i++) {
    const c = n.GetChild(i);
    if (c) node.ch.push(convert(c, span));
  }
  if (n.IsExpression !== false && 'ResultType' in n) {
    const rt = n.ResultType;
    if (rt) {
      if (rt.Columns && typeof rt.Columns.Count === 'number' && className(rt) !== 'TupleSymbol') {
        const cols: SCol[] = [];
        for (let i = 0; i < rt.Columns.Count; i++) {
          const c = rt.Columns.getItem(i);
          cols.push({ name: c.Name, type: c.Type?.Name ?? 'unknown' });
        }
        node.cols = cols;
      } else if (rt.Name) node.ty = rt.Name;
    }
  }
  if (k === 'LiteralExpression') {
    const v = n.LiteralValue;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') node.value = v;
  }
  const sym = n.ReferencedSymbol;
  if (sym) node.sym = { k: className(sym), name: sym.Name };
  if (k === 'NameDeclaration' && !sym) {
    const rs = n.ReferencedSymbol;
    if (rs) node.sym = { k: className(rs), name: rs.Name };
  }
  // A call, or a name that calls a parameterless function (`let V = view() {…}; V`).
  if ((k === 'FunctionCallExpression' || k === 'NameReference') && node.sym?.k === 'FunctionSymbol') {
    const exp = n.GetExpansion?.();
    if (exp) node.expansion = convert(exp, span ?? { s: node.s, e: node.e });
  }
  return node;
}
