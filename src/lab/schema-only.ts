/**
 * Tables of the references that the lab's estate leaves empty (docs/tables/identity-accounts.md,
 * "Tables without rows"): the product or feature that would fill them is not in use in the lab,
 * so a query naming one of them compiles and returns no rows, as in a real tenant or workspace
 * whose table exists but receives nothing. Each entry says why. Columns and types: each table's
 * reference page, in its order (the Log Analytics pages without `_BilledSize`, `_IsBillable`,
 * `_ResourceId`, `_SubscriptionId`, as the other Sentinel tables).
 */
import type { RefTable } from './schema-data.ts';
import { refColumns } from './sentinel-tables.ts';

const REF = 'docs/tables/identity-accounts.md';

export const SCHEMA_ONLY_TABLES: RefTable[] = [
  {
    name: 'AIAgentsInfo',
    kind: 'advanced-hunting',
    ref: REF,
    description: 'Copilot Studio AI agents (Defender for Cloud Apps): empty, the lab has no Power Platform environment and no agents.',
    columns: refColumns(`Timestamp:datetime AIAgentId:guid AIAgentName:string AgentCreationTime:datetime CreatorAccountUpn:string OwnerAccountUpns:string
      LastModifiedByUpn:string LastModifiedTime:datetime LastPublishedTime:datetime LastPublishedByUpn:string AgentDescription:string AgentStatus:string
      UserAuthenticationType:string AgentUsers:string KnowledgeDetails:string AgentActionTriggers:string RawAgentInfo:string AuthenticationTrigger:string
      AccessControlPolicy:string AuthorizedSecurityGroupIds:dynamic AgentTopicsDetails:dynamic AgentToolsDetails:dynamic EnvironmentId:string Platform:string`),
  },
  {
    name: 'AADProvisioningLogs',
    kind: 'sentinel',
    ref: REF,
    description: "Entra ID's provisioning service log: empty, the tenant runs no provisioning job (its users come from Entra Connect sync and its HR app writes through Microsoft Graph).",
    columns: refColumns(`AADTenantId:string Category:string ChangeId:string CorrelationId:string CycleId:string DurationMs:long Id:string InitiatedBy:string
      JobId:string ModifiedProperties:string OperationName:string OperationVersion:string ProvisioningAction:string ProvisioningStatusInfo:string
      ProvisioningSteps:string ResultDescription:string ResultSignature:string ResultType:string ServicePrincipal:string SourceIdentity:string SourceSystem:string
      TargetIdentity:string TargetSystem:string TenantId:string TimeGenerated:datetime Type:string`),
  },
  {
    name: 'SentinelAudit',
    kind: 'sentinel',
    ref: REF,
    description: "Microsoft Sentinel's audit of changes to its analytics rules and other resources: empty, no Sentinel resource changed in the window (SentinelHealth shows the same rules running throughout).",
    columns: refColumns(`CorrelationId:string Description:string ExtendedProperties:dynamic OperationName:string SentinelResourceId:string SentinelResourceKind:string
      SentinelResourceName:string SentinelResourceType:string SourceSystem:string Status:string TenantId:string TimeGenerated:datetime Type:string WorkspaceId:string`),
  },
  {
    name: 'AZFWDnsQuery',
    kind: 'sentinel',
    ref: REF,
    description: "Azure Firewall's DNS proxy log: empty, the firewall's DNS proxy is off (the VMs ask their resolvers themselves, allowed by a network rule: AZFWNetworkRule allow-dns).",
    columns: refColumns(`DnssecOkBit:bool EDNS0BufferSize:int ErrorMessage:string ErrorNumber:int Protocol:string QueryClass:string QueryId:int QueryName:string
      QueryType:string RequestDurationSecs:real RequestSize:int ResponseCode:string ResponseFlags:string ResponseSize:int SourceIp:string SourcePort:int
      SourceSystem:string TenantId:string TimeGenerated:datetime Type:string`),
  },
];
