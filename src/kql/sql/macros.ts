/**
 * SQL macros the emitted SQL may call, created on every engine connection (engine/setup.ts).
 * Pure DuckDB SQL: no extension, no JavaScript.
 */
export const MACROS_SQL = [
  // A 128-bit integer folded into 64 bits two's-complement style (Kusto's long arithmetic wraps).
  `CREATE OR REPLACE MACRO hb_wrap64(h) AS CAST(
     CASE WHEN h BETWEEN -9223372036854775808 AND 9223372036854775807 THEN h
          ELSE ((h + 9223372036854775808) % 18446744073709551616 + 18446744073709551616) % 18446744073709551616 - 9223372036854775808 END
     AS BIGINT)`,
  // substring(): the 0-based start, a negative one counted from the end of the text.
  `CREATE OR REPLACE MACRO hb_substr_start(s, i) AS (CASE WHEN i < 0 THEN length(s) + i ELSE i END)`,
  // Capture groups of a regex computed at run time (escaped characters dropped first; a '(' inside
  // a character class counts too, which can only make the count larger).
  String.raw`CREATE OR REPLACE MACRO hb_regex_groups(re) AS (
     list_transform([regexp_replace(re, '\.', '', 'g')], x ->
       (length(x) - length(replace(x, '(', ''))) - (length(x) - length(replace(x, '(?', ''))) // 2
       + (length(x) - length(replace(x, '(?P<', ''))) // 4 + (length(x) - length(replace(x, '(?<', ''))) // 3)[1])`,
  // parse_path(): Windows, UNC and Unix paths split the way Kusto names the parts.
  `CREATE OR REPLACE MACRO hb_parse_path(p) AS {
     'Scheme': regexp_extract(p, '^([A-Za-z][A-Za-z0-9+.-]*)://', 1),
     'RootPath': regexp_extract(p, '^(?:[A-Za-z][A-Za-z0-9+.-]*://)?([A-Za-z]:|\\\\\\\\[^\\\\/]+\\\\[^\\\\/]+|/)', 1),
     'DirectoryPath': regexp_extract(p, '^(.*)[\\\\/][^\\\\/]*$', 1),
     'DirectoryName': regexp_extract(regexp_extract(p, '^(.*)[\\\\/][^\\\\/]*$', 1), '([^\\\\/]*)$', 1),
     'Filename': regexp_extract(regexp_extract(p, '([^\\\\/]*)$', 1), '^([^:]*)', 1),
     'Extension': regexp_extract(regexp_extract(regexp_extract(p, '([^\\\\/]*)$', 1), '^([^:]*)', 1), '\\.([^.]*)$', 1),
     'AlternateDataStreamName': regexp_extract(regexp_extract(p, '([^\\\\/]*)$', 1), ':(.*)$', 1)
   }`,
  // parse_command_line(cmd, 'windows'): arguments split on white space outside double quotes.
  `CREATE OR REPLACE MACRO hb_parse_command_line(c) AS
     list_transform(regexp_extract_all(c, '(?:[^\\s"]+|"[^"]*")+'), a -> replace(a, '"', ''))`,
  // JSON text (the `json` shape of dynamic values: parse_json() of a string column, arrays that mix
  // value kinds). No JSON reader is available offline, but DuckDB's own casts read JSON-like text:
  // an object becomes MAP(VARCHAR, VARCHAR) once `"key":` is written `"key"=`, an array becomes
  // VARCHAR[]; nested values come back as their text, so each access re-reads one level.
  `CREATE OR REPLACE MACRO hb_json_eqs(j) AS regexp_replace(j, '"\\s*:', '"=', 'g')`,
  `CREATE OR REPLACE MACRO hb_json_back(j) AS regexp_replace(j, '"=', '":', 'g')`,
  `CREATE OR REPLACE MACRO hb_json_map(j) AS TRY_CAST(hb_json_eqs(trim(j)) AS MAP(VARCHAR, VARCHAR))`,
  `CREATE OR REPLACE MACRO hb_json_list(j) AS
     CASE WHEN starts_with(trim(j), '[') THEN list_transform(TRY_CAST(hb_json_eqs(trim(j)) AS VARCHAR[]), x -> hb_json_back(x)) END`,
  `CREATE OR REPLACE MACRO hb_json_get(j, k) AS
     CASE WHEN starts_with(trim(j), '{') THEN hb_json_back(map_extract_value(hb_json_map(j), k)) END`,
  `CREATE OR REPLACE MACRO hb_json_keys(j) AS
     CASE WHEN starts_with(trim(j), '{') THEN map_keys(hb_json_map(j)) END`,
  `CREATE OR REPLACE MACRO hb_json_str(j) AS (
     CASE WHEN j IS NULL OR trim(j) = 'null' THEN ''
          WHEN regexp_full_match(trim(j), '"(.*)"') THEN replace(replace(substr(trim(j), 2, length(trim(j)) - 2), '\\"', '"'), '\\\\', '\\')
          ELSE j END)`,
  `CREATE OR REPLACE MACRO hb_json_type(j) AS (
     CASE WHEN j IS NULL OR trim(j) = 'null' THEN 'null'
          WHEN starts_with(trim(j), '{') THEN 'dictionary'
          WHEN starts_with(trim(j), '[') THEN 'array'
          WHEN trim(j) IN ('true', 'false') THEN 'bool'
          WHEN regexp_full_match(trim(j), '-?\\d+') THEN 'long'
          WHEN regexp_full_match(trim(j), '-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?') THEN 'double'
          ELSE 'string' END)`,
  // parse_url(): Kusto's URL parts as a struct; query parameters as a map (last value wins).
  `CREATE OR REPLACE MACRO hb_parse_url(u) AS (
     CASE WHEN regexp_matches(u, '^[A-Za-z][A-Za-z0-9+.-]*://') THEN {
       'Scheme': regexp_extract(u, '^([^:/?#]+)://', 1),
       'Host': regexp_extract(u, '^[^:/?#]+://(?:[^@/?#]*@)?([^:/?#]*)', 1),
       'Port': regexp_extract(u, '^[^:/?#]+://(?:[^@/?#]*@)?[^:/?#]*:(\\d+)', 1),
       'Path': regexp_extract(u, '^[^:/?#]+://[^/?#]*([^?#]*)', 1),
       'Username': regexp_extract(u, '^[^:/?#]+://([^:@/?#]*)(?::[^@/?#]*)?@', 1),
       'Password': regexp_extract(u, '^[^:/?#]+://[^:@/?#]*:([^@/?#]*)@', 1),
       'Query Parameters': CASE WHEN regexp_extract(u, '\\?([^#]*)', 1) = '' THEN MAP()::MAP(VARCHAR, VARCHAR)
         ELSE map_from_entries(list_transform(
           list_filter(list_reverse(string_split(regexp_extract(u, '\\?([^#]*)', 1), '&')), p -> p <> ''),
           p -> {'key': split_part(p, '=', 1), 'value': coalesce(TRY(url_decode(substr(p, length(split_part(p, '=', 1)) + 2))), '')}))
         END,
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
          WHEN regexp_full_match(hb_trim_ws(s), '[+]?(inf|Inf|infinity|Infinity)') THEN 'Infinity'::DOUBLE
          WHEN regexp_full_match(hb_trim_ws(s), '-(inf|Inf|infinity|Infinity)') THEN '-Infinity'::DOUBLE
     END)`,
  // tobool(text): true/false in any letter case (no surrounding space), or an integer (non-zero is true).
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
  // Kusto's tostring() of a real: integral values keep a ".0" (1.0 → "1.0", -0.0 → "-0.0"),
  // infinities are "inf"/"-inf", NaN is "NaN"; other values use the shortest round-trip digits.
  `CREATE OR REPLACE MACRO hb_real_text(x) AS (
     CASE WHEN x IS NULL THEN '' WHEN isnan(x) THEN 'NaN'
          WHEN x = 'Infinity'::DOUBLE THEN 'inf' WHEN x = '-Infinity'::DOUBLE THEN '-inf'
          WHEN x = trunc(x) AND abs(x) < 1e15 THEN concat(CASE WHEN signbit(x) AND x = 0 THEN '-' ELSE '' END, CAST(CAST(x AS BIGINT) AS VARCHAR), '.0')
          ELSE CAST(x AS VARCHAR) END)`,
  // Left-pads with zeros to at least w characters (lpad would truncate longer text).
  `CREATE OR REPLACE MACRO hb_pad(s, w) AS (CASE WHEN length(s) >= w THEN s ELSE lpad(s, w, '0') END)`,
  // Kusto timespan text ([-][d.]hh:mm[:ss[.f]] or 1d/2h/30m/10s/100ms) → microseconds, NULL if unreadable.
  `CREATE OR REPLACE MACRO hb_parse_timespan(s) AS (
     CASE
       WHEN regexp_matches(trim(s), '^-?(?:(\\d+)\\.)?(\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d{1,7}))?)?$') THEN
         (CASE WHEN starts_with(trim(s), '-') THEN -1 ELSE 1 END) * (
           coalesce(TRY_CAST(regexp_extract(trim(s), '^-?(?:(\\d+)\\.)?(\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d{1,7}))?)?$', 1) AS BIGINT), 0) * 86400000000
           + CAST(regexp_extract(trim(s), '^-?(?:(\\d+)\\.)?(\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d{1,7}))?)?$', 2) AS BIGINT) * 3600000000
           + CAST(regexp_extract(trim(s), '^-?(?:(\\d+)\\.)?(\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d{1,7}))?)?$', 3) AS BIGINT) * 60000000
           + coalesce(TRY_CAST(regexp_extract(trim(s), '^-?(?:(\\d+)\\.)?(\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d{1,7}))?)?$', 4) AS BIGINT), 0) * 1000000
           + coalesce(TRY_CAST(rpad(regexp_extract(trim(s), '^-?(?:(\\d+)\\.)?(\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d{1,7}))?)?$', 5), 7, '0') AS BIGINT) // 10, 0))
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
     CASE WHEN regexp_full_match(trim(s), '(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(/\\d{1,2})?')
          AND list_bool_and(list_transform(string_split(split_part(trim(s), '/', 1), '.'), x -> CAST(x AS INTEGER) <= 255))
     THEN list_reduce(list_transform(string_split(split_part(trim(s), '/', 1), '.'), x -> CAST(x AS BIGINT)), (a, b) -> a * 256 + b)
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
];
