/**
 * Endpoint administration and protection background on the background devices: the IT admin
 * pushing an installer to a few desks with PsExec (copy, install, clean up), exporting a server
 * certificate with its private key from the certificates console, users who document their work
 * with many screenshots a day, exploit protection in audit mode reporting the third-party add-ins
 * that Office loads, and a personal USB stick, plugged in on several days, on which Defender finds
 * an activation crack and a bundled installer; IT and Marketing staff recording how-to videos with
 * OBS Studio, and developers reading a staging-cluster secret back in Git Bash (kubectl piped into
 * `base64 --decode`).
 *
 * Rates are per device-day or per person and nothing here is shaped after a particular query. The
 * module draws from its own random stream (never a device's), passes pids and hash visibility
 * explicitly, and runs after the other estate modules, so everything written before it is unchanged.
 */
import { type BootState, site } from './background.ts';
import { adminAcctOf, EIMG, EstateDay, type EstateCtx } from './estate.ts';
import { IMG, type Img, img } from './images.ts';
import { hexOf, Rng } from './rng.ts';
import { MIN, SEC } from './time.ts';
import { type Dev, type Proc, SYSTEM } from './world.ts';

const S32 = 'C:\\Windows\\System32\\';
const IME = 'C:\\Program Files (x86)\\Microsoft Intune Management Extension\\';
const SHARE = '\\\\fs01.corp.contoso.example\\software';

const AIMG = {
  mmc: img(`${S32}mmc.exe`, 'Microsoft Management Console', 1_964_032),
  snip: img('C:\\Program Files\\WindowsApps\\Microsoft.ScreenSketch_11.2404.37.0_x64__8wekyb3d8bbwe\\SnippingTool\\SnippingTool.exe', 'Snipping Tool', 3_140_608, 'Microsoft Corporation', 'Snipping Tool', '11.2404.37.0'),
  ps32: img('C:\\Windows\\SysWOW64\\WindowsPowerShell\\v1.0\\powershell.exe', 'Windows PowerShell', 433152),
  dotnet: img('C:\\Program Files\\dotnet\\dotnet.exe', '.NET Host', 146_592, 'Microsoft Corporation', 'Microsoft® .NET', '8.0.4'),
  postman: img('C:\\Users\\%USER%\\AppData\\Local\\Postman\\app-10.24.16\\Postman.exe', 'Postman', 154_928_504, 'Postman, Inc.', 'Postman', '10.24.16'),
  obs: img('C:\\Program Files\\obs-studio\\bin\\64bit\\obs64.exe', 'OBS Studio', 4_817_544, 'OBS Project', 'OBS Studio', '30.1.2'),
  gitBash: img('C:\\Program Files\\Git\\git-bash.exe', 'Git for Windows', 151_184, 'The Git Development Community', 'Git', '2.45.1.1'),
  bash: img('C:\\Program Files\\Git\\usr\\bin\\bash.exe', 'bash', 2_380_422, '', '', ''),
  base64: img('C:\\Program Files\\Git\\usr\\bin\\base64.exe', 'base64', 38_436, '', '', ''),
  kubectl: img('C:\\Program Files\\Docker\\Docker\\resources\\bin\\kubectl.exe', 'kubectl', 57_296_384, '', '', ''),
  wfs: img(`${S32}WFS.exe`, 'Windows Fax and Scan', 1_119_232),
  runas: img(`${S32}runas.exe`, 'Run As Utility', 40_960),
  sketch: img('C:\\Program Files\\WindowsApps\\Microsoft.ScreenSketch_10.2008.3001.0_x64__8wekyb3d8bbwe\\ScreenSketch.exe', 'Snip & Sketch', 2_208_768, 'Microsoft Corporation', 'Snip & Sketch', '10.2008.3001.0'),
} satisfies Record<string, Img>;

/** Installers the admins push by hand to the desks the software portal missed. */
const PACKAGES = [
  ['FortiClientVPN_7.2.4.0972_x64.msi', 'msi'],
  ['GoogleChromeStandaloneEnterprise64.msi', 'msi'],
  ['7z2404-x64.msi', 'msi'],
  ['npp.8.6.7.Installer.x64.exe', 'exe'],
  ['ZoomInstallerFull.msi', 'msi'],
] as const;

