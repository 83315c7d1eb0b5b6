/**
 * User-loaded files ("Add files…") → engine tables + catalog entries (`kind: 'user'`), so the
 * compiler, the completion and the schema browser know them like built-in tables.
 *
 * Reading and typing is the pure module shared with the CLI's `--table NAME=PATH`
 * (src/catalog/user-files.ts): same type inference, dynamic columns as DuckDB nested types (with a
 * `duckType` in the catalog), and line/field-precise messages for malformed files. Everything is
 * parsed before the engine is touched, so a bad file never disturbs what is already loaded.
 */
import { UserFileError, type UserFileFormat, type UserTable, userFileFormat, userTable } from '../catalog/user-files.ts';
import { userWatchlistFromCsv } from '../catalog/user-watchlists.ts';
import { quoteIdent } from '../engine/setup.ts';
import type { Engine } from '../engine/types.ts';

export type UploadFormat = UserFileFormat;

export function formatOf(fileName: string): UploadFormat | null {
  return userFileFormat(fileName);
}

/** A table name derived from a file name: an identifier, not clashing with `taken` (case-insensitively, like DuckDB). */
export function tableNameFor(fileName: string, taken: Iterable<string>): string {
  let base = fileName.replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  if (!base) base = 'Upload';
  if (/^[0-9]/.test(base)) base = `T_${base}`;
  const used = new Set([...taken].map((t) => t.toLowerCase()));
  let name = base;
  for (let i = 1; used.has(name.toLowerCase()); i++) name = `${base}_${i}`;
  return name;
}

/** A user file that could not be read: `message` is ready for the user ("bad.csv: line 3 has 1 field, the header has 2"). */
export class UploadError extends Error {
  constructor(
    message: string,
    readonly line = 1,
    readonly column = 1,
  ) {
    super(message);
    this.name = 'UploadError';
  }
}

/** A file's bytes → a typed user table (catalog entry + Arrow IPC stream + casts). Throws `UploadError`. */
export function readUserFile(tableName: string, fileName: string, bytes: Uint8Array): UserTable {
  try {
    return userTable(tableName, fileName, bytes);
  } catch (e) {
    if (e instanceof UserFileError) throw new UploadError(`${fileName}: ${e.message}`, e.line, e.column);
    throw new UploadError(`${fileName}: ${(e as Error)?.message ?? String(e)}`);
  }
}

/** A CSV/TSV file's text → the watchlist `_GetWatchlist(alias)` returns. Throws `UploadError`. */
export function readUserWatchlist(alias: string, fileName: string, text: string, opts: { searchKey?: string; updatedMs: number }): UserTable {
  try {
    return userWatchlistFromCsv(alias, fileName, text, opts);
  } catch (e) {
    if (e instanceof UserFileError) throw new UploadError(`${fileName}: ${e.message}`, e.line, e.column);
    throw new UploadError(`${fileName}: ${(e as Error)?.message ?? String(e)}`);
  }
}

/** The SQL that normalises a loaded user table's storage with its casts, or null when none is needed. */
export function castSql(t: UserTable): string | null {
  if (!Object.keys(t.casts).length) return null;
  const name = quoteIdent(t.table.name);
  const list = t.table.columns
    .map((c) => {
      const to = t.casts[c.name];
      return to ? `TRY_CAST(${quoteIdent(c.name)} AS ${to}) AS ${quoteIdent(c.name)}` : quoteIdent(c.name);
    })
    .join(', ');
  return `CREATE OR REPLACE TABLE ${name} AS SELECT ${list} FROM ${name}`;
}

/** Loads a read user table into the engine (Arrow IPC through `loadArrow`, then its casts); returns the row count. */
export async function loadUserFile(engine: Pick<Engine, 'loadArrow' | 'query'>, t: UserTable): Promise<number> {
  const rows = await engine.loadArrow(t.table.name, t.ipc);
  const sql = castSql(t);
  if (sql) await engine.query(sql);
  return rows;
}
