/**
 * The lab's table definitions as data: every table of mde-schema.md §1–14 and more-tables.md (via
 * the generated `schema-data.ts`), with the documented KQL types, plus the scenario's side tables
 * (scenario.md §4). Columns documented as JSON text (`AdditionalFields`, `LoggedOnUsers`, the sign-in
 * table's `ConditionalAccessPolicies`) are surfaced as `dynamic` (mde-schema.md §0.2 recommends it);
 * the catalog keeps their documented type in `documentedType`.
 */
import { GEO_IP_TABLE } from './geoip.ts';
import type { KqlType, TableKind } from '../catalog/types.ts';
import { duckTypeOf, type Shape, shapeOfType } from './arrow.ts';
import { additionsOf } from './schema-additions.ts';
import { REFERENCE_TABLES } from './schema-data.ts';
import { AZURE_DIAGNOSTICS } from './sentinel-keyvault.ts';
import { BEHAVIOR_TABLES } from './behaviors.ts';
import { GRAPH_API_AUDIT, SENTINEL_SHAPES, SENTINEL_TABLES, WATCHLISTS, watchlistItemShape } from './sentinel-tables.ts';
import { WORKSPACE_SHAPES, WORKSPACE_TABLES } from './sentinel-workspace.ts';
import { TEAMS_SHAPES, TEAMS_TABLES } from './teams-messages.ts';
import { DEFENDER_MORE_SHAPES, DEFENDER_MORE_TABLES } from './defender-more.ts';
import { ANOMALIES_SHAPES, ANOMALIES_TABLES } from './sentinel-anomalies.ts';
import { LEGACY_TABLES } from './legacy-tables.ts';
import { GUARDDUTY_SHAPES, GUARDDUTY_TABLES } from './sentinel-guardduty.ts';
import { DNS_INVENTORY_TABLES } from './sentinel-dns-inventory.ts';
import { SP_RISK_SHAPES, SP_RISK_TABLES } from './sentinel-sp-risk.ts';
import { QUERY_LOG_SHAPES, QUERY_LOG_TABLES } from './sentinel-querylogs.ts';
import { IDENTITY_ACCOUNT_SHAPES, IDENTITY_ACCOUNT_TABLES } from './identity-accounts.ts';
import { ADFS_SIGNIN_TABLES } from './sentinel-adfs.ts';
import { SCHEMA_ONLY_TABLES } from './schema-only.ts';
import { ABSENT_SERVICE_TABLES } from './absent-services.ts';
import { CAMPAIGN_TABLES } from './campaign-info.ts';
import { APP_SERVICE_TABLES } from './appservice-http.ts';
import { POSTURE_SHAPES, POSTURE_TABLES } from './posture-and-workspace.ts';
import { AZFW_TI_TABLES } from './sentinel-azfw-ti.ts';
import { TVM_CONFIG_SHAPES, TVM_CONFIG_TABLES } from './tvm-config.ts';
import { TVM_MORE_SHAPES, TVM_MORE_TABLES } from './tvm-more.ts';
import { EXPOSURE_SHAPES, EXPOSURE_TABLES } from './exposure.ts';

export interface ColumnDef {
  name: string;
  type: KqlType;
  shape: Shape;
  description: string;
  documentedType?: KqlType;
  /** Display group (the Sentinel-only columns of a Defender table). */
  group?: 'log-analytics';
  /** A stored column Log Analytics hides (`_ItemId`): the catalog lists it under `hiddenColumns`. */
  hidden?: true;
}

/**
 * The Log Analytics standard column `_ItemId`, "a unique identifier for the record" (Azure Monitor
 * docs, log-standard-columns.md; hidden: not shown unless a query names it). Its type is string (the
 * workspace schemas Azure-Sentinel's KQL validation tests list: `_ItemId | string`). Stored last in
 * every Log Analytics table the lab writes; the values are GUIDs drawn per record (generate.ts).
 */
export const ITEM_ID: ColumnDef = {
  name: '_ItemId',
  type: 'string',
  shape: 'string',
  description: 'unique identifier of the record (hidden standard column)',
  hidden: true,
};

/** Whether a table definition is a Log Analytics table whose records carry `_ItemId` (not a watchlist view). */
export function hasItemId(d: TableDef): boolean {
  return d.kind === 'sentinel' && !d.watchlist;
}

export interface TableDef {
  name: string;
  kind: TableKind;
  description: string;
  ref: string;
  columns: ColumnDef[];
  sampleQuery: string;
  /** What `_GetWatchlist(alias)` returns for one of the dataset's watchlists. */
  watchlist?: { alias: string; searchKey: string };
}

const CA_POLICY: Shape = {
  struct: [
    ['id', 'string'],
    ['displayName', 'string'],
    ['enforcedGrantControls', { list: 'string' }],
    ['enforcedSessionControls', { list: 'string' }],
    ['result', 'string'],
  ],
};
const LOCATION: Shape = {
  struct: [
    ['city', 'string'],
    ['state', 'string'],
    ['countryOrRegion', 'string'],
    [
      'geoCoordinates',
      {
        struct: [
          ['latitude', 'real'],
          ['longitude', 'real'],
        ],
      },
    ],
  ],
};
const KEY_VALUE: Shape = {
  list: {
    struct: [
      ['key', 'string'],
      ['value', 'string'],
    ],
  },
};

