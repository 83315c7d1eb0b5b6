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
          WHEN regexp_full_match(trim(j), '-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?') THEN 'real'
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
  // Left-pads with zeros to at least w characters (lpad would truncate longer text).
  `CREATE OR REPLACE MACRO hb_pad(s, w) AS (CASE WHEN length(s) >= w THEN s ELSE lpad(s, w, '0') END)`,
  // Kusto timespan text ([-][d.]hh:mm[:ss[.f]] or 1d/2h/30m/10s/100ms) → microseconds, NULL if unreadable.
  `CREATE OR REPLACE MACRO hb_parse_timespan(s) AS (
     CASE
       WHEN regexp_full_match(trim(s), '(-)?(?:(\\d+)\\.)?(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,7}))?)?') THEN
         (CASE WHEN starts_with(trim(s), '-') THEN -1 ELSE 1 END) * (
           coalesce(TRY_CAST(regexp_extract(trim(s), '^-?(\\d+)\\.\\d{1,2}:', 1) AS BIGINT), 0) * 86400000000
           + CAST(regexp_extract(trim(s), '(\\d{1,2}):(\\d{2})', 1) AS BIGINT) * 3600000000
           + CAST(regexp_extract(trim(s), '(\\d{1,2}):(\\d{2})', 2) AS BIGINT) * 60000000
           + coalesce(TRY_CAST(regexp_extract(trim(s), '\\d{1,2}:\\d{2}:(\\d{2})', 1) AS BIGINT), 0) * 1000000
           + coalesce(TRY_CAST(rpad(regexp_extract(trim(s), ':\\d{2}\\.(\\d{1,7})$', 1), 7, '0') AS BIGINT) // 10, 0))
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
