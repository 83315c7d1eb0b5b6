/**
 * Writes Arrow tables into a DuckDB database file with native DuckDB (`@duckdb/node-api`, pinned
 * to the DuckDB version inside @duckdb/duckdb-wasm, so both engines read the file). Used by the
 * dataset generator (`huntbench generate`), Node only.
 *
 * Values are read from the Arrow buffers directly: microsecond timestamps and 64-bit integers
 * from the raw buffers (apache-arrow's `get` turns timestamps into float milliseconds), strings as
 * UTF-8 bytes (dictionary entries once each), never decoded.
 */
import { closeSync, existsSync, openSync, rmSync, writeSync } from 'node:fs';
import { type Data, type Table, Type } from 'apache-arrow';
import { storageNames } from '../catalog/storage.ts';
import { layoutOrderBy, type TableLayout, tableLayout } from './db-layout.ts';
import { quoteIdent, quoteString } from './setup.ts';

type NodeApi = typeof import('@duckdb/node-api');
type Conn = import('@duckdb/node-api').DuckDBConnection;

let api: Promise<NodeApi> | null = null;

/** The native DuckDB binding, loaded on first use (a clear error where no prebuilt binary exists). */
export function nodeApi(): Promise<NodeApi> {
  api ??= import('@duckdb/node-api').catch((e) => {
    api = null;
    throw new Error(`native DuckDB (@duckdb/node-api) is not available on this machine: ${(e as Error).message}`);
  });
  return api;
}

export interface TableToWrite {
  name: string;
  /** Column names and DuckDB types, in the Arrow table's column order. */
  columns: { name: string; duckType: string }[];
  table: Table;
}

/**
 * A table whose rows were written as CSV chunks (see TableSink.writeCsv): each line is the row's
 * insertion number, then its columns. The table is filled in `sortCol` order (unset/null first),
 * ties in insertion order; with `numbering`, `reportCol` is replaced by a per-device counter in that
 * order starting after `bases` (the device's count in earlier tables).
 */
export interface ChunkedTable {
  name: string;
  columns: { name: string; duckType: string }[];
  files: string[];
  rows: number;
  sortCol?: string;
  numbering?: { deviceCol: string; reportCol: string; bases: Map<string, number> };
  /** Rows per ordered insert (default PART_ROWS; smaller in tests). */
  partRows?: number;
}

/**
 * A table whose rows `fill` writes as CSV lines in the table's order (see TableSink.writeCsv): each
 * line is the row's position, then its columns. `onBytes` sees every byte written (e.g. a hash).
 */
export interface CsvTable {
  name: string;
  columns: { name: string; duckType: string }[];
  rows: number;
  fill(out: CsvSink): void;
  onBytes?: (b: Uint8Array) => void;
}

export interface DatabaseWriter {
  write(t: TableToWrite): Promise<void>;
  /**
   * Creates a table from the CSV lines `t.fill` writes (in the layout's order for big device tables).
   * Resolves once DuckDB is inserting them, so the caller can prepare the next table meanwhile;
   * every later call (and `close`) first waits for that insert and reports its error.
   */
  writeCsv(t: CsvTable): Promise<void>;
  /** Loads, orders and numbers a table written in CSV chunks; removes the chunk files. */
  writeChunks(t: ChunkedTable): Promise<void>;
  /**
   * Creates table `name` from a SELECT over the tables written so far (a derived table such as
   * catalog/file-hash-index.ts's index; its rows in the SELECT's order), or from several SELECTs
   * of the same columns, their rows one after the other (a big sort done in parts, each within
   * the memory limit). Returns its row count.
   */
  derive(name: string, select: string | readonly string[], opts?: DeriveOptions): Promise<number>;
  /** Runs one SQL statement over the tables written so far (e.g. the device clones of src/lab/clone.ts). */
  exec(sql: string): Promise<void>;
  /** Runs one SQL query and returns its rows (DuckDB's JS values: BIGINT as bigint). */
  query(sql: string): Promise<unknown[][]>;
  /** Checkpoints and closes; the file is complete (no .wal beside it) when this resolves. */
  close(): Promise<void>;
}

