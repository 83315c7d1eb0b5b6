/**
 * Native DuckDB for the CLI (`--engine native`): DuckDB through `@duckdb/node-api`, pinned to the
 * DuckDB version inside @duckdb/duckdb-wasm (1.4.3), so the compiler's SQL means the same on both
 * engines. Same session set-up (macros, no extension autoloading) and the same lock-down after the
 * data is loaded. Results come back as Arrow tables shaped as DuckDB-WASM shapes them, so the one
 * result conversion (values.ts) serves both engines; a differential test keeps the two equal.
 *
 * The native build links ICU (DuckDB-WASM does not): the session time zone is pinned to UTC so
 * that nothing depends on the machine's zone.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  Binary,
  Bool,
  type Data,
  type DataType,
  DateDay,
  Decimal,
  Field,
  FixedSizeList,
  Float32,
  Float64,
  Int8,
  Int16,
  Int32,
  Int64,
  Interval,
  IntervalUnit,
  List,
  Map_,
  makeData,
  Null,
  RecordBatch,
  Schema,
  Struct,
  Table,
  TimeMicrosecond,
  TimestampMicrosecond,
  TimeUnit,
  Timestamp,
  Uint8,
  Uint16,
  Uint32,
  Uint64,
  Utf8,
} from 'apache-arrow';
import { appendArrowTable, nodeApi } from './db-writer.ts';
import { attachSql, exposeSql, LOCKDOWN_SQL, OWN_OBJECTS_SQL, quoteIdent, quoteString, SESSION_SETUP_SQL, tablesOfSql, toArrowStream } from './setup.ts';
import { type Engine, EngineError, type QueryOptions } from './types.ts';

type Api = Awaited<ReturnType<typeof nodeApi>>;
type DuckType = import('@duckdb/node-api').DuckDBType;
type DuckValue = import('@duckdb/node-api').DuckDBValue;

export async function createNativeEngine(): Promise<Engine> {
  const duck = await nodeApi();
  const inst = await duck.DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
  const conn = await inst.connect();
  const scratch = mkdtempSync(path.join(tmpdir(), 'hb-native-'));
  let fileNo = 0;
  let attached: string | null = null;

  const run = async (sql: string) => {
    try {
      return await conn.runAndReadAll(sql);
    } catch (e) {
      throw new EngineError((e as Error).message);
    }
  };
  await run("SET TimeZone = 'UTC'");
  for (const s of SESSION_SETUP_SQL) await run(s);

  const count = async (table: string) => Number((await run(`SELECT count(*)::BIGINT AS n FROM ${quoteIdent(table)}`)).getRows()[0][0]);

  return {
    async query(sql: string, opts?: QueryOptions) {
      const signal = opts?.signal;
      if (signal?.aborted) throw new EngineError('query cancelled', 'HB902');
      const onAbort = () => conn.interrupt();
      signal?.addEventListener('abort', onAbort);
      try {
        const r = await run(sql);
        return resultToArrow(duck, r.columnNames(), r.columnTypes(), r.getColumns());
      } catch (e) {
        if (signal?.aborted) throw new EngineError('query cancelled', 'HB902');
        throw e;
      } finally {
        signal?.removeEventListener('abort', onAbort);
      }
    },
    async loadArrow(table: string, ipc: Uint8Array) {
      const { table: t, rows } = toArrowStream(ipc, table);
      await run(`DROP TABLE IF EXISTS ${quoteIdent(table)}`);
      try {
        await appendArrowTable(duck, conn, path.join(scratch, `load-${fileNo++}.csv`), {
          name: table,
          columns: t.schema.fields.map((f) => ({ name: f.name, duckType: duckTypeOfArrow(f.type) })),
          table: t,
        });
      } catch (e) {
        throw new EngineError(`${table}: ${(e as Error).message}`, 'HB901');
      }
      const got = await count(table);
      if (got !== rows) throw new EngineError(`${table}: loaded ${got} rows, expected ${rows}`, 'HB901');
      return rows;
    },
    async loadCsv(table: string, csv: string) {
      const file = path.join(scratch, `upload-${fileNo++}.csv`);
      writeFileSync(file, csv);
      try {
        await run(`CREATE OR REPLACE TABLE ${quoteIdent(table)} AS SELECT * FROM read_csv(${quoteString(file)}, header = true, auto_detect = true)`);
      } finally {
        rmSync(file, { force: true });
      }
      return count(table);
    },
    async attachDatabase(source: string, tables: readonly string[]) {
      const alias = `hb_dataset_${fileNo++}`;
      await run(attachSql(path.resolve(source), alias));
      const inFile = (await run(tablesOfSql(alias))).getRows().map((r) => String(r[0]));
      const own = (await run(OWN_OBJECTS_SQL)).getRows().map((r) => ({ name: String(r[0]), kind: String(r[1]) }));
      try {
        for (const s of exposeSql(alias, tables, inFile, own)) await run(s);
      } catch (e) {
        await run(`DETACH ${quoteIdent(alias)}`).catch(() => {});
        throw e;
      }
      if (attached) await run(`DETACH ${quoteIdent(attached)}`);
      attached = alias;
    },
    async lockDown() {
      for (const s of LOCKDOWN_SQL) await run(s);
    },
    async close() {
      conn.closeSync();
      inst.closeSync();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/** The DuckDB type DuckDB-WASM gives an Arrow column when it imports one. */
