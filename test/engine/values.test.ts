import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import { formatDatetime, formatLong, formatReal, formatTimespan, tableToKusto, toCsv, toTable } from '../../src/engine/values.ts';
import type { OutputColumn, SqlShape } from '../../src/kql/api.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => {
  await engine.close();
});

const sc = (name: string, t: Exclude<OutputColumn['type'], 'dynamic'>): OutputColumn => ({ name, type: t, shape: { k: 'scalar', t } });
const dyn = (name: string, shape: SqlShape): OutputColumn => ({ name, type: 'dynamic', shape });

async function run(sql: string, cols: OutputColumn[]) {
  return tableToKusto(await engine.query(sql), cols);
}

/** Hand-written SQL whose DuckDB types are not the compiler's (DECIMAL, HUGEINT, INTERVAL, DATE):
 * exercises the readers' fallbacks, so the result-type check is off. */
async function raw(sql: string, cols: OutputColumn[]) {
  return tableToKusto(await engine.query(sql), cols, { checkTypes: false });
}

describe('scalar formatters', () => {
  it('datetime', () => {
    expect(formatDatetime(1704067200000000n)).toBe('2024-01-01T00:00:00Z');
    expect(formatDatetime(1704103200500000n)).toBe('2024-01-01T10:00:00.5Z');
    expect(formatDatetime(1704067200000001n)).toBe('2024-01-01T00:00:00.000001Z');
    expect(formatDatetime(-1n)).toBe('1969-12-31T23:59:59.999999Z');
    expect(formatDatetime(-62135596800000000n)).toBe('0001-01-01T00:00:00Z');
  });
  it('timespan', () => {
    const us = (d: number, h: number, m: number, s: number, f = 0) => BigInt((((d * 24 + h) * 60 + m) * 60 + s) * 1e6 + f);
    expect(formatTimespan(us(1, 2, 3, 4))).toBe('1.02:03:04');
    expect(formatTimespan(us(0, 1, 0, 0))).toBe('01:00:00');
    expect(formatTimespan(0n)).toBe('00:00:00');
    expect(formatTimespan(500000n)).toBe('00:00:00.5000000');
    expect(formatTimespan(-1500000n)).toBe('-00:00:01.5000000');
    expect(formatTimespan(1n)).toBe('00:00:00.0000010');
    expect(formatTimespan(us(400, 23, 59, 59))).toBe('400.23:59:59');
  });
  it('long and real', () => {
    expect(formatLong(42n)).toBe(42);
    expect(formatLong(9007199254740991n)).toBe(9007199254740991);
    expect(formatLong(9007199254740993n)).toBe('9007199254740993');
    expect(formatLong(-9223372036854775808n)).toBe('-9223372036854775808');
    expect(formatReal(NaN)).toBe('NaN');
    expect(formatReal(-Infinity)).toBe('-Infinity');
    expect(formatReal(1.5)).toBe(1.5);
  });
});

