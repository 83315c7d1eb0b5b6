/**
 * A catalog for a DuckDB database file that comes without one (`--dataset data.duckdb`): every
 * table of its `main` schema, each column typed from its DuckDB type. The file is exposed through
 * views with an explicit column list, so a query sees exactly the catalog's columns, each stored as
 * the compiler expects it:
 * - VARCHAR → string, with NULL read as '' (a Kusto string is never null);
 * - BIGINT → long; INTEGER, SMALLINT, TINYINT, UTINYINT, USMALLINT → int; UINTEGER → long;
 * - DOUBLE, FLOAT, DECIMAL → real (as user files do); BOOLEAN → bool; UUID → guid (its text);
 * - TIMESTAMP (and _S/_MS/_NS, DATE) → datetime at microsecond precision;
 * - ENUM → string; LIST / STRUCT / MAP of those scalars → dynamic.
 * Anything else (UBIGINT and HUGEINT, which a long cannot hold; INTERVAL, which has months;
 * TIMESTAMP WITH TIME ZONE, BLOB, BIT, UNION, fixed-size ARRAY, TIME …) is left out of the view,
 * and the reason is reported, rather than converted into something that is not the stored value.
 * Tables named `_hb_…` are huntbench's own bookkeeping in the files it generates (a cloned lab's
 * clone map and simulated rows, see lab/clone.ts): they are left out too, with that reason.
 */
import { ident, str } from '../kql/sql/quote.ts';
import type { Catalog, CatalogColumn, CatalogTable } from './types.ts';

/** The alias of the attached dataset database (the engines attach one at a time as hb_dataset_N). */
export const ATTACHED_ALIAS_SQL = "SELECT database_name AS name FROM duckdb_databases() WHERE starts_with(database_name, 'hb_dataset_') ORDER BY database_oid DESC LIMIT 1";

/** The columns of every table in the attached database's `main` schema, in order. */
export const columnsOfSql = (alias: string) =>
  `SELECT table_name, column_name, data_type FROM duckdb_columns() WHERE database_name = ${str(alias)} AND schema_name = 'main' ORDER BY table_name, column_index`;

export interface DuckColumnRow {
  table_name: string;
  column_name: string;
  data_type: string;
}

interface Mapped {
  column: CatalogColumn;
  /** The SQL that reads the stored column `$` as the compiler expects it. */
  read: (col: string) => string;
}

const SCALAR_LEAF = /^(VARCHAR|BIGINT|INTEGER|SMALLINT|TINYINT|DOUBLE|BOOLEAN)$/;
const same = (c: string) => c;

