/**
 * `npm run bench -- --only grid`: the result grid's client-side work on a 50,000-row result —
 * sort by a datetime column, a text filter with a sort by long, include / exclude values, and
 * facets over 6 columns — in the same process, on the same result:
 * - `arrow`: what the grid's worker does now (src/state/results-view.ts): arquero over the Arrow
 *   result (fromArrow of its IPC bytes), keys read from the Arrow buffers. `first` is a view on a
 *   fresh source (opening the IPC bytes and building the keys it needs included), `next` the same
 *   view again (the keys are kept per result: what typing in a filter box or a second sort costs);
 * - `rows`: the previous implementation, arquero over key columns rebuilt from the JSON rows on
 *   every view (kept here only for the comparison);
 * - `loops`: the hand-written loops that came before it.
 * The result is DuckDB-WASM's own: a SQL query over `range(50000)` whose Arrow answer is read as the
 * browser engine reads it (IPC bytes → apache-arrow) and converted to JSON rows with tableToKusto.
 * Every path must give the same rows before any is timed. Ratios: arrow / rows (below 1: faster).
 */
import { performance } from 'node:perf_hooks';
import { type Table, tableFromIPC, tableToIPC } from 'apache-arrow';
import { escape as aqEscape, table as aqTable, type ColumnTable, desc } from 'arquero';
import { instantiateWasmDuckDB } from '../../src/engine/node.ts';
import { SESSION_SETUP_SQL } from '../../src/engine/setup.ts';
import { tableToKusto } from '../../src/engine/values.ts';
import type { OutputColumn } from '../../src/kql/api.ts';
import { columnKinds, type ViewRequest } from '../../src/state/grid-columns.ts';
import { cellText, type Facet, type JsonValue, type KustoResult, type SortDir, sortKey, type ValueFilter, valueKey } from '../../src/state/results.ts';
import { gridSource, view } from '../../src/state/results-view.ts';

const N = 50_000;

/** A process-events-like result of `n` rows, computed by DuckDB-WASM (deterministic: hashes of the row number). */
export async function gridResult(n = N): Promise<{ table: Table; result: KustoResult }> {
  const { conn } = await instantiateWasmDuckDB();
  for (const s of SESSION_SETUP_SQL) conn.query(s);
  const sql = `SELECT
      TIMESTAMP '2024-05-14' + to_microseconds((hash(i, 1) % 86400000000)::BIGINT) AS Timestamp,
      'win10-lab' || lpad((hash(i, 2) % 40)::VARCHAR, 2, '0') AS DeviceName,
      ['alex.rivera', 'sam.lee', 'kim.ng', 'system', 'network service', 'lo.chen'][(hash(i, 3) % 6)::INT + 1] AS AccountName,
      ['powershell.exe', 'cmd.exe', 'svchost.exe', 'msedge.exe', 'WINWORD.EXE', 'wscript.exe', 'rundll32.exe'][(hash(i, 4) % 7)::INT + 1] AS FileName,
      '"' || FileName || '" -arg ' || (hash(i, 5) % 1000)::VARCHAR AS ProcessCommandLine,
      (hash(i, 6) % 20000)::BIGINT AS ProcessId,
      CASE WHEN hash(i, 7) % 20 = 0 THEN NULL ELSE (hash(i, 8) % 65535)::BIGINT END AS RemotePort
    FROM range(${n}) t(i)`;
  const c = conn as unknown as { _bindings: { runQuery(conn: number, sql: string): Uint8Array }; _conn: number };
  // the app's apache-arrow reads DuckDB-WASM's IPC answer, as the browser engine does
  const table = tableFromIPC(c._bindings.runQuery(c._conn, sql));
  const types: [string, 'datetime' | 'string' | 'long'][] = [
    ['Timestamp', 'datetime'],
    ['DeviceName', 'string'],
    ['AccountName', 'string'],
    ['FileName', 'string'],
    ['ProcessCommandLine', 'string'],
    ['ProcessId', 'long'],
    ['RemotePort', 'long'],
  ];
  const columns: OutputColumn[] = types.map(([name, type]) => ({ name, type, shape: { k: 'scalar', t: type } }));
  return { table, result: tableToKusto(table, columns) };
}

// ---------------------------------------------------------------- the previous implementation

