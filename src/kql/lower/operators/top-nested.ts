import type { Col, Expr, NamedExpr, Rel } from '../../ir/types.ts';
import type { SNode } from '../../parse/index.ts';
import { LowerError, unsupported } from '../context.ts';
import { lowerExpr } from '../expr.ts';
import { collectTokens } from '../syntax.ts';
import { scalar } from '../values.ts';
import { colRef, kids, lists, type OperatorLowerer, scopeOf, splitNamed } from './common.ts';

const LONG = scalar('long');
const BOOL = scalar('bool');

interface Level {
  n?: SNode;
  of: SNode;
  by: SNode;
  desc: boolean;
}

function parseClause(c: SNode): Level {
  let after = '';
  let n: SNode | undefined;
  let of: SNode | undefined;
  let by: SNode | undefined;
  for (const x of c.ch) {
    if (x.k === 'Tok') {
      after = (x.text ?? '').toLowerCase();
      continue;
    }
    if (after === 'top-nested') n = x;
    else if (after === 'of') of = x;
    else if (after === 'by') by = x;
    else unsupported(x, 'top-nested with others', 'HB130');
  }
  if (!of || !by) throw new LowerError('HB102', 'top-nested: missing of/by', c);
  let desc = true;
  if (by.k === 'OrderedExpression') {
    const [e, ord] = kids(by);
    const t = ord ? collectTokens(ord) : [];
    if (t.some((x) => x.toLowerCase() === 'asc')) desc = false;
    if (t.some((x) => x.toLowerCase().startsWith('nulls'))) unsupported(ord, 'top-nested nulls first/last');
    by = e;
  }
  return { n, of, by, desc };
}

/**
 * `top-nested [N] of key by agg [asc|desc], …`: level i aggregates by the keys of levels 1..i,
 * keeps the best N groups within each surviving parent group, and the output has one row per
 * surviving leaf with every level's key and aggregate.
 *
 * Ranking within a parent without PARTITION BY: sort all candidate groups by (parent keys, agg,
 * key) to get a global row number g, take min(g) per parent, rank = g - min + 1.
 * `with others` is not supported (coded diagnostic).
 */
