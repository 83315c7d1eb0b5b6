/**
 * The device page (`#/device/<DeviceId or DeviceName>`): identity, a timeline of its events
 * (filterable by table and ActionType, with a histogram), alerts, risk and compliance history,
 * machine actions, logged-on users, its sign-ins, and "go hunt": the events within ±N minutes of a
 * moment. With no moment given, the timeline centres on the device's first alert (else its latest
 * events).
 */
import { type Card, card, dt, type KqlRunner, rowsOf, str, text } from './kql.ts';

const EVENT_TABLES = 'DeviceProcessEvents, DeviceFileEvents, DeviceRegistryEvents, DeviceNetworkEvents, DeviceEvents, DeviceImageLoadEvents, DeviceLogonEvents';

export function resolveDeviceKql(device: string): string {
  return `DeviceInfo
| where DeviceId =~ ${str(device)} or DeviceName =~ ${str(device)}
| summarize arg_max(Timestamp, *) by DeviceId
| project Timestamp, DeviceId, DeviceName, AadDeviceId, OSPlatform, OSBuild, JoinType, IsAzureADJoined, PublicIP, MachineGroup, ExposureLevel, SensorHealthState, OnboardingStatus, LoggedOnUsers`;
}

export function suggestDevicesKql(device: string): string {
  const word = device.replace(/[^A-Za-z0-9]+/g, ' ').trim().split(' ')[0] ?? '';
  return `DeviceInfo
| where DeviceName has ${str(word)} or DeviceName startswith ${str(device.slice(0, 6))}
| distinct DeviceName, DeviceId
| take 5`;
}

export function timelineKql(deviceId: string, at?: string, minutes = 5, limit = 1000): string {
  const win = at ? `\n| where Timestamp between ((${dt(at)} - ${minutes}m) .. (${dt(at)} + ${minutes}m))` : '';
  return `union withsource=Table ${EVENT_TABLES}
| where DeviceId == ${str(deviceId)}${win}
| project Timestamp, Table, ActionType, FileName, FolderPath, ProcessCommandLine, RemoteIP, RemotePort, RemoteUrl, RegistryKey, RegistryValueName, AccountName, InitiatingProcessFileName, InitiatingProcessId, InitiatingProcessCreationTime, ProcessId, ProcessCreationTime, SHA1, DeviceId
| sort by Timestamp ${at ? 'asc' : 'desc'}
| take ${limit}`;
}

export function histogramKql(deviceId: string): string {
  return `union withsource=Table ${EVENT_TABLES}
| where DeviceId == ${str(deviceId)}
| summarize Events = count() by bin(Timestamp, 1h), Table
| sort by Timestamp asc`;
}

export function deviceAlertsKql(deviceId: string): string {
  return `AlertInfo
| where AlertId in ((AlertEvidence | where DeviceId == ${str(deviceId)} | distinct AlertId))
| join kind=leftouter (AlertStatus | summarize arg_max(Timestamp, Status, Classification, ResolvedTime) by AlertId) on AlertId
| project Timestamp, AlertId, Title, Severity, Category, Status, Classification, ResolvedTime
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

export interface DevicePage {
  query: string;
  found: boolean;
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
}

export async function loadDevicePage(run: KqlRunner, device: string, at?: string, minutes?: number): Promise<DevicePage> {
  const info = await card(run, 'info', 'Device', resolveDeviceKql(device));
  if (!info.data.length) {
    const suggestions = await card(run, 'suggestions', 'Devices with a similar name', suggestDevicesKql(device));
    const none: Card = { id: 'none', title: '', kql: '', data: [] };
    return {
      query: device, found: false, suggestions, info, deviceId: '', deviceName: '', minutes: minutes ?? 5,
      timeline: none, histogram: none, alerts: none, risk: none, compliance: none, actions: none, logons: none, signins: none,
    };
  }
  const d = info.data[0];
  const id = text(d.DeviceId);
  const aad = text(d.AadDeviceId);
  const [alerts, risk, compliance, actions, logons, histogram, signins] = await Promise.all([
    card(run, 'alerts', 'Alerts', deviceAlertsKql(id)),
    card(run, 'risk', 'Risk level history', deviceRiskKql(id), 'DeviceRiskEvents is a lab side table.'),
    card(run, 'compliance', 'Compliance history', deviceComplianceKql(id, aad), 'DeviceComplianceEvents is a lab side table.'),
    card(run, 'actions', 'Machine actions', machineActionsKql(id), 'MachineActions is a lab side table (response actions API).'),
    card(run, 'logons', 'Logged-on users', logonsKql(id)),
    card(run, 'histogram', 'Events per hour', histogramKql(id)),
    aad ? card(run, 'signins', 'Sign-ins from this device', deviceSigninsKql(aad)) : Promise.resolve({ id: 'signins', title: 'Sign-ins from this device', kql: '', data: [] } as Card),
  ]);
  // no moment given: centre on the first alert (±30 min), else show the latest events
  let when = at;
  let mins = minutes ?? 5;
  if (!when && alerts.data.length) {
    when = text(alerts.data[0].Timestamp);
    mins = 30;
  }
  const timeline = await card(run, 'timeline', when ? `Timeline ±${mins} min around ${when}` : 'Timeline (latest events)', timelineKql(id, when, mins));
  return { query: device, found: true, suggestions: null, info, deviceId: id, deviceName: text(d.DeviceName), at: when, minutes: mins, timeline, histogram, alerts, risk, compliance, actions, logons, signins };
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

export interface IdentityPage {
  upn: string;
  found: boolean;
  signins: Card;
  histogram: Card;
}

export async function loadIdentityPage(run: KqlRunner, upn: string): Promise<IdentityPage> {
  const signins = await card(run, 'signins', 'Sign-ins', identityKql(upn));
  const histogram: Card = { id: 'histogram', title: 'Sign-ins per hour by outcome', kql: identityHistogramKql(upn), data: [] };
  if (signins.data.length) histogram.data = rowsOf(await run(histogram.kql));
  return { upn, found: signins.data.length > 0, signins, histogram };
}
