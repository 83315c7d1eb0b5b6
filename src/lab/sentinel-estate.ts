/**
 * The noise and routine a real tenant's Sentinel workspace holds beyond the lab's own users and
 * devices, for the background users only (the scenario's people and rows stay as they are):
 *  - Entra ID: password spray waves from hosting providers abroad against every account (and
 *    guessed names that do not exist), mostly over legacy protocols with the ROPC user agent,
 *    smart lockout after repeated failures; MFA pushes that users deny or let time out;
 *  - Windows servers that are not onboarded to Defender for Endpoint but send their Security log:
 *    the file server's network logons and the odd wrong password, the vulnerability scanner's
 *    authenticated checks, admins' special logons, the scheduled jobs of the management server
 *    (4688 with command lines), and the domain controller's account-management events for the
 *    directory changes Defender for Identity reports (4720, 4728/4729, 4732/4733);
 *  - the Linux SFTP server partners upload to, published on the internet: the constant SSH
 *    brute force against it, the partners' own logons, an admin's sudo maintenance;
 *  - mailbox rules users create for themselves, Exchange admin changes, and Entra sign-in audit
 *    records as the Office 365 management API gives them (OfficeActivity);
 *  - Entra directory administration beyond the helpdesk (AuditLogs): security info registration,
 *    self-service password resets, device registrations, app ownership changes.
 *
 * Rates are per user-day, host-hour or tenant-day from a stream of its own; nothing is shaped after
 * a particular query.
 */
import { LEAVER, SCAN_TO_MAIL } from './accounts.ts';
import { addressesOf, pickAddress } from './addresses.ts';
import * as M from './model.ts';
import { guidOf, hexOf, Rng } from './rng.ts';
import { DAY, HOUR, MIN, SEC } from './time.ts';
import type { Dev, Sinks } from './world.ts';

export interface SentinelEstateCtx {
  sinks: Sinks;
  seed: number;
  days: number[];
  /** Background users only. */
  users: M.UserDef[];
  /** The devices, for the users' own workstations' addresses. */
  devs?: Dev[];
}

const TENANT = M.TENANT.tenantId;
const NETBIOS = 'CORP';

export function writeSentinelEstate(c: SentinelEstateCtx): void {
  if (c.users.length === 0) return;
  const root = new Rng((c.seed ^ 0x5e57a7e) >>> 0, 0x5e57a);
  spray(c, root.fork('spray'));
  mfaDenials(c, root.fork('mfa'));
  windowsServers(c, root.fork('winsrv'));
  directoryChanges(c, root.fork('dcevents'));
  const scanners = sftp(c, root.fork('sftp'));
  threatFeed(c, root.fork('ti'), scanners);
  mailboxes(c, root.fork('mailbox'));
  entraAudit(c, root.fork('entra-audit'));
  graphApps(c, root.fork('graph-apps'));
  graphAudit(c);
  azureDeployments(c, root.fork('azure'));
  passwordChangesAndLockouts(c, root.fork('lockouts'));
  const scans = directoryAccounts(c, root.fork('directory-accounts'));
  // Last: a stream added after the others leaves their rows as they were.
  scanToMail(c, scans, root.fork('scan-mail'));
}

// --- Entra ID sign-ins ---------------------------------------------------------------------------

interface Failure {
  t: number;
  upn: string;
  user?: M.UserDef;
  code: number;
  reason: string;
  details: string;
  ip: string;
  loc: { city: string; state: string; countryOrRegion: string; lat: number; lon: number };
  app: { name: string; id: string };
  resource: { name: string; id: string };
  clientAppUsed: string;
  ua: string;
  mfa?: boolean;
  device?: { id: string; name: string; os: string; compliant: boolean; trust: string };
  /** An unregistered client's operating system as the sign-in logs read it from the user agent (AADSignInEventsBeta, SigninLogs). */
  os?: string;
  osText?: string;
  /** The network's provider (IdentityLogonEvents.Isp) when not a hosting network. */
  isp?: string;
}

const EXO = { name: 'Office 365 Exchange Online', id: '00000002-0000-0ff1-ce00-000000000000' };
const GRAPH = { name: 'Microsoft Graph', id: '00000003-0000-0000-c000-000000000000' };
const EXO_APP = { name: 'Office 365 Exchange Online', id: '00000002-0000-0ff1-ce00-000000000000' };
const AAD_PS = { name: 'Azure Active Directory PowerShell', id: '1b730954-1685-4b74-9bfd-dac224a7b894' };
const OFFICE = { name: 'Microsoft Office', id: 'd3590ed6-52b3-4102-aeff-aad2292ab01c' };

/** One failed interactive sign-in in every view that records it: Sentinel, Defender, Defender for Cloud Apps. */
/** One Entra ID sign-in (failed, or with code 0 a successful single-factor one), mirrored into the sign-in tables as the lab mirrors them. */
export function entraSignIn(s: Sinks, f: Failure): void {
  const ok = f.code === 0;
  const corr = guidOf(`fail-corr:${f.upn}:${f.t}:${f.ip}`);
  const req = guidOf(`fail-req:${corr}`);
  const userId = f.user?.objectId ?? '';
  const display = f.user?.displayName ?? '';
  const trust = f.device?.trust ?? '';
  s.SigninLogs.add({
    AADTenantId: TENANT, AlternateSignInName: f.upn, AppDisplayName: f.app.name, AppId: f.app.id, AppliedConditionalAccessPolicies: '', AppliedEventListeners: [],
    AuthenticationContextClassReferences: '[]',
    AuthenticationDetails: JSON.stringify(f.mfa ? [{ authenticationMethod: 'Password', succeeded: true }, { authenticationMethod: 'Mobile app notification', succeeded: false, authenticationStepResultDetail: f.details }] : [ok ? { authenticationMethod: 'Password', succeeded: true } : { authenticationMethod: 'Password', succeeded: false, authenticationStepResultDetail: f.reason }]),
    AuthenticationMethodsUsed: f.mfa ? '["Password","Mobile app notification"]' : '["Password"]', AuthenticationProcessingDetails: '[{"key":"Legacy TLS (TLS 1.0, 1.1, 3DES)","value":"False"}]',
    AuthenticationProtocol: f.ua === 'BAV2ROPC' || f.app === AAD_PS ? 'ropc' : 'none', AuthenticationRequirement: f.mfa ? 'multiFactorAuthentication' : 'singleFactorAuthentication',
    AuthenticationRequirementPolicies: f.mfa ? '[{"requirementProvider":"multiConditionalAccess","detail":"Conditional Access"}]' : '[]', AutonomousSystemNumber: f.user && !f.device ? '64500' : String(14061 + (f.ip.length % 7) * 1000),
    Category: 'SignInLogs', ClientAppUsed: f.clientAppUsed, ConditionalAccessPolicies: [], ConditionalAccessStatus: f.mfa ? 'failure' : 'notApplied', CorrelationId: corr, CreatedDateTime: f.t,
    CrossTenantAccessType: 'none',
    DeviceDetail: { deviceId: f.device?.id ?? '', displayName: f.device?.name ?? '', operatingSystem: f.device?.os ?? f.osText ?? (f.ua === 'BAV2ROPC' ? '' : 'Linux'), browser: f.clientAppUsed === 'Browser' ? 'Edge 124.0.2478' : '', isCompliant: f.device?.compliant ?? false, isManaged: !!f.device, trustType: trust },
    DurationMs: 0, FlaggedForReview: false, HomeTenantId: TENANT, Id: guidOf(`fail-id:${req}`), Identity: display, IPAddress: f.ip, IPAddressFromResourceProvider: '', IsInteractive: true, IsRisky: false,
    Level: '4', Location: f.loc.countryOrRegion, LocationDetails: { city: f.loc.city, state: f.loc.state, countryOrRegion: f.loc.countryOrRegion, geoCoordinates: { latitude: f.loc.lat, longitude: f.loc.lon } },
    MfaDetail: f.mfa ? { authMethod: 'Mobile app notification', authDetail: '' } : null, NetworkLocationDetails: '[]', OperationName: 'Sign-in activity', OperationVersion: '1.0', OriginalRequestId: req,
    ProcessingTimeInMilliseconds: String(60 + (f.t % 240)), Resource: 'Microsoft.aadiam', ResourceDisplayName: f.resource.name, ResourceGroup: 'Microsoft.aadiam', ResourceId: `/tenants/${TENANT}/providers/Microsoft.aadiam`,
    ResourceIdentity: f.resource.id, ResourceProvider: 'Microsoft.aadiam', ResourceServicePrincipalId: guidOf(`sp:${f.resource.id}`), ResourceTenantId: TENANT, ResultDescription: f.reason, ResultSignature: 'None',
    ResultType: String(f.code), RiskDetail: 'none', RiskEventTypes: '[]', RiskEventTypes_V2: '[]', RiskLevel: '', RiskLevelAggregated: 'none', RiskLevelDuringSignIn: 'none', RiskState: 'none', ServicePrincipalId: '',
    ServicePrincipalName: '', SessionLifetimePolicies: '[]', SignInIdentifier: f.upn, SignInIdentifierType: 'userPrincipalName', SourceSystem: 'Azure AD',
    Status: { errorCode: f.code, failureReason: f.reason || 'Other.', additionalDetails: f.details }, TimeGenerated: f.t, TokenIssuerName: '', TokenIssuerType: 'AzureAD', Type: 'SigninLogs', UniqueTokenIdentifier: '',
    UserAgent: f.ua, UserDisplayName: display, UserId: userId, UserPrincipalName: f.upn, UserType: 'Member', TenantId: TENANT,
  });
  const beta = {
    Timestamp: f.t, Application: f.app.name, ApplicationId: f.app.id, LogonType: '["interactiveUser"]', ErrorCode: f.code, CorrelationId: corr, SessionId: '', AccountDisplayName: display, AccountObjectId: userId,
    AccountUpn: f.upn, IsExternalUser: 0, IsGuestUser: false, AlternateSignInName: f.upn, ResourceDisplayName: f.resource.name, ResourceId: f.resource.id, ResourceTenantId: TENANT,
    DeviceName: f.device?.name ?? '', OSPlatform: f.device?.os ?? f.os ?? '', DeviceTrustType: trust === 'Azure AD joined' ? 'AzureAd' : trust ? 'ServerAd' : '', IsManaged: f.device ? 1 : 0, IsCompliant: f.device?.compliant ? 1 : 0,
    AuthenticationProcessingDetails: '[{"key":"Legacy TLS (TLS 1.0, 1.1, 3DES)","value":"False"}]', AuthenticationRequirement: f.mfa ? 'multiFactorAuthentication' : 'singleFactorAuthentication', TokenIssuerType: 0,
    RiskLevelAggregated: 1, RiskDetails: 0, RiskLevelDuringSignIn: 1, RiskEventTypes: '[]', RiskState: 0, UserAgent: f.ua, ClientAppUsed: f.clientAppUsed, Browser: f.clientAppUsed === 'Browser' ? 'Edge 124.0.2478' : '', ConditionalAccessPolicies: [],
    ConditionalAccessStatus: f.mfa ? 1 : 2, IPAddress: f.ip, Country: f.loc.countryOrRegion, State: f.loc.state, City: f.loc.city, Latitude: String(f.loc.lat), Longitude: String(f.loc.lon), NetworkLocationDetails: '[]',
    RequestId: req, ReportId: guidOf(`fail-rep:${req}`), EndpointCall: f.ua === 'BAV2ROPC' ? 'OAuth2:Token' : 'Login:login',
  };
  s.AADSignInEventsBeta.add({ ...beta, AadDeviceId: f.device?.id ?? '' });
  s.EntraIdSignInEvents.add({ ...beta, EntraIdDeviceId: f.device?.id ?? '', IsThroughGlobalSecureAccess: false, UniqueTokenId: '', IsSignInThroughGlobalSecureAccess: false });
  if (f.user) {
    s.IdentityLogonEvents.add({
      Timestamp: f.t + 20 * SEC, ActionType: ok ? 'LogonSuccess' : 'LogonFailed', Application: 'Office 365', LogonType: f.ua === 'BAV2ROPC' ? 'OAuth2:Token' : 'Login:login', Protocol: '', FailureReason: f.reason,
      AccountName: f.user.accountName, AccountDomain: 'contoso.example', AccountUpn: f.upn, AccountSid: '', AccountObjectId: userId, AccountDisplayName: display, DeviceName: f.device?.name ?? '',
      DeviceType: f.device ? 'Desktop' : '', OSPlatform: f.device?.os ?? '', IPAddress: f.ip, Port: null, DestinationDeviceName: '', DestinationIPAddress: '', DestinationPort: null, TargetDeviceName: '',
      TargetAccountDisplayName: '', Location: f.loc.countryOrRegion, Isp: f.isp ?? (f.device ? 'Example Telecom' : 'Example Hosting'), AdditionalFields: { 'TO.CLOUD_SERVICE': f.resource.name, 'Pass-through authentication': 'false', 'Request ID': req },
    });
  }
}

