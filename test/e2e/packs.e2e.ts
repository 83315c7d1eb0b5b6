/**
 * Query packs in the browser: import (file input and drop), hostile files refused, conflicts
 * asked about, a pack's tests run in the page (green and red), share links opened in a fresh
 * browser context without running anything, and nothing leaves the page's origin.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Site, setQuery, startSite, waitReady } from './harness.ts';

let site: Site;
let page: Page;

const pack = (over: Record<string, unknown> = {}) => ({
  format: 'huntbench-pack',
  formatVersion: 1,
  id: 'e2e.pack',
  name: 'E2E pack',
  version: '1.0.0',
  dataset: 'lab',
  queries: [
    {
      id: 'victim-info',
      displayName: 'Victim device info',
      body: 'DeviceInfo\n| where DeviceName == device\n| summarize Rows = count() by DeviceName',
      tags: ['e2e'],
      tactics: ['Discovery'],
      requiredTables: ['DeviceInfo'],
      parameters: [{ name: 'device', type: 'string', default: 'win10-lab01' }],
      tests: [{ name: 'one device', expect: { rowCount: 1, columns: ['DeviceName', 'Rows'] } }],
    },
    {
      id: 'wrong-expectation',
      displayName: 'A test that fails',
      body: 'print x = 1',
      tests: [{ name: 'expects two', expect: { rows: [[2]] } }],
    },
  ],
  ...over,
});

async function importFile(name: string, content: string) {
  await page.locator('[data-testid=pack-file-input]').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(content) });
}
const message = () => page.locator('[data-testid=pack-message] span').innerText();
/** Waits for the library's message to match (imports are asynchronous). */
const expectMessage = (re: RegExp) => expect.poll(message, { timeout: 10_000 }).toMatch(re);
const savedCount = () => page.evaluate(() => (globalThis as any).__hbLibrary.saved.length as number);

beforeAll(async () => {
  site = await startSite();
  ({ page } = await site.newPage());
  await page.goto(site.url);
  await waitReady(page);
  await page.click('[data-testid=packs-tab]');
});

afterAll(async () => {
  await site?.close();
});

