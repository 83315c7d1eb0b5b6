/**
 * Hidden Log Analytics standard columns (catalog/log-analytics.ts): every table reference page lists
 * `_ResourceId` and `_SubscriptionId`, and the workspace schema lists `TenantId` as a hidden
 * standard column even where the page does not (Syslog). Sentinel hunting queries name them (entity
 * mappings, `summarize … by _ResourceId`); the compiler adds them to the Sentinel tables only for a
 * query that names one, so `*` keeps the table's visible columns otherwise. `_ItemId` is stored
 * (catalog `hiddenColumns`), the others computed.
 */
import { describe, expect, it } from 'vitest';
import { namesHiddenColumn } from '../../src/catalog/log-analytics.ts';
import { resolveDataset } from '../../src/cli/datasets.ts';
import type { KustoResult } from '../../src/engine/values.ts';
import { useRunner } from './helpers.ts';

const { run, outcome } = useRunner(() => ({ dataset: resolveDataset('lab', false) }));
const names = (r: KustoResult) => r.columns.map((c) => c.name);

describe('hidden standard columns of the Sentinel tables', () => {
  it('are recognised only as whole identifiers', () => {
    expect(namesHiddenColumn('SecurityEvent | project _ResourceId')).toBe(true);
    expect(namesHiddenColumn('Syslog | summarize by TenantId')).toBe(true);
    expect(namesHiddenColumn('SigninLogs | project ResourceTenantId, HomeTenantId')).toBe(false);
    expect(namesHiddenColumn('T | project my_ResourceIds')).toBe(false);
    expect(namesHiddenColumn('BehaviorAnalytics | join (SigninLogs) on $left.SourceRecordId == $right._ItemId')).toBe(true);
    expect(namesHiddenColumn('T | project Source_ItemIds')).toBe(false);
  });

  it('a query naming none of them sees the visible columns only', async () => {
    const r = await run('Syslog | getschema | project ColumnName');
    const cols = r.rows.map((x) => x[0]);
    expect(cols).toContain('SyslogMessage');
    expect(cols).not.toContain('_ResourceId');
    expect(cols).not.toContain('TenantId');
  });

  it('TenantId of a table whose page leaves it out is the workspace id, as on the other tables', async () => {
    const r = await run('Syslog | take 1 | project TenantId');
    const s = await run('SecurityEvent | take 1 | project TenantId');
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0][0]).toBe(s.rows[0][0]);
    expect(String(r.rows[0][0])).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('_ResourceId and _SubscriptionId are strings, empty where the lab has no resource id', async () => {
    const r = await run('SecurityEvent | summarize n = count() by _ResourceId, _SubscriptionId');
    expect(names(r)).toEqual(['_ResourceId', '_SubscriptionId', 'n']);
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0].slice(0, 2)).toEqual(['', '']);
  });

  it("Heartbeat's and AzureActivity's are the table's own ResourceId and SubscriptionId", async () => {
    for (const t of ['Heartbeat', 'AzureActivity']) {
      const r = await run(`${t} | where _ResourceId != ResourceId or _SubscriptionId != SubscriptionId | count`);
      expect(r.rows[0][0]).toBe(0);
    }
    const nonEmpty = await run('AzureActivity | where isnotempty(_ResourceId) and isnotempty(_SubscriptionId) | count');
    expect(Number(nonEmpty.rows[0][0])).toBeGreaterThan(0);
  });

  it('in a query that names one, `*` shows them too (documented difference from Log Analytics)', async () => {
    const r = await run('OfficeActivity | take 1 | extend r = _ResourceId');
    expect(names(r)).toContain('_SubscriptionId');
    expect(names(r).at(-1)).toBe('r');
  });

  // _ItemId: "a unique identifier for the record" (Azure Monitor docs, log-standard-columns.md),
  // hidden like the others; the lab stores one GUID per record of its Log Analytics tables.
  it('_ItemId is hidden from `take` and `*` unless the query names it', async () => {
    const r = await run('SigninLogs | take 1');
    expect(names(r)).not.toContain('_ItemId');
    expect(names(r)).toContain('Id');
    const schema = await run('BehaviorAnalytics | getschema | project ColumnName');
    expect(schema.rows.map((x) => x[0])).not.toContain('_ItemId');
    const p = await run('SigninLogs | take 1 | project _ItemId');
    expect(names(p)).toEqual(['_ItemId']);
    expect(String(p.rows[0][0])).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('_ItemId is a string of its own per record, not the table\'s Id', async () => {
    const r = await run('SigninLogs | summarize n = count(), ids = dcount(_ItemId), same = countif(_ItemId == Id), t = take_any(gettype(_ItemId))');
    const [n, ids, same, t] = r.rows[0];
    expect(Number(n)).toBeGreaterThan(100);
    // dcount is exact below its precision's range (about 1% error at most; the lab has a few hundred)
    expect(Math.abs(Number(ids) - Number(n))).toBeLessThanOrEqual(Math.ceil(Number(n) * 0.02));
    expect(same).toBe(0);
    expect(t).toBe('string');
    // unique across the Log Analytics tables: no two records share one
    const dup = await run('union SigninLogs, AuditLogs, SecurityEvent, BehaviorAnalytics | summarize c = count() by _ItemId | where c > 1 | count');
    expect(dup.rows[0][0]).toBe(0);
  });

  it("BehaviorAnalytics.SourceRecordId is the source sign-in's _ItemId (Sentinel's UEBA hunts join on it)", async () => {
    // the join of Azure-Sentinel's BehaviorAnalytics hunting queries (e.g. "Anomalous sign-in ...":
    // `join (SigninLogs | ...) on $left.SourceRecordId == $right._ItemId`)
    const r = await run(
      'BehaviorAnalytics | where ActivityType == "LogOn" | join kind=inner (SigninLogs) on $left.SourceRecordId == $right._ItemId | summarize n = count(), sameUser = countif(UserPrincipalName == UserPrincipalName1), sameTime = countif(TimeGenerated == TimeGenerated1), sameIp = countif(SourceIPAddress == IPAddress)',
    );
    const [n, sameUser, sameTime, sameIp] = r.rows[0].map(Number);
    const ba = await run('BehaviorAnalytics | where ActivityType == "LogOn" | count');
    // the lab's UEBA rows are sign-ins (docs/tables/sentinel-tables.md): each finds exactly its own
    expect(n).toBe(Number(ba.rows[0][0]));
    expect(n).toBeGreaterThan(100);
    expect([sameUser, sameTime, sameIp]).toEqual([n, n, n]);
    // and not the sign-in's Id
    const byId = await run('BehaviorAnalytics | join kind=inner (SigninLogs) on $left.SourceRecordId == $right.Id | count');
    expect(byId.rows[0][0]).toBe(0);
  });

  it('the Defender tables are unchanged', async () => {
    const r = await outcome('DeviceProcessEvents | project _ResourceId | take 1');
    expect(r.ok).toBe(false);
  });
});
