/**
 * sketches family: IR → DuckDB SQL (lowering and the meaning of the sketches in
 * lower/families/sketches.ts). An hll sketch is a list of the distinct non-null values; a tdigest
 * sketch the list of the non-null values, or of {v, w} when weighted. Each reader answers what the
 * matching aggregate answers on the same rows: dcount() (count DISTINCT), percentile() (DuckDB's
 * quantile_disc, whose rank is reproduced below to the last rounding), percentilew() (hb_pctw).
 */
import type { Template } from '../functions.ts';
import type { AggTemplate } from './aggregates.ts';

/** A sketch argument that must not be null (a null state, e.g. from an outer join, is not documented). */
const live = (x: string, what: string) =>
  `(CASE WHEN ${x} IS NULL THEN error('HB162: ${what} of a null sketch is not supported (Kusto does not document it)') ELSE ${x} END)`;

/** q = p / 100, as percentile() computes it (sql/emit.ts). */
const q = (p: string) => `(${p}) / 100.0`;

export const SQL: Record<string, Template> = {
  hll_merge_n: (a) => `list_distinct(flatten([${a.map((x) => live(x, 'hll_merge()')).join(', ')}]))`,
  tdigest_merge_n: (a) => `flatten([${a.map((x) => live(x, 'tdigest_merge()')).join(', ')}])`,
  tdigest_weigh: (a) => `list_transform(${a[0]}, hb_sk -> {'v': hb_sk, 'w': CAST(1 AS BIGINT)})`,
  dcount_hll: (a) => `CAST(len(${live(a[0], 'dcount_hll()')}) AS BIGINT)`,
  tdigest_pct: (a) => `hb_td_pct(${live(a[0], 'percentile_tdigest()')}, ${q(a[1])})`,
  tdigest_pct_w: (a) => `hb_td_pctw(${live(a[0], 'percentile_tdigest()')}, ${q(a[1])})`,
  tdigest_pcts: (a) => `[${a.slice(1).map((p) => `hb_td_pct(${live(a[0], 'percentiles_array_tdigest()')}, ${q(p)})`).join(', ')}]`,
  tdigest_pcts_w: (a) => `[${a.slice(1).map((p) => `hb_td_pctw(${live(a[0], 'percentiles_array_tdigest()')}, ${q(p)})`).join(', ')}]`,
  tdigest_pcts_dyn: (a) => `list_transform(${a[1]}, hb_p -> hb_td_pct(${live(a[0], 'percentiles_array_tdigest()')}, ${q('hb_p')}))`,
  tdigest_pcts_dyn_w: (a) => `list_transform(${a[1]}, hb_p -> hb_td_pctw(${live(a[0], 'percentiles_array_tdigest()')}, ${q('hb_p')}))`,
  tdigest_rank: (a) => `hb_td_rank(${live(a[0], 'rank_tdigest()')}, ${a[1]}, false)`,
  tdigest_rank_real: (a) => `hb_td_rank(${live(a[0], 'rank_tdigest()')}, ${a[1]}, isnan(${a[1]}))`,
  tdigest_rank_w: (a) => `hb_td_rankw(${live(a[0], 'rank_tdigest()')}, ${a[1]}, false)`,
  tdigest_rank_w_real: (a) => `hb_td_rankw(${live(a[0], 'rank_tdigest()')}, ${a[1]}, isnan(${a[1]}))`,
  tdigest_percentrank: (a) => `(hb_td_rank(${live(a[0], 'percentrank_tdigest()')}, ${a[1]}, false) * 100.0 / len(${a[0]}))`,
  tdigest_percentrank_real: (a) => `(hb_td_rank(${live(a[0], 'percentrank_tdigest()')}, ${a[1]}, isnan(${a[1]})) * 100.0 / len(${a[0]}))`,
  tdigest_percentrank_w: (a) =>
    `(hb_td_rankw(${live(a[0], 'percentrank_tdigest()')}, ${a[1]}, false) * 100.0 / CAST(list_sum(list_transform(${a[0]}, hb_e -> hb_e.w)) AS DOUBLE))`,
  tdigest_percentrank_w_real: (a) =>
    `(hb_td_rankw(${live(a[0], 'percentrank_tdigest()')}, ${a[1]}, isnan(${a[1]})) * 100.0 / CAST(list_sum(list_transform(${a[0]}, hb_e -> hb_e.w)) AS DOUBLE))`,
};