export interface DeriveOptions {
  /**
   * Rows per row group of this table (DuckDB's default otherwise, ROW_GROUP_ROWS): the file is
   * attached again with this size, and stays so until the writer closes. Small row groups suit a
   * table read a few rows at a time by a sort key (the file hash index): a row group's column
   * segments are then small enough to share storage blocks, so a lookup reads one or two blocks
   * instead of one per column. A checkpoint merges the row groups smaller than the attached size
   * (even of tables it did not change), so tables come in decreasing sizes: once a size is set,
   * writing or deriving a table with a bigger one (or the default) is refused.
   */
  rowGroupSize?: number;
}

export interface WriterOptions {
  /**
   * DuckDB storage block size in bytes (default 262,144). Small datasets are much smaller on disk
   * with 16,384-byte blocks (every column segment takes at least part of a block); big ones read
   * better over HTTP with the default.
   */
  blockSize?: number;
  /** DuckDB's memory limit (e.g. '3GB'; default DuckDB's, 80% of RAM); sorts beyond it spill to `${file}.tmp/`. */
  memoryLimit?: string;
}

/**
 * Opens (replacing) a database file for writing.
 *
 * Rows travel as CSV through a temporary file next to the database (DuckDB's appender costs about
 * a microsecond per value; its CSV reader is far faster): strings quoted, timestamps as integer
 * microseconds (`make_timestamp`), nested values as JSON text cast to their DuckDB type.
 * The file's bytes differ from run to run (DuckDB's block layout is not reproducible), so
 * reproducibility is checked on the data (see the lab's `contentHash`).
 */
export async function createDatabaseWriter(file: string, opts: WriterOptions = {}): Promise<DatabaseWriter> {
  const duck = await nodeApi();
  for (const f of [file, `${file}.wal`]) if (existsSync(f)) rmSync(f);
  const inst = await duck.DuckDBInstance.create(':memory:');
  const conn = await inst.connect();
  await conn.run('SET autoinstall_known_extensions = false');
  await conn.run('SET autoload_known_extensions = false');
  await conn.run('SET preserve_insertion_order = true');
  if (opts.memoryLimit) await conn.run(`SET memory_limit = ${quoteString(opts.memoryLimit)}`);
  await conn.run(`SET temp_directory = ${quoteString(`${file}.tmp`)}`);
  const attach = async (rowGroupSize?: number) => {
    const options = [opts.blockSize ? `BLOCK_SIZE ${Math.trunc(opts.blockSize)}` : '', rowGroupSize ? `ROW_GROUP_SIZE ${Math.trunc(rowGroupSize)}` : ''].filter((x) => x);
    await conn.run(`ATTACH ${quoteString(file)} AS hb_out${options.length ? ` (${options.join(', ')})` : ''}`);
    await conn.run('USE hb_out');
  };
  const detach = async () => {
    await conn.run('CHECKPOINT hb_out');
    await conn.run('USE memory');
    await conn.run('DETACH hb_out');
  };
  await attach();
  // the row group size the file is attached with (undefined: DuckDB's default); it only decreases
  let rowGroup: number | undefined;
  const sizeAllowed = (want: number | undefined, what: string) => {
    if (rowGroup !== undefined && (want === undefined || want > rowGroup))
      throw new Error(`${what}: row groups of ${want ?? 'the default size'} after a table of ${rowGroup}-row groups (a checkpoint would merge that table's row groups); write the tables with smaller row groups last`);
  };
  const tmp = `${file}.${process.pid}.csv.tmp`;
  // the insert of the last writeCsv table, still running; every other operation waits for it first
  let pending: Promise<void> = Promise.resolve();
  let csvSerial = 0;
  const settle = async () => {
    const p = pending;
    pending = Promise.resolve();
    await p;
  };
  // one DuckDB thread while JavaScript writes the next table on the other core (less CPU lost to
  // contention); all threads again for the sorts of chunked tables and derived tables
  let oneThread = false;
  const threads = async (one: boolean) => {
    if (one === oneThread) return;
    await conn.run(one ? 'SET threads = 1' : 'RESET threads');
    oneThread = one;
  };
  return {
    async write(t) {
      sizeAllowed(undefined, t.name);
      await settle();
      await threads(false);
      await appendArrowTable(duck, conn, tmp, t, tableLayout(t.columns.map((c) => c.name), t.table.numRows));
    },
    async writeCsv(t) {
      sizeAllowed(undefined, t.name);
      // the rows are written (JavaScript) while DuckDB still inserts the previous table's
      const file = `${tmp}.${csvSerial++}`;
      const out = new CsvSink(file, t.onBytes);
      try {
        t.fill(out);
      } catch (e) {
        out.close();
        rmSync(file, { force: true });
        throw e;
      }
      out.close();
      await settle();
      await threads(true);
      pending = (await startCsvInsert(duck, conn, file, t, tableLayout(t.columns.map((c) => c.name), t.rows))).done;
      pending.catch(() => {}); // reported by the next settle()
    },
    async writeChunks(t) {
      sizeAllowed(undefined, t.name);
      await settle();
      await threads(false);
      await appendChunkedTable(duck, conn, tmp, t, tableLayout(t.columns.map((c) => c.name), t.rows));
    },
    async derive(name, select, dopts = {}) {
      await settle();
      await threads(false);
      const parts = typeof select === 'string' ? [select] : select;
      if (!parts.length) throw new Error(`${name}: nothing to derive it from`);
      // the row group size is the attached database's: attach again with it
      sizeAllowed(dopts.rowGroupSize, name);
      if (dopts.rowGroupSize !== rowGroup) {
        await detach();
        await attach(dopts.rowGroupSize);
        rowGroup = dopts.rowGroupSize;
      }
      await conn.run(`CREATE TABLE ${quoteIdent(name)} AS ${parts[0]}`);
      for (const part of parts.slice(1)) await conn.run(`INSERT INTO ${quoteIdent(name)} ${part}`);
      const got = await conn.runAndReadAll(`SELECT count(*)::BIGINT AS n FROM ${quoteIdent(name)}`);
      return Number(got.getRows()[0][0]);
    },
    async exec(sql) {
      await settle();
      await threads(false);
      await conn.run(sql);
    },
    async query(sql) {
      await settle();
      await threads(false);
      return (await conn.runAndReadAll(sql)).getRows() as unknown[][];
    },
    async close() {
      try {
        await settle();
        await detach();
      } finally {
        conn.closeSync();
        inst.closeSync();
        rmSync(tmp, { force: true });
        rmSync(`${file}.tmp`, { recursive: true, force: true });
      }
    },
  };
}

