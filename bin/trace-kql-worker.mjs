#!/usr/bin/env node
/**
 * The KQL worker's own CPU on a cold visit (a fresh browser profile), by phase, from a Chromium
 * trace: the thread CPU time (`tdur`) of the tasks that ran on the worker's thread. bench-ui's
 * `--cpu` cannot tell this worker from DuckDB's (both threads are "DedicatedWorker thread"), and its
 * per-step figures are wall times; this is the figure to compare when changing what the worker does
 * before the first result. V8's background threads (concurrent compilers, GC helpers) are not
 * counted.
 *
 * Phases (ms of the worker thread's CPU):
 * - `receive`: reading the worker's script from the network (the loader's tasks, less the compile);
 * - `compile`: V8 compiling the module script (`v8.compileModule`; a cold visit has no code cache);
 * - `evaluate`: running its top level (Bridge.NET and Kusto.Language define their classes, the
 *   compiler's tables);
 * - `first compile`: the tasks between the evaluation and the page's `hb:run:compiled` mark (the
 *   catalog, then the first compile);
 * - `total`: all of the worker's tasks until the first result (`hb:run:queried`).
 *
 * Against the built site (`npx vite build` first), `DeviceProcessEvents | take 10` typed, so the
 * compile is not the build's prebuilt one. With several `--dist`, the builds take turns.
 *
 *   node bin/trace-kql-worker.mjs [--runs N] [--query KQL] [--dist DIR]...
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { preview } from 'vite';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const runs = Number(opt('--runs', 3));
const query = opt('--query', 'DeviceProcessEvents | take 10');
const dists = args.flatMap((a, i) => (a === '--dist' ? [path.resolve(args[i + 1])] : []));
if (!dists.length) dists.push(path.join(root, 'dist'));
for (const d of dists) {
  if (!fs.existsSync(path.join(d, 'index.html'))) {
    console.error(`${d} has no index.html: run \`npx vite build\` first`);
    process.exit(2);
  }
}
const categories = ['toplevel', 'v8', 'blink.user_timing', '__metadata'];

async function coldVisit(url) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hb-trace-kql-'));
  const ctx = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    const cdp = await ctx.newCDPSession(page);
    const events = [];
    cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
    const complete = new Promise((resolve) => cdp.on('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.start', { traceConfig: { includedCategories: categories }, transferMode: 'ReportEvents' });
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(() => globalThis.__hb, null, { timeout: 60_000, polling: 5 });
    await page.evaluate((q) => {
      const wb = globalThis.__hb;
      wb.setText(wb.active, q);
      void wb.runKql(wb.active, q);
    }, query);
    await page.waitForFunction(() => globalThis.__hb.activeRun?.status === 'done' && document.querySelector('[data-testid=grid] [role=gridcell]'), null, {
      timeout: 60_000,
      polling: 5,
    });
    await cdp.send('Tracing.end');
    await complete;
    return phases(events);
  } finally {
    await ctx.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The KQL worker's thread CPU by phase (ms), from the trace's events. */
function phases(events) {
  const compile = events.find((e) => e.name === 'v8.compileModule' && /\/assets\/worker-[^/]*\.js/.test(e.args?.data?.url ?? ''));
  if (!compile) throw new Error('no compile of the KQL worker script in the trace');
  const mine = (e) => e.pid === compile.pid && e.tid === compile.tid;
  const evaluate = events.find((e) => mine(e) && e.name === 'v8.evaluateModule');
  const mark = (name) => events.find((e) => e.cat === 'blink.user_timing' && e.name === name)?.ts;
  const compiled = mark('hb:run:compiled');
  const queried = mark('hb:run:queried');
  if (!evaluate || compiled === undefined || queried === undefined) throw new Error('the trace lacks the evaluation or the marks');
  const tasks = events.filter((e) => mine(e) && e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask');
  const cpu = (list) => list.reduce((a, e) => a + (e.tdur ?? 0), 0) / 1000;
  const evalEnd = evaluate.ts + evaluate.dur;
  const compileMs = (compile.tdur ?? compile.dur) / 1000;
  const evaluateMs = (evaluate.tdur ?? evaluate.dur) / 1000;
  const loading = cpu(tasks.filter((e) => e.ts < evalEnd));
  return {
    receive: loading - compileMs - evaluateMs,
    compile: compileMs,
    evaluate: evaluateMs,
    'first compile': cpu(tasks.filter((e) => e.ts >= evalEnd && e.ts < compiled)),
    total: cpu(tasks.filter((e) => e.ts < queried)),
  };
}

const servers = [];
for (const d of dists) servers.push(await preview({ root, logLevel: 'error', build: { outDir: d }, preview: { port: 0, host: '127.0.0.1', open: false } }));
const results = dists.map(() => []);
const loads = [];
try {
  for (let i = 0; i < runs; i++) {
    for (let v = 0; v < dists.length; v++) {
      loads.push(os.loadavg()[0]);
      results[v].push(await coldVisit(servers[v].resolvedUrls.local[0]));
    }
  }
} finally {
  for (const s of servers) await s.close();
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`KQL worker thread CPU on a cold visit (${query}), ms, median of ${runs}, load average ${Math.min(...loads).toFixed(1)}-${Math.max(...loads).toFixed(1)}`);
for (let v = 0; v < dists.length; v++) {
  const keys = Object.keys(results[v][0]);
  console.log(`${path.relative(root, dists[v]) || dists[v]}: ${keys.map((k) => `${k} ${Math.round(median(results[v].map((r) => r[k])))}`).join(', ')}`);
  for (const r of results[v]) console.log(`  ${keys.map((k) => `${k} ${Math.round(r[k])}`).join(', ')}`);
}
