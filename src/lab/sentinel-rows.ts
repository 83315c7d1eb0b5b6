/**
 * Background rows for the Sentinel tables of sentinel-tables.ts, consistent with the rest of the
 * lab: non-interactive sign-ins refresh the tokens of the interactive ones, Graph requests follow
 * Graph sign-ins, UEBA enriches sign-ins, incidents wrap the alerts, heartbeats come from every
 * device, the firewall logs the devices' outbound connections, and the watchlists name the lab's
 * people and machines. Drawn from its own random stream, after everything else, so no other row
 * changes.
 */
import { ALLOCATION, addressOf } from './addresses.ts';
import { LEAVER, SCAN_TO_MAIL } from './accounts.ts';
import { adminAcctOf } from './estate.ts';
import { VPN_POOL } from './estate-servers.ts';
import { Rng, guidOf, hexOf } from './rng.ts';
import * as M from './model.ts';
// The TI feed names the lab incident's C2 and sender (a feed is shared by every scenario's tenant).
import { C2, SENDER } from './scenarios/lab-data.ts';
import { DAY, HOUR, MIN, SEC, iso } from './time.ts';
import type { Dev, Sinks } from './world.ts';
import { WATCHLISTS } from './sentinel-tables.ts';
import { INTERNET_SCANNERS, writeSentinelEstate } from './sentinel-estate.ts';
import { writeEventLogs, writeForwardedEvents } from './sentinel-windows.ts';
import { writeMoreSentinel } from './sentinel-more.ts';
import { writeBehaviors } from './behaviors.ts';
import { writeHelpdesk } from './sentinel-helpdesk.ts';
import { writeTeams } from './teams-messages.ts';
import { writeWorkspace } from './sentinel-workspace.ts';
import { writeDefenderMore } from './defender-more.ts';
import { writeAnomalies } from './sentinel-anomalies.ts';
import { writeLegacyTables } from './legacy-tables.ts';
import { writeGuardDuty } from './sentinel-guardduty.ts';
import { writeDnsInventory } from './sentinel-dns-inventory.ts';
import { writeSpRisk } from './sentinel-sp-risk.ts';
import { writeQueryLogs } from './sentinel-querylogs.ts';
import { writeIdentityAccounts } from './identity-accounts.ts';
import { writeAdfsSignIns } from './sentinel-adfs.ts';
import { writeFirewallThreatIntel } from './sentinel-azfw-ti.ts';
import { writeCampaignInfo } from './campaign-info.ts';
import { writeAppServiceHttp } from './appservice-http.ts';
import { writeSecurityRecommendations } from './posture-and-workspace.ts';
import { writeDomainBaseline } from './sentinel-domain.ts';
import { writeOvernightEntra } from './sentinel-overnight.ts';

export interface SentinelCtx {
  sinks: Sinks;
  seed: number;
  days: number[];
  users: M.UserDef[];
  /** The background users (not the scenario's people). */
  bgUsers: M.UserDef[];
  devs: Dev[];
  alerts: M.AlertDef[];
  analyst: string;
  /** The scenario's Conditional Access policies. */
  caPolicies: M.CaPolicy[];
  /** The devices whose users administer machines with an admin account (generate.ts itDevs). */
  adminDevKeys?: ReadonlySet<string>;
}

/** The lab's watchlists with their items (all values text, as in an uploaded CSV). */
export function labWatchlists(
  users: M.UserDef[],
  devs: Dev[],
  o: { adminDevKeys?: ReadonlySet<string>; itAdmin?: M.UserDef } = {},
): { alias: string; name: string; searchKey: string; items: Record<string, string>[] }[] {
  const vip = users.filter((u) => u.department === 'IT' || u.department === 'Finance' || u.department === 'Legal').slice(0, 6);
  const items: Record<string, Record<string, string>[]> = {
    VIPUsers: (vip.length ? vip : users.slice(0, 3)).map((u) => ({ UserPrincipalName: u.upn, DisplayName: u.displayName, Department: u.department, Title: u.jobTitle })),
    HighValueAssets: [
      { Hostname: M.DC.name, IPAddress: M.DC.ip, AssetType: 'Domain controller', Owner: 'IT Infrastructure' },
      { Hostname: 'adfs01.corp.contoso.example', IPAddress: '10.20.0.10', AssetType: 'AD FS server', Owner: 'IT Infrastructure' },
      { Hostname: 'fs01.corp.contoso.example', IPAddress: '10.20.0.30', AssetType: 'File server', Owner: 'IT Infrastructure' },
      { Hostname: 'backup01', IPAddress: '10.20.0.40', AssetType: 'Backup server', Owner: 'IT Infrastructure' },
      ...devs.filter((d) => d.def.machineGroup === 'Lab').map((d) => ({ Hostname: d.name, IPAddress: d.def.localIp, AssetType: 'Workstation', Owner: d.user?.upn ?? '' })),
    ],
    NetworkAddresses: networkMapping(devs),
    TerminatedEmployees: terminatedEmployees(),
    IdentityCorrelation: identityCorrelation(devs, o.adminDevKeys ?? new Set(), o.itAdmin),
    ServiceAccounts: serviceAccounts(o.itAdmin),
  };
  return WATCHLISTS.map((w) => ({ alias: w.alias, name: w.name, searchKey: w.searchKey, items: items[w.alias] ?? [] }));
}

/** A template's `Tags` field: a JSON list, as the template's examples write it. */
const tags = (...t: string[]) => JSON.stringify(t);

/** The smallest CIDR blocks that cover first..last of `net` (an x.y.z prefix) exactly. */
function cidrsOf(net: string, first: number, last: number): string[] {
  const out: string[] = [];
  for (let a = first; a <= last; ) {
    let size = 1;
    while (a % (size * 2) === 0 && a + size * 2 - 1 <= last && size < 256) size *= 2;
    out.push(`${net}.${a}/${32 - Math.log2(size)}`);
    a += size;
  }
  return out;
}

/**
 * Network Mapping: the internal subnets the lab's machines have addresses in (the servers' /24, the
 * VPN pool, each client /24 by the join type of the machines in it) and Contoso's public blocks
 * from addresses.ts (the firewall's NAT address, the offices' egress, the service gateways, app01's
 * published address), as CIDR ranges.
 */
function networkMapping(devs: Dev[]): Record<string, string>[] {
  const rows: Record<string, string>[] = [
    { 'IP Subnet': '10.20.0.0/24', 'Range Name': 'Server network', Tags: tags('Internal', 'Servers') },
    { 'IP Subnet': `${VPN_POOL}0/24`, 'Range Name': 'VPN client pool', Tags: tags('Internal', 'VPN') },
  ];
  const clients = new Map<string, Set<string>>();
  for (const d of devs) {
    const ip = d.def.localIp;
    if (!/^10\./.test(ip)) continue;
    const net = ip.split('.').slice(0, 3).join('.');
    if (net === '10.20.0' || `${net}.` === VPN_POOL) continue;
    clients.set(net, (clients.get(net) ?? new Set()).add(d.def.joinType));
  }
  for (const [net, joins] of [...clients].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))) {
    const kind = joins.size === 1 && joins.has('AAD Joined') ? 'Entra-joined clients' : joins.has('AAD Joined') ? 'clients' : 'domain clients';
    rows.push({ 'IP Subnet': `${net}.0/24`, 'Range Name': `Client network (${kind})`, Tags: tags('Internal', 'Clients') });
  }
  const names: Record<string, string> = { 'firewall-nat': 'Perimeter firewall NAT', offices: 'Office egress', 'service-gateways': 'On-premises service gateways', 'app01-published': 'Published web application' };
  for (const b of ALLOCATION) {
    const name = names[b.id];
    if (!name) continue;
    for (const [first, last] of b.ranges) for (const c of cidrsOf(b.net, first, last)) rows.push({ 'IP Subnet': c, 'Range Name': name, Tags: tags('Contoso public') });
  }
  return rows;
}

/** Terminated Employees: the leaver whose account IT disabled at offboarding (accounts.ts). */
function terminatedEmployees(): Record<string, string>[] {
  const u = LEAVER;
  return [{
    'User Identifier': u.objectId, 'User AAD Object Id': u.objectId, 'User On-Prem Sid': u.onPremSid ?? '', 'User Principal Name': u.upn, UserState: 'Terminated',
    'Notification date': '', 'Termination date': iso(u.stateChangedOn).slice(0, 10), Tags: tags(u.department),
  }];
}

