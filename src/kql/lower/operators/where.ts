import type { Expr } from '../../ir/types.ts';
import { unsupported } from '../context.ts';
import { asScalar, lowerExpr } from '../expr.ts';
import { scalar } from '../values.ts';
import { kids, type OperatorLowerer, scopeOf } from './common.ts';

/** `where` / `filter`: keep rows whose predicate is true. */
export const where: OperatorLowerer = (n, input, cx) => {
  const cond = kids(n).filter((c) => c.k !== 'List').at(-1);
  if (!cond) return unsupported(n, 'where without a condition');
  const pred = filterForm(asScalar(lowerExpr(cond, scopeOf(input), cx), scalar('bool')));
  return { op: 'where', input, pred, cols: input.cols, ord: input.ord };
};

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
