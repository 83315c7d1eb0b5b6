/**
 * More of what a real estate's endpoints look like to a hunter, on the background devices: the
 * logon script and Intune's user-context checks reading HKLM with reg.exe, management agents that
 * fetch patches and installers with PowerShell, the admins' inventory sweep over SMB, git and VS Code
 * on the IT and engineering desks, a personal Dropbox client, helpdesk RDP sessions with the
 * device's LAPS-managed local Administrator (and the scan-to-folder local account they set up for
 * the reception printer), a backup operator logging on interactively with a service account, an
 * automation account that queries devices over PowerShell remoting, a user moving a whole project
 * folder into OneDrive, and an administrator clearing a device's Security log (Defender raises
 * "Event log was cleared"; resolved as expected activity).
 *
 * Rates are per device-day and nothing here is shaped after a particular query. The module draws
 * from its own random stream (never a device's), passes pids and hash visibility explicitly, and
 * runs after the other estate modules, so everything written before it is unchanged.
 */
import type { BootState } from './background.ts';
import { site, type SiteDef } from './background.ts';
import type { Row } from './builder.ts';
import { adminAcctOf, EIMG, EstateDay, type EstateCtx } from './estate.ts';
import { DLLS, IMG, type Img, img } from './images.ts';
import type { UserDef } from './model.ts';
import { hexOf, Rng } from './rng.ts';
import { HOUR, MIN, SEC } from './time.ts';
import type { Acct, DeviceEmitter, Dev, Proc, Sinks } from './world.ts';
import { domainSid } from './model.ts';

const S32 = 'C:\\Windows\\System32\\';
const GIT = 'C:\\Program Files\\Git\\';

/** Images only this module runs. */
const XIMG = {
  code: img('C:\\Users\\%USER%\\AppData\\Local\\Programs\\Microsoft VS Code\\Code.exe', 'Visual Studio Code', 155_478_936, 'Microsoft Corporation', 'Visual Studio Code', '1.89.1'),
  git: img(`${GIT}cmd\\git.exe`, 'Git for Windows', 46_040, 'The Git Development Community', 'Git', '2.45.1.1'),
  gitCore: img(`${GIT}mingw64\\bin\\git.exe`, 'Git for Windows', 4_262_360, 'The Git Development Community', 'Git', '2.45.1.1'),
  gitRemote: img(`${GIT}mingw64\\libexec\\git-core\\git-remote-https.exe`, 'Git for Windows', 1_930_200, 'The Git Development Community', 'Git', '2.45.1.1'),
  dropbox: img('C:\\Program Files (x86)\\Dropbox\\Client\\Dropbox.exe', 'Dropbox', 7_281_536, 'Dropbox, Inc.', 'Dropbox', '200.4.5707'),
  mstscClient: img(`${S32}mstsc.exe`, 'Remote Desktop Connection', 1_319_936),
  rdpclip: img(`${S32}rdpclip.exe`, 'RDP Clipboard Monitor', 320_512),
  robocopy: img(`${S32}Robocopy.exe`, 'Microsoft® Robust File Copy', 137_728),
  auditpol: img(`${S32}auditpol.exe`, 'Audit Policy Program', 48_640),
} satisfies Record<string, Img>;

const codeFor = (user: string): Img => ({ ...XIMG.code, path: XIMG.code.path.replace('%USER%', user) });

const HELPDESK_IP = '10.20.4.21';
const HELPDESK_HOST = 'hd-wks021.corp.contoso.example';
export const AUTOMATION_IP = '10.20.0.61';
export const AUTOMATION_HOST = 'auto01.corp.contoso.example';
const MFP = { ip: '10.0.1.240', name: 'mfp-reception' };
export const SVC_AUTOMATION: Acct = { domain: 'corp', name: 'svc-automation', sid: domainSid(1627), upn: '', objectId: '' };
const SVC_BACKUP: Acct = { domain: 'corp', name: 'svc-backup', sid: domainSid(1611), upn: '', objectId: '' };
/** Server and workstation subnets the admins' sweep walks (documentation-free private ranges of the estate). */
const SERVER_IPS = ['10.20.0.5', '10.20.0.6', '10.20.0.10', '10.20.0.21', '10.20.0.30', '10.20.0.40', '10.20.0.41', '10.20.0.52', '10.20.0.61', '10.20.0.70', '10.20.0.80'];
const GIT_SITES = ['github.com', 'dev.azure.com', 'ssh.dev.azure.com', 'codeload.github.com'].map(site);
const DROPBOX_SITES = ['client.dropbox.com', 'bolt.dropbox.com', 'd.dropbox.com', 'content.dropboxapi.com', 'www.dropbox.com'].map(site);
const PATCH_SITE = site('rmm.contoso.example');
const CLOUD_SITES = ['winatp-gw-weu.microsoft.com', 'eu-v20.events.data.microsoft.com', 'ctldl.windowsupdate.com', 'settings-win.data.microsoft.com', 'wdcp.microsoft.com'].map(site);
const FREEWARE = site('download.freewarehub.example');
/** Consumer services a workstation baseline keeps disabled. */
const HARDENED_SERVICES = ['XblAuthManager', 'XblGameSave', 'XboxGipSvc', 'XboxNetApiSvc', 'MapsBroker', 'lfsvc', 'RetailDemo', 'WMPNetworkSvc', 'RemoteRegistry', 'SharedAccess', 'icssvc', 'WpcMonSvc', 'Fax', 'PhoneSvc'];
const PATCHES = [
  ['https://rmm.contoso.example/patches/AcroRdrDCx64Upd2400220857_MUI.msp', 'AcroRdrDCx64Upd2400220857_MUI.msp'],
  ['https://rmm.contoso.example/patches/npp.8.6.7.Installer.x64.exe', 'npp.8.6.7.Installer.x64.exe'],
  ['https://rmm.contoso.example/patches/7z2404-x64.msi', '7z2404-x64.msi'],
  ['https://rmm.contoso.example/patches/ZoomInstallerFull-6.0.11.msi', 'ZoomInstallerFull-6.0.11.msi'],
] as const;
const OFFICE_EXT = ['docx', 'xlsx', 'pptx', 'pdf'] as const;
const DOC_WORDS = ['Contract', 'Invoice', 'Minutes', 'Budget', 'Forecast', 'Review', 'Proposal', 'Policy', 'Report', 'Plan', 'Summary', 'Agreement', 'Schedule', 'Checklist'];

