import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import { compile } from '../../src/kql/index.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(() => engine.close());

async function count(sql: string): Promise<number> {
  const t = await engine.query(`SELECT count(*)::BIGINT AS n FROM (${sql}) AS s`);
  return Number(t.get(0)?.n);
}

describe('per-stage explain', () => {
  it('reports one stage per pipe of the result statement, each with its own row count', async () => {
    const kql = 'let T = range x from 1 to 10 step 1;\nT\n| where x > 3\n| extend y = x * 2\n| take 4\n| summarize count()';
    const r = compile(kql, { catalog: null, now: '2024-01-01T00:00:00Z' });
    expect(r.ok).toBe(true);
    const stages = r.stages ?? [];
    expect(stages.map((s) => s.label)).toEqual(['T', 'where x > 3', 'extend y = x * 2', 'take 4', 'summarize count()']);
    expect(stages.map((s) => kql.slice(s.start, s.end))).toEqual(stages.map((s) => s.label));
    const counts = [];
    for (const s of stages) counts.push(await count(s.sql));
    expect(counts).toEqual([10, 7, 7, 4, 1]);
  });
});
