import type { Expr, Rel } from '../../ir/types.ts';
import { scalar } from '../values.ts';
import type { Ctx } from '../context.ts';
import { items, type OperatorLowerer } from './common.ts';
import { extend } from './extend.ts';

/** Gives an unordered relation a row order (the order rows arrive in). */
export function serialized(input: Rel, cx: Ctx): Rel {
  if (input.ord?.startsWith('s')) return input;
  return { op: 'sort', input, keys: [], cols: input.cols, ord: cx.ord(true) };
}

/**
 * The same rows in the same order, no longer serialized (`o…` order): for operators the serialize
 * page lists as marking their output nonserialized (evaluate …), after which row_number(),
 * prev() and next() are errors in Kusto (HB105 here), not answers.
 */
export function unserialized(input: Rel, cx: Ctx): Rel {
  if (!input.ord?.startsWith('s')) return input;
  const ord: Expr = { k: 'col', id: input.ord, ty: scalar('long') };
  return { op: 'sort', input, keys: [{ e: ord, desc: false, nullsFirst: false }], cols: input.cols, ord: cx.ord() };
}

/** `serialize [Name = expr, …]`. */
export const serialize: OperatorLowerer = (n, input, cx) => {
  const s = serialized(input, cx);
  return items(n).length ? extend(n, s, cx) : s;
};