export const topNested: OperatorLowerer = (n, input, cx) => {
  const clauses = lists(n)
    .flatMap((l) => kids(l))
    .filter((c) => c.k === 'TopNestedClause');
  if (!clauses.length) throw new LowerError('HB102', 'top-nested: no clauses', n);
  const levels = clauses.map(parseClause);
  const out = n.cols ?? [];
  if (out.length !== levels.length * 2) return unsupported(n, 'top-nested output columns');
  // `of tolower(cat)` without a name: the analyzer names the columns '' and 'aggregated_'; the
  // top-nested page says only "Optionally, set an output column name as Name = Expr", not what the
  // name is otherwise (a column reference, or bin() of one, keeps the column's name).
  const unnamed = out.findIndex((c) => !c.name || c.name === 'aggregated_');
  if (unnamed >= 0)
    return unsupported(levels[Math.floor(unnamed / 2)].of, 'top-nested of an expression without a name (the output column name Kusto gives it is not documented): name it, as in top-nested 2 of k = tolower(cat) by …', 'HB130');
  const row = scopeOf(input);

  // key expression and aggregate of each level, over the input rows
  const keyExprs: Expr[] = levels.map((l) => lowerExpr(splitNamed(l.of).expr, row, cx));
  const aggExprs: Expr[] = levels.map((l) => lowerExpr(splitNamed(l.by).expr, { ...row, agg: true }, cx));

  let prev: Rel | undefined; // survivors of the previous level: k1,a1,…,k(i-1),a(i-1)
  let prevCols: Col[] = [];
  levels.forEach((lv, i) => {
    const keyCol = cx.col(out[2 * i].name, keyExprs[i].ty);
    const aggCol = cx.col(out[2 * i + 1].name, aggExprs[i].ty);
    // aggregate by all keys so far
    const ak: NamedExpr[] = keyExprs.slice(0, i + 1).map((e, j) => ({ col: j === i ? keyCol : cx.col(`__k${j}`, e.ty), e }));
    const agg: Rel = { op: 'aggregate', input, keys: ak, aggs: [{ col: aggCol, e: aggExprs[i] }], cols: [...ak.map((k) => k.col), aggCol] };
    // restrict to surviving parents, carrying their columns
    let cand: Rel;
    const parentKeys: Col[] = [];
    if (prev) {
      const items: { col: Col; side: 'left' | 'right'; from: string }[] = [];
      for (const c of prevCols) {
        const nc = cx.col(c.name, c.ty);
        items.push({ col: nc, side: 'right', from: c.id });
      }
      const prevKeyCols = prevCols.filter((_, j) => j % 2 === 0);
      prevKeyCols.forEach((c, j) => {
        parentKeys.push(items[2 * j].col);
        void c;
      });
      items.push({ col: cx.col(keyCol.name, keyCol.ty), side: 'left', from: keyCol.id });
      items.push({ col: cx.col(aggCol.name, aggCol.ty), side: 'left', from: aggCol.id });
      const on: [Expr, Expr][] = prevKeyCols.map((c, j) => [colRef(ak[j].col), colRef(c)]);
      cand = { op: 'join', kind: 'inner', left: agg, right: prev, on, items, cols: items.map((x) => x.col) };
    } else {
      cand = agg;
    }
    const cCols = cand.cols;
    const myKey = cCols[cCols.length - 2];
    const myAgg = cCols[cCols.length - 1];
    const sortKeys = [
      ...parentKeys.map((c) => ({ e: colRef(c), desc: false, nullsFirst: true })),
      { e: colRef(myAgg), desc: lv.desc, nullsFirst: !lv.desc },
      { e: colRef(myKey), desc: false, nullsFirst: true },
    ];
    const sorted: Rel = { op: 'sort', input: cand, keys: sortKeys, cols: cCols, ord: cx.ord() };
    const g: Col = { name: '__g', id: sorted.ord, ty: LONG };
    let rank: Expr;
    let ranked: Rel;
    if (parentKeys.length) {
      const mk: NamedExpr[] = parentKeys.map((c) => ({ col: cx.col(c.name, c.ty), e: colRef(c) }));
      const mn = cx.col('__min', LONG);
      const mins: Rel = { op: 'aggregate', input: sorted, keys: mk, aggs: [{ col: mn, e: { k: 'agg', fn: 'min', args: [colRef(g)], ty: LONG } }], cols: [...mk.map((k) => k.col), mn] };
      const gOut = cx.col('__g', LONG);
      const mOut = cx.col('__min', LONG);
      const jItems = [
        ...cCols.map((c) => ({ col: cx.col(c.name, c.ty), side: 'left' as const, from: c.id })),
        { col: gOut, side: 'left' as const, from: g.id },
        { col: mOut, side: 'right' as const, from: mn.id },
      ];
      const on: [Expr, Expr][] = parentKeys.map((c, j) => [colRef(c), colRef(mk[j].col)]);
      ranked = { op: 'join', kind: 'inner', left: sorted, right: mins, on, items: jItems, cols: jItems.map((x) => x.col) };
      rank = { k: 'fn', fn: '$add', args: [{ k: 'fn', fn: '$sub', args: [colRef(gOut), colRef(mOut)], ty: LONG }, { k: 'lit', sql: '1', ty: LONG }], ty: LONG };
    } else {
      const gOut = cx.col('__g', LONG);
      const sItems = [...cCols.map((c) => ({ col: cx.col(c.name, c.ty), e: colRef(c) })), { col: gOut, e: colRef(g) }];
      ranked = { op: 'select', input: sorted, items: sItems, cols: sItems.map((x) => x.col) };
      rank = colRef(gOut);
    }
    let kept: Rel = ranked;
    if (lv.n) {
      const nE = lowerExpr(lv.n, { cols: [] }, cx);
      kept = { op: 'where', input: ranked, pred: { k: 'fn', fn: '$le', args: [rank, nE], ty: BOOL }, cols: ranked.cols };
    }
    const keepCols = ranked.cols.slice(0, cCols.length);
    const fin: NamedExpr[] = keepCols.map((c) => ({ col: cx.col(c.name, c.ty), e: colRef(c) }));
    prev = { op: 'select', input: kept, items: fin, cols: fin.map((x) => x.col) };
    prevCols = prev.cols;
  });
  return prev!;
};
