import { analyzerNames, items, namedItems, type OperatorLowerer, scopeOf, typed } from './common.ts';

/** `project`: exactly the listed columns/expressions, in order. */
export const project: OperatorLowerer = (n, input, cx) => {
  const list = items(n);
  const names = (n.cols ?? []).map((c) => c.name);
  const lowered = namedItems(list, input, cx, scopeOf(input), []);
  // The analyzer names every output column (Column1, renamed duplicates …): use its names.
  const at = analyzerNames(lowered, names);
  const named = lowered.map((it, i) => ({ col: { ...it.col, name: at[i] ?? it.col.name }, e: it.e }));
  const out = typed(named, n, cx);
  return { op: 'select', input, items: out, cols: out.map((i) => i.col), ord: input.ord };
};
