/**
 * Tests that look at the page: every investigation route and the workbench at 1280×720,
 * 1440×900 and 1920×1080, screenshotted (into $HB_SHOTS_DIR, default the OS temp dir) and checked by geometry —
 * no table cell narrower than its header text, no horizontal overflow of the page, no empty
 * required cells — plus the hunter's "broken today" list: grid sorting by value, fixed-precision
 * times, the Enter key after a typed table name, outcome colours of the sign-in chain, the phone's
 * device page.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editorText, openRoute as openPage, openWorkbench, runAndWait, type Site, seriousViolations, setQuery } from './harness.ts';

let site: Site;
let page: Page;
const shots = process.env.HB_SHOTS_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'hb-shots-'));

const ROUTES: Record<string, string> = {
  file: '#/file/a9d945868f3e41c17cd2c4a5b435002d8983962f',
  process: '#/process/99b14e30b7738db0b26d8bafab381c551fe3a4d3/6120/2024-05-14T09:42:03.117Z',
  alert: '#/alert/da638512766602210975_-402117653',
  device: '#/device/win10-lab01',
  phone: `#/device/${encodeURIComponent("Alex's iPhone")}`,
  signin: '#/signin/42ba17c5-2359-5c96-a563-e86b9c260913',
  'signin-ok': '#/signin/a0ca9a99-235b-5216-a7c2-212ac438c554',
  identity: '#/identity/alex.rivera%40contoso.example',
  graph: '#/graph/da638512766602210975_-402117653',
};

beforeAll(async () => {
  ({ site, page } = await openWorkbench());
});

afterAll(async () => {
  await site?.close();
});

async function openRoute(hash: string): Promise<void> {
  await openPage(page, hash);
  await page.waitForTimeout(100);
}

async function backToEditor(): Promise<void> {
  if (await page.locator('[data-testid=back-to-editor]').count()) await page.click('[data-testid=back-to-editor]');
}

/** Geometry problems of the page as text (empty when none). */
async function layoutProblems(): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > window.innerWidth + 1) out.push(`page overflows horizontally: ${doc.scrollWidth} > ${window.innerWidth}`);
    const textWidth = (el: Element) => {
      const r = document.createRange();
      r.selectNodeContents(el);
      return r.getBoundingClientRect().width;
    };
    // one column where two would squeeze: a card beside another is at least 500 px wide
    const cards = [...document.querySelectorAll('[data-testid=investigation] section.card')].map((el) => ({ el, r: el.getBoundingClientRect() }));
    for (const a of cards) {
      const beside = cards.some((b) => b !== a && b.r.left !== a.r.left && b.r.top < a.r.bottom && a.r.top < b.r.bottom);
      if (beside && a.r.width < 500) out.push(`card "${a.el.getAttribute('data-title')}" is ${Math.round(a.r.width)} px wide beside another`);
    }
    for (const svg of document.querySelectorAll('[data-testid=graph]')) {
      const card = svg.closest('[data-testid=card-graph]') as HTMLElement;
      const right = svg.getBoundingClientRect().right;
      if (right > card.getBoundingClientRect().right) out.push(`the graph is cut: ${Math.round(right)} > its card's ${Math.round(card.getBoundingClientRect().right)}`);
    }
    for (const table of document.querySelectorAll('[data-testid=investigation] table')) {
      const heads = [...table.querySelectorAll('thead th')];
      const need = heads.map((th) => textWidth(th));
      for (const [i, th] of heads.entries()) {
        if ((th as HTMLElement).clientWidth + 1 < need[i]) out.push(`header "${th.textContent}" is cut: ${(th as HTMLElement).clientWidth} < ${need[i]}`);
      }
      for (const tr of [...table.querySelectorAll('tbody tr')].slice(0, 50)) {
        for (const [i, td] of [...tr.children].entries()) {
          const w = (td as HTMLElement).getBoundingClientRect().width;
          if (need[i] !== undefined && w + 1 < need[i]) out.push(`a "${heads[i].textContent}" cell is ${Math.round(w)} px, narrower than its header (${Math.round(need[i])} px)`);
          // one line per cell: a value wrapped letter by letter makes a tall, narrow cell
          const h = (td as HTMLElement).getBoundingClientRect().height;
          if (h > 60) out.push(`a "${heads[i]?.textContent}" cell is ${Math.round(h)} px tall`);
        }
      }
    }
    return [...new Set(out)].slice(0, 20);
  });
}