/** Third-party Outlook add-ins: what code integrity guard in audit mode reports as not Microsoft-signed. */
const OUTLOOK_ADDINS = [
  { path: 'C:\\Program Files\\Adobe\\Acrobat DC\\PDFMaker\\Office\\x64\\PDFMOutlook.dll', size: 1_893_208 },
  { path: 'C:\\Program Files\\Zoom\\bin\\Outlook Plugin\\ZoomOutlookPlugin64.dll', size: 2_470_912 },
  { path: 'C:\\Program Files (x86)\\Common Files\\Adobe\\Acrobat\\ActiveX\\PDFPrevHndlr64.dll', size: 612_184 },
];

/** What Defender finds on an old personal USB stick (real family names of hack tools and bundlers). */
const STICK_FINDINGS = [
  { file: 'KMSAuto Net.exe', dir: 'E:\\Tools\\KMSAuto', threat: 'HackTool:Win32/AutoKMS' },
  { file: 'free_pdf_converter_setup.exe', dir: 'E:\\Setup', threat: 'PUA:Win32/Caypnamer.A!ml' },
  { file: 'keygen.exe', dir: 'E:\\Tools\\Photo Editor 2019', threat: 'HackTool:Win32/Keygen' },
] as const;

/** Secrets of the engineering team's staging cluster that developers read back when debugging a deployment. */
const K8S_SECRETS = [
  ['intranet-db', 'staging', 'password'],
  ['intranet-api', 'staging', 'client-secret'],
  ['registry-pull', 'staging', '.dockerconfigjson'],
] as const;

/** The on-premises AD consoles an admin opens from an Entra-joined workstation with runas /netonly. */
const RSAT_CONSOLES = ['dsa.msc', 'gpmc.msc', 'dnsmgmt.msc', 'dhcpmgmt.msc'] as const;

/** The admin habits read what the other estate writers do (estate.ts). */
export type AdminEstateCtx = EstateCtx;

export function writeAdminEstate(c: AdminEstateCtx): void {
  if (c.devs.length === 0) return;
  const root = new Rng((c.seed ^ 0x0ad31a7) >>> 0, 0xad31);
  const roles = root.fork('roles');
  const withUser = c.devs.filter((d) => d.user);
  const admins = withUser.filter((d) => c.adminDevKeys.has(d.def.key));
  // Screenshots per working day: most people take none or one, a few document everything.
  const snipRate = new Map(withUser.map((d) => [d, roles.weighted([[0, 5], [1, 3], [4, 2], [7, 1]] as const)] as const));
  const stickOwner = withUser.length ? roles.pick(withUser) : undefined;
  const stickFindings = roles.int(1, 3);
  let stickDays = 0;
  // The admins update an Intune platform script once in a while; each device runs it at its next check-in.
  const scriptDay = roles.int(0, c.days.length - 1);
  const scriptId = `${roles.guid()}_${roles.guid()}`;
  const scriptName = roles.pick(['Map-NetworkDrives', 'Set-DefaultPrinter', 'Remove-LegacyVpnProfile']);
  const coders = withUser.filter((d) => ['IT', 'Engineering'].includes(d.user!.department ?? ''));
  // The engineering team's internal API runs behind Amazon API Gateway (a 10-character API id).
  const apiId = Array.from({ length: 10 }, () => 'abcdefghijklmnopqrstuvwxyz0123456789'[roles.int(0, 35)]).join('');
  const api = site(`${apiId}.execute-api.eu-west-1.amazonaws.com`);
  // IT and Marketing record how-to videos and demos with OBS Studio.
  const recorders = withUser.filter((d) => ['IT', 'Marketing'].includes(d.user!.department ?? ''));

  for (const dev of c.devs) {
    const b = c.boots.get(dev.def.key);
    if (!b) continue;
    for (let k = 0; k < c.days.length; k++) {
      const r = root.fork(`${dev.def.key}:${k}`);
      const h = new Desk(dev, c.em, b, c.sessions.get(`${dev.def.key}:${k}`), c.days[k], r);
      h.screenshots(snipRate.get(dev) ?? 0);
      h.exploitProtectionAudit();
      // Used on most days, one to three times; Defender's on-access scan flags its tools on the second day of use.
      if (dev === stickOwner && r.chance(0.75)) {
        const plugs = r.int(1, 3);
        for (let i = 0; i < plugs; i++) h.personalStick(stickDays === 1 && i === 0 ? stickFindings : 0);
        stickDays++;
      }
      if (admins.includes(dev)) {
        if (r.chance(0.4)) h.softwarePush(c.devs.filter((d) => d !== dev && c.boots.has(d.def.key)), c.boots);
        if (r.chance(0.3)) h.certificateExport();
      }
      if (k === scriptDay) h.platformScript(scriptId, scriptName);
      if (coders.includes(dev) && r.chance(0.12)) h.devCertificate();
      if (coders.includes(dev) && r.chance(0.6)) h.apiTesting(api);
      if (recorders.includes(dev) && r.chance(0.2)) h.screencast();
      if (coders.includes(dev) && r.chance(0.3)) h.kubeSecret(r.pick(K8S_SECRETS));
    }
  }

  // Desk scanning and the admins' runas: a later addition with its own random stream, written after
  // everything above so that no earlier row (nor a per-device counter) moves.
  const more = new Rng((c.seed ^ 0x5ca9f05) >>> 0, 0x5ca9);
  const moreRoles = more.fork('roles');
  // Finance, HR and office (Operations) staff scan paper: invoices, signed forms, delivery notes.
  const scanners = withUser.filter((d) => ['Finance', 'HR', 'Operations'].includes(d.user!.department ?? '') && moreRoles.chance(0.6));
  for (const dev of c.devs) {
    const b = c.boots.get(dev.def.key);
    if (!b) continue;
    for (let k = 0; k < c.days.length; k++) {
      const r = more.fork(`${dev.def.key}:${k}`);
      const h = new Desk(dev, c.em, b, c.sessions.get(`${dev.def.key}:${k}`), c.days[k], r);
      if (scanners.includes(dev) && r.chance(0.45)) h.scan(r.int(1, 3));
      if (admins.includes(dev) && r.chance(0.6)) h.runasNetOnly(r.pick(RSAT_CONSOLES));
    }
  }
}

