/**
 * IR function → DuckDB SQL, as data. `$0`, `$1` … are the rendered arguments, `$*` all of them
 * comma-separated. Lowering (kql/lower/functions.ts) picks the IR name from the KQL function and
 * argument types; this table only says how each one is spelled in DuckDB.
 *
 * Conventions (see DESIGN.md §4): strings are never NULL (Kusto has no null string), timespans are
 * BIGINT microseconds, datetimes plain TIMESTAMP in UTC.
 */
import { FAMILY_SQL } from './families/index.ts';
import { dynTerm, has } from './terms.ts';

export type Template = string | ((a: string[]) => string);

// Replacement text is inserted through a function: a string replacement would read `$'` in SQL as a pattern.
// hb_ci() is lower() that refuses the letters whose lower and upper case foldings disagree (sql/macros).
const ci = (t: string) => (a: string[]) => t.replace(/\$([01])/g, (_, i: string) => `hb_ci(${a[Number(i)]})`);

/** A character beyond the BMP (a surrogate pair in .NET's UTF-16 strings), as a regex class. */
const NON_BMP_CLASS = String.raw`[\x{10000}-\x{10FFFF}]`;
// extract_all() where the regex matches the empty string somewhere ((\d*) over "a1"): which empty
// matches count (DuckDB lists "", "1", ""; Go-style RE2 iteration drops the one abutting "1") is
// not documented
const EXTRACT_ALL_EMPTY = "error('HB162: unsupported: extract_all() of a regex that matches the empty string here (which empty matches Kusto lists is not documented)')";
const NON_BMP_INDEX = 'HB162: indexof() past a character outside the BMP (an emoji …) is not supported: whether Kusto counts it as one position or two is not documented';

/** A bin() template guarded on its size `$1`. */
const binSize = (t: string): string => `(CASE WHEN $1 < 0 THEN NULL WHEN $1 = 0 THEN error('HB162: bin() by a zero size is not supported (Kusto does not document it)') ELSE ${t} END)`;

/**
 * `use(x)` with x written once: a long text expression (a dynamic value's JSON text, joined
 * texts) goes through a one-element list's lambda, so the SQL binds and computes it once per row
 * instead of once per use (a JSON text holds regexes, which DuckDB compiles per occurrence). Row
 * for row the same value, null included. Short ones are repeated: cheaper than a list per row.
 */
const once = (x: string, use: (x: string) => string): string =>
  x.length < 300 ? use(x) : `list_transform([${x}], hb_t -> ${use('hb_t')})[1]`;
/** The distinct non-null values of a list, in order of first appearance. */
const distinctInOrder = (l: string) => `list_transform([${l}], hb_l -> list_filter(hb_l, (hb_x, hb_i) -> hb_x IS NOT NULL AND list_position(hb_l, hb_x) = hb_i))[1]`;

/** DuckDB's url_encode with its escapes' hex digits in lower case; refuses characters whose escaping is not documented. */
const lowerEscapes = (x: string) =>
  `CASE WHEN regexp_matches(${x}, '[~!*()'']') THEN error('HB162: url_encode() of text holding one of ~ ! * ( '' ) is not supported (Kusto does not document whether they are escaped)') ELSE array_to_string(list_transform(string_split(url_encode(${x}), '%'), (hb_p, hb_i) -> CASE WHEN hb_i = 1 THEN hb_p ELSE concat(lower(hb_p[1:2]), hb_p[3:]) END), '%') END`;

/**
 * strrep()'s multiplier: refused below 1 (its page: "must be a value from 1 to 67108864") and above
 * 1024, where the page contradicts itself (its Returns section says a multiplier above 1024 repeats
 * 1024 times, its parameter table allows up to 67108864).
 */
const strrepCount = (n: string) =>
  `CAST(CASE WHEN ${n} < 1 THEN error('HB162: strrep() with a multiplier below 1 is not supported (its page requires 1 or more)')
    WHEN ${n} > 1024 THEN error('HB162: strrep() with a multiplier above 1024 is not supported (its page says both that it repeats 1024 times and that up to 67108864 is allowed); nest strrep() calls for longer text')
    ELSE ${n} END AS INTEGER)`;

/** A comparison whose answer hangs on ticks a value may have lost (lower/expr.ts tieGuard). */
const TICK_TIE =
  "error('HB107: a comparison of two datetimes or timespans within the same microsecond, one of which may hold 100-nanosecond ticks that are kept in microseconds here: its answer cannot be known')";
const strNumEq = (s: string, n: string) =>
  `(CASE WHEN ${n} IS NULL THEN error('HB162: unsupported: a string compared with a null number (Kusto''s answer is not documented); test isnull() of the number')
    WHEN regexp_full_match(${s}, '0|-?[1-9][0-9]*') THEN coalesce(TRY_CAST(${s} AS HUGEINT) = ${n}, false)
    WHEN regexp_matches(${s}, '^[[:space:]]*[+-]?[.]?[0-9]') OR TRY_CAST(${s} AS DOUBLE) IS NOT NULL THEN error('HB162: unsupported: a string that spells a number in another form than its plain decimal text compared with a number (Kusto''s answer is not documented: the text or the number may be converted); convert one side with tolong() or tostring()')
    ELSE false END)`;

/**
 * A string against a bool (lower/expr.ts mixedCompare): "True" and "False", a bool's own text
 * (tostring(true) is "True"), compare alike whether the text is read as a bool or the bool written
 * as text (a null bool equals neither, as null == x is false); any other text ("true", "1") is
 * refused row by row.
 */
const strBoolEq = (s: string, b: string) =>
  `(CASE WHEN ${s} IN ('True', 'False') THEN coalesce((${s} = 'True') = ${b}, false)
    ELSE error('HB162: unsupported: a string other than "True" or "False" (a bool''s own text) compared with a bool (Kusto''s answer is not documented: "true" is equal if the text is read as a bool, unequal if the bool is written as text); convert one side with tobool() or tostring()') END)`;

