import type { Col, Expr, NamedExpr, Rel, Ty } from '../../ir/types.ts';
import type { SCol, SNode } from '../../parse/index.ts';
import { type Ctx, DropFuzzySources, LowerError } from '../context.ts';
import { NARROWED } from '../narrowed-union.ts';
import { AS_NAMES } from './as.ts';
import { tabular } from '../expr.ts';
import { colRef, findCol } from '../scope.ts';
import { namedParams, paramText, sourceText } from '../syntax.ts';
import { conform, tableRel, tyOfSCol } from '../tabular.ts';
import { castable, unify } from '../values.ts';
import { kids, nameOf, type OperatorLowerer, pipeInputOf } from './common.ts';
import { str } from '../../sql/quote.ts';
import { dyn, INT128_DECIMAL, isInt128, lit, nullOf, scalar } from '../values.ts';

/** `union [kind=inner|outer] [withsource=Col] A, B, Dev*`; as a pipe, the input comes first. */
export const union: OperatorLowerer = (node, input, cx) => {
  let n = node;
  const params = namedParams(n);
  const exprs = kids(n)
    .filter((c) => c.k === 'List')
    .flatMap((l) => kids(l))
    .filter((c) => c.k !== 'NamedParameter');
  const inputs: { rel: Rel; name: string }[] = [];
  // the pipe's left side, when it is what produced this input (not a subquery's slot)
  const inputNode = pipeInputOf(input, cx);
  if (input) inputs.push({ rel: input, name: (inputNode && asName(inputNode)) ?? 'union_arg0' });
  // isfuzzy=true: "the set of union sources is reduced to the set of table references that exist
  // … If at least one such table was found, any resolution failure yields a warning …; if no
  // resolution succeeds, the query returns an error" (union operator, Parameters). Only name
  // resolution is forgiven: a leg whose table (or function) does not exist is dropped; any other
  // failure of a leg stays an error.
  const isfuzzy = params.get('isfuzzy');
  const fuzzy = isfuzzy !== undefined && /^true$/i.test(paramText(isfuzzy));
  const dropped: string[] = [];
  const droppedExprs = new Set<SNode>();
  for (const e of exprs) {
    let legs: { rel: Rel; name: string }[];
    try {
      legs = expand(e, cx, inputs.length);
    } catch (err) {
      const missing = fuzzy && err instanceof LowerError && err.code === 'HB141' ? /^unknown table '([^']+)'$/.exec(err.message) : null;
      if (!missing) throw err;
      dropped.push(missing[1]);
      droppedExprs.add(e);
      continue;
    }
    for (const x of legs) inputs.push(x);
  }
  // (The analyzer already warns, KS205, at each name it could not resolve.)
  if (dropped.length && !inputs.length) throw new LowerError('HB141', `union isfuzzy=true: none of its sources exists (${dropped.join(', ')})`, n);
  if (dropped.length) {
    const text = withoutSources(cx.text, n, exprs, droppedExprs);
    if (text !== undefined) throw new DropFuzzySources(text, dropped, n);
  }
  const withsource = params.get('withsource') ?? params.get('withsource_');
  const srcName = withsource ? nameOf(withsource) || paramText(withsource) : undefined;
  // "The name given by as is used in the withsource= column of union" (as operator): a source
  // ending in `| as Name` is Name. One with an `as` further up its pipeline is refused: whether
  // the name carries through the operators after it is not documented.
  if (srcName !== undefined)
    for (const leg of [...(inputNode ? [inputNode] : []), ...exprs])
      if (!asName(leg) && (hasAs(leg) || (leg.k === 'NameReference' && AS_NAMES.get(cx)?.has(nameOf(leg)))))
        throw new LowerError('HB100', 'unsupported: union withsource= over a source with an `as` before its last operator, or a name bound by `as` (the name Kusto gives it is not documented)', leg);
  const kind = params.get('kind');
  if (kind !== undefined && /^inner$/i.test(paramText(kind))) {
    const narrowed = innerColumns(n, inputs, srcName);
    if (narrowed.cols?.length !== n.cols?.length) {
      n = narrowed;
      const rel = dropped.length ? undefined : unionRel(n, inputs, srcName, cx, true);
      if (rel) {
        NARROWED.set(cx, { rel, node: n });
        return rel;
      }
      throw new LowerError('HB100', 'unsupported: union kind=inner isfuzzy=true over inputs with different columns', n);
    }
  }
  if (!dropped.length) return unionRel(n, inputs, srcName, cx);
  // The analyzer still lists the columns of a fuzzy union's missing legs (typed or not); Kusto
  // drops those legs before it derives the schema, so a column no remaining source has is left out.
  const present = (name: string) =>
    name === srcName || inputs.some((i) => findCol(i.rel.cols, name) || i.rel.cols.some((x) => `${x.name}_${x.ty.kql}` === name));
  const kept = (n.cols ?? []).filter((c) => present(c.name));
  // A name the analyzer split by type (X_string, X_unknown) because a missing leg typed X
  // differently would be plain X in Kusto once that leg is gone: not renamed here, refused.
  for (const c of kept) {
    if (inputs.some((i) => findCol(i.rel.cols, c.name))) continue;
    const base = inputs.flatMap((i) => i.rel.cols).find((x) => `${x.name}_${x.ty.kql}` === c.name)?.name;
    const types = new Set(inputs.flatMap((i) => i.rel.cols.filter((x) => x.name === base).map((x) => x.ty.kql)));
    if (base && types.size < 2)
      throw new LowerError('HB100', `unsupported: union isfuzzy=true leaves out ${dropped.join(', ')}, which gave column ${base} another type: the analyzer names it ${c.name}, Kusto without that source names it ${base}`, n);
  }
  return unionRel({ ...n, cols: kept }, inputs, srcName, cx);
};

