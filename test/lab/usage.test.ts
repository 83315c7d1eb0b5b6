/**
 * Usage (src/lab/usage.ts, docs/tables/posture-and-workspace.md): its records agree with the committed
 * datasets' own rows: one (or, split by billability, two) per hour and Log Analytics table with rows in
 * that hour, none for a table without rows or outside the workspace, and a Quantity that is the
 * documented estimate of those rows' sizes.
 */
import { describe, expect, it } from 'vitest';
import { committedCatalog, committedRows } from './committed.ts';
import { STREAMED_DEFENDER_TABLES, valueSize } from '../../src/lab/usage.ts';

const DATASETS = ['lab', 'ransomware', 'golden-saml'];
const HOUR_MS = 3_600_000;
const ms = (v: unknown) => (v instanceof Date ? v.getTime() : Number(v));

function metered(ds: string) {
  return committedCatalog(ds).tables.filter(
    (t) => t.name !== 'Usage' && !t.name.startsWith('Watchlist_') && (t.kind === 'sentinel' || (STREAMED_DEFENDER_TABLES as readonly string[]).includes(t.name)),
  );
}

function windowOf(ds: string) {
  const usage = committedRows(ds, 'Usage');
  const from = Math.min(...usage.map((r) => ms(r.StartTime)));
  return { from, to: from + 4 * 24 * HOUR_MS };
}

/** "table|hour" → rows of the committed table in that hour of the window. */
function hourlyCounts(ds: string): Map<string, number> {
  const { from, to } = windowOf(ds);
  const out = new Map<string, number>();
  for (const t of metered(ds)) {
    if (!t.rowCount) continue;
    const tcol = t.columns.some((c) => c.name === 'TimeGenerated') ? 'TimeGenerated' : 'Timestamp';
    for (const r of committedRows(ds, t.name)) {
      const x = ms(r[tcol]);
      if (!(x >= from && x < to)) continue;
      const h = from + Math.floor((x - from) / HOUR_MS) * HOUR_MS;
      const k = `${t.name}|${h}`;
      out.set(k, (out.get(k) ?? 0) + 1);
    }
  }
  return out;
}