class Desk extends EstateDay {
  inSession(): number | null {
    return this.sessionTime(60, 20, 20);
  }

  /** Win+Shift+S: the packaged Snipping Tool (Snip & Sketch on Windows 10) starts for each capture. */
  screenshots(perDay: number): void {
    const { s, r, dev } = this;
    if (!s || !dev.user || perDay === 0) return;
    const n = Math.max(0, Math.round(r.normal(perDay, perDay / 2)));
    const app = dev.def.osPlatform === 'Windows10' ? AIMG.sketch : AIMG.snip;
    for (let i = 0; i < n; i++) {
      const t = this.inSession();
      if (t === null) return;
      const p = this.runOn(dev, this.b.svc['DcomLaunch -p'], app, t, `"${app.path}" -ServerName:App.AppX8bqnkgnj9gx5ndtqmaxx2z6zbyjyh2sm.mca`, {
        acct: s.acct,
        logonId: s.logonId,
        integrity: 'Medium',
        elevation: 'TokenElevationTypeLimited',
        session: 1,
      });
      this.em.event(t + r.int(3, 40) * SEC, p, 'ScreenshotTaken', { AdditionalFields: { ReportSource: 'ScreenCapture' } });
    }
  }

  /** Exploit protection's code integrity guard, audit mode, on Office: every non-Microsoft add-in load is reported. */
  exploitProtectionAudit(): void {
    const { s, r } = this;
    if (!s?.outlook || !r.chance(0.55)) return;
    const addins = OUTLOOK_ADDINS.filter(() => r.chance(0.6));
    for (const a of addins) {
      const name = a.path.slice(a.path.lastIndexOf('\\') + 1);
      this.em.event(s.outlook.created + r.int(2, 9) * SEC, s.outlook, 'ExploitGuardNonMicrosoftSignedAudited', {
        FileName: name,
        FolderPath: a.path,
        SHA1: hexOf(`sha1:${a.path.toLowerCase()}`, 40),
        FileSize: a.size,
        AdditionalFields: { IsAudit: true },
      });
    }
  }

