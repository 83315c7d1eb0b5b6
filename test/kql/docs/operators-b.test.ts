/**
 * Documented examples and stated rules of tabular operators (make-series, mv-expand, parse …),
 * from their pages in the official KQL reference (learn.microsoft.com/kusto/query/<page>), run on
 * the real engine. The examples over the reference's sample tables are left out unless their input
 * can be rebuilt honestly with a datatable. A case with `error` is a documented behaviour whose
 * exact answer the page leaves open (refused with that code rather than guessed).
 */
import { runDocCases } from './doc-harness.ts';

const SLICES = [
  ['23', '02/17/2016 08:40:01', '02/17/2016 08:40:01', '02/17/2016 08:39:01'],
  ['15', '02/17/2016 08:40:00', '02/17/2016 08:40:00', '02/17/2016 08:39:00'],
  ['20', '02/17/2016 08:40:01', '02/17/2016 08:40:01', '02/17/2016 08:39:01'],
  ['22', '02/17/2016 08:41:01', '02/17/2016 08:41:00', '02/17/2016 08:40:01'],
  ['16', '02/17/2016 08:41:00', '02/17/2016 08:41:00', '02/17/2016 08:40:00'],
];
const traces = (sep: string, totals = ['27', '27', '27', '27', '27'], release?: string[]) =>
  `let Traces = datatable(EventText: string) [${SLICES.map(
    ([n, lock, rel, prev], i) =>
      `"Event: NotifySliceRelease (resourceName=PipelineScheduler${sep}totalSlices=${totals[i]}${sep}sliceNumber=${n}${sep}lockTime=${lock}${sep}releaseTime=${release?.[i] ?? rel}${sep}previousLockTime=${prev})"`,
  ).join(', ')}];`;
const iso = (us: string) => {
  const m = /^(\d\d)\/(\d\d)\/(\d{4}) (\d\d:\d\d:\d\d)$/.exec(us);
  return m ? `${m[3]}-${m[1]}-${m[2]}T${m[4]}Z` : us;
};
const SORTED = [...SLICES].sort((a, b) => Number(a[0]) - Number(b[0]));

/** Records for the top-nested `with others` cases: states A (26) and B (20) lead, C (10) and D (5) are the others. */
const STATES = `datatable(State:string, Source:string, End:string, v:long)[ "A","s1","e1",10, "A","s1","e2",3, "A","s1","e3",1, "A","s2","e1",4, "A","s2","e4",6, "A","s3","e5",2, "B","s1","e1",7, "B","s1","e5",1, "B","s2","e2",5, "B","s2","e3",4, "B","s4","e6",3, "C","s1","e1",8, "C","s2","e2",2, "D","s5","e7",5 ]`;

const INVALID = `let Traces = datatable(EventText: string) [ "Event: NotifySliceRelease (resourceName=PipelineScheduler, totalSlices=27, sliceNumber=invalid_number, lockTime=02/17/2016 08:40:01, releaseTime=02/17/2016 08:40:01, previousLockTime=02/17/2016 08:39:01)", "Event: NotifySliceRelease (resourceName=PipelineScheduler, totalSlices=27, sliceNumber=15, lockTime=02/17/2016 08:40:00, releaseTime=invalid_datetime, previousLockTime=02/17/2016 08:39:00)", "Event: NotifySliceRelease (resourceName=PipelineScheduler, totalSlices=27, sliceNumber=20, lockTime=02/17/2016 08:40:01, releaseTime=02/17/2016 08:40:01, previousLockTime=02/17/2016 08:39:01)", "Event: NotifySliceRelease (resourceName=PipelineScheduler, totalSlices=27, sliceNumber=22, lockTime=02/17/2016 08:41:01, releaseTime=02/17/2016 08:41:00, previousLockTime=02/17/2016 08:40:01)", "Event: NotifySliceRelease (resourceName=PipelineScheduler, totalSlices=invalid_number, sliceNumber=16, lockTime=02/17/2016 08:41:00, releaseTime=02/17/2016 08:41:00, previousLockTime=02/17/2016 08:40:00)" ];`;

const METRICS = `let data=datatable(timestamp:datetime, metric: real) [ datetime(2016-12-31T06:00), 50, datetime(2017-01-01), 4, datetime(2017-01-02), 3, datetime(2017-01-03), 4, datetime(2017-01-03T03:00), 6, datetime(2017-01-05), 8, datetime(2017-01-05T13:40), 13, datetime(2017-01-06), 4, datetime(2017-01-07), 3, datetime(2017-01-08), 8, datetime(2017-01-08T21:00), 8, datetime(2017-01-09), 2, datetime(2017-01-09T12:00), 11, datetime(2017-01-10T05:00), 5, ]; let interval = 1d; let stime = datetime(2017-01-01); let etime = datetime(2017-01-10);`;
const DAYS = Array.from({ length: 9 }, (_, i) => `2017-01-0${i + 1}T00:00:00.0000000Z`);

