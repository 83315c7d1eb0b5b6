/**
 * Microsoft Sentinel's Anomalies table (docs/tables/defender-more.md): the anomalies its UEBA
 * anomaly rules raise. The lab raises three of the UEBA anomalies that Sentinel's anomaly
 * reference lists, from activity the lab's other tables hold (names, tactics and techniques as that
 * reference gives them):
 *  - Anomalous Failed Sign-in (Credential Access, T1110): each burst of failed sign-ins that
 *    BehaviorInfo reports as MultipleFailedLoginAttempts (five or more failures of one account in
 *    one clock hour, behaviors.ts);
 *  - Anomalous Sign-in (Persistence, T1078): each successful sign-in from a country the
 *    organization had not signed in from (BehaviorInfo's ActivityFromInfrequentCountry);
 *  - Anomalous Privilege Granted (Persistence, T1098): an app role assignment to a service
 *    principal (AuditLogs) by an account that had not made one before in the window.
 * The anomaly is generated 20–40 minutes after the activity ends. Score, the JSON detail columns'
 * content (no ExtendedLinks) and the rule ids are the lab's choice. Columns and types: the table's Log Analytics
 * reference page, in its order, without `_BilledSize` and `_IsBillable`. No random draws: every
 * other table's rows stay as they were.
 */
import type { Shape } from './arrow.ts';
import { guidOf, hexOf } from './rng.ts';
import type { RefTable } from './schema-data.ts';
import { refColumns } from './sentinel-tables.ts';
import { MIN } from './time.ts';
import type { Sinks } from './world.ts';

export const ANOMALIES_TABLES: RefTable[] = [
  {
    name: 'Anomalies',
    kind: 'sentinel',
    ref: 'docs/tables/defender-more.md',
    description: "Anomalies raised by Microsoft Sentinel's anomaly analytics rules (UEBA), one row per anomaly.",
    columns: refColumns(`ActivityInsights:dynamic AnomalyDetails:dynamic AnomalyReasons:dynamic AnomalyTemplateId:string AnomalyTemplateName:string
      AnomalyTemplateVersion:string Description:string DestinationDevice:string DestinationIpAddress:string DestinationLocation:dynamic
      DeviceInsights:dynamic EndTime:datetime Entities:dynamic ExtendedLinks:dynamic ExtendedProperties:dynamic Id:string RuleConfigVersion:string
      RuleId:string RuleName:string RuleStatus:string Score:real SourceDevice:string SourceIpAddress:string SourceLocation:dynamic SourceSystem:string
      StartTime:datetime Tactics:string Techniques:string TenantId:string TimeGenerated:datetime Type:string UserInsights:dynamic UserName:string
      UserPrincipalName:string VendorName:string WorkspaceId:string`),
  },
];

const LOCATION: Shape = { struct: [['CountryCode', 'string'], ['State', 'string'], ['City', 'string']] };
const REASON: Shape = { struct: [['Name', 'string'], ['IsAnomalous', 'bool'], ['Description', 'string']] };

export const ANOMALIES_SHAPES: Record<string, Shape> = {
  'Anomalies.ActivityInsights': { struct: [['ActionType', 'string'], ['FirstTimeUserPerformedAction', 'bool'], ['ActionUncommonlyPerformedAmongPeers', 'bool'], ['Count', 'long']] },
  'Anomalies.AnomalyDetails': { struct: [['AnomalyType', 'string'], ['DataSources', { list: 'string' }], ['Explanations', { list: 'string' }]] },
  'Anomalies.AnomalyReasons': { list: REASON },
  'Anomalies.DestinationLocation': LOCATION,
  'Anomalies.SourceLocation': LOCATION,
  'Anomalies.DeviceInsights': { struct: [['IsNewDevice', 'bool']] },
  'Anomalies.UserInsights': { struct: [['AccountObjectId', 'string'], ['AccountDisplayName', 'string'], ['Department', 'string']] },
  'Anomalies.Entities': { list: { struct: [['Type', 'string'], ['Name', 'string'], ['UPNSuffix', 'string'], ['AadUserId', 'string'], ['Address', 'string']] } },
  'Anomalies.ExtendedLinks': { list: { struct: [['Label', 'string'], ['Href', 'string']] } },
  'Anomalies.ExtendedProperties': { struct: [['AnomalyRuleName', 'string'], ['ActivityCount', 'long']] },
};

