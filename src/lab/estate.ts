/**
 * What a real estate looks like to a hunter, on the background devices: IT administrators working
 * remotely (PsExec, WMI, PowerShell remoting, RDP, discovery commands), management agents running
 * scripts (some with -EncodedCommand), LOLBins used for their ordinary purposes (rundll32 printer
 * and control-panel entries, certutil hashing, schtasks, reg, sc, msiexec installs), crash reports,
 * uncommon but benign parent/child pairs, USB devices, SmartScreen and audit-mode protections, a
 * service account with an expired password, and unusual but explained logons.
 *
 * Each habit has a rate per device-day; nothing here is shaped after a particular query. The module
 * draws from its own random stream and runs after everything else, so the rest of the lab (the
 * scenario's devices and the practice answers) is unchanged: it only adds rows on background devices.
 */
import type { BootState, Session } from './background.ts';
import { b64utf16, conn, site } from './background.ts';
import { DLLS, IMG, type Img, img } from './images.ts';
import { guidOf, Rng } from './rng.ts';
import type { UserDef } from './model.ts';
import { DAY, HOUR, MIN, SEC } from './time.ts';
import { type Acct, type DeviceEmitter, type Dev, type Proc, SYSTEM } from './world.ts';
import { domainSid, DOMAIN_SID } from './model.ts';
import { dailyTrigger, taskFields } from './task-content.ts';

const S32 = 'C:\\Windows\\System32\\';
const IME = 'C:\\Program Files (x86)\\Microsoft Intune Management Extension\\';
const RMM = 'C:\\Program Files\\Contoso\\RMM Agent\\';

/** Images that only the estate's habits run. */
export const EIMG = {
  psexec: img('C:\\Tools\\Sysinternals\\PsExec64.exe', 'Execute processes remotely', 833472, 'Sysinternals - www.sysinternals.com', 'Sysinternals PsExec', '2.43'),
  psexesvc: img('C:\\Windows\\PSEXESVC.exe', 'PsExec Service', 199040, 'Sysinternals - www.sysinternals.com', 'Sysinternals PsExec', '2.43'),
  wmic: img(`${S32}wbem\\WMIC.exe`, 'WMI Commandline Utility', 520192),
  wsmprovhost: img(`${S32}wsmprovhost.exe`, 'Host process for WinRM plug-ins', 34816),
  net: img(`${S32}net.exe`, 'Net Command', 56832),
  net1: img(`${S32}net1.exe`, 'Net Command', 181760),
  whoami: img(`${S32}whoami.exe`, 'whoami - displays logged on user information', 73216),
  nltest: img(`${S32}nltest.exe`, 'Microsoft® Logon Server Test Utility', 495616),
  ipconfig: img(`${S32}ipconfig.exe`, 'IP Configuration Utility', 35840),
  ping: img(`${S32}PING.EXE`, 'TCP/IP Ping Command', 22528),
  nslookup: img(`${S32}nslookup.exe`, 'nslookup', 88064),
  gpresult: img(`${S32}gpresult.exe`, 'Query Group Policy RSOP Data', 236544),
  quser: img(`${S32}quser.exe`, 'Query User Utility', 23552),
  klist: img(`${S32}klist.exe`, 'Kerberos List Tool', 32768),
  systeminfo: img(`${S32}systeminfo.exe`, 'Displays system information', 90112),
  certutil: img(`${S32}certutil.exe`, 'CertUtil.exe', 1585152),
  schtasks: img(`${S32}schtasks.exe`, 'Task Scheduler Configuration Tool', 235520),
  reg: img(`${S32}reg.exe`, 'Registry Console Tool', 76288),
  sc: img(`${S32}sc.exe`, 'Service Control Manager Configuration Tool', 70144),
  netsh: img(`${S32}netsh.exe`, 'Network Command Shell', 96768),
  taskkill: img(`${S32}taskkill.exe`, 'Terminates Processes', 86016),
  werfault: img(`${S32}WerFault.exe`, 'Windows Problem Reporting', 570368),
  splwow64: img('C:\\Windows\\splwow64.exe', 'Print driver host for applications', 163840),
  mstsc: img(`${S32}mstsc.exe`, 'Remote Desktop Connection', 1319936),
  rdpclip: img(`${S32}rdpclip.exe`, 'RDP Clipboard Monitor', 320512),
  regsvr32: img(`${S32}regsvr32.exe`, 'Microsoft(C) Register Server', 25088),
  cscript: img(`${S32}cscript.exe`, 'Microsoft ® Console Based Script Host', 161792),
  vssadmin: img(`${S32}vssadmin.exe`, 'Command Line Interface for Microsoft® Volume Shadow Copy Service', 135168),
  wevtutil: img(`${S32}wevtutil.exe`, 'Eventing Command Line Utility', 221696),
  fsutil: img(`${S32}fsutil.exe`, 'fsutil.exe', 193536),
  robocopy: img(`${S32}Robocopy.exe`, 'Microsoft® Robust File Copy', 137728),
  /** The 32-bit installer host that runs MSI custom actions (its command line names syswow64). */
  msiexec32: img('C:\\Windows\\SysWOW64\\msiexec.exe', 'Windows® installer', 59904),
  bitsadmin: img(`${S32}bitsadmin.exe`, 'BITS administration utility', 191488),
  psIse: img(`${S32}WindowsPowerShell\\v1.0\\powershell_ise.exe`, 'Windows PowerShell ISE', 225280),
  sevenZipCli: img('C:\\Program Files\\7-Zip\\7z.exe', '7-Zip Console', 545280, 'Igor Pavlov', '7-Zip', '23.01'),
  imeAgent: img(`${IME}Microsoft.Management.Services.IntuneWindowsAgent.exe`, 'Microsoft Intune Management Extension', 71560, 'Microsoft Corporation', 'Microsoft Intune Management Extension', '1.78.203.0'),
  agentExecutor: img(`${IME}AgentExecutor.exe`, 'AgentExecutor', 48520, 'Microsoft Corporation', 'Microsoft Intune Management Extension', '1.78.203.0'),
  rmmAgent: img(`${RMM}rmmagent.exe`, 'Contoso RMM Agent Service', 3245568, 'Contoso Ltd', 'Contoso RMM', '7.2.0.118'),
  javaw: img('C:\\Program Files\\Eclipse Adoptium\\jre-17.0.11.9-hotspot\\bin\\java.exe', 'OpenJDK Platform binary', 38912, 'Eclipse Adoptium', 'OpenJDK Platform 17.0.11', '17.0.11.0'),
  teamsUpdate: img('C:\\Program Files (x86)\\Microsoft\\TeamsMeetingAddin\\1.0.24102.2\\x64\\Microsoft.Teams.AddinLoader.exe', 'Microsoft Teams Meeting Add-in loader', 84512, 'Microsoft Corporation', 'Microsoft Teams', '1.0.24102.2'),
} satisfies Record<string, Img>;