/**
 * Identity Correlation: each person who administers machines with a separate admin account
 * (estate.ts adminAcctOf: `adm-<first name>`, the person's RID + 5000): the users of the admin
 * workstations and the IT administrator the domain controllers' logs name (sentinel-domain.ts),
 * their work account next to the admin account. Employee Id as IdentityInfo writes it (identity.ts).
 */
function identityCorrelation(devs: Dev[], adminDevKeys: ReadonlySet<string>, itAdmin: M.UserDef | undefined): Record<string, string>[] {
  const people = new Map<string, M.UserDef>();
  if (itAdmin) people.set(itAdmin.upn, itAdmin);
  for (const d of devs) if (d.user && adminDevKeys.has(d.def.key) && !people.has(d.user.upn)) people.set(d.user.upn, d.user);
  return [...people.values()].map((u) => {
    const adm = adminAcctOf(u);
    return {
      'User Identifier': u.objectId, 'User AAD Object Id': u.objectId, 'User On-Prem Sid': u.onPremSid ?? '', 'User Principal Name': u.upn,
      'Employee Id': String(10000 + (Number.parseInt(hexOf(u.upn, 4), 16) % 9000)), Email: u.upn, 'Associated Privileged Account ID': adm.sid,
      'Associated Privileged Account': adm.upn, Tags: tags('Admin account', u.department),
    };
  });
}

/**
 * Service Accounts: the domain's service accounts the lab's logs show at work (their implicit UPN,
 * sAMAccountName@domain, as they have no other) and the printer's scan-to-email cloud account
 * (accounts.ts), each owned by the IT administrator the Windows logs name.
 */
function serviceAccounts(owner: M.UserDef | undefined): Record<string, string>[] {
  const own = {
    'Owner User Identifier': owner?.objectId ?? '', 'Owner User AAD Object Id': owner?.objectId ?? '', 'Owner User On-Prem Sid': owner?.onPremSid ?? '', 'Owner User Principal Name': owner?.upn ?? '',
  };
  const domain = M.DC.name.split('.').slice(1).join('.');
  const onPrem: [string, number, string][] = [
    ['svc-backup', 1611, 'Backup'], ['svc-sccm', 1618, 'Configuration Manager'], ['svc-vulnscan', 1622, 'Vulnerability scanner'],
    ['svc-restore', 1625, 'Backup'], ['svc-automation', 1627, 'Automation'], ['svc-intranet', 1631, 'Intranet web application'],
  ];
  return [
    ...onPrem.map(([name, rid, tag]) => ({
      'Service Identifier': M.domainSid(rid), 'Service AAD Object Id': '', 'Service On-Prem Sid': M.domainSid(rid), 'Service Principal Name': `${name}@${domain}`, ...own, Tags: tags('Active Directory', tag),
    })),
    {
      'Service Identifier': SCAN_TO_MAIL.objectId, 'Service AAD Object Id': SCAN_TO_MAIL.objectId, 'Service On-Prem Sid': '', 'Service Principal Name': SCAN_TO_MAIL.upn, ...own,
      Tags: tags('Entra ID', 'Scan to email'),
    },
  ];
}

const TENANT = M.TENANT.tenantId;
export const WS = { sub: guidOf('sub'), rg: 'rg-sentinel' };

export function writeSentinelTables(c: SentinelCtx): void {
  const root = new Rng((c.seed ^ 0x5e471e1) >>> 0, 0x5e471);
  nonInteractive(c, root.fork('nonint'));
  appSignIns(c, root.fork('spn'));
  incidents(c);
  productAlerts(c);
  heartbeats(c, root.fork('hb'));
  firewall(c, root.fork('fw'));
  syslog(c, root.fork('syslog'));
  office(c, root.fork('office'));
  azure(c, root.fork('azure'));
  threatIntel(c);
  risky(c);
  watchlists(c);
  const admin = c.bgUsers.find((u) => u.department === 'IT' && u.onPremSid) ?? c.bgUsers[0];
  writeEventLogs(c.sinks, c.days, admin?.accountName ?? 'administrator', root.fork('event'));
  writeForwardedEvents(c.sinks, root.fork('wef'));
  writeSentinelEstate({ sinks: c.sinks, seed: c.seed, days: c.days, users: c.bgUsers, devs: c.devs });
  // Last: fork() draws from root, so a stream added here leaves every earlier table's rows as they were.
  dnsEvents(c, root.fork('dns'));
  writeMoreSentinel({ sinks: c.sinks, days: c.days, users: c.bgUsers, devs: c.devs, tenant: TENANT }, root.fork('more'));
  writeHelpdesk({ sinks: c.sinks, days: c.days, users: c.bgUsers, devs: c.devs, caPolicies: c.caPolicies }, root.fork('helpdesk'));
  // Derived from the sign-in log once it is complete (no random draws).
  writeBehaviors(c.sinks);
  // Last: the Teams messages and the workspace tables (their own streams; every earlier row stays as it was).
  writeTeams({ sinks: c.sinks, days: c.days, users: c.users }, root.fork('teams'));
  writeWorkspace({ sinks: c.sinks, days: c.days, devs: c.devs, tenant: TENANT, subscription: WS.sub }, root.fork('workspace'));
  // Derived from rows written above (no random draws): the Defender tables of docs/tables/defender-more.md.
  writeDefenderMore({ sinks: c.sinks, days: c.days, devs: c.devs, tenant: TENANT });
  // Sentinel's UEBA anomalies, from the behaviors and the audit log (no random draws).
  writeAnomalies({ sinks: c.sinks, tenant: TENANT, people: new Map(c.users.map((u) => [u.upn.toLowerCase(), { displayName: u.displayName, department: u.department, objectId: u.objectId }])) });
  // The retired Defender tables older hunting queries read, from AlertInfo/AlertEvidence and the TVM tables (no random draws).
  writeLegacyTables(c.sinks);
  // GuardDuty's findings on the AWS account (hashes, no random draws).
  writeGuardDuty({ sinks: c.sinks, days: c.days, tenant: TENANT });
  // The workspace's query audit log: the analytics rule runs SentinelHealth logs (hashes, no random draws).
  writeQueryLogs({ sinks: c.sinks, tenant: TENANT, subscription: WS.sub });
  // The DCs' and the file server's Security log around the clock, from the logons written above (its own stream, last).
  writeDomainBaseline({ sinks: c.sinks, days: c.days, users: c.bgUsers, devs: c.devs }, root.fork('domain'));
  // Entra ID through the night: desktop clients' token refreshes, the HR feed's audited updates (its own stream, last).
  writeOvernightEntra({ sinks: c.sinks, days: c.days, users: c.bgUsers, devs: c.devs, tenant: TENANT }, root.fork('overnight'));
  // The accounts behind IdentityInfo's identities, and AD FS's sign-ins as Entra ID reports them (no random draws).
  writeIdentityAccounts({ sinks: c.sinks, tenant: TENANT, from: c.days[0] });
  writeAdfsSignIns({ sinks: c.sinks, tenant: TENANT });
  // The firewall's threat-intelligence hits on Microsoft's feed (no random draws).
  writeFirewallThreatIntel({ sinks: c.sinks, tenant: TENANT });
  // Defender for Office 365's campaigns among the estate's mail (no random draws).
  writeCampaignInfo({ sinks: c.sinks });
  // The company portal's web server log (its own random stream).
  const publicIp = new Map(c.devs.map((d) => [d.id, d.def.publicIp]));
  writeAppServiceHttp({ sinks: c.sinks, seed: c.seed, tenant: TENANT, days: c.days, publicIpOf: (id) => publicIp.get(id) });
  // Defender for Cloud's recommendations on the subscription's resources, as continuous export writes them (no random draws).
  writeSecurityRecommendations({ sinks: c.sinks, days: c.days, devs: c.devs, subscription: WS.sub });
  // The DNS server's daily inventory, and Identity Protection's one service-principal risk detection (hashes, no random draws).
  writeDnsInventory({ sinks: c.sinks, days: c.days, devs: c.devs });
  writeSpRisk({ sinks: c.sinks, days: c.days, tenant: TENANT });
}

