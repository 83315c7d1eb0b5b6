import type { Rel } from '../../ir/types.ts';
import type { Ctx } from '../context.ts';
import { items, type OperatorLowerer } from './common.ts';
import { extend } from './extend.ts';

/** Gives an unordered relation a row order (the order rows arrive in). */
export function serialized(input: Rel, cx: Ctx): Rel {
  if (input.ord?.startsWith('s')) return input;
  return { op: 'sort', input, keys: [], cols: input.cols, ord: cx.ord(true) };
}

/** `serialize [Name = expr, …]`. */
export const serialize: OperatorLowerer = (n, input, cx) => {
  const s = serialized(input, cx);
  return items(n).length ? extend(n, s, cx) : s;
};
