/**
 * Memory limits shown before they bite: before a file is loaded into the browser, the memory the
 * load needs is estimated from the file's size and compared with what this tab can use, so a file
 * that would crash the tab is refused with an explanation instead.
 *
 * What the tab can use is the smallest of:
 * - WebAssembly's address space: DuckDB-WASM is a 32-bit WebAssembly module, so everything the
 *   engine holds (tables, query state) lives in at most 4 GiB;
 * - the JavaScript heap limit (`performance.memory.jsHeapSizeLimit`, Chromium only): a table file
 *   is read and typed in JavaScript before it reaches the engine;
 * - half the device's memory (`navigator.deviceMemory`, a coarse figure capped at 8 GB);
 * - a limit set by the user in the settings (which is also how the tests simulate a small device).
 *
 * What a load needs (factors measured with `readUserFile` on a 200,000-row CSV in Node: the peak
 * JavaScript heap was 12–18× the file's size; Arrow files are decoded and re-encoded once):
 * - a CSV/TSV/JSON table file: 16× its size (text, parsed values, Arrow stream, then DuckDB's copy);
 * - an Arrow table file: 3× (the bytes, the re-encoded stream, DuckDB's copy);
 * - an Arrow-format dataset: 3× the size of its files (the downloaded bytes are kept so that a
 *   restarted engine can load them again);
 * - a DuckDB database file: nothing up front (it is attached and read block by block), but a
 *   file larger than the limit is said to be so, since a query touching most of it may not fit.
 */

export const WASM_LIMIT = 4 * 2 ** 30;

export interface MemoryEnv {
  /** `navigator.deviceMemory` in GB, when the browser tells. */
  deviceMemoryGb?: number;
  /** `performance.memory.jsHeapSizeLimit` in bytes, when the browser tells. */
  jsHeapLimit?: number;
  /** A limit set in the settings, in MB (0 or absent: automatic). */
  overrideMb?: number;
}

export interface MemoryBudget {
  bytes: number;
  /** What sets the limit, for the user ("WebAssembly's 4 GiB", "your setting", …). */
  why: string;
}

/** What this browser tells about its memory (nothing is allocated to find out). */
export function readMemoryEnv(): MemoryEnv {
  const g = globalThis as { navigator?: { deviceMemory?: number }; performance?: { memory?: { jsHeapSizeLimit?: number } } };
  const dm = g.navigator?.deviceMemory;
  const heap = g.performance?.memory?.jsHeapSizeLimit;
  return {
    deviceMemoryGb: typeof dm === 'number' && dm > 0 ? dm : undefined,
    jsHeapLimit: typeof heap === 'number' && heap > 0 ? heap : undefined,
  };
}

export function memoryBudget(env: MemoryEnv): MemoryBudget {
  if (env.overrideMb && env.overrideMb > 0) return { bytes: env.overrideMb * 2 ** 20, why: 'your Memory limit setting' };
  let best: MemoryBudget = { bytes: WASM_LIMIT, why: "WebAssembly's 4 GiB address space (the engine's limit)" };
  if (env.jsHeapLimit && env.jsHeapLimit < best.bytes) best = { bytes: env.jsHeapLimit, why: "this browser's JavaScript heap limit" };
  if (env.deviceMemoryGb) {
    const half = (env.deviceMemoryGb * 2 ** 30) / 2;
    if (half < best.bytes) best = { bytes: half, why: `half of this device's ${env.deviceMemoryGb} GB of memory` };
  }
  return best;
}

export type LoadKind = 'text-table' | 'arrow-table' | 'arrow-dataset' | 'database';

const FACTOR: Record<LoadKind, number> = { 'text-table': 16, 'arrow-table': 3, 'arrow-dataset': 3, database: 0 };

/** The memory a load of `bytes` of `kind` needs up front (an estimate; see the module comment). */
export function memoryNeed(kind: LoadKind, bytes: number): number {
  return FACTOR[kind] * bytes;
}

export function formatBytes(n: number): string {
  if (n >= 2 ** 30) return `${(n / 2 ** 30).toFixed(1)} GiB`;
  if (n >= 2 ** 20) return `${(n / 2 ** 20).toFixed(n >= 100 * 2 ** 20 ? 0 : 1)} MiB`;
  if (n >= 2 ** 10) return `${Math.round(n / 2 ** 10)} KiB`;
  return `${n} bytes`;
}

export type MemoryVerdict = { ok: true; note?: string } | { ok: false; text: string };

/**
 * Whether `what` (a file or dataset name) of `bytes` may be loaded as `kind` within `budget`:
 * refused with the reason and what to do instead, or allowed (with a note for a database file
 * larger than the limit, which is read lazily but may not fit a query that touches most of it).
 */
export function checkMemory(kind: LoadKind, bytes: number, what: string, budget: MemoryBudget): MemoryVerdict {
  const limit = `${formatBytes(budget.bytes)}, set by ${budget.why}`;
  if (kind === 'database') {
    if (bytes <= budget.bytes) return { ok: true };
    return {
      ok: true,
      note: `${what} (${formatBytes(bytes)}) is larger than the memory this tab can use (${limit}); it is read block by block, but a query that reads most of it may fail for lack of memory — for those, use the CLI: \`npx huntbench query --engine native --dataset ${what}\`.`,
    };
  }
  const need = memoryNeed(kind, bytes);
  if (need <= budget.bytes) return { ok: true };
  const instead =
    kind === 'arrow-dataset'
      ? 'Generate it as a DuckDB database file instead (`npx huntbench generate … --format duckdb`), which is attached and read block by block, or query it with the CLI.'
      : 'Load it with the CLI (`npx huntbench query --table NAME=PATH`), or write it into a DuckDB database file and open that (it is read block by block).';
  return {
    ok: false,
    text: `${what} was not loaded: it is ${formatBytes(bytes)} and loading it needs about ${formatBytes(need)} of memory, more than this tab can use (${limit}). Nothing was changed. ${instead}`,
  };
}
