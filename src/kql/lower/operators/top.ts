import { unsupported } from '../context.ts';
import { lowerExpr } from '../expr.ts';
import { emptyScope } from '../scope.ts';
import { kids, type OperatorLowerer } from './common.ts';
import { sortKeys } from './sort.ts';
import { refuseOddCount } from './take.ts';

/** `top N by expr [asc|desc]` = sort + take. */
export const top: OperatorLowerer = (n, input, cx) => {
  const parts = kids(n).filter((c) => c.k !== 'List' || c.ch.length > 0);
  const countNode = parts.find((c) => c.k !== 'List' && c.k !== 'NamedParameter')!;
  const byNodes = parts.slice(parts.indexOf(countNode) + 1).flatMap((c) => (c.k === 'List' ? kids(c) : [c]));
  // sort refuses a dynamic key (the analyzer's KS116); top is a sort, so it is refused here too
  for (const b of byNodes) {
    const e = b.k === 'OrderedExpression' ? kids(b)[0] : b;
    if (e.ty === 'dynamic') unsupported(e, 'top by a value of type dynamic (cast it: tostring(…), tolong(…))');
  }
  refuseOddCount(countNode, cx, 'top');
  const count = lowerExpr(countNode, emptyScope, cx);
  const keys = sortKeys(byNodes, input, cx);
  const sorted = { op: 'sort' as const, input, keys, cols: input.cols, ord: cx.ord(true) };
  return { op: 'limit', input: sorted, n: count, cols: input.cols, ord: sorted.ord };
};
