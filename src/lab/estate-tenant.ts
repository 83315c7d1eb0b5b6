/**
 * What the rest of a real tenant looks like to a hunter, around the background devices and users:
 * Defender for Identity's view of the domain (LDAP, SAMR and DNS queries from servers, tools and
 * admins, service-account authentications, directory changes and replication between the two
 * domain controllers), mail beyond the daily conversation (phishing and malware campaigns with their
 * verdicts, quarantines, zero-hour auto purge, Safe Links clicks, user reports, outbound mail to
 * partners), Identity Protection's risk detections on sign-ins from unfamiliar places, the browser
 * and desktop habits of users (downloads with their origin, web mail and social sites, screenshots,
 * copies to USB drives, potentially unwanted software caught by the antivirus, attack surface
 * reduction rules in audit mode, the firewall dropping LAN noise, admins' SSH sessions), and the
 * alerts all of this raises in a real SOC's queue: benign true positives and a few real ones, from
 * each Defender product, with their evidence.
 *
 * Rates are per device-day, user-day or tenant-day; nothing is shaped after a particular query.
 * Everything draws from its own random stream and only touches background devices and users, so
 * the scenario's rows and every practice answer stay as they are.
 */
import { isIn, pickAddress } from './addresses.ts';
import type { BootState, Session } from './background.ts';
import { ipFor, site } from './background.ts';
import { writeCloudEstate } from './estate-cloud.ts';
import { EIMG } from './estate.ts';
import { IMG, type Img, img } from './images.ts';
import type { UserDef } from './model.ts';
import { DC, DC2, domainSid } from './model.ts';
import { guidOf, hexOf, Rng } from './rng.ts';
import type { SignInResult } from './rules.ts';
import { HOUR, MIN, SEC } from './time.ts';
import type { Dev, DeviceEmitter, Proc, Sinks } from './world.ts';
import { oneDriveTask, taskFields } from './task-content.ts';

export interface TenantEstateCtx {
  em: DeviceEmitter;
  sinks: Sinks;
  seed: number;
  days: number[];
  tenantId: string;
  /** Background devices and users only. */
  devs: Dev[];
  users: UserDef[];
  boots: Map<string, BootState>;
  sessions: Map<string, Session>;
  adminDevKeys: Set<string>;
  results: SignInResult[];
}

const DOMAIN = 'corp.contoso.example';
const DOMAIN_DN = 'DC=corp,DC=contoso,DC=example';
/** The backup server (app01's SQL Server Agent copies its backups to its share: estate-servers.ts). */
export const BACKUP01 = { name: 'backup01.corp.contoso.example', ip: '10.20.0.40', acct: 'svc-backup', sid: domainSid(1611), os: 'Windows Server 2019' } as const;
/** Servers that are not onboarded to Defender for Endpoint but talk to the domain controllers. */
const SERVERS = [
  BACKUP01,
  { name: 'print01.corp.contoso.example', ip: '10.20.0.31', acct: 'PRINT01$', sid: domainSid(1120), os: 'Windows Server 2016' },
  { name: 'sccm01.corp.contoso.example', ip: '10.20.0.35', acct: 'svc-sccm', sid: domainSid(1618), os: 'Windows Server 2022' },
  { name: 'scanner01.corp.contoso.example', ip: '10.20.0.90', acct: 'svc-vulnscan', sid: domainSid(1622), os: 'Windows Server 2022' },
] as const;

export const MDE = 'Microsoft Defender for Endpoint';
export const MDO = 'Microsoft Defender for Office 365';
/**
 * DetectionMethods of a zero-hour auto purge row, keyed by its ThreatTypes: the verdict that changed
 * after delivery, in the EmailEvents shape ({"<threat>":["<method>"]}). A malware purge comes from the
 * attachment's later detonation verdict, a phish purge from the URL's, a spam purge from the filter.
 */
const ZAP_DETECTION: Record<string, string> = {
  Malware: '{"Malware":["File detonation reputation"]}',
  Phish: '{"Phish":["URL detonation reputation"]}',
  Spam: '{"Spam":["Advanced filter"]}',
};
const MDI = 'Microsoft Defender for Identity';
const MDCA = 'Microsoft Defender for Cloud Apps';
const IDP = 'Microsoft Entra ID Protection';

const SI = 'C:\\Windows\\SystemApps\\MicrosoftWindows.Client.CBS_cw5n1h2txyewy\\';
const XIMG = {
  snip: img('C:\\Program Files\\WindowsApps\\Microsoft.ScreenSketch_11.2404.37.0_x64__8wekyb3d8bbwe\\SnippingTool\\SnippingTool.exe', 'Snipping Tool', 3140608, 'Microsoft Corporation', 'Snipping Tool', '11.2404.37.0'),
  clip: img(`${SI}ScreenClippingHost.exe`, 'Screen Clipping Host', 412160),
  ssh: img('C:\\Windows\\System32\\OpenSSH\\ssh.exe', 'OpenSSH SSH client', 1004544, 'Microsoft Corporation', 'OpenSSH for Windows', '8.1.0.1'),
  mmc: img('C:\\Windows\\System32\\mmc.exe', 'Microsoft Management Console', 2008064),
  putty: img('C:\\Program Files\\PuTTY\\putty.exe', 'SSH, Telnet, Rlogin, and SUPDUP client', 1627768, 'Simon Tatham', 'PuTTY suite', '0.81.0.0'),
} satisfies Record<string, Img>;

/** Alert catalogue: titles, categories and techniques as the products name them. */
export interface AlertKind {
  title: string;
  category: string;
  severity: 'Informational' | 'Low' | 'Medium' | 'High';
  service: string;
  detection: string;
  techniques: string[];
}
export const K = (title: string, category: string, severity: AlertKind['severity'], service: string, detection: string, techniques: string[]): AlertKind => ({ title, category, severity, service, detection, techniques });
const KINDS = {
  samrRecon: K('User and group membership reconnaissance (SAMR)', 'Discovery', 'Medium', MDI, MDI, ['Account Discovery (T1087)', 'Domain Account (T1087.002)', 'Permission Groups Discovery (T1069)', 'Domain Groups (T1069.002)']),
  ldapRecon: K('Security principal reconnaissance (LDAP)', 'Discovery', 'Medium', MDI, MDI, ['Account Discovery (T1087)', 'Domain Account (T1087.002)']),
  pua: K("'Presenoker' unwanted software was detected", 'UnwantedSoftware', 'Low', MDE, 'Antivirus', []),
  puaBlocked: K("'OfferCore' unwanted software was prevented", 'UnwantedSoftware', 'Informational', MDE, 'Antivirus', []),
  encodedPs: K('Suspicious PowerShell command line', 'Execution', 'Low', MDE, 'EDR', ['PowerShell (T1059.001)', 'Obfuscated Files or Information (T1027)']),
  remoteSvc: K('Suspicious service launched', 'Execution', 'Low', MDE, 'EDR', ['Service Execution (T1569.002)', 'Windows Service (T1543.003)']),
  remoteDrop: K('File dropped and launched from remote location', 'LateralMovement', 'Medium', MDE, 'EDR', ['Remote Services (T1021)', 'SMB/Windows Admin Shares (T1021.002)', 'Lateral Tool Transfer (T1570)']),
  urlZap: K('Email messages containing malicious URL removed after delivery', 'InitialAccess', 'Informational', MDO, MDO, ['Phishing (T1566)', 'Spearphishing Link (T1566.002)']),
  malZap: K('Email messages containing malware removed after delivery', 'InitialAccess', 'Informational', MDO, MDO, ['Phishing (T1566)', 'Spearphishing Attachment (T1566.001)']),
  reported: K('Email reported by user as malware or phish', 'InitialAccess', 'Informational', MDO, MDO, ['Phishing (T1566)']),
  click: K('A potentially malicious URL click was detected', 'InitialAccess', 'High', MDO, MDO, ['Phishing (T1566)', 'Spearphishing Link (T1566.002)']),
  unfamiliar: K('Unfamiliar sign-in properties', 'InitialAccess', 'Medium', IDP, IDP, ['Valid Accounts (T1078)']),
  anonIp: K('Anonymous IP address', 'InitialAccess', 'Medium', IDP, IDP, ['Valid Accounts (T1078)']),
  travel: K('Impossible travel activity', 'InitialAccess', 'Medium', MDCA, MDCA, ['Valid Accounts (T1078)', 'Cloud Accounts (T1078.004)']),
  massDownload: K('Mass download by a single user', 'Exfiltration', 'Medium', MDCA, MDCA, ['Data from Cloud Storage (T1530)']),
} as const;