export interface EndpointEstateCtx extends EstateCtx {
  sinks: Sinks;
  users: UserDef[];
}

export function writeEndpointEstate(c: EndpointEstateCtx): void {
  if (c.devs.length === 0) return;
  const root = new Rng((c.seed ^ 0x0e9d901) >>> 0, 0xe9d9);
  const pick = root.fork('roles');
  const withUser = c.devs.filter((d) => d.user);
  const admins = c.devs.filter((d) => c.adminDevKeys.has(d.def.key) && d.user);
  const coders = withUser.filter((d) => ['IT', 'Engineering'].includes(d.user!.department ?? ''));
  const dropboxDev = withUser.length ? pick.pick(withUser) : undefined;
  const receptionDev = withUser.length ? pick.pick(withUser) : undefined;
  const receptionDay = pick.int(0, c.days.length - 2);
  const keepers = withUser.filter((d) => ['Legal', 'HR', 'Finance'].includes(d.user!.department ?? ''));
  const folderMover = keepers.length ? pick.pick(keepers) : withUser.length ? pick.pick(withUser) : undefined;
  const folderDay = pick.int(0, c.days.length - 1);
  const backupDev = withUser.length ? pick.pick(withUser) : undefined;
  const backupDay = pick.int(0, c.days.length - 1);
  const logClearDay = pick.int(0, c.days.length - 1);
  // A freeware site: one user's download is caught by Defender, another user's download from it is not.
  const freewareDevs = withUser.length > 1 ? [pick.pick(withUser), pick.pick(withUser)] : [];
  const freewareDays = [pick.int(0, c.days.length - 1), pick.int(0, c.days.length - 1)];
  const rmmExclusionDev = c.devs.length ? pick.pick(c.devs) : undefined;
  const rmmExclusionDay = pick.int(0, c.days.length - 1);
  const alertRng = root.fork('alerts');

  for (const dev of c.devs) {
    const b = c.boots.get(dev.def.key);
    if (!b) continue;
    for (let k = 0; k < c.days.length; k++) {
      const r = root.fork(`${dev.def.key}:${k}`);
      const h = new Endpoint(dev, c.em, b, c.sessions.get(`${dev.def.key}:${k}`), c.days[k], r);
      h.userContextChecks();
      h.patchDownloads();
      if (coders.includes(dev)) h.sourceControl();
      if (dev === dropboxDev) h.dropbox();
      if (dev === receptionDev && k === receptionDay) h.helpdeskScanSetup();
      else if (r.chance(0.12)) h.helpdeskRdp();
      if (dev === receptionDev && k > receptionDay) h.scans(k === receptionDay + 1 ? 3 : 1);
      if (dev === folderMover && k === folderDay) h.moveProjectFolder();
      if (dev === backupDev && k === backupDay) h.backupOperatorLogon();
      if (r.chance(0.12)) h.captivePortal();
      if (r.chance(0.25)) h.hardeningRemediation();
      if (r.chance(0.08)) h.vendorDropboxLink();
      if (coders.includes(dev) && r.chance(0.15)) h.codeSigningCert();
      for (let i = 0; i < freewareDevs.length; i++) if (freewareDevs[i] === dev && freewareDays[i] === k) h.freewareDownload(i === 0, c.sinks, alertRng);
      if (dev === rmmExclusionDev && k === rmmExclusionDay) h.rmmUpgrade();
      if (admins.includes(dev)) {
        if (r.chance(0.5)) h.inventorySweep(c.devs);
        if (k === logClearDay) h.clearSecurityLog(c.sinks, alertRng);
      }
    }
  }
  // The automation server's daily compliance query over PowerShell remoting, to a few devices a day.
  const auto = root.fork('automation');
  for (let k = 0; k < c.days.length; k++) {
    for (const dev of c.devs) {
      const b = c.boots.get(dev.def.key);
      if (!b || !auto.chance(0.45)) continue;
      remoteQuery(c.em, dev, b, c.days[k] + auto.int(2 * 60, 5 * 60) * MIN + auto.int(0, 59_999) * 1000, auto);
    }
  }
}

function net(em: DeviceEmitter, dev: Dev, t: number, actor: Proc, r: Rng, s: SiteDef | { ip: string; host: string; priv: true }, port = 443, failed = false): void {
  if (dev.isIsolated(t)) return;
  const priv = 'priv' in s;
  em.network(t, actor, failed ? 'ConnectionFailed' : 'ConnectionSuccess', {
    RemoteIP: s.ip,
    RemotePort: port,
    RemoteUrl: priv ? '' : s.host,
    LocalIP: dev.def.localIp,
    LocalPort: r.int(49700, 65000),
    Protocol: 'Tcp',
    LocalIPType: 'Private',
    RemoteIPType: priv ? 'Private' : 'Public',
  });
}

class Endpoint extends EstateDay {
  inSession(): number | null {
    return this.sessionTime(60, 20, 20);
  }

