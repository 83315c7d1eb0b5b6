/** strings, encodings and hashes: IR → DuckDB SQL (lowering in lower/families/strings.ts). */
import type { Template } from '../functions.ts';
import { has } from '../terms.ts';

/** A row value whose Kusto answer is not documented: refused while the query runs (HB162). */
const refuse = (what: string) => `error('HB162: unsupported: ${what.replace(/'/g, "''")} (Kusto''s answer is not documented)')`;

/** Characters outside the Basic Multilingual Plane: Kusto counts them as two UTF-16 units. */
const NON_BMP = String.raw`'[\x{10000}-\x{10FFFF}]'`;

/** Characters both RE2's QuoteMeta and .NET's Regex.Escape leave alone or escape with one backslash. */
const QUOTE_SAFE = String.raw`'[A-Za-z0-9_\x{80}-\x{10FFFF}\\*+?|{\[()^$.# ]*'`;
const QUOTE_META = String.raw`'([\\*+?|{\[()^$.# ])'`;

/** The first CSV record (group 1): quoted or plain fields separated by commas, up to a line end. */
const CSV_FIELD_RE = '(?:"(?:[^"]|"")*"|[^,"\\r\\n]*)';
const CSV_RECORD = `'^(${CSV_FIELD_RE}(?:,${CSV_FIELD_RE})*)(?:\\r?\\n|$)'`;
/** One field and the comma after it (a comma is appended to the record, so no match is empty). */
const CSV_FIELD = `'("(?:[^"]|"")*"|[^,"]*),'`;

/** punycode_to_string of $0: the decoding, refused unless $0 is the canonical Punycode of non-ASCII BMP text. */
const PUNY_DECODE = `list_transform([CASE WHEN regexp_full_match($0, '[A-Za-z0-9-]+') THEN hb_puny_decode($0) END], hb_st -> CASE
      WHEN hb_st IS NULL OR hb_st.i IS NULL OR hb_st.w <> 1 OR hb_st.k <> 36
        OR NOT coalesce(list_bool_and(list_transform(hb_st.o, hb_c -> hb_c BETWEEN 1 AND 65535 AND NOT hb_c BETWEEN 55296 AND 57343)), false)
        OR NOT coalesce(list_bool_or(list_transform(hb_st.o, hb_c -> hb_c >= 128)), false)
        OR hb_puny_encode(hb_st.o) <> $0
        THEN ${refuse('punycode_to_string() of text that is not the canonical Punycode of non-ASCII BMP text')}
      ELSE array_to_string(list_transform(hb_st.o, hb_c -> chr(CAST(hb_c AS INTEGER))), '') END)[1]`;

