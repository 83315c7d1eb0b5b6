/**
 * Routine IT operations on the background devices, the kind a hunter meets in every estate:
 * - an Intune Win32-app deployment of a Microsoft 365 Apps change in two rings (IT first, everyone
 *   else the next day) whose wrapper script closes the Office apps one `taskkill` at a time before
 *   the Office Deployment Tool runs;
 * - the helpdesk repairing a broken application through the RMM agent's remote shell
 *   (`msiexec.exe /fa <cached package>`, the documented "reinstall all files" repair);
 * - the IT admin packing diagnostic logs for a vendor's support case into a password-protected
 *   7-Zip archive (support portals ask for encrypted uploads);
 * - Defender's file profiles (what FileProfile() returns) for the executables the estate runs, with
 *   global prevalence by kind of file: Windows binaries in the millions, common third-party tools in
 *   the hundreds of thousands, the company's own RMM agent only on its own fleet.
 *
 * Rates are per device-day; nothing here is shaped after a particular query. The module draws from
 * its own random stream and runs after every other estate writer, so nothing written before it moves.
 */
import { site } from './background.ts';
import { adminAcctOf, EIMG, type EstateCtx, EstateDay } from './estate.ts';
import { IMG, type Img, img, WINDOWS_FILES } from './images.ts';
import { hexOf, Rng } from './rng.ts';
import { DAY, HOUR, MIN, SEC } from './time.ts';
import type { DeviceEmitter, Proc, Sinks } from './world.ts';

const S32 = 'C:\\Windows\\System32\\';

const IMECACHE = 'C:\\Windows\\IMECache\\';

/** The Office apps an M365 Apps wrapper script closes before the Office Deployment Tool runs. */
export const OFFICE_APPS = ['winword.exe', 'excel.exe', 'powerpnt.exe', 'outlook.exe', 'onenote.exe', 'msaccess.exe', 'mspub.exe', 'visio.exe', 'winproj.exe', 'lync.exe', 'teams.exe', 'ms-teams.exe', 'onedrive.exe'] as const;

/** Applications the helpdesk repairs when a user reports them broken (their cached package in C:\Windows\Installer). */
const REPAIRS = ['Adobe Acrobat Reader', 'Zoom Workplace', 'Microsoft Teams Meeting Add-in', 'Notepad++', 'FortiClient VPN'] as const;

/** Vendor support cases the admin collects logs for: product, log folder. */
const SUPPORT_CASES = [
  ['Fortinet', 'C:\\Program Files\\Fortinet\\FortiClient\\logs'],
  ['Zoom', 'C:\\Users\\Public\\ZoomLogs'],
  ['Adobe', 'C:\\ProgramData\\Adobe\\ARM\\Logs'],
] as const;

function odtImage(guid: string): Img {
  // The Office Deployment Tool's setup.exe: the same file in every package (its hashes do not depend on the folder).
  return {
    name: 'setup.exe',
    path: `${IMECACHE}${guid}_1\\setup.exe`,
    sha1: hexOf('sha1:odt-setup-16.0.17531.20004', 40),
    sha256: hexOf('sha256:odt-setup-16.0.17531.20004', 64),
    md5: hexOf('md5:odt-setup-16.0.17531.20004', 32),
    size: 7_632_344,
    company: 'Microsoft Corporation',
    product: 'Microsoft Office',
    version: '16.0.17531.20004',
    internal: 'Setup',
    original: 'Setup.exe',
    description: 'Microsoft Office Click-to-Run Setup',
    signer: 'Microsoft Corporation',
    alwaysSha256: false,
  };
}

export type RoutineEstateCtx = EstateCtx & { sinks: Sinks };

/** A socket the device listens on from time t (ListeningConnectionCreated): workstations' and app01's listeners(). */
export const listenerOf =
  (em: DeviceEmitter) =>
  (t: number, actor: Proc, localIp: string, port: number): void =>
    em.network(t, actor, 'ListeningConnectionCreated', { LocalIP: localIp, LocalPort: port, RemoteIP: '', RemoteUrl: '', Protocol: 'Tcp', LocalIPType: localIp === '0.0.0.0' ? 'Unspecified' : 'Private' });

