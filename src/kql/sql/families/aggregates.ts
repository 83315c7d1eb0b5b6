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
  make_bag_map: (a, where) => `hb_bag_union(list(${a[0]})${where(`${a[0]} IS NOT NULL`)})`,
  percentilew: (a, where) => weighted(a[0], a[1], `${a[2]} / 100.0`, where),
  percentilesw_list: (a, where) => `[${a.slice(2).map((p) => weighted(a[0], a[1], `${p} / 100.0`, where)).join(', ')}]`,
  percentilesw_dyn: (a, where) => `list_transform(${a[2]}, p -> ${weighted(a[0], a[1], 'p / 100.0', where)})`,
};

/** SQL macros these templates call, created on every engine connection. */
export const MACROS: string[] = [
  // maps merged key by key: each key's first non-null value (null when it only ever held null);
  // no rows make an empty map
  `CREATE OR REPLACE MACRO hb_bag_union(l) AS map_from_entries(list_transform(
     list_distinct(flatten(list_transform(coalesce(l, []), m -> map_keys(m)))),
     k -> {'key': k, 'value': list_filter(flatten(list_transform(l, m -> [m[k]])), v -> v IS NOT NULL)[1]}))`,
  // the value at 1-based weighted rank r of a list of {v, w} sorted by v: the first whose running
  // weight reaches r (quadratic in the group's distinct rows; fine for the bucketed tables it is for)
  `CREATE OR REPLACE MACRO hb_pctw_pick(s, r) AS
     s[list_position(list_transform(range(1, len(s) + 1), i -> list_sum(list_transform(list_slice(s, 1, i), e -> e.w)) >= r), true)].v`,
  `CREATE OR REPLACE MACRO hb_pctw(l, q) AS CASE
     WHEN l IS NULL OR len(l) = 0 THEN NULL
     WHEN list_bool_or(list_transform(l, e -> e.w IS NULL OR e.w <= 0))
       THEN error('HB121: percentilew() with a null or non-positive weight (Kusto does not document it)')
     ELSE hb_pctw_pick(list_sort(l), greatest(1, ceil(list_sum(list_transform(l, e -> e.w)) * q))) END`,
];
