/**
 * Security baselines assessment (DeviceBaselineCompliance*: profiles, the knowledge base of the
 * benchmark's checks, and one assessment row per device and check) and Security Exposure
 * Management's enterprise exposure graph (ExposureGraphNodes / ExposureGraphEdges: devices, users
 * and groups, who can authenticate where, group memberships, who may log on remotely). Columns as
 * the Defender XDR advanced-hunting reference pages list them (docs/tables/baselines-and-exposure.md).
 * Snapshot tables without an event time; which device fails which check is decided by a hash of
 * device and check, so the rest of the lab is unchanged.
 */
import type { Shape } from './arrow.ts';
import { DC, type UserDef, DOMAIN_SID } from './model.ts';
import { guidOf, hexOf } from './rng.ts';
import type { RefTable } from './schema-data.ts';
import { HOUR, T } from './time.ts';
import type { Acct, Dev, Sinks } from './world.ts';

const REF = 'docs/tables/baselines-and-exposure.md';
type Col = [string, string, string, string];

export const EXPOSURE_TABLES: RefTable[] = [
  {
    name: 'DeviceBaselineComplianceProfiles',
    kind: 'advanced-hunting',
    ref: REF,
    description: 'Security baseline profiles the organisation monitors devices against (preview).',
    columns: [
      ['ProfileId', 'string', 'K', 'profile id'],
      ['ProfileName', 'string', '', 'display name'],
      ['ProfileDescription', 'string', '', 'optional description'],
      ['OSPlatform', 'dynamic', 'J', 'OS platforms the profile applies to (JSON array)'],
      ['OSVersion', 'string', '', 'OS version'],
      ['BaseBenchmark', 'string', '', 'industry benchmark the profile is built on (CIS, STIG)'],
      ['BenchmarkVersion', 'string', '', 'version of that benchmark'],
      ['BenchmarkProfileLevel', 'string', '', 'benchmark compliance level of the profile'],
      ['Status', 'bool', '', 'whether the profile is enabled'],
      ['CreatedBy', 'string', '', 'account that created the profile'],
      ['CreatedOn', 'datetime', '', 'when the profile was created'],
      ['LastUpdatedBy', 'string', '', 'account that last updated it'],
      ['LastUpdatedOn', 'datetime', '', 'when it was last updated'],
    ] as Col[],
  },
  {
    name: 'DeviceBaselineComplianceAssessmentKB',
    kind: 'advanced-hunting',
    ref: REF,
    description: 'Knowledge base of the configurations security baselines assess (preview).',
    columns: [
      ['ConfigurationId', 'string', 'K', 'configuration id; joins the assessment table'],
      ['ConfigurationName', 'string', '', 'display name (the benchmark recommendation)'],
      ['ConfigurationDescription', 'string', '', 'description'],
      ['ConfigurationRationale', 'string', '', 'risk and rationale'],
      ['ConfigurationCategory', 'string', '', 'category'],
      ['BenchmarkProfileLevels', 'dynamic', 'J', 'benchmark levels the configuration belongs to (JSON array)'],
      ['CCEReference', 'string', '', 'Common Configuration Enumeration id (empty here: not verified)'],
      ['RemediationOptions', 'string', '', 'how to fix'],
      ['ConfigurationBenchmark', 'string', '', 'benchmark recommending the configuration'],
      ['Source', 'dynamic', 'J', 'registry path or other location read (JSON array)'],
      ['RecommendedValue', 'dynamic', 'J', 'expected values (JSON array)'],
    ] as Col[],
  },
  {
    name: 'DeviceBaselineComplianceAssessment',
    kind: 'advanced-hunting',
    ref: REF,
    description: 'Baseline compliance snapshot: one row per device, profile and configuration (preview).',
    columns: [
      ['DeviceId', 'string', 'K', 'MDE device id'],
      ['DeviceName', 'string', 'K', 'device FQDN'],
      ['OSPlatform', 'string', '', 'OS platform'],
      ['OSVersion', 'string', '', 'OS version'],
      ['ConfigurationId', 'string', 'K', 'configuration id'],
      ['ProfileId', 'string', 'K', 'profile id'],
      ['IsCompliant', 'bool', '', 'whether the device meets the configuration (nullable)'],
      ['IsApplicable', 'bool', '', 'whether the configuration applies to the device'],
      ['Source', 'dynamic', 'J', 'where the current setting was read (JSON array)'],
      ['RecommendedValue', 'dynamic', 'J', 'expected values (JSON array)'],
      ['CurrentValue', 'dynamic', 'J', 'values found on the device (JSON array)'],
      ['IsExempt', 'bool', '', 'whether the device is exempt from the configuration'],
    ] as Col[],
  },
  {
    name: 'ExposureGraphNodes',
    kind: 'advanced-hunting',
    ref: REF,
    description: 'Enterprise exposure graph nodes: devices, identities, groups (Security Exposure Management).',
    columns: [
      ['NodeId', 'string', 'K', 'node id'],
      ['NodeLabel', 'string', '', 'node label (device, user, group, ...)'],
      ['NodeName', 'string', '', 'display name'],
      ['Categories', 'dynamic', 'J', 'categories of the node (JSON array)'],
      ['NodeProperties', 'dynamic', 'J', 'properties and insights ({"rawData": {...}})'],
      ['EntityIds', 'dynamic', 'J', 'known identifiers of the node (JSON array of {type, id})'],
    ] as Col[],
  },
  {
    name: 'ExposureGraphEdges',
    kind: 'advanced-hunting',
    ref: REF,
    description: 'Enterprise exposure graph edges: relationships between nodes (Security Exposure Management).',
    columns: [
      ['EdgeId', 'string', 'K', 'edge id'],
      ['EdgeLabel', 'string', '', 'relationship, e.g. "member of", "Can Authenticate As"'],
      ['SourceNodeId', 'string', 'K', 'source node id'],
      ['SourceNodeName', 'string', '', 'source node display name'],
      ['SourceNodeLabel', 'string', '', 'source node label'],
      ['SourceNodeCategories', 'dynamic', 'J', 'source node categories (JSON array)'],
      ['TargetNodeId', 'string', 'K', 'target node id'],
      ['TargetNodeName', 'string', '', 'target node display name'],
      ['TargetNodeLabel', 'string', '', 'target node label'],
      ['TargetNodeCategories', 'dynamic', 'J', 'target node categories (JSON array)'],
      ['EdgeProperties', 'dynamic', 'J', 'optional data about the relationship ({"rawData": {...}})'],
    ] as Col[],
  },
];

