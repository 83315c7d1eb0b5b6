/**
 * The domain's Security log around the clock (src/lab/sentinel-domain.ts) and Entra ID through the
 * night (src/lab/sentinel-overnight.ts) in every committed dataset: the DCs' Kerberos and NTLM
 * events agree with Defender for Identity's view of the same authentications, the file server's
 * logons open shares and end in a logoff, computer accounts and service accounts keep the DCs busy
 * at night, failures carry documented codes, and the sign-in and audit logs have rows at night.
 */
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../src/lab/scenarios/index.ts';
import { committedRows } from './committed.ts';

/** Arrow times as epoch microseconds (bigint) or milliseconds (number): milliseconds. */
const ms = (v: unknown): number => (typeof v === 'bigint' ? Number(v / 1000n) : v instanceof Date ? v.getTime() : Number(v));
const hourOf = (v: unknown) => new Date(ms(v)).getUTCHours();
const field = (xml: unknown, name: string) => new RegExp(`<Data Name="${name}">([^<]*)</Data>`).exec(String(xml))?.[1];

for (const s of SCENARIOS) {
  describe(`datasets/${s.id} domain baseline`, () => {
    const se = () => committedRows(s.id, 'SecurityEvent');
    const dcs = ['dc01.corp.contoso.example', 'dc02.corp.contoso.example'];

    it('every Kerberos service ticket Defender for Identity reports for a background user is a 4769 on that DC, same client and port', () => {
      const tickets = se().filter((r) => Number(r.EventID) === 4769);
      const key = (dc: unknown, ip: unknown, port: unknown, t: unknown) => `${dc}|${String(ip).replace('::ffff:', '')}|${port}|${ms(t)}`;
      const have = new Set(tickets.map((r) => key(r.Computer, r.IpAddress, r.IpPort, r.TimeGenerated)));
      const users = new Set(tickets.filter((r) => !String(r.TargetUserName).includes('$@')).map((r) => String(r.TargetUserName).split('@')[0]));
      const mdi = committedRows(s.id, 'IdentityLogonEvents').filter((r) => r.LogonType === 'Resource access' && r.Protocol === 'Kerberos' && r.ActionType === 'LogonSuccess' && users.has(String(r.AccountName)) && dcs.includes(String(r.DestinationDeviceName)));
      expect(mdi.length).toBeGreaterThan(20);
      for (const r of mdi) expect(have.has(key(r.DestinationDeviceName, r.IPAddress, r.Port, r.Timestamp))).toBe(true);
      for (const r of tickets) {
        expect(dcs).toContain(r.Computer);
        expect(field(r.EventData, 'TicketEncryptionType')).toBe('0x12');
        expect(field(r.EventData, 'ServiceName')).toBe(r.ServiceName);
        expect(String(r.TargetUserName)).toMatch(/@CORP\.CONTOSO\.EXAMPLE$/);
      }
    });

    it('users get a TGT before their first service ticket of the day, machines renew theirs through the night', () => {
      const tgts = se().filter((r) => Number(r.EventID) === 4768 && r.Status === '0x0');
      for (const r of tgts) {
        expect(r.ServiceName).toBe('krbtgt');
        expect(field(r.EventData, 'PreAuthType')).toBe('2');
        expect(String(r.IpAddress)).toMatch(/^::ffff:10\./);
      }
      const firstTicket = new Map<string, number>();
      for (const r of se().filter((x) => Number(x.EventID) === 4769 && !String(x.TargetUserName).includes('$@'))) {
        const k = `${String(r.TargetUserName).split('@')[0]}|${new Date(ms(r.TimeGenerated)).toISOString().slice(0, 10)}`;
        firstTicket.set(k, Math.min(firstTicket.get(k) ?? Infinity, ms(r.TimeGenerated)));
      }
      for (const [k, t] of firstTicket) {
        if (k.startsWith('svc-') || k.startsWith('adm-')) continue;
        const [name, day] = k.split('|');
        const tgt = tgts.filter((r) => r.TargetUserName === name && new Date(ms(r.TimeGenerated)).toISOString().slice(0, 10) === day);
        expect(tgt.length, k).toBeGreaterThan(0);
        expect(Math.min(...tgt.map((r) => ms(r.TimeGenerated)))).toBeLessThanOrEqual(t);
      }
      const nightMachines = tgts.filter((r) => String(r.TargetUserName).endsWith('$') && (hourOf(r.TimeGenerated) < 6 || hourOf(r.TimeGenerated) >= 22));
      expect(nightMachines.length).toBeGreaterThan(5);
    });

    it('the DCs log every hour of the day, and logons end in logoffs with the same logon id', () => {
      const dc = se().filter((r) => dcs.includes(String(r.Computer)));
      expect(new Set(dc.map((r) => hourOf(r.TimeGenerated))).size).toBe(24);
      const logons = se().filter((r) => Number(r.EventID) === 4624 && [3, 4].includes(Number(r.LogonType)) && r.Computer !== 'win10-hyb02.corp.contoso.example');
      const offs = new Set(se().filter((r) => Number(r.EventID) === 4634).map((r) => `${r.Computer}|${r.TargetLogonId}`));
      const ended = logons.filter((r) => offs.has(`${r.Computer}|${r.TargetLogonId}`));
      expect(ended.length / logons.length).toBeGreaterThan(0.9);
      const types = new Set(se().filter((r) => Number(r.EventID) === 4624).map((r) => Number(r.LogonType)));
      for (const t of [3, 4, 10]) expect(types.has(t)).toBe(true);
    });

    it('file server sessions open shares (5140) and check files (5145) under the logon id of a 4624', () => {
      const fs = se().filter((r) => r.Computer === 'fs01.corp.contoso.example');
      const lids = new Set(fs.filter((r) => Number(r.EventID) === 4624).map((r) => String(r.TargetLogonId)));
      const shares = fs.filter((r) => [5140, 5145].includes(Number(r.EventID)));
      expect(shares.length).toBeGreaterThan(50);
      for (const r of shares) {
        expect(lids.has(String(r.SubjectLogonId))).toBe(true);
        expect(String(r.ShareName)).toMatch(/^\\\\\*\\/);
        expect(r.ObjectType).toBe('File');
      }
      expect(fs.some((r) => Number(r.EventID) === 5140 && r.ShareName === '\\\\*\\D$' && r.SubjectUserName === 'svc-backup' && hourOf(r.TimeGenerated) >= 22)).toBe(true);
    });

    it('NTLM is validated by a DC (4776) and failures carry documented NTSTATUS codes', () => {
      const v = se().filter((r) => Number(r.EventID) === 4776);
      expect(v.length).toBeGreaterThan(5);
      for (const r of v) {
        expect(r.PackageName).toBe('MICROSOFT_AUTHENTICATION_PACKAGE_V1_0');
        expect(['0x0', '0xc000006a', '0xc0000064', '0xc0000072', '0xc0000234', '0xc0000071']).toContain(r.Status);
      }
      for (const r of se().filter((x) => Number(x.EventID) === 4625)) {
        expect(['0xc000006d', '0xc000006e']).toContain(r.Status);
        expect(['0xc000006a', '0xc0000064', '0xc0000072']).toContain(r.SubStatus);
      }
    });

    it('scheduled jobs run under stored credentials: 4648 by the Task Scheduler, then a batch logon with special privileges', () => {
      const explicit = se().filter((r) => Number(r.EventID) === 4648 && r.TargetUserName === 'svc-sccm');
      expect(explicit.length).toBeGreaterThan(10);
      const batch = se().filter((r) => Number(r.EventID) === 4624 && Number(r.LogonType) === 4);
      const priv = new Set(se().filter((r) => Number(r.EventID) === 4672).map((r) => `${r.Computer}|${r.SubjectLogonId}`));
      for (const r of batch) expect(priv.has(`${r.Computer}|${r.TargetLogonId}`)).toBe(true);
      const procs = new Set(se().filter((r) => Number(r.EventID) === 4688 && r.SubjectUserName === 'svc-sccm').map((r) => String(r.SubjectLogonId)));
      for (const r of batch) expect(procs.has(String(r.TargetLogonId))).toBe(true);
    });

    it('Entra ID has sign-ins and audit records at night', () => {
      const night = (v: unknown) => hourOf(v) < 6;
      const ni = committedRows(s.id, 'AADNonInteractiveUserSignInLogs').filter((r) => night(r.TimeGenerated));
      expect(ni.length).toBeGreaterThan(50);
      const apps = new Set(ni.map((r) => r.AppDisplayName));
      for (const a of ['Microsoft Outlook', 'Microsoft Teams']) expect(apps.has(a)).toBe(true);
      const audit = committedRows(s.id, 'AuditLogs').filter((r) => night(r.TimeGenerated) && r.Identity === 'Contoso HR Sync');
      expect(audit.length).toBeGreaterThan(3);
      for (const r of audit) expect(r.OperationName).toBe('Update user');
    });
  });
}