/**
 * Creates table `name` on `conn` and fills it with the Arrow table's rows (through the CSV file
 * `tmp`, removed afterwards), in the Arrow table's order or, with a `layout`, in the layout's order
 * (db-layout.ts). Checks the row count.
 */
export async function appendArrowTable(duck: NodeApi, conn: Conn, tmp: string, { name, columns, table }: TableToWrite, layout: TableLayout | null = null): Promise<void> {
  const names = table.schema.fields.map((f) => f.name);
  if (names.join('\u0000') !== columns.map((c) => c.name).join('\u0000')) {
    throw new Error(`${name}: Arrow columns do not match the declared columns`);
  }
  const stored = storageNames(columns.map((c) => c.name));
  await conn.run(`CREATE TABLE ${quoteIdent(name)} (${stored.map((n, i) => `${quoteIdent(n)} ${columns[i].duckType}`).join(', ')})`);
  const types = (await conn.runAndReadAll(`SELECT * FROM ${quoteIdent(name)} LIMIT 0`)).columnTypes();
  const kinds = types.map((t) => kindOf(duck, t));
  const cluster = layout ? columns.findIndex((c) => c.name === layout.clusterBy) : -1;
  if (layout && cluster < 0) throw new Error(`${name}: no column ${layout.clusterBy} to lay the rows out by`);
  const out = new CsvSink(tmp);
  try {
    // with a layout, each line ends with the row's position (the layout's tie-break)
    let seq = 0;
    for (const batch of table.batches) {
      const cells = batch.data.children.map((d, i) => cellWriter(duck, d, types[i], kinds[i], out));
      for (let r = 0; r < batch.numRows; r++) {
        cells[0](r);
        for (let c = 1; c < cells.length; c++) {
          out.byte(0x2c);
          cells[c](r);
        }
        if (layout) out.ascii(`,${seq}`);
        seq++;
        out.byte(0x0a);
      }
    }
  } finally {
    out.close();
  }
  try {
    if (table.numRows > 0) {
      const csvCols = kinds.map((k, i) => csvColumn(k, i, types[i]));
      if (layout) csvCols.push(`${quoteString('hb_seq')}: 'BIGINT'`);
      const exprs = kinds.map((k, i) => storedValue(k, i, columns[i].duckType));
      const order = layout ? ` ${layoutOrderBy(`c${cluster}`, 'hb_seq')}` : '';
      await conn.run(
        `INSERT INTO ${quoteIdent(name)} SELECT ${exprs.join(', ')} FROM read_csv(${quoteString(tmp)}, ${CSV_OPTS}, columns = {${csvCols.join(', ')}})${order}`,
      );
    }
  } finally {
    rmSync(tmp, { force: true });
  }
  const got = await conn.runAndReadAll(`SELECT count(*)::BIGINT AS n FROM ${quoteIdent(name)}`);
  const n = Number(got.getRows()[0][0]);
  if (n !== table.numRows) throw new Error(`${name}: wrote ${n} rows, expected ${table.numRows}`);
}

