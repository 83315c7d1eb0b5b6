/**
 * SQL macros the emitted SQL may call, created on every engine connection (engine/setup.ts).
 * Pure DuckDB SQL: no extension, no JavaScript.
 */
import { FAMILY_MACROS } from './families/index.ts';
import { FOLD_UNSURE } from './terms.ts';

export const MACROS_SQL = [
  // A 128-bit integer folded into 64 bits two's-complement style (Kusto's long arithmetic wraps).
  // `h` appears once: a macro is expanded textually, so a body naming it three times made a sum of
  // n terms (n nested calls) 3^n expressions long (a community query with 9 terms ran for minutes).
  `CREATE OR REPLACE MACRO hb_wrap64(h) AS CAST(
     ((h + 9223372036854775808) % 18446744073709551616 + 18446744073709551616) % 18446744073709551616 - 9223372036854775808
     AS BIGINT)`,
  // substring(): the 0-based start, a negative one counted from the end of the text.
  `CREATE OR REPLACE MACRO hb_substr_start(s, i) AS (CASE WHEN i < 0 THEN length(s) + i ELSE i END)`,
  // Capture groups of a regex computed at run time (escaped characters dropped first; a '(' inside
  // a character class counts too, which can only make the count larger).
  String.raw`CREATE OR REPLACE MACRO hb_regex_groups(re) AS (
     list_transform([regexp_replace(re, '\.', '', 'g')], x ->
       (length(x) - length(replace(x, '(', ''))) - (length(x) - length(replace(x, '(?', ''))) // 2
       + (length(x) - length(replace(x, '(?P<', ''))) // 4 + (length(x) - length(replace(x, '(?<', ''))) // 3)[1])`,
  // parse_path(): Windows, UNC and Unix paths split the way Kusto names the parts. The page's
  // examples: the root is a drive letter only ("" for a UNC or Unix path), the directory path
  // leaves out the scheme. A long path (\\?\...) has no documented output: refused. So are shapes
  // none of the page's five examples (C:\temp\file.txt, temp\file.txt,
  // file://C:/temp/file.txt:some.exe, \\shared\users\temp\file.txt.gz, /usr/lib/temp/file.txt)
  // shows, whose parts would be guessed (hb_parse_path_undoc): a scheme other than file://, no
  // separator at all ("file.txt", ""), a separator at the end (no file name), a file in a root
  // (C:\x.txt, /x, \\server\share\x: .NET's GetDirectoryName says "C:\" there, we said "C:").
  `CREATE OR REPLACE MACRO hb_parse_path_undoc(p) AS list_transform([regexp_replace(p, '^[A-Za-z][A-Za-z0-9+.-]*://', '')], q ->
     (regexp_matches(p, '^[A-Za-z][A-Za-z0-9+.-]*://') AND NOT starts_with(p, 'file://'))
     OR NOT regexp_matches(q, '[\\\\/]') OR regexp_matches(q, '[\\\\/]$')
     OR CASE WHEN regexp_matches(q, '^[\\\\/][\\\\/]')
             THEN NOT regexp_matches(regexp_extract(q, '^(.*)[\\\\/][^\\\\/]*$', 1), '^[\\\\/][\\\\/][^\\\\/]+[\\\\/]+[^\\\\/]+[\\\\/]+[^\\\\/]')
             ELSE regexp_replace(regexp_extract(q, '^(.*)[\\\\/][^\\\\/]*$', 1), '^(?:[A-Za-z]:)?[\\\\/]*', '') = '' END)[1]`,
  `CREATE OR REPLACE MACRO hb_parse_path(p) AS {
     'Scheme': regexp_extract(p, '^([A-Za-z][A-Za-z0-9+.-]*)://', 1),
     'RootPath': CASE WHEN starts_with(p, '\\\\?\\') THEN error('HB162: parse_path() of a long path (\\\\?\\…) is not supported')
                      WHEN hb_parse_path_undoc(p) THEN error('HB162: unsupported: parse_path() of a path shaped unlike the page''s examples (a file in a root, no directory or no file name, a scheme other than file://): Kusto''s parts for it are not documented')
                      ELSE regexp_extract(p, '^(?:[A-Za-z][A-Za-z0-9+.-]*://)?([A-Za-z]:)', 1) END,
     'DirectoryPath': regexp_extract(regexp_replace(p, '^[A-Za-z][A-Za-z0-9+.-]*://', ''), '^(.*)[\\\\/][^\\\\/]*$', 1),
     'DirectoryName': regexp_extract(regexp_extract(p, '^(.*)[\\\\/][^\\\\/]*$', 1), '([^\\\\/]*)$', 1),
     'Filename': regexp_extract(regexp_extract(p, '([^\\\\/]*)$', 1), '^([^:]*)', 1),
     'Extension': regexp_extract(regexp_extract(regexp_extract(p, '([^\\\\/]*)$', 1), '^([^:]*)', 1), '\\.([^.]*)$', 1),
     'AlternateDataStreamName': regexp_extract(regexp_extract(p, '([^\\\\/]*)$', 1), ':(.*)$', 1)
   }`,
  // parse_command_line(cmd, 'windows'): arguments split on white space outside double quotes; a
  // quote that never closes keeps "in quotes" mode (white space added to the argument) to the end,
  // as the CommandLineToArgvW page describes. Not reproduced, so refused rather than split
  // differently: the escapes (a backslash before a quote, a doubled quote inside an argument);
  // the program name's own rules (CommandLineToArgvW reads the first argument without escapes: a
  // quote inside it, or text right after its closing quote); leading white space (an empty program
  // name there); and the empty command line (for which CommandLineToArgvW returns the path of the
  // running program) — what Kusto answers for these is not documented.
  `CREATE OR REPLACE MACRO hb_parse_command_line(c) AS
     CASE WHEN regexp_matches(c, '\\\\"|[^\\s]""|""[^\\s]') THEN error('HB162: parse_command_line() of a command line with \\" or "" escapes is not supported')
          WHEN regexp_matches(c, '^(?:$|\\s|[^\\s"]+"|"[^"]*"[^\\s])') THEN error('HB162: parse_command_line() of an empty command line, one starting with white space, or one whose first argument (the program name) holds a quote other than around all of it is not supported: CommandLineToArgvW reads the program name by its own rules and Kusto''s answer is not documented')
          ELSE list_transform(regexp_extract_all(c, '(?:[^\\s"]+|"[^"]*"|"[^"]*$)+'), a -> replace(a, '"', '')) END`,
  // JSON text (the `json` shape of dynamic values: parse_json() of a string column, arrays that mix
  // value kinds) is read exactly per RFC 8259 with core SQL only (no JSON extension offline):
  // 1. hb_json_tok splits the text into tokens (strings with their escapes checked, numbers,
  //    literals, punctuation, white space); text the tokens do not cover is not JSON.
  // 2. hb_json_kind checks the structure on a skeleton (s = string, v = other value) by folding
  //    innermost arrays/objects into v, 16 times: 1 = JSON, 0 = not JSON (a plain string value in
  //    Kusto), 2 = nested deeper than that (refused with HB160 rather than guessed).
  // 3. hb_json_enc rewrites the tokens so that DuckDB's own VARCHAR → MAP/LIST casts read one level
  //    exactly: each string becomes S + hex of its UTF-8 text (so no quote, escape, `:` or `=` inside
  //    a string can confuse the cast, and "12" stays a string), null/true/false become N/T/F, `:`
  //    becomes `=`. hb_json_dec turns an encoded value back into compact JSON text.
  String.raw`CREATE OR REPLACE MACRO hb_json_tok(j) AS regexp_extract_all(j,
     '"(?:[^"\\\x00-\x1f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"|-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|true|false|null|[{}\[\],:]|[ \t\n\r]+')`,
  String.raw`CREATE OR REPLACE MACRO hb_json_red(s) AS
     regexp_replace(s, '\[(?:[vs](?:,[vs])*)?\]|\{(?:s:[vs](?:,s:[vs])*)?\}', 'v', 'g')`,
  String.raw`CREATE OR REPLACE MACRO hb_json_skel(t) AS array_to_string(list_transform(t, x ->
     CASE WHEN starts_with(x, '"') THEN 's' WHEN regexp_matches(x, '^[-0-9tfn]') THEN 'v'
          WHEN regexp_matches(x, '^[ \t\n\r]') THEN '' ELSE x END), '')`,
  // (Each macro names its argument once and binds it with a one-element lambda, so nested
  // accesses such as d.a.b[0] do not multiply the SQL text.)
  `CREATE OR REPLACE MACRO hb_json_kind(j) AS list_transform([j], jk -> list_transform([hb_json_tok(jk)], tk ->
     CASE WHEN jk IS NULL OR len(tk) = 0 THEN 0
          WHEN coalesce(length(array_to_string(tk, '')), 0) <> length(jk) THEN 0
          ELSE list_transform([${'hb_json_red('.repeat(16)}hb_json_skel(tk)${')'.repeat(16)}],
                 r -> CASE WHEN r IN ('v', 's') THEN 1 WHEN hb_json_red(r) = r THEN 0 ELSE 2 END)[1] END)[1])[1]`,
  `CREATE OR REPLACE MACRO hb_json_ok(j) AS (
     CASE hb_json_kind(j) WHEN 1 THEN true WHEN 0 THEN false
          ELSE error('HB160: JSON text nested deeper than 16 levels is not supported in text form') END)`,
  // One JSON string literal (quotes included) → its text; a lone UTF-16 surrogate has no UTF-8 text.
  String.raw`CREATE OR REPLACE MACRO hb_json_unescape(x) AS list_transform([x], ux -> coalesce(array_to_string(list_transform(
     regexp_extract_all(substr(ux, 2, length(ux) - 2), '\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|\\.|[^\\]+'),
     p -> CASE WHEN NOT starts_with(p, '\') THEN p
               WHEN length(p) = 12 THEN chr(65536 + (CAST(concat('0x', substr(p, 3, 4)) AS INTEGER) - 55296) * 1024
                                              + (CAST(concat('0x', substr(p, 9, 4)) AS INTEGER) - 56320))
               WHEN starts_with(p, '\u') THEN
                 CASE WHEN CAST(concat('0x', substr(p, 3, 4)) AS INTEGER) BETWEEN 55296 AND 57343
                      THEN error('HB160: JSON text holds a lone UTF-16 surrogate, which has no text form')
                      ELSE chr(CAST(concat('0x', substr(p, 3, 4)) AS INTEGER)) END
               WHEN p = '\n' THEN chr(10) WHEN p = '\r' THEN chr(13) WHEN p = '\t' THEN chr(9)
               WHEN p = '\b' THEN chr(8) WHEN p = '\f' THEN chr(12) ELSE substr(p, 2) END), ''), ''))[1]`,
  String.raw`CREATE OR REPLACE MACRO hb_json_quote(s) AS list_transform([s], qs ->
     CASE WHEN regexp_matches(qs, '[\x00-\x07\x0b\x0e-\x1f]')
          THEN error('HB160: a JSON string with control characters other than \b \t \n \f \r is not supported in text form')
          ELSE concat('"', replace(replace(replace(replace(replace(replace(replace(qs, '\', '\\'), '"', '\"'),
               chr(10), '\n'), chr(13), '\r'), chr(9), '\t'), chr(8), '\b'), chr(12), '\f'), '"') END)[1]`,
  String.raw`CREATE OR REPLACE MACRO hb_json_enc(t) AS array_to_string(list_transform(t, x ->
     CASE WHEN starts_with(x, '"') THEN concat('S', hex(hb_json_unescape(x))) WHEN x = 'null' THEN 'N'
          WHEN x = 'true' THEN 'T' WHEN x = 'false' THEN 'F' WHEN x = ':' THEN '='
          WHEN regexp_matches(x, '^[ \t\n\r]') THEN '' ELSE x END), '')`,
  `CREATE OR REPLACE MACRO hb_json_dec(e) AS list_transform([e], de ->
     CASE WHEN de IS NOT NULL THEN array_to_string(list_transform(regexp_extract_all(de, 'S[0-9A-F]*|[^S]+'), p ->
       CASE WHEN starts_with(p, 'S') THEN hb_json_quote(decode(unhex(substr(p, 2))))
            ELSE replace(replace(replace(replace(replace(p, ' ', ''), '=', ':'), 'N', 'null'), 'T', 'true'), 'F', 'false') END), '') END)[1]`,
  String.raw`CREATE OR REPLACE MACRO hb_json_map(j) AS list_transform([j], mj ->
     CASE WHEN regexp_matches(mj, '^[ 	

]*\{') AND hb_json_ok(mj) THEN CAST(hb_json_enc(hb_json_tok(mj)) AS MAP(VARCHAR, VARCHAR)) END)[1]`,
  String.raw`CREATE OR REPLACE MACRO hb_json_list(j) AS list_transform([j], lj ->
     CASE WHEN regexp_matches(lj, '^[ 	

]*\[') AND hb_json_ok(lj)
          THEN list_transform(CAST(hb_json_enc(hb_json_tok(lj)) AS VARCHAR[]), x -> hb_json_dec(nullif(x, 'N'))) END)[1]`,
  // A JSON null member or element reads as SQL NULL (as a missing one does).
  `CREATE OR REPLACE MACRO hb_json_get(j, k) AS hb_json_dec(nullif(map_extract_value(hb_json_map(j), concat('S', hex(k))), 'N'))`,
  `CREATE OR REPLACE MACRO hb_json_keys(j) AS list_transform(map_keys(hb_json_map(j)), k -> decode(unhex(substr(k, 2))))`,
  // tostring() of JSON text: a string's text, '' for null, the compact JSON of anything else. A
  // number whose Kusto text form may differ from its JSON spelling (exponent, trailing zeros,
  // more than 15 digits) is refused rather than printed differently.
  String.raw`CREATE OR REPLACE MACRO hb_json_numok(t) AS coalesce(list_bool_and(list_transform(t, x ->
     NOT regexp_matches(x, '^[-0-9]') OR regexp_full_match(x, '-?(?:0|[1-9][0-9]{0,17})')
     OR (regexp_full_match(x, '-?(?:0|[1-9][0-9]*)\.[0-9]*[1-9]') AND length(x) <= 16))), true)`,
  String.raw`CREATE OR REPLACE MACRO hb_json_str(j) AS list_transform([j], sj ->
     CASE WHEN sj IS NULL THEN ''
          WHEN NOT hb_json_ok(sj) THEN sj
          WHEN regexp_matches(sj, '^[ \t\n\r]*"') THEN hb_json_unescape(regexp_replace(sj, '^[ \t\n\r]+|[ \t\n\r]+$', '', 'g'))
          WHEN regexp_matches(sj, '^[ \t\n\r]*null') THEN ''
          WHEN NOT hb_json_numok(hb_json_tok(sj)) THEN error('HB160: a JSON number with an exponent, trailing zeros or more than 15 digits has no exact Kusto text form here')
          ELSE hb_json_dec(hb_json_enc(hb_json_tok(sj))) END)[1]`,
  String.raw`CREATE OR REPLACE MACRO hb_json_type(j) AS list_transform([j], tj ->
     CASE WHEN tj IS NULL OR regexp_full_match(tj, '[ \t\n\r]*') THEN 'null'
          WHEN NOT hb_json_ok(tj) THEN 'string'
          WHEN regexp_matches(tj, '^[ \t\n\r]*\{') THEN 'dictionary'
          WHEN regexp_matches(tj, '^[ \t\n\r]*\[') THEN 'array'
          WHEN regexp_matches(tj, '^[ \t\n\r]*"') THEN 'string'
          WHEN regexp_matches(tj, '^[ \t\n\r]*(true|false)') THEN 'bool'
          WHEN regexp_matches(tj, '^[ \t\n\r]*null') THEN 'null'
          WHEN regexp_full_match(tj, '[ \t\n\r]*-?(?:0|[1-9][0-9]{0,18})[ \t\n\r]*')
               AND TRY_CAST(trim(tj, ' \t\n\r') AS BIGINT) IS NOT NULL THEN 'long'
          ELSE 'double' END)[1]`,
  // parse_url(): Kusto's URL parts as a struct; query parameters as a map.
  // The parameters of a URL's query part (key=value&…; parse_url and parse_urlquery).
  // A key given twice is refused (HB162): which value Kusto keeps is not documented. So is what the
  // pages' examples (k1=v1&k2=v2&k3=v3, view=vs-2019&preserve-view=true) do not show and URL
  // decoders answer differently: a "+" (a space for HttpUtility.ParseQueryString, kept by
  // DuckDB's url_decode), a parameter without "=" (ParseQueryString files it under a null key),
  // an empty or percent-encoded key (kept as written here, decoded there), a leading "?"
  // (parse_urlquery("?a=1") gave the key "?a"), an escape that is not UTF-8 ("%E9" gave "").
  `CREATE OR REPLACE MACRO hb_url_query_map(q) AS CASE WHEN q = '' THEN MAP()::MAP(VARCHAR, VARCHAR)
     WHEN contains(q, '+') OR starts_with(q, '?')
          OR len(list_filter(string_split(q, '&'), p -> p <> '' AND (NOT contains(p, '=') OR starts_with(p, '=') OR contains(split_part(p, '=', 1), '%')))) > 0
          OR len(list_filter(string_split(q, '&'), p -> contains(p, '=') AND TRY(url_decode(substr(p, strpos(p, '=') + 1))) IS NULL)) > 0
     THEN error('HB162: unsupported: a URL query with a "+", a leading "?", a parameter without "=", an empty or percent-encoded key, or an escape that is not UTF-8 (how Kusto decodes it is not documented)')
     WHEN len(list_distinct(list_transform(list_filter(string_split(q, '&'), p -> p <> ''), p -> split_part(p, '=', 1))))
          <> len(list_filter(string_split(q, '&'), p -> p <> ''))
     THEN error('HB162: unsupported: a URL query with a parameter given twice (which value Kusto keeps is not documented)')
     ELSE map_from_entries(list_transform(
       list_filter(string_split(q, '&'), p -> p <> ''),
       p -> {'key': split_part(p, '=', 1), 'value': url_decode(substr(p, strpos(p, '=') + 1))}))
     END`,
  `CREATE OR REPLACE MACRO hb_parse_url(u) AS (
     CASE WHEN regexp_matches(u, '^[^:/?#]+://(?:[^@/?#]*@)?\\[')
          THEN error('HB162: unsupported: parse_url() of a URL whose host is an IPv6 address in brackets (Kusto''s parts for it are not documented)')
          -- the page's example is all lower case; System.Uri would lower-case a scheme and host, a
          -- regex keeps them: not documented, refused
          WHEN regexp_matches(u, '^[^:/?#]*[A-Z][^:/?#]*://') OR regexp_matches(u, '^[^:/?#]+://(?:[^@/?#]*@)?[^:/?#]*[A-Z]')
          THEN error('HB162: unsupported: parse_url() of a URL whose scheme or host holds upper-case letters (whether Kusto lower-cases them is not documented)')
          WHEN regexp_matches(u, '^[A-Za-z][A-Za-z0-9+.-]*://') THEN {
       'Scheme': regexp_extract(u, '^([^:/?#]+)://', 1),
       'Host': regexp_extract(u, '^[^:/?#]+://(?:[^@/?#]*@)?([^:/?#]*)', 1),
       'Port': regexp_extract(u, '^[^:/?#]+://(?:[^@/?#]*@)?[^:/?#]*:(\\d+)', 1),
       'Path': regexp_extract(u, '^[^:/?#]+://[^/?#]*([^?#]*)', 1),
       'Username': regexp_extract(u, '^[^:/?#]+://([^:@/?#]*)(?::[^@/?#]*)?@', 1),
       'Password': regexp_extract(u, '^[^:/?#]+://[^:@/?#]*:([^@/?#]*)@', 1),
       'Query Parameters': hb_url_query_map(regexp_extract(u, '^[^?#]*\\?([^#]*)', 1)),
       'Fragment': regexp_extract(u, '#(.*)$', 1)
     } END)`,
  // A datetime outside Kusto's range (0001-01-01 .. 9999-12-31) becomes null.
  `CREATE OR REPLACE MACRO hb_dt_range(t) AS
     (CASE WHEN t BETWEEN TIMESTAMP '0001-01-01 00:00:00' AND TIMESTAMP '9999-12-31 23:59:59.999999' THEN t END)`,
  // Kusto's text → number/bool conversions (tolong/toint/todouble/tobool of a string). White space
  // around the text is ignored; decimal digits with an optional sign, or 0x hex digits read as an
  // unsigned number of the target width (so 0xFFFFFFFFFFFFFFFF is -1). Anything else, and values
  // out of range, are null: DuckDB's own casts would also accept 1_000, 0b101, 1e3 or round 1.5.
  `CREATE OR REPLACE MACRO hb_trim_ws(s) AS trim(s, concat(' ', chr(9), chr(10), chr(11), chr(12), chr(13)))`,
  // A long narrowed to int keeps its low 32 bits (two's complement), as Kusto's toint() does.
  `CREATE OR REPLACE MACRO hb_long_to_int(x) AS
     CAST(((CAST(x AS BIGINT) % 4294967296) + 4294967296 + 2147483648) % 4294967296 - 2147483648 AS INTEGER)`,
  // A real to long/int truncates toward zero and saturates at the type's bounds; NaN and ±inf are null.
  `CREATE OR REPLACE MACRO hb_real_to_long(x) AS (
     CASE WHEN isnan(x) OR isinf(x) THEN NULL WHEN x >= 9223372036854775807.0 THEN CAST(9223372036854775807 AS BIGINT)
          WHEN x <= -9223372036854775808.0 THEN CAST(-9223372036854775808 AS BIGINT) ELSE CAST(trunc(x) AS BIGINT) END)`,
  `CREATE OR REPLACE MACRO hb_real_to_int(x) AS (
     CASE WHEN isnan(x) OR isinf(x) THEN NULL WHEN x >= 2147483647.0 THEN CAST(2147483647 AS INTEGER)
          WHEN x <= -2147483648.0 THEN CAST(-2147483648 AS INTEGER) ELSE CAST(trunc(x) AS INTEGER) END)`,
  `CREATE OR REPLACE MACRO hb_str_to_long(s) AS (
     CASE WHEN regexp_full_match(hb_trim_ws(s), '[+-]?[0-9]+') THEN TRY_CAST(hb_trim_ws(s) AS BIGINT)
          WHEN regexp_full_match(hb_trim_ws(s), '0[xX][0-9a-fA-F]{1,16}') THEN hb_wrap64(CAST(TRY_CAST(hb_trim_ws(s) AS UBIGINT) AS HUGEINT))
     END)`,
  `CREATE OR REPLACE MACRO hb_str_to_int(s) AS (
     CASE WHEN regexp_full_match(hb_trim_ws(s), '[+-]?[0-9]+') THEN TRY_CAST(hb_trim_ws(s) AS INTEGER)
          WHEN regexp_full_match(hb_trim_ws(s), '0[xX][0-9a-fA-F]{1,8}') THEN hb_long_to_int(TRY_CAST(hb_trim_ws(s) AS UINTEGER))
     END)`,
  `CREATE OR REPLACE MACRO hb_str_to_real(s) AS (
     CASE WHEN regexp_full_match(hb_trim_ws(s), '[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?') THEN TRY_CAST(hb_trim_ws(s) AS DOUBLE)
          WHEN regexp_full_match(hb_trim_ws(s), 'NaN|nan') THEN 'NaN'::DOUBLE
          WHEN regexp_full_match(hb_trim_ws(s), '[+]?(inf|Inf|Infinity)') THEN 'Infinity'::DOUBLE
          WHEN regexp_full_match(hb_trim_ws(s), '-(inf|Inf|Infinity)') THEN '-Infinity'::DOUBLE
          WHEN hb_trim_ws(s) = 'INF' THEN NULL
          WHEN regexp_full_match(hb_trim_ws(s), '(?i)[+-]?(nan|inf|infinity)')
          THEN error('HB162: todouble() of this spelling of NaN or an infinity is not supported: Kusto reads "NaN", "nan", "inf", "Inf" and "Infinity" but not "INF", and no page says how it reads the other letter cases or a signed NaN')
     END)`,
  // todecimal(text): digits with a sign and a decimal point, white space around them (as todouble
  // reads them); text without a digit is null (todecimal("abc"), oracle saoc-r1-type-casts-coercion-0009).
  // Refused (HB162): exponents, NaN and infinities (a decimal holds neither), thousands separators,
  // hex and values beyond the decimal range: .NET's decimal parsing takes or leaves them by its
  // NumberStyles, and which Kusto uses is not documented.
  `CREATE OR REPLACE MACRO hb_str_to_decimal(s) AS (
     CASE WHEN regexp_full_match(hb_trim_ws(s), '[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)')
               AND abs(TRY_CAST(hb_trim_ws(s) AS DOUBLE)) < 7.9228162514264337593543950335e28
          THEN TRY_CAST(hb_trim_ws(s) AS DOUBLE)
          WHEN regexp_matches(s, '[0-9]') OR regexp_full_match(hb_trim_ws(s), '(?i)[+-]?(nan|inf|infinity)')
          THEN error('HB162: todecimal() of this text (an exponent, NaN, an infinity, separators, hex or a value beyond the decimal range) is not supported: how Kusto reads it is not documented')
     END)`,
  // tobool(text): true/false in any letter case (no surrounding space), or an integer (non-zero is
  // true): oracle saoc-r3-type-casts-coercion-0017/0058 and saoc-r2-type-casts-coercion-0014/0025
  // ("-1" and "0x10" true, "1.0" and " true" null).
  `CREATE OR REPLACE MACRO hb_str_to_bool(s) AS (
     CASE WHEN lower(s) = 'true' THEN true WHEN lower(s) = 'false' THEN false
          WHEN regexp_full_match(s, '[+-]?[0-9]+|0[xX][0-9a-fA-F]{1,16}') THEN hb_str_to_long(s) <> 0
     END)`,
  // JSON text holding one value → long / real / bool by the kind of value it holds: a number
  // converts as a number, a quoted string as text, true/false as 1/0.
  `CREATE OR REPLACE MACRO hb_json_to_long(j) AS (
     CASE WHEN regexp_full_match(trim(j), '-?[0-9]+') THEN TRY_CAST(trim(j) AS BIGINT)
          WHEN regexp_full_match(trim(j), '-?[0-9]+([.][0-9]+)?([eE][+-]?[0-9]+)?') THEN hb_real_to_long(TRY_CAST(trim(j) AS DOUBLE))
          WHEN trim(j) = 'true' THEN 1 WHEN trim(j) = 'false' THEN 0
          WHEN regexp_full_match(trim(j), '"(.*)"') THEN hb_str_to_long(hb_json_str(j))
     END)`,
  `CREATE OR REPLACE MACRO hb_json_to_int(j) AS (
     CASE WHEN regexp_full_match(trim(j), '-?[0-9]+') THEN hb_long_to_int(TRY_CAST(trim(j) AS BIGINT))
          WHEN regexp_full_match(trim(j), '-?[0-9]+([.][0-9]+)?([eE][+-]?[0-9]+)?') THEN hb_real_to_int(TRY_CAST(trim(j) AS DOUBLE))
          WHEN trim(j) = 'true' THEN 1 WHEN trim(j) = 'false' THEN 0
          WHEN regexp_full_match(trim(j), '"(.*)"') THEN hb_str_to_int(hb_json_str(j))
     END)`,
  `CREATE OR REPLACE MACRO hb_json_to_real(j) AS (
     CASE WHEN regexp_full_match(trim(j), '-?[0-9]+([.][0-9]+)?([eE][+-]?[0-9]+)?') THEN TRY_CAST(trim(j) AS DOUBLE)
          WHEN trim(j) = 'true' THEN 1.0 WHEN trim(j) = 'false' THEN 0.0
          WHEN regexp_full_match(trim(j), '"(.*)"') THEN hb_str_to_real(hb_json_str(j))
     END)`,
  `CREATE OR REPLACE MACRO hb_json_to_bool(j) AS (
     CASE WHEN trim(j) = 'true' THEN true WHEN trim(j) = 'false' THEN false
          WHEN regexp_full_match(trim(j), '-?[0-9]+([.][0-9]+)?([eE][+-]?[0-9]+)?') THEN TRY_CAST(trim(j) AS DOUBLE) <> 0
          WHEN regexp_full_match(trim(j), '"(.*)"') THEN hb_str_to_bool(hb_json_str(j))
     END)`,
  // A real whose text Kusto is not shown to write the way DuckDB does: DuckDB uses an exponent from
  // 1e16 and below 1e-4 (no page or oracle case shows Kusto's exponent form; .NET writes 1E+20), and
  // where the shortest round-trip text needs 17 significant digits Kusto's last digit can differ
  // (0.1 + 0.2 is "0.30000000000000007"). The one test behind every HB108 on a real's text.
  `CREATE OR REPLACE MACRO hb_real_text_unsure(x) AS (
     contains(CAST(x AS VARCHAR), 'e')
     OR length(ltrim(regexp_replace(CAST(x AS VARCHAR), '[^0-9]', '', 'g'), '0')) >= 17)`,
  // Kusto's tostring() of a real: integral values keep a ".0" (1.0 → "1.0", -0.0 → "-0.0"),
  // infinities are "inf"/"-inf", NaN is "NaN"; other values use the shortest round-trip digits,
  // except those hb_real_text_unsure refuses (HB108).
  `CREATE OR REPLACE MACRO hb_real_text(x) AS (
     CASE WHEN x IS NULL THEN '' WHEN isnan(x) THEN 'NaN'
          WHEN x = 'Infinity'::DOUBLE THEN 'inf' WHEN x = '-Infinity'::DOUBLE THEN '-inf'
          WHEN x = trunc(x) AND abs(x) < 1e15 THEN concat(CASE WHEN signbit(x) AND x = 0 THEN '-' ELSE '' END, CAST(CAST(x AS BIGINT) AS VARCHAR), '.0')
          WHEN hb_real_text_unsure(x)
            THEN error('HB108: tostring() of a real written with an exponent (1e+20, 1e-05) or needing 17 significant digits: Kusto may print it differently')
          ELSE CAST(x AS VARCHAR) END)`,
  // Values are kept in microseconds (Kusto: 100 ns ticks): a count of ticks that is not a whole
  // microsecond is refused (HB107) rather than rounded.
  `CREATE OR REPLACE MACRO hb_ticks_us(t) AS (
     CASE WHEN t IS NULL THEN NULL WHEN t % 10 = 0 THEN t // 10
          ELSE error('HB107: a value needs 100-nanosecond precision (ticks); datetimes and timespans are kept in microseconds here') END)`,
  // Text → datetime; a fraction finer than a microsecond is refused (HB107), not truncated.
  // month/day/year text (the parse page reads "02/17/2016 08:40:01" as 2016-02-17 08:40:01) is read
  // when the day cannot be a month; which of the two an ambiguous text means is not documented.
  // Text with white space before or after it: whether Kusto trims it is not documented (DuckDB's own
  // cast reads a leading tab but not a trailing one), so it is refused (HB162) rather than guessed.
  // Read: the datetime page's ISO 8601 and sortable forms (yyyy-m-d, then T or a space and h:mm,
  // :ss, a fraction, and Z or " GMT"). Refused (HB162), never read as null: text DuckDB's cast
  // would read in another way (offsets it drops, hour 24, years of 5 digits), the page's RFC 822/850
  // forms (month names, two-digit years whose century is not documented), times with a zone, and
  // other text of digits and separators (a lenient parser may read 2024.05.20 or 10:00:00).
  String.raw`CREATE OR REPLACE MACRO hb_str_to_dt(s) AS (
     CASE WHEN regexp_matches(s, '^\s|\s$') AND NOT regexp_full_match(s, '\s*')
          THEN error('HB162: unsupported: a datetime text with white space before or after it (whether Kusto trims it is not documented); strip it first with trim(@"\s", text)')
          WHEN regexp_matches(s, '\d:\d\d:\d\d\.\d{6}\d*[1-9]')
          THEN error('HB107: a datetime text needs 100-nanosecond precision (ticks); datetimes are kept in microseconds here')
          WHEN regexp_full_match(trim(s), '(\d{1,2})/(\d{1,2})/(\d{4})(?: (\d{1,2}):(\d\d)(?::(\d\d))?)?')
          THEN (CASE WHEN CAST(regexp_extract(trim(s), '^(\d+)/(\d+)/', 1) AS INTEGER) BETWEEN 1 AND 12
                      AND CAST(regexp_extract(trim(s), '^(\d+)/(\d+)/', 2) AS INTEGER) BETWEEN 13 AND 31
                 THEN coalesce(try_strptime(trim(s), '%m/%d/%Y %H:%M:%S'), try_strptime(trim(s), '%m/%d/%Y %H:%M'), try_strptime(trim(s), '%m/%d/%Y'))
                 ELSE error('HB162: unsupported: a datetime text n/n/yyyy that is not plainly month/day/year (a day of 13 or more second): which Kusto reads is not documented; write it as yyyy-mm-dd') END)
          WHEN regexp_full_match(s, '\d{4}-\d{1,2}-\d{1,2}(?:[T ](?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:Z| GMT)?)?')
          THEN TRY_CAST(replace(regexp_replace(s, '(?:Z| GMT)$', ''), 'T', ' ') AS TIMESTAMP)
          WHEN TRY_CAST(replace(replace(s, 'T', ' '), 'Z', '') AS TIMESTAMP) IS NOT NULL
               OR regexp_matches(s, '(?i)(?:^|[^a-z])(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*(?:[^a-z]|$)') AND regexp_matches(s, '\d')
               OR regexp_matches(s, '\d:\d\d(?::\d\d(?:\.\d+)?)?\s*(?:[+-]\d|[A-Za-z])')
          THEN error('HB162: unsupported: this datetime text (only yyyy-mm-dd[Thh:mm[:ss[.f]]][Z| GMT] and m/d/yyyy are read here: RFC 822/850 dates, two-digit years, UTC offsets and zone names are not, and what Kusto makes of other forms is not documented)')
          WHEN regexp_full_match(s, '[0-9T:./ -]+Z?') AND regexp_matches(s, '[0-9]{2}')
          THEN error('HB162: unsupported: this datetime text of digits and separators in a form the datetime page does not list (20240520, 2024.05.20, 10:00:00, 2024-05-20T10): what Kusto makes of it is not documented')
          WHEN regexp_matches(s, '^(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4})(?:$|[^0-9])')
          THEN error('HB162: unsupported: a date followed by text other than the forms read here (a zone name without a time, 2024-05-20 GMT; words): what Kusto makes of it is not documented')
          ELSE NULL END)`,
  // Left-pads with zeros to at least w characters (lpad would truncate longer text).
  // The text a case-insensitive comparison (=~, !~, in~, contains, startswith, endswith) reads: its
  // lower case. Folding to lower case (DuckDB) and to upper case by Unicode's simple mapping (.NET's
  // OrdinalIgnoreCase) disagree only on pairs where one letter is one of these: µ ı İ ſ, the
  // combining and the standalone iota subscript, final sigma, the Greek symbol forms ϐ ϑ ϕ ϖ ϰ ϱ ϴ ϵ,
  // the old Cyrillic forms ᲀ…ᲈ, ẛ, ẞ, the Greek letters with ypogegrammeni, the Ohm, Kelvin and
  // Ångström signs (İstanbul =~ istanbul is true one way, false the other). Which folding Kusto
  // uses is not documented, so text holding one is refused (HB162); ASCII text (as many bytes as
  // characters) is lower-cased without the check.
  // Whether text holds one of those letters (false at once for ASCII text).
  String.raw`CREATE OR REPLACE MACRO hb_fold_unsure(s) AS (
     strlen(s) <> length(s)
     AND regexp_matches(s, '[\x{00B5}\x{0130}\x{0131}\x{017F}\x{0345}\x{03C2}\x{03D0}\x{03D1}\x{03D5}\x{03D6}\x{03F0}\x{03F1}\x{03F4}\x{03F5}\x{1C80}-\x{1C88}\x{1E9B}\x{1E9E}\x{1F80}-\x{1FAF}\x{1FB3}\x{1FBC}\x{1FBE}\x{1FC3}\x{1FCC}\x{1FF3}\x{1FFC}\x{2126}\x{212A}\x{212B}]'))`,
  `CREATE OR REPLACE MACRO hb_fold_refuse() AS error('${FOLD_UNSURE}')`,
  `CREATE OR REPLACE MACRO hb_ci(s) AS (
     CASE WHEN strlen(s) = length(s) THEN lower(s)
          WHEN hb_fold_unsure(s) THEN hb_fold_refuse()
          ELSE lower(s) END)`,
  // A case-insensitive term test (has, hasprefix, hassuffix with a constant needle: lower/terms.ts):
  // the cheap pre-filter, then the term's pattern. RE2's (?i) folds by Unicode's case folding and
  // .NET's OrdinalIgnoreCase by upper case, so text holding a letter where they disagree (the Kelvin
  // sign is k for one and not the other) is refused, as for =~ and contains.
  `CREATE OR REPLACE MACRO hb_term_ci(x, pre, pat) AS (
     CASE WHEN hb_fold_unsure(x) THEN hb_fold_refuse() ELSE regexp_matches(x, pre) AND regexp_matches(x, pat) END)`,
  // tolower()/toupper(). .NET's invariant casing keeps İ in lower case and ı in upper case (it leaves
  // out Unicode's Turkish mappings, which DuckDB applies: İ → i, ı → I); which casing Kusto uses is not
  // documented, so text holding them is refused. DuckDB's upper() turns ß into ẞ; Unicode's simple
  // case mapping (.NET's ToUpperInvariant) has no upper case for ß and keeps it, so the text around
  // each ß is upper-cased and ß kept.
  `CREATE OR REPLACE MACRO hb_tolower(s) AS (
     CASE WHEN strpos(s, 'İ') > 0 THEN error('HB162: tolower() of text holding İ (U+0130) is not supported: whether Kusto lower-cases it to i is not documented')
          ELSE lower(s) END)`,
  `CREATE OR REPLACE MACRO hb_toupper(s) AS (
     CASE WHEN strpos(s, 'ı') > 0 THEN error('HB162: toupper() of text holding ı (U+0131) is not supported: whether Kusto upper-cases it to I is not documented')
          ELSE array_to_string(list_transform(string_split(s, 'ß'), hb_p -> upper(hb_p)), 'ß') END)`,
  `CREATE OR REPLACE MACRO hb_pad(s, w) AS (CASE WHEN length(s) >= w THEN s ELSE lpad(s, w, '0') END)`,
  // Kusto timespan text ([-][d.]hh:mm[:ss[.f]] or 1d/2h/30m/10s/100ms) → microseconds, NULL if it
  // holds no digit. Other text with digits is refused (HB162), not read as null: an hour past 23 or
  // a minute or second past 59 (.NET's TimeSpan text refuses them; what Kusto does is not
  // documented), more than 7 decimals, a bare whole number (the literal time(2) is 2 days; 1.5 is
  // null, oracle saoc-r3-type-casts-coercion-0014) and the literal's other units (10microsecond,
  // 1tick, 2days), which totimespan's page does not list.
  `CREATE OR REPLACE MACRO hb_parse_timespan(s) AS (
     CASE
       -- as for datetime text (hb_str_to_dt): whether Kusto trims white space around it is not documented
       WHEN regexp_matches(s, '^\\s|\\s$') AND regexp_matches(s, '\\d')
       THEN error('HB162: unsupported: a timespan text with white space before or after it (whether Kusto trims it is not documented); strip it first with trim(@"\\s", text)')
       WHEN regexp_matches(trim(s), '\\d')
            AND NOT regexp_matches(trim(s), '^-?(?:\\d+\\.)?(?:[01]?\\d|2[0-3]):[0-5]?\\d(?::[0-5]?\\d(?:\\.\\d{1,7})?)?$')
            AND NOT regexp_full_match(trim(s), '-?\\d+(\\.\\d+)?(d|h|m|s|ms)')
            AND NOT regexp_full_match(trim(s), '-?\\d+\\.\\d+')
            AND regexp_full_match(trim(s), '[+-]?[\\d.:]+\\s*[A-Za-z]*')
       THEN error('HB162: unsupported: this timespan text (read here: [-][d.]hh:mm[:ss[.fffffff]] with hours to 23, and a number with d, h, m, s or ms; what Kusto makes of other forms is not documented)')
       WHEN regexp_matches(trim(s), '^-?(?:(\\d+)\\.)?(\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d{1,7}))?)?$') THEN
         (CASE WHEN starts_with(trim(s), '-') THEN -1 ELSE 1 END) * (
           coalesce(TRY_CAST(regexp_extract(trim(s), '^-?(?:(\\d+)\\.)?(\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d{1,7}))?)?$', 1) AS BIGINT), 0) * 86400000000
           + CAST(regexp_extract(trim(s), '^-?(?:(\\d+)\\.)?(\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d{1,7}))?)?$', 2) AS BIGINT) * 3600000000
           + CAST(regexp_extract(trim(s), '^-?(?:(\\d+)\\.)?(\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d{1,7}))?)?$', 3) AS BIGINT) * 60000000
           + coalesce(TRY_CAST(regexp_extract(trim(s), '^-?(?:(\\d+)\\.)?(\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d{1,7}))?)?$', 4) AS BIGINT), 0) * 1000000
           + coalesce(hb_ticks_us(TRY_CAST(rpad(regexp_extract(trim(s), '^-?(?:(\\d+)\\.)?(\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d{1,7}))?)?$', 5), 7, '0') AS BIGINT)), 0))
       WHEN regexp_full_match(trim(s), '-?\\d+(\\.\\d+)?(d|h|m|s|ms)') THEN
         CAST(round(CAST(regexp_extract(trim(s), '^(-?\\d+(?:\\.\\d+)?)', 1) AS DOUBLE) *
           CASE regexp_extract(trim(s), '(d|h|m|s|ms)$', 1) WHEN 'd' THEN 86400000000 WHEN 'h' THEN 3600000000
             WHEN 'm' THEN 60000000 WHEN 's' THEN 1000000 ELSE 1000 END) AS BIGINT)
     END)`,
  // Microseconds → Kusto timespan text [-][d.]hh:mm:ss[.fffffff]
  `CREATE OR REPLACE MACRO hb_timespan_text(us) AS (
     CASE WHEN us IS NULL THEN NULL ELSE concat(
       CASE WHEN us < 0 THEN '-' ELSE '' END,
       CASE WHEN abs(us) >= 86400000000 THEN concat(CAST(abs(us) // 86400000000 AS VARCHAR), '.') ELSE '' END,
       lpad(CAST((abs(us) // 3600000000) % 24 AS VARCHAR), 2, '0'), ':',
       lpad(CAST((abs(us) // 60000000) % 60 AS VARCHAR), 2, '0'), ':',
       lpad(CAST((abs(us) // 1000000) % 60 AS VARCHAR), 2, '0'),
       CASE WHEN abs(us) % 1000000 <> 0 THEN concat('.', lpad(CAST(abs(us) % 1000000 AS VARCHAR), 6, '0'), '0') ELSE '' END)
     END)`,
  // IPv4 text → 32-bit number, NULL when not a dotted quad.
  `CREATE OR REPLACE MACRO hb_parse_ipv4(s) AS (
     CASE WHEN s <> trim(s) AND regexp_full_match(trim(s), '(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(/\\d{1,2})?')
          -- whether Kusto reads an address with spaces around it is not documented
          THEN error('HB162: an IPv4 address with spaces before or after it is not supported (whether Kusto reads it is not documented)')
     WHEN regexp_full_match(trim(s), '(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(/\\d{1,2})?')
          AND regexp_matches(split_part(trim(s), '/', 1), '(^|\\.)0\\d')
          -- Kusto's reading of a leading zero (decimal or octal) is not documented; the casts below
          -- are TRY_CASTs: DuckDB may evaluate them on text the pattern did not match
          THEN error('HB162: an IPv4 octet with a leading zero is not supported')
     WHEN regexp_full_match(trim(s), '(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(/\\d{1,2})?')
          AND list_bool_and(list_transform(string_split(split_part(trim(s), '/', 1), '.'), x -> TRY_CAST(x AS INTEGER) <= 255))
     THEN list_reduce(list_transform(string_split(split_part(trim(s), '/', 1), '.'), x -> TRY_CAST(x AS BIGINT)), (a, b) -> a * 256 + b)
     END)`,
  `CREATE OR REPLACE MACRO hb_ipv4_prefix(s) AS (
     CASE WHEN contains(s, '/') THEN TRY_CAST(split_part(s, '/', 2) AS INTEGER) ELSE 32 END)`,
  `CREATE OR REPLACE MACRO hb_ipv4_in_range(ip, cidr) AS (
     hb_parse_ipv4(ip) // CAST(pow(2, 32 - hb_ipv4_prefix(cidr)) AS BIGINT)
       = hb_parse_ipv4(cidr) // CAST(pow(2, 32 - hb_ipv4_prefix(cidr)) AS BIGINT))`,
  `CREATE OR REPLACE MACRO hb_ipv4_is_private(ip) AS (
     hb_ipv4_in_range(ip, '10.0.0.0/8') OR hb_ipv4_in_range(ip, '172.16.0.0/12')
     OR hb_ipv4_in_range(ip, '192.168.0.0/16'))`,
  `CREATE OR REPLACE MACRO hb_ipv4_compare(a, b) AS (
     CAST(sign(hb_parse_ipv4(a) // CAST(pow(2, 32 - least(hb_ipv4_prefix(a), hb_ipv4_prefix(b))) AS BIGINT)
        - hb_parse_ipv4(b) // CAST(pow(2, 32 - least(hb_ipv4_prefix(a), hb_ipv4_prefix(b))) AS BIGINT)) AS BIGINT))`,
  // the function families' macros (sql/families/)
  ...FAMILY_MACROS,
];
