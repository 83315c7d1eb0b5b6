/**
 * What Windows and its applications do under the hood on every device, which the lab's other
 * generators leave out and which a hunter meets in any real estate:
 * - plain-HTTP traffic on port 80: Windows' network connectivity probe (NCSI, `www.msftconnecttest.com`
 *   at boot and on network changes) and certificate revocation and trust-list checks (OCSP, CRLs,
 *   `ctldl.windowsupdate.com`), which CryptoAPI makes from CryptSvc and from the applications themselves;
 * - time synchronisation on UDP 123 (the domain controller for domain-joined devices,
 *   `time.windows.com` for Entra-joined ones);
 * - Delivery Optimization peers exchanging update content on TCP 7680 inside the LAN (an odd port
 *   between workstations, both ends recorded);
 * - QUIC: the browser talking UDP 443 to the large web properties that offer HTTP/3;
 * - browser downloads written as `Unconfirmed <n>.crdownload` and renamed to their name when done
 *   (FileRenamed, with PreviousFileName);
 * - the browser's own update (Microsoft Edge's stable channel, rolled out over one or two days):
 *   MicrosoftEdgeUpdate.exe from the task scheduler fetching the installer over HTTP from the
 *   delivery network, the installer and its `setup.exe` chain, and the new version's elevation
 *   service path written under `HKLM\SYSTEM\ControlSet001\Services`;
 * - OneDrive's self-update leaving a RunOnce value (`Delete Cached Update Binary`, `cmd.exe /q /c del
 *   /q` of the cached setup) that Windows runs and removes at the user's next logon
 *   (RegistryValueSet, then RegistryValueDeleted and explorer.exe starting cmd.exe), and updating
 *   its per-user scheduled tasks (ScheduledTaskUpdated).
 *
 * Rates are per device-day and follow what the components do, never a particular query. The module
 * draws from its own random stream (never a device's) and runs after every other device writer, so no
 * earlier row changes; only the background devices' later per-device ReportIds move on.
 */
import type { EstateCtx } from './estate.ts';
import type { BootState, Session } from './background.ts';
import { site } from './background.ts';
import { IMG, type Img, img } from './images.ts';
import { DC } from './model.ts';
import { Rng } from './rng.ts';
import { MIN, SEC } from './time.ts';
import { type Dev, type DeviceEmitter, LOCAL_SERVICE, NETWORK_SERVICE, type Proc } from './world.ts';
import { oneDriveTask, taskFields } from './task-content.ts';

const S32 = 'C:\\Windows\\system32\\';

/** Service hosts the other generators do not start: each device starts them at boot. */
const SERVICES = {
  cryptsvc: ['NetworkService -p -s CryptSvc', NETWORK_SERVICE],
  nlasvc: ['NetworkService -p -s NlaSvc', NETWORK_SERVICE],
  w32time: ['LocalService -s W32Time', LOCAL_SERVICE],
  dosvc: ['NetworkService -p -s DoSvc', NETWORK_SERVICE],
} as const;

/** Revocation and trust-list endpoints CryptoAPI fetches over plain HTTP. */
export const REVOCATION_HOSTS = ['ctldl.windowsupdate.com', 'ocsp.digicert.com', 'crl3.digicert.com', 'ocsp.msocsp.com', 'oneocsp.microsoft.com', 'crl.microsoft.com', 'www.microsoft.com', 'r3.o.lencr.org', 'ocsp.sectigo.com'] as const;

/** Web properties that answer over HTTP/3 (QUIC, UDP 443). */
const QUIC_HOSTS = ['www.google.com', 'www.youtube.com', 'fonts.gstatic.com', 'www.gstatic.com', 'i.ytimg.com', 'www.facebook.com', 'static.xx.fbcdn.net', 'cdnjs.cloudflare.com'] as const;

