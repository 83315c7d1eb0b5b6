/**
 * Engine fault isolation in the browser (issue 15): a query that breaks DuckDB-WASM (strrep of
 * 50 MB per row: "ArrowArrayStruct contains null data pointer") costs that query only; the next
 * queries answer on the same data (src/engine/recycle.ts replaces the engine when it fails its
 * probe; the replacement path itself is tested on the real engine in test/engine/recycle.test.ts).
 * A corrupted Arrow file is refused before it reaches the engine (src/catalog/user-files.ts
 * checkArrowData): loading it used to leave every later query failing with "memory access out of
 * bounds".
 */
import { Table, tableToIPC, Utf8, vectorFromArray } from 'apache-arrow';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Site, startSite, waitReady } from './harness.ts';

let site: Site;
let page: Page;

beforeAll(async () => {
  site = await startSite();
  ({ page } = await site.newPage());
  // a replacement step that stalls is logged by the page (engine/recycle.ts): show it here, so a
  // failing run names the step
  page.on('console', (m) => {
    if (m.text().startsWith('huntbench engine:')) console.warn(`[page] ${m.text()}`);
  });
  await page.goto(site.url);
  await waitReady(page);
});

afterAll(async () => {
  await site?.close();
});

/** Runs KQL in the active tab through the workbench and returns its final run state. */
async function run(kql: string): Promise<{ status: string; rows?: unknown[][]; error?: { code: string; message: string } }> {
  return page.evaluate(async (q) => {
    const wb = (globalThis as any).__hb;
    const id = wb.activeTab.id;
    await wb.runKql(id, q);
    const r = wb.runs[id];
    return { status: r.status, rows: r.result?.rows, error: r.error };
  }, kql);
}

describe('a query that breaks the engine', () => {
  it('costs only that query: the next ones answer (on a fresh engine when the old one failed its probe)', async () => {
    const before = (await run('DeviceInfo | count')).rows?.[0]?.[0];
    expect(before).toBeGreaterThan(0);
    const crash = await run("range x from 1 to 30 step 1 | extend s = strrep(strrep(strrep('a', 1000), 1000), 50)");
    expect(crash.status).toBe('error');
    expect(await run('print 1 + 1')).toMatchObject({ status: 'done', rows: [[2]] });
    expect(await run('DeviceInfo | count')).toMatchObject({ status: 'done', rows: [[before]] });
  });
});

describe('a query that breaks the engine with another request queued behind it', () => {
  // DuckDB-WASM traps on the request after the one that broke it. When that is not the probe but a
  // request queued meanwhile (a background table load, a macro batch, another tab's query), the
  // probe can still answer on corrupt memory; the engine records the trap and is replaced anyway.
  it('costs only those two: the next queries answer, on every table', async () => {
    const before = (await run('DeviceInfo | count')).rows?.[0]?.[0];
    expect(before).toBeGreaterThan(0);
    const outcome = await page.evaluate(async () => {
      const engine = await (globalThis as any).__hb.engineReady;
      const settle = (p: Promise<unknown>) => p.then(
        () => 'answered',
        (e: { code?: string }) => e.code ?? 'error',
      );
      const crash = settle(engine.query("SELECT x, repeat('a', 50000000) AS s FROM range(1, 31) t(x)"));
      const behind = settle(engine.query('SELECT 1 AS one'));
      // both settle: neither is left waiting on the replaced engine's worker (this evaluate would
      // then fail with "Resulting promise was garbage collected")
      return Promise.all([crash, behind]);
    });
    expect(outcome[0]).not.toBe('answered');
    for (let i = 0; i < 3; i++) expect(await run('print 1 + 1')).toMatchObject({ status: 'done', rows: [[2]] });
    expect(await run('DeviceInfo | count')).toMatchObject({ status: 'done', rows: [[before]] });
    // the last table of the background load, which ran across the failure (watchlists, loaded
    // after it, are read through _GetWatchlist)
    const last = await page.evaluate(() => {
      const t = (globalThis as any).__hb.catalog.tables.filter((x: { file?: string; watchlist?: unknown }) => x.file && !x.watchlist).at(-1);
      return { name: t.name as string, rows: t.rowCount as number };
    });
    expect(await run(`${last.name} | count`)).toMatchObject({ status: 'done', rows: [[last.rows]] });
  });
});

/** An Arrow file whose second string offset points far past its value data. */
function corruptedArrow(): Uint8Array {
  const ipc = tableToIPC(new Table({ s: vectorFromArray(['alpha', 'beta', 'gamma', 'delta'], new Utf8()) }), 'file');
  const dv = new DataView(ipc.buffer, ipc.byteOffset, ipc.byteLength);
  for (let i = 0; i + 20 <= ipc.length; i += 4) {
    if ([0, 5, 9, 14, 19].every((v, k) => dv.getInt32(i + 4 * k, true) === v)) {
      dv.setInt32(i + 8, 0x7fff0000, true);
      return ipc;
    }
  }
  throw new Error('offsets not found');
}

describe('a corrupted Arrow file in Add files…', () => {
  it('is refused with a message naming the file, and every later query still answers', async () => {
    const before = (await run('DeviceInfo | count')).rows?.[0]?.[0];
    const tables = await page.evaluate(() => (globalThis as any).__hb.catalog.tables.length);
    await page.setInputFiles('[data-testid=file-input]', { name: 'broken.arrow', mimeType: 'application/octet-stream', buffer: Buffer.from(corruptedArrow()) });
    await page.locator('[data-testid=notice]', { hasText: 'broken.arrow' }).waitFor();
    const notice = await page.locator('[data-testid=notice]').innerText();
    expect(notice).toContain('not a readable Arrow file');
    expect(notice).toContain('was not loaded');
    expect(await page.evaluate(() => (globalThis as any).__hb.catalog.tables.length)).toBe(tables);
    for (let i = 0; i < 3; i++) expect(await run('print 1 + 1')).toMatchObject({ status: 'done', rows: [[2]] });
    expect(await run('DeviceInfo | count')).toMatchObject({ status: 'done', rows: [[before]] });
    expect(await run('DeviceProcessEvents | summarize n = count() by ActionType | count')).toMatchObject({ status: 'done' });
  });
});
