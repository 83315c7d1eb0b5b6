/**
 * The tenant's identity, directory, mail and cloud-admin background that estate-tenant.ts does not
 * cover, for the background users and devices only:
 *  - Defender for Identity: users' Kerberos service tickets for the file and print servers during
 *    their working day (synced identities on Entra-joined devices use cloud Kerberos trust), the
 *    helpdesk's group membership changes (departmental groups, and a new IT admin account joining
 *    the privileged groups), and a monthly Active Directory health check an admin runs with an
 *    assessment tool (a burst of many distinct LDAP queries in a minute or two);
 *  - mail: automated vendor mail (order and shipping confirmations, renewal notices, invoices with
 *    their numbers) and marketing newsletters whose links go through the sender's click tracker;
 *  - Entra administration as Defender for Cloud Apps sees it (CloudAppEvents, Application
 *    "Office 365") and as the Entra audit log has it (AuditLogs): client secrets rotated before
 *    they expire, a user consenting to a scheduling app, admin consent for a vendor's app, a
 *    directory role activated for maintenance;
 *  - commodity malware mail from compromised mailboxes abroad around the clock, which the
 *    anti-malware policy quarantines before delivery.
 *
 * Rates are per user-day or tenant-day, drawn from its own random stream; nothing is shaped after
 * a particular query, and no scenario row changes.
 */
import { addressOf, pickAddress } from './addresses.ts';
import type { Session } from './background.ts';
import { img } from './images.ts';
import type { SignInAttempt, UserDef } from './model.ts';
import { DC, DC2, UA, domainSid, DOMAIN_SID } from './model.ts';
import { guidOf, hexOf, Rng } from './rng.ts';
import { HOUR, MIN, SEC } from './time.ts';
import type { Dev, DeviceEmitter, Sinks } from './world.ts';

export interface CloudEstateCtx {
  em: DeviceEmitter;
  sinks: Sinks;
  seed: number;
  days: number[];
  tenantId: string;
  devs: Dev[];
  users: UserDef[];
  sessions: Map<string, Session>;
  adminDevKeys: Set<string>;
}

const DOMAIN = 'corp.contoso.example';
const DOMAIN_DN = 'DC=corp,DC=contoso,DC=example';
const FILE_SERVERS = [
  { name: 'fs01.corp.contoso.example', ip: '10.20.0.30', spn: 'cifs/fs01.corp.contoso.example' },
  { name: 'print01.corp.contoso.example', ip: '10.20.0.31', spn: 'cifs/print01.corp.contoso.example' },
  { name: 'sccm01.corp.contoso.example', ip: '10.20.0.35', spn: 'http/sccm01.corp.contoso.example' },
];

export function writeCloudEstate(c: CloudEstateCtx): void {
  if (c.devs.length === 0 || c.users.length === 0) return;
  const root = new Rng((c.seed ^ 0xc10d5e) >>> 0, 0xc10d5);
  kerberos(c, root.fork('kerberos'));
  groups(c, root.fork('groups'));
  healthCheck(c, root.fork('healthcheck'));
  vendorMail(c, root.fork('vendor-mail'));
  entraAdmin(c, root.fork('entra-admin'));
  cloudLogons(c, root.fork('cloud-logons'));
  partnerMail(c, root.fork('partner-mail'));
  vendorApps(c, root.fork('vendor-apps'));
  contractorMail(c, root.fork('contractor-mail'));
  malspam(c, root.fork('malspam'));
}

const itAdmin = (c: CloudEstateCtx): UserDef => c.users.find((u) => u.department === 'IT') ?? c.users[0];
const sidOf = (u: UserDef) => u.onPremSid ?? '';

// --- travel --------------------------------------------------------------------------------------

const TRIPS = [
  { why: 'trade fair', city: 'Dublin', state: 'Leinster', countryOrRegion: 'IE', lat: 53.35, lon: -6.26, ip: addressOf('trip-dublin'), days: [1, 2], depts: ['Sales', 'Finance'] },
  { why: 'partner visit', city: 'Munich', state: 'Bavaria', countryOrRegion: 'DE', lat: 48.14, lon: 11.58, ip: addressOf('trip-munich'), days: [3], depts: ['Engineering', 'IT', 'Legal'] },
] as const;

/**
 * Business trips: a background user works from a trade fair or a partner's office abroad for a day
 * or two, on the company laptop over the venue's network. The sign-ins go through the same
 * Conditional Access rules as every other (the caller adds them to the attempts), so their outcome
 * is what a compliant device abroad gets; the Entra log shows the foreign location, and Defender
 * for Cloud Apps the activity from there.
 */
export function travelAttempts(seed: number, days: number[], users: UserDef[], devOf: (u: UserDef) => { def: { key: string } } | undefined): SignInAttempt[] {
  const r = new Rng((seed ^ 0x7a5e1) >>> 0, 0x7a5e1);
  const out: SignInAttempt[] = [];
  const taken = new Set<UserDef>();
  for (const trip of TRIPS) {
    const who = users.filter((u) => trip.depts.includes(u.department as never) && devOf(u) && !taken.has(u));
    if (who.length === 0) continue;
    const u = r.pick(who);
    taken.add(u);
    const dev = devOf(u)!;
    for (const k of trip.days) {
      if (k >= days.length) continue;
      let t = days[k] + (6 * 60 + r.int(30, 120)) * MIN;
      for (let i = r.int(3, 6); i > 0; i--) {
        t += r.int(25, 110) * MIN + r.int(0, 59) * SEC;
        const kind = r.weighted([['spo', 3], ['exo', 3], ['teams', 2]] as const);
        out.push({
          time: t,
          user: u.key,
          device: dev.def.key,
          client: kind === 'spo' ? 'officeHome' : kind === 'teams' ? 'teams' : 'office',
          resource: kind === 'spo' ? 'sharepoint' : kind === 'teams' ? 'teams' : 'exchange',
          clientAppUsed: kind === 'spo' ? 'Browser' : 'Mobile Apps and Desktop clients',
          session: `${u.key}-travel-${k}`,
          mfaCompletesAt: t + r.int(15, 70) * SEC,
          ip: trip.ip,
          userAgent: kind === 'spo' ? UA.edge : UA.outlook,
          location: { city: trip.city, state: trip.state, countryOrRegion: trip.countryOrRegion, lat: trip.lat, lon: trip.lon },
        });
      }
    }
  }
  return out;
}

// --- Defender for Identity ----------------------------------------------------------------------

