/** The scripted Day 1 attack on device A (scenario.md §2 Day 1, §3), written through the same emitters as the noise. */
import type { BootState, Session } from '../background.ts';
import { DLLS, IMG } from '../images.ts';
import type { FileDef } from '../model.ts';
import { ALERTS, ATTACK, C2, DAY1, DEVICE_A, FILES, ALEX } from './lab-data.ts';
import { T } from '../time.ts';
import type { DeviceEmitter, Dev, Proc } from '../world.ts';
import { createdOf } from '../world.ts';
import type { Sinks } from '../world.ts';

export interface AttackProcs {
  P3: Proc;
  P4: Proc;
  P5: Proc;
  P6: Proc;
}

const fileRow = (f: FileDef, extra: Record<string, unknown> = {}) => ({
  FileName: f.name,
  FolderPath: f.folder + f.name,
  SHA1: f.sha1,
  SHA256: f.sha256,
  MD5: f.md5,
  FileSize: f.size,
  ...extra,
});

export function runAttack(dev: Dev, em: DeviceEmitter, b: BootState, s: Session): AttackProcs {
  const uo = { acct: s.acct, logonId: ATTACK.logonId, integrity: 'Medium', elevation: 'TokenElevationTypeDefault', session: 1 } as const;
  const P2 = s.outlook!;
  const P1 = s.explorer;
  // 09:41:20 Save As from Outlook
  em.file(T(`${DAY1}T09:41:20`), P2, 'FileCreated', fileRow(FILES.docm));
  const P3 = dev.spawn(P1, IMG.winword, ATTACK.P3.created, ATTACK.P3.cmd, { ...uo, pid: ATTACK.P3.pid });
  em.process(P3);
  em.image(T(`${DAY1}T09:42:05.880`), P3, DLLS['vbe7.dll']);
  em.file(T(`${DAY1}T09:42:31.204`), P3, 'FileCreated', fileRow(FILES.js, { AdditionalFields: { FileType: 'JavaScript' } }));
  em.file(T(`${DAY1}T09:42:31.412`), P3, 'FileCreated', fileRow(FILES.jpg, { AdditionalFields: { FileType: 'PortableExecutable' } }));
  const P4 = dev.spawn(P3, IMG.wscript, ATTACK.P4.created, ATTACK.P4.cmd, { ...uo, pid: ATTACK.P4.pid });
  em.process(P4);
  em.image(P4.created + 180_000, P4, DLLS['jscript.dll']);
  const P5 = dev.spawn(P4, IMG.powershell, ATTACK.P5.created, ATTACK.P5.cmd, { ...uo, pid: ATTACK.P5.pid });
  em.process(P5);
  em.image(P5.created + 250_000, P5, DLLS['system.management.automation.ni.dll']);
  em.image(P5.created + 270_000, P5, DLLS['amsi.dll']);
  ['09:42:35.100', '09:42:35.800', '09:42:36.400'].forEach((t, i) => {
    em.event(T(`${DAY1}T${t}`), P5, 'PowerShellCommand', {
      AdditionalFields: { Command: ['Get-Content', 'Set-ItemProperty', 'Start-Process'][i] },
    });
  });
  em.registry(T(`${DAY1}T09:42:36.902`), P5, 'RegistryValueSet', {
    RegistryKey: ATTACK.runKey,
    RegistryValueType: 'String',
    RegistryValueName: ATTACK.runValueName,
    RegistryValueData: ATTACK.runValueData,
    PreviousRegistryValueData: '',
  });
  const P6 = dev.spawn(P5, IMG.runtimebroker, ATTACK.P6.created, ATTACK.P6.cmd, { ...uo, pid: ATTACK.P6.pid });
  em.process(P6);
  const target = createdOf(P6);
  for (const [t, action] of [
    ['09:42:39.020', 'NtAllocateVirtualMemoryRemoteApiCall'],
    ['09:42:39.044', 'CreateRemoteThreadApiCall'],
  ] as const) {
    em.event(T(`${DAY1}T${t}`), P5, action, {
      FileName: target.FileName,
      FolderPath: target.FolderPath,
      SHA1: target.SHA1,
      MD5: target.MD5,
      FileSize: target.FileSize,
      AccountDomain: s.acct.domain,
      AccountName: s.acct.name,
      AccountSid: s.acct.sid,
      ProcessId: P6.pid,
      ProcessCommandLine: P6.cmd,
      ProcessCreationTime: P6.created,
      ProcessTokenElevation: P6.elevation,
      LogonId: ATTACK.logonId,
      CreatedProcessSessionId: 1,
    });
  }
  ATTACK.beacons.forEach((t, i) => {
    em.network(t, P6, 'ConnectionSuccess', {
      RemoteIP: C2.ip,
      RemotePort: C2.port,
      RemoteUrl: C2.url,
      LocalIP: DEVICE_A.localIp,
      LocalPort: ATTACK.firstBeaconPort + i,
      Protocol: 'Tcp',
      LocalIPType: 'Private',
      RemoteIPType: 'Public',
    });
  });
  if (ATTACK.removePersistence) {
    em.registry(T(`${DAY1}T10:45:00`), b.msmpeng, 'RegistryValueDeleted', {
      RegistryKey: ATTACK.runKey,
      RegistryValueName: ATTACK.runValueName,
      PreviousRegistryValueData: ATTACK.runValueData,
    });
  }
  return { P3, P4, P5, P6 };
}

