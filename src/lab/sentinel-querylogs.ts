/**
 * LAQueryLogs (the workspace's query audit log, on in the lab's workspace): one record per query the
 * workspace ran. The lab's queries are its scheduled analytics rules' runs that SentinelHealth logs:
 * each run's query over the rule's lookback (SentinelHealth's QueryStartTimeUTC/QueryEndTimeUTC),
 * submitted seconds before the run is logged, returning no rows (every run reports zero results),
 * under the run's CorrelationId. Columns and types: the table's Log Analytics reference page, in its
 * order, without `_BilledSize`, `_IsBillable`, `_ResourceId`, `_SubscriptionId` (as the other Sentinel
 * tables). No random draws (durations are hashes of the run): every other table's rows stay as they were.
 */
import type { Shape } from './arrow.ts';
import { guidOf, hexOf } from './rng.ts';
import type { RefTable } from './schema-data.ts';
import { refColumns } from './sentinel-tables.ts';
import { workspaceId } from './sentinel-workspace.ts';
import { SEC } from './time.ts';
import type { Sinks } from './world.ts';

export const QUERY_LOG_TABLES: RefTable[] = [
  {
    name: 'LAQueryLogs',
    kind: 'sentinel',
    ref: 'docs/tables/legacy-tables.md',
    description: "The workspace's query audit log: every query of the scheduled analytics rules' runs (SentinelHealth).",
    columns: refColumns(`AADClientId:string AADEmail:string AADObjectId:string AADTenantId:string CorrelationId:string IsBillableQuery:bool
      IsWorkspaceInFailover:bool QueryText:string QueryTimeRangeEnd:datetime QueryTimeRangeStart:datetime RequestClientApp:string
      RequestContext:dynamic RequestContextFilters:dynamic RequestTarget:string ResponseCode:int ResponseDurationMs:real ResponseRowCount:int
      ScannedGB:real SourceSystem:string StatsCPUTimeMs:real StatsDataProcessedEnd:datetime StatsDataProcessedStart:datetime StatsRegionCount:int
      StatsWorkspaceCount:int TenantId:string TimeGenerated:datetime Type:string WorkspaceRegion:string`),
  },
];

export const QUERY_LOG_SHAPES: Record<string, Shape> = {
  'LAQueryLogs.RequestContext': { struct: [['workspaces', { list: 'string' }]] },
};

/** The query text of each of the workspace's rules (SentinelHealth's rule names; the text is the lab's choice). */
const RULE_QUERIES: Record<string, string> = {
  'Brute force against the SFTP server':
    'Syslog\n| where Computer == "sftp01" and ProcessName == "sshd" and SyslogMessage has "Failed password"\n| extend SourceIP = extract(@"from (\\S+) port", 1, SyslogMessage)\n| summarize Failures = count() by SourceIP\n| where Failures > 50',
  'Password spray against Entra ID':
    'SigninLogs\n| where ResultType in ("50126", "50053")\n| summarize Accounts = dcount(UserPrincipalName), Attempts = count() by IPAddress\n| where Accounts >= 10',
  'TI map: IP indicators in sign-in logs':
    'let indicators = ThreatIntelligenceIndicator | where Active == true and ExpirationDateTime > now() | where isnotempty(NetworkIP) | summarize arg_max(TimeGenerated, *) by IndicatorId;\nindicators\n| join kind=inner (SigninLogs | where TimeGenerated >= ago(1h)) on $left.NetworkIP == $right.IPAddress\n| project TimeGenerated, UserPrincipalName, IPAddress, Description, ThreatType',
  'Key Vault: mass secret retrieval':
    'AzureDiagnostics\n| where ResourceType == "VAULTS" and OperationName == "SecretGet"\n| summarize Secrets = dcount(id_s), Reads = count() by CallerIPAddress, identity_claim_http_schemas_xmlsoap_org_ws_2005_05_identity_claims_upn_s\n| where Secrets > 20',
  'Inbox rule forwarding to an external address':
    'OfficeActivity\n| where Operation in ("New-InboxRule", "Set-InboxRule")\n| where Parameters has_any ("ForwardTo", "RedirectTo", "ForwardAsAttachmentTo")\n| project TimeGenerated, UserId, ClientIP, Parameters',
};

/** SentinelHealth rows read (kept as they are written). */
export function keepQueryLogReads(sinks: Sinks): void {
  sinks.SentinelHealth.keep('querylogs', ['TimeGenerated', 'SentinelResourceName', 'ExtendedProperties'], (get) => get('OperationName') === 'Scheduled analytics rule run');
}

export function writeQueryLogs(c: { sinks: Sinks; tenant: string; subscription: string }): void {
  const out = c.sinks.LAQueryLogs;
  if (!out) return;
  const ws = workspaceId(c.subscription);
  const caller = guidOf('spn:Microsoft Sentinel analytics');
  for (const r of c.sinks.SentinelHealth.kept('querylogs').rows) {
    const name = String(r.SentinelResourceName);
    const text = RULE_QUERIES[name];
    if (!text) continue;
    const ext = r.ExtendedProperties as Record<string, unknown>;
    const from = Date.parse(String(ext.QueryStartTimeUTC)) * 1000;
    const to = Date.parse(String(ext.QueryEndTimeUTC)) * 1000;
    const corr = String(ext.CorrelationId);
    const n = (k: string, m: number) => Number.parseInt(hexOf(`laq:${corr}:${k}`, 8), 16) % m;
    const duration = 180 + n('ms', 2400);
    out.add({
      AADClientId: guidOf('app:Microsoft Sentinel analytics'),
      AADEmail: '',
      AADObjectId: caller,
      AADTenantId: c.tenant,
      CorrelationId: corr,
      IsBillableQuery: false,
      IsWorkspaceInFailover: false,
      QueryText: text,
      QueryTimeRangeEnd: to,
      QueryTimeRangeStart: from,
      RequestClientApp: 'Sentinel-ScheduledAnalytics',
      RequestContext: { workspaces: [ws] },
      RequestContextFilters: null,
      RequestTarget: ws,
      ResponseCode: 200,
      ResponseDurationMs: duration,
      ResponseRowCount: 0,
      ScannedGB: 0,
      SourceSystem: 'Azure',
      StatsCPUTimeMs: Math.round(duration * (0.4 + n('cpu', 50) / 100)),
      StatsDataProcessedEnd: to,
      StatsDataProcessedStart: from,
      StatsRegionCount: 1,
      StatsWorkspaceCount: 1,
      TenantId: c.tenant,
      // submitted at the run, a few seconds (the query's duration and more) before SentinelHealth logs it
      TimeGenerated: (r.TimeGenerated as number) - (Math.ceil(duration / 1000) + 1 + n('lag', 4)) * SEC,
      Type: 'LAQueryLogs',
      WorkspaceRegion: 'westeurope',
    });
  }
}
