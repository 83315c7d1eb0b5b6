import { scalar } from '../values.ts';
import type { OperatorLowerer } from './common.ts';

/** `count`: one row, one column `Count`. */
export const count: OperatorLowerer = (n, input, cx) => {
  const name = n.cols?.[0]?.name ?? 'Count';
  const col = cx.col(name, scalar('long'));
  return { op: 'aggregate', input, keys: [], aggs: [{ col, e: { k: 'agg', fn: 'count', args: [], ty: col.ty } }], cols: [col] };
};
