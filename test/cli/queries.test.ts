/**
 * End-to-end KQL → JSON/CSV/table through one shared in-process runner (no dataset). These need
 * the compiler: they are skipped while src/kql is the placeholder.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatResult } from '../../src/cli/main.ts';
import { createLocalRunner, type QueryOutcome, type QueryRunner } from '../../src/cli/runner.ts';
import { compilerIsStub } from './helpers.ts';

let runner: QueryRunner;
beforeAll(async () => {
  runner = await createLocalRunner({ dataset: { kind: 'none' }, now: '2024-05-20T00:00:00Z' });
});
afterAll(async () => {
  await runner?.close();
});

const ok = (o: QueryOutcome) => {
  if (!o.ok) throw new Error(`${o.error.code} at ${o.error.line}:${o.error.column}: ${o.error.message}`);
  return o.result;
};

describe('query errors (any compiler)', () => {
  it('a bad query is an error outcome with a code and a position, never a throw', async () => {
    for (const kql of ['print 1 +', '| | |', '', 'print "\u0000"', 'x'.repeat(100_000), 'datatable(a:long)[1, 2']) {
      const o = await runner.run(kql);
      if (!o.ok) {
        expect(o.error.code).toMatch(/^(KS|HB)\d+/);
        expect(o.error.line).toBeGreaterThanOrEqual(1);
        expect(o.error.column).toBeGreaterThanOrEqual(1);
      }
    }
  });
});

describe.skipIf(compilerIsStub)('queries without a dataset', () => {
  it('print: names, types and values', async () => {
    const r = ok(await runner.run('print a = 1, b = "x", c = 2.5, d = datetime(2024-01-01 10:00:00.5), e = 1h, f = true'));
    expect(r.columns).toEqual([
      { name: 'a', type: 'long' },
      { name: 'b', type: 'string' },
      { name: 'c', type: 'real' },
      { name: 'd', type: 'datetime' },
      { name: 'e', type: 'timespan' },
      { name: 'f', type: 'bool' },
    ]);
    expect(r.rows).toEqual([[1, 'x', 2.5, '2024-01-01T10:00:00.5Z', '01:00:00', true]]);
  });

  it('now() is pinned', async () => {
    expect(ok(await runner.run('print t = now()')).rows).toEqual([['2024-05-20T00:00:00Z']]);
  });

  it('datatable → json, csv and table', async () => {
    const r = ok(await runner.run('datatable(name:string, n:long)["a,b", 1, "c", 2] | order by n asc'));
    expect(formatResult(r, 'json')).toBe('{"columns":[{"name":"name","type":"string"},{"name":"n","type":"long"}],"rows":[["a,b",1],["c",2]]}\n');
    expect(formatResult(r, 'csv')).toBe('name,n\r\n"a,b",1\r\nc,2\r\n');
    expect(formatResult(r, 'table')).toContain('(2 rows)');
  });

  it('dynamic values come out as JSON', async () => {
    const r = ok(await runner.run('print d = dynamic({"a": [1, 2]})'));
    expect(r.columns[0].type).toBe('dynamic');
    expect(r.rows[0][0]).toEqual({ a: [1, 2] });
  });
});

describe.skipIf(compilerIsStub)('Kusto edge values (issue 15)', () => {
  it('base64_decode_tostring decodes UTF-8 and answers invalid UTF-8 with an empty string', async () => {
    // Kusto's documented example: bytes that are not UTF-8 give null (an empty string)
    const r = ok(await runner.run("print a = base64_decode_tostring('U3RyaW5n0KHR0tGA0L7Rh9C60LA='), b = base64_decode_tostring('w6k='), c = base64_decode_tostring('S3VzdG8=')"));
    expect(r.rows).toEqual([['', 'é', 'Kusto']]);
  });

  it('datetime arithmetic past 9999-12-31 is null, as in Kusto', async () => {
    const r = ok(await runner.run('print a = datetime(9999-12-31) + 1d, b = datetime(9999-12-31), c = datetime(2024-01-01) + 3000000d'));
    expect(r.rows).toEqual([[null, '9999-12-31T00:00:00Z', null]]);
  });
});
