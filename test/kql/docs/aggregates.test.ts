/**
 * The aggregates family (lower/families/aggregates.ts): the documented examples of each
 * aggregate's page of the KQL reference (learn.microsoft.com/kusto/query/<page>), run on the real
 * engine, then the corners we decide ourselves (checked against an independent computation) and
 * the corners we refuse because Kusto does not document them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../../src/engine/node.ts';
import type { Engine } from '../../../src/engine/types.ts';
import type { JsonValue } from '../../../src/engine/values.ts';
import { compile } from '../../../src/kql/index.ts';
import { NOW, runKql } from '../helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => {
  await engine?.close();
});

const LATENCY = 'datatable (ReqCount:long, LatencyBucket:long) [ 8, 10, 6, 20, 3, 30, 1, 40 ]';
const COV = 'datatable(x:real, y:real) [ 1.0, 14.0, 2.0, 10.0, 3.0, 17.0, 4.0, 20.0, 5.0, 50.0 ]';

const DOCUMENTED: { fn: string; page: string; kql: string; rows: JsonValue[][] }[] = [
  { fn: 'covariance', page: 'covariance-aggregation-function', kql: `${COV} | summarize covariance_x_y = covariance(x, y)`, rows: [[20.5]] },
  { fn: 'covariancep', page: 'covariancep-aggregation-function', kql: `${COV} | summarize covariancep_x_y = covariancep(x, y)`, rows: [[16.4]] },
  // The pages print toupper(tohex(…)) = CAFEF00D: here the number itself.
  {
    fn: 'binary_all_and',
    page: 'binary-all-and-aggregation-function',
    kql: 'datatable(num:long) [ 0xFFFFFFFF, 0xFFFFF00F, 0xCFFFFFFD, 0xFAFEFFFF ] | summarize result = binary_all_and(num)',
    rows: [[0xcafef00d]],
  },
  {
    fn: 'binary_all_or',
    page: 'binary-all-or-aggregation-function',
    kql: 'datatable(num:long) [ 0x88888008, 0x42000000, 0x00767000, 0x00000005 ] | summarize result = binary_all_or(num)',
    rows: [[0xcafef00d]],
  },
  {
    fn: 'binary_all_xor',
    page: 'binary-all-xor-aggregation-function',
    kql: 'datatable(num:long) [ 0x44404440, 0x1E1E1E1E, 0x90ABBA09, 0x000B105A ] | summarize result = binary_all_xor(num)',
    rows: [[0xcafef00d]],
  },
  {
    fn: 'percentilesw',
    page: 'percentilesw-aggregation-function',
    kql: `${LATENCY} | summarize percentilesw(LatencyBucket, ReqCount, 50, 75, 99.9)`,
    rows: [[20, 20, 40]],
  },
  {
    fn: 'percentilesw_array',
    page: 'percentilesw-aggregation-function',
    kql: `${LATENCY} | summarize percentilesw_array(LatencyBucket, ReqCount, 50, 75, 99.9)`,
    rows: [[[20, 20, 40]]],
  },
  {
    fn: 'percentilesw_array',
    page: 'percentilesw-aggregation-function',
    kql: `${LATENCY} | summarize percentilesw_array(LatencyBucket, ReqCount, dynamic([50, 75, 99.9]))`,
    rows: [[[20, 20, 40]]],
  },
];

describe('documented examples of the aggregates', () => {
  for (const c of DOCUMENTED) {
    it(`${c.fn}: ${c.kql.slice(-70)} (kusto/query/${c.page})`, async () => {
      expect(await runKql(engine, c.kql)).toEqual(c.rows);
    });
  }
});

/** The nearest-rank percentile (Kusto's definition) of values each repeated `w` times. */
function nearestRank(values: [number, number][], p: number): number {
  const flat = values.flatMap(([v, w]) => Array(w).fill(v) as number[]).sort((a, b) => a - b);
  return flat[Math.max(1, Math.ceil((p / 100) * flat.length)) - 1];
}

