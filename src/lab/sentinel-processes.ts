/**
 * Process-creation auditing (4688, with command lines) on the Windows servers that send their
 * Security log to Sentinel but are not onboarded to Defender for Endpoint: the two domain
 * controllers, the file server and the management server. What an idle server starts all day:
 *  - services.exe starting services on demand (svchost service groups, sppsvc, TrustedInstaller,
 *    the volume shadow copy service at each of the file server's nightly backup logons);
 *  - the DCOM launcher's children (WmiPrvSE for the agents' WMI queries, dllhost surrogates,
 *    the update orchestrator's worker);
 *  - the task scheduler's children (taskhostw, Defender's idle tasks, the compatibility appraiser,
 *    error reporting uploads, the Configuration Manager client's daily health check);
 *  - the management agents: the Configuration Manager client running its compliance scripts in
 *    PowerShell, the Log Analytics agent recycling its monitoring host;
 *  - consoles (conhost) for every console program above;
 *  - in the admins' RDP sessions the lab already logs (4624 logon type 10, read back), the session's
 *    own processes (rdpclip, userinit, explorer, sihost, taskhostw, Server Manager) with the limited
 *    token, and a few elevated admin tools (consoles, MMC snap-ins, replication and time checks).
 *
 * Rates are per host-hour or host-day from a stream of its own, written after every other Security
 * log row, so the earlier rows stay as they were; nothing is shaped after a particular query.
 */

import { BACKUP01 } from './estate-tenant.ts';
import type * as M from './model.ts';
import { DC2 } from './model.ts';
import { guidOf, Rng } from './rng.ts';
import { SERVERS, SecLog, subjectOf } from './sentinel-estate.ts';
import { HOUR, MIN, SEC } from './time.ts';
import type { Sinks } from './world.ts';

export interface ServerProcessCtx {
  sinks: Sinks;
  seed: number;
  days: number[];
  /** Background users, to name the admins of the RDP sessions read back. */
  users: M.UserDef[];
}

const NETBIOS = 'CORP';
const S32 = 'C:\\Windows\\System32\\';
const SVCHOST = `${S32}svchost.exe`;
const SERVICES = `${S32}services.exe`;
const CONHOST = `${S32}conhost.exe`;
const POWERSHELL = `${S32}WindowsPowerShell\\v1.0\\powershell.exe`;
const CMD = `${S32}cmd.exe`;
const MPCMDRUN = 'C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24040.4-0\\MpCmdRun.exe';
const MMA = 'C:\\Program Files\\Microsoft Monitoring Agent\\Agent\\';
const CCM = 'C:\\Windows\\CCM\\';
const SYSTEM_LABEL = 'S-1-16-16384';
const HIGH_LABEL = 'S-1-16-12288';
const MEDIUM_LABEL = 'S-1-16-8192';
const NO_TARGET = { TargetUserSid: 'S-1-0-0', TargetUserName: '-', TargetDomainName: '-', TargetLogonId: '0x0' };

const HOSTS = [SERVERS.dc, DC2, SERVERS.fs, SERVERS.sccm].map((h) => h.name);
const isDc = (host: string) => host === SERVERS.dc.name || host === DC2.name;

/** A process the host started: image, command line, parent image (and the parent's PID). */
interface Proc {
  img: string;
  cmd: string;
  parent: string;
  ppid: number;
}

export function writeServerProcesses(c: ServerProcessCtx): void {
  if (c.users.length === 0) return;
  const r = new Rng((c.seed ^ 0x4688a0d) >>> 0, 0x4688);
  // After every other Security log row: its own record-number range per host.
  const log = new SecLog(c.sinks, r.fork('log'), 3_000_000);
  const sessions = rdpSessions(c);
  const hostRng = r.fork('hosts');
  const rdpRng = r.fork('rdp');
  for (const host of HOSTS) background(c, log, hostRng.fork(host), host);
  for (const s of sessions) rdpSession(log, rdpRng, s);
}

/** The long-running parents' PIDs on a host, stable for the window (the servers do not reboot in it). */
export function pidsOf(host: string) {
  const h = Number.parseInt(guidOf(`pids:${host}`).slice(0, 6), 16);
  const at = (k: number, span: number) => 0x200 + ((h >>> k) % span) * 4;
  return { services: at(0, 0x40), dcom: 0x300 + at(3, 0x30), schedule: 0x500 + at(5, 0x80), health: 0x900 + at(7, 0x100), ccmexec: 0xc00 + at(9, 0x100), termsvc: 0x600 + at(11, 0x80) };
}

