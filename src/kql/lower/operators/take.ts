import { lowerExpr } from '../expr.ts';
import { emptyScope } from '../scope.ts';
import { unsupported } from '../context.ts';
import type { Ctx } from '../context.ts';
import type { SNode } from '../../parse/index.ts';
import { kids, type OperatorLowerer } from './common.ts';

/** A negative or null row count written as a constant: what Kusto does with it is not documented. */
export function refuseOddCount(node: SNode, cx: Ctx, op: string): void {
  const text = cx.text.slice(node.s, node.e).trim();
  if (/^-/.test(text) || /\bnull\b/i.test(text)) unsupported(node, `${op} with a negative or null row count`);
}

/** `take` / `limit`: the first N rows (in order, when the input is serialized). */
export const take: OperatorLowerer = (n, input, cx) => {
  const node = kids(n).filter((c) => c.k !== 'List').at(-1)!;
  refuseOddCount(node, cx, 'take');
  const count = lowerExpr(node, emptyScope, cx);
  return { op: 'limit', input, n: count, cols: input.cols, ord: input.ord };
};