  /** Intune's user-context detection script and the Office settings check, as the signed-in user. */
  userContextChecks(): void {
    const s = this.s;
    if (!s || !this.dev.user) return;
    const t = s.start + this.r.int(3, 12) * MIN + this.r.int(0, 59_999) * 1000;
    const c = this.run(s.explorer, IMG.cmd, t, 'C:\\Windows\\system32\\cmd.exe /c ""C:\\ProgramData\\Contoso\\Scripts\\office-settings.cmd" "');
    const queries = [
      'reg  query "HKLM\\SOFTWARE\\Microsoft\\Office\\ClickToRun\\Configuration" /v UpdateChannel',
      'reg  query "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion" /v DisplayVersion',
      'reg  query "HKLM\\SOFTWARE\\Policies\\Microsoft\\OneDrive" /v KFMSilentOptIn',
    ];
    let tt = t + 1 * SEC;
    for (const q of queries.slice(0, this.r.int(1, 3))) {
      this.run(c, EIMG.reg, tt, q);
      tt += this.r.int(200, 900) * 1000;
    }
    if (this.r.chance(0.6)) {
      this.run(c, EIMG.reg, tt, 'reg  add "HKCU\\Software\\Microsoft\\Office\\16.0\\Common\\General" /v ShownFirstRunOptin /t REG_DWORD /d 1 /f');
      this.em.registry(tt + 100 * 1000, c, 'RegistryValueSet', {
        RegistryKey: `HKEY_CURRENT_USER\\${s.acct.sid}\\Software\\Microsoft\\Office\\16.0\\Common\\General`,
        RegistryValueType: 'Dword',
        RegistryValueName: 'ShownFirstRunOptin',
        RegistryValueData: '1',
        PreviousRegistryValueData: '1',
      });
    }
  }

  /** The RMM agent downloads the week's third-party patches and installs them silently. */
  patchDownloads(): void {
    const { r, b, dev } = this;
    if (!r.chance(0.3)) return;
    const t = this.at(10, 16);
    const [url, file] = r.pick(PATCHES);
    const dest = `C:\\ProgramData\\Contoso\\RMM\\Patches\\${file}`;
    const how = r.chance(0.5) ? `Invoke-WebRequest -Uri '${url}' -OutFile '${dest}' -UseBasicParsing` : `Start-BitsTransfer -Source '${url}' -Destination '${dest}'`;
    // The agent service started at boot (its start is in the boot chain's time, not re-emitted here).
    const rmm = dev.spawn(b.services, EIMG.rmmAgent, b.services.created + 40 * SEC, `"${EIMG.rmmAgent.path}" -service`, { pid: r.int(100, 4000) * 4, showSha256: false });
    const ps = this.run(rmm, IMG.powershell, t, `powershell.exe -NoLogo -NonInteractive -NoProfile -ExecutionPolicy Bypass -Command "${how}"`);
    net(this.em, dev, t + 2 * SEC, ps, r, PATCH_SITE);
    this.em.event(t + 1 * SEC, ps, 'PowerShellCommand', { AdditionalFields: { Command: how.split(' ')[0] } });
    this.em.file(t + r.int(5, 40) * SEC, ps, 'FileCreated', { FileName: file, FolderPath: dest, SHA1: hexOf(`patch:${file}`, 40), SHA256: hexOf(`patch256:${file}`, 64), MD5: hexOf(`patchmd5:${file}`, 32), FileSize: r.int(2_000_000, 180_000_000), FileOriginUrl: url, FileOriginIP: PATCH_SITE.ip });
    const it = t + r.int(60, 240) * SEC;
    if (file.endsWith('.exe')) this.run(rmm, img(`C:\\ProgramData\\Contoso\\RMM\\Patches\\${file}`, 'Notepad++ installer', 4_812_560, 'Notepad++', 'Notepad++', '8.6.7'), it, `"${dest}" /S`);
    else this.run(rmm, IMG.msiexec, it, `msiexec.exe ${file.endsWith('.msp') ? '/p' : '/i'} "${dest}" /qn /norestart`);
  }

  /** git and VS Code on the IT and engineering desks: fetches, pulls and pushes to the code hosts. */
  sourceControl(): void {
    const { r, dev } = this;
    const s = this.s;
    if (!s || !dev.user) return;
    const t0 = this.inSession();
    if (t0 === null) return;
    const u = dev.user.accountName;
    const repo = r.pick(['contoso-it-scripts', 'intune-remediations', 'planner-exporter', 'infra-as-code']);
    const code = this.run(s.explorer, codeFor(u), t0, `"${codeFor(u).path}" "C:\\Users\\${u}\\source\\repos\\${repo}"`);
    let t = t0 + r.int(20, 90) * SEC;
    const n = r.int(2, 7);
    for (let i = 0; i < n; i++) {
      const cmd = r.pick(['git fetch', 'git status -z -uall', 'git pull --tags origin main', 'git push origin HEAD', 'git log --oneline -n 20', 'git rev-parse --show-toplevel', 'git checkout -b fix/timeout']);
      const g = this.run(code, XIMG.git, t, `"${XIMG.git.path}" ${cmd.slice(4)}`);
      const core = this.run(g, XIMG.gitCore, t + 30 * 1000, `"${XIMG.gitCore.path}" ${cmd.slice(4)}`);
      if (/fetch|pull|push/.test(cmd)) {
        const rem = this.run(core, XIMG.gitRemote, t + 80 * 1000, `"${XIMG.gitRemote.path}" origin https://${repo.includes('infra') ? 'dev.azure.com/contoso/infra/_git' : 'github.com/contoso'}/${repo}.git`);
        net(this.em, dev, t + 1 * SEC, rem, r, repo.includes('infra') ? GIT_SITES[1] : GIT_SITES[0]);
      }
      t += r.int(3, 40) * MIN;
    }
  }

