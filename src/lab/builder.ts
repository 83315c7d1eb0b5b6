/**
 * Columnar row sinks per table. `add(row, actor)` scatters a row's own fields straight into
 * per-column typed storage (strings as indices into a per-column dictionary, numbers in a
 * Float64Array with a state byte) and records which actor (the shared InitiatingProcess* object
 * of the process that caused it) the row belongs to. Actor fields are stored once per actor and
 * gathered per row only when the Arrow table is built. No per-row objects survive `add`, so memory
 * is a few bytes per cell and the garbage collector has nothing old to trace.
 *
 * Semantics (unchanged from the row-object version): a row's own value wins unless it is
 * `undefined`; then the actor's value; then the column type's default ('' for strings, false for
 * bool, null otherwise). `null` is a value: it does not fall through to the actor.
 */
import { Field, makeData, RecordBatch, Schema, Struct, Table, type Vector } from 'apache-arrow';
import { boolVector, buildVector, dictionaryVector, float64Vector, int32Vector, int64Vector, rawUtf8Vector } from './arrow.ts';
import type { Shape } from './arrow.ts';
import type { ColumnDef, TableDef } from './schema.ts';

export type Row = Record<string, unknown>;

/** Where `writeCsv` puts its bytes. */
export interface CsvOut {
  byte(b: number): void;
  /** ASCII text as is. */
  ascii(s: string): void;
  /** UTF-8 bytes `a..b` as one quoted CSV field. */
  quoted(bytes: Uint8Array, a: number, b: number): void;
  /** A safe integer (Number.isSafeInteger) as decimal digits, as `String(x)` gives them. */
  int(x: number): void;
  /** Bytes that already form a CSV field (see quotedField), as they are. */
  raw(bytes: Uint8Array): void;
  /** A string as one quoted CSV field (UTF-8). */
  quotedText(s: string): void;
}

/** The UTF-8 bytes of `s` as one quoted CSV field (`"` doubled), for CsvOut.raw. */
export function quotedField(s: string): Uint8Array {
  const b = ENC.encode(s);
  let q = 0;
  for (let k = 0; k < b.length; k++) if (b[k] === 0x22) q++;
  const out = new Uint8Array(b.length + q + 2);
  let p = 0;
  out[p++] = 0x22;
  for (let k = 0; k < b.length; k++) {
    out[p++] = b[k];
    if (b[k] === 0x22) out[p++] = 0x22;
  }
  out[p] = 0x22;
  return out;
}

const CSV_EMPTY = new Uint8Array([0x22, 0x22]);
const CSV_NULL_BYTES = new Uint8Array([0x5c, 0x4e]);
const CSV_TRUE = asciiBytes('true');
const CSV_FALSE = asciiBytes('false');

function asciiBytes(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

/** Non-finite doubles as DuckDB reads them. */
function numberText(x: number): string {
  if (Number.isFinite(x)) return String(x);
  return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
}

/** A double truncated to a 64-bit integer, as int64Vector stores it. */
function longText(x: number): string {
  const t = Math.trunc(x);
  if (!Number.isFinite(t)) return '0';
  return Math.abs(t) < 2 ** 53 ? String(t) : BigInt.asIntN(64, BigInt(t)).toString();
}

/** A dynamic value as the DuckDB writer renders the Arrow value of that shape in JSON (see arrow.ts nestedWriter). */
function jsonOf(v: unknown, s: Shape): unknown {
  if (v === null || v === undefined) return null;
  if (typeof s === 'string') {
    switch (s) {
      case 'string':
        return String(v);
      case 'long':
        return typeof v === 'bigint' ? String(v) : longText(Number(v));
      case 'int':
        return Number(v) | 0;
      case 'real':
        return Number(v);
      case 'bool':
        return !!v;
      case 'datetime': {
        const ms = Math.floor(Number(v) / 1000);
        return `${new Date(ms).toISOString().slice(0, 19)}.${String(((ms % 1000) + 1000) % 1000).padStart(3, '0')}000`;
      }
    }
  }
  if ('list' in s) {
    const xs = v as unknown[];
    const out: unknown[] = [];
    for (let i = 0; i < xs.length; i++) out.push(jsonOf(xs[i], s.list));
    return out;
  }
  const o = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, ks] of s.struct) out[k] = jsonOf(o[k], ks);
  return out;
}

/** The InitiatingProcess* fields of a process, with a small global serial so sinks index their copies without hashing. */
export interface Actor {
  readonly id: number;
  readonly fields: Row;
}

