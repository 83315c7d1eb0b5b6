/**
 * Defender Vulnerability Management secure-configuration assessment: DeviceTvmSecureConfigurationAssessment
 * (one row per device and configuration, the latest daily assessment) and its knowledge base
 * DeviceTvmSecureConfigurationAssessmentKB. Columns as the Defender XDR advanced-hunting reference
 * lists them (docs/tables/tvm-secure-configuration.md). Each device is assessed once a day; a few
 * configurations fail on some devices, decided by a hash of device and configuration so that the
 * rest of the lab is unchanged.
 */
import type { Shape } from './arrow.ts';
import { hexOf } from './rng.ts';
import type { RefTable } from './schema-data.ts';
import { HOUR, SEC, T } from './time.ts';
import type { Dev, Sinks } from './world.ts';

export const TVM_CONFIG_TABLES: RefTable[] = [
  {
    name: 'DeviceTvmSecureConfigurationAssessment',
    kind: 'advanced-hunting',
    ref: 'docs/tables/tvm-secure-configuration.md',
    description: 'Latest secure-configuration assessment per device and configuration (Defender Vulnerability Management).',
    columns: [
      ['DeviceId', 'string', 'K', 'MDE device id'],
      ['DeviceName', 'string', 'K', 'device FQDN'],
      ['OSPlatform', 'string', '', 'OS platform'],
      ['Timestamp', 'datetime', '', 'when the assessment record was generated'],
      ['ConfigurationId', 'string', 'K', 'configuration id, e.g. scid-2010; joins the KB table'],
      ['ConfigurationCategory', 'string', '', 'Application / OS / Network / Accounts / Security controls'],
      ['ConfigurationSubcategory', 'string', '', 'e.g. Antivirus, EDR, Firewall'],
      ['ConfigurationImpact', 'real', '', 'impact on the configuration score (1-10)'],
      ['IsCompliant', 'bool', '', 'configured as recommended'],
      ['IsApplicable', 'bool', '', 'applies to the device'],
      ['Context', 'dynamic', 'J', 'additional context (values read on the device)'],
      ['IsExpectedUserImpact', 'bool', '', 'applying it is expected to affect users'],
    ],
  },
  {
    name: 'DeviceTvmSecureConfigurationAssessmentKB',
    kind: 'advanced-hunting',
    ref: 'docs/tables/tvm-secure-configuration.md',
    description: 'Knowledge base of the security configurations that Defender Vulnerability Management assesses.',
    columns: [
      ['ConfigurationId', 'string', 'K', 'configuration id'],
      ['ConfigurationImpact', 'real', '', 'impact on the configuration score (1-10)'],
      ['ConfigurationName', 'string', '', 'display name'],
      ['ConfigurationDescription', 'string', '', 'description'],
      ['RiskDescription', 'string', '', 'the associated risk'],
      ['ConfigurationCategory', 'string', '', 'Application / OS / Network / Accounts / Security controls'],
      ['ConfigurationSubcategory', 'string', '', 'subcategory'],
      ['ConfigurationBenchmarks', 'dynamic', 'J', 'industry benchmarks recommending it'],
      ['Tags', 'dynamic', 'J', 'labels'],
      ['RemediationOptions', 'string', '', 'recommended actions'],
    ],
  },
];

export const TVM_CONFIG_SHAPES: Record<string, Shape> = {
  'DeviceTvmSecureConfigurationAssessment.Context': { list: { list: 'string' } },
  'DeviceTvmSecureConfigurationAssessmentKB.ConfigurationBenchmarks': {
    list: { struct: [['benchmarkName', 'string'], ['benchmarkVersion', 'string'], ['recommendationId', 'string'], ['profileLevel', 'string']] },
  },
  'DeviceTvmSecureConfigurationAssessmentKB.Tags': { list: 'string' },
};

