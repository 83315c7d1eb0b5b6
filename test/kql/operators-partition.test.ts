/**
 * partition: the subquery runs on each key's rows and the results are unioned
 * (kusto/query/partition-operator). The first two cases are oracle cases (real Kusto answers:
 * saoc-r2-nested-pipelines-let-cte-0029, saoc-r3-nested-pipelines-let-cte-0014); the others check
 * the result against the same answer computed without partition.
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
afterAll(async () => {
  await engine?.close();
});

describe('partition', () => {
  it('top per key (oracle)', async () => {
    expect(await runKql(engine, 'datatable(k:long, v:long)[ 1,10, 1,20, 2,30 ] | partition by k (top 1 by v desc) | sort by k asc, v desc')).toEqual([
      [1, 20],
      [2, 30],
    ]);
  });
  it('summarize per key, the key dropped by the subquery (oracle)', async () => {
    expect(
      await runKql(engine, 'datatable(i:int)[ 1, 2, 3, 4, 5, 6 ] | extend grp = i % 2 | partition by grp (summarize s = sum(i) | extend tag = "p") | sort by s asc'),
    ).toEqual([
      [9, 'p'],
      [12, 'p'],
    ]);
  });
  it('every strategy gives the answer computed without partition', async () => {
    const data = 'range x from 1 to 40 step 1 | extend k = tostring(x % 5), v = (x * 37) % 11';
    const expected = await runKql(engine, `${data} | summarize n = count(), m = max(v), f = arg_min(v, x) by k | project n, m, f, x | order by m asc, f asc, x asc`);
    for (const strategy of ['', 'hint.strategy=native', 'hint.strategy=shuffle', 'hint.strategy=legacy hint.concurrency=4']) {
      const rows = await runKql(engine, `${data} | partition ${strategy} by k (summarize n = count(), m = max(v), f = arg_min(v, x)) | order by m asc, f asc, x asc`);
      expect(rows, strategy).toEqual(expected);
    }
  });
  it('window functions and joins inside the subquery see only their key', async () => {
    const rows = await runKql(
      engine,
      'let names = datatable(k:long, name:string)[ 0, "even", 1, "odd" ]; range x from 1 to 6 step 1 | extend k = x % 2 | partition hint.strategy=native by k (order by x asc | extend r = row_number() | join kind=inner names on k | project name, x, r) | order by name asc, x asc',
    );
    expect(rows).toEqual([
      ['even', 2, 1],
      ['even', 4, 2],
      ['even', 6, 3],
      ['odd', 1, 1],
      ['odd', 3, 2],
      ['odd', 5, 3],
    ]);
  });
  it('the default (legacy) strategy refuses more than 64 key values or a null key while the query runs', async () => {
    await expect(runKql(engine, 'range x from 1 to 65 step 1 | partition by x (count)')).rejects.toThrow(/HB130/);
    await expect(runKql(engine, 'datatable(k:long)[ 1, long(null) ] | partition by k (count)')).rejects.toThrow(/HB130/);
    expect(await runKql(engine, 'range x from 1 to 65 step 1 | partition hint.strategy=shuffle by x (count) | count')).toEqual([[65]]);
  });
  it('the { subquery with its own source } form is a coded error', () => {
    const r = compile('range x from 1 to 5 step 1 | extend k = x % 2 | partition by k { range y from 1 to 2 step 1 }', { catalog: null, now: NOW });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['HB130']);
  });
});
