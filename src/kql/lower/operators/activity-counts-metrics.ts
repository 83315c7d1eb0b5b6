import type { Col, Expr, NamedExpr, Rel } from '../../ir/types.ts';
import type { SNode } from '../../parse/index.ts';
import { type Ctx, LowerError, unsupported } from '../context.ts';
import { lowerExpr } from '../expr.ts';
import { callArgs } from '../functions.ts';
import { colRef, emptyScope } from '../scope.ts';
import { tyOfSCol } from '../tabular.ts';
import { dyn, lit, scalar } from '../values.ts';
import { constSpan, pluginColumn, TICKS_PER_US } from './sliding-window-counts.ts';

/**
 * `evaluate activity_counts_metrics(IdColumn, TimelineColumn, Start, End, Step [, dim…])`
 * (kusto/query/activity-counts-metrics-plugin): per window of Step from Start to End and per
 * combination of the dimensions, `count` (rows), `dcount` (distinct ids), `new_dcount` (distinct
 * ids not seen in any earlier window) and `aggregated_dcount` (distinct ids from the first window
 * to this one, inclusive), as the page's table defines them; its example (four daily windows) is
 * test/kql/operators-activity-counts-metrics.test.ts. Windows are counted from Start (the page's
 * TimelineColumn is "the time window start time"; the example's Start is on a day boundary, as
 * the tests' are). dcount is exact, as everywhere in huntbench.
 *
 * Refused, the pages leaving it open: a Step that is not a constant timespan (week/month/year,
 * numbers; HB132), and while the query runs (HB162, only when such a row or window is there): a
 * row before Start (is it an "earlier window" for new_dcount?), a row after End inside End's
 * window, null times, Start or End; and a dimension combination without rows in some window from
 * Start to End (whether Kusto gives that window a row of zeros, or none, is not documented).
 */
