/**
 * Arrow results → Kusto values: the JSON result contract of DESIGN.md §5, plus CSV and plain-text
 * renderings of it.
 *
 * The SQL result's column names are internal aliases, so columns are taken by position and named
 * from the compiler's `OutputColumn[]`. Values are read straight from the Arrow buffers (not via
 * `Vector.get`), because apache-arrow turns microsecond timestamps into float milliseconds and
 * would lose the last digits.
 */
import type { Data, DataType, Table } from 'apache-arrow';
import { Type } from 'apache-arrow';
import type { KqlType, OutputColumn, SqlShape } from '../kql/api.ts';
import { parseJsonExact, stringifyExact } from '../kql/json-exact.ts';
import { EngineError } from './types.ts';

/**
 * A cell of the result contract. `bigint` appears only inside dynamic values, for a long beyond
 * 2^53 (a long column carries those as digit strings): write such values with `stringifyExact`.
 */
export type JsonValue = null | boolean | number | bigint | string | JsonValue[] | { [k: string]: JsonValue };

export interface ResultColumn {
  name: string;
  type: KqlType;
}

/** `{"columns":[{"name","type"}],"rows":[[…]]}` — the `--format json` contract. */
export interface KustoResult {
  columns: ResultColumn[];
  rows: JsonValue[][];
}

const MICROS_PER_DAY = 86_400_000_000n;
/** The range of Kusto's datetime, 0001-01-01 to 9999-12-31 23:59:59.999999 (in microseconds). */
const MIN_DATETIME_MICROS = -62_135_596_800_000_000n; // 0001-01-01T00:00:00Z (Date.UTC reads year 1 as 1901)
const MAX_DATETIME_MICROS = BigInt(Date.UTC(9999, 11, 31, 23, 59, 59, 999)) * 1000n + 999n;

/** Whether microseconds since the epoch are within Kusto's datetime range (else the value is null). */
export function datetimeInRange(micros: bigint): boolean {
  return micros >= MIN_DATETIME_MICROS && micros <= MAX_DATETIME_MICROS;
}

// ------------------------------------------------------------------------------ scalar formatting

/** Microseconds since the Unix epoch → `2024-01-01T10:00:00.5Z` (trailing zeros dropped). */
export function formatDatetime(micros: bigint): string {
  let ms = micros / 1000n;
  let sub = micros % 1_000_000n;
  if (sub < 0n) sub += 1_000_000n;
  // floor division for times before 1970
  if (micros < 0n && micros % 1000n !== 0n) ms -= 1n;
  const d = new Date(Number(ms));
  if (Number.isNaN(d.getTime())) return String(micros);
  const base = d.toISOString().slice(0, -5); // drop ".mmmZ"
  const frac = sub === 0n ? '' : `.${sub.toString().padStart(6, '0').replace(/0+$/, '')}`;
  return `${base}${frac}Z`;
}

/**
 * A datetime inside a dynamic value: Kusto renders it as JSON text with all 7 fractional digits,
 * `2024-01-01T10:00:00.5000000Z`.
 */
export function formatDatetimeDynamic(micros: bigint): string {
  const s = formatDatetime(micros);
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(s);
  return m ? `${m[1]}.${(m[2] ?? '').padEnd(7, '0')}Z` : s;
}

/** Microseconds → Kusto timespan text `[-][d.]hh:mm:ss[.fffffff]` (7 fractional digits when non-zero). */
export function formatTimespan(micros: bigint): string {
  const neg = micros < 0n;
  let v = neg ? -micros : micros;
  const days = v / MICROS_PER_DAY;
  v %= MICROS_PER_DAY;
  const h = v / 3_600_000_000n;
  v %= 3_600_000_000n;
  const m = v / 60_000_000n;
  v %= 60_000_000n;
  const s = v / 1_000_000n;
  const frac = v % 1_000_000n;
  const p2 = (x: bigint) => x.toString().padStart(2, '0');
  let out = `${neg ? '-' : ''}${days > 0n ? `${days}.` : ''}${p2(h)}:${p2(m)}:${p2(s)}`;
  if (frac !== 0n) out += `.${(frac * 10n).toString().padStart(7, '0')}`;
  return out;
}

/** A 64-bit integer as a JSON number when it is exact, else as a digit string. */
export function formatLong(v: bigint | number): number | string {
  if (typeof v === 'number') return Number.isSafeInteger(v) ? v : Number.isFinite(v) ? BigInt(Math.trunc(v)).toString() : String(v);
  return v >= -9_007_199_254_740_991n && v <= 9_007_199_254_740_991n ? Number(v) : v.toString();
}

