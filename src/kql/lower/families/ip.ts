/**
 * ip functions: KQL → IR (SQL spellings in sql/families/ip.ts). IPv6 values are 128-bit numbers
 * (DuckDB UHUGEINT); an IPv4 address is its IPv4-mapped IPv6 form (::ffff:a.b.c.d), as Kusto's
 * documented examples compare '192.168.1.1' equal to '::ffff:c0a8:0101'.
 */
import type { Expr, Ty } from '../../ir/types.ts';
import type { SNode } from '../../parse/index.ts';
import { unsupported } from '../context.ts';
import { GEO_IP_TABLE } from '../../sql/families/ip.ts';
import { convert } from '../convert.ts';
import { asScalar, fn, toStr } from '../expr.ts';
import { dyn, scalar } from '../values.ts';
import type { AggHandler, Handler } from './types.ts';

const L = scalar('long');
const STRINGS = dyn({ k: 'list', of: { k: 'scalar', t: 'string' } });

const long = (x: Expr): Expr => convert(x.ty.kql === 'dynamic' ? asScalar(x, L) : x, 'long');

/** The optional prefix argument picks the `_p` spelling. */
const withPrefix = (name: string): Handler => (a, out) =>
  a.length > 2 ? fn(`${name}_p`, [toStr(a[0]), toStr(a[1]), long(a[2])], out) : fn(name, [toStr(a[0]), toStr(a[1])], out);

/** The ranges / addresses after the first argument as one SQL list of strings: several string
 * arguments, or one dynamic array of strings. */
function stringList(rest: Expr[], n: SNode, name: string): Expr {
  if (rest.length === 1 && rest[0].ty.kql === 'dynamic') {
    const s = rest[0].ty.shape;
    if (s.k === 'list' && s.of.k === 'scalar' && s.of.t === 'string') return rest[0];
    return unsupported(n, `${name}() with a dynamic value that is not an array of strings`, 'HB120');
  }
  if (rest.some((x) => x.ty.kql !== 'string')) return unsupported(n, `${name}() with a non-string argument`, 'HB120');
  return fn('pack_array', rest, STRINGS);
}

/** format_ipv4's address: text, or a number in big-endian order. */
function ip4Arg(x: Expr, n: SNode, name: string): Expr {
  if (x.ty.kql === 'string' || x.ty.kql === 'long' || x.ty.kql === 'int') return x;
  if (x.ty.kql === 'dynamic' && x.ty.shape.k === 'scalar' && x.ty.shape.t === 'string') return toStr(x);
  return unsupported(n, `${name}() of a ${x.ty.kql} value`, 'HB120');
}

function typed(e: Expr, out: Ty, n: SNode, name: string): Expr {
  if (out.kql === e.ty.kql) return e;
  if (out.kql === 'long' && e.ty.kql === 'int') return { k: 'cast', e, to: 'BIGINT', try: false, ty: out };
  if (out.kql === 'int' && e.ty.kql === 'long') return fn('long_to_int', [e], out);
  return unsupported(n, `${name}() with a ${out.kql} result`, 'HB120');
}

