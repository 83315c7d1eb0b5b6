/**
 * Fixes found by a fourteenth probe of public hunting queries (issue 11). Each expected value follows
 * from the cited documentation; what it does not settle stays a coded refusal. The tables are the
 * find operator page's EventsTable1 and EventsTable2 ("Examples of find output results").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import type { Catalog } from '../../src/kql/index.ts';
import { runKql } from './helpers.ts';

let engine: Engine;
const S1 = 'acbd207d-51aa-4df7-bfa7-be70eb68f04e';
const catalog: Catalog = {
  dataset: 'find-page',
  tables: [
    { name: 'EventsTable1', kind: 'user', columns: [{ name: 'Session_Id', type: 'string' }, { name: 'Level', type: 'string' }, { name: 'EventText', type: 'string' }, { name: 'Version', type: 'string' }] },
    { name: 'EventsTable2', kind: 'user', columns: [{ name: 'Session_Id', type: 'string' }, { name: 'Level', type: 'string' }, { name: 'EventText', type: 'string' }, { name: 'EventName', type: 'string' }] },
  ],
};

beforeAll(async () => {
  engine = await createNodeEngine();
  await engine.query('CREATE OR REPLACE TABLE EventsTable1 ("Session_Id" VARCHAR, "Level" VARCHAR, "EventText" VARCHAR, "Version" VARCHAR)');
  await engine.query(`INSERT INTO EventsTable1 VALUES ('${S1}', 'Information', 'Some Text1', 'v1.0.0'), ('${S1}', 'Error', 'Some Text2', 'v1.0.0'),
    ('28b8e46e-3c31-43cf-83cb-48921c3986fc', 'Error', 'Some Text3', 'v1.0.1'), ('8f057b11-3281-45c3-a856-05ebb18a3c59', 'Information', 'Some Text4', 'v1.1.0')`);
  await engine.query('CREATE OR REPLACE TABLE EventsTable2 ("Session_Id" VARCHAR, "Level" VARCHAR, "EventText" VARCHAR, "EventName" VARCHAR)');
  await engine.query(`INSERT INTO EventsTable2 VALUES ('f7d5f95f-f580-4ea6-830b-5776c8d64fdd', 'Information', 'Some Other Text1', 'Event1'),
    ('${S1}', 'Information', 'Some Other Text2', 'Event2'), ('${S1}', 'Error', 'Some Other Text3', 'Event3'), ('15eaeab5-8576-4b58-8fc6-478f75d8fee4', 'Error', 'Some Other Text4', 'Event4')`);
});
afterAll(async () => {
  await engine?.close();
});

const run = (kql: string) => runKql(engine, kql, catalog);

describe('find/search over tables that lack some of the columns the predicate names', () => {
  // find's page, "Search in common and uncommon columns": `find Version == 'v1.0.0' or EventName ==
  // 'Event1'` gives EventsTable1's two v1.0.0 rows and EventsTable2's Event1 row ("EventsTable1 rows
  // will be filtered with Version == 'v1.0.0' and EventsTable2 rows with EventName == 'Event1'").
  // Before: a table lacking any named column was left out whole, so each table was dropped (HB102
  // "no table has the columns"), and with a third table holding both columns the other two's rows
  // were silently missing.
  it("the page's example: each table is filtered by the `or` branch whose column it has", async () => {
    expect(await run("find in (EventsTable1, EventsTable2) where Version == 'v1.0.0' or EventName == 'Event1' | project source_, EventText | order by EventText asc")).toEqual([
      ['EventsTable2', 'Some Other Text1'],
      ['EventsTable1', 'Some Text1'],
      ['EventsTable1', 'Some Text2'],
    ]);
  });

  it('a branch naming only a missing column counts as false beside one over shared columns', async () => {
    expect(await run("find in (EventsTable1, EventsTable2) where Level == 'Error' and Session_Id == 'x' or EventName == 'Event4' | project EventText")).toEqual([['Some Other Text4']]);
  });

  it('search Col:"term" names a column as `where Col has "term"` does (the search page\'s table)', async () => {
    // Before: HB100 "search on an unknown column" for the whole search.
    expect(await run('search in (EventsTable1, EventsTable2) Version:"v1.1.0" or EventName:"Event3" | summarize n = count() by $table | order by $table asc')).toEqual([
      ['EventsTable1', 1],
      ['EventsTable2', 1],
    ]);
  });

  it('an `and` term naming a missing column leaves that table out (search page, "Limit search by timestamp")', async () => {
    expect(await run("find in (EventsTable1, EventsTable2) where Level == 'Error' and EventName == 'Event3' | project source_, EventText")).toEqual([['EventsTable2', 'Some Other Text3']]);
    expect(await run('search in (EventsTable1, EventsTable2) "Text2" and EventName:"Event2" | project $table, EventText')).toEqual([['EventsTable2', 'Some Other Text2']]);
  });

  it('a negated or mixed comparison of a missing column stays a coded refusal', async () => {
    await expect(run("find in (EventsTable1, EventsTable2) where Version == 'v1.0.0' or EventName != 'Event1'")).rejects.toThrow('HB100');
    await expect(run("find in (EventsTable1, EventsTable2) where Version == 'v1.0.0' or not(EventName == 'Event1')")).rejects.toThrow('HB100');
    await expect(run('find in (EventsTable1, EventsTable2) where Version == EventName')).rejects.toThrow('HB100');
  });

  it('a test a padded (empty or null) column could pass stays a coded refusal; one it cannot pass is false', async () => {
    // dropping the branch and reading the missing column as '' or null differ on these
    await expect(run("find in (EventsTable1, EventsTable2) where Version == 'v1.0.0' or EventName == ''")).rejects.toThrow('HB100');
    await expect(run("find in (EventsTable1, EventsTable2) where Version == 'v1.0.0' or isempty(EventName)")).rejects.toThrow('HB100');
    await expect(run("find in (EventsTable1, EventsTable2) where Version == 'v1.0.0' or EventName in ('Event1', '')")).rejects.toThrow('HB100');
    await expect(run("find in (EventsTable1, EventsTable2) where Version == 'v1.0.0' or tolower(EventName) == 'event1'")).rejects.toThrow('HB100');
    // a scalar let is a constant like a literal (community hunts: `let fileHash = "…"; find … where SHA1 == fileHash or …`)
    const viaLet = await run("let v = 'v1.0.0'; let e = 'Event1'; find in (EventsTable1, EventsTable2) where Version == v or EventName == e | project source_, EventText");
    expect(viaLet.map((r) => r.join(' ')).sort()).toEqual(['EventsTable1 Some Text1', 'EventsTable1 Some Text2', 'EventsTable2 Some Other Text1']);
    await expect(run("let e = ''; find in (EventsTable1, EventsTable2) where Version == 'v1.0.0' or EventName == e")).rejects.toThrow('HB100');
    // in (non-empty constants) agrees with the page's `==` example
    const rows = await run("find in (EventsTable1, EventsTable2) where Version == 'v1.0.0' or EventName in ('Event1', 'Event9') | project source_, EventText");
    expect(rows.map((r) => r.join(' ')).sort()).toEqual(['EventsTable1 Some Text1', 'EventsTable1 Some Text2', 'EventsTable2 Some Other Text1']);
  });
});

describe('a bare search term beside a missing column', () => {
  // A bare "term" searches every column, so the table uses some of the predicate's columns and is
  // kept, filtered by the term (the `or` rule above). Before: left out whole.
  it('search "term" or Col:"x": a table without Col is still searched for the term', async () => {
    expect(await run('search in (EventsTable1, EventsTable2) "Text4" or EventName:"Event1" | project $table, EventText | order by EventText asc')).toEqual([
      ['EventsTable2', 'Some Other Text1'],
      ['EventsTable2', 'Some Other Text4'],
      ['EventsTable1', 'Some Text4'],
    ]);
  });
});
