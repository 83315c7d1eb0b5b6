/**
 * The next tables of docs/tables/public-queries.md's usage list (docs/tables/posture-and-workspace.md):
 *  - SecurityRecommendation: Defender for Cloud's recommendations on the subscription's resources
 *    (the two Azure VMs, the storage accounts, the key vault, the portal's App Service app, the
 *    subscription itself), as the workspace's continuous export writes them: a weekly snapshot of
 *    every assessment and, streamed, each change of state. The subscription has no paid Defender
 *    plan; the recommendations are the free foundational posture assessments. The one change in the
 *    window: Patch Tuesday (the second Tuesday of the month, day two of every dataset's window)
 *    makes "System updates should be installed" unhealthy on each VM at its next daily assessment.
 *  - Usage: rows derived from every other Log Analytics table's rows (usage.ts).
 *  - Tables without rows, each with its reason in the description: Update, SecurityRegulatoryCompliance,
 *    ASimAuditEventLogs, Operation, StorageFileLogs, NetworkAccessTraffic, and three more of the list:
 *    SecurityNestedRecommendation, SQLSecurityAuditEvents, PurviewDataSensitivityLogs.
 * Columns and types: each table's Log Analytics reference page (MicrosoftDocs/azure-reference-other),
 * in its order, without `_BilledSize`, `_IsBillable`, `_ResourceId` and `_SubscriptionId` (as the other
 * Sentinel tables; the compiler offers `TenantId` where a page has none). No random draws: every
 * choice is a hash, so no other table's rows change.
 */
import { guidOf, hash32 } from './rng.ts';
import type { Shape } from './arrow.ts';
import type { RefTable } from './schema-data.ts';
import { refColumns } from './sentinel-tables.ts';
import { DAY, HOUR, MIN, SEC } from './time.ts';
import type { Dev, Sinks } from './world.ts';

const REF = 'docs/tables/posture-and-workspace.md';