export class Alerts {
  n = 0;
  constructor(
    readonly sinks: Sinks,
    readonly r: Rng,
  ) {}

  /** One alert and its evidence (the first evidence row is the impacted entity). */
  add(t: number, k: AlertKind, evidence: Record<string, unknown>[]): string {
    const id = k.service === MDE ? `da${(638_500_000_000_000_000 + Math.floor(t / 1000) * 10 + (this.n % 10)).toString()}_${this.r.int(-2_000_000_000, 2_000_000_000)}` : k.service === MDO ? `fa${hexOf(`alert:${t}:${this.n}`, 30)}` : k.service === MDI ? hexOf(`alert:${t}:${this.n}`, 32) : k.service === IDP ? `ad${hexOf(`alert:${t}:${this.n}`, 30)}` : `ca${hexOf(`alert:${t}:${this.n}`, 30)}`;
    this.n++;
    const common = { Timestamp: t, AlertId: id, Title: k.title, ServiceSource: k.service, DetectionSource: k.detection, AttackTechniques: JSON.stringify(k.techniques), Severity: k.severity };
    this.sinks.AlertInfo.add({ ...common, Category: k.category });
    for (const e of evidence) this.sinks.AlertEvidence.add({ ...common, Categories: JSON.stringify([k.category]), EvidenceDirection: '', ...e });
    return id;
  }
}

export const machine = (d: Dev, role = 'Impacted') => ({ EntityType: 'Machine', EvidenceRole: role, DeviceId: d.id, DeviceName: d.name, LocalIP: d.def.localIp });
export const userEv = (u: UserDef, role = 'Impacted') => ({ EntityType: 'User', EvidenceRole: role, AccountName: u.accountName, AccountDomain: DOMAIN, AccountSid: u.onPremSid ?? '', AccountObjectId: u.objectId, AccountUpn: u.upn });

/**
 * PsExec's service binary, copied over ADMIN$ and started by an admin's remote command, trips EDR's
 * remote-drop detection; the SOC closes it as the admin's work. Runs after every estate writer (the
 * admins' remote sessions come from estate-admin.ts), with a stream of its own.
 */
export function writeRemoteDropAlerts(c: { sinks: Sinks; seed: number; devs: Dev[] }): void {
  const r = new Rng((c.seed ^ 0x5d20b) >>> 0, 0x5d20b);
  const alerts = new Alerts(c.sinks, r.fork('alerts'));
  const byName = new Map(c.devs.map((d) => [d.name, d]));
  const p = c.sinks.DeviceProcessEvents.kept('remote-drop');
  const last = new Map<Dev, number>();
  let n = 0;
  for (let i = 0; i < p.length && n < 4; i++) {
    if (p.get(i, 'FileName') !== 'PSEXESVC.exe' || !r.chance(0.6)) continue;
    const dev = byName.get(String(p.get(i, 'DeviceName')));
    const t = (p.get(i, 'Timestamp') as number) + r.int(60, 240) * SEC;
    // one alert per device and working session: later drops join it
    if (!dev || t - (last.get(dev) ?? -Infinity) < 8 * HOUR) continue;
    last.set(dev, t);
    n++;
    const fe = { EntityType: 'File', EvidenceRole: 'Impacted', FileName: 'PSEXESVC.exe', FolderPath: 'C:\\Windows\\PSEXESVC.exe', SHA1: p.get(i, 'SHA1'), SHA256: p.get(i, 'SHA256'), DeviceId: dev.id, DeviceName: dev.name };
    const pe = { EntityType: 'Process', EvidenceRole: 'Related', FileName: 'PSEXESVC.exe', FolderPath: p.get(i, 'FolderPath'), ProcessCommandLine: p.get(i, 'ProcessCommandLine'), DeviceId: dev.id, DeviceName: dev.name };
    alerts.add(t, KINDS.remoteDrop, [machine(dev), fe, pe]);
  }
}

/**
 * The device rows the tenant estate reads back (see TableSink.keep): registered before the
 * devices run, each the rows its scan below acts on (the scans skip every other row untouched).
 */
export function keepTenantReads(sinks: Sinks): void {
  const cmd = (get: (col: string) => unknown) => String(get('ProcessCommandLine') ?? '');
  sinks.DeviceProcessEvents.keep('remote-drop', ['FileName', 'DeviceName', 'Timestamp', 'SHA1', 'SHA256', 'FolderPath', 'ProcessCommandLine'], (get) => get('FileName') === 'PSEXESVC.exe');
  sinks.DeviceProcessEvents.keep('samr', ['ProcessCommandLine', 'FileName', 'DeviceName', 'Timestamp', 'AccountName', 'AccountSid'], (get) => get('FileName') === 'net.exe' && /\/domain\b/i.test(cmd(get)));
  sinks.DeviceProcessEvents.keep('edr-alerts', ['DeviceName', 'ProcessCommandLine', 'Timestamp', 'FileName', 'FolderPath', 'SHA1'], (get) => cmd(get).includes('-EncodedCommand') || get('FileName') === 'PSEXESVC.exe');
}

/** Writes the tenant-wide estate habits. */
export function writeTenantEstate(c: TenantEstateCtx): void {
  if (c.devs.length === 0 || c.users.length === 0) return;
  const root = new Rng((c.seed ^ 0x7e4a47) >>> 0, 0x7e4a4);
  const alerts = new Alerts(c.sinks, root.fork('alerts'));
  desktop(c, root, alerts);
  identity(c, root.fork('identity'), alerts);
  mail(c, root.fork('mail'), alerts);
  signInRisk(c, root.fork('risk'), alerts);
  writeCloudEstate(c);
}

// --- users and devices ------------------------------------------------------------------------

