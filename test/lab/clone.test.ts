/**
 * Big labs clone background devices inside DuckDB above the distinct scale (src/lab/clone.ts).
 * The threshold is lowered here (distinct scale 2, requested scale 4) so a small lab clones: the
 * clones must be new devices (ids, names), stay inside the dataset's days, join to their
 * DeviceInfo rows, be the same rows whether stored as views or as inserted rows, and be
 * reproducible from the seed.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/catalog/types.ts';
import { attachDataset } from '../../src/cli/datasets.ts';
import { nodeApi } from '../../src/engine/db-writer.ts';
import { createNodeEngine } from '../../src/engine/node.ts';
import { quoteIdent, quoteString } from '../../src/engine/setup.ts';
import { backgroundDevices, CLONE_TABLES, CLONES_TABLE, hostNamePattern, marked, NAMED_PREFIX, TPL_PREFIX, unmarked } from '../../src/lab/clone.ts';
import { writeLab } from '../../src/lab/index.ts';

const OPTS = { scale: 4, seed: 7, distinctScale: 2 };
let root: string;
let view: Catalog;
let table: Catalog;
let plain: Catalog;
let full: Catalog;

type Conn = import('@duckdb/node-api').DuckDBConnection;
let inst: import('@duckdb/node-api').DuckDBInstance;
let conn: Conn;
const rows = async (sql: string) => (await conn.runAndReadAll(sql)).getRows().map((r) => r.map((x) => (typeof x === 'bigint' ? Number(x) : x)));

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'lab-clone-'));
  view = await writeLab(path.join(root, 'view'), { ...OPTS, cloneAs: 'view' });
  table = await writeLab(path.join(root, 'table'), { ...OPTS, cloneAs: 'table' });
  plain = await writeLab(path.join(root, 'plain'), { scale: 2, seed: 7 });
  // without cloneAs every device is simulated, whatever the scale
  full = await writeLab(path.join(root, 'full'), OPTS);
  const duck = await nodeApi();
  inst = await duck.DuckDBInstance.create(':memory:');
  conn = await inst.connect();
  await conn.run(`ATTACH '${path.join(root, 'view', 'lab.duckdb')}' AS v (READ_ONLY)`);
  await conn.run(`ATTACH '${path.join(root, 'table', 'lab.duckdb')}' AS t (READ_ONLY)`);
  await conn.run(`ATTACH '${path.join(root, 'plain', 'lab.duckdb')}' AS p (READ_ONLY)`);
}, 300_000);

afterAll(async () => {
  conn?.closeSync();
  inst?.closeSync();
  await rm(root, { recursive: true, force: true });
});

const clonedTables = () => view.tables.filter((t) => CLONE_TABLES.includes(t.name) && (t.rowCount ?? 0) > 0).map((t) => t.name);

describe('cloning background devices above the distinct scale', () => {
  it('simulates the distinct scale and adds the missing background devices as clones', async () => {
    const added = backgroundDevices(4) - backgroundDevices(2);
    expect(view.scale).toBe(4);
    expect(view.clones).toMatchObject({ distinctScale: 2, clones: added, as: 'view' });
    expect(view.clones!.sources).toBeGreaterThan(0);
    expect(plain.clones).toBeUndefined();
    expect(full.clones).toBeUndefined();
    expect(full.tables.find((t) => t.name === 'DeviceInfo')!.rowCount).toBeGreaterThan(plain.tables.find((t) => t.name === 'DeviceInfo')!.rowCount!);
    // a cloned lab has no FileHashIndex (its per-hash counts would miss the clones): the file view searches the tables
    expect(full.tables.some((t) => t.name === 'FileHashIndex')).toBe(true);
    expect(view.tables.some((t) => t.name === 'FileHashIndex')).toBe(false);
    // nor a DeviceSummary (the device page would not find the clones in it): the page queries the tables
    expect(full.tables.some((t) => t.name === 'DeviceSummary')).toBe(true);
    expect(view.tables.some((t) => t.name === 'DeviceSummary')).toBe(false);
    const [[before]] = await rows('SELECT count(DISTINCT DeviceId) FROM p.DeviceInfo');
    const [[ids, names]] = await rows('SELECT count(DISTINCT DeviceId), count(DISTINCT DeviceName) FROM v.DeviceInfo');
    expect([ids, names]).toEqual([Number(before) + added, Number(before) + added]);
    // the simulated rows are those of the distinct scale's lab, unchanged
    for (const name of ['DeviceProcessEvents', 'SigninLogs', 'AlertEvidence']) {
      const [[a, b]] = await rows(`SELECT (SELECT count(*) FROM p.${quoteIdent(name)}), (SELECT count(*) FROM (SELECT * FROM p.${quoteIdent(name)} EXCEPT ALL SELECT * FROM v.${quoteIdent(name)}))`);
      expect({ name, missing: b }).toEqual({ name, missing: 0 });
      expect(a).toBeGreaterThan(0);
    }
  });

  it("renames a source's name in text only as a whole host name, in its case", async () => {
    const rename = async (text: string, from: string, to: string) => {
      const x = marked(quoteString(text), quoteString(`(?i)${hostNamePattern(from)}`), quoteString(hostNamePattern(from.toUpperCase())));
      const [[got]] = await rows(`SELECT ${unmarked(x, quoteString(to))}`);
      return got;
    };
    expect(await rename('net use \\\\win10-wks1\\c$ & ping win10-wks12 & ping win10-wks1.corp.example', 'win10-wks1', 'win10-wks2000')).toBe(
      'net use \\\\win10-wks2000\\c$ & ping win10-wks12 & ping win10-wks2000.corp.example',
    );
    expect(await rename('WIN10-WKS1$,win10-wks1,Win10-Wks1 xwin10-wks1 win10-wks1-b', 'win10-wks1', 'win10-wks2000')).toBe('WIN10-WKS2000$,win10-wks2000,win10-wks2000 xwin10-wks1 win10-wks1-b');
    expect(await rename('win10-wks1', 'win10-wks1', 'win10-wks2000')).toBe('win10-wks2000');
    // the views join the sources' plain rows with the clones; the named rows' clones are stored
    const [[tpl, named]] = await rows(`SELECT (SELECT count(*) FROM v.${quoteIdent(`${TPL_PREFIX}DeviceProcessEvents`)}), (SELECT count(*) FROM v.${quoteIdent(`${NAMED_PREFIX}DeviceProcessEvents`)})`);
    expect(Number(tpl)).toBeGreaterThan(0);
    expect(Number(named)).toBeGreaterThanOrEqual(0);
  });

  it('views and inserted rows hold the same rows, and the catalog counts them', async () => {
    expect({ ...table, clones: undefined }).toEqual({ ...view, clones: undefined });
    for (const name of clonedTables()) {
      const q = quoteIdent(name);
      const [[n, missing, extra]] = await rows(`SELECT (SELECT count(*) FROM v.${q}), (SELECT count(*) FROM (SELECT * FROM v.${q} EXCEPT ALL SELECT * FROM t.${q})), (SELECT count(*) FROM (SELECT * FROM t.${q} EXCEPT ALL SELECT * FROM v.${q}))`);
      expect({ name, n, missing, extra }).toEqual({ name, n: view.tables.find((t) => t.name === name)!.rowCount, missing: 0, extra: 0 });
    }
  }, 240_000);

  it('clones are new devices whose rows stay inside the four days and join to their DeviceInfo rows', async () => {
    const clones = await rows(`SELECT src_id, new_id, new_name, shift_s FROM v.${CLONES_TABLE}`);
    expect(clones.length).toBe(view.clones!.clones);
    const [[collide]] = await rows(`SELECT count(*) FROM v.${CLONES_TABLE} k JOIN p.DeviceInfo d ON d.DeviceId = k.new_id OR d.DeviceName = k.new_name`);
    expect(collide).toBe(0);
    expect(new Set(clones.map((c) => c[3])).size).toBeGreaterThan(1);
    const [[from, to]] = await rows('SELECT min(Timestamp), max(Timestamp) FROM p.DeviceInfo');
    for (const name of clonedTables().filter((n) => n !== 'DeviceTimeline')) {
      const q = quoteIdent(name);
      const hasTime = view.tables.find((t) => t.name === name)!.columns.some((c) => c.name === 'Timestamp');
      // every clone row: its device is in DeviceInfo under the same name, its time within the days
      const [[n, orphan, early, late]] = await rows(
        `SELECT count(*), count(*) FILTER (WHERE d.DeviceId IS NULL), ${hasTime ? `count(*) FILTER (WHERE e.Timestamp < date_trunc('day', '${from}'::TIMESTAMP)), count(*) FILTER (WHERE e.Timestamp >= date_trunc('day', '${from}'::TIMESTAMP) + INTERVAL 4 DAY)` : '0, 0'}
         FROM v.${q} e JOIN v.${CLONES_TABLE} k ON k.new_id = e.DeviceId LEFT JOIN (SELECT DISTINCT DeviceId, DeviceName FROM v.DeviceInfo) d ON d.DeviceId = e.DeviceId ${name === 'DeviceTvmBrowserExtensions' || name === 'DeviceTvmCertificateInfo' || !view.tables.find((t) => t.name === name)!.columns.some((c) => c.name === 'DeviceName') ? '' : 'AND d.DeviceName = e.DeviceName'}`,
      );
      expect({ name, orphan, early, late }).toEqual({ name, orphan: 0, early: 0, late: 0 });
      if (['DeviceProcessEvents', 'DeviceInfo', 'DeviceNetworkInfo', 'DeviceNetworkEvents'].includes(name)) expect({ name, n: Number(n) > 0 }).toEqual({ name, n: true });
      expect(String(to) > String(from)).toBe(true);
    }
    // a clone's rows: its source's rows (those the shift keeps inside the days), shifted by the clone's constant, its own name where the source's was
    const [[same, shifted, named, renamed]] = await rows(
      `SELECT count(*), count(*) FILTER (WHERE c.Timestamp = s.Timestamp + to_seconds(k.shift_s)),
         count(*) FILTER (WHERE contains(lower(s.ProcessCommandLine), k.src_short)),
         count(*) FILTER (WHERE contains(lower(s.ProcessCommandLine), k.src_short) AND contains(lower(c.ProcessCommandLine), k.new_short) AND NOT contains(lower(c.ProcessCommandLine), k.src_short))
       FROM v.${CLONES_TABLE} k JOIN p.DeviceProcessEvents s ON s.DeviceId = k.src_id JOIN v.DeviceProcessEvents c ON c.DeviceId = k.new_id AND c.ReportId = s.ReportId`,
    );
    const [[srcRows, inside]] = await rows(
      `SELECT count(*), count(*) FILTER (WHERE s.Timestamp + to_seconds(k.shift_s) >= date_trunc('day', '${from}'::TIMESTAMP) AND s.Timestamp + to_seconds(k.shift_s) < date_trunc('day', '${from}'::TIMESTAMP) + INTERVAL 4 DAY)
       FROM v.${CLONES_TABLE} k JOIN p.DeviceProcessEvents s ON s.DeviceId = k.src_id`,
    );
    expect(same).toBe(inside);
    expect(same).toBeGreaterThan(Number(srcRows) * 0.95);
    expect(shifted).toBe(same);
    expect(renamed).toBe(named);
  });

  it('inserted clones keep each device grouped and in time order', async () => {
    const [[devices, runs, inversions]] = await rows(
      `SELECT count(DISTINCT DeviceId), sum(CASE WHEN DeviceId IS DISTINCT FROM prev THEN 1 ELSE 0 END), count(*) FILTER (WHERE DeviceId = prev AND Timestamp < prevT)
       FROM (SELECT DeviceId, Timestamp, lag(DeviceId) OVER (ORDER BY rowid) AS prev, lag(Timestamp) OVER (ORDER BY rowid) AS prevT FROM t.DeviceProcessEvents WHERE rowid >= (SELECT count(*) FROM p.DeviceProcessEvents))`,
    );
    expect(runs).toBe(devices);
    expect(inversions).toBe(0);
  });

  it('is reproducible: the same seed gives the same catalog.json and the same clone rows', async () => {
    const again = await writeLab(path.join(root, 'again'), { ...OPTS, cloneAs: 'view' });
    expect(await readFile(path.join(root, 'again', 'catalog.json'), 'utf8')).toBe(await readFile(path.join(root, 'view', 'catalog.json'), 'utf8'));
    await conn.run(`ATTACH '${path.join(root, 'again', 'lab.duckdb')}' AS a (READ_ONLY)`);
    const [[diff]] = await rows(`SELECT count(*) FROM (SELECT * FROM a.${CLONES_TABLE} EXCEPT ALL SELECT * FROM v.${CLONES_TABLE})`);
    expect(diff).toBe(0);
    const other = await writeLab(path.join(root, 'other'), { ...OPTS, cloneAs: 'view', seed: 8 });
    expect(other.contentHash).not.toBe(again.contentHash);
  }, 240_000);

  it('the WebAssembly engine queries the cloned tables through the dataset file', async () => {
    const engine = await createNodeEngine();
    try {
      await attachDataset(engine, path.join(root, 'view'), view);
      const got = (await engine.query('SELECT count(*)::INTEGER AS n, count(DISTINCT DeviceId)::INTEGER AS d FROM DeviceInfo')).toArray()[0];
      const [[n, d]] = await rows('SELECT count(*), count(DISTINCT DeviceId) FROM v.DeviceInfo');
      expect([got.n, got.d]).toEqual([n, d]);
    } finally {
      await engine.close();
    }
  }, 120_000);
});
