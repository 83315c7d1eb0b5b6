/**
 * Session 19's audit of operators and aggregates against their pages in the KQL reference
 * (learn.microsoft.com/kusto/query/<page>) and the Kusto oracle corpus (`oracle:<id>`): answers
 * that differed silently (now fixed, pinned by the page's examples and the rules it states) and
 * answers the pages leave open (now refused with a code). Run on the real engine through the
 * shared documented-example runner.
 */
import { type DocCase, runDocCases } from './doc-harness.ts';

const CASES: DocCase[] = [
  // make_set of an array column gives the set of the arrays' elements (the page's "Set from array
  // column" example). Kusto looks at each value, so arrays held as JSON text (parse_json of a
  // string column, a dynamic column of mixed kinds) flatten as well: they were kept whole, while
  // make_list of the same values flattened them.
  {
    fn: 'make_set',
    page: 'make-set-aggregation-function',
    kql: "datatable (Val: int, Arr1: string) [ 1, '[\"A1\", \"A2\", \"A3\"]', 5, '[\"A2\", \"C1\"]', 7, '[\"C2\", \"A3\"]', 5, '[\"C2\", \"A1\"]' ] | summarize Val_set=make_set(Val), Arr1_set=make_set(parse_json(Arr1)) | project array_sort_asc(Val_set), array_sort_asc(Arr1_set)",
    rows: [[[1, 5, 7], ['A1', 'A2', 'A3', 'C1', 'C2']]],
  },
  {
    fn: 'make_set',
    page: 'make-set-aggregation-function',
    kql: "datatable(s:string)['[\"a\",\"b\"]', '[\"b\",\"c\"]', '5', '{\"k\":1}', '[]'] | summarize st=make_set(parse_json(s)), sl=make_list(parse_json(s)) | project n=array_length(st), has_a=set_has_element(st, 'a'), has_c=set_has_element(st, 'c'), has_5=set_has_element(st, 5), sl",
    rows: [[5, true, true, true, ['a', 'b', 'b', 'c', 5, { k: 1 }]]],
  },

  // set_has_element / array_index_of over an array whose elements are JSON text (make_list of
  // parse_json values) answered "no element matches" whatever the elements (page examples:
  // set_has_element(arr, 2) of [1, 2, 3] is true, array_index_of gives the 0-based index)
  {
    fn: 'set_has_element',
    page: 'set-has-element-function',
    kql: "datatable(s:string)['[1,2]', '[3]', '[\"x\"]'] | summarize a=make_list(parse_json(s)) | project h2=set_has_element(a, 2), h9=set_has_element(a, 9), hx=set_has_element(a, 'x'), h1s=set_has_element(a, '1'), i3=array_index_of(a, 3), ix=array_index_of(a, 'x'), i9=array_index_of(a, 9)",
    rows: [[true, false, true, false, 2, 3, -1]],
  },

  // array_sort_asc/desc of such an array sorted the elements' JSON text ([10, 2, 9]); the page
  // sorts numbers by value
  {
    fn: 'array_sort_asc',
    page: 'array-sort-asc-function',
    kql: "datatable(s:string)['[10,9]', '[2]'] | summarize a=make_list(parse_json(s)) | project up=array_sort_asc(a), down=array_sort_desc(a)",
    rows: [[[2, 9, 10], [10, 9, 2]]],
  },

  // in / in~ with an array held in a column (in-operator: each expression is a scalar or a set of
  // values; its "Dynamic array" example with in~): the other values of the list were dropped
  // ("x" in ("x", arr) was false), in~ compared with case, and an array known only at run time
  // (parse_json of a string column) was compared as a whole
  {
    fn: 'in',
    page: 'in-operator',
    kql: 'datatable(a:dynamic)[dynamic(["FLORIDA", "georgia"])] | extend r1 = "Georgia" in~ (a), r2 = "Georgia" in (a), r3 = "x" in ("x", a), r4 = "georgia" in ("x", a), r5 = "georgia" !in ("x", a), r6 = "x" !in ("x", a), r7 = "y" !in ("x", a) | project-away a',
    rows: [[true, false, true, true, false, false, true]],
  },
  {
    fn: 'in',
    page: 'in-operator',
    kql: "datatable(s:string)['[\"FLORIDA\",\"georgia\"]', '5', '\"x\"'] | extend p=parse_json(s) | project r1 = \"florida\" in~ (p), r2 = \"georgia\" in (p), r3 = 5 in (p), r4 = \"x\" in (p), r5 = \"georgia\" !in (p)",
    rows: [
      [true, true, false, false, false],
      [false, false, true, false, true],
      [false, false, false, true, true],
    ],
  },
  // a null value is in no list (false) and !in any (true), arrays included
  {
    fn: 'in',
    page: 'in-operator',
    kql: 'datatable(a:dynamic, x:long)[dynamic([1,2]), long(null), dynamic([1,2]), 2] | project r1 = x in (a), r2 = x !in (a), r3 = x in (a, 3), r4 = x !in (a, 3)',
    rows: [
      [false, true, false, true],
      [true, false, true, false],
    ],
  },
  // has_any over such an array (a let-bound toscalar(make_list(parse_json(…))), or parse_json of
  // a column): the needles were the elements' JSON text, quotes included, and matched nothing
  {
    fn: 'has_any',
    page: 'has-anyoperator',
    kql: "let T = datatable(s:string)['[\"abc\"]','[\"xyz\"]']; let xs = toscalar(T | summarize make_list(parse_json(s))); datatable(t:string)[\"abc def\",\"q\"] | where t has_any (xs)",
    rows: [['abc def']],
  },
  {
    fn: 'has_any',
    page: 'has-anyoperator',
    kql: "datatable(s:string, t:string)['[\"abc\",\"q\"]', \"abc def\", '\"def\"', \"abc def\", '5', \"x 5\", '[\"zz\"]', \"abc\"] | project h = t has_any (parse_json(s))",
    rows: [[true], [true], [true], [false]],
  },
  { fn: 'has_any', page: 'has-anyoperator', kql: "datatable(s:string, t:string)['[1.5]', \"1.5\"] | project h = t has_any (parse_json(s))", error: 'HB162' },

  // a value against an array column of another kind (a string among longs, a datetime among
  // strings): whether Kusto converts a side is not documented (DuckDB cast the string)
  { fn: 'in', page: 'in-operator', kql: 'datatable(a:dynamic)[dynamic([1,2])] | extend r = "1" in (a)', error: 'HB120' },
  { fn: 'in', page: 'in-operator', kql: 'datatable(a:dynamic)[dynamic(["2020-01-01T00:00:00Z"])] | extend r = datetime(2020-01-01) in (a)', error: 'HB120' },
  { fn: 'in', page: 'in-operator', kql: 'datatable(a:dynamic)[dynamic([1,2])] | extend r = 1.0 in (a), q = int(2) in (a), t = true in (dynamic([true]))', rows: [[[1, 2], true, true, true]] },

  // covariance() and its forms without a column name: the pages' outputs show covariance_x_y,
  // covarianceif_x_y …, while Kusto's analyzer (which names our columns) says covariance_x
  { fn: 'covariance', page: 'covariance-aggregation-function', kql: 'datatable(x:real, y:real) [ 1.0, 14.0, 2.0, 10.0 ] | summarize covariance(x, y)', error: 'HB121' },
  { fn: 'covarianceif', page: 'covarianceif-aggregation-function', kql: 'range x from 1 to 100 step 1 | extend y = iff(x % 2 == 0, x * 2, x * 3) | summarize covarianceif(x, y, x % 3 == 0)', error: 'HB121' },
  { fn: 'covariancep', page: 'covariancep-aggregation-function', kql: 'datatable(x:real, y:real) [ 1.0, 14.0, 2.0, 10.0 ] | summarize covariancep(x, y) by x', error: 'HB121' },
  // named, the documented value (and the page's column name given by hand)
  {
    fn: 'covarianceif',
    page: 'covarianceif-aggregation-function',
    kql: 'range x from 1 to 100 step 1 | extend y = iff(x % 2 == 0, x * 2, x * 3) | summarize covarianceif_x_y = covarianceif(x, y, x % 3 == 0)',
    cols: ['covarianceif_x_y'],
    rows: [[2142]],
  },
];

runDocCases('wrong answers (session 19 audit)', CASES);
