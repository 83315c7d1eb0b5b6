/**
 * EntraIdSpnSignInEvents, OAuthAppInfo and DeviceTvmSoftwareEvidenceBeta (src/lab/defender-more.ts) and
 * Sentinel's Anomalies (src/lab/sentinel-anomalies.ts):
 * the catalog's columns are the ones docs/tables/defender-more.md lists from the reference pages,
 * the committed rows agree with the tables they are derived from, and a few hunts over them find rows.
 */
import { describe, expect, it } from 'vitest';
import { resolveDataset } from '../../src/cli/datasets.ts';
import { useRunner } from '../cli/helpers.ts';
import { committedCatalog, committedRows, type Row, documentedColumns } from './committed.ts';

const rows = (table: string, dataset = 'lab'): Row[] => committedRows(dataset, table);
const str = (v: unknown) => (v == null ? '' : String(v));
const plain = (v: unknown): unknown => (v != null && typeof (v as { toJSON?: unknown }).toJSON === 'function' ? (v as { toJSON(): unknown }).toJSON() : v);
const list = (v: unknown): unknown[] => ((plain(v) as unknown[]) ?? []).map(plain);
const HOUR = 3_600_000; // ms

describe('schema', () => {
  const doc = documentedColumns('defender-more');
  it.each(['EntraIdSpnSignInEvents', 'OAuthAppInfo', 'DeviceTvmSoftwareEvidenceBeta', 'Anomalies'])('%s has the documented columns in order', (name) => {
    const cols = doc.get(name)!;
    expect(cols.length).toBeGreaterThan(5);
    for (const ds of ['lab', 'ransomware', 'golden-saml']) {
      const t = committedCatalog(ds).tables.find((x) => x.name === name)!;
      expect(t.kind).toBe(name === 'Anomalies' ? 'sentinel' : 'advanced-hunting');
      expect(t.columns.map((c) => [c.name, c.type])).toEqual(cols);
      expect(t.rowCount).toBeGreaterThan(0);
    }
  });
  it('EntraIdSpnSignInEvents has exactly the columns AADSpnSignInEventsBeta shares with its page', () => {
    const older = committedCatalog('lab').tables.find((x) => x.name === 'AADSpnSignInEventsBeta')!.columns.map((c) => `${c.name}:${c.type}`);
    for (const [n, t] of doc.get('EntraIdSpnSignInEvents')!) expect(older).toContain(`${n}:${t}`);
  });
});

