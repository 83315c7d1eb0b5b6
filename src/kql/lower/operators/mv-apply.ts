import type { Col, Expr, NamedExpr, Rel } from '../../ir/types.ts';
import type { SNode } from '../../parse/index.ts';
import { kqlTypeOf, LowerError, unsupported } from '../context.ts';
import { refuseSketchOperand } from '../families/sketches.ts';
import { lowerExpr } from '../expr.ts';
import { nameOf as nm, namedParams, pipeOps, sourceText } from '../syntax.ts';
import { conform } from '../tabular.ts';
import { expandedAs } from './mv-expand.ts';
import { dyn, scalar } from '../values.ts';
import { analyzerOnlyNames, colRef, kids, lists, type OperatorLowerer, scopeOf, splitNamed } from './common.ts';
import { OPERATORS } from './index.ts';
import { serialized } from './serialize.ts';

const LONG = scalar('long');

/** Operators the subquery may use: each keeps rows tied to their source row. */
const ALLOWED = new Set(['FilterOperator', 'ExtendOperator', 'SummarizeOperator', 'MvExpandOperator', 'ParseOperator']);

/** The subquery's operators when they all keep rows tied to their source row, else none (see step 3). */
const ALLOWED_ONLY = (ops: SNode[]) => (ops.every((op) => ALLOWED.has(op.k)) ? ops : []);

/**
 * `mv-apply x = arr [to typeof(T)], … on (subquery)`: the subquery runs once per input row over
 * that row's expanded elements. Lowered as: number the input rows; mv-expand keeping the row
 * number; run the subquery's operators with the row number carried through (an extra `by` key
 * for summarize); join the result back to the input rows on the row number.
 * A subquery of only where / extend / summarize / mv-expand / parse carries the row number through;
 * any other (take, top, sort, project, distinct, …) runs once per source row as a `partition`
 * keyed by the row number (one LATERAL subquery per row, sql/emit.ts) that outputs the key too.
 * `with_itemindex=i` adds the element's 0-based index (a long) to the subquery's rows, `limit N`
 * expands at most the first N elements of each row (both as mv-expand does them); a context id
 * is a coded diagnostic. An array held as JSON text (`todynamic()` of a string column) expands to
 * its elements; a row whose text is a bag or a scalar is refused (HB162) while the query runs.
 */
