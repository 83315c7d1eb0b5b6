/**
 * The physical layout of a dataset's big tables in its DuckDB database file (the layout step of
 * `huntbench generate --format duckdb`; db-writer.ts applies it).
 *
 * Rows are generated in time order. A big device table written in that order spreads one
 * device's rows over every row group, so a query on one device (the device and process views,
 * `where DeviceId == …` hunts) reads nearly every block of the columns it touches; over HTTP range
 * reads that is most of the table. Such tables are written grouped by device instead, each
 * device's rows kept in generation (time) order: DuckDB's zone maps then skip every row group but
 * the device's own, and within those, the blocks that hold no row of the device.
 *
 * The order is a pure function of the generated rows (device, then generation position), so the
 * file holds the same rows in the same order on every run; the dataset's content hash (over the
 * rows in generation order, see src/lab/index.ts) does not change.
 * Tables that fit in one row group, and tables without a DeviceId column, keep generation order:
 * the small datasets' files are unchanged.
 */

/** DuckDB's rows per row group (its default, used by the writer): the unit its zone maps skip. */
export const ROW_GROUP_ROWS = 122_880;

/**
 * Rows per row group of the file hash index (catalog/file-hash-index.ts), read a few rows at a time
 * by its sort key: small row groups keep a lookup to about one storage block for all the columns
 * it reads (DuckDB packs small column segments into shared blocks), where the default size costs
 * a block or more per column (README, Speed: the file view's index queries on the 1M lab).
 */
export const INDEX_ROW_GROUP_ROWS = 2_048;

/**
 * Rows per row group of DeviceTimeline (catalog/device-timeline.ts), read one device at a time by
 * the device and process views. On a remote file DuckDB fetches, for each vector its zone maps
 * cannot skip, every column the scan reads; a device's DeviceId and Timestamp segments span its
 * whole row group, so a smaller group bounds what the device's rows cost. Smaller still costs more
 * metadata (the first query on the table reads every row group's zone maps): docs/investigate.md.
 */
export const TIMELINE_ROW_GROUP_ROWS = 32_768;

export interface TableLayout {
  /** Rows grouped by this column (ascending, nulls last), each group in generation order. */
  clusterBy: string;
}

/** The layout of a table with these columns and rows in the database file; null: generation order. */
export function tableLayout(columns: readonly string[], rowCount: number): TableLayout | null {
  if (rowCount <= ROW_GROUP_ROWS) return null;
  return columns.includes('DeviceId') ? { clusterBy: 'DeviceId' } : null;
}

/**
 * The `ORDER BY` of the insert that applies `layout`: `key` is the SQL expression of the cluster
 * column, `seq` the generation position of the row (unique, so the order has no ties).
 */
export function layoutOrderBy(key: string, seq: string): string {
  return `ORDER BY ${key} ASC NULLS LAST, ${seq} ASC`;
}
