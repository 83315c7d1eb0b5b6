/**
 * The tables of docs/tables/posture-and-workspace.md (src/lab/posture-and-workspace.ts): the catalog's
 * columns are the ones the doc lists from the reference pages, only SecurityRecommendation has rows,
 * and its rows agree with the resources the lab's other tables show.
 */
import { describe, expect, it } from 'vitest';
import { committedCatalog, committedRows, documentedColumns } from './committed.ts';

const DATASETS = ['lab', 'ransomware', 'golden-saml'];
const TABLES = ['Update', 'SecurityRecommendation', 'SecurityRegulatoryCompliance', 'ASimAuditEventLogs', 'Usage', 'Operation', 'StorageFileLogs', 'NetworkAccessTraffic', 'SecurityNestedRecommendation', 'SQLSecurityAuditEvents', 'PurviewDataSensitivityLogs'];
const str = (v: unknown) => (v == null ? '' : String(v));
const PATCH = 'System updates should be installed on your machines (powered by Azure Update Manager)';
const HOUR_MS = 3_600_000;

/** The Arrow value of a datetime as epoch milliseconds. */
const ms = (v: unknown) => (v instanceof Date ? v.getTime() : Number(v));

describe('schema', () => {
  const doc = documentedColumns('posture-and-workspace');
  it.each(TABLES)('%s has the documented columns in order, in every dataset', (name) => {
    const cols = doc.get(name)!;
    expect(cols.length).toBeGreaterThanOrEqual(14);
    for (const ds of DATASETS) {
      const t = committedCatalog(ds).tables.find((x) => x.name === name)!;
      expect(t.kind).toBe('sentinel');
      expect(t.columns.map((c) => [c.name, c.type])).toEqual(cols);
      if (name === 'SecurityRecommendation' || name === 'Usage') expect(t.rowCount).toBeGreaterThan(0);
      else expect(t.rowCount).toBe(0);
    }
  });
  it('the pages\' own types are kept', () => {
    expect(doc.get('Update')).toContainEqual(['InstallTimeDeviationRangeSeconds', 'real']);
    expect(doc.get('Usage')).toContainEqual(['BatchesCapped', 'long']);
    expect(doc.get('StorageFileLogs')).toContainEqual(['SmbCommandMajor', 'int']);
    expect(doc.get('StorageFileLogs')).toContainEqual(['SmbCommandMinor', 'string']);
    expect(doc.get('SecurityRecommendation')!.map(([n]) => n)).not.toContain('TenantId');
    expect(doc.get('SecurityNestedRecommendation')!.map(([n]) => n)).toEqual(expect.arrayContaining(['RemediationDescription', 'RemidiationDescription']));
  });
});

describe('SecurityRecommendation rows', () => {
  it('assess the Azure VMs Heartbeat shows, resources AzureActivity shows, and the subscription', () => {
    for (const ds of DATASETS) {
      const azureVms = new Set(committedRows(ds, 'Heartbeat').filter((r) => r.ComputerEnvironment === 'Azure').map((r) => str(r.Computer)));
      const subs = new Set(committedRows(ds, 'AzureActivity').map((r) => str(r.SubscriptionId)).filter(Boolean));
      expect(subs.size).toBe(1);
      const activity = committedRows(ds, 'AzureActivity').map((r) => str(r._ResourceId ?? r.ResourceId).toLowerCase());
      const rows = committedRows(ds, 'SecurityRecommendation');
      const vmsSeen = new Set<string>();
      for (const r of rows) {
        const id = str(r.AssessedResourceId);
        const sub = `/subscriptions/${[...subs][0]}`;
        expect(id.startsWith(sub), id).toBe(true);
        if (id === sub) continue;
        const name = id.split('/').pop()!;
        if (/\/Microsoft\.Compute\/virtualMachines\//.test(id)) {
          expect(azureVms.has(name), name).toBe(true);
          vmsSeen.add(name);
        } else expect(activity.some((a) => a.endsWith(`/${name.toLowerCase()}`)), name).toBe(true);
        expect(str(r.RecommendationId)).toBe(`${id}/providers/Microsoft.Security/assessments/${str(r.RecommendationName)}`);
      }
      expect([...vmsSeen].sort()).toEqual([...azureVms].sort());
      // the datasets without Azure VMs keep the other resources' assessments
      expect(rows.filter((r) => !/virtualMachines/.test(str(r.AssessedResourceId))).length).toBe(16);
    }
  });
  it('one snapshot row per assessment on the first day, its state agreeing with Properties and DiscoveredTimeUTC', () => {
    for (const ds of DATASETS) {
      const rows = committedRows(ds, 'SecurityRecommendation');
      const snap = rows.filter((r) => r.IsSnapshot === true);
      const keys = snap.map((r) => `${str(r.RecommendationName)}|${str(r.AssessedResourceId)}`);
      expect(new Set(keys).size).toBe(keys.length);
      const days = new Set(snap.map((r) => new Date(ms(r.TimeGenerated)).toISOString().slice(0, 10)));
      expect(days.size).toBe(1);
      const states = new Set<string>();
      for (const r of [...rows]) {
        const p = JSON.parse(JSON.stringify(r.Properties)) as { status: { code: string } };
        expect(p.status.code).toBe(r.RecommendationState);
        states.add(str(r.RecommendationState));
        expect(r.DiscoveredTimeUTC == null).toBe(r.RecommendationState === 'Healthy');
        expect(ms(r.FirstEvaluationDate)).toBeLessThanOrEqual(ms(r.StatusChangeDate));
        expect(ms(r.StatusChangeDate)).toBeLessThanOrEqual(ms(r.TimeGenerated));
        expect(['High', 'Medium', 'Low']).toContain(r.RecommendationSeverity);
      }
      expect([...states].sort()).toEqual(['Healthy', 'Unhealthy']);
    }
  });
  it('the only change is each VM missing the updates released on Patch Tuesday, at its next daily assessment', () => {
    for (const ds of DATASETS) {
      const rows = committedRows(ds, 'SecurityRecommendation');
      const first = new Date(ms(rows.find((r) => r.IsSnapshot === true)!.TimeGenerated));
      const day1 = Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), first.getUTCDate() + 1);
      // the window's second day is the month's second Tuesday
      const d = new Date(day1);
      expect(d.getUTCDay()).toBe(2);
      expect(Math.ceil(d.getUTCDate() / 7)).toBe(2);
      const release = day1 + 17 * HOUR_MS;
      const changes = rows.filter((r) => r.IsSnapshot === false);
      const vms = new Set(rows.filter((r) => /virtualMachines/.test(str(r.AssessedResourceId))).map((r) => str(r.AssessedResourceId)));
      expect(changes.map((r) => str(r.AssessedResourceId)).sort()).toEqual([...vms].sort());
      for (const r of changes) {
        expect(r.RecommendationDisplayName).toBe(PATCH);
        expect(r.RecommendationState).toBe('Unhealthy');
        const at = ms(r.StatusChangeDate);
        expect(at).toBeGreaterThan(release);
        expect(at - release).toBeLessThanOrEqual(24 * HOUR_MS);
        const before = rows.find((x) => x.IsSnapshot === true && x.AssessedResourceId === r.AssessedResourceId && x.RecommendationName === r.RecommendationName)!;
        expect(before.RecommendationState).toBe('Healthy');
      }
    }
  });
});
