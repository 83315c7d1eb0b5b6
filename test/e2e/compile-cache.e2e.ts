/**
 * The compile cache (state/compile-cache.ts) in headless Chromium against the built site: a reload
 * runs a query compiled on the earlier visit from the cache and shows the same result as a fresh
 * compile; another query text or a changed catalog is compiled afresh; an out-of-date entry is
 * found by the check after start-up and its result replaced. A first visit (nothing stored) runs the
 * sample query from the compile the build ships (state/prebuilt-compiles.ts), checked the same way.
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

// a result that depends on the catalog's pinned now()
const QUERY = 'DeviceProcessEvents\n| where Timestamp > ago(3h)\n| summarize n = count() by ActionType\n| order by ActionType asc';
const CACHE_KEY = 'huntbench.compile-cache.v1';

interface Run {
  status: string;
  sql?: string;
  rows?: unknown[][];
  compileCache?: string;
  recompiled?: boolean;
  error?: { code: string; message: string };
}

/** Loads the page and submits `q` as soon as the page script runs (as a returning user's query would). */
async function visit(q: string): Promise<void> {
  await page.goto(site.url, { waitUntil: 'commit' });
  await page.waitForFunction(() => (globalThis as any).__hb, null, { timeout: 60_000, polling: 10 });
  await page.evaluate((text) => {
    const wb = (globalThis as any).__hb;
    wb.setText(wb.active, text);
    void wb.runKql(wb.active, text);
  }, q);
}

/** The active run once its fields have the given values (the page's CSP forbids evaluating strings). */
async function runWhen(want: Record<string, string | boolean>): Promise<Run> {
  await page.waitForFunction(
    (w) => {
      const r = (globalThis as any).__hb.activeRun;
      return !!r && Object.entries(w).every(([k, v]) => r[k] === v);
    },
    want,
    { timeout: 90_000, polling: 20 },
  );
  return page.evaluate(() => {
    const r = (globalThis as any).__hb.activeRun;
    return { status: r.status, sql: r.sql, rows: r.result?.rows, compileCache: r.compileCache, recompiled: r.recompiled, error: r.error };
  });
}

const cacheEntries = () => page.evaluate((k) => JSON.parse(localStorage.getItem(k) ?? '[]') as { kql: string; result: { sql: string } }[], CACHE_KEY);

describe('first visit', () => {
  it('runs the sample query from the compile shipped with the build, and the compiler checks it', async () => {
    const { page: p } = await site.newPage();
    await p.goto(site.url);
    expect(await p.evaluate((k) => localStorage.getItem(k), CACHE_KEY)).toBeNull();
    expect(await p.locator('#hb-prebuilt-compiles').count()).toBe(1);
    // the card's Run (enabled once the catalog is known; the run waits for the engine)
    await p.click('[data-testid=start-run]', { timeout: 60_000 });
    await p.waitForFunction(() => (globalThis as any).__hb.activeRun?.status === 'done', null, { timeout: 90_000, polling: 20 });
    const shown = await p.evaluate(() => {
      const r = (globalThis as any).__hb.activeRun;
      return { kql: r.kql as string, sql: r.sql as string, rows: r.result?.rows as unknown[][], compileCache: r.compileCache as string | undefined };
    });
    expect(shown.kql).toContain('DeviceProcessEvents\n| where Timestamp > ago(7d)\n| take 100');
    expect(shown.compileCache).toMatch(/^(checking|checked)$/);
    expect(shown.rows.length).toBeGreaterThan(0);
    const marks = await p.evaluate(() => performance.getEntriesByType('mark').map((m) => m.name));
    expect(marks).toContain('hb:run:cached');
    expect(marks).not.toContain('hb:run:compiled');
    await p.waitForFunction(() => (globalThis as any).__hb.activeRun?.compileCache === 'checked', null, { timeout: 90_000, polling: 20 });
    expect(await p.locator('[data-testid=compile-cache]').textContent()).toContain('compiled before, checked');
    expect(await p.evaluate(() => !!(globalThis as any).__hb.activeRun.recompiled)).toBe(false);
    // the compiler's own compile of the same text gives the same SQL and rows
    await p.evaluate((text) => {
      const wb = (globalThis as any).__hb;
      void wb.runKql(wb.active, text, undefined, { noCache: true });
    }, shown.kql);
    await p.waitForFunction(() => {
      const r = (globalThis as any).__hb.activeRun;
      return r?.status === 'done' && !r.compileCache;
    }, null, { timeout: 90_000, polling: 20 });
    const fresh = await p.evaluate(() => {
      const r = (globalThis as any).__hb.activeRun;
      return { sql: r.sql as string, rows: r.result?.rows as unknown[][] };
    });
    expect(fresh.sql).toBe(shown.sql);
    expect(fresh.rows).toEqual(shown.rows);
    expect(site.errors).toEqual([]);
    await p.close();
  });
});

