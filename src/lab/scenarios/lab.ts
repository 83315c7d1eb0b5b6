/**
 * The lab incident (../shared/reference/scenario.md): Office macro → injected RuntimeBroker → risk
 * High → non-compliant → blocked (Day 1), the AD FS hybrid-join story (Day 2) and the ActiveSync
 * quarantine (Day 3). Identifiers and timings live in `lab-data.ts`, the attack in `lab-attack.ts`
 * and the lab's own identity rows in `lab-identity.ts`; this file binds them into a `Scenario` with
 * its script and the 22 analyst questions of scenario.md §5 (same numbering).
 */
import { runAttack, writeAlerts } from './lab-attack.ts';
import { boot } from '../background.ts';
import { certRow, generate, type Incident } from '../generate.ts';
import { writeIdentityAndCloud } from '../identity.ts';
import { LAB_IDENTITY } from './lab-identity.ts';
import { IMG, type Img } from '../images.ts';
import { guidOf } from '../rng.ts';
import * as S from './lab-data.ts';
import { iso, SEC, T } from '../time.ts';
import type { Scenario, ScriptStep } from './types.ts';

/**
 * The lab's incident for the generic generator: Alex's workstation A boots and logs on at fixed
 * times, the attack runs in the Day-1 session, Jordan previews the attachment on B, the hybrid
 * device C signs in through AD FS on Day 2, and the iPhone (outside MDE) syncs mail on Day 3.
 */
