/**
 * The two Log Analytics tables of Windows event logs other than SecurityEvent:
 *  - `Event` (the legacy agent's "Windows event logs" data source): the System and Application
 *    logs of the Windows servers that send their Security log (the same four machines and the
 *    same agent as SecurityEvent): daily uptime reports, Group Policy refreshes every 90 minutes or
 *    so, service state changes, the time service syncing with the domain controller, the licensing
 *    service's restart schedule, and now and then an admin's PsExec service being installed on the
 *    file server for maintenance;
 *  - `WindowsEvent` (the Azure Monitor agent's "Windows Forwarded Events" connector): the
 *    Security-log logon events (4624 / 4625) that the Defender-onboarded devices forward to the
 *    event collector, one for each logon Defender recorded (DeviceLogonEvents), with the event's
 *    fields in EventData as the agent parses them.
 * Columns and types: docs/tables/windows-events.md. Rates are per host-day from a stream of its
 * own; nothing is shaped after a particular query.
 */
import * as M from './model.ts';
import { guidOf, hexOf, type Rng } from './rng.ts';
import { DAY, HOUR, MIN, SEC } from './time.ts';
import type { Sinks } from './world.ts';

const NETBIOS = 'CORP';
export const MG = 'AOI-' + guidOf('workspace');
const SERVERS = [M.DC.name, 'fs01.corp.contoso.example', 'sccm01.corp.contoso.example', 'adfs01.corp.contoso.example'];
/** The Windows event schema's namespace, on every EventData element the agents forward. */
export const XMLNS = 'http://schemas.microsoft.com/win/2004/08/events/event';

/** Text escaped as element content, as an XML writer writes EventData's values (quotes stay as they are). */
export const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Event's raw EventData (the agent's DataItem around the event's data) and ParameterXml. */
export function eventXml(t: number, host: string, data: [string | null, string][]): { EventData: string; ParameterXml: string } {
  const items = data.map(([n, v]) => (n ? `<Data Name="${n}">${esc(v)}</Data>` : `<Data>${esc(v)}</Data>`)).join('');
  const when = new Date(t / 1000).toISOString().replace('Z', '0000Z');
  return {
    EventData: `<DataItem type="System.XmlData" time="${when}" sourceHealthServiceId="${guidOf(`agent:${host}`).toUpperCase()}"><EventData xmlns="${XMLNS}">${items}</EventData></DataItem>`,
    ParameterXml: data.map(([, v]) => `<Param>${esc(v)}</Param>`).join(''),
  };
}

const SERVICES = ['Windows Modules Installer', 'Windows Update', 'WinHTTP Web Proxy Auto-Discovery Service', 'Software Protection', 'Device Setup Manager', 'Windows Error Reporting Service'];