const CSV_OPTS = "header = false, new_line = '\\n', auto_detect = false, delim = ',', quote = '\"', escape = '\"', nullstr = '\\N', allow_quoted_nulls = false";

/** Creates table `name` and its column kinds (from DuckDB's own reading of the declared types). */
async function createTable(duck: NodeApi, conn: Conn, name: string, columns: { name: string; duckType: string }[]): Promise<{ types: DuckType[]; kinds: Kind[] }> {
  const stored = storageNames(columns.map((c) => c.name));
  await conn.run(`CREATE TABLE ${quoteIdent(name)} (${stored.map((n, i) => `${quoteIdent(n)} ${columns[i].duckType}`).join(', ')})`);
  const types = (await conn.runAndReadAll(`SELECT * FROM ${quoteIdent(name)} LIMIT 0`)).columnTypes();
  return { types, kinds: types.map((ty) => kindOf(duck, ty)) };
}

async function checkCount(conn: Conn, name: string, rows: number): Promise<void> {
  const got = await conn.runAndReadAll(`SELECT count(*)::BIGINT AS n FROM ${quoteIdent(name)}`);
  const n = Number(got.getRows()[0][0]);
  if (n !== rows) throw new Error(`${name}: wrote ${n} rows, expected ${rows}`);
}

/**
 * Creates table `name` and starts filling it from the CSV lines in `file` (removed afterwards):
 * in their order, or with a `layout` in the layout's order (the line's position as the tie-break).
 * Resolves once DuckDB runs the insert, to the insert's completion (`done`, which checks the row count).
 */
async function startCsvInsert(duck: NodeApi, conn: Conn, file: string, t: CsvTable, layout: TableLayout | null): Promise<{ done: Promise<void> }> {
  const { name, columns } = t;
  const cluster = layout ? columns.findIndex((c) => c.name === layout.clusterBy) : -1;
  let sql = '';
  try {
    if (layout && cluster < 0) throw new Error(`${name}: no column ${layout.clusterBy} to lay the rows out by`);
    const { types, kinds } = await createTable(duck, conn, name, columns);
    const csvCols = [`'hb_seq': 'BIGINT'`, ...kinds.map((k, i) => csvColumn(k, i, types[i]))];
    const exprs = kinds.map((k, i) => storedValue(k, i, columns[i].duckType));
    const order = layout ? ` ${layoutOrderBy(`c${cluster}`, 'hb_seq')}` : '';
    if (t.rows > 0) sql = `INSERT INTO ${quoteIdent(name)} SELECT ${exprs.join(', ')} FROM read_csv(${quoteString(file)}, ${CSV_OPTS}, columns = {${csvCols.join(', ')}})${order}`;
  } catch (e) {
    rmSync(file, { force: true });
    throw e;
  }
  // an async function runs up to its first await at once: the insert is under way when this returns
  const run = async () => {
    try {
      if (sql) await conn.run(sql);
    } finally {
      rmSync(file, { force: true });
    }
    await checkCount(conn, name, t.rows);
  };
  return { done: run() };
}

/**
 * Creates table `name` and fills it from CSV chunks in ordered INSERTs (DuckDB sorts, out of core
 * if need be): in time order, or in the `layout`'s order with time order within a device. A table
 * of one part is inserted straight from the chunks; a bigger one is staged first (see orderedParts).
 */
