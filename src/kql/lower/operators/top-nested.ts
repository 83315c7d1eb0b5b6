import type { Col, Expr, NamedExpr, Rel } from '../../ir/types.ts';
import type { SNode } from '../../parse/index.ts';
import { type Ctx, LowerError, unsupported } from '../context.ts';
import { lowerExpr } from '../expr.ts';
import { collectTokens } from '../syntax.ts';
import { str } from '../../sql/quote.ts';
import { lit, nullOf, scalar } from '../values.ts';
import { colRef, kids, lists, type OperatorLowerer, scopeOf, splitNamed } from './common.ts';

const LONG = scalar('long');
const BOOL = scalar('bool');

interface Level {
  n?: SNode;
  of: SNode;
  by: SNode;
  desc: boolean;
  /** `with others = ConstExpr`: the constant. */
  others?: SNode;
}

function parseClause(c: SNode): Level {
  let after = '';
  let n: SNode | undefined;
  let of: SNode | undefined;
  let by: SNode | undefined;
  let others: SNode | undefined;
  for (const x of c.ch) {
    if (x.k === 'Tok') {
      after = (x.text ?? '').toLowerCase();
      continue;
    }
    if (x.k === 'TopNestedWithOthersClause') others = kids(x).at(-1);
    else if (after === 'top-nested') n = x;
    else if (after === 'of') of = x;
    else if (after === 'by') by = x;
    else unsupported(x, 'this top-nested clause', 'HB130');
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
  return { n, of, by, desc, others };
}

/**
 * `top-nested [N] of key by agg [asc|desc], …`: level i aggregates by the keys of levels 1..i,
 * keeps the best N groups within each surviving parent group, and the output has one row per
 * surviving leaf with every level's key and aggregate.
 *
 * Ranking within a parent without PARTITION BY: sort all candidate groups by (parent keys, agg,
 * key) to get a global row number g, take min(g) per parent, rank = g - min + 1.
 *
 * `with others = ConstExpr` (top-nested page, ConstExpr: "for each hierarchy level, one record is
 * added with the value that is the aggregation over all records that didn't make it to the top";
 * its example over StormEvents, levels State with others / Source / EndLocation with others, shows
 * the rows): for each level i and each surviving parent group of level i-1 (the whole input at
 * level 1), the records of that parent whose level-i value is not among its top N form an "others"
 * bucket, which is one more row: the parent's keys and aggregates, then at level i and every deeper
 * level j the level's constant and its aggregation over the bucket's records, or, for a level
 * without `with others` (the example's Source), an empty key and a null aggregate. The example
 * shows buckets at a level without `with others` only between levels that have it, so the first
 * and the last level must have it (which levels get buckets otherwise is not documented: HB130),
 * and every level needs N (without N no record is left out). A bucket without records (every value
 * of a parent made the top N) has no documented row: refused while the query runs (HB162). The
 * output is unordered, as without `with others`.
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

  const others = othersConstants(levels, keyExprs, n, cx);

  let prev: Rel | undefined; // survivors of the previous level: k1,a1,…,k(i-1),a(i-1)
  let prevCols: Col[] = [];
  const survivors: Rel[] = [];
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
    survivors.push(prev);
  });
  if (!others) return prev!;
  const parts = [prev!, ...levels.map((_, i) => othersRows(i, levels, others, survivors, input, out, cx))];
  const cols = prev!.cols.map((c) => cx.col(c.name, c.ty));
  return { op: 'union', inputs: parts.map((rel) => ({ rel, items: rel.cols.map((c, j) => ({ col: cols[j], e: colRef(c) })) })), cols };
};

/**
 * The constants of `with others`, one per level (undefined for a level without it), or undefined
 * when no level has it. Refuses what the page leaves open (see topNested).
 */
function othersConstants(levels: Level[], keyExprs: Expr[], at: SNode, cx: Ctx): (Expr | undefined)[] | undefined {
  if (!levels.some((l) => l.others)) return undefined;
  const noN = levels.find((l) => !l.n);
  if (noN)
    return unsupported(noN.of, 'top-nested with others and a level without N (every value of such a level makes the top, so what its others rows are is not documented): give every level a count', 'HB130');
  if (!levels[0].others || !levels[levels.length - 1].others)
    return unsupported(
      at,
      'top-nested with others missing on the first or the last level (the top-nested page shows the others rows of a level without with others only between levels that have it): add with others to both',
      'HB130',
    );
  return levels.map((l, i) => {
    if (!l.others) return undefined;
    const e = lowerExpr(l.others, { cols: [] }, cx);
    if (e.k !== 'lit') return unsupported(l.others, 'top-nested with others = a value that is not a literal constant', 'HB130');
    const want = keyExprs[i].ty;
    if (e.ty.kql !== want.kql || e.ty.shape.k !== 'scalar' || want.shape.k !== 'scalar')
      return unsupported(l.others, `top-nested with others = a ${e.ty.kql} for a level whose values are ${want.kql} (the output column's type is not documented then)`, 'HB101');
    return e;
  });
}

/**
 * The others rows of level i: one per surviving parent group of level i-1 (one in all at the first
 * level), built from the records of that parent whose level-i key is not among the survivors.
 */
function othersRows(i: number, levels: Level[], others: (Expr | undefined)[], survivors: Rel[], input: Rel, out: { name: string }[], cx: Ctx): Rel {
  const keysOver = (r: Rel, upTo: number) => levels.slice(0, upTo).map((l) => lowerExpr(splitNamed(l.of).expr, scopeOf(r), cx));
  const pass = (r: Rel) => r.cols.map((c) => ({ col: cx.col(c.name, c.ty), side: 'left' as const, from: c.id }));
  // records whose keys of levels 1..i are not a survivor of level i …
  const top = survivors[i];
  const aItems = pass(input);
  let bucket: Rel = {
    op: 'join',
    kind: 'leftanti',
    left: input,
    right: top,
    on: keysOver(input, i + 1).map((e, j) => [e, colRef(top.cols[2 * j])]),
    items: aItems,
    cols: aItems.map((x) => x.col),
  };
  // … under a surviving parent (levels 1..i-1)
  const parent = i > 0 ? survivors[i - 1] : undefined;
  if (parent) {
    const sItems = pass(bucket);
    bucket = { op: 'join', kind: 'leftsemi', left: bucket, right: parent, on: keysOver(bucket, i).map((e, j) => [e, colRef(parent.cols[2 * j])]), items: sItems, cols: sItems.map((x) => x.col) };
  }
  const row = scopeOf(bucket);
  const pk: NamedExpr[] = keysOver(bucket, i).map((e, j) => ({ col: cx.col(`__k${j}`, e.ty), e }));
  const aggs: NamedExpr[] = [];
  const aggAt = new Map<number, Col>();
  levels.forEach((l, j) => {
    if (j < i || !others[j]) return;
    const e = lowerExpr(splitNamed(l.by).expr, { ...row, agg: true }, cx);
    const col = cx.col(out[2 * j + 1].name, e.ty);
    aggAt.set(j, col);
    aggs.push({ col, e });
  });
  const count = cx.col('__n', LONG);
  aggs.push({ col: count, e: { k: 'agg', fn: 'count', args: [], ty: LONG } });
  const agg: Rel = { op: 'aggregate', input: bucket, keys: pk, aggs, cols: [...pk.map((k) => k.col), ...aggs.map((a) => a.col)] };
  // the parent's own columns, and a parent without such records (no row in `agg`) kept to be refused
  let joined: Rel = agg;
  const fromParent: Col[] = [];
  const fromAgg = new Map<string, Col>();
  if (parent) {
    const items: { col: Col; side: 'left' | 'right'; from: string }[] = [];
    for (const c of parent.cols) {
      const col = cx.col(c.name, c.ty);
      fromParent.push(col);
      items.push({ col, side: 'left', from: c.id });
    }
    for (const a of aggs) {
      const col = cx.col(a.col.name, a.col.ty);
      fromAgg.set(a.col.id, col);
      items.push({ col, side: 'right', from: a.col.id });
    }
    const on: [Expr, Expr][] = pk.map((k, j) => [colRef(parent.cols[2 * j]), colRef(k.col)]);
    joined = { op: 'join', kind: 'leftouter', left: parent, right: agg, on, items, cols: items.map((x) => x.col) };
  } else for (const a of aggs) fromAgg.set(a.col.id, a.col);
  const n = fromAgg.get(count.id)!;
  const empty: Expr = { k: 'fn', fn: '$le', args: [{ k: 'fn', fn: 'coalesce', args: [colRef(n), lit('0', LONG)], ty: LONG }, lit('0', LONG)], ty: BOOL };
  const msg = 'HB162: unsupported: top-nested with others where every value of a group made the top N (no other records: whether Kusto adds an others row then, and with what aggregate, is not documented)';
  const guard: Expr = { k: 'case', whens: [[empty, { k: 'fn', fn: 'hb_refuse', args: [lit(str(msg), scalar('string'))], ty: BOOL }]], else: lit('true', BOOL), ty: BOOL };
  const checked: Rel = { op: 'where', input: joined, pred: guard, cols: joined.cols };
  const items: NamedExpr[] = [];
  levels.forEach((_, j) => {
    const keyTy = survivors[survivors.length - 1].cols[2 * j].ty;
    const aggTy = survivors[survivors.length - 1].cols[2 * j + 1].ty;
    let key: Expr;
    let val: Expr;
    if (j < i) {
      key = colRef(fromParent[2 * j]);
      val = colRef(fromParent[2 * j + 1]);
    } else {
      const c = aggAt.get(j);
      key = others[j] ?? nullOf(keyTy);
      val = c ? colRef(fromAgg.get(c.id)!) : nullOf(aggTy);
    }
    items.push({ col: cx.col(out[2 * j].name, keyTy), e: key }, { col: cx.col(out[2 * j + 1].name, aggTy), e: val });
  });
  return { op: 'select', input: checked, items, cols: items.map((x) => x.col) };
}