/** Token refreshes by the desktop clients after each successful interactive sign-in. */
function nonInteractive(c: SentinelCtx, r: Rng): void {
  const si = c.sinks.SigninLogs;
  const ni = c.sinks.AADNonInteractiveUserSignInLogs;
  const ba = c.sinks.BehaviorAnalytics;
  const graph = c.sinks.MicrosoftGraphActivityLogs;
  const g = (i: number, k: string) => si.get(i, k);
  for (let i = 0; i < si.length; i++) {
    const t0 = g(i, 'TimeGenerated') as number;
    const ok = g(i, 'ResultType') === '0';
    const upn = g(i, 'UserPrincipalName') as string;
    const ip = g(i, 'IPAddress') as string;
    const dd = g(i, 'DeviceDetail') as Record<string, unknown>;
    const loc = g(i, 'LocationDetails') as Record<string, unknown>;
    // UEBA: every interactive sign-in, with the insights a first-seen check gives.
    ba.add({
      ActionType: 'Sign-in',
      ActivityInsights: { FirstTimeUserConnectedFromCountry: false, FirstTimeUserUsedApp: r.chance(0.04), CountryUncommonlyConnectedFromAmongPeers: false, UnusualNumberOfAadSignInFailures: !ok && r.chance(0.3) },
      ActivityType: 'LogOn',
      ActorName: '',
      ActorPrincipalName: '',
      DestinationDevice: '',
      DestinationIPAddress: '',
      DestinationIPLocation: '',
      Device: (dd?.displayName as string) ?? '',
      DevicesInsights: { Browser: (dd?.browser as string) ?? '', OSFamily: (dd?.operatingSystem as string) ?? '', ThreatIntelIndicatorType: '' },
      EventProductVersion: '',
      EventSource: 'Azure AD',
      EventVendor: 'Microsoft',
      InvestigationPriority: ok ? 0 : r.int(0, 2),
      NativeTableName: 'SigninLogs',
      SourceDevice: (dd?.displayName as string) ?? '',
      SourceIPAddress: ip,
      SourceIPLocation: (loc?.countryOrRegion as string) ?? '',
      // "the unique Id of the source raw event" (BehaviorAnalytics reference): the sign-in's _ItemId,
      // which Sentinel's UEBA hunting queries join on (`on $left.SourceRecordId == $right._ItemId`)
      SourceRecordId: g(i, '_ItemId') as string,
      SourceSystem: 'Azure',
      TargetName: '',
      TargetPrincipalName: '',
      TenantId: TENANT,
      TimeGenerated: t0,
      TimeProcessed: t0 + r.int(5, 40) * MIN,
      Type: 'BehaviorAnalytics',
      UserName: upn.split('@')[0],
      UserPrincipalName: upn,
      UsersInsights: { AccountDisplayName: g(i, 'UserDisplayName') as string, AccountObjectID: g(i, 'UserId') as string, IsDormantAccount: false, IsNewAccount: false },
    });
    if (!ok) continue;
    const app = g(i, 'AppDisplayName') as string;
    const res = g(i, 'ResourceDisplayName') as string;
    if (res === 'Microsoft Graph') {
      const n = r.int(2, 6);
      for (let k = 0; k < n; k++) {
        const path = r.pick(['/v1.0/me', '/v1.0/me/messages?$top=25', '/v1.0/me/drive/recent', '/v1.0/users?$select=displayName,mail', '/beta/me/profile', '/v1.0/me/calendarView']);
        graph.add({
          AadTenantId: TENANT, ApiVersion: path.startsWith('/beta') ? 'beta' : 'v1.0', AppId: g(i, 'AppId'), ATContent: '', ClientAuthMethod: 0,
          DeviceId: (dd?.deviceId as string) ?? '', SessionId: g(i, 'SessionId'),
          ClientRequestId: r.guid(), DurationMs: r.int(40, 900), IdentityProvider: `https://sts.windows.net/${TENANT}/`, IPAddress: ip, Location: 'West Europe',
          OperationId: r.guid(), RequestId: r.guid(), RequestMethod: 'GET', RequestUri: `https://graph.microsoft.com${path}`, ResponseSizeBytes: r.int(400, 90000),
          ResponseStatusCode: r.chance(0.97) ? 200 : 404, Roles: '', Scopes: 'User.Read Mail.Read Files.Read.All', ServicePrincipalId: '', SignInActivityId: hexOf(`sia:${g(i, 'Id')}`, 22),
          SourceSystem: 'Azure', TenantId: TENANT, TimeGenerated: t0 + r.int(1, 600) * SEC, TokenIssuedAt: t0, Type: 'MicrosoftGraphActivityLogs', UserAgent: g(i, 'UserAgent'), UserId: g(i, 'UserId'), Wids: 'b79fbf4d-3ef9-4689-8143-76b194e85509',
        });
      }
    }
    const n = r.int(1, 5);
    let t = t0;
    for (let k = 0; k < n; k++) {
      t += r.int(20, 75) * MIN;
      const expired = r.chance(0.04);
      const id = guidOf(`ni:${g(i, 'Id')}:${k}`);
      ni.add({
        AADTenantId: TENANT, AlternateSignInName: upn, AppDisplayName: app, AppId: g(i, 'AppId'), AppliedEventListeners: [], AuthenticationContextClassReferences: '[]',
        AuthenticationDetails: '[]', AuthenticationMethodsUsed: '', AuthenticationProcessingDetails: '[{"key":"Is CAE Token","value":"True"}]', AuthenticationProtocol: 'none',
        AuthenticationRequirement: 'singleFactorAuthentication', AuthenticationRequirementPolicies: '[]', AutonomousSystemNumber: g(i, 'AutonomousSystemNumber'),
        Category: 'NonInteractiveUserSignInLogs', ClientAppUsed: g(i, 'ClientAppUsed'), ConditionalAccessPolicies: '[]', ConditionalAccessStatus: 'notApplied',
        CorrelationId: g(i, 'CorrelationId'), CreatedDateTime: t, CrossTenantAccessType: 'none', DeviceDetail: JSON.stringify(dd ?? {}), DurationMs: 0, HomeTenantId: TENANT,
        Id: id, Identity: g(i, 'UserDisplayName'), IPAddress: ip, IsInteractive: false, IsRisky: false, Level: '4', Location: g(i, 'Location'),
        LocationDetails: JSON.stringify(loc ?? {}), MfaDetail: '{}', NetworkLocationDetails: '[]', OperationName: 'Sign-in activity', OperationVersion: '1.0',
        OriginalRequestId: guidOf(`nireq:${id}`), ProcessingTimeInMs: String(r.int(20, 200)), ResourceDisplayName: res, ResourceGroup: 'Microsoft.aadiam',
        ResourceIdentity: g(i, 'ResourceIdentity'), ResourceServicePrincipalId: g(i, 'ResourceServicePrincipalId'), ResourceTenantId: TENANT,
        ResultDescription: expired ? 'The provided grant has expired due to it being revoked, a fresh auth token is needed.' : '', ResultSignature: 'SUCCESS',
        ResultType: expired ? '70043' : '0', RiskDetail: 'none', RiskEventTypes: '[]', RiskEventTypes_V2: '[]', RiskLevelAggregated: 'none', RiskLevelDuringSignIn: 'none',
        RiskState: 'none', ServicePrincipalId: '', SessionId: g(i, 'SessionId'), SessionLifetimePolicies: '[]', SignInEventTypes: '["nonInteractiveUser"]', SignInIdentifierType: '', SourceSystem: 'Azure AD',
        Status: JSON.stringify({ errorCode: expired ? 70043 : 0, additionalDetails: '' }), TenantId: TENANT, TimeGenerated: t, TokenIssuerName: '', TokenIssuerType: 'AzureAD',
        Type: 'AADNonInteractiveUserSignInLogs', UniqueTokenIdentifier: hexOf(`nitok:${id}`, 22), UserAgent: g(i, 'UserAgent'), UserDisplayName: g(i, 'UserDisplayName'),
        UserId: g(i, 'UserId'), UserPrincipalName: upn, UserType: 'Member',
      });
    }
  }
}

