/** aggregates functions: IR → DuckDB SQL (lowering in lower/families/aggregates.ts). */
import type { Template } from '../functions.ts';

export const SQL: Record<string, Template> = {};

/**
 * Aggregates: IR aggregate name → DuckDB SQL. `a` are the rendered arguments (each must be
 * rendered: lower/consume.ts counts every argument of an aggregate as used); `where(cond)` is the
 * FILTER clause for the aggregate's own condition `cond` and the *if predicate, or '' for none.
 */
export type AggTemplate = (a: string[], where: (cond?: string) => string) => string;

/** Nearest-rank percentile `q` (0..1) of rows weighted by integer weights (Kusto: each value counted `w` times). */
const weighted = (v: string, w: string, q: string, where: (cond?: string) => string) =>
  `hb_pctw(list({'v': ${v}, 'w': ${w}})${where(`${v} IS NOT NULL`)}, ${q})`;

export const AGG_SQL: Record<string, AggTemplate> = {
  // covariance of the (x, y) pairs where both are not null; the sample form needs two pairs
  covariance: (a, where) =>
    `CASE WHEN count(${a[1]})${where(`${a[0]} IS NOT NULL`)} < 2 THEN error('HB121: covariance() of fewer than two value pairs (Kusto does not document it)') ELSE covar_samp(${a[0]}, ${a[1]})${where()} END`,
  covariancep: (a, where) => `covar_pop(${a[0]}, ${a[1]})${where()}`,
  binary_all_and: (a, where) => `bit_and(${a[0]})${where()}`,
  binary_all_or: (a, where) => `bit_or(${a[0]})${where()}`,
  binary_all_xor: (a, where) => `bit_xor(${a[0]})${where()}`,
  // percentiles_array(x, p1, p2, …): DuckDB's quantile_disc is the nearest rank, ceil(q·n)
  percentiles_list: (a, where) => `quantile_disc(${a[0]}, [${a.slice(1).map((p) => `${p} / 100.0`).join(', ')}])${where()}`,
  // percentiles_array(x, dynamic([…])): a constant array (folded by DuckDB)
  percentiles_dyn: (a, where) => `quantile_disc(${a[0]}, list_transform(${a[1]}, p -> p / 100.0))${where()}`,
  // buildschema(): the per-row (path, type) entries of each value, then the schema of them all
  buildschema: (a, where) => `hb_buildschema(list(hb_bs_entries(${a[0]}))${where()})`,
  make_bag_json: (a, where) => `hb_json_bag_union(list(${a[0]})${where(`${a[0]} IS NOT NULL`)})`,
  make_bag_map: (a, where) => `hb_bag_union(list(${a[0]})${where(`${a[0]} IS NOT NULL`)})`,
  // make_bag(…, maxSize) of bags whose keys are known at run time: the merged bag when it has no
  // more keys than maxSize (nothing is cut), refused otherwise
  make_bag_json_max: (a, where) => `hb_json_bag_cap(hb_json_bag_union(list(${a[0]})${where(`${a[0]} IS NOT NULL`)}), ${a[1]})`,
  make_bag_map_max: (a, where) => `hb_bag_cap(hb_bag_union(list(${a[0]})${where(`${a[0]} IS NOT NULL`)}), ${a[1]})`,
  percentilew: (a, where) => weighted(a[0], a[1], `${a[2]} / 100.0`, where),
  percentilesw_list: (a, where) => `[${a.slice(2).map((p) => weighted(a[0], a[1], `${p} / 100.0`, where)).join(', ')}]`,
  percentilesw_dyn: (a, where) => `list_transform(${a[2]}, p -> ${weighted(a[0], a[1], 'p / 100.0', where)})`,
};

