import { describe, expect, it } from 'vitest';
import { formatOf, kqlTypeOfDuck, parseJsonRecords, tableNameFor } from '../../src/state/user-tables.ts';

describe('user files', () => {
  it('picks the format from the extension', () => {
    expect(formatOf('a.CSV')).toBe('csv');
    expect(formatOf('a.arrow')).toBe('arrow');
    expect(formatOf('x.ndjson')).toBe('json');
    expect(formatOf('x.parquet')).toBeNull();
  });
  it('derives unique identifier table names', () => {
    expect(tableNameFor('my events (1).csv', [])).toBe('my_events_1');
    expect(tableNameFor('2024.csv', [])).toBe('T_2024');
    expect(tableNameFor('DeviceEvents.csv', ['deviceevents'])).toBe('DeviceEvents_1');
    expect(tableNameFor('....csv', [])).toBe('Upload');
  });
  it('parses JSON arrays and JSON lines, flattening nested values to JSON text', () => {
    expect(parseJsonRecords('[{"a":1,"b":{"c":2}}]')).toEqual([{ a: 1, b: '{"c":2}' }]);
    expect(parseJsonRecords('{"a":1}\n\n{"a":2}\n')).toEqual([{ a: 1 }, { a: 2 }]);
  });
  it.each([
    ['', 'empty'],
    ['[1,2]', 'not a JSON object'],
    ['{"a":1}\n{oops', 'line 2'],
    ['[{"a":', 'not valid JSON'],
    ['[]', 'no records'],
  ])('rejects %j with a message', (text, msg) => {
    expect(() => parseJsonRecords(text)).toThrow(msg);
  });
  it('maps DuckDB types to Kusto types', () => {
    expect(kqlTypeOfDuck('VARCHAR').type).toBe('string');
    expect(kqlTypeOfDuck('BIGINT')).toEqual({ type: 'long', cast: undefined });
    expect(kqlTypeOfDuck('TIMESTAMP WITH TIME ZONE')).toEqual({ type: 'datetime', cast: 'TIMESTAMP' });
    expect(kqlTypeOfDuck('DATE').cast).toBe('TIMESTAMP');
    expect(kqlTypeOfDuck('VARCHAR[]')).toEqual({ type: 'dynamic', duckType: 'VARCHAR[]' });
    expect(kqlTypeOfDuck('BLOB')).toEqual({ type: 'string', cast: 'VARCHAR' });
  });
});