describe.each([
  [1280, 720],
  [1440, 900],
  [1920, 1080],
])('every route at %i×%i', (width, height) => {
  beforeAll(async () => {
    await page.setViewportSize({ width, height });
  });

  it.each(Object.entries(ROUTES))('%s: fits, cells as wide as their headers, screenshot', async (name, hash) => {
    await openRoute(hash);
    expect(await page.locator('[data-testid=view-title]').count()).toBe(1);
    await page.screenshot({ path: path.join(shots, `${name}-${width}x${height}.png`) });
    expect(await layoutProblems()).toEqual([]);
  });

  it('the workbench with a result fits', async () => {
    await backToEditor();
    await setQuery(page, 'DeviceProcessEvents\n| project Timestamp, DeviceName, FileName, ProcessCommandLine, SHA1\n| take 50');
    await runAndWait(page);
    await page.screenshot({ path: path.join(shots, `workbench-${width}x${height}.png`) });
    expect(await layoutProblems()).toEqual([]);
  });
});

describe('what was broken', () => {
  it('device timeline: no empty Table or What cells; DeviceEvents named; PowerShell commands shown', async () => {
    await openRoute(ROUTES.device);
    const cells = await page.locator('[data-testid=tl-row]').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => (td.textContent ?? '').trim())));
    expect(cells.length).toBeGreaterThan(20);
    expect(cells.filter((c) => !c[1] || !c[3])).toEqual([]);
    const ps = cells.filter((c) => c[2] === 'PowerShellCommand');
    expect(ps.length).toBeGreaterThan(0);
    expect(ps.map((c) => c[1])).toContain('DeviceEvents');
    expect(ps.map((c) => c[3])).toContain('Set-ItemProperty');
    // the details panel lists every field, AdditionalFields expanded: the event's full row, read
    // when it is opened (the timeline reads only the columns it shows)
    await page.locator('[data-testid=tl-row]', { hasText: 'Set-ItemProperty' }).first().click();
    await page.waitForSelector('[data-testid=event-details] dl[data-loaded=true]');
    const details = await page.locator('[data-testid=event-details]').innerText();
    expect(details).toContain('AdditionalFields.Command');
    for (const column of ['InitiatingProcessCommandLine', 'InitiatingProcessAccountName', 'InitiatingProcessParentFileName', 'ReportId', 'DeviceName']) expect(details).toContain(column);
    expect(details).not.toContain('only the timeline columns are shown');
    // values get the panel's width: a time and a SHA1 on one line each, not a few letters a line
    for (const field of ['Timestamp', 'InitiatingProcessSHA1', 'DeviceId']) {
      const dd = page.locator('[data-testid=event-details] dt', { hasText: new RegExp(`^${field}$`) }).locator('xpath=following-sibling::dd[1]');
      const h = await dd.evaluate((el) => {
        const cs = getComputedStyle(el);
        const lh = Number.parseFloat(cs.lineHeight);
        return el.getBoundingClientRect().height / (Number.isNaN(lh) ? Number.parseFloat(cs.fontSize) * 1.3 : lh);
      });
      expect(h, field).toBeLessThan(1.5);
    }
    expect(await page.locator('[data-testid=timebars-mark]').count()).toBe(1);
  });

  it('investigation pages show times with one fixed number of decimals per column (timeline, tables, process tree)', async () => {
    const decimals = (ts: string[]) => new Set(ts.map((t) => /(?:\.(\d+))?Z$/.exec(t.trim())?.[1]?.length ?? 0));
    await openRoute(ROUTES.device);
    const tl = await page.locator('[data-testid=tl-row] td:first-child').allInnerTexts();
    expect(tl.length).toBeGreaterThan(20);
    expect([...decimals(tl)]).toEqual([6]);
    await openRoute(ROUTES.identity);
    for (const [card, column] of [
      ['card-devices', 'First'],
      ['card-alerts', 'Timestamp'],
      ['card-signins', 'Timestamp'],
    ]) {
      const heads = await page.locator(`[data-testid=${card}] thead th`).allInnerTexts();
      const at = heads.map((h) => h.trim()).indexOf(column) + 1;
      expect(at, `${card} has a ${column} column`).toBeGreaterThan(0);
      const times = await page.locator(`[data-testid=${card}] tbody tr td:nth-child(${at})`).allInnerTexts();
      expect(times.length).toBeGreaterThan(0);
      expect(decimals(times).size).toBe(1);
      expect(decimals(times).has(0)).toBe(false);
    }
    await openRoute(ROUTES.process);
    const act = await page.locator('[data-testid=card-tree] .activity .t').allInnerTexts();
    expect(act.length).toBeGreaterThan(10);
    expect(decimals(act).size).toBe(1);
    expect(decimals(act).has(0)).toBe(false);
  });

  it("the phone's device link opens a device page, not Not found", async () => {
    await openRoute(ROUTES.identity);
    await page.locator('[data-testid=card-signins] a', { hasText: "Alex's iPhone" }).first().click();
    await page.waitForFunction(() => location.hash.startsWith('#/device/'));
    await page.waitForSelector('[data-testid=investigation][data-loading=false]');
    expect(await page.locator('[data-testid=not-found]').count()).toBe(0);
    expect(await page.locator('[data-testid=card-mobile]').innerText()).toContain('Quarantined');
  });

  it('sign-in chain: a verdict first; success green with a check, a block red with a cross; no emoji', async () => {
    await openRoute(ROUTES['signin-ok']);
    expect(await page.locator('[data-testid=verdict]').getAttribute('data-tone')).toBe('good');
    expect(await page.locator('[data-testid=verdict]').innerText()).toMatch(/^Allowed/);
    const last = page.locator('[data-testid=chain] li[data-kind=error]');
    expect(await last.getAttribute('data-tone')).toBe('good');
    expect(await last.evaluate((el) => getComputedStyle(el).borderLeftColor)).toBe('rgb(24, 128, 56)');
    await openRoute(ROUTES.signin);
    expect(await page.locator('[data-testid=verdict]').innerText()).toMatch(/^Blocked: .* because win10-lab01 was not compliant/);
    expect(await page.locator('[data-testid=chain] li[data-kind=error]').getAttribute('data-tone')).toBe('bad');
    const chain = await page.locator('[data-testid=chain]').innerText();
    expect(chain).not.toMatch(/\p{Extended_Pictographic}/u);
    expect(await page.locator('[data-testid=chain] li svg').count()).toBeGreaterThan(5);
  });

  it('the grid sorts datetimes and timespans by value and shows times with fixed decimals', async () => {
    await backToEditor();
    await setQuery(
      page,
      'datatable(T:datetime, D:timespan)[datetime(2024-01-01 00:00:01.25), 1d, datetime(2024-01-01 00:00:01.5), 10h, datetime(2024-01-01 00:00:01), 90s]',
    );
    await runAndWait(page);
    const column = (c: number) =>
      page.locator('[data-testid=grid] .row').evaluateAll((rows, i) => rows.map((r) => (r.querySelectorAll('[role=gridcell]')[i]?.textContent ?? '').trim()), c);
    await page.locator('[data-testid=grid] [role=columnheader] button', { hasText: /^\s*T\s*datetime/ }).first().click();
    await expect.poll(() => column(0)).toEqual(['2024-01-01T00:00:01.000Z', '2024-01-01T00:00:01.250Z', '2024-01-01T00:00:01.500Z']);
    await page.locator('[data-testid=grid] [role=columnheader] button', { hasText: /^\s*D\s*timespan/ }).first().click();
    await expect.poll(() => column(1)).toEqual(['00:01:30', '10:00:00', '1.00:00:00']);
  });

  it('a fully typed table name + Enter is a newline, not a completion with "| "', async () => {
    await setQuery(page, '');
    await page.locator('[data-testid=editor] .monaco-editor textarea').focus();
    await page.keyboard.type('DeviceProcessEvents', { delay: 25 });
    await page.locator('.suggest-widget .monaco-list-row', { hasText: 'DeviceProcessEvents' }).first().waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
    expect(await editorText(page)).toBe('DeviceProcessEvents\n');
  });
});