describe('compile cache', () => {
  let first: Run;

  it('remembers a compile on the first visit', async () => {
    await visit(QUERY);
    first = await runWhen({ status: 'done' });
    expect(first.compileCache).toBeUndefined();
    expect(first.rows!.length).toBeGreaterThan(0);
    const entries = await cacheEntries();
    expect(entries.map((e) => e.kql)).toContain(QUERY);
    expect(entries.find((e) => e.kql === QUERY)!.result.sql).toBe(first.sql);
  });

  it('runs it from the cache on a reload, with the same result, and checks it', async () => {
    await visit(QUERY);
    const warm = await runWhen({ status: 'done' });
    expect(warm.compileCache).toMatch(/^(checking|checked)$/);
    expect(warm.sql).toBe(first.sql);
    expect(warm.rows).toEqual(first.rows);
    const marks = await page.evaluate(() => performance.getEntriesByType('mark').map((m) => m.name));
    expect(marks).toContain('hb:run:cached');
    expect(marks).not.toContain('hb:run:compiled');
    await runWhen({ compileCache: 'checked' });
    expect(await page.locator('[data-testid=compile-cache]').textContent()).toContain('compiled before, checked');
  });

  it('compiles another query text afresh', async () => {
    const other = `${QUERY}\n| take 100`;
    await page.evaluate((text) => {
      const wb = (globalThis as any).__hb;
      void wb.runKql(wb.active, text);
    }, other);
    const run = await runWhen({ status: 'done', kql: other });
    expect(run.compileCache).toBeUndefined();
    expect(run.rows).toHaveLength(first.rows!.length);
  });

  it('compiles afresh when the catalog changed (here its pinned now, which changes the answer)', async () => {
    await context.route('**/datasets/lab/catalog.json', async (route) => {
      const res = await route.fetch();
      const cat = await res.json();
      cat.now = new Date(Date.parse(cat.now) - 24 * 3600_000).toISOString().replace('.000Z', 'Z');
      await route.fulfill({ response: res, json: cat });
    });
    try {
      await visit(QUERY);
      const run = await runWhen({ status: 'done' });
      expect(run.compileCache).toBeUndefined();
      // the remembered SQL would have given the old answer
      expect(run.sql).not.toBe(first.sql);
      expect(run.rows).not.toEqual(first.rows);
    } finally {
      await context.unroute('**/datasets/lab/catalog.json');
    }
  });

  it('replaces the result of an out-of-date entry once the compiler has checked it', async () => {
    // what a compiler change that kept the worker bundle's name would leave behind
    await page.evaluate(
      ([k, q]) => {
        const entries = JSON.parse(localStorage.getItem(k) ?? '[]');
        for (const e of entries) if (e.kql === q) e.result.sql = `SELECT 'stale' AS ActionType, 0::BIGINT AS n`;
        localStorage.setItem(k, JSON.stringify(entries));
      },
      [CACHE_KEY, QUERY],
    );
    await visit(QUERY);
    const run = await runWhen({ status: 'done', recompiled: true });
    expect(run.rows).toEqual(first.rows);
    expect(run.sql).toBe(first.sql);
    expect(await page.locator('[data-testid=recompiled]').count()).toBe(1);
    // the check put the compiler's own SQL in front of the entries
    const entries = await cacheEntries();
    expect(entries[0]).toMatchObject({ kql: QUERY, result: { sql: first.sql } });
    expect(site.errors).toEqual([]);
  });
});