let actorSerial = 0;
export function newActor(fields: Row): Actor {
  return { id: actorSerial++, fields };
}

/** String cells: an index into the column dictionary, or one of these. */
const UNSET = -1;
const NULL = -2;
/** Numeric cells: a state byte next to the value. */
const S_UNSET = 0;
const S_NULL = 1;
const S_VAL = 2;

const Kind = { Str: 0, Num: 1, Bool: 2, Dyn: 3 } as const;
type Kind = (typeof Kind)[keyof typeof Kind];

function kindOf(c: ColumnDef): Kind {
  switch (c.type) {
    case 'string':
    case 'guid':
      return Kind.Str;
    case 'bool':
      return Kind.Bool;
    case 'dynamic':
      return Kind.Dyn;
    default:
      return Kind.Num;
  }
}

/** One cell store (per row or per actor), allocated on first write and grown by doubling. */
class Store {
  s: Int32Array | null = null; // strings
  v: Float64Array | null = null; // numbers / bools
  st: Uint8Array | null = null; // state of v
  d: unknown[] | null = null; // dynamic values

  alloc(kind: Kind, cap: number): void {
    if (kind === Kind.Str) this.s = new Int32Array(cap).fill(UNSET);
    else if (kind === Kind.Dyn) this.d = new Array(cap);
    else {
      this.v = new Float64Array(cap);
      this.st = new Uint8Array(cap);
    }
  }

  grow(cap: number): void {
    if (this.s) {
      const s = new Int32Array(cap).fill(UNSET);
      s.set(this.s);
      this.s = s;
    }
    if (this.v && this.st) {
      const v = new Float64Array(cap);
      v.set(this.v);
      this.v = v;
      const st = new Uint8Array(cap);
      st.set(this.st);
      this.st = st;
    }
    if (this.d) this.d.length = cap;
  }

  get allocated(): boolean {
    return this.s !== null || this.v !== null || this.d !== null;
  }
}

/**
 * A string column switches from a dictionary to raw UTF-8 bytes once it holds RAW_AFTER distinct
 * values, or RAW_MOSTLY_UNIQUE distinct values that are more than half of all values written so
 * far. The default lab stays far below both (its largest dictionary is ~5k), so its files keep
 * their dictionary encoding byte for byte.
 */
export const RAW_AFTER = 65536;
export const RAW_MOSTLY_UNIQUE = 16384;

const ENC = new TextEncoder();
const DEC = new TextDecoder();

/**
 * Raw string storage: every written value is appended as UTF-8 to one growing byte buffer (no
 * deduplication), entry k spanning `starts[k]..starts[k+1]`. Mostly-unique columns (process keys,
 * command lines, hashes) cost a few bytes per row here instead of a live JS string and a Map
 * entry each, which is what made large labs slow (garbage collection over millions of strings).
 */
class RawPool {
  bytes = new Uint8Array(1 << 20);
  starts = new Int32Array(1 << 16);
  count = 0;

  add(s: string): number {
    const k = this.count;
    if (k + 2 > this.starts.length) {
      const st = new Int32Array(this.starts.length * 2);
      st.set(this.starts);
      this.starts = st;
    }
    let pos = this.starts[k];
    const need = pos + s.length * 3;
    if (need > this.bytes.length) {
      let cap = this.bytes.length * 2;
      while (cap < need) cap *= 2;
      const b = new Uint8Array(cap);
      b.set(this.bytes.subarray(0, pos));
      this.bytes = b;
    }
    const b = this.bytes;
    const n = s.length;
    let i = 0;
    for (; i < n; i++) {
      const ch = s.charCodeAt(i);
      if (ch >= 0x80) break;
      b[pos++] = ch;
    }
    if (i < n) pos += ENC.encodeInto(s.slice(i), b.subarray(pos)).written;
    this.starts[k + 1] = pos;
    this.count = k + 1;
    return k;
  }

  get(k: number): string {
    return DEC.decode(this.bytes.subarray(this.starts[k], this.starts[k + 1]));
  }
}

class Col {
  readonly kind: Kind;
  /** Dictionary mode: distinct values in order of first use. Emptied when the column turns raw. */
  dict: string[] = [];
  private ids: Map<string, number> | null = new Map<string, number>();
  /** Raw mode (see RawPool): set once the dictionary reaches RAW_AFTER values; ids stay valid. */
  raw: RawPool | null = null;
  readonly rows = new Store();
  readonly actors = new Store();

  constructor(readonly def: ColumnDef) {
    this.kind = kindOf(def);
  }

  /** Values written so far (rows and actors). */
  private written = 0;

