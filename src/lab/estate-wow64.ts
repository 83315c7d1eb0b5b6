/**
 * Intune remediations left at their default host: a Remediations package (detection script, and the
 * remediation script when detection reports an issue) runs in the 32-bit Windows PowerShell host under
 * `C:\Windows\SysWOW64` unless the package sets "Run script in 64-bit PowerShell", and the estate's
 * packages written by the desktop team were assigned with the default. Before this module the only
 * 32-bit PowerShell in the lab was the one-off platform script of `estate-admin.ts`, so a hunt comparing
 * where a program usually runs from (System32 vs SysWOW64) had nothing ordinary to weigh on most days.
 *
 * Each package runs once a day on every background device, from the day's Intune Management Extension
 * process (the agent the other generators already started), at the package's scheduled hour plus the
 * agent's check-in jitter: `AgentExecutor.exe -remediationScript ... "C:\Windows\SysWOW64\WindowsPowerShell\v1.0" ...`,
 * the 32-bit `powershell.exe -NoProfile -executionPolicy bypass -file <script>`, its console host, the
 * PowerShell host pipe (as `estate-pipes.ts` writes for every PowerShell), the first cmdlet it runs and
 * the result file. On about one run in eight the detection exits 1 and the remediation script follows.
 *
 * Its own random stream, after every other device writer (including the named pipes): no earlier row
 * changes; only the background devices' later per-device ReportIds move on.
 */
import { IMG, img } from './images.ts';
import { writeHostPipes } from './estate-pipes.ts';
import { Rng } from './rng.ts';
import { DAY, HOUR, MIN, SEC } from './time.ts';
import type { DeviceEmitter, Dev, Proc } from './world.ts';

const IME = 'C:\\Program Files (x86)\\Microsoft Intune Management Extension\\';
const WOW = 'C:\\Windows\\SysWOW64\\WindowsPowerShell\\v1.0';
const PS32 = img(`${WOW}\\powershell.exe`, 'Windows PowerShell', 433152);
const AGENT = img(`${IME}AgentExecutor.exe`, 'AgentExecutor', 48520, 'Microsoft Corporation', 'Microsoft Intune Management Extension', '1.78.203.0');

/** Image name of the Intune Management Extension's agent (traced by the emitter, see generate.ts). */
export const IME_AGENT = 'Microsoft.Management.Services.IntuneWindowsAgent.exe';

/** The packages: what detection and remediation run first (the PowerShellCommand row's cmdlet). */
const PACKAGES = [
  { name: 'OfficeUpdateChannel', detect: 'Get-ItemProperty', fix: 'Set-ItemProperty' },
  { name: 'TempCleanup', detect: 'Get-ChildItem', fix: 'Remove-Item' },
] as const;

export interface Wow64Ctx {
  em: DeviceEmitter;
  seed: number;
  /** The background devices (the incident's own devices keep their scripted rows). */
  devs: readonly Dev[];
  /** Processes the emitter saw start, of the traced images: the agent's processes are read from it. */
  started: readonly Proc[];
}

export function writeWow64Remediations(c: Wow64Ctx): void {
  if (c.devs.length === 0) return;
  const root = new Rng((c.seed ^ 0x3264ab) >>> 0, 0x3264);
  const pkgRng = root.fork('packages');
  // One script id and one scheduled hour per package, the same on every device (one assignment).
  const pkgs = PACKAGES.map((p) => ({ ...p, id: pkgRng.guid(), hour: pkgRng.int(7, 15) }));
  const mine = new Set(c.devs);
  // The agent's first process of each day on each device (it is restarted daily by the other generators).
  const agentOf = new Map<Dev, Map<number, Proc>>();
  for (const p of c.started) {
    if (!mine.has(p.dev) || p.img.name !== IME_AGENT) continue;
    const day = Math.floor(p.created / DAY);
    const days = agentOf.get(p.dev) ?? new Map<number, Proc>();
    const prev = days.get(day);
    if (!prev || p.created < prev.created) days.set(day, p);
    agentOf.set(p.dev, days);
  }
  const hosts: Proc[] = [];
  for (const dev of c.devs) {
    const days = agentOf.get(dev);
    if (!days) continue;
    const r = root.fork(`wow64:${dev.def.key}`);
    for (const [day, agent] of [...days].sort((a, b) => a[0] - b[0])) {
      for (const pkg of pkgs) {
        const t = day * DAY + pkg.hour * HOUR + r.int(0, 59) * MIN + r.int(0, 59_999) * 1000;
        if (t <= agent.created) continue;
        const detect = run(c.em, r, dev, agent, t, pkg.id, 'detect', pkg.detect, hosts);
        if (r.chance(0.125)) run(c.em, r, dev, agent, detect + r.int(20, 90) * SEC, pkg.id, 'remediate', pkg.fix, hosts);
      }
    }
  }
  writeHostPipes(c.em, c.seed ^ 0x3264, hosts);
}

/** One script run: AgentExecutor, the 32-bit host and its console, the first cmdlet, the result file. Returns its end. */
function run(em: DeviceEmitter, r: Rng, dev: Dev, agent: Proc, t: number, id: string, kind: 'detect' | 'remediate', cmdlet: string, hosts: Proc[]): number {
  const file = `${IME}Policies\\Scripts\\${id}_${kind}.ps1`;
  const spawn = (parent: Proc, image: typeof PS32, at: number, cmd: string): Proc => {
    const p = dev.spawn(parent, image, at, cmd, { pid: r.int(100, 4000) * 4, showSha256: image.alwaysSha256 || r.chance(0.5) });
    em.process(p, r.int(0, 3) * 1000);
    return p;
  };
  const ax = spawn(agent, AGENT, t, `"${AGENT.path}" -remediationScript "${file}" "${IME}Policies\\Results\\${id}.output" "${IME}Policies\\Results\\${id}.error" "${IME}Policies\\Results\\${id}.timeout" 3600 "${WOW}" 0 "" False`);
  const ps = spawn(ax, PS32, t + r.int(600, 1200) * 1000, `"${WOW}\\powershell.exe" -NoProfile -executionPolicy bypass -file "${file}"`);
  hosts.push(ps);
  spawn(ps, IMG.conhost, ps.created + r.int(60, 200) * 1000, '\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1');
  em.event(ps.created + r.int(2, 4) * SEC, ps, 'PowerShellCommand', { AdditionalFields: { Command: cmdlet } });
  const end = ps.created + r.int(5, 12) * SEC;
  em.file(end, ax, 'FileCreated', { FileName: `${id}.output`, FolderPath: `${IME}Policies\\Results\\${id}.output`, SHA1: r.hex(40), MD5: r.hex(32), FileSize: r.int(10, 900) });
  return end;
}
