import type { Expr, NamedExpr, Rel } from '../../ir/types.ts';
import type { SCol, SNode } from '../../parse/index.ts';
import { type Ctx, LowerError } from '../context.ts';
import { lowerExpr, noteStored, ticksVary } from '../expr.ts';
import { percentileValue, percentilesw } from '../families/aggregates.ts';
import { callArgs, callName } from '../functions.ts';
import { colRef, findCol, type RowScope } from '../scope.ts';
import { TICKS_REFUSED } from '../values.ts';
import { findExpr } from '../../ir/walk.ts';
import { items, kids, lists, type OperatorLowerer, scopeOf, splitNamed, typed } from './common.ts';

/**
 * `summarize aggs by keys`. Output: keys first, then aggregates, named by the analyzer.
 * arg_max/arg_min and percentiles produce several columns each.
 */
export const summarize: OperatorLowerer = (n, input, cx) => {
  const aggList = lists(n).flatMap((l) => kids(l)).filter((c) => c.k !== 'NamedParameter');
  const by = n.ch.find((c) => c.k === 'SummarizeByClause');
  const keyList = by ? items(by) : [];
  return buildAggregate(n, input, cx, aggList, keyList);
};

/** How many output columns an aggregate makes; null for an arg_max/arg_min(…, *) (what is left). */
function aggWidth(expr: SNode): number | null {
  if (expr.k !== 'FunctionCallExpression') return 1;
  const fname = callName(expr).replace(/^arg(max|min)$/, 'arg_$1');
  const args = callArgs(expr);
  if (fname === 'arg_max' || fname === 'arg_min') return args.slice(1).some((x) => x.k === 'StarExpression') ? null : args.length;
  if (fname === 'take_any' || fname === 'any') return args.some((x) => x.k === 'StarExpression') ? null : args.length;
  if (fname === 'percentiles') return args.length - 1;
  if (fname === 'percentilesw') return args.length - 2;
  return 1;
}

export function buildAggregate(n: SNode, input: Rel, cx: Ctx, aggList: SNode[], keyList: SNode[], keyAs?: string[]): Rel {
  const out = n.cols ?? [];
  // a window function in a key or an aggregate's argument is refused (windowInAggregate)
  const row = { ...scopeOf(input), aggArg: true };
  const keys: NamedExpr[] = keyList.map((k, i) => {
    const { expr } = splitNamed(k);
    const e = lowerExpr(expr, row, cx);
    // values floored to the microsecond would merge groups Kusto keeps apart (1tick and 2tick)
    if ((e.ty.kql === 'datetime' || e.ty.kql === 'timespan') && ticksVary(e, cx))
      throw new LowerError('HB107', `grouping by a value that ${TICKS_REFUSED}`, k);
    return { col: cx.col(keyAs?.[i] ?? out[i]?.name ?? `Column${i + 1}`, e.ty), e };
  });
  let pos = keys.length;
  const aggs: NamedExpr[] = [];
  const keyNames = new Set(keys.map((k) => k.col.name));
  aggList.forEach((a, idx) => {
    const { expr } = splitNamed(a);
    // argmax/argmin are the deprecated spellings of arg_max/arg_min.
    const fname = expr.k === 'FunctionCallExpression' ? callName(expr).replace(/^arg(max|min)$/, 'arg_$1') : '';
    if (fname === 'arg_max' || fname === 'arg_min') {
      const args = callArgs(expr);
      const by = lowerExpr(args[0], row, cx);
      // floored, 1tick and 2tick tie: which row is picked would be another one
      if ((by.ty.kql === 'datetime' || by.ty.kql === 'timespan') && ticksVary(by, cx)) throw new LowerError('HB107', `${fname}() by a value that ${TICKS_REFUSED}`, args[0]);
      const star = args.slice(1).some((x) => x.k === 'StarExpression');
      // the columns of the aggregates after this one (a `*` takes what they leave)
      let rest = 0;
      if (star) {
        for (const later of aggList.slice(idx + 1)) {
          const w = aggWidth(splitNamed(later).expr);
          if (w === null) throw new LowerError('HB100', 'two aggregates with `*` (arg_max/arg_min/take_any) in one summarize are not supported', later);
          rest += w;
        }
      }
      const width = star ? out.length - pos - rest : args.length;
      const cols = out.slice(pos, pos + width);
      pos += width;
      cols.forEach((c, j) => {
        if (j === 0) {
          const real = by.ty.kql === 'real';
          const f = fname === 'arg_max' ? (real ? 'max_real' : 'max') : real ? 'min_real' : 'min';
          aggs.push({ col: cx.col(c.name, by.ty), e: { k: 'agg', fn: f, args: [by], ty: by.ty } });
          return;
        }
        let e: Expr;
        if (star) {
          const src = findCol(input.cols, c.name) ?? findCol(input.cols, c.name.replace(/\d+$/, ''));
          if (!src) throw new LowerError('HB102', `arg_max: cannot match column ${c.name}`, a);
          e = colRef(src);
        } else {
          const { expr: ex } = splitNamed(args[j]);
          e = lowerExpr(ex, row, cx);
        }
        const f = fname === 'arg_min' && by.ty.kql === 'real' ? 'arg_min_real' : fname;
        aggs.push({ col: cx.col(c.name, e.ty), e: { k: 'agg', fn: f, args: [e, by], ty: e.ty } });
      });
      return;
    }
    if ((fname === 'take_any' || fname === 'any') && (callArgs(expr).length > 1 || callArgs(expr).some((x) => x.k === 'StarExpression'))) {
      const cols = takeAnyColumns(fname, expr, a, aggList.slice(idx + 1), keyList, out, pos, input, row, cx);
      pos += cols.length;
      aggs.push(...cols);
      return;
    }
    if (fname === 'percentilesw') {
      const [x, w, ...ps] = callArgs(expr).map((arg) => lowerExpr(arg, row, cx));
      for (const p of ps) {
        const c = out[pos++];
        const e = percentilesw(x, w, p, x.ty, expr);
        aggs.push({ col: cx.col(c.name, e.ty), e });
      }
      return;
    }
    if (fname === 'percentiles') {
      const args = callArgs(expr);
      const x = percentileValue(lowerExpr(args[0], row, cx), expr, 'percentiles');
      for (const p of args.slice(1)) {
        const c = out[pos++];
        const pe = lowerExpr(p, row, cx);
        aggs.push({ col: cx.col(c.name, x.ty), e: { k: 'agg', fn: 'percentile', args: [x, pe], ty: x.ty } });
      }
      return;
    }
    // covariance(x, y) and its forms: the analyzer names the column covariance_x, the pages'
    // outputs show covariance_x_y (covariance-aggregation-function, covarianceif-…): which name
    // Kusto's engine gives is unsettled, so an unnamed one is refused
    if (/^covariancep?(?:if)?$/.test(fname) && splitNamed(a).name === undefined && a.k !== 'CompoundNamedExpression')
      throw new LowerError('HB121', `unsupported: ${fname}() without a column name (its pages show the column ${fname}_x_y, Kusto's analyzer names it ${fname}_x); name it: c = ${fname}(…)`, a);
    const e = lowerExpr(expr, { ...row, agg: true }, cx);
    refuseDistinctOfLostTicks(e, a, cx);
    const c = out[pos++];
    aggs.push({ col: cx.col(c?.name ?? `Column${pos}`, e.ty), e });
  });
  void keyNames;
  for (const x of [...keys, ...aggs]) noteStored(x.e, cx);
  const tk = typed(keys, n);
  const ta = typed(aggs, n);
  return { op: 'aggregate', input, keys: tk, aggs: ta, cols: [...tk, ...ta].map((x) => x.col) };
}

