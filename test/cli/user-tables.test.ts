/** `--table NAME=PATH`: user CSV / JSON / Arrow files as tables (typing, dynamic detection, errors). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Field, Int16, List, makeVector, Schema, Table, TimestampMillisecond, tableFromIPC, tableToIPC, Uint64, Utf8, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { parseCsv, UserFileError, userTableFromArrow, userTableFromCsv, userTableFromJson } from '../../src/catalog/user-files.ts';
import { parseArgs, UsageError } from '../../src/cli/args.ts';
import { run } from '../../src/cli/main.ts';

const cols = (t: { table: { columns: { name: string; type: string; duckType?: string }[] } }) =>
  Object.fromEntries(t.table.columns.map((c) => [c.name, c.duckType ? `${c.type} ${c.duckType}` : c.type]));

function fail(f: () => unknown): UserFileError {
  try {
    f();
  } catch (e) {
    if (e instanceof UserFileError) return e;
    throw e;
  }
  throw new Error('did not throw');
}

async function hb(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(argv, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hb-user-'));
const file = (name: string, content: string | Uint8Array) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
};

describe('user files: typing', () => {
  it('CSV: quoted fields, inferred bool/long/real/datetime/string, empty cells', () => {
    const t = userTableFromCsv('T', 't.csv', 'Name,Count,Score,Ok,When,Note\r\n"bob, ""jr""",3,1.5,true,2024-05-14T10:00:00Z,\nann,,2,FALSE,2024-05-14 11:00:00.123456,x\n');
    expect(cols(t)).toEqual({ Name: 'string', Count: 'long', Score: 'real', Ok: 'bool', When: 'datetime', Note: 'string' });
    expect(t.table).toMatchObject({ kind: 'user', rowCount: 2 });
  });

  it('JSON lines: objects and arrays become dynamic with a unified DuckDB shape; mixed shapes stay JSON text', () => {
    const t = userTableFromJson(
      'T',
      't.jsonl',
      ['{"h":"a","tags":["x"],"info":{"os":"win","build":1},"n":1,"mixed":{"a":1}}', '', '{"h":"b","tags":[],"info":{"os":"linux","extra":true},"n":2.5,"mixed":[1]}'].join('\n'),
    );
    expect(cols(t)).toEqual({
      h: 'string',
      tags: 'dynamic VARCHAR[]',
      info: 'dynamic STRUCT("os" VARCHAR, "build" BIGINT, "extra" BOOLEAN)',
      n: 'real',
      mixed: 'string',
    });
  });

  it('an empty array takes the element type of the other rows', () => {
    const t = userTableFromJson('T', 't.jsonl', '{"t":[1,2]}\n{"t":[]}\n{"t":null}');
    expect(cols(t)).toEqual({ t: 'dynamic BIGINT[]' });
  });

  it('JSON objects with free-form keys (more than 200 across rows) stay JSON text', () => {
    const lines = Array.from({ length: 300 }, (_, i) => JSON.stringify({ bag: { [`k${i}`]: i } }));
    expect(cols(userTableFromJson('T', 't.jsonl', lines.join('\n')))).toEqual({ bag: 'string' });
  });

  it('JSON arrays of objects are read too', () => {
    const t = userTableFromJson('T', 't.json', '[\n {"a": 1, "when": "2024-05-14T10:00:00Z"},\n {"a": 2}\n]');
    expect(cols(t)).toEqual({ a: 'long', when: 'datetime' });
    expect(t.table.rowCount).toBe(2);
  });

  it('Arrow files keep their types; storage the compiler does not use is cast', () => {
    const ts = makeVector({ type: new TimestampMillisecond(), data: new BigInt64Array([1715680800000n]) } as never);
    const table = new Table({ s: vectorFromArray(['a'], new Utf8()), small: vectorFromArray([7], new Int16()), t: ts, l: vectorFromArray([['x', 'y']], new List(new Field('item', new Utf8(), true))) });
    const u = userTableFromArrow('T', 't.arrow', tableToIPC(table, 'file'));
    expect(cols(u)).toEqual({ s: 'string', small: 'int', t: 'datetime', l: 'dynamic VARCHAR[]' });
    expect(u.casts).toMatchObject({ small: 'INTEGER', t: 'TIMESTAMP' });
    expect(new Schema([new Field('x', new Utf8())]).fields.length).toBe(1);
  });
});

describe('user files: errors name the line and field', () => {
  it('CSV', () => {
    expect(fail(() => parseCsv('A,B\n1,2\n3\n'))).toMatchObject({ line: 3, message: 'line 3 has 1 field, the header has 2' });
    expect(fail(() => parseCsv('A,B\n1,"open\n'))).toMatchObject({ line: 2, column: 3, message: expect.stringMatching(/line 2, field 2: quoted field .* never closed/) });
    expect(fail(() => parseCsv('A,B\n1,"x"y\n'))).toMatchObject({ line: 2, message: expect.stringMatching(/field 2: unexpected "y" after a closing quote/) });
    expect(fail(() => parseCsv('A,a\n1,2\n'))).toMatchObject({ line: 1, message: expect.stringMatching(/field 2: column name "a" repeats "A"/) });
    expect(fail(() => parseCsv(''))).toMatchObject({ message: expect.stringMatching(/empty/) });
  });

  it('JSON', () => {
    expect(fail(() => userTableFromJson('T', 't.jsonl', '{"a":1}\n{"a":2,}\n'))).toMatchObject({ line: 2, column: 8 });
    expect(fail(() => userTableFromJson('T', 't.jsonl', '{"a":1}\n[1]\n'))).toMatchObject({ line: 2, message: 'line 2: the value is not a JSON object' });
    expect(fail(() => userTableFromJson('T', 't.json', '[\n{"a":1},\n 5\n]'))).toMatchObject({ line: 3, message: expect.stringMatching(/element 2 of the array is not a JSON object/) });
    expect(fail(() => userTableFromJson('T', 't.json', '[{"a":1},\n {"a":}]'))).toMatchObject({ line: 2, column: 2, message: "line 2, column 2: not valid JSON (unexpected token '}')" });
    expect(fail(() => userTableFromJson('T', 't.jsonl', '{"a":1}\n{"A":2}\n'))).toMatchObject({ line: 2, message: expect.stringMatching(/"A" differs from field "a"/) });
  });

  it('Arrow', () => {
    expect(fail(() => userTableFromArrow('T', 't.arrow', new Uint8Array([1, 2, 3])))).toMatchObject({ message: expect.stringMatching(/Arrow/) });
  });
});

describe('--table on the command line', () => {
  it('parses a repeatable NAME=PATH and refuses bad ones (usage errors)', () => {
    expect(parseArgs(['query', '--table', 'A=a.csv', '--table=B=b.jsonl', 'A']).tables).toEqual([
      { name: 'A', path: 'a.csv' },
      { name: 'B', path: 'b.jsonl' },
    ]);
    expect(() => parseArgs(['query', '--table', 'a.csv', 'A'])).toThrow(UsageError);
    expect(() => parseArgs(['query', '--table', '1x=a.csv', 'A'])).toThrow(UsageError);
    expect(() => parseArgs(['query', '--table', 'A=a.txt', 'A'])).toThrow(/unsupported file type/);
    expect(() => parseArgs(['query', '--table', 'A=a.csv', '--table', 'a=b.csv', 'A'])).toThrow(/given twice/);
    expect(() => parseArgs(['generate', '--dataset', 'lab', '--out', 'x', '--table', 'A=a.csv'])).toThrow(UsageError);
  });

  it('query: user tables alone (--no-dataset), joined, with dynamic columns', async () => {
    const a = file('hosts.csv', 'Host,Owner,Seen\nh1,alice,2024-05-14T10:00:00Z\nh2,bob,2024-05-14T11:00:00Z\n');
    const b = file('inv.jsonl', '{"Host":"h1","Tags":["x","y"],"Info":{"os":"win","build":19045}}\n{"Host":"h2","Tags":[],"Info":{"os":"linux"}}\n');
    const r = await hb(['query', '--no-dataset', '--table', `Hosts=${a}`, '--table', `Inv=${b}`, 'Hosts | join kind=inner Inv on Host | project Owner, Seen, Tag=tostring(Tags[1]), Os=tostring(Info.os), Build=Info.build | order by Owner asc']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const res = JSON.parse(r.out);
    expect(res.columns.map((c: { type: string }) => c.type)).toEqual(['string', 'datetime', 'string', 'string', 'dynamic']);
    expect(res.rows).toEqual([
      ['alice', '2024-05-14T10:00:00Z', 'y', 'win', 19045],
      ['bob', '2024-05-14T11:00:00Z', '', 'linux', null],
    ]);
  }, 60_000);

  it('query and compile: a user table on top of the lab dataset', async () => {
    const a = file('watch.csv', 'DeviceName,Reason\nws-fin-0142.corp.contoso.example,patient zero\n');
    const c = await hb(['compile', '--table', `Watch=${a}`, 'DeviceInfo | join kind=inner Watch on DeviceName | take 1']);
    expect(c.code).toBe(0);
    expect(c.out).toContain('"Watch"');
    const q = await hb(['query', '--table', `Watch=${a}`, 'Watch | join kind=leftouter (DeviceInfo | summarize n=count() by DeviceName) on DeviceName | project Reason, Known=isnotnull(n)']);
    expect(q.code).toBe(0);
    expect(JSON.parse(q.out).rows.length).toBe(1);
  }, 60_000);

  it('query: an Arrow file, with storage cast to the compiler conventions', async () => {
    const ts = makeVector({ type: new TimestampMillisecond(), data: new BigInt64Array([1715680800000n, 1715684400000n]) } as never);
    const table = new Table({ Host: vectorFromArray(['h1', 'h2'], new Utf8()), Small: vectorFromArray([7, 8], new Int16()), Seen: ts });
    const p = file('t.arrow', tableToIPC(table, 'file'));
    const r = await hb(['query', '--no-dataset', '--table', `T=${p}`, 'T | where Seen > datetime(2024-05-14T10:30:00Z) | extend Next = Small + 1']);
    expect(r.err).toBe('');
    const res = JSON.parse(r.out);
    expect(res.columns).toEqual([
      { name: 'Host', type: 'string' },
      { name: 'Small', type: 'int' },
      { name: 'Seen', type: 'datetime' },
      { name: 'Next', type: 'long' },
    ]);
    expect(res.rows).toEqual([['h2', 8, '2024-05-14T11:00:00Z', 9]]);
  }, 60_000);

  it('a bad file exits 1 with HB901 at the line and column, before any query runs', async () => {
    const bad = file('bad.jsonl', '{"a":1}\n{"a":2,}\n');
    for (const cmd of ['query', 'compile']) {
      const r = await hb([cmd, '--no-dataset', '--table', `Bad=${bad}`, 'Bad']);
      expect(r.code).toBe(1);
      expect(r.out).toBe('');
      expect(r.err).toMatch(new RegExp(`^error HB901 at 2:8: ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: line 2, column 8: not valid JSON`));
    }
    const ragged = file('bad.csv', 'A,B\n1,2\n3\n');
    expect((await hb(['compile', '--no-dataset', '--table', `R=${ragged}`, 'R'])).err).toMatch(/^error HB901 at 3:1: .*bad\.csv: line 3 has 1 field, the header has 2\n$/);
    const missing = await hb(['compile', '--no-dataset', '--table', `M=${path.join(dir, 'nope.csv')}`, 'M']);
    expect(missing).toMatchObject({ code: 1, err: expect.stringMatching(/^error HB901 at 1:1: .*nope\.csv: cannot read the file \(ENOENT\)/) });
  }, 60_000);

  it('a name the dataset already has is a usage error', async () => {
    const a = file('di.csv', 'X\n1\n');
    const r = await hb(['compile', '--table', `deviceinfo=${a}`, 'deviceinfo']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('the dataset already has a table DeviceInfo');
  });
});

describe('user files: inference never changes a value (issue 15)', () => {
  const values = (t: { ipc: Uint8Array }, col: string) => tableFromIPC(t.ipc).getChild(col)!.toArray();

  it('CSV: integers beyond 2^53 stay exact longs; beyond the long range and leading zeros stay text', () => {
    const t = userTableFromCsv('T', 't.csv', 'Big,Huge,Zip,Mixed,Zero\n9007199254740993,18446744073709551615,007,1.5,0\n-9223372036854775808,1,10001,9007199254740993,12\n');
    expect(cols(t)).toEqual({ Big: 'long', Huge: 'string', Zip: 'string', Mixed: 'string', Zero: 'long' });
    expect([...values(t, 'Big')]).toEqual([9007199254740993n, -9223372036854775808n]);
    expect([...values(t, 'Huge')]).toEqual(['18446744073709551615', '1']);
    expect([...values(t, 'Zip')]).toEqual(['007', '10001']);
    expect([...values(t, 'Mixed')]).toEqual(['1.5', '9007199254740993']);
  });

  it('JSON: integers beyond 2^53 are read exactly, at the top level and inside objects', () => {
    const t = userTableFromJson('T', 't.jsonl', '{"id":9007199254740993,"s":"9007199254740993","o":{"n":12345678901234567}}\n{"id":1,"s":"x","o":{"n":2}}\n');
    expect(cols(t)).toMatchObject({ id: 'long', s: 'string', o: 'dynamic STRUCT("n" BIGINT)' });
    expect([...values(t, 'id')]).toEqual([9007199254740993n, 1n]);
    expect(values(t, 'o')[0].n).toBe(12345678901234567n);
    const huge = userTableFromJson('T', 't.jsonl', '{"u":18446744073709551615}\n{"u":1}\n');
    expect(cols(huge)).toEqual({ u: 'string' });
    expect([...values(huge, 'u')]).toEqual(['18446744073709551615', '1']);
  });

  it('an impossible date is an error at its line and field, not a rolled-over date', () => {
    expect(fail(() => userTableFromCsv('T', 't.csv', 'Name,When\na,2024-02-29\nb,2024-02-30\n'))).toMatchObject({
      line: 3,
      message: expect.stringMatching(/^line 3, field 2 \(When\): "2024-02-30" is not a valid date\/time/),
    });
    expect(fail(() => userTableFromJson('T', 't.jsonl', '{"t":"2024-01-01T10:00:00Z"}\n{"t":"2024-01-01T25:00:00Z"}\n'))).toMatchObject({ line: 2 });
    expect(cols(userTableFromCsv('T', 't.csv', 'When\n2024-02-29\n'))).toEqual({ When: 'datetime' });
  });

  it('Arrow: an unsigned 64-bit column above 2^63-1 keeps its digits as text', () => {
    const u = userTableFromArrow('T', 't.arrow', tableToIPC(new Table({ u: vectorFromArray([18446744073709551615n, 1n], new Uint64()) }), 'file'));
    expect(cols(u)).toEqual({ u: 'string' });
    expect(u.casts).toEqual({ u: 'VARCHAR' });
  });
});