const PRINTERS = ['\\\\print01.corp.contoso.example\\Floor2-MFP', '\\\\print01.corp.contoso.example\\Floor3-Color', '\\\\print01.corp.contoso.example\\Reception'];
const SHARE_SITES = ['github.com', 'raw.githubusercontent.com', 'objects.githubusercontent.com', 'www.dropbox.com', 'drive.google.com', 'wetransfer.com', 'live.sysinternals.com', 'download.sysinternals.com', 'the.earth.li', 'www.7-zip.org', 'pastebin.com', 'api.ipify.org'].map(site);
const USB = [
  ['USB Input Device', 'HIDClass', 'USB\\VID_046D&PID_C52B'],
  ['Logitech USB Receiver', 'HIDClass', 'USB\\VID_046D&PID_C534'],
  ['USB Mass Storage Device', 'USB', 'USB\\VID_0781&PID_5583'],
  ['Generic USB Hub', 'USB', 'USB\\VID_05E3&PID_0610'],
  ['Dell USB-C Dock WD19', 'USB', 'USB\\VID_413C&PID_B06E'],
  ['SanDisk Ultra USB 3.0', 'DiskDrive', 'USBSTOR\\DISK&VEN_SANDISK&PROD_ULTRA'],
  ['Integrated Webcam', 'Camera', 'USB\\VID_0BDA&PID_5652'],
] as const;

/** Windows device setup class GUIDs (the ClassId Defender reports with PnpDeviceConnected). */
const SETUP_CLASS_GUIDS: Record<string, string> = {
  HIDClass: '{745a17a0-74d3-11d0-b6fe-00a0c90f57da}',
  USB: '{36fc9e60-c465-11cf-8056-444553540000}',
  DiskDrive: '{4d36e967-e325-11ce-bfc1-08002be10318}',
  Camera: '{ca3e7ab9-b4c3-4ae6-8251-579ef933890f}',
};

export interface EstateCtx {
  em: DeviceEmitter;
  seed: number;
  days: number[];
  /** Background devices only: the scenario's own devices stay exactly as scripted. */
  devs: Dev[];
  boots: Map<string, BootState>;
  sessions: Map<string, Session>;
  /** The IT administrators' workstations (their user does the remote administration). */
  adminDevKeys: Set<string>;
}

/** Writes the estate's habits on the background devices. */
export function writeEstate(c: EstateCtx): void {
  if (c.devs.length === 0) return;
  const root = new Rng((c.seed ^ 0x3e57a7e) >>> 0, 0x57a7e);
  const admins = c.devs.filter((d) => c.adminDevKeys.has(d.def.key) && d.user);
  const svcAcct: Acct = { domain: 'corp', name: 'svc-backup', sid: domainSid(1611), upn: '', objectId: '' };
  const expiredOn = root.fork('svc').int(0, c.devs.length - 1);
  for (const dev of c.devs) {
    const b = c.boots.get(dev.def.key);
    if (!b) continue;
    for (let k = 0; k < c.days.length; k++) {
      const r = root.fork(`${dev.def.key}:${k}`);
      const h = new Habits(dev, c.em, b, c.sessions.get(`${dev.def.key}:${k}`), c.days[k], r);
      h.managementAgents();
      h.systemLolbins();
      h.usbAndProtection();
      h.userHabits();
      if (dev === c.devs[expiredOn] && k === 2) h.expiredServiceAccount(svcAcct);
      if (admins.some((a) => a === dev)) h.adminWorkstation(c.devs.filter((d) => d !== dev));
    }
  }
  // Remote administration lands on the peers: services, WMI, WinRM and logons there.
  for (const a of admins) {
    const r = root.fork(`admin:${a.def.key}`);
    for (let k = 0; k < c.days.length; k++) {
      const s = c.sessions.get(`${a.def.key}:${k}`);
      if (!s) continue;
      const peers = c.devs.filter((d) => d !== a && c.boots.has(d.def.key));
      const n = r.int(1, 4);
      for (let i = 0; i < n && peers.length; i++) {
        const peer = r.pick(peers);
        const t = s.start + r.int(30, Math.max(31, Math.floor((s.end - s.start) / MIN) - 30)) * MIN;
        remoteAdmin(c.em, a, s, peer, c.boots.get(peer.def.key)!, t, r);
      }
    }
  }
}

export function adminAcctOf(u: UserDef): Acct {
  const rid = u.onPremSid?.split('-').pop() ?? '2000';
  return { domain: 'corp', name: `adm-${u.accountName.split('.')[0]}`, sid: `${DOMAIN_SID}-${Number(rid) + 5000}`, upn: `adm-${u.upn}`, objectId: '' };
}