export const SQL: Record<string, Template> = {
  parse_version: 'hb_parse_version($0)',
  // translate(searchList, replacementList, source): a shorter replacement list repeats its last
  // character (translate("abc", "x", "abc") is "xxx"), an empty one deletes (documented).
  translate: `CASE WHEN $0 = '' THEN $2
    WHEN regexp_matches(concat($0, $1), ${NON_BMP}) OR len(list_distinct(string_split($0, ''))) <> length($0) THEN ${refuse('translate() with repeated or non-BMP characters in its lists')}
    ELSE translate($2, $0, CASE WHEN $1 = '' THEN '' ELSE rpad($1, CAST(greatest(length($0), length($1)) AS INTEGER), right($1, 1)) END) END`,
  // repeat(value, count): count < 0 is null, 0 an empty array (documented)
  repeat_value: `CASE WHEN $1 IS NULL OR $0 IS NULL THEN ${refuse('repeat() of a null value or count')} WHEN $1 < 0 THEN NULL ELSE repeat([$0], $1) END`,
  regex_quote: `CASE WHEN regexp_full_match($0, ${QUOTE_SAFE}) THEN regexp_replace($0, ${QUOTE_META}, '\\\\\\1', 'g') ELSE ${refuse('regex_quote() of characters other than letters, digits, _ and regex operators')} END`,
  isascii: String.raw`CASE WHEN $0 = '' THEN ${refuse('isascii() of an empty string')} ELSE regexp_full_match($0, '[\x00-\x7F]*') END`,
  // A DuckDB string is always valid UTF-8.
  isutf8: `CASE WHEN $0 = '' THEN ${refuse('isutf8() of an empty string')} ELSE true END`,
  ucp_from_string: `CASE WHEN $0 = '' OR regexp_matches($0, ${NON_BMP}) THEN ${refuse('unicode_codepoints_from_string() of an empty string or characters outside the BMP')}
    ELSE list_transform(string_split($0, ''), hb_c -> CAST(unicode(hb_c) AS BIGINT)) END`,
  ucp_one: '[CAST($0 AS BIGINT)]',
  ucp_many: 'CASE WHEN $0 IS NULL THEN [NULL::BIGINT] ELSE CAST($0 AS BIGINT[]) END',
  ucp_to_string: (a) => `hb_ucp_text(${a.reduce((x, y) => `list_concat(${x}, ${y})`)})`,
  xxh64_str: `hb_xxh64_signed(CASE WHEN $0 = '' THEN ${refuse('hash() of an empty string')} ELSE hb_xxh64_hex(hex(encode($0))) END)`,
  xxh64_dt: `hb_xxh64_signed(CASE WHEN $0 IS NULL THEN ${refuse('hash() of a null datetime')} ELSE hb_xxh64_hex(hb_le64_hex(CAST((epoch_us($0) + 62135596800000000) * 10 AS UBIGINT))) END)`,
  // hash(x, mod): documented as the remainder of the hash divided by mod, a value between 0 and
  // mod - 1. For a negative hash, which remainder Kusto takes (of the signed or of the unsigned
  // 64-bit value) is not documented, except when mod is a power of two: 2^64 is then a multiple of
  // mod, so both are the hash's low bits (hash & (mod - 1)).
  xxh64_mod: `list_transform([$0], hb_h -> CASE WHEN $1 IS NULL OR $1 <= 0 THEN ${refuse('hash() modulo of a modulus below 1')}
    WHEN hb_h < 0 AND ($1 & ($1 - 1)) = 0 THEN hb_h & ($1 - 1)
    WHEN hb_h < 0 THEN ${refuse('hash() modulo of a negative hash by a modulus that is not a power of two')} ELSE hb_h % $1 END)[1]`,
  indexof_regex: 'hb_indexof_regex($0, $1, $2, $3, $4)',
  // replace_strings(text, l1, r1, l2, r2 …): each lookup in array order is replaced by a private
  // character (U+E001 …), so later lookups never match inside earlier rewrites (documented);
  // the rewrites go in at the end.
  replace_strings: (a) => {
    const pairs = (a.length - 1) / 2;
    let s = a[0];
    for (let i = 0; i < pairs; i++) s = `replace(${s}, ${a[1 + 2 * i]}, chr(${0xe001 + i}))`;
    for (let i = 0; i < pairs; i++) s = `replace(${s}, chr(${0xe001 + i}), ${a[2 + 2 * i]})`;
    return `CASE WHEN regexp_matches(${a[0]}, '[\\x{E000}-\\x{E0FF}]') THEN ${refuse('replace_strings() of text holding private-use characters U+E000..U+E0FF')} ELSE ${s} END`;
  },
  // has_any_index(source, values): the position of the first value that is a term of source
  has_any_index: (a) =>
    `CASE WHEN ${a[1]} IS NULL THEN ${refuse('has_any_index() of a null array')} ELSE CAST(coalesce(list_position(list_transform(${a[1]}, hb_t -> ${has([a[0], 'CAST(hb_t AS VARCHAR)'])}), true), 0) - 1 AS BIGINT) END`,
  format_bytes: 'hb_format_bytes($0, $1, $2)',
  // Punycode (RFC 3492). Refused: text without non-ASCII characters (is the "abc-" form kept?),
  // characters outside the BMP, and encoded text that is not the canonical encoding of its decoding.
  punycode_from_string: `CASE WHEN NOT regexp_matches($0, '[^\\x00-\\x7F]') OR regexp_matches($0, ${NON_BMP}) THEN ${refuse('punycode_from_string() of ASCII-only text or characters outside the BMP')}
    ELSE hb_puny_encode(list_transform(string_split($0, ''), hb_c -> CAST(unicode(hb_c) AS BIGINT))) END`,
  punycode_to_string: PUNY_DECODE,
  // punycode_domain_from_string (decoding, despite the name): each '.'-separated label that starts
  // with xn-- decoded as punycode_to_string does, other ASCII labels kept (the page's examples keep
  // upper case: no IDNA mapping). Non-ASCII input and other spellings of the xn-- prefix are refused.
  punycode_domain_from_string: (a) => `CASE WHEN regexp_matches(${a[0]}, '[^\\x00-\\x7F]') OR regexp_matches(${a[0]}, '(^|[.])(XN|Xn|xN)--')
      THEN ${refuse('punycode_domain_from_string() of non-ASCII text or an upper-case XN-- prefix')}
    ELSE array_to_string(list_transform(string_split(${a[0]}, '.'), pd_l -> CASE WHEN starts_with(pd_l, 'xn--')
      THEN ${PUNY_DECODE.replaceAll('$0', 'substr(pd_l, 5)')} ELSE pd_l END), '.') END`,
  // punycode_domain_to_string (encoding): labels split at the IDNA full stops (. 。 ． ｡) and joined
  // with '.', each label holding non-ASCII characters encoded as xn-- + punycode_from_string.
  punycode_domain_to_string: (a) => `CASE WHEN regexp_matches(${a[0]}, ${NON_BMP}) THEN ${refuse('punycode_domain_to_string() of characters outside the BMP')}
    ELSE array_to_string(list_transform(regexp_split_to_array(${a[0]}, '[.\\x{3002}\\x{FF0E}\\x{FF61}]'), pe_l -> CASE WHEN regexp_matches(pe_l, '[^\\x00-\\x7F]')
      THEN concat('xn--', hb_puny_encode(list_transform(string_split(pe_l, ''), pe_c -> CAST(unicode(pe_c) AS BIGINT)))) ELSE pe_l END), '.') END`,
  // parse_csv(text): the fields of the first record (RFC 4180 quoting, "" inside quotes); text
  // that is not CSV of that form, and an empty first record, are refused.
  parse_csv: `CASE WHEN NOT regexp_matches($0, ${CSV_RECORD}) OR regexp_extract($0, ${CSV_RECORD}, 1) = '' THEN ${refuse('parse_csv() of text that is not a well-formed record, or an empty record')}
    ELSE list_transform(regexp_extract_all(concat(regexp_extract($0, ${CSV_RECORD}, 1), ','), ${CSV_FIELD}, 1), hb_f -> CASE WHEN hb_f[1] = '"' THEN replace(hb_f[2:-2], '""', '"') ELSE hb_f END) END`,
  // parse_urlquery(query): the query part read as parse_url() reads it
  parse_urlquery: "{'Query Parameters': hb_url_query_map($0)}",
  base64_encode_fromguid: `CASE WHEN $0 IS NULL THEN ${refuse('base64_encode_fromguid() of a null guid')} ELSE to_base64(unhex(hb_guid_bytes_hex($0))) END`,
  base64_decode_toarray: `list_transform([TRY(from_base64($0))], hb_b -> CASE WHEN hb_b IS NULL OR octet_length(hb_b) = 0 THEN ${refuse('base64_decode_toarray() of an empty or invalid base64 string')}
    ELSE list_transform(range(octet_length(hb_b)), hb_i -> CAST(concat('0x', substr(hex(hb_b), 2 * hb_i + 1, 2)) AS BIGINT)) END)[1]`,
  base64_encode_fromarray: `CASE WHEN $0 IS NULL OR NOT coalesce(list_bool_and(list_transform($0, hb_x -> hb_x BETWEEN 0 AND 255)), true) THEN ${refuse('base64_encode_fromarray() of a null array or values outside 0..255')}
    ELSE to_base64(unhex(array_to_string(list_transform($0, hb_x -> lpad(hex(CAST(hb_x AS BIGINT)), 2, '0')), ''))) END`,
};

