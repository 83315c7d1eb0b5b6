/**
 * What users' own desks add to the background, a later batch on its own random stream:
 * - SmartScreen's application-reputation prompt: a user downloads a small tool whose new release
 *   has no reputation yet, runs it from Downloads, gets "Windows protected your PC"
 *   (SmartScreenAppWarning; its Experience value `Untrusted` is the lab's label, Microsoft does not document
 *   the values) and usually clicks "Run anyway" (SmartScreenUserOverride, same
 *   ActivityId), and the installer runs;
 * - a user syncing a SharePoint document library with OneDrive ("Sync" in the library): OneDrive
 *   writes the library's documents into the profile within minutes, a burst of file creations that
 *   mass-file-activity hunts meet;
 * - OneDrive's per-user updater: the scheduled task that the per-user OneDrive install registers
 *   ("OneDrive Standalone Update Task-<user SID>") runs OneDriveStandaloneUpdater.exe from the
 *   user's AppData once a day while the user is signed in and asks Microsoft's update service
 *   whether a newer build exists;
 * - the tools installed "for me only" under the profile, with a Run value to start at sign-in;
 * - a software vendor's support engineer on a Finance desk through TeamViewer QuickSupport, which
 *   the user downloads and runs (it unpacks TeamViewer into the user's Temp folder);
 * - the IT administrator's cloud administration from PowerShell: updating the Exchange Online and
 *   Microsoft Graph modules from the PowerShell Gallery, mailbox permissions and user look-ups;
 * - personal and reference browsing in breaks (Dutch and international news, shopping, travel,
 *   reference sites), each page pulling its third-party resources the way real pages do: tag
 *   managers and analytics, ad exchanges, consent managers, font and script CDNs, session
 *   recorders. A hunter's "rare domain" and "new TLD" queries meet this long tail first;
 * - users opening the attachments they receive: Outlook saves the attachment into its secure temp
 *   folder (INetCache\Content.Outlook\<one folder per profile>) with the hash the mail gateway
 *   recorded (EmailAttachmentInfo.SHA256), and the document opens in Word, Excel, PowerPoint,
 *   Acrobat or Notepad with Outlook as its parent.
 *
 * Rates are per user-day; nothing here is shaped after a particular query. The module runs after
 * every other estate writer, so nothing written before it moves.
 */
import { site } from './background.ts';
import type { RoutineEstateCtx } from './estate-routine.ts';
import { EstateDay } from './estate.ts';
import { IMG, type Img, img } from './images.ts';
import { hexOf, Rng } from './rng.ts';
import type { Sinks } from './world.ts';
import { MIN, SEC } from './time.ts';

/** Tools whose fresh releases SmartScreen does not know yet: file, download URL, referrer, publisher, product, version. */
const NEW_RELEASES = [
  ['ShareX-16.1.0-setup.exe', 'https://github.com/ShareX/ShareX/releases/download/v16.1.0/ShareX-16.1.0-setup.exe', 'https://github.com/ShareX/ShareX/releases', 'ShareX Team', 'ShareX', '16.1.0.0'],
  ['Greenshot-INSTALLER-1.2.10.6-RELEASE.exe', 'https://github.com/greenshot/greenshot/releases/download/Greenshot-RELEASE-1.2.10.6/Greenshot-INSTALLER-1.2.10.6-RELEASE.exe', 'https://getgreenshot.org/downloads/', 'Greenshot', 'Greenshot', '1.2.10.6'],
  ['WingtipLabelDesigner_Setup_4.2.1.exe', 'https://downloads.wingtip.example/tools/WingtipLabelDesigner_Setup_4.2.1.exe', 'https://www.wingtip.example/partners/shipping-labels', 'Wingtip Toys Ltd', 'Wingtip Label Designer', '4.2.1.0'],
  ['KeyboardLayoutSwitcher_1.3.exe', 'https://objects.githubusercontent.com/releases/KeyboardLayoutSwitcher_1.3.exe', 'https://github.com/', '', '', ''],
] as const;

