/** SQL of evaluate plugins' row functions (lowering in lower/operators/<plugin>.ts). */
import type { Template } from '../functions.ts';

const ERR = (what: string) => `error('HB162: ${what}')`;

/**
 * The first WHEN arms of a time-window plugin's row bin (sliding_window_counts, activity_counts_metrics):
 * $0 the row's time, $1 Start, $2 End; what the pages leave open is refused.
 */
const periodGuards = (plugin: string) => `WHEN $1 IS NULL OR $2 IS NULL THEN ${ERR(`unsupported: ${plugin} with a null Start or End (not documented)`)}
     WHEN $2 < $1 THEN ${ERR(`unsupported: ${plugin} with an End before Start (not documented)`)}
     WHEN $0 IS NULL THEN ${ERR(`unsupported: ${plugin} of a row whose timeline is null (not documented)`)}`;

export const SQL: Record<string, Template> = {
  // ipv4_lookup (lower/operators/ipv4-lookup.ts): the source address as a number (NULL when it is
  // not a dotted quad: it matches nothing); an address with a prefix is refused (not documented).
  ipv4_lookup_addr: `(CASE WHEN contains($0, '/') AND hb_ip4_quad(split_part($0, '/', 1)) IS NOT NULL
     THEN ${ERR('ipv4_lookup of a source address with an IP prefix is not supported (how it matches a range is not documented)')}
     ELSE hb_ip4_quad($0) END)`,
  // The first and last number of a lookup key's range (a.b.c.d or a.b.c.d/p, p in 0..32); NULL otherwise.
  ipv4_lookup_lo: 'hb_ip4_lookup_lo($0)',
  ipv4_lookup_hi: '(hb_ip4_lookup_lo($0) + hb_ip4_lookup_size($0) - 1)',
  ipv4_lookup_in: '($0 BETWEEN $1 AND $2)',
  // sliding_window_counts (lower/operators/sliding-window-counts.ts): a row's bin counted from
  // Start ($1), or NULL when no window of the period reaches it; $3 = Bin in µs, $4 = the number
  // of bins of the lookback window. What the page leaves open is refused when such a row is there.
  swc_bin: `(CASE
     ${periodGuards('sliding_window_counts')}
     WHEN $0 < $1 THEN (CASE WHEN epoch_us($0) >= epoch_us($1) - ($4 - 1) * $3 THEN ${ERR('unsupported: sliding_window_counts of a row before Start but within the lookback window of the first bin (whether Kusto counts it is not documented); filter the input to Start and later')} END)
     WHEN $0 > $2 THEN (CASE WHEN (epoch_us($0) - epoch_us($1)) // $3 <= (epoch_us($2) - epoch_us($1)) // $3 THEN ${ERR('unsupported: sliding_window_counts of a row after End but within the bin of End (whether Kusto counts it is not documented); filter the input to End and earlier')} END)
     ELSE (epoch_us($0) - epoch_us($1)) // $3 END)`,
  // The bins a row counts in: its own and the next ($1 - 1).
  swc_window: 'range($0, $0 + $1)',
  swc_in_period: '($0 <= (epoch_us($2) - epoch_us($1)) // $3)',
  swc_time: '($0 + to_microseconds($1 * $2))',
  // activity_counts_metrics (lower/operators/activity-counts-metrics.ts): a row's window counted
  // from Start ($1), NULL after End's window ($3 = Step in µs); the windows from $0 to End's; a
  // combination's count ($0) in window $1 (new_dcount $2, aggregated_dcount $3), refusing a window
  // without rows (NULL: no match) and a combination whose first window is after Start's.
  acm_window: `(CASE
     ${periodGuards('activity_counts_metrics')}
     WHEN $0 < $1 THEN ${ERR('unsupported: activity_counts_metrics of a row before Start (whether it counts as an earlier window for new_dcount is not documented); filter the input to Start and later')}
     WHEN (epoch_us($0) - epoch_us($1)) // $3 > (epoch_us($2) - epoch_us($1)) // $3 THEN NULL
     WHEN $0 > $2 THEN ${ERR('unsupported: activity_counts_metrics of a row after End but within the window of End (whether Kusto counts it is not documented); filter the input to End and earlier')}
     ELSE (epoch_us($0) - epoch_us($1)) // $3 END)`,
  acm_windows_from: 'range($0, (epoch_us($2) - epoch_us($1)) // $3 + 1)',
  acm_checked: `(CASE
     WHEN $0 IS NULL THEN ${ERR('unsupported: activity_counts_metrics of a dimension combination without rows in a window after its first (whether Kusto shows that window with zero counts is not documented)')}
     WHEN $2 = $3 AND $1 > 0 THEN ${ERR('unsupported: activity_counts_metrics of a dimension combination without rows in the first windows from Start (whether Kusto shows them with zero counts is not documented)')}
     ELSE $0 END)`,
};

/** SQL macros these templates call. */
export const MACROS: string[] = [
  String.raw`CREATE OR REPLACE MACRO hb_ip4_lookup_pre(s) AS (CASE
     WHEN NOT contains(s, '/') THEN 32
     WHEN regexp_full_match(split_part(s, '/', 2), '\d{1,2}') AND CAST(split_part(s, '/', 2) AS INTEGER) <= 32
       AND length(s) - length(replace(s, '/', '')) = 1 THEN CAST(split_part(s, '/', 2) AS INTEGER) END)`,
  `CREATE OR REPLACE MACRO hb_ip4_lookup_size(s) AS (CAST(pow(2, 32 - hb_ip4_lookup_pre(s)) AS BIGINT))`,
  `CREATE OR REPLACE MACRO hb_ip4_lookup_lo(s) AS (
     (hb_ip4_quad(split_part(s, '/', 1)) // hb_ip4_lookup_size(s)) * hb_ip4_lookup_size(s))`,
];
