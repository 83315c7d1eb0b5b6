/**
 * scan (kusto/query/scan-operator): every documented example with its documented output, run on
 * DuckDB-WASM. The "custom funnel" example reads the StormEvents sample table and is not here;
 * its shape (three steps, each reading an earlier step's column, under partition) is the
 * "A then B within" case below.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import { compile } from '../../src/kql/index.ts';
import { NOW, runKql } from './helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => {
  await engine?.close();
});

const startStop = `let Events = datatable (Ts: timespan, Event: string) [
    0m, "A", 1m, "Start", 2m, "B", 3m, "D", 4m, "Stop", 6m, "C", 8m, "Start", 11m, "E", 12m, "Stop"
];
Events
| sort by Ts asc
| scan with_match_id=m_id with
(
    step s1: Event == "Start";
    step s2: Event != "Start" and Event != "Stop" and Ts - s1.Ts <= 5m;
    step s3: Event == "Stop" and Ts - s1.Ts <= 5m;
)`;

describe('scan: documented examples', () => {
  it('cumulative sum', async () => {
    const q = 'range x from 1 to 5 step 1 | scan declare (cumulative_x:long=0) with (step s1: true => cumulative_x = x + s1.cumulative_x;)';
    expect(await runKql(engine, q)).toEqual([
      [1, 1],
      [2, 3],
      [3, 6],
      [4, 10],
      [5, 15],
    ]);
  });

  it('cumulative sum on two columns with a reset condition', async () => {
    const q = `range x from 1 to 5 step 1
| extend y = 2 * x
| scan declare (cumulative_x:long=0, cumulative_y:long=0) with
(
    step s1: true => cumulative_x = iff(s1.cumulative_x >= 10, x, x + s1.cumulative_x),
                     cumulative_y = iff(s1.cumulative_y >= 10, y, y + s1.cumulative_y);
)`;
    expect(await runKql(engine, q)).toEqual([
      [1, 2, 1, 2],
      [2, 4, 3, 6],
      [3, 6, 6, 12],
      [4, 8, 10, 8],
      [5, 10, 5, 18],
    ]);
  });

  it('fill forward a column', async () => {
    const q = `let Events = datatable (Ts: timespan, Event: string) [
    0m, "A", 1m, "", 2m, "B", 3m, "", 4m, "", 6m, "C", 8m, "", 11m, "D", 12m, ""
];
Events
| sort by Ts asc
| scan declare (Event_filled: string="") with
(
    step s1: true => Event_filled = iff(isempty(Event), s1.Event_filled, Event);
)`;
    expect(await runKql(engine, q)).toEqual([
      ['00:00:00', 'A', 'A'],
      ['00:01:00', '', 'A'],
      ['00:02:00', 'B', 'B'],
      ['00:03:00', '', 'B'],
      ['00:04:00', '', 'B'],
      ['00:06:00', 'C', 'C'],
      ['00:08:00', '', 'C'],
      ['00:11:00', 'D', 'D'],
      ['00:12:00', '', 'D'],
    ]);
  });

  it('sessions tagging (with_match_id, output=none, a condition reading the state)', async () => {
    const q = `let Events = datatable (Ts: timespan, Event: string) [
    0m, "A", 1m, "A", 2m, "B", 3m, "D", 32m, "B", 36m, "C", 38m, "D", 41m, "E", 75m, "A"
];
Events
| sort by Ts asc
| scan with_match_id=session_id declare (sessionStart: timespan) with
(
    step inSession: true => sessionStart = iff(isnull(inSession.sessionStart), Ts, inSession.sessionStart);
    step endSession output=none: Ts - inSession.sessionStart > 30m;
)`;
    expect(await runKql(engine, q)).toEqual([
      ['00:00:00', 'A', '00:00:00', 0],
      ['00:01:00', 'A', '00:00:00', 0],
      ['00:02:00', 'B', '00:00:00', 0],
      ['00:03:00', 'D', '00:00:00', 0],
      ['00:32:00', 'B', '00:32:00', 1],
      ['00:36:00', 'C', '00:32:00', 1],
      ['00:38:00', 'D', '00:32:00', 1],
      ['00:41:00', 'E', '00:32:00', 1],
      ['01:15:00', 'A', '01:15:00', 2],
    ]);
  });

  it('session length per user (partition, output=none then output=all)', async () => {
    const q = `let LogsEvents = datatable(Timestamp:datetime, userID:int, EventType:string)
[
    datetime(2024-05-28 08:15:23), 1, "login",
    datetime(2024-05-28 08:30:15), 2, "login",
    datetime(2024-05-28 09:10:27), 3, "login",
    datetime(2024-05-28 12:30:45), 1, "logout",
    datetime(2024-05-28 11:45:32), 2, "logout",
    datetime(2024-05-28 13:25:19), 3, "logout"
];
LogsEvents
| sort by userID, Timestamp
| partition hint.strategy=native by userID (
    sort by Timestamp asc
    | scan declare (start: datetime, end: datetime, sessionDuration: timespan) with (
        step s1 output=none: EventType == "login" => start = Timestamp;
        step s2 output=all: EventType == "logout" => start = s1.start, end = Timestamp, sessionDuration = Timestamp - s1.start;
    )
)
| project start, end, userID, sessionDuration`;
    // The documented table lists users 1, 3, 2 (partition output is unordered): compare as a set.
    const rows = await runKql(engine, q);
    expect(rows.sort((a, b) => Number(a[2]) - Number(b[2]))).toEqual([
      ['2024-05-28T08:15:23Z', '2024-05-28T12:30:45Z', 1, '04:15:22'],
      ['2024-05-28T08:30:15Z', '2024-05-28T11:45:32Z', 2, '03:15:17'],
      ['2024-05-28T09:10:27Z', '2024-05-28T13:25:19Z', 3, '04:14:52'],
    ]);
  });

  it('events between Start and Stop within 5 minutes (also the logic walkthrough)', async () => {
    expect(await runKql(engine, startStop)).toEqual([
      ['00:01:00', 'Start', 0],
      ['00:02:00', 'B', 0],
      ['00:03:00', 'D', 0],
      ['00:04:00', 'Stop', 0],
      ['00:08:00', 'Start', 1],
      ['00:11:00', 'E', 1],
      ['00:12:00', 'Stop', 1],
    ]);
  });
});

describe('scan: state machine details', () => {
  it('A then B within 5 minutes per device (the hunting form), rows output by both steps', async () => {
    const q = `datatable(Device:string, T:datetime, Action:string)[
  "d1", datetime(2024-01-01 10:00), "A",
  "d1", datetime(2024-01-01 10:03), "B",
  "d1", datetime(2024-01-01 10:10), "A",
  "d1", datetime(2024-01-01 10:20), "B",
  "d2", datetime(2024-01-01 10:00), "A",
  "d2", datetime(2024-01-01 10:01), "A",
  "d2", datetime(2024-01-01 10:05), "B"
]
| partition hint.strategy=native by Device (
    sort by T asc
    | scan with_match_id=m declare (firstA:datetime) with (
        step a output=none: Action == "A" => firstA = T;
        step b: Action == "B" and T - a.T <= 5m => firstA = a.firstA;
    )
)
| project Device, firstA, T, m
| sort by Device asc, T asc`;
    // d1: 10:00 A then 10:03 B (match 0); 10:10 A restarts step a (match 1), 10:20 B is too late.
    // d2: the second A replaces the first in step a's state (same sequence), then B at 10:05.
    expect(await runKql(engine, q)).toEqual([
      ['d1', '2024-01-01T10:00:00Z', '2024-01-01T10:03:00Z', 0],
      ['d2', '2024-01-01T10:01:00Z', '2024-01-01T10:05:00Z', 0],
    ]);
  });

  it('a record that matches two steps is output by each, the later step first', async () => {
    const q = 'range x from 1 to 4 step 1 | scan with_match_id=m declare (s:string) with (step one: x % 2 == 1 => s = "one"; step two: true => s = "two";)';
    // x=1: one (new seq 0). x=2: two (promoted). x=3: two (check 2: state two active) and one
    // (check 2 of the first step: state one was promoted away, so a new sequence 1 begins).
    // x=4: two via check 1 (state one active: promoted, sequence 1).
    expect(await runKql(engine, q)).toEqual([
      [1, 'one', 0],
      [2, 'two', 0],
      [3, 'two', 0],
      [3, 'one', 1],
      [4, 'two', 1],
    ]);
  });

  it('refuses output=last and prev() inside steps with coded errors', () => {
    const last = compile('range x from 1 to 3 step 1 | scan with (step a output=last: x > 1;)', { catalog: null, now: NOW });
    expect(last.ok).toBe(false);
    expect(last.diagnostics[0].code).toBe('HB130');
    const prev = compile('range x from 1 to 3 step 1 | scan declare (w:long=0) with (step s: true => w = x + prev(x);)', { catalog: null, now: NOW });
    expect(prev.ok).toBe(false);
  });

  it('refuses a walk over too many rows while the query runs (HB130)', async () => {
    await expect(runKql(engine, 'range x from 1 to 50001 step 1 | scan with (step a: x % 2 == 0; step b: x - a.x <= 5;) | count')).rejects.toThrow(/HB130/);
  });
});
