/**
 * Fixes found by a fifth probe of public hunting queries (issue 11). Each expected value follows
 * from Kusto's documentation (the cited page); what it does not settle is a coded refusal. The
 * queries are our own, written for the construct.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import { compile } from '../../src/kql/index.ts';
import { NOW, runKqlPasses } from './helpers.ts';

const runKql = async (engine: Engine, q: string) => (await runKqlPasses(engine, q)).rows;

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => {
  await engine?.close();
});

describe('has_any (tabular expression)', () => {
  // has-any-operator: "Each expression can be a scalar value or a tabular expression that produces
  // a set of values. If a tabular expression has multiple columns, the first column is used."
  // "An inline tabular expression must be enclosed with double parentheses."
  const rows = `datatable(s:string) ["run whoami /all", "net.exe user", "netstat -an", "nothing here"]`;
  it('matches the terms of the first column of an inline tabular expression (first pass)', async () => {
    const q = `${rows} | where s has_any ((datatable(x:string, y:long) ["whoami", 1, "net.exe", 2])) | order by s asc`;
    expect(await runKql(engine, q)).toEqual([['net.exe user'], ['run whoami /all']]);
  });
  it('reads a let-bound table the same way', async () => {
    const q = `let t = datatable(x:string) ["whoami", "netstat"]; ${rows} | where s has_any (t) | order by s asc`;
    expect(await runKql(engine, q)).toEqual([['netstat -an'], ['run whoami /all']]);
  });
  it('needs a first pass: a pure compile reports HB133', () => {
    const r = compile(`${rows} | where s has_any ((datatable(x:string) ["a"]))`, { catalog: null, now: NOW });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['HB133']);
  });
  it('refuses more than the 10,000 distinct values the page says are considered (HB132)', async () => {
    await expect(runKql(engine, `${rows} | where s has_any ((range i from 1 to 10001 step 1 | project tostring(i)))`)).rejects.toThrow(/HB132/);
  });
});

describe("bag_unpack columnsConflict='keep_source'", () => {
  // bag-unpack-plugin: columnsConflict "keep_source - Source column is kept"; "error" (the default)
  // fails the query on a key named like an input column.
  it('keeps the input column and drops the bag key of the same name', async () => {
    const q = `datatable(a:long, d:dynamic) [1, dynamic({"a": 5, "b": "x"})] | evaluate bag_unpack(d, columnsConflict='keep_source')`;
    const r = await runKqlPasses(engine, q);
    expect(r.columns.map((c) => c.name)).toEqual(['a', 'b']);
    expect(r.rows).toEqual([[1, 'x']]);
  });
  it('with an output schema, as Sentinel content writes it', async () => {
    const q = `datatable(a:long, d:dynamic) [1, dynamic({"a": 5, "b": "x"})] | evaluate bag_unpack(d, columnsConflict='keep_source') : (a:long, b:string)`;
    expect(await runKql(engine, q)).toEqual([[1, 'x']]);
  });
  it('the default still refuses the clash (HB151)', () => {
    const codes = (q: string) => compile(q, { catalog: null, now: NOW }).diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);
    expect(codes('datatable(a:long, d:dynamic) [1, dynamic({"a": 5})] | evaluate bag_unpack(d)')).toEqual(['HB151']);
  });
  // The page's two columnsConflict examples: {"Name", "Age"} beside an input column Name unpacks to
  // |Age|Name| with either option, Name holding the bag's values (replace_source) or the input's (keep_source).
  const PAGE = `datatable(Name:string, d:dynamic)['Old_name', dynamic({"Name": "John", "Age":20}), 'Old_name', dynamic({"Name": "Dave", "Age":40}), 'Old_name', dynamic({"Name": "Jasmine", "Age":30})]`;
  it.each([
    ['replace_source', [[20, 'John'], [40, 'Dave'], [30, 'Jasmine']]],
    ['keep_source', [[20, 'Old_name'], [40, 'Old_name'], [30, 'Old_name']]],
  ])("the page's example with columnsConflict='%s'", async (option, rows) => {
    const r = await runKqlPasses(engine, `${PAGE} | evaluate bag_unpack(d, columnsConflict='${option}')`);
    expect(r.columns.map((c) => c.name)).toEqual(['Age', 'Name']);
    expect(r.rows).toEqual(rows);
  });
  it("replace_source over a bag whose keys only the data knows (a map, JSON text): the input column is dropped, the key's column sorted among the unpacked", async () => {
    const map = await runKqlPasses(engine, `datatable(X:long, Name:string, k:string, v:string)[1,"old","Name","new", 1,"old","Zed","z"] | summarize d = make_bag(bag_pack(k, v)) by X, Name | evaluate bag_unpack(d, columnsConflict='replace_source')`);
    expect([map.columns.map((c) => c.name), map.rows]).toEqual([['X', 'Name', 'Zed'], [[1, 'new', 'z']]]);
    const json = await runKqlPasses(engine, `datatable(ForwardTo:string, P:string)['old', '{"ForwardTo":"x@example.com","A":1}'] | extend B = parse_json(P) | project-away P | evaluate bag_unpack(B, columnsConflict='replace_source')`);
    expect([json.columns.map((c) => c.name), json.rows]).toEqual([['A', 'ForwardTo'], [[1, 'x@example.com']]]);
  });
});