function background(c: ServerProcessCtx, log: SecLog, r: Rng, host: string): void {
  const sys = { Account: `${NETBIOS}\\${host.split('.')[0].toUpperCase()}$`, AccountType: 'Machine', ...subjectOf(host) };
  const pid = pidsOf(host);
  let next = 0x1000 + r.int(0, 0x400) * 4;
  const newPid = () => {
    next += r.int(1, 60) * 4;
    if (next > 0x3ffc) next = 0x1000 + r.int(0, 0x100) * 4;
    return next;
  };
  const add = (t: number, p: Proc, withConsole = false): number => {
    const id = newPid();
    log.add(t, host, 4688, {
      ...sys, NewProcessName: p.img, NewProcessId: `0x${id.toString(16)}`, Process: p.img.split('\\').pop(), CommandLine: p.cmd, ParentProcessName: p.parent, ProcessId: `0x${p.ppid.toString(16)}`,
      TokenElevationType: '%%1936', MandatoryLabel: SYSTEM_LABEL, ...NO_TARGET,
    });
    if (withConsole) add(t, { img: CONHOST, cmd: `\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1`, parent: p.img, ppid: id });
    return id;
  };
  const fromServices = (img: string, cmd: string): Proc => ({ img, cmd, parent: SERVICES, ppid: pid.services });
  const fromDcom = (img: string, cmd: string): Proc => ({ img, cmd, parent: SVCHOST, ppid: pid.dcom });
  const fromTasks = (img: string, cmd: string): Proc => ({ img, cmd, parent: SVCHOST, ppid: pid.schedule });
  const at = (d0: number, lo: number, hi: number) => d0 + r.int(lo * 60, hi * 60 - 1) * MIN + r.int(0, 59) * SEC;

  // the nightly backup's logons on the file server (sentinel-domain.ts) start the shadow copy service
  // `rows` materialises the whole table: read it once
  for (const e of c.sinks.SecurityEvent.rows as Record<string, unknown>[]) {
    if (e.Computer === host && e.EventID === 4624 && e.TargetUserName === BACKUP01.acct) add((e.TimeGenerated as number) + r.int(4, 30) * SEC, fromServices(`${S32}VSSVC.exe`, 'C:\\Windows\\system32\\vssvc.exe'));
  }
  for (const d0 of c.days) {
    // hourly: the agents' WMI queries bring up a provider host now and then; the scheduler's task host
    for (let h = 0; h < 24; h++) {
      if (r.chance(0.35)) add(d0 + h * HOUR + r.int(0, 59) * MIN + r.int(0, 59) * SEC, fromDcom(`${S32}wbem\\WmiPrvSE.exe`, `C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding`));
      if (r.chance(0.25)) add(d0 + h * HOUR + r.int(0, 59) * MIN + r.int(0, 59) * SEC, fromTasks(`${S32}taskhostw.exe`, r.chance(0.7) ? 'taskhostw.exe SYSTEM' : 'taskhostw.exe'));
    }
    // services started on demand (and stopped again when idle)
    for (let k = r.int(3, 8); k > 0; k--) {
      const svc = r.weighted([
        [['-k netsvcs -p -s BITS', 'BITS'], 3],
        [['-k netsvcs -p -s wuauserv', 'wuauserv'], 3],
        [['-k wusvcs -p -s WaaSMedicSvc', 'WaaSMedicSvc'], 2],
        [['-k netsvcs -p -s UsoSvc', 'UsoSvc'], 2],
        [['-k LocalServiceNetworkRestricted -p -s lmhosts', 'lmhosts'], 1],
      ] as const);
      add(at(d0, 0, 24), fromServices(SVCHOST, `C:\\Windows\\system32\\svchost.exe ${svc[0]}`));
    }
    for (let k = r.int(2, 6); k > 0; k--) add(at(d0, 0, 24), fromServices(`${S32}sppsvc.exe`, 'C:\\Windows\\system32\\sppsvc.exe'));
    if (r.chance(0.6)) add(at(d0, 2, 5), fromServices('C:\\Windows\\servicing\\TrustedInstaller.exe', 'C:\\Windows\\servicing\\TrustedInstaller.exe'));
    // DCOM surrogates and the update orchestrator's worker
    for (let k = r.int(2, 5); k > 0; k--) {
      const clsid = r.pick(['{AB8902B4-09CA-4BB6-B78D-A8F59079A8D5}', '{3EB3C877-1F16-487C-9050-104DBCD66683}', '{02D4B3F1-FD88-11D1-960D-00805FC79235}']);
      add(at(d0, 0, 24), fromDcom(`${S32}dllhost.exe`, `C:\\Windows\\system32\\DllHost.exe /Processid:${clsid}`));
    }
    for (let k = r.int(1, 3); k > 0; k--) add(at(d0, 0, 24), fromDcom(`${S32}MoUsoCoreWorker.exe`, 'C:\\Windows\\System32\\mousocoreworker.exe -Embedding'));
    if (r.chance(0.5)) add(at(d0, 0, 24), fromDcom(`${S32}SppExtComObj.Exe`, 'C:\\Windows\\system32\\SppExtComObj.exe -Embedding'));
    // scheduled tasks: Defender's idle maintenance, the compatibility appraiser, error reports, the ConfigMgr client's health check
    for (const task of ['WdCacheMaintenance', 'WdCleanup', 'WdVerification', 'WdScheduledScan']) {
      if (task === 'WdScheduledScan' ? r.chance(0.9) : r.chance(0.8)) add(at(d0, task === 'WdScheduledScan' ? 2 : 0, task === 'WdScheduledScan' ? 4 : 24), fromTasks(MPCMDRUN, `"${MPCMDRUN}" ${task === 'WdScheduledScan' ? 'Scan -ScheduleJob -ScanTrigger 55 -IdleScheduledJob' : `-IdleTask -TaskName ${task}`}`), true);
    }
    if (r.chance(0.9)) add(at(d0, 3, 5), fromTasks(`${S32}CompatTelRunner.exe`, 'C:\\Windows\\system32\\compattelrunner.exe -m:appraiser.dll -f:DoScheduledTelemetryRun'));
    if (r.chance(0.4)) add(at(d0, 0, 24), fromTasks(`${S32}wermgr.exe`, 'C:\\Windows\\system32\\wermgr.exe -upload'));
    add(at(d0, 9, 11), fromTasks(`${CCM}CcmEval.exe`, `"${CCM}CcmEval.exe"`));
    // the ConfigMgr client evaluates its configuration baselines: one PowerShell script per setting, in its temp folder
    for (let cycle = 0; cycle < 24; cycle += 8) {
      const t0 = at(d0, cycle, cycle + 8);
      for (let k = r.int(1, 3); k > 0; k--) {
        const script = guidOf(`ccm-ps:${host}:${t0}:${k}`);
        add(t0 + k * r.int(2, 20) * SEC, { img: POWERSHELL, cmd: `"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe" -NoLogo -Noninteractive -NoProfile -ExecutionPolicy Bypass "& '${CCM}SystemTemp\\${script}.ps1'"`, parent: `${CCM}CcmExec.exe`, ppid: pid.ccmexec }, true);
      }
    }
    // the Log Analytics agent recycles its monitoring host a few times a day
    for (let k = r.int(1, 4); k > 0; k--) add(at(d0, 0, 24), { img: `${MMA}MonitoringHost.exe`, cmd: `"${MMA}MonitoringHost.exe" -Embedding`, parent: `${MMA}HealthService.exe`, ppid: pid.health });
  }
}

