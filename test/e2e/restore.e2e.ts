/**
 * A tab's last result restored on a revisit (state/result-cache.ts), in headless Chromium against
 * the built site: a reload shows the rows of the earlier visit at once, labelled as restored, and
 * Rerun computes them afresh; a changed dataset, catalog or pinned now, or a query that reads
 * randomness, is not restored.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Site, startSite } from './harness.ts';

let site: Site;
let page: Page;
let context: BrowserContext;

beforeAll(async () => {
  site = await startSite();
  ({ page, context } = await site.newPage());
});

afterAll(async () => {
  await site?.close();
});

const QUERY = 'DeviceProcessEvents\n| where Timestamp > ago(3h)\n| summarize n = count() by ActionType\n| order by ActionType asc';

interface Shown {
  status?: string;
  kql?: string;
  rows?: unknown[][];
  restored?: { savedAt: number };
}

const activeRun = () =>
  page.evaluate((): Shown | null => {
    const r = (globalThis as any).__hb.activeRun;
    return r ? { status: r.status, kql: r.kql, rows: r.result?.rows, restored: r.restored } : null;
  });

/** The record kept for the active tab (IndexedDB), or null. */
const kept = () =>
  page.evaluate(async () => {
    const tab = (globalThis as any).__hb.active as string;
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      const req = indexedDB.open('huntbench-results', 1);
      req.onupgradeneeded = () => req.result.createObjectStore('last', { keyPath: 'tab' });
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const rec = await new Promise<any>((resolve, reject) => {
      const req = db.transaction('last').objectStore('last').get(tab);
      req.onsuccess = () => resolve(req.result ?? null);
      req.onerror = () => reject(req.error);
    });
    db.close();
    return rec ? { kql: rec.kql as string, rows: rec.result.rows.length as number } : null;
  });

async function waitKept(want: (r: { kql: string; rows: number } | null) => boolean): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (want(await kept())) return;
    await page.waitForTimeout(100);
  }
  throw new Error('the kept result did not reach the expected state');
}

/** Loads the page without submitting anything; resolves once start-up has looked for kept results. */
async function revisit(): Promise<void> {
  await page.goto(site.url, { waitUntil: 'commit' });
  await page.waitForFunction(() => (globalThis as any).__hb?.restoreChecked === true, null, { timeout: 90_000, polling: 20 });
}

async function runAndWait(q: string): Promise<Shown> {
  await page.evaluate((text) => {
    const wb = (globalThis as any).__hb;
    wb.setText(wb.active, text);
    void wb.runKql(wb.active, text);
  }, q);
  await page.waitForFunction(
    (text) => {
      const r = (globalThis as any).__hb.activeRun;
      return r?.kql === text && r.status === 'done' && !r.restored;
    },
    q,
    { timeout: 90_000, polling: 20 },
  );
  return (await activeRun())!;
}

describe('revisit', () => {
  let first: Shown;

  it('keeps the result of a run on the dataset', async () => {
    await page.goto(site.url, { waitUntil: 'commit' });
    await page.waitForFunction(() => (globalThis as any).__hb, null, { timeout: 60_000, polling: 10 });
    first = await runAndWait(QUERY);
    expect(first.rows!.length).toBeGreaterThan(0);
    await waitKept((r) => r?.kql === QUERY && r.rows === first.rows!.length);
  });

  it('shows the last result at once, labelled as restored, and Rerun computes it afresh', async () => {
    await revisit();
    const shown = await activeRun();
    expect(shown?.status).toBe('done');
    expect(shown?.restored?.savedAt).toBeGreaterThan(0);
    expect(shown?.rows).toEqual(first.rows);
    const label = page.locator('[data-testid=restored]');
    await label.waitFor({ timeout: 30_000 });
    expect(await label.textContent()).toMatch(/restored from your last visit .*dataset unchanged/);
    expect(await page.locator('[data-testid=grid] [role=gridcell]').count()).toBeGreaterThan(0);
    // shown before the engine had run anything for it
    expect(await page.evaluate(() => performance.getEntriesByName('hb:run:restored').length)).toBe(1);
    expect(await page.evaluate(() => performance.getEntriesByName('hb:run:queried').length)).toBe(0);
    await page.click('[data-testid=rerun]');
    await page.waitForFunction(() => {
      const r = (globalThis as any).__hb.activeRun;
      return r?.status === 'done' && !r.restored;
    }, null, { timeout: 90_000, polling: 20 });
    const fresh = await activeRun();
    expect(fresh?.kql).toBe(QUERY);
    expect(fresh?.rows).toEqual(first.rows);
    expect(await page.locator('[data-testid=restored]').count()).toBe(0);
  });

  it('does not restore when the dataset content changed', async () => {
    await context.route('**/datasets/index.json', async (route) => {
      const res = await route.fetch();
      const list = (await res.json()) as { name: string; contentHash: string }[];
      for (const d of list) if (d.name === 'lab') d.contentHash = `${d.contentHash.slice(0, -1)}${d.contentHash.endsWith('0') ? '1' : '0'}`;
      await route.fulfill({ response: res, json: list });
    });
    try {
      await revisit();
      expect(await activeRun()).toBeNull();
    } finally {
      await context.unroute('**/datasets/index.json');
    }
    // nothing was deleted: with the same dataset it is restored again
    await revisit();
    expect((await activeRun())?.restored).toBeTruthy();
  });

  it('does not restore when the catalog changed', async () => {
    await context.route('**/datasets/lab/catalog.json', async (route) => {
      const res = await route.fetch();
      const cat = await res.json();
      cat.tables[0].description = `${cat.tables[0].description ?? ''} (edited)`;
      await route.fulfill({ response: res, json: cat });
    });
    try {
      await revisit();
      expect(await activeRun()).toBeNull();
    } finally {
      await context.unroute('**/datasets/lab/catalog.json');
    }
  });

  it("does not restore when the tab's pinned now changed", async () => {
    await revisit();
    expect((await activeRun())?.restored).toBeTruthy();
    await page.evaluate(() => {
      const wb = (globalThis as any).__hb;
      wb.activeTab.now = '2024-05-16T12:00:00Z';
      wb.saveNow();
    });
    await revisit();
    expect(await activeRun()).toBeNull();
    await page.evaluate(() => {
      const wb = (globalThis as any).__hb;
      delete wb.activeTab.now;
      wb.saveNow();
    });
  });

  it('does not keep a result that reads randomness, and forgets the earlier one', async () => {
    await revisit();
    expect((await activeRun())?.restored).toBeTruthy();
    const q = 'DeviceProcessEvents | take 3 | extend r = rand()';
    await runAndWait(q);
    await waitKept((r) => r === null);
    await revisit();
    expect(await activeRun()).toBeNull();
  });
});
