/** datetime functions: IR → DuckDB SQL (lowering in lower/families/datetime.ts). */
import type { Template } from '../functions.ts';

// $1..$3 are the zone's list literals (lower/families/datetime.ts): bound once through a lambda so
// that the macros' repeated uses of them do not repeat the literals.
const zone = (body: string) => (a: string[]) =>
  `list_transform([{'st': ${a[1]}, 'tr': ${a[2]}, 'offs': ${a[3]}}], z -> ${body.replace('$0', () => a[0])})[1]`;

export const SQL: Record<string, Template> = {
  tz_utc_to_local: zone('hb_tz_to_local($0, z.st, z.tr)'),
  tz_local_to_utc: zone('hb_tz_to_utc($0, z.st, z.tr, z.offs)'),
  unixtime_nanoseconds_todatetime:
    "CASE WHEN $0 % 1000 <> 0 THEN error('HB162: unixtime_nanoseconds_todatetime() of a value finer than a microsecond is not supported') ELSE hb_dt_range(make_timestamp($0 // 1000)) END",
};

/** SQL macros these templates call, created on every engine connection. */
export const MACROS: string[] = [
  // The zone's offset (µs) at UTC instant u (µs since 1970): the last change at or before u in
  // u's year, else the offset the year started with.
  `CREATE OR REPLACE MACRO hb_tz_off(u, st, tr) AS list_transform([year(make_timestamp(u)) - 1969], i ->
     coalesce(list_filter(tr[i], p -> p[1] <= u)[-1][2], st[i]))[1]`,
  `CREATE OR REPLACE MACRO hb_tz_to_local(t, st, tr) AS (
     CASE WHEN t < TIMESTAMP '1970-01-01' OR t >= TIMESTAMP '2041-01-01'
          THEN error('HB162: datetime_utc_to_local() outside 1970..2040 (the time-zone table) is not supported')
          ELSE make_timestamp(epoch_us(t) + hb_tz_off(epoch_us(t), st, tr)) END)`,
  // Local → UTC: the UTC instant whose local time it is. A local time skipped by a change (clocks
  // moved forward) takes the offset after the change, as the reference's Europe/Brussels example
  // shows; a local time that happens twice (clocks moved back) is refused: which one Kusto picks is
  // not documented.
  `CREATE OR REPLACE MACRO hb_tz_to_utc(t, st, tr, offs) AS (
     CASE WHEN t < TIMESTAMP '1970-01-03' OR t >= TIMESTAMP '2040-12-30'
          THEN error('HB162: datetime_local_to_utc() outside 1970-01-03..2040-12-29 (the time-zone table) is not supported')
          ELSE list_transform([epoch_us(t)], l -> list_transform([list_filter(offs, o -> hb_tz_off(l - o, st, tr) = o)], v ->
            CASE WHEN len(v) = 1 THEN make_timestamp(l - v[1])
                 WHEN len(v) = 0 THEN make_timestamp(l - hb_tz_off(l - hb_tz_off(l - 172800000000, st, tr), st, tr))
                 ELSE error('HB162: datetime_local_to_utc() of a local time that occurs twice (clocks set back) is not supported') END)[1])[1] END)`,
];
