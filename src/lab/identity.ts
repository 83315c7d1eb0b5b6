/**
 * Identity, mail, cloud-app, vulnerability and Sentinel background of a scenario's tenant, reusable
 * by every scenario: background mail, IdentityInfo, Defender for Identity logons/queries/directory
 * changes, cloud-app activity that follows the successful sign-ins, service-principal sign-ins, TVM,
 * secure configuration, Entra audit and risk rows, and the Security-channel mirror of the AD FS
 * audits. What is scenario-specific comes in through an `IdentityEnv` (its users, its domain
 * controller, its own mail and AD FS rows); `writeFederatedIssuance` adds the AD FS token issuance
 * behind every federated sign-in.
 */
import { DIRECTORY_ACCOUNTS } from './accounts.ts';
import { addressesOf, pickAddress } from './addresses.ts';
import { guidOf, hexOf, type Rng } from './rng.ts';
import type { SignInResult } from './rules.ts';
import type { AlertDef, UserDef } from './model.ts';
import { UA } from './model.ts';
import { DAY, HOUR, MIN, SEC, T } from './time.ts';
import type { Dev, Sinks } from './world.ts';
import { writeSecureConfig } from './tvm-config.ts';
import { writeTvmInventory } from './tvm-more.ts';

export interface Ctx {
  sinks: Sinks;
  root: Rng;
  days: number[];
  users: Map<string, UserDef>;
  bgUsers: UserDef[];
  allDevs: Dev[];
  devByKey: Map<string, Dev>;
  alerts: AlertDef[];
  results: SignInResult[];
}

/** Adds one EmailEvents row (background defaults, overridden by `o`) and returns its NetworkMessageId. */
export type MailFn = (t: number, from: string, to: UserDef, subject: string, o?: Record<string, unknown>) => string;

export interface IdentityEnv {
  tenant: { domain: string; tenantId: string };
  /** The dataset's pinned now (secure-configuration assessments are dated from it). */
  now: string;
  /** The domain controller Defender for Identity sees the logons and queries on. */
  dc: { name: string; ip: string };
  /** Scripted users, before the background ones in every per-user table. */
  users: UserDef[];
  /** Users synced from on-premises AD (besides the users of domain-joined devices). */
  hybrid(u: UserDef): boolean;
  /** Entra roles shown in IdentityInfo (default: Helpdesk Administrator for IT). */
  roles?(u: UserDef): string[];
  /** Time of the day-k Kerberos logon of an on-premises device; null: none; undefined: the default draw. */
  kerberosLogon?(d: Dev, k: number): number | null | undefined;
  /** Successful sign-ins followed by routine cloud-app activity (default: all of them). */
  cloudActivity?(res: SignInResult): boolean;
  /** The scenario's own mails, after the background mail. */
  mail?(mail: MailFn): void;
  /** The scenario's AD FS, ActiveSync and file-profile rows (before the Sentinel mirror of AD FS audits). */
  adfs?(c: Ctx): void;
  mobile?(c: Ctx): void;
  fileProfiles?(c: Ctx): void;
}

const OFFICES = addressesOf('offices');
const MAIL_SUBJECTS = ['Weekly sync', 'Re: Q2 forecast', 'Lunch on Thursday?', 'Updated travel policy', 'FW: vendor onboarding', 'Your expense report was approved', 'Reminder: timesheets due', 'Project Falcon status', 'Welcome to the team!', 'Action required: password expires soon'];
const EXT_SENDERS = ['news@tailspin-toys.example', 'orders@wingtip.example', 'noreply@fabrikam.example', 'support@litware.example', 'events@adventure-works.example', 'promo@deals.example'];

export function writeIdentityAndCloud(c: Ctx, env: IdentityEnv): void {
  writeEmail(c, env);
  writeIdentity(c, env);
  writeCloud(c, env);
  writeTvm(c);
  writeSecureConfig(c.sinks, c.allDevs, env.now);
  writeTvmInventory(c.sinks, c.allDevs, env.now);
  env.adfs?.(c);
  env.mobile?.(c);
  env.fileProfiles?.(c);
  writeSentinel(c, env);
}

