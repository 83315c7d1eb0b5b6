/**
 * Background device activity: boot chains, user sessions, browsers, Office, OneDrive, Defender,
 * services, logons, DNS/HTTPS, registry churn and image loads — with a few benign-but-suspicious
 * habits (an IT inventory script using -EncodedCommand, OneDrive's Run key, logon scripts via
 * wscript, Excel macros, an EICAR test file) so that hunting queries are not trivially the attack.
 */
import { webAddress } from './addresses.ts';
import { DLLS, IMG, type Img, oneDriveFor } from './images.ts';
import { DC } from './model.ts';
import { HOUR, MIN, SEC } from './time.ts';
import { type Acct, type DeviceEmitter, type Dev, LOCAL_SERVICE, NETWORK_SERVICE, type Proc, SYSTEM, userAcct } from './world.ts';

export interface SiteDef {
  host: string;
  ip: string;
}

/** A web host's address: the web block of the lab's address allocation (addresses.ts). */
const ipFor = (host: string): string => webAddress(host);

const site = (host: string): SiteDef => ({ host, ip: ipFor(host) });

const WEB = [
  ['www.contoso.example', 6],
  ['intranet.contoso.example', 8],
  ['news.example', 4],
  ['www.bing.com', 6],
  ['login.microsoftonline.com', 5],
  ['www.office.com', 5],
  ['contoso.sharepoint.com', 6],
  ['docs.fabrikam.example', 2],
  ['weather.example', 2],
  ['cdn.tailspin-toys.example', 2],
  ['github.com', 1],
  ['www.wikipedia.org', 2],
  ['portal.corp.contoso.example', 2],
  ['travel.woodgrove.example', 1],
] as const;
const WEB_SITES = WEB.map(([h, w]) => [site(h), w] as const);
const MS_SVC = ['settings-win.data.microsoft.com', 'fe2cr.update.microsoft.com', 'slscr.update.microsoft.com', 'ctldl.windowsupdate.com', 'login.live.com'].map(site);
const DEFENDER = ['wdcp.microsoft.com', 'definitionupdates.microsoft.com', 'fe3cr.delivery.mp.microsoft.com'].map(site);
const SENSE = ['winatp-gw-weu.microsoft.com', 'us-v20.events.data.microsoft.com', 'unitedstates.x.cp.wd.microsoft.com'].map(site);
const OUTLOOK = ['outlook.office365.com', 'outlook.office.com'].map(site);
const TEAMS = ['teams.microsoft.com', 'presence.teams.microsoft.com', 'api.spaces.skype.com'].map(site);
const ONEDRIVE = ['contoso-my.sharepoint.com', 'oneclient.sfx.ms'].map(site);
const OFFICE = ['officeclient.microsoft.com', 'ecs.office.com', 'nexus.officeapps.live.com'].map(site);

const DOCS = ['Q2 budget.xlsx', 'Team offsite.docx', 'Vendor list.xlsx', 'Expense policy.pdf', 'Roadmap.pptx', 'Minutes 05-13.docx', 'Invoice tracker.xlsx', 'Travel request.docx'];
const DOWNLOADS = [
  ['Contoso_Benefits_2024.pdf', 'https://intranet.contoso.example/hr/Contoso_Benefits_2024.pdf'],
  ['7z2301-x64.exe', 'https://www.7-zip.org/a/7z2301-x64.exe'],
  ['meeting-notes.docx', 'https://contoso.sharepoint.com/sites/finance/Shared%20Documents/meeting-notes.docx'],
  ['statement_april.pdf', 'https://docs.fabrikam.example/statements/statement_april.pdf'],
  ['TeamsMeetingAddin.msi', 'https://intranet.contoso.example/software/TeamsMeetingAddin.msi'],
] as const;

const SVCHOST_K = [
  ['DcomLaunch -p', SYSTEM],
  ['RPCSS -p', NETWORK_SERVICE],
  ['LocalServiceNetworkRestricted -p', LOCAL_SERVICE],
  ['netsvcs -p -s Schedule', SYSTEM],
  ['netsvcs -p -s gpsvc', SYSTEM],
  ['netsvcs -p -s BITS', SYSTEM],
  ['NetworkService -p -s Dnscache', NETWORK_SERVICE],
  ['LocalSystemNetworkRestricted -p -s SysMain', SYSTEM],
  ['netsvcs -p -s wuauserv', SYSTEM],
  ['LocalService -p -s EventLog', LOCAL_SERVICE],
  ['appmodel -p -s StateRepository', SYSTEM],
  ['UnistackSvcGroup', SYSTEM],
] as const;

