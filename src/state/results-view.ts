/**
 * The grid's views of a result, DOM-free: per-column text filters, value filters (include /
 * exclude from the facets pane), sorting and facets, computed with arquero. Used by the grid's
 * worker (grid-worker.ts), or in-process where there is no Worker; kept out of results.ts so the
 * page's start-up does not load arquero.
 *
 * The data is the query's Arrow result as DuckDB-WASM returned it: the worker receives it as Arrow
 * IPC bytes and opens it with `fromArrow` (arquero over flechette's columns), and each column's
 * keys are read from the Arrow buffers — 64-bit microseconds for datetimes and timespans, numbers
 * or bigints for longs, decoded text for strings — not from the JSON rows the grid shows. Columns
 * the buffers cannot answer for exactly as the JSON rows do (dynamic values, and any Arrow type
 * other than the plain ones below) get their JSON values from the page, sent only when a view
 * needs them. A result without an Arrow table (one restored from the result store) is a source
 * whose columns are all of that kind.
 *
 * The semantics are the JSON rows' (results.ts: `sortKey`, `valueKey`, `cellText`), and each key
 * below is equal to the one those functions give for the same cell; test/state/results-view.test.ts
 * checks it on real DuckDB-WASM results. Keys are built once per result and column, and reused by
 * every later view (typing in a filter box recomputes only the filter).
 */
import { escape as aqEscape, fromArrow, table as aqTable, type ColumnTable, desc } from 'arquero';
import { datetimeInRange, formatDatetime, formatLong, formatReal, formatTimespan } from '../engine/values.ts';
import type { ColumnKind, ViewRequest } from './grid-columns.ts';
import {
  cellText,
  datetimeMicros,
  type Facet,
  type JsonValue,
  type KustoResult,
  type SortDir,
  sortKey,
  timespanMicros,
  type ValueFilter,
  valueKey,
} from './results.ts';

type ResultColumn = KustoResult['columns'][number];

/** One record batch of a flechette column: the fields read here. */
interface ArrowBatch {
  length: number;
  nullCount: number;
  values: ArrayLike<unknown>;
  at(i: number): unknown;
  isValid(i: number): boolean;
}

/** A column's keys, one per row, built on first use. */
interface Keys {
  /** Equal exactly when the cells' JSON values are equal (a group key; `json` gives the value back). */
  raw: unknown[];
  /** Rows' sort keys: `sortKey` of the cell. */
  sort?: unknown[];
  /** Lower-cased `cellText` of the cell, for text filters. */
  text?: string[];
  json: (raw: unknown) => JsonValue;
}

/** A result as the grid's worker holds it: the Arrow table in arquero, and the keys built so far. */
export interface GridSource {
  rows: number;
  columns: ResultColumn[];
  kinds: ColumnKind[];
  /** `fromArrow` of the result (null for a source made of JSON rows). */
  arrow: ColumnTable | null;
  /** JSON values of `json` columns, as sent by the page. */
  values: (JsonValue[] | undefined)[];
  keys: Map<number, Keys>;
  /** 0 … rows-1, the tie-break that keeps sorting stable. */
  rowIds: Uint32Array;
}

function newSource(rows: number, columns: ResultColumn[], kinds: ColumnKind[], arrow: ColumnTable | null): GridSource {
  return { rows, columns, kinds, arrow, values: [], keys: new Map(), rowIds: Uint32Array.from({ length: rows }, (_, i) => i) };
}

/**
 * A source over a result: its Arrow table as IPC bytes (`tableToIPC` of the engine's table), or
 * none (a restored result: its columns' JSON values come from the page, every column `json`).
 */
export function gridSource(columns: ResultColumn[], kinds: ColumnKind[], ipc: Uint8Array | null, rows: number): GridSource {
  if (!ipc) return newSource(rows, columns, columns.map(() => 'json'), null);
  const arrow = fromArrow(ipc, { useDate: false });
  if (arrow.numCols() !== columns.length || arrow.numRows() !== rows) {
    throw new Error(`grid: the Arrow result (${arrow.numRows()} × ${arrow.numCols()}) is not the result's ${rows} × ${columns.length}`);
  }
  return newSource(rows, columns, kinds, arrow);
}