/** A 64-bit integer inside a dynamic value: a JSON number, exact (a bigint beyond 2^53). */
function dynamicLong(v: bigint | number): number | bigint | string {
  if (typeof v === 'number') return formatLong(v);
  return v >= -9_007_199_254_740_991n && v <= 9_007_199_254_740_991n ? Number(v) : v;
}

/** A real as a JSON number; NaN and the infinities as the strings Kusto's JSON uses. */
export function formatReal(v: number): number | string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  return v;
}

// ------------------------------------------------------------------------------ Arrow reading

/** Kusto type of a scalar value when the compiler gave no shape (dynamic with unknown layout). */
function naturalType(data: Data): Exclude<KqlType, 'dynamic'> | null {
  switch (data.type.typeId) {
    case Type.Bool:
      return 'bool';
    case Type.Int:
      return (data.type as any).bitWidth === 64 ? 'long' : 'int';
    case Type.Float:
      return 'real';
    case Type.Decimal:
      return (data.type as any).scale === 0 ? 'long' : 'real';
    case Type.Utf8:
    case Type.LargeUtf8:
      return 'string';
    case Type.Timestamp:
    case Type.Date:
      return 'datetime';
    case Type.Interval:
    case Type.Duration:
      return 'timespan';
    default:
      return null;
  }
}

function decimalBigInt(data: Data, i: number): bigint {
  const stride = data.stride;
  const words = data.values as Uint32Array;
  let x = 0n;
  for (let w = stride - 1; w >= 0; w--) x = (x << 32n) | BigInt(words[i * stride + w]);
  const bits = BigInt(stride * 32);
  if (x >> (bits - 1n)) x -= 1n << bits; // two's complement
  return x;
}

function decimalNumber(data: Data, i: number): number {
  const x = decimalBigInt(data, i);
  const scale = (data.type as any).scale as number;
  if (!scale) return Number(x);
  const neg = x < 0n;
  const digits = (neg ? -x : x).toString().padStart(scale + 1, '0');
  return Number(`${neg ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`);
}

function utf8(data: Data, i: number): string {
  const o = data.valueOffsets as Int32Array | BigInt64Array;
  const a = Number(o[i]);
  const b = Number(o[i + 1]);
  return decoder.decode((data.values as Uint8Array).subarray(a, b));
}
const decoder = new TextDecoder();

/** Numeric reading as bigint (ints, decimals with scale 0, timestamps in their own unit). */
function integerAt(data: Data, i: number): bigint | number {
  switch (data.type.typeId) {
    case Type.Int:
    case Type.Timestamp:
    case Type.Duration:
      return data.values[i * data.stride] as bigint | number;
    case Type.Decimal: {
      const scale = (data.type as any).scale as number;
      return scale ? decimalNumber(data, i) : decimalBigInt(data, i);
    }
    case Type.Float:
      return data.values[i] as number;
    case Type.Bool:
      return boolAt(data, i) ? 1 : 0;
    default:
      throw new Error(`not an integer column: ${String(data.type)}`);
  }
}

function boolAt(data: Data, i: number): boolean {
  const idx = data.offset + i;
  return ((data.values as Uint8Array)[idx >> 3] & (1 << (idx % 8))) !== 0;
}

const UNIT_TO_MICROS_MUL: Record<number, bigint> = { 0: 1_000_000n, 1: 1000n, 2: 1n, 3: 1n };

/** Microseconds for a time-like Arrow value (Timestamp, Date, Duration, Interval, or plain ints). */
function microsAt(data: Data, i: number): bigint {
  const t = data.type as any;
  switch (data.type.typeId) {
    case Type.Timestamp:
    case Type.Duration: {
      const raw = BigInt(data.values[i] as bigint);
      return t.unit === 3 ? raw / 1000n : raw * UNIT_TO_MICROS_MUL[t.unit];
    }
    case Type.Date: {
      // Date32 = days, Date64 = milliseconds
      if (t.unit === 0) return BigInt(data.values[i] as number) * MICROS_PER_DAY;
      return BigInt(data.values[i] as bigint) * 1000n;
    }
    case Type.Interval: {
      const v = data.values as Int32Array;
      if (t.unit === 2) {
        // MONTH_DAY_NANO: int32 months, int32 days, int64 nanos (16 bytes)
        const base = i * 4;
        const nanos = new BigInt64Array(v.buffer, v.byteOffset + (base + 2) * 4, 1)[0];
        return (BigInt(v[base]) * 30n + BigInt(v[base + 1])) * MICROS_PER_DAY + nanos / 1000n;
      }
      if (t.unit === 1) return (BigInt(v[i * 2]) * MICROS_PER_DAY) + BigInt(v[i * 2 + 1]) * 1000n; // DAY_TIME
      return BigInt(v[i]) * 30n * MICROS_PER_DAY; // YEAR_MONTH
    }
    default: {
      const x = integerAt(data, i);
      return typeof x === 'bigint' ? x : BigInt(Math.trunc(x));
    }
  }
}