describe('pack library', () => {
  it('lists the shipped packs and searches them by tactic', async () => {
    await page.waitForFunction(() => (globalThis as any).__hbLibrary.shippedPacks.length >= 10);
    expect(await page.locator('[data-testid=pack]').count()).toBeGreaterThanOrEqual(10);
    await page.fill('[data-testid=pack-search]', 'tactic:exfiltration');
    const names = await page.locator('[data-testid=pack-query] .qname').allInnerTexts();
    expect(names.length).toBeGreaterThan(3);
    expect(names).toContain('Files written to removable media after a USB mount');
    await page.fill('[data-testid=pack-search]', '');
  });

  it('imports a pack file and runs its tests in the page: green and red', async () => {
    await importFile('e2e.hbpack.json', JSON.stringify(pack()));
    await expectMessage(/Imported E2E pack \(2 queries\)/);
    const sec = page.locator('[data-testid=pack][data-pack-id="e2e.pack"]');
    await sec.locator('[data-testid=run-pack-tests]').click();
    await sec.locator('[data-testid=pack-status][data-status=fail]').waitFor({ timeout: 60_000 });
    await sec.locator('.name').click();
    expect(await sec.locator('[data-query-id=victim-info]').getAttribute('data-status')).toBe('pass');
    expect(await sec.locator('[data-query-id=wrong-expectation]').getAttribute('data-status')).toBe('fail');
    expect(await sec.locator('[data-query-id=wrong-expectation] .fails').innerText()).toContain('row 1: expected [2], got [1]');
  });

  it('runs a query with a parameter in a new tab', async () => {
    const sec = page.locator('[data-testid=pack][data-pack-id="e2e.pack"]');
    await sec.locator('[data-query-id=victim-info] [data-testid=run-pack-query]').click();
    await sec.locator('[data-testid=param-device]').fill('win10-lab07');
    await sec.locator('[data-testid=run-with-params]').click();
    await page.waitForFunction(() => (globalThis as any).__hb.activeRun?.status === 'done', null, { timeout: 60_000 });
    const r = await page.evaluate(() => (globalThis as any).__hb.activeRun.result.rows);
    expect(r).toEqual([['win10-lab07', 96]]);
    expect(await page.evaluate(() => (globalThis as any).__hb.activeTab.text)).toMatch(/^let device = "win10-lab07";\nDeviceInfo/);
  });

  it('runs a shipped pack\'s tests green on the lab', async () => {
    const sec = page.locator('[data-testid=pack][data-pack-id="huntbench.lab-investigation"]');
    await sec.locator('[data-testid=run-pack-tests]').click();
    await sec.locator('[data-testid=pack-status][data-status=pass]').waitFor({ timeout: 120_000 });
    await expectMessage(/25 passed, 0 failed, 0 errors/);
  });

  it('rejects hostile or malformed files with a precise message and keeps the library', async () => {
    const before = await savedCount();
    await importFile('evil.json', JSON.stringify(pack({ id: 'evil', description: 'hi <script>alert(1)</script>' })));
    await expectMessage(/^evil\.json was not imported: 1:\d+: error: description: holds markup \("<script" at character 4\); pack text is plain text\. Nothing in your library changed\.$/);
    await importFile('broken.hbpack.json', '{\n  "format": "huntbench-pack",\n  "id": \n}');
    await expectMessage(/^broken\.hbpack\.json was not imported: 4:1: error: not valid JSON: unexpected "\}" at 4:1/);
    // a missing field is placed at the object that lacks it
    await importFile('noattach.json', JSON.stringify(pack({ id: 'noattach', attachments: [{ url: 'https://feeds.example/iocs.txt', name: 'iocs' }] })));
    await expectMessage(/^noattach\.json was not imported: 1:\d+: error: attachments\[0\]\.text: is required\./);
    // a YAML syntax error has its position too (the parser reports only an offset)
    await importFile('broken.yaml', 'name: Broken\nquery: |\n  DeviceInfo | take 1\ntactics: [Discovery\n');
    await expectMessage(/^broken\.yaml was not imported: 5:1: error: not valid YAML: /);
    await importFile('huge.hbpack.json', JSON.stringify(pack({ id: 'huge', name: 'x'.repeat(50_000) })));
    await expectMessage(/name: is 50,000 characters long, more than the limit of 200/);
    expect(await savedCount()).toBe(before);
    // nothing was ever injected as markup (the one inline script is the build's JSON data block of
    // prebuilt compiles, which never runs: JSON data blocks are not executed)
    const inline = await page.evaluate(() => [...document.querySelectorAll('script:not([src])')].map((e) => `${e.id}:${e.getAttribute('type')}`));
    expect(inline).toEqual(['hb-prebuilt-compiles:application/json']);
  });

  it('asks before overwriting a saved pack', async () => {
    await importFile('e2e-v2.json', JSON.stringify(pack({ version: '2.0.0' })));
    await page.locator('[data-testid=pack-conflict]').waitFor();
    await page.click('[data-testid=conflict-cancel]');
    const saved = await page.evaluate(() => (globalThis as any).__hbLibrary.saved.find((p: any) => p.id === 'e2e.pack').version);
    expect(saved).toBe('1.0.0');
    await importFile('e2e-v2.json', JSON.stringify(pack({ version: '2.0.0' })));
    await page.click('[data-testid=conflict-keep-both]');
    const ids = await page.evaluate(() => (globalThis as any).__hbLibrary.saved.map((p: any) => `${p.id}@${p.version}`));
    expect(ids).toEqual(expect.arrayContaining(['e2e.pack@1.0.0', 'e2e.pack-2@2.0.0']));
  });

  it('imports a Sentinel YAML file dropped on the page', async () => {
    const yaml = 'id: 0b1c6c4e-8c0f-4a59-9d39-52d1a3e0c7aa\nname: Dropped hunting query\nquery: |\n  DeviceInfo | take 1\ntactics:\n  - Discovery\n';
    await page.evaluate((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'dropped.yaml', { type: 'application/yaml' }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, yaml);
    await page.waitForFunction(() => (globalThis as any).__hbLibrary.saved.some((p: any) => p.id === 'dropped'));
    await expectMessage(/Imported dropped \(1 query\) from dropped\.yaml/);
  });

  it('saves the current query into a pack, kept across a reload', async () => {
    await setQuery(page, 'DeviceNetworkEvents | where RemoteIP == "203.0.113.45" | count');
    await page.fill('[data-testid=save-query-name]', 'C2 count');
    await page.click('[data-testid=save-query]');
    await expectMessage(/^Saved "C2 count" to My queries\.$/);
    await page.reload();
    await waitReady(page);
    await page.click('[data-testid=packs-tab]');
    const mine = await page.evaluate(() => (globalThis as any).__hbLibrary.saved.find((p: any) => p.id === 'my-queries'));
    expect(mine.queries.map((q: any) => q.body)).toContain('DeviceNetworkEvents | where RemoteIP == "203.0.113.45" | count');
  });
});

describe('share links', () => {
  it('copies a v1 link that opens in a fresh browser, showing what was loaded and running nothing', async () => {
    const q = 'DeviceProcessEvents\n| where FileName =~ "wscript.exe" // ünïcødé ✓\n| project Timestamp, DeviceName';
    await page.click('[data-testid=new-tab]');
    await setQuery(page, q);
    await page.click('[data-testid=share]');
    const url = await page.evaluate(() => navigator.clipboard.readText());
    expect(url).toMatch(/#v1\/[A-Za-z0-9_-]+$/);

    const { page: fresh } = await site.newPage();
    await fresh.goto(url);
    await waitReady(fresh);
    const banner = fresh.locator('[data-testid=shared-banner]');
    await banner.waitFor();
    expect(await banner.innerText()).toMatch(/Opened a shared query .*made on dataset lab, pinned now 2024-.*Nothing was run/s);
    expect(await fresh.evaluate(() => (globalThis as any).__hb.activeTab.text)).toBe(q);
    expect(await fresh.evaluate(() => (globalThis as any).__hb.activeRun)).toBeUndefined();
    expect(new URL(fresh.url()).hash).toBe('');
  });

  it('a pack link waits for "Add to library"; old #q= links still open', async () => {
    const sec = page.locator('[data-testid=pack][data-pack-id="e2e.pack"]');
    await sec.locator('[data-testid=pack-share]').click();
    const url = await page.evaluate(() => navigator.clipboard.readText());
    const { page: fresh } = await site.newPage();
    await fresh.goto(url);
    await waitReady(fresh);
    const banner = fresh.locator('[data-testid=shared-banner]');
    await banner.waitFor();
    expect(await banner.innerText()).toContain('A share link holds pack E2E pack with 2 queries: Victim device info; A test that fails. Nothing was run or saved.');
    expect(await fresh.evaluate(() => (globalThis as any).__hbLibrary.saved.length)).toBe(0);
    await fresh.click('[data-testid=shared-add]');
    expect(await fresh.evaluate(() => (globalThis as any).__hbLibrary.saved.map((p: any) => p.id))).toEqual(['e2e.pack']);

    const legacy = `${site.url}#q=${Buffer.from('print "old link"').toString('base64url')}`;
    const { page: old } = await site.newPage();
    await old.goto(legacy);
    await waitReady(old);
    await old.locator('[data-testid=shared-banner]').waitFor();
    expect(await old.evaluate(() => (globalThis as any).__hb.activeTab.text)).toBe('print "old link"');
  });

  it('a damaged link says why', async () => {
    const { page: fresh } = await site.newPage();
    await fresh.goto(`${site.url}#v1/AAAA`);
    await waitReady(fresh);
    expect(await fresh.locator('[data-testid=pack-message] span').innerText()).toMatch(/This share link cannot be opened: the link is damaged/);
  });

  it('made no request outside the page origin and threw no page errors', () => {
    expect(site.external).toEqual([]);
    expect(site.errors).toEqual([]);
  });
});