describe('rows', () => {
  it('EntraIdSpnSignInEvents holds every AADSpnSignInEventsBeta sign-in once, in every dataset', () => {
    for (const ds of ['lab', 'golden-saml']) {
      const key = (r: Row) => [r.Timestamp, r.CorrelationId, r.ServicePrincipalId, r.IPAddress, r.ErrorCode, r.ResourceDisplayName].map(str).join('|');
      const a = rows('AADSpnSignInEventsBeta', ds).map(key).sort();
      const b = rows('EntraIdSpnSignInEvents', ds).map(key).sort();
      expect(b.length).toBeGreaterThan(0);
      expect(b).toEqual(a);
    }
  });

  it('OAuthAppInfo: ids match the sign-in logs, a record follows each audited change of an app within the next hour, never before it was added', () => {
    const apps = rows('OAuthAppInfo');
    const spn = rows('AADSpnSignInEventsBeta');
    for (const a of apps) {
      const s = spn.find((x) => x.ServicePrincipalName === a.AppName);
      if (s) expect([a.OAuthAppId, a.ServicePrincipalId]).toEqual([s.ApplicationId, s.ServicePrincipalId]);
      expect(Number(a.Timestamp)).toBeGreaterThanOrEqual(Number(a.AddedOnTime));
      expect(Number(a.LastModifiedTime)).toBeGreaterThanOrEqual(Number(a.AddedOnTime));
      expect(Number(a.LastModifiedTime)).toBeLessThanOrEqual(Number(a.Timestamp));
      if (a.LastUsedTime != null) expect(Number(a.LastUsedTime)).toBeLessThanOrEqual(Number(a.Timestamp));
      expect(a.IsAdminConsented ? a.ConsentedUsersCount : 1).toBe(a.IsAdminConsented ? 0 : 1);
    }
    expect(new Set(apps.map((a) => a.AppName)).has('Backup Agent')).toBe(false); // a managed identity
    const names = new Set(apps.map((a) => str(a.AppName)));
    const changes = rows('AuditLogs').filter((r) => r.Category === 'ApplicationManagement');
    expect(changes.length).toBeGreaterThan(0);
    for (const ch of changes) {
      const target = str((list(ch.TargetResources)[0] as Row).displayName);
      if (!names.has(target)) continue;
      const t = Number(ch.TimeGenerated);
      expect(apps.some((a) => a.AppName === target && Number(a.Timestamp) > t && Number(a.Timestamp) - t <= 2 * HOUR && Number(a.LastModifiedTime) >= t), `${ch.OperationName} ${target}`).toBe(true);
    }
    // consented in the window: no record before the consent
    const consent = changes.find((r) => str(r.OperationName).startsWith('Consent to application') && str((list(r.TargetResources)[0] as Row).displayName) === 'Zava Meeting Scheduler')!;
    const zava = apps.filter((a) => a.AppName === 'Zava Meeting Scheduler');
    expect(zava.length).toBeGreaterThan(0);
    for (const a of zava) {
      expect(Number(a.Timestamp)).toBeGreaterThan(Number(consent.TimeGenerated));
      expect(a.IsAdminConsented).toBe(false);
    }
  });

  it('DeviceTvmSoftwareEvidenceBeta: one row per inventory row, last seen at the device\'s last DeviceInfo report', () => {
    const inv = rows('DeviceTvmSoftwareInventory');
    const ev = rows('DeviceTvmSoftwareEvidenceBeta');
    const key = (r: Row) => [r.DeviceId, r.SoftwareVendor, r.SoftwareName, r.SoftwareVersion].map(str).join('|');
    expect(ev.map(key).sort()).toEqual(inv.map(key).sort());
    const last = new Map<string, number>();
    for (const d of rows('DeviceInfo')) last.set(str(d.DeviceId), Math.max(last.get(str(d.DeviceId)) ?? 0, Number(d.Timestamp)));
    for (const r of ev) {
      expect(Date.parse(str(r.LastSeenTime))).toBe(last.get(str(r.DeviceId)));
      const disk = list(r.DiskPaths).map(str);
      expect(disk.length).toBeGreaterThan(0);
      for (const p of disk) expect(p).toMatch(/^C:\\/);
    }
  });
});

describe('Anomalies', () => {
  it('each failed-sign-in burst and new-country sign-in of BehaviorInfo is one UEBA anomaly of the same account and address, raised after it', () => {
    for (const ds of ['lab', 'golden-saml']) {
      const an = rows('Anomalies', ds);
      const beh = rows('BehaviorInfo', ds);
      const ips = new Map(rows('BehaviorEntities', ds).filter((e) => e.EntityType === 'Ip').map((e) => [str(e.BehaviorId), str(e.RemoteIP)]));
      const kind: Record<string, string> = { MultipleFailedLoginAttempts: 'Anomalous Failed Sign-in', ActivityFromInfrequentCountry: 'Anomalous Sign-in' };
      for (const b of beh) {
        const match = an.filter((a) => a.AnomalyTemplateName === kind[str(b.ActionType)] && a.UserPrincipalName === b.AccountUpn && Number(a.StartTime) === Number(b.StartTime));
        expect(match.length, `${b.ActionType} ${b.AccountUpn}`).toBe(1);
        expect(match[0].SourceIpAddress).toBe(ips.get(str(b.BehaviorId)));
        expect(Number(match[0].TimeGenerated)).toBeGreaterThan(Number(match[0].EndTime));
      }
      expect(an.filter((a) => a.AnomalyTemplateName !== 'Anomalous Privilege Granted').length).toBe(beh.length);
    }
  });
  it('privilege-granted anomalies follow an app role assignment by the same account; tactics and techniques as the anomaly reference gives them', () => {
    const an = rows('Anomalies');
    const grants = rows('AuditLogs').filter((r) => str(r.OperationName).startsWith('Add app role assignment to service principal'));
    const priv = an.filter((a) => a.AnomalyTemplateName === 'Anomalous Privilege Granted');
    expect(priv.length).toBeGreaterThan(0);
    for (const a of priv) {
      expect(grants.some((g) => Number(g.TimeGenerated) === Number(a.StartTime) && str((plain((plain(g.InitiatedBy) as Row).user) as Row).userPrincipalName) === a.UserPrincipalName)).toBe(true);
    }
    const expected: Record<string, [string, string]> = {
      'Anomalous Failed Sign-in': ['CredentialAccess', 'T1110'],
      'Anomalous Sign-in': ['Persistence', 'T1078'],
      'Anomalous Privilege Granted': ['Persistence', 'T1098'],
    };
    for (const a of an) expect([a.Tactics, a.Techniques]).toEqual(expected[str(a.AnomalyTemplateName)]);
    const score = an.map((a) => Number(a.Score));
    for (const x of score) expect(x > 0 && x <= 1).toBe(true);
  });
});