/**
 * One background device's day, as the estate writers (this file, estate-endpoint.ts,
 * estate-admin.ts) draw it: processes from their own random stream, times in the day or in the
 * user's session.
 */
export class EstateDay {
  constructor(
    readonly dev: Dev,
    readonly em: DeviceEmitter,
    readonly b: BootState,
    readonly s: Session | undefined,
    readonly d0: number,
    readonly r: Rng,
  ) {}

  /** A process on device `d` from this stream (never the device's own). */
  runOn(d: Dev, parent: Proc, image: Img, t: number, cmd: string, o: Parameters<Dev['spawn']>[4] = {}): Proc {
    const p = d.spawn(parent, image, t, cmd, { pid: this.r.int(100, 4000) * 4, showSha256: image.alwaysSha256 || this.r.chance(0.5), ...o });
    this.em.process(p, this.r.int(0, 3) * 1000);
    return p;
  }

  /** A process on this device from this stream. */
  run(parent: Proc, image: Img, t: number, cmd: string, o: Parameters<Dev['spawn']>[4] = {}): Proc {
    return this.runOn(this.dev, parent, image, t, cmd, o);
  }

  /** A time between hours `fromH` and `toH` of the day. */
  at(fromH: number, toH: number): number {
    return this.d0 + this.r.int(fromH * 60, toH * 60 - 1) * MIN + this.r.int(0, 59_999) * 1000;
  }

  /**
   * A time in the user's session, `headMin` minutes after its start and `tailMin` before its end at
   * the least; null without a session of `minMin` minutes.
   */
  sessionTime(minMin: number, headMin: number, tailMin: number): number | null {
    const s = this.s;
    if (!s || s.end - s.start < minMin * MIN) return null;
    return s.start + this.r.int(headMin, Math.floor((s.end - s.start) / MIN) - tailMin) * MIN + this.r.int(0, 59_999) * 1000;
  }
}

class Habits extends EstateDay {
  /** During the user's session, or null. */
  inSession(): number | null {
    return this.sessionTime(40, 15, 10);
  }

  managementAgents(): void {
    const { r, b } = this;
    // Intune Management Extension: detection and remediation scripts (-File, execution policy bypass).
    const ime = this.run(this.b.services, EIMG.imeAgent, this.at(0, 1), `"${EIMG.imeAgent.path}"`);
    const nScripts = r.int(1, 3);
    for (let i = 0; i < nScripts; i++) {
      const t = this.at(1, 23);
      const id = r.guid();
      const kind = r.pick(['detect', 'remediate'] as const);
      const file = `${IME}Policies\\Scripts\\${id}_${kind}.ps1`;
      const ax = this.run(ime, EIMG.agentExecutor, t, `"${EIMG.agentExecutor.path}" -remediationScript "${file}" "${IME}Policies\\Results\\${id}.output" "${IME}Policies\\Results\\${id}.error" "${IME}Policies\\Results\\${id}.timeout" 3600 "C:\\Windows\\System32\\WindowsPowerShell\\v1.0" 0 "" True`);
      const ps = this.run(ax, IMG.powershell, t + 800 * 1000, `"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe" -NoProfile -executionPolicy bypass -file "${file}"`);
      this.run(ps, IMG.conhost, t + 900 * 1000, '\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1');
      this.em.image(t + 1200 * 1000, ps, DLLS['system.management.automation.ni.dll']);
      this.em.event(t + 3 * SEC, ps, 'PowerShellCommand', { AdditionalFields: { Command: r.pick(['Get-ItemProperty', 'Test-Path', 'Get-Service', 'Get-WinEvent', 'Get-CimInstance']) } });
      this.em.file(t + 4 * SEC, ax, 'FileCreated', { FileName: `${id}.output`, FolderPath: `${IME}Policies\\Results\\${id}.output`, SHA1: r.hex(40), MD5: r.hex(32), FileSize: r.int(10, 900) });
    }
    // The RMM agent's health checks: PowerShell with -EncodedCommand, cmd one-liners.
    const rmm = this.run(this.b.services, EIMG.rmmAgent, this.at(0, 1), `"${EIMG.rmmAgent.path}" -service`);
    for (let t = this.d0 + r.int(60, 240) * MIN; t < this.d0 + DAY; t += r.int(3, 6) * HOUR) {
      const [script, first] = r.pick([
        ['Get-CimInstance Win32_LogicalDisk -Filter "DriveType=3" | Select-Object DeviceID,FreeSpace,Size | ConvertTo-Json', 'Get-CimInstance'],
        ['Get-Service | Where-Object {$_.StartType -eq "Automatic" -and $_.Status -ne "Running"} | Select-Object Name | ConvertTo-Json', 'Get-Service'],
        ['Get-HotFix | Sort-Object InstalledOn -Descending | Select-Object -First 5 | ConvertTo-Json', 'Get-HotFix'],
        ['(Get-MpComputerStatus).AntivirusSignatureLastUpdated', 'Get-MpComputerStatus'],
      ] as const);
      const ps = this.run(rmm, IMG.powershell, t, `powershell.exe -NoLogo -NonInteractive -NoProfile -ExecutionPolicy Bypass -EncodedCommand ${b64utf16(script)}`);
      this.em.image(t + 700 * 1000, ps, DLLS['amsi.dll']);
      this.em.event(t + 2 * SEC, ps, 'PowerShellCommand', { AdditionalFields: { Command: first } });
      conn(this.em, this.dev, t + 5 * SEC, rmm, site('rmm.contoso.example'));
      if (r.chance(0.4)) {
        const cmd = this.run(rmm, IMG.cmd, t + 30 * SEC, `cmd.exe /c ${r.pick(['ipconfig /all', 'netstat -ano', 'tasklist /v', 'wmic qfe list brief', 'systeminfo'])}`);
        const tool = cmd.cmd.split(' ')[2];
        const im = tool === 'ipconfig' ? EIMG.ipconfig : tool === 'wmic' ? EIMG.wmic : tool === 'systeminfo' ? EIMG.systeminfo : null;
        if (im) this.run(cmd, im, t + 31 * SEC, cmd.cmd.slice('cmd.exe /c '.length));
      }
    }
    // Group Policy refresh and the software inventory task.
    if (r.chance(0.5)) this.run(b.svc['netsvcs -p -s gpsvc'], IMG.gpupdate, this.at(8, 18), 'gpupdate.exe /target:computer');
  }