export const FUNCTIONS: Record<string, Template> = {
  // operators
  // A timespan result beyond Kusto's range (±Int64.MaxValue ticks = ±10675199.02:48:05.4775807; its
  // microseconds fit here, 10 times further): Kusto cannot hold it and what it does instead (wrap,
  // null, error) is not documented: refused while running (lower/expr.ts arith)
  $ts_range: "list_transform([$0], hb_t -> CASE WHEN abs(hb_t) > 922337203685477580 THEN error('HB162: unsupported: a timespan beyond Kusto''s range (±10675199.02:48:05.4775807; what Kusto does on overflow is not documented)') ELSE hb_t END)[1]",
  $add: '($0 + $1)',
  $add_wrap: 'hb_wrap64(CAST($0 AS HUGEINT) + $1)',
  $sub_wrap: 'hb_wrap64(CAST($0 AS HUGEINT) - $1)',
  $mul_wrap: 'hb_wrap64(CAST($0 AS HUGEINT) * $1)',
  $sub: '($0 - $1)',
  $mul: '($0 * $1)',
  $div: '($0 / $1)',
  $idiv: '($0 // $1)',
  $mod: '((($0 % $1) + abs($1)) % abs($1))',
  $neg: '(- $0)',
  // a decimal kept as a real (lower/expr.ts arith, todecimal): NaN, infinite or beyond .NET's
  // decimal range (±79228162514264337593543950335) is refused, as a zero divisor is
  dec_checked: "list_transform([$0], hb_d -> CASE WHEN isnan(hb_d) OR isinf(hb_d) OR abs(hb_d) >= 7.9228162514264337593543950335e28 THEN error('HB162: a decimal value that is NaN, infinite or beyond the decimal range is not supported (Kusto decimals cannot hold one; what it gives instead is not documented)') ELSE hb_d END)[1]",
  dec_divisor: "(CASE WHEN $0 = 0 THEN error('HB162: a decimal division or modulo by zero is not supported (what Kusto gives is not documented)') ELSE $0 END)",
  // Kusto (null values page): a null and a value are unequal (== is false, != is true); two nulls
  // compare to null under both.
  $eq: '(CASE WHEN $0 = $1 THEN true WHEN $0 IS NULL AND $1 IS NULL THEN NULL ELSE false END)',
  $ne: '(CASE WHEN $0 IS NULL AND $1 IS NULL THEN NULL ELSE $0 IS DISTINCT FROM $1 END)',
  // a string against a whole number (lower/expr.ts mixedCompare): the number's own decimal text is
  // equal, text that reads as no number is unequal, anything else (another spelling of a number, a
  // null number) has no documented answer
  $eq_str_num: strNumEq('$0', '$1'),
  $ne_str_num: `(NOT ${strNumEq('$0', '$1')})`,
  $eq_str_bool: strBoolEq('$0', '$1'),
  $ne_str_bool: `(NOT ${strBoolEq('$0', '$1')})`,
  // a JSON value compared with a bool (lower/expr.ts coerceCompare)
  $json_bool_or_refuse:
    "(CASE WHEN hb_json_type($0) = 'bool' THEN regexp_matches($0, '^[[:space:]]*true') WHEN hb_json_type($0) = 'null' THEN NULL ELSE error('HB162: unsupported: a dynamic value that is not a bool compared with a bool (Kusto''s answer is not documented); compare tobool() of it') END)",
  // a JSON value compared with a number (lower/expr.ts coerceCompare): a JSON number is compared as
  // the number it is (a whole one only within 2^53, where a real holds it exactly), a JSON null as
  // a null; another kind (a string such as "10") has no documented answer
  $json_num_or_refuse:
    "(CASE WHEN hb_json_type($0) = 'null' THEN NULL WHEN hb_json_type($0) = 'double' OR (hb_json_type($0) = 'long' AND abs(CAST(trim($0, ' \t\n\r') AS HUGEINT)) <= 9007199254740992) THEN CAST(trim($0, ' \t\n\r') AS DOUBLE) ELSE error('HB162: unsupported: a dynamic value that is not a number (or a whole number beyond 2^53) compared with a number (Kusto''s answer is not documented); compare todouble() or tostring() of it') END)",
  // a JSON value in long arithmetic (lower/expr.ts arithOperand): a whole JSON number, or null
  $json_long_or_refuse:
    "(CASE WHEN hb_json_type($0) = 'null' THEN NULL WHEN hb_json_type($0) = 'long' THEN CAST(trim($0, ' \t\n\r') AS BIGINT) ELSE error('HB162: unsupported: arithmetic with a dynamic value that is not a whole number where the result is a long (Kusto''s answer is not documented); convert it (tolong(), todouble())') END)",
  // the same where null and false both drop a row (operators/where.ts)
  $eq_plain: '($0 = $1)',
  $eq_real_plain: '($0 = $1 AND NOT isnan($0))',
  $lt: '($0 < $1)',
  $le: '($0 <= $1)',
  $gt: '($0 > $1)',
  $ge: '($0 >= $1)',
  $eq_real: '(CASE WHEN $0 = $1 AND NOT isnan($0) THEN true WHEN $0 IS NULL AND $1 IS NULL THEN NULL ELSE false END)',
  $ne_real: '(CASE WHEN $0 IS NULL AND $1 IS NULL THEN NULL ELSE ($0 IS DISTINCT FROM $1) OR coalesce(isnan($0), false) END)',
  $lt_real: '($0 < $1 AND NOT isnan($0) AND NOT isnan($1))',
  $le_real: '($0 <= $1 AND NOT isnan($0) AND NOT isnan($1))',
  $gt_real: '($0 > $1 AND NOT isnan($0) AND NOT isnan($1))',
  $ge_real: '($0 >= $1 AND NOT isnan($0) AND NOT isnan($1))',
  // graph-match's guards (lower/operators/graph-match.ts): each wraps the match's constraint $1
  $graph_one_node_row:
    "(CASE WHEN $0 > 1 THEN error('HB162: unsupported: a graph-match node whose id is in several rows of the nodes table (make-graph takes an arbitrary row''s properties)') ELSE $1 END)",
  $graph_loop_any_direction:
    "(CASE WHEN $0 THEN error('HB162: unsupported: an edge from a node to itself matched by an any-direction pattern edge (-[e]- or --): whether that is one match or two is not documented') ELSE $1 END)",
  $graph_id_not_empty:
    "(CASE WHEN $0 = '' THEN error('HB162: unsupported: a graph-match node with an empty id (make-graph does not document empty ids)') ELSE $1 END)",
  $and: '($0 AND $1)',
  $or: '($0 OR $1)',
  $not: '(NOT $0)',
  $isnull: '($0 IS NULL)',
  $isnotnull: '($0 IS NOT NULL)',
  $eq_ci: ci('($0 = $1)'),
  $ne_ci: ci('($0 <> $1)'),
  // datetime arithmetic: a result outside Kusto's range (0001-01-01 .. 9999-12-31) is null
  $dt_add: "hb_dt_range($0 + to_microseconds($1))",
  $dt_sub: "hb_dt_range($0 - to_microseconds($1))",
  $dt_diff: '(epoch_us($0) - epoch_us($1))',
  // timespan ÷ timespan and timespan × number; a third argument (10) says the constant operand
  // is in ticks (100 ns), for constants finer than the microseconds values are kept in
  $ts_div: (a) => (a[2] ? `(CAST(${a[0]} AS DOUBLE) * ${a[2]} / ${a[1]})` : `(CAST(${a[0]} AS DOUBLE) / ${a[1]})`),
  // Rounded to the microsecond (lower/expr.ts ticksLost() knows these may have lost ticks).
  $ts_mul: (a) => (a[2] ? `CAST(round(${a[0]} * ${a[1]} / ${a[2]}) AS BIGINT)` : `CAST(round(${a[0]} * ${a[1]}) AS BIGINT)`),
  $ts_divn: 'CAST(trunc($0 / $1) AS BIGINT)',
  // timespan × integer is exact; timespan ÷ integer is exact or refused (HB107), never rounded.
  $ts_mul_int: '($0 * $1)',
  $ts_divn_int: "(CASE WHEN $0 IS NULL OR $1 IS NULL THEN NULL WHEN $1 <> 0 AND $0 % $1 = 0 THEN $0 // $1 ELSE error('HB107: a timespan quotient is not a whole number of microseconds (Kusto keeps 100-nanosecond ticks; huntbench keeps microseconds)') END)",
  $between: '($0 BETWEEN $1 AND $2)',
  $notbetween: '(NOT ($0 BETWEEN $1 AND $2))',
  // between over reals: x >= lo and x <= hi as Kusto compares reals (a NaN is neither above nor below
  // anything, $ge_real/$le_real); DuckDB orders NaN above every number, so 1.0 between (0.0 .. nan)
  // was true.
  $between_real: '($0 >= $1 AND $0 <= $2 AND NOT isnan($0) AND NOT isnan($1) AND NOT isnan($2))',
  $notbetween_real: '(NOT ($0 >= $1 AND $0 <= $2 AND NOT isnan($0) AND NOT isnan($1) AND NOT isnan($2)))',
  // x in (…) of reals where x and a listed value are both NaN: the in page says "equals to one of
  // the elements" and NaN == NaN is false (oracle saoc-r1-type-casts-coercion-0042), but a lookup
  // by hashing could match NaN to itself, and no page or oracle case shows which: refused per row.
  // $0 is the answer; $1 the looked-up value, the rest the listed reals.
  $in_nan_guard: (a) =>
    `(CASE WHEN isnan(${a[1]}) AND (${a
      .slice(2)
      .map((v) => `coalesce(isnan(${v}), false)`)
      .join(' OR ')}) THEN error('HB162: in/!in of a NaN against a list holding NaN is not supported: whether Kusto finds NaN in the list (NaN == NaN is false) is not documented') ELSE ${a[0]} END)`,
  // A null value is in no list of values: `in` is false (SQL would say null), `!in` true.
  $in: (a) => `(${a[0]} IN (${a.slice(1).join(', ')}) AND ${a[0]} IS NOT NULL)`,
  $notin: (a) => `coalesce(${a[0]} NOT IN (${a.slice(1).join(', ')}), true)`,
  $in_ci: (a) => `(hb_ci(${a[0]}) IN (${a.slice(1).map((x) => `hb_ci(${x})`).join(', ')}))`,
  $notin_ci: (a) => `(hb_ci(${a[0]}) NOT IN (${a.slice(1).map((x) => `hb_ci(${x})`).join(', ')}))`,
  $list_in: '(list_contains($1, $0))',
  $list_notin: '(NOT list_contains($1, $0))',
  $list_in_ci: '(list_contains(list_transform($1, hb_e -> hb_ci(hb_e)), hb_ci($0)))',
  $jlist_in_ci: "(CASE WHEN $1 IS NULL THEN false ELSE coalesce(list_bool_or(list_transform($0, hb_e -> CASE WHEN hb_json_type(hb_e) = 'string' THEN hb_ci(hb_json_str(hb_e)) = hb_ci($1) ELSE false END)), false) END)",
  $json_elems: '(coalesce(hb_json_list($0), [$0]))',
  // in / !in over several parts (values, arrays): a null part counts as no match
  $any_true: (a) => `(${a.map((x) => `coalesce(${x}, false)`).join(' OR ')})`,
  $none_true: (a) => `(NOT (${a.map((x) => `coalesce(${x}, false)`).join(' OR ')}))`,

  // string predicates (case-insensitive unless _cs)
  // lower/terms.ts termMatchAny: texts joined by a control character ($0)
  $texts_joined: (a) => `concat_ws(${a.join(', ')})`,
  // RE2's (?i) folds by Unicode's case folding, .NET's OrdinalIgnoreCase by upper case: text with a
  // letter where they disagree (the Kelvin sign matches k in one, not the other) is refused, as for
  // =~ and contains (hb_ci).
  term_ci: (a) => once(a[0], (x) => `hb_term_ci(${x}, ${a[2]}, ${a[1]})`),
  term_cs: (a) => once(a[0], (x) => `(contains(${x}, ${a[2]}) AND regexp_matches(${x}, ${a[1]}))`),
  term_dyn_has: dynTerm(true, true),
  term_dyn_hasprefix: dynTerm(true, false),
  term_dyn_hassuffix: dynTerm(false, true),
  contains: ci('contains($0, $1)'),
  '!contains': ci('(NOT contains($0, $1))'),
  contains_cs: 'contains($0, $1)',
  '!contains_cs': '(NOT contains($0, $1))',
  startswith: ci('starts_with($0, $1)'),
  '!startswith': ci('(NOT starts_with($0, $1))'),
  startswith_cs: 'starts_with($0, $1)',
  '!startswith_cs': '(NOT starts_with($0, $1))',
  endswith: ci('suffix($0, $1)'),
  '!endswith': ci('(NOT suffix($0, $1))'),
  endswith_cs: 'suffix($0, $1)',
  '!endswith_cs': '(NOT suffix($0, $1))',
  matches_regex: 'regexp_matches($0, $1)',
  // A computed list of needles: when every needle is one term (letters/digits only), compare the
  // row's terms with the needles as lists (one split per row, no per-row regex compilation).
  has_any_list: `CASE WHEN hb_fold_unsure($0) OR coalesce(list_bool_or(list_transform($1, t -> hb_fold_unsure(CAST(t AS VARCHAR)))), false) THEN hb_fold_refuse()
    WHEN coalesce(list_bool_and(list_transform($1, t -> regexp_full_match(CAST(t AS VARCHAR), '[\\p{L}\\p{N}]+'))), true)
    THEN coalesce(list_has_any(regexp_split_to_array(lower($0), '[^\\p{L}\\p{N}]+'), list_transform($1, t -> lower(CAST(t AS VARCHAR)))), false)
    ELSE coalesce(list_bool_or(list_transform($1, t -> ${has(['$0', 'CAST(t AS VARCHAR)'])})), false) END`,

  // strings
  // (sql/macros: hb_tolower, hb_toupper)
  tolower: 'hb_tolower($0)',
  toupper: 'hb_toupper($0)',
  strlen: 'CAST(length($0) AS BIGINT)',
  // string_size: UTF-8 bytes (DuckDB's strlen counts bytes, length counts code points)
  string_size: 'CAST(strlen($0) AS BIGINT)',
  strcat: (a) => (a.length ? `concat(${a.join(', ')})` : "''"),
  strcat_delim: (a) => `concat_ws(${a[0]}, ${a.slice(1).map((x) => `coalesce(${x}, '')`).join(', ')})`,
  strcat_array: "coalesce(array_to_string(list_transform($0, x -> coalesce(CAST(x AS VARCHAR), '')), $1), '')",
  // Kusto: a negative start counts from the end; a start still before the first character, past
  // the end, or a negative length gives ''.
  // a negative start before the text's start gives "" (oracle saoc-r2-string-ops-0023: substring(s, -100, 3))
  substring: "CASE WHEN hb_substr_start($0, $1) < 0 OR $2 < 0 THEN '' ELSE coalesce(substring($0, hb_substr_start($0, $1) + 1, $2), '') END",
  substring_to_end: "CASE WHEN hb_substr_start($0, $1) < 0 THEN '' ELSE coalesce(substring($0, hb_substr_start($0, $1) + 1), '') END",
  // An empty delimiter: DuckDB splits into characters, what Kusto does is not documented.
  split: "(CASE WHEN $1 = '' THEN error('HB162: unsupported: split() by an empty delimiter (Kusto''s answer is not documented)') ELSE string_split($0, $1) END)",
  split_at: "CASE WHEN $1 = '' THEN error('HB162: unsupported: split() by an empty delimiter (Kusto''s answer is not documented)') WHEN $2 < len(string_split($0, $1)) THEN [string_split($0, $1)[$2 + 1]] END",
  replace_string: 'replace($0, $1, $2)',
  // The rewrite's \\0-\\9 are the documented group references; a '$' substitution ($1, ${name}, $&,
  // $$ …, which .NET's replace reads and RE2's does not) is not documented, so it is refused.
  replace_regex:
    "(CASE WHEN regexp_matches($2, '[$][0-9{&`''+_$]') THEN error('HB162: unsupported: a replace_regex() rewrite holding a dollar substitution (a dollar sign before a digit, brace, ampersand …): only the group references backslash 0-9 are documented') WHEN regexp_matches($2, $3) THEN error('HB162: unsupported: a replace_regex() rewrite with a backslash before other than a digit or a backslash, a backslash at its end, or a reference to a group the regex does not have: Kusto''s answer is not documented') ELSE regexp_replace($0, $1, $2, 'g') END)",
  // DuckDB's integer form only reads groups 0-9; a constant group past 9 (parse with ten or more
  // columns, extract(re, 12, s)) reads the group from the named-list form, which numbers groups
  // left to right like Kusto (`parse` makes one group per column).
  extract: (a) => {
    const k = /^(?:CAST\()?(\d+)(?: AS BIGINT\))?$/.exec(a[1]);
    const g = k ? Number(k[1]) : 0;
    if (g <= 9) return `coalesce(regexp_extract(${a[2]}, ${a[0]}, CAST(${a[1]} AS INTEGER)), '')`;
    const names = Array.from({ length: g }, (_, i) => `'g${i + 1}'`).join(', ');
    return `coalesce(regexp_extract(${a[2]}, ${a[0]}, [${names}])['g${g}'], '')`;
  },
  // extract_all(re, s, ...): one capture group → list of strings; several → a list per match; no
  // match → null. $2.. are the 1-based group numbers to keep (lower/functions.ts).
  extract_all: (a) => {
    const groups = a.slice(2);
    const one = (g: string) => `regexp_extract_all(${a[1]}, ${a[0]}, ${g})`;
    // A group that took no part in a match is '' in Kusto (NULL in DuckDB).
    const body =
      groups.length === 1
        ? `list_transform(${one(groups[0])}, x -> coalesce(x, ''))`
        : `list_transform(range(len(${one(groups[0])})), i -> [${groups.map((g) => `coalesce(${one(g)}[i + 1], '')`).join(', ')}])`;
    return `CASE WHEN list_contains(regexp_extract_all(${a[1]}, ${a[0]}, 0), '') THEN ${EXTRACT_ALL_EMPTY} WHEN regexp_matches(${a[1]}, ${a[0]}) THEN ${body} END`;
  },
  extract_all_dyn: `CASE WHEN hb_regex_groups($0) <> 1 THEN error('HB120: extract_all with a computed regex needs exactly one capture group') WHEN list_contains(regexp_extract_all($1, $0, 0), '') THEN ${EXTRACT_ALL_EMPTY} WHEN regexp_matches($1, $0) THEN list_transform(regexp_extract_all($1, $0, 1), x -> coalesce(x, '')) END`,
  // Kusto removes one match of the regex at the start (and/or end), not repeated matches.
  trim: "regexp_replace(regexp_replace($1, concat('^(?:', $0, ')'), ''), concat('(?:', $0, ')$'), '')",
  trim_start: "regexp_replace($1, concat('^(?:', $0, ')'), '')",
  trim_end: "regexp_replace($1, concat('(?:', $0, ')$'), '')",
  // An empty lookup gives null (as Kusto's engine does); with a start position that case is refused.
  // Positions count code points here; whether Kusto's do (strlen's page says it counts code points)
  // or UTF-16 units (.NET's own) is not documented: a match after a character beyond the BMP is refused.
  indexof: (a) =>
    once(a[0], (s) => `(CASE WHEN ${a[1]} = '' THEN NULL WHEN strpos(${s}, ${a[1]}) > 1 AND regexp_matches(substring(${s}, 1, strpos(${s}, ${a[1]}) - 1), '${NON_BMP_CLASS}') THEN error('${NON_BMP_INDEX}') ELSE CAST(strpos(${s}, ${a[1]}) - 1 AS BIGINT) END)`),
  // A negative start counts from the end (indexof("abcdefg", "cde", -5) is 2); one reaching before
  // the start is refused: the page also says a start below 0 gives null, and which holds there is
  // not shown (it was read as 0).
  indexof_from: (a) => {
    const st = `(CASE WHEN ${a[2]} < 0 AND length(${a[0]}) + ${a[2]} < 0 THEN error('HB162: indexof() with a negative start reaching before the start of the text is not supported (its page says both that a negative start counts from the end and that it gives null)') WHEN ${a[2]} < 0 THEN length(${a[0]}) + ${a[2]} ELSE ${a[2]} END)`;
    return `CASE WHEN ${a[1]} = '' THEN error('HB120: indexof() with a start position and an empty lookup is not supported') WHEN regexp_matches(${a[0]}, '${NON_BMP_CLASS}') THEN error('${NON_BMP_INDEX}') WHEN strpos(substring(${a[0]}, ${st} + 1), ${a[1]}) = 0 THEN -1 ELSE CAST(strpos(substring(${a[0]}, ${st} + 1), ${a[1]}) - 1 + ${st} AS BIGINT) END`;
  },
  // Plain matches may overlap in Kusto (countof("aaaa", "aa") is 3): test every start position.
  countof: 'CAST(CASE WHEN length($1) = 0 THEN 0 ELSE len(list_filter(range(greatest(length($0) - length($1) + 1, 0)), i -> substring($0, i + 1, length($1)) = $1)) END AS BIGINT)',
  countof_regex: 'CAST(len(regexp_extract_all($0, $1)) AS BIGINT)',
  // reverse page: ASCII examples only; the Kusto oracle corpus (saoc-r3-string-ops-0006) reverses a
  // character beyond the BMP whole. DuckDB's reverse keeps grapheme clusters (a letter and its
  // combining mark) together, a reversal of code points does not: text where they differ is refused
  reverse: `list_transform([$0], hb_r -> CASE WHEN reverse(hb_r) <> array_to_string(list_reverse(string_split(hb_r, '')), '')
      THEN error('HB162: reverse() of text holding combining marks or other multi-character graphemes is not supported (the reverse page does not say how they are reversed)') ELSE reverse(hb_r) END)[1]`,
  tohex: "coalesce(lower(hex($0)), '')",
  int_bits: '(CAST($0 AS BIGINT) & 4294967295)',
  tohex_pad: "coalesce(lpad(lower(hex($0)), CAST(greatest($1, length(hex($0))) AS INTEGER), '0'), '')",
  // strrep page: the multiplier between 1 and 1024 (strrepCount)
  strrep: `repeat($0, ${strrepCount('$1')})`,
  strrep_delim: `array_to_string(list_transform(range(${strrepCount('$1')}), x -> $0), $2)`,
  // decode() reads the bytes as UTF-8 and fails on invalid UTF-8, which Kusto answers with null
  // (an empty string); a cast of a BLOB to VARCHAR would print bytes as \xNN escapes instead
  // (TRY() refuses an argument holding error(), as the run-time refusals do: the value reaches it
  // through a lambda's parameter instead)
  // lower/regex.ts regexText: text for a regex whose word boundaries / computed classes RE2 reads as ASCII
  regex_text_ascii:
    "CASE WHEN regexp_matches($0, '[^\\x00-\\x0A\\x0C-\\x7F]') THEN error('HB162: unsupported: a regex with a word boundary (\\b, \\B) over text holding non-ASCII characters: Kusto''s word boundaries are Unicode (regex syntax page), this engine''s are ASCII') ELSE $0 END",
  regex_text_guard:
    "CASE WHEN regexp_matches($1, '\\\\[dDsSwWbB]') AND regexp_matches($0, '[^\\x00-\\x0A\\x0C-\\x7F]') THEN error('HB162: unsupported: a computed regex using \\d, \\s, \\w or \\b over text holding non-ASCII characters or a vertical tab: Kusto''s classes are Unicode (regex syntax page), a computed pattern runs here with ASCII ones') ELSE $0 END",
  base64_decode_tostring: "list_transform([$0], hb_v -> coalesce(TRY(decode(from_base64(hb_v))), ''))[1]",
  base64_encode_tostring: 'to_base64(encode($0))',
  // a "+" (a space in url_encode()'s output, kept by DuckDB) is decoded as the url_decode page does
  // not say: refused
  // an escape whose bytes are not UTF-8 ("%E9") gave "": .NET decoders put U+FFFD there; the page
  // does not say: refused
  url_decode:
    "CASE WHEN contains($0, '+') THEN error('HB162: url_decode() of text holding \"+\" is not supported (whether it decodes to a space is not documented)') ELSE list_transform([$0], hb_v -> CASE WHEN hb_v IS NOT NULL AND TRY(url_decode(hb_v)) IS NULL THEN error('HB162: url_decode() of escapes that are not UTF-8 is not supported (not documented)') ELSE url_decode(hb_v) END)[1] END",
  // url_encode / url_encode_component pages: escapes in lower-case hex ("%3a%2f"), a space as "+" in
  // url_encode and "%20" in url_encode_component. Which of ~ ! * ( ) ' are escaped is not
  // documented (encoders differ on them), so text holding one is refused.
  url_encode: `replace(${lowerEscapes('$0')}, '%20', '+')`,
  url_encode_component: lowerEscapes('$0'),
  parse_url: 'hb_parse_url($0)',
  parse_path: 'hb_parse_path($0)',
  parse_command_line: 'hb_parse_command_line($0)',
  strcmp: 'CAST(CASE WHEN $0 < $1 THEN -1 WHEN $0 > $1 THEN 1 ELSE 0 END AS BIGINT)',
  hash_sha256: 'sha256($0)',
  hash_md5: 'md5($0)',
  hash_sha1: 'sha1($0)',
  isempty_str: "($0 IS NULL OR $0 = '')",
  isnotempty_str: "($0 IS NOT NULL AND $0 <> '')",
  nonempty_str: "nullif($0, '')",
  trim_ws: 'trim($0)',
  // The text before the first occurrence of a (possibly multi-character) delimiter.
  split_first: "split_part($0, $1, 1)",
  // parse-kv (lower/operators/parse-kv.ts): $0 a value, $1 the pattern of a whole quoted value (one
  // group per quote pair), $2 how many pairs, $3 the escape pattern ('' without escape=)
  kv_unquote: (a) => {
    const k = Number(/\d+/.exec(a[2])?.[0] ?? '1');
    const inner = `concat(${Array.from({ length: k }, (_, i) => `coalesce(regexp_extract(${a[0]}, ${a[1]}, ${i + 1}), '')`).join(', ')})`;
    const unescaped = a[3] === "''" ? inner : `regexp_replace(${inner}, ${a[3]}, '\\1', 'g')`;
    return `CASE WHEN regexp_full_match(${a[0]}, ${a[1]}) THEN ${unescaped} ELSE ${a[0]} END`;
  },
  kv_checked:
    "CASE WHEN NOT regexp_matches($1, $2) AND regexp_matches($1, $3) THEN error('HB162: unsupported: parse-kv of text whose pairs before a key cannot be read (a quote that does not close, or the key inside a quoted value): Kusto''s answer is not documented') ELSE $0 END",
  // mv-expand … to typeof(long) of real elements (lower/operators/mv-expand.ts)
  real_whole_to_long:
    "CASE WHEN $0 IS NULL THEN NULL WHEN isfinite($0) AND $0 = trunc($0) AND abs($0) < 9.2e18 THEN CAST($0 AS BIGINT) ELSE error('HB162: unsupported: mv-expand to typeof(long) of a real element that is not a whole number (whether Kusto nulls or truncates it is not documented)') END",
  // mv-expand / mv-apply … to typeof(int) of long elements: a whole number that fits an int is kept
  // (Microsoft's JAKH contest query `mv-apply X=range(1, 5) to typeof(int)` prints its message only
  // so); one outside the int range, wrapped or nulled, is not documented
  long_elem_to_int:
    "CASE WHEN $0 IS NULL THEN NULL WHEN $0 BETWEEN -2147483648 AND 2147483647 THEN CAST($0 AS INTEGER) ELSE error('HB162: unsupported: mv-expand to typeof(int) of a long element outside the int range (whether Kusto nulls or wraps it is not documented)') END",
  // a comparison of two datetimes/timespans that may have lost ticks, refused where they tie (lower/expr.ts tieGuard)
  ticks_tie_or_refuse: `CASE WHEN $0 = $1 THEN ${TICK_TIE} ELSE $2 END`,
  // the same for x against several values (in, between): [test, x, v1, v2 …]
  ticks_tie_any_or_refuse: (a) => `CASE WHEN list_contains([${a.slice(2).join(', ')}], ${a[1]}) THEN ${TICK_TIE} ELSE ${a[0]} END`,
  // make-series … in range(start, …): start must sit on a bin() boundary (lower/operators/make-series.ts)
  series_start_on_bin_or_refuse:
    "CASE WHEN $0 IS NULL OR $0 = $1 THEN $0 ELSE error('HB162: unsupported: make-series … in range() with a start that is not a multiple of the step (the page says the axis is binned with bin(), not bin_at(), without showing which bins it holds: the first bin starts before start, and whether rows between it and start count is not said); make the start a multiple of the step (e.g. in range(bin(ago(7d), 1d), now(), 1d)) or use from … to … step') END",
  // make-series kind=nonempty: keep the keyless row when it has bins or the input was empty
  series_nonempty_keep:
    "CASE WHEN $0 > 0 OR $1 = 0 THEN true ELSE error('HB162: unsupported: make-series kind=nonempty of an input whose rows all fall outside the range (its result is documented only for an empty input)') END",
  // parse kind=regex: a datetime capture without the white space around it
  trim_white_space: "regexp_replace($0, '^\\s+|\\s+$', '', 'g')",
  // parse: a typed column ending the pattern whose text does not convert (lower/operators/parse.ts)
  // parse kind=simple/relaxed ($1: the pattern, $2: the same with flag s, $3: its group count): a
  // row with a newline whose match or captures would differ if `.` crossed it is refused
  // (lower/operators/parse.ts)
  parse_nl_checked: (a) => {
    const n = Number(/(\d+)/.exec(a[3])?.[1] ?? 0);
    const same = [`regexp_matches(${a[0]}, ${a[1]}) = regexp_matches(${a[0]}, ${a[2]})`];
    for (let g = 1; g <= n && g <= 9; g++) same.push(`regexp_extract(${a[0]}, ${a[1]}, ${g}) = regexp_extract(${a[0]}, ${a[2]}, ${g})`);
    if (n > 9) same.push(`regexp_extract(${a[0]}, ${a[1]}, 0) = regexp_extract(${a[0]}, ${a[2]}, 0)`);
    return `CASE WHEN strpos(${a[0]}, chr(10)) = 0 OR (${same.join(' AND ')}) THEN ${a[0]} ELSE error('HB162: unsupported: parse (kind=simple or relaxed) of text whose line breaks the pattern would have to cross (whether Kusto''s pattern crosses a newline is not documented); use parse kind=regex flags=s') END`;
  },
  // a number column of parse kind=simple/relaxed: $0 the converted value, $1 the captured text, $2
  // the plain form (digits with a minus sign, and a fraction for reals)
  parse_num_checked:
    "CASE WHEN $0 IS NOT NULL AND NOT regexp_full_match($1, $2) THEN error('HB162: unsupported: parse (kind=simple or relaxed) of a number column whose text is not plain digits (white space around it, a plus sign, hex, an exponent): whether Kusto''s pattern for the type takes it is not documented') ELSE $0 END",
  parse_tail_checked:
    "CASE WHEN $0 IS NULL AND regexp_matches(coalesce($1, ''), $2) THEN error('HB162: unsupported: parse of a typed column that ends the pattern, over text that does not convert as a whole (whether Kusto reads the start of it is not documented); end the pattern with * or a delimiter') ELSE $0 END",
  // parse-kv regex=: the value of the first match whose key group ($1's group 1, trimmed) is $2
  kv_regex_value:
    "coalesce(trim(regexp_extract_all($0, $1, 2)[list_position(list_transform(regexp_extract_all($0, $1, 1), x -> trim(x)), $2)]), '')",
  string_to_timespan: 'hb_parse_timespan($0)',

  // conversion
  to_string: "coalesce(CAST($0 AS VARCHAR), '')",
  // Kusto's tostring(bool) is .NET's: "True"/"False"; a bool inside dynamic prints as JSON.
  bool_to_string: "CASE WHEN $0 THEN 'True' WHEN NOT $0 THEN 'False' ELSE '' END",
  bool_to_json_text: "CASE WHEN $0 THEN 'true' WHEN NOT $0 THEN 'false' ELSE '' END",
  real_to_string: 'hb_real_text($0)',
  // a real inside dynamic prints as JSON does (1.0 → "1"); so does a decimal
  // (a spelling with an exponent or 17 significant digits is not shown by the pages or the oracle: HB108)
  // a whole real held in a dynamic scalar: "3" or "3.0" is not shown by the pages or the oracle, and
  // the same value read from JSON text ("3.0") is refused (HB160), so it is refused here as well
  dyn_real_to_string:
    "coalesce(CASE WHEN hb_real_text_unsure($0) THEN error('HB108: tostring() of a dynamic real written with an exponent or needing 17 significant digits is not supported') " +
    "WHEN isfinite($0) AND $0 = trunc($0) THEN error('HB108: tostring() of a whole real held in a dynamic value (3 or 3.0?) is not supported') " +
    "WHEN isnan($0) THEN 'NaN' WHEN $0 = 'Infinity'::DOUBLE THEN 'Infinity' WHEN $0 = '-Infinity'::DOUBLE THEN '-Infinity' ELSE CAST($0 AS VARCHAR) END, '')",
  real_to_json_string:
    "coalesce(CASE WHEN hb_real_text_unsure($0) THEN error('HB108: tostring() of a dynamic real written with an exponent or needing 17 significant digits is not supported') " +
    "WHEN isnan($0) THEN 'NaN' WHEN $0 = 'Infinity'::DOUBLE THEN 'Infinity' WHEN $0 = '-Infinity'::DOUBLE THEN '-Infinity' WHEN $0 = trunc($0) AND abs($0) < 1e15 THEN CAST(CAST($0 AS BIGINT) AS VARCHAR) ELSE CAST($0 AS VARCHAR) END, '')",
  // always seven fraction digits (the last is 0: values are kept to the microsecond)
  datetime_to_string: "coalesce(strftime($0, '%Y-%m-%dT%H:%M:%S.%f0Z'), '')",
  timespan_to_string: "coalesce(hb_timespan_text($0), '')",
  // conversions by Kusto's rules (sql/macros.ts): strict text parsing, truncation toward zero with
  // saturation for reals, low 32 bits for long → int
  real_to_long: 'hb_real_to_long($0)',
  // tolong() of a real: Kusto's result outside the long range (tolong(todouble(9223372036854775807))
  // is -9223372036854775808 there) is refused rather than saturated.
  real_to_long_strict: "(CASE WHEN NOT isnan($0) AND NOT isinf($0) AND ($0 >= 9223372036854775808.0 OR $0 < -9223372036854775808.0) THEN error('HB109: tolong() of a real outside the range of long values is not supported') ELSE hb_real_to_long($0) END)",
  real_to_int: 'hb_real_to_int($0)',
  // row_cumsum() of a null term: what Kusto adds (and shows on that row) is not documented.
  cumsum_term: "(CASE WHEN $0 IS NULL THEN error('HB162: unsupported: row_cumsum() of a null value (Kusto''s answer is not documented)') ELSE $0 END)",
  real_to_int_strict: "(CASE WHEN NOT isnan($0) AND NOT isinf($0) AND ($0 >= 2147483648.0 OR $0 <= -2147483649.0) THEN error('HB109: toint() of a constant real outside the range of int values is not supported') ELSE hb_real_to_int($0) END)",
  long_to_int: 'hb_long_to_int($0)',
  string_to_long: 'hb_str_to_long($0)',
  string_to_int: 'hb_str_to_int($0)',
  string_to_real: 'hb_str_to_real($0)',
  string_to_decimal: 'hb_str_to_decimal($0)',
  // JSON text to decimal: a quoted string reads as text does, anything else as todouble() of it
  json_to_decimal: "CASE WHEN regexp_full_match(trim($0), '\"(.*)\"') THEN hb_str_to_decimal(hb_json_str($0)) ELSE hb_json_to_real($0) END",
  string_to_bool: 'hb_str_to_bool($0)',
  json_to_long: 'hb_json_to_long($0)',
  json_to_real: 'hb_json_to_real($0)',
  json_to_int: 'hb_json_to_int($0)',
  json_to_bool: 'hb_json_to_bool($0)',
  string_to_datetime: 'hb_str_to_dt($0)',
  // toguid page: the first 32 hex digits, with hyphens where the 8-4-4-4-12 form puts them ignored
  // (its examples: no hyphens, or some of them); the rest of the string is ignored; the guid is shown
  // in its canonical lower-case form. White space before the digits is not documented.
  string_to_guid: `list_transform([lower($0)], hb_g -> CASE
      WHEN regexp_matches(hb_g, '^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}')
        THEN list_transform([replace(regexp_extract(hb_g, '^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}'), '-', '')], hb_h ->
          concat(hb_h[1:8], '-', hb_h[9:12], '-', hb_h[13:16], '-', hb_h[17:20], '-', hb_h[21:32]))[1]
      WHEN regexp_matches(hb_g, '^\\s+[0-9a-f]{8}') THEN error('HB162: toguid() of text starting with white space is not supported (the toguid page does not say how it is read)')
    END)[1]`,
  num_to_bool: '($0 <> 0)',
  bool_to_long: 'CAST($0 AS BIGINT)',
  ts_to_long: '($0 * 10)',
  dt_to_long: '((epoch_us($0) + 62135596800000000) * 10)',
  long_to_dt: 'make_timestamp(CAST(hb_ticks_us($0) - 62135596800000000 AS BIGINT))',
  ticks_to_us: 'hb_ticks_us($0)',

  // conditionals
  coalesce: 'coalesce($*)',
  coalesce_str: (a) => `coalesce(${a.map((x) => `nullif(${x}, '')`).join(', ')}, '')`,

  // math
  abs: 'abs($0)',
  ceiling: 'ceil($0)',
  floor_num: 'floor($0)',
  round: 'round($0)',
  round_to: 'round($0, CAST($1 AS INTEGER))',
  sqrt: 'CASE WHEN $0 < 0 THEN \'NaN\'::DOUBLE ELSE sqrt($0) END',
  pow: 'pow($0, $1)',
  exp: 'exp($0)',
  exp2: 'pow(2, $0)',
  exp10: 'pow(10, $0)',
  // Kusto: the logarithm of a negative number is null (sqrt of one is NaN)
  log: 'CASE WHEN $0 < 0 THEN NULL WHEN $0 = 0 THEN \'-Infinity\'::DOUBLE ELSE ln($0) END',
  log2: 'CASE WHEN $0 < 0 THEN NULL WHEN $0 = 0 THEN \'-Infinity\'::DOUBLE ELSE log2($0) END',
  log10: 'CASE WHEN $0 < 0 THEN NULL WHEN $0 = 0 THEN \'-Infinity\'::DOUBLE ELSE log10($0) END',
  sign: 'CAST(sign($0) AS DOUBLE)',
  isnan: 'isnan($0)',
  isinf: 'isinf($0)',
  isfinite: 'isfinite($0)',
  pi: 'pi()',
  min_of: 'least($*)',
  max_of: 'greatest($*)',
  min_of_real: (a) => `CASE WHEN ${a.map((x) => `coalesce(isnan(${x}), false)`).join(' OR ')} THEN 'NaN'::DOUBLE ELSE least(${a.join(', ')}) END`,
  max_of_real: (a) => `CASE WHEN ${a.map((x) => `coalesce(isnan(${x}), false)`).join(' OR ')} THEN 'NaN'::DOUBLE ELSE greatest(${a.join(', ')}) END`,
  // bin(): a negative size is null (documented); a zero size (undocumented, and what a tick
  // span floored to microseconds becomes) is refused per row
  bin_long: binSize('(floor(CAST($0 AS DOUBLE) / $1) * $1)'),
  // below zero: x minus its (truncated, non-positive) remainder, one size lower when inexact;
  // no intermediate leaves the long range (bin(-9223372036854775808, 1) is itself)
  bin_long_exact: binSize('(CASE WHEN $0 >= 0 THEN ($0 // $1) * $1 ELSE $0 - ($0 % $1) - (CASE WHEN $0 % $1 = 0 THEN 0 ELSE $1 END) END)'),
  bin_real: binSize('(floor($0 / $1) * $1)'),
  bin_dt: binSize('time_bucket(to_microseconds($1), $0, TIMESTAMP \'0001-01-01\')'),
  bin_dt_day: 'time_bucket($1, $0)',
  bin_ts: binSize('(CASE WHEN $0 >= 0 THEN ($0 // $1) * $1 ELSE (($0 - $1 + 1) // $1) * $1 END)'),
  bin_at_dt: '($2 + to_microseconds(CAST(floor((epoch_us($0) - epoch_us($2)) / $1) * $1 AS BIGINT)))',

  // timespan formatting pieces (lower/functions.ts splits the format): $0 = µs, $1 = width
  ts_fmt_sign: "CASE WHEN $0 < 0 THEN '-' ELSE '' END",
  ts_fmt_d: 'hb_pad(CAST(abs($0) // 86400000000 AS VARCHAR), $1)',
  ts_fmt_h: 'hb_pad(CAST((abs($0) // 3600000000) % 24 AS VARCHAR), $1)',
  ts_fmt_m: 'hb_pad(CAST((abs($0) // 60000000) % 60 AS VARCHAR), $1)',
  ts_fmt_s: 'hb_pad(CAST((abs($0) // 1000000) % 60 AS VARCHAR), $1)',
  ts_fmt_f: "substr(lpad(CAST((abs($0) % 1000000) * 10 AS VARCHAR), 7, '0'), 1, $1)",
  // F…FFFFFFF: the same digits without their trailing zeros (nothing when all are zero; documented)
  ts_fmt_F: "rtrim(substr(lpad(CAST((abs($0) % 1000000) * 10 AS VARCHAR), 7, '0'), 1, $1), '0')",
  // make_timespan(day, hour, minute, second): hour 0-23, minute 0-59, second 0 to under 60, else null;
  // the seconds (a real: 0 to 59.9999999) are read as 100 ns ticks and floored to the microsecond,
  // as make_datetime's (lower/expr.ts ticksLost() marks a result of real seconds)
  make_timespan:
    '(CASE WHEN $1 BETWEEN 0 AND 23 AND $2 BETWEEN 0 AND 59 AND $3 >= 0 AND $3 < 60 THEN CAST($0 AS BIGINT) * 86400000000 + CAST($1 AS BIGINT) * 3600000000 + CAST($2 AS BIGINT) * 60000000 + CAST(floor(round(CAST($3 AS DOUBLE) * 1e7) / 10) AS BIGINT) END)',
  // datetime
  to_interval_us: 'to_microseconds($0)',
  // date_trunc of a day or longer part gives a DATE: cast back to Kusto's datetime.
  startofday: "CAST(date_trunc('day', $0) AS TIMESTAMP)",
  startofmonth: "CAST(date_trunc('month', $0) AS TIMESTAMP)",
  startofyear: "CAST(date_trunc('year', $0) AS TIMESTAMP)",
  startofweek: "CAST(CAST($0 AS DATE) - CAST(dayofweek($0) AS INTEGER) AS TIMESTAMP)",
  endofday: "(date_trunc('day', $0) + INTERVAL 1 DAY - INTERVAL 1 MICROSECOND)",
  endofmonth: "(date_trunc('month', $0) + INTERVAL 1 MONTH - INTERVAL 1 MICROSECOND)",
  endofyear: "(date_trunc('year', $0) + INTERVAL 1 YEAR - INTERVAL 1 MICROSECOND)",
  endofweek: "(CAST(CAST($0 AS DATE) - CAST(dayofweek($0) AS INTEGER) AS TIMESTAMP) + INTERVAL 7 DAY - INTERVAL 1 MICROSECOND)",
  // with an offset ($1 periods later); `$dt_range` turns results outside 0001..9999 into null
  startofday_n: "(date_trunc('day', $0) + to_days(CAST($1 AS INTEGER)))",
  startofmonth_n: "(date_trunc('month', $0) + to_months(CAST($1 AS INTEGER)))",
  startofyear_n: "(date_trunc('year', $0) + to_years(CAST($1 AS INTEGER)))",
  startofweek_n: '(CAST(CAST($0 AS DATE) - CAST(dayofweek($0) AS INTEGER) AS TIMESTAMP) + to_days(CAST(7 * $1 AS INTEGER)))',
  endofday_n: "(date_trunc('day', $0) + to_days(CAST($1 + 1 AS INTEGER)) - INTERVAL 1 MICROSECOND)",
  endofmonth_n: "(date_trunc('month', $0) + to_months(CAST($1 + 1 AS INTEGER)) - INTERVAL 1 MICROSECOND)",
  endofyear_n: "(date_trunc('year', $0) + to_years(CAST($1 + 1 AS INTEGER)) - INTERVAL 1 MICROSECOND)",
  endofweek_n: '(CAST(CAST($0 AS DATE) - CAST(dayofweek($0) AS INTEGER) AS TIMESTAMP) + to_days(CAST(7 * ($1 + 1) AS INTEGER)) - INTERVAL 1 MICROSECOND)',
  $dt_range: 'hb_dt_range($0)',
  // Kusto's dayofweek(datetime(9999-12-31)) is null (an overflow inside its engine whose exact
  // bounds are unknown): the last days of 9999 are refused rather than answered.
  dayofweek: "(CASE WHEN $0 > TIMESTAMP '9999-12-24 23:59:59.999999' THEN error('HB100: unsupported: dayofweek() in the last week of year 9999 (Kusto returns null there)') ELSE CAST(dayofweek($0) AS BIGINT) * 86400000000 END)",
  dayofmonth: 'CAST(day($0) AS INTEGER)',
  dayofyear: 'CAST(dayofyear($0) AS INTEGER)',
  hourofday: 'CAST(hour($0) AS INTEGER)',
  monthofyear: 'CAST(month($0) AS INTEGER)',
  getyear: 'CAST(year($0) AS INTEGER)',
  week_of_year: 'CAST(weekofyear($0) AS INTEGER)',
  unixtime_seconds_todatetime: 'make_timestamp(CAST(round($0 * 1000000) AS BIGINT))',
  unixtime_milliseconds_todatetime: 'make_timestamp(CAST(round($0 * 1000) AS BIGINT))',
  unixtime_microseconds_todatetime: 'make_timestamp(CAST($0 AS BIGINT))',
  datetime_diff: (a) => `CAST(date_diff(${a[0]}, ${a[2]}, ${a[1]}) AS BIGINT)`,
  // datetime_diff('week') as Kusto's engine types it (lower/engine-types.ts); the identity for a column of it
  datetime_diff_week_real: "CAST(date_diff('day', CAST($1 AS DATE) - CAST(dayofweek($1) AS INTEGER), CAST($0 AS DATE) - CAST(dayofweek($0) AS INTEGER)) // 7 AS DOUBLE)",
  engine_real_ref: '$0',
  datetime_diff_week: "CAST(date_diff('day', CAST($1 AS DATE) - CAST(dayofweek($1) AS INTEGER), CAST($0 AS DATE) - CAST(dayofweek($0) AS INTEGER)) // 7 AS BIGINT)",
  datetime_add: (a) => `hb_dt_range(${a[2]} + to_${a[0]}(CAST(${a[1]} AS INTEGER)))`,
  datetime_add_us: 'hb_dt_range($2 + to_microseconds(CAST($1 * $0 AS BIGINT)))',
  datetime_add_ns:
    "CASE WHEN $0 % 1000 <> 0 THEN error('HB107: datetime_add() of nanoseconds that are not whole microseconds: datetimes are kept in microseconds here, so the value would be rounded') ELSE hb_dt_range($1 + to_microseconds(CAST($0 // 1000 AS BIGINT))) END",
  datetime_part: (a) => `CAST(date_part(${a[0]}, ${a[1]}) AS INTEGER)`,
  // format_datetime pieces (lower/functions.ts splits the format): $0 = datetime, $1 = width
  dtf_or_empty: "CASE WHEN $0 IS NULL THEN '' ELSE $1 END",
  dtf_day: 'hb_pad(CAST(day($0) AS VARCHAR), $1)',
  dtf_month: 'hb_pad(CAST(month($0) AS VARCHAR), $1)',
  dtf_year: (a) => (a[1] === '4' ? `hb_pad(CAST(year(${a[0]}) AS VARCHAR), 4)` : `hb_pad(CAST(year(${a[0]}) % 100 AS VARCHAR), ${a[1]})`),
  dtf_hour: 'hb_pad(CAST(hour($0) AS VARCHAR), $1)',
  dtf_hour12: 'hb_pad(CAST((hour($0) + 11) % 12 + 1 AS VARCHAR), $1)',
  dtf_minute: 'hb_pad(CAST(minute($0) AS VARCHAR), $1)',
  dtf_second: 'hb_pad(CAST(second($0) AS VARCHAR), $1)',
  dtf_frac: "substr(concat(lpad(CAST((epoch_us($0) % 1000000 + 1000000) % 1000000 AS VARCHAR), 6, '0'), '0'), 1, $1)",
  dtf_frac_nz: "rtrim(substr(concat(lpad(CAST((epoch_us($0) % 1000000 + 1000000) % 1000000 AS VARCHAR), 6, '0'), '0'), 1, $1), '0')",
  dtf_ampm: "CASE WHEN hour($0) < 12 THEN 'AM' ELSE 'PM' END",
  // the seconds are a real (documented: 0 to 59.9999999), read as 100 ns ticks and floored to the
  // microseconds kept here (lower/expr.ts ticksLost() marks the result, as for a finer constant)
  make_datetime: (a) => {
    // the parts reach TRY() through a lambda's parameter: TRY() refuses an argument holding error()
    const parts = [0, 1, 2, 3, 4].map((i) => (i < a.length ? `CAST(${a[i]} AS BIGINT)` : i < 3 ? '1' : '0'));
    // hour 0-23 and minute 0-59 (the page's ranges; null otherwise): DuckDB's make_timestamp reads
    // hour 24 as the next day's midnight
    const base = `list_transform([[${parts.join(', ')}]], hb_p -> CASE WHEN hb_p[4] BETWEEN 0 AND 23 AND hb_p[5] BETWEEN 0 AND 59 THEN TRY(make_timestamp(hb_p[1], hb_p[2], hb_p[3], hb_p[4], hb_p[5], 0)) END)[1]`;
    if (a.length < 6) return base;
    const s = `CAST(${a[5]} AS DOUBLE)`;
    return `(CASE WHEN ${s} IS NULL OR NOT (${s} >= 0 AND ${s} < 60) THEN NULL ELSE ${base} + to_microseconds(CAST(floor(round(${s} * 1e7) / 10) AS BIGINT)) END)`;
  },

  // lists (dynamic arrays)
  array_length: 'CAST(len($0) AS BIGINT)',
  array_index: '$0[$1]',
  array_index_dyn: '$0[CASE WHEN $1 >= 0 THEN $1 + 1 ELSE $1 END]',
  pack_array: 'list_value($*)',
  array_concat: (a) => a.reduce((x, y) => `list_concat(${x}, ${y})`),
  // A negative index counts from the end; what is still outside the array after that is dropped
  // (the page: out of bounds indices are ignored), so the bounds are clamped, never handed to
  // DuckDB's slice as negatives (which it would read from the end again).
  // DuckDB's slice would read a null bound as the array's end; Kusto's answer for a null index is not
  // documented: refused per row.
  array_slice:
    "CASE WHEN $1 IS NULL OR $2 IS NULL THEN error('HB162: array_slice() with a null index is not supported') " +
    'ELSE $0[greatest($1 + CASE WHEN $1 < 0 THEN len($0) ELSE 0 END, 0) + 1:greatest($2 + CASE WHEN $2 < 0 THEN len($0) ELSE 0 END + 1, 0)] END',
  array_sort_asc: "list_sort($0, 'ASC', 'NULLS LAST')",
  json_sort_asc: (a) => jsonSortSql(a[0], 'ASC'),
  json_sort_desc: (a) => jsonSortSql(a[0], 'DESC'),
  jlist_sort_asc: (a) => jsonSortSql(a[0], 'ASC', true),
  jlist_sort_desc: (a) => jsonSortSql(a[0], 'DESC', true),
  array_sort_desc: "list_sort($0, 'DESC', 'NULLS LAST')",
  // with the nulls_last argument (documented: false puts the nulls first); a null flag is not documented
  array_sort_asc_nl: "CASE WHEN $1 THEN list_sort($0, 'ASC', 'NULLS LAST') WHEN NOT $1 THEN list_sort($0, 'ASC', 'NULLS FIRST') ELSE error('HB162: array_sort_asc() with a null nulls_last is not supported') END",
  array_sort_desc_nl: "CASE WHEN $1 THEN list_sort($0, 'DESC', 'NULLS LAST') WHEN NOT $1 THEN list_sort($0, 'DESC', 'NULLS FIRST') ELSE error('HB162: array_sort_desc() with a null nulls_last is not supported') END",
  array_reverse: 'list_reverse($0)',
  list_head: '$0[1:$1]',
  array_sum: 'CAST(list_sum($0) AS DOUBLE)',
  json_array_sum: `(CASE WHEN $0 IS NULL THEN NULL WHEN hb_json_type($0) = 'array' AND coalesce(list_bool_and(list_transform(hb_json_list($0), x -> regexp_full_match(coalesce(x, ''), '-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][-+]?[0-9]+)?'))), true)
    THEN CAST(list_sum(list_transform(hb_json_list($0), x -> CAST(x AS DOUBLE))) AS DOUBLE)
    ELSE error('HB162: unsupported: array_sum() of a value that is not an array of numbers (Kusto''s answer is not documented)') END)`,
  // set_union / set_intersect / set_difference: the distinct values in order of first appearance
  // (set_union page's examples; DuckDB's list_distinct does not keep the order), nulls dropped
  set_union: (a) => distinctInOrder(a.reduce((x, y) => `list_concat(${x}, ${y})`)),
  set_intersect: (a) => `list_filter(${distinctInOrder(a[0])}, x -> ${a.slice(1).map((y) => `list_has_any([x], ${y})`).join(' AND ')})`,
  set_difference: (a) => `list_filter(${distinctInOrder(a[0])}, x -> NOT list_has_any([x], list_concat(${a.slice(1).join(', ') || '[]'})))`,
  struct_field: '$0[$1]',
  struct_pack: (a) => `{${a.filter((_, i) => i % 2 === 0).map((k, i) => `${k}: ${a[2 * i + 1]}`).join(', ')}}`,
  map_value: 'map_extract_value($0, $1)',
  map_keys: 'map_keys($0)',
  json_get: 'hb_json_get($0, $1)',
  json_list: 'hb_json_list($0)',
  json_keys: 'hb_json_keys($0)',
  json_type: 'hb_json_type($0)',
  // array_concat() of JSON text (lower/functions.ts): an array's elements, nothing for a bag or null
  json_concat_part:
    "CASE WHEN hb_json_type($0) = 'array' THEN hb_json_list($0) WHEN hb_json_type($0) IN ('dictionary', 'null') THEN []::VARCHAR[] ELSE error('HB162: unsupported: array_concat() of a value that is neither an array, a property bag nor null (Kusto''s answer is not documented)') END",
  // array_slice() of JSON text (lower/functions.ts): an array's elements; null stays null; anything else is refused per row
  json_slice_part:
    "CASE WHEN $0 IS NULL THEN NULL WHEN hb_json_type($0) = 'array' THEN hb_json_list($0) ELSE error('HB162: unsupported: array_slice() of a value that is not an array (its page documents arrays only)') END",
  json_to_string: "coalesce(hb_json_str($0), '')",
  // mv-expand kind=array of a JSON object: one `[key, value]` array per property
  // (a scalar that is not null gives itself, one record: mv-expand page, "if the value in a row is not an array, the row is kept as is")
  json_items_array: "coalesce(hb_json_list($0), list_transform(map_entries(hb_json_map($0)), e -> concat('[', hb_json_quote(decode(unhex(substr(e.key, 2)))), ',', hb_json_dec(e.value), ']')), CASE WHEN hb_json_type($0) NOT IN ('null', 'array', 'dictionary') THEN [$0] END)",
  json_items: "coalesce(hb_json_list($0), list_transform(map_entries(hb_json_map($0)), e -> concat('{', hb_json_quote(decode(unhex(substr(e.key, 2)))), ':', hb_json_dec(e.value), '}')), CASE WHEN hb_json_type($0) NOT IN ('null', 'array', 'dictionary') THEN [$0] END)",
  // range() page: the array holds at most 1,048,576 (2^20) values, truncated beyond
  // a step of 0 (which DuckDB answers with an empty list) is not documented: refused
  list_series:
    "generate_series($0, CASE WHEN $2 = 0 THEN error('HB162: range() with a step of 0 is not supported (not documented)') WHEN $2 > 0 THEN least($1, $0 + 1048575 * $2) ELSE greatest($1, $0 + 1048575 * $2) END, $2)",
  list_series_dt:
    "generate_series($0, CASE WHEN to_microseconds($2) = INTERVAL 0 MICROSECONDS THEN error('HB162: range() with a step of 0 is not supported (not documented)') WHEN to_microseconds($2) > INTERVAL 0 MICROSECONDS THEN least($1, $0 + 1048575 * to_microseconds($2)) ELSE greatest($1, $0 + 1048575 * to_microseconds($2)) END, to_microseconds($2))",
  zip: (a) => `list_transform(range(greatest(${a.map((x) => `coalesce(len(${x}), 0)`).join(', ')})), i -> [${a.map((x) => `${x}[i + 1]`).join(', ')}])`,
  // array_iff(c, t, f, mode, t list?, f list?): mode 'b' bool, 'n' numeric (true when not 0), 'x'
  // any other kind (null); a branch is an array ('l', element i) or a scalar ('s') (lower/functions.ts)
  array_iff: (a) => {
    const pick = (v: string, kind: string) => (kind === "'l'" ? `${v}[i + 1]` : v);
    const when = a[3] === "'b'" ? `${a[0]}[i + 1]` : a[3] === "'n'" ? `${a[0]}[i + 1] <> 0` : 'NULL';
    return `list_transform(range(len(${a[0]})), i -> CASE WHEN ${a[0]}[i + 1] IS NULL OR ${when} IS NULL THEN NULL WHEN ${when} THEN ${pick(a[1], a[4])} ELSE ${pick(a[2], a[5])} END)`;
  },
  bag_keys_struct: (a) => `list_filter([${a.slice(1).map((k) => `CASE WHEN ${a[0]}[${k}] IS NOT NULL THEN ${k} END`).join(', ')}], k -> k IS NOT NULL)`,
  list_range: 'range($*)',
  list_transform: 'list_transform($0, $1)',
  list_filter: 'list_filter($0, $1)',

  // IPv4 (macros defined in sql/macros.ts)
  ipv4_is_private: 'hb_ipv4_is_private($0)',
  ipv4_is_in_range: 'hb_ipv4_in_range($0, $1)',
  ipv4_compare: 'hb_ipv4_compare($0, $1)',
  // the address's own /prefix masks the value (documented: parse_ipv4('192.168.1.1/24') is 3232235776)
  parse_ipv4: `CASE WHEN hb_parse_ipv4($0) IS NOT NULL THEN CASE WHEN hb_ipv4_prefix($0) BETWEEN 0 AND 32
     THEN (hb_parse_ipv4($0) // CAST(pow(2, 32 - hb_ipv4_prefix($0)) AS BIGINT)) * CAST(pow(2, 32 - hb_ipv4_prefix($0)) AS BIGINT)
     ELSE error('HB162: parse_ipv4() of an address with a prefix above 32 is not supported') END END`,
  ipv4_is_match: '(hb_ipv4_compare($0, $1) = 0)',

  // the function families (sql/families/): one file per family
  ...FAMILY_SQL,
};