async function appendChunkedTable(duck: NodeApi, conn: Conn, tmp: string, t: ChunkedTable, layout: TableLayout | null): Promise<void> {
  const { name, columns } = t;
  const { types, kinds } = await createTable(duck, conn, name, columns);
  const at = (col: string) => {
    const i = columns.findIndex((c) => c.name === col);
    if (i < 0) throw new Error(`${name}: no column ${col}`);
    return `c${i}`;
  };
  const csvCols = [`'hb_seq': 'BIGINT'`, ...kinds.map((k, i) => csvColumn(k, i, types[i]))];
  const src = `read_csv([${t.files.map(quoteString).join(', ')}], ${CSV_OPTS}, columns = {${csvCols.join(', ')}})`;
  const order = t.sortCol ? `${at(t.sortCol)} NULLS FIRST, hb_seq` : 'hb_seq';
  const rep = t.numbering ? at(t.numbering.reportCol) : null;
  const exprs = kinds.map((k, i) => (`c${i}` === rep ? 'hb_rep' : storedValue(k, i, columns[i].duckType)));
  const staged = !singlePart(t, layout);
  const stageFile = `${tmp}.stage.duckdb`;
  try {
    if (t.numbering) {
      const out = new CsvSink(tmp);
      try {
        for (const [d, b] of t.numbering.bases) {
          const bytes = encoder.encode(d);
          out.quoted(bytes, 0, bytes.length);
          out.ascii(`,${b}\n`);
        }
      } finally {
        out.close();
      }
      await conn.run(`CREATE OR REPLACE TEMP TABLE hb_bases AS SELECT * FROM read_csv(${quoteString(tmp)}, ${CSV_OPTS}, columns = {'d': 'VARCHAR', 'b': 'BIGINT'})`);
      rmSync(tmp, { force: true });
    }
    let parts = ['TRUE'];
    let rowsOf = src;
    if (staged) {
      // 1. the chunks as they are, in a staging database beside the file (compressed; DuckDB evicts its blocks as needed)
      for (const f of [stageFile, `${stageFile}.wal`]) rmSync(f, { force: true });
      await conn.run(`ATTACH ${quoteString(stageFile)} AS hb_stage`);
      await conn.run(`CREATE TABLE hb_stage.s AS SELECT * FROM ${src}`);
      for (const f of t.files) rmSync(f, { force: true });
      // 2. ordered inserts of parts that follow each other in the table's order, so no sort holds the whole table
      parts = await orderedParts(conn, t, layout, at);
      rowsOf = 'hb_stage.s';
    }
    // the layout's order (db-layout.ts) with the table's time order as the position within a device
    const rows = layout ? layoutOrderBy(at(layout.clusterBy), order) : `ORDER BY ${order}`;
    for (const where of parts) {
      const part = `(SELECT * FROM ${rowsOf} WHERE ${where})`;
      const from = t.numbering
        ? `(SELECT s.*, b.b + row_number() OVER (PARTITION BY s.${at(t.numbering.deviceCol)} ORDER BY ${order}) AS hb_rep FROM ${part} s JOIN temp.hb_bases b ON b.d = s.${at(t.numbering.deviceCol)})`
        : part;
      await conn.run(`INSERT INTO ${quoteIdent(name)} SELECT ${exprs.join(', ')} FROM ${from} ${rows}`);
    }
  } finally {
    for (const f of t.files) rmSync(f, { force: true });
    if (t.numbering) await conn.run('DROP TABLE IF EXISTS temp.hb_bases');
    if (staged) {
      await conn.run('DETACH DATABASE IF EXISTS hb_stage');
      for (const f of [stageFile, `${stageFile}.wal`]) rmSync(f, { force: true });
    }
  }
  await checkCount(conn, name, t.rows);
}

/** Whether a chunked table is inserted in one ordered INSERT (no staging; see orderedParts). */
function singlePart(t: ChunkedTable, layout: TableLayout | null): boolean {
  // numbering windows over whole devices: without the device layout (tables of at most ROW_GROUP_ROWS rows) in one part
  return t.rows <= (t.partRows ?? PART_ROWS) || (!!t.numbering && !layout);
}

/** Rows per ordered insert of a chunked table (each insert sorts this many rows at most, about). */
const PART_ROWS = 400_000;

/**
 * WHERE clauses over the staged rows (`hb_stage.s`) whose ordered inserts, one after the other, give
 * the table's order: ranges of the layout's device column (a device never straddles two), or of
 * the time column (unset/null first), or of the insertion number.
 */
