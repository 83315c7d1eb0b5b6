/**
 * evaluate sliding_window_counts (kusto/query/sliding-window-counts-plugin): the page's example
 * with its documented output, the page's other statements (dimensions slice the counts, a
 * LookbackWindow that is not a multiple of Bin is rounded down), the technique the page says the
 * plugin uses (samples: "Perform aggregations over a sliding window": bins counted from Start, a
 * window without rows gives no row), and the refusals of what neither page settles. On DuckDB-WASM.
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

// The page's table (its datetimes are written `datetime(2017 - 08 - 01)`; huntbench reads only
// the unspaced form, HB103 otherwise, so they are written without spaces here).
const DOC_T = `let T = datatable(UserId:string, Timestamp:datetime)
[
'Bob',      datetime(2017-08-01),
'David',    datetime(2017-08-01),
'David',    datetime(2017-08-01),
'John',     datetime(2017-08-01),
'Bob',      datetime(2017-08-01),
'Ananda',   datetime(2017-08-02),
'Atul',     datetime(2017-08-02),
'John',     datetime(2017-08-02),
'Ananda',   datetime(2017-08-03),
'Atul',     datetime(2017-08-03),
'Atul',     datetime(2017-08-03),
'John',     datetime(2017-08-03),
'Bob',      datetime(2017-08-03),
'Betsy',    datetime(2017-08-04),
'Bob',      datetime(2017-08-05),
];`;
const DOC_LETS = `let start = datetime(2017-08-01);
let end = datetime(2017-08-07);
let lookbackWindow = 3d;
let bin = 1d;`;

const DOC_OUT = [
  ['2017-08-01T00:00:00Z', 5, 3],
  ['2017-08-02T00:00:00Z', 8, 5],
  ['2017-08-03T00:00:00Z', 13, 5],
  ['2017-08-04T00:00:00Z', 9, 5],
  ['2017-08-05T00:00:00Z', 7, 5],
  ['2017-08-06T00:00:00Z', 2, 2],
  ['2017-08-07T00:00:00Z', 1, 1],
];

describe('evaluate sliding_window_counts', () => {
  it('the documented example: counts and dcounts of users in the past 3 days, for each day (documented output)', async () => {
    const q = `${DOC_LETS}\n${DOC_T}\nT | evaluate sliding_window_counts(UserId, Timestamp, start, end, lookbackWindow, bin)`;
    const r = compile(q, { catalog: null, now: NOW });
    expect(r.columns?.map((c) => `${c.name}:${c.type}`)).toEqual(['Timestamp:datetime', 'Count:long', 'Dcount:long']);
    expect(await runKql(engine, q)).toEqual(DOC_OUT);
  });

  it('rounds a LookbackWindow that is not a multiple of Bin down (documented): 3d12h and 71h windows of 1d bins', async () => {
    for (const lb of ['3d + 12h', '3d + 23h']) {
      const q = `${DOC_LETS}\n${DOC_T}\nT | evaluate sliding_window_counts(UserId, Timestamp, start, end, ${lb}, bin)`;
      expect(await runKql(engine, q)).toEqual(DOC_OUT);
    }
    const q2 = `${DOC_LETS}\n${DOC_T}\nT | evaluate sliding_window_counts(UserId, Timestamp, start, end, 47h, bin)`;
    // 47h rounds down to one day: each day counts its own rows only
    expect(await runKql(engine, q2)).toEqual([
      ['2017-08-01T00:00:00Z', 5, 3],
      ['2017-08-02T00:00:00Z', 3, 3],
      ['2017-08-03T00:00:00Z', 5, 4],
      ['2017-08-04T00:00:00Z', 1, 1],
      ['2017-08-05T00:00:00Z', 1, 1],
    ]);
  });

  it('slices by the dimension columns: each combination counts as the plugin over its own rows', async () => {
    const withDim = `${DOC_T}\nlet TD = T | extend Team = iff(UserId in ('Bob', 'John'), 'red', 'blue');`;
    const all = await runKql(engine, `${DOC_LETS}\n${withDim}\nTD | evaluate sliding_window_counts(UserId, Timestamp, start, end, lookbackWindow, bin, Team)`);
    for (const team of ['red', 'blue']) {
      const one = await runKql(engine, `${DOC_LETS}\n${withDim}\nTD | where Team == '${team}' | evaluate sliding_window_counts(UserId, Timestamp, start, end, lookbackWindow, bin)`);
      expect(all.filter((r) => r[1] === team).map((r) => [r[0], r[2], r[3]])).toEqual(one);
    }
    // red: Bob, John; blue: David, Ananda, Atul, Betsy
    expect(all.filter((r) => r[0] === '2017-08-03T00:00:00Z')).toEqual([
      ['2017-08-03T00:00:00Z', 'blue', 7, 3],
      ['2017-08-03T00:00:00Z', 'red', 6, 2],
    ]);
    const cols = compile(`${DOC_LETS}\n${withDim}\nTD | evaluate sliding_window_counts(UserId, Timestamp, start, end, lookbackWindow, bin, Team)`, { catalog: null, now: NOW }).columns;
    expect(cols?.map((c) => c.name)).toEqual(['Timestamp', 'Team', 'Count', 'Dcount']);
  });

  it('counts bins from Start, as the technique does (bin_at(Timestamp, Bin, Start))', async () => {
    const q = `let T = datatable(UserId:string, Timestamp:datetime)
      ['A', datetime(2017-08-01 13:00), 'B', datetime(2017-08-02 11:00), 'C', datetime(2017-08-02 13:00)];
      T | evaluate sliding_window_counts(UserId, Timestamp, datetime(2017-08-01 12:00), datetime(2017-08-03 12:00), 1d, 1d)`;
    expect(await runKql(engine, q)).toEqual([
      ['2017-08-01T12:00:00Z', 2, 2],
      ['2017-08-02T12:00:00Z', 1, 1],
    ]);
  });

  it('gives no row for a bin whose window holds no row (the technique summarizes the stretched rows)', async () => {
    const q = `let T = datatable(UserId:string, Timestamp:datetime)
      ['A', datetime(2017-08-01 05:00), 'B', datetime(2017-08-05 05:00), 'B', datetime(2017-08-05 06:00)];
      T | evaluate sliding_window_counts(UserId, Timestamp, datetime(2017-08-01), datetime(2017-08-06), 2d, 1d)`;
    expect(await runKql(engine, q)).toEqual([
      ['2017-08-01T00:00:00Z', 1, 1],
      ['2017-08-02T00:00:00Z', 1, 1],
      ['2017-08-05T00:00:00Z', 2, 1],
      ['2017-08-06T00:00:00Z', 2, 1],
    ]);
  });

  it('ends with the last bin at or before End; rows no window of the period reaches are left out', async () => {
    const base = `['A', datetime(2017-08-01), 'B', datetime(2017-08-03 06:00)`;
    const tail = `T | evaluate sliding_window_counts(UserId, Timestamp, datetime(2017-08-01), datetime(2017-08-03 12:00), 1d, 1d)`;
    const want = [
      ['2017-08-01T00:00:00Z', 1, 1],
      ['2017-08-03T00:00:00Z', 1, 1],
    ];
    expect(await runKql(engine, `let T = datatable(UserId:string, Timestamp:datetime) ${base}];\n${tail}`)).toEqual(want);
    // a row days before Start (outside every window) and one in a bin after End's
    expect(await runKql(engine, `let T = datatable(UserId:string, Timestamp:datetime) ${base}, 'X', datetime(2017-07-20), 'Y', datetime(2017-08-04 01:00)];\n${tail}`)).toEqual(want);
  });

  it('refuses, while the query runs, rows whose counting the pages leave open (HB162)', async () => {
    const run = (rows: string, lookback = '3d') =>
      runKql(engine, `let T = datatable(UserId:string, Timestamp:datetime) [${rows}];
        T | evaluate sliding_window_counts(UserId, Timestamp, datetime(2017-08-01), datetime(2017-08-07), ${lookback}, 1d)`);
    // before Start but within the lookback of Start's bin: the technique counts it, a plugin that
    // keeps [Start, End] first does not
    await expect(run(`'A', datetime(2017-08-01), 'B', datetime(2017-07-30 12:00)`)).rejects.toThrow(/HB162.*before Start/);
    // with a one-bin window no bin after Start reaches back: left out
    expect(await run(`'A', datetime(2017-08-01), 'B', datetime(2017-07-31 12:00)`, '1d')).toEqual([['2017-08-01T00:00:00Z', 1, 1]]);
    // after End but inside End's bin
    await expect(run(`'A', datetime(2017-08-01), 'B', datetime(2017-08-07 06:00)`)).rejects.toThrow(/HB162.*after End/);
    await expect(run(`'A', datetime(null)`)).rejects.toThrow(/HB162.*null/);
  });

  it('refuses what the page does not settle when compiling (HB132)', () => {
    const q = (args: string) => `${DOC_T}\nT | extend n = 1 | evaluate sliding_window_counts(${args})`;
    // Kusto's analyzer refuses the page's string bins ('week': KS138); a number is not a timespan
    expect(errorCodes(q(`UserId, Timestamp, datetime(2017-08-01), datetime(2017-08-07), 28d, 'week'`))).toEqual(['KS138']);
    expect(errorCodes(q('UserId, Timestamp, datetime(2017-08-01), datetime(2017-08-07), 3d, 1'))).toEqual(['HB132']);
    expect(errorCodes(q('UserId, Timestamp, datetime(2017-08-01), datetime(2017-08-07), 3d, toscalar(print 1d)'))).toEqual(['HB132']);
    expect(errorCodes(q('UserId, Timestamp, datetime(2017-08-01), datetime(2017-08-07), 12h, 1d'))).toEqual(['HB132']);
    // an expression for a column: Kusto's analyzer ("Column name expected")
    expect(errorCodes(q('tolower(UserId), Timestamp, datetime(2017-08-01), datetime(2017-08-07), 3d, 1d'))).toEqual(['KS109']);
    expect(errorCodes(q('UserId, n, 1, 7, 3, 1'))).toEqual(['HB132']);
    expect(errorCodes(q('UserId, Timestamp, datetime(2017-08-01), datetime(2017-08-07), 3d, 1d, Timestamp'))).toEqual(['HB132']);
  });
});
