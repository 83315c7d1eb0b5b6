/**
 * The device summary of a dataset written as a DuckDB database file: the side table
 * `DeviceSummary`, the rows the device page's side cards read, for every device of DeviceInfo,
 * copied from their tables into one small table sorted by device (investigate/device.ts):
 *
 * - `Card` 0: DeviceInfo's latest rows of each (DeviceId, DeviceName) (all rows at that latest
 *   Timestamp), narrowed to the Device card's columns. The Device card's query (the name or id
 *   matched either case, then arg_max by DeviceId) gives the same rows over these as over the table.
 * - the rows a device's page shows, under that device (`Device`), with the columns the card's
 *   query reads: `Card` 1 its DeviceRiskEvents rows (by DeviceId), 2 its DeviceComplianceEvents
 *   rows (by DeviceId, or by one of the AadDeviceIds DeviceInfo gives the device), 3 its
 *   MachineActions rows (by MachineId), 4 its DeviceLogonEvents rows of ActionType LogonSuccess,
 *   5 the AADSignInEventsBeta rows of one of its AadDeviceIds. A row shown by two devices' pages
 *   is copied under each.
 * - `Card` 6: the rows of the alerts card itself (investigate/device.ts deviceAlertsKql, over
 *   AlertInfo, AlertEvidence and AlertStatus): each AlertInfo row of an alert with AlertEvidence
 *   naming the device (by DeviceId), with the Status, Classification and ResolvedTime of the
 *   alert's latest AlertStatus row (the same arg_max the compiled query runs; null when it has
 *   none). The page reads them with alertsFromSummaryKql: the query's join is done here.
 * - `Card` 7 (when the dataset has DeviceTimeline, catalog/device-timeline.ts): the rows the page's
 *   timeline shows when it opens with no moment given, for a device with alerts: its DeviceTimeline
 *   rows (the timeline's columns) within TIMELINE_CARD_MINUTES, plus one, either side of its first
 *   alert (the earliest Timestamp of its Card 6 rows). The page runs the timeline's own query (the
 *   window, sort and `take`) over them, so they need only hold every row that query keeps: the
 *   extra minute covers a moment printed to the millisecond. This spares the page's first look at a
 *   device the reads of DeviceTimeline (its row-group metadata spread over the file, then the
 *   device's row group); a device without alerts, or a moment given, still reads DeviceTimeline.
 *
 * The page runs each card's own query over its card's rows of the device (the same query text after
 * the table), so it gives the card's rows; the card still shows the query over the table. A table
 * the dataset lacks gives no card number here: the page then queries the table. Sorted with the
 * Card 0 rows first (so a name lookup reads their row groups only), then by Device, Card and
 * Timestamp: a device's rows are a few hundred contiguous rows. The generator derives it last, in
 * small row groups (lab/index.ts → DatabaseWriter.derive); Arrow datasets, user files and cloned
 * labs (whose cloned devices it would miss) have none.
 *
 * Why: on a big dataset each table a query touches costs reads of its row-group metadata and at
 * least one block per column it reads; the page's seven queries on DeviceInfo (two),
 * DeviceRiskEvents, DeviceComplianceEvents, MachineActions, DeviceLogonEvents (16 MiB at the 1M
 * lab: its rows are not grouped by device) and AADSignInEventsBeta become queries on one table.
 */
import { DEVICE_TIMELINE } from './device-timeline.ts';
import { ident as q } from '../kql/sql/quote.ts';
import { storageNames } from './storage.ts';
import type { Catalog, CatalogColumn, CatalogTable, KqlType } from './types.ts';

export const DEVICE_SUMMARY = 'DeviceSummary';

/** A card of the summary: its number, source table, the columns copied, and how its rows find their device. */
export interface SummaryCard {
  card: number;
  table: string;
  columns: readonly string[];
  /**
   * What the source rows `r` join to find their devices (`d.Device`): `devices d ON …` (a device
   * and its list of AadDeviceIds, `d.Aads`) or `aad d ON …` (one row per device and AadDeviceId,
   * `d.Aad`); a source column is named `r."Name"` by its catalog name. A superset of the rows the
   * card shows is allowed: the card's query still filters them.
   */
  join: string;
}