/**
 * `kind=inner`: "inner causes the result to have the subset of columns that are common to all of
 * the input tables" (union operator, Parameters). The analyzer lists every column (as for outer);
 * here only the names every input has are kept, in the analyzer's order. A name common to all
 * inputs but typed differently among them is refused: what Kusto keeps then is not documented.
 */
function innerColumns(n: SNode, inputs: { rel: Rel; name: string }[], srcName: string | undefined): SNode {
  const names = new Set(inputs[0]?.rel.cols.map((c) => c.name) ?? []);
  for (const i of inputs.slice(1)) for (const x of [...names]) if (!findCol(i.rel.cols, x)) names.delete(x);
  for (const x of names) {
    const types = new Set(inputs.map((i) => findCol(i.rel.cols, x)?.ty.kql));
    if (types.size > 1) throw new LowerError('HB100', `unsupported: union kind=inner where column ${x} has different types (${[...types].join(', ')}) in its inputs`, n);
  }
  return { ...n, cols: (n.cols ?? []).filter((c) => c.name === srcName || names.has(c.name)) };
}

/**
 * The query text with the dropped sources of a union's list blanked out: the list's span is
 * blanked, the kept sources' text put back where it was, and a comma after each kept source but
 * the last. Newlines stay, so every position and line of the query is unchanged. Undefined when
 * the spans do not read as this union's list in the query text (a source in a function's
 * expansion) or when no source of the list is kept (`T | union isfuzzy=true Missing`).
 */
function withoutSources(text: string, n: SNode, exprs: SNode[], dropped: Set<SNode>): string | undefined {
  const kept = exprs.filter((e) => !dropped.has(e));
  if (!kept.length || !exprs.length) return undefined;
  const first = exprs[0].s;
  const last = exprs[exprs.length - 1].e;
  if (!/^\s*union\b/i.test(text.slice(n.s, first)) || n.e < last || exprs.some((e, i) => e.s >= e.e || (i > 0 && e.s < exprs[i - 1].e))) return undefined;
  const chars = [...text.slice(0, first)];
  const region = text.slice(first, last).replace(/[^\n]/g, ' ').split('');
  for (const [i, e] of kept.entries()) {
    for (let k = e.s; k < e.e; k++) region[k - first] = text[k];
    if (i < kept.length - 1) region[e.e - first] = ',';
  }
  return chars.join('') + region.join('') + text.slice(last);
}

/**
 * The dataset tables a wildcarded table name (`Device*`) of a union, search or find list stands
 * for, each with its name; undefined when the source is not a wildcarded name.
 */