export const POSTURE_TABLES: RefTable[] = [
  {
    name: 'Update',
    kind: 'sentinel',
    ref: REF,
    description:
      "Automation Update Management's update assessments (Log Analytics agent): empty, the lab's machines report through the Azure Monitor Agent only (Heartbeat's Category), which Update Management never read; Azure Update Manager keeps its assessments in Azure Resource Graph, not in the workspace.",
    columns: refColumns(`ApprovalSource:string Approved:bool BulletinID:string BulletinUrl:string Classification:string Computer:string
      ComputerEnvironment:string CVENumbers:string InstallTimeAvailable:bool InstallTimeDeviationRangeSeconds:real InstallTimePredictionSeconds:real
      KBID:string ManagementGroupName:string MSRCBulletinID:string MSRCSeverity:string Optional:bool OSFullName:string OSName:string OSType:string
      OSVersion:string PackageRepository:string PackageSeverity:string Product:string ProductArch:string ProductVersion:string PublishedDate:datetime
      RebootBehavior:string Resource:string ResourceGroup:string ResourceId:string ResourceProvider:string ResourceType:string RevisionNumber:string
      SourceComputerId:string SourceSystem:string SubscriptionId:string TimeGenerated:datetime Title:string Type:string UpdateID:string
      UpdateState:string VMUUID:string`),
  },
  {
    name: 'SecurityRecommendation',
    kind: 'sentinel',
    ref: REF,
    description:
      "Defender for Cloud's recommendations on the subscription's resources (free posture assessments, continuous export): a weekly snapshot of each assessment and each change of state, e.g. the VMs' missing updates after Patch Tuesday.",
    columns: refColumns(`AssessedResourceId:string Description:string DeviceId:string DiscoveredTimeUTC:datetime Environment:string
      FirstEvaluationDate:datetime IsSnapshot:bool PolicyDefinitionId:string Properties:dynamic ProviderName:string RecommendationAdditionalData:dynamic
      RecommendationDisplayName:string RecommendationId:string RecommendationName:string RecommendationSeverity:string RecommendationState:string
      ResolvedTimeUTC:datetime ResourceRegion:string StatusChangeDate:datetime TimeGenerated:datetime Type:string`),
  },
  {
    name: 'SecurityRegulatoryCompliance',
    kind: 'sentinel',
    ref: REF,
    description:
      "Defender for Cloud's regulatory compliance assessments (continuous export): empty, the workspace's export is set to send recommendations only (an export chooses its data types), so no compliance state is exported.",
    columns: refColumns(`AssessedResourceId:string ComplianceControl:string ComplianceStandard:string FailedResources:int IsSnapshot:bool
      PassedResources:int Properties:dynamic RecommendationId:string RecommendationLink:string RecommendationName:string
      RegulatoryComplianceSubscriptionId:string ResourceProviderType:string SkippedResources:int SourceSystem:string State:string TenantId:string
      TimeGenerated:datetime Type:string`),
  },
  {
    name: 'ASimAuditEventLogs',
    kind: 'sentinel',
    ref: REF,
    description:
      'Audit events normalized to ASIM at ingestion: empty, none of the lab\'s connectors writes normalized audit events (its audit sources are queried through their own tables: AuditLogs, AzureActivity, OfficeActivity, SecurityEvent).',
    columns: refColumns(`ActingAppId:string ActingAppName:string ActingAppType:string ActingOriginalAppType:string ActorOriginalUserType:string
      ActorScope:string ActorScopeId:string ActorSessionId:string ActorUserAadId:string ActorUserId:string ActorUserIdType:string ActorUsername:string
      ActorUsernameType:string ActorUserSid:string ActorUserType:string AdditionalFields:dynamic DvcAction:string DvcDescription:string DvcDomain:string
      DvcDomainType:string DvcFQDN:string DvcHostname:string DvcId:string DvcIdType:string DvcInterface:string DvcIpAddr:string DvcMacAddr:string
      DvcOriginalAction:string DvcOs:string DvcOsVersion:string DvcScope:string DvcScopeId:string DvcZone:string EventCount:int EventEndTime:datetime
      EventMessage:string EventOriginalResultDetails:string EventOriginalSeverity:string EventOriginalSubType:string EventOriginalType:string
      EventOriginalUid:string EventOwner:string EventProduct:string EventProductVersion:string EventReportUrl:string EventResult:string
      EventResultDetails:string EventSchemaVersion:string EventSeverity:string EventStartTime:datetime EventSubType:string EventType:string
      EventVendor:string HttpUserAgent:string NewValue:string Object:string ObjectId:string ObjectType:string OldValue:string Operation:string
      OriginalObjectType:string RuleName:string RuleNumber:int SourceSystem:string SrcDescription:string SrcDeviceType:string SrcDomain:string
      SrcDomainType:string SrcDvcId:string SrcDvcIdType:string SrcDvcScope:string SrcDvcScopeId:string SrcFQDN:string SrcGeoCity:string
      SrcGeoCountry:string SrcGeoLatitude:real SrcGeoLongitude:real SrcGeoRegion:string SrcHostname:string SrcIpAddr:string SrcOriginalRiskLevel:string
      SrcPortNumber:int SrcRiskLevel:int TargetAppId:string TargetAppName:string TargetAppType:string TargetDescription:string TargetDeviceType:string
      TargetDomain:string TargetDomainType:string TargetDvcId:string TargetDvcIdType:string TargetDvcOs:string TargetDvcScope:string
      TargetDvcScopeId:string TargetFQDN:string TargetGeoCity:string TargetGeoCountry:string TargetGeoLatitude:real TargetGeoLongitude:real
      TargetGeoRegion:string TargetHostname:string TargetIpAddr:string TargetOriginalAppType:string TargetOriginalRiskLevel:string
      TargetPortNumber:int TargetRiskLevel:int TargetUrl:string TenantId:string ThreatCategory:string ThreatConfidence:int ThreatField:string
      ThreatFirstReportedTime:datetime ThreatId:string ThreatIpAddr:string ThreatIsActive:bool ThreatLastReportedTime:datetime ThreatName:string
      ThreatOriginalConfidence:string ThreatOriginalRiskLevel:string ThreatRiskLevel:int TimeGenerated:datetime Type:string ValueType:string`),
  },
  {
    name: 'Usage',
    kind: 'sentinel',
    ref: REF,
    description:
      "The workspace's hourly billing meter: per hour and Log Analytics table with rows in that hour (Sentinel tables and the Defender XDR tables the connector streams), the billed size in MB estimated from those rows' values (src/lab/usage.ts), whether it is billable (the documented free tables), and the table's Solution where its reference page names one.",
    columns: refColumns(`AvgLatencyInSeconds:real BatchesCapped:long BatchesOutsideSla:long BatchesWithinSla:long Computer:string DataType:string
      EndTime:datetime IsBillable:bool LinkedMeterId:string LinkedResourceUri:string MeterId:string Quantity:real QuantityUnit:string ResourceUri:string
      Solution:string SourceSystem:string StartTime:datetime TimeGenerated:datetime TotalBatches:long Type:string`),
  },
  {
    name: 'Operation',
    kind: 'sentinel',
    ref: REF,
    description:
      "The workspace's own operational records (collection problems, ingestion limits, agent issues): empty, no daily cap, rate limit or collection failure was hit in the window (the connectors' health is in SentinelHealth).",
    columns: refColumns(`Computer:string CorrelationId:string Detail:string ErrorId:string HelpLink:string ManagementGroupName:string OperationCategory:string
      OperationKey:string OperationStatus:string Solution:string SourceComputerId:string SourceSystem:string TimeGenerated:datetime Type:string`),
  },
  {
    name: 'StorageFileLogs',
    kind: 'sentinel',
    ref: REF,
    description:
      "Azure Files requests (a storage account's file service diagnostic setting): empty, the subscription's storage accounts hold no file share (the log account's blob requests are in StorageBlobLogs; the company's shares are on fs01).",
    columns: refColumns(`AccountName:string AuthenticationHash:string AuthenticationType:string AuthorizationDetails:dynamic CallerIpAddress:string
      Category:string ClientRequestId:string ConditionsUsed:string ContentLengthHeader:long CorrelationId:string DurationMs:real Etag:string
      LastModifiedTime:datetime Location:string MetricResponseType:string ObjectKey:string OperationCount:int OperationName:string OperationVersion:string
      Protocol:string ReferrerHeader:string RequestBodySize:long RequesterAppId:string RequesterAudience:string RequesterObjectId:string
      RequesterTenantId:string RequesterTokenIssuer:string RequesterUpn:string RequesterUserName:string RequestHeaderSize:long RequestMd5:string
      ResponseBodySize:long ResponseHeaderSize:long ResponseMd5:string SasExpiryStatus:string SchemaVersion:string ServerLatencyMs:real
      ServiceType:string SmbCommandDetail:string SmbCommandMajor:int SmbCommandMinor:string SmbCreditsConsumed:int SmbFileId:string SmbMessageID:string
      SmbPersistentHandleID:string SmbPrimarySID:string SmbSessionID:string SmbStatusCode:string SmbTreeConnectID:string SmbVolatileHandleID:string
      SourceSystem:string StatusCode:string StatusText:string TenantId:string TimeGenerated:datetime TlsVersion:string Type:string Uri:string
      UserAgentHeader:string`),
  },
  {
    name: 'NetworkAccessTraffic',
    kind: 'sentinel',
    ref: REF,
    description:
      "Global Secure Access traffic logs (Internet and Microsoft traffic through Entra's secure web gateway): empty, the tenant does not use Global Secure Access (every sign-in has IsThroughGlobalSecureAccess false), as for EnrichedMicrosoft365AuditLogs.",
    columns: refColumns(`Action:string AgentVersion:string ConnectionId:string Description:string DestinationFqdn:string DestinationIp:string
      DestinationPort:int DestinationUrl:string DestinationWebCategories:string DeviceCategory:string DeviceId:string DeviceOperatingSystem:string
      DeviceOperatingSystemVersion:string FilteringProfileId:string FilteringProfileName:string InitiatingProcessName:string NetworkProtocol:string
      OriginHeader:string PolicyId:string PolicyName:string PolicyRuleId:string ReceivedBytes:long ReferrerHeader:string ResourceTenantId:string
      RuleName:string SentBytes:long SessionId:string SourceIp:string SourcePort:int SourceSystem:string TenantId:string ThreatType:string
      TimeGenerated:datetime TrafficType:string TransactionId:string TransportProtocol:string Type:string UserId:string UserPrincipalName:string
      XForwardedFor:string`),
  },
  {
    name: 'SecurityNestedRecommendation',
    kind: 'sentinel',
    ref: REF,
    description:
      "Defender for Cloud's sub-assessments (vulnerability findings on machines, container images and SQL) through continuous export: empty, those findings come from paid Defender plans and the subscription has none; the devices' vulnerabilities are in Defender Vulnerability Management's tables (DeviceTvmSoftwareVulnerabilities).",
    columns: refColumns(`AdditionalData:dynamic AssessedResourceId:string Category:string Cause:string Description:string Id:string Impact:string
      IsSnapshot:bool NestedRecommendationId:string ParentRecommendationId:string RecommendationLink:string RecommendationName:string
      RecommendationSeverity:string RecommendationState:string RecommendationSubscriptionId:string RemediationDescription:string
      RemidiationDescription:string ResourceDetails:dynamic ResourceGroup:string ResourceProviderType:string SourceSystem:string
      SubAssessmentTimeGeneration:datetime TenantId:string TimeGenerated:datetime Type:string VulnerabilityId:string`),
  },
  {
    name: 'SQLSecurityAuditEvents',
    kind: 'sentinel',
    ref: REF,
    description:
      "Azure SQL Database auditing: empty, the subscription has no Azure SQL logical server (AzureActivity shows none); the company's SQL Server runs on app01, on premises.",
    columns: refColumns(`ActionId:string ActionName:string AdditionalInformation:string AffectedRows:long ApplicationName:string AuditSchemaVersion:int
      Category:string ClassType:string ClassTypeDescription:string ClientIp:string ClientTlsVersion:int ConnectionId:string DatabaseName:string
      DatabasePrincipalId:int DatabasePrincipalName:string DataSensitivityInformation:string DurationMs:long EventId:string EventTime:datetime
      HostName:string IsColumnPermission:bool IsServerLevelAudit:bool LogicalServerName:string ObjectId:int ObjectName:string PermissionBitmask:string
      ResourceGroup:string ResponseRows:long SchemaName:string SecurableClassType:string SequenceGroupId:string SequenceNumber:int ServerPrincipalId:int
      ServerPrincipalName:string ServerPrincipalSid:string SessionContext:string SessionId:int SessionServerPrincipalName:string SourceSystem:string
      Statement:string Succeeded:bool TargetDatabasePrincipalId:int TargetDatabasePrincipalName:string TargetServerPrincipalId:int
      TargetServerPrincipalName:string TargetServerPrincipalSid:string TenantId:string TimeGenerated:datetime TransactionId:long Type:string
      UserDefinedEventId:int UserDefinedInformation:string`),
  },
  {
    name: 'PurviewDataSensitivityLogs',
    kind: 'sentinel',
    ref: REF,
    description: "Microsoft Purview data map's classification and labelling scans: empty, the company has no Purview account (as for DataSecurityEvents).",
    columns: refColumns(`ActivityType:string AssetCreationTime:datetime AssetLastScanTime:datetime AssetModifiedTime:datetime AssetName:string AssetPath:string
      AssetType:string Classification:dynamic ClassificationDetails:dynamic ClassificationTrigger:string FileExtension:string FileSize:long
      PurviewAccountName:string PurviewRegion:string PurviewTenantId:string SensitivityLabel:dynamic SensitivityLabelDetails:dynamic
      SensitivityLabelTrigger:string SourceCollectionName:string SourceName:string SourcePath:string SourceRegion:string SourceScanId:string
      SourceSubscriptionId:string SourceSystem:string SourceType:string TenantId:string TimeGenerated:datetime Type:string`),
  },
];