/** Service tickets for the servers users reach during the day (drives, printers, software centre). */
function kerberos(c: CloudEstateCtx, r: Rng): void {
  for (const dev of c.devs) {
    const u = dev.user;
    if (!u) continue;
    for (let k = 0; k < c.days.length; k++) {
      const s = c.sessions.get(`${dev.def.key}:${k}`);
      if (!s) continue;
      const n = r.int(1, 5);
      for (let i = 0; i < n; i++) {
        const srv = r.weighted([
          [FILE_SERVERS[0], 5],
          [FILE_SERVERS[1], 2],
          [FILE_SERVERS[2], 1],
        ] as const);
        const t = i === 0 ? s.start + r.int(40, 300) * SEC : s.start + r.int(10, Math.max(11, Math.floor((s.end - s.start) / MIN))) * MIN + r.int(0, 59_999) * 1000;
        const dc = r.chance(0.7) ? DC : DC2;
        c.sinks.IdentityLogonEvents.add({
          Timestamp: t,
          ActionType: 'LogonSuccess',
          Application: 'Active Directory',
          LogonType: 'Resource access',
          Protocol: 'Kerberos',
          FailureReason: '',
          AccountName: u.accountName,
          AccountDomain: DOMAIN,
          AccountUpn: u.upn,
          AccountSid: sidOf(u),
          AccountObjectId: u.objectId,
          AccountDisplayName: u.displayName,
          DeviceName: dev.name,
          DeviceType: 'Desktop',
          OSPlatform: dev.def.osPlatform,
          IPAddress: dev.def.localIp,
          Port: r.int(49152, 65535),
          DestinationDeviceName: dc.name,
          DestinationIPAddress: dc.ip,
          DestinationPort: 88,
          TargetDeviceName: srv.name,
          TargetAccountDisplayName: srv.spn,
          Location: '',
          Isp: '',
          AdditionalFields: { Spns: srv.spn, Count: r.int(1, 4) },
        });
      }
    }
  }
}

/** The helpdesk's group changes, and the privileged groups a new IT admin account joins. */
function groups(c: CloudEstateCtx, r: Rng): void {
  const it = itAdmin(c);
  const row = (t: number, target: { upn: string; display: string; sid: string }, group: string, added: boolean) =>
    c.sinks.IdentityDirectoryEvents.add({
      Timestamp: t,
      ActionType: 'Group Membership changed',
      Application: 'Active Directory',
      TargetAccountUpn: target.upn,
      TargetAccountDisplayName: target.display,
      TargetDeviceName: '',
      DestinationDeviceName: DC.name,
      DestinationIPAddress: DC.ip,
      DestinationPort: 389,
      Protocol: 'Ldap',
      AccountName: it.accountName,
      AccountDomain: DOMAIN,
      AccountUpn: it.upn,
      AccountSid: sidOf(it),
      AccountObjectId: it.objectId,
      AccountDisplayName: it.displayName,
      DeviceName: '',
      IPAddress: '',
      Port: null,
      Location: '',
      ISP: '',
      AdditionalFields: { 'TO.GROUP': added ? group : null, 'FROM.GROUP': added ? null : group, 'TARGET_OBJECT.USER': target.display, 'ACTOR.ACCOUNT': it.displayName },
    });
  const dept: Record<string, string[]> = {
    Finance: ['Finance Readers', 'SAP-Finance-Users', 'Share-Finance-Modify'],
    Sales: ['Sales Team', 'CRM-Users', 'Share-Sales-Modify'],
    Legal: ['Legal Team', 'Share-Legal-Modify'],
    Engineering: ['Engineering', 'GitHub-Enterprise-Users', 'VPN-Developers'],
    IT: ['IT Staff', 'RDP-Servers', 'VPN-Admins'],
  };
  for (const d0 of c.days) {
    for (let i = r.int(0, 3); i > 0; i--) {
      const u = r.pick(c.users);
      const g = r.pick(dept[u.department] ?? ['All Staff', 'VPN Users', 'Print-Floor2']);
      row(d0 + r.int(8 * 60, 17 * 60) * MIN + r.int(0, 59) * SEC, { upn: u.upn, display: u.displayName, sid: sidOf(u) }, g, r.chance(0.7));
    }
  }
  // a second IT admin starts: the helpdesk creates the admin account and adds it to the admin groups
  const adm = { upn: `adm.${it.accountName}2@${DOMAIN}`, display: `ADM ${it.displayName} (2)`, sid: `${DOMAIN_SID}-${3100 + r.int(0, 99)}` };
  const t0 = c.days[1] + 9 * HOUR + r.int(10, 50) * MIN;
  c.sinks.IdentityDirectoryEvents.add({
    Timestamp: t0, ActionType: 'User Account Created', Application: 'Active Directory', TargetAccountUpn: adm.upn, TargetAccountDisplayName: adm.display, TargetDeviceName: '', DestinationDeviceName: DC.name,
    DestinationIPAddress: DC.ip, DestinationPort: 389, Protocol: 'Ldap', AccountName: it.accountName, AccountDomain: DOMAIN, AccountUpn: it.upn, AccountSid: sidOf(it), AccountObjectId: it.objectId,
    AccountDisplayName: it.displayName, DeviceName: '', IPAddress: '', Port: null, Location: '', ISP: '', AdditionalFields: { 'TARGET_OBJECT.USER': adm.display },
  });
  for (const [i, g] of ['Domain Admins', 'IT Staff', 'RDP-Servers'].entries()) row(t0 + (2 + i) * MIN + r.int(0, 59) * SEC, adm, g, true);
  // a restore needs the backup operator right for an afternoon
  const bk = { upn: '', display: 'svc-restore', sid: domainSid(1625) };
  const t1 = c.days[2] + 13 * HOUR + r.int(0, 50) * MIN;
  row(t1, bk, 'Backup Operators', true);
  row(t1 + r.int(150, 260) * MIN, bk, 'Backup Operators', false);
}

