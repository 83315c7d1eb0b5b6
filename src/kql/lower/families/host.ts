/**
 * Host functions: computed in JavaScript (kql/host), not in SQL: inflate (zlib/gzip
 * decompression) and the H3 cell geometry and grid walks. KQL → IR (SQL in sql/families/host.ts).
 *
 * A call becomes a text key of its arguments (`key`). A constant argument that can be answered
 * synchronously is folded now. Otherwise the compile asks for a first pass (`NeedsProbe`): the
 * distinct keys over the relation the expression is evaluated on (`SELECT DISTINCT key FROM
 * (input)`), whose answers the caller computes (`answerProbe`); the next compile turns them into a
 * lookup table, `(SELECT v FROM (VALUES (key, answer), …) WHERE k = key)` per row, which keeps the
 * rows and their order. A row whose key the first pass did not see (its input changed between the
 * passes: rand(), an unordered take) fails the query (HB162) rather than reading null. More than
 * MAX_HOST_VALUES distinct keys is refused (HB134); an answer Kusto does not document is refused
 * (HB120) with the host's reason.
 */
import type { SqlShape } from '../../api.ts';
import type { Expr, Rel, Ty } from '../../ir/types.ts';
import type { SNode } from '../../parse/index.ts';
import { str } from '../../sql/quote.ts';
import { sqlType } from '../../sql/types.ts';
import { inflateBase64 } from '../../host/inflate.ts';
import { parseXml } from '../../host/xml.ts';
import { type Ctx, LowerError, unsupported } from '../context.ts';
import { consume } from '../consume.ts';
import { fn } from '../expr.ts';
import { registerHostLookup } from '../host-fold.ts';
import { hostAnswersKey, NeedsProbe } from '../probe.ts';
import type { RowScope } from '../scope.ts';
import { constString } from '../terms.ts';
import { dyn, lit, scalar, valueSql } from '../values.ts';
import type { AggHandler, Handler } from './types.ts';

/** Distinct argument values one host call may look up; more is HB134. */
export const MAX_HOST_VALUES = 50_000;

const S = scalar('string');

/** Why an argument expression cannot be probed over `rel` (undefined: it can). */
function unprobeable(e: Expr, ids: Set<string> | undefined): string | undefined {
  switch (e.k) {
    case 'col':
      return ids?.has(e.id) ? undefined : 'a value this operator computes (compute it in an earlier operator)';
    case 'lit':
      return undefined;
    case 'agg':
      return 'an aggregate (summarize it first, then call the function)';
    case 'win':
      return 'a window function (compute it in an earlier extend)';
    case 'param':
    case 'lambda':
      return 'a value bound inside another function';
    case 'fn':
      return e.args.map((x) => unprobeable(x, ids)).find(Boolean);
    case 'case':
      return [...e.whens.flat(), e.else].map((x) => unprobeable(x, ids)).find(Boolean);
    case 'cast':
      return unprobeable(e.e, ids);
    case 'scalar':
      return undefined;
    case 'insub':
      return unprobeable(e.e, ids);
  }
}

const readsColumns = (e: Expr): boolean =>
  e.k === 'col' ||
  (e.k === 'fn' && e.args.some(readsColumns)) ||
  (e.k === 'case' && [...e.whens.flat(), e.else].some(readsColumns)) ||
  ((e.k === 'cast' || e.k === 'insub') && readsColumns(e.e));

/** The partition slot (cx.slots) `rel` reads without the partition that binds it, if any. */
function unboundSlot(rel: Rel, cx: Ctx, bound: Set<Rel> = new Set()): Rel | undefined {
  if (cx.slots.has(rel) && !bound.has(rel)) return rel;
  switch (rel.op) {
    case 'table':
    case 'values':
    case 'range':
      return undefined;
    case 'join':
      return unboundSlot(rel.left, cx, bound) ?? unboundSlot(rel.right, cx, bound);
    case 'union':
      return rel.inputs.map((x) => unboundSlot(x.rel, cx, bound)).find(Boolean);
    case 'partition':
      return unboundSlot(rel.input, cx, bound) ?? unboundSlot(rel.body, cx, new Set([...bound, rel.slot]));
    default:
      return unboundSlot(rel.input, cx, bound);
  }
}

/**
 * The rows an expression over `rel` meets. Inside a partition or mv-apply body, `rel` reads one
 * partition's rows (the slot): the first pass runs the body over every partition.
 */
function wholeRows(rel: Rel, cx: Ctx): Rel {
  let r = rel;
  for (let slot = unboundSlot(r, cx); slot; slot = unboundSlot(r, cx)) r = cx.slots.get(slot)!(r);
  return r;
}

/**
 * Inside scan steps and lambdas a name may stand for a value that changes row by row (a scan
 * variable is lowered as its initial value and replaced later), so neither a fold nor a first pass
 * can see it: refused.
 */