describe('tableToKusto on DuckDB results', () => {
  it('scalars by position with compiler names', async () => {
    const r = await raw(
      `SELECT TIMESTAMP '2024-01-01 10:00:00.5' AS c0, TIMESTAMP '2024-01-01 00:00:00' AS c1, 3600000000::BIGINT AS c2,
              (-1500000)::BIGINT AS c3, 9007199254740993::BIGINT AS c4, 7::INTEGER AS c5, 2.5::DOUBLE AS c6, 'nan'::DOUBLE AS c7,
              'inf'::DOUBLE AS c8, true AS c9, 'ABCDEF00-0000-0000-0000-000000000001' AS c10, 12.50::DECIMAL(10,2) AS c11,
              sum(3::BIGINT) AS c12`,
      [
        sc('t', 'datetime'), sc('t0', 'datetime'), sc('span', 'timespan'), sc('neg', 'timespan'), sc('big', 'long'),
        sc('i', 'int'), sc('r', 'real'), sc('n', 'real'), sc('inf', 'real'), sc('b', 'bool'), sc('g', 'guid'),
        sc('d', 'decimal'), sc('s', 'long'),
      ],
    );
    expect(r.columns.map((c) => c.name)).toEqual(['t', 't0', 'span', 'neg', 'big', 'i', 'r', 'n', 'inf', 'b', 'g', 'd', 's']);
    expect(r.columns[2].type).toBe('timespan');
    expect(r.rows).toEqual([
      ['2024-01-01T10:00:00.5Z', '2024-01-01T00:00:00Z', '01:00:00', '-00:00:01.5000000', '9007199254740993', 7, 2.5, 'NaN', 'Infinity', true,
        'abcdef00-0000-0000-0000-000000000001', 12.5, 3],
    ]);
  });

  it('microsecond timestamps keep every digit', async () => {
    const r = await run(`SELECT TIMESTAMP '2024-05-20 01:02:03.123456' AS c0`, [sc('t', 'datetime')]);
    expect(r.rows[0][0]).toBe('2024-05-20T01:02:03.123456Z');
  });

  it('nulls: strings become empty, other types stay null', async () => {
    const r = await run(
      'SELECT NULL::VARCHAR AS a, NULL::BIGINT AS b, NULL::TIMESTAMP AS c, NULL::DOUBLE AS d, NULL::BOOLEAN AS e, NULL::BIGINT AS f, NULL AS g',
      [sc('a', 'string'), sc('b', 'long'), sc('c', 'datetime'), sc('d', 'real'), sc('e', 'bool'), sc('f', 'timespan'), dyn('g', { k: 'null' })],
    );
    expect(r.rows).toEqual([['', null, null, null, null, null, null]]);
  });

  it('many rows, several chunks, with nulls interleaved', async () => {
    const r = await run('SELECT CASE WHEN i % 3 = 0 THEN NULL ELSE i END AS c0, i % 2 = 0 AS c1 FROM range(5000) t(i)', [sc('x', 'long'), sc('e', 'bool')]);
    expect(r.rows.length).toBe(5000);
    expect(r.rows[0]).toEqual([null, true]);
    expect(r.rows[4999]).toEqual([4999, false]);
    expect(r.rows[3333]).toEqual([null, false]);
    expect(r.rows[4001]).toEqual([4001, false]);
  });

  it('dynamic: lists, structs, maps, json text, nested datetimes', async () => {
    const r = await run(
      `SELECT [1, 2, NULL]::BIGINT[] AS c0, {'a': 1, 'b': [TIMESTAMP '2024-01-01 00:00:01']} AS c1, MAP {'k': 'v', 'z': NULL} AS c2,
              '{"x":[1,{"y":"z"}],"n":null}' AS c3, '' AS c9, {'p': 1, 'q': NULL::BIGINT} AS c10, []::VARCHAR[] AS c4, NULL::BIGINT[] AS c5, 'not json' AS c6,
              [[1.5, 'nan'::DOUBLE]] AS c7, [NULL::VARCHAR, 'a'] AS c8`,
      [
        dyn('l', { k: 'list', of: { k: 'scalar', t: 'long' } }),
        dyn('s', { k: 'struct', fields: [{ name: 'a', shape: { k: 'scalar', t: 'long' } }, { name: 'b', shape: { k: 'list', of: { k: 'scalar', t: 'datetime' } } }] }),
        dyn('m', { k: 'map', value: { k: 'scalar', t: 'string' } }),
        dyn('j', { k: 'json' }),
        dyn('empty', { k: 'json' }),
        dyn('bag', { k: 'struct', fields: [{ name: 'p', shape: { k: 'scalar', t: 'long' } }, { name: 'q', shape: { k: 'scalar', t: 'long' } }] }),
        dyn('e', { k: 'list', of: { k: 'scalar', t: 'string' } }),
        dyn('nl', { k: 'list', of: { k: 'scalar', t: 'long' } }),
        dyn('bad', { k: 'json' }),
        dyn('ll', { k: 'list', of: { k: 'list', of: { k: 'scalar', t: 'real' } } }),
        dyn('ls', { k: 'list', of: { k: 'scalar', t: 'string' } }),
      ],
    );
    expect(r.rows[0]).toEqual([
      [1, 2, null],
      { a: 1, b: ['2024-01-01T00:00:01.0000000Z'] },
      { k: 'v', z: null },
      { x: [1, { y: 'z' }], n: null },
      null,
      { p: 1 },
      [],
      null,
      'not json',
      [[1.5, 'NaN']],
      [null, 'a'],
    ]);
  });

  it('dynamic scalar shapes and generic fallback', async () => {
    const r = await raw(
      `SELECT TIMESTAMP '2024-01-01 00:00:00' AS c0, 5::BIGINT AS c1, {'t': TIMESTAMP '2024-01-01 00:00:00.25', 'x': [true]} AS c2`,
      [dyn('d', { k: 'scalar', t: 'datetime' }), dyn('n', { k: 'scalar', t: 'long' }), dyn('g', { k: 'json' })],
    );
    // A datetime held in a dynamic value prints as Kusto serialises dynamic datetimes: 7 digits.
    expect(r.rows[0]).toEqual(['2024-01-01T00:00:00.0000000Z', 5, { t: '2024-01-01T00:00:00.2500000Z', x: [true] }]);
  });

  it('interval and date fallbacks', async () => {
    const r = await raw(`SELECT INTERVAL 90 MINUTE AS c0, DATE '2024-01-02' AS c1, INTERVAL 2 DAY AS c2`, [
      sc('iv', 'timespan'), sc('d', 'datetime'), sc('iv2', 'timespan'),
    ]);
    expect(r.rows[0]).toEqual(['01:30:00', '2024-01-02T00:00:00Z', '2.00:00:00']);
  });

  it('a DuckDB type that does not carry the Kusto type is HB098, never a silent conversion', async () => {
    await expect(run('SELECT 1::INTEGER AS c0', [sc('x', 'long')])).rejects.toMatchObject({ code: 'HB098' });
    await expect(run("SELECT DATE '2024-01-02' AS c0", [sc('d', 'datetime')])).rejects.toThrow(/Kusto datetime/);
    await expect(run('SELECT 1.5::DECIMAL(4,1) AS c0', [sc('r', 'real')])).rejects.toThrow(/DOUBLE/);
    await expect(run("SELECT 'x' AS c0", [dyn('l', { k: 'list', of: { k: 'scalar', t: 'string' } })])).rejects.toThrow(/LIST/);
    // Inside a dynamic value any integer width is a number.
    const r = await run('SELECT 1::INTEGER AS c0', [dyn('n', { k: 'scalar', t: 'long' })]);
    expect(r.rows).toEqual([[1]]);
  });

  it('column count mismatch throws', async () => {
    await expect(run('SELECT 1 AS a, 2 AS b', [sc('a', 'long')])).rejects.toThrow(/columns/);
  });

  it('empty result keeps the columns', async () => {
    const r = await run('SELECT 1::BIGINT AS c0 WHERE false', [sc('x', 'long')]);
    expect(r).toEqual({ columns: [{ name: 'x', type: 'long' }], rows: [] });
  });
});

