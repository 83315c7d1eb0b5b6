/**
 * A Microsoft Sentinel hunting query pasted as published, with `{{StartTimeISO}}` /
 * `{{EndTimeISO}}`: it runs over the header's time range (off: the 30 days before the dataset's
 * now), the status line says which, and the editor keeps the placeholders. An unknown `{{Name}}`
 * is HB143 at its line and column.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editorText, openWorkbench, runAndWait, type Site, setQuery } from './harness.ts';

let site: Site;
let page: Page;

beforeAll(async () => {
  ({ site, page } = await openWorkbench());
});

afterAll(async () => {
  await site?.close();
});

const HUNT = `let starttime = todatetime('{{StartTimeISO}}');
let endtime = todatetime('{{EndTimeISO}}');
SecurityEvent
| where TimeGenerated between (starttime .. endtime)
| where EventID == 4688
| summarize First = min(TimeGenerated), Last = max(TimeGenerated), n = count()`;

const result = () => page.evaluate(() => (globalThis as any).__hb.activeRun.result.rows[0] as [string, string, number]);

describe("Sentinel's hunting placeholders", () => {
  it('run over the 30 days before now with the time range off, and over the header range when set', async () => {
    const now = await page.evaluate(() => (globalThis as any).__hb.catalog.now as string);
    await setQuery(page, HUNT);
    await runAndWait(page);
    const note = page.locator('[data-testid=hunt-note]');
    expect(await note.innerText()).toContain('the 30 days before now');
    expect(await note.getAttribute('title')).toContain("time range off: the 30 days before the dataset's now");
    const all = await result();
    expect(all[2]).toBeGreaterThan(0);
    expect(Date.parse(all[1])).toBeLessThanOrEqual(Date.parse(now));

    await page.selectOption('[data-testid=time-range] select', '24h');
    await runAndWait(page);
    expect(await note.innerText()).toContain('the time range');
    expect(await note.getAttribute('title')).toMatch(/= \S+ … \S+ \(the time range in the header\)/);
    const day = await result();
    expect(Date.parse(day[0])).toBeGreaterThanOrEqual(Date.parse(now) - 86_400_000);
    expect(day[2]).toBeGreaterThan(0);
    expect(day[2]).toBeLessThan(all[2]);
    // the query as written stays in the editor
    expect(await editorText(page)).toBe(HUNT);
    await page.selectOption('[data-testid=time-range] select', 'off');
  });

  it('an unknown placeholder is HB143 at its position', async () => {
    await setQuery(page, "let starttime = todatetime('{{StartTimeISO}}');\nprint x = '{{TimeRange}}'");
    await runAndWait(page);
    const err = await page.locator('[data-testid=error]').innerText();
    expect(err).toMatch(/HB143\s+at\s+2:12/);
  });
});
