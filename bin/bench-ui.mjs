#!/usr/bin/env node
/**
 * Time to first result of the browser workbench in headless Chromium, against the built site
 * (`npm run build` first). "Cold": a fresh browser profile (no HTTP cache, no compiled-wasm cache).
 * "Warm": a reload in the same profile. Measured from navigation start until the first result of
 * `DeviceProcessEvents | take 10` is on screen (the query is submitted as soon as the page script
 * runs; the workbench queues it behind engine, parser and dataset start-up).
 *
 * `--marks` also prints when each start-up step ended (median ms after navigation start): the
 * page's `hb:*` performance marks (engine instantiated/opened/connected/set up, KQL parser ready
 * and given the catalog, first compile, tables awaited, query answered, UI mounted).
 *
 * Each run also reports the CPU time Chromium spent until the first result (all its processes and
 * threads: page, workers, wasm compile threads, network; from /proc, Linux only). On a loaded
 * machine wall times stretch with the load while CPU time stays close to the work done, so compare
 * variants by it, or with `--dist` in the same run.
 *
 * `--cpu` also prints that CPU time by process kind and thread name (median ms).
 *
 * Each run's line also gives the start-up steps' durations as the page measured them: wall time
 * from the workbench's start until the engine / the KQL parser / the dataset was ready, and the
 * query's from submission to its answer. They are not CPU: the parser's step includes fetching the
 * KQL worker's script and waiting for the CPU (`node bin/trace-kql-worker.mjs` gives that worker's
 * own CPU by phase).
 *
 * "Restored": after the warm visit, one more reload that submits nothing. The tab's last result,
 * kept by the warm visit (state/result-cache.ts), is shown at once, labelled as restored: measured
 * from navigation start until its rows are on screen. It is the previous visit's result, not one
 * computed on this visit; "warm" is the freshly computed one (report both, and say which is which).
 *
 * `--default-query`: the query is instead the first block of a new tab's default text (what the
 * welcome screen's Run button runs; a first visit has its compile from the build).
 *
 * `--dist DIR` (repeatable) measures other builds (e.g. `vite build --outDir /tmp/a`) instead of
 * `dist/`; with several, the builds take turns in every run (an A/B under the same load).
 *
 *   node bin/bench-ui.mjs [--runs N] [--idle MS_BEFORE_WARM_RUN] [--json] [--marks] [--cpu] [--default-query] [--dist DIR]...
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { preview } from 'vite';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 3;
const asJson = args.includes('--json');
const idleMs = args.includes('--idle') ? Number(args[args.indexOf('--idle') + 1]) : 20_000;
const defaultQuery = args.includes('--default-query');
const QUERY = defaultQuery ? 'the default query\'s first block' : 'DeviceProcessEvents | take 10';
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const dists = args.flatMap((a, i) => (a === '--dist' ? [path.resolve(args[i + 1])] : []));
if (!dists.length) dists.push(path.join(root, 'dist'));
for (const d of dists) {
  if (!fs.existsSync(path.join(d, 'index.html'))) {
    console.error(`${d} has no index.html: run \`npm run build\` first`);
    process.exit(2);
  }
}

/**
 * CPU seconds (user + system) of a process and its descendants, per thread, keyed
 * `pid/tid kind:thread-name` (kind: browser, renderer, gpu-process, utility...; Linux /proc; {} elsewhere).
 */
