import type { Expr, Rel } from '../../ir/types.ts';
import type { SNode } from '../../parse/index.ts';
import { regexEscape, str } from '../../sql/quote.ts';
import type { Ctx } from '../context.ts';
import { LowerError, unsupported } from '../context.ts';
import { asScalar, fn, lowerExpr, tabular, toStr } from '../expr.ts';
import { someExpr } from '../../ir/walk.ts';
import { colRef, findCol } from '../scope.ts';
import { namedParams, paramText, toks } from '../syntax.ts';
import { tableRel } from '../tabular.ts';
import { joinableText, type TermKind, termMatch, termMatchAny, textMayHold } from '../terms.ts';
import { lit, scalar } from '../values.ts';
import { items, kids, nameOf, type OperatorLowerer, passThrough, scopeOf } from './common.ts';
import { unionRel, wildcardTables } from './union.ts';

/**
 * `T | search [kind=case_sensitive] "term"`: rows where any column has the term (term match, as
 * `has`), with a leading `$table` column. Other search forms are reported as unsupported.
 */
const B = scalar('bool');

/** A bare "term" matches any column; `Col:"term"` one column; `web*` a term prefix; other
 * predicates are ordinary boolean expressions over the columns. */
export function searchPredicate(p: SNode, input: Rel, cx: Ctx, cs: boolean): Expr {
  if (p.k === 'ParenthesizedExpression') return searchPredicate(kids(p)[0], input, cx, cs);
  // `search *`: every row ("where 0==0", search operator page)
  if (p.k === 'StarExpression') return lit('true', B);
  if (p.k === 'LiteralExpression' && typeof p.value === 'string') {
    const term = p.value;
    // (a column whose type's text cannot hold the term's letters is not turned into text at all)
    const cols = input.cols.filter((c) => termParts(term).every((part) => textMayHold(c.ty, part, cs)));
    // A plain term, a prefix or a suffix tests the texts of most columns with one pattern
    // (lower/terms.ts termMatchAny); the other columns are tested one by one after them.
    const kind = plainTermKind(term);
    const joined = kind ? cols.filter((c) => joinableText(c.ty)) : [];
    const first = joined.length > 1 ? [termMatchAny(joined.map((c) => toStr(colRef(c))), termCore(term), kind!, cs)] : [];
    const rest = first.length ? cols.filter((c) => !joined.includes(c)) : cols;
    const tests = [...first, ...rest.map((c) => termTest(colRef(c), term, cs, p))];
    return tests.reduce((a, b) => fn('$or', [a, b], B), lit('false', B) as Expr);
  }
  if (p.k === 'BinaryExpression') {
    const op = toks(p).join(' ');
    const [l, r] = kids(p);
    if (op === 'and' || op === 'or')
      return fn(op === 'and' ? '$and' : '$or', [searchPredicate(l, input, cx, cs), searchPredicate(r, input, cx, cs)], B);
    if (op === ':' && r.k === 'LiteralExpression' && typeof r.value === 'string') {
      // `col:"err"` is `where col has "err"` (the page's table): an unknown column is the same
      // HB102 a column reference gives, so a search over many tables leaves out a table without it
      const col = findCol(input.cols, nameOf(l));
      if (!col) throw new LowerError('HB102', `unknown column ${nameOf(l)}`, l);
      return termTest(colRef(col), r.value, cs, r);
    }
  }
  // not("term"): no column has the term (Kusto's engine; parse/ lets the analyzer's KS107 through)
  if (p.k === 'FunctionCallExpression' && nameOf(p) === 'not') {
    const args = kids(kids(p)[1] ?? p)[0];
    const arg = args?.k === 'List' ? kids(args) : [];
    if (arg.length === 1 && arg[0].k === 'LiteralExpression' && typeof arg[0].value === 'string') return fn('$not', [searchPredicate(arg[0], input, cx, cs)], B);
  }
  return asScalar(lowerExpr(p, scopeOf(input), cx), B);
}

/**
 * The predicate one table of a many-table find or search is filtered by, or undefined when the
 * table is left out. A comparison naming a column the table lacks filters nothing in:
 * - find's page, "Output schema": a source table containing none of the predicate's columns is
 *   filtered out; its "Search in common and uncommon columns" example (`Version == 'v1.0.0' or
 *   EventName == 'Event1'`) filters a table lacking EventName by the other `or` branch alone;
 * - search's page, "Limit search by timestamp" (`search "Hughes" and DateKey > datetime(…)` over
 *   the database): Customers, which has Hughes rows but no DateKey, gives no rows.
 * So a branch of `or`, or a term of `and`, that only names columns the table lacks counts as
 * false there. Anything else naming a missing column (a negated comparison, or one that also names
 * one of the table's own columns) is not documented: HB100.
 */
