import { describe, expect, it } from 'vitest';
import {
  addWhere,
  datetimeDigits,
  timeTextDigits,
  datetimeMicros,
  displayText,
  excludePredicate,
  timespanMicros,
  decodeShareHash,
  encodeShareHash,
  filterPredicate,
  type KustoResult,
  kqlIdent,
  kqlString,
  resultToCsv,
  resultToJson,
  rowText,
} from '../../src/state/results.ts';
import { facets, viewIndices } from '../../src/state/results-view.ts';

const result: KustoResult = {
  columns: [
    { name: 'Name', type: 'string' },
    { name: 'n', type: 'long' },
  ],
  rows: [
    ['b', 10],
    ['a', 2],
    [null, null],
    ['A', 2],
  ],
};

describe('viewIndices', () => {
  it('is the identity without sort and filters', () => {
    expect(Array.from(viewIndices(result, {}, null))).toEqual([0, 1, 2, 3]);
  });
  it('sorts numbers numerically and stably, nulls first ascending, last descending', () => {
    expect(Array.from(viewIndices(result, {}, { col: 1, dir: 'asc' }))).toEqual([2, 1, 3, 0]);
    expect(Array.from(viewIndices(result, {}, { col: 1, dir: 'desc' }))).toEqual([0, 1, 3, 2]);
  });
  it('sorts longs beyond 2^53 (which arrive as text) exactly, not by their nearest double', () => {
    const big: KustoResult = {
      columns: [{ name: 'n', type: 'long' }],
      rows: [['9007199254740993'], [9007199254740991], ['9007199254740992'], ['-9007199254740993'], [null], [5]],
    };
    expect(Array.from(viewIndices(big, {}, { col: 0, dir: 'asc' }))).toEqual([4, 3, 5, 1, 2, 0]);
    expect(Array.from(viewIndices(big, {}, { col: 0, dir: 'desc' }))).toEqual([0, 2, 1, 5, 3, 4]);
  });
  it('filters by case-insensitive substring per column', () => {
    expect(Array.from(viewIndices(result, { 0: 'A' }, null))).toEqual([1, 3]);
    expect(Array.from(viewIndices(result, { 0: 'a', 1: '2' }, { col: 0, dir: 'desc' }))).toEqual([1, 3]);
  });
});

describe('add filter from cell', () => {
  it.each([
    [{ name: 'DeviceName', type: 'string' }, 'pc-01', 'DeviceName == "pc-01"'],
    [{ name: 'Cmd', type: 'string' }, 'a "quoted" \\ path\n', 'Cmd == "a \\"quoted\\" \\\\ path\\n"'],
    [{ name: 'Cmd', type: 'string' }, '', 'isempty(Cmd)'],
    [{ name: 'n', type: 'long' }, 42, 'n == 42'],
    [{ name: 'n', type: 'long' }, '9007199254740993', 'n == long(9007199254740993)'],
    [{ name: 'ok', type: 'bool' }, false, 'ok == false'],
    [{ name: 'Timestamp', type: 'datetime' }, '2024-05-17T00:00:00Z', 'Timestamp == datetime(2024-05-17T00:00:00Z)'],
    [{ name: 'x', type: 'string' }, null, 'isnull(x)'],
    [{ name: 'my col', type: 'string' }, 'v', `["my col"] == "v"`],
    [{ name: 'Bag', type: 'dynamic' }, { a: 1 }, 'tostring(Bag) == "{\\"a\\":1}"'],
  ])('%j = %j', (col, value, expected) => {
    expect(filterPredicate(col, value as never)).toBe(expected);
  });

  it('appends the where, or puts it before a trailing render', () => {
    expect(addWhere('T\n| take 5\n', 'x == 1')).toBe('T\n| take 5\n| where x == 1');
    expect(addWhere('T\n| summarize count() by x\n| render piechart', 'x == 1')).toBe('T\n| summarize count() by x\n| where x == 1\n| render piechart');
  });

  it('quotes identifiers and strings', () => {
    expect(kqlIdent('A_1')).toBe('A_1');
    expect(kqlIdent("it's")).toBe('["it\'s"]');
    expect(kqlString('tab\there')).toBe('"tab\\there"');
  });
});

