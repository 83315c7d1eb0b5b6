import type { Expr, NamedExpr, Rel } from '../../ir/types.ts';
import type { SNode } from '../../parse/index.ts';
import { regexEscape, str } from '../../sql/quote.ts';
import { type Ctx, unsupported } from '../context.ts';
import { lowerExpr, toStr } from '../expr.ts';
import { colRef } from '../scope.ts';
import { paramText } from '../syntax.ts';
import { conform, tyOfSCol } from '../tabular.ts';
import { kustoRegex } from '../regex.ts';
import { lit, scalar } from '../values.ts';
import { kids, nameOf, type OperatorLowerer, scopeOf } from './common.ts';

/**
 * `parse-kv Src as (k1:type, …) with (pair_delimiter=';', kv_delimiter='=' [, quote='"' …] [, escape='\\' …])`:
 * each key's value is the text after the key's first appearance at the start of a pair, `key<kv>`
 * (white space skipped), up to the next pair delimiter; a missing key gives empty/null (documented).
 * With `quote`, a key or value may be wrapped in the quotes (one character, or an opening and a
 * closing one; repeatable) and a quoted value runs to its closing quote, pair delimiters included;
 * an `escape` character inside a quoted value takes the next character literally. With
 * `regex=`, the pattern's two groups are each match's key and value. The mode without delimiters
 * ("any nonalphanumeric character is a delimiter") and `greedy` are refused: the page does not say
 * how values holding such characters end.
 */
export const parseKv: OperatorLowerer = (n, input, cx) => {
  const [srcNode, schema, withClause] = kids(n);
  const opts: [string, string][] = [];
  for (const p of withClause ? kids(withClause).flatMap((l) => kids(l)) : []) {
    const [name, value] = kids(p);
    if (name && value) opts.push([nameOf(name).toLowerCase(), paramText(value)]);
  }
  const all = (k: string) => opts.filter(([o]) => o === k).map(([, v]) => v);
  // Every option is read: one not implemented here is refused, never ignored.
  const other = [...new Set(opts.map(([k]) => k))].filter((k) => !['pair_delimiter', 'kv_delimiter', 'quote', 'escape', 'regex'].includes(k));
  if (other.length) return unsupported(n, `parse-kv option ${other.join(', ')}`);
  const src = toStr(lowerExpr(srcNode, scopeOf(input), cx));
  const keys = kids(schema).flatMap((l) => (l.k === 'List' ? kids(l) : [l])).map((d) => nameOf(d));
  const regex = all('regex');
  const pd = all('pair_delimiter');
  const kv = all('kv_delimiter');
  if (regex.length) {
    if (regex.length > 1 || opts.length > 1) return unsupported(n, 'parse-kv regex= with other options');
    const re = kustoRegex(regex[0], n);
    if (re.groups !== 2 || re.named) return unsupported(n, 'parse-kv regex= without exactly two unnamed capture groups');
    return extendWith(n, input, cx, keys, (key) => fn('kv_regex_value', [src, lit(str(re.re), S), lit(str(key), S)]));
  }
  if (pd.length !== 1 || kv.length !== 1 || pd[0] === '' || kv[0] === '')
    return unsupported(n, 'parse-kv without one pair_delimiter and one kv_delimiter (the mode where any nonalphanumeric character is a delimiter)');
  const quotes = all('quote');
  const escapes = all('escape');
  if (quotes.length === 0) {
    if (escapes.length) return unsupported(n, 'parse-kv escape= without quote=');
    // The value is the text after `key<kv>` (white space skipped) up to the next whole pair
    // delimiter, which may be several characters long (`][`).
    return extendWith(n, input, cx, keys, (key) => {
      const re = `(?:^|${regexEscape(pd[0])})\\s*${regexEscape(key)}\\s*${regexEscape(kv[0])}\\s*(.*)`;
      const rest = fn('extract', [lit(str(re), S), lit('1', scalar('long')), src]);
      return fn('trim_ws', [fn('split_first', [rest, lit(str(pd[0]), S)])]);
    });
  }
  const pairs = quotes.map((q) => (q.length === 1 ? [q, q] : q.length === 2 ? [q[0], q[1]] : undefined));
  if (pairs.some((q) => q === undefined) || escapes.some((e) => e.length !== 1) || [...pd[0]].length !== 1)
    return unsupported(n, 'parse-kv quote= of other than one or two characters, escape= of other than one character, or quotes with a pair delimiter of several characters');
  const qs = pairs as [string, string][];
  const special = new Set([pd[0], ...escapes, ...qs.flat()]);
  if (special.size !== 1 + escapes.length + new Set(qs.flat()).size || [...kv[0]].some((c) => special.has(c)))
    return unsupported(n, 'parse-kv with a quote, escape or delimiter character used twice');
  const esc = escapes.map(cls).join('');
  // a quoted token: an opening quote, then characters other than its closing quote (or escaped ones), then the closing quote
  const quoted = (o: string, c: string, inner: string) => `${regexEscape(o)}${inner}${regexEscape(c)}`;
  const body = ([, c]: string[]) => (esc ? `(?:[^${cls(c)}${esc}]|[${esc}].)*` : `[^${cls(c)}]*`);
  const anyQuoted = qs.map((q) => quoted(q[0], q[1], body(q))).join('|');
  const opens = [...new Set(qs.map((q) => q[0]))].map(cls).join('');
  // one pair: quoted tokens and characters that are neither the pair delimiter nor an opening quote
  const pair = `(?:${anyQuoted}|[^${cls(pd[0])}${opens}])*`;
  const value = `(?:${anyQuoted}|[^${cls(pd[0])}]*)`;
  // what is inside a whole quoted value, to unwrap it; escapes removed when escape= is given
  const unwrap = `^\\s*(?:${qs.map((q) => quoted(q[0], q[1], `(${body(q)})`)).join('|')})\\s*$`;
  return extendWith(n, input, cx, keys, (key) => {
    const k = `(?:${[...qs.map((q) => quoted(q[0], q[1], regexEscape(key))), regexEscape(key)].join('|')})`;
    const re = `^(?:${pair}${regexEscape(pd[0])})*?\\s*${k}\\s*${regexEscape(kv[0])}\\s*(${value})`;
    const v = fn('trim_ws', [fn('extract', [lit(str(re), S), lit('1', scalar('long')), src])]);
    const unquoted = fn('kv_unquote', [v, lit(str(unwrap), S), lit(String(qs.length), scalar('long')), lit(str(esc ? `[${esc}](.)` : ''), S)]);
    // The key appears at the start of a pair but the pairs before it cannot be read (a quote that
    // does not close, a key inside a quoted value): what Kusto reads there is not documented.
    const loose = `(?:^|${regexEscape(pd[0])})\\s*${k}\\s*${regexEscape(kv[0])}`;
    return fn('kv_checked', [unquoted, src, lit(str(re), S), lit(str(loose), S)]);
  });
};

