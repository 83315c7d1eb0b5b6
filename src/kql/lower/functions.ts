/**
 * Function calls: KQL function → IR. Most entries only pick the IR function name (whose SQL
 * spelling lives in sql/functions.ts) and the result shape; conversions, dynamic shapes,
 * aggregates and window functions are decided here from the argument types.
 */
import type { Expr, Ty } from '../ir/types.ts';
import type { SNode } from '../parse/index.ts';
import { str } from '../sql/quote.ts';
import { sqlType } from '../sql/types.ts';
import { type Ctx, LowerError, unsupported } from './context.ts';
import { consume, requireConsumed, typeDecided } from './consume.ts';
import { convert } from './convert.ts';
import { refuseEngineTyped } from './engine-types.ts';
import { constString } from './terms.ts';
import { asScalar, fn, jsonToExpr, jsonValue, lowerExpr, member_, refuseTicksShown, tabular, toStr, tyOfNode } from './expr.ts';
import { kustoRegex, regexText } from './regex.ts';
import { lowerFunctionBody } from './statements.ts';
import { findCol, type RowScope } from './scope.ts';
import { ingestionTime } from './hunting.ts';
import { kids, nameOf } from './syntax.ts';
import { parseJsonExact } from '../json-exact.ts';
import { type Exclusion, exclusionOf } from '../exclusions.ts';
import { datetimeLiteral, type ExactFormat, MAX_DATETIME_TICKS } from './ticks.ts';
import { castable, dyn, exactDefault, KReal, lit, needsTicks, normaliseDatetime, nullOf, parseTimespanTicksExact, floorDiv10, scalar, timestampSql, unify } from './values.ts';
import { FAMILY_AGGREGATES, FAMILY_HANDLERS } from './families/index.ts';
import { AGGREGATE_AND_SCALAR } from './families/sketches.ts';
import { packValues, strcatArrayArg } from './families/dynamic.ts';
import { percentileValue, spreadValue } from './families/aggregates.ts';
import { exactDecimal, exactFromConstant, exactText, markWhole } from './decimal.ts';
import type { Handler } from './families/types.ts';

const S = scalar('string');
const B = scalar('bool');
const L = scalar('long');
const R = scalar('real');
const DT = scalar('datetime');

/** Simple functions: KQL name → IR name (sql/functions.ts), args passed through. */
export const DIRECT: Record<string, string> = {
  tolower: 'tolower', toupper: 'toupper', strlen: 'strlen', reverse: 'reverse',
  replace_string: 'replace_string',
  base64_decode_tostring: 'base64_decode_tostring', base64_encode_tostring: 'base64_encode_tostring',
  base64_encodestring: 'base64_encode_tostring', base64_decodestring: 'base64_decode_tostring',
  url_decode: 'url_decode', url_encode: 'url_encode', url_encode_component: 'url_encode_component', strcmp: 'strcmp',
  hash_sha256: 'hash_sha256', hash_md5: 'hash_md5', hash_sha1: 'hash_sha1',
  abs: 'abs', ceiling: 'ceiling', sqrt: 'sqrt', pow: 'pow', exp: 'exp', exp2: 'exp2', exp10: 'exp10',
  log: 'log', log2: 'log2', log10: 'log10', sign: 'sign', isnan: 'isnan', isinf: 'isinf', isfinite: 'isfinite', pi: 'pi',
  dayofweek: 'dayofweek', dayofmonth: 'dayofmonth', dayofyear: 'dayofyear', hourofday: 'hourofday',
  monthofyear: 'monthofyear', getmonth: 'monthofyear', getyear: 'getyear', week_of_year: 'week_of_year',
  unixtime_seconds_todatetime: 'unixtime_seconds_todatetime',
  unixtime_milliseconds_todatetime: 'unixtime_milliseconds_todatetime',
  unixtime_microseconds_todatetime: 'unixtime_microseconds_todatetime',
  ipv4_is_private: 'ipv4_is_private', ipv4_is_in_range: 'ipv4_is_in_range',
  parse_ipv4: 'parse_ipv4', strrep: 'strrep', countof: 'countof',
  indexof: 'indexof', make_datetime: 'make_datetime',
};

const STRING_ARGS = new Set(['tolower', 'toupper', 'strlen', 'reverse', 'hash_sha256', 'hash_md5', 'hash_sha1', 'indexof', 'countof', 'strrep']);

export const AGGS = new Set([
  'count', 'countif', 'dcount', 'dcountif', 'sum', 'sumif', 'avg', 'avgif', 'min', 'max', 'minif', 'maxif',
  'make_set', 'make_set_if', 'make_list', 'make_list_if', 'makeset', 'makelist', 'any', 'take_any', 'anyif', 'take_anyif',
  'percentile', 'stdev', 'stdevif', 'stdevp', 'variance', 'varianceif', 'variancep', 'count_distinct',
  'arg_max', 'arg_min', 'make_list_with_nulls', 'percentiles', 'percentilesw',
  ...Object.keys(FAMILY_AGGREGATES),
]);

export function callName(n: SNode): string {
  if (n.sym?.name) return n.sym.name.toLowerCase();
  const ref = n.ch.find((c) => c.k === 'NameReference' || c.k === 'Tok');
  return (ref?.sym?.name ?? ref?.text ?? '').toLowerCase();
}

export function callArgs(n: SNode): SNode[] {
  const list = n.ch.find((c) => c.k === 'ExpressionList');
  if (!list) return [];
  return kids(list).flatMap((c) => (c.k === 'List' ? kids(c) : [c]));
}



/** Aggregates whose result has their argument's type (the take_any and any pages: "the expression's value"). */
const SAME_TYPE_AGGS = new Set(['any', 'take_any']);

/**
 * The analyzer cannot type `any(Value)` when Value is a column only the data decides (after
 * evaluate pivot or bag_unpack: `extend Value = ['#text']` is of an unknown type to it). These
 * aggregates return their argument's value, so their type is that column's, as the relation has it.
 */
function dataDecidedAggType(name: string, args: SNode[], row: RowScope): Ty | undefined {
  if (!row.agg || !SAME_TYPE_AGGS.has(name) || args.length !== 1) return undefined;
  const a = args[0];
  if (a.ty !== undefined && a.ty !== 'unknown') return undefined;
  if (a.k !== 'NameReference' && a.k !== 'BrackettedExpression') return undefined;
  const c = findCol(row.cols, a.k === 'NameReference' ? nameOf(a) : String(kids(a).find((x) => x.value !== undefined)?.value ?? ''));
  return c?.ty;
}

/** The arguments iif/iff/case choose their result from (the page of each: its value arguments). */
const BRANCH_VALUES: Record<string, (count: number) => number[]> = {
  iff: () => [1, 2],
  iif: () => [1, 2],
  case: (count) => [...Array.from({ length: (count - 1) / 2 }, (_, i) => 2 * i + 1), count - 1],
};

/**
 * iif/iff/case over columns only the data decides (after evaluate pivot or bag_unpack: `case(c,
 * CloudProtectionWin, "NULL")`) are of an unknown type to the analyzer. Their result is the value
 * chosen, so its type is that of the values, as the relation has them; values of different types
 * (which Kusto's engine refuses) stay unknown (HB101).
 */
function dataDecidedBranchType(name: string, n: SNode, a: Expr[]): Ty {
  const kinds = new Set(BRANCH_VALUES[name](a.length).map((i) => a[i]?.ty.kql));
  const [k] = kinds;
  if (kinds.size !== 1 || k === undefined) return tyOfNode(n);
  return k === 'dynamic' ? dyn({ k: 'null' }) : scalar(k);
}

export function lowerCall(n: SNode, row: RowScope, cx: Ctx): Expr {
  const name = callName(n);
  if (n.expansion) return lowerUserCall(n, row, cx);
  const argNodes = callArgs(n);
  const branchDecided = BRANCH_VALUES[name] !== undefined && (n.ty === undefined || n.ty === 'unknown');
  // A tuple (series_stats …) is a struct here, expanded into columns by extend/project.
  const out = n.ty === 'tuple' || branchDecided ? dyn({ k: 'null' }) : (dataDecidedAggType(name, argNodes, row) ?? tyOfNode(n));
  // hll_merge / tdigest_merge / merge_tdigest: the aggregate in summarize with one argument, else the scalar merge
  if (AGGS.has(name) && !(AGGREGATE_AND_SCALAR.has(name) && (!row.agg || argNodes.length !== 1))) {
    if (!row.agg) throw new LowerError('HB104', `aggregate ${name}() is only allowed in summarize`, n);
    return aggregate(name, argNodes, out, n, row, cx);
  }
  const h = HANDLERS[name];
  if (h) {
    if (LAZY.has(name)) {
      // The handler lowers its arguments itself: watch what lowerExpr makes of each one.
      const outer = cx.seen;
      cx.seen = new Map();
      try {
        const r = h([], out, n, argNodes, row, cx);
        const seen = cx.seen;
        requireConsumed(name, r, argNodes.map((x) => (x.cols ? undefined : (seen.get(x) ?? NOT_LOWERED))), argNodes);
        return r;
      } finally {
        cx.seen = outer;
      }
    }
    const a = argNodes.map((x) => lowerExpr(x, row, cx));
    const r = h(a, branchDecided ? dataDecidedBranchType(name, n, a) : out, n, argNodes, row, cx);
    requireConsumed(name, r, a, argNodes);
    return r;
  }
  const direct = DIRECT[name];
  if (direct) {
    const lowered = argNodes.map((x) => lowerExpr(x, row, cx));
    let a = lowered;
    if (STRING_ARGS.has(name)) a = a.map((x, i) => (i === 0 ? toStr(x) : x));
    a = a.map((x) => (x.ty.kql === 'dynamic' ? asScalar(x, out) : x));
    // A numeric result is computed in its own type (abs(int) is long in Kusto, so is its SQL).
    if (out.kql === 'long' || out.kql === 'real') a = a.map((x) => (widens(x.ty.kql, out.kql) ? convert(x, out.kql as 'long' | 'real') : x));
    const r = fn(direct, a, out);
    requireConsumed(name, r, lowered, argNodes);
    return r;
  }
  const excluded = exclusionOf('scalar', name);
  return unsupported(n, excluded ? `function ${name}(): ${exclusionText(excluded)}` : `function ${name}()`, 'HB120');
}

/** Why an excluded function is refused, for its diagnostic (the reasons of exclusions.ts). */
function exclusionText(e: Exclusion): string {
  switch (e.class) {
    case 'cluster':
      return `it reads ${e.reason}, which an offline lab does not have`;
    case 'graph':
      return `it stands for ${e.reason}; graph-match supports only its variables' properties (v.Prop)`;
    case 'engine':
      return `computing it needs what the offline engine lacks: ${e.reason}`;
    case 'unspecified':
      return `Kusto's answer cannot be reproduced exactly: ${e.reason}`;
  }
}

/** Stands for an argument a lazy handler never lowered (so it cannot be in the result). */
const NOT_LOWERED: Expr = { k: 'lit', sql: '/* not lowered */', ty: scalar('string') };

function lowerUserCall(n: SNode, row: RowScope, cx: Ctx): Expr {
  const r = callUserFunction(n, row, cx);
  if (r.k === 'tabular') return unsupported(n, 'tabular function used as a scalar');
  return r.e;
}

