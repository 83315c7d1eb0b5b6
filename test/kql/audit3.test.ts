/**
 * Sentinel/Defender conventions checked against their pages (audit of wrong answers):
 * - search's `$table` names the table a record was retrieved from (search operator, Remarks);
 * - `search in (…)` and `find in (…)` take wildcarded table names, as union's list does
 *   (search operator, Parameters: "the same syntax as the list of the union operator");
 * - `ingestion_time()` is null outside the context of a table (ingestion_time() page);
 * - externaldata reads a real column as a decimal numeral only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/catalog/types.ts';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import { tableToKusto } from '../../src/engine/values.ts';
import { compile } from '../../src/kql/index.ts';
import { NOW, runKql } from './helpers.ts';

let engine: Engine;
const CAT: Catalog = {
  dataset: 'audit3',
  now: NOW,
  tables: [
    { name: 'EvA', kind: 'advanced-hunting', columns: [{ name: 'Timestamp', type: 'datetime' }, { name: 'Msg', type: 'string' }, { name: 'N', type: 'long' }] },
    { name: 'EvB', kind: 'advanced-hunting', columns: [{ name: 'Timestamp', type: 'datetime' }, { name: 'Msg', type: 'string' }] },
    { name: 'Other', kind: 'advanced-hunting', columns: [{ name: 'Msg', type: 'string' }] },
  ],
};
beforeAll(async () => {
  engine = await createNodeEngine();
  await engine.query(`CREATE TABLE "EvA" ("Timestamp" TIMESTAMP, "Msg" VARCHAR, "N" BIGINT)`);
  await engine.query(`INSERT INTO "EvA" VALUES ('2024-01-02 03:04:05', 'alpha needle', 1), ('2024-01-03 00:00:00', 'beta', 2)`);
  await engine.query(`CREATE TABLE "EvB" ("Timestamp" TIMESTAMP, "Msg" VARCHAR)`);
  await engine.query(`INSERT INTO "EvB" VALUES ('2024-01-04 00:00:00', 'gamma needle')`);
  await engine.query(`CREATE TABLE "Other" ("Msg" VARCHAR)`);
  await engine.query(`INSERT INTO "Other" VALUES ('needle too')`);
});
afterAll(() => engine.close());

describe('search: $table', () => {
  it('a table searched directly gives its own name', async () => {
    expect(await runKql(engine, 'EvA | search "needle" | project $table, Msg', CAT)).toEqual([['EvA', 'alpha needle']]);
  });
  it('a datatable gives search_arg0 (the oracle corpus)', async () => {
    expect(await runKql(engine, 'datatable(s:string)["a needle"] | search "needle" | project $table')).toEqual([['search_arg0']]);
  });
});

describe('wildcarded table names in search in (…) and find in (…)', () => {
  it('search in (Ev*) searches every table the name matches', async () => {
    const r = await runKql(engine, 'search in (Ev*) "needle" | project $table, Msg | order by Msg asc', CAT);
    expect(r).toEqual([
      ['EvA', 'alpha needle'],
      ['EvB', 'gamma needle'],
    ]);
  });
  it('find in (Ev*, Oth*) as well', async () => {
    const r = await runKql(engine, 'find in (Ev*, Oth*) where Msg has "needle" | project source_ | order by source_ asc', CAT);
    expect(r).toEqual([['EvA'], ['EvB'], ['Other']]);
  });
});

describe('ingestion_time()', () => {
  it('is null over a datatable, print or range (not in the context of a table)', async () => {
    expect(await runKql(engine, 'datatable(Timestamp:datetime)[datetime(2024-01-01)] | extend i = ingestion_time() | project i')).toEqual([[null]]);
    expect(await runKql(engine, 'print Timestamp = datetime(2024-01-01) | extend i = ingestion_time() | project i')).toEqual([[null]]);
  });
  it('is null after summarize, even when a time column is a group key', async () => {
    const r = await runKql(engine, 'EvA | summarize count() by Timestamp | extend i = ingestion_time() | where isnotnull(i) | count', CAT);
    expect(r).toEqual([[0]]);
  });
  it('is the row time through where, extend and sort', async () => {
    const r = await runKql(engine, 'EvA | where N > 0 | extend x = 1 | order by N asc | extend i = ingestion_time() | project i', CAT);
    expect(r).toEqual([['2024-01-02T03:04:05Z'], ['2024-01-03T00:00:00Z']]);
  });
  it('is refused where the row time cannot be followed (join, time column projected away)', () => {
    const code = (q: string) => compile(q, { catalog: CAT, now: NOW }).diagnostics[0]?.code;
    expect(code('EvA | join kind=inner (EvB) on Msg | extend i = ingestion_time()')).toBe('HB100');
    expect(code('EvA | project Msg | extend i = ingestion_time()')).toBe('HB100');
  });
});

describe('externaldata: a real column reads decimal numerals only', () => {
  const URL = 'https://example.org/reals.txt';
  it('0x10 and 0b1 are null; 1.5, .5, 1e3 and inf are numbers', async () => {
    const r = compile(`externaldata(a:real)["${URL}"] with (format="txt")`, { catalog: null, now: NOW, externalData: { [URL]: '0x10\n0b1\n1.5\n.5\n1e3\ninf\n' } });
    expect(r.ok).toBe(true);
    const rows = tableToKusto(await engine.query(r.sql!), r.columns!).rows.map((x) => x[0]);
    expect(rows).toEqual([null, null, 1.5, 0.5, 1000, 'Infinity']);
  });
});