function isStringType(data: Data): boolean {
  return data.type.typeId === Type.Utf8 || data.type.typeId === Type.LargeUtf8;
}

/** One scalar cell of Kusto type `t`. `top` is true for result columns (strings are never null there). */
function scalarAt(data: Data, i: number, t: Exclude<KqlType, 'dynamic'>, top: boolean): JsonValue {
  if (!data.getValid(i)) return t === 'string' && top ? '' : null;
  switch (t) {
    case 'string':
      return isStringType(data) ? utf8(data, i) : stringifyOther(data, i);
    case 'guid':
      return (isStringType(data) ? utf8(data, i) : stringifyOther(data, i)).toLowerCase();
    case 'bool':
      if (data.type.typeId === Type.Bool) return boolAt(data, i);
      return Number(integerAt(data, i)) !== 0;
    case 'long':
    case 'int': {
      const x = integerAt(data, i);
      if (typeof x === 'number' && !Number.isInteger(x)) return formatReal(x);
      return top ? formatLong(x) : dynamicLong(x);
    }
    case 'real':
    case 'decimal': {
      // a whole decimal (parse_version's HUGEINT) keeps all its digits, as a long does
      if (data.type.typeId === Type.Decimal) return (data.type as any).scale === 0 ? formatLong(decimalBigInt(data, i)) : formatReal(decimalNumber(data, i));
      const x = integerAt(data, i);
      if (typeof x !== 'bigint') return formatReal(x);
      return top ? formatLong(x) : dynamicLong(x);
    }
    case 'datetime': {
      const us = microsAt(data, i);
      // Kusto's datetime ends at 9999-12-31 and begins at 0001-01-01: arithmetic past either end is null
      if (!datetimeInRange(us)) return null;
      return top ? formatDatetime(us) : formatDatetimeDynamic(us);
    }
    case 'timespan':
      return formatTimespan(microsAt(data, i));
    default:
      return genericAt(data, i);
  }
}

function stringifyOther(data: Data, i: number): string {
  const v = genericAt(data, i);
  return typeof v === 'string' ? v : stringifyExact(v);
}

function parseJsonText(s: string): JsonValue {
  try {
    return parseJsonExact(s) as JsonValue;
  } catch {
    return s;
  }
}

/** A value read by its Arrow type alone (dynamic values whose layout the compiler left open). */
function genericAt(data: Data, i: number): JsonValue {
  if (!data.getValid(i)) return null;
  switch (data.type.typeId) {
    case Type.Null:
      return null;
    case Type.List:
    case Type.FixedSizeList:
      return listAt(data, i, null);
    case Type.Struct:
      return structAt(data, i, null);
    case Type.Map:
      return mapAt(data, i, null);
    case Type.Binary:
    case Type.LargeBinary:
      return Buffer.from((data.values as Uint8Array).subarray(Number(data.valueOffsets[i]), Number(data.valueOffsets[i + 1]))).toString('base64');
    case Type.Dictionary: {
      const dict = data.dictionary;
      if (!dict) return null;
      const key = Number(data.values[i]);
      let k = key;
      for (const chunk of dict.data) {
        if (k < chunk.length) return genericAt(chunk, k);
        k -= chunk.length;
      }
      return null;
    }
    default: {
      const t = naturalType(data);
      return t ? scalarAt(data, i, t, false) : String(i);
    }
  }
}

