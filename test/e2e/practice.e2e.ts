/**
 * The Practice view in headless Chromium on the built site: open the lab scenario, answer one
 * question right and one wrong, take a hint, reload — the progress is still there — then give up on
 * a question (the reference query appears) and reset.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Site, startSite, waitReady } from './harness.ts';

let site: Site;
let page: Page;

beforeAll(async () => {
  site = await startSite();
  ({ page } = await site.newPage());
  await page.goto(`${site.url}#/practice`);
  await waitReady(page);
});

afterAll(async () => {
  await site?.close();
});

async function openQuestion(id: string): Promise<void> {
  await page.locator(`[data-testid=q-${id}]`).click();
  await page.waitForSelector(`[data-testid=question][data-id="${id}"]`);
}

async function answer(id: string, text: string): Promise<string> {
  await openQuestion(id);
  await page.locator('[data-testid=answer]').fill(text);
  await page.locator('[data-testid=check]').click();
  await page.waitForSelector('[data-testid=feedback]');
  return (await page.locator('[data-testid=feedback]').textContent()) ?? '';
}

describe('practice', () => {
  it('lists the scenarios and opens the lab on its dataset', async () => {
    await page.locator('[data-testid=practice-scenario-lab]').click();
    await page.waitForSelector('[data-testid=question]');
    expect(await page.locator('[data-testid=practice]').textContent()).toContain('Briefing');
    expect(await page.locator('[data-testid=practice] nav button').count()).toBe(22);
    expect(await page.evaluate(() => (globalThis as any).__hb.dataset)).toBe('lab');
  });

  it('grades by value: one right, one wrong, a hint costs points', async () => {
    expect(await answer('4', '  PowerShell.EXE ')).toContain('Correct');
    expect(await page.locator('[data-testid=question]').getAttribute('data-state')).toBe('solved');
    expect(await page.locator('[data-testid=reference]').textContent()).toContain('DeviceProcessEvents');
    expect(await answer('12', '5')).toContain('Not this one');
    expect(await page.locator('[data-testid=question]').getAttribute('data-state')).toBe('open');
    await openQuestion('3');
    await page.locator('[data-testid=hint]').click();
    expect(await page.locator('[data-testid=hints] li').count()).toBe(1);
    expect(await page.locator('[data-testid=score]').textContent()).toContain('Score 10/220');
  });

  it('keeps the progress across a reload', async () => {
    await page.reload();
    await waitReady(page);
    await page.waitForSelector('[data-testid=question]');
    expect(await page.locator('[data-testid=score]').textContent()).toContain('Score 10/220');
    await openQuestion('4');
    expect(await page.locator('[data-testid=question]').getAttribute('data-state')).toBe('solved');
    await openQuestion('12');
    expect(await page.locator('[data-testid=answer]').inputValue()).toBe('5');
    await openQuestion('3');
    expect(await page.locator('[data-testid=hints] li').count()).toBe(1);
    // the hint is charged once the question is solved: 10 - 2
    expect(await answer('3', 'CreateRemoteThreadApiCall, NtAllocateVirtualMemoryRemoteApiCall')).toContain('8 points');
  });

  it('giving up shows the reference query and a worked answer; next question and reset work', async () => {
    await openQuestion('5');
    await page.locator('[data-testid=give-up]').click();
    expect(await page.locator('[data-testid=reference]').textContent()).toContain('union DeviceFileEvents');
    expect(await page.locator('[data-testid=worked-answer]').getAttribute('href')).toMatch(/^#\/file\//);
    await page.locator('[data-testid=next]').click();
    await page.waitForSelector('[data-testid=question][data-id="6"]');
    page.once('dialog', (d) => void d.accept());
    await page.locator('[data-testid=reset]').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=score]')?.textContent?.includes('Score 0/220'));
    expect(await page.evaluate(() => localStorage.getItem('huntbench.practice.lab'))).toBeNull();
  });

  it('selecting another scenario switches the workbench to its dataset', async () => {
    await page.evaluate(() => {
      location.hash = '#/practice';
    });
    await page.locator('[data-testid=practice-scenario-ransomware]').click();
    await page.waitForSelector('[data-testid=question][data-id="1"]');
    await page.waitForFunction(() => (globalThis as any).__hb.dataset === 'ransomware', null, { timeout: 60_000 });
    expect(await answer('7', 'psexesvc.EXE')).toContain('Correct');
    expect(site.external).toEqual([]);
    expect(site.errors).toEqual([]);
  });

  it('the Golden SAML scenario is playable: opens on its first question and its dataset, grades answers', async () => {
    await page.evaluate(() => {
      location.hash = '#/practice';
    });
    await page.locator('[data-testid=practice-scenario-golden-saml]').click();
    await page.waitForSelector('[data-testid=question][data-id="1"]');
    await page.waitForFunction(() => (globalThis as any).__hb.dataset === 'golden-saml', null, { timeout: 60_000 });
    expect(await answer('6', 'ThumbnailPhoto')).toContain('Correct');
    expect(await answer('11', '192.0.2.15')).toContain('Not this one');
    expect(site.external).toEqual([]);
    expect(site.errors).toEqual([]);
  });
});
