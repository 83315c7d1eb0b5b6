/**
 * Column values → Arrow vectors → Arrow IPC stream bytes.
 *
 * Storage rules (shared with the engine and the compiler, see src/catalog/types.ts):
 * string/guid → Utf8 (dictionary-encoded: most columns repeat a handful of values, and the
 * committed dataset must stay small; DuckDB reads dictionary arrays as plain VARCHAR), never null;
 * long/timespan → Int64 (timespan in microseconds); int → Int32; real → Float64; bool → Bool;
 * datetime → Timestamp(MICROSECOND) without a zone (a zoned timestamp needs ICU in DuckDB);
 * dynamic → List / Struct, shape declared per column.
 */
import {
  Bool,
  type DataType,
  Dictionary,
  Field,
  Float64,
  Int8,
  Int16,
  Int32,
  Int64,
  List,
  makeData,
  makeVector,
  RecordBatch,
  Schema,
  Struct,
  Table,
  TimestampMicrosecond,
  tableToIPC,
  Utf8,
  type Vector,
  vectorFromArray,
} from 'apache-arrow';
import type { KqlType } from '../catalog/types.ts';

/** The shape of a dynamic column's values, from which both the Arrow and the DuckDB types derive. */
export type Shape =
  | 'string'
  | 'long'
  | 'int'
  | 'real'
  | 'bool'
  | 'datetime'
  | { list: Shape }
  | { struct: [string, Shape][] };

export function shapeOfType(t: KqlType): Shape {
  switch (t) {
    case 'string':
    case 'guid':
      return 'string';
    case 'long':
    case 'timespan':
      return 'long';
    case 'int':
      return 'int';
    case 'real':
    case 'decimal':
      return 'real';
    case 'bool':
      return 'bool';
    case 'datetime':
      return 'datetime';
    case 'dynamic':
      return { list: 'string' };
  }
}

export function duckTypeOf(s: Shape): string {
  if (typeof s === 'string') {
    return { string: 'VARCHAR', long: 'BIGINT', int: 'INTEGER', real: 'DOUBLE', bool: 'BOOLEAN', datetime: 'TIMESTAMP' }[s];
  }
  if ('list' in s) return `${duckTypeOf(s.list)}[]`;
  return `STRUCT(${s.struct.map(([k, v]) => `${JSON.stringify(k)} ${duckTypeOf(v)}`).join(', ')})`;
}

export function arrowTypeOf(s: Shape): DataType {
  if (typeof s === 'string') {
    switch (s) {
      case 'string':
        return new Utf8();
      case 'long':
        return new Int64();
      case 'int':
        return new Int32();
      case 'real':
        return new Float64();
      case 'bool':
        return new Bool();
      case 'datetime':
        return new TimestampMicrosecond();
    }
  }
  if ('list' in s) return new List(new Field('item', arrowTypeOf(s.list), true));
  return new Struct(s.struct.map(([k, v]) => new Field(k, arrowTypeOf(v), true)));
}

function nullBitmap(values: readonly unknown[]): { bitmap: Uint8Array | undefined; nulls: number } {
  let nulls = 0;
  const n = values.length;
  const bitmap = new Uint8Array((n + 7) >> 3);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || v === undefined) nulls++;
    else bitmap[i >> 3] |= 1 << (i & 7);
  }
  return { bitmap: nulls ? bitmap : undefined, nulls };
}

let dictId = 0;
const ENC = new TextEncoder();

/** A Utf8 vector written straight into one buffer (much faster than the generic builder for large dictionaries). */
function utf8Vector(strs: string[]): Vector<Utf8> {
  let chars = 0;
  for (const s of strs) chars += s.length;
  const buf = new Uint8Array(Math.max(16, chars * 3));
  const offsets = new Int32Array(strs.length + 1);
  let pos = 0;
  for (let i = 0; i < strs.length; i++) {
    pos += ENC.encodeInto(strs[i], buf.subarray(pos)).written;
    offsets[i + 1] = pos;
  }
  return makeVector(makeData({ type: new Utf8(), length: strs.length, nullCount: 0, valueOffsets: offsets, data: buf.slice(0, pos) }));
}

/** Converts nested JS values so that Arrow's builders accept them (times as Date-free numbers). */
function prepDynamic(v: unknown, s: Shape): unknown {
  if (v === null || v === undefined) return null;
  if (typeof s === 'string') {
    if (s === 'long') return typeof v === 'bigint' ? v : BigInt(Math.trunc(Number(v)));
    if (s === 'datetime') return Math.floor(Number(v) / 1000); // builders take ms for timestamps
    return v;
  }
  if ('list' in s) return (v as unknown[]).map((x) => prepDynamic(x, s.list));
  const o = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, ks] of s.struct) out[k] = prepDynamic(o[k], ks);
  return out;
}