function listAt(data: Data, i: number, of: SqlShape | null): JsonValue[] {
  const child = data.children[0];
  let begin: number;
  let end: number;
  if (data.type.typeId === Type.FixedSizeList) {
    const n = (data.type as any).listSize as number;
    begin = i * n;
    end = begin + n;
  } else {
    begin = Number(data.valueOffsets[i]);
    end = Number(data.valueOffsets[i + 1]);
  }
  const out: JsonValue[] = [];
  for (let j = begin; j < end; j++) out.push(of ? valueAt(child, j, of, false) : genericAt(child, j));
  return out;
}

function structAt(data: Data, i: number, fields: { name: string; shape: SqlShape }[] | null): { [k: string]: JsonValue } {
  const arrowFields = (data.type as any).children as { name: string }[];
  const out: { [k: string]: JsonValue } = {};
  // A DuckDB struct has every field in every row, so one built from property bags with different
  // keys (a datatable of dynamic literals, a union) holds NULL where a bag had no such key: a NULL
  // field is taken as an absent key, as Kusto would print the bag.
  if (fields) {
    fields.forEach((f, pos) => {
      let idx = arrowFields.findIndex((af) => af.name === f.name);
      if (idx < 0) idx = pos;
      const child = data.children[idx];
      if (child?.getValid(i)) out[f.name] = valueAt(child, i, f.shape, false);
    });
  } else {
    arrowFields.forEach((af, idx) => {
      if (data.children[idx].getValid(i)) out[af.name] = genericAt(data.children[idx], i);
    });
  }
  return out;
}

function mapAt(data: Data, i: number, value: SqlShape | null): { [k: string]: JsonValue } {
  const entries = data.children[0];
  const begin = Number(data.valueOffsets[i]);
  const end = Number(data.valueOffsets[i + 1]);
  const [keys, vals] = entries.children;
  const out: { [k: string]: JsonValue } = {};
  for (let j = begin; j < end; j++) {
    const k = genericAt(keys, j);
    out[typeof k === 'string' ? k : stringifyExact(k)] = value ? valueAt(vals, j, value, false) : genericAt(vals, j);
  }
  return out;
}

/** One cell laid out as `shape`. */
function valueAt(data: Data, i: number, shape: SqlShape, top: boolean): JsonValue {
  switch (shape.k) {
    case 'scalar':
      return scalarAt(data, i, shape.t, top);
    case 'null':
      return null;
    case 'json': {
      if (!data.getValid(i)) return null;
      if (!isStringType(data)) return genericAt(data, i);
      const text = utf8(data, i);
      // parse_json("") is null in Kusto; text that is not JSON stays a string value
      return text.trim() === '' ? null : parseJsonText(text);
    }
    case 'list':
      if (!data.getValid(i)) return null;
      if (data.type.typeId !== Type.List && data.type.typeId !== Type.FixedSizeList) return genericAt(data, i);
      return listAt(data, i, shape.of);
    case 'struct':
      if (!data.getValid(i)) return null;
      if (data.type.typeId !== Type.Struct) return genericAt(data, i);
      return structAt(data, i, shape.fields);
    case 'map':
      if (!data.getValid(i)) return null;
      if (data.type.typeId !== Type.Map) return genericAt(data, i);
      return mapAt(data, i, shape.value);
    default:
      return genericAt(data, i);
  }
}

/** The shape to use for a result column: the compiler's, or a scalar of its Kusto type. */
function columnShape(col: OutputColumn): SqlShape {
  if (col.shape) return col.shape;
  return col.type === 'dynamic' ? { k: 'json' } : { k: 'scalar', t: col.type };
}

/** A result whose DuckDB types are not the ones the compiler announced: a compiler bug. */
export class ResultTypeError extends Error {
  readonly code = 'HB098';
}

const INT_BITS: Partial<Record<KqlType, number>> = { long: 64, timespan: 64, int: 32 };

/**
 * Why DuckDB's type of a result column does not carry Kusto type `t` (undefined when it does):
 * long/timespan ↔ BIGINT, int ↔ INTEGER, real/decimal ↔ DOUBLE, bool ↔ BOOLEAN, datetime ↔
 * TIMESTAMP, string/guid ↔ VARCHAR (src/kql/ARCHITECTURE.md, "Types and values").
 */
