/**
 * Finding a value in an array (array_index_of, set_has_element) and arrays mixing whole numbers
 * with reals: the documented examples, oracle cases and the element-equality rules, on the real
 * engine. Arrays known only at run time (JSON text) must give the same answers as typed lists.
 */
import { describe, expect, it } from 'vitest';
import { NOW, runKql } from '../helpers.ts';
import { type DocCase, runDocCases } from './doc-harness.ts';
import { compile } from '../../../src/kql/index.ts';

const ARR = 'let arr=dynamic(["this", "is", "an", "example", "an", "example"]);';

const CASES: DocCase[] = [
  {
    fn: 'array_index_of',
    page: 'array-index-of-function',
    kql: `${ARR} print idx1 = array_index_of(arr,"an"), idx2 = array_index_of(arr,"example",1,3), idx3 = array_index_of(arr,"example",1,2), idx4 = array_index_of(arr,"is",2,4), idx5 = array_index_of(arr,"example",2,-1), idx6 = array_index_of(arr, "an", 1, -1, 2), idx7 = array_index_of(arr, "an", 1, -1, 3), idx8 = array_index_of(arr, "an", -3), idx9 = array_index_of(arr, "is", -4)`,
    rows: [[2, 3, -1, -1, 3, 4, -1, 4, -1]],
  },
  {
    // oracle saoc-probe-0006: a series of longs holds 15.0
    fn: 'array_index_of',
    page: 'oracle:saoc-probe-0006',
    kql: 'datatable(t:datetime, v:long)[ datetime(2021-01-01),5, datetime(2021-01-02),15 ] | make-series s = sum(v) default = 0 on t from datetime(2021-01-01) to datetime(2021-01-03) step 1d | project mx = array_index_of(s, 15.0)',
    rows: [[1]],
  },
  {
    // oracle saoc-r2-type-casts-coercion-0043: longs beyond 2^53 inside a dynamic column keep every digit
    fn: 'toint',
    page: 'oracle:saoc-r2-type-casts-coercion-0043',
    kql: 'datatable(d:dynamic)[ dynamic(9223372036854775807), dynamic(-9223372036854775808), dynamic(1.7976931348623157e308), dynamic(5e-324) ] | project tl = tolong(d), ti = toint(d), gt = gettype(d)',
    rows: [
      ['9223372036854775807', -1, 'long'],
      ['-9223372036854775808', 0, 'long'],
      ['9223372036854775807', 2147483647, 'double'],
      [0, 0, 'double'],
    ],
  },
];

const engine = runDocCases('array-equality', CASES);

describe('array_index_of and set_has_element', () => {
  it('find values in arrays known only at run time (JSON text) as in typed lists', async () => {
    const q = 'datatable(s:string)["[1,\\"x\\",true,2.5]", "[]", "{}"] | project a = set_has_element(parse_json(s), "x"), b = array_index_of(parse_json(s), true), c = array_index_of(parse_json(s), 1), d = array_index_of(parse_json(s), 2.5), e = set_has_element(parse_json(s), "1")';
    expect(await runKql(engine(), q)).toEqual([
      [true, 2, 0, 3, false],
      [false, -1, -1, -1, false],
      [false, null, null, null, false],
    ]);
  });

  it('a string never equals a number; numbers compare by value', async () => {
    const q = 'print a = array_index_of(dynamic([1, 2]), "2"), b = set_has_element(dynamic(["1", "2"]), 2), c = set_has_element(dynamic([1, 2]), 2.0), d = array_index_of(dynamic([1.5, 2.0]), 2)';
    expect(await runKql(engine(), q)).toEqual([[-1, false, true, 1]]);
  });

  it('refuses what the reference leaves open: a start outside the array, occurrence 0', async () => {
    await expect(runKql(engine(), 'print array_index_of(dynamic([1, 2]), 1, 5)')).rejects.toThrow(/HB162/);
    await expect(runKql(engine(), 'print array_index_of(dynamic([1, 2]), 1, 0, -1, 0)')).rejects.toThrow(/HB162/);
    expect(await runKql(engine(), 'print array_index_of(dynamic([1, 2]), 1, 0, -1, -1), array_index_of(dynamic([1, 2]), 1, 0, -2)')).toEqual([[null, null]]);
  });
});

describe('arrays mixing whole numbers and reals', () => {
  it('keep each element a long or a real (gettype, tostring, toint)', async () => {
    const q = 'let A = dynamic([1, 2.5, 4294967297]); print t0 = gettype(A[0]), t1 = gettype(A[1]), s = tostring(A), i = toint(A[2])';
    expect(await runKql(engine(), q)).toEqual([['long', 'double', '[1,2.5,4294967297]', 1]]);
  });

  it('are series of reals and percentile lists', async () => {
    const q = 'print x = dynamic([1, 2, 3, 4]), y = dynamic([1, 2, 3, 0.5]) | project p = series_pow(x, y)';
    expect(await runKql(engine(), q)).toEqual([[[1, 4, 27, 2]]]);
    const r = compile('range x from 1 to 10 step 1 | summarize percentiles_array(x, dynamic([50, 99.9]))', { catalog: null, now: NOW });
    expect(r.ok).toBe(true);
  });
});