export function buildVector(type: KqlType, values: unknown[], shape?: Shape): Vector {
  const n = values.length;
  switch (type) {
    case 'string':
    case 'guid': {
      const ids = new Map<string, number>();
      const dict: string[] = [];
      const idx = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const v = values[i];
        const s = v === null || v === undefined ? '' : String(v);
        let k = ids.get(s);
        if (k === undefined) {
          k = dict.length;
          ids.set(s, k);
          dict.push(s);
        }
        idx[i] = k;
      }
      const dictionary = utf8Vector(dict);
      const [indexType, data] =
        dict.length <= 127
          ? [new Int8(), Int8Array.from(idx)]
          : dict.length <= 32767
            ? [new Int16(), Int16Array.from(idx)]
            : [new Int32(), idx];
      const dt = new Dictionary(new Utf8(), indexType as Int32, dictId++);
      return makeVector(makeData({ type: dt, length: n, nullCount: 0, data: data as Int32Array, dictionary }));
    }
    case 'long':
    case 'timespan':
    case 'datetime': {
      const data = new BigInt64Array(n);
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (v !== null && v !== undefined) data[i] = typeof v === 'bigint' ? v : BigInt(Math.trunc(v as number));
      }
      const { bitmap, nulls } = nullBitmap(values);
      const t = type === 'datetime' ? new TimestampMicrosecond() : new Int64();
      return makeVector(makeData({ type: t as Int64, length: n, nullCount: nulls, nullBitmap: bitmap, data }));
    }
    case 'int': {
      const data = new Int32Array(n);
      for (let i = 0; i < n; i++) data[i] = (values[i] as number) ?? 0;
      const { bitmap, nulls } = nullBitmap(values);
      return makeVector(makeData({ type: new Int32(), length: n, nullCount: nulls, nullBitmap: bitmap, data }));
    }
    case 'real':
    case 'decimal': {
      const data = new Float64Array(n);
      for (let i = 0; i < n; i++) data[i] = (values[i] as number) ?? 0;
      const { bitmap, nulls } = nullBitmap(values);
      return makeVector(makeData({ type: new Float64(), length: n, nullCount: nulls, nullBitmap: bitmap, data }));
    }
    case 'bool': {
      const data = new Uint8Array((n + 7) >> 3);
      for (let i = 0; i < n; i++) if (values[i]) data[i >> 3] |= 1 << (i & 7);
      const { bitmap, nulls } = nullBitmap(values);
      return makeVector(makeData({ type: new Bool(), length: n, nullCount: nulls, nullBitmap: bitmap, data }));
    }
    case 'dynamic':
      return dynamicVector(values, shape ?? { list: 'string' });
  }
}

export interface ColumnData {
  name: string;
  type: KqlType;
  shape?: Shape;
  values: unknown[];
}

export function buildTable(cols: ColumnData[], length: number): Table {
  dictId = 0;
  const vectors = cols.map((c) => {
    if (c.values.length !== length) throw new Error(`column ${c.name}: ${c.values.length} values, expected ${length}`);
    return buildVector(c.type, c.values, c.shape);
  });
  const fields = cols.map((c, i) => new Field(c.name, vectors[i].type, true));
  const schema = new Schema(fields);
  const data = makeData({
    type: new Struct(fields),
    length,
    nullCount: 0,
    children: vectors.map((v) => v.data[0]),
  });
  return new Table(schema, [new RecordBatch(schema, data)]);
}

export function tableToStream(t: Table): Uint8Array {
  return tableToIPC(t, 'stream');
}

/** The index type the dictionary encoding picks for a dictionary of `size` strings. */
function narrowIndices(idx: Int32Array, size: number): [Int32, Int32Array] {
  if (size <= 127) {
    const a = new Int8Array(idx.length);
    a.set(idx);
    return [new Int8() as unknown as Int32, a as unknown as Int32Array];
  }
  if (size <= 32767) {
    const a = new Int16Array(idx.length);
    a.set(idx);
    return [new Int16() as unknown as Int32, a as unknown as Int32Array];
  }
  return [new Int32(), idx];
}

/**
 * A dictionary-encoded Utf8 vector from indices into `pool` (all ≥ 0). The dictionary holds the
 * used strings in order of first occurrence, exactly as `buildVector('string', …)` orders them.
 */
export function dictionaryVector(idx: Int32Array, pool: readonly string[], id: number): Vector {
  const n = idx.length;
  const remap = new Int32Array(pool.length).fill(-1);
  const dict: string[] = [];
  for (let i = 0; i < n; i++) {
    const g = idx[i];
    let m = remap[g];
    if (m < 0) {
      m = remap[g] = dict.length;
      dict.push(pool[g]);
    }
    idx[i] = m;
  }
  const [indexType, data] = narrowIndices(idx, dict.length);
  const dt = new Dictionary(new Utf8(), indexType, id);
  return makeVector(makeData({ type: dt, length: n, nullCount: 0, data, dictionary: utf8Vector(dict) }));
}

