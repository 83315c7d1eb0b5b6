/**
 * The layout step of the DuckDB dataset writer (src/engine/db-layout.ts): big device tables are
 * written grouped by DeviceId, each device's rows in generation order; everything else keeps
 * generation order. Written and read back with native DuckDB.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tableFromArrays } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROW_GROUP_ROWS, tableLayout } from '../../src/engine/db-layout.ts';
import { appendArrowTable, createDatabaseWriter, nodeApi } from '../../src/engine/db-writer.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'hb-layout-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tableLayout', () => {
  it('groups big tables with a DeviceId column by device, and nothing else', () => {
    expect(tableLayout(['Timestamp', 'DeviceId', 'ActionType'], ROW_GROUP_ROWS + 1)).toEqual({ clusterBy: 'DeviceId' });
    expect(tableLayout(['Timestamp', 'DeviceId'], ROW_GROUP_ROWS)).toBeNull();
    expect(tableLayout(['Timestamp', 'DeviceName', 'Computer'], 10 * ROW_GROUP_ROWS)).toBeNull();
  });
});

const rowsOf = async (conn: Conn, sql: string) => (await conn.runAndReadAll(sql)).getRows().map((r) => r.map((v) => (v === null ? null : String(v))));

type Duck = Awaited<ReturnType<typeof nodeApi>>;
type Conn = import('@duckdb/node-api').DuckDBConnection;
/** Runs `fn` on a connection of a fresh in-memory native DuckDB, closed afterwards. */
async function withConnection(fn: (conn: Conn, duck: Duck) => Promise<void>): Promise<void> {
  const duck = await nodeApi();
  const inst = await duck.DuckDBInstance.create(':memory:');
  const conn = await inst.connect();
  try {
    await fn(conn, duck);
  } finally {
    conn.closeSync();
    inst.closeSync();
  }
}

describe('appendArrowTable with a layout', () => {
  it('writes the rows grouped by the cluster column (nulls last), each group in the given order', async () => {
    await withConnection(async (conn, duck) => {
      await conn.run('SET preserve_insertion_order = true');
      const t = tableFromArrays({
        DeviceId: ['b', 'a', null, 'b', 'a', 'c', 'a', null],
        N: new Float64Array([1, 2, 3, 4, 5, 6, 7, 8]),
      });
      const columns = [
        { name: 'DeviceId', duckType: 'VARCHAR' },
        { name: 'N', duckType: 'DOUBLE' },
      ];
      await appendArrowTable(duck, conn, path.join(dir, 'a.csv'), { name: 'T', columns, table: t }, { clusterBy: 'DeviceId' });
      expect(await rowsOf(conn, 'SELECT DeviceId, N FROM T ORDER BY rowid')).toEqual([
        ['a', '2'], ['a', '5'], ['a', '7'], ['b', '1'], ['b', '4'], ['c', '6'], [null, '3'], [null, '8'],
      ]);
      // without a layout: the given order
      await appendArrowTable(duck, conn, path.join(dir, 'b.csv'), { name: 'U', columns, table: t });
      expect((await rowsOf(conn, 'SELECT N FROM U ORDER BY rowid')).map((r) => r[0])).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
      await expect(appendArrowTable(duck, conn, path.join(dir, 'c.csv'), { name: 'V', columns, table: t }, { clusterBy: 'Nope' })).rejects.toThrow(/Nope/);
    });
  });

  it('in a database file, one device of a big table sits in one row group, in generation order', async () => {
    const n = 2 * ROW_GROUP_ROWS + 7;
    const devices = ['d0', 'd1', 'd2', 'd3'];
    const dev = Array.from({ length: n }, (_, i) => devices[(i * 7 + (i >> 5)) % devices.length]);
    const t = tableFromArrays({ DeviceId: dev, Seq: new Float64Array(Array.from({ length: n }, (_, i) => i)) });
    const file = path.join(dir, 'big.duckdb');
    const w = await createDatabaseWriter(file);
    await w.write({ name: 'DeviceThings', columns: [{ name: 'DeviceId', duckType: 'VARCHAR' }, { name: 'Seq', duckType: 'DOUBLE' }], table: t });
    await w.close();
    await withConnection(async (conn) => {
      await conn.run(`ATTACH '${file}' AS f (READ_ONLY)`);
      // stored order: by device, then by generation position
      const bad = await rowsOf(
        conn,
        `SELECT count(*) FROM (SELECT DeviceId, Seq, lag(DeviceId) OVER (ORDER BY rowid) AS pd, lag(Seq) OVER (ORDER BY rowid) AS ps FROM f.DeviceThings)
         WHERE pd IS NOT NULL AND (DeviceId < pd OR (DeviceId = pd AND Seq <= ps))`,
      );
      expect(bad).toEqual([['0']]);
      expect(await rowsOf(conn, 'SELECT count(*) FROM f.DeviceThings')).toEqual([[String(n)]]);
      // each device's rows span at most two row groups (a device holds about half a row group)
      const groups = await rowsOf(conn, `SELECT DeviceId, count(DISTINCT rowid // ${ROW_GROUP_ROWS}) FROM f.DeviceThings GROUP BY ALL ORDER BY 1`);
      expect(groups.map((g) => g[0])).toEqual(devices);
      for (const g of groups) expect(Number(g[1])).toBeLessThanOrEqual(2);
    });
  }, 120_000);
});

describe('DatabaseWriter.derive with a row group size', () => {
  it('writes that table in row groups of that size (until the file is closed); the tables written before keep the default', async () => {
    const n = ROW_GROUP_ROWS + 5_000;
    const t = tableFromArrays({ K: new Float64Array(Array.from({ length: n }, (_, i) => i)) });
    const file = path.join(dir, 'derive.duckdb');
    const w = await createDatabaseWriter(file);
    await w.write({ name: 'Base', columns: [{ name: 'K', duckType: 'DOUBLE' }], table: t });
    expect(await w.derive('Default', 'SELECT K FROM Base ORDER BY K')).toBe(n);
    expect(await w.derive('Small', 'SELECT K, K * 2 AS K2 FROM Base ORDER BY K', { rowGroupSize: 2_048 })).toBe(n);
    // a bigger size afterwards is refused: the checkpoint would merge Small's row groups
    await expect(w.derive('Later', 'SELECT K FROM Base')).rejects.toThrow(/smaller row groups last/);
    await expect(w.derive('Later', 'SELECT K FROM Base', { rowGroupSize: 8_192 })).rejects.toThrow(/smaller row groups last/);
    await w.close();
    await withConnection(async (conn) => {
      await conn.run(`ATTACH '${file}' AS f (READ_ONLY)`);
      const groups = async (table: string) => (await rowsOf(conn, `SELECT count(DISTINCT row_group_id) FROM pragma_storage_info('f.${table}')`))[0][0];
      expect(await groups('Small')).toBe(String(Math.ceil(n / 2_048)));
      expect(await groups('Base')).toBe('2');
      expect(await groups('Default')).toBe('2');
      // the rows in the SELECT's order
      expect(await rowsOf(conn, 'SELECT count(*) FROM (SELECT K, lag(K) OVER (ORDER BY rowid) AS p FROM f.Small) WHERE p >= K')).toEqual([['0']]);
    });
  }, 120_000);
});
