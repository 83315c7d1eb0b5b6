import { type Col, type Expr, isGroupedWindow, type NamedExpr, type Rel } from '../../ir/types.ts';
import type { Ctx } from '../context.ts';
import { colRef, firstArgumentName, items, type OperatorLowerer, scopeOf, splitNamed, tupleColumns, tupleNames, typed } from './common.ts';
import { lowerExpr } from '../expr.ts';

/** `extend`: add (or replace) columns; later items see earlier new ones, not replaced values. */
export const extend: OperatorLowerer = (n, input, cx) => {
  const list = items(n);
  const inputNames = new Set(input.cols.map((c) => c.name));
  const outNames = new Set((n.cols ?? []).map((c) => c.name));
  const named = list.map((it) => {
    const { name, expr } = splitNamed(it);
    if (expr.ty === 'tuple') return undefined;
    return name ?? firstArgumentName(expr, outNames);
  });
  const given = [...(named.filter(Boolean) as string[]), ...list.flatMap((it) => tupleNames(it) ?? (splitNamed(it).expr.ty === 'tuple' ? [splitNamed(it).name ?? ''] : []))];
  const auto = (n.cols ?? []).map((c) => c.name).filter((x) => !inputNames.has(x) && !given.includes(x));
  const visible: Col[] = [...input.cols];
  const added: NamedExpr[] = [];
  let a = 0;
  list.forEach((it, i) => {
    const { expr } = splitNamed(it);
    const name = named[i];
    const e = lowerExpr(expr, scopeOf(input, { cols: visible }), cx);
    if (expr.ty === 'tuple') {
      // series_stats(…) and friends: one column per result, named by the query or by the analyzer
      const given1 = splitNamed(it).name;
      const names = tupleNames(it) ?? (given1 !== undefined ? [given1] : undefined);
      const cols = tupleColumns(e, names?.length, it);
      for (const [j, t] of cols.entries()) {
        const col = cx.col(names?.[j] ?? auto[a++] ?? `Column${a}`, t.e.ty);
        added.push({ col, e: t.e });
        if (!inputNames.has(col.name)) visible.push(col);
      }
      // Results left unnamed are analyzer columns Kusto's engine does not show (documented): skip their names.
      if (names && e.ty.shape.k === 'struct') a += e.ty.shape.fields.length - cols.length;
      return;
    }
    const col = cx.col(name ?? auto[a++] ?? `Column${a}`, e.ty);
    added.push({ col, e });
    // A replaced input column keeps meaning the input's value for later items (Kusto:
    // `extend a = c, c = a` swaps a and c).
    if (!inputNames.has(col.name)) visible.push(col);
  });
  const { rel: base, items: hoisted } = hoistGroupedWindows(input, added, cx);
  const typedAdded = typed(hoisted, n, cx);
  const byName = new Map<string, NamedExpr>();
  for (const c of input.cols) byName.set(c.name, { col: cx.col(c.name, c.ty), e: colRef(c) });
  for (const it of typedAdded) byName.set(it.col.name, it);
  let order = n.cols ? n.cols.map((c) => c.name) : [...byName.keys()];
  // Input columns the analyzer does not know (evaluate pivot's, bag_unpack's: only the data decides
  // them) stay, in their place, the new columns after them ("appended", extend operator). A column
  // replaced among them takes its new value where it stands, as extend does with any column it
  // replaces (the analyzer's order for known columns, which Kusto's engine follows once the data
  // has decided the columns); its type is the new value's (the analyzer's, checked by `typed`).
  const unknown = n.cols ? input.cols.filter((c) => !outNames.has(c.name)) : [];
  if (unknown.length) order = [...input.cols.map((c) => c.name), ...order.filter((x) => !inputNames.has(x))];
  const itemsOut = order.map((name) => byName.get(name)!).filter(Boolean);
  return { op: 'select', input: base, items: itemsOut, cols: itemsOut.map((i) => i.col), ord: input.ord };
};

/**
 * Window functions that restart or rank (row_cumsum, row_rank_*, row_number with a restart) are
 * computed in passes that need them as whole items: when one sits inside a larger expression
 * (`row_cumsum(x) / row_number()`), it is computed first in a select of its own.
 */
export function hoistGroupedWindows(input: Rel, added: NamedExpr[], cx: Ctx): { rel: Rel; items: NamedExpr[] } {
  const hidden: NamedExpr[] = [];
  const inputIds = new Set(input.cols.map((c) => c.id));
  const readsOnlyInput = (e: Expr): boolean =>
    e.k === 'col' ? inputIds.has(e.id) : e.k === 'fn' || e.k === 'win' ? e.args.every(readsOnlyInput) && (e.k !== 'win' || !e.reset || readsOnlyInput(e.reset)) : e.k === 'case' ? e.whens.every(([c, v]) => readsOnlyInput(c) && readsOnlyInput(v)) && readsOnlyInput(e.else) : e.k === 'cast' ? readsOnlyInput(e.e) : e.k === 'lit';
  const walk = (e: Expr, top: boolean): Expr => {
    if (!top && isGroupedWindow(e) && readsOnlyInput(e)) {
      const col = cx.col(`__w${hidden.length}`, e.ty);
      hidden.push({ col, e });
      return { k: 'col', id: col.id, ty: e.ty };
    }
    if (e.k === 'fn') return { ...e, args: e.args.map((a) => walk(a, false)) };
    if (e.k === 'case') return { ...e, whens: e.whens.map(([c, v]) => [walk(c, false), walk(v, false)] as [Expr, Expr]), else: walk(e.else, false) };
    if (e.k === 'cast') return { ...e, e: walk(e.e, false) };
    return e;
  };
  const items = added.map((it) => ({ col: it.col, e: walk(it.e, true) }));
  if (hidden.length === 0) return { rel: input, items: added };
  const keep = input.cols.map((c) => ({ col: c, e: { k: 'col', id: c.id, ty: c.ty } as Expr }));
  const all = [...keep, ...hidden];
  return { rel: { op: 'select', input, items: all, cols: all.map((x) => x.col), ord: input.ord }, items };
}
