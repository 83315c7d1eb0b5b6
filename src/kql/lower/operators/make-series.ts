import type { SqlShape } from '../../api.ts';
import type { Expr, NamedExpr, Rel, Ty } from '../../ir/types.ts';
import type { SNode } from '../../parse/index.ts';
import { LowerError, unsupported } from '../context.ts';
import { lowerExpr } from '../expr.ts';
import { callName } from '../functions.ts';
import { emptyScope } from '../scope.ts';
import { child } from '../syntax.ts';
import { conform } from '../tabular.ts';
import { dyn, exactDefault, lit, scalar } from '../values.ts';
import { colRef, items, kids, lists, type OperatorLowerer, scopeOf, splitNamed } from './common.ts';

const LONG = scalar('long');
const BOOL = scalar('bool');
const REAL = scalar('real');
const fn = (name: string, ty: Ty, ...args: Expr[]): Expr => ({ k: 'fn', fn: name, args, ty });
const castLong = (e: Expr): Expr => ({ k: 'cast', e, to: 'BIGINT', try: false, ty: LONG });
const and = (a: Expr | undefined, b: Expr): Expr => (a ? fn('$and', BOOL, a, b) : b);

/**
 * `make-series [kind=nonempty] [C =] agg() [default = v], … on axis [from a] [to b] step s [by keys]`
 * (kind=nonempty only without keys and with both bounds: one default-filled row for an empty input)
 * (also `on axis in range(a, b, s)`, whose stop is inclusive).
 * One row per group: each aggregate becomes an array over the bins `a, a+s, …` (`to` exclusive),
 * absent bins take the default (0 unless given), and the last column is the bin axis.
 *
 * SQL shape: filter rows to the range; aggregate by keys + bin index; fold each group's bins into a
 * list of `{i, v1, v2 …}` structs; then build each array with `list_transform(range(n), …)`,
 * looking the bin up by index (so real/datetime axes never compare computed bin values).
 * With no `from`, the start is `bin(min(axis), step)`; with no `to`, the series ends at the last
 * populated bin. A series with no bins (from == to) yields no rows.
 */
