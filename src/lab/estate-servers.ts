/**
 * An onboarded on-premises server: app01, the intranet's IIS web server with its SQL Server
 * database, as a small IT shop runs them together. What it shows a hunter over the window:
 * - IIS: the intranet app pool (w3wp.exe) recycled every night; the helpdesk's "device lookup"
 *   page shells out to `cmd.exe /c ping` a few times a working day; after the web team deploys,
 *   the first request compiles the site (w3wp.exe → csc.exe → cvtres.exe);
 * - SQL Server Agent jobs at night: a CmdExec step copies the backups to backup01 with PowerShell
 *   `Copy-Item`, another prunes old backups with `forfiles … /c "cmd /c del @path"`;
 * - the Microsoft Monitoring Agent restarted by a daily scheduled task (`net stop HealthService`),
 *   the usual workaround for the agent's stuck cache;
 * - a vendor's old reporting script scheduled with `powershell.exe -Version 2.0` (loads the v2
 *   engine from the GAC);
 * - the IT admin: RDP sessions (now and then granting a developer "Remote Desktop Users" for a
 *   deployment and removing it afterwards), and the software-licence inventory pulled over WMI with
 *   an encoded PowerShell command (WmiPrvSE.exe → powershell.exe -EncodedCommand);
 * - the automation account's weekly compliance check of the server ring over PowerShell remoting
 *   (Thursday night), like its nightly checks of the workstations (estate-endpoint.ts).
 *
 * The server is a device of its own (not a background workstation): it has no interactive user
 * and draws from its own random streams, so nothing written before it changes.
 */
import { type BootState, b64utf16, boot, systemDay } from './background.ts';
import { adminAcctOf, EIMG } from './estate.ts';
import { AUTOMATION_HOST, AUTOMATION_IP, inboundLogon, SVC_AUTOMATION } from './estate-endpoint.ts';
import type { RdpFromDevice } from './estate-rdp.ts';
import { listenerOf } from './estate-routine.ts';
import { BACKUP01 } from './estate-tenant.ts';
import { DLLS, IMG, type Img, img } from './images.ts';
import type { DeviceDef, UserDef } from './model.ts';
import { domainSid } from './model.ts';
import { guidOf, hexOf, Rng } from './rng.ts';
import { DAY, HOUR, MIN, SEC } from './time.ts';
import { type Acct, Dev, type DeviceEmitter, NETWORK_SERVICE, type Proc, type Sinks, SYSTEM } from './world.ts';

const S32 = 'C:\\Windows\\System32\\';
const SQLBIN = 'C:\\Program Files\\Microsoft SQL Server\\MSSQL15.MSSQLSERVER\\MSSQL\\Binn\\';
const MMA = 'C:\\Program Files\\Microsoft Monitoring Agent\\Agent\\';
const NETFX = 'C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\';
const BACKUP_DIR = 'D:\\MSSQL\\Backup';
const HELPDESK_IP = '10.20.4.21';
/** The remote-access VPN's address pool (FortiClient). */
export const VPN_POOL = '10.20.8.';

const SIMG = {
  w3wp: img(`${S32}inetsrv\\w3wp.exe`, 'IIS Worker Process', 29_600, 'Microsoft Corporation', 'Internet Information Services', '10.0.17763.1'),
  sqlservr: img(`${SQLBIN}sqlservr.exe`, 'SQL Server Windows NT - 64 Bit', 516_168, 'Microsoft Corporation', 'Microsoft SQL Server', '2019.150.4360.2'),
  sqlagent: img(`${SQLBIN}SQLAGENT.EXE`, 'SQL Server Agent', 743_496, 'Microsoft Corporation', 'Microsoft SQL Server', '2019.150.4360.2'),
  healthService: img(`${MMA}HealthService.exe`, 'Microsoft Monitoring Agent Service', 31_128, 'Microsoft Corporation', 'System Center Operations Manager', '10.20.18069.0'),
  monitoringHost: img(`${MMA}MonitoringHost.exe`, 'Microsoft Monitoring Agent Host Process', 29_592, 'Microsoft Corporation', 'System Center Operations Manager', '10.20.18069.0'),
  csc: img(`${NETFX}csc.exe`, 'Visual C# Command Line Compiler', 2_759_232, 'Microsoft Corporation', 'Microsoft® .NET Framework', '4.8.4084.0'),
  cvtres: img(`${NETFX}cvtres.exe`, 'Microsoft® Resource File To COFF Object Conversion Utility', 48_248, 'Microsoft Corporation', 'Microsoft® .NET Framework', '14.10.25028.0'),
  ping: img(`${S32}PING.EXE`, 'TCP/IP Ping Command', 22_528),
  net: img(`${S32}net.exe`, 'Net Command', 56_832),
  net1: img(`${S32}net1.exe`, 'Net Command', 181_760),
  forfiles: img(`${S32}forfiles.exe`, 'ForFiles - Executes a command on selected files', 41_984),
  rdpclip: img(`${S32}rdpclip.exe`, 'RDP Clipboard Monitor', 320_512),
  appcmd: img(`${S32}inetsrv\\appcmd.exe`, 'Application Server Command Line Admin Tool', 254_464),
} satisfies Record<string, Img>;

