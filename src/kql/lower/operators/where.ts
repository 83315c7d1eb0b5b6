import type { Expr, Rel } from '../../ir/types.ts';
import { someExpr } from '../../ir/walk.ts';
import { unsupported } from '../context.ts';
import { asScalar, lowerExpr } from '../expr.ts';
import { whereIntoUnion } from '../union-push.ts';
import { scalar } from '../values.ts';
import { kids, type OperatorLowerer, scopeOf } from './common.ts';
import { hoistGroupedWindows } from './extend.ts';

/** `where` / `filter`: keep rows whose predicate is true. */
export const where: OperatorLowerer = (n, input, cx) => {
  const cond = kids(n).filter((c) => c.k !== 'List').at(-1);
  if (!cond) return unsupported(n, 'where without a condition');
  const pred = filterForm(asScalar(lowerExpr(cond, scopeOf(input), cx), scalar('bool')));
  // (after a union: filtered in each input where that is the same answer, lower/union-push.ts)
  if (!hasWindow(pred)) return whereIntoUnion(input, pred) ?? { op: 'where', input, pred, cols: input.cols, ord: input.ord };
  // A window function (`where row_number() == k` after serialize) cannot sit in SQL's WHERE: the
  // predicate is computed as a column first, filtered on, then dropped.
  const flag = cx.col('__where', scalar('bool'));
  const { rel: base, items: computed } = hoistGroupedWindows(input, [{ col: flag, e: pred }], cx);
  const keep = input.cols.map((c) => ({ col: c, e: { k: 'col', id: c.id, ty: c.ty } as Expr }));
  const all = [...keep, ...computed];
  const withFlag: Rel = { op: 'select', input: base, items: all, cols: all.map((x) => x.col), ord: input.ord };
  const kept: Rel = { op: 'where', input: withFlag, pred: { k: 'col', id: flag.id, ty: flag.ty }, cols: withFlag.cols, ord: input.ord };
  return { op: 'select', input: kept, items: keep, cols: input.cols, ord: input.ord };
};

function hasWindow(e: Expr): boolean {
  return someExpr(e, (x) => x.k === 'win');
}

const PLAIN: Record<string, string> = { $eq: '$eq_plain', $eq_real: '$eq_real_plain' };

/**
 * In a filter a null predicate drops the row as false does, so the equalities reachable through
 * and/or need not tell `null == 1` (false) from `null == null` (null): their plain SQL form lets
 * DuckDB push the filter down to the scan.
 */
function filterForm(e: Expr): Expr {
  if (e.k !== 'fn') return e;
  if (e.fn === '$and' || e.fn === '$or') return { ...e, args: e.args.map(filterForm) };
  return PLAIN[e.fn] ? { ...e, fn: PLAIN[e.fn] } : e;
}
