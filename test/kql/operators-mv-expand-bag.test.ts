/**
 * mv-expand of a property bag (kusto/query/mv-expand-operator): one row per property, a
 * single-property bag by default, a `[key, value]` array with kind=array (also spelled
 * bagexpansion=array). The first cases are the page's examples; the kind=array one with pack() is
 * the oracle case saoc-r2-nested-pipelines-let-cte-0020.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import { refused, runKql } from './helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => {
  await engine?.close();
});

const BAGS = 'datatable (a: int, b: dynamic) [ 1, dynamic({"prop1": "a1", "prop2": "b1"}), 2, dynamic({"prop1": "a2", "prop2": "b2"}) ]';

describe('mv-expand of a property bag', () => {
  it('one single-property bag per property (documented)', async () => {
    expect(await runKql(engine, `${BAGS} | mv-expand b`)).toEqual([
      [1, { prop1: 'a1' }],
      [1, { prop2: 'b1' }],
      [2, { prop1: 'a2' }],
      [2, { prop2: 'b2' }],
    ]);
  });
  it('kind=array: one [key, value] array per property (documented)', async () => {
    expect(await runKql(engine, `${BAGS} | mv-expand kind=array b`)).toEqual([
      [1, ['prop1', 'a1']],
      [1, ['prop2', 'b1']],
      [2, ['prop1', 'a2']],
      [2, ['prop2', 'b2']],
    ]);
    expect(await runKql(engine, `${BAGS} | mv-expand bagexpansion=array b | where a == 2`)).toEqual([
      [2, ['prop1', 'a2']],
      [2, ['prop2', 'b2']],
    ]);
  });
  it('a bag built with pack() (oracle)', async () => {
    expect(await runKql(engine, 'print a = 1, b = 2 | extend c = pack("x", a, "y", b) | mv-expand kind=array c | project c | sort by tostring(c) asc')).toEqual([
      [['x', 1]],
      [['y', 2]],
    ]);
  });
  it('with an item index, and the key read back from the array', async () => {
    expect(await runKql(engine, 'print d = dynamic({"k1": 10, "k2": "v"}) | mv-expand with_itemindex=i kind=array d | project i, key = tostring(d[0]), value = tostring(d[1])')).toEqual([
      [0, 'k1', '10'],
      [1, 'k2', 'v'],
    ]);
  });
});

describe('mv-expand and serialization', () => {
  // serialize-operator, "Serialization behavior of operators": mv-expand's output row set "is
  // marked as nonserialized"; the rows keep their order, but a window function needs serialize again
  const SORTED = 'datatable(x:long, d:dynamic)[2, dynamic([3]), 1, dynamic([1,2])] | sort by x asc | mv-expand d';
  it('keeps the input order', async () => {
    expect(await runKql(engine, SORTED)).toEqual([
      [1, 1],
      [1, 2],
      [2, 3],
    ]);
  });
  it('is not serialized: row_number() after it is refused, after serialize it runs', async () => {
    expect(refused(`${SORTED} | extend rn = row_number()`).code).toBe('HB105');
    expect(await runKql(engine, `${SORTED} | serialize rn = row_number()`)).toEqual([
      [1, 1, 1],
      [1, 2, 2],
      [2, 3, 3],
    ]);
  });
});

describe('operators whose output is serialized', () => {
  // serialize-operator: "The output row set of the following operators is marked as serialized:
  // getschema, range, sort, top, top-hitters"
  it('range and getschema: window functions run without serialize', async () => {
    expect(await runKql(engine, 'range x from 5 to 7 step 1 | extend rn = row_number(), p = prev(x)')).toEqual([
      [5, 1, null],
      [6, 2, 5],
      [7, 3, 6],
    ]);
    expect(await runKql(engine, 'print a = 1, b = "x" | getschema | project ColumnName, rn = row_number()')).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
  });
  it('a datatable is not listed: row_number() needs serialize', () => {
    expect(refused('datatable(x:long)[3, 1] | extend rn = row_number()').code).toBe('HB105');
  });
});