export function activityCountsMetrics(n: SNode, call: SNode, input: Rel, cx: Ctx): Rel {
  const args = callArgs(call);
  if (args.length < 5) return unsupported(call, 'activity_counts_metrics needs IdColumn, TimelineColumn, Start, End and Step', 'HB132');
  if (n.ch.some((c) => c.k === 'EvaluateSchemaClause')) return unsupported(call, 'evaluate activity_counts_metrics with an output schema', 'HB132');
  for (const a of args) if (a.k === 'SimpleNamedExpression') return unsupported(a, 'activity_counts_metrics with a named argument', 'HB132');
  const [idN, timeN, startN, endN, stepN, ...dimNs] = args;
  const what = 'activity_counts_metrics';
  const id = pluginColumn(input, idN, what, 'IdColumn');
  const time = pluginColumn(input, timeN, what, 'TimelineColumn');
  if (time.ty.kql !== 'datetime') return unsupported(timeN, `${what} over a ${time.ty.kql} timeline (only a datetime timeline is done)`, 'HB132');
  if (id.ty.kql === 'dynamic') return unsupported(idN, `${what} of a dynamic IdColumn`, 'HB132');
  const dims = dimNs.map((d) => pluginColumn(input, d, what, 'dimension'));
  for (const [i, d] of dims.entries()) {
    if (d.ty.kql === 'dynamic') return unsupported(dimNs[i], `${what} by a dynamic dimension`, 'HB132');
    if (d.id === time.id || d.id === id.id || dims.indexOf(d) !== i)
      return unsupported(dimNs[i], `${what} with a dimension given twice or equal to the id or the timeline (its output columns are not documented)`, 'HB132');
  }
  const stepTicks = constSpan(stepN, cx, what, 'Step');
  if (stepTicks <= 0n || stepTicks % TICKS_PER_US !== 0n) return unsupported(stepN, `${what} with a Step that is not a positive whole number of microseconds`, 'HB132');
  const start = lowerExpr(startN, emptyScope, cx);
  const end = lowerExpr(endN, emptyScope, cx);
  if (start.ty.kql !== 'datetime' || end.ty.kql !== 'datetime')
    return unsupported(start.ty.kql !== 'datetime' ? startN : endN, `${what} with a Start or End that is not a datetime`, 'HB132');

  const L = scalar('long');
  const B = scalar('bool');
  const step = lit(`CAST(${stepTicks / TICKS_PER_US} AS BIGINT)`, L);
  const count = (filter?: Expr): Expr => ({ k: 'agg', fn: 'count', args: [], ty: L, ...(filter ? { filter } : {}) });
  const fresh = (cs: Col[]) => cs.map((c) => cx.col(c.name, c.ty));
  const pass = (from: Col[], to: Col[]): NamedExpr[] => from.map((c, i) => ({ col: to[i], e: colRef(c) }));

  // Each row's window, counted from Start; null for a row after End's window.
  const k = cx.col('k', L);
  const used = [...new Map([id, time, ...dims].map((c) => [c.id, c])).values()];
  const indexed: Rel = {
    op: 'select',
    input,
    items: [...pass(used, used), { col: k, e: { k: 'fn', fn: 'acm_window', args: [colRef(time), start, end, step], ty: L } }],
    cols: [...used, k],
  };
  const rows: Rel = { op: 'where', input: indexed, pred: { k: 'fn', fn: '$not', args: [{ k: 'fn', fn: '$isnull', args: [colRef(k)], ty: B }], ty: B }, cols: indexed.cols };

  // count and dcount per (window, dims)
  const pw = { k: cx.col('k', L), dims: fresh(dims), count: cx.col('count', L), dcount: cx.col('dcount', L) };
  const perWindow: Rel = {
    op: 'aggregate',
    input: rows,
    keys: [{ col: pw.k, e: colRef(k) }, ...pass(dims, pw.dims)],
    aggs: [
      { col: pw.count, e: count() },
      { col: pw.dcount, e: { k: 'agg', fn: 'dcount', args: [colRef(id)], ty: L } },
    ],
    cols: [pw.k, ...pw.dims, pw.count, pw.dcount],
  };
  // each (id, dims)'s first window, counted in it and every later window up to End's
  const fa = { id: cx.col('id', id.ty), dims: fresh(dims), f: cx.col('f', L) };
  const first: Rel = {
    op: 'aggregate',
    input: rows,
    keys: [{ col: fa.id, e: colRef(id) }, ...pass(dims, fa.dims)],
    aggs: [{ col: fa.f, e: { k: 'agg', fn: 'min', args: [colRef(k)], ty: L } }],
    cols: [fa.id, ...fa.dims, fa.f],
  };
  const w = cx.col('w', L);
  const stretched: Rel = {
    op: 'mvexpand',
    input: first,
    expands: [{ col: w, e: { k: 'fn', fn: 'acm_windows_from', args: [colRef(fa.f), start, end, step], ty: dyn({ k: 'list', of: { k: 'scalar', t: 'long' } }) } }],
    keep: [...fa.dims, fa.f],
    cols: [...fa.dims, fa.f, w],
  };
  const cu = { w: cx.col('w', L), dims: fresh(dims), fresh: cx.col('new_dcount', L), total: cx.col('aggregated_dcount', L) };
  const cumulative: Rel = {
    op: 'aggregate',
    input: stretched,
    keys: [{ col: cu.w, e: colRef(w) }, ...pass(fa.dims, cu.dims)],
    aggs: [
      { col: cu.fresh, e: count({ k: 'fn', fn: '$eq', args: [colRef(w), colRef(fa.f)], ty: B }) },
      { col: cu.total, e: count() },
    ],
    cols: [cu.w, ...cu.dims, cu.fresh, cu.total],
  };
  // cumulative has a row for every window from a combination's first to End's; one without rows
  // (no match in perWindow) is a gap.
  const j = { w: cx.col('w', L), dims: fresh(dims), fresh: cx.col('new_dcount', L), total: cx.col('aggregated_dcount', L), count: cx.col('count', L), dcount: cx.col('dcount', L) };
  const items = [
    { col: j.w, side: 'left' as const, from: cu.w.id },
    ...j.dims.map((c, i) => ({ col: c, side: 'left' as const, from: cu.dims[i].id })),
    { col: j.fresh, side: 'left' as const, from: cu.fresh.id },
    { col: j.total, side: 'left' as const, from: cu.total.id },
    { col: j.count, side: 'right' as const, from: pw.count.id },
    { col: j.dcount, side: 'right' as const, from: pw.dcount.id },
  ];
  const joined: Rel = {
    op: 'join',
    kind: 'leftouter',
    left: cumulative,
    right: perWindow,
    on: [[colRef(cu.w), colRef(pw.k)], ...cu.dims.map((c, i): [Expr, Expr] => [colRef(c), colRef(pw.dims[i])])],
    items,
    cols: items.map((i) => i.col),
  };

  const out = n.cols ?? [];
  if (out.length !== dims.length + 5) throw new LowerError('HB099', `${what}: the analyzer lists other output columns than the page`, call);
  const o = (i: number) => cx.col(out[i].name, tyOfSCol(out[i], n));
  const timeOut = o(0);
  const dimOut = dims.map((_, i) => o(i + 1));
  const [cOut, dOut, nOut, aOut] = [1, 2, 3, 4].map((i) => o(dims.length + i));
  const checked: Expr = { k: 'fn', fn: 'acm_checked', args: [colRef(j.count), colRef(j.w), colRef(j.fresh), colRef(j.total)], ty: L };
  const shapedItems: NamedExpr[] = [
    { col: timeOut, e: { k: 'fn', fn: 'swc_time', args: [start, colRef(j.w), step], ty: timeOut.ty } },
    ...pass(j.dims, dimOut),
    { col: cOut, e: checked },
    { col: dOut, e: colRef(j.dcount) },
    { col: nOut, e: colRef(j.fresh) },
    { col: aOut, e: colRef(j.total) },
  ];
  const shaped: Rel = { op: 'select', input: joined, items: shapedItems, cols: shapedItems.map((i) => i.col) };
  return {
    op: 'sort',
    input: shaped,
    keys: [timeOut, ...dimOut].map((c) => ({ e: colRef(c), desc: false, nullsFirst: true })),
    cols: shaped.cols,
    ord: cx.ord(false),
  };
}
