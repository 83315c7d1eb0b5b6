/**
 * The lab scenario's identifiers and timeline (../shared/reference/scenario.md): its days, people,
 * devices and files (§1), the attack and response timeline (§2, §3), the alerts that feed the risk
 * rules, the sign-in attempts whose outcomes the rules compute, and the Day-2 AD FS and Day-3
 * ActiveSync identifiers. lab.ts binds them into the `Scenario`.
 */
import { WINDOWS_FILES } from '../images.ts';
import { ANALYST, type AlertDef, type APPS, type CLIENTS, DC, type DeviceDef, type FileDef, type MachineActionDef, type SignInAttempt, UA, type UserDef, domainSid } from '../model.ts';
import { T } from '../time.ts';

export { ANALYST, POLICIES, TENANT } from '../model.ts';

export const DAY0 = '2024-05-13';
export const DAY1 = '2024-05-14';
export const DAY2 = '2024-05-15';
export const DAY3 = '2024-05-16';
/** The dataset's pinned now(): end of Day 3 plus a little, so ago() gives stable answers. */
export const NOW = '2024-05-17T00:30:00Z';

export const ALEX: UserDef = {
  key: 'alex',
  displayName: 'Alex Rivera',
  upn: 'alex.rivera@contoso.example',
  objectId: 'b6604d2c-e738-5bc8-8c17-efe1e3da835d',
  cloudSid: 'S-1-12-1-3059764524-1539893048-3790542732-1568922339',
  accountName: 'alex.rivera',
  onPremSid: domainSid(1105),
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
  dc: DC.name,
  dcIp: DC.ip,
};

export const C2 = { ip: '203.0.113.45', port: 443, url: 'updates.fabrikam-cdn.example' };
export const SENDER = { address: 'billing@fabrikam-invoices.example', relay: '192.0.2.25', domain: 'fabrikam-invoices.example' };

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
  winword: WINDOWS_FILES.winword,
  wscript: WINDOWS_FILES.wscript,
  powershell: WINDOWS_FILES.powershell,
  runtimebroker: WINDOWS_FILES.runtimebroker,
  explorer: WINDOWS_FILES.explorer,
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

export const MACHINE_ACTIONS: MachineActionDef[] = [
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
];

export const ISOLATION = { from: T(`${DAY1}T10:03:05`), to: T(`${DAY1}T10:30:40`) };

/** Intune check-ins of scripted devices (device key → times). Background devices get a schedule from rules.ts. */
export const CHECKINS: Record<string, number[]> = {
  A: [T(`${DAY0}T06:12:00`), T(`${DAY1}T09:51:00`), T(`${DAY1}T10:36:00`), T(`${DAY2}T06:40:00`), T(`${DAY3}T07:05:00`)],
};

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
  userAgent: clientAppUsed === 'Browser' ? UA.edge : UA.outlook,
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
