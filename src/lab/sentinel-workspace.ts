/**
 * More Sentinel / Log Analytics tables that public hunting content reads
 * (docs/tables/teams-and-workspace.md):
 *  - ThreatIntelIndicators: the STIX-shaped successor of ThreatIntelligenceIndicator. The same
 *    indicators as that table (kept as they are written), one row each, with the STIX object in `Data`.
 *  - SentinelHealth: the workspace's health log: the status changes of the data connectors that
 *    report health (Office 365, Threat Intelligence - TAXII, Amazon Web Services S3, whose queue
 *    reads fail for a while on one night), and every run of the workspace's scheduled analytics
 *    rules. No rule in the lab raised an alert (SecurityAlert has no Sentinel-rule
 *    alert), so every run reports zero results and zero alerts.
 *  - AZFWApplicationRule / AZFWNetworkRule: the Azure Firewall in front of the lab's Azure VMs: the
 *    VMs' outbound sessions that Defender for Endpoint records (DeviceNetworkEvents, kept for the
 *    perimeter firewall's log), web traffic by FQDN through application rules, DNS through a network
 *    rule, and a few requests to hosts no rule allows (denied, `Default Action`).
 * Columns and types: each table's Log Analytics reference page (azure-reference-other), in the page's
 * order, without `_BilledSize`, `_IsBillable`, `_ResourceId`, `_SubscriptionId`. Values the pages do
 * not describe (rule, policy and connector names, the failure text) are the lab's choice. Drawn from
 * their own random stream, after every other table.
 */
import type { Shape } from './arrow.ts';
import { type Rng, guidOf } from './rng.ts';
import type { RefTable } from './schema-data.ts';
import { refColumns } from './sentinel-tables.ts';
import { DAY, HOUR, MIN, SEC } from './time.ts';
import type { Dev, Sinks } from './world.ts';

const LA = 'docs/tables/teams-and-workspace.md';

export const WORKSPACE_TABLES: RefTable[] = [
  {
    name: 'ThreatIntelIndicators',
    kind: 'sentinel',
    ref: LA,
    description: 'Threat intelligence indicators in STIX form (the successor of ThreatIntelligenceIndicator): one row per indicator version.',
    columns: refColumns(`AdditionalFields:dynamic AzureTenantId:string Confidence:int Created:datetime Data:dynamic Id:string IsActive:bool IsDeleted:bool
      LastUpdateMethod:string Modified:datetime ObservableKey:string ObservableValue:string Pattern:string Revoked:bool Source:string SourceSystem:string
      Tags:string TenantId:string TimeGenerated:datetime Type:string ValidFrom:datetime ValidUntil:datetime WorkspaceId:string`),
  },
  {
    name: 'SentinelHealth',
    kind: 'sentinel',
    ref: LA,
    description: 'Microsoft Sentinel health events: data connector status changes and analytics rule runs.',
    columns: refColumns(`Description:string ExtendedProperties:dynamic OperationName:string Reason:string RecordId:string SentinelResourceId:string
      SentinelResourceKind:string SentinelResourceName:string SentinelResourceType:string SourceSystem:string Status:string TenantId:string TimeGenerated:datetime
      Type:string WorkspaceId:string`),
  },
  {
    name: 'AZFWApplicationRule',
    kind: 'sentinel',
    ref: LA,
    description: 'Azure Firewall application rule log (resource-specific): one row per request matched by, or denied for want of, an application rule.',
    columns: refColumns(`Action:string ActionReason:string DestinationPort:int Fqdn:string IsExplicitProxyRequest:bool IsTlsInspected:bool Policy:string Protocol:string
      Rule:string RuleCollection:string RuleCollectionGroup:string SourceIp:string SourcePort:int SourceSystem:string TargetUrl:string TenantId:string
      TimeGenerated:datetime Type:string WebCategory:string`),
  },
  {
    name: 'AZFWNetworkRule',
    kind: 'sentinel',
    ref: LA,
    description: 'Azure Firewall network rule log (resource-specific): one row per connection matched by a network rule.',
    columns: refColumns(`Action:string ActionReason:string DestinationIp:string DestinationPort:int Policy:string Protocol:string Rule:string RuleCollection:string
      RuleCollectionGroup:string SourceIp:string SourcePort:int SourceSystem:string TenantId:string TimeGenerated:datetime Type:string`),
  },
];

