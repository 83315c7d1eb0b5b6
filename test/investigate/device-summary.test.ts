/**
 * The device page with the device summary (catalog/device-summary.ts) gives the same pages as its
 * queries over the tables. The summary is built on the committed lab with the SQL the generator's
 * writer runs (deviceSummarySql), in the engine the views use.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERTS_CARD, DEVICE_SUMMARY, deviceSummarySql, deviceSummaryTable, hasDeviceSummary, SUMMARY_CARDS, summaryCards, TIMELINE_CARD } from '../../src/catalog/device-summary.ts';
import { DEVICE_HOURS, deviceHoursSql, deviceHoursTable } from '../../src/catalog/device-hours.ts';
import { DEVICE_TIMELINE, deviceTimelineSql, deviceTimelineTable } from '../../src/catalog/device-timeline.ts';
import type { Catalog } from '../../src/catalog/types.ts';
import { fromSummaryKql, loadDevicePage } from '../../src/investigate/device.ts';
import { type KqlRunner, type Row, rowsOf } from '../../src/investigate/kql.ts';
import { devicePageData, type Lab, openLab, withSideTable } from './lab.ts';

const DEVICE_ID = '99b14e30b7738db0b26d8bafab381c551fe3a4d3';

let lab: Lab;
let catalog: Catalog;
let run: KqlRunner;
const log: string[] = [];

beforeAll(async () => {
  lab = await openLab();
  // as the generator does: DeviceTimeline first (the summary's Card 7 copies rows of it)
  // as the generator does: DeviceHourlyEvents before DeviceTimeline
  const hours = await withSideTable(lab, DEVICE_HOURS, [deviceHoursSql(lab.catalog.tables)!], (n) => deviceHoursTable(lab.catalog.tables, n), log);
  const timeline = await withSideTable({ ...lab, catalog: hours.catalog }, DEVICE_TIMELINE, deviceTimelineSql(lab.catalog.tables), (n) => deviceTimelineTable(lab.catalog.tables, n), log);
  const tables = timeline.catalog.tables;
  const sql = deviceSummarySql(tables);
  expect(sql).not.toBeNull();
  ({ catalog, run } = await withSideTable({ ...lab, catalog: timeline.catalog }, DEVICE_SUMMARY, [sql!], (n) => deviceSummaryTable(tables, n), log));
}, 120_000);
afterAll(async () => {
  await lab?.engine.close();
});

/** Rows of a query as plain values. */
const rows = async (kql: string): Promise<Row[]> => rowsOf(await run(kql));

