/**
 * Sentinel's DnsInventory and AADServicePrincipalRiskEvents (src/lab/sentinel-dns-inventory.ts,
 * src/lab/sentinel-sp-risk.ts): the catalog's columns are those docs/tables/legacy-tables.md lists
 * from the tables' Log Analytics reference pages (dnsinventory-include.md,
 * aadserviceprincipalriskevents-include.md), every record carries the hidden `_ItemId`, and the rows
 * agree with the tables they describe (DnsEvents' answers, the service principal's sign-in).
 */
import { describe, expect, it } from 'vitest';
import { committedCatalog, committedRows, documentedColumns, type Row } from './committed.ts';

const DATASETS = ['lab', 'ransomware', 'golden-saml'];
const str = (v: unknown) => (v == null ? '' : String(v));
const day = (t: unknown) => Math.floor(Number(t) / 86_400_000);

describe('schema', () => {
  const doc = documentedColumns('legacy-tables');
  it.each([
    ['DnsInventory', 14],
    ['AADServicePrincipalRiskEvents', 26],
  ] as const)('%s has the documented columns in order, rows and the hidden _ItemId', (name, n) => {
    const cols = doc.get(name)!;
    expect(cols.length).toBe(n);
    for (const ds of DATASETS) {
      const t = committedCatalog(ds).tables.find((x) => x.name === name)!;
      expect(t.kind).toBe('sentinel');
      expect(t.columns.map((c) => [c.name, c.type])).toEqual(cols);
      expect(t.hiddenColumns?.map((c) => c.name)).toEqual(['_ItemId']);
      expect(t.rowCount, ds).toBeGreaterThan(0);
      const rows = committedRows(ds, name);
      expect(new Set(rows.map((r) => str(r._ItemId))).size).toBe(rows.length);
    }
  });
});

describe('DnsInventory', () => {
  it.each(DATASETS)('%s: a server report every day of DnsEvents, and a record behind every internal name DnsEvents answers', (ds) => {
    const inv = committedRows(ds, 'DnsInventory');
    const ev = committedRows(ds, 'DnsEvents');
    const server = inv.filter((r) => r.SubType === 'Server');
    expect(new Set(server.map((r) => day(r.TimeGenerated)))).toEqual(new Set(ev.map((r) => day(r.TimeGenerated))));
    expect(new Set(server.map((r) => `${r.Computer} ${r.ServerIPs} ${r.DomainName}`))).toEqual(new Set(['dc01.corp.contoso.example 10.20.0.5 corp.contoso.example']));
    const zones = new Set(inv.filter((r) => r.SubType === 'Zone').map((r) => str(r.ZoneName)));
    const records = inv.filter((r) => r.SubType === 'ResourceRecord');
    // every record lies in a reported zone
    for (const r of records) expect(zones.has(str(r.ZoneName)), str(r.ZoneName)).toBe(true);
    const fqdn = new Set(records.map((r) => `${r.ResourceRecordName}.${r.ZoneName} ${r.ResourceRecordType}`));
    const internal = (r: Row) => str(r.Name).endsWith('.corp.contoso.example') || str(r.Name).endsWith('.in-addr.arpa');
    const answered = ev.filter((r) => Number(r.ResultCode) === 0 && internal(r));
    expect(answered.length).toBeGreaterThan(0);
    for (const r of answered) expect(fqdn.has(`${r.Name} ${r.QueryType}`), `${r.Name} ${r.QueryType}`).toBe(true);
    // names DnsEvents finds no record for (NXDOMAIN) have none
    for (const r of ev.filter((x) => Number(x.ResultCode) === 3 && internal(x))) expect(fqdn.has(`${r.Name} ${r.QueryType}`)).toBe(false);
  });
});

describe('AADServicePrincipalRiskEvents', () => {
  it.each(DATASETS)("%s: each detection is on a sign-in of that service principal, with the sign-in's ids, address and key", (ds) => {
    const sp = new Map(committedRows(ds, 'AADServicePrincipalSignInLogs').map((r) => [str(r.Id), r]));
    const risk = committedRows(ds, 'AADServicePrincipalRiskEvents');
    expect(risk.length).toBeGreaterThan(0);
    for (const r of risk) {
      const s = sp.get(str(r.RequestId))!;
      expect(s, str(r.RequestId)).toBeDefined();
      expect([r.AppId, r.ServicePrincipalId, r.ServicePrincipalDisplayName, r.IpAddress, r.CorrelationId, r.ActivityDateTime]).toEqual([
        s.AppId,
        s.ServicePrincipalId,
        s.ServicePrincipalName,
        s.IPAddress,
        s.CorrelationId,
        s.TimeGenerated,
      ]);
      expect(s.ResultType).toBe('0');
      expect(JSON.parse(JSON.stringify(r.KeyIds))).toEqual([s.ServicePrincipalCredentialKeyId]);
      expect(Number(r.DetectedDateTime)).toBeGreaterThan(Number(r.ActivityDateTime));
      expect(Number(r.TimeGenerated)).toBeGreaterThan(Number(r.DetectedDateTime));
      expect(r.LastUpdatedDateTime).toEqual(r.DetectedDateTime);
    }
  });
});