/** Binds the call's arguments to the function's parameters and lowers Kusto's expansion of it. */
export function callUserFunction(n: SNode, row: RowScope, cx: Ctx, piped?: import('../ir/types.ts').Rel): ReturnType<typeof lowerFunctionBody> {
  const name = n.sym?.name ?? callName(n);
  const decl = cx.lookup(name);
  const args = callArgs(n);
  const bound: [string, import('./context.ts').Binding][] = [];
  if (decl?.k === 'function') {
    // `T | invoke f(a)`: the piped table is the first parameter.
    const params = piped ? decl.params.slice(1) : decl.params;
    if (piped && decl.params[0]) bound.push([decl.params[0].name, { k: 'tabular', rel: piped }]);
    const given = argumentsByParameter(name, params, args);
    params.forEach((p, i) => {
      const a = given[i] ?? p.dflt;
      if (!a) return;
      if (p.tabular || a.cols) bound.push([p.name, { k: 'tabular', rel: tabular(a, cx) }]);
      else bound.push([p.name, { k: 'scalar', e: lowerExpr(a, row, cx) }]);
    });
  }
  return cx.withScope(() => {
    for (const [k, b] of bound) cx.bind(k, b);
    return lowerFunctionBody(n.expansion!, cx, { cols: [] });
  });
}

/**
 * The argument each parameter of a user-defined function receives. Positional arguments bind in
 * order; a named one (`f(c=7, a=12)`) binds to the parameter of that name, in any order (the
 * user-defined functions page, "Default values": the scrambled call gives the same row as
 * `f(12, c=7)`). A name no parameter has, a parameter given twice, or a positional argument after a
 * named one is refused: the page does not say what Kusto makes of them.
 */
function argumentsByParameter(fname: string, params: { name: string }[], args: SNode[]): (SNode | undefined)[] {
  const out: (SNode | undefined)[] = new Array(params.length).fill(undefined);
  let named = false;
  args.forEach((a, i) => {
    if (a.k !== 'SimpleNamedExpression') {
      if (named) throw new LowerError('HB100', `unsupported: a positional argument after a named one in ${fname}() (the user-defined functions page names every argument after the first named one)`, a);
      out[i] = a;
      return;
    }
    named = true;
    const [decl, expr] = kids(a);
    const pname = nameOf(decl);
    const j = params.findIndex((p) => p.name === pname);
    if (j < 0) throw new LowerError('HB100', `unsupported: ${fname}() has no parameter named '${pname}'`, a);
    if (out[j]) throw new LowerError('HB100', `unsupported: parameter '${pname}' of ${fname}() is given twice`, a);
    out[j] = expr;
  });
  return out;
}

/** Handlers that only exist to refuse with a clear message (not implemented, whatever the form). */
export const REFUSED = new Set(['typeof']);

/** Functions whose arguments are lowered by the handler itself. */
const LAZY = new Set(['column_names_of', 'estimate_data_size', 'row_number', 'prev', 'next', 'row_cumsum', 'row_rank_dense', 'row_rank_min', 'materialize', 'toscalar', 'bag_pack', 'pack', 'pack_dictionary']);

/** int → long, int/long → real: conversions that keep every value. */
const widens = (from: string, to: string) => (from === 'int' && to === 'long') || ((from === 'int' || from === 'long') && to === 'real');

/** A result decided at compile time by the arguments' types (their values cannot change it). */
const toLong = (x: Expr): Expr => convert(x, 'long');
const toReal = (x: Expr): Expr => convert(x, 'real');

const isEmpty = (x: Expr, negate: boolean): Expr => {
  if (x.ty.kql === 'string' || (x.ty.kql === 'dynamic' && x.ty.shape.k === 'scalar' && x.ty.shape.t === 'string'))
    return fn(negate ? 'isnotempty_str' : 'isempty_str', [x], B);
  // an array, empty or not, is not empty (documented: isempty(parse_json("[]")) is false); only null is
  return fn(negate ? '$isnotnull' : '$isnull', [x], B);
};


function binFn(a: Expr[], out: Ty, n: SNode): Expr {
  const [x, size] = a;
  // A size of 1, 2 or 5 ticks divides every whole microsecond: the identity on the values kept
  // here (within the microsecond they are kept to). Other tick sizes are refused.
  if ((x.ty.kql === 'datetime' || x.ty.kql === 'timespan') && size.k === 'lit' && size.ticks !== undefined) {
    if (!['1', '2', '5'].includes(size.ticks)) throw new LowerError('HB107', `bin() by ${size.ticks} ticks: datetimes and timespans are kept in microseconds here`, n);
    consume(size);
    return x;
  }
  if (x.ty.kql === 'datetime') {
    // Buckets that divide a day align the same from any midnight: DuckDB's default origin is then
    // equal to Kusto's 0001-01-01 and its fast path applies.
    const us = size.k === 'lit' ? /^CAST\((\d+) AS BIGINT\)$/.exec(size.sql)?.[1] : undefined;
    if (us && Number(us) > 0 && 86400e6 % Number(us) === 0) return fn('bin_dt_day', [x, lit(`INTERVAL '${us} microseconds'`, consume(size).ty)], out);
    return fn('bin_dt', [x, size], out);
  }
  if (x.ty.kql === 'timespan') return fn('bin_ts', [x, size], out);
  if (x.ty.kql === 'long' || x.ty.kql === 'int') {
    if (size.ty.kql === 'long' || size.ty.kql === 'int') return fn('bin_long_exact', [x, size], out);
    return { k: 'cast', e: fn('bin_long', [x, size], R), to: out.kql === 'real' ? 'DOUBLE' : 'BIGINT', try: false, ty: out };
  }
  if (x.ty.kql === 'real' || x.ty.kql === 'decimal') return fn('bin_real', [x, toReal(size)], out);
  return unsupported(n, `bin() of ${x.ty.kql}`);
}

const DATEPART_UNITS: Record<string, string> = {
  year: 'years', quarter: 'quarter', month: 'months', week: 'weeks', day: 'days', hour: 'hours',
  minute: 'minutes', second: 'seconds', millisecond: 'milliseconds', microsecond: 'microseconds',
};

/**
 * format_datetime's format: runs of one specifier letter (d dd, M MM, y yy yyyy, h hh, H HH, m mm,
 * s ss, f…fffffff, F…FFFFFFF, tt) and the documented delimiters. Anything else is refused, as Kusto
 * refuses it; so is a '.' before F digits (whether it is dropped with zero F digits is not documented).
 */
const DT_FORMAT: Record<string, { fn: string; widths: number[] }> = {
  d: { fn: 'dtf_day', widths: [1, 2] },
  M: { fn: 'dtf_month', widths: [1, 2] },
  y: { fn: 'dtf_year', widths: [1, 2, 4] },
  h: { fn: 'dtf_hour12', widths: [1, 2] },
  H: { fn: 'dtf_hour', widths: [1, 2] },
  m: { fn: 'dtf_minute', widths: [1, 2] },
  s: { fn: 'dtf_second', widths: [1, 2] },
  f: { fn: 'dtf_frac', widths: [1, 2, 3, 4, 5, 6, 7] },
  F: { fn: 'dtf_frac_nz', widths: [1, 2, 3, 4, 5, 6, 7] },
  t: { fn: 'dtf_ampm', widths: [2] },
};
const DT_DELIMITERS = new Set([' ', '/', '-', ':', ',', '.', '_', '[', ']']);

/** `frac7`: the exact 7 fraction digits of a constant (lower/ticks.ts), for the 7-digit specifiers. */
function datetimeFormat(x: Expr, f: string, n: SNode, frac7?: string): Expr[] {
  const out: Expr[] = [];
  const I = scalar('int');
  let i = 0;
  while (i < f.length) {
    const ch = f[i];
    let j = i;
    while (j < f.length && f[j] === ch) j++;
    const spec = DT_FORMAT[ch];
    // Kusto reads a longer run of a two-digit specifier as pairs: 'dddd' is 'dd' twice, 'ddd' is 'dd' 'd'.
    if (spec && j - i > 2 && spec.widths.join() === '1,2') j = i + 2;
    if (spec) {
      if (!spec.widths.includes(j - i)) return unsupported(n, `format_datetime element '${f.slice(i, j)}'`);
      if (ch === 'F' && f[i - 1] === '.') return unsupported(n, "format_datetime '.' before F digits");
      // FFFFFFF drops trailing zeros ('' for a whole second, oracle saoc-r3-datetime-timespan-0005)
      if (frac7 !== undefined && j - i === 7 && (ch === 'f' || ch === 'F')) out.push(lit(str(ch === 'f' ? frac7 : frac7.replace(/0+$/, '')), S));
      else out.push(fn(spec.fn, [x, lit(String(j - i), I)], S));
      i = j;
    } else if (DT_DELIMITERS.has(ch)) {
      out.push(lit(str(ch), S));
      i++;
    } else {
      return unsupported(n, `format_datetime element '${ch}' (not a documented specifier or delimiter)`);
    }
  }
  return out;
}

function packPairs(args: SNode[], row: RowScope, cx: Ctx, n: SNode): Expr {
  if (args.length % 2) unsupported(n, 'bag_pack with an odd number of arguments');
  const entries: { name: string; e: Expr }[] = [];
  for (let i = 0; i < args.length; i += 2) {
    const k = lowerExpr(args[i], row, cx);
    const key = constString(k);
    if (key === undefined) {
      if (args.length !== 2) return computedPackMany(args, row, cx);
      const v = lowerExpr(args[i + 1], row, cx);
      // a value whose kind only the data decides has no MAP value type: the JSON-text bag below
      if (v.ty.kql === 'dynamic' && (v.ty.shape.k === 'json' || v.ty.shape.k === 'null')) return computedPackMany(args, row, cx);
      return computedPack(k, v, args[i], n);
    }
    // as for a computed key (HB162 per row): what Kusto makes of an empty key is not documented
    if (key === '') return unsupported(args[i], 'bag_pack with an empty key (what Kusto makes of it is not documented)');
    if (entries.some((f) => f.name === key)) continue;
    entries.push({ name: key, e: lowerExpr(args[i + 1], row, cx) });
  }
  if (entries.length === 0) return jsonToExpr({}, n);
  return packValues(entries, 'bag_pack');
}

/**
 * bag_pack(key, value) with a key known only at run time: a one-entry MAP, which (unlike a
 * struct) keeps a null value under its key, as Kusto does. An empty key is refused per row.
 */
function computedPack(k: Expr, v: Expr, keyNode: SNode, n: SNode): Expr {
  if (k.ty.kql !== 'string') return unsupported(keyNode, `bag_pack with a computed ${k.ty.kql} key`);
  const value = v.ty.kql === 'dynamic' ? v.ty.shape : ({ k: 'scalar', t: v.ty.kql } as const);
  if (value.k === 'json' || value.k === 'null') return unsupported(n, 'bag_pack with a computed key of a value whose kind is known only at run time');
  const ty = dyn({ k: 'map', value });
  const empty = fn('$eq', [k, lit("''", S)], scalar('bool'));
  return { k: 'case', whens: [[empty, fn('hb_refuse', [lit(str('HB162: bag_pack with an empty key is not supported'), S)], ty)]], else: fn('bag_pack_map', [k, v], ty), ty };
}

/**
 * bag_pack(k1, v1, k2, v2, …) where a key is known only at run time: the bag as JSON text (its
 * values may be of different kinds, and a null value keeps its key, as for pack_all). What Kusto
 * makes of two equal keys in one call is not documented, nor an empty key: a row where the keys
 * are not all different and non-empty is refused (HB162). Reals that are not finite (no JSON
 * spelling) are refused per row, decimals at compile time.
 */