function cpuOfTree(rootPid) {
  if (!rootPid || !fs.existsSync('/proc/self/stat')) return {};
  const parse = (file) => {
    const st = fs.readFileSync(file, 'utf8');
    // after the parenthesised name: state ppid ... utime(14) stime(15)
    const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
    return { name: st.slice(st.indexOf('(') + 1, st.lastIndexOf(')')), ppid: Number(f[1]), secs: (Number(f[11]) + Number(f[12])) / 100 };
  };
  const procs = new Map();
  for (const p of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      procs.set(Number(p), parse(`/proc/${p}/stat`));
    } catch {
      // the process ended meanwhile
    }
  }
  const out = {};
  const todo = [rootPid];
  while (todo.length) {
    const pid = todo.pop();
    if (!procs.has(pid)) continue;
    let kind = 'browser';
    try {
      // (Chromium rewrites its child processes' command lines, separators included)
      const type = /--type=([\w-]+)/.exec(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
      if (type) kind = type[1];
    } catch {
      // gone
    }
    try {
      for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
        const t = parse(`/proc/${pid}/task/${tid}/stat`);
        out[`${pid}/${tid} ${kind}:${t.name}`] = t.secs;
      }
    } catch {
      // gone
    }
    for (const [c, s] of procs) if (s.ppid === pid) todo.push(c);
  }
  return out;
}

/** The pid of the Chromium browser process using a profile directory. */
function browserPid(profileDir) {
  if (!fs.existsSync('/proc/self/stat')) return 0;
  for (const p of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0');
      if (cmd.includes(`--user-data-dir=${profileDir}`) && !cmd.some((a) => a.startsWith('--type='))) return Number(p);
    } catch {
      // gone
    }
  }
  return 0;
}

/** CPU seconds spent between two cpuOfTree snapshots, in total and per `kind:thread-name`. */
function cpuSince(before, after) {
  const threads = {};
  let total = 0;
  for (const [key, t] of Object.entries(after)) {
    const d = t - (before[key] ?? 0);
    if (d <= 0) continue;
    total += d;
    const name = key.slice(key.indexOf(' ') + 1).replace(/\d+$/, '');
    threads[name] = (threads[name] ?? 0) + d;
  }
  return { total, threads };
}

async function firstResult(page, url, pid) {
  const cpu0 = cpuOfTree(pid);
  const t0 = Date.now();
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => globalThis.__hb, null, { timeout: 60_000, polling: 5 });
  if (defaultQuery)
    await page.evaluate(() => {
      // as the welcome screen's Run button: the first block of the tab's text
      const wb = globalThis.__hb;
      const text = wb.activeTab.text;
      void wb.run(wb.active, Math.max(0, text.search(/^[^/\s]/m)));
    });
  else
    await page.evaluate((q) => {
      const wb = globalThis.__hb;
      wb.setText(wb.active, q);
      void wb.runKql(wb.active, q);
    }, QUERY);
  await page.waitForFunction(() => globalThis.__hb.activeRun?.status === 'done' && document.querySelector('[data-testid=grid] [role=gridcell]'), null, {
    timeout: 60_000,
    polling: 5,
  });
  const total = Date.now() - t0;
  const cpu = pid ? cpuSince(cpu0, cpuOfTree(pid)) : undefined;
  const cpuMs = cpu ? Math.round(cpu.total * 1000) : undefined;
  const cpuThreads = cpu ? Object.fromEntries(Object.entries(cpu.threads).map(([k, v]) => [k, Math.round(v * 1000)])) : undefined;
  const steps = await page.evaluate(() => {
    const wb = globalThis.__hb;
    const marks = Object.fromEntries(
      performance
        .getEntriesByType('mark')
        .filter((m) => m.name.startsWith('hb:'))
        .map((m) => [m.name.slice(3), Math.round(m.startTime)]),
    );
    return { engine: wb.engineStep.ms, parser: wb.kqlStep.ms, dataset: wb.dataStep.ms, query: wb.activeRun.ms, marks };
  });
  return { total, cpuMs, cpuThreads, ...steps };
}