const ENTITY_IDS: Shape = { list: { struct: [['type', 'string'], ['id', 'string']] } };
export const EXPOSURE_SHAPES: Record<string, Shape> = {
  'DeviceBaselineComplianceProfiles.OSPlatform': { list: 'string' },
  'DeviceBaselineComplianceAssessmentKB.BenchmarkProfileLevels': { list: 'string' },
  'DeviceBaselineComplianceAssessmentKB.Source': { list: 'string' },
  'DeviceBaselineComplianceAssessmentKB.RecommendedValue': { list: 'string' },
  'DeviceBaselineComplianceAssessment.Source': { list: 'string' },
  'DeviceBaselineComplianceAssessment.RecommendedValue': { list: 'string' },
  'DeviceBaselineComplianceAssessment.CurrentValue': { list: 'string' },
  'ExposureGraphNodes.Categories': { list: 'string' },
  'ExposureGraphNodes.EntityIds': ENTITY_IDS,
  'ExposureGraphNodes.NodeProperties': {
    struct: [
      [
        'rawData',
        {
          struct: [
            ['osPlatform', 'string'],
            ['deviceType', 'string'],
            ['onboardingStatus', 'string'],
            ['exposureScore', 'string'],
            ['riskScore', 'string'],
            ['vulnerableToRCE', 'bool'],
            ['criticalityLevel', { struct: [['criticalityLevel', 'long'], ['ruleNames', { list: 'string' }]] }],
            ['accountUpn', 'string'],
            ['department', 'string'],
            ['isActive', 'bool'],
            ['isPrivileged', 'bool'],
            ['memberCount', 'long'],
          ],
        },
      ],
    ],
  },
  'ExposureGraphEdges.SourceNodeCategories': { list: 'string' },
  'ExposureGraphEdges.TargetNodeCategories': { list: 'string' },
  'ExposureGraphEdges.EdgeProperties': { struct: [['rawData', { struct: [['lastSeen', 'string'], ['logonType', 'string']] }]] },
};