runDocCases('tabular operators (b)', [
  // make-series: the page's three self-contained examples
  { fn: 'make-series', page: 'make-series-operator', kql: `${METRICS} data | make-series avg(metric) on timestamp from stime to etime step interval`, rows: [[[4, 3, 5, 0, 10.5, 4, 3, 8, 6.5], DAYS]] },
  { fn: 'make-series', page: 'make-series-operator', kql: `${METRICS} data | take 0 | make-series avg(metric) default=1.0 on timestamp from stime to etime step interval | count`, rows: [[0]] },
  { fn: 'make-series', page: 'make-series-operator', kql: `${METRICS} data | take 0 | make-series kind=nonempty avg(metric) default=1.0 on timestamp from stime to etime step interval`, rows: [[[1, 1, 1, 1, 1, 1, 1, 1, 1], DAYS]] },
  // kind=nonempty: the page shows it for an empty input only, without keys
  { fn: 'make-series', page: 'make-series-operator', kql: `${METRICS} data | where metric > 40 | make-series kind=nonempty c=count() on timestamp from stime to etime step interval`, error: 'HB162' },
  { fn: 'make-series', page: 'make-series-operator', kql: `${METRICS} data | take 0 | make-series kind=nonempty c=count() on timestamp from stime to etime step interval by metric`, error: 'HB130' },
  { fn: 'make-series', page: 'make-series-operator', kql: `${METRICS} data | take 0 | make-series kind=nonempty c=count() on timestamp step interval`, error: 'HB130' },
  // kind=nonempty of a non-empty input is the ordinary result
  {
    fn: 'make-series',
    page: 'make-series-operator',
    kql: `${METRICS} data | make-series kind=nonempty avg(metric) default=1.0 on timestamp from stime to datetime(2017-01-04) step interval`,
    rows: [[[4, 3, 5], DAYS.slice(0, 3)]],
  },
  // default=: "Default is 0"; the axis is from + k·step below to (exclusive)
  {
    fn: 'make-series',
    page: 'make-series-operator',
    kql: 'datatable(t:long, v:long)[1,1, 5,2, 9,3] | make-series s=sum(v), c=count(), a=avg(v) default=real(null) on t from 0 to 10 step 3',
    rows: [[[1, 2, 0, 3], [1, 1, 0, 1], [1, 2, null, 3], [0, 3, 6, 9]]],
  },
  // alternate syntax: stop inclusive; binned with bin(), so a start off a bin boundary is refused
  {
    fn: 'make-series',
    page: 'make-series-operator',
    kql: 'datatable(t:long, v:long)[1,1, 5,2, 9,3] | make-series s=sum(v) on t in range(0, 9, 3)',
    rows: [[[1, 2, 0, 3], [0, 3, 6, 9]]],
  },
  { fn: 'make-series', page: 'make-series-operator', kql: 'datatable(t:long, v:long)[1,1, 5,2, 9,3] | make-series s=sum(v) on t in range(1, 9, 3)', error: 'HB162' },
  {
    fn: 'make-series',
    page: 'make-series-operator',
    kql: 'datatable(t:datetime, v:long)[datetime(2020-01-01T07:00),1] | make-series c=count() on t in range(datetime(2020-01-01T06:00), datetime(2020-01-03T06:00), 1d)',
    error: 'HB162',
  },
  {
    fn: 'make-series',
    page: 'make-series-operator',
    kql: 'datatable(t:datetime, v:long)[datetime(2020-01-01T07:00),1, datetime(2020-01-02T08:00),2] | make-series c=count() on t in range(datetime(2020-01-01), datetime(2020-01-03), 1d)',
    rows: [[[1, 1, 0], ['2020-01-01T00:00:00.0000000Z', '2020-01-02T00:00:00.0000000Z', '2020-01-03T00:00:00.0000000Z']]],
  },

  // mv-expand: the page's examples
  {
    fn: 'mv-expand',
    page: 'mv-expand-operator',
    kql: "datatable (a: int, b: dynamic) [ 1, dynamic([10, 20]), 2, dynamic(['a', 'b']) ] | mv-expand b",
    rows: [[1, 10], [1, 20], [2, 'a'], [2, 'b']],
  },
  {
    fn: 'mv-expand',
    page: 'mv-expand-operator',
    kql: 'datatable (a: int, b: dynamic) [ 1, dynamic({"prop1": "a1", "prop2": "b1"}), 2, dynamic({"prop1": "a2", "prop2": "b2"}) ] | mv-expand b',
    rows: [[1, { prop1: 'a1' }], [1, { prop2: 'b1' }], [2, { prop1: 'a2' }], [2, { prop2: 'b2' }]],
  },
  {
    fn: 'mv-expand',
    page: 'mv-expand-operator',
    kql: 'datatable (a: int, b: dynamic) [ 1, dynamic({"prop1": "a1", "prop2": "b1"}), 2, dynamic({"prop1": "a2", "prop2": "b2"}) ] | mv-expand kind=array b | extend key = b[0], val=b[1]',
    rows: [
      [1, ['prop1', 'a1'], 'prop1', 'a1'],
      [1, ['prop2', 'b1'], 'prop2', 'b1'],
      [2, ['prop1', 'a2'], 'prop1', 'a2'],
      [2, ['prop2', 'b2'], 'prop2', 'b2'],
    ],
  },
  {
    fn: 'mv-expand',
    page: 'mv-expand-operator',
    kql: 'datatable (a: int, b: dynamic, c: dynamic)[ 1, dynamic({"prop1": "a", "prop2": "b"}), dynamic([5, 4, 3]) ] | mv-expand b, c',
    rows: [[1, { prop1: 'a' }, 5], [1, { prop2: 'b' }, 4], [1, null, 3]],
  },
  {
    fn: 'mv-expand',
    page: 'mv-expand-operator',
    kql: 'datatable (a: int, b: dynamic, c: dynamic) [ 1, dynamic({"prop1": "a", "prop2": "b"}), dynamic([5, 6]) ] | mv-expand b | mv-expand c',
    rows: [[1, { prop1: 'a' }, 5], [1, { prop1: 'a' }, 6], [1, { prop2: 'b' }, 5], [1, { prop2: 'b' }, 6]],
  },
  // the page's getschema table (c typed int); long elements that fit an int are kept (evidence in
  // test/kql/conformance-fixes.test.ts, "mv-expand / mv-apply to typeof(int)")
  {
    fn: 'mv-expand',
    page: 'mv-expand-operator',
    kql: 'datatable (a: string, b: dynamic, c: dynamic)[ "Constant", dynamic([1, 2, 3, 4]), dynamic([6, 7, 8, 9]) ] | mv-expand b, c to typeof(int) | getschema',
    rows: [['a', 0, 'System.String', 'string'], ['b', 1, 'System.Object', 'dynamic'], ['c', 2, 'System.Int32', 'int']],
  },
  {
    fn: 'mv-expand',
    page: 'mv-expand-operator',
    kql: 'range x from 1 to 4 step 1 | summarize x = make_list(x) | mv-expand with_itemindex=Index x',
    rows: [[1, 0], [2, 1], [3, 2], [4, 3]],
  },
  // "If the dynamic value is null, then a single record is produced for that value (null). If the
  // dynamic value is an empty array or property bag, no record is produced"; a value that is not
  // an array "is kept as is" (the page's earlier wording); expanded in parallel, so a row gives as
  // many records as its longest value (null counting one)
  {
    fn: 'mv-expand',
    page: 'mv-expand-operator',
    kql: 'datatable (a: int, b: dynamic) [1, dynamic([]), 2, dynamic(null), 3, dynamic({}), 4, dynamic(5), 5, dynamic("s"), 6, dynamic(true)] | mv-expand b',
    rows: [[2, null], [4, 5], [5, 's'], [6, true]],
  },
  { fn: 'mv-expand', page: 'mv-expand-operator', kql: 'print b=dynamic(5), c=dynamic([1,2]) | mv-expand b, c', rows: [[5, 1], [null, 2]] },
  { fn: 'mv-expand', page: 'mv-expand-operator', kql: 'print b=dynamic(null), c=dynamic([]) | mv-expand b, c', rows: [[null, null]] },
  { fn: 'mv-expand', page: 'mv-expand-operator', kql: 'print b=dynamic(null), c=dynamic([]) | mv-expand with_itemindex=i b, c', rows: [[null, null, 0]] },
  { fn: 'mv-expand', page: 'mv-expand-operator', kql: 'print b=dynamic([]), c=dynamic([]) | mv-expand b, c', rows: [] },
  { fn: 'mv-expand', page: 'mv-expand-operator', kql: 'print b=dynamic([1,2,3]), c=dynamic(["x"]) | mv-expand with_itemindex=i b, c', rows: [[1, 'x', 0], [2, null, 1], [3, null, 2]] },
  // RowLimit: "the maximum number of rows generated from each original row"
  { fn: 'mv-expand', page: 'mv-expand-operator', kql: 'datatable(k:long, a:dynamic)[1, dynamic([1,2,3]), 2, dynamic([4,5,6])] | mv-expand a limit 2', rows: [[1, 1], [1, 2], [2, 4], [2, 5]] },
  // to typeof(): "cast-only and doesn't include parsing or type-conversion. Array elements that
  // don't conform with the declared type become null values"
  { fn: 'mv-expand', page: 'mv-expand-operator', kql: 'print a=dynamic(["1", "x", 2, 2.0, null, [1], {"a":1}]) | mv-expand a to typeof(long)', rows: [[null], [null], [2], [2], [null], [null], [null]] },
  { fn: 'mv-expand', page: 'mv-expand-operator', kql: 'print a=dynamic(["1", 2, 2.5, null]) | mv-expand a to typeof(real)', rows: [[null], [2], [2.5], [null]] },
  { fn: 'mv-expand', page: 'mv-expand-operator', kql: 'print a=split("1,2,3", ",") | mv-expand a to typeof(long)', rows: [[null], [null], [null]] },
  { fn: 'mv-expand', page: 'mv-expand-operator', kql: 'print a=dynamic([true, "true", null]) | mv-expand a to typeof(bool)', rows: [[true], [null], [null]] },
  { fn: 'mv-expand', page: 'mv-expand-operator', kql: 'print a=dynamic(["a", null, [1], {"b":2}]) | mv-expand a to typeof(string)', rows: [['a'], [''], [''], ['']] },
  // a string to datetime: "no parsing" says null, but such values are text inside dynamic here, so refused;
  // datetimes that are datetimes (make-series' axis, make_list of a datetime column) keep their type
  { fn: 'mv-expand', page: 'mv-expand-operator', kql: 'print a=dynamic(["2020-01-01"]) | mv-expand a to typeof(datetime)', error: 'HB162' },
  {
    fn: 'mv-expand',
    page: 'mv-expand-operator',
    kql: 'datatable(t:datetime, v:long)[datetime(2020-01-01),10, datetime(2020-01-02),20] | make-series s = sum(v) on t from datetime(2020-01-01) to datetime(2020-01-03) step 1d | mv-expand t to typeof(datetime), s to typeof(long)',
    rows: [[10, '2020-01-01T00:00:00Z'], [20, '2020-01-02T00:00:00Z']],
  },
  // which of a number or a bool conforms to string / bool is not stated: refused while running
  { fn: 'mv-expand', page: 'mv-expand-operator', kql: 'print a=dynamic([true, 1]) | mv-expand a to typeof(bool)', error: 'HB162' },
  { fn: 'mv-expand', page: 'mv-expand-operator', kql: 'print a=dynamic(["a", 1]) | mv-expand a to typeof(string)', error: 'HB162' },
  { fn: 'mv-expand', page: 'mv-expand-operator', kql: 'print a=dynamic([1, 2]) | mv-expand a to typeof(string)', error: 'HB162' },

  // mv-apply: the page's examples not run elsewhere (operators-mv-apply.test.ts has the others)
  {
    fn: 'mv-apply',
    page: 'mv-apply-operator',
    kql: `datatable (Val: int, Arr1: dynamic, Arr2: dynamic) [ 1, dynamic(['A1', 'A2']), dynamic(['B1', 'B2', 'B3']), 5, dynamic(['C1', 'C2']), dynamic(['D1']) ] | mv-apply T1=Arr1, T2=Arr2 on ( extend Out = strcat(T1, "_", T2) | summarize Out= make_list(Out) ) | order by Val asc`,
    rows: [
      [1, ['A1', 'A2'], ['B1', 'B2', 'B3'], ['A1_B1', 'A2_B2', '_B3']],
      [5, ['C1', 'C2'], ['D1'], ['C1_D1', 'C2_']],
    ],
  },
  {
    fn: 'mv-apply',
    page: 'mv-apply-operator',
    kql: `datatable (Val:int, Arr1:dynamic, Arr2:dynamic) [ 1, dynamic(['A1', 'A2', 'A3']), dynamic([10, 30, 7]), 7, dynamic(['B1', 'B2', 'B5']), dynamic([15, 11, 50]), 3, dynamic(['C1', 'C2', 'C3', 'C4']), dynamic([6, 40, 20, 8]) ] | mv-apply NewArr1=Arr1, NewArr2=Arr2 to typeof(long) on ( top 2 by NewArr2 | summarize NewArr1=make_list(NewArr1), NewArr2=make_list(NewArr2) ) | order by Val asc`,
    rows: [
      [1, ['A1', 'A2', 'A3'], [10, 30, 7], ['A2', 'A1'], [30, 10]],
      [3, ['C1', 'C2', 'C3', 'C4'], [6, 40, 20, 8], ['C2', 'C3'], [40, 20]],
      [7, ['B1', 'B2', 'B5'], [15, 11, 50], ['B5', 'B1'], [50, 15]],
    ],
  },
  // documented (the property-bag example); bag_remove_keys() of computed keys is refused
  {
    fn: 'mv-apply',
    page: 'mv-apply-operator',
    kql: `datatable(Source: string, Target: string, Count: long) [ '555-1234', '555-1212', 46, '555-2424', '', int(null) ] | extend Pack = pack_all() | mv-apply removeProperties = Pack on ( mv-expand kind = array Pack | where Pack[1] !startswith "555" | summarize propsToRemove = make_set(Pack[0]) ) | extend values = bag_remove_keys(Pack, propsToRemove) | project-away propsToRemove`,
    error: 'HB120',
  },
  // to typeof(): "elements that don't conform to this type are replaced by a null value"
  { fn: 'mv-apply', page: 'mv-apply-operator', kql: 'print a=dynamic([1, "2", 3]) | mv-apply x=a to typeof(long) on (summarize s=sum(x), c=count(), n=countif(isnull(x)))', rows: [[[1, '2', 3], 4, 3, 1]] },
  // a summarize without keys over a subtable left empty: its row is not shown, refused while running
  { fn: 'mv-apply', page: 'mv-apply-operator', kql: 'print a=dynamic([1,2]) | mv-apply x=a on (where x > 100 | summarize c=count())', error: 'HB162' },
  { fn: 'mv-apply', page: 'mv-apply-operator', kql: 'print a=dynamic([]) | mv-apply x=a on (summarize c=count())', error: 'HB162' },
  { fn: 'mv-apply', page: 'mv-apply-operator', kql: 'print a=dynamic([]) | mv-apply x=a on (take 1)', rows: [] },

  // find / search in (…): the table-name column names dataset tables; a let-bound table has no
  // documented name there (union shows union_argN for one), so it is refused
  { fn: 'find', page: 'find-operator', kql: 'let T1 = datatable(a:string, b:long)["x",1]; let T2 = datatable(a:string, c:long)["x",3]; find withsource=Src in (T1, T2) where a == "x"', error: 'HB100' },
  { fn: 'search', page: 'search-operator', kql: 'let T1 = datatable(a:string, b:long)["x",1]; let T2 = datatable(a:string, c:long)["x",3]; search in (T1, T2) "x"', error: 'HB100' },
  // piped search: $table is search_arg0 (oracle)
  { fn: 'search', page: 'search-operator', kql: 'datatable(s:string, tag:string)[ "alpha","x", "Beta","y" ] | search "beta"', rows: [['search_arg0', 'Beta', 'y']] },

  // top-nested: the page's self-contained example (latest records per identity with other column data)
  {
    fn: 'top-nested',
    page: 'top-nested-operator',
    kql: `datatable(id: string, timestamp: datetime, otherInformation: string) [ "Barak", datetime(2015-01-01), "1", "Barak", datetime(2016-01-01), "2", "Barak", datetime(2017-01-20), "3", "Donald", datetime(2017-01-20), "4", "Donald", datetime(2017-01-18), "5", "Donald", datetime(2017-01-19), "6" ]
      | top-nested of id by Ignore0=max(1), top-nested 2 of timestamp by Ignore1=max(timestamp), top-nested of otherInformation by Ignore2=max(1)
      | project-away Ignore0, Ignore1, Ignore2 | order by id asc, timestamp desc`,
    rows: [
      ['Barak', '2017-01-20T00:00:00Z', '3'],
      ['Barak', '2016-01-01T00:00:00Z', '2'],
      ['Donald', '2017-01-20T00:00:00Z', '4'],
      ['Donald', '2017-01-19T00:00:00Z', '6'],
    ],
  },
  // top-nested … with others = ConstExpr (top-nested page: "for each hierarchy level, one record is
  // added with the value that is the aggregation over all records that didn't make it to the top").
  // The page's StormEvents example (State with others / Source / EndLocation with others) rebuilt on a
  // small datatable: its 15 rows are the leaves, one others row per surviving (State, Source) at the
  // last level, one per surviving State for the Sources left out (Source empty, its aggregate null,
  // the last level's constant and aggregate over those records) and one for the other States.
  {
    fn: 'top-nested',
    page: 'top-nested-operator',
    kql: `${STATES} | top-nested 2 of State with others = "Other States" by sum(v), top-nested 2 of Source by sum(v), top-nested 1 of End with others = "Other Ends" by sum(v)`,
    cols: ['State', 'aggregated_State', 'Source', 'aggregated_Source', 'End', 'aggregated_End'],
    unordered: true,
    rows: [
      ['A', 26, 's1', 14, 'e1', 10],
      ['A', 26, 's2', 10, 'e4', 6],
      ['B', 20, 's2', 9, 'e2', 5],
      ['B', 20, 's1', 8, 'e1', 7],
      ['A', 26, 's1', 14, 'Other Ends', 4],
      ['A', 26, 's2', 10, 'Other Ends', 4],
      ['B', 20, 's2', 9, 'Other Ends', 4],
      ['B', 20, 's1', 8, 'Other Ends', 1],
      ['A', 26, '', null, 'Other Ends', 2],
      ['B', 20, '', null, 'Other Ends', 3],
      ['Other States', 15, '', null, 'Other Ends', 15],
    ],
  },
  // the page's "top five states … with others grouped" example (top-nested 5 of State with others="OtherStates" by sum(DamageProperty)) on a datatable of seven states
  {
    fn: 'top-nested',
    page: 'top-nested-operator',
    kql: 'datatable(State:string, DamageProperty:long)["A",70,"B",60,"C",50,"C",5,"D",40,"E",30,"F",20,"G",10,"G",1] | top-nested 5 of State with others="OtherStates" by sum(DamageProperty)',
    unordered: true,
    rows: [['A', 70], ['B', 60], ['C', 55], ['D', 40], ['E', 30], ['OtherStates', 31]],
  },
  // each level's own aggregation over an others bucket (count() at the second level: 8 records of the other states)
  {
    fn: 'top-nested',
    page: 'top-nested-operator',
    kql: `${STATES} | top-nested 1 of State with others = "Other" by sum(v), top-nested 1 of End with others = "OE" by count()`,
    unordered: true,
    rows: [['A', 26, 'e1', 2], ['A', 26, 'OE', 4], ['Other', 35, 'OE', 8]],
  },
  // a numeric key with a numeric constant, ascending
  {
    fn: 'top-nested',
    page: 'top-nested-operator',
    kql: 'datatable(p:long, v:long)[ 1,10, 2,20, 3,5, 4,30, 4,1 ] | top-nested 2 of p with others = -1 by s=sum(v) asc',
    unordered: true,
    rows: [[3, 5], [1, 10], [-1, 51]],
  },
  // what the page leaves open is refused: a level without N, no with others on the first or last
  // level, a constant of another type than the level's values, a value that is not a constant, and
  // a group whose values all made the top (no records left for its others row)
  { fn: 'top-nested', page: 'top-nested-operator', kql: 'datatable(cat:string, v:long)[ "a",10, "b",5 ] | top-nested of cat with others = "O" by sum(v)', error: 'HB130' },
  { fn: 'top-nested', page: 'top-nested-operator', kql: `${STATES} | top-nested 2 of State with others = "O" by sum(v), top-nested 1 of End by sum(v)`, error: 'HB130' },
  { fn: 'top-nested', page: 'top-nested-operator', kql: `${STATES} | top-nested 2 of State by sum(v), top-nested 1 of End with others = "O" by sum(v)`, error: 'HB130' },
  { fn: 'top-nested', page: 'top-nested-operator', kql: 'datatable(cat:string, v:long)[ "a",10, "b",5 ] | top-nested 1 of cat with others = 0 by sum(v)', error: 'HB101' },
  { fn: 'top-nested', page: 'top-nested-operator', kql: 'datatable(cat:string, v:long)[ "a",10, "b",5 ] | top-nested 1 of cat with others = strcat("o", "x") by sum(v)', error: 'HB130' },
  { fn: 'top-nested', page: 'top-nested-operator', kql: 'datatable(cat:string, v:long)[ "a",10, "b",5 ] | top-nested 2 of cat with others = "O" by sum(v)', error: 'HB162' },
  { fn: 'top-nested', page: 'top-nested-operator', kql: `${STATES} | top-nested 2 of State with others = "O" by sum(v), top-nested 3 of Source with others = "S" by sum(v)`, error: 'HB162' },
  // row_cumsum keeps the term's type (an int term: an int column)
  { fn: 'row_cumsum', page: 'row-cumsum-function', kql: 'datatable(x:int) [1, 2, 3] | serialize | extend c=row_cumsum(x) | extend t=gettype(c)', rows: [[1, 1, 'int'], [2, 3, 'int'], [3, 6, 'int']] },

  // parse: the page's examples
  {
    fn: 'parse',
    page: 'parse-operator',
    kql: `${traces(', ')} Traces | parse EventText with * "resourceName=" resourceName ", totalSlices=" totalSlices: long * "sliceNumber=" sliceNumber: long * "lockTime=" lockTime ", releaseTime=" releaseTime: date "," * "previousLockTime=" previousLockTime: date ")" * | project resourceName, totalSlices, sliceNumber, lockTime, releaseTime, previousLockTime | order by sliceNumber asc`,
    rows: SORTED.map(([n, lock, rel, prev]) => ['PipelineScheduler', 27, Number(n), lock, iso(rel), iso(prev)]),
  },
  {
    fn: 'parse',
    page: 'parse-operator',
    kql: `let Leads=datatable(Contacts: string) [ "Event: LeadContact (email=john@contosohotel.com, Website=https:contosohotel.com)", "Event: LeadContact (email=abi@fourthcoffee.com, Website=https:www.fourthcoffee.com)", "Event: LeadContact (email=nevena@treyresearch.com, Website=https:treyresearch.com)", "Event: LeadContact (email=faruk@tailspintoys.com, Website=https:tailspintoys.com)", "Event: LeadContact (email=ebere@relecloud.com, Website=https:relecloud.com)", ];
      Leads | parse Contacts with * "email=" alias:string "@" domain: string ", Website=https:" WebsiteDomain: string ")" | project EmailAddress=strcat(alias, "@", domain), EmailAlias=alias, WebsiteDomain | order by EmailAlias asc`,
    rows: [
      ['abi@fourthcoffee.com', 'abi', 'www.fourthcoffee.com'],
      ['ebere@relecloud.com', 'ebere', 'relecloud.com'],
      ['faruk@tailspintoys.com', 'faruk', 'tailspintoys.com'],
      ['john@contosohotel.com', 'john', 'contosohotel.com'],
      ['nevena@treyresearch.com', 'nevena', 'treyresearch.com'],
    ],
  },
  {
    fn: 'parse',
    page: 'parse-operator',
    kql: `${traces(', ')} Traces | parse kind=regex EventText with "(.*?)[a-zA-Z]*=" resourceName @", totalSlices=\\s*\\d+\\s*.*?sliceNumber=" sliceNumber: long ".*?(previous)?lockTime=" lockTime ".*?releaseTime=" releaseTime ".*?previousLockTime=" previousLockTime: date "\\\\)" | project resourceName, sliceNumber, lockTime, releaseTime, previousLockTime | order by sliceNumber asc`,
    rows: SORTED.map(([n, lock, rel, prev]) => ['PipelineScheduler', Number(n), `${lock}, `, `${rel}, `, iso(prev)]),
  },
  {
    fn: 'parse',
    page: 'parse-operator',
    kql: `${traces(', ')} Traces | parse kind=regex EventText with * "resourceName=" resourceName ',' * | project resourceName`,
    rows: SLICES.map(([n, lock, rel]) => [`PipelineScheduler, totalSlices=27, sliceNumber=${n}, lockTime=${lock}, releaseTime=${rel}`]),
  },
  {
    fn: 'parse',
    page: 'parse-operator',
    kql: `${traces(', ')} Traces | parse kind=regex flags=Ui EventText with * "RESOURCENAME=" resourceName ',' * | project resourceName`,
    rows: SLICES.map(() => ['PipelineScheduler']),
  },
  {
    fn: 'parse',
    page: 'parse-operator',
    kql: `${traces('\\n')} Traces | parse kind=regex flags=s EventText with * "resourceName=" resourceName: string "(.*?)totalSlices=" totalSlices: long "(.*?)lockTime=" lockTime: datetime "(.*?)releaseTime=" releaseTime: datetime "(.*?)previousLockTime=" previousLockTime: datetime "\\\\)" | project-away EventText | order by lockTime asc, previousLockTime asc`,
    rows: [...SLICES]
      .sort((a, b) => (iso(a[1]) + iso(a[3])).localeCompare(iso(b[1]) + iso(b[3])))
      .map(([, lock, rel, prev]) => ['PipelineScheduler\n', 27, iso(lock), iso(rel), iso(prev)]),
  },
  {
    fn: 'parse',
    page: 'parse-operator',
    kql: `${traces(', ', ['27', '27', 'nonValidLongValue', '27', 'nonValidLongValue'], ['nonValidDateTime 08:40:01', 'nonValidDateTime', 'nonValidDateTime 08:40:01', '02/17/2016 08:41:00', '02/17/2016 08:41:00'])} Traces | parse kind=relaxed EventText with * "resourceName=" resourceName ", totalSlices=" totalSlices: long ", sliceNumber=" sliceNumber: long * "lockTime=" lockTime ", releaseTime=" releaseTime: date "," * "previousLockTime=" previousLockTime: date ")" * | project-away EventText | order by sliceNumber asc`,
    rows: [
      ['PipelineScheduler', 27, 15, '02/17/2016 08:40:00', null, '2016-02-17T08:39:00Z'],
      ['PipelineScheduler', null, 16, '02/17/2016 08:41:00', '2016-02-17T08:41:00Z', '2016-02-17T08:40:00Z'],
      ['PipelineScheduler', null, 20, '02/17/2016 08:40:01', null, '2016-02-17T08:39:01Z'],
      ['PipelineScheduler', 27, 22, '02/17/2016 08:41:01', '2016-02-17T08:41:00Z', '2016-02-17T08:40:01Z'],
      ['PipelineScheduler', 27, 23, '02/17/2016 08:40:01', null, '2016-02-17T08:39:01Z'],
    ],
  },
  // parse: "kind=simple … is strict on extended columns" (all of them empty when one typed column
  // does not convert) and parse-where keeps only the rows parse fills (the parse-where page)
  {
    fn: 'parse',
    page: 'parse-where-operator',
    kql: `${INVALID} Traces | parse EventText with * "resourceName=" resourceName ", totalSlices=" totalSlices: long * "sliceNumber=" sliceNumber: long * "lockTime=" lockTime ", releaseTime=" releaseTime: date "," * "previousLockTime=" previouLockTime: date ")" * | project resourceName, totalSlices, sliceNumber, lockTime, releaseTime, previouLockTime | order by sliceNumber asc nulls first`,
    rows: [
      ['', null, null, '', null, null],
      ['', null, null, '', null, null],
      ['', null, null, '', null, null],
      ['PipelineScheduler', 27, 20, '02/17/2016 08:40:01', '2016-02-17T08:40:01Z', '2016-02-17T08:39:01Z'],
      ['PipelineScheduler', 27, 22, '02/17/2016 08:41:01', '2016-02-17T08:41:00Z', '2016-02-17T08:40:01Z'],
    ],
  },
  {
    fn: 'parse-where',
    page: 'parse-where-operator',
    kql: `${INVALID} Traces | parse-where EventText with * "resourceName=" resourceName ", totalSlices=" totalSlices: long * "sliceNumber=" sliceNumber: long * "lockTime=" lockTime ", releaseTime=" releaseTime: date "," * "previousLockTime=" previousLockTime: date ")" * | project resourceName, totalSlices, sliceNumber, lockTime, releaseTime, previousLockTime | order by sliceNumber asc`,
    rows: [
      ['PipelineScheduler', 27, 20, '02/17/2016 08:40:01', '2016-02-17T08:40:01Z', '2016-02-17T08:39:01Z'],
      ['PipelineScheduler', 27, 22, '02/17/2016 08:41:01', '2016-02-17T08:41:00Z', '2016-02-17T08:40:01Z'],
    ],
  },
  {
    fn: 'parse-where',
    page: 'parse-where-operator',
    kql: `${traces(', ', ['non_valid_integer', '27', 'non_valid_integer', '27', '27'])} Traces | parse-where kind = regex EventText with * "RESOURCENAME=" resourceName "," * "totalSlices=" totalSlices: long "," * | project resourceName, totalSlices`,
    rows: [],
  },
  {
    fn: 'parse-where',
    page: 'parse-where-operator',
    kql: `${traces(', ', ['non_valid_integer', '27', 'non_valid_integer', '27', '27'])} Traces | parse-where kind = regex flags=i EventText with * "RESOURCENAME=" resourceName "," * "totalSlices=" totalSlices: long "," * | project resourceName, totalSlices`,
    rows: [['PipelineScheduler', 27], ['PipelineScheduler', 27], ['PipelineScheduler', 27]],
  },
  // kind=regex: a group the pattern's own regex opens does not shift the columns
  { fn: 'parse', page: 'parse-operator', kql: 'print s="Event: X (resourceName=PipelineScheduler, totalSlices=27" | parse kind=regex s with "(.*?)[a-zA-Z]*=" resourceName ", totalSlices=" rest | project resourceName, rest', rows: [['PipelineScheduler', '27']] },
  { fn: 'parse', page: 'parse-operator', kql: 'print s="ab=1;cd=2" | parse kind=regex s with "(?P<k>[a-z]+)=" v:long ";([a-z])[a-z]=" w:long', rows: [['ab=1;cd=2', 1, 2]] },
  // kind=regex is strict too ("all extended columns must match the required types")
  { fn: 'parse', page: 'parse-operator', kql: 'print s="n=a;t=bad;x" | parse kind=regex s with "n=" n ";t=" d:datetime ";"', rows: [['n=a;t=bad;x', '', null]] },
  { fn: 'parse', page: 'parse-operator', kql: 'print s="n=a;t=2020-01-01 10:00:00;x" | parse kind=regex s with "n=" n ";t=" d:datetime ";"', rows: [['n=a;t=2020-01-01 10:00:00;x', 'a', '2020-01-01T10:00:00Z']] },
  // a column right before `*` other than a number: what it captures is not documented
  { fn: 'parse', page: 'parse-operator', kql: 'print s="a=2020-01-01, b=5" | parse s with "a=" a:datetime * "b=" b:long', error: 'HB100' },
  // a typed column ending the pattern: whole text converts, no text of the type is null (strict:
  // everything empty), a start of the type followed by more is refused (Kusto's reading not shown)
  { fn: 'parse', page: 'parse-operator', kql: 'print s="a=12" | parse s with "a=" x:long', rows: [['a=12', 12]] },
  { fn: 'parse', page: 'parse-operator', kql: 'print s="n=a a=thirty" | parse s with "n=" n " a=" x:long', rows: [['n=a a=thirty', '', null]] },
  { fn: 'parse', page: 'parse-operator', kql: 'print s="n=a a=thirty" | parse kind=relaxed s with "n=" n " a=" x:long', rows: [['n=a a=thirty', 'a', null]] },
  { fn: 'parse', page: 'parse-operator', kql: 'print s="a=12abc" | parse s with "a=" x:long', error: 'HB162' },
  { fn: 'parse', page: 'parse-operator', kql: 'print s="d=2020-01-01 junk" | parse s with "d=" x:datetime', error: 'HB162' },
  // todatetime() of month/day/year text, as the parse page reads it; an order that is not plain is refused
  { fn: 'parse', page: 'parse-operator', kql: 'print todatetime("02/17/2016 08:40:01"), todatetime("2/17/2016")', rows: [['2016-02-17T08:40:01Z', '2016-02-17T00:00:00Z']] },
  { fn: 'parse', page: 'parse-operator', kql: 'print todatetime("02/03/2016 08:40:01")', error: 'HB162' },
]);