/** The assessment as the export carries it in `Properties` (the fields the lab fills; their names follow Defender for Cloud's assessment resource). */
export const POSTURE_SHAPES: Record<string, Shape> = {
  'SecurityRecommendation.Properties': {
    struct: [
      ['status', { struct: [['code', 'string'], ['firstEvaluationDate', 'string'], ['statusChangeDate', 'string']] }],
      ['resourceDetails', { struct: [['Source', 'string'], ['Id', 'string']] }],
      ['displayName', 'string'],
      ['metadata', { struct: [['severity', 'string'], ['assessmentType', 'string']] }],
    ],
  },
};

type State = 'Healthy' | 'Unhealthy';
interface Assessment {
  name: string;
  severity: 'High' | 'Medium' | 'Low';
  /** What the assessment checks, in the lab's words. */
  about: string;
  /** The resources' kind it applies to. */
  on: 'vm' | 'storage' | 'vault' | 'app' | 'subscription';
  /** The state at the window's start, per resource name (default Healthy). */
  state?: Record<string, State>;
  /** The state of every resource when not listed. */
  dflt?: State;
}

/**
 * The recommendations assessed on the lab's resources. Display names as Defender for Cloud shows
 * them; severities and which resources are unhealthy are the lab's choice, following its story (the
 * VMs are onboarded to Defender for Endpoint, the portal writes its HTTP log, the key vault's
 * secrets were created without an expiry, nobody set up backups or the security contact).
 */