/** [id, category, subcategory, impact, name, risk, failure rate in 1/16, user impact, benchmark id] */
const CONFIGS: [string, string, string, number, string, string, number, boolean, string][] = [
  ['scid-91', 'Security controls', 'Antivirus', 9, 'Turn on Microsoft Defender Antivirus behavior monitoring', 'Without behavior monitoring new malware is detected later', 1, false, '18.10.43.10.2'],
  ['scid-2000', 'Security controls', 'EDR', 10, 'Turn on Microsoft Defender for Endpoint sensor', 'Devices without the sensor send no telemetry', 0, false, ''],
  ['scid-2001', 'Security controls', 'EDR', 8, 'Fix Microsoft Defender for Endpoint sensor data collection', 'Impaired data collection leaves gaps in telemetry', 1, false, ''],
  ['scid-2002', 'Security controls', 'EDR', 8, 'Fix Microsoft Defender for Endpoint impaired communications', 'The sensor cannot report detections', 1, false, ''],
  ['scid-2003', 'Security controls', 'EDR', 9, 'Turn on Tamper Protection', 'Attackers can turn off protection features', 2, false, ''],
  ['scid-2010', 'Security controls', 'Antivirus', 10, 'Turn on Microsoft Defender Antivirus', 'The device has no real-time malware protection', 0, false, '18.10.43.1'],
  ['scid-2011', 'Security controls', 'Antivirus', 9, 'Update Microsoft Defender Antivirus definitions', 'Out-of-date signatures miss recent malware', 3, false, ''],
  ['scid-2012', 'Security controls', 'Antivirus', 9, 'Turn on real-time protection', 'Files are not scanned when accessed', 1, false, '18.10.43.10.1'],
  ['scid-2013', 'Security controls', 'Antivirus', 7, 'Turn on PUA protection in block mode', 'Potentially unwanted applications can run', 4, true, ''],
  ['scid-2014', 'Security controls', 'Antivirus', 6, 'Fix Microsoft Defender Antivirus cloud service connectivity', 'Cloud-delivered protection is unavailable', 1, false, ''],
  ['scid-2016', 'Security controls', 'Antivirus', 7, 'Turn on cloud-delivered protection', 'New threats are blocked later', 1, false, '18.10.43.5.1'],
  ['scid-10', 'OS', 'Network', 5, 'Disable SMBv1 client driver', 'SMBv1 is exploitable by worms', 2, true, '18.3.2'],
  ['scid-44', 'Accounts', 'User Account Control', 6, "Set 'Behavior of the elevation prompt for administrators' to prompt for consent", 'Silent elevation helps malware gain admin rights', 3, true, '2.3.17.2'],
  ['scid-5090', 'Network', 'Firewall', 7, 'Turn on Microsoft Defender Firewall (domain profile)', 'Inbound connections are not filtered', 1, false, '9.1.1'],
];

const fails = (d: Dev, id: string, rate: number) => rate > 0 && Number.parseInt(hexOf(`scid:${d.id}:${id}`, 2), 16) % 16 < rate;

/** Rows of both tables; the assessments are from the evening before the lab's pinned now. */
export function writeSecureConfig(sinks: Sinks, devs: Dev[], nowIso: string): void {
  const at = T(nowIso) - 4 * HOUR;
  for (const d of devs) {
    for (const [id, cat, sub, impact, , , rate, userImpact] of CONFIGS) {
      const ok = !fails(d, id, rate);
      sinks.DeviceTvmSecureConfigurationAssessment.add({
        DeviceId: d.id,
        DeviceName: d.name,
        OSPlatform: d.def.osPlatform,
        Timestamp: at + (Number.parseInt(hexOf(`scidt:${d.id}`, 3), 16) % 3600) * SEC,
        ConfigurationId: id,
        ConfigurationCategory: cat,
        ConfigurationSubcategory: sub,
        ConfigurationImpact: impact,
        IsCompliant: ok,
        IsApplicable: true,
        Context: id === 'scid-2011' ? [[ok ? '1.411.372.0' : '1.409.110.0', ok ? '2024-05-16' : '2024-04-30']] : [],
        IsExpectedUserImpact: userImpact,
      });
    }
  }
  for (const [id, cat, sub, impact, name, risk, , , bench] of CONFIGS) {
    sinks.DeviceTvmSecureConfigurationAssessmentKB.add({
      ConfigurationId: id,
      ConfigurationImpact: impact,
      ConfigurationName: name,
      ConfigurationDescription: `${name}.`,
      RiskDescription: risk,
      ConfigurationCategory: cat,
      ConfigurationSubcategory: sub,
      ConfigurationBenchmarks: bench ? [{ benchmarkName: 'CIS', benchmarkVersion: '3.0.0', recommendationId: bench, profileLevel: 'Level 1 (L1) - Corporate/Enterprise Environment (general use)' }] : [],
      Tags: [sub, cat],
      RemediationOptions: `In Group Policy or Intune, ${name.charAt(0).toLowerCase()}${name.slice(1)}.`,
    });
  }
}
