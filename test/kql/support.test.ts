import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { operatorName, supportMarkdown, supportTable } from '../../src/kql/support.ts';

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
});
