/**
 * Schema symbols for the functions Defender advanced hunting offers beyond Kusto, so that the
 * analyzer types their results: `FileProfile()` is declared with a body that only describes its
 * output columns (the lowering in `lower/hunting.ts` does the real work).
 */
import type { Catalog } from '../../catalog/types.ts';
import { FILE_PROFILE_COLUMNS } from '../lower/hunting.ts';
import { Kusto } from './kusto.ts';

const kustoNull: Record<string, string> = { long: 'long(null)', datetime: 'datetime(null)', bool: 'bool(null)', string: '""' };

/** Function symbols to add to the dataset's database symbol. */
export function huntingFunctionSymbols(catalog: Catalog): unknown[] {
  const S = Kusto.Language.Symbols;
  const out: unknown[] = [];
  if (catalog.tables.some((t) => t.name === 'FileProfiles') && !catalog.tables.some((t) => t.name === 'FileProfile')) {
    const cols = FILE_PROFILE_COLUMNS.map(([c, t]) => `${c} = ${kustoNull[t]}`).join(', ');
    out.push(
      new S.FunctionSymbol.$ctor16(
        'FileProfile',
        '(T:(*), x:string = "SHA1", y:long = 100)',
        `{ T | extend ${cols} }`,
        'Defender: adds the file profile (global prevalence, signer, certificate) for the file id column x (SHA1, SHA256, InitiatingProcessSHA1, InitiatingProcessSHA256)',
      ),
    );
  }
  if (catalog.tables.some((t) => t.watchlist) && !catalog.tables.some((t) => t.name === '_GetWatchlist')) {
    // The body only lets the analyzer type each call by its alias (call-site expansion);
    // lower/hunting.ts reads the watchlist's table.
    out.push(
      new S.FunctionSymbol.$ctor16(
        '_GetWatchlist',
        '(watchlistAlias:string)',
        `{ database('${WATCHLIST_DB}').table(watchlistAlias) }`,
        "Sentinel: the items of the watchlist with this alias (_DTItemId, LastUpdatedTimeUTC, SearchKey, WatchlistItem and the watchlist's columns)",
      ),
    );
  }
  return out;
}

/** The analyzer's database that holds the watchlists by alias. */
export const WATCHLIST_DB = 'Watchlists';

/**
 * FileProfile's first argument names a column of the piped table (`invoke FileProfile(SHA256)`),
 * which the analyzer, seeing a string parameter, reports as an unknown name (KS142).
 */
export function isFileProfileColumnArgument(text: string, start: number): boolean {
  return /\binvoke\s+FileProfile\s*\(\s*$/.test(text.slice(Math.max(0, start - 60), start));
}