/** Apps whose ids the Defender view (identity.ts) and the scenarios fix; the others' ids derive from their names. */
const KNOWN_APPS: Record<string, { appId: string; spId: string }> = {
  'Contoso HR Sync': { appId: '7a3d2f5e-6b1c-4e8f-9a0b-1c2d3e4f5a6b', spId: guidOf('spid:7a3d2f5e-6b1c-4e8f-9a0b-1c2d3e4f5a6b') },
};

/** When each service principal was first consented to in the window (AuditLogs' "Consent to application"), by display name. */
function consentTimes(s: Sinks): Map<string, number> {
  const out = new Map<string, number>();
  const a = s.AuditLogs;
  for (let i = 0; i < a.length; i++) {
    if (!String(a.get(i, 'OperationName')).startsWith('Consent to application')) continue;
    const t = a.get(i, 'TimeGenerated') as number;
    const raw = a.get(i, 'TargetResources') ?? [];
    for (const tr of (typeof raw === 'string' ? JSON.parse(raw) : raw) as { displayName?: string; type?: string }[]) {
      if (tr.type === 'ServicePrincipal' && tr.displayName && !((out.get(tr.displayName) ?? Infinity) <= t)) out.set(tr.displayName, t);
    }
  }
  return out;
}

/** Service principals with their own credentials, and the lab VM's managed identity. */
function appSignIns(c: SentinelCtx, r: Rng): void {
  const apps = [
    { name: 'Contoso HR Sync', every: 60, resource: 'Microsoft Graph', ip: '20.61.15.4', failRate: 0.02 },
    { name: 'Veeam Backup for Microsoft 365', every: 120, resource: 'Office 365 Exchange Online', ip: '198.51.100.200', failRate: 0.01 },
    { name: 'Power BI Gateway', every: 240, resource: 'Power BI Service', ip: '198.51.100.201', failRate: 0 },
    // the billing vendor's connector runs in the vendor's cloud region
    { name: 'Litware Billing Connector', every: 60, resource: 'Microsoft Graph', ip: '40.76.12.90', failRate: 0.01, loc: { city: 'Boydton', state: 'Virginia', countryOrRegion: 'US' } },
  ];
  const vm = c.devs.find((d) => d.def.azureVm);
  const t0 = c.days[0];
  const t1 = c.days[c.days.length - 1] + DAY;
  const NL = { city: 'Amsterdam', state: 'Noord-Holland', countryOrRegion: 'NL' };
  const row = (kind: 'AADServicePrincipalSignInLogs' | 'AADManagedIdentitySignInLogs', t: number, name: string, resource: string, ip: string, fail: boolean, loc: { city: string; state: string; countryOrRegion: string } = NL) => {
    const own = KNOWN_APPS[name];
    const spId = own?.spId ?? guidOf(`spn:${name}`);
    c.sinks[kind].add({
      AADTenantId: TENANT, CreatedDateTime: t,
      AppId: own?.appId ?? guidOf(`app:${name}`), AuthenticationContextClassReferences: '[]', AuthenticationProcessingDetails: '[]',
      Category: kind === 'AADServicePrincipalSignInLogs' ? 'ServicePrincipalSignInLogs' : 'ManagedIdentitySignInLogs', ConditionalAccessPolicies: '[]', ConditionalAccessStatus: 'notApplied',
      CorrelationId: r.guid(), DurationMs: 0, FederatedCredentialId: '', Id: r.guid(), Identity: name, IPAddress: ip, Level: '4', Location: loc.countryOrRegion,
      LocationDetails: JSON.stringify(loc), OperationName: 'Sign-in activity', OperationVersion: '1.0',
      ResourceDisplayName: resource, ResourceGroup: 'Microsoft.aadiam', ResourceIdentity: guidOf(`res:${resource}`), ResourceServicePrincipalId: guidOf(`ressp:${resource}`),
      ResultDescription: fail ? 'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.' : '',
      ResultSignature: 'SUCCESS', ResultType: fail ? '7000215' : '0', ServicePrincipalCredentialKeyId: kind === 'AADServicePrincipalSignInLogs' ? guidOf(`key:${name}`) : '',
      ServicePrincipalCredentialThumbprint: '', ServicePrincipalId: spId, ServicePrincipalName: name, SourceSystem: 'Azure AD', TenantId: TENANT, TimeGenerated: t, Type: kind,
      UniqueTokenIdentifier: fail ? '' : hexOf(`sptok:${name}:${t}`, 22),
    });
  };
  // An app signs in only once the tenant has consented to it: the backup vendor's app starts with the first run after IT's admin consent (AuditLogs).
  const since = consentTimes(c.sinks);
  for (const a of apps) {
    for (let t = t0 + r.int(0, a.every) * MIN; t < t1; t += a.every * MIN + r.int(-5, 5) * MIN) {
      const fail = r.chance(a.failRate);
      if (t >= (since.get(a.name) ?? -Infinity)) row('AADServicePrincipalSignInLogs', t, a.name, a.resource, a.ip, fail, 'loc' in a ? a.loc : NL);
      else {
        // the two ids row() would have drawn: the other apps' rows stay as they were
        r.guid();
        r.guid();
      }
    }
  }
  if (vm) for (let t = t0 + r.int(0, 30) * MIN; t < t1; t += 30 * MIN + r.int(-2, 2) * MIN) row('AADManagedIdentitySignInLogs', t, `${vm.name}`, r.chance(0.7) ? 'Azure Key Vault' : 'Azure Storage', '10.0.0.4', false);
}

/** One Sentinel incident per alert, with a row per change (created, assigned, closed). */
function incidents(c: SentinelCtx): void {
  c.alerts.forEach((a, i) => {
    const steps: [string, number][] = [['New', a.time + 4 * MIN]];
    if (a.inProgressAt) steps.push(['Active', a.inProgressAt]);
    if (a.resolvedAt) steps.push(['Closed', a.resolvedAt]);
    const name = guidOf(`inc:${a.alertId}`);
    for (const [status, t] of steps) {
      const closed = status === 'Closed';
      c.sinks.SecurityIncident.add({
        AdditionalData: { alertsCount: 1, bookmarksCount: 0, commentsCount: closed && a.comment ? 1 : 0, alertProductNames: ['Microsoft Defender Advanced Threat Protection'], tactics: [a.category] },
        AlertIds: [guidOf(`sa:${a.alertId}`)], BookmarkIds: [],
        Classification: closed ? ({ TruePositive: 'TruePositive', FalsePositive: 'FalsePositive', InformationalExpectedActivity: 'BenignPositive' } as Record<string, string>)[a.classification ?? ''] ?? 'Undetermined' : '',
        ClassificationComment: closed ? (a.comment ?? '') : '', ClassificationReason: closed && a.classification === 'TruePositive' ? 'SuspiciousActivity' : '',
        ClosedTime: closed ? t : null, Comments: closed && a.comment ? [{ message: a.comment, createdTimeUtc: new Date(t / 1000).toISOString(), author: { objectId: '', email: c.analyst, name: c.analyst } }] : [],
        CreatedTime: a.time + 4 * MIN, Description: `${a.title}.`, FirstActivityTime: a.time - 2 * MIN, FirstModifiedTime: a.time + 4 * MIN,
        IncidentName: name, IncidentNumber: 1000 + i, IncidentUrl: `https://portal.azure.com/#asset/Microsoft_Azure_Security_Insights/Incident/subscriptions/${WS.sub}/resourceGroups/${WS.rg}/providers/Microsoft.OperationalInsights/workspaces/law-sentinel/providers/Microsoft.SecurityInsights/Incidents/${name}`,
        Labels: [], LastActivityTime: a.time, LastModifiedTime: t, ModifiedBy: status === 'New' ? 'Microsoft 365 Defender' : c.analyst,
        Owner: { objectId: '', email: status === 'New' ? '' : c.analyst, assignedTo: status === 'New' ? '' : c.analyst, userPrincipalName: status === 'New' ? '' : c.analyst },
        ProviderIncidentId: String(200 + i), ProviderName: 'Microsoft 365 Defender', RelatedAnalyticRuleIds: [], Severity: a.severity, SourceSystem: 'Azure', Status: status,
        Tasks: [], TenantId: TENANT, TimeGenerated: t, Title: a.title, Type: 'SecurityIncident',
      });
    }
  });
}

