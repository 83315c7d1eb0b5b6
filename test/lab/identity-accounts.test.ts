/**
 * IdentityAccountInfo, ADFSSignInLogs, AZFWThreatIntel and the tables without rows
 * (src/lab/identity-accounts.ts, sentinel-adfs.ts, sentinel-azfw-ti.ts, schema-only.ts): the
 * catalog's columns are the ones docs/tables/identity-accounts.md lists from the reference pages,
 * the committed rows agree with the tables they are derived from, the `Type` / `IdentityType`
 * decision holds in queries, and Sentinel's AD FS password-spray rule runs over the new table.
 */
import { describe, expect, it } from 'vitest';
import { resolveDataset } from '../../src/cli/datasets.ts';
import { useRunner } from '../cli/helpers.ts';
import { committedCatalog, committedRows, type Row, documentedColumns } from './committed.ts';

const DATASETS = ['lab', 'ransomware', 'golden-saml'];
const str = (v: unknown) => (v == null ? '' : String(v));

const KIND: Record<string, string> = {
  IdentityAccountInfo: 'advanced-hunting',
  AIAgentsInfo: 'advanced-hunting',
  ADFSSignInLogs: 'sentinel',
  AZFWThreatIntel: 'sentinel',
  AADProvisioningLogs: 'sentinel',
  SentinelAudit: 'sentinel',
  AZFWDnsQuery: 'sentinel',
};
const EMPTY = ['AIAgentsInfo', 'AADProvisioningLogs', 'SentinelAudit', 'AZFWDnsQuery'];

describe('schema', () => {
  const doc = documentedColumns('identity-accounts');
  it.each(Object.keys(KIND))('%s has the documented columns in order, in every dataset', (name) => {
    const cols = doc.get(name)!;
    expect(cols.length).toBeGreaterThan(10);
    for (const ds of DATASETS) {
      const t = committedCatalog(ds).tables.find((x) => x.name === name)!;
      expect(t.kind).toBe(KIND[name]);
      expect(t.columns.map((c) => [c.name, c.type])).toEqual(cols);
      if (EMPTY.includes(name)) expect(t.rowCount).toBe(0);
    }
  });
  it('the page spellings the lab follows (Log Analytics page) and the trimmed names', () => {
    const names = doc.get('IdentityAccountInfo')!.map(([n]) => n);
    expect(names).toContain('SourceProviderRiskLevel');
    expect(names).toContain('AuthenticationSourceAcccountId');
    expect(names).toContain('IsPrimary');
    expect(names).not.toContain('SourceProvderRiskLevel');
  });
});

describe('IdentityAccountInfo rows', () => {
  it('one Entra account per IdentityInfo row, plus the AD account of each hybrid identity, same identity and time', () => {
    for (const ds of DATASETS) {
      const info = committedRows(ds, 'IdentityInfo');
      const acc = committedRows(ds, 'IdentityAccountInfo');
      const hybrid = info.filter((r) => r.SourceProvider === 'ActiveDirectory').length;
      expect(acc.filter((r) => r.SourceProvider === 'EntraID').length).toBe(info.length);
      expect(acc.filter((r) => r.SourceProvider === 'ActiveDirectory').length).toBe(hybrid);
      const key = (r: Row, upn: unknown) => `${str(r.IdentityId)}|${str(r.Timestamp)}|${str(upn).toLowerCase()}`;
      const infoKeys = new Set(info.map((r) => key(r, r.AccountUpn)));
      for (const r of acc) expect(infoKeys.has(key(r, r.AccountUpn))).toBe(true);
      // the Entra account carries IdentityInfo's object id and cloud SID; the AD account its SID
      const byObject = new Map(info.map((r) => [str(r.AccountObjectId), r]));
      for (const r of acc.filter((x) => x.SourceProvider === 'EntraID')) expect(str(byObject.get(str(r.SourceProviderAccountId))?.CloudSid)).toBe(str(r.Sid));
      for (const r of acc.filter((x) => x.SourceProvider === 'ActiveDirectory')) expect(str(r.Sid)).toMatch(/^S-1-5-21-/);
    }
  });

  it('Federated exactly for the hybrid Entra accounts whose sign-ins AD FS issued, pointing at their AD account', () => {
    for (const ds of DATASETS) {
      const fed = new Set(committedRows(ds, 'SigninLogs').filter((r) => r.TokenIssuerType === 'ADFederationServices').map((r) => str(r.UserPrincipalName).toLowerCase()));
      const acc = committedRows(ds, 'IdentityAccountInfo');
      const adIds = new Map(acc.filter((r) => r.SourceProvider === 'ActiveDirectory').map((r) => [`${str(r.IdentityId)}|${str(r.Timestamp)}`, str(r.AccountId)]));
      for (const r of acc.filter((x) => x.SourceProvider === 'EntraID')) {
        const ad = adIds.get(`${str(r.IdentityId)}|${str(r.Timestamp)}`);
        const expected = ad && fed.has(str(r.AccountUpn).toLowerCase()) ? 'Federated' : ad ? 'Hybrid' : 'Credentials';
        expect(r.AuthenticationMethod).toBe(expected);
        expect(str(r.AuthenticationSourceAcccountId)).toBe(expected === 'Federated' ? ad : '');
      }
    }
    // golden-saml's tenant is federated: its hybrid people's Entra accounts say so
    expect(committedRows('golden-saml', 'IdentityAccountInfo').some((r) => r.AuthenticationMethod === 'Federated')).toBe(true);
  });
});