async function orderedParts(conn: Conn, t: ChunkedTable, layout: TableLayout | null, at: (col: string) => string): Promise<string[]> {
  const partRows = t.partRows ?? PART_ROWS;
  if (singlePart(t, layout)) return ['TRUE'];
  const k = Math.ceil(t.rows / partRows);
  if (layout) {
    const col = at(layout.clusterBy);
    const groups = (await conn.runAndReadAll(`SELECT ${col}, count(*)::BIGINT FROM hb_stage.s WHERE ${col} IS NOT NULL GROUP BY ALL ORDER BY ${col}`)).getRows();
    const cuts: string[] = [];
    let acc = 0;
    for (const [d, n] of groups) {
      if (acc >= partRows) {
        cuts.push(String(d));
        acc = 0;
      }
      acc += Number(n);
    }
    const parts = cuts.length ? [`${col} < ${quoteString(cuts[0])}`] : [`${col} IS NOT NULL`];
    for (let i = 0; i < cuts.length; i++) parts.push(`${col} >= ${quoteString(cuts[i])}${i + 1 < cuts.length ? ` AND ${col} < ${quoteString(cuts[i + 1])}` : ''}`);
    parts.push(`${col} IS NULL`); // nulls last
    return parts;
  }
  const col = t.sortCol ? at(t.sortCol) : 'hb_seq';
  const qs = Array.from({ length: k - 1 }, (_, i) => ((i + 1) / k).toFixed(6));
  const got = (await conn.runAndReadAll(`SELECT quantile_disc(${col}, [${qs.join(', ')}])::BIGINT[] FROM hb_stage.s`)).getRows()[0][0] as { items: unknown[] } | null;
  const cuts = [...new Set((got?.items ?? []).filter((x) => x !== null).map((x) => BigInt(x as bigint)))].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const parts = [`${col} IS NULL`]; // nulls first
  if (!cuts.length) return [...parts, `${col} IS NOT NULL`];
  parts.push(`${col} < ${cuts[0]}`);
  for (let i = 0; i < cuts.length; i++) parts.push(`${col} >= ${cuts[i]}${i + 1 < cuts.length ? ` AND ${col} < ${cuts[i + 1]}` : ''}`);
  return parts;
}

type DuckType = import('@duckdb/node-api').DuckDBType;
type Kind = 'string' | 'number' | 'bigint' | 'bool' | 'timestamp' | 'json';

/** The CSV column `c<i>` as read_csv declares it: nested values as JSON text, timestamps as microseconds. */
function csvColumn(k: Kind, i: number, t: DuckType): string {
  return `${quoteString(`c${i}`)}: ${quoteString(k === 'json' ? 'VARCHAR' : k === 'timestamp' ? 'BIGINT' : t.toString())}`;
}

/** The stored value of CSV column `c<i>` (the inverse of csvColumn's encoding). */
function storedValue(k: Kind, i: number, duckType: string): string {
  return k === 'json' ? `CAST(CAST(c${i} AS JSON) AS ${duckType})` : k === 'timestamp' ? `make_timestamp(c${i})` : `c${i}`;
}
/** A JS value of row `i` for JSON (nested values). */
type Reader = (i: number) => unknown;

function kindOf(duck: NodeApi, t: DuckType): Kind {
  const T = duck.DuckDBTypeId;
  switch (t.typeId) {
    case T.VARCHAR:
      return 'string';
    case T.BIGINT:
      return 'bigint';
    case T.INTEGER:
    case T.DOUBLE:
      return 'number';
    case T.BOOLEAN:
      return 'bool';
    case T.TIMESTAMP:
      return 'timestamp';
    case T.LIST:
    case T.STRUCT:
      return 'json';
    default:
      throw new Error(`cannot write a DuckDB ${t.toString()} column`);
  }
}

const decoder = new TextDecoder();

function utf8At(d: Data, i: number): string {
  const o = d.valueOffsets as Int32Array;
  return decoder.decode((d.values as Uint8Array).subarray(o[d.offset + i], o[d.offset + i + 1]));
}

