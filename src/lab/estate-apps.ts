/**
 * The desk applications a real estate has besides Microsoft's own, which the lab's other generators
 * leave out (before this module every browser process was Microsoft Edge, no archive was ever
 * unpacked with an archiver's GUI and the IT desk used no Sysinternals tool):
 * - Google Chrome, installed machine-wide on about two workstations in five next to Edge: the browser
 *   started from Explorer with its crashpad, GPU, network-service and renderer children, HTTPS
 *   connections to the sites people use, downloads (`Unconfirmed <n>.crdownload` renamed when done,
 *   with the origin URL) and Google Update's scheduled task checking for a new release;
 * - an archiver on most workstations (7-Zip, else WinRAR): a user unpacking a downloaded archive
 *   from Explorer's context menu (`7zG.exe x`, `WinRAR.exe x`), writing its members, or packing a
 *   folder to send;
 * - the IT administrators' Sysinternals tools run from `C:\Tools\SysinternalsSuite` (Process Explorer,
 *   Process Monitor with its driver, Autoruns, TCPView, ZoomIt, sigcheck from a console), each tool's
 *   `EulaAccepted` value on its first run, and now and then ProcDump taking a hang dump of Outlook
 *   for a support case; and the PowerShell ISE opened on one of their scripts.
 *
 * Rates are per device-day and follow what people do, never a particular query. The module draws from
 * its own random stream (never a device's) and runs after every other device writer, so no earlier
 * row changes; only the background devices' later per-device ReportIds move on.
 */
import type { Session } from './background.ts';
import { site } from './background.ts';
import { adminAcctOf, type EstateCtx } from './estate.ts';
import { type Img, img } from './images.ts';
import { Rng } from './rng.ts';
import { MIN, SEC } from './time.ts';
import type { Dev, DeviceEmitter, Proc } from './world.ts';

const CHROME_DIR = 'C:\\Program Files\\Google\\Chrome\\Application\\';
const CHROME_VER = '124.0.6367.208';
const CHROME = img(`${CHROME_DIR}chrome.exe`, 'Google Chrome', 2_768_184, 'Google LLC', 'Google Chrome', CHROME_VER);
const GUPDATE = img('C:\\Program Files (x86)\\Google\\Update\\GoogleUpdate.exe', 'Google Installer', 157_160, 'Google LLC', 'Google Update', '1.3.36.372');
const ZIP_G = img('C:\\Program Files\\7-Zip\\7zG.exe', '7-Zip GUI', 697_856, 'Igor Pavlov', '7-Zip', '23.01');
const WINRAR = img('C:\\Program Files\\WinRAR\\WinRAR.exe', 'WinRAR archiver', 3_163_128, 'Alexander Roshal', 'WinRAR', '7.0.0');
const SYSINT = 'C:\\Tools\\SysinternalsSuite\\';
const ISE = img('C:\\Windows\\system32\\WindowsPowerShell\\v1.0\\PowerShell_ISE.exe', 'Windows PowerShell ISE', 211_968);
const PAINT10 = img('C:\\Windows\\system32\\mspaint.exe', 'Paint', 988_160);
const PAINT11 = img('C:\\Program Files\\WindowsApps\\Microsoft.Paint_11.2403.6.0_x64__8wekyb3d8bbwe\\PaintApp\\mspaint.exe', 'Paint', 4_102_144, 'Microsoft Corporation', 'Paint', '11.2403.6.0');
const CMD = img('C:\\Windows\\system32\\cmd.exe', 'Windows Command Processor', 289_792);

/** Sysinternals tools the admins open from Explorer: image, product, the EULA key name, a driver it extracts. */
const TOOLS = [
  ['procexp64.exe', 'Sysinternals Process Explorer', 'Process Explorer', '17.05', 'PROCEXP152.SYS'],
  ['Procmon64.exe', 'Process Monitor', 'Process Monitor', '4.01', 'PROCMON24.SYS'],
  ['Autoruns64.exe', 'Autostart program viewer', 'AutoRuns', '14.11', ''],
  ['tcpview64.exe', 'TCP/UDP endpoint viewer', 'TCPView', '4.19', ''],
  ['ZoomIt64.exe', 'Sysinternals Screen Magnifier', 'ZoomIt', '8.01', ''],
] as const;

/** Sites people use in Chrome during the day (HTTPS). */
const CHROME_SITES = ['www.google.com', 'mail.google.com', 'docs.google.com', 'www.linkedin.com', 'www.youtube.com', 'accounts.google.com', 'clients2.google.com', 'update.googleapis.com', 'www.bing.com', 'contoso.sharepoint.com', 'outlook.office.com', 'www.amazon.com', 'www.wikipedia.org', 'github.com'] as const;

