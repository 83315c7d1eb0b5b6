/**
 * Result-grid logic, DOM-free: sort and value keys, "add filter from cell" text, exports. The
 * views (sorting, per-column filters and facets, computed with arquero) are in results-view.ts,
 * apart so that arquero is loaded only by the grid's worker, not on the way to the first result.
 * Rows are Kusto JSON values (src/engine/values.ts), so what the grid shows, copies and exports is
 * exactly what the CLI prints.
 */
import type { JsonValue, KustoResult } from '../engine/values.ts';
import { stringifyExact } from '../kql/json-exact.ts';

export { parseJsonExact, stringifyExact } from '../kql/json-exact.ts';
import { cellText, toCsv } from '../engine/values.ts';
import { kqlName as kqlIdent, kqlString } from '../kql/quote.ts';

export type { JsonValue, KustoResult };
export { cellText };

export type SortDir = 'asc' | 'desc';

const NUMERIC = new Set(['long', 'int', 'real', 'decimal']);

/**
 * Microseconds since the epoch of a Kusto datetime text (`2024-05-14T09:42:03.117Z`, any number of
 * fractional digits), or NaN. Date.parse alone keeps only milliseconds and would tie events that
 * are microseconds apart.
 */
export function datetimeMicros(s: string): number {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(s);
  if (!m) return Number.NaN;
  const base = Date.parse(`${m[1]}Z`);
  return base * 1000 + Number((m[2] ?? '').slice(0, 6).padEnd(6, '0'));
}

/** Microseconds of a Kusto timespan text `[-][d.]hh:mm:ss[.fffffff]`, or NaN. */
export function timespanMicros(s: string): number {
  const m = /^(-)?(?:(\d+)\.)?(\d+):(\d\d):(\d\d)(?:\.(\d+))?$/.exec(s);
  if (!m) return Number.NaN;
  const us = ((Number(m[2] ?? 0) * 24 + Number(m[3])) * 60 + Number(m[4])) * 60 + Number(m[5]);
  const v = us * 1_000_000 + Number((m[6] ?? '').slice(0, 6).padEnd(6, '0'));
  return m[1] ? -v : v;
}

/**
 * The value a cell sorts by: numbers for numeric, datetime (µs), timespan (µs) and bool columns,
 * text for the rest (dynamic values by their JSON text); null stays null. A long beyond 2^53
 * arrives as text and sorts as a bigint (JavaScript compares bigints and numbers exactly), not as
 * its nearest double, which would tie it with its neighbours.
 */
export function sortKey(type: string, v: JsonValue): number | bigint | string | null {
  if (v === null) return null;
  if (NUMERIC.has(type)) {
    if (typeof v === 'string' && /^-?\d+$/.test(v)) {
      const n = Number(v);
      return Number.isSafeInteger(n) ? n : BigInt(v);
    }
    return typeof v === 'bigint' ? v : Number(v);
  }
  if (type === 'datetime') return typeof v === 'string' ? datetimeMicros(v) : Number.NaN;
  if (type === 'timespan') return typeof v === 'string' ? timespanMicros(v) : Number.NaN;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return typeof v === 'string' ? v : stringifyExact(v);
}

/**
 * How the grid shows a cell: datetimes in UTC with a fixed 3 or 6 fractional digits per column (so
 * a column lines up and `.5` is not mistaken for `.05`), everything else as `cellText`.
 */
export function displayText(type: string, v: JsonValue, fracDigits = 3): string {
  if (type === 'datetime' && typeof v === 'string') {
    const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(v);
    if (m) return `${m[1]}.${(m[2] ?? '').padEnd(fracDigits, '0')}Z`;
  }
  return cellText(v);
}

/** 3 when every datetime of the column has at most millisecond precision, else 6. */
export function datetimeDigits(rows: JsonValue[][], col: number, sample = 2000): number {
  const n = Math.min(rows.length, sample);
  for (let r = 0; r < n; r++) {
    const v = rows[r][col];
    if (typeof v === 'string') {
      const m = /\.(\d+)Z$/.exec(v);
      if (m && m[1].length > 3) return 6;
    }
  }
  return 3;
}

const DATETIME_TEXT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.(\d{1,7}))?Z$/;

/**
 * The fixed number of fractional digits for a list of datetime texts (datetimeDigits' rule: 3 when
 * none has more than millisecond precision, else 6; 7 for a tick-precise one), or null when a value is not a datetime text
 * (or none is present). For tables that have no column types, such as the investigation pages':
 * a column is shown as times only when every value in it is one.
 */
export function timeTextDigits(values: Iterable<JsonValue | undefined>): number | null {
  let digits: number | null = null;
  for (const v of values) {
    if (v === null || v === undefined || v === '') continue;
    if (typeof v !== 'string') return null;
    const m = DATETIME_TEXT.exec(v);
    if (!m) return null;
    const n = m[1]?.length ?? 0;
    digits = Math.max(digits ?? 3, n > 6 ? 7 : n > 3 ? 6 : 3);
  }
  return digits;
}