describe('hunts over the new tables find rows', () => {
  const { run } = useRunner(() => ({ dataset: resolveDataset('lab', false) }));
  const HUNTS: [string, string][] = [
    [
      'service principals signing in from more than one country (successor table)',
      'EntraIdSpnSignInEvents | where ErrorCode == 0 | summarize Countries = dcount(Country), Ips = make_set(IPAddress) by ServicePrincipalName | where Countries >= 1 | order by ServicePrincipalName asc',
    ],
    [
      'high-privilege apps from outside the tenant, latest record each',
      'OAuthAppInfo | summarize arg_max(Timestamp, *) by OAuthAppId | where AppOrigin == "External" and PrivilegeLevel == "High" | project AppName, IsAdminConsented, VerifiedPublisher.DisplayName',
    ],
    [
      'apps granted Graph mail or file permissions',
      'OAuthAppInfo | summarize arg_max(Timestamp, *) by OAuthAppId | mv-expand Permission = Permissions | where tostring(Permission.PermissionName) has_any ("Mail.", "Files.", "Sites.") | distinct AppName',
    ],
    [
      'apps consented recently, with the consenting event',
      'OAuthAppInfo | where AddedOnTime > ago(7d) | distinct AppName, OAuthAppId | join kind=inner (AuditLogs | where OperationName has "Consent to application" | extend AppName = tostring(TargetResources[0].displayName)) on AppName | project AppName, TimeGenerated',
    ],
    [
      'where 7-Zip is installed (evidence paths)',
      'DeviceTvmSoftwareEvidenceBeta | where SoftwareName == "7-zip" | mv-expand DiskPath = DiskPaths to typeof(string) | join kind=inner (DeviceInfo | distinct DeviceId, DeviceName) on DeviceId | summarize Devices = dcount(DeviceId) by DiskPath',
    ],
    [
      'UEBA anomalies joined with the account\'s sign-ins from the anomaly\'s address',
      'Anomalies | where AnomalyTemplateName has "Sign-in" | project AnomalyTime = TimeGenerated, UserPrincipalName, IPAddress = SourceIpAddress, Tactics | join kind=inner (SigninLogs | project UserPrincipalName, IPAddress, ResultType) on UserPrincipalName, IPAddress | summarize Attempts = count() by UserPrincipalName, IPAddress, Tactics',
    ],
    [
      'anomalies by tactic and template',
      'Anomalies | extend Account = tostring(Entities[0].Name) | summarize n = count(), Accounts = make_set(Account) by Tactics, AnomalyTemplateName',
    ],
  ];
  it.each(HUNTS)('%s', async (_name, kql) => {
    const r = await run(kql);
    expect(r.rows.length).toBeGreaterThan(0);
  });
});
