/**
 * The workbench's reactive state: start-up, datasets and catalog, tabs, runs and history.
 * Engine and KQL worker are injected (main.ts picks the concrete ones), so this class is the only
 * place that sequences them; UI components get data and callbacks, never the engine.
 */
import type { Catalog, CatalogTable } from '../catalog/types.ts';
import type { UserTable } from '../catalog/user-files.ts';
import type { BrowserEngine, EngineProgress } from '../engine/browser.ts';
import { openBareDatabase, UnusableDatabaseError } from '../engine/bare-database.ts';
import { createRecyclingEngine, ENGINE_RESTARTED } from '../engine/recycle.ts';
import { quoteIdent } from '../engine/setup.ts';
import { firstColumnText, tableToKusto } from '../engine/values.ts';
import { keepArrow } from './result-arrow.ts';
import type { CompileResult, Diagnostic, OutputColumn, RenderHint } from '../kql/api.ts';
import type { KqlWorkerClient } from '../kql/worker-client.ts';
import type { CompletionList } from '../kql/worker-protocol.ts';
import { blockAt, splitBlocks } from './blocks.ts';
import { type CachedCompile, CompileCache, type CompileInputs, catalogHash, datasetCatalog, type PrebuiltCompile, sameCompile } from './compile-cache.ts';
import { DEFAULT_QUERY } from './default-query.ts';
import { applyTimeRange, huntWindowFor, originalOffset, type TimeRange } from './time-range.ts';
import { copiesFor, type ExternalCopy, loadCopies, saveCopy, savePackCopies } from './external-data.ts';
import { addWhere, decodeShareHash, encodeShareHash, excludePredicate, filterPredicate, type JsonValue, type KustoResult } from './results.ts';
import {
  type HistoryEntry,
  type KeyValueStore,
  loadSession,
  newTabId,
  nextTabTitle,
  pushHistory,
  saveSession,
  type TabData,
} from './session.ts';
import { type FolderFile, type LocalDataset, scanFolder } from './local-datasets.ts';
import { checkMemory, type MemoryBudget, type MemoryEnv, memoryBudget, readMemoryEnv } from './memory.ts';
import { type ResultStore, resultKey, type StoredResult, unrestorable, withinCaps } from './result-cache.ts';
import { PREFETCH_AHEAD, TableLoader, type TableSource, tablesInSql } from './table-loader.ts';
import { formatOf, loadUserFile, readUserFile, readUserWatchlist, tableNameFor, UploadError } from './user-tables.ts';

/** A first pass's own SQL carries its limit; this only keeps the engine's guard out of its way. */
const PROBE_MAX_ROWS = 1_000_000;
/** How long start-up work that waits for the runs in flight (whenStarted, a deferred KQL worker) waits at most. */
const RUNS_WAIT_MS = 3_000;

export interface WorkbenchDeps {
  startEngine(progress: EngineProgress): Promise<BrowserEngine>;
  startKql(): KqlWorkerClient;
  fetch: typeof fetch;
  store: KeyValueStore;
  /** Base URL of the `datasets/` folder. */
  datasetsUrl: string;
  /** What the browser tells about its memory (default: state/memory.ts readMemoryEnv). */
  memoryEnv?: () => MemoryEnv;
  /**
   * Identifies the compiler's build for the compile cache (state/compile-cache.ts: the KQL
   * worker bundle's hashed URL); absent or null: compiles are not remembered.
   */
  compileCacheBuild?: string | null;
  /**
   * Compiles made at build time for this build (state/prebuilt-compiles.ts: the default query on
   * the lab dataset), served like remembered ones when the browser has none of its own.
   */
  prebuiltCompiles?: PrebuiltCompile[];
  /**
   * Where each tab's last result is kept across visits (state/result-cache.ts: IndexedDB), and the
   * engine's build (DuckDB's wasm URL) it is keyed on; without both (or without a compile cache),
   * results are neither kept nor restored.
   */
  results?: ResultStore | null;
  engineBuild?: string | null;
  /**
   * Called with a table file of an Arrow dataset that a query wants during start-up when its
   * download is in, before the engine loads it (engine/browser.ts `prepareArrow`: its decoding
   * then overlaps the engine's start).
   */
  prepareTable?: (bytes: Uint8Array, table: string) => void;
  /** Time limit of one step of the engine's first start (ms); FIRST_START_STEP_LIMIT_MS when omitted (tests shorten it). */
  engineStartStepLimitMs?: number;
}

export interface DatasetInfo {
  name: string;
  description?: string;
  tables: number;
  rows: number;
  /** A hash of the dataset's files (written by the build; a restored result needs it unchanged). */
  contentHash?: string;
}

export interface StartupStep {
  label: string;
  state: 'pending' | 'running' | 'done' | 'error';
  detail: string;
  fraction: number;
  ms?: number;
}

export interface RunError {
  code: string;
  message: string;
  /** Offset of the error in the tab's text (when the query came from it), for "go to error". */
  offset?: number;
  /** 1-based line and column in the tab's text. */
  line?: number;
  column?: number;
  /** HB140: externaldata URLs that need a local copy (the panel offers to pick each file). */
  missingUrls?: string[];
  /** HB141: the watchlist alias that is not loaded (the panel offers to load a CSV as it). */
  missingWatchlist?: string;
}

export interface StageCount {
  label: string;
  rows: number | null;
  error?: string;
}

export interface RunState {
  status: 'compiling' | 'running' | 'done' | 'error' | 'cancelled';
  kql: string;
  startedAt: number;
  sql?: string;
  columns?: OutputColumn[];
  render?: RenderHint;
  stages?: CompileResult['stages'];
  result?: KustoResult;
  truncated?: boolean;
  maxRows?: number;
  compileMs?: number;
  ms?: number;
  error?: RunError;
  /** The header's time range as it was added to the query (`where Timestamp between (…)`). */
  timeFilter?: string;
  /** Why the header's time range was not applied to this query (it sets its own, …). */
  timeNote?: string;
  /** What Sentinel's {{StartTimeISO}} / {{EndTimeISO}} stood for in this query, and why (state/time-range.ts). */
  huntNote?: string;
  /** The short form of `huntNote` for the status line. */
  huntLabel?: string;
  stageCounts?: StageCount[];
  explaining?: boolean;
  /**
   * The compile came from the compile cache (state/compile-cache.ts): 'checking' until the
   * compiler has compiled the query again and found the same, then 'checked'. A different compile
   * replaces the run (a new run with `recompiled` set). 'unchecked': the dataset changed before
   * the check could be made (the entry is dropped).
   */
  compileCache?: 'checking' | 'checked' | 'unchecked';
  /** This run replaced one whose cached compile turned out to be out of date. */
  recompiled?: boolean;
  /**
   * The tab's last result from an earlier visit (state/result-cache.ts), shown while the engine
   * starts: the dataset, catalog, now, compiled SQL and engine are the same as when it was computed
   * (epoch ms of that run). Not computed on this visit: rerunning is one click.
   */
  restored?: { savedAt: number };
}

export { DEFAULT_QUERY } from './default-query.ts';

const BUILTIN_KINDS = new Set(['advanced-hunting', 'side', 'sentinel']);

export class Workbench {
  // ---- start-up
  engineStep = $state<StartupStep>({ label: 'Engine (DuckDB-WASM)', state: 'pending', detail: '', fraction: 0 });
  kqlStep = $state<StartupStep>({ label: 'KQL parser', state: 'pending', detail: '', fraction: 0 });
  dataStep = $state<StartupStep>({ label: 'Dataset', state: 'pending', detail: '', fraction: 0 });

  // ---- data
  datasets = $state<DatasetInfo[]>([]);
  dataset = $state('');
  catalog = $state.raw<Catalog | null>(null);
  /** Queries can run: tables still loading in the background are awaited per query. */
  ready = $derived(this.engineStep.state === 'done' && this.kqlStep.state === 'done' && this.catalog !== null);
  /** A message about the datasets for the user (missing dataset, upload failure…). */
  notice = $state<{ kind: 'error' | 'info'; text: string } | null>(null);

  // ---- editor
  tabs = $state<TabData[]>([]);
  active = $state('');
  history = $state<HistoryEntry[]>([]);
  diagnostics = $state.raw<Record<string, Diagnostic[]>>({});
  runs = $state.raw<Record<string, RunState>>({});
  maxRows = $state(50_000);
  /** Local copies of externaldata URLs, remembered in this browser (state/external-data.ts). */
  externalCopies = $state.raw<Record<string, ExternalCopy>>(loadCopies());
  timeoutSec = $state(120);
  /** A memory limit for loads, in MB (0: automatic, from the browser; state/memory.ts). */
  memoryLimitMb = $state(0);
  /** The header's time range, relative to the dataset's pinned now (state/time-range.ts). */
  timeRange = $state<TimeRange>({ kind: 'off' });