  /**
   * A personal USB stick: plugged in and mounted as E:; when `findings` is set, Defender's on-access
   * scan quarantines that many of the stick's old tools.
   */
  personalStick(findings: number): void {
    const { r } = this;
    const t = this.inSession();
    if (t === null) return;
    const sysmain = this.b.svc['LocalSystemNetworkRestricted -p -s SysMain'];
    this.em.event(t, sysmain, 'PnpDeviceConnected', {
      AdditionalFields: { ClassName: 'DiskDrive', ClassId: '{4d36e967-e325-11ce-bfc1-08002be10318}', DeviceDescription: 'Generic Flash Disk USB Device', VendorIds: '["USBSTOR\\\\DISK&VEN_GENERIC&PROD_FLASH_DISK"]' },
    });
    this.em.event(t + 2 * SEC, sysmain, 'UsbDriveMounted', { AdditionalFields: { DriveLetter: 'E:' } });
    for (let i = 0; i < findings; i++) {
      const f = STICK_FINDINGS[i];
      const path = `${f.dir}\\${f.file}`;
      this.em.event(t + r.int(20, 240) * SEC, this.b.msmpeng, 'AntivirusDetection', {
        FileName: f.file,
        FolderPath: path,
        SHA1: hexOf(`stick:${path}`, 40),
        AdditionalFields: { ThreatName: f.threat, WasRemediated: true, WasExecutingWhileDetected: false, ReportSource: 'Real-time protection' },
      });
    }
  }

  /**
   * The admin pushes an installer with PsExec to one to three desks: copy it from the software share,
   * run it silently, delete it. Each PsExec run copies and installs PSEXESVC on the target again.
   */
  softwarePush(peers: Dev[], boots: Map<string, BootState>): void {
    const { r, dev } = this;
    const s = this.s;
    if (!s || !dev.user || peers.length === 0) return;
    let t = this.inSession();
    if (t === null) return;
    const adm = adminAcctOf(dev.user);
    const elev = { acct: adm, logonId: r.int(200000, 9000000), integrity: 'High', elevation: 'TokenElevationTypeFull', session: 1 } as const;
    const console = this.runOn(dev, s.explorer, IMG.cmd, t, '"C:\\Windows\\system32\\cmd.exe"', elev);
    const [pkg, kind] = r.pick(PACKAGES);
    const local = `C:\\Windows\\Temp\\${pkg}`;
    const install = kind === 'msi' ? `msiexec.exe /i ${local} /qn /norestart` : `${local} /S`;
    const targets = peers.filter(() => r.chance(0.4)).slice(0, 3);
    if (targets.length === 0) targets.push(r.pick(peers));
    for (const peer of targets) {
      const pb = boots.get(peer.def.key)!;
      for (const task of [`cmd /c copy /y "${SHARE}\\${pkg}" C:\\Windows\\Temp\\`, install, `cmd /c del /q ${local}`]) {
        t += r.int(20, 120) * SEC;
        this.psexec(console, peer, pb, t, task, adm, pkg, local);
      }
    }
  }