function duckTypeOfArrow(t: DataType): string {
  const any = t as unknown as { bitWidth?: number; isSigned?: boolean; children?: Field[]; precision?: number; scale?: number; unit?: number };
  switch (t.typeId) {
    case 1: // Null
      return 'INTEGER';
    case 2: // Int
      return `${any.isSigned === false ? 'U' : ''}${({ 8: 'TINYINT', 16: 'SMALLINT', 32: 'INTEGER', 64: 'BIGINT' } as Record<number, string>)[any.bitWidth ?? 32]}`;
    case 3: // Float
      return (t as Float32).precision === 1 ? 'FLOAT' : 'DOUBLE';
    case 5: // Utf8
    case -1: // Dictionary (of strings)
      return 'VARCHAR';
    case 6: // Bool
      return 'BOOLEAN';
    case 7: // Decimal
      return `DECIMAL(${any.precision}, ${any.scale})`;
    case 8: // Date
      return 'DATE';
    case 10: // Timestamp
      return 'TIMESTAMP';
    case 12: // List
      return `${duckTypeOfArrow(any.children![0].type)}[]`;
    case 13: // Struct
      return `STRUCT(${any.children!.map((f) => `${quoteIdent(f.name)} ${duckTypeOfArrow(f.type)}`).join(', ')})`;
    default:
      throw new Error(`Arrow type ${String(t)} is not supported on the native engine`);
  }
}

// ------------------------------------------------------------------------------ results → Arrow

/** A DuckDB result as the Arrow table DuckDB-WASM would have returned for it. */
function resultToArrow(duck: Api, names: string[], types: DuckType[], columns: DuckValue[][]): Table {
  const n = columns[0]?.length ?? 0;
  const datas = types.map((t, i) => columnData(duck, t, columns[i] ?? []));
  const fields = datas.map((d, i) => new Field(names[i], d.type, true));
  const schema = new Schema(fields);
  const data = makeData({ type: new Struct(fields), length: n, nullCount: 0, children: datas });
  return new Table(schema, [new RecordBatch(schema, data)]);
}

function validity(values: readonly DuckValue[]): { nullBitmap: Uint8Array | undefined; nullCount: number } {
  let nullCount = 0;
  const bitmap = new Uint8Array(Math.max(1, (values.length + 7) >> 3));
  for (let i = 0; i < values.length; i++) {
    if (values[i] === null || values[i] === undefined) nullCount++;
    else bitmap[i >> 3] |= 1 << (i & 7);
  }
  return { nullBitmap: nullCount ? bitmap : undefined, nullCount };
}

const encoder = new TextEncoder();

function utf8Data(values: readonly DuckValue[], text: (v: DuckValue) => string): Data {
  const parts: Uint8Array[] = [];
  const offsets = new Int32Array(values.length + 1);
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== null && v !== undefined) {
      const b = encoder.encode(text(v));
      parts.push(b);
      total += b.length;
    }
    offsets[i + 1] = total;
  }
  const data = new Uint8Array(total);
  let p = 0;
  for (const b of parts) {
    data.set(b, p);
    p += b.length;
  }
  return makeData({ type: new Utf8(), length: values.length, ...validity(values), valueOffsets: offsets, data });
}

function bigints(values: readonly DuckValue[], f: (v: DuckValue) => bigint): BigInt64Array {
  const out = new BigInt64Array(values.length);
  for (let i = 0; i < values.length; i++) if (values[i] !== null && values[i] !== undefined) out[i] = f(values[i]);
  return out;
}