export function wildcardTables(e: SNode, cx: Ctx, op = 'union'): { rel: Rel; name: string }[] | undefined {
  const text = sourceText(cx.text, e).trim();
  if (!/[*]/.test(text) || !/^[A-Za-z0-9_*]+$/.test(text)) return undefined;
  const re = new RegExp(`^${text.replaceAll('*', '.*')}$`);
  // Kusto's wildcard takes the query's views too; their rows and withsource= names are not done here.
  const views = cx.viewNames().filter((v) => re.test(v));
  if (views.length) throw new LowerError('HB100', `unsupported: ${op} ${text} with the view${views.length > 1 ? 's' : ''} ${views.join(', ')} in scope (a wildcard takes views too); name the tables and views instead`, e);
  const tables = (cx.catalog?.tables ?? []).filter((t) => !t.watchlist && re.test(t.name));
  return tables.map((t) => ({ rel: tableRel(t.name, e, cx), name: t.name }));
}

function expand(e: SNode, cx: Ctx, index: number): { rel: Rel; name: string }[] {
  const wild = wildcardTables(e, cx);
  if (wild) return wild;
  // withsource= names catalog tables and sources ending in `| as Name`; anything else (let names,
  // subqueries) is union_argN.
  const name = e.k === 'NameReference' && e.sym?.k === 'TableSymbol' ? nameOf(e) : (asName(e) ?? `union_arg${index}`);
  // A view (`let V = view () {…}`) behaves as a table, and withsource= gives its rows the view's
  // name (the union operator page's "Source columns types mismatch" example: View_1, View_2);
  // what it calls another function's rows is not established here.
  if (e.k === 'NameReference' && e.sym?.k === 'FunctionSymbol') return [{ rel: tabular(e, cx), name: cx.viewNames().includes(nameOf(e)) ? nameOf(e) : VIEW_LEG }];
  return [{ rel: tabular(e, cx), name }];
}

/** Marks a leg that is a function other than a view: its withsource= name is refused rather than guessed. */
const VIEW_LEG = '\u0000view';

export function unionRel(n: SNode, inputs: { rel: Rel; name: string }[], srcName: string | undefined, cx: Ctx, inner = false): Rel {
  if (srcName !== undefined && inputs.some((i) => i.name === VIEW_LEG))
    throw new LowerError('HB100', 'unsupported: union withsource= over a function that is not a view (let … = view () {…}): the name Kusto gives its rows is not known here; union it without withsource=', n);
  // withsource= naming a column the inputs already have: the analyzer lists both under one name;
  // what Kusto does is not established here.
  if (srcName !== undefined && inputs.some((i) => findCol(i.rel.cols, srcName)))
    throw new LowerError('HB100', `unsupported: union withsource=${srcName} where an input already has a column ${srcName}`, n);
  // The analyzer's columns, less those no input has: it lists some that Kusto's operators do not
  // output (scan's match_id without with_match_id, every field of `a = series_stats(x)`), and a
  // union "has all the columns that occur in any of the inputs" (union operator, Parameters).
  // X_long takes an input's X only where the inputs type X several ways (the page's split) and no
  // input has a column named X_long of its own: otherwise that is the column, and an input without
  // it pads it (`T | union (T | extend x_long = 5)` put T's x in x_long). Worked out once here:
  // source() runs for every pair of input and output column.
  const kinds = new Map<string, Set<string>>();
  for (const i of inputs) for (const y of i.rel.cols) (kinds.get(y.name) ?? kinds.set(y.name, new Set()).get(y.name)!).add(y.ty.kql);
  const source = (inp: { rel: Rel }, c: Col) => {
    const byName = findCol(inp.rel.cols, c.name);
    const suffixed = kinds.has(c.name) ? undefined : inp.rel.cols.find((x) => `${x.name}_${x.ty.kql}` === c.name && kinds.get(x.name)!.size > 1);
    // (jaccard_index()'s engine real, which the analyzer types dynamic, is not a dynamic value.)
    const asDynamic = c.ty.kql === 'dynamic' && !(byName?.ty.kql === 'real' && cx.engineReal.has(c.name));
    return byName && (byName.ty.kql === c.ty.kql || asDynamic) ? byName : suffixed;
  };
  // A column the analyzer cannot type (a name written after evaluate pivot or bag_unpack, whose
  // columns only the data decides: `project Image`) has the type the inputs give it, when they
  // agree; otherwise the page splits it by type where the analyzer lists one name: refused.
  const listedTy = (c: SCol): Ty => {
    if (c.type !== undefined && c.type !== 'unknown') return tyOfSCol(c, n);
    const tys = inputs.map((i) => findCol(i.rel.cols, c.name)?.ty).filter((t): t is Ty => t !== undefined);
    if (tys.length === 0 || tys.some((t) => t.kql !== tys[0].kql || (t.kql === 'dynamic' && t.shape.k !== tys[0].shape.k)))
      throw new LowerError('HB100', `unsupported: union of column ${c.name}, which only the data types (after evaluate pivot or bag_unpack), with inputs that type it differently`, n);
    return tys[0];
  };
  const cols = (n.cols ?? [])
    .map((c) => cx.col(c.name, listedTy(c)))
    .filter((c) => c.name === srcName || inputs.some((inp) => source(inp, c)));
  // The analyzer's list is used only where it is the page's (below): otherwise its names would
  // put values in columns Kusto does not.
  const doc = documentedColumns(inputs, srcName, n);
  if (!inner && !sameColumns(doc, cols, srcName, cx)) return documentedUnion(n, inputs, srcName, doc, (n.cols ?? []).map((c) => ({ name: c.name, ty: listedTy(c) })), cx);
  const parts = inputs.map((inp) => {
    const items: NamedExpr[] = cols.map((c) => {
      let e: Expr;
      if (srcName !== undefined && c.name === srcName) e = lit(str(inp.name), scalar('string'));
      else {
        const src = source(inp, c);
        e = src ? conform(colRef(src), c.ty) : nullOf(c.ty);
      }
      return { col: c, e };
    });
    // An input column no output column takes would be dropped: refused. (Where the analyzer's
    // list is the page's every column has its place; kind=inner keeps only the names every input has.)
    for (const x of inp.rel.cols) {
      if (cols.some((c) => c.name !== srcName && source(inp, c) === x)) continue;
      if (inner && !inputs.every((i) => findCol(i.rel.cols, x.name))) continue;
      throw new LowerError('HB100', `unsupported: union input column ${x.name} (${x.ty.kql}) is not among the columns Kusto's analyzer gives the union`, n);
    }
    return { rel: inp.rel, items };
  });
  return finishUnion(n, cols, parts);
}