/**
 * take_any(e1, e2 …) and take_any(*) (and the deprecated any()): take-any-aggregation-function
 * "arbitrarily chooses one record for each group … and returns the value of one or more
 * expressions over each such record"; "the latter guarantees all values were calculated over a
 * single record". With `*` "the function behaves as if the expressions are all columns of the input
 * to the summarize operator barring the group-by columns". Each value is an `any_row` aggregate;
 * sql/emit.ts takes the values of one summarize's `any_row` aggregates from one struct of them, so
 * from one row (a row whose values are all null is still a record). The columns are the analyzer's
 * (any() prefixes them with any_, as the page's note says and the analyzer does).
 */
function takeAnyColumns(fname: string, expr: SNode, a: SNode, later: SNode[], keyList: SNode[], out: SCol[], pos: number, input: Rel, row: RowScope, cx: Ctx): NamedExpr[] {
  const args = callArgs(expr);
  const star = args.some((x) => x.k === 'StarExpression');
  if (star && args.length > 1) throw new LowerError('HB121', `unsupported: ${fname}() with \`*\` and other arguments (not documented)`, expr);
  const values: { name: string; e: Expr }[] = [];
  if (star) {
    // The page bars "the group-by columns"; which input columns a computed or renamed key bars is
    // not documented (the analyzer bars K for `by K2 = K`, keeps A for `by bin(A, 1h)`): refused.
    for (const k of keyList) {
      const { name, expr: ke } = splitNamed(k);
      if (name !== undefined || k.k === 'CompoundNamedExpression' || ke.k !== 'NameReference')
        throw new LowerError('HB121', `unsupported: ${fname}(*) with a group-by key that is not a plain column (which columns \`*\` then leaves out is not documented)`, k);
    }
    let rest = 0;
    for (const l of later) {
      const w = aggWidth(splitNamed(l).expr);
      if (w === null) throw new LowerError('HB100', 'two aggregates with `*` (arg_max/arg_min/take_any) in one summarize are not supported', l);
      rest += w;
    }
    for (const c of out.slice(pos, out.length - rest)) {
      const bare = fname === 'any' ? c.name.replace(/^any_/, '') : c.name;
      const src = findCol(input.cols, bare);
      if (!src) throw new LowerError('HB102', `${fname}(*): cannot match column ${c.name}`, a);
      values.push({ name: c.name, e: colRef(src) });
    }
  } else {
    args.forEach((x, j) => {
      const c = out[pos + j];
      if (!c) throw new LowerError('HB102', `${fname}(): no column for argument ${j + 1}`, a);
      values.push({ name: c.name, e: lowerExpr(splitNamed(x).expr, row, cx) });
    });
  }
  return values.map((v) => ({ col: cx.col(v.name, v.e.ty), e: { k: 'agg', fn: 'any_row', args: [v.e], ty: v.e.ty } }));
}

/** Aggregates that tell values apart (dcount, make_set …): floored values would merge 1tick and 2tick. */
const DISTINCT_AGGS = /^(?:dcount|make_set\w*|hll\w*|count_distinct\w*)$/;

function refuseDistinctOfLostTicks(e: Expr, n: SNode, cx: Ctx): void {
  const lost = (x: Expr): boolean => x.k === 'agg' && DISTINCT_AGGS.test(x.fn) && x.args[0] !== undefined && (x.args[0].ty.kql === 'datetime' || x.args[0].ty.kql === 'timespan') && ticksVary(x.args[0], cx);
  const hit = findExpr(e, lost);
  if (hit?.k === 'agg') throw new LowerError('HB107', `${hit.fn}() of a value that ${TICKS_REFUSED}`, n);
}