  activeTab = $derived(this.tabs.find((t) => t.id === this.active) ?? this.tabs[0]);
  activeRun = $derived(this.activeTab ? this.runs[this.activeTab.id] : undefined);

  private kql: KqlWorkerClient | null = null;
  private kqlReady: Promise<KqlWorkerClient> | null = null;
  private engineReady: Promise<BrowserEngine> | null = null;
  /** Settles when the first dataset load has finished (or failed): runs queue behind it. */
  private dataReady: Promise<void> = Promise.resolve();
  private loader: TableLoader | null = null;
  /** The latest loadDataset call, settled once its tables are queued (queries wait for it). */
  private datasetSwitch: Promise<void> = Promise.resolve();
  /** Resolves when the compiler first has a catalog (compiling before would flag every table). */
  private catalogReady: Promise<void>;
  private markCatalogReady: () => void = () => {};
  /** Resolves when the first catalog is published (before the compiler has it). */
  private catalogPublished: Promise<void>;
  private markCatalogPublished: () => void = () => {};
  /** The published catalog with its hash, for compile-cache look-ups (null: no cache). */
  private publishedCatalog: { cat: Catalog; hash: string } | null = null;
  /** Starts the KQL worker now if its start was deferred (see start()). */
  private wakeKql: () => void = () => {};
  /** The first dataset's table loader, once it exists (null: that dataset has none). */
  private firstLoader: Promise<TableLoader | null> = Promise.resolve(null);
  private markFirstLoader: (l: TableLoader | null) => void = () => {};
  /** datasetSwitch of the first dataset load (a later switch replaces it). */
  private firstSwitch: Promise<void> | null = null;
  private controllers = new Map<string, AbortController>();
  /** Told when the last run in flight finishes (runsSettled). */
  private idleWaiters = new Set<() => void>();
  private diagTimer: ReturnType<typeof setTimeout> | undefined;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private diagSeq = 0;
  private userTables: CatalogTable[] = [];
  /** The loaded user files themselves, to load again into a replacement engine. */
  private userFiles: UserTable[] = [];
  /** The current dataset's table sources (downloads are kept), to re-attach after a replacement. */
  private sources: TableSource[] = [];
  /**
   * Tables of the current dataset that a query needs before its loader exists (a query compiled,
   * or taken from the compile cache, while the engine is still starting): downloaded at once and
   * loaded first.
   */
  private wantedTables = new Set<string>();
  /** The attached database file of a DuckDB-format dataset (re-attached on a replacement engine). */
  /** The attached DuckDB database: a served dataset's URL, or a local file opened as the dataset (`bare`: its catalog is read from the file). */
  private attachedDb: { source: string | Blob; tables: string[]; bare?: string } | null = null;
  /** The dataset is a DuckDB file the user opened (it is not in the served dataset list). */
  localDataset = $state<string | null>(null);
  /** Datasets from the user's own files and folders, offered in the picker next to the served ones. */
  localDatasets = $state.raw<LocalDataset[]>([]);
  private baseCatalog: Catalog | null = null;
  private compileCache: CompileCache;
  /**
   * The catalog the KQL worker has been given (its init answered), with its hash for the compile
   * cache; null while a new one is on its way (compiles are then neither served nor stored).
   */
  private compilerCatalog: { cat: Catalog; hash: string } | null = null;

  constructor(private readonly deps: WorkbenchDeps) {
    this.compileCache = new CompileCache(deps.store, deps.compileCacheBuild ?? null, deps.prebuiltCompiles ?? []);
    this.catalogReady = new Promise((resolve) => (this.markCatalogReady = resolve));
    this.catalogPublished = new Promise((resolve) => (this.markCatalogPublished = resolve));
    const s = loadSession(deps.store, DEFAULT_QUERY);
    this.tabs = s.tabs;
    this.active = s.active;
    this.history = s.history;
  }

  // ------------------------------------------------------------------ start-up

  /** Starts the engine and the KQL worker in parallel, then loads the default dataset. */
  start(hash = ''): Promise<void> {
    const shared = decodeShareHash(hash);
    if (shared !== null) this.openInNewTab(shared, 'Shared query');

    const t0 = performance.now();
    this.engineStep = { ...this.engineStep, state: 'running', detail: 'starting' };
    this.kqlStep = { ...this.kqlStep, state: 'running', detail: 'loading parser' };
    let first = true;
    // an engine that fails a query fatally is replaced and the data re-attached (engine/recycle.ts)
    this.engineReady = createRecyclingEngine(
      (step) => {
        // each start reports its steps (each has a time limit, engine/recycle.ts: HB908 for the
        // first start, HB907 for a replacement)
        if (!first) return this.deps.startEngine((phase) => step?.(phase));
        first = false;
        return this.deps.startEngine((phase, fraction) => {
          step?.(phase);
          this.engineStep = { ...this.engineStep, detail: phase, fraction };
        });
      },
      {
        attach: (engine, step) => this.reattach(engine, step),
        onRecycle: (text) => {
          this.notice = { kind: 'info', text };
        },
        ...(this.deps.engineStartStepLimitMs ? { firstStartStepLimitMs: this.deps.engineStartStepLimitMs } : {}),
      },
    )
      .then((e) => {
        this.engineStep = { ...this.engineStep, state: 'done', detail: 'ready', fraction: 1, ms: performance.now() - t0 };
        return e;
      })
      .catch((e) => {
        const err = e as Error & { code?: string };
        const text = err.code ? `${err.code}: ${err.message}` : String(err.message ?? e);
        this.engineStep = { ...this.engineStep, state: 'error', detail: text };
        // nothing runs without the engine: say so where it is seen, not only in the start-up steps
        this.notice = { kind: 'error', text: `Start-up failed: ${text}` };
        throw e;
      });
    // After a visit that remembered compiles, or with the build's prebuilt compiles of the default
    // query (state/compile-cache.ts), the KQL worker (the Kusto
    // parser: about a second of CPU to load) starts once the engine is up and a query submitted
    // meanwhile has its answer (at most ~3 s of runs), or as soon as a query needs a compile: a
    // remembered query's first result does not need it, and on two cores it would take CPU from
    // the engine's start and the first query.
    const deferKql = this.compileCache.hasEntries();
    let wake: () => void = () => {};
    const woken = deferKql ? new Promise<void>((resolve) => (wake = resolve)) : Promise.resolve();
    this.wakeKql = wake;
    if (deferKql) {
      this.kqlStep = { ...this.kqlStep, detail: 'starts after the engine' };
      void this.engineReady
        .then(() => this.runsSettled())
        .then(wake, wake);
    }
    this.kqlReady = woken
      .then(() => {
        if (deferKql) this.kqlStep = { ...this.kqlStep, detail: 'loading parser' };
        const client = this.deps.startKql();
        return client.ready.then(() => client);
      })
      .then((client) => {
        this.kql = client;
        this.kqlStep = { ...this.kqlStep, state: 'done', detail: 'ready', fraction: 1, ms: performance.now() - t0 };
        return client;
      })
      .catch((e) => {
        this.kqlStep = { ...this.kqlStep, state: 'error', detail: String((e as Error).message ?? e) };
        throw e;
      });
    this.kqlReady.catch(() => {});
    this.engineReady.catch(() => {});

    this.firstLoader = new Promise((resolve) => (this.markFirstLoader = resolve));
    this.dataReady = (async () => {
      const list = await this.listDatasets();
      this.datasets = list;
      const first = list.find((d) => d.name === 'lab') ?? list[0];
      if (!first) {
        this.dataStep = { ...this.dataStep, state: 'error', detail: 'no dataset found' };
        this.notice = {
          kind: 'error',
          text: 'No built-in dataset was found (datasets/lab/catalog.json). Generate it with `npm run generate` or load your own files.',
        };
        const engine = await this.engineReady!;
        await engine.lockDown();
        await this.publishCatalog();
        return;
      }
      const p = this.loadDataset(first.name);
      this.firstSwitch = this.datasetSwitch;
      await p;
    })()
      .catch((e) => {
        const err = e as Error & { code?: string };
        this.notice = { kind: 'error', text: `Start-up failed: ${err.code ? `${err.code}: ` : ''}${err.message ?? e}` };
      })
      .finally(() => this.markFirstLoader(null));
    // a tab's last result from an earlier visit, while the engine starts
    void this.restoreLastResults().catch(() => {});
    return this.dataReady;
  }