describe('device summary (DeviceSummary side table)', () => {
  it('is listed with all eight cards; its cards hold the rows of their tables', async () => {
    expect(hasDeviceSummary(catalog)).toBe(true);
    expect([...summaryCards(catalog)]).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(summaryCards(lab.catalog).size).toBe(0);
    // a summary written before the timeline card (without its columns), or a dataset without DeviceTimeline: no Card 7
    const noTimeline = { ...catalog, tables: catalog.tables.map((t) => (t.name === DEVICE_SUMMARY ? { ...t, columns: t.columns.filter((c) => !['Table', 'ReportId', 'AdditionalFields'].includes(c.name)) } : t)) };
    expect([...summaryCards(noTimeline)]).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(deviceSummarySql(lab.catalog.tables)).not.toContain(DEVICE_TIMELINE);
    // a summary written before the alerts card (without its columns): the page queries the alert tables
    const before = { ...catalog, tables: catalog.tables.map((t) => (t.name === DEVICE_SUMMARY ? { ...t, columns: t.columns.filter((c) => !['AlertId', 'Title', 'Severity', 'Category', 'Classification', 'ResolvedTime'].includes(c.name)) } : t)) };
    expect([...summaryCards(before)]).toEqual([0, 1, 2, 3, 4, 5]);
    // Card 7: the timeline rows within 31 minutes of each device's first alert (a device with alerts and events has some)
    const windows = await rows(
      `${DEVICE_TIMELINE} | join kind=inner (${DEVICE_SUMMARY} | where Card == ${ALERTS_CARD} | summarize First = min(Timestamp) by DeviceId = Device) on DeviceId | where Timestamp between ((First - 31m) .. (First + 31m)) | count`,
    );
    const byCard = await rows(`${DEVICE_SUMMARY} | summarize Rows = count(), Devices = dcount(Device) by Card | sort by Card asc`);
    // one Device row per (DeviceId, DeviceName) of DeviceInfo (its latest Timestamp is unique in generated data)
    const pairs = await rows('DeviceInfo | summarize by DeviceId, DeviceName | count');
    expect(byCard[0]).toMatchObject({ Card: 0, Rows: pairs[0].Count });
    // risk, machine actions and logons: every row of a device of DeviceInfo, once
    const once = async (table: string, where: string) => (await rows(`${table} | where ${where} in ((DeviceInfo | distinct DeviceId)) | count`))[0].Count;
    expect(byCard.find((r) => r.Card === 1)?.Rows).toBe(await once('DeviceRiskEvents', 'DeviceId'));
    expect(byCard.find((r) => r.Card === 3)?.Rows).toBe(await once('MachineActions', 'MachineId'));
    expect(byCard.find((r) => r.Card === 4)?.Rows).toBe(await once('DeviceLogonEvents | where ActionType == "LogonSuccess"', 'DeviceId'));
    for (const c of SUMMARY_CARDS) expect(byCard.find((r) => r.Card === c.card)?.Rows, c.table).toBeGreaterThan(0);
    // alerts: one row per (device of DeviceInfo, alert with evidence on it) (AlertInfo has one row per alert here)
    const alertPairs = await rows('AlertEvidence | where DeviceId in ((DeviceInfo | distinct DeviceId)) | distinct DeviceId, AlertId | join kind=inner (AlertInfo | distinct AlertId) on AlertId | count');
    expect(byCard.find((r) => r.Card === ALERTS_CARD)?.Rows).toBe(alertPairs[0].Count);
    expect(alertPairs[0].Count).toBeGreaterThan(5);
    expect(byCard.find((r) => r.Card === TIMELINE_CARD)?.Rows).toBe(windows[0].Count);
    expect(windows[0].Count).toBeGreaterThan(20);
  }, 120_000);

  it('gives the same device pages (every card: rows and KQL) as the queries over the tables', async () => {
    // the scenario's device by name (either case) and by id, the devices with the most sign-ins,
    // logons and compliance rows, a phone (not in DeviceInfo) and an unknown name
    const busiest = async (kql: string) => (await rows(kql)).map((r) => String(r.DeviceId));
    const cases: string[] = [
      'win10-lab01',
      'WIN10-LAB01',
      DEVICE_ID,
      DEVICE_ID.toUpperCase(),
      ...(await busiest('DeviceInfo | join kind=inner (AADSignInEventsBeta | summarize n = count() by AadDeviceId) on AadDeviceId | summarize n = max(n) by DeviceId | sort by n desc, DeviceId asc | take 3')),
      ...(await busiest('DeviceLogonEvents | where ActionType == "LogonSuccess" | summarize n = count() by DeviceId | sort by n desc, DeviceId asc | take 2')),
      ...(await busiest('DeviceComplianceEvents | where isnotempty(DeviceId) | summarize n = count() by DeviceId | sort by n desc, DeviceId asc | take 2')),
      ...(await busiest('MachineActions | summarize n = count() by DeviceId = MachineId | sort by n desc, DeviceId asc | take 1')),
      // the devices with the most alerts (some of their alerts have no AlertStatus row, some several)
      ...(await busiest('AlertEvidence | where isnotempty(DeviceId) | summarize n = dcount(AlertId) by DeviceId | sort by n desc, DeviceId asc | take 3')),
      "Alex's iPhone",
      'no-such-device',
    ];
    const summary = summaryCards(catalog);
    let shown = 0;
    let fromCard7 = 0;
    let alerts = 0;
    let unresolved = 0;
    for (const device of cases) {
      const n0 = log.length;
      const a = await loadDevicePage(run, device, undefined, undefined, { summary });
      const used = log.slice(n0);
      const b = await loadDevicePage(run, device);
      expect(devicePageData(a), device).toEqual(devicePageData(b));
      if (a.found && a.platform === 'endpoint') {
        // the Device card and the side cards read the summary, not their tables; so does the
        // timeline opened on the first alert
        const card7 = a.alerts.data.length > 0;
        expect(used.filter((k) => k.startsWith(DEVICE_SUMMARY)).length, device).toBe((a.signins.kql ? 7 : 6) + (card7 ? 1 : 0));
        expect(used.some((k) => k.startsWith(`${DEVICE_SUMMARY}\n| where Card == ${TIMELINE_CARD} and`)), device).toBe(card7);
        for (const t of ['DeviceInfo', 'DeviceRiskEvents', 'DeviceComplianceEvents', 'MachineActions', 'DeviceLogonEvents', 'AADSignInEventsBeta', 'AlertInfo', 'AlertEvidence', 'AlertStatus'])
          expect(used.some((k) => k.startsWith(`${t}\n`)), `${device} ${t}`).toBe(false);
        if (card7) fromCard7 += a.timeline.data.length;
        shown += a.risk.data.length + a.compliance.data.length + a.actions.data.length + a.logons.data.length + a.signins.data.length;
        alerts += a.alerts.data.length;
        unresolved += a.alerts.data.filter((r) => r.Status === null || r.Status === '').length;
      }
    }
    expect(shown).toBeGreaterThan(50);
    // alerts were compared, including alerts with no status row
    expect(alerts).toBeGreaterThan(8);
    expect(unresolved).toBeGreaterThan(0);
    // timelines were compared from Card 7
    expect(fromCard7).toBeGreaterThan(20);
  }, 600_000);

  it('gives the same timelines from Card 7 as from DeviceTimeline and the tables, and reads DeviceTimeline when a moment is given', async () => {
    const summary = summaryCards(catalog);
    const devices = (await rows(`${DEVICE_SUMMARY} | where Card == ${ALERTS_CARD} | summarize n = count() by Device | sort by n desc, Device asc | take 6`)).map((r) => String(r.Device));
    expect(devices.length).toBe(6);
    for (const device of devices) {
      const n0 = log.length;
      const a = await loadDevicePage(run, device, undefined, undefined, { summary, index: true });
      const used = log.slice(n0);
      const b = await loadDevicePage(run, device, undefined, undefined, { index: true });
      expect(devicePageData(a), device).toEqual(devicePageData(b));
      expect(used.some((k) => k.startsWith(`${DEVICE_SUMMARY}\n| where Card == ${TIMELINE_CARD} and`)), device).toBe(true);
      expect(used.filter((k) => k.startsWith(`${DEVICE_TIMELINE}\n`)).length, device).toBe(1); // the histogram
      // a moment given (the first alert's, as a link would give it): DeviceTimeline
      const n1 = log.length;
      const c = await loadDevicePage(run, device, a.at, 30, { summary, index: true });
      expect(log.slice(n1).some((k) => k.includes(`Card == ${TIMELINE_CARD}`)), device).toBe(false);
      expect(c.timeline.data, device).toEqual(a.timeline.data);
      // with DeviceHourlyEvents too (a generated lab): the first look reads no DeviceTimeline at all
      const n2 = log.length;
      const d = await loadDevicePage(run, device, undefined, undefined, { summary, index: true, hours: true });
      expect(devicePageData(d), device).toEqual(devicePageData(b));
      expect(log.slice(n2).filter((k) => k.startsWith(`${DEVICE_TIMELINE}\n`)).length, device).toBe(0);
      expect(log.slice(n2).filter((k) => k.startsWith(`${DEVICE_HOURS}\n`)).length, device).toBe(1);
    }
  }, 600_000);

  it('reads a card from the summary by its query after the table', () => {
    expect(fromSummaryKql('MachineActions\n| where MachineId == "x"\n| take 1', 3, 'x')).toBe(`${DEVICE_SUMMARY}\n| where Card == 3 and Device == "x"\n| where MachineId == "x"\n| take 1`);
    expect(fromSummaryKql('DeviceInfo\n| where DeviceName =~ "a"', 0)).toBe(`${DEVICE_SUMMARY}\n| where Card == 0\n| where DeviceName =~ "a"`);
    expect(() => fromSummaryKql('union A, B\n| take 1', 1, 'x')).toThrow(/one table/);
  });
});