/**
 * xxHash64 (seed 0), exactly as specified (github.com/Cyan4973/xxHash, doc/xxhash_spec.md), in
 * core SQL: 64-bit lanes are UBIGINT, products are taken in UHUGEINT (which holds any product of
 * two 64-bit values) modulo 2^64. The input is the hex text of its bytes; lanes are read little
 * endian. The stripe accumulators and the tail are folded with list_reduce. Lambda parameters are
 * named hb_* so that they cannot capture a column of the argument expression.
 */
const XXH64 = [
  'CREATE OR REPLACE MACRO hb_u64(x) AS CAST(CAST(x AS UHUGEINT) % 18446744073709551616::UHUGEINT AS UBIGINT)',
  'CREATE OR REPLACE MACRO hb_mul64(a, b) AS hb_u64(CAST(a AS UHUGEINT) * CAST(b AS UHUGEINT))',
  'CREATE OR REPLACE MACRO hb_add64(a, b) AS hb_u64(CAST(a AS UHUGEINT) + CAST(b AS UHUGEINT))',
  'CREATE OR REPLACE MACRO hb_rotl64(x, r) AS (((x % (1::UBIGINT << (64 - r))) << r) | (x >> (64 - r)))',
  // round(acc, lane) = rotl(acc + lane * P2, 31) * P1
  'CREATE OR REPLACE MACRO hb_xxr(acc, lane) AS hb_mul64(hb_rotl64(hb_add64(acc, hb_mul64(lane, 14029467366897019727::UBIGINT)), 31), 11400714785074694791::UBIGINT)',
  // merge(acc, v) = (acc ^ round(0, v)) * P1 + P4
  'CREATE OR REPLACE MACRO hb_xxmerge(acc, v) AS hb_add64(hb_mul64(xor(acc, hb_xxr(0::UBIGINT, v)), 11400714785074694791::UBIGINT), 9650029242287828579::UBIGINT)',
  // w bytes at byte offset o of hex text h, little endian
  `CREATE OR REPLACE MACRO hb_le_hex(h, o, w) AS CAST(concat('0x', array_to_string(list_transform(range(w - 1, -1, -1), hb_b -> substr(h, 2 * (o + hb_b) + 1, 2)), '')) AS UBIGINT)`,
  // the 8 bytes of a 64-bit value, little endian, as hex text
  `CREATE OR REPLACE MACRO hb_le64_hex(v) AS array_to_string(list_transform(range(8), hb_k -> lpad(hex((v >> (8 * hb_k)) & 255::UBIGINT), 2, '0')), '')`,
  // inputs of 32 bytes or more: four accumulators over 32-byte stripes, then merged
  `CREATE OR REPLACE MACRO hb_xxh64_stripes(h, n) AS list_transform([{
      v1: list_reduce(list_transform(range(n // 32), hb_s -> hb_le_hex(h, 32 * hb_s, 8)), (hb_a, hb_x) -> hb_xxr(hb_a, hb_x), 6983438078262162902::UBIGINT),
      v2: list_reduce(list_transform(range(n // 32), hb_s -> hb_le_hex(h, 32 * hb_s + 8, 8)), (hb_a, hb_x) -> hb_xxr(hb_a, hb_x), 14029467366897019727::UBIGINT),
      v3: list_reduce(list_transform(range(n // 32), hb_s -> hb_le_hex(h, 32 * hb_s + 16, 8)), (hb_a, hb_x) -> hb_xxr(hb_a, hb_x), 0::UBIGINT),
      v4: list_reduce(list_transform(range(n // 32), hb_s -> hb_le_hex(h, 32 * hb_s + 24, 8)), (hb_a, hb_x) -> hb_xxr(hb_a, hb_x), 7046029288634856825::UBIGINT)}],
    hb_v -> hb_xxmerge(hb_xxmerge(hb_xxmerge(hb_xxmerge(hb_add64(hb_add64(hb_add64(hb_rotl64(hb_v.v1, 1), hb_rotl64(hb_v.v2, 7)), hb_rotl64(hb_v.v3, 12)), hb_rotl64(hb_v.v4, 18)), hb_v.v1), hb_v.v2), hb_v.v3), hb_v.v4))[1]`,
  // the tail (8-byte lanes, one 4-byte lane, single bytes) and the final avalanche as one fold:
  // k = lane width, 2 = multiply by v, 33/29/32 = xor with the value shifted right by k
  `CREATE OR REPLACE MACRO hb_xxh64_hex(h) AS list_reduce(
    list_concat(list_concat(list_concat(
      list_transform(range(((length(h) // 2) % 32) // 8), hb_i -> {k: 8, v: hb_le_hex(h, (length(h) // 2) // 32 * 32 + 8 * hb_i, 8)}),
      list_transform(range(((length(h) // 2) % 8) // 4), hb_i -> {k: 4, v: hb_le_hex(h, (length(h) // 2) // 8 * 8, 4)})),
      list_transform(range((length(h) // 2) % 4), hb_i -> {k: 1, v: hb_le_hex(h, (length(h) // 2) // 4 * 4 + hb_i, 1)})),
      [{k: 33, v: 0::UBIGINT}, {k: 2, v: 14029467366897019727::UBIGINT}, {k: 29, v: 0::UBIGINT}, {k: 2, v: 1609587929392839161::UBIGINT}, {k: 32, v: 0::UBIGINT}]),
    (hb_a, hb_x) -> {k: 0, v: CASE hb_x.k
      WHEN 8 THEN hb_add64(hb_mul64(hb_rotl64(xor(hb_a.v, hb_xxr(0::UBIGINT, hb_x.v)), 27), 11400714785074694791::UBIGINT), 9650029242287828579::UBIGINT)
      WHEN 4 THEN hb_add64(hb_mul64(hb_rotl64(xor(hb_a.v, hb_mul64(hb_x.v, 11400714785074694791::UBIGINT)), 23), 14029467366897019727::UBIGINT), 1609587929392839161::UBIGINT)
      WHEN 1 THEN hb_mul64(hb_rotl64(xor(hb_a.v, hb_mul64(hb_x.v, 2870177450012600261::UBIGINT)), 11), 11400714785074694791::UBIGINT)
      WHEN 2 THEN hb_mul64(hb_a.v, hb_x.v)
      ELSE xor(hb_a.v, hb_a.v >> hb_x.k) END},
    {k: 0, v: hb_add64(CASE WHEN length(h) >= 64 THEN hb_xxh64_stripes(h, length(h) // 2) ELSE 2870177450012600261::UBIGINT END, length(h) // 2)}).v`,
  // Kusto's hash is a long: the 64 bits read as two's complement
  'CREATE OR REPLACE MACRO hb_xxh64_signed(u) AS CAST(CASE WHEN u >= 9223372036854775808::UBIGINT THEN CAST(u AS HUGEINT) - 18446744073709551616 ELSE CAST(u AS HUGEINT) END AS BIGINT)',
];