const incident: Incident = {
  tenant: S.TENANT,
  day0: S.DAY0,
  analyst: S.ANALYST,
  users: [S.ALEX, S.JORDAN],
  routineSignIns: [S.JORDAN],
  devices: [
    { def: S.DEVICE_A, user: 'alex' },
    { def: S.DEVICE_B, user: 'jordan' },
    // no Intune compliance policy: the tenant default decides (scenario.md §1: "Not compliant")
    { def: S.DEVICE_C, user: 'alex', intunePolicy: false },
  ],
  boot: (dev, em) => (dev.def.key === 'A' ? boot(dev, em, S.ATTACK.winlogon.created - 40 * SEC, S.ATTACK.winlogon) : undefined),
  logon(dev, k, days, dflt) {
    if (dev.def.key === 'C') return k === 2 ? T(`${S.DAY2}T08:00:10`) : k === 3 ? days[k] + (8 * 60 + dev.rng.int(0, 60)) * 60 * SEC : null;
    if (dev.def.key !== 'A') return undefined;
    if (k === 1) return { logonTime: S.ATTACK.logonTime, logonId: S.ATTACK.logonId, userinit: S.ATTACK.P0, explorer: S.ATTACK.P1, outlook: S.ATTACK.P2 };
    if (k === 0) return dflt() === null ? null : T(`${S.DAY0}T07:58:41.220`);
    return undefined;
  },
  afterSession(dev, k, b, s, em) {
    // visible PID reuse on A: unrelated processes with the attack's PIDs on other days
    if (dev.def.key === 'A' && k === 0) {
      const p = dev.spawn(b.svc['DcomLaunch -p'], IMG.runtimebroker, T(`${S.DAY0}T11:17:09.402`), S.ATTACK.P6.cmd, { pid: S.ATTACK.P6.pid, acct: s.acct, logonId: s.logonId, integrity: 'Medium', session: 1 });
      em.process(p, 3000);
    }
    if (dev.def.key === 'A' && k === 2) {
      const p = dev.spawn(b.searchIndexer, IMG.searchProtocolHost, T(`${S.DAY2}T10:04:51.733`), '"C:\\Windows\\system32\\SearchProtocolHost.exe" Global\\UsGthrFltPipeMssGthrPipe2 Global\\UsGthrCtrlFltPipeMssGthrPipe2 1 -2147483646', { pid: S.ATTACK.P5.pid });
      em.process(p, 2000);
    }
  },
  run({ em, sinks, devByKey, boots, sessions }) {
    const devA = devByKey.get('A')!;
    const ap = runAttack(devA, em, boots.get('A')!, sessions.get('A:1')!);
    const jordanDay1 = sessions.get('B:1');
    if (jordanDay1) {
      em.file(T(`${S.DAY1}T09:38:50`), jordanDay1.outlook!, 'FileCreated', {
        FileName: S.FILES.docm.name,
        FolderPath: `C:\\Users\\jordan.lee\\AppData\\Local\\Microsoft\\Windows\\INetCache\\Content.Outlook\\8H2KQ4TZ\\${S.FILES.docm.name}`,
        SHA1: S.FILES.docm.sha1,
        SHA256: S.FILES.docm.sha256,
        MD5: S.FILES.docm.md5,
        FileSize: S.FILES.docm.size,
      });
    }
    writeAlerts(sinks, devA, ap);
  },
  alerts: S.ALERTS,
  checkins: S.CHECKINS,
  signins: S.SIGNINS,
  mfaEvents: S.MFA_EVENTS,
  machineActions: S.MACHINE_ACTIONS,
  responseDevice: 'A',
  isolation: [S.ISOLATION],
  otherDevices: [
    {
      key: S.IPHONE.key,
      aadDeviceId: S.IPHONE.aadDeviceId,
      name: "Alex's iPhone",
      os: 'iOS',
      osText: 'Ios 17.4.1',
      browser: 'Mobile Safari',
      state(t, P) {
        const enrolled = t >= S.IPHONE.enrolled;
        return { registered: enrolled, managed: enrolled, compliant: t >= S.IPHONE.compliantAt + P.entraSyncDelaySec * SEC, hybridJoined: false, trustType: enrolled ? 'Workplace' : '' };
      },
    },
  ],
  otherCompliance(sinks) {
    sinks.DeviceComplianceEvents.add({
      Timestamp: S.IPHONE.compliantAt,
      AadDeviceId: S.IPHONE.aadDeviceId,
      DeviceName: "Alex's iPhone",
      DeviceId: '',
      UserPrincipalName: S.ALEX.upn,
      PolicyId: guidOf('policy:ios'),
      PolicyName: 'iOS - basic compliance',
      SettingName: 'Minimum OS version',
      Expected: '17.0',
      Actual: '17.4.1',
      PreviousState: 'unknown',
      NewState: 'compliant',
      Reason: 'Enrolled via Company Portal; all settings compliant',
    });
  },
  federation: S.ADFS.farm,
  finish(c) {
    const a = c.devByKey.get('A')!;
    const jpg: Img = { ...IMG.explorer, sha1: S.FILES.jpg.sha1, path: S.FILES.jpg.folder + S.FILES.jpg.name };
    c.sinks.DeviceFileCertificateInfo.add(certRow(a, T(`${S.DAY1}T10:15:00`), IMG.winword, true));
    c.sinks.DeviceFileCertificateInfo.add(certRow(a, T(`${S.DAY1}T10:15:00`), jpg, false));
    writeIdentityAndCloud(c, LAB_IDENTITY(c.sinks));
  },
};

const A = S.DEVICE_A.name;
const step = (at: string, table: string, what: string, timeColumn?: string): ScriptStep => ({ at, table, what, ...(timeColumn ? { timeColumn } : {}) });
const D1 = (t: string) => `${S.DAY1}T${t}Z`;