export const WORKSPACE_SHAPES: Record<string, Shape> = {
  'ThreatIntelIndicators.AdditionalFields': { struct: [['TLPLevel', 'string']] },
  'ThreatIntelIndicators.Data': {
    struct: [
      ['type', 'string'], ['spec_version', 'string'], ['id', 'string'], ['created', 'string'], ['modified', 'string'], ['name', 'string'], ['description', 'string'],
      ['indicator_types', { list: 'string' }], ['pattern', 'string'], ['pattern_type', 'string'], ['valid_from', 'string'], ['valid_until', 'string'],
      ['confidence', 'long'], ['labels', { list: 'string' }],
    ],
  },
  'SentinelHealth.ExtendedProperties': {
    struct: [
      ['DestinationTable', 'string'], ['FailureCount', 'long'],
      ['RuleId', 'string'], ['TriggerType', 'string'], ['QueryStartTimeUTC', 'string'], ['QueryEndTimeUTC', 'string'], ['QueryFrequency', 'string'], ['QueryPeriod', 'string'],
      ['QueryResultAmount', 'long'], ['AlertsGeneratedAmount', 'long'], ['EntitiesGeneratedAmount', 'long'], ['EntitiesDroppedDueToMappingIssuesAmount', 'long'],
      ['AggregationKind', 'string'], ['TriggerOperator', 'string'], ['TriggerThreshold', 'long'], ['SuppressionEnabled', 'string'], ['SuppressionDuration', 'string'],
      ['CorrelationId', 'string'],
    ],
  },
};

const TI_KEPT = ['TimeGenerated', 'NetworkIP', 'DomainName', 'Url', 'EmailSenderAddress', 'FileHashType', 'FileHashValue', 'Description', 'ThreatType', 'ConfidenceScore', 'IndicatorProvider', 'ExternalIndicatorId', 'ExpirationDateTime', 'TrafficLightProtocolLevel', 'Active', 'Tags', 'MalwareNames', 'SourceSystem'];

/** Rows this module derives from, kept as they are written (the tables may be spilled by then). */
export function keepWorkspaceReads(sinks: Sinks): void {
  sinks.ThreatIntelligenceIndicator.keep('stix', TI_KEPT, () => true);
}

export interface WorkspaceCtx {
  sinks: Sinks;
  days: number[];
  devs: Dev[];
  tenant: string;
  subscription: string;
}

export function writeWorkspace(c: WorkspaceCtx, r: Rng): void {
  stixIndicators(c);
  health(c, r.fork('health'));
  azureFirewall(c, r.fork('azfw'));
}

const iso = (t: number) => new Date(t / 1000).toISOString();

/** The STIX observable of a ThreatIntelligenceIndicator row: [object path, value]. */
function observable(get: (k: string) => unknown): [string, string] | null {
  const s = (k: string) => (get(k) as string | null) ?? '';
  if (s('NetworkIP')) return [s('NetworkIP').includes(':') ? 'ipv6-addr:value' : 'ipv4-addr:value', s('NetworkIP')];
  if (s('DomainName')) return ['domain-name:value', s('DomainName')];
  if (s('Url')) return ['url:value', s('Url')];
  if (s('EmailSenderAddress')) return ['email-addr:value', s('EmailSenderAddress')];
  if (s('FileHashValue')) return [`file:hashes.'${s('FileHashType') === 'SHA256' ? 'SHA-256' : s('FileHashType')}'`, s('FileHashValue')];
  return null;
}