/** The PowerShell 2.0 engine: loaded from the GAC's 1.0.0.0 folder when a script asks for -Version 2. */
const PS2_ENGINE = img('C:\\Windows\\assembly\\GAC_MSIL\\System.Management.Automation\\1.0.0.0__31bf3856ad364e35\\System.Management.Automation.dll', 'System.Management.Automation', 3_563_520, 'Microsoft Corporation', 'Microsoft® Windows® Operating System', '6.1.7600.16385');

/** IIS application pool identity: S-1-5-82 followed by the SHA-1 of the pool name (synthetic here). */
const POOL: Acct = { domain: 'iis apppool', name: 'intranet', sid: `S-1-5-82-${Array.from({ length: 5 }, (_, i) => Number.parseInt(hexOf(`apppool:intranet:${i}`, 8), 16) >>> 0).join('-')}`, upn: '', objectId: '' };
const MSSQL: Acct = { domain: 'nt service', name: 'mssqlserver', sid: 'S-1-5-80-3880718306-3832830129-1677859214-2598158968-1052248003', upn: '', objectId: '' };
const SQLAGENT: Acct = { domain: 'nt service', name: 'sqlserveragent', sid: 'S-1-5-80-344959196-2060754871-2302487193-2804545603-1466107430', upn: '', objectId: '' };
const SVC_REPORTS: Acct = { domain: 'corp', name: 'svc-intranet', sid: domainSid(1631), upn: '', objectId: '' };

export const APP01: DeviceDef = {
  key: 'srv-app01',
  name: 'app01.corp.contoso.example',
  deviceId: guidOf('mde:app01.corp.contoso.example').replace(/-/g, '') + guidOf('mde2:app01.corp.contoso.example').slice(0, 8),
  aadDeviceId: '',
  localIp: '10.20.0.21',
  publicIp: '203.0.113.10',
  joinType: 'Domain Joined',
  user: '',
  osPlatform: 'WindowsServer2019',
  osBuild: 17763,
  osVersionInfo: '1809',
  model: 'Virtual Machine',
  vendor: 'Microsoft Corporation',
  machineGroup: 'Servers',
  exposureLevel: 'Medium',
};

/** The inventory script the admin runs over WMI (encoded so the quoting survives Win32_Process.Create). */
const INVENTORY = "Get-ItemProperty HKLM:\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\*, HKLM:\\Software\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\* | Where-Object DisplayName | Select-Object DisplayName, DisplayVersion, Publisher | Export-Csv -NoTypeInformation -Path \\\\fs01.corp.contoso.example\\it$\\inventory\\$env:COMPUTERNAME.csv";

export interface ServerEstateCtx {
  em: DeviceEmitter;
  sinks: Sinks;
  seed: number;
  days: number[];
  /** Background workstations (their users browse the intranet; developers get deployment access). */
  devs: Dev[];
  adminDevKeys: Set<string>;
  /** Writes DeviceInfo and DeviceNetworkInfo for the given devices (generate.ts). */
  inventory: (devs: Dev[], rng: Rng) => void;
  /** Receives the RDP sessions that come from onboarded devices (their client side: estate-rdp.ts). */
  rdpFromDevices?: RdpFromDevice[];
}

