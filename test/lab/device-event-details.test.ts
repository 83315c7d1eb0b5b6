/**
 * The details hunts read from DeviceEvents.AdditionalFields and EmailPostDeliveryEvents, in every
 * committed dataset: local-group changes (the member by AccountSid, the group in GroupName /
 * GroupDomainName / GroupSid), scheduled tasks (TaskName, TaskContent as the task definition in JSON
 * text, SubjectUserName), antivirus detections (ThreatName, WasRemediated, WasExecutingWhileDetected)
 * and zero-hour auto purge rows whose DetectionMethods name the same threat as ThreatTypes.
 * Each value is checked against the row's other columns, not against fixed strings.
 */
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../src/lab/scenarios/index.ts';
import { committedRows, type Row } from './committed.ts';

/** AdditionalFields as a plain object: the Arrow struct's keys that hold a value (absent keys read as null). */
const json = (v: unknown): Record<string, unknown> => {
  const o = (typeof v === 'string' ? (v ? JSON.parse(v) : {}) : (v ?? {})) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(o).filter(([, x]) => x !== null && x !== undefined));
};
const ms = (v: unknown): number => (typeof v === 'bigint' ? Number(v / 1000n) : v instanceof Date ? v.getTime() : Number(v));

/** BUILTIN groups and their well-known SIDs (Windows' security identifiers reference). */
const BUILTIN: Record<string, string> = {
  Administrators: 'S-1-5-32-544',
  Users: 'S-1-5-32-545',
  Guests: 'S-1-5-32-546',
  'Power Users': 'S-1-5-32-547',
  'Backup Operators': 'S-1-5-32-551',
  'Remote Desktop Users': 'S-1-5-32-555',
  'Remote Management Users': 'S-1-5-32-580',
};

for (const s of SCENARIOS) {
  describe(`datasets/${s.id} DeviceEvents details`, () => {
    const events = (types: string[]): Row[] => committedRows(s.id, 'DeviceEvents').filter((r) => types.includes(String(r.ActionType)));

    it('local-group changes name the member by SID and the group (name, BUILTIN domain, matching SID) in AdditionalFields', () => {
      const rows = events(['UserAccountAddedToLocalGroup', 'UserAccountRemovedFromLocalGroup']);
      expect(rows.length).toBeGreaterThan(0);
      // the domain account behind a SID, as Defender for Identity saw it log on
      const logons = committedRows(s.id, 'IdentityLogonEvents');
      for (const r of rows) {
        const af = json(r.AdditionalFields);
        expect(Object.keys(af).sort()).toEqual(['GroupDomainName', 'GroupName', 'GroupSid']);
        expect(af.GroupDomainName).toBe('BUILTIN');
        expect(BUILTIN[String(af.GroupName)]).toBe(af.GroupSid);
        // the member: a domain account that logs on in the domain, named by the net1 command that made the change
        expect(String(r.AccountSid)).toMatch(/^S-1-5-21-\d+-\d+-\d+-\d+$/);
        expect(r.AccountName ?? '').toBe('');
        const who = logons.find((i) => i.AccountSid === r.AccountSid);
        expect(who).toBeDefined();
        const cmd = String(r.InitiatingProcessCommandLine);
        expect(cmd).toContain(`localgroup "${String(af.GroupName)}"`);
        expect(cmd.toLowerCase()).toContain(`\\${String(who!.AccountName).toLowerCase()} /`);
        expect(cmd).toContain(r.ActionType === 'UserAccountAddedToLocalGroup' ? '/add' : '/delete');
      }
    });

    it('scheduled tasks carry TaskContent: the definition as JSON text, its principal and command consistent with the task', () => {
      const rows = events(['ScheduledTaskCreated', 'ScheduledTaskUpdated', 'ScheduledTaskDeleted']);
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) {
        const af = json(r.AdditionalFields);
        const name = String(af.TaskName);
        expect(name.startsWith('\\')).toBe(true);
        expect(typeof af.TaskContent).toBe('string');
        const task = JSON.parse(String(af.TaskContent)) as {
          Triggers: Record<string, { StartBoundary: string }>;
          Principals: { Principal: { UserId: string; RunLevel: string } };
          Actions: { Exec: { Command: string; Arguments?: string } };
        };
        expect(task.Actions.Exec.Command.length).toBeGreaterThan(0);
        const trigger = Object.values(task.Triggers)[0];
        // the trigger starts when the task is registered, to the second
        expect(trigger.StartBoundary).toBe(new Date(ms(r.Timestamp)).toISOString().slice(0, 19));
        // registered by the initiating process's account
        expect(af.SubjectUserName).toBe(r.InitiatingProcessAccountName);
        const user = task.Principals.Principal.UserId;
        const perUser = /-(S-1-(?:5-21|12-1)-[\d-]+)$/.exec(name);
        if (perUser) {
          // a per-user task runs as the user its name carries, from the user's profile, unelevated
          expect(user).toBe(perUser[1]);
          expect(task.Principals.Principal.RunLevel).toBe('LeastPrivilege');
          expect(task.Actions.Exec.Command.startsWith('%localappdata%\\')).toBe(true);
          expect(task.Actions.Exec.Arguments === '/reporting').toBe(name.includes('Reporting Task'));
        } else {
          expect(user).toBe('S-1-5-18');
          // schtasks registered it under the name its command line gives
          const tn = /\/TN "([^"]+)"/.exec(String(r.InitiatingProcessCommandLine));
          expect(tn?.[1]).toBe(name.slice(1));
        }
      }
    });

    it('every antivirus detection says what it found and whether it was remediated or running', () => {
      const rows = events(['AntivirusDetection']);
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) {
        const af = json(r.AdditionalFields);
        expect(String(af.ThreatName)).toMatch(/^[A-Za-z]+:[A-Za-z0-9]+\/\S+/);
        expect(typeof af.WasRemediated).toBe('boolean');
        expect(typeof af.WasExecutingWhileDetected).toBe('boolean');
      }
    });
  });

  describe(`datasets/${s.id} EmailPostDeliveryEvents`, () => {
    it("DetectionMethods name the row's ThreatTypes and nothing else", () => {
      const rows = committedRows(s.id, 'EmailPostDeliveryEvents');
      expect(rows.some((r) => r.ThreatTypes === 'Malware')).toBe(true);
      for (const r of rows) {
        const threat = String(r.ThreatTypes ?? '');
        if (!threat) {
          expect(r.DetectionMethods ?? '').toBe('');
          continue;
        }
        const det = JSON.parse(String(r.DetectionMethods)) as Record<string, string[]>;
        expect(Object.keys(det)).toEqual(threat.split(','));
        for (const methods of Object.values(det)) expect(methods.length).toBeGreaterThan(0);
        // a purge's ActionType names the same threat
        if (String(r.ActionType).endsWith(' ZAP')) expect(r.ActionType).toBe(`${threat} ZAP`);
      }
    });
  });
}
