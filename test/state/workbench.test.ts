/**
 * The Workbench state class with a fake engine and a fake KQL worker: sequencing of start-up,
 * runs, errors at editor positions, cancel, add-filter-from-cell, history and persistence, files.
 */
import { tableFromArrays } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/catalog/types.ts';
import type { BrowserEngine } from '../../src/engine/browser.ts';
import { EngineError } from '../../src/engine/types.ts';
import type { CompileResult } from '../../src/kql/api.ts';
import type { KqlWorkerClient } from '../../src/kql/worker-client.ts';
import { COMPILE_CACHE_KEY } from '../../src/state/compile-cache.ts';
import { HISTORY_KEY, type KeyValueStore, SESSION_KEY } from '../../src/state/session.ts';
import { Workbench } from '../../src/state/workbench.svelte.ts';

const catalog: Catalog = {
  dataset: 'lab',
  now: '2024-05-17T00:00:00Z',
  tables: [
    { name: 'T', kind: 'advanced-hunting', file: 'T.arrow', rowCount: 3, columns: [{ name: 'Name', type: 'string' }, { name: 'n', type: 'long' }] },
    { name: 'U', kind: 'side', file: 'U.arrow', rowCount: 1, columns: [{ name: 'x', type: 'long' }] },
  ],
};

function memStore(): KeyValueStore & { data: Record<string, string> } {
  const data: Record<string, string> = {};
  return { data, getItem: (k) => data[k] ?? null, setItem: (k, v) => void (data[k] = v) };
}

/** Compiles `T`, `T | where Name == "…"`, `slow`; anything else is KS142 at the first token. */
function fakeCompile(kql: string): CompileResult {
  const where = /where Name == "([^"]*)"/.exec(kql);
  if (kql.startsWith('T')) {
    return {
      ok: true,
      diagnostics: [],
      sql: where ? `SELECT * FROM "T" WHERE Name = '${where[1]}'` : 'SELECT * FROM "T"',
      columns: [
        { name: 'Name', type: 'string', shape: { k: 'scalar', t: 'string' } },
        { name: 'n', type: 'long', shape: { k: 'scalar', t: 'long' } },
      ],
    };
  }
  // (the fake engine answers every query with T's rows)
  if (kql === 'U') return { ...fakeCompile('T'), sql: 'SELECT * FROM "U"' };
  // a compile whose SQL the fake engine refuses
  if (kql === 'bad') return { ...fakeCompile('T'), sql: 'SELECT nope FROM "T"' };
  if (kql === 'slow') return { ok: true, diagnostics: [], sql: 'SLOW', columns: [{ name: 'n', type: 'long', shape: { k: 'scalar', t: 'long' } }] };
  const word = /\w+/.exec(kql)!;
  return {
    ok: false,
    diagnostics: [{ code: 'KS142', severity: 'error', message: `unknown ${word[0]}`, start: word.index, end: word.index + word[0].length, line: 1, column: word.index + 1 }],
  };
}