describe.each(DATASETS)('Usage in %s', (ds) => {
  const usage = committedRows(ds, 'Usage');

  it('has one record per hour and table with rows, and per billability at most one', () => {
    const counts = hourlyCounts(ds);
    const seen = new Set(usage.map((r) => `${r.DataType}|${ms(r.StartTime)}`));
    expect([...seen].sort()).toEqual([...counts.keys()].sort());
    const keys = usage.map((r) => `${r.DataType}|${ms(r.StartTime)}|${r.IsBillable}`);
    expect(new Set(keys).size).toBe(keys.length);
    // 4 days of hours, and Heartbeat (every agent, every minute) in every one of them
    expect(new Set(usage.map((r) => ms(r.StartTime))).size).toBe(96);
    expect(usage.filter((r) => r.DataType === 'Heartbeat').length).toBe(96);
  });

  it('has no record for a table without rows, for tables outside the workspace, or for itself', () => {
    const types = new Set(usage.map((r) => String(r.DataType)));
    const cat = committedCatalog(ds).tables;
    for (const t of cat) {
      if (t.rowCount === 0) expect(types.has(t.name), t.name).toBe(false);
    }
    for (const t of ['Operation', 'Update', 'Usage', 'DeviceTvmSoftwareVulnerabilities', 'AADSignInEventsBeta', 'ExposureGraphNodes', 'MachineActions', 'Watchlist_VIPUsers']) expect(types.has(t), t).toBe(false);
    for (const t of ['DeviceProcessEvents', 'EmailEvents', 'IdentityLogonEvents', 'SigninLogs', 'AzureActivity']) expect(types.has(t), t).toBe(true);
  });

  it('states the hour, the unit, the workspace and the source as the reference page says', () => {
    const uris = new Set(usage.map((r) => r.ResourceUri));
    expect(uris.size).toBe(1);
    expect(String([...uris][0])).toMatch(/^\/subscriptions\/[0-9a-f-]{36}\/resourcegroups\/rg-sentinel\/providers\/microsoft\.operationalinsights\/workspaces\/law-sentinel$/);
    for (const r of usage) {
      expect(ms(r.TimeGenerated)).toBe(ms(r.StartTime));
      expect(ms(r.EndTime) - ms(r.StartTime)).toBe(HOUR_MS);
      expect(ms(r.StartTime) % HOUR_MS).toBe(0);
      expect(r.QuantityUnit).toBe('MBytes');
      expect(r.SourceSystem).toBe('OMS');
      expect(Number(r.Quantity)).toBeGreaterThan(0);
    }
  });

  it('bills all but the documented free tables (OfficeActivity: its SharePoint, Exchange and Teams rows)', () => {
    const free = new Set(usage.filter((r) => r.IsBillable === false).map((r) => String(r.DataType)));
    expect([...free].sort()).toEqual(['AzureActivity', 'Heartbeat', 'OfficeActivity', 'SecurityAlert', 'SecurityIncident'].filter((t) => usage.some((r) => r.DataType === t)));
    const office = committedRows(ds, 'OfficeActivity');
    const paidOffice = office.filter((r) => !['SharePoint', 'OneDrive', 'Exchange', 'MicrosoftTeams'].includes(String(r.OfficeWorkload))).length;
    expect(usage.some((r) => r.DataType === 'OfficeActivity' && r.IsBillable === true)).toBe(paidOffice > 0);
  });

  it('names the Solution only where the table\'s reference page names one solution identifier', () => {
    const sol = new Map<string, Set<string>>();
    for (const r of usage) {
      if (!sol.has(String(r.DataType))) sol.set(String(r.DataType), new Set());
      sol.get(String(r.DataType))!.add(String(r.Solution ?? ''));
    }
    for (const t of ['SigninLogs', 'AuditLogs', 'Heartbeat', 'Syslog', 'AzureActivity']) expect([...sol.get(t)!], t).toEqual(['LogManagement']);
    // pages naming several solutions (SecurityEvent, CommonSecurityLog, SecurityAlert) or a display name (the Defender tables': "Microsoft Sentinel")
    for (const t of ['SecurityEvent', 'CommonSecurityLog', 'SecurityAlert', 'DeviceProcessEvents']) expect([...sol.get(t)!], t).toEqual(['']);
  });

  it("Quantity is the estimate of the hour's rows (Heartbeat recomputed from its committed rows)", () => {
    const cat = committedCatalog(ds).tables.find((t) => t.name === 'Heartbeat')!;
    const cols = cat.columns.filter((c) => c.name !== 'Type');
    const { from } = windowOf(ds);
    const bytes = new Map<number, number>();
    for (const r of committedRows(ds, 'Heartbeat')) {
      const h = from + Math.floor((ms(r.TimeGenerated) - from) / HOUR_MS) * HOUR_MS;
      let n = 0;
      for (const c of cols) {
        const v = r[c.name];
        n += c.type === 'datetime' ? (v == null ? 0 : 28) : valueSize(c.type, typeof v === 'bigint' ? Number(v) : v);
      }
      bytes.set(h, (bytes.get(h) ?? 0) + n);
    }
    const rows = usage.filter((r) => r.DataType === 'Heartbeat');
    for (const r of rows) expect(Number(r.Quantity), String(ms(r.StartTime))).toBeCloseTo(bytes.get(ms(r.StartTime))! / 1e6, 9);
  });

  it('the biggest volumes are the endpoint tables, and an hour by day is bigger than an hour by night', () => {
    const byType = new Map<string, number>();
    for (const r of usage) byType.set(String(r.DataType), (byType.get(String(r.DataType)) ?? 0) + Number(r.Quantity));
    const top = [...byType].sort((a, b) => b[1] - a[1]).slice(0, 2).map(([t]) => t);
    expect(top.sort()).toEqual(['DeviceNetworkEvents', 'DeviceProcessEvents']);
    const hourOfDay = (r: (typeof usage)[number]) => new Date(ms(r.StartTime)).getUTCHours();
    const sum = (pred: (h: number) => boolean) => usage.filter((r) => pred(hourOfDay(r))).reduce((a, r) => a + Number(r.Quantity), 0);
    expect(sum((h) => h >= 9 && h < 12)).toBeGreaterThan(sum((h) => h >= 0 && h < 3));
  });
});
