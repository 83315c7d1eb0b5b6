/**
 * Microsoft Sentinel / Log Analytics tables that hunting queries commonly read and that
 * more-tables.md does not cover: the other Entra ID sign-in logs, AADRiskyUsers, OfficeActivity,
 * AzureActivity, ThreatIntelligenceIndicator, SecurityIncident, Syslog, CommonSecurityLog,
 * Heartbeat, MicrosoftGraphActivityLogs, BehaviorAnalytics, Watchlist, Event, WindowsEvent, DnsEvents, W3CIISLog,
 * AWSCloudTrail and VMConnection. Columns and types are
 * those of each table's Log Analytics reference page (docs/tables/sentinel-tables.md lists the
 * pages read), in the page's alphabetical order, without the billing meta columns (`_BilledSize`,
 * `_IsBillable`) and the hidden `_ResourceId` / `_SubscriptionId` (the compiler adds those, and
 * `TenantId` where a table lacks it, for a query that names one: catalog/log-analytics.ts).
 */
import type { Shape } from './arrow.ts';
import type { RefTable } from './schema-data.ts';

/** `Name:type` words → reference columns (descriptions live in the reference page). */
/** A reference table's columns from `Name:type …` text (a note per column where given). */
export function refColumns(spec: string, notes: Record<string, string> = {}): [string, string, string, string][] {
  return spec
    .trim()
    .split(/\s+/)
    .map((w) => {
      const [name, type] = w.split(':');
      return [name, type, '', notes[name] ?? ''];
    });
}

const SIGNIN_SP = refColumns(`AppId:string AuthenticationContextClassReferences:string AuthenticationProcessingDetails:string Category:string
  ConditionalAccessPolicies:string ConditionalAccessStatus:string CorrelationId:string DurationMs:long FederatedCredentialId:string Id:string
  Identity:string IPAddress:string Level:string Location:string LocationDetails:string OperationName:string OperationVersion:string
  ResourceDisplayName:string ResourceGroup:string ResourceIdentity:string ResourceServicePrincipalId:string ResultDescription:string
  ResultSignature:string ResultType:string ServicePrincipalCredentialKeyId:string ServicePrincipalCredentialThumbprint:string
  ServicePrincipalId:string ServicePrincipalName:string SourceSystem:string TenantId:string TimeGenerated:datetime Type:string
  UniqueTokenIdentifier:string`);

const LA = 'docs/tables/sentinel-tables.md';