export function writeRoutineEstate(c: RoutineEstateCtx): void {
  if (c.devs.length === 0) return;
  const root = new Rng((c.seed ^ 0x2c07e11) >>> 0, 0x2c07);
  const plan = root.fork('plan');
  const withUser = c.devs.filter((d) => d.user);
  const admins = withUser.filter((d) => c.adminDevKeys.has(d.def.key));
  // The M365 Apps change: pilot ring (IT) on one day, the broad ring on the next.
  const pilotDay = plan.int(Math.max(0, c.days.length - 3), Math.max(0, c.days.length - 2));
  const appGuid = plan.guid();
  const change = plan.pick(['Switch to Monthly Enterprise Channel', 'Add Visio and Project (Microsoft 365)', 'Remove Skype for Business']);

  for (const dev of c.devs) {
    const b = c.boots.get(dev.def.key);
    if (!b) continue;
    const isIt = dev.user?.department === 'IT';
    for (let k = 0; k < c.days.length; k++) {
      const r = root.fork(`${dev.def.key}:${k}`);
      const h = new Routine(dev, c.em, b, c.sessions.get(`${dev.def.key}:${k}`), c.days[k], r);
      if (dev.user && k === (isIt ? pilotDay : pilotDay + 1)) h.officeChange(appGuid, change);
      if (dev.user && r.chance(0.08)) h.helpdeskRepair(r.pick(REPAIRS));
      if (admins.includes(dev) && r.chance(0.3)) h.supportBundle(r.pick(SUPPORT_CASES));
    }
  }
  writeEstateFileProfiles(c.sinks, c.days);

  // Listening ports, developer tooling, licence checks and the branding startup script: a later
  // addition with its own random stream, so that nothing above moves.
  const more = new Rng((c.seed ^ 0x11573e7) >>> 0, 0x1157);
  const coders = withUser.filter((d) => ['IT', 'Engineering'].includes(d.user!.department ?? ''));
  for (const dev of c.devs) {
    const b = c.boots.get(dev.def.key);
    if (!b) continue;
    const atBoot = new Routine(dev, c.em, b, undefined, c.days[0], more.fork(`boot:${dev.def.key}`));
    atBoot.listeners();
    atBoot.brandingStartupScript();
    for (let k = 0; k < c.days.length; k++) {
      const r = more.fork(`${dev.def.key}:${k}`);
      const h = new Routine(dev, c.em, b, c.sessions.get(`${dev.def.key}:${k}`), c.days[k], r);
      // The RMM's weekly licence audit, Monday night.
      if (new Date(c.days[k] / 1000).getUTCDay() === 1) h.officeLicenceCheck();
      if (coders.includes(dev) && r.chance(0.45)) h.curlChecks(r.int(1, 4));
      if (dev.user?.department === 'Engineering' && r.chance(0.3)) h.msbuild();
    }
  }
}

class Routine extends EstateDay {
  /**
   * The Win32 app's install command: IntuneManagementExtension starts `cmd.exe /c Install-M365.cmd`
   * in the package's IMECache folder; the script closes each Office app (`taskkill /f /im`, most not
   * running, so most find nothing) and runs the Office Deployment Tool with the package's XML.
   */
  officeChange(guid: string, change: string): void {
    const { r, dev } = this;
    const t = this.d0 + r.int(9 * 60, 16 * 60) * MIN + r.int(0, 59_999) * 1000;
    if (dev.isIsolated(t)) return;
    const ime = this.run(this.b.services, EIMG.imeAgent, t - r.int(2, 40) * MIN, `"${EIMG.imeAgent.path}"`);
    const dir = `${IMECACHE}${guid}_1`;
    const cmd = this.run(ime, IMG.cmd, t, `"C:\\Windows\\system32\\cmd.exe" /c "${dir}\\Install-M365.cmd"`);
    let at = t + 1 * SEC;
    for (const app of OFFICE_APPS) {
      at += r.int(150, 900) * 1000;
      this.run(cmd, EIMG.taskkill, at, `taskkill  /f /im ${app}`);
    }
    const xml = change.startsWith('Switch') ? 'MonthlyEnterprise.xml' : change.startsWith('Add') ? 'AddVisioProject.xml' : 'RemoveSfB.xml';
    this.run(cmd, odtImage(guid), at + 2 * SEC, `setup.exe /configure ${xml}`);
  }