/** Archives people download and what is in them. */
const ARCHIVES = [
  ['drivers_setup.zip', 'https://downloads.dell.com/FOLDER1112345M/1/Dell-Command-Update-Application_Setup.zip', ['Dell-Command-Update-Application_Setup.exe', 'Release_Notes.txt']],
  ['Brand_Assets_2024.zip', 'https://contoso.sharepoint.com/sites/marketing/Shared%20Documents/Brand_Assets_2024.zip', ['Logo_Primary.png', 'Logo_Mono.png', 'Brand_Guidelines.pdf']],
  ['Supplier_Documents.zip', 'https://portal.northwindtraders.example/docs/Supplier_Documents.zip', ['Certificate_ISO9001.pdf', 'Price_List_2024.xlsx', 'Terms.docx']],
  ['photos_teamday.zip', 'https://photos.fabrikam.example/share/photos_teamday.zip', ['IMG_0412.jpg', 'IMG_0413.jpg', 'IMG_0419.jpg', 'IMG_0420.jpg']],
  ['Report_Q1_data.rar', 'https://files.woodgrovebank.example/shared/Report_Q1_data.rar', ['Report_Q1.xlsx', 'Report_Q1_notes.docx']],
] as const;

/** Folders users pack to send or archive. */
const PACK = ['Project Files', 'Scans', 'Invoices 2023', 'Workshop Material'] as const;

/** The admins' scripts they open in the ISE. */
const SCRIPTS = ['Get-StaleComputers.ps1', 'Reset-PrinterQueue.ps1', 'Export-MailboxSizes.ps1', 'New-UserOnboarding.ps1'] as const;

export function writeDeskApps(c: EstateCtx): void {
  if (c.devs.length === 0) return;
  const root = new Rng((c.seed ^ 0x4a99c0de) >>> 0, 0x4a99);
  // meetings and Paint have a root of their own, so adding them left the rows above as they were
  const meetRoot = new Rng((c.seed ^ 0x7ea5a11) >>> 0, 0x7ea5);
  for (const dev of c.devs) {
    if (dev.isServer || !dev.user) continue;
    const b = c.boots.get(dev.def.key);
    if (!b) continue;
    const pick = root.fork(`apps:${dev.def.key}`);
    const chrome = pick.chance(0.4);
    const archiver = pick.chance(0.6) ? ZIP_G : pick.chance(0.6) ? WINRAR : null;
    const admin = c.adminDevKeys.has(dev.def.key);
    const eula = new Set<string>();
    for (let k = 0; k < c.days.length; k++) {
      const r = root.fork(`${dev.def.key}:${k}`);
      const a = new Apps(dev, c.em, r, c.days[k]);
      if (chrome) a.googleUpdate(b.svc['netsvcs -p -s Schedule']);
      const s = c.sessions.get(`${dev.def.key}:${k}`);
      if (!s) continue;
      const downloads = chrome && r.chance(0.8) ? a.chrome(s) : [];
      if (archiver) a.archive(s, archiver, downloads);
      if (admin) a.adminTools(s, eula);
      const m = new Apps(dev, c.em, meetRoot.fork(`meet:${dev.def.key}:${k}`), c.days[k]);
      m.meetings(s);
      m.paint(s, dev.def.osPlatform);
    }
  }
}

class Apps {
  constructor(
    readonly dev: Dev,
    readonly em: DeviceEmitter,
    readonly r: Rng,
    readonly d0: number,
  ) {}

  private run(parent: Proc, image: Img, at: number, cmd: string, o: Partial<Pick<Proc, 'acct' | 'logonId' | 'integrity' | 'elevation' | 'session'>> = {}): Proc {
    const p = this.dev.spawn(parent, image, at, cmd, { pid: this.r.int(100, 9000) * 4, showSha256: this.r.chance(0.5), ...o });
    this.em.process(p, this.r.int(0, 3) * 1000);
    return p;
  }

  private https(t: number, actor: Proc, host: string): void {
    if (this.dev.isIsolated(t)) return;
    const s = site(host);
    this.em.network(Math.round(t), actor, 'ConnectionSuccess', {
      RemoteIP: s.ip,
      RemotePort: 443,
      RemoteUrl: s.host,
      LocalIP: this.dev.def.localIp,
      LocalPort: this.r.int(49700, 65000),
      Protocol: 'Tcp',
      LocalIPType: 'Private',
      RemoteIPType: 'Public',
    });
  }