/** A monthly Active Directory health check: an assessment tool run by an admin enumerates the domain. */
function healthCheck(c: CloudEstateCtx, r: Rng): void {
  const it = itAdmin(c);
  const dev = c.devs.find((d) => d.user === it && c.adminDevKeys.has(d.def.key)) ?? c.devs.find((d) => d.user === it);
  if (!dev) return;
  const s = c.sessions.get(`${dev.def.key}:2`) ?? c.sessions.get(`${dev.def.key}:1`);
  if (!s) return;
  const t0 = s.start + r.int(60, 180) * MIN;
  const tool = img(`C:\\Users\\${it.accountName}\\Tools\\PingCastle\\PingCastle.exe`, 'PingCastle', 2_355_712, 'Ping Castle SAS', 'PingCastle', '3.2.0.1');
  const p = dev.spawn(s.explorer, tool, t0, `"${tool.path}" --healthcheck --server ${DOMAIN}`, { pid: r.int(1000, 9000) * 4 });
  c.em.process(p, 0);
  const queries: [string, string, string][] = [
    ['(objectClass=domain)', 'AllObjects', ''],
    ['(objectClass=trustedDomain)', 'AllTrustedDomains', ''],
    ['(&(objectCategory=person)(objectClass=user))', 'AllUsers', ''],
    ['(objectCategory=computer)', 'AllComputers', ''],
    ['(objectCategory=group)', 'AllGroups', ''],
    ['(&(objectCategory=group)(adminCount=1))', 'AllGroups', 'Domain Admins'],
    ['(&(objectCategory=person)(objectClass=user)(adminCount=1))', 'AllUsers', ''],
    ['(&(objectCategory=person)(objectClass=user)(servicePrincipalName=*))', 'AllUsers', ''],
    ['(&(objectCategory=person)(objectClass=user)(userAccountControl:1.2.840.113556.1.4.803:=4194304))', 'AllUsers', ''],
    ['(&(objectCategory=person)(objectClass=user)(userAccountControl:1.2.840.113556.1.4.803:=65536))', 'AllUsers', ''],
    ['(&(objectCategory=person)(objectClass=user)(userAccountControl:1.2.840.113556.1.4.803:=32))', 'AllUsers', ''],
    ['(&(objectCategory=computer)(userAccountControl:1.2.840.113556.1.4.803:=524288))', 'AllComputers', ''],
    ['(msDS-AllowedToDelegateTo=*)', 'AllObjects', ''],
    ['(msDS-AllowedToActOnBehalfOfOtherIdentity=*)', 'AllObjects', ''],
    ['(objectClass=groupPolicyContainer)', 'AllObjects', ''],
    ['(objectClass=pKICertificateTemplate)', 'AllObjects', ''],
    ['(objectClass=certificationAuthority)', 'AllObjects', ''],
    ['(objectClass=msDS-GroupManagedServiceAccount)', 'AllObjects', ''],
    ['(objectClass=dnsZone)', 'AllObjects', ''],
    ['(&(objectCategory=computer)(ms-Mcs-AdmPwdExpirationTime=*))', 'AllComputers', ''],
    ['(&(objectCategory=group)(cn=Schema Admins))', 'AllGroups', 'Schema Admins'],
    ['(&(objectCategory=group)(cn=Enterprise Admins))', 'AllGroups', 'Enterprise Admins'],
    ['(&(objectCategory=group)(cn=Account Operators))', 'AllGroups', 'Account Operators'],
    ['(&(objectCategory=group)(cn=Backup Operators))', 'AllGroups', 'Backup Operators'],
    ['(&(objectCategory=group)(cn=DnsAdmins))', 'AllGroups', 'DnsAdmins'],
    ['(objectClass=crossRef)', 'AllObjects', ''],
    ['(&(objectCategory=computer)(operatingSystem=*))', 'AllComputers', ''],
    ['(objectClass=foreignSecurityPrincipal)', 'AllObjects', ''],
  ];
  let t = t0 + 3 * SEC;
  for (const [filter, qtype, target] of queries) {
    t += r.int(300, 4500) * 1000;
    c.sinks.IdentityQueryEvents.add({
      Timestamp: t,
      ActionType: 'LDAP query',
      Application: 'Active Directory',
      QueryType: qtype,
      QueryTarget: target,
      Query: `Search Scope: WholeSubtree, Base Object:${DOMAIN_DN}, Search Filter: ${filter}`,
      Protocol: 'Ldap',
      AccountName: it.accountName,
      AccountDomain: DOMAIN,
      AccountUpn: it.upn,
      AccountSid: sidOf(it),
      AccountObjectId: it.objectId,
      AccountDisplayName: it.displayName,
      DeviceName: dev.name,
      IPAddress: dev.def.localIp,
      Port: r.int(49152, 65535),
      DestinationDeviceName: DC.name,
      DestinationIPAddress: DC.ip,
      DestinationPort: 389,
      TargetDeviceName: '',
      TargetAccountUpn: '',
      TargetAccountDisplayName: target,
      Location: '',
      AdditionalFields: { SourceComputerOperatingSystem: dev.def.osPlatform, AttributeList: ['distinguishedName', 'objectSid', 'sAMAccountName', 'userAccountControl', 'whenCreated'] },
    });
  }
}

// --- mail ----------------------------------------------------------------------------------------

/** Vendors the company buys from and the services it subscribes to, with how they number things. */
const VENDORS = [
  { from: 'orders@contoso-office-supplies.example', kind: 'order', subjects: ['Order confirmation {N}', 'Your order {N} has shipped'], id: () => 'W', digits: 10, link: 'https://www.contoso-office-supplies.example/account/orders/' },
  { from: 'billing@litware-saas.example', kind: 'invoice', subjects: ['Invoice {N} from Litware', 'Payment received for invoice {N}'], id: () => 'INV', digits: 9, link: 'https://billing.litware-saas.example/invoices/' },
  { from: 'licensing@adatum-software.example', kind: 'license', subjects: ['Your license renewal notice - subscription {N}', 'License key for order {N}'], id: () => 'AS', digits: 11, link: 'https://portal.adatum-software.example/licenses/' },
  { from: 'noreply@fourthcoffee-travel.example', kind: 'booking', subjects: ['Booking confirmation {N}', 'Itinerary update for booking {N}'], id: () => 'FC', digits: 9, link: 'https://my.fourthcoffee-travel.example/trips/' },
  { from: 'support@proseware.example', kind: 'ticket', subjects: ['[Case {N}] Your support request has been updated', 'Notification: case {N} closed'], id: () => 'CS', digits: 10, link: 'https://support.proseware.example/case/' },
] as const;
const NEWSLETTERS = [
  { from: 'news@mail.wideworldimporters.example', tracker: 't.mail.wideworldimporters.example', subject: 'This week at Wide World Importers' },
  { from: 'events@email.tailspin-toys.example', tracker: 't.email.tailspin-toys.example', subject: 'Webinar invitation: planning for Q3' },
  { from: 'updates@news.relecloud.example', tracker: 't.news.relecloud.example', subject: 'Relecloud product updates - May' },
] as const;

