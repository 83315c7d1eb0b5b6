/**
 * The device page with DeviceHourlyEvents (catalog/device-hours.ts) gives the same pages as the
 * queries over the event tables, its histogram read from the side table. The table is built on the
 * committed lab with the SQL the generator's writer runs (deviceHoursSql), in the engine the views use.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVICE_HOURS, deviceHoursSql, deviceHoursTable, hasDeviceHours } from '../../src/catalog/device-hours.ts';
import type { Catalog } from '../../src/catalog/types.ts';
import { histogramKql, loadDevicePage } from '../../src/investigate/device.ts';
import { type KqlRunner, type Row, rowsOf } from '../../src/investigate/kql.ts';
import { devicePageData, type Lab, openLab, withSideTable } from './lab.ts';

const DEVICE_ID = '99b14e30b7738db0b26d8bafab381c551fe3a4d3';
const UNION = 'union withsource=Table DeviceProcessEvents, DeviceFileEvents, DeviceRegistryEvents, DeviceNetworkEvents, DeviceEvents, DeviceImageLoadEvents, DeviceLogonEvents';

let lab: Lab;
let catalog: Catalog;
let run: KqlRunner;
const log: string[] = [];

beforeAll(async () => {
  lab = await openLab();
  const sql = deviceHoursSql(lab.catalog.tables);
  expect(sql).not.toBeNull();
  ({ catalog, run } = await withSideTable(lab, DEVICE_HOURS, [sql!], (n) => deviceHoursTable(lab.catalog.tables, n), log));
}, 120_000);
afterAll(async () => {
  await lab?.engine.close();
});

const rows = async (kql: string): Promise<Row[]> => rowsOf(await run(kql));

describe('device histogram (DeviceHourlyEvents side table)', () => {
  it('holds the histogram rows of every device: the count per DeviceId, hour and table of the seven event tables', async () => {
    expect(hasDeviceHours(catalog)).toBe(true);
    expect(hasDeviceHours(lab.catalog)).toBe(false);
    const side = await rows(`${DEVICE_HOURS} | project DeviceId, Timestamp, Table, Events | sort by DeviceId asc, Timestamp asc, Table asc`);
    const union = await rows(`${UNION}
| where isnotempty(DeviceId)
| summarize Events = count() by DeviceId, Timestamp = bin(Timestamp, 1h), Table
| sort by DeviceId asc, Timestamp asc, Table asc`);
    expect(side.length).toBeGreaterThan(1000);
    expect(side).toEqual(union);
    // the file's order is (DeviceId, Timestamp, Table): one device's rows together
    const stored = await lab.engine.query(`SELECT "DeviceId", "Timestamp", "Table" FROM "${DEVICE_HOURS}"`);
    const keys = stored.toArray().map((r) => `${r.DeviceId}|${String(Number(r.Timestamp)).padStart(16, '0')}|${r.Table}`);
    expect(keys).toEqual([...keys].sort());
  }, 120_000);

  it('gives the same device pages as the union over the event tables, the histogram read from the side table', async () => {
    const busiest = await rows(`${DEVICE_HOURS} | summarize n = sum(Events) by DeviceId | sort by n desc, DeviceId asc | take 4`);
    const cases: [string, string?, number?][] = [['win10-lab01'], ['WIN10-LAB01'], [DEVICE_ID, '2024-05-14T09:42:36.902Z', 1], ...busiest.map((r): [string] => [String(r.DeviceId)])];
    let bars = 0;
    for (const [device, at, minutes] of cases) {
      const n0 = log.length;
      const withHours = await loadDevicePage(run, device, at, minutes, { hours: true });
      const used = log.slice(n0);
      const without = await loadDevicePage(run, device, at, minutes);
      expect(devicePageData(withHours), `${device} ${at} ${minutes}`).toEqual(devicePageData(without));
      expect(withHours.histogram.kql).toBe(histogramKql(withHours.deviceId));
      // the histogram from the side table, the timeline still over the union (no DeviceTimeline here)
      expect(used.filter((k) => k.startsWith(DEVICE_HOURS)).length).toBe(1);
      expect(used.filter((k) => k.startsWith('union withsource=Table')).length).toBe(1);
      bars += withHours.histogram.data.length;
    }
    expect(bars).toBeGreaterThan(100);
  }, 600_000);
});
