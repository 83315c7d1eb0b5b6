/**
 * A build-time trim of DuckDB-WASM's module: its export section keeps only the exports the worker
 * script's emscripten glue reads (vite.config.ts ships the trimmed copy in place of
 * `duckdb-eh.wasm`).
 *
 * The module is built as an emscripten main module with dynamic linking, so every one of its
 * symbols is exported, 75,011 of them (65,167 functions, 9,844 globals) for side modules to link
 * against. Huntbench loads no side modules (extension loading and autoloading are off, and the
 * page is offline). Yet instantiating the module makes a JavaScript object for every export (a
 * function wrapper or a `WebAssembly.Global`) and an exports object with all of them: in a trace
 * of a warm visit (compiled code from Chromium's cache) that was ~240 ms of the DuckDB worker's
 * instantiation, more than the module's deserialisation. Their names (mangled C++) are also
 * 7.4 MB of the 34.2 MB file.
 *
 * What stays: every export the glue names (`wasmExports.<name>`: DuckDB's C API the bindings call
 * through `ccall`, malloc/free, the stack helpers, the constructors), the `dynCall_*` helpers the
 * glue looks up by prefix, and the symbols the glue treats as internal. The function bodies, the
 * tables, the memory, the imports and the custom sections are the same bytes. The global offset
 * table entries the module imports (268) are all filled from the glue's own JavaScript functions,
 * not from exports. Symbol look-ups by name at run time (`dlsym`, a side module's imports) would
 * no longer find the removed symbols: they only serve extension loading.
 *
 * The trim fails the build when the glue names an export the module does not have, or when the
 * glue's list of internal symbols is not found (another DuckDB-WASM version: see the worker patch).
 */

const EXPORT_SECTION = 7;

function readU32(b: Uint8Array, at: { i: number }): number {
  let r = 0;
  let shift = 0;
  let x: number;
  do {
    if (at.i >= b.length) throw new Error('DuckDB-WASM module: truncated LEB128');
    x = b[at.i++];
    r |= (x & 0x7f) << shift;
    shift += 7;
  } while (x & 0x80);
  return r >>> 0;
}

function u32(n: number): number[] {
  const out: number[] = [];
  do {
    let x = n & 0x7f;
    n >>>= 7;
    if (n) x |= 0x80;
    out.push(x);
  } while (n);
  return out;
}

export interface ExportEntry {
  name: string;
  /** 0 function, 1 table, 2 memory, 3 global, 4 tag */
  kind: number;
}

interface Section {
  id: number;
  start: number;
  body: number;
  end: number;
}

function sections(wasm: Uint8Array): Section[] {
  const magic = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  if (wasm.length < 8 || magic.some((v, i) => wasm[i] !== v)) throw new Error('not a WebAssembly (version 1) module');
  const out: Section[] = [];
  const at = { i: 8 };
  while (at.i < wasm.length) {
    const start = at.i;
    const id = wasm[at.i++];
    const size = readU32(wasm, at);
    const body = at.i;
    const end = body + size;
    if (end > wasm.length) throw new Error('DuckDB-WASM module: a section runs past the end of the file');
    out.push({ id, start, body, end });
    at.i = end;
  }
  return out;
}

/** The export section's entries, with each entry's bytes. */
function exportEntries(wasm: Uint8Array, s: Section): { entry: ExportEntry; bytes: Uint8Array }[] {
  const at = { i: s.body };
  const n = readU32(wasm, at);
  const dec = new TextDecoder('utf-8', { fatal: true });
  const out: { entry: ExportEntry; bytes: Uint8Array }[] = [];
  for (let k = 0; k < n; k++) {
    const e0 = at.i;
    const len = readU32(wasm, at);
    const name = dec.decode(wasm.subarray(at.i, at.i + len));
    at.i += len;
    const kind = wasm[at.i++];
    readU32(wasm, at); // index
    out.push({ entry: { name, kind }, bytes: wasm.subarray(e0, at.i) });
  }
  if (at.i !== s.end) throw new Error('DuckDB-WASM module: the export section has bytes after its last entry');
  return out;
}

/** A module's exports, in order. */
export function wasmExports(wasm: Uint8Array): ExportEntry[] {
  const s = sections(wasm).find((x) => x.id === EXPORT_SECTION);
  return s ? exportEntries(wasm, s).map((e) => e.entry) : [];
}

/** The module with only the exports `keep` accepts (every other byte as it was). */
export function keepExports(wasm: Uint8Array, keep: (name: string) => boolean): Uint8Array<ArrayBuffer> {
  const parts: Uint8Array[] = [wasm.subarray(0, 8)];
  for (const s of sections(wasm)) {
    if (s.id !== EXPORT_SECTION) {
      parts.push(wasm.subarray(s.start, s.end));
      continue;
    }
    const kept = exportEntries(wasm, s).filter((e) => keep(e.entry.name));
    const count = Uint8Array.from(u32(kept.length));
    const size = count.length + kept.reduce((n, e) => n + e.bytes.length, 0);
    parts.push(Uint8Array.from([EXPORT_SECTION, ...u32(size)]), count, ...kept.map((e) => e.bytes));
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** The exports the worker script's glue reads: `wasmExports.<name>`, `dynCall_*`, and the symbols it treats as internal. */
export function exportsTheGlueReads(glue: string): { names: Set<string>; prefixes: string[] } {
  const names = new Set([...glue.matchAll(/\bwasmExports\.([A-Za-z_$][\w$]*)/g)].map((m) => m[1]));
  const internal = /isInternalSym=e=>\[([^\]]*)\]\.includes\(e\)/.exec(glue);
  if (!internal) throw new Error('DuckDB-WASM module trim: the glue\'s list of internal symbols (isInternalSym) was not found (another DuckDB-WASM version? see src/engine/duckdb-wasm-exports.ts)');
  for (const m of internal[1].matchAll(/"([^"]+)"/g)) names.add(m[1]);
  if (!glue.includes('"dynCall_"')) throw new Error('DuckDB-WASM module trim: the glue no longer looks up dynCall_ helpers by prefix (another DuckDB-WASM version?)');
  return { names, prefixes: ['dynCall_', '__em_js__'] };
}

/**
 * DuckDB's module with only the exports the glue reads. Throws when the glue names a
 * `wasmExports.<name>` the module does not export.
 */
export function trimDuckdbWasm(wasm: Uint8Array, glue: string): { wasm: Uint8Array<ArrayBuffer>; kept: number; total: number } {
  const all = wasmExports(wasm);
  const have = new Set(all.map((e) => e.name));
  const { names, prefixes } = exportsTheGlueReads(glue);
  const read = [...glue.matchAll(/\bwasmExports\.([A-Za-z_$][\w$]*)/g)].map((m) => m[1]);
  const missing = [...new Set(read)].filter((n) => !have.has(n));
  if (missing.length) throw new Error(`DuckDB-WASM module trim: the glue reads exports the module does not have: ${missing.join(', ')}`);
  const keep = (n: string) => names.has(n) || prefixes.some((p) => n.startsWith(p));
  const out = keepExports(wasm, keep);
  return { wasm: out, kept: all.filter((e) => keep(e.name)).length, total: all.length };
}
