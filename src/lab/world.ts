/**
 * The simulated estate: devices, accounts and processes, and the emitters that write device-table
 * rows. Every device row names its actor process through the same cached InitiatingProcess* fields
 * (and the actor's parent through InitiatingProcessParent*), so process trees rebuild from any table.
 */
import { type Actor, newActor, type Row, type TableSink } from './builder.ts';
import { IMG, type Img } from './images.ts';
import type { Rng } from './rng.ts';
import type { DeviceDef, UserDef } from './model.ts';

export interface Acct {
  domain: string;
  name: string;
  sid: string;
  upn: string;
  objectId: string;
}

export const SYSTEM: Acct = { domain: 'nt authority', name: 'system', sid: 'S-1-5-18', upn: '', objectId: '' };
export const LOCAL_SERVICE: Acct = { domain: 'nt authority', name: 'local service', sid: 'S-1-5-19', upn: '', objectId: '' };
export const NETWORK_SERVICE: Acct = { domain: 'nt authority', name: 'network service', sid: 'S-1-5-20', upn: '', objectId: '' };

export function userAcct(u: UserDef, onPrem: boolean): Acct {
  return onPrem
    ? { domain: 'corp', name: u.accountName, sid: u.onPremSid ?? '', upn: u.upn, objectId: u.objectId }
    : { domain: 'azuread', name: u.accountName, sid: u.cloudSid, upn: u.upn, objectId: u.objectId };
}

export interface Proc {
  dev: Dev;
  pid: number;
  created: number;
  img: Img;
  cmd: string;
  parent: Proc | null;
  acct: Acct;
  logonId: number;
  integrity: string;
  elevation: string;
  session: number;
  uid: string;
  showSha256: boolean;
  actor?: Actor;
}

export interface Sinks {
  [table: string]: TableSink;
}

export class Dev {
  private uidSeq = 0;
  user: UserDef | null;
  isServer: boolean;
  onPrem: boolean;
  /** Has the Intune compliance policy (else the tenant's "no policy" default applies). */
  intunePolicy: boolean;
  /** Periods with network isolation: only the sensor may talk. */
  isolated: [number, number][] = [];

  constructor(
    readonly def: DeviceDef,
    readonly rng: Rng,
    user: UserDef | null,
    opts: { isServer?: boolean; intunePolicy?: boolean } = {},
  ) {
    this.user = user;
    this.isServer = opts.isServer ?? false;
    this.onPrem = def.joinType !== 'AAD Joined';
    this.intunePolicy = opts.intunePolicy ?? true;
  }

  get id(): string {
    return this.def.deviceId;
  }
  get name(): string {
    return this.def.name;
  }

  newPid(): number {
    return this.rng.int(100, 4000) * 4;
  }

  isIsolated(t: number): boolean {
    return this.isolated.some(([a, b]) => t >= a && t < b);
  }

  spawn(
    parent: Proc | null,
    image: Img,
    created: number,
    cmd: string,
    o: Partial<Pick<Proc, 'pid' | 'acct' | 'logonId' | 'integrity' | 'elevation' | 'session' | 'showSha256'>> = {},
  ): Proc {
    const acct = o.acct ?? parent?.acct ?? SYSTEM;
    const system = acct.sid.startsWith('S-1-5-') && acct.sid.length <= 8;
    const p: Proc = {
      dev: this,
      pid: o.pid ?? this.newPid(),
      created: Math.round(created),
      img: image,
      cmd,
      parent,
      acct,
      logonId: o.logonId ?? parent?.logonId ?? (system ? 999 : 0),
      integrity: o.integrity ?? parent?.integrity ?? (system ? 'System' : 'Medium'),
      elevation: o.elevation ?? parent?.elevation ?? (system ? 'TokenElevationTypeDefault' : 'TokenElevationTypeLimited'),
      session: o.session ?? parent?.session ?? 0,
      uid: '',
      // Given by callers that draw from their own stream (estate.ts), so the device's stream is untouched.
      showSha256: o.showSha256 ?? (image.alwaysSha256 || this.rng.chance(0.5)),
    };
    // Synthetic Process Start Key: boot-relative counter in the high bits, device-stable.
    p.uid = String(2814749767106560 + (Number.parseInt(this.id.slice(0, 6), 16) % 4096) * 1_000_000_000 + ++this.uidSeq);
    return p;
  }
}

