/**
 * mv-apply with any tabular subquery (kusto/query/mv-apply-operator): the documented examples
 * whose subquery uses take / top (run per source row as a partition keyed by the row), on DuckDB-WASM.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import type { JsonValue } from '../../src/engine/values.ts';
import { compile } from '../../src/kql/index.ts';
import { NOW, runKql } from './helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => {
  await engine?.close();
});

const sorted = (rows: JsonValue[][]) => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe('mv-apply: documented examples with take / top', () => {
  it('take 100 returns every element (the mv-expand done internally)', async () => {
    const q = `let data = datatable (index: int, Arr: dynamic) [ 0, dynamic([7]), 1, dynamic([6, 11, 7]) ];
data | mv-apply Arr2=Arr to typeof(long) on (take 100)`;
    expect(sorted(await runKql(engine, q))).toEqual(
      sorted([
        [0, [7], 7],
        [1, [6, 11, 7], 6],
        [1, [6, 11, 7], 11],
        [1, [6, 11, 7], 7],
      ]),
    );
  });
  it('the largest element of each array (top 1 by)', async () => {
    const q = `let data = datatable (index: int, Arr: dynamic) [ 0, dynamic([1, 5, 3]), 1, dynamic([10, 2, 5, 7]) ];
data | mv-apply topElem=Arr to typeof(long) on (top 1 by topElem)`;
    expect(sorted(await runKql(engine, q))).toEqual([
      [0, [1, 5, 3], 5],
      [1, [10, 2, 5, 7], 10],
    ]);
  });
  it('the top two elements as a new array (top 2 by | summarize make_list)', async () => {
    const q = `let data = datatable (index: int, Arr: dynamic) [ 0, dynamic([5, 1, 3]), 1, dynamic([4, 10, 8, 7]) ];
data | mv-apply Arr2=Arr to typeof(long) on (top 2 by Arr2 | summarize Top2=make_list(Arr2))`;
    expect(sorted(await runKql(engine, q))).toEqual([
      [0, [5, 1, 3], [5, 3]],
      [1, [4, 10, 8, 7], [10, 8]],
    ]);
  });
  it('two arrays expanded side by side, top 2 by one of them', async () => {
    const q = `datatable (Val:int, Arr1:dynamic, Arr2:dynamic)
[ 1, dynamic(['A1', 'A2', 'A3']), dynamic([10, 30, 7]),
  7, dynamic(['B1', 'B2', 'B5']), dynamic([15, 11, 50]),
  3, dynamic(['C1', 'C2', 'C3', 'C4']), dynamic([6, 40, 20, 8]) ]
| mv-apply NewArr1=Arr1, NewArr2=Arr2 to typeof(long) on (
 top 2 by NewArr2
 | summarize NewArr1=make_list(NewArr1), NewArr2=make_list(NewArr2)
)`;
    expect(sorted(await runKql(engine, q))).toEqual(
      sorted([
        [1, ['A1', 'A2', 'A3'], [10, 30, 7], ['A2', 'A1'], [30, 10]],
        [7, ['B1', 'B2', 'B5'], [15, 11, 50], ['B5', 'B1'], [50, 15]],
        [3, ['C1', 'C2', 'C3', 'C4'], [6, 40, 20, 8], ['C2', 'C3'], [40, 20]],
      ]),
    );
  });
});

describe('mv-apply: with_itemindex and limit', () => {
  it('the documented with_itemindex example (a subset of each array by index)', async () => {
    const q = `let data = datatable(row: int, Arr: dynamic)
[
    0, dynamic([5, 1, 3]),
    1, dynamic([4, 10, 8, 7])
];
data
| mv-apply with_itemindex=index value=Arr to typeof(long) on
  (
    // here you have 'index' column
    where index >= 2
  )`;
    expect(sorted(await runKql(engine, q))).toEqual(
      sorted([
        [0, [5, 1, 3], 3, 2],
        [1, [4, 10, 8, 7], 8, 2],
        [1, [4, 10, 8, 7], 7, 3],
      ]),
    );
  });
  it('limit N applies the subquery to the first N elements of each row (RowLimit), with the index alongside', async () => {
    const q = `datatable(r: int, a: dynamic) [1, dynamic([10, 20, 30]), 2, dynamic([5])]
| mv-apply with_itemindex=i e = a to typeof(long) limit 2 on (top 1 by e desc)`;
    expect(sorted(await runKql(engine, q))).toEqual([
      [1, [10, 20, 30], 20, 1],
      [2, [5], 5, 0],
    ]);
    const s = 'print a = dynamic([10, 20, 30]) | mv-apply e = a to typeof(long) limit 2 on (summarize s = sum(e))';
    expect(await runKql(engine, s)).toEqual([[[10, 20, 30], 30]]);
  });
  it('a computed limit is a coded refusal', async () => {
    await expect(runKql(engine, 'print a = dynamic([1]) | mv-apply e = a limit 1 + 1 on (take 1)')).rejects.toThrow(/HB130|KS/);
  });
});

describe('mv-apply: an array held as JSON text (todynamic of a string column)', () => {
  it('expands the parsed array per row, as for a dynamic array of the same elements', async () => {
    const text = `datatable (id: int, P: string) [ 1, '[{"Name":"Name","Value":"x"},{"Name":"From","Value":"a@b"}]', 2, '[{"Name":"Name","Value":"y"}]', 3, '[]' ]
| mv-apply p = todynamic(P) on (where p.Name == "Name" | extend RuleName = tostring(p.Value)) | project id, RuleName`;
    const typed = `datatable (id: int, P: dynamic) [ 1, dynamic([{"Name":"Name","Value":"x"},{"Name":"From","Value":"a@b"}]), 2, dynamic([{"Name":"Name","Value":"y"}]), 3, dynamic([]) ]
| mv-apply p = P on (where p.Name == "Name" | extend RuleName = tostring(p.Value)) | project id, RuleName`;
    const rows = sorted(await runKql(engine, text));
    expect(rows).toEqual([
      [1, 'x'],
      [2, 'y'],
    ]);
    expect(rows).toEqual(sorted(await runKql(engine, typed)));
  });
  it('a row whose text is a scalar is refused while the query runs (HB162); one holding a bag gives its properties', async () => {
    await expect(runKql(engine, `datatable (P: string) [ '5' ] | mv-apply p = todynamic(P) on (take 1)`)).rejects.toThrow(/HB162/);
    expect(await runKql(engine, `datatable (P: string) [ '{"a":1,"b":[2]}' ] | mv-apply p = todynamic(P) on (extend k = tostring(bag_keys(p)[0])) | project k, p`)).toEqual([
      ['a', { a: 1 }],
      ['b', { b: [2] }],
    ]);
  });
});

// The page's first step "uses the mv-expand operator", and its note says mv-apply lacks only
// mv-expand's bagexpansion=array: a bag gives one single-property bag per property (kind=bag).
describe('mv-apply of a property bag', () => {
  it("the page's example 'Applying mv-apply to a property bag' (up to bag_remove_keys, refused here for computed keys)", async () => {
    const q = `datatable(Source: string, Target: string, Count: long) [ '555-1234', '555-1212', 46, '555-2424', '', int(null) ]
| extend Pack = pack_all()
| mv-apply removeProperties = Pack on ( mv-expand kind = array Pack | where Pack[1] !startswith "555" | summarize propsToRemove = make_set(Pack[0]) )
| project Source, propsToRemove`;
    const rows = (await runKql(engine, q)).map(([src, props]) => [src, [...(props as string[])].sort()]);
    // the page's values column: Count removed from the first row, Target and Count from the second
    expect(sorted(rows)).toEqual([
      ['555-1234', ['Count']],
      ['555-2424', ['Count', 'Target']],
    ]);
  });
  it('a bag known at compile time expands to one single-property bag per property, in order, with_itemindex counting them', async () => {
    // probe query: mv-apply Status on (project StatusErrorCode = tostring(Status.errorCode) …) over SigninLogs' Status bag
    const q = 'print Status = dynamic({"errorCode": 0, "additionalDetails": "x"}) | mv-apply with_itemindex = i S = Status on (extend k = tostring(bag_keys(S)[0]), c = tostring(S.errorCode)) | project i, S, k, c';
    expect(await runKql(engine, q)).toEqual([
      [0, { errorCode: 0 }, 'errorCode', '0'],
      [1, { additionalDetails: 'x' }, 'additionalDetails', ''],
    ]);
  });
});

describe('mv-apply: row order (source rows in order, each subtable in array order)', () => {
  // mv-apply page: each record is expanded "(order is preserved)", the subquery runs on each
  // subtable, and the results are unioned; its examples show the rows in this order.
  const data = 'datatable (i: int, Arr: dynamic) [ 0, dynamic([5, 1, 3]), 1, dynamic([4, 10, 8, 7]) ]';
  it('the documented take 100 example, in its documented order', async () => {
    const q = `let data = datatable (index: int, Arr: dynamic) [ 0, dynamic([7]), 1, dynamic([6, 11, 7]) ];
data | mv-apply Arr2=Arr to typeof(long) on (take 100)`;
    expect(await runKql(engine, q)).toEqual([
      [0, [7], 7],
      [1, [6, 11, 7], 6],
      [1, [6, 11, 7], 11],
      [1, [6, 11, 7], 7],
    ]);
  });
  it('make_list after mv-apply follows it: where / extend, sort, top, summarize without keys', async () => {
    const list = async (sub: string) => (await runKql(engine, `${data} | mv-apply x = Arr to typeof(long) on (${sub}) | summarize make_list(x)`))[0][0];
    expect(await list('where x > 1 | extend y = x')).toEqual([5, 3, 4, 10, 8, 7]);
    expect(await list('sort by x asc')).toEqual([1, 3, 5, 4, 7, 8, 10]);
    expect(await list('top 2 by x desc')).toEqual([5, 3, 10, 8]);
    expect(await list('summarize x = sum(x)')).toEqual([9, 29]);
  });
  it('a subquery whose rows have no order (summarize by a key) leaves the output unordered', () => {
    const sql = (sub: string) => compile(`${data} | mv-apply x = Arr to typeof(long) on (${sub})`, { catalog: null, now: NOW }).sql?.split('\n').at(-1) ?? '';
    expect(sql('summarize c = count() by x')).not.toMatch(/ORDER BY/);
    expect(sql('extend y = x')).toMatch(/ORDER BY \w+$/);
  });
  it('follows the input order given by a sort before it', async () => {
    const q = `${data} | sort by i desc | mv-apply x = Arr to typeof(long) on (where x != 8) | summarize make_list(x)`;
    expect(await runKql(engine, q)).toEqual([[[4, 10, 7, 5, 1, 3]]]);
  });
});

// The serialize page lists mv-apply neither among the operators whose output is serialized nor among
// those whose output is not, and "all other operators preserve the serialization property".
describe('mv-apply: serialization', () => {
  const codes = (q: string) => compile(q, { catalog: null, now: NOW }).diagnostics.map((d) => d.code);
  it('a serialized input (range) stays serialized: window functions run after it', async () => {
    const q = 'range x from 1 to 2 step 1 | extend a = dynamic([10, 20]) | mv-apply e = a to typeof(long) on (where e > 0) | extend rn = row_number()';
    expect(await runKql(engine, q)).toEqual([
      [1, [10, 20], 10, 1],
      [1, [10, 20], 20, 2],
      [2, [10, 20], 10, 3],
      [2, [10, 20], 20, 4],
    ]);
  });
  it('an input that is not serialized (a datatable) still needs serialize', () => {
    expect(codes('datatable(x:long, a:dynamic)[1, dynamic([10, 20])] | mv-apply e = a to typeof(long) on (where e > 0) | extend rn = row_number()')).toEqual(['HB105']);
  });
  it('a subquery that leaves no order (summarize by keys) is serialized in the order rows come', async () => {
    const q = 'range x from 1 to 2 step 1 | extend a = dynamic([10, 20]) | mv-apply e = a to typeof(long) on (summarize c = count() by e) | extend rn = row_number()';
    const rows = await runKql(engine, q);
    expect(sorted(rows.map((r) => r.slice(0, 4)))).toEqual(sorted([[1, [10, 20], 10, 1], [1, [10, 20], 20, 1], [2, [10, 20], 10, 1], [2, [10, 20], 20, 1]]));
    expect(rows.map((r) => r[4]).sort()).toEqual([1, 2, 3, 4]);
  });
});