export interface BootState {
  system: Proc;
  winlogon: Proc;
  lsass: Proc;
  services: Proc;
  svc: Record<string, Proc>;
  msmpeng: Proc;
  mssense: Proc;
  searchIndexer: Proc;
  c2r: Proc;
  spoolsv: Proc;
}

const ms = (x: number) => x * 1000;

/** Boot chain; `fixed` pins the scenario's winlogon PID/time on device A. */
export function boot(dev: Dev, em: DeviceEmitter, t0: number, fixedWinlogon?: { pid: number; created: number }): BootState {
  const r = dev.rng;
  const system = dev.spawn(null, IMG.system, t0 - 9 * SEC, '', { pid: 4 });
  let t = fixedWinlogon ? fixedWinlogon.created - 1800 * 1000 : t0;
  const step = () => (t += ms(r.int(40, 900)));
  const go = (parent: Proc, img: Img, cmd: string, o: Parameters<Dev['spawn']>[4] = {}) => {
    const p = dev.spawn(parent, img, step(), cmd, o);
    em.process(p, ms(r.int(0, 3)));
    return p;
  };
  const smss = go(system, IMG.smss, '\\SystemRoot\\System32\\smss.exe');
  const smss0 = go(smss, IMG.smss, '\\SystemRoot\\System32\\smss.exe 000000c4 00000080');
  go(smss0, IMG.csrss, '%SystemRoot%\\system32\\csrss.exe ObjectDirectory=\\Windows SharedSection=1024,20480,768 Windows=On SubSystemType=Windows ServerDll=basesrv,1 ServerDll=winsrv:UserServerDllInitialization,3 ServerDll=sxssrv,4 ProfileControl=Off MaxRequestThreads=16');
  const wininit = go(smss0, IMG.wininit, 'wininit.exe');
  const smss1 = go(smss, IMG.smss, '\\SystemRoot\\System32\\smss.exe 000000d0 00000084', { session: 1 });
  go(smss1, IMG.csrss, '%SystemRoot%\\system32\\csrss.exe ObjectDirectory=\\Windows SharedSection=1024,20480,768 Windows=On SubSystemType=Windows ServerDll=basesrv,1 ServerDll=winsrv:UserServerDllInitialization,3 ServerDll=sxssrv,4 ProfileControl=Off MaxRequestThreads=16');
  let winlogon: Proc;
  if (fixedWinlogon) {
    winlogon = dev.spawn(smss1, IMG.winlogon, fixedWinlogon.created, 'winlogon.exe', { pid: fixedWinlogon.pid });
    em.process(winlogon, 2000);
    t = fixedWinlogon.created;
  } else winlogon = go(smss1, IMG.winlogon, 'winlogon.exe');
  const services = go(wininit, IMG.services, 'C:\\Windows\\system32\\services.exe');
  const lsass = go(wininit, IMG.lsass, 'C:\\Windows\\system32\\lsass.exe');
  go(wininit, IMG.fontdrvhost, '"fontdrvhost.exe"', { acct: { ...SYSTEM, name: 'umfd-0', domain: 'font driver host', sid: 'S-1-5-96-0-0' } });
  go(winlogon, IMG.fontdrvhost, '"fontdrvhost.exe"', { acct: { ...SYSTEM, name: 'umfd-1', domain: 'font driver host', sid: 'S-1-5-96-0-1' } });
  go(winlogon, IMG.dwm, '"dwm.exe"', { acct: { ...SYSTEM, name: 'dwm-1', domain: 'window manager', sid: 'S-1-5-90-0-1' } });
  const svc: Record<string, Proc> = {};
  for (const [k, acct] of SVCHOST_K) {
    svc[k] = go(services, IMG.svchost, `C:\\Windows\\system32\\svchost.exe -k ${k}`, { acct });
  }
  const msmpeng = go(services, IMG.msmpeng, `"${IMG.msmpeng.path}"`);
  go(services, IMG.nissrv, `"${IMG.nissrv.path}"`, { acct: LOCAL_SERVICE });
  const mssense = go(services, IMG.mssense, `"${IMG.mssense.path}"`);
  go(services, IMG.securityHealth, 'C:\\Windows\\system32\\SecurityHealthService.exe');
  const spoolsv = go(services, IMG.spoolsv, 'C:\\Windows\\System32\\spoolsv.exe');
  const searchIndexer = go(services, IMG.searchIndexer, 'C:\\Windows\\system32\\SearchIndexer.exe /Embedding');
  const c2r = go(services, IMG.c2r, `"${IMG.c2r.path}" /service`);
  // Sensor and boot-time image loads
  for (const p of [msmpeng, mssense, lsass]) em.image(p.created + ms(r.int(5, 60)), p, DLLS['ntdll.dll']);
  em.logon(t + 2 * SEC, lsass, 'LogonSuccess', {
    LogonType: 'Service',
    AccountDomain: 'nt authority',
    AccountName: 'system',
    AccountSid: 'S-1-5-18',
    Protocol: 'Negotiate',
    LogonId: 999,
    IsLocalAdmin: true,
    AdditionalFields: { IsLocalLogon: true, IsRemote: false },
  });
  return { system, winlogon, lsass, services, svc, msmpeng, mssense, searchIndexer, c2r, spoolsv };
}

