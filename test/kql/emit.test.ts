/**
 * Shapes of the emitted SQL that matter for resources, checked on DuckDB-WASM itself: a final
 * `order by` under the CLI's/workbench's row limit must be a top-N, not a window over every row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limitRows } from '../../src/cli/runner.ts';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import { compile } from '../../src/kql/index.ts';
import { runKql } from './helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(() => engine.close());

const sqlOf = (kql: string) => {
  const r = compile(kql, { catalog: null, now: '2024-01-01T00:00:00Z' });
  if (!r.sql) throw new Error(JSON.stringify(r.diagnostics));
  return r.sql;
};

async function plan(sql: string): Promise<string> {
  const t = await engine.query(`EXPLAIN ${sql}`);
  return t.toArray().map((r) => String(r.explain_value)).join('\n');
}

describe('a final sort', () => {
  it('is a plain ORDER BY, which the row limit turns into a top-N', async () => {
    const sql = sqlOf('range x from 1 to 100000000 step 1 | order by x desc');
    expect(sql).not.toMatch(/row_number\(\) OVER \(ORDER BY/);
    const p = await plan(limitRows(sql, 1000));
    expect(p).toContain('TOP_N');
    // range's own numbering is a streaming window; a sorting (blocking) window must not appear
    expect(p).not.toMatch(/│\s*WINDOW\s*│/);
  });

  it('keeps Kusto order: keys, then the input order among ties', async () => {
    const rows = await runKql(engine, 'datatable(k:long, s:string)[2,"a", 1,"b", 2,"c", 1,"d", 2,"e"] | order by k desc');
    expect(rows).toEqual([[2, 'a'], [2, 'c'], [2, 'e'], [1, 'b'], [1, 'd']]);
  });

  it('inside the pipeline still numbers rows, so a later operator keeps the order', async () => {
    const sql = sqlOf('range x from 1 to 5 step 1 | order by x desc | extend y = x * 2');
    expect(sql).toMatch(/row_number\(\) OVER \(ORDER BY/);
    const rows = await runKql(engine, 'range x from 1 to 5 step 1 | order by x desc | extend y = x * 2');
    expect(rows.map((row) => row[0])).toEqual([5, 4, 3, 2, 1]);
  });
});
