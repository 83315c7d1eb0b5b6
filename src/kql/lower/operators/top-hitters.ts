import type { Expr, NamedExpr, Rel } from '../../ir/types.ts';
import { unsupported } from '../context.ts';
import { asScalar, lowerExpr } from '../expr.ts';
import { emptyScope } from '../scope.ts';
import { conform, tyOfSCol } from '../tabular.ts';
import { scalar } from '../values.ts';
import { kids, type OperatorLowerer, scopeOf } from './common.ts';

/**
 * `top-hitters N of Value [by Summing]` (kusto/query/top-hitters-operator). The docs give its
 * meaning as `summarize C = count() by Value | top N by C desc` (with `by`: `sum(Summing)`), which
 * is what this computes, exactly. Kusto estimates the counts with a Count-Min sketch, built for
 * large inputs; the estimate can only exceed the true count when values collide in the sketch.
 * Column names are the analyzer's (`approximate_count_Value`, `approximate_sum_Summing`).
 */
export const topHitters: OperatorLowerer = (n, input, cx) => {
  const parts = kids(n);
  const [countNode, valueNode] = parts;
  const byClause = parts.find((c) => c.k === 'TopHittersByClause');
  const out = n.cols ?? [];
  if (out.length !== 2 || !countNode || !valueNode) return unsupported(n, 'top-hitters of this form');
  const row = scopeOf(input);
  const value = lowerExpr(valueNode, row, cx);
  let measure: Expr;
  if (byClause) {
    const x = lowerExpr(kids(byClause)[0], row, cx);
    const t = x.ty.kql;
    if (t !== 'long' && t !== 'int' && t !== 'real') return unsupported(byClause, `top-hitters by a ${t} expression`, 'HB130');
    const ty = tyOfSCol(out[1], n);
    measure = conform({ k: 'agg', fn: t === 'real' ? 'sum' : 'sum_long', args: [x], ty: t === 'real' ? scalar('real') : scalar('long') }, ty, byClause);
  } else {
    measure = { k: 'agg', fn: 'count', args: [], ty: scalar('long') };
  }
  const keys: NamedExpr[] = [{ col: cx.col(out[0].name, conform(value, tyOfSCol(out[0], n), valueNode).ty), e: conform(value, tyOfSCol(out[0], n), valueNode) }];
  const aggs: NamedExpr[] = [{ col: cx.col(out[1].name, measure.ty), e: measure }];
  const agg: Rel = { op: 'aggregate', input, keys, aggs, cols: [keys[0].col, aggs[0].col] };
  const count = asScalar(lowerExpr(countNode, emptyScope, cx), scalar('long'));
  const m = aggs[0].col;
  const sorted: Rel = { op: 'sort', input: agg, keys: [{ e: { k: 'col', id: m.id, ty: m.ty }, desc: true, nullsFirst: false }], cols: agg.cols, ord: cx.ord(true) };
  return { op: 'limit', input: sorted, n: count, cols: agg.cols, ord: sorted.ord };
};
