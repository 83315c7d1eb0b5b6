/**
 * The same hunts written for Defender XDR advanced hunting and for Microsoft Sentinel (Log
 * Analytics column names, FileProfile, ingestion_time …) give the same answers on the lab.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveDataset } from '../../src/cli/datasets.ts';
import { createLocalRunner, type QueryRunner } from '../../src/cli/runner.ts';
import { resultOf as ok, useRunner } from './helpers.ts';

const { run, outcome } = useRunner(() => ({ dataset: resolveDataset('lab', false) }));

/** Pairs of (Defender, Sentinel) spellings of one hunt. */
const PAIRS: [string, string, string][] = [
  [
    'encoded PowerShell in the last day',
    'DeviceProcessEvents | where Timestamp > ago(1d) | where ProcessCommandLine has "powershell" | summarize n = count() by DeviceName | order by DeviceName asc',
    'DeviceProcessEvents | where TimeGenerated > ago(1d) | where ProcessCommandLine has "powershell" | summarize n = count() by DeviceName | order by DeviceName asc',
  ],
  [
    'hourly network volume',
    'DeviceNetworkEvents | summarize n = count() by bin(Timestamp, 1h) | order by Timestamp asc',
    'DeviceNetworkEvents | summarize n = count() by bin(TimeGenerated, 1h) | order by TimeGenerated asc',
  ],
  [
    'first and last logon per account',
    'DeviceLogonEvents | summarize FirstSeen = min(Timestamp), LastSeen = max(Timestamp) by AccountName | order by AccountName asc',
    'DeviceLogonEvents | summarize FirstSeen = min(TimeGenerated), LastSeen = max(TimeGenerated) by AccountName | order by AccountName asc',
  ],
  [
    'sign-ins of accounts with an on-premises SID (IdentityInfo spelled as each product spells it)',
    'IdentityInfo | where isnotempty(OnPremSid) and TenantMembershipType == "Member" | distinct AccountUpn | join kind=inner (SigninLogs | summarize n = count() by AccountUpn = UserPrincipalName) on AccountUpn | project AccountUpn, n | order by AccountUpn asc',
    'IdentityInfo | where isnotempty(AccountSID) and UserType == "Member" | distinct AccountUPN | join kind=inner (SigninLogs | summarize n = count() by AccountUPN = UserPrincipalName) on AccountUPN | project AccountUPN, n | order by AccountUPN asc',
  ],
  [
    'accounts created before a date, with their street address and risk state (IdentityInfo Defender / Sentinel spellings)',
    'IdentityInfo | where CreatedDateTime < datetime(2023-01-01) | summarize arg_max(Timestamp, Address, RiskStatus, OtherMailAddresses) by AccountUpn | project AccountUpn, Address, RiskStatus, n = array_length(OtherMailAddresses) | order by AccountUpn asc',
    'IdentityInfo | where AccountCreationTime < datetime(2023-01-01) | summarize arg_max(TimeGenerated, StreetAddress, RiskState, AdditionalMailAddresses) by AccountUPN | project AccountUPN, StreetAddress, RiskState, n = array_length(AdditionalMailAddresses) | order by AccountUPN asc',
  ],
  [
    'service accounts and their latest account record (IdentityAccountInfo: the Defender page\'s Type is the Log Analytics page\'s IdentityType)',
    'IdentityAccountInfo | summarize arg_max(Timestamp, Type, SourceProvider) by AccountUpn, AccountId | summarize Accounts = count() by Type, SourceProvider | order by Type asc, SourceProvider asc',
    'IdentityAccountInfo | summarize arg_max(TimeGenerated, IdentityType, SourceProvider) by AccountUpn, AccountId | summarize Accounts = count() by Type = IdentityType, SourceProvider | order by Type asc, SourceProvider asc',
  ],
  [
    'events per table',
    'union withsource=T DeviceFileEvents, DeviceRegistryEvents | summarize n = count() by T | order by T asc',
    'union DeviceFileEvents, DeviceRegistryEvents | summarize n = count() by T = Type | order by T asc',
  ],
];

