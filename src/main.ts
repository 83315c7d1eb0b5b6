/**
 * Composition root: picks the concrete engine (DuckDB-WASM in its worker) and the KQL worker,
 * builds the Workbench state and mounts the app. Engine and parser workers start first, in
 * parallel; the UI (Monaco is most of the page's JavaScript) is loaded while they boot, so its
 * download and parsing are off the critical path to the first result.
 */
import { createBrowserEngine } from './engine/browser.ts';
import { startKqlWorker } from './kql/worker-client.ts';
import { Workbench } from './state/workbench.svelte.ts';

const wb = new Workbench({
  startEngine: (progress) => createBrowserEngine(progress),
  startKql: () => startKqlWorker(),
  fetch: (input, init) => fetch(input, init),
  store: window.localStorage,
  datasetsUrl: new URL('datasets/', document.baseURI).href,
});

const hash = location.hash;
if (hash.startsWith('#q=')) history.replaceState(null, '', location.pathname + location.search);
void wb.start(hash);
// for e2e tests and the benchmark
(globalThis as any).__hb = wb;

const [{ mount }, { default: App }] = await Promise.all([import('svelte'), import('./app/App.svelte')]);
mount(App, { target: document.getElementById('app')!, props: { wb } });
