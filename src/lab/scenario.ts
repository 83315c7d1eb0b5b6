/**
 * The lab scenario as data (../shared/reference/scenario.md): fixed identifiers (§1), the
 * attack and response timeline (§2, §3), and the policies from which the compliance story is
 * *computed* (identity-and-compliance.md §A, §B). Change a threshold or a policy here and the
 * risk → compliance → Conditional Access → sign-in outcomes change consistently (see rules.ts).
 */
import { T } from './time.ts';

export const DAY0 = '2024-05-13';
export const DAY1 = '2024-05-14';
export const DAY2 = '2024-05-15';
export const DAY3 = '2024-05-16';
/** The dataset's pinned now(): end of Day 3 plus a little, so ago() gives stable answers. */
export const NOW = '2024-05-17T00:30:00Z';

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

export const ALEX: UserDef = {
  key: 'alex',
  displayName: 'Alex Rivera',
  upn: 'alex.rivera@contoso.example',
  objectId: 'b6604d2c-e738-5bc8-8c17-efe1e3da835d',
  cloudSid: 'S-1-12-1-3059764524-1539893048-3790542732-1568922339',
  accountName: 'alex.rivera',
  onPremSid: 'S-1-5-21-1004336348-1177238915-682003330-1105',
  department: 'Finance',
  jobTitle: 'Accounts Payable Specialist',
};
export const JORDAN: UserDef = {
  key: 'jordan',
  displayName: 'Jordan Lee',
  upn: 'jordan.lee@contoso.example',
  objectId: '1fc724b7-f21c-5c28-b6b7-613f4b22e726',
  cloudSid: 'S-1-12-1-533144759-1546187292-1063368630-652681803',
  accountName: 'jordan.lee',
  department: 'Finance',
  jobTitle: 'Financial Analyst',
};
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

export const DEVICE_A: DeviceDef = {
  key: 'A',
  name: 'win10-lab01',
  deviceId: '99b14e30b7738db0b26d8bafab381c551fe3a4d3',
  aadDeviceId: 'afc215b4-7264-5478-b047-680308af8aab',
  localIp: '10.0.0.4',
  publicIp: '198.51.100.23',
  joinType: 'AAD Joined',
  user: 'alex',
  osPlatform: 'Windows10',
  osBuild: 19045,
  osVersionInfo: '22H2',
  model: 'Virtual Machine',
  vendor: 'Microsoft Corporation',
  azureVm: true,
  machineGroup: 'Lab',
};
export const DEVICE_B: DeviceDef = {
  key: 'B',
  name: 'win10-lab07',
  deviceId: 'f49e40fd7fa904bbe336771ed7d6eab38a3629c1',
  aadDeviceId: '8df26a1a-ef4f-5d77-bfd9-2fa4f29f5746',
  localIp: '10.0.0.7',
  publicIp: '198.51.100.23',
  joinType: 'AAD Joined',
  user: 'jordan',
  osPlatform: 'Windows10',
  osBuild: 19045,
  osVersionInfo: '22H2',
  model: 'Virtual Machine',
  vendor: 'Microsoft Corporation',
  azureVm: true,
  machineGroup: 'Lab',
};
export const DEVICE_C: DeviceDef = {
  key: 'C',
  name: 'win10-hyb02.corp.contoso.example',
  deviceId: '2dc33055fc249ab183c61d3dfa7eb7b225598761',
  aadDeviceId: 'f582c87e-447c-5db3-8b12-c4b922e71bc3',
  localIp: '10.20.0.31',
  publicIp: '198.51.100.40',
  joinType: 'Hybrid Azure AD Join',
  user: 'alex',
  osPlatform: 'Windows10',
  osBuild: 19045,
  osVersionInfo: '22H2',
  model: 'Latitude 5440',
  vendor: 'Dell Inc.',
  machineGroup: 'Lab',
  exposureLevel: 'Medium',
};

export const ADFS = {
  farm: 'sts.contoso.example',
  server: 'adfs01.corp.contoso.example',
  serverIp: '10.20.0.10',
  wap: 'wap01',
  dc: 'dc01.corp.contoso.example',
  dcIp: '10.20.0.5',
};

export const C2 = { ip: '203.0.113.45', port: 443, url: 'updates.fabrikam-cdn.example' };
export const SENDER = { address: 'billing@fabrikam-invoices.example', relay: '192.0.2.25', domain: 'fabrikam-invoices.example' };

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