describe('grid: facets, include / exclude, column chooser, pivot links', () => {
  const Q = 'DeviceProcessEvents\n| project DeviceName, FileName, SHA1\n| take 300';
  const matching = async () => {
    const t = await page.locator('.filtered').innerText().catch(() => '');
    return Number(t.split(' of ')[0].replace(/[^0-9]/g, ''));
  };

  it('facets list top values with counts; a click keeps or drops a value', async () => {
    await backToEditor();
    await setQuery(page, Q);
    await runAndWait(page);
    await page.click('[data-testid=facets-button]');
    const section = page.locator('[data-testid=facets] section[data-col=FileName]');
    const first = section.locator('.fv').first();
    const count = Number((await first.locator('.fc').innerText()).replace(/[^0-9]/g, ''));
    expect(count).toBeGreaterThan(1);
    await first.locator('.inc').click();
    expect(await page.locator('[data-testid=value-filter]').count()).toBe(1);
    await expect.poll(matching).toBe(count);
    await page.locator('[data-testid=value-filter] button').click();
    await page.locator('[data-testid=facets] section[data-col=FileName] .fv').first().locator('.exc').click();
    await expect.poll(matching).toBe(300 - count);
    await page.locator('[data-testid=value-filter] button').click();
    await page.click('[data-testid=facets-button]');
  });

  it('facet values show times as the grid does (same fixed decimals)', async () => {
    await setQuery(page, 'datatable(T:datetime)[datetime(2024-01-01 00:00:01.25), datetime(2024-01-01 00:00:01.250001), datetime(2024-01-01 00:00:02)]');
    await runAndWait(page);
    await page.click('[data-testid=facets-button]');
    await page.locator('[data-testid=facets] section[data-col=T] .ft').first().waitFor();
    const facet = await page.locator('[data-testid=facets] section[data-col=T] .ft').allInnerTexts();
    const grid = await page.locator('[data-testid=grid] .row [role=gridcell]').allInnerTexts();
    expect(facet.sort()).toEqual(grid.map((t) => t.trim()).sort());
    expect(facet).toContain('2024-01-01T00:00:02.000000Z');
    await page.click('[data-testid=facets-button]');
    await setQuery(page, Q);
    await runAndWait(page);
  });

  it('the column chooser hides a column; pivot cells are links', async () => {
    const heads = () => page.locator('[data-testid=grid] [role=columnheader]').count();
    expect(await heads()).toBe(3);
    await page.click('[data-testid=columns-button]');
    await page.locator('[data-testid=column-chooser] label', { hasText: 'SHA1' }).locator('input').uncheck();
    expect(await heads()).toBe(2);
    await page.locator('[data-testid=column-chooser] button', { hasText: 'Show all' }).click();
    expect(await heads()).toBe(3);
    const link = page.locator('[data-testid=grid] a.pivot').first();
    expect(await link.getAttribute('href')).toMatch(/^#\/(device|file)\//);
  });

  it('exclude from a cell appends a != filter to the query and re-runs it', async () => {
    const cell = page.locator('[data-testid=grid] .row').first().locator('[role=gridcell]').nth(1);
    const value = (await cell.innerText()).trim();
    await cell.click({ button: 'right' });
    await page.click('[data-testid=menu-exclude]');
    await page.waitForFunction(() => !['compiling', 'running'].includes((globalThis as any).__hb.activeRun?.status));
    expect(await editorText(page)).toContain(`| where FileName != "${value}"`);
    await page.waitForFunction(() => (globalThis as any).__hb.activeRun?.status === 'done');
  });

  it('facets of a 50,000-row result: counted on the Arrow result, "counting…" meanwhile, exact counts', async () => {
    await setQuery(page, 'range i from 1 to 50000 step 1\n| extend Host = strcat("host-", i % 4), Port = iff(i % 10 == 0, long(null), i % 3)');
    await runAndWait(page);
    expect(await page.evaluate(() => (globalThis as any).__hb.activeRun.result.rows.length)).toBe(50_000);
    // the note may be on screen for a few frames only: a MutationObserver sees it come and go
    await page.evaluate(() => {
      const g = globalThis as any;
      g.__sawCounting = false;
      g.__countingObserver?.disconnect();
      g.__countingObserver = new MutationObserver(() => {
        if (document.querySelector('[data-testid=facets-counting]')) g.__sawCounting = true;
      });
      g.__countingObserver.observe(document.body, { childList: true, subtree: true });
    });
    await page.click('[data-testid=facets-button]');
    const host = page.locator('[data-testid=facets] section[data-col=Host] .fv');
    await host.first().waitFor();
    await page.locator('[data-testid=facets-counting]').waitFor({ state: 'detached' });
    expect(await page.evaluate(() => (globalThis as any).__sawCounting)).toBe(true);
    expect(await page.locator('[data-testid=grid]').getAttribute('data-source')).toBe('arrow');
    const num = (t: string) => Number(t.replace(/[^0-9]/g, ''));
    expect((await host.locator('.fc').allInnerTexts()).map(num)).toEqual([12_500, 12_500, 12_500, 12_500]);
    expect(await host.locator('.ft').allInnerTexts()).toEqual(['host-0', 'host-1', 'host-2', 'host-3']);
    // Port: every 10th row null, the rest i % 3 (counted here the same way)
    const want = new Map<string, number>();
    for (let i = 1; i <= 50_000; i++) {
      const k = i % 10 === 0 ? 'null' : String(i % 3);
      want.set(k, (want.get(k) ?? 0) + 1);
    }
    const port = page.locator('[data-testid=facets] section[data-col=Port] .fv');
    const got = new Map((await port.locator('.ft').allInnerTexts()).map((t, i) => [t, i] as const));
    const counts = (await port.locator('.fc').allInnerTexts()).map(num);
    expect(Object.fromEntries([...got].map(([t, i]) => [t, counts[i]]))).toEqual(Object.fromEntries(want));
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  it('include from a cell appends == to the query; the facets then count the re-run result', async () => {
    const cell = page.locator('[data-testid=grid] .row').first().locator('[role=gridcell]').nth(1);
    const value = (await cell.innerText()).trim();
    expect(value).toMatch(/^host-[0-3]$/);
    await cell.click({ button: 'right' });
    await page.click('[data-testid=menu-include]');
    await page.waitForFunction((v) => {
      const run = (globalThis as any).__hb.activeRun;
      return run?.status === 'done' && run.kql.includes(`| where Host == "${v}"`);
    }, value);
    expect(await editorText(page)).toContain(`| where Host == "${value}"`);
    // a new result opens with the facets pane closed
    if (!(await page.locator('[data-testid=facets]').count())) await page.click('[data-testid=facets-button]');
    const host = page.locator('[data-testid=facets] section[data-col=Host] .fv');
    await expect.poll(() => host.locator('.ft').allInnerTexts()).toEqual([value]);
    expect(Number((await host.locator('.fc').innerText()).replace(/[^0-9]/g, ''))).toBe(12_500);
    await page.click('[data-testid=facets-button]');
  });
});


describe('time range and history', () => {
  it('last 24h adds a visible where on Timestamp, shown in Explain; off when the query filters time itself', async () => {
    await backToEditor();
    await page.selectOption('[data-testid=time-range] select', '24h');
    expect(await page.locator('[data-testid=time-window]').innerText()).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d → .* UTC$/);
    const now = await page.evaluate(() => (globalThis as any).__hb.catalog.now as string);
    await setQuery(page, 'DeviceProcessEvents\n| summarize First = min(Timestamp), Last = max(Timestamp), n = count()');
    await runAndWait(page);
    expect(await page.locator('[data-testid=time-filter]').innerText()).toContain('where Timestamp between (datetime(');
    const row = await page.evaluate(() => (globalThis as any).__hb.activeRun.result.rows[0]);
    expect(Date.parse(row[0])).toBeGreaterThanOrEqual(Date.parse(now) - 86_400_000);
    expect(Date.parse(row[1])).toBeLessThanOrEqual(Date.parse(now));
    await page.click('[data-testid=explain-toggle]');
    expect(await page.locator('[data-testid=explain-time-filter]').innerText()).toContain('where Timestamp between');
    expect(await page.locator('[data-testid=sql]').innerText()).toContain(now.replace('T', ' ').replace('Z', ''));
    await page.click('[data-testid=table-toggle]');
    await setQuery(page, 'DeviceProcessEvents\n| where Timestamp > ago(400d)\n| count');
    await runAndWait(page);
    expect(await page.locator('[data-testid=time-note]').innerText()).toContain('sets its own time filter');
    await page.selectOption('[data-testid=time-range] select', 'off');
  });

  it('history is searchable and shows UTC times', async () => {
    await page.click('[data-testid=history-tab]');
    await page.fill('[data-testid=history-search]', 'ago(400d)');
    const items = await page.locator('[data-testid=history] li').allInnerTexts();
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((t) => t.includes('ago(400d)'))).toBe(true);
    expect(items[0]).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
  });
});

describe('accessibility (axe-core in Chromium)', () => {
  const seriousViolationsNow = () => seriousViolations(page);

  it('the workbench with a result has no serious violations', async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await backToEditor();
    await setQuery(page, 'DeviceProcessEvents\n| project Timestamp, DeviceName, FileName, SHA1\n| take 20');
    await runAndWait(page);
    expect(await seriousViolationsNow()).toEqual([]);
  });

  it.each(Object.entries(ROUTES))('%s view has no serious violations', async (_name, hash) => {
    await openRoute(hash);
    expect(await seriousViolationsNow()).toEqual([]);
  });
});

describe('accessibility in dark mode (the system preference)', () => {
  beforeAll(async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
  });
  afterAll(async () => {
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it.each(Object.entries(ROUTES))('%s view has no serious violations', async (_name, hash) => {
    await openRoute(hash);
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await seriousViolations(page)).toEqual([]);
  });
});
