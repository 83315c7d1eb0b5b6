/**
 * Sysmon's operational log in the `Event` table: the Windows servers whose System and Application
 * logs the legacy agent already collects (sentinel-windows.ts) and that also audit process creation
 * (sentinel-processes.ts) run Sysmon, and the agent collects its `Microsoft-Windows-Sysmon/Operational`
 * channel as one more event log: dc01, fs01 and sccm01 (adfs01 runs no Sysmon; dc02 sends only its
 * Security log). None of them is onboarded to Defender for Endpoint, so the rows are derived from
 * what the lab already says these servers did, and agree with it:
 *  - event 1 (process create): one for each process-creation audit (SecurityEvent 4688) of the
 *    host: same time (to the second), image, command line, parent image and process ids; the
 *    config's one exclusion the lab's servers hit is the console host that every console program
 *    starts (`conhost.exe 0xffffffff -ForceV1`, excluded as the common community configs do);
 *  - event 3 (network connection): the member servers' time sync with the domain controller
 *    (the Time-Service 37 rows: W32Time's svchost, UDP 123) and, on the domain controller, the
 *    admins' replication and diagnostics tools (repadmin to the other DC's endpoint mapper, dcdiag
 *    to the local LDAP service), from their event-1 processes;
 *  - event 11 (file create): PowerShell's execution-policy probe file (`__PSScriptPolicyTest_…ps1`
 *    in the user's temp folder) at each powershell.exe start, and the ConfigMgr client writing the
 *    baseline script its PowerShell then runs (C:\Windows\CCM\SystemTemp\<guid>.ps1);
 *  - event 13 (registry value set): services.exe registering the PsExec service on the file server
 *    each time the System log records its installation (7045): the service's ImagePath and Start.
 * RuleName: the technique tag a sysmon-modular style config puts on the events it matches
 * (`technique_id=T1059.001,technique_name=PowerShell`), else `-`. EventData is the agent's XML
 * (sentinel-windows.ts `eventXml`), RenderedDescription the text Event Viewer shows.
 * Draws come from a stream of its own, after every other row, so no earlier row changes.
 */

import { img } from './images.ts';
import { DC2 } from './model.ts';
import { guidOf, hexOf, Rng } from './rng.ts';
import { SERVERS } from './sentinel-estate.ts';
import { pidsOf } from './sentinel-processes.ts';
import { eventXml, MG } from './sentinel-windows.ts';
import type { Sinks } from './world.ts';

export const SYSMON_LOG = 'Microsoft-Windows-Sysmon/Operational';
export const SYSMON_SOURCE = 'Microsoft-Windows-Sysmon';
/** The hosts that run Sysmon and send its log through the agent. */
export const SYSMON_HOSTS = [SERVERS.dc.name, SERVERS.fs.name, SERVERS.sccm.name];

const S32 = 'C:\\Windows\\System32\\';
const SYSTEM = 'NT AUTHORITY\\SYSTEM';
const LOCAL_SERVICE = 'NT AUTHORITY\\LOCAL SERVICE';
const CONSOLE_NOISE = '\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1';
/** Windows Server 2019's build, as FileVersion shows it. */
const BUILD = '10.0.17763.5830 (WinBuild.160101.0800)';
const WINOS = 'Microsoft® Windows® Operating System';
const MS = 'Microsoft Corporation';

