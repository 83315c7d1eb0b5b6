/**
 * The build-time patch of DuckDB-WASM's browser worker script (src/engine/duckdb-worker-patch.ts)
 * applies to the installed version and leaves a valid script; the engine's behaviour with it is
 * covered by the e2e tests, which run the built site (and so the patched worker) in Chromium.
 */
import fs from 'node:fs';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { DUCKDB_WORKER_PATCHES, patchDuckdbWorker } from '../../src/engine/duckdb-worker-patch.ts';

const original = fs.readFileSync(new URL('../../node_modules/@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js', import.meta.url), 'utf8');

describe('DuckDB-WASM worker patch', () => {
  it('finds each original piece of glue once and replaces it', () => {
    const out = patchDuckdbWorker(original);
    for (const p of DUCKDB_WORKER_PATCHES) {
      expect(out.split(p.from).length - 1, p.what).toBe(0);
      expect(out.split(p.to).length - 1, p.what).toBe(1);
    }
    expect(out).not.toMatch(/sourceMappingURL/);
    // still a script that parses
    expect(() => new vm.Script(out)).not.toThrow();
  });

  it('refuses other glue rather than half-patching it', () => {
    const changed = original.replace(DUCKDB_WORKER_PATCHES[0].from, 'updateGOT=(e,t)=>{for(var r in e){');
    expect(() => patchDuckdbWorker(changed)).toThrow(/fill only the offset-table entries that exist.*0 times/);
  });

  it('the patched updateGOT gives the entries that exist the values the original gives them, and creates no others', () => {
    const p = DUCKDB_WORKER_PATCHES[0];
    const body = original.slice(original.indexOf(p.from) + p.from.length);
    const rest = body.slice(0, body.indexOf(',relocateExports='));
    const run = (head: string) => {
      const ctx: Record<string, unknown> = {
        GOT: { used: { value: 0 }, set: { value: 3 }, wide: { value: 0 }, jsOnly: { value: 0 } },
        isInternalSym: (s: string) => s === '__wasm_call_ctors',
        addFunction: (f: () => number) => 1000 + f(),
        err: () => {},
        WebAssembly: { Global: class { value = 0; } },
      };
      const exports = `{ used: 7, set: 8, unused: 9, 'orig$wide': () => 5, wide: () => 6, fn: () => 4, __wasm_call_ctors: () => 0 }`;
      vm.runInNewContext(`${head}${rest};updateGOT(${exports}, false)`, ctx);
      return Object.fromEntries(Object.entries(ctx.GOT as Record<string, { value: number }>).map(([k, v]) => [k, v.value]));
    };
    const before = run(p.from);
    const after = run(p.to);
    // the original creates an entry for every export (a table slot for every function)
    expect(Object.keys(before).sort()).toEqual(['fn', 'jsOnly', 'set', 'unused', 'used', 'wide']);
    expect(Object.keys(after).sort()).toEqual(['jsOnly', 'set', 'used', 'wide']);
    for (const k of Object.keys(after)) expect(after[k], k).toBe(before[k]);
    expect(after.used).toBe(7);
    expect(after.set).toBe(3);
  });
});