export function tablePredicate(p: SNode, input: Rel, cx: Ctx, cs: boolean): Expr | undefined {
  try {
    return searchPredicate(p, input, cx, cs);
  } catch (e) {
    if (!(e instanceof LowerError && e.code === 'HB102')) throw e;
    // none of the predicate's columns: filtered out (find's page, "Output schema"); a bare
    // "term" searches every column, so a predicate with one always uses some of the table's
    if (!namesColumnOf(p, input) && !hasBareTerm(p)) return undefined;
  }
  const e = partialPredicate(p, input, cx, cs);
  return e === false ? undefined : e;
}

function partialPredicate(p: SNode, input: Rel, cx: Ctx, cs: boolean): Expr | false {
  try {
    return searchPredicate(p, input, cx, cs);
  } catch (e) {
    if (!(e instanceof LowerError && e.code === 'HB102')) throw e;
    if (p.k === 'ParenthesizedExpression') return partialPredicate(kids(p)[0], input, cx, cs);
    const op = p.k === 'BinaryExpression' ? toks(p).join(' ') : '';
    if (op === 'or' || op === 'and') {
      const parts = kids(p).map((c) => partialPredicate(c, input, cx, cs));
      const known = parts.filter((x): x is Expr => x !== false);
      if (op === 'and') return known.length < parts.length ? false : fn('$and', known, B);
      return known.length === 0 ? false : known.reduce((a, b) => fn('$or', [a, b], B));
    }
    // Only a plain positive test of a missing column against a constant it cannot equal when padded
    // (a non-empty string, a number, a datetime …) is false either way: whether Kusto drops the
    // branch or reads the column as empty/null. A negated comparison (`!=`, `!has`, not(…)), a
    // null or emptiness test, a function of the column, or one that also names a column of the
    // table, is not documented.
    if (!namesColumnOf(p, input) && !negates(p) && falseOnPadding(p, input, cx)) return false;
    return unsupported(p, `find/search where a comparison names a column one table lacks and is not a plain test against a non-empty constant (negated, a null or emptiness test, a function of the column, or one that also names a column of the table) (${e.message}): what Kusto filters that table by is not documented`);
  }
}

const POSITIVE_TESTS = new Set(['==', '=~', ':', 'has', 'has_cs', 'hasprefix', 'hasprefix_cs', 'hassuffix', 'hassuffix_cs', 'contains', 'contains_cs', 'startswith', 'startswith_cs', 'endswith', 'endswith_cs', 'matches regex']);
const ORDERED = new Set(['<', '<=', '>', '>=']);
const ORDERED_TYPES = new Set(['int', 'long', 'real', 'decimal', 'datetime', 'timespan']);

/**
 * `Col op constant` (or `constant op Col`, `Col in (constants)`), Col one of the table's missing
 * columns, that is false when Col is an empty string or null: a positive text or equality test of
 * a non-empty string or of a number, an ordering against a number, datetime or timespan, `in`/`in~`
 * of such constants. A constant is whatever lowers to a literal in the table's scope (a literal, a
 * scalar let such as `let fileHash = "…"`).
 */