  intern(s: string): number {
    if (this.raw) return this.raw.add(s);
    this.written++;
    const ids = this.ids as Map<string, number>;
    let k = ids.get(s);
    if (k === undefined) {
      k = this.dict.length;
      if (k >= RAW_AFTER || (k >= RAW_MOSTLY_UNIQUE && 2 * k > this.written)) {
        this.toRaw();
        return (this.raw as unknown as RawPool).add(s);
      }
      ids.set(s, k);
      this.dict.push(s);
    }
    return k;
  }

  private toRaw(): void {
    const pool = new RawPool();
    for (const s of this.dict) pool.add(s);
    this.raw = pool;
    this.dict = [];
    this.ids = null;
  }

  /** The string with id x (≥ 0). */
  str(x: number): string {
    return this.raw ? this.raw.get(x) : this.dict[x];
  }

  /** Drops all stored cells (after the column has been written out). */
  release(): void {
    this.rows.s = this.actors.s = null;
    this.rows.v = this.actors.v = null;
    this.rows.st = this.actors.st = null;
    this.rows.d = this.actors.d = null;
    this.dict = [];
    this.ids = null;
    this.raw = null;
  }

  /** Number of ids handed out. */
  get size(): number {
    return this.raw ? this.raw.count : this.dict.length;
  }

  /** Clears a cell (a later `undefined` in a spread-like overlay). */
  unset(store: Store, i: number): void {
    if (store.s) store.s[i] = UNSET;
    else if (store.st) store.st[i] = S_UNSET;
    else if (store.d) store.d[i] = undefined;
  }

  /** Writes a defined value (not undefined) into `store` at i. */
  put(store: Store, i: number, v: unknown, cap: number): void {
    if (!store.allocated) store.alloc(this.kind, cap);
    switch (this.kind) {
      case Kind.Str:
        (store.s as Int32Array)[i] = v === null ? NULL : this.intern(typeof v === 'string' ? v : String(v));
        return;
      case Kind.Num:
        if (v === null) (store.st as Uint8Array)[i] = S_NULL;
        else {
          (store.v as Float64Array)[i] = typeof v === 'number' ? v : Number(v);
          (store.st as Uint8Array)[i] = S_VAL;
        }
        return;
      case Kind.Bool:
        if (v === null) (store.st as Uint8Array)[i] = S_NULL;
        else {
          (store.v as Float64Array)[i] = v ? 1 : 0;
          (store.st as Uint8Array)[i] = S_VAL;
        }
        return;
      case Kind.Dyn:
        (store.d as unknown[])[i] = v;
        return;
    }
  }

  /** The stored value (undefined when unset). */
  read(store: Store, i: number): unknown {
    switch (this.kind) {
      case Kind.Str: {
        if (!store.s) return undefined;
        const x = store.s[i];
        return x === UNSET ? undefined : x === NULL ? null : this.str(x);
      }
      case Kind.Num:
      case Kind.Bool: {
        if (!store.st) return undefined;
        const st = store.st[i];
        if (st === S_UNSET) return undefined;
        if (st === S_NULL) return null;
        const v = (store.v as Float64Array)[i];
        return this.kind === Kind.Bool ? v !== 0 : v;
      }
      case Kind.Dyn:
        return store.d ? store.d[i] : undefined;
    }
  }
}

/**
 * Stable argsort of doubles (ties keep index order; -Infinity first): an LSD radix sort over the
 * order-preserving 64-bit image of each double, four 16-bit passes. Same order as
 * `idx.sort((x, y) => k[x] - k[y] || x - y)` for the keys used here (no NaN, no -0), in linear time.
 */
export function stableArgsort(k: Float64Array): Uint32Array {
  const n = k.length;
  const words = new Uint32Array(k.buffer, k.byteOffset, n * 2); // little-endian: [lo, hi] per key
  const lo = new Uint32Array(n);
  const hi = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const h = words[2 * i + 1];
    if (h & 0x80000000) {
      hi[i] = ~h >>> 0;
      lo[i] = ~words[2 * i] >>> 0;
    } else {
      hi[i] = (h | 0x80000000) >>> 0;
      lo[i] = words[2 * i];
    }
  }
  let idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  let tmp = new Uint32Array(n);
  const count = new Uint32Array(65536);
  for (const [w, shift] of [
    [lo, 0],
    [lo, 16],
    [hi, 0],
    [hi, 16],
  ] as const) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[(w[i] >>> shift) & 0xffff]++;
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = count[d];
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const x = idx[i];
      tmp[count[(w[x] >>> shift) & 0xffff]++] = x;
    }
    [idx, tmp] = [tmp, idx];
  }
  return idx;
}

