/**
 * The runner's plumbing (compile → engine → Kusto values, and every failure path) with a fake
 * compiler, so that it is covered whatever state src/kql is in.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('../../src/kql/index.ts', () => ({
  compile: (kql: string, opts: { probeValues?: Record<string, (string | null)[]> }) => {
    if (kql === 'throw') throw new Error('boom');
    // a query that needs a first pass (evaluate pivot): the answer comes back in probeValues
    if (kql === 'probe') {
      const got = opts.probeValues?.k;
      if (!got) return { ok: false, diagnostics: [{ code: 'HB133', severity: 'error', message: 'needs values', start: 0, end: 5, line: 1, column: 1 }], probe: { key: 'k', sql: "SELECT unnest(['b', NULL, 'a']) AS v", label: 'values' } };
      return { ok: true, diagnostics: [], columns: [{ name: 'got', type: 'string', shape: { k: 'scalar', t: 'string' } }], sql: `SELECT '${JSON.stringify(got)}' AS c0` };
    }
    if (kql === 'bad') {
      return { ok: false, diagnostics: [
        { code: 'KS999', severity: 'warning', message: 'just a warning', start: 0, end: 1, line: 1, column: 1 },
        { code: 'KS142', severity: 'error', message: 'unknown column', start: 10, end: 12, line: 2, column: 5 },
      ] };
    }
    const cols = [
      { name: 'When', type: 'datetime', shape: { k: 'scalar', t: 'datetime' } },
      { name: 'Span', type: 'timespan', shape: { k: 'scalar', t: 'timespan' } },
      { name: 'Tags', type: 'dynamic', shape: { k: 'list', of: { k: 'scalar', t: 'string' } } },
    ];
    if (kql === 'good') return { ok: true, diagnostics: [], columns: cols, sql: "SELECT TIMESTAMP '2024-05-20 00:00:00' AS c0, 5400000000::BIGINT AS c1, ['a','b'] AS c2" };
    if (kql === 'sqlerror') return { ok: true, diagnostics: [], columns: cols, sql: 'SELECT nope FROM nowhere' };
    if (kql === 'mismatch') return { ok: true, diagnostics: [], columns: cols, sql: 'SELECT 1 AS c0' };
    if (kql === 'big') return { ok: true, diagnostics: [], columns: [{ name: 'x', type: 'long', shape: { k: 'scalar', t: 'long' } }], sql: 'SELECT range AS c0 FROM range(20)' };
    return { ok: true, diagnostics: [] };
  },
}));

const { createLocalRunner } = await import('../../src/cli/runner.ts');
let runner: Awaited<ReturnType<typeof createLocalRunner>>;
beforeAll(async () => {
  runner = await createLocalRunner({ dataset: { kind: 'none' }, maxRows: 10 });
});
afterAll(async () => {
  await runner.close();
});

describe('runner with a fake compiler', () => {
  it('success: compiler names and Kusto values', async () => {
    expect(await runner.run('good')).toEqual({
      ok: true,
      result: {
        columns: [{ name: 'When', type: 'datetime' }, { name: 'Span', type: 'timespan' }, { name: 'Tags', type: 'dynamic' }],
        rows: [['2024-05-20T00:00:00Z', '01:30:00', ['a', 'b']]],
      },
    });
  });
  it('compile errors report the first error diagnostic with its position', async () => {
    expect(await runner.run('bad')).toEqual({ ok: false, error: { code: 'KS142', message: 'unknown column', line: 2, column: 5 } });
  });
  it('engine errors are HB900 at 1:1, one line, and the engine keeps working', async () => {
    const o = await runner.run('sqlerror');
    expect(o).toMatchObject({ ok: false, error: { code: 'HB900', line: 1, column: 1 } });
    if (!o.ok) expect(o.error.message).not.toContain('\n');
    expect((await runner.run('good')).ok).toBe(true);
  });
  it('an engine fault (an error that is neither a DuckDB error nor ours) is marked so the host replaces the engine; an SQL error is not', async () => {
    const sqlError = await runner.run('sqlerror');
    expect(sqlError).toMatchObject({ ok: false, engineFailed: true });
    expect(sqlError).not.toHaveProperty('engineFault');
    const query = runner.engine.query.bind(runner.engine);
    runner.engine.query = () => Promise.reject(new Error('ArrowArrayStruct contains null data pointer for a buffer with non-zero computed size'));
    try {
      expect(await runner.run('good')).toMatchObject({ ok: false, engineFailed: true, engineFault: true, error: { code: 'HB900' } });
    } finally {
      runner.engine.query = query;
    }
    expect((await runner.run('good')).ok).toBe(true);
  });
  it('a crashing compiler, a bad announcement and a too-large result are outcomes, not throws', async () => {
    expect(await runner.run('throw')).toMatchObject({ ok: false, error: { code: 'HB999', message: expect.stringContaining('boom') } });
    expect(await runner.run('mismatch')).toMatchObject({ ok: false, error: { code: 'HB999' } });
    expect(await runner.run('other')).toMatchObject({ ok: false, error: { code: 'HB999' } });
    expect(await runner.run('big')).toMatchObject({ ok: false, error: { code: 'HB903' } });
  });
  it('a compile that asks for a first pass gets the probe answer (first column as text) in the next compile', async () => {
    expect(await runner.run('probe')).toEqual({ ok: true, result: { columns: [{ name: 'got', type: 'string' }], rows: [['["b",null,"a"]']] } });
  });
});
