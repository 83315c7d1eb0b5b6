import { makeVector, tableFromArrays, tableFromIPC, tableToIPC, vectorFromArray, Table, Utf8, Int32, Dictionary } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { castSql, formatOf, loadUserFile, readUserFile, tableNameFor, UploadError } from '../../src/state/user-tables.ts';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('user files', () => {
  it('picks the format from the extension', () => {
    expect(formatOf('a.CSV')).toBe('csv');
    expect(formatOf('a.tsv')).toBe('csv');
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
  it('types CSV columns like the CLI (long, real, bool, datetime, string)', () => {
    const t = readUserFile('iocs', 'iocs.csv', bytes('Sha256,Score,Ratio,Bad,Seen\nabc,10,0.5,true,2024-01-02T03:04:05Z\ndef,2,1,false,\n'));
    expect(t.table).toMatchObject({
      name: 'iocs',
      kind: 'user',
      rowCount: 2,
      description: 'Loaded from iocs.csv',
      columns: [
        { name: 'Sha256', type: 'string' },
        { name: 'Score', type: 'long' },
        { name: 'Ratio', type: 'real' },
        { name: 'Bad', type: 'bool' },
        { name: 'Seen', type: 'datetime' },
      ],
    });
    expect(tableFromIPC(t.ipc).numRows).toBe(2);
    expect(t.casts).toEqual({});
  });
  it('keeps JSON objects and arrays as dynamic columns with a DuckDB nested type', () => {
    const t = readUserFile('ev', 'ev.json', bytes('[{"a":1,"b":{"c":2},"tags":["x","y"]},{"a":2,"b":{"c":3},"tags":[]}]'));
    expect(t.table.columns).toEqual([
      { name: 'a', type: 'long' },
      { name: 'b', type: 'dynamic', duckType: 'STRUCT("c" BIGINT)' },
      { name: 'tags', type: 'dynamic', duckType: 'VARCHAR[]' },
    ]);
    expect(tableFromIPC(t.ipc).numRows).toBe(2);
    // JSON lines too
    expect(readUserFile('ev', 'ev.jsonl', bytes('{"a":1}\n\n{"a":2}\n')).table.rowCount).toBe(2);
  });
  it('passes Arrow through, with casts to the compiler conventions', () => {
    const ipc = tableToIPC(tableFromArrays({ n: Int16Array.from([1, 2]), s: ['a', 'b'] }), 'stream');
    const t = readUserFile('A', 'a.arrow', ipc);
    // re-encoded from the checked table: same schema and values
    expect(tableFromIPC(t.ipc).toArray().map((r) => r.toJSON())).toEqual(tableFromIPC(ipc).toArray().map((r) => r.toJSON()));
    expect(t.table.columns).toEqual([
      { name: 'n', type: 'int' },
      { name: 's', type: 'string' },
    ]);
    expect(t.casts).toEqual({ n: 'INTEGER' });
    expect(castSql(t)).toBe('CREATE OR REPLACE TABLE "A" AS SELECT TRY_CAST("n" AS INTEGER) AS "n", "s" FROM "A"');
  });
  it.each([
    ['bad.csv', 'a,b\n1,2\n3\n', 'bad.csv: line 3 has 1 field, the header has 2', 3],
    ['q.csv', 'a,b\n1,"x\n', 'q.csv: line 2, field 2: quoted field opened at column 3 is never closed', 2],
    ['dup.csv', 'a,A\n1,2\n', 'dup.csv: line 1, field 2: column name "A" repeats "a"', 1],
    ['e.csv', '', 'e.csv: the file is empty', 1],
    ['bad.json', '{"a":1}\n{oops', 'bad.json: line 2, column 2: not valid JSON', 2],
    ['arr.json', '[1,2]', 'arr.json: line 1: element 1 of the array is not a JSON object', 1],
    ['t.json', '[{"a":', 't.json: line 1, column', 1],
    ['none.json', '[]', 'none.json: no records found', 1],
    ['case.json', '{"a":1}\n{"A":2}', 'case.json: line 2: field "A" differs from field "a" (line 1) only in case', 2],
    ['x.arrow', 'not arrow', 'x.arrow: not a readable Arrow IPC file or stream', 1],
    ['x.parquet', 'a', 'x.parquet: unsupported file type', 1],
  ])('rejects %s with a line-precise message', (name, text, msg, line) => {
    let err: unknown;
    try {
      readUserFile('T', name, bytes(text));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UploadError);
    expect((err as UploadError).message).toContain(msg);
    expect((err as UploadError).line).toBe(line);
  });
  it('loads through loadArrow and then applies the casts', async () => {
    const calls: string[] = [];
    const engine = {
      async loadArrow(table: string, ipc: Uint8Array) {
        calls.push(`load ${table} ${tableFromIPC(ipc).numRows}`);
        return tableFromIPC(ipc).numRows;
      },
      async query(sql: string) {
        calls.push(sql);
        return tableFromArrays({});
      },
    };
    expect(await loadUserFile(engine, readUserFile('c', 'c.csv', bytes('a\n1\n2\n')))).toBe(2);
    expect(calls).toEqual(['load c 2']);
    await loadUserFile(engine, readUserFile('A', 'a.arrow', tableToIPC(tableFromArrays({ n: Int16Array.from([1]) }), 'stream')));
    expect(calls.at(-1)).toContain('TRY_CAST("n" AS INTEGER)');
  });
});

/** The byte position of the first run of little-endian int32 values `run` in `ipc`. */
function findInt32Run(ipc: Uint8Array, run: number[]): number {
  const dv = new DataView(ipc.buffer, ipc.byteOffset, ipc.byteLength);
  for (let i = 0; i + 4 * run.length <= ipc.length; i += 4) if (run.every((v, k) => dv.getInt32(i + 4 * k, true) === v)) return i;
  throw new Error(`run ${run} not found`);
}

/** A copy of `ipc` with the int32 at `run`'s position + `index` set to `value`. */
function patched(ipc: Uint8Array, run: number[], index: number, value: number): Uint8Array {
  const out = ipc.slice();
  new DataView(out.buffer).setInt32(findInt32Run(ipc, run) + 4 * index, value, true);
  return out;
}

describe('corrupted Arrow files (issue 15: they must never reach the engine)', () => {
  // plain (not dictionary-encoded) strings: offsets 0,5,9,14,19 into 'alphabetagammadelta'
  const strings = () => tableToIPC(new Table({ s: vectorFromArray(['alpha', 'beta', 'gamma', 'delta'], new Utf8()) }), 'file');
  const lists = () => tableToIPC(tableFromArrays({ l: [[1, 2], [3], [4, 5, 6]] as unknown as Int32Array }), 'stream');
  const dict = () =>
    tableToIPC(
      new Table({
        d: makeVector({
          type: new Dictionary(new Utf8(), new Int32()),
          data: Int32Array.from([0, 1, 0, 1]),
          dictionary: vectorFromArray(['x', 'y'], new Utf8()),
        } as never),
      }),
      'stream',
    );
  it('loads the unpatched files (the patches below are what breaks them)', () => {
    expect(readUserFile('S', 's.arrow', strings()).table.rowCount).toBe(4);
    expect(readUserFile('L', 'l.arrow', lists()).table.rowCount).toBe(3);
    expect(readUserFile('D', 'd.arrow', dict()).table.rowCount).toBe(4);
  });
  it.each([
    ['a string offset past the value data', () => patched(strings(), [0, 5, 9, 14, 19], 2, 0x7fff0000), 'row 2 ends past its value data'],
    ['string offsets out of order', () => patched(strings(), [0, 5, 9, 14, 19], 2, 3), 'row 2 has a negative length'],
    ['a negative first offset', () => patched(strings(), [0, 5, 9, 14, 19], 0, -8), 'row 1 starts before its value data'],
    ['a list offset past its items', () => patched(lists(), [0, 2, 3, 6], 3, 600), 'row 3 ends past its value data'],
    ['a dictionary index outside the dictionary', () => patched(dict(), [0, 1, 0, 1], 2, 99), 'row 3 points outside the dictionary'],
  ])('refuses %s, naming the column and row', (_what, file, msg) => {
    let err: unknown;
    try {
      readUserFile('T', 'bad.arrow', file());
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UploadError);
    expect((err as UploadError).message).toContain('bad.arrow: not a readable Arrow file: record batch 1, column');
    expect((err as UploadError).message).toContain(msg);
  });
});
