/**
 * More Defender Vulnerability Management inventory tables: browser extensions (and their
 * knowledge base with the permissions each extension asks for), hardware and firmware, certificates
 * in the devices' stores, and information gathering (TLS protocol state, SMB and script-host
 * settings) with its knowledge base. Columns as the Defender XDR advanced-hunting reference pages
 * list them (docs/tables/tvm-inventory.md). Snapshot tables: one row per device and item, from the
 * latest assessment before the lab's pinned now. Which device has what is decided by a hash of
 * device and item, so the rest of the lab is unchanged.
 */
import type { Shape } from './arrow.ts';
import { hexOf } from './rng.ts';
import type { RefTable } from './schema-data.ts';
import { DAY, HOUR, SEC, T } from './time.ts';
import type { Dev, Sinks } from './world.ts';

const REF = 'docs/tables/tvm-inventory.md';
type Col = [string, string, string, string];

export const TVM_MORE_TABLES: RefTable[] = [
  {
    name: 'DeviceTvmBrowserExtensions',
    kind: 'advanced-hunting',
    ref: REF,
    description: 'Browser extensions installed on devices (Defender Vulnerability Management).',
    columns: [
      ['DeviceId', 'string', 'K', 'MDE device id'],
      ['BrowserName', 'string', '', 'browser with the extension (edge, chrome, firefox)'],
      ['ExtensionId', 'string', 'K', 'extension id; joins the KB table'],
      ['ExtensionName', 'string', '', 'extension name'],
      ['ExtensionDescription', 'string', '', "publisher's description"],
      ['ExtensionVersion', 'string', '', 'version'],
      ['ExtensionRisk', 'string', '', 'risk from the requested permissions: Low, Medium, High, Critical'],
      ['ExtensionVendor', 'string', '', 'vendor'],
      ['IsActivated', 'string', '', 'whether the extension is turned on ("true"/"false")'],
      ['InstallationTime', 'datetime', '', 'when the extension was first installed'],
    ] as Col[],
  },
  {
    name: 'DeviceTvmBrowserExtensionsKB',
    kind: 'advanced-hunting',
    ref: REF,
    description: 'Knowledge base of browser extensions: one row per extension and permission it requests.',
    columns: [
      ['BrowserName', 'string', '', 'browser'],
      ['ExtensionId', 'string', 'K', 'extension id'],
      ['ExtensionName', 'string', '', 'extension name'],
      ['ExtensionDescription', 'string', '', "publisher's description"],
      ['ExtensionVersion', 'dynamic', 'J', 'version (documented as dynamic; here a one-element array)'],
      ['ExtensionRisk', 'string', '', 'risk level of the extension'],
      ['PermissionId', 'string', '', 'permission id'],
      ['PermissionName', 'string', '', 'permission as the manifest names it (tabs, cookies, <all_urls>, ...)'],
      ['PermissionDescription', 'string', '', 'what the permission allows'],
      ['PermissionRisk', 'string', '', 'risk level of the permission'],
      ['IsPermissionRequired', 'string', '', 'required or optional ("true"/"false")'],
    ] as Col[],
  },
  {
    name: 'DeviceTvmHardwareFirmware',
    kind: 'advanced-hunting',
    ref: REF,
    description: 'Hardware and firmware of devices: system model, processor, BIOS.',
    columns: [
      ['DeviceId', 'string', 'K', 'MDE device id'],
      ['DeviceName', 'string', 'K', 'device FQDN'],
      ['ComponentType', 'string', '', 'Hardware, Processor or Bios'],
      ['Manufacturer', 'string', '', 'manufacturer (lower case, as the service reports it)'],
      ['ComponentName', 'string', '', 'component name'],
      ['ComponentFamily', 'string', '', 'component family'],
      ['ComponentVersion', 'string', '', 'version (e.g. BIOS version)'],
      ['AdditionalFields', 'dynamic', 'J', 'additional information about the component'],
    ] as Col[],
  },
  {
    name: 'DeviceTvmCertificateInfo',
    kind: 'advanced-hunting',
    ref: REF,
    description: "Certificates in the devices' certificate stores.",
    columns: [
      ['DeviceId', 'string', 'K', 'MDE device id'],
      ['Thumbprint', 'string', 'K', 'certificate thumbprint (SHA-1)'],
      ['Path', 'string', '', 'store location of the certificate'],
      ['SerialNumber', 'string', '', 'serial number'],
      ['IssuedTo', 'dynamic', 'J', 'subject (property bag: CommonName, OrganizationName, ...) [shape unverified]'],
      ['IssuedBy', 'dynamic', 'J', 'issuer (property bag) [shape unverified]'],
      ['FriendlyName', 'string', '', 'friendly name'],
      ['SignatureAlgorithm', 'string', '', 'hash and signature algorithm, e.g. sha256RSA'],
      ['KeySize', 'string', '', 'key size'],
      ['ExpirationDate', 'string', '', 'end of validity'],
      ['IssueDate', 'string', '', 'start of validity'],
      ['SubjectType', 'string', '', 'CA or End entity'],
      ['KeyUsage', 'string', '', 'key usages'],
      ['ExtendedKeyUsage', 'string', '', 'extended key usages'],
    ] as Col[],
  },
  {
    name: 'DeviceTvmInfoGathering',
    kind: 'advanced-hunting',
    ref: REF,
    description: 'Information gathered by Defender Vulnerability Management: configuration and attack-surface states per device (latest).',
    columns: [
      ['Timestamp', 'datetime', '', 'when the record was generated'],
      ['LastSeenTime', 'datetime', '', 'when the service last saw the device'],
      ['DeviceId', 'string', 'K', 'MDE device id'],
      ['DeviceName', 'string', 'K', 'device FQDN'],
      ['OSPlatform', 'string', '', 'OS platform'],
      ['AdditionalFields', 'dynamic', 'J', 'the gathered values, keyed by the FieldName of DeviceTvmInfoGatheringKB'],
    ] as Col[],
  },
  {
    name: 'DeviceTvmInfoGatheringKB',
    kind: 'advanced-hunting',
    ref: REF,
    description: 'Knowledge base of the information DeviceTvmInfoGathering collects.',
    columns: [
      ['IgId', 'string', 'K', 'id of the gathered item'],
      ['FieldName', 'string', '', 'key in DeviceTvmInfoGathering.AdditionalFields'],
      ['Description', 'string', '', 'description'],
      ['Categories', 'dynamic', 'J', 'categories (JSON array)'],
      ['DataStructure', 'string', '', 'data structure of the value'],
    ] as Col[],
  },
];

