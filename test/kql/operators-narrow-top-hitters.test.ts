/**
 * evaluate narrow() (kusto/query/narrow-plugin) and top-hitters (kusto/query/top-hitters-operator):
 * the documented examples, on tables holding what the documented outputs show (the examples read
 * `.show diagnostics` and StormEvents), run on DuckDB-WASM.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import { compile } from '../../src/kql/index.ts';
import { NOW, runKql } from './helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => {
  await engine?.close();
});

describe('evaluate narrow()', () => {
  it('rotates a one-row table into Row, Column, Value (the documented .show diagnostics rows of these types)', async () => {
    const q = `datatable(IsHealthy:bool, IsRebalanceRequired:bool, IsScaleOutRequired:bool, MachinesTotal:long, MachinesOffline:long, BuildVersion:string)
  [true, false, false, 2, 0, "1.0.6281.19882"]
| evaluate narrow()`;
    expect(await runKql(engine, q)).toEqual([
      [0, 'IsHealthy', 'True'],
      [0, 'IsRebalanceRequired', 'False'],
      [0, 'IsScaleOutRequired', 'False'],
      [0, 'MachinesTotal', '2'],
      [0, 'MachinesOffline', '0'],
      [0, 'BuildVersion', '1.0.6281.19882'],
    ]);
  });
  it('numbers rows from 0 in input order', async () => {
    expect(await runKql(engine, 'range x from 5 to 7 step 1 | evaluate narrow()')).toEqual([
      [0, 'x', '5'],
      [1, 'x', '6'],
      [2, 'x', '7'],
    ]);
  });
  it('refuses types whose text Kusto does not document (HB132)', () => {
    const r = compile('print d = datetime(2017-03-14) | evaluate narrow()', { catalog: null, now: NOW });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['HB132']);
  });
});

describe('top-hitters', () => {
  // The counts of the documented output, plus two rarer event types.
  const storms = `let StormEvents = union
  (range i from 1 to 13015 step 1 | project EventType = "Thunderstorm Wind", State = "TEXAS"),
  (range i from 1 to 12711 step 1 | project EventType = "Hail", State = "IOWA"),
  (range i from 1 to 3688 step 1 | project EventType = "Flash Flood", State = "OHIO"),
  (range i from 1 to 3616 step 1 | project EventType = "Drought", State = "TEXAS"),
  (range i from 1 to 3349 step 1 | project EventType = "Winter Weather", State = "OHIO"),
  (range i from 1 to 3000 step 1 | project EventType = "Heat", State = "IOWA"),
  (range i from 1 to 12 step 1 | project EventType = "Tornado", State = "KANSAS");`;

  it('get most frequent items (documented output, names from the analyzer)', async () => {
    const r = compile(`${storms} StormEvents | top-hitters 5 of EventType`, { catalog: null, now: NOW });
    expect(r.columns?.map((c) => c.name)).toEqual(['EventType', 'approximate_count_EventType']);
    expect(await runKql(engine, `${storms} StormEvents | top-hitters 5 of EventType`)).toEqual([
      ['Thunderstorm Wind', 13015],
      ['Hail', 12711],
      ['Flash Flood', 3688],
      ['Drought', 3616],
      ['Winter Weather', 3349],
    ]);
  });

  it('by a summing expression equals the documented summarize … | top … equivalent', async () => {
    const data = 'let T = datatable(k:string, v:long)["a",5, "b",1, "a",2, "c",9, "b",3];';
    const got = await runKql(engine, `${data} T | top-hitters 2 of k by v`);
    const want = await runKql(engine, `${data} T | summarize S = sum(v) by k | top 2 by S desc`);
    expect(got).toEqual(want);
    expect(got).toEqual([
      ['c', 9],
      ['a', 7],
    ]);
  });
});