/** `admin`: the account name of the IT admin who maintains the file server. */
export function writeEventLogs(s: Sinks, days: number[], admin: string, r: Rng): void {
  const ev = s.Event;
  const add = (t: number, host: string, log: 'System' | 'Application', source: string, id: number, text: string, data: [string | null, string][], user = '') =>
    ev.add({
      AzureDeploymentID: '', Computer: host, EventCategory: 0, EventID: id, EventLevel: 4, EventLevelName: 'Information', EventLog: log, ManagementGroupName: MG,
      Message: '', RenderedDescription: text, Role: '', Source: source, SourceSystem: 'OpsManager', TimeGenerated: t, Type: 'Event', UserName: user,
      ...eventXml(t, host, data),
    });
  for (const host of SERVERS) {
    // last reboot: the patch window of the Sunday before the first day
    const boot = days[0] - (2 + (hexOf(host, 1).charCodeAt(0) % 3)) * DAY + 3 * HOUR + r.int(0, 3599) * SEC;
    for (const d0 of days) {
      const noon = d0 + 12 * HOUR;
      add(noon, host, 'System', 'EventLog', 6013, `The system uptime is ${Math.floor((noon - boot) / SEC)} seconds.`, [[null, `${Math.floor((noon - boot) / SEC)}`]]);
      for (let t = d0 + r.int(0, 90) * MIN; t < d0 + DAY; t += r.int(75, 110) * MIN) {
        add(t, host, 'System', 'Microsoft-Windows-GroupPolicy', 1500, 'The Group Policy settings for the computer were processed successfully. There were no changes detected since the last successful processing of Group Policy.', [
          ['SupportInfo1', '1'], ['SupportInfo2', String(r.int(600, 900))], ['ProcessingMode', '0'], ['ProcessingTimeInMilliseconds', String(r.int(300, 2500))], ['DCName', `\\\\${M.DC.name}`], ['NumberOfGroupPolicyObjects', '4'],
        ], 'NT AUTHORITY\\SYSTEM');
      }
      for (let k = r.int(2, 5); k > 0; k--) {
        const name = r.pick(SERVICES);
        const t = d0 + r.int(0, DAY / SEC - 600) * SEC;
        add(t, host, 'System', 'Service Control Manager', 7036, `The ${name} service entered the running state.`, [['param1', name], ['param2', 'running']]);
        add(t + r.int(60, 540) * SEC, host, 'System', 'Service Control Manager', 7036, `The ${name} service entered the stopped state.`, [['param1', name], ['param2', 'stopped']]);
      }
      if (host !== M.DC.name) {
        const t = d0 + r.int(0, DAY / SEC - 1) * SEC;
        add(t, host, 'System', 'Microsoft-Windows-Time-Service', 37, `The time provider NtpClient is currently receiving valid time data from ${M.DC.name} (ntp.d|0.0.0.0:123->${M.DC.ip}:123).`, [
          ['TimeSource', `${M.DC.name} (ntp.d|0.0.0.0:123->${M.DC.ip}:123)`],
        ]);
      }
      const tr = d0 + r.int(0, DAY / SEC - 1) * SEC;
      const when = new Date((tr + r.int(1, 3) * DAY) / 1000).toISOString().replace(/\.\d+Z$/, 'Z');
      add(tr, host, 'Application', 'Microsoft-Windows-Security-SPP', 16384, `Successfully scheduled Software Protection service for re-start at ${when}. Reason: RulesEngine.`, [[null, when], [null, 'RulesEngine']]);
      // an admin's maintenance over PsExec on the file server (the service is installed on each run)
      if (host === 'fs01.corp.contoso.example' && r.chance(0.35)) {
        const t = d0 + r.int(9 * 60, 17 * 60) * MIN;
        add(t, host, 'System', 'Service Control Manager', 7045, 'A service was installed in the system.\n\nService Name:  PSEXESVC\nService File Name:  %SystemRoot%\\PSEXESVC.exe\nService Type:  user mode service\nService Start Type:  demand start\nService Account:  LocalSystem', [
          ['ServiceName', 'PSEXESVC'], ['ImagePath', '%SystemRoot%\\PSEXESVC.exe'], ['ServiceType', 'user mode service'], ['StartType', 'demand start'], ['AccountName', 'LocalSystem'],
        ], `${NETBIOS}\\${admin}`);
        add(t + 2 * SEC, host, 'System', 'Service Control Manager', 7036, 'The PSEXESVC service entered the running state.', [['param1', 'PSEXESVC'], ['param2', 'running'], ['Binary', '']]);
        add(t + r.int(60, 900) * SEC, host, 'System', 'Service Control Manager', 7036, 'The PSEXESVC service entered the stopped state.', [['param1', 'PSEXESVC'], ['param2', 'stopped'], ['Binary', '']]);
      }
    }
  }
}

/** The logons the forwarded-events collector reads back from DeviceLogonEvents (see TableSink.keep). */
export const FORWARDED_LOGON_COLS = ['Timestamp', 'DeviceName', 'ActionType', 'LogonType', 'AccountDomain', 'AccountName', 'AccountSid', 'Protocol', 'LogonId', 'RemoteIP', 'RemotePort', 'RemoteDeviceName'];

export function keepForwardedLogons(sinks: Sinks): void {
  sinks.DeviceLogonEvents.keep('wef', FORWARDED_LOGON_COLS, (get) => get('ActionType') === 'LogonSuccess' || get('ActionType') === 'LogonFailed');
}

const LOGON_TYPE: Record<string, number> = {
  Interactive: 2, Network: 3, Batch: 4, Service: 5, Unlock: 7, NetworkCleartext: 8, NewCredentials: 9, RemoteInteractive: 10, CachedInteractive: 11,
};
const DOMAIN: Record<string, string> = { azuread: 'AzureAD', corp: NETBIOS, 'nt authority': 'NT AUTHORITY' };