/** Shapes of dynamic columns: `Table.Column` or `*.Column`. Unlisted dynamic columns are string arrays. */
export const DYNAMIC_SHAPES: Record<string, Shape> = {
  ...TVM_CONFIG_SHAPES,
  ...TVM_MORE_SHAPES,
  ...EXPOSURE_SHAPES,
  ...SENTINEL_SHAPES,
  ...WORKSPACE_SHAPES,
  ...TEAMS_SHAPES,
  ...DEFENDER_MORE_SHAPES,
  ...ANOMALIES_SHAPES,
  ...GUARDDUTY_SHAPES,
  ...SP_RISK_SHAPES,
  ...QUERY_LOG_SHAPES,
  ...IDENTITY_ACCOUNT_SHAPES,
  ...POSTURE_SHAPES,
  'Watchlist.WatchlistItem': watchlistItemShape(WATCHLISTS.flatMap((w) => w.columns)),
  'DeviceEvents.AdditionalFields': {
    struct: [
      ['Command', 'string'],
      ['ThreatName', 'string'],
      ['WasRemediated', 'bool'],
      ['WasExecutingWhileDetected', 'bool'],
      ['ReportSource', 'string'],
      ['TaskName', 'string'],
      // ScheduledTask*: the task definition as JSON text, and who registered it
      ['TaskContent', 'string'],
      ['SubjectUserName', 'string'],
      // UserAccountAddedToLocalGroup / UserAccountRemovedFromLocalGroup: the local group
      ['GroupName', 'string'],
      ['GroupDomainName', 'string'],
      ['GroupSid', 'string'],
      ['ServiceName', 'string'],
      ['ScanTypeIndex', 'long'],
      ['DriveLetter', 'string'],
      ['DesiredAccess', 'long'],
      ['ServiceStartType', 'long'],
      ['ServiceType', 'long'],
      ['ServiceAccount', 'string'],
      // NamedPipeEvent
      ['PipeName', 'string'],
      ['FileOperation', 'string'],
      ['NamedPipeEnd', 'string'],
      ['ThreadId', 'long'],
      // LdapSearch
      ['SearchFilter', 'string'],
      ['DistinguishedName', 'string'],
      ['AttributeList', { list: 'string' }],
      ['ScopeOfSearch', 'string'],
      // PnpDeviceConnected
      ['ClassName', 'string'],
      ['ClassId', 'string'],
      ['DeviceDescription', 'string'],
      ['VendorIds', 'string'],
      // ExploitGuard*
      ['IsAudit', 'bool'],
      // SmartScreen* (the prompt's kind, and the id that ties a warning to the user's override)
      ['Experience', 'string'],
      ['ActivityId', 'string'],
    ],
  },
  'DeviceFileEvents.AdditionalFields': {
    struct: [
      ['FileType', 'string'],
      ['IsAdminShare', 'bool'],
    ],
  },
  'DeviceLogonEvents.AdditionalFields': {
    struct: [
      ['IsLocalLogon', 'bool'],
      ['IsRemote', 'bool'],
    ],
  },
  'DeviceNetworkEvents.AdditionalFields': {
    struct: [
      ['direction', 'string'],
      ['query', 'string'],
    ],
  },
  'DeviceProcessEvents.AdditionalFields': { struct: [['ProcessStartKey', 'long']] },
  'DeviceInfo.AdditionalFields': { struct: [['AsimovId', 'string']] },
  'DeviceInfo.LoggedOnUsers': {
    list: {
      struct: [
        ['UserName', 'string'],
        ['DomainName', 'string'],
        ['Sid', 'string'],
      ],
    },
  },
  'AlertEvidence.AdditionalFields': {
    struct: [
      ['ProcessId', 'long'],
      ['CreationTimeUtc', 'string'],
      ['ParentProcessId', 'long'],
      ['ParentProcessCreationTimeUtc', 'string'],
      ['FileType', 'string'],
      // File evidence: Defender's file entity (name, directory, and the host it was seen on)
      ['Name', 'string'],
      ['Directory', 'string'],
      ['Host', 'string'],
    ],
  },
  'EmailEvents.AdditionalFields': { struct: [['IsFirstContact', 'bool']] },
  'AADSignInEventsBeta.ConditionalAccessPolicies': { list: CA_POLICY },
  'IdentityLogonEvents.AdditionalFields': {
    struct: [
      ['Pre-Authentication', 'string'],
      ['Count', 'long'],
      ['Spns', 'string'],
    ],
  },
  'IdentityQueryEvents.AdditionalFields': {
    struct: [
      ['SourceComputerOperatingSystem', 'string'],
      ['AttributeList', { list: 'string' }],
    ],
  },
  'IdentityDirectoryEvents.AdditionalFields': {
    struct: [
      ['TO.GROUP', 'string'],
      ['FROM.GROUP', 'string'],
      ['TARGET_OBJECT.USER', 'string'],
    ],
  },
  'SigninLogs.ConditionalAccessPolicies': { list: CA_POLICY },
  'SigninLogs.DeviceDetail': {
    struct: [
      ['deviceId', 'string'],
      ['displayName', 'string'],
      ['operatingSystem', 'string'],
      ['browser', 'string'],
      ['isCompliant', 'bool'],
      ['isManaged', 'bool'],
      ['trustType', 'string'],
    ],
  },
  'SigninLogs.LocationDetails': LOCATION,
  'SigninLogs.MfaDetail': {
    struct: [
      ['authMethod', 'string'],
      ['authDetail', 'string'],
    ],
  },
  'SigninLogs.Status': {
    struct: [
      ['errorCode', 'long'],
      ['failureReason', 'string'],
      ['additionalDetails', 'string'],
    ],
  },
  'CloudAppEvents.ActivityObjects': {
    list: {
      struct: [
        ['Type', 'string'],
        ['Name', 'string'],
        ['Id', 'string'],
        ['Role', 'string'],
      ],
    },
  },
  'CloudAppEvents.RawEventData': {
    struct: [
      ['Operation', 'string'],
      ['UserId', 'string'],
      ['ClientIP', 'string'],
      ['Workload', 'string'],
      ['ObjectId', 'string'],
      // Exchange: New-InboxRule / Set-Mailbox parameters, MailItemsAccessed details
      ['Parameters', { list: { struct: [['Name', 'string'], ['Value', 'string']] } }],
      ['MailAccessType', 'string'],
      ['Folders', { list: { struct: [['Path', 'string'], ['FolderItems', { list: { struct: [['InternetMessageId', 'string']] } }]] } }],
      // the common schema of the Office 365 management activity record, and Entra ID's additions
      ['Id', 'string'],
      ['CreationTime', 'string'],
      ['RecordType', 'long'],
      ['ResultStatus', 'string'],
      ['OrganizationId', 'string'],
      ['UserKey', 'string'],
      ['UserType', 'long'],
      ['AzureActiveDirectoryEventType', 'long'],
      ['ExtendedProperties', { list: { struct: [['Name', 'string'], ['Value', 'string']] } }],
      ['ModifiedProperties', { list: { struct: [['Name', 'string'], ['NewValue', 'string'], ['OldValue', 'string']] } }],
      ['Actor', { list: { struct: [['ID', 'string'], ['Type', 'long']] } }],
      ['ActorContextId', 'string'],
      ['Target', { list: { struct: [['ID', 'string'], ['Type', 'long']] } }],
      ['TargetContextId', 'string'],
    ],
  },
  'CloudAppEvents.AdditionalFields': { struct: [['IsSensitive', 'bool']] },
  'CloudAppEvents.LastSeenForUser': {
    struct: [
      ['ISP', 'long'],
      ['CountryCode', 'long'],
      ['UserAgent', 'long'],
    ],
  },
  'CloudAppEvents.SessionData': { struct: [['InLineSessionId', 'string']] },
  'AuditLogs.AdditionalDetails': KEY_VALUE,
  'AuditLogs.InitiatedBy': {
    struct: [
      [
        'user',
        {
          struct: [
            ['id', 'string'],
            ['displayName', 'string'],
            ['userPrincipalName', 'string'],
            ['ipAddress', 'string'],
          ],
        },
      ],
      [
        'app',
        {
          struct: [
            ['appId', 'string'],
            ['displayName', 'string'],
            ['servicePrincipalId', 'string'],
            ['servicePrincipalName', 'string'],
          ],
        },
      ],
    ],
  },
  'AuditLogs.TargetResources': {
    list: {
      struct: [
        ['id', 'string'],
        ['displayName', 'string'],
        ['type', 'string'],
        ['userPrincipalName', 'string'],
        [
          'modifiedProperties',
          {
            list: {
              struct: [
                ['displayName', 'string'],
                ['oldValue', 'string'],
                ['newValue', 'string'],
              ],
            },
          },
        ],
      ],
    },
  },
  'AADUserRiskEvents.AdditionalInfo': {
    list: {
      struct: [
        ['Key', 'string'],
        ['Value', 'string'],
      ],
    },
  },
  'AADUserRiskEvents.Location': LOCATION,
  'AdfsEvents.Claims': { list: 'string' },
};