const S = scalar('string');
const fn = (f: string, args: Expr[]): Expr => ({ k: 'fn', fn: f, args, ty: S });

/** A character inside a RE2 character class. */
function cls(c: string): string {
  return /[\\\][^-]/.test(c) ? `\\${c}` : c;
}

/** The input's columns and one column per key, each of the type the analyzer gives it. */
function extendWith(n: SNode, input: Rel, cx: Ctx, keys: string[], text: (key: string) => Expr): Rel {
  // A key named like an input column: the parse-kv page does not say whether the value replaces the
  // column, and the analyzer's schema lists the name twice, which no Kusto result has.
  const clash = keys.find((k) => input.cols.some((c) => c.name === k));
  if (clash !== undefined) unsupported(n, `parse-kv key '${clash}' names a column the input already has (the parse-kv page does not say whether its value replaces that column)`);
  const added: NamedExpr[] = keys.map((key) => {
    const sc = n.cols?.find((c) => c.name === key);
    const want = sc ? tyOfSCol(sc, n) : scalar('string');
    // a dynamic key (`a:dynamic`) was always null; whether its text is read as JSON is not documented
    if (want.kql === 'dynamic') unsupported(n, `parse-kv into a dynamic column '${key}' (how the value's text is converted is not documented)`, 'HB120');
    const t = text(key);
    const e = want.kql === 'string' ? t : conform(fn('nonempty_str', [t]), want);
    return { col: cx.col(key, want), e };
  });
  const items = [...input.cols.map((c) => ({ col: cx.col(c.name, c.ty), e: colRef(c) })), ...added];
  return { op: 'select', input, items, cols: items.map((i) => i.col), ord: input.ord };
}
