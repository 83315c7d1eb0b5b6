import { describe, expect, it } from 'vitest';
import type { CompileResult } from '../../src/kql/api.ts';
import { fallbackStages, splitPipeline } from '../../src/kql/worker-stages.ts';

const texts = (kql: string) => splitPipeline(kql).segments.map((s) => kql.slice(s.start, s.end).trim());

describe('splitPipeline', () => {
  it('splits at top-level pipes only', () => {
    expect(texts('T | where a == "x|y" | join (U | take 1) on k // c | d\n| count')).toEqual([
      'T',
      'where a == "x|y"',
      'join (U | take 1) on k // c | d',
      'count',
    ]);
  });
  it('keeps let statements out of the segments of the last statement', () => {
    const kql = 'let x = 5;\nT | take x';
    const { stmtStart, segments } = splitPipeline(kql);
    expect(kql.slice(stmtStart)).toBe('\nT | take x');
    expect(segments.map((s) => kql.slice(s.start, s.end).trim())).toEqual(['T', 'take x']);
  });
});

describe('fallbackStages', () => {
  it('compiles every prefix, skipping render and stopping at the first failure', () => {
    const compiled: string[] = [];
    const compile = (t: string): CompileResult => {
      compiled.push(t);
      return t.includes('bad') ? { ok: false, diagnostics: [] } : { ok: true, diagnostics: [], sql: `SQL(${t.length})` };
    };
    const s = fallbackStages('T\n| where x > 1\n| summarize count()\n| render piechart', compile);
    expect(s.map((x) => x.label)).toEqual(['T', '| where x > 1', '| summarize count()']);
    expect(compiled).toEqual(['T\n', 'T\n| where x > 1\n', 'T\n| where x > 1\n| summarize count()\n']);
    expect(fallbackStages('T | bad | take 1', compile).map((x) => x.label)).toEqual(['T']);
  });
});