function writeEmail(c: Ctx, env: IdentityEnv): void {
  const { sinks, root, days } = c;
  const r = root.fork('email');
  const allUsers = [...env.users, ...c.bgUsers];
  const byUpn = new Map(allUsers.map((u) => [u.upn, u]));
  const mail: MailFn = (t, from, to, subject, o = {}) => {
    const nmid = (o.NetworkMessageId as string) ?? guidOf(`nmid:${from}:${to.upn}:${t}`);
    const fromDomain = from.split('@')[1];
    const internal = fromDomain === 'contoso.example';
    sinks.EmailEvents.add({
      Timestamp: t,
      NetworkMessageId: nmid,
      InternetMessageId: `<${hexOf(`imid:${nmid}`, 24)}@${fromDomain}>`,
      SenderMailFromAddress: from,
      SenderFromAddress: from,
      SenderDisplayName: from.split('@')[0],
      SenderObjectId: internal ? (byUpn.get(from)?.objectId ?? '') : '',
      SenderMailFromDomain: fromDomain,
      SenderFromDomain: fromDomain,
      SenderIPv4: internal ? '' : pickAddress(r, 'mail-partners'),
      SenderIPv6: '',
      RecipientEmailAddress: to.upn,
      RecipientObjectId: to.objectId,
      Subject: subject,
      EmailClusterId: r.int(1e9, 9e9),
      EmailDirection: internal ? 'Intra-org' : 'Inbound',
      DeliveryAction: 'Delivered',
      DeliveryLocation: 'Inbox/folder',
      ThreatTypes: '',
      ThreatNames: '',
      DetectionMethods: '',
      ConfidenceLevel: internal ? '' : '{"Phish":"Low","Spam":"Low"}',
      BulkComplaintLevel: internal ? null : r.int(0, 3),
      EmailAction: '',
      EmailActionPolicy: '',
      EmailActionPolicyGuid: '',
      AuthenticationDetails: internal ? '' : '{"SPF":"pass","DKIM":"pass","DMARC":"pass","CompAuth":"pass"}',
      AttachmentCount: 0,
      UrlCount: 0,
      EmailLanguage: 'en',
      Connectors: '',
      OrgLevelAction: '',
      OrgLevelPolicy: '',
      UserLevelAction: '',
      UserLevelPolicy: '',
      AdditionalFields: { IsFirstContact: false },
      LatestDeliveryLocation: 'Inbox/folder',
      LatestDeliveryAction: 'Delivered',
      DistributionList: '',
      ...o,
    });
    return nmid;
  };
  for (const u of allUsers) {
    for (let k = 0; k < 4; k++) {
      const n = r.int(3, 10);
      for (let i = 0; i < n; i++) {
        const t = days[k] + r.int(6 * 60, 19 * 60) * MIN + r.int(0, 59) * SEC;
        const ext = r.chance(0.4);
        const from = ext ? r.pick(EXT_SENDERS) : r.pick(allUsers).upn;
        const spam = ext && r.chance(0.12);
        const att = r.chance(0.25);
        const urls = r.int(0, 3);
        const nmid = mail(t, from, u, r.pick(MAIL_SUBJECTS), {
          AttachmentCount: att ? 1 : 0,
          UrlCount: urls,
          ...(spam
            ? { DeliveryAction: 'Junked', DeliveryLocation: 'Junk folder', ThreatTypes: 'Spam', DetectionMethods: '{"Spam":["Advanced filter"]}', LatestDeliveryLocation: 'Junk folder', LatestDeliveryAction: 'Junked', BulkComplaintLevel: 7 }
            : {}),
        });
        if (att) {
          const fname = r.pick(['report.pdf', 'agenda.docx', 'figures.xlsx', 'photo.jpg', 'slides.pptx']);
          sinks.EmailAttachmentInfo.add({
            Timestamp: t,
            NetworkMessageId: nmid,
            SenderFromAddress: from,
            SenderDisplayName: from.split('@')[0],
            RecipientEmailAddress: u.upn,
            RecipientObjectId: u.objectId,
            FileName: fname,
            FileType: fname.split('.')[1],
            SHA256: r.hex(64),
            FileSize: r.int(20000, 2000000),
            ThreatTypes: '',
            ThreatNames: '',
            DetectionMethods: '',
            FileExtension: fname.split('.')[1],
          });
        }
        for (let j = 0; j < urls; j++) {
          const host = r.pick(['www.contoso.example', 'news.example', 'contoso.sharepoint.com', 'deals.example', 'www.wingtip.example']);
          const url = `https://${host}/${r.hex(8)}`;
          sinks.EmailUrlInfo.add({ Timestamp: t, NetworkMessageId: nmid, Url: url, UrlDomain: host, UrlLocation: 'Body', UrlChainId: '', UrlChainPosition: 0 });
          if (r.chance(0.2)) {
            sinks.UrlClickEvents.add({
              Timestamp: t + r.int(2, 300) * MIN,
              Url: url,
              ActionType: 'ClickAllowed',
              AccountUpn: u.upn,
              Workload: 'Email',
              NetworkMessageId: nmid,
              ThreatTypes: '',
              DetectionMethods: '',
              IPAddress: OFFICES[r.int(30, 230) % OFFICES.length], // read at the office (one draw, as before)
              IsClickedThrough: false,
              UrlChain: JSON.stringify([url]),
              AppName: 'Outlook',
              AppVersion: '16.0.17531.20152',
              SourceId: '',
            });
          }
        }
        if (spam && r.chance(0.3)) {
          sinks.EmailPostDeliveryEvents.add({
            Timestamp: t + r.int(5, 120) * MIN,
            NetworkMessageId: nmid,
            InternetMessageId: `<${hexOf(`imid:${nmid}`, 24)}@${from.split('@')[1]}>`,
            Action: 'Moved to junk folder',
            ActionType: 'Spam ZAP',
            ActionTrigger: 'SpecialAction',
            ActionResult: 'Success',
            RecipientEmailAddress: u.upn,
            DeliveryLocation: 'Junk folder',
            ThreatTypes: 'Spam',
            DetectionMethods: '{"Spam":["Advanced filter"]}',
            SenderFromAddress: from,
            EmailDirection: 'Inbound',
          });
        }
      }
    }
  }
  env.mail?.(mail);
}

