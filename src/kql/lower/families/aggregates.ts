/** aggregates functions: KQL → IR (SQL spellings in sql/families/aggregates.ts, AGG_SQL). */
import type { SqlShape } from '../../api.ts';
import type { Expr, Ty } from '../../ir/types.ts';
import type { SNode } from '../../parse/index.ts';
import { str } from '../../sql/quote.ts';
import { unsupported } from '../context.ts';
import { consume } from '../consume.ts';
import { convert } from '../convert.ts';
import { asScalar, fn, jsonToExpr, member_ } from '../expr.ts';
import { constNumbersAsReals, dyn, lit, scalar } from '../values.ts';
import { type AggHandler, agg, type Handler } from './types.ts';

export const HANDLERS: Record<string, Handler> = {};

const R = scalar('real');
const L = scalar('long');
const S = scalar('string');

/** A number for a numeric aggregate: a dynamic value is read as real. */
const real = (x: Expr): Expr => (x.ty.kql === 'dynamic' ? asScalar(x, R) : x);
/** A long for the bitwise aggregates (an int widens). */
const long = (x: Expr): Expr => (x.ty.kql === 'dynamic' ? asScalar(x, L) : x.ty.kql === 'int' ? convert(x, 'long') : x);

/** A constant integer argument (a literal), or undefined. */
function constInt(e: Expr | undefined): number | undefined {
  if (e?.k !== 'lit') return undefined;
  const m = /^(?:CAST\()?(-?\d+)(?: AS (?:BIGINT|INTEGER)\))?$/.exec(e.sql);
  return m ? Number(m[1]) : undefined;
}

/** The percentiles of percentiles_array / percentilesw_array: constants, or one constant dynamic array. */
function percentileArgs(ps: Expr[], n: SNode, name: string): { form: 'list' | 'dyn'; ps: Expr[] } {
  if (ps.length === 1 && ps[0].ty.kql === 'dynamic') {
    const p = constNumbersAsReals(ps[0]) ?? ps[0];
    if (p.k !== 'lit' || p.ty.shape.k !== 'list' || p.ty.shape.of.k !== 'scalar' || !['long', 'real', 'int'].includes(p.ty.shape.of.t))
      return unsupported(n, `${name}() percentiles other than a constant array of numbers`, 'HB121');
    return { form: 'dyn', ps: [p] };
  }
  for (const p of ps) if (p.k !== 'lit' || !['long', 'real', 'int'].includes(p.ty.kql)) return unsupported(n, `${name}() with a computed percentile`, 'HB121');
  return { form: 'list', ps };
}

/** The value column of a percentile aggregate, and the dynamic array type of several of them. */
function percentileInput(x: Expr, n: SNode, name: string): { x: Expr; list: Ty } {
  if (x.ty.kql === 'dynamic' || x.ty.kql === 'decimal' || x.ty.kql === 'string' || x.ty.kql === 'bool')
    return unsupported(n, `${name}() of ${x.ty.kql} values`, 'HB121');
  return { x, list: dyn({ k: 'list', of: x.ty.shape }) };
}

/**
 * percentile()/percentiles() input: numbers, datetimes and timespans (the types tdigest() reads).
 * Other types answered before (percentile of dynamic 1, 2, 3 was null while percentiles() gave 2;
 * strings and bools were ranked as text); no page or oracle case shows Kusto ranking them.
 */
export function percentileValue(x: Expr, n: SNode, name: string): Expr {
  if (!['long', 'int', 'real', 'datetime', 'timespan'].includes(x.ty.kql)) return unsupported(n, `${name}() of ${x.ty.kql} values`, 'HB121');
  return x;
}

/**
 * The input of stdev/variance/covariance and their forms: not a timespan or datetime. DuckDB holds
 * those in microseconds, Kusto in 100 ns ticks; what Kusto answers for them is not documented
 * (stdevp(1h, 2h) answered 1800000000 here, the spread in microseconds).
 */
export function spreadValue(x: Expr, n: SNode, name: string): Expr {
  if (x.ty.kql === 'timespan' || x.ty.kql === 'datetime') return unsupported(n, `${name}() of ${x.ty.kql} values`, 'HB121');
  return x;
}

