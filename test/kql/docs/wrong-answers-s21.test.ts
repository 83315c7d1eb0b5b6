/**
 * Session 21's audit of function pages in the KQL reference (learn.microsoft.com/kusto/query/<page>)
 * whose examples no other test ran, and of their neighbourhood (out-of-range parts, type literals,
 * nulls): answers that differed silently (now fixed, pinned by the page's example and the rule it
 * states) and answers the pages leave open (now refused with a code). Run on the real engine
 * through the shared documented-example runner.
 */
import { type DocCase, runDocCases } from './doc-harness.ts';

const CASES: DocCase[] = [
  // make_datetime: the page gives the hour's range as 0 to 23 and a null result when the value
  // cannot be made. Hour 24 was read as the next day's midnight (DuckDB's make_timestamp), while
  // minute 60 was already null.
  { fn: 'make_datetime', page: 'make-datetime-function', kql: 'print year_month_day = make_datetime(2017,10,01)', rows: [['2017-10-01T00:00:00Z']] },
  {
    fn: 'make_datetime',
    page: 'make-datetime-function',
    kql: 'print a=make_datetime(2017,10,1,24,0), b=make_datetime(2017,10,1,24,0,0), c=make_datetime(2017,10,1,23,60,0), d=make_datetime(2017,10,1,-1,0), e=make_datetime(2017,10,1,23,59,0)',
    rows: [[null, null, null, null, '2017-10-01T23:59:00Z']],
  },
  {
    fn: 'make_datetime',
    page: 'make-datetime-function',
    kql: 'datatable(h:int)[23, 24, 0] | project t = make_datetime(2020, 2, 29, h, 0)',
    rows: [['2020-02-29T23:00:00Z'], [null], ['2020-02-29T00:00:00Z']],
  },

  // extract_json / extractjson: the page's example, and typeof(int) (was HB098, an internal error:
  // the value was read as a long where Kusto's type is int)
  {
    fn: 'extract_json',
    page: 'extract-json-function',
    kql: `let json = '{"name": "John", "age": 30, "city": "New York"}'; print extract_json("$.name", json, typeof(string));`,
    cols: ['print_0'],
    rows: [['John']],
  },
  {
    fn: 'extract_json',
    page: 'extract-json-function',
    kql: `let json = '{"name": "John", "age": 30, "city": "New York"}'; print a=extract_json("$.age", json, typeof(int)), b=extractjson("$.age", json, typeof(long)), c=extract_json("$.nope", json, typeof(int)), d=extract_json("$.name", json, typeof(int)), e=gettype(extract_json("$.age", json, typeof(int)))`,
    rows: [[30, 30, null, null, 'int']],
  },
  // typeof(dynamic): the extracted text came back as a string inside a dynamic value
  // ('{"b":1}' rather than the bag); whether Kusto parses it is not documented: refused
  { fn: 'extract_json', page: 'extract-json-function', kql: `print extract_json("$.a", '{"a":{"b":1}}', typeof(dynamic))`, error: 'HB120' },
  { fn: 'extract_json', page: 'extract-json-function', kql: `datatable(j:string)['{"a":[1]}'] | project extractjson("$.a", j, typeof(dynamic))`, error: 'HB120' },
];

runDocCases('wrong answers (session 21 audit)', CASES);