function setup(
  store = memStore(),
  opts: { build?: string; catalog?: Catalog; catalogFetched?: Promise<void>; engineStarted?: Promise<void>; kqlReady?: Promise<void>; engineStartStepLimitMs?: number } = {},
) {
  const loaded: string[] = [];
  const queries: string[] = [];
  /** Tables whose downloaded bytes went to `prepareTable`, in order. */
  const prepared: string[] = [];
  let locked = false;
  const rows = [
    ['a', 1n],
    ['b', 2n],
    ['a', 3n],
  ] as const;
  const engine: BrowserEngine = {
    get locked() {
      return locked;
    },
    broken: false,
    async queryLimited(sql, maxRows, opts) {
      queries.push(sql);
      if (sql.includes('nope')) throw new EngineError('Binder Error: Referenced column "nope" not found');
      if (sql === 'SLOW') {
        await new Promise((_, reject) => opts?.signal?.addEventListener('abort', () => reject(new Error('query cancelled'))));
      }
      const m = /Name = '(\w)'/.exec(sql);
      const keep = rows.filter((r) => !m || r[0] === m[1]);
      const table = tableFromArrays({ Name: keep.map((r) => r[0]), n: BigInt64Array.from(keep.map((r) => r[1])) });
      return { table: table.slice(0, maxRows), truncated: table.numRows > maxRows };
    },
    async query(sql) {
      queries.push(sql);
      if (sql.startsWith('SELECT column_name')) return tableFromArrays({ column_name: ['a', 'b'], column_type: ['BIGINT', 'VARCHAR'] });
      return tableFromArrays({ n: BigInt64Array.from([3n]) });
    },
    async loadArrow(table) {
      loaded.push(table);
      return table === 'T' ? 3 : 1;
    },
    async loadCsv(table) {
      loaded.push(table);
      return 2;
    },
    async attachDatabase(_source, tables) {
      loaded.push(...tables);
    },
    async lockDown() {
      locked = true;
    },
    async close() {},
  };
  const kql = {
    ready: opts.kqlReady ?? Promise.resolve(),
    starts: 0,
    inits: [] as (Catalog | null)[],
    /** The compile requests, as sent. */
    compiles: [] as any[],
    async init(c: Catalog | null) {
      this.inits.push(c);
      return { ms: 0 };
    },
    async request(req: any): Promise<any> {
      if (req.type === 'compile') {
        this.compiles.push(req);
        return fakeCompile(req.kql);
      }
      if (req.type === 'diagnostics') return fakeCompile(req.kql).diagnostics;
      return null;
    },
  };
  const fetch = (async (url: string) => {
    const u = String(url);
    if (u.endsWith('index.json')) return new Response(JSON.stringify([{ name: 'lab', tables: 2, rows: 4 }]));
    if (u.endsWith('catalog.json')) {
      await opts.catalogFetched;
      return new Response(JSON.stringify(opts.catalog ?? catalog));
    }
    return new Response(new Uint8Array([1, 2, 3]));
  }) as typeof globalThis.fetch;
  const wb = new Workbench({
    startEngine: async (progress) => {
      progress('compiling DuckDB', 0);
      await opts.engineStarted;
      return engine;
    },
    startKql: () => {
      kql.starts++;
      return kql as unknown as KqlWorkerClient;
    },
    fetch,
    store,
    datasetsUrl: 'http://x/datasets/',
    compileCacheBuild: opts.build,
    prepareTable: (_bytes, table) => void prepared.push(table),
    ...(opts.engineStartStepLimitMs ? { engineStartStepLimitMs: opts.engineStartStepLimitMs } : {}),
  });
  return { wb, engine, kql, loaded, queries, prepared, store, isLocked: () => locked };
}