  /** A minute of the session, at least `lead` minutes in and a few before its end. */
  private during(s: Session, lead = 5): number {
    const mins = Math.max(lead + 1, Math.floor((s.end - s.start) / MIN) - 5);
    return s.start + this.r.int(lead, mins) * MIN + this.r.int(0, 59_999) * 1000;
  }

  /** Google Update's scheduled task (`GoogleUpdateTaskMachineUA`, hourly in Google's task; the lab keeps one or two a day). */
  googleUpdate(sched: Proc | undefined): void {
    const { r } = this;
    if (!sched) return;
    for (let i = r.int(1, 2); i > 0; i--) {
      const t = this.d0 + r.int(0, 24 * 60 - 1) * MIN + r.int(0, 59_999) * 1000;
      if (this.dev.isIsolated(t) || t <= sched.created) continue;
      const p = this.run(sched, GUPDATE, t, `"${GUPDATE.path}" /ua /installsource scheduler`);
      this.https(p.created + r.int(1, 8) * SEC, p, 'update.googleapis.com');
    }
  }

  /** The user's Chrome: the browser with its children, a day's HTTPS, downloads; returns the archives downloaded. */
  chrome(s: Session): (typeof ARCHIVES)[number][] {
    const { r, em, dev } = this;
    const t = this.during(s, 2);
    const browser = this.run(s.explorer, CHROME, t, `"${CHROME.path}" `);
    const flags = `--lang=en-US --mojo-platform-channel-handle=${r.int(1800, 4200)} --field-trial-handle=${r.int(1800, 2100)},i,${r.int(1e15, 9e15)},${r.int(1e15, 9e15)},262144 /prefetch:`;
    const ud = `C:\\Users\\${dev.user!.accountName}\\AppData\\Local\\Google\\Chrome\\User Data`;
    this.run(browser, CHROME, t + r.int(30, 300), `"${CHROME.path}" --type=crashpad-handler "--user-data-dir=${ud}" /prefetch:4 --monitor-self-annotation=ptype=crashpad-handler "--database=${ud}\\Crashpad" --url=https://clients2.google.com/cr/report --annotation=channel= --annotation=plat=Win64 --annotation=prod=Chrome --annotation=ver=${CHROME_VER} --initial-client-data=0x${r.hex(3)},0x${r.hex(3)}`);
    this.run(browser, CHROME, t + r.int(300, 900), `"${CHROME.path}" --type=gpu-process --gpu-preferences=${r.hex(40)} ${flags}2`);
    this.run(browser, CHROME, t + r.int(300, 900), `"${CHROME.path}" --type=utility --utility-sub-type=network.mojom.NetworkService --lang=en-US --service-sandbox-type=none ${flags}3`);
    for (let i = r.int(2, 6), id = 5; i > 0; i--, id++) {
      this.run(browser, CHROME, t + r.int(1, 900) * 1000, `"${CHROME.path}" --type=renderer --lang=en-US --device-scale-factor=1 --num-raster-threads=4 --enable-main-frame-before-activation --renderer-client-id=${id} --time-ticks-at-unix-epoch=-${r.int(1e15, 2e15)} --launch-time-ticks=${r.int(1e8, 9e9)} ${flags}1`);
    }
    for (let i = r.int(4, 16); i > 0; i--) this.https(Math.max(t + 2 * SEC, this.during(s, 3)), browser, r.pick(CHROME_SITES));
    const got: (typeof ARCHIVES)[number][] = [];
    const folder = `C:\\Users\\${dev.user!.accountName}\\Downloads\\`;
    for (let i = r.chance(0.35) ? r.int(1, 2) : 0; i > 0; i--) {
      const a = r.pick(ARCHIVES);
      const [name, url] = a;
      const at = Math.max(t + MIN, this.during(s, 10));
      const host = new URL(url).host;
      const origin = { FileOriginUrl: url, FileOriginReferrerUrl: `https://${host}/`, FileOriginIP: site(host).ip };
      const temp = `Unconfirmed ${r.int(100000, 999999)}.crdownload`;
      em.file(at, browser, 'FileCreated', { FileName: temp, FolderPath: `${folder}${temp}`, FileSize: 0, ...origin });
      em.file(at + r.int(1, 60) * SEC + r.int(0, 999) * 1000, browser, 'FileRenamed', {
        FileName: name,
        FolderPath: `${folder}${name}`,
        PreviousFileName: temp,
        PreviousFolderPath: `${folder}${temp}`,
        SHA1: r.hex(40),
        SHA256: r.hex(64),
        MD5: r.hex(32),
        FileSize: r.int(200_000, 60_000_000),
        ...origin,
      });
      got.push(a);
    }
    return got;
  }