  /** A personal Dropbox client syncing in the background. */
  dropbox(): void {
    const { r, dev } = this;
    const s = this.s;
    if (!s) return;
    const db = this.run(s.explorer, XIMG.dropbox, s.start + r.int(20, 40) * SEC, `"${XIMG.dropbox.path}" /systemstartup`);
    for (let t = db.created + r.int(1, 5) * MIN; t < s.end; t += r.int(20, 90) * MIN) net(this.em, dev, t, db, r, r.pick(DROPBOX_SITES));
    if (r.chance(0.5)) {
      const t = this.inSession();
      if (t !== null) {
        const name = `${r.pick(['holiday', 'IMG', 'scan', 'cv'])}_${r.int(1000, 9999)}.${r.pick(['jpg', 'pdf', 'docx'])}`;
        this.em.file(t, db, 'FileCreated', { FileName: name, FolderPath: `C:\\Users\\${dev.user!.accountName}\\Dropbox\\${name}`, SHA1: r.hex(40), SHA256: r.hex(64), MD5: r.hex(32), FileSize: r.int(40_000, 6_000_000) });
      }
    }
  }

  /** Local accounts of this device: the LAPS-managed Administrator (RID 500) and accounts IT creates. */
  local(name: string, rid: number): Acct {
    const n = Number.parseInt(hexOf(`machine-sid:${this.dev.id}`, 8), 16);
    return { domain: this.dev.name.split('.')[0], name, sid: `S-1-5-21-${(n % 900_000_000) + 100_000_000}-${(n >>> 3) % 999_999_999}-${(n >>> 7) % 99_999_999}-${rid}`, upn: '', objectId: '' };
  }

  /** The helpdesk connects over RDP with the device's LAPS password (NLA: a network logon, then RemoteInteractive). */
  helpdeskRdp(): { acct: Acct; logonId: number; t: number; shell: Proc } | null {
    const { r, b, dev } = this;
    const t = this.at(9, 16);
    const admin = this.local('administrator', 500);
    const termsvc = b.svc['NetworkService -p -s Dnscache'];
    this.em.network(t, termsvc, 'InboundConnectionAccepted', { RemoteIP: HELPDESK_IP, RemotePort: r.int(49700, 65000), RemoteUrl: '', LocalIP: dev.def.localIp, LocalPort: 3389, Protocol: 'Tcp', LocalIPType: 'Private', RemoteIPType: 'Private' });
    const logonId = r.int(200000, 9000000);
    const logon = (tt: number, type: string, protocol: string) =>
      this.em.logon(tt, b.lsass, 'LogonSuccess', {
        LogonType: type,
        AccountDomain: admin.domain,
        AccountName: admin.name,
        AccountSid: admin.sid,
        Protocol: protocol,
        IsLocalAdmin: true,
        LogonId: type === 'Network' ? r.int(200000, 9000000) : logonId,
        RemoteDeviceName: HELPDESK_HOST,
        RemoteIP: HELPDESK_IP,
        RemoteIPType: 'Private',
        RemotePort: r.int(49700, 65000),
        AdditionalFields: { IsLocalLogon: type !== 'Network', IsRemote: true },
      });
    logon(t + 1 * SEC, 'Network', 'NTLM');
    logon(t + 4 * SEC, 'RemoteInteractive', 'Negotiate');
    const ad = { acct: admin, logonId, integrity: 'High', elevation: 'TokenElevationTypeFull', session: 2 } as const;
    this.run(b.svc['netsvcs -p -s Schedule'], XIMG.rdpclip, t + 9 * SEC, 'rdpclip', ad);
    const shell = this.run(b.winlogon, IMG.explorer, t + 8 * SEC, 'C:\\Windows\\Explorer.EXE', ad);
    const fix = r.pick([
      'gpupdate  /force',
      'sfc  /scannow',
      'ipconfig  /flushdns',
      '"C:\\Program Files (x86)\\Microsoft Intune Management Extension\\Microsoft.Management.Services.IntuneWindowsAgent.exe" /sync',
    ] as const);
    const c = this.run(shell, IMG.cmd, t + r.int(30, 120) * SEC, '"C:\\Windows\\system32\\cmd.exe"', ad);
    const im = fix.startsWith('gpupdate') ? IMG.gpupdate : fix.startsWith('ipconfig') ? EIMG.ipconfig : fix.startsWith('sfc') ? img(`${S32}sfc.exe`, 'Windows Resource Checker', 45_568) : EIMG.imeAgent;
    this.run(c, im, t + r.int(130, 400) * SEC, fix, ad);
    return { acct: admin, logonId, t, shell };
  }

  /** The helpdesk sets up scan-to-folder for the reception printer: a local account, a shared folder, a test scan. */
  helpdeskScanSetup(): void {
    const rdp = this.helpdeskRdp();
    if (!rdp) return;
    const { r, b } = this;
    const scans = this.local('scans', 1001);
    const t = rdp.t + r.int(6, 12) * MIN;
    const ad = { acct: rdp.acct, logonId: rdp.logonId, integrity: 'High', elevation: 'TokenElevationTypeFull', session: 2 } as const;
    const ps = this.run(rdp.shell, IMG.powershell, t, '"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"', ad);
    this.em.event(t + 40 * SEC, ps, 'PowerShellCommand', { AdditionalFields: { Command: 'New-LocalUser' } });
    this.em.event(t + 41 * SEC, b.lsass, 'UserAccountCreated', { AccountDomain: scans.domain, AccountName: scans.name, AccountSid: scans.sid });
    this.em.event(t + 95 * SEC, ps, 'PowerShellCommand', { AdditionalFields: { Command: 'New-SmbShare' } });
    this.scans(1, t + r.int(4, 9) * MIN);
  }