/** 128-bit two's complement little-endian words (Arrow Decimal128). */
function decimalWords(values: readonly DuckValue[], f: (v: DuckValue) => bigint): Uint32Array {
  const out = new Uint32Array(values.length * 4);
  const mask = (1n << 128n) - 1n;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    let x = f(v) & mask;
    for (let w = 0; w < 4; w++) {
      out[i * 4 + w] = Number(x & 0xffffffffn);
      x >>= 32n;
    }
  }
  return out;
}

function columnData(duck: Api, t: DuckType, values: readonly DuckValue[]): Data {
  const T = duck.DuckDBTypeId;
  const length = values.length;
  const nums = <A extends Int8Array | Int16Array | Int32Array | Uint8Array | Uint16Array | Uint32Array | Float32Array | Float64Array>(
    type: DataType,
    Ctor: new (n: number) => A,
  ): Data => {
    const data = new Ctor(length);
    for (let i = 0; i < length; i++) if (values[i] !== null && values[i] !== undefined) data[i] = Number(values[i]);
    return makeData({ type: type as Int32, length, ...validity(values), data: data as unknown as Int32Array });
  };
  switch (t.typeId) {
    case T.SQLNULL:
      return makeData({ type: new Null(), length, nullCount: length });
    case T.BOOLEAN: {
      const data = new Uint8Array(Math.max(1, (length + 7) >> 3));
      for (let i = 0; i < length; i++) if (values[i] === true) data[i >> 3] |= 1 << (i & 7);
      return makeData({ type: new Bool(), length, ...validity(values), data });
    }
    case T.TINYINT:
      return nums(new Int8(), Int8Array);
    case T.SMALLINT:
      return nums(new Int16(), Int16Array);
    case T.INTEGER:
      return nums(new Int32(), Int32Array);
    case T.UTINYINT:
      return nums(new Uint8(), Uint8Array);
    case T.USMALLINT:
      return nums(new Uint16(), Uint16Array);
    case T.UINTEGER:
      return nums(new Uint32(), Uint32Array);
    case T.FLOAT:
      return nums(new Float32(), Float32Array);
    case T.DOUBLE:
      return nums(new Float64(), Float64Array);
    case T.BIGINT:
      return makeData({ type: new Int64(), length, ...validity(values), data: bigints(values, (v) => v as bigint) });
    case T.UBIGINT:
      return makeData({ type: new Uint64() as unknown as Int64, length, ...validity(values), data: bigints(values, (v) => BigInt.asIntN(64, v as bigint)) });
    case T.HUGEINT:
    case T.UHUGEINT:
      return makeData({ type: new Decimal(0, 38, 128), length, ...validity(values), data: decimalWords(values, (v) => v as bigint) });
    case T.DECIMAL: {
      const d = t as import('@duckdb/node-api').DuckDBDecimalType;
      return makeData({
        type: new Decimal(d.scale, d.width, 128),
        length,
        ...validity(values),
        data: decimalWords(values, (v) => (v as import('@duckdb/node-api').DuckDBDecimalValue).value),
      });
    }
    case T.VARCHAR:
    case T.ENUM:
      return utf8Data(values, (v) => String(v));
    case T.UUID:
      return utf8Data(values, (v) => (v as import('@duckdb/node-api').DuckDBUUIDValue).toString());
    case T.BLOB: {
      const u = utf8Data(values, () => '');
      const parts = values.map((v) => (v === null || v === undefined ? new Uint8Array(0) : (v as import('@duckdb/node-api').DuckDBBlobValue).bytes));
      const offsets = new Int32Array(length + 1);
      for (let i = 0; i < length; i++) offsets[i + 1] = offsets[i] + parts[i].length;
      const data = new Uint8Array(offsets[length]);
      for (let i = 0; i < length; i++) data.set(parts[i], offsets[i]);
      return makeData({ type: new Binary(), length, nullCount: u.nullCount, nullBitmap: u.nullBitmap, valueOffsets: offsets, data });
    }
    case T.TIMESTAMP:
      return makeData({ type: new TimestampMicrosecond(), length, ...validity(values), data: bigints(values, (v) => (v as { micros: bigint }).micros) });
    case T.TIMESTAMP_TZ:
      return makeData({ type: new Timestamp(TimeUnit.MICROSECOND, 'UTC'), length, ...validity(values), data: bigints(values, (v) => (v as { micros: bigint }).micros) });
    case T.TIMESTAMP_S:
      return makeData({ type: new Timestamp(TimeUnit.SECOND), length, ...validity(values), data: bigints(values, (v) => (v as { seconds: bigint }).seconds) });
    case T.TIMESTAMP_MS:
      return makeData({ type: new Timestamp(TimeUnit.MILLISECOND), length, ...validity(values), data: bigints(values, (v) => (v as { millis: bigint }).millis) });
    case T.TIMESTAMP_NS:
      return makeData({ type: new Timestamp(TimeUnit.NANOSECOND), length, ...validity(values), data: bigints(values, (v) => (v as { nanos: bigint }).nanos) });
    case T.DATE: {
      const data = new Int32Array(length);
      for (let i = 0; i < length; i++) if (values[i] !== null && values[i] !== undefined) data[i] = (values[i] as { days: number }).days;
      return makeData({ type: new DateDay(), length, ...validity(values), data });
    }
    case T.TIME:
      return makeData({ type: new TimeMicrosecond(), length, ...validity(values), data: bigints(values, (v) => (v as { micros: bigint }).micros) as unknown as Int32Array });
    case T.INTERVAL: {
      // MONTH_DAY_NANO: int32 months, int32 days, int64 nanoseconds
      const data = new Int32Array(length * 4);
      const view = new DataView(data.buffer);
      for (let i = 0; i < length; i++) {
        const v = values[i] as import('@duckdb/node-api').DuckDBIntervalValue | null;
        if (!v) continue;
        data[i * 4] = v.months;
        data[i * 4 + 1] = v.days;
        view.setBigInt64(i * 16 + 8, v.micros * 1000n, true);
      }
      return makeData({ type: new Interval(IntervalUnit.MONTH_DAY_NANO), length, ...validity(values), data });
    }
    case T.LIST:
    case T.ARRAY: {
      const child = (t as import('@duckdb/node-api').DuckDBListType).valueType;
      const items: DuckValue[] = [];
      const offsets = new Int32Array(length + 1);
      for (let i = 0; i < length; i++) {
        const v = values[i] as { items: readonly DuckValue[] } | null;
        if (v) items.push(...v.items);
        offsets[i + 1] = items.length;
      }
      const kid = columnData(duck, child, items);
      if (t.typeId === T.ARRAY) {
        const size = (t as import('@duckdb/node-api').DuckDBArrayType).length;
        return makeData({ type: new FixedSizeList(size, new Field('item', kid.type, true)), length, ...validity(values), child: kid });
      }
      return makeData({ type: new List(new Field('l', kid.type, true)), length, ...validity(values), valueOffsets: offsets, child: kid });
    }
    case T.STRUCT: {
      const st = t as import('@duckdb/node-api').DuckDBStructType;
      const kids = st.entryTypes.map((et, k) =>
        columnData(
          duck,
          et,
          values.map((v) => (v === null || v === undefined ? null : ((v as { entries: Record<string, DuckValue> }).entries[st.entryNames[k]] ?? null))),
        ),
      );
      const fields = kids.map((d, k) => new Field(st.entryNames[k], d.type, true));
      return makeData({ type: new Struct(fields), length, ...validity(values), children: kids });
    }
    case T.MAP: {
      const mt = t as import('@duckdb/node-api').DuckDBMapType;
      const keys: DuckValue[] = [];
      const vals: DuckValue[] = [];
      const offsets = new Int32Array(length + 1);
      for (let i = 0; i < length; i++) {
        const v = values[i] as import('@duckdb/node-api').DuckDBMapValue | null;
        if (v) for (const e of v.entries) {
          keys.push(e.key);
          vals.push(e.value);
        }
        offsets[i + 1] = keys.length;
      }
      const k = columnData(duck, mt.keyType, keys);
      const val = columnData(duck, mt.valueType, vals);
      const entryFields = [new Field('key', k.type, false), new Field('value', val.type, true)];
      const entries = makeData({ type: new Struct(entryFields), length: keys.length, nullCount: 0, children: [k, val] });
      return makeData({ type: new Map_(new Field('entries', entries.type, false)), length, ...validity(values), valueOffsets: offsets, child: entries });
    }
    default:
      throw new EngineError(`result column of type ${t.toString()} is not supported on the native engine`);
  }
}
