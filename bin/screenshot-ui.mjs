#!/usr/bin/env node
/**
 * Screenshot of the workbench with a result, for the README: `node bin/screenshot-ui.mjs [OUT.png]
 * [#/route]` (default docs/screenshot.png; with a route, that investigation view after the query,
 * e.g. `docs/incident-graph.png '#/graph/da638512766602210975_-402117653'`). Needs `npm run build`
 * first and Debian's chromium.
 */
import path from 'node:path';
import { chromium } from 'playwright-core';
import { preview } from 'vite';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const out = path.resolve(process.argv[2] ?? path.join(root, 'docs/screenshot.png'));
const route = process.argv[3];
const QUERY = `// Office app → script host → PowerShell: the lab's initial-access chain
DeviceProcessEvents
| where ProcessCommandLine has_any ("-enc", "EncodedCommand", "DownloadString", "IEX")
    or InitiatingProcessFileName in~ ("winword.exe", "excel.exe", "wscript.exe")
| project Timestamp, DeviceName, AccountName, InitiatingProcessFileName, FileName, ProcessCommandLine
| order by Timestamp asc

DeviceProcessEvents
| summarize Processes = count() by bin(Timestamp, 1h)
| render timechart`;

const server = await preview({ root, logLevel: 'error', preview: { port: 0, host: '127.0.0.1', open: false } });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: 1440, height: 860 }, deviceScaleFactor: 1 });
await page.goto(server.resolvedUrls.local[0]);
await page.waitForSelector('[data-testid=startup][data-ready=true]', { timeout: 60_000 });
await page.evaluate((q) => {
  const wb = globalThis.__hb;
  wb.setText(wb.active, q);
  wb.renameTab(wb.active, 'Initial access');
  wb.newTab('DeviceNetworkEvents\n| where RemotePort == 443\n| summarize count() by RemoteUrl\n| top 10 by count_');
  wb.selectTab(wb.tabs[0].id);
}, QUERY);
// Monaco loads after the start-up (a plain text area stands in until then)
await page.waitForFunction(() => globalThis.__hbEditor != null, null, { timeout: 60_000 });
await page.waitForTimeout(300);
await page.evaluate(() => globalThis.__hbEditor.setPosition({ lineNumber: 3, column: 5 }));
await page.click('[data-testid=run]');
await page.waitForFunction(() => globalThis.__hb.activeRun?.status === 'done');
await page.getByRole('button', { name: /DeviceProcessEvents/ }).first().click();
await page.waitForFunction(() => globalThis.__hb.dataStep.state === 'done', null, { timeout: 60_000 }).catch(() => {});
await page.waitForTimeout(500);
if (route) {
  // a view gets the full width
  await page.click('[data-testid=sidebar-close]');
  await page.evaluate((h) => {
    location.hash = h;
  }, route);
  await page.waitForSelector('[data-testid=investigation][data-loading=false]', { timeout: 60_000 });
  await page.waitForTimeout(300);
}
await page.screenshot({ path: out });
console.log(`wrote ${out}`);
await browser.close();
await server.close();