export function writeForwardedEvents(s: Sinks, r: Rng): void {
  const dl = s.DeviceLogonEvents.kept('wef');
  const we = s.WindowsEvent;
  const rec = new Map<string, number>();
  for (let i = 0; i < dl.length; i++) {
    const g = (k: string) => dl.get(i, k);
    const type = LOGON_TYPE[g('LogonType') as string];
    if (type === undefined) continue;
    const host = g('DeviceName') as string;
    const machine = host.split('.')[0].toUpperCase();
    const ok = g('ActionType') === 'LogonSuccess';
    const n = (rec.get(host) ?? 80_000 + (Number.parseInt(hexOf(host, 4), 16) % 50_000)) + r.int(5, 400);
    rec.set(host, n);
    const dom = g('AccountDomain') as string;
    const name = g('AccountName') as string;
    const proto = (g('Protocol') as string) || 'Negotiate';
    const remote = (g('RemoteIP') as string) || '';
    const local = type === 2 || type === 7 || type === 10 || type === 11 || type === 4 || type === 5 || type === 9;
    const subject = local
      ? { SubjectUserSid: 'S-1-5-18', SubjectUserName: `${machine}$`, SubjectDomainName: NETBIOS, SubjectLogonId: '0x3e7' }
      : { SubjectUserSid: 'S-1-0-0', SubjectUserName: '-', SubjectDomainName: '-', SubjectLogonId: '0x0' };
    const processName = type === 3 ? '-' : type === 9 ? 'C:\\Windows\\System32\\svchost.exe' : type === 4 || type === 5 ? 'C:\\Windows\\System32\\services.exe' : 'C:\\Windows\\System32\\svchost.exe';
    const logonProcess = type === 3 ? (proto === 'NTLM' ? 'NtLmSsp ' : 'Kerberos') : type === 9 ? 'seclogo' : type === 4 || type === 5 ? 'Advapi  ' : 'User32 ';
    const data: Record<string, string> = {
      ...subject,
      TargetUserSid: ok ? ((g('AccountSid') as string) || 'S-1-0-0') : 'S-1-0-0',
      TargetUserName: name === 'system' ? 'SYSTEM' : name,
      TargetDomainName: DOMAIN[dom] ?? dom.toUpperCase(),
      LogonType: String(type),
      LogonProcessName: logonProcess,
      AuthenticationPackageName: type === 5 && dom === 'nt authority' ? 'Negotiate' : proto,
      WorkstationName: type === 3 ? ((g('RemoteDeviceName') as string) || '-').split('.')[0].toUpperCase() || '-' : machine,
      IpAddress: remote || (type === 3 ? '-' : local && type !== 4 && type !== 5 ? '127.0.0.1' : '-'),
      IpPort: remote ? String(g('RemotePort') ?? 0) : type === 3 || type === 4 || type === 5 ? '-' : '0',
      ProcessName: processName,
    };
    if (ok) {
      Object.assign(data, {
        TargetLogonId: `0x${Number(g('LogonId') ?? 0).toString(16)}`,
        LogonGuid: type === 3 && proto === 'Kerberos' ? `{${guidOf(`lg:${host}:${g('LogonId')}`)}}` : '{00000000-0000-0000-0000-000000000000}',
        ElevatedToken: type === 5 || type === 4 ? '%%1842' : '%%1843',
        ImpersonationLevel: '%%1833',
      });
    } else {
      Object.assign(data, { Status: '0xc000006d', SubStatus: '0xc000006a', FailureReason: '%%2313' });
    }
    we.add({
      Channel: 'Security', Computer: host, Correlation: '', EventData: data, EventID: ok ? 4624 : 4625, EventLevel: 0, EventLevelName: 'Information', EventOriginId: '',
      EventRecordId: String(n), Keywords: ok ? '0x8020000000000000' : '0x8010000000000000', ManagementGroupName: '', Opcode: 'Info', Provider: 'Microsoft-Windows-Security-Auditing',
      RawEventData: null, SystemProcessId: 600 + (Number.parseInt(hexOf(`lsass:${host}`, 2), 16) % 300), SystemThreadId: r.int(700, 9000), SystemUserId: '', Task: 12544,
      TenantId: M.TENANT.tenantId, TimeGenerated: (g('Timestamp') as number) + r.int(1, 40) * SEC, Type: 'WindowsEvent', Version: ok ? 2 : 0,
    });
  }
}
