import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ConformanceCase, compareResult, judge, loadCases, runConformance } from '../../src/cli/conformance.ts';
import type { QueryOutcome, QueryRunner } from '../../src/cli/runner.ts';

const kase = (expect: ConformanceCase['expect'], extra: Partial<ConformanceCase> = {}): ConformanceCase => ({ id: 'x', kql: '', expect, ...extra });
const result = (columns: [string, string][], rows: unknown[][]) => ({ columns: columns.map(([name, type]) => ({ name, type })), rows }) as any;

describe('compareResult (oracle rules)', () => {
  it('types with alternatives and aliases, rows as a multiset', () => {
    const c = kase(result([['k', 'int|long'], ['v', 'real']], [[1, 1.5], [2, 2]]));
    expect(compareResult(c, result([['k', 'long'], ['v', 'double']], [[2, 2.0000000000001], [1, 1.5]]))).toBeNull();
    expect(compareResult(c, result([['k', 'string'], ['v', 'real']], [[1, 1.5], [2, 2]]))).toMatch(/column type k/);
    expect(compareResult(c, result([['K', 'long'], ['v', 'real']], [[1, 1.5], [2, 2]]))).toMatch(/column names/);
    expect(compareResult(c, result([['k', 'long'], ['v', 'real']], [[1, 1.5]]))).toMatch(/row count/);
  });
  it('longs past 2^53 as strings, NaN, datetimes and timespans to the microsecond, guids', () => {
    const c = kase(result([['a', 'long'], ['b', 'real'], ['c', 'datetime'], ['d', 'timespan'], ['g', 'guid']],
      [['9007199254740993', 'NaN', '2024-01-01T00:00:00.0000000Z', '1.00:00:00', 'ABC']]));
    expect(compareResult(c, result([['a', 'long'], ['b', 'real'], ['c', 'datetime'], ['d', 'timespan'], ['g', 'guid']],
      [['9007199254740993', 'NaN', '2024-01-01T00:00:00Z', '1.00:00:00.0000000', 'abc']]))).toBeNull();
    expect(compareResult(c, result([['a', 'long'], ['b', 'real'], ['c', 'datetime'], ['d', 'timespan'], ['g', 'guid']],
      [['9007199254740992', 'NaN', '2024-01-01T00:00:00Z', '1.00:00:00', 'abc']]))).toMatch(/not found/);
  });
  it('ordered with ties on order keys', () => {
    const exp = result([['k', 'long'], ['v', 'string']], [[1, 'a'], [1, 'b'], [2, 'c']]);
    const c = kase(exp, { ordered: true, order_keys: ['k'] });
    expect(compareResult(c, result([['k', 'long'], ['v', 'string']], [[1, 'b'], [1, 'a'], [2, 'c']]))).toBeNull();
    expect(compareResult(c, result([['k', 'long'], ['v', 'string']], [[2, 'c'], [1, 'a'], [1, 'b']]))).not.toBeNull();
  });
  it('dynamic deep equality, unordered arrays on request', () => {
    const exp = result([['d', 'dynamic']], [[{ a: [1, 2], b: null }]]);
    expect(compareResult(kase(exp), result([['d', 'dynamic']], [[{ b: null, a: [1, 2] }]]))).toBeNull();
    expect(compareResult(kase(exp), result([['d', 'dynamic']], [[{ b: null, a: [2, 1] }]]))).not.toBeNull();
    expect(compareResult(kase(exp, { unordered_arrays: true }), result([['d', 'dynamic']], [[{ b: null, a: [2, 1] }]]))).toBeNull();
  });
  it('judge: expected errors', () => {
    const err: QueryOutcome = { ok: false, error: { code: 'KS142', message: 'x', line: 1, column: 1 } };
    expect(judge({ id: 'e', kql: '', expect_error: true }, err)).toBeNull();
    expect(judge({ id: 'e', kql: '', expect_error: true }, { ok: true, result: result([], []) })).toMatch(/expected a query error/);
    expect(judge(kase(result([], [])), err)).toMatch(/KS142/);
  });
});

