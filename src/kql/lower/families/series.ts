/**
 * series functions: KQL → IR (SQL spellings in sql/families/series.ts).
 *
 * A series is a dynamic array of numbers (what make-series builds). Only arrays whose element type
 * is known at compile time are taken: lists of long/int (element type long) or real/decimal (real),
 * and lists of nulls (real). Arrays carried as JSON text (mixed kinds, parse_json of a column) are
 * refused with HB120 rather than guessed element by element.
 */
import type { Expr, Ty } from '../../ir/types.ts';
import type { SNode } from '../../parse/index.ts';
import { type Ctx, unsupported } from '../context.ts';
import { jsonValue } from '../expr.ts';
import { constString } from '../terms.ts';
import { kids } from '../syntax.ts';
import { consume } from '../consume.ts';
import { constNumbersAsReals, dyn, KReal, lit, numSql, scalar } from '../values.ts';
import type { AggHandler, Handler } from './types.ts';

type Elem = 'long' | 'real';

const R = scalar('real');
const L = scalar('long');
const B = scalar('bool');

const fn = (name: string, args: Expr[], ty: Ty): Expr => ({ k: 'fn', fn: name, args, ty });
const listOf = (t: Elem | 'bool'): Ty => dyn({ k: 'list', of: { k: 'scalar', t } });

/** A series argument: a typed numeric list (ints widened to long), with its element type. */
export function seriesArg(x: Expr, n: SNode, name: string): { e: Expr; t: Elem } {
  // a constant array mixing whole numbers and reals is a series of reals
  const mixed = constNumbersAsReals(x);
  if (mixed) return { e: mixed, t: 'real' };
  const s = x.ty.shape;
  // An array known only at run time (JSON text: mixed kinds, a column of a print of one) is read
  // as reals when it holds numbers, at least one of them a real; anything else is refused per row.
  if (x.ty.kql === 'dynamic' && s.k === 'json') return { e: fn('ser_json_reals', [x], listOf('real')), t: 'real' };
  if (x.ty.kql === 'dynamic' && s.k === 'list') {
    const of = s.of;
    if (of.k === 'scalar' && (of.t === 'long' || of.t === 'real')) return { e: x, t: of.t };
    if (of.k === 'scalar' && of.t === 'int') return { e: { k: 'cast', e: x, to: 'BIGINT[]', try: false, ty: listOf('long') }, t: 'long' };
    if (of.k === 'scalar' && of.t === 'decimal') return { e: { k: 'cast', e: x, to: 'DOUBLE[]', try: false, ty: listOf('real') }, t: 'real' };
    if (of.k === 'null') return { e: { k: 'cast', e: x, to: 'DOUBLE[]', try: false, ty: listOf('real') }, t: 'real' };
  }
  return unsupported(n, `${name}() of a value that is not an array of numbers known at compile time`, 'HB120');
}

/** A numeric scalar argument of an element-wise function (series op number). */
function numArg(x: Expr, n: SNode, name: string): { e: Expr; t: Elem } {
  const k = x.ty.kql;
  if (k === 'long' || k === 'real') return { e: x, t: k };
  if (k === 'int') return { e: { k: 'cast', e: x, to: 'BIGINT', try: false, ty: L }, t: 'long' };
  if (k === 'decimal') return { e: { k: 'cast', e: x, to: 'DOUBLE', try: false, ty: R }, t: 'real' };
  return unsupported(n, `${name}() with a ${k} operand`, 'HB120');
}

const isList = (x: Expr) => x.ty.kql === 'dynamic';

/** Element result type of each element-wise binary operation: long × long stays long where Kusto keeps it. */
const BINARY: Record<string, (a: Elem, b: Elem) => Elem | 'bool'> = {
  add: (a, b) => (a === 'long' && b === 'long' ? 'long' : 'real'),
  subtract: (a, b) => (a === 'long' && b === 'long' ? 'long' : 'real'),
  multiply: (a, b) => (a === 'long' && b === 'long' ? 'long' : 'real'),
  divide: () => 'real',
  pow: () => 'real',
  greater: () => 'bool',
  greater_equals: () => 'bool',
  less: () => 'bool',
  less_equals: () => 'bool',
  equals: () => 'bool',
  not_equals: () => 'bool',
};