function scalarMismatch(type: DataType, t: KqlType, inDynamic: boolean): string | undefined {
  // A dictionary-encoded column carries the type of its values.
  if (type.typeId === Type.Dictionary) type = (type as unknown as { dictionary: DataType }).dictionary;
  const id = type.typeId;
  if (id === Type.Null) return undefined; // an all-null column of no particular type
  const bits = INT_BITS[t];
  if (bits) {
    const w = id === Type.Int ? (type as unknown as { bitWidth: number }).bitWidth : 0;
    // Inside a dynamic value a number is a number: only the outer column's width is Kusto's type.
    return w === bits || (inDynamic && w > 0) ? undefined : 'an integer';
  }
  if (t === 'real' || t === 'decimal') return id === Type.Float && (type as unknown as { precision: number }).precision === 2 ? undefined : 'DOUBLE';
  if (t === 'bool') return id === Type.Bool ? undefined : 'BOOLEAN';
  if (t === 'datetime') return id === Type.Timestamp ? undefined : 'TIMESTAMP';
  if (t === 'string' || t === 'guid') return id === Type.Utf8 || id === Type.LargeUtf8 ? undefined : 'VARCHAR';
  return undefined;
}

function shapeMismatch(type: DataType, shape: SqlShape, inDynamic: boolean): string | undefined {
  const id = type.typeId;
  switch (shape.k) {
    case 'null':
      return undefined;
    case 'scalar':
      // parse_version()'s exact decimals are HUGEINTs (Arrow: Decimal(38, 0))
      if (shape.int128) return id === Type.Decimal && (type as unknown as { scale: number }).scale === 0 ? undefined : 'HUGEINT';
      return scalarMismatch(type, shape.t, inDynamic);
    case 'json':
      return id === Type.Utf8 || id === Type.LargeUtf8 || id === Type.Null ? undefined : 'VARCHAR (JSON text)';
    case 'list':
      return id === Type.List || id === Type.FixedSizeList || id === Type.Null ? undefined : 'a LIST';
    case 'struct':
      return id === Type.Struct || id === Type.Null ? undefined : 'a STRUCT';
    case 'map':
      return id === Type.Map || id === Type.Null ? undefined : 'a MAP';
    case 'sketch':
      // the compiler never lets a sketch reach a result (HB111)
      return 'no sketch in a result';
  }
}

/** Throws ResultTypeError (HB098) when a column's DuckDB type does not carry its Kusto type. */
export function checkResultTypes(table: Table, columns: OutputColumn[]): void {
  columns.forEach((c, i) => {
    const field = table.schema.fields[i];
    if (!field) return;
    const int128 = c.shape?.k === 'scalar' && c.shape.int128;
    const want = c.type === 'dynamic' || int128 ? shapeMismatch(field.type, columnShape(c), c.type === 'dynamic') : scalarMismatch(field.type, c.type, false);
    if (want) {
      throw new ResultTypeError(`internal error: result column '${c.name}' is Kusto ${c.type} but DuckDB returned ${String(field.type)} (expected ${want}); please report the query`);
    }
  });
}

/**
 * Deepest dynamic value a result may hold. Printing, cloning to another thread and drawing a value
 * are recursive in the JavaScript engine; a deeper value (parse_json of 3,000 nested brackets)
 * would overflow the stack somewhere after the query succeeded, so it is refused here, as an error
 * of that query alone.
 */
export const MAX_VALUE_DEPTH = 500;
export const DEPTH_ERROR = 'HB906';

/** Nesting depth of a value, measured without recursion; stops counting past `limit`. */
export function valueDepth(v: JsonValue, limit = Number.POSITIVE_INFINITY): number {
  if (v === null || typeof v !== 'object') return 0;
  let max = 0;
  const stack: [JsonValue, number][] = [[v, 1]];
  while (stack.length) {
    const [x, d] = stack.pop()!;
    if (d > max) max = d;
    if (max > limit) return max;
    const kids = Array.isArray(x) ? x : Object.values(x as object);
    for (const k of kids) if (k !== null && typeof k === 'object') stack.push([k as JsonValue, d + 1]);
  }
  return max;
}

/**
 * Converts an engine result to the JSON result contract. Columns are matched by position; a column
 * count that differs from the compiler's announcement, or a DuckDB type that does not carry the
 * column's Kusto type (checkResultTypes), is a compiler bug and throws.
 */