/** One DuckDB column type → its catalog column and read expression, or the reason it is left out. */
export function mapDuckColumn(name: string, dataType: string): Mapped | { skip: string } {
  const t = dataType.trim().toUpperCase();
  const cast = (to: string) => (c: string) => `CAST(${c} AS ${to})`;
  if (t === 'VARCHAR') return { column: { name, type: 'string' }, read: (c) => `coalesce(${c}, '')` };
  if (t === 'BIGINT') return { column: { name, type: 'long' }, read: same };
  if (t === 'INTEGER') return { column: { name, type: 'int' }, read: same };
  if (['SMALLINT', 'TINYINT', 'UTINYINT', 'USMALLINT'].includes(t)) return { column: { name, type: 'int' }, read: cast('INTEGER') };
  if (t === 'UINTEGER') return { column: { name, type: 'long' }, read: cast('BIGINT') };
  if (t === 'DOUBLE') return { column: { name, type: 'real' }, read: same };
  if (t === 'FLOAT' || t.startsWith('DECIMAL')) return { column: { name, type: 'real' }, read: cast('DOUBLE') };
  if (t === 'BOOLEAN') return { column: { name, type: 'bool' }, read: same };
  if (t === 'UUID') return { column: { name, type: 'guid' }, read: cast('VARCHAR') };
  if (t === 'TIMESTAMP') return { column: { name, type: 'datetime' }, read: same };
  // DATE and second/millisecond timestamps widen exactly; nanoseconds are floored to microseconds
  // (the precision every datetime has here, see docs/kql-support.md)
  if (['TIMESTAMP_S', 'TIMESTAMP_MS', 'TIMESTAMP_NS', 'DATE'].includes(t)) return { column: { name, type: 'datetime' }, read: cast('TIMESTAMP') };
  if (t.startsWith('ENUM(')) return { column: { name, type: 'string' }, read: (c) => `coalesce(CAST(${c} AS VARCHAR), '')` };
  if (/^(STRUCT|MAP)\(|\[\]$/.test(t)) {
    const leaves = nestedLeaves(dataType);
    if (leaves?.every((l) => SCALAR_LEAF.test(l))) return { column: { name, type: 'dynamic', duckType: dataType }, read: same };
    return { skip: `${dataType}: a nested value holds a type that has no dynamic form here` };
  }
  if (t === 'UBIGINT' || t === 'HUGEINT' || t === 'UHUGEINT') return { skip: `${dataType}: values beyond the long range cannot be kept exactly` };
  if (t === 'INTERVAL') return { skip: 'INTERVAL: a month has no fixed length, so it is no timespan' };
  if (t === 'TIMESTAMP WITH TIME ZONE') return { skip: 'TIMESTAMP WITH TIME ZONE: its conversion needs the time zone extension, which is not available offline' };
  return { skip: `${dataType}: no Kusto type` };
}

/**
 * The scalar type names at the leaves of a nested DuckDB type (`STRUCT(a VARCHAR, b BIGINT[])` →
 * VARCHAR, BIGINT), or null when the text cannot be read. Field names are skipped: quoted names are
 * removed first, and in `name TYPE` pairs the last word is the type.
 */
export function nestedLeaves(dataType: string): string[] | null {
  const s = dataType.replace(/"(?:[^"]|"")*"/g, ' ');
  const out: string[] = [];
  for (const part of s.split(/[(),]/)) {
    const words = part.replace(/\[\]/g, ' ').trim().split(/\s+/).filter(Boolean);
    if (!words.length) continue;
    const last = words.at(-1)!.toUpperCase();
    if (last === 'STRUCT' || last === 'MAP') continue;
    out.push(last);
  }
  return out.length ? out : null;
}

export interface BareCatalog {
  catalog: Catalog;
  /** `CREATE VIEW` statements exposing the catalog's tables from the attached `alias`. */
  views: string[];
  /** What was left out, one line per column: `Table.Column: reason`. */
  skipped: string[];
}

/** The prefix of the tables huntbench's generator keeps for itself in a database file. */
export const INTERNAL_PREFIX = '_hb_';

/** Builds the catalog and views of a bare database file from its column rows. */
export function catalogFromDuck(dataset: string, alias: string, rows: DuckColumnRow[]): BareCatalog {
  const byTable = new Map<string, DuckColumnRow[]>();
  for (const r of rows) byTable.set(r.table_name, [...(byTable.get(r.table_name) ?? []), r]);
  const tables: CatalogTable[] = [];
  const views: string[] = [];
  const skipped: string[] = [];
  for (const [table, cols] of byTable) {
    if (table.startsWith(INTERNAL_PREFIX)) {
      skipped.push(`${table}: huntbench's internal table (a generated lab's bookkeeping); the table is left out`);
      continue;
    }
    const kept: { m: Mapped; stored: string }[] = [];
    for (const c of cols) {
      const m = mapDuckColumn(c.column_name, c.data_type);
      if ('skip' in m) skipped.push(`${table}.${c.column_name}: ${m.skip}`);
      else kept.push({ m, stored: c.column_name });
    }
    if (!kept.length) {
      skipped.push(`${table}: no column with a Kusto type; the table is left out`);
      continue;
    }
    tables.push({ name: table, kind: 'user', description: `Table ${table} of the database file`, columns: kept.map((k) => k.m.column) });
    const list = kept.map((k) => `${k.m.read(ident(k.stored))} AS ${ident(k.m.column.name)}`).join(', ');
    views.push(`CREATE OR REPLACE VIEW ${ident(table)} AS SELECT ${list} FROM ${ident(alias)}.main.${ident(table)}`);
  }
  return { catalog: { dataset, tables }, views, skipped };
}
