/**
 * The device page (`#/device/<DeviceId or DeviceName>`): identity, a timeline of its events
 * (filterable by table and ActionType, with a histogram), alerts, risk and compliance history,
 * machine actions, logged-on users, its sign-ins, and "go hunt": the events within ±N minutes of a
 * moment. With no moment given, the timeline centres on the device's first alert (else its latest
 * events).
 */
import { ALERT_COLUMNS, ALERTS_CARD, DEVICE_SUMMARY, TIMELINE_CARD, TIMELINE_CARD_COLUMNS, TIMELINE_CARD_MINUTES } from '../catalog/device-summary.ts';
import { DEVICE_HOURS } from '../catalog/device-hours.ts';
import { DEVICE_TIMELINE } from '../catalog/device-timeline.ts';
import type { JsonValue } from '../engine/values.ts';
import { type Card, card, dt, type KqlRunner, type Row, rowsOf, str, text } from './kql.ts';

const EVENT_TABLES = 'DeviceProcessEvents, DeviceFileEvents, DeviceRegistryEvents, DeviceNetworkEvents, DeviceEvents, DeviceImageLoadEvents, DeviceLogonEvents';

const DEVICE_MATCH = (device: string) => `DeviceId =~ ${str(device)} or DeviceName =~ ${str(device)}`;
// the columns named (not `*`): the engine reads only these
const DEVICE_INFO = `| summarize arg_max(Timestamp, DeviceName, AadDeviceId, OSPlatform, OSBuild, JoinType, IsAzureADJoined, PublicIP, MachineGroup, ExposureLevel, SensorHealthState, OnboardingStatus, LoggedOnUsers) by DeviceId
| project Timestamp, DeviceId, DeviceName, AadDeviceId, OSPlatform, OSBuild, JoinType, IsAzureADJoined, PublicIP, MachineGroup, ExposureLevel, SensorHealthState, OnboardingStatus, LoggedOnUsers`;

/** The device's latest DeviceInfo row (by id or name, either case): the Device card's query. */
export function resolveDeviceKql(device: string): string {
  return `DeviceInfo
| where ${DEVICE_MATCH(device)}
${DEVICE_INFO}`;
}

/** The ids of the devices `device` names (two columns read, not the whole table). */
export function deviceIdsKql(device: string): string {
  return `DeviceInfo
| where ${DEVICE_MATCH(device)}
| distinct DeviceId`;
}

/**
 * resolveDeviceKql's rows, for devices already known by id: the exact id filter comes first, so
 * the engine reads the rows of those devices only (their row groups in a dataset file laid out by
 * device) instead of every column of the table for the case-insensitive match.
 */
export function resolveDeviceByIdsKql(device: string, ids: string[]): string {
  return `DeviceInfo
| where DeviceId in (${ids.map(str).join(', ')})
| where ${DEVICE_MATCH(device)}
${DEVICE_INFO}`;
}

/**
 * The Device card: resolveDeviceKql's rows (and text), read in two narrow steps: the ids the name
 * matches, then those devices' rows.
 */
async function deviceInfoCard(run: KqlRunner, device: string): Promise<Card> {
  const ids = rowsOf(await run(deviceIdsKql(device))).map((r) => text(r.DeviceId));
  const data = ids.length ? rowsOf(await run(resolveDeviceByIdsKql(device, ids))) : [];
  return { id: 'info', title: 'Device', kql: resolveDeviceKql(device), data };
}

/**
 * A query's rows read from the dataset's DeviceSummary (catalog/device-summary.ts): the same query
 * after its first line (its table) over the summary's rows of card `card` (of the device `deviceId`
 * when given: the rows its page shows).
 */
export function fromSummaryKql(kql: string, card: number, deviceId?: string): string {
  const nl = kql.indexOf('\n');
  if (nl < 0 || !/^[A-Za-z]+$/.test(kql.slice(0, nl))) throw new Error(`not a query on one table: ${kql.slice(0, 40)}`);
  return `${DEVICE_SUMMARY}\n| where Card == ${card}${deviceId === undefined ? '' : ` and Device == ${str(deviceId)}`}${kql.slice(nl)}`;
}

