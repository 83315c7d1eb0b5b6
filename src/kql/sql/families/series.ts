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
  ser_json_reals: `list_transform([hb_json_list($0)], hb_l -> CASE WHEN hb_l IS NULL THEN NULL
    WHEN NOT coalesce(list_bool_and(list_transform(hb_l, hb_e -> hb_e IS NULL OR hb_json_type(hb_e) IN ('long', 'double'))), true)
      OR NOT coalesce(list_bool_or(list_transform(hb_l, hb_e -> hb_json_type(hb_e) = 'double')), false)
      THEN error('HB120: a series known only at run time must hold numbers, at least one of them a real')
    ELSE list_transform(hb_l, hb_e -> TRY_CAST(trim(hb_e) AS DOUBLE)) END)[1]`,
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
  // a series of longs: interpolated values are truncated (Kusto's documented example: 73.5 → 73,
  // 32.67 → 32); a negative fraction (toward zero or down?) is refused
  ser_fill_linear_long: 'hb_ser_lfill_long($0, $1, $2)',
  ser_stats: 'hb_ser_stats($0)',
  ser_stats_dynamic: 'hb_ser_stats_dyn($0)',
  ser_fit_line: 'hb_ser_fit_line($0)',
  ser_seasonal: 'hb_ser_seasonal($0, $1)',
  // series_decompose(series, period, trend code: 0 none, 1 avg, 2 linefit)
  ser_decompose: 'hb_ser_decompose($0, $1, $2)',
  // series_fit_poly(y, x, degree); x = [1, 2, …, n] when not given
  ser_fit_poly: 'hb_ser_fit_poly(CAST($0 AS DOUBLE[]), CAST($1 AS DOUBLE[]), $2)',
  ser_fit_poly_1: 'hb_ser_fit_poly(CAST($0 AS DOUBLE[]), list_transform(range(1, len($0) + 1), i -> CAST(i AS DOUBLE)), 1)',
  ser_sum: 'list_sum(hb_ser_finite($0))',
  ser_product: 'list_product(hb_ser_finite($0))',
  ser_magnitude: 'sqrt(list_sum(list_transform(hb_ser_finite($0), v -> v * v)))',
  ser_dot_product: 'hb_ser_dot(hb_ser_finite0($0), hb_ser_finite0($1))',
  // series · number: the number broadcast to the series' length (a null number is not documented)
  ser_dot_product_ls:
    "hb_ser_dot(hb_ser_finite0($0), list_transform(hb_ser_finite0($0), v -> coalesce(CAST($1 AS DOUBLE), error('HB162: series_dot_product() with a null number is not supported'))))",
  ser_cosine_similarity: 'hb_ser_cosine(hb_ser_finite0($0), hb_ser_finite0($1))',
  ser_pearson: 'hb_ser_pearson($0, $1)',
  ser_null_list: 'list_transform($0, v -> CAST(NULL AS DOUBLE))',
  // series_fir: $1 = shift (centered filters), $2 = divisor (normalized filters), $3… = coefficients;
  // positions before the start or past the end of the series count as 0
  ser_fir: (x) => {
    const [arr, sh, div, ...b] = x;
    const terms = b.map((bk, k) => `${bk} * (CASE WHEN i + ${sh} - ${k} BETWEEN 0 AND len(z) - 1 THEN z[i + ${sh} - ${k} + 1] ELSE 0 END)`).join(' + ');
    return `list_transform([hb_ser_nonull(${arr})], z -> list_transform(range(len(z)), i -> (${terms || '0'}) / ${div}))[1]`;
  },
  // series_iir: $1 = number of numerators, then the numerators, then the denominators; each output
  // element is appended to the accumulated output (the recursion reads the previous outputs)
  ser_iir: (x) => {
    const nb = Number(x[1]);
    const b = x.slice(2, 2 + (Number.isNaN(nb) ? 0 : nb));
    const a = x.slice(2 + (Number.isNaN(nb) ? 0 : nb));
    const bt = b.map((bk, k) => `${bk} * (CASE WHEN j > ${k} THEN z[j - ${k}] ELSE 0 END)`).join(' + ') || '0';
    const at = a.slice(1).map((ak, k) => `${ak} * (CASE WHEN j > ${k + 1} THEN acc[j - ${k + 1}] ELSE 0 END)`).join(' + ') || '0';
    return `list_transform([hb_ser_nonull(${x[0]})], z -> list_reduce(list_transform(z, v -> [v]), (acc, e, j) -> list_append(acc, ((${bt}) - (${at})) / ${a[0] ?? '1'}), CAST([] AS DOUBLE[])))[1]`;
  },
};