function falseOnPadding(p: SNode, input: Rel, cx: Ctx): boolean {
  // A missing column, or a property of one read by a constant path (`Props.rawData.ip`,
  // `Props["ip"]`, SlimKQL's all-in-one IP search): a missing dynamic column is padded with null,
  // a property or element of null is null (oracle saoc-r1-dynamic-json-0012: dynamic(null).foo
  // and [0] are null) and null == a non-null value is false (null values page), so the path
  // cannot pass the test either, whichever reading Kusto takes.
  const missing = (x: SNode): boolean => {
    if (x.k === 'NameReference') return !findCol(input.cols, nameOf(x));
    const [root, sel] = kids(x);
    if (x.k === 'PathExpression') return !!root && missing(root) && sel?.k === 'NameReference';
    if (x.k === 'ElementExpression') {
      const inner = sel?.k === 'BracketedExpression' ? kids(sel)[0] : undefined;
      return !!root && missing(root) && inner?.k === 'LiteralExpression';
    }
    return false;
  };
  const constant = (x: SNode): Expr | undefined => {
    try {
      const e = lowerExpr(x, scopeOf(input), cx);
      return e.k === 'lit' && !/^NULL\b/i.test(e.sql) ? e : undefined;
    } catch {
      return undefined;
    }
  };
  const fixed = (e: Expr | undefined) => e?.k === 'lit' && (e.ty.kql === 'string' ? e.sql !== "''" : ORDERED_TYPES.has(e.ty.kql));
  // A number, datetime or timespan the row does not decide (`ago(7d)`, `now()`, `startofday(now())`):
  // compared with it, the missing column is one of those types, whose padding is null, and an
  // ordering or equality of null is null, which a filter drops (null values page, "Null values
  // and the where operator"; find/search's own examples compare `DateKey > datetime(…)`).
  const ordered = (x: SNode): Expr | undefined => {
    try {
      const e = lowerExpr(x, scopeOf(input), cx);
      const rowFree = !someExpr(e, (y) => y.k !== 'lit' && y.k !== 'fn' && y.k !== 'cast' && y.k !== 'case');
      return rowFree && ORDERED_TYPES.has(e.ty.kql) ? e : undefined;
    } catch {
      return undefined;
    }
  };
  if (p.k === 'ParenthesizedExpression') return falseOnPadding(kids(p)[0], input, cx);
  if (p.k === 'BinaryExpression') {
    const op = toks(p).join(' ');
    const [l, r] = kids(p);
    const other = missing(l) && fixed(constant(r)) ? constant(r) : missing(r) && fixed(constant(l)) ? constant(l) : undefined;
    if (!other) return (op === '==' || ORDERED.has(op)) && ((missing(l) && !!ordered(r)) || (missing(r) && !!ordered(l)));
    if (POSITIVE_TESTS.has(op)) return true;
    return ORDERED.has(op) && other.ty.kql !== 'string';
  }
  // `Col between (a .. b)`: between takes numbers, datetimes and timespans only (between page)
  if (p.k === 'BetweenExpression' && toks(p).join(' ') === 'between') {
    const [l, couple] = kids(p);
    const bounds = couple ? kids(couple) : [];
    return !!l && missing(l) && bounds.length === 2 && bounds.every((b) => !!ordered(b));
  }
  if (p.k === 'InExpression') {
    const op = toks(p).join(' ');
    const [l, list] = kids(p);
    const values = list ? kids(list).flatMap((c) => (c.k === 'List' ? kids(c) : [c])) : [];
    return (op === 'in' || op === 'in~') && !!l && missing(l) && values.length > 0 && values.every((v) => fixed(constant(v)));
  }
  return false;
}

/** Whether a comparison is negated: a `!…` operator or a not() call anywhere in it. */
function negates(p: SNode): boolean {
  if (p.k === 'BinaryExpression' && toks(p).join(' ').startsWith('!')) return true;
  if (p.k === 'FunctionCallExpression' && nameOf(p) === 'not') return true;
  return kids(p).some(negates);
}

/** Whether a predicate has a bare search term ("err", "err*", *) among its and/or/not() parts. */
function hasBareTerm(p: SNode): boolean {
  if ((p.k === 'LiteralExpression' && typeof p.value === 'string') || p.k === 'StarExpression') return true;
  if (p.k === 'ParenthesizedExpression') return hasBareTerm(kids(p)[0]);
  if (p.k === 'BinaryExpression' && ['and', 'or'].includes(toks(p).join(' '))) return kids(p).some(hasBareTerm);
  if (p.k === 'FunctionCallExpression' && nameOf(p) === 'not') return kids(p).some(hasBareTerm) || kids(p).some((c) => c.k === 'List' && kids(c).some(hasBareTerm));
  return false;
}

/** Whether a predicate names one of the table's columns. */
function namesColumnOf(p: SNode, input: Rel): boolean {
  if (p.k === 'NameReference' && findCol(input.cols, nameOf(p))) return true;
  return kids(p).some((c) => namesColumnOf(c, input));
}

/** The term operator a search term without inner wildcards stands for (termTest's table), if any. */
function plainTermKind(term: string): TermKind | undefined {
  const lead = term.startsWith('*');
  const trail = term.length > 1 && term.endsWith('*');
  const core = termCore(term);
  if (core === '' || core.includes('*') || (lead && trail)) return undefined;
  return lead ? 'hassuffix' : trail ? 'hasprefix' : 'has';
}

/** A search term without its leading and trailing wildcard. */
const termCore = (term: string): string => term.slice(term.startsWith('*') ? 1 : 0, term.length > 1 && term.endsWith('*') ? -1 : undefined);

/** The literal parts of a search term (the text between its `*` wildcards). */
const termParts = (term: string): string[] => term.split('*').filter((s) => s !== '');

/**
 * One column's test for a search term, by where the term's `*` stand (search operator, "Search
 * predicate syntax"): `billg` has, `billg*` hasprefix, `*billg` hassuffix, `*billg*` contains,
 * `bi*lg` matches regex `\bbi.*lg\b`. The page does not say whether the default kind makes that
 * regex case-insensitive (regexes are case-sensitive elsewhere): it is done under
 * kind=case_sensitive only. A term of wildcards alone, or of more than one inner wildcard, is refused.
 */