/** One output column of a union as the union operator page names it. */
interface DocCol {
  name: string;
  /** The input columns' own name and type. */
  base: string;
  kql: string;
  ty: Ty;
}

/**
 * The union's columns as the union operator page defines them (kind=outer): "one column for each
 * name and type occurrences"; a name typed several ways among the inputs gives one column per
 * type, "suffixed with a '_' followed by the origin column type" (x_long, x_int), and a suffixed
 * name that an input already has as a column of its own is "de-duplicated" with a number (the
 * page's example: View_1's x becomes x_long1 beside View_3's own x_long). Names come in the order
 * they first occur (the inputs in order, each input's columns in order), a name's types in the
 * order they first occur, after the withsource= column. A second clash (x_long1 taken as well) is
 * not shown there: refused.
 */
function documentedColumns(inputs: { rel: Rel }[], srcName: string | undefined, n: SNode): DocCol[] {
  // (the columns of one name stay together, at the name's first place, as the page's example
  // and the analyzer's lists show them)
  const byName = new Map<string, DocCol[]>();
  for (const inp of inputs)
    for (const c of inp.rel.cols) {
      const same = byName.get(c.name) ?? [];
      if (!same.some((k) => k.kql === c.ty.kql)) same.push({ name: c.name, base: c.name, kql: c.ty.kql, ty: c.ty });
      byName.set(c.name, same);
    }
  const keys = [...byName.values()].flat();
  const types = new Map<string, number>();
  for (const k of keys) types.set(k.base, (types.get(k.base) ?? 0) + 1);
  const taken = new Set(keys.filter((k) => types.get(k.base) === 1).map((k) => k.base));
  if (srcName !== undefined) taken.add(srcName);
  for (const k of keys) {
    if (types.get(k.base) === 1) continue;
    const name = `${k.base}_${k.kql}`;
    if (!taken.has(name)) k.name = name;
    else if (!taken.has(`${name}1`)) k.name = `${name}1`;
    else throw new LowerError('HB100', `unsupported: union where the inputs type ${k.base} several ways and already have columns ${name} and ${name}1 (how Kusto names ${k.base}'s ${k.kql} column then is not documented)`, n);
    taken.add(k.name);
  }
  return keys;
}

