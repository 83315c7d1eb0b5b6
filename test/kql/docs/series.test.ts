/**
 * series_* functions: the documented examples of their pages in the official KQL reference
 * (learn.microsoft.com/kusto/query/<page>), run on the real engine, plus cases of the Kusto oracle
 * corpus. The test code is ours; only the facts (inputs, documented outputs) come from the pages.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../../src/kql/index.ts';
import { NOW, runKql } from '../helpers.ts';
import { type DocCase, runDocCases } from './doc-harness.ts';


const PAIRS = 'range x from 1 to 3 step 1 | extend y = x * 2 | extend z = y * 2 | project s1 = pack_array(x,y,z), s2 = pack_array(z, y, x)';
const FILL_LINEAR = (arr: string) => `print arr = dynamic(${arr}) | project arr, without_args = series_fill_linear(arr), with_edges = series_fill_linear(arr, double(null), true), wo_edges = series_fill_linear(arr, double(null), false)`;

const CASES: DocCase[] = [
  {
    fn: 'series_add',
    page: 'series-add-function',
    kql: `${PAIRS} | extend s1_add_s2 = series_add(s1, s2)`,
    rows: [
      [[1, 2, 4], [4, 2, 1], [5, 4, 5]],
      [[2, 4, 8], [8, 4, 2], [10, 8, 10]],
      [[3, 6, 12], [12, 6, 3], [15, 12, 15]],
    ],
  },
  {
    fn: 'series_divide',
    page: 'series-divide-function',
    kql: `${PAIRS} | extend s1_divide_s2 = series_divide(s1, s2)`,
    rows: [
      [[1, 2, 4], [4, 2, 1], [0.25, 1.0, 4.0]],
      [[2, 4, 8], [8, 4, 2], [0.25, 1.0, 4.0]],
      [[3, 6, 12], [12, 6, 3], [0.25, 1.0, 4.0]],
    ],
  },
  {
    fn: 'series_pow',
    page: 'series-pow-function',
    kql: 'print x = dynamic([1, 2, 3, 4]), y=dynamic([1, 2, 3, 0.5]) | extend x_pow_y = series_pow(x, y)',
    rows: [[[1, 2, 3, 4], [1, 2, 3, 0.5], [1.0, 4.0, 27.0, 2.0]]],
  },
  {
    fn: 'series_greater',
    page: 'series-greater-function',
    kql: 'print s1 = dynamic([1,2,4]), s2 = dynamic([4,2,1]) | extend s1_greater_s2 = series_greater(s1, s2)',
    rows: [[[1, 2, 4], [4, 2, 1], [false, false, true]]],
  },
  { fn: 'series_abs', page: 'series-abs-function', kql: 'print arr = dynamic([-6.5,0,8.2]) | extend arr_abs = series_abs(arr)', rows: [[[-6.5, 0, 8.2], [6.5, 0, 8.2]]] },
  { fn: 'series_sign', page: 'series-sign-function', kql: 'print arr = dynamic([-6, 0, 8]) | extend arr_sign = series_sign(arr)', rows: [[[-6, 0, 8], [-1, 0, 1]]] },
  { fn: 'series_ceiling', page: 'series-ceiling-function', kql: 'print s = dynamic([-1.5,1,2.5]) | extend s_ceiling = series_ceiling(s)', rows: [[[-1.5, 1, 2.5], [-1.0, 1.0, 3.0]]] },
  { fn: 'series_floor', page: 'series-floor-function', kql: 'print s = dynamic([-1.5,1,2.5]) | extend s_floor = series_floor(s)', rows: [[[-1.5, 1, 2.5], [-2.0, 1.0, 2.0]]] },
  {
    fn: 'series_fill_linear',
    page: 'series-fill-linear-function',
    kql: FILL_LINEAR('[null, 111.0, null, 36.0, 41.0, null, null, 16.0, 61.0, 33.0, null, null]'),
    rows: [
      [
        [null, 111.0, null, 36.0, 41.0, null, null, 16.0, 61.0, 33.0, null, null],
        [111.0, 111.0, 73.5, 36.0, 41.0, 32.666666666666664, 24.333333333333332, 16.0, 61.0, 33.0, 33.0, 33.0],
        [111.0, 111.0, 73.5, 36.0, 41.0, 32.666666666666664, 24.333333333333332, 16.0, 61.0, 33.0, 33.0, 33.0],
        [null, 111.0, 73.5, 36.0, 41.0, 32.666666666666664, 24.333333333333332, 16.0, 61.0, 33.0, null, null],
      ],
    ],
  },
  {
    fn: 'series_fill_linear',
    page: 'series-fill-linear-function',
    kql: FILL_LINEAR('[null, 111, null, 36, 41, null, null, 16, 61, 33, null, null]'),
    rows: [
      [
        [null, 111, null, 36, 41, null, null, 16, 61, 33, null, null],
        [111, 111, 73, 36, 41, 32, 24, 16, 61, 33, 33, 33],
        [111, 111, 73, 36, 41, 32, 24, 16, 61, 33, 33, 33],
        [null, 111, 73, 36, 41, 32, 24, 16, 61, 33, null, null],
      ],
    ],
  },
  {
    fn: 'series_fill_linear',
    page: 'series-fill-linear-function',
    kql: 'print arr = dynamic([null, null, null, null]) | project without_args = series_fill_linear(arr), wo_edges = series_fill_linear(arr, double(null), false), with_const = series_fill_linear(arr, double(null), true, 3.14159)',
    rows: [[[0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0], Array(4).fill(Number('3.14159'))]],
  },
  {
    fn: 'series_fill_forward',
    page: 'series-fill-forward-function',
    kql: 'let data = datatable(arr: dynamic) [ dynamic([null, null, 36, 41, null, null, 16, 61, 33, null, null]) ]; data | project arr, fill_forward = series_fill_forward(arr)',
    rows: [[[null, null, 36, 41, null, null, 16, 61, 33, null, null], [null, null, 36, 41, 41, 41, 16, 61, 33, 33, 33]]],
  },
  {
    fn: 'series_fill_const',
    page: 'series-fill-const-function',
    kql: 'let data = datatable(arr: dynamic) [ dynamic([111, null, 36, 41, 23, null, 16, 61, 33, null, null]) ]; data | project arr, fill_const1 = series_fill_const(arr, 0.0), fill_const2 = series_fill_const(arr, -1)',
    rows: [[[111, null, 36, 41, 23, null, 16, 61, 33, null, null], [111, 0.0, 36, 41, 23, 0.0, 16, 61, 33, 0.0, 0.0], [111, -1, 36, 41, 23, -1, 16, 61, 33, -1, -1]]],
  },
  {
    fn: 'series_seasonal',
    page: 'series-seasonal-function (force a period)',
    kql: 'print s=dynamic([1, 3, 5, 1, 3, 5, 2, 4, 6]) | extend s_seasonal = series_seasonal(s, 3)',
    rows: [[[1, 3, 5, 1, 3, 5, 2, 4, 6], [1.0, 3.0, 5.0, 1.0, 3.0, 5.0, 1.0, 3.0, 5.0]]],
  },
  {
    // (the page's second row of the same union; one print each, so the row order is fixed)
    fn: 'series_seasonal',
    page: 'series-seasonal-function (force a period: an even count per phase)',
    kql: 'print s=dynamic([1, 3, 5, 2, 4, 6, 1, 3, 5, 2, 4, 6]) | extend s_seasonal = series_seasonal(s, 3)',
    rows: [[[1, 3, 5, 2, 4, 6, 1, 3, 5, 2, 4, 6], [1.5, 3.5, 5.5, 1.5, 3.5, 5.5, 1.5, 3.5, 5.5, 1.5, 3.5, 5.5]]],
  },
  // the period detected (series_periods_detect's scoring is not specified): refused
  { fn: 'series_seasonal', page: 'series-seasonal-function (auto detect the period)', kql: 'print s=dynamic([8, 12, 14, 12, 10, 10, 12, 14, 12, 10]) | extend s_seasonal = series_seasonal(s)', error: 'HB120' },
  // oracle corpus (kusto-oracle-dev)
  {
    fn: 'series_subtract',
    page: 'oracle:saoc-r3-window-series-scan-0015',
    kql: 'datatable(t:datetime, v:long)[ datetime(2021-01-01),10, datetime(2021-01-02),20, datetime(2021-01-03),30, datetime(2021-01-04),40 ] | make-series s = sum(v) default = 0 on t from datetime(2021-01-01) to datetime(2021-01-05) step 1d | extend d = series_subtract(s, series_fill_const(s, 5)), m = series_multiply(s, s) | project d, m',
    rows: [[[0, 0, 0, 0], [100, 400, 900, 1600]]],
  },
  {
    fn: 'series_greater',
    page: 'oracle:saoc-r3-window-series-scan-0022 (without its array_iff)',
    kql: 'datatable(t:long, v:long)[ 1,10, 2,20, 3,30 ] | make-series s = sum(v) default = 0 on t from 1 to 10 step 3 | extend gt15 = series_greater(s, 15)',
    rows: [[[60, 0, 0], [1, 4, 7], [true, false, false]]],
  },
  {
    fn: 'series_fill_forward',
    page: 'oracle:saoc-r3-window-series-scan-0021',
    kql: 'datatable(t:datetime, v:long)[ datetime(2021-01-01),10, datetime(2021-01-04),40, datetime(2021-01-06),60 ] | make-series s = sum(v) default = long(null) on t from datetime(2021-01-01) to datetime(2021-01-07) step 1d | extend ff = series_fill_forward(s) | project s, ff',
    rows: [[[10, null, null, 40, null, 60], [10, 10, 10, 40, 40, 60]]],
  },
];


const engine = runDocCases('series', CASES);

const code = (kql: string) => {
  const r = compile(kql, { catalog: null, now: NOW });
  return r.ok ? undefined : r.diagnostics.find((d) => d.severity === 'error')?.code;
};

describe('series functions: edges', () => {
  it('arrays of different lengths give null elements; NaN compares false', async () => {
    const rows = await runKql(engine(), "print a = dynamic([1, 2, 3]), b = dynamic([10, 20]) | project series_add(a, b), series_less(dynamic([1.5, 2.0]), real(nan))");
    expect(rows).toEqual([[[11, 22, null], [false, false]]]);
  });
  it('number op series, series op number', async () => {
    const rows = await runKql(engine(), 'print a = dynamic([7, 1]) | project series_subtract(10, a), series_multiply(a, 2.5), series_equals(a, 1)');
    expect(rows).toEqual([[[3, 9], [17.5, 2.5], [false, true]]]);
  });
  it('an unnamed fill function replaces its argument column (named after the first argument)', async () => {
    const rows = await runKql(engine(), 'print arr = dynamic([1, null, 3]) | extend series_fill_forward(arr)');
    expect(rows).toEqual([[[1, 1, 3]]]);
  });
  it('arrays known only at run time are series of reals when they hold numbers, one of them a real; else refused', async () => {
    expect(code('print a = dynamic([1, 2]) | project series_fill_forward(a, 0)')).toBe('HB120');
    await expect(runKql(engine(), 'print a = parse_json(tostring(dynamic([1, "a"]))) | project series_abs(a)')).rejects.toThrow(/HB120/);
    await expect(runKql(engine(), 'print a = parse_json("[1, 2]") | project series_abs(a)')).resolves.toEqual([[[1, 2]]]);
    await expect(runKql(engine(), 'print a = parse_json(tostring(dynamic([-1, 2]))) | project series_abs(a)')).rejects.toThrow(/HB120/);
    const [row] = await runKql(engine(), 'datatable(s:string)["[-1, 2.5, null]"] | project a = series_abs(parse_json(s))');
    expect(row).toEqual([[1, 2.5, null]]);
  });
});

const STATS_X = 'dynamic([23, 46, 23, 87, 4, 8, 3, 75, 2, 56, 13, 75, 32, 16, 29])';
const FIT_Y = 'dynamic([2, 5, 6, 8, 11, 15, 17, 18, 25, 26, 30, 30])';

describe('series functions: whole-series results', () => {
  it('series_stats (series-stats-function): one column per statistic, named by the analyzer', async () => {
    const r = compile(`print x=${STATS_X} | project series_stats(x)`, { catalog: null, now: NOW });
    expect(r.columns?.map((c) => c.name)).toEqual(['series_stats_x_min', 'series_stats_x_min_idx', 'series_stats_x_max', 'series_stats_x_max_idx', 'series_stats_x_avg', 'series_stats_x_stdev', 'series_stats_x_variance']);
    const [row] = await runKql(engine(), `print x=${STATS_X} | project series_stats(x)`);
    expect(row.slice(0, 5)).toEqual([2, 8, 87, 3, 32.8]);
    expect(row[5] as number).toBeCloseTo(28.5036338535483, 12);
    expect(row[6] as number).toBeCloseTo(812.457142857143, 11);
  });
  it('series_stats_dynamic (series-stats-dynamic-function)', async () => {
    const [[b]] = await runKql(engine(), `print x=${STATS_X} | project stats=series_stats_dynamic(x)`);
    expect(b).toMatchObject({ min: 2, min_idx: 8, max: 87, max_idx: 3, avg: 32.8, sum: 492, len: 15 });
    expect((b as Record<string, number>).stdev).toBeCloseTo(28.503633853548269, 12);
  });
  it('series_stats_dynamic (oracle saoc-r1-window-series-scan-0029)', async () => {
    const rows = await runKql(engine(), 'datatable(t:datetime, v:long)[ datetime(2020-01-01),10, datetime(2020-01-02),20 ] | make-series s = sum(v) default = 0 on t from datetime(2020-01-01) to datetime(2020-01-03) step 1d | extend e = series_stats_dynamic(s) | project e');
    expect(rows).toEqual([[{ min: 10, min_idx: 0, max: 20, max_idx: 1, avg: 15, stdev: 7.0710678118654755, variance: 50, sum: 30, len: 2 }]]);
  });
  it('one name takes the first result only (documented; oracle saoc-r2-window-series-scan-0015/0016)', async () => {
    const st = await runKql(engine(), 'datatable(t:datetime, v:long)[ datetime(2021-01-01),10, datetime(2021-01-05),50 ] | make-series s = sum(v) default = 0 on t from datetime(2021-01-01) to datetime(2021-01-06) step 1d | extend st = series_stats(s) | project st');
    expect(st).toEqual([[0]]);
    const r = compile('print s = dynamic([1.0, 2.0, 4.0, 8.0]) | extend fit = series_fit_line(s), z = 1', { catalog: null, now: NOW });
    expect(r.columns?.map((c) => c.name)).toEqual(['s', 'fit', 'z']);
    const [[, fit]] = await runKql(engine(), 'print s = dynamic([1.0, 2.0, 4.0, 8.0]) | extend fit = series_fit_line(s)');
    expect(fit as number).toBeCloseTo(0.92, 12);
  });
  it('series_fit_line (series-fit-line-function)', async () => {
    const [row] = await runKql(engine(), `print y=${FIT_Y} | extend (RSquare, Slope, Variance, RVariance, Interception, LineFit)=series_fit_line(y) | project-away y`);
    const [rsq, slope, variance, rvariance, icpt, fit] = row as [number, number, number, number, number, number[]];
    expect([rsq, slope, variance, rvariance, icpt].map((v) => Number(v.toFixed(3)))).toEqual([0.983, 2.731, 98.629, 1.686, -1.667]);
    expect(fit.map((v) => Math.trunc(v * 1000) / 1000)).toEqual([1.064, 3.794, 6.525, 9.256, 11.987, 14.717, 17.448, 20.179, 22.91, 25.641, 28.371, 31.102]);
  });
  it('series_fit_line_dynamic (oracle saoc-r3-window-series-scan-0019)', async () => {
    const rows = await runKql(engine(), 'datatable(t:long, v:real)[ 1,1.0, 2,2.0, 3,3.0, 4,4.0, 5,5.0 ] | make-series s = avg(v) default = 0.0 on t from 1 to 6 step 1 | extend fl = series_fit_line_dynamic(s) | project rsq = fl.rsquare, slope = fl.slope');
    expect(rows[0][0] as number).toBeCloseTo(1.0, 12);
    expect(rows[0][1] as number).toBeCloseTo(0.9999999999999999, 12);
  });
  it('series_fit_poly (series-fit-poly-function, example 2): degree 1 is series_fit_line, on series_fit_line\'s documented example', async () => {
    const [row] = await runKql(engine(), `print y=${FIT_Y} | extend series_fit_poly(y) | extend series_fit_line(y) | project-away y`);
    const [rsq, coeff, variance, rvariance, fit, lrsq, slope, lvariance, lrvariance, icpt, lfit] = row as [number, number[], number, number, number[], number, number, number, number, number, number[]];
    // the series_fit_line page's figures (printed to 3 decimals: tolerance 1e-3)
    expect(rsq).toBeCloseTo(0.982, 2);
    expect(coeff[0]).toBeCloseTo(2.730, 2);
    expect(coeff[1]).toBeCloseTo(-1.666, 2);
    expect(variance).toBeCloseTo(98.628, 2);
    expect(rvariance).toBeCloseTo(1.686, 3);
    expect(fit.map((v) => Number(v.toFixed(3)))).toEqual([1.064, 3.795, 6.526, 9.256, 11.987, 14.718, 17.449, 20.179, 22.91, 25.641, 28.372, 31.103]);
    // and series_fit_line's own results, to rounding (1e-12 relative)
    const near = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(b)));
    for (const [a, b] of [[rsq, lrsq], [coeff[0], slope], [coeff[1], icpt], [variance, lvariance], [rvariance, lrvariance]]) near(a, b);
    for (const [i, v] of fit.entries()) near(v, lfit[i]);
  });
  it('series_fit_poly (series-fit-poly-function, example 1 without its random noise): the fifth-order polynomial is recovered', async () => {
    // example 1 fits pow(x, 5) - 8*pow(x, 3) + 10*x + 6 at x in [-2.3, 2.7] (5 * rand() - 2.3) plus
    // noise; on a fixed grid without the noise the fit is exact: coefficients highest power first
    const [[coeff, rsq, rvariance, fit]] = await runKql(
      engine(),
      'range x from 1 to 40 step 1 | project x = (x - 1) * 0.125 - 2.3 | extend y = pow(x, 5)-8*pow(x, 3)+10*x+6 | summarize x=make_list(x), y=make_list(y) | extend series_fit_poly(y, x, int(5)) | project coeff = series_fit_poly_y_coefficients, rsq = series_fit_poly_y_rsquare, rv = series_fit_poly_y_rvariance, fit = series_fit_poly_y_poly_fit',
    );
    for (const [i, c] of (coeff as number[]).entries()) expect(Math.abs(c - [1, 0, -8, 0, 10, 6][i])).toBeLessThan(1e-9);
    expect(rsq as number).toBeCloseTo(1, 12);
    expect(rvariance as number).toBeLessThan(1e-20);
    expect((fit as number[]).length).toBe(40);
    // a quadratic through five points, x not starting at 1
    const [[q]] = await runKql(engine(), 'print y = dynamic([1, 0, 3, 10, 21]), x = dynamic([0, 1, 2, 3, 4]) | extend series_fit_poly(y, x, int(2)) | project series_fit_poly_y_coefficients');
    for (const [i, c] of (q as number[]).entries()) expect(Math.abs(c - [2, -3, 1][i])).toBeLessThan(1e-12);
  });
  it('series_fit_poly corners are refused per row (a degree not below the length, constant y)', async () => {
    await expect(runKql(engine(), 'print y = dynamic([1, 2, 3]) | project series_fit_poly(y, dynamic([1, 2, 3]), int(3))')).rejects.toThrow(/HB162/);
    await expect(runKql(engine(), 'print y = dynamic([4, 4, 4]) | project series_fit_poly(y)')).rejects.toThrow(/HB162/);
  });
  it('series_decompose (series-decompose-function): the documented steps with a given seasonality and trend', async () => {
    // "either seasonality and, or trend should be enabled. Otherwise … returns baseline = 0 and residual = x"
    const x = 'dynamic([1, 3, 5, 2, 4, 6, 1, 3, 5, 2, 4, 6])';
    expect(await runKql(engine(), `print x = ${x} | extend (baseline, seasonal, trend, residual) = series_decompose(x, 0, 'none') | project baseline, residual`)).toEqual([
      [Array(12).fill(0), [1, 3, 5, 2, 4, 6, 1, 3, 5, 2, 4, 6]],
    ]);
    // seasonal = the median of the points in the same phase (series_seasonal's forced-period example),
    // trend none: baseline = seasonal, residual = x - baseline
    const [[b, sea, tr, res]] = await runKql(engine(), `print x = ${x} | extend series_decompose(x, 3, 'none') | project-away x`);
    expect(sea).toEqual([1.5, 3.5, 5.5, 1.5, 3.5, 5.5, 1.5, 3.5, 5.5, 1.5, 3.5, 5.5]);
    expect(b).toEqual(sea);
    expect(tr).toEqual(Array(12).fill(0));
    expect(res).toEqual([-0.5, -0.5, -0.5, 0.5, 0.5, 0.5, -0.5, -0.5, -0.5, 0.5, 0.5, 0.5]);
    // trend avg (the default): the average of x - seasonal
    const [[, , tavg]] = await runKql(engine(), `print x = dynamic([10, 30, 11, 31, 12, 32]) | extend series_decompose(x, 2) | project-away x`);
    expect(tavg).toEqual(Array(6).fill(0));
    // trend linefit without seasonality: series_fit_line's documented line (its example's figures)
    const [[lb, , lt]] = await runKql(engine(), `print y = ${FIT_Y} | extend series_decompose(y, 0, 'linefit') | project-away y`);
    expect((lt as number[]).map((v) => Math.trunc(v * 1000) / 1000)).toEqual([1.064, 3.794, 6.525, 9.256, 11.987, 14.717, 17.448, 20.179, 22.91, 25.641, 28.371, 31.102]);
    expect(lb).toEqual(lt);
  });
  it('series_decompose: a detected seasonality (the default, and the page\'s examples) and test points are refused', () => {
    expect(code('print x = dynamic([1, 2, 3, 4]) | extend series_decompose(x)')).toBe('HB120');
    expect(code("print x = dynamic([1, 2, 3, 4]) | extend series_decompose(x, -1, 'linefit')")).toBe('HB120');
    expect(code("print x = dynamic([1, 2, 3, 4]) | extend series_decompose(x, 2, 'avg', 1)")).toBe('HB120');
    expect(code("print x = dynamic([1, 2, 3, 4]) | extend series_decompose(x, 2, 'cubic')")).toBe('HB120');
  });
  it('series_iir (series-iir-function): a cumulative sum', async () => {
    expect(await runKql(engine(), 'print y = series_iir(dynamic([1.0, 2.0, 3.0, 4.0]), dynamic([1]), dynamic([1,-1]))')).toEqual([[[1, 3, 6, 10]]]);
    expect(await runKql(engine(), 'print d=dynamic([0, 1, 2, 3, 4]) | extend dd = todouble(series_iir(d, dynamic([1]), dynamic([1, -1]))[4])')).toEqual([[[0, 1, 2, 3, 4], 10]]);
  });
  it('series_iir by group (oracle saoc-r2-window-series-scan-0039)', async () => {
    const rows = await runKql(engine(), 'datatable(t:long, v:long, g:string)[ 1,10,"a", 3,30,"a", 1,5,"b", 5,50,"b" ] | make-series s = sum(v) default = 0 on t from 1 to 6 step 2 by g | extend cums = series_iir(s, dynamic([1]), dynamic([1,-1])) | project g, cums | order by g asc');
    expect(rows).toEqual([['a', [10, 40, 40]], ['b', [5, 5, 55]]]);
  });
  it('series_fir (series-fir-function; oracle saoc-r3-window-series-scan-0020)', async () => {
    const val = 'dynamic([0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 20, 40, 100, 40, 20, 10, 0, 0, 0, 0, 0, 0, 0, 0])';
    const [[avg, centered]] = await runKql(engine(), `print val=${val} | project series_fir(val, dynamic([1, 1, 1, 1, 1])), series_fir(val, dynamic([1, 1, 1, 1, 1]), true, true)`);
    // the peak of the moving average is shifted by (5-1)/2 = 2 points; centered it stays in place
    expect((avg as number[]).indexOf(Math.max(...(avg as number[])))).toBe(14);
    expect((centered as number[]).indexOf(Math.max(...(centered as number[])))).toBe(12);
    expect((centered as number[])[12]).toBeCloseTo(44, 12);
    expect(await runKql(engine(), 'print value=dynamic([0, 0, 0, 0, 2, 2, 2, 2, 3, 3, 3, 3]) | project diff=series_fir(value, dynamic([1, -1]), false, false)')).toEqual([[[0, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0]]]);
    expect(await runKql(engine(), 'print s = dynamic([5, 15, 10, 20]) | project dlt = series_fir(s, dynamic([1,-1]), false, false)')).toEqual([[[5, 10, -5, 10]]]);
  });
  it('series_sum (series-sum-function), product, magnitude, dot product, cosine similarity', async () => {
    expect(await runKql(engine(), 'print arr=dynamic([1,2,3,4]) | project series_sum(arr), series_product(arr), series_dot_product(arr, arr), series_cosine_similarity(arr, arr)')).toEqual([[10, 24, 30, 1]]);
    const [[m]] = await runKql(engine(), 'print arr=dynamic([3, 4]) | project series_magnitude(arr)');
    expect(m).toBe(5);
  });
  it('series_pearson_correlation (series-pearson-correlation-function; oracle saoc-r2-window-series-scan-0043)', async () => {
    expect(await runKql(engine(), 'range s1 from 1 to 5 step 1 | extend s2 = 2 * s1 | summarize s1 = make_list(s1), s2 = make_list(s2) | extend correlation_coefficient = series_pearson_correlation(s1, s2) | project correlation_coefficient')).toEqual([[1]]);
    const [[r]] = await runKql(engine(), 'print s = dynamic([0, 0, 5]) | project series_pearson_correlation(s, s)');
    expect(r as number).toBeCloseTo(1.0000000000000002, 12);
    expect(await runKql(engine(), 'print series_pearson_correlation(dynamic([1, 2, 3]), dynamic([1, 2]))')).toEqual([[null]]);
  });
  it('corners Kusto does not document are refused, per row or at compile time', async () => {
    await expect(runKql(engine(), 'print s = dynamic([1, null, 3]) | project series_fit_line_dynamic(s)')).rejects.toThrow(/HB162/);
    expect(code('print s = dynamic([1, 2]) | project series_stats_dynamic(s, true)')).toBe('HB120');
    expect(code('print s = dynamic([1, 2]) | project series_fir(s, dynamic([1, 1]), true, true)')).toBe('HB120');
  });
});
