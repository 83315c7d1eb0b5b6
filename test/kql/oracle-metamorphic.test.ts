/**
 * Regressions found by bin/oracle-metamorphic.mjs: dev oracle cases (ids in the comments,
 * ../shared/corpus/kusto-oracle-dev/cases.jsonl) rewritten in ways that keep Kusto's answer
 * (a `| serialize` appended, the query as the one leg of a `union`), checked against the same
 * recorded Kusto result.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import { compilePasses, refused, runKqlPasses } from './helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(() => engine.close());

const shape = (r: { columns: { name: string; type: string }[] }) => r.columns.map((c) => `${c.name}:${c.type}`);

describe('serialize of unordered rows (a sort without keys)', () => {
  // saoc-r1-aggregation-0000 + `| serialize`: was an empty ORDER BY (DuckDB syntax error, HB900)
  it('is the rows as they come, as the last operator and before take', async () => {
    const q = 'datatable(k:long, v:long)[ 1,10, 1,20, 2,30, 2,30 ] | summarize sum(v), count() by k';
    for (const tail of ['| serialize', '| serialize | take 100000', '| serialize | where true']) {
      const r = await runKqlPasses(engine, `${q} ${tail}`);
      expect(shape(r)).toEqual(['k:long', 'sum_v:long', 'count_:long']);
      expect([...r.rows].sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([
        [1, 30, 2],
        [2, 60, 2],
      ]);
    }
  });
});

describe('union of a source whose analyzer columns are not Kusto’s', () => {
  // saoc-r1-window-series-scan-0014 as `union (…)`: Kusto's result has t, v, cum (no match_id
  // without with_match_id); the analyzer's match_id was added as a column of nulls
  it("leaves out the analyzer's scan match_id", async () => {
    const r = await runKqlPasses(engine, 'union (datatable(t:long, v:long)[ 1,5, 2,0, 3,0, 4,7, 5,0 ] | sort by t asc | scan declare (cum:long=0) with (step s: true => cum = cum + v;))');
    expect(shape(r)).toEqual(['t:long', 'v:long', 'cum:long']);
    expect(r.rows).toEqual(expect.arrayContaining([[1, 5, 5], [2, 0, 0], [3, 0, 0], [4, 7, 7], [5, 0, 0]]));
    expect(r.rows).toHaveLength(5);
  });
  // saoc-r2-window-series-scan-0015 as `union (…)`: `st = series_stats(s)` is one column in Kusto
  it('leaves out the other fields of a tuple function assigned to one name', async () => {
    const r = await runKqlPasses(
      engine,
      'let q = (datatable(t:datetime, v:long)[ datetime(2021-01-01),10, datetime(2021-01-05),50 ] | make-series s = sum(v) default = 0 on t from datetime(2021-01-01) to datetime(2021-01-06) step 1d | extend st = series_stats(s)); union q, q',
    );
    expect(shape(r)).toEqual(['s:dynamic', 't:dynamic', 'st:real']);
    expect(r.rows.map((x) => x[2])).toEqual([0, 0]);
  });
  // saoc-r1-datetime-timespan-0028, saoc-r3-dynamic-json-0007, saoc-r1-dynamic-json-0037 as
  // `union (…)`: Kusto gives a real where the analyzer says long/dynamic, and bag_unpack's columns
  // are unknown to the analyzer; the union showed nulls of the analyzer's type or no columns
  it('refuses an input column it cannot place', () => {
    expect(refused("union (print dd = datetime_diff('week', datetime(2020-01-15), datetime(2020-01-01)))").code).toBe('HB100');
    expect(refused('union (print a = dynamic([1,2,3,4]), b = dynamic([3,4,5,6]) | extend j = jaccard_index(a, b))').code).toBe('HB100');
  });
  it('still unions columns split by type and narrows kind=inner', async () => {
    const r = await runKqlPasses(engine, 'union (print x=1), (print x=int(2)), (print y="a")');
    expect(shape(r)).toEqual(['x_long:long', 'x_int:int', 'y:string']);
    const inner = await runKqlPasses(engine, 'union kind=inner (print x=1, z=2), (print x=int(2), z=3), (print z=4)');
    expect(shape(inner)).toEqual(['z:long']);
  });
});

describe('operators after columns the analyzer does not know or lists wrongly', () => {
  const pivot = 'datatable(k:string, v:string, n:long)[ "a","x",1, "a","y",2, "b","x",3 ] | evaluate pivot(v, sum(n))';
  const scan = 'datatable(t:long, v:long)[ 1,5, 2,0, 3,0, 4,7, 5,0 ] | sort by t asc | scan declare (cum:long=0) with (step s: true => cum = cum + v;)';
  // saoc-r1-window-series-scan-0014 + `| extend __mm = 1 | project-away __mm`: was HB102 on match_id
  it("project-away leaves out the analyzer's scan match_id", async () => {
    const r = await runKqlPasses(engine, `${scan} | extend z = 1 | project-away z`);
    expect(shape(r)).toEqual(['t:long', 'v:long', 'cum:long']);
    expect(r.rows).toHaveLength(5);
    const k = await compilePasses(engine, `${scan} | project-keep match_id`);
    expect(k.diagnostics[0]?.code).toBe('HB102');
  });
  // pivot's columns (x, y) were dropped by extend, parse, mv-expand and project-rename, given the
  // wrong names by distinct *, and a lookup of the pivot showed x's values under another column
  it('extend keeps pivot columns and appends after them', async () => {
    const r = await runKqlPasses(engine, `${pivot} | extend z = 1`);
    expect(shape(r)).toEqual(['k:string', 'x:long', 'y:long', 'z:long']);
    expect(r.rows).toEqual(expect.arrayContaining([['a', 1, 2, 1], ['b', 3, 0, 1]]));
  });
  it('project-reorder of plain names puts the rest after them, in order', async () => {
    const r = await runKqlPasses(engine, `${pivot} | project-reorder y, k`);
    expect(shape(r)).toEqual(['y:long', 'k:string', 'x:long']);
    // saoc-r1-dynamic-json-0037 + `| extend __mm = 1 | project-away __mm`
    const u = await runKqlPasses(engine, 'datatable(d:dynamic)[ dynamic({"a":1,"b":2,"c":3}) ] | evaluate bag_unpack(d) | extend __mm = 1 | project-away __mm');
    expect(shape(u)).toEqual(['a:long', 'b:long', 'c:long']);
    expect(u.rows).toEqual([[1, 2, 3]]);
  });
  it('extend of a pivot column replaces it where it stands; parse adds its columns after them', async () => {
    const r = await runKqlPasses(engine, `${pivot} | extend x = 1`);
    expect(shape(r)).toEqual(['k:string', 'x:long', 'y:long']);
    expect(r.rows).toEqual(expect.arrayContaining([['a', 1, 2], ['b', 1, 0]]));
    const p = await runKqlPasses(engine, `${pivot} | parse k with z:string`);
    expect(shape(p)).toEqual(['k:string', 'x:long', 'y:long', 'z:string']);
    expect(p.rows).toEqual(expect.arrayContaining([['a', 1, 2, 'a'], ['b', 3, 0, 'b']]));
  });
  it('refuses what would drop or misplace them', async () => {
    for (const q of [
      `${pivot} | extend z = 1 | project-away z*`,
      `${pivot} | mv-expand m = pack_array(1, 2)`,
      `${pivot} | project-rename kk = k`,
      `${pivot} | distinct *`,
      `print k = 'a', w = 1 | lookup (${pivot}) on k`,
      `union (${pivot})`,
      `${pivot} | project-reorder y*`,
    ]) {
      const r = await compilePasses(engine, q);
      expect(r.ok, q).toBe(false);
      expect(['HB100', 'HB151'], q).toContain(r.diagnostics[0]?.code);
    }
  });
});

describe("operators after scan's analyzer-only match_id (metamorph2)", () => {
  const scan = 'datatable(t:long, v:long)[ 1,5, 2,0 ] | sort by t asc | scan declare (cum:long=0) with (step s: true => cum = cum + v;)';
  // saoc-r1-window-series-scan-0014 + `| extend __mm = 1 | lookup (print __mm = 1, __mmv = 2) on __mm`:
  // the analyzer's match_id took the place of the left's last column (the key's value shown as match_id)
  it('lookup takes the left columns by name', async () => {
    const r = await runKqlPasses(engine, `${scan} | extend a = 1 | lookup kind=inner (print a = 1, w = 3) on a`);
    expect(shape(r)).toEqual(['t:long', 'v:long', 'cum:long', 'a:long', 'w:long']);
    expect(r.rows).toEqual([
      [1, 5, 5, 1, 3],
      [2, 0, 0, 1, 3],
    ]);
    const r2 = await runKqlPasses(engine, `${scan} | lookup (print t = 1, w = 2) on t`);
    expect(shape(r2)).toEqual(['t:long', 'v:long', 'cum:long', 'w:long']);
    expect(r2.rows).toEqual(expect.arrayContaining([[1, 5, 5, 2], [2, 0, 0, null]]));
  });
  // saoc-r1-window-series-scan-0014 + `| extend __mm = 1 | join kind=inner (print __mm = 1) on __mm`,
  // `| mv-expand`, `| mv-apply`: refused (HB151/HB098, the analyzer's match_id could not be placed)
  it('join, mv-expand and mv-apply leave it out', async () => {
    const j = await runKqlPasses(engine, `${scan} | join kind=leftouter (print t = 1, w = 2) on t`);
    expect(shape(j)).toEqual(['t:long', 'v:long', 'cum:long', 't1:long', 'w:long']);
    expect(j.rows).toEqual(expect.arrayContaining([[1, 5, 5, 1, 2], [2, 0, 0, null, null]]));
    const e = await runKqlPasses(engine, `${scan} | extend a = 1 | mv-expand b = dynamic([7, 8])`);
    expect(shape(e)).toEqual(['t:long', 'v:long', 'cum:long', 'a:long', 'b:dynamic']);
    expect(e.rows).toHaveLength(4);
    const m = await runKqlPasses(engine, `${scan} | mv-apply b = dynamic([7, 8]) to typeof(long) on (take 1)`);
    expect(shape(m)).toEqual(['t:long', 'v:long', 'cum:long', 'b:long']);
    expect(m.rows).toEqual(expect.arrayContaining([[1, 5, 5, 7], [2, 0, 0, 7]]));
  });
  // saoc-r1-window-series-scan-0014 + `| project-rename __mm0 = t, …`: was HB102
  it('project-rename renames the columns there are', async () => {
    const r = await runKqlPasses(engine, `${scan} | project-rename x = cum`);
    expect(shape(r)).toEqual(['t:long', 'v:long', 'x:long']);
    expect(r.rows).toEqual([
      [1, 5, 5],
      [2, 0, 0],
    ]);
  });
  // saoc-r3-window-series-scan-0008 + `| distinct *`: the keys were named by the analyzer's positions
  it('distinct * names the keys after the input columns', async () => {
    const r = await runKqlPasses(engine, `${scan} | extend b = 2 | distinct *`);
    expect(shape(r)).toEqual(['t:long', 'v:long', 'cum:long', 'b:long']);
    expect(r.rows).toEqual(expect.arrayContaining([[1, 5, 5, 2], [2, 0, 0, 2]]));
    expect(r.rows).toHaveLength(2);
  });
});

describe('mv-expand of a column beside a jaccard_index() column (metamorph2)', () => {
  // saoc-r3-dynamic-json-0007 + `| extend __mm = dynamic([1]) | mv-expand __mm`: the engine-real
  // column j (the analyzer says dynamic) was taken for the expanded one; j showed the elements
  it('expands the named column and keeps the real', async () => {
    const q = 'print a = dynamic([1,2]), b = dynamic([2,3]) | extend j = jaccard_index(a, b)';
    const r = await runKqlPasses(engine, `${q} | mv-expand a`);
    expect(shape(r)).toEqual(['a:dynamic', 'b:dynamic', 'j:real']);
    expect(r.rows).toEqual([
      [1, [2, 3], 1 / 3],
      [2, [2, 3], 1 / 3],
    ]);
    const r2 = await runKqlPasses(engine, `${q} | extend m = dynamic([7]) | mv-expand m`);
    expect(r2.rows).toEqual([[[1, 2], [2, 3], 1 / 3, 7]]);
  });
});

describe('a missing string is the empty string, not null (metamorph3)', () => {
  // saoc-r3-string-ops-0003 / -0043 + `| where c == c`: tostring() of an array element past the
  // end (split(s, ":")[1] of a text without ":") was NULL inside the query (shown as ''), so
  // `== itself`, `== ''` and strlen() == 0 dropped the row; Kusto's tostring(null) is ''
  it('tostring() of a missing string element or a null guid', async () => {
    const q = "print s = 'x' | extend p = split(s, ':') | project v = tostring(p[1]), u = toupper(tostring(p[1])), g = tostring(guid(null))";
    for (const w of ["v == v and u == u and g == g", "v == '' and strlen(v) == 0 and v =~ v", "isempty(g) and g == ''"]) {
      const r = await runKqlPasses(engine, `${q} | where ${w}`);
      expect(shape(r)).toEqual(['v:string', 'u:string', 'g:string']);
      expect(r.rows).toEqual([['', '', '']]);
    }
    const j = await runKqlPasses(engine, `${q} | join kind=inner (print v = '') on v | project v, v1`);
    expect(j.rows).toEqual([['', '']]);
  });
  // saoc-r3-window-series-scan-0035 + `| where p == p`: prev(s) on the first row was NULL
  it('prev()/next() of a string past the ends', async () => {
    const q = "datatable(s:string)['a','b'] | sort by s asc | serialize p = prev(s), n = next(s)";
    const r = await runKqlPasses(engine, `${q} | where p == p and n == n`);
    expect(shape(r)).toEqual(['s:string', 'p:string', 'n:string']);
    expect(r.rows).toEqual([
      ['a', '', 'b'],
      ['b', 'a', ''],
    ]);
    const r2 = await runKqlPasses(engine, `${q} | where strlen(p) == 0 or n == ''`);
    expect(r2.rows).toEqual([
      ['a', '', 'b'],
      ['b', 'a', ''],
    ]);
  });
});

describe('bin() of a long at the bottom of the range (metamorph3)', () => {
  // saoc-r1-type-casts-coercion-0019 + `bin(c, 1)`: bin(-9223372036854775808, 1) overflowed in an
  // intermediate (x - size + 1), HB900, where the bucket is the value itself
  it('floors without leaving the long range', async () => {
    const r = await runKqlPasses(engine, 'datatable(x:long)[-7, -6, -1, 0, 5, 9223372036854775807] | extend b1 = bin(x, 1), b3 = bin(x, 3)');
    expect(shape(r)).toEqual(['x:long', 'b1:long', 'b3:long']);
    expect(r.rows).toEqual([
      [-7, -7, -9],
      [-6, -6, -6],
      [-1, -1, -3],
      [0, 0, 0],
      [5, 5, 3],
      ['9223372036854775807', '9223372036854775807', '9223372036854775806'],
    ]);
    const lo = await runKqlPasses(engine, 'datatable(x:long)[-9223372036854775808, -9223372036854775807] | project b1 = bin(x, 1), b2 = bin(x, 2)');
    expect(lo.rows).toEqual([
      ['-9223372036854775808', '-9223372036854775808'],
      ['-9223372036854775807', '-9223372036854775808'],
    ]);
  });
});
