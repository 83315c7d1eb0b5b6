/**
 * The build's compiles of the default query (state/prebuilt-compiles.ts, put into index.html by
 * vite.config.ts) and how the compile cache serves them: each entry must be what the workbench
 * would get from its compiler for the Run button's query on the lab dataset, and only the build
 * that made it may use it.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/catalog/types.ts';
import { compile } from '../../src/kql/index.ts';
import { blockAt, splitBlocks } from '../../src/state/blocks.ts';
import { COMPILE_CACHE_KEY, CompileCache, catalogHash, datasetCatalog, readPrebuiltCompiles, sameCompile } from '../../src/state/compile-cache.ts';
import { DEFAULT_QUERY } from '../../src/state/default-query.ts';
import { prebuiltCompiles } from '../../src/state/prebuilt-compiles.ts';
import type { KeyValueStore } from '../../src/state/session.ts';
import { applyTimeRange } from '../../src/state/time-range.ts';

const lab = JSON.parse(fs.readFileSync(new URL('../../datasets/lab/catalog.json', import.meta.url), 'utf8')) as Catalog;
const BUILD = '/huntbench/assets/worker-AbC123_x.js';

function memStore(): KeyValueStore & { data: Record<string, string> } {
  const data: Record<string, string> = {};
  return { data, getItem: (k) => data[k] ?? null, setItem: (k, v) => void (data[k] = v) };
}

describe('prebuilt compiles of the default query', () => {
  const entries = prebuiltCompiles(lab);

  it('are a fresh compile of each default block on the lab catalog, keyed as the workbench looks them up', () => {
    const blocks = splitBlocks(DEFAULT_QUERY);
    expect(blocks.length).toBeGreaterThan(0);
    expect(entries.map((e) => e.kql)).toEqual(blocks.map((b) => b.text));
    // the welcome screen's Run runs the first block
    const first = blockAt(DEFAULT_QUERY, Math.max(0, DEFAULT_QUERY.search(/^[^/\s]/m)));
    expect(entries[0].kql).toBe(first?.text);
    // the catalog the workbench publishes for the lab dataset with no uploads, parsed afresh
    const published = datasetCatalog(JSON.parse(JSON.stringify(lab)) as Catalog, []);
    for (const e of entries) {
      expect(e.catalog).toBe(catalogHash(published));
      expect(e.now).toBe(lab.now);
      // the header's time range is off on a first visit: the text is compiled as it is
      expect(applyTimeRange(e.kql, { kind: 'off' }, lab.now!, published).kql).toBe(e.kql);
      const fresh = compile(e.kql, { catalog: published, now: lab.now });
      expect(fresh.ok).toBe(true);
      expect(fresh.probe).toBeUndefined();
      expect(e.result.sql).toBe(fresh.sql);
      expect(sameCompile(e.result, fresh)).toBe(true);
    }
  });

  it('are served only to the build they name, before the browser has entries of its own', () => {
    const json = JSON.stringify(entries.map((e) => ({ worker: 'assets/worker-AbC123_x.js', ...e })));
    expect(readPrebuiltCompiles(json, null)).toEqual([]);
    expect(readPrebuiltCompiles(json, '/assets/worker-Other.js')).toEqual([]);
    expect(readPrebuiltCompiles('not json', BUILD)).toEqual([]);
    expect(readPrebuiltCompiles(JSON.stringify([{ worker: 'assets/worker-AbC123_x.js', kql: 'x' }]), BUILD)).toEqual([]);
    const prebuilt = readPrebuiltCompiles(json, BUILD);
    expect(prebuilt.length).toBe(entries.length);

    const store = memStore();
    const inputs = { catalog: entries[0].catalog, now: entries[0].now, kql: entries[0].kql };
    expect(new CompileCache(store, '/assets/worker-Other.js', prebuilt).get(inputs)).toBeNull();
    expect(new CompileCache(store, '/assets/worker-Other.js', prebuilt).hasEntries()).toBe(false);
    const cache = new CompileCache(store, BUILD, prebuilt);
    expect(cache.hasEntries()).toBe(true);
    expect(cache.get(inputs)?.sql).toBe(entries[0].result.sql);
    expect(cache.get({ ...inputs, kql: `${inputs.kql} ` })).toBeNull();
    expect(cache.get({ ...inputs, now: '2024-05-18T00:00:00Z' })).toBeNull();
    // nothing is written to the browser's storage for them
    expect(store.data[COMPILE_CACHE_KEY]).toBeUndefined();
    // an entry of the browser's own goes first
    const own = compile(`${inputs.kql}\n| take 5`, { catalog: lab, now: lab.now });
    cache.put(inputs, own);
    expect(cache.get(inputs)?.sql).toBe(own.sql);
    // a check that found the prebuilt entry out of date drops it
    const fresh = new CompileCache(memStore(), BUILD, prebuilt);
    fresh.drop(inputs);
    expect(fresh.get(inputs)).toBeNull();
  });
});
