import type { Rel } from '../../ir/types.ts';
import type { SNode } from '../../parse/index.ts';
import { type Ctx, unsupported } from '../context.ts';
import { lowerExpr } from '../expr.ts';
import { emptyScope } from '../scope.ts';
import { lit, scalar } from '../values.ts';
import { kids, type OperatorLowerer } from './common.ts';
import { buildAggregate } from './summarize.ts';

/** Up to `n` rows of `input` in a random order (non-deterministic by nature, as in Kusto). */
function randomRows(input: Rel, n: SNode, cx: Ctx): Rel {
  const count = lowerExpr(n, emptyScope, cx);
  if (count.ty.kql !== 'long' && count.ty.kql !== 'int') return unsupported(n, `sample count of type ${count.ty.kql}`);
  const shuffled: Rel = { op: 'sort', input, keys: [{ e: lit('random()', scalar('real')), desc: false, nullsFirst: false }], cols: input.cols, ord: cx.ord() };
  return { op: 'limit', input: shuffled, n: count, cols: input.cols, ord: shuffled.ord };
}

/** Hints (`hint.…=`) would change nothing we do here, but they are not read: refuse them. */
function noHints(n: SNode): void {
  const hints = n.ch.find((c) => c.k === 'List');
  if (hints?.ch.length) unsupported(hints, `${n.k === 'SampleOperator' ? 'sample' : 'sample-distinct'} hints`, 'HB130');
}

/** `sample N`: N random rows. */
export const sample: OperatorLowerer = (n, input, cx) => {
  noHints(n);
  return randomRows(input, kids(n).filter((c) => c.k !== 'List').at(-1)!, cx);
};

/** `sample-distinct N of Column`: N random distinct values of the column. */
export const sampleDistinct: OperatorLowerer = (n, input, cx) => {
  noHints(n);
  const [count, column] = kids(n).filter((c) => c.k !== 'List');
  return randomRows(buildAggregate(n, input, cx, [], [column]), count, cx);
};