describe('Workbench', () => {
  it('starts engine and parser, publishes the catalog, locks down before loading tables', async () => {
    const { wb, kql, loaded, isLocked } = setup();
    await wb.start();
    expect(wb.ready).toBe(true);
    expect(wb.engineStep.state).toBe('done');
    expect(wb.catalog?.tables.map((t) => t.name)).toEqual(['T', 'U']);
    expect(kql.inits.at(-1)?.dataset).toBe('lab');
    expect(isLocked()).toBe(true);
    await expect.poll(() => loaded.length).toBe(2);
    await expect.poll(() => wb.dataStep.state).toBe('done');
  });

  it("bounds the engine's first start: a step without an answer ends it with HB908, in the start-up steps, a notice and a query's error", async () => {
    const { wb } = setup(memStore(), { engineStarted: new Promise(() => {}), engineStartStepLimitMs: 300 });
    const t0 = Date.now();
    void wb.start();
    const id = wb.activeTab!.id;
    const run = wb.runKql(id, 'T');
    await expect.poll(() => wb.engineStep.state, { timeout: 5_000 }).toBe('error');
    expect(Date.now() - t0).toBeLessThan(4_000);
    expect(wb.engineStep.detail).toBe('HB908: the query engine (DuckDB-WASM) did not start: "compiling DuckDB" gave no answer within 0.3 s; reload the page to try again');
    await run;
    expect(wb.runs[id].status).toBe('error');
    expect(wb.runs[id].error?.code).toBe('HB908');
    expect(wb.notice).toEqual({ kind: 'error', text: `Start-up failed: ${wb.engineStep.detail}` });
  });

  it('runs the block under the caret and records history', async () => {
    const { wb } = setup();
    await wb.start();
    const tab = wb.activeTab!;
    wb.setText(tab.id, 'U | take 1\n\nT\n| take 5');
    await wb.run(tab.id, wb.activeTab!.text.length);
    const run = wb.runs[tab.id];
    expect(run.status).toBe('done');
    expect(run.kql).toBe('T\n| take 5');
    expect(run.result?.rows).toEqual([
      ['a', 1],
      ['b', 2],
      ['a', 3],
    ]);
    expect(wb.history[0]).toMatchObject({ kql: 'T\n| take 5', ok: true, rows: 3 });
  });

  it('reports compile errors at editor positions', async () => {
    const { wb } = setup();
    await wb.start();
    const tab = wb.activeTab!;
    wb.setText(tab.id, 'T\n\n  bogus stuff');
    await wb.run(tab.id, wb.activeTab!.text.length);
    expect(wb.runs[tab.id].error).toEqual({ code: 'KS142', message: 'unknown bogus', offset: 5, line: 3, column: 3 });
    expect(wb.activeTab!.text).toBe('T\n\n  bogus stuff');
  });

  it('cancels a running query', async () => {
    const { wb } = setup();
    await wb.start();
    const id = wb.activeTab!.id;
    const p = wb.runKql(id, 'slow');
    await expect.poll(() => wb.runs[id]?.status).toBe('running');
    expect(wb.isRunning(id)).toBe(true);
    wb.cancel(id);
    await p;
    expect(wb.runs[id].status).toBe('cancelled');
    expect(wb.runs[id].error?.code).toBe('HB902');
  });

  it('cancels while compiling without getting stuck', async () => {
    const { wb, kql } = setup();
    await wb.start();
    const id = wb.activeTab!.id;
    let release: () => void = () => {};
    const original = kql.request.bind(kql);
    kql.request = async (req: any) => {
      if (req.type === 'compile') await new Promise<void>((r) => (release = r));
      return original(req);
    };
    const p = wb.runKql(id, 'T');
    await expect.poll(() => wb.runs[id]?.status).toBe('compiling');
    wb.cancel(id);
    release();
    await p;
    expect(wb.runs[id].status).toBe('cancelled');
    expect(wb.isRunning(id)).toBe(false);
  });

  it('loads the tables of a query compiled while the engine starts first', async () => {
    let release: () => void = () => {};
    const { wb, loaded } = setup(memStore(), { engineStarted: new Promise<void>((r) => (release = r)) });
    const started = wb.start();
    const id = wb.activeTab!.id;
    const run = wb.runKql(id, 'U');
    await expect.poll(() => wb.runs[id]?.status).toBe('running');
    expect(loaded).toEqual([]);
    release();
    await run;
    await started;
    expect(wb.runs[id].error).toBeUndefined();
    expect(wb.runs[id].status).toBe('done');
    expect(loaded[0]).toBe('U');
    await expect.poll(() => loaded).toEqual(['U', 'T']);
  });

  it('while a query waits for its compile, downloads (and prepares) the tables its text names, and no other', async () => {
    const col = [{ name: 'x', type: 'long' as const }];
    const four: Catalog = {
      ...catalog,
      tables: [...catalog.tables, { name: 'V', kind: 'side', file: 'V.arrow', rowCount: 1, columns: col }, { name: 'W', kind: 'side', file: 'W.arrow', rowCount: 1, columns: col }],
    };
    // neither the compiler nor the engine answers
    const { wb, prepared } = setup(memStore(), { catalog: four, kqlReady: new Promise(() => {}), engineStarted: new Promise(() => {}) });
    void wb.start();
    const id = wb.activeTab!.id;
    await expect.poll(() => wb.catalog?.tables.length).toBe(4);
    // (the first two tables are downloaded at start-up whatever the query, table-loader.ts
    // PREFETCH_AHEAD, but prepared only when a query wants them)
    await new Promise((r) => setTimeout(r, 50));
    expect(prepared).toEqual([]);
    void wb.runKql(id, 'V\n| take 1 // not Wx');
    await expect.poll(() => prepared).toEqual(['V']);
    await new Promise((r) => setTimeout(r, 50));
    expect(prepared).toEqual(['V']);
  });

  it('truncates at the row limit', async () => {
    const { wb } = setup();
    await wb.start();
    wb.maxRows = 2;
    const id = wb.activeTab!.id;
    await wb.runKql(id, 'T');
    expect(wb.runs[id].truncated).toBe(true);
    expect(wb.runs[id].result?.rows).toHaveLength(2);
  });

  it('adds a filter from a cell and re-runs the block', async () => {
    const { wb } = setup();
    await wb.start();
    const id = wb.activeTab!.id;
    wb.setText(id, 'U\n\nT\n| take 5\n');
    await wb.run(id, 4);
    wb.addFilterFromCell(id, 0, 'a');
    expect(wb.activeTab!.text).toBe('U\n\nT\n| take 5\n| where Name == "a"\n');
    await expect.poll(() => wb.runs[id]?.status).toBe('done');
    expect(wb.runs[id].result?.rows.map((r) => r[0])).toEqual(['a', 'a']);
  });

  it('persists tabs and history and restores them', async () => {
    const store = memStore();
    const a = setup(store);
    await a.wb.start();
    a.wb.newTab('T | take 1');
    await a.wb.runKql(a.wb.active, 'T | take 1');
    a.wb.saveNow();
    expect(JSON.parse(store.data[HISTORY_KEY])[0].kql).toBe('T | take 1');
    const b = setup(store);
    expect(b.wb.tabs.map((t) => t.text)).toEqual(a.wb.tabs.map((t) => t.text));
    expect(b.wb.active).toBe(a.wb.active);
    expect(b.wb.history[0].kql).toBe('T | take 1');
    expect(JSON.parse(store.data[SESSION_KEY]).tabs).toHaveLength(2);
  });

  it('opens a share link in a new tab', async () => {
    const { wb } = setup();
    await wb.start(`#q=${Buffer.from('T | count').toString('base64url')}`);
    expect(wb.activeTab!.text).toBe('T | count');
    expect(wb.activeTab!.title).toBe('Shared query');
  });

  it('rejects a malformed file without touching the catalog, and adds a good one as a user table', async () => {
    const { wb } = setup();
    await wb.start();
    const file = (name: string, text: string) => ({ name, text: async () => text, arrayBuffer: async () => new TextEncoder().encode(text).buffer });
    expect(await wb.addFile(file('x.json', '[{"a":'))).toBeNull();
    expect(wb.notice?.kind).toBe('error');
    expect(wb.catalog?.tables).toHaveLength(2);
    expect(await wb.addFile(file('x.parquet', ''))).toBeNull();
    expect(await wb.addFile(file('my iocs.csv', 'a,b\n1,x\n'))).toBe('my_iocs');
    expect(wb.catalog?.tables.at(-1)).toMatchObject({ name: 'my_iocs', kind: 'user', columns: [{ name: 'a', type: 'long' }, { name: 'b', type: 'string' }] });
  });

  it('rejects a malformed file with a line-precise message before touching the engine, keeping loaded user tables', async () => {
    const { wb, loaded } = setup();
    await wb.start();
    const file = (name: string, text: string) => ({ name, arrayBuffer: async () => new TextEncoder().encode(text).buffer as ArrayBuffer });
    expect(await wb.addFile(file('ev.jsonl', '{"a":1,"b":{"c":"x"},"t":[1,2]}\n{"a":2,"b":{"c":"y"},"t":[3]}\n'))).toBe('ev');
    expect(wb.catalog?.tables.at(-1)).toMatchObject({
      name: 'ev',
      kind: 'user',
      rowCount: 2,
      columns: [
        { name: 'a', type: 'long' },
        { name: 'b', type: 'dynamic', duckType: 'STRUCT("c" VARCHAR)' },
        { name: 't', type: 'dynamic', duckType: 'BIGINT[]' },
      ],
    });
    const before = [...loaded];
    const tables = wb.catalog?.tables.map((t) => t.name);
    expect(await wb.addFile(file('bad.csv', 'a,b\n1,2\n3\n'))).toBeNull();
    expect(wb.notice).toMatchObject({ kind: 'error' });
    expect(wb.notice?.text).toContain('bad.csv: line 3 has 1 field, the header has 2');
    expect(await wb.addFile(file('bad.json', '{"a":1}\n{oops'))).toBeNull();
    expect(wb.notice?.text).toContain('bad.json: line 2, column 2: not valid JSON');
    expect(loaded).toEqual(before);
    expect(wb.catalog?.tables.map((t) => t.name)).toEqual(tables);
  });
});