const ASSESSMENTS: Assessment[] = [
  { name: 'System updates should be installed on your machines (powered by Azure Update Manager)', severity: 'High', about: 'Missing security and critical updates found by the periodic assessment.', on: 'vm' },
  { name: 'Machines should be configured to periodically check for missing system updates', severity: 'Medium', about: 'Periodic update assessment is turned on for the machine.', on: 'vm' },
  { name: 'EDR solution should be installed on Virtual Machines', severity: 'High', about: 'An endpoint detection and response agent reports from the machine.', on: 'vm' },
  { name: 'Guest Configuration extension should be installed on machines', severity: 'Medium', about: 'The guest configuration extension that audits in-guest settings is installed.', on: 'vm', dflt: 'Unhealthy' },
  { name: 'Azure Backup should be enabled for virtual machines', severity: 'Low', about: 'The virtual machine is protected by a Recovery Services vault.', on: 'vm', dflt: 'Unhealthy' },
  { name: 'Secure transfer to storage accounts should be enabled', severity: 'High', about: 'The storage account accepts HTTPS requests only.', on: 'storage' },
  { name: 'Storage account public access should be disallowed', severity: 'Medium', about: 'Anonymous read access to containers and blobs is turned off.', on: 'storage', state: { stcontosoapp: 'Unhealthy' } },
  { name: 'Storage accounts should restrict network access using virtual network rules', severity: 'Medium', about: 'The storage account firewall allows selected virtual networks only.', on: 'storage', dflt: 'Unhealthy' },
  { name: 'Key vaults should have soft delete enabled', severity: 'High', about: 'Deleted vaults and objects are kept for recovery.', on: 'vault' },
  { name: 'Key vaults should have deletion protection enabled', severity: 'Medium', about: 'Purge protection prevents permanent deletion during the retention period.', on: 'vault', dflt: 'Unhealthy' },
  { name: 'Key Vault secrets should have an expiration date', severity: 'High', about: 'Every secret in the vault has an expiry set.', on: 'vault', dflt: 'Unhealthy' },
  { name: 'App Service apps should only be accessible over HTTPS', severity: 'Medium', about: 'The app redirects plain HTTP to HTTPS.', on: 'app' },
  { name: 'App Service apps should use the latest TLS version', severity: 'Medium', about: 'The app requires the current minimum TLS version.', on: 'app' },
  { name: 'Resource logs in App Service should be enabled', severity: 'Low', about: 'The app sends its logs to a workspace through a diagnostic setting.', on: 'app' },
  { name: 'Accounts with owner permissions on Azure resources should be MFA enabled', severity: 'High', about: 'Every account holding Owner on the subscription signs in with MFA.', on: 'subscription' },
  { name: 'There should be more than one owner assigned to your subscription', severity: 'High', about: 'More than one account holds Owner, so access is not lost with one account.', on: 'subscription' },
  { name: 'Subscriptions should have a contact email address for security issues', severity: 'Low', about: 'A security contact is set to receive Defender for Cloud notifications.', on: 'subscription', dflt: 'Unhealthy' },
  { name: 'Email notification for high severity alerts should be enabled', severity: 'Low', about: 'High severity alert emails are sent to the security contact.', on: 'subscription', dflt: 'Unhealthy' },
];