/** What people download in a working day: file name and where from. */
const DOWNLOADS = [
  ['Invoice_2024-0517.pdf', 'https://billing.fabrikam.example/invoices/Invoice_2024-0517.pdf'],
  ['Quote_Q2.xlsx', 'https://portal.northwindtraders.example/quotes/Quote_Q2.xlsx'],
  ['Travel_Policy_2024.pdf', 'https://intranet.contoso.example/hr/Travel_Policy_2024.pdf'],
  ['Teams_windows_x64.msi', 'https://statics.teams.cdn.office.net/production-windows-x64/enterprise/webview2/lkg/MSTeams-x64.msix'],
  ['ZoomInstallerFull.exe', 'https://zoom.us/client/latest/ZoomInstallerFull.exe'],
  ['Presentation_template.pptx', 'https://contoso.sharepoint.com/sites/marketing/Templates/Presentation_template.pptx'],
  ['bank_statement_may.pdf', 'https://online.woodgrovebank.example/statements/bank_statement_may.pdf'],
  ['drivers_setup.zip', 'https://downloads.dell.com/FOLDER1112345M/1/Dell-Command-Update-Application_Setup.zip'],
] as const;

/** The Edge release the lab's devices update to, and the one they ran before. */
const EDGE = { from: '124.0.2478.97', to: '124.0.2478.105' } as const;
const EDGE_UPDATE_DIR = 'C:\\Program Files (x86)\\Microsoft\\EdgeUpdate\\';
const EDGE_APP_DIR = 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\';

const ONEDRIVE_SETUP = img('C:\\Users\\%USER%\\AppData\\Local\\Microsoft\\OneDrive\\Update\\OneDriveSetup.exe', 'Microsoft OneDrive Setup', 82_459_512, 'Microsoft Corporation', 'Microsoft OneDrive', '24.086.0428.0003');

/** The estate's context less the administrators' workstations, which the plumbing does not single out. */
export type PlumbingCtx = Omit<EstateCtx, 'adminDevKeys'>;

/** Writes the plumbing of each background device's four days. */
export function writePlumbing(c: PlumbingCtx): void {
  if (c.devs.length === 0) return;
  const root = new Rng((c.seed ^ 0x9b1e7a3) >>> 0, 0x9b1e);
  const hosts = new Map<string, Record<keyof typeof SERVICES, Proc>>();
  // The Edge release reaches the estate on one day; a device that is not reached then updates the next.
  const rollout = root.fork('edge').int(0, Math.max(0, c.days.length - 2));
  for (const dev of c.devs) {
    const b = c.boots.get(dev.def.key);
    if (!b) continue;
    const r = root.fork(`svc:${dev.def.key}`);
    const svc = {} as Record<keyof typeof SERVICES, Proc>;
    for (const [k, [group, acct]] of Object.entries(SERVICES) as [keyof typeof SERVICES, (typeof SERVICES)[keyof typeof SERVICES]][]) {
      svc[k] = dev.spawn(b.services, IMG.svchost, b.services.created + r.int(2, 40) * SEC + r.int(0, 999) * 1000, `${S32}svchost.exe -k ${group}`, { pid: r.int(100, 4000) * 4, acct });
      c.em.process(svc[k], r.int(0, 3) * 1000);
    }
    hosts.set(dev.def.key, svc);
  }
  for (const dev of c.devs) {
    const svc = hosts.get(dev.def.key);
    if (!svc) continue;
    const peers = c.devs.filter((d) => d !== dev && hosts.has(d.def.key) && !d.isServer);
    for (let k = 0; k < c.days.length; k++) {
      const r = root.fork(`${dev.def.key}:${k}`);
      const p = new Plumbing(dev, c.em, r, c.days[k], svc);
      const b = c.boots.get(dev.def.key)!;
      const s = c.sessions.get(`${dev.def.key}:${k}`);
      p.connectivityProbe(s);
      p.revocation(s);
      p.timeSync();
      if (!dev.isServer) p.deliveryOptimization(peers.map((d) => [d, hosts.get(d.def.key)!.dosvc] as const));
      if (k === rollout) {
        // the release reaches four devices in five on its first day, the rest the next
        const today = r.chance(0.8);
        if (today) p.edgeUpdate(b);
        else if (k + 1 < c.days.length) new Plumbing(dev, c.em, root.fork(`${dev.def.key}:edge`), c.days[k + 1], svc).edgeUpdate(b);
      }
      if (s) {
        p.quic(s);
        p.downloads(s);
        p.oneDriveUpdate(s, c.sessions.get(`${dev.def.key}:${k + 1}`));
      }
    }
  }
}

class Plumbing {
  constructor(
    readonly dev: Dev,
    readonly em: DeviceEmitter,
    readonly r: Rng,
    readonly d0: number,
    readonly svc: Record<keyof typeof SERVICES, Proc>,
  ) {}