  private async listDatasets(): Promise<DatasetInfo[]> {
    try {
      const res = await this.deps.fetch(`${this.deps.datasetsUrl}index.json`);
      if (!res.ok) return [];
      const list = await res.json();
      return Array.isArray(list) ? list : [];
    } catch {
      return [];
    }
  }

  /**
   * Switches to a dataset: the catalog is published at once (compiler and completion work right
   * away); tables load in the background, and a query moves the tables it uses to the front.
   */
  loadDataset(name: string): Promise<void> {
    const local = this.localDatasets.find((d) => d.name === name);
    const p = local ? this.openLocal(local).then(() => {}) : this.switchDataset(name);
    this.datasetSwitch = p.catch(() => {});
    return p;
  }

  /** The memory this tab may use for loads (state/memory.ts), from the browser and the setting. */
  memoryBudget(): MemoryBudget {
    return memoryBudget({ ...(this.deps.memoryEnv ?? readMemoryEnv)(), overrideMb: this.memoryLimitMb });
  }

  private async switchDataset(name: string): Promise<void> {
    const t0 = performance.now();
    this.dataStep = { label: `Dataset ${name}`, state: 'running', detail: 'catalog', fraction: 0 };
    try {
      const base = `${this.deps.datasetsUrl}${encodeURIComponent(name)}/`;
      const res = await this.deps.fetch(`${base}catalog.json`);
      if (!res.ok) throw new Error(`catalog.json: HTTP ${res.status}`);
      const cat = (await res.json()) as Catalog;
      performance.mark('hb:data:catalog');
      if (!cat || !Array.isArray(cat.tables)) throw new Error('catalog.json has no tables');
      if (cat.database) return await this.attachDatabase(name, base, cat, t0);
      await this.loadArrowDataset(name, cat, t0, (file) =>
        this.deps.fetch(base + file).then(async (r) => {
          if (!r.ok) throw new Error(`${file}: HTTP ${r.status}`);
          return new Uint8Array(await r.arrayBuffer());
        }),
      );
    } catch (e) {
      // an engine that did not start has said so itself (its step and the notice): the dataset's
      // failure follows from it and does not replace that message
      const noEngine = this.engineStep.state === 'error';
      this.dataStep = { ...this.dataStep, state: 'error', detail: noEngine ? 'no engine' : (e as Error).message };
      if (!noEngine) this.notice = { kind: 'error', text: `Dataset ${name} could not be loaded: ${(e as Error).message}` };
      const engine = await this.engineReady!.catch(() => null);
      if (engine && !engine.locked) await engine.lockDown().catch(() => {});
      if (!this.catalog) await this.publishCatalog().catch(() => {});
    }
  }

  /** An Arrow-format dataset: every table file is read at once (`read`) and loaded in the background. */
  private async loadArrowDataset(name: string, cat: Catalog, t0: number, read: (file: string) => Promise<Uint8Array>): Promise<void> {
    const tables = cat.tables.filter((t) => t.file);
    // a table is read when the loader gets near it (table-loader.ts: PREFETCH_AHEAD), not all at
    // once; the first ones start now, in parallel with the engine's start-up
    const sources = tables.map((t) => {
      let p: Promise<Uint8Array> | null = null;
      return { name: t.name, rowCount: t.rowCount, bytes: () => (p ??= read(t.file!)) };
    });
    for (const s of sources.slice(0, PREFETCH_AHEAD)) s.bytes().catch(() => {});
    // the compiler and the editor get the new catalog while the engine may still be starting
    const { published, engine } = await this.switchCatalog(name, cat, sources);
    // tables that queries submitted meanwhile need go first (their downloads have started)
    const wanted = this.wantedTables;
    const loader = new TableLoader(
      [...sources.filter((s) => wanted.has(s.name)), ...sources.filter((s) => !wanted.has(s.name))],
      (table, bytes) => engine.loadArrow(table, bytes),
      (loaded, total, current) => {
        if (this.loader !== loader) return;
        this.dataStep = { ...this.dataStep, detail: current ? `${current} (${loaded + 1}/${total})` : '', fraction: loaded / total };
      },
      // a table no run in flight needs waits for the runs (the engine answers one request at a
      // time: a first visit's query waited for the second table's insert)
      { idle: () => this.runsSettled(), urgent: (table) => this.neededByRuns(table) },
    );
    this.loader = loader;
    this.markFirstLoader(loader);
    // tables load while the compiler gets the catalog (published)
    loader
      .run()
      .then(() => {
        if (this.loader !== loader) return;
        this.dataStep = {
          ...this.dataStep,
          state: 'done',
          detail: `${tables.length} tables, ${loader.rows.toLocaleString()} rows`,
          fraction: 1,
          ms: performance.now() - t0,
        };
      })
      .catch((e) => {
        if (this.loader !== loader) return;
        this.dataStep = { ...this.dataStep, state: 'error', detail: (e as Error).message };
        this.notice = { kind: 'error', text: `Dataset ${name}: ${(e as Error).message}` };
      });
    await published;
  }

  /** Loads the current data into a replacement engine: lock-down, dataset tables, user files. */
  private async reattach(engine: BrowserEngine, step: (name: string) => void = () => {}): Promise<void> {
    step('lock-down');
    await engine.lockDown();
    this.loader?.stop();
    if (this.attachedDb) {
      const db = this.attachedDb;
      step('dataset');
      if (db.bare) await openBareDatabase(engine, db.source, db.bare).catch(() => {});
      else await engine.attachDatabase(db.source, db.tables).catch(() => {});
    } else {
      const loader = new TableLoader(this.sources, (table, bytes) => engine.loadArrow(table, bytes));
      this.loader = loader;
      loader.run().catch(() => {});
    }
    for (const u of this.userFiles) {
      step(`added file ${u.table.name}`);
      await loadUserFile(engine, u).catch(() => {});
    }
  }

  /**
   * Makes `cat` the dataset's catalog (dropping user tables it shadows and the previous dataset's
   * tables), publishes it to the compiler and editor, and returns the locked-down engine.
   */
  private async switchCatalog(name: string, cat: Catalog, sources: typeof this.sources) {
    const prev = this.baseCatalog;
    this.loader?.stop();
    this.loader = null;
    this.baseCatalog = cat;
    this.dataset = name;
    this.userTables = this.userTables.filter((u) => !cat.tables.some((t) => t.name.toLowerCase() === u.name.toLowerCase()));
    this.userFiles = this.userFiles.filter((u) => this.userTables.some((t) => t.name === u.table.name));
    this.sources = sources;
    this.wantedTables = new Set();
    this.attachedDb = null;
    this.localDataset = null;
    const published = this.publishCatalog();
    const engine = await this.engineReady!;
    // lock first: Arrow inserts still work afterwards, so no SQL ever runs unlocked
    if (!engine.locked) {
      await engine.lockDown();
      performance.mark('hb:engine:locked');
    }
    await dropTablesOf(engine, prev, cat, sources.length > 0);
    return { published, engine };
  }

  /**
   * A DuckDB-format dataset: the catalog is published at once, then the database file is attached
   * read-only by URL (DuckDB reads it lazily over HTTP range requests: no download up front).
   */
  private async attachDatabase(name: string, base: string, cat: Catalog, t0: number): Promise<void> {
    const { published, engine } = await this.switchCatalog(name, cat, []);
    this.dataStep = { ...this.dataStep, detail: `attaching ${cat.database}`, fraction: 0.5 };
    const db = { source: base + encodeURIComponent(cat.database!), tables: cat.tables.map((t) => t.name) };
    await engine.attachDatabase(db.source, db.tables);
    this.attachedDb = db;
    await published;
    const rows = cat.tables.reduce((sum, t) => sum + (t.rowCount ?? 0), 0);
    this.dataStep = {
      ...this.dataStep,
      state: 'done',
      detail: `${cat.tables.length} tables, ${rows.toLocaleString()} rows`,
      fraction: 1,
      ms: performance.now() - t0,
    };
  }

  /**
   * Before the dataset's loader exists (the engine is starting): starts the downloads of the tables
   * a SQL text uses and puts them first in the loader's queue-to-be.
   */
  private wantTablesOf(sql: string): void {
    if (this.loader || !this.sources.length) return;
    for (const src of this.sources) {
      if (this.wantedTables.has(src.name) || !tablesInSql(sql, [src.name]).length) continue;
      this.wantedTables.add(src.name);
      this.prepareSource(src);
    }
  }

  /** Whether a run in flight names the table in its text (as a word), or its SQL uses it (`wantTablesOf`). */
  private neededByRuns(table: string): boolean {
    if (this.wantedTables.has(table)) return true;
    for (const tabId of this.controllers.keys()) {
      const kql = this.runs[tabId]?.kql;
      if (kql?.match(/[A-Za-z_][A-Za-z0-9_]*/g)?.includes(table)) return true;
    }
    return false;
  }