function computedPackMany(args: SNode[], row: RowScope, cx: Ctx): Expr {
  const keys: Expr[] = [];
  const parts: Expr[] = [lit("'{'", S)];
  for (let i = 0; i < args.length; i += 2) {
    const k = lowerExpr(args[i], row, cx);
    if (k.ty.kql !== 'string') return unsupported(args[i], `bag_pack with a computed ${k.ty.kql} key`);
    const v0 = lowerExpr(args[i + 1], row, cx);
    if (v0.ty.kql === 'decimal') return unsupported(args[i + 1], 'bag_pack of a decimal value with computed keys', 'HB120');
    if (v0.ty.kql === 'dynamic' && v0.ty.shape.k === 'sketch') return unsupported(args[i + 1], 'bag_pack of a sketch', 'HB111');
    const v = v0.ty.kql === 'real' ? fn('real_finite_or_refuse', [v0], v0.ty) : v0;
    keys.push(k);
    if (i) parts.push(lit("','", S));
    parts.push(fn('$json_text', [k], S), lit("':'", S), fn('$json_text', [v], S));
  }
  parts.push(lit("'}'", S));
  const ty = dyn({ k: 'json' });
  const ok = fn('bag_keys_ok', keys, scalar('bool'));
  const refuse = fn('hb_refuse', [lit(str('HB162: bag_pack with two equal keys or an empty key is not supported (Kusto does not document it)'), S)], ty);
  return { k: 'case', whens: [[fn('$not', [ok], scalar('bool')), refuse]], else: fn('strcat', parts, ty), ty };
}

/** array_sum() of a JSON-text array, a typed list or null. */
const arraySum = (a: Expr[], out: Ty, n: SNode): Expr =>
  a[0].ty.shape.k === 'json' ? fn('json_array_sum', a, out) : a[0].ty.shape.k === 'list' ? fn('array_sum', a, out) : a[0].ty.shape.k === 'null' ? typeDecided(a, nullOf(out)) : unsupported(n, 'array_sum of a non-array value');