describe('Defender and Sentinel spellings of the same hunt', () => {
  for (const [what, defender, sentinel] of PAIRS) {
    it(what, async () => {
      const d = await run(defender);
      const s = await run(sentinel);
      expect(d.rows.length).toBeGreaterThan(0);
      expect(s.rows).toEqual(d.rows);
    });
  }

  it('Log Analytics columns are real columns: *, project-away, join, where', async () => {
    const r = await run('DeviceProcessEvents | take 1');
    const names = r.columns.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['Timestamp', 'TimeGenerated', 'TenantId', 'SourceSystem', 'Type']));
    const away = await run('DeviceProcessEvents | take 1 | project-away TenantId, SourceSystem, Type, TimeGenerated');
    expect(away.columns.map((c) => c.name)).not.toContain('TimeGenerated');
    expect(away.columns.length).toBe(names.length - 4);
    const t = await run('DeviceProcessEvents | where Type == "DeviceProcessEvents" and TimeGenerated == Timestamp | count');
    const all = await run('DeviceProcessEvents | count');
    expect(t.rows).toEqual(all.rows);
    const tenant = await run('DeviceInfo | distinct TenantId | join kind=inner (SigninLogs | distinct TenantId) on TenantId | count');
    expect(tenant.rows).toEqual([[1]]);
  });

  it('Sentinel tables keep their own stored TimeGenerated', async () => {
    const r = await run('SigninLogs | summarize min(TimeGenerated) | count');
    expect(r.rows).toEqual([[1]]);
  });
});

describe('FileProfile()', () => {
  it('adds the profile columns, keyed by SHA1 by default', async () => {
    const r = await run(
      'DeviceProcessEvents | where FileName =~ "winword.exe" | take 1 | invoke FileProfile() | project SHA1, GlobalPrevalence, SignatureState, IsRootSignerMicrosoft, ProfileAvailability',
    );
    const p = await run('DeviceProcessEvents | where FileName =~ "winword.exe" | take 1 | join kind=inner (FileProfiles) on SHA1 | project SHA1, GlobalPrevalence, SignatureState, IsRootSignerMicrosoft, ProfileAvailability');
    expect(r.rows).toEqual(p.rows);
    expect(r.rows[0][1]).toBeGreaterThan(1000);
  });

  it('rare files by global prevalence (SHA256 id column and a limit)', async () => {
    // the files first (distinct), as the FileProfile page advises: at most `limit` records are enriched
    const rare = await run('DeviceFileEvents | distinct SHA256 | invoke FileProfile(SHA256, 1000) | where GlobalPrevalence < 10 | project SHA256');
    expect(rare.rows.length).toBeGreaterThan(0);
    const r = await run(`DeviceFileEvents | where SHA256 in (${rare.rows.map((x) => `'${x[0]}'`).join(', ')}) | distinct FileName`);
    expect(r.rows.length).toBeGreaterThan(0);
    const files = await run('DeviceFileEvents | distinct SHA256 | count');
    const all = await run('DeviceFileEvents | distinct SHA256 | invoke FileProfile(SHA256, 1000) | count');
    expect(all.rows).toEqual(files.rows);
  });

  it('more input rows than the limit is refused while it runs (which rows Defender enriches is not documented)', async () => {
    const o = await outcome('DeviceFileEvents | invoke FileProfile(SHA256, 1000)');
    expect(o.ok).toBe(false);
    if (!o.ok) expect(o.error.code).toBe('HB162');
    const few = await outcome('DeviceFileEvents | take 100 | invoke FileProfile()');
    expect(few.ok).toBe(true);
  });

  it('a limit above the documented 1,000 (published detections pass 10000) enriches an input of at most 1,000 rows', async () => {
    // Clamped to 1,000 or taken as given, Defender enriches every row of such an input.
    const q = (limit: number) => `DeviceFileEvents | distinct SHA256 | invoke FileProfile(SHA256, ${limit}) | summarize count(), countif(isnotempty(GlobalFirstSeen))`;
    const [big, max] = [await run(q(10000)), await run(q(1000))];
    expect(big.rows).toEqual(max.rows);
    expect(big.rows[0][1]).toBeGreaterThan(0);
    // beyond 1,000 input rows the two readings differ: refused while it runs
    const o = await outcome('DeviceFileEvents | invoke FileProfile(SHA256, 10000)');
    expect(o.ok).toBe(false);
    if (!o.ok) expect(o.error.code).toBe('HB162');
    for (const bad of ['0', '1.5', '-3']) {
      const b = await outcome(`DeviceFileEvents | take 1 | invoke FileProfile(SHA256, ${bad})`);
      expect(b.ok).toBe(false);
      if (!b.ok) expect(b.error.code).toBe('HB100');
    }
  });

  it('an id column the function does not take is a coded error', async () => {
    const o = await outcome('DeviceFileEvents | invoke FileProfile(FileName)');
    expect(o.ok).toBe(false);
    if (!o.ok) expect(o.error.code).toBe('HB100');
  });
});