/** JSON-text columns documented as `string` that the lab stores as dynamic. */
function promoteToDynamic(table: string, col: string, flags: string): boolean {
  if (!flags.includes('J')) return false;
  if (col === 'AdditionalFields') return true;
  return (table === 'DeviceInfo' && col === 'LoggedOnUsers') || (table === 'AADSignInEventsBeta' && col === 'ConditionalAccessPolicies');
}

type SideCol = [string, KqlType, string];

const SIDE_TABLES: { name: string; description: string; columns: SideCol[] }[] = [
  {
    name: 'DeviceRiskEvents',
    description:
      'Side table (not advanced hunting): MDE machine risk level history, computed from open alerts (Machine API riskScore).',
    columns: [
      ['Timestamp', 'datetime', 'when the risk level changed'],
      ['DeviceId', 'string', 'MDE device id'],
      ['DeviceName', 'string', 'device name'],
      ['AadDeviceId', 'string', 'Entra device id'],
      ['PreviousRiskScore', 'string', 'None / Informational / Low / Medium / High'],
      ['RiskScore', 'string', 'None / Informational / Low / Medium / High'],
      ['TriggerAlertId', 'string', 'alert that raised the level (empty when lowered)'],
      ['Reason', 'string', 'why the level changed'],
    ],
  },
  {
    name: 'DeviceComplianceEvents',
    description: 'Side table (not advanced hunting): Intune compliance state changes at device check-in.',
    columns: [
      ['Timestamp', 'datetime', 'check-in time when the state was evaluated'],
      ['AadDeviceId', 'string', 'Entra device id'],
      ['DeviceName', 'string', 'device name'],
      ['DeviceId', 'string', 'MDE device id (empty for devices without MDE)'],
      ['UserPrincipalName', 'string', 'primary user'],
      ['PolicyId', 'string', 'compliance policy id'],
      ['PolicyName', 'string', 'compliance policy name'],
      ['SettingName', 'string', 'setting that decided the state'],
      ['Expected', 'string', 'expected value of the setting'],
      ['Actual', 'string', 'actual value at check-in'],
      ['PreviousState', 'string', 'compliant / noncompliant / inGracePeriod / unknown'],
      ['NewState', 'string', 'compliant / noncompliant / inGracePeriod / unknown'],
      ['Reason', 'string', 'human-readable reason'],
    ],
  },
  {
    name: 'MachineActions',
    description:
      'Side table (API-shaped, not advanced hunting): Defender response actions; one row per status change of a MachineAction.',
    columns: [
      ['Timestamp', 'datetime', 'time of this status change'],
      ['Id', 'guid', 'machine action id'],
      ['Type', 'string', 'Isolate / Unisolate / CollectInvestigationPackage / RunAntiVirusScan ...'],
      ['Title', 'string', 'action title'],
      ['Scope', 'string', 'Full / Selective (isolation)'],
      ['Requestor', 'string', 'who asked'],
      ['RequestorComment', 'string', 'comment'],
      ['Status', 'string', 'Pending / InProgress / Succeeded / Failed / TimeOut / Cancelled'],
      ['MachineId', 'string', 'MDE device id'],
      ['ComputerDnsName', 'string', 'device name'],
      ['CreationDateTimeUtc', 'datetime', 'when the action was requested'],
      ['LastUpdateDateTimeUtc', 'datetime', 'last status update'],
    ],
  },
  {
    name: 'AlertStatus',
    description:
      'Side table (API-shaped, not advanced hunting): alert lifecycle (status, classification) — one row per change.',
    columns: [
      ['Timestamp', 'datetime', 'time of this change'],
      ['AlertId', 'string', 'alert id (joins AlertInfo)'],
      ['Title', 'string', 'alert title'],
      ['Status', 'string', 'New / InProgress / Resolved'],
      ['Classification', 'string', 'TruePositive / InformationalExpectedActivity / FalsePositive'],
      ['Determination', 'string', 'e.g. SecurityTesting, Malware, Clean'],
      ['AssignedTo', 'string', 'analyst'],
      ['ResolvedTime', 'datetime', 'when resolved'],
      ['Comments', 'string', 'analyst comment'],
    ],
  },
  {
    name: 'AdfsEvents',
    description:
      'Side table (Windows event logs): AD FS Admin and Security (AD FS Auditing) events from the AD FS server, with the 12xx audit XML and its main fields.',
    columns: [
      ['TimeCreated', 'datetime', 'event time'],
      ['Computer', 'string', 'AD FS server'],
      ['LogName', 'string', 'AD FS/Admin or Security'],
      ['ProviderName', 'string', 'AD FS or AD FS Auditing'],
      ['EventId', 'int', 'event id (100, 364, 1200, 1202, 1203 ...)'],
      ['Level', 'string', 'Information / Warning / Error'],
      ['Keywords', 'string', 'keywords (Audit Success / Audit Failure ...)'],
      ['ActivityId', 'guid', 'AD FS request Activity ID'],
      ['AuditType', 'string', 'AppToken / FreshCredential'],
      ['AuditResult', 'string', 'Success / Failure'],
      ['FailureType', 'string', 'None or failure type'],
      ['ErrorCode', 'string', 'N/A or error code'],
      ['RelyingParty', 'string', 'relying party identifier'],
      ['UserId', 'string', 'user (DOMAIN\\user or UPN)'],
      ['AuthProtocol', 'string', 'WSFederation / WSTrust / SAMLP / OAuth'],
      ['Endpoint', 'string', 'AD FS endpoint path'],
      ['NetworkLocation', 'string', 'Intranet / Extranet'],
      ['IpAddress', 'string', 'client IP'],
      ['ProxyServer', 'string', 'WAP server or N/A'],
      ['PrimaryAuth', 'string', 'primary authentication method URI'],
      ['DeviceAuth', 'bool', 'device authenticated (device claims present)'],
      ['DeviceId', 'string', 'Entra/AD device id presented'],
      ['MfaPerformed', 'bool', 'MFA performed'],
      ['MfaMethod', 'string', 'MFA method or N/A'],
      ['Claims', 'dynamic', 'claim types issued (device claims: isknown, ismanaged, ...)'],
      ['Message', 'string', 'event message text'],
      ['EventXml', 'string', 'audit XML (EventData Data[1]) for 12xx events'],
    ],
  },
  {
    name: 'DeviceRegistrationEvents',
    description:
      'Side table (Windows event logs): Device Registration Service Tracing/Debug lines on the AD FS server and the client-side User Device Registration/Admin log. Messages are synthetic.',
    columns: [
      ['TimeCreated', 'datetime', 'event time'],
      ['Computer', 'string', 'computer that logged it'],
      ['LogName', 'string', 'event log channel'],
      ['ProviderName', 'string', 'event source'],
      ['EventId', 'int', 'event id'],
      ['Level', 'string', 'Information / Verbose / Error'],
      ['Keywords', 'string', 'e.g. AD Store, Service Helper'],
      ['DeviceId', 'string', 'device id mentioned by the line, if any'],
      ['Message', 'string', 'trace text'],
      ['Synthetic', 'bool', 'true: wording not confirmed against a real log'],
    ],
  },
  {
    name: 'MobileDevices',
    description:
      'Side table (Exchange Get-MobileDevice + Intune managedDevice view): ActiveSync device access state history.',
    columns: [
      ['Timestamp', 'datetime', 'time of this state'],
      ['UserPrincipalName', 'string', 'mailbox owner'],
      ['DeviceId', 'string', 'EAS device id'],
      ['AadDeviceId', 'string', 'Entra device id (after enrollment)'],
      ['DeviceType', 'string', 'EAS device type'],
      ['DeviceModel', 'string', 'model'],
      ['DeviceOS', 'string', 'OS'],
      ['DeviceUserAgent', 'string', 'EAS user agent'],
      ['ClientType', 'string', 'EAS'],
      ['FirstSyncTime', 'datetime', 'first sync'],
      ['DeviceAccessState', 'string', 'Unknown / Allowed / Blocked / Quarantined / DeviceDiscovery'],
      ['DeviceAccessStateReason', 'string', 'Global / Individual / DeviceRule / Policy / external MDM reason'],
      ['IntuneExchangeAccessState', 'string', 'none / unknown / allowed / blocked / quarantined'],
      ['IntuneExchangeAccessStateReason', 'string', 'e.g. notEnrolled, compliant, notCompliant'],
    ],
  },
  {
    name: 'FileProfiles',
    description: 'Side table: what FileProfile() would add (global prevalence, signer) keyed by SHA1.',
    columns: [
      ['SHA1', 'string', 'file SHA-1 (key)'],
      ['SHA256', 'string', 'file SHA-256'],
      ['MD5', 'string', 'file MD5'],
      ['FileSize', 'int', 'bytes'],
      ['GlobalPrevalence', 'long', 'number of devices worldwide that saw the file'],
      ['GlobalFirstSeen', 'datetime', 'first seen worldwide'],
      ['GlobalLastSeen', 'datetime', 'last seen worldwide'],
      ['Signer', 'string', 'signer'],
      ['Issuer', 'string', 'certificate issuer'],
      ['SignerHash', 'string', 'signer hash'],
      ['IsCertificateValid', 'bool', 'certificate valid'],
      ['IsRootSignerMicrosoft', 'bool', 'root signer is Microsoft'],
      ['SignatureState', 'string', 'SignedValid / SignedInvalid / Unsigned / Unknown'],
      ['IsExecutable', 'bool', 'PE file'],
      ['ThreatName', 'string', 'detection name'],
      ['Publisher', 'string', 'publisher'],
      ['SoftwareName', 'string', 'software name'],
      ['ProfileAvailability', 'string', 'Available / Missing / Error'],
    ],
  },
  GEO_IP_TABLE,
];