/** Which product raised an alert, as Sentinel's Microsoft 365 Defender connector names it. */
const PRODUCTS: Record<string, { product: string; provider: string; type: string }> = {
  'Microsoft Defender for Endpoint': { product: 'Microsoft Defender Advanced Threat Protection', provider: 'MDATP', type: 'WindowsDefenderAtp' },
  'Microsoft Defender for Identity': { product: 'Azure Advanced Threat Protection', provider: 'Azure Advanced Threat Protection', type: 'AzureATP' },
  'Microsoft Defender for Office 365': { product: 'Office 365 Advanced Threat Protection', provider: 'OATP', type: 'OATP' },
  'Microsoft Defender for Cloud Apps': { product: 'Microsoft Cloud App Security', provider: 'MCAS', type: 'MCAS' },
  'Microsoft Entra ID Protection': { product: 'Azure Active Directory Identity Protection', provider: 'IPC', type: 'IdentityProtection' },
};

/**
 * The alerts the products raised on the estate (AlertInfo rows beyond the scenario's own, which
 * identity.ts mirrors) arrive in Sentinel too: a SecurityAlert each, and an incident per alert
 * (created, then closed by the analyst the next working hours).
 */
function productAlerts(c: SentinelCtx): void {
  const known = new Set(c.alerts.map((a) => a.alertId));
  const info = c.sinks.AlertInfo;
  const ev = c.sinks.AlertEvidence;
  const evidence = new Map<string, number[]>();
  for (let i = 0; i < ev.length; i++) {
    const id = ev.get(i, 'AlertId') as string;
    if (!evidence.has(id)) evidence.set(id, []);
    evidence.get(id)!.push(i);
  }
  let n = c.alerts.length;
  for (let i = 0; i < info.length; i++) {
    const id = info.get(i, 'AlertId') as string;
    if (known.has(id)) continue;
    known.add(id);
    const t = info.get(i, 'Timestamp') as number;
    const title = info.get(i, 'Title') as string;
    const source = info.get(i, 'ServiceSource') as string;
    const p = PRODUCTS[source] ?? PRODUCTS['Microsoft Defender for Endpoint'];
    const severity = info.get(i, 'Severity') as string;
    const category = info.get(i, 'Category') as string;
    const techniques = JSON.parse((info.get(i, 'AttackTechniques') as string) || '[]') as string[];
    const entities: Record<string, unknown>[] = [];
    let compromised = '';
    for (const j of evidence.get(id) ?? []) {
      const kind = ev.get(j, 'EntityType') as string;
      const e: Record<string, unknown> = { $id: String(entities.length + 1) };
      if (kind === 'Machine') Object.assign(e, { Type: 'host', HostName: String(ev.get(j, 'DeviceName') ?? '').split('.')[0], MdatpDeviceId: ev.get(j, 'DeviceId') ?? '' });
      else if (kind === 'User') Object.assign(e, { Type: 'account', Name: ev.get(j, 'AccountName') ?? '', UPNSuffix: String(ev.get(j, 'AccountUpn') ?? '').split('@')[1] ?? '', AadUserId: ev.get(j, 'AccountObjectId') ?? '', Sid: ev.get(j, 'AccountSid') ?? '' });
      else if (kind === 'MailMessage') Object.assign(e, { Type: 'mailMessage', NetworkMessageId: ev.get(j, 'NetworkMessageId') ?? '', Recipient: ev.get(j, 'AccountUpn') ?? '', Subject: ev.get(j, 'EmailSubject') ?? '' });
      else if (kind === 'Url') Object.assign(e, { Type: 'url', Url: ev.get(j, 'RemoteUrl') ?? '' });
      else if (kind === 'Process') Object.assign(e, { Type: 'process', CommandLine: ev.get(j, 'ProcessCommandLine') ?? '', ImageFile: { Name: ev.get(j, 'FileName') ?? '', Directory: String(ev.get(j, 'FolderPath') ?? '').replace(/\\[^\\]*$/, '') } });
      else if (kind === 'File') Object.assign(e, { Type: 'file', Name: ev.get(j, 'FileName') ?? '', Directory: String(ev.get(j, 'FolderPath') ?? '').replace(/\\[^\\]*$/, '') });
      else continue;
      if (!compromised && (kind === 'Machine' || kind === 'User')) compromised = String(ev.get(j, kind === 'Machine' ? 'DeviceName' : 'AccountUpn') || ev.get(j, 'AccountName') || '');
      entities.push(e);
    }
    const sysId = guidOf(`sa:${id}`);
    c.sinks.SecurityAlert.add({
      AlertLink: `https://security.microsoft.com/alerts/${id}`, AlertName: title, AlertSeverity: severity, AlertType: p.type, CompromisedEntity: compromised, ConfidenceLevel: '', ConfidenceScore: null,
      Description: `${title}.`, DisplayName: title, EndTime: t, Entities: JSON.stringify(entities), ExtendedLinks: '[]',
      ExtendedProperties: JSON.stringify({ MitreTechniques: techniques.join(', '), Category: category, DetectionSource: info.get(i, 'DetectionSource') }), IsIncident: false, ProcessingEndTime: t + 3 * MIN,
      ProductComponentName: '', ProductName: p.product, ProviderName: p.provider, RemediationSteps: '[]', ResourceId: '', SourceComputerId: '', StartTime: t - 2 * MIN, Status: 'New', SubTechniques: '[]',
      SystemAlertId: sysId, Tactics: category, Techniques: JSON.stringify(techniques.map((x) => /\((T[\d.]+)\)/.exec(x)?.[1] ?? '')), TimeGenerated: t + 3 * MIN, Type: 'SecurityAlert', VendorName: 'Microsoft',
      VendorOriginalId: id, WorkspaceResourceGroup: WS.rg, WorkspaceSubscriptionId: WS.sub, TenantId: TENANT,
    });
    const name = guidOf(`inc:${id}`);
    const created = t + 4 * MIN;
    const closedAt = created + (2 + (n % 5)) * HOUR + (n % 37) * MIN;
    for (const [status, at] of [['New', created], ['Closed', closedAt]] as const) {
      const closed = status === 'Closed';
      c.sinks.SecurityIncident.add({
        AdditionalData: { alertsCount: 1, bookmarksCount: 0, commentsCount: 0, alertProductNames: [p.product], tactics: [category] }, AlertIds: [sysId], BookmarkIds: [],
        Classification: closed ? (severity === 'High' ? 'TruePositive' : 'BenignPositive') : '', ClassificationComment: '', ClassificationReason: closed ? (severity === 'High' ? 'SuspiciousActivity' : 'SuspiciousButExpected') : '',
        ClosedTime: closed ? at : null, Comments: [], CreatedTime: created, Description: `${title}.`, FirstActivityTime: t - 2 * MIN, FirstModifiedTime: created,
        IncidentName: name, IncidentNumber: 1000 + n, IncidentUrl: `https://portal.azure.com/#asset/Microsoft_Azure_Security_Insights/Incident/subscriptions/${WS.sub}/resourceGroups/${WS.rg}/providers/Microsoft.OperationalInsights/workspaces/law-sentinel/providers/Microsoft.SecurityInsights/Incidents/${name}`,
        Labels: [], LastActivityTime: t, LastModifiedTime: at, ModifiedBy: closed ? c.analyst : 'Microsoft 365 Defender',
        Owner: { objectId: '', email: closed ? c.analyst : '', assignedTo: closed ? c.analyst : '', userPrincipalName: closed ? c.analyst : '' }, ProviderIncidentId: String(200 + n), ProviderName: 'Microsoft 365 Defender',
        RelatedAnalyticRuleIds: [], Severity: severity, SourceSystem: 'Azure', Status: status, Tasks: [], TenantId: TENANT, TimeGenerated: at, Title: title, Type: 'SecurityIncident',
      });
    }
    n++;
  }
}

