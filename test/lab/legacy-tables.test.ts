/**
 * The retired Defender tables DeviceAlertEvents and DeviceTvmSoftwareInventoryVulnerabilities
 * (src/lab/legacy-tables.ts): the catalog's columns are the ones docs/tables/legacy-tables.md lists
 * from the reference pages, the committed rows agree with the newer tables they are derived from,
 * and old hunting queries over them run and find rows.
 */
import { describe, expect, it } from 'vitest';
import { resolveDataset } from '../../src/cli/datasets.ts';
import { INTERNET_SCANNERS } from '../../src/lab/sentinel-estate.ts';
import { useRunner } from '../cli/helpers.ts';
import { committedCatalog, committedRows, type Row, documentedColumns } from './committed.ts';

const rows = (table: string, dataset = 'lab'): Row[] => committedRows(dataset, table);
const str = (v: unknown) => (v == null ? '' : String(v));
const DATASETS = ['lab', 'ransomware', 'golden-saml'];

describe('schema', () => {
  const doc = documentedColumns('legacy-tables');
  it.each([
    ['DeviceAlertEvents', 14],
    ['DeviceTvmSoftwareInventoryVulnerabilities', 10],
    ['AWSGuardDuty', 17],
    ['LAQueryLogs', 28],
  ] as const)('%s has the documented columns in order', (name, n) => {
    const cols = doc.get(name)!;
    expect(cols.length).toBe(n);
    for (const ds of DATASETS) {
      const t = committedCatalog(ds).tables.find((x) => x.name === name)!;
      expect(t.kind).toBe(name.startsWith('Device') ? 'advanced-hunting' : 'sentinel');
      expect(t.columns.filter((c) => c.group !== 'log-analytics').map((c) => [c.name, c.type])).toEqual(cols);
      expect(t.rowCount).toBeGreaterThan(0);
    }
  });
});

