/**
 * `--dataset data.duckdb`: a DuckDB database file without catalog.json. Its catalog is read from the
 * file (catalog/from-duckdb.ts), columns are typed from their DuckDB types, NULL strings read as ''
 * (Kusto strings are never null), and columns with no exact Kusto form are left out with a reason.
 * The file is written by native DuckDB, as a user's own export would be; both engines read it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { mapDuckColumn, nestedLeaves } from '../../src/catalog/from-duckdb.ts';
import { loadCatalog, resolveDataset } from '../../src/cli/datasets.ts';
import { createLocalRunner } from '../../src/cli/runner.ts';
import { nodeApi } from '../../src/engine/db-writer.ts';

let file: string;

beforeAll(async () => {
  file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hb-bare-')), 'hunt.duckdb');
  const { DuckDBInstance } = await nodeApi();
  const db = await DuckDBInstance.create(file);
  const c = await db.connect();
  await c.run(`CREATE TABLE Logons (
    Timestamp TIMESTAMP, Account VARCHAR, Failures SMALLINT, Bytes UBIGINT, Took INTERVAL, Score DECIMAL(6,2),
    Tags VARCHAR[], Extra STRUCT(src VARCHAR, port INTEGER), Id UUID, Day DATE)`);
  await c.run(`INSERT INTO Logons VALUES
    ('2024-05-14 09:00:00', 'alex', 3, 18446744073709551615, INTERVAL 1 MONTH, 1.25, ['a', 'b'], {'src': '10.0.0.1', 'port': 445}, 'a0ca9a99-235b-5216-a7c2-212ac438c554', '2024-05-14'),
    ('2024-05-14 10:30:00', NULL, 0, 1, INTERVAL 2 HOUR, 2.50, [], NULL, NULL, '2024-05-15')`);
  await c.run('CREATE TABLE Blobs (B BLOB)');
  // a generated lab's bookkeeping (lab/clone.ts): not a table for hunting
  await c.run('CREATE TABLE _hb_clones (source VARCHAR, clone VARCHAR)');
  c.closeSync();
  db.closeSync();
}, 60_000);

describe('bare DuckDB database files as datasets', () => {
  it('resolves a .duckdb path as a file dataset', () => {
    expect(resolveDataset(file, false)).toEqual({ kind: 'file', name: 'hunt', file });
  });

  it('types columns from the file and leaves out what has no exact Kusto form', async () => {
    const cat = await loadCatalog(resolveDataset(file, false));
    expect(cat?.dataset).toBe('hunt');
    expect(cat?.tables.map((t) => t.name)).toEqual(['Logons']);
    expect(cat?.tables[0].columns.map((c) => `${c.name}:${c.type}`)).toEqual([
      'Timestamp:datetime', 'Account:string', 'Failures:int', 'Score:real', 'Tags:dynamic', 'Extra:dynamic', 'Id:guid', 'Day:datetime',
    ]);
  });

  it.each(['wasm', 'native'] as const)('answers KQL on the %s engine, with NULL strings as empty', async (engine) => {
    const log: string[] = [];
    const r = await createLocalRunner({ dataset: resolveDataset(file, false), engine }, (m) => log.push(m));
    try {
      expect(log.join('\n')).toContain('Logons.Bytes: UBIGINT');
      expect(log.join('\n')).toContain('Logons.Took: INTERVAL');
      expect(log.join('\n')).toContain('Blobs: no column with a Kusto type');
      expect(log.join('\n')).toContain("_hb_clones: huntbench's internal table");
      const empty = await r.run('Logons | where isempty(Account) | count');
      expect(empty.ok && empty.result?.rows).toEqual([[1]]);
      const eq = await r.run("Logons | where Account == '' | project Day, Failures, Score");
      expect(eq.ok && eq.result?.rows).toEqual([['2024-05-15T00:00:00Z', 0, 2.5]]);
      const nested = await r.run("Logons | where Account == 'alex' | project Src = tostring(Extra.src), Port = toint(Extra.port), T = tostring(Tags[1]), Id");
      expect(nested.ok && nested.result?.rows).toEqual([['10.0.0.1', 445, 'b', 'a0ca9a99-235b-5216-a7c2-212ac438c554']]);
      // the left-out column is unknown to the compiler, not silently read
      const gone = await r.run('Logons | project Bytes');
      expect(gone.ok).toBe(false);
    } finally {
      await r.close();
    }
  }, 60_000);
});

describe('DuckDB type → Kusto type', () => {
  it.each([
    ['VARCHAR', 'string'], ['BIGINT', 'long'], ['UINTEGER', 'long'], ['TINYINT', 'int'], ['FLOAT', 'real'], ['DECIMAL(18,3)', 'real'],
    ['BOOLEAN', 'bool'], ['TIMESTAMP_NS', 'datetime'], ['UUID', 'guid'], ['ENUM(\'a\', \'b\')', 'string'],
    ['STRUCT("a b" VARCHAR, c BIGINT[])', 'dynamic'], ['MAP(VARCHAR, INTEGER)', 'dynamic'],
  ])('%s → %s', (duck, kql) => {
    const m = mapDuckColumn('c', duck);
    expect('column' in m && m.column.type).toBe(kql);
  });
  it.each(['UBIGINT', 'HUGEINT', 'INTERVAL', 'TIMESTAMP WITH TIME ZONE', 'BLOB', 'TIME', 'STRUCT(t TIMESTAMP)', 'INTEGER[3]'])('%s is left out with a reason', (duck) => {
    const m = mapDuckColumn('c', duck);
    expect('skip' in m && m.skip.length).toBeGreaterThan(5);
  });
  it('reads the leaves of nested types past quoted field names', () => {
    expect(nestedLeaves('STRUCT("x, y" VARCHAR, "z(" STRUCT(q BIGINT[]))')).toEqual(['VARCHAR', 'BIGINT']);
  });
});