  private port(): number {
    return this.r.int(49700, 65000);
  }

  private out(t: number, actor: Proc, host: string, port: number, proto: 'Tcp' | 'Udp', o: { url?: boolean; failed?: boolean } = {}): void {
    if (this.dev.isIsolated(t)) return;
    const s = site(host);
    this.em.network(Math.round(t), actor, o.failed ? 'ConnectionFailed' : 'ConnectionSuccess', {
      RemoteIP: s.ip,
      RemotePort: port,
      RemoteUrl: o.url === false ? '' : s.host,
      LocalIP: this.dev.def.localIp,
      LocalPort: this.port(),
      Protocol: proto,
      LocalIPType: 'Private',
      RemoteIPType: 'Public',
    });
  }

  /** A time of this day, uniformly (the devices stay on). */
  private any(): number {
    return this.d0 + this.r.int(0, 24 * 60 - 1) * MIN + this.r.int(0, 59_999) * 1000;
  }

  /** NCSI: at the session's start (the laptop joins a network) and a few times when the network changes. */
  connectivityProbe(s: Session | undefined): void {
    const { r } = this;
    const times = [s ? s.start - r.int(20, 90) * SEC : this.any()];
    for (let i = r.int(0, 2); i > 0; i--) times.push(this.any());
    for (const t of times) {
      this.out(t, this.svc.nlasvc, 'www.msftconnecttest.com', 80, 'Tcp');
      if (r.chance(0.6)) this.out(t + r.int(50, 900) * 1000, this.svc.nlasvc, 'ipv6.msftconnecttest.com', 80, 'Tcp');
    }
  }

  /** OCSP, CRL and trust-list fetches over HTTP from CryptSvc and from the user's applications. */
  revocation(s: Session | undefined): void {
    const { r } = this;
    // CryptSvc refreshes the disallowed-certificate and root trust lists about daily.
    this.out(this.any(), this.svc.cryptsvc, 'ctldl.windowsupdate.com', 80, 'Tcp');
    if (!s) return;
    const apps = [s.edge, s.outlook, s.onedrive].filter((p): p is Proc => p !== null);
    if (apps.length === 0) return;
    for (let t = s.start + r.int(2, 20) * MIN; t < s.end; t += Math.round(r.exp(70 * MIN)) + MIN) {
      const host = r.pick(REVOCATION_HOSTS.slice(1));
      this.out(t, r.pick(apps), host, 80, 'Tcp');
    }
  }

  /** W32Time: domain members ask the DC, Entra-joined devices time.windows.com. */
  timeSync(): void {
    const { r, dev } = this;
    const polls = dev.onPrem ? r.int(6, 9) : r.int(1, 2);
    for (let i = 0; i < polls; i++) {
      const t = this.any();
      if (dev.isIsolated(t)) continue;
      if (dev.onPrem) {
        this.em.network(t, this.svc.w32time, 'ConnectionSuccess', { RemoteIP: DC.ip, RemotePort: 123, RemoteUrl: '', LocalIP: dev.def.localIp, LocalPort: 123, Protocol: 'Udp', LocalIPType: 'Private', RemoteIPType: 'Private' });
      } else {
        this.out(t, this.svc.w32time, 'time.windows.com', 123, 'Udp');
      }
    }
  }

  /** Delivery Optimization: LAN peers fetching update content from this device over TCP 7680. */
  deliveryOptimization(peers: (readonly [Dev, Proc])[]): void {
    const { r, dev } = this;
    if (peers.length === 0 || !r.chance(0.45)) return;
    const n = r.int(1, 4);
    const t0 = this.d0 + r.int(9 * 60, 16 * 60) * MIN;
    for (let i = 0; i < n; i++) {
      const [peer, peerDo] = r.pick(peers);
      const t = t0 + r.int(0, 40) * MIN + r.int(0, 59_999) * 1000;
      if (dev.isIsolated(t) || peer.isIsolated(t)) continue;
      const port = this.port();
      this.em.network(t, this.svc.dosvc, 'ConnectionSuccess', { RemoteIP: peer.def.localIp, RemotePort: 7680, RemoteUrl: '', LocalIP: dev.def.localIp, LocalPort: port, Protocol: 'Tcp', LocalIPType: 'Private', RemoteIPType: 'Private' });
      this.em.network(t + r.int(1, 40) * 1000, peerDo, 'InboundConnectionAccepted', { RemoteIP: dev.def.localIp, RemotePort: port, RemoteUrl: '', LocalIP: peer.def.localIp, LocalPort: 7680, Protocol: 'Tcp', LocalIPType: 'Private', RemoteIPType: 'Private' });
    }
  }