function stixIndicators(c: WorkspaceCtx): void {
  const ti = c.sinks.ThreatIntelligenceIndicator.kept('stix');
  for (let i = 0; i < ti.length; i++) {
    const get = (k: string) => ti.get(i, k);
    const obs = observable(get);
    if (!obs) continue;
    const t = get('TimeGenerated') as number;
    const until = get('ExpirationDateTime') as number;
    const id = (get('ExternalIndicatorId') as string) || `indicator--${guidOf(`stix:${i}`)}`;
    const threat = (get('ThreatType') as string) ?? '';
    const conf = Math.round(Number(get('ConfidenceScore') ?? 0));
    const pattern = `[${obs[0]} = '${obs[1]}']`;
    const malware = (() => {
      try {
        return JSON.parse((get('MalwareNames') as string) || '[]') as string[];
      } catch {
        return [];
      }
    })();
    const tlp = ((get('TrafficLightProtocolLevel') as string) || 'white').toLowerCase();
    c.sinks.ThreatIntelIndicators.add({
      AdditionalFields: { TLPLevel: tlp }, AzureTenantId: c.tenant, Confidence: conf, Created: t,
      Data: {
        type: 'indicator', spec_version: '2.1', id, created: iso(t), modified: iso(t), name: obs[1], description: (get('Description') as string) ?? '',
        indicator_types: [threat === 'Anonymization' ? 'anonymization' : 'malicious-activity'], pattern, pattern_type: 'stix', valid_from: iso(t), valid_until: until ? iso(until) : '',
        confidence: conf, labels: [threat, ...malware].filter(Boolean),
      },
      Id: id, IsActive: get('Active') !== false, IsDeleted: false, LastUpdateMethod: '', Modified: t, ObservableKey: obs[0], ObservableValue: obs[1], Pattern: pattern,
      Revoked: false, Source: (get('IndicatorProvider') as string) ?? '', SourceSystem: (get('SourceSystem') as string) ?? '', Tags: (get('Tags') as string) ?? '',
      TenantId: c.tenant, TimeGenerated: t, Type: 'ThreatIntelIndicators', ValidFrom: t, ValidUntil: until ?? null, WorkspaceId: c.tenant,
    });
  }
}

// --- SentinelHealth -----------------------------------------------------------------------------------

const CONNECTORS = [
  { name: 'Office 365', kind: 'Office365', table: 'OfficeActivity' },
  { name: 'Threat Intelligence - TAXII', kind: 'ThreatIntelligenceTaxii', table: 'ThreatIntelligenceIndicator' },
  { name: 'Amazon Web Services S3', kind: 'AmazonWebServicesS3', table: 'AWSCloudTrail' },
];

/** The workspace's analytics rules (the lab's choice): [name, kind, frequency, period, threshold]. */
const RULES: [string, 'Scheduled', number, number, number][] = [
  ['Brute force against the SFTP server', 'Scheduled', HOUR, HOUR, 50],
  ['Password spray against Entra ID', 'Scheduled', HOUR, DAY, 0],
  ['TI map: IP indicators in sign-in logs', 'Scheduled', HOUR, 14 * DAY, 0],
  ['Key Vault: mass secret retrieval', 'Scheduled', DAY, DAY, 0],
  ['Inbox rule forwarding to an external address', 'Scheduled', 4 * HOUR, 4 * HOUR, 0],
];

const hms = (us: number) => {
  const s = Math.round(us / SEC);
  const d = Math.floor(s / 86400);
  const hh = String(Math.floor((s % 86400) / 3600)).padStart(2, '0');
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  return `${d ? `${d}.` : ''}${hh}:${mm}:${String(s % 60).padStart(2, '0')}`;
};

