/**
 * Sentinel's built-in watchlist templates in the lab (src/lab/sentinel-tables.ts WATCHLISTS,
 * items from sentinel-rows.ts): `_GetWatchlist(alias)` on the committed lab dataset, through the
 * real engine, returns the template's documented columns (azure-docs
 * articles/sentinel/watchlist-schemas.md) with SearchKey set to the search-key column, and the
 * items name the lab's own people, accounts and networks, so that the usual hunts find rows.
 */
import { describe, expect, it } from 'vitest';
import { resolveDataset } from '../../src/cli/datasets.ts';
import { LEAVER, SCAN_TO_MAIL } from '../../src/lab/accounts.ts';
import { WATCHLISTS } from '../../src/lab/sentinel-tables.ts';
import { useRunner } from '../cli/helpers.ts';

const { run, outcome } = useRunner(() => ({ dataset: resolveDataset('lab', false) }));

/** The template fields as the schema page lists them, in its order. */
const DOCUMENTED: Record<string, { key: string; fields: string[] }> = {
  NetworkAddresses: { key: 'IP Subnet', fields: ['IP Subnet', 'Range Name', 'Tags'] },
  TerminatedEmployees: {
    key: 'User Principal Name',
    fields: ['User Identifier', 'User AAD Object Id', 'User On-Prem Sid', 'User Principal Name', 'UserState', 'Notification date', 'Termination date', 'Tags'],
  },
  IdentityCorrelation: {
    key: 'User Principal Name',
    fields: ['User Identifier', 'User AAD Object Id', 'User On-Prem Sid', 'User Principal Name', 'Employee Id', 'Email', 'Associated Privileged Account ID', 'Associated Privileged Account', 'Tags'],
  },
  ServiceAccounts: {
    key: 'Service Principal Name',
    fields: ['Service Identifier', 'Service AAD Object Id', 'Service On-Prem Sid', 'Service Principal Name', 'Owner User Identifier', 'Owner User AAD Object Id', 'Owner User On-Prem Sid', 'Owner User Principal Name', 'Tags'],
  },
};

/** A watchlist's rows as objects by column name. */
async function items(alias: string): Promise<{ columns: { name: string; type: string }[]; rows: Record<string, unknown>[] }> {
  const r = await run(`_GetWatchlist('${alias}')`);
  return { columns: r.columns, rows: r.rows.map((row) => Object.fromEntries(r.columns.map((c, i) => [c.name, row[i]]))) };
}

