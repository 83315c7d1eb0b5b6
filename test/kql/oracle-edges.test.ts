/**
 * Edges of documented function semantics that the dev oracle corpus exercises (case ids in the
 * comments: ../shared/corpus/kusto-oracle-dev/cases.jsonl): each expected row is Kusto's own output
 * there or the function page's example; what neither establishes stays a coded refusal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import { refused, runKql } from './helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(() => engine.close());

describe('array_length() of a value that is not an array', () => {
  // page: "null if the input isn't an array"; the analyzer's KS234 on a constant bag is not Kusto's answer
  it('is null for a constant bag (saoc-test-reg2-0002, saoc-r1-dynamic-json-0010)', async () => {
    expect(await runKql(engine, 'print d=dynamic({"a":1})|extend al=array_length(d)')).toEqual([[{ a: 1 }, null]]);
    expect(await runKql(engine, 'print d = dynamic({}) | extend e = array_length(d), keys = bag_keys(d)')).toEqual([[{}, null, []]]);
  });
  it('other array functions still refuse a constant bag with the analyzer', () => {
    expect(refused('print s = array_sum(dynamic({"a":1}))').code).toBe('KS234');
  });
});

describe('make_timespan() with real seconds', () => {
  // page: second is a real from 0 to 59.9999999, hour 0-23, minute 0-59, else null (saoc-r3-datetime-timespan-0012)
  it('reads the seconds as a real; out-of-range parts are null', async () => {
    expect(await runKql(engine, 'print a = make_timespan(0, 25, 61, 61.5), b = make_timespan(-1, -2), c = make_timespan(1, 2, 3), e = make_timespan(1, 2, 3.25)')).toEqual([
      [null, null, '01:02:03', '01:02:03.2500000'],
    ]);
  });
  it('floors to the microsecond, and showing the lost ticks is HB107', async () => {
    expect(await runKql(engine, 'datatable(x:real)[59.9999999, 60.0] | extend t = make_timespan(1, 2, x)')).toEqual([
      [59.9999999, '01:02:59.9999990'],
      [60, null],
    ]);
    expect(refused('print t = tostring(make_timespan(1, 2, 3.5))').code).toBe('HB107');
  });
});

describe('negating an int', () => {
  // Kusto types -i as long: -(-2147483648) is 2147483648 (saoc-r2-type-casts-coercion-0038)
  it('is a long', async () => {
    expect(await runKql(engine, 'datatable(i:int)[ 2147483647, -2147483648, int(null) ] | extend neg = -i')).toEqual([
      [2147483647, -2147483647],
      [-2147483648, 2147483648],
      [null, null],
    ]);
  });
});

describe("datetime_diff('nanosecond')", () => {
  // page: the difference in 100 ns ticks times 100 (…0000000 − …0000007 is -700)
  it('is the difference in nanoseconds of values kept to the microsecond', async () => {
    expect(await runKql(engine, "print a = datetime_diff('nanosecond', datetime(2017-10-30 23:00:00.000003), datetime(2017-10-30 23:00:00.000010)), b = datetime_diff('Nanosecond', datetime(2017-10-30 23:00:01), datetime(2017-10-30 23:00:00))")).toEqual([
      [-7000, 1000000000],
    ]);
  });
  it('refuses a column that may hold values finer than a microsecond (HB107)', () => {
    expect(refused("datatable(a:datetime)[datetime(2017-10-30 23:00:00.0000007)] | extend n = datetime_diff('nanosecond', datetime(2017-10-30 23:00:00), a)").code).toBe('HB107');
  });
});

describe('bag_merge() of bags whose common key holds values of different kinds', () => {
  // page: the value of the leftmost bag holding the key wins (saoc-r2-dynamic-json-0010)
  it('keeps the leftmost value', async () => {
    expect(await runKql(engine, 'print d = dynamic({"a":1,"b":2}) | extend m1 = bag_merge(d, dynamic({"b":{"nested":true},"c":3})) | extend bk = bag_keys(m1), bval = m1.b.nested')).toEqual([
      [{ a: 1, b: 2 }, { a: 1, b: 2, c: 3 }, ['a', 'b', 'c'], null],
    ]);
  });
  it('takes the next bag where the leftmost lacks the key', async () => {
    expect(await runKql(engine, 'datatable(d:dynamic)[dynamic({"a":1}), dynamic({"b":2}), dynamic(null)] | extend m1 = bag_merge(d, dynamic({"b":{"nested":true},"a":"x"})) | project m1, bval = m1.b.nested')).toEqual([
      [{ a: 1, b: { nested: true } }, true],
      [{ a: 'x', b: 2 }, null],
      [{ a: 'x', b: { nested: true } }, true],
    ]);
  });
});

describe('parse-kv with quote=, escape= and regex= (the operator page examples)', () => {
  it('quoted values may hold the pair delimiter (saoc-r2-parse-search-0008, saoc-r3-parse-search-0037)', async () => {
    expect(await runKql(engine, 'datatable(s:string)[ "name=\\"John Smith\\";city=\\"New York\\"" ] | parse-kv s as (name:string, city:string) with (pair_delimiter=\';\', kv_delimiter=\'=\', quote=\'"\') | project name, city')).toEqual([
      ['John Smith', 'New York'],
    ]);
    expect(await runKql(engine, 'datatable(s:string)[ "key=\'quoted value\';other=\'nested ;semicolon\'" ] | parse-kv s as (key:string, other:string) with (pair_delimiter=\';\', kv_delimiter=\'=\', quote="\'") | project key, other')).toEqual([
      ['quoted value', 'nested ;semicolon'],
    ]);
  });
  it('quoted keys, a two-character quote and escapes', async () => {
    const row = ['2021-01-01T10:00:54Z', '10.1.1.123', '10.1.1.124', 125, 'connection aborted'];
    expect(
      await runKql(
        engine,
        `print str='src=10.1.1.123 dst=10.1.1.124 bytes=125 failure="connection aborted" "event time"=2021-01-01T10:00:54' | parse-kv str as (['event time']:datetime, src:string, dst:string, bytes:long, failure:string) with (pair_delimiter=' ', kv_delimiter='=', quote='"') | project-away str`,
      ),
    ).toEqual([row]);
    expect(
      await runKql(
        engine,
        `print str='src=10.1.1.123 dst=10.1.1.124 bytes=125 failure=(connection aborted) (event time)=(2021-01-01 10:00:54)' | parse-kv str as (['event time']:datetime, src:string, dst:string, bytes:long, failure:string) with (pair_delimiter=' ', kv_delimiter='=', quote='()') | project-away str`,
      ),
    ).toEqual([row]);
    expect(
      await runKql(
        engine,
        `print str='src=10.1.1.123 dst=10.1.1.124 bytes=125 failure="the remote host sent \\\\"bye!\\\\"" time=2021-01-01T10:00:54' | parse-kv str as (['time']:datetime, src:string, dst:string, bytes:long, failure:string) with (pair_delimiter=' ', kv_delimiter='=', quote='"', escape='\\\\') | project-away str`,
      ),
    ).toEqual([['2021-01-01T10:00:54Z', '10.1.1.123', '10.1.1.124', 125, 'the remote host sent "bye!"']]);
  });
  it('regex= takes each match’s two groups as key and value', async () => {
    expect(
      await runKql(
        engine,
        `print str=@'["referer url: https://hostname.com/redirect?dest=/?h=1234", "request url: https://hostname.com/?h=1234", "advertiser id: 24fefbca-cf27-4d62-a623-249c2ad30c73"]' | parse-kv str as (['referer url']:string, ['request url']:string, ['advertiser id']: guid) with (regex=@'"([\\w ]+)\\s*:\\s*([^"]*)"') | project-away str`,
      ),
    ).toEqual([['https://hostname.com/redirect?dest=/?h=1234', 'https://hostname.com/?h=1234', '24fefbca-cf27-4d62-a623-249c2ad30c73']]);
  });
  it('the mode without delimiters is refused (HB100), not read with default delimiters', () => {
    const d = refused('print str="2021-01-01T10:00:34 [INFO] ThreadId:458745723, Machine:Node001, Text: Started" | parse-kv str as (Text: string, ThreadId:long, Machine: string)');
    expect(d.code).toBe('HB100');
    expect(refused(`print s='a=1' | parse-kv s as (a:long) with (quote='"')`).code).toBe('HB100');
  });
});

describe('parse-kv with quotes: text whose pairs cannot be read', () => {
  it('a key after a quote that does not close is refused while the query runs (HB162)', async () => {
    await expect(runKql(engine, `datatable(s:string)[ "a=it's;b=2" ] | parse-kv s as (a:string, b:long) with (pair_delimiter=';', kv_delimiter='=', quote="'")`)).rejects.toThrow(/HB162/);
  });
  it('a key inside a quoted value is not a key', async () => {
    expect(await runKql(engine, `datatable(s:string)[ "a='x;b=1';b=3", "" ] | parse-kv s as (a:string, b:long) with (pair_delimiter=';', kv_delimiter='=', quote="'")`)).toEqual([
      ["a='x;b=1';b=3", 'x;b=1', 3],
      ['', '', null],
    ]);
  });
});

describe('stdev()/variance() of non-finite values', () => {
  // saoc-r3-aggregation-0000: NaN or ±Infinity among two values or more make Kusto's answer NaN
  it('is NaN with two values or more', async () => {
    expect(await runKql(engine, 'datatable(k:long, v:real)[ 1,real(nan), 1,real(nan), 2,real(+inf), 2,real(-inf), 2,1.5, 3,1.0, 3,2.0 ] | summarize st=stdev(v), va=variance(v), sp=stdevp(v), vp=variancep(v) by k | order by k asc')).toEqual([
      [1, 'NaN', 'NaN', 'NaN', 'NaN'],
      [2, 'NaN', 'NaN', 'NaN', 'NaN'],
      [3, Math.SQRT1_2, 0.5, 0.5, 0.25],
    ]);
  });
  it('one non-finite value alone is refused while the query runs (HB162)', async () => {
    await expect(runKql(engine, 'datatable(v:real)[ real(+inf) ] | summarize stdev(v)')).rejects.toThrow(/HB162/);
  });
});

describe('array_iff() (the page examples, saoc-r3-window-series-scan-0022)', () => {
  it('numeric conditions, scalar branches, other conditions null, short branches', async () => {
    expect(await runKql(engine, 'print condition=dynamic([true,false,true]), if_true=dynamic([1,2,3]), if_false=dynamic([4,5,6]) | project res = array_iff(condition, if_true, if_false)')).toEqual([[[1, 5, 3]]]);
    expect(await runKql(engine, 'print condition=dynamic([1,0,50]), if_true="yes", if_false="no" | project res = array_iff(condition, if_true, if_false)')).toEqual([[['yes', 'no', 'yes']]]);
    expect(await runKql(engine, 'print condition=dynamic(["some string value", null]), if_true=1, if_false=0 | project res = array_iff(condition, if_true, if_false)')).toEqual([[[null, null]]]);
    expect(await runKql(engine, 'print condition=dynamic([true,true,true]), if_true=dynamic([1,2]), if_false=dynamic([3,4]) | project res = array_iff(condition, if_true, if_false)')).toEqual([[[1, 2, null]]]);
    expect(await runKql(engine, 'datatable(t:long, v:long)[ 1,10, 2,20, 3,30 ] | make-series s = sum(v) default = 0 on t from 1 to 10 step 3 | project gt15 = array_iff(series_greater(s, 15), s, -1)')).toEqual([[[60, -1, -1]]]);
  });
  it('a null condition is null; array_iif is the same function', async () => {
    expect(await runKql(engine, 'print c=dynamic([true, null, false]) | project r = array_iif(c, dynamic([1,2,3]), dynamic([4,5,6]))')).toEqual([[[1, null, 6]]]);
  });
});

describe('mv-expand … to typeof(long) of real elements', () => {
  // saoc-r3-window-series-scan-0041: series_iir's reals expand to longs
  it('a whole real conforms; a fraction is refused while the query runs (HB162)', async () => {
    expect(await runKql(engine, 'datatable(t:long, v:long)[ 1,1, 2,2 ] | make-series s = sum(v) default = 0 on t from 1 to 4 step 1 | extend cum = series_iir(s, dynamic([1]), dynamic([1,-1])) | mv-expand cum to typeof(long) | project cum')).toEqual([[1], [3], [3]]);
    await expect(runKql(engine, 'print d = dynamic([1.5, 2.0]) | mv-expand d to typeof(long)')).rejects.toThrow(/HB162/);
  });
});

describe('a dynamic literal nested in another', () => {
  // saoc-r2-dynamic-json-0036: Kusto reads dynamic([dynamic({"a":1}), …]) as the nested values
  it('is its value', async () => {
    expect(await runKql(engine, 'print d = dynamic([dynamic({"a":1}), dynamic({"a":2})]) | mv-expand x = d | extend av = toint(x.a) | summarize sum(av)')).toEqual([[3]]);
    expect(await runKql(engine, 'print d = dynamic({"k": dynamic([1, 2]), "n": dynamic(null)})')).toEqual([[{ k: [1, 2], n: null }]]);
  });
});

describe('array_concat() of values whose kind is known only per row (JSON text)', () => {
  // saoc-tier1-0168: a bag or null adds nothing
  it('concatenates the arrays, skips bags and nulls', async () => {
    expect(await runKql(engine, 'datatable(d:dynamic)[ dynamic({"a":1,"b":[1,2,3]}), dynamic([10,20,30]), dynamic({"nested":{"x":"y"}}), dynamic(null) ] | project v = array_concat(d, dynamic([99]))')).toEqual([
      [[99]],
      [[10, 20, 30, 99]],
      [[99]],
      [[99]],
    ]);
  });
  it('another kind of value is refused while the query runs (HB162)', async () => {
    await expect(runKql(engine, 'datatable(d:dynamic)[ dynamic("s"), dynamic([1]) ] | project v = array_concat(d, dynamic([99]))')).rejects.toThrow(/HB162/);
  });
});

describe("datetime_add('nanosecond')", () => {
  // page: Nanosecond is one of the periods; whole microseconds are added exactly here
  it('adds whole microseconds; a finer amount is HB107 while the query runs', async () => {
    expect(await runKql(engine, "print a = datetime_add('nanosecond', 5000, datetime(2020-01-01)), b = datetime_add('Nanosecond', -3000, datetime(2020-01-01))")).toEqual([
      ['2020-01-01T00:00:00.000005Z', '2019-12-31T23:59:59.999997Z'],
    ]);
    await expect(runKql(engine, "print a = datetime_add('nanosecond', 500, datetime(2020-01-01))")).rejects.toThrow(/HB107/);
  });
});

describe('array_sort_asc/desc and array_sum of JSON text', () => {
  // saoc-tier1-0167 (a bag or null sorts to null), saoc-r3-dynamic-json-0027 (parse_json('[]') of a column)
  it('sorts arrays of numbers or strings, nulls last; a bag or null is null', async () => {
    expect(await runKql(engine, 'datatable(d:dynamic)[ dynamic({"a":1,"b":[1,2,3]}), dynamic([10,20,30]), dynamic({"nested":{"x":"y"}}), dynamic(null) ] | project v = array_sort_asc(d)')).toEqual([
      [null],
      [[10, 20, 30]],
      [null],
      [null],
    ]);
    expect(await runKql(engine, 'datatable(d:dynamic)[ dynamic([3, null, 1.5, -2]), dynamic(["b", "a", null]), dynamic([]) ] | project a = array_sort_asc(d), b = array_sort_desc(d)')).toEqual([
      [[-2, 1.5, 3, null], [3, 1.5, -2, null]],
      [['a', 'b', null], ['b', 'a', null]],
      [[], []],
    ]);
    expect(await runKql(engine, "print s = '[]' | extend e = parse_json(s) | extend al = array_length(e), s2 = array_sum(e), srt = array_sort_asc(e), keys = bag_keys(e)")).toEqual([['[]', [], 0, null, [], null]]);
  });
  it('an array mixing kinds is refused while the query runs (HB162)', async () => {
    await expect(runKql(engine, 'datatable(d:dynamic)[ dynamic([1, "x"]), dynamic([2]) ] | project a = array_sort_asc(d)')).rejects.toThrow(/HB162/);
    await expect(runKql(engine, `datatable(s:string)['{"a":1}'] | extend e = parse_json(s) | project s2 = array_sum(e)`)).rejects.toThrow(/HB162/);
  });
  it('array_sum of dynamic(null) is null', async () => {
    expect(await runKql(engine, 'print t = array_sum(dynamic(null)), u = array_sum(dynamic([1, 2]))')).toEqual([[null, 3]]);
  });
});
