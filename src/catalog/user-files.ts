/**
 * User files (CSV, JSON lines / arrays, Arrow IPC) → a typed Arrow table + a catalog entry
 * (`kind: 'user'`). Pure (no DOM, no Node APIs), so the CLI and the browser can share it.
 *
 * Types are inferred per column, and inference never changes a value:
 * - bool: every value is true/false (any case, CSV) or a JSON boolean.
 * - long: every value is an integer within −2^63…2^63−1, read exactly (beyond 2^53 too). An integer
 *   outside that range, or written with a leading zero (`007`, ZIP codes, IDs), makes the column a
 *   string column holding the text as written.
 * - real: numbers with a fraction or exponent, unless the column also holds an integer beyond 2^53
 *   (which a real cannot hold exactly): then the column is string.
 * - datetime: every value has the ISO-8601 form (`2024-05-14`, `…T10:00:00[.ffffff][Z|±hh:mm]`),
 *   read as UTC when no zone is given. A value of that form that is no real time (`2024-02-30`,
 *   `25:00`) is an error naming its line and field, never a rolled-over date.
 * - string: everything else.
 * JSON objects and arrays become `dynamic` columns stored as DuckDB nested types (LIST / STRUCT)
 * whose shape is unified over all rows; a column whose values cannot share one shape (or mixes
 * nested and scalar values) is kept as JSON text. Arrow files keep their types; an unsigned 64-bit
 * column holding a value above 2^63−1 becomes a string column (its exact digits).
 * Anything malformed throws a `UserFileError` naming the line and column (1-based).
 */
import { type Data, DataType, type Field, RecordBatchReader, type Table, tableFromIPC, tableToIPC, type TypeMap } from 'apache-arrow';
import { buildTable, type ColumnData, duckTypeOf, type Shape, tableToStream } from '../lab/arrow.ts';
import { parseJsonExact, stringifyExact } from '../kql/json-exact.ts';
import type { CatalogColumn, CatalogTable, KqlType } from './types.ts';

export type UserFileFormat = 'csv' | 'json' | 'arrow';

export class UserFileError extends Error {
  constructor(
    message: string,
    readonly line = 1,
    readonly column = 1,
  ) {
    super(message);
    this.name = 'UserFileError';
  }
}

export function userFileFormat(path: string): UserFileFormat | null {
  const ext = path.toLowerCase().split('.').pop() ?? '';
  if (ext === 'csv' || ext === 'tsv') return 'csv';
  if (['json', 'jsonl', 'ndjson'].includes(ext)) return 'json';
  if (['arrow', 'arrows', 'ipc', 'feather'].includes(ext)) return 'arrow';
  return null;
}

/** A loaded user table: its catalog entry, the Arrow IPC stream to load, and SQL casts to apply after loading. */
export interface UserTable {
  table: CatalogTable;
  ipc: Uint8Array;
  /** column name → DuckDB type to cast to after loading (Arrow files whose storage differs from the compiler's conventions). */
  casts: Record<string, string>;
}

// ------------------------------------------------------------------ CSV

/** RFC 4180 CSV (quotes, doubled quotes, CRLF/LF, a header line). Each row carries its 1-based line. */
export function parseCsv(text: string, delimiter = ','): { header: string[]; rows: { line: number; fields: string[] }[] } {
  const rows: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let rowLine = 1;
  let col = 1;
  let i = 0;
  const n = text.length;
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  let atFieldStart = true;
  const endRow = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) rows.push({ line: rowLine, fields });
    fields = [];
    field = '';
    atFieldStart = true;
  };
  while (i < n) {
    const ch = text[i];
    if (atFieldStart && ch === '"') {
      const qLine = line;
      const qCol = col;
      i++;
      col++;
      for (;;) {
        if (i >= n) throw new UserFileError(`line ${qLine}, field ${fields.length + 1}: quoted field opened at column ${qCol} is never closed`, qLine, qCol);
        const c = text[i];
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            col += 2;
            continue;
          }
          i++;
          col++;
          break;
        }
        if (c === '\n') {
          line++;
          col = 1;
        } else col++;
        field += c;
        i++;
      }
      const next = text[i];
      if (i < n && next !== delimiter && next !== '\n' && next !== '\r') {
        throw new UserFileError(`line ${line}, field ${fields.length + 1}: unexpected ${JSON.stringify(next)} after a closing quote (a quote inside a field must be doubled)`, line, col);
      }
      atFieldStart = false;
      continue;
    }
    atFieldStart = false;
    if (ch === delimiter) {
      fields.push(field);
      field = '';
      atFieldStart = true;
      i++;
      col++;
    } else if (ch === '\n' || ch === '\r') {
      endRow();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      col = 1;
      rowLine = line;
    } else {
      if (ch === '"') throw new UserFileError(`line ${line}, field ${fields.length + 1}: a quote inside an unquoted field (quote the whole field and double the quote)`, line, col);
      field += ch;
      i++;
      col++;
    }
  }
  if (field !== '' || fields.length) endRow();
  if (!rows.length) throw new UserFileError('the file is empty (a header line is needed)');
  const [head, ...body] = rows;
  const header = head.fields.map((h, k) => h.trim() || `Column${k + 1}`);
  checkNames(header, (k) => ({ line: head.line, what: `field ${k + 1}` }));
  for (const r of body) {
    if (r.fields.length !== header.length) {
      throw new UserFileError(`line ${r.line} has ${r.fields.length} field${r.fields.length === 1 ? '' : 's'}, the header has ${header.length}`, r.line, 1);
    }
  }
  return { header, rows: body };
}