/**
 * Accounts that are not a person at a desk (accounts.ts): the leaver's phone retrying mail sync
 * against a disabled account, and the office printer's scan-to-email submissions over SMTP AUTH.
 */
/** The leaver's and the printer's sign-ins; returns the times of the printer's SMTP AUTH sign-ins (one per scan). */
function directoryAccounts(c: SentinelEstateCtx, r: Rng): number[] {
  const scans: number[] = [];
  const home = { ip: pickAddress(r, 'homes'), city: 'Rotterdam', state: 'Zuid-Holland', countryOrRegion: 'NL', lat: 51.92, lon: 4.48 };
  const office = { ip: '198.51.100.40', // the Amsterdam office's egress (device C's public address)
    city: 'Amsterdam', state: 'Noord-Holland', countryOrRegion: 'NL', lat: 52.37, lon: 4.9 };
  const start = c.days[0];
  const end = c.days[c.days.length - 1] + DAY;
  // the phone syncs whenever it has signal and the app is awake: every one to four hours, day and night
  for (let t = start + r.int(0, 120) * MIN; t < end; t += r.int(60, 240) * MIN + r.int(0, 59) * SEC) {
    entraSignIn(c.sinks, {
      t, upn: LEAVER.upn, user: LEAVER, code: 50057, reason: 'User account is disabled. The account has been disabled by an administrator.', details: '',
      ip: home.ip, loc: home, app: EXO_APP, resource: EXO, clientAppUsed: 'Exchange ActiveSync', ua: 'Apple-iPhone14C2/2104.236', os: 'iOS', osText: 'Ios 17.4.1', isp: 'Example Broadband',
    });
  }
  // scans go out while the office is in: a handful to a dozen a day, one SMTP AUTH sign-in each
  for (const d0 of c.days) {
    for (let n = r.int(4, 12); n > 0; n--) {
      const t = d0 + r.int(7 * 60 + 30, 17 * 60 + 30) * MIN + r.int(0, 59) * SEC;
      entraSignIn(c.sinks, {
        t, upn: SCAN_TO_MAIL.upn, user: SCAN_TO_MAIL, code: 0, reason: '', details: '',
        ip: office.ip, loc: office, app: EXO_APP, resource: EXO, clientAppUsed: 'Authenticated SMTP', ua: 'BAV2ROPC', isp: 'Example Telecom',
      });
      scans.push(t);
    }
  }
  return scans;
}

/**
 * The mail each scan sends: the printer submits it through SMTP AUTH (the sign-in at `t`) from the
 * office's egress address, a few seconds later Exchange Online delivers it to the colleague who
 * scanned (picked on the panel from the address book; Finance scans the most: invoices, receipts),
 * with the scan as one PDF. Intra-org mail, so no sender authentication verdicts (SPF/DKIM/DMARC
 * are checked on inbound mail) and no spam or bulk verdicts, as the lab's other internal mail.
 */
