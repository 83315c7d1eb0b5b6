/**
 * The build-time trim of DuckDB-WASM's export section (src/engine/duckdb-wasm-exports.ts): on the
 * installed module it keeps what the glue reads and changes no other byte, and the trimmed module
 * runs real DuckDB (the blocking Node bundle, whose glue reads the same exports as the browser
 * worker's). The browser path with it is covered by the e2e tests, which run the built site.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { exportsTheGlueReads, keepExports, trimDuckdbWasm, wasmExports } from '../../src/engine/duckdb-wasm-exports.ts';
import { patchDuckdbWorker } from '../../src/engine/duckdb-worker-patch.ts';

const require = createRequire(import.meta.url);
const dist = path.dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs'));
const original = new Uint8Array(fs.readFileSync(path.join(dist, 'duckdb-eh.wasm')));
const glue = patchDuckdbWorker(fs.readFileSync(path.join(dist, 'duckdb-browser-eh.worker.js'), 'utf8'));
const read = (code: string) => new Set([...code.matchAll(/\bwasmExports\.([A-Za-z_$][\w$]*)/g)].map((m) => m[1]));

describe('DuckDB-WASM export trim', () => {
  const trimmed = trimDuckdbWasm(original, glue);

  it('keeps every export the glue reads and drops the rest; imports and custom sections unchanged', () => {
    const names = wasmExports(trimmed.wasm).map((e) => e.name);
    expect(trimmed.total).toBe(wasmExports(original).length);
    expect(trimmed.total).toBeGreaterThan(70_000);
    expect(names.length).toBe(trimmed.kept);
    expect(trimmed.kept).toBeLessThan(300);
    for (const n of read(glue)) expect(names, n).toContain(n);
    const { names: wanted, prefixes } = exportsTheGlueReads(glue);
    for (const n of names) expect(wanted.has(n) || prefixes.some((p) => n.startsWith(p)), n).toBe(true);
    // every dynCall_ helper of the original is still there
    const dyn = wasmExports(original).filter((e) => e.name.startsWith('dynCall_')).map((e) => e.name);
    expect(dyn.length).toBeGreaterThan(0);
    for (const n of dyn) expect(names).toContain(n);
    const a = new WebAssembly.Module(original);
    const b = new WebAssembly.Module(trimmed.wasm);
    expect(WebAssembly.Module.imports(b)).toEqual(WebAssembly.Module.imports(a));
    for (const s of ['dylink.0', 'name']) {
      const x = WebAssembly.Module.customSections(a, s).map((c) => Buffer.from(c).toString('base64'));
      expect(WebAssembly.Module.customSections(b, s).map((c) => Buffer.from(c).toString('base64'))).toEqual(x);
    }
    expect(trimmed.wasm.length).toBeLessThan(original.length);
  });

  it('keeping everything gives back the same bytes', () => {
    const same = keepExports(original, () => true);
    expect(same.length).toBe(original.length);
    expect(Buffer.compare(Buffer.from(same), Buffer.from(original))).toBe(0);
  });

  it('refuses a glue that reads an export the module does not have', () => {
    expect(() => trimDuckdbWasm(original, `${glue};wasmExports.no_such_export_here`)).toThrow(/no_such_export_here/);
    expect(() => trimDuckdbWasm(original, glue.replace('isInternalSym=e=>[', 'isInternalSym=e=>!['))).toThrow(/isInternalSym/);
  });

  it('runs DuckDB: open, Arrow insert, query (the Node bundle reads the same exports)', async () => {
    const nodeGlue = fs.readFileSync(path.join(dist, 'duckdb-node-blocking.cjs'), 'utf8');
    expect([...read(nodeGlue)].sort()).toEqual([...read(glue)].sort());
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hb-trim-'));
    try {
      const file = path.join(dir, 'duckdb-eh.wasm');
      fs.writeFileSync(file, trimmed.wasm);
      const duckdb = require('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs');
      const bundles = {
        mvp: { mainModule: file, mainWorker: path.join(dist, 'duckdb-node-mvp.worker.cjs') },
        eh: { mainModule: file, mainWorker: path.join(dist, 'duckdb-node-eh.worker.cjs') },
      };
      const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
      await db.instantiate(() => {});
      db.open({ filesystem: { reliableHeadRequests: true, allowFullHTTPReads: true, forceFullHTTPReads: false } });
      const conn = db.connect();
      const t = tableFromArrays({ Id: Int32Array.from([3, 1, 2]), Name: ['c', 'a', 'b'] });
      conn.insertArrowFromIPCStream(tableToIPC(t, 'stream'), { name: 'T', create: true });
      const r = conn.query("SELECT Name, Id * 2 AS Twice, strftime(TIMESTAMP '2024-01-02 03:04:05', '%Y') AS Y FROM T ORDER BY Id");
      expect(r.toArray().map((x: { Name: string; Twice: number; Y: string }) => `${x.Name}:${x.Twice}:${x.Y}`)).toEqual(['a:2:2024', 'b:4:2024', 'c:6:2024']);
      // an error inside DuckDB still comes back as an error (C++ exceptions cross the trimmed module)
      expect(() => conn.query('SELECT * FROM NoSuchTable')).toThrow(/NoSuchTable/);
      conn.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
