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
 *   node bin/bench-ui.mjs [--runs N] [--idle MS_BEFORE_WARM_RUN] [--json] [--marks]
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
const QUERY = 'DeviceProcessEvents | take 10';
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

if (!fs.existsSync(path.join(root, 'dist/index.html'))) {
  console.error('dist/ is missing: run `npm run build` first');
  process.exit(2);
}

const server = await preview({ root, logLevel: 'error', preview: { port: 0, host: '127.0.0.1', open: false } });
const url = server.resolvedUrls.local[0];

async function firstResult(page) {
  const t0 = Date.now();
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => globalThis.__hb, null, { timeout: 60_000, polling: 5 });
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
  return { total, ...steps };
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

let grid = null;
const cold = [];
const warm = [];
for (let i = 0; i < runs; i++) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hb-bench-'));
  const ctx = await chromium.launchPersistentContext(dir, { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs });
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  cold.push(await firstResult(page));
  // let the browser finish background work of the first visit (optimised wasm code is cached
  // once tier-up completes), as when a user comes back to the page later
  await page.waitForTimeout(idleMs);
  warm.push(await firstResult(page));
  if (i === 0) grid = await gridScroll(page);
  await ctx.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
await server.close();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const summary = {
  query: QUERY,
  runs,
  cores: os.cpus().length,
  coldMs: median(cold.map((r) => r.total)),
  warmMs: median(warm.map((r) => r.total)),
  grid,
  cold,
  warm,
};
if (asJson) console.log(JSON.stringify(summary, null, 2));
else {
  const r = (x) => (x === undefined ? '-' : `${Math.round(x)}`);
  console.log(`time to first result (${QUERY}), headless Chromium, ${os.cpus().length} cores, median of ${runs}`);
  console.log(`  cold: ${summary.coldMs} ms    warm: ${summary.warmMs} ms`);
  for (const [name, xs] of [['cold', cold], ['warm', warm]]) {
    for (const x of xs) console.log(`  ${name}: total ${x.total} ms (engine ${r(x.engine)}, parser ${r(x.parser)}, dataset ${r(x.dataset)}, query ${r(x.query)})`);
  }
  if (args.includes('--marks')) {
    for (const [name, xs] of [['cold', cold], ['warm', warm]]) {
      const keys = [...new Set(xs.flatMap((x) => Object.keys(x.marks ?? {})))];
      const at = keys.map((k) => [k, median(xs.map((x) => x.marks?.[k]).filter((v) => v !== undefined))]).sort((a, b) => a[1] - b[1]);
      console.log(`  ${name} steps (median ms after navigation): ${at.map(([k, v]) => `${k} ${v}`).join(', ')}`);
    }
  }
  if (grid) {
    console.log(
      `grid: ${grid.rows} rows on screen in ${grid.resultMs} ms; scrolling frame median ${r(grid.frameMedianMs)} ms, p95 ${r(grid.frameP95Ms)} ms; sort ${r(grid.sortMs)} ms`,
    );
  }
}