function binary(op: string): Handler {
  const name = `series_${op}`;
  return (a, _out, n, args) => {
    const l = isList(a[0]) ? seriesArg(a[0], args[0] ?? n, name) : numArg(a[0], args[0] ?? n, name);
    const r = isList(a[1]) ? seriesArg(a[1], args[1] ?? n, name) : numArg(a[1], args[1] ?? n, name);
    const res = BINARY[op](l.t, r.t);
    const shape = `${isList(a[0]) ? 'l' : 's'}${isList(a[1]) ? 'l' : 's'}`;
    if (shape === 'ss') return unsupported(n, `${name}() of two numbers`, 'HB120');
    // The long forms wrap on overflow as Kusto's long arithmetic does.
    const kind = res === 'long' ? 'long' : 'real';
    return fn(`ser_${op}_${kind}_${shape}`, [l.e, r.e], listOf(res));
  };
}

/** Element-wise functions of one series: element result type. */
const UNARY: Record<string, (t: Elem) => Elem> = {
  abs: (t) => t,
  sign: () => 'real',
  ceiling: () => 'real',
  floor: () => 'real',
  exp: () => 'real',
  log: () => 'real',
  sin: () => 'real',
  cos: () => 'real',
  tan: () => 'real',
  asin: () => 'real',
  acos: () => 'real',
  atan: () => 'real',
};

function unary(op: string): Handler {
  const name = `series_${op}`;
  return (a, _out, n, args) => {
    const s = seriesArg(a[0], args[0] ?? n, name);
    return fn(`ser_${op}`, [s.e], listOf(UNARY[op](s.t)));
  };
}