/** A source over JSON rows alone, with every column's values. */
export function sourceFromRows(result: KustoResult): GridSource {
  const src = gridSource(result.columns, [], null, result.rows.length);
  result.columns.forEach((_, c) => {
    src.values[c] = result.rows.map((r) => r[c]);
  });
  return src;
}

/** The columns among `cols` whose JSON values the source still needs before it can use them. */
export function missingValues(src: GridSource, cols: Iterable<number>): number[] {
  return [...new Set(cols)].filter((c) => src.kinds[c] === 'json' && !src.values[c]);
}

/** Adds the JSON values of a `json` column (all rows, in order). */
export function addValues(src: GridSource, c: number, values: JsonValue[]): void {
  if (values.length !== src.rows) throw new Error(`grid: ${values.length} values for a ${src.rows}-row result`);
  src.values[c] = values;
}

// ------------------------------------------------------------------------------ keys per column

/** Each row's cell of an Arrow column as `read(batch, i)` gives it, null where the cell is null. */
function readArrow<T>(src: GridSource, c: number, read: (b: ArrowBatch, i: number) => T): (T | null)[] {
  const col = src.arrow?.columnAt(c) as unknown as { data: ArrowBatch[] } | undefined;
  if (!col) throw new Error(`grid: no Arrow column ${c}`);
  const out = new Array<T | null>(src.rows);
  let r = 0;
  for (const b of col.data) {
    const nulls = b.nullCount > 0;
    for (let i = 0; i < b.length; i++) out[r++] = nulls && !b.isValid(i) ? null : read(b, i);
  }
  return out;
}

const utf8 = new TextDecoder();

/**
 * A string column's cells. A batch whose bytes are all ASCII (most of a hunting result: names,
 * paths, hashes) is decoded with one call and cut at the offsets (byte and character offsets are
 * then the same), which is several times faster than decoding each cell on its own; any other
 * batch is decoded cell by cell. `lower`: lower-cased (at once for an ASCII batch, as its length
 * stays the same).
 */
function readStrings(src: GridSource, c: number, lower = false): (string | null)[] {
  const col = src.arrow?.columnAt(c) as unknown as { data: (ArrowBatch & { offsets: ArrayLike<number | bigint> })[] } | undefined;
  if (!col) throw new Error(`grid: no Arrow column ${c}`);
  const out = new Array<string | null>(src.rows);
  let r = 0;
  for (const b of col.data) {
    const bytes = b.values as Uint8Array;
    const off = b.offsets;
    const lo = Number(off[0]);
    const hi = Number(off[b.length]);
    let ascii = true;
    for (let j = lo; j < hi; j++) {
      if (bytes[j] > 0x7f) {
        ascii = false;
        break;
      }
    }
    let all = ascii ? utf8.decode(bytes.subarray(lo, hi)) : null;
    if (all !== null && lower) all = all.toLowerCase();
    const nulls = b.nullCount > 0;
    for (let i = 0; i < b.length; i++) {
      if (nulls && !b.isValid(i)) out[r++] = null;
      else if (all !== null) out[r++] = all.slice(Number(off[i]) - lo, Number(off[i + 1]) - lo);
      else out[r++] = lower ? (b.at(i) as string).toLowerCase() : (b.at(i) as string);
    }
  }
  return out;
}

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const isSafe = (x: bigint) => x <= SAFE && x >= -SAFE;

/**
 * Datetime and timespan keys: microseconds as a number while it is exact (every date before
 * 2255), else the value's text; its sort key is then the text's, as `sortKey` reads it.
 */
function timeKeys(micros: (bigint | null)[], format: (us: bigint) => string, parse: (s: string) => number, inRange: (us: bigint) => boolean): Keys {
  const n = micros.length;
  const raw = new Array<number | string | null>(n);
  const sort = new Array<number | null>(n);
  for (let r = 0; r < n; r++) {
    const us = micros[r];
    if (us === null || !inRange(us)) {
      raw[r] = null;
      sort[r] = null;
    } else if (isSafe(us)) {
      raw[r] = sort[r] = Number(us);
    } else {
      const s = format(us);
      raw[r] = s;
      sort[r] = parse(s);
    }
  }
  return { raw, sort, json: (k) => (typeof k === 'number' ? format(BigInt(k)) : (k as string | null)) };
}

