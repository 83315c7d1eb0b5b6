/**
 * The compile cache's keying and limits (state/compile-cache.ts); the workbench's use of it (served
 * before the compiler answers, checked afterwards) is in workbench.test.ts.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/catalog/types.ts';
import type { CompileResult } from '../../src/kql/api.ts';
import { compile } from '../../src/kql/index.ts';
import { COMPILE_CACHE_CHARS, COMPILE_CACHE_ENTRIES, COMPILE_CACHE_KEY, CompileCache, catalogHash, sameCompile } from '../../src/state/compile-cache.ts';
import type { KeyValueStore } from '../../src/state/session.ts';

const lab = JSON.parse(fs.readFileSync(new URL('../../datasets/lab/catalog.json', import.meta.url), 'utf8')) as Catalog;

function memStore(): KeyValueStore & { data: Record<string, string> } {
  const data: Record<string, string> = {};
  return { data, getItem: (k) => data[k] ?? null, setItem: (k, v) => void (data[k] = v) };
}

const QUERY = 'DeviceProcessEvents | where Timestamp > ago(1d) | take 10';

describe('compile cache', () => {
  const compiled = compile(QUERY, { catalog: lab });
  const inputs = { catalog: catalogHash(lab), now: lab.now!, kql: QUERY };

  it('gives back the compile it stored, for the same build, catalog, now and text only', () => {
    expect(compiled.ok).toBe(true);
    const store = memStore();
    const cache = new CompileCache(store, '/assets/worker-A.js');
    cache.put(inputs, compiled);
    const got = cache.get(inputs);
    expect(got?.sql).toBe(compiled.sql);
    expect(sameCompile(got!, compiled)).toBe(true);
    expect(cache.get({ ...inputs, kql: `${QUERY} ` })).toBeNull();
    expect(cache.get({ ...inputs, now: '2024-05-18T00:00:00Z' })).toBeNull();
    // the text alone, for any catalog and now (a run that no catalog could serve)
    expect(cache.hasText(QUERY)).toBe(true);
    expect(cache.hasText(`${QUERY} `)).toBe(false);
    // another build of the compiler (the worker bundle's name changes with its content)
    expect(new CompileCache(store, '/assets/worker-B.js').hasText(QUERY)).toBe(false);
    expect(new CompileCache(store, '/assets/worker-B.js').get(inputs)).toBeNull();
    // no build id (the dev server): nothing is served or stored
    const dev = new CompileCache(store, null);
    expect(dev.get(inputs)).toBeNull();
    expect(dev.hasText(QUERY)).toBe(false);
    expect(new CompileCache(store, '/assets/worker-A.js').get(inputs)?.sql).toBe(compiled.sql);
  });

  it('misses when anything in the catalog changed', () => {
    const store = memStore();
    const cache = new CompileCache(store, 'b');
    cache.put(inputs, compiled);
    const t = lab.tables.findIndex((x) => x.name === 'DeviceProcessEvents');
    const changes: Catalog[] = [
      { ...lab, now: '2024-05-18T00:00:00Z' },
      { ...lab, tables: lab.tables.filter((_, i) => i !== t) },
      { ...lab, tables: lab.tables.map((x, i) => (i === t ? { ...x, columns: x.columns.slice(1) } : x)) },
      { ...lab, tables: lab.tables.map((x, i) => (i === t ? { ...x, columns: x.columns.map((c, j) => (j === 0 ? { ...c, type: 'string' } : c)) } : x)) },
      { ...lab, tables: [...lab.tables, { name: 'MyUpload', kind: 'user', columns: [{ name: 'a', type: 'long' }] } as any] },
    ];
    for (const c of changes) {
      expect(catalogHash(c)).not.toBe(inputs.catalog);
      expect(cache.get({ ...inputs, catalog: catalogHash(c) })).toBeNull();
    }
    // and a compile against a changed catalog is a different compile: the cache would be wrong
    const dropped = compile(QUERY, { catalog: changes[1] });
    expect(dropped.ok).toBe(false);
    expect(catalogHash(structuredClone(lab))).toBe(inputs.catalog);
  });

  it('stores only successful compiles that used no first pass', () => {
    const store = memStore();
    const cache = new CompileCache(store, 'b');
    const failed = compile('NoSuchTable | take 1', { catalog: lab });
    expect(failed.ok).toBe(false);
    cache.put({ ...inputs, kql: 'NoSuchTable | take 1' }, failed);
    const probe: CompileResult = { ok: true, diagnostics: [], sql: 'SELECT 1', probe: { key: 'k', sql: 'SELECT 1', label: 'x' } };
    cache.put({ ...inputs, kql: 'probe' }, probe);
    expect(store.data[COMPILE_CACHE_KEY]).toBeUndefined();
  });

  it('keeps the most recent entries, drops entries on request and survives a corrupt store', () => {
    const store = memStore();
    const cache = new CompileCache(store, 'b');
    const small = compile('print x = 1', { catalog: lab });
    for (let i = 0; i < COMPILE_CACHE_ENTRIES + 5; i++) cache.put({ ...inputs, kql: `q${i}` }, i === COMPILE_CACHE_ENTRIES + 3 ? compiled : small);
    const kept = JSON.parse(store.data[COMPILE_CACHE_KEY]) as { kql: string }[];
    expect(kept).toHaveLength(COMPILE_CACHE_ENTRIES);
    expect(kept[0].kql).toBe(`q${COMPILE_CACHE_ENTRIES + 4}`);
    expect(cache.get({ ...inputs, kql: 'q0' })).toBeNull();
    cache.drop({ ...inputs, kql: `q${COMPILE_CACHE_ENTRIES + 4}` });
    expect(cache.get({ ...inputs, kql: `q${COMPILE_CACHE_ENTRIES + 4}` })).toBeNull();
    expect(cache.get({ ...inputs, kql: `q${COMPILE_CACHE_ENTRIES + 3}` })).not.toBeNull();
    // a size cap too: large entries fill it before the count does
    const huge = { ...compiled, sql: `${compiled.sql}${' '.repeat(100_000)}` };
    for (let i = 0; i < 4; i++) cache.put({ ...inputs, kql: `huge${i}` }, huge);
    const kept2 = JSON.parse(store.data[COMPILE_CACHE_KEY]) as { kql: string }[];
    expect(store.data[COMPILE_CACHE_KEY].length).toBeLessThanOrEqual(COMPILE_CACHE_CHARS);
    expect(kept2.slice(0, 2).map((e) => e.kql)).toEqual(['huge3', 'huge2']);
    expect(kept2.some((e) => e.kql === 'huge1')).toBe(false);
    store.data[COMPILE_CACHE_KEY] = '{not json';
    expect(cache.get(inputs)).toBeNull();
    store.data[COMPILE_CACHE_KEY] = JSON.stringify([{ build: 'b', catalog: inputs.catalog, now: inputs.now, kql: QUERY, result: { ok: true } }]);
    expect(cache.get(inputs)).toBeNull();
    cache.put(inputs, compiled);
    expect(cache.get(inputs)?.sql).toBe(compiled.sql);
  });
});
