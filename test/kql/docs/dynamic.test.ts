/**
 * dynamic (array and property-bag) functions: the documented examples of their pages in the
 * official KQL reference (learn.microsoft.com/kusto/query/<page>), run on the real engine, plus
 * cases of the Kusto oracle corpus. The test code is ours; the facts come from the pages.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../../src/kql/index.ts';
import { NOW, runKql } from '../helpers.ts';
import { type DocCase, runDocCases } from './doc-harness.ts';


const ARR = 'print arr=dynamic([1,2,3,4,5])';

const CASES: DocCase[] = [
  { fn: 'array_shift_left', page: 'array-shift-left-function', kql: `${ARR} | extend arr_shift=array_shift_left(arr, 2)`, rows: [[[1, 2, 3, 4, 5], [3, 4, 5, null, null]]] },
  { fn: 'array_shift_left', page: 'array-shift-left-function', kql: `${ARR} | extend arr_shift=array_shift_left(arr, 2, -1)`, rows: [[[1, 2, 3, 4, 5], [3, 4, 5, -1, -1]]] },
  { fn: 'array_shift_left', page: 'array-shift-left-function', kql: `${ARR} | extend arr_shift=array_shift_left(arr, -2, -1)`, rows: [[[1, 2, 3, 4, 5], [-1, -1, 1, 2, 3]]] },
  { fn: 'array_shift_right', page: 'array-shift-right-function', kql: `${ARR} | extend arr_shift=array_shift_right(arr, 2)`, rows: [[[1, 2, 3, 4, 5], [null, null, 1, 2, 3]]] },
  { fn: 'array_shift_right', page: 'array-shift-right-function', kql: `${ARR} | extend arr_shift=array_shift_right(arr, -2, -1)`, rows: [[[1, 2, 3, 4, 5], [3, 4, 5, -1, -1]]] },
  { fn: 'array_rotate_left', page: 'array-rotate-left-function', kql: `${ARR} | extend arr_rotated=array_rotate_left(arr, 2)`, rows: [[[1, 2, 3, 4, 5], [3, 4, 5, 1, 2]]] },
  { fn: 'array_rotate_left', page: 'array-rotate-left-function', kql: `${ARR} | extend arr_rotated=array_rotate_left(arr, -2)`, rows: [[[1, 2, 3, 4, 5], [4, 5, 1, 2, 3]]] },
  { fn: 'array_rotate_right', page: 'array-rotate-right-function', kql: `${ARR} | extend arr_rotated=array_rotate_right(arr, 2)`, rows: [[[1, 2, 3, 4, 5], [4, 5, 1, 2, 3]]] },
  { fn: 'array_split', page: 'array-split-function', kql: `${ARR} | extend arr_split=array_split(arr, 2)`, rows: [[[1, 2, 3, 4, 5], [[1, 2], [3, 4, 5]]]] },
  { fn: 'array_split', page: 'array-split-function', kql: `${ARR} | extend arr_split=array_split(arr, dynamic([1,3]))`, rows: [[[1, 2, 3, 4, 5], [[1], [2, 3], [4, 5]]]] },
  {
    fn: 'array_rotate_left',
    page: 'oracle:saoc-r2-dynamic-json-0029',
    kql: 'print d = dynamic([10,20,30]) | extend rotated = array_rotate_left(d, 1), shifted = array_shift_right(d, 1)',
    rows: [[[10, 20, 30], [20, 30, 10], [null, 10, 20]]],
  },
  {
    fn: 'array_split',
    page: 'oracle:saoc-r3-dynamic-json-0005',
    kql: 'print d = dynamic([1,2,3,4,5,6,7,8]) | extend parts = array_split(d, dynamic([2,5])) | extend p0 = parts[0], p1 = parts[1], p2 = parts[2], np = array_length(parts)',
    rows: [[[1, 2, 3, 4, 5, 6, 7, 8], [[1, 2], [3, 4, 5], [6, 7, 8]], [1, 2], [3, 4, 5], [6, 7, 8], 3]],
  },
  // array_strcat is strcat_array's other name (the parser lists both): strcat_array's documented example
  { fn: 'array_strcat', page: 'strcat-array-function', kql: 'print str = array_strcat(dynamic([1, 2, 3]), "->")', rows: [['1->2->3']] },
  {
    fn: 'pack_all',
    page: 'pack-all-function',
    kql: "datatable(SourceNumber:string,TargetNumber:string,CharsCount:long) ['555-555-1234','555-555-1212',46, '555-555-1234','555-555-1213',50, '555-555-1313','',42, '','555-555-3456',74] | extend Packed=pack_all() | project Packed",
    rows: [
      [{ SourceNumber: '555-555-1234', TargetNumber: '555-555-1212', CharsCount: 46 }],
      [{ SourceNumber: '555-555-1234', TargetNumber: '555-555-1213', CharsCount: 50 }],
      [{ SourceNumber: '555-555-1313', TargetNumber: '', CharsCount: 42 }],
      [{ SourceNumber: '', TargetNumber: '555-555-3456', CharsCount: 74 }],
    ],
  },
  {
    fn: 'bag_remove_keys',
    page: 'bag-remove-keys-function',
    kql: "datatable(input:dynamic) [ dynamic({'key1' : 123, 'key2': 'abc'}) ] | extend result=bag_remove_keys(input, dynamic(['key2', 'key4']))",
    rows: [[{ key1: 123, key2: 'abc' }, { key1: 123 }]],
  },
  {
    fn: 'bag_remove_keys',
    page: 'bag-remove-keys-function',
    kql: "datatable(input:dynamic) [ dynamic({'key1': 123, 'key2': {'prop1' : 'abc', 'prop2': 'xyz'}, 'key3': [100, 200]}) ] | extend result=bag_remove_keys(input, dynamic(['$.key2.prop1', 'key3'])) | project result",
    rows: [[{ key1: 123, key2: { prop2: 'xyz' } }]],
  },
  {
    fn: 'bag_set_key',
    page: 'bag-set-key-function',
    kql: "datatable(input: dynamic) [ dynamic({'key1': 1, 'key2': 2}) ] | extend result = bag_set_key(input, 'key3', 3) | project result",
    rows: [[{ key1: 1, key2: 2, key3: 3 }]],
  },
  {
    fn: 'bag_set_key',
    page: 'bag-set-key-function',
    kql: "datatable(input: dynamic) [ dynamic({'key1': 123, 'key2': {'prop1': 123, 'prop2': 'xyz'}}) ] | extend result = bag_set_key(input, '$.key2.prop1', 'abc') | project result",
    rows: [[{ key1: 123, key2: { prop1: 'abc', prop2: 'xyz' } }]],
  },
  {
    fn: 'bag_set_key',
    page: 'bag-set-key-function',
    kql: "datatable(input: dynamic) [ dynamic({'key1': 123}) ] | extend result = bag_set_key(input, '$.key2.prop1', 'abc') | project result",
    rows: [[{ key1: 123, key2: { prop1: 'abc' } }]],
  },
  { fn: 'treepath', page: 'treepath-function', kql: 'print treepath(parse_json(\'{"a":"b", "c":123}\'))', rows: [[["['a']", "['c']"]]] },
  {
    fn: 'treepath',
    page: 'oracle:saoc-r3-dynamic-json-0006',
    kql: 'print d = dynamic({"a":{"b":{"c":1}},"x":{"y":2}}) | extend paths = treepath(d) | mv-expand p = paths to typeof(string) | sort by p asc | summarize make_list(p)',
    rows: [[["['a']", "['a']['b']", "['a']['b']['c']", "['x']", "['x']['y']"]]],
  },
];


const engine = runDocCases('dynamic', CASES);

const code = (kql: string) => {
  const r = compile(kql, { catalog: null, now: NOW });
  return r.ok ? undefined : r.diagnostics.find((d) => d.severity === 'error')?.code;
};

describe('dynamic functions: edges', () => {
  it('a string array shifts in empty strings (documented default)', async () => {
    expect(await runKql(engine(), 'print d = dynamic(["a","b","c"]) | project array_shift_left(d, 1), array_rotate_right(d, 4)')).toEqual([[['b', 'c', ''], ['c', 'a', 'b']]]);
  });
  it('set_equals ignores order and repeats', async () => {
    expect(await runKql(engine(), 'print set_equals(dynamic(["a","b"]), dynamic(["b","a","a"]))')).toEqual([[true]]);
  });
  it('array_split with split points out of order is refused per row', async () => {
    await expect(runKql(engine(), 'print array_split(dynamic([1,2,3,4]), dynamic([3,1]))')).rejects.toThrow(/HB162/);
  });
  it('jaccard_index (jaccard-index-function): the documented example; a real result column, as the Kusto engine returns', async () => {
    const r = compile('print set1=dynamic([1,2,3]), set2=dynamic([1,2,3,4]) | extend jaccard=jaccard_index(set1, set2)', { catalog: null, now: NOW });
    expect(r.columns?.map((c) => c.type)).toEqual(['dynamic', 'dynamic', 'real']);
    expect(await runKql(engine(), 'print set1=dynamic([1,2,3]), set2=dynamic([1,2,3,4]) | extend jaccard=jaccard_index(set1, set2)')).toEqual([[[1, 2, 3], [1, 2, 3, 4], 0.75]]);
  });
  it('jaccard_index: the oracle case saoc-r3-dynamic-json-0007, duplicates ignored (documented), strings compared exactly', async () => {
    expect(await runKql(engine(), 'print a = dynamic([1,2,3,4]), b = dynamic([3,4,5,6]) | extend j = jaccard_index(a, b) | project j')).toEqual([[1 / 3]]);
    expect(await runKql(engine(), 'print j = jaccard_index(dynamic(["a","b","b"]), dynamic(["B","b"]))')).toEqual([[1 / 3]]);
  });
  it('jaccard_index: compared with a number it is the real the engine holds (a bool either way)', async () => {
    expect(await runKql(engine(), 'print a = jaccard_index(dynamic([1,2]), dynamic([2])) > 0.5, b = jaccard_index(dynamic([1,2]), dynamic([2])) >= 0.5')).toEqual([[false, true]]);
    const kql = 'datatable(a:dynamic, b:dynamic)[dynamic([1,2,3,4]), dynamic([3,4,5,6]), dynamic([1,2]), dynamic([1,2])] | extend j = jaccard_index(a, b) | where j between (0.3 .. 0.5)';
    expect(await runKql(engine(), `${kql} | project j`)).toEqual([[1 / 3]]);
  });
  it('jaccard_index: refused inside an expression (analyzer and engine types differ), for mixed kinds and for two empty arrays', async () => {
    // the operator's own check (a dynamic real in long arithmetic, audit7) answers first here
    expect(code('print jaccard_index(dynamic([1,2]), dynamic([2])) * 2')).toBe('HB106');
    expect(code('print j = jaccard_index(dynamic([1,2]), dynamic([2])) | extend k = j + 1')).toBe('HB100');
    expect(code('print jaccard_index(dynamic([1]), dynamic([1.0]))')).toBe('HB120');
    await expect(runKql(engine(), 'print jaccard_index(dynamic([]), dynamic([]))')).rejects.toThrow(/HB162/);
  });
  it('bag_zip (bag-zip): the documented rules on arrays of one kind (its examples mix kinds, which stay refused)', async () => {
    expect(await runKql(engine(), "print bag_zip(dynamic(['a', 'b', 'c']), dynamic([1, 2, 3]))")).toEqual([[{ a: 1, b: 2, c: 3 }]]);
    // more keys than values: missing values are null; more values than keys: extra values are ignored
    expect(await runKql(engine(), "print bag_zip(dynamic(['a', 'b', 'c']), dynamic(['1', '2'])), bag_zip(dynamic(['a', 'b']), dynamic([1, 2, 3]))")).toEqual([[{ a: '1', b: '2', c: null }, { a: 1, b: 2 }]]);
    expect(code("print bag_zip(dynamic(['a', 8, 'b']), dynamic([1, '2', 2.5]))")).toBe('HB120');
  });
  it('bag_pack_columns packs the named columns', async () => {
    expect(await runKql(engine(), "print a=1, b='x' | project bag_pack_columns(a, b)")).toEqual([[{ a: 1, b: 'x' }]]);
  });
  it('pack_all() keeps a null column as a key with a null value (documented: only ignore_null_empty=true drops it)', async () => {
    expect(await runKql(engine(), "print a=long(null), b='x' | project p = pack_all() | extend t = tostring(p), k = bag_keys(p)")).toEqual([
      [{ a: null, b: 'x' }, '{"a":null,"b":"x"}', ['a', 'b']],
    ]);
    // the corpus shape (EmailEvents | project …, packed = pack_all() | summarize make_list(packed) by …) on a datatable
    const q =
      'datatable(Dom:string, At:datetime, Size:long, Took:timespan, Note:string, Extra:dynamic)' +
      '["a.com", datetime(2024-05-01 10:00:00), long(null), 1m, "x\ty", dynamic(null), "a.com", datetime(null), 12, time(null), "", dynamic({"k":[1]})]' +
      ' | project Dom, packed = pack_all() | summarize l = make_list(packed) by Dom';
    expect(await runKql(engine(), q)).toEqual([
      [
        'a.com',
        [
          { Dom: 'a.com', At: '2024-05-01T10:00:00.0000000Z', Size: null, Took: '00:01:00', Note: 'x\ty', Extra: null },
          { Dom: 'a.com', At: null, Size: 12, Took: null, Note: '', Extra: { k: [1] } },
        ],
      ],
    ]);
    await expect(runKql(engine(), 'print a=real(nan) | project pack_all()')).rejects.toThrow(/HB162/);
    expect(code('print a=1 | project pack_all(true)')).toBe('HB120');
  });
  it('a bag held as JSON text (pack_all of a non-string column, parse_json of a column) is never returned unchanged or compared as text', async () => {
    expect(code('print a=1, b="x" | extend p = pack_all() | extend q = bag_remove_keys(p, dynamic(["a"]))')).toBe('HB120');
    expect(code('datatable(s:string)["{}"] | extend q = bag_remove_keys(parse_json(s), dynamic(["a"]))')).toBe('HB120');
    await expect(runKql(engine(), 'print a=1, b="x" | extend p = pack_all() | where p == p')).rejects.toThrow(/HB106/);
    await expect(runKql(engine(), 'datatable(s:string)["[1]"] | where parse_json(s) == "[1]"')).rejects.toThrow(/HB106/);
    // JSON text holding a scalar still compares; a JSON string against a number is refused per row (audit7)
    expect(await runKql(engine(), 'datatable(s:string)["\\"x\\"", "5"] | extend p = parse_json(s) | project e = p == "x"')).toEqual([[true], [false]]);
    expect(await runKql(engine(), 'datatable(s:string)["5"] | extend p = parse_json(s) | project f = p == 5')).toEqual([[true]]);
    await expect(runKql(engine(), 'datatable(s:string)["\\"x\\""] | extend p = parse_json(s) | project f = p == 5')).rejects.toThrow(/HB162/);
  });
  it('== / != of an array or bag: refused against a dynamic (as Kusto does) and against a string (undocumented)', () => {
    // Kusto's error for extract_all(...) == dynamic([...]): "Cannot compare dynamic values without
    // explicit cast" (MicrosoftDocs/dataexplorer-docs issue #43); probe query: SortedCountries == dynamic([...]).
    const both = compile('print a = dynamic(["Canada", "United States"]) | where not(array_sort_asc(a) == dynamic(["Canada", "United States"]))', { catalog: null, now: NOW }).diagnostics;
    expect(both.map((d) => [d.code, /Cannot compare dynamic values without explicit cast/.test(d.message)])).toEqual([['HB106', true]]);
    // AssignedRoles != "[]": whether Kusto compares the JSON text is not documented
    const str = compile('print a = dynamic([]) | where a != "[]"', { catalog: null, now: NOW }).diagnostics;
    expect(str.map((d) => [d.code, /not documented/.test(d.message)])).toEqual([['HB106', true]]);
  });
  it('tostring() of a bag writes a timespan as its text and escapes a tab', async () => {
    expect(await runKql(engine(), 'print t = tostring(pack("a", 1m, "b", "x\ty"))')).toEqual([['{"a":"00:01:00","b":"x\\ty"}']]);
  });
  it('bag_pack with a computed key among several pairs: values of any kind, a null value keeps its key', async () => {
    // the page's first example with its first key computed: the same bag
    const doc = 'print bag_pack("Level", "Information", "ProcessID", 1234, "Data", bag_pack("url", "www.bing.com"))';
    const computed = 'print k = "Level" | project bag_pack(k, "Information", "ProcessID", 1234, "Data", bag_pack("url", "www.bing.com"))';
    expect(await runKql(engine(), computed)).toEqual(await runKql(engine(), doc));
    expect(await runKql(engine(), 'print k = "a" | project b = bag_pack(k, dynamic([1, 2]), "n", long(null)) | project b, b.a, b.n')).toEqual([[{ a: [1, 2], n: null }, [1, 2], null]]);
  });
  it('bag_pack with computed keys: two equal keys or an empty key in a row are refused (undocumented)', async () => {
    await expect(runKql(engine(), 'print k = "x" | project bag_pack(k, 1, "x", 2)')).rejects.toThrow(/HB162/);
    await expect(runKql(engine(), 'print k = "" | project bag_pack(k, 1, "x", 2)')).rejects.toThrow(/HB162/);
  });
  it('treepath of arrays or of keys out of sorted order is refused (undocumented order)', () => {
    expect(code('print treepath(dynamic({"b":1, "a":2}))')).toBe('HB120');
    expect(code('print treepath(dynamic({"a":[1,2]}))')).toBe('HB120');
  });
  it('a shift default of another kind than the elements is refused', () => {
    expect(code('print array_shift_left(dynamic([1,2]), 1, "x")')).toBe('HB110');
  });
});