/** A constant -1 (the "detect the period" value of series_seasonal and series_decompose). */
function isMinusOne(x: Expr): boolean {
  if (x.k === 'lit') return /^(?:CAST\()?-1\b/.test(x.sql);
  return x.k === 'fn' && x.fn === '$neg' && x.args.length === 1 && x.args[0].k === 'lit' && /^(?:CAST\()?1\b/.test(x.args[0].sql);
}

/** A constant numeric argument read at compile time (a missing-value placeholder, a flag). */
function isNullConst(x: Expr | undefined): boolean {
  return x !== undefined && x.k === 'lit' && /^(?:CAST\()?NULL\b/i.test(x.sql);
}

/**
 * The missing-value placeholder of the fill functions: only null (the default, and what
 * make-series `default = double(null)` produces) is taken; another placeholder is refused.
 */
function placeholder(x: Expr | undefined, n: SNode, name: string): void {
  if (x === undefined) return;
  if (!isNullConst(x)) unsupported(n, `${name}() with a missing-value placeholder other than null`, 'HB120');
  consume(x);
}

function constBool(x: Expr | undefined, dflt: boolean, n: SNode, name: string): boolean {
  if (x === undefined) return dflt;
  if (x.k === 'lit' && /^true$/i.test(x.sql)) return consume(x) && true;
  if (x.k === 'lit' && /^false$/i.test(x.sql)) return !consume(x);
  return unsupported(n, `${name}() with a computed flag`, 'HB120');
}


/** A tuple result (series_stats, series_fit_line …): a struct whose fields, in Kusto's order, become columns. */
const tuple = (name: string, args: Expr[], fields: [string, Elem | 'list'][]): Expr =>
  fn(name, args, dyn({ k: 'struct', fields: fields.map(([f, t]) => ({ name: f, shape: t === 'list' ? { k: 'list', of: { k: 'scalar', t: 'real' } } : { k: 'scalar', t } })) }));

const STATS: [string, Elem][] = [['min', 'real'], ['min_idx', 'long'], ['max', 'real'], ['max_idx', 'long'], ['avg', 'real'], ['stdev', 'real'], ['variance', 'real']];
const FIT_LINE: [string, Elem | 'list'][] = [['rsquare', 'real'], ['slope', 'real'], ['variance', 'real'], ['rvariance', 'real'], ['interception', 'real'], ['line_fit', 'list']];
const DECOMPOSE: [string, Elem | 'list'][] = [['baseline', 'list'], ['seasonal', 'list'], ['trend', 'list'], ['residual', 'list']];
const FIT_POLY: [string, Elem | 'list'][] = [['rsquare', 'real'], ['coefficients', 'list'], ['variance', 'real'], ['rvariance', 'real'], ['poly_fit', 'list']];

/** series_stats's ignore_nonfinite: only the default (false) is taken. */
function ignoreNonfinite(x: Expr | undefined, n: SNode, name: string): void {
  if (x === undefined) return;
  if (constBool(x, false, n, name)) unsupported(n, `${name}() with ignore_nonfinite = true`, 'HB120');
}

/** A constant array of numbers (filter coefficients), read at compile time from the literal. */
function constArray(node: SNode | undefined, x: Expr, cx: Ctx, name: string): number[] {
  let v: unknown;
  const inner = node?.k === 'DynamicExpression' ? kids(node).find((c) => c.k.startsWith('Json')) : undefined;
  try {
    v = inner ? jsonValue(inner, cx) : undefined;
  } catch {
    v = undefined;
  }
  const nums = Array.isArray(v) ? v.map((e) => (e instanceof KReal ? e.v : e)) : undefined;
  if (!nums?.every((e) => typeof e === 'number' && Number.isFinite(e))) return unsupported(node ?? null, `${name}() coefficients other than a constant dynamic array of numbers`, 'HB120');
  consume(x);
  return nums as number[];
}

export const HANDLERS: Record<string, Handler> = {
  ...Object.fromEntries(Object.keys(BINARY).map((op) => [`series_${op}`, binary(op)])),
  ...Object.fromEntries(Object.keys(UNARY).map((op) => [`series_${op}`, unary(op)])),

  // series_fill_forward/backward(series [, placeholder]): nulls take the last (next) non-null value;
  // leading (trailing) nulls stay.
  series_fill_forward: (a, _o, n, args) => {
    const s = seriesArg(a[0], args[0] ?? n, 'series_fill_forward');
    placeholder(a[1], args[1] ?? n, 'series_fill_forward');
    return fn('ser_fill_forward', [s.e], s.e.ty);
  },
  series_fill_backward: (a, _o, n, args) => {
    const s = seriesArg(a[0], args[0] ?? n, 'series_fill_backward');
    placeholder(a[1], args[1] ?? n, 'series_fill_backward');
    return fn('ser_fill_backward', [s.e], s.e.ty);
  },
  // series_fill_const(series [, constant = 0 [, placeholder]]): nulls take the constant.
  series_fill_const: (a, _o, n, args) => {
    const s = seriesArg(a[0], args[0] ?? n, 'series_fill_const');
    placeholder(a[2], args[2] ?? n, 'series_fill_const');
    const c = a[1] ? numArg(a[1], args[1] ?? n, 'series_fill_const') : { e: lit('0', L), t: 'long' as Elem };
    // Kusto keeps each element's type, so a real constant in a series of longs makes a mixed array:
    // here an array of reals with the same values.
    if (s.t === 'long' && c.t === 'real') return fn('ser_fill_const', [{ k: 'cast', e: s.e, to: 'DOUBLE[]', try: false, ty: listOf('real') }, c.e], listOf('real'));
    const cv = s.t === 'real' && c.t === 'long' ? ({ k: 'cast', e: c.e, to: 'DOUBLE', try: false, ty: R } as Expr) : c.e;
    return fn('ser_fill_const', [s.e, cv], s.e.ty);
  },
  // series_fill_linear(series [, placeholder [, fill_edges = true [, constant = 0]]])
  series_fill_linear: (a, _o, n, args) => {
    const s = seriesArg(a[0], args[0] ?? n, 'series_fill_linear');
    placeholder(a[1], args[1] ?? n, 'series_fill_linear');
    const edges = constBool(a[2], true, args[2] ?? n, 'series_fill_linear');
    let c: Expr = s.t === 'long' ? lit('0', L) : lit('CAST(0 AS DOUBLE)', R);
    if (a[3]) {
      if (isNullConst(a[3])) c = lit(s.t === 'long' ? 'CAST(NULL AS BIGINT)' : 'CAST(NULL AS DOUBLE)', s.t === 'long' ? L : R);
      else {
        const k = numArg(a[3], args[3] ?? n, 'series_fill_linear');
        if (s.t === 'long' && k.t === 'real') return unsupported(args[3] ?? n, 'series_fill_linear of a long series with a real constant', 'HB120');
        c = s.t === 'real' && k.t === 'long' ? { k: 'cast', e: k.e, to: 'DOUBLE', try: false, ty: R } : k.e;
      }
      if (c !== a[3]) consume(a[3]);
    }
    return fn(s.t === 'long' ? 'ser_fill_linear_long' : 'ser_fill_linear', [s.e, lit(edges ? 'true' : 'false', B), c], s.e.ty);
  },


  series_stats: (a, _o, n, args) => {
    const s = seriesArg(a[0], args[0] ?? n, 'series_stats');
    ignoreNonfinite(a[1], args[1] ?? n, 'series_stats');
    return tuple('ser_stats', [s.e], STATS);
  },
  series_stats_dynamic: (a, _o, n, args) => {
    const s = seriesArg(a[0], args[0] ?? n, 'series_stats_dynamic');
    ignoreNonfinite(a[1], args[1] ?? n, 'series_stats_dynamic');
    return tuple('ser_stats_dynamic', [s.e], [...STATS, ['sum', 'real'], ['len', 'long']]);
  },
  series_fit_line: (a, _o, n, args) => tuple('ser_fit_line', [seriesArg(a[0], args[0] ?? n, 'series_fit_line').e], FIT_LINE),
  series_fit_line_dynamic: (a, _o, n, args) => tuple('ser_fit_line', [seriesArg(a[0], args[0] ?? n, 'series_fit_line_dynamic').e], FIT_LINE),
  // series_seasonal(series, period): only a given period (the default -1 detects it, which is not specified)
  series_seasonal: (a, _o, n, args) => {
    const s = seriesArg(a[0], args[0] ?? n, 'series_seasonal').e;
    const p = a[1];
    if (!p || isMinusOne(p))
      return unsupported(args[1] ?? n, 'series_seasonal() without a period (detecting the period is not specified)', 'HB120');
    if (p.ty.kql !== 'long' && p.ty.kql !== 'int') return unsupported(args[1] ?? n, `series_seasonal() period of type ${p.ty.kql}`, 'HB120');
    return fn('ser_seasonal', [s, p], listOf('real'));
  },
  // series_decompose(series, seasonality, trend, test_points, threshold): a given seasonality (a
  // period, or 0 for none) and trend; autodetection (-1, the default) and test points are refused
  series_decompose: (a, _o, n, args) => {
    const s = seriesArg(a[0], args[0] ?? n, 'series_decompose').e;
    const p = a[1];
    if (!p || isNullConst(p) || isMinusOne(p))
      return unsupported(args[1] ?? n, 'series_decompose() with its seasonality detected (period detection is not specified)', 'HB120');
    if (p.ty.kql !== 'long' && p.ty.kql !== 'int') return unsupported(args[1] ?? n, `series_decompose() seasonality of type ${p.ty.kql}`, 'HB120');
    let code = 1;
    if (a[2] && !isNullConst(a[2])) {
      const t = constString(a[2]);
      const c = t === undefined ? undefined : { none: 0, avg: 1, linefit: 2 }[t];
      if (c === undefined) return unsupported(args[2] ?? n, 'series_decompose() trend other than a constant avg, linefit or none', 'HB120');
      code = c;
    } else consume(a[2]);
    const tp = a[3];
    if (tp && !isNullConst(tp) && !(tp.k === 'lit' && /^(?:CAST\()?0\b/.test(tp.sql)))
      return unsupported(args[3] ?? n, 'series_decompose() with test points (how they are left out of each component is not documented)', 'HB120');
    consume(tp);
    // the seasonality threshold only matters when the period is detected (documented)
    consume(a[4]);
    return tuple('ser_decompose', [s, p, lit(String(code), L)], DECOMPOSE);
  },
  // series_fit_poly(y [, x, degree]): x defaults to [1, …, n], degree to 1 (documented)
  series_fit_poly: (a, _o, n, args) => {
    const y = seriesArg(a[0], args[0] ?? n, 'series_fit_poly').e;
    if (a.length === 1) return tuple('ser_fit_poly_1', [y], FIT_POLY);
    if (a.length !== 3) return unsupported(n, 'series_fit_poly() with an x series but no degree', 'HB120');
    const x = seriesArg(a[1], args[1] ?? n, 'series_fit_poly').e;
    const d = a[2];
    if (d.ty.kql !== 'long' && d.ty.kql !== 'int') return unsupported(args[2] ?? n, `series_fit_poly() degree of type ${d.ty.kql}`, 'HB120');
    return tuple('ser_fit_poly', [y, x, d], FIT_POLY);
  },
  series_sum: (a, out, n, args) => fn('ser_sum', [seriesArg(a[0], args[0] ?? n, 'series_sum').e], out),
  series_product: (a, out, n, args) => fn('ser_product', [seriesArg(a[0], args[0] ?? n, 'series_product').e], out),
  series_magnitude: (a, out, n, args) => fn('ser_magnitude', [seriesArg(a[0], args[0] ?? n, 'series_magnitude').e], out),
  series_dot_product: (a, out, n, args) => {
    // documented alternate syntax: a number operand is broadcast to the other series' length
    if (isList(a[0]) !== isList(a[1])) {
      const [si, ci] = isList(a[0]) ? [0, 1] : [1, 0];
      const s = seriesArg(a[si], args[si] ?? n, 'series_dot_product').e;
      return fn('ser_dot_product_ls', [s, numArg(a[ci], args[ci] ?? n, 'series_dot_product').e], out);
    }
    if (!isList(a[0])) return unsupported(n, 'series_dot_product of two numbers', 'HB120');
    return fn('ser_dot_product', [seriesArg(a[0], args[0] ?? n, 'series_dot_product').e, seriesArg(a[1], args[1] ?? n, 'series_dot_product').e], out);
  },
  series_cosine_similarity: (a, out, n, args) => {
    if (a.length > 2) return unsupported(args[2] ?? n, 'series_cosine_similarity with given magnitudes', 'HB120');
    return fn('ser_cosine_similarity', [seriesArg(a[0], args[0] ?? n, 'series_cosine_similarity').e, seriesArg(a[1], args[1] ?? n, 'series_cosine_similarity').e], out);
  },
  series_pearson_correlation: (a, out, n, args) =>
    fn('ser_pearson', [seriesArg(a[0], args[0] ?? n, 'series_pearson_correlation').e, seriesArg(a[1], args[1] ?? n, 'series_pearson_correlation').e], out),
  // series_fir(series, filter [, normalize [, center]]): a constant filter, unrolled into the SQL
  series_fir: (a, _o, n, args, _r, cx) => {
    const s = seriesArg(a[0], args[0] ?? n, 'series_fir');
    const b = constArray(args[1], a[1], cx, 'series_fir');
    const negative = b.some((v) => v < 0);
    const normalize = constBool(a[2], !negative, args[2] ?? n, 'series_fir');
    const center = constBool(a[3], false, args[3] ?? n, 'series_fir');
    if (b.length === 0) return unsupported(args[1] ?? n, 'series_fir with an empty filter', 'HB120');
    // documented: a normalized filter with a negative coefficient gives null
    if (normalize && negative) return fn('ser_null_list', [s.e], listOf('real'));
    const sum = b.reduce((x, y) => x + y, 0);
    if (normalize && sum === 0) return unsupported(args[1] ?? n, 'series_fir normalized by a zero sum', 'HB120');
    if (center && b.length % 2 === 0) return unsupported(args[3] ?? n, 'series_fir centered on a filter of even length (the alignment is not documented)', 'HB120');
    const shift = center ? (b.length - 1) / 2 : 0;
    const num = (v: number) => lit(numSql(v), R);
    return fn('ser_fir', [s.e, lit(String(shift), L), num(normalize ? sum : 1), ...b.map(num)], listOf('real'));
  },
  // series_iir(series, numerators, denominators): Y[i] = (Σ b[k]·X[i-k] − Σ a[k]·Y[i-k], k ≥ 1) / a[0]
  series_iir: (a, _o, n, args, _r, cx) => {
    const s = seriesArg(a[0], args[0] ?? n, 'series_iir');
    const b = constArray(args[1], a[1], cx, 'series_iir');
    const den = constArray(args[2], a[2], cx, 'series_iir');
    if (den.length === 0 || den[0] === 0) return unsupported(args[2] ?? n, 'series_iir with a first denominator of zero', 'HB120');
    if (b.length === 0) return unsupported(args[1] ?? n, 'series_iir with no numerators', 'HB120');
    const num = (v: number) => lit(numSql(v), R);
    return fn('ser_iir', [s.e, lit(String(b.length), L), ...b.map(num), ...den.map(num)], listOf('real'));
  },
};

export const AGGREGATES: Record<string, AggHandler> = {};
