import type { NamedExpr } from '../../ir/types.ts';
import { regexEscape, str } from '../../sql/quote.ts';
import { unsupported } from '../context.ts';
import { lowerExpr, toStr } from '../expr.ts';
import { colRef } from '../scope.ts';
import { paramText } from '../syntax.ts';
import { conform, tyOfSCol } from '../tabular.ts';
import { lit, scalar } from '../values.ts';
import { kids, nameOf, type OperatorLowerer, scopeOf } from './common.ts';

/**
 * `parse-kv Src as (k1:type, …) with (pair_delimiter=';', kv_delimiter='=')`: each key's value
 * is the text after `key<kv>` up to the next pair delimiter; a missing key gives empty/null.
 */
export const parseKv: OperatorLowerer = (n, input, cx) => {
  const [srcNode, schema, withClause] = kids(n);
  const opts = new Map<string, string>();
  for (const p of withClause ? kids(withClause).flatMap((l) => kids(l)) : []) {
    const [name, value] = kids(p);
    if (name && value) opts.set(nameOf(name).toLowerCase(), paramText(value));
  }
  if (opts.has('regex') || opts.has('quote') || opts.has('escape')) return unsupported(n, 'parse-kv with regex/quote/escape options');
  // Every option is read: one not implemented here is refused, never ignored.
  const other = [...opts.keys()].filter((k) => k !== 'pair_delimiter' && k !== 'kv_delimiter');
  if (other.length) return unsupported(n, `parse-kv option ${other.join(', ')}`);
  const pd = opts.get('pair_delimiter') ?? ' ';
  const kv = opts.get('kv_delimiter') ?? '=';
  const src = toStr(lowerExpr(srcNode, scopeOf(input), cx));
  const keys = kids(schema).flatMap((l) => (l.k === 'List' ? kids(l) : [l])).map((d) => nameOf(d));
  const added: NamedExpr[] = keys.map((key) => {
    const sc = n.cols?.find((c) => c.name === key);
    const want = sc ? tyOfSCol(sc, n) : scalar('string');
    // The value is the text after `key<kv>` (white space skipped) up to the next whole pair
    // delimiter, which may be several characters long (`][`).
    const re = `(?:^|${regexEscape(pd)})\\s*${regexEscape(key)}\\s*${regexEscape(kv)}\\s*(.*)`;
    const rest = { k: 'fn' as const, fn: 'extract', args: [lit(str(re), scalar('string')), lit('1', scalar('long')), src], ty: scalar('string') };
    const raw = { k: 'fn' as const, fn: 'split_first', args: [rest, lit(str(pd), scalar('string'))], ty: scalar('string') };
    const trimmed = { k: 'fn' as const, fn: 'trim_ws', args: [raw], ty: scalar('string') };
    const e = want.kql === 'string' ? trimmed : conform({ k: 'fn', fn: 'nonempty_str', args: [trimmed], ty: scalar('string') }, want);
    return { col: cx.col(key, want), e };
  });
  const items = [...input.cols.map((c) => ({ col: cx.col(c.name, c.ty), e: colRef(c) })), ...added];
  return { op: 'select', input, items, cols: items.map((i) => i.col), ord: input.ord };
};