/**
 * binary_all_and/or/xor input: an integer (or a dynamic value read as a long). A timespan's bits
 * were its microseconds here (binary_all_or(1h, 2h) answered 02:23:05.2108800), not Kusto's
 * 100 ns ticks; the pages take a long.
 */
function bitsValue(x: Expr, n: SNode, name: string): Expr {
  if (!['long', 'int', 'dynamic'].includes(x.ty.kql)) return unsupported(n, `${name}() of ${x.ty.kql} values`, 'HB121');
  return x;
}

/** A weight: an integer (Kusto's weightExpr is a long). */
function weight(w: Expr, n: SNode, name: string): Expr {
  if (w.ty.kql !== 'long' && w.ty.kql !== 'int') return unsupported(n, `${name}() with a ${w.ty.kql} weight`, 'HB121');
  return w;
}

/** make_bag(bag [, maxSize]) / make_bag_if(bag, predicate [, maxSize]): bags whose keys are known at compile time. */
function makeBag(x: Expr, filter: Expr | undefined, max: Expr | undefined, n: SNode, name: string): Expr {
  const s = x.ty.shape;
  // maxSize is "the limit on the maximum number of elements returned" (the make_bag() page): a
  // merged bag with no more keys than that is not cut, so it is the bag without a limit. Which
  // keys Kusto keeps under a smaller limit is not documented: refuse.
  let cap: number | undefined;
  if (max) {
    const m = constInt(max);
    // The keys are the bag shape's fields: a limit at or above their number cannot cut anything.
    const fields = s.k === 'struct' ? s.fields.length : s.k === 'null' ? 0 : undefined;
    // Keys known only at run time (a map, or JSON text): each group's merged bag is checked
    // against the limit when it is made (HB162 when it has more keys).
    if (m !== undefined && m >= 0 && (s.k === 'map' || s.k === 'json')) cap = m;
    else if (m === undefined || fields === undefined || m < fields) return unsupported(n, `${name}() maxSize below the number of keys the bags can have`, 'HB121');
    consume(max);
  }
  if (s.k === 'null') {
    consume(x);
    consume(filter);
    return jsonToExpr({}, n);
  }
  // Bags whose keys are known only at run time (bag_pack with a computed key): the union of
  // their keys; a key's first non-null value wins, a key seen only with null keeps null.
  if (s.k === 'map') return cap === undefined ? agg('make_bag_map', [x], x.ty, filter) : agg('make_bag_map_max', [x, lit(String(cap), L)], x.ty, filter);
  // Bags held as JSON text (todynamic()/parse_json() of a string, bag_pack with computed keys):
  // values that are not bags are skipped, as documented. For a key seen in several rows the page
  // says "an arbitrary value … will be selected": one value (the same in every row) is certain,
  // two different ones are not, so a group with them is refused (HB162) rather than guessed.
  if (s.k === 'json') return cap === undefined ? agg('make_bag_json', [x], x.ty, filter) : agg('make_bag_json_max', [x, lit(String(cap), L)], x.ty, filter);
  if (s.k !== 'struct') return unsupported(n, `${name} of values that are not property bags`, 'HB121');
  // Keys of the merged bag are the union of the input bags' keys; the first value wins.
  const parts: Expr[] = [];
  for (const f of s.fields) {
    const v = member_(x, f.name, n);
    parts.push(lit(str(f.name), S), agg('first_nonnull', [v], v.ty, filter));
  }
  return fn('struct_pack', parts, dyn(s));
}

/** percentilesw(x, w, p1, p2, …): one column per percentile (summarize lowers it, see operators/summarize.ts). */
export function percentilesw(x: Expr, w: Expr, p: Expr, out: Ty, n: SNode): Expr {
  percentileInput(x, n, 'percentilesw');
  percentileArgs([p], n, 'percentilesw');
  return agg('percentilew', [x, weight(w, n, 'percentilesw'), p], out);
}

/** The value types buildschema() names as Kusto documents them (long, double, string), and bool, refused per row. */
const SCHEMA_SCALARS = new Set(['long', 'real', 'string', 'bool']);
function schemaShapeOk(s: SqlShape): boolean {
  switch (s.k) {
    case 'json':
    case 'null':
      return true;
    case 'scalar':
      return SCHEMA_SCALARS.has(s.t);
    case 'list':
      return schemaShapeOk(s.of);
    case 'map':
      return schemaShapeOk(s.value);
    case 'struct':
      return s.fields.every((f) => schemaShapeOk(f.shape));
    default:
      return false;
  }
}

