/**
 * The file hash index of a dataset written as a DuckDB database file: the side table
 * `FileHashIndex`, sorted by `HashKey` (the first 15 hex digits of a hash, as a long). The rows of
 * each (table, role) that hold a hash are counted by (SHA1, SHA256, MD5, DeviceId, DeviceName,
 * FileName, FolderPath, hour of Timestamp), except the file rows of the activity tables
 * (ACTIVITY_HASH_TABLES), kept one by one with their activity columns. Each count is listed under
 * its lead hash (the row's first non-empty hash of SHA1, SHA256, MD5: the one the file page's row
 * search finds the row by, see investigate/file.ts hashLegs; `Lead` true, `Kind` which hash) with
 * all its columns, and, summed by (Table, Role, DeviceId, hashes) only, under each of its other
 * hashes (`Lead` false: what the identity of those hashes needs). The generator derives it from
 * the written tables when it closes the file (lab/index.ts → DatabaseWriter.derive), in small row
 * groups (db-layout.ts INDEX_ROW_GROUP_ROWS); Arrow datasets and user files have none.
 *
 * It exists for the file page (investigate/file.ts). On a big dataset a hash search reads the whole
 * hash column of every table it searches; with the index the page reads the file's identity, names,
 * prevalence, timeline and activity from a few rows of the index, and which tables and devices hold
 * the hash. The index only narrows where to look: the page's queries still compare the full hash,
 * so a key shared by two hashes costs reads, never a wrong row. Values whose first 15 characters
 * are not hex digits are left out: they cannot equal a hex hash, whatever the case.
 *
 * Roles: `file` for a table's SHA1/SHA256/MD5 columns (the file the row describes), `actor` for its
 * InitiatingProcessSHA1/SHA256/MD5 (the image of the acting process), `mail` for an email
 * attachment's. DeviceId is null for a table without one (FileProfiles) and for rows without one.
 * Datasets generated before the counts have an index of keys only (one row per HashKey, Table,
 * Role, DeviceId, Lead); fileHashIndexKind tells them apart.
 */
import { ident as q, str as lit } from '../kql/sql/quote.ts';
import { storageNames } from './storage.ts';
import type { Catalog, CatalogTable } from './types.ts';

export const FILE_HASH_INDEX = 'FileHashIndex';

/** Hex digits of a hash the index keeps (60 bits: a positive long). */
export const HASH_KEY_DIGITS = 15;

/** Tables whose SHA1/SHA256/MD5 describe a file (role `file`). */
export const FILE_HASH_TABLES = ['DeviceProcessEvents', 'DeviceFileEvents', 'DeviceImageLoadEvents', 'DeviceEvents', 'AlertEvidence', 'DeviceFileCertificateInfo', 'FileProfiles'];
/** Tables whose InitiatingProcessSHA1/SHA256/MD5 describe the acting process's image (role `actor`). */
export const ACTOR_HASH_TABLES = ['DeviceProcessEvents', 'DeviceFileEvents', 'DeviceImageLoadEvents', 'DeviceEvents', 'DeviceRegistryEvents', 'DeviceNetworkEvents', 'DeviceLogonEvents'];

/**
 * Tables whose hashes are those of an email attachment (role `mail`): the file page's mail card
 * searches them; the identity and the file's rows do not (FILE_HASH_TABLES, ACTOR_HASH_TABLES).
 */
export const MAIL_HASH_TABLES = ['EmailAttachmentInfo'];

export type HashRole = 'file' | 'actor' | 'mail';

/** The hash columns, in the order that decides a row's lead hash (its first non-empty one). */
export const HASH_KINDS = ['SHA1', 'SHA256', 'MD5'] as const;

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

/**
 * How the file page can use a dataset's index: `counts` when its rows count the rows they stand for
 * (the `Events` column, fileHashIndexSql's since the counts were added), `keys` for an index of
 * keys only (a dataset generated before), null without an index.
 */
