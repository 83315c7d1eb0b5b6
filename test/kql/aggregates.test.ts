/**
 * Aggregates, joins and window offsets, table-driven. Expected values follow the documented
 * behaviour named in each comment (make_list maxSize, make_list of arrays, outer joins) or Kusto's
 * arithmetic (long sums wrap around; a NaN makes min/max NaN).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import { compile } from '../../src/kql/index.ts';
import { runKql } from './helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(() => engine.close());

const CASES: [string, string, unknown[][]][] = [
  // make_list/make_set(x, maxSize): at most maxSize values
  ['make_list maxSize', 'range x from 1 to 10 step 1 | summarize a = make_list(x, 4), b = make_set(x % 3, 2) | project n = array_length(a), m = array_length(b)', [[4, 2]]],
  ['make_list_if maxSize', 'range x from 1 to 10 step 1 | summarize a = make_list_if(x, x > 5, 2) | project n = array_length(a)', [[2]]],
  // an array value contributes its elements to make_list, a dynamic null one null element
  ['make_list of arrays', 'datatable(d:dynamic)[ dynamic([7,8]), dynamic(null), dynamic([9]) ] | summarize a = make_list(d), b = make_list_with_nulls(d)', [[[7, 8, null, 9], [7, 8, null, 9]]]],
  // a NaN anywhere makes min/max of reals NaN; arg_min/arg_max pick the NaN row
  ['NaN min max', 'datatable(v:real, k:long)[ 4.0,1, real(nan),2, 1.0,3 ] | summarize mn = min(v), mx = max(v), a = arg_min(v, k), b = arg_max(v, k)', [['NaN', 'NaN', 'NaN', 2, 'NaN', 2]]],
  ['min max without NaN', 'datatable(v:real)[ 4.0, 1.0, real(null) ] | summarize mn = min(v), mx = max(v)', [[1, 4]]],
  // long sums wrap around; avg divides that sum by the count
  ['long sum wraps', 'datatable(x:long)[ 9223372036854775807, 2 ] | summarize s = sum(x), a = avg(x)', [['-9223372036854775807', -(2 ** 62)]]],
  // avg of no values is NaN; arg_max still returns a row when every value compared is null
  ['avg empty', 'range x from 1 to 3 step 1 | where x > 5 | summarize a = avg(x)', [['NaN']]],
  ['arg_max all null', 'datatable(v:long, t:string)[ long(null),"p" ] | summarize arg_max(v, t)', [[null, 'p']]],
  // arg_max/arg_min return the values of one row (documented: "a row in the group"), nulls
  // included, never a non-null value of another row; both aggregates in one summarize
  [
    'arg_max row values',
    'datatable(k:long, t:long, x:long, y:real)[ 1,1,10,0.5, 1,3,long(null),real(null), 1,2,20,1.5 ] | summarize arg_max(t, *), arg_min(t, x, y) by k',
    [[1, 3, null, null, 1, 10, 0.5]],
  ],
  // a null value never wins over a value (arg_max and arg_min, reals with NaN too); when every
  // value is null the group's first row is returned
  ['arg_max arg_min skip nulls', 'datatable(v:long, t:string)[ long(null),"p", 2,"q", long(null),"r", 1,"s" ] | summarize arg_max(v, t), arg_min(v, t)', [[2, 'q', 1, 's']]],
  ['arg_min real nulls', 'datatable(v:real, k:long)[ real(null),1, 3.0,2, real(nan),3, real(null),4 ] | summarize a = arg_min(v, k), b = arg_max(v, k)', [['NaN', 3, 'NaN', 3]]],
  ['arg_min real without NaN', 'datatable(v:real, k:long)[ real(null),1, 3.0,2, 0.5,3 ] | summarize arg_min(v, k), arg_max(v, k)', [[0.5, 3, 3, 2]]],
  ['arg_max all null rows', 'datatable(g:long, v:long, t:string)[ 1,long(null),"p", 1,long(null),"q", 2,long(null),"r", 2,long(null),"s" ] | summarize arg_max(v, t), arg_min(v, t) by g | order by g asc', [[1, null, 'p', null, 'p'], [2, null, 'r', null, 'r']]],
  [
    'arg_max star with null columns',
    'datatable(t:long, x:long)[ 1,1, 2,long(null) ] | summarize arg_max(t, *)',
    [[2, null]],
  ],
  // extend items read the input's value of a column an earlier item of the same extend replaces
  ['extend swap', 'datatable(a:long, c:long)[ 1,3 ] | extend a = c, c = a', [[3, 1]]],
  // project of columns named like the analyzer's generated names keeps each column's own value
  ['project Column names', 'datatable(t:string)[ "x", "x", "y" ] | summarize Column1 = count() by t | extend Column2 = Column1 * 10 | project Column1, t, Column2 | order by t asc', [[2, 'x', 20], [1, 'y', 10]]],
  // bag_unpack: a key whose values share one scalar type is a column of that type
  ['bag_unpack types', 'datatable(d:dynamic)[ dynamic({"n":1,"s":"a"}), dynamic({"n":2}) ] | evaluate bag_unpack(d)', [[1, 'a'], [2, '']]],
  // split(s, d, i): the i-th piece as a one-element array, null past the last piece
  ['split index', 'print a = split("a=b", "=", 1), b = split("a=b", "=", 5), c = split("a=b", "=", 0)', [[['b'], null, ['a']]]],
  // gettype: a real column is real; a real inside a dynamic value is double
  ['gettype real', 'print a = gettype(1.5), b = gettype(dynamic(1.5)), c = gettype(parse_json("2"))', [['real', 'double', 'long']]],
  // outer joins: a string column of the side without a match is '' (Kusto strings are never null)
  ['leftouter strings', 'let L = datatable(k:long)[ 1, 2 ]; let R = datatable(k:long, s:string)[ 2,"x" ]; L | join kind=leftouter R on k | project k, s, e = s == "", n = strlen(s) | order by k asc',
    [[1, '', true, 0], [2, 'x', false, 1]]],
  ['rightouter strings', 'let L = datatable(k:long, s:string)[ 1,"a" ]; let R = datatable(k:long)[ 1, 2 ]; L | join kind=rightouter R on k | project k1, s | order by k1 asc', [[1, 'a'], [2, '']]],
];

describe('aggregate semantics', () => {
  it.each(CASES)('%s', async (_name, kql, rows) => {
    expect(await runKql(engine, kql)).toEqual(rows);
  });
});

describe('refused', () => {
  it.each([
    ['datatable(x:long)[1,2] | serialize p = prev(x, 0)', 'offset 0'],
    ['datatable(x:long)[1,2] | serialize n = next(x, -1)', 'offset -1'],
    ['datatable(v:decimal)[ decimal(1.5) ] | summarize make_list(v)', 'decimal'],
  ])('%s', (kql, msg) => {
    const r = compile(kql, { catalog: null, now: '2024-01-15T12:00:00Z' });
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0].code).toMatch(/^HB1\d\d$/);
    expect(r.diagnostics[0].message).toContain(msg);
  });
});