const PATCH_NAME = ASSESSMENTS[0].name;

export interface PostureCtx {
  sinks: Sinks;
  days: number[];
  devs: Dev[];
  subscription: string;
}

/** Defender for Cloud's recommendations as continuous export writes them (no random draws). */
export function writeSecurityRecommendations(c: PostureCtx): void {
  const out = c.sinks.SecurityRecommendation;
  if (!out) return;
  const sub = `/subscriptions/${c.subscription}`;
  const resources: { kind: Assessment['on']; name: string; id: string }[] = [
    ...c.devs.filter((d) => d.def.azureVm).map((d) => ({ kind: 'vm' as const, name: d.name, id: `${sub}/resourceGroups/rg-lab/providers/Microsoft.Compute/virtualMachines/${d.name}` })),
    { kind: 'storage', name: 'stcontosologs', id: `${sub}/resourceGroups/rg-lab/providers/Microsoft.Storage/storageAccounts/stcontosologs` },
    { kind: 'storage', name: 'stcontosoapp', id: `${sub}/resourceGroups/rg-app/providers/Microsoft.Storage/storageAccounts/stcontosoapp` },
    { kind: 'vault', name: 'kv-contoso-lab', id: `${sub}/resourceGroups/rg-lab/providers/Microsoft.KeyVault/vaults/kv-contoso-lab` },
    { kind: 'app', name: 'app-contoso-portal', id: `${sub}/resourceGroups/rg-app/providers/Microsoft.Web/sites/app-contoso-portal` },
    { kind: 'subscription', name: c.subscription, id: sub },
  ];
  const day0 = c.days[0];
  const rows: { t: number; row: Record<string, unknown> }[] = [];
  // the export's weekly snapshot (its day and hour are the lab's choice) and the Patch Tuesday change
  const snapshotAt = day0 + 2 * HOUR + (hash32('mdc-snapshot') % 50) * MIN;
  for (const a of ASSESSMENTS) {
    const key = guidOf(`mdc-assessment:${a.name}`);
    for (const res of resources.filter((x) => x.kind === a.on)) {
      const first = day0 - (40 + (hash32(`first:${res.id}`) % 200)) * DAY + (hash32(`first-min:${res.id}`) % 1440) * MIN; // assessed since the resource was created
      const state0: State = a.state?.[res.name] ?? a.dflt ?? 'Healthy';
      const since = state0 === 'Unhealthy' ? first : first + (hash32(`since:${res.id}:${key}`) % 30) * DAY + (hash32(`since-min:${res.id}:${key}`) % 1440) * MIN;
      const emit = (t: number, state: State, changed: number, snapshot: boolean, discovered: number | null) =>
        rows.push({
          t,
          row: {
            AssessedResourceId: res.id, Description: a.about, DeviceId: '', DiscoveredTimeUTC: discovered, Environment: 'Azure', FirstEvaluationDate: first,
            IsSnapshot: snapshot, PolicyDefinitionId: '',
            Properties: { status: { code: state, firstEvaluationDate: iso(first), statusChangeDate: iso(changed) }, resourceDetails: { Source: 'Azure', Id: res.id }, displayName: a.name, metadata: { severity: a.severity, assessmentType: 'BuiltIn' } },
            ProviderName: '', RecommendationAdditionalData: null, RecommendationDisplayName: a.name, RecommendationId: `${res.id}/providers/Microsoft.Security/assessments/${key}`,
            RecommendationName: key, RecommendationSeverity: a.severity, RecommendationState: state, ResolvedTimeUTC: null, ResourceRegion: res.kind === 'subscription' ? '' : 'westeurope',
            StatusChangeDate: changed, TimeGenerated: t, Type: 'SecurityRecommendation',
          },
        });
      emit(snapshotAt + (hash32(`at:${res.id}:${key}`) % 600) * SEC, state0, since, true, state0 === 'Unhealthy' ? since : null);
      if (a.name === PATCH_NAME) {
        // Patch Tuesday (day two of every window): the month's updates are released at 17:00 UTC and the
        // VM's next daily assessment (at its own hour) finds them missing; the install waits for next week's maintenance
        const release = c.days[1] + 17 * HOUR;
        const hour = hash32(`assess:${res.id}`) % 24;
        let at = c.days[1] + hour * HOUR + (hash32(`assess-min:${res.id}`) % 60) * MIN;
        if (at <= release) at += DAY;
        emit(at + 4 * MIN, 'Unhealthy', at, false, at);
      }
    }
  }
  rows.sort((a, b) => a.t - b.t);
  for (const r of rows) out.add(r.row);
}

const iso = (t: number) => new Date(t / 1000).toISOString();
