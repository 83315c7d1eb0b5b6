/**
 * Opening a bare DuckDB database file (no catalog.json) as the dataset, on any engine: attach it,
 * read its columns, build the catalog and typed views (catalog/from-duckdb.ts), and replace
 * same-named tables or views of an earlier dataset.
 */
import type { Table } from 'apache-arrow';
import { ATTACHED_ALIAS_SQL, type BareCatalog, catalogFromDuck, columnsOfSql, type DuckColumnRow } from '../catalog/from-duckdb.ts';
import { OWN_OBJECTS_SQL, quoteIdent } from './setup.ts';

/** What `openBareDatabase` needs of an engine (the Node, native and browser engines all have it). */
export interface AttachingEngine<S> {
  attachDatabase(source: S, tables: readonly string[]): Promise<void>;
  query(sql: string): Promise<Table>;
}

/** The file attached (replacing the previously attached database) but holds nothing usable. */
export class UnusableDatabaseError extends Error {}

/**
 * Attaches a bare database file (`source`: a path, a URL or a browser File, whatever the engine
 * takes), reads its columns, and exposes its tables through typed views. A file that cannot be
 * attached changes nothing; one that attaches but has no usable table throws UnusableDatabaseError
 * (the previous database is detached by then).
 */
export async function openBareDatabase<S>(engine: AttachingEngine<S>, source: S, dataset: string): Promise<BareCatalog> {
  await engine.attachDatabase(source, []);
  const alias = String((await engine.query(ATTACHED_ALIAS_SQL)).toArray()[0]?.name ?? '');
  if (!alias) throw new UnusableDatabaseError('the database was not attached');
  const rows = (await engine.query(columnsOfSql(alias))).toArray().map((r) => r.toJSON() as unknown as DuckColumnRow);
  const bare = catalogFromDuck(dataset, alias, rows);
  if (!bare.catalog.tables.length) throw new UnusableDatabaseError('the database has no table with a column of a Kusto type');
  const own = new Map((await engine.query(OWN_OBJECTS_SQL)).toArray().map((r) => [String(r.name).toLowerCase(), { name: String(r.name), kind: String(r.kind) }]));
  for (const t of bare.catalog.tables) {
    const o = own.get(t.name.toLowerCase());
    if (o) await engine.query(`DROP ${o.kind === 'view' ? 'VIEW' : 'TABLE'} ${quoteIdent(o.name)}`);
  }
  for (const v of bare.views) await engine.query(v);
  return bare;
}