  systemLolbins(): void {
    const { r, b, dev } = this;
    const sched = b.svc['netsvcs -p -s Schedule'];
    // Program Compatibility Assistant and startup-app scan: rundll32 from the task scheduler.
    if (r.chance(0.7)) this.run(sched, IMG.rundll32, this.at(0, 24), 'C:\\Windows\\system32\\rundll32.exe C:\\Windows\\system32\\PcaSvc.dll,PcaPatchSdbTask');
    if (r.chance(0.4)) this.run(sched, IMG.rundll32, this.at(0, 24), 'C:\\Windows\\system32\\rundll32.exe Startupscan.dll,SusRunTask');
    // Software deployment: msiexec installs with their custom actions and tasks.
    if (r.chance(0.25)) {
      const t = this.at(9, 17);
      const pkg = r.pick([
        ['ZoomInstallerFull.msi', 'Zoom Workplace'],
        ['GoogleChromeStandaloneEnterprise64.msi', 'Google Chrome'],
        ['AcroRdrDCx642400220759_MUI.msi', 'Adobe Acrobat Reader'],
        ['npp.8.6.5.Installer.x64.msi', 'Notepad++'],
        ['FortiClientVPN.msi', 'FortiClient VPN'],
      ] as const);
      const msi = this.run(b.services, IMG.msiexec, t, 'C:\\Windows\\system32\\msiexec.exe /V');
      const ca = this.run(msi, EIMG.msiexec32, t + 2 * SEC, `C:\\Windows\\syswow64\\MsiExec.exe -Embedding ${r.hex(32).toUpperCase()} E Global\\MSI0000`);
      this.em.file(t + 1 * SEC, msi, 'FileCreated', { FileName: `${r.hex(6)}.msi`, FolderPath: `C:\\Windows\\Installer\\${r.hex(6)}.msi`, SHA1: r.hex(40), SHA256: r.hex(64), MD5: r.hex(32), FileSize: r.int(2_000_000, 90_000_000) });
      if (r.chance(0.5)) this.run(ca, EIMG.regsvr32, t + 20 * SEC, `"C:\\Windows\\system32\\regsvr32.exe" /s "C:\\Program Files\\${pkg[1]}\\${pkg[1].split(' ')[0].toLowerCase()}shellext.dll"`);
      const st = this.run(ca, EIMG.schtasks, t + 25 * SEC, `"C:\\Windows\\system32\\schtasks.exe" /Create /F /TN "${pkg[1]} Update" /XML "C:\\Windows\\TEMP\\${r.hex(8)}.xml"`);
      // the package's updater, run daily as SYSTEM (the updater service below is the same vendor's)
      const task = { name: `\\${pkg[1]} Update`, command: `C:\\Program Files\\${pkg[1]}\\${pkg[1].split(' ')[0]}Updater.exe`, arguments: '/scheduled', userId: SYSTEM.sid, runLevel: 'HighestAvailable', triggers: dailyTrigger(t + 26 * SEC) } as const;
      this.em.event(t + 26 * SEC, st, 'ScheduledTaskCreated', { AdditionalFields: taskFields(st, task) });
      this.em.event(t + 30 * SEC, msi, 'ServiceInstalled', { AdditionalFields: { ServiceName: `${pkg[1].split(' ')[0]}Updater` } });
      this.em.registry(t + 31 * SEC, msi, 'RegistryValueSet', {
        RegistryKey: `HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\{${r.guid().toUpperCase()}}`,
        RegistryValueType: 'String',
        RegistryValueName: 'DisplayName',
        RegistryValueData: pkg[1],
      });
    }
    // Application crashes: WerFault for the crashing process.
    if (r.chance(0.35)) {
      const t = this.at(8, 19);
      const crashing = this.s ? r.pick([this.s.explorer, this.s.outlook ?? this.s.explorer, this.s.edge ?? this.s.explorer]) : b.searchIndexer;
      this.run(crashing, EIMG.werfault, t, `C:\\Windows\\system32\\WerFault.exe -u -p ${crashing.pid} -s ${r.int(400, 3000)}`);
      this.em.file(t + 5 * SEC, crashing, 'FileCreated', {
        FileName: `Report.wer`,
        FolderPath: `C:\\ProgramData\\Microsoft\\Windows\\WER\\ReportArchive\\AppCrash_${crashing.img.name}_${r.hex(40)}\\Report.wer`,
        SHA1: r.hex(40),
        MD5: r.hex(32),
        FileSize: r.int(8000, 40000),
      });
    }
    // Shadow copies listed by the backup software, the TEMP cleanup and Defender's quick scan.
    if (r.chance(0.3)) {
      const t = this.at(1, 4);
      const c2 = this.run(sched, IMG.cmd, t, 'C:\\Windows\\system32\\cmd.exe /c vssadmin list shadows > C:\\ProgramData\\Contoso\\Backup\\shadows.txt');
      this.run(c2, EIMG.vssadmin, t + 1 * SEC, 'vssadmin  list shadows');
    }
    if (r.chance(0.2)) this.run(sched, EIMG.fsutil, this.at(2, 5), 'fsutil.exe usn queryjournal C:');
    if (dev.onPrem && r.chance(0.5)) this.run(b.svc['netsvcs -p -s gpsvc'], EIMG.certutil, this.at(7, 9), 'certutil.exe -pulse');
  }