  /** The reception printer drops scans into the share with its local account. */
  scans(n: number, first?: number): void {
    const { r, b, dev } = this;
    const scans = this.local('scans', 1001);
    for (let i = 0; i < n; i++) {
      const t = i === 0 && first ? first : this.at(8, 17);
      this.em.logon(t, b.lsass, 'LogonSuccess', {
        LogonType: 'Network',
        AccountDomain: scans.domain,
        AccountName: scans.name,
        AccountSid: scans.sid,
        Protocol: 'NTLM',
        IsLocalAdmin: false,
        LogonId: r.int(200000, 9000000),
        RemoteDeviceName: MFP.name,
        RemoteIP: MFP.ip,
        RemoteIPType: 'Private',
        RemotePort: r.int(49700, 65000),
        AdditionalFields: { IsLocalLogon: false, IsRemote: true },
      });
      const name = `SCAN_${new Date(t / 1000).toISOString().slice(0, 10).replace(/-/g, '')}_${r.int(100000, 999999)}.pdf`;
      this.em.file(t + 2 * SEC, b.system, 'FileCreated', { FileName: name, FolderPath: `C:\\Scans\\${name}`, SHA1: r.hex(40), SHA256: r.hex(64), MD5: r.hex(32), FileSize: r.int(90_000, 3_000_000), RequestProtocol: 'SMB', RequestSourceIP: MFP.ip, RequestAccountName: scans.name, RequestAccountDomain: scans.domain, RequestAccountSid: scans.sid, ShareName: 'Scans' });
    }
    void dev;
  }

  /** A user moves a whole project folder into OneDrive: a burst of document writes by explorer. */
  moveProjectFolder(): void {
    const { r, dev } = this;
    const s = this.s;
    const u = dev.user;
    if (!s || !u) return;
    const t0 = this.inSession();
    if (t0 === null) return;
    const dept = u.department ?? 'Team';
    const folder = ['Legal', 'HR', 'Finance'].includes(dept) ? `${dept} - Confidential` : `${dept} projects`;
    const base = `C:\\Users\\${u.accountName}\\OneDrive - Contoso\\${folder}\\${r.pick(['2023 archive', 'Matters', 'Closed', 'Q1'])}\\`;
    const n = r.int(120, 220);
    let t = t0;
    for (let i = 0; i < n; i++) {
      const name = `${r.pick(DOC_WORDS)} ${r.pick(DOC_WORDS).toLowerCase()} ${r.int(1, 400)}.${r.pick(OFFICE_EXT)}`;
      this.em.file(t, s.explorer, 'FileCreated', { FileName: name, FolderPath: `${base}${name}`, SHA1: r.hex(40), SHA256: r.hex(64), MD5: r.hex(32), FileSize: r.int(15_000, 4_000_000) });
      t += r.int(200, 1400) * 1000;
    }
  }

  /** The backup operator signs in at the console with the backup service account to run a restore. */
  backupOperatorLogon(): void {
    const { r, b } = this;
    const t = this.at(17, 19);
    const logonId = r.int(200000, 9000000);
    this.em.logon(t, b.lsass, 'LogonSuccess', {
      LogonType: 'RemoteInteractive',
      AccountDomain: SVC_BACKUP.domain,
      AccountName: SVC_BACKUP.name,
      AccountSid: SVC_BACKUP.sid,
      Protocol: 'Kerberos',
      IsLocalAdmin: true,
      LogonId: logonId,
      RemoteDeviceName: 'backup01',
      RemoteIP: '10.20.0.40',
      RemoteIPType: 'Private',
      RemotePort: r.int(49700, 65000),
      AdditionalFields: { IsLocalLogon: true, IsRemote: true },
    });
    const ad = { acct: SVC_BACKUP, logonId, integrity: 'High', elevation: 'TokenElevationTypeFull', session: 2 } as const;
    const ex = this.run(b.winlogon, IMG.explorer, t + 7 * SEC, 'C:\\Windows\\Explorer.EXE', ad);
    const c = this.run(ex, IMG.cmd, t + r.int(40, 120) * SEC, '"C:\\Windows\\system32\\cmd.exe"', ad);
    this.run(c, XIMG.robocopy, t + r.int(130, 300) * SEC, `robocopy  \\\\backup01\\restore$\\${this.dev.name.split('.')[0]} C:\\Users\\${this.dev.user?.accountName ?? 'Public'}\\Documents\\Restored /E /R:1 /W:1`, ad);
  }

  /** Intune's daily "workstation hardening" remediation found drift (after an Xbox app update) and disables the consumer services again. */
  hardeningRemediation(): void {
    const { r, b } = this;
    const t = this.at(3, 6);
    const ime = this.dev.spawn(b.services, EIMG.imeAgent, b.services.created + 35 * SEC, `"${EIMG.imeAgent.path}"`, { pid: r.int(100, 4000) * 4, showSha256: false });
    const id = hexOf(`remediation:hardening`, 32);
    const file = `C:\\Program Files (x86)\\Microsoft Intune Management Extension\\Policies\\Scripts\\${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}_remediate.ps1`;
    const ps = this.run(ime, IMG.powershell, t, `"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe" -NoProfile -executionPolicy bypass -file "${file}"`);
    let tt = t + 2 * SEC;
    for (const svc of HARDENED_SERVICES) {
      this.run(ps, EIMG.sc, tt, `"C:\\Windows\\system32\\sc.exe" config ${svc} start= disabled`);
      tt += r.int(300, 2500) * 1000;
    }
  }