/**
 * A plain (not dictionary-encoded) Utf8 vector gathered from raw UTF-8 entries: row j holds entry
 * `ids[j]` (`bytes[starts[k]..starts[k+1]]`), or '' when `ids[j]` < 0. For mostly-unique columns.
 */
export function rawUtf8Vector(ids: Int32Array, bytes: Uint8Array, starts: Int32Array): Vector {
  const n = ids.length;
  const offsets = new Int32Array(n + 1);
  let total = 0;
  for (let j = 0; j < n; j++) {
    const k = ids[j];
    if (k >= 0) total += starts[k + 1] - starts[k];
    offsets[j + 1] = total;
  }
  const data = new Uint8Array(total);
  for (let j = 0; j < n; j++) {
    const k = ids[j];
    if (k < 0) continue;
    let p = offsets[j];
    const b = starts[k];
    const e = starts[k + 1];
    if (e - b > 32) data.set(bytes.subarray(b, e), p);
    else for (let q = b; q < e; q++) data[p++] = bytes[q];
  }
  return makeVector(makeData({ type: new Utf8(), length: n, nullCount: 0, valueOffsets: offsets, data }));
}

function validityBitmap(valid: Uint8Array, nulls: number): Uint8Array | undefined {
  if (!nulls) return undefined;
  const n = valid.length;
  const bitmap = new Uint8Array((n + 7) >> 3);
  for (let i = 0; i < n; i++) if (valid[i]) bitmap[i >> 3] |= 1 << (i & 7);
  return bitmap;
}

/** Int64 / Timestamp(µs) from doubles (truncated toward zero; nulls stored as 0). */
export function int64Vector(v: Float64Array, valid: Uint8Array, nulls: number, timestamp: boolean): Vector {
  const n = v.length;
  const words = new Int32Array(n * 2);
  for (let i = 0; i < n; i++) {
    if (!valid[i]) continue;
    const x = Math.trunc(v[i]);
    words[2 * i] = x >>> 0;
    words[2 * i + 1] = Math.floor(x / 4294967296);
  }
  const data = new BigInt64Array(words.buffer);
  const t = timestamp ? new TimestampMicrosecond() : new Int64();
  return makeVector(makeData({ type: t as Int64, length: n, nullCount: nulls, nullBitmap: validityBitmap(valid, nulls), data }));
}

export function int32Vector(v: Float64Array, valid: Uint8Array, nulls: number): Vector {
  const n = v.length;
  const data = new Int32Array(n);
  for (let i = 0; i < n; i++) if (valid[i]) data[i] = v[i];
  return makeVector(makeData({ type: new Int32(), length: n, nullCount: nulls, nullBitmap: validityBitmap(valid, nulls), data }));
}

export function float64Vector(v: Float64Array, valid: Uint8Array, nulls: number): Vector {
  const n = v.length;
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) if (valid[i]) data[i] = v[i];
  return makeVector(makeData({ type: new Float64(), length: n, nullCount: nulls, nullBitmap: validityBitmap(valid, nulls), data }));
}

export function boolVector(v: Float64Array, valid: Uint8Array, nulls: number): Vector {
  const n = v.length;
  const data = new Uint8Array((n + 7) >> 3);
  for (let i = 0; i < n; i++) if (valid[i] && v[i]) data[i >> 3] |= 1 << (i & 7);
  return makeVector(makeData({ type: new Bool(), length: n, nullCount: nulls, nullBitmap: validityBitmap(valid, nulls), data }));
}

/** The generic path through Arrow's builders (slow, superlinear on large nested columns): the reference for `dynamicVector`. */
export function dynamicVectorViaBuilders(values: unknown[], s: Shape): Vector {
  return vectorFromArray(
    values.map((v) => prepDynamic(v, s)),
    arrowTypeOf(s),
  );
}

/** Bitmaps come out of Arrow's builders rounded up to 64 bytes, and the IPC writer keeps that padding. */
function builderBitmap(n: number): Uint8Array {
  return new Uint8Array(Math.max(64, Math.ceil(Math.ceil(n / 8) / 64) * 64));
}

/** Growable byte-per-slot validity with a null count. */
class Validity {
  bits: number[] = [];
  nulls = 0;
  push(ok: boolean): void {
    this.bits.push(ok ? 1 : 0);
    if (!ok) this.nulls++;
  }
  bitmap(): Uint8Array | undefined {
    if (!this.nulls) return undefined;
    const n = this.bits.length;
    const b = builderBitmap(n);
    for (let i = 0; i < n; i++) if (this.bits[i]) b[i >> 3] |= 1 << (i & 7);
    return b;
  }
}

