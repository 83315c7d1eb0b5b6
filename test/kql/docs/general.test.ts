/**
 * Documented examples of the general functions (lower/families/general.ts): column_ifexists,
 * assert, around, and the non-deterministic rand() and new_guid(), whose documented properties
 * (range, set of values, GUID form) are checked over many rows.
 */
import { runDocCases } from './doc-harness.ts';

runDocCases('general', [
  // the page's example on StormEvents, on a datatable: no column Capital, so State is used
  {
    fn: 'column_ifexists',
    page: 'column-ifexists-function',
    kql: "datatable(State:string, EventId:long)['ATLANTIC SOUTH', 1, 'FLORIDA', 2] | project column_ifexists('Capital', State)",
    rows: [['ATLANTIC SOUTH'], ['FLORIDA']],
  },
  {
    fn: 'column_ifexists',
    page: 'column-ifexists-function',
    kql: "datatable(State:string, Capital:string)['FLORIDA', 'Tallahassee'] | project c = column_ifexists('Capital', State)",
    rows: [['Tallahassee']],
  },
  // the analyzer types the call after the default; a column of another type is refused
  { fn: 'column_ifexists', page: 'column-ifexists-function', kql: "datatable(x:long)[1] | extend y = column_ifexists('x', 'a')", error: 'HB120' },
  // … whichever the types (a string column with a numeric default, in a filter too): the page's
  // Returns says the column, the analyzer types the call after the default
  { fn: 'column_ifexists', page: 'column-ifexists-function', kql: "datatable(s:string)['1'] | where column_ifexists('s', 0) == 1", error: 'HB120' },
  { fn: 'column_ifexists', page: 'column-ifexists-function', kql: "datatable(x:long, t:datetime)[1, datetime(2024-01-01)] | project column_ifexists('t', x)", error: 'HB120' },
  // a column of the default's type is the column (Returns), a missing one the default
  { fn: 'column_ifexists', page: 'column-ifexists-function', kql: "datatable(x:long)[7] | project a = column_ifexists('x', 0), b = column_ifexists('y', 5)", rows: [[7, 5]] },
  // a let function's parameter as the name: the analyzer types the call after the default
  { fn: 'column_ifexists', page: 'column-ifexists-function', kql: "let f = (T:(*), c:string) { T | extend v = column_ifexists(c, '') }; datatable(x:long)[1] | invoke f('x')", error: 'HB120' },
  { fn: 'column_ifexists', page: 'column-ifexists-function', kql: "let f = (T:(*), c:string) { T | extend v = column_ifexists(c, long(null)) }; datatable(x:long)[1] | invoke f('x') | project v", rows: [[1]] },
  // assert: true when the condition holds; a false condition fails the query even when no row
  // reaches the call (the page's third example)
  { fn: 'assert', page: 'assert-function', kql: "print x = assert(true, 'never shown')", rows: [[true]] },
  { fn: 'assert', page: 'assert-function', kql: 'let b=false; print x="Hello" | where b | where assert(b, "Assertion failed")', error: 'HB170' },
  {
    fn: 'around',
    page: 'around-function',
    kql: 'range dt from datetime(2021-01-01 01:00) to datetime(2021-01-01 02:00) step 1min | where around(dt, datetime(2021-01-01 01:30), 1min)',
    rows: [['2021-01-01T01:29:00Z'], ['2021-01-01T01:30:00Z'], ['2021-01-01T01:31:00Z']],
  },
  // the range is [center - delta, center + delta]; null when an argument is null (documented)
  { fn: 'around', page: 'around-function', kql: 'print around(1, 2, 1), around(0, 2, 1), around(2.5, 2, 0.5), around(int(null), 2, 1), around(3s, 2s, 1s)', rows: [[true, false, true, null, true]] },
  // rand(): uniform in [0, 1); rand(N): a real among 0, 1, …, N - 1 (documented)
  {
    fn: 'rand',
    page: 'rand-function',
    kql: 'range i from 1 to 500 step 1 | extend r = rand(), n = rand(10) | summarize inRange = countif(r >= 0 and r < 1 and n >= 0 and n <= 9 and n == floor(n, 1)), values = dcount(n) > 5, spread = max(r) - min(r) > 0.5',
    rows: [[500, true, true]],
  },
  { fn: 'rand', page: 'rand-function', kql: 'print x = rand(0)', error: 'HB162' },
  {
    fn: 'new_guid',
    page: 'new-guid-function',
    kql: "range i from 1 to 100 step 1 | extend g = tostring(new_guid()) | summarize form = countif(g matches regex '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'), distinct = dcount(g)",
    rows: [[100, 100]],
  },
  {
    fn: 'column_names_of',
    page: 'column-names-of-function',
    kql: 'let T = datatable(A:string, B:int) []; print Columns=column_names_of(T)',
    rows: [[['A', 'B']]],
  },
  {
    fn: 'column_names_of',
    page: 'column-names-of-function',
    kql: 'let MyFunction1 = () { print A="", B=1 }; print Columns=column_names_of(MyFunction1())',
    rows: [[['A', 'B']]],
  },
  {
    fn: 'column_names_of',
    page: 'column-names-of-function',
    kql: 'let MyFunction1 = (param1:int) { print A="", B=1 }; print Columns=column_names_of(MyFunction1(1))',
    rows: [[['A', 'B']]],
  },
  // the page's example: a long is 8 bytes, a 10-character string 10, over 10 rows
  {
    fn: 'estimate_data_size',
    page: 'estimate-data-size-function',
    kql: "range x from 1 to 10 step 1 | extend Text = '1234567890' | summarize Total=sum(estimate_data_size(*))",
    rows: [[180]],
  },
  { fn: 'estimate_data_size', page: 'estimate-data-size-function', kql: "print x = 1, Text = 'abc' | project s = estimate_data_size(Text), t = estimate_data_size(x, Text)", rows: [[3, 11]] },
  // sizes the page does not give (a real, non-ASCII text) are refused
  { fn: 'estimate_data_size', page: 'estimate-data-size-function', kql: 'print x = 1.5 | project s = estimate_data_size(x)', error: 'HB120' },
  { fn: 'estimate_data_size', page: 'estimate-data-size-function', kql: "print t = 'é' | project s = estimate_data_size(t)", error: 'HB162' },
  // isnotempty's page: "true if the argument isn't an empty string, and it isn't null"; notempty() is its deprecated alias
  { fn: 'notempty', page: 'isnotempty-function', kql: 'print notempty(""), notempty("a"), notempty(int(null)), notempty(1), isnotempty("")', rows: [[false, true, false, true, false]] },
]);