export const HANDLERS: Record<string, Handler> = {
  ingestion_time: (_a, out, n, _x, row) => ingestionTime(out, row, n),
  now: (a, out, _n, _x, _r, cx) => (a[0] ? fn('$dt_add', [lit(cx.nowSql, DT), a[0]], out) : lit(cx.nowSql, out)),
  ago: (a, out, _n, _x, _r, cx) => fn('$dt_sub', [lit(cx.nowSql, DT), a[0]], out),
  bin: (a, out, n) => binFn(a, out, n),
  floor: (a, out, n) => (a.length === 2 ? binFn(a, out, n) : fn('floor_num', a, out)),
  bin_at: (a, out, n) => {
    const [x, size, at] = a;
    // a datetime/timespan binned by a plain number: it was read as microseconds here (bin_at(1h, 7,
    // 0s) gave 00:59:59.9999980), Kusto holds 100 ns ticks; the page's examples give a timespan
    if ((x.ty.kql === 'datetime' || x.ty.kql === 'timespan') && size.ty.kql !== 'timespan')
      return unsupported(n, `bin_at() of a ${x.ty.kql} with a ${size.ty.kql} bin size (only a timespan size is documented)`, 'HB121');
    if (x.ty.kql === 'datetime') return fn('bin_at_dt', [x, size, at], out);
    return fn('$add', [binFn([fn('$sub', [x, at], x.ty), size], out, n), at], out);
  },
  round: (a, out) => (a.length > 1 ? fn('round_to', [toReal(a[0]), a[1]], out) : fn('round', [a[0]], out)),
  iff: (a, out, n) => {
    sameKind(a.slice(1), n, 'iff');
    return ifThen(a, out);
  },
  iif: (a, out, n) => {
    sameKind(a.slice(1), n, 'iif');
    return ifThen(a, out);
  },
  case: (a, out, n) => {
    sameKind([...a.filter((_, i) => i % 2 === 1), a[a.length - 1]], n, 'case');
    const values = dynamicValues([...a.filter((_, i) => i % 2 === 1 && i < a.length - 1), a[a.length - 1]], out);
    const whens: [Expr, Expr][] = [];
    for (let i = 0; i + 1 < a.length; i += 2) whens.push([a[i], coerceTo(values.xs[i / 2], values.ty)]);
    return { k: 'case', whens, else: coerceTo(values.xs[values.xs.length - 1], values.ty), ty: values.ty };
  },
  coalesce: (a, out, n) => {
    sameKind(a, n, 'coalesce');
    if (out.kql === 'string') return fn('coalesce_str', a.map(toStr), out);
    const values = dynamicValues(a, out);
    return fn('coalesce', values.xs, values.ty);
  },
  // min_of/max_of skip nulls; among reals a NaN argument makes the result NaN
  min_of: (a, out) => fn(out.kql === 'real' ? 'min_of_real' : 'min_of', a.map((x) => coerceTo(x, out)), out),
  max_of: (a, out) => fn(out.kql === 'real' ? 'max_of_real' : 'max_of', a.map((x) => coerceTo(x, out)), out),
  // startof*/endof*(date [, offset]): the period `offset` periods after the one holding date
  startofday: (a, out) => periodFn('startof', 'day', a, out),
  startofweek: (a, out) => periodFn('startof', 'week', a, out),
  startofmonth: (a, out) => periodFn('startof', 'month', a, out),
  startofyear: (a, out) => periodFn('startof', 'year', a, out),
  endofday: (a, out) => periodFn('endof', 'day', a, out),
  endofweek: (a, out) => periodFn('endof', 'week', a, out),
  endofmonth: (a, out) => periodFn('endof', 'month', a, out),
  endofyear: (a, out) => periodFn('endof', 'year', a, out),
  isempty: (a) => isEmpty(a[0], false),
  isnotempty: (a) => isEmpty(a[0], true),
  // the deprecated name of isnotempty (hidden in the parser's list; community queries use it)
  notempty: (a) => isEmpty(a[0], true),
  // A string is never null in Kusto: decided by the argument's type.
  isnull: (a) => (a[0].ty.kql === 'string' ? typeDecided(a, lit('false', B)) : a[0].ty.shape.k === 'json' ? jsonIsNull(a[0], false) : fn('$isnull', a, B)),
  isnotnull: (a) => (a[0].ty.kql === 'string' ? typeDecided(a, lit('true', B)) : a[0].ty.shape.k === 'json' ? jsonIsNull(a[0], true) : fn('$isnotnull', a, B)),
  // Kusto equality is false (not null) when a side is null, so not(x == 1) keeps null rows;
  // ordering comparisons stay null, so not(x > 0) drops them.
  not: (a) => {
    const x = a[0];
    if (x.k === 'fn' && x.fn === '$eq') return fn('$ne', consume(x).args, B);
    if (x.k === 'fn' && x.fn === '$eq_real') return fn('$ne_real', consume(x).args, B);
    if (x.k === 'fn' && x.fn === '$in') return fn('$notin', consume(x).args, B);
    return fn('$not', a, B);
  },
  strcat: (a, out) => fn('strcat', a.map(toStr), out),
  strcat_delim: (a, out) => fn('strcat_delim', a.map(toStr), out),
  strcat_array: (a, out, n, args) => fn('strcat_array', [strcatArrayArg(a[0], args[0] ?? n, 'strcat_array'), toStr(a[1])], out),
  substring: (a, out) => fn(a.length > 2 ? 'substring' : 'substring_to_end', [toStr(a[0]), toLong(a[1]), ...(a[2] ? [toLong(a[2])] : [])], out),
  split: (a, _out, n) => {
    const strings = dyn({ k: 'list', of: { k: 'scalar', t: 'string' } });
    if (a.length < 3) return fn('split', [toStr(a[0]), toStr(a[1])], strings);
    // With an index: an array holding that part, null past the end (checked on the oracle).
    const i = toLong(a[2]);
    if (i.k !== 'lit' || !/^(CAST\()?\d+( AS BIGINT\))?$/.test(i.sql)) return unsupported(n, 'split() with a computed or negative index');
    return fn('split_at', [toStr(a[0]), toStr(a[1]), i], strings);
  },
  extract: (a, out, n) => {
    const e = fn('extract', [regexArg(a[0], n), a[1], regexText(toStr(a[2]), a[0], n)], S);
    if (a[3]) {
      const want = out.kql;
      if (want === 'long') return toLong(e);
      if (want === 'int') return fn('string_to_int', [e], out);
      if (want === 'real') return toReal(e);
      if (want === 'datetime') return fn('string_to_datetime', [e], out);
      if (want === 'string') return e;
      return unsupported(n, `extract(..., typeof(${want}))`);
    }
    return e;
  },
  extract_all: (a, _out, n, args, _row, cx) => extractAll(a, n, args, cx),
  trim: (a, out, n) => fn('trim', [regexArg(a[0], n), regexText(toStr(a[1]), a[0], n)], out),
  trim_start: (a, out, n) => fn('trim_start', [regexArg(a[0], n), regexText(toStr(a[1]), a[0], n)], out),
  trim_end: (a, out, n) => fn('trim_end', [regexArg(a[0], n), regexText(toStr(a[1]), a[0], n)], out),
  replace_regex: (a, out, n) => fn('replace_regex', [regexText(toStr(a[0]), a[1], n), regexArg(a[1], n), toStr(a[2]), rewriteUndoc(a[1], n)], out),
  // The obsolete replace() takes (regex, rewrite, source), per the parser's own signature.
  replace: (a, out, n) => fn('replace_regex', [regexText(toStr(a[2]), a[0], n), regexArg(a[0], n), toStr(a[1]), rewriteUndoc(a[0], n)], out),
  indexof: (a, out, n) => {
    if (a.length === 2) return fn('indexof', [toStr(a[0]), toStr(a[1])], out);
    if (a.length === 3) return fn('indexof_from', [toStr(a[0]), toStr(a[1]), a[2]], out);
    return unsupported(n, 'indexof with length/occurrence arguments');
  },
  countof: (a, out, n) => {
    const kind = a[2] ? constString(a[2]) : 'normal';
    if (kind === 'regex') return fn('countof_regex', [regexText(toStr(a[0]), a[1], n), regexArg(a[1], n)], out);
    if (kind === 'normal') return fn('countof', [toStr(a[0]), toStr(a[1])], out);
    return unsupported(n, `countof kind ${kind === undefined ? '(computed)' : `'${kind}'`}`);
  },
  // A datetime/timespan that may have lost ticks (values are kept in microseconds) is refused
  // where the conversion would show them (refuseTicksShown).
  tostring: (a, _o, n, _args, _row, cx) => {
    refuseTicksShown(a[0], n, cx, 'tostring()');
    return toStr(a[0]);
  },
  // A real outside the long range saturates when computed row by row, but Kusto folds a constant
  // with another rule (tolong(todouble(9223372036854775807)) is -9223372036854775808): refused.
  tolong: (a, _o, n, _args, _row, cx) => {
    refuseTicksShown(a[0], n, cx, 'tolong()');
    if ((a[0].ty.kql === 'real' || a[0].ty.kql === 'decimal') && isConstant(a[0])) return fn('real_to_long_strict', [a[0]], L);
    return toLong(a[0]);
  },
  // toint(): text parses as an int (null when out of range), a real truncates toward zero and
  // saturates, anything else goes through long and keeps its low 32 bits (toint(2147483648) is
  // -2147483648, toint(1h) is the low bits of 36000000000 ticks).
  toint: (a, _o, n, _args, _row, cx) => {
    refuseTicksShown(a[0], n, cx, 'toint()');
    const x = a[0].ty.kql === 'dynamic' && a[0].ty.shape.k === 'scalar' ? asScalar(a[0], scalar('int')) : a[0];
    const I = scalar('int');
    if (x.ty.kql === 'int') return x;
    if (x.ty.kql === 'string') return fn('string_to_int', [x], I);
    // A constant outside the int range is refused, as for tolong(): Kusto folds constants with
    // another rule than the row-by-row saturation (tolong(todouble(9223372036854775807)) is
    // -9223372036854775808 there), and what toint(1e10) folds to is not documented.
    if (x.ty.kql === 'real' || x.ty.kql === 'decimal') return fn(isConstant(x) ? 'real_to_int_strict' : 'real_to_int', [x], I);
    if (x.ty.kql === 'dynamic' && x.ty.shape.k === 'json')
      return fn('json_to_int', [x], I);
    return fn('long_to_int', [toLong(x)], I);
  },
  todouble: (a, _o, n, _args, _row, cx) => {
    refuseTicksShown(a[0], n, cx, 'todouble()');
    return toReal(a[0]);
  },
  toreal: (a, _o, n, _args, _row, cx) => {
    refuseTicksShown(a[0], n, cx, 'toreal()');
    return toReal(a[0]);
  },
  todecimal: (a, _o, n, _args, _row, cx) => {
    refuseTicksShown(a[0], n, cx, 'todecimal()');
    // a constant keeps its exact decimal value (lower/decimal.ts)
    const exact = exactFromConstant(a[0]);
    if (exact) {
      consume(a[0]);
      const e = exactDecimal(exact);
      // whole-number text or a long/int constant has no fraction digits to keep
      const src = a[0];
      if (src.ty.kql === 'long' || src.ty.kql === 'int') return markWhole(e, exactText(exact));
      if (src.ty.kql === 'string' && src.k === 'lit') return markWhole(e, src.sql.slice(1, -1));
      return e;
    }
    const D = scalar('decimal');
    if (a[0].ty.kql === 'string') return fn('string_to_decimal', [a[0]], D);
    // text held in a dynamic value reads as text does (hb_str_to_decimal)
    const sh = a[0].ty.kql === 'dynamic' ? a[0].ty.shape : undefined;
    if (sh?.k === 'scalar' && sh.t === 'string') return fn('string_to_decimal', [{ ...a[0], ty: scalar('string') }], D);
    if (sh?.k === 'json') return fn('dec_checked', [fn('json_to_decimal', [a[0]], D)], D);
    return fn('dec_checked', [{ ...toReal(a[0]), ty: scalar('decimal') }], scalar('decimal'));
  },
  tobool: (a, _o, n) => {
    const x = asScalar(a[0], B);
    if (x.ty.kql === 'bool') return x;
    if (x.ty.kql === 'dynamic' && x.ty.shape.k === 'json') return fn('json_to_bool', [x], B);
    if (x.ty.kql === 'string') return fn('string_to_bool', [x], B);
    if (x.ty.kql === 'long' || x.ty.kql === 'int' || x.ty.kql === 'real') return fn('num_to_bool', [x], B);
    // The tobool page shows text and whole numbers only; what a decimal, datetime, timespan or
    // guid converts to (non-zero is true, as for a number? null? an error?) is not documented.
    // They were answered null (tobool(decimal(1)) null where tobool(1.0) is true).
    if (['decimal', 'datetime', 'timespan', 'guid'].includes(x.ty.kql)) return unsupported(n, `tobool() of a ${x.ty.kql} (not documented)`, 'HB120');
    return typeDecided(a, nullOf(B));
  },
  toboolean: (a, o, n, args, row, cx) => HANDLERS.tobool(a, o, n, args, row, cx),
  todatetime: (a, _out, n, _args, _row, cx) => {
    const x = asScalar(a[0], DT);
    if (x.ty.kql === 'datetime') return x;
    if (x.ty.kql === 'string') {
      // A constant finer than a microsecond is floored like a datetime literal (marked inexact).
      const c = constString(x);
      const norm = c !== undefined && needsTicks(c) ? normaliseDatetime(c.replace(/^(\d{4}-\d\d-\d\d)T/, '$1 ')) : undefined;
      if (norm) {
        consume(x);
        return { k: 'lit', sql: timestampSql(norm), ty: DT, inexact: true };
      }
      return fn('string_to_datetime', [x], DT);
    }
    if (x.ty.kql === 'long' || x.ty.kql === 'int') {
      // a constant tick count finer than a microsecond (todatetime(1), oracle
      // saoc-r3-type-casts-coercion-0047) is floored like a datetime literal (marked inexact)
      const ticks = x.k === 'lit' ? /^CAST\((\d+) AS (?:BIGINT|INTEGER)\)$/.exec(x.sql)?.[1] : undefined;
      if (ticks !== undefined && BigInt(ticks) % 10n !== 0n && BigInt(ticks) <= MAX_DATETIME_TICKS) {
        consume(x);
        return datetimeLiteral(BigInt(ticks), cx);
      }
      return fn('long_to_dt', [toLong(x)], DT);
    }
    // todatetime(1.5) is 1 tick in Kusto: a real's ticks are finer than the microseconds kept here.
    if (x.ty.kql === 'real' || x.ty.kql === 'decimal') return unsupported(n, `todatetime() of a ${x.ty.kql} (a count of 100 ns ticks)`, 'HB107');
    return typeDecided(a, nullOf(DT));
  },
  totimespan: (a, out, n) => {
    const x = asScalar(a[0], out);
    if (x.ty.kql === 'timespan') return x;
    if (x.ty.kql === 'long' || x.ty.kql === 'int') return fn('ticks_to_us', [toLong(x)], out);
    if (x.ty.kql === 'string') {
      const c = constString(x);
      const ticks = c !== undefined && /^[\s\d.:+-]+$/.test(c) ? parseTimespanTicksExact(c) : undefined;
      if (typeof ticks === 'bigint' && ticks % 10n !== 0n) {
        consume(x);
        return { k: 'lit', sql: `CAST(${floorDiv10(ticks)} AS BIGINT)`, ty: out, ticks: String(ticks), inexact: true };
      }
      return fn('$ts_range', [fn('string_to_timespan', [x], out)], out);
    }
    return unsupported(n, `totimespan() of ${x.ty.kql}`);
  },
  toguid: (a) => (a[0].ty.kql === 'guid' ? a[0] : fn('string_to_guid', [toStr(a[0])], scalar('guid'))),
  todynamic: (a, _o, n) => parseJson(a[0], n),
  parse_json: (a, _o, n) => parseJson(a[0], n),
  parsejson: (a, _o, n) => parseJson(a[0], n),
  parse_path: (a) => {
    const s = { k: 'scalar' as const, t: 'string' as const };
    const names = ['Scheme', 'RootPath', 'DirectoryPath', 'DirectoryName', 'Filename', 'Extension', 'AlternateDataStreamName'];
    return fn('parse_path', [toStr(a[0])], dyn({ k: 'struct', fields: names.map((name) => ({ name, shape: s })) }));
  },
  parse_command_line: (a, _o, n) => {
    const kind = a[1] ? constString(a[1])?.toLowerCase() : 'windows';
    if (kind !== 'windows') return unsupported(n, `parse_command_line parser '${kind}' (only "windows")`);
    return fn('parse_command_line', [toStr(a[0])], dyn({ k: 'list', of: { k: 'scalar', t: 'string' } }));
  },
  parse_url: (a) => {
    const s = { k: 'scalar' as const, t: 'string' as const };
    const f = (name: string) => ({ name, shape: s });
    const fields = [f('Scheme'), f('Host'), f('Port'), f('Path'), f('Username'), f('Password'), { name: 'Query Parameters', shape: { k: 'map' as const, value: s } }, f('Fragment')];
    return fn('parse_url', [toStr(a[0])], dyn({ k: 'struct', fields }));
  },
  gettype: (a, out, n) => {
    if (a[0].ty.shape.k === 'json') return fn('json_type', [a[0]], out);
    // datetime_diff('week') and jaccard_index(): the type here is the analyzer's, not the engine's
    refuseEngineTyped(a[0], n);
    return typeDecided(a, lit(str(gettype(a[0])), out));
  },
  typeof: (_a, out, n) => unsupported(n, `typeof() as a value (${out.kql})`),
  datetime_diff: (a, out, n, _args, _row, cx) => {
    const unit = constString(a[0])?.toLowerCase();
    // nanoseconds: the page's example is the difference in 100 ns ticks times 100 (…0000000 − …0000007
    // is -700); values kept to the microsecond give it exactly unless they lost ticks (HB107)
    if (unit === 'nanosecond') {
      consume(a[0]);
      for (const x of [a[1], a[2]]) refuseTicksShown(x, n, cx, "datetime_diff('nanosecond')");
      return fn('$mul', [fn('$dt_diff', [a[1], a[2]], L), lit('1000', L)], out);
    }
    if (!unit || !DATEPART_UNITS[unit]) return unsupported(n, 'datetime_diff unit');
    // Kusto's weeks start on Sunday (DuckDB's on Monday): count the Sundays crossed.
    if (unit === 'week') return fn('datetime_diff_week', [a[1], a[2]], out);
    return fn('datetime_diff', [lit(str(unit), S), a[1], a[2]], out);
  },
  datetime_add: (a, out, n) => {
    const unit = constString(a[0])?.toLowerCase();
    // nanoseconds: a whole number of microseconds is added exactly; a finer amount would need the
    // 100 ns ticks that are not kept here (HB107 while the query runs)
    if (unit === 'nanosecond') {
      consume(a[0]);
      return fn('datetime_add_ns', [a[1], a[2]], out);
    }
    if (!unit || !DATEPART_UNITS[unit]) return unsupported(n, 'datetime_add unit');
    const us: Record<string, number> = { week: 604800e6, day: 86400e6, hour: 3600e6, minute: 60e6, second: 1e6, millisecond: 1e3, microsecond: 1 };
    if (us[unit]) return fn('datetime_add_us', [lit(String(us[unit]), L), a[1], a[2]], out);
    if (unit === 'quarter') return fn('datetime_add', [lit('months', S), fn('$mul', [a[1], lit('3', L)], L), a[2]], out);
    return fn('datetime_add', [lit(DATEPART_UNITS[unit], S), a[1], a[2]], out);
  },
  datetime_part: (a, out, n, _args, _row, cx) => {
    const unit = constString(a[0])?.toLowerCase();
    // the page: "nanosecond" is the second's fraction in nanoseconds (….7654321 gives 765432100);
    // values kept to the microsecond give it exactly unless they lost ticks (HB107)
    if (unit === 'nanosecond') {
      consume(a[0]);
      refuseTicksShown(a[1], n, cx, "datetime_part('nanosecond')");
      return fn('$mul', [fn('$mod', [fn('datetime_part', [lit("'microsecond'", S), a[1]], out), lit('1000000', out)], out), lit('1000', out)], out);
    }
    const map: Record<string, string> = { year: 'year', quarter: 'quarter', month: 'month', week_of_year: 'week', weekofyear: 'week', day: 'day', dayofyear: 'doy', hour: 'hour', minute: 'minute', second: 'second', millisecond: 'millisecond', microsecond: 'microsecond' };
    if (!unit || !map[unit]) return unsupported(n, 'datetime_part unit');
    if (unit === 'millisecond') return fn('$mod', [fn('datetime_part', [lit("'millisecond'", S), a[1]], out), lit('1000', out)], out);
    if (unit === 'microsecond') return fn('$mod', [fn('datetime_part', [lit("'microsecond'", S), a[1]], out), lit('1000000', out)], out);
    return fn('datetime_part', [lit(str(map[unit]), S), a[1]], out);
  },
  // datetime_part page: "Deprecated aliases: datepart()"
  datepart: (a, out, n, args, row, cx) => HANDLERS.datetime_part(a, out, n, args, row, cx),
  format_datetime: (a, out, n, _args, _row, cx) => {
    const f = constString(a[1]);
    if (f === undefined) return unsupported(n, 'format_datetime with a computed format');
    if (/[fF]{7}/.test(f)) refuseTicksShown(a[0], n, cx, 'a 7-digit fraction');
    const x = asScalar(a[0], DT);
    return fn('dtf_or_empty', [x, fn('strcat', datetimeFormat(x, f, n), S)], out);
  },
  array_length: (a, out) =>
    a[0].ty.shape.k === 'list' ? fn('array_length', a, out) : a[0].ty.shape.k === 'json' ? fn('array_length', [jsonList(a[0])], out) : typeDecided(a, nullOf(L)),
  // array_length page: "Deprecated aliases: arraylength()"
  arraylength: (a, out, n, args, row, cx) => HANDLERS.array_length(a, out, n, args, row, cx),
  pack_array: (a, _out, n) => {
    if (a.length === 0) return jsonToExpr([], n);
    let shape: import('../api.ts').SqlShape | undefined = { k: 'null' };
    for (const x of a) shape = shape && unify(shape, x.ty.shape);
    // (an empty bag beside bags with keys unifies to their struct, which DuckDB cannot cast a MAP to)
    const whole = shape;
    if (!whole || a.some((x) => !castable(x.ty.shape, whole))) return unsupported(n, 'pack_array of values of different kinds', 'HB110');
    const ty = dyn({ k: 'list', of: whole });
    // Constants fold into a list literal, which `in`/`has_any` expand into a constant list.
    if (a.every((x) => x.k === 'lit')) return lit(`CAST([${a.map((x) => (consume(x) as { sql: string }).sql).join(', ')}] AS ${sqlType(ty.shape)})`, ty);
    return fn('pack_array', a, ty);
  },
  make_list: (a, out, n) => HANDLERS.pack_array(a, out, n, [], { cols: [] }, null as never),
  bag_pack: (_a, _o, n, args, row, cx) => packPairs(args, row, cx, n),
  pack: (_a, _o, n, args, row, cx) => packPairs(args, row, cx, n),
  pack_dictionary: (_a, _o, n, args, row, cx) => packPairs(args, row, cx, n),
  array_concat: (a, _o, n) => {
    if (!a.some((x) => x.ty.kql === 'dynamic' && x.ty.shape.k === 'json')) return listOp('array_concat', a, n);
    // JSON text among the arguments (a row's kind is known only at run time): every argument is
    // read as a list of JSON texts; a bag or null adds nothing (oracle saoc-tier1-0168), any other
    // value is refused per row (HB162)
    const J = dyn({ k: 'list', of: { k: 'json' } });
    const parts = a.map((x): Expr => {
      if (x.ty.kql !== 'dynamic') return unsupported(n, 'array_concat of a non-dynamic value');
      const s = x.ty.shape;
      if (s.k === 'null') return consume(x) && lit('[]::VARCHAR[]', J);
      if (s.k === 'list') return fn('json_list', [fn('$json_text', [x], dyn({ k: 'json' }))], J);
      if (s.k === 'json') return fn('json_concat_part', [x], J);
      return unsupported(n, 'array_concat of a non-array value');
    });
    return fn('array_concat', parts, J);
  },
  set_union: (a, _o, n) => listOp('set_union', a, n),
  set_intersect: (a, _o, n) => listOp('set_intersect', a, n),
  set_difference: (a, _o, n) => listOp('set_difference', a, n),
  array_sort_asc: (a, _o, n) => jsonSort('asc', a, n) ?? sortOp('asc', a, n),
  array_sort_desc: (a, _o, n) => jsonSort('desc', a, n) ?? sortOp('desc', a, n),
  array_reverse: (a, _o, n) => listOp('array_reverse', a, n),
  array_slice: (a, _o, n) => {
    // JSON text (kind known per row, e.g. parse_json(Parameters)): an array's elements are sliced
    // as for a typed array; null stays null; any other value is HB162 per row (the page documents arrays only)
    if (a[0].ty.kql === 'dynamic' && a[0].ty.shape.k === 'json') {
      const ty = dyn({ k: 'list', of: { k: 'json' } });
      return fn('array_slice', [fn('json_slice_part', [a[0]], ty), toLong(a[1]), toLong(a[2])], ty);
    }
    const e = listOp('array_slice', [a[0]], n);
    return e.k === 'fn' ? { ...e, args: [e.args[0], toLong(a[1]), toLong(a[2])] } : e;
  },
  // JSON text (kind known per row): the sum of an array of numbers; anything else is HB162 per row
  array_sum: (a, out, n) => {
    // an array of timespans/datetimes: DuckDB summed microseconds (array_sum(pack_array(1h, 2h))
    // answered 10800000000), Kusto holds 100 ns ticks; its page makes non-numeric elements null,
    // but whether a timespan in a dynamic array counts as one is not shown (strings are refused too)
    const s = a[0].ty.shape;
    if (s.k === 'list' && s.of.k === 'scalar' && !['long', 'int', 'real'].includes(s.of.t)) return unsupported(n, `array_sum() of an array of ${s.of.t} values`, 'HB120');
    return arraySum(a, out, n);
  },
  bag_keys: (a, out) => {
    const s = a[0].ty.shape;
    // A struct column holds the union of keys seen anywhere; a row's own keys are the non-null ones.
    if (s.k === 'struct')
      return fn('bag_keys_struct', [a[0], ...s.fields.map((f) => lit(str(f.name), S))], dyn({ k: 'list', of: { k: 'scalar', t: 'string' } }));
    if (s.k === 'map') return fn('map_keys', a, dyn({ k: 'list', of: { k: 'scalar', t: 'string' } }));
    if (s.k === 'json') return fn('json_keys', a, dyn({ k: 'list', of: { k: 'scalar', t: 'string' } }));
    return lit('NULL', out);
  },
  // The key is a name, or a JSONPath to a nested key (`$.key2.prop1`, documented; array indexing is
  // not supported by Kusto). Other JSONPath forms, and names that could be read as a path, are refused.
  bag_has_key: (a, out, n, args) => {
    const key = constString(a[1]);
    if (key === undefined || a[0].ty.shape.k !== 'struct') return unsupported(n, 'bag_has_key on this value');
    const path = key.startsWith('$') ? /^\$((?:\.[A-Za-z_][A-Za-z0-9_]*)+)$/.exec(key)?.[1]?.slice(1).split('.') : /[.[\]]/.test(key) ? undefined : [key];
    if (!path) return unsupported(args[1] ?? n, `bag_has_key with the key ${JSON.stringify(key)} (only a name or a dotted JSONPath such as $.a.b is supported)`, 'HB120');
    let cur = a[0];
    for (const seg of path) {
      const s = cur.ty.shape;
      // a number, string or array has no keys; a map's or JSON text's keys are known per row only
      if (s.k === 'scalar' || s.k === 'list' || s.k === 'null') return typeDecided(a, lit('false', out));
      if (s.k !== 'struct') return unsupported(n, 'bag_has_key of a nested value whose shape is not known at compile time');
      if (!s.fields.some((f) => f.name === seg)) return typeDecided(a, lit('false', out));
      cur = member_(cur, seg, n);
    }
    return fn('$isnotnull', [cur], out);
  },
  // Two's complement for negatives (tohex(-546) is fffffffffffffdde); minLength pads with zeros.
  tohex: (a, out) => {
    // An int is 32 bits: tohex(toint(-256), 8) is ffffff00, tohex(-256) is ffffffffffffff00.
    const v = a[0].ty.kql === 'int' ? fn('int_bits', [a[0]], L) : toLong(a[0]);
    return a.length > 1 ? fn('tohex_pad', [v, toLong(a[1])], out) : fn('tohex', [v], out);
  },
  row_number: (_a, out, n, args, row, cx) => {
    windowInAggregate(row, n, 'row_number');
    if (!row.win) throw new LowerError('HB105', 'row_number() needs a serialized input (add | serialize or | sort)', n);
    const a = args.map((x) => lowerExpr(x, row, cx));
    return { k: 'win', fn: 'row_number', args: a.slice(0, 1), reset: a[1], ty: out };
  },
  prev: (_a, out, n, args, row, cx) => {
    windowInAggregate(row, n, 'prev');
    if (!row.win) throw new LowerError('HB105', 'prev() needs a serialized input (add | serialize or | sort)', n);
    const a = args.map((x) => lowerExpr(x, row, cx));
    checkOffset(a[1], args[1], 'prev');
    checkDefault(a[0], a[2], args[2] ?? n, 'prev');
    return { k: 'win', fn: 'lag', args: stringDefault(a, out), ty: out };
  },
  next: (_a, out, n, args, row, cx) => {
    windowInAggregate(row, n, 'next');
    if (!row.win) throw new LowerError('HB105', 'next() needs a serialized input (add | serialize or | sort)', n);
    const a = args.map((x) => lowerExpr(x, row, cx));
    checkOffset(a[1], args[1], 'next');
    checkDefault(a[0], a[2], args[2] ?? n, 'next');
    return { k: 'win', fn: 'lead', args: stringDefault(a, out), ty: out };
  },
  row_cumsum: (_a, out, n, args, row, cx) => {
    windowInAggregate(row, n, 'row_cumsum');
    if (!row.win) throw new LowerError('HB105', 'row_cumsum() needs a serialized input', n);
    const a = args.map((x) => lowerExpr(x, row, cx));
    // a null term is refused per row (cumsum_term); an int term sums to an int (DuckDB's sum
    // widens it): cast back (an overflow stays an error)
    const w: Expr = { k: 'win', fn: 'cumsum', args: [fn('cumsum_term', [a[0]], a[0].ty)], reset: a[1], ty: out };
    return out.kql === 'int' ? { k: 'cast', e: { ...w, ty: scalar('long') }, to: 'INTEGER', try: false, ty: out } : w;
  },
  row_rank_dense: (_a, out, n, args, row, cx) => rank('rank_dense', out, n, args, row, cx),
  row_rank_min: (_a, out, n, args, row, cx) => rank('rank_min', out, n, args, row, cx),
  format_timespan: (a, out, n, _args, _row, cx) => {
    const f = constString(a[1]);
    if (f === undefined) return unsupported(n, 'format_timespan with a computed format');
    if (/[fF]{7}/.test(f)) refuseTicksShown(a[0], n, cx, 'a 7-digit fraction');
    return fn('strcat', [fn('ts_fmt_sign', [a[0]], S), ...timespanFormat(a[0], f, n)], out);
  },
  make_timespan: (a, out, n) => {
    const z = lit('0', L);
    // (a day count beyond Kusto's timespan range is refused: sql/functions.ts $ts_range)
    if (a.length === 2) return fn('make_timespan', [z, a[0], a[1], z], out);
    if (a.length === 3) return fn('make_timespan', [z, ...a], out);
    if (a.length === 4) return fn('$ts_range', [fn('make_timespan', a, out)], out);
    return unsupported(n, 'make_timespan arity');
  },
  weekofyear: (a, out) => fn('week_of_year', a, out),
  extractjson: (a, out, n) => extractJson(a, out, n),
  extract_json: (a, out, n) => extractJson(a, out, n),
  range: (a, _out, n) => {
    const [from, to, step] = a;
    if (from.ty.kql === 'datetime') return fn('list_series_dt', [from, to, step ?? lit('3600000000', scalar('timespan'))], dyn({ k: 'list', of: { k: 'scalar', t: 'datetime' } }));
    if (from.ty.kql === 'long' || from.ty.kql === 'int')
      return fn('list_series', [toLong(from), toLong(to), step ? toLong(step) : lit('1', L)], dyn({ k: 'list', of: { k: 'scalar', t: 'long' } }));
    return unsupported(n, `range() of ${from.ty.kql} values`);
  },
  zip: (a, _o, n) => {
    const inner = listOp('zip', a, n);
    return { ...inner, ty: dyn({ k: 'list', of: inner.ty.shape }) };
  },
  // array_iff page: a numeric condition is true when not 0, any other condition (a string, a
  // datetime, null) gives null; each branch is an array (a missing element is null) or a scalar
  array_iff: (a, _o, n) => {
    const [c, x, y] = a;
    if (c.ty.shape.k !== 'list') return unsupported(n, 'array_iff with a non-array condition');
    const ce = c.ty.shape.of;
    const mode = ce.k === 'null' || (ce.k === 'scalar' && !['bool', 'long', 'int', 'real'].includes(ce.t)) ? 'x' : ce.k === 'scalar' ? (ce.t === 'bool' ? 'b' : 'n') : undefined;
    if (!mode) return unsupported(n, 'array_iff with a condition array of mixed or nested values');
    const arm = (v: Expr): { shape: import('../api.ts').SqlShape; list: boolean; v: Expr } | undefined => {
      if (v.ty.kql !== 'dynamic') return { shape: { k: 'scalar', t: v.ty.kql }, list: false, v };
      const sh = v.ty.shape;
      if (sh.k === 'list') return { shape: sh.of, list: true, v };
      if (sh.k === 'scalar') return { shape: sh, list: false, v };
      return undefined;
    };
    const arms = [arm(x), arm(y)];
    if (!arms[0] || !arms[1]) return unsupported(n, 'array_iff of a value that is neither an array nor a scalar', 'HB110');
    const shape = unify(arms[0].shape, arms[1].shape);
    if (!shape || (arms[0].shape.k === 'scalar' && arms[1].shape.k === 'scalar' && sqlType(arms[0].shape) !== sqlType(arms[1].shape)))
      return unsupported(n, 'array_iff of values of different kinds', 'HB110');
    const ty = dyn({ k: 'list', of: shape });
    return fn('array_iff', [c, x, y, lit(str(mode), S), lit(str(arms[0].list ? 'l' : 's'), S), lit(str(arms[1].list ? 'l' : 's'), S)], ty);
  },
  // array_iff page: "The array_iff() and array_iif() functions are equivalent"
  array_iif: (a, out, n, args, row, cx) => HANDLERS.array_iff(a, out, n, args, row, cx),
  // dynamic_to_json: compact JSON with property bags' keys sorted by name (documented).
  dynamic_to_json: (a, out, n) => {
    const shape = sortedKeys(a[0].ty.shape, n);
    return fn('$json_text', [{ ...a[0], ty: dyn(shape) }], out);
  },
  bag_merge: (a, out, n) => {
    let fields: { name: string; shape: import('../api.ts').SqlShape }[] = [];
    // keys whose values differ in kind between the bags: carried as JSON text (the representation
    // that holds any dynamic value); the leftmost bag holding the key still wins (documented)
    const mixed = new Set<string>();
    for (const x of a) {
      const s = x.ty.shape;
      if (s.k === 'null' || (s.k === 'map' && s.value.k === 'null')) {
        consume(x); // a null or empty bag adds nothing to the merge
        continue;
      }
      if (s.k !== 'struct') return unsupported(n, 'bag_merge of values that are not property bags');
      for (const f of s.fields) {
        const have = fields.find((g) => g.name === f.name);
        if (!have) fields.push({ ...f });
        else {
          const u = unify(have.shape, f.shape);
          if (!u || mixed.has(f.name)) mixed.add(f.name);
          have.shape = u && !mixed.has(f.name) ? u : { k: 'json' };
        }
      }
    }
    fields = fields.slice();
    if (fields.length === 0) return jsonToExpr({}, n);
    const parts: Expr[] = [];
    for (const f of fields) {
      const J = dyn({ k: 'json' });
      const vals = a
        .filter((x) => x.ty.shape.k === 'struct' && x.ty.shape.fields.some((g) => g.name === f.name))
        .map((x) => member_(x, f.name, n))
        .map((v): Expr => (!mixed.has(f.name) || v.ty.shape.k === 'json' ? v : { k: 'case', whens: [[fn('$isnotnull', [v], B), fn('$json_text', [v], J)]], else: nullOf(J), ty: J }));
      parts.push(lit(str(f.name), S), vals.length === 1 ? vals[0] : fn('coalesce', vals, dyn(f.shape)));
    }
    return fn('struct_pack', parts, { ...out, shape: { k: 'struct', fields } });
  },
  toscalar: (_a, _o, _n, args, _r, cx) => {
    const rel = tabular(args[0], cx);
    return { k: 'scalar', rel, ty: rel.cols[0]?.ty ?? scalar('long') };
  },
  materialize: (_a, _o, n) => unsupported(n, 'materialize() as a scalar'),
  strrep: (a, out) => (a.length > 2 ? fn('strrep_delim', [toStr(a[0]), a[1], toStr(a[2])], out) : fn('strrep', [toStr(a[0]), a[1]], out)),
  string_size: (a, out) => fn('string_size', [toStr(a[0])], out),
  hash_sha256: (a, out) => fn('hash_sha256', [toStr(a[0])], out),
  hash_md5: (a, out) => fn('hash_md5', [toStr(a[0])], out),
  // the function families (lower/families/): one file per family
  ...FAMILY_HANDLERS,
};

