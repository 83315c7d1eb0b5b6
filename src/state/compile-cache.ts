/**
 * Compiles remembered across visits (localStorage), so a query the browser has compiled before
 * runs as soon as the engine is ready, without waiting for the Kusto parser's first parse (~1 s of
 * CPU on a cold JIT, competing with the engine's start on two cores).
 *
 * An entry is used only when everything the compile read is the same as when it was stored:
 * - the build: the URL of the KQL worker's bundle, whose name is a hash of its content (compiler,
 *   Kusto parser and function tables all live in that bundle), so any compiler change is a miss;
 * - the catalog the compiler was given (a hash of all of it: tables, columns, user tables, now);
 * - the pinned now() the compile used (a compile without one reads the clock: never cached);
 * - the query text itself, compared in full;
 * - for a query with Sentinel's {{StartTimeISO}}/{{EndTimeISO}}, the hunt window they stood for.
 * Compiles that used a first pass (probe values: data, not the catalog) or local externaldata
 * copies are never stored. A served entry is still checked: the workbench compiles the query again
 * once start-up is over, and reruns it with the fresh compile if the two differ.
 *
 * A first visit has nothing remembered: the build ships compiles of the default query's blocks on
 * the lab dataset (state/prebuilt-compiles.ts, put into index.html by vite.config.ts), which the
 * cache serves when the browser has no entry of its own for the same inputs. They carry the file
 * name of the KQL worker bundle they were compiled with and are used only with that build.
 */
import type { CatalogTable } from '../catalog/types.ts';
import type { Catalog, CompileResult } from '../kql/api.ts';
import type { KeyValueStore } from './session.ts';

export const COMPILE_CACHE_KEY = 'huntbench.compile-cache.v1';
/** Entries kept (most recently stored first) and their total size in characters (an entry with its
 * result columns is ~15-20 KB for a query on a wide table; localStorage holds ~5 M characters, shared
 * with the session, history and remembered externaldata copies). */
export const COMPILE_CACHE_ENTRIES = 16;
export const COMPILE_CACHE_CHARS = 250_000;

/** What a compile depended on (besides the build, which is the cache's own). */
export interface CompileInputs {
  /** catalogHash() of the catalog the compiler had. */
  catalog: string;
  /** The now() the compile used (the tab's pinned one, else the catalog's). */
  now: string;
  /** The query text as compiled (with the header's time range applied). */
  kql: string;
  /** `from/to` of the hunt window Sentinel's placeholders were filled with (queries that have them). */
  hunt?: string;
}

/** The parts of a successful compile a run uses. */
export type CachedCompile = Pick<CompileResult, 'ok' | 'diagnostics' | 'sql' | 'columns' | 'render' | 'stages'>;

interface Entry extends CompileInputs {
  build: string;
  result: CachedCompile;
}

/** A compile made at build time (state/prebuilt-compiles.ts), before its build id is known. */
export interface PrebuiltCompile extends CompileInputs {
  /** The KQL worker bundle's file name in the build (`assets/worker-<hash>.js`). */
  worker: string;
  result: CachedCompile;
}

/**
 * The inputs and the successful compile of a stored entry (from localStorage or index.html) have
 * the shapes a run reads; anything else is ignored.
 */
function isStoredCompile(e: { catalog?: unknown; now?: unknown; kql?: unknown; hunt?: unknown; result?: Partial<CachedCompile> | null }): boolean {
  return (
    typeof e.catalog === 'string' &&
    typeof e.now === 'string' &&
    typeof e.kql === 'string' &&
    (e.hunt === undefined || typeof e.hunt === 'string') &&
    !!e.result &&
    e.result.ok === true &&
    typeof e.result.sql === 'string' &&
    Array.isArray(e.result.diagnostics)
  );
}

/** The id of the `<script type="application/json">` in index.html holding the build's prebuilt compiles. */
export const PREBUILT_COMPILES_ID = 'hb-prebuilt-compiles';

/**
 * The prebuilt compiles (JSON text from index.html) that belong to the running compiler: the
 * worker file each names must be the one `build` (the worker bundle's URL path) loads. Anything
 * malformed or of another build is ignored.
 */
export function readPrebuiltCompiles(json: string | null | undefined, build: string | null): PrebuiltCompile[] {
  if (!json || !build) return [];
  try {
    const v = JSON.parse(json);
    if (!Array.isArray(v)) return [];
    return v.filter(
      (e): e is PrebuiltCompile =>
        !!e &&
        typeof e.worker === 'string' &&
        e.worker.length > 0 &&
        build.endsWith(`/${e.worker}`) &&
        isStoredCompile(e),
    );
  } catch {
    return [];
  }
}

/** The catalog the workbench gives the compiler for a dataset's catalog and the user's tables (what catalogHash keys on). */
export function datasetCatalog(base: Catalog | null, userTables: CatalogTable[]): Catalog {
  return {
    ...(base ?? { dataset: 'user' }),
    dataset: base?.dataset ?? 'user',
    tables: [...(base?.tables ?? []), ...userTables],
  };
}