function desktop(c: TenantEstateCtx, root: Rng, alerts: Alerts): void {
  const { em } = c;
  for (const dev of c.devs) {
    const b = c.boots.get(dev.def.key);
    if (!b) continue;
    for (let k = 0; k < c.days.length; k++) {
      const r = root.fork(`${dev.def.key}:${k}`);
      const d0 = c.days[k];
      const s = c.sessions.get(`${dev.def.key}:${k}`);
      const run = (parent: Proc, image: Img, t: number, cmd: string, o: Parameters<Dev['spawn']>[4] = {}) => {
        const p = dev.spawn(parent, image, t, cmd, { pid: r.int(100, 4000) * 4, showSha256: r.chance(0.5), ...o });
        em.process(p, r.int(0, 3) * 1000);
        return p;
      };
      const inSession = (): number | null => (s && s.end - s.start > 40 * MIN ? s.start + r.int(15, Math.floor((s.end - s.start) / MIN) - 10) * MIN + r.int(0, 59_999) * 1000 : null);
      // the firewall drops LAN broadcast noise and the vulnerability scanner's probes
      const drops = r.int(0, 4);
      for (let i = 0; i < drops; i++) {
        const scan = r.chance(0.3);
        const t = d0 + r.int(0, 1439) * MIN + r.int(0, 59_999) * 1000;
        em.event(t, b.system, 'FirewallInboundConnectionBlocked', {
          RemoteIP: scan ? SERVERS[3].ip : `10.20.0.${r.int(100, 250)}`,
          RemotePort: r.int(49152, 65535),
          LocalIP: dev.def.localIp,
          LocalPort: scan ? r.pick([135, 139, 445, 3389, 5985, 22, 23, 80, 8080]) : r.pick([5353, 1900, 137, 138, 5355]),
        });
      }
      // the RMM agent's inventory reads LSASS-protected data: the ASR rule is in audit mode
      if (r.chance(0.3)) {
        const t = d0 + r.int(60, 1380) * MIN;
        const inv = run(b.services, EIMG.rmmAgent, t, `"${EIMG.rmmAgent.path}" -inventory full`);
        em.event(t + 4 * SEC, inv, 'AsrLsassCredentialTheftAudited', { FileName: 'lsass.exe', FolderPath: 'C:\\Windows\\System32\\lsass.exe', AdditionalFields: { ReportSource: 'AttackSurfaceReduction' } });
      }
      // Point and Print: a print server hands out a new driver version; the spooler installs and loads it
      if (r.chance(0.04)) {
        const t = d0 + r.int(7 * 60, 17 * 60) * MIN;
        const [vendor, files] = r.pick([
          ['HP', ['hpcpp255.dll', 'hpcui255.dll', 'hpcsm255.dll', 'hpmur255.dll']],
          ['Kyocera', ['KXPSDRV.DLL', 'KXPSUI.DLL', 'KXPSCOMM.DLL']],
          ['Canon', ['CNP60MA64.DLL', 'CNP60UA64.DLL', 'cnp60lm.dll']],
        ] as const);
        files.forEach((f, i) => {
          const dll = img(`C:\\Windows\\System32\\spool\\drivers\\x64\\3\\${f}`, `${vendor} printer driver`, 200_000 + i * 91_337, `${vendor} Inc.`, `${vendor} Universal Print Driver`, '6.1.0.0');
          em.file(t + i * SEC, b.spoolsv, 'FileCreated', { FileName: f, FolderPath: dll.path, SHA1: dll.sha1, SHA256: dll.sha256, MD5: dll.md5, FileSize: dll.size });
          em.image(t + (i + 10) * SEC, b.spoolsv, dll);
        });
      }
      if (!s || !dev.user) continue;
      const u = dev.user;
      // attack surface reduction rules: most in audit mode, the e-mail and Office rules enforced
      if (r.chance(0.35)) {
        const t = inSession();
        if (t !== null) {
          const [rule, actor, file] = r.weighted([
            [['AsrOfficeChildProcessAudited', IMG.excel, 'C:\\Windows\\System32\\cmd.exe'], 3],
            [['AsrOfficeMacroWin32ApiCallsAudited', IMG.excel, `C:\\Users\\${u.accountName}\\Documents\\Forecast model.xlsm`], 2],
            [['AsrExecutableEmailContentBlocked', IMG.outlook, `C:\\Users\\${u.accountName}\\AppData\\Local\\Microsoft\\Windows\\INetCache\\Content.Outlook\\${hexOf(`olk:${t}`, 8).toUpperCase()}\\setup.exe`], 1],
            [['AsrUntrustedUsbProcessAudited', IMG.explorer, 'E:\\PortableApps\\PortableAppsPlatform.exe'], 1],
            [['AsrObfuscatedScriptAudited', IMG.wscript, `C:\\Users\\${u.accountName}\\AppData\\Local\\Temp\\printer_setup.vbs`], 1],
            [['AsrOfficeChildProcessBlocked', IMG.winword, 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe'], 1],
          ] as const);
          const host = actor === IMG.explorer ? s.explorer : run(s.explorer, actor, t - 40 * SEC, `"${actor.path}"`);
          em.event(t, host, rule, { FileName: file.slice(file.lastIndexOf('\\') + 1), FolderPath: file, AdditionalFields: { ReportSource: 'AttackSurfaceReduction' } });
        }
      }
      // network protection blocks a known-bad site reached from a search result or an ad
      if (s.edge && r.chance(0.06)) {
        const t = inSession();
        if (t !== null) {
          const url = r.pick(['http://free-movies-hd.example/watch', 'https://crypto-bonus.example/claim', 'http://update-flash-player.example/download']);
          em.event(t, s.edge, r.chance(0.8) ? 'ExploitGuardNetworkProtectionBlocked' : 'SmartScreenUrlWarning', { RemoteUrl: url, RemoteIP: ipFor(new URL(url).host), AdditionalFields: { ReportSource: 'NetworkProtection' } });
        }
      }
      // OneDrive's per-user update task, created in the user's context
      if (k === 0 && s.onedrive && r.chance(0.6)) {
        const t = s.onedrive.created + r.int(60, 3600) * SEC;
        const sid = u.onPremSid ?? u.cloudSid;
        em.event(t, s.onedrive, 'ScheduledTaskCreated', { AdditionalFields: taskFields(s.onedrive, oneDriveTask('OneDrive Standalone Update Task', sid, t)) });
      }
      // an old USB stick with an autorun worm: the antivirus cleans it
      if (r.chance(0.02)) {
        const t = inSession();
        if (t !== null) {
          em.event(t, b.msmpeng, 'AntivirusDetection', { FileName: 'autorun.inf', FolderPath: 'F:\\autorun.inf', SHA1: hexOf(`usbworm:${dev.id}`, 40), MD5: hexOf(`usbwormmd5:${dev.id}`, 32), AdditionalFields: { ThreatName: 'Worm:Win32/Autorun!inf', WasRemediated: true, WasExecutingWhileDetected: false, ReportSource: 'Real-time protection' } });
        }
      }
      // showing a visitor the guest Wi-Fi key
      if (r.chance(0.03)) {
        const t = inSession();
        if (t !== null) {
          const c2 = run(s.explorer, IMG.cmd, t, '"C:\\Windows\\system32\\cmd.exe"');
          run(c2, EIMG.netsh, t + 25 * SEC, 'netsh  wlan show profile name="Contoso-Guest" key=clear');
        }
      }
      // browsing beyond work: web mail, social, video, shopping, job sites
      if (s.edge) {
        const n = r.int(0, 4);
        for (let i = 0; i < n; i++) {
          const t = inSession();
          if (t === null) continue;
          const host = r.weighted([
            ['www.linkedin.com', 4],
            ['www.youtube.com', 4],
            ['outlook.live.com', 2],
            ['mail.google.com', 2],
            ['www.facebook.com', 1],
            ['www.amazon.com', 2],
            ['www.indeed.com', 1],
            ['web.whatsapp.com', 1],
            ['www.reddit.com', 1],
            ['www.dropbox.com', 1],
            ['wetransfer.com', 1],
            ['chat.openai.com', 1],
          ] as const);
          const st = site(host);
          em.network(t, s.edge, 'ConnectionSuccess', { RemoteIP: st.ip, RemotePort: 443, RemoteUrl: host, LocalIP: dev.def.localIp, LocalPort: r.int(49152, 65535), Protocol: 'Tcp', RemoteIPType: 'Public', LocalIPType: 'Private' });
        }
        // downloads carry their origin (mark of the web)
        if (r.chance(0.45)) {
          const t = inSession();
          if (t !== null) {
            const [file, url, ref] = r.pick([
              ['Quote_2024_117.pdf', 'https://docs.fabrikam.example/shared/Quote_2024_117.pdf', 'https://docs.fabrikam.example/portal'],
              ['ZoomInstaller.exe', 'https://zoom.us/client/latest/ZoomInstaller.exe', 'https://zoom.us/download'],
              ['npp.8.6.5.Installer.x64.exe', 'https://github.com/notepad-plus-plus/notepad-plus-plus/releases/download/v8.6.5/npp.8.6.5.Installer.x64.exe', 'https://notepad-plus-plus.org/downloads/'],
              ['Statement_May.pdf', 'https://online.woodgrovebank.example/statements/download?id=88231', 'https://online.woodgrovebank.example/statements'],
              ['brochure.zip', 'http://cdn.tailspin-toys.example/media/brochure.zip', 'http://www.tailspin-toys.example/catalog'],
              ['python-3.12.3-amd64.exe', 'https://www.python.org/ftp/python/3.12.3/python-3.12.3-amd64.exe', 'https://www.python.org/downloads/'],
              ['Timesheet_template.xlsx', 'https://contoso.sharepoint.com/sites/hr/Shared%20Documents/Timesheet_template.xlsx', 'https://contoso.sharepoint.com/sites/hr'],
              ['VLC-3.0.20-win64.exe', 'https://get.videolan.org/vlc/3.0.20/win64/vlc-3.0.20-win64.exe', 'https://www.videolan.org/vlc/download-windows.html'],
            ] as const);
            const host = new URL(url).host;
            em.file(t, s.edge, 'FileCreated', { FileName: file, FolderPath: `C:\\Users\\${u.accountName}\\Downloads\\${file}`, SHA1: hexOf(`dl:${file}`, 40), SHA256: hexOf(`dl256:${file}`, 64), MD5: hexOf(`dlmd5:${file}`, 32), FileSize: 40_000 + (Number.parseInt(hexOf(file, 5), 16) % 90_000_000), FileOriginUrl: url, FileOriginReferrerUrl: ref, FileOriginIP: ipFor(host) });
            // an ad-supported installer bundle: the antivirus flags the potentially unwanted app
            if (r.chance(0.12)) {
              const pua = r.chance(0.5);
              const name = pua ? 'FreePDFConverter_setup.exe' : 'MediaPlayerCodecPack.exe';
              const purl = pua ? 'http://downloads.freepdf-tools.example/setup/FreePDFConverter_setup.exe' : 'http://files.codec-central.example/get/MediaPlayerCodecPack.exe';
              const path = `C:\\Users\\${u.accountName}\\Downloads\\${name}`;
              const sha1 = hexOf(`pua:${name}`, 40);
              em.file(t + 40 * SEC, s.edge, 'FileCreated', { FileName: name, FolderPath: path, SHA1: sha1, SHA256: hexOf(`pua256:${name}`, 64), MD5: hexOf(`puamd5:${name}`, 32), FileSize: 2_818_112, FileOriginUrl: purl, FileOriginReferrerUrl: new URL(purl).origin, FileOriginIP: ipFor(new URL(purl).host) });
              const threat = pua ? 'PUA:Win32/Presenoker' : 'PUADlManager:Win32/OfferCore';
              em.event(t + 43 * SEC, b.msmpeng, 'AntivirusDetection', { FileName: name, FolderPath: path, SHA1: sha1, FileOriginUrl: purl, AdditionalFields: { ThreatName: threat, WasRemediated: true, WasExecutingWhileDetected: false, ReportSource: 'Real-time protection' } });
              alerts.add(t + 2 * MIN, pua ? KINDS.pua : KINDS.puaBlocked, [machine(dev), userEv(u, 'Related'), { EntityType: 'File', EvidenceRole: 'Impacted', FileName: name, FolderPath: path, SHA1: sha1, ThreatFamily: threat.split('/')[1], DeviceId: dev.id, DeviceName: dev.name }]);
            }
          }
        }
      }
      // screenshots with the Snipping Tool
      if (r.chance(0.3)) {
        const t = inSession();
        if (t !== null) {
          const snip = run(s.explorer, XIMG.snip, t, `"${XIMG.snip.path}"`);
          em.event(t + r.int(3, 40) * SEC, snip, 'ScreenshotTaken', { AdditionalFields: { ReportSource: 'ScreenCapture' } });
        }
      }
      // copies to a USB drive
      if (r.chance(0.12)) {
        const t = inSession();
        if (t !== null) {
          const sysmain = b.svc['LocalSystemNetworkRestricted -p -s SysMain'];
          em.event(t, sysmain, 'PnpDeviceConnected', { AdditionalFields: { ClassName: 'DiskDrive', DeviceDescription: 'Kingston DataTraveler 3.0 USB Device', VendorIds: '["USBSTOR\\\\DISK&VEN_KINGSTON"]' } });
          em.event(t + 2 * SEC, sysmain, 'UsbDriveMounted', { AdditionalFields: { DriveLetter: 'E:' } });
          const n = r.int(1, 6);
          for (let i = 0; i < n; i++) {
            const [base, ext] = r.pick([['Presentation', 'pptx'], ['Report', 'docx'], ['Report', 'pdf'], ['IMG', 'jpg'], ['Contract', 'pdf'], ['Minutes', 'docx'], ['Budget', 'xlsx']] as const);
            const f = `${base}_${r.int(1, 40)}.${ext}`;
            em.file(t + (30 + i * 7) * SEC, s.explorer, 'FileCreated', { FileName: f, FolderPath: `E:\\${f}`, SHA1: r.hex(40), SHA256: r.hex(64), MD5: r.hex(32), FileSize: r.int(20_000, 30_000_000) });
          }
        }
      }
      // the IT administrators: SSH to the Linux servers, a certificate exported for a web server
      if (c.adminDevKeys.has(dev.def.key)) {
        if (r.chance(0.5)) {
          const t = inSession();
          if (t !== null) {
            const [im, target] = r.chance(0.6) ? [XIMG.ssh, `${u.accountName}@${r.pick(['web01', 'mon01', 'build01'])}.corp.contoso.example`] : [XIMG.putty, `-ssh ${r.pick(['10.20.1.11', '10.20.1.12', '10.20.1.20'])}`];
            const p = run(s.explorer, im, t, `"${im.path}" ${target}`);
            em.network(t + 1 * SEC, p, 'ConnectionSuccess', { RemoteIP: `10.20.1.${r.pick([11, 12, 20])}`, RemotePort: 22, RemoteUrl: '', LocalIP: dev.def.localIp, LocalPort: r.int(49152, 65535), Protocol: 'Tcp', RemoteIPType: 'Private', LocalIPType: 'Private' });
          }
        }
        if (r.chance(0.1)) {
          const t = inSession();
          if (t !== null) {
            const mmc = run(s.explorer, XIMG.mmc, t, '"C:\\Windows\\system32\\mmc.exe" "C:\\Windows\\system32\\certlm.msc"');
            em.file(t + 95 * SEC, mmc, 'FileCreated', { FileName: 'intranet-2024.pfx', FolderPath: `C:\\Users\\${u.accountName}\\Documents\\intranet-2024.pfx`, SHA1: r.hex(40), SHA256: r.hex(64), MD5: r.hex(32), FileSize: 4_310 });
          }
        }
      }
    }
  }
}

// --- Defender for Identity ------------------------------------------------------------------------

function identity(c: TenantEstateCtx, r: Rng, alerts: Alerts): void {
  const { sinks, days } = c;
  const dc = () => (r.chance(0.7) ? DC : DC2);
  const base = (t: number, who: { name: string; sid: string; upn?: string; objectId?: string; display?: string }, from: { name: string; ip: string }, to = dc()) => ({
    Timestamp: t,
    Application: 'Active Directory',
    AccountName: who.name,
    AccountDomain: DOMAIN,
    AccountUpn: who.upn ?? '',
    AccountSid: who.sid,
    AccountObjectId: who.objectId ?? '',
    AccountDisplayName: who.display ?? who.name,
    DeviceName: from.name,
    IPAddress: from.ip,
    Port: r.int(49152, 65535),
    DestinationDeviceName: to.name,
    DestinationIPAddress: to.ip,
    Location: '',
  });
  const ldap = (t: number, who: Parameters<typeof base>[1], from: { name: string; ip: string }, filter: string, queryType: string, target = '', attrs: string[] = []) =>
    sinks.IdentityQueryEvents.add({
      ...base(t, who, from),
      ActionType: 'LDAP query',
      QueryType: queryType,
      QueryTarget: target,
      Query: `Search Scope: WholeSubtree, Base Object:${DOMAIN_DN}, Search Filter: ${filter}`,
      Protocol: 'Ldap',
      DestinationPort: 389,
      TargetDeviceName: '',
      TargetAccountUpn: '',
      TargetAccountDisplayName: target,
      AdditionalFields: { SourceComputerOperatingSystem: 'Windows Server', AttributeList: attrs },
    });
  const svc = (s: (typeof SERVERS)[number]) => ({ name: s.acct, sid: s.sid });
  for (const [k, d0] of days.entries()) {
    // SCCM's Active Directory system discovery: computers and their operating systems
    for (const h of [2, 14]) ldap(d0 + h * HOUR + r.int(0, 900) * SEC, svc(SERVERS[2]), SERVERS[2], '(&(objectCategory=computer)(operatingSystem=*))', 'AllComputers', '', ['dNSHostName', 'operatingSystem', 'operatingSystemVersion', 'lastLogonTimestamp']);
    ldap(d0 + 3 * HOUR + r.int(0, 900) * SEC, svc(SERVERS[2]), SERVERS[2], '(&(objectCategory=person)(objectClass=user))', 'AllUsers', '', ['sAMAccountName', 'userPrincipalName', 'memberOf']);
    // the backup software resolves the machines it protects
    ldap(d0 + 1 * HOUR + r.int(0, 600) * SEC, svc(SERVERS[0]), SERVERS[0], '(objectClass=computer)', 'AllComputers', '', ['dNSHostName']);
    // the print server's group lookups
    for (let i = r.int(2, 6); i > 0; i--) ldap(d0 + r.int(7 * 60, 18 * 60) * MIN, svc(SERVERS[1]), SERVERS[1], '(&(objectCategory=group)(cn=Print-*))', 'AllGroups', '', ['member']);
    // weekly AD hygiene scan by the vulnerability scanner: privileged groups, SPNs, pre-auth, delegation
    if (k === 1) {
      const t0 = d0 + 22 * HOUR + r.int(0, 600) * SEC;
      const scan = [
        ['(&(objectCategory=group)(adminCount=1))', 'AllGroups', 'Domain Admins'],
        ['(&(objectCategory=person)(objectClass=user)(servicePrincipalName=*))', 'AllUsers', ''],
        ['(&(objectCategory=person)(objectClass=user)(userAccountControl:1.2.840.113556.1.4.803:=4194304))', 'AllUsers', ''],
        ['(&(objectCategory=computer)(userAccountControl:1.2.840.113556.1.4.803:=524288))', 'AllComputers', ''],
        ['(&(objectCategory=person)(objectClass=user)(description=*))', 'AllUsers', ''],
        ['(objectClass=trustedDomain)', 'AllTrustedDomains', ''],
        ['(objectClass=groupPolicyContainer)', 'AllObjects', ''],
      ] as const;
      for (const [i, [f, q, tgt]] of scan.entries()) ldap(t0 + i * 4 * SEC + r.int(0, 999) * 1000, svc(SERVERS[3]), SERVERS[3], f, q, tgt, ['sAMAccountName', 'memberOf']);
      alerts.add(t0 + 6 * MIN, KINDS.ldapRecon, [{ EntityType: 'User', EvidenceRole: 'Impacted', AccountName: SERVERS[3].acct, AccountDomain: DOMAIN, AccountSid: SERVERS[3].sid }, { EntityType: 'Machine', EvidenceRole: 'Related', DeviceName: SERVERS[3].name, LocalIP: SERVERS[3].ip }]);
    }
    // DNS from the servers to the domain controllers
    for (const s of SERVERS) {
      for (let i = r.int(1, 3); i > 0; i--) {
        const name = r.pick([`_ldap._tcp.dc._msdcs.${DOMAIN}`, `_kerberos._tcp.${DOMAIN}`, `wpad.${DOMAIN}`, `${r.pick(c.devs).name.split('.')[0]}.${DOMAIN}`, 'login.microsoftonline.com', 'time.windows.com']);
        sinks.IdentityQueryEvents.add({ ...base(d0 + r.int(0, 1439) * MIN, { name: s.name.split('.')[0].toUpperCase() + '$', sid: '' }, s), ActionType: 'DNS query', QueryType: name.startsWith('_') ? 'Srv' : 'A', QueryTarget: name, Query: name, Protocol: 'Dns', DestinationPort: 53, TargetDeviceName: '', TargetAccountUpn: '', TargetAccountDisplayName: '', AdditionalFields: { SourceComputerOperatingSystem: s.os } });
      }
    }
    // service accounts authenticate all day; an expired password shows up as failures
    for (const s of [SERVERS[0], SERVERS[2]]) {
      for (let i = r.int(3, 8); i > 0; i--) {
        const t = d0 + r.int(0, 1439) * MIN + r.int(0, 59) * SEC;
        sinks.IdentityLogonEvents.add({ ...base(t, svc(s), s), ActionType: 'LogonSuccess', LogonType: r.chance(0.5) ? 'Resource access' : 'Credentials validation', Protocol: r.chance(0.8) ? 'Kerberos' : 'Ntlm', FailureReason: '', DeviceType: 'Server', OSPlatform: s.os, DestinationPort: 88, TargetDeviceName: r.pick(c.devs).name, TargetAccountDisplayName: '', Isp: '', AdditionalFields: { Count: 1 } });
      }
    }
    // users mistype passwords against the domain (NTLM from VPN, Kerberos pre-auth on site)
    for (let i = r.int(1, 4); i > 0; i--) {
      const u = r.pick(c.users);
      const d = c.devs.find((x) => x.user === u) ?? r.pick(c.devs);
      const t = d0 + r.int(7 * 60, 19 * 60) * MIN;
      sinks.IdentityLogonEvents.add({ ...base(t, { name: u.accountName, sid: u.onPremSid ?? '', upn: u.upn, objectId: u.objectId, display: u.displayName }, { name: d.name, ip: d.def.localIp }), ActionType: 'LogonFailed', LogonType: 'Credentials validation', Protocol: r.chance(0.6) ? 'Kerberos' : 'Ntlm', FailureReason: r.pick(['WrongPassword', 'WrongPassword', 'AccountLocked', 'PasswordExpired']), DeviceType: 'Desktop', OSPlatform: d.def.osPlatform, DestinationPort: 88, TargetDeviceName: '', TargetAccountDisplayName: '', Isp: '', AdditionalFields: { Count: r.int(1, 3) } });
    }
    // replication between the two domain controllers, and the helpdesk's directory changes
    for (let h = 0; h < 24; h += r.int(3, 6)) {
      sinks.IdentityDirectoryEvents.add({ Timestamp: d0 + h * HOUR + r.int(0, 3599) * SEC, ActionType: 'Directory Services replication', Application: 'Active Directory', TargetAccountUpn: '', TargetAccountDisplayName: '', TargetDeviceName: DC.name, DestinationDeviceName: DC.name, DestinationIPAddress: DC.ip, DestinationPort: 135, Protocol: 'Drsr', AccountName: 'DC02$', AccountDomain: DOMAIN, AccountUpn: '', AccountSid: domainSid(1002), AccountObjectId: '', AccountDisplayName: 'DC02$', DeviceName: DC2.name, IPAddress: DC2.ip, Port: r.int(49152, 65535), Location: '', ISP: '', AdditionalFields: {} });
    }
    const it = c.users.find((u) => u.department === 'IT') ?? c.users[0];
    for (let i = r.int(1, 3); i > 0; i--) {
      const target = r.pick(c.users);
      const act = r.pick(['Account Unlock changed', 'Account Password changed', 'Account Password Never Expires changed', 'User Account Created', 'Account Disabled changed']);
      sinks.IdentityDirectoryEvents.add({ Timestamp: d0 + r.int(8 * 60, 18 * 60) * MIN, ActionType: act, Application: 'Active Directory', TargetAccountUpn: act === 'User Account Created' ? `new.hire${k}@contoso.example` : target.upn, TargetAccountDisplayName: act === 'User Account Created' ? `New Hire ${k + 1}` : target.displayName, TargetDeviceName: '', DestinationDeviceName: DC.name, DestinationIPAddress: DC.ip, DestinationPort: 389, Protocol: 'Ldap', AccountName: it.accountName, AccountDomain: DOMAIN, AccountUpn: it.upn, AccountSid: it.onPremSid ?? '', AccountObjectId: it.objectId, AccountDisplayName: it.displayName, DeviceName: '', IPAddress: '10.20.0.58', Port: r.int(49152, 65535), Location: '', ISP: '', AdditionalFields: {} });
    }
  }
  // the admins' own net /domain commands reach the DC over SAMR (and raise the classic benign alert)
  let p = sinks.DeviceProcessEvents.kept('samr');
  const devByName = new Map(c.devs.map((d) => [d.name, d]));
  let first = true;
  for (let i = 0; i < p.length; i++) {
    const cmd = String(p.get(i, 'ProcessCommandLine') ?? '');
    if (p.get(i, 'FileName') !== 'net.exe' || !/\/domain\b/i.test(cmd)) continue;
    const dev = devByName.get(String(p.get(i, 'DeviceName')));
    if (!dev) continue;
    const t = (p.get(i, 'Timestamp') as number) + 310_000;
    const group = /group\s+"([^"]+)"/i.exec(cmd)?.[1];
    const user = /user\s+(\S+)/i.exec(cmd)?.[1];
    const who = { name: String(p.get(i, 'AccountName')), sid: String(p.get(i, 'AccountSid') ?? ''), display: String(p.get(i, 'AccountName')) };
    sinks.IdentityQueryEvents.add({ ...base(t, who, { name: dev.name, ip: dev.def.localIp }, DC), ActionType: 'SAMR query', QueryType: group ? 'QueryGroup' : 'QueryUser', QueryTarget: group ?? user ?? '', Query: group ? 'QueryGroup' : 'QueryUser', Protocol: 'Samr', DestinationPort: 445, TargetDeviceName: '', TargetAccountUpn: '', TargetAccountDisplayName: group ?? user ?? '', AdditionalFields: { SourceComputerOperatingSystem: dev.def.osPlatform } });
    if (group && first) {
      first = false;
      alerts.add(t + 4 * MIN, KINDS.samrRecon, [machine(dev), { EntityType: 'User', EvidenceRole: 'Impacted', AccountName: who.name, AccountDomain: DOMAIN, AccountSid: who.sid }]);
    }
  }
  // the RMM agent's encoded health checks and PsExec's service: low-severity EDR alerts the SOC closes
  let ps = 0;
  let sv = 0;
  p = sinks.DeviceProcessEvents.kept('edr-alerts');
  for (let i = 0; i < p.length && (ps < 2 || sv < 2); i++) {
    const dev = devByName.get(String(p.get(i, 'DeviceName')));
    if (!dev) continue;
    const cmd = String(p.get(i, 'ProcessCommandLine') ?? '');
    const t = p.get(i, 'Timestamp') as number;
    const pe = { EntityType: 'Process', EvidenceRole: 'Related', FileName: p.get(i, 'FileName'), FolderPath: p.get(i, 'FolderPath'), SHA1: p.get(i, 'SHA1'), ProcessCommandLine: cmd, DeviceId: dev.id, DeviceName: dev.name };
    if (ps < 2 && cmd.includes('-EncodedCommand') && r.chance(0.05)) {
      ps++;
      alerts.add(t + 3 * MIN, KINDS.encodedPs, [machine(dev), pe]);
    } else if (sv < 2 && p.get(i, 'FileName') === 'PSEXESVC.exe' && r.chance(0.3)) {
      sv++;
      alerts.add(t + 2 * MIN, KINDS.remoteSvc, [machine(dev), pe]);
    }
  }
}

