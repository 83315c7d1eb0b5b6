/**
 * Constants finer than a microsecond computed exactly at compile time (src/kql/lower/ticks.ts).
 * Expected rows are Kusto's own answers in the dev oracle corpus (case ids in the test names:
 * ../shared/corpus/kusto-oracle-dev/cases.jsonl) or the function pages' examples. Datetimes and
 * timespans shown as values are kept to the microsecond (Kusto's ….9999999 shows as ….999999);
 * text, numbers and booleans computed from them are exact. A value finer than a microsecond in a
 * run-time column stays refused (HB107).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import { civilFromDays, datetimeTicks, daysFromCivil, timespanTicks, timespanText } from '../../src/kql/lower/ticks.ts';
import { refused, runKql } from './helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(() => engine.close());

describe('constants in ticks: oracle answers', () => {
  const CASES: [string, string, unknown[][]][] = [
    [
      'saoc-r2-datetime-timespan-0014',
      "print f1 = format_datetime(datetime(2020-06-15 13:45:09.1234567), 'yyyy-MM-dd HH:mm:ss.fffffff'), f2 = format_datetime(datetime(2020-06-15 13:45:09.1234567), 'FFFFFFF')",
      [['2020-06-15 13:45:09.1234567', '1234567']],
    ],
    [
      'saoc-r2-datetime-timespan-0018',
      "print ft = format_timespan(1d + 2h + 3m + 4s + 5ms, 'd:hh:mm:ss.fff'), ft2 = format_timespan(time(0.00:00:00.0000001), 'fffffff')",
      [['1:02:03:04.005', '0000001']],
    ],
    [
      'saoc-r2-datetime-timespan-0041',
      'print roundtrip = tostring(todatetime(tostring(datetime(2020-06-15 13:45:09.1234567)))), spround = totimespan(tostring(1d + 2h + 3m + 4.5s))',
      [['2020-06-15T13:45:09.1234567Z', '1.02:03:04.5000000']],
    ],
    [
      'saoc-r2-null-and-edge-0016',
      'print d2 = datetime(9999-12-31 23:59:59.9999999) + 1tick, diff = datetime(9999-12-31) - datetime(0001-01-01)',
      [[null, '3652058.00:00:00']],
    ],
    [
      'saoc-r3-datetime-timespan-0001',
      "print x = format_timespan(datetime(2024-03-03 00:00:00) - startofweek(datetime(2024-02-29 23:59:59.9999999)), 'd.hh:mm:ss.fffffff'), y = (endofweek(datetime(2024-02-29)) - startofweek(datetime(2024-02-29))) / 1tick",
      [['7.00:00:00.0000000', 6047999999999]],
    ],
    [
      'saoc-r3-datetime-timespan-0004',
      "print d1 = datetime_diff('microsecond', datetime(2020-01-01 00:00:00.0000020), datetime(2020-01-01 00:00:00.0000005)), d2 = datetime_diff('nanosecond', datetime(2020-01-01 00:00:00.0000002), datetime(2020-01-01 00:00:00))",
      [[2, 200]],
    ],
    [
      'saoc-r3-datetime-timespan-0005',
      "print f1 = format_datetime(datetime(2020-06-15 13:45:09.1234567), 'ffffff'), f2 = format_datetime(datetime(2020-06-15 13:45:09.0000007), 'FFFFFFF'), f3 = format_datetime(datetime(2020-06-15 13:45:09.0000000), 'FFFFFFF')",
      [['123456', '0000007', '']],
    ],
    [
      'saoc-r3-datetime-timespan-0023',
      'print a = (datetime(2020-06-15 13:45:30.7654321) - datetime(2020-06-15 13:45:30.1111111)) / 1tick, b = (datetime(9999-12-31 23:59:59.9999999) - datetime(0001-01-01 00:00:00)) / 1d',
      [[6543210, 3652059]],
    ],
    [
      'saoc-r3-datetime-timespan-0031',
      'print a = tostring(bin(datetime(2020-06-15 13:45:30.7654321), 1s)), b = tostring(datetime(2020-06-15 13:45:30.7654321)), c = tostring(datetime(2020-06-15 00:00:00)), d = tostring(datetime(2020-06-15 13:45:00))',
      [['2020-06-15T13:45:30.0000000Z', '2020-06-15T13:45:30.7654321Z', '2020-06-15T00:00:00.0000000Z', '2020-06-15T13:45:00.0000000Z']],
    ],
    [
      'saoc-r3-datetime-timespan-0043',
      'print a = tostring(endofmonth(datetime(2020-02-28 23:59:59.9999999))), b = startofmonth(datetime(2020-03-01 00:00:00.0000000)), c = endofyear(datetime(2020-12-31 23:59:59.9999999)) + 1tick',
      [['2020-02-29T23:59:59.9999999Z', '2020-03-01T00:00:00Z', '2021-01-01T00:00:00Z']],
    ],
    [
      'saoc-r3-type-casts-coercion-0047',
      'print x = todatetime(0), y = tostring(todatetime(1)), z = gettype(todatetime(1)), w = tostring(todatetime(1.5))',
      [['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.0000001Z', 'datetime', '0001-01-01T00:00:00.0000001Z']],
    ],
    // tolong(datetime) counts ticks from 0001-01-01 (saoc-r2-type-casts-coercion-0016, whose rows are
    // constants here; a long beyond 2^53 is shown as text)
    [
      'saoc-r2-type-casts-coercion-0016',
      'print a = tolong(datetime(1970-01-01)), b = tolong(datetime(0001-01-01)), c = tolong(datetime(9999-12-31 23:59:59.9999999)), d = todouble(datetime(9999-12-31 23:59:59.9999999))',
      [['621355968000000000', 0, '3155378975999999999', 3.155378976e18]],
    ],
    // (a - b) / 1tick and datetime_diff of the rows of saoc-r3-datetime-timespan-0029, written as constants
    [
      'saoc-r3-datetime-timespan-0029',
      "print ds = datetime_diff('second', datetime(2020-01-01 00:00:01.9999999), datetime(2020-01-01 00:00:00.0000001)), dms = datetime_diff('millisecond', datetime(2020-03-01 00:00:00), datetime(2020-02-29 23:59:59.9999999)), spanticks = (datetime(2020-03-01 00:00:00) - datetime(2020-02-29 23:59:59.9999999)) / 1tick, span = tostring(datetime(2020-01-01 00:00:01.9999999) - datetime(2020-01-01 00:00:00.0000001))",
      [[1, 1, 1, '00:00:01.9999998']],
    ],
  ];
  it.each(CASES)('%s', async (_id, kql, rows) => {
    expect(await runKql(engine, kql)).toEqual(rows);
  });
});

describe('constants in ticks: documented examples', () => {
  it("datetime_part('nanosecond') of a let-bound constant (datetime-part-function page)", async () => {
    expect(await runKql(engine, 'let dt = datetime(2017-10-30 01:02:03.7654321); print nanosecond = datetime_part("nanosecond", dt), microsecond = datetime_part("microsecond", dt), millisecond = datetime_part("millisecond", dt)')).toEqual([
      [765432100, 765432, 765],
    ]);
  });
  it('datetime_diff counts the periods crossed (datetime-diff-function page: second, millisecond)', async () => {
    expect(await runKql(engine, "print s = datetime_diff('second', datetime(2017-10-30 23:00:10.1000001), datetime(2017-10-30 23:00:00.9000001)), ms = datetime_diff('millisecond', datetime(2017-10-30 23:00:00.2001001), datetime(2017-10-30 23:00:00.1009001)), n = datetime_diff('nanosecond', datetime(2017-10-30 23:00:00.0000000), datetime(2017-10-30 23:00:00.0000007))")).toEqual([
      [10, 100, -700],
    ]);
  });
  it('tostring of timespans: [-][d.]hh:mm:ss[.fffffff]', async () => {
    expect(await runKql(engine, 'print a = tostring(1tick), b = tostring(1d + 1tick), c = tostring(-1tick), d = tostring(1s - 1tick)')).toEqual([
      ['00:00:00.0000001', '1.00:00:00.0000001', '-00:00:00.0000001', '00:00:00.9999999'],
    ]);
  });
  it('ends of periods are one tick before the next period (….9999999)', async () => {
    expect(await runKql(engine, 'print d = tostring(endofday(datetime(2024-02-29 10:00))), w = tostring(endofweek(datetime(2024-02-29))), m = tostring(endofmonth(datetime(2024-02-10))), y = tostring(endofyear(datetime(9999-05-01)))')).toEqual([
      ['2024-02-29T23:59:59.9999999Z', '2024-03-02T23:59:59.9999999Z', '2024-02-29T23:59:59.9999999Z', '9999-12-31T23:59:59.9999999Z'],
    ]);
  });
  it('strcat of constants in ticks', async () => {
    expect(await runKql(engine, "print a = strcat(1tick), b = strcat('t=', datetime(2020-01-01 00:00:00.0000001), ' ', 42)")).toEqual([['00:00:00.0000001', 't=2020-01-01T00:00:00.0000001Z 42']]);
  });
  it('tick constants compared exactly', async () => {
    expect(await runKql(engine, 'print a = 1tick < 2tick, b = datetime(2020-01-01 00:00:00.0000001) + 1tick == datetime(2020-01-01 00:00:00.0000002), c = 1tick * 13 > 1microsecond')).toEqual([[true, true, true]]);
  });
});

describe('values finer than a microsecond in run-time columns stay refused (HB107)', () => {
  it.each([
    // the oracle's own forms of the cases above: the values are datatable columns
    "datatable(t:datetime)[ datetime(2020-01-01 00:00:00.0000001), datetime(2020-12-31 23:59:59.9999999) ] | extend tick = format_datetime(t, 'fffffff')",
    'datatable(t:datetime)[ datetime(9999-12-31 23:59:59.9999999) ] | extend asl = tolong(t)',
    'datatable(a:datetime, b:datetime)[ datetime(2020-01-01 00:00:01.9999999), datetime(2020-01-01 00:00:00.0000001) ] | extend spanticks = (a - b) / 1tick',
    // a constant first stored in a column
    'print t = datetime(2020-06-15 13:45:30.7654321) | extend s = tostring(t)',
    'print w = todatetime(1.5) | extend s = tostring(w)',
    // a constant finer than a microsecond compared with a column
    'print t = datetime(2020-01-01) | where t >= datetime(2020-01-01 00:00:00.0000001)',
    // in / between compare floored values (1tick in (0tick) would be true)
    'print a = 1tick in (0tick)',
    'print a = datetime(2020-01-01 00:00:00.0000001) between (datetime(2020-01-01) .. datetime(2020-01-01))',
    // implicit text and tick counts: strcat of a column, hash of a datetime's ticks
    'print t = 1tick * 13 | extend s = strcat(t)',
    'print a = hash(datetime(2020-01-01 00:00:00.0000001))',
    // a timespan of fewer than 10 ticks as a result column would show as zero
    'print sp = 1tick',
  ])('%s', (kql) => {
    expect(refused(kql).code).toBe('HB107');
  });
  it('a finer constant made after a conversion that assumed none is refused', () => {
    expect(refused('datatable(t:datetime)[datetime(2020-01-01)] | extend s = tostring(t), w = todatetime(1.5)').code).toBe('HB107');
  });
});

describe('floored values in run-time columns are not compared or grouped as if exact', () => {
  // 1tick held in a column is 0 µs here: compared with 0s it would tie where Kusto's 1 tick is greater
  it.each([
    'datatable(x:timespan)[1tick] | where x > 0s',
    'print x = datetime(2020-01-01 00:00:00.0000001) | where x > datetime(2020-01-01)',
    'datatable(x:timespan)[1tick] | where x in (0s)',
    'datatable(x:timespan)[1tick] | where x between (0s .. 1s)',
  ])('a row whose floored values tie is refused while the query runs: %s', async (kql) => {
    await expect(runKql(engine, kql)).rejects.toThrow(/HB107/);
  });
  it('rows whose floored values differ keep their answer', async () => {
    expect(await runKql(engine, 'datatable(x:datetime)[datetime(2020-01-01 00:00:00.0000001), datetime(2020-01-02)] | where x > datetime(2020-01-01 12:00)')).toEqual([['2020-01-02T00:00:00Z']]);
    expect(await runKql(engine, 'datatable(x:timespan)[1tick, 2s] | where x between (1s .. 3s) | count')).toEqual([[1]]);
  });
  it.each([
    // 1tick and 2tick are two groups in Kusto, one floored value here
    'datatable(x:timespan)[1tick, 2tick] | summarize count() by x',
    'datatable(x:timespan)[1tick, 2tick] | distinct x',
    'datatable(x:timespan)[1tick, 2tick] | summarize dcount(x)',
    'datatable(x:timespan)[1tick, 2tick] | summarize make_set(x)',
    'datatable(x:timespan)[1tick] | join (datatable(x:timespan)[0s]) on x',
    'datatable(x:timespan)[1tick] | lookup (datatable(x:timespan)[0s]) on x',
    // 1tick and 2tick would tie: the rows' order, or the row picked, would be the input's
    'datatable(x:timespan, y:long)[2tick, 2, 1tick, 1] | sort by x asc',
    'datatable(x:timespan, y:long)[2tick, 2, 1tick, 1] | top 1 by x asc',
    'datatable(x:timespan, y:long)[2tick, 2, 1tick, 1] | summarize arg_min(x, y)',
  ])('grouping, ordering, distinct-counting or joining on a value that may have lost ticks is refused: %s', (kql) => {
    expect(refused(kql).code).toBe('HB107');
  });
  it('an end of a period stored in a column is guarded where it ties; one only compared is guarded alone', async () => {
    // Kusto's endofday is ….9999999: greater than ….999999, which it ties with here
    await expect(runKql(engine, 'datatable(t:datetime)[datetime(2020-01-01 10:00)] | extend e = endofday(t) | where e > datetime(2020-01-01 23:59:59.999999)')).rejects.toThrow(/HB107/);
    await expect(runKql(engine, 'datatable(t:datetime)[datetime(2020-01-01 10:00)] | summarize e = max(endofday(t)) | where e > datetime(2020-01-01 23:59:59.999999)')).rejects.toThrow(/HB107/);
    // a column of whole microseconds at a start of a period: no finer value was stored, so it runs
    expect(await runKql(engine, 'datatable(t:datetime)[datetime(2020-01-01 00:00)] | where t between (startofday(t) .. endofday(t)) | count')).toEqual([[1]]);
    expect(await runKql(engine, 'datatable(t:datetime, k:long)[datetime(2020-01-01 00:00), 2, datetime(2020-01-02 00:00), 1] | where t >= startofmonth(t) and t <= endofmonth(t) | summarize arg_min(t, k) | project k')).toEqual([[2]]);
  });
  it('bin() by whole microseconds of such a value is exact, so it groups', async () => {
    expect(await runKql(engine, 'datatable(x:datetime)[datetime(2020-01-01 00:00:00.0000001), datetime(2020-01-01 00:30:00)] | summarize n = count() by b = bin(x, 1h)')).toEqual([['2020-01-01T00:00:00Z', 2]]);
  });
});

describe('tick arithmetic helpers', () => {
  it('reads literals exactly or not at all', () => {
    expect(datetimeTicks('2020-06-15 13:45:30.7654321')).toBe(637278255307654321n);
    expect(datetimeTicks('0001-01-01')).toBe(0n);
    expect(datetimeTicks('2021-02-30')).toBeUndefined();
    expect(datetimeTicks('2020-01-01 00:00:00.12345678')).toBeUndefined();
    expect(timespanTicks('1tick')).toBe(1n);
    expect(timespanTicks('1.5h')).toBe(54000000000n);
    expect(timespanTicks('time(1.02:03:04.0000001)')).toBe(937840000001n);
    expect(timespanTicks('time(2)')).toBe(1728000000000n);
    expect(timespanTicks('0.5tick')).toBeUndefined();
    expect(timespanText(-864000000002n)).toBe('-1.00:00:00.0000002');
  });
  it('civil dates round-trip over 0001..9999 (proleptic Gregorian, checked against Date)', () => {
    for (let days = 0; days < 3652059; days += 997) {
      const { y, m, d } = civilFromDays(days);
      expect(daysFromCivil(y, m, d)).toBe(days);
      const js = new Date(0);
      js.setUTCFullYear(y, m - 1, d);
      expect(Math.round((js.getTime() + 62135596800000) / 86400000)).toBe(days);
    }
  });
});
