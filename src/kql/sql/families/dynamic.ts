/** dynamic functions: IR → DuckDB SQL (lowering in lower/families/dynamic.ts). */
import type { Template } from '../functions.ts';

export const SQL: Record<string, Template> = {
  // $1 = positions to the left (negative: to the right), $2 = the value of vacated positions
  array_shift: 'list_transform([{\'a\': $0, \'k\': $1}], w -> list_transform(range(len(w.a)), i -> CASE WHEN i + w.k >= 0 AND i + w.k < len(w.a) THEN w.a[i + w.k + 1] ELSE $2 END))[1]',
  array_rotate: "list_transform([{'a': $0, 'k': $1}], w -> list_transform(range(len(w.a)), i -> w.a[((i + w.k) % len(w.a) + len(w.a)) % len(w.a) + 1]))[1]",
  list_value1: '[$0]',
  // the pieces between the split points; points out of order or outside the array are refused per row
  array_split: `list_transform([{'a': $0, 'b': list_concat([0], list_transform($1, j -> CASE WHEN j < 0 THEN len($0) + j ELSE j END), [len($0)])}], w ->
    CASE WHEN NOT coalesce(list_bool_and(list_transform(range(len(w.b) - 1), k -> w.b[k + 1] >= 0 AND w.b[k + 1] <= w.b[k + 2] AND w.b[k + 2] <= len(w.a))), true)
         THEN error('HB162: array_split with split points out of order or outside the array is not supported')
         ELSE list_transform(range(len(w.b) - 1), k -> w.a[w.b[k + 1] + 1:w.b[k + 2]]) END)[1]`,
  // a row value Kusto would answer differently from what DuckDB can hold: refused while the query runs
  hb_refuse: 'error($0)',
  // a real written into JSON text (pack_all): NaN and infinities have no JSON spelling
  real_finite_or_refuse: "CASE WHEN isnan($0) OR isinf($0) THEN error('HB162: pack_all() of a real that is NaN or infinite is not supported') ELSE $0 END",
  // duplicate keys are refused by DuckDB's map (an engine error), never silently merged
  bag_zip: "map_from_entries(list_transform(list_filter(range(len($0)), i -> $0[i + 1] IS NOT NULL), i -> {'key': $0[i + 1], 'value': $1[i + 1]}))",
  bag_pack_map: 'map([$0], [$1])',
  // bag_pack with computed keys among several pairs: the keys of one row are all different and none is empty
  bag_keys_ok: "(len(list_distinct([$*])) = len([$*]) AND NOT list_contains([$*], ''))",
  // strcat_array() of elements held as JSON text: a string's text, a whole number's digits, null as
  // empty (the types its page and the compile-time rule accept); anything else refuses the row
  json_elements_terms: "list_transform($0, hb_e -> CASE hb_json_type(hb_e) WHEN 'string' THEN hb_json_str(hb_e) WHEN 'long' THEN hb_json_str(hb_e) WHEN 'null' THEN NULL ELSE error('HB162: has_any() of an array holding a real, boolean or nested value (held as JSON text) is not supported: Kusto does not document its text') END)",
  json_elements_text: "list_transform($0, hb_e -> CASE hb_json_type(hb_e) WHEN 'string' THEN hb_json_str(hb_e) WHEN 'long' THEN hb_json_str(hb_e) WHEN 'null' THEN NULL ELSE error('HB162: strcat_array() of an array holding a real, boolean or nested value (held as JSON text) is not supported: Kusto does not document its text') END)",
  // a comparison operand held as JSON text: an array or a bag in this row is refused (HB106)
  // mv-apply of JSON text: an array's elements, a bag's single-property bags (as mv-expand's kind=bag,
  // lower/operators/mv-apply.ts), null as a null array; a scalar is refused per row
  json_array_items_or_refuse: "CASE hb_json_type($0) WHEN 'null' THEN NULL WHEN 'array' THEN hb_json_list($0) WHEN 'dictionary' THEN list_transform(map_entries(hb_json_map($0)), e -> concat('{', hb_json_quote(decode(unhex(substr(e.key, 2)))), ':', hb_json_dec(e.value), '}')) ELSE error('HB162: mv-apply of a value that is neither an array nor a property bag (a scalar held as JSON text) is not supported: the mv-apply page expands arrays and bags') END",
  json_scalar_or_refuse: "CASE WHEN hb_json_type($0) IN ('array', 'dictionary') THEN error('HB106: a comparison of an array or property bag (held as JSON text) is not supported; compare tostring() of it') ELSE $0 END",
  // bag_unpack of a map: the slot's value; a slot present with a null value is refused per row
  map_slot_not_null: "CASE WHEN map_contains($0, $1) AND map_extract_value($0, $1) IS NULL THEN error('HB162: bag_unpack of a key whose value is null is not supported (Kusto does not document the column type then)') ELSE map_extract_value($0, $1) END",
  // bag_unpack of JSON text, first pass: each top-level slot as 'kind:key' (hb_json_type's kinds);
  // a value that is neither a property bag nor null gives the marker 'notbag:'
  json_slot_kinds: "CASE WHEN hb_json_type($0) = 'null' THEN []::VARCHAR[] WHEN hb_json_type($0) <> 'dictionary' THEN ['notbag:'] ELSE list_transform(map_entries(hb_json_map($0)), e -> concat(hb_json_type(hb_json_dec(e.value)), ':', decode(unhex(substr(e.key, 2))))) END",
  set_equals: '(list_has_all($0, $1) AND list_has_all($1, $0))',
  // the engine's real (lower/engine-types.ts): the same value under both names
  jaccard_index: "(CASE WHEN list_bool_or(list_transform(list_concat($0, $1), hb_j -> hb_j IS NULL)) THEN error('HB162: jaccard_index() of an array holding null is not supported (Kusto does not document it)') WHEN len($0) = 0 AND len($1) = 0 THEN error('HB162: jaccard_index() of two empty arrays is not supported (0 / 0; Kusto does not document it)') ELSE CAST(len(list_distinct(list_intersect($0, $1))) AS DOUBLE) / len(list_distinct(list_concat($0, $1))) END)",
  jaccard_index_real: "(CASE WHEN list_bool_or(list_transform(list_concat($0, $1), hb_j -> hb_j IS NULL)) THEN error('HB162: jaccard_index() of an array holding null is not supported (Kusto does not document it)') WHEN len($0) = 0 AND len($1) = 0 THEN error('HB162: jaccard_index() of two empty arrays is not supported (0 / 0; Kusto does not document it)') ELSE CAST(len(list_distinct(list_intersect($0, $1))) AS DOUBLE) / len(list_distinct(list_concat($0, $1))) END)",
  // array_index_of / set_has_element: which elements equal the value (a null element never does)
  list_matches: 'list_transform($0, hb_e -> coalesce(hb_e = $1, false))',
  list_no_match: 'list_transform($0, hb_e -> false)',
  json_matches_string: "list_transform(hb_json_list($0), hb_e -> CASE WHEN hb_json_type(hb_e) = 'string' THEN coalesce(hb_json_str(hb_e) = $1, false) ELSE false END)",
  json_matches_number: `list_transform(hb_json_list($0), hb_e -> coalesce(CASE hb_json_type(hb_e)
    WHEN 'long' THEN TRY_CAST(trim(hb_e) AS BIGINT) = $1 WHEN 'double' THEN TRY_CAST(trim(hb_e) AS DOUBLE) = $1 ELSE false END, false))`,
  json_matches_bool: "list_transform(hb_json_list($0), hb_e -> CASE WHEN hb_json_type(hb_e) = 'bool' THEN coalesce((trim(hb_e) = 'true') = $1, false) ELSE false END)",
  // the same over a list whose elements are JSON text
  jlist_matches_string: "list_transform($0, hb_e -> CASE WHEN hb_json_type(hb_e) = 'string' THEN coalesce(hb_json_str(hb_e) = $1, false) ELSE false END)",
  jlist_matches_number: `list_transform($0, hb_e -> coalesce(CASE hb_json_type(hb_e)
    WHEN 'long' THEN TRY_CAST(trim(hb_e) AS BIGINT) = $1 WHEN 'double' THEN TRY_CAST(trim(hb_e) AS DOUBLE) = $1 ELSE false END, false))`,
  jlist_matches_bool: "list_transform($0, hb_e -> CASE WHEN hb_json_type(hb_e) = 'bool' THEN coalesce((trim(hb_e) = 'true') = $1, false) ELSE false END)",
  any_match: 'CASE WHEN $1 IS NULL THEN NULL ELSE coalesce(list_bool_or($0), false) END',
  index_of_match: 'hb_index_of_match($0, $1, $2, $3)',
};

/** SQL macros these templates call, created on every engine connection. */
export const MACROS: string[] = [
  // The occurrence-th match at or after start (negative: counted from the end) within length
  // elements (-1: to the end); -1 when there is none, null for occurrence < 0 or length < -1 (all
  // documented). A start outside the array and a zero or null occurrence are not documented: refused.
  `CREATE OR REPLACE MACRO hb_index_of_match(m, st, ln, oc) AS list_transform([m], hb_m -> CASE
     WHEN hb_m IS NULL THEN NULL
     WHEN oc < 0 OR ln < -1 THEN NULL
     WHEN st IS NULL OR ln IS NULL OR oc IS NULL OR oc = 0 OR st < -len(hb_m) OR (st >= len(hb_m) AND len(hb_m) > 0)
       THEN error('HB162: array_index_of() with a start outside the array or a zero or null occurrence is not supported')
     ELSE coalesce(list_filter(
       range(CASE WHEN st < 0 THEN len(hb_m) + st ELSE st END,
             CASE WHEN ln = -1 THEN len(hb_m) ELSE least(CASE WHEN st < 0 THEN len(hb_m) + st ELSE st END + ln, len(hb_m)) END),
       hb_i -> hb_m[hb_i + 1])[oc], -1) END)[1]`,
];
