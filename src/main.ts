/**
 * Composition root: picks the concrete engine (DuckDB-WASM in its worker) and the KQL worker,
 * builds the Workbench state and mounts the app (loaded by src/boot.ts, which has already started
 * DuckDB's worker). Engine and parser workers start first, in parallel; the UI (Monaco is most of the page's JavaScript) is loaded while they boot, so its
 * download and parsing are off the critical path to the first result.
 */
performance.mark('hb:main');
import { createBrowserEngine, prepareArrow } from './engine/browser.ts';
import { duckdbWasmUrl } from './engine/duckdb-worker.ts';
import { KQL_COMPILER_BUILD, startKqlWorker } from './kql/worker-client.ts';
import { isShareHash } from './packs/link.ts';
import { Library } from './state/library.svelte.ts';
import { Practice } from './state/practice.svelte.ts';
import { PREBUILT_COMPILES_ID, readPrebuiltCompiles } from './state/compile-cache.ts';
import { Prefs, resolveTheme } from './state/prefs.svelte.ts';
import { indexedDbResultStore } from './state/result-cache.ts';
import { Workbench } from './state/workbench.svelte.ts';

// the theme before the first paint (the app keeps it current afterwards)
const prefs = new Prefs(window.localStorage);
document.documentElement.dataset.theme = resolveTheme(prefs.theme, window.matchMedia('(prefers-color-scheme: dark)').matches);
(globalThis as any).__hbPrefs = prefs;

const wb = new Workbench({
  startEngine: (progress) => createBrowserEngine(progress),
  startKql: () => startKqlWorker(),
  fetch: (input, init) => fetch(input, init),
  store: window.localStorage,
  datasetsUrl: new URL('datasets/', document.baseURI).href,
  compileCacheBuild: KQL_COMPILER_BUILD,
  // the build's compiles of the default query (vite.config.ts), for a first visit
  prebuiltCompiles: readPrebuiltCompiles(document.getElementById(PREBUILT_COMPILES_ID)?.textContent, KQL_COMPILER_BUILD),
  // each tab's last result, restored on the next visit while the engine starts (state/result-cache.ts)
  results: typeof indexedDB === 'undefined' ? null : indexedDbResultStore(),
  engineBuild: duckdbWasmUrl(),
  prepareTable: prepareArrow,
});

const hash = location.hash;
// share links (#v1/… and the older #q=…) are opened by the pack library, which shows what was loaded
const shareLink = isShareHash(hash);
if (shareLink) history.replaceState(null, '', location.pathname + location.search);
void wb.start(shareLink ? '' : hash);

const library = new Library({
  store: window.localStorage,
  // the shipped packs (queries/*.json) as text, fetched as a separate chunk after start-up
  shipped: async () => {
    const mods = import.meta.glob('../queries/*.json', { query: '?raw', import: 'default' });
    const out: Record<string, string> = {};
    for (const [path, load] of Object.entries(mods)) out[path.split('/').pop()!] = (await load()) as string;
    return out;
  },
  evaluate: (kql, now, copies) => wb.evaluate(kql, undefined, now, copies),
  rememberCopies: (attachments, packName) => wb.rememberPackCopies(attachments, packName),
  dataset: () => wb.dataset,
  openQuery: (kql, title, run, now) => {
    wb.openInNewTab(kql, title, now);
    if (run && wb.activeTab) void wb.run(wb.activeTab.id);
  },
});
// the shipped packs (a dozen chunks, each parsed by the strict pack reader: tens of ms of this
// thread on two busy cores) load once the first result is in, as Monaco does
void wb.whenStarted().then(() => library.init());
if (shareLink) void library.openLink(hash);
(globalThis as any).__hbLibrary = library;
// for e2e tests and the benchmark
(globalThis as any).__hb = wb;

const practice = new Practice({
  fetch: (input, init) => fetch(input, init),
  datasetsUrl: new URL('datasets/', document.baseURI).href,
  storage: window.localStorage,
});
(globalThis as any).__hbPractice = practice;

performance.mark('hb:ui:import');
const [{ mount }, { default: App }] = await Promise.all([import('svelte'), import('./app/App.svelte')]);
mount(App, { target: document.getElementById('app')!, props: { wb, library, practice, prefs } });
performance.mark('hb:ui:mounted');
