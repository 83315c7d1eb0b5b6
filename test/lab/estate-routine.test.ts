/**
 * The routine IT operations of the lab's background (src/lab/estate-routine.ts), checked on the
 * committed dataset: each behaviour's rows hang together the way the real operation's would.
 */
import { describe, expect, it } from 'vitest';
import { OFFICE_APPS } from '../../src/lab/estate-routine.ts';
import { VPN_POOL } from '../../src/lab/estate-servers.ts';
import { committedRows, type Row } from './committed.ts';


const rows = (table: string): Row[] => committedRows('lab', table);
const str = (v: unknown) => (v == null ? '' : String(v));
const ms = (v: unknown) => Number(v);
const key = (r: Row, pid: string, time: string) => `${str(r.DeviceId)}|${str(r[pid])}|${ms(r[time])}`;

describe('estate: routine IT operations', () => {
  const procs = rows('DeviceProcessEvents');
  const byProc = new Map(procs.map((p) => [key(p, 'ProcessId', 'ProcessCreationTime'), p]));
  const parentOf = (p: Row) => byProc.get(key(p, 'InitiatingProcessId', 'InitiatingProcessCreationTime'));

  it('each Office Deployment Tool run follows its wrapper closing every Office app, started by the Intune Management Extension', () => {
    const odt = procs.filter((p) => str(p.FolderPath).startsWith('C:\\Windows\\IMECache\\') && str(p.ProcessCommandLine).startsWith('setup.exe /configure'));
    expect(odt.length).toBeGreaterThan(0);
    const days = new Set<string>();
    for (const s of odt) {
      const wrapper = parentOf(s);
      expect(wrapper, str(s.DeviceName)).toBeDefined();
      expect(str(wrapper!.ProcessCommandLine)).toMatch(/Install-M365\.cmd"$/);
      expect(str(wrapper!.InitiatingProcessFileName)).toBe('Microsoft.Management.Services.IntuneWindowsAgent.exe');
      const kills = procs.filter((p) => p.FileName === 'taskkill.exe' && key(p, 'InitiatingProcessId', 'InitiatingProcessCreationTime') === key(wrapper!, 'ProcessId', 'ProcessCreationTime'));
      expect(kills.map((k) => str(k.ProcessCommandLine).split(' ').pop()).sort()).toEqual([...OFFICE_APPS].sort());
      for (const k of kills) expect(ms(s.Timestamp) - ms(k.Timestamp)).toBeGreaterThan(0);
      expect(ms(s.Timestamp) - Math.min(...kills.map((k) => ms(k.Timestamp)))).toBeLessThan(2 * 60_000);
      days.add(new Date(ms(s.Timestamp)).toISOString().slice(0, 10));
    }
    // Two rings: the pilot one day, the broad ring the next.
    const d = [...days].sort();
    expect(d.length).toBeLessThanOrEqual(2);
    if (d.length === 2) expect(Date.parse(d[1]) - Date.parse(d[0])).toBe(86_400_000);
  });

  it('each msiexec /fa repair comes from the RMM agent through cmd and writes its verbose log', () => {
    const repairs = procs.filter((p) => p.FileName === 'msiexec.exe' && / \/fa /.test(str(p.ProcessCommandLine)));
    expect(repairs.length).toBeGreaterThan(0);
    const files = rows('DeviceFileEvents');
    for (const m of repairs) {
      expect(str(m.ProcessCommandLine)).toMatch(/\/fa C:\\Windows\\Installer\\[0-9a-f]{6}\.msi /);
      const cmd = parentOf(m);
      expect(str(cmd?.FileName)).toBe('cmd.exe');
      expect(str(cmd?.InitiatingProcessFileName)).toBe('rmmagent.exe');
      const log = files.find((f) => f.DeviceId === m.DeviceId && f.FileName === 'repair.log' && key(f, 'InitiatingProcessId', 'InitiatingProcessCreationTime') === key(m, 'ProcessId', 'ProcessCreationTime'));
      expect(log, str(m.DeviceName)).toBeDefined();
    }
  });

  it('password-protected support bundles are made by an admin account, elevated, and the archive is written', () => {
    const zips = procs.filter((p) => p.FileName === '7z.exe' && / -p\S+ /.test(str(p.ProcessCommandLine)));
    expect(zips.length).toBeGreaterThan(0);
    const files = rows('DeviceFileEvents');
    for (const z of zips) {
      expect(str(z.AccountName)).toMatch(/^adm-/);
      expect(z.ProcessIntegrityLevel).toBe('High');
      const out = str(z.ProcessCommandLine).split(' ').find((w) => w.endsWith('.7z'))!;
      expect(files.some((f) => f.DeviceId === z.DeviceId && f.FolderPath === out && f.InitiatingProcessFileName === '7z.exe')).toBe(true);
    }
  });

  it('file profiles: Microsoft-rooted only for Microsoft signers; low prevalence only for the company agent and the scenario files', () => {
    const profiles = rows('FileProfiles');
    const bySha1 = new Map(profiles.map((p) => [str(p.SHA1), p]));
    expect(bySha1.size).toBe(profiles.length);
    const ran = new Set(procs.map((p) => str(p.SHA1)));
    let covered = 0;
    for (const p of profiles) {
      expect(p.IsRootSignerMicrosoft, str(p.SHA1)).toBe(str(p.Signer).startsWith('Microsoft'));
      if (Number(p.GlobalPrevalence) < 1000 && p.Signer) expect(p.Publisher).toBe('Contoso Ltd');
      expect(ms(p.GlobalFirstSeen)).toBeLessThanOrEqual(ms(p.GlobalLastSeen));
      if (ran.has(str(p.SHA1))) covered++;
    }
    // Most profiled files are ones the devices actually ran.
    expect(covered).toBeGreaterThan(profiles.length / 2);
  });

  it('every device listens on RPC, SMB, NetBIOS (on its own address) and WinRM after boot, each port once per boot (app01 also on IIS, SQL Server and RDP ports)', () => {
    const listens = rows('DeviceNetworkEvents').filter((n) => n.ActionType === 'ListeningConnectionCreated');
    expect(listens.length).toBeGreaterThan(0);
    const info = rows('DeviceNetworkInfo');
    const byDevice = new Map<string, Row[]>();
    for (const l of listens) byDevice.set(str(l.DeviceId), [...(byDevice.get(str(l.DeviceId)) ?? []), l]);
    for (const [id, ls] of byDevice) {
      const ports = ls.map((l) => Number(l.LocalPort));
      for (const p of [135, 139, 445, 5985]) expect(ports.filter((x) => x === p).length, `${id} ${p}`).toBe(ports.filter((x) => x === 135).length);
      for (const l of ls) {
        // The kernel owns SMB, NetBIOS and HTTP.sys (WinRM, and IIS's 80/443 on app01); RpcSs's svchost
        // the endpoint mapper; on app01 TermService's svchost RDP and SQL Server its own port.
        const port = Number(l.LocalPort);
        expect(l.InitiatingProcessFileName).toBe(port === 135 || port === 3389 ? 'svchost.exe' : port === 1433 ? 'sqlservr.exe' : 'System');
        if (Number(l.LocalPort) === 139) expect(str(info.find((i) => i.DeviceId === id)?.IPAddresses)).toContain(`"${str(l.LocalIP)}"`);
        else expect(l.LocalIP).toBe('0.0.0.0');
      }
    }
  });

  it('the branding startup script downloads with bitsadmin as SYSTEM from the intranet, and BITS writes the file it names', () => {
    const bits = procs.filter((p) => p.FileName === 'bitsadmin.exe' && / \/transfer /.test(str(p.ProcessCommandLine)));
    expect(bits.length).toBeGreaterThan(0);
    const files = rows('DeviceFileEvents');
    for (const b of bits) {
      expect(str(b.AccountName).toLowerCase()).toBe('system');
      const parent = parentOf(b);
      expect(str(parent?.InitiatingProcessFileName)).toBe('gpscript.exe');
      const [url, local] = str(b.ProcessCommandLine).split(' ').slice(-2);
      expect(new URL(url).host).toBe('intranet.contoso.example');
      expect(files.some((f) => f.DeviceId === b.DeviceId && f.FolderPath === local && f.FileOriginUrl === url && ms(f.Timestamp) >= ms(b.Timestamp))).toBe(true);
    }
  });

  it('developer curl calls each have their HTTPS connection to the host in the command line', () => {
    const curls = procs.filter((p) => p.FileName === 'curl.exe');
    const net = rows('DeviceNetworkEvents');
    for (const c of curls) {
      const host = new URL(str(c.ProcessCommandLine).split(' ').pop()!).host;
      const conn = net.find((n) => n.DeviceId === c.DeviceId && n.InitiatingProcessFileName === 'curl.exe' && key(n, 'InitiatingProcessId', 'InitiatingProcessCreationTime') === key(c, 'ProcessId', 'ProcessCreationTime'));
      expect(conn?.RemoteUrl, str(c.ProcessCommandLine)).toBe(host);
      expect(conn?.RemotePort).toBe(443);
    }
  });

  it("the reporting vendor's interactive logons with its service account come over RDP from the VPN pool, accepted on 3389 just before", () => {
    const logons = rows('DeviceLogonEvents').filter((l) => l.AccountName === 'svc-intranet' && ['Interactive', 'RemoteInteractive'].includes(str(l.LogonType)));
    expect(logons.length).toBeGreaterThan(0);
    const net = rows('DeviceNetworkEvents');
    for (const l of logons) {
      expect(l.LogonType).toBe('RemoteInteractive');
      expect(str(l.RemoteIP).startsWith(VPN_POOL)).toBe(true);
      const accepted = net.find((n) => n.DeviceId === l.DeviceId && n.ActionType === 'InboundConnectionAccepted' && n.LocalPort === 3389 && n.RemoteIP === l.RemoteIP);
      expect(accepted).toBeDefined();
      expect(ms(l.Timestamp) - ms(accepted!.Timestamp)).toBeGreaterThanOrEqual(0);
      expect(ms(l.Timestamp) - ms(accepted!.Timestamp)).toBeLessThan(60_000);
      // The session's processes run under the logon it created.
      expect(procs.some((p) => p.DeviceId === l.DeviceId && p.AccountName === l.AccountName && String(p.LogonId) === String(l.LogonId) && p.FileName === 'explorer.exe')).toBe(true);
    }
  });
});
