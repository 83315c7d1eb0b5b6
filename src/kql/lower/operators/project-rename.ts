import { LowerError } from '../context.ts';
import { analyzerOnlyNames, items, kids, nameOf, type OperatorLowerer, passThrough } from './common.ts';

/** `project-rename New = Old, …`: same columns, new names. */
export const projectRename: OperatorLowerer = (n, input, cx) => {
  const renames = new Map<string, string>();
  for (const it of items(n)) {
    const [decl, ref] = kids(it);
    if (decl && ref) renames.set(nameOf(ref), nameOf(decl));
  }
  const out = input.cols.map((c) => passThrough(c, cx, renames.get(c.name) ?? c.name));
  // a renamed column keeps its value, so a column holding Kusto's engine real keeps holding it
  // under the new name (lower/engine-types.ts)
  for (const [from, to] of renames) if (cx.engineReal.has(from)) cx.engineReal.add(to);
  // the analyzer's columns Kusto's engine does not output (scan's match_id …) are not placed
  const phantom = analyzerOnlyNames(input, cx);
  const order = n.cols?.map((c) => c.name).filter((x) => !phantom.has(x) || out.some((o) => o.col.name === x));
  const sorted = order ? order.map((name) => out.find((o) => o.col.name === name)!).filter(Boolean) : out;
  if (order && sorted.length !== order.length) throw new LowerError('HB102', 'project-rename: column mismatch', n);
  return { op: 'select', input, items: sorted, cols: sorted.map((i) => i.col), ord: input.ord };
};
