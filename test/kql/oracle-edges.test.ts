/**
 * Edges of documented function semantics that the dev oracle corpus exercises (case ids in the
 * comments: ../shared/corpus/kusto-oracle-dev/cases.jsonl): each expected row is Kusto's own output
 * there or the function page's example; what neither establishes stays a coded refusal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import { compile } from '../../src/kql/index.ts';
import { NOW, runKql } from './helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(() => engine.close());

const refused = (kql: string) => {
  const r = compile(kql, { catalog: null, now: NOW });
  expect(r.ok).toBe(false);
  return r.diagnostics[0];
};

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
  it('refuses values finer than a microsecond (HB107), as in the page example', () => {
    expect(refused("print nanosecond = datetime_diff('nanosecond',datetime(2017-10-30 23:00:00.0000000),datetime(2017-10-30 23:00:00.0000007))").code).toBe('HB107');
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