/** Per-user installs of the tools above: folder under AppData\\Local\\Programs, program, size, Run-key arguments. */
const PER_USER_APPS: Record<string, { dir: string; exe: string; size: number; runArgs: string }> = {
  ShareX: { dir: 'ShareX', exe: 'ShareX.exe', size: 4_912_640, runArgs: ' -silent' },
  Greenshot: { dir: 'Greenshot', exe: 'Greenshot.exe', size: 522_752, runArgs: '' },
};

/** Images this module starts. */
const FIMG = {
  powershell: IMG.powershell,
  teamviewerQs: img('C:\\Users\\%USER%\\Downloads\\TeamViewerQS_x64.exe', 'TeamViewer QuickSupport', 32_418_056, 'TeamViewer Germany GmbH', 'TeamViewer QuickSupport', '15.53.6.0'),
  teamviewer: img('C:\\Users\\%USER%\\AppData\\Local\\Temp\\TeamViewer\\TeamViewer.exe', 'TeamViewer', 61_302_088, 'TeamViewer Germany GmbH', 'TeamViewer', '15.53.6.0'),
} satisfies Record<string, Img>;

/** SharePoint sites whose libraries users sync, by department. */
const LIBRARIES: Record<string, readonly string[]> = {
  Finance: ['Finance - Documents', 'Accounts Payable - Invoices', 'Budget 2024 - Documents'],
  Legal: ['Legal - Contracts', 'Legal - Documents'],
  Sales: ['Sales - Proposals', 'Key Accounts - Documents'],
  HR: ['HR - Policies', 'HR - Documents'],
  Marketing: ['Marketing - Campaign Assets', 'Brand - Documents'],
  Operations: ['Operations - Documents', 'Suppliers - Documents'],
};

const DOC_STEMS = ['Contract', 'Invoice', 'Minutes', 'Budget', 'Forecast', 'Review', 'Proposal', 'Policy', 'Report', 'Plan', 'Summary', 'Agreement', 'Schedule', 'Checklist', 'Statement', 'Quote', 'Template'];
const DOC_EXTS = [
  ['docx', 3],
  ['xlsx', 3],
  ['pdf', 4],
  ['pptx', 1],
] as const;

/** The per-user OneDrive updater (the same file for everyone; the path is in each profile). */
function oneDriveUpdaterFor(user: string): Img {
  const base = img('C:\\Users\\%USER%\\AppData\\Local\\Microsoft\\OneDrive\\OneDriveStandaloneUpdater.exe', 'Standalone Updater', 4_231_496, 'Microsoft Corporation', 'Microsoft OneDrive', '24.076.0414.0003');
  return { ...base, path: base.path.replace('%USER%', user) };
}

/** Attachment rows the desk writer reads back (registered before any mail is written; survives spilling). */
export function keepDeskReads(sinks: Sinks): void {
  sinks.EmailAttachmentInfo.keep('opened', ['Timestamp', 'RecipientObjectId', 'FileName', 'SHA256', 'FileSize'], (get) => !get('ThreatTypes') && !!get('RecipientObjectId') && !!get('SHA256'));
}

export function writeDeskEstate(c: RoutineEstateCtx): void {
  if (c.devs.length === 0) return;
  const root = new Rng((c.seed ^ 0x0de5c7) >>> 0, 0xde5c);
  openAttachments(c, root.fork('attachments'));
  for (const dev of c.devs) {
    const b = c.boots.get(dev.def.key);
    if (!b || !dev.user) continue;
    for (let k = 0; k < c.days.length; k++) {
      const r = root.fork(`${dev.def.key}:${k}`);
      const h = new Desk(dev, c.em, b, c.sessions.get(`${dev.def.key}:${k}`), c.days[k], r);
      h.oneDriveUpdateCheck();
      h.browsing(r.int(2, 14));
      if (r.chance(0.1)) h.unrecognisedApp(r.pick(NEW_RELEASES));
      const libs = LIBRARIES[dev.user.department ?? ''];
      if (libs && r.chance(0.05)) h.librarySync(r.pick(libs));
      if (dev.user.department === 'Finance' && r.chance(0.06)) h.vendorSupportSession();
      if (c.adminDevKeys.has(dev.def.key)) {
        if (r.chance(0.5)) h.cloudAdminPowerShell();
      }
    }
  }
}