function scanToMail(c: SentinelEstateCtx, scans: number[], r: Rng): void {
  const office = '198.51.100.40';
  const weights = c.users.map((u) => [u, u.department === 'Finance' ? 4 : u.department === 'Legal' || u.department === 'Sales' ? 2 : 1] as const);
  const pad = (n: number) => String(n).padStart(2, '0');
  for (const signIn of scans) {
    const to = r.weighted(weights);
    const t = signIn + r.int(2, 9) * SEC;
    const d = new Date(signIn / 1000); // times are epoch microseconds
    const stamp = `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
    const nmid = guidOf(`scan-mail:${to.upn}:${signIn}`);
    const file = `SCAN_${stamp.slice(0, 8)}_${stamp.slice(8)}.pdf`;
    c.sinks.EmailEvents.add({
      Timestamp: t, NetworkMessageId: nmid, InternetMessageId: `<${hexOf(`scan-imid:${nmid}`, 24)}@contoso.example>`, SenderMailFromAddress: SCAN_TO_MAIL.upn, SenderFromAddress: SCAN_TO_MAIL.upn,
      SenderDisplayName: SCAN_TO_MAIL.displayName, SenderObjectId: SCAN_TO_MAIL.objectId, SenderMailFromDomain: 'contoso.example', SenderFromDomain: 'contoso.example', SenderIPv4: office, SenderIPv6: '',
      RecipientEmailAddress: to.upn, RecipientObjectId: to.objectId, Subject: `Scanned from MFP01 ${stamp}`, EmailClusterId: Number.parseInt(hexOf('cluster:scan-mfp01', 8), 16), EmailDirection: 'Intra-org',
      DeliveryAction: 'Delivered', DeliveryLocation: 'Inbox/folder', ThreatTypes: '', ThreatNames: '', DetectionMethods: '', ConfidenceLevel: '', BulkComplaintLevel: null, EmailAction: '', EmailActionPolicy: '',
      EmailActionPolicyGuid: '', AuthenticationDetails: '', AttachmentCount: 1, UrlCount: 0, EmailLanguage: 'en', Connectors: '', OrgLevelAction: '', OrgLevelPolicy: '', UserLevelAction: '', UserLevelPolicy: '',
      AdditionalFields: { IsFirstContact: false }, LatestDeliveryLocation: 'Inbox/folder', LatestDeliveryAction: 'Delivered', DistributionList: '',
    });
    c.sinks.EmailAttachmentInfo.add({
      Timestamp: t, NetworkMessageId: nmid, SenderFromAddress: SCAN_TO_MAIL.upn, SenderDisplayName: SCAN_TO_MAIL.displayName, RecipientEmailAddress: to.upn, RecipientObjectId: to.objectId,
      FileName: file, FileType: 'pdf', SHA256: hexOf(`scan-pdf:${nmid}`, 64), FileSize: r.int(60_000, 2_400_000), ThreatTypes: '', ThreatNames: '', DetectionMethods: '', FileExtension: 'pdf',
    });
  }
}

/** Hosting networks password sprays come from (the addresses are documentation ranges; the geolocation is what the sign-in log shows). */
const SPRAY_SOURCES = [
  { ip: '192.0.2.61', city: 'Ashburn', state: 'Virginia', countryOrRegion: 'US', lat: 39.04, lon: -77.49 },
  { ip: '192.0.2.62', city: 'Sao Paulo', state: 'Sao Paulo', countryOrRegion: 'BR', lat: -23.55, lon: -46.63 },
  { ip: '192.0.2.88', city: 'Hanoi', state: 'Hanoi', countryOrRegion: 'VN', lat: 21.03, lon: 105.85 },
  { ip: '192.0.2.93', city: 'Lagos', state: 'Lagos', countryOrRegion: 'NG', lat: 6.52, lon: 3.38 },
  { ip: '192.0.2.104', city: 'Frankfurt am Main', state: 'Hessen', countryOrRegion: 'DE', lat: 50.11, lon: 8.68 },
  { ip: '192.0.2.117', city: 'Bucharest', state: 'Bucuresti', countryOrRegion: 'RO', lat: 44.43, lon: 26.1 },
] as const;
const shuffled = <T>(r: Rng, xs: readonly T[]): T[] => {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
};
const GUESSED = ['admin', 'administrator', 'test', 'info', 'support', 'scanner', 'helpdesk', 'training', 'backup', 'sales'];

/** Password spray waves: one or two passwords against every account, slowly, from a few addresses. */
function spray(c: SentinelEstateCtx, r: Rng): void {
  const waves = r.int(2, 4);
  for (let w = 0; w < waves; w++) {
    const d0 = c.days[r.int(0, c.days.length - 1)];
    let t = d0 + r.int(0, 20 * 60) * MIN;
    const sources = Array.from({ length: r.int(1, 3) }, () => r.pick(SPRAY_SOURCES));
    const legacy = r.chance(0.7);
    const targets: { upn: string; user?: M.UserDef }[] = [...c.users.map((u) => ({ upn: u.upn, user: u })), ...GUESSED.filter(() => r.chance(0.5)).map((g) => ({ upn: `${g}@contoso.example` }))];
    const fails = new Map<string, number>();
    for (let pass = r.int(1, 2); pass > 0; pass--) {
      for (const tg of shuffled(r, targets)) {
        t += r.int(15, 240) * SEC;
        const n = (fails.get(tg.upn) ?? 0) + 1;
        fails.set(tg.upn, n);
        const src = r.pick(sources);
        const exists = !!tg.user;
        const code = !exists ? 50034 : n >= 3 && r.chance(0.5) ? 50053 : 50126;
        const proto = legacy ? r.weighted([['Authenticated SMTP', 3], ['IMAP4', 2], ['Other clients', 2], ['POP3', 1]] as const) : 'Mobile Apps and Desktop clients';
        entraSignIn(c.sinks, {
          t, upn: tg.upn, user: tg.user, code, ip: src.ip, loc: src,
          reason: code === 50034 ? 'The user account does not exist in the directory. To sign into this application, the account must be added to the directory.' : code === 50053 ? "The account is locked, you've tried to sign in too many times with an incorrect user ID or password." : 'Error validating credentials due to invalid username or password.',
          details: code === 50053 ? 'Account locked by smart lockout' : '',
          app: legacy ? EXO_APP : AAD_PS, resource: legacy ? EXO : GRAPH, clientAppUsed: proto, ua: legacy ? 'BAV2ROPC' : 'python-requests/2.31.0',
        });
      }
    }
  }
}

/** MFA prompts users deny (a prompt from a second device they did not expect) or let time out. */
function mfaDenials(c: SentinelEstateCtx, r: Rng): void {
  for (const d0 of c.days) {
    for (const u of c.users) {
      if (!r.chance(0.06)) continue;
      const timeout = r.chance(0.7);
      const t = d0 + r.int(7 * 60, 19 * 60) * MIN + r.int(0, 59) * SEC;
      const home = r.chance(0.5);
      entraSignIn(c.sinks, {
        t, upn: u.upn, user: u, code: 500121, reason: 'Authentication failed during strong authentication request.',
        details: timeout ? 'MFA denied; user did not respond to mobile app notification' : 'MFA denied; user declined the authentication',
        ip: home ? pickAddress(r, 'homes') : '198.51.100.30', loc: home ? { city: 'Rotterdam', state: 'Zuid-Holland', countryOrRegion: 'NL', lat: 51.92, lon: 4.48 } : { city: 'Amsterdam', state: 'Noord-Holland', countryOrRegion: 'NL', lat: 52.37, lon: 4.9 },
        app: r.chance(0.5) ? OFFICE : { name: 'OfficeHome', id: '4765445b-32c6-49b0-83e6-1d93765276ca' }, resource: r.chance(0.5) ? EXO : { name: 'Office 365 SharePoint Online', id: '00000003-0000-0ff1-ce00-000000000000' },
        clientAppUsed: 'Browser', ua: M.UA.edge, mfa: true,
      });
    }
  }
}

// --- Windows servers' Security log ---------------------------------------------------------------

export const SERVERS = {
  dc: { name: M.DC.name, ip: M.DC.ip },
  fs: { name: 'fs01.corp.contoso.example', ip: '10.20.0.30' },
  sccm: { name: 'sccm01.corp.contoso.example', ip: '10.20.0.35' },
  scanner: { name: 'scanner01.corp.contoso.example', ip: '10.20.0.90' },
};
export const ACTIVITY: Record<number, string> = {
  4624: '4624 - An account was successfully logged on.',
  4625: '4625 - An account failed to log on.',
  4634: '4634 - An account was logged off.',
  4648: '4648 - A logon was attempted using explicit credentials.',
  4702: '4702 - A scheduled task was updated.',
  4768: '4768 - A Kerberos authentication ticket (TGT) was requested.',
  4769: '4769 - A Kerberos service ticket was requested.',
  4776: '4776 - The computer attempted to validate the credentials for an account.',
  5140: '5140 - A network share object was accessed.',
  5145: '5145 - A network share object was checked to see whether client can be granted desired access.',
  4672: '4672 - Special privileges assigned to new logon.',
  4688: '4688 - A new process has been created.',
  4720: '4720 - A user account was created.',
  4722: '4722 - A user account was enabled.',
  4724: "4724 - An attempt was made to reset an account's password.",
  4728: '4728 - A member was added to a security-enabled global group.',
  4729: '4729 - A member was removed from a security-enabled global group.',
  4732: '4732 - A member was added to a security-enabled local group.',
  4733: '4733 - A member was removed from a security-enabled local group.',
  4723: "4723 - An attempt was made to change an account's password.",
  4740: '4740 - A user account was locked out.',
  4767: '4767 - A user account was unlocked.',
  4771: '4771 - Kerberos pre-authentication failed.',
};
export const LOGON_TYPE: Record<number, string> = { 2: '2 - Interactive', 3: '3 - Network', 4: '4 - Batch', 5: '5 - Service', 10: '10 - RemoteInteractive' };

export class SecLog {
  private rec = new Map<string, number>();
  constructor(
    readonly s: Sinks,
    readonly r: Rng,
    /** Added to the first record number of each host: a stream written later keeps a range of its own. */
    readonly base = 0,
  ) {}

  add(t: number, host: string, id: number, o: Record<string, unknown>): void {
    const n = (this.rec.get(host) ?? 1_200_000 + (host.length % 5) * 100_000 + this.base) + this.r.int(1, 40);
    this.rec.set(host, n);
    const fail = id === 4625;
    this.s.SecurityEvent.add({
      Activity: ACTIVITY[id], Channel: 'Security', Computer: host, EventID: id, EventRecordId: String(n), EventSourceName: 'Microsoft-Windows-Security-Auditing', Level: fail ? '16' : '8',
      ManagementGroupName: 'AOI-' + guidOf('workspace'), SourceComputerId: guidOf(`agent:${host}`), SourceSystem: 'OpsManager', TenantId: TENANT, TimeGenerated: t, Type: 'SecurityEvent',
      ...(typeof o.LogonType === 'number' ? { LogonTypeName: LOGON_TYPE[o.LogonType as number] } : {}),
      ...o,
    });
  }
}

export const subjectOf = (host: string) => {
  const m = host.split('.')[0].toUpperCase();
  return { SubjectUserSid: 'S-1-5-18', SubjectUserName: `${m}$`, SubjectDomainName: NETBIOS, SubjectAccount: `${NETBIOS}\\${m}$`, SubjectLogonId: '0x3e7' };
};

/** Each user's first successful logon of each day on their own device (DeviceLogonEvents), by `upn:day index`. */
export function firstLogons(s: Sinks, users: M.UserDef[], devs: Dev[], day0: number): Map<string, number> {
  const out = new Map<string, number>();
  const byAccount = new Map(users.map((u) => [u.accountName.toLowerCase(), u]));
  const devOf = new Map(devs.filter((d) => d.user).map((d) => [d.user!.upn, d.name]));
  const dl = s.DeviceLogonEvents;
  for (let i = 0; i < dl.length; i++) {
    if (dl.get(i, 'ActionType') !== 'LogonSuccess') continue;
    const u = byAccount.get(String(dl.get(i, 'AccountName')).toLowerCase());
    if (!u || devOf.get(u.upn) !== dl.get(i, 'DeviceName')) continue;
    const t = dl.get(i, 'Timestamp') as number;
    const key = `${u.upn}:${Math.floor((t - day0) / DAY)}`;
    if (!((out.get(key) ?? Infinity) <= t)) out.set(key, t);
  }
  return out;
}

function windowsServers(c: SentinelEstateCtx, r: Rng): void {
  const log = new SecLog(c.sinks, r);
  const hex = () => `0x${r.int(0x100000, 0xffffff).toString(16)}`;
  const it = c.users.find((u) => u.department === 'IT') ?? c.users[0];
  const first = firstLogons(c.sinks, c.users, c.devs ?? [], c.days[0]);
  for (const [k, d0] of c.days.entries()) {
    // users' drives and shares on the file server: Kerberos network logons through the day, a wrong password now and then (NTLM from a stale mapped drive)
    for (const u of c.users) {
      if (!u.onPremSid) continue;
      for (let i = r.int(2, 6); i > 0; i--) {
        const drawn = d0 + r.int(7 * 60 + 30, 18 * 60) * MIN + r.int(0, 59) * SEC;
        // the drives are mapped once the user has signed in to their device: the day's spread starts at that logon
        const on = first.get(`${u.upn}:${k}`);
        const t = on != null ? on + 20 * SEC + (drawn - d0 - (7 * 60 + 30) * MIN) : drawn;
        const ws = c.devs?.find((d) => d.user === u)?.def.localIp ?? `10.20.1.${10 + (Number.parseInt(hexOf(`ws:${u.upn}`, 2), 16) % 200)}`;
        log.add(t, SERVERS.fs.name, 4624, {
          Account: `${NETBIOS}\\${u.accountName}`, AccountType: 'User', TargetUserName: u.accountName, TargetDomainName: NETBIOS, TargetAccount: `${NETBIOS}\\${u.accountName}`, TargetUserSid: u.onPremSid,
          TargetLogonId: hex(), LogonType: 3, LogonProcessName: 'Kerberos', AuthenticationPackageName: 'Kerberos', IpAddress: ws, IpPort: '0', WorkstationName: '-', ProcessName: '-',
          LogonGuid: `{${guidOf(`lg:${u.upn}:${t}`)}}`, SubjectUserSid: 'S-1-0-0', SubjectUserName: '-', SubjectDomainName: '-', SubjectLogonId: '0x0', ElevatedToken: '%%1843', ImpersonationLevel: '%%1833',
        });
      }
      if (r.chance(0.08)) {
        const t = d0 + r.int(8 * 60, 17 * 60) * MIN;
        for (let k = r.int(1, 4); k > 0; k--) {
          log.add(t + k * r.int(2, 30) * SEC, SERVERS.fs.name, 4625, {
            Account: `${NETBIOS}\\${u.accountName}`, AccountType: 'User', TargetUserName: u.accountName, TargetDomainName: NETBIOS, TargetAccount: `${NETBIOS}\\${u.accountName}`, TargetUserSid: 'S-1-0-0',
            LogonType: 3, LogonProcessName: 'NtLmSsp ', AuthenticationPackageName: 'NTLM', IpAddress: `10.20.1.${r.int(10, 210)}`, IpPort: String(r.int(49152, 65535)), WorkstationName: u.accountName.split('.')[0].toUpperCase(),
            Status: '0xc000006d', SubStatus: '0xc000006a', FailureReason: '%%2313', ProcessName: '-', SubjectUserSid: 'S-1-0-0', SubjectUserName: '-', SubjectDomainName: '-', SubjectLogonId: '0x0',
          });
        }
      }
    }
    // the vulnerability scanner's authenticated checks every night: its service account logs on everywhere; stale credentials for a retired host fail
    const nightly = d0 + (1 * 60 + r.int(0, 40)) * MIN;
    for (const [k, host] of [SERVERS.dc, SERVERS.fs, SERVERS.sccm].entries()) {
      const t = nightly + k * r.int(3, 9) * MIN;
      const base = { Account: `${NETBIOS}\\svc-vulnscan`, AccountType: 'User', TargetUserName: 'svc-vulnscan', TargetDomainName: NETBIOS, TargetAccount: `${NETBIOS}\\svc-vulnscan`, IpAddress: SERVERS.scanner.ip, IpPort: String(r.int(49152, 65535)), WorkstationName: 'SCANNER01', ProcessName: '-', SubjectUserSid: 'S-1-0-0', SubjectUserName: '-', SubjectDomainName: '-', SubjectLogonId: '0x0' };
      const lid = hex();
      log.add(t, host.name, 4624, { ...base, TargetUserSid: M.domainSid(1622), TargetLogonId: lid, LogonType: 3, LogonProcessName: 'NtLmSsp ', AuthenticationPackageName: 'NTLM', ElevatedToken: '%%1842' });
      log.add(t, host.name, 4672, { Account: `${NETBIOS}\\svc-vulnscan`, AccountType: 'User', SubjectUserName: 'svc-vulnscan', SubjectDomainName: NETBIOS, SubjectUserSid: M.domainSid(1622), SubjectLogonId: lid, SubjectAccount: `${NETBIOS}\\svc-vulnscan`, PrivilegeList: 'SeSecurityPrivilege\r\n\t\t\tSeBackupPrivilege\r\n\t\t\tSeRestorePrivilege\r\n\t\t\tSeDebugPrivilege' });
      if (r.chance(0.4)) log.add(t + 40 * SEC, host.name, 4625, { ...base, Account: `${NETBIOS}\\administrator`, TargetUserName: 'administrator', TargetAccount: `${NETBIOS}\\administrator`, TargetUserSid: 'S-1-0-0', LogonType: 3, LogonProcessName: 'NtLmSsp ', AuthenticationPackageName: 'NTLM', Status: '0xc000006d', SubStatus: '0xc000006a', FailureReason: '%%2313' });
    }
    // an admin's RDP session to the management server
    if (it.onPremSid && r.chance(0.7)) {
      const t = d0 + r.int(9 * 60, 16 * 60) * MIN;
      const lid = hex();
      const who = { Account: `${NETBIOS}\\${it.accountName}`, AccountType: 'User', TargetUserName: it.accountName, TargetDomainName: NETBIOS, TargetAccount: `${NETBIOS}\\${it.accountName}`, TargetUserSid: it.onPremSid };
      log.add(t, SERVERS.sccm.name, 4624, { ...who, TargetLogonId: lid, LogonType: 10, LogonProcessName: 'User32 ', AuthenticationPackageName: 'Negotiate', IpAddress: '10.20.1.3', IpPort: '0', WorkstationName: 'SCCM01', ProcessName: 'C:\\Windows\\System32\\svchost.exe', ElevatedToken: '%%1842', ...subjectOf(SERVERS.sccm.name) });
      log.add(t, SERVERS.sccm.name, 4672, { Account: `${NETBIOS}\\${it.accountName}`, AccountType: 'User', SubjectUserName: it.accountName, SubjectDomainName: NETBIOS, SubjectUserSid: it.onPremSid, SubjectLogonId: lid, SubjectAccount: `${NETBIOS}\\${it.accountName}`, PrivilegeList: 'SeSecurityPrivilege\r\n\t\t\tSeTakeOwnershipPrivilege\r\n\t\t\tSeBackupPrivilege\r\n\t\t\tSeRestorePrivilege\r\n\t\t\tSeDebugPrivilege\r\n\t\t\tSeSystemEnvironmentPrivilege\r\n\t\t\tSeImpersonatePrivilege' });
      const consoles: [string, string][] = [
        ['C:\\Windows\\System32\\mmc.exe', '"C:\\Windows\\system32\\mmc.exe" "C:\\Windows\\system32\\dsa.msc"'],
        ['C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', '"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"'],
        ['C:\\Windows\\System32\\cmd.exe', '"C:\\Windows\\system32\\cmd.exe"'],
        ['C:\\Windows\\System32\\gpupdate.exe', 'gpupdate /force'],
      ];
      let tt = t + r.int(30, 90) * SEC;
      for (const [img, cmd] of consoles.filter(() => r.chance(0.6))) {
        tt += r.int(20, 600) * SEC;
        log.add(tt, SERVERS.sccm.name, 4688, {
          Account: `${NETBIOS}\\${it.accountName}`, AccountType: 'User', SubjectUserName: it.accountName, SubjectDomainName: NETBIOS, SubjectUserSid: it.onPremSid, SubjectLogonId: lid, SubjectAccount: `${NETBIOS}\\${it.accountName}`,
          NewProcessName: img, NewProcessId: `0x${r.int(0x400, 0x3000).toString(16)}`, Process: img.split('\\').pop(), CommandLine: cmd, ParentProcessName: img.endsWith('gpupdate.exe') ? 'C:\\Windows\\System32\\cmd.exe' : 'C:\\Windows\\explorer.exe',
          TokenElevationType: '%%1937', MandatoryLabel: 'S-1-16-12288', TargetUserSid: 'S-1-0-0', TargetUserName: '-', TargetDomainName: '-', TargetLogonId: '0x0',
        });
      }
    }
    // scheduled jobs on the management server (4688 with command-line auditing on)
    for (let h = 0; h < 24; h += 4) {
      const t = d0 + h * HOUR + 5 * MIN + r.int(0, 59) * SEC;
      const jobs: [string, string, string][] = [
        ['C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'powershell.exe -NoProfile -ExecutionPolicy Bypass -File "D:\\Scripts\\Export-ClientHealth.ps1"', 'C:\\Windows\\System32\\svchost.exe'],
        ['C:\\Windows\\System32\\conhost.exe', '\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe'],
      ];
      for (const [k, [img, cmd, parent]] of jobs.entries()) {
        log.add(t + k * SEC, SERVERS.sccm.name, 4688, {
          Account: `${NETBIOS}\\svc-sccm`, AccountType: 'User', ...subjectOf(SERVERS.sccm.name), SubjectUserName: 'svc-sccm', SubjectAccount: `${NETBIOS}\\svc-sccm`, SubjectUserSid: M.domainSid(1618),
          SubjectLogonId: `0x${hexOf(`sccm-job:${t}`, 6)}`, NewProcessName: img, NewProcessId: `0x${r.int(0x400, 0x3000).toString(16)}`, Process: img.split('\\').pop(), CommandLine: cmd, ParentProcessName: parent,
          TokenElevationType: '%%1936', MandatoryLabel: 'S-1-16-12288', TargetUserSid: 'S-1-0-0', TargetUserName: '-', TargetDomainName: '-', TargetLogonId: '0x0',
        });
      }
    }
  }
}

/** The domain controller's account-management events for the directory changes Defender for Identity reports. */
function directoryChanges(c: SentinelEstateCtx, r: Rng): void {
  const log = new SecLog(c.sinks, r);
  const de = c.sinks.IdentityDirectoryEvents;
  // built-in local groups of the domain (4732/4733); the rest are global security groups (4728/4729)
  const LOCAL = new Set(['Backup Operators', 'Account Operators', 'Server Operators', 'Print Operators', 'Remote Desktop Users', 'Administrators']);
  const sidOfGroup = (g: string) => ({ 'Domain Admins': M.domainSid(512), 'Backup Operators': 'S-1-5-32-551', Administrators: 'S-1-5-32-544' })[g] ?? `${M.DOMAIN_SID}-${2000 + (Number.parseInt(hexOf(`grp:${g}`, 3), 16) % 900)}`;
  for (let i = 0; i < de.length; i++) {
    const action = de.get(i, 'ActionType');
    if (action !== 'Group Membership changed' && action !== 'User Account Created') continue;
    if (de.get(i, 'Application') !== 'Active Directory') continue;
    const t = (de.get(i, 'Timestamp') as number) - r.int(1, 4) * SEC;
    const actor = String(de.get(i, 'AccountName') ?? '');
    const actorSid = String(de.get(i, 'AccountSid') ?? '');
    const subject = { SubjectUserName: actor, SubjectDomainName: NETBIOS, SubjectUserSid: actorSid, SubjectAccount: `${NETBIOS}\\${actor}`, SubjectLogonId: `0x${hexOf(`lid:${actor}`, 6)}` };
    const af = (de.get(i, 'AdditionalFields') ?? {}) as Record<string, unknown>;
    const targetUpn = String(de.get(i, 'TargetAccountUpn') ?? '');
    const targetName = targetUpn ? targetUpn.split('@')[0] : String(de.get(i, 'TargetAccountDisplayName') ?? '');
    const targetSid = guidOf(`sid:${targetName}`);
    const memberSid = `${M.DOMAIN_SID}-${3000 + (Number.parseInt(targetSid.slice(0, 3), 16) % 900)}`;
    if (action === 'User Account Created') {
      log.add(t, SERVERS.dc.name, 4720, { Account: `${NETBIOS}\\${targetName}`, AccountType: 'User', ...subject, TargetUserName: targetName, TargetDomainName: NETBIOS, TargetAccount: `${NETBIOS}\\${targetName}`, TargetSid: memberSid, SamAccountName: targetName, UserPrincipalName: targetUpn });
      log.add(t + 2 * SEC, SERVERS.dc.name, 4722, { Account: `${NETBIOS}\\${targetName}`, AccountType: 'User', ...subject, TargetUserName: targetName, TargetDomainName: NETBIOS, TargetAccount: `${NETBIOS}\\${targetName}`, TargetSid: memberSid });
      log.add(t + 3 * SEC, SERVERS.dc.name, 4724, { Account: `${NETBIOS}\\${targetName}`, AccountType: 'User', ...subject, TargetUserName: targetName, TargetDomainName: NETBIOS, TargetAccount: `${NETBIOS}\\${targetName}`, TargetSid: memberSid });
      continue;
    }
    const to = af['TO.GROUP'];
    const group = String(to ?? af['FROM.GROUP'] ?? '');
    if (!group) continue;
    const local = LOCAL.has(group);
    const id = to ? (local ? 4732 : 4728) : local ? 4733 : 4729;
    log.add(t, SERVERS.dc.name, id, {
      Account: `${NETBIOS}\\${group}`, AccountType: 'User', ...subject, MemberName: `CN=${de.get(i, 'TargetAccountDisplayName')},OU=Users,OU=Contoso,DC=corp,DC=contoso,DC=example`, MemberSid: memberSid,
      TargetUserName: group, TargetDomainName: local ? 'Builtin' : NETBIOS, TargetAccount: `${local ? 'Builtin' : NETBIOS}\\${group}`, TargetSid: sidOfGroup(group),
    });
  }
}

/** Machines where people stay signed in and forget it: the ones whose stale password locks an account after a change. */
const STALE_SOURCES = [
  { name: 'MEETRM-3A', ip: '10.20.5.31', why: 'meeting-room PC' },
  { name: 'MEETRM-2B', ip: '10.20.5.22', why: 'meeting-room PC' },
  { name: 'TS01', ip: '10.20.0.40', why: 'disconnected terminal-server session' },
  { name: 'WKS-SPARE07', ip: '10.20.1.207', why: 'old laptop kept as a spare' },
] as const;

/**
 * Password changes and the lockouts that follow them. The domain's policy makes users change their
 * password every 60 days (about 1.7% of users on a given day); in about a third of the changes a
 * machine the user is still signed in to somewhere else keeps offering the old password (a
 * meeting-room PC, a disconnected terminal-server session, a spare laptop), the DC counts the
 * Kerberos pre-authentication failures (4771, 0x18) and locks the account at the fifth (4740, the
 * caller computer in TargetDomainName as the event reports it); the user calls the helpdesk, whose
 * admin account unlocks it in Active Directory Users and Computers (4767) within the hour.
 */
function passwordChangesAndLockouts(c: SentinelEstateCtx, r: Rng): void {
  const log = new SecLog(c.sinks, r);
  const dcSubject = subjectOf(SERVERS.dc.name);
  const it = c.users.find((u) => u.department === 'IT' && u.onPremSid);
  const helpdesk = it ? { name: `adm-${it.accountName.split('.')[0]}`, sid: `${M.DOMAIN_SID}-${Number(it.onPremSid!.split('-').pop()) + 5000}` } : { name: 'administrator', sid: M.domainSid(500) };
  for (const d0 of c.days) {
    for (const u of c.users) {
      if (!u.onPremSid || !r.chance(0.017)) continue;
      const who = { Account: `${NETBIOS}\\${u.accountName}`, AccountType: 'User', TargetUserName: u.accountName, TargetDomainName: NETBIOS, TargetAccount: `${NETBIOS}\\${u.accountName}`, TargetSid: u.onPremSid };
      const changed = d0 + r.int(8 * 60, 11 * 60) * MIN + r.int(0, 59) * SEC;
      log.add(changed, SERVERS.dc.name, 4723, { ...who, SubjectUserName: u.accountName, SubjectDomainName: NETBIOS, SubjectUserSid: u.onPremSid, SubjectAccount: `${NETBIOS}\\${u.accountName}`, SubjectLogonId: `0x${r.int(0x100000, 0xffffff).toString(16)}` });
      if (!r.chance(0.35)) continue;
      const src = r.pick(STALE_SOURCES);
      let t = changed + r.int(20, 240) * MIN;
      for (let k = 1; k <= 5; k++) {
        t += r.int(1, 25) * MIN + r.int(0, 59) * SEC;
        const port = r.int(49152, 65535);
        log.add(t, SERVERS.dc.name, 4771, {
          ...who, TargetUserSid: u.onPremSid, ServiceName: 'krbtgt/CORP', Status: '0x18', IpAddress: `::ffff:${src.ip}`, IpPort: String(port),
          SubjectUserSid: 'S-1-0-0', SubjectUserName: '-', SubjectDomainName: '-', SubjectLogonId: '0x0',
        });
        // Defender for Identity sees the same failed pre-authentication on the DC
        c.sinks.IdentityLogonEvents.add({
          Timestamp: t, ActionType: 'LogonFailed', Application: 'Active Directory', LogonType: 'Credentials validation', Protocol: 'Kerberos', FailureReason: 'WrongPassword',
          AccountName: u.accountName, AccountDomain: 'corp.contoso.example', AccountUpn: u.upn, AccountSid: u.onPremSid, AccountObjectId: u.objectId, AccountDisplayName: u.displayName,
          DeviceName: `${src.name.toLowerCase()}.corp.contoso.example`, DeviceType: 'Desktop', OSPlatform: src.name === 'TS01' ? 'WindowsServer2019' : 'Windows10', IPAddress: src.ip, Port: port,
          DestinationDeviceName: SERVERS.dc.name, DestinationIPAddress: SERVERS.dc.ip, DestinationPort: 88, TargetDeviceName: '', TargetAccountDisplayName: '', Location: '', Isp: '', AdditionalFields: { Count: 1 },
        });
      }
      log.add(t + 1 * SEC, SERVERS.dc.name, 4740, { ...who, TargetDomainName: src.name, TargetAccount: `${src.name}\\${u.accountName}`, ...dcSubject });
      const unlocked = t + r.int(8, 55) * MIN;
      log.add(unlocked, SERVERS.dc.name, 4767, { ...who, SubjectUserName: helpdesk.name, SubjectDomainName: NETBIOS, SubjectUserSid: helpdesk.sid, SubjectAccount: `${NETBIOS}\\${helpdesk.name}`, SubjectLogonId: `0x${r.int(0x100000, 0xffffff).toString(16)}` });
    }
  }
}

// --- Linux SFTP server ---------------------------------------------------------------------------

const SFTP = { name: 'sftp01', ip: '10.30.0.12' };
/** Internet scanners knocking on published services (their block of the address allocation, addresses.ts). */
export const INTERNET_SCANNERS: readonly string[] = addressesOf('scanners');
const BRUTE_USERS = ['root', 'admin', 'ubuntu', 'test', 'oracle', 'postgres', 'user', 'git', 'ftpuser', 'pi', 'deploy', 'support'];

function sftp(c: SentinelEstateCtx, r: Rng): string[] {
  const add = (t: number, facility: string, sev: string, proc: string, msg: string, pid?: number) =>
    c.sinks.Syslog.add({ CollectorHostName: SFTP.name, Computer: SFTP.name, EventTime: t, Facility: facility, HostIP: SFTP.ip, HostName: SFTP.name, ProcessID: pid ?? r.int(800, 60000), ProcessName: proc, SeverityLevel: sev, SourceSystem: 'Linux', SyslogMessage: msg, TimeGenerated: t + r.int(0, 2) * SEC, Type: 'Syslog' });
  const scanners = Array.from({ length: 24 }, () => r.pick(INTERNET_SCANNERS));
  const start = c.days[0];
  const end = c.days[c.days.length - 1] + DAY;
  // brute force against the published SSH port: bursts from one address trying common account names
  for (let t = start + r.int(0, 30) * MIN; t < end; t += r.int(15, 90) * MIN) {
    const src = r.pick(scanners);
    let tt = t;
    for (let k = r.int(1, 6); k > 0; k--) {
      tt += r.int(1, 12) * SEC;
      const user = r.weighted(BRUTE_USERS.map((u, i) => [u, i === 0 ? 8 : 2] as const));
      const port = r.int(30000, 65000);
      const pid = r.int(2000, 60000);
      if (user === 'root') {
        add(tt, 'authpriv', 'info', 'sshd', `Failed password for root from ${src} port ${port} ssh2`, pid);
        if (r.chance(0.3)) add(tt + SEC, 'authpriv', 'err', 'sshd', `error: maximum authentication attempts exceeded for root from ${src} port ${port} ssh2 [preauth]`, pid);
      } else {
        add(tt, 'authpriv', 'info', 'sshd', `Invalid user ${user} from ${src} port ${port}`, pid);
        add(tt + 2 * SEC, 'authpriv', 'info', 'sshd', `Failed password for invalid user ${user} from ${src} port ${port} ssh2`, pid);
      }
      add(tt + 3 * SEC, 'authpriv', 'info', 'sshd', `Connection closed by ${user === 'root' ? 'authenticating user root' : `invalid user ${user}`} ${src} port ${port} [preauth]`, pid);
    }
  }
  // partners upload their files; an admin patches the box now and then
  const partners = [
    { user: 'wingtip', ip: '198.18.4.20' },
    { user: 'tailspin', ip: '198.18.9.77' },
    { user: 'fabrikam', ip: '198.18.21.5' },
  ];
  for (const d0 of c.days) {
    for (const p of partners) {
      if (!r.chance(0.8)) continue;
      const t = d0 + r.int(6 * 60, 20 * 60) * MIN;
      const pid = r.int(2000, 60000);
      add(t, 'authpriv', 'info', 'sshd', `Accepted publickey for ${p.user} from ${p.ip} port ${r.int(30000, 65000)} ssh2: RSA SHA256:${hexOf(`key:${p.user}`, 43)}`, pid);
      add(t + SEC, 'authpriv', 'info', 'sshd', `pam_unix(sshd:session): session opened for user ${p.user}(uid=${1001 + partners.indexOf(p)}) by (uid=0)`, pid);
      add(t + 2 * SEC, 'authpriv', 'info', 'sshd', `subsystem request for sftp by user ${p.user}`, pid);
      add(t + r.int(20, 300) * SEC, 'authpriv', 'info', 'sshd', `pam_unix(sshd:session): session closed for user ${p.user}`, pid);
    }
    for (let h = 0; h < 24; h++) add(d0 + h * HOUR + 9 * MIN, 'cron', 'info', 'CRON', '(root) CMD (/usr/local/sbin/sftp-sweep.sh --older-than 14d)');
    if (r.chance(0.5)) {
      const t = d0 + r.int(9 * 60, 17 * 60) * MIN;
      const pid = r.int(2000, 60000);
      add(t, 'authpriv', 'info', 'sshd', `Accepted publickey for itadmin from 10.20.1.3 port ${r.int(30000, 65000)} ssh2: ED25519 SHA256:${hexOf('key:itadmin', 43)}`, pid);
      const cmds = ['/usr/bin/apt-get update', '/usr/bin/apt-get -y upgrade', '/usr/bin/systemctl restart ssh', '/usr/bin/tail -n 200 /var/log/auth.log', '/usr/sbin/ufw status'];
      let tt = t + r.int(20, 60) * SEC;
      for (const cmd of cmds.filter(() => r.chance(0.5))) {
        tt += r.int(10, 300) * SEC;
        add(tt, 'authpriv', 'notice', 'sudo', `itadmin : TTY=pts/0 ; PWD=/home/itadmin ; USER=root ; COMMAND=${cmd}`);
        add(tt + SEC, 'authpriv', 'info', 'sudo', 'pam_unix(sudo:session): session opened for user root(uid=0) by itadmin(uid=1000)');
      }
    }
  }
  return [...new Set(scanners)];
}

/**
 * An open-source feed of mass scanners and password-spray infrastructure, imported through TAXII:
 * some of the addresses that knock on the SFTP server and some spray sources are on it, most of
 * the feed is addresses the tenant never sees.
 */
function threatFeed(c: SentinelEstateCtx, r: Rng, scanners: string[]): void {
  const t0 = c.days[0] - 2 * DAY;
  const seen = scanners.filter(() => r.chance(0.4));
  const unseen = addressesOf('feed-only-scanners');
  const sprays = SPRAY_SOURCES.filter(() => r.chance(0.5)).map((s) => s.ip);
  const rows: [string, string, number][] = [
    ...seen.map((ip) => [ip, 'Mass scanner: SSH and RDP brute force', r.int(30, 70)] as [string, string, number]),
    ...unseen.map((ip) => [ip, 'Mass scanner: SSH and RDP brute force', r.int(30, 70)] as [string, string, number]),
    ...sprays.map((ip) => [ip, 'Password spray infrastructure (hosting provider)', r.int(50, 80)] as [string, string, number]),
  ];
  rows.forEach(([ip, desc, conf], i) => {
    const t = t0 + r.int(0, 2 * 24 * 60) * MIN;
    c.sinks.ThreatIntelligenceIndicator.add({
      Action: 'alert', Active: true, ActivityGroupNames: '', AdditionalInformation: '', DiamondModel: '', ExpirationDateTime: t + 30 * DAY, ExternalIndicatorId: `indicator--${guidOf(`ti-feed:${ip}`)}`,
      IndicatorId: hexOf(`ti-feed-id:${ip}:${i}`, 64).toUpperCase(), IndicatorProvider: 'Contoso TAXII feed', KillChainC2: false, KillChainDelivery: false, PassiveOnly: false, SourceSystem: 'SecurityInsights',
      Tags: '["scanner"]', TenantId: TENANT, ThreatSeverity: 2, TimeGenerated: t, TrafficLightProtocolLevel: 'white', Type: 'ThreatIntelligenceIndicator',
      NetworkIP: ip, Description: desc, ThreatType: 'MaliciousActivity', ConfidenceScore: conf,
    });
  });
}

// --- Exchange and Entra in the Office 365 management activity log ---------------------------------

function mailboxes(c: SentinelEstateCtx, r: Rng): void {
  const o = c.sinks.OfficeActivity;
  const rule = (t: number, u: M.UserDef, op: string, params: [string, string][], ip: string) =>
    o.add({
      ClientIP: ip, OfficeId: guidOf(`oa-rule:${u.upn}:${t}`), OfficeTenantId: TENANT, OfficeWorkload: 'Exchange', Operation: op, OrganizationId: TENANT, RecordType: 'ExchangeAdmin', OfficeObjectId: `${u.upn}\\${params.find((p) => p[0] === 'Name')?.[1] ?? ''}`,
      Parameters: JSON.stringify(params.map(([Name, Value]) => ({ Name, Value }))), ExternalAccess: 'false', OriginatingServer: `AM0PR06MB${r.int(1000, 9999)} (15.20.7544.000)`, ResultStatus: 'True', SourceSystem: 'OfficeActivityManager',
      TenantId: TENANT, TimeGenerated: t, Type: 'OfficeActivity', UserId: u.upn, UserKey: hexOf(`puid:${u.upn}`, 16).toUpperCase(), UserType: 'Regular',
    });
  // users tidy their inboxes: rules that move notifications, newsletters and a project's mail into folders
  const kinds: [string, [string, string][]][] = [
    ['Newsletters', [['From', 'news@mail.wideworldimporters.example;updates@news.relecloud.example'], ['MoveToFolder', 'Newsletters']]],
    ['Notifications', [['SubjectContainsWords', 'notification;automatic reply'], ['MoveToFolder', 'Notifications'], ['MarkAsRead', 'True']]],
    ['Invoices', [['SubjectOrBodyContainsWords', 'invoice'], ['MoveToFolder', 'Invoices']]],
    ['Project Atlas', [['SubjectContainsWords', 'Atlas'], ['MoveToFolder', 'Projects\\Atlas']]],
    ['Tickets', [['From', 'support@proseware.example'], ['MoveToFolder', 'Vendor tickets'], ['StopProcessingRules', 'True']]],
  ];
  for (const d0 of c.days) {
    for (const u of c.users) {
      if (!r.chance(0.07)) continue;
      const [name, params] = r.pick(kinds);
      const t = d0 + r.int(8 * 60, 18 * 60) * MIN;
      const set = r.chance(0.3);
      rule(t, u, set ? 'Set-InboxRule' : 'New-InboxRule', [['Identity', set ? `${u.upn}\\${name}` : ''], ['Name', name], ...params, ['AlwaysDeleteOutlookRulesBlob', 'False'], ['Force', 'False']].filter(([, v]) => v !== '') as [string, string][], '198.51.100.30');
    }
  }
  // Entra sign-ins as the management API reports them (workload AzureActiveDirectory)
  const si = c.sinks.SigninLogs;
  const mine = new Map(c.users.map((u) => [u.upn, u]));
  for (let i = 0; i < si.length; i++) {
    const u = mine.get(String(si.get(i, 'UserPrincipalName')));
    if (!u || !r.chance(0.5)) continue;
    const code = Number(si.get(i, 'ResultType'));
    if (code !== 0 && code !== 50126 && code !== 50053) continue;
    const t = si.get(i, 'TimeGenerated') as number;
    o.add({
      ClientIP: si.get(i, 'IPAddress'), OfficeId: guidOf(`oa-login:${si.get(i, 'Id')}`), OfficeTenantId: TENANT, OfficeWorkload: 'AzureActiveDirectory', Operation: code === 0 ? 'UserLoggedIn' : 'UserLoginFailed',
      OrganizationId: TENANT, RecordType: 'AzureActiveDirectoryStsLogon', ResultStatus: code === 0 ? 'Success' : 'Failed',       ExtendedProperties: JSON.stringify([{ Name: 'UserAgent', Value: String(si.get(i, 'UserAgent')) }, { Name: 'RequestType', Value: 'OAuth2:Authorize' }, { Name: 'ResultStatusDetail', Value: code === 0 ? 'Redirect' : 'Success' }, ...(code === 0 ? [] : [{ Name: 'LogonError', Value: code === 50053 ? 'IdsLocked' : 'InvalidUserNameOrPassword' }])]),
      SourceSystem: 'OfficeActivityManager', TenantId: TENANT, TimeGenerated: t + r.int(30, 300) * SEC, Type: 'OfficeActivity', UserId: u.upn, UserKey: u.objectId, UserType: 'Regular', UserAgent: String(si.get(i, 'UserAgent')),
    });
  }
}

/** Directory administration and users' self-service in the Entra audit log. */
function entraAudit(c: SentinelEstateCtx, r: Rng): void {
  const it = c.users.find((u) => u.department === 'IT') ?? c.users[0];
  const add = (t: number, act: string, category: string, service: string, by: M.UserDef | null, target: { id: string; name: string; type: string; upn?: string }, props: [string, string, string][], result = 'success', reason = '') =>
    c.sinks.AuditLogs.add({
      AADOperationType: /^Add|^Register|^User registered/.test(act) ? 'Add' : /^Delete|^Remove/.test(act) ? 'Delete' : 'Update', AADTenantId: TENANT, ActivityDateTime: t, ActivityDisplayName: act,
      AdditionalDetails: [{ key: 'User-Agent', value: M.UA.edge }], Category: category, CorrelationId: guidOf(`aud-corr:${act}:${t}`), DurationMs: 0, Id: `${service === 'Core Directory' ? 'Directory' : 'SSGM'}_${guidOf(`aud:${act}:${t}`)}`,
      Identity: by?.displayName ?? '', InitiatedBy: by ? { user: { id: by.objectId, displayName: null, userPrincipalName: by.upn, ipAddress: '198.51.100.30', roles: [] }, app: null } : { user: null, app: { appId: null, displayName: 'Device Registration Service', servicePrincipalId: guidOf('sp:drs'), servicePrincipalName: null } },
      Level: 'Informational', Location: 'EU', LoggedByService: service, OperationName: act, OperationVersion: '1.0', Resource: 'Microsoft.aadiam', ResourceGroup: 'Microsoft.aadiam',
      ResourceId: `/tenants/${TENANT}/providers/Microsoft.aadiam`, ResourceProvider: 'Microsoft.aadiam', Result: result, ResultDescription: '', ResultReason: reason, ResultSignature: 'None', ResultType: '', SourceSystem: 'Azure AD',
      TargetResources: [{ id: target.id, displayName: target.name, type: target.type, userPrincipalName: target.upn ?? null, modifiedProperties: props.map(([displayName, oldValue, newValue]) => ({ displayName, oldValue, newValue })) }],
      TimeGenerated: t, Type: 'AuditLogs', TenantId: TENANT,
    });
  for (const d0 of c.days) {
    for (const u of c.users) {
      const me = { id: u.objectId, name: u.displayName, type: 'User', upn: u.upn };
      // a new phone: the Authenticator app registered again
      if (r.chance(0.03)) {
        const t = d0 + r.int(8 * 60, 18 * 60) * MIN;
        add(t, 'User registered security info', 'UserManagement', 'Authentication Methods', u, me, [], 'success', 'User registered Authenticator App with Notification and Code');
        add(t + r.int(20, 90) * SEC, 'User deleted security info', 'UserManagement', 'Authentication Methods', u, me, [], 'success', 'User deleted Authenticator App with Notification and Code');
      }
      // forgotten passwords reset through self-service
      if (r.chance(0.025)) {
        const t = d0 + r.int(7 * 60, 10 * 60) * MIN;
        add(t, 'Reset password (self-service)', 'UserManagement', 'Self-service Password Management', u, me, [], 'success', 'Successfully completed reset.');
        add(t + 3 * SEC, 'Reset user password', 'UserManagement', 'Core Directory', u, me, []);
      }
      // devices joining and refreshing their registration
      if (r.chance(0.02)) {
        const t = d0 + r.int(8 * 60, 17 * 60) * MIN;
        const dev = { id: guidOf(`byod:${u.upn}:${d0}`), name: `${u.accountName.split('.')[0]}-iphone`, type: 'Device' };
        add(t, 'Register device', 'Device', 'Core Directory', null, dev, [['DeviceOSType', '', '["IPhone"]'], ['DeviceTrustType', '', '["Workplace"]']]);
        add(t + 2 * SEC, 'Add registered owner to device', 'Device', 'Core Directory', null, dev, []);
      }
    }
    // IT keeps app registrations' owners current
    if (r.chance(0.3)) {
      const t = d0 + r.int(9 * 60, 17 * 60) * MIN;
      const app = r.pick(['Power BI Gateway', 'Litware Billing Connector', 'Contoso HR Sync']);
      add(t, 'Add owner to application', 'ApplicationManagement', 'Core Directory', it, { id: guidOf(`appobj:${app}`), name: app, type: 'Application' }, [['Application.DisplayName', '', `"${app}"`]]);
    }
  }
}

// --- Microsoft Graph ----------------------------------------------------------------------------

/** Applications reading the directory with their own token after each sign-in (app-only Graph calls). */
function graphApps(c: SentinelEstateCtx, r: Rng): void {
  const sp = c.sinks.AADServicePrincipalSignInLogs;
  const calls: Record<string, [string, string][]> = {
    'Contoso HR Sync': [
      ['GET', '/v1.0/users/delta?$select=displayName,jobTitle,department,manager,accountEnabled'],
      ['PATCH', '/v1.0/users/{id}'],
      ['GET', '/v1.0/groups?$filter=securityEnabled eq true&$select=id,displayName'],
    ],
    'Litware Billing Connector': [
      ['GET', '/v1.0/users?$select=displayName,mail,department&$top=999'],
      ['GET', '/v1.0/organization'],
    ],
  };
  const users = c.users;
  for (let i = 0; i < sp.length; i++) {
    const name = String(sp.get(i, 'ServicePrincipalName'));
    const list = calls[name];
    if (!list || sp.get(i, 'ResultType') !== '0') continue;
    const t0 = sp.get(i, 'TimeGenerated') as number;
    for (let k = r.int(1, 2); k > 0; k--) {
      const [method, path0] = r.pick(list);
      const path = path0.replace('{id}', r.pick(users).objectId);
      c.sinks.MicrosoftGraphActivityLogs.add({
        AadTenantId: TENANT, ApiVersion: path.startsWith('/beta') ? 'beta' : 'v1.0', AppId: sp.get(i, 'AppId'), ATContent: '', ClientAuthMethod: 1, ClientRequestId: guidOf(`gcr:${name}:${t0}:${k}`),
        DurationMs: r.int(60, 1800), IdentityProvider: `https://sts.windows.net/${TENANT}/`, IPAddress: sp.get(i, 'IPAddress'), Location: String(sp.get(i, 'Location')) === 'US' ? 'East US' : 'West Europe',
        OperationId: guidOf(`gop:${name}:${t0}:${k}`), RequestId: guidOf(`greq:${name}:${t0}:${k}`), RequestMethod: method, RequestUri: `https://graph.microsoft.com${path}`, ResponseSizeBytes: method === 'PATCH' ? 0 : r.int(2_000, 400_000),
        ResponseStatusCode: method === 'PATCH' ? 204 : r.chance(0.98) ? 200 : 429, Roles: name === 'Contoso HR Sync' ? 'User.ReadWrite.All Group.Read.All' : 'User.Read.All Organization.Read.All', Scopes: '',
        ServicePrincipalId: sp.get(i, 'ServicePrincipalId'), SignInActivityId: hexOf(`sia:${sp.get(i, 'Id')}`, 22), SourceSystem: 'Azure', TenantId: TENANT, TimeGenerated: t0 + r.int(1, 300) * SEC,
        TokenIssuedAt: t0, Type: 'MicrosoftGraphActivityLogs', UserAgent: name === 'Contoso HR Sync' ? 'Microsoft Graph PowerShell SDK/2.19.0' : 'LitwareConnector/4.2 (+https://litware-saas.example)', UserId: '', Wids: '0997a1d0-0d1d-4acb-b408-d5ca73121e90',
      });
    }
  }
}