  /** The helpdesk's RMM remote shell repairs an application: reinstall all files from its cached package. */
  helpdeskRepair(app: string): void {
    const { r, dev } = this;
    const t = this.sessionTime(60, 30, 20);
    if (t === null || dev.isIsolated(t)) return;
    const rmm = this.run(this.b.services, EIMG.rmmAgent, t - r.int(1, 10) * HOUR, `"${EIMG.rmmAgent.path}" -service`);
    const pkg = `C:\\Windows\\Installer\\${hexOf(`${dev.def.key}:cached:${app}`, 6)}.msi`;
    const cmd = this.run(rmm, IMG.cmd, t, `cmd.exe /c msiexec.exe /fa ${pkg} /qn /norestart /l*v C:\\Windows\\Temp\\repair.log`);
    const msi = this.run(cmd, IMG.msiexec, t + 1 * SEC, `msiexec.exe  /fa ${pkg} /qn /norestart /l*v C:\\Windows\\Temp\\repair.log`);
    this.em.file(t + r.int(20, 90) * SEC, msi, 'FileCreated', { FileName: 'repair.log', FolderPath: 'C:\\Windows\\Temp\\repair.log', SHA1: r.hex(40), SHA256: '', MD5: r.hex(32), FileSize: r.int(200_000, 2_400_000) });
  }

  /**
   * What the device listens on after boot: SMB (445) and NetBIOS session (139, bound to the
   * adapter's address) in the kernel (System, pid 4), RPC endpoint mapper (135) in RpcSs's svchost,
   * and WinRM (5985) through HTTP.sys, which Windows also reports as System: every workstation has
   * WinRM enabled for the automation account's nightly checks.
   */
  listeners(): void {
    const { dev, b, em } = this;
    const t0 = b.services.created;
    const listen = listenerOf(em);
    listen(t0 + 2 * SEC, b.svc['RPCSS -p'], '0.0.0.0', 135);
    listen(t0 + 6 * SEC, b.system, '0.0.0.0', 445);
    listen(t0 + 7 * SEC, b.system, dev.def.localIp, 139);
    listen(t0 + 25 * SEC, b.system, '0.0.0.0', 5985);
  }

  /**
   * The branding startup script (a computer Group Policy script, run as SYSTEM at start-up): it
   * fetches the current wallpaper or lock-screen image from the intranet with `bitsadmin /transfer`,
   * the way such scripts were written before PowerShell's BITS cmdlets.
   */
  brandingStartupScript(): void {
    const { r } = this;
    const t = this.b.services.created + r.int(40, 90) * SEC;
    if (this.dev.isIsolated(t)) return;
    const gp = this.run(this.b.svc['netsvcs -p -s gpsvc'], IMG.gpscript, t, 'gpscript.exe /RefreshSystemParam');
    const cmd = this.run(gp, IMG.cmd, t + 1 * SEC, 'C:\\Windows\\system32\\cmd.exe /c ""\\\\corp.contoso.example\\SysVol\\corp.contoso.example\\scripts\\Set-Branding.cmd" "');
    const img = r.pick(['wallpaper-2024Q2.jpg', 'lockscreen-2024Q2.jpg']);
    const local = `C:\\ProgramData\\Contoso\\Branding\\${img}`;
    const bits = this.run(cmd, RIMG.bitsadmin, t + 2 * SEC, `bitsadmin  /transfer ContosoBranding /download /priority FOREGROUND https://intranet.contoso.example/branding/${img} ${local}`);
    this.em.file(t + r.int(3, 9) * SEC, this.b.svc['netsvcs -p -s BITS'], 'FileCreated', { FileName: img, FolderPath: local, SHA1: hexOf(`branding:${img}`, 40), SHA256: hexOf(`branding256:${img}`, 64), MD5: hexOf(`brandingmd5:${img}`, 32), FileSize: 1_845_210, FileOriginUrl: `https://intranet.contoso.example/branding/${img}` });
    void bits;
  }

