/**
 * Named pipes the background devices' own software creates, as Defender for Endpoint reports them
 * (DeviceEvents `NamedPipeEvent`, the pipe in `AdditionalFields.PipeName` under `\Device\NamedPipe\`,
 * with `FileOperation`, `NamedPipeEnd` and the creating `ThreadId`). Before this module the lab had no
 * NamedPipeEvent at all, which no Windows estate looks like: a hunt over pipe names found nothing to
 * judge. What creates a pipe here, each from a process the other generators already started:
 * - every Windows PowerShell / PowerShell 7 host, at start-up, its host pipe
 *   `PSHost.<start time as FILETIME>.<pid>.DefaultAppDomain.<host>` (the pipe `Enter-PSHostProcess`
 *   attaches to): management agents' scripts, the admins' consoles, logon scripts;
 * - the PsExec service on a target (`PSEXESVC.exe`): its control pipe `PSEXESVC`, then one
 *   `PSEXESVC-<CLIENT>-<client pid>-stdin/stdout/stderr` each for the connecting PsExec client;
 * - Microsoft Edge's browser process: its crash reporter's `crashpad_<pid>_<16 letters>` pipe and a
 *   few Mojo IPC pipes `mojo.<pid>.<thread>.<random>` for the renderer, GPU and utility processes it
 *   starts (which the lab does not list as processes);
 * - SQL Server on app01: its `sql\query` endpoint once the engine is up.
 *
 * The rows come from the processes' own facts (pid, start time, account); a stream of its own draws
 * only the thread ids, delays and random suffixes. It runs after every other device writer and adds
 * rows only, so no earlier row changes; only the background devices' (and app01's) later per-device
 * ReportIds move on. The incident's own devices get none (their rows are the scenario's).
 */
import { Rng } from './rng.ts';
import { SEC } from './time.ts';
import type { Dev, DeviceEmitter, Proc } from './world.ts';

/** Image names whose processes create the pipes above (lower-case). */
export const PIPE_CREATORS = ['powershell.exe', 'pwsh.exe', 'psexesvc.exe', 'psexec.exe', 'psexec64.exe', 'msedge.exe', 'sqlservr.exe'] as const;

const PIPE = '\\Device\\NamedPipe\\';
/** Microseconds between 1601-01-01 (FILETIME's epoch) and 1970-01-01. */
const FILETIME_EPOCH_US = 11_644_473_600_000_000n;
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export interface PipeCtx {
  em: DeviceEmitter;
  seed: number;
  /** The background devices and app01 (the incident's own devices get no pipe rows). */
  devs: readonly Dev[];
  /** The processes the emitter saw start, of the images in PIPE_CREATORS, in the order they were written. */
  started: readonly Proc[];
}

export function writeNamedPipes(c: PipeCtx): void {
  const mine = new Set(c.devs);
  const root = new Rng((c.seed ^ 0x51fe5) >>> 0, 0x51fe);
  const clients = c.started.filter((p) => /^psexec(64)?\.exe$/i.test(p.img.name));
  const byDev = new Map<Dev, Proc[]>();
  for (const p of c.started) {
    if (!mine.has(p.dev)) continue;
    const list = byDev.get(p.dev) ?? [];
    list.push(p);
    byDev.set(p.dev, list);
  }
  // devices in the order their first traced process was written (the background devices, app01)
  for (const [dev, procs] of byDev) {
    const r = root.fork(`pipes:${dev.def.key}`);
    const w = new PipeWriter(dev, c.em, r);
    for (const p of procs) {
      const name = p.img.name.toLowerCase();
      if (name === 'powershell.exe' || name === 'pwsh.exe') w.psHost(p, name === 'pwsh.exe' ? 'pwsh' : 'powershell');
      else if (name === 'psexesvc.exe') w.psexesvc(p, clients);
      else if (name === 'msedge.exe' && p.parent?.img.name.toLowerCase() !== 'msedge.exe') w.edge(p);
      else if (name === 'sqlservr.exe') w.sql(p);
    }
  }
}