function checkNames(names: string[], where: (k: number) => { line: number; what: string }): void {
  const seen = new Map<string, number>();
  names.forEach((name, k) => {
    const key = name.toLowerCase();
    const prev = seen.get(key);
    if (prev !== undefined) {
      const w = where(k);
      throw new UserFileError(`line ${w.line}, ${w.what}: column name "${name}" repeats "${names[prev]}" (names are case-insensitive)`, w.line, 1);
    }
    seen.set(key, k);
  });
}

// ------------------------------------------------------------------ JSON

/** Line and column (1-based) of character offset `pos` in `text`. */
function lineColAt(text: string, pos: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < pos && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: pos - last };
}

function jsonError(e: unknown, text: string, baseLine: number, what: string, fallback?: number): UserFileError {
  // V8 quotes the whole input in some messages ("Unexpected token 'x', "…" is not valid JSON"): keep the token only
  const msg = (e as Error).message.replace(/^(Unexpected token '.*?'), "[\s\S]*" is not valid JSON$/, '$1');
  const m = /position (\d+)/.exec(msg);
  const pos = m ? Number(m[1]) : fallback;
  const at = pos !== undefined ? lineColAt(text, pos) : { line: 1, column: 1 };
  const line = baseLine + at.line - 1;
  return new UserFileError(`line ${line}, column ${at.column}: ${what} (${msg.replace(/^Unexpected/, 'unexpected')})`, line, at.column);
}

/** JSON text → records with their line: a JSON array of objects, or one object per line (JSON lines). */
export function parseJsonRecords(text: string): { line: number; record: Record<string, unknown> }[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const trimmed = body.trimStart();
  if (!trimmed.trim()) throw new UserFileError('the file is empty');
  const out: { line: number; record: Record<string, unknown> }[] = [];
  const check = (r: unknown, line: number, what: string) => {
    if (!r || typeof r !== 'object' || Array.isArray(r)) throw new UserFileError(`line ${line}: ${what} is not a JSON object`, line, 1);
    out.push({ line, record: r as Record<string, unknown> });
  };
  if (trimmed.startsWith('[')) {
    let arr: unknown[];
    try {
      arr = parseJsonExact(body) as unknown[];
    } catch (e) {
      throw jsonError(e, body, 1, 'not valid JSON', badElementStart(body));
    }
    if (!Array.isArray(arr)) throw new UserFileError('not a JSON array of objects');
    // lines of the top-level elements, for messages: found by a light scan
    const starts = elementLines(body);
    for (let k = 0; k < arr.length; k++) check(arr[k], starts[k] ?? 1, `element ${k + 1} of the array`);
  } else {
    const lines = body.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i].replace(/\r$/, '');
      if (!l.trim()) continue;
      let r: unknown;
      try {
        r = parseJsonExact(l);
      } catch (e) {
        throw jsonError(e, l, i + 1, `not valid JSON (JSON lines: one object per line)`);
      }
      check(r, i + 1, 'the value');
    }
  }
  if (!out.length) throw new UserFileError('no records found');
  return out;
}