/** The InitiatingProcess* (actor) fields of every row caused by `p`, computed once per process. */
export function actorOf(p: Proc): Actor {
  if (p.actor) return p.actor;
  const i = p.img;
  const par = p.parent;
  p.actor = newActor({
    DeviceId: p.dev.id,
    DeviceName: p.dev.name,
    InitiatingProcessAccountDomain: p.acct.domain,
    InitiatingProcessAccountName: p.acct.name,
    InitiatingProcessAccountSid: p.acct.sid,
    InitiatingProcessAccountUpn: p.acct.upn,
    InitiatingProcessAccountObjectId: p.acct.objectId,
    InitiatingProcessLogonId: p.logonId,
    InitiatingProcessIntegrityLevel: p.integrity,
    InitiatingProcessTokenElevation: p.elevation,
    InitiatingProcessSHA1: i.sha1,
    InitiatingProcessSHA256: p.showSha256 ? i.sha256 : '',
    InitiatingProcessMD5: i.md5,
    InitiatingProcessFileName: i.name,
    InitiatingProcessFileSize: i.size,
    InitiatingProcessVersionInfoCompanyName: i.company,
    InitiatingProcessVersionInfoProductName: i.product,
    InitiatingProcessVersionInfoProductVersion: i.version,
    InitiatingProcessVersionInfoInternalFileName: i.internal,
    InitiatingProcessVersionInfoOriginalFileName: i.original,
    InitiatingProcessVersionInfoFileDescription: i.description,
    InitiatingProcessId: p.pid,
    InitiatingProcessCommandLine: p.cmd,
    InitiatingProcessCreationTime: p.created,
    InitiatingProcessFolderPath: i.path,
    InitiatingProcessParentId: par ? par.pid : 0,
    InitiatingProcessParentFileName: par ? par.img.name : '',
    InitiatingProcessParentCreationTime: par ? par.created : null,
    InitiatingProcessSignerType: i.signer === 'Microsoft Windows' ? 'OsVendor' : i.company ? 'ThirdParty' : 'None',
    InitiatingProcessSignatureStatus: i.company ? 'Valid' : 'Unsigned',
    InitiatingProcessSessionId: p.session,
    IsInitiatingProcessRemoteSession: false,
    InitiatingProcessUniqueId: p.uid,
  });
  return p.actor;
}

/** Fields describing `p` as the created/target process (DeviceProcessEvents, DeviceEvents *ApiCall targets). */
export function createdOf(p: Proc): Row {
  const i = p.img;
  return {
    FileName: i.name,
    FolderPath: i.path,
    SHA1: i.sha1,
    SHA256: p.showSha256 ? i.sha256 : '',
    MD5: i.md5,
    FileSize: i.size,
    ProcessVersionInfoCompanyName: i.company,
    ProcessVersionInfoProductName: i.product,
    ProcessVersionInfoProductVersion: i.version,
    ProcessVersionInfoInternalFileName: i.internal,
    ProcessVersionInfoOriginalFileName: i.original,
    ProcessVersionInfoFileDescription: i.description,
    ProcessId: p.pid,
    ProcessCommandLine: p.cmd,
    ProcessIntegrityLevel: p.integrity,
    ProcessTokenElevation: p.elevation,
    ProcessCreationTime: p.created,
    AccountDomain: p.acct.domain,
    AccountName: p.acct.name,
    AccountSid: p.acct.sid,
    AccountUpn: p.acct.upn,
    AccountObjectId: p.acct.objectId,
    LogonId: p.logonId,
    CreatedProcessSessionId: p.session,
    IsProcessRemoteSession: false,
    ProcessUniqueId: p.uid,
  };
}

/** Emitters: one per device table. `t` is the event time; the actor is the process that caused it. */
export class DeviceEmitter {
  /** Processes of the traced image names (lower-case), in the order they were written: see trace(). */
  readonly started: Proc[] = [];
  private traced: ReadonlySet<string> = new Set();

  constructor(readonly s: Sinks) {}

  /** Remembers every process of these image names written from now on (for writers that add their later activity). */
  trace(names: readonly string[]): void {
    this.traced = new Set(names.map((n) => n.toLowerCase()));
  }

  process(p: Proc, delayUs = 0): void {
    if (!p.parent) return;
    if (this.traced.has(p.img.name.toLowerCase())) this.started.push(p);
    this.s.DeviceProcessEvents.add({ Timestamp: p.created + delayUs, ActionType: 'ProcessCreated' }, actorOf(p.parent), createdOf(p));
  }

  file(t: number, actor: Proc, action: string, f: Row): void {
    this.s.DeviceFileEvents.add({ Timestamp: t, ActionType: action, RequestProtocol: 'Local' }, actorOf(actor), f);
  }

  registry(t: number, actor: Proc, action: string, r: Row): void {
    this.s.DeviceRegistryEvents.add({ Timestamp: t, ActionType: action }, actorOf(actor), r);
  }

  network(t: number, actor: Proc, action: string, n: Row): void {
    this.s.DeviceNetworkEvents.add({ Timestamp: t, ActionType: action }, actorOf(actor), n);
  }

  image(t: number, actor: Proc, dll: Img): void {
    this.s.DeviceImageLoadEvents.add(
      {
        Timestamp: t,
        ActionType: 'ImageLoaded',
        FileName: dll.name,
        FolderPath: dll.path,
        SHA1: dll.sha1,
        SHA256: actor.showSha256 ? dll.sha256 : '',
        MD5: dll.md5,
        FileSize: dll.size,
      },
      actorOf(actor),
    );
  }

  event(t: number, actor: Proc, action: string, e: Row): void {
    this.s.DeviceEvents.add({ Timestamp: t, ActionType: action }, actorOf(actor), e);
  }

  logon(t: number, actor: Proc, action: string, l: Row): void {
    this.s.DeviceLogonEvents.add({ Timestamp: t, ActionType: action }, actorOf(actor), l);
  }
}

export { IMG };