  private psexec(console: Proc, peer: Dev, pb: BootState, t: number, task: string, adm: ReturnType<typeof adminAcctOf>, pkg: string, local: string): void {
    const { r, dev, em } = this;
    const cli = this.runOn(dev, console, EIMG.psexec, t, `PsExec64.exe \\\\${peer.name} -accepteula -s ${task}`);
    if (!dev.isIsolated(t) && !peer.isIsolated(t)) {
      em.network(t + 1 * SEC, cli, 'ConnectionSuccess', { RemoteIP: peer.def.localIp, RemotePort: 445, RemoteUrl: '', LocalIP: dev.def.localIp, LocalPort: r.int(49700, 65000), Protocol: 'Tcp', LocalIPType: 'Private', RemoteIPType: 'Private' });
      em.network(t + 1.1 * SEC, pb.system, 'InboundConnectionAccepted', { RemoteIP: dev.def.localIp, RemotePort: r.int(49700, 65000), RemoteUrl: '', LocalIP: peer.def.localIp, LocalPort: 445, Protocol: 'Tcp', LocalIPType: 'Private', RemoteIPType: 'Private' });
    }
    em.logon(t + 1.5 * SEC, pb.lsass, 'LogonSuccess', {
      LogonType: 'Network',
      AccountDomain: adm.domain,
      AccountName: adm.name,
      AccountSid: adm.sid,
      Protocol: 'Kerberos',
      IsLocalAdmin: true,
      LogonId: r.int(200000, 9000000),
      RemoteDeviceName: dev.name,
      RemoteIP: dev.def.localIp,
      RemoteIPType: 'Private',
      RemotePort: r.int(49700, 65000),
      AdditionalFields: { IsLocalLogon: false, IsRemote: true },
    });
    const svcImg = EIMG.psexesvc;
    em.file(t + 2 * SEC, pb.system, 'FileCreated', { FileName: svcImg.name, FolderPath: svcImg.path, SHA1: svcImg.sha1, SHA256: svcImg.sha256, MD5: svcImg.md5, FileSize: svcImg.size, RequestProtocol: 'SMB', RequestSourceIP: dev.def.localIp, RequestAccountName: adm.name, RequestAccountDomain: adm.domain, RequestAccountSid: adm.sid, ShareName: 'ADMIN$' });
    em.event(t + 2.5 * SEC, pb.services, 'ServiceInstalled', { AdditionalFields: { ServiceName: 'PSEXESVC' } });
    const svc = this.runOn(peer, pb.services, svcImg, t + 3 * SEC, 'C:\\Windows\\PSEXESVC.exe', { acct: SYSTEM, logonId: 999, integrity: 'System', elevation: 'TokenElevationTypeDefault', session: 0 });
    const exe = task.startsWith('cmd') ? IMG.cmd : task.startsWith('msiexec') ? IMG.msiexec : img(local, pkg, 4_718_592, 'Notepad++', 'Notepad++', '8.6.7');
    const child = this.runOn(peer, svc, exe, t + 4 * SEC, task);
    if (task.includes(' copy ')) {
      em.file(t + 5 * SEC, child, 'FileCreated', { FileName: pkg, FolderPath: local, SHA1: hexOf(`pkg:${pkg}`, 40), SHA256: hexOf(`pkg256:${pkg}`, 64), MD5: hexOf(`pkgmd5:${pkg}`, 32), FileSize: r.int(2_000_000, 120_000_000) });
    } else if (task.includes(' del ')) {
      em.file(t + 5 * SEC, child, 'FileDeleted', { FileName: pkg, FolderPath: local, SHA1: hexOf(`pkg:${pkg}`, 40), SHA256: '', MD5: '' });
    }
  }

  /**
   * An Intune platform script: the Intune Management Extension hands it to AgentExecutor, which runs it
   * in the 32-bit PowerShell host (platform scripts run 32-bit unless "Run script in 64 bit PowerShell
   * Host" is set) and writes its result.
   */
  platformScript(id: string, name: string): void {
    const { r, dev } = this;
    const t = this.d0 + r.int(30, 16 * 60) * MIN + r.int(0, 59_999) * 1000;
    const file = `${IME}Policies\\Scripts\\${id}.ps1`;
    const ime = this.runOn(dev, this.b.services, EIMG.imeAgent, t - r.int(5, 50) * MIN, `"${EIMG.imeAgent.path}"`);
    const ax = this.runOn(dev, ime, EIMG.agentExecutor, t, `"${EIMG.agentExecutor.path}" -powershell "${file}" "${IME}Policies\\Results\\${id}.output" "${IME}Policies\\Results\\${id}.error" "${IME}Policies\\Results\\${id}.timeout" 60000 "C:\\Windows\\SysWOW64\\WindowsPowerShell\\v1.0" 0 "" False`);
    const ps = this.runOn(dev, ax, AIMG.ps32, t + 900 * 1000, `"C:\\Windows\\SysWOW64\\WindowsPowerShell\\v1.0\\powershell.exe" -NoProfile -executionPolicy bypass -file "${file}"`);
    this.em.event(t + 2 * SEC, ps, 'PowerShellCommand', { AdditionalFields: { Command: name === 'Map-NetworkDrives' ? 'New-PSDrive' : name === 'Set-DefaultPrinter' ? 'Get-CimInstance' : 'Remove-VpnConnection' } });
    this.em.file(t + 4 * SEC, ax, 'FileCreated', { FileName: `${id}.output`, FolderPath: `${IME}Policies\\Results\\${id}.output`, SHA1: r.hex(40), SHA256: '', MD5: r.hex(32), FileSize: r.int(0, 400) });
  }