// --- mail -------------------------------------------------------------------------------------

export const CAMPAIGNS = [
  { kind: 'phish', from: 'security@micros0ft-support.example', subject: 'Action required: verify your mailbox', url: 'https://micros0ft-support.example/verify?u=', file: '' },
  { kind: 'phish', from: 'no-reply@docusign-notify.example', subject: 'Please DocuSign: Contract_Agreement_2024.pdf', url: 'https://docusign-notify.example/sign/', file: '', normalConfidence: true },
  { kind: 'phish', from: 'it-helpdesk@contoso-it.example', subject: 'Password expires today - keep current password', url: 'https://contoso-it.example/keep?id=', file: '' },
  { kind: 'malware', from: 'accounts@northwind-invoices.example', subject: 'Overdue invoice INV-88213', url: '', file: 'INV-88213.html' },
  { kind: 'malware', from: 'shipping@fedex-tracking.example', subject: 'Your parcel could not be delivered', url: '', file: 'Delivery_Details.zip' },
  { kind: 'malware', from: 'orders@wingtip-orders.example', subject: 'RE: Purchase order 4471', url: '', file: 'PO_4471.docm' },
  // Java RAT loaders still arrive as .jar attachments posing as payment advice
  { kind: 'malware', from: 'payments@remittance-notice.example', subject: 'Payment advice: remittance 30-0518', url: '', file: 'Remittance_30-0518.jar' },
  { kind: 'spam', from: 'deals@mega-discounts.example', subject: 'Last chance: 70% off office chairs', url: 'https://mega-discounts.example/c/', file: '' },
  { kind: 'bulk', from: 'newsletter@industry-weekly.example', subject: 'Industry Weekly: supply chain outlook', url: 'https://industry-weekly.example/n/', file: '' },
] as const;
const PARTNERS = ['orders@wingtip.example', 'support@litware.example', 'anna.k@fabrikam.example', 'ap@tailspin-toys.example', 'j.smith@woodgrovebank.example'];

