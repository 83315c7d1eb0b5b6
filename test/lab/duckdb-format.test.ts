/**
 * The lab written as a DuckDB database file (the default format of `huntbench generate`): the same
 * data as the Arrow files, attached read-only, reproducible by its content hash.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILE_HASH_INDEX, hashKey } from '../../src/catalog/file-hash-index.ts';
import type { Catalog } from '../../src/catalog/types.ts';
import { attachDataset } from '../../src/cli/datasets.ts';
import { storageNames } from '../../src/catalog/storage.ts';
import { createNodeEngine } from '../../src/engine/node.ts';
import { quoteIdent } from '../../src/engine/setup.ts';
import type { Engine } from '../../src/engine/types.ts';
import { loadDatasetDir, writeLab } from '../../src/lab/index.ts';

const OPTS = { scale: 0.3, seed: 7 };
let root: string;
let arrowCat: Catalog;
let duckCat: Catalog;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'lab-duckdb-'));
  arrowCat = await writeLab(path.join(root, 'arrow'), { ...OPTS, format: 'arrow' });
  duckCat = await writeLab(path.join(root, 'duckdb'), OPTS);
}, 120_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('lab as a DuckDB database file', () => {
  it('writes catalog.json and one database file; the catalog names it and differs from Arrow only there (and in the derived FileHashIndex, listed last)', async () => {
    expect((await readdir(path.join(root, 'duckdb'))).sort()).toEqual(['catalog.json', 'lab.duckdb', 'questions.json']);
    expect(duckCat.database).toBe('lab.duckdb');
    expect(duckCat.tables.every((t) => t.file === undefined)).toBe(true);
    expect(duckCat.tables.at(-1)).toMatchObject({ name: FILE_HASH_INDEX, kind: 'side' });
    expect(duckCat.tables.at(-1)!.rowCount).toBeGreaterThan(100);
    expect(arrowCat.tables.some((t) => t.name === FILE_HASH_INDEX)).toBe(false);
    const strip = (c: Catalog) => ({ ...c, database: undefined, contentHash: undefined, tables: c.tables.filter((t) => t.name !== FILE_HASH_INDEX).map((t) => ({ ...t, file: undefined })) });
    expect(strip(duckCat)).toEqual(strip(arrowCat));
    // the content hash is over what each format writes (CSV lines for DuckDB, Arrow streams): both reproducible, not equal
    expect(duckCat.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(arrowCat.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(duckCat.contentHash).not.toBe(arrowCat.contentHash);
  });

  it('regenerating with the same seed gives the same catalog.json (content hash included)', async () => {
    const again = path.join(root, 'again');
    await writeLab(again, OPTS);
    expect(await readFile(path.join(again, 'catalog.json'), 'utf8')).toBe(await readFile(path.join(root, 'duckdb', 'catalog.json'), 'utf8'));
    const other = await writeLab(path.join(root, 'other'), { ...OPTS, seed: 8 });
    expect(other.contentHash).not.toBe(duckCat.contentHash);
    const arrowAgain = await writeLab(path.join(root, 'arrow-again'), { ...OPTS, format: 'arrow' });
    expect(arrowAgain.contentHash).toBe(arrowCat.contentHash);
  }, 120_000);

  describe('on the engine', () => {
    let engine: Engine;
    beforeAll(async () => {
      engine = await createNodeEngine();
      // the Arrow tables under other names, the database file's tables under their own
      const { files } = await loadDatasetDir(path.join(root, 'arrow'));
      for (const [t, bytes] of files) await engine.loadArrow(`arrow_${t}`, bytes);
      await attachDataset(engine, path.join(root, 'duckdb'), duckCat);
      await engine.lockDown();
    }, 120_000);
    afterAll(async () => {
      await engine?.close();
    });

    it('every table holds exactly the rows of its Arrow file (compared both ways, nested columns included)', async () => {
      for (const t of arrowCat.tables) {
        const cols = storageNames(t.columns.map((c) => c.name))
          .map(quoteIdent)
          .join(', ');
        const a = quoteIdent(`arrow_${t.name}`);
        const d = quoteIdent(t.name);
        const r = await engine.query(
          `SELECT (SELECT count(*) FROM ${d})::BIGINT AS n,
                  (SELECT count(*) FROM (SELECT ${cols} FROM ${a} EXCEPT ALL SELECT ${cols} FROM ${d}))::BIGINT AS missing,
                  (SELECT count(*) FROM (SELECT ${cols} FROM ${d} EXCEPT ALL SELECT ${cols} FROM ${a}))::BIGINT AS extra`,
        );
        const row = r.get(0)!;
        expect({ table: t.name, n: Number(row.n), missing: Number(row.missing), extra: Number(row.extra) }).toEqual({
          table: t.name,
          n: t.rowCount,
          missing: 0,
          extra: 0,
        });
      }
      // two full EXCEPT ALL passes over every table of the lab (59 tables): over a minute on a loaded 2-core machine
    }, 240_000);

    it('FileHashIndex lists exactly the (hash key, table, role, device, lead) of the rows (derived here in JS from the Arrow tables)', async () => {
      const want = new Set<string>();
      for (const [role, prefix, list] of [
        ['file', '', ['DeviceProcessEvents', 'DeviceFileEvents', 'DeviceImageLoadEvents', 'DeviceEvents', 'AlertEvidence', 'DeviceFileCertificateInfo', 'FileProfiles']],
        ['actor', 'InitiatingProcess', ['DeviceProcessEvents', 'DeviceFileEvents', 'DeviceImageLoadEvents', 'DeviceEvents', 'DeviceRegistryEvents', 'DeviceNetworkEvents', 'DeviceLogonEvents']],
      ] as const) {
        for (const name of list) {
          const cols = arrowCat.tables.find((t) => t.name === name)!.columns.map((c) => c.name);
          const kinds = ['SHA1', 'SHA256', 'MD5'].map((k) => `${prefix}${k}`).filter((c) => cols.includes(c));
          const sel = [cols.includes('DeviceId') ? 'DeviceId' : 'NULL AS DeviceId', ...kinds.map(quoteIdent)].join(', ');
          for (const r of (await engine.query(`SELECT ${sel} FROM ${quoteIdent(`arrow_${name}`)}`)).toArray()) {
            let lead = true;
            for (const k of kinds) {
              const v = r[k] as string | null;
              if (!v) continue;
              if (/^[0-9a-fA-F]{15}/.test(v)) want.add(JSON.stringify([hashKey(v), name, role, r.DeviceId ?? null, lead]));
              lead = false;
            }
          }
        }
      }
      const got = (await engine.query(`SELECT HashKey::VARCHAR AS k, "Table", Role, DeviceId, Lead FROM ${FILE_HASH_INDEX}`)).toArray().map((r) => JSON.stringify([r.k, r.Table, r.Role, r.DeviceId ?? null, r.Lead]));
      expect(got.length).toBe(new Set(got).size);
      expect(got.length).toBe(duckCat.tables.at(-1)!.rowCount);
      expect(new Set(got)).toEqual(want);
    });

    it('column names and types match the Arrow import', async () => {
      const describe = async (t: string) =>
        (await engine.query(`DESCRIBE ${quoteIdent(t)}`)).toArray().map((r) => `${r.column_name}:${r.column_type}`);
      for (const t of arrowCat.tables) {
        const own = await describe(t.name);
        expect(own.length).toBe(t.columns.length);
        expect(own, t.name).toEqual(await describe(`arrow_${t.name}`));
      }
    });

    it('the tables are read-only views: writes are refused, and nothing outside the database is reachable', async () => {
      await expect(engine.query('DELETE FROM "AlertInfo"')).rejects.toThrow();
      await expect(engine.query(`SELECT * FROM read_csv('${path.join(root, 'arrow', 'catalog.json')}')`)).rejects.toThrow();
      await expect(engine.query(`ATTACH '${path.join(root, 'duckdb', 'lab.duckdb')}' AS again`)).rejects.toThrow();
    });

    it('refuses a database file that lacks a catalog table', async () => {
      const e = await createNodeEngine();
      try {
        await expect(e.attachDatabase(path.join(root, 'duckdb', 'lab.duckdb'), ['AlertInfo', 'NoSuchTable'])).rejects.toThrow(/NoSuchTable/);
      } finally {
        await e.close();
      }
    });
  });
});