const SAMPLE: Record<string, string> = {
  DeviceProcessEvents:
    'DeviceProcessEvents\n| where InitiatingProcessFileName =~ "winword.exe"\n| project Timestamp, DeviceName, FileName, ProcessCommandLine, InitiatingProcessFileName',
  DeviceNetworkEvents:
    'DeviceNetworkEvents\n| where RemoteIPType == "Public"\n| summarize Connections = count() by RemoteUrl, InitiatingProcessFileName\n| top 20 by Connections',
  DeviceRegistryEvents:
    'DeviceRegistryEvents\n| where RegistryKey has @"\\CurrentVersion\\Run"\n| project Timestamp, DeviceName, RegistryValueName, RegistryValueData, InitiatingProcessFileName',
  DeviceEvents: 'DeviceEvents\n| summarize count() by ActionType\n| order by count_ desc',
  DeviceInfo: 'DeviceInfo\n| summarize arg_max(Timestamp, *) by DeviceId\n| project DeviceName, OSPlatform, JoinType, AadDeviceId',
  AADSignInEventsBeta:
    'AADSignInEventsBeta\n| where ErrorCode != 0\n| project Timestamp, AccountUpn, ResourceDisplayName, ClientAppUsed, ErrorCode, ConditionalAccessStatus',
  SigninLogs: 'SigninLogs\n| summarize count() by ResultType, AppDisplayName',
  AlertInfo: 'AlertInfo\n| order by Timestamp asc\n| project Timestamp, AlertId, Title, Severity, Category',
};

