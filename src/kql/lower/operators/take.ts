import { lowerExpr } from '../expr.ts';
import { emptyScope } from '../scope.ts';
import { kids, type OperatorLowerer } from './common.ts';

/** `take` / `limit`: the first N rows (in order, when the input is serialized). */
export const take: OperatorLowerer = (n, input, cx) => {
  const count = lowerExpr(kids(n).filter((c) => c.k !== 'List').at(-1)!, emptyScope, cx);
  return { op: 'limit', input, n: count, cols: input.cols, ord: input.ord };
};