describe('ingestion_time()', () => {
  it('is the row time of the lab (TimeGenerated)', async () => {
    const r = await run('IdentityInfo | extend it = ingestion_time() | where it != TimeGenerated or isnull(it) | count');
    expect(r.rows).toEqual([[0]]);
  });

  it("keeps each row's own table time through a union of tables (Sentinel: union AADNonInteractiveUserSignInLogs, SigninLogs | where ingestion_time() > …)", async () => {
    const r = await run('union withsource=t AADNonInteractiveUserSignInLogs, SigninLogs | where ingestion_time() >= ago(30d) | summarize n = count(), off = countif(ingestion_time() != TimeGenerated) by t | order by t asc');
    expect(r.rows.map((x) => x[0])).toEqual(['AADNonInteractiveUserSignInLogs', 'SigninLogs']);
    for (const x of r.rows) {
      expect(Number(x[1])).toBeGreaterThan(0);
      expect(x[2]).toBe(0);
    }
    const o = await outcome('union SigninLogs, (datatable(TimeGenerated:datetime)[datetime(2024-01-01)]) | extend i = ingestion_time()');
    expect(o.ok).toBe(false);
    if (!o.ok) expect(o.error.code).toBe('HB100');
  });
});

describe('externaldata with a local copy', () => {
  const URL_TXT = 'https://bazaar.abuse.ch/export/txt/sha1/recent/';
  const URL_CSV = 'https://example.org/feeds/ioc.csv?x=1';
  let withCopies: QueryRunner;
  let sha1s: string[];
  beforeAll(async () => {
    const r = await run('DeviceFileEvents | where isnotempty(SHA1) | distinct SHA1 | order by SHA1 asc | take 3');
    sha1s = r.rows.map((x) => String(x[0]));
    withCopies = await createLocalRunner({
      dataset: resolveDataset('lab', false),
      externalData: {
        [URL_TXT]: `# abuse.ch SHA1 list\n${sha1s.join('\n')}\n`,
        [URL_CSV]: `Hash,Severity,Added,Active\n${sha1s.map((h, i) => `${h},${i + 1},2024-05-1${i}T00:00:00Z,${i % 2 === 0}`).join('\r\n')}\n`,
      },
    });
  });
  afterAll(async () => {
    await withCopies?.close();
  });

  it('txt feed, tabular let, in (T): same rows as the inline list', async () => {
    const ext = ok(
      await withCopies.run(
        `let feed = (externaldata(h:string)[@"${URL_TXT}"] with (format="txt")) | where h !startswith "#";\nDeviceFileEvents | where SHA1 in (feed) | summarize n = count() by SHA1 | order by SHA1 asc`,
      ),
    );
    const inline = await run(`DeviceFileEvents | where SHA1 in (${sha1s.map((h) => `"${h}"`).join(', ')}) | summarize n = count() by SHA1 | order by SHA1 asc`);
    expect(ext.rows.length).toBe(3);
    expect(ext.rows).toEqual(inline.rows);
  });

  it('csv feed typed by the query schema, ignoreFirstRecord', async () => {
    const r = ok(
      await withCopies.run(
        `externaldata(Hash:string, Severity:long, Added:datetime, Active:bool)[h@'${URL_CSV}'] with (format="csv", ignoreFirstRecord=true) | order by Severity asc`,
      ),
    );
    expect(r.columns.map((c) => c.type)).toEqual(['string', 'long', 'datetime', 'bool']);
    expect(r.rows).toEqual(sha1s.map((h, i) => [h, i + 1, `2024-05-1${i}T00:00:00Z`, i % 2 === 0]));
  });

  it('without a copy: HB140 naming each missing URL and how to supply it', async () => {
    const o = await outcome(`union (externaldata(a:string)["https://a.example/1.csv"]), (externaldata(a:string)["https://b.example/2.csv"])`);
    expect(o.ok).toBe(false);
    if (o.ok) return;
    expect(o.error.code).toBe('HB140');
    expect(o.error.message).toContain('https://a.example/1.csv');
    expect(o.error.message).toContain('--externaldata URL=PATH');
  });
});

