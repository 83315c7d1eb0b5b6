/**
 * `--table NAME=PATH`: user files (CSV, JSON lines / arrays, Arrow) read and typed in the main
 * thread (src/catalog/user-files.ts), then loaded into the engine next to the dataset and added
 * to its catalog with kind 'user'. A bad file stops the command before any engine starts.
 */
import fs from 'node:fs';
import type { Catalog } from '../catalog/types.ts';
import { type UserTable, UserFileError, userTable } from '../catalog/user-files.ts';
import { userWatchlistFromCsv } from '../catalog/user-watchlists.ts';
import { quoteIdent } from '../engine/setup.ts';
import { type Engine, EngineError } from '../engine/types.ts';
import { UsageError } from './args.ts';

export interface TableArg {
  name: string;
  path: string;
  /** `--watchlist ALIAS[:KEY]=PATH`: the file is a watchlist (catalog/user-watchlists.ts). */
  watchlist?: { alias: string; searchKey?: string };
}

/** A bad user file: reported as `error HB901 at LINE:COL: <file>: <what>` (exit 1). */
export class UserFileLoadError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

export function readUserTables(args: TableArg[]): UserTable[] {
  return args.map(({ name, path, watchlist }) => {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(fs.readFileSync(path));
    } catch (e) {
      throw new UserFileLoadError(`${path}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, 1, 1);
    }
    try {
      if (watchlist) {
        let text: string;
        try {
          text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        } catch {
          throw new UserFileError('the file is not UTF-8 text');
        }
        return userWatchlistFromCsv(watchlist.alias, path, text, { ...(watchlist.searchKey !== undefined && { searchKey: watchlist.searchKey }), updatedMs: fs.statSync(path).mtimeMs });
      }
      return userTable(name, path, bytes);
    } catch (e) {
      if (e instanceof UserFileError) throw new UserFileLoadError(`${path}: ${e.message}`, e.line, e.column);
      throw new UserFileLoadError(`${path}: ${(e as Error)?.message ?? String(e)}`, 1, 1);
    }
  });
}

/** The dataset's catalog with the user tables added (a catalog of their own with --no-dataset). */
export function withUserTables(catalog: Catalog | null, tables: UserTable[]): Catalog | null {
  if (!tables.length) return catalog;
  const base = catalog?.tables ?? [];
  for (const t of tables) {
    const alias = t.table.watchlist?.alias;
    const clash = base.find((b) => b.name.toLowerCase() === t.table.name.toLowerCase() || (alias !== undefined && b.watchlist?.alias === alias));
    if (clash) throw new UsageError(t.table.watchlist ? `--watchlist ${t.table.watchlist.alias}: the dataset already has a watchlist with that alias` : `--table ${t.table.name}: the dataset already has a table ${clash.name}`);
  }
  const user = tables.map((t) => t.table);
  return catalog ? { ...catalog, tables: [...base, ...user] } : { dataset: 'user', description: 'Tables loaded with --table', tables: user };
}

/** Loads user tables into the engine (after the dataset), normalising storage with their casts. */
export async function loadUserTables(engine: Engine, tables: UserTable[]): Promise<void> {
  for (const t of tables) {
    const name = t.table.name;
    try {
      await engine.loadArrow(name, t.ipc);
      const casts = Object.entries(t.casts);
      if (casts.length) {
        const list = t.table.columns
          .map((c) => {
            const to = t.casts[c.name];
            return to ? `TRY_CAST(${quoteIdent(c.name)} AS ${to}) AS ${quoteIdent(c.name)}` : quoteIdent(c.name);
          })
          .join(', ');
        await engine.query(`CREATE OR REPLACE TABLE ${quoteIdent(name)} AS SELECT ${list} FROM ${quoteIdent(name)}`);
      }
    } catch (e) {
      const msg = e instanceof EngineError ? e.message : String((e as Error)?.message ?? e);
      throw new Error(`${t.table.watchlist ? `--watchlist ${t.table.watchlist.alias}` : `--table ${name}`}: the engine could not load it (${msg.split('\n')[0]})`);
    }
  }
}