export function suggestDevicesKql(device: string): string {
  const word = device.replace(/[^A-Za-z0-9]+/g, ' ').trim().split(' ')[0] ?? '';
  return `DeviceInfo
| where DeviceName has ${str(word)} or DeviceName startswith ${str(device.slice(0, 6))}
| distinct DeviceName, DeviceId
| take 5`;
}

/**
 * The timeline's columns: those its table shows (Timestamp, Table, ActionType, the inputs of
 * timelineWhat and the initiating process) and ReportId, which with the page's DeviceId and the
 * Timestamp identifies the row for eventDetailsKql. Each (table, column) pair a query touches costs
 * at least one block per row group of a big dataset file, so the other columns (command line of the
 * initiating process, SHA1, ProcessId…) are read only for the row whose details are opened.
 * Sorted on (Timestamp, Table, ReportId): one order for rows at the same time (a device's
 * (Table, ReportId) is unique in generated data), whichever query (timelineFromIndexKql) gives them.
 */
export function timelineKql(deviceId: string, at?: string, minutes = 5, limit = 1000): string {
  return timelineOf(`union withsource=Table ${EVENT_TABLES}`, deviceId, at, minutes, limit);
}

/**
 * timelineKql's rows, read from the dataset's DeviceTimeline (catalog/device-timeline.ts: the seven
 * tables' rows, narrowed to these columns, one device's rows together): one table's columns
 * instead of seven tables'.
 */
export function timelineFromIndexKql(deviceId: string, at?: string, minutes = 5, limit = 1000): string {
  return timelineOf(DEVICE_TIMELINE, deviceId, at, minutes, limit);
}

function timelineOf(source: string, deviceId: string, at: string | undefined, minutes: number, limit: number): string {
  const win = at ? `\n| where Timestamp between ((${dt(at)} - ${minutes}m) .. (${dt(at)} + ${minutes}m))` : '';
  return `${source}
| where DeviceId == ${str(deviceId)}${win}
| project ${TIMELINE_CARD_COLUMNS.join(', ')}
| sort by Timestamp ${at ? 'asc' : 'desc'}, Table asc, ReportId asc
| take ${limit}`;
}

/** The full row (every column of its table) of one timeline event: its device, ReportId and Timestamp. */
export function eventDetailsKql(table: string, deviceId: string, reportId: string, timestamp: string): string {
  if (!EVENT_TABLES.split(', ').includes(table)) throw new Error(`not a device event table: ${table}`);
  if (!/^-?\d+$/.test(reportId)) throw new Error(`not a ReportId: ${reportId}`);
  return `${table}
| where DeviceId == ${str(deviceId)} and ReportId == ${reportId} and Timestamp == ${dt(timestamp)}
| take 2`;
}

export interface EventDetails {
  /** The row to show: the full row when exactly one row has the event's identity, else the timeline's row. */
  row: Row;
  /** Why the timeline's (narrower) row is shown instead of the full one. */
  note?: string;
  kql?: string;
}

/** The details of a timeline row (timelineKql's): its table's full row, read when the row is opened. */
export async function loadEventDetails(run: KqlRunner, deviceId: string, r: Row): Promise<EventDetails> {
  const table = text(r.Table);
  const reportId = text(r.ReportId);
  const ts = text(r.Timestamp);
  if (!deviceId || !/^-?\d+$/.test(reportId) || !ts) return { row: r, note: 'This event has no ReportId: only the timeline columns are shown.' };
  const kql = eventDetailsKql(table, deviceId, reportId, ts);
  const rows = rowsOf(await run(kql));
  if (rows.length !== 1)
    return { row: r, kql, note: rows.length ? 'More than one row has this DeviceId, ReportId and Timestamp: only the timeline columns are shown.' : 'The full row was not found: only the timeline columns are shown.' };
  const { Timestamp, ...rest } = rows[0];
  return { row: { Timestamp, Table: table, ...rest }, kql };
}

