/**
 * The grid's views computed on the Arrow result (results-view.ts): real DuckDB-WASM results, the
 * Arrow table sent as IPC bytes as the page sends it, and every answer checked twice — against
 * the values written out by hand, and against the same view computed from the JSON rows (the
 * result as the grid shows it), which must agree for every sort, value filter and facet.
 */
import { type Table, tableFromIPC, tableToIPC } from 'apache-arrow';
import { desc, table as aqTable } from 'arquero';
import { beforeAll, describe, expect, it } from 'vitest';
import { instantiateWasmDuckDB, type RawWasmDuckDB } from '../../src/engine/node.ts';
import { SESSION_SETUP_SQL } from '../../src/engine/setup.ts';
import { type KustoResult, tableToKusto } from '../../src/engine/values.ts';
import { compile } from '../../src/kql/index.ts';
import { columnKinds, type ViewRequest } from '../../src/state/grid-columns.ts';
import { computeView } from '../../src/state/grid-compute.ts';
import { keepArrow } from '../../src/state/result-arrow.ts';
import { valueKey } from '../../src/state/results.ts';
import { gridSource, type GridSource, sourceFromRows, view } from '../../src/state/results-view.ts';

// DuckDB-WASM's Node bundle carries its own copy of apache-arrow, whose tables the app's copy
// cannot write; the result is taken as the IPC bytes DuckDB-WASM answers with and read with the
// app's apache-arrow, as the browser engine does (engine/browser.ts).
let duck: RawWasmDuckDB;
beforeAll(async () => {
  duck = await instantiateWasmDuckDB();
  for (const s of SESSION_SETUP_SQL) duck.conn.query(s);
});

function query(sql: string): Table {
  const c = duck.conn as unknown as { _bindings: { runQuery(conn: number, sql: string): Uint8Array }; _conn: number };
  return tableFromIPC(c._bindings.runQuery(c._conn, sql));
}

async function run(kql: string): Promise<{ result: KustoResult; arrow: GridSource; rows: GridSource; table: Table }> {
  const c = compile(kql, { catalog: null, now: '2024-05-20T00:00:00Z' });
  if (!c.ok || !c.sql || !c.columns) throw new Error(c.diagnostics.map((d) => `${d.code} ${d.message}`).join('; '));
  const table = query(c.sql);
  const result = tableToKusto(table, c.columns);
  const kinds = columnKinds(
    table.schema.fields.map((f) => f.type as unknown as { typeId: number }),
    result.columns,
  );
  const arrow = gridSource(result.columns, kinds, tableToIPC(table, 'stream'), result.rows.length);
  // the page sends a dynamic column's JSON values with the first request that reads it
  kinds.forEach((k, c) => {
    if (k === 'json') arrow.values[c] = result.rows.map((r) => r[c]);
  });
  return { result, arrow, rows: sourceFromRows(result), table };
}

const Q = `datatable(S:string, N:long, T:datetime, D:timespan, R:real, B:bool, G:guid, X:dynamic, I:int)[
 'b', 10, datetime(2024-05-14T09:42:03.25Z), 1d, 1.5, true, guid(0B4C1D2E-0000-0000-0000-000000000001), dynamic({"a":1}), 3,
 'a', 9007199254740993, datetime(2024-05-14T09:42:03.5Z), 10h, real(nan), false, guid(null), dynamic([1,2]), int(null),
 '', long(null), datetime(null), timespan(null), real(null), bool(null), guid(00000000-0000-0000-0000-000000000002), dynamic(null), -1,
 'A', -9007199254740993, datetime(2024-05-14T09:42:03Z), -1s, real(+inf), true, guid(0B4C1D2E-0000-0000-0000-000000000001), dynamic("x"), 3,
 'b', 9007199254740992, datetime(1969-12-31T23:59:59.999999Z), 1.5s, -0.25, false, guid(null), dynamic(5), 7,
 'é', 2, datetime(2300-01-01T00:00:00.000001Z), 200000d, real(-inf), true, guid(00000000-0000-0000-0000-000000000002), dynamic({"a":1}), 3
]`;

const req = (r: Partial<ViewRequest>): ViewRequest => ({ filters: {}, sort: null, values: [], facetCols: null, ...r });
const rowsOf = (src: GridSource, r: Partial<ViewRequest>) => Array.from(view(src, req(r)).indices);

