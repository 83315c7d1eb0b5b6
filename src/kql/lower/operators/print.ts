import { emptyScope } from '../scope.ts';
import { analyzerNames, items, namedItems, type OperatorLowerer, typed } from './common.ts';

/** `print a = 1, …`: one row. */
export const print: OperatorLowerer = (n, _input, cx) => {
  const names = (n.cols ?? []).map((c) => c.name);
  const lowered = namedItems(items(n), null as never, cx, emptyScope, []);
  const at = analyzerNames(lowered, names);
  const named = typed(lowered.map((it, i) => ({ col: { ...it.col, name: at[i] ?? it.col.name }, e: it.e })), n, cx);
  return { op: 'values', cols: named.map((x) => x.col), rows: [named.map((x) => x.e)], ord: cx.ord() };
};