export const SENTINEL_TABLES: RefTable[] = [
  {
    name: 'W3CIISLog',
    kind: 'sentinel',
    ref: LA,
    description: 'IIS web server logs (W3C format) collected by the Azure Monitor agent: one row per request.',
    columns: refColumns(`AzureDeploymentID:string cIP:string Computer:string Confidence:string csBytes:long csCookie:string csHost:string csMethod:string
      csReferer:string csUriQuery:string csUriStem:string csUserAgent:string csUserName:string csVersion:string Description:string
      FirstReportedDateTime:string IndicatorThreatType:string IsActive:string LastReportedDateTime:string MaliciousIP:string ManagementGroupName:string
      RemoteIPCountry:string RemoteIPLatitude:real RemoteIPLongitude:real Role:string RoleInstance:string scBytes:long scStatus:string scSubStatus:string
      scWin32Status:string Severity:int sIP:string SourceSystem:string sPort:int sSiteName:string StorageAccount:string TimeGenerated:datetime
      TimeTaken:long TLPLevel:string Type:string`),
  },
  {
    name: 'AWSCloudTrail',
    kind: 'sentinel',
    ref: LA,
    description: 'AWS CloudTrail management events of the AWS account, through the Amazon Web Services S3 connector.',
    columns: refColumns(`AdditionalEventData:string APIVersion:string AwsEventId:string AWSRegion:string AwsRequestId:string AwsRequestId_:string Category:string
      CidrIp:string CipherSuite:string ClientProvidedHostHeader:string DestinationPort:string EC2RoleDelivery:string ErrorCode:string ErrorMessage:string
      EventName:string EventSource:string EventTypeName:string EventVersion:string IpProtocol:string ManagementEvent:bool OperationName:string ReadOnly:bool
      RecipientAccountId:string RequestParameters:string Resources:string ResponseElements:string ServiceEventDetails:string SessionCreationDate:datetime
      SessionIssuerAccountId:string SessionIssuerArn:string SessionIssuerPrincipalId:string SessionIssuerType:string SessionIssuerUserName:string
      SessionMfaAuthenticated:bool SharedEventId:string SourceIpAddress:string SourcePort:string SourceSystem:string TenantId:string TimeGenerated:datetime
      TlsVersion:string Type:string UserAgent:string UserIdentityAccessKeyId:string UserIdentityAccountId:string UserIdentityArn:string
      UserIdentityInvokedBy:string UserIdentityPrincipalid:string UserIdentityType:string UserIdentityUserName:string VpcEndpointId:string`),
  },
  {
    name: 'VMConnection',
    kind: 'sentinel',
    ref: LA,
    description: 'VM insights: TCP connections of monitored machines, one row per connection group and one-minute reporting window.',
    columns: refColumns(`AgentId:string BytesReceived:long BytesSent:long Computer:string Confidence:string ConnectionId:string Description:string DestinationIp:string
      DestinationPort:int Direction:string FirstReportedDateTime:string IndicatorThreatType:string IsActive:string LastReportedDateTime:string
      LinksEstablished:long LinksFailed:long LinksLive:long LinksTerminated:long Machine:string MaliciousIp:string Process:string ProcessName:string
      Protocol:string RemoteClassification:string RemoteCountry:string RemoteDnsCanonicalNames:string RemoteDnsQuestions:string RemoteIp:string
      RemoteLatitude:real RemoteLongitude:real Responses:long ResponseTimeMax:long ResponseTimeMin:long ResponseTimeSum:long Severity:int SourceIp:string
      SourceSystem:string TimeGenerated:datetime TLPLevel:string Type:string`),
  },
  {
    name: 'AADNonInteractiveUserSignInLogs',
    kind: 'sentinel',
    ref: LA,
    description: 'Entra ID non-interactive user sign-ins (token refreshes by clients on behalf of a user). JSON detail columns are strings here, unlike SigninLogs.',
    columns: refColumns(`AlternateSignInName:string AppDisplayName:string AppId:string AppliedEventListeners:dynamic AuthenticationContextClassReferences:string
      AuthenticationDetails:string AuthenticationMethodsUsed:string AuthenticationProcessingDetails:string AuthenticationProtocol:string
      AuthenticationRequirement:string AuthenticationRequirementPolicies:string AutonomousSystemNumber:string Category:string ClientAppUsed:string
      ConditionalAccessPolicies:string ConditionalAccessStatus:string CorrelationId:string CreatedDateTime:datetime CrossTenantAccessType:string
      DeviceDetail:string DurationMs:long HomeTenantId:string Id:string Identity:string IPAddress:string IsInteractive:bool IsRisky:bool
      Level:string Location:string LocationDetails:string MfaDetail:string NetworkLocationDetails:string OperationName:string
      OperationVersion:string OriginalRequestId:string ProcessingTimeInMs:string ResourceDisplayName:string ResourceGroup:string
      ResourceIdentity:string ResourceServicePrincipalId:string ResourceTenantId:string ResultDescription:string ResultSignature:string
      ResultType:string RiskDetail:string RiskEventTypes:string RiskEventTypes_V2:string RiskLevelAggregated:string RiskLevelDuringSignIn:string
      RiskState:string ServicePrincipalId:string SessionLifetimePolicies:string SignInEventTypes:string SignInIdentifierType:string
      SourceSystem:string Status:string TenantId:string TimeGenerated:datetime TokenIssuerName:string TokenIssuerType:string Type:string
      UniqueTokenIdentifier:string UserAgent:string UserDisplayName:string UserId:string UserPrincipalName:string UserType:string`),
  },
  { name: 'AADServicePrincipalSignInLogs', kind: 'sentinel', ref: LA, description: 'Entra ID sign-ins of applications (service principals) with their own credentials.', columns: SIGNIN_SP },
  { name: 'AADManagedIdentitySignInLogs', kind: 'sentinel', ref: LA, description: 'Entra ID sign-ins of Azure managed identities.', columns: SIGNIN_SP },
  {
    name: 'AADRiskyUsers',
    kind: 'sentinel',
    ref: LA,
    description: 'Identity Protection: users at risk and the state of their risk.',
    columns: refColumns(`CorrelationId:string Id:string IsDeleted:bool IsProcessing:bool OperationName:string RiskDetail:string RiskLastUpdatedDateTime:datetime
      RiskLevel:string RiskState:string SourceSystem:string TenantId:string TimeGenerated:datetime Type:string UserDisplayName:string UserPrincipalName:string`),
  },
  {
    name: 'OfficeActivity',
    kind: 'sentinel',
    ref: LA,
    description: 'Office 365 unified audit log (Exchange, SharePoint, OneDrive, Teams) through the Office 365 connector.',
    columns: refColumns(`AADGroupId:string AADTarget:string Activity:string Actor:string ActorContextId:string ActorIpAddress:string AddOnGuid:string AddonName:string
      AddOnType:string AffectedItems:string AppDistributionMode:string AppId:string Application:string ApplicationId:string AzureActiveDirectory_EventType:string
      AzureADAppId:string ChannelGuid:string ChannelName:string ChannelType:string ChatName:string ChatThreadId:string Client:string Client_IPAddress:string
      ClientAppId:string ClientInfoString:string ClientIP:string ClientMachineName:string ClientProcessName:string ClientVersion:string CommunicationType:string
      CrossMailboxOperations:bool CustomEvent:string DataCenterSecurityEventType:int DestFolder:string DestinationFileExtension:string DestinationFileName:string
      DestinationRelativeUrl:string DestMailboxId:string DestMailboxOwnerMasterAccountSid:string DestMailboxOwnerSid:string DestMailboxOwnerUPN:string
      EffectiveOrganization:string ElevationApprovedTime:datetime ElevationApprover:string ElevationDuration:int ElevationRequestId:string ElevationRole:string
      ElevationTime:datetime Event_Data:string EventSource:string ExtendedProperties:string ExternalAccess:string ExtraProperties:dynamic Folder:string
      Folders:string GenericInfo:string InternalLogonType:int InterSystemsId:string IntraSystemId:string IsManagedDevice:bool Item:string ItemName:string
      ItemType:string LoginStatus:int Logon_Type:string LogonUserDisplayName:string LogonUserSid:string MachineDomainInfo:string MachineId:string
      MailboxGuid:string MailboxOwnerMasterAccountSid:string MailboxOwnerSid:string MailboxOwnerUPN:string Members:dynamic MessageId:string
      ModifiedObjectResolvedName:string ModifiedProperties:string Name:string NewValue:string OfficeId:string OfficeObjectId:string OfficeTenantId:string
      OfficeWorkload:string OldValue:string Operation:string OperationProperties:dynamic OperationScope:string OrganizationId:string OrganizationName:string
      OriginatingServer:string Parameters:string RecordType:string ResultReasonType:string ResultStatus:string SendAsUserMailboxGuid:string SendAsUserSmtp:string
      SendonBehalfOfUserMailboxGuid:string SendOnBehalfOfUserSmtp:string SharingType:string Site_:string Site_Url:string Source_Name:string
      SourceFileExtension:string SourceFileName:string SourceRecordId:string SourceRelativeUrl:string SourceSystem:string SRPolicyId:string SRPolicyName:string
      SRRuleMatchDetails:dynamic Start_Time:datetime SupportTicketId:string TabType:string TargetContextId:string TargetUserId:string TargetUserOrGroupName:string
      TargetUserOrGroupType:string TeamGuid:string TeamName:string TenantId:string TimeGenerated:datetime Type:string UserAgent:string UserDomain:string
      UserId:string UserKey:string UserSharedWith:string UserType:string`),
  },
  {
    name: 'AzureActivity',
    kind: 'sentinel',
    ref: LA,
    description: 'Azure Resource Manager activity log: control-plane operations on subscriptions and resources.',
    columns: refColumns(`ActivityStatus:string ActivityStatusValue:string ActivitySubstatus:string ActivitySubstatusValue:string Authorization:string
      Authorization_d:dynamic Caller:string CallerIpAddress:string Category:string CategoryValue:string Claims:string Claims_d:dynamic CorrelationId:string
      EventDataId:string EventSubmissionTimestamp:datetime Hierarchy:string HTTPRequest:string Level:string OperationId:string OperationName:string
      OperationNameValue:string Properties:string Properties_d:dynamic Resource:string ResourceGroup:string ResourceId:string ResourceProvider:string
      ResourceProviderValue:string SourceSystem:string SubscriptionId:string TenantId:string TimeGenerated:datetime Type:string`),
  },
  {
    name: 'ThreatIntelligenceIndicator',
    kind: 'sentinel',
    ref: LA,
    description: 'Threat intelligence indicators (IPs, domains, URLs, file hashes) imported into the workspace.',
    columns: refColumns(`Action:string Active:bool ActivityGroupNames:string AdditionalInformation:string ConfidenceScore:real Description:string DiamondModel:string
      DomainName:string EmailEncoding:string EmailLanguage:string EmailRecipient:string EmailSenderAddress:string EmailSenderName:string EmailSourceDomain:string
      EmailSourceIpAddress:string EmailSubject:string EmailXMailer:string ExpirationDateTime:datetime ExternalIndicatorId:string FileCompileDateTime:datetime
      FileCreatedDateTime:datetime FileHashType:string FileHashValue:string FileMutexName:string FileName:string FilePacker:string FilePath:string FileSize:int
      FileType:string IndicatorId:string IndicatorProvider:string KillChainActions:bool KillChainC2:bool KillChainDelivery:bool KillChainExploitation:bool
      KillChainReconnaissance:bool KillChainWeaponization:bool KnownFalsePositives:string MalwareNames:string NetworkCidrBlock:string NetworkDestinationAsn:int
      NetworkDestinationCidrBlock:string NetworkDestinationIP:string NetworkDestinationPort:int NetworkIP:string NetworkPort:int NetworkProtocol:int
      NetworkSourceAsn:int NetworkSourceCidrBlock:string NetworkSourceIP:string NetworkSourcePort:int PassiveOnly:bool SourceSystem:string Tags:string
      TenantId:string ThreatSeverity:int ThreatType:string TimeGenerated:datetime TrafficLightProtocolLevel:string Type:string Url:string UserAgent:string`),
  },
  {
    name: 'SecurityIncident',
    kind: 'sentinel',
    ref: LA,
    description: 'Sentinel incidents: one row per incident change (take the latest per IncidentNumber).',
    columns: refColumns(`AdditionalData:dynamic AlertIds:dynamic BookmarkIds:dynamic Classification:string ClassificationComment:string ClassificationReason:string
      ClosedTime:datetime Comments:dynamic CreatedTime:datetime Description:string FirstActivityTime:datetime FirstModifiedTime:datetime IncidentName:string
      IncidentNumber:int IncidentUrl:string Labels:dynamic LastActivityTime:datetime LastModifiedTime:datetime ModifiedBy:string Owner:dynamic
      ProviderIncidentId:string ProviderName:string RelatedAnalyticRuleIds:dynamic Severity:string SourceSystem:string Status:string Tasks:dynamic
      TenantId:string TimeGenerated:datetime Title:string Type:string`),
  },
  {
    name: 'Syslog',
    kind: 'sentinel',
    ref: LA,
    description: 'Syslog messages from Linux machines and appliances collected by the Azure Monitor agent.',
    columns: refColumns(`CollectorHostName:string Computer:string EventTime:datetime Facility:string HostIP:string HostName:string ProcessID:int ProcessName:string
      SeverityLevel:string SourceSystem:string SyslogMessage:string TimeGenerated:datetime Type:string`),
  },
  {
    name: 'CommonSecurityLog',
    kind: 'sentinel',
    ref: LA,
    description: 'CEF events from firewalls, proxies and other security appliances.',
    columns: refColumns(`Activity:string AdditionalExtensions:string ApplicationProtocol:string CollectorHostName:string CommunicationDirection:string Computer:string
      DestinationDnsDomain:string DestinationHostName:string DestinationIP:string DestinationMACAddress:string DestinationNTDomain:string DestinationPort:int
      DestinationProcessId:int DestinationProcessName:string DestinationServiceName:string DestinationTranslatedAddress:string DestinationTranslatedPort:int
      DestinationUserID:string DestinationUserName:string DestinationUserPrivileges:string DeviceAction:string DeviceAddress:string DeviceCustomDate1:string
      DeviceCustomDate1Label:string DeviceCustomDate2:string DeviceCustomDate2Label:string DeviceCustomFloatingPoint1:real DeviceCustomFloatingPoint1Label:string
      DeviceCustomFloatingPoint2:real DeviceCustomFloatingPoint2Label:string DeviceCustomFloatingPoint3:real DeviceCustomFloatingPoint3Label:string
      DeviceCustomFloatingPoint4:real DeviceCustomFloatingPoint4Label:string DeviceCustomIPv6Address1:string DeviceCustomIPv6Address1Label:string
      DeviceCustomIPv6Address2:string DeviceCustomIPv6Address2Label:string DeviceCustomIPv6Address3:string DeviceCustomIPv6Address3Label:string
      DeviceCustomIPv6Address4:string DeviceCustomIPv6Address4Label:string DeviceCustomNumber1:int DeviceCustomNumber1Label:string DeviceCustomNumber2:int
      DeviceCustomNumber2Label:string DeviceCustomNumber3:int DeviceCustomNumber3Label:string DeviceCustomString1:string DeviceCustomString1Label:string
      DeviceCustomString2:string DeviceCustomString2Label:string DeviceCustomString3:string DeviceCustomString3Label:string DeviceCustomString4:string
      DeviceCustomString4Label:string DeviceCustomString5:string DeviceCustomString5Label:string DeviceCustomString6:string DeviceCustomString6Label:string
      DeviceDnsDomain:string DeviceEventCategory:string DeviceEventClassID:string DeviceExternalID:string DeviceFacility:string DeviceInboundInterface:string
      DeviceMacAddress:string DeviceName:string DeviceNtDomain:string DeviceOutboundInterface:string DevicePayloadId:string DeviceProduct:string
      DeviceTimeZone:string DeviceTranslatedAddress:string DeviceVendor:string DeviceVersion:string EndTime:datetime EventCount:int EventOutcome:string
      EventType:int ExternalID:int ExtID:string FieldDeviceCustomNumber1:long FieldDeviceCustomNumber2:long FieldDeviceCustomNumber3:long FileCreateTime:string
      FileHash:string FileID:string FileModificationTime:string FileName:string FilePath:string FilePermission:string FileSize:int FileType:string
      FlexDate1:string FlexDate1Label:string FlexNumber1:int FlexNumber1Label:string FlexNumber2:int FlexNumber2Label:string FlexString1:string
      FlexString1Label:string FlexString2:string FlexString2Label:string IndicatorThreatType:string LogSeverity:string MaliciousIP:string
      MaliciousIPCountry:string MaliciousIPLatitude:real MaliciousIPLongitude:real Message:string OldFileCreateTime:string OldFileHash:string OldFileID:string
      OldFileModificationTime:string OldFileName:string OldFilePath:string OldFilePermission:string OldFileSize:int OldFileType:string
      OriginalLogSeverity:string ProcessID:int ProcessName:string Protocol:string Reason:string ReceiptTime:string ReceivedBytes:long RemoteIP:string
      RemotePort:string ReportReferenceLink:string RequestClientApplication:string RequestContext:string RequestCookies:string RequestMethod:string
      RequestURL:string SentBytes:long SimplifiedDeviceAction:string SourceDnsDomain:string SourceHostName:string SourceIP:string SourceMACAddress:string
      SourceNTDomain:string SourcePort:int SourceProcessId:int SourceProcessName:string SourceServiceName:string SourceSystem:string
      SourceTranslatedAddress:string SourceTranslatedPort:int SourceUserID:string SourceUserName:string SourceUserPrivileges:string StartTime:datetime
      TenantId:string ThreatConfidence:string ThreatDescription:string ThreatSeverity:int TimeGenerated:datetime Type:string`),
  },
  {
    name: 'Heartbeat',
    kind: 'sentinel',
    ref: LA,
    description: 'Log Analytics agent heartbeats: one row per agent per minute of uptime (here: every 15 minutes).',
    columns: refColumns(`Category:string Computer:string ComputerEnvironment:string ComputerIP:string ComputerPrivateIPs:dynamic IsGatewayInstalled:bool
      ManagementGroupName:string OSMajorVersion:string OSMinorVersion:string OSName:string OSType:string RemoteIPCountry:string RemoteIPLatitude:real
      RemoteIPLongitude:real Resource:string ResourceGroup:string ResourceId:string ResourceProvider:string ResourceType:string SCAgentChannel:string
      Solutions:string SourceSystem:string SubscriptionId:string TimeGenerated:datetime Type:string Version:string VMUUID:string`),
  },
  {
    name: 'MicrosoftGraphActivityLogs',
    kind: 'sentinel',
    ref: LA,
    description: 'HTTP requests made to Microsoft Graph for the tenant.',
    columns: refColumns(`AadTenantId:string ApiVersion:string AppId:string ATContent:string ClientAuthMethod:int ClientRequestId:string DurationMs:int
      IdentityProvider:string IPAddress:string Location:string OperationId:string RequestId:string RequestMethod:string RequestUri:string
      ResponseSizeBytes:int ResponseStatusCode:int Roles:string Scopes:string ServicePrincipalId:string SignInActivityId:string SourceSystem:string
      TenantId:string TimeGenerated:datetime TokenIssuedAt:datetime Type:string UserAgent:string UserId:string Wids:string`),
  },
  {
    name: 'BehaviorAnalytics',
    kind: 'sentinel',
    ref: LA,
    description: 'Sentinel UEBA: enriched user activity with insights and an investigation priority.',
    columns: refColumns(`ActionType:string ActivityInsights:dynamic ActivityType:string ActorName:string ActorPrincipalName:string DestinationDevice:string
      DestinationIPAddress:string DestinationIPLocation:string Device:string DevicesInsights:dynamic EventProductVersion:string EventSource:string
      EventVendor:string InvestigationPriority:int NativeTableName:string SourceDevice:string SourceIPAddress:string SourceIPLocation:string
      SourceRecordId:string SourceSystem:string TargetName:string TargetPrincipalName:string TenantId:string TimeGenerated:datetime TimeProcessed:datetime
      Type:string UserName:string UserPrincipalName:string UsersInsights:dynamic`),
  },
  {
    name: 'Event',
    kind: 'sentinel',
    ref: 'docs/tables/windows-events.md',
    description: 'Windows event logs (System, Application, ...) collected by the Log Analytics agent; EventData is the raw event XML.',
    columns: refColumns(`AzureDeploymentID:string Computer:string EventCategory:int EventData:string EventID:int EventLevel:int EventLevelName:string EventLog:string
      ManagementGroupName:string Message:string ParameterXml:string RenderedDescription:string Role:string Source:string SourceSystem:string
      TimeGenerated:datetime Type:string UserName:string`),
  },
  {
    name: 'WindowsEvent',
    kind: 'sentinel',
    ref: 'docs/tables/windows-events.md',
    description: 'Windows events collected by the Azure Monitor agent (here: Security logons forwarded from the devices); EventData holds the event fields as a bag.',
    columns: refColumns(`Channel:string Computer:string Correlation:string EventData:dynamic EventID:int EventLevel:int EventLevelName:string EventOriginId:string
      EventRecordId:string Keywords:string ManagementGroupName:string Opcode:string Provider:string RawEventData:string SystemProcessId:int
      SystemThreadId:int SystemUserId:string Task:int TenantId:string TimeGenerated:datetime Type:string Version:int`),
  },
  {
    name: 'DnsEvents',
    kind: 'sentinel',
    ref: LA,
    description: 'DNS queries answered by the Windows DNS server (the DNS solution): one LookupQuery row per answer, with the client, the name, the record type and the result code.',
    columns: refColumns(`ClientIP:string Computer:string Confidence:string Description:string EventId:int IndicatorThreatType:string IPAddresses:string MaliciousIP:string
      Message:string Name:string QueryType:string RemoteIPCountry:string RemoteIPLatitude:real RemoteIPLongitude:real Result:string ResultCode:int Severity:int
      SourceSystem:string SubType:string TaskCategory:string TimeGenerated:datetime Type:string`),
  },
  {
    name: 'Watchlist',
    kind: 'sentinel',
    ref: LA,
    description: 'Sentinel watchlists and their items (read them with _GetWatchlist(alias)).',
    columns: refColumns(`AzureTenantId:string CorrelationId:string CreatedBy:dynamic CreatedTimeUTC:datetime DefaultDuration:string _DTItemId:string
      _DTItemStatus:string _DTItemType:string _DTTimestamp:datetime EntityMapping:dynamic LastUpdatedTimeUTC:datetime Notes:string Provider:string
      SearchKey:string Source:string SourceSystem:string Tags:string TenantId:string TimeGenerated:datetime TimeToLive:datetime Type:string UpdatedBy:dynamic
      WatchlistAlias:string WatchlistCategory:string WatchlistId:string WatchlistItem:dynamic WatchlistItemId:string WatchlistName:string`),
  },
];

