import { unsupported } from '../context.ts';
import { asScalar, lowerExpr } from '../expr.ts';
import { scalar } from '../values.ts';
import { kids, type OperatorLowerer, scopeOf } from './common.ts';

/** `where` / `filter`: keep rows whose predicate is true. */
export const where: OperatorLowerer = (n, input, cx) => {
  const cond = kids(n).filter((c) => c.k !== 'List').at(-1);
  if (!cond) return unsupported(n, 'where without a condition');
  const pred = asScalar(lowerExpr(cond, scopeOf(input), cx), scalar('bool'));
  return { op: 'where', input, pred, cols: input.cols, ord: input.ord };
};