describe('search as a query source', () => {
  it('search in (T1, T2) predicate: matching rows of each table with $table', async () => {
    const s = await run('search in (DeviceNetworkEvents, DeviceEvents) RemoteIP == "203.0.113.45" | summarize n = count() by $table | order by $table asc');
    const u = await run(
      'union withsource=T DeviceNetworkEvents, DeviceEvents | where RemoteIP == "203.0.113.45" | summarize n = count() by T | order by T asc',
    );
    expect(s.rows.length).toBeGreaterThan(0);
    expect(s.rows).toEqual(u.rows);
  });
  it('find in (T1, T2) where …: the same rows, named by source_ or by withsource=', async () => {
    const u = await run(
      'union withsource=T DeviceNetworkEvents, DeviceEvents | where RemoteIP == "203.0.113.45" | summarize n = count() by T | order by T asc',
    );
    const f = await run('find in (DeviceNetworkEvents, DeviceEvents) where RemoteIP == "203.0.113.45" | summarize n = count() by source_ | order by source_ asc');
    const w = await run('find withsource=Src in (DeviceNetworkEvents, DeviceEvents) where RemoteIP == "203.0.113.45" | summarize n = count() by Src | order by Src asc');
    expect(f.rows.length).toBeGreaterThan(0);
    expect(f.rows).toEqual(u.rows);
    expect(w.rows).toEqual(u.rows);
  });
});

describe('_GetWatchlist()', () => {
  it('returns the items of one watchlist with SearchKey and the columns of the list', async () => {
    const r = await run("_GetWatchlist('HighValueAssets') | order by SearchKey asc");
    expect(r.columns.map((c) => c.name)).toEqual(['_DTItemId', 'LastUpdatedTimeUTC', 'SearchKey', 'WatchlistItem', 'Hostname', 'IPAddress', 'AssetType', 'Owner']);
    expect(r.rows.length).toBeGreaterThan(3);
    for (const row of r.rows) expect(row[2]).toBe(row[4]);
    const raw = await run("Watchlist | where WatchlistAlias == 'HighValueAssets' and _DTItemType == 'watchlist-item' | project SearchKey | order by SearchKey asc");
    expect(r.rows.map((x) => x[2])).toEqual(raw.rows.map((x) => x[0]));
  });

  it('Sentinel: sign-ins of VIP users through the watchlist = Defender: the same users listed inline', async () => {
    const vips = (await run("_GetWatchlist('VIPUsers') | project SearchKey")).rows.map((x) => String(x[0]));
    expect(vips.length).toBeGreaterThan(0);
    const s = await run(
      "SigninLogs | where TimeGenerated > ago(7d) | join kind=inner (_GetWatchlist('VIPUsers') | project UserPrincipalName = SearchKey, Title) on UserPrincipalName | summarize n = count() by UserPrincipalName | order by UserPrincipalName asc",
    );
    const d = await run(
      `AADSignInEventsBeta | where Timestamp > ago(7d) | where AccountUpn in (${vips.map((v) => `"${v}"`).join(', ')}) | summarize n = count() by UserPrincipalName = AccountUpn | order by UserPrincipalName asc`,
    );
    expect(s.rows.length).toBeGreaterThan(0);
    expect(s.rows).toEqual(d.rows);
    const inList = await run("SigninLogs | where UserPrincipalName in (_GetWatchlist('VIPUsers') | project SearchKey) | count");
    expect(inList.rows).toEqual([[s.rows.reduce((a, x) => a + Number(x[1]), 0)]]);
  });

  it('an unknown alias is HB141 naming the dataset\'s watchlists; a computed alias is HB100; the stored table has no name of its own', async () => {
    const o = await outcome("_GetWatchlist('NoSuchList')");
    expect(o.ok).toBe(false);
    if (!o.ok) {
      expect(o.error.code).toBe('HB141');
      expect(o.error.message).toContain('VIPUsers');
    }
    const c = await outcome("let a = 'VIP'; _GetWatchlist(strcat(a, 'Users'))");
    expect(c.ok).toBe(false);
    if (!c.ok) expect(c.error.code).toBe('HB100');
    const n = await outcome('Watchlist_VIPUsers | count');
    expect(n.ok).toBe(false);
  });
});

