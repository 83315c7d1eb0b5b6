/**
 * Usage: the workspace's hourly billing meter, derived from the rows the generator has written
 * (docs/tables/posture-and-workspace.md, "Usage"). For each hour of the window and each Log Analytics
 * table with rows in that hour (the Sentinel-side tables, and the Defender XDR tables the Defender XDR
 * connector streams into the workspace), one record per billability with the hour's estimated billed
 * size in MB. Computed after every other table's rows and before their final sort; reads the rows
 * only, draws nothing, so no other table changes.
 *
 * Record size: Azure Monitor bills the string representation of each stored column entry, without the
 * standard columns `Type`, `_ResourceId`, `_SubscriptionId`, `_ItemId`, `_IsBillable`, `_BilledSize`,
 * `_TenantId` (cost-logs.md "Data size calculation"). The lab's estimate: a string's UTF-8 length, a
 * number's decimal text, a bool's `true`/`false`, a datetime as a 28-character ISO 8601 text with seven
 * fractional digits, a dynamic value's JSON text; empty, null and unset entries count nothing. A
 * streamed Defender row also counts the `TenantId` (36) its workspace copy carries. Column values a
 * table fills only at its final sort (the per-device ReportId numbers) are not counted. 1 MB = 10^6
 * bytes (the docs bill in GB of 10^9 bytes).
 */
import type { TableSink } from './builder.ts';
import { workspaceId } from './sentinel-workspace.ts';
import { HOUR } from './time.ts';
import type { Sinks } from './world.ts';

/** Defender XDR tables the streaming API (and so the Defender XDR connector) sends (defender-xdr/supported-event-types.md, GA). */
export const STREAMED_DEFENDER_TABLES = [
  'AlertEvidence', 'AlertInfo', 'CloudAppEvents', 'DeviceEvents', 'DeviceFileCertificateInfo', 'DeviceFileEvents',
  'DeviceImageLoadEvents', 'DeviceInfo', 'DeviceLogonEvents', 'DeviceNetworkEvents', 'DeviceNetworkInfo',
  'DeviceProcessEvents', 'DeviceRegistryEvents', 'EmailAttachmentInfo', 'EmailEvents', 'EmailPostDeliveryEvents',
  'EmailUrlInfo', 'IdentityDirectoryEvents', 'IdentityLogonEvents', 'IdentityQueryEvents', 'UrlClickEvents',
] as const;

/**
 * Tables without ingestion charges: AzureActivity, Heartbeat, Usage and Operation (cost-logs.md "Excluded
 * tables"), and Sentinel's free data types (sentinel/billing.md "Free data sources"): SecurityAlert and
 * SecurityIncident, and OfficeActivity for the SharePoint, Exchange and Teams workloads only.
 */
const FREE_TABLES = new Set(['AzureActivity', 'Heartbeat', 'Usage', 'Operation', 'SecurityAlert', 'SecurityIncident']);
const FREE_OFFICE_WORKLOADS = new Set(['SharePoint', 'OneDrive', 'Exchange', 'MicrosoftTeams']);

/**
 * `Solution` per table: the value of the table's Azure Monitor reference page ("Solutions") where the
 * page names exactly one solution by its identifier. Tables not listed here keep `Solution` empty (see
 * the doc: pages naming several solutions, or display names, or not checked).
 */
export const SOLUTION_OF: Record<string, string> = Object.fromEntries(
  [
    'AADManagedIdentitySignInLogs', 'AADNonInteractiveUserSignInLogs', 'AADServicePrincipalSignInLogs', 'AuditLogs', 'AzureActivity', 'Event',
    'Heartbeat', 'LAQueryLogs', 'MicrosoftGraphActivityLogs', 'SigninLogs', 'Syslog',
  ].map((t) => [t, 'LogManagement']),
);

/** Tables metered: every Sentinel-side table with rows except Usage itself and the watchlist views, plus the streamed Defender tables. */
export function meteredTables(sinks: Sinks): string[] {
  const out: string[] = [];
  for (const name of Object.keys(sinks)) {
    const d = sinks[name].def;
    if (name === 'Usage' || name.startsWith('Watchlist_')) continue;
    if (d.kind === 'sentinel' || (STREAMED_DEFENDER_TABLES as readonly string[]).includes(name)) out.push(name);
  }
  return out.sort();
}

