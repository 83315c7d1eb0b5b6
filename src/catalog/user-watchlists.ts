/**
 * Sentinel watchlists the user loads from CSV (CLI `--watchlist ALIAS[:KEY]=PATH`): a table that
 * `_GetWatchlist('ALIAS')` returns with the columns Sentinel gives it, as the lab's watchlists have
 * them (src/lab/schema.ts): `_DTItemId`, `LastUpdatedTimeUTC`, `SearchKey` (the value of the
 * search-key column, the first column unless named), `WatchlistItem` (the item as a bag) and the
 * CSV's own columns, all text as uploaded. The table is reachable only through `_GetWatchlist`.
 */
import { buildTable, duckTypeOf, type Shape, tableToStream } from '../lab/arrow.ts';
import { parseCsv, type UserTable, UserFileError } from './user-files.ts';

export const WATCHLIST_ALIAS_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const RESERVED = ['_DTItemId', 'LastUpdatedTimeUTC', 'SearchKey', 'WatchlistItem'];

/** The catalog/engine table that holds a watchlist (the lab's convention). */
export const watchlistTableName = (alias: string): string => `Watchlist_${alias.replace(/-/g, '_')}`;

/** A stable item id in GUID form (FNV-1a over alias and row): the same file gives the same ids. */
function itemId(alias: string, row: number): string {
  let hex = '';
  for (let part = 0; part < 4; part++) {
    let h = 0x811c9dc5 ^ part;
    for (const ch of `${alias}\u0000${row}`) {
      h ^= ch.codePointAt(0)!;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    hex += h.toString(16).padStart(8, '0');
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * A CSV file as a watchlist. `updatedMs` is the items' LastUpdatedTimeUTC (the file's modification
 * time). Throws UserFileError with the line for a malformed file, a missing search-key column, or a
 * column that would shadow one of the four Sentinel adds.
 */
export function userWatchlistFromCsv(alias: string, fileName: string, text: string, opts: { searchKey?: string; updatedMs: number }): UserTable {
  if (!WATCHLIST_ALIAS_RE.test(alias)) throw new UserFileError(`"${alias}" is not a watchlist alias (letters, digits, _ and -, up to 64)`);
  const { header, rows } = parseCsv(text, fileName.toLowerCase().endsWith('.tsv') ? '\t' : ',');
  if (!header.length || header.every((h) => h === '')) throw new UserFileError('the watchlist has no header line');
  const seen = new Set<string>();
  for (const h of header) {
    if (h === '') throw new UserFileError('a column of the header has no name', 1, header.indexOf(h) + 1);
    if (RESERVED.includes(h)) throw new UserFileError(`column "${h}" is one Sentinel adds to every watchlist; rename it`, 1, 1);
    if (seen.has(h)) throw new UserFileError(`column "${h}" appears twice in the header`, 1, 1);
    seen.add(h);
  }
  const key = opts.searchKey ?? header[0];
  const k = header.indexOf(key);
  if (k < 0) throw new UserFileError(`the search key column "${key}" is not in the header (${header.join(', ')})`, 1, 1);
  const n = rows.length;
  const cell = (r: { fields: string[] }, i: number) => r.fields[i] ?? '';
  const itemShape: Shape = { struct: header.map((h) => [h, 'string'] as [string, Shape]) };
  const data = [
    { name: '_DTItemId', type: 'string' as const, values: rows.map((_, i) => itemId(alias, i)) },
    { name: 'LastUpdatedTimeUTC', type: 'datetime' as const, values: rows.map(() => Math.round(opts.updatedMs) * 1000) },
    { name: 'SearchKey', type: 'string' as const, values: rows.map((r) => cell(r, k)) },
    { name: 'WatchlistItem', type: 'dynamic' as const, shape: itemShape, values: rows.map((r) => Object.fromEntries(header.map((h, i) => [h, cell(r, i)]))) },
    ...header.map((h, i) => ({ name: h, type: 'string' as const, values: rows.map((r) => cell(r, i)) })),
  ];
  const name = watchlistTableName(alias);
  return {
    table: {
      name,
      kind: 'user',
      description: `Watchlist '${alias}' loaded from ${fileName} (SearchKey = ${key}); read it with _GetWatchlist('${alias}')`,
      columns: [
        { name: '_DTItemId', type: 'string' },
        { name: 'LastUpdatedTimeUTC', type: 'datetime' },
        { name: 'SearchKey', type: 'string' },
        { name: 'WatchlistItem', type: 'dynamic', duckType: duckTypeOf(itemShape) },
        ...header.map((h) => ({ name: h, type: 'string' as const })),
      ],
      rowCount: n,
      sampleQuery: `_GetWatchlist('${alias}')`,
      watchlist: { alias, searchKey: key },
    },
    ipc: tableToStream(buildTable(data, n)),
    casts: {},
  };
}