export function refuseBoundValues(name: string, n: SNode, row: RowScope): void {
  if (row.steps || row.params?.size) unsupported(n, `${name}() inside scan steps or lambdas (it is computed outside SQL, from a first pass over its arguments)`, 'HB120');
}

/**
 * The value of host function `host` for each row: `key` is the arguments' key text (never null),
 * `args` the lowered arguments, `shape` the result's shape (string for a Kusto string).
 */
export function hostCall(host: string, name: string, key: Expr, args: Expr[], shape: SqlShape, n: SNode, row: RowScope, cx: Ctx): Expr {
  return hostAnswers(host, name, key, args, shape, n, row, cx).e;
}

/** hostCall, with the distinct keys and their values when the call is a lookup of them. */
function hostAnswers(
  host: string,
  name: string,
  key: Expr,
  args: Expr[],
  shape: SqlShape,
  n: SNode,
  row: RowScope,
  cx: Ctx,
): { e: Expr; keys?: (string | null)[]; values?: unknown[] } {
  const ty: Ty = shape.k === 'scalar' && shape.t === 'string' ? S : dyn(shape);
  refuseBoundValues(name, n, row);
  const why = unprobeable(key, row.rel ? new Set(row.rel.cols.map((c) => c.id)) : undefined);
  const columns = readsColumns(key);
  if (columns && (why || !row.rel)) return unsupported(n, `${name}() over ${why ?? 'a value with no relation to read it from'} (it is computed in a first pass over the distinct arguments)`, 'HB120');
  const keyCol = cx.col('key', S);
  const probe: Rel = columns
    ? { op: 'aggregate', input: wholeRows(row.rel!, cx), keys: [{ col: keyCol, e: key }], aggs: [], cols: [keyCol] }
    : { op: 'values', cols: [keyCol], rows: [[key]] };
  const probeKey = cx.probeKey(probe);
  const keys = cx.probeValues[probeKey];
  const answers = cx.probeValues[hostAnswersKey(host, probeKey)];
  const label = `${name} pass 1: distinct arguments`;
  if (!keys || !answers || answers.length !== keys.length) {
    throw new NeedsProbe(
      'HB133',
      `${name}() is computed outside SQL from its distinct arguments, which only running a first pass can read (huntbench runs it when an engine is at hand; a pure compile cannot)`,
      n,
      probe,
      label,
      MAX_HOST_VALUES,
      host,
    );
  }
  cx.probesUsed.push({ key: probeKey, label, start: n.s, end: n.e });
  if (keys.length > MAX_HOST_VALUES)
    throw new LowerError('HB134', `unsupported: ${name}() over more than ${MAX_HOST_VALUES.toLocaleString('en-US')} distinct argument values (each is computed outside SQL)`, n);
  const values = keys.map((_k, i) => {
    const a = JSON.parse(answers[i] ?? 'null') as { v: unknown } | { refuse: string } | null;
    if (!a) throw new Error(`no answer from ${host}`);
    if ('refuse' in a) throw new LowerError('HB120', `unsupported: ${a.refuse}`, n);
    return a.v;
  });
  if (keys.length === 0) {
    // No row reaches the call: its arguments were read (by the first pass) and nothing is looked up.
    for (const x of args) consume(x);
    return { e: lit(`CAST(NULL AS ${sqlType(shape)})`, ty) };
  }
  return { e: lookup(key, keys, values, shape, ty), keys, values };
}

/** The per-row lookup of each key's value (`values[i]` for `keys[i]`). */
function lookup(key: Expr, keys: (string | null)[], values: unknown[], shape: SqlShape, ty: Ty): Expr {
  const rows = keys.map((k, i) => `(${k === null ? 'NULL' : str(k)}, ${valueSql(values[i], shape)})`);
  return fn('host_lookup', [key, lit(rows.join(', '), ty)], ty);
}

/** zlib/gzip_decompress_from_base64_string (kql/host/inflate.ts has the rules). */
function decompress(kind: 'zlib' | 'gzip'): Handler {
  const name = `${kind}_decompress_from_base64_string`;
  return (a, _out, n, _args, row, cx) => {
    if (a.length !== 1 || a[0].ty.kql !== 'string') return unsupported(n, `${name}() of a ${a[0]?.ty.kql} value`, 'HB120');
    refuseBoundValues(name, n, row);
    const c = constString(a[0]);
    if (c !== undefined) {
      const r = inflateBase64(c, kind);
      if ('refuse' in r) throw new LowerError('HB120', `unsupported: ${r.refuse}`, n);
      return lit(str(r.v as string), S);
    }
    // Kusto's null string is '': one key for both.
    return hostCall(name, name, fn('host_key_str', [a[0]], S), a, { k: 'scalar', t: 'string' }, n, row, cx);
  };
}