/** The table name without the `Device…Events` wrapping (`Process`, `File`…); `DeviceEvents` stays whole. */
export function shortTable(table: string): string {
  const m = /^Device(.+)Events$/.exec(table);
  return m ? m[1] : table;
}

/**
 * One line saying what a timeline event did: the command line of a process, the path of a file,
 * the endpoint of a connection, the registry value, the account of a logon, else the
 * AdditionalFields (`Command` of a PowerShellCommand event, `key=value` for the rest).
 */
export function timelineWhat(r: Row): string {
  if (text(r.ProcessCommandLine)) return text(r.ProcessCommandLine);
  if (text(r.RegistryKey)) {
    const name = text(r.RegistryValueName);
    const data = text(r.RegistryValueData);
    return `${text(r.RegistryKey)}${name ? ` \\ ${name}` : ''}${data ? ` = ${data}` : ''}`;
  }
  if (text(r.RemoteIP) || text(r.RemoteUrl)) {
    const port = r.RemotePort === null || r.RemotePort === undefined ? '' : `:${text(r.RemotePort)}`;
    return `${text(r.RemoteIP)}${port}${text(r.RemoteUrl) ? ` ${text(r.RemoteUrl)}` : ''}`.trim();
  }
  if (text(r.FolderPath)) return text(r.FolderPath);
  if (text(r.FileName)) return text(r.FileName);
  const extra = additionalText(r.AdditionalFields);
  if (extra) return extra;
  return text(r.AccountName);
}

