/**
 * DuckDB-WASM's worker, startable before the rest of the page's code has loaded (src/boot.ts starts
 * one as the page's very first script; the engine takes it over when it starts). Kept apart from
 * engine/browser.ts so the boot script does not pull in DuckDB's client and Arrow.
 */
// (vite.config.ts resolves this to a copy with its emscripten glue patched: engine/duckdb-worker-patch.ts)
import ehWorkerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import ehWasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';

/** The absolute URL of the wasm module (DuckDB's instantiate request and the early compile use it). */
export function duckdbWasmUrl(): string {
  return new URL(ehWasmUrl, location.href).href;
}

let early: Worker | null = null;

/** Starts a DuckDB worker now (it fetches and compiles the module); the next engine start takes it. */
export function prestartDuckdbWorker(): void {
  early ??= duckdbWorker();
}

/** The worker started early, once; otherwise a new one. */
export function takeDuckdbWorker(): Worker {
  const w = early ?? duckdbWorker();
  early = null;
  return w;
}

/**
 * DuckDB's worker, started from a tiny blob script that runs before DuckDB's own worker script:
 *
 * - It starts fetching and compiling the wasm module at once (`compileStreaming`), in parallel
 *   with loading and evaluating DuckDB's 0.8 MB worker script and the page's instantiate request,
 *   instead of after them; DuckDB's `instantiateStreaming` then instantiates that module (its own
 *   `fetch` of the wasm gets the same response, so the module is downloaded once). If the early
 *   compile fails, DuckDB's own path runs as before.
 * - It hides `TransformStream`. With it, DuckDB pipes the wasm response through a
 *   progress-counting stream into a synthetic `Response`, which Chromium's compiled-wasm code cache
 *   cannot key on: every visit recompiled 34 MB (~2 s here). Without it, the real response is
 *   compiled and repeat visits reuse the compiled code. The price is byte-level download progress.
 */
function duckdbWorker(): Worker {
  const wasmUrl = duckdbWasmUrl();
  const src = new URL(ehWorkerUrl, location.href).href;
  const script = `${EARLY_COMPILE}\nearlyCompile(${JSON.stringify(wasmUrl)});\nimportScripts(${JSON.stringify(src)});\n`;
  const url = URL.createObjectURL(new Blob([script], { type: 'text/javascript' }));
  const worker = new Worker(url, { name: 'duckdb' });
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return worker;
}

/** The blob script's code (plain JS, as text: it runs in the worker before DuckDB's script). */
const EARLY_COMPILE = `function earlyCompile(wasmUrl) {
  self.TransformStream = undefined;
  const realFetch = self.fetch.bind(self);
  const realInstantiate = WebAssembly.instantiateStreaming.bind(WebAssembly);
  const response = realFetch(wasmUrl, { credentials: 'same-origin' });
  const compiled = WebAssembly.compileStreaming(response);
  compiled.catch(() => {});
  let handedOver = false;
  self.fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input && input.url;
    if (!handedOver && url === wasmUrl) {
      handedOver = true;
      return response;
    }
    return realFetch(input, init);
  };
  WebAssembly.instantiateStreaming = async (source, imports) => {
    if (!handedOver) return realInstantiate(source, imports);
    handedOver = false;
    self.fetch = realFetch;
    WebAssembly.instantiateStreaming = realInstantiate;
    let module;
    try {
      module = await compiled;
    } catch {
      return realInstantiate(realFetch(wasmUrl, { credentials: 'same-origin' }), imports);
    }
    return { module, instance: await WebAssembly.instantiate(module, imports) };
  };
}`;