function heartbeats(c: SentinelCtx, r: Rng): void {
  for (const d of c.devs) {
    const vmuuid = guidOf(`vm:${d.id}`);
    for (let t = c.days[0] + r.int(0, 14) * MIN; t < c.days[c.days.length - 1] + DAY; t += 15 * MIN) {
      c.sinks.Heartbeat.add({
        Category: 'Azure Monitor Agent', Computer: d.name, ComputerEnvironment: d.def.azureVm ? 'Azure' : 'Non-Azure', ComputerIP: d.def.publicIp,
        ComputerPrivateIPs: [d.def.localIp], IsGatewayInstalled: false, ManagementGroupName: '', OSMajorVersion: '10', OSMinorVersion: '0',
        OSName: d.def.osPlatform === 'Windows11' ? 'Windows 11 Enterprise' : 'Windows 10 Enterprise', OSType: 'Windows', RemoteIPCountry: 'Netherlands', RemoteIPLatitude: 52.37,
        RemoteIPLongitude: 4.9, Resource: d.name.split('.')[0], ResourceGroup: d.def.azureVm ? 'rg-lab' : '', ResourceId: '', ResourceProvider: d.def.azureVm ? 'Microsoft.Compute' : '',
        ResourceType: d.def.azureVm ? 'virtualMachines' : '', SCAgentChannel: 'Direct', Solutions: '', SourceSystem: 'OpsManager', SubscriptionId: d.def.azureVm ? WS.sub : '',
        TimeGenerated: t + r.int(0, 59) * SEC, Type: 'Heartbeat', Version: '1.28.2', VMUUID: d.def.azureVm ? vmuuid : '',
      });
    }
  }
}

/** The perimeter firewall (CEF): the devices' outbound web sessions, and scans it drops at the edge. */
/** The outbound web sessions the firewall logs (see TableSink.keep): registered before the devices run. */
export function keepFirewallReads(sinks: Sinks): void {
  sinks.DeviceNetworkEvents.keep('firewall', ['RemoteIPType', 'ActionType', 'Timestamp', 'LocalIP', 'LocalPort', 'RemoteIP', 'RemotePort', 'RemoteUrl'], (get) => get('RemoteIPType') === 'Public' && get('ActionType') === 'ConnectionSuccess');
}

function firewall(c: SentinelCtx, r: Rng): void {
  const ne = c.sinks.DeviceNetworkEvents.kept('firewall');
  const fw = c.sinks.CommonSecurityLog;
  const add = (t: number, src: string, sport: number, dst: string, dport: number, action: string, url: string, dir: string) =>
    fw.add({
      Activity: action === 'accept' ? 'traffic:forward accept' : 'traffic:forward deny', AdditionalExtensions: `FTNTFGTpolicyid=${action === 'accept' ? 12 : 0};FTNTFGTsubtype=forward`,
      ApplicationProtocol: dport === 443 ? 'HTTPS' : dport === 80 ? 'HTTP' : '', CommunicationDirection: dir, Computer: 'fw01', DestinationHostName: url, DestinationIP: dst,
      DestinationPort: dport, DeviceAction: action, DeviceAddress: '10.20.0.1', DeviceEventClassID: '0000000013', DeviceExternalID: 'FG100F0000000001', DeviceInboundInterface: dir === '0' ? 'wan1' : 'internal',
      DeviceName: 'fw01', DeviceOutboundInterface: dir === '0' ? 'internal' : 'wan1', DeviceProduct: 'Fortigate', DeviceVendor: 'Fortinet', DeviceVersion: 'FortiOS 7.4.3',
      EventCount: 1, LogSeverity: action === 'accept' ? '3' : '5', Protocol: 'TCP', ReceivedBytes: action === 'accept' ? r.int(500, 900000) : 0, RequestURL: url ? `https://${url}/` : '',
      SentBytes: action === 'accept' ? r.int(300, 40000) : 0, SimplifiedDeviceAction: action === 'accept' ? 'Accept' : 'Deny', SourceIP: src, SourcePort: sport,
      SourceTranslatedAddress: dir === '1' ? '198.51.100.2' : '', SourceSystem: 'OpsManager', TenantId: TENANT, TimeGenerated: t + r.int(0, 3) * SEC, Type: 'CommonSecurityLog',
    });
  for (let i = 0; i < ne.length; i++) {
    if (ne.get(i, 'RemoteIPType') !== 'Public' || ne.get(i, 'ActionType') !== 'ConnectionSuccess' || !r.chance(0.25)) continue;
    add(ne.get(i, 'Timestamp') as number, ne.get(i, 'LocalIP') as string, ne.get(i, 'LocalPort') as number, ne.get(i, 'RemoteIP') as string, ne.get(i, 'RemotePort') as number, 'accept', (ne.get(i, 'RemoteUrl') as string) ?? '', '1');
  }
  for (const d0 of c.days) {
    const n = r.int(20, 60);
    for (let k = 0; k < n; k++) add(d0 + r.int(0, DAY / SEC - 1) * SEC, r.pick(INTERNET_SCANNERS), r.int(1024, 65000), '198.51.100.2', r.pick([22, 23, 445, 3389, 8080, 1433]), 'deny', '', '0');
  }
}

/**
 * The Linux backup repository (backuprepo01, 10.20.0.41): the hardened repository the Windows backup
 * server backup01 (10.20.0.40) writes to over SSH as svc-backup; admins' SSH logons, cron, sudo.
 */
function syslog(c: SentinelCtx, r: Rng): void {
  const add = (t: number, facility: string, sev: string, proc: string, msg: string) =>
    c.sinks.Syslog.add({ CollectorHostName: 'backuprepo01', Computer: 'backuprepo01', EventTime: t, Facility: facility, HostIP: '10.20.0.41', HostName: 'backuprepo01', ProcessID: r.int(400, 40000), ProcessName: proc, SeverityLevel: sev, SourceSystem: 'Linux', SyslogMessage: msg, TimeGenerated: t + r.int(0, 2) * SEC, Type: 'Syslog' });
  for (const d0 of c.days) {
    for (let h = 0; h < 24; h++) add(d0 + h * HOUR + 17 * MIN, 'cron', 'info', 'CRON', '(root) CMD (/usr/local/bin/backup-rotate.sh >/dev/null 2>&1)');
    const t = d0 + (1 * 60 + r.int(0, 30)) * MIN;
    add(t, 'authpriv', 'info', 'sshd', `Accepted publickey for svc-backup from 10.20.0.40 port ${r.int(40000, 60000)} ssh2: RSA SHA256:${hexOf('bk', 43)}`);
    add(t + 2 * SEC, 'authpriv', 'info', 'sshd', 'pam_unix(sshd:session): session opened for user svc-backup(uid=1001) by (uid=0)');
    if (r.chance(0.6)) {
      const ta = d0 + (9 * 60 + r.int(0, 480)) * MIN;
      add(ta, 'authpriv', 'info', 'sshd', `Accepted password for itadmin from 10.20.1.3 port ${r.int(40000, 60000)} ssh2`);
      add(ta + 40 * SEC, 'authpriv', 'notice', 'sudo', 'itadmin : TTY=pts/0 ; PWD=/home/itadmin ; USER=root ; COMMAND=/usr/bin/systemctl restart veeamtransport');
    }
    const fails = r.int(0, 4);
    for (let k = 0; k < fails; k++) add(d0 + r.int(0, DAY / SEC - 1) * SEC, 'authpriv', 'info', 'sshd', `Failed password for invalid user ${r.pick(['admin', 'test', 'oracle', 'ubuntu'])} from 10.20.1.${r.int(2, 40)} port ${r.int(40000, 60000)} ssh2`);
  }
}

