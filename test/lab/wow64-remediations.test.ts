/**
 * Intune remediations in the default 32-bit PowerShell host (src/lab/estate-wow64.ts), in every
 * committed dataset: each background device runs the packages daily from its Intune Management
 * Extension agent, through AgentExecutor, in `C:\Windows\SysWOW64\WindowsPowerShell\v1.0`; each host
 * has its console, its PowerShell host pipe and its first cmdlet; none lands on a scenario's devices.
 */
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../src/lab/scenarios/index.ts';
import { committedRows, type Row } from './committed.ts';

const ms = (v: unknown): number => (typeof v === 'bigint' ? Number(v / 1000n) : v instanceof Date ? v.getTime() : Number(v));
const json = (v: unknown): Record<string, unknown> => (typeof v === 'string' ? JSON.parse(v) : (v as Record<string, unknown>)) ?? {};
const WOW = 'C:\\Windows\\SysWOW64\\WindowsPowerShell\\v1.0\\powershell.exe';
const day = (r: Row) => new Date(ms(r.Timestamp)).toISOString().slice(0, 10);

for (const s of SCENARIOS) {
  describe(`datasets/${s.id} remediations in the 32-bit host`, () => {
    const scripted = new Set(s.cast.devices.map((d) => d.name));
    const procs = () => committedRows(s.id, 'DeviceProcessEvents');
    // the remediation hosts: 32-bit PowerShell started by AgentExecutor with -remediationScript
    const hosts = () => procs().filter((r) => r.FolderPath === WOW && String(r.InitiatingProcessCommandLine).includes(' -remediationScript '));

    it('run daily on every background device that runs the agent, never on the scenario devices', () => {
      const rows = hosts();
      expect(rows.length).toBeGreaterThan(20);
      for (const r of rows) expect(scripted.has(String(r.DeviceName))).toBe(false);
      // every day of the window, including the last one ago(1d) reaches
      expect(new Set(rows.map(day)).size).toBe(4);
      const agents = new Set(
        procs()
          .filter((r) => r.FileName === 'AgentExecutor.exe' && !scripted.has(String(r.DeviceName)))
          .map((r) => String(r.DeviceName)),
      );
      expect(new Set(rows.map((r) => String(r.DeviceName)))).toEqual(agents);
    });

    it('are started by AgentExecutor (itself started by the agent) with the 32-bit host in its arguments', () => {
      const all = procs();
      const byKey = new Map(all.map((p) => [`${p.DeviceName}|${p.ProcessId}|${ms(p.ProcessCreationTime)}`, p]));
      for (const r of hosts()) {
        expect(r.InitiatingProcessFileName).toBe('AgentExecutor.exe');
        expect(r.InitiatingProcessParentFileName).toBe('Microsoft.Management.Services.IntuneWindowsAgent.exe');
        expect(String(r.InitiatingProcessCommandLine)).toContain('"C:\\Windows\\SysWOW64\\WindowsPowerShell\\v1.0" 0 "" False');
        const script = /-file "([^"]+)"/.exec(String(r.ProcessCommandLine))?.[1];
        expect(script).toMatch(/\\Policies\\Scripts\\[0-9a-f-]{36}_(detect|remediate)\.ps1$/);
        expect(String(r.InitiatingProcessCommandLine)).toContain(`-remediationScript "${script}"`);
        const ax = byKey.get(`${r.DeviceName}|${r.InitiatingProcessId}|${ms(r.InitiatingProcessCreationTime)}`);
        expect(ax, 'the AgentExecutor process row').toBeDefined();
        expect(ms(r.ProcessCreationTime)).toBeGreaterThan(ms(ax!.ProcessCreationTime));
      }
      // detection on every run; a remediation only now and then, after a detection on the same device
      const kinds = hosts().map((r) => (String(r.ProcessCommandLine).includes('_detect.ps1') ? 'detect' : 'remediate'));
      expect(kinds.filter((k) => k === 'detect').length).toBeGreaterThan(kinds.filter((k) => k === 'remediate').length * 3);
    });

    it('each host has its console, its PowerShell host pipe and a first cmdlet', () => {
      const rows = hosts();
      const keyOf = (r: Row, pfx: '' | 'InitiatingProcess') =>
        pfx === '' ? `${r.DeviceName}|${r.ProcessId}|${ms(r.ProcessCreationTime)}` : `${r.DeviceName}|${r.InitiatingProcessId}|${ms(r.InitiatingProcessCreationTime)}`;
      const consoles = new Set(procs().filter((r) => r.FileName === 'conhost.exe').map((r) => keyOf(r, 'InitiatingProcess')));
      const events = committedRows(s.id, 'DeviceEvents');
      const pipes = new Set(
        events.filter((r) => r.ActionType === 'NamedPipeEvent' && String(json(r.AdditionalFields).PipeName).includes('.DefaultAppDomain.powershell')).map((r) => keyOf(r, 'InitiatingProcess')),
      );
      const cmdlets = new Set(events.filter((r) => r.ActionType === 'PowerShellCommand').map((r) => keyOf(r, 'InitiatingProcess')));
      for (const r of rows) {
        const k = keyOf(r, '');
        expect(consoles.has(k), `console of ${k}`).toBe(true);
        expect(pipes.has(k), `host pipe of ${k}`).toBe(true);
        expect(cmdlets.has(k), `cmdlet of ${k}`).toBe(true);
      }
    });
  });
}