  /** Unpacking a downloaded archive from Explorer's context menu, or packing a folder to send. */
  archive(s: Session, tool: Img, downloads: (typeof ARCHIVES)[number][]): void {
    const { r, em, dev } = this;
    const home = `C:\\Users\\${dev.user!.accountName}\\`;
    const zip = tool === ZIP_G;
    const items = downloads.length > 0 ? downloads : r.chance(0.15) ? [r.pick(ARCHIVES)] : [];
    for (const [name] of items) {
      const t = this.during(s, 15) + r.int(1, 20) * MIN;
      if (t >= s.end) continue;
      const base = name.slice(0, name.lastIndexOf('.'));
      const out = `${home}Downloads\\${base}\\`;
      const cmd = zip
        ? `"${tool.path}" x -o"${out}" -spe -an -ai#7zMap${r.int(1000, 32000)}:${r.int(40, 120)}:7zEvent${r.int(1000, 32000)}`
        : `"${tool.path}" x -iext -ver -imon1 -- "${home}Downloads\\${name}" "${out}"`;
      const p = this.run(s.explorer, tool, t, cmd);
      const [, , members] = ARCHIVES.find((a) => a[0] === name)!;
      let at = p.created + r.int(300, 2000) * 1000;
      for (const m of members) {
        em.file(at, p, 'FileCreated', { FileName: m, FolderPath: `${out}${m}`, SHA1: r.hex(40), SHA256: r.hex(64), MD5: r.hex(32), FileSize: r.int(20_000, 30_000_000) });
        at += r.int(50, 3000) * 1000;
      }
    }
    if (r.chance(0.06)) {
      const folder = r.pick(PACK);
      const t = this.during(s, 30);
      const src = `${home}Documents\\${folder}`;
      const ext = zip ? '.7z' : '.rar';
      const cmd = zip ? `"${tool.path}" a -i#7zMap${r.int(1000, 32000)}:${r.int(40, 120)}:7zEvent${r.int(1000, 32000)} -ad -saa -- "${src}"` : `"${tool.path}" a -ep1 -scul -r0 -iext -- "${src}${ext}" "${src}"`;
      const p = this.run(s.explorer, tool, t, cmd);
      em.file(p.created + r.int(2, 90) * SEC, p, 'FileCreated', { FileName: `${folder}${ext}`, FolderPath: `${src}${ext}`, SHA1: r.hex(40), SHA256: r.hex(64), MD5: r.hex(32), FileSize: r.int(500_000, 200_000_000) });
    }
  }

  /**
   * Teams meetings: the client's media goes over UDP to Microsoft's transport relays on 3478-3481
   * (Microsoft 365 URLs and IP address ranges, Teams media: STUN 3478, audio 3479, video 3480,
   * sharing 3481); the relays have no name in that list, so the rows carry none.
   */
  meetings(s: Session): void {
    const { r, dev } = this;
    if (!s.teams || !r.chance(0.7)) return;
    const relay = site('worldaz.tr.teams.microsoft.com').ip;
    for (let i = r.int(1, 3); i > 0; i--) {
      // meetings start on the hour or the half hour, people join within a few minutes
      const slot = Math.floor((this.during(s, 10) - this.d0) / (30 * MIN)) * 30 * MIN + this.d0;
      const t = slot + r.int(-2, 4) * MIN + r.int(0, 59_999) * 1000;
      if (t <= s.teams.created || t >= s.end || dev.isIsolated(t)) continue;
      const ports = [3478, 3479, ...(r.chance(0.6) ? [3480] : []), ...(r.chance(0.3) ? [3481] : [])];
      let at = t;
      for (const port of ports) {
        this.em.network(at, s.teams, 'ConnectionSuccess', { RemoteIP: relay, RemotePort: port, RemoteUrl: '', LocalIP: dev.def.localIp, LocalPort: r.int(49700, 65000), Protocol: 'Udp', LocalIPType: 'Private', RemoteIPType: 'Public' });
        at += r.int(200, 4000) * 1000;
      }
    }
  }

