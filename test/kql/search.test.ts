/**
 * search's predicate (search operator page, "Search predicate syntax" and its examples table):
 * where the `*` of a term stand picks has / hasprefix / hassuffix / contains / matches regex,
 * `Col:term` one column, `Col=="x"` equality, `search *` every row, boolean combinations; and a
 * column whose type's text cannot hold the term is not turned into text (lower/terms.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import { compile } from '../../src/kql/index.ts';
import { NOW, refused, runKql } from './helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(() => engine.close());

const T = 'datatable(s:string, n:long, b:bool, t:datetime)["LabPC-1 error", 12, true, datetime(2024-01-02), "Lab and PC", 3, false, datetime(2024-01-03), "mylab xpc", 5, true, datetime(2024-02-01)]';
const hits = async (pred: string) => (await runKql(engine, `${T} | search ${pred} | project s | order by s asc`)).map((r) => r[0]);

describe('search predicate syntax (the page’s table)', () => {
  it('1, 5, 6, 7: has, hasprefix, hassuffix, contains', async () => {
    expect(await hits('"lab"')).toEqual(['Lab and PC']);
    expect(await hits('"lab*"')).toEqual(['Lab and PC', 'LabPC-1 error']);
    expect(await hits('"*pc"')).toEqual(['Lab and PC', 'LabPC-1 error', 'mylab xpc']);
    expect(await hits('"*ylab x*"')).toEqual(['mylab xpc']);
    expect(await hits('"*bpc*"')).toEqual(['LabPC-1 error']);
  });
  it('8: an inner wildcard is matches regex \\bLab.*PC\\b (case-sensitive kind only)', async () => {
    expect(await hits('kind=case_sensitive "Lab*PC"')).toEqual(['Lab and PC', 'LabPC-1 error']);
    expect(await hits('kind=case_sensitive "lab*pc"')).toEqual([]);
    expect(refused(`${T} | search "Lab*PC"`).code).toBe('HB100');
    expect(refused(`${T} | search "**"`).code).toBe('HB100');
  });
  it('3, 4: a column-scoped term and an exact match', async () => {
    expect(await hits('s:"err*"')).toEqual(['LabPC-1 error']);
    expect(await hits('s:"error"')).toEqual(['LabPC-1 error']);
    expect(await hits('s=="mylab xpc"')).toEqual(['mylab xpc']);
  });
  it('9, 11, 12, 13: every row, case-sensitive kind, and/or, a term or a comparison', async () => {
    expect(await hits('*')).toEqual(['Lab and PC', 'LabPC-1 error', 'mylab xpc']);
    expect(await hits('kind=case_sensitive "pc"')).toEqual([]);
    expect(await hits('kind=case_sensitive "PC"')).toEqual(['Lab and PC']);
    expect(await hits('"lab" and ("and" or "xpc")')).toEqual(['Lab and PC']);
    expect(await hits('"xpc" or (n > 10 and n < 20)')).toEqual(['LabPC-1 error', 'mylab xpc']);
  });
  it('a term of digits or of a bool’s letters finds numbers, datetimes and bools by their text', async () => {
    expect(await hits('"12"')).toEqual(['LabPC-1 error']);
    expect(await hits('"01"')).toEqual(['Lab and PC', 'LabPC-1 error']); // 2024-01-02, 2024-01-03 (01T00 is one term)
    expect(await hits('"false"')).toEqual(['Lab and PC']);
  });
});

describe('columns whose text cannot hold the term', () => {
  it('are not turned into text (search and * has)', () => {
    const sql = (q: string) => compile(`${T} | ${q}`, { catalog: null, now: NOW }).sql ?? '';
    expect(sql('search "error"')).not.toContain('strftime');
    expect(sql('where * has "error"')).not.toContain('strftime');
    expect(sql('search "2024"')).toContain('strftime');
    expect(sql('where * has "2024"')).toContain('strftime');
  });
  it('answer as before', async () => {
    expect((await runKql(engine, `${T} | where * has "true" | count`))[0]).toEqual([2]);
    expect((await runKql(engine, `${T} | where * contains "ru" | count`))[0]).toEqual([2]);
  });
});