/**
 * parse_xml(): JSON text (kql/host/xml.ts has the rules). The host answers the text itself, so the
 * lookup is a string that is then read as JSON text (shape json: a VARCHAR either way).
 */
const parseXmlCall: Handler = (a, _out, n, _args, row, cx) => {
  if (a.length !== 1 || a[0].ty.kql !== 'string') return unsupported(n, `parse_xml() of a ${a[0]?.ty.kql} value`, 'HB120');
  refuseBoundValues('parse_xml', n, row);
  const json = dyn({ k: 'json' });
  const c = constString(a[0]);
  if (c !== undefined) {
    const r = parseXml(c);
    if ('refuse' in r) throw new LowerError('HB120', `unsupported: ${r.refuse}`, n);
    return r.v === null ? lit('CAST(NULL AS VARCHAR)', json) : lit(str(r.v as string), json);
  }
  const key = fn('host_key_str', [a[0]], S);
  const { e, keys, values } = hostAnswers('parse_xml', 'parse_xml', key, a, { k: 'scalar', t: 'string' }, n, row, cx);
  const call = { ...e, ty: json };
  if (!keys || !values) return call;
  // member access on the answer is folded into the answers (lower/host-fold.ts)
  const texts = values as (string | null)[];
  return registerHostLookup(call, { keys, values: texts, render: (vs, t) => lookup(key, keys, vs, STR, t) });
};

const REAL: SqlShape = { k: 'scalar', t: 'real' };
const STR: SqlShape = { k: 'scalar', t: 'string' };
const list = (of: SqlShape): SqlShape => ({ k: 'list', of });
/** A GeoJSON geometry's shape: {type, coordinates} (the type's value is the answer's). */
const geojson = (coordinates: SqlShape): SqlShape => ({ k: 'struct', fields: [{ name: 'type', shape: STR }, { name: 'coordinates', shape: coordinates }] });
const isNumber = (e: Expr | undefined) => e !== undefined && (e.ty.kql === 'real' || e.ty.kql === 'long' || e.ty.kql === 'int');
const isInteger = (e: Expr | undefined) => e !== undefined && (e.ty.kql === 'long' || e.ty.kql === 'int');

/**
 * The H3 functions (kql/host/h3.ts has the rules). Keys: the numbers' text, then the cell token
 * (host_key_nums / host_key_nums_str). `shape` is the result's; `check` refuses argument types.
 */
function h3(name: string, shape: SqlShape, check: (a: Expr[]) => string | undefined, key: (a: Expr[]) => Expr): Handler {
  return (a, _out, n, _args, row, cx) => {
    const bad = check(a);
    if (bad) return unsupported(n, `${name}() ${bad}`, 'HB120');
    return hostCall(name, name, key(a), a, shape, n, row, cx);
  };
}

const cellArg = (a: Expr[]) => (a.length === 1 && a[0].ty.kql === 'string' ? undefined : `of a ${a[0]?.ty.kql} value`);

export const HANDLERS: Record<string, Handler> = {
  parse_xml: parseXmlCall,
  zlib_decompress_from_base64_string: decompress('zlib'),
  gzip_decompress_from_base64_string: decompress('gzip'),
  geo_point_to_h3cell: h3(
    'geo_point_to_h3cell',
    STR,
    (a) => (!isNumber(a[0]) || !isNumber(a[1]) ? 'of coordinates that are not numbers' : a[2] && !isInteger(a[2]) ? `with a ${a[2].ty.kql} resolution` : undefined),
    // the documented default resolution is 6
    (a) => fn('host_key_nums', [a[0], a[1], a[2] ?? lit('6', scalar('int'))], S),
  ),
  geo_h3cell_to_central_point: h3('geo_h3cell_to_central_point', geojson(list(REAL)), cellArg, (a) => fn('host_key_str', [a[0]], S)),
  geo_h3cell_to_polygon: h3('geo_h3cell_to_polygon', geojson(list(list(list(REAL)))), cellArg, (a) => fn('host_key_str', [a[0]], S)),
  geo_h3cell_neighbors: h3('geo_h3cell_neighbors', list(STR), cellArg, (a) => fn('host_key_str', [a[0]], S)),
  geo_h3cell_rings: h3(
    'geo_h3cell_rings',
    list(list(STR)),
    (a) => (a[0]?.ty.kql !== 'string' ? `of a ${a[0]?.ty.kql} value` : !isInteger(a[1]) ? `with a ${a[1]?.ty.kql} distance` : undefined),
    (a) => fn('host_key_nums_str', [a[1], a[0]], S),
  ),
};

export const AGGREGATES: Record<string, AggHandler> = {};
