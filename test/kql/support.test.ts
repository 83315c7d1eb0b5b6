import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kustoFunctionSupport, operatorName, supportMarkdown, supportTable } from '../../src/kql/support.ts';

describe('supported-KQL table', () => {
  it('docs/kql-support.md is the generated table (run `node bin/support-table.mjs > docs/kql-support.md`)', () => {
    const doc = fs.readFileSync(new URL('../../docs/kql-support.md', import.meta.url), 'utf8');
    expect(doc).toBe(supportMarkdown());
  });
  it('names operators as KQL spells them', () => {
    expect(operatorName('MvExpandOperator')).toBe('mv-expand');
    expect(operatorName('FilterOperator')).toBe('where');
    expect(operatorName('ParseKvOperator')).toBe('parse-kv');
    const t = supportTable();
    expect(t.operators).toEqual(expect.arrayContaining(['where', 'summarize', 'join', 'mv-expand', 'datatable', 'project-away']));
    expect(t.functions).toEqual(expect.arrayContaining(['ago', 'bin', 'tolower']));
    expect(t.aggregates).toEqual(expect.arrayContaining(['count', 'dcount', 'arg_max']));
  });
  it("says for each function of the parser's list whether it is implemented", () => {
    const k = kustoFunctionSupport();
    const get = (kind: string, name: string) => k.find((f) => f.kind === kind && f.name === name);
    expect(get('scalar', 'startofday')?.implemented).toBe(true);
    expect(get('scalar', 'series_fir')?.implemented).toBe(false);
    expect(get('scalar', 'rand')?.implemented).toBe(false); // refused: non-deterministic
    expect(get('aggregate', 'dcount')?.implemented).toBe(true);
    expect(get('aggregate', 'tdigest')?.implemented).toBe(false);
    expect(k.length).toBeGreaterThan(400);
    // Everything we implement under a Kusto name is on the page as implemented.
    const t = supportTable();
    const named = new Set(k.filter((f) => f.implemented).map((f) => f.name));
    expect(t.aggregates.filter((a) => !named.has(a))).toEqual([]);
  });
});
