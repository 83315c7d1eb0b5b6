/**
 * evaluate bag_unpack with an output schema and a prefix (kusto/query/bag-unpack-plugin): the
 * schema is the whole output, in its order; a declared column the bag lacks is empty, an
 * undeclared key is dropped. Arguments not implemented (columnsConflict other than 'error' and
 * 'keep_source', ignoredProperties) are coded errors, never ignored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import { compile } from '../../src/kql/index.ts';
import { NOW, runKql, runKqlPasses } from './helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => {
  await engine?.close();
});

const PEOPLE = 'datatable(d:dynamic) [ dynamic({"Name": "John", "Age": 20}), dynamic({"Name": "Dave", "Age": 40}), dynamic({"Name": "Jasmine", "Age": 30}) ]';

describe('evaluate bag_unpack', () => {
  it('with an output schema (documented)', async () => {
    expect(await runKql(engine, `${PEOPLE} | evaluate bag_unpack(d) : (Name:string, Age:long)`)).toEqual([
      ['John', 20],
      ['Dave', 40],
      ['Jasmine', 30],
    ]);
  });
  it('the schema orders the columns, fills a missing key and drops an undeclared one', async () => {
    expect(await runKql(engine, `${PEOPLE} | extend k = 1 | evaluate bag_unpack(d) : (Age:long, k:long, City:string)`)).toEqual([
      [20, 1, ''],
      [40, 1, ''],
      [30, 1, ''],
    ]);
  });
  it('with a prefix', async () => {
    expect(await runKql(engine, `${PEOPLE} | evaluate bag_unpack(d, "p_") | where p_Age > 25 | project p_Name`)).toEqual([['Dave'], ['Jasmine']]);
  });
  describe('column order (of a bag whose keys the compiler knows)', () => {
    const run = async (kql: string) => {
      const t = await runKqlPasses(engine, kql);
      return { cols: t.columns.map((c) => `${c.name}:${c.type}`), rows: t.rows };
    };
    it("the page's examples: the slots' columns are sorted, whatever the bags' key order", async () => {
      expect(await run(`${PEOPLE} | evaluate bag_unpack(d)`)).toEqual({
        cols: ['Age:long', 'Name:string'],
        rows: [
          [20, 'John'],
          [40, 'Dave'],
          [30, 'Jasmine'],
        ],
      });
      const tall = 'datatable(d:dynamic) [ dynamic({"Name": "John", "Age": 20}), dynamic({ "Name": "Dave", "Height": 170, "Age": 40}), dynamic({"Name": "Jasmine", "Age": 30}) ]';
      expect(await run(`${tall} | evaluate bag_unpack(d)`)).toEqual({
        cols: ['Age:long', 'Height:long', 'Name:string'],
        rows: [
          [20, null, 'John'],
          [40, 170, 'Dave'],
          [30, null, 'Jasmine'],
        ],
      });
      // after the input's other columns
      expect((await run(`print x = 1, d = dynamic({"b": 2, "a": 1})| evaluate bag_unpack(d)`)).cols).toEqual(['x:long', 'a:long', 'b:long']);
    });
    it('a key named like the unpacked column comes first (oracle saoc-r2-dynamic-json-0026)', async () => {
      expect(await run('print d = dynamic({"a":1,"b":"two","c":[3],"d":{"e":4}}) | evaluate bag_unpack(d)')).toEqual({
        cols: ['d:dynamic', 'a:long', 'b:string', 'c:dynamic'],
        rows: [[{ e: 4 }, 1, 'two', [3]]],
      });
    });
    it('refuses such a key where its place or type is not known', () => {
      const diag = (kql: string) => compile(kql, { catalog: null, now: NOW }).diagnostics.map((d) => `${d.code} ${d.message}`);
      // another input column: in the unpacked column's place, or first?
      expect(diag('print x = 1, d = dynamic({"a": 1, "d": [2]}) | evaluate bag_unpack(d)')).toEqual([expect.stringMatching(/^HB132 .*named like the unpacked column/)]);
      // a slot of longs: a long column, or the unpacked column's dynamic?
      expect(diag('print d = dynamic({"a": 1, "d": 2}) | evaluate bag_unpack(d)')).toEqual([expect.stringMatching(/^HB132 .*named like the unpacked column/)]);
      expect(diag('print d = dynamic({"a": 1, "d": [2]}) | evaluate bag_unpack(d, columnsConflict="keep_source")')).toEqual([expect.stringMatching(/^HB132 /)]);
    });
  });
  it('refuses what it does not implement', () => {
    const code = (kql: string) => compile(kql, { catalog: null, now: NOW }).diagnostics.map((d) => d.code);
    expect(code(`${PEOPLE} | evaluate bag_unpack(d) : (Name:string, Age:string)`)).toEqual(['HB132']);
    // keep_source and replace_source are done (hunting-probe5.test.ts, the page's examples)
    expect(code(`${PEOPLE} | extend Name = "x" | evaluate bag_unpack(d, columnsConflict="replace_source")`)).toEqual([]);
    expect(code(`${PEOPLE} | extend Name = "x" | evaluate bag_unpack(d, columnsConflict="keep_source")`)).toEqual([]);
    expect(code(`${PEOPLE} | evaluate bag_unpack(d, ignoredProperties=dynamic(["Age"]))`)).not.toEqual([]);
    expect(code(`${PEOPLE} | evaluate bag_unpack(d, "p_", "keep_source")`)).not.toEqual([]);
  });

  describe('of a bag whose keys only the data knows (a map: a first pass reads its keys)', () => {
    const run = async (kql: string) => {
      const t = await runKqlPasses(engine, kql);
      return { cols: t.columns.map((c) => `${c.name}:${c.type}`), rows: t.rows };
    };
    it('the documented example, its bags built with make_bag(pack(key, value))', async () => {
      const q =
        'datatable(i:long, k:string, v:string)[1,"Name","John", 1,"Age","20", 2,"Name","Dave", 2,"Age","40", 3,"Name","Jasmine", 3,"Age","30"]' +
        ' | summarize d = make_bag(pack(k, v)) by i | evaluate bag_unpack(d) | order by i asc | project Name, Age';
      expect(await run(q)).toEqual({ cols: ['Name:string', 'Age:string'], rows: [['John', '20'], ['Dave', '40'], ['Jasmine', '30']] });
    });
    it('typed by the values, null where a row lacks the key, with a prefix (oracle saoc-r2-dynamic-json-0025)', async () => {
      const q =
        'datatable(i:long, k:string, v:long)[1,"a",1, 1,"b",2, 2,"a",3, 2,"b",4, 2,"c",5]' +
        ' | summarize d = make_bag(pack(k, v)) by i | evaluate bag_unpack(d, "col_") | order by i asc | project col_a, col_b, col_c';
      expect(await run(q)).toEqual({ cols: ['col_a:long', 'col_b:long', 'col_c:long'], rows: [[1, 2, null], [3, 4, 5]] });
    });
    it('the corpus shape: one row per device, one column per configuration test (a missing string is empty)', async () => {
      const q =
        'datatable(DeviceId:string, ConfigurationId:string, IsCompliant:long)["d1","scid-2010",1, "d1","scid-2011",0, "d2","scid-2010",0]' +
        ' | extend Test = case(ConfigurationId == "scid-2010", "AntivirusEnabled", "AntivirusSignatureVersion"), Result = iff(IsCompliant == 1, "GOOD", "BAD")' +
        ' | extend packed = pack(Test, Result) | summarize Tests = make_bag(packed) by DeviceId | evaluate bag_unpack(Tests) | order by DeviceId asc';
      expect(await run(q)).toEqual({
        cols: ['DeviceId:string', 'AntivirusEnabled:string', 'AntivirusSignatureVersion:string'],
        rows: [
          ['d1', 'GOOD', 'BAD'],
          ['d2', 'BAD', ''],
        ],
      });
    });
    it('iif/iff/case choosing among unpacked columns take the values\' type (the analyzer cannot type them; probe25 q0043)', async () => {
      // iif page: the result has the type of its then/else values; case page: of its results. The
      // analyzer knows no unpacked column, so the type is the one the relation gives the values.
      const base =
        'datatable(DeviceId:string, Test:string, Result:string, OSPlatform:string)["d1","CloudWin","GOOD","Windows11", "d2","CloudMac","BAD","macOS"]' +
        ' | summarize Tests = make_bag(pack(Test, Result)) by DeviceId, OSPlatform | evaluate bag_unpack(Tests) | order by DeviceId asc';
      const q = `${base} | extend Cloud = case(OSPlatform startswith "Windows", CloudWin, OSPlatform has "macOS", CloudMac, "NULL"), W = iff(OSPlatform == "macOS", CloudMac, CloudWin) | project DeviceId, Cloud, W`;
      expect(await run(q)).toEqual({
        cols: ['DeviceId:string', 'Cloud:string', 'W:string'],
        rows: [
          ['d1', 'GOOD', 'GOOD'],
          ['d2', 'BAD', 'BAD'],
        ],
      });
      // values of different types (a string column and a number): Kusto's engine refuses them; still HB101 here
      await expect(run(`${base} | extend Cloud = case(OSPlatform startswith "Windows", CloudWin, 1)`)).rejects.toThrow(/HB101/);
    });
    it('a pure compile stops with HB133; a key with a null value is refused per row; a key named like a column is HB151', async () => {
      const q = 'datatable(i:long, k:string, v:long)[1,"a",1] | summarize d = make_bag(pack(k, v)) by i | evaluate bag_unpack(d)';
      const r = compile(q, { catalog: null, now: NOW });
      expect(r.diagnostics.map((d) => d.code)).toEqual(['HB133']);
      expect(r.probe?.label).toBe('distinct keys of d');
      await expect(run('datatable(i:long, k:string, v:long)[1,"a",long(null)] | summarize d = make_bag(pack(k, v)) by i | evaluate bag_unpack(d)')).rejects.toThrow(/HB162/);
      await expect(run('datatable(i:long, k:string, v:long)[1,"i",1] | summarize d = make_bag(pack(k, v)) by i | evaluate bag_unpack(d)')).rejects.toThrow(/HB151/);
    });
  });
});