/** Sites people visit outside work applications (the office is in the Netherlands), with the third parties each page loads. */
const PAGES: readonly (readonly [string, readonly string[]])[] = [
  ['nos.nl', ['www.googletagmanager.com', 'cdn.cookielaw.org', 'sb.scorecardresearch.com', 'static.cloudflareinsights.com']],
  ['www.nu.nl', ['securepubads.g.doubleclick.net', 'www.googletagmanager.com', 'cdn.privacy-mgmt.com', 'ib.adnxs.com', 'cdn.taboola.com']],
  ['www.bol.com', ['www.googletagmanager.com', 'www.google-analytics.com', 'bat.bing.com', 'connect.facebook.net']],
  ['www.ns.nl', ['www.googletagmanager.com', 'consent.cookiebot.com', 'fonts.gstatic.com']],
  ['www.marktplaats.nl', ['securepubads.g.doubleclick.net', 'pagead2.googlesyndication.com', 'cdn.privacy-mgmt.com', 'www.google-analytics.com']],
  ['www.bbc.co.uk', ['static.files.bbci.co.uk', 'ichef.bbci.co.uk', 'sb.scorecardresearch.com', 'cdn.optimizely.com']],
  ['www.theguardian.com', ['assets.guim.co.uk', 'i.guim.co.uk', 'securepubads.g.doubleclick.net', 'cdn.privacy-mgmt.com', 'ophan.theguardian.com']],
  ['www.reuters.com', ['www.googletagmanager.com', 'cdn.cookielaw.org', 'securepubads.g.doubleclick.net', 'c.amazon-adsystem.com']],
  ['stackoverflow.com', ['cdn.sstatic.net', 'i.sstatic.net', 'www.googletagmanager.com', 'cdn.cookielaw.org']],
  ['www.booking.com', ['cf.bstatic.com', 'q-xx.bstatic.com', 'www.googletagmanager.com', 'bat.bing.com']],
  ['www.tripadvisor.com', ['static.tacdn.com', 'securepubads.g.doubleclick.net', 'www.google-analytics.com', 'js.hs-scripts.com']],
  ['www.ikea.com', ['www.googletagmanager.com', 'cdn.cookielaw.org', 'www.clarity.ms', 'static.hotjar.com', 'script.hotjar.com']],
  ['www.coolblue.nl', ['www.googletagmanager.com', 'bat.bing.com', 'connect.facebook.net', 'image.coolblue.nl']],
  ['www.imdb.com', ['m.media-amazon.com', 'c.amazon-adsystem.com', 'fls-na.amazon.com']],
  ['www.buienradar.nl', ['securepubads.g.doubleclick.net', 'cdn.privacy-mgmt.com', 'pagead2.googlesyndication.com', 'tpc.googlesyndication.com']],
  ['www.kvk.nl', ['www.googletagmanager.com', 'consent.cookiebot.com', 'fonts.googleapis.com', 'fonts.gstatic.com']],
  ['www.thuisbezorgd.nl', ['www.googletagmanager.com', 'cdn.cookielaw.org', 'static.cloudflareinsights.com', 'cdn.jsdelivr.net']],
  ['www.allrecipes.com', ['securepubads.g.doubleclick.net', 'widgets.outbrain.com', 'c.amazon-adsystem.com', 'cdnjs.cloudflare.com']],
];

/** The app a received attachment opens in, by extension. */
const OPENS_IN: Record<string, Img> = { docx: IMG.winword, doc: IMG.winword, docm: IMG.winword, xlsx: IMG.excel, xls: IMG.excel, csv: IMG.excel, pptx: IMG.powerpnt, pdf: img('C:\\Program Files\\Adobe\\Acrobat DC\\Acrobat\\Acrobat.exe', 'Adobe Acrobat', 6_411_832, 'Adobe Inc.', 'Adobe Acrobat', '23.8.20470.0'), txt: IMG.notepad };