interface NestedWriter {
  push(v: unknown): void;
  finish(): ReturnType<typeof makeData>;
}

/**
 * Writes one shape column directly into Arrow buffers with the same layout Arrow's builders give
 * (`dynamicVectorViaBuilders`): a null struct makes every descendant null at that slot; null slots
 * hold zeros / empty strings; a dynamic datetime keeps millisecond precision (the builders take ms).
 */
function nestedWriter(s: Shape): NestedWriter {
  const valid = new Validity();
  if (typeof s === 'string') {
    if (s === 'string') {
      const strs: string[] = [];
      return {
        push(v) {
          const ok = v !== null && v !== undefined;
          valid.push(ok);
          strs.push(ok ? String(v) : '');
        },
        finish() {
          const u = utf8Vector(strs).data[0];
          return makeData({ type: new Utf8(), length: strs.length, nullCount: valid.nulls, nullBitmap: valid.bitmap(), valueOffsets: u.valueOffsets, data: u.values });
        },
      };
    }
    const nums: number[] = [];
    // longs beyond 2^53 (user files read exactly) arrive as bigint: kept aside, written last
    const exact = new Map<number, bigint>();
    return {
      push(v) {
        const ok = v !== null && v !== undefined;
        valid.push(ok);
        if (!ok) nums.push(0);
        else if (s === 'long' && typeof v === 'bigint') {
          exact.set(nums.length, v);
          nums.push(0);
        }
        else if (s === 'bool') nums.push(v ? 1 : 0);
        else if (s === 'datetime') nums.push(Math.floor(Number(v) / 1000) * 1000);
        else if (s === 'long') nums.push(Math.trunc(Number(v)));
        else nums.push(v as number);
      },
      finish() {
        const n = nums.length;
        const nullCount = valid.nulls;
        const nullBitmap = valid.bitmap();
        switch (s) {
          case 'bool': {
            const data = builderBitmap(n);
            for (let i = 0; i < n; i++) if (nums[i]) data[i >> 3] |= 1 << (i & 7);
            return makeData({ type: new Bool(), length: n, nullCount, nullBitmap, data });
          }
          case 'int':
            return makeData({ type: new Int32(), length: n, nullCount, nullBitmap, data: Int32Array.from(nums) });
          case 'real':
            return makeData({ type: new Float64(), length: n, nullCount, nullBitmap, data: Float64Array.from(nums) });
          default: {
            const words = new Int32Array(n * 2);
            for (let i = 0; i < n; i++) {
              words[2 * i] = nums[i] >>> 0;
              words[2 * i + 1] = Math.floor(nums[i] / 4294967296);
            }
            const t = s === 'datetime' ? new TimestampMicrosecond() : new Int64();
            const data = new BigInt64Array(words.buffer);
            for (const [i, b] of exact) data[i] = b;
            return makeData({ type: t as Int64, length: n, nullCount, nullBitmap, data });
          }
        }
      },
    };
  }
  if ('list' in s) {
    const child = nestedWriter(s.list);
    const offsets: number[] = [0];
    let total = 0;
    return {
      push(v) {
        const ok = v !== null && v !== undefined;
        valid.push(ok);
        if (ok) {
          const xs = v as unknown[];
          for (let i = 0; i < xs.length; i++) child.push(xs[i]);
          total += xs.length;
        }
        offsets.push(total);
      },
      finish() {
        const type = arrowTypeOf(s) as List;
        return makeData({ type, length: offsets.length - 1, nullCount: valid.nulls, nullBitmap: valid.bitmap(), valueOffsets: Int32Array.from(offsets), child: child.finish() });
      },
    };
  }
  const names = s.struct.map(([k]) => k);
  const kids = s.struct.map(([, ks]) => nestedWriter(ks));
  let length = 0;
  return {
    push(v) {
      const ok = v !== null && v !== undefined;
      valid.push(ok);
      length++;
      const o = ok ? (v as Record<string, unknown>) : null;
      for (let i = 0; i < kids.length; i++) kids[i].push(o ? o[names[i]] : null);
    },
    finish() {
      const type = arrowTypeOf(s) as Struct;
      return makeData({ type, length, nullCount: valid.nulls, nullBitmap: valid.bitmap(), children: kids.map((k) => k.finish()) });
    },
  };
}

/** A dynamic (nested) column written straight into Arrow buffers (see `nestedWriter`). */
export function dynamicVector(values: unknown[], s: Shape): Vector {
  const w = nestedWriter(s);
  for (let i = 0; i < values.length; i++) w.push(values[i]);
  return makeVector(w.finish());
}