function writeIdentity(c: Ctx, env: IdentityEnv): void {
  const { sinks, root, days } = c;
  const r = root.fork('identity');
  const allUsers = [...env.users, ...c.bgUsers];
  const onPremUsers = new Set(c.allDevs.filter((d) => d.onPrem).map((d) => d.user));
  const info = (u: UserDef, k: number, hybrid: boolean, t: number) => ({
    Timestamp: t,
    AccountObjectId: u.objectId,
    AccountUpn: u.upn,
    OnPremSid: hybrid ? (u.onPremSid ?? '') : '',
    AccountDisplayName: u.displayName,
    AccountName: u.accountName,
    AccountDomain: hybrid ? 'corp.contoso.example' : 'contoso.example',
    CriticalityLevel: u.department === 'IT' ? 3 : 0,
    Type: 'User',
    DistinguishedName: hybrid ? `CN=${u.displayName},OU=Users,OU=Contoso,DC=corp,DC=contoso,DC=example` : '',
    CloudSid: u.cloudSid,
    GivenName: u.displayName.split(' ')[0],
    Surname: u.displayName.split(' ').slice(1).join(' '),
    Department: u.department,
    JobTitle: u.jobTitle,
    EmailAddress: u.upn,
    SipProxyAddress: u.upn,
    Address: '1 Harbour Street',
    City: 'Amsterdam',
    Country: 'NL',
    IsAccountEnabled: true,
    Manager: '',
    Phone: '',
    CreatedDateTime: T('2022-09-01T08:00:00'),
    ChangeSource: 'System-UserPersistence',
    BlastRadius: u.department === 'IT' ? 'High' : 'Low',
    CompanyName: 'Contoso',
    DeletedDateTime: null,
    EmployeeId: String(10000 + (hexOf(u.upn, 4) ? Number.parseInt(hexOf(u.upn, 4), 16) % 9000 : 0)),
    OtherMailAddresses: [],
    RiskLevel: '',
    RiskLevelDetails: '',
    State: 'Noord-Holland',
    Tags: [],
    AssignedRoles: env.roles ? env.roles(u) : u.department === 'IT' ? ['Helpdesk Administrator'] : [],
    PrivilegedEntraPimRoles: [],
    TenantId: env.tenant.tenantId,
    SourceSystem: hybrid ? 'ActiveDirectory' : 'AzureActiveDirectory',
    OnPremObjectId: hybrid ? guidOf(`adobj:${u.upn}`) : '',
    TenantMembershipType: 'Member',
    RiskStatus: 'None',
    UserAccountControl: hybrid ? 'NormalAccount, DontExpirePassword' : '',
    IdentityEnvironment: hybrid ? 'Hybrid' : 'CloudOnly',
    SourceProviders: hybrid ? ['ActiveDirectory', 'EntraID'] : ['EntraID'],
    GroupMembership: ['Lab users', u.department],
    IdentityId: guidOf(`identity:${u.upn}`),
    SourceProvider: hybrid ? 'ActiveDirectory' : 'EntraID',
    RiskScore: 0,
    RiskScoreUpdateTime: null,
    // Sentinel UEBA columns: every member registered for MFA (the tenant's MFA prompts), last
    // seen on the previous working day, active since the account was created
    Applications: '',
    EntityRiskScore: [],
    ExtensionProperty: [],
    InvestigationPriority: 0,
    InvestigationPriorityPercentile: 0,
    IsMFARegistered: true,
    IsServiceAccount: false,
    LastSeenDate: days[k] - DAY + (17 * 60 + (Number.parseInt(hexOf(`seen:${u.upn}:${k}`, 2), 16) % 60)) * MIN,
    OnPremisesExtensionAttributes: '',
    RelatedAccounts: [],
    SAMAccountName: hybrid ? u.accountName : '',
    ServicePrincipals: [],
    UACFlags: '',
    UserState: 'Active',
    UserStateChangedOn: T('2022-09-01T08:00:00'),
  });
  for (const u of allUsers) {
    const hybrid = env.hybrid(u) || onPremUsers.has(u);
    for (let k = 0; k < 4; k++) sinks.IdentityInfo.add(info(u, k, hybrid, days[k] + 1 * HOUR + r.int(0, 3599) * SEC));
  }
  // accounts that are not a person at a desk (accounts.ts): a disabled leaver, the printer's scan-to-email account
  for (const a of DIRECTORY_ACCOUNTS) {
    for (let k = 0; k < 4; k++) {
      const t = days[k] + 1 * HOUR + (Number.parseInt(hexOf(`info:${a.upn}:${k}`, 4), 16) % 3600) * SEC;
      sinks.IdentityInfo.add({
        ...info(a, k, false, t),
        CriticalityLevel: 0,
        ...(a.service && { GivenName: '', Surname: '', Address: '', City: '', State: '' }),
        IsAccountEnabled: a.enabled,
        CreatedDateTime: a.created,
        AssignedRoles: [],
        GroupMembership: a.enabled ? ['Service accounts'] : [],
        IsMFARegistered: !a.service,
        IsServiceAccount: a.service,
        LastSeenDate: a.enabled ? days[k] - DAY + 16 * HOUR : a.stateChangedOn - 20 * MIN,
        UserState: a.enabled ? 'Active' : 'Disabled',
        UserStateChangedOn: a.stateChangedOn,
      });
    }
  }
  // Defender for Identity: Kerberos logons from the domain-joined devices
  for (const d of c.allDevs.filter((x) => x.onPrem && x.user)) {
    for (let k = 0; k < 4; k++) {
      const fixed = env.kerberosLogon?.(d, k);
      if (fixed === null) continue;
      const t = fixed ?? days[k] + (7 * 60 + 35 + r.int(0, 90)) * MIN;
      const u = d.user!;
      sinks.IdentityLogonEvents.add({
        Timestamp: t,
        ActionType: 'LogonSuccess',
        Application: 'Active Directory',
        LogonType: 'Interactive',
        Protocol: 'Kerberos',
        FailureReason: '',
        AccountName: u.accountName,
        AccountDomain: 'corp.contoso.example',
        AccountUpn: u.upn,
        AccountSid: u.onPremSid ?? '',
        AccountObjectId: u.objectId,
        AccountDisplayName: u.displayName,
        DeviceName: d.name,
        DeviceType: 'Desktop',
        OSPlatform: d.def.osPlatform,
        IPAddress: d.def.localIp,
        Port: r.int(49700, 65000),
        DestinationDeviceName: env.dc.name,
        DestinationIPAddress: env.dc.ip,
        DestinationPort: 88,
        TargetDeviceName: '',
        TargetAccountDisplayName: '',
        Location: '',
        Isp: '',
        AdditionalFields: { 'Pre-Authentication': 'Kerberos', Count: 1 },
      });
      sinks.IdentityQueryEvents.add({
        Timestamp: t + r.int(5, 60) * SEC,
        ActionType: 'LDAP query',
        Application: 'Active Directory',
        QueryType: 'QueryUser',
        QueryTarget: u.displayName,
        Query: `(&(objectClass=user)(sAMAccountName=${u.accountName}))`,
        Protocol: 'Ldap',
        AccountName: u.accountName,
        AccountDomain: 'corp.contoso.example',
        AccountUpn: u.upn,
        AccountSid: u.onPremSid ?? '',
        AccountObjectId: u.objectId,
        AccountDisplayName: u.displayName,
        DeviceName: d.name,
        IPAddress: d.def.localIp,
        Port: r.int(49700, 65000),
        DestinationDeviceName: env.dc.name,
        DestinationIPAddress: env.dc.ip,
        DestinationPort: 389,
        TargetDeviceName: '',
        TargetAccountUpn: u.upn,
        TargetAccountDisplayName: u.displayName,
        Location: '',
        AdditionalFields: { SourceComputerOperatingSystem: d.def.osPlatform },
      });
    }
  }
  // A couple of directory changes
  const it = c.bgUsers.find((u) => u.department === 'IT') ?? c.bgUsers[0];
  for (let k = 0; k < 4; k++) {
    const target = r.pick(c.bgUsers);
    sinks.IdentityDirectoryEvents.add({
      Timestamp: days[k] + (9 * 60 + r.int(0, 480)) * MIN,
      ActionType: r.chance(0.5) ? 'Account Password changed' : 'Group Membership changed',
      Application: 'Active Directory',
      TargetAccountUpn: target.upn,
      TargetAccountDisplayName: target.displayName,
      TargetDeviceName: '',
      DestinationDeviceName: env.dc.name,
      DestinationIPAddress: env.dc.ip,
      DestinationPort: 389,
      Protocol: 'Ldap',
      AccountName: it?.accountName ?? '',
      AccountDomain: 'corp.contoso.example',
      AccountUpn: it?.upn ?? '',
      AccountSid: it?.onPremSid ?? '',
      AccountObjectId: it?.objectId ?? '',
      AccountDisplayName: it?.displayName ?? '',
      DeviceName: '',
      IPAddress: '10.20.0.40',
      Port: r.int(49700, 65000),
      Location: '',
      ISP: '',
      AdditionalFields: { 'TO.GROUP': 'Finance Readers', 'FROM.GROUP': null, 'TARGET_OBJECT.USER': target.displayName },
    });
  }
}

