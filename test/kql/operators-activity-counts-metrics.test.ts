/**
 * evaluate activity_counts_metrics (kusto/query/activity-counts-metrics-plugin): the page's
 * example with its documented output, its definitions of the four counts applied per dimension
 * combination, windows counted from Start, and the refusals of what the page leaves open. On
 * DuckDB-WASM.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import { compile } from '../../src/kql/index.ts';
import { errorCodes, NOW, runKql } from './helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => {
  await engine?.close();
});

const DOC_T = `let T = datatable(UserId:string, Timestamp:datetime)
[
'A', datetime(2017-08-01),
'D', datetime(2017-08-01),
'J', datetime(2017-08-01),
'B', datetime(2017-08-01),
'C', datetime(2017-08-02),
'T', datetime(2017-08-02),
'J', datetime(2017-08-02),
'H', datetime(2017-08-03),
'T', datetime(2017-08-03),
'T', datetime(2017-08-03),
'J', datetime(2017-08-03),
'B', datetime(2017-08-03),
'S', datetime(2017-08-03),
'S', datetime(2017-08-04),
];`;

const run = (rows: string, args: string) =>
  runKql(engine, `let T = datatable(UserId:string, Timestamp:datetime) [${rows}];\nT | evaluate activity_counts_metrics(UserId, Timestamp, ${args})`);

describe('evaluate activity_counts_metrics', () => {
  it('the documented example: daily activity counts (documented output and column names)', async () => {
    const q = `let start=datetime(2017-08-01);
let end=datetime(2017-08-04);
let window=1d;
${DOC_T}
T | evaluate activity_counts_metrics(UserId, Timestamp, start, end, window)`;
    expect(compile(q, { catalog: null, now: NOW }).columns?.map((c) => `${c.name}:${c.type}`)).toEqual([
      'Timestamp:datetime',
      'count:long',
      'dcount:long',
      'new_dcount:long',
      'aggregated_dcount:long',
    ]);
    expect(await runKql(engine, q)).toEqual([
      ['2017-08-01T00:00:00Z', 4, 4, 4, 4],
      ['2017-08-02T00:00:00Z', 3, 3, 2, 6],
      ['2017-08-03T00:00:00Z', 6, 5, 2, 8],
      ['2017-08-04T00:00:00Z', 1, 1, 0, 8],
    ]);
  });

  it('slices the counts by dimension: new and aggregated ids per combination', async () => {
    const q = `${DOC_T}
T | extend Team = iff(UserId in ('J', 'T'), 'x', 'y')
| evaluate activity_counts_metrics(UserId, Timestamp, datetime(2017-08-01), datetime(2017-08-03), 1d, Team)`;
    expect(compile(q, { catalog: null, now: NOW }).columns?.map((c) => c.name)).toEqual(['Timestamp', 'Team', 'count', 'dcount', 'new_dcount', 'aggregated_dcount']);
    expect(await runKql(engine, q)).toEqual([
      ['2017-08-01T00:00:00Z', 'x', 1, 1, 1, 1],
      ['2017-08-01T00:00:00Z', 'y', 3, 3, 3, 3],
      ['2017-08-02T00:00:00Z', 'x', 2, 2, 1, 2],
      ['2017-08-02T00:00:00Z', 'y', 1, 1, 1, 4],
      ['2017-08-03T00:00:00Z', 'x', 3, 2, 0, 2],
      ['2017-08-03T00:00:00Z', 'y', 3, 3, 2, 6],
    ]);
  });

  it('counts windows from Start; a row at End is in the last window, one after End\u2019s window is left out', async () => {
    const rows = `'A', datetime(2017-08-01 13:00), 'B', datetime(2017-08-02 11:00), 'A', datetime(2017-08-02 13:00),
      'C', datetime(2017-08-03 12:00), 'D', datetime(2017-08-04 13:00)`;
    expect(await run(rows, 'datetime(2017-08-01 12:00), datetime(2017-08-03 12:00), 1d')).toEqual([
      ['2017-08-01T12:00:00Z', 2, 2, 2, 2],
      ['2017-08-02T12:00:00Z', 1, 1, 0, 2],
      ['2017-08-03T12:00:00Z', 1, 1, 1, 3],
    ]);
  });

  it('refuses, while the query runs, rows and windows the page leaves open (HB162)', async () => {
    const args = 'datetime(2017-08-01), datetime(2017-08-03), 1d';
    await expect(run(`'A', datetime(2017-08-01), 'A', datetime(2017-07-31)`, args)).rejects.toThrow(/HB162.*before Start/);
    await expect(run(`'A', datetime(2017-08-01), 'B', datetime(2017-08-02), 'A', datetime(2017-08-03 06:00)`, args)).rejects.toThrow(/HB162.*after End/);
    // a window without rows between two with rows, and a first window after Start's
    await expect(run(`'A', datetime(2017-08-01), 'B', datetime(2017-08-03)`, args)).rejects.toThrow(/HB162.*without rows in a window/);
    await expect(run(`'A', datetime(2017-08-02), 'B', datetime(2017-08-03)`, args)).rejects.toThrow(/HB162.*first windows/);
    // the documented data sliced so that one team has no row on the last day
    await expect(
      runKql(engine, `${DOC_T}\nT | extend Team = iff(UserId == 'S', 's', 'o') | evaluate activity_counts_metrics(UserId, Timestamp, datetime(2017-08-01), datetime(2017-08-04), 1d, Team)`),
    ).rejects.toThrow(/HB162/);
  });

  it('refuses a Step that is not a constant timespan, and non-column arguments (HB132)', () => {
    const q = (args: string) => `${DOC_T}\nT | extend n = 1 | evaluate activity_counts_metrics(${args})`;
    expect(errorCodes(q('UserId, Timestamp, datetime(2017-08-01), datetime(2017-08-04), 1'))).toEqual(['HB132']);
    expect(errorCodes(q('UserId, Timestamp, datetime(2017-08-01), datetime(2017-08-04), toscalar(print 1d)'))).toEqual(['HB132']);
    expect(errorCodes(q('UserId, Timestamp, datetime(2017-08-01), datetime(2017-08-04), 1d, UserId'))).toEqual(['HB132']);
  });

  it('leaves activity_metrics, activity_engagement and session_count refused (HB132): their pages pin no output', () => {
    for (const call of [
      'activity_metrics(UserId, Timestamp, datetime(2017-08-01), datetime(2017-08-04), 1d)',
      'activity_engagement(UserId, Timestamp, 1d, 7d)',
      'session_count(UserId, Timestamp, datetime(2017-08-01), datetime(2017-08-04), 1h, 1d)',
    ]) {
      const r = compile(`${DOC_T}\nT | evaluate ${call}`, { catalog: null, now: NOW });
      expect(r.diagnostics.map((d) => d.code)).toEqual(['HB132']);
      expect(r.diagnostics[0].message).toMatch(/random data|only as a chart/);
    }
  });
});