  /** Downloads a table file a query wants and has the engine's load of it prepared (`prepareTable`). */
  private prepareSource(src: TableSource): void {
    src.bytes().then(
      (b) => this.deps.prepareTable?.(b, src.name),
      () => {},
    );
  }

  /**
   * While a query waits for its compile: starts the downloads of the dataset's tables its text
   * names (as a word), so that on a first visit the one it needs is in, and decoded
   * (`prepareTable`), by the time the engine is up. A hint only: which tables load first is the
   * compiled SQL's to say (`wantTablesOf`, `tablesFor`); a name that only sits in a comment costs
   * a download that the background load makes anyway.
   */
  private hintTablesOf(kql: string): void {
    if (!this.sources.length) return;
    const words = new Set(kql.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []);
    for (const src of this.sources) if (words.has(src.name)) this.prepareSource(src);
  }

  /** Waits until the tables a SQL text uses are loaded (those of the current dataset). */
  private async tablesFor(sql: string): Promise<void> {
    // the first dataset's tables, before the compiler has its catalog (a query from the compile
    // cache); a dataset switch since then goes the long way
    const first = await this.firstLoader;
    if (first && this.loader === first && this.datasetSwitch === this.firstSwitch && this.baseCatalog) {
      await first.ensure(tablesInSql(sql, this.baseCatalog.tables.map((t) => t.name)));
      return;
    }
    await this.dataReady;
    await this.datasetSwitch;
    const loader = this.loader;
    if (!loader || !this.baseCatalog) return;
    await loader.ensure(tablesInSql(sql, this.baseCatalog.tables.map((t) => t.name)));
  }

  private async publishCatalog(): Promise<void> {
    const base = this.baseCatalog;
    const cat = datasetCatalog(base, this.userTables);
    this.catalog = cat;
    this.compilerCatalog = null;
    const published = this.compileCache.enabled ? { cat, hash: catalogHash(cat) } : null;
    this.publishedCatalog = published;
    this.markCatalogPublished();
    const kql = await this.kqlReady!;
    performance.mark('hb:kql:ready');
    await kql.init(cat, cat.now);
    performance.mark('hb:kql:catalog');
    if (this.catalog === cat) this.compilerCatalog = published;
    this.markCatalogReady();
    // the editor's diagnostics (a compile and a parse in the KQL worker) wait until the engine
    // has started and a query submitted meanwhile has its answer: on two cores they would take
    // CPU from the engine's start and the first query (both on the way to the first result)
    void this.whenStarted().then(() => this.refreshDiagnostics());
  }

  /**
   * Resolves once the engine and the dataset have started and no run is in flight (or after ~3 s
   * of runs): work the first result does not need (the editor's diagnostics, loading Monaco) waits
   * for it.
   */
  async whenStarted(): Promise<void> {
    await Promise.allSettled([this.engineReady, this.dataReady]);
    await this.runsSettled();
    await new Promise((r) => setTimeout(r, 0));
  }

