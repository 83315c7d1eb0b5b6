/**
 * E2E plumbing: serves the built site (`dist/`) with `vite preview` on a random localhost port and
 * drives Debian's Chromium with playwright-core. Every request that leaves the page's origin is
 * recorded and aborted, so a test can assert the site is fully offline.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { type PreviewServer, preview } from 'vite';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface Site {
  url: string;
  browser: Browser;
  external: string[];
  errors: string[];
  newPage(): Promise<{ page: Page; context: BrowserContext }>;
  close(): Promise<void>;
}

export async function startSite(): Promise<Site> {
  if (!fs.existsSync(path.join(root, 'dist/index.html'))) throw new Error('dist/ is missing: run `npm run build` first');
  const server: PreviewServer = await preview({
    root,
    logLevel: 'error',
    preview: { port: 0, host: '127.0.0.1', strictPort: false, open: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a URL');
  const origin = new URL(url).origin;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const external: string[] = [];
  const errors: string[] = [];
  const contexts: BrowserContext[] = [];
  return {
    url,
    browser,
    external,
    errors,
    async newPage() {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      contexts.push(context);
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
      await context.route('**/*', (route) => {
        const u = route.request().url();
        if (u.startsWith(origin) || u.startsWith('blob:') || u.startsWith('data:')) return route.continue();
        external.push(u);
        return route.abort();
      });
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(e.message));
      return { page, context };
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close();
      await server.close();
    },
  };
}

/** Waits until the engine, the parser and the dataset are ready. */
export async function waitReady(page: Page, timeout = 60_000): Promise<void> {
  await page.waitForSelector('[data-testid=startup][data-ready=true]', { timeout });
  await page.waitForFunction(() => (globalThis as any).__hb?.catalog != null, null, { timeout });
  await waitEditor(page, timeout);
}

/** Replaces the editor text (no typing: avoids auto-closing and suggestions). */
export async function setQuery(page: Page, text: string): Promise<void> {
  await waitEditor(page);
  await page.evaluate((t) => {
    const ed = (globalThis as any).__hbEditor;
    ed.setValue(t);
    ed.setPosition(ed.getModel().getPositionAt(t.length));
    ed.focus();
  }, text);
}

/** Monaco loads after the start-up (a plain text area stands in until then). */
export async function waitEditor(page: Page, timeout = 60_000): Promise<void> {
  await page.waitForFunction(() => (globalThis as any).__hbEditor != null, null, { timeout });
}

export async function editorText(page: Page): Promise<string> {
  await waitEditor(page);
  return page.evaluate(() => (globalThis as any).__hbEditor.getValue());
}

/** Runs the query under the caret and waits for it to finish; returns the status line. */
export async function runAndWait(page: Page, timeout = 60_000): Promise<string> {
  const before = await page.evaluate(() => (globalThis as any).__hb.activeRun?.startedAt ?? -1);
  await page.keyboard.press('Control+Enter');
  await page.waitForFunction(
    (b) => {
      const r = (globalThis as any).__hb.activeRun;
      return r && r.startedAt !== b && !['compiling', 'running'].includes(r.status);
    },
    before,
    { timeout },
  );
  return page.locator('[data-testid=status]').innerText();
}

export async function rowCount(page: Page): Promise<number> {
  const t = await page.locator('[data-testid=row-count]').innerText();
  return Number(t.replace(/[^0-9]/g, ''));
}

/** Starts the site, opens one page on it and waits until the workbench is ready. */
export async function openWorkbench(): Promise<{ site: Site; page: Page }> {
  const site = await startSite();
  const { page } = await site.newPage();
  await page.goto(site.url);
  await waitReady(page);
  return { site, page };
}

/** Opens an investigation route (#/device/…) and waits until its cards have loaded. */
export async function openRoute(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => {
    location.hash = h;
  }, hash);
  await page.waitForSelector('[data-testid=investigation][data-loading=false]', { timeout: 60_000 });
}

const axeSource = () => fs.readFileSync(path.join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');

/** Serious and critical axe-core violations of the page as it is now, as readable lines. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // evaluated through the DevTools protocol: the page's CSP (script-src 'self') does not apply
  await page.evaluate(axeSource());
  return page.evaluate(async () => {
    const r = await (globalThis as any).axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v: any) => v.impact === 'serious' || v.impact === 'critical')
      .flatMap((v: any) => v.nodes.slice(0, 3).map((n: any) => `${v.impact} ${v.id}: ${n.target.join(' ')}`));
  });
}

/** Clicks a card's "open as query", waits for the new tab's run and checks that it succeeded. */
export async function openAsQuery(page: Page, cardTestId: string): Promise<void> {
  const tabsBefore = await page.locator('[data-testid=tabs] .tab').count();
  await page.locator(`[data-testid=${cardTestId}] [data-testid=open-as-query]`).first().click();
  await page.waitForSelector('[data-testid=investigation]', { state: 'detached' });
  const tabs = await page.locator('[data-testid=tabs] .tab').count();
  if (tabs !== tabsBefore + 1) throw new Error(`open as query: ${tabs} tabs, expected ${tabsBefore + 1}`);
  await page.waitForFunction(() => {
    const r = (globalThis as any).__hb.activeRun;
    return r && !['compiling', 'running'].includes(r.status);
  });
  const run = await page.evaluate(() => {
    const r = (globalThis as any).__hb.activeRun;
    return { status: r.status as string, error: r.error?.message as string | undefined };
  });
  if (run.status !== 'done') throw new Error(`open as query: the run ended ${run.status}: ${run.error}`);
}
