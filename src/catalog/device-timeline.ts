/**
 * The device timeline of a dataset written as a DuckDB database file: the side table
 * `DeviceTimeline`, one row per row of the seven device event tables (DeviceProcessEvents,
 * DeviceFileEvents, DeviceRegistryEvents, DeviceNetworkEvents, DeviceEvents, DeviceImageLoadEvents,
 * DeviceLogonEvents), holding only the columns the device page's timeline and histogram and the
 * process tree's steps and activity read, plus the row's `Table` and `ReportId` (with DeviceId and Timestamp
 * they tie the row back to its table's full row). It is sorted by (DeviceId, Timestamp, Table,
 * ReportId), so one device's events are contiguous: a few row groups of one table instead of a row
 * group in each of seven tables. The generator derives it from the written tables when it closes
 * the file (lab/index.ts → DatabaseWriter.derive); Arrow datasets and user files have none.
 *
 * Why: on a big dataset the engine reads at least one block per (table, column) a query touches in
 * each row group it cannot skip. The device timeline's union over seven tables touches about 18
 * columns of each; over the side table it touches each column once.
 *
 * Its rows are what `union withsource=Table <the seven tables> | project <the columns>` gives (a
 * string column a table lacks is empty, any other missing column is null, as in a KQL union;
 * AdditionalFields takes the shape common to the seven tables' AdditionalFields, as the union's
 * does), so a query on it gives the rows of the same query on the union: the views read it when a
 * dataset has it (investigate/device.ts, process-tree.ts) and still show the union's query as the
 * card's KQL ("open as query").
 */
import { ident as q, str as lit } from '../kql/sql/quote.ts';
import { storageNames } from './storage.ts';
import type { Catalog, CatalogColumn, CatalogTable, KqlType } from './types.ts';

export const DEVICE_TIMELINE = 'DeviceTimeline';

/** The tables it copies, in the order of the device page's union (their columns' shapes unify in this order). */
export const TIMELINE_TABLES = ['DeviceProcessEvents', 'DeviceFileEvents', 'DeviceRegistryEvents', 'DeviceNetworkEvents', 'DeviceEvents', 'DeviceImageLoadEvents', 'DeviceLogonEvents'];

/**
 * The columns it holds (besides `Table`, which names the source table): what the device page's
 * timeline and histogram and the process tree's steps and activity read.
 */
export const TIMELINE_COLUMNS = [
  'DeviceId',
  'Timestamp',
  'ReportId',
  'ActionType',
  'FileName',
  'FolderPath',
  'ProcessId',
  'ProcessCreationTime',
  'ProcessCommandLine',
  'RemoteIP',
  'RemotePort',
  'RemoteUrl',
  'RegistryKey',
  'RegistryValueName',
  'RegistryValueData',
  'AccountName',
  'AdditionalFields',
  'InitiatingProcessFileName',
  'InitiatingProcessId',
  'InitiatingProcessCreationTime',
  // the rest of a process tree step's columns (process-tree.ts STEP_COLUMNS)
  'SHA1',
  'ProcessIntegrityLevel',
  'LogonId',
  'InitiatingProcessLogonId',
  'InitiatingProcessParentId',
  'InitiatingProcessParentCreationTime',
];

/** Whether a dataset's catalog lists the timeline (a generated DuckDB dataset's side table). */
export function hasDeviceTimeline(catalog: Catalog | null | undefined): boolean {
  return !!catalog?.tables.some((t) => t.name === DEVICE_TIMELINE && t.kind === 'side');
}

const DEFAULT_DUCK: Record<string, string> = { bool: 'BOOLEAN', datetime: 'TIMESTAMP', decimal: 'DOUBLE', guid: 'VARCHAR', int: 'INTEGER', long: 'BIGINT', real: 'DOUBLE', string: 'VARCHAR', timespan: 'BIGINT' };


/**
 * The fields of a `STRUCT(...)` DuckDB type as (name, type text), split at its top-level commas;
 * null for any other type.
 */
export function structFields(duckType: string): [string, string][] | null {
  const m = /^\s*STRUCT\s*\((.*)\)\s*$/is.exec(duckType);
  if (!m) return null;
  const body = m[1];
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts.map((p) => {
    const f = /^\s*(?:"((?:[^"]|"")*)"|([A-Za-z_][A-Za-z0-9_]*))\s+(.+?)\s*$/s.exec(p);
    if (!f) throw new Error(`not a struct field: ${p}`);
    return [f[1] !== undefined ? f[1].replace(/""/g, '"') : f[2], f[3]];
  });
}

interface Plan {
  /** Each column's KQL type and DuckDB type (the union's), `Table` first. */
  columns: { name: string; type: KqlType; duckType: string }[];
  /** The tables present, with their columns. */
  tables: CatalogTable[];
}

/**
 * The columns' types: a column's KQL type must be the same in every table that has it (else the
 * union would split it into one column per type); a dynamic column takes the unified shape.
 * Null when none of the tables is present.
 */