/** Counts compile requests; with `hold`, compiles wait until `release()`. */
function gateCompiles(kql: { request(req: any): Promise<any> }, hold: boolean) {
  const original = kql.request.bind(kql);
  const gate = { compiles: 0, release: () => {} };
  const held = new Promise<void>((r) => (gate.release = r));
  kql.request = async (req: any) => {
    if (req.type === 'compile') {
      gate.compiles++;
      if (hold) await held;
    }
    return original(req);
  };
  return gate;
}

describe('compile cache (a query compiled on an earlier visit)', () => {
  const rowsOf = (wb: Workbench, id: string) => wb.runs[id].result?.rows.map((r) => r[0]);

  it('runs the remembered SQL before the compiler answers, then marks it checked', async () => {
    const store = memStore();
    const a = setup(store, { build: 'b1' });
    await a.wb.start();
    await a.wb.runKql(a.wb.active, 'T');
    expect(a.wb.runs[a.wb.active].compileCache).toBeUndefined();
    expect(JSON.parse(store.data[COMPILE_CACHE_KEY])).toHaveLength(1);

    const b = setup(store, { build: 'b1' });
    const gate = gateCompiles(b.kql, true);
    await b.wb.start();
    const id = b.wb.active;
    await b.wb.runKql(id, 'T');
    // the result is there while the compiler has not answered anything yet
    expect(b.wb.runs[id].status).toBe('done');
    expect(rowsOf(b.wb, id)).toEqual(['a', 'b', 'a']);
    expect(b.wb.runs[id].compileCache).toBe('checking');
    expect(b.queries).toEqual(['SELECT * FROM "T"']);
    gate.release();
    await expect.poll(() => b.wb.runs[id].compileCache).toBe('checked');
    expect(gate.compiles).toBeGreaterThanOrEqual(1);
    expect(b.queries).toEqual(['SELECT * FROM "T"']);
  });

  it('replaces a result whose remembered compile is out of date', async () => {
    const store = memStore();
    const a = setup(store, { build: 'b1' });
    await a.wb.start();
    await a.wb.runKql(a.wb.active, 'T');
    // what a compiler change that kept the build id would leave behind
    const entries = JSON.parse(store.data[COMPILE_CACHE_KEY]);
    entries[0].result.sql = `SELECT * FROM "T" WHERE Name = 'b'`;
    store.data[COMPILE_CACHE_KEY] = JSON.stringify(entries);

    const b = setup(store, { build: 'b1' });
    await b.wb.start();
    const id = b.wb.active;
    await b.wb.runKql(id, 'T');
    expect(rowsOf(b.wb, id)).toEqual(['b']);
    await expect.poll(() => b.wb.runs[id].recompiled).toBe(true);
    await expect.poll(() => b.wb.runs[id].status).toBe('done');
    expect(rowsOf(b.wb, id)).toEqual(['a', 'b', 'a']);
    expect(b.wb.runs[id].compileCache).toBeUndefined();
    expect(b.queries.at(-1)).toBe('SELECT * FROM "T"');
    // the entry now holds the compiler's SQL
    expect(JSON.parse(store.data[COMPILE_CACHE_KEY])[0].result.sql).toBe('SELECT * FROM "T"');
  });

  it('checks a remembered compile whose run failed, and reruns the query when the compile was out of date', async () => {
    const store = memStore();
    const a = setup(store, { build: 'b1' });
    await a.wb.start();
    await a.wb.runKql(a.wb.active, 'T');
    // an out-of-date entry whose SQL the engine refuses
    const entries = JSON.parse(store.data[COMPILE_CACHE_KEY]);
    entries[0].result.sql = 'SELECT nope FROM "T"';
    store.data[COMPILE_CACHE_KEY] = JSON.stringify(entries);

    const b = setup(store, { build: 'b1' });
    await b.wb.start();
    const id = b.wb.active;
    await b.wb.runKql(id, 'T');
    expect(b.wb.runs[id].status).toBe('error');
    expect(b.wb.runs[id].error?.message).toContain('nope');
    await expect.poll(() => b.wb.runs[id].recompiled).toBe(true);
    await expect.poll(() => b.wb.runs[id].status).toBe('done');
    expect(rowsOf(b.wb, id)).toEqual(['a', 'b', 'a']);
    expect(b.queries.at(-1)).toBe('SELECT * FROM "T"');
    expect(JSON.parse(store.data[COMPILE_CACHE_KEY])[0].result.sql).toBe('SELECT * FROM "T"');
  });

  it('marks a remembered compile whose run failed checked when the compiler gives the same compile', async () => {
    const store = memStore();
    const a = setup(store, { build: 'b1' });
    await a.wb.start();
    const failing = 'bad';
    await a.wb.runKql(a.wb.active, failing);
    expect(a.wb.runs[a.wb.active].status).toBe('error');
    expect(JSON.parse(store.data[COMPILE_CACHE_KEY])).toHaveLength(1);

    const b = setup(store, { build: 'b1' });
    const gate = gateCompiles(b.kql, false);
    await b.wb.start();
    const id = b.wb.active;
    await b.wb.runKql(id, failing);
    expect(b.wb.runs[id].status).toBe('error');
    expect(b.wb.runs[id].compileCache).toBe('checking');
    await expect.poll(() => b.wb.runs[id].compileCache).toBe('checked');
    expect(gate.compiles).toBe(1);
    expect(b.wb.runs[id].status).toBe('error');
    expect(b.wb.runs[id].recompiled).toBeUndefined();
  });

  it('is not used for another query text, catalog, now or build', async () => {
    const store = memStore();
    const a = setup(store, { build: 'b1' });
    await a.wb.start();
    await a.wb.runKql(a.wb.active, 'T');
    const variants: [string, Parameters<typeof setup>[1], string][] = [
      ['other text', { build: 'b1' }, 'T '],
      ['another build', { build: 'b2' }, 'T'],
      ['no build', {}, 'T'],
      ['a column more', { build: 'b1', catalog: { ...catalog, tables: [{ ...catalog.tables[0], columns: [...catalog.tables[0].columns, { name: 'z', type: 'int' }] }, catalog.tables[1]] } }, 'T'],
      ['another now', { build: 'b1', catalog: { ...catalog, now: '2024-05-18T00:00:00Z' } }, 'T'],
    ];
    for (const [what, opts, text] of variants) {
      const b = setup(store, opts);
      const gate = gateCompiles(b.kql, false);
      await b.wb.start();
      await b.wb.runKql(b.wb.active, text);
      expect(b.wb.runs[b.wb.active].compileCache, what).toBeUndefined();
      expect(gate.compiles, what).toBe(1);
    }
    // a tab's own pinned now() is a different compile too
    const c = setup(store, { build: 'b1' });
    const gate = gateCompiles(c.kql, false);
    await c.wb.start();
    c.wb.openInNewTab('T', 'pinned', '2024-01-01T00:00:00Z');
    await c.wb.runKql(c.wb.active, 'T');
    expect(c.wb.runs[c.wb.active].compileCache).toBeUndefined();
    expect(gate.compiles).toBe(1);
  });

  it('starts the KQL worker after the engine and the first result on a visit with remembered compiles; a remembered query needs neither its start nor its catalog', async () => {
    const store = memStore();
    const a = setup(store, { build: 'b1' });
    await a.wb.start();
    expect(a.kql.starts).toBe(1);
    await a.wb.runKql(a.wb.active, 'T');

    let engineUp: () => void = () => {};
    let parserUp: () => void = () => {};
    const b = setup(store, {
      build: 'b1',
      engineStarted: new Promise<void>((r) => (engineUp = r)),
      kqlReady: new Promise<void>((r) => (parserUp = r)),
    });
    void b.wb.start();
    const id = b.wb.active;
    const run = b.wb.runKql(id, 'T');
    await expect.poll(() => b.wb.catalog !== null).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    expect(b.kql.starts).toBe(0);
    engineUp();
    await run;
    // the result is in while the parser has not even started; it starts after that result
    expect(b.wb.runs[id].status).toBe('done');
    expect(rowsOf(b.wb, id)).toEqual(['a', 'b', 'a']);
    expect(b.kql.starts).toBe(0);
    await expect.poll(() => b.kql.starts).toBe(1);
    expect(b.kql.inits).toEqual([]);
    expect(b.wb.runs[id].compileCache).toBe('checking');
    parserUp();
    await expect.poll(() => b.wb.runs[id].compileCache).toBe('checked');
    expect(b.kql.inits).toHaveLength(1);
  });

  it('starts a deferred KQL worker as soon as the run in flight answers, or after 3 s of a run that does not', async () => {
    const store = memStore();
    const a = setup(store, { build: 'b1' });
    await a.wb.start();
    await a.wb.runKql(a.wb.active, 'T');
    const slowTab = a.wb.active;
    const slowRun = a.wb.runKql(slowTab, 'slow');
    await expect.poll(() => a.queries.includes('SLOW')).toBe(true);
    a.wb.cancel(slowTab);
    await slowRun;

    // the run answers: the worker starts right after it (no polling interval)
    let engineUp: () => void = () => {};
    const b = setup(store, { build: 'b1', engineStarted: new Promise<void>((r) => (engineUp = r)) });
    void b.wb.start();
    const run = b.wb.runKql(b.wb.active, 'T');
    await expect.poll(() => b.wb.catalog !== null).toBe(true);
    engineUp();
    await run;
    await new Promise((r) => setTimeout(r, 0));
    expect(b.kql.starts).toBe(1);

    // a remembered run that does not answer holds the worker back for 3 s, not longer
    const c = setup(store, { build: 'b1' });
    void c.wb.start();
    const id = c.wb.active;
    const t0 = Date.now();
    void c.wb.runKql(id, 'slow');
    await expect.poll(() => c.queries.includes('SLOW')).toBe(true);
    expect(c.kql.starts).toBe(0);
    await expect.poll(() => c.kql.starts, { timeout: 6_000 }).toBe(1);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(2_900);
    expect(c.wb.runs[id].status).toBe('running');
    c.wb.cancel(id);
  });

  it('starts a deferred KQL worker at once for a query that is not remembered', async () => {
    const store = memStore();
    const a = setup(store, { build: 'b1' });
    await a.wb.start();
    await a.wb.runKql(a.wb.active, 'T');
    let engineUp: () => void = () => {};
    const b = setup(store, { build: 'b1', engineStarted: new Promise<void>((r) => (engineUp = r)) });
    void b.wb.start();
    expect(b.kql.starts).toBe(0);
    const run = b.wb.runKql(b.wb.active, 'U');
    await expect.poll(() => b.kql.starts).toBe(1);
    await expect.poll(() => b.wb.runs[b.wb.active]?.status).toBe('running');
    engineUp();
    await run;
    expect(b.wb.runs[b.wb.active].status).toBe('done');
    expect(b.wb.runs[b.wb.active].compileCache).toBeUndefined();
  });

  it('starts a deferred KQL worker before the catalog has arrived for a query whose text no compile has; a remembered text waits for the catalog', async () => {
    const store = memStore();
    const a = setup(store, { build: 'b1' });
    await a.wb.start();
    await a.wb.runKql(a.wb.active, 'T');

    let catalogIn: () => void = () => {};
    const b = setup(store, { build: 'b1', catalogFetched: new Promise<void>((r) => (catalogIn = r)) });
    void b.wb.start();
    const run = b.wb.runKql(b.wb.active, 'U');
    await expect.poll(() => b.kql.starts).toBe(1);
    expect(b.wb.catalog).toBeNull();
    expect(b.kql.inits).toEqual([]);
    catalogIn();
    await run;
    expect(b.wb.runs[b.wb.active].status).toBe('done');
    expect(b.wb.runs[b.wb.active].compileCache).toBeUndefined();

    // the text of a remembered compile: it may be served once the catalog is known (no start)
    let catalogIn2: () => void = () => {};
    const c = setup(store, { build: 'b1', catalogFetched: new Promise<void>((r) => (catalogIn2 = r)) });
    void c.wb.start();
    const run2 = c.wb.runKql(c.wb.active, 'T');
    await new Promise((r) => setTimeout(r, 20));
    expect(c.kql.starts).toBe(0);
    catalogIn2();
    await run2;
    expect(c.wb.runs[c.wb.active].status).toBe('done');
    expect(c.wb.runs[c.wb.active].compileCache).toBe('checking');

    // with a time range the compiled text is not the typed one: it waits for the catalog too
    let catalogIn3: () => void = () => {};
    const d = setup(store, { build: 'b1', catalogFetched: new Promise<void>((r) => (catalogIn3 = r)) });
    d.wb.timeRange = { kind: 'last', span: '24h' };
    void d.wb.start();
    const run3 = d.wb.runKql(d.wb.active, 'T | where Name == "a"');
    await new Promise((r) => setTimeout(r, 20));
    expect(d.kql.starts).toBe(0);
    catalogIn3();
    await run3;
    expect(d.wb.runs[d.wb.active].status).toBe('done');
    expect(d.kql.starts).toBe(1);
  });

  it("fills Sentinel's {{StartTimeISO}}/{{EndTimeISO}} from the time range, says so on the run, and keys the compile cache on it", async () => {
    const store = memStore();
    const { wb, kql } = setup(store, { build: 'b1' });
    await wb.start();
    const q = 'T | where Name == "{{StartTimeISO}}"';
    // time range off: the compiler's default, the 30 days before the dataset's now, sent explicitly
    await wb.runKql(wb.active, q);
    expect(kql.compiles.at(-1).huntWindow).toEqual({ from: '2024-04-17T00:00:00Z', to: '2024-05-17T00:00:00Z' });
    expect(wb.runs[wb.active].huntNote).toBe("{{StartTimeISO}} … {{EndTimeISO}} = 2024-04-17T00:00:00Z … 2024-05-17T00:00:00Z (time range off: the 30 days before the dataset's now)");
    expect(wb.runs[wb.active].huntLabel).toBe('{{StartTimeISO}} … {{EndTimeISO}}: the 30 days before now');
    // the header's range; T has no time column, so the compiled text is the same as before: the
    // remembered compile of the other window must not be served
    wb.timeRange = { kind: 'last', span: '24h' };
    const before = kql.compiles.length;
    await wb.runKql(wb.active, q);
    expect(kql.compiles.length).toBe(before + 1);
    expect(kql.compiles.at(-1).huntWindow).toEqual({ from: '2024-05-16T00:00:00Z', to: '2024-05-17T00:00:00Z' });
    expect(wb.runs[wb.active].compileCache).toBeUndefined();
    expect(wb.runs[wb.active].huntNote).toContain('(the time range in the header)');
    // the same window again: served from the cache
    await wb.runKql(wb.active, q);
    expect(wb.runs[wb.active].compileCache).toBe('checking');
    // the query text is kept as written: in the run, the tab and the history
    expect(wb.runs[wb.active].kql).toBe(q);
    expect(wb.history[0].kql).toBe(q);
    // a query without placeholders sends no window and gets no note
    await wb.runKql(wb.active, 'T');
    expect(kql.compiles.at(-1).huntWindow).toBeUndefined();
    expect(wb.runs[wb.active].huntNote).toBeUndefined();
  });

  it('does not remember compiles without a pinned now (they read the clock)', async () => {
    const store = memStore();
    const { now: _, ...noNow } = catalog;
    const a = setup(store, { build: 'b1', catalog: noNow });
    await a.wb.start();
    await a.wb.runKql(a.wb.active, 'T');
    expect(store.data[COMPILE_CACHE_KEY]).toBeUndefined();
  });
});