interface RdpSession {
  t: number;
  host: string;
  lid: string;
  name: string;
  sid: string;
}

/** The admins' RDP sessions on these servers that the Security log already holds (4624, logon type 10). */
function rdpSessions(c: ServerProcessCtx): RdpSession[] {
  const hosts = new Set(HOSTS);
  const out: RdpSession[] = [];
  for (const e of c.sinks.SecurityEvent.rows as Record<string, unknown>[]) {
    if (e.EventID !== 4624 || e.LogonType !== 10 || !hosts.has(String(e.Computer))) continue;
    out.push({ t: e.TimeGenerated as number, host: String(e.Computer), lid: String(e.TargetLogonId), name: String(e.TargetUserName), sid: String(e.TargetUserSid) });
  }
  return out;
}

function rdpSession(log: SecLog, r: Rng, s: RdpSession): void {
  const who = { Account: `${NETBIOS}\\${s.name}`, AccountType: 'User', SubjectUserName: s.name, SubjectDomainName: NETBIOS, SubjectUserSid: s.sid, SubjectLogonId: s.lid, SubjectAccount: `${NETBIOS}\\${s.name}` };
  const pid = pidsOf(s.host);
  let next = 0x2000 + r.int(0, 0x200) * 4;
  const add = (t: number, img: string, cmd: string, parent: string, ppid: number, elevated: boolean): number => {
    next += r.int(1, 30) * 4;
    log.add(t, s.host, 4688, {
      ...who, NewProcessName: img, NewProcessId: `0x${next.toString(16)}`, Process: img.split('\\').pop(), CommandLine: cmd, ParentProcessName: parent, ProcessId: `0x${ppid.toString(16)}`,
      TokenElevationType: elevated ? '%%1937' : '%%1938', MandatoryLabel: elevated ? HIGH_LABEL : MEDIUM_LABEL, ...NO_TARGET,
    });
    return next;
  };
  // the session's own processes, in the order Windows starts them
  let t = s.t + r.int(1, 3) * SEC;
  const winlogon = 0x1800 + r.int(0, 0x100) * 4;
  const userinit = add(t, `${S32}userinit.exe`, 'C:\\Windows\\system32\\userinit.exe', `${S32}winlogon.exe`, winlogon, false);
  const explorer = add((t += r.int(1, 3) * SEC), 'C:\\Windows\\explorer.exe', 'C:\\Windows\\Explorer.EXE', `${S32}userinit.exe`, userinit, false);
  add(t, `${S32}sihost.exe`, 'sihost.exe', SVCHOST, pid.schedule - 0x40, false);
  add((t += SEC), `${S32}taskhostw.exe`, 'taskhostw.exe {222A245B-E637-4AE9-A93F-A59CA119A75E}', SVCHOST, pid.schedule, false);
  add((t += r.int(1, 4) * SEC), `${S32}rdpclip.exe`, 'rdpclip', SVCHOST, pid.termsvc, false);
  add((t += r.int(2, 8) * SEC), `${S32}ServerManager.exe`, '"C:\\Windows\\system32\\ServerManager.exe"', SVCHOST, pid.schedule, true);
  // a few elevated admin tools, each started from the Start menu or a console
  const dc = isDc(s.host);
  const tools: (readonly [string, string, number])[] = [
    [`${S32}mmc.exe`, '"C:\\Windows\\system32\\mmc.exe" "C:\\Windows\\system32\\eventvwr.msc" /s', 3],
    [`${S32}mmc.exe`, '"C:\\Windows\\system32\\mmc.exe" "C:\\Windows\\system32\\services.msc"', 2],
    [`${S32}mmc.exe`, '"C:\\Windows\\system32\\mmc.exe" "C:\\Windows\\system32\\compmgmt.msc" /s', 1],
    ...(dc
      ? ([
          [`${S32}mmc.exe`, '"C:\\Windows\\system32\\mmc.exe" "C:\\Windows\\system32\\dnsmgmt.msc"', 2],
          [`${S32}mmc.exe`, '"C:\\Windows\\system32\\mmc.exe" "C:\\Windows\\system32\\gpmc.msc"', 2],
          [`${S32}repadmin.exe`, 'repadmin  /replsummary', 2],
          [`${S32}dcdiag.exe`, 'dcdiag  /q', 1],
          [`${S32}w32tm.exe`, 'w32tm  /query /status', 1],
        ] as const)
      : []),
    [`${S32}ipconfig.exe`, 'ipconfig  /all', 1],
    [`${S32}gpupdate.exe`, 'gpupdate  /force', 1],
  ];
  let shell = 0;
  let shellImg = CMD;
  for (let k = r.int(1, 4); k > 0; k--) {
    t += r.int(20, 900) * SEC;
    const [img, cmd] = r.weighted(tools.map((x) => [[x[0], x[1]] as const, x[2]] as const));
    if (img.endsWith('mmc.exe')) {
      add(t, img, cmd, 'C:\\Windows\\explorer.exe', explorer, true);
      continue;
    }
    // console tools run from an elevated prompt (started once per session)
    if (!shell) {
      const ps = r.chance(0.6);
      shellImg = ps ? POWERSHELL : CMD;
      shell = add(t - r.int(10, 60) * SEC, shellImg, ps ? '"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"' : '"C:\\Windows\\system32\\cmd.exe"', 'C:\\Windows\\explorer.exe', explorer, true);
      add(t - r.int(5, 9) * SEC, CONHOST, '\\??\\C:\\Windows\\system32\\conhost.exe 0x4', shellImg, shell, true);
    }
    // cmd passes the line as typed (program name, two spaces, arguments); PowerShell resolves the program's full path
    add(t, img, shellImg === CMD ? cmd : `"${img}" ${cmd.split('  ')[1]}`, shellImg, shell, true);
  }
}