  /** The RMM agent's licence audit: Office's own licensing script under cscript. */
  officeLicenceCheck(): void {
    const { r } = this;
    const t = this.at(1, 6);
    if (this.dev.isIsolated(t)) return;
    const rmm = this.run(this.b.services, EIMG.rmmAgent, t - r.int(1, 50) * MIN, `"${EIMG.rmmAgent.path}" -service`);
    const cmd = this.run(rmm, IMG.cmd, t, 'cmd.exe /c cscript.exe //nologo "C:\\Program Files\\Microsoft Office\\Office16\\OSPP.VBS" /dstatus > C:\\ProgramData\\Contoso\\RMM\\office-licence.txt');
    this.run(cmd, RIMG.cscript, t + 1 * SEC, 'cscript.exe  //nologo "C:\\Program Files\\Microsoft Office\\Office16\\OSPP.VBS" /dstatus');
  }

  /** A developer checks an API from a console with curl (Windows ships curl.exe since 1803). */
  curlChecks(n: number): void {
    const { r, dev } = this;
    const s = this.s;
    if (!s || !dev.user) return;
    let t = this.sessionTime(60, 20, 20);
    if (t === null) return;
    const con = this.run(s.explorer, IMG.cmd, t, '"C:\\Windows\\system32\\cmd.exe"');
    for (let i = 0; i < n; i++) {
      t += r.int(1, 25) * MIN + r.int(0, 59_999) * 1000;
      if (t > s.end || dev.isIsolated(t)) return;
      const url = r.pick(DEV_ENDPOINTS);
      const cmd = r.chance(0.5) ? `curl  -s -o NUL -w "%{http_code}" ${url}` : `curl  -sS -H "Accept: application/json" ${url}`;
      const p = this.run(con, RIMG.curl, t, cmd);
      const host = new URL(url).host;
      this.em.network(t + 300 * 1000, p, 'ConnectionSuccess', { RemoteIP: site(host).ip, RemotePort: 443, RemoteUrl: host, LocalIP: dev.def.localIp, LocalPort: r.int(49700, 65000), Protocol: 'Tcp', LocalIPType: 'Private', RemoteIPType: host.endsWith('contoso.example') ? 'Private' : 'Public' });
    }
  }

  /** A developer builds the intranet solution from the Developer Command Prompt. */
  msbuild(): void {
    const { r, dev } = this;
    const s = this.s;
    if (!s || !dev.user) return;
    const t = this.sessionTime(60, 20, 30);
    if (t === null) return;
    const con = this.run(s.explorer, IMG.cmd, t, '"C:\\Windows\\system32\\cmd.exe" /k "C:\\Program Files\\Microsoft Visual Studio\\2022\\Professional\\Common7\\Tools\\VsDevCmd.bat"');
    const at = t + r.int(1, 20) * MIN;
    const repo = `C:\\Users\\${dev.user.accountName}\\source\\repos\\Contoso.Intranet`;
    const mb = this.run(con, RIMG.msbuild, at, `msbuild  Contoso.Intranet.sln /p:Configuration=${r.pick(['Debug', 'Release'])} /m`);
    for (const proj of ['Contoso.Intranet.Web', 'Contoso.Intranet.Data']) {
      this.em.file(at + r.int(20, 120) * SEC, mb, 'FileCreated', { FileName: `${proj}.dll`, FolderPath: `${repo}\\${proj}\\bin\\${proj}.dll`, SHA1: r.hex(40), SHA256: r.hex(64), MD5: r.hex(32), FileSize: r.int(40_000, 900_000) });
    }
  }

  /** Logs for a vendor's support case, packed by the admin into an encrypted 7-Zip archive (names and contents hidden). */
  supportBundle([vendor, folder]: readonly [string, string]): void {
    const { r, dev } = this;
    const s = this.s;
    if (!s || !dev.user) return;
    const t = this.sessionTime(60, 20, 20);
    if (t === null) return;
    const adm = adminAcctOf(dev.user);
    const elev = { acct: adm, logonId: r.int(200000, 9000000), integrity: 'High', elevation: 'TokenElevationTypeFull', session: 1 } as const;
    const con = this.run(s.explorer, IMG.cmd, t, '"C:\\Windows\\system32\\cmd.exe"', elev);
    const caseNo = r.int(1_000_000, 9_999_999);
    const out = `C:\\Temp\\${vendor}-case-${caseNo}.7z`;
    const at = t + r.int(20, 300) * SEC;
    const z = this.run(con, EIMG.sevenZipCli, at, `7z  a -t7z -mhe=on -p${vendor}${caseNo} ${out} "${folder}\\*"`, elev);
    this.em.file(at + r.int(2, 30) * SEC, z, 'FileCreated', { FileName: out.slice(out.lastIndexOf('\\') + 1), FolderPath: out, SHA1: r.hex(40), SHA256: r.hex(64), MD5: r.hex(32), FileSize: r.int(200_000, 40_000_000) });
  }
}