/** AlertInfo + AlertEvidence for the four alerts (scenario.md §3). */
export function writeAlerts(sinks: Sinks, dev: Dev, ap: AttackProcs): void {
  const iso = (t: number) => new Date(Math.floor(t / 1000)).toISOString().replace(/\.(\d{3})Z$/, '.$1Z');
  const procEvidence = (p: Proc, role: string) => ({
    EntityType: 'Process',
    EvidenceRole: role,
    FileName: p.img.name,
    FolderPath: p.img.path,
    SHA1: p.img.sha1,
    SHA256: p.img.sha256,
    FileSize: p.img.size,
    ProcessCommandLine: p.cmd,
    DeviceId: dev.id,
    DeviceName: dev.name,
    AccountName: ALEX.accountName,
    AccountDomain: 'azuread',
    AccountSid: ALEX.cloudSid,
    AccountObjectId: ALEX.objectId,
    AccountUpn: ALEX.upn,
    AdditionalFields: {
      ProcessId: p.pid,
      CreationTimeUtc: iso(p.created),
      ParentProcessId: p.parent?.pid ?? null,
      ParentProcessCreationTimeUtc: p.parent ? iso(p.parent.created) : null,
    },
  });
  const fileEvidence = (f: FileDef, role = 'Related') => ({
    EntityType: 'File',
    EvidenceRole: role,
    FileName: f.name,
    FolderPath: f.folder + f.name,
    SHA1: f.sha1,
    SHA256: f.sha256,
    FileSize: f.size,
    DeviceId: dev.id,
    DeviceName: dev.name,
    AdditionalFields: { Name: f.name, Directory: f.folder.replace(/\\$/, ''), Host: dev.name },
  });
  const ev: Record<string, Record<string, unknown>[]> = {
    A1: [procEvidence(ap.P3, 'Related'), fileEvidence(FILES.js), procEvidence(ap.P4, 'Related'), procEvidence(ap.P5, 'Related')],
    A2: [
      {
        EntityType: 'RegistryValue',
        EvidenceRole: 'Related',
        RegistryKey: ATTACK.runKey,
        RegistryValueName: ATTACK.runValueName,
        RegistryValueData: ATTACK.runValueData,
        DeviceId: dev.id,
        DeviceName: dev.name,
      },
      procEvidence(ap.P5, 'Related'),
    ],
    A3: [procEvidence(ap.P5, 'Related'), procEvidence(ap.P6, 'Impacted'), { ...fileEvidence(FILES.jpg), AdditionalFields: { FileType: 'PortableExecutable' } }],
    A4: [
      { EntityType: 'Ip', EvidenceRole: 'Related', EvidenceDirection: 'Destination', RemoteIP: C2.ip, LocalIP: DEVICE_A.localIp },
      { EntityType: 'Url', EvidenceRole: 'Related', RemoteUrl: C2.url },
      procEvidence(ap.P6, 'Related'),
    ],
  };
  for (const a of ALERTS.filter((x) => x.deviceKey === 'A')) {
    const common = {
      Timestamp: a.time,
      AlertId: a.alertId,
      Title: a.title,
      ServiceSource: a.serviceSource,
      DetectionSource: a.detectionSource,
      AttackTechniques: JSON.stringify(a.techniques),
      Severity: a.severity,
    };
    sinks.AlertInfo.add({ ...common, Category: a.category });
    const rows = [
      { EntityType: 'Machine', EvidenceRole: 'Impacted', DeviceId: dev.id, DeviceName: dev.name },
      {
        EntityType: 'User',
        EvidenceRole: 'Impacted',
        AccountName: ALEX.accountName,
        AccountDomain: 'azuread',
        AccountSid: ALEX.cloudSid,
        AccountObjectId: ALEX.objectId,
        AccountUpn: ALEX.upn,
      },
      ...ev[a.key],
    ];
    for (const r of rows) sinks.AlertEvidence.add({ ...common, Categories: JSON.stringify([a.category]), ...r });
  }
}