  /** A developer trusts and exports the ASP.NET Core development certificate (dotnet dev-certs) for a container. */
  devCertificate(): void {
    const { r, dev } = this;
    const s = this.s;
    if (!s || !dev.user) return;
    const t = this.inSession();
    if (t === null) return;
    const u = dev.user.accountName;
    const path = `C:\\Users\\${u}\\.aspnet\\https\\aspnetapp.pfx`;
    const p = this.runOn(dev, s.explorer, AIMG.dotnet, t, `"C:\\Program Files\\dotnet\\dotnet.exe" dev-certs https -ep ${path} -p ${r.pick(['devpass', 'localdev', 'changeit'])}`);
    this.em.file(t + r.int(2, 6) * SEC, p, 'FileCreated', { FileName: 'aspnetapp.pfx', FolderPath: path, SHA1: r.hex(40), SHA256: r.hex(64), MD5: r.hex(32), FileSize: r.int(2_400, 2_800) });
  }

  /** A developer exercises the team's API from Postman: a handful of HTTPS requests over an hour or two. */
  apiTesting(api: { host: string; ip: string }): void {
    const { r, dev } = this;
    const s = this.s;
    if (!s || !dev.user) return;
    let t = this.inSession();
    if (t === null) return;
    const app = { ...AIMG.postman, path: AIMG.postman.path.replace('%USER%', dev.user.accountName) };
    const p = this.runOn(dev, s.explorer, app, t, `"${app.path}"`);
    for (let i = r.int(2, 9); i > 0; i--) {
      t += r.int(1, 20) * MIN + r.int(0, 59_999) * 1000;
      if (t > s.end || dev.isIsolated(t)) return;
      this.em.network(t, p, 'ConnectionSuccess', { RemoteIP: api.ip, RemotePort: 443, RemoteUrl: api.host, LocalIP: dev.def.localIp, LocalPort: r.int(49700, 65000), Protocol: 'Tcp', LocalIPType: 'Private', RemoteIPType: 'Public' });
    }
  }

  /** The admin exports a server certificate with its private key (certlm.msc → Export → .pfx) for a renewal. */
  certificateExport(): void {
    const { r, dev } = this;
    const s = this.s;
    if (!s || !dev.user) return;
    const t = this.inSession();
    if (t === null) return;
    const adm = adminAcctOf(dev.user);
    const mmc = this.runOn(dev, s.explorer, AIMG.mmc, t, '"C:\\Windows\\system32\\mmc.exe" "C:\\Windows\\system32\\certlm.msc"', { acct: adm, logonId: r.int(200000, 9000000), integrity: 'High', elevation: 'TokenElevationTypeFull', session: 1 });
    const name = `${r.pick(['intranet', 'print01', 'fs01', 'wsus01', 'rmm'])}.corp.contoso.example_${r.int(2024, 2025)}.pfx`;
    const folder = `C:\\Users\\${adm.name}\\Documents\\Certificates\\`;
    this.em.file(t + r.int(60, 400) * SEC, mmc, 'FileCreated', { FileName: name, FolderPath: `${folder}${name}`, SHA1: r.hex(40), SHA256: r.hex(64), MD5: r.hex(32), FileSize: r.int(2_600, 6_800) });
  }
  /** A screen recording with OBS Studio (its default recording format before 30.2 is Matroska, .mkv). */
  screencast(): void {
    const { r, dev } = this;
    const s = this.s;
    if (!s || !dev.user) return;
    const t = this.inSession();
    if (t === null) return;
    const obs = this.runOn(dev, s.explorer, AIMG.obs, t, `"${AIMG.obs.path}"`);
    const start = t + r.int(1, 5) * MIN;
    const stamp = new Date(start / 1000).toISOString().slice(0, 19).replace('T', ' ').replace(/:/g, '-');
    const name = `${stamp}.mkv`;
    this.em.file(start + r.int(2, 15) * MIN, obs, 'FileCreated', { FileName: name, FolderPath: `C:\\Users\\${dev.user.accountName}\\Videos\\${name}`, SHA1: r.hex(40), SHA256: r.hex(64), MD5: r.hex(32), FileSize: r.int(40_000_000, 600_000_000) });
  }