const DATETIME_TEXT = 28; // 2024-05-14T08:00:00.0000000Z
const TENANT_ID_TEXT = 36;

/** The estimated billed size (bytes) of one value of a column of type `type`. */
export function valueSize(type: string, v: unknown): number {
  if (v === undefined || v === null || v === '') return 0;
  switch (type) {
    case 'datetime':
      return DATETIME_TEXT;
    case 'bool':
      return v ? 4 : 5;
    case 'int':
    case 'long':
    case 'real':
    case 'decimal':
    case 'timespan':
      return String(v).length;
    case 'dynamic':
      return utf8Length(typeof v === 'string' ? v : JSON.stringify(v));
    default:
      return utf8Length(typeof v === 'string' ? v : String(v));
  }
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

const EXCLUDED = new Set(['Type', '_ResourceId', '_SubscriptionId', '_ItemId', '_IsBillable', '_BilledSize', '_TenantId']);

/** Per (table, hour start, billable): rows and bytes. */
export interface Meter {
  cells: Map<string, { table: string; hour: number; billable: boolean; rows: number; bytes: number }>;
  /** Rows outside the window (not metered), per table. */
  outside: Map<string, number>;
}

export function newMeter(): Meter {
  return { cells: new Map(), outside: new Map() };
}

/** Adds the rows `sink` holds now to the meter (a spilled sink: the current chunk). */
export function meterRows(m: Meter, sink: TableSink, window: { from: number; to: number }): void {
  const d = sink.def;
  const name = d.name;
  const tcol = d.columns.find((c) => c.name === 'TimeGenerated' && c.type === 'datetime') ?? d.columns.find((c) => c.name === 'Timestamp' && c.type === 'datetime');
  if (!tcol) throw new Error(`Usage: ${name} has no TimeGenerated or Timestamp column`);
  const cols = d.columns.filter((c) => !EXCLUDED.has(c.name));
  const streamed = d.kind !== 'sentinel';
  sink.scanHeld((get) => {
    const t = get(tcol.name);
    if (typeof t !== 'number' || t < window.from || t >= window.to) {
      m.outside.set(name, (m.outside.get(name) ?? 0) + 1);
      return;
    }
    let bytes = streamed ? TENANT_ID_TEXT : 0;
    for (const c of cols) bytes += valueSize(c.type, get(c.name));
    const billable = !FREE_TABLES.has(name) && !(name === 'OfficeActivity' && FREE_OFFICE_WORKLOADS.has(String(get('OfficeWorkload'))));
    const hour = window.from + Math.floor((t - window.from) / HOUR) * HOUR;
    const key = `${name}|${hour}|${billable}`;
    let cell = m.cells.get(key);
    if (!cell) m.cells.set(key, (cell = { table: name, hour, billable, rows: 0, bytes: 0 }));
    cell.rows++;
    cell.bytes += bytes;
  });
}

/** Writes the meter's records into Usage, in time order (then table, then billability). */
export function writeUsage(sinks: Sinks, m: Meter, subscription: string): void {
  const cells = [...m.cells.values()].sort((a, b) => a.hour - b.hour || (a.table < b.table ? -1 : a.table > b.table ? 1 : 0) || Number(a.billable) - Number(b.billable));
  const uri = workspaceId(subscription).toLowerCase(); // ResourceUri: the same on every record
  for (const c of cells) {
    sinks.Usage.add({
      DataType: c.table,
      EndTime: c.hour + HOUR,
      IsBillable: c.billable,
      Quantity: Math.round(c.bytes) / 1e6,
      QuantityUnit: 'MBytes',
      ResourceUri: uri,
      Solution: SOLUTION_OF[c.table] ?? '',
      SourceSystem: 'OMS',
      StartTime: c.hour,
      TimeGenerated: c.hour,
      Type: 'Usage',
    });
  }
}