describe('writers', () => {
  const result = {
    columns: [{ name: 'name', type: 'string' as const }, { name: 'n', type: 'long' as const }, { name: 'd', type: 'dynamic' as const }],
    rows: [
      ['a,b', 1, { k: [1] }],
      ['say "hi"', null, null],
      ['line\nbreak', 10, 'x'],
    ],
  };
  it('csv', () => {
    expect(toCsv(result)).toBe('name,n,d\r\n"a,b",1,"{""k"":[1]}"\r\n"say ""hi""",,\r\n"line\nbreak",10,x\r\n');
  });
  it('table', () => {
    const t = toTable(result);
    expect(t.split('\n')[0]).toBe('name        |  n | d');
    expect(t).toContain('line\\nbreak');
    expect(t.trimEnd().endsWith('(3 rows)')).toBe(true);
  });
});

describe('nulls inside dynamic columns', () => {
  it('a null in a dynamic column stays null, a null string column becomes ""', async () => {
    const engine = await createNodeEngine();
    try {
      const t = await engine.query(`SELECT CAST(NULL AS VARCHAR) AS c0, CAST(NULL AS VARCHAR) AS c1`);
      const r = tableToKusto(t, [
        { name: 's', type: 'string', shape: { k: 'scalar', t: 'string' } },
        { name: 'd', type: 'dynamic', shape: { k: 'scalar', t: 'string' } },
      ]);
      expect(r.rows[0]).toEqual(['', null]);
    } finally {
      await engine.close();
    }
  });
});
