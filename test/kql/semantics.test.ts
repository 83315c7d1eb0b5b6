/**
 * Kusto semantics added after the first operator table: each case's expected rows come from the
 * real Kusto engine's answers in the oracle corpus or from Kusto's documentation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import { type Catalog, compile } from '../../src/kql/index.ts';
import { runKql } from './helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(() => engine.close());

const CASES: [string, unknown[][]][] = [
  // toupper keeps ß (Unicode's simple case mapping, .NET's ToUpperInvariant, has no upper case for
  // it; DuckDB's upper() gave ẞ); the other letters map as before
  ['datatable(s:string)["straße", "ßx", "", "ǅ µ ÿ"] | project u = toupper(s)', [['STRAßE'], ['ßX'], [''], ['Ǆ Μ Ÿ']]],
  // url_decode(), base64_decode_tostring() and make_datetime() of a value whose expression can
  // refuse at run time (parse_url's checks): DuckDB's TRY() refused the whole query (HB900,
  // community-dev q0148); the url_decode and base64 pages' examples and make_datetime's null for a
  // date that does not exist
  ['print a = url_decode(tostring(parse_url("https://x/y?url=https%3a%2f%2fwww.bing.com%2f")["Query Parameters"]["url"])), b = base64_decode_tostring(tostring(parse_url("https://x/y?k=S3VzdG8=")["Query Parameters"]["k"])), c = make_datetime(toint(tostring(parse_url("https://x/y?y=2023")["Query Parameters"]["y"])), 2, 29)',
    [['https://www.bing.com/', 'Kusto', null]]],
  // term boundaries only where the needle starts/ends with a letter or digit
  [String.raw`print a = @"HKCU\Software\Microsoft\Windows\CurrentVersion\Run" has @"\CurrentVersion\Run"`, [[true]]],
  ['print a = "alpha_beta" has "alpha", b = "alphabet" has "alpha", c = "ПриветМир" has "привет"', [[true, false, false]]],
  ['print a = "Microsoft.Office" hasprefix "micro", b = "Microsoft.Office" hassuffix "office"', [[true, true]]],
  // Kusto null rules: equality with null is false, so its negation is true; ordering stays null
  ['datatable(x:long)[ 1, 2, long(null) ] | where x != 1 | count', [[2]]],
  ['datatable(x:long)[ 1, 2, long(null) ] | where not(x == 1) | count', [[2]]],
  ['datatable(x:long)[ 1, 2, long(null) ] | where x !in (1, 2) | count', [[1]]],
  ['datatable(i:int)[ 1,2,3 ] | extend x=int(null) | where not(x > 0) | count', [[0]]],
  // null values page example: null == value is false, != is true; two nulls compare to null
  ['datatable(val:int)[5, int(null)] | extend IsBiggerThan3 = val > 3 | extend IsBiggerThan3OrNull = val > 3 or isnull(val) | extend IsEqualToNull = val == int(null) | extend IsNotEqualToNull = val != int(null)',
    [[5, true, true, false, true], [null, null, true, null, null]]],
  ['print a = toint("xyz") == 0, b = toint("xyz") != 0, c = real(null) == 1.5, d = real(null) != 1.5', [[false, true, false, true]]],
  // indexof() of an empty lookup is null (Kusto's engine)
  ['datatable(s:string)[ "abc", "" ] | extend idx = indexof(s, "")', [['abc', null], ['', null]]],
  // window functions that restart or rank
  ['datatable(s:long)[ 10, 10, 20, 20, 20, 5 ] | sort by s desc | serialize rd = row_rank_dense(s), rm = row_rank_min(s)',
    [[20, 1, 1], [20, 1, 1], [20, 1, 1], [10, 2, 4], [10, 2, 4], [5, 3, 6]]],
  ['datatable(g:string, x:long)[ "a",5, "a",3, "b",8, "b",1, "b",9 ] | sort by g asc, x asc | serialize cs = row_cumsum(x, g != prev(g))',
    [['a', 3, 3], ['a', 5, 8], ['b', 1, 1], ['b', 8, 9], ['b', 9, 18]]],
  // search predicates
  ['datatable(h:string, env:string)[ "web01","prod", "db02","dev", "web03","prod" ] | search "web*" and env == "prod" | project h', [['web01'], ['web03']]],
  ['datatable(s:string)[ "foo bar baz", "qux" ] | search s:"bar" | project s', [['foo bar baz']]],
  // timespans and bags
  [`print a = format_timespan(-1d - 2h - 30m, 'd.hh:mm:ss'), b = format_timespan(25h + 61m, 'h:m'), c = make_timespan(1, 2, 3, 4)`, [['-1.02:30:00', '2:1', '1.02:03:04']]],
  ['print m = bag_merge(dynamic({"a":1,"b":2}), dynamic({"b":3,"c":4}))', [[{ a: 1, b: 2, c: 4 }]]],
  ['datatable(k:long, v:dynamic)[ 1,dynamic({"a":1}), 1,dynamic({"a":2,"b":3}), 1,dynamic({"c":4}), 2,dynamic({"a":9}) ] | summarize bag=make_bag(v) by k | order by k asc',
    [[1, { a: 1, b: 3, c: 4 }], [2, { a: 9 }]]],
  ['datatable(d:dynamic)[ dynamic({"x":1}), dynamic({"y":2}) ] | extend k = bag_keys(d) | project k', [[['x']], [['y']]]],
  // language forms
  ['print s = "a" "b"', [['ab']]],
  // splicing inside a dynamic literal: the two literals are one element
  ['print d = dynamic(["x.out" "y.dll", "z"]), n = array_length(dynamic(["x.out" "y.dll", "z"]))', [[['x.outy.dll', 'z'], 2]]],
  ['let f = (T:(x:long), k:long) { T | where x > k }; datatable(x:long)[1,2,3] | invoke f(1)', [[2], [3]]],
  ['print h = tostring(parse_url("https://u:p@www.example.com:8080/a/b?k=v#f").Host)', [['www.example.com']]],
  ['print d = datetime("01/16/2022 00:00:00"), e = now(-1h)', [['2022-01-16T00:00:00Z', '2024-01-15T11:00:00Z']]],
  ['print mk = make_datetime(2020, 2, 29, 13, 45, 9), bad = make_datetime(2020, 13, 1)', [['2020-02-29T13:45:09Z', null]]],
];

describe('Kusto semantics on DuckDB-WASM', () => {
  it.each(CASES)('%s', async (kql, rows) => {
    expect(await runKql(engine, kql)).toEqual(rows);
  });
});

describe('evaluate', () => {
  it('bag_unpack turns a declared property bag into typed columns (a missing string is \'\'), with an optional prefix', async () => {
    const q = 'datatable(k:long, d:dynamic)[1, dynamic({"a":1,"b":"x"}), 2, dynamic({"a":2})] | evaluate bag_unpack(d, "p_") | order by k asc';
    expect(await runKql(engine, q)).toEqual([
      [1, 1, 'x'],
      [2, 2, ''],
    ]);
  });
});

describe('more dynamic functions', () => {
  it.each([
    ['print n = 10 | extend arr = range(1, n, 1) | mv-expand item = arr to typeof(long) | summarize cnt = count(), total = sum(item)', [[10, 55]]],
    ['print summ = zip(dynamic([1,2,3]), dynamic([4,5,6]))', [[[[1, 4], [2, 5], [3, 6]]]]],
    ['print r = array_iff(dynamic([true,false,true]), dynamic([1,2,3]), dynamic([0,0,0]))', [[[1, 0, 3]]]],
    ['print d = dynamic({"a":1,"b":2}) | extend keys = bag_keys(d) | mv-expand keys | extend kv = d[tostring(keys)] | project kv', [[1], [2]]],
    ['datatable(s:string, tag:string)[ "alpha","x", "café","z" ] | where * has "café"', [['café', 'z']]],
  ] as [string, unknown[][]][])('%s', async (kql, rows) => {
    expect(await runKql(engine, kql)).toEqual(rows);
  });
});

describe('empty arrays in in-lists', () => {
  it('dynamic([]) adds no values', async () => {
    expect(await runKql(engine, 'print a = "a" !in~ (dynamic([])), b = "a" in (dynamic([])), c = "A" in~ (dynamic(["a"]))')).toEqual([[true, false, true]]);
  });
});

describe('strcat_array() of elements held as JSON text', () => {
  // make_list() of a dynamic column holds its elements as JSON text, so their kinds are known only
  // at run time. The page's example values (whole numbers) and strings join as they do from a
  // dynamic literal; a real element refuses the row instead of guessing Kusto's text of it.
  it('joins whole numbers and strings, refuses a real', async () => {
    const list = (json: string) => `print j = parse_json('${json}') | mv-expand x = j | summarize a = make_list(x)`;
    expect(await runKql(engine, `${list('[1, 2, 3]')} | project str = strcat_array(a, "->")`)).toEqual([['1->2->3']]);
    expect(await runKql(engine, `${list('["a", "b"]')} | project str = array_strcat(a, "-")`)).toEqual([['a-b']]);
    await expect(runKql(engine, `${list('[1, 2.5]')} | project str = strcat_array(a, "->")`)).rejects.toThrow('HB162');
  });
});

describe('find', () => {
  // The table-name column names a dataset table; a let-bound table has no name of its own (union
  // shows such a source as union_argN, per the oracle), so find over one is refused rather than
  // named after the let. Packing and skipping run over dataset tables in cli/hunting-variants.
  it('over let-bound tables is a coded refusal (the name source_ would show is not documented)', async () => {
    const q = 'let A = datatable(x:string, a:long)["hit",1,"miss",2]; let B = datatable(x:string, b:string)["hit","z"]; find in (A, B) where x == "hit" | order by source_ asc';
    await expect(runKql(engine, q)).rejects.toThrow('HB100');
    await expect(runKql(engine, 'let A = datatable(x:string)["hit"]; search in (A) "hit"')).rejects.toThrow('HB100');
  });
});

describe('JSON text values (parse_json of a string column, mixed-kind arrays)', () => {
  it('reads members, elements, lengths and types from JSON text', async () => {
    const q = `datatable(s:string)['{"a": 1, "b": {"c": "x"}}', "not json", "[1,2]"] | extend j = parse_json(s) | project a = tolong(j.a), c = tostring(j.b.c), n = array_length(j), t = gettype(j)`;
    expect(await runKql(engine, q)).toEqual([
      [1, 'x', null, 'dictionary'],
      [null, '', null, 'string'],
      [null, '', 2, 'array'],
    ]);
  });
  it('keeps values of different kinds in one column and expands them', async () => {
    const q = 'print d = dynamic([1, "a", {"x": 1}]) | mv-expand d | extend t = gettype(d), s = tostring(d)';
    expect(await runKql(engine, q)).toEqual([
      [1, 'long', '1'],
      ['a', 'string', 'a'],
      [{ x: 1 }, 'dictionary', '{"x":1}'],
    ]);
  });
  it('a datatable column mixing arrays and bags', async () => {
    const q = 'datatable(d:dynamic)[ dynamic({"a":1}), dynamic([10,20]), dynamic(null) ] | project d, n = array_length(d), a = d.a';
    expect(await runKql(engine, q)).toEqual([
      [{ a: 1 }, null, 1],
      [[10, 20], 2, null],
      [null, null, null],
    ]);
  });
});

describe('community query forms', () => {
  it.each([
    [`print a = extractjson('$.x.y[1]', '{"x": {"y": [5, 7]}}'), b = extractjson('$.n', '{"n": 3}', typeof(long)), c = extractjson("$['k']", '{"k": "v"}')`, [['7', 3, 'v']]],
    ['datatable(t:datetime, s:string, f:string)[datetime(2024-01-01),"a","b", datetime(2024-01-02),"c","b"] | summarize (t2, s2) = arg_max(t, s) by f', [['b', '2024-01-02T00:00:00Z', 'c']]],
  ] as [string, unknown[][]][])('%s', async (kql, rows) => {
    expect(await runKql(engine, kql)).toEqual(rows);
  });
});

describe('quoting', () => {
  it("text with $ and quotes inside string operators stays text ($' is not a replacement pattern)", async () => {
    expect(await runKql(engine, `print a = "x$'y" contains "$'", b = "a$1" has_cs "$1", c = "q" contains "$"`)).toEqual([[true, true, false]]);
  });
  it('a pinned now that is not a datetime is refused, not spliced into SQL', () => {
    const r = compile('print now()', { catalog: null, now: "2024-01-01' ; SELECT 1 --" });
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0].code).toBe('HB007');
  });
});

describe('in (subquery)', () => {
  it('a subquery returning an array (summarize make_list) contributes its elements', async () => {
    const q = 'let L = datatable(x:string)["A","b"] | summarize make_list(x); datatable(y:string)["a","b","c"] | where y in~ (L) | order by y asc';
    expect(await runKql(engine, q)).toEqual([['a'], ['b']]);
  });
});

describe('path and command-line parsing', () => {
  it('parse_path splits Windows, UNC and Unix paths', async () => {
    const q = String.raw`print a = parse_path(@"C:\Users\alex\Downloads\Invoice.docm"), c = parse_path("/usr/bin/env")`;
    expect(await runKql(engine, q)).toEqual([
      [
        { Scheme: '', RootPath: 'C:', DirectoryPath: String.raw`C:\Users\alex\Downloads`, DirectoryName: 'Downloads', Filename: 'Invoice.docm', Extension: 'docm', AlternateDataStreamName: '' },
        // a Unix path has no root (the parse_path page's /usr/lib/temp/file.txt example)
        { Scheme: '', RootPath: '', DirectoryPath: '/usr/bin', DirectoryName: 'bin', Filename: 'env', Extension: '', AlternateDataStreamName: '' },
      ],
    ]);
  });
  it('parse_command_line keeps quoted arguments together', async () => {
    const q = String.raw`print d = parse_command_line(@"powershell.exe -File ""C:\My Scripts\a.ps1"" -x", "windows")`;
    expect(await runKql(engine, q)).toEqual([[['powershell.exe', '-File', String.raw`C:\My Scripts\a.ps1`, '-x']]]);
  });
});

// parse_url of forms whose parts Kusto does not document: refused while running, not answered
// (a repeated query key was an internal error, an IPv6 host in brackets gave Host "[")
describe('parse_url forms not read here', () => {
  it.each(['http://x.com/?a=1&a=2', 'http://[::1]:8080/x', 'https://u@[fe80::1]/'])('parse_url(%j) is refused', async (url) => {
    await expect(runKql(engine, `datatable(u:string)[${JSON.stringify(url)}] | extend p = parse_url(u)`)).rejects.toMatchObject({ code: 'HB162' });
  });
  it('parse_urlquery of a repeated key is refused', async () => {
    await expect(runKql(engine, "print parse_urlquery('a=1&b=2&a=3')")).rejects.toMatchObject({ code: 'HB162' });
  });
  it('distinct keys and empty parameters still read', async () => {
    // a parameter without "=" ('…&c') is refused since audit8 (test/kql/audit8.test.ts): decoders
    // differ on it (HttpUtility.ParseQueryString files "c" under a null key); "c=" is an empty value
    expect(await runKql(engine, "print p = parse_url('http://x.com/?a=1&b=2&&c=')['Query Parameters']")).toEqual([[{ a: '1', b: '2', c: '' }]]);
  });
});

// replace_regex: the documented \1 group references run; a rewrite with a '$' substitution (read
// by .NET's replace, literal for RE2; not documented) is refused while running, not kept literally
describe('replace_regex rewrites', () => {
  it.each(['$1', '$0', '$' + '{x}', '$&', '$$'])('a rewrite holding %j is refused', async (rw) => {
    await expect(runKql(engine, `datatable(s:string)['abc'] | extend r = replace_regex(s, '(b)', ${JSON.stringify(rw)})`)).rejects.toMatchObject({ code: 'HB162' });
  });
  it('group references and a lone dollar sign', async () => {
    expect(await runKql(engine, String.raw`print a = replace_regex('one two', @'(\w+)', @'[\1]'), b = replace_regex('ab', '(a)(b)', @'\2\1'), c = replace_regex('abc', 'b', 'US$'), d = replace_regex('a$b', @'\$', '-')`))
      .toEqual([['[one] [two]', 'ba', 'aUS$c', 'a-b']]);
  });
});

describe('has_any over a computed list', () => {
  it.each([
    ['let L = datatable(x:string)["Alpha","beta"] | summarize make_list(x); datatable(s:string)["alpha_beta", "alphabet", "gamma beta", "x"] | where s has_any (toscalar(L))', [['alpha_beta'], ['gamma beta']]],
    ['let L = datatable(x:string)["a.b","q"] | summarize make_list(x); datatable(s:string)["xa.b", "a.b c", "qq"] | where s has_any (toscalar(L))', [['a.b c']]],
  ] as [string, unknown[][]][])('%s', async (kql, rows) => {
    expect(await runKql(engine, kql)).toEqual(rows);
  });
});

describe('scan (one step)', () => {
  it.each([
    ['datatable(t:long, v:long)[ 1,5, 2,0, 3,0, 4,7, 5,0 ] | sort by t asc | scan declare (ff:long=0) with (step s: v != 0 => ff = v;)', [[1, 5, 5], [4, 7, 7]]],
    ['datatable(t:long, v:long)[ 1,5, 2,3, 3,99, 4,7 ] | sort by t asc | scan declare (mx:long=0) with (step s: true => mx = max_of(s.mx, v);)', [[1, 5, 5], [2, 3, 5], [3, 99, 99], [4, 7, 99]]],
    ['datatable(t:long, v:long)[1,1, 2,2, 3,3] | sort by t asc | scan declare (a:long=0, b:long=1) with (step s: true => a = s.b, b = s.a + v;)', [[1, 1, 1, 1], [2, 2, 1, 3], [3, 3, 3, 4]]],
  ] as [string, unknown[][]][])('%s', async (kql, rows) => {
    expect(await runKql(engine, kql)).toEqual(rows);
  });
});

describe('ranked and running windows inside larger expressions', () => {
  it('row_cumsum(x) / row_number() and row_rank_min(x) - row_rank_dense(x)', async () => {
    expect(await runKql(engine, 'datatable(x:real)[ 1.5, 2.5, 3.5, 4.5 ] | sort by x asc | serialize avg = row_cumsum(x) / row_number()')).toEqual([
      [1.5, 1.5],
      [2.5, 2],
      [3.5, 2.5],
      [4.5, 3],
    ]);
    expect(await runKql(engine, 'datatable(x:long)[ 5,5,3 ] | sort by x desc | serialize gap = row_rank_min(x) - row_rank_dense(x)')).toEqual([
      [5, 0],
      [5, 0],
      [3, 1],
    ]);
  });
});

describe('integer arithmetic', () => {
  it('int + int is long, and long arithmetic wraps around as in Kusto', async () => {
    expect(await runKql(engine, 'print x = toint(2147483647) + toint(1), y = int(2147483647) * int(2)')).toEqual([[2147483648, 4294967294]]);
    expect(await runKql(engine, 'datatable(x:long)[ 9223372036854775807 ] | extend p = x + 1, d = x * 2 | project p, d')).toEqual([['-9223372036854775808', -2]]);
  });
});

describe('columns whose names differ only in case', () => {
  // DuckDB names are case-insensitive: storage keeps LogonID as LogonID_1 (catalog/storage.ts).
  it('each KQL column reads its own storage column', async () => {
    await engine.query('CREATE OR REPLACE TABLE CaseClash ("LogonId" BIGINT, "Other" VARCHAR, "LogonID_1" BIGINT)');
    await engine.query("INSERT INTO CaseClash VALUES (111, 'a', 222)");
    const catalog: Catalog = {
      dataset: 'case-clash',
      tables: [{ name: 'CaseClash', kind: 'user', columns: [
        { name: 'LogonId', type: 'long' }, { name: 'Other', type: 'string' }, { name: 'LogonID', type: 'long' },
        { name: 'LogonIDCopy', type: 'long', derived: { copy: 'LogonID' } },
      ] }],
    };
    expect(await runKql(engine, 'CaseClash | project LogonID, LogonId, LogonIDCopy', catalog)).toEqual([[222, 111, 222]]);
  });
});
