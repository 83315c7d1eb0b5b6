import { unsupported } from '../context.ts';
import { lowerExpr, noteStored } from '../expr.ts';
import { emptyScope } from '../scope.ts';
import { tyOfSCol } from '../tabular.ts';
import { kids, type OperatorLowerer } from './common.ts';

/** `range x from a to b step s`: inclusive series, in order. */
export const range: OperatorLowerer = (n, _input, cx) => {
  const [, from, to, step] = kids(n);
  const c = n.cols![0];
  const col = cx.col(c.name, tyOfSCol(c, n));
  let f = lowerExpr(from, emptyScope, cx);
  let t = lowerExpr(to, emptyScope, cx);
  let s = lowerExpr(step, emptyScope, cx);
  for (const x of [f, t, s]) noteStored(x, cx);
  if (col.ty.kql === 'datetime') s = { k: 'fn', fn: 'to_interval_us', args: [s], ty: s.ty };
  // Real steps: whether Kusto adds the step repeatedly or multiplies it (the last digits of
  // 0.1-like steps differ) is not established, and DuckDB has no real series: refused.
  if (col.ty.kql === 'real' || col.ty.kql === 'decimal') return unsupported(n, 'range over real values (use a long range and divide: range i from 10 to 30 step 5 | extend x = i / 10.0)');
  if (col.ty.kql === 'long' || col.ty.kql === 'int' || col.ty.kql === 'timespan') {
    f = { k: 'cast', e: f, to: 'BIGINT', try: false, ty: col.ty };
    t = { k: 'cast', e: t, to: 'BIGINT', try: false, ty: col.ty };
    s = { k: 'cast', e: s, to: 'BIGINT', try: false, ty: col.ty };
  }
  // serialized: "The output row set of the following operators is marked as serialized" lists range
  // (serialize operator, Serialization behavior of operators)
  return { op: 'range', cols: [col], from: f, to: t, step: s, ord: cx.ord(true) };
};
