/**
 * Process-creation auditing on the servers that send only their Security log
 * (src/lab/sentinel-processes.ts), in every committed dataset: the two domain controllers, the file
 * server and the management server log 4688 with command lines on every day of the window; the
 * columns are filled as the Security log agent fills them; the admins' RDP sessions have their
 * session processes under the session's logon id; process-creation record numbers never repeat on a host.
 */
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../src/lab/scenarios/index.ts';
import { committedRows, type Row } from './committed.ts';

const ms = (v: unknown): number => (typeof v === 'bigint' ? Number(v / 1000n) : v instanceof Date ? v.getTime() : Number(v));
const day = (r: Row) => new Date(ms(r.TimeGenerated)).toISOString().slice(0, 10);
const SERVERS = ['dc01.corp.contoso.example', 'dc02.corp.contoso.example', 'fs01.corp.contoso.example', 'sccm01.corp.contoso.example'];

for (const s of SCENARIOS) {
  describe(`datasets/${s.id} process creation on the servers`, () => {
    const events = () => committedRows(s.id, 'SecurityEvent');
    const created = () => events().filter((r) => Number(r.EventID) === 4688);

    it('every server logs process creation on every day of the window', () => {
      const rows = created();
      for (const host of SERVERS) {
        const mine = rows.filter((r) => r.Computer === host);
        expect(mine.length, host).toBeGreaterThan(100);
        expect(new Set(mine.map(day)).size, host).toBe(4);
      }
    });

    it('fills the 4688 columns as the agent does', () => {
      for (const r of created()) {
        expect(r.Activity).toBe('4688 - A new process has been created.');
        expect(r.Channel).toBe('Security');
        expect(r.EventSourceName).toBe('Microsoft-Windows-Security-Auditing');
        expect(String(r.NewProcessId)).toMatch(/^0x[0-9a-f]+$/);
        expect(String(r.NewProcessName)).toMatch(/^C:\\/);
        expect(String(r.NewProcessName).split('\\').pop()).toBe(r.Process);
        expect(String(r.ParentProcessName)).toMatch(/^C:\\/);
        expect(String(r.CommandLine).length).toBeGreaterThan(0);
        expect(['%%1936', '%%1937', '%%1938']).toContain(r.TokenElevationType);
        expect(r.Account).toBe(`${r.SubjectDomainName}\\${r.SubjectUserName}`);
        // the local system's processes: the machine account, logon id 0x3e7, system integrity
        if (r.SubjectUserSid === 'S-1-5-18') {
          expect(r.SubjectUserName).toBe(`${String(r.Computer).split('.')[0].toUpperCase()}$`);
          expect(r.AccountType).toBe('Machine');
          expect(r.SubjectLogonId).toBe('0x3e7');
          expect(r.MandatoryLabel).toBe('S-1-16-16384');
          expect(r.TokenElevationType).toBe('%%1936');
        }
        // a limited token runs at medium integrity, an elevated one at high
        if (r.TokenElevationType === '%%1938') expect(r.MandatoryLabel).toBe('S-1-16-8192');
        if (r.TokenElevationType === '%%1937') expect(r.MandatoryLabel).toBe('S-1-16-12288');
      }
    });

    it("the admins' RDP sessions start their session processes under the session's logon id", () => {
      const rdp = events().filter((r) => Number(r.EventID) === 4624 && Number(r.LogonType) === 10 && SERVERS.includes(String(r.Computer)));
      expect(rdp.length).toBeGreaterThan(0);
      const rows = created();
      for (const l of rdp) {
        const mine = rows.filter((r) => r.Computer === l.Computer && r.SubjectLogonId === l.TargetLogonId);
        const names = new Set(mine.map((r) => r.Process));
        for (const p of ['userinit.exe', 'explorer.exe', 'rdpclip.exe']) expect(names.has(p), `${p} in ${l.TargetLogonId}`).toBe(true);
        for (const r of mine) expect(r.SubjectUserName).toBe(l.TargetUserName);
      }
    });

    it('process-creation record numbers never repeat on a host', () => {
      const seen = new Set<string>();
      for (const r of created()) {
        const k = `${r.Computer}|${r.EventRecordId}`;
        expect(seen.has(k), k).toBe(false);
        seen.add(k);
      }
    });
  });
}
