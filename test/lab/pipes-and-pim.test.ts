/**
 * Background a hunter meets in a real estate, in every committed dataset: the named pipes the
 * background devices' own processes create (src/lab/estate-pipes.ts), the sockets app01 listens on
 * (src/lab/estate-servers.ts) and the IT administrator's role activations in Privileged Identity
 * Management (src/lab/sentinel-helpdesk.ts). Each pipe belongs to a process the dataset shows
 * starting on that device, and none lands on a scenario's own devices.
 */
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../src/lab/scenarios/index.ts';
import { committedRows, type Row } from './committed.ts';

const ms = (v: unknown): number => (typeof v === 'bigint' ? Number(v / 1000n) : v instanceof Date ? v.getTime() : Number(v));
const json = (v: unknown): Record<string, unknown> => (typeof v === 'string' ? JSON.parse(v) : (v as Record<string, unknown>)) ?? {};
const PIPE = '\\Device\\NamedPipe\\';
/** A dynamic array column: JSON text, or an Arrow list whose elements are JSON texts. */
const list = (v: unknown): Record<string, unknown>[] => {
  if (typeof v === 'string') return JSON.parse(v);
  return [...(v as Iterable<unknown>)].map((x) => (typeof x === 'string' ? JSON.parse(x) : x) as Record<string, unknown>);
};
const targets = (r: Row) => list(r.TargetResources) as { type: string; displayName: string }[];