/** The three anomaly templates the lab raises (names, tactic and technique: Sentinel's anomaly reference). */
const TEMPLATES = {
  failed: { name: 'Anomalous Failed Sign-in', tactic: 'CredentialAccess', technique: 'T1110', source: 'Azure Active Directory sign-in logs' },
  signIn: { name: 'Anomalous Sign-in', tactic: 'Persistence', technique: 'T1078', source: 'Azure Active Directory sign-in logs' },
  privilege: { name: 'Anomalous Privilege Granted', tactic: 'Persistence', technique: 'T1098', source: 'Azure Active Directory audit logs' },
} as const;

/** AuditLogs rows this module reads, kept as they are written. */
export function keepAnomalyReads(sinks: Sinks): void {
  sinks.AuditLogs.keep('anomalies', ['TimeGenerated', 'OperationName', 'InitiatedBy', 'TargetResources', 'CorrelationId'], (get) =>
    String(get('OperationName')).startsWith('Add app role assignment to service principal'),
  );
}

export interface AnomaliesCtx {
  sinks: Sinks;
  tenant: string;
  /** Each user's display name and department by lower-case UPN. */
  people: Map<string, { displayName: string; department: string; objectId: string }>;
}

interface Anomaly {
  kind: keyof typeof TEMPLATES;
  start: number;
  end: number;
  upn: string;
  ip: string;
  loc: { CountryCode: string; State: string; City: string };
  count: number;
  action: string;
  why: string;
  target?: string;
}

