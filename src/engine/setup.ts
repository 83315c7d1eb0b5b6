/**
 * Engine set-up shared by the Node and browser engines: session settings, Arrow validation and
 * the JavaScript scalar functions the compiler relies on.
 */
import { RecordBatchReader, RecordBatchStreamWriter, type Table, tableFromIPC } from 'apache-arrow';
import { MACROS_SQL } from '../kql/sql/macros.ts';
import { ident as quoteIdent, str as quoteString } from '../kql/sql/quote.ts';
import { EngineError } from './types.ts';

/**
 * Run right after connecting. json/parquet/icu are not available offline and autoloading them
 * hangs, so nothing may be autoloaded. Times are plain TIMESTAMP, UTC by convention.
 */
export const SESSION_SETUP_SQL = [
  'SET autoinstall_known_extensions = false',
  'SET autoload_known_extensions = false',
  ...MACROS_SQL,
];

/** SESSION_SETUP_SQL without the macros (an engine that creates macros as queries need them). */
export const SESSION_SETTINGS_SQL = SESSION_SETUP_SQL.filter((s) => !MACROS_SQL.includes(s));

interface MacroDef {
  name: string;
  sql: string;
  /** Index in MACROS_SQL: macros are created in that order (a macro's body must bind when created). */
  order: number;
  /** The other macros its body calls. */
  deps: string[];
}

const MACRO_NAME = /\bhb_[A-Za-z0-9_]+/gi;

const MACRO_DEFS: Map<string, MacroDef> = (() => {
  const defs = new Map<string, MacroDef>();
  MACROS_SQL.forEach((sql, order) => {
    const m = /^\s*CREATE\s+OR\s+REPLACE\s+MACRO\s+([A-Za-z0-9_]+)/i.exec(sql);
    if (!m) throw new Error(`not a macro definition: ${sql.slice(0, 60)}`);
    defs.set(m[1].toLowerCase(), { name: m[1].toLowerCase(), sql, order, deps: [] });
  });
  for (const d of defs.values()) {
    const body = d.sql.slice(d.sql.indexOf(d.name) + d.name.length);
    d.deps = [...new Set((body.match(MACRO_NAME) ?? []).map((n) => n.toLowerCase()))].filter((n) => n !== d.name && defs.has(n));
  }
  return defs;
})();

/** Names of every macro (what `macrosFor` can ever return). */
export const MACRO_NAMES: readonly string[] = [...MACRO_DEFS.keys()];

/**
 * The macro definitions a SQL text needs that are not in `created`: the macros it names (any
 * `hb_…` word, so a name inside a string literal only creates a macro too many) and, transitively,
 * those their bodies call, in definition order.
 */
export function macrosFor(sql: string, created: Set<string>): { names: string[]; sql: string[] } {
  const want = new Set<string>();
  const visit = (name: string) => {
    if (created.has(name) || want.has(name)) return;
    const d = MACRO_DEFS.get(name);
    if (!d) return;
    want.add(name);
    for (const dep of d.deps) visit(dep);
  };
  for (const n of sql.match(MACRO_NAME) ?? []) visit(n.toLowerCase());
  const defs = [...want].map((n) => MACRO_DEFS.get(n)!).sort((a, b) => a.order - b.order);
  return { names: defs.map((d) => d.name), sql: defs.map((d) => d.sql) };
}

/** Run once the datasets are loaded: no SQL may reach files or URLs after this. */
export const LOCKDOWN_SQL = ['SET enable_external_access = false', 'SET lock_configuration = true'];

/**
 * DuckDB-WASM reads only the Arrow *stream* format and silently ignores a buffer it cannot read
 * (and every later insert on the connection), so every buffer is decoded here first and
 * re-encoded as a stream. Returns the stream bytes and the row count to check after loading.
 */
export function toArrowStream(ipc: Uint8Array, what: string): { stream: Uint8Array; rows: number; table: Table } {
  let table: Table;
  try {
    const reader = RecordBatchReader.from(ipc);
    table = tableFromIPC(reader as any);
  } catch (e) {
    throw new EngineError(`${what}: not a readable Arrow IPC file or stream (${(e as Error).message})`, 'HB901');
  }
  if (table.schema.fields.length === 0) throw new EngineError(`${what}: Arrow data has no columns`, 'HB901');
  const stream = RecordBatchStreamWriter.writeAll(table).toUint8Array(true);
  return { stream, rows: table.numRows, table };
}

/** SQL identifiers and string literals: the one SQL quoter is the compiler's (kql/sql/quote.ts). */
export { quoteIdent, quoteString };

/**
 * Registered dataset files live under this virtual folder: the only place DuckDB may still open
 * files after lock-down (`allowed_directories`), so a dataset can be switched later.
 */
export const DATASET_DIR = 'hbdata/';

/** Attaches a registered database file read-only as `alias`. */
export const attachSql = (file: string, alias: string) => `ATTACH ${quoteString(file)} AS ${quoteIdent(alias)} (READ_ONLY)`;

/** The view through which queries see table `table` of the attached database `alias`. */
export const viewSql = (alias: string, table: string) =>
  `CREATE OR REPLACE VIEW ${quoteIdent(table)} AS SELECT * FROM ${quoteIdent(alias)}.main.${quoteIdent(table)}`;

/** Base tables and views of the session's own database, as `{ name, kind }` rows (`kind`: table|view). */
export const OWN_OBJECTS_SQL = `SELECT table_name AS name, 'table' AS kind FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main'
  UNION ALL SELECT view_name, 'view' FROM duckdb_views() WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal`;

/** The tables a database holds (to check a file against its catalog), its views included (a big lab's cloned tables, src/lab/clone.ts). */
export const tablesOfSql = (alias: string) =>
  `SELECT table_name AS name FROM duckdb_tables() WHERE database_name = ${quoteString(alias)} AND schema_name = 'main'
  UNION ALL SELECT view_name FROM duckdb_views() WHERE database_name = ${quoteString(alias)} AND schema_name = 'main' AND NOT internal`;

/**
 * The statements that expose `tables` of the attached `alias` as views: a table of the same name
 * (an earlier Arrow load) is dropped first. Throws when the file lacks one of the tables.
 */
export function exposeSql(alias: string, tables: readonly string[], inFile: readonly string[], own: readonly { name: string; kind: string }[]): string[] {
  const have = new Set(inFile);
  const missing = tables.filter((t) => !have.has(t));
  if (missing.length) throw new EngineError(`database file lacks table${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`, 'HB901');
  const out: string[] = [];
  for (const t of tables) {
    const o = own.find((x) => x.name.toLowerCase() === t.toLowerCase());
    if (o?.kind === 'table') out.push(`DROP TABLE ${quoteIdent(o.name)}`);
    else if (o && o.name !== t) out.push(`DROP VIEW ${quoteIdent(o.name)}`);
    out.push(viewSql(alias, t));
  }
  return out;
}