/**
 * The host pipes of PowerShell processes a later generator starts (after writeNamedPipes), from a
 * stream of their own so the rows above stay as they are.
 */
export function writeHostPipes(em: DeviceEmitter, seed: number, procs: readonly Proc[]): void {
  const root = new Rng((seed ^ 0x51fe5) >>> 0, 0x51ff);
  const writers = new Map<Dev, PipeWriter>();
  for (const p of procs) {
    let w = writers.get(p.dev);
    if (!w) writers.set(p.dev, (w = new PipeWriter(p.dev, em, root.fork(`hostpipes:${p.dev.def.key}`))));
    w.psHost(p, p.img.name.toLowerCase() === 'pwsh.exe' ? 'pwsh' : 'powershell');
  }
}

class PipeWriter {
  constructor(
    readonly dev: Dev,
    readonly em: DeviceEmitter,
    readonly r: Rng,
  ) {}

  private thread(): number {
    return this.r.int(250, 9000) * 4;
  }

  private pipe(t: number, actor: Proc, name: string, end: 'Server' | 'Client', op: 'File created' | 'File opened', thread = this.thread()): void {
    this.em.event(Math.round(t), actor, 'NamedPipeEvent', { AdditionalFields: { PipeName: `${PIPE}${name}`, FileOperation: op, NamedPipeEnd: end, ThreadId: thread } });
  }

  /** The host pipe every PowerShell process opens as it starts. */
  psHost(p: Proc, host: 'powershell' | 'pwsh'): void {
    const ticks = (BigInt(p.created) + FILETIME_EPOCH_US) * 10n;
    this.pipe(p.created + this.r.int(60, 450) * 1000, p, `PSHost.${ticks}.${p.pid}.DefaultAppDomain.${host}`, 'Server', 'File created');
  }

  /** PSEXESVC's control pipe, and the three stdio pipes of the PsExec client that started it. */
  psexesvc(p: Proc, clients: readonly Proc[]): void {
    const short = this.dev.def.name.split('.')[0].toLowerCase();
    const client = clients
      .filter((c) => c.dev !== this.dev && c.created <= p.created && p.created - c.created <= 30 * SEC && c.cmd.toLowerCase().includes(`\\\\${short}`))
      .sort((a, b) => b.created - a.created)[0];
    const t = p.created + this.r.int(20, 120) * 1000;
    const th = this.thread();
    this.pipe(t, p, 'PSEXESVC', 'Server', 'File created', th);
    if (!client) return;
    const tag = `PSEXESVC-${client.dev.def.name.split('.')[0].toUpperCase()}-${client.pid}`;
    let at = t + this.r.int(150, 700) * 1000;
    for (const io of ['stdin', 'stdout', 'stderr']) {
      this.pipe(at, p, `${tag}-${io}`, 'Server', 'File created', th);
      at += this.r.int(1, 4) * 1000;
    }
  }

  /** Edge's browser process: the crash reporter's pipe, then Mojo pipes for the child processes it starts. */
  edge(p: Proc): void {
    const { r } = this;
    let suffix = '';
    for (let i = 0; i < 16; i++) suffix += UPPER[r.int(0, 25)];
    const main = this.thread();
    this.pipe(p.created + r.int(40, 200) * 1000, p, `crashpad_${p.pid}_${suffix}`, 'Server', 'File created', main);
    let t = p.created + r.int(300, 900) * 1000;
    const n = r.int(3, 7);
    const io = this.thread();
    for (let i = 0; i < n; i++) {
      const rnd = `${r.int(1, 9)}${String(r.int(0, 999_999_999)).padStart(9, '0')}${String(r.int(0, 999_999_999)).padStart(9, '0')}`;
      this.pipe(t, p, `mojo.${p.pid}.${io}.${rnd}`, 'Server', 'File created', io);
      t += r.int(80, 4000) * 1000;
    }
  }

  /** SQL Server's named-pipes endpoint, created once the engine has started. */
  sql(p: Proc): void {
    this.pipe(p.created + this.r.int(4, 15) * SEC + this.r.int(0, 999) * 1000, p, 'sql\\query', 'Server', 'File created');
  }
}