function plan(tables: readonly CatalogTable[]): Plan | null {
  const present = TIMELINE_TABLES.map((n) => tables.find((t) => t.name === n)).filter((t): t is CatalogTable => !!t);
  if (!present.length) return null;
  const columns: Plan['columns'] = [{ name: 'Table', type: 'string', duckType: 'VARCHAR' }];
  for (const name of TIMELINE_COLUMNS) {
    let type: KqlType | null = null;
    let fields: [string, string][] | null = null;
    let duck = '';
    for (const t of present) {
      const c = t.columns.find((x) => x.name === name);
      if (!c) continue;
      if (type && c.type !== type) throw new Error(`${DEVICE_TIMELINE}: ${name} is ${type} in one table and ${c.type} in ${t.name}`);
      type = c.type;
      if (c.type === 'dynamic') {
        if (!c.duckType) throw new Error(`${DEVICE_TIMELINE}: ${t.name}.${name} has no storage type`);
        const f = structFields(c.duckType);
        if (!f || (fields === null && duck)) {
          // not a struct: every table must store it alike
          if (duck && duck !== c.duckType) throw new Error(`${DEVICE_TIMELINE}: ${name} is stored as ${duck} and as ${c.duckType}`);
          duck = c.duckType;
          if (fields) throw new Error(`${DEVICE_TIMELINE}: ${name} is a struct in one table, not in ${t.name}`);
          continue;
        }
        fields ??= [];
        // the union's rule (kql/lower/values.ts unify): the first table's fields, then each new field in order
        for (const [fname, ftype] of f) {
          const have = fields.find((x) => x[0] === fname);
          if (!have) fields.push([fname, ftype]);
          else if (have[1] !== ftype) throw new Error(`${DEVICE_TIMELINE}: ${name}.${fname} is ${have[1]} in one table and ${ftype} in ${t.name}`);
        }
      } else duck = c.duckType ?? DEFAULT_DUCK[c.type];
    }
    if (!type) continue;
    columns.push({ name, type, duckType: fields ? `STRUCT(${fields.map(([n, ty]) => `${q(n)} ${ty}`).join(', ')})` : duck });
  }
  return { columns, tables: present };
}

/** The timeline's catalog entry (`rowCount` as written), for these tables. */
export function deviceTimelineTable(tables: readonly CatalogTable[], rowCount: number): CatalogTable {
  const p = plan(tables);
  if (!p) throw new Error(`${DEVICE_TIMELINE}: none of its tables is present`);
  const describe: Record<string, string> = { Table: 'the table the row comes from', ReportId: 'the row\'s ReportId in its table (with DeviceId and Timestamp: the row)' };
  return {
    name: DEVICE_TIMELINE,
    kind: 'side',
    description: `Derived copy of the device event tables' rows (written with the DuckDB file, not part of the generated data), narrowed to the columns of the device timeline and the process tree (steps and activity) and sorted by device and time. The investigation views read it instead of the ${p.tables.length} tables.`,
    columns: p.columns.map((c): CatalogColumn => ({
      name: c.name,
      type: c.type,
      ...(c.type === 'dynamic' ? { duckType: c.duckType } : {}),
      description: describe[c.name] ?? `${c.name} of the source row (empty or null when its table has no such column)`,
    })),
    rowCount,
    sampleQuery: `${DEVICE_TIMELINE}\n| summarize Events = count() by Table, DeviceId\n| top 10 by Events`,
  };
}


/** About this many rows per part of the build (deviceTimelineSql): each part's sort stays well within the writer's memory. */
export const PART_ROWS = 1_000_000;

/**
 * The SELECTs that build the timeline from the tables of `tables` (catalog entries; their storage
 * column names), their rows one after the other: the rows of one range of DeviceId each, the
 * ranges in order (then the rows without a DeviceId), each sorted by (DeviceId, Timestamp, Table,
 * ReportId). Together: the whole table in that order, a total order on generated data, where
 * (DeviceId, Table, ReportId) is unique (test/lab/duckdb-format.test.ts). One sort of all the rows
 * (5.3M at the 1M-process-event lab, with AdditionalFields' dozens of struct fields as payload)
 * runs out of the writer's 3 GB; the big device tables are grouped by device (db-layout.ts), so
 * each part reads only its range's row groups. The ranges split the first four characters of the
 * ids (hexadecimal in generated data) evenly into about rows / PART_ROWS parts; any string falls in
 * exactly one range. Empty when none of the tables is present.
 */
export function deviceTimelineSql(tables: readonly CatalogTable[], partRows = PART_ROWS): string[] {
  const p = plan(tables);
  if (!p) return [];
  const rows = p.tables.reduce((n, t) => n + (t.rowCount ?? 0), 0);
  const parts = Math.min(4096, Math.max(1, Math.ceil(rows / partRows)));
  const bounds = Array.from({ length: parts - 1 }, (_, i) => Math.floor(((i + 1) * 0x10000) / parts).toString(16).padStart(4, '0'));
  const ranges = [...bounds, null].map((hi, i) => {
    const lo = i ? bounds[i - 1] : null;
    return [lo === null ? null : `>= ${lit(lo)}`, hi === null ? null : `< ${lit(hi)}`].filter((x): x is string => !!x);
  });
  const select = (where: (device: string) => string) => {
    const legs = p.tables.map((t) => {
      const names = t.columns.map((c) => c.name);
      const stored = storageNames(names);
      const cols = p.columns.map((c) => {
        if (c.name === 'Table') return `${lit(t.name)} AS "Table"`;
        const i = names.indexOf(c.name);
        // a column the table lacks: empty for a string, null otherwise (a KQL union's rule)
        const v = i >= 0 ? q(stored[i]) : c.type === 'string' ? "''" : 'NULL';
        return `CAST(${v} AS ${c.duckType}) AS ${q(c.name)}`;
      });
      const d = names.indexOf('DeviceId');
      return `SELECT ${cols.join(', ')} FROM ${q(t.name)} WHERE ${where(d >= 0 ? q(stored[d]) : 'NULL')}`;
    });
    return `SELECT * FROM (\n${legs.join('\nUNION ALL\n')}\n) ORDER BY "DeviceId" ASC NULLS LAST, "Timestamp" ASC NULLS LAST, "Table" ASC, "ReportId" ASC NULLS LAST`;
  };
  return [
    ...ranges.map((r) => select((d) => (r.length ? r.map((c) => `${d} ${c}`).join(' AND ') : `${d} IS NOT NULL`))),
    select((d) => `${d} IS NULL`),
  ];
}