/** SecurityEvent columns beyond more-tables.md's subset (Log Analytics securityevent page). */
const SECURITY_EVENT_MORE: [string, string][] = [
  ['AdditionalInfo', 'additional information of the source not mapped to other fields (4662: the access-control parameter)'],
  ['HandleId', 'hex handle to the object (correlates 4656/4663/4658)'],
  ['ObjectServer', 'subsystem that logged the access: Security, DS (Active Directory), SC Manager ...'],
  ['OperationType', 'type of operation on the object, e.g. Object Access'],
  ['Properties', 'accessed properties (4662: access-right text and the schema GUIDs of the property sets / attributes)'],
];

/**
 * The rest of SecurityEvent's columns on its Azure Monitor Logs reference page (Name:type; the page
 * gives no descriptions), so that hunting queries naming any documented column compile. The lab's
 * writers fill the event fields they model; the others are empty (null) as on a host whose events
 * never carry them.
 */
const SECURITY_EVENT_REFERENCE = `
  AccountDomain:string AccountExpires:string AccountName:string AccountSessionIdentifier:string AdditionalInfo2:string
  AllowedToDelegateTo:string Attributes:string AuditPolicyChanges:string AuditsDiscarded:int AuthenticationLevel:int
  AuthenticationProvider:string AuthenticationServer:string AuthenticationService:int AuthenticationType:string
  AzureDeploymentID:string CACertificateHash:string CalledStationID:string CallerProcessId:string CallerProcessName:string
  CallingStationID:string CAPublicKeyHash:string CategoryId:string CertificateDatabaseHash:string ClassId:string ClassName:string
  ClientAddress:string ClientIPAddress:string ClientName:string CompatibleIds:string DCDNSName:string DeviceDescription:string
  DeviceId:string DisplayName:string Disposition:string DomainBehaviorVersion:string DomainName:string DomainPolicyChanged:string
  DomainSid:string EAPType:string ErrorCode:int ExtendedQuarantineState:string FileHash:string FilePath:string
  FilePathNoUser:string Filter:string ForceLogoff:string Fqbn:string FullyQualifiedSubjectMachineName:string
  FullyQualifiedSubjectUserName:string GroupMembership:string HardwareIds:string HomeDirectory:string HomePath:string
  InterfaceUuid:string KeyLength:int LmPackageName:string LocationInformation:string LockoutDuration:string
  LockoutObservationWindow:string LockoutThreshold:string LoggingResult:string LogonHours:string LogonID:string
  MachineAccountQuota:string MachineInventory:string MachineLogon:string MaxPasswordAge:string MinPasswordAge:string
  MinPasswordLength:string MixedDomainMode:string NASIdentifier:string NASIPv4Address:string NASIPv6Address:string NASPort:string
  NASPortType:string NetworkPolicyName:string NewDate:string NewMaxUsers:string NewRemark:string NewShareFlags:string
  NewTime:string NewUacValue:string NewValue:string NewValueType:string ObjectValueName:string OemInformation:string
  OldMaxUsers:string OldRemark:string OldShareFlags:string OldUacValue:string OldValue:string OldValueType:string
  PackageName:string PasswordHistoryLength:string PasswordLastSet:string PasswordProperties:string PreviousDate:string
  PreviousTime:string PrimaryGroupId:string PrivateKeyUsageCount:string ProfilePath:string ProtocolSequence:string
  ProxyPolicyName:string QuarantineHelpURL:string QuarantineSessionID:string QuarantineSessionIdentifier:string
  QuarantineState:string QuarantineSystemHealthResult:string RemoteIpAddress:string RemotePort:string Requester:string
  RequestId:string RowsDeleted:string ScriptPath:string SecurityDescriptor:string SessionName:string ShareLocalPath:string
  SidHistory:string StorageAccount:string SubcategoryGuid:string SubcategoryId:string Subject:string SubjectKeyIdentifier:string
  SubjectMachineName:string SubjectMachineSID:string TableId:string TargetInfo:string TargetLogonGuid:string
  TargetOutboundDomainName:string TargetOutboundUserName:string TargetServerName:string TargetUser:string TemplateContent:string
  TemplateDSObjectFQDN:string TemplateInternalName:string TemplateOID:string TemplateSchemaVersion:string TemplateVersion:string
  TransmittedServices:string UserAccountControl:string UserParameters:string UserWorkstations:string VendorIds:string
  Workstation:string`;

