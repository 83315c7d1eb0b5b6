/**
 * host functions: IR → DuckDB SQL (lowering and the first pass in lower/families/host.ts; the
 * answers are computed in JavaScript, kql/host). The answers arrive as a VALUES list of
 * (key, answer); each row looks its key up in a correlated subquery (a hash join in DuckDB), which
 * keeps the rows and their order. A key the first pass did not see fails the query.
 */
import type { Template } from '../functions.ts';

const num = (x: string) => `coalesce(CAST(${x} AS VARCHAR), 'null')`;

export const SQL: Record<string, Template> = {
  // Kusto's null string is the empty string: one key for both
  host_key_str: "coalesce($0, '')",
  // numeric arguments as their text (a double's shortest round-trip text), then a string (H3 keys)
  host_key_nums: (a) => a.map(num).join(" || ',' || "),
  host_key_nums_str: (a) => [...a.slice(0, -1).map(num), `coalesce(${a[a.length - 1]}, '')`].join(" || ',' || "),
  host_lookup:
    "(SELECT CASE WHEN count(*) = 0 THEN error('HB162: a host-computed function met an argument its first pass did not read (the input changed between the passes, e.g. rand() or an unordered take)') ELSE first(hb_h.v) END FROM (VALUES $1) AS hb_h(k, v) WHERE hb_h.k = $0)",
};

export const MACROS: string[] = [];
