import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../src/kql/compile.ts';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import { type JsonValue, tableToKusto } from '../../src/engine/values.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
}, 60_000);
afterAll(async () => {
  await engine?.close();
});

const NOW = '2024-05-20T00:00:00Z';

async function run(kql: string): Promise<{ names: string[]; rows: JsonValue[][] }> {
  const r = compile(kql, { catalog: null, now: NOW });
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n'));
  const t = await engine.query(r.sql!);
  const k = tableToKusto(t, r.columns!);
  return { names: k.columns.map((c) => c.name), rows: k.rows };
}

const sorted = (rows: JsonValue[][]) => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

function code(kql: string): string | undefined {
  const r = compile(kql, { catalog: null, now: NOW });
  return r.ok ? undefined : r.diagnostics.find((d) => d.severity === 'error')?.code;
}

describe('make-series', () => {
  it('datetime axis, by key, absent bins take the default, `to` exclusive', async () => {
    const r = await run(
      'datatable(t:datetime, v:long, g:string)[ datetime(2020-01-01),10,"a", datetime(2020-01-02),20,"b", datetime(2020-01-03),30,"a" ] | make-series s = sum(v) default = 0 on t from datetime(2020-01-01) to datetime(2020-01-04) step 1d by g',
    );
    expect(r.names).toEqual(['g', 's', 't']);
    const axis = ['2020-01-01T00:00:00.0000000Z', '2020-01-02T00:00:00.0000000Z', '2020-01-03T00:00:00.0000000Z'];
    expect(sorted(r.rows)).toEqual([
      ['a', [10, 0, 30], axis],
      ['b', [0, 20, 0], axis],
    ]);
  });

  it('long axis, several aggregates, per-aggregate defaults', async () => {
    const r = await run('datatable(x:long)[ 1,2,3,4,5,6,7,8 ] | make-series total = sum(x), cnt = count() default = 0 on x from 1 to 9 step 2');
    expect(r.rows).toEqual([[[3, 7, 11, 15], [2, 2, 2, 2], [1, 3, 5, 7]]]);
    const d = await run(
      'datatable(t:datetime, v:long)[ datetime(2021-01-01),10, datetime(2021-01-04),40 ] | make-series mn = min(v), av = avg(v) default = long(null) on t from datetime(2021-01-01) to datetime(2021-01-05) step 1d',
    );
    expect(d.rows[0].slice(0, 2)).toEqual([
      [10, 0, 0, 40],
      [10, null, null, 40],
    ]);
  });

  it('no from/to: from the first bin to the last populated one', async () => {
    const r = await run(
      'datatable(t:datetime, v:long)[ datetime(2020-01-01 05:00),10, datetime(2020-01-02),20, datetime(2020-01-04),40 ] | make-series avg(v) default = 0 on t step 1d',
    );
    expect(r.names).toEqual(['avg_v', 't']);
    expect(r.rows[0][0]).toEqual([10, 20, 0, 40]);
    expect(r.rows[0][1]).toHaveLength(4);
  });

  it('an empty range gives no rows; results feed mv-expand', async () => {
    const e = await run('datatable(t:datetime, v:long)[ datetime(2020-01-01),5 ] | make-series s = sum(v) default = 0 on t from datetime(2020-01-01) to datetime(2020-01-01) step 1d');
    expect(e.rows).toEqual([]);
    const m = await run(
      'datatable(t:long, v:long)[ 0,1, 2,3, 4,5, 6,7 ] | make-series s = sum(v) default = -1 on t from 0 to 8 step 2 | mv-expand s to typeof(long)',
    );
    expect(m.rows.map((x) => x[0])).toEqual([1, 3, 5, 7]);
  });

  it('several aggregates and keys, a default per aggregate, percentile per bin', async () => {
    const r = await run(
      'datatable(t:datetime, v:long, g:string, h:string)[datetime(2020-01-01),1,"a","x", datetime(2020-01-01),7,"a","x", datetime(2020-01-03),5,"b","y"] | make-series s=sum(v), p=percentile(v, 50), a=avg(v) default=real(null) on t from datetime(2020-01-01) to datetime(2020-01-04) step 1d by g, h',
    );
    expect(r.names).toEqual(['g', 'h', 's', 'p', 'a', 't']);
    expect(sorted(r.rows).map((x) => x.slice(0, 5))).toEqual([
      ['a', 'x', [8, 0, 0], [1, 0, 0], [4, null, null]],
      ['b', 'y', [0, 0, 5], [0, 0, 5], [null, null, 5]],
    ]);
  });

  it('unsupported forms stay coded diagnostics', () => {
    // the analyzer types an unnamed percentile series as a long: refused, the named form works
    expect(code('datatable(t:datetime, v:long)[datetime(2020-01-01),1] | make-series percentile(v, 50) on t step 1d')).toBe('HB100');
    expect(code('datatable(t:string, v:long)["a",1] | make-series s = sum(v) on t step 1')).toBeDefined();
  });
});

