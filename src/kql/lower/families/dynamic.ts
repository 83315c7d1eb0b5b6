/** dynamic functions: KQL → IR (SQL spellings in sql/families/dynamic.ts). */
import type { SqlShape } from '../../api.ts';
import type { Expr, Ty } from '../../ir/types.ts';
import type { SNode } from '../../parse/index.ts';
import { str } from '../../sql/quote.ts';
import { consume, typeDecided } from '../consume.ts';
import { member_ } from '../expr.ts';
import { colRef, type RowScope } from '../scope.ts';
import { kids, nameOf } from '../syntax.ts';
import { constString } from '../terms.ts';
import { unsupported } from '../context.ts';
import { convert } from '../convert.ts';
import { dyn, lit, nullOf, scalar, unify } from '../values.ts';
import { jsonValue as jsonValueOf } from '../expr.ts';

/** Whether a struct shape has the path (removing a missing key changes nothing). */
function hasPath(s: SqlShape, path: string[]): boolean {
  if (path.length === 0) return true;
  if (s.k !== 'struct') return false;
  const f = s.fields.find((x) => x.name === path[0]);
  return f !== undefined && hasPath(f.shape, path.slice(1));
}

/** A null value set into a bag would read as a missing key: refused per row (HB162). */
function packOrNull(bag: Expr, v: Expr, what: string): Expr {
  if (v.ty.kql === 'string') return bag;
  return { k: 'case', whens: [[fn('$isnull', [v], scalar('bool')), fn('hb_refuse', [lit(str(`HB162: ${what} to a null value is not supported`), scalar('string'))], bag.ty)]], else: bag, ty: bag.ty };
}
import type { AggHandler, Handler } from './types.ts';

const L = scalar('long');

const fn = (name: string, args: Expr[], ty: Ty): Expr => ({ k: 'fn', fn: name, args, ty });

/** An array argument whose element shape is known at compile time. */
function listArg(x: Expr, n: SNode, name: string): Expr {
  if (x.ty.kql === 'dynamic' && x.ty.shape.k === 'list') return x;
  return unsupported(n, `${name}() of a value that is not an array known at compile time`, 'HB120');
}

const toLong = (x: Expr): Expr => (x.ty.kql === 'long' ? x : x.ty.kql === 'int' ? { k: 'cast', e: x, to: 'BIGINT', try: false, ty: L } : convert(x, 'long'));

/** The value put in vacated positions of array_shift_*: the given default (of the elements' kind) or null ('' for strings). */
function shiftDefault(arr: Expr, d: Expr | undefined, n: SNode): Expr {
  const of = (arr.ty.shape as { of: SqlShape }).of;
  if (!d) return of.k === 'scalar' && of.t === 'string' ? lit("''", scalar('string')) : nullOf(dyn(of));
  const ds: SqlShape = d.ty.kql === 'dynamic' ? d.ty.shape : { k: 'scalar', t: d.ty.kql as never };
  const u = unify(of, ds);
  if (!u || JSON.stringify(u) !== JSON.stringify(of)) return unsupported(n, 'array_shift default value of another kind than the elements', 'HB110');
  return d;
}

function shift(sign: 1 | -1): Handler {
  return (a, _o, n, args) => {
    const arr = listArg(a[0], args[0] ?? n, sign > 0 ? 'array_shift_left' : 'array_shift_right');
    const k = toLong(a[1]);
    return fn('array_shift', [arr, sign > 0 ? k : fn('$neg', [k], L), shiftDefault(arr, a[2], args[2] ?? n)], arr.ty);
  };
}

function rotate(sign: 1 | -1): Handler {
  return (a, _o, n, args) => {
    const arr = listArg(a[0], args[0] ?? n, sign > 0 ? 'array_rotate_left' : 'array_rotate_right');
    const k = toLong(a[1]);
    return fn('array_rotate', [arr, sign > 0 ? k : fn('$neg', [k], L)], arr.ty);
  };
}