describe('ADFSSignInLogs rows', () => {
  it('one record per AD FS token issued (1200, success) or credential refused (1203, failure), same activity id and time', () => {
    for (const ds of DATASETS) {
      const ev = committedRows(ds, 'AdfsEvents').filter((r) => r.LogName === 'Security' && (r.EventId === 1200 || r.EventId === 1203));
      const si = committedRows(ds, 'ADFSSignInLogs');
      const a = ev.map((r) => `${str(r.ActivityId)}|${str(r.TimeCreated)}|${r.EventId === 1200 ? '0' : '50126'}|${str(r.IpAddress)}`).sort();
      const b = si.map((r) => `${str(r.CorrelationId)}|${str(r.TimeGenerated)}|${str(r.ResultType)}|${str(r.IPAddress)}`).sort();
      expect(b).toEqual(a);
      // a known person carries the directory's object id; a sprayed name that is no account (admin@, test@ …) none
      const people = new Map(committedRows(ds, 'IdentityInfo').map((r) => [str(r.AccountUpn).toLowerCase(), str(r.AccountObjectId)]));
      for (const r of si) {
        expect(str(r.UserPrincipalName)).toMatch(/@contoso\.example$/);
        expect(str(r.UserId)).toBe(people.get(str(r.UserPrincipalName).toLowerCase()) ?? '');
      }
    }
    expect(committedRows('golden-saml', 'ADFSSignInLogs').length).toBeGreaterThan(100);
  });

  it('golden-saml: the forged-token sign-ins have no AD FS record at their time, the genuine federated ones do', () => {
    const adfs = committedRows('golden-saml', 'ADFSSignInLogs').filter((r) => r.ResultType === '0');
    const fed = committedRows('golden-saml', 'SigninLogs').filter((r) => r.TokenIssuerType === 'ADFederationServices');
    const issuedBefore = (r: Row) =>
      adfs.some((a) => str(a.UserPrincipalName).toLowerCase() === str(r.UserPrincipalName).toLowerCase() && (r.TimeGenerated as number) - (a.TimeGenerated as number) >= 0 && (r.TimeGenerated as number) - (a.TimeGenerated as number) <= 15 * 60_000);
    const without = fed.filter((r) => !issuedBefore(r));
    expect(fed.length - without.length).toBeGreaterThan(without.length);
    expect(without.length).toBeGreaterThan(0);
  });
});

describe('AZFWThreatIntel rows', () => {
  it("one Alert per firewall record whose host is on Microsoft's feed, and only those", () => {
    for (const ds of DATASETS) {
      const feed = new Set(
        committedRows(ds, 'ThreatIntelligenceIndicator')
          .filter((r) => r.IndicatorProvider === 'Microsoft Defender Threat Intelligence')
          .map((r) => str(r.NetworkIP || r.DomainName).toLowerCase())
          .filter(Boolean),
      );
      const app = committedRows(ds, 'AZFWApplicationRule').filter((r) => feed.has(str(r.Fqdn).toLowerCase()));
      const net = committedRows(ds, 'AZFWNetworkRule').filter((r) => feed.has(str(r.DestinationIp)));
      const ti = committedRows(ds, 'AZFWThreatIntel');
      expect(ti.length).toBe(app.length + net.length);
      for (const r of ti) expect(r.Action).toBe('Alert');
      const key = (r: Row) => `${str(r.TimeGenerated)}|${str(r.SourceIp)}|${str(r.SourcePort)}`;
      expect(ti.map(key).sort()).toEqual([...app, ...net].map(key).sort());
    }
    expect(committedRows('lab', 'AZFWThreatIntel').length).toBeGreaterThan(0);
  });
});

describe('queries over the new tables', () => {
  const { run } = useRunner(() => ({ dataset: resolveDataset('golden-saml', false) }));
  it('Type is the identity type, IdentityType its Log Analytics spelling', async () => {
    const r = await run('IdentityAccountInfo | where Type != IdentityType | count');
    expect(r.rows[0][0]).toBe(0);
    const t = await run('IdentityAccountInfo | distinct Type | order by Type asc');
    expect(t.rows.map((x) => x[0])).toEqual(['ServiceAccount', 'User']);
  });
  it("Sentinel's AD FS password-spray rule (per address, failures over successes) runs", async () => {
    const kql = `let successCodes = dynamic(["0", "50144"]);
ADFSSignInLogs
| where not(todynamic(AuthenticationDetails)[0].authenticationMethod == "Integrated Windows Authentication")
| summarize Failed = dcountif(UserPrincipalName, ResultType !in (successCodes)), Succeeded = dcountif(UserPrincipalName, ResultType in (successCodes)) by IPAddress
| where Failed > 0
| order by IPAddress asc`;
    const r = await run(kql);
    expect(r.rows.length).toBeGreaterThan(0);
    const w = await run('ADFSSignInLogs | where todynamic(AuthenticationDetails)[0].authenticationMethod == "Integrated Windows Authentication" | summarize n = count(), f = countif(ResultType != "0")');
    expect(Number(w.rows[0][0])).toBeGreaterThan(0);
    expect(Number(w.rows[0][1])).toBe(0);
  });
  it('the empty tables compile and return no rows', async () => {
    for (const t of EMPTY) {
      const r = await run(`${t} | take 5`);
      expect(r.rows.length).toBe(0);
    }
  });
});