  /** A developer reads a secret of the staging cluster back in Git Bash: kubectl piped into base64 --decode. */
  kubeSecret([name, ns, key]: readonly [string, string, string]): void {
    const { r, dev } = this;
    const s = this.s;
    if (!s || !dev.user) return;
    const t = this.inSession();
    if (t === null) return;
    const gb = this.runOn(dev, s.explorer, AIMG.gitBash, t, `"${AIMG.gitBash.path}" --cd-to-home`);
    const sh = this.runOn(dev, gb, AIMG.bash, t + 1 * SEC, '/usr/bin/bash --login -i');
    const at = t + r.int(1, 30) * MIN;
    const jsonKey = key.replace(/\./g, '\\.');
    this.runOn(dev, sh, AIMG.kubectl, at, `kubectl get secret ${name} -n ${ns} -o jsonpath={.data.${jsonKey}}`);
    this.runOn(dev, sh, AIMG.base64, at + 20 * 1000, 'base64 --decode');
  }

  /**
   * Windows Fax and Scan from the Start menu: one to three documents scanned and saved under
   * Documents\Scanned Documents (JPEG by default, TIFF when chosen; WFS names them Image, Image (2), ...).
   */
  scan(n: number): void {
    const { r, dev } = this;
    const s = this.s;
    if (!s || !dev.user) return;
    let t = this.inSession();
    if (t === null) return;
    const wfs = this.runOn(dev, s.explorer, AIMG.wfs, t, `"${AIMG.wfs.path}"`);
    const ext = r.chance(0.75) ? 'jpg' : 'tif';
    for (let i = 0; i < n; i++) {
      t += r.int(40, 240) * SEC;
      if (t > s.end) return;
      const name = i === 0 ? `Image.${ext}` : `Image (${i + 1}).${ext}`;
      this.em.file(t, wfs, 'FileCreated', { FileName: name, FolderPath: `C:\\Users\\${dev.user.accountName}\\Documents\\Scanned Documents\\${name}`, SHA1: r.hex(40), SHA256: r.hex(64), MD5: r.hex(32), FileSize: ext === 'jpg' ? r.int(300_000, 2_500_000) : r.int(2_000_000, 25_000_000) });
    }
  }

  /**
   * The admin opens an on-premises AD console from the Entra-joined workstation with
   * `runas /netonly /user:corp\adm-<name>`: the Secondary Logon service (started on demand) creates a
   * NewCredentials logon (the same local identity, the user's, with the admin account's credentials
   * for the network; Windows attributes it to seclogon's svchost.exe) and starts mmc.exe under it
   * with runas.exe as its parent.
   */
  runasNetOnly(msc: string): void {
    const { r, dev } = this;
    const s = this.s;
    if (!s || !dev.user) return;
    const t = this.inSession();
    if (t === null) return;
    const adm = adminAcctOf(dev.user);
    const user = { acct: s.acct, logonId: s.logonId, integrity: 'Medium', elevation: 'TokenElevationTypeDefault', session: 1 } as const;
    const cmd = this.runOn(dev, s.explorer, IMG.cmd, t, '"C:\\Windows\\system32\\cmd.exe"', user);
    const at = t + r.int(10, 300) * SEC;
    const runas = this.runOn(dev, cmd, AIMG.runas, at, `runas /netonly /user:${adm.domain}\\${adm.name} "mmc.exe ${msc}"`, user);
    // Typing the password: the service starts and logs on a few seconds later.
    const on = at + r.int(4, 15) * SEC;
    const seclogon = this.runOn(dev, this.b.services, IMG.svchost, on, 'C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s seclogon', { acct: SYSTEM, logonId: 999, integrity: 'System', elevation: 'TokenElevationTypeDefault', session: 0 });
    const logonId = r.int(200000, 9000000);
    this.em.logon(on + 0.2 * SEC, seclogon, 'LogonSuccess', {
      LogonType: 'NewCredentials',
      AccountDomain: s.acct.domain,
      AccountName: s.acct.name,
      AccountSid: s.acct.sid,
      Protocol: 'Negotiate',
      IsLocalAdmin: false,
      LogonId: logonId,
      AdditionalFields: { IsLocalLogon: true, IsRemote: false },
    });
    this.runOn(dev, runas, AIMG.mmc, on + 0.4 * SEC, `"C:\\Windows\\system32\\mmc.exe" "C:\\Windows\\system32\\${msc}"`, { ...user, logonId });
  }
}