function writeCloud(c: Ctx, env: IdentityEnv): void {
  const { sinks, root } = c;
  const r = root.fork('cloud');
  for (const res of c.results.filter((x) => x.errorCode === 0 && (x.attempt.resource === 'sharepoint' || x.attempt.resource === 'exchange') && (env.cloudActivity?.(x) ?? true))) {
    const u = c.users.get(res.attempt.user)!;
    const spo = res.attempt.resource === 'sharepoint';
    const n = r.int(1, 3);
    for (let i = 0; i < n; i++) {
      const op = spo ? r.pick(['FileAccessed', 'FileDownloaded', 'FileModified', 'PageViewed']) : r.pick(['MailItemsAccessed', 'Send', 'MoveToDeletedItems']);
      const obj = spo ? `https://contoso.sharepoint.com/sites/finance/Shared Documents/${r.pick(['Q2 budget.xlsx', 'Vendor list.xlsx', 'Roadmap.pptx'])}` : '';
      sinks.CloudAppEvents.add({
        Timestamp: res.time + r.int(5, 1800) * SEC,
        ActionType: op,
        Application: spo ? 'Microsoft SharePoint Online' : 'Microsoft Exchange Online',
        ApplicationId: spo ? 20892 : 20893,
        AppInstanceId: 0,
        AccountObjectId: u.objectId,
        AccountId: u.objectId,
        AccountDisplayName: u.displayName,
        IsAdminOperation: false,
        DeviceType: res.attempt.clientAppUsed === 'Browser' ? 'Desktop' : res.attempt.device === 'iphone' ? 'Mobile' : 'Desktop',
        OSPlatform: res.attempt.device === 'iphone' ? 'iOS' : 'Windows 10',
        IPAddress: res.attempt.ip,
        IsAnonymousProxy: false,
        CountryCode: res.attempt.location?.countryOrRegion ?? 'NL',
        City: res.attempt.location?.city ?? 'Amsterdam',
        Isp: 'Example Telecom',
        UserAgent: res.attempt.userAgent,
        ActivityType: spo ? (op === 'FileDownloaded' ? 'Download' : 'Edit') : 'Read',
        ActivityObjects: spo ? [{ Type: 'File', Name: obj.split('/').pop()!, Id: obj, Role: 'Target object' }] : [{ Type: 'Mailbox', Name: u.upn, Id: u.objectId, Role: 'Target object' }],
        ObjectName: spo ? obj : u.upn,
        ObjectType: spo ? 'File' : 'Mailbox',
        ObjectId: spo ? obj : u.objectId,
        AccountType: 'Regular',
        IsExternalUser: false,
        IsImpersonated: false,
        IPTags: [],
        IPCategory: '',
        UserAgentTags: [],
        RawEventData: { Operation: op, UserId: u.upn, ClientIP: res.attempt.ip, Workload: spo ? 'SharePoint' : 'Exchange', ObjectId: spo ? obj : '' },
        AdditionalFields: { IsSensitive: false },
        LastSeenForUser: { ISP: 0, CountryCode: 0, UserAgent: 0 },
        UncommonForUser: [],
        AuditSource: 'Defender for Cloud Apps app connector',
        SessionData: { InLineSessionId: '' },
        OAuthAppId: '',
      });
    }
  }
  // Service principal sign-ins
  const sps = [
    ['Contoso HR Sync', '7a3d2f5e-6b1c-4e8f-9a0b-1c2d3e4f5a6b', 'Microsoft Graph'],
    ['Backup Agent', '2b4c6d8e-0f1a-4b3c-8d5e-6f7a8b9c0d1e', 'Azure Storage'],
  ];
  for (const d of c.days) {
    for (const [name, appId, resName] of sps) {
      for (let h = 0; h < 24; h += 4) {
        sinks.AADSpnSignInEventsBeta.add({
          Timestamp: d + h * HOUR + r.int(0, 3599) * SEC,
          Application: name,
          ApplicationId: appId,
          IsManagedIdentity: name === 'Backup Agent',
          ErrorCode: 0,
          CorrelationId: r.guid(),
          ServicePrincipalName: name,
          ServicePrincipalId: guidOf(`spid:${appId}`),
          ResourceDisplayName: resName,
          ResourceId: guidOf(`res:${resName}`),
          ResourceTenantId: env.tenant.tenantId,
          IPAddress: '198.51.100.200',
          Country: 'NL',
          State: 'Noord-Holland',
          City: 'Amsterdam',
          Latitude: '52.37',
          Longitude: '4.9',
          RequestId: r.guid(),
          IsConfidentialClient: true,
        });
      }
    }
  }
}