export const makeSeries: OperatorLowerer = (n, input, cx) => {
  const out = n.cols ?? [];
  const [paramList, aggListNode] = lists(n);
  let nonEmptyNode: SNode | undefined;
  for (const p of kids(paramList ?? { ch: [] } as unknown as SNode)) {
    const text = JSON.stringify(p).toLowerCase();
    if (p.k === 'NamedParameter' && !text.includes('"nonempty"')) unsupported(p, 'make-series parameter');
    if (p.k === 'NamedParameter') nonEmptyNode = p;
  }
  const seriesExprs = kids(aggListNode).filter((c) => c.k === 'MakeSeriesExpression');
  const onClause = child(n, 'MakeSeriesOnClause');
  if (!onClause) throw new LowerError('HB102', 'make-series: missing on clause', n);
  const axisNode = kids(onClause)[0];
  const byClause = child(n, 'MakeSeriesByClause');
  const keyList = byClause ? items(byClause) : [];

  const row = scopeOf(input);
  const axis = lowerExpr(axisNode, row, cx);
  const axisKind = axis.ty.kql;
  if (axisKind !== 'datetime' && axisKind !== 'long' && axisKind !== 'int' && axisKind !== 'real' && axisKind !== 'decimal') {
    return unsupported(axisNode, `make-series axis of type ${axisKind}`);
  }
  const isDt = axisKind === 'datetime';

  // Range: from / to (exclusive) / step, or `in range(start, stop, step)` (stop inclusive).
  let fromE: Expr | undefined;
  let toE: Expr | undefined;
  let stepE: Expr | undefined;
  let stopInclusive = false;
  const ft = child(n, 'MakeSeriesFromToStepClause');
  const inRange = child(n, 'MakeSeriesInRangeClause');
  const scalarOf = (x: SNode | undefined): Expr | undefined => (x ? lowerExpr(x, emptyScope, cx) : undefined);
  if (ft) {
    fromE = scalarOf(kids(child(ft, 'MakeSeriesFromClause') ?? { ch: [] } as unknown as SNode)[0]);
    toE = scalarOf(kids(child(ft, 'MakeSeriesToClause') ?? { ch: [] } as unknown as SNode)[0]);
    stepE = scalarOf(kids(child(ft, 'MakeSeriesStepClause') ?? { ch: [] } as unknown as SNode)[0]);
  } else if (inRange) {
    const args = items(child(inRange, 'ExpressionList'));
    if (args.length !== 3) return unsupported(inRange, 'make-series in range() with other than 3 arguments');
    [fromE, toE, stepE] = args.map((a) => lowerExpr(a, emptyScope, cx));
    stopInclusive = true;
  }
  if (!stepE) return unsupported(n, 'make-series without step');
  // kind=nonempty: the page shows its result for an empty input with no `by`, a `from` and a `to`
  // (one row of default-filled arrays over the range); with keys or an open range it does not.
  if (nonEmptyNode && (keyList.length || !fromE || !toE))
    unsupported(nonEmptyNode, 'make-series kind=nonempty with by keys or without from / to (the default result is documented only for neither)', 'HB130');
  if (isDt) {
    if (stepE.ty.kql !== 'timespan') return unsupported(n, 'make-series datetime axis with a non-timespan step');
    if ((fromE && fromE.ty.kql !== 'datetime') || (toE && toE.ty.kql !== 'datetime')) {
      return unsupported(n, 'make-series datetime axis with non-datetime bounds');
    }
  } else {
    const num = (e?: Expr) => !e || ['long', 'int', 'real', 'decimal'].includes(e.ty.kql);
    if (!num(fromE) || !num(toE) || !num(stepE)) return unsupported(n, 'make-series numeric axis with non-numeric bounds');
    if (axisKind === 'long' || axisKind === 'int') {
      if (stepE.ty.kql !== 'long' && stepE.ty.kql !== 'int') return unsupported(n, 'make-series integer axis with a fractional step');
    }
  }
  const step = stepE;

  // 1. rows inside the range
  let pred: Expr | undefined = fn('$isnotnull', BOOL, axis);
  if (fromE) pred = and(pred, fn('$ge', BOOL, axis, fromE));
  if (toE) pred = and(pred, fn(stopInclusive ? '$le' : '$lt', BOOL, axis, toE));
  const r1: Rel = { op: 'where', input, pred: pred!, cols: input.cols };

  // 2. series origin: `from`, else bin(min(axis), step)
  let origin: Expr;
  if (fromE && stopInclusive) {
    // `in range()`: "binning the index axis is generated with bin() and not bin_at(), which means
    // that start may not be included" (make-series page): which bins then form the axis is not
    // shown, so a start that is not a multiple of the step (where bin() and bin_at() differ) is refused.
    const binnedStart = isDt
      ? fn('bin_dt', fromE.ty, fromE, step)
      : axisKind === 'real' || axisKind === 'decimal' || step.ty.kql === 'real' || fromE.ty.kql === 'real'
        ? fn('bin_real', fromE.ty, fromE, step)
        : fn('bin_long_exact', fromE.ty, fromE, step);
    origin = fn('series_start_on_bin_or_refuse', fromE.ty, fromE, binnedStart);
  } else if (fromE) {
    origin = fromE;
  } else {
    const binned = isDt
      ? fn('bin_dt', axis.ty, axis, step)
      : axisKind === 'real' || axisKind === 'decimal' || step.ty.kql === 'real'
        ? fn('bin_real', axis.ty, axis, step)
        : fn('bin_long_exact', axis.ty, axis, step);
    const c = cx.col('min', axis.ty);
    const agg: Rel = { op: 'aggregate', input: r1, keys: [], aggs: [{ col: c, e: { k: 'agg', fn: 'min', args: [binned], ty: axis.ty } }], cols: [c] };
    origin = { k: 'scalar', rel: agg, ty: axis.ty };
  }
  const diff = (a: Expr): Expr => (isDt ? fn('$dt_diff', scalar('timespan'), a, origin) : fn('$sub', a.ty, a, origin));
  const idxOf = (a: Expr): Expr => fn('$ts_divn', LONG, diff(a), step);

  // 3. aggregate by keys + bin index
  const keys: NamedExpr[] = keyList.map((k, i) => {
    const { expr } = splitNamed(k);
    const e = lowerExpr(expr, row, cx);
    return { col: cx.col(out[i]?.name ?? `Column${i + 1}`, e.ty), e };
  });
  const idxCol = cx.col('__bin', LONG);
  const series: { name: string; agg: NamedExpr; dflt: Expr; field: string }[] = [];
  seriesExprs.forEach((se, i) => {
    const [first, dflt] = kids(se);
    const { expr } = splitNamed(first);
    const fname = expr.k === 'FunctionCallExpression' ? callName(expr) : '';
    if (['arg_max', 'arg_min', 'percentiles', 'percentiles_array'].includes(fname)) unsupported(expr, `make-series aggregate ${fname}`);
    const e = lowerExpr(expr, { ...row, agg: true }, cx);
    if (e.ty.kql === 'dynamic') unsupported(expr, 'make-series of a dynamic aggregate');
    const name = out[keys.length + i]?.name ?? `Column${i + 1}`;
    // Kusto's analyzer types some unnamed series (percentile_v_50) as scalars, not arrays.
    const aty = out[keys.length + i]?.type;
    if (aty !== undefined && aty !== 'dynamic' && aty !== 'unknown') unsupported(expr, `make-series column ${name} typed ${aty} by the analyzer (give the series a name)`);
    let d: Expr;
    if (dflt) {
      const de = kids(dflt).find((c) => c.k !== 'Tok');
      if (!de) throw new LowerError('HB102', 'make-series: empty default', dflt);
      const dv = lowerExpr(de, emptyScope, cx);
      refuseDefault(dv, e.ty, de);
      d = conform(dv, e.ty);
    } else {
      if (['datetime', 'bool', 'guid', 'timespan'].includes(e.ty.kql)) d = lit('NULL', e.ty);
      else d = e.ty.kql === 'string' ? lit("''", e.ty) : conform(lit('0', LONG), e.ty);
    }
    series.push({ name, agg: { col: cx.col(name, e.ty), e }, dflt: d, field: `v${i}` });
  });
  if (out.length !== keys.length + series.length + 1) throw new LowerError('HB102', 'make-series: unexpected output columns', n);
  const a: Rel = {
    op: 'aggregate',
    input: r1,
    keys: [...keys, { col: idxCol, e: idxOf(axis) }],
    aggs: series.map((s) => s.agg),
    cols: [...keys.map((k) => k.col), idxCol, ...series.map((s) => s.agg.col)],
  };

  // 4. number of bins
  let nBins: Expr;
  if (toE) {
    const span = isDt ? fn('$ts_div', REAL, diff(toE), step) : fn('$ts_div', REAL, diff(toE), step);
    nBins = castLong(fn('ceiling', REAL, span));
    if (stopInclusive) nBins = castLong(fn('$add', LONG, castLong(fn('floor_num', REAL, span)), lit('1', LONG)));
  } else {
    const c = cx.col('max', LONG);
    const agg: Rel = { op: 'aggregate', input: a, keys: [], aggs: [{ col: c, e: { k: 'agg', fn: 'max', args: [colRef(idxCol)], ty: LONG } }], cols: [c] };
    nBins = fn('$add', LONG, { k: 'scalar', rel: agg, ty: LONG }, lit('1', LONG));
  }

  // 5. one row per group with its bins as a list of structs
  const pairShape: SqlShape = {
    k: 'struct',
    fields: [{ name: 'i', shape: LONG.shape }, ...series.map((s) => ({ name: s.field, shape: s.agg.col.ty.shape }))],
  };
  const pairTy = dyn(pairShape);
  const packArgs: Expr[] = [lit("'i'", scalar('string')), colRef(idxCol)];
  for (const s of series) packArgs.push(lit(`'${s.field}'`, scalar('string')), colRef(s.agg.col));
  const pairsCol = cx.col('__pairs', dyn({ k: 'list', of: pairShape }));
  const bKeys: NamedExpr[] = keys.map((k) => ({ col: cx.col(k.col.name, k.col.ty), e: colRef(k.col) }));
  const b: Rel = {
    op: 'aggregate',
    input: a,
    keys: bKeys,
    aggs: [{ col: pairsCol, e: { k: 'agg', fn: 'make_list', args: [fn('struct_pack', pairTy, ...packArgs)], ty: pairsCol.ty } }],
    cols: [...bKeys.map((k) => k.col), pairsCol],
  };
  let hasBins = fn('$gt', BOOL, fn('array_length', LONG, colRef(pairsCol)), lit('0', LONG));
  if (nonEmptyNode) {
    // no keys: `b` is one row. An empty input keeps it (all defaults); an input whose rows all fall
    // outside the range is not the documented case: refused while running.
    const cnt = cx.col('__n_in', LONG);
    const inputRows: Expr = { k: 'scalar', rel: { op: 'aggregate', input, keys: [], aggs: [{ col: cnt, e: { k: 'agg', fn: 'count', args: [], ty: LONG } }], cols: [cnt] }, ty: LONG };
    hasBins = fn('series_nonempty_keep', BOOL, fn('coalesce', LONG, fn('array_length', LONG, colRef(pairsCol)), lit('0', LONG)), inputRows);
  }
  const nonEmpty = fn('$and', BOOL, hasBins, fn('$gt', BOOL, nBins, lit('0', LONG)));
  const bw: Rel = { op: 'where', input: b, pred: nonEmpty, cols: b.cols };
  // DuckDB binds no subqueries inside lambdas: materialise origin and bin count as columns first.
  const originCol = cx.col('__origin', origin.ty);
  const nCol = cx.col('__n', LONG);
  const pass: NamedExpr[] = bw.cols.map((c) => ({ col: c, e: colRef(c) }));
  const bfItems: NamedExpr[] = [...pass, { col: originCol, e: origin }, { col: nCol, e: nBins }];
  const bf: Rel = { op: 'select', input: bw, items: bfItems, cols: bfItems.map((i) => i.col) };

  // 6. the arrays
  const x: Expr = { k: 'param', name: '__x', ty: LONG };
  const p: Expr = { k: 'param', name: '__p', ty: pairTy };
  const bins = fn('list_range', dyn({ k: 'list', of: LONG.shape }), colRef(nCol));
  const entry = fn(
    'array_index',
    pairTy,
    fn('list_filter', pairsCol.ty, colRef(pairsCol), {
      k: 'lambda',
      param: '__p',
      body: fn('$eq', BOOL, fn('struct_field', LONG, p, lit("'i'", scalar('string'))), x),
      ty: BOOL,
    }),
    lit('1', LONG),
  );
  const listOf = (ty: Ty): Ty => dyn({ k: 'list', of: ty.shape });
  const transform = (body: Expr, ty: Ty): Expr => fn('list_transform', listOf(ty), bins, { k: 'lambda', param: '__x', body, ty });
  const itemsOut: NamedExpr[] = bKeys.map((k) => ({ col: cx.col(k.col.name, k.col.ty), e: colRef(k.col) }));
  for (const s of series) {
    const ty = s.agg.col.ty;
    const v = fn('struct_field', ty, entry, lit(`'${s.field}'`, scalar('string')));
    const body: Expr = { k: 'case', whens: [[fn('$isnull', BOOL, entry), s.dflt]], else: v, ty };
    itemsOut.push({ col: cx.col(s.name, listOf(ty)), e: transform(body, ty) });
  }
  const axisTy: Ty = isDt ? scalar('datetime') : axis.ty;
  const offset = isDt
    ? fn('$dt_add', axisTy, colRef(originCol), fn('$ts_mul', scalar('timespan'), x, step))
    : fn('$add', axisTy, colRef(originCol), fn('$mul', axisTy, x, step));
  itemsOut.push({ col: cx.col(out[out.length - 1].name, listOf(axisTy)), e: transform(conform(offset, axisTy), axisTy) });
  return { op: 'select', input: bf, items: itemsOut, cols: itemsOut.map((i) => i.col) };
};

/**
 * A series default of another type than the aggregate: the make-series page says only "a default
 * value to use instead of absent values"; `sum(v) default = "x"` gave null elements and a real default
 * for a long series was an internal error. Taken: the aggregate's type, a whole number for a long or
 * real series (or an int series, within int range), and a typed null (an absent value stays null);
 * anything else is HB106.
 */
function refuseDefault(d: Expr, want: Ty, node: SNode): void {
  const w = want.kql;
  if (exactDefault(d, w)) return;
  if (d.k === 'lit' && /^(?:CAST\()?NULL\b/i.test(d.sql)) return;
  throw new LowerError('HB106', `make-series default of type ${d.ty.kql} for a ${w} series: how Kusto converts it is not documented; give a ${w} default`, node);
}