function conn(em: DeviceEmitter, dev: Dev, t: number, actor: Proc, s: SiteDef, o: { port?: number; proto?: string; failed?: boolean; localPort?: number } = {}) {
  if (dev.isIsolated(t) && !/^Ms(Sense)|^SenseCnc/.test(actor.img.name)) return;
  em.network(t, actor, o.failed ? 'ConnectionFailed' : 'ConnectionSuccess', {
    RemoteIP: s.ip,
    RemotePort: o.port ?? 443,
    RemoteUrl: s.host,
    LocalIP: dev.def.localIp,
    LocalPort: o.localPort ?? dev.rng.int(49700, 65000),
    Protocol: o.proto ?? 'Tcp',
    LocalIPType: 'Private',
    RemoteIPType: 'Public',
  });
}

function b64utf16(s: string): string {
  const bytes: number[] = [];
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    bytes.push(c & 255, c >> 8);
  }
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

/** All-day system noise for one day [d0, d0+24h). */
export function systemDay(dev: Dev, em: DeviceEmitter, b: BootState, d0: number, d1: number, opts: { itScript?: boolean; eicar?: boolean }) {
  const r = dev.rng;
  const within = (t: number) => t >= d0 && t < d1;
  // Sensor heartbeat traffic (continues during isolation)
  for (let t = d0 + r.int(0, 600) * SEC; t < d1; t += r.int(900, 2700) * SEC) {
    conn(em, dev, t, b.mssense, r.pick(SENSE));
  }
  // SenseCncProxy runs a few times a day
  for (let k = 0; k < 3; k++) {
    const t = d0 + r.int(1, 23) * HOUR + r.int(0, 3599) * SEC;
    const p = dev.spawn(b.mssense, IMG.senseCnc, t, `"${IMG.senseCnc.path}"`);
    em.process(p);
    conn(em, dev, t + 2 * SEC, p, SENSE[0]);
  }
  // Windows Update / settings / DNS
  for (let t = d0 + r.int(0, 3600) * SEC; t < d1; t += r.exp(50 * MIN)) {
    conn(em, dev, t, b.svc['netsvcs -p -s wuauserv'], r.pick(MS_SVC));
    const dns = b.svc['NetworkService -p -s Dnscache'];
    if (!dev.isIsolated(t)) {
      em.network(t - 30 * 1000, dns, 'ConnectionSuccess', {
        RemoteIP: dev.onPrem ? DC.ip : '168.63.129.16',
        RemotePort: 53,
        LocalIP: dev.def.localIp,
        LocalPort: r.int(50000, 65000),
        Protocol: 'Udp',
        LocalIPType: 'Private',
        RemoteIPType: dev.onPrem ? 'Private' : 'Public',
      });
    }
  }
  // Defender: definitions, scan, MpCmdRun
  const tDef = d0 + r.int(2, 6) * HOUR + r.int(0, 3599) * SEC;
  conn(em, dev, tDef, b.msmpeng, DEFENDER[1]);
  const mp = dev.spawn(b.msmpeng, IMG.mpcmdrun, tDef + 20 * SEC, `"${IMG.mpcmdrun.path}" SignatureUpdate -ScheduleJob -RestrictPrivileges`);
  em.process(mp);
  em.file(tDef + 40 * SEC, b.msmpeng, 'FileCreated', {
    FileName: 'mpavbase.vdm',
    FolderPath: 'C:\\ProgramData\\Microsoft\\Windows Defender\\Definition Updates\\{5C1A9D3E-4F1B-4A8E-9E3A-2B6F7C0D1E2F}\\mpavbase.vdm',
    SHA1: r.hex(40),
    MD5: r.hex(32),
    FileSize: r.int(900000, 1100000),
  });
  em.event(tDef + 60 * SEC, b.msmpeng, 'AntivirusDefinitionsUpdated', {});
  em.registry(tDef + 61 * SEC, b.msmpeng, 'RegistryValueSet', {
    RegistryKey: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows Defender\\Signature Updates',
    RegistryValueType: 'String',
    RegistryValueName: 'AVSignatureVersion',
    RegistryValueData: `1.411.${r.int(100, 499)}.0`,
  });
  const tScan = d0 + r.int(12, 14) * HOUR + r.int(0, 3599) * SEC;
  em.event(tScan, b.msmpeng, 'AntivirusScanCompleted', { AdditionalFields: { ScanTypeIndex: 1 } });
  // Scheduled tasks: taskhostw, CompatTelRunner, Edge update, SearchProtocolHost, WmiPrvSE
  const sched = b.svc['netsvcs -p -s Schedule'];
  for (let t = d0 + r.int(0, 3600) * SEC; t < d1; t += r.exp(2 * HOUR)) {
    const k = r.weighted([
      ['taskhostw', 4],
      ['edge', 2],
      ['compat', 1],
      ['c2r', 1],
    ] as const);
    let p: Proc;
    if (k === 'taskhostw') p = dev.spawn(sched, IMG.taskhostw, t, 'taskhostw.exe');
    else if (k === 'edge') {
      p = dev.spawn(sched, IMG.edgeUpdate, t, `"${IMG.edgeUpdate.path}" /ua /installsource scheduler`);
      conn(em, dev, t + 3 * SEC, p, site('msedge.api.cdp.microsoft.com'));
    } else if (k === 'compat') p = dev.spawn(sched, IMG.compattel, t, 'C:\\Windows\\system32\\compattelrunner.exe -m:appraiser.dll -f:DoScheduledTelemetryRun');
    else {
      p = dev.spawn(b.c2r, IMG.c2rClient, t, `"${IMG.c2rClient.path}" /frequentupdate SCHEDULEDTASK displaylevel=False`);
      conn(em, dev, t + 5 * SEC, p, OFFICE[0]);
    }
    em.process(p);
    if (r.chance(0.3)) em.image(t + 200 * 1000, p, DLLS['taskschd.dll']);
  }
  for (let t = d0 + r.int(0, 3600) * SEC; t < d1; t += r.exp(90 * MIN)) {
    const p = dev.spawn(b.searchIndexer, IMG.searchProtocolHost, t, '"C:\\Windows\\system32\\SearchProtocolHost.exe" Global\\UsGthrFltPipeMssGthrPipe_S-1-5-21 Global\\UsGthrCtrlFltPipeMssGthrPipe_S-1-5-21 1 -2147483646 "Software\\Microsoft\\Windows Search" "Mozilla/4.0 (compatible; MSIE 6.0; Windows NT; MS Search 4.0 Robot)" "C:\\ProgramData\\Microsoft\\Search\\Data\\Temp\\usgthrsvc" "DownLevelDaemon"');
    em.process(p);
    if (r.chance(0.6)) {
      const f = dev.spawn(b.searchIndexer, IMG.searchFilterHost, t + 300 * 1000, '"C:\\Windows\\system32\\SearchFilterHost.exe" 0 744 748 756 8192 752 728');
      em.process(f);
    }
  }
  for (let t = d0 + r.int(0, 3600) * SEC; t < d1; t += r.exp(3 * HOUR)) {
    const p = dev.spawn(b.svc['DcomLaunch -p'], IMG.wmiPrvSE, t, 'C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding', { acct: NETWORK_SERVICE });
    em.process(p);
  }
  // Registry churn from services
  for (let t = d0 + r.int(0, 1800) * SEC; t < d1; t += r.exp(40 * MIN)) {
    const k = r.int(0, 2);
    if (k === 0) {
      em.registry(t, b.svc['netsvcs -p -s BITS'], 'RegistryValueSet', {
        RegistryKey: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\BITS',
        RegistryValueType: 'Dword',
        RegistryValueName: 'StateIndex',
        RegistryValueData: String(r.int(0, 40)),
      });
    } else if (k === 1) {
      const key = `HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services\\Tcpip\\Parameters\\Interfaces\\{${r.guid()}}`;
      em.registry(t, b.svc['DcomLaunch -p'], 'RegistryKeyCreated', { RegistryKey: key });
      em.registry(t + 120 * SEC, b.svc['DcomLaunch -p'], 'RegistryKeyDeleted', { RegistryKey: key });
    } else {
      em.registry(t, b.svc['LocalSystemNetworkRestricted -p -s SysMain'], 'RegistryValueSet', {
        RegistryKey: 'HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control\\Session Manager\\Memory Management\\PrefetchParameters',
        RegistryValueType: 'Dword',
        RegistryValueName: 'BootId',
        RegistryValueData: String(r.int(20, 90)),
      });
    }
  }
  // Windows Update downloads and temp-file churn
  for (let t = d0 + r.int(1, 20) * HOUR; within(t) && r.chance(0.6); t += r.exp(4 * HOUR)) {
    const name = `windows10.0-kb50${r.int(30000, 39999)}-x64_${r.hex(12)}.psf`;
    em.file(t, b.svc['netsvcs -p -s wuauserv'], 'FileCreated', {
      FileName: name,
      FolderPath: `C:\\Windows\\SoftwareDistribution\\Download\\${r.hex(32)}\\${name}`,
      SHA1: r.hex(40),
      MD5: r.hex(32),
      FileSize: r.int(5_000_000, 90_000_000),
    });
  }
  for (let t = d0 + r.int(0, 3600) * SEC; t < d1; t += r.exp(2 * HOUR)) {
    const name = `${r.hex(8).toUpperCase()}.tmp`;
    const path = `C:\\Windows\\Temp\\${name}`;
    em.file(t, b.msmpeng, 'FileCreated', { FileName: name, FolderPath: path, SHA1: r.hex(40), MD5: r.hex(32), FileSize: r.int(1000, 80000) });
    em.file(t + r.int(5, 300) * SEC, b.msmpeng, 'FileDeleted', { FileName: name, FolderPath: path });
  }
  // Defender opening lsass (common benign noise)
  if (r.chance(0.5)) {
    em.event(d0 + r.int(0, 23) * HOUR, b.msmpeng, 'OpenProcessApiCall', {
      FileName: 'lsass.exe',
      FolderPath: IMG.lsass.path,
      ProcessId: b.lsass.pid,
      ProcessCreationTime: b.lsass.created,
    });
  }
  // IT inventory task: SYSTEM powershell with -EncodedCommand (benign but suspicious-looking)
  if (opts.itScript) {
    const t = d0 + 2 * HOUR + r.int(0, 1800) * SEC;
    const script = "Get-CimInstance Win32_OperatingSystem | Select-Object Caption,Version | Out-File C:\\ProgramData\\Contoso\\Inventory\\os.txt";
    const ps = dev.spawn(sched, IMG.powershell, t, `powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand ${b64utf16(script)}`);
    em.process(ps);
    const ch = dev.spawn(ps, IMG.conhost, t + 60 * 1000, '\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1');
    em.process(ch);
    em.image(t + 300 * 1000, ps, DLLS['system.management.automation.ni.dll']);
    em.image(t + 320 * 1000, ps, DLLS['amsi.dll']);
    em.event(t + 2 * SEC, ps, 'PowerShellCommand', { AdditionalFields: { Command: 'Get-CimInstance' } });
    em.event(t + 2200 * 1000, ps, 'PowerShellCommand', { AdditionalFields: { Command: 'Select-Object' } });
    em.event(t + 2400 * 1000, ps, 'PowerShellCommand', { AdditionalFields: { Command: 'Out-File' } });
    em.file(t + 3 * SEC, ps, 'FileModified', {
      FileName: 'os.txt',
      FolderPath: 'C:\\ProgramData\\Contoso\\Inventory\\os.txt',
      SHA1: r.hex(40),
      MD5: r.hex(32),
      FileSize: r.int(200, 400),
    });
  }
  if (opts.eicar) {
    const t = d0 + 11 * HOUR + r.int(0, 3599) * SEC;
    em.event(t, b.msmpeng, 'AntivirusDetection', {
      FileName: 'eicar.com.txt',
      FolderPath: 'C:\\Users\\Public\\Downloads\\eicar.com.txt',
      SHA1: '3395856ce81f2b7382dee72602f798b642f14140',
      SHA256: '275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f',
      MD5: '44d88612fea8a8f36de82e1278abb02f',
      AdditionalFields: { ThreatName: 'Virus:DOS/EICAR_Test_File', WasRemediated: true, WasExecutingWhileDetected: false, ReportSource: 'Realtime' },
    });
  }
}