/** SQL macros these templates call, created on every engine connection. */
export const MACROS: string[] = [
  // The whole-series functions are exact only where Kusto documents them: a series with a null or a
  // non-finite element, or too short for a sample variance, is refused per row (HB162).
  `CREATE OR REPLACE MACRO hb_ser_nonull(s) AS list_transform([CAST(s AS DOUBLE[])], z ->
     CASE WHEN len(list_filter(z, v -> v IS NULL)) > 0 THEN error('HB162: this series function is not supported on a series with null elements (fill them first)') ELSE z END)[1]`,
  `CREATE OR REPLACE MACRO hb_ser_finite(s) AS list_transform([CAST(s AS DOUBLE[])], z ->
     CASE WHEN len(z) = 0 THEN error('HB162: this series function is not supported on an empty series')
          WHEN len(list_filter(z, v -> v IS NULL OR NOT isfinite(v))) > 0 THEN error('HB162: this series function is not supported on a series with null or non-finite elements')
          ELSE z END)[1]`,
  // as hb_ser_finite, an empty series allowed (series_dot_product / series_cosine_similarity pages:
  // null when one input is empty)
  `CREATE OR REPLACE MACRO hb_ser_finite0(s) AS list_transform([CAST(s AS DOUBLE[])], z ->
     CASE WHEN len(list_filter(z, v -> v IS NULL OR NOT isfinite(v))) > 0 THEN error('HB162: this series function is not supported on a series with null or non-finite elements')
          ELSE z END)[1]`,
  // documented: the longer series is truncated to the length of the shorter one; null when one is empty
  `CREATE OR REPLACE MACRO hb_ser_dot(x, y) AS CASE WHEN len(x) = 0 OR len(y) = 0 THEN NULL
     ELSE list_sum(list_transform(range(least(len(x), len(y))), i -> x[i + 1] * y[i + 1])) END`,
  // the cosine of a zero vector (0 / 0) is not documented: refused
  `CREATE OR REPLACE MACRO hb_ser_cosine(x, y) AS list_transform([{'a': x[1:least(len(x), len(y))], 'b': y[1:least(len(x), len(y))]}], p ->
     CASE WHEN len(p.a) = 0 THEN NULL
          WHEN list_sum(list_transform(p.a, v -> v * v)) = 0 OR list_sum(list_transform(p.b, v -> v * v)) = 0
            THEN error('HB162: series_cosine_similarity() of a zero vector is not supported (not documented)')
          ELSE hb_ser_dot(p.a, p.b) / (sqrt(list_sum(list_transform(p.a, v -> v * v))) * sqrt(list_sum(list_transform(p.b, v -> v * v)))) END)[1]`,
  // Pearson's r; documented: arrays of different sizes or a non-numeric element give null
  `CREATE OR REPLACE MACRO hb_ser_pearson(a, b) AS list_transform([{'x': CAST(a AS DOUBLE[]), 'y': CAST(b AS DOUBLE[])}], w ->
     CASE WHEN len(w.x) <> len(w.y) OR len(list_filter(w.x, v -> v IS NULL)) > 0 OR len(list_filter(w.y, v -> v IS NULL)) > 0 THEN NULL
          WHEN len(w.x) < 2 OR len(list_filter(w.x, v -> NOT isfinite(v))) > 0 OR len(list_filter(w.y, v -> NOT isfinite(v))) > 0
            THEN error('HB162: series_pearson_correlation of a series shorter than 2 or with non-finite elements is not supported')
          ELSE list_transform([{'mx': list_avg(w.x), 'my': list_avg(w.y)}], m ->
            list_sum(list_transform(range(len(w.x)), i -> (w.x[i + 1] - m.mx) * (w.y[i + 1] - m.my)))
            / sqrt(list_sum(list_transform(w.x, v -> (v - m.mx) * (v - m.mx))) * list_sum(list_transform(w.y, v -> (v - m.my) * (v - m.my)))))[1] END)[1]`,
  // series_stats: min, min_idx, max, max_idx, avg, stdev, variance (sample); documented: null when a
  // non-finite element is present
  `CREATE OR REPLACE MACRO hb_ser_stats(s) AS list_transform([CAST(s AS DOUBLE[])], z ->
     CASE WHEN len(list_filter(z, v -> v IS NULL OR NOT isfinite(v))) > 0
            THEN CAST(NULL AS STRUCT("min" DOUBLE, "min_idx" BIGINT, "max" DOUBLE, "max_idx" BIGINT, "avg" DOUBLE, "stdev" DOUBLE, "variance" DOUBLE))
          WHEN len(z) < 2 THEN error('HB162: series_stats of a series shorter than 2 is not supported')
          ELSE {'min': list_min(z), 'min_idx': CAST(list_position(z, list_min(z)) - 1 AS BIGINT), 'max': list_max(z),
                'max_idx': CAST(list_position(z, list_max(z)) - 1 AS BIGINT), 'avg': list_avg(z), 'stdev': list_stddev_samp(z),
                'variance': list_var_samp(z)} END)[1]`,
  `CREATE OR REPLACE MACRO hb_ser_stats_dyn(s) AS list_transform([CAST(s AS DOUBLE[])], z ->
     CASE WHEN len(list_filter(z, v -> v IS NULL OR NOT isfinite(v))) > 0 OR len(z) < 2
            THEN error('HB162: series_stats_dynamic of a series with null or non-finite elements, or shorter than 2, is not supported')
          ELSE {'min': list_min(z), 'min_idx': CAST(list_position(z, list_min(z)) - 1 AS BIGINT), 'max': list_max(z),
                'max_idx': CAST(list_position(z, list_max(z)) - 1 AS BIGINT), 'avg': list_avg(z), 'stdev': list_stddev_samp(z),
                'variance': list_var_samp(z), 'sum': list_sum(z), 'len': CAST(len(z) AS BIGINT)} END)[1]`,
  // series_fit_line: least squares over x = 1..n; variance and rvariance divide by n - 1 (the
  // documented example's figures)
  `CREATE OR REPLACE MACRO hb_ser_fit_line(s) AS list_transform([CAST(s AS DOUBLE[])], z ->
     CASE WHEN len(z) < 2 OR len(list_filter(z, v -> v IS NULL OR NOT isfinite(v))) > 0 OR list_min(z) = list_max(z)
            THEN error('HB162: series_fit_line of a series shorter than 2, constant, or with null or non-finite elements is not supported')
          ELSE list_transform([{'n': len(z), 'mx': (len(z) + 1) / 2.0, 'my': list_avg(z)}], p ->
            list_transform([{'slope': list_sum(list_transform(range(p.n), i -> (i + 1 - p.mx) * (z[i + 1] - p.my)))
                                      / list_sum(list_transform(range(p.n), i -> (i + 1 - p.mx) * (i + 1 - p.mx)))}], q ->
              list_transform([{'slope': q.slope, 'icpt': p.my - q.slope * p.mx, 'sst': list_sum(list_transform(z, v -> (v - p.my) * (v - p.my)))}], r ->
                list_transform([list_transform(range(p.n), i -> r.icpt + r.slope * (i + 1))], fit ->
                  list_transform([list_sum(list_transform(range(p.n), i -> (z[i + 1] - fit[i + 1]) * (z[i + 1] - fit[i + 1])))], ssr ->
                    {'rsquare': 1 - ssr / r.sst, 'slope': r.slope, 'variance': r.sst / (p.n - 1), 'rvariance': ssr / (p.n - 1),
                     'interception': r.icpt, 'line_fit': fit})[1])[1])[1])[1])[1] END)[1]`,
  // series_seasonal with a given period: each element is the median of the elements at its phase
  // (documented; of an even count, the mean of the two middle ones: the page's forced-period example)
  `CREATE OR REPLACE MACRO hb_ser_seasonal(s, p) AS list_transform([{'z': CAST(s AS DOUBLE[]), 'p': CAST(p AS BIGINT)}], sw_ ->
     CASE WHEN sw_.p IS NULL OR sw_.p < 1 THEN error('HB162: series_seasonal with a period below 1 is not supported (period detection is not specified)')
          WHEN len(list_filter(sw_.z, v -> v IS NULL OR NOT isfinite(v))) > 0 THEN error('HB162: series_seasonal of a series with null or non-finite elements is not supported')
     ELSE list_transform(range(len(sw_.z)), si_ -> list_transform([list_sort(list_transform(range(si_ % sw_.p, len(sw_.z), sw_.p), sj_ -> sw_.z[sj_ + 1]))], sv_ ->
       (sv_[(len(sv_) + 1) // 2] + sv_[len(sv_) // 2 + 1]) / 2)[1]) END)[1]`,
  // series_decompose, the documented steps: the seasonal series (0: none; else the median per
  // phase), subtracted from x; the trend of that (none, its average, or its least-squares line
  // over x = 1..n); baseline = seasonal + trend; residual = x - baseline
  `CREATE OR REPLACE MACRO hb_ser_decompose(s, p, tr) AS list_transform([CAST(s AS DOUBLE[])], dz_ ->
     CASE WHEN len(dz_) = 0 OR len(list_filter(dz_, v -> v IS NULL OR NOT isfinite(v))) > 0
            THEN error('HB162: series_decompose of an empty series or one with null or non-finite elements is not supported')
          WHEN tr = 2 AND len(dz_) < 2 THEN error('HB162: series_decompose with a linefit trend of a series shorter than 2 is not supported')
     ELSE list_transform([CASE WHEN p = 0 THEN list_transform(dz_, v -> 0.0) ELSE hb_ser_seasonal(dz_, p) END], dsea_ ->
       list_transform([list_transform(range(1, len(dz_) + 1), di_ -> dz_[di_] - dsea_[di_])], dd_ ->
         list_transform([CASE tr WHEN 0 THEN list_transform(dd_, v -> 0.0) WHEN 1 THEN list_transform(dd_, v -> list_avg(dd_))
             ELSE list_transform([{'mx': (len(dd_) + 1) / 2.0, 'my': list_avg(dd_)}], dm_ ->
               list_transform([list_sum(list_transform(range(len(dd_)), di_ -> (di_ + 1 - dm_.mx) * (dd_[di_ + 1] - dm_.my)))
                               / list_sum(list_transform(range(len(dd_)), di_ -> (di_ + 1 - dm_.mx) * (di_ + 1 - dm_.mx)))], dk_ ->
                 list_transform(range(len(dd_)), di_ -> dm_.my + dk_ * (di_ + 1 - dm_.mx)))[1])[1] END], dt_ ->
           list_transform([list_transform(range(1, len(dz_) + 1), di_ -> dsea_[di_] + dt_[di_])], db_ ->
             {'baseline': db_, 'seasonal': dsea_, 'trend': dt_, 'residual': list_transform(range(1, len(dz_) + 1), di_ -> dz_[di_] - db_[di_])})[1])[1])[1])[1] END)[1]`,
  // ---- series_fit_poly: least squares by the normal equations, in t = (x - centre) / half-range
  // (better conditioned than powers of x), solved by Gaussian elimination with partial pivoting;
  // the coefficients are then expanded back to powers of x (highest power first, documented).
  // One elimination step at column k of the augmented matrix m (1-based): the row with the
  // largest |m[i][k]| (i >= k) is swapped into row k, then column k is cleared below it.
  `CREATE OR REPLACE MACRO hb_gauss_step(m, k) AS list_transform([list_transform(list_slice(m, k, len(m)), fr_ -> abs(fr_[k]))], fa_ ->
     list_transform([k - 1 + list_position(fa_, list_max(fa_))], fp_ ->
       list_transform([list_transform(range(1, len(m) + 1), fi_ -> CASE WHEN fi_ = k THEN m[fp_] WHEN fi_ = fp_ THEN m[k] ELSE m[fi_] END)], fs_ ->
         CASE WHEN fs_[k][k] = 0 THEN error('HB162: series_fit_poly of a series with fewer distinct x values than degree + 1 is not supported')
         ELSE list_transform(range(1, len(fs_) + 1), fi_ -> CASE WHEN fi_ <= k THEN fs_[fi_]
           ELSE list_transform(range(1, len(fs_[fi_]) + 1), fj_ -> fs_[fi_][fj_] - fs_[fi_][k] / fs_[k][k] * fs_[k][fj_]) END) END)[1])[1])[1]`,
  // the solution of the augmented system m (its last column the right-hand side), ascending
  // (list_reduce's elements must have the accumulator's type: placeholders, the step is the index)
  `CREATE OR REPLACE MACRO hb_gauss_solve(m) AS list_transform([list_reduce(list_transform(m, fr_ -> [[0.0]]), (fu_, fe_, fk_) -> hb_gauss_step(fu_, fk_), m)], fu_ ->
     list_reduce(list_transform(fu_, fr_ -> [0.0]), (fx_, fe_, fj_) -> list_transform([len(fu_) + 1 - fj_], fi_ -> list_prepend((fu_[fi_][len(fu_) + 1]
       - coalesce(list_sum(list_transform(range(1, len(fx_) + 1), ft_ -> fu_[fi_][fi_ + ft_] * fx_[ft_])), 0.0)) / fu_[fi_][fi_], fx_))[1], CAST([] AS DOUBLE[])))[1]`,
  `CREATE OR REPLACE MACRO hb_ser_fit_poly(y, x, deg) AS list_transform([{'y': y, 'x': x, 'd': CAST(deg AS BIGINT)}], fw_ ->
     CASE WHEN fw_.d IS NULL OR fw_.d < 1 OR len(fw_.y) <> len(fw_.x) OR len(fw_.y) <= fw_.d
            OR len(list_filter(fw_.y, v -> v IS NULL OR NOT isfinite(v))) > 0 OR len(list_filter(fw_.x, v -> v IS NULL OR NOT isfinite(v))) > 0
            OR list_min(fw_.y) = list_max(fw_.y) OR list_min(fw_.x) = list_max(fw_.x)
            THEN error('HB162: series_fit_poly of series of different lengths, not longer than the degree, constant, or with null or non-finite elements, or of a degree below 1, is not supported')
     ELSE list_transform([{'c': (list_min(fw_.x) + list_max(fw_.x)) / 2, 'h': (list_max(fw_.x) - list_min(fw_.x)) / 2}], fz_ ->
       list_transform([list_transform(fw_.x, v -> (v - fz_.c) / fz_.h)], ft_ ->
         list_transform([hb_gauss_solve(list_transform(range(fw_.d + 1), fa_ -> list_append(
             list_transform(range(fw_.d + 1), fb_ -> list_sum(list_transform(ft_, v -> pow(v, fa_ + fb_)))),
             list_sum(list_transform(range(1, len(ft_) + 1), fi_ -> pow(ft_[fi_], fa_) * fw_.y[fi_])))))], fc_ ->
           list_transform([list_transform(ft_, v -> list_sum(list_transform(range(len(fc_)), fk_ -> fc_[fk_ + 1] * pow(v, fk_))))], ff_ ->
             list_transform([{'my': list_avg(fw_.y), 'ssr': list_sum(list_transform(range(1, len(ff_) + 1), fi_ -> (fw_.y[fi_] - ff_[fi_]) * (fw_.y[fi_] - ff_[fi_])))}], fq_ ->
               list_transform([list_sum(list_transform(fw_.y, v -> (v - fq_.my) * (v - fq_.my)))], fsst_ ->
                 {'rsquare': 1 - fq_.ssr / fsst_,
                  'coefficients': list_transform(range(fw_.d, -1, -1), fj_ -> list_sum(list_transform(range(fj_, fw_.d + 1), fk_ ->
                     fc_[fk_ + 1] * coalesce(list_product(list_transform(range(1, fj_ + 1), fq2_ -> (fk_ - fj_ + fq2_) / fq2_)), 1.0)
                     * pow(-fz_.c, fk_ - fj_) / pow(fz_.h, fk_)))),
                  'variance': fsst_ / (len(fw_.y) - 1), 'rvariance': fq_.ssr / (len(fw_.y) - 1), 'poly_fit': ff_})[1])[1])[1])[1])[1])[1] END)[1]`,
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
          ELSE list_transform(range(len(z)), i -> coalesce(z[i + 1], list_transform([hb_ser_lfill_at(z, i, edges)], v ->
            CASE WHEN v < 0 AND v <> trunc(v)
                 THEN error('HB162: unsupported: series_fill_linear() of a series of integers interpolating a negative fraction (the page shows positive values truncated, 73.5 to 73; toward zero or down is not documented for negative ones)')
                 ELSE CAST(trunc(v) AS BIGINT) END)[1])) END)[1]`,
];
