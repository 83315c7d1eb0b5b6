/**
 * Big labs spill their tables to CSV chunks while they are generated (`chunkRows`), and DuckDB
 * orders and numbers the chunks: the database must hold exactly the rows, in the same order, that
 * the in-memory path writes. Forced here on a small lab with tiny chunks so that almost every table spills.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/catalog/types.ts';
import { CsvSink, nodeApi } from '../../src/engine/db-writer.ts';
import { quoteIdent } from '../../src/engine/setup.ts';
import { TableSink } from '../../src/lab/builder.ts';
import { writeLab } from '../../src/lab/index.ts';
import { buildTableDefs } from '../../src/lab/schema.ts';

const OPTS = { scale: 0.1, seed: 7 };
const CHUNK = 100;
// rows per ordered insert: small, so the time and insertion-number ranges are exercised too
const PART = 150;
let root: string;
let whole: Catalog;
let spilled: Catalog;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'lab-spill-'));
  whole = await writeLab(path.join(root, 'whole'), OPTS);
  spilled = await writeLab(path.join(root, 'spilled'), { ...OPTS, chunkRows: CHUNK, partRows: PART });
}, 240_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('spilling tables in chunks', () => {
  it('gives the same catalog (row counts, ActionType counts) and leaves no chunk files', async () => {
    expect(spilled.tables.filter((t) => (t.rowCount ?? 0) > CHUNK).length).toBeGreaterThan(15);
    expect({ ...spilled, contentHash: undefined }).toEqual({ ...whole, contentHash: undefined });
    // spilled tables are hashed over their CSV chunks
    expect(spilled.contentHash).not.toBe(whole.contentHash);
    expect((await readdir(path.join(root, 'spilled'))).sort()).toEqual(['catalog.json', 'lab.duckdb', 'questions.json']);
  });

  it('every table holds the same rows in the same order (ReportIds per device included)', async () => {
    const duck = await nodeApi();
    const inst = await duck.DuckDBInstance.create(':memory:');
    const conn = await inst.connect();
    try {
      await conn.run(`ATTACH '${path.join(root, 'whole', 'lab.duckdb')}' AS a (READ_ONLY)`);
      await conn.run(`ATTACH '${path.join(root, 'spilled', 'lab.duckdb')}' AS b (READ_ONLY)`);
      for (const t of whole.tables) {
        const diff = (x: string, y: string) => `(SELECT count(*) FROM (SELECT rowid, * FROM ${x}.${quoteIdent(t.name)} EXCEPT ALL SELECT rowid, * FROM ${y}.${quoteIdent(t.name)}))::BIGINT`;
        const r = (await conn.runAndReadAll(`SELECT (SELECT count(*) FROM b.${quoteIdent(t.name)})::BIGINT, ${diff('a', 'b')}, ${diff('b', 'a')}`)).getRows()[0].map(Number);
        expect({ table: t.name, rows: r[0], missing: r[1], extra: r[2] }).toEqual({ table: t.name, rows: t.rowCount, missing: 0, extra: 0 });
      }
    } finally {
      conn.closeSync();
      inst.closeSync();
    }
  }, 240_000);

  it('is reproducible: the same seed gives the same catalog.json (content hash included)', async () => {
    await writeLab(path.join(root, 'again'), { ...OPTS, chunkRows: CHUNK, partRows: PART });
    expect(await readFile(path.join(root, 'again', 'catalog.json'), 'utf8')).toBe(await readFile(path.join(root, 'spilled', 'catalog.json'), 'utf8'));
  }, 240_000);
});

describe('a spilling sink', () => {
  const def = buildTableDefs().find((d) => d.name === 'DeviceEvents')!;
  it('hands out chunks, keeps counts, refuses reads of spilled rows, and watch() still sees them', () => {
    const chunks: string[] = [];
    const sink = new TableSink(def, {
      chunkRows: 2,
      countCols: ['ActionType', 'DeviceId'],
      onChunk: (s) => {
        let text = '';
        const dec = new TextDecoder();
        s.writeCsv({
          byte: (b) => (text += String.fromCharCode(b)),
          ascii: (x) => (text += x),
          quoted: (b, x, y) => (text += `"${dec.decode(b.subarray(x, y))}"`),
          int: (x) => (text += String(x)),
          raw: (b) => (text += dec.decode(b)),
          quotedText: (x) => (text += `"${x}"`),
        });
        chunks.push(text);
      },
    });
    const seen = sink.watch('ActionType', 'AntivirusDetection', 'Timestamp');
    sink.add({ Timestamp: 5, DeviceId: 'd1', ActionType: 'A' });
    sink.add({ Timestamp: 3, DeviceId: 'd2', ActionType: 'AntivirusDetection' });
    sink.add({ Timestamp: 4, DeviceId: 'd1', ActionType: 'A' });
    expect(chunks.length).toBe(1);
    expect(chunks[0].split('\n')[1].startsWith('1,')).toBe(true); // insertion number first
    expect(sink.length).toBe(3);
    expect(sink.held).toBe(1);
    expect(seen.found()).toBe(3);
    expect(() => sink.get(0, 'Timestamp')).toThrow(/spilled/);
    expect(sink.valueCounts('ActionType')).toEqual({ A: 2, AntivirusDetection: 1 });
    const counters = new Map([['d1', 10]]);
    sink.numberPerDevice('DeviceId', 'ReportId', counters);
    expect(sink.spilled?.numbering?.bases).toEqual(new Map([['d1', 10], ['d2', 0]]));
    expect(counters).toEqual(new Map([['d1', 12], ['d2', 1]]));
  });

  it('keep() copies the matching rows, in order, and they stay readable after spilling', () => {
    const sink = new TableSink(def, { chunkRows: 2, onChunk: () => {} });
    sink.keep('av', ['Timestamp', 'FileName'], (get) => get('ActionType') === 'AntivirusDetection');
    for (let i = 0; i < 5; i++) sink.add({ Timestamp: 10 + i, ActionType: i % 2 ? 'AntivirusDetection' : 'A', FileName: i === 3 ? null : `f${i}` });
    const k = sink.kept('av');
    expect(sink.spilled?.rows).toBe(4);
    expect([0, 1].map((i) => [k.get(i, 'Timestamp'), k.get(i, 'FileName')])).toEqual([
      [11, 'f1'],
      [13, null],
    ]);
    expect(k.length).toBe(2);
    expect(() => sink.keep('late', ['Timestamp'], () => true)).toThrow(/after rows/);
    expect(() => sink.kept('nope')).toThrow(/nothing kept/);
  });

  it('the CSV writer prints integers as String() does and quotes strings as CSV', () => {
    const file = path.join(root, 'ints.csv');
    const out = new CsvSink(file);
    const xs = [0, -0, 1, -1, 9, 10, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1, 1716000000123456, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER];
    for (let k = 0; k < 2000; k++) xs.push(Math.trunc(Math.sin(k) * 2 ** (k % 54)));
    for (const x of xs) {
      out.int(x);
      out.byte(0x0a);
    }
    out.quotedText('a"b');
    out.byte(0x0a);
    out.quotedText('é"ü');
    out.close();
    expect(readFileSync(file, 'utf8').split('\n')).toEqual([...xs.map(String), '"a""b"', '"é""ü"']);
  });
});
