/**
 * Layout and comfort (issue 14): the header on one line with settings in a menu, a collapsible and
 * resizable sidebar, schema descriptions as text and columns inserted at the cursor, Explain's
 * formatted SQL, dark mode (system preference and a persisted choice, axe-clean), the keyboard
 * shortcut list.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editorText, openRoute, openWorkbench, rowCount, runAndWait, type Site, seriousViolations, setQuery } from './harness.ts';

let site: Site;
let page: Page;

beforeAll(async () => {
  ({ site, page } = await openWorkbench());
});

afterAll(async () => {
  await site?.close();
});

const box = (sel: string) => page.locator(sel).first().boundingBox();

describe('first visit', () => {
  it('a start card leads to the sample query, the lab investigation pack and practice; once used it stays away', async () => {
    const card = page.locator('[data-testid=start-here]');
    await card.waitFor({ state: 'visible' });
    expect(await card.locator('[data-testid=start-practice]').getAttribute('href')).toBe('#/practice');
    await page.click('[data-testid=start-pack]');
    const lab = page.locator('[data-testid=pack][data-pack-id="huntbench.lab-investigation"]');
    await lab.waitFor({ state: 'visible' });
    expect(await page.locator('[data-testid=pack-search]').inputValue()).toBe('Lab investigation');
    expect(await page.getByText('Q1. Which process wrote the Run key').first().isVisible()).toBe(true);
    expect(await card.count()).toBe(0);
    await page.fill('[data-testid=pack-search]', '');
    await page.locator('[data-testid=schema-tab]').click();
    // the choice holds after a reload; clearing it brings the card back, and its Run runs the sample
    await page.reload();
    await page.waitForSelector('[data-testid=startup][data-ready=true]', { timeout: 60_000 });
    expect(await card.count()).toBe(0);
    await page.evaluate(() => localStorage.removeItem('huntbench.prefs.v1'));
    await page.reload();
    await page.waitForSelector('[data-testid=startup][data-ready=true]', { timeout: 60_000 });
    await page.click('[data-testid=start-run]');
    await page.waitForFunction(() => (globalThis as any).__hb.activeRun?.status === 'done', null, { timeout: 60_000 });
    expect(await rowCount(page)).toBeGreaterThan(0);
    const kql = await page.evaluate(() => (globalThis as any).__hb.activeRun.kql);
    expect(kql).toContain('DeviceProcessEvents\n| where Timestamp > ago(7d)');
    expect(kql).not.toContain('render');
    expect(await card.count()).toBe(0);
  });
});

describe('header and sidebar', () => {
  it.each([1280, 1920])('the header is one line at %i px; settings live in a menu', async (width) => {
    await page.setViewportSize({ width, height: 800 });
    const header = await box('.app > header');
    expect(header!.height).toBeLessThan(48);
    // every direct child sits on the same line, inside the viewport
    const boxes = await page.locator('.app > header > *').evaluateAll((els) =>
      els.filter((e) => (e as HTMLElement).offsetParent).map((e) => {
        const r = e.getBoundingClientRect();
        return { mid: (r.top + r.bottom) / 2, right: r.right };
      }),
    );
    expect(boxes.length).toBeGreaterThanOrEqual(6);
    const mids = boxes.map((b) => b.mid);
    expect(Math.max(...mids) - Math.min(...mids)).toBeLessThan(4);
    expect(Math.max(...boxes.map((b) => b.right))).toBeLessThanOrEqual(width);
    expect(await page.locator('[data-testid=settings] input[type=number]').first().isVisible()).toBe(false);
    await page.click('[data-testid=settings] summary');
    expect(await page.locator('[data-testid=settings] input[type=number]').first().isVisible()).toBe(true);
    // its notes wrap inside it (the header's one-line rule does not cut them)
    const note = await page.locator('[data-testid=memory-budget]').evaluate((el) => {
      const body = el.closest('.menu-body')!.getBoundingClientRect();
      const r = el.getBoundingClientRect();
      return { right: r.right, bodyRight: body.right };
    });
    expect(note.right).toBeLessThanOrEqual(note.bodyRight);
    // it closes as a menu does: Esc (focus back on its button), or a click outside it
    await page.locator('[data-testid=settings] input[type=number]').first().focus();
    await page.keyboard.press('Escape');
    expect(await page.locator('[data-testid=settings] input[type=number]').first().isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.matches('[data-testid=settings] summary'))).toBe(true);
    await page.click('[data-testid=settings] summary');
    expect(await page.locator('[data-testid=settings] input[type=number]').first().isVisible()).toBe(true);
    await page.locator('.app > header .brand').click();
    expect(await page.locator('[data-testid=settings] input[type=number]').first().isVisible()).toBe(false);
  });

  it('the sidebar resizes by drag and by keys, collapses and reopens, and remembers', async () => {
    await page.setViewportSize({ width: 1400, height: 900 });
    const w0 = (await box('[data-testid=sidebar]'))!.width;
    const edge = (await box('[data-testid=sidebar-resize]'))!;
    await page.mouse.move(edge.x + 2, edge.y + 200);
    await page.mouse.down();
    await page.mouse.move(edge.x + 122, edge.y + 200, { steps: 5 });
    await page.mouse.up();
    const w1 = (await box('[data-testid=sidebar]'))!.width;
    expect(w1).toBeGreaterThan(w0 + 100);
    await page.focus('[data-testid=sidebar-resize]');
    await page.keyboard.press('ArrowLeft');
    expect((await box('[data-testid=sidebar]'))!.width).toBeCloseTo(w1 - 10, 0);
    const mainBefore = (await box('main'))!.width;
    await page.click('[data-testid=sidebar-close]');
    expect(await page.locator('[data-testid=sidebar]').isVisible()).toBe(false);
    expect((await box('main'))!.width).toBeGreaterThan(mainBefore + 100);
    const saved = await page.evaluate(() => JSON.parse(localStorage.getItem('huntbench.prefs.v1') ?? '{}'));
    expect(saved.sidebarOpen).toBe(false);
    expect(Math.abs(saved.sidebarWidth - (w1 - 10))).toBeLessThanOrEqual(1);
    await page.click('[data-testid=sidebar-open]');
    expect(await page.locator('[data-testid=sidebar]').isVisible()).toBe(true);
  });
});

describe('schema browser', () => {
  it('long table names end with an ellipsis: the carets line up and every row count stays in view', async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    // the sidebar test above widened it: back to about its first width
    await page.focus('[data-testid=sidebar-resize]');
    for (let i = 0; i < 12; i++) await page.keyboard.press('ArrowLeft');
    const rows = await page.locator('[data-testid=schema] button.table').evaluateAll((bs) =>
      bs.map((b) => ({
        caret: b.querySelector('.caret')!.getBoundingClientRect().left,
        count: b.querySelector('.count')?.getBoundingClientRect().right ?? 0,
        edge: b.getBoundingClientRect().right,
        cut: (b.querySelector('.tname') as HTMLElement).scrollWidth > (b.querySelector('.tname') as HTMLElement).clientWidth,
      })),
    );
    expect(rows.length).toBeGreaterThan(40);
    expect(new Set(rows.map((r) => Math.round(r.caret))).size).toBe(1);
    expect(rows.filter((r) => r.count > r.edge + 0.5)).toEqual([]);
    expect(rows.some((r) => r.cut)).toBe(true);
    await page.focus('[data-testid=sidebar-resize]');
    for (let i = 0; i < 12; i++) await page.keyboard.press('ArrowRight');
    await page.setViewportSize({ width: 1400, height: 900 });
  });

  it('descriptions show code as code, no raw markdown; a column click inserts its name at the cursor', async () => {
    await page.locator('[data-testid=schema] button.table', { hasText: /^\s*▸?\s*DeviceProcessEvents/ }).first().click();
    const desc = page.locator('[data-testid=table-desc]').first();
    expect(await desc.innerText()).not.toMatch(/[`*]{1}[A-Za-z]/);
    expect(await desc.locator('code').count()).toBeGreaterThan(0);
    await setQuery(page, 'DeviceProcessEvents\n| project , Timestamp');
    // caret after "project "
    await page.evaluate(() => {
      const ed = (globalThis as any).__hbEditor;
      ed.setPosition({ lineNumber: 2, column: 11 });
    });
    await page.locator('[data-testid=schema] button.cname', { hasText: /^FileName$/ }).first().click();
    expect(await editorText(page)).toBe('DeviceProcessEvents\n| project FileName, Timestamp');
    await page.locator('[data-testid=schema] button.table', { hasText: /DeviceProcessEvents/ }).first().click();
  });
});

describe('Explain', () => {
  it('shows the SQL formatted: one CTE per line, clauses on their own lines, indented', async () => {
    await setQuery(page, 'DeviceProcessEvents\n| where FileName =~ "powershell.exe"\n| summarize n = count() by DeviceName\n| order by n desc');
    await runAndWait(page);
    await page.click('[data-testid=explain-toggle]');
    const sql = await page.locator('[data-testid=sql]').innerText();
    const lines = sql.split('\n');
    expect(lines[0]).toBe('WITH');
    expect(lines.filter((l) => /^ {2}q\d+ AS \($/.test(l)).length).toBeGreaterThanOrEqual(3);
    for (const clause of ['FROM', 'WHERE', 'GROUP BY']) expect(lines.some((l) => new RegExp(`^ {4}${clause}\\b`).test(l))).toBe(true);
    expect(lines.some((l) => /^ORDER BY /.test(l))).toBe(true);
    // the copy button copies the formatted text (the same tokens as the generated SQL: test/ui/sql-format.test.ts)
    expect(sql).not.toContain(') , ');
    await page.click('[data-testid=table-toggle]');
  });
});

describe('dark mode', () => {
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

  it('follows the system preference until a theme is chosen; the choice persists', async () => {
    await page.evaluate(() => localStorage.removeItem('huntbench.prefs.v1'));
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.reload();
    await page.waitForSelector('[data-testid=startup][data-ready=true]', { timeout: 60_000 });
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await bg()).toBe('rgb(20, 24, 30)');
    expect(await page.locator('.monaco-editor').first().evaluate((e) => e.classList.contains('vs-dark'))).toBe(true);
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    expect(await bg()).toBe('rgb(255, 255, 255)');
    await page.click('[data-testid=settings] summary');
    await page.locator('[data-testid=theme] label', { hasText: 'Dark' }).click();
    await page.click('[data-testid=settings] summary');
    expect(await bg()).toBe('rgb(20, 24, 30)');
    await page.reload();
    await page.waitForSelector('[data-testid=startup][data-ready=true]', { timeout: 60_000 });
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  });

  it('dark: the workbench with a result and an investigation page have no serious axe violations', async () => {
    await page.waitForFunction(() => (globalThis as any).__hb?.catalog != null, null, { timeout: 60_000 });
    await setQuery(page, 'DeviceProcessEvents\n| project Timestamp, DeviceName, FileName, SHA1\n| take 20');
    await runAndWait(page);
    expect(await seriousViolations(page)).toEqual([]);
    await page.click('[data-testid=settings] summary');
    expect(await seriousViolations(page)).toEqual([]);
    await page.click('[data-testid=settings] summary');
    await openRoute(page, '#/signin/42ba17c5-2359-5c96-a563-e86b9c260913');
    expect(await seriousViolations(page)).toEqual([]);
    await openRoute(page, '#/device/win10-lab01');
    expect(await seriousViolations(page)).toEqual([]);
    await page.click('[data-testid=back-to-editor]');
  });
});

describe('keyboard shortcuts', () => {
  it('? outside the editor opens the list; Esc closes it; the menu opens it too', async () => {
    await page.locator('.app > header .brand').click();
    await page.keyboard.press('?');
    const dlg = page.locator('[data-testid=shortcuts]');
    await dlg.waitFor({ state: 'visible' });
    const text = await dlg.innerText();
    expect(text).toContain('Run the query block under the cursor');
    expect(await dlg.locator('tr').count()).toBeGreaterThanOrEqual(8);
    expect(await seriousViolations(page)).toEqual([]);
    // a keyboard-only user learns how to leave the editor, where Tab otherwise indents
    expect(text).toMatch(/Ctrl\+M\s*Switch Tab between indenting and moving focus out of the editor/);
    await page.keyboard.press('Escape');
    await dlg.waitFor({ state: 'hidden' });
    await setQuery(page, 'print 1');
    const focused = () => page.evaluate(() => {
      const a = document.activeElement;
      return a?.closest('.monaco-editor') ? 'the editor' : `${a?.tagName} ${a?.getAttribute('data-testid') ?? ''}`;
    });
    await page.keyboard.press('Tab');
    // the editor's model catches up with a key press asynchronously: poll rather than read once
    await expect.poll(focused).toBe('the editor');
    await expect.poll(() => editorText(page)).toMatch(/^print 1\s+$/);
    await page.keyboard.press('Control+m');
    await page.keyboard.press('Tab');
    await expect.poll(focused).not.toBe('the editor');
    await page.locator('[data-testid=editor] .monaco-editor textarea').focus();
    await page.keyboard.press('Control+m');
    // in the editor, ? is just text
    await setQuery(page, '');
    await page.locator('[data-testid=editor] .monaco-editor textarea').focus();
    await page.keyboard.type('?');
    expect(await dlg.isVisible()).toBe(false);
    await page.click('[data-testid=settings] summary');
    await page.click('[data-testid=shortcuts-button]');
    await dlg.waitFor({ state: 'visible' });
    await page.locator('[data-testid=shortcuts] button', { hasText: 'Close' }).click();
    await dlg.waitFor({ state: 'hidden' });
  });
});