/**
 * Defender XDR's own copy of the Graph activity log (advanced-hunting table, preview): Microsoft
 * Graph requests for the tenant's resources. Columns and types as the Defender reference page lists
 * them (docs/tables/sentinel-tables.md); the page types Timestamp, RequestDuration and
 * ResponseStatusCode as string, the lab keeps Timestamp a datetime like every other table.
 */
export const GRAPH_API_AUDIT: RefTable = {
  name: 'GraphApiAuditEvents',
  kind: 'advanced-hunting',
  ref: LA,
  description: 'Microsoft Graph API requests for resources in the tenant, as Defender XDR keeps them (preview table; Sentinel has MicrosoftGraphActivityLogs).',
  columns: refColumns(`Timestamp:datetime IdentityProvider:string ApiVersion:string ApplicationId:string IPAddress:string ClientRequestId:string EntityType:string
    RequestUri:string AccountObjectId:string OperationId:string Location:string RequestDuration:string RequestId:string RequestMethod:string
    ResponseStatusCode:string Scopes:string UniqueTokenIdentifier:string TargetWorkload:string ServicePrincipalId:string ResponseSize:int`),
};

const USER_INFO: Shape = { struct: [['objectId', 'string'], ['email', 'string'], ['name', 'string']] };

/** Shapes of the dynamic columns above (unlisted ones are string arrays). */
export const SENTINEL_SHAPES: Record<string, Shape> = {
  'SecurityIncident.Owner': { struct: [['objectId', 'string'], ['email', 'string'], ['assignedTo', 'string'], ['userPrincipalName', 'string']] },
  'SecurityIncident.AdditionalData': {
    struct: [['alertsCount', 'long'], ['bookmarksCount', 'long'], ['commentsCount', 'long'], ['alertProductNames', { list: 'string' }], ['tactics', { list: 'string' }]],
  },
  'SecurityIncident.Labels': { list: { struct: [['labelName', 'string'], ['labelType', 'string']] } },
  'SecurityIncident.Comments': { list: { struct: [['message', 'string'], ['createdTimeUtc', 'string'], ['author', USER_INFO]] } },
  'SecurityIncident.Tasks': { list: { struct: [['title', 'string'], ['status', 'string']] } },
  'AzureActivity.Authorization_d': { struct: [['action', 'string'], ['scope', 'string']] },
  'AzureActivity.Claims_d': { struct: [['appid', 'string'], ['ipaddr', 'string'], ['name', 'string'], ['upn', 'string']] },
  'AzureActivity.Properties_d': { struct: [['eventCategory', 'string'], ['entity', 'string'], ['message', 'string'], ['hierarchy', 'string'], ['statusCode', 'string']] },
  'OfficeActivity.ExtraProperties': { list: { struct: [['Key', 'string'], ['Value', 'string']] } },
  'OfficeActivity.OperationProperties': { list: { struct: [['Name', 'string'], ['Value', 'string']] } },
  'OfficeActivity.SRRuleMatchDetails': { list: 'string' },
  'OfficeActivity.Members': { list: { struct: [['UPN', 'string'], ['Role', 'long'], ['DisplayName', 'string']] } },
  'BehaviorAnalytics.ActivityInsights': {
    struct: [['FirstTimeUserConnectedFromCountry', 'bool'], ['FirstTimeUserUsedApp', 'bool'], ['CountryUncommonlyConnectedFromAmongPeers', 'bool'], ['UnusualNumberOfAadSignInFailures', 'bool']],
  },
  'BehaviorAnalytics.UsersInsights': { struct: [['AccountDisplayName', 'string'], ['AccountObjectID', 'string'], ['IsDormantAccount', 'bool'], ['IsNewAccount', 'bool']] },
  'BehaviorAnalytics.DevicesInsights': { struct: [['Browser', 'string'], ['OSFamily', 'string'], ['ThreatIntelIndicatorType', 'string']] },
  // the Security-log logon fields the lab forwards (4624 and 4625; a field an event lacks is null)
  'WindowsEvent.EventData': { struct: ['SubjectUserSid', 'SubjectUserName', 'SubjectDomainName', 'SubjectLogonId', 'TargetUserSid', 'TargetUserName', 'TargetDomainName', 'TargetLogonId', 'LogonType', 'LogonProcessName', 'AuthenticationPackageName', 'WorkstationName', 'LogonGuid', 'IpAddress', 'IpPort', 'ProcessName', 'ElevatedToken', 'ImpersonationLevel', 'Status', 'SubStatus', 'FailureReason'].map((k) => [k, 'string'] as [string, Shape]) },
  'Watchlist.CreatedBy': USER_INFO,
  'Watchlist.UpdatedBy': USER_INFO,
};

