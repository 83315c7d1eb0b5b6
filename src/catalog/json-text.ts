/**
 * Defender's typing of the JSON columns. The Defender advanced-hunting pages type `AdditionalFields`
 * (every Device* table, AlertEvidence, EmailEvents), `DeviceInfo.LoggedOnUsers` and the sign-in
 * tables' `ConditionalAccessPolicies` as `string` (JSON text); the Log Analytics pages of the same
 * tables, as Sentinel receives them, as `dynamic`. The lab stores them `dynamic` (the catalog keeps
 * the Defender type in `documentedType`), so Sentinel's `AdditionalFields.Command` works.
 *
 * A query written for Defender can use them as the text they are there: group or join on them,
 * compare them with a string or with each other, split them. Kusto refuses a dynamic value in those
 * places, and Kusto's answer for a dynamic value compared with a string is not documented, so such a
 * query is an error with the Sentinel typing. The compiler then reads it with this catalog, where
 * those columns are `string` holding their JSON text (Kusto's tostring() of the stored value), and
 * keeps that reading when the query compiles there (kql/compile.ts). A query valid with the
 * Sentinel typing is never read this way.
 */
import type { Catalog, CatalogColumn } from './types.ts';

/** A column stored `dynamic` whose reference type in Defender is `string` (JSON text). */
export function isJsonTextColumn(c: CatalogColumn): boolean {
  return c.type === 'dynamic' && c.documentedType === 'string';
}

const cache = new WeakMap<Catalog, Catalog | null>();

/** The catalog with Defender's typing of the JSON columns; null when it has none. Cached per catalog object. */
export function withDefenderJsonText(catalog: Catalog): Catalog | null {
  let c = cache.get(catalog);
  if (c === undefined) {
    const has = catalog.tables.some((t) => t.columns.some(isJsonTextColumn));
    c = has
      ? {
          ...catalog,
          tables: catalog.tables.map((t) =>
            t.columns.some(isJsonTextColumn) ? { ...t, columns: t.columns.map((x) => (isJsonTextColumn(x) ? { ...x, type: 'string' as const, readAsText: true as const } : x)) } : t,
          ),
        }
      : null;
    cache.set(catalog, c);
  }
  return c;
}

/** Where the query text first names one of the catalog's JSON columns (identifier characters on neither side), if it does. */
export function namedJsonTextColumn(kql: string, catalog: Catalog): { name: string; at: number } | undefined {
  const names = new Set<string>();
  for (const t of catalog.tables) for (const c of t.columns) if (isJsonTextColumn(c)) names.add(c.name);
  let best: { name: string; at: number } | undefined;
  for (const name of names) {
    const m = new RegExp(`(?<![A-Za-z0-9_])${name}(?![A-Za-z0-9_])`).exec(kql);
    if (m && (!best || m.index < best.at)) best = { name, at: m.index };
  }
  return best;
}