/**
 * Whether the analyzer's columns are the page's: the withsource= column first, then the same
 * names, each of the same type. Where only the order differs the analyzer's is kept: the page
 * does not say where a union puts a name's second type.
 */
function sameColumns(doc: DocCol[], cols: Col[], srcName: string | undefined, cx: Ctx): boolean {
  if (srcName !== undefined && cols[0]?.name !== srcName) return false;
  const listed = srcName === undefined ? cols : cols.slice(1);
  if (listed.length !== doc.length) return false;
  // (a numbered name, x_long1, is one the analyzer may give another column: the page's example)
  if (doc.some((d) => d.name !== d.base && d.name !== `${d.base}_${d.kql}`)) return false;
  return doc.every((d) => {
    const c = listed.find((x) => x.name === d.name);
    if (!c) return false;
    // (a dynamic column of the analyzer takes any value: conform() makes it dynamic)
    if (c.ty.kql === d.kql || c.ty.kql === 'dynamic') return true;
    // datetime_diff('week'), jaccard_index(): Kusto's engine gives a real where its analyzer says long
    return d.kql === 'real' && cx.engineReal.has(d.name);
  });
}

/**
 * The union with the page's columns where the analyzer lists others (it merges some names typed
 * two ways: for (long, long, int) one long x; it numbers another column than the page's example
 * does). Each input row's value goes to the column of its own name and type; the other columns of
 * the row are null. The names whose meaning differs between the two lists are recorded in
 * `cx.unionRenamed`, so a later operator that names one is refused (lower/expr.ts), and operators
 * that build their output from the analyzer's list are refused after it (lower/tabular.ts: they
 * meet a column the analyzer does not list).
 */
function documentedUnion(n: SNode, inputs: { rel: Rel; name: string }[], srcName: string | undefined, doc: DocCol[], listed: { name: string; ty: Ty }[], cx: Ctx): Rel {
  // An input column the analyzer does not know at all (bag_unpack's, pivot's) or types otherwise
  // than Kusto's engine (datetime_diff('week')'s real): where it goes is not worked out here.
  for (const d of doc)
    if (d.name === d.base && !cx.unionRenamed.has(d.name) && (cx.engineReal.has(d.name) || !listed.some((c) => c.name === d.name)))
      throw new LowerError('HB100', `unsupported: union input column ${d.name} (${d.kql}) is not among the columns Kusto's analyzer gives the union`, n);
  const cols: Col[] = [];
  if (srcName !== undefined) cols.push(cx.col(srcName, scalar('string')));
  for (const d of doc) cols.push(cx.col(d.name, d.ty));
  const parts = inputs.map((inp) => {
    const items: NamedExpr[] = [];
    if (srcName !== undefined) items.push({ col: cols[0], e: lit(str(inp.name), scalar('string')) });
    doc.forEach((d, i) => {
      const col = cols[i + (srcName === undefined ? 0 : 1)];
      const src = inp.rel.cols.find((x) => x.name === d.base && x.ty.kql === d.kql);
      items.push({ col, e: src ? colRef(src) : nullOf(d.ty) });
    });
    return { rel: inp.rel, items };
  });
  // The names that differ, grouped by the input column name they come from: a name the page
  // splits by type, each generated name, a name a generated one clashed with, and any analyzer
  // column that is not the page's column of that name.
  const groups = new Map<string, Set<string>>();
  for (const d of doc) {
    if (d.name === d.base) continue;
    const g = groups.get(d.base) ?? new Set([d.base]);
    g.add(d.name).add(`${d.base}_${d.kql}`);
    groups.set(d.base, g);
  }
  for (const c of listed) {
    if (c.name === srcName || [...groups.values()].some((g) => g.has(c.name))) continue;
    const d = doc.find((x) => x.name === c.name);
    if (!d || (d.kql !== c.ty.kql && c.ty.kql !== 'dynamic')) groups.set(c.name, new Set([c.name]));
  }
  for (const [base, names] of groups) {
    const page = doc.filter((d) => d.base === base || names.has(d.name)).map((d) => `${d.name} (${d.kql})`);
    const analyzer = listed.filter((c) => c.name !== srcName && names.has(c.name)).map((c) => `${c.name} (${c.ty.kql})`);
    for (const name of names) {
      const why = `unsupported: ${name} after this union: the union operator page gives it the columns ${page.join(', ') || `without ${base}`} (one column per name and type), Kusto's analyzer lists ${analyzer.length ? analyzer.join(', ') : `no column named ${[...names].join(' or ')}`}, so the name cannot be read as Kusto would (project the columns you need in each input, converting ${base} to one type)`;
      if (!cx.unionRenamed.has(name)) cx.unionRenamed.set(name, { why, node: n });
    }
  }
  return finishUnion(n, cols, parts);
}