function mail(c: TenantEstateCtx, r: Rng, alerts: Alerts): void {
  const { sinks, days, users } = c;
  const devOf = new Map(c.devs.filter((d) => d.user).map((d) => [d.user!, d]));
  const row = (t: number, from: string, to: string, toId: string, subject: string, o: Record<string, unknown>) => {
    const nmid = guidOf(`estate-mail:${from}:${to}:${t}`);
    const fromDomain = from.split('@')[1];
    sinks.EmailEvents.add({
      Timestamp: t, NetworkMessageId: nmid, InternetMessageId: `<${hexOf(`estate-imid:${nmid}`, 24)}@${fromDomain}>`, SenderMailFromAddress: from, SenderFromAddress: from, SenderDisplayName: from.split('@')[0], SenderObjectId: '',
      SenderMailFromDomain: fromDomain, SenderFromDomain: fromDomain, SenderIPv4: '', SenderIPv6: '', RecipientEmailAddress: to, RecipientObjectId: toId, Subject: subject, EmailClusterId: r.int(1e9, 9e9),
      EmailDirection: 'Inbound', DeliveryAction: 'Delivered', DeliveryLocation: 'Inbox/folder', ThreatTypes: '', ThreatNames: '', DetectionMethods: '', ConfidenceLevel: '', BulkComplaintLevel: null, EmailAction: '',
      EmailActionPolicy: '', EmailActionPolicyGuid: '', AuthenticationDetails: '', AttachmentCount: 0, UrlCount: 0, EmailLanguage: 'en', Connectors: '', OrgLevelAction: '', OrgLevelPolicy: '', UserLevelAction: '',
      UserLevelPolicy: '', AdditionalFields: { IsFirstContact: false }, LatestDeliveryLocation: 'Inbox/folder', LatestDeliveryAction: 'Delivered', DistributionList: '', ...o,
    });
    return nmid;
  };
  for (const d0 of days) {
    // campaigns: each reaches a few users; filtering decides, some get through and are purged later
    for (let n = r.int(2, 4); n > 0; n--) {
      const cp = r.pick(CAMPAIGNS);
      const t0 = d0 + r.int(5 * 60, 20 * 60) * MIN;
      const relay = pickAddress(r, 'campaign-relays');
      const want = r.int(2, Math.min(6, users.length));
      const targets = users.filter(() => r.chance(want / users.length)).slice(0, want);
      const threat = cp.kind === 'phish' ? 'Phish' : cp.kind === 'malware' ? 'Malware' : cp.kind === 'spam' ? 'Spam' : '';
      const caught = cp.kind === 'bulk' ? false : r.chance(0.75);
      const zapped: { nmid: string; u: UserDef; t: number }[] = [];
      targets.forEach((u, i) => {
        const t = t0 + i * r.int(1, 20) * SEC;
        const delivered = !caught || r.chance(0.25);
        // the anti-spam policy sends phish of normal confidence to the junk folder, high confidence to quarantine
        const junk = cp.kind === 'spam' || ('normalConfidence' in cp && cp.normalConfidence);
        const action = delivered ? 'Delivered' : junk ? 'Junked' : 'Blocked';
        const location = delivered ? 'Inbox/folder' : junk ? 'Junk folder' : 'Quarantine';
        const det = threat === 'Phish' ? '{"Phish":["URL detonation reputation","Impersonation domain"]}' : threat === 'Malware' ? '{"Malware":["File detonation","Anti-malware engine"]}' : threat === 'Spam' ? '{"Spam":["Advanced filter"]}' : '';
        const nmid = row(t, cp.from, u.upn, u.objectId, cp.subject, {
          SenderIPv4: relay,
          DeliveryAction: action,
          DeliveryLocation: location,
          LatestDeliveryAction: action,
          LatestDeliveryLocation: location,
          ThreatTypes: caught && !delivered ? threat : '',
          DetectionMethods: caught && !delivered ? det : '',
          ThreatNames: caught && !delivered && threat === 'Malware' ? (cp.file.endsWith('.docm') ? 'TrojanDownloader:O97M/Donoff' : cp.file.endsWith('.zip') ? 'Trojan:Win32/Qakbot' : cp.file.endsWith('.jar') ? 'Trojan:Java/Adwind' : 'Trojan:HTML/Phish') : '',
          ConfidenceLevel: threat === 'Phish' ? (junk ? '{"Phish":"Normal","Spam":null}' : '{"Phish":"High","Spam":null}') : threat === 'Spam' ? '{"Phish":null,"Spam":"High"}' : '',
          BulkComplaintLevel: cp.kind === 'bulk' ? 7 : r.int(0, 3),
          AuthenticationDetails: cp.kind === 'bulk' ? '{"SPF":"pass","DKIM":"pass","DMARC":"pass","CompAuth":"pass"}' : '{"SPF":"softfail","DKIM":"none","DMARC":"fail","CompAuth":"fail"}',
          AttachmentCount: cp.file ? 1 : 0,
          UrlCount: cp.url ? 1 : 0,
          EmailAction: !delivered && !junk ? 'Send to quarantine' : delivered ? '' : 'Move to junk mail folder',
          OrgLevelAction: !delivered && !junk ? 'Quarantine' : !delivered && cp.kind === 'phish' ? 'MoveToJmf' : '',
          OrgLevelPolicy: !delivered && !junk ? (threat === 'Malware' ? 'Anti-malware policy' : 'Anti-phishing policy') : !delivered && cp.kind === 'phish' ? 'Anti-spam policy' : '',
          AdditionalFields: { IsFirstContact: true },
        });
        if (cp.file) {
          sinks.EmailAttachmentInfo.add({ Timestamp: t, NetworkMessageId: nmid, SenderFromAddress: cp.from, SenderDisplayName: cp.from.split('@')[0], RecipientEmailAddress: u.upn, RecipientObjectId: u.objectId, FileName: cp.file, FileType: cp.file.split('.').pop(), SHA256: hexOf(`campaign:${cp.file}:${d0}`, 64), FileSize: r.int(3000, 400_000), ThreatTypes: caught && !delivered ? threat : '', ThreatNames: caught && !delivered ? 'Trojan:Win32/Wacatac' : '', DetectionMethods: caught && !delivered ? '{"Malware":["File detonation"]}' : '', FileExtension: cp.file.split('.').pop() });
        }
        let url = '';
        if (cp.url) {
          url = `${cp.url}${hexOf(`${u.upn}:${d0}`, 10)}`;
          sinks.EmailUrlInfo.add({ Timestamp: t, NetworkMessageId: nmid, Url: url, UrlDomain: new URL(url).host, UrlLocation: 'Body', UrlChainId: '', UrlChainPosition: 0 });
        }
        if (delivered) {
          // Safe Links at click time: blocked once the URL is known bad; now and then a user clicks through the warning
          if (url && cp.kind === 'phish' && r.chance(0.35)) {
            const through = r.chance(0.25);
            const ct = t + r.int(2, 90) * MIN;
            const dev = devOf.get(u);
            sinks.UrlClickEvents.add({ Timestamp: ct, Url: url, ActionType: through ? 'ClickAllowed' : 'ClickBlocked', AccountUpn: u.upn, Workload: 'Email', NetworkMessageId: nmid, ThreatTypes: 'Phish', DetectionMethods: '["URL detonation reputation"]', IPAddress: dev?.def.publicIp ?? '198.51.100.40', IsClickedThrough: through, UrlChain: JSON.stringify([url]), AppName: 'Outlook', AppVersion: '16.0.17531.20152', SourceId: '' });
            if (through) alerts.add(ct + 2 * MIN, KINDS.click, [userEv(u), { EntityType: 'Url', EvidenceRole: 'Related', RemoteUrl: url }, { EntityType: 'MailMessage', EvidenceRole: 'Related', NetworkMessageId: nmid, EmailSubject: cp.subject, AccountUpn: u.upn }]);
          }
          if (caught) zapped.push({ nmid, u, t });
          else if (cp.kind === 'phish' && r.chance(0.3)) {
            const rt = t + r.int(5, 240) * MIN;
            sinks.EmailPostDeliveryEvents.add({ Timestamp: rt, NetworkMessageId: nmid, InternetMessageId: `<${hexOf(`estate-imid:${nmid}`, 24)}@${cp.from.split('@')[1]}>`, Action: 'Moved to deleted items', ActionType: 'Manual Remediation', ActionTrigger: 'UserReported', ActionResult: 'Success', RecipientEmailAddress: u.upn, DeliveryLocation: 'Deleted items', ThreatTypes: '', DetectionMethods: '', SenderFromAddress: cp.from, EmailDirection: 'Inbound' });
            alerts.add(rt + 1 * MIN, KINDS.reported, [userEv(u), { EntityType: 'MailMessage', EvidenceRole: 'Impacted', NetworkMessageId: nmid, EmailSubject: cp.subject, AccountUpn: u.upn }]);
          }
        }
      });
      // zero-hour auto purge: the verdict changes after delivery
      if (zapped.length) {
        const zt = Math.max(...zapped.map((z) => z.t)) + r.int(20, 180) * MIN;
        for (const z of zapped) {
          sinks.EmailPostDeliveryEvents.add({ Timestamp: zt + r.int(0, 59) * SEC, NetworkMessageId: z.nmid, InternetMessageId: `<${hexOf(`estate-imid:${z.nmid}`, 24)}@${cp.from.split('@')[1]}>`, Action: threat === 'Spam' ? 'Moved to junk folder' : 'Moved to quarantine', ActionType: `${threat || 'Spam'} ZAP`, ActionTrigger: 'SpecialAction', ActionResult: 'Success', RecipientEmailAddress: z.u.upn, DeliveryLocation: threat === 'Spam' ? 'Junk folder' : 'Quarantine', ThreatTypes: threat, DetectionMethods: ZAP_DETECTION[threat] ?? ZAP_DETECTION.Spam, SenderFromAddress: cp.from, EmailDirection: 'Inbound' });
        }
        if (threat === 'Phish' || threat === 'Malware') alerts.add(zt + 3 * MIN, threat === 'Phish' ? KINDS.urlZap : KINDS.malZap, zapped.map((z) => ({ EntityType: 'MailMessage', EvidenceRole: 'Impacted', NetworkMessageId: z.nmid, EmailSubject: cp.subject, AccountUpn: z.u.upn })));
      }
    }
    // outbound mail to partners, some with attachments
    for (const u of users) {
      for (let i = r.int(0, 3); i > 0; i--) {
        const t = d0 + r.int(8 * 60, 18 * 60) * MIN + r.int(0, 59) * SEC;
        const to = r.pick(PARTNERS);
        const att = r.chance(0.4);
        const nmid = row(t, u.upn, to, '', r.pick(['RE: Quote', 'Updated figures', 'Meeting notes', 'FW: delivery schedule', 'Contract draft', 'Invoice']), {
          EmailDirection: 'Outbound',
          SenderDisplayName: u.displayName,
          SenderObjectId: u.objectId,
          SenderIPv4: '198.51.100.40',
          AttachmentCount: att ? 1 : 0,
          AuthenticationDetails: '',
          DeliveryLocation: 'On-premises/external',
          LatestDeliveryLocation: 'On-premises/external',
        });
        if (att) {
          const f = `${r.pick(['Quote', 'Figures', 'Notes', 'Schedule', 'Contract', 'Invoice'])}_${r.int(100, 999)}.${r.pick(['pdf', 'xlsx', 'docx', 'zip'])}`;
          sinks.EmailAttachmentInfo.add({ Timestamp: t, NetworkMessageId: nmid, SenderFromAddress: u.upn, SenderDisplayName: u.displayName, RecipientEmailAddress: to, RecipientObjectId: '', FileName: f, FileType: f.split('.').pop(), SHA256: r.hex(64), FileSize: r.int(20_000, 6_000_000), ThreatTypes: '', ThreatNames: '', DetectionMethods: '', FileExtension: f.split('.').pop() });
        }
      }
    }
  }
}