describe('top-nested', () => {
  it('nested levels keep the best N within each surviving parent', async () => {
    const r = await run(
      'datatable(cat:string, sub:string, v:long)[ "a","x",10, "a","y",20, "b","x",30, "b","z",5 ] | top-nested 3 of cat by sum(v), top-nested 2 of sub by max(v)',
    );
    expect(r.names).toEqual(['cat', 'aggregated_cat', 'sub', 'aggregated_sub']);
    expect(sorted(r.rows)).toEqual(
      sorted([
        ['b', 35, 'x', 30],
        ['b', 35, 'z', 5],
        ['a', 30, 'y', 20],
        ['a', 30, 'x', 10],
      ]),
    );
  });

  it('asc ordering, no N, named aggregates', async () => {
    const r = await run(
      'datatable(cat:string, sub:string, v:long)[ "a","x",10, "a","y",20, "b","x",30, "b","z",5, "c","w",100 ] | top-nested 2 of cat by sum(v) asc, top-nested of sub by S=sum(v)',
    );
    expect(r.names).toEqual(['cat', 'aggregated_cat', 'sub', 'S']);
    expect(sorted(r.rows)).toEqual(sorted([['a', 30, 'x', 10], ['a', 30, 'y', 20], ['b', 35, 'x', 30], ['b', 35, 'z', 5]]));
  });

  it('with others after by (the page puts it before by) stays a coded diagnostic', () => {
    expect(code('datatable(cat:string, v:long)[ "a",10 ] | top-nested 2 of cat by sum(v) with others = "OTHER"')).toBeDefined();
  });
});

describe('mv-apply', () => {
  it('summarize per source row, joined back to the row', async () => {
    const r = await run(
      'datatable(g:string, v:long)[ "a",1, "a",2, "b",3, "b",4 ] | summarize total = sum(v), lst = make_list(v) by g | mv-apply x = lst to typeof(long) on (summarize mx = max(x)) | project g, total, mx',
    );
    expect(sorted(r.rows)).toEqual([
      ['a', 3, 2],
      ['b', 7, 4],
    ]);
  });

  it('where + extend keep one row per surviving element', async () => {
    const r = await run('print d = dynamic([{"v":1},{"v":2},{"v":3},{"v":4}]), z = 5 | mv-apply e = d on (where toint(e.v) % 2 == 0 | extend w = z * 2)');
    expect(r.names).toEqual(['d', 'z', 'e', 'w']);
    expect(r.rows.map((x) => [x[2], x[3]])).toEqual([
      [{ v: 2 }, 10],
      [{ v: 4 }, 10],
    ]);
  });

  it('make-series kind=nonempty compiles where its page shows the result (no keys, from and to: docs/operators-b.test.ts runs it) and is refused elsewhere', () => {
    expect(code('datatable(t:datetime, v:long)[datetime(2024-01-01), 1] | where v > 5 | make-series kind=nonempty s=sum(v) on t from datetime(2024-01-01) to datetime(2024-01-04) step 1d')).toBeUndefined();
    expect(code('datatable(t:datetime, v:long)[datetime(2024-01-01), 1] | where v > 5 | make-series kind=nonempty s=sum(v) on t from datetime(2024-01-01) to datetime(2024-01-04) step 1d by v')).toBe('HB130');
    expect(code('datatable(t:datetime, v:long)[datetime(2024-01-01), 1] | where v > 5 | make-series kind=nonempty s=sum(v) on t step 1d')).toBe('HB130');
  });

  it('with_itemindex compiles (its documented example runs in operators-mv-apply.test.ts)', () => {
    expect(code('print d = dynamic([1,2,3]) | mv-apply with_itemindex=i x = d to typeof(long) on (top 1 by x)')).toBeUndefined();
  });
});
