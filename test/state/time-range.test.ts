import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/catalog/types.ts';
import { applyTimeRange, huntWindowFor, originalOffset, timeWindow } from '../../src/state/time-range.ts';

const catalog = {
  dataset: 't',
  tables: [
    { name: 'DeviceProcessEvents', kind: 'advanced-hunting', columns: [{ name: 'Timestamp', type: 'datetime' }, { name: 'FileName', type: 'string' }] },
    { name: 'SigninLogs', kind: 'sentinel', columns: [{ name: 'TimeGenerated', type: 'datetime' }] },
    { name: 'NoTime', kind: 'user', columns: [{ name: 'x', type: 'long' }] },
  ],
} as unknown as Catalog;
const NOW = '2024-05-20T00:00:00Z';

describe('time range', () => {
  it('is relative to the pinned now, in UTC', () => {
    expect(timeWindow({ kind: 'last', span: '24h' }, NOW)).toEqual({ from: '2024-05-19T00:00:00Z', to: NOW });
    expect(timeWindow({ kind: 'last', span: '7d' }, NOW)?.from).toBe('2024-05-13T00:00:00Z');
    expect(timeWindow({ kind: 'off' }, NOW)).toBeNull();
    expect(timeWindow({ kind: 'custom', from: '2024-05-14T09:00:00Z', to: '2024-05-14T10:00:00Z' }, NOW)).toEqual({ from: '2024-05-14T09:00:00Z', to: '2024-05-14T10:00:00Z' });
    expect(timeWindow({ kind: 'custom', from: '2024-05-15T00:00:00Z', to: '2024-05-14T00:00:00Z' }, NOW)).toBeNull();
  });

  it('adds a visible where right after the source table', () => {
    const q = '// hunt\nDeviceProcessEvents\n| where FileName =~ "cmd.exe"\n| take 5';
    const f = applyTimeRange(q, { kind: 'last', span: '1h' }, NOW, catalog);
    expect(f.kql).toBe('// hunt\nDeviceProcessEvents\n| where Timestamp between (datetime(2024-05-19T23:00:00Z) .. datetime(2024-05-20T00:00:00Z))\n| where FileName =~ "cmd.exe"\n| take 5');
    const at = q.indexOf('take');
    expect(originalOffset(f, f.kql.indexOf('take'))).toBe(at);
    expect(applyTimeRange('SigninLogs | count', { kind: 'last', span: '1h' }, NOW, catalog).kql).toContain('SigninLogs\n| where TimeGenerated between');
  });

  it('stays off when the query has its own time filter or no single source table', () => {
    const r = { kind: 'last', span: '24h' } as const;
    const own = applyTimeRange('DeviceProcessEvents\n| where Timestamp > ago(1d)', r, NOW, catalog);
    expect(own).toMatchObject({ applied: false, reason: 'the query sets its own time filter' });
    expect(applyTimeRange('DeviceProcessEvents | where Timestamp between (datetime(2024-01-01) .. 1d)', r, NOW, catalog).kql).not.toContain('datetime(2024-05-19');
    for (const q of ['let x = 1; DeviceProcessEvents', 'union DeviceProcessEvents, SigninLogs', 'print 1', 'datatable(a:long)[1]', 'NoTime | take 1', 'Unknown | take 1'])
      expect(applyTimeRange(q, r, NOW, catalog).applied).toBe(false);
    expect(applyTimeRange('DeviceProcessEvents', { kind: 'off' }, NOW, catalog)).toMatchObject({ applied: false, reason: 'off' });
  });

  it("gives Sentinel's {{StartTimeISO}}/{{EndTimeISO}} the header's range, else the 30 days before now", () => {
    const q = "let starttime = todatetime('{{StartTimeISO}}');\nSigninLogs | where TimeGenerated > starttime";
    expect(huntWindowFor(q, { kind: 'last', span: '7d' }, NOW)).toMatchObject({ window: { from: '2024-05-13T00:00:00Z', to: NOW }, key: `2024-05-13T00:00:00Z/${NOW}` });
    const off = huntWindowFor(q, { kind: 'off' }, NOW);
    expect(off?.window).toEqual({ from: '2024-04-20T00:00:00Z', to: NOW });
    expect(off?.note).toContain('time range off: the 30 days before');
    const invalid = huntWindowFor(q, { kind: 'custom', from: '2024-05-15T00:00:00Z', to: '2024-05-14T00:00:00Z' }, NOW);
    expect(invalid?.window.from).toBe('2024-04-20T00:00:00Z');
    expect(invalid?.note).toContain('the custom range is not valid');
    expect(huntWindowFor('SigninLogs | take 1', { kind: 'last', span: '1h' }, NOW)).toBeNull();
    // a hunt that starts with its lets gets no added where: the header's range goes into the placeholders
    expect(applyTimeRange(q, { kind: 'last', span: '1h' }, NOW, catalog).applied).toBe(false);
  });
});