/**
 * A sink that spills: once it holds `chunkRows` rows it hands them to `onChunk` (which writes them
 * out, e.g. with `writeCsv`) and starts empty again, so a big table never sits in memory whole.
 * It keeps the value counts of `countCols` over everything it handed out. Rows that were handed
 * out cannot be read back (`get`, `rows`, `column` throw); sorting and per-device numbering are
 * recorded (`spilled`) for whoever assembles the chunks.
 */
export interface SpillOptions {
  chunkRows: number;
  onChunk(sink: TableSink): void;
  /** String columns whose value counts are kept (ActionType for the catalog, DeviceId for ReportId numbering). */
  countCols?: string[];
}

/** What a spilled sink knows about the rows it handed out. */
export interface Spilled {
  chunks: number;
  rows: number;
  counts: Map<string, Map<string, number>>;
  /** The time column the table is to be ordered by (then by insertion order; unset/null first). */
  sortCol?: string;
  /** ReportId numbering per device: the counter each device starts from in this table. */
  numbering?: { deviceCol: string; reportCol: string; bases: Map<string, number> };
}

/** Keys of unset and null cells in a spilled sink's value counts. */
const UNSET_KEY = '\u0000unset';
const NULL_KEY = '\u0000null';

export class TableSink {
  private n = 0;
  private cap = 0;
  private acap = 0;
  private nActors = 0;
  private actorIdx = new Int32Array(0);
  /** Global actor serial → local actor index (a map: a dense array indexed by serial grows with the whole lab). */
  private actorLocal = new Map<number, number>();
  private cols: Col[] = [];
  private readonly byName = new Map<string, Col>();
  /** Sorted position → insertion index (null: insertion order). */
  private order: Uint32Array | null = null;
  /** Set once the sink has handed out its first chunk. */
  spilled: Spilled | null = null;

  constructor(
    readonly def: TableDef,
    private readonly spill?: SpillOptions,
  ) {
    this.resetColumns();
  }

  private resetColumns(): void {
    this.cols = this.def.columns.map((c) => new Col(c));
    this.byName.clear();
    for (const c of this.cols) this.byName.set(c.def.name, c);
  }

  /** Rows added so far (handed-out chunks included). */
  get length(): number {
    return this.n + (this.spilled?.rows ?? 0);
  }

  /** Rows held in memory now (the current chunk). */
  get held(): number {
    return this.n;
  }

  /** Hands the rows held to `onChunk` and drops them (no-op when empty or not spilling). */
  flush(): void {
    const sp = this.spill;
    if (!sp || this.n === 0) return;
    this.beforeFlush?.(this);
    if (this.order) throw new Error(`${this.def.name}: cannot spill sorted rows`);
    this.spilled ??= { chunks: 0, rows: 0, counts: new Map() };
    for (const name of sp.countCols ?? []) {
      let m = this.spilled.counts.get(name);
      if (!m) this.spilled.counts.set(name, (m = new Map()));
      this.countInto(name, m);
    }
    sp.onChunk(this);
    this.spilled.chunks++;
    this.spilled.rows += this.n;
    this.n = this.cap = this.acap = this.nActors = 0;
    this.actorIdx = new Int32Array(0);
    this.actorLocal.clear();
    this.resetColumns();
  }

  /**
   * Gives every row added the value of column `col` made from the row's ordinal in the table
   * (insertion order, spilled rows counted), whatever the row says: the Log Analytics `_ItemId`
   * of each record (generate.ts). Set before the first row.
   */
  numberRows(col: string, value: (ordinal: number) => string): void {
    if (this.length > 0) throw new Error(`${this.def.name}: numberRows after rows were added`);
    this.col(col);
    this.rowNumbers = { col, value };
  }

  private rowNumbers: { col: string; value: (ordinal: number) => string } | null = null;

  /** Called with the sink before it hands out a chunk (a reader that must see every row, e.g. usage.ts's meter). */
  beforeFlush: ((s: TableSink) => void) | null = null;

  /** Calls `fn` for each row held in memory, in insertion order; `get` reads a cell (row fields first, then the actor's). */
  scanHeld(fn: (get: (col: string) => unknown) => void): void {
    for (let i = 0; i < this.n; i++) fn((k) => this.cell(i, k));
  }

