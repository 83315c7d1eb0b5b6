/**
 * Wrong answers found by probing type casts, null and edge values, and aggregates (audit10,
 * session 25); each case names its evidence.
 */
import { describe, expect, it } from 'vitest';
import { useAnswer } from './helpers.ts';

/** The rows, or the error's code when the query is refused. */
const answer = useAnswer();

describe('a constant timespan beyond 2^53 ticks keeps its exact microseconds', () => {
  // A timespan literal (and totimespan() of constant text) was read through a double: past 2^53
  // ticks (104,249 days) the last ticks were rounded, so `timespan(104249.00:00:00.000001)` showed
  // 2 µs and Kusto's largest timespan 10675199.02:48:05.4775807 (timespan page: the range of
  // .NET's TimeSpan) showed .4776000, 20 µs off. The same text read per row (totimespan of a
  // column) was right, which shows the answer: the clock form's own fields.
  it('literal and totimespan() of constant text', async () => {
    expect(
      await answer('print a=timespan(104249.00:00:00.000001), b=totimespan("104249.00:00:00.000001"), c=time(1000000.00:00:00.000001), d=timespan(10675199.02:48:05.477580)'),
    ).toEqual([['104249.00:00:00.0000010', '104249.00:00:00.0000010', '1000000.00:00:00.0000010', '10675199.02:48:05.4775800']]);
  });
  it('agrees with the same text read per row', async () => {
    expect(await answer('datatable(s:string)["104249.00:00:00.000001", "10675199.02:48:05.477580"] | extend t=totimespan(s) | project t')).toEqual([
      ['104249.00:00:00.0000010'],
      ['10675199.02:48:05.4775800'],
    ]);
  });
});

describe('tobool() of a decimal, datetime, timespan or guid is refused', () => {
  // The tobool page shows text and whole numbers only (tobool("true"), tobool(1), tobool(123)); these
  // kinds were answered null, so tobool(decimal(1)) was null where tobool(1.0) is true. What Kusto
  // answers is not documented.
  it('refused (HB120), for toboolean() too', async () => {
    expect(await answer('print b=tobool(decimal(1))')).toBe('HB120');
    expect(await answer('print b=tobool(datetime(2020-01-01))')).toBe('HB120');
    expect(await answer('print b=toboolean(1d)')).toBe('HB120');
    expect(await answer('print b=tobool(guid(00000000-0000-0000-0000-000000000001))')).toBe('HB120');
  });
  it('text, numbers and dynamic values are still answered', async () => {
    // tobool(1) is true (tobool page); tobool(dynamic([1])) null (oracle saoc-r2-type-casts-coercion-0014)
    expect(await answer('print a=tobool(1), b=tobool(0.0), c=tobool("false"), d=tobool(dynamic([1]))')).toEqual([[true, false, false, null]]);
  });
});

describe('todouble() of NaN and infinity text in spellings the oracle does not show', () => {
  // The oracle shows "NaN", "nan", "  NaN  ", "Infinity", "+Infinity", "-Infinity", "inf", "Inf",
  // "-inf" read and "INF" null (saoc-r1-type-casts-coercion-0010/0028, saoc-r2-type-casts-coercion-0010,
  // saoc-r1-null-and-edge-0033): Kusto's reading is case-sensitive in a way no page describes.
  // "infinity" was read as Infinity and "NAN", "INFINITY", "-NaN" as null, both guesses.
  it('other letter cases and signed NaN are refused (HB162)', async () => {
    for (const s of ['NAN', 'Nan', 'INFINITY', 'infinity', '-NaN', '+nan', '-INF']) {
      expect(await answer(`print x=todouble("${s}")`)).toBe('HB162');
    }
  });
  it('the spellings the oracle shows keep their answers', async () => {
    expect(
      await answer('print a=todouble("NaN"), b=todouble(" nan "), c=todouble("Infinity"), d=todouble("+Infinity"), e=todouble("-Infinity"), f=todouble("inf"), g=todouble("-Inf"), h=todouble("INF")'),
    ).toEqual([['NaN', 'NaN', 'Infinity', 'Infinity', '-Infinity', 'Infinity', '-Infinity', null]]);
  });
});

describe('between and in over reals with NaN', () => {
  // Kusto compares reals as .NET does: NaN is neither below nor above any value (oracle
  // saoc-r2-type-casts-coercion-0011: nan < 1.0 and nan > 1.0 both false), and the between page
  // reads x between (a .. b) as a range with both ends included. DuckDB orders NaN above every
  // number, so `1.0 between (0.0 .. nan)` and `nan between (nan .. nan)` were true.
  it('between with a NaN operand is false, !between true', async () => {
    expect(
      await answer('print a=1.0 between (0.0 .. real(nan)), b=real(nan) between (real(nan) .. real(nan)), c=1.0 !between (0.0 .. real(nan)), d=2.5 between (1 .. 3)'),
    ).toEqual([[false, false, true, true]]);
    expect(await answer('datatable(x:real)[real(nan), 1.0, real(null)] | where x between (0.0 .. real(+inf)) | count')).toEqual([[1]]);
  });
  // The in page: "in: Equals to one of the elements", and NaN == NaN is false
  // (saoc-r1-type-casts-coercion-0042); but a lookup by hashing could find NaN in a list holding
  // it, and no page shows which. It was answered true (DuckDB's IN matches NaN to NaN).
  it('a NaN looked up in a list holding NaN is refused per row (HB162)', async () => {
    expect(await answer('datatable(x:real)[real(nan), 1.0] | where x in (real(nan), 2.0) | count')).toBe('HB162');
    expect(await answer('print a=real(nan) !in (real(nan))')).toBe('HB162');
    // other rows and lists keep their answers
    expect(await answer('datatable(x:real)[real(nan), 1.0] | where x in (1.0, 2.0) | count')).toEqual([[1]]);
    expect(await answer('datatable(x:real)[real(nan), 1.0] | where x !in (1.0) | count')).toEqual([[1]]);
  });
});

describe('make_set() of a dynamic column holding a null row is refused', () => {
  // The null-values page lists make_set() among the aggregates that ignore nulls, but make_list() of
  // a dynamic column keeps a null row (oracle saoc-r2-aggregation-0005: [{"x":1},null,{"y":2}];
  // saoc-r3-aggregation-0039), so the page does not settle dynamic values, and no oracle case shows
  // make_set's. JSON-text values kept the null ([1,"a",null,2.5]) while typed ones dropped it.
  it('refused (HB162) in both representations, make_set_if too', async () => {
    expect(await answer('datatable(d:dynamic)[dynamic(1), dynamic("a"), dynamic(null), dynamic(2.5)] | summarize s=make_set(d)')).toBe('HB162');
    expect(await answer('datatable(d:dynamic)[dynamic(1), dynamic(null)] | summarize s=make_set(d)')).toBe('HB162');
    expect(await answer('datatable(k:long, d:dynamic)[1, dynamic(1), 1, dynamic(null)] | summarize s=make_set_if(d, k == 1)')).toBe('HB162');
  });
  it('without a null row, and for typed columns, make_set is answered', async () => {
    expect(await answer('datatable(d:dynamic)[dynamic(1), dynamic("a"), dynamic(1)] | summarize s=make_set(d)')).toEqual([[[1, 'a']]]);
    // a null of a typed column is ignored (null-values page; oracle saoc-r2-null-and-edge-0035)
    expect(await answer('datatable(x:long)[1, long(null), 1] | summarize s=make_set(x)')).toEqual([[[1]]]);
  });
});