/** A regex argument: a constant is translated to RE2 (lower/regex.ts); a computed one runs as is. */
/**
 * The RE2 pattern of the replace_regex() rewrites whose answer is not documented (the page: "\\0 to
 * refer to the whole match, \\1 for the first capture group …"): a backslash before other than a
 * digit or a backslash, or at the end (DuckDB's RE2 drops it: "\\x" gave ""), and a reference to a
 * group the regex lacks (the match was then left unreplaced). A computed regex's groups are not
 * known, so any group reference but \\0 is refused with it. (Reads the regex without consuming it.)
 */
function rewriteUndoc(re: Expr, n: SNode): Expr {
  const s = re.k === 'lit' && /^'.*'$/s.test(re.sql) ? re.sql.slice(1, -1).replaceAll("''", "'") : undefined;
  const groups = s === undefined ? 0 : kustoRegex(s, n).groups;
  const past = groups >= 9 ? '' : `|[${groups + 1}-9]`;
  return lit(str(`^(?:[^\\\\]|\\\\[0-9\\\\])*\\\\(?:[^0-9\\\\]|$${past})`), S);
}

function regexArg(x: Expr, n: SNode): Expr {
  const s = constString(x);
  return s === undefined ? toStr(x) : lit(str(kustoRegex(s, n).re), S);
}

