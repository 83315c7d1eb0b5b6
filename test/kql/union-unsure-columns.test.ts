/**
 * A union column whose values cannot be shown as Kusto would is refused only when the query reads
 * or shows it (lower/operators/union.ts, compile.ts).
 *
 * - One name, two types, one column in the analyzer's list. The union operator page: "if a column
 *   appears in multiple tables and has multiple types, it has a corresponding column for each type
 *   in the union's result", suffixed `_type` (its example: x_long and x_int). For two inputs the
 *   analyzer agrees; for (long, long, int) it lists one long x.
 * - A dynamic column holding values of different kinds (an array in one input, a bag in another).
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
const KINDS = 'union (print k="a", d = dynamic([1])), (print k="b", d = dynamic({"a":1}))';

describe('a column the analyzer merges across types', () => {
  it('runs when the query reads only the other columns', async () => {
    const r = await runKqlPasses(engine, `${SPLIT} | summarize n = count() by k | order by k asc`);
    expect(r.rows).toEqual([
      ['a', 1],
      ['b', 1],
      ['c', 1],
    ]);
    expect((await runKqlPasses(engine, `${SPLIT} | where k != "b" | project k | order by k asc`)).rows).toEqual([['a'], ['c']]);
    expect((await runKqlPasses(engine, `${SPLIT} | count`)).rows).toEqual([[3]]);
  });

  it('is refused when the query reads or shows it, or passes every column on', () => {
    for (const tail of ['| take 5', '| where x > 0', '| summarize max(x)', '| project-away x', '| extend y = 1 | summarize count()', '| distinct *', '| join kind=inner (print k="a") on k']) {
      const e = refused(`${SPLIT} ${tail}`);
      expect(e.code, tail).toBe('HB100');
      expect(e.message, tail).toContain('x_long, x_int');
    }
  });

  it('is not needed where the analyzer splits the column itself', async () => {
    const r = await runKqlPasses(engine, 'let A = datatable(x:long)[1]; let C = datatable(x:int)[3]; union A, C | order by x_long asc'); // nulls first (sort operator)
    expect(r.columns.map((c) => `${c.name}:${c.type}`)).toEqual(['x_long:long', 'x_int:int']);
    expect(r.rows).toEqual([
      [null, 3],
      [1, null],
    ]);
  });
});

describe('a dynamic column of different kinds', () => {
  it('runs when the query does not read it', async () => {
    expect((await runKqlPasses(engine, `${KINDS} | project k | order by k asc`)).rows).toEqual([['a'], ['b']]);
  });
  it('is refused (HB110) when the query reads or shows it', () => {
    for (const tail of ['| project d', '| where isnotnull(d)', '']) expect(refused(`${KINDS} ${tail}`).code, tail).toBe('HB110');
  });
});
