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

  it('wraps JavaScript functions for the function table with one compiled module per signature, each wrapper calling its own function', () => {
    const p = DUCKDB_WORKER_PATCHES.find((x) => x.what === 'one wrapper module per signature')!;
    // the glue's helpers and convertJsFunctionToWasm, as shipped, run with the real WebAssembly
    const start = original.lastIndexOf('uleb128Encode=', original.indexOf('convertJsFunctionToWasm='));
    const end = original.indexOf(',wasmTable=new WebAssembly.Table', start);
    const code = original.slice(start, end);
    expect(code.split(p.from).length - 1).toBe(1);
    const run = (glue: string) => {
      let compiled = 0;
      const counting = {
        Module: class extends WebAssembly.Module {
          constructor(bytes: BufferSource) {
            super(bytes);
            compiled++;
          }
        },
        Instance: WebAssembly.Instance,
      };
      const ctx: Record<string, unknown> = { WebAssembly: counting, Uint8Array };
      vm.runInNewContext(`var ${glue};`, ctx);
      const wrap = ctx.convertJsFunctionToWasm as (f: (...a: number[]) => number | undefined, sig: string) => (...a: number[]) => number | undefined;
      const seen: string[] = [];
      const add = wrap((a, b) => a + b, 'iii');
      const mul = wrap((a, b) => a * b, 'iii');
      const neg = wrap((a) => -a, 'ii');
      const note = wrap((a) => {
        seen.push(`note ${a}`);
        return undefined;
      }, 'vi');
      const table = new WebAssembly.Table({ initial: 4, element: 'anyfunc' });
      // each wrapper is a wasm function: it goes into the function table (what the glue needs it for)
      for (const [i, f] of [add, mul, neg, note].entries()) table.set(i, f as never);
      return { compiled, results: [add(2, 3), mul(2, 3), neg(4), note(7), (table.get(1) as (a: number, b: number) => number)(6, 7)], seen };
    };
    const before = run(code);
    const after = run(code.replace(p.from, p.to));
    expect(before.compiled).toBe(4);
    expect(after.compiled).toBe(3);
    expect(after.results).toEqual(before.results);
    expect(after.results).toEqual([5, 6, -4, undefined, 42]);
    expect(after.seen).toEqual(['note 7']);
  });
});