/** The active tab's kept result has been written (IndexedDB), within `ms`. */
async function waitKept(page, ms) {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    const ok = await page.evaluate(async () => {
      const tab = globalThis.__hb.active;
      const db = await new Promise((resolve, reject) => {
        const req = indexedDB.open('huntbench-results', 1);
        req.onupgradeneeded = () => req.result.createObjectStore('last', { keyPath: 'tab' });
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      const rec = await new Promise((resolve) => {
        const req = db.transaction('last').objectStore('last').get(tab);
        req.onsuccess = () => resolve(req.result ?? null);
        req.onerror = () => resolve(null);
      });
      db.close();
      return !!rec;
    });
    if (ok) return true;
    await page.waitForTimeout(100);
  }
  return false;
}

/** A reload that submits nothing: until the restored result's rows are on screen (null: nothing was restored). */
async function restoredResult(page, url, pid) {
  const cpu0 = cpuOfTree(pid);
  const t0 = Date.now();
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => globalThis.__hb, null, { timeout: 60_000, polling: 5 });
  await page.waitForFunction(
    () => globalThis.__hb.restoreChecked && (!globalThis.__hb.activeRun?.restored || document.querySelector('[data-testid=grid] [role=gridcell]')),
    null,
    { timeout: 60_000, polling: 5 },
  );
  const total = Date.now() - t0;
  const restored = await page.evaluate(() => !!globalThis.__hb.activeRun?.restored);
  const cpuMs = pid ? Math.round(cpuSince(cpu0, cpuOfTree(pid)).total * 1000) : undefined;
  const at = await page.evaluate(() => Math.round(performance.getEntriesByName('hb:run:restored')[0]?.startTime ?? -1));
  return restored ? { total, cpuMs, markMs: at } : null;
}

/** Frame times while scrolling a 100k-row result (the grid is virtualised: ~40 rows in the DOM). */
async function gridScroll(page) {
  const q = 'range x from 1 to 100000 step 1\n| extend Name = strcat("row-", x), Half = x / 2.0, Even = x % 2 == 0';
  const t0 = Date.now();
  await page.evaluate((q) => {
    const wb = globalThis.__hb;
    wb.maxRows = 100_000;
    wb.setText(wb.active, q);
    void wb.runKql(wb.active, q);
  }, q);
  await page.waitForFunction(() => globalThis.__hb.activeRun?.status === 'done' && document.querySelector('[data-testid=grid] [role=gridcell]'), null, { timeout: 60_000 });
  const resultMs = Date.now() - t0;
  const rows = await page.evaluate(() => globalThis.__hb.activeRun.result.rows.length);
  const frames = await page.evaluate(async () => {
    const g = document.querySelector('[data-testid=grid]');
    const times = [];
    let last = performance.now();
    for (let i = 0; i < 120; i++) {
      g.scrollTop += 1500;
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      times.push(now - last);
      last = now;
    }
    return times;
  });
  frames.sort((a, b) => a - b);
  const sortMs = await page.evaluate(async () => {
    const t = performance.now();
    document.querySelectorAll('[data-testid=grid] [role=columnheader] button')[1].click();
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return performance.now() - t;
  });
  return { rows, resultMs, frameMedianMs: frames[frames.length >> 1], frameP95Ms: frames[Math.floor(frames.length * 0.95)], sortMs };
}