for (const s of SCENARIOS) {
  describe(`datasets/${s.id} named pipes`, () => {
    const scripted = new Set(s.cast.devices.map((d) => d.name));
    const allPipes = () => committedRows(s.id, 'DeviceEvents').filter((r) => r.ActionType === 'NamedPipeEvent');
    // the background's pipes (a scenario may write its own on its devices, e.g. AD FS reaching its database)
    const pipes = () => allPipes().filter((r) => !scripted.has(String(r.DeviceName)));
    const started = () => {
      const m = new Map<string, Row>();
      for (const p of committedRows(s.id, 'DeviceProcessEvents')) m.set(`${p.DeviceName}|${p.ProcessId}|${ms(p.ProcessCreationTime)}`, p);
      return m;
    };

    it('are created by PowerShell hosts, Edge, the PsExec service and SQL Server, on background devices only', () => {
      const rows = pipes();
      expect(rows.length).toBeGreaterThan(100);
      const by = new Set(rows.map((r) => String(r.InitiatingProcessFileName).toLowerCase()));
      for (const exe of ['powershell.exe', 'msedge.exe', 'psexesvc.exe', 'sqlservr.exe']) expect(by).toContain(exe);
      const kinds = /\\(PSHost\.|crashpad_|mojo\.|PSEXESVC|sql\\query$)/;
      for (const r of allPipes()) if (scripted.has(String(r.DeviceName))) expect(String(json(r.AdditionalFields).PipeName)).not.toMatch(kinds);
      for (const r of rows) {
        const af = json(r.AdditionalFields);
        expect(String(af.PipeName).startsWith(PIPE)).toBe(true);
        expect(af.FileOperation).toBe('File created');
        expect(af.NamedPipeEnd).toBe('Server');
        expect(Number(af.ThreadId) % 4).toBe(0);
      }
      // spread over the window, as the processes are
      expect(new Set(rows.map((r) => new Date(ms(r.Timestamp)).toISOString().slice(0, 10))).size).toBe(4);
    });

    it('each pipe follows the start of its process on that device, and names it as Windows does', () => {
      const procs = started();
      for (const r of pipes()) {
        const key = `${r.DeviceName}|${r.InitiatingProcessId}|${ms(r.InitiatingProcessCreationTime)}`;
        const p = procs.get(key);
        expect(p, key).toBeDefined();
        expect(ms(r.Timestamp)).toBeGreaterThanOrEqual(ms(p!.ProcessCreationTime));
        const name = String(json(r.AdditionalFields).PipeName).slice(PIPE.length);
        const exe = String(r.InitiatingProcessFileName).toLowerCase();
        if (exe === 'powershell.exe') {
          // PSHost.<start time as FILETIME>.<pid>.DefaultAppDomain.powershell
          const m = /^PSHost\.(\d+)\.(\d+)\.DefaultAppDomain\.powershell$/.exec(name);
          expect(m, name).not.toBeNull();
          expect(Number(m![2])).toBe(Number(r.InitiatingProcessId));
          const filetimeMs = Number((BigInt(m![1]) - 116_444_736_000_000_000n) / 10_000n);
          expect(filetimeMs).toBe(ms(r.InitiatingProcessCreationTime));
        } else if (exe === 'msedge.exe') {
          expect(name).toMatch(new RegExp(`^(crashpad_${r.InitiatingProcessId}_[A-Z]{16}|mojo\\.${r.InitiatingProcessId}\\.\\d+\\.\\d{19})$`));
        } else if (exe === 'psexesvc.exe') {
          expect(name).toMatch(/^PSEXESVC(-[A-Z0-9-]+-\d+-(stdin|stdout|stderr))?$/);
        } else {
          expect(exe).toBe('sqlservr.exe');
          expect(name).toBe('sql\\query');
        }
      }
    });

    it("the PsExec service's stdio pipes name the client device and the PsExec process that connected", () => {
      const procs = [...started().values()];
      const io = pipes().filter((r) => /PSEXESVC-.+-stdin$/.test(String(json(r.AdditionalFields).PipeName)));
      expect(io.length).toBeGreaterThan(0);
      for (const r of io) {
        const m = /PSEXESVC-(.+)-(\d+)-stdin$/.exec(String(json(r.AdditionalFields).PipeName))!;
        const client = procs.filter((p) => /^psexec(64)?\.exe$/i.test(String(p.FileName)) && Number(p.ProcessId) === Number(m[2]) && String(p.DeviceName).split('.')[0].toUpperCase() === m[1]);
        expect(client.length).toBe(1);
        expect(String(client[0].ProcessCommandLine).toLowerCase()).toContain(`\\\\${String(r.DeviceName).split('.')[0].toLowerCase()}`);
        expect(ms(r.Timestamp) - ms(client[0].ProcessCreationTime)).toBeLessThan(60_000);
      }
    });
  });

  describe(`datasets/${s.id} app01 listeners and PIM`, () => {
    it('app01 listens on its services\' ports once, after its boot, each by the process that serves it', () => {
      const l = committedRows(s.id, 'DeviceNetworkEvents').filter((r) => r.ActionType === 'ListeningConnectionCreated' && String(r.DeviceName).startsWith('app01.'));
      const ports = new Map(l.map((r) => [Number(r.LocalPort), String(r.InitiatingProcessFileName)]));
      expect(l.length).toBe(ports.size);
      expect(ports.get(1433)).toBe('sqlservr.exe');
      expect(ports.get(3389)).toBe('svchost.exe');
      for (const p of [80, 443, 445, 5985]) expect(ports.get(p)).toBe('System');
    });

    it('each PIM activation is requested, completed seconds later with the same justification, and expires after its hours', () => {
      const a = committedRows(s.id, 'AuditLogs').filter((r) => r.LoggedByService === 'PIM');
      const req = a.filter((r) => r.OperationName === 'Add member to role requested (PIM activation)');
      const done = a.filter((r) => r.OperationName === 'Add member to role completed (PIM activation)');
      const exp = a.filter((r) => r.OperationName === 'Remove member from role (PIM activation expired)');
      expect(req.length).toBeGreaterThan(2);
      expect(done.length).toBe(req.length);
      const end = Math.max(...committedRows(s.id, 'AuditLogs').map((r) => ms(r.TimeGenerated)));
      for (const q of req) {
        expect(q.Category).toBe('RoleManagement');
        const c = done.filter((d) => d.CorrelationId === q.CorrelationId);
        expect(c.length).toBe(1);
        expect(ms(c[0].TimeGenerated) - ms(q.TimeGenerated)).toBeGreaterThan(0);
        expect(ms(c[0].TimeGenerated) - ms(q.TimeGenerated)).toBeLessThan(60_000);
        expect(c[0].ResultReason).toBe(q.ResultReason);
        expect(String(q.ResultReason)).toMatch(/\(ticket INC\d+\)$/);
        const t = targets(q);
        expect(t.map((x) => x.type)).toEqual(['Role', 'User']);
      }
      // expiries come from PIM itself, one to eight hours after a completion of the same role
      expect(exp.length).toBeGreaterThan(0);
      expect(exp.length).toBeLessThanOrEqual(done.length);
      for (const e of exp) {
        expect(json(e.InitiatedBy).user ?? null).toBeNull();
        expect(ms(e.TimeGenerated)).toBeLessThanOrEqual(end);
        const role = targets(e)[0].displayName;
        const from = done.filter((d) => targets(d)[0].displayName === role && [1, 2, 3, 4, 5, 6, 7, 8].includes((ms(e.TimeGenerated) - ms(d.TimeGenerated)) / 3_600_000));
        expect(from.length, String(role)).toBe(1);
      }
    });
  });
}