const SOFTWARE = [
  ['microsoft', 'office', '16.0.17531.20152'],
  ['microsoft', 'edge_chromium-based', '124.0.2478.80'],
  ['microsoft', 'onedrive', '24.076.0414.0003'],
  ['microsoft', 'teams', '24102.2223.2870.9480'],
  ['7-zip', '7-zip', '23.01'],
  ['google', 'chrome', '124.0.6367.208'],
  ['microsoft', 'windows_10', '10.0.19045.4355'],
  // what users and departments install besides the standard image (present on some devices, see OPTIONAL)
  ['videolan', 'vlc_media_player', '3.0.18.0'],
  ['adobe', 'acrobat_reader_dc', '23.8.20470.0'],
  ['notepad-plus-plus', 'notepad++', '8.5.6.0'],
  ['zoom', 'zoom', '5.16.2.22807'],
  ['oracle', 'jre', '8.0.3810.9'],
] as const;
/** Optional software: on a device when a hash of device and product falls under the share (of 16). */
const OPTIONAL: Record<string, number> = { vlc_media_player: 6, acrobat_reader_dc: 10, 'notepad++': 4, zoom: 5, jre: 3 };
const CVES = [
  ['CVE-2024-30040', 'microsoft', 'windows_10', 'High', 8.8, true, 'Synthetic: MSHTML platform security feature bypass'],
  ['CVE-2024-30051', 'microsoft', 'windows_10', 'High', 7.8, true, 'Synthetic: DWM core library elevation of privilege'],
  ['CVE-2024-4671', 'google', 'chrome', 'Critical', 9.6, true, 'Synthetic: use after free in Visuals'],
  ['CVE-2024-30103', 'microsoft', 'office', 'High', 8.8, false, 'Synthetic: Outlook remote code execution'],
  ['CVE-2023-47359', 'videolan', 'vlc_media_player', 'Critical', 9.8, false, 'Synthetic: heap buffer overflow in the MMS stream handling'],
  ['CVE-2023-47360', 'videolan', 'vlc_media_player', 'High', 7.5, false, 'Synthetic: integer underflow in the MMS stream handling'],
  ['CVE-2024-20765', 'adobe', 'acrobat_reader_dc', 'High', 7.8, false, 'Synthetic: use after free when opening a crafted PDF'],
  ['CVE-2023-40031', 'notepad-plus-plus', 'notepad++', 'High', 7.8, true, 'Synthetic: heap buffer overflow in the UTF-16 to UTF-8 conversion'],
  ['CVE-2024-24691', 'zoom', 'zoom', 'Critical', 9.6, false, 'Synthetic: improper input validation in the Windows client'],
  ['CVE-2024-20918', 'oracle', 'jre', 'High', 7.4, false, 'Synthetic: Hotspot component flaw reachable from untrusted code'],
] as const;

function writeTvm(c: Ctx): void {
  const { sinks } = c;
  for (const d of c.allDevs) {
    const chrome = Number.parseInt(hexOf(`chrome:${d.id}`, 2), 16) % 3 === 0;
    for (const [vendor, name, ver] of SOFTWARE) {
      if (name === 'chrome' && !chrome) continue;
      if (name === 'windows_10' && d.def.osPlatform !== 'Windows10') continue;
      if (name in OPTIONAL && Number.parseInt(hexOf(`sw:${d.id}:${name}`, 4), 16) % 16 >= OPTIONAL[name]) continue;
      sinks.DeviceTvmSoftwareInventory.add({
        DeviceId: d.id,
        DeviceName: d.name,
        OSPlatform: d.def.osPlatform,
        OSVersion: '10.0',
        OSArchitecture: 'x64',
        SoftwareVendor: vendor,
        SoftwareName: name,
        SoftwareVersion: ver,
        EndOfSupportStatus: '',
        EndOfSupportDate: null,
        ProductCodeCpe: `cpe:2.3:a:${vendor}:${name}:${ver}:*:*:*:*:*:*:*`,
      });
      for (const cve of CVES.filter((x) => x[1] === vendor && x[2] === name)) {
        sinks.DeviceTvmSoftwareVulnerabilities.add({
          DeviceId: d.id,
          DeviceName: d.name,
          OSPlatform: d.def.osPlatform,
          OSVersion: '10.0',
          OSArchitecture: 'x64',
          SoftwareVendor: vendor,
          SoftwareName: name,
          SoftwareVersion: ver,
          CveId: cve[0],
          VulnerabilitySeverityLevel: cve[3],
          RecommendedSecurityUpdate: 'May 2024 Security Updates',
          RecommendedSecurityUpdateId: `KB50${37000 + (cve[0].length % 10)}`,
          CveTags: cve[5] ? ['ExploitAvailable'] : [],
          CveMitigationStatus: '',
          AadDeviceId: d.def.aadDeviceId,
        });
      }
    }
  }
  for (const cve of CVES) {
    sinks.DeviceTvmSoftwareVulnerabilitiesKB.add({
      CveId: cve[0],
      CvssScore: cve[4],
      IsExploitAvailable: cve[5],
      VulnerabilitySeverityLevel: cve[3],
      LastModifiedTime: T('2024-05-10T00:00:00'),
      PublishedDate: T('2024-05-09T00:00:00'),
      VulnerabilityDescription: cve[6],
      AffectedSoftware: [`${cve[1]} ${cve[2]}`],
      CvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H',
      CveSupportability: 'Supported',
    });
  }
}

export interface AdfsAudit {
  type: string;
  auditType: string;
  result: string;
  failureType: string;
  errorCode: string;
  rp: string;
  user: string;
  primaryAuth: string;
  deviceAuth: boolean;
  deviceId: string;
  mfa: boolean;
  mfaMethod: string;
  protocol: string;
  location: string;
  ip: string;
  proxy: string;
  endpoint: string;
  ua: string;
}

const ADFS_MESSAGE: Record<number, string> = {
  1200: 'The Federation Service issued a valid token. See XML for details.',
  1202: 'The Federation Service validated a new credential. See XML for details.',
  1203: 'The Federation Service failed to validate a new credential. See XML for details.',
};

