/**
 * Session 21's second audit (operators and numerics) against their pages in the KQL reference
 * (learn.microsoft.com/kusto/query/<page>) and the Kusto oracle corpus: the pages' examples that
 * had no test are pinned here, with the refusals that cover what the pages leave open (the text of
 * a whole real held in a dynamic value, which was printed two different ways, is now refused).
 */
import { type DocCase, runDocCases } from './doc-harness.ts';

const CASES: DocCase[] = [
  // scan: the page's examples (cumulative sums with a reset, fill forward, session tagging with
  // with_match_id and output=none, the login/logout sessions under partition, start/stop runs)
  {
    fn: 'scan',
    page: 'scan-operator',
    kql: 'range x from 1 to 5 step 1 | scan declare (cumulative_x:long=0) with (step s1: true => cumulative_x = x + s1.cumulative_x;)',
    rows: [[1, 1], [2, 3], [3, 6], [4, 10], [5, 15]],
  },
  {
    fn: 'scan',
    page: 'scan-operator',
    kql: 'range x from 1 to 5 step 1 | extend y = 2 * x | scan declare (cumulative_x:long=0, cumulative_y:long=0) with (step s1: true => cumulative_x = iff(s1.cumulative_x >= 10, x, x + s1.cumulative_x), cumulative_y = iff(s1.cumulative_y >= 10, y, y + s1.cumulative_y);)',
    rows: [[1, 2, 1, 2], [2, 4, 3, 6], [3, 6, 6, 12], [4, 8, 10, 8], [5, 10, 5, 18]],
  },
  {
    fn: 'scan',
    page: 'scan-operator',
    kql: 'let Events = datatable (Ts: timespan, Event: string) [0m, "A", 1m, "", 2m, "B", 3m, "", 4m, "", 6m, "C", 8m, "", 11m, "D", 12m, ""]; Events | sort by Ts asc | scan declare (Event_filled: string="") with (step s1: true => Event_filled = iff(isempty(Event), s1.Event_filled, Event);)',
    rows: [
      ['00:00:00', 'A', 'A'], ['00:01:00', '', 'A'], ['00:02:00', 'B', 'B'], ['00:03:00', '', 'B'], ['00:04:00', '', 'B'],
      ['00:06:00', 'C', 'C'], ['00:08:00', '', 'C'], ['00:11:00', 'D', 'D'], ['00:12:00', '', 'D'],
    ],
  },
  {
    fn: 'scan',
    page: 'scan-operator',
    kql: 'let Events = datatable (Ts: timespan, Event: string) [0m, "A", 1m, "A", 2m, "B", 3m, "D", 32m, "B", 36m, "C", 38m, "D", 41m, "E", 75m, "A"]; Events | sort by Ts asc | scan with_match_id=session_id declare (sessionStart: timespan) with (step inSession: true => sessionStart = iff(isnull(inSession.sessionStart), Ts, inSession.sessionStart); step endSession output=none: Ts - inSession.sessionStart > 30m;)',
    cols: ['Ts', 'Event', 'sessionStart', 'session_id'],
    rows: [
      ['00:00:00', 'A', '00:00:00', 0], ['00:01:00', 'A', '00:00:00', 0], ['00:02:00', 'B', '00:00:00', 0], ['00:03:00', 'D', '00:00:00', 0],
      ['00:32:00', 'B', '00:32:00', 1], ['00:36:00', 'C', '00:32:00', 1], ['00:38:00', 'D', '00:32:00', 1], ['00:41:00', 'E', '00:32:00', 1],
      ['01:15:00', 'A', '01:15:00', 2],
    ],
  },
  {
    fn: 'scan',
    page: 'scan-operator',
    kql: 'let LogsEvents = datatable(Timestamp:datetime, userID:int, EventType:string)[datetime(2024-05-28 08:15:23), 1, "login", datetime(2024-05-28 08:30:15), 2, "login", datetime(2024-05-28 09:10:27), 3, "login", datetime(2024-05-28 12:30:45), 1, "logout", datetime(2024-05-28 11:45:32), 2, "logout", datetime(2024-05-28 13:25:19), 3, "logout"]; LogsEvents | sort by userID, Timestamp | partition hint.strategy=native by userID (sort by Timestamp asc | scan declare (start: datetime, end: datetime, sessionDuration: timespan) with (step s1 output=none: EventType == "login" => start = Timestamp; step s2 output=all: EventType == "logout" => start = s1.start, end = Timestamp, sessionDuration = Timestamp - s1.start;)) | project start, end, userID, sessionDuration',
    unordered: true,
    rows: [
      ['2024-05-28T08:15:23.0000000Z', '2024-05-28T12:30:45.0000000Z', 1, '04:15:22'],
      ['2024-05-28T09:10:27.0000000Z', '2024-05-28T13:25:19.0000000Z', 3, '04:14:52'],
      ['2024-05-28T08:30:15.0000000Z', '2024-05-28T11:45:32.0000000Z', 2, '03:15:17'],
    ],
  },
  {
    fn: 'scan',
    page: 'scan-operator',
    kql: 'let Events = datatable (Ts: timespan, Event: string) [0m, "A", 1m, "Start", 2m, "B", 3m, "D", 4m, "Stop", 6m, "C", 8m, "Start", 11m, "E", 12m, "Stop"]; Events | sort by Ts asc | scan with_match_id=m_id with (step s1: Event == "Start"; step s2: Event != "Start" and Event != "Stop" and Ts - s1.Ts <= 5m; step s3: Event == "Stop" and Ts - s1.Ts <= 5m;)',
    rows: [
      ['00:01:00', 'Start', 0], ['00:02:00', 'B', 0], ['00:03:00', 'D', 0], ['00:04:00', 'Stop', 0],
      ['00:08:00', 'Start', 1], ['00:11:00', 'E', 1], ['00:12:00', 'Stop', 1],
    ],
  },
  // output=last: the page says "the last record in a series of repeating matches" but not how a
  // run ends when a later step takes the state over: refused
  {
    fn: 'scan',
    page: 'scan-operator',
    kql: 'range x from 1 to 6 step 1 | scan with_match_id=m with (step a: x % 3 == 1; step b output=last: true;)',
    error: 'HB130',
  },

  // round(): the page's examples, including negative precisions, and midpoints away from zero
  // (oracle saoc-r3-type-casts-coercion-0041: round(-2.5) is -3; saoc-tier1-0118: round(3.25, 1) is 3.3)
  {
    fn: 'round',
    page: 'round-function',
    kql: 'print a=round(2.98765, 3), b=round(2.15, 1), c=round(2.15), d=round(-50.55, -2), e=round(21.5, -1), f=round(-2.5), g=round(3.25, 1)',
    rows: [[2.988, 2.2, 2, -100, 20, -3, 3.3]],
  },

  // top: nulls first by default for asc, last for desc (the page's parameter table)
  {
    fn: 'top',
    page: 'top-operator',
    kql: 'datatable(a:long)[3, long(null), 1, 2] | top 2 by a asc',
    rows: [[null], [1]],
  },
  {
    fn: 'top',
    page: 'top-operator',
    kql: 'datatable(a:long)[3, long(null), 1, 2] | top 4 by a desc',
    rows: [[3], [2], [1], [null]],
  },

  // sqrt(): the page says null for a negative argument, but Kusto returns NaN (oracle
  // saoc-r2-type-casts-coercion-0031); the oracle wins, and log() of a negative is null
  {
    fn: 'sqrt',
    page: 'oracle:saoc-r2-type-casts-coercion-0031',
    kql: 'print s = sqrt(-4.0), l = log(-1.0), n = isnan(sqrt(-4.0))',
    rows: [['NaN', null, true]],
  },

  // row_rank_min / row_rank_dense on a descending run with ties (row-rank-min-function,
  // row-rank-dense-function: equal values share a rank)
  {
    fn: 'row_rank_min',
    page: 'row-rank-min-function',
    kql: 'datatable(x:long)[5, 5, 3, 3, 1] | serialize | extend d=row_rank_dense(x), m=row_rank_min(x)',
    rows: [[5, 1, 1], [5, 1, 1], [3, 2, 3], [3, 2, 3], [1, 3, 5]],
  },

  // A whole real held in a dynamic value printed without its ".0" (tostring(dynamic(3.0)) was "3",
  // tostring(make_list(2.0)[0]) "2"), while the same list printed whole kept it ("[2.0]") and the same
  // value read from JSON text ('{"a":3.0}') is refused (HB160: trailing zeros). Neither the tostring
  // and dynamic_to_json pages nor the oracle show which text Kusto gives (a real outside dynamic is
  // "3.0": oracle saoc-r3-type-casts-coercion-0021): now refused; a fractional one still prints.
  {
    fn: 'tostring',
    page: 'tostring-function',
    kql: 'print t = tostring(dynamic(3.0))',
    error: 'HB108',
  },
  {
    fn: 'tostring',
    page: 'tostring-function',
    kql: 'datatable(x:real)[2.0] | summarize l=make_list(x) | project t=tostring(l[0])',
    error: 'HB108',
  },
  {
    fn: 'tostring',
    page: 'tostring-function',
    kql: 'print d = dynamic({"a":3.0}) | project t = strcat(d.a, "")',
    error: 'HB108',
  },
  {
    fn: 'tostring',
    page: 'tostring-function',
    kql: 'print a = tostring(dynamic(2.5)), b = tostring(dynamic({"a":0.25}).a), c = tostring(dynamic(3)), d = tostring(3.0), e = tostring(dynamic(real(nan)))',
    rows: [['2.5', '0.25', '3', '3.0', 'NaN']],
  },

  // row_cumsum over a null is not documented: refused rather than skipped or reset
  {
    fn: 'row_cumsum',
    page: 'row-cumsum-function',
    kql: 'datatable(a:long)[1, long(null), 3] | serialize | extend c=row_cumsum(a)',
    error: 'HB162',
  },
];

runDocCases('operators and numerics (session 21 audit, part b)', CASES);