/** 2 × 53 bits of a string's hash (cyrb53 with two seeds), as hex: catalog identity, not security. */
export function hashText(s: string): string {
  const one = (seed: number) => {
    let h1 = 0xdeadbeef ^ seed;
    let h2 = 0x41c6ce57 ^ seed;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
  };
  return `${one(1)}${one(2)}`;
}

/** The identity of a catalog as the compiler sees it (every field: a change anywhere is a miss). */
export function catalogHash(cat: Catalog): string {
  return hashText(JSON.stringify(cat));
}

/** The parts of two compiles a run's result depends on are the same. */
export function sameCompile(a: CachedCompile, b: CompileResult | CachedCompile): boolean {
  return JSON.stringify(pick(a)) === JSON.stringify(pick(b));
}

export function pick(r: CompileResult | CachedCompile): CachedCompile {
  return { ok: r.ok, diagnostics: r.diagnostics, sql: r.sql, columns: r.columns, render: r.render, stages: r.stages };
}

export class CompileCache {
  /** The build's prebuilt compiles not found out of date (in memory only: never stored). */
  private prebuilt: Entry[];

  /**
   * `build` identifies the compiler (null: no caching, e.g. the dev server, whose worker URL does
   * not change with the code). `store` is localStorage (or a Map-backed fake in tests). `prebuilt`:
   * this build's compiles made at build time (readPrebuiltCompiles), served when the store has none.
   */
  constructor(
    private readonly store: KeyValueStore | null,
    private readonly build: string | null,
    prebuilt: PrebuiltCompile[] = [],
  ) {
    this.prebuilt = build
      ? prebuilt.filter((p) => build.endsWith(`/${p.worker}`)).map((p) => ({ build, catalog: p.catalog, now: p.now, kql: p.kql, result: p.result }))
      : [];
  }

  get enabled(): boolean {
    return this.store !== null && this.build !== null;
  }

  /** Whether there are compiles of this build to serve: remembered (the browser has been here before) or prebuilt. */
  hasEntries(): boolean {
    return this.enabled && (this.prebuilt.length > 0 || this.load().some((e) => e.build === this.build));
  }

  /**
   * Whether a compile of this build has exactly this query text (for any catalog and now): when
   * none has, no catalog can make `get` serve it, so a run of it needs the compiler.
   */
  hasText(kql: string): boolean {
    return this.enabled && (this.prebuilt.some((e) => e.kql === kql) || this.load().some((e) => e.build === this.build && e.kql === kql));
  }

  /** The stored compile for exactly these inputs and this build, or null. */
  get(k: CompileInputs): CachedCompile | null {
    if (!this.enabled) return null;
    const e = this.load().find((x) => this.matches(x, k)) ?? this.prebuilt.find((x) => this.matches(x, k));
    return e ? e.result : null;
  }

  /** Stores a successful compile (most recent first; the oldest entries go past the limits). */
  put(k: CompileInputs, r: CompileResult): void {
    if (!this.enabled || !r.ok || typeof r.sql !== 'string' || r.probe) return;
    const entries = this.load().filter((x) => !this.matches(x, k));
    entries.unshift({ build: this.build!, catalog: k.catalog, now: k.now, kql: k.kql, ...(k.hunt === undefined ? {} : { hunt: k.hunt }), result: pick(r) });
    this.save(entries);
  }

  /** Forgets the entry for these inputs (a check found it out of date). */
  drop(k: CompileInputs): void {
    if (!this.enabled) return;
    this.prebuilt = this.prebuilt.filter((x) => !this.matches(x, k));
    const entries = this.load();
    const kept = entries.filter((x) => !this.matches(x, k));
    if (kept.length !== entries.length) this.save(kept);
  }

  private matches(e: Entry, k: CompileInputs): boolean {
    return e.build === this.build && e.catalog === k.catalog && e.now === k.now && e.kql === k.kql && e.hunt === k.hunt;
  }

  private load(): Entry[] {
    try {
      const raw = this.store!.getItem(COMPILE_CACHE_KEY);
      const v = raw ? JSON.parse(raw) : [];
      if (!Array.isArray(v)) return [];
      return v.filter(
        (e): e is Entry =>
          !!e &&
          typeof e.build === 'string' &&
          isStoredCompile(e),
      );
    } catch {
      return [];
    }
  }

  private save(entries: Entry[]): void {
    // entries of other builds are of no use any more
    const kept: Entry[] = [];
    let chars = 0;
    for (const e of entries) {
      if (e.build !== this.build) continue;
      const size = JSON.stringify(e).length;
      if (kept.length >= COMPILE_CACHE_ENTRIES) break;
      if (chars + size > COMPILE_CACHE_CHARS) continue;
      kept.push(e);
      chars += size;
    }
    try {
      this.store!.setItem(COMPILE_CACHE_KEY, JSON.stringify(kept));
    } catch {
      // storage full or unavailable: the cache is an optimisation only
    }
  }
}
