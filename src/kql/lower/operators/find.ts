import type { SqlShape } from '../../api.ts';
import type { Expr, NamedExpr, Rel } from '../../ir/types.ts';
import type { SNode } from '../../parse/index.ts';
import { str } from '../../sql/quote.ts';
import { LowerError, unsupported } from '../context.ts';
import { tabular, toStr } from '../expr.ts';
import { colRef, findCol } from '../scope.ts';
import { conform, tableRel, tyOfSCol } from '../tabular.ts';
import { dyn, lit, nullOf, scalar, unify } from '../values.ts';
import { namedParams, paramText } from '../syntax.ts';
import { items, kids, nameOf, type OperatorLowerer } from './common.ts';
import { tablePredicate } from './search.ts';
import { wildcardTables } from './union.ts';

/**
 * `find [in (T1, T2, …)] where <predicate> [project Col, …]`: the rows of every listed table (all
 * tables when `in` is omitted) that satisfy the predicate, with `source_` naming the table, the
 * columns the analyzer chose (common or projected) and `pack_` holding each row's other columns.
 * Which tables are kept, and by what each is filtered: search.ts tablePredicate.
 */
export const find: OperatorLowerer = (n, _input, cx) => {
  const inClause = n.ch.find((c) => c.k === 'FindInClause');
  const sources = inClause
    ? items(inClause).flatMap((t) => wildcardTables(t, cx, 'find') ?? [{ rel: tabular(t, cx), name: listedName(t, 'find') }])
    : (cx.catalog?.tables ?? []).filter((t) => !t.watchlist).map((t) => ({ rel: tableRel(t.name, n, cx), name: t.name }));
  const predNode = kids(n).find((c) => !['FindInClause', 'FindProjectClause', 'List', 'NamedParameter'].includes(c.k));
  if (!predNode) return unsupported(n, 'find without a predicate');
  const out = n.cols ?? [];
  // the table-name column: `source_`, or the name `withsource=` gives it
  const ws = namedParams(n).get('withsource');
  const sourceName = ws ? paramText(ws) : 'source_';
  const kept = sources.flatMap((s) => {
    const pred = tablePredicate(predNode, s.rel, cx, false);
    if (!pred) return [];
    return [{ ...s, rel: { op: 'where', input: s.rel, pred, cols: s.rel.cols, ord: s.rel.ord } as Rel }];
  });
  if (kept.length === 0) throw new LowerError('HB102', 'find: no table has the columns the predicate uses', predNode);
  const named = out.filter((c) => c.name !== sourceName && c.name !== 'pack_');
  const outNames = new Set(named.map((c) => c.name));
  // pack_: every other column, as one property bag whose keys are the union over the tables.
  const fields: { name: string; shape: SqlShape }[] = [];
  for (const s of kept) {
    for (const c of s.rel.cols) {
      if (outNames.has(c.name)) continue;
      // DuckDB struct keys are case-insensitive: LogonId and LogonID cannot both be keys.
      if (fields.some((x) => x.name !== c.name && x.name.toLowerCase() === c.name.toLowerCase())) continue;
      const f = fields.find((x) => x.name === c.name);
      if (!f) fields.push({ name: c.name, shape: c.ty.shape });
      else f.shape = unify(f.shape, c.ty.shape) ?? { k: 'scalar', t: 'string' };
    }
  }
  const cols = out.map((c) =>
    c.name === 'pack_' ? cx.col('pack_', dyn({ k: 'struct', fields })) : cx.col(c.name, tyOfSCol(c, n)),
  );
  const inputs = kept.map((s) => {
    const its: NamedExpr[] = cols.map((col) => {
      let e: Expr;
      if (col.name === sourceName) e = lit(str(s.name), scalar('string'));
      else if (col.name === 'pack_') {
        const parts: Expr[] = [];
        for (const f of fields) {
          const src = findCol(s.rel.cols, f.name);
          const fty = dyn(f.shape);
          let v: Expr = src ? conform(colRef(src), fty) : nullOf(fty);
          if (src && f.shape.k === 'scalar' && f.shape.t === 'string' && src.ty.kql !== 'string') v = { ...toStr(colRef(src)), ty: fty };
          // Kusto leaves empty values out of pack_; null fields are dropped when printed.
          if (src?.ty.kql === 'string') v = { k: 'fn', fn: 'nonempty_str', args: [colRef(src)], ty: fty };
          parts.push(lit(str(f.name), scalar('string')), v);
        }
        e = { k: 'fn', fn: 'struct_pack', args: parts, ty: col.ty };
      } else {
        const src = findCol(s.rel.cols, col.name);
        e = src ? conform(colRef(src), col.ty) : nullOf(col.ty);
      }
      return { col, e };
    });
    return { rel: s.rel, items: its };
  });
  if (fields.length === 0) {
    const i = cols.findIndex((c) => c.name === 'pack_');
    if (i >= 0) {
      cols.splice(i, 1);
      for (const inp of inputs) inp.items.splice(i, 1);
    }
  }
  return { op: 'union', inputs, cols };
};

/**
 * The name a listed source shows in the table-name column: a dataset table's own name. A let-bound
 * or computed table has none of its own (union calls such a source union_argN, which its page and
 * the oracle show; what find calls it is not shown): refused.
 */
function listedName(t: SNode, op: string): string {
  if (t.k === 'NameReference' && t.sym?.k === 'TableSymbol') return nameOf(t);
  return unsupported(t, `${op} in (…) of a let-bound or computed table (the name Kusto shows for it in the table-name column is not documented)`);
}