/** Recipients open most attachments of mail that reached their inbox, in their next working session after it arrived. */
function openAttachments(c: RoutineEstateCtx, r: Rng): void {
  const byObject = new Map(c.devs.filter((d) => d.user && c.boots.has(d.def.key)).map((d) => [d.user!.objectId, d] as const));
  const att = c.sinks.EmailAttachmentInfo.kept('opened');
  for (let i = 0; i < att.length; i++) {
    const dev = byObject.get(String(att.get(i, 'RecipientObjectId')));
    if (!dev?.user || !r.chance(0.6)) continue;
    const arrived = att.get(i, 'Timestamp') as number;
    const file = String(att.get(i, 'FileName'));
    const ext = file.slice(file.lastIndexOf('.') + 1).toLowerCase();
    const k = c.days.findIndex((_, j) => {
      const s = c.sessions.get(`${dev.def.key}:${j}`);
      return !!s?.outlook && s.end > arrived + 10 * MIN;
    });
    if (k < 0) continue;
    const s = c.sessions.get(`${dev.def.key}:${k}`)!;
    const from = Math.max(arrived, s.start, s.outlook!.created) + r.int(1, 5) * MIN;
    const t = from + Math.floor(r.exp(40 * MIN));
    if (t > s.end - 2 * MIN || dev.isIsolated(t)) continue;
    const h = new Desk(dev, c.em, c.boots.get(dev.def.key)!, s, c.days[k], r);
    const sha256 = String(att.get(i, 'SHA256'));
    const path = `C:\\Users\\${dev.user.accountName}\\AppData\\Local\\Microsoft\\Windows\\INetCache\\Content.Outlook\\${hexOf(`olk:${dev.user.upn}`, 8).toUpperCase()}\\${file}`;
    c.em.file(t, s.outlook!, 'FileCreated', { FileName: file, FolderPath: path, SHA1: hexOf(`att1:${sha256}`, 40), SHA256: sha256, MD5: hexOf(`attmd5:${sha256}`, 32), FileSize: att.get(i, 'FileSize') });
    const app = OPENS_IN[ext];
    if (!app) continue;
    const office = app === IMG.winword || app === IMG.excel || app === IMG.powerpnt;
    h.run(s.outlook!, app, t + r.int(300, 2500) * 1000, office ? `"${app.path}" /n "${path}" /o ""` : `"${app.path}" "${path}"`);
  }
}

class Desk extends EstateDay {
  /** OneDrive's per-user update task: the Task Scheduler service starts the updater in the user's session. */
  oneDriveUpdateCheck(): void {
    const { r, dev } = this;
    const s = this.s;
    if (!s || !dev.user) return;
    const t = this.sessionTime(30, 5, 5);
    if (t === null || dev.isIsolated(t)) return;
    const up = oneDriveUpdaterFor(dev.user.accountName);
    const p = this.run(this.b.svc['netsvcs -p -s Schedule'], up, t, `"${up.path}" /reporting`, { acct: s.acct, logonId: s.logonId, integrity: 'Medium', elevation: 'TokenElevationTypeDefault', session: 1 });
    for (const [i, host] of ['g.live.com', 'oneclient.sfx.ms'].entries()) {
      const st = site(host);
      this.em.network(t + (2 + i * 3) * SEC, p, 'ConnectionSuccess', { RemoteIP: st.ip, RemotePort: 443, RemoteUrl: host, LocalIP: dev.def.localIp, LocalPort: r.int(49700, 65000), Protocol: 'Tcp', LocalIPType: 'Private', RemoteIPType: 'Public' });
    }
  }

