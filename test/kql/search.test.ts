/**
 * search's predicate (search operator page, "Search predicate syntax" and its examples table):
 * where the `*` of a term stand picks has / hasprefix / hassuffix / contains / matches regex,
 * `Col:term` one column, `Col=="x"` equality, `search *` every row, boolean combinations; and a
 * column whose type's text cannot hold the term is not turned into text (lower/terms.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/catalog/types.ts';
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

/**
 * `search "x"` and `* has "x"` test most columns' texts with one pattern over their join by a
 * control character (lower/terms.ts termMatchAny). Each answer here is also computed column by
 * column (`where tostring(c1) has "x" or …`, which never joins) and must be the same.
 */
describe('one pattern over a row’s joined texts answers as each column alone', () => {
  const J =
    'datatable(s:string, u:string, n:long, t:datetime, b:bool, g:guid, r:real, d:dynamic)[' +
    '"Runtime", "Broker", 7, datetime(2024-02-01), true, guid(00000000-0000-0000-0000-0000000000aa), 1.5, dynamic({"k":"hidden needle"}),' +
    '"svc RuntimeBroker.exe", "", 12, datetime(2024-03-05 10:20:30), false, guid(00000000-0000-0000-0000-0000000000bb), real(+inf), dynamic(["a","b"]),' +
    '"x-", "-y", -3, datetime(null), bool(null), guid(null), real(nan), dynamic(null),' +
    '"Kelvin", "sun", 0, datetime(2024-01-01 00:00:00.5), true, guid(null), 2.0, dynamic({"n":7})]';
  const cols = ['s', 'u', 'n', 't', 'b', 'g', 'r', 'd'];
  const perColumn = (op: string, x: string) => cols.map((c) => `tostring(${c}) ${op} "${x}"`).join(' or ');
  const rows = async (q: string) => (await runKql(engine, `${J} | ${q} | project s | order by s asc`)).map((r) => r[0]);
  /** search "x*" (etc.) and `* <op> "x"`, each checked against the column-by-column test. */
  const both = async (term: string, op: string, x: string) => {
    const a = await rows(`search ${term}`);
    const w = await rows(`where * ${op} "${x}"`);
    const e = await rows(`where ${perColumn(op, x)}`);
    expect(a).toEqual(e);
    expect(w).toEqual(e);
    return a;
  };
  it('the joined SQL is what runs (one pattern for the string, number, datetime, bool and guid columns)', () => {
    const sql = compile(`${J} | search "runtime"`, { catalog: null, now: NOW }).sql ?? '';
    expect(sql).toContain('concat_ws(chr(1)');
  });
  it('a term spanning two columns matches neither', async () => {
    expect(await both('"RuntimeBroker"', 'has', 'RuntimeBroker')).toEqual(['svc RuntimeBroker.exe']);
    expect(await both('"RuntimeB*"', 'hasprefix', 'RuntimeB')).toEqual(['svc RuntimeBroker.exe']);
    expect(await both('"*eBroker"', 'hassuffix', 'eBroker')).toEqual(['svc RuntimeBroker.exe']);
    expect(await both('"x--y"', 'has', 'x--y')).toEqual([]);
    expect(await both('"x-"', 'has', 'x-')).toEqual(['x-']);
  });
  it('a column’s start and end bound a term as the text’s start and end do', async () => {
    expect(await both('"Runtime"', 'has', 'Runtime')).toEqual(['Runtime']);
    expect(await both('"broker"', 'has', 'broker')).toEqual(['Runtime']);
    expect(await both('"-y"', 'has', '-y')).toEqual(['x-']);
    expect(await both('"*time"', 'hassuffix', 'time')).toEqual(['Runtime']);
  });
  it('datetimes, bools, guids and numbers by their text (T, Z, fractions)', async () => {
    expect(await both('"01T00"', 'has', '01T00')).toEqual(['Runtime', 'Kelvin'].sort());
    expect(await both('"0000000Z"', 'has', '0000000Z')).toEqual(['Runtime', 'svc RuntimeBroker.exe']);
    expect(await both('"5000000Z"', 'has', '5000000Z')).toEqual(['Kelvin']);
    expect(await both('"20"', 'has', '20')).toEqual(['svc RuntimeBroker.exe']); // 10:20:30
    expect(await both('"10"', 'has', '10')).toEqual([]); // 2024-03-05T10: one term
    expect(await both('"false"', 'has', 'false')).toEqual(['svc RuntimeBroker.exe']);
    expect(await both('"0000000000bb"', 'has', '0000000000bb')).toEqual(['svc RuntimeBroker.exe']);
    expect(await both('"-3"', 'has', '-3')).toEqual(['x-']);
  });
  it('reals and dynamic values, tested after the joined texts, still match', async () => {
    expect(await both('"needle"', 'has', 'needle')).toEqual(['Runtime']);
    expect(await both('"inf"', 'has', 'inf')).toEqual(['svc RuntimeBroker.exe']);
    expect(await both('"NaN"', 'has', 'NaN')).toEqual(['x-']);
    expect(await both('"7"', 'has', '7')).toEqual(['Runtime', 'Kelvin'].sort());
  });
  it('case folding as each column alone', async () => {
    expect(await both('"kelvin"', 'has', 'kelvin')).toEqual(['Kelvin']);
    expect(await both('"SUN"', 'has', 'SUN')).toEqual(['Kelvin']);
    expect(await both('kind=case_sensitive "Runtime"', 'has_cs', 'Runtime')).toEqual(['Runtime']);
    expect(await both('kind=case_sensitive "runtime"', 'has_cs', 'runtime')).toEqual([]);
  });
  it('text with a letter the two case foldings disagree on is refused, joined or alone (audit6)', async () => {
    // RE2's (?i) folds the Kelvin sign to k and the long s to s; .NET's OrdinalIgnoreCase compares
    // upper cases (the Kelvin sign's is itself). Which Kusto uses is not documented: HB162, as =~ does.
    const K = 'datatable(s:string, u:string, n:long)["\u212Aelvin", "x", 1, "a", "ſun", 2]';
    for (const q of ['search "kelvin"', 'where * has "kelvin"', 'where s has "kelvin" or u has "kelvin"', 'search "SUN"']) {
      await expect(runKql(engine, `${K} | ${q}`)).rejects.toThrow(/HB162/);
    }
    expect(await runKql(engine, `${K} | search kind=case_sensitive "x" | project n`)).toEqual([[1]]);
  });
});

