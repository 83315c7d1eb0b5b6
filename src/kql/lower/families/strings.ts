/**
 * strings, encodings and hashes: KQL → IR (SQL spellings in sql/families/strings.ts).
 *
 * Corners whose Kusto answer is not documented (an empty string where Kusto's null string and ''
 * are one value, characters outside the Basic Multilingual Plane where Kusto counts UTF-16 units,
 * argument values the pages do not describe) are refused: at compile time when the argument is a
 * constant, else per row by the SQL (`HB120 …` raised while the query runs), never guessed.
 */
import type { SqlShape } from '../../api.ts';
import type { Expr, Ty } from '../../ir/types.ts';
import type { SNode } from '../../parse/index.ts';
import { str } from '../../sql/quote.ts';
import { type Ctx, unsupported } from '../context.ts';
import { consume } from '../consume.ts';
import { convert } from '../convert.ts';
import { fn, jsonValue, toStr } from '../expr.ts';
import { kustoRegex, regexText } from '../regex.ts';
import { kids } from '../syntax.ts';
import { constString } from '../terms.ts';
import { dyn, INT128_DECIMAL, isInt128, lit, scalar } from '../values.ts';
import type { AggHandler, Handler } from './types.ts';

const S = scalar('string');
const L = scalar('long');
const LONGS = dyn({ k: 'list', of: { k: 'scalar', t: 'long' } });

