import { LowerError } from '../context.ts';
import { findCol, type OperatorLowerer, passThrough } from './common.ts';

/**
 * `project-away`, `project-keep`, `project-reorder`: the analyzer already resolved the column
 * list (wildcards included), so the output is its columns, taken from the input by name.
 */
export const projectByAnalyzer: OperatorLowerer = (n, input, cx) => {
  const out = (n.cols ?? []).map((sc) => {
    const c = findCol(input.cols, sc.name);
    if (!c) throw new LowerError('HB102', `unknown column '${sc.name}'`, n);
    return passThrough(c, cx);
  });
  return { op: 'select', input, items: out, cols: out.map((i) => i.col), ord: input.ord };
};