// ---------------------------------------------------------------------------------------------
// Files (§1.1)

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

export const FILES = {
  docm: {
    name: 'WinATP-Intro-Invoice.docm',
    folder: 'C:\\Users\\alex.rivera\\Downloads\\',
    size: 41872,
    md5: '6bfd6fa4d9cf129e2fd523a519124dd7',
    sha1: 'a9d945868f3e41c17cd2c4a5b435002d8983962f',
    sha256: 'bb6a5617348b05c2ca317cc079de7a93c8a49bc9f55df2ab21f925db39c3d3ab',
  },
  js: {
    name: 'diy_rs3_jscript_executes_ps.js',
    folder: 'C:\\Users\\alex.rivera\\Desktop\\',
    size: 2184,
    md5: 'a8e33cbc4843069b416b32a131677fb3',
    sha1: 'cd9c8368d6357d821afd3f4d59433d18987f067c',
    sha256: '10ff344b9ca1cbfd9d7f8eb216a9735b6c8e46c6b3fdcccb576816b021193e1e',
  },
  jpg: {
    name: 'WinATP-Intro-Backdoorexe.jpg',
    folder: 'C:\\Users\\alex.rivera\\Desktop\\',
    size: 106496,
    md5: 'aed7d138e84b89e070edd7cf0cc76dd9',
    sha1: '4ad493d890092d6da645043be925925bca4cff27',
    sha256: '22dfc2849e1501c31139ccfc84124b3c24f6ed2ce7f79fa8bc35351f3c5a5226',
  },
  winword: {
    name: 'WINWORD.EXE',
    folder: 'C:\\Program Files\\Microsoft Office\\root\\Office16\\',
    size: 1637208,
    md5: '55b01321d098b9b0003ca40246c379c5',
    sha1: 'f545dc7f5baa4f061cc09a5c6ac9dc71353669c1',
    sha256: 'fa0714bbb611ed465d6cae705cebc15de04f7cc3b83f3fb7661693ebb23c787c',
    company: 'Microsoft Corporation',
    product: 'Microsoft Office',
    version: '16.0.17531.20152',
    description: 'Microsoft Word',
    originalName: 'WinWord.exe',
  },
  wscript: {
    name: 'wscript.exe',
    folder: 'C:\\Windows\\System32\\',
    size: 167936,
    md5: '31feda4cb6bd0647c1f508dd172b0d26',
    sha1: '46546f7aa7c90a73310e19aa37a08ee393f36db5',
    sha256: '6d7ee3b1de3ea135f3fe4e1b505aae3ddd062054b8469733eb9567cbdce7c454',
    company: 'Microsoft Corporation',
    product: 'Microsoft ® Windows Script Host',
    version: '5.812.10240.16384',
    description: 'Microsoft ® Windows Based Script Host',
    originalName: 'wscript.exe',
  },
  powershell: {
    name: 'powershell.exe',
    folder: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\',
    size: 452608,
    md5: '181a5a0493b935f1d775c38c6612e9f0',
    sha1: '095f8ac8a1daf93484e41dc27795f0a0439bc390',
    sha256: 'b923a668ffa694d7f6ec5a55749b3a95e6e345fc425aaa629fcf7f06107d1433',
    company: 'Microsoft Corporation',
    product: 'Microsoft® Windows® Operating System',
    version: '10.0.19041.3996',
    description: 'Windows PowerShell',
    originalName: 'PowerShell.EXE.MUI',
  },
  runtimebroker: {
    name: 'RuntimeBroker.exe',
    folder: 'C:\\Windows\\System32\\',
    size: 131968,
    md5: 'f373e55537bd0aa2d523235bd41b8d92',
    sha1: '9060e4b040ede72e43e76f9c16c9abd99fe03c57',
    sha256: '622e1dbf4e1a3c6cce18a74e98011c69a9f069879f2aa6ada3c24cc541faa71d',
    company: 'Microsoft Corporation',
    product: 'Microsoft® Windows® Operating System',
    version: '10.0.19041.3636',
    description: 'Runtime Broker',
    originalName: 'RuntimeBroker.exe',
  },
  explorer: {
    name: 'explorer.exe',
    folder: 'C:\\Windows\\',
    size: 4876312,
    md5: '89de27a4846e4c1d0a508b5690ea5e12',
    sha1: '9509f1e3ff790618acabc6ac98399311ad513f6f',
    sha256: 'c5bcd9f8a555aaed4080b02bc8ae190f69716036d76ce0fe022f5e0a936ab4b5',
    company: 'Microsoft Corporation',
    product: 'Microsoft® Windows® Operating System',
    version: '10.0.19041.4170',
    description: 'Windows Explorer',
    originalName: 'EXPLORER.EXE',
  },
} satisfies Record<string, FileDef>;

