/**
 * Investigation views in headless Chromium on the built site and the lab dataset: each route shows
 * the scenario's key facts, "open as query" opens the card's KQL in a new tab, bad routes explain
 * themselves, grid cells link to the views.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAsQuery as openCardQuery, openRoute as openPage, openWorkbench, rowCount, runAndWait, type Site, setQuery } from './harness.ts';

let site: Site;
let page: Page;

const A = '99b14e30b7738db0b26d8bafab381c551fe3a4d3';

beforeAll(async () => {
  ({ site, page } = await openWorkbench());
});

afterAll(async () => {
  await site?.close();
});

async function openRoute(hash: string): Promise<string> {
  await openPage(page, hash);
  return page.locator('[data-testid=investigation]').innerText();
}

const openAsQuery = (card: string) => openCardQuery(page, card);

describe('investigation views', () => {
  it('file page: the .docm is seen on two devices; open as query opens a tab', async () => {
    const text = await openRoute('#/file/a9d945868f3e41c17cd2c4a5b435002d8983962f');
    expect(text).toContain('WinATP-Intro-Invoice.docm');
    const prevalence = await page.locator('[data-testid=card-prevalence]').innerText();
    expect(prevalence).toContain('win10-lab01');
    expect(prevalence).toContain('win10-lab07');
    expect(text).toContain('bb6a5617348b05c2ca317cc079de7a93c8a49bc9f55df2ab21f925db39c3d3ab');
    await openAsQuery('card-prevalence');
    expect(await rowCount(page)).toBe(2);
  });

  it('process route: WINWORD.EXE → wscript.exe → powershell.exe → RuntimeBroker.exe, Run key under powershell', async () => {
    await openRoute(`#/process/${A}/6120/2024-05-14T09:42:03.117Z`);
    const names = await page.locator('[data-testid=proc-node]').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-depth')}:${e.getAttribute('data-name')}`));
    expect(names).toEqual(['0:userinit.exe', '1:explorer.exe', '2:WINWORD.EXE', '3:wscript.exe', '4:powershell.exe', '5:RuntimeBroker.exe']);
    const ps = await page.locator('[data-testid=proc-node][data-name="powershell.exe"]').first().innerText();
    expect(ps).toContain('WinATPIntroUpdate');
    expect(ps).toContain('203.0.113.45:443');
    await openAsQuery('card-tree');
    expect(await rowCount(page)).toBeGreaterThan(10);
  });

  it('alert story: A3 with its process tree, evidence and status', async () => {
    const text = await openRoute('#/alert/da638512766602210975_-402117653');
    expect(text).toContain('Suspicious process injection observed');
    expect(text).toContain('Resolved');
    const names = await page.locator('[data-testid=proc-node]').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')));
    expect(names).toEqual(['userinit.exe', 'explorer.exe', 'WINWORD.EXE', 'wscript.exe', 'powershell.exe', 'RuntimeBroker.exe']);
    expect(await page.locator('[data-testid=proc-node][data-name="RuntimeBroker.exe"]').innerText()).toContain('CreateRemoteThreadApiCall');
    await openAsQuery('card-evidence');
  });

  it('device page: alerts, risk High, isolation, timeline; a timeline time opens ±N minutes', async () => {
    const text = await openRoute('#/device/win10-lab01');
    expect(text).toContain(A);
    expect(await page.locator('[data-testid=card-risk]').innerText()).toContain('High');
    expect(await page.locator('[data-testid=card-actions]').innerText()).toContain('Isolate');
    expect(await page.locator('[data-testid=card-alerts]').innerText()).toContain('Anomaly detected in ASEP registry');
    expect(await page.locator('[data-testid=timebars]').count()).toBeGreaterThan(0);
    await page.locator('[data-testid=card-timeline] table.tl a').first().click();
    await page.waitForFunction(() => location.hash.includes('?at='));
    await page.waitForSelector('[data-testid=investigation][data-loading=false]');
    expect(await page.locator('[data-testid=card-timeline] h3').innerText()).toMatch(/±5 min/);
  });

  it('sign-in chain: Exchange blocked with 53000 because the device became non-compliant; compliant → allowed', async () => {
    const text = await openRoute('#/signin/42ba17c5-2359-5c96-a563-e86b9c260913');
    const chain = await page.locator('[data-testid=chain]').innerText();
    expect(chain).toContain('Suspicious process injection observed');
    expect(chain).toContain('Medium → High');
    expect(chain).toContain('compliant → noncompliant');
    expect(chain).toContain('CA02 - Exchange Online: compliant device AND MFA: not satisfied');
    expect(chain).toContain('53000 DeviceNotCompliant');
    expect(chain).toContain('Access restored at 2024-05-14T10:38:12Z');
    const cf = await page.locator('[data-testid=counterfactuals]').innerText();
    expect(cf).toMatch(/With the device compliant: MFA prompt, then allowed/);
    expect(cf).toMatch(/With the device compliant and MFA done: allowed/);
    expect(text).toContain('ErrorCode 53000');
    // "open as query" rebuilds the whole chain as one query whose rows are the steps
    await openAsQuery('card-chain');
    const rows: string[][] = await page.evaluate(() => (globalThis as any).__hb.activeRun.result.rows.map((r: unknown[]) => r.slice(1, 3).map(String)));
    expect([...new Set(rows.map((r) => r[0]))]).toEqual(['1 alert', '2 device risk', '3 compliance', '4 conditional access', '5 sign-in result']);
    expect(rows).toContainEqual(['1 alert', 'Suspicious process injection observed']);
    expect(rows).toContainEqual(['2 device risk', 'Medium -> High']);
    expect(rows).toContainEqual(['3 compliance', 'compliant -> noncompliant']);
    expect(rows).toContainEqual(['4 conditional access', 'CA02 - Exchange Online: compliant device AND MFA']);
    expect(rows).toContainEqual(['5 sign-in result', 'ErrorCode 53000']);
    expect(await page.evaluate(() => (globalThis as any).__hb.activeTab.text)).toContain('mv-expand Policy = todynamic(ConditionalAccessPolicies)');
  });

  it('sign-in chain: SharePoint needed MFA (50074) while Exchange was blocked', async () => {
    await openRoute('#/signin/8f1b1a2e-ba5e-5d5c-9da8-6a65a23f576f');
    const chain = await page.locator('[data-testid=chain]').innerText();
    expect(chain).toContain('CA01 - SharePoint Online: compliant device OR MFA: not satisfied');
    expect(chain).toContain('50074');
  });

  it('identity page: who, devices with their risk, alerts with ATT&CK techniques, sign-ins', async () => {
    await openRoute('#/identity/alex.rivera%40contoso.example');
    expect(await page.locator('[data-testid=card-info]').innerText()).toContain('Alex Rivera');
    const devices = page.locator('[data-testid=card-devices]');
    expect(await devices.locator('a', { hasText: 'win10-lab01' }).count()).toBeGreaterThan(0);
    expect(await devices.innerText()).toContain('HighestRisk');
    expect(await page.locator('[data-testid=card-alerts]').innerText()).toContain('Suspicious process injection observed');
    const techs = await page.locator('[data-testid=identity-techniques] [data-testid=technique]').evaluateAll((els) => els.map((e) => e.textContent?.trim()));
    expect(techs).toContain('T1055 Process Injection');
    expect(await page.locator('[data-testid=card-risk]').count()).toBe(1);
  });

  it('ATT&CK tags (id + name) on an alert and on pack queries', async () => {
    await openRoute('#/alert/da638512766602210975_-402117653');
    expect(await page.locator('[data-testid=alert-techniques] [data-testid=technique]').first().innerText()).toBe('T1055 Process Injection');
    await page.click('[data-testid=back-to-editor]');
    await page.click('[data-testid=packs-tab]');
    await page.fill('[data-testid=pack-search]', 'technique:T1547.001');
    const tag = page.locator('[data-testid=pack-query] [data-testid=technique][data-id="T1547.001"]').first();
    await tag.waitFor();
    expect(await tag.innerText()).toBe('T1547.001 Registry Run Keys / Startup Folder');
    await page.fill('[data-testid=pack-search]', '');
    await page.click('[data-testid=schema-tab]');
  });

  it('incident graph: from the alert page, alerts → device → user → sign-ins; a node opens its view', async () => {
    await openRoute('#/alert/da638512766602210975_-402117653');
    await page.click('[data-testid=open-graph]');
    await page.waitForSelector('[data-testid=investigation][data-kind=graph][data-loading=false]');
    const nodes = await page.locator('[data-testid=graph-node]').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-kind')}:${e.textContent}`));
    const kinds = new Set(nodes.map((n) => n.split(':')[0]));
    expect([...kinds]).toEqual(expect.arrayContaining(['alert', 'device', 'user', 'signin', 'file']));
    expect(nodes.some((n) => n.includes('Suspicious process injection observed'))).toBe(true);
    expect(nodes.some((n) => n.startsWith('signin:') && n.includes('error 53000'))).toBe(true);
    // a shortened sign-in label keeps its outcome in view (the application is what is cut)
    await page.setViewportSize({ width: 1280, height: 720 });
    const labels = () => page.locator('[data-testid=graph-node][data-kind=signin] text.label').allTextContents();
    await expect.poll(async () => (await labels()).some((t) => t.includes('…'))).toBe(true);
    const shown = await labels();
    expect(shown.length).toBeGreaterThan(3);
    expect(shown.filter((t) => !/ · (success|error \d+)$/.test(t))).toEqual([]);
    await page.setViewportSize({ width: 1400, height: 900 });
    expect(await page.locator('[data-testid=graph] path.edge').count()).toBeGreaterThan(5);
    // hovering the device dims what it does not touch
    const device = page.locator('[data-testid=graph-node][data-kind=device]', { hasText: 'win10-lab01' });
    await device.hover();
    expect(await page.locator('[data-testid=graph-node].dim').count()).toBeGreaterThan(0);
    await device.click();
    await page.waitForSelector('[data-testid=investigation][data-kind=device][data-loading=false]');
    expect(await page.locator('[data-testid=view-title]').innerText()).toContain('win10-lab01');
  });

  it('identity page links to the chain', async () => {
    await openRoute('#/identity/alex.rivera%40contoso.example');
    await page.locator('[data-testid=card-signins] a', { hasText: '42ba17c5-2359-5c96-a563-e86b9c260913' }).first().click();
    await page.waitForFunction(() => location.hash.startsWith('#/signin/'));
    await page.waitForSelector('[data-testid=chain]');
  });

  it('rejects a malformed route with a message, and an unknown hash says not found', async () => {
    let text = await openRoute('#/file/not-a-hash" or 1==1');
    expect(text).toContain('cannot be opened');
    text = await openRoute(`#/file/${'0'.repeat(40)}`);
    expect(await page.locator('[data-testid=not-found]').count()).toBe(1);
    expect(text).toContain('Not found');
    await page.click('[data-testid=back-to-editor]');
  });

  it('a grid cell links to its view (right-click a SHA1)', async () => {
    await setQuery(page, 'DeviceFileEvents | where FileName == "WinATP-Intro-Backdoorexe.jpg" | project DeviceId, SHA1 | take 1');
    await runAndWait(page);
    const cell = page.locator('[data-testid=grid] [role=gridcell]').nth(1);
    await cell.click({ button: 'right' });
    await page.locator('.menu a', { hasText: 'Open file page' }).click();
    await page.waitForSelector('[data-testid=investigation][data-loading=false]');
    expect(await page.locator('[data-testid=card-prevalence]').innerText()).toContain('win10-lab01');
  });

  it('the search box opens a view', async () => {
    await page.fill('[data-testid=search]', 'aed7d138e84b89e070edd7cf0cc76dd9');
    await page.press('[data-testid=search]', 'Enter');
    await page.waitForFunction(() => location.hash.startsWith('#/file/'));
    await page.waitForSelector('[data-testid=investigation][data-loading=false]');
    expect(await page.locator('[data-testid=view-title]').innerText()).toContain('WinATP-Intro-Backdoorexe.jpg');
    await page.click('[data-testid=back-to-editor]');
  });
});

describe('offline', () => {
  it('made no request outside its origin', () => {
    expect(site.external).toEqual([]);
    expect(site.errors).toEqual([]);
  });
});
