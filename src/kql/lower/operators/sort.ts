import type { Rel, SortKey } from '../../ir/types.ts';
import type { SNode } from '../../parse/index.ts';
import { type Ctx, LowerError } from '../context.ts';
import { lowerExpr, ticksVary, toStr } from '../expr.ts';
import { TICKS_REFUSED } from '../values.ts';
import { items, kids, type OperatorLowerer, scopeOf } from './common.ts';

/** Sort keys: default descending; ascending puts nulls first, descending last (Kusto's rule). */
export function sortKeys(list: SNode[], input: Rel, cx: Ctx): SortKey[] {
  return list.map((it) => {
    let expr = it;
    let desc = true;
    let nulls: boolean | undefined;
    if (it.k === 'OrderedExpression') {
      expr = kids(it)[0];
      const clause = it.ch.find((c) => c.k === 'OrderingClause');
      const text = clause ? collect(clause) : [];
      if (text.includes('asc')) desc = false;
      if (text.includes('first')) nulls = true;
      if (text.includes('last')) nulls = false;
    }
    let e = lowerExpr(expr, scopeOf(input), cx);
    // floored to the microsecond, 1tick and 2tick would tie and keep their input order
    if ((e.ty.kql === 'datetime' || e.ty.kql === 'timespan') && ticksVary(e, cx)) throw new LowerError('HB107', `ordering by a value that ${TICKS_REFUSED}`, expr);
    if (e.ty.kql === 'dynamic' && e.ty.shape.k !== 'scalar') e = toStr(e);
    return { e, desc, nullsFirst: nulls ?? !desc };
  });
}

function collect(n: SNode): string[] {
  if (n.k === 'Tok') return [(n.text ?? '').toLowerCase()];
  return n.ch.flatMap(collect);
}

export const sort: OperatorLowerer = (n, input, cx) => {
  const keys = sortKeys(items(n), input, cx);
  return { op: 'sort', input, keys, cols: input.cols, ord: cx.ord(true) };
};
