/**
 * Defender's typing of the JSON columns (catalog/json-text.ts). The Defender advanced-hunting pages
 * type AdditionalFields and DeviceInfo.LoggedOnUsers as `string` (JSON text), the Log Analytics
 * pages of the same tables as `dynamic`; the lab stores them dynamic. A query that is an error with
 * the dynamic typing and compiles with the string one is read as Defender would: the column is its
 * JSON text (Kusto's tostring() of the stored value). A query valid with the dynamic typing keeps it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import { type Catalog, compile } from '../../src/kql/index.ts';
import { runKql } from './helpers.ts';

const FIELDS = 'STRUCT("Command" VARCHAR, "Count" BIGINT)';
const catalog: Catalog = {
  dataset: 'jsontext',
  tables: [
    {
      name: 'DeviceEvents',
      kind: 'advanced-hunting',
      columns: [
        { name: 'Timestamp', type: 'datetime' },
        { name: 'DeviceName', type: 'string' },
        { name: 'AdditionalFields', type: 'dynamic', duckType: FIELDS, documentedType: 'string' },
      ],
    },
  ],
};

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
  await engine.query(`CREATE OR REPLACE TABLE DeviceEvents ("Timestamp" TIMESTAMP, "DeviceName" VARCHAR, "AdditionalFields" ${FIELDS})`);
  await engine.query(`INSERT INTO DeviceEvents VALUES
    ('2024-05-19 10:00:00', 'a', {'Command': 'DetectSandboxie', 'Count': NULL}),
    ('2024-05-19 11:00:00', 'a', {'Command': 'Get-Content', 'Count': 2}),
    ('2024-05-19 12:00:00', 'b', {'Command': 'Get-Content', 'Count': 2}),
    ('2024-05-19 13:00:00', 'b', NULL)`);
});
afterAll(async () => {
  await engine?.close();
});

const run = (kql: string) => runKql(engine, kql, catalog);
const codes = (kql: string) => compile(kql, { catalog, now: '2024-05-20T00:00:00Z' }).diagnostics.map((d) => d.code);

describe('a query that only type-checks with Defender typing reads the JSON text', () => {
  it('compares the column with a string as text (the Microsoft-365-Defender "Sandboxie" hunt)', async () => {
    // dynamic == string is refused (HB106: Kusto's answer is not documented); as Defender's string
    // column it is string equality with the JSON text.
    expect(await run(`DeviceEvents | where AdditionalFields == "{\\"Command\\":\\"DetectSandboxie\\"}" | project DeviceName`)).toEqual([['a']]);
    expect(codes(`DeviceEvents | where AdditionalFields == "x"`)).toContain('HB144');
  });

  it('groups by the column (a dynamic group key is Kusto error KS116)', async () => {
    const rows = await run('DeviceEvents | summarize n = count() by AdditionalFields | order by AdditionalFields asc');
    // tostring page: "If value is null, the result is an empty string."
    expect(rows).toEqual([
      ['', 1],
      ['{"Command":"DetectSandboxie"}', 1],
      ['{"Command":"Get-Content","Count":2}', 2],
    ]);
  });

  it('is announced as info, at the column, and the result column is a string', () => {
    const r = compile('DeviceEvents | distinct AdditionalFields', { catalog, now: '2024-05-20T00:00:00Z' });
    expect(r.ok).toBe(true);
    const note = r.diagnostics.find((d) => d.code === 'HB144')!;
    expect(note.severity).toBe('info');
    expect('DeviceEvents | distinct AdditionalFields'.slice(note.start, note.end)).toBe('AdditionalFields');
    expect(r.columns).toEqual([{ name: 'AdditionalFields', type: 'string', shape: expect.anything() }]);
  });
});

describe('a query valid with the dynamic typing keeps it', () => {
  it('member access stays dynamic, with no note', async () => {
    expect(await run('DeviceEvents | where AdditionalFields.Command == "Get-Content" | summarize count()')).toEqual([[2]]);
    expect(codes('DeviceEvents | where AdditionalFields.Command == "Get-Content"')).not.toContain('HB144');
    const r = compile('DeviceEvents | project AdditionalFields', { catalog, now: '2024-05-20T00:00:00Z' });
    expect(r.columns?.[0].type).toBe('dynamic');
  });

  it('an error with both typings keeps the first error', () => {
    // member access on Defender's string is an error too: the dynamic typing's error is reported
    const c = codes('DeviceEvents | summarize by AdditionalFields.Command, AdditionalFields');
    expect(c).not.toContain('HB144');
    expect(c.some((x) => x === 'KS116')).toBe(true);
  });
});
