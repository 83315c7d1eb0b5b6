/**
 * The device page and the process tree with the device timeline (catalog/device-timeline.ts) give
 * the same pages as the queries over the event tables. The timeline is built on the committed lab
 * with the SQL the generator's writer runs (deviceTimelineSql), in the engine the views use.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVICE_TIMELINE, deviceTimelineSql, deviceTimelineTable, hasDeviceTimeline } from '../../src/catalog/device-timeline.ts';
import type { Catalog } from '../../src/catalog/types.ts';
import { loadAlertStory } from '../../src/investigate/alert.ts';
import { loadDevicePage } from '../../src/investigate/device.ts';
import { type KqlRunner, type Row, rowsOf } from '../../src/investigate/kql.ts';
import { flatten, loadProcessTree, type ProcessTreeView } from '../../src/investigate/process-tree.ts';
import { devicePageData, type Lab, openLab, withSideTable } from './lab.ts';

const DEVICE_ID = '99b14e30b7738db0b26d8bafab381c551fe3a4d3';
const ALERT = 'da638512766602210975_-402117653';

let lab: Lab;
let catalog: Catalog;
let run: KqlRunner;
const log: string[] = [];

beforeAll(async () => {
  lab = await openLab();
  // in parts of about 2,000 rows (the generator's writer: 1,000,000), so the parts' order is what is tested
  const parts = deviceTimelineSql(lab.catalog.tables, 2000);
  expect(parts.length).toBeGreaterThan(5);
  ({ catalog, run } = await withSideTable(lab, DEVICE_TIMELINE, parts, (n) => deviceTimelineTable(lab.catalog.tables, n), log));
}, 120_000);
afterAll(async () => {
  await lab?.engine.close();
});

/** A tree's nodes in display order with their records and activity (no Map). */
function treeData(v: ProcessTreeView | null) {
  if (!v) return null;
  return {
    found: v.found,
    sessionParent: v.sessionParent,
    // the card's queries (over the event tables) are the same; the number of queries run is not
    kql: v.card.kql.replace(/The view ran \d+ queries/, 'The view ran N queries'),
    issues: v.tree.issues,
    nodes: flatten(v.tree).map((n) => ({ id: n.id, depth: n.depth, focus: n.focus, issue: n.issue, record: n.record, activity: n.activity })),
  };
}

/** Rows of a query as plain values. */
const rows = async (kql: string): Promise<Row[]> => rowsOf(await run(kql));

