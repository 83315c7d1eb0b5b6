/**
 * The key and the rules of the kept results (state/result-cache.ts), with SQL from the real
 * compiler on the lab catalog; the workbench's restore on a revisit is in test/e2e/restore.e2e.ts.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/catalog/types.ts';
import { compile } from '../../src/kql/index.ts';
import { catalogHash } from '../../src/state/compile-cache.ts';
import {
  memoryResultStore,
  RESULT_CACHE_CHARS,
  RESULT_CACHE_ENTRIES,
  RESULT_CACHE_ROWS,
  type ResultInputs,
  resultKey,
  type StoredResult,
  unrestorable,
  withinCaps,
} from '../../src/state/result-cache.ts';

const lab = JSON.parse(fs.readFileSync(new URL('../../datasets/lab/catalog.json', import.meta.url), 'utf8')) as Catalog;

function sqlOf(kql: string, catalog: Catalog = lab): string {
  const r = compile(kql, { catalog });
  expect(r.ok, JSON.stringify(r.diagnostics)).toBe(true);
  return r.sql!;
}

describe('result key', () => {
  const base: ResultInputs = {
    engine: 'http://x/assets/duckdb-eh-AAAA.wasm',
    dataset: 'a'.repeat(64),
    catalog: catalogHash(lab),
    now: lab.now!,
    sql: sqlOf('DeviceProcessEvents | take 10'),
    maxRows: 50_000,
  };

  it('is the same for the same inputs, and differs when any one of them changes', () => {
    expect(resultKey({ ...base })).toBe(resultKey(base));
    const changes: Partial<ResultInputs>[] = [
      { engine: 'http://x/assets/duckdb-eh-BBBB.wasm' },
      { dataset: 'b'.repeat(64) },
      { catalog: catalogHash({ ...lab, now: '2024-05-18T00:30:00Z' }) },
      { catalog: catalogHash({ ...lab, tables: lab.tables.slice(1) }) },
      { now: '2024-05-18T00:30:00Z' },
      { sql: sqlOf('DeviceProcessEvents | take 11') },
      { sql: `${base.sql} ` },
      { maxRows: 1000 },
    ];
    const keys = new Set([resultKey(base), ...changes.map((c) => resultKey({ ...base, ...c }))]);
    expect(keys.size).toBe(changes.length + 1);
  });

  it('compares the SQL in full, not a digest of it', () => {
    expect(resultKey(base)).toContain(JSON.stringify(base.sql));
  });

  it('a query reading the pinned now() compiles to SQL that changes with now, so another now is another key', () => {
    const q = 'DeviceProcessEvents | where Timestamp > ago(1h) | count';
    const other = { ...lab, now: '2024-05-18T00:30:00Z' };
    expect(sqlOf(q)).not.toBe(sqlOf(q, other));
  });
});

describe('what is never kept', () => {
  it('results of queries that read randomness', () => {
    expect(unrestorable(sqlOf('DeviceProcessEvents | take 3 | extend r = rand()'), [])).toMatch(/randomness/);
    expect(unrestorable(sqlOf('DeviceProcessEvents | take 3 | extend g = new_guid()'), [])).toMatch(/randomness/);
    expect(unrestorable(sqlOf('DeviceProcessEvents | take 3 | extend n = rand(10)'), [])).toMatch(/randomness/);
    expect(unrestorable('SELECT * FROM "DeviceProcessEvents" USING SAMPLE 10', [])).not.toBeNull();
    expect(unrestorable('SELECT current_timestamp AS t', [])).not.toBeNull();
    expect(unrestorable('SELECT now() AS t', [])).not.toBeNull();
  });

  it('results of queries that read an uploaded table (its content is not in the key)', () => {
    const sql = 'SELECT * FROM "MyUpload" LIMIT 10';
    expect(unrestorable(sql, ['MyUpload'])).toMatch(/uploaded/);
    expect(unrestorable(sql, ['myupload'])).toMatch(/uploaded/);
    expect(unrestorable(sql, [])).toBeNull();
  });

  it('keeps plain queries on the dataset, including those over the pinned now', () => {
    expect(unrestorable(sqlOf('DeviceProcessEvents | take 10'), [])).toBeNull();
    expect(unrestorable(sqlOf('DeviceProcessEvents | where Timestamp > ago(3h) | summarize n = count() by ActionType'), [])).toBeNull();
  });

  it('results over the size caps', () => {
    const row = (i: number) => [i, `row-${i}`, 10n ** 12n];
    const cols = [
      { name: 'i', type: 'long' as const },
      { name: 's', type: 'string' as const },
      { name: 'b', type: 'long' as const },
    ];
    expect(withinCaps({ columns: cols, rows: Array.from({ length: 100 }, (_, i) => row(i)) })).toBe(true);
    expect(withinCaps({ columns: cols, rows: Array.from({ length: RESULT_CACHE_ROWS + 1 }, (_, i) => row(i)) })).toBe(false);
    expect(withinCaps({ columns: cols, rows: [[1, 'x'.repeat(RESULT_CACHE_CHARS), 1n]] })).toBe(false);
  });
});

describe('store', () => {
  it('keeps one record per tab and drops the oldest past the entry cap', async () => {
    const store = memoryResultStore();
    const rec = (tab: string, savedAt: number): StoredResult => ({ tab, key: 'k', kql: 'q', sql: 's', result: { columns: [], rows: [] }, savedAt });
    for (let i = 0; i < RESULT_CACHE_ENTRIES + 3; i++) await store.put(rec(`t${i}`, 1000 + i));
    await store.put(rec('t5', 5000));
    expect(store.records.size).toBe(RESULT_CACHE_ENTRIES);
    expect(await store.get('t0')).toBeNull();
    expect((await store.get('t5'))?.savedAt).toBe(5000);
    await store.delete('t5');
    expect(await store.get('t5')).toBeNull();
  });
});
