/**
 * Sysmon's operational log in the Event table (src/lab/sentinel-sysmon.ts), in every committed
 * dataset: only the servers that collect Event rows and audit process creation log it; each
 * process create agrees with the host's 4688 audit (time to the second, image, command line,
 * parent image, process ids); the conhost noise the config excludes is absent; EventData is the
 * agent's XML with the schema's field list per event id, and RenderedDescription the same fields
 * as text; the PsExec service's registry values follow the System log's 7045. On the lab, the
 * Sentinel Sysmon idiom (parse_xml, mv-expand, bag_unpack, pivot) returns the process creates
 * with Image / CommandLine / ParentImage columns.
 */
import { describe, expect, it } from 'vitest';
import { resolveDataset } from '../../src/cli/datasets.ts';
import { SCENARIOS } from '../../src/lab/scenarios/index.ts';
import { useRunner } from '../cli/helpers.ts';
import { committedRows, type Row } from './committed.ts';

const ms = (v: unknown): number => (typeof v === 'bigint' ? Number(v / 1000n) : v instanceof Date ? v.getTime() : Number(v));
const HOSTS = ['dc01.corp.contoso.example', 'fs01.corp.contoso.example', 'sccm01.corp.contoso.example'];
const FIELDS: Record<number, string[]> = {
  1: 'RuleName UtcTime ProcessGuid ProcessId Image FileVersion Description Product Company OriginalFileName CommandLine CurrentDirectory User LogonGuid LogonId TerminalSessionId IntegrityLevel Hashes ParentProcessGuid ParentProcessId ParentImage ParentCommandLine ParentUser'.split(' '),
  3: 'RuleName UtcTime ProcessGuid ProcessId Image User Protocol Initiated SourceIsIpv6 SourceIp SourceHostname SourcePort SourcePortName DestinationIsIpv6 DestinationIp DestinationHostname DestinationPort DestinationPortName'.split(' '),
  11: 'RuleName UtcTime ProcessGuid ProcessId Image TargetFilename CreationUtcTime User'.split(' '),
  13: 'RuleName EventType UtcTime ProcessGuid ProcessId Image TargetObject Details User'.split(' '),
};
const TITLE: Record<number, string> = { 1: 'Process Create:', 3: 'Network connection detected:', 11: 'File created:', 13: 'Registry value set:' };