/** [FieldName, description, categories, how often it is not the secure value (1/16), secure value, other value] */
const IG: [string, string, string[], number, string, string][] = [
  ['TlsClient10', 'TLS 1.0 client protocol state', ['tls'], 3, 'Disabled', 'Enabled'],
  ['TlsClient11', 'TLS 1.1 client protocol state', ['tls'], 3, 'Disabled', 'Enabled'],
  ['TlsClient12', 'TLS 1.2 client protocol state', ['tls'], 0, 'Enabled', 'Disabled'],
  ['TlsServer10', 'TLS 1.0 server protocol state', ['tls'], 2, 'Disabled', 'Enabled'],
  ['TlsServer11', 'TLS 1.1 server protocol state', ['tls'], 2, 'Disabled', 'Enabled'],
  ['SmbV1Client', 'SMBv1 client driver state', ['smb', 'network'], 1, 'Disabled', 'Enabled'],
  ['SmbSigningRequired', 'SMB server requires signing', ['smb', 'network'], 6, 'true', 'false'],
  ['AsrPolicyMode', 'Attack surface reduction rules mode', ['asr'], 8, 'Block', 'Audit'],
  ['WindowsScriptHostEnabled', 'Windows Script Host enabled', ['scripting'], 12, 'false', 'true'],
  ['Log4JEnvironmentVariableMitigation', 'LOG4J_FORMAT_MSG_NO_LOOKUPS mitigation applied', ['log4j', 'cve-2021-44228'], 0, 'true', 'false'],
];

