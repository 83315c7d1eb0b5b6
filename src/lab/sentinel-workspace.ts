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
import { type Rng, guidOf, hexOf } from './rng.ts';
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
  {
    name: 'StorageBlobLogs',
    kind: 'sentinel',
    ref: LA,
    description: 'Azure Storage blob service resource log: one row per request to a blob endpoint of the storage account.',
    columns: refColumns(`AccessTier:string AccountName:string AuthenticationHash:string AuthenticationType:string AuthorizationDetails:dynamic CallerIpAddress:string
      Category:string ClientRequestId:string ConditionsUsed:string ContentLengthHeader:long CorrelationId:string DestinationUri:string DurationMs:real Etag:string
      LastModifiedTime:datetime Location:string MetricResponseType:string ObjectKey:string OperationCount:int OperationName:string OperationVersion:string
      Protocol:string ReferrerHeader:string RehydratePriority:string RequestBodySize:long RequesterAppId:string RequesterAudience:string RequesterObjectId:string
      RequesterTenantId:string RequesterTokenIssuer:string RequesterUpn:string RequestHeaderSize:long RequestMd5:string ResponseBodySize:long
      ResponseHeaderSize:long ResponseMd5:string SasExpiryStatus:string SchemaVersion:string ServerLatencyMs:real ServiceType:string SourceAccessTier:string
      SourceSystem:string SourceUri:string StatusCode:string StatusText:string TenantId:string TimeGenerated:datetime TlsVersion:string Type:string Uri:string
      UserAgentHeader:string`),
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
  'StorageBlobLogs.AuthorizationDetails': { list: { struct: [['action', 'string'], ['roleAssignmentId', 'string'], ['roleDefinitionId', 'string'], ['type', 'string']] } },
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
  sinks.AADManagedIdentitySignInLogs.keep('blob', ['TimeGenerated', 'ResourceDisplayName', 'ResultType', 'ServicePrincipalId', 'AppId', 'IPAddress'], (get) => get('ResourceDisplayName') === 'Azure Storage' && get('ResultType') === '0');
  sinks.AzureActivity.keep('storage-keys', ['TimeGenerated', 'OperationNameValue', 'ActivityStatusValue', 'Caller', 'CallerIpAddress'], (get) => get('OperationNameValue') === 'MICROSOFT.STORAGE/STORAGEACCOUNTS/LISTKEYS/ACTION' && get('ActivityStatusValue') === 'Succeeded');
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
  storageBlobs(c, r.fork('blob'));
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

/** The Sentinel workspace's Azure resource id (Usage's ResourceUri is the same id in lower case). */
export function workspaceId(subscription: string): string {
  return `/subscriptions/${subscription}/resourceGroups/rg-sentinel/providers/Microsoft.OperationalInsights/workspaces/law-sentinel`;
}

function health(c: WorkspaceCtx, r: Rng): void {
  const ws = workspaceId(c.subscription);
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

// --- StorageBlobLogs ----------------------------------------------------------------------------------

const ACCOUNT = 'stcontosologs';
/** Storage Blob Data Contributor, the built-in role's id. */
const BLOB_CONTRIBUTOR = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe';
const SDK_UA = 'azsdk-net-Storage.Blobs/12.19.1 (.NET 8.0.1; Microsoft Windows 10.0.19045)';
const EXPLORER_UA = 'Microsoft Azure Storage Explorer, 1.33.1, win, Azure-Storage/12.22.0 (NODE-VERSION v18.17.1; Windows_NT 10.0.22631)';

/**
 * The log account `stcontosologs` (its keys are what IT lists in AzureActivity): the lab VM's managed
 * identity uploads its log archives after each Storage token it gets (AADManagedIdentitySignInLogs),
 * over OAuth with the Storage Blob Data Contributor role; after an admin lists the account keys, Storage
 * Explorer browses the account with the key from the admin's address.
 */
function storageBlobs(c: WorkspaceCtx, r: Rng): void {
  const add = (t: number, op: string, cat: 'StorageRead' | 'StorageWrite', status: string, path: string, caller: string, auth: Record<string, unknown>, ua: string, body: number) => {
    const ok = status.startsWith('2');
    const uri = `https://${ACCOUNT}.blob.core.windows.net:443/${path}`;
    c.sinks.StorageBlobLogs.add({
      AccessTier: op === 'PutBlob' || op === 'GetBlob' ? 'Hot' : '', AccountName: ACCOUNT, AuthenticationHash: '', AuthorizationDetails: null, CallerIpAddress: `${caller}:${r.int(49152, 65535)}`,
      Category: cat, ClientRequestId: r.guid(), ConditionsUsed: '', ContentLengthHeader: op === 'PutBlob' ? body : 0, CorrelationId: r.guid(), DestinationUri: '', DurationMs: r.int(4, 180),
      Etag: op === 'PutBlob' || op === 'GetBlob' ? `"0x8DC${hexOf(`etag:${path}`, 12).toUpperCase()}"` : '', LastModifiedTime: op === 'GetBlob' ? t - r.int(1, 72) * HOUR : null, Location: 'westeurope',
      MetricResponseType: ok ? 'Success' : 'ClientOtherError', ObjectKey: `/${ACCOUNT}/${path.split('?')[0]}`, OperationCount: 0, OperationName: op, OperationVersion: '2023-11-03',
      Protocol: 'HTTPS', ReferrerHeader: '', RehydratePriority: '', RequestBodySize: op === 'PutBlob' ? body : 0, RequesterAppId: '', RequesterAudience: '', RequesterObjectId: '',
      RequesterTenantId: '', RequesterTokenIssuer: '', RequesterUpn: '', RequestHeaderSize: r.int(420, 900), RequestMd5: '', ResponseBodySize: op === 'GetBlob' ? body : op.startsWith('List') ? r.int(600, 9000) : 0,
      ResponseHeaderSize: r.int(250, 420), ResponseMd5: '', SasExpiryStatus: '', SchemaVersion: '1.0', ServerLatencyMs: r.int(2, 60), ServiceType: 'blob', SourceAccessTier: '',
      SourceSystem: 'Azure', SourceUri: '', StatusCode: status, StatusText: ok ? 'Success' : 'AuthorizationPermissionMismatch', TenantId: c.tenant, TimeGenerated: t, TlsVersion: 'TLS 1.2',
      Type: 'StorageBlobLogs', Uri: uri, UserAgentHeader: ua, ...auth,
    });
  };
  const vm = c.devs.find((d) => d.def.azureVm);
  const mi = c.sinks.AADManagedIdentitySignInLogs.kept('blob');
  const uploaded: [number, string][] = [];
  for (let i = 0; i < mi.length; i++) {
    const t0 = (mi.get(i, 'TimeGenerated') as number) + r.int(1, 20) * SEC;
    const ip = (mi.get(i, 'IPAddress') as string) || vm?.def.localIp || '10.0.0.4';
    const host = (vm?.name ?? 'vm').split('.')[0];
    const auth = {
      AuthenticationType: 'OAuth', RequesterObjectId: mi.get(i, 'ServicePrincipalId'), RequesterAppId: mi.get(i, 'AppId'), RequesterTenantId: c.tenant,
      RequesterTokenIssuer: `https://sts.windows.net/${c.tenant}/`, RequesterAudience: 'https://storage.azure.com/',
      AuthorizationDetails: [{ action: 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write', roleAssignmentId: guidOf(`ra:blob:${host}`), roleDefinitionId: BLOB_CONTRIBUTOR, type: 'RBAC' }],
    };
    const day = new Date(t0 / 1000).toISOString().slice(0, 10).replace(/-/g, '/');
    add(t0, 'ListBlobs', 'StorageRead', '200', `vmlogs?restype=container&comp=list&prefix=${host}/${day}/`, ip, { ...auth, AuthorizationDetails: [{ ...auth.AuthorizationDetails[0], action: 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read' }] }, SDK_UA, 0);
    for (let k = r.int(1, 3); k > 0; k--) {
      const name = `${host}/${day}/${new Date(t0 / 1000).toISOString().slice(11, 16).replace(':', '')}-${k}.zip`;
      const tp = t0 + k * r.int(1, 9) * SEC;
      add(tp, 'PutBlob', 'StorageWrite', '201', `vmlogs/${name}`, ip, auth, SDK_UA, r.int(40_000, 4_000_000));
      uploaded.push([tp, name]);
    }
  }
  const keys = c.sinks.AzureActivity.kept('storage-keys');
  for (let i = 0; i < keys.length; i++) {
    let t = (keys.get(i, 'TimeGenerated') as number) + r.int(30, 300) * SEC;
    const ip = (keys.get(i, 'CallerIpAddress') as string) || '198.51.100.31';
    const auth = { AuthenticationType: 'AccountKey', AuthenticationHash: `key1(${hexOf(`key1:${ACCOUNT}`, 64).toUpperCase()})` };
    add(t, 'ListContainers', 'StorageRead', '200', '?comp=list', ip, auth, EXPLORER_UA, 0);
    t += r.int(2, 20) * SEC;
    add(t, 'ListBlobs', 'StorageRead', '200', 'vmlogs?restype=container&comp=list', ip, auth, EXPLORER_UA, 0);
    // the admin opens a few of the archives uploaded before
    const before = uploaded.filter(([tp]) => tp < t);
    for (let k = before.length ? r.int(0, 3) : 0; k > 0; k--) {
      t += r.int(5, 90) * SEC;
      add(t, 'GetBlob', 'StorageRead', '200', `vmlogs/${r.pick(before)[1]}`, ip, auth, EXPLORER_UA, r.int(40_000, 4_000_000));
    }
  }
}
