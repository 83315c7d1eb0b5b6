/** ip functions: IR → DuckDB SQL (lowering in lower/families/ip.ts). */
import type { Template } from '../functions.ts';

const ERR = (what: string) => `error('HB162: ${what}')`;

/** Compares two IPv4 texts on their first q bits, q the least of their prefixes and the argument (0..32). */
const ip4Compare = (a: string[]) =>
  `list_transform([least(hb_ipv4_prefix(${a[0]}), hb_ipv4_prefix(${a[1]}), CASE WHEN ${a[2]} BETWEEN 0 AND 32 THEN ${a[2]} ELSE ${ERR('an IPv4 prefix argument outside 0..32 is not supported')} END)],
     q -> CAST(sign(hb_parse_ipv4(${a[0]}) // CAST(pow(2, 32 - q) AS BIGINT) - hb_parse_ipv4(${a[1]}) // CAST(pow(2, 32 - q) AS BIGINT)) AS BIGINT))[1]`;

/** The dataset side table geo_info_from_ip_address() reads (lab/geoip.ts writes it). */
export const GEO_IP_TABLE = 'GeoIpLocations';

/**
 * geo_info_from_ip_address($0): the row of GeoIpLocations whose network holds the address, as the
 * documented bag {country, state, city, latitude, longitude}. A correlated subquery: DuckDB joins
 * the distinct addresses of the rows that reach it to the table's ranges once. Only a dotted-quad
 * IPv4 text is looked up (a leading zero is refused by hb_ip4_quad); anything without a row —
 * private and reserved addresses, IPv6, text that is no address, null — is refused for that row:
 * the page does not say what Kusto returns when it has no data.
 */
const geoInfo = (a: string[]) => {
  const missing = `error(concat('HB162: geo_info_from_ip_address(): no geolocation data is available offline for ''', coalesce(CAST(${a[0]} AS VARCHAR), 'null'), ''': the lab''s geo-IP table ${GEO_IP_TABLE} holds the public addresses of its data only, and what Kusto returns for an address without data (private, reserved, unknown, or not an IPv4 address) is not documented; keep such rows out first, e.g. | where RemoteIPType == "Public" or | where not(ipv4_is_private(RemoteIP))'))`;
  return `(SELECT CASE WHEN count(*) = 1 THEN first({'country': hb_g.c, 'state': hb_g.s, 'city': hb_g.t, 'latitude': hb_g.la, 'longitude': hb_g.lo})
     WHEN count(*) = 0 THEN ${missing}
     ELSE error('HB162: geo_info_from_ip_address(): the address is in several networks of ${GEO_IP_TABLE}') END
   FROM (SELECT "Country" AS c, "State" AS s, "City" AS t, "Latitude" AS la, "Longitude" AS lo, hb_parse_ipv4("Network") AS n0,
           hb_parse_ipv4("Network") + CAST(pow(2, 32 - hb_ipv4_prefix("Network")) AS BIGINT) - 1 AS n1 FROM "${GEO_IP_TABLE}") AS hb_g
   WHERE hb_ip4_quad(${a[0]}) BETWEEN hb_g.n0 AND hb_g.n1)`;
};

