/** Documented examples of the date/time functions (lower/families/datetime.ts). */
import { runDocCases } from './doc-harness.ts';

runDocCases('datetime', [
  {
    fn: 'datetime_utc_to_local',
    page: 'datetime-utc-to-local-function',
    kql: "print dt=datetime(2022-07-11 22:18:48.4678620) | extend pacific_dt = datetime_utc_to_local(dt, 'US/Pacific'), canberra_dt = datetime_utc_to_local(dt, 'Australia/Canberra') | extend diff = pacific_dt - canberra_dt",
    rows: [['2022-07-11T22:18:48.4678620Z', '2022-07-11T15:18:48.4678620Z', '2022-07-12T08:18:48.4678620Z', '-17:00:00']],
  },
  {
    fn: 'datetime_local_to_utc',
    page: 'datetime-local-to-utc-function',
    kql: "datatable(local_dt: datetime, tz: string)[datetime(2020-02-02 20:02:20), 'US/Pacific', datetime(2020-02-02 20:02:20), 'America/Chicago', datetime(2020-02-02 20:02:20), 'Europe/Paris'] | extend utc_dt = datetime_local_to_utc(local_dt, tz)",
    rows: [
      ['2020-02-02T20:02:20.0000000Z', 'US/Pacific', '2020-02-03T04:02:20.0000000Z'],
      ['2020-02-02T20:02:20.0000000Z', 'America/Chicago', '2020-02-03T02:02:20.0000000Z'],
      ['2020-02-02T20:02:20.0000000Z', 'Europe/Paris', '2020-02-02T19:02:20.0000000Z'],
    ],
    gap: 'a time zone taken from a column is refused (HB120): only a constant zone name is supported',
  },
  // the same documented values, one constant zone per call
  {
    fn: 'datetime_local_to_utc',
    page: 'datetime-local-to-utc-function',
    kql: "print l = datetime(2020-02-02 20:02:20) | project p = datetime_local_to_utc(l, 'US/Pacific'), c = datetime_local_to_utc(l, 'America/Chicago'), e = datetime_local_to_utc(l, 'Europe/Paris')",
    rows: [['2020-02-03T04:02:20.0000000Z', '2020-02-03T02:02:20.0000000Z', '2020-02-02T19:02:20.0000000Z']],
  },
  // the documented round trip over the spring-forward change (02:00 local does not exist)
  {
    fn: 'datetime_local_to_utc',
    page: 'datetime-local-to-utc-function',
    kql: "range Local from datetime(2022-03-27 01:00:00.0000000) to datetime(2022-03-27 04:00:00.0000000) step 1h | extend UTC=datetime_local_to_utc(Local, 'Europe/Brussels') | extend BackToLocal=datetime_utc_to_local(UTC, 'Europe/Brussels') | extend diff=Local-BackToLocal",
    rows: [
      ['2022-03-27T01:00:00.0000000Z', '2022-03-27T00:00:00.0000000Z', '2022-03-27T01:00:00.0000000Z', '00:00:00'],
      ['2022-03-27T02:00:00.0000000Z', '2022-03-27T00:00:00.0000000Z', '2022-03-27T01:00:00.0000000Z', '01:00:00'],
      ['2022-03-27T03:00:00.0000000Z', '2022-03-27T01:00:00.0000000Z', '2022-03-27T03:00:00.0000000Z', '00:00:00'],
      ['2022-03-27T04:00:00.0000000Z', '2022-03-27T02:00:00.0000000Z', '2022-03-27T04:00:00.0000000Z', '00:00:00'],
    ],
  },
  // a local time that happens twice (clocks set back) has no documented answer: refused
  { fn: 'datetime_local_to_utc', page: 'datetime-local-to-utc-function', kql: "print datetime_local_to_utc(datetime(2022-10-30 02:30), 'Europe/Brussels')", error: 'HB162' },
  { fn: 'datetime_utc_to_local', page: 'datetime-utc-to-local-function', kql: "print datetime_utc_to_local(datetime(2050-01-01), 'Europe/Brussels')", error: 'HB162' },
  { fn: 'datetime_utc_to_local', page: 'datetime-utc-to-local-function', kql: "print datetime_utc_to_local(datetime(2022-01-01), 'Mars/Olympus')", error: 'HB120' },
  {
    fn: 'unixtime_nanoseconds_todatetime',
    page: 'unixtime-nanoseconds-todatetime-function',
    kql: 'print date_time = unixtime_nanoseconds_todatetime(1546300800000000000)',
    rows: [['2019-01-01T00:00:00.0000000Z']],
  },
  // nanosecond parts: datetimes are kept to the microsecond, but a constant's 100-ns digit is read
  // exactly at compile time (lower/ticks.ts), so the page's examples give the page's answers; a
  // column holding such a value is refused (HB107)
  {
    fn: 'datetime_part',
    page: 'datetime-part-function',
    kql: 'let dt = datetime(2017-10-30 01:02:03.7654321); print nanosecond = datetime_part("nanosecond", dt)',
    rows: [[765432100]],
  },
  {
    fn: 'datetime_part',
    page: 'datetime-part-function',
    kql: 'print dt = datetime(2017-10-30 01:02:03.7654321) | extend nanosecond = datetime_part("nanosecond", dt)',
    error: 'HB107',
  },
  {
    fn: 'datetime_part',
    page: 'datetime-part-function',
    kql: 'let dt = datetime(2017-10-30 01:02:03.765432); print nanosecond = datetime_part("nanosecond", dt)',
    rows: [[765432000]],
  },
  {
    fn: 'datetime_diff',
    page: 'datetime-diff-function',
    kql: "print nanosecond = datetime_diff('nanosecond',datetime(2017-10-30 23:00:00.0000000),datetime(2017-10-30 23:00:00.0000007))",
    rows: [[-700]],
  },
  // the page's example: sessions of at most an hour, rows less than 5 minutes apart, restarted when the ID changes
  {
    fn: 'row_window_session',
    page: 'row-window-session-function',
    kql: 'datatable (ID:string, Timestamp:datetime) ["1", datetime(2024-04-11 10:00:00), "2", datetime(2024-04-11 10:18:00), "1", datetime(2024-04-11 11:00:00), "3", datetime(2024-04-11 11:30:00), "2", datetime(2024-04-11 13:30:00), "2", datetime(2024-04-11 10:16:00)] | sort by ID asc, Timestamp asc | extend SessionStarted = row_window_session(Timestamp, 1h, 5m, ID != prev(ID))',
    rows: [
      ['1', '2024-04-11T10:00:00Z', '2024-04-11T10:00:00Z'],
      ['1', '2024-04-11T11:00:00Z', '2024-04-11T11:00:00Z'],
      ['2', '2024-04-11T10:16:00Z', '2024-04-11T10:16:00Z'],
      ['2', '2024-04-11T10:18:00Z', '2024-04-11T10:16:00Z'],
      ['2', '2024-04-11T13:30:00Z', '2024-04-11T13:30:00Z'],
      ['3', '2024-04-11T11:30:00Z', '2024-04-11T11:30:00Z'],
    ],
  },
  // the documented model: a value reaching start + MaxDistanceFromFirst or previous + MaxDistanceBetweenNeighbors
  // starts a new session, and a null value ends one (the next value starts a new one)
  {
    fn: 'row_window_session',
    page: 'row-window-session-function',
    kql: 'range i from 1 to 7 step 1 | serialize | extend t = iff(i == 3, datetime(null), datetime(2024-01-01) + i * 3m) | project i, s = row_window_session(t, 10m, 4m)',
    rows: [[1, '2024-01-01T00:03:00Z'], [2, '2024-01-01T00:03:00Z'], [3, null], [4, '2024-01-01T00:12:00Z'], [5, '2024-01-01T00:12:00Z'], [6, '2024-01-01T00:12:00Z'], [7, '2024-01-01T00:12:00Z']],
  },
  {
    fn: 'row_window_session',
    page: 'row-window-session-function',
    kql: 'range i from 1 to 5 step 1 | serialize | extend t = datetime(2024-01-01) + i * 3m | project i, s = row_window_session(t, 12m, 3m)',
    rows: [[1, '2024-01-01T00:03:00Z'], [2, '2024-01-01T00:06:00Z'], [3, '2024-01-01T00:09:00Z'], [4, '2024-01-01T00:12:00Z'], [5, '2024-01-01T00:15:00Z']],
  },
  // range's output is serialized (serialize operator, "Serialization behavior of operators"); a datatable's is not
  {
    fn: 'row_window_session',
    page: 'row-window-session-function',
    kql: 'range i from 1 to 3 step 1 | extend t = datetime(2024-01-01) + i * 3m | extend s = row_window_session(t, 10m, 4m)',
    rows: [[1, '2024-01-01T00:03:00Z', '2024-01-01T00:03:00Z'], [2, '2024-01-01T00:06:00Z', '2024-01-01T00:03:00Z'], [3, '2024-01-01T00:09:00Z', '2024-01-01T00:03:00Z']],
  },
  { fn: 'row_window_session', page: 'row-window-session-function', kql: 'datatable(i:long)[1, 2, 3] | extend t = datetime(2024-01-01) + i * 3m | extend s = row_window_session(t, 10m, 4m)', error: 'HB105' },
]);