  /** A supplier shares a large file as a direct Dropbox link in a mail; the user opens it from Outlook on the web. */
  vendorDropboxLink(): void {
    const { r, dev } = this;
    const s = this.s;
    if (!s?.edge || !dev.user) return;
    const t = this.inSession();
    if (t === null) return;
    const file = r.pick(['Q2_price_list.xlsx', 'Product_catalogue_2024.pdf', 'Installation_photos.zip', 'Signed_delivery_notes.pdf']);
    const id = r.hex(15);
    const url = `https://dl.dropboxusercontent.com/scl/fi/${id}/${file}?rlkey=${r.hex(25)}&dl=1`;
    const dl = site('dl.dropboxusercontent.com');
    net(this.em, dev, t - 2 * SEC, s.edge, r, dl);
    this.em.file(t, s.edge, 'FileCreated', { FileName: file, FolderPath: `C:\\Users\\${dev.user.accountName}\\Downloads\\${file}`, SHA1: r.hex(40), SHA256: r.hex(64), MD5: r.hex(32), FileSize: r.int(300_000, 60_000_000), FileOriginUrl: url, FileOriginReferrerUrl: 'https://outlook.office.com/', FileOriginIP: dl.ip });
  }

  /** An IT scripter makes a self-signed code-signing certificate for the team's PowerShell scripts and exports it with its key. */
  codeSigningCert(): void {
    const { r, dev } = this;
    const s = this.s;
    if (!s || !dev.user) return;
    const t = this.inSession();
    if (t === null) return;
    const u = dev.user.accountName;
    const cmd = `powershell.exe -NoProfile -Command "$c = New-SelfSignedCertificate -Type CodeSigningCert -Subject 'CN=Contoso IT Scripts' -CertStoreLocation Cert:\\CurrentUser\\My; Export-PfxCertificate -Cert $c -FilePath C:\\Users\\${u}\\Documents\\it-scripts-signing.pfx -Password (Read-Host -AsSecureString)"`;
    const ps = this.run(s.explorer, IMG.powershell, t, cmd);
    this.em.event(t + 2 * SEC, ps, 'PowerShellCommand', { AdditionalFields: { Command: 'New-SelfSignedCertificate' } });
    this.em.event(t + 20 * SEC, ps, 'PowerShellCommand', { AdditionalFields: { Command: 'Export-PfxCertificate' } });
    this.em.file(t + 21 * SEC, ps, 'FileCreated', { FileName: 'it-scripts-signing.pfx', FolderPath: `C:\\Users\\${u}\\Documents\\it-scripts-signing.pfx`, SHA1: r.hex(40), SHA256: r.hex(64), MD5: r.hex(32), FileSize: r.int(2_400, 3_200) });
  }

  /** On a hotel or train network behind a captive portal: the sensor's and Windows' cloud connections fail until sign-in. */
  captivePortal(): void {
    const { r, b, dev } = this;
    const start = this.at(7, 21);
    const end = start + r.int(8, 40) * MIN;
    const targets: [Proc, SiteDef][] = [
      [b.mssense, CLOUD_SITES[0]],
      [b.mssense, CLOUD_SITES[1]],
      [b.svc['netsvcs -p -s wuauserv'], CLOUD_SITES[2]],
      [b.svc['netsvcs -p -s wuauserv'], CLOUD_SITES[3]],
      [b.msmpeng, CLOUD_SITES[4]],
    ];
    for (let t = start; t < end; t += r.int(40, 300) * SEC) {
      const [actor, s] = r.pick(targets);
      net(this.em, dev, t, actor, r, s, 443, true);
    }
  }

  /** A user fetches a "free PDF converter" from a freeware site: Defender quarantines one download; another user's is clean. */
  freewareDownload(detected: boolean, sinks: Sinks, ar: Rng): void {
    const { r, dev } = this;
    const s = this.s;
    if (!s?.edge || !dev.user) return;
    const t = this.inSession();
    if (t === null) return;
    const [file, page] = detected ? ['PDFConverterFree_setup.exe', 'pdf-converter-free'] : r.pick([['ImageResizer_portable.zip', 'image-resizer'], ['ScreenRecorderLite.msi', 'screen-recorder-lite']] as const);
    const url = `https://${FREEWARE.host}/files/${file}`;
    const referrer = `https://${FREEWARE.host}/${page}/download`;
    const path = `C:\\Users\\${dev.user.accountName}\\Downloads\\${file}`;
    const h = { SHA1: hexOf(`freeware1:${file}`, 40), SHA256: hexOf(`freeware256:${file}`, 64), MD5: hexOf(`freewaremd5:${file}`, 32) };
    if (detected && s.outlook) {
      const target = `https://${FREEWARE.host}/${page}`;
      this.em.event(t - r.int(40, 100) * SEC, s.outlook, 'BrowserLaunchedToOpenUrl', { RemoteUrl: `https://eur03.safelinks.protection.outlook.com/?url=${encodeURIComponent(target)}&data=05%7C02%7C${encodeURIComponent(dev.user.upn)}%7C${r.hex(24)}&reserved=0` });
    }
    net(this.em, dev, t - 3 * SEC, s.edge, r, FREEWARE);
    this.em.file(t, s.edge, 'FileCreated', { FileName: file, FolderPath: path, ...h, FileSize: r.int(900_000, 9_000_000), FileOriginUrl: url, FileOriginReferrerUrl: referrer, FileOriginIP: FREEWARE.ip });
    if (!detected) return;
    const threat = 'Trojan:Win32/Wacatac.B!ml';
    this.em.event(t + 4 * SEC, this.b.msmpeng, 'AntivirusDetection', { FileName: file, FolderPath: path, ...h, FileOriginUrl: url, AdditionalFields: { ThreatName: threat, WasRemediated: true, WasExecutingWhileDetected: false, ReportSource: 'Real-time protection' } });
    const at = t + 30 * SEC;
    const id = `da${(638_500_000_000_000_000 + Math.floor(at / 1000) * 10 + 3).toString()}_${ar.int(-2_000_000_000, 2_000_000_000)}`;
    const common = { Timestamp: at, AlertId: id, Title: "'Wacatac' malware was prevented", ServiceSource: 'Microsoft Defender for Endpoint', DetectionSource: 'Antivirus', AttackTechniques: '[]', Severity: 'Informational' };
    sinks.AlertInfo.add({ ...common, Category: 'Malware' });
    const u = dev.user;
    const ev: Row[] = [
      { EntityType: 'Machine', EvidenceRole: 'Impacted', DeviceId: dev.id, DeviceName: dev.name, LocalIP: dev.def.localIp },
      { EntityType: 'File', EvidenceRole: 'Impacted', DeviceId: dev.id, DeviceName: dev.name, FileName: file, FolderPath: path, ...h, ThreatFamily: 'Wacatac', AdditionalFields: { Name: file, Directory: path.slice(0, path.lastIndexOf('\\')), Host: dev.name } },
      { EntityType: 'User', EvidenceRole: 'Related', AccountName: u.accountName, AccountDomain: 'azuread', AccountObjectId: u.objectId, AccountUpn: u.upn },
      { EntityType: 'Url', EvidenceRole: 'Related', RemoteUrl: url },
    ];
    for (const e of ev) sinks.AlertEvidence.add({ ...common, Categories: '["Malware"]', EvidenceDirection: '', ...e });
    for (const [st, tt] of [['New', at], ['Resolved', at + 2 * HOUR]] as const) {
      sinks.AlertStatus.add({ Timestamp: tt, AlertId: id, Title: common.Title, Status: st, Classification: st === 'Resolved' ? 'TruePositive' : '', Determination: st === 'Resolved' ? 'Malware' : '', AssignedTo: st === 'New' ? '' : 'soc@contoso.example', ResolvedTime: st === 'Resolved' ? tt : null, Comments: st === 'Resolved' ? 'Quarantined on download; user reminded of the software request process' : '' });
    }
  }

