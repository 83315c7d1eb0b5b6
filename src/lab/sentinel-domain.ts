/**
 * The Windows Security log a domain's servers write around the clock (SecurityEvent), for the
 * domain controllers dc01/dc02 and the file server fs01, consistent with what the lab already says
 * about the same logons:
 *  - every Kerberos service ticket Defender for Identity reports (IdentityLogonEvents "Resource
 *    access") is a 4769 on that DC, every Kerberos credential validation a 4768, every NTLM one a
 *    4776, with the same client address, port and time; users' TGTs (4768) at their first logon of
 *    the day (DeviceLogonEvents), before their first service ticket;
 *  - each network logon on fs01 (4624) opens the shares (5140, 5145 for the files touched) and is
 *    logged off when the SMB session goes idle (4634); NTLM logons and failures on a member
 *    server are validated by its DC (4776, the failure's NTSTATUS in Status);
 *  - the member servers' computer accounts through the night: a TGT every ten hours, a service
 *    ticket and a network logon/logoff on their DC at each Group Policy refresh (90 minutes plus a
 *    random offset of up to 30);
 *  - the nightly backup of fs01 under svc-backup (TGT, ticket, logon with backup privileges, D$,
 *    logoff hours later), the management server's scheduled jobs under svc-sccm (the Task
 *    Scheduler's explicit-credential 4648, a batch logon 4624 type 4 with 4672, logoff after the
 *    job), the admin's RDP session (ticket for TERMSRV) and a console connected to fs01 with the
 *    admin account (4648 by mmc.exe);
 *  - Windows Update's own scheduled tasks updated by SYSTEM (4702), a user mistyping a user name
 *    (0xC0000064) and the vulnerability scanner trying the disabled Guest account (0xC0000072).
 * Event fields the Log Analytics table has no column for (ticket options, encryption and
 * pre-authentication types, share access lists, task XML) are in EventData, as the agent sends
 * them. Its own random stream; the other writers' rows are only read.
 */
import { BACKUP01 } from './estate-tenant.ts';
import type * as M from './model.ts';
import { DC2, DOMAIN_SID } from './model.ts';
import { guidOf, hexOf, type Rng } from './rng.ts';
import { firstLogons, SERVERS, SecLog, subjectOf } from './sentinel-estate.ts';
import { esc, XMLNS } from './sentinel-windows.ts';
import { DAY, HOUR, MIN, SEC } from './time.ts';
import type { Dev, Sinks } from './world.ts';

export interface DomainCtx {
  sinks: Sinks;
  days: number[];
  /** Background users only. */
  users: M.UserDef[];
  devs: Dev[];
}

const NETBIOS = 'CORP';
const REALM = 'CORP.CONTOSO.EXAMPLE';
const DCS = [SERVERS.dc, DC2];
const FS = SERVERS.fs;

/** Member servers that authenticate against the DCs (estate-tenant.ts, estate-cloud.ts name them). */
const MEMBERS: { name: string; ip: string; sid?: string }[] = [
  { name: FS.name, ip: FS.ip },
  { name: SERVERS.sccm.name, ip: SERVERS.sccm.ip },
  { name: BACKUP01.name, ip: BACKUP01.ip },
  { name: 'print01.corp.contoso.example', ip: '10.20.0.31', sid: `${DOMAIN_SID}-1120` },
  { name: SERVERS.scanner.name, ip: SERVERS.scanner.ip },
];
const SVC = {
  backup: { name: BACKUP01.acct, sid: BACKUP01.sid, host: { name: BACKUP01.name, ip: BACKUP01.ip } },
  sccm: { name: 'svc-sccm', sid: `${DOMAIN_SID}-1618`, host: { name: SERVERS.sccm.name, ip: SERVERS.sccm.ip } },
};

const short = (host: string) => host.split('.')[0].toUpperCase();
const machineSid = (host: string) => `${DOMAIN_SID}-${1100 + (Number.parseInt(hexOf(`msid:${short(host)}`, 3), 16) % 400)}`;
const dcOf = (client: string) => DCS[Number.parseInt(hexOf(`site-dc:${client}`, 2), 16) % 2];
/** The event's fields as the agent puts them in EventData. */
const eventData = (f: Record<string, string>) =>
  `<EventData xmlns="${XMLNS}">${Object.entries(f)
    .map(([k, v]) => `<Data Name="${k}">${esc(v)}</Data>`)
    .join('')}</EventData>`;