  private countInto(name: string, m: Map<string, number>): void {
    const c = this.col(name);
    const raw = this.rawStrings(c);
    for (let j = 0; j < this.n; j++) {
      const x = raw[j];
      const s = x >= 0 ? c.str(x) : x === NULL ? NULL_KEY : UNSET_KEY;
      m.set(s, (m.get(s) ?? 0) + 1);
    }
  }

  private readable(what: string): void {
    if (this.spilled) throw new Error(`${this.def.name}: ${what} after rows were spilled`);
  }

  private grow(): void {
    const cap = Math.max(64, this.cap * 2);
    const a = new Int32Array(cap);
    a.set(this.actorIdx);
    this.actorIdx = a;
    for (const c of this.cols) if (c.rows.allocated) c.rows.grow(cap);
    this.cap = cap;
  }

  private addActor(actor: Actor): number {
    const a = this.nActors++;
    if (a === this.acap) {
      this.acap = Math.max(64, this.acap * 2);
      for (const c of this.cols) if (c.actors.allocated) c.actors.grow(this.acap);
    }
    const f = actor.fields;
    for (const k in f) {
      const v = f[k];
      if (v === undefined) continue;
      const c = this.byName.get(k);
      if (c !== undefined) c.put(c.actors, a, v, this.acap);
    }
    this.actorLocal.set(actor.id, a);
    return a;
  }

  /**
   * Adds a row: its own fields, then `more` laid over them (like `{ ...row, ...more }`, where an
   * `undefined` in `more` unsets), then whatever neither sets comes from the actor.
   */
  add(row: Row, actor?: Actor, more?: Row): void {
    if (this.order) throw new Error(`${this.def.name}: add after sort`);
    if (this.n === this.cap) this.grow();
    const i = this.n++;
    let a = -1;
    if (actor) a = this.actorLocal.get(actor.id) ?? this.addActor(actor);
    this.actorIdx[i] = a;
    for (const k in row) {
      const v = row[k];
      if (v === undefined) continue;
      const c = this.byName.get(k);
      if (c !== undefined) c.put(c.rows, i, v, this.cap);
    }
    if (more) {
      for (const k in more) {
        const v = more[k];
        const c = this.byName.get(k);
        if (c === undefined) continue;
        if (v === undefined) c.unset(c.rows, i);
        else c.put(c.rows, i, v, this.cap);
      }
    }
    const rn = this.rowNumbers;
    if (rn) {
      const c = this.byName.get(rn.col)!;
      c.put(c.rows, i, rn.value((this.spilled?.rows ?? 0) + i), this.cap);
    }
    const w = this.watching;
    if (w && w.found === undefined && this.cell(i, w.col) === w.value) w.found = this.cell(i, w.take);
    if (this.keeps.length) this.copyKept(i);
    if (this.spill && this.n >= this.spill.chunkRows) this.flush();
  }

  private watching: { col: string; value: unknown; take: string; found: unknown } | null = null;
  private keeps: { name: string; cols: string[]; pred: (get: (col: string) => unknown) => boolean; into: TableSink }[] = [];

  /**
   * From now on, copies columns `cols` of every row added that satisfies `pred` into a small sink of
   * their own, `kept(name)`: a scan that derives other rows from this table's rows reads that copy,
   * which holds the same values in the same order and survives spilling. Register before the first row.
   */
  keep(name: string, cols: string[], pred: (get: (col: string) => unknown) => boolean): void {
    if (this.length > 0) throw new Error(`${this.def.name}: keep('${name}') after rows were added`);
    const def: TableDef = { ...this.def, columns: this.def.columns.filter((c) => cols.includes(c.name)) };
    if (def.columns.length !== cols.length) throw new Error(`${this.def.name}: keep('${name}') names an unknown column`);
    this.keeps.push({ name, cols, pred, into: new TableSink(def) });
  }

  /** The rows kept under `name` (see keep). */
  kept(name: string): TableSink {
    const k = this.keeps.find((x) => x.name === name);
    if (!k) throw new Error(`${this.def.name}: nothing kept as '${name}'`);
    return k.into;
  }

  private copyKept(i: number): void {
    const get = (col: string) => this.cell(i, col);
    for (const k of this.keeps) {
      if (!k.pred(get)) continue;
      const row: Row = {};
      for (const c of k.cols) row[c] = this.cell(i, c);
      k.into.add(row);
    }
  }

  /**
   * From now on, notes column `take` of the first row added whose `col` is `value` (and whose
   * `take` is set), so a caller can learn it after the rows were spilled. `found()` reads it and stops watching.
   */
  watch(col: string, value: unknown, take: string): { found(): unknown } {
    const w = { col, value, take, found: undefined as unknown };
    this.watching = w;
    return {
      found: () => {
        if (this.watching === w) this.watching = null;
        return w.found;
      },
    };
  }

