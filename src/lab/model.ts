/**
 * The tenant model every scenario shares: people, devices, files, alerts and sign-in attempts as
 * types; the tenant (contoso.example), its SOC account, the Entra applications and clients, the
 * on-premises domain controller; and the policies from which the compliance story is *computed*
 * (identity-and-compliance.md §A, §B). Change a threshold or a policy and the risk → compliance →
 * Conditional Access → sign-in outcomes change consistently (see rules.ts). Each scenario's own
 * identifiers live in its file under scenarios/ (the lab's in scenarios/lab-data.ts).
 */

export const TENANT = { domain: 'contoso.example', tenantId: 'ada22ba0-e590-5a25-9f19-a7942e547802' };

export interface UserDef {
  key: string;
  displayName: string;
  upn: string;
  objectId: string;
  cloudSid: string;
  accountName: string;
  onPremSid?: string;
  department: string;
  jobTitle: string;
}

export const ANALYST = 'soc.analyst@contoso.example';

export interface DeviceDef {
  key: string;
  name: string;
  deviceId: string;
  aadDeviceId: string;
  localIp: string;
  publicIp: string;
  joinType: 'AAD Joined' | 'Hybrid Azure AD Join' | 'Domain Joined';
  user: string;
  osPlatform: string;
  osBuild: number;
  osVersionInfo: string;
  model: string;
  vendor: string;
  azureVm?: boolean;
  /** DeviceInfo.MachineGroup (default Workstations) and ExposureLevel (default Low). */
  machineGroup?: string;
  exposureLevel?: string;
}

/** The domain controller of corp.contoso.example (Kerberos, LDAP and DNS of on-premises devices). */
export const DC = { name: 'dc01.corp.contoso.example', ip: '10.20.0.5' };
/** The second domain controller (Defender for Identity sees both). */
export const DC2 = { name: 'dc02.corp.contoso.example', ip: '10.20.0.6' };
/** corp.contoso.example's domain SID: every domain account's and group's SID is it plus a RID. */
export const DOMAIN_SID = 'S-1-5-21-1004336348-1177238915-682003330';
/** The SID of the domain account or group with relative id `rid`. */
export const domainSid = (rid: number | string) => `${DOMAIN_SID}-${rid}`;

export const APPS = {
  exchange: { id: '00000002-0000-0ff1-ce00-000000000000', name: 'Office 365 Exchange Online' },
  sharepoint: { id: '00000003-0000-0ff1-ce00-000000000000', name: 'Office 365 SharePoint Online' },
  teams: { id: 'cc15fd57-2c6c-4117-a88c-83b1d56b4bbe', name: 'Microsoft Teams Services' },
  graph: { id: '00000003-0000-0000-c000-000000000000', name: 'Microsoft Graph' },
  windows: { id: '01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9', name: 'Device Registration Service' },
  azureManagement: { id: '797f4846-ba00-4fd7-ba43-dac1f8f63013', name: 'Windows Azure Service Management API' },
};