const NULL_SUBJECT = { SubjectUserSid: 'S-1-0-0', SubjectUserName: '-', SubjectDomainName: '-', SubjectLogonId: '0x0' };
const BACKUP_PRIVILEGES = 'SeSecurityPrivilege\r\n\t\t\tSeBackupPrivilege\r\n\t\t\tSeRestorePrivilege\r\n\t\t\tSeTakeOwnershipPrivilege\r\n\t\t\tSeDebugPrivilege\r\n\t\t\tSeSystemEnvironmentPrivilege\r\n\t\t\tSeLoadDriverPrivilege\r\n\t\t\tSeImpersonatePrivilege';
/** MDI's failure reasons and the KDC/NTLM codes the DC logs for them (Microsoft's 4768/4776 pages). */
const KDC_STATUS: Record<string, string> = { AccountLocked: '0x12', PasswordExpired: '0x17', AccountDisabled: '0x12' };
const NTLM_STATUS: Record<string, string> = { WrongPassword: '0xc000006a', AccountLocked: '0xc0000234', PasswordExpired: '0xc0000071', AccountDisabled: '0xc0000072', NoSuchUser: '0xc0000064' };

export function writeDomainBaseline(c: DomainCtx, r: Rng): void {
  if (c.users.length === 0) return;
  const log = new SecLog(c.sinks, r);
  const port = () => String(r.int(49152, 65535));
  const logonId = () => `0x${r.int(0x100000, 0x3ffffff).toString(16)}`;
  const end = c.days[c.days.length - 1] + DAY;
  const inWindow = (t: number) => t >= c.days[0] && t < end;
  const se = c.sinks.SecurityEvent;
  const existing: Record<string, unknown>[] = [];
  for (let i = 0; i < se.length; i++) existing.push(se.rows[i] as Record<string, unknown>);

  const tgt = (t: number, dc: { name: string }, who: { name: string; sid: string; machine?: boolean }, ip: string, status = '0x0', pre = '2') => {
    const p = port();
    const fail = status !== '0x0';
    log.add(t, dc.name, 4768, {
      Account: `${NETBIOS}\\${who.name}`, AccountType: who.machine ? 'Machine' : 'User', TargetUserName: who.name, TargetDomainName: NETBIOS, TargetAccount: `${NETBIOS}\\${who.name}`, TargetSid: fail ? 'S-1-0-0' : who.sid,
      ServiceName: 'krbtgt', Status: status, IpAddress: `::ffff:${ip}`, IpPort: p,
      EventData: eventData({ TargetUserName: who.name, TargetDomainName: NETBIOS, TargetSid: fail ? 'S-1-0-0' : who.sid, ServiceName: 'krbtgt', ServiceSid: fail ? 'S-1-0-0' : `${DOMAIN_SID}-502`, TicketOptions: '0x40810010', Status: status, TicketEncryptionType: fail ? '0xffffffff' : '0x12', PreAuthType: fail ? '-' : pre, IpAddress: `::ffff:${ip}`, IpPort: p, CertIssuerName: '', CertSerialNumber: '', CertThumbprint: '' }),
    });
  };
  const ticket = (t: number, dc: { name: string }, who: { name: string; machine?: boolean }, service: string, ip: string, p = port(), guid = `{${guidOf(`tgs:${who.name}:${service}:${t}`)}}`) => {
    const user = `${who.name}@${REALM}`;
    log.add(t, dc.name, 4769, {
      Account: `${REALM}\\${user}`, AccountType: who.machine ? 'Machine' : 'User', TargetUserName: user, TargetDomainName: REALM, TargetAccount: `${REALM}\\${user}`,
      ServiceName: service, Status: '0x0', IpAddress: `::ffff:${ip}`, IpPort: p, LogonGuid: guid,
      EventData: eventData({ TargetUserName: user, TargetDomainName: REALM, ServiceName: service, ServiceSid: service.endsWith('$') ? machineSid(service.slice(0, -1)) : `${DOMAIN_SID}-1700`, TicketOptions: '0x40810000', TicketEncryptionType: '0x12', IpAddress: `::ffff:${ip}`, IpPort: p, Status: '0x0', LogonGuid: guid, TransmittedServices: '-' }),
    });
  };
  const ntlm = (t: number, dc: { name: string }, account: string, workstation: string, status: string) => {
    log.add(t, dc.name, 4776, {
      Account: account, AccountType: 'User', TargetUserName: account, Workstation: workstation, PackageName: 'MICROSOFT_AUTHENTICATION_PACKAGE_V1_0', Status: status,
      EventData: eventData({ PackageName: 'MICROSOFT_AUTHENTICATION_PACKAGE_V1_0', TargetUserName: account, Workstation: workstation, Status: status }),
    });
  };
  const netLogon = (t: number, host: string, who: { name: string; sid: string; machine?: boolean }, ip: string, o: { lid: string; guid?: string; pkg?: 'Kerberos' | 'NTLM'; elevated?: boolean }) => {
    const k = o.pkg !== 'NTLM';
    log.add(t, host, 4624, {
      Account: `${NETBIOS}\\${who.name}`, AccountType: who.machine ? 'Machine' : 'User', TargetUserName: who.name, TargetDomainName: NETBIOS, TargetAccount: `${NETBIOS}\\${who.name}`, TargetUserSid: who.sid,
      TargetLogonId: o.lid, LogonType: 3, LogonProcessName: k ? 'Kerberos' : 'NtLmSsp ', AuthenticationPackageName: k ? 'Kerberos' : 'NTLM', IpAddress: ip, IpPort: k ? '0' : port(), WorkstationName: k ? '-' : '', ProcessName: '-',
      LogonGuid: o.guid ?? '{00000000-0000-0000-0000-000000000000}', ...NULL_SUBJECT, ElevatedToken: o.elevated ? '%%1842' : '%%1843', ImpersonationLevel: '%%1833',
    });
  };
  const logoff = (t: number, host: string, who: { name: string; sid: string; machine?: boolean }, lid: string, type: number) => {
    log.add(t, host, 4634, { Account: `${NETBIOS}\\${who.name}`, AccountType: who.machine ? 'Machine' : 'User', TargetUserName: who.name, TargetDomainName: NETBIOS, TargetAccount: `${NETBIOS}\\${who.name}`, TargetUserSid: who.sid, TargetLogonId: lid, LogonType: type });
  };
  const privileges = (t: number, host: string, who: { name: string; sid: string }, lid: string, list: string) => {
    log.add(t, host, 4672, { Account: `${NETBIOS}\\${who.name}`, AccountType: 'User', SubjectUserName: who.name, SubjectDomainName: NETBIOS, SubjectUserSid: who.sid, SubjectLogonId: lid, SubjectAccount: `${NETBIOS}\\${who.name}`, PrivilegeList: list });
  };
  const share = (t: number, who: { name: string; sid: string }, lid: string, ip: string, p: string, name: string, local: string, files: string[], write: boolean) => {
    const subject = { SubjectUserName: who.name, SubjectDomainName: NETBIOS, SubjectUserSid: who.sid, SubjectLogonId: lid, SubjectAccount: `${NETBIOS}\\${who.name}` };
    log.add(t, FS.name, 5140, {
      Account: `${NETBIOS}\\${who.name}`, AccountType: 'User', ...subject, ObjectType: 'File', IpAddress: ip, IpPort: p, ShareName: name, ShareLocalPath: local, AccessMask: '0x1',
      EventData: eventData({ SubjectUserSid: who.sid, SubjectUserName: who.name, SubjectDomainName: NETBIOS, SubjectLogonId: lid, ObjectType: 'File', IpAddress: ip, IpPort: p, ShareName: name, ShareLocalPath: local, AccessMask: '0x1', AccessList: '%%4416\r\n\t\t\t\t' }),
    });
    let tt = t;
    for (const f of files) {
      tt += r.int(0, 40) * SEC + r.int(0, 999) * 1000;
      const mask = write && r.chance(0.4) ? '0x12019f' : '0x120089';
      log.add(tt, FS.name, 5145, {
        Account: `${NETBIOS}\\${who.name}`, AccountType: 'User', ...subject, ObjectType: 'File', IpAddress: ip, IpPort: p, ShareName: name, ShareLocalPath: local, RelativeTargetName: f, AccessMask: mask,
        EventData: eventData({ SubjectUserSid: who.sid, SubjectUserName: who.name, SubjectDomainName: NETBIOS, SubjectLogonId: lid, ObjectType: 'File', IpAddress: ip, IpPort: p, ShareName: name, ShareLocalPath: local, RelativeTargetName: f, AccessMask: mask, AccessList: mask === '0x120089' ? '%%1538\r\n\t\t\t\t%%1541\r\n\t\t\t\t%%4416\r\n\t\t\t\t%%4419\r\n\t\t\t\t%%4423\r\n\t\t\t\t' : '%%1538\r\n\t\t\t\t%%1541\r\n\t\t\t\t%%4416\r\n\t\t\t\t%%4417\r\n\t\t\t\t%%4418\r\n\t\t\t\t%%4419\r\n\t\t\t\t%%4420\r\n\t\t\t\t%%4423\r\n\t\t\t\t%%4424\r\n\t\t\t\t', AccessReason: '-' }),
      });
    }
  };

  // --- users: the DC's view of what Defender for Identity reports, TGTs at the day's first logon -----------------
  const byAccount = new Map(c.users.filter((u) => u.onPremSid).map((u) => [u.accountName.toLowerCase(), u]));
  const service = new Map<string, { name: string; sid: string }>([[SVC.backup.name, SVC.backup], [SVC.sccm.name, SVC.sccm]]);
  const devOf = new Map(c.devs.filter((d) => d.user).map((d) => [d.user!.upn, d]));
  const firstLogon = firstLogons(c.sinks, c.users, c.devs, c.days[0]);
  const dayOf = (t: number) => Math.floor((t - c.days[0]) / DAY);
  const tgtDone = new Set<string>();
  /** A user's TGT of the day, before the first ticket that needs it: at the day's first logon on their device. */
  const userTgt = (u: M.UserDef, t: number, dc: { name: string }, ip: string) => {
    const key = `${u.accountName}:${dayOf(t)}`;
    if (tgtDone.has(key)) return;
    tgtDone.add(key);
    const first = firstLogon.get(`${u.upn}:${dayOf(t)}`);
    tgt(first != null && first < t ? first + r.int(1, 4) * SEC : t - r.int(1, 20) * SEC, dc, { name: u.accountName, sid: u.onPremSid! }, ip);
  };
  /** The first service ticket for the file server each user-day (a ticket is cached for its ten hours). */
  const fsTicket = new Map<string, number>();
  const lockoutRows = new Set(existing.filter((e) => e.EventID === 4771).map((e) => `${e.TargetUserName}:${e.TimeGenerated}`));
  const il = c.sinks.IdentityLogonEvents;
  for (let i = 0; i < il.length; i++) {
    if (il.get(i, 'Application') !== 'Active Directory') continue;
    const dcName = String(il.get(i, 'DestinationDeviceName'));
    const dc = DCS.find((d) => d.name === dcName);
    const acct = String(il.get(i, 'AccountName'));
    const u = byAccount.get(acct.toLowerCase());
    const svc = service.get(acct);
    if (!dc || (!u && !svc)) continue;
    const who = u ? { name: u.accountName, sid: u.onPremSid! } : svc!;
    const t = il.get(i, 'Timestamp') as number;
    if (!inWindow(t)) continue;
    const ip = String(il.get(i, 'IPAddress'));
    const p = String(il.get(i, 'Port') ?? port());
    const ok = il.get(i, 'ActionType') === 'LogonSuccess';
    const proto = String(il.get(i, 'Protocol'));
    const type = String(il.get(i, 'LogonType'));
    const ws = String(il.get(i, 'DeviceName') ?? '').split('.')[0].toUpperCase() || short(SVC.sccm.host.name);
    if (proto === 'Ntlm') {
      ntlm(t, dc, who.name, ws, ok ? '0x0' : (NTLM_STATUS[String(il.get(i, 'FailureReason'))] ?? '0xc000006a'));
      continue;
    }
    if (proto !== 'Kerberos') continue;
    if (!ok) {
      const status = KDC_STATUS[String(il.get(i, 'FailureReason'))];
      // a wrong password is a pre-authentication failure (4771), which the lockout writer logs for its own rows
      if (status) tgt(t, dc, who, ip, status);
      else if (!lockoutRows.has(`${who.name}:${t}`)) log.add(t, dc.name, 4771, { Account: `${NETBIOS}\\${who.name}`, AccountType: 'User', TargetUserName: who.name, TargetDomainName: NETBIOS, TargetAccount: `${NETBIOS}\\${who.name}`, TargetUserSid: who.sid, ServiceName: `krbtgt/${NETBIOS}`, Status: '0x18', IpAddress: `::ffff:${ip}`, IpPort: p, ...NULL_SUBJECT });
      continue;
    }
    if (type === 'Credentials validation') {
      tgt(t, dc, who, ip);
      continue;
    }
    if (u) userTgt(u, t, dc, ip);
    const target = String(il.get(i, 'TargetDeviceName') ?? '');
    if (u && target === FS.name) {
      const key = `${u.accountName}:${dayOf(t)}`;
      if (!((fsTicket.get(key) ?? Infinity) <= t)) fsTicket.set(key, t);
    }
    ticket(t, dc, who, target ? `${short(target)}$` : 'krbtgt', ip, p);
  }

  // --- users on the file server: shares opened, files touched, the session logged off when idle --------------------
  const DEPT_FILES: Record<string, string[]> = {
    Finance: ['Budget 2024.xlsx', 'Invoices\\2024-05\\INV-10482.pdf', 'Forecast Q3.xlsx', 'Payroll\\May 2024.xlsx'],
    Sales: ['Pipeline.xlsx', 'Proposals\\Fabrikam renewal.docx', 'Price list 2024.pdf', 'Customers.xlsx'],
    IT: ['Scripts\\Map-Drives.ps1', 'Inventory\\Servers.xlsx', 'Licenses.xlsx', 'Runbooks\\Patch window.docx'],
    HR: ['Onboarding checklist.docx', 'Leave requests.xlsx', 'Policies\\Travel policy.pdf'],
  };
  const common = ['desktop.ini', 'Templates\\Letter.dotx', 'Meeting notes.docx', 'Team calendar.xlsx'];
  const fsLogons = existing.filter((e) => e.EventID === 4624 && e.Computer === FS.name && e.LogonType === 3 && e.AuthenticationPackageName === 'Kerberos').sort((a, b) => (a.TimeGenerated as number) - (b.TimeGenerated as number));
  for (const e of fsLogons) {
    const u = byAccount.get(String(e.TargetUserName).toLowerCase());
    if (!u) continue;
    const who = { name: u.accountName, sid: u.onPremSid! };
    const t = e.TimeGenerated as number;
    const lid = String(e.TargetLogonId);
    const ip = String(e.IpAddress);
    const day = `${u.accountName}:${dayOf(t)}`;
    if (!((fsTicket.get(day) ?? Infinity) <= t)) {
      // no ticket yet today: the client asks its DC for one right before the logon, and Defender for Identity reports it
      const dc = dcOf(ip);
      const tt = t - r.int(200, 2500) * 1000;
      const p = port();
      userTgt(u, tt, dc, ip);
      ticket(tt, dc, who, `${short(FS.name)}$`, ip, p, String(e.LogonGuid ?? `{${guidOf(`tgs:${lid}`)}}`));
      fsTicket.set(day, tt);
      const dev = devOf.get(u.upn);
      c.sinks.IdentityLogonEvents.add({
        Timestamp: tt, ActionType: 'LogonSuccess', Application: 'Active Directory', LogonType: 'Resource access', Protocol: 'Kerberos', FailureReason: '',
        AccountName: u.accountName, AccountDomain: 'corp.contoso.example', AccountUpn: u.upn, AccountSid: u.onPremSid, AccountObjectId: u.objectId, AccountDisplayName: u.displayName,
        DeviceName: dev?.name ?? '', DeviceType: 'Desktop', OSPlatform: dev?.def.osPlatform ?? '', IPAddress: ip, Port: Number(p),
        DestinationDeviceName: dc.name, DestinationIPAddress: dc.ip, DestinationPort: 88, TargetDeviceName: FS.name, TargetAccountDisplayName: `cifs/${FS.name}`, Location: '', Isp: '', AdditionalFields: { Spns: `cifs/${FS.name}`, Count: 1 },
      });
    }
    const p = port();
    const dept = DEPT_FILES[u.department] ?? common;
    const at = t + r.int(0, 900) * 1000;
    if (r.chance(0.5)) share(at, who, lid, ip, p, '\\\\*\\IPC$', '', [], false);
    if (r.chance(0.6)) share(at + r.int(1, 3) * SEC, who, lid, ip, p, '\\\\*\\Departments', 'D:\\Shares\\Departments', Array.from({ length: r.int(1, 4) }, () => `${u.department}\\${r.chance(0.7) ? r.pick(dept) : r.pick(common)}`), true);
    else share(at + r.int(1, 3) * SEC, who, lid, ip, p, '\\\\*\\Users', `D:\\Users`, Array.from({ length: r.int(1, 3) }, () => `${u.accountName}\\Documents\\${r.pick([...dept, ...common])}`), true);
    logoff(t + r.int(3, 75) * MIN + r.int(0, 59) * SEC, FS.name, who, lid, 3);
  }

  // --- NTLM on member servers: the DC validates it; the scanner's sessions end -------------------------------------
  for (const e of existing) {
    if ((e.EventID !== 4624 && e.EventID !== 4625) || e.AuthenticationPackageName !== 'NTLM') continue;
    const host = String(e.Computer);
    if (host !== FS.name && host !== SERVERS.sccm.name && host !== SERVERS.dc.name) continue;
    const t = e.TimeGenerated as number;
    const dc = host === SERVERS.dc.name ? SERVERS.dc : dcOf(host);
    const status = e.EventID === 4624 ? '0x0' : String(e.SubStatus ?? '0xc000006a');
    ntlm(t - r.int(0, 200) * 1000, dc, String(e.TargetUserName), String(e.WorkstationName || '-'), status);
    if (e.EventID === 4624 && e.TargetLogonId) logoff(t + r.int(20, 400) * SEC, host, { name: String(e.TargetUserName), sid: String(e.TargetUserSid) }, String(e.TargetLogonId), 3);
  }

  // --- computer accounts through the night: TGT renewals and Group Policy refreshes on their DC -------------------
  const hybrid: { name: string; ip: string; sid?: string }[] = c.devs.filter((d) => d.def.joinType !== 'AAD Joined').map((d) => ({ name: d.name.includes('.') ? d.name : `${d.name}.corp.contoso.example`, ip: d.def.localIp }));
  for (const m of [...MEMBERS, ...hybrid]) {
    const who = { name: `${short(m.name)}$`, sid: m.sid ?? machineSid(m.name), machine: true };
    const dc = dcOf(m.name);
    const renewals: number[] = [];
    for (let t = c.days[0] + r.int(0, 600) * MIN; t < end; t += 10 * HOUR - r.int(0, 20) * MIN) {
      tgt(t, dc, who, m.ip);
      renewals.push(t);
    }
    // a service ticket is cached as long as the TGT it came from: one per renewal, reused by each refresh's logon
    let ticketOf = -1;
    let guid = '';
    for (let t = c.days[0] + r.int(0, 120) * MIN; t < end; t += 90 * MIN + r.int(0, 30) * MIN) {
      const current = renewals.filter((x) => x <= t).length - 1;
      if (current !== ticketOf) {
        ticketOf = current;
        guid = `{${guidOf(`gpo:${m.name}:${t}`)}}`;
        ticket(t, dc, who, `${short(dc.name)}$`, m.ip, port(), guid);
      }
      const lid = logonId();
      const tl = t + r.int(20, 900) * 1000;
      netLogon(tl, dc.name, who, m.ip, { lid, guid, elevated: true });
      logoff(tl + r.int(1, 12) * SEC, dc.name, who, lid, 3);
    }
  }

  // --- the nightly backup of the file server ----------------------------------------------------------------------
  const bk = { name: SVC.backup.name, sid: SVC.backup.sid };
  for (const d0 of c.days) {
    const t = d0 + 22 * HOUR + r.int(0, 20) * MIN + r.int(0, 59) * SEC;
    const dc = dcOf(SVC.backup.host.name);
    tgt(t - 3 * SEC, dc, bk, SVC.backup.host.ip);
    const p = port();
    const guid = `{${guidOf(`backup:${t}`)}}`;
    ticket(t - 2 * SEC, dc, bk, `${short(FS.name)}$`, SVC.backup.host.ip, p, guid);
    const lid = logonId();
    netLogon(t, FS.name, bk, SVC.backup.host.ip, { lid, guid, elevated: true });
    privileges(t, FS.name, bk, lid, BACKUP_PRIVILEGES);
    share(t + r.int(1, 3) * SEC, bk, lid, SVC.backup.host.ip, p, '\\\\*\\D$', 'D:\\', [], false);
    const done = t + r.int(100, 230) * MIN + r.int(0, 59) * SEC;
    if (done < end) logoff(done, FS.name, bk, lid, 3);
  }

  // --- the management server's scheduled jobs under svc-sccm, and the admin's RDP sessions ------------------------
  const sccm = SERVERS.sccm.name;
  const sys = subjectOf(sccm);
  const jobs = new Map<string, number>();
  for (const e of existing) {
    if (e.EventID === 4688 && e.Computer === sccm && e.SubjectUserName === SVC.sccm.name && !jobs.has(String(e.SubjectLogonId))) jobs.set(String(e.SubjectLogonId), e.TimeGenerated as number);
  }
  const sv = { name: SVC.sccm.name, sid: SVC.sccm.sid };
  for (const [lid, t0] of jobs) {
    const t = t0 - r.int(2, 5) * SEC;
    log.add(t, sccm, 4648, {
      Account: `${NETBIOS}\\${sv.name}`, AccountType: 'User', ...sys, TargetUserName: sv.name, TargetDomainName: NETBIOS, TargetAccount: `${NETBIOS}\\${sv.name}`, TargetServerName: 'localhost', TargetInfo: 'localhost',
      ProcessName: 'C:\\Windows\\System32\\svchost.exe', ProcessId: `0x${hexOf(`svchost-schedule:${sccm}`, 3)}`, IpAddress: '::1', IpPort: '0', LogonGuid: '{00000000-0000-0000-0000-000000000000}', TargetLogonGuid: '{00000000-0000-0000-0000-000000000000}',
    });
    tgt(t, dcOf(sccm), sv, SVC.sccm.host.ip);
    log.add(t + SEC, sccm, 4624, {
      Account: `${NETBIOS}\\${sv.name}`, AccountType: 'User', TargetUserName: sv.name, TargetDomainName: NETBIOS, TargetAccount: `${NETBIOS}\\${sv.name}`, TargetUserSid: sv.sid, TargetLogonId: lid, LogonType: 4,
      LogonProcessName: 'Advapi  ', AuthenticationPackageName: 'Negotiate', IpAddress: '-', IpPort: '-', WorkstationName: short(sccm), ProcessName: 'C:\\Windows\\System32\\svchost.exe', ...sys, ElevatedToken: '%%1842', ImpersonationLevel: '%%1833',
    });
    privileges(t + SEC, sccm, sv, lid, 'SeSecurityPrivilege\r\n\t\t\tSeBackupPrivilege\r\n\t\t\tSeRestorePrivilege\r\n\t\t\tSeDebugPrivilege\r\n\t\t\tSeImpersonatePrivilege');
    logoff(t0 + r.int(40, 420) * SEC, sccm, sv, lid, 4);
  }
  const it = c.users.find((u) => u.department === 'IT' && u.onPremSid);
  if (it) {
    const admin = { name: `adm-${it.accountName.split('.')[0]}`, sid: `${DOMAIN_SID}-${Number(it.onPremSid!.split('-').pop()) + 5000}` };
    const me = { name: it.accountName, sid: it.onPremSid! };
    for (const e of existing) {
      if (e.EventID !== 4624 || e.Computer !== sccm || e.LogonType !== 10 || e.TargetUserName !== it.accountName) continue;
      const t = e.TimeGenerated as number;
      const lid = String(e.TargetLogonId);
      const client = String(e.IpAddress);
      ticket(t - r.int(2, 6) * SEC, dcOf(client), me, `${short(sccm)}$`, client);
      const out = t + r.int(25, 150) * MIN;
      logoff(out, sccm, me, lid, 10);
      if (!r.chance(0.5)) continue;
      // Computer Management pointed at the file server with the admin account (explicit credentials)
      const tc = t + r.int(3, 20) * MIN + r.int(0, 59) * SEC;
      log.add(tc, sccm, 4648, {
        Account: `${NETBIOS}\\${admin.name}`, AccountType: 'User', SubjectUserName: me.name, SubjectDomainName: NETBIOS, SubjectUserSid: me.sid, SubjectLogonId: lid, SubjectAccount: `${NETBIOS}\\${me.name}`,
        TargetUserName: admin.name, TargetDomainName: NETBIOS, TargetAccount: `${NETBIOS}\\${admin.name}`, TargetServerName: FS.name, TargetInfo: FS.name,
        ProcessName: 'C:\\Windows\\System32\\mmc.exe', ProcessId: `0x${r.int(0x400, 0x3000).toString(16)}`, IpAddress: '-', IpPort: '-', LogonGuid: '{00000000-0000-0000-0000-000000000000}', TargetLogonGuid: `{${guidOf(`adm-tgs:${tc}`)}}`,
      });
      const dc = dcOf(sccm);
      tgt(tc + SEC, dc, admin, SERVERS.sccm.ip);
      const p = port();
      const guid = `{${guidOf(`adm-tgs:${tc}`)}}`;
      ticket(tc + SEC, dc, admin, `${short(FS.name)}$`, SERVERS.sccm.ip, p, guid);
      const alid = logonId();
      netLogon(tc + 2 * SEC, FS.name, admin, SERVERS.sccm.ip, { lid: alid, guid, elevated: true });
      privileges(tc + 2 * SEC, FS.name, admin, alid, 'SeSecurityPrivilege\r\n\t\t\tSeTakeOwnershipPrivilege\r\n\t\t\tSeBackupPrivilege\r\n\t\t\tSeRestorePrivilege\r\n\t\t\tSeDebugPrivilege\r\n\t\t\tSeSystemEnvironmentPrivilege\r\n\t\t\tSeImpersonatePrivilege');
      share(tc + 3 * SEC, admin, alid, SERVERS.sccm.ip, p, '\\\\*\\IPC$', '', [], false);
      logoff(Math.min(out, tc + r.int(2, 30) * MIN), FS.name, admin, alid, 3);
    }
  }

  // --- Windows Update's scheduled tasks, updated by SYSTEM on every server a few times a day -----------------------
  const TASKS = ['\\Microsoft\\Windows\\UpdateOrchestrator\\Schedule Scan', '\\Microsoft\\Windows\\UpdateOrchestrator\\Schedule Scan Static Task', '\\Microsoft\\Windows\\UpdateOrchestrator\\USO_UxBroker', '\\Microsoft\\Windows\\WindowsUpdate\\Scheduled Start'];
  for (const host of [SERVERS.dc.name, DC2.name, FS.name, sccm]) {
    for (const d0 of c.days) {
      for (let k = r.int(0, 3); k > 0; k--) {
        const t = d0 + r.int(0, 1439) * MIN + r.int(0, 59) * SEC;
        const task = r.pick(TASKS);
        const next = new Date((t + r.int(4, 22) * HOUR) / 1000).toISOString().replace(/\.\d+Z$/, '');
        const xml = `<?xml version="1.0" encoding="UTF-16"?>\r\n<Task version="1.6" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task"><RegistrationInfo><URI>${task}</URI></RegistrationInfo><Triggers><TimeTrigger><StartBoundary>${next}Z</StartBoundary><Enabled>true</Enabled></TimeTrigger></Triggers><Principals><Principal id="Author"><UserId>S-1-5-18</UserId><RunLevel>LeastPrivilege</RunLevel></Principal></Principals><Actions Context="Author"><Exec><Command>%systemroot%\\system32\\usoclient.exe</Command><Arguments>StartScan</Arguments></Exec></Actions></Task>`;
        log.add(t, host, 4702, { Account: `${NETBIOS}\\${short(host)}$`, AccountType: 'Machine', ...subjectOf(host), EventData: eventData({ ...subjectOf(host), TaskName: task, TaskContentNew: xml }) });
      }
    }
  }

  // --- failures with their documented codes: a mistyped user name, the scanner trying the disabled Guest account ---
  for (const d0 of c.days) {
    for (const u of byAccount.values()) {
      if (!r.chance(0.03)) continue;
      const dev = devOf.get(u.upn);
      if (!dev) continue;
      const t = d0 + r.int(8 * 60, 17 * 60) * MIN + r.int(0, 59) * SEC;
      const typo = `${u.accountName.split('.')[0]}.${u.accountName.split('.')[1]?.slice(0, -1) ?? ''}`;
      const ws = short(dev.name);
      log.add(t, FS.name, 4625, {
        Account: `${NETBIOS}\\${typo}`, AccountType: 'User', TargetUserName: typo, TargetDomainName: NETBIOS, TargetAccount: `${NETBIOS}\\${typo}`, TargetUserSid: 'S-1-0-0', LogonType: 3, LogonProcessName: 'NtLmSsp ', AuthenticationPackageName: 'NTLM',
        IpAddress: dev.def.localIp, IpPort: port(), WorkstationName: ws, Status: '0xc000006d', SubStatus: '0xc0000064', FailureReason: '%%2313', ProcessName: '-', ...NULL_SUBJECT,
      });
      ntlm(t, dcOf(FS.name), typo, ws, '0xc0000064');
    }
    if (!r.chance(0.5)) continue;
    const t = d0 + HOUR + r.int(50, 59) * MIN + r.int(0, 59) * SEC;
    for (const host of [SERVERS.dc, FS]) {
      log.add(t, host.name, 4625, {
        Account: `${NETBIOS}\\Guest`, AccountType: 'User', TargetUserName: 'Guest', TargetDomainName: NETBIOS, TargetAccount: `${NETBIOS}\\Guest`, TargetUserSid: 'S-1-0-0', LogonType: 3, LogonProcessName: 'NtLmSsp ', AuthenticationPackageName: 'NTLM',
        IpAddress: SERVERS.scanner.ip, IpPort: port(), WorkstationName: 'SCANNER01', Status: '0xc000006e', SubStatus: '0xc0000072', FailureReason: '%%2310', ProcessName: '-', ...NULL_SUBJECT,
      });
      ntlm(t, host === SERVERS.dc ? SERVERS.dc : dcOf(FS.name), 'Guest', 'SCANNER01', '0xc0000072');
    }
  }
}