/**
 * buildschema(): the schema is built from the (path, type) entries of every value (a path is the
 * chain of steps from the root: `/K` + the hex of a key, or `/I` for an array's items; types are
 * long, double, string, object, array, and what is refused: null, bool, an empty array or bag, an
 * integer outside the long range). hb_bs_entries walks the JSON tokens of one value with a stack of
 * open containers; the entries of all rows are deduplicated keeping their first appearance (keys
 * and types are listed in that order, as the documented example shows); hb_bs_nodeN renders the
 * node at depth N, calling the next level once (a macro cannot recurse). Everything the
 * documentation does not pin down is refused per row with HB162 (see lower/families/aggregates.ts).
 */
const MAX_SCHEMA_DEPTH = 17;
function buildschemaMacros(): string[] {
  const MAX = MAX_SCHEMA_DEPTH;
  const m: string[] = [];
  m.push(String.raw`CREATE OR REPLACE MACRO hb_bs_entries(j) AS list_transform([j], bj -> CASE
  WHEN bj IS NULL OR regexp_full_match(bj, '[ \t\n\r]*(null)?[ \t\n\r]*') THEN error('HB162: buildschema() of a null value (Kusto does not document it)')
  WHEN NOT hb_json_ok(bj) OR NOT regexp_matches(bj, '^[ \t\n\r]*[\[{]') THEN error('HB162: buildschema() of a value that is not an array or a property bag (Kusto does not document it)')
  ELSE hb_bs_dedup(list_reduce(list_transform(list_filter(hb_json_tok(bj), x -> NOT regexp_matches(x, '^[ \t\n\r]')),
      x -> {'fr': []::VARCHAR[], 'st': []::VARCHAR[], 'ek': false, 'pv': x, 'out': []::STRUCT(p VARCHAR, k VARCHAR)[]}), (s, tt) -> list_transform([tt.pv], t ->
    CASE WHEN t IN ('}', ']') THEN {'fr': list_slice(s.fr, 1, len(s.fr) - 1), 'st': list_slice(s.st, 1, len(s.st) - 1), 'ek': false, 'pv': t,
            'out': CASE WHEN s.pv IN ('{', '[') THEN list_append(s.out, {'p': coalesce(array_to_string(s.st, ''), ''), 'k': 'empty'}) ELSE s.out END}
         WHEN t = ',' THEN {'fr': s.fr, 'st': s.st, 'ek': s.fr[-1] = 'o', 'pv': t, 'out': s.out}
         WHEN t = ':' THEN {'fr': s.fr, 'st': s.st, 'ek': false, 'pv': t, 'out': s.out}
         WHEN s.ek THEN {'fr': s.fr, 'st': list_append(list_slice(s.st, 1, len(s.st) - 1), concat('/K', hex(hb_json_unescape(t)))), 'ek': false, 'pv': t, 'out': s.out}
         ELSE {'fr': CASE t WHEN '{' THEN list_append(s.fr, 'o') WHEN '[' THEN list_append(s.fr, 'a') ELSE s.fr END,
               'st': CASE t WHEN '{' THEN list_append(s.st, '/?') WHEN '[' THEN list_append(s.st, '/I') ELSE s.st END,
               'ek': t = '{', 'pv': t,
               'out': list_append(s.out, {'p': coalesce(array_to_string(s.st, ''), ''), 'k':
                 CASE WHEN t = '{' THEN 'object' WHEN t = '[' THEN 'array' WHEN starts_with(t, '"') THEN 'string'
                      WHEN t IN ('true', 'false') THEN 'bool' WHEN t = 'null' THEN 'null'
                      WHEN regexp_full_match(t, '-?[0-9]+') THEN CASE WHEN TRY_CAST(t AS BIGINT) IS NULL THEN 'big' ELSE 'long' END
                      ELSE 'double' END})} END)[1],
    {'fr': []::VARCHAR[], 'st': []::VARCHAR[], 'ek': false, 'pv': '', 'out': []::STRUCT(p VARCHAR, k VARCHAR)[]}).out) END)[1]`);
  m.push(`CREATE OR REPLACE MACRO hb_bs_dedup(l) AS list_transform([list_sort(list_transform(l, (e, i) -> {'p': e.p, 'k': e.k, 'i': i}))], s ->
     list_transform(list_sort(list_transform(list_filter(s, (e, j) -> j = 1 OR s[j - 1].p <> e.p OR s[j - 1].k <> e.k),
       e -> {'i': e.i, 'p': e.p, 'k': e.k})), e -> {'p': e.p, 'k': e.k}))[1]`);
  m.push(`CREATE OR REPLACE MACRO hb_bs_check(l) AS list_transform([l], ce -> CASE
     WHEN list_contains(list_transform(ce, e -> e.k), 'null') THEN error('HB162: buildschema() of a null member or element (Kusto does not document its schema)')
     WHEN list_contains(list_transform(ce, e -> e.k), 'bool') THEN error('HB162: buildschema() of a bool (Kusto documents no type name for it)')
     WHEN list_contains(list_transform(ce, e -> e.k), 'empty') THEN error('HB162: buildschema() of an empty array or property bag (Kusto does not document its schema)')
     WHEN list_contains(list_transform(ce, e -> e.k), 'big') THEN error('HB162: buildschema() of an integer outside the long range (Kusto does not document its type)')
     WHEN list_bool_or(list_transform(ce, e -> list_transform([list_transform(list_filter(ce, x -> x.p = e.p), x -> x.k)], ks ->
            len(ks) > 1 AND ks NOT IN (['long', 'string'], ['double', 'object']))[1]))
       THEN error('HB162: buildschema() of a key holding several types whose order Kusto does not document (only long before string, double before a property bag are)')
     ELSE ce END)[1]`);
  for (let d = MAX; d >= 0; d--) {
    const E = `e${d}`, P = `p${d}`;
    const kids = d === MAX
      ? `CASE WHEN list_bool_or(list_transform(${E}, x -> starts_with(x.p, concat(${P}, '/')))) THEN error('HB160: buildschema() of values nested deeper than ${MAX} levels') ELSE []::STRUCT(c VARCHAR, r VARCHAR)[] END`
      : `list_transform(list_transform([list_transform(list_filter(${E}, x -> starts_with(x.p, concat(${P}, '/')) AND NOT contains(substr(x.p, length(${P}) + 2), '/')), x -> x.p)], cs${d} ->
           list_filter(cs${d}, (c, i) -> list_position(cs${d}, c) = i))[1], c${d} -> {'c': c${d}, 'r': hb_bs_node${d + 1}(${E}, c${d})})`;
    m.push(`CREATE OR REPLACE MACRO hb_bs_node${d}(${E}, ${P}) AS list_transform([${kids}], ch${d} ->
     list_transform([list_transform(list_filter(${E}, x -> x.p = ${P}), x -> CASE x.k
         WHEN 'object' THEN concat('{', array_to_string(list_transform(list_filter(ch${d}, c -> substr(c.c, length(${P}) + 2, 1) = 'K'),
                                c -> concat(hb_json_quote(decode(unhex(substr(c.c, length(${P}) + 3)))), ':', c.r)), ','), '}')
         WHEN 'array' THEN concat('{"\`indexer\`":', list_filter(ch${d}, c -> substr(c.c, length(${P}) + 2, 1) = 'I')[1].r, '}')
         ELSE concat('"', x.k, '"') END)], rs${d} -> CASE WHEN len(rs${d}) = 1 THEN rs${d}[1] ELSE concat('[', array_to_string(rs${d}, ','), ']') END)[1])[1]`);
  }
  m.push(`CREATE OR REPLACE MACRO hb_buildschema(l) AS CASE WHEN l IS NULL OR len(l) = 0 THEN error('HB162: buildschema() of no values (Kusto does not document it)')
     ELSE list_transform([hb_bs_check(hb_bs_dedup(flatten(l)))], bl -> hb_bs_node0(bl, ''))[1] END`);
  return m;
}