/** Buffered bytes of a CSV file. Strings are copied as UTF-8 bytes, never decoded. `onBytes` sees every byte written (e.g. a hash). */
export class CsvSink {
  private buf = new Uint8Array(1 << 22);
  private pos = 0;
  private readonly fd: number;
  constructor(
    file: string,
    private readonly onBytes?: (b: Uint8Array) => void,
  ) {
    this.fd = openSync(file, 'w');
  }
  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    this.flush();
    if (n > this.buf.length) this.buf = new Uint8Array(n * 2);
  }
  private flush(): void {
    if (this.pos) this.onBytes?.(this.buf.subarray(0, this.pos));
    if (this.pos) writeSync(this.fd, this.buf, 0, this.pos);
    this.pos = 0;
  }
  byte(b: number): void {
    this.room(1);
    this.buf[this.pos++] = b;
  }
  /** Plain ASCII text (numbers, NULL). */
  ascii(s: string): void {
    this.room(s.length);
    for (let k = 0; k < s.length; k++) this.buf[this.pos++] = s.charCodeAt(k);
  }
  /** A safe integer as decimal digits (what `String(x)` gives). */
  int(x: number): void {
    this.room(17);
    const buf = this.buf;
    let p = this.pos;
    if (x < 0) {
      buf[p++] = 0x2d;
      x = -x;
    }
    let digits = 1;
    for (let t = 10; t <= x && digits < 16; t *= 10) digits++;
    let end = p + digits;
    this.pos = end;
    if (x < 0x80000000) {
      for (let y = x | 0; end > p; y = (y / 10) | 0) buf[--end] = 0x30 + (y % 10);
    } else {
      // exact: x - x % 10 is a multiple of 10 below 2^53
      for (let y = x; end > p; ) {
        const d = y % 10;
        buf[--end] = 0x30 + d;
        y = (y - d) / 10;
      }
    }
  }
  /** Bytes as they are. */
  raw(bytes: Uint8Array): void {
    const n = bytes.length;
    this.room(n);
    if (n > 32) this.buf.set(bytes, this.pos);
    else for (let k = 0; k < n; k++) this.buf[this.pos + k] = bytes[k];
    this.pos += n;
  }
  /** A string as one quoted CSV field (UTF-8, `"` doubled). */
  quotedText(s: string): void {
    const n = s.length;
    this.room(2 * n + 2);
    const buf = this.buf;
    let p = this.pos;
    buf[p++] = 0x22;
    for (let k = 0; k < n; k++) {
      const c = s.charCodeAt(k);
      if (c >= 0x80) {
        const bytes = encoder.encode(s);
        this.quoted(bytes, 0, bytes.length);
        return;
      }
      buf[p++] = c;
      if (c === 0x22) buf[p++] = 0x22;
    }
    buf[p++] = 0x22;
    this.pos = p;
  }
  /** UTF-8 bytes as one quoted CSV field (`"` doubled). */
  quoted(bytes: Uint8Array, a: number, b: number): void {
    this.room(2 * (b - a) + 2);
    const buf = this.buf;
    let p = this.pos;
    buf[p++] = 0x22;
    for (let k = a; k < b; k++) {
      const c = bytes[k];
      buf[p++] = c;
      if (c === 0x22) buf[p++] = 0x22;
    }
    buf[p++] = 0x22;
    this.pos = p;
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

const encoder = new TextEncoder();
const NULL = '\\N';

/** Non-finite doubles as DuckDB reads them. */
function numberText(x: number): string {
  if (Number.isFinite(x)) return String(x);
  return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
}

/** Microseconds → `2024-01-01T10:00:00.123456` (for timestamps inside JSON). */
function isoMicros(us: bigint): string {
  const ms = us / 1000n - (us < 0n && us % 1000n !== 0n ? 1n : 0n);
  const frac = ((us % 1_000_000n) + 1_000_000n) % 1_000_000n;
  return `${new Date(Number(ms)).toISOString().slice(0, 19)}.${frac.toString().padStart(6, '0')}`;
}

/** Writes row `i` of one Arrow column as a CSV field into `out`. */
function cellWriter(duck: NodeApi, d: Data, t: DuckType, kind: Kind, out: CsvSink): (i: number) => void {
  const valid = (i: number) => d.getValid(i);
  if (kind === 'json') {
    const read = valueReader(duck, d, t);
    return (i) => {
      const v = read(i);
      if (v === null) return out.ascii(NULL);
      const bytes = encoder.encode(JSON.stringify(v));
      out.quoted(bytes, 0, bytes.length);
    };
  }
  if (kind === 'string' && d.type.typeId === Type.Dictionary) {
    // each dictionary entry is encoded once
    const entries: { bytes: Uint8Array; a: number; b: number; ok: boolean }[] = [];
    for (const c of d.dictionary!.data) {
      const o = c.valueOffsets as Int32Array;
      for (let k = 0; k < c.length; k++) entries.push({ bytes: c.values as Uint8Array, a: o[c.offset + k], b: o[c.offset + k + 1], ok: c.getValid(k) });
    }
    const idx = d.values as Int32Array;
    return (i) => {
      const e = valid(i) ? entries[idx[d.offset + i]] : undefined;
      if (!e?.ok) return out.ascii(NULL);
      out.quoted(e.bytes, e.a, e.b);
    };
  }
  if (kind === 'string') {
    const o = d.valueOffsets as Int32Array;
    const bytes = d.values as Uint8Array;
    return (i) => {
      if (!valid(i)) return out.ascii(NULL);
      out.quoted(bytes, o[d.offset + i], o[d.offset + i + 1]);
    };
  }
  const read = valueReader(duck, d, t, true);
  if (kind === 'number') {
    return (i) => {
      const v = read(i) as number | null;
      out.ascii(v === null ? NULL : numberText(v));
    };
  }
  return (i) => {
    const v = read(i);
    out.ascii(v === null ? NULL : String(v));
  };
}

/**
 * Row `i` of one Arrow column as a JS value: strings, numbers, bigints, booleans, arrays and
 * objects; timestamps as bigint microseconds at the top level (`top`), ISO text inside JSON.
 */
function valueReader(duck: NodeApi, d: Data, t: DuckType, top = false): Reader {
  const valid = (i: number) => d.getValid(i);
  const T = duck.DuckDBTypeId;
  if (d.type.typeId === Type.Dictionary) {
    const dict = d.dictionary!;
    const strings: (string | null)[] = [];
    for (const c of dict.data) for (let k = 0; k < c.length; k++) strings.push(c.getValid(k) ? utf8At(c, k) : null);
    const idx = d.values as Int32Array;
    return (i) => (valid(i) ? strings[idx[d.offset + i]] : null);
  }
  switch (t.typeId) {
    case T.VARCHAR:
      return (i) => (valid(i) ? utf8At(d, i) : null);
    case T.BIGINT: {
      const v = d.values as BigInt64Array;
      return (i) => (valid(i) ? (top ? v[d.offset + i] : String(v[d.offset + i])) : null);
    }
    case T.TIMESTAMP: {
      const v = d.values as BigInt64Array;
      return (i) => (valid(i) ? (top ? v[d.offset + i] : isoMicros(v[d.offset + i])) : null);
    }
    case T.INTEGER:
    case T.DOUBLE: {
      const v = d.values as Int32Array | Float64Array;
      return (i) => (valid(i) ? v[d.offset + i] : null);
    }
    case T.BOOLEAN: {
      const v = d.values as Uint8Array;
      return (i) => {
        if (!valid(i)) return null;
        const k = d.offset + i;
        return (v[k >> 3] & (1 << (k & 7))) !== 0;
      };
    }
    case T.LIST: {
      const child = valueReader(duck, d.children[0], (t as import('@duckdb/node-api').DuckDBListType).valueType);
      const o = d.valueOffsets as Int32Array;
      return (i) => {
        if (!valid(i)) return null;
        const items: unknown[] = [];
        for (let k = o[d.offset + i]; k < o[d.offset + i + 1]; k++) items.push(child(k));
        return items;
      };
    }
    case T.STRUCT: {
      const st = t as import('@duckdb/node-api').DuckDBStructType;
      const fields = (d.type as unknown as { children: { name: string }[] }).children.map((f) => f.name);
      if (fields.join('\u0000') !== st.entryNames.join('\u0000')) throw new Error(`struct fields ${fields.join(',')} do not match ${st.entryNames.join(',')}`);
      const kids = st.entryTypes.map((et, k) => valueReader(duck, d.children[k], et));
      return (i) => {
        if (!valid(i)) return null;
        const entries: Record<string, unknown> = {};
        for (let k = 0; k < kids.length; k++) entries[fields[k]] = kids[k](d.offset + i);
        return entries;
      };
    }
    default:
      throw new Error(`cannot write Arrow ${String(d.type)} into a DuckDB ${t.toString()} column`);
  }
}
