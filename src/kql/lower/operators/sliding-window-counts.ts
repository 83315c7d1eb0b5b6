import type { Col, Expr, NamedExpr, Rel } from '../../ir/types.ts';
import type { SNode } from '../../parse/index.ts';
import { type Ctx, LowerError, unsupported } from '../context.ts';
import { lowerExpr } from '../expr.ts';
import { callArgs } from '../functions.ts';
import { colRef, emptyScope, findCol } from '../scope.ts';
import { nameOf } from '../syntax.ts';
import { tyOfSCol } from '../tabular.ts';
import { tickValue } from '../ticks.ts';
import { dyn, lit, scalar } from '../values.ts';

export const TICKS_PER_US = 10n;

/** A plugin argument naming a column of the input (the activity plugins take column names). */
export function pluginColumn(input: Rel, x: SNode, plugin: string, what: string): Col {
  if (x.k !== 'NameReference') return unsupported(x, `${plugin} ${what} that is not a column of the input`, 'HB132');
  const c = findCol(input.cols, nameOf(x));
  if (!c) throw new LowerError('HB102', `${plugin}: the input has no column '${nameOf(x)}'`, x);
  return c;
}

/** A constant timespan argument's ticks (the string and numeric forms are refused). */
export function constSpan(x: SNode, cx: Ctx, plugin: string, what: string): bigint {
  const v = tickValue(x, emptyScope, cx);
  if (v?.t !== 'timespan') return unsupported(x, `${plugin} ${what} that is not a constant timespan (the week/month/year and numeric forms are not done)`, 'HB132');
  return v.v;
}

/**
 * `evaluate sliding_window_counts(IdColumn, TimelineColumn, Start, End, LookbackWindow, Bin [, dim…])`
 * (kusto/query/sliding-window-counts-plugin): for each bin of the analysis period and each
 * combination of the dimensions, the number of rows (Count) and of distinct ids (Dcount) in the
 * lookback window ending with that bin. The page says the plugin uses the technique of "Perform
 * aggregations over a sliding window" (samples): rows are binned from Start (`bin_at`), each row
 * is counted in its own bin and the following ones up to LookbackWindow (rounded down to a whole
 * number of bins, as the page says), never past End; a (bin, dims) whose window holds no row has
 * no output row (the technique's summarize). The page's example (3d windows of 1d bins, Start
 * 2017-08-01, End 2017-08-07) confirms: the window of bin b holds the rows of bins b-2 … b, bins
 * run from Start to End inclusive, 08-06 and 08-07 come out from the earlier rows alone
 * (test/kql/operators-sliding-window-counts.test.ts). dcount is exact here, as everywhere in
 * huntbench (see ARCHITECTURE "Sketches": Kusto's estimate is exact on small inputs).
 *
 * What the pages leave open is refused, never guessed:
 * - at compile time (HB132): a Bin or LookbackWindow that is not a constant timespan (the `week`/
 *   `month`/`year` forms, numbers), a Bin finer than a microsecond, a LookbackWindow shorter than
 *   Bin (rounding down gives no bin at all), a timeline that is not a datetime column, an id or
 *   dimension that is not a plain column, the same dimension twice;
 * - while the query runs (HB162), only when such a row is there: a Start not on a boundary of
 *   `bin()` (whether bins are counted from Start or as `bin()` does is then visible), an End not a
 *   whole number of bins after Start or before Start, a null Start, End or timeline, and a row
 *   the two readings of the edges count differently: one before Start but inside the lookback of
 *   Start's bin (the technique counts it, a plugin that first keeps [Start, End] does not), or
 *   after End but inside End's bin. Rows that no window of the period can reach are left out.
 *
 * The output is ordered by the timeline, then the dimensions (the page's example is in timeline
 * order; Kusto promises no order).
 */