/** Writes app01's rows; returns the server so callers may list it. */
export function writeServerEstate(c: ServerEstateCtx): Dev | undefined {
  if (c.devs.length === 0) return undefined;
  const root = new Rng((c.seed ^ 0x05e7a01) >>> 0, 0x5e7a);
  const dev = new Dev(APP01, root.fork('device'), null, { isServer: true });
  const em = c.em;
  // Rebooted early on the first day in the weekly maintenance window.
  const b = boot(dev, em, c.days[0] + (2 * 60 + root.fork('boot').int(40, 80)) * MIN);
  for (let k = 0; k < c.days.length; k++) systemDay(dev, em, b, k === 0 ? b.winlogon.created + 60 * SEC : c.days[k], c.days[k] + DAY, {});
  c.inventory([dev], root.fork('inventory'));

  const sv = new Server(dev, em, b, root.fork('services'));
  sv.rdpLog = c.rdpFromDevices ?? null;
  const admins = c.devs.filter((d) => c.adminDevKeys.has(d.def.key) && d.user);
  const developers = c.devs.filter((d) => d.user && ['Engineering', 'IT'].includes(d.user.department ?? '') && !c.adminDevKeys.has(d.def.key));
  for (let k = 0; k < c.days.length; k++) {
    const r = root.fork(`day:${k}`);
    sv.r = r;
    const d0 = c.days[k];
    sv.appPool(d0 + 2 * HOUR + r.int(0, 59) * SEC);
    sv.backupJobs(d0);
    sv.agentRestart(d0);
    sv.legacyReport(d0);
    sv.helpdeskLookups(d0, c.devs);
    if (r.chance(0.4)) sv.deployment(d0);
    for (const a of admins) {
      if (r.chance(0.4)) sv.adminRdp(d0, k, a, r.chance(0.35) && developers.length ? r.pick(developers).user! : null);
      if (r.chance(0.3)) sv.wmiInventory(d0, a);
    }
    // The automation account checks the server ring once a week, in the Thursday-night window.
    if (new Date(d0 / 1000).getUTCDay() === 4) sv.serverRingCheck(d0);
  }
  // The reporting vendor's support session, on one day of the window (its own stream: nothing above moves).
  const vendor = root.fork('vendor');
  const vendorDay = vendor.int(0, c.days.length - 1);
  sv.r = vendor;
  sv.vendorSupport(c.days[vendorDay]);
  // What the server listens on after its boot (no random draws: nothing above moves).
  sv.listeners();
  return dev;
}

class Server {
  r: Rng;
  rdpLog: RdpFromDevice[] | null = null;
  private pool: Proc | null = null;
  private readonly agentSvc: Proc;
  private readonly sched: Proc;
  private readonly was: Proc;
  private readonly termsvc: Proc;
  private readonly sql: Proc;

  constructor(
    readonly dev: Dev,
    readonly em: DeviceEmitter,
    readonly b: BootState,
    r: Rng,
  ) {
    this.r = r;
    const t = b.services.created + 40 * SEC;
    this.sched = b.svc['netsvcs -p -s Schedule'];
    this.was = this.run(b.services, IMG.svchost, t - 20 * SEC, 'C:\\Windows\\system32\\svchost.exe -k iissvcs', { acct: SYSTEM });
    this.termsvc = this.run(b.services, IMG.svchost, t - 30 * SEC, 'C:\\Windows\\System32\\svchost.exe -k NetworkService -s TermService', { acct: NETWORK_SERVICE });
    this.agentSvc = this.run(b.services, SIMG.sqlagent, t + 20 * SEC, `"${SIMG.sqlagent.path}" -i MSSQLSERVER`, { acct: SQLAGENT, integrity: 'High', elevation: 'TokenElevationTypeDefault', logonId: r.int(200000, 900000) });
    this.sql = this.run(b.services, SIMG.sqlservr, t, `"${SIMG.sqlservr.path}" -sMSSQLSERVER`, { acct: MSSQL, integrity: 'High', elevation: 'TokenElevationTypeDefault', logonId: r.int(200000, 900000) });
    this.startAgent(t + 30 * SEC);
  }

  run(parent: Proc, image: Img, t: number, cmd: string, o: Parameters<Dev['spawn']>[4] = {}): Proc {
    const p = this.dev.spawn(parent, image, t, cmd, { pid: this.r.int(100, 4000) * 4, showSha256: image.alwaysSha256 || this.r.chance(0.5), ...o });
    this.em.process(p, this.r.int(0, 3) * 1000);
    return p;
  }