const h = (key: string, mod: number) => Number.parseInt(hexOf(key, 6), 16) % mod;

/**
 * [id, name, category, source, recommended, how often a device is not compliant (1/16), the
 * non-compliant value]. Checks from the CIS Windows benchmarks (Level 1); the ids are ours.
 */
const CHECKS: [string, string, string, string, string, number, string][] = [
  ['cis-win-minpwlen', "Ensure 'Minimum password length' is set to '14 or more character(s)'", 'Account Policies', 'Security policy: MinimumPasswordLength', '14', 0, '8'],
  ['cis-win-lockout', "Ensure 'Account lockout threshold' is set to '5 or fewer invalid logon attempt(s), but not 0'", 'Account Policies', 'Security policy: LockoutBadCount', '5', 0, '10'],
  ['cis-win-inactivity', "Ensure 'Interactive logon: Machine inactivity limit' is set to '900 or fewer second(s), but not 0'", 'Local Policies', 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\InactivityTimeoutSecs', '900', 5, ''],
  ['cis-win-smbsign', "Ensure 'Microsoft network client: Digitally sign communications (always)' is set to 'Enabled'", 'Local Policies', 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\LanmanWorkstation\\Parameters\\RequireSecuritySignature', '1', 9, '0'],
  ['cis-win-lmcompat', "Ensure 'Network security: LAN Manager authentication level' is set to 'Send NTLMv2 response only. Refuse LM & NTLM'", 'Local Policies', 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\LmCompatibilityLevel', '5', 4, '3'],
  ['cis-win-llmnr', "Ensure 'Turn off multicast name resolution' is set to 'Enabled'", 'Administrative Templates', 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\DNSClient\\EnableMulticast', '0', 7, ''],
  ['cis-win-winrmbasic', "Ensure 'Allow Basic authentication' (WinRM Client) is set to 'Disabled'", 'Administrative Templates', 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\WinRM\\Client\\AllowBasic', '0', 1, '1'],
  ['cis-win-smb1', "Ensure 'Configure SMB v1 client driver' is set to 'Enabled: Disable driver (recommended)'", 'Administrative Templates', 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\mrxsmb10\\Start', '4', 1, '3'],
  ['cis-win-psblocklog', "Ensure 'Turn on PowerShell Script Block Logging' is set to 'Enabled'", 'Administrative Templates', 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\PowerShell\\ScriptBlockLogging\\EnableScriptBlockLogging', '1', 10, ''],
  ['cis-win-auditproc', "Ensure 'Audit Process Creation' is set to include 'Success'", 'Advanced Audit Policy Configuration', 'auditpol: Detailed Tracking\\Process Creation', 'Success', 3, 'No Auditing'],
  ['cis-win-rdpnla', "Ensure 'Require user authentication for remote connections by using Network Level Authentication' is set to 'Enabled'", 'Administrative Templates', 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services\\UserAuthentication', '1', 0, '0'],
  ['cis-win-fwpublic', "Ensure 'Windows Firewall: Public: Firewall state' is set to 'On (recommended)'", 'Windows Firewall with Advanced Security', 'HKLM\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\PublicProfile\\EnableFirewall', '1', 0, '0'],
  ['cis-win-autorun', "Ensure 'Turn off Autoplay' is set to 'Enabled: All drives'", 'Administrative Templates', 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\Explorer\\NoDriveTypeAutoRun', '255', 6, '145'],
];

export interface ExposureCtx {
  sinks: Sinks;
  devs: Dev[];
  users: UserDef[];
  adminDevKeys: Set<string>;
  /** The IT admins' separate admin accounts (adm-…), by the admin's user. */
  adminAcct: (u: UserDef) => Acct;
  /** End of the lab's last day: the snapshots are from its evening. */
  end: number;
}

/** Rows of the five tables. */
export function writeBaselinesAndExposure(c: ExposureCtx): void {
  const { sinks } = c;
  const at = c.end - 5 * HOUR;
  const admins = c.devs.filter((d) => c.adminDevKeys.has(d.def.key) && d.user).map((d) => d.user!);
  const owner = admins[0] ? c.adminAcct(admins[0]).upn : 'secops@contoso.example';

  // --- security baselines: one CIS Level 1 profile per Windows release
  const profiles = ['Windows11', 'Windows10'].map((os) => ({ os, id: guidOf(`baseline:${os}`), version: os === 'Windows11' ? '23H2' : '22H2' }));
  for (const p of profiles) {
    sinks.DeviceBaselineComplianceProfiles.add({
      ProfileId: p.id,
      ProfileName: `Contoso ${p.os === 'Windows11' ? 'Windows 11' : 'Windows 10'} workstations - CIS L1`,
      ProfileDescription: 'Workstation hardening baseline (CIS Level 1) for the Intune-managed desks',
      OSPlatform: [p.os],
      OSVersion: p.version,
      BaseBenchmark: 'CIS',
      BenchmarkVersion: '3.0.0',
      BenchmarkProfileLevel: 'Level 1 (L1) - Corporate/Enterprise Environment (general use)',
      Status: true,
      CreatedBy: owner,
      CreatedOn: T('2024-02-19T10:12:41'),
      LastUpdatedBy: owner,
      LastUpdatedOn: T('2024-04-30T14:03:09'),
    });
  }
  for (const [id, name, cat, src, rec] of CHECKS) {
    sinks.DeviceBaselineComplianceAssessmentKB.add({
      ConfigurationId: id,
      ConfigurationName: name,
      ConfigurationDescription: `This policy setting is checked against the benchmark's recommended state: ${name.replace(/^Ensure /, '')}.`,
      ConfigurationRationale: 'A weaker setting widens the attack surface an intruder can use on the device or the network.',
      ConfigurationCategory: cat,
      BenchmarkProfileLevels: ['Level 1 (L1) - Corporate/Enterprise Environment (general use)'],
      CCEReference: '',
      RemediationOptions: 'Set the recommended value with Group Policy or an Intune configuration profile.',
      ConfigurationBenchmark: 'CIS',
      Source: [src],
      RecommendedValue: [rec],
    });
  }
  for (const d of c.devs) {
    const p = profiles.find((x) => x.os === d.def.osPlatform);
    if (!p) continue;
    for (const [id, , , src, rec, rate, bad] of CHECKS) {
      const exempt = id === 'cis-win-inactivity' && c.adminDevKeys.has(d.def.key);
      const failing = h(`baseline:${d.id}:${id}`, 16) < rate;
      sinks.DeviceBaselineComplianceAssessment.add({
        DeviceId: d.id,
        DeviceName: d.name,
        OSPlatform: d.def.osPlatform,
        OSVersion: p.version,
        ConfigurationId: id,
        ProfileId: p.id,
        IsCompliant: exempt ? null : !failing,
        IsApplicable: true,
        Source: [src],
        RecommendedValue: [rec],
        CurrentValue: failing ? (bad === '' ? [] : [bad]) : [rec],
        IsExempt: exempt,
      });
    }
  }

  // --- enterprise exposure graph
  interface GNode {
    id: string;
    label: string;
    name: string;
    cats: string[];
  }
  const node = (id: string, label: string, name: string, cats: string[], raw: Record<string, unknown>, ids: { type: string; id: string }[]): GNode => {
    sinks.ExposureGraphNodes.add({ NodeId: id, NodeLabel: label, NodeName: name, Categories: cats, NodeProperties: { rawData: raw }, EntityIds: ids });
    return { id, label, name, cats };
  };
  const edge = (label: string, s: GNode, t: GNode, raw: Record<string, unknown> = {}) =>
    sinks.ExposureGraphEdges.add({
      EdgeId: guidOf(`edge:${label}:${s.id}:${t.id}`),
      EdgeLabel: label,
      SourceNodeId: s.id,
      SourceNodeName: s.name,
      SourceNodeLabel: s.label,
      SourceNodeCategories: s.cats,
      TargetNodeId: t.id,
      TargetNodeName: t.name,
      TargetNodeLabel: t.label,
      TargetNodeCategories: t.cats,
      EdgeProperties: { rawData: raw },
    });
  const dc = node(guidOf(`node:${DC.name}`), 'device', DC.name, ['device'], { osPlatform: 'WindowsServer2022', deviceType: 'Server', onboardingStatus: 'Onboarded', exposureScore: 'Medium', riskScore: 'None', criticalityLevel: { criticalityLevel: 0, ruleNames: ['Domain Controller'] } }, [{ type: 'DeviceName', id: DC.name }]);
  const devNodes = new Map<Dev, GNode>();
  for (const d of c.devs) {
    const admin = c.adminDevKeys.has(d.def.key);
    const raw: Record<string, unknown> = {
      osPlatform: d.def.osPlatform,
      deviceType: 'Workstation',
      onboardingStatus: 'Onboarded',
      exposureScore: ['Low', 'Medium', 'Medium', 'High'][h(`exp:${d.id}`, 4)],
      riskScore: 'None',
    };
    if (h(`rce:${d.id}`, 4) === 0) raw.vulnerableToRCE = true;
    if (admin) raw.criticalityLevel = { criticalityLevel: 2, ruleNames: ['Privileged user device'] };
    devNodes.set(d, node(guidOf(`node:${d.id}`), 'device', d.name, ['device'], raw, [{ type: 'DeviceInventoryId', id: d.id }, { type: 'AadDeviceId', id: d.def.aadDeviceId }]));
  }
  const groupNode = (name: string, members: number, privileged: boolean) =>
    node(guidOf(`node:group:${name}`), 'group', name, ['identity', 'group'], { memberCount: members, isPrivileged: privileged }, [{ type: 'SecurityIdentifier', id: `${DOMAIN_SID}-${1100 + h(`gsid:${name}`, 800)}` }]);
  const everyone = groupNode('All Employees', c.users.length, false);
  const itAdmins = groupNode('IT Admins', admins.length, true);
  const domainAdmins = groupNode('Domain Admins', admins.length, true);
  const userNodes = new Map<string, GNode>();
  for (const u of c.users) {
    const ids = [{ type: 'AadObjectId', id: u.objectId }];
    if (u.onPremSid) ids.push({ type: 'SecurityIdentifier', id: u.onPremSid });
    const n = node(guidOf(`node:user:${u.objectId}`), 'user', u.displayName, ['identity'], { accountUpn: u.upn, department: u.department, isActive: true }, ids);
    userNodes.set(u.key, n);
    edge('member of', n, everyone);
  }
  for (const a of admins) {
    const adm = c.adminAcct(a);
    const n = node(guidOf(`node:user:${adm.sid}`), 'user', adm.name, ['identity'], { accountUpn: adm.upn, department: a.department, isActive: true, isPrivileged: true }, [{ type: 'SecurityIdentifier', id: adm.sid }]);
    edge('member of', n, itAdmins);
    edge('member of', n, domainAdmins);
  }
  for (const d of c.devs) {
    const dn = devNodes.get(d)!;
    const un = d.user ? userNodes.get(d.user.key) : undefined;
    if (un) edge('Can Authenticate As', dn, un, { lastSeen: new Date((at - h(`seen:${d.id}`, 20) * HOUR) / 1000).toISOString(), logonType: 'Interactive' });
    edge('CanRemoteInteractiveLogonTo', itAdmins, dn);
  }
  edge('CanRemoteInteractiveLogonTo', domainAdmins, dc);
}
