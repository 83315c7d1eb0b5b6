/**
 * Sign-in chain, alert story, device and identity pages on the real lab data (scenario.md §2–§3).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAlertStory } from '../../src/investigate/alert.ts';
import { type CaPolicy, evaluate, policiesFromCatalog } from '../../src/investigate/ca.ts';
import { additionalText, loadDevicePage, loadIdentityPage, shortTable, timelineWhat } from '../../src/investigate/device.ts';
import { type Row, rowsOf } from '../../src/investigate/kql.ts';
import { flatten } from '../../src/investigate/process-tree.ts';
import { loadSigninChain } from '../../src/investigate/signin.ts';
import { type Lab, openLab } from './lab.ts';

const A = '99b14e30b7738db0b26d8bafab381c551fe3a4d3';
const A3 = 'da638512766602210975_-402117653';
const A1 = 'da638512766351234561_-1893421570';

let lab: Lab;
let LAB_POLICIES: CaPolicy[];
beforeAll(async () => {
  lab = await openLab();
  LAB_POLICIES = policiesFromCatalog(lab.catalog);
});
afterAll(async () => {
  await lab?.engine.close();
});

describe('CA logic', () => {
  const applied = (result: string, i: number) => ({ id: LAB_POLICIES[i].id, displayName: LAB_POLICIES[i].displayName, result, enforcedGrantControls: [], policy: LAB_POLICIES[i] });
  it('reads the tenant policies from the dataset catalog', () => {
    expect(LAB_POLICIES.map((p) => [p.displayName.slice(0, 4), p.operator])).toEqual([
      ['CA01', 'OR'],
      ['CA02', 'AND'],
    ]);
  });
  it('reproduces the outcome matrix of identity-and-compliance.md B.2', () => {
    const sp = [applied('success', 0), applied('notApplied', 1)];
    const ex = [applied('notApplied', 0), applied('failure', 1)];
    expect(evaluate(sp, { compliant: true, mfa: false, domainJoined: false }).decision).toBe('allowed');
    expect(evaluate(ex, { compliant: true, mfa: false, domainJoined: false })).toMatchObject({ decision: 'mfa-required', errorCode: 50074 });
    expect(evaluate(ex, { compliant: true, mfa: true, domainJoined: false }).decision).toBe('allowed');
    expect(evaluate(sp, { compliant: false, mfa: false, domainJoined: false })).toMatchObject({ decision: 'mfa-required', errorCode: 50074 });
    expect(evaluate(ex, { compliant: false, mfa: true, domainJoined: false })).toMatchObject({ decision: 'blocked', errorCode: 53000 });
    expect(evaluate(ex, { compliant: false, mfa: false, domainJoined: false })).toMatchObject({ decision: 'blocked', errorCode: 53000 });
  });
});

describe('sign-in chain', () => {
  it('explains the Exchange block: alerts → risk High → noncompliant → CA02 AND fails → 53000; compliant → allowed', async () => {
    const c = await loadSigninChain(lab.run, '42ba17c5-2359-5c96-a563-e86b9c260913', LAB_POLICIES);
    expect(c.found).toBe(true);
    expect(c.signin?.ErrorCode).toBe(53000);
    expect(c.evaluation).toMatchObject({ decision: 'blocked', errorCode: 53000 });
    expect(c.consistent).toBe(true);
    const kinds = c.steps.map((s) => s.kind);
    expect(kinds.indexOf('alert')).toBeLessThan(kinds.indexOf('risk'));
    expect(kinds.indexOf('risk')).toBeLessThan(kinds.indexOf('compliance'));
    expect(kinds.indexOf('compliance')).toBeLessThan(kinds.indexOf('policy'));
    expect(kinds.indexOf('policy')).toBeLessThan(kinds.indexOf('error'));
    const txt = c.steps.map((s) => `${s.title} | ${s.detail}`).join('\n');
    expect(txt).toContain('Suspicious process injection observed');
    expect(txt).toContain('Device risk Medium → High');
    expect(txt).toMatch(/compliant → noncompliant/);
    expect(txt).toContain('expected Low, actual High');
    expect(txt).toMatch(/CA02 - Exchange Online: compliant device AND MFA: not satisfied \(logged: failure\)/);
    expect(txt).toContain('53000 DeviceNotCompliant');
    // access came back after remediation (compliance at 10:36, sign-in at 10:38:12)
    const restored = c.steps.find((s) => s.kind === 'restored');
    expect(restored?.time).toBe('2024-05-14T10:38:12Z');
    expect(restored?.detail).toContain('2024-05-14T10:36:00Z');
    // counterfactuals
    const [compliant, mfa, both] = c.counterfactuals;
    expect(compliant.evaluation.decision).not.toBe('blocked');
    expect(compliant.text).toMatch(/allowed/);
    expect(mfa.evaluation).toMatchObject({ decision: 'blocked', errorCode: 53000 });
    expect(both.evaluation.decision).toBe('allowed');
  });

  it('explains the SharePoint MFA prompt: CA01 OR, compliance no longer satisfies it → 50074; compliant → allowed', async () => {
    const c = await loadSigninChain(lab.run, '8f1b1a2e-ba5e-5d5c-9da8-6a65a23f576f', LAB_POLICIES);
    expect(c.signins.data.map((r) => r.ErrorCode)).toEqual([50074, 0]);
    expect(c.evaluation).toMatchObject({ decision: 'mfa-required', errorCode: 50074 });
    expect(c.consistent).toBe(true);
    expect(c.counterfactuals[0].evaluation.decision).toBe('allowed');
  });

  it('explains an ActiveSync quarantine with the EAS device state', async () => {
    const c = await loadSigninChain(lab.run, '16520aa6-5ad7-599b-b0a0-cb200f870913', LAB_POLICIES);
    expect(c.evaluation?.errorCode).toBe(53000);
    const eas = c.steps.find((s) => s.kind === 'eas');
    expect(eas?.title).toMatch(/ApplDNPX8Q2LSYNT: DeviceDiscovery/);
    expect(c.steps.some((s) => s.kind === 'restored')).toBe(true);
  });

  it('shows AD FS device claims and the DRS trace for a federated sign-in', async () => {
    const c = await loadSigninChain(lab.run, '1f591f1e-f62c-54ce-8ed7-830a1047e0fd', LAB_POLICIES);
    const adfs = c.steps.filter((s) => s.kind === 'adfs');
    expect(adfs.length).toBeGreaterThan(0);
    expect(adfs[0].detail).toContain('isknown=true');
    expect(adfs[0].title).toContain('7f473607-c974-58c1-953d-395377ef6a68');
    const drs = c.cards.find((k) => k.id === 'drs')!;
    expect(drs.data.map((r) => r.Message).join('\n')).toContain('DRS is in Hybrid AAD mode');
  });

  it.each([
    ['42ba17c5-2359-5c96-a563-e86b9c260913', 53000],
    ['8f1b1a2e-ba5e-5d5c-9da8-6a65a23f576f', 50074],
    ['a0ca9a99-235b-5216-a7c2-212ac438c554', 0],
  ])('%s: the chain as one query gives the page chain’s steps as rows', async (cid, code) => {
    const c = await loadSigninChain(lab.run, cid, LAB_POLICIES);
    const rows = (await lab.run(c.chainQuery)).rows.map((r) => ({ step: String(r[1]), what: String(r[2]), detail: String(r[3]) }));
    const of = (k: string) => rows.filter((r) => r.step.endsWith(k));
    const kinds = (k: string) => c.steps.filter((x) => x.kind === k);
    expect(of('alert').map((r) => r.what)).toEqual(kinds('alert').map((x) => x.title.replace(/^Alert: /, '')));
    expect(of('device risk').map((r) => r.what.replace(' -> ', ' → '))).toEqual(kinds('risk').map((x) => x.title.replace(/^Device risk /, '')));
    expect(of('compliance')).toHaveLength(kinds('compliance').length);
    expect(of('conditional access').map((r) => r.what)).toEqual(c.policies.map((p) => p.displayName));
    expect(of('sign-in result')).toEqual([expect.objectContaining({ what: `ErrorCode ${code}` })]);
    // the steps in the page's order
    expect(rows.map((r) => r.step)).toEqual([...rows.map((r) => r.step)].sort());
    if (code === 53000) expect(of('alert').length).toBeGreaterThan(0);
  });

  it('says not found for an unknown CorrelationId', async () => {
    expect((await loadSigninChain(lab.run, '00000000-0000-0000-0000-000000000000', LAB_POLICIES)).found).toBe(false);
  });
});

describe('alert story', () => {
  it('A3: evidence, status and the tree from WINWORD.EXE down with the injection', async () => {
    const s = await loadAlertStory(lab.run, A3);
    expect(s.found).toBe(true);
    expect(s.alert.data[0]).toMatchObject({ Title: 'Suspicious process injection observed', Severity: 'High' });
    expect(s.status.data.map((r) => r.Status)).toContain('Resolved');
    const names = flatten(s.tree!.tree).map((n) => n.record.fileName);
    expect(names).toEqual(['userinit.exe', 'explorer.exe', 'WINWORD.EXE', 'wscript.exe', 'powershell.exe', 'RuntimeBroker.exe']);
    const focus = flatten(s.tree!.tree).filter((n) => n.focus).map((n) => n.record.fileName);
    expect(focus).toEqual(['powershell.exe', 'RuntimeBroker.exe']);
  });

  it('A1: process evidence WINWORD/wscript/powershell → the tree keeps WINWORD\'s children in order', async () => {
    const s = await loadAlertStory(lab.run, A1);
    const word = flatten(s.tree!.tree).find((n) => n.record.fileName === 'WINWORD.EXE')!;
    expect(word.children.map((c) => c.record.fileName)).toEqual(['wscript.exe']);
    expect(word.children[0].children.map((c) => c.record.fileName)).toEqual(['powershell.exe']);
  });

  it('says not found for an unknown alert', async () => {
    expect((await loadAlertStory(lab.run, 'da000_1')).found).toBe(false);
  });
});

describe('device page', () => {
  it('win10-lab01 by name: alerts, risk, compliance, isolation, users, timeline around the first alert', async () => {
    const d = await loadDevicePage(lab.run, 'win10-lab01');
    expect(d.found).toBe(true);
    expect(d.deviceId).toBe(A);
    expect(d.alerts.data.map((r) => r.Title)).toContain('Suspicious process injection observed');
    expect(d.risk.data.map((r) => r.RiskScore)).toEqual(['None', 'Medium', 'High', 'None']);
    expect(d.compliance.data.map((r) => r.NewState)).toEqual(['compliant', 'noncompliant', 'compliant']);
    expect(d.actions.data.map((r) => `${r.Type}/${r.Status}`)).toContain('Isolate/Succeeded');
    expect(d.logons.data.map((r) => r.AccountName)).toContain('alex.rivera');
    expect(d.at).toBe('2024-05-14T09:43:55Z');
    expect(d.timeline.data.some((r) => r.FileName === 'RuntimeBroker.exe')).toBe(true);
    expect(d.histogram.data.length).toBeGreaterThan(10);
    expect(d.signins.data.map((r) => r.ErrorCode)).toContain(53000);
  });

  it('the Device card holds the rows of its query (read in two narrow steps: the ids, then their rows)', async () => {
    for (const name of ['win10-lab01', 'WIN10-LAB01', A]) {
      const d = await loadDevicePage(lab.run, name);
      expect(d.info.data).toHaveLength(1);
      expect(d.info.data).toEqual(rowsOf(await lab.run(d.info.kql)));
    }
  });

  it('the timeline reads only the columns it shows; an opened event shows every column of its row', async () => {
    const d = await loadDevicePage(lab.run, 'win10-lab01');
    expect(Object.keys(d.timeline.data[0])).not.toContain('InitiatingProcessCommandLine');
    const byTable = new Map<string, Row>();
    for (const r of d.timeline.data) if (!byTable.has(String(r.Table))) byTable.set(String(r.Table), r);
    expect(byTable.size).toBeGreaterThan(3);
    for (const [table, r] of byTable) {
      const got = await d.details!(r);
      expect(got.note).toBeUndefined();
      const columns = lab.catalog.tables.find((t) => t.name === table)!.columns.map((c) => c.name);
      expect(columns.filter((c) => !(c in got.row))).toEqual([]);
      // the same row as the device's rows of that table, matched here in JS by ReportId and Timestamp
      const all = rowsOf(await lab.run(`${table} | where DeviceId == "${A}"`));
      const same = all.filter((x) => x.ReportId === r.ReportId && x.Timestamp === r.Timestamp);
      expect(same).toHaveLength(1);
      expect(got.row).toEqual({ ...same[0], Table: table });
      // and it agrees with what the timeline row shows (columns the table lacks are empty in the union)
      for (const [k, v] of Object.entries(r)) {
        if (k in got.row) expect(got.row[k], `${table}.${k}`).toEqual(v);
        else expect(v === '' || v === null, `${table}.${k}`).toBe(true);
      }
    }
    const ps = d.timeline.data.find((r) => r.ActionType === 'PowerShellCommand');
    if (ps) expect(((await d.details!(ps)).row.AdditionalFields as Record<string, unknown>).Command).toBeTruthy();
  });

  it('go hunt: ±1 minute around the Run-key write', async () => {
    const d = await loadDevicePage(lab.run, A, '2024-05-14T09:42:36.902Z', 1);
    const times = d.timeline.data.map((r) => Date.parse(String(r.Timestamp)));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(Date.parse('2024-05-14T09:41:36.902Z'));
    expect(Math.max(...times)).toBeLessThanOrEqual(Date.parse('2024-05-14T09:43:36.902Z'));
    expect(d.timeline.data.some((r) => r.RegistryValueName === 'WinATPIntroUpdate')).toBe(true);
  });

  it('unknown device: not found with suggestions', async () => {
    const d = await loadDevicePage(lab.run, 'win10-lab0');
    expect(d.found).toBe(false);
    expect(d.suggestions?.data.map((r) => r.DeviceName)).toContain('win10-lab01');
  });
});

describe('identity page', () => {
  it("alex's sign-ins include the 53000 block and the restore", async () => {
    const p = await loadIdentityPage(lab.run, 'alex.rivera@contoso.example');
    expect(p.found).toBe(true);
    expect(p.signins.data.map((r) => r.CorrelationId)).toContain('42ba17c5-2359-5c96-a563-e86b9c260913');
    expect(p.histogram.data.length).toBeGreaterThan(0);
  });

  it('alex: who, the devices with their risk, the alerts naming him with their techniques', async () => {
    const p = await loadIdentityPage(lab.run, 'alex.rivera@contoso.example');
    expect(p.info.data[0]?.AccountDisplayName).toBe('Alex Rivera');
    const devices = p.devices.data.map((d) => String(d.DeviceName));
    expect(devices).toContain('win10-lab01');
    // the compromised device reached High and was back to None after the remediation: both shown
    const lab01 = p.devices.data.find((d) => d.DeviceName === 'win10-lab01');
    expect(lab01?.HighestRisk).toBe('High');
    expect(lab01?.LastRisk).toBe('None');
    const titles = p.alerts.data.map((a) => String(a.Title));
    expect(titles).toContain('Suspicious process injection observed');
    expect(String(p.alerts.data.find((a) => a.Title === 'Suspicious process injection observed')?.AttackTechniques)).toContain('T1055');
  });
});

describe('device page: what each event did, phones', () => {
  it('names DeviceEvents rows and says what a PowerShellCommand ran', () => {
    expect(shortTable('DeviceEvents')).toBe('DeviceEvents');
    expect(shortTable('DeviceProcessEvents')).toBe('Process');
    expect(timelineWhat({ ActionType: 'PowerShellCommand', AdditionalFields: { Command: 'Set-ItemProperty' }, FileName: '', FolderPath: '' })).toBe('Set-ItemProperty');
    expect(timelineWhat({ RemoteIP: '203.0.113.45', RemotePort: 443, RemoteUrl: 'x.example' })).toBe('203.0.113.45:443 x.example');
    expect(additionalText('{"DriveLetter":"E:"}')).toBe('DriveLetter=E:');
  });

  it('every timeline row of win10-lab01 says something', async () => {
    const d = await loadDevicePage(lab.run, A);
    const empty = d.timeline.data.filter((r) => !timelineWhat(r));
    expect(empty.map((r) => r.ActionType)).toEqual([]);
  });

  it("“Alex's iPhone” (a sign-in's DeviceName) opens the phone from MobileDevices", async () => {
    const d = await loadDevicePage(lab.run, "Alex's iPhone");
    expect(d.found).toBe(true);
    expect(d.platform).toBe('mobile');
    expect(d.mobile?.data.map((r) => r.DeviceAccessState)).toEqual(['DeviceDiscovery', 'Quarantined', 'Allowed']);
    expect(d.signins.data.map((r) => r.ErrorCode)).toContain(0);
  });
});

describe('sign-in verdict', () => {
  it('a block says blocked and why, first; its outcome step is red', async () => {
    const c = await loadSigninChain(lab.run, '42ba17c5-2359-5c96-a563-e86b9c260913', LAB_POLICIES);
    expect(c.verdict).toMatch(/^Blocked: alex\.rivera@contoso\.example could not reach Office 365 Exchange Online \(53000 DeviceNotCompliant\) because win10-lab01 was not compliant/);
    expect(c.steps.find((s) => s.kind === 'error')?.tone).toBe('bad');
  });
  it('a success is green with a success verdict', async () => {
    const c = await loadSigninChain(lab.run, 'a0ca9a99-235b-5216-a7c2-212ac438c554', LAB_POLICIES);
    expect(c.signin?.ErrorCode).toBe(0);
    expect(c.verdict).toMatch(/^Allowed: /);
    expect(c.steps.find((s) => s.kind === 'error')?.tone).toBe('good');
    expect(c.steps.some((s) => s.tone === 'bad' && s.kind === 'error')).toBe(false);
  });
  it('an MFA interrupt is amber, not a block', async () => {
    const c = await loadSigninChain(lab.run, '8f1b1a2e-ba5e-5d5c-9da8-6a65a23f576f', LAB_POLICIES);
    expect(c.steps.find((s) => s.kind === 'error')?.tone).toBe('warn');
    expect(c.verdict).toMatch(/^Not blocked, interrupted/);
  });
});