/** Version resources of the images the servers start (lower-case file name → description, product, company, version, original name). */
const VERSION_INFO: Record<string, [string, string, string, string, string]> = {
  'wmiprvse.exe': ['WMI Provider Host', WINOS, MS, BUILD, 'Wmiprvse.exe'],
  'taskhostw.exe': ['Host Process for Windows Tasks', WINOS, MS, BUILD, 'taskhostw.exe'],
  'svchost.exe': ['Host Process for Windows Services', WINOS, MS, BUILD, 'svchost.exe'],
  'sppsvc.exe': ['Microsoft Software Protection Platform Service', WINOS, MS, BUILD, 'sppsvc.exe'],
  'trustedinstaller.exe': ['Windows Modules Installer', WINOS, MS, BUILD, 'TrustedInstaller.exe'],
  'dllhost.exe': ['COM Surrogate', WINOS, MS, BUILD, 'dllhost.exe'],
  'mousocoreworker.exe': ['MoUSO Core Worker Process', WINOS, MS, BUILD, 'MoUsoCoreWorker.exe'],
  'sppextcomobj.exe': ['KMS Connection Broker', WINOS, MS, BUILD, 'sppextcomobj.exe'],
  'mpcmdrun.exe': ['Microsoft Malware Protection Command Line Utility', WINOS, MS, '4.18.24040.4 (WinBuild.160101.0800)', 'MpCmdRun.exe'],
  'compattelrunner.exe': ['Microsoft Compatibility Telemetry', WINOS, MS, BUILD, 'CompatTelRunner.exe'],
  'wermgr.exe': ['Windows Problem Reporting', WINOS, MS, BUILD, 'WerMgr'],
  'ccmeval.exe': ['Configuration Manager Client Health Evaluation', 'Microsoft Configuration Manager', MS, '5.00.9122.1000', 'CcmEval.exe'],
  'powershell.exe': ['Windows PowerShell', WINOS, MS, BUILD, 'PowerShell.EXE'],
  'monitoringhost.exe': ['Microsoft Monitoring Host Process', 'System Center Operations Manager', MS, '10.20.18069.0', 'MonitoringHost.exe'],
  'vssvc.exe': ['Microsoft® Volume Shadow Copy Service', WINOS, MS, BUILD, 'VSSVC.EXE'],
  'userinit.exe': ['Userinit Logon Application', WINOS, MS, BUILD, 'USERINIT.EXE'],
  'explorer.exe': ['Windows Explorer', WINOS, MS, BUILD, 'EXPLORER.EXE'],
  'sihost.exe': ['Shell Infrastructure Host', WINOS, MS, BUILD, 'sihost.exe'],
  'rdpclip.exe': ['RDP Clipboard Monitor', WINOS, MS, BUILD, 'rdpclip'],
  'servermanager.exe': ['Server Manager', WINOS, MS, BUILD, 'ServerManager.exe'],
  'mmc.exe': ['Microsoft Management Console', WINOS, MS, BUILD, 'MMC.EXE'],
  'repadmin.exe': ['Replication Diagnostics Tool', WINOS, MS, BUILD, 'repadmin.exe'],
  'dcdiag.exe': ['Domain Controller Diagnosis', WINOS, MS, BUILD, 'dcdiag.exe'],
  'w32tm.exe': ['Windows Time Service Diagnostic Tool', WINOS, MS, BUILD, 'w32tm.exe'],
  'ipconfig.exe': ['IP Configuration Utility', WINOS, MS, BUILD, 'ipconfig.exe'],
  'gpupdate.exe': ['Microsoft® Windows Group Policy Refresh Utility', WINOS, MS, BUILD, 'gpupdate.exe'],
  'cmd.exe': ['Windows Command Processor', WINOS, MS, BUILD, 'Cmd.Exe'],
  'conhost.exe': ['Console Window Host', WINOS, MS, BUILD, 'CONHOST.EXE'],
};

/** The technique tags of a sysmon-modular style config for the process creates it matches (by image file name). */
const PROCESS_TAGS: Record<string, [string, string]> = {
  'powershell.exe': ['T1059.001', 'PowerShell'],
  'cmd.exe': ['T1059.003', 'Windows Command Shell'],
  'wmiprvse.exe': ['T1047', 'Windows Management Instrumentation'],
  'mmc.exe': ['T1218.014', 'MMC'],
  'ipconfig.exe': ['T1016', 'System Network Configuration Discovery'],
  'w32tm.exe': ['T1124', 'System Time Discovery'],
  'repadmin.exe': ['T1018', 'Remote System Discovery'],
  'dcdiag.exe': ['T1018', 'Remote System Discovery'],
};
const tag = (t: [string, string] | undefined) => (t ? `technique_id=${t[0]},technique_name=${t[1]}` : '-');

/** The long-running parents' command lines (by parent image and, for the svchost groups, the pid sentinel-processes.ts gives them). */
function parentCommandLine(host: string, image: string, pid: number): string {
  const p = pidsOf(host);
  const name = image.slice(image.lastIndexOf('\\') + 1).toLowerCase();
  if (name === 'svchost.exe') {
    if (pid === p.dcom) return 'C:\\Windows\\system32\\svchost.exe -k DcomLaunch -p';
    if (pid === p.termsvc) return 'C:\\Windows\\System32\\svchost.exe -k termsvcs -s TermService';
    return 'C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule';
  }
  const known: Record<string, string> = {
    'services.exe': 'C:\\Windows\\system32\\services.exe',
    'ccmexec.exe': 'C:\\Windows\\CCM\\CcmExec.exe',
    'healthservice.exe': '"C:\\Program Files\\Microsoft Monitoring Agent\\Agent\\HealthService.exe"',
    'winlogon.exe': 'winlogon.exe',
  };
  return known[name] ?? image;
}

