/** math functions: IR → DuckDB SQL (lowering in lower/families/math.ts). */
import type { Template } from '../functions.ts';

// DuckDB raises an error where Kusto (IEEE 754, as .NET's Math) answers NaN or ±∞: the domain
// edges are spelled out. Arguments are DOUBLE (reals) or BIGINT (the bit functions).
const NAN = "'NaN'::DOUBLE";
/** A per-row refusal: Kusto's answer for these arguments is not documented (or documented two ways). */
const refuse = (what: string) => `error('HB162: unsupported: ${what.replace(/'/g, "''")} (Kusto''s answer is not documented)')`;

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
  // beta_cdf/beta_pdf: NaN outside the documented domain (x in [0, 1] (cdf) or (0, 1) (pdf);
  // alpha, beta in (0, 10000] (cdf) or > 0 (pdf)); a NaN argument is not documented.
  m_beta_cdf: `CASE WHEN isnan($0) OR isnan($1) OR isnan($2) THEN ${refuse('beta_cdf() of NaN')}
    WHEN $0 < 0 OR $0 > 1 OR $1 <= 0 OR $1 > 10000 OR $2 <= 0 OR $2 > 10000 THEN ${NAN} ELSE hb_ibeta($0, $1, $2) END`,
  m_beta_pdf: `CASE WHEN isnan($0) OR isnan($1) OR isnan($2) OR isinf($1) OR isinf($2) THEN ${refuse('beta_pdf() of NaN or infinity')}
    WHEN $0 <= 0 OR $0 >= 1 OR $1 <= 0 OR $2 <= 0 THEN ${NAN} ELSE hb_beta_density($0, $1, $2) END`,
  // beta_inv: p <= 0 is NaN (documented); p > 1 and alpha/beta <= 0 are documented both as null
  // and as NaN, and parameters over 10000 not at all: refused per row.
  m_beta_inv: `CASE WHEN isnan($0) OR isnan($1) OR isnan($2) OR $0 > 1 OR $1 <= 0 OR $2 <= 0 OR $1 > 10000 OR $2 > 10000
      THEN ${refuse('beta_inv() of NaN, of a probability above 1 or of parameters outside (0, 10000]')}
    WHEN $0 <= 0 THEN ${NAN} WHEN $0 = 1 THEN 1.0::DOUBLE ELSE hb_beta_inv($0, $1, $2) END`,
  // welch_test: the two-sided p-value of Welch's t statistic with the Welch–Satterthwaite degrees of
  // freedom, P(|T| > |t|) = I_(df / (df + t²))(df / 2, 1 / 2). Counts below 2, negative or two zero
  // variances (no t statistic) are not documented.
  m_welch_test: `CASE WHEN $2 < 2 OR $5 < 2 OR $1 < 0 OR $4 < 0 OR ($1 = 0 AND $4 = 0) OR isnan($0) OR isnan($1) OR isnan($3) OR isnan($4)
      OR isinf($0) OR isinf($1) OR isinf($2) OR isinf($3) OR isinf($4) OR isinf($5)
      THEN ${refuse('welch_test() with a count below 2, a negative, zero or non-finite variance, or a non-finite mean')}
    ELSE list_transform([{se2: $1 / $2 + $4 / $5, t: ($0 - $3) / sqrt($1 / $2 + $4 / $5),
        df: pow($1 / $2 + $4 / $5, 2) / (pow($1 / $2, 2) / ($2 - 1) + pow($4 / $5, 2) / ($5 - 1))}], wt_v ->
      hb_ibeta(wt_v.df / (wt_v.df + wt_v.t * wt_v.t), wt_v.df / 2, 0.5))[1] END`,
  m_bitset_count_ones: 'CAST(bit_count($0) AS BIGINT)',
  m_nonneg_int: "CASE WHEN $0 < 0 THEN error('HB162: bitset_count_ones() of a negative int is not supported (its bit width is not documented)') ELSE $0 END",
};