// ---------------------------------------------------------------------------------------------
// Process instances on device A (§1.2)

export const ATTACK = {
  logonId: 2456789,
  logonTime: T(`${DAY1}T09:00:12.300`),
  winlogon: { pid: 692, created: T(`${DAY0}T07:01:02.114`) },
  P0: { pid: 4188, created: T(`${DAY1}T09:00:14.870`), cmd: 'C:\\Windows\\system32\\userinit.exe' },
  P1: { pid: 4312, created: T(`${DAY1}T09:00:15.402`), cmd: 'C:\\Windows\\Explorer.EXE' },
  P2: { pid: 5544, created: T(`${DAY1}T09:01:02.730`), cmd: '"C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE"' },
  P3: {
    pid: 6120,
    created: T(`${DAY1}T09:42:03.117`),
    cmd: '"C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE" /n "C:\\Users\\alex.rivera\\Downloads\\WinATP-Intro-Invoice.docm" /o ""',
  },
  P4: {
    pid: 7044,
    created: T(`${DAY1}T09:42:33.015`),
    cmd: '"C:\\Windows\\System32\\WScript.exe" "C:\\Users\\alex.rivera\\Desktop\\diy_rs3_jscript_executes_ps.js"',
  },
  P5: {
    pid: 7392,
    created: T(`${DAY1}T09:42:34.650`),
    cmd: '"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe" -NoProfile -NonInteractive -WindowStyle Hidden -ExecutionPolicy Bypass -EncodedCommand VwByAGkAdABlAC0ATwB1AHQAcAB1AHQAIAAnAHMAeQBuAHQAaABlAHQAaQBjAC0AcwBpAG0AOgAgAGwAbwBhAGQAZQByACAAcwB0AHUAYgAnAA==',
  },
  P6: { pid: 8116, created: T(`${DAY1}T09:42:38.551`), cmd: 'C:\\Windows\\System32\\RuntimeBroker.exe -Embedding' },
  runKey: 'HKEY_CURRENT_USER\\S-1-12-1-3059764524-1539893048-3790542732-1568922339\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run',
  runValueName: 'WinATPIntroUpdate',
  runValueData: 'wscript.exe "C:\\Users\\alex.rivera\\Desktop\\diy_rs3_jscript_executes_ps.js"',
  beacons: ['09:42:41.300', '09:43:41', '09:44:41', '09:45:41', '09:46:41'].map((t) => T(`${DAY1}T${t}`)),
  firstBeaconPort: 49812,
  /** scenario.md marks the remediation (RegistryValueDeleted) as an optional variant, not in the base script. */
  removePersistence: false,
};

// ---------------------------------------------------------------------------------------------
// Alerts (§3.1) — the input of the risk computation

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

const MDE = 'Microsoft Defender for Endpoint';
const resolved = (t: string) => ({
  inProgressAt: T(`${DAY1}T10:01:00`),
  resolvedAt: T(`${DAY1}T${t}`),
  classification: 'InformationalExpectedActivity',
  determination: 'SecurityTesting',
  assignedTo: ANALYST,
  comment: 'Simulated attack (lab) - contained and reviewed',
});

