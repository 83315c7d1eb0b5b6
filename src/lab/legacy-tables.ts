/**
 * Two tables Defender for Endpoint's advanced hunting retired, kept because older public hunting
 * queries still read them (issue #11, "paste it and it runs"; docs/tables/legacy-tables.md):
 *  - DeviceAlertEvents: the MDATP alert table that AlertInfo + AlertEvidence replaced. Each
 *    Defender for Endpoint alert of AlertInfo, once per piece of evidence on a device in
 *    AlertEvidence (the device itself, a file, a process, a registry value, an address or URL the
 *    device reached), so the old and the new tables tell the same story.
 *  - DeviceTvmSoftwareInventoryVulnerabilities: the inventory-with-vulnerabilities table that
 *    DeviceTvmSoftwareInventory + DeviceTvmSoftwareVulnerabilities replaced: each installed product
 *    once per vulnerability the newer table reports for it, or once with no CVE.
 * Columns and types: the retired tables' reference pages in MicrosoftDocs/microsoft-365-docs, in the
 * pages' order. No random draws: every other table's rows stay as they were.
 */
import type { RefTable } from './schema-data.ts';
import { refColumns } from './sentinel-tables.ts';
import type { Sinks } from './world.ts';

const REF = 'docs/tables/legacy-tables.md';

const TVM_COLUMNS = `DeviceId:string DeviceName:string OSPlatform:string OSVersion:string OSArchitecture:string SoftwareVendor:string
  SoftwareName:string SoftwareVersion:string CveId:string VulnerabilitySeverityLevel:string`;

export const LEGACY_TABLES: RefTable[] = [
  {
    name: 'DeviceAlertEvents',
    kind: 'advanced-hunting',
    ref: REF,
    description: 'Retired MDATP alert table (replaced by AlertInfo + AlertEvidence): each Defender for Endpoint alert once per piece of evidence on a device.',
    columns: refColumns(`AlertId:string Timestamp:datetime DeviceId:string DeviceName:string Severity:string Category:string Title:string
      FileName:string SHA1:string RemoteUrl:string RemoteIP:string AttackTechniques:string ReportId:long Table:string`),
  },
  {
    name: 'DeviceTvmSoftwareInventoryVulnerabilities',
    kind: 'advanced-hunting',
    ref: REF,
    description:
      'Retired Vulnerability Management table (replaced by DeviceTvmSoftwareInventory + DeviceTvmSoftwareVulnerabilities): each installed product once per known vulnerability, or once with no CVE.',
    columns: refColumns(TVM_COLUMNS),
  },
];

const TVM_NAMES = TVM_COLUMNS.trim()
  .split(/\s+/)
  .map((w) => w.split(':')[0]);
const INVENTORY_NAMES = TVM_NAMES.filter((n) => n !== 'CveId' && n !== 'VulnerabilitySeverityLevel');

/** The alert product whose alerts the retired table held. */
const MDE = 'Microsoft Defender for Endpoint';

/** Which of the device tables holds the activity behind a piece of evidence (the `Table` column). */
const TABLE_OF: Record<string, string> = {
  Machine: '',
  File: 'DeviceFileEvents',
  Process: 'DeviceProcessEvents',
  RegistryValue: 'DeviceRegistryEvents',
  Ip: 'DeviceNetworkEvents',
  Url: 'DeviceNetworkEvents',
};

const EVIDENCE_COLS = ['Timestamp', 'AlertId', 'EntityType', 'DeviceId', 'DeviceName', 'FileName', 'SHA1', 'RemoteUrl', 'RemoteIP'];

/** Rows this module derives from, kept as they are written (the tables may be spilled by then). */
export function keepLegacyReads(sinks: Sinks): void {
  sinks.AlertInfo.keep('legacy', ['AlertId', 'Title', 'Category', 'Severity', 'ServiceSource', 'AttackTechniques'], (get) => get('ServiceSource') === MDE);
  sinks.AlertEvidence.keep('legacy', EVIDENCE_COLS, (get) => String(get('EntityType')) in TABLE_OF);
  sinks.DeviceTvmSoftwareInventory.keep('legacy', INVENTORY_NAMES, () => true);
  sinks.DeviceTvmSoftwareVulnerabilities.keep('legacy', TVM_NAMES, () => true);
}

export function writeLegacyTables(sinks: Sinks): void {
  deviceAlertEvents(sinks);
  inventoryVulnerabilities(sinks);
}

const str = (v: unknown) => (v == null ? '' : String(v));

function deviceAlertEvents(sinks: Sinks): void {
  const out = sinks.DeviceAlertEvents;
  if (!out) return;
  const alerts = new Map<string, Record<string, unknown>>();
  for (const r of sinks.AlertInfo.kept('legacy').rows) if (!alerts.has(str(r.AlertId))) alerts.set(str(r.AlertId), r);
  const evidence = new Map<string, Record<string, unknown>[]>();
  for (const r of sinks.AlertEvidence.kept('legacy').rows) {
    const id = str(r.AlertId);
    if (!alerts.has(id)) continue;
    evidence.set(id, [...(evidence.get(id) ?? []), r]);
  }
  for (const [id, a] of alerts) {
    const ev = evidence.get(id) ?? [];
    // The alert's devices: every device its evidence names, in order of first mention.
    const devices = new Map<string, string>();
    for (const e of ev) if (str(e.DeviceId) && !devices.has(str(e.DeviceId))) devices.set(str(e.DeviceId), str(e.DeviceName));
    for (const e of ev) {
      // Evidence with no device of its own (an address, a URL) is on each of the alert's devices.
      const on: [string, string][] = str(e.DeviceId) ? [[str(e.DeviceId), str(e.DeviceName) || (devices.get(str(e.DeviceId)) ?? '')]] : [...devices];
      for (const [deviceId, deviceName] of on) {
        out.add({
          AlertId: id,
          Timestamp: e.Timestamp,
          DeviceId: deviceId,
          DeviceName: deviceName,
          Severity: a.Severity,
          Category: a.Category,
          Title: a.Title,
          FileName: str(e.FileName),
          SHA1: str(e.SHA1),
          RemoteUrl: str(e.RemoteUrl),
          RemoteIP: str(e.RemoteIP),
          AttackTechniques: a.AttackTechniques,
          Table: TABLE_OF[str(e.EntityType)],
        });
      }
    }
  }
}

function inventoryVulnerabilities(sinks: Sinks): void {
  const out = sinks.DeviceTvmSoftwareInventoryVulnerabilities;
  if (!out) return;
  const key = (r: Record<string, unknown>) => [r.DeviceId, r.SoftwareVendor, r.SoftwareName, r.SoftwareVersion].map(str).join('|');
  const vulns = new Map<string, Record<string, unknown>[]>();
  for (const r of sinks.DeviceTvmSoftwareVulnerabilities.kept('legacy').rows) vulns.set(key(r), [...(vulns.get(key(r)) ?? []), r]);
  const used = new Set<string>();
  for (const r of sinks.DeviceTvmSoftwareInventory.kept('legacy').rows) {
    const k = key(r);
    const vs = vulns.get(k);
    if (vs && !used.has(k)) {
      used.add(k);
      for (const v of vs) out.add({ ...r, CveId: str(v.CveId), VulnerabilitySeverityLevel: str(v.VulnerabilitySeverityLevel) });
    } else if (!vs) out.add({ ...r, CveId: '', VulnerabilitySeverityLevel: '' });
  }
  // A vulnerable product the inventory does not list (none expected): still in the old table.
  for (const [k, vs] of vulns) if (!used.has(k)) for (const v of vs) out.add({ ...v });
}