/** Two arrays of the same element kind (dynamic(null) takes the other's). */
function sameKind(a: Expr, b: Expr, n: SNode, name: string): [Expr, Expr] {
  const x = listArg(a, n, name);
  const y = listArg(b, n, name);
  const u = unify(x.ty.shape, y.ty.shape);
  if (!u) return unsupported(n, `${name}() of arrays of different kinds`, 'HB110');
  return [x, y];
}

const S = scalar('string');
const B = scalar('bool');

/** A constant bool argument (read at compile time). */
function constFlag(x: Expr | undefined, dflt: boolean, n: SNode, name: string): boolean {
  if (x === undefined) return dflt;
  if (x.k === 'lit' && /^(true|false)$/i.test(x.sql)) {
    consume(x);
    return /^true$/i.test(x.sql);
  }
  return unsupported(n, `${name}() with a computed flag`, 'HB120');
}

/**
 * A property bag of named values as a struct. A struct field that is null reads as a missing key,
 * while Kusto keeps the key with a null value: a null value (other than a string, which is never
 * null) is refused per row (HB162) rather than dropped.
 */
export function packValues(entries: { name: string; e: Expr }[], what: string): Expr {
  const parts: Expr[] = [];
  for (const it of entries) parts.push(lit(str(it.name), S), it.e);
  const shape: SqlShape = { k: 'struct', fields: entries.map((it) => ({ name: it.name, shape: it.e.ty.kql === 'dynamic' ? it.e.ty.shape : { k: 'scalar', t: it.e.ty.kql as never } })) };
  const bag = fn('struct_pack', parts, dyn(shape));
  const nullable = entries.filter((it) => it.e.ty.kql !== 'string');
  if (nullable.length === 0) return bag;
  const anyNull = nullable.map((it) => fn('$isnull', [it.e], B)).reduce((x, y) => fn('$or', [x, y], B));
  return { k: 'case', whens: [[anyNull, fn('hb_refuse', [lit(str(`HB162: ${what} of a null value (Kusto keeps the key with a null value) is not supported`), S)], dyn(shape))]], else: bag, ty: dyn(shape) };
}

/**
 * pack_all(): documented to keep null and empty columns unless ignore_null_empty is true, so a
 * null value is a key with a null value (as the oracle shows for pack(): {"2": null}). A struct
 * field that is null reads as a missing key, so when a column other than a string (never null in
 * Kusto) is packed the bag is built as JSON text instead, where `"key":null` is representable.
 * Reals that are not finite and decimals (whose JSON spelling in a bag is not documented) are
 * refused per row / at compile time.
 */
function packAll(entries: { name: string; e: Expr }[], n: SNode): Expr {
  if (entries.every((it) => it.e.ty.kql === 'string')) return packValues(entries, 'pack_all');
  const S = scalar('string');
  const parts: Expr[] = [lit("'{'", S)];
  for (const [i, it] of entries.entries()) {
    if (it.e.ty.kql === 'decimal') return unsupported(n, `pack_all() of the decimal column ${it.name}`, 'HB120');
    const v = it.e.ty.kql === 'real' ? fn('real_finite_or_refuse', [it.e], it.e.ty) : it.e;
    parts.push(lit(str(`${i ? ',' : ''}${JSON.stringify(it.name)}:`), S), fn('$json_text', [v], S));
  }
  parts.push(lit("'}'", S));
  return fn('strcat', parts, dyn({ k: 'json' }));
}

/** The columns of the row, for pack_all(). */
function rowEntries(row: RowScope): { name: string; e: Expr }[] {
  return row.cols.map((c) => ({ name: c.name, e: colRef(c) }));
}