describe('null texts in the joined test', () => {
  const CAT: Catalog = {
    dataset: 'nulls',
    now: NOW,
    tables: [{ name: 'N', kind: 'advanced-hunting', columns: [{ name: 'a', type: 'string' }, { name: 'b', type: 'string' }, { name: 'n', type: 'long' }] }],
  };
  beforeAll(async () => {
    await engine.query(`CREATE TABLE "N" (a VARCHAR, b VARCHAR, n BIGINT)`);
    await engine.query(`INSERT INTO "N" VALUES ('x one', NULL, 1), (NULL, 'two', NULL), ('three', 'four', 3)`);
  });
  const rows = async (q: string) => (await runKql(engine, `N | ${q} | project n | order by n asc`, CAT)).map((r) => r[0]);
  it('match in the other column; not() keeps the null of the column-by-column test', async () => {
    expect(await rows('search "one"')).toEqual([1]);
    expect(await rows('search "two"')).toEqual([null]);
    expect(await rows('where * has "four"')).toEqual([3]);
    const neg = await rows('search not("four")');
    expect(neg).toEqual(await rows('where not(a has "four" or b has "four" or tostring(n) has "four")'));
    expect(neg).toEqual([]);
    expect(await rows('where * !has "one"')).toEqual(await rows('where not(a has "one" or b has "one" or tostring(n) has "one")'));
  });
});

describe('a union padding a struct column for an input that lacks it', () => {
  // D is a bag in PS, an array in PL and a string in PT (as the lab's Status: SigninLogs,
  // GCPAuditLogs, SecurityAlert), and absent from PP. The union takes the page's columns D_dynamic
  // and D_string; PP's and PT's D_dynamic is a typed null of PS's bag shape, whose JSON text is
  // written as the constant `null` (lower/operators/union.ts), the value the shape's whole
  // rendering gave it.
  const CAT: Catalog = {
    dataset: 'pads',
    now: NOW,
    tables: [
      { name: 'PS', kind: 'advanced-hunting', columns: [{ name: 'k', type: 'string' }, { name: 'D', type: 'dynamic', duckType: 'STRUCT("e" BIGINT, "why" VARCHAR)' }] },
      { name: 'PL', kind: 'advanced-hunting', columns: [{ name: 'k', type: 'string' }, { name: 'D', type: 'dynamic', duckType: 'VARCHAR[]' }] },
      { name: 'PT', kind: 'advanced-hunting', columns: [{ name: 'k', type: 'string' }, { name: 'D', type: 'string' }] },
      { name: 'PP', kind: 'advanced-hunting', columns: [{ name: 'k', type: 'string' }] },
    ],
  };
  beforeAll(async () => {
    await engine.query(`CREATE TABLE "PS" (k VARCHAR, D STRUCT("e" BIGINT, "why" VARCHAR))`);
    await engine.query(`INSERT INTO "PS" VALUES ('s hit', {'e': 1, 'why': 'w'}), ('s null', NULL)`);
    await engine.query(`CREATE TABLE "PL" (k VARCHAR, D VARCHAR[])`);
    await engine.query(`INSERT INTO "PL" VALUES ('l hit', ['a'])`);
    await engine.query(`CREATE TABLE "PT" (k VARCHAR, D VARCHAR)`);
    await engine.query(`INSERT INTO "PT" VALUES ('t hit', 'txt')`);
    await engine.query(`CREATE TABLE "PP" (k VARCHAR)`);
    await engine.query(`INSERT INTO "PP" VALUES ('p hit')`);
  });
  it('the padded rows hold a dynamic null, as the input’s own null does', async () => {
    const sql = compile('union PS, PL, PT, PP', { catalog: CAT, now: NOW }).sql ?? '';
    expect(sql).toContain("CAST('null' AS VARCHAR)");
    for (const q of ['union PS, PL, PT, PP', 'search "hit"']) {
      const r = (await runKql(engine, q, CAT)).map((row) => JSON.stringify(row)).sort();
      const want = [
        '["l hit",["a"],"","","","PL"]',
        '["p hit",null,"","","","PP"]',
        '["s hit",{"e":1,"why":"w"},"","","","PS"]',
        '["s null",null,"","","","PS"]',
        '["t hit",null,"txt","","","PT"]',
      ];
      // (search adds its $table column first and keeps the rows with "hit")
      expect(r).toEqual(q === 'union PS, PL, PT, PP' ? want : want.filter((x) => x.includes('hit')).map((x) => `["${x.slice(-4, -2)}",${x.slice(1)}`));
    }
  });
});
