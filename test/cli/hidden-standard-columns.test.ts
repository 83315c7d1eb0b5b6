/**
 * Hidden Log Analytics standard columns (catalog/log-analytics.ts): every table reference page lists
 * `_ResourceId` and `_SubscriptionId`, and the workspace schema lists `TenantId` as a hidden
 * standard column even where the page does not (Syslog). Sentinel hunting queries name them (entity
 * mappings, `summarize … by _ResourceId`); the compiler adds them to the Sentinel tables only for a
 * query that names one, so `*` keeps the table's visible columns otherwise.
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

  it('the Defender tables are unchanged', async () => {
    const r = await outcome('DeviceProcessEvents | project _ResourceId | take 1');
    expect(r.ok).toBe(false);
  });
});