/** The value of a constant `dynamic([...])` argument, or undefined when it is computed. */
function constArray(node: SNode | undefined, cx: Ctx): unknown[] | undefined {
  if (node?.k !== 'DynamicExpression') return undefined;
  const inner = kids(node).find((c) => c.k.startsWith('Json'));
  try {
    const v = inner ? jsonValue(inner, cx) : undefined;
    return Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

const isIntegral = (s: SqlShape): boolean => s.k === 'scalar' && (s.t === 'long' || s.t === 'int');

/** A long literal's value, if the expression is one (after analysis a constant int/long). */
function constLong(x: Expr | undefined): number | undefined {
  if (x?.k === 'fn' && x.fn === '$neg') {
    const v = constLong(x.args[0]);
    return v === undefined ? undefined : -v;
  }
  if (x?.k !== 'lit') return undefined;
  const m = /^(?:CAST\()?(-?\d+)(?: AS (?:BIGINT|INTEGER)\))?$/.exec(x.sql);
  return m ? Number(m[1]) : undefined;
}

/** hash()/hash_xxhash64(): xxHash64 (seed 0) of a string's UTF-8 bytes or a datetime's ticks. */
function xxhash(name: string, a: Expr[], out: Ty, n: SNode, args: SNode[]): Expr {
  const x = a[0];
  let h: Expr;
  // Documented: hash("World") is xxHash64 of the UTF-8 bytes, hash(datetime(2015-01-01)) of the
  // 8 little-endian bytes of its ticks. The byte layout of other types is not documented.
  if (x.ty.kql === 'string') h = fn('xxh64_str', [x], L);
  else if (x.ty.kql === 'datetime') h = fn('xxh64_dt', [x], L);
  else return unsupported(args[0] ?? n, `${name}() of a ${x.ty.kql} value (its byte layout is not documented)`, 'HB120');
  if (a.length < 2) return { ...h, ty: out };
  return fn('xxh64_mod', [h, convert(a[1], 'long')], out);
}

/** indexof_regex(string, match [, start [, length [, occurrence]]]). */
function indexofRegex(a: Expr[], out: Ty, n: SNode, args: SNode[]): Expr {
  const start = a[2] ?? lit('0', L);
  const len = a[3] ?? lit('-1', L);
  const occ = a[4] ?? lit('1', L);
  const pattern = constString(a[1]);
  const whole = (a[2] === undefined || constLong(a[2]) === 0) && (a[3] === undefined || constLong(a[3]) === -1);
  // Searching a slice: whether anchors and word boundaries see the slice's ends or the string's
  // is not documented, so patterns using them are refused on a slice.
  if (!whole) {
    if (pattern === undefined) return unsupported(args[1] ?? n, 'indexof_regex with a computed regex and a start or length', 'HB120');
    if (/\^|\$|\\[bBAzZ]/.test(pattern.replace(/\[\^/g, '[')))
      return unsupported(args[1] ?? n, 'indexof_regex with anchors or word boundaries on a slice of the string', 'HB120');
  }
  const re = pattern === undefined ? toStr(a[1]) : lit(str(kustoRegex(pattern, n).re), S);
  return fn('indexof_regex', [regexText(toStr(a[0]), a[1], n), re, convert(start, 'long'), convert(len, 'long'), convert(occ, 'long')], out);
}

/** replace_strings(text, lookups, rewrites): constant arrays of strings, matched in array order. */
function replaceStrings(a: Expr[], out: Ty, n: SNode, args: SNode[], cx: Ctx): Expr {
  const lookups = constArray(args[1], cx);
  const rewrites = constArray(args[2], cx);
  if (!lookups || !rewrites) return unsupported(args[lookups ? 2 : 1] ?? n, 'replace_strings with computed lookups or rewrites', 'HB120');
  if (lookups.length !== rewrites.length) return unsupported(args[2] ?? n, 'replace_strings with arrays of different lengths', 'HB120');
  if (![...lookups, ...rewrites].every((v) => typeof v === 'string'))
    return unsupported(args[1] ?? n, 'replace_strings with elements that are not strings', 'HB120');
  const looks = lookups as string[];
  if (looks.some((s) => s === '')) return unsupported(args[1] ?? n, 'replace_strings with an empty lookup', 'HB120');
  if (looks.length > 255 || looks.some((s) => /[\uE000-\uE0FF]/.test(s)))
    return unsupported(args[1] ?? n, 'replace_strings with more than 255 lookups or private-use characters U+E000..U+E0FF', 'HB120');
  consume(a[1]);
  consume(a[2]);
  const parts: Expr[] = [toStr(a[0])];
  for (const [i, s] of looks.entries()) parts.push(lit(str(s), S), lit(str(rewrites[i] as string), S));
  return fn('replace_strings', parts, out);
}

/** unicode_codepoints_to_string(...): each argument a code point or an array of them. */
function codepointsToString(a: Expr[], out: Ty, n: SNode, args: SNode[]): Expr {
  const lists = a.map((x, i) => {
    if (x.ty.kql === 'long' || x.ty.kql === 'int') return fn('ucp_one', [x], LONGS);
    if (x.ty.kql === 'dynamic' && x.ty.shape.k === 'list' && isIntegral(x.ty.shape.of)) return fn('ucp_many', [x], LONGS);
    return unsupported(args[i] ?? n, 'unicode_codepoints_to_string of a value that is not an integer or an array of integers', 'HB120');
  });
  return fn('ucp_to_string', lists, out);
}

/** format_bytes(size [, precision [, units]]): the documented unit names only. */
const BYTE_UNITS = ['Bytes', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB'];
function formatBytes(a: Expr[], out: Ty, n: SNode, args: SNode[]): Expr {
  const unit = a[2] ? constString(a[2]) : '';
  if (unit !== undefined && unit !== '' && !BYTE_UNITS.includes(unit))
    return unsupported(args[2] ?? n, `format_bytes unit '${unit}' (documented: ${BYTE_UNITS.join(', ')})`, 'HB120');
  const u = unit === undefined ? toStr(a[2]) : lit(str(unit), S);
  return fn('format_bytes', [convert(a[0], 'real'), a[1] ? convert(a[1], 'long') : lit('0', L), u], out);
}

/** The IR functions an exact 128-bit decimal may be an argument of: comparisons (exact on HUGEINT) and null tests. */
const INT128_USES = new Set(['$eq', '$ne', '$lt', '$le', '$gt', '$ge', '$isnull', '$isnotnull']);
const PASS = new Set(['ParenthesizedExpression', 'SimpleNamedExpression', 'NameReference', 'BrackettedExpression', 'TokenName']);

/**
 * HB101 for a use of parse_version()'s value (an exact 128-bit decimal) other than comparing it
 * with another such value, testing it for null, or storing, sorting, grouping and showing it:
 * elsewhere decimals are reals, so arithmetic, conversions, aggregates or packing could silently
 * lose its digits (lower/expr.ts calls this for every expression).
 */
export function refuseInt128Use(n: SNode, e: Expr, lowered: (x: SNode) => Expr | undefined): void {
  if (PASS.has(n.k)) return;
  const operands = (x: SNode): SNode[] => x.ch.flatMap((c) => (lowered(c) ? [c] : c.k === 'Tok' ? [] : operands(c)));
  if (!operands(n).some((c) => isInt128(lowered(c)))) return;
  if (e.k === 'fn' && INT128_USES.has(e.fn) && e.args.every((a) => isInt128(a) || a.ty.kql === 'bool')) return;
  unsupported(n, "this use of parse_version()'s value (an exact 128-bit decimal here: only compared with another version, tested for null, sorted, grouped or shown)", 'HB101');
}

export const HANDLERS: Record<string, Handler> = {
  // parse_version(v): 1 to 4 dot-separated parts of 1 to 8 digits, p1·10^24 + p2·10^16 + p3·10^8 + p4
  // (missing parts are 0), exactly as a HUGEINT; null when the text is not such a version
  parse_version: (a) => fn('parse_version', [toStr(a[0])], INT128_DECIMAL),
  translate: (a, out) => fn('translate', [toStr(a[0]), toStr(a[1]), toStr(a[2])], out),
  repeat: (a, out, n, args) => {
    const v = a[0];
    if (v.ty.kql === 'dynamic') return unsupported(args[0] ?? n, 'repeat() of a dynamic value (Kusto refuses it)', 'HB120');
    if (v.ty.kql === 'decimal' || v.ty.kql === 'guid') return unsupported(args[0] ?? n, `repeat() of a ${v.ty.kql} value`, 'HB120');
    return fn('repeat_value', [v, convert(a[1], 'long')], { ...out, shape: { k: 'list', of: v.ty.shape } });
  },
  regex_quote: (a, out) => fn('regex_quote', [toStr(a[0])], out),
  isascii: (a, out) => fn('isascii', [toStr(a[0])], out),
  isutf8: (a, out) => fn('isutf8', [toStr(a[0])], out),
  unicode_codepoints_from_string: (a) => fn('ucp_from_string', [toStr(a[0])], LONGS),
  unicode_codepoints_to_string: (a, out, n, args) => codepointsToString(a, out, n, args),
  // the deprecated name of unicode_codepoints_to_string (hidden in the parser's list)
  make_string: (a, out, n, args) => codepointsToString(a, out, n, args),
  hash: (a, out, n, args) => xxhash('hash', a, out, n, args),
  hash_xxhash64: (a, out, n, args) => xxhash('hash_xxhash64', a, out, n, args),
  indexof_regex: (a, out, n, args) => indexofRegex(a, out, n, args),
  replace_strings: (a, out, n, args, _row, cx) => replaceStrings(a, out, n, args, cx),
  has_any_index: (a, out, n, args) => {
    const s = a[1].ty.shape;
    const el = s.k === 'list' ? s.of : undefined;
    if (a[1].ty.kql !== 'dynamic' || !el || !(el.k === 'null' || (el.k === 'scalar' && (el.t === 'string' || el.t === 'long' || el.t === 'int'))))
      return unsupported(args[1] ?? n, 'has_any_index with values that are not an array of strings or integers', 'HB120');
    return fn('has_any_index', [toStr(a[0]), a[1]], out);
  },
  format_bytes: (a, out, n, args) => formatBytes(a, out, n, args),
  punycode_from_string: (a, out) => fn('punycode_from_string', [toStr(a[0])], out),
  punycode_to_string: (a, out) => fn('punycode_to_string', [toStr(a[0])], out),
  punycode_domain_from_string: (a, out) => fn('punycode_domain_from_string', [toStr(a[0])], out),
  punycode_domain_to_string: (a, out) => fn('punycode_domain_to_string', [toStr(a[0])], out),
  parse_csv: (a) => fn('parse_csv', [toStr(a[0])], dyn({ k: 'list', of: { k: 'scalar', t: 'string' } })),
  parse_urlquery: (a) =>
    fn('parse_urlquery', [toStr(a[0])], dyn({ k: 'struct', fields: [{ name: 'Query Parameters', shape: { k: 'map', value: { k: 'scalar', t: 'string' } } }] })),
  base64_encode_fromguid: (a, out) => fn('base64_encode_fromguid', [a[0]], out),
  base64_decode_toarray: (a) => fn('base64_decode_toarray', [toStr(a[0])], LONGS),
  base64_encode_fromarray: (a, out, n, args) => {
    const s = a[0].ty.shape;
    if (a[0].ty.kql !== 'dynamic' || s.k !== 'list' || !isIntegral(s.of))
      return unsupported(args[0] ?? n, 'base64_encode_fromarray of a value that is not an array of integers', 'HB120');
    return fn('base64_encode_fromarray', [a[0]], out);
  },
};

export const AGGREGATES: Record<string, AggHandler> = {};