/** Key columns rebuilt from the JSON rows for each view (the grid's implementation before Arrow). */
function rowsFrame(result: KustoResult, need: { sort?: number[]; text?: number[]; value?: number[] }): ColumnTable {
  const rows = result.rows;
  const cols: Record<string, ArrayLike<unknown>> = { i: Uint32Array.from({ length: rows.length }, (_, i) => i) };
  for (const c of new Set(need.sort ?? [])) {
    const type = result.columns[c]?.type ?? '';
    cols[`s${c}`] = rows.map((r) => sortKey(type, r[c]));
  }
  for (const c of new Set(need.text ?? [])) cols[`t${c}`] = rows.map((r) => cellText(r[c]).toLowerCase());
  for (const c of new Set(need.value ?? [])) cols[`v${c}`] = rows.map((r) => valueKey(r[c]));
  return aqTable(cols);
}

function rowsIndices(result: KustoResult, filters: Record<number, string>, sort: { col: number; dir: SortDir } | null, values: ValueFilter[]): Uint32Array {
  const active = Object.entries(filters).map(([c, f]) => [Number(c), f.trim().toLowerCase()] as const);
  let t = rowsFrame(result, { sort: sort ? [sort.col] : [], text: active.map(([c]) => c), value: values.map((v) => v.col) });
  for (const [c, f] of active) {
    const name = `t${c}`;
    t = t.filter(aqEscape((d: Record<string, string>) => d[name].includes(f)));
  }
  for (const v of values) {
    const name = `v${v.col}`;
    const key = valueKey(v.value);
    t = t.filter(v.exclude ? aqEscape((d: Record<string, unknown>) => d[name] !== key) : aqEscape((d: Record<string, unknown>) => d[name] === key));
  }
  if (sort) t = t.orderby(sort.dir === 'asc' ? `s${sort.col}` : desc(`s${sort.col}`), 'i');
  return Uint32Array.from(t.array('i') as ArrayLike<number>);
}

function rowsFacets(result: KustoResult, indices: ArrayLike<number>, cols: number[], top = 5): Facet[] {
  const sub: KustoResult = { columns: result.columns, rows: Array.from(indices, (i) => result.rows[i]) };
  const t = rowsFrame(sub, { value: cols });
  return cols.map((c) => {
    const name = `v${c}`;
    const counts = t.groupby(name).count({ as: 'n' });
    const best = counts.orderby(desc('n'), name).slice(0, top).objects() as Record<string, string | number | boolean | null>[];
    return {
      col: c,
      distinct: counts.numRows(),
      top: best.map((b) => {
        const value = b[name] as JsonValue;
        return { value, text: value === null ? 'null' : cellText(value) || '(empty)', count: Number(b.n) };
      }),
    };
  });
}

// ---------------------------------------------------------------- the loops before arquero

function loopIndices(result: KustoResult, filters: Record<number, string>, sort: { col: number; dir: SortDir } | null, values: ValueFilter[]): number[] {
  const rows = result.rows;
  const active = Object.entries(filters).map(([c, f]) => [Number(c), f.toLowerCase()] as const);
  const key = (v: JsonValue) => (v !== null && typeof v === 'object' ? JSON.stringify(v) : v);
  const idx: number[] = [];
  for (let r = 0; r < rows.length; r++) {
    let ok = true;
    for (const [c, f] of active) if (!cellText(rows[r][c]).toLowerCase().includes(f)) ok = false;
    for (const v of values) if ((key(rows[r][v.col]) === key(v.value)) === v.exclude) ok = false;
    if (ok) idx.push(r);
  }
  if (sort) {
    const type = result.columns[sort.col].type;
    const keys = rows.map((r) => sortKey(type, r[sort.col]));
    const sign = sort.dir === 'asc' ? 1 : -1;
    idx.sort((a, b) => {
      const x = keys[a];
      const y = keys[b];
      const c = x === y ? 0 : x === null ? -1 : y === null ? 1 : x < y ? -1 : x > y ? 1 : 0;
      return sign * c || a - b;
    });
  }
  return idx;
}