export const SQL: Record<string, Template> = {
  geo_info_from_ip_address: geoInfo,
  // IPv6 (and IPv4 seen as IPv6): hb_ip6 reads text into {v: 128-bit value, p: prefix bits}
  parse_ipv6: "coalesce(hb_ip6_text(hb_ip6_masked(hb_ip6($0), 128)), '')",
  parse_ipv6_mask: `coalesce(hb_ip6_text(hb_ip6_masked(hb_ip6($0), CASE WHEN $1 BETWEEN 0 AND 128 THEN $1 ELSE ${ERR('parse_ipv6_mask() prefix outside 0..128 is not supported')} END)), '')`,
  ipv6_compare: 'hb_ip6_cmp(hb_ip6($0), hb_ip6($1), 128)',
  ipv6_compare_p: `hb_ip6_cmp(hb_ip6($0), hb_ip6($1), CASE WHEN $2 BETWEEN 0 AND 128 THEN $2 ELSE ${ERR('ipv6 prefix argument outside 0..128 is not supported')} END)`,
  ipv6_is_match: '(hb_ip6_cmp(hb_ip6($0), hb_ip6($1), 128) = 0)',
  ipv6_is_match_p: `(hb_ip6_cmp(hb_ip6($0), hb_ip6($1), CASE WHEN $2 BETWEEN 0 AND 128 THEN $2 ELSE ${ERR('ipv6 prefix argument outside 0..128 is not supported')} END) = 0)`,
  ipv6_is_in_range: 'hb_ip6_in(hb_ip6_addr($0), hb_ip6($1))',
  // $0 the address, $1 a list of range texts
  ipv6_is_in_any_range: (a) =>
    `list_transform([hb_ip6_addr(${a[0]})], x -> CASE WHEN x IS NULL THEN NULL
       ELSE list_bool_or(list_transform(${a[1]}, r -> coalesce(hb_ip6_in(x, hb_ip6(r)), ${ERR('ipv6_is_in_any_range() with a range that is not an IP range is not supported')}))) END)[1]`,
  ipv4_is_in_any_range: (a) =>
    `list_transform([${a[0]}], x -> CASE WHEN hb_parse_ipv4(x) IS NULL THEN NULL
       ELSE list_bool_or(list_transform(${a[1]}, r -> coalesce(hb_ipv4_in_range(x, r), ${ERR('ipv4_is_in_any_range() with a range that is not an IPv4 range is not supported')}))) END)[1]`,
  // has_ipv4 family: $0 the text, $1 a list of addresses (or prefixes)
  has_any_ipv4: 'hb_has_ipv4($0, $1, false)',
  has_any_ipv4_prefix: 'hb_has_ipv4($0, $1, true)',
  ipv4_netmask_suffix: `CASE WHEN hb_parse_ipv4($0) IS NULL THEN NULL WHEN hb_ipv4_prefix($0) BETWEEN 0 AND 32 THEN CAST(hb_ipv4_prefix($0) AS INTEGER) ELSE ${ERR('an IPv4 prefix outside 0..32 is not supported')} END`,
  // documented: a prefix of -1 gives an empty string; the address's own prefix also applies
  format_ipv4: "coalesce(hb_ip4_text(hb_ip4_masked($0, 32)), '')",
  format_ipv4_p: "coalesce(hb_ip4_text(hb_ip4_masked($0, $1)), '')",
  format_ipv4_mask: "coalesce(hb_ip4_text(hb_ip4_masked($0, 32)) || '/' || CAST(least(hb_ip4_pre($0), 32) AS VARCHAR), '')",
  format_ipv4_mask_p: "coalesce(hb_ip4_text(hb_ip4_masked($0, $1)) || '/' || CAST(least(hb_ip4_pre($0), $1) AS VARCHAR), '')",
  parse_ipv4_mask: 'hb_ip4_masked($0, $1)',
  // ipv4_compare / ipv4_is_match with a prefix argument: the fewest bits of the three prefixes (documented)
  ipv4_compare_p: (a) => ip4Compare(a),
  ipv4_is_match_p: (a) => `(${ip4Compare(a)} = 0)`,
  ipv4_range_to_cidr_list: 'hb_ip4_cidrs($0, $1)',
};