/**
 * IdentityInfo's Sentinel-only columns (Azure Monitor Logs reference, identityinfo-include.md,
 * docs/tables/log-analytics-columns.md) that have no Defender counterpart: stored with the lab's
 * values. The ones that do have a counterpart are computed copies (catalog/log-analytics.ts).
 */
const IDENTITY_INFO_SENTINEL: [string, KqlType, string][] = [
  ['Applications', 'string', 'all known applications this user account accessed (Sentinel UEBA)'],
  ['EntityRiskScore', 'dynamic', 'risk score of the entity from UEBA scoring (Sentinel UEBA)'],
  ['ExtensionProperty', 'dynamic', 'ExtensionProperty fields from Entra ID (Sentinel UEBA)'],
  ['InvestigationPriority', 'int', 'UEBA investigation priority score of the account (Sentinel UEBA)'],
  ['InvestigationPriorityPercentile', 'int', 'the account score compared to the organization (Sentinel UEBA)'],
  ['IsMFARegistered', 'bool', 'MFA is registered for the account (Sentinel UEBA)'],
  ['IsServiceAccount', 'bool', 'the account is a service account (Sentinel UEBA)'],
  ['LastSeenDate', 'datetime', 'date of the last activity observed for the account (Sentinel UEBA)'],
  ['OnPremisesExtensionAttributes', 'string', 'OnPremisesExtensionAttributes field from Entra ID (Sentinel UEBA)'],
  ['RelatedAccounts', 'dynamic', 'accounts that correlate to this user (Sentinel UEBA)'],
  ['SAMAccountName', 'string', 'SAM account name (Sentinel UEBA)'],
  ['ServicePrincipals', 'dynamic', 'Entra service principals the user owns (Sentinel UEBA)'],
  ['UACFlags', 'string', 'user access control flags from AD and Entra ID (Sentinel UEBA)'],
  ['UserState', 'string', 'Active / Disabled / Dormant / Lockout (Sentinel UEBA)'],
  ['UserStateChangedOn', 'datetime', 'last time the account state changed (Sentinel UEBA)'],
];