function termTest(x: Expr, term: string, cs: boolean, node: SNode): Expr {
  const S = scalar('string');
  const lead = term.startsWith('*');
  const trail = term.length > 1 && term.endsWith('*');
  const core = term.slice(lead ? 1 : 0, trail ? -1 : undefined);
  if (core === '' || core.startsWith('*') || core.endsWith('*')) return unsupported(node, `search term "${term}" (a term of wildcards alone, or with repeated wildcards)`);
  if (core.includes('*')) {
    const parts = core.split('*');
    if (lead || trail || parts.length !== 2) return unsupported(node, `search term "${term}" (the page shows one inner wildcard, bi*lg, and no other mix)`);
    if (!cs) return unsupported(node, `search term "${term}" without kind=case_sensitive: the search operator page makes it \`matches regex @"\\b${parts[0]}.*${parts[1]}\\b"\` but does not say whether the default kind makes that regex case-insensitive`);
    return fn('matches_regex', [toStr(x), lit(str(`\\b${regexEscape(parts[0])}.*${regexEscape(parts[1])}\\b`), S)], B);
  }
  if (lead && trail) return fn(cs ? 'contains_cs' : 'contains', [toStr(x), lit(str(core), S)], B);
  return termMatch(toStr(x), lit(str(core), S), lead ? 'hassuffix' : trail ? 'hasprefix' : 'has', cs);
}

export const search: OperatorLowerer = (n, input, cx) => {
  const params = namedParams(n);
  const cs = params.get('kind') ? paramText(params.get('kind')!).toLowerCase() === 'case_sensitive' : false;
  const predNode = kids(n).filter((c) => c.k !== 'List' && c.k !== 'FindInClause').at(-1);
  if (!predNode) return unsupported(n, 'search without a predicate');
  if (!input) return searchSource(n, predNode, cx, cs);
  const pred = searchPredicate(predNode, input, cx, cs);
  const filtered = { op: 'where' as const, input, pred, cols: input.cols, ord: input.ord };
  const tableCol = cx.col(n.cols?.[0]?.name ?? '$table', scalar('string'));
  // $table is "the table name from which each record was retrieved (or some system-generated
  // name if the source isn't a table but a composite expression)" (the page's Remarks): a dataset
  // table searched directly gives its name; a datatable gives search_arg0 (the oracle corpus).
  const source = input.op === 'table' ? input.name : 'search_arg0';
  const items = [{ col: tableCol, e: lit(str(source), scalar('string')) }, ...input.cols.map((c) => passThrough(c, cx))];
  return { op: 'select', input: filtered, items, cols: items.map((i) => i.col), ord: input.ord };
};

/**
 * `search [in (T1, T2, …)] predicate` as a query source: the matching rows of each listed table
 * (every table of the dataset without `in`), as an outer union by column name with `$table`
 * naming the table. Each table is filtered as with find (tablePredicate).
 */
function searchSource(n: SNode, predNode: SNode, cx: Ctx, cs: boolean): Rel {
  const inClause = n.ch.find((c) => c.k === 'FindInClause');
  const sources = inClause
    ? items(inClause).flatMap((t) => wildcardTables(t, cx, 'search') ?? [{ rel: tabular(t, cx), name: listedName(t, 'search') }])
    : (cx.catalog?.tables ?? []).filter((t) => !t.watchlist).map((t) => ({ rel: tableRel(t.name, n, cx), name: t.name }));
  const kept = sources.flatMap((src) => {
    const pred = tablePredicate(predNode, src.rel, cx, cs);
    if (!pred) return [];
    return [{ name: src.name, rel: { op: 'where', input: src.rel, pred, cols: src.rel.cols, ord: src.rel.ord } as Rel }];
  });
  if (kept.length === 0) throw new LowerError('HB102', 'search: no table has the columns the predicate uses', predNode);
  return unionRel(n, kept, n.cols?.[0]?.name ?? '$table', cx);
}

/**
 * The name a listed source shows in the table-name column: a dataset table's own name. A let-bound
 * or computed table has none of its own (union calls such a source union_argN, which its page and
 * the oracle show; what search calls it is not shown): refused.
 */
function listedName(t: SNode, op: string): string {
  if (t.k === 'NameReference' && t.sym?.k === 'TableSymbol') return nameOf(t);
  return unsupported(t, `${op} in (…) of a let-bound or computed table (the name Kusto shows for it in the table-name column is not documented)`);
}
