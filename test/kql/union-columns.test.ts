/**
 * A union's columns where the inputs type one name several ways (lower/operators/union.ts). The
 * union operator page: "one column for each name and type occurrences … if a column appears in
 * multiple tables and has multiple types, it has a corresponding column for each type in the
 * union's result … suffixed with a '_' followed by the origin column type", and a suffixed name an
 * input already has is de-duplicated with a number (its x_long1 example). Kusto's analyzer lists
 * other columns for some inputs ((long, long, int): one long x; the example: x_long, x_int,
 * x_long1): the page's columns are what the union gives, and a later name the two lists mean
 * differently is refused (HB100), as is an operator that orders its output by the analyzer's list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import { refused, runKqlPasses } from './helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(() => engine.close());

const SPLIT = 'let A = datatable(k:string, x:long)["a",1]; let B = datatable(k:string, x:long)["b",2]; let C = datatable(k:string, x:int)["c",3]; union A, B, C';
const VIEWS = 'let View_1 = view () { print x=1 }; let View_2 = view () { print x=toint(2) };';
const KINDS = 'union (print k="a", d = dynamic([1])), (print k="b", d = dynamic({"a":1})), (print k="c", d = dynamic("s")), (print k="e", d = dynamic(null))';
const shape = (r: { columns: { name: string; type: string }[] }) => r.columns.map((c) => `${c.name}:${c.type}`);

describe("the union operator page's examples (Source columns types mismatch)", () => {
  it('x of two types: x_long and x_int, withsource= naming each view', async () => {
    const r = await runKqlPasses(engine, `${VIEWS} union withsource=TableName View_1, View_2 | order by TableName asc`);
    expect(shape(r)).toEqual(['TableName:string', 'x_long:long', 'x_int:int']);
    expect(r.rows).toEqual([
      ['View_1', 1, null],
      ['View_2', null, 2],
    ]);
  });
  it("a third view's own x_long: View_1's x becomes x_long1 (the analyzer numbers View_3's instead)", async () => {
    const r = await runKqlPasses(engine, `${VIEWS} let View_3 = view () { print x_long=3 }; union withsource=TableName View_1, View_2, View_3 | order by TableName asc`);
    expect(shape(r)).toEqual(['TableName:string', 'x_long1:long', 'x_int:int', 'x_long:long']);
    expect(r.rows).toEqual([
      ['View_1', 1, null, null],
      ['View_2', null, 2, null],
      ['View_3', null, null, 3],
    ]);
    // x_long is View_3's column on the page, View_1's x to the analyzer: not read
    expect(refused(`${VIEWS} let View_3 = view () { print x_long=3 }; union View_1, View_2, View_3 | where x_long > 0`).code).toBe('HB100');
  });
});

describe('a name the analyzer merges across types', () => {
  it('gives one column per type, in the order of first occurrence', async () => {
    const r = await runKqlPasses(engine, `${SPLIT} | order by k asc`);
    expect(shape(r)).toEqual(['k:string', 'x_long:long', 'x_int:int']);
    expect(r.rows).toEqual([
      ['a', 1, null],
      ['b', 2, null],
      ['c', null, 3],
    ]);
    expect((await runKqlPasses(engine, `${SPLIT} | take 5 | count`)).rows).toEqual([[3]]);
    expect((await runKqlPasses(engine, `${SPLIT} | summarize n = count() by k | order by k asc`)).rows).toEqual([
      ['a', 1],
      ['b', 1],
      ['c', 1],
    ]);
  });

  it('refuses the merged name, and operators that order their output by the analyzer', () => {
    for (const tail of ['| where x > 0', '| summarize max(x)', '| project-away x', '| project k, x', '| extend y = 1', '| distinct *', '| join kind=inner (print k="a") on k']) {
      const e = refused(`${SPLIT} ${tail}`);
      expect(e.code, tail).toBe('HB100');
      expect(e.message, tail).toContain('x_long (long), x_int (int)');
    }
  });

  it('needs nothing where the analyzer splits the column itself', async () => {
    const r = await runKqlPasses(engine, 'let A = datatable(x:long)[1]; let C = datatable(x:int)[3]; union A, C | order by x_long asc'); // nulls first (sort operator)
    expect(shape(r)).toEqual(['x_long:long', 'x_int:int']);
    expect(r.rows).toEqual([
      [null, 3],
      [1, null],
    ]);
  });

  it('keeps a text column empty, not null, in the inputs that lack it', async () => {
    const r = await runKqlPasses(engine, `${SPLIT} | union (print s = "z") | where isempty(s) | count`);
    expect(r.rows).toEqual([[3]]);
  });
});

describe('a dynamic column of different kinds', () => {
  it('holds each value as it was (carried as JSON text)', async () => {
    const r = await runKqlPasses(engine, `${KINDS} | order by k asc`);
    expect(shape(r)).toEqual(['k:string', 'd:dynamic']);
    expect(r.rows).toEqual([
      ['a', [1]],
      ['b', { a: 1 }],
      ['c', 's'],
      ['e', null],
    ]);
    expect((await runKqlPasses(engine, `${KINDS} | extend t = gettype(d) | order by k asc | project t`)).rows).toEqual([['array'], ['dictionary'], ['string'], ['null']]);
  });
});
