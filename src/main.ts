/**
 * Composition root: picks the concrete engine (DuckDB-WASM in its worker) and the KQL worker,
 * builds the Workbench state and mounts the app. Engine and parser start at once, in parallel.
 */
import { mount } from 'svelte';
import App from './app/App.svelte';
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

mount(App, { target: document.getElementById('app')!, props: { wb } });
// for e2e tests and the benchmark
(globalThis as any).__hb = wb;
