/** series functions: IR → DuckDB SQL (lowering in lower/families/series.ts). */
import type { Template } from '../functions.ts';

/**
 * One element of an element-wise operation; `a`/`b` are the two elements (null when missing,
 * which makes the result element null, as Kusto documents for arrays of different lengths).
 * Comparisons follow IEEE: NaN compares false (DuckDB orders NaN above every number).
 */
const ELEM: Record<string, (a: string, b: string) => string> = {
  add_long: (a, b) => `hb_wrap64(CAST(${a} AS HUGEINT) + ${b})`,
  add_real: (a, b) => `(${a} + ${b})`,
  subtract_long: (a, b) => `hb_wrap64(CAST(${a} AS HUGEINT) - ${b})`,
  subtract_real: (a, b) => `(${a} - ${b})`,
  multiply_long: (a, b) => `hb_wrap64(CAST(${a} AS HUGEINT) * ${b})`,
  multiply_real: (a, b) => `(${a} * ${b})`,
  divide_real: (a, b) => `(CAST(${a} AS DOUBLE) / ${b})`,
  pow_real: (a, b) => `pow(CAST(${a} AS DOUBLE), ${b})`,
  greater_real: (a, b) => `(${a} > ${b} AND NOT isnan(${a}) AND NOT isnan(${b}))`,
  greater_equals_real: (a, b) => `(${a} >= ${b} AND NOT isnan(${a}) AND NOT isnan(${b}))`,
  less_real: (a, b) => `(${a} < ${b} AND NOT isnan(${a}) AND NOT isnan(${b}))`,
  less_equals_real: (a, b) => `(${a} <= ${b} AND NOT isnan(${a}) AND NOT isnan(${b}))`,
  equals_real: (a, b) => `(${a} = ${b} AND NOT isnan(${a}))`,
  not_equals_real: (a, b) => `(NOT (${a} = ${b} AND NOT isnan(${a})))`,
};

const nulls = (a: string, b: string, e: string) => `CASE WHEN ${a} IS NULL OR ${b} IS NULL THEN NULL ELSE ${e} END`;

function elementWise(): Record<string, Template> {
  const out: Record<string, Template> = {};
  for (const [k, f] of Object.entries(ELEM)) {
    // series op series: as long as the longer one; series op number; number op series
    out[`ser_${k}_ll`] = (x) => `list_transform([{'a': ${x[0]}, 'b': ${x[1]}}], p -> list_transform(range(greatest(len(p.a), len(p.b))), i -> ${nulls('p.a[i + 1]', 'p.b[i + 1]', f('p.a[i + 1]', 'p.b[i + 1]'))}))[1]`;
    out[`ser_${k}_ls`] = (x) => `list_transform([${x[1]}], y -> list_transform(${x[0]}, v -> ${nulls('v', 'y', f('v', 'y'))}))[1]`;
    out[`ser_${k}_sl`] = (x) => `list_transform([${x[0]}], y -> list_transform(${x[1]}, v -> ${nulls('y', 'v', f('y', 'v'))}))[1]`;
  }
  return out;
}

const unary = (e: string): Template => `list_transform($0, v -> ${e})`;

export const SQL: Record<string, Template> = {
  ...elementWise(),
  ser_abs: unary('abs(v)'),
  ser_sign: unary("CASE WHEN isnan(v) THEN 'NaN'::DOUBLE ELSE CAST(sign(v) AS DOUBLE) END"),
  ser_ceiling: unary('CAST(ceil(v) AS DOUBLE)'),
  ser_floor: unary('CAST(floor(v) AS DOUBLE)'),
  ser_exp: unary('exp(CAST(v AS DOUBLE))'),
  // as log(): null below zero, -Infinity at zero
  ser_log: unary("CASE WHEN v < 0 THEN NULL WHEN v = 0 THEN '-Infinity'::DOUBLE ELSE ln(v) END"),
  // trigonometry: NaN outside the domain (as .NET's Math), where DuckDB raises an error
  ser_sin: unary("CASE WHEN isinf(v) THEN 'NaN'::DOUBLE ELSE sin(v) END"),
  ser_cos: unary("CASE WHEN isinf(v) THEN 'NaN'::DOUBLE ELSE cos(v) END"),
  ser_tan: unary("CASE WHEN isinf(v) THEN 'NaN'::DOUBLE ELSE tan(v) END"),
  ser_asin: unary("CASE WHEN abs(v) > 1 THEN 'NaN'::DOUBLE ELSE asin(v) END"),
  ser_acos: unary("CASE WHEN abs(v) > 1 THEN 'NaN'::DOUBLE ELSE acos(v) END"),
  ser_atan: unary('atan(CAST(v AS DOUBLE))'),
  ser_fill_forward: 'hb_ser_ffill($0)',
  ser_fill_backward: 'hb_ser_bfill($0)',
  ser_fill_const: 'list_transform([$1], c -> list_transform($0, v -> coalesce(v, c)))[1]',
  ser_fill_linear: 'hb_ser_lfill($0, $1, $2)',
  // a series of longs: interpolated values are truncated toward zero (Kusto's documented example)
  ser_fill_linear_long: 'hb_ser_lfill_long($0, $1, $2)',
};

/** SQL macros these templates call, created on every engine connection. */
export const MACROS: string[] = [
  // the last (next) non-null element at or before (after) each position
  `CREATE OR REPLACE MACRO hb_ser_ffill(s) AS list_transform([s], z -> list_transform(range(len(z)), i ->
     coalesce(z[i + 1], z[list_filter(range(i), j -> z[j + 1] IS NOT NULL)[-1] + 1])))[1]`,
  `CREATE OR REPLACE MACRO hb_ser_bfill(s) AS list_transform([s], z -> list_transform(range(len(z)), i ->
     coalesce(z[i + 1], z[list_filter(range(i + 1, len(z)), j -> z[j + 1] IS NOT NULL)[1] + 1])))[1]`,
  // linear interpolation between the neighbouring non-null elements; edges take the nearest value
  // when `edges`, an array of nulls only takes the constant `c`
  `CREATE OR REPLACE MACRO hb_ser_lfill_at(z, i, edges) AS list_transform([{
       'p': list_filter(range(i), j -> z[j + 1] IS NOT NULL)[-1],
       'q': list_filter(range(i + 1, len(z)), j -> z[j + 1] IS NOT NULL)[1]}], w ->
     CASE WHEN w.p IS NOT NULL AND w.q IS NOT NULL
            THEN z[w.p + 1] + (CAST(z[w.q + 1] AS DOUBLE) - z[w.p + 1]) * (i - w.p) / (w.q - w.p)
          WHEN NOT edges THEN NULL
          ELSE coalesce(z[w.p + 1], z[w.q + 1]) END)[1]`,
  `CREATE OR REPLACE MACRO hb_ser_lfill(s, edges, c) AS list_transform([s], z ->
     CASE WHEN len(list_filter(z, v -> v IS NOT NULL)) = 0 THEN list_transform(z, v -> CAST(c AS DOUBLE))
          ELSE list_transform(range(len(z)), i -> coalesce(z[i + 1], hb_ser_lfill_at(z, i, edges))) END)[1]`,
  `CREATE OR REPLACE MACRO hb_ser_lfill_long(s, edges, c) AS list_transform([s], z ->
     CASE WHEN len(list_filter(z, v -> v IS NOT NULL)) = 0 THEN list_transform(z, v -> CAST(c AS BIGINT))
          ELSE list_transform(range(len(z)), i -> coalesce(z[i + 1], CAST(trunc(hb_ser_lfill_at(z, i, edges)) AS BIGINT))) END)[1]`,
];