/** Defender's copy of the Graph activity log (GraphApiAuditEvents) mirrors MicrosoftGraphActivityLogs. */
function graphAudit(c: SentinelEstateCtx): void {
  const g = c.sinks.MicrosoftGraphActivityLogs;
  const out = c.sinks.GraphApiAuditEvents;
  if (!out) return;
  const workload = (uri: string) =>
    /\/(messages|mailFolders|calendarView|events)/.test(uri) ? 'Microsoft.Exchange' : /\/(drive|sites)/.test(uri) ? 'Microsoft.SharePoint' : /\/(profile)/.test(uri) ? 'Microsoft.PeopleProfile' : 'Microsoft.DirectoryServices';
  for (let i = 0; i < g.length; i++) {
    const spId = String(g.get(i, 'ServicePrincipalId') ?? '');
    out.add({
      Timestamp: g.get(i, 'TimeGenerated'), IdentityProvider: g.get(i, 'IdentityProvider'), ApiVersion: g.get(i, 'ApiVersion'), ApplicationId: g.get(i, 'AppId'), IPAddress: g.get(i, 'IPAddress'),
      ClientRequestId: g.get(i, 'ClientRequestId'), EntityType: spId ? 'app' : 'user', RequestUri: g.get(i, 'RequestUri'), AccountObjectId: spId ? '' : g.get(i, 'UserId'), OperationId: g.get(i, 'OperationId'),
      Location: g.get(i, 'Location'), RequestDuration: String(g.get(i, 'DurationMs')), RequestId: g.get(i, 'RequestId'), RequestMethod: g.get(i, 'RequestMethod'), ResponseStatusCode: String(g.get(i, 'ResponseStatusCode')),
      Scopes: g.get(i, 'Scopes'), UniqueTokenIdentifier: g.get(i, 'SignInActivityId'), TargetWorkload: workload(String(g.get(i, 'RequestUri'))), ServicePrincipalId: spId, ResponseSize: g.get(i, 'ResponseSizeBytes'),
    });
  }
}

