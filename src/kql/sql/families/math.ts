/** math functions: IR → DuckDB SQL (lowering in lower/families/math.ts). */
import type { Template } from '../functions.ts';

// DuckDB raises an error where Kusto (IEEE 754, as .NET's Math) answers NaN or ±∞: the domain
// edges are spelled out. Arguments are DOUBLE (reals) or BIGINT (the bit functions).
const NAN = "'NaN'::DOUBLE";

// erf/erfc (DuckDB has neither): for |x| < 2 the Maclaurin series of erf, evaluated by Horner's
// rule on its first 60 coefficients (the remainder is below 1e-30 there); for |x| >= 2 the
// continued fraction of erfc, x + (1/2)/(x + 1/(x + (3/2)/(x + …))), evaluated from depth 60
// (it has converged to the last bit from 2 on). Checked against the reference's tables.
let factorial = 1;
const ERF_COEFFS: number[] = [];
for (let n = 0; n < 60; n++) {
  if (n > 0) factorial *= n;
  ERF_COEFFS.push((n % 2 ? -1 : 1) / (factorial * (2 * n + 1)));
}
const doubles = (xs: number[]) => `CAST([${xs.map((x) => x.toPrecision(17)).join(', ')}] AS DOUBLE[])`;
const ERF_HORNER = doubles([...ERF_COEFFS].reverse());
const ERFC_CF = doubles(Array.from({ length: 60 }, (_, i) => (60 - i) / 2));

export const SQL: Record<string, Template> = {
  // sin/cos/tan of ±∞ are NaN (DuckDB refuses the input)
  m_sin: `CASE WHEN isinf($0) THEN ${NAN} ELSE sin($0) END`,
  m_cos: `CASE WHEN isinf($0) THEN ${NAN} ELSE cos($0) END`,
  m_tan: `CASE WHEN isinf($0) THEN ${NAN} ELSE tan($0) END`,
  // documented: null outside [-1, 1]
  m_asin: 'CASE WHEN $0 BETWEEN -1 AND 1 OR isnan($0) THEN asin($0) END',
  m_acos: 'CASE WHEN $0 BETWEEN -1 AND 1 OR isnan($0) THEN acos($0) END',
  m_atan: 'atan($0)',
  m_atan2: 'atan2($0, $1)',
  // cot = 1 / tan: ±∞ at 0 (DuckDB's cot refuses 0), NaN at ±∞
  m_cot: `CASE WHEN isinf($0) THEN ${NAN} WHEN $0 = 0 THEN (CASE WHEN signbit($0) THEN '-Infinity' ELSE 'Infinity' END)::DOUBLE ELSE 1 / tan($0) END`,
  // documented formulas: degrees = (180 / pi) * x, radians = (pi / 180) * x
  m_degrees: '((180 / pi()) * $0)',
  m_radians: '((pi() / 180) * $0)',
  // Γ at 0 and at negative integers (poles) has no agreed value: refused per row
  m_gamma: "CASE WHEN $0 <= 0 AND $0 = trunc($0) THEN error('HB162: gamma() of zero or a negative integer (a pole) is not supported') ELSE gamma($0) END",
  m_loggamma: "CASE WHEN $0 <= 0 AND $0 = trunc($0) THEN error('HB162: loggamma() of zero or a negative integer (a pole) is not supported') ELSE lgamma($0) END",
  m_erf: 'hb_erf($0)',
  m_erfc: 'hb_erfc($0)',
  // value in the base unit, then in the target unit ($1, $2: the units' sizes)
  m_convert: '(($0 * $1) / $2)',
  // kelvins = value * $1 + $2 in the source scale, then (kelvins - $4) / $3 in the target one
  m_convert_affine: '(((($0 * $1) + $2) - $4) / $3)',
  m_binary_and: '($0 & $1)',
  m_binary_or: '($0 | $1)',
  m_binary_xor: 'xor($0, $1)',
  m_binary_not: '(~ $0)',
  // documented: value << (shift % 64), null for a negative shift; bits shifted out of the 64 are lost
  m_binary_shift_left: 'CASE WHEN $1 >= 0 THEN hb_wrap64(CAST($0 AS HUGEINT) * (CAST(1 AS HUGEINT) << CAST($1 % 64 AS INTEGER))) END',
  // documented: value >> (shift % 64), null for a negative shift; arithmetic (sign-keeping) shift
  m_binary_shift_right: 'CASE WHEN $1 >= 0 THEN ($0 >> CAST($1 % 64 AS INTEGER)) END',
  m_bitset_count_ones: 'CAST(bit_count($0) AS BIGINT)',
  m_nonneg_int: "CASE WHEN $0 < 0 THEN error('HB162: bitset_count_ones() of a negative int is not supported (its bit width is not documented)') ELSE $0 END",
};

/** SQL macros these templates call, created on every engine connection. */
export const MACROS: string[] = [
  `CREATE OR REPLACE MACRO hb_erf_series(x) AS (2 / sqrt(pi())) * x * list_reduce(${ERF_HORNER}, (acc, c) -> acc * (x * x) + c, 0.0::DOUBLE)`,
  `CREATE OR REPLACE MACRO hb_erfc_cf(x) AS exp(- x * x) / sqrt(pi()) / list_reduce(${ERFC_CF}, (acc, h) -> x + h / acc, x)`,
  `CREATE OR REPLACE MACRO hb_erf(x) AS (CASE WHEN isnan(x) THEN x WHEN isinf(x) THEN sign(x)::DOUBLE
     WHEN abs(x) < 2 THEN hb_erf_series(x) ELSE sign(x) * (1 - hb_erfc_cf(abs(x))) END)`,
  `CREATE OR REPLACE MACRO hb_erfc(x) AS (CASE WHEN isnan(x) THEN x WHEN x = 'Infinity'::DOUBLE THEN 0.0::DOUBLE WHEN x = '-Infinity'::DOUBLE THEN 2.0::DOUBLE
     WHEN x >= 2 THEN hb_erfc_cf(x) WHEN x <= -2 THEN 2 - hb_erfc_cf(- x) ELSE 1 - hb_erf_series(x) END)`,
];
