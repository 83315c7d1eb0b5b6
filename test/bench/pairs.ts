/**
 * Query pairs for `npm run bench` (engine section): the same question as KQL (compiled by huntbench)
 * and as hand-written DuckDB SQL. The bench reports time(translated) / time(handwritten).
 * `dataset: 'none'` pairs build their own data; 'lab' pairs need the lab dataset.
 */
export interface BenchPair {
  name: string;
  dataset: 'none' | 'lab';
  kql: string;
  sql: string;
}

export const PAIRS: BenchPair[] = [
  {
    name: 'range-summarize',
    dataset: 'none',
    kql: 'range x from 1 to 2000000 step 1 | summarize n = count(), s = sum(x) by k = x % 7',
    sql: 'SELECT x % 7 AS k, count(*) AS n, sum(x)::BIGINT AS s FROM range(1, 2000001) t(x) GROUP BY ALL',
  },
  {
    name: 'range-where-top',
    dataset: 'none',
    kql: 'range x from 1 to 2000000 step 1 | where x % 3 == 0 | top 10 by x desc',
    sql: 'SELECT x FROM range(1, 2000001) t(x) WHERE x % 3 = 0 ORDER BY x DESC NULLS LAST LIMIT 10',
  },
  {
    name: 'string-contains',
    dataset: 'none',
    kql: 'range x from 1 to 500000 step 1 | extend s = strcat("proc-", tostring(x)) | where s contains "99" | count',
    sql: "SELECT count(*) AS Count FROM (SELECT concat('proc-', x::VARCHAR) AS s FROM range(1, 500001) t(x)) WHERE contains(lower(s), '99')",
  },
];