export const ALERTS: AlertDef[] = [
  {
    key: 'A1',
    alertId: 'da638512766351234561_-1893421570',
    time: T(`${DAY1}T09:43:55`),
    title: 'Suspicious script launched by an Office application',
    category: 'Execution',
    severity: 'Medium',
    serviceSource: MDE,
    detectionSource: 'EDR',
    techniques: ['Malicious File (T1204.002)', 'JavaScript (T1059.007)', 'PowerShell (T1059.001)'],
    deviceKey: 'A',
    ...resolved('10:24:00'),
  },
  {
    key: 'A2',
    alertId: 'da638512766501187302_733019284',
    time: T(`${DAY1}T09:44:10`),
    title: 'Anomaly detected in ASEP registry',
    category: 'Persistence',
    severity: 'Medium',
    serviceSource: MDE,
    detectionSource: 'EDR',
    techniques: ['Registry Run Keys / Startup Folder (T1547.001)'],
    deviceKey: 'A',
    ...resolved('10:24:30'),
  },
  {
    key: 'A3',
    alertId: 'da638512766602210975_-402117653',
    time: T(`${DAY1}T09:44:20`),
    title: 'Suspicious process injection observed',
    category: 'DefenseEvasion',
    severity: 'High',
    serviceSource: MDE,
    detectionSource: 'EDR',
    techniques: ['Process Injection (T1055)'],
    deviceKey: 'A',
    ...resolved('10:25:00'),
  },
  {
    key: 'A4',
    alertId: 'da638512766751049870_1276543210',
    time: T(`${DAY1}T09:44:35`),
    title: 'Suspicious network connection from an injected process',
    category: 'CommandAndControl',
    severity: 'Medium',
    serviceSource: MDE,
    detectionSource: 'EDR',
    techniques: ['Application Layer Protocol (T1071)', 'Web Protocols (T1071.001)'],
    deviceKey: 'A',
    ...resolved('10:25:30'),
  },
];

// ---------------------------------------------------------------------------------------------
// Response actions (§2 Day 1, §4)

export const MACHINE_ACTIONS = [
  {
    id: 'dd490694-c278-50e6-897e-9db75c042a1c',
    type: 'Isolate',
    title: 'Isolate device',
    scope: 'Full',
    comment: 'Contain simulated backdoor',
    steps: [
      ['Pending', T(`${DAY1}T10:02:30`)],
      ['Succeeded', T(`${DAY1}T10:03:05`)],
    ],
  },
  {
    id: '993c41f5-3322-555f-b1df-93455b867885',
    type: 'CollectInvestigationPackage',
    title: 'Collect investigation package',
    scope: '',
    comment: 'Collect forensics for the simulated backdoor',
    steps: [
      ['Pending', T(`${DAY1}T10:12:10`)],
      ['InProgress', T(`${DAY1}T10:12:40`)],
      ['Succeeded', T(`${DAY1}T10:19:40`)],
    ],
  },
  {
    id: 'b0116980-6882-5aad-9edf-bd9072181bd5',
    type: 'Unisolate',
    title: 'Release device from isolation',
    scope: 'Full',
    comment: 'Alerts resolved, release from isolation',
    steps: [
      ['Pending', T(`${DAY1}T10:30:00`)],
      ['Succeeded', T(`${DAY1}T10:30:40`)],
    ],
  },
] as { id: string; type: string; title: string; scope: string; comment: string; steps: [string, number][] }[];

export const ISOLATION = { from: T(`${DAY1}T10:03:05`), to: T(`${DAY1}T10:30:40`) };

/** Intune check-ins of scripted devices (device key → times). Background devices get a schedule from rules.ts. */
export const CHECKINS: Record<string, number[]> = {
  A: [T(`${DAY0}T06:12:00`), T(`${DAY1}T09:51:00`), T(`${DAY1}T10:36:00`), T(`${DAY2}T06:40:00`), T(`${DAY3}T07:05:00`)],
};

// ---------------------------------------------------------------------------------------------
// Sign-in attempts: the *inputs* (who, what, from where); outcomes come from rules.ts.

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
}

const EDGE_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80';
const OUTLOOK_UA = 'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17531; Pro)';
export const UA = { edge: EDGE_UA, outlook: OUTLOOK_UA, windows: 'Windows-AzureAD-Authentication-Provider/1.0' };

export const IPHONE = {
  key: 'iphone',
  easDeviceId: 'ApplDNPX8Q2LSYNT',
  deviceType: 'iPhone',
  model: 'iPhone15C2',
  os: 'iOS 17.4.1 21E236',
  userAgent: 'Apple-iPhone15C2/2104.236',
  aadDeviceId: '255d441e-dfc0-5aa7-bb90-5f9768d67b1c',
  firstSync: T(`${DAY3}T12:00:05`),
  quarantined: T(`${DAY3}T12:00:40`),
  enrolled: T(`${DAY3}T12:21:30`),
  compliantAt: T(`${DAY3}T12:24:10`),
  allowed: T(`${DAY3}T12:26:00`),
  publicIp: '203.0.113.88',
};