/** The union relation, once each input's items are chosen: exact decimals and dynamic shapes settled. */
function finishUnion(n: SNode, cols: Col[], parts: { rel: Rel; items: NamedExpr[] }[]): Rel {
  // parse_version()'s exact decimals (HUGEINT) stay exact only when every input's column is one
  // (or absent: null); mixed with other decimals (reals here) they would be rounded.
  cols.forEach((c, i) => {
    const xs = parts.map((p) => p.items[i].e);
    if (c.ty.kql !== 'decimal' || !xs.some(isInt128)) return;
    if (xs.some((x) => !isInt128(x) && !(x.k === 'lit' && x.sql.startsWith('CAST(NULL'))))
      throw new LowerError('HB101', `union: column ${c.name} mixes parse_version() values (exact 128-bit decimals) with other decimals`, n);
    c.ty = INT128_DECIMAL;
    for (const p of parts) if (!isInt128(p.items[i].e)) p.items[i].e = nullOf(INT128_DECIMAL);
  });
  // Dynamic columns take the shape common to all inputs.
  cols.forEach((c, i) => {
    if (c.ty.kql !== 'dynamic') return;
    let shape = parts[0]?.items[i].e.ty.shape ?? { k: 'null' as const };
    for (const p of parts) {
      let u = unify(shape, p.items[i].e.ty.shape);
      // an empty bag beside bags with keys: unify gives the struct, which DuckDB cannot cast a MAP to
      if (u && parts.some((q) => !castable(q.items[i].e.ty.shape, u!))) u = undefined;
      if (!u && parts.some((q) => q.items[i].e.ty.shape.k === 'sketch'))
        throw new LowerError('HB110', `union: column ${c.name} holds hll()/tdigest() sketches of different value types or accuracies`, n);
      if (!u) {
        // Values of different kinds (an array here, a bag there, a string): each input's value
        // travels as JSON text, the representation that holds any dynamic value (as iif's does).
        shape = { k: 'json' };
        const J = dyn(shape);
        for (const q of parts) {
          const e = q.items[i].e;
          // (An input lacking the column pads it with a typed null, whose JSON text is the text
          // null: written as that constant, not as the shape's whole rendering, which for a wide
          // bag was kilobytes of SQL per padded column and most of a whole-lab search's statement.)
          q.items[i].e =
            e.ty.shape.k === 'null' ? nullOf(J)
            : e.ty.shape.k === 'json' ? e
            : e.k === 'lit' && e.sql === (nullOf(e.ty) as { sql?: string }).sql ? lit("'null'", J)
            : { k: 'fn', fn: '$json_text', args: [e], ty: J };
        }
        break;
      }
      shape = u;
    }
    c.ty = { kql: 'dynamic', shape };
  });
  return { op: 'union', inputs: parts, cols };
}

/** The name a source's last operator `| as Name` gives it (through parentheses), if any. */
function asName(n: SNode): string | undefined {
  if (n.k === 'ParenthesizedExpression') return asName(kids(n)[0]);
  if (n.k !== 'PipeExpression') return undefined;
  const op = kids(n)[1];
  if (op?.k !== 'AsOperator') return undefined;
  const decl = kids(op).filter((c) => c.k !== 'List').at(-1);
  return decl ? nameOf(decl) : undefined;
}

/** Whether a source's own pipeline has an `as` operator anywhere. */
function hasAs(n: SNode): boolean {
  if (n.k === 'ParenthesizedExpression') return hasAs(kids(n)[0]);
  if (n.k !== 'PipeExpression') return false;
  const [left, op] = kids(n);
  return op?.k === 'AsOperator' || hasAs(left);
}