function vendorMail(c: CloudEstateCtx, r: Rng): void {
  const { sinks } = c;
  const add = (t: number, from: string, u: UserDef, subject: string, urls: string[], o: Record<string, unknown> = {}) => {
    const nmid = guidOf(`vendor-mail:${from}:${u.upn}:${t}`);
    const domain = from.split('@')[1];
    sinks.EmailEvents.add({
      Timestamp: t, NetworkMessageId: nmid, InternetMessageId: `<${hexOf(`vendor-imid:${nmid}`, 20)}.${r.int(1000, 9999)}@${domain}>`, SenderMailFromAddress: `bounces+${hexOf(`bounce:${from}`, 8)}@${domain}`,
      SenderFromAddress: from, SenderDisplayName: domain.split('.').slice(-2, -1)[0].replace(/-/g, ' '), SenderObjectId: '', SenderMailFromDomain: domain, SenderFromDomain: domain, SenderIPv4: pickAddress(r, 'mail-partners'), SenderIPv6: '',
      RecipientEmailAddress: u.upn, RecipientObjectId: u.objectId, Subject: subject, EmailClusterId: Number.parseInt(hexOf(`cluster:${from}:${subject.replace(/\d/g, '')}`, 8), 16), EmailDirection: 'Inbound',
      DeliveryAction: 'Delivered', DeliveryLocation: 'Inbox/folder', ThreatTypes: '', ThreatNames: '', DetectionMethods: '', ConfidenceLevel: '', BulkComplaintLevel: r.int(0, 4), EmailAction: '', EmailActionPolicy: '',
      EmailActionPolicyGuid: '', AuthenticationDetails: '{"SPF":"pass","DKIM":"pass","DMARC":"pass","CompAuth":"pass"}', AttachmentCount: 0, UrlCount: urls.length, EmailLanguage: 'en', Connectors: '', OrgLevelAction: '',
      OrgLevelPolicy: '', UserLevelAction: '', UserLevelPolicy: '', AdditionalFields: { IsFirstContact: false }, LatestDeliveryLocation: 'Inbox/folder', LatestDeliveryAction: 'Delivered', DistributionList: '', ...o,
    });
    for (const [i, url] of urls.entries()) sinks.EmailUrlInfo.add({ Timestamp: t, NetworkMessageId: nmid, Url: url, UrlDomain: new URL(url).host, UrlLocation: 'Body', UrlChainId: '', UrlChainPosition: 0, ReportId: `${hexOf(`vendor-url:${nmid}`, 12)}-${i}` });
    return nmid;
  };
  const replyWithCode = (t: number, u: UserDef, to: string, subject: string, num: string) => {
    const nmid = guidOf(`vendor-reply:${u.upn}:${to}:${t}`);
    const f = r.pick(['repro.py', 'export_check.py', 'ConnectorTest.cs', 'sample_client.cpp']);
    sinks.EmailEvents.add({
      Timestamp: t, NetworkMessageId: nmid, InternetMessageId: `<${hexOf(`vendor-reply-imid:${nmid}`, 24)}@contoso.example>`, SenderMailFromAddress: u.upn, SenderFromAddress: u.upn, SenderDisplayName: u.displayName,
      SenderObjectId: u.objectId, SenderMailFromDomain: 'contoso.example', SenderFromDomain: 'contoso.example', SenderIPv4: '198.51.100.40', SenderIPv6: '', RecipientEmailAddress: to, RecipientObjectId: '', Subject: `RE: ${subject}`,
      EmailClusterId: Number.parseInt(hexOf(`cluster:reply:${num}`, 8), 16), EmailDirection: 'Outbound', DeliveryAction: 'Delivered', DeliveryLocation: 'On-premises/external', ThreatTypes: '', ThreatNames: '', DetectionMethods: '',
      ConfidenceLevel: '', BulkComplaintLevel: null, EmailAction: '', EmailActionPolicy: '', EmailActionPolicyGuid: '', AuthenticationDetails: '', AttachmentCount: 1, UrlCount: 0, EmailLanguage: 'en', Connectors: '',
      OrgLevelAction: '', OrgLevelPolicy: '', UserLevelAction: '', UserLevelPolicy: '', AdditionalFields: { IsFirstContact: false }, LatestDeliveryLocation: 'On-premises/external', LatestDeliveryAction: 'Delivered', DistributionList: '',
    });
    sinks.EmailAttachmentInfo.add({ Timestamp: t, NetworkMessageId: nmid, SenderFromAddress: u.upn, SenderDisplayName: u.displayName, RecipientEmailAddress: to, RecipientObjectId: '', FileName: f, FileType: 'txt', SHA256: hexOf(`code:${u.upn}:${num}:${f}`, 64), FileSize: r.int(900, 14_000), ThreatTypes: '', ThreatNames: '', DetectionMethods: '', FileExtension: f.split('.').pop() });
  };
  // who deals with which vendor: finance with invoices and orders, IT with licences and support, everyone with travel now and then
  const wants = (u: UserDef, kind: string) =>
    kind === 'invoice' || kind === 'order' ? u.department === 'Finance' || u.department === 'Sales' : kind === 'license' || kind === 'ticket' ? u.department === 'IT' || u.department === 'Engineering' : true;
  for (const d0 of c.days) {
    for (const v of VENDORS) {
      for (const u of c.users.filter((x) => wants(x, v.kind))) {
        if (!r.chance(v.kind === 'booking' ? 0.08 : 0.35)) continue;
        let num = v.id();
        for (let i = 0; i < v.digits; i++) num += String(r.int(i === 0 ? 1 : 0, 9));
        const subject = r.pick(v.subjects).replace('{N}', num);
        const t = d0 + r.int(6 * 60, 22 * 60) * MIN + r.int(0, 59) * SEC;
        const nmid = add(t, v.from, u, subject, [`${v.link}${num}`]);
        // engineers answer the vendor's support case with a script that reproduces the problem
        if (v.kind === 'ticket' && u.department === 'Engineering' && r.chance(0.5)) replyWithCode(t + r.int(20, 180) * MIN, u, v.from, subject, num);
        if (v.kind === 'invoice' && r.chance(0.6)) {
          const f = `${num}.pdf`;
          sinks.EmailAttachmentInfo.add({ Timestamp: t, NetworkMessageId: nmid, SenderFromAddress: v.from, SenderDisplayName: 'Litware', RecipientEmailAddress: u.upn, RecipientObjectId: u.objectId, FileName: f, FileType: 'pdf', SHA256: hexOf(`invoice:${num}`, 64), FileSize: r.int(40_000, 260_000), ThreatTypes: '', ThreatNames: '', DetectionMethods: '', FileExtension: 'pdf' });
        }
      }
    }
    // newsletters: every link is rewritten through the sender's click tracker (…/r/?id=…)
    for (const nl of NEWSLETTERS) {
      if (!r.chance(0.45)) continue;
      const t0 = d0 + r.int(6 * 60, 11 * 60) * MIN;
      for (const u of c.users) {
        if (!r.chance(0.6)) continue;
        const links = Array.from({ length: r.int(2, 4) }, () => `https://${nl.tracker}/r/?id=h${hexOf(`${nl.tracker}:${u.upn}:${d0}:${r.int(0, 1e6)}`, 8)},${hexOf(`c:${u.upn}`, 6)},${hexOf(`l:${r.int(0, 1e6)}`, 6)}`);
        add(t0 + r.int(0, 300) * SEC, nl.from, u, nl.subject, links, { BulkComplaintLevel: r.int(4, 6), EmailClusterId: Number.parseInt(hexOf(`cluster:${nl.from}:${d0}`, 8), 16) });
      }
    }
  }
}

/**
 * The other half of the conversation with partners: their replies and forwards, most with a
 * document attached (PDFs and spreadsheets above all, now and then a legacy binary .doc that older
 * Office installs still save, a zip of drawings or scans) and some with a link to a shared document
 * in their own cloud storage (SharePoint, Google Docs, Dropbox) instead of an attachment.
 */
const PARTNER_ORGS = [
  { addr: 'orders@wingtip.example', name: 'Wingtip Toys Orders', share: 'sharepoint' },
  { addr: 'anna.k@fabrikam.example', name: 'Anna Kowalski', share: 'google' },
  { addr: 'ap@tailspin-toys.example', name: 'Tailspin Toys Accounts Payable', share: 'sharepoint' },
  { addr: 'j.smith@woodgrovebank.example', name: 'John Smith', share: 'none' },
  { addr: 'm.dubois@alpineski.example', name: 'Marie Dubois', share: 'google' },
  { addr: 'projects@adventure-works.example', name: 'Adventure Works Projects', share: 'dropbox' },
] as const;
const TOPICS = [
  'Quote for Q3 supplies', 'Updated delivery schedule', 'Meeting notes', 'Can you review the draft?', 'Invoice query', 'Contract draft v2', 'Monthly report for May',
  'Survey results', 'Price list 2024', 'Signed NDA', 'Site visit next week', 'Revised specifications', 'Open items from our call', 'Thank you for your order',
] as const;
/** File kinds partners send, with the file type Defender reports for each and how common it is. */
const PARTNER_FILES = [
  ['pdf', 'pdf', 40], ['xlsx', 'xlsx', 18], ['docx', 'docx', 15], ['doc', 'WordStorage', 5], ['xls', 'ExcelStorage', 3], ['zip', 'zip', 8], ['png', 'png', 6], ['pptx', 'pptx', 5],
] as const;