/** SQL macros these templates call, created on every engine connection. */
export const MACROS: string[] = [
  // An IPv4 dotted quad → its 32-bit number (no prefix allowed), NULL when not one. An octet with
  // a leading zero is refused: Kusto's reading of it (decimal or octal) is not documented.
  String.raw`CREATE OR REPLACE MACRO hb_ip4_quad(q) AS (
     CASE WHEN regexp_full_match(q, '\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}') THEN
       CASE WHEN regexp_matches(q, '(^|\.)0\d') THEN ${ERR('an IPv4 octet with a leading zero is not supported')}
            WHEN list_bool_and(list_transform(string_split(q, '.'), x -> CAST(x AS INTEGER) <= 255))
            THEN list_reduce(list_transform(string_split(q, '.'), x -> CAST(x AS BIGINT)), (acc, b) -> acc * 256 + b) END END)`,
  // IPv6 text (hex groups with at most one '::') → 128-bit value, NULL when not one.
  `CREATE OR REPLACE MACRO hb_ip6_hex(a) AS list_transform([a], x ->
     CASE WHEN regexp_full_match(x, '[0-9A-Fa-f:]+') AND NOT contains(x, ':::')
               AND length(x) - length(replace(x, '::', '')) <= 2 THEN
       list_transform([CASE WHEN contains(x, '::') THEN
           list_concat(CASE WHEN split_part(x, '::', 1) = '' THEN [] ELSE string_split(split_part(x, '::', 1), ':') END,
                       ['-'],
                       CASE WHEN split_part(x, '::', 2) = '' THEN [] ELSE string_split(split_part(x, '::', 2), ':') END)
         ELSE string_split(x, ':') END], g ->
         CASE WHEN list_bool_and(list_transform(g, w -> w = '-' OR regexp_full_match(w, '[0-9A-Fa-f]{1,4}')))
                   AND ((NOT list_contains(g, '-') AND len(g) = 8) OR (list_contains(g, '-') AND len(g) <= 8))
           THEN list_reduce(list_concat([CAST(0 AS UHUGEINT)], flatten(list_transform(g, w ->
                  CASE WHEN w = '-' THEN list_transform(range(9 - len(g)), z -> CAST(0 AS UHUGEINT))
                       ELSE [CAST(CAST(concat('0x', w) AS INTEGER) AS UHUGEINT)] END))),
                  (acc, w) -> acc * 65536 + w) END)[1] END)[1]`,
  // IPv6 or IPv4 text with an optional /prefix → {v, p}: v the 128-bit value (IPv4 as ::ffff:a.b.c.d),
  // p the prefix in IPv6 bits (an IPv4 prefix counts 96 more, as documented for '::192.168.255.255/24').
  // NULL when the text is not an address. Forms whose reading is not documented are refused.
  String.raw`CREATE OR REPLACE MACRO hb_ip6(s) AS list_transform([s], t -> list_transform([split_part(t, '/', 1)], a ->
     CASE WHEN regexp_full_match(t, '\s*[0-9A-Fa-f:.]+(%[^/]*)?(/\d+)?\s*') AND regexp_matches(t, '[%\s]') THEN ${ERR('an IP address with a zone or white space is not supported')}
          WHEN length(t) - length(replace(t, '/', '')) > 1 OR (contains(t, '/') AND NOT regexp_full_match(split_part(t, '/', 2), '\d{1,3}')) THEN NULL
          WHEN contains(a, '.') THEN
            CASE WHEN regexp_full_match(a, '(?:::)?\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}') THEN
                   CASE WHEN hb_ip4_quad(regexp_replace(a, '^::', '')) IS NULL THEN NULL
                        WHEN contains(t, '/') AND CAST(split_part(t, '/', 2) AS INTEGER) > 32 THEN ${ERR('an IPv4 prefix above 32 is not supported')}
                        ELSE {'v': CAST(281470681743360 + hb_ip4_quad(regexp_replace(a, '^::', '')) AS UHUGEINT),
                              'p': CASE WHEN contains(t, '/') THEN 96 + CAST(split_part(t, '/', 2) AS INTEGER) ELSE 128 END} END
                 WHEN regexp_full_match(a, '(?i)::ffff:\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}') AND NOT contains(t, '/') THEN
                   CASE WHEN hb_ip4_quad(substr(a, 8)) IS NOT NULL THEN {'v': CAST(281470681743360 + hb_ip4_quad(substr(a, 8)) AS UHUGEINT), 'p': 128} END
                 WHEN regexp_full_match(a, '[0-9A-Fa-f:]*:\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}') THEN ${ERR('this IPv6 form with an embedded IPv4 address is not supported')}
            END
          WHEN hb_ip6_hex(a) IS NULL THEN NULL
          WHEN contains(t, '/') AND CAST(split_part(t, '/', 2) AS INTEGER) > 128 THEN ${ERR('an IPv6 prefix above 128 is not supported')}
          ELSE {'v': CAST(hb_ip6_hex(a) AS UHUGEINT), 'p': CASE WHEN contains(t, '/') THEN CAST(split_part(t, '/', 2) AS INTEGER) ELSE 128 END}
     END)[1])[1]`,
  // An address (no prefix of its own: whether it would narrow the range is not documented).
  `CREATE OR REPLACE MACRO hb_ip6_addr(s) AS (CASE WHEN contains(s, '/') AND hb_ip6(s) IS NOT NULL
     THEN ${ERR('an address with a prefix as the first argument of ipv6_is_in_range is not supported')} ELSE hb_ip6(s) END)`,
  // The value with all but the first p bits cleared (p is the least of the text's and the argument's).
  // (DuckDB-WASM has no shifts on UHUGEINT: a power of two as a DOUBLE is exact, and so is its cast)
  `CREATE OR REPLACE MACRO hb_ip6_bits(v, p) AS (CASE WHEN p <= 0 THEN CAST(0 AS UHUGEINT)
     ELSE (v // CAST(pow(2, 128 - p) AS UHUGEINT)) * CAST(pow(2, 128 - p) AS UHUGEINT) END)`,
  `CREATE OR REPLACE MACRO hb_ip6_masked(ip, p) AS (CASE WHEN ip IS NOT NULL THEN hb_ip6_bits(ip.v, least(ip.p, p)) END)`,
  `CREATE OR REPLACE MACRO hb_ip6_text(v) AS (CASE WHEN v IS NOT NULL THEN
     array_to_string(list_transform(range(8), i -> substr(lpad(lower(to_hex(v)), 32, '0'), i * 4 + 1, 4)), ':') END)`,
  `CREATE OR REPLACE MACRO hb_ip6_cmp(x, y, p) AS (CASE WHEN x IS NOT NULL AND y IS NOT NULL THEN
     list_transform([least(x.p, y.p, p)], q -> CAST(CASE WHEN hb_ip6_bits(x.v, q) < hb_ip6_bits(y.v, q) THEN -1
                                                        WHEN hb_ip6_bits(x.v, q) > hb_ip6_bits(y.v, q) THEN 1 ELSE 0 END AS BIGINT))[1] END)`,
  `CREATE OR REPLACE MACRO hb_ip6_in(x, r) AS (CASE WHEN x IS NOT NULL AND r IS NOT NULL THEN hb_ip6_bits(x.v, r.p) = hb_ip6_bits(r.v, r.p) END)`,
  // IPv4 for format_ipv4*/parse_ipv4_mask: text (a dotted quad with an optional /prefix) or a number.
  String.raw`CREATE OR REPLACE MACRO hb_ip4_pre(s) AS (CASE WHEN contains(CAST(s AS VARCHAR), '/') THEN
     CASE WHEN regexp_full_match(split_part(CAST(s AS VARCHAR), '/', 2), '\d{1,2}') AND CAST(split_part(CAST(s AS VARCHAR), '/', 2) AS INTEGER) <= 32
          THEN CAST(split_part(CAST(s AS VARCHAR), '/', 2) AS INTEGER) END ELSE 32 END)`,
  String.raw`CREATE OR REPLACE MACRO hb_ip4_val(s) AS (
     CASE WHEN regexp_full_match(CAST(s AS VARCHAR), '-?\d+') THEN
            CASE WHEN TRY_CAST(CAST(s AS VARCHAR) AS BIGINT) BETWEEN 0 AND 4294967295 THEN TRY_CAST(CAST(s AS VARCHAR) AS BIGINT)
                 ELSE ${ERR('an IPv4 number outside 0..4294967295 is not supported')} END
          WHEN contains(CAST(s AS VARCHAR), '/') AND hb_ip4_pre(s) IS NULL THEN NULL
          ELSE hb_ip4_quad(split_part(CAST(s AS VARCHAR), '/', 1)) END)`,
  `CREATE OR REPLACE MACRO hb_ip4_masked(s, p) AS (
     CASE WHEN p < 0 THEN NULL WHEN p > 32 THEN ${ERR('an IPv4 prefix above 32 is not supported')}
          ELSE list_transform([s], t -> list_transform([CAST(pow(2, 32 - least(hb_ip4_pre(t), p)) AS BIGINT)], w ->
                 (hb_ip4_val(t) // w) * w)[1])[1] END)`,
  `CREATE OR REPLACE MACRO hb_ip4_text(n) AS list_transform([n], m -> CASE WHEN m IS NOT NULL THEN
     concat(m // 16777216, '.', (m // 65536) % 256, '.', (m // 256) % 256, '.', m % 256) END)[1]`,
  // The text's properly delimited IPv4 addresses: runs of letters, digits and dots between other
  // characters, kept when they are a dotted quad. A run with more parts that holds a quad (such as
  // '1.2.3.4.5' or a sentence's final '10.1.1.1.') is refused: how Kusto delimits it is not documented.
  String.raw`CREATE OR REPLACE MACRO hb_text_ipv4s(t) AS list_transform(
     list_filter(regexp_split_to_array(t, '[^0-9A-Za-z.]+'), w -> regexp_matches(w, '\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}')), w ->
       CASE WHEN regexp_full_match(w, '\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}') THEN
              CASE WHEN regexp_matches(w, '(^|\.)0\d') THEN ${ERR('has_ipv4(): an IPv4 address with a leading-zero octet in the text is not supported')}
                   WHEN hb_ip4_quad(w) IS NOT NULL THEN w END
            WHEN regexp_matches(w, '(^|[.])\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}($|[.])') THEN ${ERR('has_ipv4(): an address run with more than four dotted parts is not supported')}
       END)`,
  // A valid needle: a whole address, or (prefixes) one to three whole octets each followed by a dot.
  String.raw`CREATE OR REPLACE MACRO hb_ipv4_needle(n, prefix) AS (
     CASE WHEN regexp_full_match(n, '\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}') THEN hb_ip4_quad(n) IS NOT NULL
          WHEN prefix AND regexp_full_match(n, '(\d{1,3}\.){1,3}') THEN
            CASE WHEN regexp_matches(n, '(^|\.)0\d') THEN ${ERR('has_ipv4_prefix(): a prefix octet with a leading zero is not supported')}
                 ELSE list_bool_and(list_transform(list_filter(string_split(n, '.'), x -> x <> ''), x -> CAST(x AS INTEGER) <= 255)) END
          ELSE false END)`,
  `CREATE OR REPLACE MACRO hb_has_ipv4(t, needles, prefix) AS list_transform([hb_text_ipv4s(t)], found ->
     coalesce(list_bool_or(list_transform(list_filter(needles, n -> hb_ipv4_needle(n, prefix)), n ->
       list_bool_or(list_transform(found, f -> f IS NOT NULL AND (f = n OR (prefix AND suffix(n, '.') AND starts_with(f, n))))))), false))[1]`,
  // ipv4_range_to_cidr_list(start, end): the fewest CIDR blocks covering start..end, in order. At
  // each prefix length p at most two blocks belong to the cover (the first aligned block at or
  // after start and the last one ending at or before end), each only if its parent does not fit.
  `CREATE OR REPLACE MACRO hb_ip4_cidrs(a, b) AS list_transform([[hb_ip4_quad(a), hb_ip4_quad(b)]], se ->
     CASE WHEN a LIKE '%/%' OR b LIKE '%/%' THEN ${ERR('ipv4_range_to_cidr_list() of addresses with a prefix is not supported')}
          WHEN se[1] IS NULL OR se[2] IS NULL THEN ${ERR('ipv4_range_to_cidr_list() of text that is not an IPv4 address is not supported')}
          WHEN se[1] > se[2] THEN ${ERR('ipv4_range_to_cidr_list() with a start after the end is not supported')}
          ELSE list_transform(list_sort(list_distinct(flatten(list_transform(range(33), p -> list_transform([CAST(pow(2, 32 - p) AS BIGINT)], size ->
            list_filter([((se[1] + size - 1) // size) * size, ((se[2] + 1) // size) * size - size], blk ->
              blk >= se[1] AND blk + size - 1 <= se[2]
              AND (p = 0 OR NOT ((blk // (2 * size)) * (2 * size) >= se[1] AND (blk // (2 * size)) * (2 * size) + 2 * size - 1 <= se[2]))))[1]
            .list_transform(blk -> [blk, p]))))), x -> concat(hb_ip4_text(x[1]), '/', x[2])) END)[1]`,
];
