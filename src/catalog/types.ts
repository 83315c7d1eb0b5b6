/**
 * The dataset catalog: the one description of a dataset's tables that the compiler (schema
 * symbols), the editor (completion) and the schema browser all read. Written by the lab generator
 * as `catalog.json` next to the Arrow IPC files, and built on the fly for user-loaded files.
 */

/** Kusto scalar type names, exactly as Kusto prints them. */
export type KqlType =
  | 'bool'
  | 'datetime'
  | 'decimal'
  | 'dynamic'
  | 'guid'
  | 'int'
  | 'long'
  | 'real'
  | 'string'
  | 'timespan';

export type TableKind = 'advanced-hunting' | 'side' | 'sentinel' | 'user';

export interface CatalogColumn {
  name: string;
  type: KqlType;
  /**
   * DuckDB storage type, required for `dynamic` columns (e.g. `VARCHAR[]`,
   * `STRUCT("Foo" VARCHAR, "Bar" BIGINT)`, `MAP(VARCHAR, VARCHAR)`), optional otherwise (the
   * default mapping of `type` is used: string→VARCHAR, long→BIGINT, int→INTEGER, real→DOUBLE,
   * bool→BOOLEAN, datetime→TIMESTAMP, timespan→BIGINT microseconds, guid→VARCHAR).
   */
  duckType?: string;
  description?: string;
  /** The type the reference documentation gives, when the dataset stores the column differently (e.g. JSON text surfaced as `dynamic`). */
  documentedType?: KqlType;
  /**
   * A column the compiler computes instead of reading it from storage (see
   * `catalog/log-analytics.ts`): a copy of another column of the same table, or a constant.
   */
  derived?: DerivedColumn;
  /** Display group in the schema browser and completion (e.g. the Log Analytics columns, the retired ones). */
  group?: 'log-analytics' | 'legacy';
  /**
   * Stored as `dynamic` (`duckType`), read as its JSON text: Defender's typing of a column that the
   * dataset types `dynamic` as Sentinel does (catalog/json-text.ts). `type` is then `string`.
   */
  readAsText?: true;
}

/**
 * How a computed catalog column is made: a copy of another column, a constant, or (`verdict`) one
 * of two constants as the column `of` holds the term `term` or not (catalog/legacy.ts).
 */
export type DerivedColumn = { copy: string } | { value: string } | { verdict: { of: string; term: string; yes: string; no: string } };

export interface CatalogTable {
  name: string;
  kind: TableKind;
  description?: string;
  columns: CatalogColumn[];
  rowCount?: number;
  /** ActionType value → row count, for tables that have an ActionType column. */
  actionTypes?: Record<string, number>;
  /** A short KQL query to get started with this table. */
  sampleQuery?: string;
  /** File name of the Arrow IPC stream holding the rows, relative to catalog.json (Arrow datasets). */
  file?: string;
  /**
   * A Sentinel watchlist: the table is what `_GetWatchlist(alias)` returns and is reachable only
   * through that function, not by its name.
   */
  watchlist?: { alias: string; searchKey: string };
  /**
   * Stored columns that Log Analytics hides: the standard column `_ItemId` of the lab's Log Analytics
   * tables. The table's file holds them after `columns`; they are not in `columns`, so `*`, the
   * schema browser and every other reader of the catalog leave them out, and the compiler adds them
   * only for a query that names one (catalog/log-analytics.ts, `hiddenStandardColumns`).
   */
  hiddenColumns?: CatalogColumn[];
}

export interface Catalog {
  dataset: string;
  description?: string;
  seed?: number;
  scale?: number;
  /**
   * Set when the scale is above the distinct-device threshold (src/lab/clone.ts): the background
   * devices of `distinctScale` were simulated and `clones` more devices were copied from `sources`
   * of them inside DuckDB, as views computed when read (`as: 'view'`) or as inserted rows.
   */
  clones?: { distinctScale: number; sources: number; clones: number; as: 'view' | 'table' };
  generatorVersion?: string;
  /**
   * SHA-256 (hex) over the tables' data, in catalog order: each table's name and its Arrow IPC
   * stream encoding (Arrow datasets) or the CSV lines loaded into the database (DuckDB datasets;
   * DuckDB's file layout is not byte-stable). The two formats therefore have different hashes.
   */
  contentHash?: string;
  /**
   * File name of the DuckDB database holding every table, relative to catalog.json. When set, the
   * dataset is attached read-only and the tables carry no `file`.
   */
  database?: string;
  /** The dataset's notion of "now" (ISO-8601 UTC), used to pin now()/ago() for reproducible answers. */
  now?: string;
  /** The scenario a generated dataset plays (its questions are in questions.json beside the catalog). */
  scenario?: { id: string; title: string };
  /** The tenant's Conditional Access policies, for the views that explain sign-in outcomes. */
  caPolicies?: CatalogCaPolicy[];
  /** The Log Analytics workspace id the dataset's Sentinel tables carry in `TenantId`. */
  tenantId?: string;
  tables: CatalogTable[];
}

/** A Conditional Access policy as the generator applied it (identity-and-compliance.md B.2). */
export interface CatalogCaPolicy {
  id: string;
  displayName: string;
  state: string;
  includeApplications: string[];
  clientAppTypes: string[];
  operator: 'AND' | 'OR';
  builtInControls: string[];
}