describe('grid views on the Arrow result', () => {
  it('reads the plain columns from Arrow, dynamic ones from their JSON values', async () => {
    const { arrow } = await run(Q);
    expect(arrow.kinds).toEqual(['string', 'int', 'datetime', 'timespan', 'real', 'bool', 'guid', 'json', 'int']);
    expect(arrow.arrow?.numRows()).toBe(6);
  });

  it('sorts every type by value, nulls first ascending and last descending, stably', async () => {
    const { arrow, rows } = await run(Q);
    const asc = (col: number) => rowsOf(arrow, { sort: { col, dir: 'asc' } });
    const descending = (col: number) => rowsOf(arrow, { sort: { col, dir: 'desc' } });
    // the empty string (a null string in DuckDB) is '' and sorts as text; 'é' after ASCII
    expect(asc(0)).toEqual([2, 3, 1, 0, 4, 5]);
    // longs beyond 2^53 as bigints, exactly: -2^53-1 < 2 < 10 < 2^53 < 2^53+1
    expect(asc(1)).toEqual([2, 3, 5, 0, 4, 1]);
    expect(descending(1)).toEqual([1, 4, 0, 5, 3, 2]);
    // datetimes by instant: before 1970, whole second before .25 before .5, year 2300 (beyond 2^53 µs) last
    expect(asc(2)).toEqual([2, 4, 3, 0, 1, 5]);
    expect(descending(2)).toEqual([5, 1, 0, 3, 4, 2]);
    // timespans by duration: -1s, 1.5s, 10h, 1d, 200000d
    expect(asc(3)).toEqual([2, 3, 4, 1, 0, 5]);
    // reals: -inf, -0.25, 1.5, +inf; NaN compares with nothing and keeps its place among them
    expect(asc(4)).toEqual(rowsOf(rows, { sort: { col: 4, dir: 'asc' } }));
    expect(asc(4).filter((r) => r !== 1 && r !== 2)).toEqual([5, 4, 0, 3]);
    expect(asc(5)).toEqual([2, 1, 4, 0, 3, 5]);
    expect(asc(6)).toEqual([1, 4, 2, 5, 0, 3]);
    expect(asc(8)).toEqual([1, 2, 0, 3, 5, 4]);
  });

  it('value filters keep or drop one value; null is its own value; excluding keeps the nulls', async () => {
    const { arrow } = await run(Q);
    expect(rowsOf(arrow, { values: [{ col: 1, value: '9007199254740993', exclude: false }] })).toEqual([1]);
    expect(rowsOf(arrow, { values: [{ col: 1, value: null, exclude: false }] })).toEqual([2]);
    expect(rowsOf(arrow, { values: [{ col: 2, value: '2024-05-14T09:42:03Z', exclude: true }] })).toEqual([0, 1, 2, 4, 5]);
    expect(rowsOf(arrow, { values: [{ col: 2, value: '2300-01-01T00:00:00.000001Z', exclude: false }] })).toEqual([5]);
    expect(rowsOf(arrow, { values: [{ col: 3, value: '-00:00:01', exclude: false }] })).toEqual([3]);
    expect(rowsOf(arrow, { values: [{ col: 3, value: '200000.00:00:00', exclude: false }] })).toEqual([5]);
    expect(rowsOf(arrow, { values: [{ col: 4, value: 'NaN', exclude: false }] })).toEqual([1]);
    expect(rowsOf(arrow, { values: [{ col: 5, value: false, exclude: true }] })).toEqual([0, 2, 3, 5]);
    expect(rowsOf(arrow, { values: [{ col: 0, value: '', exclude: false }] })).toEqual([2]);
    expect(rowsOf(arrow, { values: [{ col: 7, value: { a: 1 }, exclude: false }] })).toEqual([0, 5]);
    // a value no row holds keeps nothing, and drops nothing
    expect(rowsOf(arrow, { values: [{ col: 2, value: '2024-05-14T09:42:03.000Z', exclude: false }] })).toEqual([]);
    expect(rowsOf(arrow, { values: [{ col: 2, value: '2024-05-14T09:42:04Z', exclude: true }] })).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('text filters match the cell text the grid shows, case-insensitively', async () => {
    const { arrow } = await run(Q);
    expect(rowsOf(arrow, { filters: { 2: '03.5z' } })).toEqual([1]);
    expect(rowsOf(arrow, { filters: { 3: '1.5' } })).toEqual([4]);
    expect(rowsOf(arrow, { filters: { 1: '9007199254740993' } })).toEqual([1, 3]);
    expect(rowsOf(arrow, { filters: { 4: 'inf' } })).toEqual([3, 5]);
    expect(rowsOf(arrow, { filters: { 6: '0B4C' } })).toEqual([0, 3]);
    expect(rowsOf(arrow, { filters: { 7: '"a"' } })).toEqual([0, 5]);
  });

  it('facets count values among the rows in view, most frequent first, ties by value', async () => {
    const { arrow } = await run(Q);
    const { facets } = view(arrow, req({ facetCols: [0, 1, 2, 6, 7, 8], values: [{ col: 5, value: null, exclude: true }] }));
    const byCol = Object.fromEntries((facets ?? []).map((f) => [f.col, f]));
    expect(byCol[0].top.map((t) => [t.text, t.count])).toEqual([
      ['b', 2],
      ['A', 1],
      ['a', 1],
      ['é', 1],
    ]);
    expect(byCol[1].top.map((t) => [t.value, t.count]).sort()).toEqual([
      ['-9007199254740993', 1],
      [10, 1],
      [2, 1],
      ['9007199254740992', 1],
      ['9007199254740993', 1],
    ]);
    expect(byCol[2].top[0]).toEqual({ value: '1969-12-31T23:59:59.999999Z', text: '1969-12-31T23:59:59.999999Z', count: 1 });
    expect(byCol[2].distinct).toBe(5);
    expect(byCol[6].top.map((t) => [t.value, t.count])).toEqual([
      [null, 2],
      ['0b4c1d2e-0000-0000-0000-000000000001', 2],
      ['00000000-0000-0000-0000-000000000002', 1],
    ]);
    expect(byCol[7].top.find((t) => t.count === 2)?.value).toEqual({ a: 1 });
    expect(byCol[8].top.map((t) => [t.value, t.count])).toEqual([
      [3, 3],
      [null, 1],
      [7, 1],
    ]);
  });

  it('gives the JSON rows’ answer for every sort, value filter and facet', async () => {
    const { arrow, rows, result } = await run(Q);
    const cols = result.columns.map((_, c) => c);
    for (const col of cols) {
      for (const dir of ['asc', 'desc'] as const) expect(rowsOf(arrow, { sort: { col, dir } }), `sort ${col} ${dir}`).toEqual(rowsOf(rows, { sort: { col, dir } }));
      for (const row of result.rows) {
        for (const exclude of [false, true]) {
          const r = { values: [{ col, value: row[col], exclude }], facetCols: cols };
          expect(view(arrow, req(r)), `value ${col} ${JSON.stringify(row[col])} ${exclude}`).toEqual(view(rows, req(r)));
        }
      }
    }
  });

  it('agrees with the JSON rows on a 5,000-row result of every type', async () => {
    const { arrow, rows, result } = await run(`range i from 1 to 5000 step 1
      | extend S = strcat('host-', i % 37), N = iff(i % 11 == 0, long(null), (i * 7919) % 1000 - 500), T = datetime(2024-05-14) + (i % 997) * 1234567microsecond,
        D = (i % 13 - 6) * 1h + (i % 7) * 10microsecond, R = iff(i % 17 == 0, real(null), (i % 101) / 7.0), B = iff(i % 19 == 0, bool(null), i % 3 == 0)
      | project S, N, T, D, R, B`);
    expect(arrow.kinds).toEqual(['string', 'int', 'datetime', 'timespan', 'real', 'bool']);
    const all = [0, 1, 2, 3, 4, 5];
    // facets against an independent count: group the JSON rows' value keys, most frequent first,
    // ties by key (the facets' contract), for all rows and for the rows of a filter
    for (const filter of [{}, { 0: 'host-1' }] as Record<number, string>[]) {
      const { indices, facets } = view(arrow, req({ filters: filter, facetCols: all }));
      for (const c of all) {
        const ref = aqTable({ v: Array.from(indices, (i) => valueKey(result.rows[i][c])) })
          .groupby('v')
          .count({ as: 'n' })
          .orderby(desc('n'), 'v');
        const f = facets?.find((x) => x.col === c);
        expect(f?.distinct, `distinct ${c}`).toBe(ref.numRows());
        expect(
          f?.top.map((t) => [valueKey(t.value), t.count]),
          `top ${c}`,
        ).toEqual((ref.slice(0, 5).objects() as { v: unknown; n: number }[]).map((o) => [o.v, o.n]));
      }
    }
    for (const col of all) {
      for (const dir of ['asc', 'desc'] as const) {
        const r = req({ sort: { col, dir }, filters: { 0: 'host-1' }, facetCols: all });
        expect(view(arrow, r), `col ${col} ${dir}`).toEqual(view(rows, r));
      }
    }
  });

  it('computeView uses the Arrow table kept for a result', async () => {
    const { result, table } = await run(Q);
    keepArrow(result, table);
    const v = await computeView(result, req({ sort: { col: 2, dir: 'asc' }, facetCols: [5] }));
    expect(Array.from(v.indices)).toEqual([2, 4, 3, 0, 1, 5]);
    expect(v.facets?.[0].top.map((t) => [t.value, t.count])).toEqual([
      [true, 3],
      [false, 2],
      [null, 1],
    ]);
  });
});