/**
 * The lab's watchlists (their items come from the estate: sentinel-rows.ts). VIPUsers and
 * HighValueAssets are the lab's own lists (their columns predate the templates and queries use
 * them). The other four are Sentinel's built-in watchlist templates (azure-docs
 * articles/sentinel/watchlist-schemas.md): the column headers are the template's field names as
 * written there, spaces included (`['User Principal Name']` in KQL). The page names neither the
 * alias nor the SearchKey; the aliases are the ones the template pre-fills (NetworkAddresses for
 * Network Mapping), and the SearchKey is the template's one mandatory identifier column
 * (docs/tables/sentinel-tables.md, "Watchlists").
 */
export const WATCHLISTS = [
  { alias: 'VIPUsers', name: 'VIP users', searchKey: 'UserPrincipalName', columns: ['UserPrincipalName', 'DisplayName', 'Department', 'Title'] },
  { alias: 'HighValueAssets', name: 'High value assets', searchKey: 'Hostname', columns: ['Hostname', 'IPAddress', 'AssetType', 'Owner'] },
  { alias: 'NetworkAddresses', name: 'Network Mapping', searchKey: 'IP Subnet', columns: ['IP Subnet', 'Range Name', 'Tags'] },
  {
    alias: 'TerminatedEmployees',
    name: 'Terminated Employees',
    searchKey: 'User Principal Name',
    columns: ['User Identifier', 'User AAD Object Id', 'User On-Prem Sid', 'User Principal Name', 'UserState', 'Notification date', 'Termination date', 'Tags'],
  },
  {
    alias: 'IdentityCorrelation',
    name: 'Identity Correlation',
    searchKey: 'User Principal Name',
    columns: ['User Identifier', 'User AAD Object Id', 'User On-Prem Sid', 'User Principal Name', 'Employee Id', 'Email', 'Associated Privileged Account ID', 'Associated Privileged Account', 'Tags'],
  },
  {
    alias: 'ServiceAccounts',
    name: 'Service Accounts',
    searchKey: 'Service Principal Name',
    columns: ['Service Identifier', 'Service AAD Object Id', 'Service On-Prem Sid', 'Service Principal Name', 'Owner User Identifier', 'Owner User AAD Object Id', 'Owner User On-Prem Sid', 'Owner User Principal Name', 'Tags'],
  },
] as const;

/** A watchlist item as a bag: one text property per column. */
export function watchlistItemShape(columns: readonly string[]): Shape {
  return { struct: [...new Set(columns)].map((c) => [c, 'string'] as [string, Shape]) };
}
