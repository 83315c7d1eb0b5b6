/**
 * Wrong answers found by probing the tabular-operator families (audit9, session 25): joins/lookup/
 * union, window/series/scan, nested pipelines/let, parse/search. Each case names its evidence.
 */
import { describe, expect, it } from 'vitest';
import { useAnswer } from './helpers.ts';

/** The rows, or the error's code when the query is refused. */
const answer = useAnswer();

describe('prev()/next() with a default of another type than the column', () => {
  // prev-function page (learn.microsoft.com/kusto/query/prev-function): default_value is "the value
  // to be returned when there's no previous row"; nothing says how a default of another type is
  // converted (the analyzer types the result as the column). prev(long, 1, 1.5) answered 2 (DuckDB
  // rounds the cast), prev(long, 1, true) answered 1, prev(string, 1, 5) answered "5": now HB106.
  it('a real default for a long or int column is refused', async () => {
    expect(await answer('datatable(x:long)[ 1, 2 ] | serialize p = prev(x, 1, 1.5)')).toBe('HB106');
    expect(await answer('datatable(x:int)[ 1, 2 ] | serialize p = next(x, 1, 2.7)')).toBe('HB106');
  });
  it('a bool, string or datetime default of another type is refused', async () => {
    expect(await answer('datatable(x:long)[ 1, 2 ] | serialize p = prev(x, 1, true)')).toBe('HB106');
    expect(await answer('datatable(s:string)[ "a", "b" ] | serialize p = prev(s, 1, 5)')).toBe('HB106');
    expect(await answer('datatable(x:long)[ 1, 2 ] | serialize p = prev(x, 1, datetime(2020-01-01))')).toBe('HB106');
  });
  it('exact defaults are still taken: the same type, a whole number for a real, long or int column', async () => {
    // oracle saoc-r1-window-series-scan-0005: prev(v, 1, -999) of a long column
    expect(await answer('datatable(x:long)[ 1, 2 ] | serialize p = prev(x, 1, -999)')).toEqual([
      [1, -999],
      [2, 1],
    ]);
    expect(await answer('datatable(x:real)[ 1.5, 2.5 ] | serialize p = prev(x, 1, 7), n = next(x, 1, 0.5)')).toEqual([
      [1.5, 7, 2.5],
      [2.5, 1.5, 0.5],
    ]);
    expect(await answer('datatable(x:int)[ 1, 2 ] | serialize p = prev(x, 1, -5)')).toEqual([
      [1, -5],
      [2, 1],
    ]);
    expect(await answer('datatable(s:string)[ "a", "b" ] | serialize n = next(s, 1, "none")')).toEqual([
      ['a', 'b'],
      ['b', 'none'],
    ]);
  });
});

describe('top-nested of an expression without a name', () => {
  // top-nested-operator page: "Optionally, set an output column name as Name = Expr"; the name of an
  // unnamed computed expression is not given. The analyzer names it '' (and 'aggregated_'), which
  // was the answer's column name; now HB130. A column, bin() of a column, or a named expression is
  // unchanged.
  it('is refused', async () => {
    expect(await answer('datatable(cat:string, v:long)[ "a",10, "b",20, "c",5 ] | top-nested 2 of tolower(cat) by sum(v)')).toBe('HB130');
  });
  it('a named expression still answers', async () => {
    expect(await answer('datatable(cat:string, v:long)[ "a",10, "b",20, "c",5 ] | top-nested 2 of k = tolower(cat) by sum(v)')).toEqual([
      ['b', 20],
      ['a', 10],
    ]);
  });
});

describe('make-series with a default of another type than the series', () => {
  // make-series-operator page: DefaultValue is "a default value to use instead of absent values"
  // (0 when not given); how a default of another type is converted is not said. `sum(v) default =
  // "x"` answered null elements, and a real default for a long series was an internal error
  // (HB098): both are HB106 now.
  it('a string or real default for a long series is refused', async () => {
    expect(await answer('datatable(t:long, v:long)[ 1,1, 3,3 ] | make-series s = sum(v) default = "x" on t from 0 to 4 step 1')).toBe('HB106');
    expect(await answer('datatable(t:long, v:long)[ 1,1, 3,3 ] | make-series s = sum(v) default = 1.5 on t from 0 to 4 step 1')).toBe('HB106');
  });
  it('a whole-number default for a real series, and a typed null, still answer', async () => {
    // oracle saoc-r1-window-series-scan-0022 (avg(v) default = 0), saoc-r3-window-series-scan-0021 (default = long(null))
    expect(await answer('datatable(t:long, v:real)[ 1,1.5, 3,3.5 ] | make-series s = sum(v) default = 0 on t from 0 to 4 step 1')).toEqual([
      [
        [0, 1.5, 0, 3.5],
        [0, 1, 2, 3],
      ],
    ]);
    expect(await answer('datatable(t:long, v:long)[ 1,1, 3,3 ] | make-series c = count() default = real(null) on t from 0 to 4 step 1')).toEqual([
      [
        [null, 1, null, 1],
        [0, 1, 2, 3],
      ],
    ]);
  });
});

describe('a window function inside summarize', () => {
  // `serialize | summarize sum(x - prev(x, 1, 0))` and `summarize … by prev(x)` were internal
  // compiler errors (HB099); whether Kusto evaluates a window function inside an aggregation is not
  // documented (prev-function page: "the row set must be serialized"): coded HB105 now.
  it('in an aggregate argument or a key is refused with a coded diagnostic', async () => {
    expect(await answer('datatable(x:long)[ 1, 5, 3, 7 ] | serialize | summarize s = sum(x - prev(x, 1, 0))')).toBe('HB105');
    expect(await answer('datatable(x:long)[ 1, 5, 3, 7 ] | serialize | summarize c = count() by p = prev(x)')).toBe('HB105');
  });
  it('computed with extend first still answers', async () => {
    expect(await answer('datatable(x:long)[ 1, 5, 3, 7 ] | serialize | extend d = x - prev(x, 1, 0) | summarize s = sum(d)')).toEqual([[7]]);
  });
});