describe('Sentinel tables of the lab', () => {
  it('have background rows', async () => {
    for (const t of ['AADNonInteractiveUserSignInLogs', 'AADServicePrincipalSignInLogs', 'AADManagedIdentitySignInLogs', 'AADRiskyUsers', 'OfficeActivity', 'AzureActivity', 'ThreatIntelligenceIndicator', 'SecurityIncident', 'Syslog', 'CommonSecurityLog', 'Heartbeat', 'MicrosoftGraphActivityLogs', 'BehaviorAnalytics', 'Watchlist', 'Event', 'WindowsEvent', 'DnsEvents', 'W3CIISLog', 'AWSCloudTrail', 'VMConnection', 'AzureDiagnostics', 'ThreatIntelIndicators', 'SentinelHealth', 'AZFWApplicationRule', 'AZFWNetworkRule', 'MessageEvents', 'MessageUrlInfo', 'MessagePostDeliveryEvents', 'StorageBlobLogs', 'Anomalies', 'AWSGuardDuty', 'LAQueryLogs', 'ADFSSignInLogs', 'AZFWThreatIntel', 'AppServiceHTTPLogs', 'SecurityRecommendation', 'DnsInventory', 'AADServicePrincipalRiskEvents']) {
      const r = await run(`${t} | count`);
      expect(Number(r.rows[0][0]), t).toBeGreaterThan(0);
    }
  });

  it('TI matching: the indicator network address is seen by a device (Sentinel) as by the inline IOC (Defender)', async () => {
    const s = await run('ThreatIntelligenceIndicator | where isnotempty(NetworkIP) | join kind=inner (DeviceNetworkEvents | project RemoteIP, DeviceName) on $left.NetworkIP == $right.RemoteIP | distinct DeviceName | order by DeviceName asc');
    const ips = (await run('ThreatIntelligenceIndicator | where isnotempty(NetworkIP) | distinct NetworkIP')).rows.map((x) => `"${x[0]}"`);
    const d = await run(`DeviceNetworkEvents | where RemoteIP in (${ips.join(', ')}) | distinct DeviceName | order by DeviceName asc`);
    expect(s.rows.length).toBeGreaterThan(0);
    expect(s.rows).toEqual(d.rows);
  });
});

describe('DnsEvents (the domain controller\'s DNS server)', () => {
  it('every public name a device resolved is one it then connected to, at the answered address (DeviceNetworkEvents)', async () => {
    const r = await run(
      'DnsEvents | where QueryType == "A" and ResultCode == 0 and Name !endswith ".contoso.example" | join kind=leftanti (DeviceNetworkEvents | where isnotempty(RemoteUrl) | project Name = tolower(RemoteUrl), IPAddresses = RemoteIP, ClientIP = LocalIP) on Name, IPAddresses, ClientIP | count',
    );
    expect(Number(r.rows[0][0])).toBe(0);
    const n = await run('DnsEvents | where QueryType == "A" and ResultCode == 0 and Name !endswith ".contoso.example" | count');
    expect(Number(n.rows[0][0])).toBeGreaterThan(0);
  });
  it('a Sentinel DNS hunt runs: NXDOMAIN answers (ResultCode 3) and reverse lookups per client', async () => {
    const nx = await run('DnsEvents | where SubType == "LookupQuery" and ResultCode == 3 | summarize n = count() by QueryType | order by QueryType asc');
    expect(nx.rows.map((x) => x[0])).toEqual(['A', 'AAAA']);
    const ptr = await run('DnsEvents | where Name has "in-addr.arpa" | summarize NameCount = dcount(Name) by ClientIP');
    expect(ptr.rows.map((x) => x[0])).toEqual(['10.20.0.40']);
  });
});