/** AdditionalFields as one line: the `Command` of PowerShell events, else `key=value, …`. */
export function additionalText(v: JsonValue | undefined): string {
  let o: JsonValue | undefined = v;
  if (typeof o === 'string' && /^\s*\{/.test(o)) {
    try {
      o = JSON.parse(o) as JsonValue;
    } catch {
      return o as string;
    }
  }
  if (o === null || o === undefined || o === '') return '';
  if (typeof o !== 'object' || Array.isArray(o)) return text(o);
  if (typeof o.Command === 'string') return o.Command;
  return Object.entries(o)
    .map(([k, x]) => `${k}=${text(x)}`)
    .join(', ');
}

export function histogramKql(deviceId: string): string {
  return histogramOf(`union withsource=Table ${EVENT_TABLES}`, deviceId);
}

/** histogramKql's rows from the dataset's DeviceTimeline. */
export function histogramFromIndexKql(deviceId: string): string {
  return histogramOf(DEVICE_TIMELINE, deviceId);
}

/**
 * histogramKql's rows from the dataset's DeviceHourlyEvents (catalog/device-hours.ts), which holds
 * them for every device (the count per hour and table done when the file was written).
 */
export function histogramFromHoursKql(deviceId: string): string {
  return `${DEVICE_HOURS}
| where DeviceId == ${str(deviceId)}
| project Timestamp, Table, Events
| sort by Timestamp asc, Table asc`;
}

function histogramOf(source: string, deviceId: string): string {
  return `${source}
| where DeviceId == ${str(deviceId)}
| summarize Events = count() by bin(Timestamp, 1h), Table
| sort by Timestamp asc, Table asc`;
}

export function deviceAlertsKql(deviceId: string): string {
  return `AlertInfo
| where AlertId in ((AlertEvidence | where DeviceId == ${str(deviceId)} | distinct AlertId))
| join kind=leftouter (AlertStatus | summarize arg_max(Timestamp, Status, Classification, ResolvedTime) by AlertId) on AlertId
| project Timestamp, AlertId, Title, Severity, Category, Status, Classification, ResolvedTime
| sort by Timestamp asc`;
}

/**
 * deviceAlertsKql's rows, read from the dataset's DeviceSummary (catalog/device-summary.ts): its
 * Card 6 rows of the device are that query's rows (its join done when the summary was written),
 * so one table is read instead of three.
 */
export function alertsFromSummaryKql(deviceId: string): string {
  return `${DEVICE_SUMMARY}
| where Card == ${ALERTS_CARD} and Device == ${str(deviceId)}
| project ${ALERT_COLUMNS.map((c) => c.name).join(', ')}
| sort by Timestamp asc`;
}

export function deviceRiskKql(deviceId: string): string {
  return `DeviceRiskEvents
| where DeviceId == ${str(deviceId)}
| project Timestamp, PreviousRiskScore, RiskScore, TriggerAlertId, Reason
| sort by Timestamp asc`;
}

export function deviceComplianceKql(deviceId: string, aad: string): string {
  return `DeviceComplianceEvents
| where DeviceId == ${str(deviceId)}${aad ? ` or AadDeviceId == ${str(aad)}` : ''}
| project Timestamp, PolicyName, SettingName, Expected, Actual, PreviousState, NewState, Reason
| sort by Timestamp asc`;
}

export function machineActionsKql(deviceId: string): string {
  return `MachineActions
| where MachineId == ${str(deviceId)}
| project Timestamp, Type, Status, Scope, Requestor, RequestorComment, Id
| sort by Timestamp asc`;
}

export function logonsKql(deviceId: string): string {
  return `DeviceLogonEvents
| where DeviceId == ${str(deviceId)} and ActionType == "LogonSuccess"
| summarize Logons = count(), FirstSeen = min(Timestamp), LastSeen = max(Timestamp) by AccountDomain, AccountName, LogonType
| sort by LastSeen desc`;
}

export function deviceSigninsKql(aad: string): string {
  return `AADSignInEventsBeta
| where AadDeviceId == ${str(aad)}
| project Timestamp, ErrorCode, AccountUpn, ResourceDisplayName, ClientAppUsed, IsCompliant, AuthenticationRequirement, CorrelationId
| sort by Timestamp asc`;
}

/** AAD device ids that sign-ins recorded for a device display name ("Alex's iPhone"). */
export function signinDeviceIdsKql(device: string): string {
  return `AADSignInEventsBeta
| where (DeviceName =~ ${str(device)} or AadDeviceId =~ ${str(device)}) and isnotempty(AadDeviceId)
| distinct AadDeviceId
| take 10`;
}

/** A mobile (Exchange ActiveSync) device by its EAS DeviceId or its AAD device id: latest state. */
export function resolveMobileKql(device: string, aadIds: string[]): string {
  const ids = [device, ...aadIds].map(str).join(', ');
  return `MobileDevices
| where DeviceId =~ ${str(device)} or AadDeviceId in~ (${ids})
| summarize arg_max(Timestamp, *) by DeviceId
| project Timestamp, DeviceId, AadDeviceId, UserPrincipalName, DeviceType, DeviceModel, DeviceOS, ClientType, FirstSyncTime, DeviceAccessState, DeviceAccessStateReason`;
}

export function mobileHistoryKql(easDeviceId: string): string {
  return `MobileDevices
| where DeviceId == ${str(easDeviceId)}
| project Timestamp, DeviceAccessState, DeviceAccessStateReason, IntuneExchangeAccessState, IntuneExchangeAccessStateReason, AadDeviceId
| sort by Timestamp asc`;
}

export interface DevicePage {
  query: string;
  found: boolean;
  /** `endpoint`: a Defender-onboarded device (DeviceInfo); `mobile`: an EAS device (MobileDevices). */
  platform: 'endpoint' | 'mobile';
  /** The Exchange ActiveSync access-state history of a mobile device. */
  mobile?: Card;
  suggestions: Card | null;
  info: Card;
  deviceId: string;
  deviceName: string;
  at?: string;
  minutes: number;
  timeline: Card;
  histogram: Card;
  alerts: Card;
  risk: Card;
  compliance: Card;
  actions: Card;
  logons: Card;
  signins: Card;
  /** The full row of a timeline event, read when it is opened (loadEventDetails). */
  details?: (row: Row) => Promise<EventDetails>;
}

export interface DevicePageOptions {
  /**
   * The dataset has DeviceTimeline (catalog/device-timeline.ts): the timeline and the histogram
   * read it; their cards still carry the queries over the event tables (the same rows).
   */
  index?: boolean;
  /**
   * The dataset has DeviceHourlyEvents (catalog/device-hours.ts): the histogram reads it (before
   * DeviceTimeline, when `index` is set too).
   */
  hours?: boolean;
  /**
   * The cards the dataset's DeviceSummary holds (catalog/device-summary.ts summaryCards): 0 the
   * Device card, 1 risk, 2 compliance, 3 machine actions, 4 logons, 5 sign-ins, 6 alerts. Those
   * cards read their rows from it (fromSummaryKql, alertsFromSummaryKql) and still carry the
   * queries over their tables. With 7, the timeline opened on the device's first alert (no moment
   * given) reads the summary's rows around that alert.
   */
  summary?: Iterable<number>;
}

/** A card whose rows come from `dataKql` (the same rows as `kql`, read another way). */
async function cardVia(run: KqlRunner, id: string, title: string, kql: string, dataKql: string, note?: string): Promise<Card> {
  return { id, title, kql, data: rowsOf(await run(dataKql)), note };
}

export async function loadDevicePage(run: KqlRunner, device: string, at?: string, minutes?: number, opts: DevicePageOptions = {}): Promise<DevicePage> {
  const summary = new Set(opts.summary ?? []);
  const info = summary.has(0) ? await cardVia(run, 'info', 'Device', resolveDeviceKql(device), fromSummaryKql(resolveDeviceKql(device), 0)) : await deviceInfoCard(run, device);
  if (!info.data.length) {
    const mobile = await loadMobileDevicePage(run, device);
    if (mobile) return mobile;
    const suggestions = await card(run, 'suggestions', 'Devices with a similar name', suggestDevicesKql(device));
    const none: Card = { id: 'none', title: '', kql: '', data: [] };
    return {
      query: device, found: false, platform: 'endpoint', suggestions, info, deviceId: '', deviceName: '', minutes: minutes ?? 5,
      timeline: none, histogram: none, alerts: none, risk: none, compliance: none, actions: none, logons: none, signins: none,
    };
  }
  const d = info.data[0];
  const id = text(d.DeviceId);
  const aad = text(d.AadDeviceId);
  // a card of the summary reads its rows there
  const side = (n: number, cid: string, title: string, kql: string, note?: string) => (summary.has(n) ? cardVia(run, cid, title, kql, fromSummaryKql(kql, n, id), note) : card(run, cid, title, kql, note));
  const [alerts, risk, compliance, actions, logons, histogram, signins] = await Promise.all([
    summary.has(ALERTS_CARD) ? cardVia(run, 'alerts', 'Alerts', deviceAlertsKql(id), alertsFromSummaryKql(id)) : card(run, 'alerts', 'Alerts', deviceAlertsKql(id)),
    side(1, 'risk', 'Risk level history', deviceRiskKql(id), 'DeviceRiskEvents is a lab side table.'),
    side(2, 'compliance', 'Compliance history', deviceComplianceKql(id, aad), 'DeviceComplianceEvents is a lab side table.'),
    side(3, 'actions', 'Machine actions', machineActionsKql(id), 'MachineActions is a lab side table (response actions API).'),
    side(4, 'logons', 'Logged-on users', logonsKql(id)),
    cardVia(run, 'histogram', 'Events per hour', histogramKql(id), opts.hours ? histogramFromHoursKql(id) : opts.index ? histogramFromIndexKql(id) : histogramKql(id)),
    aad ? side(5, 'signins', 'Sign-ins from this device', deviceSigninsKql(aad)) : Promise.resolve({ id: 'signins', title: 'Sign-ins from this device', kql: '', data: [] } as Card),
  ]);
  // no moment given: centre on the first alert (±30 min), else show the latest events
  let when = at;
  let mins = minutes ?? 5;
  if (!when && alerts.data.length) {
    when = text(alerts.data[0].Timestamp);
    mins = TIMELINE_CARD_MINUTES;
  }
  // the window around the first alert (alerts sorted by Timestamp, so the earliest when it has one): the summary's Card 7 holds its rows
  const aroundFirstAlert = !at && !!when && summary.has(ALERTS_CARD) && summary.has(TIMELINE_CARD);
  const timeline = await cardVia(
    run,
    'timeline',
    when ? `Timeline ±${mins} min around ${when}` : 'Timeline (latest events)',
    timelineKql(id, when, mins),
    aroundFirstAlert ? fromSummaryKql(timelineFromIndexKql(id, when, mins), TIMELINE_CARD, id) : opts.index ? timelineFromIndexKql(id, when, mins) : timelineKql(id, when, mins),
  );
  return { query: device, found: true, platform: 'endpoint', suggestions: null, info, deviceId: id, deviceName: text(d.DeviceName), at: when, minutes: mins, timeline, histogram, alerts, risk, compliance, actions, logons, signins, details: (r: Row) => loadEventDetails(run, id, r) };
}

/**
 * A device that is not onboarded to Defender but known to Exchange / Entra ID (a phone): its
 * MobileDevices state history, the sign-ins from it and its Intune compliance. Null when unknown.
 */
async function loadMobileDevicePage(run: KqlRunner, device: string): Promise<DevicePage | null> {
  const aads = rowsOf(await run(signinDeviceIdsKql(device))).map((r) => text(r.AadDeviceId));
  const info = await card(run, 'info', 'Mobile device', resolveMobileKql(device, aads));
  if (!info.data.length) return null;
  const d = info.data[0];
  const id = text(d.DeviceId);
  const aad = text(d.AadDeviceId) || aads[0] || '';
  const none = (cid: string, title: string, note?: string): Card => ({ id: cid, title, kql: '', data: [], note });
  const [mobile, compliance, signins] = await Promise.all([
    card(run, 'mobile', 'Exchange ActiveSync access state', mobileHistoryKql(id), 'MobileDevices is a lab side table (Get-MobileDevice / Intune exchangeAccessState).'),
    aad ? card(run, 'compliance', 'Compliance history', deviceComplianceKql(id, aad), 'DeviceComplianceEvents is a lab side table.') : Promise.resolve(none('compliance', 'Compliance history')),
    aad ? card(run, 'signins', 'Sign-ins from this device', deviceSigninsKql(aad)) : Promise.resolve(none('signins', 'Sign-ins from this device')),
  ]);
  const endpointOnly = 'Not onboarded to Defender for Endpoint: no events, alerts or machine actions.';
  return {
    query: device,
    found: true,
    platform: 'mobile',
    mobile,
    suggestions: null,
    info,
    deviceId: id,
    deviceName: device === id ? `${text(d.DeviceType)} ${id}` : device,
    minutes: 5,
    timeline: none('timeline', 'Timeline'),
    histogram: none('histogram', 'Events per hour'),
    alerts: none('alerts', 'Alerts', endpointOnly),
    risk: none('risk', 'Risk level history', endpointOnly),
    compliance,
    actions: none('actions', 'Machine actions', endpointOnly),
    logons: none('logons', 'Logged-on users', endpointOnly),
    signins,
  };
}

export function identityKql(upn: string): string {
  return `AADSignInEventsBeta
| where AccountUpn =~ ${str(upn)}
| project Timestamp, ErrorCode, ResourceDisplayName, ClientAppUsed, DeviceName, IsCompliant, AuthenticationRequirement, ConditionalAccessStatus, CorrelationId
| sort by Timestamp asc`;
}

export function identityHistogramKql(upn: string): string {
  return `AADSignInEventsBeta
| where AccountUpn =~ ${str(upn)}
| summarize Events = count() by bin(Timestamp, 1h), Outcome = iff(ErrorCode == 0, "success", strcat("error ", tostring(ErrorCode)))
| sort by Timestamp asc`;
}

/** The account name part of a UPN (for tables that log SAM names, not UPNs). */
function accountName(upn: string): string {
  return upn.split('@')[0];
}

export function identityInfoKql(upn: string): string {
  return `IdentityInfo
| where AccountUpn =~ ${str(upn)}
| top 1 by Timestamp desc
| project AccountDisplayName, JobTitle, Department, AccountName, AccountDomain, AccountObjectId, OnPremSid, CriticalityLevel, Timestamp`;
}

export function identityRiskKql(upn: string): string {
  return `AADUserRiskEvents
| where UserPrincipalName =~ ${str(upn)}
| project ActivityDateTime, RiskEventType, RiskLevel, RiskState, RiskDetail, IpAddress, CorrelationId
| sort by ActivityDateTime asc`;
}

export function identityDevicesKql(upn: string): string {
  return `// devices the user signed in from (Entra ID) or logged on to (Defender for Endpoint), with each device's highest and last risk level
union
    (AADSignInEventsBeta | where AccountUpn =~ ${str(upn)} | project DeviceName, Source = "sign-in", Timestamp),
    (DeviceLogonEvents | where AccountName =~ ${str(accountName(upn))} | project DeviceName, Source = "logon", Timestamp)
| where isnotempty(DeviceName)
| summarize Events = count(), First = min(Timestamp), Last = max(Timestamp), Sources = make_set(Source) by DeviceName
| join kind=leftouter (DeviceRiskEvents | summarize arg_max(Timestamp, RiskScore) by DeviceName | project DeviceName, LastRisk = RiskScore) on DeviceName
| join kind=leftouter (
    DeviceRiskEvents
    | extend Rank = case(RiskScore == "High", 3, RiskScore == "Medium", 2, RiskScore == "Low", 1, RiskScore == "None", 0, -1)
    | summarize arg_max(Rank, RiskScore) by DeviceName
    | project DeviceName, HighestRisk = RiskScore
  ) on DeviceName
| project DeviceName, HighestRisk, LastRisk, Events, First, Last, Sources
| sort by Last desc`;
}

export function identityAlertsKql(upn: string): string {
  return `// alerts with this user as evidence (by UPN, or by account name for endpoint evidence)
AlertEvidence
| where AccountUpn =~ ${str(upn)} or AccountName =~ ${str(accountName(upn))}
| summarize Entities = make_set(EntityType) by AlertId
| join kind=inner (AlertInfo | project Timestamp, AlertId, Title, Severity, Category, AttackTechniques) on AlertId
| project Timestamp, AlertId, Title, Severity, Category, AttackTechniques
| sort by Timestamp asc`;
}

export interface IdentityPage {
  upn: string;
  found: boolean;
  info: Card;
  risk: Card;
  devices: Card;
  alerts: Card;
  signins: Card;
  histogram: Card;
}

export async function loadIdentityPage(run: KqlRunner, upn: string): Promise<IdentityPage> {
  const signins = await card(run, 'signins', 'Sign-ins', identityKql(upn));
  const info = await card(run, 'info', 'Who', identityInfoKql(upn));
  const found = signins.data.length > 0 || info.data.length > 0;
  const histogram: Card = { id: 'histogram', title: 'Sign-ins per hour by outcome', kql: identityHistogramKql(upn), data: [] };
  const none = (id: string, title: string, kql: string): Card => ({ id, title, kql, data: [] });
  if (!found)
    return { upn, found, info, signins, histogram, risk: none('risk', 'User risk', identityRiskKql(upn)), devices: none('devices', 'Devices', identityDevicesKql(upn)), alerts: none('alerts', 'Alerts', identityAlertsKql(upn)) };
  if (signins.data.length) histogram.data = rowsOf(await run(histogram.kql));
  const risk = await card(run, 'risk', 'User risk detections (Entra ID Protection)', identityRiskKql(upn), 'AADUserRiskEvents (Sentinel). The risk of the devices is in the Devices card.');
  const devices = await card(run, 'devices', 'Devices', identityDevicesKql(upn));
  const alerts = await card(run, 'alerts', 'Alerts naming the user', identityAlertsKql(upn));
  return { upn, found, info, risk, devices, alerts, signins, histogram };
}