export const mvApply: OperatorLowerer = (n, input, cx) => {
  const phantom = analyzerOnlyNames(input, cx);
  const [, exprList] = lists(n);
  const params = namedParams(n);
  for (const [k, v] of params) if (k !== 'with_itemindex') return unsupported(v, `mv-apply parameter ${k}`, 'HB130');
  const ctxId = n.ch.find((c) => c.k === 'MvApplyContextIdClause');
  if (ctxId) return unsupported(ctxId, 'mv-apply context id', 'HB130');
  const limNode = n.ch.find((c) => c.k === 'MvApplyRowLimitClause');
  const limLit = limNode && kids(limNode).find((c) => c.k === 'LiteralExpression');
  const limit = limLit ? Number(sourceText(cx.text, limLit).trim()) : undefined;
  if (limNode && (limit === undefined || !Number.isSafeInteger(limit) || limit < 0))
    return unsupported(limNode, 'mv-apply limit other than a constant whole number', 'HB130');
  const sub = n.ch.find((c) => c.k === 'MvApplySubqueryExpression');
  if (!sub) throw new LowerError('HB102', 'mv-apply: missing subquery', n);

  // 1. number the input rows
  const src = serialized(input, cx);
  const ridSrc: Col = { name: '__rid', id: src.ord!, ty: LONG };
  const rid = cx.col('__rid', LONG);
  const numbered: NamedExpr[] = [...src.cols.map((c) => ({ col: c, e: colRef(c) })), { col: rid, e: colRef(ridSrc) }];
  const base: Rel = { op: 'select', input: src, items: numbered, cols: numbered.map((x) => x.col), ord: src.ord };

  // 2. expand
  const expands: { col: Col; e: Expr; cast?: Col }[] = [];
  const replaced = new Set<string>();
  for (const me of kids(exprList ?? ({ ch: [] } as unknown as SNode)).filter((c) => c.k === 'MvApplyExpression')) {
    const [first, toType] = kids(me);
    const { name, expr } = splitNamed(first);
    let e = lowerExpr(expr, scopeOf(base), cx);
    refuseSketchOperand(e, expr, 'mv-apply of a sketch');
    // JSON text (`todynamic(S)` of a string column): an array's elements, a bag's single-property
    // bags (below); a row holding a scalar is refused while the query runs (not documented).
    if (e.ty.kql === 'dynamic' && e.ty.shape.k === 'json') e = { k: 'fn', fn: 'json_array_items_or_refuse', args: [e], ty: dyn({ k: 'list', of: { k: 'json' } }) };
    const colName = name ?? nm(expr);
    // A property bag: the mv-apply page's first step "uses the mv-expand operator to expand each
    // record", and its note says that unlike mv-expand it does not support bagexpansion=array: so
    // a bag is expanded as mv-expand's default kind=bag does, one single-property bag per property
    // (read from its JSON text, as mv-expand.ts does). The page's "Applying mv-apply to a property
    // bag" example is test/kql/operators-mv-apply.test.ts.
    if (e.ty.kql === 'dynamic' && (e.ty.shape.k === 'struct' || e.ty.shape.k === 'map')) {
      const json = dyn({ k: 'json' });
      e = { k: 'fn', fn: 'json_items', args: [{ k: 'fn', fn: '$json_text', args: [e], ty: json }], ty: dyn({ k: 'list', of: { k: 'json' } }) };
    }
    if (e.ty.kql !== 'dynamic' || e.ty.shape.k !== 'list') return unsupported(me, 'mv-apply of a value that is not a known array');
    let ty = dyn(e.ty.shape.of);
    if (toType) {
      const t = JSON.stringify(toType).match(/"text":"(\w+)"/g)?.map((x) => x.slice(8, -1)).find((x) => x !== 'to' && x !== 'typeof');
      // the written name may be a synonym (`typeof(double)` is real, `typeof(boolean)` bool)
      if (t && t !== 'dynamic') ty = scalar(kqlTypeOf(t, toType) as never);
    }
    expands.push({ col: cx.col(colName, ty), e });
    if (!name) replaced.add(colName);
  }
  if (!expands.length) return unsupported(n, 'mv-apply without expansions');
  const idxName = params.get('with_itemindex');
  const index = idxName ? cx.col(nm(idxName), LONG) : undefined;
  const keep = base.cols.filter((c) => !replaced.has(c.name));
  const raw: Rel = {
    op: 'mvexpand',
    input: base,
    expands: expands.map((x) => ({ col: { ...x.col, ty: dyn(x.e.ty.shape.k === 'list' ? x.e.ty.shape.of : { k: 'null' }) }, e: x.e })),
    index,
    limit,
    keep,
    cols: [],
    ord: cx.ord(),
  };
  const rawCols: Col[] = [...keep, ...(raw.op === 'mvexpand' ? raw.expands.map((x) => x.col) : []), ...(index ? [index] : [])];
  raw.cols = rawCols;
  const typedItems: NamedExpr[] = rawCols.map((c) => {
    const x = expands.find((y) => y.col.id === c.id);
    const want = x ? x.col.ty : c.ty;
    return { col: x ? cx.col(c.name, want) : c, e: x ? expandedAs(c, want, n) : conform(colRef(c), want) };
  });
  let cur: Rel = { op: 'select', input: raw, items: typedItems, cols: typedItems.map((i) => i.col), ord: raw.ord };
  let ridCur = rid;

  // 3. the subquery, carrying the row number. Operators that keep rows tied to their source row
  // carry it through; any other subquery runs per source row as a partition keyed by it.
  // `subOrd`: the hidden column holding the order of the subquery's rows (within each source row,
  // the subtable being in array order); `oneRow`: the subquery gives at most one row per source row
  // (a summarize without keys, then only where / extend), which needs no such column.
  const ops = pipeOps(kids(sub)[0]);
  let subOrd: string | undefined;
  let oneRow = false;
  if (!ops.every((op) => ALLOWED.has(op.k))) {
    const slot: Rel = { op: 'shared', name: '__mvapply', input: cur, cols: cur.cols, ord: cur.ord };
    const [outer, key] = [cur, colRef(ridCur)];
    cx.slots.set(slot, (b) => ({ op: 'partition', input: outer, key, slot, body: b, cols: b.cols }));
    let body: Rel = slot;
    for (const op of ops) {
      const h = OPERATORS[op.k];
      if (!h || op.k === 'DataTableExpression' || op.k === 'RangeOperator' || op.k === 'PrintOperator' || op.k === 'ExternalDataExpression')
        return unsupported(op, `operator ${op.k.replace(/Operator$/, '')} inside mv-apply`, 'HB130');
      body = h(op, body, cx);
    }
    const k = cx.col('__rid', LONG);
    const o = body.ord ? cx.col('__sub_ord', LONG) : undefined;
    cur = { op: 'partition', input: cur, key: colRef(ridCur), slot, body, keyCol: k, ordCol: o, cols: [...body.cols, ...(o ? [o] : []), k] };
    ridCur = k;
    subOrd = o?.id;
  }
  let keyless = false;
  for (const op of ALLOWED_ONLY(ops)) {
    const h = OPERATORS[op.k];
    let r = h(op, cur, cx);
    if (op.k !== 'FilterOperator' && op.k !== 'ExtendOperator') oneRow = false;
    if (!r.cols.some((c) => c.id === ridCur.id)) {
      if (r.op === 'aggregate') {
        if (!r.keys.length) keyless = oneRow = true;
        const k = cx.col('__rid', LONG);
        r = { ...r, keys: [...r.keys, { col: k, e: colRef(ridCur) }], cols: [...r.cols, k] };
        ridCur = k;
      } else if (r.op === 'select' && r.input.cols.some((c) => c.id === ridCur.id)) {
        const k = cx.col('__rid', LONG);
        r = { ...r, items: [...r.items, { col: k, e: colRef(ridCur) }], cols: [...r.cols, k] };
        ridCur = k;
      } else {
        return unsupported(op, 'this operator inside mv-apply');
      }
    }
    cur = r;
  }
  if (ALLOWED_ONLY(ops).length === ops.length) subOrd = cur.ord;

  // 4. join back to the input rows
  const items: { col: Col; side: 'left' | 'right'; from: string }[] = [];
  for (const c of n.cols ?? []) {
    const right = cur.cols.find((x) => x.name === c.name && x.id !== ridCur.id);
    const left = keep.find((x) => x.name === c.name && x.id !== rid.id);
    if (right) items.push({ col: cx.col(c.name, right.ty), side: 'right', from: right.id });
    else if (left) items.push({ col: cx.col(c.name, left.ty), side: 'left', from: left.id });
    else if (phantom.has(c.name)) continue;
    else throw new LowerError('HB151', `mv-apply: cannot place column ${c.name}`, n);
  }
  // Output order (mv-apply page: each record expanded "(order is preserved)", the subquery applied
  // to each subtable, the union of the results): the source rows' order (an arbitrary but fixed one
  // when the input has none), then the subquery's own order. A subquery whose rows have no order
  // (a summarize by keys) leaves the output unordered. The serialize page lists mv-apply neither
  // among the operators that serialize nor among those that unserialize, and "all other operators
  // preserve the serialization property": the output of a serialized input is serialized.
  const ordered = subOrd !== undefined || oneRow;
  const keepsSerial = input.ord?.startsWith('s') === true;
  const hidden: { col: Col; side: 'left' | 'right'; from: string }[] = ordered
    ? [{ col: cx.col('__rid', LONG), side: 'left', from: rid.id }, ...(subOrd ? [{ col: cx.col('__sub_ord', LONG), side: 'right' as const, from: subOrd }] : [])]
    : [];
  const inOrder = (r: Rel): Rel =>
    ordered ? { op: 'sort', input: r, keys: hidden.map((h) => ({ e: colRef(h.col), desc: false, nullsFirst: false })), cols: r.cols, ord: cx.ord(keepsSerial) } : r;
  const outItems: NamedExpr[] = items.map((i) => ({ col: cx.col(i.col.name, i.col.ty), e: colRef(i.col) }));
  if (!keyless) {
    const join: Rel = { op: 'join', kind: 'inner', left: base, right: cur, on: [[colRef(rid), colRef(ridCur)]], items: [...items, ...hidden], cols: [...items, ...hidden].map((i) => i.col) };
    // an unordered output of a serialized input is still serialized, in the order rows come
    if (!ordered) return keepsSerial ? serialized(join, cx) : join;
    const sorted = inOrder(join);
    return { op: 'select', input: sorted, items: outItems, cols: outItems.map((i) => i.col), ord: sorted.ord };
  }
  // A summarize without keys gives one row even over no rows; over a subtable left empty (an empty
  // array, or a where that keeps nothing) the subquery's row and its default values are not
  // shown by the mv-apply page: such a row is refused while the query runs.
  const seen = cx.col('__rid_seen', LONG);
  const joined: Rel = {
    op: 'join',
    kind: 'leftouter',
    left: base,
    right: cur,
    on: [[colRef(rid), colRef(ridCur)]],
    items: [...items, ...hidden, { col: seen, side: 'right', from: ridCur.id }],
    cols: [...items, ...hidden].map((i) => i.col).concat(seen),
  };
  const sorted = inOrder(joined);
  const refuse: Expr = {
    k: 'fn',
    fn: 'hb_refuse',
    args: [{ k: 'lit', sql: "'HB162: unsupported: mv-apply whose subquery summarizes without keys over a row left with no elements (an empty array, or a filter that keeps none): its result row is not documented'", ty: scalar('string') }],
    ty: scalar('bool'),
  };
  const guard: Rel = { op: 'where', input: sorted, ord: sorted.ord, pred: { k: 'case', whens: [[{ k: 'fn', fn: '$isnull', args: [colRef(seen)], ty: scalar('bool') }, refuse]], else: { k: 'lit', sql: 'true', ty: scalar('bool') }, ty: scalar('bool') }, cols: joined.cols };
  return { op: 'select', input: guard, items: outItems, cols: outItems.map((i) => i.col), ord: guard.ord };
};