describe('IdentityInfo UEBA columns (Sentinel only)', () => {
  it('are stored for every identity: MFA registration, state, last seen before the snapshot, SAM name of on-premises accounts', async () => {
    const r = await run(
      'IdentityInfo | summarize rows = count(), seenBefore = countif(LastSeenDate < TimeGenerated), sam = countif(SAMAccountName == AccountName and isnotempty(AccountSID)), hybrid = countif(isnotempty(AccountSID)), prio = countif(InvestigationPriority >= 0), states = countif(UserState in ("Active", "Disabled"))',
    );
    const [rows, seenBefore, sam, hybrid, prio, states] = r.rows[0].map(Number);
    expect(rows).toBeGreaterThan(0);
    expect([seenBefore, prio, states]).toEqual([rows, rows, rows]);
    expect(hybrid).toBeGreaterThan(0);
    expect(sam).toBe(hybrid);
    // every person is MFA-registered and active but the two directory accounts of src/lab/accounts.ts:
    // the printer's service account (no MFA) and the disabled leaver
    const odd = await run(
      'IdentityInfo | where not(IsMFARegistered) or UserState != "Active" | distinct AccountUPN, IsMFARegistered, UserState, IsAccountEnabled, IsServiceAccount | order by AccountUPN asc',
    );
    expect(odd.rows).toEqual([
      ['robin.verhoeven@contoso.example', true, 'Disabled', false, false],
      ['scan-mfp01@contoso.example', false, 'Active', true, true],
    ]);
  });

  it('a Sentinel UEBA join runs: sign-ins of users with MFA registered, by state', async () => {
    const r = await run(
      'SigninLogs | summarize n = count() by UserPrincipalName | join kind=inner (IdentityInfo | summarize arg_max(TimeGenerated, IsMFARegistered, UserState, InvestigationPriority) by UserPrincipalName = AccountUPN) on UserPrincipalName | summarize users = dcount(UserPrincipalName) by IsMFARegistered, UserState',
    );
    const byState = Object.fromEntries(r.rows.map((x) => [`${x[0]}/${x[1]}`, Number(x[2])]));
    expect(byState['true/Active']).toBeGreaterThan(1);
    // the scan-to-email account signs in without MFA; the leaver's phone keeps trying after offboarding
    expect(byState).toEqual({ 'true/Active': byState['true/Active'], 'false/Active': 1, 'true/Disabled': 1 });
  });
});

describe('Windows event tables (Event, WindowsEvent)', () => {
  it('failed logons per account: the forwarded Security events (Sentinel) = DeviceLogonEvents (Defender)', async () => {
    const s = await run(
      'WindowsEvent | where EventID == 4625 | extend Account = tolower(tostring(EventData.TargetUserName)), LogonType = toint(EventData.LogonType) | summarize n = count() by Computer, Account, LogonType | order by Computer asc, Account asc, LogonType asc',
    );
    // Windows logon type codes (2 interactive, 3 network, 7 unlock, 10 remote interactive)
    const d = await run(
      'DeviceLogonEvents | where ActionType == "LogonFailed" | extend Account = tolower(AccountName), LogonType = case(LogonType == "Interactive", 2, LogonType == "Network", 3, LogonType == "Unlock", 7, LogonType == "RemoteInteractive", 10, -1) | summarize n = count() by Computer = DeviceName, Account, LogonType | order by Computer asc, Account asc, LogonType asc',
    );
    expect(s.rows.length).toBeGreaterThan(0);
    expect(s.rows).toEqual(d.rows);
  });

  it('WindowsEvent.EventData is a bag of the event\'s fields; Event keeps the raw XML and the rendered text', async () => {
    const r = await run('WindowsEvent | where EventID == 4624 | summarize n = countif(isnotempty(tostring(EventData.TargetLogonId))), s = countif(isnotempty(tostring(EventData.Status))), all = count()');
    expect(Number(r.rows[0][0])).toBe(Number(r.rows[0][2]));
    expect(Number(r.rows[0][1])).toBe(0);
    const e = await run('Event | where EventLog == "System" and EventID == 7036 | where EventData has "param1" and RenderedDescription startswith "The " | count');
    expect(Number(e.rows[0][0])).toBeGreaterThan(0);
  });
});