  /**
   * The sockets app01 listens on once its services are up, as on the workstations (estate-routine.ts)
   * plus a server's own: IIS's sites on 80 and 443 through HTTP.sys (reported as System, pid 4, like
   * WinRM's 5985), SQL Server's default instance on 1433, and Remote Desktop on 3389 in TermService's
   * svchost.
   */
  listeners(): void {
    const { dev, b, em } = this;
    const t0 = b.services.created;
    const listen = listenerOf(em);
    listen(t0 + 2 * SEC, b.svc['RPCSS -p'], '0.0.0.0', 135);
    listen(t0 + 6 * SEC, b.system, '0.0.0.0', 445);
    listen(t0 + 7 * SEC, b.system, dev.def.localIp, 139);
    listen(this.termsvc.created + 3 * SEC, this.termsvc, '0.0.0.0', 3389);
    listen(this.was.created + 9 * SEC, b.system, '0.0.0.0', 80);
    listen(this.was.created + 9 * SEC + 40_000, b.system, '0.0.0.0', 443);
    listen(t0 + 25 * SEC, b.system, '0.0.0.0', 5985);
    listen(this.sql.created + 11 * SEC, this.sql, '0.0.0.0', 1433);
  }

  private startAgent(t: number): Proc {
    const hs = this.run(this.b.services, SIMG.healthService, t, `"${SIMG.healthService.path}"`);
    this.run(hs, SIMG.monitoringHost, t + 15 * SEC, `"${SIMG.monitoringHost.path}" -Embedding`);
    return hs;
  }

  /** The intranet pool recycles at 02:00 (fixed schedule); the first request starts a fresh worker. */
  appPool(t: number): void {
    this.pool = this.run(this.was, SIMG.w3wp, t, `c:\\windows\\system32\\inetsrv\\w3wp.exe -ap "Intranet" -v "v4.0" -l "webengine4.dll" -a \\\\.\\pipe\\iisipm${guidOf(`iisipm:${t}`)} -h "C:\\inetpub\\temp\\apppools\\Intranet\\Intranet.config" -w "" -m 0 -t 20 -ta 0`, {
      acct: POOL,
      integrity: 'High',
      elevation: 'TokenElevationTypeDefault',
      logonId: this.r.int(200000, 900000),
    });
  }

  /** Helpdesk staff check whether a user's device answers: the lookup page pings it through cmd.exe. */
  helpdeskLookups(d0: number, devs: Dev[]): void {
    const { r } = this;
    if (!this.pool) return;
    const n = r.weighted([[0, 2], [1, 3], [2, 3], [4, 2], [6, 1]] as const);
    for (let i = 0; i < n; i++) {
      const t = d0 + r.int(8 * 60, 17 * 60) * MIN + r.int(0, 59_999) * 1000;
      const target = r.pick(devs);
      this.em.network(t - 2 * SEC, this.pool, 'InboundConnectionAccepted', { RemoteIP: HELPDESK_IP, RemotePort: r.int(49700, 65000), RemoteUrl: '', LocalIP: this.dev.def.localIp, LocalPort: 443, Protocol: 'Tcp', LocalIPType: 'Private', RemoteIPType: 'Private' });
      const c = this.run(this.pool, IMG.cmd, t, `cmd.exe /c ping -n 2 -w 1000 ${target.name}`);
      this.run(c, SIMG.ping, t + 100 * 1000, `ping  -n 2 -w 1000 ${target.name}`);
    }
  }

  /** The web team publishes a new build; the next request compiles the changed pages. */
  deployment(d0: number): void {
    const { r } = this;
    if (!this.pool) return;
    const t = d0 + r.int(16 * 60, 18 * 60) * MIN + r.int(0, 59_999) * 1000;
    const dir = `${NETFX}Temporary ASP.NET Files\\root\\${hexOf(`aspnet:root:${this.dev.id}`, 8)}\\${hexOf(`aspnet:site:${this.dev.id}`, 8)}`;
    const batch = r.hex(8);
    const csc = this.run(this.pool, SIMG.csc, t, `"${SIMG.csc.path}" /noconfig /fullpaths @"${dir}\\${batch}.cmdline"`);
    this.run(csc, SIMG.cvtres, t + 900 * 1000, `C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\cvtres.exe /NOLOGO /READONLY /MACHINE:IX86 "/OUT:C:\\Windows\\Temp\\RES${r.hex(4).toUpperCase()}.tmp" "${dir}\\CSC${r.hex(32).toUpperCase()}.TMP"`);
    const dll = `App_Web_${r.hex(8)}.dll`;
    this.em.file(t + 2 * SEC, csc, 'FileCreated', { FileName: dll, FolderPath: `${dir}\\${dll}`, SHA1: r.hex(40), SHA256: r.hex(64), MD5: r.hex(32), FileSize: r.int(20_000, 400_000) });
  }

