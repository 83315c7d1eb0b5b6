import type { Col, NamedExpr } from '../../ir/types.ts';
import { colRef, items, type OperatorLowerer, scopeOf, splitNamed, typed } from './common.ts';
import { lowerExpr } from '../expr.ts';

/** `extend`: add (or replace) columns; later items see earlier ones. */
export const extend: OperatorLowerer = (n, input, cx) => {
  const list = items(n);
  const inputNames = new Set(input.cols.map((c) => c.name));
  const given = list.map((it) => splitNamed(it).name).filter(Boolean) as string[];
  const auto = (n.cols ?? []).map((c) => c.name).filter((x) => !inputNames.has(x) && !given.includes(x));
  const visible: Col[] = [...input.cols];
  const added: NamedExpr[] = [];
  let a = 0;
  for (const it of list) {
    const { name, expr } = splitNamed(it);
    const e = lowerExpr(expr, scopeOf(input, { cols: visible }), cx);
    const col = cx.col(name ?? auto[a++] ?? `Column${a}`, e.ty);
    added.push({ col, e });
    visible.push(col);
  }
  const typedAdded = typed(added, n);
  const byName = new Map<string, NamedExpr>();
  for (const c of input.cols) byName.set(c.name, { col: cx.col(c.name, c.ty), e: colRef(c) });
  for (const it of typedAdded) byName.set(it.col.name, it);
  const order = n.cols ? n.cols.map((c) => c.name) : [...byName.keys()];
  const itemsOut = order.map((name) => byName.get(name)!).filter(Boolean);
  return { op: 'select', input, items: itemsOut, cols: itemsOut.map((i) => i.col), ord: input.ord };
};
