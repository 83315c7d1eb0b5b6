/**
 * The device page's histogram of a dataset written as a DuckDB database file: the side table
 * `DeviceHourlyEvents`, one row per (DeviceId, hour, Table) of the seven device event tables (the
 * tables of DeviceTimeline, catalog/device-timeline.ts) with its number of rows, `Events`:
 * the rows of investigate/device.ts histogramKql for every device at once, sorted by (DeviceId,
 * Timestamp, Table). The hour is the compiled `bin(Timestamp, 1h)` (kql/sql/functions.ts bin_dt);
 * rows without a DeviceId are left out (no device page shows them), a null Timestamp is its own
 * hour as in the query. The page reads a device's rows with histogramFromHoursKql and still shows
 * the query over the event tables as the card's KQL.
 *
 * Why: the histogram was the first query of the page on DeviceTimeline (5.3M rows at the 1M lab,
 * 183 row groups): reading the zone maps of every row group took ~25 range requests spread over
 * the file before the device's rows. This table has 0.76M rows in default-size row groups (7 at
 * the 1M lab) and four narrow columns. The generator derives it before DeviceTimeline
 * (lab/index.ts), in the attached file's default row groups; not in a cloned lab (its clones are
 * added to the tables afterwards).
 */
import { ident as q, str as lit } from '../kql/sql/quote.ts';
import { storageNames } from './storage.ts';
import type { CatalogColumn, CatalogTable, Catalog } from './types.ts';
import { TIMELINE_TABLES } from './device-timeline.ts';

export const DEVICE_HOURS = 'DeviceHourlyEvents';

/** Whether a dataset's catalog lists the table (a generated DuckDB dataset's side table). */
export function hasDeviceHours(catalog: Catalog | null | undefined): boolean {
  return !!catalog?.tables.some((t) => t.name === DEVICE_HOURS && t.kind === 'side');
}

/** The seven tables present with a DeviceId (a table without one has no row on any device page). */
function present(tables: readonly CatalogTable[]): CatalogTable[] {
  return TIMELINE_TABLES.map((n) => tables.find((t) => t.name === n)).filter((t): t is CatalogTable => !!t && t.columns.some((c) => c.name === 'DeviceId' && c.type === 'string'));
}

/** The SELECT that builds the table from the event tables of `tables` (their storage names); null when none is present. */
export function deviceHoursSql(tables: readonly CatalogTable[]): string | null {
  const ts = present(tables);
  if (!ts.length) return null;
  const legs = ts.map((t) => {
    const names = t.columns.map((c) => c.name);
    const stored = storageNames(names);
    const dev = q(stored[names.indexOf('DeviceId')]);
    const ti = t.columns.findIndex((c) => c.name === 'Timestamp' && c.type === 'datetime');
    // bin(Timestamp, 1h) as compiled (bin_dt: 1h = 3,600,000,000 µs from 0001-01-01)
    const hour = ti >= 0 ? `time_bucket(to_microseconds(3600000000), ${q(stored[ti])}, TIMESTAMP '0001-01-01')` : 'CAST(NULL AS TIMESTAMP)';
    return `SELECT ${dev} AS "DeviceId", ${hour} AS "Timestamp", ${lit(t.name)} AS "Table", count(*)::BIGINT AS "Events" FROM ${q(t.name)} WHERE ${dev} IS NOT NULL GROUP BY 1, 2`;
  });
  return `SELECT * FROM (\n${legs.join('\nUNION ALL\n')}\n) ORDER BY "DeviceId" ASC, "Timestamp" ASC NULLS LAST, "Table" ASC`;
}

/** The table's catalog entry (`rowCount` as written), for these tables. */
export function deviceHoursTable(tables: readonly CatalogTable[], rowCount: number): CatalogTable {
  const ts = present(tables);
  if (!ts.length) throw new Error(`${DEVICE_HOURS}: none of its tables is present`);
  const columns: [string, CatalogColumn['type'], string][] = [
    ['DeviceId', 'string', 'the device'],
    ['Timestamp', 'datetime', 'the hour: bin(Timestamp, 1h) of the rows counted'],
    ['Table', 'string', 'the table the rows come from'],
    ['Events', 'long', "the device's rows of that table in that hour"],
  ];
  return {
    name: DEVICE_HOURS,
    kind: 'side',
    description: `Derived count of the device event tables' rows per device, hour and table (written with the DuckDB file, not part of the generated data): the device page's histogram reads it instead of the ${ts.length} tables.`,
    columns: columns.map(([name, type, description]) => ({ name, type, description })),
    rowCount,
    sampleQuery: `${DEVICE_HOURS}\n| summarize Events = sum(Events) by Table\n| sort by Events desc`,
  };
}