  /** SQL Server Agent's nightly jobs (CmdExec steps): copy the backups off the box, prune old ones. */
  backupJobs(d0: number): void {
    const { r } = this;
    const t = d0 + 60 * MIN + r.int(20, 40) * MIN + r.int(0, 59_999) * 1000;
    const copy = this.run(this.agentSvc, IMG.powershell, t, `powershell.exe -NoProfile -NonInteractive -Command "Copy-Item -Path '${BACKUP_DIR}\\*.bak' -Destination '\\\\${BACKUP01.name}\\sql$\\app01\\' -Force"`);
    this.em.network(t + 2 * SEC, copy, 'ConnectionSuccess', { RemoteIP: BACKUP01.ip, RemotePort: 445, RemoteUrl: '', LocalIP: this.dev.def.localIp, LocalPort: r.int(49700, 65000), Protocol: 'Tcp', LocalIPType: 'Private', RemoteIPType: 'Private' });
    this.em.event(t + 3 * SEC, copy, 'PowerShellCommand', { AdditionalFields: { Command: 'Copy-Item' } });
    const t2 = t + r.int(8, 20) * MIN;
    const ff = this.run(this.agentSvc, SIMG.forfiles, t2, `forfiles.exe /p "${BACKUP_DIR}" /m *.bak /d -7 /c "cmd /c del @path"`);
    const day = new Date(d0 - 8 * DAY).toISOString().slice(0, 10).replace(/-/g, '');
    for (const db of ['Intranet', 'IntranetLogs']) {
      const name = `${db}_FULL_${day}_010000.bak`;
      const del = this.run(ff, IMG.cmd, t2 + r.int(1, 3) * SEC, `cmd  /c del "${BACKUP_DIR}\\${name}"`);
      this.em.file(t2 + 4 * SEC, del, 'FileDeleted', { FileName: name, FolderPath: `${BACKUP_DIR}\\${name}` });
    }
  }

  /** A scheduled task restarts the monitoring agent every morning (its cache otherwise stalls). */
  agentRestart(d0: number): void {
    const { r } = this;
    const t = d0 + 4 * HOUR + r.int(0, 90) * SEC;
    const c = this.run(this.sched, IMG.cmd, t, 'cmd.exe /c "net stop HealthService && net start HealthService"');
    const stop = this.run(c, SIMG.net, t + 1 * SEC, 'net  stop HealthService');
    this.run(stop, SIMG.net1, t + 1200 * 1000, ' C:\\Windows\\system32\\net1  stop HealthService');
    const start = this.run(c, SIMG.net, t + r.int(8, 25) * SEC, 'net  start HealthService');
    this.run(start, SIMG.net1, start.created + 200, ' C:\\Windows\\system32\\net1  start HealthService');
    this.startAgent(start.created + 2 * SEC);
  }

  /** A vendor's reporting script, written for PowerShell 2.0, runs nightly under its service account. */
  legacyReport(d0: number): void {
    const { r } = this;
    const t = d0 + 5 * HOUR + 30 * MIN + r.int(0, 120) * SEC;
    this.em.logon(t - 1 * SEC, this.b.lsass, 'LogonSuccess', {
      LogonType: 'Batch',
      AccountDomain: SVC_REPORTS.domain,
      AccountName: SVC_REPORTS.name,
      AccountSid: SVC_REPORTS.sid,
      Protocol: 'Kerberos',
      IsLocalAdmin: false,
      LogonId: r.int(200000, 9000000),
      AdditionalFields: { IsLocalLogon: true, IsRemote: false },
    });
    const ps = this.run(this.sched, IMG.powershell, t, 'powershell.exe -Version 2.0 -NoProfile -ExecutionPolicy Bypass -File "D:\\Apps\\IntranetReports\\Export-MonthlyStats.ps1"', {
      acct: SVC_REPORTS,
      integrity: 'Medium',
      elevation: 'TokenElevationTypeDefault',
      logonId: r.int(200000, 9000000),
    });
    this.em.image(t + 600 * 1000, ps, PS2_ENGINE);
    const out = `IntranetStats_${new Date(d0).toISOString().slice(0, 10)}.csv`;
    this.em.file(t + r.int(20, 90) * SEC, ps, 'FileCreated', { FileName: out, FolderPath: `D:\\Apps\\IntranetReports\\Out\\${out}`, SHA1: r.hex(40), SHA256: r.hex(64), MD5: r.hex(32), FileSize: r.int(4_000, 60_000) });
  }

