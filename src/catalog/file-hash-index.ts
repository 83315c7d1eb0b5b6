/**
 * The file hash index of a dataset written as a DuckDB database file: the side table
 * `FileHashIndex`, one row per distinct (HashKey, Table, Role, DeviceId, Lead): the first 15 hex
 * digits of a hash found in a hash column of `Table` (as a long), on a row of device `DeviceId`;
 * `Lead` when it is the row's first non-empty hash of SHA1, SHA256, MD5 (the one the file page's
 * row search finds the row by, see investigate/file.ts hashLegs). The generator derives it from the written tables when it closes the file
 * (lab/index.ts → DatabaseWriter.derive); Arrow datasets and user files have none.
 *
 * It exists for the file page (investigate/file.ts). On a big dataset a hash search reads the whole
 * hash column of every table it searches; with the index the page first reads which tables and
 * devices hold the hash (a few rows of a table sorted by HashKey), then searches only those
 * tables, with `DeviceId in (…)` added to the hash filter (the big device tables are grouped by
 * DeviceId, db-layout.ts, so the other devices' row groups are skipped). The index only narrows
 * where to look: the page's queries still compare the full hash, so a key shared by two hashes
 * costs reads, never a wrong row. Values whose first 15 characters are not hex digits are left out:
 * they cannot equal a hex hash, whatever the case.
 *
 * Roles: `file` for a table's SHA1/SHA256/MD5 columns (the file the row describes), `actor` for its
 * InitiatingProcessSHA1/SHA256/MD5 (the image of the acting process). DeviceId is null for a table
 * without one (FileProfiles) and for rows without one.
 */
import { storageNames } from './storage.ts';
import type { Catalog, CatalogTable } from './types.ts';

export const FILE_HASH_INDEX = 'FileHashIndex';

/** Hex digits of a hash the index keeps (60 bits: a positive long). */
export const HASH_KEY_DIGITS = 15;

/** Tables whose SHA1/SHA256/MD5 describe a file (role `file`). */
export const FILE_HASH_TABLES = ['DeviceProcessEvents', 'DeviceFileEvents', 'DeviceImageLoadEvents', 'DeviceEvents', 'AlertEvidence', 'DeviceFileCertificateInfo', 'FileProfiles'];
/** Tables whose InitiatingProcessSHA1/SHA256/MD5 describe the acting process's image (role `actor`). */
export const ACTOR_HASH_TABLES = ['DeviceProcessEvents', 'DeviceFileEvents', 'DeviceImageLoadEvents', 'DeviceEvents', 'DeviceRegistryEvents', 'DeviceNetworkEvents', 'DeviceLogonEvents'];

export type HashRole = 'file' | 'actor';

/** The index key of a hex hash: its first HASH_KEY_DIGITS hex digits as a number (decimal text of a long). */
export function hashKey(hash: string): string {
  const head = hash.slice(0, HASH_KEY_DIGITS);
  if (!/^[0-9a-fA-F]+$/.test(head) || head.length < HASH_KEY_DIGITS) throw new Error(`not a hex hash: ${hash}`);
  return BigInt(`0x${head}`).toString();
}

/** Whether a dataset's catalog lists the index (a generated DuckDB dataset's side table). */
export function hasFileHashIndex(catalog: Catalog | null | undefined): boolean {
  return !!catalog?.tables.some((t) => t.name === FILE_HASH_INDEX && t.kind === 'side');
}

/** The index's catalog entry (`rowCount` as written). */
export function fileHashIndexTable(rowCount: number): CatalogTable {
  return {
    name: FILE_HASH_INDEX,
    kind: 'side',
    description: `Derived index of the file hashes in the device tables (written with the DuckDB file, not part of the generated data): where each hash occurs, keyed by its first ${HASH_KEY_DIGITS} hex digits. The file page reads it to search only the tables and devices that hold a hash.`,
    columns: [
      { name: 'HashKey', type: 'long', description: `first ${HASH_KEY_DIGITS} hex digits of a SHA1, SHA256 or MD5 value, as a number` },
      { name: 'Table', type: 'string', description: 'a table with the hash in one of its hash columns' },
      { name: 'Role', type: 'string', description: '"file" (SHA1/SHA256/MD5 columns) or "actor" (InitiatingProcessSHA1/SHA256/MD5)' },
      { name: 'DeviceId', type: 'string', description: 'a device of those rows (null for a table without DeviceId, or rows without one)' },
      { name: 'Lead', type: 'bool', description: "the hash is the rows' first non-empty one of SHA1, SHA256, MD5 (of the role's columns)" },
    ],
    rowCount,
    sampleQuery: `${FILE_HASH_INDEX}\n| summarize Devices = dcount(DeviceId) by HashKey\n| order by Devices desc`,
  };
}

const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * The SELECT that builds the index from the tables of `tables` (catalog entries; their storage
 * column names), in a total order (the same rows in the same order for the same data). Null when
 * no table of the lists is present.
 */
export function fileHashIndexSql(tables: readonly CatalogTable[]): string | null {
  const legs: string[] = [];
  for (const [role, list, prefix] of [
    ['file', FILE_HASH_TABLES, ''],
    ['actor', ACTOR_HASH_TABLES, 'InitiatingProcess'],
  ] as const) {
    for (const name of list) {
      const t = tables.find((x) => x.name === name);
      if (!t) continue;
      const names = t.columns.map((c) => c.name);
      const stored = storageNames(names);
      const col = (n: string) => (names.includes(n) ? q(stored[names.indexOf(n)]) : null);
      const device = col('DeviceId') ?? 'NULL::VARCHAR';
      // the earlier hash columns of the row, all empty: this hash leads (a missing column is empty, as in a KQL union)
      const before: string[] = [];
      for (const kind of ['SHA1', 'SHA256', 'MD5']) {
        const h = col(`${prefix}${kind}`);
        if (!h) continue;
        const lead = before.length ? before.map((b) => `coalesce(${b}, '') = ''`).join(' AND ') : 'TRUE';
        legs.push(
          `SELECT DISTINCT TRY_CAST(('0x' || ${h}[1:${HASH_KEY_DIGITS}]) AS BIGINT) AS "HashKey", ${lit(name)} AS "Table", ${lit(role)} AS "Role", ${device} AS "DeviceId", (${lead}) AS "Lead" FROM ${q(name)} WHERE length(${h}) >= ${HASH_KEY_DIGITS}`,
        );
        before.push(h);
      }
    }
  }
  if (!legs.length) return null;
  const keys = ['"HashKey"', '"Table"', '"Role"', '"DeviceId"', '"Lead"'];
  return `SELECT DISTINCT * FROM (\n${legs.join('\nUNION ALL\n')}\n) WHERE "HashKey" IS NOT NULL ORDER BY ${keys.map((k) => `${k} ASC NULLS FIRST`).join(', ')}`;
}