/** SQL macros these templates call, created on every engine connection. */
export const MACROS: string[] = [
  ...buildschemaMacros(),
  // a list's distinct non-null values in order of first appearance (DuckDB's list_distinct does
  // not keep any order): sorted by (value, position), the first of each value, back in position order
  `CREATE OR REPLACE MACRO hb_distinct_first(l) AS list_transform(
     [list_sort(list_filter(list_transform(l, (x, i) -> {v: x, i: i}), e -> e.v IS NOT NULL))],
     s -> list_transform(list_sort(list_transform(list_filter(s, (e, j) -> j = 1 OR s[j - 1].v IS DISTINCT FROM e.v), e -> {i: e.i, v: e.v})), e -> e.v))[1]`,
  // maps merged key by key, keys in order of first appearance: each key's first non-null value
  // (null when it only ever held null); no rows make an empty map
  `CREATE OR REPLACE MACRO hb_bag_union(l) AS map_from_entries(list_transform(
     hb_distinct_first(flatten(list_transform(coalesce(l, []), m -> map_keys(m)))),
     k -> {'key': k, 'value': list_filter(flatten(list_transform(l, m -> [m[k]])), v -> v IS NOT NULL)[1]}))`,
  // the value at 1-based weighted rank r of a list of {v, w} sorted by v: the first whose running
  // weight reaches r (quadratic in the group's distinct rows; fine for the bucketed tables it is for)
  // make_bag of JSON text: every object's (encoded key, encoded value) entries in row order (values
  // that are not objects are skipped); a key with two different values is refused (Kusto picks an
  // arbitrary one); each key once, in order of first appearance (linear in the entries for each
  // distinct key); no bags make {}
  `CREATE OR REPLACE MACRO hb_json_bag_union(l) AS list_transform([flatten(list_transform(
     list_filter(list_transform(coalesce(l, []), j -> hb_json_map(j)), m -> m IS NOT NULL), m -> map_entries(m)))], es ->
     list_transform([list_transform(es, e -> e.key)], ks ->
     CASE WHEN len(list_distinct(ks)) <> len(list_distinct(list_transform(es, e -> concat(e.key, '=', e.value))))
          THEN error('HB162: make_bag() of bags giving one key different values (Kusto picks an arbitrary one)')
          ELSE concat('{', array_to_string(list_transform(list_sort(list_transform(list_distinct(ks), k -> list_position(ks, k))),
                 i -> concat(hb_json_dec(es[i].key), ':', hb_json_dec(es[i].value))), ','), '}') END)[1])[1]`,
  `CREATE OR REPLACE MACRO hb_bag_cap(m, n) AS CASE WHEN len(map_keys(m)) > n
     THEN error('HB162: make_bag() of bags with more keys than its maxSize (which keys Kusto keeps is not documented)') ELSE m END`,
  `CREATE OR REPLACE MACRO hb_json_bag_cap(j, n) AS CASE WHEN len(hb_json_keys(j)) > n
     THEN error('HB162: make_bag() of bags with more keys than its maxSize (which keys Kusto keeps is not documented)') ELSE j END`,
  `CREATE OR REPLACE MACRO hb_pctw_pick(s, r) AS
     s[list_position(list_transform(range(1, len(s) + 1), i -> list_sum(list_transform(list_slice(s, 1, i), e -> e.w)) >= r), true)].v`,
  `CREATE OR REPLACE MACRO hb_pctw(l, q) AS CASE
     WHEN l IS NULL OR len(l) = 0 THEN NULL
     WHEN list_bool_or(list_transform(l, e -> e.w IS NULL OR e.w <= 0))
       THEN error('HB121: percentilew() with a null or non-positive weight (Kusto does not document it)')
     ELSE hb_pctw_pick(list_sort(l), greatest(1, ceil(list_sum(list_transform(l, e -> e.w)) * q))) END`,
];
