/**
 * Datetime and timespan semantics (issue 9). Expected values come from the function documentation
 * (startof…/endof… with offsets use the documented `range offset from -1 to 1` examples) or from
 * reasoning over the documented rules; they are not copied from the oracle corpus. Values are kept
 * to the microsecond, so Kusto's ….9999999 ends of periods read ….999999 here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import { runKql } from './helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(() => engine.close());

const docOffsets = (f: string) => `range offset from -1 to 1 step 1 | project r = ${f}(datetime(2017-01-01 10:10:17), offset)`;

const CASES: [string, string, unknown[][]][] = [
  ['startofday offsets', docOffsets('startofday'), [['2016-12-31T00:00:00Z'], ['2017-01-01T00:00:00Z'], ['2017-01-02T00:00:00Z']]],
  ['startofweek offsets', docOffsets('startofweek'), [['2016-12-25T00:00:00Z'], ['2017-01-01T00:00:00Z'], ['2017-01-08T00:00:00Z']]],
  ['startofmonth offsets', docOffsets('startofmonth'), [['2016-12-01T00:00:00Z'], ['2017-01-01T00:00:00Z'], ['2017-02-01T00:00:00Z']]],
  ['startofyear offsets', docOffsets('startofyear'), [['2016-01-01T00:00:00Z'], ['2017-01-01T00:00:00Z'], ['2018-01-01T00:00:00Z']]],
  ['endofday offsets', docOffsets('endofday'), [['2016-12-31T23:59:59.999999Z'], ['2017-01-01T23:59:59.999999Z'], ['2017-01-02T23:59:59.999999Z']]],
  ['endofweek offsets', docOffsets('endofweek'), [['2016-12-31T23:59:59.999999Z'], ['2017-01-07T23:59:59.999999Z'], ['2017-01-14T23:59:59.999999Z']]],
  ['endofmonth offsets', docOffsets('endofmonth'), [['2016-12-31T23:59:59.999999Z'], ['2017-01-31T23:59:59.999999Z'], ['2017-02-28T23:59:59.999999Z']]],
  ['endofyear offsets', docOffsets('endofyear'), [['2016-12-31T23:59:59.999999Z'], ['2017-12-31T23:59:59.999999Z'], ['2018-12-31T23:59:59.999999Z']]],
  // results outside 0001-01-01 .. 9999-12-31 are null
  ['datetime range', 'print a = datetime(9999-12-31 12:00) + 1d, b = datetime(0001-01-01 06:00) - 7h, c = datetime_add("month", -1, datetime(0001-01-15)), d = startofyear(datetime(9999-06-01), 1)',
    [[null, null, null, null]]],
  // a timespan constant finer than a microsecond keeps its exact ticks in / and *
  ['tick constants', 'print a = 1s / 1tick, b = 2ms / 3tick, c = 1tick * 20, d = 5 * 1tick * 2',
    [[10000000, 20000 / 3, '00:00:00.0000020', '00:00:00.0000010']]],
];

describe('Kusto datetime semantics on DuckDB-WASM', () => {
  it.each(CASES)('%s', async (_name, kql, rows) => {
    expect(await runKql(engine, kql)).toEqual(rows);
  });
});