/** The Office 365 audit log: file access in SharePoint/OneDrive, mailbox access, Teams, an inbox rule. */
function office(c: SentinelCtx, r: Rng): void {
  const ops = [
    ['SharePoint', 'FileAccessed', 6],
    ['OneDrive', 'FileModified', 4],
    ['SharePoint', 'FileDownloaded', 2],
    ['Exchange', 'MailItemsAccessed', 5],
    ['Exchange', 'Send', 3],
    ['MicrosoftTeams', 'MessageSent', 4],
    ['SharePoint', 'SharingSet', 1],
  ] as const;
  for (const u of c.users) {
    for (const d0 of c.days) {
      const n = r.int(4, 14);
      for (let k = 0; k < n; k++) {
        const [wl, op] = r.weighted(ops.map((o) => [[o[0], o[1]] as const, o[2]] as const));
        const t = d0 + r.int(7 * 60, 19 * 60) * MIN + r.int(0, 59) * SEC;
        const file = r.pick(['Q2 budget.xlsx', 'Roadmap.pptx', 'Vendor list.xlsx', 'Team offsite.docx', 'Minutes 05-13.docx']);
        const site = wl === 'OneDrive' ? `https://contoso-my.sharepoint.com/personal/${u.upn.replace(/[@.]/g, '_')}/` : 'https://contoso.sharepoint.com/sites/finance/';
        const isFile = wl === 'SharePoint' || wl === 'OneDrive';
        c.sinks.OfficeActivity.add({
          ClientIP: `198.51.100.${r.int(30, 40)}`, ItemType: isFile ? 'File' : '', MailboxOwnerUPN: wl === 'Exchange' ? u.upn : '', OfficeId: r.guid(),
          OfficeObjectId: isFile ? `${site}Shared Documents/${file}` : '', OfficeTenantId: TENANT, OfficeWorkload: wl, Operation: op, OrganizationId: TENANT,
          RecordType: isFile ? 'SharePointFileOperation' : wl === 'Exchange' ? 'ExchangeItem' : 'MicrosoftTeams', ResultStatus: isFile ? '' : 'Succeeded', Site_Url: isFile ? site : '',
          SourceFileExtension: isFile ? file.split('.').pop() : '', SourceFileName: isFile ? file : '', SourceRelativeUrl: isFile ? 'Shared Documents' : '', SourceSystem: 'OfficeActivityManager',
          TenantId: TENANT, TimeGenerated: t, Type: 'OfficeActivity', UserAgent: isFile ? M.UA.edge : '', UserId: u.upn, UserKey: u.objectId, UserType: 'Regular',
          UserSharedWith: op === 'SharingSet' ? 'partner@fabrikam.example' : '', TargetUserOrGroupType: op === 'SharingSet' ? 'Guest' : '',
        });
      }
    }
  }
  // One user files newsletters away with an inbox rule; IT grants a delegate access to a shared mailbox.
  const u = c.users[Math.min(3, c.users.length - 1)];
  c.sinks.OfficeActivity.add({
    ClientIP: '198.51.100.33', OfficeId: r.guid(), OfficeTenantId: TENANT, OfficeWorkload: 'Exchange', Operation: 'New-InboxRule', OrganizationId: TENANT, RecordType: 'ExchangeAdmin',
    Parameters: JSON.stringify([{ Name: 'Name', Value: 'Newsletters' }, { Name: 'From', Value: 'news@tailspin-toys.example' }, { Name: 'MoveToFolder', Value: 'Newsletters' }, { Name: 'StopProcessingRules', Value: 'True' }]),
    ResultStatus: 'True', SourceSystem: 'OfficeActivityManager', TenantId: TENANT, TimeGenerated: c.days[1] + 10 * HOUR + 14 * MIN, Type: 'OfficeActivity', UserId: u.upn, UserKey: u.objectId, UserType: 'Regular',
  });
  const it = c.users.find((x) => x.department === 'IT') ?? c.users[0];
  c.sinks.OfficeActivity.add({
    ClientIP: '198.51.100.31', OfficeId: r.guid(), OfficeTenantId: TENANT, OfficeWorkload: 'Exchange', Operation: 'Add-MailboxPermission', OrganizationId: TENANT, RecordType: 'ExchangeAdmin',
    OfficeObjectId: 'finance-shared', Parameters: JSON.stringify([{ Name: 'Identity', Value: 'finance-shared' }, { Name: 'User', Value: u.upn }, { Name: 'AccessRights', Value: 'FullAccess' }]),
    ResultStatus: 'True', SourceSystem: 'OfficeActivityManager', TenantId: TENANT, TimeGenerated: c.days[2] + 11 * HOUR + 2 * MIN, Type: 'OfficeActivity', UserId: it.upn, UserKey: it.objectId, UserType: 'Admin',
  });
}