  /** Pages in breaks: the page's host, then its third parties, a few seconds apart; a minute or more between pages. */
  browsing(pages: number): void {
    const { r, dev } = this;
    const s = this.s;
    if (!s?.edge || !dev.user) return;
    let t = this.sessionTime(60, 10, 10);
    if (t === null) return;
    for (let i = 0; i < pages && t < s.end - 2 * MIN; i++) {
      if (dev.isIsolated(t)) return;
      const [host, thirdParties] = r.pick(PAGES);
      const conn = (at: number, h: string) => {
        const st = site(h);
        this.em.network(at, s.edge!, 'ConnectionSuccess', { RemoteIP: st.ip, RemotePort: 443, RemoteUrl: h, LocalIP: dev.def.localIp, LocalPort: r.int(49700, 65000), Protocol: 'Tcp', LocalIPType: 'Private', RemoteIPType: 'Public' });
      };
      conn(t, host);
      for (const tp of thirdParties) if (r.chance(0.75)) conn(t + r.int(200, 4000) * 1000, tp);
      t += r.chance(0.6) ? r.int(1, 6) * MIN : r.int(20, 120) * MIN;
    }
  }

  /** A download without reputation: SmartScreen warns when the user starts it; most users click "Run anyway". */
  unrecognisedApp([file, url, referrer, company, product, version]: (typeof NEW_RELEASES)[number]): void {
    const { r, dev } = this;
    const s = this.s;
    if (!s?.edge || !dev.user) return;
    const t = this.sessionTime(40, 15, 15);
    if (t === null || dev.isIsolated(t)) return;
    const path = `C:\\Users\\${dev.user.accountName}\\Downloads\\${file}`;
    const hash = { SHA1: hexOf(`newrel1:${file}`, 40), SHA256: hexOf(`newrel256:${file}`, 64), MD5: hexOf(`newrelmd5:${file}`, 32) };
    const host = new URL(url).host;
    const dl = site(host);
    this.em.network(t - 2 * SEC, s.edge, 'ConnectionSuccess', { RemoteIP: dl.ip, RemotePort: 443, RemoteUrl: host, LocalIP: dev.def.localIp, LocalPort: r.int(49700, 65000), Protocol: 'Tcp', LocalIPType: 'Private', RemoteIPType: 'Public' });
    const size = r.int(1_200_000, 18_000_000);
    this.em.file(t, s.edge, 'FileCreated', { FileName: file, FolderPath: path, ...hash, FileSize: size, FileOriginUrl: url, FileOriginReferrerUrl: referrer, FileOriginIP: dl.ip });
    const warnAt = t + r.int(8, 120) * SEC;
    const activity = r.guid();
    this.em.event(warnAt, s.explorer, 'SmartScreenAppWarning', { FileName: file, FolderPath: path, ...hash, AdditionalFields: { Experience: 'Untrusted', ActivityId: activity } });
    if (!r.chance(0.7)) return;
    const runAt = warnAt + r.int(4, 40) * SEC;
    this.em.event(runAt, s.explorer, 'SmartScreenUserOverride', { FileName: file, FolderPath: path, ...hash, AdditionalFields: { ActivityId: activity } });
    const im: Img = { ...img(path, company ? `${product} Setup` : '', size, company, product, version), sha1: hash.SHA1, sha256: hash.SHA256, md5: hash.MD5, alwaysSha256: true };
    const setup = this.run(s.explorer, im, runAt + 1 * SEC, `"${path}"`);
    const app = PER_USER_APPS[product];
    if (!app) return; // a portable tool runs as downloaded; the partner's per-machine installer stops at the UAC prompt a standard user cannot answer
    // Inno Setup's "install for me only": the program goes under the profile and starts at sign-in from the user's Run key
    const exe = `C:\\Users\\${dev.user.accountName}\\AppData\\Local\\Programs\\${app.dir}\\${app.exe}`;
    const done = runAt + r.int(20, 90) * SEC;
    // the same program file for every user (its hashes do not depend on the profile it lands in)
    const installed: Img = { ...img(exe, product, app.size, company, product, version), sha1: hexOf(`app1:${app.exe}`, 40), sha256: hexOf(`app256:${app.exe}`, 64), md5: hexOf(`appmd5:${app.exe}`, 32) };
    this.em.file(done - 5 * SEC, setup, 'FileCreated', { FileName: app.exe, FolderPath: exe, SHA1: installed.sha1, SHA256: installed.sha256, MD5: installed.md5, FileSize: app.size });
    this.em.registry(done - 2 * SEC, setup, 'RegistryValueSet', { RegistryKey: `HKEY_CURRENT_USER\\${s.acct.sid}\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run`, RegistryValueType: 'String', RegistryValueName: app.dir, RegistryValueData: `"${exe}"${app.runArgs}`, PreviousRegistryValueData: '' });
    this.run(setup, installed, done, `"${exe}"`);
  }