// The regularized incomplete beta function I_x(a, b), by the continued fraction of Numerical
// Recipes (betacf, modified Lentz), on the side of x where it converges quickly; the other side
// by I_x(a, b) = 1 - I_(1-x)(b, a). The loop is a list_reduce over at most 1000 steps whose state
// stops changing once a step's factor is 1 to the last bit; a fraction that has not converged
// then is refused per row, never returned. Lambda names are unique per macro (DuckDB expands
// macros in place, and a shared name would capture the wrong lambda's variable).
const BETA_STEPS = 1000;
const BETA_MACROS = [
  'CREATE OR REPLACE MACRO hb_lentz_tiny(v) AS (CASE WHEN abs(v) < 1e-300 THEN 1e-300 ELSE v END)',
  `CREATE OR REPLACE MACRO hb_betacf(a, b, x) AS (
    list_reduce(list_transform(range(1, ${BETA_STEPS + 1}), cf_i -> {c: 0.0::DOUBLE, d: 0.0::DOUBLE, h: 0.0::DOUBLE, done: false, m: cf_i}),
      (cf_s, cf_t) -> CASE WHEN cf_s.done THEN cf_s ELSE list_transform([cf_t.m], cf_m ->
        list_transform([cf_m * (b - cf_m) * x / ((a - 1 + 2 * cf_m) * (a + 2 * cf_m))], cf_aa ->
          list_transform([{c: hb_lentz_tiny(1 + cf_aa / cf_s.c), d: 1 / hb_lentz_tiny(1 + cf_aa * cf_s.d)}], cf_e ->
            list_transform([- (a + cf_m) * (a + b + cf_m) * x / ((a + 2 * cf_m) * (a + 1 + 2 * cf_m))], cf_bb ->
              list_transform([{c: hb_lentz_tiny(1 + cf_bb / cf_e.c), d: 1 / hb_lentz_tiny(1 + cf_bb * cf_e.d)}], cf_o ->
                {c: cf_o.c, d: cf_o.d, h: cf_s.h * cf_e.d * cf_e.c * cf_o.d * cf_o.c, done: abs(cf_o.d * cf_o.c - 1) < 1e-16, m: cf_m})[1])[1])[1])[1])[1] END,
      list_transform([1 / hb_lentz_tiny(1 - (a + b) * x / (a + 1))], cf_d0 -> {c: 1.0::DOUBLE, d: cf_d0, h: cf_d0, done: false, m: 0::BIGINT})[1]))`,
  'CREATE OR REPLACE MACRO hb_lbeta(a, b) AS (lgamma(a) + lgamma(b) - lgamma(a + b))',
  `CREATE OR REPLACE MACRO hb_ibeta(x, a, b) AS (CASE WHEN x <= 0 THEN 0.0::DOUBLE WHEN x >= 1 THEN 1.0::DOUBLE
    WHEN x < (a + 1) / (a + b + 2) THEN list_transform([hb_betacf(a, b, x)], ib_r -> CASE WHEN ib_r.done
      THEN exp(a * ln(x) + b * ln(1 - x) - hb_lbeta(a, b)) * ib_r.h / a ELSE ${refuse('an incomplete beta whose continued fraction does not converge')} END)[1]
    ELSE list_transform([hb_betacf(b, a, 1 - x)], ib_q -> CASE WHEN ib_q.done
      THEN 1 - exp(a * ln(x) + b * ln(1 - x) - hb_lbeta(a, b)) * ib_q.h / b ELSE ${refuse('an incomplete beta whose continued fraction does not converge')} END)[1] END)`,
  'CREATE OR REPLACE MACRO hb_beta_density(x, a, b) AS (exp((a - 1) * ln(x) + (b - 1) * ln(1 - x) - hb_lbeta(a, b)))',
  // beta_inv: 60 bisection steps on [0, 1] (to 2^-60), then two Newton steps polish the last bits
  `CREATE OR REPLACE MACRO hb_beta_bisect(p, a, b) AS (
    list_reduce(list_transform(range(60), bi_i -> {lo: 0.0::DOUBLE, hi: 1.0::DOUBLE}), (bi_s, bi_t) ->
      list_transform([(bi_s.lo + bi_s.hi) / 2], bi_mid -> CASE WHEN hb_ibeta(bi_mid, a, b) < p THEN {lo: bi_mid, hi: bi_s.hi} ELSE {lo: bi_s.lo, hi: bi_mid} END)[1],
      {lo: 0.0::DOUBLE, hi: 1.0::DOUBLE}))`,
  'CREATE OR REPLACE MACRO hb_beta_newton(x, p, a, b) AS (x - (hb_ibeta(x, a, b) - p) / hb_beta_density(x, a, b))',
  `CREATE OR REPLACE MACRO hb_beta_inv(p, a, b) AS (list_transform([hb_beta_bisect(p, a, b)], bv_s ->
    CASE WHEN bv_s.lo = 0 OR bv_s.hi = 1 THEN ${refuse('beta_inv() of a quantile within 2^-60 of 0 or 1')}
    ELSE list_transform([hb_beta_newton((bv_s.lo + bv_s.hi) / 2, p, a, b)], bv_x -> hb_beta_newton(least(greatest(bv_x, bv_s.lo), bv_s.hi), p, a, b))[1] END)[1])`,
];

/** SQL macros these templates call, created on every engine connection. */
export const MACROS: string[] = [
  ...BETA_MACROS,
  `CREATE OR REPLACE MACRO hb_erf_series(x) AS (2 / sqrt(pi())) * x * list_reduce(${ERF_HORNER}, (acc, c) -> acc * (x * x) + c, 0.0::DOUBLE)`,
  `CREATE OR REPLACE MACRO hb_erfc_cf(x) AS exp(- x * x) / sqrt(pi()) / list_reduce(${ERFC_CF}, (acc, h) -> x + h / acc, x)`,
  `CREATE OR REPLACE MACRO hb_erf(x) AS (CASE WHEN isnan(x) THEN x WHEN isinf(x) THEN sign(x)::DOUBLE
     WHEN abs(x) < 2 THEN hb_erf_series(x) ELSE sign(x) * (1 - hb_erfc_cf(abs(x))) END)`,
  `CREATE OR REPLACE MACRO hb_erfc(x) AS (CASE WHEN isnan(x) THEN x WHEN x = 'Infinity'::DOUBLE THEN 0.0::DOUBLE WHEN x = '-Infinity'::DOUBLE THEN 2.0::DOUBLE
     WHEN x >= 2 THEN hb_erfc_cf(x) WHEN x <= -2 THEN 2 - hb_erfc_cf(- x) ELSE 1 - hb_erf_series(x) END)`,
];