// --- Identity Protection ------------------------------------------------------------------------

/** Risk detections on background users' sign-ins from unfamiliar networks (home, travel). */
function signInRisk(c: TenantEstateCtx, r: Rng, alerts: Alerts): void {
  // home networks only (the address allocation keeps web sites off home addresses)
  const ok = c.results.filter((x) => x.errorCode === 0 && isIn('homes', x.attempt.ip) && c.users.some((u) => u.key === x.attempt.user));
  const picked = new Set<string>();
  for (const res of ok) {
    if (picked.size >= 6 || !r.chance(0.12)) continue;
    const u = c.users.find((x) => x.key === res.attempt.user)!;
    if (picked.has(u.objectId)) continue;
    picked.add(u.objectId);
    const type = r.weighted([
      ['unfamiliarFeatures', 5],
      ['anonymizedIPAddress', 1],
      ['unlikelyTravel', 1],
    ] as const);
    const level = type === 'anonymizedIPAddress' ? 'medium' : r.pick(['low', 'medium'] as const);
    const state = r.pick(['remediated', 'dismissed', 'atRisk'] as const);
    const loc = type === 'unlikelyTravel' ? { city: 'Lisbon', state: 'Lisboa', countryOrRegion: 'PT', geoCoordinates: { latitude: 38.72, longitude: -9.14 } } : { city: 'Rotterdam', state: 'Zuid-Holland', countryOrRegion: 'NL', geoCoordinates: { latitude: 51.92, longitude: 4.48 } };
    c.sinks.AADUserRiskEvents.add({
      Activity: 'signin',
      ActivityDateTime: res.time,
      AdditionalInfo: [{ Key: 'userAgent', Value: res.attempt.userAgent }],
      CorrelationId: res.correlationId,
      DetectedDateTime: type === 'unlikelyTravel' ? res.time + 3 * HOUR : res.time,
      DetectionTimingType: type === 'unlikelyTravel' ? 'offline' : 'realtime',
      Id: hexOf(`estate-risk:${res.correlationId}`, 64),
      IpAddress: res.attempt.ip,
      LastUpdatedDateTime: res.time + r.int(1, 30) * HOUR,
      Location: loc,
      OperationName: 'User Risk Detection',
      RequestId: guidOf(`req:${res.correlationId}:${res.time}`),
      RiskDetail: state === 'remediated' ? 'userPassedMFADrivenByRiskBasedPolicy' : state === 'dismissed' ? 'adminDismissedAllRiskForUser' : 'none',
      RiskEventType: type,
      RiskLevel: level,
      RiskState: state,
      Source: 'IdentityProtection',
      SourceSystem: 'Azure AD',
      TenantId: c.tenantId,
      TimeGenerated: res.time + 5 * MIN,
      TokenIssuerType: res.attempt.tokenIssuerType === 1 ? 'ADFederationServices' : 'AzureAD',
      Type: 'AADUserRiskEvents',
      UserDisplayName: u.displayName,
      UserId: u.objectId,
      UserPrincipalName: u.upn,
    });
    const ev = [userEv(u), { EntityType: 'Ip', EvidenceRole: 'Related', RemoteIP: res.attempt.ip }];
    alerts.add(res.time + (type === 'unlikelyTravel' ? 3 * HOUR : 2 * MIN), type === 'anonymizedIPAddress' ? KINDS.anonIp : type === 'unlikelyTravel' ? KINDS.travel : KINDS.unfamiliar, ev);
  }
  // a user syncing a whole SharePoint library to a new laptop
  const u = r.pick(c.users);
  alerts.add(c.days[r.int(0, c.days.length - 1)] + r.int(9 * 60, 17 * 60) * MIN, KINDS.massDownload, [userEv(u), { EntityType: 'CloudApplication', EvidenceRole: 'Related', Application: 'Microsoft SharePoint Online', ApplicationId: 20892 }]);
}
