import { LowerError } from '../context.ts';
import { engineRef, refuseEngineTyped } from '../engine-types.ts';
import { colRef, findCol, items, type OperatorLowerer } from './common.ts';
import { buildAggregate } from './summarize.ts';

/** `distinct a, b` / `distinct *`: group by the columns. */
export const distinct: OperatorLowerer = (n, input, cx) => {
  const list = items(n);
  if (list.some((x) => x.k === 'StarExpression')) {
    const keys = input.cols.map((c) => {
      if (!findCol(input.cols, c.name)) throw new LowerError('HB102', c.name, n);
      // a column holding Kusto's engine real where its analyzer says long (lower/engine-types.ts)
      if (c.ty.kql === 'real' && cx.engineReal.has(c.name)) refuseEngineTyped(engineRef(colRef(c), c.name, 'long', cx), n);
      return { k: 'NameReference', s: n.s, e: n.e, ch: [{ k: 'Tok', s: n.s, e: n.e, ch: [], text: c.name }], sym: { k: 'ColumnSymbol', name: c.name } };
    });
    // named after the input's columns: the analyzer's list may hold a column Kusto's engine does not
    // output (scan's match_id without with_match_id), so its positions are not the input's
    return buildAggregate(n, input, cx, [], keys, input.cols.map((c) => c.name));
  }
  return buildAggregate(n, input, cx, [], list);
};