describe('device timeline (DeviceTimeline side table)', () => {
  it('holds every row of the seven event tables once, with its table and ReportId; a device\'s (Table, ReportId) is unique', async () => {
    expect(hasDeviceTimeline(catalog)).toBe(true);
    expect(hasDeviceTimeline(lab.catalog)).toBe(false);
    const side = await rows(`${DEVICE_TIMELINE} | summarize Rows = count(), Keys = dcount(strcat(DeviceId, "|", Table, "|", ReportId)) by Table | sort by Table asc`);
    const union = await rows(
      'union withsource=Table DeviceProcessEvents, DeviceFileEvents, DeviceRegistryEvents, DeviceNetworkEvents, DeviceEvents, DeviceImageLoadEvents, DeviceLogonEvents | summarize Rows = count() by Table | sort by Table asc',
    );
    expect(side.map((r) => [r.Table, r.Rows])).toEqual(union.map((r) => [r.Table, r.Rows]));
    expect(side.length).toBe(7);
    for (const r of side) expect(r.Keys, String(r.Table)).toBe(r.Rows);
  }, 120_000);

  it('gives the same device pages (timeline, histogram: rows and KQL) as the union over the event tables', async () => {
    // the scenario's device (around its first alert, at a moment, latest events) and the busiest devices
    const busiest = await rows(`${DEVICE_TIMELINE} | summarize n = count() by DeviceId | sort by n desc, DeviceId asc | take 4`);
    const cases: [string, string?, number?][] = [
      ['win10-lab01'],
      [DEVICE_ID, '2024-05-14T09:42:36.902Z', 1],
      [DEVICE_ID, '2024-05-14T09:42:36.902Z', 600],
      ...busiest.map((r): [string] => [String(r.DeviceId)]),
      ...busiest.slice(0, 2).map((r): [string, string, number] => [String(r.DeviceId), '2024-05-14T12:00:00Z', 180]),
    ];
    let timelineRows = 0;
    for (const [device, at, minutes] of cases) {
      const n0 = log.length;
      const withIndex = await loadDevicePage(run, device, at, minutes, { index: true });
      const used = log.slice(n0);
      const without = await loadDevicePage(run, device, at, minutes);
      expect(devicePageData(withIndex), `${device} ${at} ${minutes}`).toEqual(devicePageData(without));
      // the timeline and the histogram were read from the side table, not from the event tables
      expect(used.filter((k) => k.startsWith(DEVICE_TIMELINE)).length).toBe(2);
      expect(used.some((k) => k.startsWith('union withsource=Table'))).toBe(false);
      timelineRows += withIndex.timeline.data.length;
    }
    expect(timelineRows).toBeGreaterThan(1000);
  }, 600_000);

  it('gives the same process trees (nodes and activity) as the union over the activity tables', async () => {
    // the scenario's alert story and process, and the processes with the most activity
    const busy = await rows(`${DEVICE_TIMELINE}
| where Table != "DeviceProcessEvents" and isnotnull(InitiatingProcessId)
| summarize n = count() by DeviceId, InitiatingProcessId, InitiatingProcessCreationTime
| sort by n desc, DeviceId asc, InitiatingProcessId asc | take 6`);
    const focus = [
      { deviceId: DEVICE_ID, processId: 6120, creationTime: '2024-05-14T09:42:03.117Z' },
      ...busy.map((r) => ({ deviceId: String(r.DeviceId), processId: Number(r.InitiatingProcessId), creationTime: String(r.InitiatingProcessCreationTime) })),
    ];
    // the steps' rows come in another order from the side table: the same tree as long as no two
    // creation events share a key (true of generated data) and no level passes the steps' limit
    expect(await rows('DeviceProcessEvents | summarize n = count() by DeviceId, ProcessId, ProcessCreationTime | where n > 1 | count')).toEqual([{ Count: 0 }]);
    let activity = 0;
    let perStepQueries = 0;
    for (const f of focus) {
      const n0 = log.length;
      const a = await loadProcessTree(run, [f], { index: true });
      const used = log.slice(n0);
      // the device's creation events in one query of the side table, walked in memory; the
      // activity in one scan of it (no union); DeviceProcessEvents only for the full rows of stubs'
      // children (all 25 columns)
      expect(used[0]).toMatch(new RegExp(`^${DEVICE_TIMELINE}\n\\| where DeviceId == "[^"]+" and Table == "DeviceProcessEvents"\n\\| project [^\n]+\n\\| take 20001$`));
      expect(used.at(-1)!.startsWith(`${DEVICE_TIMELINE}\n| where DeviceId`)).toBe(true);
      expect(used.some((k) => k.startsWith('union'))).toBe(false);
      expect(used.filter((k) => k.includes('DeviceProcessEvents\n') && !k.includes('InitiatingProcessFolderPath')).length).toBe(0);
      expect(used.length).toBeLessThanOrEqual(3);
      const b = await loadProcessTree(run, [f]);
      expect(treeData(a), JSON.stringify(f)).toEqual(treeData(b));
      // one query per step on the side table (its activity still one scan): the same tree
      const n1 = log.length;
      const c = await loadProcessTree(run, [f], { index: true, maxIndexRows: 0 });
      perStepQueries += log.length - n1;
      expect(treeData(c), JSON.stringify(f)).toEqual(treeData(b));
      activity += flatten(a.tree).reduce((s, n) => s + n.activity.length, 0);
    }
    expect(activity).toBeGreaterThan(100);
    expect(perStepQueries).toBeGreaterThan(3 * focus.length);
    const story = await loadAlertStory(run, ALERT, { index: true });
    const plain = await loadAlertStory(run, ALERT);
    expect(treeData(story.tree)).toEqual(treeData(plain.tree));
    expect(flatten(story.tree!.tree).some((n) => n.activity.some((x) => x.role === 'target'))).toBe(true);
  }, 600_000);
});
