/**
 * Desk applications besides Microsoft's in every committed dataset (src/lab/estate-apps.ts): Google
 * Chrome with its child processes and Google Update, archivers unpacking from Explorer, and the IT
 * administrators' Sysinternals tools. Each kind has its shape, and none of it is on a scenario's own
 * devices (they keep their scripted rows).
 */
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../src/lab/scenarios/index.ts';
import { committedRows } from './committed.ts';

const ms = (v: unknown): number => (typeof v === 'bigint' ? Number(v / 1000n) : v instanceof Date ? v.getTime() : Number(v));

for (const s of SCENARIOS) {
  describe(`datasets/${s.id} desk applications`, () => {
    const scripted = new Set(s.cast.devices.map((d) => d.name));
    const procs = () => committedRows(s.id, 'DeviceProcessEvents');

    it("Chrome runs from Program Files, started by explorer, with its typed children, and talks HTTPS", () => {
      const chrome = procs().filter((r) => r.FileName === 'chrome.exe');
      expect(chrome.length).toBeGreaterThan(0);
      for (const r of chrome) {
        expect(scripted.has(String(r.DeviceName))).toBe(false);
        expect(r.FolderPath).toBe('C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe');
        expect(r.ProcessVersionInfoCompanyName).toBe('Google LLC');
        if (r.InitiatingProcessFileName === 'chrome.exe') expect(String(r.ProcessCommandLine)).toMatch(/ --type=(crashpad-handler|gpu-process|utility|renderer) /);
        else expect(r.InitiatingProcessFileName).toBe('explorer.exe');
      }
      const net = committedRows(s.id, 'DeviceNetworkEvents').filter((r) => r.InitiatingProcessFileName === 'chrome.exe');
      expect(net.length).toBeGreaterThan(0);
      for (const r of net) {
        expect(Number(r.RemotePort)).toBe(443);
        expect(r.RemoteIPType).toBe('Public');
      }
      const upd = procs().filter((r) => r.FileName === 'GoogleUpdate.exe');
      expect(upd.length).toBeGreaterThan(0);
      for (const r of upd) {
        expect(r.InitiatingProcessFileName).toBe('svchost.exe');
        expect(String(r.ProcessCommandLine)).toMatch(/\/ua \/installsource scheduler$/);
      }
    });

    it('archivers are started by explorer and write the archive members after they start', () => {
      const arch = procs().filter((r) => r.FileName === '7zG.exe' || r.FileName === 'WinRAR.exe');
      expect(arch.length).toBeGreaterThan(0);
      const files = committedRows(s.id, 'DeviceFileEvents');
      for (const r of arch) {
        expect(scripted.has(String(r.DeviceName))).toBe(false);
        expect(r.InitiatingProcessFileName).toBe('explorer.exe');
        expect(String(r.ProcessCommandLine)).toMatch(/^"C:\\Program Files\\(7-Zip\\7zG|WinRAR\\WinRAR)\.exe" [ax] /);
        const written = files.filter((f) => f.DeviceName === r.DeviceName && f.InitiatingProcessId === r.ProcessId && ms(f.InitiatingProcessCreationTime) === ms(r.ProcessCreationTime));
        expect(written.length).toBeGreaterThan(0);
        for (const f of written) expect(ms(f.Timestamp)).toBeGreaterThan(ms(r.Timestamp) - 4);
      }
    });

    it("Sysinternals tools run elevated under the admin account on the admins' devices, each EULA accepted once", () => {
      const tools = procs().filter((r) => String(r.FolderPath).startsWith('C:\\Tools\\SysinternalsSuite\\'));
      expect(tools.length).toBeGreaterThan(0);
      for (const r of tools) {
        expect(scripted.has(String(r.DeviceName))).toBe(false);
        expect(r.ProcessIntegrityLevel).toBe('High');
        expect(r.ProcessTokenElevation).toBe('TokenElevationTypeFull');
        expect(r.ProcessVersionInfoCompanyName).toBe('Sysinternals - www.sysinternals.com');
        expect(String(r.AccountName)).toMatch(/^adm-/);
      }
      const eula = committedRows(s.id, 'DeviceRegistryEvents').filter((r) => r.RegistryValueName === 'EulaAccepted');
      expect(eula.length).toBeGreaterThan(0);
      const keys = eula.map((r) => `${r.DeviceName}|${r.RegistryKey}`);
      expect(new Set(keys).size).toBe(keys.length);
      for (const r of eula) {
        expect(String(r.RegistryKey)).toMatch(/^HKEY_CURRENT_USER\\S-1-5-21-[\d-]+\\Software\\Sysinternals\\[^\\]+$/);
        expect(r.RegistryValueData).toBe('1');
      }
    });
    it("Teams meetings reach Microsoft's relay over UDP 3478-3481 from the running client, and Paint opens screenshots", () => {
      const media = committedRows(s.id, 'DeviceNetworkEvents').filter((r) => r.InitiatingProcessFileName === 'ms-teams.exe' && r.Protocol === 'Udp');
      expect(media.length).toBeGreaterThan(0);
      for (const r of media) {
        expect(scripted.has(String(r.DeviceName))).toBe(false);
        expect([3478, 3479, 3480, 3481]).toContain(Number(r.RemotePort));
        expect(r.RemoteIPType).toBe('Public');
        expect(r.RemoteUrl).toBe('');
        expect(ms(r.Timestamp)).toBeGreaterThan(ms(r.InitiatingProcessCreationTime));
      }
      // every meeting starts with STUN on 3478 and audio on 3479
      expect(media.filter((r) => Number(r.RemotePort) === 3478).length).toBe(media.filter((r) => Number(r.RemotePort) === 3479).length);
      for (const r of procs().filter((p) => String(p.FileName).toLowerCase() === 'mspaint.exe')) {
        expect(r.InitiatingProcessFileName).toBe('explorer.exe');
        expect(String(r.ProcessCommandLine)).toMatch(/\\Pictures\\Screenshots\\Screenshot \d{4}-\d\d-\d\d \d{6}\.png"$/);
      }
    });
  });
}
