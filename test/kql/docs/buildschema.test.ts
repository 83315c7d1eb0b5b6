/**
 * buildschema(): the documented example of its page in the official KQL reference
 * (learn.microsoft.com/kusto/query/buildschema-aggregation-function), run on the real engine and
 * compared as JSON text (the order of keys and of types is part of the documented answer), and
 * what the page leaves open, refused with a coded diagnostic.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../../src/kql/index.ts';
import { NOW, runKql } from '../helpers.ts';
import { type DocCase, runDocCases } from './doc-harness.ts';

const PAGE = 'buildschema-aggregation-function';
const DOC = `datatable(value: dynamic) [
    dynamic({"x":1, "y":3.5}),
    dynamic({"x":"somevalue", "z":[1, 2, 3]}),
    dynamic({"y":{"w":"zzz"}, "t":["aa", "bb"], "z":["foo"]})
]
| summarize buildschema(value)`;

const rows = (vals: string[]) => `datatable(v: dynamic) [${vals.map((v) => `dynamic(${v})`).join(', ')}]`;

// refusals: what the page does not pin down (each would otherwise be a guess)
const CASES: DocCase[] = [
  // several types at one key: only long before string and double before a bag are documented
  { fn: 'buildschema', page: PAGE, kql: `${rows(['{"x":"a"}', '{"x":1}'])} | summarize buildschema(v)`, error: 'HB162: buildschema() of a key holding several types' },
  { fn: 'buildschema', page: PAGE, kql: `${rows(['{"x":1}', '{"x":2.5}'])} | summarize buildschema(v)`, error: 'HB162: buildschema() of a key holding several types' },
  { fn: 'buildschema', page: PAGE, kql: `${rows(['{"x":{"a":1}}', '{"x":2.5}'])} | summarize buildschema(v)`, error: 'HB162: buildschema() of a key holding several types' },
  { fn: 'buildschema', page: PAGE, kql: `${rows(['{"x":{"a":1}}', '{"x":[1]}'])} | summarize buildschema(v)`, error: 'HB162: buildschema() of a key holding several types' },
  // null members, bools, empty arrays/bags, numbers beyond long, values that are not bags/arrays
  { fn: 'buildschema', page: PAGE, kql: `${rows(['{"x":null}', '{"y":1}'])} | summarize buildschema(v)`, error: 'HB162: buildschema() of a null member' },
  { fn: 'buildschema', page: PAGE, kql: `${rows(['{"x":true}', '[1]'])} | summarize buildschema(v)`, error: 'HB162: buildschema() of a bool' },
  { fn: 'buildschema', page: PAGE, kql: `${rows(['{"x":[]}', '[1]'])} | summarize buildschema(v)`, error: 'HB162: buildschema() of an empty array or property bag' },
  { fn: 'buildschema', page: PAGE, kql: `${rows(['{"x":{}}', '[1]'])} | summarize buildschema(v)`, error: 'HB162: buildschema() of an empty array or property bag' },
  {
    fn: 'buildschema',
    page: PAGE,
    kql: `datatable(s: string) ['{"x":12345678901234567890}'] | summarize buildschema(parse_json(s))`,
    error: 'HB162: buildschema() of an integer outside the long range',
  },
  { fn: 'buildschema', page: PAGE, kql: `${rows(['{"x":1}', '5'])} | summarize buildschema(v)`, error: 'HB162: buildschema() of a value that is not an array or a property bag' },
  { fn: 'buildschema', page: PAGE, kql: `${rows(['{"x":1}', 'null'])} | summarize buildschema(v)`, error: 'HB162: buildschema() of a null value' },
  { fn: 'buildschema', page: PAGE, kql: 'datatable(v: dynamic) [dynamic({"x":1})] | where false | summarize buildschema(v)', error: 'HB162: buildschema() of no values' },
  // a typed bag cannot tell a missing key from a null one
  { fn: 'buildschema', page: PAGE, kql: `${rows(['{"x":1}', '{"y":2}'])} | summarize buildschema(v)`, error: 'HB162: buildschema() of a null member' },
  // value types whose schema names are not documented
  { fn: 'buildschema', page: PAGE, kql: 'print d = bag_pack("t", datetime(2024-01-01)) | summarize buildschema(d)', error: 'HB121' },
  { fn: 'buildschema', page: PAGE, kql: 'print d = bag_pack("t", toint(1)) | summarize buildschema(d)', error: 'HB121' },
];

const getEngine = runDocCases('buildschema', CASES);

const schema = async (kql: string): Promise<string> => {
  const r = await runKql(getEngine(), kql);
  expect(r.length).toBe(1);
  return JSON.stringify(r[0].at(-1));
};

describe('buildschema: documented answers, compared with their key and type order', () => {
  it('the page example (keys and types in order of first appearance)', async () => {
    expect(compile(DOC, { catalog: null, now: NOW }).columns?.map((c) => c.name)).toEqual(['schema_value']);
    expect(await schema(DOC)).toBe('{"x":["long","string"],"y":["double",{"w":"string"}],"z":{"`indexer`":["long","string"]},"t":{"`indexer`":"string"}}');
  });

  it('nested bags and arrays of bags merge key by key; one schema per group', async () => {
    const kql = `datatable(k: string, v: dynamic) [
      "a", dynamic({"p":{"q":[{"r":1}]}}), "a", dynamic({"p":{"s":"x", "q":[{"t":2.5}]}}),
      "b", dynamic([[1, 2], [3]]), "b", dynamic([["u"]])] | summarize s = buildschema(v) by k | order by k asc`;
    const r = await runKql(getEngine(), kql);
    expect(r.map((x) => JSON.stringify(x))).toEqual([
      '["a",{"p":{"q":{"`indexer`":{"r":"long","t":"double"}},"s":"string"}}]',
      '["b",{"`indexer`":{"`indexer`":["long","string"]}}]',
    ]);
  });

  it('typed values (a bag literal, a column of arrays of bags) and keys needing escapes', async () => {
    expect(await schema('print d = dynamic({"a":1, "b":{"c":"x"}, "e\\"f":[1.5]}) | summarize buildschema(d)')).toBe(
      '{"a":"long","b":{"c":"string"},"e\\"f":{"`indexer`":"double"}}',
    );
    expect(await schema('range i from 1 to 3 step 1 | extend d = bag_pack("l", pack_array(bag_pack("n", i))) | summarize buildschema(d)')).toBe('{"l":{"`indexer`":{"n":"long"}}}');
  });
});
