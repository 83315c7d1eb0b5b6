import { describe, expect, it } from 'vitest';
import { lab } from '../../src/lab/scenarios/lab.ts';
import { POLICIES, type ScenarioPolicies } from '../../src/lab/model.ts';

function alexSignIns(p?: ScenarioPolicies) {
  const g = lab.generate({ scale: 0.3, policies: p });
  const s = g.sinks.AADSignInEventsBeta;
  const out: { t: string; code: number; res: string; compliant: number }[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s.get(i, 'AccountUpn') !== 'alex.rivera@contoso.example') continue;
    out.push({
      t: new Date((s.get(i, 'Timestamp') as number) / 1000).toISOString().slice(0, 19),
      code: s.get(i, 'ErrorCode') as number,
      res: String(s.get(i, 'ResourceDisplayName')),
      compliant: s.get(i, 'IsCompliant') as number,
    });
  }
  const comp = g.sinks.DeviceComplianceEvents.rows.filter((r) => r.DeviceName === 'win10-lab01').map((r) => r.NewState);
  return { out, comp };
}

const codeAt = (rows: { t: string; code: number }[], t: string) => rows.find((r) => r.t === t)?.code;

describe('compliance rules drive the outcomes', () => {
  const base = alexSignIns();

  it('reproduces the script with the lab policies', () => {
    expect(base.comp).toEqual(['compliant', 'noncompliant', 'compliant']);
    expect(codeAt(base.out, '2024-05-14T09:05:10')).toBe(50074);
    expect(codeAt(base.out, '2024-05-14T09:53:20')).toBe(53000);
    expect(codeAt(base.out, '2024-05-14T09:54:02')).toBe(53000);
    expect(codeAt(base.out, '2024-05-14T09:55:14')).toBe(50074);
    expect(codeAt(base.out, '2024-05-14T09:55:49')).toBe(0);
    expect(codeAt(base.out, '2024-05-14T10:38:12')).toBe(0);
    expect(codeAt(base.out, '2024-05-16T12:00:06')).toBe(53000);
    expect(codeAt(base.out, '2024-05-16T12:26:02')).toBe(0);
  });

  it('raising the Intune risk threshold to High keeps the device compliant: no 53000 on Day 1', () => {
    const r = alexSignIns({ ...POLICIES, intune: { ...POLICIES.intune, maxRisk: 'High' } });
    expect(r.comp).toEqual(['compliant']);
    expect(codeAt(r.out, '2024-05-14T09:53:20')).toBe(0);
    expect(codeAt(r.out, '2024-05-14T09:55:14')).toBe(0);
  });

  it('turning CA02 into an OR: compliance alone suffices at 09:05, and non-compliance prompts for MFA instead of blocking', () => {
    const ca = POLICIES.ca.map((p) => (p.displayName.startsWith('CA02') ? { ...p, operator: 'OR' as const } : p));
    const r = alexSignIns({ ...POLICIES, ca });
    expect(codeAt(r.out, '2024-05-14T09:05:10')).toBe(0);
    expect(codeAt(r.out, '2024-05-14T09:53:20')).toBe(50074);
    expect(r.out.filter((x) => x.code === 53000 && x.t.startsWith('2024-05-14'))).toEqual([]);
  });

  it('disabling CA01 removes the SharePoint MFA prompt', () => {
    const ca = POLICIES.ca.map((p) => (p.displayName.startsWith('CA01') ? { ...p, state: 'disabled' as const } : p));
    const r = alexSignIns({ ...POLICIES, ca });
    expect(codeAt(r.out, '2024-05-14T09:55:14')).toBe(0);
  });
});