  /** The browser's HTTP/3 sessions (UDP 443), in the user's breaks. */
  quic(s: Session): void {
    const { r } = this;
    if (!s.edge || !r.chance(0.7)) return;
    for (let i = r.int(2, 8); i > 0; i--) {
      const t = s.start + r.int(10, Math.max(11, Math.floor((s.end - s.start) / MIN) - 5)) * MIN + r.int(0, 59_999) * 1000;
      this.out(t, s.edge, r.pick(QUIC_HOSTS), 443, 'Udp');
    }
  }

  /** Downloads land as `Unconfirmed <n>.crdownload` and are renamed when complete. */
  downloads(s: Session): void {
    const { r, dev } = this;
    if (!s.edge || !dev.user) return;
    const folder = `C:\\Users\\${dev.user.accountName}\\Downloads\\`;
    for (let i = r.chance(0.55) ? r.int(1, 3) : 0; i > 0; i--) {
      const [name, url] = r.pick(DOWNLOADS);
      const t = s.start + r.int(20, Math.max(21, Math.floor((s.end - s.start) / MIN) - 5)) * MIN + r.int(0, 59_999) * 1000;
      const temp = `Unconfirmed ${r.int(100000, 999999)}.crdownload`;
      const host = new URL(url).host;
      const origin = { FileOriginUrl: url, FileOriginReferrerUrl: `https://${host}/`, FileOriginIP: site(host).ip };
      const size = r.int(60_000, 90_000_000);
      this.em.file(t, s.edge, 'FileCreated', { FileName: temp, FolderPath: `${folder}${temp}`, FileSize: 0, ...origin });
      this.em.file(t + r.int(1, 90) * SEC + r.int(0, 999) * 1000, s.edge, 'FileRenamed', {
        FileName: name,
        FolderPath: `${folder}${name}`,
        PreviousFileName: temp,
        PreviousFolderPath: `${folder}${temp}`,
        SHA1: r.hex(40),
        SHA256: r.hex(64),
        MD5: r.hex(32),
        FileSize: size,
        ...origin,
      });
    }
  }

  /** Microsoft Edge updates itself: the update task, the download, the installer chain, the service path. */
  edgeUpdate(b: BootState): void {
    const { r, dev, em } = this;
    const t = this.d0 + r.int(60, 23 * 60) * MIN + r.int(0, 59_999) * 1000;
    if (dev.isIsolated(t)) return;
    const guid = r.guid().toUpperCase();
    const dir = `${EDGE_UPDATE_DIR}Install\\{${guid}}\\`;
    const run = (parent: Proc, image: Img, at: number, cmd: string) => {
      const p = dev.spawn(parent, image, at, cmd, { pid: r.int(100, 4000) * 4, showSha256: r.chance(0.5) });
      em.process(p, r.int(0, 3) * 1000);
      return p;
    };
    const upd = run(b.svc['netsvcs -p -s Schedule'], IMG.edgeUpdate, t, `"${IMG.edgeUpdate.path}" /ua /installsource scheduler`);
    this.out(t + r.int(2, 20) * SEC, upd, 'msedge.b.tlu.dl.delivery.mp.microsoft.com', 80, 'Tcp');
    const installer = img(`${dir}MicrosoftEdge_X64_${EDGE.to}_${EDGE.from}.exe`, 'Microsoft Edge Installer', 77_412_800, 'Microsoft Corporation', 'Microsoft Edge Installer', EDGE.to);
    const dl = t + r.int(25, 120) * SEC;
    em.file(dl, upd, 'FileCreated', { FileName: installer.name, FolderPath: installer.path, SHA1: installer.sha1, SHA256: installer.sha256, MD5: installer.md5, FileSize: installer.size });
    const inst = run(upd, installer, dl + r.int(2, 10) * SEC, `"${installer.path}" --msedge --verbose-logging --do-not-launch-msedge --system-level`);
    const tmp = `${dir}EDGEMITMP_${r.hex(5).toUpperCase()}.tmp\\`;
    const setup = img(`${tmp}setup.exe`, 'Microsoft Edge Installer', 6_512_544, 'Microsoft Corporation', 'Microsoft Edge Installer', EDGE.to);
    const st = run(inst, setup, inst.created + r.int(3, 15) * SEC, `"${setup.path}" --install-archive="${tmp}MSEDGE.PACKED.7Z" --previous-version="${EDGE.from}" --msedge --verbose-logging --do-not-launch-msedge --system-level`);
    em.registry(st.created + r.int(20, 90) * SEC, st, 'RegistryValueSet', {
      RegistryKey: 'HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services\\MicrosoftEdgeElevationService',
      RegistryValueName: 'ImagePath',
      RegistryValueType: 'ExpandString',
      RegistryValueData: `"${EDGE_APP_DIR}${EDGE.to}\\elevation_service.exe"`,
      PreviousRegistryValueName: 'ImagePath',
      PreviousRegistryValueData: `"${EDGE_APP_DIR}${EDGE.from}\\elevation_service.exe"`,
    });
  }