export const HANDLERS: Record<string, Handler> = {
  parse_ipv6: (a, out) => fn('parse_ipv6', [toStr(a[0])], out),
  parse_ipv6_mask: (a, out) => fn('parse_ipv6_mask', [toStr(a[0]), long(a[1])], out),
  ipv6_compare: withPrefix('ipv6_compare'),
  ipv4_compare: withPrefix('ipv4_compare'),
  ipv4_is_match: withPrefix('ipv4_is_match'),
  ipv6_is_match: withPrefix('ipv6_is_match'),
  ipv6_is_in_range: (a, out) => fn('ipv6_is_in_range', [toStr(a[0]), toStr(a[1])], out),
  ipv6_is_in_any_range: (a, out, n) => fn('ipv6_is_in_any_range', [toStr(a[0]), stringList(a.slice(1), n, 'ipv6_is_in_any_range')], out),
  ipv4_is_in_any_range: (a, out, n) => fn('ipv4_is_in_any_range', [toStr(a[0]), stringList(a.slice(1), n, 'ipv4_is_in_any_range')], out),
  has_ipv4: (a, out, n) => fn('has_any_ipv4', [toStr(a[0]), stringList(a.slice(1), n, 'has_ipv4')], out),
  has_ipv4_prefix: (a, out, n) => fn('has_any_ipv4_prefix', [toStr(a[0]), stringList(a.slice(1), n, 'has_ipv4_prefix')], out),
  has_any_ipv4: (a, out, n) => fn('has_any_ipv4', [toStr(a[0]), stringList(a.slice(1), n, 'has_any_ipv4')], out),
  has_any_ipv4_prefix: (a, out, n) => fn('has_any_ipv4_prefix', [toStr(a[0]), stringList(a.slice(1), n, 'has_any_ipv4_prefix')], out),
  ipv4_netmask_suffix: (a, out, n) => typed(fn('ipv4_netmask_suffix', [toStr(a[0])], scalar('int')), out, n, 'ipv4_netmask_suffix'),
  format_ipv4: (a, out, n) =>
    a.length > 1 ? fn('format_ipv4_p', [ip4Arg(a[0], n, 'format_ipv4'), long(a[1])], out) : fn('format_ipv4', [ip4Arg(a[0], n, 'format_ipv4')], out),
  format_ipv4_mask: (a, out, n) =>
    a.length > 1 ? fn('format_ipv4_mask_p', [ip4Arg(a[0], n, 'format_ipv4_mask'), long(a[1])], out) : fn('format_ipv4_mask', [ip4Arg(a[0], n, 'format_ipv4_mask')], out),
  parse_ipv4_mask: (a, out, n) => typed(fn('parse_ipv4_mask', [toStr(a[0]), long(a[1])], L), out, n, 'parse_ipv4_mask'),
  ipv4_range_to_cidr_list: (a) => fn('ipv4_range_to_cidr_list', [toStr(a[0]), toStr(a[1])], STRINGS),
};

/** The bag geo_info_from_ip_address() returns (its page's fields, in its order). */
const GEO_INFO: Ty = dyn({
  k: 'struct',
  fields: [
    { name: 'country', shape: { k: 'scalar', t: 'string' } },
    { name: 'state', shape: { k: 'scalar', t: 'string' } },
    { name: 'city', shape: { k: 'scalar', t: 'string' } },
    { name: 'latitude', shape: { k: 'scalar', t: 'real' } },
    { name: 'longitude', shape: { k: 'scalar', t: 'real' } },
  ],
});

/**
 * geo_info_from_ip_address(ip): Kusto reads MaxMind's GeoLite2; offline, the answer comes from the
 * dataset's own geo-IP table (lab/geoip.ts), so a dataset without one (and --no-dataset) is refused
 * at compile time, and an address the table lacks is refused for its row (sql/families/ip.ts).
 */
HANDLERS.geo_info_from_ip_address = (a, out, n, _args, _row, cx) => {
  const t = cx.catalog?.tables.find((x) => x.name === GEO_IP_TABLE);
  // the generator's table (a side table with these columns and types), not a user's file of that name
  const need: [string, string][] = [['Network', 'string'], ['Country', 'string'], ['State', 'string'], ['City', 'string'], ['Latitude', 'real'], ['Longitude', 'real']];
  if (t?.kind !== 'side' || !need.every(([c, ty]) => t.columns.some((x) => x.name === c && x.type === ty)))
    return unsupported(
      n,
      `function geo_info_from_ip_address(): Kusto reads a geo-IP location service; offline it answers from the dataset table ${GEO_IP_TABLE}, which ${cx.catalog ? 'this dataset lacks' : 'needs a dataset (there is none)'}`,
      'HB120',
    );
  if (out.kql !== 'dynamic') return unsupported(n, `geo_info_from_ip_address() with a ${out.kql} result`, 'HB120');
  return fn('geo_info_from_ip_address', [toStr(a[0])], GEO_INFO);
};

export const AGGREGATES: Record<string, AggHandler> = {};