/** extract_all(regex, [captureGroups,] source): the groups to keep must be known at compile time. */
function extractAll(a: Expr[], n: SNode, args: SNode[], cx: Ctx): Expr {
  const pattern = constString(a[0]);
  const str1 = { k: 'scalar' as const, t: 'string' as const };
  // A computed regex runs as RE2 reads it; it must have exactly one capture group (checked per row).
  if (pattern === undefined) {
    if (a.length === 3) return unsupported(n, 'extract_all with a computed regex and capture groups');
    return fn('extract_all_dyn', [toStr(a[0]), regexText(toStr(a[1]), a[0], n)], dyn({ k: 'list', of: str1 }));
  }
  const rx = kustoRegex(pattern, n);
  if (rx.groups === 0) return unsupported(n, 'extract_all with a regex without capture groups');
  let groups = Array.from({ length: rx.groups }, (_, i) => i + 1);
  if (a.length === 3) {
    let sel: unknown;
    try {
      const inner = args[1]?.k === 'DynamicExpression' ? kids(args[1]).find((c) => c.k.startsWith('Json')) : undefined;
      sel = inner ? jsonValue(inner, cx) : undefined;
    } catch {
      sel = undefined;
    }
    // a group by its number, or by its name (documented: "Named capture groups are allowed as well")
    const num = (g: unknown): number | undefined =>
      typeof g === 'number' ? (Number.isInteger(g) && g >= 1 && g <= rx.groups ? g : undefined) : typeof g === 'string' && rx.names.includes(g) ? rx.names.indexOf(g) + 1 : undefined;
    const picked = Array.isArray(sel) ? sel.map(num) : [];
    if (picked.length === 0 || picked.some((g) => g === undefined))
      return unsupported(args[1] ?? n, 'extract_all capture groups other than a constant array of group numbers or names in range');
    groups = picked as number[];
    consume(a[1]); // read at compile time: the groups to keep
  } else if (rx.named) return unsupported(n, 'extract_all with named capture groups');
  const src = regexText(toStr(a[a.length - 1]), a[0], n);
  const shape = groups.length === 1 ? { k: 'list' as const, of: str1 } : { k: 'list' as const, of: { k: 'list' as const, of: str1 } };
  return fn('extract_all', [lit(str(rx.re), S), src, ...groups.map((g) => lit(String(g), L))], dyn(shape));
}

function periodFn(kind: 'startof' | 'endof', unit: 'day' | 'week' | 'month' | 'year', a: Expr[], out: Ty): Expr {
  const x = asScalar(a[0], DT);
  if (!a[1]) return fn(`${kind}${unit}`, [x], out);
  return fn('$dt_range', [fn(`${kind}${unit}_n`, [x, toLong(asScalar(a[1], L))], out)], out);
}

/** make_list / make_set / make_list_with_nulls of one value (filter = the _if predicate). */
function listAgg(x: Expr, set: boolean, filter: Expr | undefined, nulls: boolean): Expr {
  const agg = (f: string, ty: Ty): Expr => ({ k: 'agg', fn: f, args: [x], ty, filter });
  const s = x.ty.shape;
  // Arrays contribute their elements (make_list keeps a null row as a null element).
  if (x.ty.kql === 'dynamic' && s.k === 'list') return agg(set ? 'make_set_flat' : 'make_list_flat', dyn(s));
  // Values held as JSON text (parse_json of a string column, a dynamic column of mixed kinds):
  // Kusto looks at each value, so an array contributes its elements to make_set as to make_list
  // (make-set-aggregation-function, "Set from array column").
  if (x.ty.kql === 'dynamic' && s.k === 'json') return agg(set ? 'make_set_json' : 'make_list_json', dyn({ k: 'list', of: { k: 'json' } }));
  const shape = x.ty.kql === 'dynamic' ? s : { k: 'scalar' as const, t: x.ty.kql as never };
  // Kusto skips null scalars but keeps dynamic nulls in make_list.
  const list = nulls || x.ty.kql === 'dynamic' ? 'make_list_nulls' : 'make_list';
  return agg(set ? 'make_set' : list, dyn({ k: 'list', of: shape }));
}

/**
 * The optional maxSize of make_list/make_set: the first N values. The page gives its range as up to
 * 1048576 (the default); what a size below 1 or one read from a column does is not documented
 * (DuckDB's slice took -1 for "all but none" and a column was an internal error), so only a
 * constant of at least 1 is taken.
 */
function listHead(e: Expr, max: Expr | undefined, n: SNode, name: string): Expr {
  if (!max) return e;
  const m = max.k === 'lit' ? /^(?:CAST\()?(-?\d+)(?: AS (?:BIGINT|INTEGER)\))?$/.exec(max.sql) : null;
  if (!m || Number(m[1]) < 1) return unsupported(n, `${name}() maxSize that is not a constant of at least 1`, 'HB121');
  return fn('list_head', [e, toLong(max)], e.ty);
}

/**
 * prev()/next() past the first/last row give the default, null when none is given; a string is
 * never null (null-values: no null strings), so a string's default is '' (DuckDB's lag/lead
 * would give NULL, which `==` and strlen() then treat as unknown).
 */