  /**
   * The reporting vendor's support engineer works a ticket: over the company's VPN (an address of
   * the VPN pool, a laptop that is not the domain's) they log on to the server by RDP as the
   * service account their product runs under (its password was handed over at installation), open
   * the report's configuration in Notepad and recycle the intranet app pool with appcmd: a
   * service account used interactively.
   */
  vendorSupport(d0: number): void {
    const { r, em, b } = this;
    const t = d0 + r.int(13 * 60, 16 * 60) * MIN + r.int(0, 59_999) * 1000;
    const vpnIp = `${VPN_POOL}${r.int(20, 200)}`;
    const logonId = inboundLogon(em, r, b.lsass, this.termsvc, t, { localIp: this.dev.def.localIp, localPort: 3389, logonType: 'RemoteInteractive', logonAfter: 6 * SEC, acct: SVC_REPORTS, remoteName: '', remoteIp: vpnIp });
    const sess = { acct: SVC_REPORTS, logonId, integrity: 'Medium', elevation: 'TokenElevationTypeLimited', session: 3 } as const;
    const ui = this.run(b.winlogon, IMG.userinit, t + 8 * SEC, 'C:\\Windows\\system32\\userinit.exe', sess);
    const ex = this.run(ui, IMG.explorer, t + 9 * SEC, 'C:\\Windows\\Explorer.EXE', sess);
    this.run(this.sched, SIMG.rdpclip, t + 10 * SEC, 'rdpclip', sess);
    this.run(ex, IMG.notepad, t + r.int(2, 10) * MIN, '"C:\\Windows\\system32\\notepad.exe" D:\\Apps\\IntranetReports\\IntranetReports.config', sess);
    const con = this.run(ex, IMG.cmd, t + r.int(12, 30) * MIN, '"C:\\Windows\\system32\\cmd.exe"', { ...sess, integrity: 'High', elevation: 'TokenElevationTypeFull' });
    this.run(con, SIMG.appcmd, con.created + r.int(20, 120) * SEC, 'appcmd  recycle apppool /apppool.name:"Intranet"', { ...sess, integrity: 'High', elevation: 'TokenElevationTypeFull' });
  }

  /** The admin works on the server over RDP; sometimes grants a developer RDP access for a deployment. */
  adminRdp(d0: number, day: number, a: Dev, grantTo: UserDef | null): void {
    const { r, em, b } = this;
    const adm = adminAcctOf(a.user!);
    const t = d0 + r.int(9 * 60, 16 * 60) * MIN + r.int(0, 59_999) * 1000;
    const onAccept = (clientPort: number) => this.rdpLog?.push({ src: a, day, accepted: t, clientPort, target: this.dev });
    const logonId = inboundLogon(em, r, b.lsass, this.termsvc, t, { localIp: this.dev.def.localIp, localPort: 3389, logonType: 'RemoteInteractive', logonAfter: 5 * SEC, acct: adm, remoteName: a.name, remoteIp: a.def.localIp, onAccept });
    const sess = { acct: adm, logonId, integrity: 'High', elevation: 'TokenElevationTypeFull', session: 2 } as const;
    this.run(this.sched, SIMG.rdpclip, t + 9 * SEC, 'rdpclip', { ...sess, integrity: 'Medium' });
    if (!grantTo) return;
    const console = this.run(b.services, IMG.cmd, t + r.int(2, 10) * MIN, '"C:\\Windows\\system32\\cmd.exe"', sess);
    const member = `CORP\\${grantTo.accountName}`;
    this.groupChange(console, console.created + r.int(10, 60) * SEC, 'add', member, grantTo);
    // Removed when the deployment is done, a few hours later the same day.
    const later = this.run(b.services, IMG.cmd, console.created + r.int(2, 6) * HOUR, '"C:\\Windows\\system32\\cmd.exe"', sess);
    this.groupChange(later, later.created + r.int(10, 60) * SEC, 'delete', member, grantTo);
  }

