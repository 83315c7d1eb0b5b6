import { LowerError, unsupported } from '../context.ts';
import { tabular } from '../expr.ts';
import { findCol } from '../scope.ts';
import { namedParams, paramText } from '../syntax.ts';
import { kids, type OperatorLowerer, pipeInputOf } from './common.ts';
import { joinKeys } from './join.ts';

/** `lookup [kind=leftouter|inner] (Dim) on keys`: left columns plus the dimension's non-key columns. */
export const lookup: OperatorLowerer = (n, input, cx) => {
  const params = namedParams(n);
  const kind = (params.get('kind') ? paramText(params.get('kind')!) : 'leftouter').toLowerCase();
  if (kind !== 'leftouter' && kind !== 'inner') return unsupported(n, `lookup kind=${kind}`);
  // The analyzer's columns of the left input (read before the right side is lowered).
  const leftCols = pipeInputOf(input, cx)?.cols;
  const rightNode = kids(n).find((c) => c.k !== 'List' && c.k !== 'JoinOnClause');
  const onClause = n.ch.find((c) => c.k === 'JoinOnClause');
  if (!rightNode || !onClause) return unsupported(n, 'lookup without an on clause');
  const right = tabular(rightNode, cx);
  const on = joinKeys(onClause, input, right, cx);
  // The analyzer lists the left input's columns first, including any Kusto's engine does not
  // output (scan's match_id without with_match_id): those are left out, the left columns are the
  // input's own, by name.
  const all = n.cols ?? [];
  const leftCount = leftCols?.every((c, i) => all[i]?.name === c.name) ? leftCols.length : input.cols.length;
  const leftOut = all.slice(0, leftCount).filter((c) => !leftCols || input.cols.some((l) => l.name === c.name));
  if (leftOut.length !== input.cols.length || leftOut.some((c, i) => c.name !== input.cols[i].name))
    throw new LowerError('HB151', `lookup: cannot place the left columns (${input.cols.map((c) => c.name).join(', ')})`, n);
  const out = [...leftOut, ...all.slice(leftCount)];
  // The dimension's columns follow the left ones in order, keys left out; a name the left side
  // already has comes back with a suffix (`v` → `v1`), so place them by position when the
  // analyzer's list lines up with them, by name otherwise.
  const keyIds = new Set(on.map(([, r]) => (r.k === 'col' ? r.id : '')));
  const rest = right.cols.filter((c) => !keyIds.has(c.id));
  const extra = out.slice(input.cols.length);
  const aligned =
    extra.length === rest.length &&
    extra.every((c, j) => c.name === rest[j].name || (c.name.startsWith(rest[j].name) && /^\d+$/.test(c.name.slice(rest[j].name.length)) && input.cols.some((l) => l.name === rest[j].name)));
  const items = out.map((c, i) => {
    if (i < input.cols.length) return { col: cx.col(c.name, input.cols[i].ty), side: 'left' as const, from: input.cols[i].id };
    const r = aligned ? rest[i - input.cols.length] : findCol(right.cols, c.name);
    if (!r) throw new LowerError('HB151', `lookup: cannot place column ${c.name}`, n);
    return { col: cx.col(c.name, r.ty), side: 'right' as const, from: r.id };
  });
  // A dimension column the analyzer does not list (evaluate pivot's, bag_unpack's) would be dropped.
  const lost = rest.find((r) => !items.some((it) => it.side === 'right' && it.from === r.id));
  if (lost) throw new LowerError('HB151', `lookup: cannot place the dimension's column ${lost.name}`, n);
  return { op: 'join', kind: kind === 'inner' ? 'inner' : 'leftouter', left: input, right, on, items, cols: items.map((i) => i.col) };
};