/** The Device card: DeviceInfo's columns that investigate/device.ts DEVICE_INFO reads. */
export const INFO_COLUMNS = ['Timestamp', 'DeviceId', 'DeviceName', 'AadDeviceId', 'OSPlatform', 'OSBuild', 'JoinType', 'IsAzureADJoined', 'PublicIP', 'MachineGroup', 'ExposureLevel', 'SensorHealthState', 'OnboardingStatus', 'LoggedOnUsers'];

/** The device page's side cards (investigate/device.ts: deviceRiskKql, deviceComplianceKql, machineActionsKql, logonsKql, deviceSigninsKql). */
export const SUMMARY_CARDS: readonly SummaryCard[] = [
  { card: 1, table: 'DeviceRiskEvents', columns: ['DeviceId', 'Timestamp', 'PreviousRiskScore', 'RiskScore', 'TriggerAlertId', 'Reason'], join: 'devices d ON r."DeviceId" = d.Device' },
  {
    card: 2,
    table: 'DeviceComplianceEvents',
    columns: ['DeviceId', 'AadDeviceId', 'Timestamp', 'PolicyName', 'SettingName', 'Expected', 'Actual', 'PreviousState', 'NewState', 'Reason'],
    join: 'devices d ON r."DeviceId" = d.Device OR list_contains(d.Aads, r."AadDeviceId")',
  },
  { card: 3, table: 'MachineActions', columns: ['MachineId', 'Timestamp', 'Type', 'Status', 'Scope', 'Requestor', 'RequestorComment', 'Id'], join: 'devices d ON r."MachineId" = d.Device' },
  { card: 4, table: 'DeviceLogonEvents', columns: ['DeviceId', 'ActionType', 'Timestamp', 'AccountDomain', 'AccountName', 'LogonType'], join: `devices d ON r."DeviceId" = d.Device AND r."ActionType" = 'LogonSuccess'` },
  {
    card: 5,
    table: 'AADSignInEventsBeta',
    columns: ['AadDeviceId', 'Timestamp', 'ErrorCode', 'AccountUpn', 'ResourceDisplayName', 'ClientAppUsed', 'IsCompliant', 'AuthenticationRequirement', 'CorrelationId'],
    join: 'aad d ON r."AadDeviceId" = d.Aad',
  },
];

/** The alerts card (Card 6): its columns (deviceAlertsKql's `project`) and where each comes from. */
export const ALERTS_CARD = 6;
export const ALERT_COLUMNS: readonly { name: string; table: 'AlertInfo' | 'AlertStatus' }[] = [
  { name: 'Timestamp', table: 'AlertInfo' },
  { name: 'AlertId', table: 'AlertInfo' },
  { name: 'Title', table: 'AlertInfo' },
  { name: 'Severity', table: 'AlertInfo' },
  { name: 'Category', table: 'AlertInfo' },
  { name: 'Status', table: 'AlertStatus' },
  { name: 'Classification', table: 'AlertStatus' },
  { name: 'ResolvedTime', table: 'AlertStatus' },
];

/** The default timeline's card (Card 7): the rows around a device's first alert. */
export const TIMELINE_CARD = 7;
/** The page's timeline with no moment given: this many minutes either side of the device's first alert. */
export const TIMELINE_CARD_MINUTES = 30;
/** The timeline's columns (investigate/device.ts timelineKql's `project`), DeviceTimeline's. */
export const TIMELINE_CARD_COLUMNS = [
  'Timestamp',
  'Table',
  'ActionType',
  'ReportId',
  'FileName',
  'FolderPath',
  'ProcessCommandLine',
  'RemoteIP',
  'RemotePort',
  'RemoteUrl',
  'RegistryKey',
  'RegistryValueName',
  'RegistryValueData',
  'AccountName',
  'AdditionalFields',
  'InitiatingProcessFileName',
  'InitiatingProcessId',
  'InitiatingProcessCreationTime',
];
/** DeviceTimeline's columns Card 7 copies: the timeline's and DeviceId (its query's filter). */
const TIMELINE_SOURCE_COLUMNS = ['DeviceId', ...TIMELINE_CARD_COLUMNS];