  /**
   * OneDrive updates itself now and then; the running client leaves a RunOnce value that deletes the
   * cached setup, which Windows runs (and removes) at the user's next logon.
   */
  oneDriveUpdate(s: Session, next: Session | undefined): void {
    const { r, dev, em } = this;
    if (!s.onedrive || !dev.user || !r.chance(0.12)) return;
    const u = dev.user.accountName;
    const setup = { ...ONEDRIVE_SETUP, path: ONEDRIVE_SETUP.path.replace('%USER%', u) } satisfies Img;
    const t = s.start + r.int(30, Math.max(31, Math.floor((s.end - s.start) / MIN) - 30)) * MIN + r.int(0, 59_999) * 1000;
    const key = `HKEY_CURRENT_USER\\${s.acct.sid}\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\RunOnce`;
    const value = 'Delete Cached Update Binary';
    const data = `C:\\Windows\\system32\\cmd.exe /q /c del /q "${setup.path}"`;
    this.em.file(t, s.onedrive, 'FileCreated', { FileName: setup.name, FolderPath: setup.path, SHA1: setup.sha1, SHA256: setup.sha256, MD5: setup.md5, FileSize: setup.size });
    const p = dev.spawn(s.onedrive, setup, t + r.int(5, 40) * SEC, `"${setup.path}" /update /restart /updateSource:ODU /peruser /childprocess /renameReplaceOneDriveExe /renameReplaceODSUExe /removeNonCurrentVersions /enableODSUReportingMode`, { pid: r.int(100, 4000) * 4, showSha256: r.chance(0.5) });
    em.process(p, r.int(0, 3) * 1000);
    em.registry(p.created + r.int(20, 200) * SEC, s.onedrive, 'RegistryValueSet', { RegistryKey: key, RegistryValueName: value, RegistryValueType: 'String', RegistryValueData: data });
    for (const task of ['OneDrive Standalone Update Task', 'OneDrive Reporting Task']) {
      const at = p.created + r.int(10, 60) * SEC;
      em.event(at, p, 'ScheduledTaskUpdated', { AdditionalFields: taskFields(p, oneDriveTask(task, s.acct.sid, at)) });
    }
    if (!next) return;
    // The next logon: explorer runs the RunOnce entries, deleting each value before it starts it.
    const at = next.explorer.created + r.int(2, 15) * SEC + r.int(0, 999) * 1000;
    em.registry(at, next.explorer, 'RegistryValueDeleted', { RegistryKey: key, RegistryValueName: value, RegistryValueType: 'String', PreviousRegistryValueName: value, PreviousRegistryValueData: data });
    const cmd = dev.spawn(next.explorer, IMG.cmd, at + r.int(20, 400) * 1000, data, { pid: r.int(100, 4000) * 4, showSha256: r.chance(0.5) });
    em.process(cmd, r.int(0, 3) * 1000);
    em.file(cmd.created + r.int(50, 900) * 1000, cmd, 'FileDeleted', { FileName: setup.name, FolderPath: setup.path, SHA1: setup.sha1, SHA256: setup.sha256, MD5: setup.md5, FileSize: setup.size });
  }
}