function partnerMail(c: CloudEstateCtx, r: Rng): void {
  const { sinks } = c;
  const fileWeights = PARTNER_FILES.map((f) => [f, f[2]] as const);
  for (const d0 of c.days) {
    for (const u of c.users) {
      for (let i = r.int(0, 2); i > 0; i--) {
        const p = r.pick(PARTNER_ORGS);
        const domain = p.addr.split('@')[1];
        const t = d0 + r.int(7 * 60, 19 * 60) * MIN + r.int(0, 59) * SEC;
        const subject = `${r.weighted([['RE: ', 6], ['FW: ', 2], ['', 2]] as const)}${r.pick(TOPICS)}`;
        const nmid = guidOf(`partner-mail:${p.addr}:${u.upn}:${t}`);
        const att = r.chance(0.55);
        const link = !att && p.share !== 'none' && r.chance(0.5);
        const url = !link ? '' : p.share === 'google' ? `https://docs.google.com/${r.chance(0.7) ? 'document' : 'spreadsheets'}/d/${hexOf(`gdoc:${nmid}`, 33)}/edit?usp=sharing`
          : p.share === 'dropbox' ? `https://www.dropbox.com/scl/fi/${hexOf(`dbx:${nmid}`, 21)}/${r.pick(['Drawings', 'Scans', 'Specs'])}.zip?dl=0`
          : `https://${domain.split('.')[0]}.sharepoint.com/:w:/s/${r.pick(['Sales', 'Projects', 'Finance'])}/E${hexOf(`spo:${nmid}`, 40)}`;
        sinks.EmailEvents.add({
          Timestamp: t, NetworkMessageId: nmid, InternetMessageId: `<${hexOf(`partner-imid:${nmid}`, 32).toUpperCase()}@${domain}>`, SenderMailFromAddress: p.addr, SenderFromAddress: p.addr,
          SenderDisplayName: p.name, SenderObjectId: '', SenderMailFromDomain: domain, SenderFromDomain: domain, SenderIPv4: `198.18.${r.int(0, 40)}.${r.int(1, 254)}`, SenderIPv6: '',
          RecipientEmailAddress: u.upn, RecipientObjectId: u.objectId, Subject: subject, EmailClusterId: Number.parseInt(hexOf(`cluster:partner:${nmid}`, 8), 16), EmailDirection: 'Inbound',
          DeliveryAction: 'Delivered', DeliveryLocation: 'Inbox/folder', ThreatTypes: '', ThreatNames: '', DetectionMethods: '', ConfidenceLevel: '{"Phish":null,"Spam":"Low"}', BulkComplaintLevel: 0, EmailAction: '',
          EmailActionPolicy: '', EmailActionPolicyGuid: '', AuthenticationDetails: '{"SPF":"pass","DKIM":"pass","DMARC":"pass","CompAuth":"pass"}', AttachmentCount: att ? 1 : 0, UrlCount: link ? 1 : 0, EmailLanguage: 'en',
          Connectors: '', OrgLevelAction: '', OrgLevelPolicy: '', UserLevelAction: '', UserLevelPolicy: '', AdditionalFields: { IsFirstContact: false }, LatestDeliveryLocation: 'Inbox/folder',
          LatestDeliveryAction: 'Delivered', DistributionList: '',
        });
        if (att) {
          const [ext, type] = r.weighted(fileWeights);
          const name = `${subject.replace(/^(RE|FW): /, '').replace(/[?]/g, '').replace(/ /g, '_')}.${ext}`;
          sinks.EmailAttachmentInfo.add({ Timestamp: t, NetworkMessageId: nmid, SenderFromAddress: p.addr, SenderDisplayName: p.name, RecipientEmailAddress: u.upn, RecipientObjectId: u.objectId, FileName: name, FileType: type, SHA256: hexOf(`partner-file:${nmid}`, 64), FileSize: r.int(18_000, 4_500_000), ThreatTypes: '', ThreatNames: '', DetectionMethods: '', FileExtension: ext });
        }
        if (link) sinks.EmailUrlInfo.add({ Timestamp: t, NetworkMessageId: nmid, Url: url, UrlDomain: new URL(url).host, UrlLocation: 'Body', UrlChainId: '', UrlChainPosition: 0, ReportId: `${hexOf(`partner-url:${nmid}`, 12)}-0` });
      }
    }
  }
}

/** Engineers send the outsourced development team patches and snippets by mail. */
function contractorMail(c: CloudEstateCtx, r: Rng): void {
  const { sinks } = c;
  for (const d0 of c.days) {
    for (const u of c.users) {
      // engineers send the outsourced development team patches and snippets by mail
      if (u.department === 'Engineering' && r.chance(0.4)) {
        const t = d0 + r.int(9 * 60, 18 * 60) * MIN + r.int(0, 59) * SEC;
        const to = r.pick(['dev-team@northwind-dev.example', 'p.nowak@northwind-dev.example']);
        const f = r.pick(['export_fix.py', 'retry_policy.cs', 'parser.cpp', 'parser.h', 'hotfix.patch', 'build_log.txt']);
        const nmid = guidOf(`contractor-mail:${u.upn}:${t}`);
        sinks.EmailEvents.add({
          Timestamp: t, NetworkMessageId: nmid, InternetMessageId: `<${hexOf(`contractor-imid:${nmid}`, 32).toUpperCase()}@contoso.example>`, SenderMailFromAddress: u.upn, SenderFromAddress: u.upn, SenderDisplayName: u.displayName,
          SenderObjectId: u.objectId, SenderMailFromDomain: 'contoso.example', SenderFromDomain: 'contoso.example', SenderIPv4: '198.51.100.40', SenderIPv6: '', RecipientEmailAddress: to, RecipientObjectId: '',
          Subject: r.pick(['RE: ticket 4412 follow-up', 'Patch for the export job', 'Snippet we discussed', 'RE: build failure on main']), EmailClusterId: Number.parseInt(hexOf(`cluster:contractor:${nmid}`, 8), 16), EmailDirection: 'Outbound',
          DeliveryAction: 'Delivered', DeliveryLocation: 'On-premises/external', ThreatTypes: '', ThreatNames: '', DetectionMethods: '', ConfidenceLevel: '', BulkComplaintLevel: null, EmailAction: '', EmailActionPolicy: '',
          EmailActionPolicyGuid: '', AuthenticationDetails: '', AttachmentCount: 1, UrlCount: 0, EmailLanguage: 'en', Connectors: '', OrgLevelAction: '', OrgLevelPolicy: '', UserLevelAction: '', UserLevelPolicy: '',
          AdditionalFields: { IsFirstContact: false }, LatestDeliveryLocation: 'On-premises/external', LatestDeliveryAction: 'Delivered', DistributionList: '',
        });
        sinks.EmailAttachmentInfo.add({ Timestamp: t, NetworkMessageId: nmid, SenderFromAddress: u.upn, SenderDisplayName: u.displayName, RecipientEmailAddress: to, RecipientObjectId: '', FileName: f, FileType: 'txt', SHA256: hexOf(`contractor-file:${nmid}`, 64), FileSize: r.int(600, 40_000), ThreatTypes: '', ThreatNames: '', DetectionMethods: '', FileExtension: f.split('.').pop() });
      }
    }
  }
}

/**
 * App registrations that sign in with their own credentials: the billing vendor's connector runs in
 * the vendor's cloud (United States) every hour, the Power BI gateway on the office network every
 * few hours. Defender's view (AADSpnSignInEventsBeta); Sentinel's copy is in sentinel-rows.ts.
 */