describe('Sentinel watchlist templates in the lab', () => {
  it('the lab declares each documented template with the documented fields and search key', () => {
    for (const [alias, doc] of Object.entries(DOCUMENTED)) {
      const w = WATCHLISTS.find((x) => x.alias === alias);
      expect(w, alias).toBeDefined();
      expect([...w!.columns]).toEqual(doc.fields);
      expect(w!.searchKey).toBe(doc.key);
    }
  });

  for (const [alias, doc] of Object.entries(DOCUMENTED)) {
    it(`_GetWatchlist('${alias}') returns items with Sentinel's columns, the template's fields as text and SearchKey = ['${doc.key}']`, async () => {
      const { columns, rows } = await items(alias);
      expect(columns.map((c) => c.name)).toEqual(['_DTItemId', 'LastUpdatedTimeUTC', 'SearchKey', 'WatchlistItem', ...doc.fields]);
      for (const f of doc.fields) expect(columns.find((c) => c.name === f)?.type, f).toBe('string');
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) {
        expect(r.SearchKey).not.toBe('');
        expect(r.SearchKey).toBe(r[doc.key]);
        expect((r.WatchlistItem as Record<string, unknown>)[doc.key]).toBe(r[doc.key]);
        expect(Array.isArray(JSON.parse(String(r.Tags)))).toBe(true);
      }
      expect(new Set(rows.map((r) => r._DTItemId)).size).toBe(rows.length);
    });
  }

  it('NetworkAddresses: CIDR subnets that hold the domain controller, the VPN pool and the offices\' egress; sign-ins resolve with ipv4_lookup', async () => {
    const { rows } = await items('NetworkAddresses');
    for (const r of rows) expect(String(r['IP Subnet'])).toMatch(/^\d+\.\d+\.\d+\.\d+\/\d+$/);
    const named = await run("let nets = _GetWatchlist('NetworkAddresses'); datatable(ip: string)['10.20.0.5', '10.20.8.40', '198.51.100.40', '203.0.113.150'] | evaluate ipv4_lookup(nets, ip, SearchKey, return_unmatched = true) | project ip, Range = ['Range Name'] | order by ip asc");
    expect(named.rows).toEqual([
      ['10.20.0.5', 'Server network'],
      ['10.20.8.40', 'VPN client pool'],
      ['198.51.100.40', 'Office egress'],
      ['203.0.113.150', ''],
    ]);
    const signIns = await run("let nets = _GetWatchlist('NetworkAddresses'); SigninLogs | evaluate ipv4_lookup(nets, IPAddress, SearchKey) | count");
    expect(Number(signIns.rows[0][0])).toBeGreaterThan(0);
  });

  it('TerminatedEmployees: the leaver, terminated on the day IT disabled the account; the sign-ins after it are the phone\'s failed retries', async () => {
    const { rows } = await items('TerminatedEmployees');
    expect(rows.map((r) => [r['User Principal Name'], r['User AAD Object Id'], r.UserState, r['Termination date']])).toEqual([
      [LEAVER.upn, LEAVER.objectId, 'Terminated', new Date(LEAVER.stateChangedOn / 1000).toISOString().slice(0, 10)],
    ]);
    const after = await run(
      "let t = _GetWatchlist('TerminatedEmployees') | project SearchKey, Left = todatetime(['Termination date']); SigninLogs | join kind=inner t on $left.UserPrincipalName == $right.SearchKey | where TimeGenerated > Left | summarize n = count() by ResultType",
    );
    expect(after.rows.length).toBe(1);
    expect(after.rows[0][0]).toBe('50057');
    expect(Number(after.rows[0][1])).toBeGreaterThan(0);
  });

  it('IdentityCorrelation: each admin account is adm-<name> with the person\'s RID + 5000, and it is the one the Windows logs show', async () => {
    const { rows } = await items('IdentityCorrelation');
    for (const r of rows) {
      const upn = String(r['User Principal Name']);
      expect(r['Associated Privileged Account']).toBe(`adm-${upn}`);
      const rid = Number(String(r['User On-Prem Sid']).split('-').pop());
      expect(String(r['Associated Privileged Account ID'])).toBe(String(r['User On-Prem Sid']).replace(/-\d+$/, `-${rid + 5000}`));
      expect(r['Employee Id']).toMatch(/^\d{5}$/);
    }
    const seen = await run(
      "let adm = _GetWatchlist('IdentityCorrelation') | project Sid = ['Associated Privileged Account ID']; union (SecurityEvent | where TargetUserSid in (adm) or SubjectUserSid in (adm) | project Sid = iff(TargetUserSid in (adm), TargetUserSid, SubjectUserSid)), (DeviceLogonEvents | where AccountSid in (adm) | project Sid = AccountSid) | distinct Sid",
    );
    expect(seen.rows.length).toBe(rows.length);
  });

  it('ServiceAccounts: the domain\'s service accounts at work in the Security log, and the printer\'s scan-to-email account in the sign-in log', async () => {
    const { rows } = await items('ServiceAccounts');
    expect(rows.map((r) => r['Service Principal Name'])).toContain(SCAN_TO_MAIL.upn);
    for (const r of rows) expect(r['Owner User Principal Name']).toMatch(/@contoso\.example$/);
    const events = await run(
      "let svc = _GetWatchlist('ServiceAccounts') | where isnotempty(['Service On-Prem Sid']) | project Sid = ['Service On-Prem Sid']; SecurityEvent | where TargetUserSid in (svc) or SubjectUserSid in (svc) | count",
    );
    expect(Number(events.rows[0][0])).toBeGreaterThan(0);
    const signIns = await run("SigninLogs | where UserPrincipalName in (_GetWatchlist('ServiceAccounts') | project SearchKey) | distinct UserPrincipalName");
    expect(signIns.rows).toEqual([[SCAN_TO_MAIL.upn]]);
  });

  it('an alias the dataset lacks is HB141 naming the dataset\'s watchlists and how to load one', async () => {
    const o = await outcome("_GetWatchlist('HighRiskUsers')");
    expect(o.ok).toBe(false);
    if (!o.ok) {
      expect(o.error.code).toBe('HB141');
      expect(o.error.message).toContain('TerminatedEmployees');
      expect(o.error.message).toContain('--watchlist HighRiskUsers');
    }
  });
});
