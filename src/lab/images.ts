/** Benign executable images and DLLs seen in the background noise (hashes derived from the path: synthetic but stable). */
import { hexOf } from './rng.ts';
import type { FileDef } from './model.ts';

/** Windows and Office binaries whose hashes the scenarios reference (FileProfiles, certificates, the lab's process tree). */
export const WINDOWS_FILES = {
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

export interface Img {
  name: string;
  path: string;
  sha1: string;
  sha256: string;
  md5: string;
  size: number;
  company: string;
  product: string;
  version: string;
  internal: string;
  original: string;
  description: string;
  signer: string;
  /** The scenario's attack artefacts always carry SHA256; benign binaries only sometimes. */
  alwaysSha256: boolean;
}

const MS = 'Microsoft Corporation';
const WINOS = 'Microsoft® Windows® Operating System';

export function img(path: string, description: string, size: number, company = MS, product = WINOS, version = '10.0.19041.4355'): Img {
  const name = path.slice(path.lastIndexOf('\\') + 1);
  const key = path.toLowerCase();
  return {
    name,
    path,
    sha1: hexOf(`sha1:${key}`, 40),
    sha256: hexOf(`sha256:${key}`, 64),
    md5: hexOf(`md5:${key}`, 32),
    size,
    company,
    product,
    version,
    internal: name.replace(/\.(exe|dll)$/i, ''),
    original: name,
    description,
    signer: company === MS ? 'Microsoft Windows' : company,
    alwaysSha256: false,
  };
}

export function fromFile(f: FileDef, signer = 'Microsoft Corporation'): Img {
  return {
    name: f.name,
    path: f.folder + f.name,
    sha1: f.sha1,
    sha256: f.sha256,
    md5: f.md5,
    size: f.size,
    company: f.company ?? '',
    product: f.product ?? '',
    version: f.version ?? '',
    internal: f.originalName ? f.originalName.replace(/\.(exe|EXE)$/, '') : '',
    original: f.originalName ?? '',
    description: f.description ?? '',
    signer,
    alwaysSha256: !f.company,
  };
}

const S32 = 'C:\\Windows\\System32\\';
const OFF = 'C:\\Program Files\\Microsoft Office\\root\\Office16\\';
const OFFV = '16.0.17531.20152';

export const IMG = {
  system: { ...img('System', 'NT Kernel & System', 0), path: '', name: 'System' } as Img,
  smss: img(`${S32}smss.exe`, 'Windows Session Manager', 157184),
  csrss: img(`${S32}csrss.exe`, 'Client Server Runtime Process', 17408),
  wininit: img(`${S32}wininit.exe`, 'Windows Start-Up Application', 487424),
  winlogon: img(`${S32}winlogon.exe`, 'Windows Logon Application', 905216),
  services: img(`${S32}services.exe`, 'Services and Controller app', 712704),
  lsass: img(`${S32}lsass.exe`, 'Local Security Authority Process', 59456),
  svchost: img(`${S32}svchost.exe`, 'Host Process for Windows Services', 55320),
  dwm: img(`${S32}dwm.exe`, 'Desktop Window Manager', 94720),
  fontdrvhost: img(`${S32}fontdrvhost.exe`, 'Usermode Font Driver Host', 827392),
  userinit: img(`${S32}userinit.exe`, 'Userinit Logon Application', 32768),
  explorer: fromFile(WINDOWS_FILES.explorer),
  runtimebroker: fromFile(WINDOWS_FILES.runtimebroker),
  powershell: fromFile(WINDOWS_FILES.powershell),
  wscript: fromFile(WINDOWS_FILES.wscript),
  winword: fromFile(WINDOWS_FILES.winword),
  conhost: img(`${S32}conhost.exe`, 'Console Window Host', 868352),
  cmd: img(`${S32}cmd.exe`, 'Windows Command Processor', 289792),
  taskhostw: img(`${S32}taskhostw.exe`, 'Host Process for Windows Tasks', 100352),
  sihost: img(`${S32}sihost.exe`, 'Shell Infrastructure Host', 129536),
  ctfmon: img(`${S32}ctfmon.exe`, 'CTF Loader', 18432),
  backgroundTaskHost: img(`${S32}backgroundTaskHost.exe`, 'Background Task Host', 19352),
  searchIndexer: img(`${S32}SearchIndexer.exe`, 'Microsoft Windows Search Indexer', 1110528),
  searchProtocolHost: img(`${S32}SearchProtocolHost.exe`, 'Microsoft Windows Search Protocol Host', 434688),
  searchFilterHost: img(`${S32}SearchFilterHost.exe`, 'Microsoft Windows Search Filter Host', 248320),
  wmiPrvSE: img(`${S32}wbem\\WmiPrvSE.exe`, 'WMI Provider Host', 494592),
  spoolsv: img(`${S32}spoolsv.exe`, 'Spooler SubSystem App', 789504),
  audiodg: img(`${S32}audiodg.exe`, 'Windows Audio Device Graph Isolation', 427520),
  compattel: img(`${S32}CompatTelRunner.exe`, 'Microsoft Compatibility Telemetry', 204288),
  gpupdate: img(`${S32}gpupdate.exe`, 'Microsoft® Windows Operating System Group Policy Update Utility', 28160),
  gpscript: img(`${S32}gpscript.exe`, 'Group Policy Script Application', 43008),
  rundll32: img(`${S32}rundll32.exe`, 'Windows host process (Rundll32)', 71680),
  notepad: img(`${S32}notepad.exe`, 'Notepad', 201216),
  msiexec: img(`${S32}msiexec.exe`, 'Windows® installer', 66048),
  securityHealth: img(`${S32}SecurityHealthService.exe`, 'Windows Security Health Service', 1061392),
  securityHealthSystray: img(`${S32}SecurityHealthSystray.exe`, 'Windows Security notification icon', 84992),
  smartscreen: img(`${S32}smartscreen.exe`, 'Windows Defender SmartScreen', 2480640),
  msmpeng: img('C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24040.4-0\\MsMpEng.exe', 'Antimalware Service Executable', 133576, MS, 'Microsoft® Windows® Operating System', '4.18.24040.4'),
  mpcmdrun: img('C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24040.4-0\\MpCmdRun.exe', 'Microsoft Malware Protection Command Line Utility', 1545776, MS, 'Microsoft® Windows® Operating System', '4.18.24040.4'),
  nissrv: img('C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24040.4-0\\NisSrv.exe', 'Microsoft Network Realtime Inspection Service', 2815432, MS, 'Microsoft® Windows® Operating System', '4.18.24040.4'),
  mssense: img('C:\\Program Files\\Windows Defender Advanced Threat Protection\\MsSense.exe', 'Windows Defender Advanced Threat Protection Service Executable', 4813312, MS, WINOS, '10.8760.19045.1000'),
  senseCnc: img('C:\\Program Files\\Windows Defender Advanced Threat Protection\\SenseCncProxy.exe', 'Windows Defender Advanced Threat Protection Communication Module', 1301504, MS, WINOS, '10.8760.19045.1000'),
  senseIr: img('C:\\Program Files\\Windows Defender Advanced Threat Protection\\SenseIR.exe', 'Windows Defender Advanced Threat Protection Automated Remediation', 2592768, MS, WINOS, '10.8760.19045.1000'),
  msedge: img('C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe', 'Microsoft Edge', 4011936, MS, 'Microsoft Edge', '124.0.2478.80'),
  edgeUpdate: img('C:\\Program Files (x86)\\Microsoft\\EdgeUpdate\\MicrosoftEdgeUpdate.exe', 'Microsoft Edge Update', 261152, MS, 'Microsoft Edge Update', '1.3.185.29'),
  outlook: img(`${OFF}OUTLOOK.EXE`, 'Microsoft Outlook', 42154872, MS, 'Microsoft Outlook', OFFV),
  excel: img(`${OFF}EXCEL.EXE`, 'Microsoft Excel', 62818168, MS, 'Microsoft Office', OFFV),
  powerpnt: img(`${OFF}POWERPNT.EXE`, 'Microsoft PowerPoint', 1876824, MS, 'Microsoft Office', OFFV),
  c2r: img('C:\\Program Files\\Common Files\\microsoft shared\\ClickToRun\\OfficeClickToRun.exe', 'Microsoft Office Click-to-Run (SxS)', 11898240, MS, 'Microsoft Office', OFFV),
  c2rClient: img('C:\\Program Files\\Common Files\\microsoft shared\\ClickToRun\\OfficeC2RClient.exe', 'Microsoft Office Click-to-Run Client', 27036032, MS, 'Microsoft Office', OFFV),
  teams: img('C:\\Program Files\\WindowsApps\\MSTeams_24102.2223.2870.9480_x64__8wekyb3d8bbwe\\ms-teams.exe', 'Microsoft Teams', 7064936, MS, 'Microsoft Teams', '24102.2223.2870.9480'),
  msiSetup: img('C:\\Windows\\ccmcache\\1a\\setup.exe', 'Contoso Line-of-business installer', 2310144, 'Contoso Ltd', 'Contoso Expenses', '3.4.1.0'),
  chrome: img('C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', 'Google Chrome', 2897696, 'Google LLC', 'Google Chrome', '124.0.6367.208'),
  sevenZip: img('C:\\Program Files\\7-Zip\\7zFM.exe', '7-Zip File Manager', 969216, 'Igor Pavlov', '7-Zip', '23.01'),
  vssvc: img(`${S32}VSSVC.exe`, 'Microsoft® Volume Shadow Copy Service', 1470464),
  sppsvc: img(`${S32}sppsvc.exe`, 'Microsoft Software Protection Platform Service', 4447744),
  wuauclt: img(`${S32}wuauclt.exe`, 'Windows Update', 129536),
  tiworker: img('C:\\Windows\\WinSxS\\amd64_microsoft-windows-servicingstack_31bf3856ad364e35_10.0.19041.4351_none_7e1a2a4e3d3d9f1b\\TiWorker.exe', 'Windows Modules Installer Worker', 231424),
  onedrive: img('C:\\Users\\%USER%\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe', 'Microsoft OneDrive', 3553672, MS, 'Microsoft OneDrive', '24.076.0414.0003'),
} satisfies Record<string, Img>;

/** A user's OneDrive lives in their profile: the path (and thus the image identity) is per user, the hash is not. */
export function oneDriveFor(user: string): Img {
  const base = IMG.onedrive;
  return { ...base, path: base.path.replace('%USER%', user) };
}

export const DLLS: Record<string, Img> = Object.fromEntries(
  [
    [`${S32}ntdll.dll`, 'NT Layer DLL', 2015112],
    [`${S32}kernel32.dll`, 'Windows NT BASE API Client DLL', 774704],
    [`${S32}KernelBase.dll`, 'Windows NT BASE API Client DLL', 2965504],
    [`${S32}amsi.dll`, 'Anti-Malware Scan Interface', 91136],
    [`${S32}jscript.dll`, 'Microsoft ® JScript', 816640],
    [`${S32}scrrun.dll`, 'Microsoft ® Script Runtime', 170496],
    [`${S32}wininet.dll`, 'Internet Extensions for Win32', 4779520],
    [`${S32}winhttp.dll`, 'Windows HTTP Services', 914944],
    [`${S32}dbghelp.dll`, 'Windows Image Helper', 1794048],
    [`${S32}samlib.dll`, 'SAM Library DLL', 116224],
    [`${S32}vaultcli.dll`, 'Credential Vault Client Library', 287744],
    [`${S32}taskschd.dll`, 'Task Scheduler COM API', 742400],
    ['C:\\Windows\\assembly\\NativeImages_v4.0.30319_64\\System.Manaa57fc8cc#\\System.Management.Automation.ni.dll', 'System.Management.Automation', 33026560],
    ['C:\\Program Files\\Common Files\\microsoft shared\\VBA\\VBA7.1\\VBE7.DLL', 'Visual Basic for Applications Runtime', 3618560],
    ['C:\\Program Files\\Microsoft Office\\root\\Office16\\wwlib.dll', 'Microsoft Word', 39912272],
    ['C:\\Program Files\\Microsoft Office\\root\\vfs\\ProgramFilesCommonX64\\Microsoft Shared\\Office16\\mso.dll', 'Microsoft Office component', 25211728],
    ['C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\124.0.2478.80\\msedge.dll', 'Microsoft Edge Web Browser', 198845848],
    ['C:\\Program Files\\Microsoft Office\\root\\Office16\\olmapi32.dll', 'Microsoft Outlook Messaging API', 4891472],
  ].map(([p, d, s]) => {
    const i = img(p as string, d as string, s as number);
    return [i.name.toLowerCase(), i];
  }),
);