/** The Data elements of an EventData text, unescaped, in order. */
const dataOf = (xml: string): [string, string][] =>
  [...xml.matchAll(/<Data Name="(\w+)">([^<]*)<\/Data>/g)].map((m) => [m[1], m[2].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')]);

for (const s of SCENARIOS) {
  describe(`datasets/${s.id} Sysmon events in Event`, () => {
    const sysmon = () => committedRows(s.id, 'Event').filter((r) => r.Source === 'Microsoft-Windows-Sysmon');

    it('only the Sysmon servers log it, events 1, 3, 11 and 13, as the agent fills Event', () => {
      const rows = sysmon();
      expect(rows.length).toBeGreaterThan(500);
      expect(new Set(rows.map((r) => r.Computer))).toEqual(new Set(HOSTS));
      expect(new Set(rows.map((r) => Number(r.EventID)))).toEqual(new Set([1, 3, 11, 13]));
      const other = committedRows(s.id, 'Event').find((r) => r.Source !== 'Microsoft-Windows-Sysmon')!;
      for (const r of rows) {
        expect(r.EventLog).toBe('Microsoft-Windows-Sysmon/Operational');
        expect(Number(r.EventLevel)).toBe(4);
        expect(r.EventLevelName).toBe('Information');
        expect(r.UserName).toBe('NT AUTHORITY\\SYSTEM');
        expect(r.SourceSystem).toBe('OpsManager');
        expect(r.ManagementGroupName).toBe(other.ManagementGroupName);
        expect(r.Type).toBe('Event');
      }
    });

    it("EventData holds the schema's fields in order, RenderedDescription the same as text", () => {
      for (const r of sysmon()) {
        const id = Number(r.EventID);
        const xml = String(r.EventData);
        expect(xml).toMatch(/^<DataItem type="System\.XmlData" time="[^"]+" sourceHealthServiceId="[0-9A-F-]{36}"><EventData xmlns="http:\/\/schemas\.microsoft\.com\/win\/2004\/08\/events\/event">/);
        const data = dataOf(xml);
        expect(data.map(([k]) => k)).toEqual(FIELDS[id]);
        for (const [, v] of data) expect(v).toBe(v.trim());
        expect(String(r.RenderedDescription)).toBe([TITLE[id], ...data.map(([k, v]) => `${k}: ${v}`)].join('\r\n'));
        const utc = data.find(([k]) => k === 'UtcTime')![1];
        expect(Date.parse(`${utc.replace(' ', 'T')}Z`)).toBe(ms(r.TimeGenerated));
      }
    });

    it("each process create matches the host's 4688 audit; the console host noise is excluded", () => {
      const audits = committedRows(s.id, 'SecurityEvent').filter((r) => Number(r.EventID) === 4688 && HOSTS.includes(String(r.Computer)));
      const key = (host: unknown, sec: number, pid: number, image: string, cmd: string) => `${host}|${sec}|${pid}|${image}|${cmd}`;
      const want = new Map<string, Row>();
      for (const a of audits) {
        if (String(a.CommandLine) === '\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1') continue;
        want.set(key(a.Computer, Math.floor(ms(a.TimeGenerated) / 1000), Number.parseInt(String(a.NewProcessId), 16), String(a.NewProcessName), String(a.CommandLine)), a);
      }
      const creates = sysmon().filter((r) => Number(r.EventID) === 1);
      expect(creates.length).toBe(want.size);
      for (const r of creates) {
        const d = Object.fromEntries(dataOf(String(r.EventData)));
        const a = want.get(key(r.Computer, Math.floor(ms(r.TimeGenerated) / 1000), Number(d.ProcessId), d.Image, d.CommandLine));
        expect(a, `${r.Computer} ${d.CommandLine}`).toBeDefined();
        expect(d.ParentImage).toBe(a!.ParentProcessName);
        expect(Number(d.ParentProcessId)).toBe(Number.parseInt(String(a!.ProcessId), 16));
        expect(d.User).toBe(a!.SubjectUserSid === 'S-1-5-18' ? 'NT AUTHORITY\\SYSTEM' : `CORP\\${a!.SubjectUserName}`);
        expect(d.IntegrityLevel).toBe({ 'S-1-16-16384': 'System', 'S-1-16-12288': 'High', 'S-1-16-8192': 'Medium' }[String(a!.MandatoryLabel)]);
        expect(d.Hashes).toMatch(/^MD5=[0-9A-F]{32},SHA256=[0-9A-F]{64},IMPHASH=[0-9A-F]{32}$/);
        if (/\\powershell\.exe$/i.test(d.Image)) expect(d.RuleName).toBe('technique_id=T1059.001,technique_name=PowerShell');
      }
    });

    it('a process started from a logged shell names that shell as its parent (same GUID)', () => {
      const creates = sysmon().filter((r) => Number(r.EventID) === 1).map((r) => ({ host: r.Computer, ...Object.fromEntries(dataOf(String(r.EventData))) }) as Record<string, string>);
      const byGuid = new Map(creates.map((c) => [c.ProcessGuid, c]));
      const fromShell = creates.filter((c) => /\\(cmd|powershell)\.exe$/i.test(c.ParentImage) && byGuid.has(c.ParentProcessGuid));
      expect(fromShell.length).toBeGreaterThan(0);
      for (const c of fromShell) {
        const p = byGuid.get(c.ParentProcessGuid)!;
        expect(p.host).toBe(c.host);
        expect(p.Image).toBe(c.ParentImage);
        expect(p.CommandLine).toBe(c.ParentCommandLine);
        expect(Number(p.ProcessId)).toBe(Number(c.ParentProcessId));
      }
    });

    it("the PsExec service's registry values follow each 7045 on the file server", () => {
      const installs = committedRows(s.id, 'Event').filter((r) => Number(r.EventID) === 7045 && String(r.RenderedDescription).includes('PSEXESVC'));
      const sets = sysmon().filter((r) => Number(r.EventID) === 13);
      expect(sets.length).toBe(2 * installs.length);
      for (const r of sets) {
        const d = Object.fromEntries(dataOf(String(r.EventData)));
        expect(d.Image).toBe('C:\\Windows\\System32\\services.exe');
        expect(d.TargetObject).toMatch(/^HKLM\\System\\CurrentControlSet\\Services\\PSEXESVC\\(ImagePath|Start)$/);
        expect(installs.some((i) => i.Computer === r.Computer && Math.abs(ms(i.TimeGenerated) - ms(r.TimeGenerated)) < 1000)).toBe(true);
      }
    });
  });
}

describe('the Sentinel Sysmon idiom on the lab', () => {
  const { run } = useRunner(() => ({ dataset: resolveDataset('lab', false) }));
  // the process creates only (as hunts filter before parsing): the idiom parses each row's XML and pivots twice
  const idiom = `Event
| where Source == "Microsoft-Windows-Sysmon" and EventID == 1
| extend EventData = parse_xml(EventData).DataItem.EventData.Data
| mv-expand bagexpansion=array EventData
| evaluate bag_unpack(EventData)
| extend Key = tostring(['@Name']), Value = ['#text']
| evaluate pivot(Key, any(Value), TimeGenerated, Source, EventLog, Computer, EventLevel, EventLevelName, EventID, UserName, RenderedDescription, ManagementGroupName, Type, _ResourceId)`;

  it('returns the process creates with Image, CommandLine, ParentImage and RuleName columns', async () => {
    const r = await run(`${idiom}
| project Computer, Image, CommandLine, ParentImage, RuleName`);
    expect(r.columns.map((c) => c.name)).toEqual(['Computer', 'Image', 'CommandLine', 'ParentImage', 'RuleName']);
    const creates = committedRows('lab', 'Event').filter((e) => e.Source === 'Microsoft-Windows-Sysmon' && Number(e.EventID) === 1);
    const expected = creates.map((e) => {
      const d = Object.fromEntries(dataOf(String(e.EventData)));
      return [String(e.Computer), d.Image, d.CommandLine, d.ParentImage, d.RuleName].join('|');
    });
    expect(r.rows.map((x) => x.join('|')).sort()).toEqual(expected.sort());
    // the ConfigMgr client's baseline scripts: PowerShell under CcmExec on every Sysmon host, tagged as PowerShell
    const ccm = r.rows.filter((x) => String(x[1]).endsWith('\\powershell.exe') && String(x[3]).endsWith('\\CcmExec.exe'));
    expect(new Set(ccm.map((x) => x[0]))).toEqual(new Set(HOSTS));
    for (const x of ccm) expect(x[4]).toBe('technique_id=T1059.001,technique_name=PowerShell');
    const wmi = r.rows.filter((x) => String(x[2]).includes('wmiprvse.exe -secured -Embedding'));
    expect(wmi.length).toBeGreaterThan(0);
    for (const x of wmi) expect([x[1], x[3], x[4]]).toEqual(['C:\\Windows\\System32\\wbem\\WmiPrvSE.exe', 'C:\\Windows\\System32\\svchost.exe', 'technique_id=T1047,technique_name=Windows Management Instrumentation']);
  }, 300_000);
});