describe('exports and share links', () => {
  it('writes CSV and JSON of the visible rows', () => {
    expect(resultToCsv(result, [1])).toBe('Name,n\r\na,2\r\n');
    // formulas in text cells are neutralised for spreadsheets; numbers are left alone
    const hostile = { columns: [{ name: 's', type: 'string' as const }, { name: 'n', type: 'long' as const }], rows: [['=cmd|\' /C calc\'!A0', -5], ['@SUM(1)', 1], ['+1', 2], ['-1', 3], ['plain', 4]] };
    expect(resultToCsv(hostile)).toBe("s,n\r\n'=cmd|' /C calc'!A0,-5\r\n'@SUM(1),1\r\n'+1,2\r\n'-1,3\r\nplain,4\r\n");
    expect(JSON.parse(resultToJson(result, [0]))).toEqual({ columns: result.columns, rows: [['b', 10]] });
    expect(rowText(['a\tb', null, 3])).toBe('a b\t\t3');
  });
  it('round-trips unicode queries through #q=', () => {
    const q = 'DeviceEvents\n| where FileName == "naïve ✓.exe"';
    const h = encodeShareHash(q);
    expect(h).toMatch(/^#q=[A-Za-z0-9_-]+$/);
    expect(decodeShareHash(h)).toBe(q);
    expect(decodeShareHash('#q=%%%')).toBeNull();
    expect(decodeShareHash('#other')).toBeNull();
  });
});

describe('sorting by value and fixed-precision times', () => {
  const times: KustoResult = {
    columns: [
      { name: 'T', type: 'datetime' },
      { name: 'D', type: 'timespan' },
    ],
    rows: [
      ['2024-05-14T09:42:03.25Z', '1.00:00:00'],
      ['2024-05-14T09:42:03.5Z', '10:00:00'],
      ['2024-05-14T09:42:03Z', '00:00:01.5000000'],
      ['2024-05-14T09:42:03.000125Z', '-00:00:01'],
      [null, null],
    ],
  };
  it('sorts datetimes by instant, not text (".25" < ".5", whole seconds first)', () => {
    expect(Array.from(viewIndices(times, {}, { col: 0, dir: 'asc' }))).toEqual([4, 2, 3, 0, 1]);
    expect(Array.from(viewIndices(times, {}, { col: 0, dir: 'desc' }))).toEqual([1, 0, 3, 2, 4]);
  });
  it('sorts timespans by duration ("10:00:00" before "1.00:00:00")', () => {
    expect(Array.from(viewIndices(times, {}, { col: 1, dir: 'asc' }))).toEqual([4, 3, 2, 1, 0]);
  });
  it('parses times to microseconds', () => {
    expect(datetimeMicros('1970-01-01T00:00:01.000002Z')).toBe(1_000_002);
    expect(timespanMicros('1.02:03:04.5000000')).toBe(((26 * 60 + 3) * 60 + 4) * 1e6 + 500_000);
    expect(Number.isNaN(datetimeMicros('yesterday'))).toBe(true);
  });
  it('shows datetimes with the same number of decimals in a column', () => {
    expect(datetimeDigits(times.rows, 0)).toBe(6);
    expect(displayText('datetime', '2024-05-14T09:42:03Z', 3)).toBe('2024-05-14T09:42:03.000Z');
    expect(displayText('datetime', '2024-05-14T09:42:03.5Z', 6)).toBe('2024-05-14T09:42:03.500000Z');
    expect(displayText('long', 5)).toBe('5');
  });

  it('times in untyped tables (investigation pages): a column is times only when every value is one', () => {
    expect(timeTextDigits(['2024-05-14T09:41:20Z', '2024-05-14T09:42:05.88Z', null, ''])).toBe(3);
    expect(timeTextDigits(['2024-05-14T09:41:20Z', '2024-05-14T09:15:32.425004Z'])).toBe(6);
    expect(timeTextDigits(['2024-05-14T09:15:32.4250041Z'])).toBe(7);
    expect(timeTextDigits(['2024-05-14T09:41:20Z', 'win10-lab01'])).toBeNull();
    expect(timeTextDigits(['2024-05-14 09:41:20'])).toBeNull();
    expect(timeTextDigits([5, '2024-05-14T09:41:20Z'])).toBeNull();
    expect(timeTextDigits([null, undefined])).toBeNull();
  });
});

describe('include / exclude and facets (arquero)', () => {
  const r: KustoResult = {
    columns: [
      { name: 'User', type: 'string' },
      { name: 'Port', type: 'long' },
    ],
    rows: [
      ['alex', 443],
      ['bo', 80],
      ['alex', null],
      ['', 443],
      ['alex', 443],
    ],
  };
  it('exclude is the != form of the include predicate', () => {
    expect(excludePredicate({ name: 'User', type: 'string' }, 'alex')).toBe('User != "alex"');
    expect(excludePredicate({ name: 'User', type: 'string' }, '')).toBe('isnotempty(User)');
    expect(excludePredicate({ name: 'Port', type: 'long' }, 443)).toBe('Port != 443');
    expect(excludePredicate({ name: 'Port', type: 'long' }, null)).toBe('isnotnull(Port)');
    expect(excludePredicate({ name: 'T', type: 'datetime' }, '2024-01-01T00:00:00Z')).toBe('T != datetime(2024-01-01T00:00:00Z)');
  });
  it('value filters keep or drop one value; null is not the empty string', () => {
    expect(Array.from(viewIndices(r, {}, null, [{ col: 0, value: 'alex', exclude: false }]))).toEqual([0, 2, 4]);
    expect(Array.from(viewIndices(r, {}, null, [{ col: 1, value: 443, exclude: true }]))).toEqual([1, 2]);
    expect(Array.from(viewIndices(r, {}, null, [{ col: 1, value: null, exclude: false }]))).toEqual([2]);
    expect(Array.from(viewIndices(r, {}, { col: 1, dir: 'desc' }, [{ col: 0, value: 'alex', exclude: false }]))).toEqual([0, 4, 2]);
  });
  it('facets count the values of the rows in view, most frequent first', () => {
    const [user, port] = facets(r, [0, 1, 2, 3, 4], [0, 1]);
    expect(user.top.map((t) => [t.text, t.count])).toEqual([
      ['alex', 3],
      ['(empty)', 1],
      ['bo', 1],
    ]);
    expect(user.distinct).toBe(3);
    expect(port.top.map((t) => [t.value, t.count])).toEqual([
      [443, 3],
      [null, 1],
      [80, 1],
    ]);
    expect(facets(r, [1, 2], [0])[0].top.map((t) => t.text)).toEqual(['alex', 'bo']);
  });
});
