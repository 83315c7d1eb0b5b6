/**
 * A build-time patch of DuckDB-WASM's browser worker script (vite.config.ts serves and ships the
 * patched copy in place of `duckdb-browser-eh.worker.js`).
 *
 * DuckDB's module is built as an emscripten main module with dynamic linking, and it exports
 * 75,011 symbols. When the module is instantiated, emscripten's JavaScript glue goes over all of
 * them several times, before DuckDB runs a single statement:
 * - `updateGOT` creates a `WebAssembly.Global` in the global offset table for every export and,
 *   for every exported function, puts the function into the indirect function table (one
 *   `Table.grow(1)` each);
 * - `mergeLibSymbols` and `registerDynCallSymbols` copy them with `Object.entries` (an array per
 *   symbol), `reportUndefinedSymbols` then walks the whole table of offsets again, and
 *   `applySignatureConversions` copies all the exports to wrap a few of them.
 * In a CPU profile of a warm visit (the compiled wasm comes from Chromium's code cache), this was
 * most of the ~0.5–1.1 s between `WebAssembly.instantiate` returning and DuckDB answering its
 * instantiate request.
 *
 * The offset table is only read for the entries a module imports (`GOT.mem` / `GOT.func`: the
 * main module imports 268), and emscripten already creates a requested entry on demand
 * (`GOTHandler`) and fills it from the exported symbols (`reportUndefinedSymbols`, also run after
 * a side module is loaded). So the patched `updateGOT` fills only the entries that exist, and the
 * rest are created if and when something imports them, with the same values. The two copying
 * loops are rewritten without the per-symbol arrays (same effect), and the wrapped exports
 * inherit from the exports instead of copying them.
 *
 * The offset table's entries for JavaScript functions (the runtime's library functions whose
 * address the module takes) need a slot in the function table, which takes only wasm functions:
 * without `WebAssembly.Function` (Chromium has none) the glue wraps each one in a tiny module that
 * imports it, compiling one module per function (263 at start-up, ~0.1 s of DuckDB's worker in a
 * trace of a warm visit at load ≈ 9). The module's bytes depend on the signature only, so the
 * patched glue compiles one per signature and instantiates it for each function (51 compiles).
 *
 * The glue otherwise runs unchanged; DuckDB's own code (the wasm module) is not touched.
 *
 * Each patch must find its original code exactly once, so a new DuckDB-WASM version with other
 * glue fails the build instead of running half-patched.
 */

export interface GluePatch {
  what: string;
  from: string;
  to: string;
}

export const DUCKDB_WORKER_PATCHES: GluePatch[] = [
  {
    what: 'fill only the offset-table entries that exist',
    from: 'updateGOT=(e,t)=>{for(var r in e)if(!isInternalSym(r)){',
    to: 'updateGOT=(e,t)=>{for(var r in e)if(GOT[r.startsWith("orig$")?r.split("$")[1]:r]&&!isInternalSym(r)){',
  },
  {
    what: 'registerDynCallSymbols without an array per symbol',
    from: 'registerDynCallSymbols=e=>{for(var[t,r]of Object.entries(e))t.startsWith("dynCall_")&&!Module.hasOwnProperty(t)&&(Module[t]=r)}',
    to: 'registerDynCallSymbols=e=>{for(var t in e)t.startsWith("dynCall_")&&!Module.hasOwnProperty(t)&&(Module[t]=e[t])}',
  },
  {
    what: 'mergeLibSymbols without an array and a closure per symbol',
    from: 'mergeLibSymbols=(e,t)=>{registerDynCallSymbols(e);for(var[r,n]of Object.entries(e))(l=>{isSymbolDefined(l)||(wasmImports[l]=n)})(r)}',
    to: 'mergeLibSymbols=(e,t)=>{registerDynCallSymbols(e);for(var r in e)isSymbolDefined(r)||(wasmImports[r]=e[r])}',
  },
  {
    // the glue only ever reads named properties of the result (58 names, never enumerated), which
    // an object inheriting from the exports answers the same as a copy of all 75,011 of them
    what: 'applySignatureConversions without copying every export',
    from: 'function applySignatureConversions(e){e=Object.assign({},e);',
    to: 'function applySignatureConversions(e){e=Object.create(e);',
  },
  {
    // a JavaScript function put into the function table is wrapped in a tiny module of its own
    // (Chromium has no WebAssembly.Function); its bytes depend on the signature only, so one
    // compiled module per signature serves them all (~263 wrappers at start-up, ~34 signatures)
    what: 'one wrapper module per signature',
    from: 'var a=new WebAssembly.Module(new Uint8Array(n)),l=new WebAssembly.Instance(a,{e:{f:e}})',
    to: 'var a=(convertJsFunctionToWasm.m||(convertJsFunctionToWasm.m=new Map)).get(t)||convertJsFunctionToWasm.m.set(t,new WebAssembly.Module(new Uint8Array(n))).get(t),l=new WebAssembly.Instance(a,{e:{f:e}})',
  },
];

/** The patched worker script (throws when a patch does not find its original code exactly once). */
export function patchDuckdbWorker(code: string): string {
  let out = code;
  for (const p of DUCKDB_WORKER_PATCHES) {
    const n = out.split(p.from).length - 1;
    if (n !== 1) {
      throw new Error(
        `DuckDB-WASM worker patch "${p.what}": the original code is there ${n} times, not once (another DuckDB-WASM version? see src/engine/duckdb-worker-patch.ts)`,
      );
    }
    out = out.replace(p.from, () => p.to);
  }
  // the source map describes the unpatched file (and is not shipped)
  return out.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
}
