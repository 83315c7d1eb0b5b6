/**
 * More tables of the references that the lab's estate leaves empty (docs/tables/public-queries.md,
 * "Tables without rows"): the service that fills each one is not deployed in the lab's tenant or
 * subscription, and the lab's other tables say so (each description names the evidence). A query
 * naming one compiles and returns no rows, as in a real tenant whose table exists but receives
 * nothing. Columns and types: each table's reference page, in its order; the Log Analytics pages
 * without `_BilledSize`, `_IsBillable`, `_ResourceId` and `_SubscriptionId` (as the other Sentinel
 * tables). The Defender pages' `boolean`, `integer`, `object` and `array` are KQL `bool`, `int` and
 * `dynamic`; `enum` (two Purview columns) is kept as `string`; trailing spaces in names are trimmed.
 */
import type { RefTable } from './schema-data.ts';
import { refColumns } from './sentinel-tables.ts';

const REF = 'docs/tables/public-queries.md';

export const ABSENT_SERVICE_TABLES: RefTable[] = [
  {
    name: 'EnrichedMicrosoft365AuditLogs',
    kind: 'sentinel',
    ref: REF,
    description:
      "Microsoft 365 audit records enriched by Global Secure Access (device, original source address): empty, the tenant does not forward its Microsoft traffic through Global Secure Access (every sign-in has IsThroughGlobalSecureAccess false); the same activity is in OfficeActivity and CloudAppEvents.",
    columns: refColumns(`ActorUserType:string AdditionalProperties:dynamic ClientIp:string DeviceId:string DeviceOperatingSystem:string
      DeviceOperatingSystemVersion:string Id:string ObjectId:string Operation:string OrganizationId:string RecordType:int ResultStatus:string
      SourceIp:string SourceSystem:string TenantId:string TimeGenerated:datetime Type:string UniqueTokenId:string UserId:string UserKey:string
      UserType:string Workload:string`),
  },
  {
    name: 'GCPAuditLogs',
    kind: 'sentinel',
    ref: REF,
    description: 'Google Cloud audit logs (Pub/Sub connector): empty, the company has no Google Cloud project (its clouds are the Azure subscription and the AWS account).',
    columns: refColumns(`AuthenticationInfo:dynamic AuthorizationInfo:dynamic GCPResourceName:string GCPResourceType:string InsertId:string LogName:string
      Metadata:dynamic MethodName:string NumResponseItems:string PrincipalEmail:string ProjectId:string Request:dynamic RequestMetadata:dynamic
      ResourceLocation:dynamic ResourceOriginalState:dynamic Response:dynamic ServiceData:dynamic ServiceName:string Severity:string SourceSystem:string
      Status:dynamic StatusMessage:string Subscription:string TenantId:string TimeGenerated:datetime Timestamp:datetime Type:string`),
  },
  {
    name: 'FileMaliciousContentInfo',
    kind: 'advanced-hunting',
    ref: REF,
    description: 'Files in SharePoint, OneDrive and Teams that Defender for Office 365 found malicious: empty, no file stored there was (the malicious files arrive by mail and on devices).',
    columns: refColumns(`Timestamp:datetime Workload:string FileName:string FolderPath:string FileSize:long SHA256:string FileOwnerDisplayName:string
      FileOwnerUpn:string DocumentId:string ThreatTypes:dynamic ThreatNames:string DetectionMethods:string LastModifyingAccountUpn:string
      LastModifiedTime:datetime FileCreationTime:datetime ReportId:string`),
  },
  {
    name: 'CloudAuditEvents',
    kind: 'advanced-hunting',
    ref: REF,
    description: "Cloud control-plane audit from Microsoft Defender for Cloud: empty, neither the Azure subscription nor the AWS account has a Defender for Cloud plan (their own logs are AzureActivity and AWSCloudTrail).",
    columns: refColumns(`Timestamp:datetime ReportId:string DataSource:string ActionType:string OperationName:string ResourceId:string IPAddress:string
      IsAnonymousProxy:bool CountryCode:string City:string Isp:string UserAgent:string RawEventData:dynamic AdditionalFields:dynamic`),
  },
  {
    name: 'CloudProcessEvents',
    kind: 'advanced-hunting',
    ref: REF,
    description: 'Process events in Kubernetes containers (Defender for Containers): empty, the lab runs no container cluster.',
    columns: refColumns(`Timestamp:datetime AzureResourceId:string AwsResourceName:string GcpFullResourceName:string ContainerImageName:string
      KubernetesNamespace:string KubernetesPodName:string KubernetesResource:string ContainerName:string ContainerId:string ActionType:string
      FileName:string FolderPath:string ProcessId:long ProcessName:string ParentProcessName:string ParentProcessId:string ProcessCommandLine:string
      ProcessCreationTime:datetime ProcessCurrentWorkingDirectory:string AccountName:string LogonId:long InitiatingProcessId:string AdditionalFields:string`),
  },
  {
    name: 'CloudDnsEvents',
    kind: 'advanced-hunting',
    ref: REF,
    description: 'DNS activity of cloud workloads and containers (Defender for Cloud): empty, no Defender for Cloud plan and no container cluster (the VMs\' lookups are in DnsEvents and DeviceNetworkEvents).',
    columns: refColumns(`Timestamp:datetime ReportId:string ActionType:string AzureResourceId:string AwsResourceName:string GcpFullResourceName:string
      KubernetesResource:string KubernetesNamespace:string KubernetesPodName:string ContainerName:string ContainerId:string ImageName:string
      ProcessName:string ProcessId:long DnsEventType:string DnsEventSubType:string DnsQuery:string DnsQueryTypeName:string DnsResponseCodeName:string
      DnsNetworkDuration:long TransactionIdHex:string ImageDigest:string Region:string HostName:string AdditionalFields:dynamic`),
  },
  {
    name: 'CloudStorageAggregatedEvents',
    kind: 'advanced-hunting',
    ref: REF,
    description: 'Storage account activity aggregated by Defender for Storage: empty, the storage accounts have no Defender for Storage plan (the log account\'s own requests are in StorageBlobLogs).',
    columns: refColumns(`DataAggregationStartTime:datetime DataAggregationEndTime:datetime DataSource:string SubscriptionId:string ResourceGroup:string
      StorageAccount:string StorageContainer:string StorageFileShare:string ServiceType:string IpAddress:string UserAgentHeader:string
      OperationNamesList:dynamic AuthenticationType:string AccountObjectId:string AccountTenantId:long AccountApplicationId:string AccountUpn:string
      AccountType:long OperationsCount:int SuccessfulOperationsCount:int FailedOperationsCount:int FirstEventTimestamp:datetime
      LastEventTimestamp:datetime TotalResponseLength:int SuccessfulReadOperations:int DistinctGetOperations:int AnonymousSuccessfulOperations:int
      HasAnonymousResourceNotFoundFailures:bool CountryName:string CityName:string ProvinceName:string ClientSystemServiceName:string
      ClientCloudPlatformName:string IsTorExitNode:bool IsKnownSuspiciousIp:bool IsPrivateIp:bool SuspiciousUserAgentName:string
      HashReputationMd5List:dynamic AzureResourceId:string Location:string Timestamp:datetime ReportId:string ActionType:string AdditionalFields:dynamic`),
  },
  {
    name: 'DataSecurityBehaviors',
    kind: 'advanced-hunting',
    ref: REF,
    description: 'Microsoft Purview Insider Risk Management behaviors: empty, the tenant has no insider risk policies and shares nothing with Defender.',
    columns: refColumns(`Timestamp:datetime BehaviorId:string ActionType:string StartTime:datetime EndTime:datetime AttackTechniques:string Categories:string
      ActionCategory:string Description:string ServiceSource:string DetectionSource:string ActivityCount:int IsAnomalous:bool IsContentHidden:bool
      AccountUpn:string AccountEmail:string Application:string DeviceInfo:dynamic SensitivityLabelInfo:dynamic SensitiveInfoTypesInfo:dynamic
      UrlDomainInfo:dynamic SharepointSiteInfo:dynamic RecipientEmailInfo:dynamic RemovableMediaInfo:dynamic PrinterName:dynamic
      PriorityContentMatchInfo:dynamic`),
  },
  {
    name: 'DataSecurityEvents',
    kind: 'advanced-hunting',
    ref: REF,
    description: 'User activities matching Microsoft Purview (insider risk, DLP) policies: empty, the tenant has no such policies.',
    columns: refColumns(`ApplicationNames:string DeviceId:string DeviceName:string AadDeviceId:guid IsManagedDevice:bool DlpPolicyMatchInfo:string
      DlpPolicyEnforcementMode:int DlpPolicyRuleMatchInfo:dynamic FileRenameInfo:string PhysicalAccessPointId:string PhysicalAccessPointName:string
      PhysicalAccessStatus:string PhysicalAssetTag:string RemovableMediaManufacturer:string RemovableMediaModel:string RemovableMediaSerialNumber:string
      TeamsChannelName:string TeamsChannelType:string TeamsTeamName:string UserAlternateEmails:string AccountUpn:string AccountObjectId:string
      Department:string SourceCodeInfo:string CcPolicyMatchInfo:dynamic IPAddress:string Timestamp:datetime DeviceSourceLocationType:int
      DeviceDestinationLocationType:int IrmPolicyMatchInfo:dynamic UnallowedUrlDomains:string ExternalUrlDomains:string UrlDomainInfo:string
      SourceUrlDomain:string TargetUrlDomain:string EmailAttachmentCount:int EmailAttachmentInfo:dynamic InternetMessageId:string NetworkMessageId:guid
      EmailSubject:string ObjectId:string ObjectName:string ObjectType:string ObjectSize:int IsHidden:bool ActivityId:guid ActionType:string
      SensitiveInfoTypeInfo:dynamic SensitivityLabelId:string SharepointSiteSensitivityLabelIds:string PreviousSensitivityLabelId:string
      Operation:string RecipientEmailAddress:string SiteUrl:string SourceRelativeUrl:string TargetFilePath:string PrinterName:string Workload:string
      IrmActionCategory:string SequenceCorrelationId:string CloudAppAlertId:string`),
  },
  {
    name: 'DisruptionAndResponseEvents',
    kind: 'advanced-hunting',
    ref: REF,
    description: 'Automatic attack disruption and predictive shielding on devices: empty, no disruption policy was triggered in the window (the responses are the analysts\' own, in MachineActions).',
    columns: refColumns(`Timestamp:datetime ActionType:string DeviceId:string SourceDeviceId:string TargetDeviceId:string TargetDeviceName:string
      TargetDomainName:string DeviceName:string DomainName:string InitiatingProcessId:int InitiatingProcessFileName:string SourceUserSid:string
      SourceUserName:string SourceUserDomainName:string SourceIPAddress:string SourcePort:int IPAddress:string Port:string SourceDeviceName:string
      SourceDomainName:string AuthenticationProtocol:string Service:string InterfaceUuidSourceDomainName:string InterfaceFriendlyName:string
      FileName:string ShareName:string LogonType:string LogonId:long SessionId:long CompromisedAccountCount:int PolicyId:string PolicyName:string
      PolicyVersion:string PolicyHash:string DataSources:dynamic IsPolicyOn:bool ReportType:string`),
  },
  {
    name: 'IdentityEvents',
    kind: 'advanced-hunting',
    ref: REF,
    description: 'Identity events from other cloud identity providers connected to Defender for Identity (Okta and others): empty, the tenant\'s identities are Entra ID and its AD only.',
    columns: refColumns(`Timestamp:datetime ReportId:string AccountId:string AccountType:string AccountDisplayName:string AccountUpn:string ActionType:string
      ActionResult:string ActionFailureReason:string IPAddress:string UserAgent:string TargetObjects:dynamic Application:string
      ApplicationInstanceId:string ApplicationEventId:string ApplicationSessionId:string RawEventData:dynamic AdditionalFields:dynamic`),
  },
  {
    name: 'AgentsInfo',
    kind: 'advanced-hunting',
    ref: REF,
    description: "AI agents of the tenant's platforms (Microsoft Agent 365; AIAgentsInfo's successor): empty, the lab has no AI agents (as AIAgentsInfo).",
    columns: refColumns(`Timestamp:datetime AgentId:string AgentName:string Platform:string AgentDescription:string Version:string SourceAgentId:string
      EntraAgentId:string EntraBlueprintId:string ToolsAuthenticationType:dynamic Permissions:dynamic PublishedStatus:string LifecycleStatus:string
      Availability:string CreatedDateTime:datetime LastPublishedDateTime:datetime LastUpdatedDateTime:datetime Owners:dynamic SharedWith:dynamic
      InstanceCount:int Instructions:string Model:string Channels:dynamic Capabilities:dynamic DeclaredDataSources:dynamic DeclaredTools:dynamic
      McpServers:dynamic Skills:dynamic ConnectedAgents:dynamic Memory:dynamic Triggers:dynamic Guardrails:dynamic Endpoints:dynamic
      ObservabilityId:dynamic RawAgentInfo:dynamic`),
  },
  {
    name: 'CloudPolicyEnforcementEvents',
    kind: 'advanced-hunting',
    ref: REF,
    description: 'Kubernetes admission policy decisions (Defender for Cloud): empty, the lab runs no container cluster and has no Defender for Cloud plan.',
    columns: refColumns(`Timestamp:datetime ReportId:string DataSource:string SubscriptionId:string ActionType:string AzureResourceId:string
      AwsResourceName:string GcpFullResourceName:string Region:string ResourceKind:string ResourceName:string KubernetesNamespace:string Reason:string
      AdditionalFields:string`),
  },
  {
    name: 'CoreAzureBackup',
    kind: 'sentinel',
    ref: REF,
    description:
      "Azure Backup's core entities (vaults, backup items, protected containers) sent by a Recovery Services vault's diagnostic setting: empty, the subscription has no Recovery Services vault (AzureActivity has no Microsoft.RecoveryServices operation; where the subscription has VMs, SecurityRecommendation's 'Azure Backup should be enabled for virtual machines' is Unhealthy for each).",
    columns: refColumns(`AgentVersion:string ArchiveTierLatestRecoveryPointLocation:string ArchiveTierLatestRecoveryPointTime:datetime
      ArchiveTierOldestRecoveryPointLocation:string ArchiveTierOldestRecoveryPointTime:datetime ArchiveTierStorageConsumedInMBs:real
      ArchiveTierStorageReplicationType:string AzureBackupAgentVersion:string AzureDataCenter:string BackupItemAppVersion:string
      BackupItemFriendlyName:string BackupItemFrontEndSize:real BackupItemId:string BackupItemName:string BackupItemProtectionState:string
      BackupItemType:string BackupItemUniqueId:string BackupManagementServerName:string BackupManagementServerOSVersion:string
      BackupManagementServerType:string BackupManagementServerUniqueId:string BackupManagementServerVersion:string BackupManagementType:string
      BillingGroupFriendlyName:string BillingGroupUniqueId:string Category:string DatasourceFriendlyName:string DatasourceResourceGroupName:string
      DatasourceResourceId:string DatasourceSetFriendlyName:string DatasourceSetResourceId:string DatasourceSetType:string
      DatasourceSubscriptionId:string DatasourceType:string ExtendedProperties:dynamic IsArchiveEnabled:bool LatestRecoveryPointLocation:string
      LatestRecoveryPointTime:datetime OldestRecoveryPointLocation:string OldestRecoveryPointTime:datetime OperationName:string PolicyId:string
      PolicyName:string PolicyUniqueId:string ProtectedContainerFriendlyName:string ProtectedContainerLocation:string ProtectedContainerName:string
      ProtectedContainerOSType:string ProtectedContainerOSVersion:string ProtectedContainerProtectionState:string ProtectedContainerType:string
      ProtectedContainerUniqueId:string ProtectedContainerWorkloadType:string ProtectionGroupName:string ResourceGroupName:string ResourceId:string
      SchemaVersion:string SecondaryBackupProtectionState:string SourceSystem:string State:string StorageConsumedInMBs:real
      StorageReplicationType:string SubscriptionId:string TimeGenerated:datetime Type:string VaultName:string VaultTags:string VaultType:string
      VaultUniqueId:string`),
  },
];