  /** A vendor's support engineer connects through TeamViewer QuickSupport, which the user downloads from the vendor's link. */
  vendorSupportSession(): void {
    const { r, dev } = this;
    const s = this.s;
    if (!s?.edge || !dev.user) return;
    const t = this.sessionTime(90, 30, 60);
    if (t === null || dev.isIsolated(t)) return;
    const u = dev.user.accountName;
    const dlHost = 'download.teamviewer.com';
    const dl = site(dlHost);
    const qsPath = `C:\\Users\\${u}\\Downloads\\TeamViewerQS_x64.exe`;
    this.em.network(t - 2 * SEC, s.edge, 'ConnectionSuccess', { RemoteIP: dl.ip, RemotePort: 443, RemoteUrl: dlHost, LocalIP: dev.def.localIp, LocalPort: r.int(49700, 65000), Protocol: 'Tcp', LocalIPType: 'Private', RemoteIPType: 'Public' });
    this.em.file(t, s.edge, 'FileCreated', { FileName: 'TeamViewerQS_x64.exe', FolderPath: qsPath, SHA1: FIMG.teamviewerQs.sha1, SHA256: FIMG.teamviewerQs.sha256, MD5: FIMG.teamviewerQs.md5, FileSize: FIMG.teamviewerQs.size, FileOriginUrl: `https://${dlHost}/download/TeamViewerQS_x64.exe`, FileOriginReferrerUrl: 'https://www.teamviewer.com/', FileOriginIP: dl.ip });
    const qsImg: Img = { ...FIMG.teamviewerQs, path: qsPath };
    const qs = this.run(s.explorer, qsImg, t + r.int(10, 60) * SEC, `"${qsPath}"`);
    const tvPath = `C:\\Users\\${u}\\AppData\\Local\\Temp\\TeamViewer\\TeamViewer.exe`;
    const tvImg: Img = { ...FIMG.teamviewer, path: tvPath };
    this.em.file(qs.created + 2 * SEC, qs, 'FileCreated', { FileName: 'TeamViewer.exe', FolderPath: tvPath, SHA1: tvImg.sha1, SHA256: tvImg.sha256, MD5: tvImg.md5, FileSize: tvImg.size });
    const tv = this.run(qs, tvImg, qs.created + 4 * SEC, `"${tvPath}" --dre`);
    const end = Math.min(s.end - 5 * MIN, tv.created + r.int(20, 75) * MIN);
    for (const host of ['master16.teamviewer.com', `router${r.int(1, 20)}.teamviewer.com`]) {
      const st = site(host);
      this.em.network(tv.created + r.int(2, 9) * SEC, tv, 'ConnectionSuccess', { RemoteIP: st.ip, RemotePort: host.startsWith('router') ? 5938 : 443, RemoteUrl: host, LocalIP: dev.def.localIp, LocalPort: r.int(49700, 65000), Protocol: 'Tcp', LocalIPType: 'Private', RemoteIPType: 'Public' });
    }
    // the engineer collects the ERP client's logs through the session's file transfer
    this.em.file(Math.max(tv.created + 5 * MIN, end - r.int(2, 10) * MIN), tv, 'FileCreated', { FileName: 'ERPClient-logs.zip', FolderPath: `C:\\Users\\${u}\\Desktop\\ERPClient-logs.zip`, SHA1: r.hex(40), SHA256: r.hex(64), MD5: r.hex(32), FileSize: r.int(300_000, 9_000_000) });
  }

