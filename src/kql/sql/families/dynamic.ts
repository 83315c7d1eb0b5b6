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
  // duplicate keys are refused by DuckDB's map (an engine error), never silently merged
  bag_zip: "map_from_entries(list_transform(list_filter(range(len($0)), i -> $0[i + 1] IS NOT NULL), i -> {'key': $0[i + 1], 'value': $1[i + 1]}))",
  bag_pack_map: 'map([$0], [$1])',
  set_equals: '(list_has_all($0, $1) AND list_has_all($1, $0))',
};

/** SQL macros these templates call, created on every engine connection. */
export const MACROS: string[] = [];
