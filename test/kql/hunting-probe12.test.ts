/**
 * Fixes found by a twelfth probe of public hunting queries (issue 11). Each expected value follows
 * from the cited documentation; what it does not settle stays a coded refusal. The queries and
 * feed texts are our own, written for the construct.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import type { JsonValue } from '../../src/engine/values.ts';
import { tableToKusto } from '../../src/engine/values.ts';
import { compile } from '../../src/kql/index.ts';
import { NOW } from './helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => {
  await engine?.close();
});

const URL = 'https://feeds.example/ranges.json';

/** Compiles with one local copy of URL and runs; throws with the diagnostics when it does not compile. */
async function withCopy(kql: string, text: string): Promise<JsonValue[][]> {
  const r = compile(kql, { catalog: null, now: NOW, externalData: { [URL]: text } });
  if (!r.ok || r.sql === undefined || !r.columns) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.message}`).join('; '));
  return tableToKusto(await engine.query(r.sql), r.columns).rows;
}

const SCHEMA = 'externaldata(changeNumber:string, cloud:string, values:dynamic)';

describe('externaldata format=multijson reads records across line breaks', () => {
  // Azure Data Explorer's JSON-ingestion page: json is one record per line; multijson ignores line
  // separators and reads each record to the end of a valid JSON value, multi-line records and
  // arrays of records included. Sentinel's "Run Command from Azure IP" hunt reads the pretty-printed
  // Azure service-tags file this way (before: HB140 'not valid multijson' on its first line).
  const pretty = `{
  "changeNumber": 7,
  "cloud": "Public",
  "values": [
    { "name": "TagA", "properties": { "addressPrefixes": ["10.0.0.0/24", "10.0.1.0/24"] } },
    { "name": "TagB", "properties": { "addressPrefixes": ["10.9.0.0/16"] } }
  ]
}
`;

  it('a pretty-printed object is one record', async () => {
    const q = `${SCHEMA}[@"${URL}"] with (format="multijson")
      | mv-expand v = values
      | mv-expand p = v.properties.addressPrefixes
      | project changeNumber, cloud, name = tostring(v.name), p = tostring(p)`;
    expect(await withCopy(q, pretty)).toEqual([
      ['7', 'Public', 'TagA', '10.0.0.0/24'],
      ['7', 'Public', 'TagA', '10.0.1.0/24'],
      ['7', 'Public', 'TagB', '10.9.0.0/16'],
    ]);
  });

  // A property a record lacks reads as an empty string (Kusto's strings have no null).
  it('objects one after another and arrays of objects, whatever the spacing', async () => {
    const text = '{"cloud":"a"}{"cloud":"b"}\n\n[ {"cloud":"c"},\n {"cloud":"d", "changeNumber": "x]}"} ]  {"cloud":\n"e"}';
    const q = `${SCHEMA}[@"${URL}"] with (format="multijson") | project cloud, changeNumber`;
    expect(await withCopy(q, text)).toEqual([
      ['a', ''],
      ['b', ''],
      ['c', ''],
      ['d', 'x]}'],
      ['e', ''],
    ]);
  });

  it('format=json stays one record per line: the pretty-printed file is not valid json', async () => {
    await expect(withCopy(`${SCHEMA}[@"${URL}"] with (format="json")`, pretty)).rejects.toThrow(/HB140 externaldata: the local copy of .* is not valid json/);
  });

  it('a copy that is not a sequence of JSON objects is HB140 (the page: a parse error discards the file)', async () => {
    for (const bad of ['{"cloud":"a"} 42', '{"cloud":"a"', '["a"]'])
      await expect(withCopy(`${SCHEMA}[@"${URL}"] with (format="multijson")`, bad)).rejects.toThrow(/HB140 externaldata: the local copy of .* is not valid multijson/);
  });
});