const servers = [];
for (const d of dists) servers.push(await preview({ root, logLevel: 'error', build: { outDir: d }, preview: { port: 0, host: '127.0.0.1', open: false } }));
const loadAvg = [os.loadavg()[0]];
let grid = null;
const cold = dists.map(() => []);
const warm = dists.map(() => []);
const restored = dists.map(() => []);
for (let i = 0; i < runs; i++) {
  for (let v = 0; v < dists.length; v++) {
    const url = servers[v].resolvedUrls.local[0];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hb-bench-'));
    const ctx = await chromium.launchPersistentContext(dir, { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs });
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    const pid = browserPid(dir);
    cold[v].push(await firstResult(page, url, pid));
    // let the browser finish background work of the first visit (optimised wasm code is cached
    // once tier-up completes), as when a user comes back to the page later
    await page.waitForTimeout(idleMs);
    warm[v].push(await firstResult(page, url, pid));
    // (before the grid test: its 100k-row result is too big to keep and replaces the tab's record)
    restored[v].push((await waitKept(page, 15_000)) ? await restoredResult(page, url, pid) : null);
    if (i === 0 && v === 0) grid = await gridScroll(page);
    await ctx.close();
    fs.rmSync(dir, { recursive: true, force: true });
    loadAvg.push(os.loadavg()[0]);
  }
}
for (const s of servers) await s.close();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const variants = dists.map((d, v) => ({
  dist: path.relative(root, d) || d,
  coldMs: median(cold[v].map((r) => r.total)),
  warmMs: median(warm[v].map((r) => r.total)),
  coldCpuMs: median(cold[v].map((r) => r.cpuMs ?? 0)),
  warmCpuMs: median(warm[v].map((r) => r.cpuMs ?? 0)),
  // the previous visit's result shown at once on a reload (not computed on that visit); null: not restored
  restoredMs: restored[v].every((r) => r) ? median(restored[v].map((r) => r.total)) : null,
  restored: restored[v],
  cold: cold[v],
  warm: warm[v],
}));
const summary = {
  query: QUERY,
  runs,
  cores: os.cpus().length,
  loadAverage: { min: Math.min(...loadAvg), max: Math.max(...loadAvg) },
  ...variants[0],
  grid,
  ...(variants.length > 1 ? { variants } : {}),
};
if (asJson) console.log(JSON.stringify(summary, null, 2));
else {
  const r = (x) => (x === undefined ? '-' : `${Math.round(x)}`);
  console.log(
    `time to first result (${QUERY}), headless Chromium, ${os.cpus().length} cores, median of ${runs}, load average ${loadAvg[0].toFixed(1)} at start, ${summary.loadAverage.min.toFixed(1)}-${summary.loadAverage.max.toFixed(1)} during`,
  );
  for (const x of variants) {
    if (variants.length > 1) console.log(`${x.dist}:`);
    console.log(`  cold: ${x.coldMs} ms (CPU ${x.coldCpuMs} ms)    warm: ${x.warmMs} ms (CPU ${x.warmCpuMs} ms)`);
    console.log(
      `  restored (the last visit's result, shown on a reload, not computed): ${x.restoredMs ?? 'not restored'}${x.restoredMs !== null ? ' ms' : ''} (${x.restored.map((y) => (y ? `${y.total} ms, CPU ${r(y.cpuMs)} ms, mark ${y.markMs}` : 'none')).join('; ')})`,
    );
    for (const [name, xs] of [['cold', x.cold], ['warm', x.warm]]) {
      for (const y of xs)
        console.log(
          `  ${name}: total ${y.total} ms, CPU ${r(y.cpuMs)} ms; wall ms from start-up to ready: engine ${r(y.engine)}, parser ${r(y.parser)}, dataset ${r(y.dataset)}; query (submit to answer) ${r(y.query)}`,
        );
    }
    if (args.includes('--marks')) {
      for (const [name, xs] of [['cold', x.cold], ['warm', x.warm]]) {
        const keys = [...new Set(xs.flatMap((y) => Object.keys(y.marks ?? {})))];
        const at = keys.map((k) => [k, median(xs.map((y) => y.marks?.[k]).filter((v) => v !== undefined))]).sort((a, b) => a[1] - b[1]);
        console.log(`  ${name} steps (median ms after navigation): ${at.map(([k, v]) => `${k} ${v}`).join(', ')}`);
      }
    }
    if (args.includes('--cpu')) {
      for (const [name, xs] of [['cold', x.cold], ['warm', x.warm]]) {
        const keys = [...new Set(xs.flatMap((y) => Object.keys(y.cpuThreads ?? {})))];
        const per = keys.map((k) => [k, median(xs.map((y) => y.cpuThreads?.[k] ?? 0))]).filter(([, v]) => v >= 20);
        per.sort((a, b) => b[1] - a[1]);
        console.log(`  ${name} CPU by thread (median ms, >= 20): ${per.map(([k, v]) => `${k} ${v}`).join(', ')}`);
      }
    }
  }
  if (grid) {
    console.log(
      `grid: ${grid.rows} rows on screen in ${grid.resultMs} ms; scrolling frame median ${r(grid.frameMedianMs)} ms, p95 ${r(grid.frameP95Ms)} ms; sort ${r(grid.sortMs)} ms`,
    );
  }
}