function buildKeys(src: GridSource, c: number): Keys {
  const same = (k: unknown) => k as JsonValue;
  switch (src.kinds[c]) {
    case 'string': {
      // a string column's null is the empty string in the JSON rows (values.ts)
      const raw = readStrings(src, c).map((s) => s ?? '');
      return { raw, sort: raw, json: same };
    }
    case 'guid': {
      const raw = readStrings(src, c, true);
      return { raw, sort: raw, json: same };
    }
    case 'int': {
      const v = readArrow(src, c, (b, i) => b.values[i] as number | bigint);
      // the JSON value: a number while exact, else the digits; sorted as a number or a bigint
      const raw = v.map((x) => (x === null ? null : formatLong(x)));
      const sort = v.map((x) => (x === null ? null : typeof x === 'bigint' && !isSafe(x) ? x : Number(x)));
      return { raw, sort, json: same };
    }
    case 'real': {
      const v = readArrow(src, c, (b, i) => b.values[i] as number);
      // NaN and the infinities are text in the JSON rows ('NaN'), and sort as their numbers
      return { raw: v.map((x) => (x === null ? null : formatReal(x))), sort: v, json: same };
    }
    case 'bool': {
      const raw = readArrow(src, c, (b, i) => b.at(i) as boolean);
      return { raw, sort: raw.map((x) => (x === null ? null : x ? 1 : 0)), json: same };
    }
    case 'datetime':
      return timeKeys(
        readArrow(src, c, (b, i) => b.values[i] as bigint),
        formatDatetime,
        datetimeMicros,
        datetimeInRange,
      );
    case 'timespan':
      return timeKeys(
        readArrow(src, c, (b, i) => b.values[i] as bigint),
        formatTimespan,
        timespanMicros,
        () => true,
      );
    case 'null': {
      const v: JsonValue = src.columns[c].type === 'string' ? '' : null;
      const raw = new Array(src.rows).fill(v);
      return { raw, sort: raw.map((x) => sortKey(src.columns[c].type, x)), json: same };
    }
    default: {
      const values = src.values[c];
      if (!values) throw new Error(`grid: the values of column ${c} were not sent`);
      // dynamic values group by their JSON text; the first value of each text is given back
      const raw = values.map(valueKey);
      const first = new Map<unknown, JsonValue>();
      raw.forEach((k, r) => {
        if (!first.has(k)) first.set(k, values[r]);
      });
      return { raw, json: (k) => first.get(k) ?? null };
    }
  }
}

function keysOf(src: GridSource, c: number): Keys {
  let k = src.keys.get(c);
  if (!k) {
    k = buildKeys(src, c);
    src.keys.set(c, k);
  }
  return k;
}

function sortKeys(src: GridSource, c: number): unknown[] {
  const k = keysOf(src, c);
  if (!k.sort) {
    const type = src.columns[c].type;
    k.sort = (src.values[c] ?? []).map((v) => sortKey(type, v));
  }
  return k.sort;
}

function textKeys(src: GridSource, c: number): string[] {
  const k = keysOf(src, c);
  if (!k.text) {
    const kind = src.kinds[c];
    // strings are their own text (a guid's is lower-case already); the rest is their JSON value's
    if (kind === 'string') k.text = readStrings(src, c, true).map((s) => s ?? '');
    else if (kind === 'guid') k.text = (k.raw as (string | null)[]).map((s) => s ?? '');
    else k.text = k.raw.map((x) => cellText(k.json(x)).toLowerCase());
  }
  return k.text;
}

// ------------------------------------------------------------------------------ views

/**
 * The rows of a view and its facets. Rows: after per-column text filters (case-insensitive
 * substring of the cell text), value filters (include / exclude a value) and an optional sort by
 * value (stable; nulls first ascending, last descending — Kusto's convention). Facets: for each of
 * `facetCols`, its `top` most frequent values among those rows, most frequent first, ties by value.
 */
