/**
 * The lab written as a DuckDB database file (the default format of `huntbench generate`): the same
 * data as the Arrow files, attached read-only, reproducible by its content hash.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVICE_HOURS } from '../../src/catalog/device-hours.ts';
import { DEVICE_SUMMARY } from '../../src/catalog/device-summary.ts';
import { DEVICE_TIMELINE, TIMELINE_COLUMNS, TIMELINE_TABLES } from '../../src/catalog/device-timeline.ts';
import { ACTIVITY_HASH_TABLES, ACTIVITY_INDEX_COLUMNS, ACTOR_HASH_TABLES, FILE_HASH_INDEX, FILE_HASH_TABLES, hashKey, MAIL_HASH_TABLES } from '../../src/catalog/file-hash-index.ts';
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
  it('writes catalog.json and one database file; the catalog names it and differs from Arrow only there (and in the derived FileHashIndex, DeviceTimeline, DeviceHourlyEvents and DeviceSummary, listed last)', async () => {
    expect((await readdir(path.join(root, 'duckdb'))).sort()).toEqual(['catalog.json', 'lab.duckdb', 'questions.json']);
    expect(duckCat.database).toBe('lab.duckdb');
    expect(duckCat.tables.every((t) => t.file === undefined)).toBe(true);
    expect(duckCat.tables.at(-4)).toMatchObject({ name: FILE_HASH_INDEX, kind: 'side' });
    expect(duckCat.tables.at(-4)!.rowCount).toBeGreaterThan(100);
    expect(duckCat.tables.at(-3)).toMatchObject({ name: DEVICE_TIMELINE, kind: 'side' });
    const events = TIMELINE_TABLES.reduce((n, name) => n + (arrowCat.tables.find((t) => t.name === name)?.rowCount ?? 0), 0);
    expect(duckCat.tables.at(-3)!.rowCount).toBe(events);
    // one row per (device, hour, table) with events: fewer than the events (its rows: test/investigate/device-hours.test.ts)
    expect(duckCat.tables.at(-2)).toMatchObject({ name: DEVICE_HOURS, kind: 'side' });
    expect(duckCat.tables.at(-2)!.rowCount).toBeGreaterThan(100);
    expect(duckCat.tables.at(-2)!.rowCount).toBeLessThan(events / 2);
    expect(duckCat.tables.at(-1)).toMatchObject({ name: DEVICE_SUMMARY, kind: 'side' });
    expect(duckCat.tables.at(-1)!.rowCount).toBeGreaterThan(arrowCat.tables.find((t) => t.name === 'DeviceRiskEvents')!.rowCount!);
    const derived = new Set([FILE_HASH_INDEX, DEVICE_TIMELINE, DEVICE_HOURS, DEVICE_SUMMARY]);
    expect(arrowCat.tables.some((t) => derived.has(t.name))).toBe(false);
    const strip = (c: Catalog) => ({ ...c, database: undefined, contentHash: undefined, tables: c.tables.filter((t) => !derived.has(t.name)).map((t) => ({ ...t, file: undefined })) });
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

    it('FileHashIndex counts the rows of each hash: by hour, device, name and path under its lead hash, summed under its other hashes, the activity tables\' file rows one by one (derived here in JS from the Arrow tables); sorted by HashKey', async () => {
      const KINDS = ['SHA1', 'SHA256', 'MD5'] as const;
      const HOUR = 3_600_000_000n;
      const acts = ACTIVITY_INDEX_COLUMNS.map((c) => c.name);
      // timestamps as epoch microseconds, integers as text
      const sel = (cols: { name: string; type: string }[]) =>
        cols.map((c) => `${c.type === 'datetime' ? `epoch_us(${quoteIdent(c.name)})::VARCHAR` : c.type === 'long' || c.type === 'int' ? `${quoteIdent(c.name)}::VARCHAR` : quoteIdent(c.name)} AS ${quoteIdent(c.name)}`).join(', ');
      type Entry = { table: string; role: string; h: (string | null)[]; rest: (string | null)[]; events: bigint; first: string | null; last: string | null; act: unknown[] };
      const counted = new Map<string, Entry>();
      const entries: Entry[] = [];
      for (const [role, prefix, list] of [
        ['file', '', FILE_HASH_TABLES],
        ['actor', 'InitiatingProcess', ACTOR_HASH_TABLES],
        ['mail', '', MAIL_HASH_TABLES],
      ] as const) {
        for (const name of list) {
          const t = arrowCat.tables.find((x) => x.name === name);
          if (!t) continue;
          const col = (n: string) => t.columns.find((x) => x.name === n);
          const hashCols = KINDS.map((k) => col(`${prefix}${k}`));
          if (!hashCols.some((c) => c)) continue;
          const single = role === 'file' && ACTIVITY_HASH_TABLES.includes(name);
          const wanted = [...KINDS.map((k) => `${prefix}${k}`), 'DeviceId', 'DeviceName', `${prefix}FileName`, `${prefix}FolderPath`, 'Timestamp', ...(single ? acts : [])];
          const present = wanted.map(col).filter((c): c is NonNullable<typeof c> => !!c);
          for (const r of (await engine.query(`SELECT ${sel(present)} FROM ${quoteIdent(`arrow_${name}`)}`)).toArray()) {
            const v = (n: string) => (col(n) ? ((r[n] ?? null) as string | null) : null);
            const h = KINDS.map((k) => v(`${prefix}${k}`));
            if (!h.some((x) => x && x.length >= 15)) continue;
            const rest = [v('DeviceId'), v('DeviceName'), v(`${prefix}FileName`), v(`${prefix}FolderPath`)];
            const ts = v('Timestamp');
            if (single) {
              entries.push({ table: name, role, h, rest, events: 1n, first: ts, last: ts, act: acts.map(v) });
              continue;
            }
            const k = JSON.stringify([name, role, h, rest, ts === null ? null : (BigInt(ts) / HOUR).toString()]);
            const e = counted.get(k);
            if (!e) counted.set(k, { table: name, role, h, rest, events: 1n, first: ts, last: ts, act: acts.map(() => null) });
            else {
              e.events++;
              if (ts !== null && (e.first === null || BigInt(ts) < BigInt(e.first))) e.first = ts;
              if (ts !== null && (e.last === null || BigInt(ts) > BigInt(e.last))) e.last = ts;
            }
          }
        }
      }
      const want: string[] = [];
      const others = new Map<string, bigint>();
      for (const e of [...counted.values(), ...entries]) {
        KINDS.forEach((kind, i) => {
          const x = e.h[i];
          if (!x || !/^[0-9a-fA-F]{15}/.test(x)) return;
          const id = [hashKey(x), e.table, e.role, e.rest[0]];
          if (e.h.slice(0, i).every((b) => !b)) want.push(JSON.stringify([...id, true, kind, ...e.h, ...e.rest.slice(1), e.first, e.last, e.events.toString(), ...e.act]));
          else {
            const k = JSON.stringify([...id, false, kind, ...e.h]);
            others.set(k, (others.get(k) ?? 0n) + e.events);
          }
        });
      }
      for (const [k, n] of others) want.push(JSON.stringify([...JSON.parse(k), null, null, null, null, null, n.toString(), ...acts.map(() => null)]));
      const entry = duckCat.tables.find((t) => t.name === FILE_HASH_INDEX)!;
      const names = ['HashKey', 'Table', 'Role', 'DeviceId', 'Lead', 'Kind', 'SHA1', 'SHA256', 'MD5', 'DeviceName', 'FileName', 'FolderPath', 'FirstSeen', 'LastSeen', 'Events', ...acts];
      expect(entry.columns.map((c) => c.name)).toEqual(names);
      const rows = (await engine.query(`SELECT ${sel(entry.columns)} FROM ${FILE_HASH_INDEX}`)).toArray(); // in stored order (DuckDB keeps insertion order)
      const got = rows.map((r) => JSON.stringify(names.map((n) => r[n] ?? null)));
      expect(got.length).toBe(entry.rowCount);
      expect(got.length).toBe(want.length);
      expect([...got].sort()).toEqual([...want].sort());
      for (let i = 1; i < rows.length; i++) expect(BigInt(rows[i - 1].HashKey) <= BigInt(rows[i].HashKey), `row ${i}`).toBe(true);
    }, 240_000);

    it('DeviceTimeline holds every row of the seven event tables (derived here in JS from the Arrow tables: a string column a table lacks is empty, any other null), in (DeviceId, Timestamp, Table, ReportId) order', async () => {
      // a value as plain JSON; a struct without its null fields (the engine's dynamic values drop them)
      const norm = (v: unknown): unknown => {
        if (v === null || v === undefined) return null;
        if (typeof v === 'bigint') return v.toString();
        if (v instanceof Date) return v.toISOString();
        if (typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') v = (v as { toJSON(): unknown }).toJSON();
        if (Array.isArray(v)) return v.map(norm);
        if (typeof v === 'object' && v) return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null && x !== undefined).map(([k, x]) => [k, norm(x)]));
        return v;
      };
      const sel = (names: readonly string[]) => names.map((c) => (c === 'Timestamp' || c.endsWith('CreationTime') ? `epoch_us(${quoteIdent(c)})::VARCHAR AS ${quoteIdent(c)}` : quoteIdent(c))).join(', ');
      const want: string[] = [];
      for (const name of TIMELINE_TABLES) {
        const t = arrowCat.tables.find((x) => x.name === name)!;
        const has = TIMELINE_COLUMNS.filter((c) => t.columns.some((x) => x.name === c));
        for (const r of (await engine.query(`SELECT ${sel(has)} FROM ${quoteIdent(`arrow_${name}`)}`)).toArray()) {
          const row: unknown[] = [name];
          for (const c of TIMELINE_COLUMNS) {
            const col = t.columns.find((x) => x.name === c);
            row.push(col ? norm(r[c]) : duckCat.tables.find((x) => x.name === DEVICE_TIMELINE)!.columns.find((x) => x.name === c)!.type === 'string' ? '' : null);
          }
          want.push(JSON.stringify(row));
        }
      }
      const got = (await engine.query(`SELECT "Table", ${sel(TIMELINE_COLUMNS)} FROM ${DEVICE_TIMELINE}`)).toArray().map((r) => JSON.stringify([r.Table, ...TIMELINE_COLUMNS.map((c) => norm(r[c]))]));
      expect(got.length).toBe(want.length);
      expect([...got].sort()).toEqual([...want].sort());
      // the stored order: by device (nulls last), time, table, ReportId; (DeviceId, Table, ReportId) is unique
      const keys = got.map((g) => {
        const r = JSON.parse(g) as unknown[];
        const at = (c: string) => r[1 + TIMELINE_COLUMNS.indexOf(c)];
        return { d: at('DeviceId') as string | null, t: BigInt(at('Timestamp') as string), table: r[0] as string, id: BigInt(at('ReportId') as string) };
      });
      expect(new Set(keys.map((k) => `${k.d}|${k.table}|${k.id}`)).size).toBe(keys.length);
      const cmp = (a: (typeof keys)[0], b: (typeof keys)[0]) =>
        a.d === b.d ? (a.t !== b.t ? (a.t < b.t ? -1 : 1) : a.table !== b.table ? (a.table < b.table ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.d === null ? 1 : b.d === null ? -1 : a.d < b.d ? -1 : 1;
      for (let i = 1; i < keys.length; i++) expect(cmp(keys[i - 1], keys[i]), `row ${i}`).toBe(-1);
    }, 240_000);

    it('column names and types match the Arrow import', async () => {
      const describe = async (t: string) =>
        (await engine.query(`DESCRIBE ${quoteIdent(t)}`)).toArray().map((r) => `${r.column_name}:${r.column_type}`);
      for (const t of arrowCat.tables) {
        const own = await describe(t.name);
        // the listed columns, then the hidden ones (`_ItemId`), in both formats
        expect(own.length).toBe(t.columns.length + (t.hiddenColumns?.length ?? 0));
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