/** Whether a dataset's catalog lists the summary (a generated DuckDB dataset's side table). */
export function hasDeviceSummary(catalog: Catalog | null | undefined): boolean {
  return !!catalog?.tables.some((t) => t.name === DEVICE_SUMMARY && t.kind === 'side');
}

/**
 * The cards a dataset's summary holds (none without one): those whose tables (with the columns
 * copied) the catalog lists, as when the summary was derived from the same tables.
 */
export function summaryCards(catalog: Catalog | null | undefined): Set<number> {
  if (!catalog || !hasDeviceSummary(catalog)) return new Set();
  const p = plan(catalog.tables.filter((t) => t.kind !== 'side' || t.name !== DEVICE_SUMMARY));
  // the alerts card came later: a summary written before it lacks its columns (and rows)
  const summary = catalog.tables.find((t) => t.name === DEVICE_SUMMARY && t.kind === 'side');
  const alerts = !!p?.alerts && has(summary, ALERT_COLUMNS.map((c) => c.name));
  // so did the default timeline's (and it needs the alerts card)
  const timeline = alerts && !!p?.timeline && has(summary, TIMELINE_SOURCE_COLUMNS);
  return new Set(p ? [0, ...p.cards.map((c) => c.card.card), ...(alerts ? [ALERTS_CARD] : []), ...(timeline ? [TIMELINE_CARD] : [])] : []);
}

interface Plan {
  columns: { name: string; type: KqlType; duckType?: string }[];
  info: CatalogTable;
  cards: { card: SummaryCard; table: CatalogTable }[];
  /** The alerts card's three tables, when the catalog has them with the columns it reads. */
  alerts: { info: CatalogTable; evidence: CatalogTable; status: CatalogTable } | null;
  /** DeviceTimeline, when the catalog lists it with the columns Card 7 copies (and the alerts card is there). */
  timeline: CatalogTable | null;
}

const has = (t: CatalogTable | undefined, names: readonly string[]): t is CatalogTable => !!t && names.every((n) => t.columns.some((c) => c.name === n));

/** The columns (Card, Device, then each card's, a name's type the same in every table) and the cards whose tables are present; null without DeviceInfo. */
function plan(tables: readonly CatalogTable[]): Plan | null {
  const info = tables.find((t) => t.name === 'DeviceInfo');
  if (!info || INFO_COLUMNS.some((c) => !info.columns.some((x) => x.name === c))) return null;
  const cards = SUMMARY_CARDS.flatMap((card) => {
    const table = tables.find((t) => t.name === card.table);
    return table && card.columns.every((c) => table.columns.some((x) => x.name === c)) ? [{ card, table }] : [];
  });
  const columns: Plan['columns'] = [
    { name: 'Card', type: 'long' },
    { name: 'Device', type: 'string' },
  ];
  const add = (t: CatalogTable, name: string) => {
    const c = t.columns.find((x) => x.name === name)!;
    const have = columns.find((x) => x.name === name);
    if (!have) columns.push({ name, type: c.type, ...(c.duckType ? { duckType: c.duckType } : {}) });
    else if (have.type !== c.type || have.duckType !== c.duckType) throw new Error(`${DEVICE_SUMMARY}: ${name} is ${have.duckType ?? have.type} in one table and ${c.duckType ?? c.type} in ${t.name}`);
  };
  for (const c of INFO_COLUMNS) add(info, c);
  for (const { card, table } of cards) for (const c of card.columns) add(table, c);
  const named = (n: string) => tables.find((t) => t.name === n);
  const [ai, ae, as] = [named('AlertInfo'), named('AlertEvidence'), named('AlertStatus')];
  const alerts =
    has(ai, ['AlertId', ...ALERT_COLUMNS.filter((c) => c.table === 'AlertInfo').map((c) => c.name)]) &&
    has(ae, ['AlertId', 'DeviceId']) &&
    has(as, ['AlertId', 'Timestamp', ...ALERT_COLUMNS.filter((c) => c.table === 'AlertStatus').map((c) => c.name)])
      ? { info: ai, evidence: ae, status: as }
      : null;
  if (alerts) for (const c of ALERT_COLUMNS) add(c.table === 'AlertInfo' ? alerts.info : alerts.status, c.name);
  const tl = named(DEVICE_TIMELINE);
  const timeline = alerts && tl?.kind === 'side' && has(tl, TIMELINE_SOURCE_COLUMNS) ? tl : null;
  if (timeline) for (const c of TIMELINE_SOURCE_COLUMNS) add(timeline, c);
  return { columns, info, cards, alerts, timeline };
}