function loopFacets(result: KustoResult, indices: ArrayLike<number>, cols: number[], top = 5) {
  return cols.map((c) => {
    const counts = new Map<unknown, number>();
    for (let i = 0; i < indices.length; i++) {
      const v = result.rows[indices[i]][c];
      const k = v !== null && typeof v === 'object' ? JSON.stringify(v) : v;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    return [...counts.entries()].sort((a, b) => b[1] - a[1] || (String(a[0]) < String(b[0]) ? -1 : 1)).slice(0, top);
  });
}

// ---------------------------------------------------------------- timing

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Medians of several variants timed in turns (one run of each per round, after a warm-up of
 * each), so that a busy machine's slow spells fall on all of them alike.
 */
function timeInTurns(fns: (() => unknown)[], reps: number): number[] {
  for (const f of fns) f();
  const ms: number[][] = fns.map(() => []);
  for (let i = 0; i < reps; i++) {
    fns.forEach((f, k) => {
      const t = performance.now();
      f();
      ms[k].push(performance.now() - t);
    });
  }
  return ms.map(median);
}

export interface GridBenchRow {
  task: string;
  /** The Arrow path, first view of a result (fromArrow and the keys it needs included). */
  arrowFirst: number;
  /** The Arrow path, the same view again (keys kept). */
  arrowNext: number;
  /** arquero over keys rebuilt from the JSON rows (the previous implementation). */
  rows: number;
  loops: number;
}

export async function benchGridWork(reps: number): Promise<{ rows: GridBenchRow[]; handover: { ipcMs: number; cloneMs: number; ipcBytes: number } }> {
  const { table, result } = await gridResult();
  const kinds = columnKinds(
    table.schema.fields.map((f) => f.type as unknown as { typeId: number }),
    result.columns,
  );
  if (kinds.includes('json')) throw new Error(`bench: a column is not read from Arrow (${kinds.join(', ')})`);
  const ipc = tableToIPC(table, 'stream');
  const fresh = () => gridSource(result.columns, kinds, ipc, result.rows.length);
  const all = Uint32Array.from({ length: N }, (_, i) => i);
  const facetCols = [1, 2, 3, 4, 5, 6];
  const req = (r: Partial<ViewRequest>): ViewRequest => ({ filters: {}, sort: null, values: [], facetCols: null, ...r });
  const values: ValueFilter[] = [
    { col: 2, value: 'alex.rivera', exclude: false },
    { col: 3, value: 'cmd.exe', exclude: true },
  ];
  const cases: { task: string; req: ViewRequest; rows: () => unknown; loops: () => unknown }[] = [
    { task: 'sort by datetime', req: req({ sort: { col: 0, dir: 'desc' } }), rows: () => rowsIndices(result, {}, { col: 0, dir: 'desc' }, []), loops: () => loopIndices(result, {}, { col: 0, dir: 'desc' }, []) },
    {
      task: 'text filter + sort by long',
      req: req({ filters: { 4: 'power' }, sort: { col: 5, dir: 'asc' } }),
      rows: () => rowsIndices(result, { 4: 'power' }, { col: 5, dir: 'asc' }, []),
      loops: () => loopIndices(result, { 4: 'power' }, { col: 5, dir: 'asc' }, []),
    },
    { task: 'include + exclude values', req: req({ values }), rows: () => rowsIndices(result, {}, null, values), loops: () => loopIndices(result, {}, null, values) },
    { task: 'facets, 6 columns', req: req({ facetCols }), rows: () => rowsFacets(result, all, facetCols), loops: () => loopFacets(result, all, facetCols) },
  ];
  // same answers first: a faster wrong answer is no answer
  for (const c of cases.slice(0, 3)) {
    const a = Array.from(view(fresh(), c.req).indices);
    const b = Array.from(c.rows() as Uint32Array);
    const l = c.loops() as number[];
    if (a.length !== b.length || a.some((x, i) => x !== b[i] || x !== l[i])) throw new Error(`bench: ${c.task}: the paths disagree`);
  }
  const facetsArrow = view(fresh(), cases[3].req).facets;
  if (JSON.stringify(facetsArrow) !== JSON.stringify(rowsFacets(result, all, facetCols))) throw new Error('bench: facets: the paths disagree');

  const rows = cases.map((c) => {
    const warmSource = fresh();
    view(warmSource, c.req);
    const [arrowFirst, arrowNext, rows, loops] = timeInTurns([() => view(fresh(), c.req), () => view(warmSource, c.req), c.rows, c.loops], reps);
    return { task: c.task, arrowFirst, arrowNext, rows, loops };
  });
  // what reaches the worker once per result: the Arrow IPC bytes (moved), or the JSON rows (copied)
  const [ipcMs, cloneMs] = timeInTurns([() => tableToIPC(table, 'stream'), () => structuredClone(result)], reps);
  const handover = { ipcMs, cloneMs, ipcBytes: ipc.byteLength };
  return { rows, handover };
}