export function fileHashIndexKind(catalog: Catalog | null | undefined): 'keys' | 'counts' | null {
  const t = catalog?.tables.find((x) => x.name === FILE_HASH_INDEX && x.kind === 'side');
  return !t ? null : t.columns.some((c) => c.name === 'Events') ? 'counts' : 'keys';
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
      { name: 'Role', type: 'string', description: '"file" (SHA1/SHA256/MD5 columns), "actor" (InitiatingProcessSHA1/SHA256/MD5) or "mail" (an email attachment\'s)' },
      { name: 'DeviceId', type: 'string', description: 'a device of those rows (null for a table without DeviceId, or rows without one)' },
      { name: 'Lead', type: 'bool', description: "the hash is the rows' first non-empty one of SHA1, SHA256, MD5 (of the role's columns)" },
      { name: 'Kind', type: 'string', description: 'which of the rows\' hashes HashKey is: "SHA1", "SHA256" or "MD5"' },
      { name: 'SHA1', type: 'string', description: "the rows' SHA1 (InitiatingProcessSHA1 for the actor role)" },
      { name: 'SHA256', type: 'string', description: "the rows' SHA256 (InitiatingProcessSHA256 for the actor role)" },
      { name: 'MD5', type: 'string', description: "the rows' MD5 (InitiatingProcessMD5 for the actor role)" },
      { name: 'DeviceName', type: 'string', description: "the rows' DeviceName" },
      { name: 'FileName', type: 'string', description: "the rows' FileName (InitiatingProcessFileName for the actor role)" },
      { name: 'FolderPath', type: 'string', description: "the rows' FolderPath (InitiatingProcessFolderPath for the actor role)" },
      { name: 'FirstSeen', type: 'datetime', description: "the earliest Timestamp of the rows (all in one hour)" },
      { name: 'LastSeen', type: 'datetime', description: 'the latest Timestamp of the rows' },
      { name: 'Events', type: 'long', description: 'how many rows of the table have these values in this hour (1 for an activity row; the sum for a row that is not Lead)' },
      ...ACTIVITY_INDEX_COLUMNS.map((c) => ({ name: c.name, type: c.type, description: `the row's ${c.name} (activity rows: the file rows of ${ACTIVITY_HASH_TABLES.join(', ')}; null in others)` })),
    ],
    rowCount,
    sampleQuery: `${FILE_HASH_INDEX}\n| summarize Devices = dcount(DeviceId) by HashKey\n| order by Devices desc`,
  };
}


/** Tables whose file rows are also the file page's activity (created, executed, loaded): the index keeps each such row. */
export const ACTIVITY_HASH_TABLES = ['DeviceFileEvents', 'DeviceProcessEvents', 'DeviceImageLoadEvents'];

/** The columns of an activity row besides those of every index row (each row's own; null in other rows). */
export const ACTIVITY_INDEX_COLUMNS: { name: string; type: 'string' | 'long' | 'datetime' }[] = [
  { name: 'ActionType', type: 'string' },
  { name: 'ProcessCommandLine', type: 'string' },
  { name: 'ProcessId', type: 'long' },
  { name: 'ProcessCreationTime', type: 'datetime' },
  { name: 'InitiatingProcessFileName', type: 'string' },
  { name: 'InitiatingProcessId', type: 'long' },
  { name: 'InitiatingProcessCreationTime', type: 'datetime' },
  { name: 'InitiatingProcessCommandLine', type: 'string' },
];

const SQL_TYPE = { string: 'VARCHAR', long: 'BIGINT', datetime: 'TIMESTAMP' } as const;

/**
 * The SELECT that builds the index from the tables of `tables` (catalog entries; their storage
 * column names), in a total order (the same rows in the same order for the same data; rows equal
 * in every column are interchangeable). Null when no table of the lists is present.
 *
 * The rows of each (table, role) with a hash of 15 leading hex digits are counted by (SHA1,
 * SHA256, MD5, DeviceId, DeviceName, FileName, FolderPath, hour of Timestamp), except the file
 * rows of the activity tables (ACTIVITY_HASH_TABLES), kept one by one (Events 1) with their
 * activity columns; a column a table lacks is null, as in a KQL union (the file page's searches
 * are such unions). Each count is listed under its lead hash (the row's first non-empty one, `Lead`
 * true) and, summed by (table, role, device, hashes) only, under each of its other hashes (`Lead`
 * false: what the identity of those hashes needs).
 */
