/**
 * Benign true positives from Defender for Endpoint that a real SOC's queue holds every week, each
 * with the activity on the device that raised it:
 *  - an IT admin reclaims disk space on their own workstation after a feature update: lists the
 *    shadow storage, deletes the oldest shadow copies with vssadmin and caps the storage; EDR raises
 *    "File backups were deleted" (Impact, Inhibit System Recovery), which the SOC closes as the
 *    admin's work;
 *  - the helpdesk publishes a VBScript on the IT site that maps a floor's printers (mail would not
 *    do: Exchange Online's common attachment filter blocks .vbs); the users it is sent to download it
 *    with Edge and double-click it from Downloads, and EDR raises "Suspicious script launched"
 *    (Execution, Visual Basic) on each device.
 *
 * Runs after every other estate writer and draws from a stream of its own with explicit pids and
 * hash visibility, so nothing written before changes; the alerts do not feed the risk rules (only
 * the scenario's and generate.ts's background alerts do), so no device's risk chain moves.
 */
import { adminAcctOf, EIMG, EstateDay, type EstateCtx } from './estate.ts';
import { Alerts, K, MDE, machine, userEv } from './estate-tenant.ts';
import { IMG } from './images.ts';
import { hexOf, Rng } from './rng.ts';
import { SEC } from './time.ts';
import type { Dev, Sinks } from './world.ts';

/** The estate's context (background devices only) and the sinks the alerts are written to. */
export interface SocEstateCtx extends EstateCtx {
  sinks: Sinks;
}

const KINDS = {
  backupsDeleted: K('File backups were deleted', 'Impact', 'Medium', MDE, 'EDR', ['Inhibit System Recovery (T1490)']),
  script: K('Suspicious script launched', 'Execution', 'Low', MDE, 'EDR', ['Command and Scripting Interpreter (T1059)', 'Visual Basic (T1059.005)']),
};

const IT_SITE = 'https://contoso.sharepoint.com/sites/IT/Shared%20Documents/Printers/';

export function writeSocEstate(c: SocEstateCtx): void {
  if (c.devs.length === 0) return;
  const root = new Rng((c.seed ^ 0x50c0a1) >>> 0, 0x50c0a);
  const alerts = new Alerts(c.sinks, root.fork('alerts'));
  shadowCleanup(c, root.fork('shadow-cleanup'), alerts);
  printerScript(c, root.fork('printer-script'), alerts);
}

const dayOf = (c: SocEstateCtx, dev: Dev, k: number, r: Rng): EstateDay | null => {
  const b = c.boots.get(dev.def.key);
  const s = c.sessions.get(`${dev.def.key}:${k}`);
  return b && s ? new EstateDay(dev, c.em, b, s, c.days[k], r) : null;
};

/** Once in the window, on one admin's workstation: vssadmin from an elevated prompt under the admin account. */
function shadowCleanup(c: SocEstateCtx, r: Rng, alerts: Alerts): void {
  const admins = c.devs.filter((d) => d.user && c.adminDevKeys.has(d.def.key));
  if (admins.length === 0) return;
  const dev = r.pick(admins);
  const k = r.int(0, c.days.length - 1);
  const h = dayOf(c, dev, k, r);
  const t0 = h?.sessionTime(90, 30, 30);
  if (!h?.s || t0 == null) return;
  const adm = adminAcctOf(dev.user!);
  const cmd = h.run(h.s.explorer, IMG.cmd, t0, '"C:\\Windows\\system32\\cmd.exe"', { acct: adm, logonId: r.int(200000, 9000000), integrity: 'High', elevation: 'TokenElevationTypeFull', session: 1 });
  let t = t0 + r.int(20, 60) * SEC;
  h.run(cmd, EIMG.vssadmin, t, 'vssadmin  list shadowstorage');
  t += r.int(15, 50) * SEC;
  h.run(cmd, EIMG.vssadmin, t, 'vssadmin  list shadows /for=C:');
  const deletes = r.int(1, 3);
  let first: { t: number; line: string; sha1: string } | null = null;
  for (let i = 0; i < deletes; i++) {
    t += r.int(20, 90) * SEC;
    const line = 'vssadmin  delete shadows /for=C: /oldest /quiet';
    h.run(cmd, EIMG.vssadmin, t, line);
    first ??= { t, line, sha1: EIMG.vssadmin.sha1 };
  }
  t += r.int(30, 120) * SEC;
  h.run(cmd, EIMG.vssadmin, t, `vssadmin  resize shadowstorage /for=C: /on=C: /maxsize=${r.pick([5, 8, 10])}%`);
  if (!first) return;
  alerts.add(first.t + r.int(40, 200) * SEC, KINDS.backupsDeleted, [
    machine(dev),
    { EntityType: 'User', EvidenceRole: 'Related', AccountName: adm.name, AccountDomain: adm.domain, AccountSid: adm.sid, AccountUpn: adm.upn },
    { EntityType: 'Process', EvidenceRole: 'Related', FileName: 'vssadmin.exe', FolderPath: EIMG.vssadmin.path, ProcessCommandLine: first.line, SHA1: first.sha1, DeviceId: dev.id, DeviceName: dev.name },
  ]);
}

/** One day in the window the helpdesk sends two or three users of a floor the printer script; most run it. */
function printerScript(c: SocEstateCtx, r: Rng, alerts: Alerts): void {
  const desks = c.devs.filter((d) => d.user && !c.adminDevKeys.has(d.def.key) && d.user.department !== 'IT');
  if (desks.length === 0) return;
  const k = r.int(0, c.days.length - 1);
  const file = r.pick(['MapPrinters-Floor2.vbs', 'Add-FloorPrinters.vbs']);
  const sha = { SHA1: hexOf(`printer-script:${file}`, 40), SHA256: hexOf(`printer-script256:${file}`, 64), MD5: hexOf(`printer-scriptmd5:${file}`, 32) };
  const pool = [...desks];
  const picked: Dev[] = [];
  for (let n = Math.min(pool.length, r.int(2, 3)); n > 0; n--) picked.push(pool.splice(r.int(0, pool.length - 1), 1)[0]);
  for (const dev of picked) {
    const h = dayOf(c, dev, k, r);
    const t = h?.sessionTime(60, 20, 20);
    if (!h?.s || t == null || !r.chance(0.85)) continue;
    const u = dev.user!;
    const path = `C:\\Users\\${u.accountName}\\Downloads\\${file}`;
    if (h.s.edge) h.em.file(t, h.s.edge, 'FileCreated', { FileName: file, FolderPath: path, ...sha, FileSize: 2_861, FileOriginUrl: `${IT_SITE}${file}`, FileOriginReferrerUrl: 'https://contoso.sharepoint.com/sites/IT/SitePages/Printers.aspx', FileOriginIP: '13.107.136.10' });
    const ws = h.run(h.s.explorer, IMG.wscript, t + r.int(8, 90) * SEC, `"C:\\Windows\\System32\\WScript.exe" "${path}"`);
    alerts.add(ws.created + r.int(30, 240) * SEC, KINDS.script, [
      machine(dev),
      userEv(u, 'Related'),
      { EntityType: 'Process', EvidenceRole: 'Related', FileName: 'wscript.exe', FolderPath: IMG.wscript.path, ProcessCommandLine: ws.cmd, SHA1: IMG.wscript.sha1, DeviceId: dev.id, DeviceName: dev.name },
      { EntityType: 'File', EvidenceRole: 'Impacted', FileName: file, FolderPath: path, ...sha, DeviceId: dev.id, DeviceName: dev.name },
    ]);
  }
}
