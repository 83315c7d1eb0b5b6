#!/usr/bin/env node
/**
 * Big datasets in headless Chromium, against the built site (`npm run build` first): the site is
 * served by `vite preview` with HB_DATASETS_DIR=DIR, so the datasets of DIR (generated DuckDB files,
 * read by the page over HTTP range requests) are offered as they would be by the dev server. The
 * page starts on DIR's `lab`; then for each NAME:
 *   load   time from switching to NAME until `DeviceProcessEvents | count` has answered
 *   count  the answer (the dataset's process events)
 *   views  (with --views) each investigation view of the lab scenario, from the route to the view
 *          being built (all its cards' queries answered), with the range requests it made to the
 *          database file and the MiB they brought
 *   hunts  (with --hunt KQL, repeatable) each query run in the query editor after the count: time
 *          until its answer, its status (or the error message shown), rows, and the range requests
 *          and MiB it read
 * Used by `npm run bench -- --only scale`; prints one JSON object. --dist DIR: the built site's folder
 * (default dist/; e.g. `npx vite build --outDir DIR`).
 *
 *   node bin/bench-views.mjs --datasets-dir DIR --name NAME [--name NAME…] [--views [--view NAME…]] [--hunt KQL…] [--dist DIR]
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const args = process.argv.slice(2);
const dirIdx = args.indexOf('--datasets-dir');
if (dirIdx < 0) {
  console.error('usage: node bin/bench-views.mjs --datasets-dir DIR --name NAME [--views]');
  process.exit(2);
}
const names = args.flatMap((a, i) => (a === '--name' ? [args[i + 1]] : []));
const withViews = args.includes('--views');
/** `--view NAME` (repeatable): only these views. */
const onlyViews = args.flatMap((a, i) => (a === '--view' ? [args[i + 1]] : []));
const hunts = args.flatMap((a, i) => (a === '--hunt' ? [args[i + 1]] : []));
const distIdx = args.indexOf('--dist');
const dist = path.resolve(root, distIdx >= 0 ? args[distIdx + 1] : 'dist');
if (!fs.existsSync(path.join(dist, 'index.html'))) {
  console.error(`${dist} has no index.html: run \`npm run build\` first`);
  process.exit(2);
}
// read by vite.config.ts when preview() loads it
process.env.HB_DATASETS_DIR = path.resolve(args[dirIdx + 1]);
const { preview } = await import('vite');

// the lab scenario's own entities (test/e2e/views.e2e.ts): the same at every --scale
const DEVICE_ID = '99b14e30b7738db0b26d8bafab381c551fe3a4d3';
const ALERT = 'da638512766602210975_-402117653';
const VIEWS = [
  ['file', '#/file/a9d945868f3e41c17cd2c4a5b435002d8983962f'],
  ['process', `#/process/${DEVICE_ID}/6120/2024-05-14T09:42:03.117Z`],
  ['alert', `#/alert/${ALERT}`],
  ['device', '#/device/win10-lab01'],
  ['signin', '#/signin/42ba17c5-2359-5c96-a563-e86b9c260913'],
  ['identity', '#/identity/alex.rivera%40contoso.example'],
  ['graph', `#/graph/${ALERT}`],
];

const server = await preview({ root, logLevel: 'error', build: { outDir: dist }, preview: { port: 0, host: '127.0.0.1', open: false } });
const url = server.resolvedUrls.local[0];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const out = { datasets: {} };
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  // what the page fetched from database files (HTTP range requests): per view, requests and bytes
  const fetched = { requests: 0, bytes: 0 };
  page.on('requestfinished', async (req) => {
    if (!/\.duckdb(\?|$)/.test(req.url())) return;
    const size = await req.sizes().catch(() => null);
    fetched.requests++;
    fetched.bytes += size?.responseBodySize ?? 0;
  });
  await page.goto(url);
  await page.waitForSelector('[data-testid=startup][data-ready=true]', { timeout: 300_000 });
  for (const name of names) {
    const r = await page.evaluate(async (name) => {
      const wb = globalThis.__hb;
      const t0 = performance.now();
      await wb.loadDataset(name);
      const attached = performance.now() - t0;
      wb.setText(wb.active, 'DeviceProcessEvents | count');
      await wb.runKql(wb.active, 'DeviceProcessEvents | count');
      const run = wb.activeRun;
      return { attach_ms: attached, load_ms: performance.now() - t0, status: run?.status, count: run?.result?.rows?.[0]?.[0] ?? null, error: run?.error?.message };
    }, name);
    const entry = { ...r, hunts: [], views: {} };
    for (const kql of r.status === 'done' ? hunts : []) {
      const f0 = { ...fetched };
      const h = await page.evaluate(async (kql) => {
        const wb = globalThis.__hb;
        const t0 = performance.now();
        wb.setText(wb.active, kql);
        await wb.runKql(wb.active, kql);
        const run = wb.activeRun;
        return { ms: Math.round(performance.now() - t0), status: run?.status, rows: run?.result?.rows?.length ?? null, error: run?.error?.message };
      }, kql);
      entry.hunts.push({ kql, ...h, requests: fetched.requests - f0.requests, mib: Math.round(((fetched.bytes - f0.bytes) / 1048576) * 10) / 10 });
    }
    if (withViews && r.status === 'done') {
      for (const [label, hash] of VIEWS) {
        if (onlyViews.length && !onlyViews.includes(label)) continue;
        await page.evaluate(() => {
          location.hash = '';
        });
        await page.waitForSelector('[data-testid=investigation]', { state: 'detached', timeout: 30_000 }).catch(() => {});
        const f0 = { ...fetched };
        const t0 = Date.now();
        await page.evaluate((h) => {
          location.hash = h;
        }, hash);
        await page.waitForSelector('[data-testid=investigation][data-loading=false]', { timeout: 300_000 });
        const ms = Date.now() - t0;
        const text = await page.locator('[data-testid=investigation]').innerText();
        entry.views[label] = {
          ms,
          chars: text.length,
          requests: fetched.requests - f0.requests,
          mib: Math.round(((fetched.bytes - f0.bytes) / 1048576) * 10) / 10,
          error: /could not be built/.test(text) || undefined,
        };
      }
    }
    out.datasets[name] = entry;
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(JSON.stringify(out));