export const VENDOR_APPS = [
  { name: 'Litware Billing Connector', every: 60, resource: 'Microsoft Graph', ip: '40.76.12.90', country: 'US', state: 'Virginia', city: 'Boydton', lat: 36.67, lon: -78.39 },
  { name: 'Power BI Gateway', every: 240, resource: 'Power BI Service', ip: '198.51.100.201', country: 'NL', state: 'Noord-Holland', city: 'Amsterdam', lat: 52.37, lon: 4.9 },
] as const;

function vendorApps(c: CloudEstateCtx, r: Rng): void {
  const t1 = c.days[c.days.length - 1] + 24 * HOUR;
  for (const a of VENDOR_APPS) {
    for (let t = c.days[0] + r.int(0, a.every) * MIN; t < t1; t += (a.every + r.int(-4, 4)) * MIN) {
      c.sinks.AADSpnSignInEventsBeta.add({
        Timestamp: t + r.int(0, 59) * SEC, Application: a.name, ApplicationId: guidOf(`app:${a.name}`), IsManagedIdentity: false, ErrorCode: 0, CorrelationId: guidOf(`spn-corr:${a.name}:${t}`),
        ServicePrincipalName: a.name, ServicePrincipalId: guidOf(`spn:${a.name}`), ResourceDisplayName: a.resource, ResourceId: guidOf(`res:${a.resource}`), ResourceTenantId: c.tenantId,
        IPAddress: a.ip, Country: a.country, State: a.state, City: a.city, Latitude: String(a.lat), Longitude: String(a.lon), RequestId: guidOf(`spn-req:${a.name}:${t}`), IsConfidentialClient: true,
      });
    }
  }
}

// --- Entra administration -------------------------------------------------------------------------

