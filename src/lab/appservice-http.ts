/**
 * AppServiceHTTPLogs (Azure App Service's HTTP log, through the web app's diagnostic setting;
 * docs/tables/public-queries.md): the company portal, the web app `app-contoso-portal` in `rg-app`
 * that AzureActivity's pipeline deploys and whose managed identity reads Key Vault
 * (AzureDiagnostics), served on its custom domain portal.corp.contoso.example (AD FS's relying
 * party of that name; DNS 203.0.113.77 in DeviceNetworkEvents).
 *
 * The rows:
 * - people's visits: each connection the estate's Edge makes to the portal (DeviceNetworkEvents,
 *   ConnectionSuccess) is one page request followed by the page's static files and its news API
 *   call, from the device's public address (DeviceInfo's PublicIP, the address its other cloud
 *   traffic comes from); the static files answer 304 when the same device fetched them earlier
 *   that day (the browser's cache);
 * - the internet's scanners: a few times a day an address of the scanners' block (the ones
 *   knocking on the lab's SFTP server and firewall) asks for the usual secrets and admin paths and
 *   gets 404.
 * One instance (ComputerName), port 443, no user name (the portal does its own WS-Federation sign-in,
 * so the web server does not know the user) and no cookie logged. Result is Success below status 400
 * and Failure from 400 (the page says only "Success / Failure"; the boundary is the lab's choice).
 * Columns and types: the table's Log Analytics reference page, in its order, without `_BilledSize`,
 * `_IsBillable`, `_ResourceId` and `_SubscriptionId` (as the other Sentinel tables).
 * Its own random stream (seeded from the dataset's seed): every other table's rows stay as they were.
 */
import { addressesOf } from './addresses.ts';
import * as M from './model.ts';
import { Rng, hexOf } from './rng.ts';
import type { RefTable } from './schema-data.ts';
import { refColumns } from './sentinel-tables.ts';
import { DAY, HOUR, MIN, SEC } from './time.ts';
import type { Sinks } from './world.ts';

export const APP_SERVICE_TABLES: RefTable[] = [
  {
    name: 'AppServiceHTTPLogs',
    kind: 'sentinel',
    ref: 'docs/tables/public-queries.md',
    description: "The company portal's web server log (App Service app-contoso-portal): people's page visits from their devices, and the internet's scanners probing for admin paths and secrets (404).",
    columns: refColumns(`CIp:string ComputerName:string Cookie:string CsBytes:int CsHost:string CsMethod:string CsUriQuery:string CsUriStem:string
      CsUsername:string Referer:string Result:string ScBytes:int ScStatus:int ScSubStatus:string ScWin32Status:string SourceSystem:string SPort:string
      TenantId:string TimeGenerated:datetime TimeTaken:int Type:string UserAgent:string`),
  },
];

export const PORTAL_HOST = 'portal.corp.contoso.example';

/** The portal's pages and what each loads (the lab's choice of a small intranet-style portal). */
const PAGES = ['/', '/news', '/hr/leave', '/it/requests', '/people', '/policies'];
const ASSETS: [string, number][] = [
  ['/css/site.css', 48_211],
  ['/js/site.js', 131_904],
  ['/images/contoso-logo.svg', 6_452],
  ['/favicon.ico', 15_086],
];
/** What the scanners ask for, and the clients they claim to be. */
const PROBES = ['/.env', '/wp-login.php', '/.git/config', '/phpmyadmin/', '/admin/login', '/actuator/env', '/server-status', '/backup.zip', '/config.json', '/xmlrpc.php'];
const SCANNER_UA = ['Mozilla/5.0 zgrab/0.x', 'python-requests/2.31.0', 'Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)', 'curl/7.88.1', 'Go-http-client/1.1'];

/** The estate's connections to the portal, kept as they are written (the table may be spilled later). */
export function keepPortalReads(sinks: Sinks): void {
  sinks.DeviceNetworkEvents.keep('portal', ['Timestamp', 'DeviceId', 'ActionType', 'RemoteUrl', 'InitiatingProcessFileName'], (get) => get('RemoteUrl') === PORTAL_HOST && get('ActionType') === 'ConnectionSuccess');
}