const A = (
  t: string,
  resource: keyof typeof APPS,
  client: keyof typeof CLIENTS,
  clientAppUsed: SignInAttempt['clientAppUsed'],
  extra: Partial<SignInAttempt> = {},
): SignInAttempt => ({
  time: T(t),
  user: 'alex',
  device: 'A',
  client,
  resource,
  clientAppUsed,
  session: clientAppUsed === 'Browser' ? 'A-browser' : 'A-desktop',
  ip: DEVICE_A.publicIp,
  userAgent: clientAppUsed === 'Browser' ? EDGE_UA : OUTLOOK_UA,
  ...extra,
});

export const SIGNINS: SignInAttempt[] = [
  // Day 0 baseline: routine, all succeed
  A(`${DAY0}T14:10:00`, 'sharepoint', 'officeHome', 'Browser'),
  A(`${DAY0}T14:10:41`, 'teams', 'teams', 'Mobile Apps and Desktop clients'),
  A(`${DAY0}T14:12:05`, 'graph', 'officeHome', 'Browser'),
  // Day 1
  A(`${DAY1}T09:04:40`, 'sharepoint', 'officeHome', 'Browser'),
  A(`${DAY1}T09:05:10`, 'exchange', 'office', 'Mobile Apps and Desktop clients', {
    mfaCompletesAt: T(`${DAY1}T09:05:32`),
    correlationId: 'ae302eb6-3efe-5a08-9335-9bca42ce32ea',
  }),
  A(`${DAY1}T09:53:20`, 'exchange', 'office', 'Mobile Apps and Desktop clients', {
    correlationId: '42ba17c5-2359-5c96-a563-e86b9c260913',
  }),
  A(`${DAY1}T09:54:02`, 'exchange', 'owa', 'Browser'),
  A(`${DAY1}T09:55:14`, 'sharepoint', 'officeHome', 'Browser', {
    mfaCompletesAt: T(`${DAY1}T09:55:49`),
    correlationId: '8f1b1a2e-ba5e-5d5c-9da8-6a65a23f576f',
  }),
  A(`${DAY1}T10:38:12`, 'exchange', 'office', 'Mobile Apps and Desktop clients'),
  A(`${DAY1}T10:39:30`, 'sharepoint', 'officeHome', 'Browser'),
  // Day 2: Windows sign-in (PRT) on the hybrid device through AD FS
  {
    time: T(`${DAY2}T08:00:16`),
    user: 'alex',
    device: 'C',
    client: 'windowsSignIn',
    resource: 'windows',
    clientAppUsed: 'Mobile Apps and Desktop clients',
    session: 'C-windows',
    ip: DEVICE_C.publicIp,
    userAgent: UA.windows,
    tokenIssuerType: 1,
  },
  // Day 3: ActiveSync from the unenrolled iPhone, every few minutes until enrolled
  ...['12:00:06', '12:03:41', '12:07:15', '12:10:52', '12:14:30', '12:18:02', '12:26:02'].map(
    (t): SignInAttempt => ({
      time: T(`${DAY3}T${t}`),
      user: 'alex',
      device: 'iphone',
      client: 'eas',
      resource: 'exchange',
      clientAppUsed: 'Exchange ActiveSync',
      session: 'iphone-eas',
      ip: IPHONE.publicIp,
      userAgent: IPHONE.userAgent,
    }),
  ),
];

/** MFA performed outside a sign-in row (e.g. during Company Portal enrollment): session → time. */
export const MFA_EVENTS: { session: string; time: number }[] = [{ session: 'iphone-eas', time: IPHONE.enrolled }];

export const EMAIL = {
  subject: 'Invoice 4471 - please review',
  time: T(`${DAY1}T09:30:05`),
  alexMessageId: 'd79513d4-5a68-5ec3-9169-5a200fd1ab84',
  jordanMessageId: '386702da-1da2-59c8-a2fe-f54e62684b7e',
  internetMessageId: '<4471.20240514093001.billing@fabrikam-invoices.example>',
};

export const ADFS_IDS = {
  prt: '7f473607-c974-58c1-953d-395377ef6a68',
  portal: '884fe912-dc1f-59e6-92b1-c605c4c3928d',
  extranet: '4c0cef9a-6ab7-599f-961e-f19626fa9305',
  extranetIp: '198.51.100.77',
};