/** An AdfsEvents row of a 12xx audit (1200 token issued, 1202 credential validated, 1203 failed) on `server` of `farm`. */
export function adfsAuditRow(t: number, server: string, farm: string, id: 1200 | 1202 | 1203, activity: string, a: AdfsAudit, claims: string[]) {
  return {
    TimeCreated: t,
    Computer: server,
    LogName: 'Security',
    ProviderName: 'AD FS Auditing',
    EventId: id,
    Level: 'Information',
    Keywords: a.result === 'Success' ? 'Classic, Audit Success' : 'Classic, Audit Failure',
    ActivityId: activity,
    AuditType: a.auditType,
    AuditResult: a.result,
    FailureType: a.failureType,
    ErrorCode: a.errorCode,
    RelyingParty: a.rp,
    UserId: a.user,
    AuthProtocol: a.protocol,
    Endpoint: a.endpoint,
    NetworkLocation: a.location,
    IpAddress: a.ip,
    ProxyServer: a.proxy,
    PrimaryAuth: a.primaryAuth,
    DeviceAuth: a.deviceAuth,
    DeviceId: a.deviceId,
    MfaPerformed: a.mfa,
    MfaMethod: a.mfaMethod,
    Claims: claims,
    Message: ADFS_MESSAGE[id],
    EventXml: adfsXml(farm, a),
  };
}

/** The XML of an AD FS 12xx audit event (identity-and-compliance.md C.3). */
export function adfsXml(farm: string, o: AdfsAudit): string {
  return `<?xml version="1.0" encoding="utf-16"?><AuditBase xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="${o.type}"><AuditType>${o.auditType}</AuditType><AuditResult>${o.result}</AuditResult><FailureType>${o.failureType}</FailureType><ErrorCode>${o.errorCode}</ErrorCode><ContextComponents><Component xsi:type="ResourceAuditComponent"><RelyingParty>${o.rp}</RelyingParty><ClaimsProvider>AD AUTHORITY</ClaimsProvider><UserId>${o.user}</UserId></Component><Component xsi:type="AuthNAuditComponent"><PrimaryAuth>${o.primaryAuth}</PrimaryAuth><DeviceAuth>${o.deviceAuth}</DeviceAuth><DeviceId>${o.deviceId || 'N/A'}</DeviceId><MfaPerformed>${o.mfa}</MfaPerformed><MfaMethod>${o.mfaMethod}</MfaMethod><TokenBindingProvidedId>false</TokenBindingProvidedId><TokenBindingReferredId>false</TokenBindingReferredId><SsoBindingValidationLevel>TokenUnbound</SsoBindingValidationLevel></Component><Component xsi:type="ProtocolAuditComponent"><OAuthClientId>N/A</OAuthClientId><OAuthGrant>N/A</OAuthGrant></Component><Component xsi:type="RequestAuditComponent"><Server>http://${farm}/adfs/services/trust</Server><AuthProtocol>${o.protocol}</AuthProtocol><NetworkLocation>${o.location}</NetworkLocation><IpAddress>${o.ip}</IpAddress><ForwardedIpAddress /><ProxyIpAddress>N/A</ProxyIpAddress><NetworkIpAddress>N/A</NetworkIpAddress><ProxyServer>${o.proxy}</ProxyServer><UserAgentString>${o.ua}</UserAgentString><Endpoint>${o.endpoint}</Endpoint></Component></ContextComponents></AuditBase>`;
}