  /** The RMM agent upgrades itself and excludes its own folder from Defender scanning (Add-MpPreference; Defender writes the key). */
  rmmUpgrade(): void {
    const { r, b, dev } = this;
    const t = this.at(1, 5);
    const rmm = dev.spawn(b.services, EIMG.rmmAgent, b.services.created + 40 * SEC, `"${EIMG.rmmAgent.path}" -service`, { pid: r.int(100, 4000) * 4, showSha256: false });
    const dir = 'C:\\Program Files\\Contoso\\RMM Agent';
    const ps = this.run(rmm, IMG.powershell, t, `powershell.exe -NoLogo -NonInteractive -NoProfile -ExecutionPolicy Bypass -Command "Add-MpPreference -ExclusionPath '${dir}' -ExclusionProcess 'rmmagent.exe'"`);
    this.em.event(t + 1 * SEC, ps, 'PowerShellCommand', { AdditionalFields: { Command: 'Add-MpPreference' } });
    this.em.registry(t + 2 * SEC, b.msmpeng, 'RegistryValueSet', { RegistryKey: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows Defender\\Exclusions\\Paths', RegistryValueType: 'Dword', RegistryValueName: dir, RegistryValueData: '0' });
    this.em.registry(t + 2 * SEC, b.msmpeng, 'RegistryValueSet', { RegistryKey: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows Defender\\Exclusions\\Processes', RegistryValueType: 'Dword', RegistryValueName: 'rmmagent.exe', RegistryValueData: '0' });
  }

  /** The admins' inventory script checks the admin share of every server and a range of workstations. */
  inventorySweep(devs: Dev[]): void {
    const { r, dev } = this;
    const s = this.s;
    if (!s || !dev.user) return;
    const t0 = this.inSession();
    if (t0 === null) return;
    const adm = adminAcctOf(dev.user);
    const ps = this.run(s.explorer, IMG.powershell, t0, 'powershell.exe -NoProfile -ExecutionPolicy Bypass -File "C:\\Scripts\\Get-AdminShareInventory.ps1" -SearchBase "OU=Computers,OU=Contoso,DC=corp,DC=contoso,DC=example"', {
      acct: adm,
      logonId: r.int(200000, 9000000),
      integrity: 'High',
      elevation: 'TokenElevationTypeFull',
      session: 1,
    });
    this.em.event(t0 + 2 * SEC, ps, 'PowerShellCommand', { AdditionalFields: { Command: 'Get-ADComputer' } });
    const targets = [...SERVER_IPS, ...devs.filter((d) => d !== dev).map((d) => d.def.localIp)];
    for (let i = 0; i < 8; i++) targets.push(`10.20.${r.int(1, 4)}.${r.int(2, 250)}`);
    let t = t0 + 5 * SEC;
    for (const ip of [...new Set(targets)]) {
      net(this.em, dev, t, ps, r, { ip, host: '', priv: true }, 445, r.chance(0.2));
      t += r.int(150, 3000) * 1000;
    }
  }

  /** After testing an audit policy change, an administrator clears the Security log of their own device. */
  clearSecurityLog(sinks: Sinks, ar: Rng): void {
    const { r, dev } = this;
    const s = this.s;
    if (!s || !dev.user) return;
    const t = this.inSession();
    if (t === null) return;
    const adm = adminAcctOf(dev.user);
    const elev = { acct: adm, logonId: r.int(200000, 9000000), integrity: 'High', elevation: 'TokenElevationTypeFull', session: 1 } as const;
    const c = this.run(s.explorer, IMG.cmd, t, '"C:\\Windows\\system32\\cmd.exe"', elev);
    this.run(c, XIMG.auditpol, t + 40 * SEC, 'auditpol  /get /category:"Logon/Logoff"');
    const w = this.run(c, EIMG.wevtutil, t + r.int(90, 300) * SEC, 'wevtutil  cl Security');
    this.em.event(w.created + 1 * SEC, w, 'SecurityLogCleared', { AccountDomain: adm.domain, AccountName: adm.name, AccountSid: adm.sid });
    const at = w.created + 2 * MIN;
    const id = `da${(638_500_000_000_000_000 + Math.floor(at / 1000) * 10 + 7).toString()}_${ar.int(-2_000_000_000, 2_000_000_000)}`;
    const common = { Timestamp: at, AlertId: id, Title: 'Event log was cleared', ServiceSource: 'Microsoft Defender for Endpoint', DetectionSource: 'EDR', AttackTechniques: JSON.stringify(['Clear Windows Event Logs (T1070.001)', 'Indicator Removal (T1070)']), Severity: 'Medium' };
    sinks.AlertInfo.add({ ...common, Category: 'DefenseEvasion' });
    const ev: Row[] = [
      { EntityType: 'Machine', EvidenceRole: 'Impacted', DeviceId: dev.id, DeviceName: dev.name, LocalIP: dev.def.localIp },
      { EntityType: 'Process', EvidenceRole: 'Related', DeviceId: dev.id, DeviceName: dev.name, FileName: w.img.name, FolderPath: w.img.path, SHA1: w.img.sha1, ProcessCommandLine: w.cmd, AdditionalFields: { ProcessId: w.pid, CreationTimeUtc: new Date(w.created / 1000).toISOString() } },
      { EntityType: 'User', EvidenceRole: 'Related', AccountName: adm.name, AccountDomain: adm.domain, AccountSid: adm.sid },
    ];
    for (const e of ev) sinks.AlertEvidence.add({ ...common, Categories: '["DefenseEvasion"]', EvidenceDirection: '', ...e });
    for (const [st, tt] of [['New', at], ['InProgress', at + 3 * HOUR], ['Resolved', at + 4 * HOUR]] as const) {
      sinks.AlertStatus.add({ Timestamp: tt, AlertId: id, Title: common.Title, Status: st, Classification: st === 'Resolved' ? 'InformationalExpectedActivity' : '', Determination: st === 'Resolved' ? 'Other' : '', AssignedTo: st === 'New' ? '' : 'soc@contoso.example', ResolvedTime: st === 'Resolved' ? tt : null, Comments: st === 'Resolved' ? 'Admin cleared the Security log after an audit-policy test (change ticket)' : '' });
    }
  }
}

/**
 * An admin session arriving from another machine: the listener accepts the connection on
 * `localPort`, then lsass logs the account on with Kerberos (local admin) `logonAfter` ms later.
 * Returns the logon's id.
 */
export function inboundLogon(
  em: DeviceEmitter,
  r: Rng,
  lsass: Proc,
  listener: Proc,
  t: number,
  o: { localIp: string; localPort: number; logonType: string; logonAfter: number; acct: Acct; remoteName: string; remoteIp: string; onAccept?: (remotePort: number) => void },
): number {
  const logonId = r.int(200000, 9000000);
  const remotePort = r.int(49700, 65000);
  em.network(t, listener, 'InboundConnectionAccepted', { RemoteIP: o.remoteIp, RemotePort: remotePort, RemoteUrl: '', LocalIP: o.localIp, LocalPort: o.localPort, Protocol: 'Tcp', LocalIPType: 'Private', RemoteIPType: 'Private' });
  o.onAccept?.(remotePort);
  em.logon(t + o.logonAfter, lsass, 'LogonSuccess', {
    LogonType: o.logonType,
    AccountDomain: o.acct.domain,
    AccountName: o.acct.name,
    AccountSid: o.acct.sid,
    Protocol: 'Kerberos',
    IsLocalAdmin: true,
    LogonId: logonId,
    RemoteDeviceName: o.remoteName,
    RemoteIP: o.remoteIp,
    RemoteIPType: 'Private',
    RemotePort: r.int(49700, 65000),
    AdditionalFields: { IsLocalLogon: false, IsRemote: true },
  });
  return logonId;
}

/** The automation account's compliance query over WinRM: a network logon and a wsmprovhost session. */
function remoteQuery(em: DeviceEmitter, dev: Dev, b: BootState, t: number, r: Rng): void {
  const logonId = inboundLogon(em, r, b.lsass, b.svc['NetworkService -p -s Dnscache'], t, { localIp: dev.def.localIp, localPort: 5985, logonType: 'Network', logonAfter: 300 * 1000, acct: SVC_AUTOMATION, remoteName: AUTOMATION_HOST, remoteIp: AUTOMATION_IP });
  const host = dev.spawn(b.svc['DcomLaunch -p'], EIMG.wsmprovhost, t + 1 * SEC, 'C:\\Windows\\system32\\wsmprovhost.exe -Embedding', {
    pid: r.int(100, 4000) * 4,
    showSha256: r.chance(0.5),
    acct: SVC_AUTOMATION,
    logonId,
    integrity: 'High',
    elevation: 'TokenElevationTypeDefault',
    session: 0,
  });
  em.process(host, r.int(0, 3) * 1000);
  em.image(t + 1.5 * SEC, host, DLLS['system.management.automation.ni.dll']);
  const cmds = ['Get-CimInstance', 'Get-ItemProperty', 'Get-LocalGroupMember', 'Get-BitLockerVolume', 'Get-Service', 'Get-Tpm'];
  const n = r.int(2, 4);
  for (let i = 0; i < n; i++) em.event(t + (2 + i) * SEC, host, 'PowerShellCommand', { AdditionalFields: { Command: r.pick(cmds) } });
}