/** Where the first top-level array element that does not parse on its own starts (for messages without a position). */
function badElementStart(text: string): number | undefined {
  let depth = 0;
  let inStr = false;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inStr) {
      if (c === '\\') i++;
      else if (c === '"') inStr = false;
      continue;
    }
    if (depth === 1 && start < 0 && !/[\s,\]]/.test(c)) start = i;
    if (c === '"') inStr = true;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    if (depth === 1 && start >= 0 && (c === ',' || text[i + 1] === ']')) {
      const end = c === ',' ? i : i + 1;
      try {
        JSON.parse(text.slice(start, end));
      } catch {
        return start;
      }
      start = -1;
    }
    if (depth <= 0 && i > 0) break;
  }
  return undefined;
}

/** The line on which each top-level element of a JSON array starts. */
function elementLines(text: string): number[] {
  const out: number[] = [];
  let depth = 0;
  let line = 1;
  let inStr = false;
  let expect = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    if (inStr) {
      if (c === '\\') i++;
      else if (c === '"') inStr = false;
      continue;
    }
    if (expect && !/\s/.test(c) && c !== ']') {
      out.push(line);
      expect = false;
    }
    if (c === '"') inStr = true;
    else if (c === '[' || c === '{') {
      depth++;
      if (depth === 1 && c === '[') expect = true;
    } else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 1) expect = true;
  }
  return out;
}

// ------------------------------------------------------------------ inference

const INT_RE = /^[+-]?\d+$/;
const NUM_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const BOOL_RE = /^(true|false)$/i;
/** `007`, `-01`: digits whose leading zeros carry meaning (IDs, ZIP codes) are text. */
const LEADING_ZERO_RE = /^[+-]?0\d/;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;
const TIME_RE = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** ISO-8601 text → microseconds since the epoch (UTC when no zone is given), or null. */
export function parseIsoMicros(s: string): number | null {
  const m = TIME_RE.exec(s.trim());
  if (!m) return null;
  // Date.parse rolls 2024-02-30 over into March: check every field's range first
  const [y, mo, d] = m[1].split('-').map(Number);
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (mo < 1 || mo > 12 || d < 1 || d > days[mo - 1]) return null;
  if (m[2]) {
    const [h, mi, sec = 0] = m[2].split(':').map(Number);
    if (h > 23 || mi > 59 || sec > 59) return null;
  }
  const zone = m[4] ? (m[4].toUpperCase() === 'Z' ? 'Z' : m[4].length === 5 ? `${m[4].slice(0, 3)}:${m[4].slice(3)}` : m[4]) : 'Z';
  const ms = Date.parse(`${m[1]}T${m[2] ?? '00:00'}${m[2] && m[2].length === 5 ? ':00' : ''}${zone}`);
  if (Number.isNaN(ms)) return null;
  const frac = (m[3] ?? '').padEnd(6, '0').slice(0, 6);
  return ms * 1000 + Number(frac);
}

class ShapeConflict extends Error {}

/** Objects whose keys vary more than this across rows are kept as JSON text rather than a huge STRUCT. */
const MAX_STRUCT_FIELDS = 200;

function shapeOfValue(v: unknown): Shape | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isSafeInteger(v) ? 'long' : 'real';
  if (typeof v === 'bigint') {
    if (v < LONG_MIN || v > LONG_MAX) throw new ShapeConflict('an integer beyond the long range');
    return 'long';
  }
  if (Array.isArray(v)) {
    let item: Shape | undefined;
    for (const x of v) item = unify(item, shapeOfValue(x));
    const list: Shape = { list: item ?? 'string' };
    if (item === undefined) EMPTY_LISTS.add(list);
    return list;
  }
  if (typeof v === 'object') {
    const fields: [string, Shape][] = [];
    const seen = new Set<string>();
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (!k || seen.has(k.toLowerCase())) throw new ShapeConflict(`key "${k}"`);
      seen.add(k.toLowerCase());
      fields.push([k, shapeOfValue(x) ?? 'string']);
    }
    if (!fields.length) throw new ShapeConflict('empty object');
    return { struct: fields };
  }
  throw new ShapeConflict(typeof v);
}

/** Shapes of `[]` (or arrays of nulls): their element type is open, so they take any list's. */
const EMPTY_LISTS = new WeakSet<object>();