/** Entra ID admin activity, in the Office 365 audit shape Defender for Cloud Apps keeps and in AuditLogs. */
function entraAdmin(c: CloudEstateCtx, r: Rng): void {
  const it = itAdmin(c);
  const ip = c.devs.find((d) => d.user === it)?.def.publicIp ?? '198.51.100.31';
  const tenant = c.tenantId;
  const ev = (t: number, actor: UserDef, op: string, category: string, target: { id: string; name: string; type: 'ServicePrincipal' | 'Application' | 'User' | 'Role'; appId?: string }, modified: { Name: string; NewValue: string; OldValue: string }[], actorIp: string) => {
    const id = guidOf(`entra-admin:${op}:${t}`);
    const raw = {
      CreationTime: new Date(t / 1000).toISOString().replace(/\.\d+Z$/, ''),
      Id: id,
      Operation: op,
      OrganizationId: tenant,
      RecordType: 8,
      ResultStatus: 'Success',
      UserKey: `${hexOf(`puid:${actor.upn}`, 16).toUpperCase()}@${tenant}`,
      UserType: 0,
      Version: 1,
      Workload: 'AzureActiveDirectory',
      ClientIP: actorIp,
      ObjectId: target.name,
      UserId: actor.upn,
      AzureActiveDirectoryEventType: 1,
      ExtendedProperties: [
        { Name: 'additionalDetails', Value: '{"User-Agent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80"}' },
        { Name: 'extendedAuditEventCategory', Value: category },
      ],
      ModifiedProperties: modified,
      Actor: [
        { ID: actor.upn, Type: 5 },
        { ID: actor.objectId, Type: 2 },
        { ID: 'User', Type: 2 },
      ],
      ActorContextId: tenant,
      InterSystemsId: guidOf(`isid:${id}`),
      IntraSystemId: guidOf(`intra:${id}`),
      SupportTicketId: '',
      Target: [
        { ID: `${target.type}_${target.id}`, Type: 2 },
        { ID: target.id, Type: 2 },
        { ID: target.type, Type: 2 },
        { ID: target.name, Type: 1 },
        ...(target.appId ? [{ ID: target.appId, Type: 2 }] : []),
      ],
      TargetContextId: tenant,
    };
    c.sinks.CloudAppEvents.add({
      Timestamp: t, ActionType: op, Application: 'Office 365', ApplicationId: 11161, AppInstanceId: 0, AccountObjectId: actor.objectId, AccountId: actor.objectId, AccountDisplayName: actor.displayName,
      IsAdminOperation: true, DeviceType: 'Desktop', OSPlatform: 'Windows 10', IPAddress: actorIp, IsAnonymousProxy: false, CountryCode: 'NL', City: 'Amsterdam', Isp: 'Example Telecom',
      UserAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80', ActivityType: 'Edit',
      ActivityObjects: [{ Type: target.type === 'User' ? 'Account' : 'OAuth application', Name: target.name, Id: target.id, Role: 'Target object' }], ObjectName: target.name, ObjectType: target.type === 'User' ? 'Account' : 'OAuth application', ObjectId: target.id,
      AccountType: 'Admin', IsExternalUser: false, IsImpersonated: false, IPTags: [], IPCategory: '', UserAgentTags: [], RawEventData: raw, AdditionalFields: {}, LastSeenForUser: { ISP: 0, CountryCode: 0 }, UncommonForUser: [],
      AuditSource: 'Defender for Cloud Apps app connector', SessionData: { InLineSessionId: '' }, OAuthAppId: target.appId ?? '',
    });
    // the same change in the Entra audit log (AuditLogs)
    const auditOp = op.replace(/\.$/, '');
    c.sinks.AuditLogs.add({
      AADOperationType: /^Add|^Consent/.test(auditOp) ? 'Add' : 'Update', AADTenantId: tenant, ActivityDateTime: t, ActivityDisplayName: auditOp, AdditionalDetails: [{ key: 'User-Agent', value: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Edg/124.0.2478.80' }],
      Category: category, CorrelationId: guidOf(`corr:${id}`), DurationMs: 0, Id: `Directory_${guidOf(`dir:${id}`)}`, Identity: actor.displayName,
      InitiatedBy: { user: { id: actor.objectId, displayName: null, userPrincipalName: actor.upn, ipAddress: actorIp, roles: [] }, app: null }, Level: 'Informational', Location: 'EU',
      LoggedByService: 'Core Directory', OperationName: auditOp, OperationVersion: '1.0', Resource: 'Microsoft.aadiam', ResourceGroup: 'Microsoft.aadiam', ResourceId: `/tenants/${tenant}/providers/Microsoft.aadiam`,
      ResourceProvider: 'Microsoft.aadiam', Result: 'success', ResultDescription: '', ResultReason: '', ResultSignature: 'None', ResultType: '', SourceSystem: 'Azure AD',
      // the Entra audit log writes each property value as JSON text ("\"Global Administrator\""), an empty one as null
      TargetResources: [{ id: target.id, displayName: target.type === 'User' ? null : target.name, type: target.type, userPrincipalName: target.type === 'User' ? target.name : null, modifiedProperties: modified.map((m) => ({ displayName: m.Name, oldValue: m.OldValue === '' ? null : JSON.stringify(m.OldValue), newValue: m.NewValue === '' ? null : JSON.stringify(m.NewValue) })) }],
      TimeGenerated: t, Type: 'AuditLogs', TenantId: tenant,
    });
  };
  const iso = (t: number) => new Date(t / 1000).toISOString();
  // client secrets of app registrations are rotated in the portal before they expire
  for (const [k, app] of ([[0, 'Power BI Gateway'], [2, 'Litware Billing Connector']] as const).entries()) {
    const t = c.days[app[0]] + (10 + k * 3) * HOUR + r.int(0, 3599) * SEC;
    const keyId = guidOf(`secret:${app[1]}:${t}`);
    const cred = `[KeyIdentifier=${keyId},KeyType=Password,KeyUsage=Verify,DisplayName=rotation ${iso(t).slice(0, 7)}]`;
    ev(t, it, 'Update application \u2013 Certificates and secrets management ', 'ApplicationManagement', { id: guidOf(`appobj:${app[1]}`), name: app[1], type: 'Application', appId: guidOf(`app:${app[1]}`) }, [
      { Name: 'KeyDescription', NewValue: `[${cred}]`, OldValue: '[]' },
      { Name: 'Included Updated Properties', NewValue: 'KeyDescription', OldValue: '' },
    ], ip);
  }
  // a user consents to a scheduling app for their own calendar (user consent, delegated permissions)
  const u = c.users.find((x) => x.department === 'Sales') ?? c.users[1 % c.users.length];
  const uDev = c.devs.find((d) => d.user === u);
  const tc = c.days[1] + 14 * HOUR + r.int(0, 3599) * SEC;
  const sched = { id: guidOf('spn:Zava Meeting Scheduler'), name: 'Zava Meeting Scheduler', type: 'ServicePrincipal' as const, appId: guidOf('app:Zava Meeting Scheduler') };
  ev(tc, u, 'Consent to application.', 'ApplicationManagement', sched, [
    { Name: 'ConsentContext.IsAdminConsent', NewValue: 'False', OldValue: '' },
    { Name: 'ConsentContext.IsAppOnly', NewValue: 'False', OldValue: '' },
    { Name: 'ConsentContext.OnBehalfOfAll', NewValue: 'False', OldValue: '' },
    { Name: 'ConsentContext.Tags', NewValue: 'WindowsAzureActiveDirectoryIntegratedApp', OldValue: '' },
    { Name: 'ConsentAction.Permissions', NewValue: `[] => [[Id: ${hexOf(`grant:${u.upn}`, 43)}, ClientId: ${sched.id}, PrincipalId: ${u.objectId}, ResourceId: ${guidOf('sp:graph')}, ConsentType: Principal, Scope:  openid profile email offline_access User.Read Calendars.ReadWrite, CreatedDateTime: , LastModifiedDateTime ]]; `, OldValue: '' },
  ], uDev?.def.publicIp ?? '198.51.100.34');
  // IT grants admin consent to the backup vendor's app (application permissions on mail and files)
  const ta = c.days[2] + 11 * HOUR + r.int(0, 3599) * SEC;
  const veeam = { id: guidOf('spn:Veeam Backup for Microsoft 365'), name: 'Veeam Backup for Microsoft 365', type: 'ServicePrincipal' as const, appId: guidOf('app:Veeam Backup for Microsoft 365') };
  ev(ta, it, 'Consent to application.', 'ApplicationManagement', veeam, [
    { Name: 'ConsentContext.IsAdminConsent', NewValue: 'True', OldValue: '' },
    { Name: 'ConsentContext.IsAppOnly', NewValue: 'True', OldValue: '' },
    { Name: 'ConsentContext.OnBehalfOfAll', NewValue: 'True', OldValue: '' },
    { Name: 'ConsentContext.Tags', NewValue: 'WindowsAzureActiveDirectoryIntegratedApp', OldValue: '' },
    { Name: 'ConsentAction.Permissions', NewValue: `[] => [[Id: ${hexOf('grant:veeam', 43)}, ClientId: ${veeam.id}, PrincipalId: , ResourceId: ${guidOf('sp:graph')}, ConsentType: AllPrincipals, Scope:  Mail.ReadWrite Files.ReadWrite.All Sites.ReadWrite.All, CreatedDateTime: , LastModifiedDateTime ]]; `, OldValue: '' },
  ], ip);
  ev(ta + r.int(20, 90) * SEC, it, 'Add app role assignment to service principal.', 'ApplicationManagement', veeam, [
    { Name: 'AppRole.Value', NewValue: 'full_access_as_app', OldValue: '' },
    { Name: 'AppRole.DisplayName', NewValue: 'Use Exchange Web Services with full access to all mailboxes', OldValue: '' },
    { Name: 'ServicePrincipal.DisplayName', NewValue: 'Veeam Backup for Microsoft 365', OldValue: '' },
  ], ip);
  // the IT administrator gives their own account Global Administrator for a two-hour maintenance
  // window and takes it away afterwards: the audit record's target is the member (the user), the role
  // is in its modified properties
  const tr = c.days[3] + 8 * HOUR + r.int(0, 3599) * SEC;
  const role = { id: '62e90394-69f5-4237-9190-012177145e10', name: 'Global Administrator' };
  const member = { id: it.objectId, name: it.upn, type: 'User' as const };
  ev(tr, it, 'Add member to role.', 'RoleManagement', member, [
    { Name: 'Role.ObjectID', NewValue: role.id, OldValue: '' },
    { Name: 'Role.DisplayName', NewValue: role.name, OldValue: '' },
    { Name: 'Role.TemplateId', NewValue: role.id, OldValue: '' },
    { Name: 'Role.WellKnownObjectName', NewValue: 'TenantAdmins', OldValue: '' },
  ], ip);
  ev(tr + 2 * HOUR + r.int(0, 60) * SEC, it, 'Remove member from role.', 'RoleManagement', member, [
    { Name: 'Role.ObjectID', NewValue: '', OldValue: role.id },
    { Name: 'Role.DisplayName', NewValue: '', OldValue: role.name },
  ], ip);
}

// --- cloud logons as Defender for Identity's table has them ----------------------------------------

/**
 * IdentityLogonEvents also holds the Entra ID interactive sign-ins that Defender for Cloud Apps
 * tracks (Microsoft's reference page: "authentication activities related to Microsoft online
 * services"): Application "Office 365", LogonType "Login:login", the cloud service in
 * AdditionalFields. One row per interactive sign-in of the background users.
 */
function cloudLogons(c: CloudEstateCtx, r: Rng): void {
  const si = c.sinks.SigninLogs;
  const byUpn = new Map(c.users.map((u) => [u.upn, u]));
  for (let i = 0; i < si.length; i++) {
    const u = byUpn.get(si.get(i, 'UserPrincipalName') as string);
    if (!u) continue;
    const code = Number(si.get(i, 'ResultType'));
    const dd = (si.get(i, 'DeviceDetail') ?? {}) as Record<string, unknown>;
    const loc = (si.get(i, 'LocationDetails') ?? {}) as Record<string, unknown>;
    const ip = si.get(i, 'IPAddress') as string;
    c.sinks.IdentityLogonEvents.add({
      Timestamp: (si.get(i, 'TimeGenerated') as number) + r.int(1, 30) * SEC,
      ActionType: code === 0 ? 'LogonSuccess' : 'LogonFailed',
      Application: 'Office 365',
      LogonType: 'Login:login',
      Protocol: '',
      FailureReason: code === 0 ? '' : String(si.get(i, 'ResultDescription') || 'Other.'),
      AccountName: u.accountName,
      AccountDomain: 'contoso.example',
      AccountUpn: u.upn,
      AccountSid: '',
      AccountObjectId: u.objectId,
      AccountDisplayName: u.displayName,
      DeviceName: String(dd.displayName ?? ''),
      DeviceType: 'Desktop',
      OSPlatform: String(dd.operatingSystem ?? ''),
      IPAddress: ip,
      Port: null,
      DestinationDeviceName: '',
      DestinationIPAddress: '',
      DestinationPort: null,
      TargetDeviceName: '',
      TargetAccountDisplayName: '',
      Location: String(loc.countryOrRegion ?? ''),
      Isp: ip.startsWith('203.0.113') ? 'Example Broadband' : 'Example Telecom',
      AdditionalFields: { 'TO.CLOUD_SERVICE': String(si.get(i, 'AppDisplayName') ?? ''), 'Pass-through authentication': 'false', 'Request ID': String(si.get(i, 'OriginalRequestId') ?? ''), 'TARGET_OBJECT.USER': u.upn },
    });
  }
}

// --- commodity malware mail --------------------------------------------------------------------

/**
 * Every tenant receives a trickle of commodity malware mail around the clock: botnets send from
 * compromised mailboxes of small businesses abroad, with payment, shipping and quotation lures and
 * an archive, disk image or HTML attachment carrying an info-stealer or a loader. Exchange Online
 * Protection's anti-malware policy quarantines them before delivery; they are one recipient each,
 * a few a day across the tenant, most of them timed for the recipients' working hours.
 */
const MALSPAM_SENDERS = [
  { domain: 'hanoi-textiles.example', name: 'Accounts Department' },
  { domain: 'globalfreight-lk.example', name: 'DHL Express' },
  { domain: 'pt-sinarjaya.example', name: 'Purchase Manager' },
  { domain: 'orientaltrading-hk.example', name: 'Sales Team' },
  { domain: 'steelworks-tr.example', name: 'Finance' },
  { domain: 'agroexport-br.example', name: 'Export Office' },
] as const;
const LURES = [
  { subject: 'Payment Advice - {N}', file: 'Payment_Advice_{N}.{X}', exts: ['zip', 'img', 'htm'] },
  { subject: 'Proforma Invoice PI-{N}', file: 'PI-{N}.{X}', exts: ['zip', 'rar', 'xlsx'] },
  { subject: 'Shipment Notification: AWB {N}', file: 'AWB_{N}_Shipping_Documents.{X}', exts: ['zip', 'img', '7z'] },
  { subject: 'Request for quotation {N}', file: 'RFQ_{N}.{X}', exts: ['rar', 'zip', 'gz'] },
  { subject: 'Statement of account as of {D}', file: 'SOA_{D}.{X}', exts: ['htm', 'zip'] },
  { subject: 'Remittance copy {N}', file: 'Remittance_{N}.{X}', exts: ['html', 'zip'] },
] as const;
const MALWARE_NAMES: Record<string, readonly string[]> = {
  archive: ['Trojan:MSIL/AgentTesla.ADL!MTB', 'Trojan:Win32/FormBook.AA!MTB', 'Backdoor:Win32/Remcos.GA!MTB', 'Trojan:Script/Wacatac.B!ml'],
  html: ['Trojan:HTML/Phish.SS!MTB', 'TrojanDownloader:HTML/Adodb.gen!A'],
  office: ['TrojanDownloader:O97M/Donoff', 'Trojan:O97M/Sadoca.C!ml'],
};

function malspam(c: CloudEstateCtx, r: Rng): void {
  const { sinks } = c;
  for (const d0 of c.days) {
    for (let n = r.int(2, 6); n > 0; n--) {
      const u = r.pick(c.users);
      const snd = r.pick(MALSPAM_SENDERS);
      const from = `${r.pick(['accounts', 'sales', 'info', 'export', 'purchase', 'admin'])}@${snd.domain}`;
      const lure = r.pick(LURES);
      let num = '';
      for (let i = 0; i < r.int(6, 10); i++) num += String(r.int(0, 9));
      const date = new Date(d0 / 1000 - r.int(1, 20) * 86_400_000).toISOString().slice(0, 10);
      const ext = r.pick(lure.exts);
      const file = lure.file.replace('{N}', num).replace('{D}', date).replace('{X}', ext);
      const subject = lure.subject.replace('{N}', num).replace('{D}', date);
      const family = ext === 'htm' || ext === 'html' ? 'html' : ext === 'xlsx' ? 'office' : 'archive';
      const threatName = r.pick(MALWARE_NAMES[family]);
      const det = r.pick(['{"Malware":["Anti-malware engine"]}', '{"Malware":["File detonation"]}', '{"Malware":["File reputation","Anti-malware engine"]}']);
      // most waves are timed for the recipients' working hours, the rest trickles in around the clock
      const t = d0 + (r.chance(0.7) ? r.int(7 * 60, 18 * 60 - 1) : r.int(0, 24 * 60 - 1)) * MIN + r.int(0, 59) * SEC;
      const nmid = guidOf(`malspam:${from}:${u.upn}:${t}`);
      const spf = r.chance(0.6) ? 'pass' : 'softfail';
      sinks.EmailEvents.add({
        Timestamp: t, NetworkMessageId: nmid, InternetMessageId: `<${hexOf(`malspam-imid:${nmid}`, 16)}$${hexOf(`malspam-imid2:${nmid}`, 8)}@${snd.domain}>`, SenderMailFromAddress: from, SenderFromAddress: from, SenderDisplayName: snd.name,
        SenderObjectId: '', SenderMailFromDomain: snd.domain, SenderFromDomain: snd.domain, SenderIPv4: pickAddress(r, 'malspam-senders'), SenderIPv6: '', RecipientEmailAddress: u.upn, RecipientObjectId: u.objectId, Subject: subject,
        EmailClusterId: Number.parseInt(hexOf(`cluster:malspam:${lure.subject}:${d0}`, 8), 16), EmailDirection: 'Inbound', DeliveryAction: 'Blocked', DeliveryLocation: 'Quarantine', ThreatTypes: 'Malware', ThreatNames: threatName,
        DetectionMethods: det, ConfidenceLevel: '', BulkComplaintLevel: r.int(0, 2), EmailAction: 'Send to quarantine', EmailActionPolicy: '', EmailActionPolicyGuid: '',
        AuthenticationDetails: `{"SPF":"${spf}","DKIM":"${r.chance(0.5) ? 'pass' : 'none'}","DMARC":"${spf === 'pass' ? 'pass' : 'fail'}","CompAuth":"${spf === 'pass' ? 'pass' : 'fail'}"}`, AttachmentCount: 1, UrlCount: 0,
        EmailLanguage: 'en', Connectors: '', OrgLevelAction: 'Quarantine', OrgLevelPolicy: 'Anti-malware policy', UserLevelAction: '', UserLevelPolicy: '', AdditionalFields: { IsFirstContact: true },
        LatestDeliveryLocation: 'Quarantine', LatestDeliveryAction: 'Blocked', DistributionList: '',
      });
      sinks.EmailAttachmentInfo.add({
        Timestamp: t, NetworkMessageId: nmid, SenderFromAddress: from, SenderDisplayName: snd.name, RecipientEmailAddress: u.upn, RecipientObjectId: u.objectId, FileName: file, FileType: ext === 'htm' || ext === 'html' ? 'html' : ext,
        SHA256: hexOf(`malspam-file:${file}:${d0}`, 64), FileSize: r.int(18_000, ext === 'img' ? 2_400_000 : 900_000), ThreatTypes: 'Malware', ThreatNames: threatName, DetectionMethods: det, FileExtension: ext,
      });
    }
  }
}