export const lab: Scenario = {
  id: 'lab',
  title: 'Invoice macro on a finance workstation',
  difficulty: 'introductory',
  description:
    'Synthetic lab: Office macro -> injected RuntimeBroker -> risk High -> non-compliant -> blocked (Day 1), AD FS hybrid join (Day 2), ActiveSync quarantine (Day 3), inside background activity. All identifiers are synthetic.',
  briefing: 'docs/scenarios/lab.md',
  now: S.NOW,
  cast: {
    tenant: S.TENANT,
    users: [S.ALEX, S.JORDAN],
    devices: [S.DEVICE_A, S.DEVICE_B, S.DEVICE_C],
    files: Object.values(S.FILES),
    ips: [
      { ip: S.C2.ip, role: `command and control (${S.C2.url})` },
      { ip: S.SENDER.relay, role: `mail relay of ${S.SENDER.address}` },
      { ip: S.ADFS.serverIp, role: `AD FS server ${S.ADFS.server}` },
      { ip: S.ADFS_IDS.extranetIp, role: 'unregistered personal laptop (extranet)' },
      { ip: S.IPHONE.publicIp, role: "Alex's iPhone" },
    ],
  },
  script: [
    step(D1('09:00:12.300'), 'DeviceLogonEvents', `interactive logon of ${S.ALEX.accountName} on ${A}`),
    step(D1('09:30:05'), 'EmailEvents', `"${S.EMAIL.subject}" delivered to Alex and Jordan`),
    step(D1('09:38:50'), 'DeviceFileEvents', 'Outlook caches the .docm on win10-lab07 (preview only)'),
    step(D1('09:41:20'), 'DeviceFileEvents', 'Alex saves the .docm to Downloads'),
    step(D1('09:42:03.117'), 'DeviceProcessEvents', 'WINWORD.EXE opens the .docm'),
    step(D1('09:42:05.880'), 'DeviceImageLoadEvents', 'WINWORD.EXE loads VBE7.DLL (macro engine)'),
    step(D1('09:42:31.204'), 'DeviceFileEvents', 'the macro drops the .js'),
    step(D1('09:42:33.015'), 'DeviceProcessEvents', 'wscript.exe runs the .js'),
    step(D1('09:42:34.650'), 'DeviceProcessEvents', 'powershell.exe -EncodedCommand'),
    step(D1('09:42:36.902'), 'DeviceRegistryEvents', 'Run-key persistence'),
    step(D1('09:42:38.551'), 'DeviceProcessEvents', 'RuntimeBroker.exe started by powershell.exe'),
    step(D1('09:42:39.020'), 'DeviceEvents', 'remote memory allocation into RuntimeBroker.exe'),
    step(D1('09:42:41.300'), 'DeviceNetworkEvents', `first beacon to ${S.C2.ip}:${S.C2.port}`),
    step(D1('09:43:55'), 'AlertInfo', 'alert A1'),
    step(D1('09:44:20'), 'AlertInfo', 'alert A3 (High)'),
    step(D1('09:51:00'), 'DeviceComplianceEvents', 'device non-compliant (risk above the policy maximum)'),
    step(D1('09:53:20'), 'AADSignInEventsBeta', 'Exchange blocked by CA02 (53000)'),
    step(D1('10:03:05'), 'MachineActions', 'isolation succeeded'),
    step(D1('10:19:40'), 'MachineActions', 'investigation package collected'),
    step(D1('10:36:00'), 'DeviceComplianceEvents', 'device compliant again'),
    step(`${S.DAY2}T08:00:14Z`, 'AdfsEvents', 'token for the hybrid device (device authentication)', 'TimeCreated'),
    step(`${S.DAY2}T08:33:40Z`, 'AdfsEvents', 'extranet logon with a wrong password', 'TimeCreated'),
    step(`${S.DAY3}T12:00:40Z`, 'MobileDevices', 'iPhone mail sync quarantined'),
    step(`${S.DAY3}T12:26:00Z`, 'MobileDevices', 'iPhone mail sync allowed'),
  ],
  policies: S.POLICIES,
  questions: [
    {
      id: '1',
      text: 'A Run-key value makes the attack persistent. Which process wrote it, and which process launched that process? (two file names)',
      answerType: 'list',
      answer: ['powershell.exe', 'wscript.exe'],
      answerFrom: 'row',
      kql: `DeviceRegistryEvents
| where RegistryKey has @"\\CurrentVersion\\Run" and RegistryValueName == "${S.ATTACK.runValueName}"
| project InitiatingProcessFileName, InitiatingProcessParentFileName`,
      hints: ['Registry writes are in DeviceRegistryEvents; Run keys contain \\CurrentVersion\\Run.', 'Every device-table row names its actor in InitiatingProcess* and the actor\'s parent in InitiatingProcessParent*.'],
      view: `#/device/${A}?at=${D1('09:42:36')}&m=5`,
    },
    {
      id: '2',
      text: `Which processes did the tree below WINWORD.EXE on ${A} start (every descendant, by file name)?`,
      answerType: 'list',
      answer: ['wscript.exe', 'powershell.exe', 'RuntimeBroker.exe'],
      kql: `DeviceProcessEvents
| where DeviceName == "${A}" and Timestamp between (datetime(${D1('09:42:00')}) .. datetime(${D1('09:43:00')}))
| where InitiatingProcessFileName in~ ("winword.exe", "wscript.exe", "powershell.exe")
| distinct FileName`,
      hints: ['Start from the WINWORD.EXE process that opened the invoice and look for processes it created.', 'Follow each child in turn: a process key is (DeviceId, ProcessId, ProcessCreationTime).'],
      view: `#/process/${S.DEVICE_A.deviceId}/${S.ATTACK.P3.pid}/${iso(S.ATTACK.P3.created)}`,
    },
    {
      id: '3',
      text: 'A process was injected. Which API calls (ActionType values) did the injector use?',
      answerType: 'list',
      answer: ['NtAllocateVirtualMemoryRemoteApiCall', 'CreateRemoteThreadApiCall'],
      kql: `DeviceEvents
| where DeviceName == "${A}" and ActionType contains "Remote" and ActionType endswith "ApiCall"
| where InitiatingProcessFileName =~ "powershell.exe"
| distinct ActionType`,
      hints: ['Injection telemetry is in DeviceEvents.', 'Look at ActionType values that mention "Remote" and end in "ApiCall".', 'Background processes call some of these APIs too: keep the rows whose actor is the process you already suspect.'],
    },
    {
      id: '4',
      text: 'RuntimeBroker.exe is normally started by svchost.exe. Which process started the suspicious RuntimeBroker.exe?',
      answerType: 'text',
      answer: 'powershell.exe',
      kql: `DeviceProcessEvents
| where FileName =~ "RuntimeBroker.exe" and InitiatingProcessFileName !~ "svchost.exe"
| distinct InitiatingProcessFileName`,
      hints: ['Look at the parents (InitiatingProcessFileName) of every RuntimeBroker.exe creation.'],
    },
    {
      id: '5',
      text: `On which devices was the invoice attachment (SHA1 ${S.FILES.docm.sha1}) seen?`,
      answerType: 'list',
      answer: [A, S.DEVICE_B.name],
      kql: `union DeviceFileEvents, DeviceProcessEvents, DeviceImageLoadEvents, DeviceEvents
| where SHA1 == "${S.FILES.docm.sha1}" or InitiatingProcessSHA1 == "${S.FILES.docm.sha1}"
| distinct DeviceName`,
      hints: ['A hash can appear in several device tables: union them.', 'Check both SHA1 and InitiatingProcessSHA1.'],
      view: `#/file/${S.FILES.docm.sha1}`,
    },
    {
      id: '6',
      text: `How many times was the dropped .jpg (SHA1 ${S.FILES.jpg.sha1}) executed as a process?`,
      answerType: 'number',
      answer: 0,
      kql: `DeviceProcessEvents
| where SHA1 == "${S.FILES.jpg.sha1}" or InitiatingProcessSHA1 == "${S.FILES.jpg.sha1}"
| count`,
      hints: ['A file that ran has process-creation rows with its hash (as the process, or as the parent of another one).'],
      view: `#/file/${S.FILES.jpg.sha1}`,
    },
    {
      id: '7',
      text: 'When did the injected process make its last connection to its command-and-control server? (UTC time)',
      answerType: 'time',
      answer: D1('09:46:41'),
      kql: `DeviceNetworkEvents
| where DeviceName == "${A}" and InitiatingProcessId == ${S.ATTACK.P6.pid} and InitiatingProcessCreationTime == datetime(${iso(S.ATTACK.P6.created)})
| summarize Last = max(Timestamp)`,
      hints: ['Network connections name their process in InitiatingProcessId and InitiatingProcessCreationTime.', 'PIDs are reused: match the creation time as well.'],
    },
    {
      id: '8',
      text: 'Who else received the same invoice e-mail? (recipient address)',
      answerType: 'text',
      answer: S.JORDAN.upn,
      kql: `EmailEvents
| where Subject == "${S.EMAIL.subject}" and RecipientEmailAddress != "${S.ALEX.upn}"
| distinct RecipientEmailAddress`,
      hints: ['EmailEvents has one row per recipient.'],
      view: `#/identity/${S.JORDAN.upn}`,
    },
    {
      id: '9',
      text: `Which alert raised ${A}'s risk to High? (AlertId)`,
      answerType: 'text',
      answer: S.ALERTS[2].alertId,
      kql: `DeviceRiskEvents
| where DeviceName == "${A}" and RiskScore == "High"
| project TriggerAlertId`,
      hints: ['DeviceRiskEvents is a side table recording each risk change and the alert that triggered it.'],
      view: `#/alert/${S.ALERTS[2].alertId}`,
    },
    {
      id: '10',
      text: `While ${A} was non-compliant, how many of its sign-ins were blocked by Conditional Access (error 53000)?`,
      answerType: 'number',
      answer: 2,
      kql: `let nc = toscalar(DeviceComplianceEvents | where DeviceName == "${A}" and NewState == "noncompliant" | summarize min(Timestamp));
let back = toscalar(DeviceComplianceEvents | where DeviceName == "${A}" and NewState == "compliant" and Timestamp > nc | summarize min(Timestamp));
AADSignInEventsBeta
| where DeviceName == "${A}" and Timestamp between (nc .. back) and ErrorCode == 53000
| count`,
      hints: ['DeviceComplianceEvents gives the non-compliant window.', 'Sign-ins carry the device (DeviceName, AadDeviceId) and ErrorCode.'],
      view: '#/signin/42ba17c5-2359-5c96-a563-e86b9c260913',
    },
    {
      id: '11',
      text: 'Exchange was blocked but SharePoint could still be reached after an MFA prompt. Which Conditional Access policy granted that SharePoint access? (display name)',
      answerType: 'text',
      answer: S.POLICIES.ca[0].displayName,
      kql: `AADSignInEventsBeta
| where AccountUpn == "${S.ALEX.upn}" and ResourceDisplayName == "Office 365 SharePoint Online" and ErrorCode == 0
| where Timestamp between (datetime(${D1('09:50:00')}) .. datetime(${D1('10:30:00')}))
| mv-expand Policy = ConditionalAccessPolicies
| where tostring(Policy.result) == "success"
| distinct PolicyName = tostring(Policy.displayName)`,
      hints: ['ConditionalAccessPolicies is an array: mv-expand it.', 'Each entry has displayName and result.'],
      view: '#/signin/8f1b1a2e-ba5e-5d5c-9da8-6a65a23f576f',
    },
    {
      id: '12',
      text: `For how many whole minutes was ${A} isolated?`,
      answerType: 'number',
      answer: 27,
      kql: `let iso = toscalar(MachineActions | where Type == "Isolate" and Status == "Succeeded" | summarize min(Timestamp));
let uniso = toscalar(MachineActions | where Type == "Unisolate" and Status == "Succeeded" | summarize min(Timestamp));
print Minutes = toint((uniso - iso) / 1m)`,
      hints: ['Response actions are in the MachineActions side table.', 'Use the times the actions succeeded.'],
    },
    {
      id: '13',
      text: 'Time to isolate: how many whole minutes passed between WINWORD.EXE opening the invoice and the isolation succeeding?',
      answerType: 'number',
      answer: 21,
      kql: `let firstProc = toscalar(DeviceProcessEvents | where DeviceName == "${A}" and FileName =~ "WINWORD.EXE" and ProcessCommandLine contains ".docm" | summarize min(ProcessCreationTime));
let iso = toscalar(MachineActions | where Type == "Isolate" and Status == "Succeeded" | summarize min(Timestamp));
print Minutes = toint((iso - firstProc) / 1m)`,
      hints: ['The first malicious process is the WINWORD.EXE with the .docm on its command line.'],
    },
    {
      id: '14',
      text: 'When did the investigation package collection succeed? (UTC time)',
      answerType: 'time',
      answer: D1('10:19:40'),
      kql: `MachineActions
| where Type == "CollectInvestigationPackage" and Status == "Succeeded"
| project Timestamp`,
      hints: ['MachineActions has one row per status change of each action.'],
    },
    {
      id: '15',
      text: `When did ${A} become compliant again after the incident? (UTC time)`,
      answerType: 'time',
      answer: D1('10:36:00'),
      kql: `DeviceComplianceEvents
| where DeviceName == "${A}" and PreviousState == "noncompliant" and NewState == "compliant"
| summarize min(Timestamp)`,
      hints: ['Compliance changes are in the DeviceComplianceEvents side table.'],
    },
    {
      id: '16',
      text: 'Without looking at alerts: which DLL did WINWORD.EXE load that shows a macro ran? (file name)',
      answerType: 'text',
      answer: 'VBE7.DLL',
      kql: `DeviceImageLoadEvents
| where InitiatingProcessFileName =~ "WINWORD.EXE" and FolderPath has "VBA"
| distinct FileName`,
      hints: ['Module loads are in DeviceImageLoadEvents.', 'The VBA engine lives under "microsoft shared\\VBA".'],
    },
    {
      id: '17',
      text: 'In which logon session (LogonId) did the attack chain run?',
      answerType: 'number',
      answer: S.ATTACK.logonId,
      kql: `DeviceProcessEvents
| where DeviceName == "${A}" and FileName =~ "RuntimeBroker.exe" and InitiatingProcessFileName =~ "powershell.exe"
| distinct LogonId`,
      hints: ['DeviceProcessEvents and DeviceLogonEvents share LogonId.'],
    },
    {
      id: '18',
      text: 'Day 2: for which relying parties did AD FS issue a token that required MFA? (list)',
      answerType: 'list',
      answer: ['https://portal.corp.contoso.example/'],
      kql: `AdfsEvents
| where EventId == 1200 and MfaPerformed == true
| distinct RelyingParty`,
      hints: ['AdfsEvents is a side table of AD FS event log entries; 1200 is a token issuance.', 'Compare DeviceAuth and MfaPerformed across the 1200 events.'],
    },
    {
      id: '19',
      text: 'Day 2: from which IP address did the failed extranet AD FS logon come?',
      answerType: 'text',
      answer: S.ADFS_IDS.extranetIp,
      kql: `AdfsEvents
| where EventId in (1203, 364) and NetworkLocation == "Extranet"
| distinct IpAddress`,
      hints: ['Failed AD FS logons are events 1203 and 364.'],
    },
    {
      id: '20',
      text: "Day 3: when was the iPhone's mail sync released from quarantine? (UTC time)",
      answerType: 'time',
      answer: `${S.DAY3}T12:26:00Z`,
      kql: `MobileDevices
| where DeviceAccessState == "Allowed"
| summarize min(Timestamp)`,
      hints: ['MobileDevices is a side table with the Exchange ActiveSync access state over time.'],
    },
    {
      id: '21',
      text: `How many devices connected to the command-and-control address ${S.C2.ip}?`,
      answerType: 'number',
      answer: 1,
      kql: `DeviceNetworkEvents
| where RemoteIP == "${S.C2.ip}" or RemoteUrl has "${S.C2.url}"
| summarize dcount(DeviceId)`,
      hints: ['Search DeviceNetworkEvents across all devices, by IP and by URL.'],
    },
    {
      id: '22',
      text: 'Which of the files involved is not signed? (SHA1)',
      answerType: 'hash',
      answer: S.FILES.jpg.sha1,
      kql: `DeviceFileCertificateInfo
| where IsSigned == false
| distinct SHA1`,
      hints: ['Signature state is in DeviceFileCertificateInfo, keyed by SHA1.'],
      view: `#/file/${S.FILES.jpg.sha1}`,
    },
  ],
  generate: (opts) => generate({ ...opts, policies: opts.policies ?? S.POLICIES }, incident),
};