const notNull = (x: string) => `${x} IS NOT NULL`;

/** Sketch aggregates (emit.ts reads them with the aggregates family's). */
export const AGG_SQL: Record<string, AggTemplate> = {
  hll: (a, where) => `coalesce(list(DISTINCT ${a[0]})${where(notNull(a[0]))}, [])`,
  hll_merge: (a, where) => `coalesce(list_distinct(flatten(list(${a[0]})${where(notNull(a[0]))})), [])`,
  tdigest: (a, where) => `coalesce(list(${a[0]})${where(notNull(a[0]))}, [])`,
  // percentilew()'s rule (hb_pctw): a null or non-positive weight is refused
  tdigest_w: (a, where) =>
    `CASE WHEN bool_or(${a[1]} IS NULL OR ${a[1]} <= 0)${where(notNull(a[0]))} THEN error('HB121: tdigest() with a null or non-positive weight (Kusto does not document it)') ELSE coalesce(list({'v': ${a[0]}, 'w': CAST(${a[1]} AS BIGINT)})${where(notNull(a[0]))}, []) END`,
  tdigest_merge: (a, where) => `coalesce(flatten(list(${a[0]})${where(notNull(a[0]))}), [])`,
};

const BAD_Q = `q IS NULL OR isnan(q) OR q < 0 OR q > 1`;
const BAD_Q_ERROR = `error('HB162: a percentile outside 0 to 100 is not supported (Kusto does not document it)')`;

export const MACROS: string[] = [
  // percentile(): DuckDB's quantile_disc takes the element at 1-based rank max(1, n - floor(n - n·q))
  // in double arithmetic (its Interpolator<true>::Index), which is the nearest rank ceil(n·q) up to
  // that rounding; an empty sketch (no values) reads as null, as percentile() of no rows is.
  `CREATE OR REPLACE MACRO hb_td_pct(t, q) AS CASE
     WHEN ${BAD_Q} THEN ${BAD_Q_ERROR}
     WHEN len(t) = 0 THEN NULL
     ELSE list_sort(t)[CAST(greatest(1, len(t) - floor(CAST(len(t) AS DOUBLE) - CAST(len(t) AS DOUBLE) * q)) AS BIGINT)] END`,
  // percentilew() (hb_pctw): the first value, in order, whose running weight reaches rank
  // max(1, ceil(W·q)); one pass over the sorted list
  `CREATE OR REPLACE MACRO hb_td_pick(s, r) AS list_reduce(s,
     (hb_a, hb_e) -> CASE WHEN hb_a.f THEN hb_a ELSE {'c': hb_a.c + hb_e.w, 'v': hb_e.v, 'f': hb_a.c + hb_e.w >= r} END,
     {'c': CAST(0 AS HUGEINT), 'v': s[1].v, 'f': false}).v`,
  `CREATE OR REPLACE MACRO hb_td_pctw(t, q) AS CASE
     WHEN ${BAD_Q} THEN ${BAD_Q_ERROR}
     WHEN len(t) = 0 THEN NULL
     ELSE hb_td_pick(list_sort(t), greatest(1, ceil(list_sum(list_transform(t, hb_e -> hb_e.w)) * q))) END`,
  // rank: how many values (their weight) are at or below v ("count of members of S that are
  // smaller or equal to v"); a null or NaN v and an empty sketch are not documented
  `CREATE OR REPLACE MACRO hb_td_rank_check(t, v, nan) AS CASE
     WHEN v IS NULL OR nan THEN error('HB162: rank_tdigest() / percentrank_tdigest() of a null or NaN value is not supported (Kusto does not document it)')
     WHEN len(t) = 0 THEN error('HB162: rank_tdigest() / percentrank_tdigest() of an empty sketch is not supported (Kusto does not document it)')
     ELSE true END`,
  `CREATE OR REPLACE MACRO hb_td_rank(t, v, nan) AS CASE WHEN hb_td_rank_check(t, v, nan)
     THEN CAST(len(list_filter(t, hb_e -> hb_e <= v)) AS DOUBLE) END`,
  `CREATE OR REPLACE MACRO hb_td_rankw(t, v, nan) AS CASE WHEN hb_td_rank_check(t, v, nan)
     THEN CAST(coalesce(list_sum(list_transform(list_filter(t, hb_e -> hb_e.v <= v), hb_e -> hb_e.w)), 0) AS DOUBLE) END`,
];