/** Azure control-plane activity on the lab subscription. */
function azure(c: SentinelCtx, r: Rng): void {
  const it = c.users.find((x) => x.department === 'IT') ?? c.users[0];
  const vm = c.devs.find((d) => d.def.azureVm);
  const ops = [
    ['Microsoft.Compute/virtualMachines/start/action', 'Start Virtual Machine', `virtualMachines/${vm?.name ?? 'vm01'}`],
    ['Microsoft.Compute/virtualMachines/deallocate/action', 'Deallocate Virtual Machine', `virtualMachines/${vm?.name ?? 'vm01'}`],
    ['Microsoft.Network/networkSecurityGroups/securityRules/write', 'Create or Update Security Rule', 'networkSecurityGroups/nsg-lab/securityRules/allow-rdp-from-vpn'],
    ['Microsoft.Storage/storageAccounts/listKeys/action', 'List Storage Account Keys', 'storageAccounts/stcontosologs'],
    ['Microsoft.Authorization/roleAssignments/write', 'Create role assignment', `roleAssignments/${guidOf('ra:1')}`],
    ['Microsoft.KeyVault/vaults/write', 'Update Key Vault', 'vaults/kv-contoso-lab'],
  ] as const;
  for (const d0 of c.days) {
    const n = r.int(2, 6);
    for (let k = 0; k < n; k++) {
      const [opv, opn, res] = r.pick(ops);
      const t = d0 + r.int(8 * 60, 18 * 60) * MIN;
      const corr = r.guid();
      const resId = `/subscriptions/${WS.sub}/resourceGroups/rg-lab/providers/${opv.split('/').slice(0, 2).join('/')}/${res}`.replace(/\/(start|deallocate|listKeys)\/action$/, '');
      for (const [status, dt] of [['Started', 0], ['Succeeded', r.int(2, 90) * SEC]] as const) {
        c.sinks.AzureActivity.add({
          ActivityStatus: status, ActivityStatusValue: status, ActivitySubstatus: '', ActivitySubstatusValue: status === 'Succeeded' ? 'OK' : '',
          Authorization: JSON.stringify({ action: opv, scope: resId }), Authorization_d: { action: opv, scope: resId }, Caller: it.upn, CallerIpAddress: '198.51.100.31',
          Category: 'Administrative', CategoryValue: 'Administrative', Claims: '', Claims_d: { appid: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c', ipaddr: '198.51.100.31', name: it.displayName, upn: it.upn },
          CorrelationId: corr, EventDataId: r.guid(), EventSubmissionTimestamp: t + dt + 20 * SEC, Hierarchy: `${TENANT}/${WS.sub}`, HTTPRequest: '', Level: 'Informational',
          OperationId: corr, OperationName: opn, OperationNameValue: opv.toUpperCase(), Properties: '', Properties_d: { eventCategory: 'Administrative', entity: resId, message: opv, hierarchy: `${TENANT}/${WS.sub}`, statusCode: status === 'Succeeded' ? 'OK' : '' },
          Resource: res.split('/').pop(), ResourceGroup: 'RG-LAB', ResourceId: resId, ResourceProvider: opv.split('/')[0], ResourceProviderValue: opv.split('/')[0].toUpperCase(),
          SourceSystem: 'Azure', SubscriptionId: WS.sub, TenantId: TENANT, TimeGenerated: t + dt, Type: 'AzureActivity',
        });
      }
    }
  }
}

/** A small TI feed: the incident's C2 and sender, and unrelated indicators. */
function threatIntel(c: SentinelCtx): void {
  const t0 = c.days[0] - 3 * DAY;
  const ind: [string, Record<string, unknown>][] = [
    ['ip', { NetworkIP: C2.ip, Description: 'C2 server observed in commodity loader campaigns', ThreatType: 'C2', ConfidenceScore: 80, MalwareNames: '["CommodityLoader"]' }],
    ['domain', { DomainName: C2.url, Description: 'C2 domain of commodity loader campaigns', ThreatType: 'C2', ConfidenceScore: 75, MalwareNames: '["CommodityLoader"]' }],
    ['email', { EmailSenderAddress: SENDER.address, EmailSourceDomain: SENDER.domain, Description: 'Invoice-themed phishing sender', ThreatType: 'Phishing', ConfidenceScore: 60 }],
    ['ip', { NetworkIP: addressOf('feed-scanner'), Description: 'Scanner: SSH and RDP brute force', ThreatType: 'MaliciousActivity', ConfidenceScore: 50 }],
    ['ip', { NetworkIP: addressOf('tor-exit'), Description: 'Tor exit node', ThreatType: 'Anonymization', ConfidenceScore: 90 }],
    ['domain', { DomainName: 'login-micros0ft.example', Description: 'Credential phishing kit', ThreatType: 'Phishing', ConfidenceScore: 85 }],
    ['url', { Url: 'https://cdn.tailspin-toys.example/x/loader.js', Description: 'Drive-by loader', ThreatType: 'Malware', ConfidenceScore: 55 }],
    ['hash', { FileHashType: 'SHA256', FileHashValue: hexOf('ti:ransom', 64), Description: 'Ransomware payload', ThreatType: 'Malware', ConfidenceScore: 95, MalwareNames: '["LockBit"]' }],
  ];
  ind.forEach(([kind, f], i) => {
    c.sinks.ThreatIntelligenceIndicator.add({
      Action: 'alert', Active: true, ActivityGroupNames: '', AdditionalInformation: '', DiamondModel: '', ExpirationDateTime: t0 + 90 * DAY, ExternalIndicatorId: `indicator--${guidOf(`ti:${i}`)}`,
      IndicatorId: hexOf(`tiid:${i}`, 64).toUpperCase(), IndicatorProvider: i < 3 ? 'Microsoft Defender Threat Intelligence' : 'Contoso TAXII feed', KillChainC2: f.ThreatType === 'C2',
      KillChainDelivery: f.ThreatType === 'Phishing', PassiveOnly: false, SourceSystem: i < 3 ? 'Microsoft Defender Threat Intelligence' : 'SecurityInsights', Tags: `["${kind}"]`,
      TenantId: TENANT, ThreatSeverity: 3, TimeGenerated: t0 + i * HOUR, TrafficLightProtocolLevel: 'amber', Type: 'ThreatIntelligenceIndicator', ...f,
    });
  });
}

/** Identity Protection's risky-user list mirrors AADUserRiskEvents. */
function risky(c: SentinelCtx): void {
  const ev = c.sinks.AADUserRiskEvents;
  for (let i = 0; i < ev.length; i++) {
    c.sinks.AADRiskyUsers.add({
      CorrelationId: guidOf(`ru:${i}`), Id: ev.get(i, 'UserId'), IsDeleted: false, IsProcessing: false, OperationName: 'Risky user', RiskDetail: ev.get(i, 'RiskDetail'),
      RiskLastUpdatedDateTime: ev.get(i, 'LastUpdatedDateTime'), RiskLevel: ev.get(i, 'RiskState') === 'atRisk' ? ev.get(i, 'RiskLevel') : 'none', RiskState: ev.get(i, 'RiskState'), SourceSystem: 'Azure AD', TenantId: TENANT,
      TimeGenerated: ev.get(i, 'LastUpdatedDateTime'), Type: 'AADRiskyUsers', UserDisplayName: ev.get(i, 'UserDisplayName'), UserPrincipalName: ev.get(i, 'UserPrincipalName'),
    });
  }
}

function watchlists(c: SentinelCtx): void {
  const created = c.days[0] - 20 * DAY;
  const who = { objectId: '', email: c.analyst, name: c.analyst };
  const itAdmin = c.bgUsers.find((u) => u.department === 'IT' && u.onPremSid);
  for (const w of labWatchlists(c.users, c.devs, { ...(c.adminDevKeys && { adminDevKeys: c.adminDevKeys }), ...(itAdmin && { itAdmin }) })) {
    const wid = guidOf(`wl:${w.alias}`);
    w.items.forEach((item, i) => {
      const id = guidOf(`wli:${w.alias}:${i}`);
      c.sinks.Watchlist.add({
        AzureTenantId: TENANT, CorrelationId: guidOf(`wlc:${w.alias}`), CreatedBy: who, CreatedTimeUTC: created, DefaultDuration: '', _DTItemId: id, _DTItemStatus: 'Create',
        _DTItemType: 'watchlist-item', _DTTimestamp: created, LastUpdatedTimeUTC: created, Notes: '', Provider: 'Microsoft', SearchKey: item[w.searchKey] ?? '', Source: `${w.alias}.csv`,
        SourceSystem: 'Azure', Tags: '[]', TenantId: TENANT, TimeGenerated: created, TimeToLive: created + 3650 * DAY, Type: 'Watchlist', UpdatedBy: who, WatchlistAlias: w.alias,
        WatchlistCategory: '', WatchlistId: wid, WatchlistItem: item, WatchlistItemId: id, WatchlistName: w.name,
      });
      c.sinks[`Watchlist_${w.alias}`]?.add({ _DTItemId: id, LastUpdatedTimeUTC: created, SearchKey: item[w.searchKey] ?? '', WatchlistItem: item, ...item });
    });
  }
}

/**
 * The Windows DNS server on the domain controller (DnsEvents, SubType LookupQuery): the names the
 * devices resolve before the outbound sessions the firewall logs (a share of them: clients cache
 * answers), and each device's routine internal lookups — the domain controller's SRV records, the
 * file server, WPAD and ISATAP probes that have no record (NXDOMAIN, result code 3), and reverse
 * (PTR) lookups of internal addresses by the management servers. Event ids follow the DNS
 * server's analytic log: 257 answered, 258 failed [lab convention for EventId/TaskCategory].
 */
function dnsEvents(c: SentinelCtx, r: Rng): void {
  const add = (t: number, client: string, name: string, type: string, code: number, ips: string) =>
    c.sinks.DnsEvents.add({
      ClientIP: client, Computer: M.DC.name, Confidence: '', Description: '', EventId: code === 0 ? 257 : 258, IndicatorThreatType: '', IPAddresses: ips, MaliciousIP: '',
      Message: `${code === 0 ? 'RESPONSE_SUCCESS' : 'RESPONSE_FAILURE'}: TCP=0; InterfaceIP=${M.DC.ip}; Source=${client}; RCODE=${code}; QNAME=${name}.; QTYPE=${type}`,
      Name: name, QueryType: type, RemoteIPCountry: '', RemoteIPLatitude: null, RemoteIPLongitude: null, Result: code === 0 ? 'Success' : 'Failure', ResultCode: code,
      Severity: code === 0 ? 0 : 2, SourceSystem: 'OpsManager', SubType: 'LookupQuery', TaskCategory: 'LookupQuery', TimeGenerated: t, Type: 'DnsEvents',
    });
  const ne = c.sinks.DeviceNetworkEvents.kept('firewall');
  for (let i = 0; i < ne.length; i++) {
    const url = (ne.get(i, 'RemoteUrl') as string) ?? '';
    if (!url || !r.chance(0.3)) continue;
    add((ne.get(i, 'Timestamp') as number) - r.int(1, 900) * SEC, ne.get(i, 'LocalIP') as string, url.toLowerCase(), 'A', 0, ne.get(i, 'RemoteIP') as string);
  }
  const domain = M.DC.name.split('.').slice(1).join('.');
  const ptr = (ip: string) => `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
  const internal = c.devs.map((d) => d.def.localIp).filter(Boolean);
  for (const d0 of c.days) {
    for (const d of c.devs) {
      const ip = d.def.localIp;
      if (!ip) continue;
      const at = () => d0 + (7 * 60 + r.int(0, 11 * 60)) * MIN + r.int(0, 59) * SEC;
      add(at(), ip, `_ldap._tcp.dc._msdcs.${domain}`, 'SRV', 0, M.DC.ip);
      add(at(), ip, M.DC.name, 'A', 0, M.DC.ip);
      if (r.chance(0.7)) add(at(), ip, `fs01.${domain}`, 'A', 0, '10.20.0.30');
      if (r.chance(0.5)) add(at(), ip, `wpad.${domain}`, 'A', 3, '');
      if (r.chance(0.2)) add(at(), ip, `isatap.${domain}`, 'AAAA', 3, '');
    }
    // the backup server resolves the devices it backs up by address
    for (let k = 0, n = r.int(4, 10); k < n; k++) add(d0 + r.int(60, 180) * MIN, '10.20.0.40', ptr(r.pick(internal)), 'PTR', 0, '');
  }
}