/**
 * buildschema(value): the documented example pins the schema's form (a bag per bag, `indexer` for
 * an array's items, a type name or an array of them per key), the names long, double and string,
 * and the order of keys and of types as their first appearance (x, y, z, t; long before string,
 * double before a bag). Refused (per row, HB162): null values, members and elements (a typed bag
 * cannot tell a missing key from a null one, so its null members are shown to the check), bools,
 * empty arrays and bags, a value that is not an array or a bag, a key that is both an array and a
 * bag, and several types at one key other than long then string or double then a bag (no other
 * order is documented). Values holding dates, timespans, guids, ints or decimals: HB121.
 */
function buildschema(x: Expr, out: Ty, n: SNode): Expr {
  if (x.ty.kql !== 'dynamic' || !schemaShapeOk(x.ty.shape))
    return unsupported(n, 'buildschema() of values holding other types than long, real, string (their schema names are not documented)', 'HB121');
  const json: Ty = dyn({ k: 'json' });
  const text: Expr = x.ty.shape.k === 'json' ? x : { k: 'fn', fn: '$json_text_nulls', args: [x], ty: json };
  return agg('buildschema', [text], { ...out, shape: { k: 'json' } });
}

export const AGGREGATES: Record<string, AggHandler> = {
  buildschema: (a, out, n) => buildschema(a[0], out, n),
  count_distinctif: (a, out) => agg('dcount', [a[0]], out, a[1]),
  variancepif: (a, out, n) => agg('variancep', [real(spreadValue(a[0], n, 'variancepif'))], out, a[1]),
  covariance: (a, out, n) => agg('covariance', [real(spreadValue(a[0], n, 'covariance')), real(spreadValue(a[1], n, 'covariance'))], out),
  covarianceif: (a, out, n) => agg('covariance', [real(spreadValue(a[0], n, 'covarianceif')), real(spreadValue(a[1], n, 'covarianceif'))], out, a[2]),
  covariancep: (a, out, n) => agg('covariancep', [real(spreadValue(a[0], n, 'covariancep')), real(spreadValue(a[1], n, 'covariancep'))], out),
  covariancepif: (a, out, n) => agg('covariancep', [real(spreadValue(a[0], n, 'covariancepif')), real(spreadValue(a[1], n, 'covariancepif'))], out, a[2]),
  binary_all_and: (a, out, n) => agg('binary_all_and', [long(bitsValue(a[0], n, 'binary_all_and'))], out),
  binary_all_or: (a, out, n) => agg('binary_all_or', [long(bitsValue(a[0], n, 'binary_all_or'))], out),
  binary_all_xor: (a, out, n) => agg('binary_all_xor', [long(bitsValue(a[0], n, 'binary_all_xor'))], out),
  make_bag: (a, _out, n) => makeBag(a[0], undefined, a[1], n, 'make_bag'),
  make_bag_if: (a, _out, n) => makeBag(a[0], a[1], a[2], n, 'make_bag_if'),
  percentiles_array: (a, _out, n) => {
    const { x, list } = percentileInput(a[0], n, 'percentiles_array');
    const p = percentileArgs(a.slice(1), n, 'percentiles_array');
    return agg(p.form === 'dyn' ? 'percentiles_dyn' : 'percentiles_list', [x, ...p.ps], list);
  },
  percentilew: (a, out, n) => {
    const { x } = percentileInput(a[0], n, 'percentilew');
    const p = percentileArgs([a[2]], n, 'percentilew');
    if (p.form !== 'list') return unsupported(n, 'percentilew() with an array of percentiles', 'HB121');
    // an int column: DuckDB keeps INTEGER where the analyzer types the result long (was HB098)
    return agg('percentilew', [x.ty.kql === 'int' ? convert(x, 'long') : x, weight(a[1], n, 'percentilew'), a[2]], out);
  },
  percentilesw_array: (a, _out, n) => {
    const { x, list } = percentileInput(a[0], n, 'percentilesw_array');
    const p = percentileArgs(a.slice(2), n, 'percentilesw_array');
    return agg(p.form === 'dyn' ? 'percentilesw_dyn' : 'percentilesw_list', [x, weight(a[1], n, 'percentilesw_array'), ...p.ps], list);
  },
};
