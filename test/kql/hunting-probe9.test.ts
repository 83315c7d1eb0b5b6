/**
 * Fixes found by a ninth probe of public hunting queries (issue 11). Each expected value follows
 * from Kusto's documentation (the cited page) or the oracle corpus; what they do not settle is a
 * coded refusal. The queries are our own, written for the construct.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import { compile } from '../../src/kql/index.ts';
import { errorCodes, NOW, runKql, runKqlPasses } from './helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => {
  await engine?.close();
});

describe('bag_pack with a computed key and a value whose kind only the data decides', () => {
  // pack-function / bag-pack-function: "Creates a dynamic property bag object from a list of keys and
  // values"; the value of a slot is the value passed, whatever its kind. A null value keeps its key
  // (oracle saoc-r2-null-and-edge-0043: make_bag(pack(tostring(k), v)) gives {"1":10,"2":null}).
  // Before, a single pair whose value was such a dynamic was refused (HB100); Sentinel's "Multiple users
  // email forwarded to same destination" builds its parameter bag this way.
  it('packs objects, arrays, strings and null under their keys', async () => {
    // todynamic() of a string column: the kind of each value is known only when the query runs
    const q = `datatable(k:string, s:string)['a', '{"x":1}', 'b', '[1,2]', 'c', 'null', 'd', '"s"']
      | extend b = bag_pack(k, todynamic(s)) | project k, b, t = tostring(b)`;
    expect(await runKql(engine, q)).toEqual([
      ['a', { a: { x: 1 } }, '{"a":{"x":1}}'],
      ['b', { b: [1, 2] }, '{"b":[1,2]}'],
      ['c', { c: null }, '{"c":null}'],
      ['d', { d: 's' }, '{"d":"s"}'],
    ]);
  });
  it('turns a Name/Value parameter list into one bag (mv-apply + make_bag)', async () => {
    const q = `datatable(P:string)[@'[{"Name":"ForwardTo","Value":"x@example.com"},{"Name":"DeleteMessage","Value":true},{"Name":"Identity","Value":{"id":7}}]']
      | mv-apply d = todynamic(P) on (summarize B = make_bag(bag_pack(tostring(d.Name), d.Value)))
      | project B, f = tostring(B.ForwardTo), i = toint(B.Identity.id)`;
    const r = await runKqlPasses(engine, q);
    expect(r.columns.map((c) => [c.name, c.type])).toEqual([
      ['B', 'dynamic'],
      ['f', 'string'],
      ['i', 'int'],
    ]);
    expect(r.rows).toEqual([[{ ForwardTo: 'x@example.com', DeleteMessage: true, Identity: { id: 7 } }, 'x@example.com', 7]]);
  });
  it('refuses an empty computed key per row (HB162), as with several pairs', async () => {
    await expect(runKql(engine, `datatable(k:string, s:string)["", '{"x":1}'] | project b = bag_pack(k, todynamic(s))`)).rejects.toThrow(/HB162/);
  });
  it("runs the bag_unpack that follows in the published query (replace_source, as the page's example places it)", async () => {
    const q = `datatable(ForwardTo:string, P:string)['old', @'[{"Name":"ForwardTo","Value":"x@example.com"}]']
      | mv-apply d = todynamic(P) on (summarize B = make_bag(bag_pack(tostring(d.Name), d.Value)))
      | evaluate bag_unpack(B, columnsConflict='replace_source')`;
    const r = await runKqlPasses(engine, q);
    expect([r.columns.map((c) => c.name), r.rows]).toEqual([['P', 'ForwardTo'], [['[{"Name":"ForwardTo","Value":"x@example.com"}]', 'x@example.com']]]);
  });
});

describe('bag_pack with a constant empty key', () => {
  // Before, the empty key became an empty SQL identifier and DuckDB's parser failed (HB900, an
  // internal error). What Kusto makes of an empty key is not documented: a coded refusal at its position.
  it('is refused with HB100 at the key, not an internal error', () => {
    expect(errorCodes('print b = bag_pack("", dynamic(1))')).toEqual(['HB100']);
    expect(errorCodes('print b = pack("a", 1, "", 2)')).toEqual(['HB100']);
    const d = compile('print b = pack("a", 1, "", 2)', { catalog: null, now: NOW }).diagnostics[0];
    expect(d.message).toMatch(/empty key/);
  });
  it('leaves non-empty constant keys as they were', async () => {
    expect(await runKql(engine, 'print b = bag_pack("a", 1, "b", dynamic([2]))')).toEqual([[{ a: 1, b: [2] }]]);
  });
});