/** A table's stored name of each of its catalog columns. */
function stored(t: CatalogTable): Map<string, string> {
  const names = t.columns.map((c) => c.name);
  const s = storageNames(names);
  return new Map(names.map((n, i) => [n, s[i]]));
}

/** The SELECT that builds the summary from the tables of `tables` (catalog entries); null without DeviceInfo. */
export function deviceSummarySql(tables: readonly CatalogTable[]): string | null {
  const p = plan(tables);
  if (!p) return null;
  const leg = (card: number, t: CatalogTable, names: readonly string[], from: string, device: string) => {
    const s = stored(t);
    const cols = p.columns.map((c) => {
      if (c.name === 'Card') return `CAST(${card} AS BIGINT) AS "Card"`;
      if (c.name === 'Device') return `${device} AS "Device"`;
      return names.includes(c.name) ? `r.${q(s.get(c.name)!)} AS ${q(c.name)}` : `NULL AS ${q(c.name)}`;
    });
    return `SELECT ${cols.join(', ')} FROM ${from}`;
  };
  const info = stored(p.info);
  const dev = q(info.get('DeviceId')!);
  const legs = [
    // every row at the latest Timestamp of its (DeviceId, DeviceName): arg_max over them is arg_max over the table
    `${leg(0, p.info, INFO_COLUMNS, `${q(p.info.name)} r`, `r.${dev}`)} QUALIFY rank() OVER (PARTITION BY r.${dev}, r.${q(info.get('DeviceName')!)} ORDER BY r.${q(info.get('Timestamp')!)} DESC NULLS LAST) = 1`,
    ...p.cards.map(({ card, table }) => {
      // the join names the source columns by catalog name: their stored names
      const s = stored(table);
      const join = card.join.replace(/r\."([^"]+)"/g, (_, n: string) => `r.${q(s.get(n) ?? n)}`);
      return leg(card.card, table, card.columns, `${q(table.name)} r JOIN ${join}`, 'd.Device');
    }),
  ];
  if (p.alerts) {
    const { info: ai, evidence: ae, status: as } = p.alerts;
    const [si, se, ss] = [stored(ai), stored(ae), stored(as)];
    const fromStatus = ALERT_COLUMNS.filter((c) => c.table === 'AlertStatus');
    // the latest status row of each alert: the compiled `summarize arg_max(Timestamp, …) by AlertId` (kql/lower: a null Timestamp loses)
    const latest = `SELECT ${q(ss.get('AlertId')!)} AS AlertId, arg_max({${fromStatus.map((c, i) => `'v${i}': ${q(ss.get(c.name)!)}`).join(', ')}}, {'k': ${q(ss.get('Timestamp')!)} IS NOT NULL, 'v': ${q(ss.get('Timestamp')!)}}) AS s FROM ${q(as.name)} GROUP BY 1`;
    const evidence = `SELECT DISTINCT e.${q(se.get('DeviceId')!)} AS Device, e.${q(se.get('AlertId')!)} AS AlertId FROM ${q(ae.name)} e JOIN devices d ON e.${q(se.get('DeviceId')!)} = d.Device`;
    const cols = p.columns.map((c) => {
      if (c.name === 'Card') return `CAST(${ALERTS_CARD} AS BIGINT) AS "Card"`;
      if (c.name === 'Device') return 'ev.Device AS "Device"';
      const a = ALERT_COLUMNS.find((x) => x.name === c.name);
      if (!a) return `NULL AS ${q(c.name)}`;
      return a.table === 'AlertInfo' ? `r.${q(si.get(c.name)!)} AS ${q(c.name)}` : `st.s.v${fromStatus.indexOf(a)} AS ${q(c.name)}`;
    });
    legs.push(`SELECT ${cols.join(', ')} FROM ${q(ai.name)} r JOIN (${evidence}) ev ON r.${q(si.get('AlertId')!)} = ev.AlertId LEFT JOIN (${latest}) st ON r.${q(si.get('AlertId')!)} = st.AlertId`);
    if (p.timeline) {
      // each device's first alert (the earliest Timestamp of its Card 6 rows), then its timeline rows around it
      const first = `SELECT ev.Device AS Device, min(a.${q(si.get('Timestamp')!)}) AS t FROM ${q(ai.name)} a JOIN (${evidence}) ev ON a.${q(si.get('AlertId')!)} = ev.AlertId GROUP BY ev.Device`;
      const st = stored(p.timeline);
      const ts = `r.${q(st.get('Timestamp')!)}`;
      const span = `INTERVAL ${TIMELINE_CARD_MINUTES + 1} MINUTE`;
      legs.push(
        `${leg(TIMELINE_CARD, p.timeline, TIMELINE_SOURCE_COLUMNS, `${q(p.timeline.name)} r JOIN (${first}) f ON r.${q(st.get('DeviceId')!)} = f.Device AND ${ts} BETWEEN f.t - ${span} AND f.t + ${span}`, 'f.Device')}`,
      );
    }
  }
  const aadCol = q(info.get('AadDeviceId')!);
  return `WITH devices AS (SELECT ${dev} AS Device, list(DISTINCT ${aadCol}) FILTER (WHERE ${aadCol} IS NOT NULL AND ${aadCol} <> '') AS Aads FROM ${q(p.info.name)} WHERE ${dev} IS NOT NULL GROUP BY ${dev}),
aad AS (SELECT DISTINCT ${dev} AS Device, ${q(info.get('AadDeviceId')!)} AS Aad FROM ${q(p.info.name)} WHERE ${dev} IS NOT NULL AND ${q(info.get('AadDeviceId')!)} IS NOT NULL AND ${q(info.get('AadDeviceId')!)} <> '')
SELECT * FROM (
${legs.join('\nUNION ALL\n')}
) ORDER BY "Card" <> 0, "Device" ASC NULLS LAST, "Card" ASC, "Timestamp" ASC NULLS LAST`;
}