  /** Paint, opened now and then to crop or mark up a screenshot. */
  paint(s: Session, os: string): void {
    const { r, dev } = this;
    if (!r.chance(0.12)) return;
    const t = this.during(s, 10);
    const d = new Date(t - r.int(1, 30) * MIN);
    const stamp = `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 19).replace(/:/g, '')}`;
    const shot = `C:\\Users\\${dev.user!.accountName}\\Pictures\\Screenshots\\Screenshot ${stamp}.png`;
    const exe = os === 'Windows11' ? PAINT11 : PAINT10;
    this.run(s.explorer, exe, t, `"${exe.path}" "${shot}"`);
  }

  /** The IT administrator's troubleshooting tools (elevated with the admin account, as the estate's other admin work). */
  adminTools(s: Session, eula: Set<string>): void {
    const { r, em, dev } = this;
    const adm = adminAcctOf(dev.user!);
    const elev = { acct: adm, logonId: r.int(200000, 9000000), integrity: 'High', elevation: 'TokenElevationTypeFull', session: 1 } as const;
    const eulaKey = (t: number, p: Proc, product: string) => {
      if (eula.has(product)) return;
      eula.add(product);
      em.registry(t, p, 'RegistryValueSet', { RegistryKey: `HKEY_CURRENT_USER\\${adm.sid}\\Software\\Sysinternals\\${product}`, RegistryValueName: 'EulaAccepted', RegistryValueType: 'Dword', RegistryValueData: '1' });
    };
    for (let i = r.chance(0.6) ? r.int(1, 2) : 0; i > 0; i--) {
      const [file, desc, product, ver, driver] = r.pick(TOOLS);
      const tool = img(`${SYSINT}${file}`, desc, r.int(800_000, 4_000_000), 'Sysinternals - www.sysinternals.com', product === 'AutoRuns' ? 'Sysinternals autoruns' : `Sysinternals ${product}`, ver);
      const t = this.during(s, 20);
      const p = this.run(s.explorer, tool, t, `"${tool.path}" `, elev);
      eulaKey(p.created + r.int(2, 30) * SEC, p, product);
      if (driver) em.file(p.created + r.int(1, 5) * SEC, p, 'FileCreated', { FileName: driver, FolderPath: `C:\\Windows\\System32\\drivers\\${driver}`, SHA1: r.hex(40), SHA256: r.hex(64), MD5: r.hex(32), FileSize: r.int(60_000, 120_000) });
    }
    if (r.chance(0.3)) {
      // sigcheck from an elevated console on an installer before it is packaged
      const t = this.during(s, 20);
      const con = this.run(s.explorer, CMD, t, `"${CMD.path}" `, elev);
      const sig = img(`${SYSINT}sigcheck64.exe`, 'File version and signature viewer', 1_090_968, 'Sysinternals - www.sysinternals.com', 'Sysinternals Sigcheck', '2.90');
      const p = this.run(con, sig, con.created + r.int(20, 300) * SEC, `sigcheck64.exe -accepteula -nobanner -h "C:\\Users\\${dev.user!.accountName}\\Downloads\\${r.pick(['ZoomInstallerFull.exe', 'Teams_windows_x64.msi', 'Dell-Command-Update-Application_Setup.exe'])}"`, elev);
      eulaKey(p.created + r.int(100, 900) * 1000, p, 'SigCheck');
    }
    if (r.chance(0.08)) {
      // a hang dump of Outlook for a Microsoft support case
      const t = this.during(s, 20);
      const con = this.run(s.explorer, CMD, t, `"${CMD.path}" `, elev);
      const pd = img(`${SYSINT}procdump64.exe`, 'Sysinternals process dump utility', 424_352, 'Sysinternals - www.sysinternals.com', 'ProcDump', '11.0');
      const dump = `C:\\Temp\\Outlook_hang_${r.int(100000, 999999)}.dmp`;
      const p = this.run(con, pd, con.created + r.int(20, 300) * SEC, `procdump64.exe -accepteula -ma -h OUTLOOK.EXE ${dump}`, elev);
      eulaKey(p.created + r.int(100, 900) * 1000, p, 'ProcDump');
      em.file(p.created + r.int(5, 60) * SEC, p, 'FileCreated', { FileName: dump.slice(8), FolderPath: dump, SHA1: r.hex(40), SHA256: r.hex(64), MD5: r.hex(32), FileSize: r.int(300_000_000, 900_000_000) });
    }
    if (r.chance(0.4)) {
      const script = r.pick(SCRIPTS);
      this.run(s.explorer, ISE, this.during(s, 10), `"${ISE.path}" "C:\\Users\\${dev.user!.accountName}\\Documents\\Scripts\\${script}"`, elev);
    }
  }
}
