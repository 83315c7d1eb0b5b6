/**
 * The workbench in headless Chromium against the built site and the built-in lab dataset.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeApi } from '../../src/engine/db-writer.ts';
import { editorText, rowCount, runAndWait, type Site, setQuery, startSite, waitReady } from './harness.ts';

let site: Site;
let page: Page;
let context: BrowserContext;

beforeAll(async () => {
  site = await startSite();
  ({ page, context } = await site.newPage());
  await page.goto(site.url);
  await waitReady(page);
});

afterAll(async () => {
  await site?.close();
});

describe('workbench', () => {
  it('ships a Content-Security-Policy that allows only its own origin', async () => {
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toMatch(/https?:/);
  });

  it('types a query, completes a column name, runs it and shows rows', async () => {
    await setQuery(page, '');
    await page.locator('[data-testid=editor] .monaco-editor textarea').focus();
    await page.keyboard.type('DeviceProcessEvents | where Devic', { delay: 20 });
    const suggestion = page.locator('.suggest-widget .monaco-list-row', { hasText: 'DeviceName' }).first();
    await suggestion.waitFor({ timeout: 15_000 });
    await suggestion.click();
    expect(await editorText(page)).toMatch(/^DeviceProcessEvents \| where DeviceName\s*$/);
    await page.keyboard.press('Escape');
    await setQuery(page, `${(await editorText(page)).trimEnd()} != "" | take 7`);
    const status = await runAndWait(page);
    expect(status).toContain('rows');
    expect(await rowCount(page)).toBe(7);
    expect(await page.locator('[data-testid=grid] [role=row]').count()).toBeGreaterThan(7);
  });

  it('shows signature help from the Kusto service', async () => {
    await setQuery(page, 'DeviceInfo\n| extend x = strcat');
    await page.keyboard.type('(DeviceName, ', { delay: 20 });
    const hint = page.locator('.parameter-hints-widget');
    await hint.waitFor({ state: 'visible', timeout: 15_000 });
    expect(await hint.innerText()).toContain('strcat(');
    await page.keyboard.press('Escape');
  });

  it('shows a coded diagnostic at the wrong column and keeps the text', async () => {
    const q = 'DeviceInfo | take 1\n\nDeviceProcessEvents\n| where NoSuchColumn == 1';
    await setQuery(page, q);
    await page.locator('.squiggly-error').first().waitFor({ timeout: 15_000 });
    const status = await runAndWait(page);
    expect(status).toMatch(/KS\d{3}|HB\d{3}/);
    // the position is in the editor's text, not the block's
    expect(status).toContain('at 4:9');
    expect(await editorText(page)).toBe(q);
    await page.locator('[data-testid=error] button').click();
    const caret = await page.evaluate(() => (globalThis as any).__hbEditor.getPosition());
    expect(caret).toEqual({ lineNumber: 4, column: 9 });
  });

  it('runs a Defender hunt that keys on LoggedOnUsers as text: an info note, no error squiggle', async () => {
    // the lab types LoggedOnUsers dynamic as Sentinel does; Defender documents it as JSON text, and a
    // dynamic key is Kusto error KS116: the query is read with Defender's typing (HB144, info)
    await setQuery(page, 'DeviceInfo\n| distinct DeviceName, LoggedOnUsers\n| take 3');
    await page.locator('.squiggly-info').first().waitFor({ timeout: 15_000 });
    expect(await page.locator('.squiggly-error').count()).toBe(0);
    expect(await runAndWait(page)).toContain('rows');
    expect(await rowCount(page)).toBe(3);
  });

  it('cancels a running query and keeps the engine usable', async () => {
    // a three-way cross join over 12k rows: runs for minutes unless cancelled
    await setQuery(
      page,
      'DeviceNetworkEvents | extend k = 1\n| join kind=inner (DeviceNetworkEvents | extend k = 1) on k\n| join kind=inner (DeviceNetworkEvents | extend k = 1) on k\n| count',
    );
    await page.keyboard.press('Control+Enter');
    await page.waitForFunction(() => (globalThis as any).__hb.activeRun?.status === 'running', null, { timeout: 20_000 });
    await page.waitForTimeout(300);
    const t0 = Date.now();
    await page.click('[data-testid=cancel]');
    await page.waitForFunction(() => (globalThis as any).__hb.activeRun?.status === 'cancelled', null, { timeout: 5_000 });
    expect(Date.now() - t0).toBeLessThan(5_000);
    await setQuery(page, 'DeviceInfo | take 3');
    await runAndWait(page);
    expect(await rowCount(page)).toBe(3);
  });

  it('adds a filter from a cell value', async () => {
    await setQuery(page, 'DeviceProcessEvents\n| project FileName, DeviceName\n| take 50');
    await runAndWait(page);
    // FileName: a plain cell (DeviceName cells are links to the device page)
    const cell = page.locator('[data-testid=grid] [role=gridcell]').first();
    const value = (await cell.innerText()).trim();
    expect(value).not.toBe('');
    await cell.click();
    await page.keyboard.press('Control+C');
    await page.locator('.toast', { hasText: 'Cell copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(value);
    await cell.click({ button: 'right' });
    const before = await page.evaluate(() => (globalThis as any).__hb.activeRun.startedAt);
    await page.getByRole('menuitem', { name: 'Include in query (==)' }).click();
    await page.waitForFunction(
      (b) => {
        const r = (globalThis as any).__hb.activeRun;
        return r.startedAt !== b && r.status === 'done';
      },
      before,
    );
    expect(await editorText(page)).toContain(`| where FileName == ${JSON.stringify(value)}`);
    const names = await page.evaluate(() => (globalThis as any).__hb.activeRun.result.rows.map((r: unknown[]) => r[0]));
    expect(names.length).toBeGreaterThan(0);
    expect(new Set(names)).toEqual(new Set([value]));
  });

  it('expands a dynamic cell as JSON and exports CSV and JSON', async () => {
    await setQuery(page, 'DeviceInfo\n| project DeviceName, LoggedOnUsers\n| where array_length(LoggedOnUsers) > 0\n| take 3');
    await runAndWait(page);
    await page.locator('[data-testid=grid] [role=gridcell].dyn').first().dblclick();
    const dialog = page.getByRole('dialog', { name: 'JSON value' });
    await dialog.waitFor();
    expect(JSON.parse(await dialog.locator('pre').innerText())[0]).toHaveProperty('UserName');
    await dialog.getByRole('button', { name: 'Close' }).click();
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSV' }).click()]);
    const csvText = (await csv.createReadStream().then(async (st) => {
      const chunks: Buffer[] = [];
      for await (const c of st) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    })) as string;
    expect(csvText.split('\r\n')[0]).toBe('DeviceName,LoggedOnUsers');
    expect(csvText.trim().split('\r\n')).toHaveLength(4);
    const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'JSON' }).click()]);
    expect(json.suggestedFilename()).toMatch(/\.json$/);
  });

  it('renders a timechart for `render timechart` and toggles a chart for any result', async () => {
    await setQuery(page, 'DeviceProcessEvents\n| summarize Events = count() by bin(Timestamp, 1h)\n| render timechart');
    await runAndWait(page);
    await page.locator('[data-testid=chart][data-kind=timechart] svg').first().waitFor({ timeout: 10_000 });
    expect(await page.locator('[data-testid=chart] svg path').count()).toBeGreaterThan(0);
    await setQuery(page, 'DeviceProcessEvents\n| summarize n = count() by FileName\n| top 5 by n');
    await runAndWait(page);
    expect(await page.locator('[data-testid=chart]').count()).toBe(0);
    await page.click('[data-testid=chart-toggle]');
    await page.selectOption('select[aria-label="Chart type"]', 'piechart');
    await page.locator('[data-testid=chart][data-kind=piechart] svg path').first().waitFor();
    await page.click('[data-testid=table-toggle]');
  });

  it('charts a timespan column in a named unit (not as NaN) and says which values it did not draw', async () => {
    await setQuery(page, 'datatable(Host:string, Span:timespan)["a", 2h, "b", 30m, "c", timespan(null)]\n| render barchart');
    await runAndWait(page);
    await page.locator('[data-testid=chart][data-kind=barchart] svg').first().waitFor({ timeout: 10_000 });
    const widths = await page.locator('[data-testid=chart] svg g[aria-label=bar] rect').evaluateAll((els) => els.map((e) => Number(e.getAttribute('width'))));
    expect(widths).toHaveLength(2);
    expect(widths[0]).toBeGreaterThan(widths[1] * 3.5);
    expect(await page.locator('[data-testid=chart] svg').first().textContent()).toContain('Span (hours)');
    expect(await page.locator('[data-testid=chart-skipped]').innerText()).toMatch(/^1 value is not drawn/);
  });

  it('tells twenty series apart by colour, and says so when a chart has more series than colours', async () => {
    await setQuery(page, 'range i from 1 to 20 step 1 | extend s = strcat("s", i) | project x = i, y = i * 2, s | render linechart');
    await runAndWait(page);
    await page.locator('[data-testid=chart][data-kind=linechart] svg').first().waitFor({ timeout: 10_000 });
    const strokes = await page.locator('[data-testid=chart] svg g[aria-label=line] path').evaluateAll((els) => els.map((e) => e.getAttribute('stroke')));
    expect(strokes).toHaveLength(20);
    expect(new Set(strokes).size).toBe(20);
    expect(await page.locator('[data-testid=chart-colours-repeat]').count()).toBe(0);
    await setQuery(page, 'range i from 1 to 21 step 1 | extend s = strcat("s", i) | project x = i, y = i * 2, s | render linechart');
    await runAndWait(page);
    await page.locator('[data-testid=chart-colours-repeat]').waitFor({ timeout: 10_000 });
    expect(await page.locator('[data-testid=chart-colours-repeat]').innerText()).toMatch(/^21 series: past 20 a colour/);
  });

  it('explains a query: SQL and rows per stage', async () => {
    await setQuery(page, 'DeviceProcessEvents\n| where FileName =~ "powershell.exe"\n| take 5');
    await runAndWait(page);
    await page.click('[data-testid=explain-toggle]');
    await page.locator('[data-testid=sql]').waitFor();
    expect(await page.locator('[data-testid=sql]').innerText()).toMatch(/SELECT/i);
    // one count per pipeline stage (from the compiler, or by compiling each prefix); the last is the result's
    await page.waitForFunction(() => {
      const r = (globalThis as any).__hb.activeRun;
      return r.stages?.length > 0 && r.stageCounts?.length === r.stages.length && !r.explaining;
    });
    const counts = await page.evaluate(() => (globalThis as any).__hb.activeRun.stageCounts.map((c: { rows: number }) => c.rows));
    expect(counts).toHaveLength(3);
    expect(counts[0]).toBeGreaterThan(counts[1]);
    expect(counts.at(-1)).toBe(await rowCount(page));
    await page.click('[data-testid=table-toggle]');
  });

  it('truncates big results with a visible banner', async () => {
    await page.evaluate(() => {
      (globalThis as any).__hb.maxRows = 1000;
    });
    await setQuery(page, 'DeviceNetworkEvents');
    await runAndWait(page);
    expect(await rowCount(page)).toBe(1000);
    expect(await page.locator('[data-testid=truncated]').innerText()).toContain('1,000');
    await page.evaluate(() => {
      (globalThis as any).__hb.maxRows = 50_000;
    });
    // 10M rows: only the first 50k are ever fetched
    await setQuery(page, 'range x from 1 to 10000000 step 1\n| extend y = x * 2');
    const t0 = Date.now();
    await runAndWait(page);
    expect(await rowCount(page)).toBe(50_000);
    expect(await page.locator('[data-testid=truncated]').innerText()).toContain('50,000');
    expect(Date.now() - t0).toBeLessThan(20_000);
  });

  it('answers geo_info_from_ip_address() in the browser from the dataset\'s geo-IP side table (loaded on demand)', async () => {
    await setQuery(page, 'DeviceNetworkEvents\n| where RemoteIPType == "Public" and RemoteIP startswith "203.0.113."\n| summarize by RemoteIP\n| take 3\n| extend Country = tostring(geo_info_from_ip_address(RemoteIP).country)');
    expect(await runAndWait(page)).toContain('rows');
    const rows = await page.evaluate(() => (globalThis as any).__hb.activeRun.result.rows as [string, string][]);
    expect(rows.length).toBeGreaterThan(0);
    for (const [, country] of rows) expect(country).toMatch(/^[A-Z][a-z]+( [A-Z][a-z]+)*$/);
  });

  it('offers to load a CSV as the watchlist a query names, refuses a bad file, and runs the query again', async () => {
    await setQuery(page, "_GetWatchlist('BlockedHosts')\n| project SearchKey, Reason\n| order by SearchKey asc");
    expect(await runAndWait(page)).toMatch(/HB141/);
    await page.locator('[data-testid=watchlist-prompt]').waitFor();
    expect(await page.locator('[data-testid=watchlist-prompt]').innerText()).toContain('BlockedHosts');
    // a file without the named search-key column is refused, with the header it has
    await page.fill('[data-testid=watchlist-searchkey]', 'Host');
    await page.setInputFiles('[data-testid=watchlist-file]', { name: 'blocked.csv', mimeType: 'text/csv', buffer: Buffer.from('Hostname,Reason\nws-17,lost laptop\n') });
    await page.locator('[data-testid=watchlist-prompt] .note').waitFor();
    expect(await page.locator('[data-testid=watchlist-prompt] .note').innerText()).toContain('the search key column "Host" is not in the header (Hostname, Reason)');
    expect(await page.evaluate(() => (globalThis as any).__hb.catalog.tables.some((t: any) => t.watchlist?.alias === 'BlockedHosts'))).toBe(false);
    await page.fill('[data-testid=watchlist-searchkey]', 'Hostname');
    await page.setInputFiles('[data-testid=watchlist-file]', {
      name: 'blocked.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('Reason,Hostname\nlost laptop,ws-17\nsold,ws-03\n'),
    });
    await page.waitForFunction(() => (globalThis as any).__hb.activeRun?.status === 'done', undefined, { timeout: 60_000 });
    expect(await page.locator('[data-testid=watchlist-prompt]').count()).toBe(0);
    expect(await rowCount(page)).toBe(2);
    expect(await page.evaluate(() => (globalThis as any).__hb.activeRun.result.rows)).toEqual([
      ['ws-03', 'sold'],
      ['ws-17', 'lost laptop'],
    ]);
    expect(await page.locator('[data-testid=notice]').innerText()).toContain("as watchlist 'BlockedHosts' (2 items, SearchKey = Hostname)");
  });

  it('asks for a local copy of each externaldata URL, takes a picked or a dropped file, and remembers both', async () => {
    const kql = [
      'let A = externaldata(Host:string) [@"https://feeds.example.org/a.csv"] with (format="csv");',
      'let B = externaldata(Host:string) [@"https://feeds.example.org/b.csv"] with (format="csv");',
      'union A, B | order by Host asc',
    ].join('\n');
    await setQuery(page, kql);
    expect(await runAndWait(page)).toMatch(/HB140/);
    const prompt = page.locator('[data-testid=externaldata-prompt]');
    await prompt.waitFor();
    const urls = async () => (await prompt.locator('li .url').allInnerTexts()).sort();
    expect(await urls()).toEqual(['https://feeds.example.org/a.csv', 'https://feeds.example.org/b.csv']);
    // a picked file becomes a.csv's copy; the query runs again and now misses only b.csv
    await prompt.locator('li', { hasText: 'a.csv' }).locator('[data-testid=externaldata-file]').setInputFiles({ name: 'a.csv', mimeType: 'text/csv', buffer: Buffer.from('ws-02\nws-01\n') });
    await page.waitForFunction(() => (globalThis as any).__hb.activeRun?.error?.missingUrls?.length === 1, undefined, { timeout: 60_000 });
    expect(await urls()).toEqual(['https://feeds.example.org/b.csv']);
    // a file dropped on b.csv's row becomes its copy, and is not also loaded as a table by the page
    const tables = await page.evaluate(() => (globalThis as any).__hb.catalog.tables.length);
    await prompt.locator('li', { hasText: 'b.csv' }).evaluate((li) => {
      const dt = new DataTransfer();
      dt.items.add(new File(['ws-03\n'], 'feedb.csv', { type: 'text/csv' }));
      li.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    await page.waitForFunction(() => (globalThis as any).__hb.activeRun?.status === 'done', undefined, { timeout: 60_000 });
    expect(await page.evaluate(() => (globalThis as any).__hb.activeRun.result.rows)).toEqual([['ws-01'], ['ws-02'], ['ws-03']]);
    expect(await page.evaluate(() => (globalThis as any).__hb.catalog.tables.length)).toBe(tables);
    expect(await prompt.count()).toBe(0);
    // the copies are remembered in this browser: after a reload the query runs with no prompt
    await page.waitForTimeout(400);
    await page.reload();
    await waitReady(page);
    await setQuery(page, kql);
    expect(await runAndWait(page)).toContain('rows');
    expect(await rowCount(page)).toBe(3);
  });

  it('rejects a malformed file with a message and keeps what is loaded; loads a good one', async () => {
    const tables = await page.evaluate(() => (globalThis as any).__hb.catalog.tables.length);
    await page.setInputFiles('[data-testid=file-input]', { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"a":1}\n{oops') });
    await page.locator('[data-testid=notice]', { hasText: 'bad.json' }).waitFor();
    expect(await page.locator('[data-testid=notice]').innerText()).toContain('line 2');
    expect(await page.evaluate(() => (globalThis as any).__hb.catalog.tables.length)).toBe(tables);
    await page.setInputFiles('[data-testid=file-input]', { name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b\n1,2\n3\n') });
    await page.locator('[data-testid=notice]', { hasText: 'bad.csv' }).waitFor();
    expect(await page.locator('[data-testid=notice]').innerText()).toContain('bad.csv: line 3 has 1 field, the header has 2');
    expect(await page.evaluate(() => (globalThis as any).__hb.catalog.tables.length)).toBe(tables);
    // JSON objects / arrays load as DuckDB nested types (dynamic columns with a duckType)
    await page.setInputFiles('[data-testid=file-input]', {
      name: 'nested.jsonl',
      mimeType: 'application/json',
      buffer: Buffer.from('{"id":1,"p":{"k":"x"},"t":[1,2]}\n{"id":2,"p":{"k":"y"},"t":[3]}\n'),
    });
    await page.locator('[data-testid=notice]', { hasText: 'nested' }).waitFor();
    expect(await page.evaluate(() => (globalThis as any).__hb.catalog.tables.at(-1))).toMatchObject({
      name: 'nested',
      kind: 'user',
      columns: [{ name: 'id', type: 'long' }, { name: 'p', type: 'dynamic', duckType: 'STRUCT("k" VARCHAR)' }, { name: 't', type: 'dynamic', duckType: 'BIGINT[]' }],
    });
    await setQuery(page, 'nested | where id > 1');
    await runAndWait(page);
    expect(await rowCount(page)).toBe(1);
    await page.setInputFiles('[data-testid=file-input]', {
      name: 'iocs.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('Sha256,Severity,Score\nabc,High,10\ndef,Low,2\n'),
    });
    await page.locator('[data-testid=notice]', { hasText: 'iocs' }).waitFor();
    expect(await page.evaluate(() => (globalThis as any).__hb.catalog.tables.at(-1))).toMatchObject({ name: 'iocs', kind: 'user' });
    await setQuery(page, 'iocs | where Score > 5');
    await runAndWait(page);
    expect(await rowCount(page)).toBe(1);
    // the lab is still there
    await setQuery(page, 'DeviceInfo | take 1');
    await runAndWait(page);
    expect(await rowCount(page)).toBe(1);
  });

  it('opens a picked .duckdb file as the dataset (typed from the file), refuses a broken one, and switches back', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hb-e2e-db-'));
    const file = path.join(dir, 'hunt.duckdb');
    const { DuckDBInstance } = await nodeApi();
    const db = await DuckDBInstance.create(file);
    const c = await db.connect();
    await c.run('CREATE TABLE Logons (Timestamp TIMESTAMP, Account VARCHAR, Failures BIGINT, Took INTERVAL)');
    await c.run("INSERT INTO Logons VALUES ('2024-05-14 09:00:00', 'alex', 3, INTERVAL 1 MONTH), ('2024-05-14 10:00:00', NULL, 0, INTERVAL 1 HOUR)");
    c.closeSync();
    db.closeSync();
    await page.setInputFiles('[data-testid=file-input]', file);
    await page.locator('[data-testid=notice]', { hasText: 'Opened hunt.duckdb' }).waitFor();
    expect(await page.locator('[data-testid=notice]').innerText()).toContain('Logons.Took: INTERVAL');
    expect(await page.locator('[data-testid=dataset-picker]').inputValue()).toBe('hunt.duckdb');
    expect(await page.evaluate(() => (globalThis as any).__hb.catalog.tables.filter((t: any) => t.kind !== 'user' || t.name === 'Logons').map((t: any) => t.name))).toEqual(['Logons']);
    await setQuery(page, 'Logons | where isempty(Account) | project Failures');
    await runAndWait(page);
    expect(await page.evaluate(() => (globalThis as any).__hb.runs[(globalThis as any).__hb.activeTab.id].result.rows)).toEqual([[0]]);
    // a file that is no database changes nothing
    await page.setInputFiles('[data-testid=file-input]', { name: 'broken.duckdb', mimeType: 'application/octet-stream', buffer: Buffer.alloc(8192, 7) });
    await page.locator('[data-testid=notice]', { hasText: 'broken.duckdb was not opened' }).waitFor();
    const logons = () => page.evaluate(() => {
      const r = (globalThis as any).__hb.runs[(globalThis as any).__hb.activeTab.id];
      return r.result?.rows ?? r.error?.message;
    });
    await setQuery(page, 'Logons | count');
    await runAndWait(page);
    expect(await logons()).toEqual([[2]]);
    // a database with nothing of a Kusto type attaches (replacing hunt.duckdb) and is then refused:
    // hunt.duckdb is attached again before the message shows
    const blobs = path.join(dir, 'blobs.duckdb');
    const db2 = await DuckDBInstance.create(blobs);
    const c2 = await db2.connect();
    await c2.run("CREATE TABLE B (b BLOB); INSERT INTO B VALUES ('\\x01'::BLOB)");
    c2.closeSync();
    db2.closeSync();
    await page.setInputFiles('[data-testid=file-input]', blobs);
    await page.locator('[data-testid=notice]', { hasText: 'no table with a column of a Kusto type' }).waitFor();
    await runAndWait(page);
    expect(await logons()).toEqual([[2]]);
    // back to the lab through the picker
    await page.selectOption('[data-testid=dataset-picker]', 'lab');
    await page.waitForFunction(() => (globalThis as any).__hb.dataset === 'lab' && (globalThis as any).__hb.catalog.tables.some((t: any) => t.name === 'DeviceInfo'));
    await setQuery(page, 'DeviceInfo | take 1');
    await runAndWait(page);
    expect(await rowCount(page)).toBe(1);
    // the picked file stays in the picker and opens again from it (the refused ones are not offered)
    expect(await page.locator('[data-testid=dataset-picker] option', { hasText: 'local file' }).allInnerTexts()).toEqual([
      expect.stringMatching(/^hunt\.duckdb · local file · \d+ KiB$/),
    ]);
    await page.selectOption('[data-testid=dataset-picker]', 'hunt.duckdb');
    await page.waitForFunction(() => (globalThis as any).__hb.dataset === 'hunt.duckdb' && (globalThis as any).__hb.catalog.tables.some((t: any) => t.name === 'Logons'));
    await setQuery(page, 'Logons | count');
    await runAndWait(page);
    expect(await logons()).toEqual([[2]]);
  });

  it('opens a folder of datasets (generated folders and bare .duckdb files), says what it could not use, and refuses a file too big for the memory limit', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hb-e2e-folder-'));
    const dir = path.join(root, 'hunts');
    fs.mkdirSync(path.join(dir, 'gen'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'bad'));
    const { DuckDBInstance } = await nodeApi();
    const make = async (file: string, sql: string) => {
      const db = await DuckDBInstance.create(file);
      const c = await db.connect();
      await c.run(sql);
      c.closeSync();
      db.closeSync();
    };
    // a generated-style folder: catalog.json naming its database file
    await make(path.join(dir, 'gen', 'small.duckdb'), "CREATE TABLE Alerts (Title VARCHAR, Severity VARCHAR); INSERT INTO Alerts VALUES ('a', 'High'), ('b', 'Low'), ('c', 'High')");
    fs.writeFileSync(
      path.join(dir, 'gen', 'catalog.json'),
      JSON.stringify({ dataset: 'gen', database: 'small.duckdb', tables: [{ name: 'Alerts', kind: 'user', rowCount: 3, columns: [{ name: 'Title', type: 'string' }, { name: 'Severity', type: 'string' }] }] }),
    );
    await make(path.join(dir, 'logons.duckdb'), "CREATE TABLE Logons (Account VARCHAR, Failures BIGINT); INSERT INTO Logons VALUES ('alex', 3), ('sam', 1)");
    fs.writeFileSync(path.join(dir, 'bad', 'catalog.json'), '{ not json');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'hello');

    await page.setInputFiles('[data-testid=folder-input]', dir);
    const notice = page.locator('[data-testid=notice]', { hasText: 'Opened hunts/gen/' });
    await notice.waitFor();
    const text = await notice.textContent();
    expect(text).toContain('2 datasets (hunts/gen/, hunts/logons.duckdb)');
    expect(text).toContain('hunts/bad/catalog.json: not a dataset catalog');
    expect(text).toContain('1 other file ignored');
    expect(await page.locator('[data-testid=dataset-picker]').inputValue()).toBe('hunts/gen/');
    await setQuery(page, 'Alerts | where Severity == "High" | count');
    await runAndWait(page);
    const rows = () => page.evaluate(() => {
      const r = (globalThis as any).__hb.runs[(globalThis as any).__hb.activeTab.id];
      return r.result?.rows ?? r.error?.message;
    });
    expect(await rows()).toEqual([[2]]);
    await page.selectOption('[data-testid=dataset-picker]', 'hunts/logons.duckdb');
    await page.waitForFunction(() => (globalThis as any).__hb.catalog.tables.some((t: any) => t.name === 'Logons'));
    await setQuery(page, 'Logons | summarize sum(Failures)');
    await runAndWait(page);
    expect(await rows()).toEqual([[4]]);

    // a folder with nothing usable changes nothing
    const empty = path.join(root, 'empty');
    fs.mkdirSync(empty);
    fs.writeFileSync(path.join(empty, 'readme.md'), '# nothing');
    await page.setInputFiles('[data-testid=folder-input]', empty);
    await page.locator('[data-testid=notice]', { hasText: 'Folder empty holds no dataset' }).waitFor();
    expect(await page.locator('[data-testid=dataset-picker]').inputValue()).toBe('hunts/logons.duckdb');

    // memory: a low limit set in the settings refuses a CSV whose load would not fit, before reading it
    await page.click('[data-testid=settings] summary');
    await page.fill('[data-testid=memory-limit]', '1');
    await page.locator('[data-testid=memory-budget]', { hasText: 'your Memory limit setting' }).waitFor();
    expect(await page.locator('[data-testid=memory-budget]').textContent()).toContain('1.0 MiB');
    await page.click('[data-testid=settings] summary');
    const csv = `Sha256,Score\n${Array.from({ length: 4000 }, (_, i) => `${i.toString(16).padStart(64, '0')},${i % 10}`).join('\n')}\n`;
    await page.setInputFiles('[data-testid=file-input]', { name: 'bigiocs.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const refused = page.locator('[data-testid=notice]', { hasText: 'bigiocs.csv was not loaded' });
    await refused.waitFor();
    expect(await refused.textContent()).toMatch(/it is 2\d\d KiB and loading it needs about \d\.\d MiB of memory, more than this tab can use \(1\.0 MiB, set by your Memory limit setting\)\. Nothing was changed\./);
    expect(await page.evaluate(() => (globalThis as any).__hb.catalog.tables.some((t: any) => t.name === 'bigiocs'))).toBe(false);
    await setQuery(page, 'Logons | summarize sum(Failures)');
    await runAndWait(page);
    expect(await rows()).toEqual([[4]]);
    // automatic again: the same file loads
    await page.click('[data-testid=settings] summary');
    await page.fill('[data-testid=memory-limit]', '0');
    await page.click('[data-testid=settings] summary');
    await page.setInputFiles('[data-testid=file-input]', { name: 'bigiocs.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.locator('[data-testid=notice]', { hasText: 'Loaded bigiocs.csv' }).waitFor();
    await page.selectOption('[data-testid=dataset-picker]', 'lab');
    await page.waitForFunction(() => (globalThis as any).__hb.dataset === 'lab' && (globalThis as any).__hb.catalog.tables.some((t: any) => t.name === 'DeviceInfo'));
  });

  it('keeps history and tabs across a reload', async () => {
    const marker = `// marker ${Date.now()}`;
    await setQuery(page, `${marker}\nDeviceInfo | take 2`);
    await runAndWait(page);
    await page.click('[data-testid=new-tab]');
    await setQuery(page, 'AlertInfo | take 1');
    await page.waitForTimeout(400);
    await page.reload();
    await waitReady(page);
    expect(await page.locator('[data-testid=tabs] .tab').count()).toBeGreaterThanOrEqual(2);
    await page.click('[data-testid=history-tab]');
    expect(await page.locator('[data-testid=history]').innerText()).toContain(marker);
    const texts = await page.evaluate(() => (globalThis as any).__hb.tabs.map((t: { text: string }) => t.text));
    expect(texts.some((t: string) => t.includes(marker))).toBe(true);
    expect(texts).toContain('AlertInfo | take 1');
  });

  it('opens a share link in a new tab', async () => {
    const q = 'DeviceInfo\n| where OSPlatform == "Windows11"\n| take 4';
    const hash = `#q=${Buffer.from(q).toString('base64url')}`;
    const p2 = await context.newPage();
    await p2.goto(site.url + hash);
    await waitReady(p2);
    const active = await p2.evaluate(() => (globalThis as any).__hb.activeTab.text);
    expect(active).toBe(q);
    await p2.close();
  });

  it('runs host functions (inflate, H3): h3-js is loaded only then, from the site itself', async () => {
    const h3Loaded = () => page.evaluate(() => performance.getEntriesByType('resource').some((e) => /\/h3-[^/]*\.js$/.test(e.name)));
    expect(await h3Loaded()).toBe(false);
    await setQuery(
      page,
      'datatable(b:string, lng:real, lat:real)["eJwLSS0uUSguKcrMS1cwNDIGACxqBQ4=", -73.956683, 40.807907, "x0x0x0", -73.989148, 40.743273]\n' +
        "| project z = zlib_decompress_from_base64_string(b), c = geo_point_to_h3cell(lng, lat, 5), n = geo_h3cell_neighbors('862a1072fffffff')[0]",
    );
    expect(await runAndWait(page)).toContain('rows');
    const rows = await page.evaluate(() => (globalThis as any).__hb.activeRun.result.rows);
    expect(rows).toEqual([
      ['Test string 123', '852a100bfffffff', '862a10727ffffff'],
      ['', '852a1073fffffff', '862a10727ffffff'],
    ]);
    expect(await h3Loaded()).toBe(true);
  });

  it('made no request outside its own origin', () => {
    expect(site.external).toEqual([]);
    expect(site.errors).toEqual([]);
  });
});