describe('DeviceAlertEvents', () => {
  it.each(DATASETS)('%s: one row per device evidence of each endpoint alert, with the alert\'s title, severity and category', (ds) => {
    const info = new Map(rows('AlertInfo', ds).map((a) => [str(a.AlertId), a]));
    const ev = rows('AlertEvidence', ds);
    const dae = rows('DeviceAlertEvents', ds);
    const endpoint = [...info.values()].filter((a) => a.ServiceSource === 'Microsoft Defender for Endpoint');
    expect(endpoint.length).toBeGreaterThan(0);
    // every endpoint alert with a device is there, no other alert is
    const withDevice = new Set(ev.filter((e) => str(e.DeviceId) && info.get(str(e.AlertId))?.ServiceSource === 'Microsoft Defender for Endpoint').map((e) => str(e.AlertId)));
    expect(new Set(dae.map((r) => str(r.AlertId)))).toEqual(withDevice);
    for (const r of dae) {
      const a = info.get(str(r.AlertId))!;
      expect([r.Title, r.Severity, r.Category, r.AttackTechniques]).toEqual([a.Title, a.Severity, a.Category, a.AttackTechniques]);
      // the device is one the alert's evidence names
      expect(ev.some((e) => e.AlertId === r.AlertId && e.DeviceId === r.DeviceId && e.DeviceName === r.DeviceName)).toBe(true);
    }
    // each file / process evidence is a row with its name, hash and table: on its own device, or
    // (no device of its own) on each device of the alert
    for (const e of ev.filter((x) => withDevice.has(str(x.AlertId)) && (x.EntityType === 'File' || x.EntityType === 'Process'))) {
      const table = e.EntityType === 'File' ? 'DeviceFileEvents' : 'DeviceProcessEvents';
      const devices = str(e.DeviceId) ? [str(e.DeviceId)] : [...new Set(ev.filter((x) => x.AlertId === e.AlertId && str(x.DeviceId)).map((x) => str(x.DeviceId)))];
      for (const d of devices) {
        const m = dae.filter((r) => r.AlertId === e.AlertId && r.DeviceId === d && r.FileName === e.FileName && str(r.SHA1) === str(e.SHA1) && r.Table === table);
        expect(m.length, `${e.AlertId} ${e.FileName}`).toBeGreaterThanOrEqual(1);
      }
    }
    // ReportId unique per device, as on the other device tables
    const keys = dae.map((r) => `${r.DeviceId}|${r.ReportId}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
  it('an address or URL the alert names is on the alert\'s device', () => {
    const dae = rows('DeviceAlertEvents');
    const net = dae.filter((r) => r.Table === 'DeviceNetworkEvents');
    expect(net.length).toBeGreaterThan(0);
    for (const r of net) expect(str(r.RemoteIP) || str(r.RemoteUrl)).not.toBe('');
  });
});

describe('DeviceTvmSoftwareInventoryVulnerabilities', () => {
  it.each(DATASETS)('%s: every inventory product, once per vulnerability of the newer table or once without a CVE', (ds) => {
    const key = (r: Row) => [r.DeviceId, r.SoftwareVendor, r.SoftwareName, r.SoftwareVersion].map(str).join('|');
    const inv = rows('DeviceTvmSoftwareInventory', ds);
    const vul = rows('DeviceTvmSoftwareVulnerabilities', ds);
    const old = rows('DeviceTvmSoftwareInventoryVulnerabilities', ds);
    expect(new Set(old.map(key))).toEqual(new Set(inv.map(key)));
    const withCve = old.filter((r) => str(r.CveId));
    expect(withCve.map((r) => `${key(r)}|${r.CveId}|${r.VulnerabilitySeverityLevel}`).sort()).toEqual(vul.map((r) => `${key(r)}|${r.CveId}|${r.VulnerabilitySeverityLevel}`).sort());
    const vulnerable = new Set(vul.map(key));
    for (const r of old.filter((x) => !str(x.CveId))) {
      expect(vulnerable.has(key(r))).toBe(false);
      expect(str(r.VulnerabilitySeverityLevel)).toBe('');
    }
    // the device columns are the inventory's
    const dev = new Map(inv.map((r) => [key(r), [r.DeviceName, r.OSPlatform, r.OSVersion, r.OSArchitecture].map(str).join('|')]));
    for (const r of old) expect([r.DeviceName, r.OSPlatform, r.OSVersion, r.OSArchitecture].map(str).join('|')).toBe(dev.get(key(r)));
  });
});

describe('AWSGuardDuty', () => {
  it.each(DATASETS)('%s: port-probe findings on the AWSCloudTrail account, one Id per instance and port, re-exported with a growing count', (ds) => {
    const gd = rows('AWSGuardDuty', ds);
    const trail = rows('AWSCloudTrail', ds);
    expect(gd.length).toBeGreaterThan(0);
    expect(new Set(gd.map((r) => r.AccountId))).toEqual(new Set(trail.map((r) => r.RecipientAccountId)));
    expect(new Set(gd.map((r) => r.Region))).toEqual(new Set(trail.map((r) => r.AWSRegion)));
    const byId = new Map<string, Row[]>();
    for (const r of gd) byId.set(str(r.Id), [...(byId.get(str(r.Id)) ?? []), r]);
    expect(byId.size).toBe(2);
    const scanners = new Set(INTERNET_SCANNERS);
    for (const [id, rs] of byId) {
      rs.sort((a, b) => Number(a.TimeGenerated) - Number(b.TimeGenerated));
      expect(new Set(rs.map((r) => Number(r.TimeCreated))).size, id).toBe(1);
      let prev = 0;
      for (const r of rs) {
        const sd = r.ServiceDetails as { count: unknown; eventFirstSeen: string; eventLastSeen: string; action: { portProbeAction: { portProbeDetails: { toArray(): { remoteIpDetails: { ipAddressV4: string } }[] } } } };
        const count = Number(sd.count);
        expect(count).toBeGreaterThan(prev);
        prev = count;
        expect(Date.parse(sd.eventFirstSeen)).toBe(Number(r.TimeCreated));
        expect(Date.parse(sd.eventLastSeen)).toBeLessThan(Number(r.TimeGenerated));
        expect(Number(r.TimeCreated)).toBeLessThan(Number(r.TimeGenerated));
        const ip = sd.action.portProbeAction.portProbeDetails.toArray()[0].remoteIpDetails.ipAddressV4;
        expect(scanners.has(ip), ip).toBe(true);
        expect(str(r.Arn)).toContain(`/finding/${id}`);
      }
    }
  });
});

describe('LAQueryLogs', () => {
  it.each(DATASETS)('%s: one query per analytics rule run of SentinelHealth, over the run\'s lookback, submitted before it is logged', (ds) => {
    const q = rows('LAQueryLogs', ds);
    const runs = rows('SentinelHealth', ds).filter((r) => r.OperationName === 'Scheduled analytics rule run');
    expect(q.length).toBeGreaterThan(0);
    expect(q.length).toBe(runs.length);
    const byCorr = new Map(runs.map((r) => [str((r.ExtendedProperties as Row).CorrelationId), r]));
    for (const x of q) {
      const run = byCorr.get(str(x.CorrelationId))!;
      const ext = run.ExtendedProperties as Row;
      expect(Number(x.QueryTimeRangeStart)).toBe(Date.parse(str(ext.QueryStartTimeUTC)));
      expect(Number(x.QueryTimeRangeEnd)).toBe(Date.parse(str(ext.QueryEndTimeUTC)));
      expect(Number(x.TimeGenerated)).toBeLessThan(Number(run.TimeGenerated));
      expect(Number(run.TimeGenerated) - Number(x.TimeGenerated)).toBeLessThan(10_000);
      expect(Number(x.ResponseRowCount)).toBe(Number(ext.QueryResultAmount));
      expect(str(x.QueryText)).not.toBe('');
    }
  });
});

describe('old hunting queries over the retired tables run and find rows', () => {
  const { run } = useRunner(() => ({ dataset: resolveDataset('lab', false) }));
  const HUNTS: [string, string][] = [
    ['alerts per device, first and last', 'DeviceAlertEvents | summarize (FirstSeen, Title) = argmin(Timestamp, Title), LastSeen = max(Timestamp) by AlertId, DeviceId | summarize Alerts = count() by DeviceId'],
    ['alerts with a file hash, joined to the process that ran it', 'DeviceAlertEvents | where isnotempty(SHA1) | distinct DeviceId, SHA1, Title | join kind=inner (DeviceProcessEvents | project DeviceId, SHA1, ProcessCommandLine) on DeviceId, SHA1 | summarize n = count() by Title'],
    ['alerts by technique', 'DeviceAlertEvents | where AttackTechniques has "T1059" | summarize dcount(AlertId) by Severity'],
    ['the old table agrees with its replacement', 'DeviceAlertEvents | distinct AlertId | join kind=inner (AlertInfo | where ServiceSource == "Microsoft Defender for Endpoint") on AlertId | count'],
    ['devices with critical or high vulnerabilities', 'DeviceTvmSoftwareInventoryVulnerabilities | where VulnerabilitySeverityLevel in ("Critical", "High") | summarize Cves = dcount(CveId) by DeviceName, SoftwareName'],
    ['GuardDuty findings by type, with the probers', 'AWSGuardDuty | extend Instance = tostring(ResourceDetails.instanceDetails.instanceId), Prober = tostring(ServiceDetails.action.portProbeAction.portProbeDetails[0].remoteIpDetails.ipAddressV4) | summarize arg_max(TimeGenerated, Title), Probers = make_set(Prober) by ActivityType, Instance, Severity'],
    ['slowest queries per caller', 'LAQueryLogs | summarize Queries = count(), P95 = percentile(ResponseDurationMs, 95), Rows = sum(ResponseRowCount) by AADObjectId, RequestClientApp | order by P95 desc'],
    ['each rule query with its health record', 'LAQueryLogs | join kind=inner (SentinelHealth | where OperationName == "Scheduled analytics rule run" | extend CorrelationId = tostring(ExtendedProperties.CorrelationId)) on CorrelationId | summarize Runs = count() by SentinelResourceName'],
    ['vulnerable software with the CVE knowledge base', 'DeviceTvmSoftwareInventoryVulnerabilities | where isnotempty(CveId) | join kind=inner DeviceTvmSoftwareVulnerabilitiesKB on CveId | project DeviceName, SoftwareName, CveId, CvssScore'],
  ];
  it('the analytics rules\' queries LAQueryLogs records run over the lab', async () => {
    const texts = [...new Set(rows('LAQueryLogs').map((r) => str(r.QueryText)))];
    expect(texts.length).toBe(5);
    for (const t of texts) {
      const r = await run(t);
      expect(r.columns.length, t).toBeGreaterThan(0);
    }
  });
  it.each(HUNTS)('%s', async (_name, kql) => {
    const r = await run(kql);
    expect(r.rows.length).toBeGreaterThan(0);
  });
});