function stringDefault(a: Expr[], out: Ty): Expr[] {
  if (out.kql !== 'string' || a.length >= 3) return a;
  return [a[0], a[1] ?? lit('1', L), lit("''", S)];
}

/** prev()/next() offsets: Kusto refuses an offset below 1, and it must be a constant here. */
function checkOffset(e: Expr | undefined, node: SNode | undefined, name: string): void {
  if (!e || !node) return;
  const num = (x: Expr): number =>
    x.k === 'lit' ? Number(/^(?:CAST\()?(-?\d+)/.exec(x.sql)?.[1]) : x.k === 'fn' && x.fn === '$neg' ? -num(x.args[0]) : Number.NaN;
  const v = num(e);
  if (Number.isNaN(v)) unsupported(node, `${name}() with a computed offset`);
  if (v < 1) unsupported(node, `${name}() offset ${v}: Kusto needs an offset of at least 1`);
}

/**
 * A window function in an aggregate's argument (`summarize sum(x - prev(x))` over a serialized
 * input) was an internal compiler error (HB099: the window cannot be computed inside the
 * aggregation's SQL); whether Kusto allows it is not documented: refused with a coded diagnostic.
 */
function windowInAggregate(row: RowScope, n: SNode, name: string): void {
  if (row.agg || row.aggArg) unsupported(n, `${name}() inside an aggregation (summarize, make-series, top-nested): compute it with extend first`, 'HB105');
}

/**
 * prev()/next() defaults: the prev-function page says only that the default is "the value to be
 * returned when there's no previous row"; how a default of another type becomes the column's type
 * is not documented (the analyzer types the result as the column). A default of the column's type
 * is taken, and so is a whole number for a real or long column and an int-range whole-number
 * literal for an int column (exact); any other (prev(long, 1, 1.5) was rounded to 2, prev(long, 1,
 * true) gave 1, prev(string, 1, 5) gave "5", a datetime for a long was an internal error) is HB106.
 */
function checkDefault(col: Expr, d: Expr | undefined, node: SNode, name: string): void {
  if (!d) return;
  const c = col.ty.kql;
  if (c === 'dynamic' || exactDefault(d, c)) return;
  throw new LowerError('HB106', `${name}() of a ${c} column with a default of type ${d.ty.kql}: how Kusto converts the default is not documented; give a ${c} default (to${c === 'real' ? 'double' : c}(…))`, node);
}

/** A shape with its bags' fields in name order (dynamic_to_json); bags not known at compile time are refused. */
function sortedKeys(s: import('../api.ts').SqlShape, n: SNode): import('../api.ts').SqlShape {
  if (s.k === 'struct') return { k: 'struct', fields: [...s.fields].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0)).map((f) => ({ ...f, shape: sortedKeys(f.shape, n) })) };
  if (s.k === 'list') return { k: 'list', of: sortedKeys(s.of, n) };
  if (s.k === 'map' && s.value.k === 'null') return s; // an empty bag ({}): no keys to order
  if (s.k === 'map' || s.k === 'json') return unsupported(n, 'dynamic_to_json of a value whose property bags are only known at run time');
  return s;
}

/** isnull()/isnotnull() of JSON text: JSON null (or no value) is null. */
function jsonIsNull(x: Expr, negate: boolean): Expr {
  const t = fn('json_type', [x], S);
  return fn(negate ? '$ne' : '$eq', [t, lit("'null'", S)], B);
}

function rank(f: 'rank_dense' | 'rank_min', out: Ty, n: SNode, args: SNode[], row: RowScope, cx: Ctx): Expr {
  windowInAggregate(row, n, `row_${f}`);
  if (!row.win) throw new LowerError('HB105', `row_${f}() needs a serialized input (add | serialize or | sort)`, n);
  const a = args.map((x) => lowerExpr(x, row, cx));
  return { k: 'win', fn: f, args: a.slice(0, 1), reset: a[1], ty: out };
}

/**
 * format_timespan's format: runs of one specifier letter of the widths its page lists (d…dddddddd,
 * f…fffffff, F…FFFFFFF, h hh / H HH, m mm, s ss; h and hh are in the page's example) and the page's
 * delimiters (the same list as format_datetime's). Anything else is refused, as for format_datetime:
 * longer runs (format_datetime reads 'ddd' as 'dd' 'd', so 'hhh' need not be a padded hour), a
 * ninth d or an eighth f, quoted literals, backslash escapes and other characters are not
 * documented (the oracle's Kusto refused a format holding 'd\\.hh\\:mm' and 'c',
 * saoc-r3-datetime-timespan-0022).
 */
const TS_FORMAT: Record<string, { fn: string; max: number }> = {
  d: { fn: 'ts_fmt_d', max: 8 },
  h: { fn: 'ts_fmt_h', max: 2 },
  H: { fn: 'ts_fmt_h', max: 2 },
  m: { fn: 'ts_fmt_m', max: 2 },
  s: { fn: 'ts_fmt_s', max: 2 },
  f: { fn: 'ts_fmt_f', max: 7 },
  F: { fn: 'ts_fmt_F', max: 7 },
};

/** Splits a Kusto timespan format (`d.hh:mm:ss.fff`) into IR pieces. */
/** `frac7`: the exact 7 fraction digits of a constant (lower/ticks.ts), for the 7-digit specifier. */
function timespanFormat(x: Expr, f: string, n: SNode, frac7?: string): Expr[] {
  const out: Expr[] = [];
  const I = scalar('int');
  let i = 0;
  while (i < f.length) {
    const ch = f[i];
    let j = i;
    while (j < f.length && f[j] === ch) j++;
    const w = j - i;
    const spec = TS_FORMAT[ch];
    if (spec) {
      if (w > spec.max) return unsupported(n, `format_timespan element '${f.slice(i, j)}'`);
      // as for format_datetime: whether the '.' is dropped with the F digits of a zero fraction is
      // not documented (it was kept: format_timespan(0s, 'ss.FFF') gave '00.')
      if (ch === 'F' && f[i - 1] === '.') return unsupported(n, "format_timespan '.' before F digits");
      if (frac7 !== undefined && ch === 'f' && w === 7) out.push(lit(str(frac7), S));
      else out.push(fn(spec.fn, [x, lit(String(w), I)], S));
      i = j;
    } else if (DT_DELIMITERS.has(ch)) {
      out.push(lit(str(ch), S));
      i++;
    } else {
      return unsupported(n, `format_timespan element '${ch}' (not a documented specifier or delimiter)`);
    }
  }
  return out;
}

/**
 * format_datetime/format_timespan of a constant known in ticks (lower/ticks.ts): `at` is the value
 * floored to the microsecond (a timespan's magnitude), which gives every field but a 7-digit
 * fraction; `frac7` gives that.
 */
export const exactFormat: ExactFormat = (kind, at, f, frac7, negative, n) => {
  if (kind === 'datetime') return fn('dtf_or_empty', [at, fn('strcat', datetimeFormat(at, f, n, frac7), S)], S);
  return fn('strcat', [lit(negative ? "'-'" : "''", S), ...timespanFormat(at, f, n, frac7)], S);
};

/** extractjson("$.a.b[0]", text [, typeof(T)]): a JSONPath of member names and indexes. */
function extractJson(a: Expr[], out: Ty, n: SNode): Expr {
  const path = constString(a[0]);
  if (path === undefined) return unsupported(n, 'extractjson with a computed path');
  const segs: (string | number)[] = [];
  const re = /\.([A-Za-z_$][\w$-]*)|\[\s*'([^']*)'\s*\]|\[\s*"([^"]*)"\s*\]|\[\s*(-?\d+)\s*\]/y;
  let i = path.startsWith('$') ? 1 : 0;
  while (i < path.length) {
    re.lastIndex = i;
    const m = re.exec(path);
    if (!m) return unsupported(n, `extractjson path '${path}' (only .name, ['name'] and [index] steps)`);
    segs.push(m[4] !== undefined ? Number(m[4]) : (m[1] ?? m[2] ?? m[3]));
    i = re.lastIndex;
  }
  const J = dyn({ k: 'json' });
  let x: Expr = { ...toStr(a[1]), ty: J };
  for (const s of segs)
    x = typeof s === 'number' ? fn('array_index_dyn', [jsonList(x), lit(String(s), L)], J) : fn('json_get', [x, lit(str(s), S)], J);
  if (out.kql === 'string') return convert(x, 'string');
  // typeof(dynamic): whether the extracted text is parsed as JSON (an array, a bag, a number) or
  // kept as a string inside a dynamic value is not documented; the text was returned typed as a
  // string, so extract_json('$.a', '{"a":{"b":1}}', typeof(dynamic)) was the string "{\"b\":1}"
  if (out.kql === 'dynamic') return unsupported(n, 'extract_json() with typeof(dynamic) (whether the extracted text is parsed as JSON is not documented)', 'HB120');
  // typeof(int): the value read as an int, as toint() of it (was HB098: a long where int is due)
  if (out.kql === 'int') return fn('json_to_int', [x], out);
  return asScalar(x, out);
}

/** JSON text seen as an array of JSON texts (null when it is not an array). */
export function jsonList(x: Expr): Expr {
  return fn('json_list', [x], dyn({ k: 'list', of: { k: 'json' } }));
}

/** An expression of constants only (Kusto folds these at compile time, sometimes by other rules). */
function isConstant(e: Expr): boolean {
  if (e.k === 'lit') return true;
  if (e.k === 'fn') return e.args.every(isConstant);
  if (e.k === 'cast') return isConstant(e.e);
  return false;
}

/**
 * Kusto's engine refuses iif/case/coalesce whose values mix integers and reals (iif(true, 1, 2.0)
 * is a query error there, though its analyzer types it real): refused the same way.
 */
function sameKind<T extends Expr[]>(values: T, n: SNode, name: string): T {
  const kinds = new Set(values.map((x) => x.ty.kql));
  if ((kinds.has('int') || kinds.has('long')) && (kinds.has('real') || kinds.has('decimal')))
    return unsupported(n, `${name}() of integer and real values (Kusto's engine refuses mixed types; convert one with todouble() or tolong())`, 'HB110');
  return values;
}

function ifThen(a: Expr[], out: Ty): Expr {
  const { xs, ty } = dynamicValues([a[1], a[2]], out);
  return { k: 'case', whens: [[a[0], coerceTo(xs[0], ty)]], else: coerceTo(xs[1], ty), ty };
}

/**
 * The values iif/case/coalesce choose from when the result is dynamic. Values of one kind keep it
 * (dynamic(null) typed to it); values whose kinds differ (`iif(c, dynamic([]), todynamic(text))`,
 * an empty array beside an array of strings) are each carried as JSON text, the representation
 * that holds any dynamic value, since one SQL CASE cannot mix a list with a string or a map.
 */
function dynamicValues(xs: Expr[], out: Ty): { xs: Expr[]; ty: Ty } {
  if (out.kql !== 'dynamic' || xs.some((x) => x.ty.kql !== 'dynamic')) return { xs, ty: out };
  let shape: import('../api.ts').SqlShape | undefined = { k: 'null' };
  for (const x of xs) shape = shape && unify(shape, x.ty.shape);
  const u = shape;
  if (u && u.k !== 'null' && xs.every((x) => x.ty.shape.k === 'null' || sqlType(x.ty.shape) === sqlType(u))) {
    const ty = dyn(u);
    return { xs: xs.map((x) => (x.ty.shape.k === 'null' ? typedNull(x, ty) : x)), ty };
  }
  if (u?.k === 'null') return { xs, ty: out };
  const J = dyn({ k: 'json' });
  return { xs: xs.map((x) => (x.ty.shape.k === 'null' ? typedNull(x, J) : x.ty.shape.k === 'json' ? x : fn('$json_text', [x], J))), ty: J };
}