describe('runConformance', () => {
  const fake: QueryRunner = {
    async run(kql) {
      if (kql === 'bad') return { ok: false, error: { code: 'HB100', message: 'nope', line: 1, column: 1 } };
      return { ok: true, result: result([['x', 'long']], [[Number(kql)]]) };
    },
    async close() {},
  };
  const io = () => {
    const o = { out: '', err: '' };
    return { o, io: { out: (s: string) => (o.out += s), err: (s: string) => (o.err += s) } };
  };

  it('jsonl cases: summary and --json', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hb-conf-'));
    const file = path.join(dir, 'cases.jsonl');
    const x = { columns: [{ name: 'x', type: 'long' }], rows: [[1]] };
    fs.writeFileSync(file, [
      JSON.stringify({ id: 'a', kql: '1', expect: x, family: 'f' }),
      JSON.stringify({ id: 'b', kql: '2', expect: x, family: 'f' }),
      JSON.stringify({ id: 'c', kql: 'bad', expect_error: true, family: 'g' }),
      JSON.stringify({ id: 'd', kql: '1', expect: x, nondeterministic: true }),
      'garbage',
    ].join('\n'));
    const { o, io: sink } = io();
    const code = await runConformance(file, fake, { io: sink, json: path.join(dir, 'out.json'), verbose: true });
    expect(code).toBe(0);
    expect(o.out).toContain('conformance: 2/3 passed (66.7%)');
    expect(o.out).toContain('FAIL b [f]');
    expect(o.err).toContain('skipping');
    const j = JSON.parse(fs.readFileSync(path.join(dir, 'out.json'), 'utf8'));
    expect(j.summary).toMatchObject({ passed: 2, scored: 3 });
    expect(j.cases.map((c: any) => c.status)).toEqual(['pass', 'fail', 'pass', 'skip']);
  });

  it('directory of .kql files with optional .json expectations', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hb-confdir-'));
    fs.writeFileSync(path.join(dir, 'one.kql'), '1');
    fs.writeFileSync(path.join(dir, 'one.json'), JSON.stringify({ columns: [{ name: 'x', type: 'long' }], rows: [[1]] }));
    fs.writeFileSync(path.join(dir, 'err.kql'), 'bad');
    fs.writeFileSync(path.join(dir, 'err.json'), JSON.stringify({ expect_error: true }));
    fs.writeFileSync(path.join(dir, 'smoke.kql'), '5');
    expect(loadCases(dir).cases.map((c) => c.id)).toEqual(['err', 'one', 'smoke']);
    const { o, io: sink } = io();
    await runConformance(dir, fake, { io: sink });
    expect(o.out).toContain('conformance: 3/3 passed');
  });

  it('reports how many queries that ran returned rows, and the failures by code', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hb-confrows-'));
    fs.writeFileSync(path.join(dir, 'a.kql'), '1');
    fs.writeFileSync(path.join(dir, 'b.kql'), 'empty');
    fs.writeFileSync(path.join(dir, 'c.kql'), 'bad');
    const rows: QueryRunner = {
      async run(kql) {
        if (kql === 'bad') return { ok: false, error: { code: 'HB140', message: 'needs a copy', line: 1, column: 1 } };
        return { ok: true, result: result([['x', 'long']], kql === 'empty' ? [] : [[1]]) };
      },
      async close() {},
    };
    const { o, io: sink } = io();
    await runConformance(dir, rows, { io: sink, json: path.join(dir, 'out.json') });
    expect(o.out).toContain('with rows: 1/2 queries that ran returned at least one row (50.0%)');
    expect(o.out).toContain('failures by code: HB140 1');
    const j = JSON.parse(fs.readFileSync(path.join(dir, 'out.json'), 'utf8'));
    expect(j.summary).toMatchObject({ ran: 2, withRows: 1, failuresByCode: { HB140: 1 } });
  });
});