/** The summary's catalog entry (`rowCount` as written), for these tables. */
export function deviceSummaryTable(tables: readonly CatalogTable[], rowCount: number): CatalogTable {
  const p = plan(tables);
  if (!p) throw new Error(`${DEVICE_SUMMARY}: the dataset has no DeviceInfo`);
  const source = new Map<string, string>();
  for (const c of INFO_COLUMNS) source.set(c, 'DeviceInfo');
  for (const { card } of p.cards) for (const c of card.columns) source.set(c, source.has(c) ? `${source.get(c)}, ${card.table}` : card.table);
  if (p.alerts) for (const c of ALERT_COLUMNS) source.set(c.name, source.has(c.name) ? `${source.get(c.name)}, ${c.table}` : c.table);
  if (p.timeline) for (const c of TIMELINE_SOURCE_COLUMNS) source.set(c, source.has(c) ? `${source.get(c)}, ${DEVICE_TIMELINE}` : DEVICE_TIMELINE);
  const describe: Record<string, string> = {
    Card: `which card the row is for: 0 the device (DeviceInfo), 1 risk, 2 compliance, 3 machine actions, 4 logons, 5 sign-ins, 6 alerts (an alert with evidence on the device and its latest status), 7 the timeline's rows (DeviceTimeline) within ${TIMELINE_CARD_MINUTES} minutes of the device's first alert`,
    Device: 'the DeviceId whose page shows the row',
  };
  return {
    name: DEVICE_SUMMARY,
    kind: 'side',
    description: `Derived copy of the rows the device page's side cards read (written with the DuckDB file, not part of the generated data), one device's rows together: the device page reads it instead of ${1 + p.cards.length + (p.alerts ? 3 : 0)} tables${p.timeline ? `, and reads its first timeline (around the device's first alert) here instead of in ${DEVICE_TIMELINE}` : ''}.`,
    columns: p.columns.map(
      (c): CatalogColumn => ({
        name: c.name,
        type: c.type,
        ...(c.duckType ? { duckType: c.duckType } : {}),
        description: describe[c.name] ?? `${c.name} of the source row (${source.get(c.name)}; null in the other cards' rows)`,
      }),
    ),
    rowCount,
    sampleQuery: `${DEVICE_SUMMARY}\n| summarize Rows = count() by Card`,
  };
}