describe('aggregates: semantics', () => {
  it('percentiles_array is the nearest-rank percentile, in argument order, as constants or one array', async () => {
    const rows = await runKql(engine, 'range x from 1 to 7 step 1 | summarize a = percentiles_array(x, 60, 5, 100), b = percentiles_array(x, dynamic([50, 10.5]))');
    const xs: [number, number][] = [1, 2, 3, 4, 5, 6, 7].map((v) => [v, 1]);
    expect(rows).toEqual([[[60, 5, 100].map((p) => nearestRank(xs, p)), [50, 10.5].map((p) => nearestRank(xs, p))]]);
  });

  it('percentilew counts each value weight times (as the page defines it), per group', async () => {
    const data: [number, number][] = [
      [5, 3],
      [1, 1],
      [9, 7],
      [3, 2],
    ];
    const dt = `datatable(v:long, w:long, g:string) [ ${data.map(([v, w]) => `${v}, ${w}, "a"`).join(', ')}, 4, 1, "b" ]`;
    const rows = await runKql(engine, `${dt} | summarize p10 = percentilew(v, w, 10), p50 = percentilew(v, w, 50), p90 = percentilew(v, w, 90) by g | order by g asc`);
    expect(rows).toEqual([
      ['a', nearestRank(data, 10), nearestRank(data, 50), nearestRank(data, 90)],
      ['b', 4, 4, 4],
    ]);
  });

  it('covariance ignores rows with a null; the *if forms filter first', async () => {
    const rows = await runKql(
      engine,
      `${COV} | union (datatable(x:real, y:real) [ 100.0, real(null), real(null), 7.0 ]) | summarize c = covariance(x, y), cp = covariancep(x, y), ci = covarianceif(x, y, y < 40), cpi = covariancepif(x, y, y < 40)`,
    );
    // x 1..4 with y 14, 10, 17, 20: mean 2.5 and 15.25
    const dx = [-1.5, -0.5, 0.5, 1.5];
    const dy = [-1.25, -5.25, 1.75, 4.75];
    const s = dx.reduce((acc, d, i) => acc + d * dy[i], 0);
    expect(rows).toEqual([[20.5, 16.4, s / 3, s / 4]]);
  });

  it('count_distinctif, variancepif and the bitwise aggregates skip nulls and honour the predicate', async () => {
    const rows = await runKql(
      engine,
      'datatable(x:long)[ 1, 3, 3, 7, long(null) ] | summarize d = count_distinctif(x, x > 1), v = variancepif(x, x > 1), a = binary_all_and(x), o = binary_all_or(x), r = binary_all_xor(x)',
    );
    // x > 1: 3, 3, 7 → mean 13/3, population variance ((4/3)² · 2 + (8/3)²) / 3
    const [[d, v, ...bits]] = rows;
    expect([d, ...bits]).toEqual([2, 1, 7, 1 ^ 3 ^ 3 ^ 7]);
    expect(v).toBeCloseTo((2 * (4 / 3) ** 2 + (8 / 3) ** 2) / 3, 12);
  });

  it('make_bag(bag, maxSize) with a limit the bags cannot reach', async () => {
    const rows = await runKql(engine, 'datatable(d:dynamic)[ dynamic({"a":1}), dynamic({"b":2}) ] | summarize m = make_bag(d, 2), i = make_bag_if(d, true, 5)');
    expect(rows).toEqual([[{ a: 1, b: 2 }, { a: 1, b: 2 }]]);
  });

  // make-bag-aggregation-function: maxSize is "the limit on the maximum number of elements
  // returned". With keys known only at run time (bag_pack of a computed key, JSON text), a merged
  // bag with no more keys than that is not cut: the bag without a limit (probe23 q0112, an Entra ID
  // analytic rule's make_bag(bag_pack(tostring(…), …), 100)). A group with more keys is refused.
  it('make_bag(bag, maxSize) of bags with run-time keys: the whole bag when it fits the limit', async () => {
    const T = 'datatable(g:long, k:string, v:string)[ 1, "a", \'{"x":1}\', 1, "b", "2", 2, "c", "3" ]';
    const map = await runKql(engine, `${T} | summarize m = make_bag(bag_pack(k, v), 2), i = make_bag_if(bag_pack(k, v), true, 2) by g | order by g asc`);
    expect(map).toEqual([
      [1, { a: '{"x":1}', b: '2' }, { a: '{"x":1}', b: '2' }],
      [2, { c: '3' }, { c: '3' }],
    ]);
    const json = await runKql(engine, `${T} | summarize m = make_bag(bag_pack(k, todynamic(v)), 2) by g | order by g asc`);
    expect(json).toEqual([
      [1, { a: { x: 1 }, b: 2 }],
      [2, { c: 3 }],
    ]);
    const none = await runKql(engine, `${T} | where g > 5 | summarize m = make_bag(bag_pack(k, v), 1)`);
    expect(none).toEqual([[{}]]);
  });

  // make-bag-aggregation-function: "Non-dictionary values will be skipped." The page's example with
  // its bags held as JSON text (parse_json / todynamic of a string), as Sentinel queries do.
  it('make_bag of JSON text: the documented example, non-bag values skipped', async () => {
    const T = 'datatable(prop:string, value:string)[ "prop01", "val_a", "prop02", "val_b", "prop03", "val_c" ]';
    const rows = await runKql(engine, `${T} | extend p = strcat('{"', prop, '":"', value, '"}') | summarize dict = make_bag(parse_json(p))`);
    expect(rows).toEqual([[{ prop01: 'val_a', prop02: 'val_b', prop03: 'val_c' }]]);
    const mixed = await runKql(
      engine,
      'datatable(g:long, s:string)[ 1, \'{"a":1,"b":{"x":[1,2]}}\', 1, "[1,2]", 1, "text", 1, \'"{\\\\"d\\\\":1}"\', 1, \'{"a":1,"c":null}\', 2, "null", 2, "" ]' +
        ' | summarize m = make_bag(todynamic(s)), i = make_bag_if(todynamic(s), strlen(s) > 20) by g | order by g asc | extend k = bag_keys(m)',
    );
    expect(mixed).toEqual([
      [1, { a: 1, b: { x: [1, 2] }, c: null }, { a: 1, b: { x: [1, 2] } }, ['a', 'b', 'c']],
      [2, {}, {}, []],
    ]);
    // bag_pack with a computed key among several pairs (a Sentinel consent hunt's pattern): one Id per group
    const packed = await runKql(
      engine,
      'datatable(g:long, k:string, v:string, id:string)[ 1, "p1", "x", "A", 1, "p2", "y", "A", 2, "p1", "z", "B", 2, "p1", "z", "B" ]' +
        ' | summarize m = make_bag(bag_pack(k, v, "Id", id)) by g | order by g asc',
    );
    expect(packed).toEqual([
      [1, { p1: 'x', Id: 'A', p2: 'y' }],
      [2, { p1: 'z', Id: 'B' }],
    ]);
  });
});

