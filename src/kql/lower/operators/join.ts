import type { Expr, JoinKind, Rel } from '../../ir/types.ts';
import type { SNode } from '../../parse/index.ts';
import { type Ctx, LowerError, unsupported } from '../context.ts';
import { lowerExpr, tabular, ticksVary } from '../expr.ts';
import { colRef, findCol } from '../scope.ts';
import { namedParams, paramText } from '../syntax.ts';
import { isInt128, TICKS_REFUSED } from '../values.ts';
import { analyzerOnlyNames, kids, nameOf, type OperatorLowerer } from './common.ts';

const KINDS = new Set(['innerunique', 'inner', 'leftouter', 'rightouter', 'fullouter', 'leftsemi', 'leftanti', 'rightsemi', 'rightanti', 'anti', 'semi', 'leftantisemi', 'rightantisemi']);

/** Equality keys of `on a, $left.b == $right.c, …`. */
export function joinKeys(onClause: SNode, left: Rel, right: Rel, cx: Ctx): [Expr, Expr][] {
  const keys: [Expr, Expr][] = [];
  const scope = { cols: [], left: left.cols, right: right.cols };
  const visit = (e: SNode) => {
    if (e.k === 'NameReference') {
      const name = nameOf(e);
      const l = findCol(left.cols, name);
      const r = findCol(right.cols, name);
      if (!l || !r) throw new LowerError('HB102', `join key '${name}' must exist on both sides`, e);
      keys.push([colRef(l), colRef(r)]);
      return;
    }
    if (e.k === 'BinaryExpression') {
      const op = e.ch.find((c) => c.k === 'Tok')?.text;
      const [a, b] = kids(e);
      if (op === 'and') {
        visit(a);
        visit(b);
        return;
      }
      if (op === '==') {
        const x = lowerExpr(a, scope, cx);
        const y = lowerExpr(b, scope, cx);
        const aLeft = /^\$left/.test(collect(a));
        keys.push(aLeft ? [x, y] : [y, x]);
        return;
      }
    }
    if (e.k === 'ParenthesizedExpression') return visit(kids(e)[0]);
    unsupported(e, 'join condition (only equality keys are supported)');
  };
  for (const l of kids(onClause)) for (const e of l.k === 'List' ? kids(l) : [l]) visit(e);
  // parse_version()'s exact decimals (HUGEINT) equal only one another: against a real they would be rounded
  // Kusto refuses a dynamic value as a sort or group key (the analyzer's KS116); whether and how its
  // join compares dynamic keys is not established here, so a dynamic key is refused, not guessed.
  for (const [a, b] of keys)
    if (a.ty.kql === 'dynamic' || b.ty.kql === 'dynamic') unsupported(onClause, 'a join or lookup key of type dynamic (cast it: tostring(…), tolong(…))');
  for (const [a, b] of keys)
    if (isInt128(a) !== isInt128(b)) throw new LowerError('HB101', "join key: parse_version()'s value (an exact 128-bit decimal) against another type", onClause);
  // values floored to the microsecond would match where Kusto's ticks differ (1tick against 0s)
  const timed = (x: Expr) => x.ty.kql === 'datetime' || x.ty.kql === 'timespan';
  for (const [a, b] of keys)
    if ((timed(a) && ticksVary(a, cx)) || (timed(b) && ticksVary(b, cx))) throw new LowerError('HB107', `a join or lookup key that ${TICKS_REFUSED}`, onClause);
  return keys;
}

const collect = (n: SNode): string => (n.k === 'Tok' ? (n.text ?? '') : n.ch.map(collect).join(''));

export const join: OperatorLowerer = (n, input, cx) => {
  const params = namedParams(n);
  let kind = (params.get('kind') ? paramText(params.get('kind')!) : 'innerunique').toLowerCase();
  if (!KINDS.has(kind)) return unsupported(n, `join kind=${kind}`);
  const phantom = analyzerOnlyNames(input, cx);
  if (kind === 'anti' || kind === 'leftantisemi') kind = 'leftanti';
  if (kind === 'semi') kind = 'leftsemi';
  if (kind === 'rightantisemi') kind = 'rightanti';
  const rightNode = kids(n).find((c) => c.k !== 'List' && c.k !== 'JoinOnClause' && c.k !== 'JoinWhereClause');
  const onClause = n.ch.find((c) => c.k === 'JoinOnClause');
  if (!rightNode || !onClause) return unsupported(n, 'join without an on clause');
  const right = tabular(rightNode, cx);
  const on = joinKeys(onClause, input, right, cx);
  return joinRel(kind as JoinKind, input, right, on, n, cx, phantom);
};

export function joinRel(kind: JoinKind, left: Rel, right: Rel, on: [Expr, Expr][], n: SNode, cx: Ctx, phantom = new Set<string>()): Rel {
  // The left input's analyzer-only columns (analyzerOnlyNames) come first in the analyzer's list
  // when the left side is output: left out (Kusto's engine does not output them).
  const leftOut = !(kind === 'rightsemi' || kind === 'rightanti');
  const all = n.cols ?? [];
  const out = leftOut && phantom.size ? [...all.slice(0, left.cols.length + phantom.size).filter((c) => !phantom.has(c.name)), ...all.slice(left.cols.length + phantom.size)] : all;
  const sides: { side: 'left' | 'right'; cols: typeof left.cols }[] =
    kind === 'leftsemi' || kind === 'leftanti'
      ? [{ side: 'left', cols: left.cols }]
      : kind === 'rightsemi' || kind === 'rightanti'
        ? [{ side: 'right', cols: right.cols }]
        : [
            { side: 'left', cols: left.cols },
            { side: 'right', cols: right.cols },
          ];
  const flat = sides.flatMap((s) => s.cols.map((c) => ({ side: s.side, c })));
  if (flat.length !== out.length) throw new LowerError('HB151', `join output has ${out.length} columns, expected ${flat.length}`, n);
  // the left columns are placed by position: their names must be the input's
  if (flat.some((x, i) => x.side === 'left' && out[i].name !== x.c.name)) throw new LowerError('HB151', 'join: the left columns do not line up with the analyzer\'s', n);
  const items = flat.map((x, i) => ({ col: cx.col(out[i].name, x.c.ty), side: x.side, from: x.c.id }));
  return { op: 'join', kind, left, right, on, items, cols: items.map((i) => i.col) };
}