export function renderFn(name: string, args: string[]): string {
  const t = FUNCTIONS[name];
  if (t === undefined) throw new Error(`no SQL template for IR function ${name}`);
  if (typeof t === 'function') return t(args);
  return t.replace(/\$(\*|\d+)/g, (_, i: string) => (i === '*' ? args.join(', ') : (args[Number(i)] ?? 'NULL')));
}

/**
 * array_sort_asc/desc of JSON text (lower/functions.ts jsonSort): the elements are sorted by their
 * number or string value (structs of key and JSON text, so NULL elements stay last).
 */
function jsonSortSql(j: string, dir: 'ASC' | 'DESC', list = false): string {
  const refuse = (what: string) => `error('HB162: unsupported: array_sort of ${what} (Kusto''s order is not reproduced here)')`;
  const num = `regexp_full_match(x, '-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][-+]?[0-9]+)?') AND length(regexp_replace(x, '[^0-9]', '', 'g')) <= 15`;
  const byKey = (key: string) => `list_transform(list_sort(list_transform(l, x -> CASE WHEN x IS NOT NULL THEN {'k': ${key}, 'v': x} END), '${dir}', 'NULLS LAST'), e -> e.v)`;
  // a list whose elements are JSON text (make_list of JSON values) is sorted the same way
  const head = list ? `(CASE WHEN ${j} IS NULL THEN NULL` : `(CASE WHEN hb_json_type(${j}) IN ('dictionary', 'null') THEN NULL WHEN hb_json_type(${j}) <> 'array' THEN ${refuse('a value that is not an array')}`;
  return `${head}
    ELSE list_transform([${list ? j : `hb_json_list(${j})`}], l -> CASE
      WHEN coalesce(list_bool_and(list_transform(l, x -> x IS NULL OR ${num})), true) THEN ${byKey('CAST(x AS DOUBLE)')}
      WHEN list_bool_and(list_transform(l, x -> x IS NULL OR regexp_matches(x, '^"'))) THEN ${byKey('hb_json_str(x)')}
      ELSE ${refuse('an array mixing kinds of values, or numbers of more than 15 digits')} END)[1] END)`;
}