  private col(name: string): Col {
    const c = this.byName.get(name);
    if (!c) throw new Error(`${this.def.name}: no column ${name}`);
    return c;
  }

  private phys(j: number): number {
    return this.order ? this.order[j] : j;
  }

  /** Value of column `k` in row j (current order; row fields first, then the actor's; undefined if neither). */
  get(j: number, k: string): unknown {
    if (this.spilled) this.readable('get');
    return this.cell(this.phys(j), k);
  }

  /** Value of column `k` in the row at insertion index i (row fields first, then the actor's). */
  private cell(i: number, k: string): unknown {
    const c = this.byName.get(k);
    if (!c) return undefined;
    const v = c.read(c.rows, i);
    if (v !== undefined) return v;
    const a = this.actorIdx[i];
    return a < 0 ? undefined : c.read(c.actors, a);
  }

  /** Materialised rows (own and actor fields, no defaults): for tests and small tables only. */
  get rows(): Row[] {
    this.readable('rows');
    const out: Row[] = [];
    for (let j = 0; j < this.n; j++) {
      const r: Row = {};
      for (const c of this.cols) {
        const v = this.get(j, c.def.name);
        if (v !== undefined) r[c.def.name] = v;
      }
      out.push(r);
    }
    return out;
  }

  /** Numeric values of a column per insertion index (null/unset → -Infinity). */
  private numericKeys(c: Col): Float64Array {
    const k = new Float64Array(this.n);
    const rv = c.rows.v;
    const rst = c.rows.st;
    const av = c.actors.v;
    const ast = c.actors.st;
    for (let i = 0; i < this.n; i++) {
      let st = rst ? rst[i] : S_UNSET;
      let v = st === S_VAL ? (rv as Float64Array)[i] : 0;
      if (st === S_UNSET) {
        const a = this.actorIdx[i];
        st = a >= 0 && ast ? ast[a] : S_UNSET;
        if (st === S_VAL) v = (av as Float64Array)[a];
      }
      k[i] = st === S_VAL ? v : -Infinity;
    }
    return k;
  }

  /** Stable sort of all rows by a time column (then by insertion order). */
  sortBy(name: string): void {
    const c = this.col(name);
    if (c.kind !== Kind.Num) throw new Error(`${this.def.name}: cannot sort by ${name}`);
    if (this.spilled) {
      this.spilled.sortCol = name;
      return;
    }
    const n = this.n;
    const k = this.numericKeys(c);
    let sorted = true;
    for (let i = 1; i < n && sorted; i++) if (k[i] < k[i - 1]) sorted = false;
    if (sorted) return;
    this.order = stableArgsort(k);
  }

  /** Resolved dictionary indices per sorted position; -1 = unset everywhere, -2 = null. */
  private rawStrings(c: Col): Int32Array {
    const out = new Int32Array(this.n);
    const rs = c.rows.s;
    const as = c.actors.s;
    for (let j = 0; j < this.n; j++) {
      const i = this.order ? this.order[j] : j;
      let x = rs ? rs[i] : UNSET;
      if (x === UNSET && as) {
        const a = this.actorIdx[i];
        if (a >= 0) x = as[a];
      }
      out[j] = x;
    }
    return out;
  }

  /** ReportId as a per-device counter in time order (mde-schema.md §0.2). */
  numberPerDevice(deviceCol: string, reportCol: string, counters: Map<string, number>): void {
    const dc = this.col(deviceCol);
    const rc = this.col(reportCol);
    if (dc.kind !== Kind.Str) throw new Error(`${this.def.name}: ${deviceCol} is not a string column`);
    if (this.spilled) {
      this.flush();
      const counts = this.spilled.counts.get(deviceCol);
      if (!counts) throw new Error(`${this.def.name}: ${deviceCol} was not counted while spilling`);
      if (counts.has(NULL_KEY) || counts.has(UNSET_KEY)) throw new Error(`${this.def.name}: rows without ${deviceCol} in a spilled table (not numbered)`);
      const bases = new Map<string, number>();
      for (const [dev, cnt] of counts) {
        const base = counters.get(dev) ?? 0;
        bases.set(dev, base);
        counters.set(dev, base + cnt);
      }
      this.spilled.numbering = { deviceCol, reportCol, bases };
      return;
    }
    const raw = this.rawStrings(dc);
    // Local counters per dictionary index (+2 slots for unset/null), written back at the end.
    const local = new Float64Array(dc.size + 2).fill(-1);
    const keyOf = (x: number) => (x === UNSET ? 'undefined' : x === NULL ? 'null' : dc.str(x));
    for (let j = 0; j < this.n; j++) {
      const x = raw[j];
      const slot = x + 2;
      let cnt = local[slot];
      if (cnt < 0) cnt = counters.get(keyOf(x)) ?? 0;
      cnt += 1;
      local[slot] = cnt;
      rc.put(rc.rows, this.phys(j), cnt, this.cap);
    }
    for (let slot = 0; slot < local.length; slot++) if (local[slot] >= 0) counters.set(keyOf(slot - 2), local[slot]);
  }