export interface SessionFixed {
  logonTime: number;
  logonId: number;
  userinit?: { pid: number; created: number; cmd: string };
  explorer?: { pid: number; created: number; cmd: string };
  outlook?: { pid: number; created: number; cmd: string };
}

export interface Session {
  acct: Acct;
  userinit: Proc;
  explorer: Proc;
  outlook: Proc | null;
  edge: Proc | null;
  onedrive: Proc | null;
  /** The session's Teams client (absent where a writer builds its own session). */
  teams?: Proc;
  logonId: number;
  start: number;
  end: number;
}

/** An interactive user day: logon, shell, apps, browsing, documents. */
export function userSession(dev: Dev, em: DeviceEmitter, b: BootState, start: number, end: number, fx: SessionFixed, opts: { excelMacro?: boolean; logonScript?: boolean }): Session {
  const r = dev.rng;
  const u = dev.user!;
  const acct = userAcct(u, dev.onPrem);
  const uo = { acct, logonId: fx.logonId, integrity: 'Medium', elevation: 'TokenElevationTypeDefault', session: 1 } as const;
  em.logon(fx.logonTime, b.lsass, 'LogonSuccess', {
    LogonType: 'Interactive',
    AccountDomain: acct.domain,
    AccountName: acct.name,
    AccountSid: acct.sid,
    Protocol: dev.onPrem ? 'Kerberos' : 'Negotiate',
    IsLocalAdmin: false,
    LogonId: fx.logonId,
    AdditionalFields: { IsLocalLogon: true, IsRemote: false },
  });
  const mk = (parent: Proc, img: Img, t: number, cmd: string, f?: { pid: number; created: number; cmd: string }) => {
    const p = dev.spawn(parent, img, f?.created ?? t, f?.cmd ?? cmd, { ...uo, pid: f?.pid });
    em.process(p, f ? 0 : r.int(0, 4) * 1000);
    return p;
  };
  const userinit = mk(b.winlogon, IMG.userinit, fx.logonTime + 2.5 * SEC, 'C:\\Windows\\system32\\userinit.exe', fx.userinit);
  const explorer = mk(userinit, IMG.explorer, userinit.created + 0.53 * SEC, 'C:\\Windows\\Explorer.EXE', fx.explorer);
  mk(b.svc['netsvcs -p -s Schedule'], IMG.sihost, fx.logonTime + 1.9 * SEC, 'sihost.exe');
  mk(b.svc['netsvcs -p -s Schedule'], IMG.taskhostw, fx.logonTime + 2.1 * SEC, 'taskhostw.exe {222A245B-E637-4AE9-A93F-A59CA119A75E}');
  mk(b.svc['LocalSystemNetworkRestricted -p -s SysMain'], IMG.ctfmon, fx.logonTime + 2.2 * SEC, '"ctfmon.exe"');
  mk(explorer, IMG.securityHealthSystray, explorer.created + 6 * SEC, '"C:\\Windows\\System32\\SecurityHealthSystray.exe"');
  const od = oneDriveFor(u.accountName);
  const onedrive = mk(explorer, od, explorer.created + 7 * SEC, `"${od.path}" /background`);
  // OneDrive re-registers its Run key at start: a benign Run-key write on every device.
  em.registry(onedrive.created + 3 * SEC, onedrive, 'RegistryValueSet', {
    RegistryKey: `HKEY_CURRENT_USER\\${acct.sid}\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run`,
    RegistryValueType: 'String',
    RegistryValueName: 'OneDrive',
    RegistryValueData: `"${od.path}" /background`,
    PreviousRegistryValueData: `"${od.path}" /background`,
  });
  const teams = mk(explorer, IMG.teams, explorer.created + 9 * SEC, `"${IMG.teams.path}" --system-initiated`);
  if (opts.logonScript) {
    const gp = mk(b.svc['netsvcs -p -s gpsvc'], IMG.gpscript, fx.logonTime + 4 * SEC, 'gpscript.exe /Logon');
    const ws = mk(gp, IMG.wscript, fx.logonTime + 5 * SEC, '"C:\\Windows\\System32\\WScript.exe" "\\\\corp.contoso.example\\SysVol\\corp.contoso.example\\scripts\\mapdrives.vbs"');
    em.image(ws.created + 200 * 1000, ws, DLLS['scrrun.dll']);
  }
  const outlook = fx.outlook
    ? mk(explorer, IMG.outlook, 0, '', fx.outlook)
    : mk(explorer, IMG.outlook, explorer.created + r.int(30, 600) * SEC, `"${IMG.outlook.path}"`);
  em.image(outlook.created + 900 * 1000, outlook, DLLS['olmapi32.dll']);
  const edge = mk(explorer, IMG.msedge, explorer.created + r.int(60, 1800) * SEC, `"${IMG.msedge.path}" --no-startup-window /prefetch:5`);
  em.image(edge.created + 300 * 1000, edge, DLLS['msedge.dll']);
  for (const [k, typ] of [
    [0, 'gpu-process'],
    [1, 'utility --utility-sub-type=network.mojom.NetworkService'],
    [2, 'crashpad-handler'],
  ] as const) {
    mk(edge, IMG.msedge, edge.created + (k + 1) * 150 * 1000, `"${IMG.msedge.path}" --type=${typ} --lang=en-US --mojo-platform-channel-handle=${2000 + k * 12}`);
  }
  // Browsing: renderers and connections
  const renderers: Proc[] = [];
  for (let t = edge.created + 30 * SEC; t < end; t += r.exp(8 * MIN)) {
    const rp = mk(edge, IMG.msedge, t, `"${IMG.msedge.path}" --type=renderer --lang=en-US --js-flags=--ms-user-locale= --device-scale-factor=1 --renderer-client-id=${r.int(5, 300)} --mojo-platform-channel-handle=${r.int(3000, 9000)} /prefetch:1`);
    renderers.push(rp);
    const s = r.weighted(WEB_SITES);
    const n = r.int(0, 2);
    for (let k = 0; k < n; k++) conn(em, dev, t + r.int(1, 90) * SEC, edge, s, { failed: r.chance(0.03) });
    if (r.chance(0.05)) {
      em.event(t + 5 * SEC, edge, 'NtMapViewOfSectionRemoteApiCall', {
        FileName: 'msedge.exe',
        FolderPath: IMG.msedge.path,
        ProcessId: rp.pid,
        ProcessCreationTime: rp.created,
        ProcessCommandLine: rp.cmd,
      });
    }
  }
  // Downloads
  for (let t = start + r.int(1, 6) * HOUR; t < end && r.chance(0.45); t += r.exp(5 * HOUR)) {
    const [name, url] = r.pick(DOWNLOADS);
    em.file(t, edge, 'FileCreated', {
      FileName: name,
      FolderPath: `C:\\Users\\${u.accountName}\\Downloads\\${name}`,
      SHA1: r.hex(40),
      SHA256: r.hex(64),
      MD5: r.hex(32),
      FileSize: r.int(40_000, 4_000_000),
      FileOriginUrl: url,
      FileOriginReferrerUrl: `https://${new URL(url).host}/`,
      FileOriginIP: ipFor(new URL(url).host),
    });
  }
  // Mail, Teams, OneDrive traffic
  for (let t = outlook.created + 5 * SEC; t < end; t += r.exp(20 * MIN)) conn(em, dev, t, outlook, r.pick(OUTLOOK));
  for (let t = teams.created + 5 * SEC; t < end; t += r.exp(25 * MIN)) conn(em, dev, t, teams, r.pick(TEAMS));
  for (let t = onedrive.created + 10 * SEC; t < end; t += r.exp(45 * MIN)) {
    conn(em, dev, t, onedrive, r.pick(ONEDRIVE));
    if (r.chance(0.5)) {
      const d = r.pick(DOCS);
      em.file(t + 2 * SEC, onedrive, r.chance(0.8) ? 'FileModified' : 'FileCreated', {
        FileName: d,
        FolderPath: `C:\\Users\\${u.accountName}\\OneDrive - Contoso\\Documents\\${d}`,
        SHA1: r.hex(40),
        MD5: r.hex(32),
        FileSize: r.int(12_000, 900_000),
      });
    }
  }
  // Office documents (sometimes opened from Outlook)
  const nDocs = r.int(1, 4);
  for (let k = 0; k < nDocs; k++) {
    const t = start + r.int(20, Math.max(21, Math.floor((end - start) / MIN) - 30)) * MIN;
    const d = r.pick(DOCS);
    const ext = d.slice(d.lastIndexOf('.') + 1);
    const img = ext === 'xlsx' ? IMG.excel : ext === 'pptx' ? IMG.powerpnt : ext === 'docx' ? IMG.winword : null;
    if (!img) continue;
    const fromMail = r.chance(0.3);
    const path = fromMail
      ? `C:\\Users\\${u.accountName}\\AppData\\Local\\Microsoft\\Windows\\INetCache\\Content.Outlook\\${r.hex(8).toUpperCase()}\\${d}`
      : `C:\\Users\\${u.accountName}\\OneDrive - Contoso\\Documents\\${d}`;
    const p = mk(fromMail ? outlook : explorer, img, t, `"${img.path}" /n "${path}"`);
    em.image(t + 400 * 1000, p, DLLS['mso.dll']);
    if (img === IMG.winword) em.image(t + 450 * 1000, p, DLLS['wwlib.dll']);
    if (opts.excelMacro && img === IMG.excel) {
      em.image(t + 3 * SEC, p, DLLS['vbe7.dll']);
    }
    conn(em, dev, t + 4 * SEC, p, r.pick(OFFICE));
    em.file(t + r.int(60, 1800) * SEC, p, 'FileModified', {
      FileName: d,
      FolderPath: path,
      SHA1: r.hex(40),
      MD5: r.hex(32),
      FileSize: r.int(12_000, 900_000),
    });
    em.file(t + 2 * SEC, explorer, 'FileCreated', {
      FileName: `${d}.lnk`,
      FolderPath: `C:\\Users\\${u.accountName}\\AppData\\Roaming\\Microsoft\\Windows\\Recent\\${d}.lnk`,
      SHA1: r.hex(40),
      MD5: r.hex(32),
      FileSize: r.int(900, 2000),
    });
    em.registry(t + 2 * SEC, explorer, 'RegistryValueSet', {
      RegistryKey: `HKEY_CURRENT_USER\\${acct.sid}\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RecentDocs\\.${ext}`,
      RegistryValueType: 'Binary',
      RegistryValueName: String(r.int(0, 30)),
      RegistryValueData: r.hex(48),
    });
  }
  // RuntimeBroker / backgroundTaskHost under DcomLaunch (the normal parent of RuntimeBroker)
  for (let t = start + r.int(10, 300) * SEC; t < end; t += r.exp(75 * MIN)) {
    const img = r.chance(0.6) ? IMG.runtimebroker : IMG.backgroundTaskHost;
    const cmd = img === IMG.runtimebroker ? 'C:\\Windows\\System32\\RuntimeBroker.exe -Embedding' : '"C:\\Windows\\system32\\backgroundTaskHost.exe" -ServerName:BackgroundTaskHost.WebAccountProvider';
    mk(b.svc['DcomLaunch -p'], img, t, cmd);
  }
  // bam registry churn (per executed program)
  for (let t = start; t < end; t += r.exp(50 * MIN)) {
    em.registry(t, b.svc['LocalSystemNetworkRestricted -p -s SysMain'], 'RegistryValueSet', {
      RegistryKey: `HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services\\bam\\State\\UserSettings\\${acct.sid}`,
      RegistryValueType: 'Binary',
      RegistryValueName: `\\Device\\HarddiskVolume3\\${r.pick([IMG.notepad, IMG.msedge, IMG.outlook, IMG.teams, IMG.excel]).path.slice(3)}`,
      RegistryValueData: r.hex(48),
    });
  }
  // Occasional shell tools
  if (r.chance(0.35)) {
    const t = start + r.int(30, 400) * MIN;
    if (t < end) {
      const cmd = mk(explorer, IMG.cmd, t, '"C:\\Windows\\system32\\cmd.exe"');
      mk(cmd, IMG.conhost, t + 40 * 1000, '\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1');
    }
  }
  if (r.chance(0.3)) {
    const t = start + r.int(30, 400) * MIN;
    if (t < end) mk(explorer, IMG.notepad, t, `"C:\\Windows\\system32\\NOTEPAD.EXE" C:\\Users\\${u.accountName}\\Desktop\\notes.txt`);
  }
  // Screen unlocks and an occasional mistyped password
  for (let t = start + r.int(60, 180) * MIN; t < end; t += r.exp(150 * MIN)) {
    const bad = r.chance(0.08);
    em.logon(t, b.lsass, bad ? 'LogonFailed' : 'LogonSuccess', {
      LogonType: 'Unlock',
      AccountDomain: acct.domain,
      AccountName: acct.name,
      AccountSid: acct.sid,
      Protocol: dev.onPrem ? 'Kerberos' : 'Negotiate',
      FailureReason: bad ? 'InvalidUserNameOrPassword' : '',
      IsLocalAdmin: false,
      LogonId: bad ? 0 : fx.logonId + r.int(1, 9000),
      AdditionalFields: { IsLocalLogon: true, IsRemote: false },
    });
  }
  if (r.chance(0.05)) {
    em.event(start + r.int(30, 300) * MIN, b.svc['LocalSystemNetworkRestricted -p -s SysMain'], 'UsbDriveMounted', {
      AdditionalFields: { DriveLetter: 'E:' },
    });
  }
  return { acct, userinit, explorer, outlook, edge, onedrive, teams, logonId: fx.logonId, start, end };
}

export { ipFor, site, conn, b64utf16 };