/** Sysmon's UtcTime text: `yyyy-MM-dd HH:mm:ss.fff`. */
const utc = (t: number) => new Date(Math.floor(t / 1000)).toISOString().replace('T', ' ').replace('Z', '');
const hex = (n: number) => `0x${n.toString(16).toUpperCase()}`;
/** A Sysmon process GUID: the host's machine part, then the process's own. */
const procGuid = (host: string, key: string) => `{${hexOf(`sysmon-machine:${host}`, 8)}-${guidOf(`sysmon:${host}:${key}`).slice(9)}}`;

interface Started {
  guid: string;
  pid: number;
  image: string;
  cmd: string;
  user: string;
  t: number;
}

interface Ctx {
  sinks: Sinks;
  seed: number;
}

const TITLES: Record<number, string> = { 1: 'Process Create:', 3: 'Network connection detected:', 11: 'File created:', 13: 'Registry value set:' };

const SEC_READ = ['Computer', 'EventID', 'TimeGenerated', 'LogonType', 'TargetLogonId', 'NewProcessName', 'CommandLine', 'NewProcessId', 'ProcessId', 'ParentProcessName', 'SubjectUserSid', 'SubjectLogonId', 'SubjectUserName', 'MandatoryLabel'];
const EVENT_READ = ['Computer', 'EventLog', 'Source', 'EventID', 'TimeGenerated', 'RenderedDescription'];

/** The rows writeSysmon derives from, kept as they are written (the tables may be spilled by then). */
export function keepSysmonReads(sinks: Sinks): void {
  const hosts = new Set(SYSMON_HOSTS);
  sinks.SecurityEvent.keep('sysmon', SEC_READ, (get) => hosts.has(String(get('Computer'))) && (get('EventID') === 4688 || get('EventID') === 4624));
  sinks.Event.keep('sysmon', EVENT_READ, (get) => get('EventLog') === 'System' && hosts.has(String(get('Computer'))));
}

