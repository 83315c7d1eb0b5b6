/**
 * getschema, sample and sample-distinct. getschema's rows are the documented .NET and Kusto type
 * names (kusto/query/getschema-operator; the oracle case saoc-tier1-0275 for long and bool).
 * sample and sample-distinct are random by nature: the tests check what holds for every draw.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import { runKql } from './helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => {
  await engine?.close();
});

describe('getschema', () => {
  it('names each column with its ordinal, .NET type and Kusto type', async () => {
    const rows = await runKql(
      engine,
      'datatable(id:long, name:string, score:real, active:bool, ts:datetime, n:int, d:dynamic, t:timespan, g:guid)[] | getschema',
    );
    expect(rows).toEqual([
      ['id', 0, 'System.Int64', 'long'],
      ['name', 1, 'System.String', 'string'],
      ['score', 2, 'System.Double', 'real'],
      ['active', 3, 'System.SByte', 'bool'],
      ['ts', 4, 'System.DateTime', 'datetime'],
      ['n', 5, 'System.Int32', 'int'],
      ['d', 6, 'System.Object', 'dynamic'],
      ['t', 7, 'System.TimeSpan', 'timespan'],
      ['g', 8, 'System.Guid', 'guid'],
    ]);
  });
  it('describes the columns after the pipeline, and can be queried further', async () => {
    const rows = await runKql(engine, 'range x from 1 to 3 step 1 | extend y = tostring(x), z = x * 1.5 | project-away x | getschema | where ColumnType != "string" | project ColumnName, ColumnOrdinal');
    expect(rows).toEqual([['z', 1]]);
  });
});

describe('sample', () => {
  it('returns N rows of the input, each at most once', async () => {
    for (let i = 0; i < 3; i++) {
      const rows = await runKql(engine, 'range x from 1 to 50 step 1 | sample 7');
      const xs = rows.map((r) => r[0] as number);
      expect(xs).toHaveLength(7);
      expect(new Set(xs).size).toBe(7);
      for (const x of xs) expect(x >= 1 && x <= 50).toBe(true);
    }
  });
  it('returns every row when N is larger than the input', async () => {
    const rows = await runKql(engine, 'range x from 1 to 4 step 1 | sample 10');
    expect(rows.map((r) => r[0]).sort()).toEqual([1, 2, 3, 4]);
  });
  it('is not the first N rows every time', async () => {
    const draws = new Set<string>();
    for (let i = 0; i < 6; i++) draws.add(JSON.stringify(await runKql(engine, 'range x from 1 to 1000 step 1 | sample 3')));
    expect(draws.size).toBeGreaterThan(1);
  });
});

describe('sample-distinct', () => {
  it('returns N distinct values of the column', async () => {
    const rows = await runKql(engine, 'range x from 1 to 100 step 1 | extend k = x % 7 | sample-distinct 4 of k');
    const ks = rows.map((r) => r[0] as number);
    expect(ks).toHaveLength(4);
    expect(new Set(ks).size).toBe(4);
    for (const k of ks) expect(k >= 0 && k < 7).toBe(true);
  });
  it('returns every distinct value when there are fewer than N', async () => {
    const rows = await runKql(engine, 'datatable(s:string)[ "a", "b", "a", "c", "b" ] | sample-distinct 10 of s');
    expect(rows.map((r) => r[0]).sort()).toEqual(['a', 'b', 'c']);
  });
});