export function writeAppServiceHttp(c: { sinks: Sinks; seed: number; tenant: string; days: number[]; publicIpOf: (deviceId: string) => string | undefined }): void {
  const out = c.sinks.AppServiceHTTPLogs;
  if (!out) return;
  const r = new Rng((c.seed ^ 0x4a9f5e7) >>> 0, 0xa995);
  const computer = `RD${hexOf('app-contoso-portal:instance0', 12).toUpperCase()}`;
  const add = (t: number, ip: string, method: string, stem: string, status: number, bytes: number, ua: string, referer = '', taken = 0) =>
    out.add({
      CIp: ip, ComputerName: computer, Cookie: '', CsBytes: r.int(420, 1_400), CsHost: PORTAL_HOST, CsMethod: method, CsUriQuery: '', CsUriStem: stem,
      CsUsername: '', Referer: referer, Result: status < 400 ? 'Success' : 'Failure', ScBytes: bytes, ScStatus: status, ScSubStatus: '0', ScWin32Status: '0',
      SourceSystem: 'Azure', SPort: '443', TenantId: c.tenant, TimeGenerated: t, TimeTaken: taken || r.int(4, 60), Type: 'AppServiceHTTPLogs', UserAgent: ua,
    });
  const rows: { t: number; f: () => void }[] = [];
  // people's visits
  const visits = c.sinks.DeviceNetworkEvents.kept('portal');
  const cached = new Set<string>();
  // in time order (the devices were simulated one after another; two can share an address)
  const order = Array.from({ length: visits.length }, (_, i) => i).sort((a, b) => (visits.get(a, 'Timestamp') as number) - (visits.get(b, 'Timestamp') as number));
  for (const i of order) {
    if (visits.get(i, 'InitiatingProcessFileName') !== 'msedge.exe') continue;
    const ip = c.publicIpOf(String(visits.get(i, 'DeviceId')));
    if (!ip) continue;
    const t0 = (visits.get(i, 'Timestamp') as number) + r.int(50, 400) * 1000; // the request follows the TLS handshake by milliseconds
    const page = r.pick(PAGES);
    const day = Math.floor(t0 / DAY);
    const html = r.int(14_000, 42_000);
    const pageTaken = r.int(35, 420);
    rows.push({ t: t0, f: () => add(t0, ip, 'GET', page, 200, html, M.UA.edge, '', pageTaken) });
    const ref = `https://${PORTAL_HOST}${page}`;
    let t = t0 + pageTaken * 1000;
    for (const [stem, size] of ASSETS) {
      t += r.int(8, 90) * 1000; // the browser fetches the page's files right after it
      const key = `${ip}|${day}|${stem}`;
      const fresh = !cached.has(key);
      cached.add(key);
      const ta = t;
      rows.push({ t: ta, f: () => add(ta, ip, 'GET', stem, fresh ? 200 : 304, fresh ? size + r.int(250, 420) : r.int(180, 260), M.UA.edge, ref) });
    }
    const tn = t + r.int(60, 400) * 1000; // the news widget's call once the script runs
    rows.push({ t: tn, f: () => add(tn, ip, 'GET', '/api/v2/news', 200, r.int(2_200, 9_800), M.UA.edge, ref, r.int(20, 180)) });
  }
  // the internet's scanners
  const scanners = addressesOf('scanners');
  for (const d0 of c.days) {
    for (let n = r.int(2, 5); n > 0; n--) {
      const ip = r.pick(scanners);
      const ua = r.pick(SCANNER_UA);
      let t = d0 + r.int(0, 23) * HOUR + r.int(0, 59) * MIN + r.int(0, 59) * SEC;
      const paths = [...PROBES];
      for (let k = paths.length - 1; k > 0; k--) {
        const j = r.int(0, k);
        [paths[k], paths[j]] = [paths[j], paths[k]];
      }
      paths.length = r.int(2, 6);
      for (const p of paths) {
        const tp = (t += r.int(200, 3_000) * 1000); // a fraction of a second to three seconds apart
        rows.push({ t: tp, f: () => add(tp, ip, 'GET', p, 404, r.int(140, 1_250), ua, '', r.int(1, 12)) });
      }
    }
  }
  rows.sort((a, b) => a.t - b.t);
  for (const x of rows) x.f();
}