export function writeSysmon(c: Ctx): void {
  const r = new Rng((c.seed ^ 0x5957a0d) >>> 0, 0x5957);
  const ev = c.sinks.Event;
  const add = (t: number, host: string, id: number, data: [string, string][]) =>
    ev.add({
      AzureDeploymentID: '', Computer: host, EventCategory: id, EventID: id, EventLevel: 4, EventLevelName: 'Information', EventLog: SYSMON_LOG, ManagementGroupName: MG,
      Message: '', RenderedDescription: [TITLES[id], ...data.map(([k, v]) => `${k}: ${v}`)].join('\r\n'), Role: '', Source: SYSMON_SOURCE, SourceSystem: 'OpsManager',
      TimeGenerated: t, Type: 'Event', UserName: SYSTEM,
      ...eventXml(t, host, data),
    });
  // the kept copies (keepSysmonReads): the servers' process audits and logons, and their System log
  const secAll = c.sinks.SecurityEvent.kept('sysmon').rows as Record<string, unknown>[];
  const sec = secAll.filter((e) => e.EventID === 4688);
  // the RDP sessions' logon ids (4624 logon type 10): their processes run in terminal session 2, the rest in session 0
  const rdp = new Set(secAll.filter((e) => e.EventID === 4624 && e.LogonType === 10).map((e) => `${e.Computer}:${e.TargetLogonId}`));
  const sysEvents = c.sinks.Event.kept('sysmon').rows as Record<string, unknown>[];
  sec.sort((a, b) => (a.TimeGenerated as number) - (b.TimeGenerated as number));
  const pr = r.fork('process');
  const started: (Started & { host: string })[] = [];
  const byPid = new Map<string, Started>();
  for (const e of sec) {
    const host = String(e.Computer);
    const t = (e.TimeGenerated as number) + pr.int(0, 999) * 1000;
    const image = String(e.NewProcessName);
    const cmd = String(e.CommandLine);
    const pid = Number.parseInt(String(e.NewProcessId), 16);
    const ppid = Number.parseInt(String(e.ProcessId), 16);
    const parentImage = String(e.ParentProcessName);
    const isSystem = e.SubjectUserSid === 'S-1-5-18';
    const inSession = !isSystem && rdp.has(`${host}:${e.SubjectLogonId}`);
    const user = isSystem ? SYSTEM : `CORP\\${e.SubjectUserName}`;
    const logonId = isSystem ? 0x3e7 : Number.parseInt(String(e.SubjectLogonId), 16);
    const guid = procGuid(host, `${pid}:${e.TimeGenerated}`);
    const parent = byPid.get(`${host}:${ppid}`);
    // the parent: a process this log saw start (the RDP session's shells and Explorer), else a long-running one
    const parentGuid = parent && parent.image === parentImage ? parent.guid : procGuid(host, `${ppid}:boot`);
    const parentCmd = parent && parent.image === parentImage ? parent.cmd : parentCommandLine(host, parentImage, ppid);
    const parentUser = parent && parent.image === parentImage ? parent.user : isSystem || !/explorer\.exe$|userinit\.exe$/i.test(parentImage) ? SYSTEM : user;
    const me: Started = { guid, pid, image, cmd, user, t };
    byPid.set(`${host}:${pid}`, me);
    if (cmd === CONSOLE_NOISE) continue;
    const name = image.slice(image.lastIndexOf('\\') + 1).toLowerCase();
    const [description, product, company, version, original] = VERSION_INFO[name] ?? ['-', '-', '-', '-', '-'];
    const file = img(image, description, 0, company, product, version);
    const label = String(e.MandatoryLabel);
    const integrity = label === 'S-1-16-16384' ? 'System' : label === 'S-1-16-12288' ? 'High' : 'Medium';
    add(t, host, 1, [
      ['RuleName', tag(PROCESS_TAGS[name])],
      ['UtcTime', utc(t)],
      ['ProcessGuid', guid],
      ['ProcessId', String(pid)],
      ['Image', image],
      ['FileVersion', version],
      ['Description', description],
      ['Product', product],
      ['Company', company],
      ['OriginalFileName', original],
      ['CommandLine', cmd],
      ['CurrentDirectory', inSession ? `C:\\Users\\${e.SubjectUserName}\\` : 'C:\\Windows\\system32\\'],
      ['User', user],
      ['LogonGuid', `{${hexOf(`sysmon-machine:${host}`, 8)}-${guidOf(`logon:${host}:${logonId}`).slice(9)}}`],
      ['LogonId', hex(logonId)],
      ['TerminalSessionId', inSession ? '2' : '0'],
      ['IntegrityLevel', integrity],
      ['Hashes', `MD5=${file.md5.toUpperCase()},SHA256=${file.sha256.toUpperCase()},IMPHASH=${hexOf(`imphash:${image.toLowerCase()}`, 32).toUpperCase()}`],
      ['ParentProcessGuid', parentGuid],
      ['ParentProcessId', String(ppid)],
      ['ParentImage', parentImage],
      ['ParentCommandLine', parentCmd],
      ['ParentUser', parentUser],
    ]);
    started.push({ ...me, host });
  }

  // event 11: PowerShell's policy probe at each start; the ConfigMgr client's baseline scripts before their PowerShell starts
  const fr = r.fork('files');
  for (const p of started) {
    if (!p.image.toLowerCase().endsWith('\\powershell.exe')) continue;
    const script = /'C:\\Windows\\CCM\\SystemTemp\\([0-9a-f-]+\.ps1)'/.exec(p.cmd);
    if (script) {
      const ccm = pidsOf(p.host).ccmexec;
      const t = p.t - fr.int(200, 900) * 1000;
      fileCreate(add, t, p.host, { guid: procGuid(p.host, `${ccm}:boot`), pid: ccm, image: 'C:\\Windows\\CCM\\CcmExec.exe', user: SYSTEM }, `C:\\Windows\\CCM\\SystemTemp\\${script[1]}`, '-');
    }
    const temp = p.user === SYSTEM ? 'C:\\Windows\\Temp' : `C:\\Users\\${p.user.slice(5)}\\AppData\\Local\\Temp`;
    const probe = `${temp}\\__PSScriptPolicyTest_${fr.hex(8)}.${fr.hex(3)}.ps1`;
    fileCreate(add, p.t + fr.int(300, 1500) * 1000, p.host, p, probe, tag(PROCESS_TAGS['powershell.exe']));
  }

  // event 3: W32Time's sync with the DC on the member servers; repadmin and dcdiag on the DC
  const nr = r.fork('network');
  const ipOf: Record<string, string> = { [SERVERS.dc.name]: SERVERS.dc.ip, [SERVERS.fs.name]: SERVERS.fs.ip, [SERVERS.sccm.name]: SERVERS.sccm.ip };
  for (const e of sysEvents) {
    if (e.Source !== 'Microsoft-Windows-Time-Service' || e.EventID !== 37) continue;
    const host = String(e.Computer);
    const w32 = pidsOf(host).services + 0x1a4;
    const t = (e.TimeGenerated as number) - nr.int(100, 2000) * 1000;
    netConnect(add, t, host, { guid: procGuid(host, `${w32}:boot`), pid: w32, image: `${S32}svchost.exe`, user: LOCAL_SERVICE }, 'udp', [ipOf[host], host, 123, 'ntp'], [SERVERS.dc.ip, SERVERS.dc.name, 123, 'ntp'], '-');
  }
  for (const p of started) {
    const name = p.image.slice(p.image.lastIndexOf('\\') + 1).toLowerCase();
    if (name !== 'repadmin.exe' && name !== 'dcdiag.exe') continue;
    const src = ipOf[p.host];
    const to: [string, string, number, string] = name === 'repadmin.exe' ? [DC2.ip, DC2.name, 135, 'epmap'] : [src, p.host, 389, 'ldap'];
    netConnect(add, p.t + nr.int(50, 800) * 1000, p.host, p, 'tcp', [src, p.host, nr.int(49_700, 65_000), '-'], to, tag(PROCESS_TAGS[name]));
  }

  // event 13: the PsExec service registered by services.exe when the System log records its installation
  for (const e of sysEvents) {
    if (e.EventID !== 7045 || !String(e.RenderedDescription).includes('PSEXESVC')) continue;
    const host = String(e.Computer);
    const svc = pidsOf(host).services;
    const who = { guid: procGuid(host, `${svc}:boot`), pid: svc, image: `${S32}services.exe`, user: SYSTEM };
    const t = e.TimeGenerated as number;
    const key = 'HKLM\\System\\CurrentControlSet\\Services\\PSEXESVC';
    regSet(add, t - 40_000, host, who, `${key}\\ImagePath`, '%SystemRoot%\\PSEXESVC.exe', 'technique_id=T1543.003,technique_name=Windows Service');
    regSet(add, t - 40_000, host, who, `${key}\\Start`, 'DWORD (0x00000003)', 'technique_id=T1543.003,technique_name=Windows Service');
  }
}