export const TVM_MORE_SHAPES: Record<string, Shape> = {
  'DeviceTvmBrowserExtensionsKB.ExtensionVersion': { list: 'string' },
  'DeviceTvmHardwareFirmware.AdditionalFields': { struct: [['Description', 'string'], ['SerialNumber', 'string'], ['Cores', 'long'], ['ReleaseDate', 'string']] },
  'DeviceTvmCertificateInfo.IssuedTo': { struct: [['CommonName', 'string'], ['OrganizationName', 'string'], ['OrganizationalUnit', 'string'], ['CountryName', 'string']] },
  'DeviceTvmCertificateInfo.IssuedBy': { struct: [['CommonName', 'string'], ['OrganizationName', 'string'], ['OrganizationalUnit', 'string'], ['CountryName', 'string']] },
  'DeviceTvmInfoGathering.AdditionalFields': { struct: IG.map(([f]) => [f, 'string'] as [string, Shape]) },
  'DeviceTvmInfoGatheringKB.Categories': { list: 'string' },
};

const h = (key: string, mod: number) => Number.parseInt(hexOf(key, 6), 16) % mod;
/** Chrome/Edge extension ids are 32 letters a-p. */
const extId = (name: string) => hexOf(`ext:${name}`, 32).replace(/[0-9a-f]/g, (c) => String.fromCharCode(97 + Number.parseInt(c, 16)));

/** [name, vendor, description, version, risk, browsers, share of devices (1/16), permissions] */
const EXTENSIONS: [string, string, string, string, 'Low' | 'Medium' | 'High' | 'Critical', string[], number, string[]][] = [
  ['Adobe Acrobat: PDF edit, convert, sign tools', 'Adobe Inc.', 'Do more in Edge and Chrome with Adobe Acrobat PDF tools.', '24.4.1.0', 'Medium', ['edge', 'chrome'], 9, ['contextMenus', 'tabs', 'downloads', 'storage']],
  ['Microsoft Editor: Spelling & Grammar Checker', 'Microsoft Corporation', 'Write with confidence across the web.', '1.57.0', 'High', ['edge'], 6, ['<all_urls>', 'storage', 'contextMenus']],
  ['Grammarly: AI Writing and Grammar Checker App', 'Grammarly', 'Improve your writing across the web.', '14.1170.0', 'High', ['chrome', 'edge'], 3, ['<all_urls>', 'cookies', 'storage', 'tabs']],
  ['Google Translate', 'Google LLC', 'View translations easily as you browse the web.', '2.0.13', 'Medium', ['chrome'], 4, ['activeTab', 'contextMenus', 'storage']],
  ['LastPass: Free Password Manager', 'LastPass', 'Save passwords and fill them in automatically.', '4.131.0', 'Critical', ['chrome', 'edge'], 2, ['<all_urls>', 'cookies', 'clipboardWrite', 'webRequest', 'tabs']],
  ['Honey: Automatic Coupons & Rewards', 'PayPal Inc.', 'Find coupon codes at checkout.', '16.2.0', 'High', ['chrome', 'edge'], 1, ['<all_urls>', 'cookies', 'webRequest', 'storage']],
  ['Zoom Scheduler', 'Zoom Video Communications, Inc.', 'Schedule Zoom meetings from your calendar.', '1.9.20', 'Low', ['chrome'], 2, ['storage', 'identity']],
];
const PERMS: Record<string, [string, 'Low' | 'Medium' | 'High' | 'Critical']> = {
  '<all_urls>': ['Read and change all your data on all websites', 'Critical'],
  tabs: ['Read your browsing history', 'Medium'],
  cookies: ['Read and change cookies on websites', 'High'],
  webRequest: ['Observe and analyse traffic', 'High'],
  storage: ['Store data locally', 'Low'],
  contextMenus: ['Add items to the context menu', 'Low'],
  downloads: ['Manage your downloads', 'Medium'],
  activeTab: ['Access the page you are on when you click the extension', 'Low'],
  clipboardWrite: ['Modify data you copy and paste', 'Medium'],
  identity: ['Know your email address', 'Medium'],
};