describe('aggregates: undocumented corners are refused, never guessed', () => {
  const code = (kql: string) => compile(kql, { catalog: null, now: NOW }).diagnostics.map((d) => d.code);
  it('at compile time', () => {
    // which keys a smaller maxSize keeps is not documented
    expect(code('datatable(d:dynamic)[ dynamic({"a":1, "b":2}) ] | summarize make_bag(d, 1)')).toEqual(['HB121']);
    // percentiles must be constants
    expect(code('datatable(x:long, p:long)[ 1, 50 ] | summarize percentiles_array(x, p)')).toEqual(['HB121']);
    expect(code('datatable(x:long, w:long)[ 1, 2 ] | summarize percentilesw_array(x, w, dynamic([50, "a"]))')).toEqual(['HB121']);
  });
  it('while the query runs', async () => {
    // a sample covariance of one pair, a zero or null weight: Kusto's answer is not documented
    await expect(runKql(engine, 'datatable(x:real, y:real)[ 1.0, 2.0 ] | summarize covariance(x, y)')).rejects.toThrow(/HB121/);
    await expect(runKql(engine, 'datatable(v:long, w:long)[ 1, 0, 2, 1 ] | summarize percentilew(v, w, 50)')).rejects.toThrow(/HB121/);
    // make_bag: "If a key appears in more than one row, an arbitrary value … will be selected"
    await expect(runKql(engine, 'datatable(s:string)[ \'{"a":1}\', \'{"a":2}\' ] | summarize make_bag(todynamic(s))')).rejects.toThrow(/HB162/);
    await expect(runKql(engine, 'datatable(s:string)[ \'{"a":1}\', \'{"a":null}\' ] | summarize make_bag(parse_json(s))')).rejects.toThrow(/HB162/);
    // a maxSize below the keys a group's bag has: which keys Kusto keeps is not documented
    await expect(runKql(engine, 'datatable(k:string)[ "a", "b", "c" ] | summarize make_bag(bag_pack(k, 1), 2)')).rejects.toThrow(/HB162/);
    await expect(runKql(engine, 'datatable(k:string)[ "a", "b", "c" ] | summarize make_bag(todynamic(strcat(\'{"\', k, \'":1}\')), 2)')).rejects.toThrow(/HB162/);
  });
});