type Add = (t: number, host: string, id: number, data: [string, string][]) => void;
type Who = { guid: string; pid: number; image: string; user: string };

function fileCreate(add: Add, t: number, host: string, p: Who, target: string, rule: string): void {
  add(t, host, 11, [
    ['RuleName', rule], ['UtcTime', utc(t)], ['ProcessGuid', p.guid], ['ProcessId', String(p.pid)], ['Image', p.image], ['TargetFilename', target], ['CreationUtcTime', utc(t)], ['User', p.user],
  ]);
}

function netConnect(add: Add, t: number, host: string, p: Who, protocol: string, src: [string, string, number, string], dst: [string, string, number, string], rule: string): void {
  add(t, host, 3, [
    ['RuleName', rule], ['UtcTime', utc(t)], ['ProcessGuid', p.guid], ['ProcessId', String(p.pid)], ['Image', p.image], ['User', p.user], ['Protocol', protocol], ['Initiated', 'true'],
    ['SourceIsIpv6', 'false'], ['SourceIp', src[0]], ['SourceHostname', src[1]], ['SourcePort', String(src[2])], ['SourcePortName', src[3]],
    ['DestinationIsIpv6', 'false'], ['DestinationIp', dst[0]], ['DestinationHostname', dst[1]], ['DestinationPort', String(dst[2])], ['DestinationPortName', dst[3]],
  ]);
}

function regSet(add: Add, t: number, host: string, p: Who, target: string, details: string, rule: string): void {
  add(t, host, 13, [
    ['RuleName', rule], ['EventType', 'SetValue'], ['UtcTime', utc(t)], ['ProcessGuid', p.guid], ['ProcessId', String(p.pid)], ['Image', p.image], ['TargetObject', target], ['Details', details], ['User', p.user],
  ]);
}