  usbAndProtection(): void {
    const { r, b } = this;
    const s = this.s;
    if (!s) return;
    const n = r.int(0, 3);
    for (let i = 0; i < n; i++) {
      const [desc, cls, id] = r.pick(USB);
      const t = this.inSession();
      if (t === null) continue;
      this.em.event(t, b.svc['LocalSystemNetworkRestricted -p -s SysMain'], 'PnpDeviceConnected', {
        AdditionalFields: { ClassName: cls, ClassId: SETUP_CLASS_GUIDS[cls], DeviceDescription: desc, VendorIds: `["${id.split('\\')[1]}"]` },
      });
      if (cls === 'DiskDrive') this.em.event(t + 3 * SEC, b.svc['LocalSystemNetworkRestricted -p -s SysMain'], 'UsbDriveMounted', { AdditionalFields: { DriveLetter: r.pick(['E:', 'F:']) } });
    }
    // Controlled folder access in audit mode: an app writes into Documents.
    if (r.chance(0.25)) {
      const t = this.inSession();
      if (t !== null) {
        this.em.event(t, b.msmpeng, 'ControlledFolderAccessViolationAudited', {
          FileName: `${r.pick(['Budget', 'Notes', 'Scan'])}_${r.int(1, 99)}.pdf`,
          FolderPath: `C:\\Users\\${this.dev.user!.accountName}\\Documents\\`,
          AdditionalFields: { ThreatName: '', ReportSource: 'ControlledFolderAccess' },
        });
      }
    }
    // SmartScreen warns on a download; sometimes the user clicks through.
    if (r.chance(0.2) && s.edge) {
      const t = this.inSession();
      if (t !== null) {
        const url = r.pick(['https://the.earth.li/~sgtatham/putty/latest/w64/putty.exe', 'https://download.sysinternals.com/files/ProcessExplorer.zip', 'https://github.com/notepad-plus-plus/notepad-plus-plus/releases/download/v8.6.5/npp.8.6.5.Installer.x64.exe', 'https://www.7-zip.org/a/7z2301-x64.exe']);
        // the warning and the user's override share an ActivityId (derived, so the stream's draws stay as they were)
        const activity = guidOf(`smartscreen-url:${this.dev.id}:${t}`);
        this.em.event(t, s.edge, 'SmartScreenUrlWarning', { RemoteUrl: url, AdditionalFields: { ActivityId: activity } });
        if (r.chance(0.5)) this.em.event(t + 20 * SEC, s.edge, 'SmartScreenUserOverride', { RemoteUrl: url, AdditionalFields: { ActivityId: activity } });
      }
    }
  }

  userHabits(): void {
    const { r, dev } = this;
    const s = this.s;
    if (!s || !dev.user) return;
    const u = dev.user;
    // Printing: Office apps hand the job to splwow64; printers are mapped through rundll32 printui.
    if (r.chance(0.35)) {
      const t = this.inSession();
      if (t !== null) this.run(s.explorer, IMG.rundll32, t, `"C:\\Windows\\system32\\rundll32.exe" printui.dll,PrintUIEntry /in /n "${r.pick(PRINTERS)}"`);
    }
    if (r.chance(0.4)) {
      const t = this.inSession();
      if (t !== null) {
        const im = r.pick([IMG.winword, IMG.excel]);
        const app = this.run(s.explorer, im, t, `"${im.path}"`);
        this.run(app, EIMG.splwow64, t + r.int(60, 1200) * SEC, 'C:\\Windows\\splwow64.exe 12288');
      }
    }
    // Control panel applets and settings through rundll32.
    if (r.chance(0.2)) {
      const t = this.inSession();
      if (t !== null) this.run(s.explorer, IMG.rundll32, t, `"C:\\Windows\\system32\\rundll32.exe" shell32.dll,Control_RunDLL ${r.pick(['desk.cpl', 'mmsys.cpl', 'ncpa.cpl', 'inetcpl.cpl', 'appwiz.cpl'])}`);
    }
    // Links in mail open in the browser.
    if (s.outlook && r.chance(0.5)) {
      const n = r.int(1, 3);
      for (let i = 0; i < n; i++) {
        const t = this.inSession();
        if (t === null) continue;
        const target = r.pick(['https://contoso.sharepoint.com/sites/finance/Shared%20Documents/Forms/AllItems.aspx', 'https://www.wingtip.example/orders/track', 'https://news.example/weekly', 'https://forms.office.com/r/Xy12Ab34', 'https://1drv.ms/b/s!AmQ2a3B4c5d6']);
        const url = `https://eur03.safelinks.protection.outlook.com/?url=${encodeURIComponent(target)}&data=05%7C02%7C${encodeURIComponent(u.upn)}%7C${r.hex(24)}&reserved=0`;
        this.em.event(t, s.outlook, 'BrowserLaunchedToOpenUrl', { RemoteUrl: url });
      }
    }
    // Archiving a project folder with 7-Zip; a helper script from the IT share.
    if (r.chance(0.15)) {
      const t = this.inSession();
      if (t !== null) {
        const z = this.run(s.explorer, EIMG.sevenZipCli, t, `"${EIMG.sevenZipCli.path}" a -tzip "C:\\Users\\${u.accountName}\\Documents\\project-${r.int(1, 30)}.zip" "C:\\Users\\${u.accountName}\\Documents\\Project\\*"`);
        this.em.file(t + 5 * SEC, z, 'FileCreated', { FileName: `project-${r.int(1, 30)}.zip`, FolderPath: `C:\\Users\\${u.accountName}\\Documents\\`, SHA1: r.hex(40), SHA256: r.hex(64), MD5: r.hex(32), FileSize: r.int(100_000, 40_000_000) });
      }
    }
    if (dev.onPrem && r.chance(0.3)) {
      const t = this.inSession();
      if (t !== null) {
        const c = this.run(s.explorer, IMG.cmd, t, 'C:\\Windows\\system32\\cmd.exe /c ""\\\\corp.contoso.example\\NETLOGON\\drivemap.bat" "');
        const n = this.run(c, EIMG.net, t + 1 * SEC, 'net  use H: \\\\fs01.corp.contoso.example\\home$\\' + u.accountName + ' /persistent:no');
        this.run(n, EIMG.net1, t + 1200 * 1000, ' C:\\Windows\\system32\\net1  use H: \\\\fs01.corp.contoso.example\\home$\\' + u.accountName + ' /persistent:no');
      }
    }
    // A Java desktop app (the planning tool) shelling out to cmd: a rare parent/child pair.
    if (r.chance(0.08)) {
      const t = this.inSession();
      if (t !== null) {
        const j = this.run(s.explorer, EIMG.javaw, t, `"${EIMG.javaw.path}" -jar "C:\\Program Files\\Contoso Planner\\planner.jar"`);
        this.run(j, IMG.cmd, t + 40 * SEC, 'cmd.exe /c "C:\\Program Files\\Contoso Planner\\export.bat"');
      }
    }
    // Network troubleshooting by the user.
    if (r.chance(0.12)) {
      const t = this.inSession();
      if (t !== null) {
        const c = this.run(s.explorer, IMG.cmd, t, '"C:\\Windows\\system32\\cmd.exe"');
        this.run(c, EIMG.ipconfig, t + 30 * SEC, 'ipconfig  /all');
        this.run(c, EIMG.ping, t + 50 * SEC, `ping  ${r.pick(['8.8.8.8', 'www.bing.com', 'intranet.contoso.example'])}`);
        if (r.chance(0.5)) this.run(c, EIMG.netsh, t + 80 * SEC, 'netsh  wlan show profiles');
      }
    }
    // File-sharing and developer sites from the browser.
    if (s.edge && r.chance(0.4)) {
      const t = this.inSession();
      if (t !== null) conn(this.em, dev, t, s.edge, r.pick(SHARE_SITES));
    }
  }