function health(c: WorkspaceCtx, r: Rng): void {
  const ws = `/subscriptions/${c.subscription}/resourceGroups/rg-sentinel/providers/Microsoft.OperationalInsights/workspaces/law-sentinel`;
  const add = (t: number, op: string, type: string, kind: string, name: string, resId: string, status: string, description: string, ext: Record<string, unknown>, reason = '') =>
    c.sinks.SentinelHealth.add({
      Description: description, ExtendedProperties: ext, OperationName: op, Reason: reason, RecordId: r.guid(), SentinelResourceId: resId, SentinelResourceKind: kind,
      SentinelResourceName: name, SentinelResourceType: type, SourceSystem: 'Azure', Status: status, TenantId: c.tenant, TimeGenerated: t, Type: 'SentinelHealth', WorkspaceId: c.tenant,
    });
  const start = c.days[0];
  const end = c.days[c.days.length - 1] + DAY;
  // Data connectors: healthy from the start of the window; the AWS S3 connector fails to read its queue for a few hours one night.
  for (const k of CONNECTORS) {
    const id = `${ws}/providers/Microsoft.SecurityInsights/dataConnectors/${guidOf(`connector:${k.kind}`)}`;
    add(start + r.int(0, 59) * MIN, 'Data fetch status change', 'Data connector', k.kind, k.name, id, 'Success', 'Data fetch succeeded.', { DestinationTable: k.table });
    if (k.kind === 'AmazonWebServicesS3' && c.days.length > 2) {
      const f0 = c.days[2] + 1 * HOUR + r.int(0, 59) * MIN;
      const hours = r.int(2, 4);
      add(f0, 'Data fetch status change', 'Data connector', k.kind, k.name, id, 'Failure', 'Reading the SQS queue failed: access to the queue was denied to the role the connector assumes.', { DestinationTable: k.table });
      for (let h = 1; h <= hours; h++) {
        add(f0 + h * HOUR, 'Data fetch failure summary', 'Data connector', k.kind, k.name, id, 'Informational', 'Data fetch failures in the last hour.', { DestinationTable: k.table, FailureCount: r.int(55, 62) });
      }
      add(f0 + hours * HOUR + r.int(5, 50) * MIN, 'Data fetch status change', 'Data connector', k.kind, k.name, id, 'Success', 'Data fetch succeeded.', { DestinationTable: k.table });
    }
  }
  // Scheduled analytics rules: every run, on the rule's schedule.
  for (const [name, kind, freq, period, threshold] of RULES) {
    const ruleId = guidOf(`rule:${name}`);
    const id = `${ws}/providers/Microsoft.SecurityInsights/alertRules/${ruleId}`;
    const offset = r.int(0, Math.max(0, Math.floor(freq / MIN) - 1)) * MIN;
    for (let t = start + offset; t < end; t += freq) {
      const qEnd = t - 5 * MIN;
      add(t + r.int(5, 55) * SEC, 'Scheduled analytics rule run', 'Analytics rule', kind, name, id, 'Success', '', {
        RuleId: ruleId, TriggerType: 'Scheduled', QueryStartTimeUTC: iso(qEnd - period), QueryEndTimeUTC: iso(qEnd), QueryFrequency: hms(freq),
        QueryPeriod: hms(period), QueryResultAmount: 0, AlertsGeneratedAmount: 0, EntitiesGeneratedAmount: 0, EntitiesDroppedDueToMappingIssuesAmount: 0,
        AggregationKind: 'SingleAlert', TriggerOperator: 'GreaterThan', TriggerThreshold: threshold, SuppressionEnabled: 'False', SuppressionDuration: '05:00:00', CorrelationId: r.guid(),
      });
    }
  }
}

// --- Azure Firewall -----------------------------------------------------------------------------------

const POLICY = 'fwpol-lab-weu';
/** Hosts the VMs try that no application rule allows (the lab's choice). */
const BLOCKED = ['github.com', 'pypi.org', 'raw.githubusercontent.com', 'download.sysinternals.com', 'www.dropbox.com'];