/** Raises the anomalies (call after BehaviorInfo and SigninLogs are complete). */
export function writeAnomalies(c: AnomaliesCtx): void {
  const out = c.sinks.Anomalies;
  const info = c.sinks.BehaviorInfo;
  const ents = c.sinks.BehaviorEntities;
  const si = c.sinks.SigninLogs;
  if (!out || !info || !ents || !si) return;
  // the sign-in log's location of each (account, address)
  const where = new Map<string, { CountryCode: string; State: string; City: string }>();
  for (let i = 0; i < si.length; i++) {
    const key = `${String(si.get(i, 'UserPrincipalName')).toLowerCase()}|${String(si.get(i, 'IPAddress'))}`;
    if (where.has(key)) continue;
    const d = (si.get(i, 'LocationDetails') as Record<string, unknown> | null) ?? {};
    where.set(key, { CountryCode: String(d.countryOrRegion ?? ''), State: String(d.state ?? ''), City: String(d.city ?? '') });
  }
  const ipOf = new Map<string, string>();
  for (let i = 0; i < ents.length; i++) if (ents.get(i, 'EntityType') === 'Ip' && !ipOf.has(String(ents.get(i, 'BehaviorId')))) ipOf.set(String(ents.get(i, 'BehaviorId')), String(ents.get(i, 'RemoteIP')));
  const found: Anomaly[] = [];
  for (let i = 0; i < info.length; i++) {
    const action = String(info.get(i, 'ActionType'));
    const kind = action === 'MultipleFailedLoginAttempts' ? 'failed' : action === 'ActivityFromInfrequentCountry' ? 'signIn' : null;
    if (!kind) continue;
    const upn = String(info.get(i, 'AccountUpn'));
    const ip = ipOf.get(String(info.get(i, 'BehaviorId'))) ?? '';
    const extra = JSON.parse(String(info.get(i, 'AdditionalFields') || '{}')) as Record<string, unknown>;
    found.push({
      kind, start: info.get(i, 'StartTime') as number, end: info.get(i, 'EndTime') as number, upn, ip,
      loc: where.get(`${upn.toLowerCase()}|${ip}`) ?? { CountryCode: '', State: '', City: '' },
      count: kind === 'failed' ? Number(extra.FailedAttempts ?? 1) : 1, action: 'Sign-in',
      why: kind === 'failed' ? 'failed sign-ins far above the account\'s and its peers\' usual number' : `first successful sign-in of the organization from ${String(extra.Country ?? '')}`,
    });
  }
  // app role assignments by an account that had not made one before
  const done = new Set<string>();
  const grants = c.sinks.AuditLogs.kept('anomalies').rows.sort((a, b) => (a.TimeGenerated as number) - (b.TimeGenerated as number));
  for (const r of grants) {
    const by = (r.InitiatedBy as { user?: { userPrincipalName?: string | null; ipAddress?: string | null } | null } | null)?.user;
    const upn = by?.userPrincipalName ?? '';
    if (!upn || done.has(upn.toLowerCase())) continue;
    done.add(upn.toLowerCase());
    const target = String(((r.TargetResources as Record<string, unknown>[] | null) ?? [])[0]?.displayName ?? '');
    const t = r.TimeGenerated as number;
    const ip = by?.ipAddress ?? '';
    found.push({
      kind: 'privilege', start: t, end: t, upn, ip, loc: where.get(`${upn.toLowerCase()}|${ip}`) ?? { CountryCode: '', State: '', City: '' }, count: 1,
      action: 'Add app role assignment to service principal', why: 'first app role assignment to a service principal by this account', target,
    });
  }
  found.sort((a, b) => a.end - b.end || a.upn.localeCompare(b.upn));
  for (const a of found) {
    const tpl = TEMPLATES[a.kind];
    const id = guidOf(`anomaly:${a.kind}:${a.upn}:${a.start}`);
    const t = a.end + (20 + (Number.parseInt(hexOf(id, 4), 16) % 21)) * MIN;
    const person = c.people.get(a.upn.toLowerCase());
    const [name, suffix] = a.upn.split('@');
    const score = Math.round((0.55 + (Number.parseInt(hexOf(`score:${id}`, 4), 16) % 40) / 100) * 100) / 100;
    out.add({
      ActivityInsights: { ActionType: a.action, FirstTimeUserPerformedAction: a.kind !== 'failed', ActionUncommonlyPerformedAmongPeers: true, Count: a.count },
      AnomalyDetails: { AnomalyType: 'UEBA', DataSources: [tpl.source], Explanations: [a.why] },
      AnomalyReasons: [
        { Name: a.kind === 'signIn' ? 'CountryUncommonlyConnectedFromInTenant' : 'ActionUncommonlyPerformedByUser', IsAnomalous: true, Description: a.why },
        { Name: 'ActionUncommonlyPerformedAmongPeers', IsAnomalous: true, Description: 'not usual among the account\'s peers' },
      ],
      AnomalyTemplateId: guidOf(`anomaly-template:${tpl.name}`),
      AnomalyTemplateName: tpl.name,
      AnomalyTemplateVersion: '1.0.0',
      Description: `${tpl.name}: ${a.upn}${a.target ? ` assigned an app role to ${a.target}` : ''} (${a.why}).`,
      DestinationDevice: '',
      DestinationIpAddress: '',
      DestinationLocation: null,
      DeviceInsights: { IsNewDevice: false },
      EndTime: a.end,
      Entities: [
        { Type: 'account', Name: name ?? '', UPNSuffix: suffix ?? '', AadUserId: person?.objectId ?? '', Address: '' },
        ...(a.ip ? [{ Type: 'ip', Name: '', UPNSuffix: '', AadUserId: '', Address: a.ip }] : []),
      ],
      ExtendedLinks: [],
      ExtendedProperties: { AnomalyRuleName: tpl.name, ActivityCount: a.count },
      Id: id,
      RuleConfigVersion: '1.0',
      RuleId: guidOf(`anomaly-rule:${tpl.name}`),
      RuleName: tpl.name,
      RuleStatus: 'Production',
      Score: score,
      SourceDevice: '',
      SourceIpAddress: a.ip,
      SourceLocation: a.loc,
      SourceSystem: 'Azure',
      StartTime: a.start,
      Tactics: tpl.tactic,
      Techniques: tpl.technique,
      TenantId: c.tenant,
      TimeGenerated: t,
      Type: 'Anomalies',
      UserInsights: { AccountObjectId: person?.objectId ?? '', AccountDisplayName: person?.displayName ?? '', Department: person?.department ?? '' },
      UserName: name ?? '',
      UserPrincipalName: a.upn,
      VendorName: 'Microsoft',
      WorkspaceId: c.tenant,
    });
  }
}