export function fileHashIndexSql(tables: readonly CatalogTable[]): string | null {
  const counted: string[] = [];
  const single: string[] = [];
  for (const [role, list, prefix] of [
    ['file', FILE_HASH_TABLES, ''],
    ['actor', ACTOR_HASH_TABLES, 'InitiatingProcess'],
    ['mail', MAIL_HASH_TABLES, ''],
  ] as const) {
    for (const name of list) {
      const t = tables.find((x) => x.name === name);
      if (!t) continue;
      const names = t.columns.map((c) => c.name);
      const stored = storageNames(names);
      const col = (n: string) => (names.includes(n) ? q(stored[names.indexOf(n)]) : null);
      const str = (n: string) => col(n) ?? 'NULL::VARCHAR';
      const hashes = HASH_KINDS.map((k) => col(`${prefix}${k}`));
      if (!hashes.some((h) => h)) continue;
      const any = hashes.filter((h): h is string => !!h).map((h) => `length(${h}) >= ${HASH_KEY_DIGITS}`);
      const base = `${lit(name)} AS "Table", ${lit(role)} AS "Role", ${HASH_KINDS.map((k, i) => `${hashes[i] ?? 'NULL::VARCHAR'} AS ${q(k)}`).join(', ')}, ${str('DeviceId')} AS "DeviceId", ${str('DeviceName')} AS "DeviceName", ${str(`${prefix}FileName`)} AS "FileName", ${str(`${prefix}FolderPath`)} AS "FolderPath", ${col('Timestamp') ?? 'NULL::TIMESTAMP'} AS "Timestamp"`;
      if (role === 'file' && ACTIVITY_HASH_TABLES.includes(name)) {
        const extra = ACTIVITY_INDEX_COLUMNS.map((c) => `CAST(${col(c.name) ?? 'NULL'} AS ${SQL_TYPE[c.type]}) AS ${q(c.name)}`);
        single.push(`SELECT ${base}, ${extra.join(', ')} FROM ${q(name)} WHERE ${any.join(' OR ')}`);
      } else counted.push(`SELECT ${base} FROM ${q(name)} WHERE ${any.join(' OR ')}`);
    }
  }
  if (!counted.length && !single.length) return null;
  const rowKeys = ['"Table"', '"Role"', '"SHA1"', '"SHA256"', '"MD5"', '"DeviceId"', '"DeviceName"', '"FileName"', '"FolderPath"'];
  const nulls = ACTIVITY_INDEX_COLUMNS.map((c) => `NULL::${SQL_TYPE[c.type]} AS ${q(c.name)}`).join(', ');
  const acts = ACTIVITY_INDEX_COLUMNS.map((c) => q(c.name));
  const parts: string[] = [];
  if (counted.length)
    parts.push(`SELECT ${rowKeys.join(', ')}, count(*) AS "Events", min("Timestamp") AS "FirstSeen", max("Timestamp") AS "LastSeen", ${nulls} FROM (\n${counted.join('\nUNION ALL\n')}\n) GROUP BY ${rowKeys.join(', ')}, date_trunc('hour', "Timestamp")`);
  if (single.length) parts.push(`SELECT ${rowKeys.join(', ')}, 1::BIGINT AS "Events", "Timestamp" AS "FirstSeen", "Timestamp" AS "LastSeen", ${acts.join(', ')} FROM (\n${single.join('\nUNION ALL\n')}\n)`);
  const keyOf = (k: string) => `TRY_CAST(('0x' || ${q(k)}[1:${HASH_KEY_DIGITS}]) AS BIGINT)`;
  const legs = HASH_KINDS.flatMap((k, i) => {
    // the earlier hashes of the row are all empty: this one leads
    const lead = i ? HASH_KINDS.slice(0, i).map((b) => `coalesce(${q(b)}, '') = ''`).join(' AND ') : 'TRUE';
    const has = `length(${q(k)}) >= ${HASH_KEY_DIGITS}`;
    return [
      `SELECT ${keyOf(k)} AS "HashKey", "Table", "Role", "DeviceId", TRUE AS "Lead", ${lit(k)} AS "Kind", "SHA1", "SHA256", "MD5", "DeviceName", "FileName", "FolderPath", "FirstSeen", "LastSeen", "Events", ${acts.join(', ')} FROM counted WHERE ${has} AND ${lead}`,
      ...(i
        ? [
            `SELECT ${keyOf(k)} AS "HashKey", "Table", "Role", "DeviceId", FALSE AS "Lead", ${lit(k)} AS "Kind", "SHA1", "SHA256", "MD5", NULL::VARCHAR AS "DeviceName", NULL::VARCHAR AS "FileName", NULL::VARCHAR AS "FolderPath", NULL::TIMESTAMP AS "FirstSeen", NULL::TIMESTAMP AS "LastSeen", sum("Events")::BIGINT AS "Events", ${nulls} FROM counted WHERE ${has} AND NOT (${lead}) GROUP BY ALL`,
          ]
        : []),
    ];
  });
  const order = ['"HashKey"', '"Kind"', '"Lead"', '"Table"', '"Role"', '"DeviceId"', '"SHA1"', '"SHA256"', '"MD5"', '"DeviceName"', '"FileName"', '"FolderPath"', '"FirstSeen"', '"Events"', ...acts];
  return `WITH counted AS (\n${parts.join('\nUNION ALL\n')}\n)\nSELECT * FROM (\n${legs.join('\nUNION ALL\n')}\n) WHERE "HashKey" IS NOT NULL ORDER BY ${order.map((k) => `${k} ASC NULLS FIRST`).join(', ')}`;
}