function writeSentinel(c: Ctx, env: IdentityEnv): void {
  const { sinks, root } = c;
  const r = root.fork('sentinel');
  for (const a of c.alerts) {
    const d = c.devByKey.get(a.deviceKey)!;
    const last = a.resolvedAt ? 'Resolved' : 'New';
    const mdi = a.serviceSource === 'Microsoft Defender for Identity';
    sinks.SecurityAlert.add({
      AlertLink: `https://security.microsoft.com/alerts/${a.alertId}`,
      AlertName: a.title,
      AlertSeverity: a.severity,
      AlertType: mdi ? 'AzureATP' : 'WindowsDefenderAtp',
      CompromisedEntity: d.name,
      ConfidenceLevel: '',
      ConfidenceScore: null,
      Description: `${a.title} on ${d.name}.`,
      DisplayName: a.title,
      EndTime: a.time,
      Entities: JSON.stringify([{ $id: '1', Type: 'host', HostName: d.name.split('.')[0], AzureID: d.def.aadDeviceId, MdatpDeviceId: d.id }]),
      ExtendedLinks: '[]',
      ExtendedProperties: JSON.stringify({ MitreTechniques: a.techniques.join(', '), Category: a.category, DetectionSource: a.detectionSource }),
      IsIncident: false,
      ProcessingEndTime: a.time + 3 * MIN,
      ProductComponentName: '',
      ProductName: mdi ? 'Azure Advanced Threat Protection' : 'Microsoft Defender Advanced Threat Protection',
      ProviderName: mdi ? 'Azure Advanced Threat Protection' : 'MDATP',
      RemediationSteps: '[]',
      ResourceId: '',
      SourceComputerId: '',
      StartTime: a.time - 2 * MIN,
      Status: last,
      SubTechniques: '[]',
      SystemAlertId: guidOf(`sa:${a.alertId}`),
      Tactics: a.category,
      Techniques: JSON.stringify(a.techniques.map((x) => /\((T[\d.]+)\)/.exec(x)?.[1] ?? '')),
      TimeGenerated: a.time + 3 * MIN,
      Type: 'SecurityAlert',
      VendorName: 'Microsoft',
      VendorOriginalId: a.alertId,
      WorkspaceResourceGroup: 'rg-sentinel',
      WorkspaceSubscriptionId: guidOf('sub'),
      TenantId: env.tenant.tenantId,
    });
  }
  // Entra audit: a few directory changes per day
  for (const d of c.days) {
    const n = r.int(2, 5);
    for (let i = 0; i < n; i++) {
      const u = r.pick(c.bgUsers);
      const act = r.pick(['Update user', 'Add member to group', 'Reset user password', 'Update device']);
      const t = d + (8 * 60 + r.int(0, 600)) * MIN;
      sinks.AuditLogs.add({
        AADOperationType: act.startsWith('Add') ? 'Assign' : 'Update',
        AADTenantId: env.tenant.tenantId,
        ActivityDateTime: t,
        ActivityDisplayName: act,
        AdditionalDetails: [{ key: 'User-Agent', value: 'Microsoft Azure Graph Client Library 1.0' }],
        Category: act.includes('group') ? 'GroupManagement' : act.includes('device') ? 'Device' : 'UserManagement',
        CorrelationId: r.guid(),
        DurationMs: 0,
        Id: `Directory_${r.guid()}`,
        Identity: 'Microsoft Intune',
        InitiatedBy: { user: null, app: { appId: '0000000a-0000-0000-c000-000000000000', displayName: 'Microsoft Intune', servicePrincipalId: guidOf('sp:intune'), servicePrincipalName: 'Microsoft Intune' } },
        Level: 'Informational',
        Location: 'EU',
        LoggedByService: act === 'Reset user password' ? 'Self-service Password Management' : 'Core Directory',
        OperationName: act,
        OperationVersion: '1.0',
        Resource: 'Microsoft.aadiam',
        ResourceGroup: 'Microsoft.aadiam',
        ResourceId: `/tenants/${env.tenant.tenantId}/providers/Microsoft.aadiam`,
        ResourceProvider: 'Microsoft.aadiam',
        Result: 'success',
        ResultDescription: '',
        ResultReason: '',
        ResultSignature: 'None',
        ResultType: '',
        SourceSystem: 'Azure AD',
        TargetResources: act === 'Add member to group' ? groupTargets(u) : [{ id: u.objectId, displayName: u.displayName, type: 'User', userPrincipalName: u.upn, modifiedProperties: [{ displayName: 'LastDirSyncTime', oldValue: '', newValue: `"${new Date(t / 1000).toISOString()}"` }] }],
        TimeGenerated: t,
        Type: 'AuditLogs',
        TenantId: env.tenant.tenantId,
      });
    }
  }
  // Identity Protection: an unfamiliar-features detection on a background user
  const u = c.bgUsers[c.bgUsers.length - 1];
  const t = c.days[2] + 19 * HOUR + 12 * MIN;
  sinks.AADUserRiskEvents.add({
    Activity: 'signin',
    ActivityDateTime: t,
    AdditionalInfo: [{ Key: 'userAgent', Value: UA.edge }],
    CorrelationId: r.guid(),
    DetectedDateTime: t + 40 * SEC,
    DetectionTimingType: 'realtime',
    Id: hexOf(`risk:${u.upn}`, 64),
    IpAddress: '203.0.113.150',
    LastUpdatedDateTime: t + DAY / 2,
    Location: { city: 'Rotterdam', state: 'Zuid-Holland', countryOrRegion: 'NL', geoCoordinates: { latitude: 51.92, longitude: 4.48 } },
    OperationName: 'User Risk Detection',
    RequestId: r.guid(),
    RiskDetail: 'userPassedMFADrivenByRiskBasedPolicy',
    RiskEventType: 'unfamiliarFeatures',
    RiskLevel: 'low',
    RiskState: 'remediated',
    Source: 'IdentityProtection',
    SourceSystem: 'Azure AD',
    TenantId: env.tenant.tenantId,
    TimeGenerated: t + 5 * MIN,
    TokenIssuerType: 'AzureAD',
    Type: 'AADUserRiskEvents',
    UserDisplayName: u.displayName,
    UserId: u.objectId,
    UserPrincipalName: u.upn,
  });
  // Windows Security events: the AD FS audits as they appear in the Security channel, and logons on C
  const adfsRows = sinks.AdfsEvents.rows;
  for (let i = 0; i < adfsRows.length; i++) {
    const e = adfsRows[i];
    if (e.LogName !== 'Security') continue;
    sinks.SecurityEvent.add({
      Account: String(e.UserId),
      AccountType: 'User',
      Activity: `${e.EventId} - ${e.AuditResult === 'Success' ? 'Audit success' : 'Audit failure'}`,
      Channel: 'Security',
      Computer: String(e.Computer),
      EventData: `<EventData><Data>${e.ActivityId}</Data><Data>${String(e.EventXml).replace(/</g, '&lt;').replace(/>/g, '&gt;')}</Data></EventData>`,
      EventID: e.EventId,
      EventRecordId: String(880000 + i),
      EventSourceName: 'AD FS Auditing',
      IpAddress: String(e.IpAddress),
      Level: e.AuditResult === 'Success' ? '8' : '16',
      SourceSystem: 'OpsManager',
      TenantId: env.tenant.tenantId,
      TimeGenerated: e.TimeCreated,
      Type: 'SecurityEvent',
      UserPrincipalName: String(e.UserId).includes('@') ? String(e.UserId) : '',
    });
  }
  const devById = new Map(c.allDevs.map((d) => [d.id, d]));
  const logons = sinks.DeviceLogonEvents;
  for (let i = 0; i < logons.length; i++) {
    if (logons.get(i, 'LogonType') !== 'Interactive') continue;
    const row = { AccountName: logons.get(i, 'AccountName'), AccountSid: logons.get(i, 'AccountSid'), LogonId: logons.get(i, 'LogonId'), Timestamp: logons.get(i, 'Timestamp') };
    const dev = devById.get(logons.get(i, 'DeviceId') as string);
    if (!dev?.onPrem) continue;
    sinks.SecurityEvent.add({
      Account: `CORP\\${row.AccountName}`,
      AccountType: 'User',
      Activity: '4624 - An account was successfully logged on.',
      AuthenticationPackageName: 'Kerberos',
      Channel: 'Security',
      Computer: dev.name,
      EventID: 4624,
      EventRecordId: String(Number.parseInt(hexOf(`er:${row.Timestamp}`, 6), 16)),
      EventSourceName: 'Microsoft-Windows-Security-Auditing',
      IpAddress: '127.0.0.1',
      IpPort: '0',
      Level: '8',
      LogonGuid: `{${guidOf(`lg:${row.Timestamp}`)}}`,
      LogonProcessName: 'User32',
      LogonType: 2,
      LogonTypeName: '2 - Interactive',
      ProcessName: 'C:\\Windows\\System32\\svchost.exe',
      SourceSystem: 'OpsManager',
      SubjectAccount: `CORP\\${dev.name.split('.')[0].toUpperCase()}$`,
      SubjectDomainName: 'CORP',
      SubjectLogonId: '0x3e7',
      SubjectUserName: `${dev.name.split('.')[0].toUpperCase()}$`,
      SubjectUserSid: 'S-1-5-18',
      TargetAccount: `CORP\\${row.AccountName}`,
      TargetDomainName: 'CORP',
      TargetLogonId: `0x${Number(row.LogonId).toString(16)}`,
      TargetUserName: String(row.AccountName),
      TargetUserSid: String(row.AccountSid),
      TenantId: env.tenant.tenantId,
      TimeGenerated: row.Timestamp,
      Type: 'SecurityEvent',
      WorkstationName: dev.name.split('.')[0].toUpperCase(),
    });
  }
}