function azureFirewall(c: WorkspaceCtx, r: Rng): void {
  const vmIps = new Set(c.devs.filter((d) => d.def.azureVm && d.def.localIp).map((d) => d.def.localIp));
  if (!vmIps.size) return;
  const ne = c.sinks.DeviceNetworkEvents.kept('firewall');
  const app = c.sinks.AZFWApplicationRule;
  const net = c.sinks.AZFWNetworkRule;
  const common = { SourceSystem: 'Azure', TenantId: c.tenant };
  for (let i = 0; i < ne.length; i++) {
    const src = ne.get(i, 'LocalIP') as string;
    if (!vmIps.has(src)) continue;
    const t = (ne.get(i, 'Timestamp') as number) + r.int(0, 200) * 1000;
    const port = ne.get(i, 'RemotePort') as number;
    const sport = (ne.get(i, 'LocalPort') as number) ?? r.int(49152, 65535);
    const url = ((ne.get(i, 'RemoteUrl') as string) ?? '').toLowerCase();
    if (port === 53) {
      net.add({ ...common, Action: 'Allow', ActionReason: '', DestinationIp: ne.get(i, 'RemoteIP'), DestinationPort: 53, Policy: POLICY, Protocol: 'UDP', Rule: 'allow-dns', RuleCollection: 'infra-allow', RuleCollectionGroup: 'DefaultNetworkRuleCollectionGroup', SourceIp: src, SourcePort: sport, TimeGenerated: t, Type: 'AZFWNetworkRule' });
    } else if (url && (port === 443 || port === 80)) {
      const ms = /(^|\.)(microsoft\.com|windowsupdate\.com|windows\.com|msftconnecttest\.com|live\.com|office\.com|office\.net|microsoftonline\.com|azure\.com|azureedge\.net|digicert\.com|msedge\.net)$/.test(url);
      app.add({
        ...common, Action: 'Allow', ActionReason: '', DestinationPort: port, Fqdn: url, IsExplicitProxyRequest: false, IsTlsInspected: false, Policy: POLICY,
        Protocol: port === 443 ? 'HTTPS' : 'HTTP', Rule: ms ? 'allow-microsoft' : 'allow-web-browsing', RuleCollection: ms ? 'platform-allow' : 'users-allow',
        RuleCollectionGroup: 'DefaultApplicationRuleCollectionGroup', SourceIp: src, SourcePort: sport, TargetUrl: port === 80 ? `http://${url}/` : '', TimeGenerated: t, Type: 'AZFWApplicationRule', WebCategory: '',
      });
    } else {
      net.add({ ...common, Action: 'Allow', ActionReason: '', DestinationIp: ne.get(i, 'RemoteIP'), DestinationPort: port, Policy: POLICY, Protocol: 'TCP', Rule: 'allow-outbound-https', RuleCollection: 'infra-allow', RuleCollectionGroup: 'DefaultNetworkRuleCollectionGroup', SourceIp: src, SourcePort: sport, TimeGenerated: t, Type: 'AZFWNetworkRule' });
    }
  }
  // Requests to hosts no rule allows: an admin's download attempt or a tool's update check, a few a day.
  const ips = [...vmIps].sort();
  for (const d0 of c.days) {
    for (let k = r.int(0, 3); k > 0; k--) {
      const host = r.pick(BLOCKED);
      const t = d0 + r.int(7 * 60, 20 * 60) * MIN + r.int(0, 59) * SEC;
      const src = r.pick(ips);
      // a client retries a couple of times
      for (let n = r.int(1, 3), j = 0; j < n; j++) {
        app.add({
          ...common, Action: 'Deny', ActionReason: 'Default Action', DestinationPort: 443, Fqdn: host, IsExplicitProxyRequest: false, IsTlsInspected: false, Policy: '',
          Protocol: 'HTTPS', Rule: '', RuleCollection: '', RuleCollectionGroup: '', SourceIp: src, SourcePort: r.int(49152, 65535), TargetUrl: '', TimeGenerated: t + j * r.int(1, 20) * SEC, Type: 'AZFWApplicationRule', WebCategory: '',
        });
      }
    }
  }
}