function unify(a: Shape | undefined, b: Shape | undefined): Shape | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  if (typeof a === 'object' && EMPTY_LISTS.has(a) && typeof b === 'object' && 'list' in b) return b;
  if (typeof b === 'object' && EMPTY_LISTS.has(b) && typeof a === 'object' && 'list' in a) return a;
  if (typeof a === 'string' || typeof b === 'string') {
    if (a === b) return a;
    if ((a === 'long' && b === 'real') || (a === 'real' && b === 'long')) return 'real';
    throw new ShapeConflict(`${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  }
  if ('list' in a && 'list' in b) return { list: unify(a.list, b.list) ?? 'string' };
  if ('struct' in a && 'struct' in b) {
    const out = new Map<string, Shape>(a.struct);
    const lower = new Map([...out.keys()].map((k) => [k.toLowerCase(), k]));
    for (const [k, s] of b.struct) {
      const same = lower.get(k.toLowerCase());
      if (same !== undefined && same !== k) throw new ShapeConflict(`keys "${same}" and "${k}"`);
      out.set(k, unify(out.get(k), s) ?? 'string');
      lower.set(k.toLowerCase(), k);
    }
    if (out.size > MAX_STRUCT_FIELDS) throw new ShapeConflict('too many keys (a bag with free-form keys)');
    return { struct: [...out] };
  }
  throw new ShapeConflict('list vs object');
}

interface InferredColumn {
  name: string;
  type: KqlType;
  shape?: Shape;
  values: unknown[];
}

/** Where cell `i` of a column sits in the file, for messages. */
type CellAt = (i: number) => { line: number; column: number; what: string };

/** Integer text → its exact value (a number when safe, else a bigint), or null outside the long range. */
function exactInteger(s: string): number | bigint | null {
  const n = Number(s);
  if (Number.isSafeInteger(n)) return n;
  const b = BigInt(s);
  return b < LONG_MIN || b > LONG_MAX ? null : b;
}

/** A datetime column: every value has the ISO form; one that is no real time is an error at its cell. */
function datetimeColumn(name: string, cells: unknown[], nul: (v: unknown) => boolean, at: CellAt): InferredColumn {
  const values = cells.map((v, i) => {
    if (nul(v)) return null;
    const us = parseIsoMicros(v as string);
    if (us === null) {
      const w = at(i);
      throw new UserFileError(`line ${w.line}, ${w.what}: "${v}" is not a valid date/time (the other values of column "${name}" are dates)`, w.line, w.column);
    }
    return us;
  });
  return { name, type: 'datetime', values };
}

/** Types one column of raw cells (strings from CSV, JSON values from JSON). */
function inferColumn(name: string, cells: unknown[], fromCsv: boolean, at: CellAt): InferredColumn {
  const present = cells.filter((v) => v !== null && v !== undefined && !(fromCsv && v === ''));
  const kinds = new Set(present.map((v) => (Array.isArray(v) ? 'object' : typeof v === 'bigint' ? 'number' : typeof v)));
  const nul = (v: unknown) => v === null || v === undefined || (fromCsv && v === '');
  const asText = (v: unknown) => (typeof v === 'string' ? v : stringifyExact(v));
  const text = (): InferredColumn => ({ name, type: 'string', values: cells.map((v) => (nul(v) ? '' : asText(v))) });
  if (!present.length) return { name, type: 'string', values: cells.map((v) => (nul(v) ? '' : String(v))) };
  if (fromCsv) {
    const strs = (present as string[]).map((x) => x.trim());
    if (strs.every((x) => BOOL_RE.test(x))) return { name, type: 'bool', values: cells.map((v) => (nul(v) ? null : (v as string).trim().toLowerCase() === 'true')) };
    const numeric = strs.every((x) => NUM_RE.test(x));
    if (numeric && !strs.some((x) => LEADING_ZERO_RE.test(x))) {
      const ints = strs.every((x) => INT_RE.test(x));
      if (ints && strs.every((x) => exactInteger(x) !== null)) return { name, type: 'long', values: cells.map((v) => (nul(v) ? null : exactInteger((v as string).trim()))) };
      // a real cannot hold an integer beyond 2^53: such a column stays text
      if (!ints && !strs.some((x) => INT_RE.test(x) && !Number.isSafeInteger(Number(x)))) {
        return { name, type: 'real', values: cells.map((v) => (nul(v) ? null : Number(v))) };
      }
      return { name, type: 'string', values: cells.map((v) => (v === null || v === undefined ? '' : v)) };
    }
    if (strs.every((x) => TIME_RE.test(x))) return datetimeColumn(name, cells, nul, at);
    return { name, type: 'string', values: cells.map((v) => (v === null || v === undefined ? '' : v)) };
  }
  if (kinds.size === 1 && kinds.has('boolean')) return { name, type: 'bool', values: cells.map((v) => (nul(v) ? null : v)) };
  if (kinds.size === 1 && kinds.has('number')) {
    const ints = present.every((v) => typeof v === 'bigint' || Number.isSafeInteger(v));
    const big = present.filter((v) => typeof v === 'bigint') as bigint[];
    if (ints && big.every((b) => b >= LONG_MIN && b <= LONG_MAX)) return { name, type: 'long', values: cells.map((v) => (nul(v) ? null : v)) };
    if (!big.length) return { name, type: 'real', values: cells.map((v) => (nul(v) ? null : v)) };
    return text();
  }
  if (kinds.size === 1 && kinds.has('string')) {
    if (present.every((x) => TIME_RE.test((x as string).trim()))) return datetimeColumn(name, cells, nul, at);
    return { name, type: 'string', values: cells.map((v) => (nul(v) ? '' : v)) };
  }
  if (kinds.size === 1 && kinds.has('object')) {
    try {
      let shape: Shape | undefined;
      for (const v of present) shape = unify(shape, shapeOfValue(v));
      return { name, type: 'dynamic', shape: shape!, values: cells.map((v) => (nul(v) ? null : v)) };
    } catch (e) {
      if (!(e instanceof ShapeConflict)) throw e;
    }
  }
  // mixed kinds, or nested values without one shape: JSON text
  return text();
}

function finish(name: string, fileName: string, cols: InferredColumn[], rows: number): UserTable {
  const data: ColumnData[] = cols.map((c) => ({ name: c.name, type: c.type, shape: c.shape, values: c.values }));
  const ipc = tableToStream(buildTable(data, rows));
  const columns: CatalogColumn[] = cols.map((c) => (c.type === 'dynamic' ? { name: c.name, type: c.type, duckType: duckTypeOf(c.shape!) } : { name: c.name, type: c.type }));
  return { table: userCatalogEntry(name, fileName, columns, rows), ipc, casts: {} };
}

export function userCatalogEntry(name: string, fileName: string, columns: CatalogColumn[], rowCount: number): CatalogTable {
  return { name, kind: 'user', description: `Loaded from ${fileName}`, columns, rowCount, sampleQuery: `${name}\n| take 100` };
}

export function userTableFromCsv(name: string, fileName: string, text: string): UserTable {
  const { header, rows } = parseCsv(text, fileName.toLowerCase().endsWith('.tsv') ? '\t' : ',');
  const cols = header.map((h, k) =>
    inferColumn(
      h,
      rows.map((r) => r.fields[k]),
      true,
      (i) => ({ line: rows[i].line, column: 1, what: `field ${k + 1} (${h})` }),
    ),
  );
  return finish(name, fileName, cols, rows.length);
}

export function userTableFromJson(name: string, fileName: string, text: string): UserTable {
  const recs = parseJsonRecords(text);
  const names: string[] = [];
  const index = new Map<string, number>();
  const firstLine = new Map<string, number>();
  // lower-cased name → the name first seen (a lookup, not a scan: 40,000 keys took 40 s)
  const byLower = new Map<string, string>();
  for (const { line, record } of recs) {
    for (const k of Object.keys(record)) {
      if (index.has(k)) continue;
      const clash = byLower.get(k.toLowerCase());
      if (clash !== undefined) {
        throw new UserFileError(`line ${line}: field "${k}" differs from field "${clash}" (line ${firstLine.get(clash)}) only in case; column names are case-insensitive`, line, 1);
      }
      if (!k) throw new UserFileError(`line ${line}: a field has an empty name`, line, 1);
      index.set(k, names.length);
      firstLine.set(k, line);
      byLower.set(k.toLowerCase(), k);
      names.push(k);
    }
  }
  const cols = names.map((k) =>
    inferColumn(
      k,
      recs.map((r) => r.record[k]),
      false,
      (i) => ({ line: recs[i].line, column: 1, what: `field "${k}"` }),
    ),
  );
  return finish(name, fileName, cols, recs.length);
}

// ------------------------------------------------------------------ Arrow

/** Arrow type → Kusto type, nested shape and the DuckDB cast (if the engine's own mapping is not the compiler's). */
function arrowColumn(f: Field): { type: KqlType; duckType?: string; cast?: string } {
  const t = f.type;
  if (DataType.isDictionary(t)) return arrowColumn({ ...f, type: t.dictionary } as Field);
  if (DataType.isUtf8(t) || DataType.isLargeUtf8(t)) return { type: 'string' };
  if (DataType.isBool(t)) return { type: 'bool' };
  if (DataType.isInt(t)) {
    if (t.bitWidth === 64 || (!t.isSigned && t.bitWidth === 32)) return { type: 'long', cast: t.bitWidth === 64 && t.isSigned ? undefined : 'BIGINT' };
    return { type: 'int', cast: t.bitWidth === 32 ? undefined : 'INTEGER' };
  }
  if (DataType.isFloat(t)) return { type: 'real', cast: t.precision === 2 ? undefined : 'DOUBLE' };
  if (DataType.isDecimal(t)) return { type: 'real', cast: 'DOUBLE' };
  if (DataType.isTimestamp(t)) return { type: 'datetime', cast: t.unit === 2 && !t.timezone ? undefined : 'TIMESTAMP' };
  if (DataType.isDate(t)) return { type: 'datetime', cast: 'TIMESTAMP' };
  if (DataType.isList(t) || DataType.isStruct(t)) {
    const shape = arrowShape(t);
    if (shape) return { type: 'dynamic', duckType: duckTypeOf(shape), cast: duckTypeOf(shape) };
  }
  return { type: 'string', cast: 'VARCHAR' };
}

function arrowShape(t: DataType): Shape | null {
  if (DataType.isDictionary(t)) return arrowShape(t.dictionary);
  if (DataType.isUtf8(t) || DataType.isLargeUtf8(t)) return 'string';
  if (DataType.isBool(t)) return 'bool';
  if (DataType.isInt(t)) return t.bitWidth === 64 || (!t.isSigned && t.bitWidth === 32) ? 'long' : 'int';
  if (DataType.isFloat(t) || DataType.isDecimal(t)) return 'real';
  if (DataType.isTimestamp(t) || DataType.isDate(t)) return 'datetime';
  if (DataType.isList(t)) {
    const s = arrowShape(t.children[0].type);
    return s ? { list: s } : null;
  }
  if (DataType.isStruct(t)) {
    const fields: [string, Shape][] = [];
    for (const c of t.children) {
      const s = arrowShape(c.type);
      if (!s) return null;
      fields.push([c.name, s]);
    }
    return fields.length ? { struct: fields } : null;
  }
  return null;
}

export function userTableFromArrow(name: string, fileName: string, bytes: Uint8Array): UserTable {
  let table: Table<TypeMap>;
  try {
    table = tableFromIPC(RecordBatchReader.from(bytes) as never);
  } catch (e) {
    throw new UserFileError(`not a readable Arrow IPC file or stream (${(e as Error).message})`);
  }
  const fields = table.schema.fields;
  if (!fields.length) throw new UserFileError('the Arrow data has no columns');
  for (const [k, b] of table.batches.entries()) {
    for (const [c, d] of b.data.children.entries()) checkArrowData(d, `record batch ${k + 1}, column "${fields[c].name}"`);
  }
  checkNames(
    fields.map((f) => f.name),
    (k) => ({ line: 1, what: `column ${k + 1}` }),
  );
  const casts: Record<string, string> = {};
  const columns: CatalogColumn[] = fields.map((f) => {
    let c = arrowColumn(f);
    // an unsigned 64-bit value above the long range would become null in a long column: keep the digits
    if (DataType.isInt(f.type) && f.type.bitWidth === 64 && !f.type.isSigned) {
      const col = table.getChild(f.name);
      let over = false;
      for (const v of col ?? []) if (typeof v === 'bigint' && v > LONG_MAX) over = true;
      if (over) c = { type: 'string', cast: 'VARCHAR' };
    }
    if (c.cast) casts[f.name] = c.cast;
    return c.duckType ? { name: f.name, type: c.type, duckType: c.duckType } : { name: f.name, type: c.type };
  });
  // the engine reads the bytes the checks above saw: re-encoded from the parsed table, so nothing in
  // the file that the JavaScript reader skipped or normalised reaches the engine's Arrow reader
  return { table: userCatalogEntry(name, fileName, columns, table.numRows), ipc: tableToIPC(table, 'stream'), casts };
}

/**
 * Checks that one column's buffers hold what its type and length promise (offsets in order and
 * inside the value data, bitmaps and fixed-width values long enough, dictionary indexes inside the
 * dictionary), recursively. The JavaScript Arrow reader trusts these; DuckDB-WASM's reader does not
 * check them either, and a corrupted file would make it read outside its memory, poisoning the
 * engine for every later query (issue 15). A file that fails is refused with the place it fails.
 */
function checkArrowData(d: Data, where: string): void {
  const bad = (what: string): never => {
    throw new UserFileError(`not a readable Arrow file: ${where}: ${what}`);
  };
  const end = d.offset + d.length;
  if (d.offset < 0 || d.length < 0) bad('negative offset or length');
  const bitmapHolds = (bm: Uint8Array | undefined) => !bm || bm.length === 0 || bm.length * 8 >= end;
  if (d.nullCount > 0 && !bitmapHolds(d.nullBitmap)) bad('the validity bitmap is shorter than the column');
  const t = d.type;
  if (DataType.isNull(t)) return;
  if (DataType.isDictionary(t)) {
    const n = d.dictionary?.length ?? 0;
    const ix = d.values as ArrayLike<number | bigint>;
    if (!ix || ix.length < end) bad('the dictionary indexes are shorter than the column');
    for (let i = d.offset; i < end; i++) {
      const v = Number(ix[i]);
      if ((v < 0 || v >= n) && d.getValid(i - d.offset)) bad(`row ${i - d.offset + 1} points outside the dictionary`);
    }
    for (const chunk of d.dictionary?.data ?? []) checkArrowData(chunk, `${where} (dictionary)`);
    return;
  }
  if (DataType.isBool(t)) {
    if (!d.values || d.values.length * 8 < end) bad('the values are shorter than the column');
    return;
  }
  const vo = d.valueOffsets as ArrayLike<number | bigint> | undefined;
  const variable = DataType.isUtf8(t) || DataType.isLargeUtf8(t) || DataType.isBinary(t) || DataType.isLargeBinary(t);
  if (variable || DataType.isList(t) || DataType.isMap(t)) {
    if (!vo || vo.length < end + 1) bad('the value offsets are shorter than the column');
    const limit = variable ? (d.values?.length ?? 0) : (d.children[0]?.length ?? 0);
    let prev = Number(vo![d.offset]);
    if (prev < 0) bad(`row 1 starts before its value data`);
    for (let i = d.offset + 1; i <= end; i++) {
      const o = Number(vo![i]);
      if (o < prev) bad(`row ${i - d.offset} has a negative length`);
      if (o > limit) bad(`row ${i - d.offset} ends past its value data`);
      prev = o;
    }
    if (!variable) checkArrowData(d.children[0], `${where} (items)`);
    return;
  }
  if (DataType.isStruct(t)) {
    d.children.forEach((c, k) => {
      if (c.length < end) bad(`struct field "${t.children[k].name}" is shorter than the column`);
      checkArrowData(c, `${where}.${t.children[k].name}`);
    });
    return;
  }
  if (DataType.isFixedSizeList(t)) {
    const size = t.listSize;
    const c = d.children[0];
    if (!c || c.length < end * size) bad('the list items are shorter than the column');
    checkArrowData(c, `${where} (items)`);
    return;
  }
  if (DataType.isUnion(t)) bad('union columns are not supported');
  // fixed-width values (numbers, decimals, dates, times, timestamps, intervals, durations, fixed-size binary)
  if (!d.values || d.values.length < end * d.stride) bad('the values are shorter than the column');
}

/** One user file's text or bytes → a user table (format from the file name). */
export function userTable(name: string, fileName: string, content: Uint8Array): UserTable {
  const fmt = userFileFormat(fileName);
  if (!fmt) throw new UserFileError('unsupported file type (use .csv, .tsv, .json, .jsonl, .ndjson or .arrow)');
  if (fmt === 'arrow') return userTableFromArrow(name, fileName, content);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    throw new UserFileError('the file is not UTF-8 text');
  }
  return fmt === 'csv' ? userTableFromCsv(name, fileName, text) : userTableFromJson(name, fileName, text);
}