/** Punycode (RFC 3492, section 6): the encoder folds over (code point m, input character)
 * events in ascending m; the decoder over the digits after the last '-'. */
const PUNYCODE = [
  `CREATE OR REPLACE MACRO hb_puny_digit(d) AS chr(CAST(CASE WHEN d < 26 THEN 97 + d ELSE 22 + d END AS INTEGER))`,
  `CREATE OR REPLACE MACRO hb_puny_adapt(delta, np, first) AS list_transform([list_reduce(
    list_transform(range(8), hb_i -> {d: 0::BIGINT, k: 0::BIGINT}),
    (hb_s, hb_e) -> CASE WHEN hb_s.d > 455 THEN {d: hb_s.d // 35, k: hb_s.k + 36} ELSE hb_s END,
    list_transform([CASE WHEN first THEN delta // 700 ELSE delta // 2 END], hb_x -> {d: hb_x + hb_x // np, k: 0::BIGINT})[1])],
  hb_r -> hb_r.k + (36 * hb_r.d) // (hb_r.d + 38))[1]`,
  `CREATE OR REPLACE MACRO hb_puny_digits(q, bias) AS list_reduce(
    list_transform(range(1, 14), hb_j -> {q: 0::BIGINT, o: '', done: false, k: hb_j * 36}),
    (hb_s, hb_e) -> CASE WHEN hb_s.done THEN hb_s ELSE list_transform([least(greatest(hb_e.k - bias, 1), 26)], hb_t -> CASE
      WHEN hb_s.q < hb_t THEN {q: hb_s.q, o: concat(hb_s.o, hb_puny_digit(hb_s.q)), done: true, k: hb_e.k}
      ELSE {q: (hb_s.q - hb_t) // (36 - hb_t), o: concat(hb_s.o, hb_puny_digit(hb_t + (hb_s.q - hb_t) % (36 - hb_t))), done: false, k: hb_e.k} END)[1] END,
    {q: CAST(q AS BIGINT), o: '', done: false, k: 0::BIGINT})`,
  `CREATE OR REPLACE MACRO hb_puny_step(hb_st, hb_ev, b) AS list_transform([{
      n: CASE WHEN hb_ev.first THEN hb_ev.m ELSE hb_st.n END,
      delta: CASE WHEN hb_ev.first THEN hb_st.delta + (hb_ev.m - hb_st.n) * (hb_st.h + 1) ELSE hb_st.delta END}], hb_p ->
    list_transform([CASE
      WHEN hb_ev.c < hb_p.n THEN {n: hb_p.n, delta: hb_p.delta + 1, bias: hb_st.bias, h: hb_st.h, o: hb_st.o}
      WHEN hb_ev.c = hb_p.n THEN {n: hb_p.n, delta: 0::BIGINT, bias: hb_puny_adapt(hb_p.delta, hb_st.h + 1, hb_st.h = b), h: hb_st.h + 1,
                                  o: concat(hb_st.o, hb_puny_digits(hb_p.delta, hb_st.bias).o)}
      ELSE {n: hb_p.n, delta: hb_p.delta, bias: hb_st.bias, h: hb_st.h, o: hb_st.o} END], hb_r ->
      {n: hb_r.n + CAST(hb_ev.last AS BIGINT), delta: hb_r.delta + CAST(hb_ev.last AS BIGINT), bias: hb_r.bias, h: hb_r.h, o: hb_r.o,
       m: 0::BIGINT, c: 0::BIGINT, first: false, last: false})[1])[1]`,
  `CREATE OR REPLACE MACRO hb_puny_encode(cps) AS list_reduce(
    flatten(list_transform(list_sort(list_distinct(list_filter(cps, hb_c -> hb_c >= 128))), hb_m ->
      list_transform(range(len(cps)), hb_i -> {n: 0::BIGINT, delta: 0::BIGINT, bias: 0::BIGINT, h: 0::BIGINT, o: '',
        m: hb_m, c: cps[hb_i + 1], first: hb_i = 0, last: hb_i = len(cps) - 1}))),
    (hb_a, hb_x) -> hb_puny_step(hb_a, hb_x, len(list_filter(cps, hb_c -> hb_c < 128))),
    {n: 128::BIGINT, delta: 0::BIGINT, bias: 72::BIGINT, h: CAST(len(list_filter(cps, hb_c -> hb_c < 128)) AS BIGINT),
     o: concat(array_to_string(list_transform(list_filter(cps, hb_c -> hb_c < 128), hb_c -> chr(CAST(hb_c AS INTEGER))), ''),
               CASE WHEN len(list_filter(cps, hb_c -> hb_c < 128)) > 0 THEN '-' ELSE '' END),
     m: 0::BIGINT, c: 0::BIGINT, first: false, last: false}).o`,
  `CREATE OR REPLACE MACRO hb_puny_value(ch) AS CASE WHEN ch BETWEEN 'a' AND 'z' THEN unicode(ch) - 97 WHEN ch BETWEEN 'A' AND 'Z' THEN unicode(ch) - 65 WHEN ch BETWEEN '0' AND '9' THEN unicode(ch) - 22 END`,
  `CREATE OR REPLACE MACRO hb_puny_decode(s) AS list_reduce(
    list_transform(list_filter(string_split(CASE WHEN contains(s, '-') THEN substr(s, length(s) - strpos(reverse(s), '-') + 2) ELSE s END, ''), hb_ch -> hb_ch <> ''), hb_ch ->
      {n: 0::BIGINT, i: 0::BIGINT, bias: 0::BIGINT, w: 0::BIGINT, k: 0::BIGINT, oldi: 0::BIGINT, o: []::BIGINT[], d: CAST(hb_puny_value(hb_ch) AS BIGINT)}),
    (hb_s, hb_e) -> list_transform([{i2: hb_s.i + hb_e.d * hb_s.w, t: least(greatest(hb_s.k - hb_s.bias, 1), 26)}], hb_v -> CASE
      WHEN hb_e.d < hb_v.t THEN list_transform([{len1: len(hb_s.o) + 1, n2: hb_s.n + hb_v.i2 // (len(hb_s.o) + 1), pos: hb_v.i2 % (len(hb_s.o) + 1)}], hb_g ->
        {n: hb_g.n2, i: hb_g.pos + 1, bias: hb_puny_adapt(hb_v.i2 - hb_s.oldi, hb_g.len1, hb_s.oldi = 0), w: 1::BIGINT, k: 36::BIGINT, oldi: hb_g.pos + 1,
         o: list_concat(list_concat(list_slice(hb_s.o, 1, hb_g.pos), [hb_g.n2]), list_slice(hb_s.o, hb_g.pos + 1, len(hb_s.o))), d: 0::BIGINT})[1]
      ELSE {n: hb_s.n, i: hb_v.i2, bias: hb_s.bias, w: hb_s.w * (36 - hb_v.t), k: hb_s.k + 36, oldi: hb_s.oldi, o: hb_s.o, d: 0::BIGINT} END)[1],
    {n: 128::BIGINT, i: 0::BIGINT, bias: 72::BIGINT, w: 1::BIGINT, k: 36::BIGINT, oldi: 0::BIGINT,
     o: CASE WHEN contains(s, '-') THEN list_transform(string_split(substr(s, 1, length(s) - strpos(reverse(s), '-')), ''), hb_c -> CAST(unicode(hb_c) AS BIGINT)) ELSE []::BIGINT[] END,
     d: 0::BIGINT})`,
];

