/**
 * Windows' and the applications' plumbing in every committed dataset (src/lab/estate-plumbing.ts):
 * plain-HTTP connectivity probes and revocation checks, time sync on UDP 123, Delivery Optimization
 * peers on TCP 7680 with both ends recorded, QUIC, downloads renamed from .crdownload, Edge's own
 * update, and OneDrive's RunOnce clean-up and task updates. Each kind exists with its real shape, and only on background devices: the
 * scenario's own devices carry none of it.
 */
import { describe, expect, it } from 'vitest';
import { REVOCATION_HOSTS } from '../../src/lab/estate-plumbing.ts';
import { SCENARIOS } from '../../src/lab/scenarios/index.ts';
import { committedRows } from './committed.ts';

const ms = (v: unknown): number => (typeof v === 'bigint' ? Number(v / 1000n) : v instanceof Date ? v.getTime() : Number(v));
const svc = (r: Record<string, unknown>, group: string) => r.InitiatingProcessFileName === 'svchost.exe' && String(r.InitiatingProcessCommandLine).endsWith(`-k ${group}`);

for (const s of SCENARIOS) {
  describe(`datasets/${s.id} plumbing`, () => {
    const scripted = new Set(s.cast.devices.map((d) => d.name));
    const net = () => committedRows(s.id, 'DeviceNetworkEvents');

    it('NCSI probes and revocation checks go out over plain HTTP, spread over the window', () => {
      const probes = net().filter((r) => svc(r, 'NetworkService -p -s NlaSvc'));
      expect(probes.length).toBeGreaterThan(10);
      for (const r of probes) {
        expect(['www.msftconnecttest.com', 'ipv6.msftconnecttest.com']).toContain(r.RemoteUrl);
        expect(Number(r.RemotePort)).toBe(80);
        expect(r.Protocol).toBe('Tcp');
        expect(r.RemoteIPType).toBe('Public');
        expect(String(r.InitiatingProcessAccountName)).toBe('network service');
      }
      const ocsp = net().filter((r) => Number(r.RemotePort) === 80 && (REVOCATION_HOSTS as readonly string[]).includes(String(r.RemoteUrl)));
      const byApp = new Set(ocsp.map((r) => String(r.InitiatingProcessFileName)));
      expect(byApp.has('svchost.exe')).toBe(true);
      expect(byApp.size).toBeGreaterThan(1);
      // every day of the window has some (ago() from the pinned now reaches any of them)
      const days = new Set(ocsp.map((r) => new Date(ms(r.Timestamp)).toISOString().slice(0, 10)));
      expect(days.size).toBe(4);
    });

    it('time sync asks the DC on domain members and time.windows.com elsewhere, on UDP 123', () => {
      const ntp = net().filter((r) => svc(r, 'LocalService -s W32Time'));
      expect(ntp.length).toBeGreaterThan(0);
      for (const r of ntp) {
        expect(Number(r.RemotePort)).toBe(123);
        expect(r.Protocol).toBe('Udp');
        if (r.RemoteIPType === 'Public') expect(r.RemoteUrl).toBe('time.windows.com');
        else expect(r.RemoteIP).toBe('10.20.0.5');
      }
    });

    it('each Delivery Optimization connection on 7680 is accepted by the peer it names', () => {
      const outs = net().filter((r) => r.ActionType === 'ConnectionSuccess' && Number(r.RemotePort) === 7680);
      const ins = net().filter((r) => r.ActionType === 'InboundConnectionAccepted' && Number(r.LocalPort) === 7680);
      expect(outs.length).toBeGreaterThan(0);
      expect(ins.length).toBe(outs.length);
      for (const o of outs) {
        expect(o.RemoteIPType).toBe('Private');
        const a = ins.filter((i) => i.LocalIP === o.RemoteIP && i.RemoteIP === o.LocalIP && Number(i.RemotePort) === Number(o.LocalPort));
        expect(a.length).toBe(1);
        expect(a[0].DeviceName).not.toBe(o.DeviceName);
        const lag = ms(a[0].Timestamp) - ms(o.Timestamp);
        expect(lag).toBeGreaterThan(0);
        expect(lag).toBeLessThanOrEqual(40);
        expect(svc(a[0], 'NetworkService -p -s DoSvc')).toBe(true);
      }
    });

    it('QUIC is the browser on UDP 443', () => {
      const quic = net().filter((r) => r.Protocol === 'Udp' && Number(r.RemotePort) === 443);
      expect(quic.length).toBeGreaterThan(0);
      for (const r of quic) expect(r.InitiatingProcessFileName).toBe('msedge.exe');
    });

    it('a download is created as .crdownload and renamed to its name by the browser', () => {
      const files = committedRows(s.id, 'DeviceFileEvents');
      const renamed = files.filter((r) => r.ActionType === 'FileRenamed' && String(r.PreviousFileName).endsWith('.crdownload'));
      expect(renamed.length).toBeGreaterThan(0);
      for (const r of renamed) {
        // Edge here; Chrome (estate-apps.ts) writes its downloads the same way
        expect(['msedge.exe', 'chrome.exe']).toContain(r.InitiatingProcessFileName);
        expect(String(r.FolderPath)).toMatch(/^C:\\Users\\[^\\]+\\Downloads\\/);
        expect(String(r.PreviousFolderPath).endsWith(`\\${r.PreviousFileName}`)).toBe(true);
        expect(String(r.FileOriginUrl)).toMatch(/^https:\/\//);
        const created = files.filter((c) => c.ActionType === 'FileCreated' && c.DeviceName === r.DeviceName && c.FileName === r.PreviousFileName);
        expect(created.length).toBe(1);
        expect(ms(created[0].Timestamp)).toBeLessThan(ms(r.Timestamp));
      }
    });

    it("OneDrive's RunOnce value is removed by explorer at the next logon, which runs it", () => {
      const reg = committedRows(s.id, 'DeviceRegistryEvents').filter((r) => r.RegistryValueName === 'Delete Cached Update Binary');
      const set = reg.filter((r) => r.ActionType === 'RegistryValueSet');
      for (const r of set) {
        expect(r.InitiatingProcessFileName).toBe('OneDrive.exe');
        expect(String(r.RegistryKey)).toMatch(/^HKEY_CURRENT_USER\\S-1-[^\\]+\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\RunOnce$/);
        expect(String(r.RegistryValueData)).toMatch(/^C:\\Windows\\system32\\cmd\.exe \/q \/c del \/q ".*OneDriveSetup\.exe"$/);
      }
      const procs = committedRows(s.id, 'DeviceProcessEvents');
      for (const d of reg.filter((r) => r.ActionType === 'RegistryValueDeleted')) {
        expect(d.InitiatingProcessFileName).toBe('explorer.exe');
        const before = set.filter((x) => x.DeviceName === d.DeviceName && x.RegistryKey === d.RegistryKey && ms(x.Timestamp) < ms(d.Timestamp));
        expect(before.length).toBe(1);
        const run = procs.filter((p) => p.DeviceName === d.DeviceName && p.InitiatingProcessFileName === 'explorer.exe' && p.ProcessCommandLine === d.PreviousRegistryValueData);
        expect(run.length).toBe(1);
      }
    });

    it('Edge updates itself: task, HTTP download, installer chain, new elevation service path', () => {
      const procs = committedRows(s.id, 'DeviceProcessEvents');
      const setups = procs.filter((p) => p.FileName === 'setup.exe' && String(p.FolderPath).includes('\\EdgeUpdate\\Install\\'));
      expect(setups.length).toBeGreaterThan(0);
      const reg = committedRows(s.id, 'DeviceRegistryEvents').filter((r) => String(r.RegistryKey).endsWith('\\Services\\MicrosoftEdgeElevationService'));
      expect(reg.length).toBe(setups.length);
      for (const st of setups) {
        expect(String(st.InitiatingProcessFileName)).toMatch(/^MicrosoftEdge_X64_[\d.]+_[\d.]+\.exe$/);
        expect(st.InitiatingProcessParentFileName).toBe('MicrosoftEdgeUpdate.exe');
        expect(String(st.ProcessCommandLine)).toContain('--system-level');
        const w = reg.filter((r) => r.DeviceName === st.DeviceName);
        expect(w.length).toBe(1);
        expect(w[0].InitiatingProcessFileName).toBe('setup.exe');
        expect(w[0].RegistryValueName).toBe('ImagePath');
        expect(String(w[0].RegistryValueData)).toMatch(/\\Edge\\Application\\[\d.]+\\elevation_service\.exe"$/);
        expect(w[0].RegistryValueData).not.toBe(w[0].PreviousRegistryValueData);
        const dl = net().filter((n) => n.DeviceName === st.DeviceName && n.InitiatingProcessFileName === 'MicrosoftEdgeUpdate.exe' && Number(n.RemotePort) === 80);
        expect(dl.length).toBe(1);
        expect(String(dl[0].RemoteUrl)).toMatch(/\.delivery\.mp\.microsoft\.com$/);
        expect(ms(dl[0].Timestamp)).toBeLessThan(ms(st.Timestamp));
      }
    });

    it("OneDrive's update updates its per-user scheduled tasks", () => {
      const ev = committedRows(s.id, 'DeviceEvents').filter((e) => e.ActionType === 'ScheduledTaskUpdated' && String(e.AdditionalFields).includes('OneDrive'));
      expect(ev.length).toBeGreaterThan(0);
      for (const e of ev) {
        expect(e.InitiatingProcessFileName).toBe('OneDriveSetup.exe');
        expect(String(e.AdditionalFields)).toMatch(/"TaskName":\s*"\\+OneDrive (Standalone Update|Reporting) Task-S-1-[\d-]+"/);
      }
    });

    it("none of it is on the scenario's own devices", () => {
      const mine = [
        ...net().filter((r) => svc(r, 'NetworkService -p -s NlaSvc') || svc(r, 'LocalService -s W32Time') || Number(r.RemotePort) === 7680 || (r.Protocol === 'Udp' && Number(r.RemotePort) === 443)),
        ...committedRows(s.id, 'DeviceFileEvents').filter((r) => String(r.PreviousFileName).endsWith('.crdownload')),
      ];
      expect(mine.length).toBeGreaterThan(0);
      for (const r of mine) expect(scripted.has(String(r.DeviceName)), String(r.DeviceName)).toBe(false);
    });
  });
}