export function tableToKusto(table: Table, columns: OutputColumn[], opts: { checkTypes?: boolean } = {}): KustoResult {
  const n = columns.length;
  if (n === 0) {
    // the SQL carries a placeholder column; what Kusto shows for a result without columns is not
    // known here, so it is refused rather than guessed (found by the fuzzer: `T | project`)
    throw new EngineError('the query leaves no columns to show', 'HB100');
  }
  if (n !== table.numCols) {
    throw new Error(`result has ${table.numCols} columns, compiler announced ${columns.length}`);
  }
  // Off only for hand-written SQL that exercises the value readers' fallbacks (tests).
  if (opts.checkTypes !== false) checkResultTypes(table, columns);
  const rows: JsonValue[][] = [];
  for (let r = 0; r < table.numRows; r++) rows.push(new Array(n));
  for (let c = 0; c < n; c++) {
    const vector = table.getChildAt(c);
    if (!vector) continue;
    const shape = columnShape(columns[c]);
    // Only string *columns* are never null; a null inside a dynamic column stays null.
    const top = columns[c].type !== 'dynamic';
    const nested = shape.k !== 'scalar' && shape.k !== 'null';
    let r = 0;
    for (const chunk of vector.data) {
      for (let i = 0; i < chunk.length; i++) {
        const v = valueAt(chunk, i, shape, top);
        if (nested && valueDepth(v, MAX_VALUE_DEPTH) > MAX_VALUE_DEPTH) {
          throw new EngineError(`column ${columns[c].name}, row ${r + 1}: a value nested deeper than ${MAX_VALUE_DEPTH} levels cannot be shown`, DEPTH_ERROR);
        }
        rows[r++][c] = v;
      }
    }
  }
  return { columns: columns.map((c) => ({ name: c.name, type: c.type })), rows };
}

// ------------------------------------------------------------------------------ writers

/** Text of one cell for CSV and table output: strings bare, dynamic values as JSON, null empty. */
export function cellText(v: JsonValue): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return stringifyExact(v);
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Text that a spreadsheet would run as a formula (`=cmd|…`, `+`, `-`, `@`, or a leading tab/CR). */
const FORMULA_RE = /^[=+\-@\t\r]/;
/** Columns whose text comes from the data (numbers and times are written by us and stay as they are). */
const TEXT_TYPES = new Set(['string', 'dynamic', 'guid']);

/**
 * RFC 4180 CSV with a header line of column names. `forSpreadsheet` (the workbench's export)
 * neutralises formulas as spreadsheet tools expect: a text cell or column name starting with
 * `=`, `+`, `-`, `@`, tab or CR gets a leading `'`, which the spreadsheet shows as text.
 */
export function toCsv(result: KustoResult, opts: { forSpreadsheet?: boolean } = {}): string {
  const safe = (s: string, text: boolean) => (opts.forSpreadsheet && text && FORMULA_RE.test(s) ? `'${s}` : s);
  const text = result.columns.map((c) => TEXT_TYPES.has(c.type));
  const lines = [result.columns.map((c) => csvField(safe(c.name, true))).join(',')];
  for (const row of result.rows) lines.push(row.map((v, i) => csvField(safe(cellText(v), text[i]))).join(','));
  return lines.join('\r\n') + '\r\n';
}

/** Plain-text table for terminals: padded columns, numbers right-aligned, control characters escaped. */
export function toTable(result: KustoResult, maxWidth = 60): string {
  const clip = (s: string) => {
    const clean = s.replace(/[\u0000-\u001f\u007f]/g, (ch) => (ch === '\n' ? '\\n' : ch === '\t' ? '\\t' : `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`));
    return clean.length > maxWidth ? `${clean.slice(0, maxWidth - 1)}…` : clean;
  };
  const head = result.columns.map((c) => clip(c.name));
  const body = result.rows.map((row) => row.map((v) => clip(cellText(v))));
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const right = result.columns.map((c) => ['long', 'int', 'real', 'decimal'].includes(c.type));
  const fmt = (cells: string[]) => cells.map((s, i) => (right[i] ? s.padStart(widths[i]) : s.padEnd(widths[i]))).join(' | ').trimEnd();
  const lines = [fmt(head), widths.map((w) => '-'.repeat(w)).join('-+-')];
  for (const r of body) lines.push(fmt(r));
  lines.push(`(${result.rows.length} row${result.rows.length === 1 ? '' : 's'})`);
  return lines.join('\n') + '\n';
}

/** The first column of a result as text (a compile's first pass: evaluate pivot's distinct values). Null stays null. */
export function firstColumnText(table: Table): (string | null)[] {
  const col = table.getChildAt(0);
  const out: (string | null)[] = [];
  if (!col) return out;
  for (let i = 0; i < table.numRows; i++) {
    const v = col.get(i);
    out.push(v === null || v === undefined ? null : String(v));
  }
  return out;
}