  /** Sets column `name` on every row whose own value is unset (not the actor's), from its sorted position. */
  fillUnset(name: string, value: (j: number) => unknown): void {
    this.readable('fillUnset');
    const c = this.col(name);
    for (let j = 0; j < this.n; j++) {
      const i = this.phys(j);
      if (c.read(c.rows, i) === undefined) c.put(c.rows, i, value(j), this.cap);
    }
  }

  /** Resolved values of one column (defaults applied), in the current order. */
  column(name: string): unknown[] {
    this.readable('column');
    const c = this.col(name);
    const out = new Array(this.n);
    const dflt = c.kind === Kind.Str ? '' : c.kind === Kind.Bool ? false : null;
    for (let j = 0; j < this.n; j++) {
      const v = this.get(j, name);
      out[j] = v === undefined ? dflt : v;
    }
    return out;
  }

  /** Counts of each value of a string column, sorted by value. */
  valueCounts(name: string): Record<string, number> {
    const counts = new Map<string, number>();
    if (this.spilled) {
      this.flush();
      const got = this.spilled.counts.get(name);
      if (!got) throw new Error(`${this.def.name}: ${name} was not counted while spilling`);
      for (const [k, v] of got) {
        const s = k === NULL_KEY || k === UNSET_KEY ? '' : k;
        counts.set(s, (counts.get(s) ?? 0) + v);
      }
    }
    const c = this.col(name);
    const raw = this.rawStrings(c);
    for (let j = 0; j < this.n; j++) {
      const x = raw[j];
      const s = x >= 0 ? c.str(x) : '';
      counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    return Object.fromEntries([...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
  }

  /** Numeric values + validity per sorted position, with the column default applied. */
  private numbers(c: Col): { v: Float64Array; valid: Uint8Array; nulls: number } {
    const n = this.n;
    const v = new Float64Array(n);
    const valid = new Uint8Array(n);
    const rv = c.rows.v;
    const rst = c.rows.st;
    const av = c.actors.v;
    const ast = c.actors.st;
    const dfltValid = c.kind === Kind.Bool ? 1 : 0; // bool defaults to false, the rest to null
    let nulls = 0;
    for (let j = 0; j < n; j++) {
      const i = this.order ? this.order[j] : j;
      let st = rst ? rst[i] : S_UNSET;
      if (st === S_VAL) v[j] = (rv as Float64Array)[i];
      else if (st === S_UNSET) {
        const a = this.actorIdx[i];
        st = a >= 0 && ast ? ast[a] : S_UNSET;
        if (st === S_VAL) v[j] = (av as Float64Array)[a];
      }
      const ok = st === S_VAL ? 1 : st === S_NULL ? 0 : dfltValid;
      valid[j] = ok;
      if (!ok) nulls++;
    }
    return { v, valid, nulls };
  }

  private dynamics(c: Col): unknown[] {
    const out = new Array(this.n);
    const rd = c.rows.d;
    const ad = c.actors.d;
    for (let j = 0; j < this.n; j++) {
      const i = this.order ? this.order[j] : j;
      let v = rd ? rd[i] : undefined;
      if (v === undefined && ad) {
        const a = this.actorIdx[i];
        if (a >= 0) v = ad[a];
      }
      out[j] = v === undefined ? null : v;
    }
    return out;
  }

  /**
   * Writes the rows held, in the current order (insertion order for a spilled chunk), as CSV lines
   * for the DuckDB writer: the row's position over the whole table, then every column with the
   * values `toArrow` would give it (strings quoted, '' when unset; integers, doubles and
   * microsecond times as text, `\\N` for null; dynamic values as JSON text, nested times as ISO
   * text, nested longs as strings). With `release`, each column's storage is dropped once its
   * values are gathered (the sink is unusable afterwards), as in `toArrow`.
   */
  writeCsv(out: CsvOut, opts: { release?: boolean } = {}): void {
    if (this.order && this.spilled) throw new Error(`${this.def.name}: writeCsv of sorted spilled rows`);
    const first = this.spilled?.rows ?? 0;
    const cells = this.cols.map((c) => {
      const cell = this.csvCell(c, out);
      if (opts.release) c.release();
      return cell;
    });
    if (opts.release) this.actorIdx = new Int32Array(0);
    for (let j = 0; j < this.n; j++) {
      out.int(first + j);
      for (let k = 0; k < cells.length; k++) {
        out.byte(0x2c);
        cells[k](j);
      }
      out.byte(0x0a);
    }
  }

  private csvCell(c: Col, out: CsvOut): (i: number) => void {
    switch (c.kind) {
      case Kind.Str: {
        const ids = this.rawStrings(c);
        const raw = c.raw;
        if (raw) {
          const { bytes, starts } = raw;
          return (i) => {
            const k = ids[i];
            if (k < 0) out.raw(CSV_EMPTY);
            else out.quoted(bytes, starts[k], starts[k + 1]);
          };
        }
        // each dictionary entry quoted once
        const enc: (Uint8Array | undefined)[] = new Array(c.dict.length);
        const dict = c.dict;
        return (i) => {
          const k = ids[i];
          out.raw(k < 0 ? CSV_EMPTY : (enc[k] ??= quotedField(dict[k])));
        };
      }
      case Kind.Dyn: {
        const vals = this.dynamics(c);
        const shape = c.def.shape;
        return (i) => {
          const v = jsonOf(vals[i], shape);
          if (v === null) out.raw(CSV_NULL_BYTES);
          else out.quotedText(JSON.stringify(v));
        };
      }
      case Kind.Bool: {
        const { v, valid } = this.numbers(c);
        return (i) => out.raw(valid[i] ? (v[i] ? CSV_TRUE : CSV_FALSE) : CSV_NULL_BYTES);
      }
      default: {
        const { v, valid } = this.numbers(c);
        const t = c.def.type;
        if (t === 'int') return (i) => (valid[i] ? out.int(v[i] | 0) : out.raw(CSV_NULL_BYTES));
        if (t === 'real' || t === 'decimal') {
          return (i) => {
            if (!valid[i]) return out.raw(CSV_NULL_BYTES);
            const x = v[i];
            if (Number.isSafeInteger(x)) out.int(x);
            else out.ascii(numberText(x));
          };
        }
        return (i) => {
          if (!valid[i]) return out.raw(CSV_NULL_BYTES);
          const x = Math.trunc(v[i]);
          if (Number.isSafeInteger(x)) out.int(x);
          else out.ascii(longText(x));
        };
      }
    }
  }

  /**
   * The rows as an Arrow table. With `release`, each column's storage is dropped as soon as its
   * vector is built (the sink is unusable afterwards): a large table then never exists twice.
   */
  toArrow(opts: { release?: boolean } = {}): Table {
    this.readable('toArrow');
    let dictId = 0;
    const n = this.n;
    const vectors: Vector[] = this.cols.map((c) => {
      const v = this.columnVector(c, n, () => dictId++);
      if (opts.release) c.release();
      return v;
    });
    if (opts.release) this.actorIdx = new Int32Array(0);
    const fields = this.cols.map((c, i) => new Field(c.def.name, vectors[i].type, true));
    const schema = new Schema(fields);
    const data = makeData({ type: new Struct(fields), length: n, nullCount: 0, children: vectors.map((v) => v.data[0]) });
    return new Table(schema, [new RecordBatch(schema, data)]);
  }

  private columnVector(c: Col, n: number, nextDictId: () => number): Vector {
    const t = c.def.type;
    switch (c.kind) {
      case Kind.Str: {
        const raw = this.rawStrings(c);
        if (c.raw) return rawUtf8Vector(raw, c.raw.bytes, c.raw.starts);
        const empty = c.intern('');
        for (let j = 0; j < n; j++) if (raw[j] < 0) raw[j] = empty;
        return dictionaryVector(raw, c.dict, nextDictId());
      }
      case Kind.Dyn:
        return buildVector('dynamic', this.dynamics(c), c.def.shape);
      default: {
        const { v, valid, nulls } = this.numbers(c);
        if (c.kind === Kind.Bool) return boolVector(v, valid, nulls);
        if (t === 'int') return int32Vector(v, valid, nulls);
        if (t === 'real' || t === 'decimal') return float64Vector(v, valid, nulls);
        return int64Vector(v, valid, nulls, t === 'datetime');
      }
    }
  }
}