export const MACROS: string[] = [
  // parse_version(): the documented form (one to four parts of one to eight digits) is read; text
  // with characters a number parser might accept around a part (white space, a sign) is refused per
  // row (not documented); any other text is null ("otherwise the result is null").
  String.raw`CREATE OR REPLACE MACRO hb_parse_version(s) AS list_transform([s], pv ->
     CASE WHEN regexp_full_match(pv, '[0-9]{1,8}(\.[0-9]{1,8}){0,3}') THEN list_transform([string_split(pv, '.')], p ->
            CAST(p[1] AS HUGEINT) * CAST('1000000000000000000000000' AS HUGEINT) + CAST(coalesce(p[2], '0') AS HUGEINT) * CAST(10000000000000000 AS HUGEINT)
            + CAST(coalesce(p[3], '0') AS HUGEINT) * CAST(100000000 AS HUGEINT) + CAST(coalesce(p[4], '0') AS HUGEINT))[1]
          WHEN regexp_matches(pv, '[\s+-]') THEN error('HB162: parse_version() of text with white space or a sign (Kusto does not document it)')
          ELSE CAST(NULL AS HUGEINT) END)[1]`,
  ...XXH64,
  ...PUNYCODE,
  // format_bytes(size, precision, units): size scaled by the unit's power of 1024, units ''
  // picks the largest unit not above the size. Refused per row where Kusto's pages leave the answer
  // open: negative or non-finite sizes, a value exactly half-way between two roundings, trailing
  // zeros after rounding (kept or dropped?), a value in [1000, 1024) of an automatic unit.
  `CREATE OR REPLACE MACRO hb_format_bytes(v, p, u) AS list_transform([
     CASE WHEN u = '' THEN CAST((v >= 1024) AS INTEGER) + CAST((v >= 1048576) AS INTEGER) + CAST((v >= 1073741824) AS INTEGER)
            + CAST((v >= 1099511627776) AS INTEGER) + CAST((v >= 1125899906842624) AS INTEGER) + CAST((v >= 1152921504606846976) AS INTEGER)
          ELSE list_position(['Bytes', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB'], u) - 1 END], hb_k ->
     list_transform([v / pow(1024, hb_k)], hb_x ->
       list_transform([printf(concat('%.', CAST(p AS VARCHAR), 'f'), hb_x)], hb_s -> CASE
         WHEN v IS NULL OR p IS NULL OR hb_k IS NULL OR NOT isfinite(v) OR v < 0 OR p < 0 OR p > 10
           OR abs(hb_x * pow(10, p) - floor(hb_x * pow(10, p)) - 0.5) < 1e-9 * greatest(1, hb_x * pow(10, p))
           OR (p > 0 AND suffix(hb_s, '0')) OR (u = '' AND hb_x >= 1000 AND hb_k < 6)
           THEN ${refuse('format_bytes() of this value (negative, not finite, a rounding tie, trailing zeros or near a unit boundary)')}
         ELSE concat(hb_s, ' ', ['Bytes', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB'][hb_k + 1]) END)[1])[1])[1]`,
  // Code points → text: null (Kusto's empty string) when one is not a Unicode scalar value
  // (documented); a null element and U+0000 are refused.
  `CREATE OR REPLACE MACRO hb_ucp_text(cps) AS CASE
     WHEN cps IS NULL OR coalesce(list_bool_or(list_transform(cps, hb_c -> hb_c IS NULL OR hb_c = 0)), false) THEN ${refuse('unicode_codepoints_to_string() of a null or zero code point')}
     WHEN coalesce(list_bool_and(list_transform(cps, hb_c -> hb_c BETWEEN 1 AND 1114111 AND NOT hb_c BETWEEN 55296 AND 57343)), true)
       THEN array_to_string(list_transform(cps, hb_c -> chr(CAST(hb_c AS INTEGER))), '')
     ELSE '' END`,
  // A guid's 16 bytes as .NET orders them (Guid.ToByteArray: the first three groups little endian)
  `CREATE OR REPLACE MACRO hb_guid_bytes_hex(g) AS list_transform([replace(g, '-', '')], hb_p ->
     concat(substr(hb_p, 7, 2), substr(hb_p, 5, 2), substr(hb_p, 3, 2), substr(hb_p, 1, 2), substr(hb_p, 11, 2), substr(hb_p, 9, 2),
            substr(hb_p, 15, 2), substr(hb_p, 13, 2), substr(hb_p, 17, 16)))[1]`,
  // indexof_regex(s, re, start, length, occurrence): the occurrence-th non-overlapping match in the
  // slice; its position is the text before it (pieces between matches plus earlier matches).
  // Documented: null for start < 0, occurrence < 0 or length < -1; -1 when not found.
  `CREATE OR REPLACE MACRO hb_indexof_regex(s, re, st, ln, oc) AS CASE
     WHEN st < 0 OR oc < 0 OR ln < -1 THEN NULL
     WHEN st IS NULL OR ln IS NULL OR oc IS NULL OR oc = 0 OR st > length(s) OR regexp_matches(s, ${NON_BMP})
       THEN ${refuse('indexof_regex() with a null or zero argument, a start past the end or characters outside the BMP')}
     ELSE list_transform([substring(s, st + 1, CAST(CASE WHEN ln = -1 THEN length(s) ELSE ln END AS BIGINT))], hb_t ->
       list_transform([regexp_extract_all(hb_t, re)], hb_m -> CASE
         WHEN list_contains(hb_m, '') THEN ${refuse('indexof_regex() with a regex that matches empty text')}
         WHEN len(hb_m) < oc THEN CAST(-1 AS BIGINT)
         ELSE CAST(st + coalesce(list_sum(list_transform(range(oc), hb_i -> length(regexp_split_to_array(hb_t, re)[hb_i + 1]))), 0)
                 + coalesce(list_sum(list_transform(range(oc - 1), hb_i -> length(hb_m[hb_i + 1]))), 0) AS BIGINT) END)[1])[1] END`,
];