/** A client-side value filter from the facets pane: keep (or drop) the rows whose cell is `value`. */
export interface ValueFilter {
  col: number;
  value: JsonValue;
  exclude: boolean;
}

/**
 * The key two cells share when they hold the same value: the value itself for scalars (so null
 * and the empty string stay apart and numbers group as numbers), the JSON text for dynamic ones.
 */
export function valueKey(v: JsonValue): string | number | boolean | null {
  return v !== null && typeof v === 'object' ? stringifyExact(v) : typeof v === 'bigint' ? v.toString() : v;
}

/** One facet: the most frequent values of a column among the rows in view, with their counts. */
export interface Facet {
  col: number;
  /** Distinct values among the rows in view. */
  distinct: number;
  top: { value: JsonValue; text: string; count: number }[];
}


/** A column name as KQL source, and a KQL string literal: the one KQL quoter (kql/quote.ts). */
export { kqlName as kqlIdent, kqlString } from '../kql/quote.ts';

/** The predicate "column equals this cell's value", as KQL text. */
export function filterPredicate(column: { name: string; type: string }, value: JsonValue): string {
  return compare(column, value, '==');
}

function compare(column: { name: string; type: string }, value: JsonValue, op: '==' | '!='): string {
  const col = kqlIdent(column.name);
  if (value === null) return op === '==' ? `isnull(${col})` : `isnotnull(${col})`;
  switch (column.type) {
    case 'string':
      return value === '' ? (op === '==' ? `isempty(${col})` : `isnotempty(${col})`) : `${col} ${op} ${kqlString(String(value))}`;
    case 'long':
    case 'int':
    case 'real':
    case 'decimal':
      if (typeof value === 'string') return `${col} ${op} ${column.type}(${value})`;
      return `${col} ${op} ${String(value)}`;
    case 'bool':
      return `${col} ${op} ${value ? 'true' : 'false'}`;
    case 'datetime':
      return `${col} ${op} datetime(${String(value)})`;
    case 'timespan':
      return `${col} ${op} timespan(${String(value)})`;
    case 'guid':
      return `${col} ${op} guid(${String(value)})`;
    default:
      // dynamic: compare the JSON text
      return `tostring(${col}) ${op} ${kqlString(typeof value === 'string' ? value : stringifyExact(value))}`;
  }
}

/**
 * The predicate "column is not this cell's value". In Kusto `null != 5` is true, so `!=` keeps the
 * null rows: excluding a value removes that value and nothing else.
 */
export function excludePredicate(column: { name: string; type: string }, value: JsonValue): string {
  return compare(column, value, '!=');
}

/**
 * Adds `| where <predicate>` to a query block: before a trailing `render` (which must stay last),
 * otherwise at the end, on its own line.
 */
export function addWhere(block: string, predicate: string): string {
  const body = block.replace(/\s+$/, '');
  const m = /\n?[ \t]*\|\s*render\b[^\n]*$/.exec(body);
  const line = `| where ${predicate}`;
  if (m && m.index > 0) return `${body.slice(0, m.index)}\n${line}${body.slice(m.index)}`;
  return `${body}\n${line}`;
}

export function resultToCsv(result: KustoResult, indices?: ArrayLike<number>): string {
  return toCsv(indices ? { columns: result.columns, rows: Array.from(indices, (i) => result.rows[i]) } : result, { forSpreadsheet: true });
}

/** The `{columns, rows}` JSON contract of the CLI. */
export function resultToJson(result: KustoResult, indices?: ArrayLike<number>): string {
  const rows = indices ? Array.from(indices, (i) => result.rows[i]) : result.rows;
  return JSON.stringify({ columns: result.columns, rows });
}

/** A row as tab-separated text (what "copy row" puts on the clipboard; pastes into spreadsheets). */
export function rowText(row: JsonValue[]): string {
  return row.map((v) => cellText(v).replace(/[\t\n\r]/g, ' ')).join('\t');
}

// ------------------------------------------------------------------------------ share links

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(s: string): Uint8Array {
  const b64 = s.replaceAll('-', '+').replaceAll('_', '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/** `#q=<base64url(utf-8 query)>` */
export function encodeShareHash(kql: string): string {
  return `#q=${toBase64Url(new TextEncoder().encode(kql))}`;
}

/** The query in a `#q=` hash, or null when there is none or it does not decode. */
export function decodeShareHash(hash: string): string | null {
  const m = /^#?q=([A-Za-z0-9_-]*)$/.exec(hash);
  if (!m) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(fromBase64Url(m[1]));
  } catch {
    return null;
  }
}