  private groupChange(console: Proc, t: number, verb: 'add' | 'delete', member: string, u: UserDef): void {
    const n = this.run(console, SIMG.net, t, `net  localgroup "Remote Desktop Users" ${member} /${verb}`);
    const n1 = this.run(n, SIMG.net1, t + 200 * 1000, ` C:\\Windows\\system32\\net1  localgroup "Remote Desktop Users" ${member} /${verb}`);
    // Defender names the member only by its SID (AccountSid; AccountName and AccountDomain stay empty,
    // hunts resolve the SID through IdentityInfo) and the local group in AdditionalFields.
    this.em.event(t + 300 * 1000, n1, verb === 'add' ? 'UserAccountAddedToLocalGroup' : 'UserAccountRemovedFromLocalGroup', {
      AccountSid: u.onPremSid ?? '',
      AdditionalFields: { GroupName: 'Remote Desktop Users', GroupDomainName: 'BUILTIN', GroupSid: 'S-1-5-32-555' },
    });
  }

  /** The admin's licence inventory: Win32_Process.Create of an encoded PowerShell command on the server. */
  wmiInventory(d0: number, a: Dev): void {
    const { r, em, b } = this;
    const adm = adminAcctOf(a.user!);
    const t = d0 + r.int(9 * 60, 17 * 60) * MIN + r.int(0, 59_999) * 1000;
    const logonId = inboundLogon(em, r, b.lsass, b.svc['RPCSS -p'], t, { localIp: this.dev.def.localIp, localPort: 135, logonType: 'Network', logonAfter: 300 * 1000, acct: adm, remoteName: a.name, remoteIp: a.def.localIp });
    const prv = this.run(b.svc['DcomLaunch -p'], IMG.wmiPrvSE, t + 1 * SEC, 'C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding', { acct: NETWORK_SERVICE });
    const ps = this.run(prv, IMG.powershell, t + 2 * SEC, `powershell.exe -NoProfile -NonInteractive -EncodedCommand ${b64utf16(INVENTORY)}`, { acct: adm, logonId, integrity: 'High', elevation: 'TokenElevationTypeDefault', session: 0 });
    em.event(t + 2 * SEC, prv, 'ProcessCreatedUsingWmiQuery', { FileName: ps.img.name, FolderPath: ps.img.path, ProcessId: ps.pid, ProcessCommandLine: ps.cmd, ProcessCreationTime: ps.created, AccountDomain: adm.domain, AccountName: adm.name, AccountSid: adm.sid, RemoteDeviceName: a.name, RemoteIP: a.def.localIp });
    em.event(t + 4 * SEC, ps, 'PowerShellCommand', { AdditionalFields: { Command: 'Get-ItemProperty' } });
    em.event(t + 5 * SEC, ps, 'PowerShellCommand', { AdditionalFields: { Command: 'Export-Csv' } });
  }
  /** svc-automation from auto01 over WinRM: patches, services and the app pool's state. */
  serverRingCheck(d0: number): void {
    const { r, em, b } = this;
    const t = d0 + r.int(60, 180) * MIN + r.int(0, 59_999) * 1000;
    const logonId = inboundLogon(em, r, b.lsass, b.svc['NetworkService -p -s Dnscache'], t, { localIp: this.dev.def.localIp, localPort: 5985, logonType: 'Network', logonAfter: 300 * 1000, acct: SVC_AUTOMATION, remoteName: AUTOMATION_HOST, remoteIp: AUTOMATION_IP });
    const host = this.run(b.svc['DcomLaunch -p'], EIMG.wsmprovhost, t + 1 * SEC, 'C:\\Windows\\system32\\wsmprovhost.exe -Embedding', { acct: SVC_AUTOMATION, logonId, integrity: 'High', elevation: 'TokenElevationTypeDefault', session: 0 });
    em.image(t + 1.5 * SEC, host, DLLS['system.management.automation.ni.dll']);
    const cmds = ['Get-HotFix', 'Get-Service', 'Get-WebAppPoolState', 'Get-CimInstance'];
    for (let i = 0; i < cmds.length; i++) em.event(t + (2 + i) * SEC, host, 'PowerShellCommand', { AdditionalFields: { Command: cmds[i] } });
  }
}
