import { kids, nameOf, type OperatorLowerer } from './common.ts';

/** `as Name`: binds the current result to a name for later statements of the query. */
export const as_: OperatorLowerer = (n, input, cx) => {
  const decl = kids(n).filter((c) => c.k !== 'List').at(-1);
  if (decl) cx.bind(nameOf(decl), { k: 'tabular', rel: input });
  return input;
};
