/** general functions: IR → DuckDB SQL (lowering in lower/families/general.ts). */
import type { Template } from '../functions.ts';

const refuse = (what: string) => `error('HB162: unsupported: ${what.replace(/'/g, "''")} (Kusto''s answer is not documented)')`;

export const SQL: Record<string, Template> = {
  // Integers compared exactly (HUGEINT); a range reaching outside the long range or a negative
  // delta is not documented.
  around_int: `CASE WHEN $2 < 0 OR CAST($1 AS HUGEINT) - $2 < -9223372036854775808 OR CAST($1 AS HUGEINT) + $2 > 9223372036854775807
      THEN ${refuse('around() with a negative delta or a range outside the long range')}
    ELSE CAST($0 AS HUGEINT) BETWEEN CAST($1 AS HUGEINT) - $2 AND CAST($1 AS HUGEINT) + $2 END`,
  around_real: `CASE WHEN $2 < 0 OR isnan($0) OR isnan($1) OR isnan($2) THEN ${refuse('around() of NaN or with a negative delta')}
    ELSE $0 BETWEEN $1 - $2 AND $1 + $2 END`,
  // $1, $2: center - delta and center + delta computed as Kusto's datetime/timespan arithmetic
  around_time: `CASE WHEN $3 < 0 THEN ${refuse('around() with a negative delta')} ELSE $0 BETWEEN $1 AND $2 END`,
  eds_long: `CASE WHEN $0 IS NULL THEN ${refuse('estimate_data_size() of a null long')} ELSE CAST(8 AS BIGINT) END`,
  eds_string: String.raw`CASE WHEN regexp_matches($0, '[^\x00-\x7F]') THEN ${refuse('estimate_data_size() of non-ASCII text')} ELSE CAST(strlen($0) AS BIGINT) END`,
  rand: 'random()',
  rand_n: `CASE WHEN $0 <= 0 THEN ${refuse('rand(N) with N <= 0')} ELSE floor(random() * $0) END`,
  new_guid: 'CAST(gen_random_uuid() AS VARCHAR)',
};

export const MACROS: string[] = [];