/** The columns of the current official reference that the table lacks (schema-additions.ts), at its end. */
function appendAdditions(table: string, columns: ColumnDef[]): void {
  for (const [name, type, description] of additionsOf(table)) {
    if (columns.some((c) => c.name === name)) continue;
    const shape = type === 'dynamic' ? (DYNAMIC_SHAPES[`${table}.${name}`] ?? { list: 'string' }) : shapeOfType(type);
    columns.push({ name, type, shape, description });
  }
}

export function buildTableDefs(): TableDef[] {
  const out: TableDef[] = [];
  for (const t of [...REFERENCE_TABLES, ...TVM_CONFIG_TABLES, ...TVM_MORE_TABLES, ...EXPOSURE_TABLES, GRAPH_API_AUDIT, ...BEHAVIOR_TABLES, ...SENTINEL_TABLES, AZURE_DIAGNOSTICS, ...TEAMS_TABLES, ...WORKSPACE_TABLES, ...DEFENDER_MORE_TABLES, ...ANOMALIES_TABLES, ...LEGACY_TABLES, ...GUARDDUTY_TABLES, ...QUERY_LOG_TABLES, ...IDENTITY_ACCOUNT_TABLES, ...ADFS_SIGNIN_TABLES, ...AZFW_TI_TABLES, ...SCHEMA_ONLY_TABLES, ...CAMPAIGN_TABLES, ...APP_SERVICE_TABLES, ...ABSENT_SERVICE_TABLES, ...POSTURE_TABLES, ...DNS_INVENTORY_TABLES, ...SP_RISK_TABLES]) {
    const columns: ColumnDef[] = t.columns.map(([name, type, flags, note]) => {
      let kt = type as KqlType;
      let documentedType: KqlType | undefined;
      if (t.name === 'DeviceTvmSoftwareVulnerabilitiesKB' && name === 'CvssScore') {
        documentedType = kt;
        kt = 'real';
      }
      if (t.name === 'GraphApiAuditEvents' && name === 'Timestamp') documentedType = 'string';
      if (kt === 'string' && promoteToDynamic(t.name, name, flags)) {
        documentedType = 'string';
        kt = 'dynamic';
      }
      const shape = kt === 'dynamic' ? (DYNAMIC_SHAPES[`${t.name}.${name}`] ?? { list: 'string' }) : shapeOfType(kt);
      return { name, type: kt, shape, description: note.replace(/\s+/g, ' ').trim(), documentedType };
    });
    // more-tables.md §0: TenantId exists in practice although these LA pages omit it.
    if (['SigninLogs', 'AuditLogs', 'SecurityAlert'].includes(t.name) && !columns.some((c) => c.name === 'TenantId')) {
      columns.push({ name: 'TenantId', type: 'string', shape: 'string', description: 'workspace / tenant id (present in practice)' });
    }
    // more-tables.md §7.4 lists 67 of SecurityEvent's 224 columns; the directory-service access
    // audit (4662) needs five more of the Log Analytics page (all string).
    if (t.name === 'SecurityEvent') {
      for (const [name, description] of SECURITY_EVENT_MORE) {
        if (!columns.some((c) => c.name === name)) columns.push({ name, type: 'string', shape: 'string', description });
      }
      for (const w of SECURITY_EVENT_REFERENCE.trim().split(/\s+/)) {
        const [name, type] = w.split(':') as [string, KqlType];
        if (!columns.some((c) => c.name === name)) columns.push({ name, type, shape: shapeOfType(type), description: '' });
      }
      columns.sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }));
    }
    if (t.name === 'IdentityInfo') {
      for (const [name, type, description] of IDENTITY_INFO_SENTINEL) {
        if (!columns.some((c) => c.name === name)) columns.push({ name, type, shape: type === 'dynamic' ? { list: 'string' } : shapeOfType(type), description, group: 'log-analytics' });
      }
    }
    appendAdditions(t.name, columns);
    const keyCol = columns.find((c) => c.name === 'Timestamp' || c.name === 'TimeGenerated');
    out.push({
      name: t.name,
      kind: t.kind,
      description: t.description,
      ref: t.ref,
      columns,
      sampleQuery: SAMPLE[t.name] ?? (keyCol ? `${t.name}\n| take 100\n| order by ${keyCol.name} desc` : `${t.name}\n| take 100`),
    });
  }
  // mde-schema.md §13: EntraIdSignInEvents succeeds AADSignInEventsBeta with the same rows,
  // AadDeviceId renamed EntraIdDeviceId and two columns appended (the tail is marked unstable);
  // the newer page's columns follow (schema-additions.ts).
  const aad = out.find((t) => t.name === 'AADSignInEventsBeta');
  if (aad) {
    out.push({
      ...aad,
      name: 'EntraIdSignInEvents',
      description: 'Entra ID sign-ins under the successor name of AADSignInEventsBeta (same rows; AadDeviceId is EntraIdDeviceId).',
      sampleQuery: aad.sampleQuery.replace('AADSignInEventsBeta', 'EntraIdSignInEvents'),
      columns: [
        ...aad.columns.map((c) => (c.name === 'AadDeviceId' ? { ...c, name: 'EntraIdDeviceId', description: 'Entra device id (AadDeviceId in AADSignInEventsBeta)' } : c)),
        { name: 'IsThroughGlobalSecureAccess', type: 'bool', shape: shapeOfType('bool'), description: 'whether the sign-in came through Global Secure Access [unstable]' },
        { name: 'UniqueTokenId', type: 'string', shape: 'string', description: 'unique token identifier [unstable]' },
      ],
    });
    appendAdditions('EntraIdSignInEvents', out[out.length - 1].columns);
  }
  for (const t of SIDE_TABLES) {
    const columns = t.columns.map(([name, type, description]) => ({
      name,
      type,
      shape: type === 'dynamic' ? (DYNAMIC_SHAPES[`${t.name}.${name}`] ?? { list: 'string' }) : shapeOfType(type),
      description,
    }));
    const tcol = columns.find((c) => c.type === 'datetime');
    out.push({
      name: t.name,
      kind: 'side',
      description: t.description,
      ref: 'scenario.md §4',
      columns,
      sampleQuery: tcol ? `${t.name}\n| order by ${tcol.name} asc` : `${t.name}\n| take 100`,
    });
  }
  // What _GetWatchlist(alias) returns for each lab watchlist: the item id, its last update, the
  // SearchKey, the item as a bag, and the item's columns (text, as uploaded in the CSV).
  for (const w of WATCHLISTS) {
    out.push({
      name: `Watchlist_${w.alias}`,
      kind: 'sentinel',
      description: `${w.name}: the watchlist as _GetWatchlist('${w.alias}') returns it (SearchKey = ${w.searchKey}).`,
      ref: 'docs/tables/sentinel-tables.md',
      columns: [
        { name: '_DTItemId', type: 'string', shape: 'string', description: 'watchlist item id' },
        { name: 'LastUpdatedTimeUTC', type: 'datetime', shape: 'datetime', description: 'when the item was last updated' },
        { name: 'SearchKey', type: 'string', shape: 'string', description: `the item's ${w.searchKey}` },
        { name: 'WatchlistItem', type: 'dynamic', shape: watchlistItemShape(w.columns), description: 'the item as a property bag' },
        ...w.columns.map((c) => ({ name: c, type: 'string' as const, shape: 'string' as const, description: 'watchlist column' })),
      ],
      sampleQuery: `_GetWatchlist('${w.alias}')`,
      watchlist: { alias: w.alias, searchKey: w.searchKey },
    });
  }
  for (const d of out) if (hasItemId(d)) d.columns.push(ITEM_ID);
  return out;
}

export function duckTypeOfColumn(c: ColumnDef): string {
  return duckTypeOf(c.shape);
}