  /** A service account whose password expired keeps trying a mapped drive from a scheduled job. */
  expiredServiceAccount(a: Acct): void {
    const { r, b, dev } = this;
    for (let t = this.d0 + r.int(0, 60) * MIN; t < this.d0 + DAY; t += r.int(8, 20) * MIN) {
      this.em.logon(t, b.lsass, 'LogonFailed', {
        LogonType: 'Network',
        AccountDomain: a.domain,
        AccountName: a.name,
        AccountSid: '',
        Protocol: 'NTLM',
        FailureReason: 'InvalidUserNameOrPassword',
        IsLocalAdmin: false,
        LogonId: 0,
        RemoteDeviceName: 'backup01',
        RemoteIP: '10.20.0.40',
        RemoteIPType: 'Private',
        RemotePort: r.int(49700, 65000),
        AdditionalFields: { IsLocalLogon: false, IsRemote: true },
      });
    }
    void dev;
  }

  /** The administrator's own console: discovery, downloads of tools, scripts. */
  adminWorkstation(peers: Dev[]): void {
    const { r, dev } = this;
    const s = this.s;
    if (!s || !dev.user) return;
    const adm = adminAcctOf(dev.user);
    const t0 = this.inSession();
    if (t0 === null) return;
    // "Run as administrator" with the admin account.
    const elev = { acct: adm, logonId: r.int(200000, 9000000), integrity: 'High', elevation: 'TokenElevationTypeFull', session: 1 } as const;
    this.em.logon(t0 - 2 * SEC, this.b.lsass, 'LogonSuccess', {
      LogonType: 'Interactive',
      AccountDomain: adm.domain,
      AccountName: adm.name,
      AccountSid: adm.sid,
      Protocol: 'Negotiate',
      IsLocalAdmin: true,
      LogonId: elev.logonId,
      AdditionalFields: { IsLocalLogon: true, IsRemote: false },
    });
    const shell = this.run(s.explorer, r.chance(0.6) ? IMG.powershell : IMG.cmd, t0, r.chance(0.5) ? '"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"' : '"C:\\Windows\\system32\\cmd.exe"', elev);
    let t = t0 + 20 * SEC;
    const step = () => (t += r.int(5, 120) * SEC);
    const peer = peers.length ? r.pick(peers) : dev;
    const tools: [Img, string][] = [
      [EIMG.whoami, 'whoami  /all'],
      [EIMG.net, `net  user ${peer.user?.accountName ?? 'svc-backup'} /domain`],
      [EIMG.net, 'net  group "Domain Admins" /domain'],
      [EIMG.net, 'net  localgroup administrators'],
      [EIMG.nltest, 'nltest  /dclist:corp.contoso.example'],
      [EIMG.nltest, 'nltest  /sc_query:corp.contoso.example'],
      [EIMG.ipconfig, 'ipconfig  /flushdns'],
      [EIMG.ping, `ping  -n 2 ${peer.name}`],
      [EIMG.nslookup, `nslookup  ${peer.name}`],
      [EIMG.gpresult, 'gpresult  /r /scope:computer'],
      [EIMG.quser, `quser  /server:${peer.name}`],
      [EIMG.klist, 'klist  purge'],
      [EIMG.sc, `sc  \\\\${peer.name} query Spooler`],
      [EIMG.reg, `reg  query "\\\\${peer.name}\\HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion" /v DisplayVersion`],
      [EIMG.schtasks, `schtasks  /query /s ${peer.name} /fo csv /v`],
      [EIMG.wmic, `wmic  /node:"${peer.name}" os get caption,lastbootuptime`],
      [EIMG.certutil, 'certutil  -hashfile C:\\Users\\Public\\Downloads\\PSTools.zip SHA256'],
      [EIMG.systeminfo, `systeminfo  /s ${peer.name}`],
      [EIMG.taskkill, `taskkill  /s ${peer.name} /im ms-teams.exe /f`],
    ];
    const n = r.int(3, 8);
    for (let i = 0; i < n; i++) {
      const [im, cmd] = r.pick(tools);
      const p = this.run(shell, im, step(), cmd);
      if (im === EIMG.net) this.run(p, EIMG.net1, t + 200 * 1000, ` C:\\Windows\\system32\\net1 ${cmd.slice(5)}`);
    }
    // Tools fetched from the web by the admin, and the ISE.
    if (r.chance(0.3)) {
      const ps = this.run(shell, IMG.powershell, step(), 'powershell.exe -NoProfile -Command "Invoke-WebRequest -Uri https://download.sysinternals.com/files/PSTools.zip -OutFile C:\\Users\\Public\\Downloads\\PSTools.zip; Expand-Archive C:\\Users\\Public\\Downloads\\PSTools.zip -DestinationPath C:\\Tools\\Sysinternals -Force"');
      conn(this.em, dev, t + 2 * SEC, ps, site('download.sysinternals.com'));
      this.em.file(t + 6 * SEC, ps, 'FileCreated', { FileName: 'PSTools.zip', FolderPath: 'C:\\Users\\Public\\Downloads\\PSTools.zip', SHA1: r.hex(40), SHA256: r.hex(64), MD5: r.hex(32), FileSize: 3_418_125, FileOriginUrl: 'https://download.sysinternals.com/files/PSTools.zip' });
      this.em.event(t + 3 * SEC, ps, 'PowerShellCommand', { AdditionalFields: { Command: 'Invoke-WebRequest' } });
    }
    if (r.chance(0.25)) this.run(s.explorer, EIMG.psIse, step(), `"${EIMG.psIse.path}" "C:\\Scripts\\Reset-UserPassword.ps1"`, elev);
    if (r.chance(0.15)) {
      const w = this.run(shell, EIMG.wevtutil, step(), 'wevtutil.exe  epl Security C:\\Temp\\Security-export.evtx /q:"*[System[(EventID=4625)]]"');
      void w;
    }
    if (r.chance(0.2)) this.run(shell, EIMG.bitsadmin, step(), 'bitsadmin  /list /allusers');
    if (r.chance(0.25)) this.run(shell, EIMG.robocopy, step(), `robocopy.exe  \\\\${peer.name}\\C$\\Windows\\Logs\\CBS C:\\Temp\\${peer.name.split('.')[0]}-logs /E /R:1 /W:1`);
  }
}