export interface FederationServer {
  /** Federation service name (the token issuer), e.g. sts.contoso.example. */
  farm: string;
  /** The AD FS server that logs the audits, and the Web Application Proxy extranet requests come through. */
  server: string;
  wap: string;
  /** NetBIOS domain of on-premises accounts (UserId of Windows-integrated logons). */
  netbios: string;
}

const PASSWORD_URI = 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport';
const WINDOWS_URI = 'urn:federation:authentication:windows';
const OFFICE365_RP = 'urn:federation:MicrosoftOnline';

/**
 * The AD FS side of every federated sign-in (identity-and-compliance.md C.2, C.3): a token issued
 * to Microsoft 365 (1200) a few seconds before the Entra sign-in; from a corporate device by
 * Windows integrated authentication on the intranet, otherwise through the proxy after a forms
 * password (1202 then 1200). Sign-ins whose CorrelationId is in `skip` get no issuance (their token
 * did not come from this farm). A few extranet password failures (1203) from unknown addresses are
 * the farm's usual noise.
 */
export function writeFederatedIssuance(c: Ctx, fs: FederationServer, skip: ReadonlySet<string>): void {
  const r = c.root.fork('adfs-issuance');
  const seen = new Set<unknown>();
  const ua = UA.edge;
  const add = (t: number, id: 1200 | 1202 | 1203, activity: string, a: Omit<AdfsAudit, 'type' | 'auditType' | 'result' | 'failureType' | 'errorCode'>, claims: string[]) => {
    const ok = id !== 1203;
    const audit: AdfsAudit = { ...a, type: id === 1200 ? 'AppTokenAudit' : 'FreshCredentialAudit', auditType: id === 1200 ? 'AppToken' : 'FreshCredential', result: ok ? 'Success' : 'Failure', failureType: ok ? 'None' : 'CredentialValidationError', errorCode: ok ? 'N/A' : 'InvalidCredentialException' };
    c.sinks.AdfsEvents.add(adfsAuditRow(t, fs.server, fs.farm, id, activity, audit, claims));
  };
  for (const res of c.results) {
    const a = res.attempt;
    if (a.tokenIssuerType !== 1 || seen.has(a) || skip.has(res.correlationId)) continue;
    seen.add(a);
    const u = c.users.get(a.user);
    if (!u) continue;
    const dev = c.devByKey.get(a.device);
    const issued = a.time - r.int(900, 4200) * 1000;
    const activity = guidOf(`adfs:${res.correlationId}`);
    const browser = a.clientAppUsed === 'Browser';
    const common = { rp: OFFICE365_RP, deviceAuth: false, deviceId: '', mfa: false, mfaMethod: 'N/A', ua: browser ? ua : a.userAgent };
    if (dev) {
      add(issued, 1200, activity, { ...common, user: `${fs.netbios}\\${u.accountName}`, primaryAuth: WINDOWS_URI, protocol: browser ? 'WSFederation' : 'WSTrust', endpoint: browser ? '/adfs/ls/' : '/adfs/services/trust/2005/windowstransport', location: 'Intranet', ip: dev.def.localIp, proxy: 'N/A' }, []);
    } else {
      const ext = { ...common, user: u.upn, primaryAuth: PASSWORD_URI, protocol: 'WSFederation', endpoint: '/adfs/ls/', location: 'Extranet', ip: a.ip, proxy: fs.wap };
      add(issued - r.int(3, 20) * SEC, 1202, activity, ext, []);
      add(issued, 1200, activity, ext, []);
    }
  }
  // extranet noise: wrong passwords for real and guessed accounts from unknown addresses
  const names = [...c.users.values()].map((u) => u.upn);
  for (const d of c.days) {
    const n = r.int(1, 4);
    for (let i = 0; i < n; i++) {
      const t = d + r.int(0, 86399) * SEC;
      const user = r.chance(0.7) ? r.pick(names) : `${r.pick(['admin', 'test', 'scanner', 'backup', 'info'])}@${names[0].split('@')[1]}`;
      add(t, 1203, guidOf(`adfs:1203:${t}`), { rp: OFFICE365_RP, deviceAuth: false, deviceId: '', mfa: false, mfaMethod: 'N/A', ua: r.pick([ua, 'python-requests/2.31.0', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:126.0) Gecko/20100101 Firefox/126.0']), user, primaryAuth: PASSWORD_URI, protocol: 'WSFederation', endpoint: '/adfs/ls/', location: 'Extranet', ip: `203.0.113.${r.int(201, 254)}`, proxy: fs.wap }, []);
    }
  }
}

/**
 * "Add member to group" as the Entra audit log records it: the member first, with the group's id and
 * name among its modified properties (JSON text), then the group. The background's groups are the
 * departments' security groups (SG-Sales, SG-Finance …).
 */
function groupTargets(u: { objectId: string; displayName: string; upn: string; department: string }) {
  const name = `SG-${u.department.replace(/[^A-Za-z0-9]+/g, '')}`;
  const id = guidOf(`group:${name}`);
  return [
    { id: u.objectId, displayName: null, type: 'User', userPrincipalName: u.upn, modifiedProperties: [
      { displayName: 'Group.ObjectID', oldValue: null, newValue: JSON.stringify(id) },
      { displayName: 'Group.DisplayName', oldValue: null, newValue: JSON.stringify(name) },
    ] },
    { id, displayName: name, type: 'Group', userPrincipalName: null, modifiedProperties: [] },
  ];
}