describe('table() with a constant name', () => {
  it('reads the named table, written literally or passed to a function as its string argument', async () => {
    const direct = await run('SigninLogs | summarize n = count() by ResultType | order by ResultType asc');
    expect(direct.rows.length).toBeGreaterThan(0);
    expect((await run("table('SigninLogs') | summarize n = count() by ResultType | order by ResultType asc")).rows).toEqual(direct.rows);
    // Sentinel's habit: one helper over both sign-in tables, each call naming its table.
    const both = await run(
      "let perTable = (name: string) { table(name) | summarize n = count() by Type }; union perTable('SigninLogs'), perTable('AADNonInteractiveUserSignInLogs') | order by Type asc",
    );
    const nonInteractive = await run('AADNonInteractiveUserSignInLogs | count');
    const interactive = await run('SigninLogs | count');
    expect(both.rows).toEqual([
      ['AADNonInteractiveUserSignInLogs', nonInteractive.rows[0][0]],
      ['SigninLogs', interactive.rows[0][0]],
    ]);
  });

  it('a name computed from data or expressions, or a scope argument, is HB100', async () => {
    for (const q of ["let n = strcat('Signin', 'Logs'); table(n) | count", "table('SigninLogs', 'all') | count"]) {
      const o = await outcome(q);
      expect(o.ok, q).toBe(false);
      if (!o.ok) expect(o.error.code, q).toBe('HB100');
    }
  });
});

describe('columns of the current sign-in references (docs/tables/reference-additions.md)', () => {
  // golden-saml: the scenario with risky Entra sign-ins
  const gs = useRunner(() => ({ dataset: resolveDataset('golden-saml', false) }));

  it('risk at sign-in: AADSignInEventsBeta (Defender, int) = SigninLogs (Sentinel, string), per user', async () => {
    const d = await gs.run('AADSignInEventsBeta | where RiskLevelDuringSignIn > 1 | summarize n = count() by AccountUpn, RiskEventTypes | order by AccountUpn asc');
    const s = await gs.run(
      'SigninLogs | where RiskLevelDuringSignIn in ("low", "medium", "high") | summarize n = count() by AccountUpn = UserPrincipalName, RiskEventTypes | order by AccountUpn asc',
    );
    expect(d.rows.length).toBeGreaterThan(0);
    expect(s.rows).toEqual(d.rows);
    const e = await gs.run('EntraIdSignInEvents | where RiskLevelDuringSignIn > 1 | summarize n = count() by AccountUpn, RiskEventTypes | order by AccountUpn asc');
    expect(e.rows).toEqual(d.rows);
  });

  it('a session hunt runs: interactive sign-ins joined to the token refreshes and Graph requests of their session (SessionId)', async () => {
    const ni = await run(
      'SigninLogs | where isnotempty(SessionId) | distinct SessionId, UserPrincipalName | join kind=inner (AADNonInteractiveUserSignInLogs | project SessionId, Refresh = UserPrincipalName) on SessionId | summarize n = count(), other = countif(Refresh != UserPrincipalName)',
    );
    expect(Number(ni.rows[0][0])).toBeGreaterThan(0);
    // every refresh with a session id finds its sign-in's session, of the same user, unless the session was signed in before the window (its refreshes start with it: the phones' apps)
    const orphans = await run(
      'let t0 = startofday(toscalar(SigninLogs | summarize min(TimeGenerated))); AADNonInteractiveUserSignInLogs | where isnotempty(SessionId) | join kind=leftanti (SigninLogs | distinct SessionId) on SessionId | summarize started = min(TimeGenerated) by SessionId | where started > t0 + 2h | count',
    );
    expect(Number(orphans.rows[0][0])).toBe(0);
    expect(Number(ni.rows[0][1])).toBe(0);
    const graph = await run('MicrosoftGraphActivityLogs | where isnotempty(SessionId) | join kind=leftanti (SigninLogs | distinct SessionId) on SessionId | count');
    expect(Number(graph.rows[0][0])).toBe(0);
  });

  it('the columns a tenant without the feature leaves empty are there, typed as documented', async () => {
    const r = await run(
      'SigninLogs | take 1 | project IsThroughGlobalSecureAccess, IsTenantRestricted, GlobalSecureAccessIpAddress, Agent, TokenProtectionStatusDetails, t = gettype(IsTenantRestricted)',
    );
    expect(r.rows).toEqual([[false, false, '', null, null, 'bool']]);
  });
});
