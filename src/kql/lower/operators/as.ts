import type { Ctx } from '../context.ts';
import { kids, nameOf, type OperatorLowerer } from './common.ts';

/** The names bound by `as` in a query (union withsource= refuses to name a source that reads one). */
export const AS_NAMES = new WeakMap<Ctx, Set<string>>();

/** `as Name`: binds the current result to a name for later statements of the query. */
export const as_: OperatorLowerer = (n, input, cx) => {
  const decl = kids(n).filter((c) => c.k !== 'List').at(-1);
  if (decl) {
    cx.bind(nameOf(decl), { k: 'tabular', rel: input });
    const names = AS_NAMES.get(cx) ?? new Set<string>();
    names.add(nameOf(decl));
    AS_NAMES.set(cx, names);
  }
  return input;
};