  /** Resolves once no run is in flight (at once when none is), or after `maxMs` of runs. */
  private runsSettled(maxMs = RUNS_WAIT_MS): Promise<void> {
    if (this.controllers.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.idleWaiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, maxMs);
      this.idleWaiters.add(done);
    });
  }

  // ------------------------------------------------------------------ user files

  /**
   * Opens a DuckDB database file the user picked or dropped as the dataset: attached read-only and
   * read block by block from the file (nothing is copied into memory up front), its catalog read
   * from the file (catalog/from-duckdb.ts). It stays in the dataset picker for this page. If the
   * file cannot be used, the previous dataset is attached again.
   */
  async openDatabaseFile(file: Blob & { name: string }): Promise<boolean> {
    const d: LocalDataset = { kind: 'bare', name: file.name, file, bytes: file.size };
    this.offerLocal([d]);
    const p = this.openLocal(d);
    this.datasetSwitch = p.then(() => {});
    return p;
  }

  /**
   * Opens a folder the user picked or dropped (state/local-datasets.ts): every dataset in it is
   * offered in the picker and the first one is opened. A folder with no dataset changes nothing.
   */
  async openFolder(label: string, files: readonly FolderFile[]): Promise<boolean> {
    let scan: Awaited<ReturnType<typeof scanFolder>>;
    try {
      scan = await scanFolder(files);
    } catch (e) {
      this.notice = { kind: 'error', text: `Folder ${label} was not read: ${(e as Error).message}. Nothing was changed.` };
      return false;
    }
    const { datasets, problems, ignored } = scan;
    const extra = [
      problems.length ? `Not usable: ${problems.join('; ')}.` : '',
      ignored ? `${ignored} other file${ignored === 1 ? '' : 's'} ignored (a folder's datasets are DuckDB database files, or folders with a catalog.json).` : '',
    ].filter(Boolean);
    if (!datasets.length) {
      this.notice = { kind: 'error', text: `Folder ${label} holds no dataset. ${extra.join(' ')} Nothing was changed.`.replace(/\s+/g, ' ').trim() };
      return false;
    }
    this.offerLocal(datasets);
    const p = this.openLocal(datasets[0]);
    this.datasetSwitch = p.then(() => {});
    const ok = await p;
    const found =
      datasets.length > 1 ? `Folder ${label}: ${datasets.length} datasets (${datasets.map((d) => d.name).join(', ')}), all in the dataset picker.` : '';
    const said = [found, ...extra].filter(Boolean).join(' ');
    if (said && this.notice) this.notice = { ...this.notice, text: `${this.notice.text} ${said}` };
    return ok;
  }

  /** Adds local datasets to the picker (one of the same name is replaced). */
  private offerLocal(ds: readonly LocalDataset[]): void {
    const names = new Set(ds.map((d) => d.name));
    this.localDatasets = [...this.localDatasets.filter((d) => !names.has(d.name)), ...ds];
  }

  /** Opens a local dataset; false (with a notice) when it was refused or could not be opened. */
  private async openLocal(d: LocalDataset): Promise<boolean> {
    const prevSwitch = this.datasetSwitch;
    const t0 = performance.now();
    const verdict = checkMemory(d.kind === 'arrow' ? 'arrow-dataset' : 'database', d.bytes, d.name, this.memoryBudget());
    if (!verdict.ok) {
      this.notice = { kind: 'error', text: verdict.text };
      return false;
    }
    const prevDb = this.attachedDb;
    this.dataStep = { label: `Dataset ${d.name}`, state: 'running', detail: 'attaching', fraction: 0.5 };
    const note = verdict.note ? ` ${verdict.note}` : '';
    try {
      await this.dataReady;
      await prevSwitch;
      const engine = await this.engineReady!;
      if (!engine.locked) await engine.lockDown();
      if (d.kind === 'arrow') {
        await this.loadArrowDataset(d.name, d.catalog, t0, async (f) => new Uint8Array(await d.files.get(f)!.arrayBuffer()));
        this.localDataset = d.name;
        this.notice = { kind: 'info', text: `Opened ${d.name} as the dataset (${d.catalog.tables.length} tables, loading).${note}` };
        return true;
      }
      if (d.kind === 'database') {
        const tables = d.catalog.tables.map((t) => t.name);
        // a file that cannot be attached (or lacks a table) changes nothing
        await engine.attachDatabase(d.file, tables);
        const { published } = await this.switchCatalog(d.name, d.catalog, []);
        this.attachedDb = { source: d.file, tables };
        this.localDataset = d.name;
        await published;
        const rows = d.catalog.tables.reduce((sum, t) => sum + (t.rowCount ?? 0), 0);
        this.dataStep = { ...this.dataStep, state: 'done', detail: `${tables.length} tables, ${rows.toLocaleString()} rows`, fraction: 1, ms: performance.now() - t0 };
        this.notice = { kind: 'info', text: `Opened ${d.name} as the dataset (${tables.length} tables, ${rows.toLocaleString()} rows).${note}` };
        return true;
      }
      const bare = await openBareDatabase(engine, d.file, d.name.replace(/^.*\//, '').replace(/\.duckdb$/i, ''));
      const { published } = await this.switchCatalog(d.name, bare.catalog, []);
      this.attachedDb = { source: d.file, tables: [], bare: bare.catalog.dataset };
      this.localDataset = d.name;
      await published;
      const cols = bare.catalog.tables.reduce((n, t) => n + t.columns.length, 0);
      this.dataStep = { ...this.dataStep, state: 'done', detail: `${bare.catalog.tables.length} tables, ${cols} columns`, fraction: 1, ms: performance.now() - t0 };
      const left = bare.skipped.length ? ` Left out (no exact Kusto type): ${bare.skipped.slice(0, 5).join('; ')}${bare.skipped.length > 5 ? ` and ${bare.skipped.length - 5} more` : ''}.` : '';
      this.notice = { kind: 'info', text: `Opened ${d.name} as the dataset: ${bare.catalog.tables.map((t) => t.name).join(', ')}.${left}${note}` };
      return true;
    } catch (e) {
      // a file that attached but had nothing usable replaced the previous database: attach that
      // again before saying so (a file that failed to attach changed nothing; Arrow-loaded tables
      // were never touched)
      const engine = await this.engineReady!.catch(() => null);
      if (e instanceof UnusableDatabaseError && engine && prevDb && this.attachedDb === prevDb) {
        if (prevDb.bare) await openBareDatabase(engine, prevDb.source, prevDb.bare).catch(() => {});
        else await engine.attachDatabase(prevDb.source, prevDb.tables).catch(() => {});
      }
      this.dataStep = { ...this.dataStep, state: 'error', detail: (e as Error).message };
      this.notice = { kind: 'error', text: `${d.name} was not opened: ${(e as Error).message}` };
      // a dataset that cannot be opened is not offered again
      this.localDatasets = this.localDatasets.filter((x) => x !== d);
      return false;
    }
  }

  async addFile(file: { name: string; size?: number; arrayBuffer(): Promise<ArrayBuffer> }): Promise<string | null> {
    if (/\.duckdb$/i.test(file.name) && file instanceof Blob) return (await this.openDatabaseFile(file as Blob & { name: string })) ? file.name : null;
    const format = formatOf(file.name);
    if (!format) {
      this.notice = { kind: 'error', text: `${file.name}: unsupported file type (use .csv, .tsv, .json, .jsonl, .ndjson, .arrow, or .duckdb to open a database as the dataset)` };
      return null;
    }
    // refused before a byte is read when the load would not fit (state/memory.ts)
    if (file.size !== undefined) {
      const verdict = checkMemory(format === 'arrow' ? 'arrow-table' : 'text-table', file.size, file.name, this.memoryBudget());
      if (!verdict.ok) {
        this.notice = { kind: 'error', text: verdict.text };
        return null;
      }
    }
    // read and type the whole file first (src/catalog/user-files.ts, shared with the CLI): a
    // malformed file is rejected with a line/field-precise message before the engine is touched
    let user: UserTable;
    try {
      const taken = [...(this.catalog?.tables ?? []).map((t) => t.name)];
      user = readUserFile(tableNameFor(file.name, taken), file.name, new Uint8Array(await file.arrayBuffer()));
    } catch (e) {
      const text = e instanceof UploadError ? `${e.message} — the file was not loaded` : `${file.name} was not loaded: ${(e as Error).message}`;
      this.notice = { kind: 'error', text };
      return null;
    }
    const name = user.table.name;
    const failed = await this.installUserTable(user);
    if (failed) {
      this.notice = { kind: 'error', text: `${file.name} was not loaded: ${failed}` };
      return null;
    }
    this.notice = { kind: 'info', text: `Loaded ${file.name} as table ${name} (${(user.table.rowCount ?? 0).toLocaleString()} rows).` };
    return name;
  }

  /**
   * Loads a read user table (a file or a watchlist) into the engine and the catalog. Returns null,
   * or the engine's or catalog's message, after undoing the half-done load: the name is new, so
   * dropping it loses nothing that was loaded.
   */
  private async installUserTable(user: UserTable): Promise<string | null> {
    const name = user.table.name;
    let engine: BrowserEngine | undefined;
    try {
      engine = await this.engineReady!;
      await loadUserFile(engine, user);
      this.userTables = [...this.userTables, user.table];
      this.userFiles = [...this.userFiles, user];
      await this.publishCatalog();
      return null;
    } catch (e) {
      await engine?.query(`DROP TABLE IF EXISTS ${quoteIdent(name)}`).catch(() => {});
      this.userTables = this.userTables.filter((t) => t.name !== name);
      this.userFiles = this.userFiles.filter((u) => u.table.name !== name);
      return (e as Error).message;
    }
  }

  /**
   * Loads a CSV/TSV file as the Sentinel watchlist `_GetWatchlist(alias)` returns (the CLI's
   * `--watchlist ALIAS[:KEY]=PATH`, catalog/user-watchlists.ts), for this session, then runs the
   * tab's last query again. Returns null when loaded, else the message (also shown as a notice): a
   * malformed file, a search-key column the header lacks, or an alias that is already loaded.
   */
  async addWatchlist(alias: string, file: { name: string; lastModified?: number; text(): Promise<string> }, opts: { searchKey?: string; tabId?: string } = {}): Promise<string | null> {
    const fail = (text: string) => {
      this.notice = { kind: 'error', text };
      return text;
    };
    if (!/\.(csv|tsv)$/i.test(file.name)) return fail(`${file.name}: a watchlist is a .csv or .tsv file — the file was not loaded`);
    if ((this.catalog?.tables ?? []).some((t) => t.watchlist?.alias.toLowerCase() === alias.toLowerCase()))
      return fail(`watchlist '${alias}' is already loaded — ${file.name} was not loaded`);
    let user: UserTable;
    try {
      user = readUserWatchlist(alias, file.name, await file.text(), { searchKey: opts.searchKey, updatedMs: file.lastModified || Date.now() });
    } catch (e) {
      return fail(e instanceof UploadError ? `${e.message} — the file was not loaded` : `${file.name} was not loaded: ${(e as Error).message}`);
    }
    const name = user.table.name;
    if ((this.catalog?.tables ?? []).some((t) => t.name.toLowerCase() === name.toLowerCase())) return fail(`a table named ${name} is already loaded — ${file.name} was not loaded as watchlist '${alias}'`);
    const failed = await this.installUserTable(user);
    if (failed) return fail(`${file.name} was not loaded: ${failed}`);
    this.notice = { kind: 'info', text: `Loaded ${file.name} as watchlist '${alias}' (${(user.table.rowCount ?? 0).toLocaleString()} items, SearchKey = ${user.table.watchlist?.searchKey}).` };
    const last = opts.tabId ? this.runs[opts.tabId]?.kql : undefined;
    if (opts.tabId && last) await this.runKql(opts.tabId, last);
    return null;
  }

  builtinTables = $derived((this.catalog?.tables ?? []).filter((t) => BUILTIN_KINDS.has(t.kind)));

  // ------------------------------------------------------------------ tabs

  setText(id: string, text: string): void {
    const tab = this.tabs.find((t) => t.id === id);
    if (!tab || tab.text === text) return;
    tab.text = text;
    this.scheduleSave();
    this.scheduleDiagnostics();
  }

  newTab(text = ''): string {
    const id = newTabId();
    this.tabs.push({ id, title: nextTabTitle(this.tabs), text });
    this.active = id;
    this.scheduleSave();
    return id;
  }

  openInNewTab(text: string, title?: string, now?: string): void {
    const id = this.newTab(text);
    const tab = this.tabs.find((t) => t.id === id)!;
    if (title) tab.title = title;
    if (now) tab.now = now;
    this.scheduleDiagnostics();
  }

  closeTab(id: string): void {
    const i = this.tabs.findIndex((t) => t.id === id);
    if (i < 0) return;
    this.cancel(id);
    this.tabs.splice(i, 1);
    if (!this.tabs.length) this.newTab('');
    if (this.active === id) this.active = this.tabs[Math.max(0, i - 1)].id;
    const { [id]: _, ...rest } = this.runs;
    this.runs = rest;
    this.scheduleSave();
  }

  selectTab(id: string): void {
    this.active = id;
    this.scheduleSave();
    this.scheduleDiagnostics();
  }

  renameTab(id: string, title: string): void {
    const tab = this.tabs.find((t) => t.id === id);
    if (tab && title.trim()) tab.title = title.trim().slice(0, 60);
    this.scheduleSave();
  }

  /** Inserts text as a new block at the end of the active tab. */
  insertQuery(kql: string): void {
    const tab = this.activeTab;
    if (!tab) return;
    const body = tab.text.replace(/\s+$/, '');
    this.setText(tab.id, body ? `${body}\n\n${kql}\n` : `${kql}\n`);
  }

  private scheduleSave(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.saveNow(), 250);
  }

  saveNow(): void {
    clearTimeout(this.saveTimer);
    saveSession(this.deps.store, { tabs: $state.snapshot(this.tabs), active: this.active, history: $state.snapshot(this.history) });
  }

  shareHash(kql: string): string {
    return encodeShareHash(kql);
  }

  // ------------------------------------------------------------------ language services

  private scheduleDiagnostics(): void {
    clearTimeout(this.diagTimer);
    this.diagTimer = setTimeout(() => this.refreshDiagnostics(), 250);
  }

  /** Diagnostics of every block of the active tab, in whole-text offsets. */
  async refreshDiagnostics(): Promise<void> {
    const tab = this.activeTab;
    const kql = this.kql;
    if (!tab || !kql || !this.catalog) return;
    const seq = ++this.diagSeq;
    const text = tab.text;
    const all: Diagnostic[] = [];
    for (const b of splitBlocks(text)) {
      const ds = await kql.request({ type: 'diagnostics', kql: b.text }).catch(() => [] as Diagnostic[]);
      for (const d of ds) all.push({ ...d, start: b.start + d.start, end: b.start + d.end });
    }
    if (seq !== this.diagSeq) return;
    this.diagnostics = { ...this.diagnostics, [tab.id]: all };
  }

  async complete(text: string, offset: number): Promise<CompletionList | null> {
    const b = blockAt(text, offset);
    if (!this.kql) return null;
    // on a blank line or past the end: complete from an empty block (a table name)
    const inBlock = b && offset >= b.start && offset <= b.end;
    const start = inBlock ? b.start : offset;
    const blockText = inBlock ? b.text : '';
    const r = await this.kql.request({ type: 'complete', kql: blockText, offset: offset - start });
    return { ...r, editStart: r.editStart + start };
  }

  async hover(text: string, offset: number): Promise<string | null> {
    const b = blockAt(text, offset);
    if (!this.kql || !b || offset < b.start || offset > b.end) return null;
    return this.kql.request({ type: 'hover', kql: b.text, offset: offset - b.start });
  }

  async format(text: string): Promise<string> {
    if (!this.kql) return text;
    const blocks = splitBlocks(text);
    let out = '';
    let pos = 0;
    for (const b of blocks) {
      const f = await this.kql.request({ type: 'format', kql: b.text }).catch(() => b.text);
      out += text.slice(pos, b.start) + f;
      pos = b.end;
    }
    return out + text.slice(pos);
  }

  // ------------------------------------------------------------------ running

  private setRun(tabId: string, run: RunState): void {
    this.runs = { ...this.runs, [tabId]: run };
  }

  /** Runs the block under `offset` in tab `tabId` (the whole text when offset is omitted and there is one block). */
  async run(tabId: string, offset?: number): Promise<void> {
    const tab = this.tabs.find((t) => t.id === tabId);
    if (!tab) return;
    const block = blockAt(tab.text, offset ?? tab.text.length);
    if (!block) return;
    await this.runKql(tabId, block.text, block.start);
  }

  /**
   * Compiles and runs one query. `blockStart` is where it sits in the tab's text, so errors are
   * reported at editor positions; when omitted, it is looked up (first occurrence).
   */
  async runKql(tabId: string, kqlText: string, blockStart?: number, opts: { noCache?: boolean; recompiled?: boolean } = {}): Promise<void> {
    this.cancel(tabId);
    const ctl = new AbortController();
    this.controllers.set(tabId, ctl);
    const startedAt = performance.now();
    let run: RunState = { status: 'compiling', kql: kqlText, startedAt, ...(opts.recompiled ? { recompiled: true } : {}) };
    this.setRun(tabId, run);
    let fromCache: { inputs: CompileInputs; cached: CachedCompile; now: string | undefined } | null = null;
    // what a result to keep across visits is keyed on (state/result-cache.ts): the catalog and now
    // of a compile the compile cache serves or stores, and the dataset's content
    let keyFrom: { catalog: string; now: string } | null = null;
    let datasetAt: string | null = null;
    const finish = (r: RunState) => {
      if (this.controllers.get(tabId) !== ctl) return;
      this.controllers.delete(tabId);
      if (this.controllers.size === 0) for (const done of [...this.idleWaiters]) done();
      this.setRun(tabId, r);
      this.keepResult(tabId, r, keyFrom, datasetAt);
      this.history = pushHistory(this.history, {
        kql: kqlText,
        at: Date.now(),
        ok: r.status === 'done',
        rows: r.result?.rows.length,
        ms: r.ms,
        error: r.error ? `${r.error.code}: ${r.error.message}` : undefined,
      });
      this.scheduleSave();
      // a failed run is checked too: its failure may come from an out-of-date compile
      if (fromCache && (r.status === 'done' || r.status === 'error')) void this.checkCachedCompile(tabId, r, kqlText, blockStart, fromCache.inputs, fromCache.cached, fromCache.now);
    };
    try {
      const now = this.tabs.find((t) => t.id === tabId)?.now;
      const externalData = copiesFor(kqlText, this.externalCopies);
      const timeFiltered = () => applyTimeRange(kqlText, this.timeRange, now ?? this.catalog?.now ?? '', this.catalog);
      // Sentinel's {{StartTimeISO}} / {{EndTimeISO}}: the header's time range, else the compiler's default
      const huntFor = () => huntWindowFor(kqlText, this.timeRange, now ?? this.catalog?.now ?? '');
      // a query the compile cache cannot serve (no compile has its text; with the time filter off
      // the text is what is compiled) starts the KQL worker now, not once the catalog is published:
      // on a first visit its load (~0.2 s of CPU, more wall time on two busy cores) then overlaps
      // the engine's start instead of following the catalog's fetch
      if (externalData || opts.noCache || (this.timeRange.kind === 'off' && !this.compileCache.hasText(kqlText))) this.wakeKql();
      // a query compiled before with the same compiler, catalog and now: its SQL runs as soon as
      // the catalog is published (the compiler need not have started), and the compiler checks it
      // once start-up is over (checkCachedCompile)
      await Promise.race([this.catalogPublished, this.dataReady]);
      datasetAt = this.datasetContentHash();
      let tf = timeFiltered();
      let hunt = huntFor();
      const pub = this.publishedCatalog;
      const pubNow = now ?? pub?.cat.now;
      const servable = pub && pubNow && !externalData && !opts.noCache ? { catalog: pub.hash, now: pubNow, kql: tf.kql, ...(hunt && { hunt: hunt.key }) } : null;
      const cached = servable ? this.compileCache.get(servable) : null;
      let compiled: CompileResult;
      if (cached && servable) {
        compiled = cached;
        performance.mark('hb:run:cached');
        fromCache = { inputs: servable, cached, now };
        keyFrom = { catalog: servable.catalog, now: servable.now };
        run = { ...run, compileCache: 'checking' };
      } else {
        this.hintTablesOf(tf.kql);
        // a query typed during start-up waits for the compiler's catalog; tables are awaited below
        this.wakeKql();
        await Promise.race([this.catalogReady, this.dataReady]);
        await this.kqlReady;
        tf = timeFiltered();
        hunt = huntFor();
        const cc = this.compilerCatalog;
        const ccNow = now ?? cc?.cat.now;
        const inputs = cc && ccNow && !externalData ? { catalog: cc.hash, now: ccNow, kql: tf.kql, ...(hunt && { hunt: hunt.key }) } : null;
        let probed = false;
        compiled = await this.compileWithProbes(tf.kql, now, externalData, ctl.signal, () => (probed = true), hunt?.window);
        performance.mark('hb:run:compiled');
        if (inputs && !probed && this.compilerCatalog === cc) {
          this.compileCache.put(inputs, compiled);
          keyFrom = { catalog: inputs.catalog, now: inputs.now };
        }
      }
      if (tf.applied) run = { ...run, timeFilter: tf.where };
      else if (this.timeRange.kind !== 'off') run = { ...run, timeNote: tf.reason };
      if (hunt) run = { ...run, huntNote: hunt.note, huntLabel: hunt.label };
      if (ctl.signal.aborted) throw new Error('cancelled');
      const compileMs = performance.now() - startedAt;
      // offsets into the query with the time filter back to the user's text
      const back = (d: Diagnostic): Diagnostic => ({ ...d, start: originalOffset(tf, d.start) });
      const stages = compiled.stages?.map((st) => ({ ...st, start: originalOffset(tf, st.start), end: originalOffset(tf, st.end) }));
      if (!compiled.ok || !compiled.sql) {
        const d = compiled.diagnostics.find((x) => x.severity === 'error') ?? compiled.diagnostics[0];
        finish({
          ...run,
          status: 'error',
          compileMs,
          ms: compileMs,
          error: d
            ? {
                ...this.errorAt(tabId, kqlText, blockStart, back(d)),
                ...(compiled.missingExternalData ? { missingUrls: compiled.missingExternalData } : {}),
                ...(compiled.missingWatchlist ? { missingWatchlist: compiled.missingWatchlist } : {}),
              }
            : { code: 'HB000', message: 'compilation failed' },
        });
        return;
      }
      run = { ...run, status: 'running', sql: compiled.sql, columns: compiled.columns, render: compiled.render, stages, compileMs };
      this.setRun(tabId, run);
      this.wantTablesOf(compiled.sql);
      const engine = await this.engineReady!;
      // the time limit covers the wait for the query's tables too (their load may be stuck on an
      // engine that no longer answers)
      const signal = AbortSignal.any([ctl.signal, AbortSignal.timeout(this.timeoutSec * 1000)]);
      await untilAborted(this.tablesFor(compiled.sql), signal);
      performance.mark('hb:run:tables');
      if (ctl.signal.aborted) throw new Error('cancelled');
      const { table, truncated } = await engine.queryLimited(compiled.sql, this.maxRows, { signal });
      performance.mark('hb:run:queried');
      const result = tableToKusto(table, compiled.columns ?? []);
      // the grid sorts, filters and counts on the Arrow table itself (state/results-view.ts)
      keepArrow(result, table);
      finish({ ...run, status: 'done', result, truncated, maxRows: this.maxRows, ms: performance.now() - startedAt });
    } catch (e) {
      if (ctl.signal.aborted) {
        finish({ ...run, status: 'cancelled', ms: performance.now() - startedAt, error: { code: 'HB902', message: 'query cancelled' } });
        return;
      }
      const err = e as Error & { code?: string };
      // an engine replaced after this query (HB904) says so itself, even when the query timed out
      const timedOut = err.code !== ENGINE_RESTARTED && (err.name === 'TimeoutError' || /cancel/i.test(err.message ?? ''));
      finish({
        ...run,
        status: 'error',
        ms: performance.now() - startedAt,
        error: timedOut
          ? { code: 'HB903', message: `query stopped after the ${this.timeoutSec} s timeout` }
          : { code: err.code ?? 'HB900', message: err.message ?? String(e) },
      });
    }
  }

  /** The content hash of the current dataset (a served one: the user's own files have none). */
  private datasetContentHash(): string | null {
    if (this.localDataset) return null;
    return this.datasets.find((d) => d.name === this.dataset)?.contentHash ?? null;
  }

  /** Writes to the result store, one after the other (a tab's later result replaces an earlier one). */
  private resultWrites: Promise<void> = Promise.resolve();

  /**
   * After a run has finished: keeps its result as the tab's last one (state/result-cache.ts) when
   * it can be restored on a later visit, else forgets the tab's earlier one. Written once start-up
   * is over and no query is running, off the first result's path.
   */
  private keepResult(tabId: string, r: RunState, from: { catalog: string; now: string } | null, dataset: string | null): void {
    const store = this.deps.results;
    const engine = this.deps.engineBuild;
    if (!store || !engine || !this.compileCache.enabled || r.status === 'compiling' || r.status === 'running') return;
    const keep =
      r.status === 'done' &&
      !!r.result &&
      !!r.sql &&
      !!from &&
      !!dataset &&
      dataset === this.datasetContentHash() &&
      from.catalog === this.publishedCatalog?.hash &&
      unrestorable(r.sql, this.userTables.map((t) => t.name)) === null;
    const rec: StoredResult | null = keep
      ? {
          tab: tabId,
          key: resultKey({ engine, dataset: dataset!, catalog: from!.catalog, now: from!.now, sql: r.sql!, maxRows: r.maxRows ?? this.maxRows }),
          kql: r.kql,
          sql: r.sql!,
          columns: r.columns,
          render: r.render,
          result: r.result!,
          truncated: r.truncated,
          timeFilter: r.timeFilter,
          ms: r.ms,
          savedAt: Date.now(),
        }
      : null;
    this.resultWrites = this.resultWrites
      .then(() => this.whenIdle())
      .then(() => (rec && withinCaps(rec.result) ? store.put(rec) : store.delete(tabId)))
      .catch(() => {});
  }

  /**
   * After start-up, once no query is running (checked every 0.1 s, for at most a minute): the
   * size check and the structured clone of a kept result take main-thread time a running query's
   * result conversion would otherwise share.
   */
  private async whenIdle(): Promise<void> {
    await this.whenStarted();
    for (let i = 0; i < 600 && this.controllers.size > 0; i++) await new Promise((r) => setTimeout(r, 100));
  }

  /**
   * On start-up: each tab's last result from an earlier visit is shown at once (labelled as
   * restored) when its key is unchanged: same engine, dataset content, published catalog, now, row
   * limit, and the compiled SQL the compile cache has for the query now. The compiler is not
   * needed; a tab that has a run meanwhile is left alone.
   */
  private async restoreLastResults(): Promise<void> {
    try {
      await this.restoreKept();
    } finally {
      this.restoreChecked = true;
    }
  }

  /** Start-up has looked for the tabs' kept results (restored or not): for tests and the benchmark. */
  restoreChecked = false;

  private async restoreKept(): Promise<void> {
    const store = this.deps.results;
    const engine = this.deps.engineBuild;
    if (!store || !engine || !this.compileCache.enabled) return;
    const recs = await Promise.all(this.tabs.map((t) => store.get(t.id).catch(() => null)));
    if (!recs.some((r) => r)) return;
    await Promise.race([this.catalogPublished, this.dataReady]);
    const pub = this.publishedCatalog;
    const dataset = this.datasetContentHash();
    if (!pub || !dataset) return;
    for (const rec of recs) {
      if (!rec) continue;
      const tab = this.tabs.find((t) => t.id === rec.tab);
      if (!tab?.text.includes(rec.kql) || this.runs[tab.id] || this.controllers.has(tab.id)) continue;
      const now = tab.now ?? pub.cat.now;
      if (!now) continue;
      const tf = applyTimeRange(rec.kql, this.timeRange, now, this.catalog);
      const hunt = huntWindowFor(rec.kql, this.timeRange, now);
      const compiled = this.compileCache.get({ catalog: pub.hash, now, kql: tf.kql, ...(hunt && { hunt: hunt.key }) });
      if (!compiled?.sql) continue;
      if (resultKey({ engine, dataset, catalog: pub.hash, now, sql: compiled.sql, maxRows: this.maxRows }) !== rec.key) continue;
      this.setRun(tab.id, {
        status: 'done',
        kql: rec.kql,
        startedAt: performance.now(),
        sql: rec.sql,
        columns: rec.columns,
        render: rec.render,
        result: rec.result,
        truncated: rec.truncated,
        maxRows: this.maxRows,
        ms: rec.ms,
        timeFilter: rec.timeFilter,
        ...(hunt && { huntNote: hunt.note, huntLabel: hunt.label }),
        restored: { savedAt: rec.savedAt },
      });
      if (tab.id === this.active) performance.mark('hb:run:restored');
    }
  }

  /**
   * A run whose compile came from the cache, whether it answered or failed (the failure may come
   * from an out-of-date compile): once start-up is over (the check would otherwise take
   * the CPU the first result needs), the compiler compiles the query again. The same compile marks
   * the run 'checked'; a different one replaces the entry and, if the run is still on screen, runs
   * the query again with the fresh compile, so an out-of-date entry never stays on screen.
   */
  private async checkCachedCompile(
    tabId: string,
    shown: RunState,
    kqlText: string,
    blockStart: number | undefined,
    inputs: CompileInputs,
    cached: CachedCompile,
    now: string | undefined,
  ): Promise<void> {
    await this.whenStarted();
    const cc = this.compilerCatalog;
    let probed = false;
    const [from, to] = inputs.hunt?.split('/') ?? [];
    const hunt = from && to ? { from, to } : undefined;
    const fresh = await this.compileWithProbes(inputs.kql, now, undefined, undefined, () => (probed = true), hunt).catch(() => null);
    const onScreen = () => this.runs[tabId] === shown && !this.controllers.has(tabId);
    if (!cc || cc.hash !== inputs.catalog || this.compilerCatalog !== cc) {
      // compiled against another catalog: no verdict on the entry, so it goes
      this.compileCache.drop(inputs);
      if (onScreen()) this.setRun(tabId, { ...shown, compileCache: 'unchecked' });
      return;
    }
    if (fresh && sameCompile(cached, fresh)) {
      if (onScreen()) this.setRun(tabId, { ...shown, compileCache: 'checked' });
      return;
    }
    this.compileCache.drop(inputs);
    if (fresh && !probed) this.compileCache.put(inputs, fresh);
    if (onScreen()) await this.runKql(tabId, kqlText, blockStart, { noCache: true, recompiled: true });
  }

  /**
   * Uses `file` as the local copy of an externaldata URL (remembered in this browser), then runs
   * the tab's last query again. Returns false when the browser could not store it for next time.
   */
  async supplyExternalData(tabId: string, url: string, file: File): Promise<boolean> {
    const all = { ...this.externalCopies };
    const kept = saveCopy(all, url, { text: await file.text(), file: file.name, savedAt: Date.now() });
    this.externalCopies = all;
    const last = this.runs[tabId]?.kql;
    if (last) await this.runKql(tabId, last);
    return kept;
  }

  /**
   * Remembers a query pack's attachments as local copies of their URLs (see savePackCopies), so its
   * queries run in a tab as they do in the pack's tests. Returns the URLs saved.
   */
  rememberPackCopies(attachments: readonly { url: string; name: string; text: string }[], packName: string): string[] {
    if (!attachments.length) return [];
    const all = { ...this.externalCopies };
    const { saved } = savePackCopies(all, attachments, packName);
    if (saved.length) this.externalCopies = all;
    return saved;
  }

  /**
   * Compiles and runs a query outside any tab (the investigation views, a pack's tests): same
   * compiler, engine and row limit as a tab's run, but no history entry and no run state. Throws on
   * a compile error. `copies` (URL → text, a pack's attachments) come before the remembered ones.
   */
  async evaluate(kqlText: string, signal?: AbortSignal, now?: string, copies?: Record<string, string>): Promise<KustoResult> {
    this.wakeKql();
    await Promise.race([this.catalogReady, this.dataReady]);
    await this.kqlReady;
    const remembered = copiesFor(kqlText, this.externalCopies);
    const externalData = remembered || copies ? { ...remembered, ...copies } : undefined;
    const compiled = await this.compileWithProbes(kqlText, now, externalData, signal);
    if (!compiled.ok || !compiled.sql) {
      const d = compiled.diagnostics.find((x) => x.severity === 'error') ?? compiled.diagnostics[0];
      throw Object.assign(new Error(d ? `${d.code}: ${d.message}` : 'compilation failed'), { code: d?.code ?? 'HB000' });
    }
    const engine = await this.engineReady!;
    await this.tablesFor(compiled.sql);
    const sig = AbortSignal.any([...(signal ? [signal] : []), AbortSignal.timeout(this.timeoutSec * 1000)]);
    const { table } = await engine.queryLimited(compiled.sql, this.maxRows, { signal: sig });
    return tableToKusto(table, compiled.columns ?? []);
  }

  /**
   * Compiles in the KQL worker, running the first passes a query needs (evaluate pivot's distinct
   * values, host functions' distinct arguments, whose answers answerProbe computes here) on the engine: each probe's answer goes back into the next compile (compileWithProbes).
   */
  private async compileWithProbes(
    kqlText: string,
    now: string | undefined,
    externalData: Record<string, string> | undefined,
    signal?: AbortSignal,
    onProbe?: () => void,
    huntWindow?: { from: string; to: string },
  ) {
    this.wakeKql();
    const kql = await this.kqlReady!;
    const probeValues: Record<string, (string | null)[]> = {};
    const once = () =>
      kql.request({
        type: 'compile',
        kql: kqlText,
        ...(now ? { now } : {}),
        ...(externalData ? { externalData } : {}),
        ...(Object.keys(probeValues).length ? { probeValues } : {}),
        ...(huntWindow ? { huntWindow } : {}),
      });
    let compiled = await once();
    for (let pass = 0; !compiled.ok && compiled.probe && pass < 16; pass++) {
      onProbe?.();
      const engine = await this.engineReady!;
      await this.tablesFor(compiled.probe.sql);
      const sig = AbortSignal.any([...(signal ? [signal] : []), AbortSignal.timeout(this.timeoutSec * 1000)]);
      // The probe's SQL carries its own limit (one row more than its lowering accepts).
      const run = async (sql: string) => firstColumnText((await engine.queryLimited(sql, PROBE_MAX_ROWS, { signal: sig })).table);
      // Loaded on first use: host functions (and h3-js behind them) stay out of the start-up bundle.
      const { answerProbe } = await import('../kql/host/index.ts');
      Object.assign(probeValues, await answerProbe(compiled.probe, run, probeValues));
      compiled = await once();
    }
    return compiled;
  }

  private errorAt(tabId: string, kqlText: string, blockStart: number | undefined, d: Diagnostic): RunError {
    const text = this.tabs.find((t) => t.id === tabId)?.text ?? '';
    const start = blockStart ?? text.indexOf(kqlText);
    if (start < 0 || text.slice(start, start + kqlText.length) !== kqlText) {
      return { code: d.code, message: d.message, line: d.line, column: d.column };
    }
    const offset = start + d.start;
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    return { code: d.code, message: d.message, offset, line, column };
  }

  cancel(tabId: string): void {
    const ctl = this.controllers.get(tabId);
    if (ctl) ctl.abort();
  }

  isRunning(tabId: string): boolean {
    const r = this.runs[tabId];
    return !!r && (r.status === 'compiling' || r.status === 'running');
  }

  /** "Add filter from cell": inserts `| where Col == value` (or `!=` to exclude it) into the block that produced the result, and re-runs it. */
  addFilterFromCell(tabId: string, col: number, value: JsonValue, exclude = false): void {
    const run = this.runs[tabId];
    const tab = this.tabs.find((t) => t.id === tabId);
    if (!run?.result || !tab) return;
    const column = run.result.columns[col];
    const newBlock = addWhere(run.kql, exclude ? excludePredicate(column, value) : filterPredicate(column, value));
    const at = tab.text.indexOf(run.kql);
    const text = at >= 0 ? tab.text.slice(0, at) + newBlock + tab.text.slice(at + run.kql.length) : `${tab.text.replace(/\s+$/, '')}\n\n${newBlock}\n`;
    this.setText(tabId, text);
    void this.runKql(tabId, newBlock, at >= 0 ? at : undefined);
  }

  /** Explain: the row count each pipeline stage produces (each stage's SQL wrapped in count(*)). */
  async explain(tabId: string): Promise<void> {
    let run = this.runs[tabId];
    if (!run?.sql || run.explaining || run.stageCounts) return;
    this.setRun(tabId, { ...run, explaining: true });
    if (!run.stages?.length) {
      // the compiler did not report stages: the KQL worker compiles each pipeline prefix
      this.wakeKql();
      const kql = await this.kqlReady!;
      const stages = await kql.request({ type: 'stages', kql: run.kql }).catch(() => []);
      const cur = this.runs[tabId];
      if (cur?.startedAt !== run.startedAt) return;
      run = { ...cur, stages };
      this.setRun(tabId, { ...run, explaining: true });
    }
    const engine = await this.engineReady!;
    await this.tablesFor(run.sql ?? '').catch(() => {});
    const counts: StageCount[] = [];
    for (const s of run.stages ?? []) {
      try {
        const t = await engine.query(`SELECT count(*)::BIGINT AS n FROM (${s.sql}) AS stage`, {
          signal: AbortSignal.timeout(this.timeoutSec * 1000),
        });
        counts.push({ label: s.label, rows: Number(t.get(0)?.n ?? 0) });
      } catch (e) {
        counts.push({ label: s.label, rows: null, error: (e as Error).message });
      }
      const cur = this.runs[tabId];
      if (cur?.startedAt !== run.startedAt) return;
      this.setRun(tabId, { ...cur, stageCounts: [...counts], explaining: true });
    }
    const cur = this.runs[tabId];
    if (cur?.startedAt === run.startedAt) this.setRun(tabId, { ...cur, explaining: false, stageCounts: counts });
  }

  clearHistory(): void {
    this.history = [];
    this.scheduleSave();
  }
}

/** Drops the tables (or views) of the previous dataset that the next one does not have, and the views of those it has when it loads them from Arrow; user tables stay. */
async function dropTablesOf(engine: BrowserEngine, prev: Catalog | null, next: Catalog, nextLoads: boolean): Promise<void> {
  for (const t of prev?.tables ?? []) {
    if (next.tables.some((n) => n.name === t.name)) {
      // a view onto the previous attached database would block the Arrow load of the same name
      if (nextLoads) await engine.query(`DROP VIEW IF EXISTS ${quoteIdent(t.name)}`).catch(() => {});
      continue;
    }
    await engine.query(`DROP VIEW IF EXISTS ${quoteIdent(t.name)}`).catch(() => {});
    await engine.query(`DROP TABLE IF EXISTS ${quoteIdent(t.name)}`).catch(() => {});
  }
}

/** `p`, or a rejection with the signal's reason (a TimeoutError for a time limit) once it aborts. */
function untilAborted<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
