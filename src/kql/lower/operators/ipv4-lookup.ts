import type { Expr, NamedExpr, Rel } from '../../ir/types.ts';
import type { SNode } from '../../parse/index.ts';
import { type Ctx, LowerError, unsupported } from '../context.ts';
import { lowerExpr, tabular } from '../expr.ts';
import { callArgs } from '../functions.ts';
import { colRef, emptyScope, findCol } from '../scope.ts';
import { nameOf } from '../syntax.ts';
import { scalar } from '../values.ts';
import { kids, passThrough } from './common.ts';

/**
 * `evaluate ipv4_lookup(LookupTable, SourceIPv4Key, IPv4LookupKey [, ExtraKey1 …] [, return_unmatched])`
 * (kusto/query/ipv4-lookup-plugin): a join of the input with LookupTable where the input row's
 * IPv4 address lies in the lookup row's range (`a.b.c.d/p`, IP-prefix notation; a plain address
 * is its own /32), and the extra keys (columns both sides have) are equal. Documented: the output
 * is the input's columns then the lookup table's (its extra keys once, from the input), as
 * `lookup`'s; each (input row, matching lookup row) pair is one row ("as many records as matching
 * results"); with return_unmatched=true the input rows without a match are kept, the lookup
 * columns empty (null, '' for a string). The docs' example is test/kql/ipv4-lookup.test.ts.
 *
 * Refused: a source address written with a prefix (the docs allow it but do not say how a masked
 * source matches a range; HB162 while the query runs), key columns that are not strings, lookup
 * columns named like input columns (the result's naming is not documented), a computed
 * return_unmatched. A source or lookup key that is not a dotted quad (or a prefix outside 0..32)
 * matches nothing, like `ipv4_is_in_range`'s null.
 */
export function ipv4Lookup(n: SNode, call: SNode, input: Rel, cx: Ctx): Rel {
  const args = callArgs(call);
  if (args.length < 3) return unsupported(call, 'ipv4_lookup needs LookupTable, SourceIPv4Key and IPv4LookupKey', 'HB132');
  const [tableNode, srcNode, keyNode, ...rest] = args;
  let unmatched = false;
  const extraNodes: SNode[] = [];
  for (const [i, a] of rest.entries()) {
    const valueNode = a.k === 'SimpleNamedExpression' ? kids(a)[1] : a;
    if (a.k === 'SimpleNamedExpression' && nameOf(kids(a)[0] ?? a).toLowerCase() !== 'return_unmatched')
      return unsupported(a, 'ipv4_lookup named argument other than return_unmatched', 'HB132');
    if (a.k === 'SimpleNamedExpression' || a.ty === 'bool') {
      if (i !== rest.length - 1) return unsupported(a, 'ipv4_lookup: return_unmatched must be the last argument', 'HB132');
      const v = valueNode ? lowerExpr(valueNode, emptyScope, cx) : undefined;
      if (v?.k !== 'lit' || (v.sql !== 'true' && v.sql !== 'false')) return unsupported(a, 'ipv4_lookup with a computed return_unmatched', 'HB132');
      unmatched = v.sql === 'true';
      continue;
    }
    extraNodes.push(a);
  }
  const right = tabular(tableNode, cx);
  const src = findCol(input.cols, nameOf(srcNode));
  const key = findCol(right.cols, nameOf(keyNode));
  if (!src) throw new LowerError('HB102', `ipv4_lookup: the input has no column '${nameOf(srcNode)}'`, srcNode);
  if (!key) throw new LowerError('HB102', `ipv4_lookup: the lookup table has no column '${nameOf(keyNode)}'`, keyNode);
  if (src.ty.kql !== 'string') return unsupported(srcNode, `ipv4_lookup of a ${src.ty.kql} source key (an IPv4 string is documented)`, 'HB132');
  if (key.ty.kql !== 'string') return unsupported(keyNode, `ipv4_lookup of a ${key.ty.kql} lookup key (an IPv4 string is documented)`, 'HB132');
  const on: [Expr, Expr][] = [];
  const extraRight = new Set<string>();
  for (const x of extraNodes) {
    const name = nameOf(x);
    const l = findCol(input.cols, name);
    const r = findCol(right.cols, name);
    if (!l || !r) throw new LowerError('HB102', `ipv4_lookup: extra key '${name}' must be a column of both the input and the lookup table`, x);
    if (l.ty.kql !== r.ty.kql) return unsupported(x, `ipv4_lookup extra key '${name}' of types ${l.ty.kql} and ${r.ty.kql}`, 'HB132');
    on.push([colRef(l), colRef(r)]);
    extraRight.add(r.id);
  }
  const rightOut = right.cols.filter((c) => !extraRight.has(c.id));
  for (const c of rightOut)
    if (findCol(input.cols, c.name)) return unsupported(call, `ipv4_lookup: the lookup table's column '${c.name}' is also an input column (the result's naming is not documented)`, 'HB132');

  // The address as a number on the input side, the range's first and last numbers on the lookup side.
  const L = scalar('long');
  const addr = cx.col('__ipv4', L);
  const lo = cx.col('__lo', L);
  const hi = cx.col('__hi', L);
  const left: Rel = {
    op: 'select',
    input,
    items: [...input.cols.map((c) => passThrough(c, cx)), { col: addr, e: { k: 'fn', fn: 'ipv4_lookup_addr', args: [colRef(src)], ty: L } }],
    cols: [],
  };
  left.cols = (left as Extract<Rel, { op: 'select' }>).items.map((i) => i.col);
  const leftItems = (left as Extract<Rel, { op: 'select' }>).items;
  const rightItems: NamedExpr[] = [
    ...right.cols.map((c) => passThrough(c, cx)),
    { col: lo, e: { k: 'fn', fn: 'ipv4_lookup_lo', args: [colRef(key)], ty: L } },
    { col: hi, e: { k: 'fn', fn: 'ipv4_lookup_hi', args: [colRef(key)], ty: L } },
  ];
  const rightSel: Rel = { op: 'select', input: right, items: rightItems, cols: rightItems.map((i) => i.col) };
  // passThrough gives new ids: map the extra keys to them.
  const leftId = new Map(input.cols.map((c, i) => [c.id, leftItems[i].col]));
  const rightId = new Map(right.cols.map((c, i) => [c.id, rightItems[i].col]));
  const onMapped: [Expr, Expr][] = on.map(([a, b]) => [colRef(leftId.get((a as { id: string }).id)!), colRef(rightId.get((b as { id: string }).id)!)]);

  // The output: the analyzer's columns (input's, then the lookup table's), checked by name.
  const out = n.cols ?? [];
  const want = [...input.cols.map((c) => c.name), ...rightOut.map((c) => c.name)];
  if (out.length !== want.length || out.some((c, i) => c.name !== want[i]))
    return unsupported(call, `ipv4_lookup: the analyzer's columns (${out.map((c) => c.name).join(', ')}) are not the input's and the lookup table's`, 'HB132');
  const items = [
    ...input.cols.map((c) => ({ col: cx.col(c.name, c.ty), side: 'left' as const, from: leftId.get(c.id)!.id })),
    ...rightOut.map((c) => ({ col: cx.col(c.name, c.ty), side: 'right' as const, from: rightId.get(c.id)!.id })),
  ];
  const cond: Expr = {
    k: 'fn',
    fn: 'ipv4_lookup_in',
    args: [colRef(addr), colRef(lo), colRef(hi)],
    ty: scalar('bool'),
  };
  return { op: 'join', kind: unmatched ? 'leftouter' : 'inner', left, right: rightSel, on: onMapped, cond, items, cols: items.map((i) => i.col) };
}