/** Client apps (the application the user ran). */
export const CLIENTS = {
  officeHome: { id: '4765445b-32c6-49b0-83e6-1d93765276ca', name: 'OfficeHome' },
  office: { id: 'd3590ed6-52b3-4102-aeff-aad2292ab01c', name: 'Microsoft Office' },
  owa: { id: '00000002-0000-0ff1-ce00-000000000000', name: 'Office 365 Exchange Online' },
  teams: { id: '1fec8e78-bce4-4aaf-ab1b-5451cc387264', name: 'Microsoft Teams' },
  windowsSignIn: { id: '38aa3b87-a06d-4817-b275-7a316988d93b', name: 'Windows Sign In' },
  eas: { id: '00000002-0000-0ff1-ce00-000000000000', name: 'Exchange ActiveSync' },
  portal: { id: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c', name: 'Azure Portal' },
};

// ---------------------------------------------------------------------------------------------
// Policies (identity-and-compliance.md A and B.2)

export type RiskLevel = 'None' | 'Informational' | 'Low' | 'Medium' | 'High';
export const RISK_ORDER: RiskLevel[] = ['None', 'Informational', 'Low', 'Medium', 'High'];

export interface IntunePolicy {
  id: string;
  name: string;
  settingName: string;
  /** "Require the device to be at or under the machine risk score". */
  maxRisk: RiskLevel;
  /** Days after detection before "Mark device noncompliant" (0 = immediately). */
  graceDays: number;
}

export type ClientAppType = 'browser' | 'mobileAppsAndDesktopClients' | 'exchangeActiveSync' | 'other';
export type GrantControl = 'mfa' | 'compliantDevice' | 'domainJoinedDevice' | 'block';

export interface CaPolicy {
  id: string;
  displayName: string;
  state: 'enabled' | 'disabled' | 'enabledForReportingButNotEnforced';
  includeApplications: string[];
  clientAppTypes: ClientAppType[];
  operator: 'AND' | 'OR';
  builtInControls: GrantControl[];
}

export interface ScenarioPolicies {
  intune: IntunePolicy;
  /** Tenant setting "Mark devices with no compliance policy assigned as". */
  noPolicyDevicesCompliant: boolean;
  ca: CaPolicy[];
  /** Delay from an alert to the MDE risk recomputation. */
  riskDelaySec: number;
  /** Delay from the last alert resolution to the risk being lowered. */
  riskClearDelaySec: number;
  /** Delay from an Intune state change to the Entra device object's isCompliant. */
  entraSyncDelaySec: number;
  /** How long an MFA claim stays valid in a client session. */
  mfaLifetimeHours: number;
}

export const POLICIES: ScenarioPolicies = {
  intune: {
    id: '575e0f0e-a4d2-5256-a58b-e71a95710e1e',
    name: 'Win10 - MDE risk at or under Low',
    settingName: 'Require the device to be at or under the machine risk score',
    maxRisk: 'Low',
    graceDays: 0,
  },
  noPolicyDevicesCompliant: false,
  ca: [
    {
      id: '4028450d-eeae-5341-8786-fb5b5464fc2e',
      displayName: 'CA01 - SharePoint Online: compliant device OR MFA',
      state: 'enabled',
      includeApplications: [APPS.sharepoint.id],
      clientAppTypes: ['browser', 'mobileAppsAndDesktopClients'],
      operator: 'OR',
      builtInControls: ['mfa', 'compliantDevice'],
    },
    {
      id: '78c4fee8-d6f8-5584-be4e-7fb608336946',
      displayName: 'CA02 - Exchange Online: compliant device AND MFA',
      state: 'enabled',
      includeApplications: [APPS.exchange.id],
      clientAppTypes: ['browser', 'mobileAppsAndDesktopClients', 'exchangeActiveSync'],
      operator: 'AND',
      builtInControls: ['mfa', 'compliantDevice'],
    },
  ],
  riskDelaySec: 5,
  riskClearDelaySec: 100,
  entraSyncDelaySec: 5,
  mfaLifetimeHours: 12,
};

export interface FileDef {
  name: string;
  folder: string;
  size: number;
  md5: string;
  sha1: string;
  sha256: string;
  company?: string;
  product?: string;
  version?: string;
  description?: string;
  originalName?: string;
}

export interface AlertDef {
  key: string;
  alertId: string;
  time: number;
  title: string;
  category: string;
  severity: 'Informational' | 'Low' | 'Medium' | 'High';
  serviceSource: string;
  detectionSource: string;
  techniques: string[];
  deviceKey: string;
  /** Resolution (AlertStatus); undefined = still open. */
  inProgressAt?: number;
  resolvedAt?: number;
  classification?: string;
  determination?: string;
  assignedTo?: string;
  comment?: string;
}

/** A response action (MachineActions side table) and its status changes. */
export interface MachineActionDef {
  id: string;
  type: string;
  title: string;
  scope: string;
  comment: string;
  steps: [string, number][];
}

export interface SignInAttempt {
  time: number;
  user: string;
  /** Device key (A, B, C, iphone, a background device key) or '' for an unregistered device. */
  device: string;
  client: keyof typeof CLIENTS;
  resource: keyof typeof APPS;
  clientAppUsed: 'Browser' | 'Mobile Apps and Desktop clients' | 'Exchange ActiveSync';
  /** Client session that carries MFA claims (e.g. 'A-browser'). */
  session: string;
  /** If MFA gets prompted: when the user completes it (same CorrelationId). */
  mfaCompletesAt?: number;
  correlationId?: string;
  completionCorrelationId?: string;
  ip: string;
  userAgent: string;
  tokenIssuerType?: 0 | 1;
  /** true when the primary credential is wrong (50126). */
  badPassword?: boolean;
  /** Where the sign-in's IP address geolocates (default: the tenant's own region). */
  location?: { city: string; state: string; countryOrRegion: string; lat: number; lon: number };
  /** The federated token itself claims MFA (the sign-in log shows MFA satisfied by a claim in the token). */
  mfaByClaim?: boolean;
  /** Identity Protection's real-time sign-in risk (detection types as in RiskEventTypes_V2). */
  risk?: { level: 'low' | 'medium' | 'high'; types: string[] };
}

const EDGE_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80';
const OUTLOOK_UA = 'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17531; Pro)';
export const UA = { edge: EDGE_UA, outlook: OUTLOOK_UA, windows: 'Windows-AzureAD-Authentication-Provider/1.0' };