export function view(src: GridSource, req: ViewRequest, top = 5): { indices: Uint32Array; facets: Facet[] | null } {
  const active = Object.entries(req.filters)
    .filter(([, f]) => f.trim() !== '')
    .map(([c, f]) => [Number(c), f.trim().toLowerCase()] as const);
  if (!active.length && !req.sort && !req.values.length && !req.facetCols) return { indices: src.rowIds.slice(), facets: null };
  const cols: Record<string, ArrayLike<unknown>> = { i: src.rowIds };
  for (const [c] of active) cols[`t${c}`] = textKeys(src, c);
  for (const v of req.values) cols[`r${v.col}`] = keysOf(src, v.col).raw;
  for (const c of req.facetCols ?? []) cols[`r${c}`] = keysOf(src, c).raw;
  if (req.sort) cols[`s${req.sort.col}`] = sortKeys(src, req.sort.col);
  let t = aqTable(cols);
  for (const [c, f] of active) {
    const name = `t${c}`;
    t = t.filter(aqEscape((d: Record<string, string>) => d[name].includes(f)));
  }
  for (const v of req.values) {
    const name = `r${v.col}`;
    const target = rawKeyOf(src, v.col, v.value);
    t = t.filter(v.exclude ? aqEscape((d: Record<string, unknown>) => d[name] !== target) : aqEscape((d: Record<string, unknown>) => d[name] === target));
  }
  const facets = req.facetCols ? req.facetCols.map((c) => facetOf(src, t, c, top)) : null;
  if (req.sort) t = t.orderby(req.sort.dir === 'asc' ? `s${req.sort.col}` : desc(`s${req.sort.col}`), 'i');
  return { indices: Uint32Array.from(t.array('i') as ArrayLike<number>), facets };
}

/**
 * The raw key of a JSON value in column `c` (what a value filter compares with): the key of a row
 * holding that value; a value no row holds gets a key no row has.
 */
function rawKeyOf(src: GridSource, c: number, value: JsonValue): unknown {
  const k = keysOf(src, c);
  const want = valueKey(value);
  const kind = src.kinds[c];
  if (kind === 'datetime' || kind === 'timespan') {
    if (typeof value !== 'string') return want;
    const us = kind === 'datetime' ? datetimeMicros(value) : timespanMicros(value);
    // a number key only while the value's text reads back the same (else the key is the text)
    return Number.isSafeInteger(us) && k.json(us) === value ? us : want;
  }
  return want;
}

/** Counts of column `c`'s values among the rows of `t`, most frequent first, ties by value key. */
function facetOf(src: GridSource, t: ColumnTable, c: number, top: number): Facet {
  const name = `r${c}`;
  const k = keysOf(src, c);
  const counts = t.groupby(name).count({ as: 'n' });
  const raw = counts.array(name) as unknown[];
  const n = counts.array('n') as number[];
  // only groups counted at least as often as the top-th most frequent can be among the first
  // `top`: the rest (most of a column of ids) are never turned back into values nor ordered
  const least = n.length > top ? Float64Array.from(n).sort()[n.length - top] : 0;
  const cand: number[] = [];
  for (let g = 0; g < n.length; g++) if (n[g] >= least) cand.push(g);
  const json = cand.map((g) => k.json(raw[g]));
  // order the groups by their JSON value's key, as the JSON rows would be grouped and ordered
  const ranked = aqTable({ v: json.map(valueKey), n: cand.map((g) => n[g]), j: Uint32Array.from(cand, (_, i) => i) })
    .orderby(desc('n'), 'v')
    .slice(0, top);
  const count = ranked.array('n') as number[];
  return {
    col: c,
    distinct: n.length,
    top: (ranked.array('j') as number[]).map((j, i) => {
      const value = json[j];
      return { value, text: value === null ? 'null' : cellText(value) || '(empty)', count: Number(count[i]) };
    }),
  };
}

// ------------------------------------------------------------------------------ JSON rows

/** `view`'s rows over JSON rows (a result without its Arrow table). */
export function viewIndices(
  result: KustoResult,
  filters: Record<number, string>,
  sort: { col: number; dir: SortDir } | null,
  values: ValueFilter[] = [],
): Uint32Array {
  return view(sourceFromRows(result), { filters, sort, values, facetCols: null }).indices;
}

/** Facets of `cols` among the rows `indices` of JSON rows (`view` computes them with the rows). */
export function facets(result: KustoResult, indices: ArrayLike<number>, cols: number[], top = 5): Facet[] {
  const sub: KustoResult = { columns: result.columns, rows: Array.from(indices, (i) => result.rows[i]) };
  return view(sourceFromRows(sub), { filters: {}, sort: null, values: [], facetCols: cols }, top).facets ?? [];
}