/** One remote-administration action from an admin workstation to a peer, with both ends' rows. */
function remoteAdmin(em: DeviceEmitter, a: Dev, s: Session, peer: Dev, pb: BootState, t: number, r: Rng): void {
  const adm = adminAcctOf(a.user!);
  const sp = (d: Dev, parent: Proc, im: Img, tt: number, cmd: string, o: Parameters<Dev['spawn']>[4] = {}) => {
    const p = d.spawn(parent, im, tt, cmd, { pid: r.int(100, 4000) * 4, showSha256: r.chance(0.5), ...o });
    em.process(p, r.int(0, 3) * 1000);
    return p;
  };
  const elev = { acct: adm, logonId: r.int(200000, 9000000), integrity: 'High', elevation: 'TokenElevationTypeFull', session: 1 } as const;
  const remoteLogonId = r.int(200000, 9000000);
  const logon = (type: string, tt: number, protocol = 'Kerberos') =>
    em.logon(tt, pb.lsass, 'LogonSuccess', {
      LogonType: type,
      AccountDomain: adm.domain,
      AccountName: adm.name,
      AccountSid: adm.sid,
      Protocol: protocol,
      IsLocalAdmin: true,
      LogonId: remoteLogonId,
      RemoteDeviceName: a.name,
      RemoteIP: a.def.localIp,
      RemoteIPType: 'Private',
      RemotePort: r.int(49700, 65000),
      AdditionalFields: { IsLocalLogon: false, IsRemote: true },
    });
  const out = (actor: Proc, tt: number, port: number) =>
    em.network(tt, actor, 'ConnectionSuccess', { RemoteIP: peer.def.localIp, RemotePort: port, RemoteUrl: '', LocalIP: a.def.localIp, LocalPort: r.int(49700, 65000), Protocol: 'Tcp', LocalIPType: 'Private', RemoteIPType: 'Private' });
  const inbound = (actor: Proc, tt: number, port: number) =>
    em.network(tt, actor, 'InboundConnectionAccepted', { RemoteIP: a.def.localIp, RemotePort: r.int(49700, 65000), RemoteUrl: '', LocalIP: peer.def.localIp, LocalPort: port, Protocol: 'Tcp', LocalIPType: 'Private', RemoteIPType: 'Private' });
  const remoteActor = { acct: adm, logonId: remoteLogonId, integrity: 'High', elevation: 'TokenElevationTypeDefault', session: 0 } as const;
  const kind = r.weighted([
    ['psexec', 3],
    ['wmi', 2],
    ['winrm', 3],
    ['rdp', 2],
  ] as const);
  if (kind === 'psexec') {
    const task = r.pick(['gpupdate /force', 'ipconfig /registerdns', 'netsh winhttp show proxy', 'sc query WinDefend', 'powershell -Command "Get-WindowsUpdateLog"']);
    const cmdText = `"${EIMG.psexec.path}" \\\\${peer.name} -accepteula -s cmd /c "${task}"`;
    const ps = sp(a, s.explorer, EIMG.psexec, t, cmdText, elev);
    out(ps, t + 1 * SEC, 445);
    logon('Network', t + 1.5 * SEC, 'NTLM');
    inbound(pb.system, t + 1.2 * SEC, 445);
    em.file(t + 2 * SEC, pb.system, 'FileCreated', { FileName: 'PSEXESVC.exe', FolderPath: 'C:\\Windows\\PSEXESVC.exe', SHA1: EIMG.psexesvc.sha1, SHA256: EIMG.psexesvc.sha256, MD5: EIMG.psexesvc.md5, FileSize: EIMG.psexesvc.size, RequestProtocol: 'SMB', RequestSourceIP: a.def.localIp, RequestAccountName: adm.name, RequestAccountDomain: adm.domain, RequestAccountSid: adm.sid, ShareName: 'ADMIN$' });
    em.event(t + 2.5 * SEC, pb.services, 'ServiceInstalled', { AdditionalFields: { ServiceName: 'PSEXESVC' } });
    const svc = sp(peer, pb.services, EIMG.psexesvc, t + 3 * SEC, 'C:\\Windows\\PSEXESVC.exe', { acct: SYSTEM, logonId: 999, integrity: 'System', elevation: 'TokenElevationTypeDefault', session: 0 });
    const c = sp(peer, svc, IMG.cmd, t + 4 * SEC, `cmd /c "${task}"`);
    const tool = task.split(' ')[0];
    const im = tool === 'gpupdate' ? IMG.gpupdate : tool === 'ipconfig' ? EIMG.ipconfig : tool === 'netsh' ? EIMG.netsh : tool === 'sc' ? EIMG.sc : IMG.powershell;
    sp(peer, c, im, t + 5 * SEC, task);
  } else if (kind === 'wmi') {
    const task = r.pick(['cmd.exe /c ipconfig /flushdns', 'cmd.exe /c gpupdate /force', 'msiexec.exe /i \\\\fs01.corp.contoso.example\\software\\FortiClientVPN.msi /qn']);
    const w = sp(a, s.explorer, EIMG.wmic, t, `wmic  /node:"${peer.name}" process call create "${task}"`, elev);
    out(w, t + 1 * SEC, 135);
    logon('Network', t + 1.3 * SEC);
    inbound(pb.svc['RPCSS -p'], t + 1.1 * SEC, 135);
    const prv = sp(peer, pb.svc['DcomLaunch -p'], IMG.wmiPrvSE, t + 2 * SEC, 'C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding', { acct: { domain: 'nt authority', name: 'network service', sid: 'S-1-5-20', upn: '', objectId: '' } });
    const c = sp(peer, prv, task.startsWith('msiexec') ? IMG.msiexec : IMG.cmd, t + 3 * SEC, task, remoteActor);
    if (task.startsWith('cmd')) sp(peer, c, task.includes('ipconfig') ? EIMG.ipconfig : IMG.gpupdate, t + 4 * SEC, task.slice('cmd.exe /c '.length));
    em.event(t + 3 * SEC, prv, 'ProcessCreatedUsingWmiQuery', { FileName: c.img.name, FolderPath: c.img.path, ProcessId: c.pid, ProcessCommandLine: c.cmd, ProcessCreationTime: c.created, AccountDomain: adm.domain, AccountName: adm.name, AccountSid: adm.sid, RemoteDeviceName: a.name, RemoteIP: a.def.localIp });
  } else if (kind === 'winrm') {
    const block = r.pick(['Get-Service -Name Spooler | Restart-Service -Force', 'Get-EventLog -LogName System -Newest 50', 'Get-ChildItem C:\\Windows\\Temp | Measure-Object', 'Get-LocalGroupMember -Group Administrators', 'Restart-Service -Name IntuneManagementExtension']);
    const ps = sp(a, s.explorer, IMG.powershell, t, `powershell.exe -NoProfile -Command "Invoke-Command -ComputerName ${peer.name} -ScriptBlock { ${block} }"`, elev);
    out(ps, t + 1 * SEC, 5985);
    logon('Network', t + 1.4 * SEC);
    inbound(pb.svc['NetworkService -p -s Dnscache'], t + 1.2 * SEC, 5985);
    const host = sp(peer, pb.svc['DcomLaunch -p'], EIMG.wsmprovhost, t + 2 * SEC, 'C:\\Windows\\system32\\wsmprovhost.exe -Embedding', remoteActor);
    em.image(t + 2.5 * SEC, host, DLLS['system.management.automation.ni.dll']);
    em.event(t + 3 * SEC, host, 'PowerShellCommand', { AdditionalFields: { Command: block.split(' ')[0] } });
  } else {
    const m = sp(a, s.explorer, EIMG.mstsc, t, `"C:\\Windows\\system32\\mstsc.exe" /v:${peer.name}`, { acct: adm, logonId: elev.logonId, integrity: 'Medium', elevation: 'TokenElevationTypeLimited', session: 1 });
    out(m, t + 1 * SEC, 3389);
    inbound(pb.svc['NetworkService -p -s Dnscache'], t + 1.1 * SEC, 3389);
    logon('RemoteInteractive', t + 6 * SEC);
    const rdpclip = sp(peer, pb.svc['netsvcs -p -s Schedule'], EIMG.rdpclip, t + 9 * SEC, 'rdpclip', { ...remoteActor, integrity: 'Medium', session: 2 });
    void rdpclip;
  }
}
