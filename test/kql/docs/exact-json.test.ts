/**
 * Longs beyond 2^53 inside dynamic values, and reals written with a whole value (`1.0`, `1e3`):
 * JSON.parse and JSON.stringify lose both (a rounded number, a long). The results carry such longs
 * as bigints and print their digits as JSON numbers; parse_json of constant text keeps each
 * number's kind as Kusto's JSON reader does.
 */
import { describe, expect, it } from 'vitest';
import { runKql } from '../helpers.ts';
import { type DocCase, runDocCases } from './doc-harness.ts';
import { parseJsonExact, stringifyExact } from '../../../src/kql/json-exact.ts';
import { cellText } from '../../../src/engine/values.ts';

const CASES: DocCase[] = [
  {
    // oracle saoc-r3-aggregation-0033: make_list of longs near 2^63 keeps every digit
    fn: 'make_list',
    page: 'oracle:saoc-r3-aggregation-0033',
    kql: 'datatable(x:long)[ 9223372036854775806, 1, 9223372036854775807 ] | summarize mx=max(x), mn=min(x), ml=make_list(x)',
    rows: [['9223372036854775807', 1, [9223372036854775806n, 1, 9223372036854775807n]]],
  },
  {
    // oracle saoc-test-reg-0006: parse_json of "1.5" is a double, of "123" a long
    fn: 'parse_json',
    page: 'oracle:saoc-test-reg-0006',
    kql: 'print a = gettype(parse_json("123")), b = gettype(parse_json(\'"hi"\')), c = gettype(parse_json("1.5"))',
    rows: [['long', 'string', 'double']],
  },
];

const engine = runDocCases('exact-json', CASES);

describe('exact JSON text', () => {
  it('stringifyExact writes what JSON.stringify writes, and bigints as their digits', () => {
    const samples: unknown[] = [null, 0, -1.5, 'a"\u0000b', [1, [2, {}], []], { a: 1, b: { c: [1, 2] }, d: undefined, e: Number.NaN }, {}, [], true];
    for (const v of samples) {
      expect(stringifyExact(v)).toBe(JSON.stringify(v));
      expect(stringifyExact(v, 2)).toBe(JSON.stringify(v, null, 2));
    }
    expect(stringifyExact({ x: [9223372036854775807n, -9223372036854775808n, 1] })).toBe('{"x":[9223372036854775807,-9223372036854775808,1]}');
    // a string that looks like a marker stays a string
    expect(stringifyExact(['\u0000hb-int:5', 5n])).toBe('["\\u0000hb-int:5",5]');
  });

  it('parseJsonExact keeps long digits and, when asked, whole reals apart from integers', () => {
    expect(parseJsonExact('[9223372036854775807, 1, 2.5, "9223372036854775807"]')).toEqual([9223372036854775807n, 1, 2.5, '9223372036854775807']);
    const tagged = parseJsonExact('{"a": 1.0, "b": 1, "c": 1e3, "d": 1.25}', (r) => ({ real: r }));
    expect(tagged).toEqual({ a: { real: 1 }, b: 1, c: { real: 1000 }, d: 1.25 });
    expect(() => parseJsonExact('[1,')).toThrow(SyntaxError);
  });

  it('prints a bigint inside a dynamic cell as digits in CSV and table text', () => {
    expect(cellText([9223372036854775807n, 1])).toBe('[9223372036854775807,1]');
    expect(cellText(9223372036854775807n)).toBe('9223372036854775807');
  });

  it('parse_json of constant text: 1.0 and 1e3 are reals, a long beyond 2^53 keeps its digits', async () => {
    const q = 'print a = gettype(parse_json("1.0")), b = gettype(parse_json("[1.0]")[0]), c = gettype(parse_json("1e3")), d = parse_json("{\\"a\\":[9223372036854775807, 1.5]}"), e = gettype(parse_json("9223372036854775807"))';
    expect(await runKql(engine(), q)).toEqual([['double', 'double', 'double', { a: [9223372036854775807n, 1.5] }, 'long']]);
  });

  it('parse_json of JSON text known only at run time gives the same kinds and digits', async () => {
    const q = 'datatable(s:string)["1.0", "1e3", "9223372036854775807", "1"] | project t = gettype(parse_json(s)), p = parse_json(s)';
    expect(await runKql(engine(), q)).toEqual([
      ['double', 1],
      ['double', 1000],
      ['long', 9223372036854775807n],
      ['long', 1],
    ]);
  });

  it('refuses parse_json of an integer beyond the range of long (HB103), as the dynamic literal does', async () => {
    await expect(runKql(engine(), 'print parse_json("99999999999999999999")')).rejects.toThrow(/HB103/);
  });
});