/** Rows of all six tables; snapshots from the evening before the lab's pinned now. */
export function writeTvmInventory(sinks: Sinks, devs: Dev[], nowIso: string): void {
  const at = T(nowIso) - 5 * HOUR;
  for (const d of devs) {
    const chrome = Number.parseInt(hexOf(`chrome:${d.id}`, 2), 16) % 3 === 0;
    // browser extensions
    for (const [name, vendor, desc, ver, risk, browsers, share] of EXTENSIONS) {
      for (const b of browsers) {
        if (b === 'chrome' && !chrome) continue;
        if (h(`extdev:${d.id}:${name}:${b}`, 16) >= share) continue;
        sinks.DeviceTvmBrowserExtensions.add({
          DeviceId: d.id, BrowserName: b, ExtensionId: extId(`${name}:${b}`), ExtensionName: name, ExtensionDescription: desc, ExtensionVersion: ver, ExtensionRisk: risk,
          ExtensionVendor: vendor, IsActivated: h(`extoff:${d.id}:${name}`, 8) === 0 ? 'false' : 'true', InstallationTime: at - (20 + h(`extt:${d.id}:${name}`, 400)) * DAY + h(`exts:${d.id}:${name}`, 86400) * SEC,
        });
      }
    }
    // hardware and firmware
    const vendor = (d.def.vendor || 'Dell Inc.').toLowerCase().split(/[ ,]/)[0];
    const serial = hexOf(`serial:${d.id}`, 7).toUpperCase();
    const cpu = h(`cpu:${d.id}`, 2) === 0 ? ['Intel(R) Core(TM) i5-1145G7 @ 2.60GHz', 'Core i5', 4] : ['Intel(R) Core(TM) i7-1265U', 'Core i7', 10];
    const hw = (ComponentType: string, Manufacturer: string, ComponentName: string, ComponentFamily: string, ComponentVersion: string, extra: Record<string, unknown>) =>
      sinks.DeviceTvmHardwareFirmware.add({ DeviceId: d.id, DeviceName: d.name, ComponentType, Manufacturer, ComponentName, ComponentFamily, ComponentVersion, AdditionalFields: { Description: '', SerialNumber: '', Cores: null, ReleaseDate: '', ...extra } });
    hw('Hardware', vendor, (d.def.model || 'Latitude 5420').toLowerCase(), '', '', { Description: d.def.model || '', SerialNumber: serial });
    hw('Processor', 'intel', String(cpu[0]).toLowerCase(), String(cpu[1]).toLowerCase(), '', { Description: String(cpu[0]), Cores: cpu[2] });
    const bios = `1.${18 + h(`bios:${d.id}`, 8)}.0`;
    hw('Bios', vendor, `${vendor} bios`, '', bios, { ReleaseDate: `2023-${String(1 + h(`biosd:${d.id}`, 12)).padStart(2, '0')}-15` });
    // certificates in the machine and user stores
    const cert = (path: string, to: Record<string, string>, by: Record<string, string>, friendly: string, alg: string, key: string, issued: number, days: number, subject: string, usage: string, eku: string) =>
      sinks.DeviceTvmCertificateInfo.add({
        DeviceId: d.id, Thumbprint: hexOf(`thumb:${d.id}:${friendly}:${to.CommonName}`, 40).toUpperCase(), Path: path, SerialNumber: hexOf(`certserial:${d.id}:${friendly}`, 32),
        IssuedTo: { CommonName: '', OrganizationName: '', OrganizationalUnit: '', CountryName: '', ...to }, IssuedBy: { CommonName: '', OrganizationName: '', OrganizationalUnit: '', CountryName: '', ...by },
        FriendlyName: friendly, SignatureAlgorithm: alg, KeySize: key, IssueDate: new Date(issued / 1000).toISOString(), ExpirationDate: new Date((issued + days * DAY) / 1000).toISOString(), SubjectType: subject, KeyUsage: usage, ExtendedKeyUsage: eku,
      });
    const short = d.name.split('.')[0];
    cert('LocalMachine\\My', { CommonName: d.def.aadDeviceId }, { CommonName: 'MS-Organization-Access', OrganizationName: '' }, '', 'sha256RSA', '2048', at - (200 + h(`mdm:${d.id}`, 300)) * DAY, 3650, 'End entity', 'DigitalSignature, KeyEncipherment', 'Client Authentication');
    cert('LocalMachine\\My', { CommonName: d.def.aadDeviceId }, { CommonName: 'Microsoft Intune MDM Device CA', OrganizationName: 'Microsoft Corporation' }, '', 'sha256RSA', '2048', at - (30 + h(`intune:${d.id}`, 300)) * DAY, 365, 'End entity', 'DigitalSignature, KeyEncipherment', 'Client Authentication');
    cert('LocalMachine\\My', { CommonName: `${short}.corp.contoso.example`, OrganizationName: 'Contoso' }, { CommonName: 'Contoso Issuing CA 01', OrganizationName: 'Contoso', CountryName: 'NL' }, 'Wi-Fi 802.1X', 'sha256RSA', '2048', at - (10 + h(`wifi:${d.id}`, 300)) * DAY, 365, 'End entity', 'DigitalSignature, KeyEncipherment', 'Client Authentication');
    cert('LocalMachine\\Root', { CommonName: 'Contoso Root CA', OrganizationName: 'Contoso', CountryName: 'NL' }, { CommonName: 'Contoso Root CA', OrganizationName: 'Contoso', CountryName: 'NL' }, 'Contoso Root CA', 'sha256RSA', '4096', T('2019-03-01T09:00:00'), 7305, 'CA', 'CertificateSigning, CrlSigning', '');
    // now and then a leftover: a self-signed certificate from a developer tool, expired, SHA-1
    if (h(`leftover:${d.id}`, 5) === 0) cert('LocalMachine\\My', { CommonName: 'localhost' }, { CommonName: 'localhost' }, 'IIS Express Development Certificate', 'sha1RSA', '1024', T('2021-02-11T08:12:00'), 1095, 'End entity', 'KeyEncipherment, DataEncipherment', 'Server Authentication');
    // information gathering
    const fields: Record<string, string> = {};
    for (const [f, , , rate, secure, other] of IG) fields[f] = h(`ig:${d.id}:${f}`, 16) < rate ? other : secure;
    sinks.DeviceTvmInfoGathering.add({ Timestamp: at + h(`igt:${d.id}`, 3600) * SEC, LastSeenTime: at + HOUR + h(`igl:${d.id}`, 3600) * SEC, DeviceId: d.id, DeviceName: d.name, OSPlatform: d.def.osPlatform, AdditionalFields: fields });
  }
  for (const [name, , desc, ver, risk, browsers, , perms] of EXTENSIONS) {
    for (const b of browsers) {
      for (const p of perms) {
        sinks.DeviceTvmBrowserExtensionsKB.add({
          BrowserName: b, ExtensionId: extId(`${name}:${b}`), ExtensionName: name, ExtensionDescription: desc, ExtensionVersion: [ver], ExtensionRisk: risk, PermissionId: hexOf(`perm:${p}`, 8),
          PermissionName: p, PermissionDescription: PERMS[p][0], PermissionRisk: PERMS[p][1], IsPermissionRequired: p === 'storage' || p === 'tabs' || p === '<all_urls>' ? 'true' : 'false',
        });
      }
    }
  }
  for (const [i, [f, desc, cats]] of IG.entries()) sinks.DeviceTvmInfoGatheringKB.add({ IgId: String(1000 + i), FieldName: f, Description: desc, Categories: cats, DataStructure: 'String' });
}