/** dynamic(null) as a null of the given type (the literal is read at compile time). */
function typedNull(x: Expr, ty: Ty): Expr {
  consume(x);
  return nullOf(ty);
}

function coerceTo(x: Expr, out: Ty): Expr {
  if (out.kql === 'string') return toStr(x);
  if (x.ty.kql === 'dynamic' && out.kql !== 'dynamic') return asScalar(x, out);
  if (out.kql === 'real' && x.ty.kql !== 'real') return toReal(x);
  return x;
}

/** array_sort_asc/desc of one array, with the optional nulls_last flag (several arrays: refused). */
function sortOp(dir: 'asc' | 'desc', a: Expr[], n: SNode): Expr {
  const last = a[a.length - 1];
  if (a.length === 2 && last.ty.kql === 'bool') {
    const sorted = listOp(`array_sort_${dir}`, [a[0]], n);
    return sorted.k === 'fn' ? fn(`array_sort_${dir}_nl`, [...sorted.args, last], sorted.ty) : sorted;
  }
  return listOp(`array_sort_${dir}`, a, n);
}

function listOp(name: string, a: Expr[], n: SNode): Expr {
  let shape: import('../api.ts').SqlShape | undefined = { k: 'null' };
  for (const x of a) {
    if (x.ty.kql !== 'dynamic') return unsupported(n, `${name} of a non-dynamic value`);
    if (x.ty.shape.k === 'null') continue;
    if (x.ty.shape.k !== 'list') return unsupported(n, `${name} of a non-array value`);
    shape = shape && unify(shape, x.ty.shape.of);
  }
  const whole = shape;
  if (!whole || a.some((x) => x.ty.shape.k === 'list' && !castable(x.ty.shape.of, whole))) return unsupported(n, `${name} of arrays of different kinds`, 'HB110');
  const ty = dyn({ k: 'list', of: whole });
  // dynamic(null) arguments become typed empty-list nulls so DuckDB can bind the list function.
  const args = a.map((x) => (x.ty.shape.k === 'null' ? consume(x) && nullOf(ty) : x));
  return fn(name, args, ty);
}

/**
 * array_sort_asc/desc of one JSON-text value (its kind is known only per row): an array of numbers
 * or of strings is sorted (nulls last); a bag or null gives null (oracle saoc-tier1-0167); an array
 * mixing kinds, or numbers whose order a double may not keep (more than 15 digits), is HB162.
 */
function jsonSort(dir: 'asc' | 'desc', a: Expr[], n: SNode): Expr | undefined {
  const jlist = (x: Expr) => x.ty.kql === 'dynamic' && x.ty.shape.k === 'list' && x.ty.shape.of.k === 'json';
  if (!a.some((x) => x.ty.kql === 'dynamic' && (x.ty.shape.k === 'json' || jlist(x)))) return undefined;
  if (a.length !== 1) return unsupported(n, `array_sort_${dir} of several arrays or nulls_last with values whose kind is known only at run time`);
  // an array of JSON-text elements (make_list of JSON values) was sorted by its text: 10 before 9
  return fn(`${jlist(a[0]) ? 'jlist' : 'json'}_sort_${dir}`, a, dyn({ k: 'list', of: { k: 'json' } }));
}

function parseJson(x: Expr, n: SNode): Expr {
  if (x.ty.kql === 'dynamic') return x;
  const s = constString(x);
  if (x.ty.kql === 'string' && s !== undefined) {
    let v: unknown;
    // parse_json("") is null (documented for gettype); other text that is not JSON is a string.
    if (/^[ \t\n\r]*$/.test(s)) return jsonToExpr(null, n);
    try {
      // `1.0` is a real and a long beyond 2^53 keeps its digits (JSON.parse would make them 1 and a rounded real)
      v = parseJsonExact(s, (r) => new KReal(r));
    } catch {
      v = s; // Kusto: text that is not JSON becomes a dynamic string
    }
    const huge = outOfLongRange(v);
    if (huge !== undefined) return unsupported(n, `parse_json of the number ${huge}, beyond the range of long (whether Kusto keeps it as a real is not documented)`, 'HB103');
    return jsonToExpr(v, n);
  }
  // A string column stays JSON text; reads go through DuckDB's casts (sql/macros.ts, hb_json_*).
  if (x.ty.kql === 'string') return { ...x, ty: dyn({ k: 'json' }) };
  void n;
  return { ...x, ty: dyn(x.ty.shape) };
}

/** The first integer of a parsed JSON value that a long cannot hold, if any. */
function outOfLongRange(v: unknown): bigint | undefined {
  if (typeof v === 'bigint') return v > 9_223_372_036_854_775_807n || v < -9_223_372_036_854_775_808n ? v : undefined;
  if (v === null || typeof v !== 'object') return undefined;
  for (const x of Array.isArray(v) ? v : Object.values(v)) {
    const h = outOfLongRange(x);
    if (h !== undefined) return h;
  }
  return undefined;
}

function gettype(x: Expr): string {
  const k = x.ty.kql;
  if (k !== 'dynamic') return k === 'long' ? 'long' : k === 'real' ? 'real' : k;
  const s = x.ty.shape;
  if (s.k === 'list') return 'array';
  if (s.k === 'struct' || s.k === 'map') return 'dictionary';
  if (s.k === 'null') return 'null';
  // a real held in a dynamic value is reported by its JSON kind: "double" (a plain real is "real")
  if (s.k === 'scalar') return s.t === 'real' ? 'double' : s.t === 'long' ? 'long' : s.t;
  return 'string';
}

// ---------------------------------------------------------------- aggregates

/**
 * dcount's accuracy level (0-4 documented): it tunes the error of Kusto's estimate. Distinct
 * counts are computed exactly here whatever the level (as for dcount(x) without one), so a
 * constant level in range is read and needs nothing else; anything else is refused.
 */
function dcountAccuracy(x: Expr, n: SNode): void {
  const v = x.k === 'lit' ? /^(?:CAST\()?(-?\d+)(?: AS (?:BIGINT|INTEGER)\))?$/.exec(x.sql)?.[1] : undefined;
  if (v === undefined || Number(v) < 0 || Number(v) > 4) unsupported(n, 'dcount() accuracy other than a constant 0 to 4', 'HB121');
  consume(x);
}

function aggregate(name: string, argNodes: SNode[], out: Ty, n: SNode, row: RowScope, cx: Ctx): Expr {
  const inner: RowScope = { ...row, agg: false, aggArg: true };
  const nodes = argNodes.filter((x) => x.k !== 'StarExpression');
  const a = nodes.map((x) => lowerExpr(x, inner, cx));
  const r = aggregateOf(name, a, out, n);
  requireConsumed(name, r, a, nodes, 'HB121');
  return r;
}

function aggregateOf(name: string, a: Expr[], out: Ty, n: SNode): Expr {
  const agg = (f: string, args: Expr[], ty: Ty, filter?: Expr): Expr => ({ k: 'agg', fn: f, args, ty, filter });
  const numeric = (x: Expr) => (x.ty.kql === 'dynamic' ? asScalar(x, R) : x);
  switch (name) {
    case 'count':
      // Kusto's engine counts rows when count() gets a non-bool argument (see parse/index.ts,
      // KS107; checked on the oracle). What it does with a predicate is not documented: refuse.
      if (a[0]?.ty.kql === 'bool') return unsupported(n, 'count() with a predicate (use countif)', 'HB121');
      consume(a[0]);
      return agg('count', [], out);
    case 'countif':
      return agg('count', [], out, a[0]);
    case 'dcount':
    case 'count_distinct':
      if (name === 'dcount' && a[1]) dcountAccuracy(a[1], n);
      return agg('dcount', [a[0]], out);
    case 'dcountif':
      if (a[2]) dcountAccuracy(a[2], n);
      return agg('dcount', [a[0]], out, a[1]);
    case 'sum':
    case 'sumif': {
      const e = agg(out.kql === 'real' || out.kql === 'decimal' ? 'sum' : 'sum_long', [numeric(a[0])], out, a[1]);
      // a sum of timespans beyond Kusto's range is refused as timespan arithmetic is (sql/functions.ts $ts_range)
      return out.kql === 'timespan' ? fn('$ts_range', [e], out) : e;
    }
    case 'avg':
    case 'avgif': {
      // avg() of timespans is a timespan (the analyzer's avg signature timespan -> timespan) and
      // the arithmetic mean (avg page). Kusto keeps it in 100-nanosecond ticks; how a mean that
      // is not a whole tick is rounded, and what a group without values gives, are not
      // documented: the SQL refuses those groups per row (HB162) and gives the exact mean
      // otherwise (sql/emit.ts 'avg_timespan'). The mean of datetimes sums ticks since year 1,
      // beyond what a double holds exactly: refused.
      if (a[0].ty.kql === 'timespan') return agg('avg_timespan', [a[0]], out, a[1]);
      if (a[0].ty.kql === 'datetime') return unsupported(n, `${name}() of a datetime`);
      const x = numeric(a[0]);
      return agg(x.ty.kql === 'long' || x.ty.kql === 'int' ? 'avg_long' : 'avg', [x], out, a[1]);
    }
    case 'min':
    case 'minif':
      return agg(out.kql === 'real' ? 'min_real' : 'min', [numeric(a[0])], out, a[1]);
    case 'max':
    case 'maxif':
      return agg(out.kql === 'real' ? 'max_real' : 'max', [numeric(a[0])], out, a[1]);
    case 'any':
    case 'take_any':
      if (!a[0]) return unsupported(n, `${name}(*)`, 'HB121');
      return agg('any', [a[0]], { ...out, shape: a[0].ty.shape });
    case 'anyif':
    case 'take_anyif':
      return agg('any', [a[0]], { ...out, shape: a[0].ty.shape }, a[1]);
    case 'make_set':
    case 'makeset':
    case 'make_set_if':
    case 'make_list':
    case 'makelist':
    case 'make_list_if': {
      const set = name.includes('set');
      const x = a[0];
      const iff = name.endsWith('_if');
      const filter = iff ? a[1] : undefined;
      const max = a[iff ? 2 : 1];
      // decimal values sit in dynamic arrays as text in Kusto; their text form is not reproduced.
      if (x.ty.kql === 'decimal') return unsupported(n, `${name}() of decimal values`, 'HB121');
      return listHead(listAgg(x, set, filter, false), max, n, name);
    }
    case 'make_list_with_nulls':
      return listAgg(a[0], false, undefined, true);
    case 'stdev':
    case 'stdevif':
      return agg('stdev', [numeric(spreadValue(a[0], n, name))], out, a[1]);
    case 'stdevp':
      return agg('stdevp', [numeric(spreadValue(a[0], n, name))], out);
    case 'variance':
    case 'varianceif':
      return agg('variance', [numeric(spreadValue(a[0], n, name))], out, a[1]);
    case 'variancep':
      return agg('variancep', [numeric(spreadValue(a[0], n, name))], out);
    case 'percentile': {
      // an int column: DuckDB's quantile keeps INTEGER where the analyzer types the result long
      const x = percentileValue(a[0], n, 'percentile');
      return agg('percentile', [x.ty.kql === 'int' ? convert(x, 'long') : x, a[1]], out);
    }
    default: {
      const family = FAMILY_AGGREGATES[name];
      if (family) return family(a, out, n);
      return unsupported(n, `aggregate ${name}()`, 'HB121');
    }
  }
}
