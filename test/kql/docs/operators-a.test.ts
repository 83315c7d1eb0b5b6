/**
 * Documented examples and documented rules of the tabular operators where, project*, extend,
 * summarize, count, distinct, sort, top, take, union, join, lookup, as, let / materialize /
 * toscalar, datatable, range and print (learn.microsoft.com/kusto/query/<page>), with the outputs
 * the pages show, and cases of the Kusto oracle corpus (`oracle:<id>`, real engine outputs) where a
 * page leaves a rule open. Column names are checked where the page shows them (Kusto's naming
 * rules: Key1, count_, x_long …); the rows of joins and unions in any order (Kusto does not order
 * them).
 */
import { runDocCases } from './doc-harness.ts';

const X = "let X = datatable(Key:string, Value1:long) ['a',1, 'b',2, 'b',3, 'c',4];";
const Y = "let Y = datatable(Key:string, Value2:long) ['b',10, 'c',20, 'c',30, 'd',40];";
const XY = `${X} ${Y}`;
const JOIN_COLS = ['Key', 'Value1', 'Key1', 'Value2'];

runDocCases('operators a', [
  // join: the flavour pages' example tables X and Y
  {
    fn: 'join innerunique',
    page: 'join-innerunique',
    kql: `${XY} X | join Y on Key`,
    cols: JOIN_COLS,
    // the left side's duplicate key b keeps one row (the page shows b,2: the first here)
    rows: [['b', 2, 'b', 10], ['c', 4, 'c', 20], ['c', 4, 'c', 30]],
    unordered: true,
  },
  {
    fn: 'join innerunique',
    page: 'join-innerunique',
    kql: 'let t1 = datatable(key: long, value: string) [1, "val1.1", 1, "val1.2"]; let t2 = datatable(key: long, value: string) [1, "val1.3", 1, "val1.4"]; t1 | join kind = innerunique t2 on key',
    cols: ['key', 'value', 'key1', 'value1'],
    rows: [[1, 'val1.1', 1, 'val1.3'], [1, 'val1.1', 1, 'val1.4']],
    unordered: true,
  },
  {
    fn: 'join inner',
    page: 'join-inner',
    kql: `${XY} X | join kind=inner Y on Key`,
    cols: JOIN_COLS,
    rows: [['b', 3, 'b', 10], ['b', 2, 'b', 10], ['c', 4, 'c', 20], ['c', 4, 'c', 30]],
    unordered: true,
  },
  {
    fn: 'join leftouter',
    page: 'join-leftouter',
    kql: `${XY} X | join kind=leftouter Y on Key`,
    cols: JOIN_COLS,
    // the page shows blank cells for a: a string reads '' and a long null
    rows: [['a', 1, '', null], ['b', 2, 'b', 10], ['b', 3, 'b', 10], ['c', 4, 'c', 20], ['c', 4, 'c', 30]],
    unordered: true,
  },
  {
    fn: 'join rightouter',
    page: 'join-rightouter',
    kql: `${XY} X | join kind=rightouter Y on Key`,
    cols: JOIN_COLS,
    rows: [['b', 2, 'b', 10], ['b', 3, 'b', 10], ['c', 4, 'c', 20], ['c', 4, 'c', 30], ['', null, 'd', 40]],
    unordered: true,
  },
  {
    fn: 'join fullouter',
    page: 'join-fullouter',
    kql: `${XY} X | join kind=fullouter Y on Key`,
    cols: JOIN_COLS,
    rows: [['a', 1, '', null], ['b', 2, 'b', 10], ['b', 3, 'b', 10], ['c', 4, 'c', 20], ['c', 4, 'c', 30], ['', null, 'd', 40]],
    unordered: true,
  },
  // the anti and semi flavours return one side's columns only
  { fn: 'join leftanti', page: 'join-leftanti', kql: `${XY} X | join kind=leftanti Y on Key`, cols: ['Key', 'Value1'], rows: [['a', 1]] },
  { fn: 'join anti', page: 'join-leftanti', kql: `${XY} X | join kind=anti Y on Key`, cols: ['Key', 'Value1'], rows: [['a', 1]] },
  { fn: 'join leftantisemi', page: 'join-leftanti', kql: `${XY} X | join kind=leftantisemi Y on Key`, cols: ['Key', 'Value1'], rows: [['a', 1]] },
  { fn: 'join rightanti', page: 'join-rightanti', kql: `${XY} X | join kind=rightanti Y on Key`, cols: ['Key', 'Value2'], rows: [['d', 40]] },
  {
    fn: 'join leftsemi',
    page: 'join-leftsemi',
    kql: `${XY} X | join kind=leftsemi Y on Key`,
    cols: ['Key', 'Value1'],
    rows: [['b', 2], ['b', 3], ['c', 4]],
    unordered: true,
  },
  {
    fn: 'join rightsemi',
    page: 'join-rightsemi',
    kql: `${XY} X | join kind=rightsemi Y on Key`,
    cols: ['Key', 'Value2'],
    rows: [['b', 10], ['c', 20], ['c', 30]],
    unordered: true,
  },
  // $left.a == $right.b: both key columns stay; a clashing right column gets the next free suffix
  {
    fn: 'join $left/$right',
    page: 'join-operator',
    kql: "let L = datatable(Key:string, Value1:long) ['a',1, 'b',2]; let R = datatable(K:string, Value1:long, Value11:long) ['b',10,5]; L | join kind=inner R on $left.Key == $right.K",
    cols: ['Key', 'Value1', 'K', 'Value12', 'Value11'],
    rows: [['b', 2, 'b', 10, 5]],
  },
  // null keys match each other (oracle:saoc-r1-joins-lookup-union-0018, saoc-r2-joins-lookup-union-0010)
  {
    fn: 'join null keys',
    page: 'join-operator',
    kql: 'let L = datatable(k:long, lv:string)[ 1,"a", 2,"b", long(null),"n" ]; let R = datatable(k:long, rv:string)[ 1,"x", long(null),"m", 2,"y" ]; L | join kind=inner R on k',
    cols: ['k', 'lv', 'k1', 'rv'],
    rows: [[1, 'a', 1, 'x'], [2, 'b', 2, 'y'], [null, 'n', null, 'm']],
    unordered: true,
  },
  {
    fn: 'join null keys',
    page: 'join-operator',
    kql: 'let L = datatable(k:long, v:long) [1,1, long(null),2]; let R = datatable(k:long, w:long) [long(null),10]; L | join kind=leftanti R on k',
    rows: [[1, 1]],
  },
  // a dynamic key: Kusto refuses dynamic sort and group keys (KS116); its join on them is not established
  {
    fn: 'join dynamic key',
    page: 'join-operator',
    kql: 'datatable(d:dynamic, x:long)[dynamic(2),1, dynamic(1),2] | join (datatable(d:dynamic, y:long)[dynamic(2),5]) on d',
    error: 'HB100',
  },
  { fn: 'lookup dynamic key', page: 'lookup-operator', kql: 'datatable(d:dynamic, x:long)[dynamic(2),1] | lookup (datatable(d:dynamic, y:long)[dynamic(2),5]) on d', error: 'HB100' },
  // keys of different types are an error in Kusto (the analyzer's KS227)
  { fn: 'join key types', page: 'join-operator', kql: 'let L = datatable(a:long, b:int) [1,2]; let R = datatable(a:int, c:long) [1,3]; L | join R on a', error: 'KS227' },

  // lookup: the page's example (kind=leftouter over two key columns)
  {
    fn: 'lookup',
    page: 'lookup-operator',
    kql: 'let FactTable=datatable(Row:string,Personal:string,Family:string) ["1", "Rowan", "Murphy", "2", "Ellis", "Turner", "3", "Ellis", "Turner", "4", "Maya", "Robinson", "5", "Quinn", "Campbell"]; let DimTable=datatable(Personal:string,Family:string,Alias:string) ["Rowan", "Murphy", "rowanm", "Ellis", "Turner", "ellist", "Maya", "Robinson", "mayar", "Quinn", "Campbell", "quinnc"]; FactTable | lookup kind=leftouter DimTable on Personal, Family',
    cols: ['Row', 'Personal', 'Family', 'Alias'],
    rows: [['1', 'Rowan', 'Murphy', 'rowanm'], ['2', 'Ellis', 'Turner', 'ellist'], ['3', 'Ellis', 'Turner', 'ellist'], ['4', 'Maya', 'Robinson', 'mayar'], ['5', 'Quinn', 'Campbell', 'quinnc']],
    unordered: true,
  },
  // "the result doesn't repeat columns from the $right table that are the basis for the join"
  {
    fn: 'lookup',
    page: 'lookup-operator',
    kql: 'let L = datatable(k:long, v:long)[1,10, 2,20]; let R = datatable(kk:long, w:long)[1,100]; L | lookup R on $left.k == $right.kk',
    cols: ['k', 'v', 'w'],
    rows: [[1, 10, 100], [2, 20, null]],
    unordered: true,
  },
  {
    fn: 'lookup',
    page: 'lookup-operator',
    kql: 'let L = datatable(k:long, v:long)[1,10, 2,20, 3,30]; let R = datatable(k:long, w:long)[1,100, 4,400]; L | lookup kind=inner R on k',
    cols: ['k', 'v', 'w'],
    rows: [[1, 10, 100]],
  },
  // "Only two kinds of lookup are supported, leftouter and inner"
  { fn: 'lookup', page: 'lookup-operator', kql: 'let L = datatable(k:long)[1]; L | lookup kind=rightouter (datatable(k:long)[1]) on k', error: 'KS005' },

  // union kind=outer (the default): one column per name and type, suffixed _<type> on a clash
  {
    fn: 'union',
    page: 'union-operator',
    kql: 'let View_1 = view () { print x=1 }; let View_2 = view () { print x=toint(2) }; union View_1, View_2',
    cols: ['x_long', 'x_int'],
    rows: [[1, null], [null, 2]],
    unordered: true,
  },
  // the page's example names the views in withsource=
  {
    fn: 'union withsource',
    page: 'union-operator',
    kql: 'let View_1 = view () { print x=1 }; let View_2 = view () { print x=toint(2) }; union withsource=TableName View_1, View_2',
    cols: ['TableName', 'x_long', 'x_int'],
    rows: [['View_1', 1, null], ['View_2', null, 2]],
    unordered: true,
  },
  // … and a third view's own x_long: View_1's x is numbered x_long1
  {
    fn: 'union withsource',
    page: 'union-operator',
    kql: 'let View_1 = view () { print x=1 }; let View_2 = view () { print x=toint(2) }; let View_3 = view () { print x_long=3 }; union withsource=TableName View_1, View_2, View_3',
    cols: ['TableName', 'x_long1', 'x_int', 'x_long'],
    rows: [['View_1', 1, null, null], ['View_2', null, 2, null], ['View_3', null, null, 3]],
    unordered: true,
  },
  // kind=inner: "the subset of columns that are common to all of the input tables"
  {
    fn: 'union kind=inner',
    page: 'union-operator',
    kql: 'let A = datatable(x:long, y:string)[1,"a"]; let B = datatable(x:long, z:long)[3,30]; union kind=inner A, B',
    cols: ['x'],
    rows: [[1], [3]],
    unordered: true,
  },
  {
    fn: 'union kind=inner',
    page: 'union-operator',
    kql: 'let A = datatable(x:long, y:string, w:long)[1,"a",5]; let B = datatable(x:long, z:long, w:long)[3,30,6]; A | union kind=inner B | where x > 0 | sort by x asc | take 5',
    cols: ['x', 'w'],
    rows: [[1, 5], [3, 6]],
  },
  {
    fn: 'union kind=inner',
    page: 'union-operator',
    kql: 'let A = datatable(x:long, y:string, w:long)[1,"a",5]; let B = datatable(x:long, z:long, w:long)[3,30,6]; union kind=inner withsource=S A, B | count',
    cols: ['Count'],
    rows: [[2]],
  },
  // … followed by operators that would read the analyzer's list (which keeps y and z): refused
  {
    fn: 'union kind=inner',
    page: 'union-operator',
    kql: 'let A = datatable(x:long, y:long, w:long)[1,2,5]; let B = datatable(x:long, z:long, w:long)[3,30,6]; union kind=inner A, B | distinct *',
    error: 'HB100',
  },
  {
    fn: 'union kind=inner',
    page: 'union-operator',
    kql: 'let A = datatable(x:long, y:long)[1,2]; let B = datatable(x:long, z:long)[3,30]; union kind=inner A, B | extend q = 1',
    error: 'HB100',
  },
  // a common column typed differently: what Kusto keeps is not documented
  { fn: 'union kind=inner', page: 'union-operator', kql: 'let A = datatable(x:long)[1]; let B = datatable(x:int)[3]; union kind=inner A, B', error: 'HB100' },
  // same columns: kind=inner is every row (oracle:saoc-r1-joins-lookup-union-0035)
  {
    fn: 'union kind=inner',
    page: 'union-operator',
    kql: 'let A = datatable(x:long)[ 1, 2 ]; let B = datatable(x:long)[ 2, 3 ]; A | union kind=inner B',
    cols: ['x'],
    rows: [[1], [2], [2], [3]],
    unordered: true,
  },
  // withsource= over expressions names them union_arg<i> (oracle:saoc-r1-joins-lookup-union-0032)
  {
    fn: 'union withsource',
    page: 'union-operator',
    kql: 'let A = datatable(x:long, y:string)[ 1,"a", 2,"b" ]; let B = datatable(x:long, y:string)[ 3,"c", 4,"d" ]; union withsource=src A, B | order by x asc',
    cols: ['src', 'x', 'y'],
    rows: [['union_arg0', 1, 'a'], ['union_arg0', 2, 'b'], ['union_arg1', 3, 'c'], ['union_arg1', 4, 'd']],
  },

  // "The name given by as is used in the withsource= column of union" (as-operator: both of its
  // examples give T1 and T2)
  {
    fn: 'as',
    page: 'as-operator',
    kql: 'range x from 1 to 2 step 1 | as T1 | union withsource=TableName (range x from 1 to 2 step 1 | as T2)',
    cols: ['TableName', 'x'],
    rows: [['T1', 1], ['T1', 2], ['T2', 1], ['T2', 2]],
    unordered: true,
  },
  {
    fn: 'as',
    page: 'as-operator',
    kql: 'union withsource=TableName (range x from 1 to 2 step 1 | as T1), (range x from 1 to 2 step 1 | as T2)',
    rows: [['T1', 1], ['T1', 2], ['T2', 1], ['T2', 2]],
    unordered: true,
  },
  // an `as` followed by other operators: whether its name carries through is not documented
  { fn: 'as', page: 'as-operator', kql: 'union withsource=T (range x from 1 to 2 step 1 | as T1 | where x > 1), (print x=5)', error: 'HB100' },
  { fn: 'as', page: 'as-operator', kql: 'datatable(x:long)[1,2] | as hint.materialized=true T | union withsource=S T', error: 'HB100' },
  // withsource= naming an input's column: the analyzer lists two columns of that name; refused
  { fn: 'union withsource', page: 'union-operator', kql: 'union withsource=x (print x=1), (print x=2)', error: 'HB100' },

  // summarize: "If GroupExpression isn't provided, the output is a single (empty) row";
  // defaults: count/countif/dcount/sum/sumif/variance/stdev 0, make_list/make_set [] (make_bag {}:
  // oracle:saoc-r3-aggregation-0017), all others null; avg is NaN (oracle:saoc-r1-aggregation-0006)
  {
    fn: 'summarize',
    page: 'summarize-operator',
    kql: 'datatable(x:long)[1,2,3] | where x > 5 | summarize count(), countif(x > 1), dcount(x), sum(x), sumif(x, x > 1), variance(x), stdev(x), make_list(x), make_set(x), make_bag(pack("k", x)), min(x), max(x), take_any(x), avg(x)',
    cols: ['count_', 'countif_', 'dcount_x', 'sum_x', 'sumif_x', 'variance_x', 'stdev_x', 'list_x', 'set_x', 'bag_', 'min_x', 'max_x', 'x', 'avg_x'],
    rows: [[0, 0, 0, 0, 0, 0, 0, [], [], {}, null, null, null, 'NaN']],
  },
  // "If GroupExpression is provided, the output has no rows"
  { fn: 'summarize', page: 'summarize-operator', kql: 'datatable(x:long, k:string)[] | summarize count(), sum(x) by k', cols: ['k', 'count_', 'sum_x'], rows: [] },
  // null keys form their own group (oracle:saoc-r3-null-and-edge-0039)
  {
    fn: 'summarize',
    page: 'summarize-operator',
    kql: 'datatable(x:long, k:long)[1,1, 2,long(null), 3,long(null)] | summarize count(), sum(x) by k | order by k asc nulls first',
    rows: [[null, 2, 5], [1, 1, 1]],
  },
  // bin() keys keep the column's name; an unnamed computed key is Column1; duplicates get a suffix
  {
    fn: 'summarize',
    page: 'summarize-operator',
    kql: 'datatable(x:long, k:long)[1,5, 2,15, 3,17] | summarize min(x), max(x) by bin(k, 10), k % 2 | order by k asc',
    cols: ['k', 'Column1', 'min_x', 'max_x'],
    rows: [[0, 1, 1, 1], [10, 1, 2, 3]],
  },
  { fn: 'summarize', page: 'summarize-operator', kql: 'datatable(x:long)[1,2] | summarize count(), count(), sum(x), sum(x)', cols: ['count_', 'count_1', 'sum_x', 'sum_x1'], rows: [[2, 2, 3, 3]] },
  {
    fn: 'summarize',
    page: 'summarize-operator',
    kql: 'datatable(x:long, k:datetime)[1,datetime(2020-01-01 01:30), 2,datetime(null), 3,datetime(2020-01-01 01:50)] | summarize count() by bin(k, 1h)',
    cols: ['k', 'count_'],
    rows: [['2020-01-01T01:00:00Z', 2], [null, 1]],
    unordered: true,
  },

  // count: one row, column Count (0 over no rows)
  { fn: 'count', page: 'count-operator', kql: 'datatable(x:long)[] | count', cols: ['Count'], rows: [[0]] },
  // distinct: an unnamed expression is Column1
  { fn: 'distinct', page: 'distinct-operator', kql: 'datatable(x:long)[3,1,3] | distinct x + 1 | order by Column1 asc', cols: ['Column1'], rows: [[2], [4]] },
  { fn: 'distinct', page: 'distinct-operator', kql: 'datatable(x:long, y:string)[3,"a",1,"b",3,"a"] | distinct * | order by x asc', cols: ['x', 'y'], rows: [[1, 'b'], [3, 'a']] },

  // sort: desc by default; nulls first ascending, last descending (sort-operator, Parameters)
  { fn: 'sort', page: 'sort-operator', kql: 'datatable(x:long)[3,long(null),1,2] | sort by x', rows: [[3], [2], [1], [null]] },
  { fn: 'sort', page: 'sort-operator', kql: 'datatable(x:long)[3,long(null),1,2] | sort by x asc', rows: [[null], [1], [2], [3]] },
  { fn: 'sort', page: 'sort-operator', kql: 'datatable(x:long)[3,long(null),1,2] | order by x desc nulls first', rows: [[null], [3], [2], [1]] },
  { fn: 'sort', page: 'sort-operator', kql: 'datatable(x:long)[3,long(null),1,2] | order by x asc nulls last', rows: [[1], [2], [3], [null]] },
  // reals: "Null and NaN values are always grouped together" (sort-operator, Using special
  // floating-point values: the page's table of null, NaN, -inf, -5, 0, 5, +inf)
  ...(
    [
      ['asc nulls first', [null, 'NaN', '-Infinity', -5, 0, 5, 'Infinity']],
      ['desc nulls first', [null, 'NaN', 'Infinity', 5, 0, -5, '-Infinity']],
      ['asc nulls last', ['-Infinity', -5, 0, 5, 'Infinity', 'NaN', null]],
      ['desc nulls last', ['Infinity', 5, 0, -5, '-Infinity', 'NaN', null]],
      ['asc', [null, 'NaN', '-Infinity', -5, 0, 5, 'Infinity']],
      ['desc', ['Infinity', 5, 0, -5, '-Infinity', 'NaN', null]],
    ] as const
  ).map(([order, want]) => ({
    fn: 'sort',
    page: 'sort-operator',
    kql: `datatable(x:real)[5.0, real(null), real(nan), 0.0, real(-inf), -5.0, real(+inf)] | sort by x ${order}`,
    rows: want.map((v) => [v]),
  })),
  { fn: 'top', page: 'top-operator', kql: 'datatable(x:real)[5.0, real(null), real(nan), 0.0, real(-inf)] | top 3 by x asc', rows: [[null], ['NaN'], ['-Infinity']] },
  { fn: 'top', page: 'top-operator', kql: 'datatable(x:real)[5.0, real(null), real(nan), 0.0, real(-inf)] | top 3 by x', rows: [[5], [0], ['-Infinity']] },
  // top: desc by default, asc puts nulls first (top-operator, Parameters; oracle:saoc-r2-null-and-edge-0039)
  { fn: 'top', page: 'top-operator', kql: 'datatable(x:long)[3,long(null),1,2] | top 2 by x asc', rows: [[null], [1]] },
  { fn: 'top', page: 'top-operator', kql: 'datatable(x:long)[3,long(null),1,2] | top 2 by x', rows: [[3], [2]] },
  { fn: 'top', page: 'top-operator', kql: 'datatable(x:long)[5, 3, 8, long(null), 1, long(null)] | top 3 by x desc nulls first', rows: [[null], [null], [8]] },
  // top by a dynamic value: sort refuses it (KS116), so top does too
  { fn: 'top', page: 'top-operator', kql: 'datatable(d:dynamic)[dynamic({"a":2}), dynamic({"a":1})] | top 1 by d.a', error: 'HB100' },
  { fn: 'top', page: 'top-operator', kql: 'datatable(d:dynamic)[dynamic({"a":2}), dynamic({"a":1})] | top 1 by tolong(d.a) asc', rows: [[{ a: 1 }]] },
  // take / limit
  { fn: 'take', page: 'take-operator', kql: 'datatable(x:long)[3,1,2] | take 2 | count', rows: [[2]] },
  { fn: 'limit', page: 'take-operator', kql: 'datatable(x:long)[3,1,2] | limit 0', cols: ['x'], rows: [] },
  // a negative or null count: not documented, refused
  { fn: 'take', page: 'take-operator', kql: 'datatable(x:long)[3,1,2] | take -1', error: 'HB100' },
  { fn: 'take', page: 'take-operator', kql: 'datatable(x:long)[3,1,2] | take long(null)', error: 'HB100' },
  { fn: 'top', page: 'top-operator', kql: 'datatable(x:long)[3,1,2] | top -1 by x', error: 'HB100' },

  // project family
  { fn: 'project', page: 'project-operator', kql: 'datatable(x:long, y:string)[3,"a"] | project x+1, strlen(y), x*2', cols: ['Column1', 'strlen_y', 'Column2'], rows: [[4, 1, 6]] },
  { fn: 'project-away', page: 'project-away-operator', kql: 'datatable(x:long, y:string, xy:long)[3,"a",1] | project-away x*', cols: ['y'], rows: [['a']] },
  { fn: 'project-keep', page: 'project-keep-operator', kql: 'datatable(x:long, y:string, xy:long)[3,"a",1] | project-keep x*', cols: ['x', 'xy'], rows: [[3, 1]] },
  { fn: 'project-reorder', page: 'project-reorder-operator', kql: 'datatable(x:long, y:string, xy:long)[3,"a",1] | project-reorder xy, y', cols: ['xy', 'y', 'x'], rows: [[1, 'a', 3]] },
  { fn: 'project-reorder', page: 'project-reorder-operator', kql: 'datatable(x:long, y:string, xy:long, a:long)[3,"a",1,2] | project-reorder * desc', cols: ['y', 'xy', 'x', 'a'], rows: [['a', 1, 3, 2]] },
  { fn: 'project-rename', page: 'project-rename-operator', kql: 'datatable(x:long, y:string)[3,"a"] | project-rename a=x, b=y', cols: ['a', 'b'], rows: [[3, 'a']] },

  // the project-* pages' print examples
  { fn: 'project-rename', page: 'project-rename-operator', kql: "print a='a', b='b', c='c' | project-rename new_b=b, new_a=a", cols: ['new_a', 'new_b', 'c'], rows: [['a', 'b', 'c']] },
  { fn: 'project-reorder', page: 'project-reorder-operator', kql: "print a='a', b='b', c='c' | project-reorder b", cols: ['b', 'a', 'c'], rows: [['b', 'a', 'c']] },
  { fn: 'project-reorder', page: 'project-reorder-operator', kql: "print b = 'b', a2='a2', a3='a3', a1='a1' | project-reorder a* asc", cols: ['a1', 'a2', 'a3', 'b'], rows: [['a1', 'a2', 'a3', 'b']] },
  { fn: 'project-away', page: 'project-away-operator', kql: "print a='a', b='b', c='c' | project-away a", cols: ['b', 'c'], rows: [['b', 'c']] },
  // summarize's page: defaults over an empty input
  { fn: 'summarize', page: 'summarize-operator', kql: 'datatable(x:long)[] | summarize count(x), countif(x > 0) , dcount(x), dcountif(x, x > 0)', rows: [[0, 0, 0, 0]] },
  {
    fn: 'summarize',
    page: 'summarize-operator',
    kql: 'datatable(x:long)[] | summarize make_list(x), make_list_if(x, x > 0), make_list_with_nulls(x), make_set(x), make_set_if(x, x > 0)',
    rows: [[[], [], [], [], []]],
  },
  // range, print, datatable
  { fn: 'print', page: 'print-operator', kql: 'print 0 + 1 + 2 + 3 + 4 + 5, x = "Wow!"', cols: ['print_0', 'x'], rows: [[15, 'Wow!']] },
  { fn: 'range', page: 'range-operator', kql: 'range Steps from 1 to 8 step 3', cols: ['Steps'], rows: [[1], [4], [7]] },
  { fn: 'range', page: 'range-operator', kql: 'range LastWeek from ago(7d) to now() step 1d | count', rows: [[8]] },
  { fn: 'range', page: 'range-operator', kql: 'range x from 5 to 1 step -2', rows: [[5], [3], [1]] },
  // a real step: refused (DuckDB has no real series; Kusto's rounding of 0.1-like steps is not established)
  { fn: 'range', page: 'range-operator', kql: 'range x from 1 to 3 step 0.5', error: 'HB100' },
  { fn: 'print', page: 'print-operator', kql: 'print banner=strcat("Hello", ", ", "World!")', cols: ['banner'], rows: [['Hello, World!']] },
  { fn: 'print', page: 'print-operator', kql: 'print 1, x=2, "a"', cols: ['print_0', 'x', 'print_2'], rows: [[1, 2, 'a']] },
  {
    fn: 'datatable',
    page: 'datatable-operator',
    kql: 'datatable(Date:datetime, Event:string, MoreData:dynamic) [datetime(1910-06-11), "Born", dynamic({"key1":"value3", "key2":"value4"}), datetime(1930-01-01), "Enters Ecole Navale", dynamic({"key1":"value5", "key2":"value6"})] | where strlen(Event) > 4 | extend key2 = MoreData.key2',
    cols: ['Date', 'Event', 'MoreData', 'key2'],
    rows: [['1930-01-01T00:00:00Z', 'Enters Ecole Navale', { key1: 'value5', key2: 'value6' }, 'value6']],
  },
  // let / materialize / toscalar / as
  { fn: 'toscalar', page: 'toscalar-function', kql: 'let T = datatable(a:long)[1,2,3]; let s = toscalar(T | where a > 10 | summarize max(a)); print s, isnull(s)', rows: [[null, true]] },
  // toscalar's page: Start / End / Step computed once and used by range
  {
    fn: 'toscalar',
    page: 'toscalar-function',
    kql: 'let Start = toscalar(print x=1); let End = toscalar(range x from 1 to 9 step 1 | count); let Step = toscalar(2); range z from Start to End step Step | extend start=Start, end=End, step=Step',
    cols: ['z', 'start', 'end', 'step'],
    rows: [[1, 1, 9, 2], [3, 1, 9, 2], [5, 1, 9, 2], [7, 1, 9, 2], [9, 1, 9, 2]],
  },
  // … and "fixing" an expression so it is evaluated once: g1 is one guid for every row, g2 one per row
  {
    fn: 'toscalar',
    page: 'toscalar-function',
    kql: 'let g1 = toscalar(new_guid()); let g2 = new_guid(); range x from 1 to 2 step 1 | extend x=g1, y=g2 | summarize dcount(x), dcount(y)',
    rows: [[1, 2]],
  },
  { fn: 'toscalar', page: 'toscalar-function', kql: 'let r = toscalar(rand()); range x from 1 to 50 step 1 | extend r | summarize dcount(r)', rows: [[1]] },
  // the page's join that replaces a per-row toscalar()
  {
    fn: 'toscalar',
    page: 'toscalar-function',
    kql: 'let _dataset1 = datatable(x: long)[1, 2, 3, 4, 5]; let _dataset2 = datatable(x: long, y: long) [1, 2, 3, 4, 5, 6]; _dataset1 | join (_dataset2) on x | project x, y',
    cols: ['x', 'y'],
    rows: [[1, 2], [3, 4], [5, 6]],
    unordered: true,
  },
  // let's page: a name that needs quoting
  { fn: 'let', page: 'let-statement', kql: "let ['some number'] = 20; range y from 0 to ['some number'] step 5", rows: [[0], [5], [10], [15], [20]] },
  { fn: 'materialize', page: 'materialize-function', kql: 'let T = materialize(datatable(a:long)[1,2,3]); T | union T | count', rows: [[6]] },
  { fn: 'as', page: 'as-operator', kql: 'range x from 1 to 3 step 1 | as hint.materialized=true T | union T | count', rows: [[6]] },
]);
