import type { Col, Expr, NamedExpr, Rel } from '../../ir/types.ts';
import type { SNode } from '../../parse/index.ts';
import type { Ctx } from '../context.ts';
import { lowerExpr } from '../expr.ts';
import { colRef, findCol, type RowScope } from '../scope.ts';
import { items, kids, lists, nameOf } from '../syntax.ts';
import { conform, tyOfSCol } from '../tabular.ts';

export type OperatorLowerer = (n: SNode, input: Rel, cx: Ctx) => Rel;

export const scopeOf = (input: Rel, extra: Partial<RowScope> = {}): RowScope => ({
  cols: input.cols,
  win: input.ord?.startsWith('s') ?? false,
  ...extra,
});

/** A named item of project/extend/summarize: `Name = expr` or a bare expression. */
export function splitNamed(item: SNode): { name?: string; expr: SNode } {
  if (item.k === 'SimpleNamedExpression') {
    const [decl, expr] = kids(item);
    return { name: nameOf(decl), expr };
  }
  // `(a, b) = arg_max(…)`: the analyzer already named the output columns.
  if (item.k === 'CompoundNamedExpression') return { expr: kids(item).at(-1)! };
  return { expr: item };
}

/**
 * Lowers `items` of extend/project into select items; names come from the analyzer's output
 * columns `out` where the query does not give one.
 */
export function namedItems(list: SNode[], input: Rel, cx: Ctx, row: RowScope, assigned: string[]): NamedExpr[] {
  const result: NamedExpr[] = [];
  const visible = [...row.cols];
  let auto = 0;
  for (const it of list) {
    if (it.k === 'SimpleNamedExpression' && kids(it)[0]?.k === 'List') {
      throw new Error('tuple assignment');
    }
    const { name: given, expr } = splitNamed(it);
    const e = lowerExpr(expr, { ...row, cols: visible }, cx);
    const name = given ?? (expr.k === 'NameReference' ? nameOf(expr) : undefined) ?? assigned[auto++] ?? `Column${auto}`;
    const col = cx.col(name, e.ty);
    result.push({ col, e });
    // Only a name the query gives is visible to later items (a placeholder such as `Column1` must
    // not hide an input column of that name), and a name the input has keeps meaning the input's
    // column (Kusto: `extend a = c, c = a` swaps a and c).
    if (given !== undefined && !row.cols.some((c) => c.name === given)) visible.push(col);
  }
  void input;
  return result;
}

export const passThrough = (c: Col, cx: Ctx, name = c.name): NamedExpr => ({ col: cx.col(name, c.ty), e: colRef(c) });

/** Gives each item the analyzer's type for the column of the same name. */
export function typed(items_: NamedExpr[], n: SNode): NamedExpr[] {
  return items_.map((it) => {
    const sc = n.cols?.find((c) => c.name === it.col.name);
    // 'unknown': the analyzer could not type it (columns of evaluate plugins); keep ours.
    if (!sc || sc.type === 'unknown') return it;
    const want = tyOfSCol(sc, n);
    const e = conform(it.e, want);
    return { col: { ...it.col, ty: want.kql === 'dynamic' ? { kql: 'dynamic', shape: e.ty.shape } : want }, e };
  });
}

export { colRef, findCol, items, kids, lists, nameOf };
export type { Expr };