/** Built-in tools the routine operations above start. */
export const RIMG = {
  bitsadmin: EIMG.bitsadmin,
  cscript: EIMG.cscript,
  curl: img(`${S32}curl.exe`, 'The curl executable', 580_608),
  msbuild: img('C:\\Program Files\\Microsoft Visual Studio\\2022\\Professional\\MSBuild\\Current\\Bin\\amd64\\MSBuild.exe', 'MSBuild.exe', 428_616, 'Microsoft Corporation', 'Microsoft® Build Tools®', '17.9.8.16306'),
  devenvCmd: IMG.cmd,
} satisfies Record<string, Img>;

/** The internal APIs developers poke with curl (health checks and test calls). */
const DEV_ENDPOINTS = ['https://intranet.contoso.example/api/health', 'https://portal.corp.contoso.example/api/v2/status', 'https://api.github.com/repos/contoso/intranet/releases/latest', 'https://registry.npmjs.org/-/ping'];

/** Kinds of file and what Defender's global view of them looks like. */
function profileOf(im: Img): { prevalence: number; firstSeenDaysAgo: number; issuer: string; software: string } {
  const h = Number.parseInt(hexOf(`prevalence:${im.sha1}`, 8), 16);
  if (im.company === 'Microsoft Corporation') {
    const os = im.product.includes('Windows') || im.path.startsWith('C:\\Windows\\');
    return { prevalence: 1_000_000 + (h % 14_000_000), firstSeenDaysAgo: 30 + (h % 500), issuer: os ? 'Microsoft Windows Production PCA 2011' : 'Microsoft Code Signing PCA 2011', software: os ? 'windows_10' : '' };
  }
  if (im.company === 'Contoso Ltd') return { prevalence: 40 + (h % 120), firstSeenDaysAgo: 20 + (h % 60), issuer: 'DigiCert Trusted G4 Code Signing RSA4096 SHA384 2021 CA1', software: '' };
  return { prevalence: 100_000 + (h % 4_000_000), firstSeenDaysAgo: 60 + (h % 700), issuer: 'DigiCert Trusted G4 Code Signing RSA4096 SHA384 2021 CA1', software: '' };
}

/**
 * FileProfiles rows for the executables the estate runs (the scenario writes its own files' profiles;
 * those are left alone). Only signed images from a known publisher get a profile here.
 */
export function writeEstateFileProfiles(sinks: Sinks, days: number[]): void {
  const day0 = days[0];
  const sink = (sinks as Partial<Sinks>).FileProfiles;
  if (!sink) return;
  const known = new Set(Object.values(WINDOWS_FILES).map((f) => f.sha1));
  const seen = new Set<string>();
  for (const im of [...Object.values(IMG), ...Object.values(EIMG), ...Object.values(RIMG), odtImage('')] as Img[]) {
    if (known.has(im.sha1) || seen.has(im.sha1) || !im.company || !im.name.toLowerCase().endsWith('.exe')) continue;
    seen.add(im.sha1);
    const p = profileOf(im);
    sink.add({
      SHA1: im.sha1,
      SHA256: im.sha256,
      MD5: im.md5,
      FileSize: im.size,
      GlobalPrevalence: p.prevalence,
      GlobalFirstSeen: day0 - p.firstSeenDaysAgo * DAY,
      GlobalLastSeen: days[days.length - 1] + DAY - HOUR,
      Signer: im.signer,
      Issuer: p.issuer,
      SignerHash: hexOf(`signer:${im.company}`, 40),
      IsCertificateValid: true,
      IsRootSignerMicrosoft: im.company === 'Microsoft Corporation',
      SignatureState: 'SignedValid',
      IsExecutable: true,
      ThreatName: '',
      Publisher: im.company,
      SoftwareName: p.software,
      ProfileAvailability: 'Available',
    });
  }
}