  /** Exchange Online and Graph administration from the admin's own PowerShell (modules kept current from the Gallery). */
  cloudAdminPowerShell(): void {
    const { r, dev } = this;
    const s = this.s;
    if (!s || !dev.user) return;
    const t = this.sessionTime(60, 20, 20);
    if (t === null || dev.isIsolated(t)) return;
    const ps = this.run(s.explorer, FIMG.powershell, t, '"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe" ');
    let at = t + r.int(20, 120) * SEC;
    const say = (cmd: string, hosts: string[] = []) => {
      at += r.int(5, 180) * SEC;
      this.em.event(at, ps, 'PowerShellCommand', { AdditionalFields: { Command: cmd } });
      for (const host of hosts) {
        const st = site(host);
        this.em.network(at + 1 * SEC, ps, 'ConnectionSuccess', { RemoteIP: st.ip, RemotePort: 443, RemoteUrl: host, LocalIP: dev.def.localIp, LocalPort: r.int(49700, 65000), Protocol: 'Tcp', LocalIPType: 'Private', RemoteIPType: 'Public' });
      }
    };
    if (r.chance(0.3)) say(r.pick(['Update-Module', 'Install-Module']), ['www.powershellgallery.com', 'psg-prod-eastus.azureedge.net']);
    if (r.chance(0.7)) {
      say('Connect-ExchangeOnline', ['login.microsoftonline.com', 'outlook.office365.com']);
      for (const cmd of r.pick([
        ['Get-Mailbox', 'Get-MailboxPermission', 'Add-MailboxPermission'],
        ['Get-Mailbox', 'Set-Mailbox'],
        ['Get-MessageTrace', 'Get-MessageTraceDetail'],
        ['Get-DistributionGroupMember', 'Add-DistributionGroupMember'],
        ['Get-Mailbox', 'Get-MailboxStatistics'],
      ])) say(cmd);
      say('Disconnect-ExchangeOnline');
    } else {
      say('Connect-MgGraph', ['login.microsoftonline.com', 'graph.microsoft.com']);
      for (const cmd of r.pick([
        ['Get-MgUser', 'Get-MgUserMemberOf'],
        ['Get-MgGroup', 'Get-MgGroupMember', 'New-MgGroupMember'],
        ['Get-MgUser', 'Update-MgUser'],
        ['Get-MgDevice', 'Get-MgDeviceRegisteredOwner'],
      ])) say(cmd);
      say('Disconnect-MgGraph');
    }
  }

  /** "Sync" on a SharePoint library: OneDrive downloads the library's files into the profile, a few per second. */
  librarySync(library: string): void {
    const { r, dev } = this;
    const s = this.s;
    if (!s?.onedrive || !dev.user) return;
    const t0 = this.sessionTime(60, 20, 30);
    if (t0 === null || dev.isIsolated(t0)) return;
    const od = s.onedrive;
    const base = `C:\\Users\\${dev.user.accountName}\\Contoso Ltd\\${library}`;
    const folders = ['', ...Array.from({ length: r.int(2, 6) }, () => `\\${r.pick(['2023', '2024', 'Archive', 'Q1', 'Q2', 'Templates', 'Signed', 'Drafts', 'Customers', 'Suppliers'])}`)];
    const n = r.int(40, 260);
    let t = t0;
    const seen = new Set<string>();
    for (let i = 0; i < n; i++) {
      t += r.int(150, 2500) * 1000;
      const ext = r.weighted(DOC_EXTS);
      const name = `${r.pick(DOC_STEMS)} ${r.pick(['', '2023 ', '2024 ', 'Q1 ', 'Q2 ', 'v2 ', 'final ', 'signed '])}${r.int(1, 400)}.${ext}`.replace('  ', ' ');
      const path = `${base}${r.pick(folders)}\\${name}`;
      if (seen.has(path)) continue;
      seen.add(path);
      this.em.file(t, od, 'FileCreated', { FileName: name, FolderPath: path, SHA1: r.hex(40), SHA256: r.hex(64), MD5: r.hex(32), FileSize: r.int(18_000, 6_000_000) });
    }
  }
}