/** A JSONPath key of bag_set_key/bag_remove_keys: `name` or `$.a.b` (no array indexes). */
function keyPath(key: string, n: SNode, name: string): string[] {
  if (!key.startsWith('$')) return [key];
  const m = /^\$((?:\.[A-Za-z_][\w]*|\['[^']*'\]|\["[^"]*"\])+)$/.exec(key);
  if (!m) return unsupported(n, `${name}() path '${key}' (only $.name and ['name'] steps)`, 'HB120');
  return [...m[1].matchAll(/\.([A-Za-z_][\w]*)|\['([^']*)'\]|\["([^"]*)"\]/g)].map((x) => x[1] ?? x[2] ?? x[3]);
}

/** A struct rebuilt field by field with `edit` applied at `path` (undefined value: remove). */
function editStruct(x: Expr, path: string[], value: Expr | undefined, n: SNode, name: string): Expr {
  const s = x.ty.shape;
  if (x.ty.kql !== 'dynamic' || (s.k !== 'struct' && !(s.k === 'map' && s.value.k === 'null'))) return unsupported(n, `${name}() of a value that is not a property bag known at compile time`, 'HB120');
  const fields = s.k === 'struct' ? s.fields : [];
  const [head, ...rest] = path;
  const out: { name: string; e: Expr }[] = [];
  let done = false;
  for (const f of fields) {
    const cur = member_(x, f.name, n);
    if (f.name !== head) out.push({ name: f.name, e: cur });
    else if (rest.length === 0) {
      done = true;
      if (value) out.push({ name: f.name, e: value });
    } else {
      done = true;
      out.push({ name: f.name, e: editStruct(cur, rest, value, n, name) });
    }
  }
  if (!done && value) {
    // a missing key is created, nested bags too (documented for bag_set_key)
    let v: Expr = value;
    for (const k of [...rest].reverse()) v = fn('struct_pack', [lit(str(k), S), v], dyn({ k: 'struct', fields: [{ name: k, shape: v.ty.kql === 'dynamic' ? v.ty.shape : { k: 'scalar', t: v.ty.kql as never } }] }));
    out.push({ name: head, e: v });
  }
  if (out.length === 0) return unsupported(n, `${name}() leaving an empty property bag`, 'HB120');
  const parts: Expr[] = out.flatMap((it) => [lit(str(it.name), S), it.e]);
  const shape: SqlShape = { k: 'struct', fields: out.map((it) => ({ name: it.name, shape: it.e.ty.kql === 'dynamic' ? it.e.ty.shape : { k: 'scalar', t: it.e.ty.kql as never } })) };
  // a null bag stays null (DuckDB would build a struct of nulls)
  const packed = fn('struct_pack', parts, dyn(shape));
  if (s.k !== 'struct') return packed;
  return { k: 'case', whens: [[fn('$isnull', [x], B), nullOf(dyn(shape))]], else: packed, ty: dyn(shape) };
}

/** The leaf and inner paths of a bag whose shape is known (treepath), in field order. */
function treePaths(s: SqlShape, prefix: string, out: string[], n: SNode): void {
  if (s.k !== 'struct') return;
  const names = s.fields.map((f) => f.name);
  // Kusto's order of keys is not documented: only bags whose keys are already sorted are taken.
  if (names.some((x, i) => i > 0 && names[i - 1] > x)) unsupported(n, 'treepath of a bag whose keys are not in sorted order (the order of paths is not documented)', 'HB120');
  for (const f of s.fields) {
    if (f.shape.k === 'list' || f.shape.k === 'map' || f.shape.k === 'json') unsupported(n, 'treepath of a bag holding arrays or bags known only at run time', 'HB120');
    const p = `${prefix}['${f.name}']`;
    out.push(p);
    treePaths(f.shape, p, out, n);
  }
}

/** Every nested field of a struct value, for a per-row check that none is null. */
function nestedFields(x: Expr, n: SNode): Expr[] {
  const s = x.ty.shape;
  if (s.k !== 'struct') return [];
  return s.fields.flatMap((f) => {
    const v = member_(x, f.name, n);
    return [v, ...nestedFields(v, n)];
  });
}

const BOOLS = dyn({ k: 'list', of: { k: 'scalar', t: 'bool' } });
const isText = (t: string | undefined) => t === 'string' || t === 'guid';

/**
 * Which elements of an array equal a value (array_index_of, set_has_element), as a list of bools;
 * null when the value is not an array. Dynamic equality does not convert: a string never equals a
 * number or a bool, while numbers compare by value (a series of longs holds 15.0, oracle case
 * saoc-probe-0006). Arrays known only at run time (JSON text) are compared element by element.
 */
function elementMatches(arr: Expr, needle: Expr, n: SNode, what: string): Expr | undefined {
  const s = arr.ty.shape;
  const nt = needle.ty.kql === 'dynamic' ? (needle.ty.shape.k === 'scalar' ? needle.ty.shape.t : undefined) : needle.ty.kql;
  if (nt === undefined && needle.ty.shape.k !== 'null') return unsupported(n, `${what} of a dynamic value that is not a scalar`, 'HB120');
  // an array whose elements are JSON text (make_list of parse_json values): compared as below,
  // element by element (it answered "no element matches", whatever the elements)
  const json = s.k === 'json' || (s.k === 'list' && s.of.k === 'json');
  if (s.k === 'list' && !json) {
    const el = s.of.k === 'scalar' ? s.of.t : undefined;
    const never = el === undefined || (nt !== undefined && isText(el) !== isText(nt));
    consume(needle);
    return never ? fn('list_no_match', [arr], BOOLS) : fn('list_matches', [arr, needle], BOOLS);
  }
  if (json) {
    const kind = isText(nt) ? 'string' : nt === 'long' || nt === 'int' || nt === 'real' ? 'number' : nt === 'bool' ? 'bool' : undefined;
    if (!kind) return unsupported(n, `${what} of a ${nt ?? 'null'} value in an array known only at run time`, 'HB120');
    return fn(`${s.k === 'json' ? 'json' : 'jlist'}_matches_${kind}`, [arr, nt === 'guid' ? convert(needle, 'string') : needle], BOOLS);
  }
  return undefined;
}

/**
 * The array of strcat_array() / array_strcat(): its page documents an array of whole numbers; strings,
 * guids and nulls (empty) read the same. Reals, booleans, dates, timespans and nested values are
 * refused: DuckDB's text of them ("1.0", a timespan's microseconds, "[1, 2]") is not Kusto's, and
 * Kusto's text of a dynamic element is not documented. Elements held as JSON text (make_list of a
 * dynamic column, say) are known only at run time: the same rule is applied to each row's values,
 * a real, boolean or nested element refusing that row (HB162).
 */
export function strcatArrayArg(x: Expr, n: SNode, name: string): Expr {
  const s = x.ty.shape;
  const ok = (e: SqlShape) => e.k === 'null' || (e.k === 'scalar' && ['long', 'int', 'string', 'guid'].includes(e.t));
  if (x.ty.kql === 'dynamic' && s.k === 'list' && ok(s.of)) return x;
  if (x.ty.kql === 'dynamic' && s.k === 'list' && s.of.k === 'json') return fn('json_elements_text', [x], dyn({ k: 'list', of: { k: 'scalar', t: 'string' } }));
  const what = x.ty.kql !== 'dynamic' || s.k !== 'list' ? 'a value that is not an array known at compile time' : 'an array of values other than whole numbers or strings';
  return unsupported(n, `${name}() of ${what}`, 'HB120');
}

export const HANDLERS: Record<string, Handler> = {
  set_has_element: (a, out, n) => {
    const m = elementMatches(a[0], a[1], n, 'set_has_element');
    if (!m) return typeDecided(a, lit('false', out));
    return fn('any_match', [m, a[1]], out);
  },
  // array_index_of(array, value [, start [, length [, occurrence]]]): documented defaults 0, -1, 1
  array_index_of: (a, out, n) => {
    const m = elementMatches(a[0], a[1], n, 'array_index_of');
    if (!m) return typeDecided(a, nullOf(out));
    const long = (x: Expr | undefined, d: string) => (x ? convert(x, 'long') : lit(d, scalar('long')));
    return fn('index_of_match', [m, long(a[2], '0'), long(a[3], '-1'), long(a[4], '1')], out);
  },
  pack_all: (a, _o, n, args, row) => {
    if (constFlag(a[0], false, args[0] ?? n, 'pack_all')) return unsupported(args[0] ?? n, 'pack_all(true): its keys differ row by row', 'HB120');
    return packAll(rowEntries(row), n);
  },
  bag_pack_columns: (a, _o, n, args) => {
    const entries = args.map((x, i) => {
      if (x.k !== 'NameReference') return unsupported(x, 'bag_pack_columns of an expression (columns only)', 'HB120');
      return { name: nameOf(x), e: a[i] };
    });
    if (entries.length === 0) return unsupported(n, 'bag_pack_columns without columns', 'HB120');
    return packValues(entries, 'bag_pack_columns');
  },
  // bag_remove_keys(bag, keys): constant keys (names or $.a.b paths) on a bag of known shape
  bag_remove_keys: (a, _o, n, args, _r, cx) => {
    let keys: unknown;
    const inner = args[1]?.k === 'DynamicExpression' ? kids(args[1]).find((c) => c.k.startsWith('Json')) : undefined;
    try {
      keys = inner ? jsonValueOf(inner, cx) : undefined;
    } catch {
      keys = undefined;
    }
    if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string')) return unsupported(args[1] ?? n, 'bag_remove_keys with keys other than a constant array of strings', 'HB120');
    consume(a[1]);
    let x = a[0];
    // Only a struct's keys are known here: a bag held as JSON text or a map would keep the keys
    // it should lose (hasPath is false for it), so it is refused rather than returned unchanged.
    if (x.ty.kql === 'dynamic' && (x.ty.shape.k === 'json' || x.ty.shape.k === 'map'))
      return unsupported(args[0] ?? n, 'bag_remove_keys() of a bag whose keys are not known at compile time (JSON text or a map)', 'HB120');
    for (const k of keys as string[]) {
      const path = keyPath(k, args[1] ?? n, 'bag_remove_keys');
      if (!hasPath(x.ty.shape, path)) continue;
      x = editStruct(x, path, undefined, n, 'bag_remove_keys');
    }
    return x;
  },
  // bag_set_key(bag, key, value): a constant key (name or $.a.b path) on a bag of known shape
  bag_set_key: (a, _o, n, args) => {
    const key = constString(a[1]);
    if (key === undefined) return unsupported(args[1] ?? n, 'bag_set_key with a computed key', 'HB120');
    consume(a[1]);
    const v = a[2];
    if (v.ty.kql === 'dynamic' && v.ty.shape.k === 'null') return unsupported(args[2] ?? n, 'bag_set_key to null', 'HB120');
    return packOrNull(editStruct(a[0], keyPath(key, args[1] ?? n, 'bag_set_key'), v, n, 'bag_set_key'), v, 'bag_set_key');
  },
  // bag_zip(keys, values): keys that are strings name the values at the same positions; missing
  // values are null, extra values are dropped (documented)
  bag_zip: (a, _o, n, args) => {
    const k = a[0];
    const v = a[1];
    const ks = k.ty.shape;
    if (k.ty.kql !== 'dynamic' || ks.k !== 'list' || !(ks.of.k === 'scalar' && ks.of.t === 'string')) return unsupported(args[0] ?? n, 'bag_zip keys other than an array of strings known at compile time', 'HB120');
    const vs = v.ty.shape;
    if (v.ty.kql !== 'dynamic' || vs.k !== 'list' || vs.of.k === 'null' || vs.of.k === 'json') return unsupported(args[1] ?? n, 'bag_zip values other than an array of one kind known at compile time', 'HB120');
    return fn('bag_zip', [k, v], dyn({ k: 'map', value: vs.of }));
  },
  treepath: (a, out, n) => {
    const x = a[0];
    if (x.ty.kql !== 'dynamic' || x.ty.shape.k !== 'struct') return unsupported(n, 'treepath of a value that is not a property bag known at compile time', 'HB120');
    const paths: string[] = [];
    treePaths(x.ty.shape, '', paths, n);
    const list = lit(`[${paths.map(str).join(', ')}]`, dyn({ k: 'list', of: { k: 'scalar', t: 'string' } }));
    const nulls = [x, ...nestedFields(x, n)].map((e) => fn('$isnull', [e], B)).reduce((p, q) => fn('$or', [p, q], B));
    void out;
    return { k: 'case', whens: [[nulls, fn('hb_refuse', [lit(str('HB162: treepath of a bag with a null or missing value is not supported'), S)], list.ty)]], else: list, ty: list.ty };
  },
  array_shift_left: shift(1),
  array_shift_right: shift(-1),
  array_rotate_left: rotate(1),
  array_rotate_right: rotate(-1),
  // array_split(array, index | [indices]): the pieces [0, i1), [i1, i2) … [iN, len); negative indices count from the end
  array_split: (a, _o, n, args) => {
    const arr = listArg(a[0], args[0] ?? n, 'array_split');
    const ty = dyn({ k: 'list', of: arr.ty.shape });
    const idx = a[1];
    if (idx.ty.kql === 'dynamic') {
      const s = idx.ty.shape;
      if (s.k !== 'list' || s.of.k !== 'scalar' || (s.of.t !== 'long' && s.of.t !== 'int')) return unsupported(args[1] ?? n, 'array_split indices other than an array of integers', 'HB120');
      return fn('array_split', [arr, { k: 'cast', e: idx, to: 'BIGINT[]', try: false, ty: dyn({ k: 'list', of: L.shape }) }], ty);
    }
    return fn('array_split', [arr, fn('list_value1', [toLong(idx)], dyn({ k: 'list', of: L.shape }))], ty);
  },
  // array_strcat: strcat_array under its current name
  array_strcat: (a, out, n, args) => fn('strcat_array', [strcatArrayArg(a[0], args[0] ?? n, 'array_strcat'), convert(a[1], 'string')], out),
  set_equals: (a, out, n) => {
    const [x, y] = sameKind(a[0], a[1], n, 'set_equals');
    return fn('set_equals', [x, y], out);
  },
  // |set1 ∩ set2| / |set1 ∪ set2| of the distinct values (duplicates ignored, as documented).
  // Kusto's analyzer types it dynamic while its engine returns a real (oracle case
  // saoc-r3-dynamic-json-0007): as a result column it is real, elsewhere refused (engine-types.ts).
  // Arrays of one scalar kind only (whether 1 and 1.0 are one value is not documented); null
  // elements and two empty arrays (0 / 0) are refused per row.
  jaccard_index: (a, out, n) => {
    if (a.length !== 2) return unsupported(n, 'jaccard_index() of other than two arrays', 'HB120');
    const x = listArg(a[0], n, 'jaccard_index');
    const y = listArg(a[1], n, 'jaccard_index');
    const [sx, sy] = [x.ty.shape, y.ty.shape].map((s) => (s.k === 'list' ? s.of : s));
    const scalarOrEmpty = (s: SqlShape) => s.k === 'null' || (s.k === 'scalar' && s.t !== 'decimal');
    if (!scalarOrEmpty(sx) || !scalarOrEmpty(sy) || (sx.k === 'scalar' && sy.k === 'scalar' && sx.t !== sy.t))
      return unsupported(n, 'jaccard_index() of arrays that are not of one scalar kind', 'HB120');
    return fn('jaccard_index', [x, y], { ...out, shape: { k: 'scalar', t: 'real' } });
  },
};

export const AGGREGATES: Record<string, AggHandler> = {};