// --- Azure control plane ------------------------------------------------------------------------

/**
 * The infrastructure pipeline's service principal applies its templates every working day (a
 * deployment and the resources it touches, now and then a failure the next run fixes), and an
 * admin runs a command on the lab VM through the portal's Run command.
 */
function azureDeployments(c: SentinelEstateCtx, r: Rng): void {
  const sub = guidOf('sub');
  const spId = guidOf('spn:sp-infra-pipeline');
  const appId = guidOf('app:sp-infra-pipeline');
  const it = c.users.find((u) => u.department === 'IT') ?? c.users[0];
  const row = (t: number, op: string, name: string, res: string, rg: string, status: 'Started' | 'Succeeded' | 'Failed', caller: { id: string; upn: string; name: string; ip: string; appid: string }, sub2 = '') => {
    const resId = `/subscriptions/${sub}/resourceGroups/${rg}/providers/${res}`;
    const corr = guidOf(`az-corr:${op}:${res}:${Math.floor(t / HOUR)}`);
    c.sinks.AzureActivity.add({
      ActivityStatus: status, ActivityStatusValue: status, ActivitySubstatus: sub2, ActivitySubstatusValue: sub2 || (status === 'Succeeded' ? 'OK' : ''),
      Authorization: JSON.stringify({ action: op, scope: resId }), Authorization_d: { action: op, scope: resId }, Caller: caller.upn || caller.id, CallerIpAddress: caller.ip,
      Category: 'Administrative', CategoryValue: 'Administrative', Claims: '', Claims_d: { appid: caller.appid, ipaddr: caller.ip, name: caller.name, upn: caller.upn },
      CorrelationId: corr, EventDataId: guidOf(`az-ev:${corr}:${status}:${t}`), EventSubmissionTimestamp: t + 20 * SEC, Hierarchy: `${TENANT}/${sub}`, HTTPRequest: '', Level: status === 'Failed' ? 'Error' : 'Informational',
      OperationId: corr, OperationName: name, OperationNameValue: op.toUpperCase(),
      Properties: '', Properties_d: { eventCategory: 'Administrative', entity: resId, message: op, hierarchy: `${TENANT}/${sub}`, statusCode: status === 'Succeeded' ? 'OK' : status === 'Failed' ? sub2 : '' },
      Resource: res.split('/').pop(), ResourceGroup: rg.toUpperCase(), ResourceId: resId, ResourceProvider: res.split('/')[0], ResourceProviderValue: res.split('/')[0].toUpperCase(),
      SourceSystem: 'Azure', SubscriptionId: sub, TenantId: TENANT, TimeGenerated: t, Type: 'AzureActivity',
    });
  };
  const pipeline = { id: spId, upn: '', name: 'sp-infra-pipeline', ip: '20.50.2.14', appid: appId };
  const steps: [string, string, string][] = [
    ['Microsoft.Resources/deployments/write', 'Create Deployment', `Microsoft.Resources/deployments/infra-${'{n}'}`],
    ['Microsoft.Network/networkSecurityGroups/write', 'Create or Update Network Security Group', 'Microsoft.Network/networkSecurityGroups/nsg-app'],
    ['Microsoft.Storage/storageAccounts/write', 'Create/Update Storage Account', 'Microsoft.Storage/storageAccounts/stcontosoapp'],
    ['Microsoft.Web/sites/write', 'Create or Update Web App', 'Microsoft.Web/sites/app-contoso-portal'],
  ];
  for (const [k, d0] of c.days.entries()) {
    let t = d0 + (6 * 60 + r.int(0, 30)) * MIN;
    const fail = r.chance(0.2);
    for (const [i, [op, name, res0]] of steps.entries()) {
      const res = res0.replace('{n}', `${k}${r.int(100, 999)}`);
      t += r.int(5, 60) * SEC;
      row(t, op, name, res, 'rg-app', 'Started', pipeline);
      const failed = fail && i === 2;
      row(t + r.int(3, 90) * SEC, op, name, res, 'rg-app', failed ? 'Failed' : 'Succeeded', pipeline, failed ? 'Conflict' : '');
      if (failed) break;
    }
    if (r.chance(0.4)) {
      const ta = d0 + r.int(9 * 60, 17 * 60) * MIN;
      const admin = { id: it.objectId, upn: it.upn, name: it.displayName, ip: '198.51.100.31', appid: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c' };
      row(ta, 'Microsoft.Compute/virtualMachines/runCommand/action', 'Run Command on Virtual Machine', 'Microsoft.Compute/virtualMachines/win10-lab01', 'rg-lab', 'Started', admin);
      row(ta + r.int(20, 120) * SEC, 'Microsoft.Compute/virtualMachines/runCommand/action', 'Run Command on Virtual Machine', 'Microsoft.Compute/virtualMachines/win10-lab01', 'rg-lab', 'Succeeded', admin);
    }
  }
}