export function slidingWindowCounts(n: SNode, call: SNode, input: Rel, cx: Ctx): Rel {
  const args = callArgs(call);
  if (args.length < 6) return unsupported(call, 'sliding_window_counts needs IdColumn, TimelineColumn, Start, End, LookbackWindow and Bin', 'HB132');
  if (n.ch.some((c) => c.k === 'EvaluateSchemaClause')) return unsupported(call, 'evaluate sliding_window_counts with an output schema', 'HB132');
  for (const a of args) if (a.k === 'SimpleNamedExpression') return unsupported(a, 'sliding_window_counts with a named argument', 'HB132');
  const [idN, timeN, startN, endN, lookbackN, binN, ...dimNs] = args;
  const column = (x: SNode, what: string): Col => pluginColumn(input, x, 'sliding_window_counts', what);
  const id = column(idN, 'IdColumn');
  const time = column(timeN, 'TimelineColumn');
  if (time.ty.kql !== 'datetime') return unsupported(timeN, `sliding_window_counts over a ${time.ty.kql} timeline (only a datetime timeline is done)`, 'HB132');
  if (id.ty.kql === 'dynamic') return unsupported(idN, 'sliding_window_counts of a dynamic IdColumn', 'HB132');
  const dims = dimNs.map((d) => column(d, 'dimension'));
  for (const [i, d] of dims.entries()) {
    if (d.ty.kql === 'dynamic') return unsupported(dimNs[i], 'sliding_window_counts by a dynamic dimension', 'HB132');
    if (d.id === time.id || dims.indexOf(d) !== i) return unsupported(dimNs[i], 'sliding_window_counts with a dimension given twice or equal to the timeline (its output columns are not documented)', 'HB132');
  }

  const span = (x: SNode, what: string): bigint => constSpan(x, cx, 'sliding_window_counts', what);
  const binTicks = span(binN, 'Bin');
  const lookTicks = span(lookbackN, 'LookbackWindow');
  if (binTicks <= 0n || binTicks % TICKS_PER_US !== 0n) return unsupported(binN, 'sliding_window_counts with a Bin that is not a positive whole number of microseconds', 'HB132');
  // "This value should be a multiple of the Bin value, otherwise the LookbackWindow will be rounded down"
  const bins = lookTicks / binTicks;
  if (bins < 1n) return unsupported(lookbackN, 'sliding_window_counts with a LookbackWindow shorter than Bin (rounding it down leaves no bin; what Kusto does is not documented)', 'HB132');

  const start = lowerExpr(startN, emptyScope, cx);
  const end = lowerExpr(endN, emptyScope, cx);
  if (start.ty.kql !== 'datetime' || end.ty.kql !== 'datetime')
    return unsupported(start.ty.kql !== 'datetime' ? startN : endN, 'sliding_window_counts with a Start or End that is not a datetime', 'HB132');

  const L = scalar('long');
  const B = scalar('bool');
  const binUs = lit(`CAST(${binTicks / TICKS_PER_US} AS BIGINT)`, L);
  const width = lit(`CAST(${bins} AS BIGINT)`, L);
  const used = [...new Map([id, time, ...dims].map((c) => [c.id, c])).values()];
  const k = cx.col('k', L);
  // Each row's bin, counted from Start; null for a row no window of the period reaches.
  const indexed: Rel = {
    op: 'select',
    input,
    items: [...used.map((c): NamedExpr => ({ col: c, e: colRef(c) })), { col: k, e: { k: 'fn', fn: 'swc_bin', args: [colRef(time), start, end, binUs, width], ty: L } }],
    cols: [...used, k],
  };
  const counted: Rel = { op: 'where', input: indexed, pred: { k: 'fn', fn: '$not', args: [{ k: 'fn', fn: '$isnull', args: [colRef(k)], ty: B }], ty: B }, cols: indexed.cols };
  // The technique's "stretch": a row counts in its bin and the next bins - 1 ones.
  const w = cx.col('w', L);
  const keep = [id, ...dims.filter((d) => d.id !== id.id)];
  const stretched: Rel = {
    op: 'mvexpand',
    input: counted,
    expands: [{ col: w, e: { k: 'fn', fn: 'swc_window', args: [colRef(k), width], ty: dyn({ k: 'list', of: { k: 'scalar', t: 'long' } }) } }],
    keep,
    cols: [...keep, w],
  };
  const inPeriod: Rel = { op: 'where', input: stretched, pred: { k: 'fn', fn: 'swc_in_period', args: [colRef(w), start, end, binUs], ty: B }, cols: stretched.cols };

  const out = n.cols ?? [];
  if (out.length !== dims.length + 3) throw new LowerError('HB099', 'sliding_window_counts: the analyzer lists other output columns than the page', call);
  const timeOut = cx.col(out[0].name, tyOfSCol(out[0], n));
  const dimKeys = dims.map((d, i): NamedExpr => ({ col: cx.col(out[i + 1].name, tyOfSCol(out[i + 1], n)), e: colRef(d) }));
  const countCol = cx.col(out[dims.length + 1].name, tyOfSCol(out[dims.length + 1], n));
  const dcountCol = cx.col(out[dims.length + 2].name, tyOfSCol(out[dims.length + 2], n));
  const wKey: NamedExpr = { col: cx.col('w', L), e: colRef(w) };
  const grouped: Rel = {
    op: 'aggregate',
    input: inPeriod,
    keys: [wKey, ...dimKeys],
    aggs: [
      { col: countCol, e: { k: 'agg', fn: 'count', args: [], ty: L } },
      { col: dcountCol, e: { k: 'agg', fn: 'dcount', args: [colRef(id)], ty: L } },
    ],
    cols: [wKey.col, ...dimKeys.map((d) => d.col), countCol, dcountCol],
  };
  const timeE: Expr = { k: 'fn', fn: 'swc_time', args: [start, colRef(wKey.col), binUs], ty: timeOut.ty };
  const items: NamedExpr[] = [{ col: timeOut, e: timeE }, ...[...dimKeys.map((d) => d.col), countCol, dcountCol].map((c): NamedExpr => ({ col: c, e: colRef(c) }))];
  const shaped: Rel = { op: 'select', input: grouped, items, cols: items.map((i) => i.col) };
  return {
    op: 'sort',
    input: shaped,
    keys: [timeOut, ...dimKeys.map((d) => d.col)].map((c) => ({ e: colRef(c), desc: false, nullsFirst: true })),
    cols: shaped.cols,
    ord: cx.ord(false),
  };
}
