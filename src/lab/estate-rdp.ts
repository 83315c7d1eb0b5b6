/**
 * The client side of the RDP sessions that start on an onboarded device of the lab: the IT
 * admin's sessions to app01 from their workstation (estate-servers.ts, `adminRdp`). The server
 * side (TermService's InboundConnectionAccepted on 3389, the RemoteInteractive logon, rdpclip)
 * is written where the session is drawn; Defender on the admin's workstation records, besides:
 *  - the Remote Desktop client started from the user's shell (explorer.exe → mstsc.exe /v:target),
 *    as the signed-in user, a few seconds before the connection (the credential prompt);
 *  - its outbound ConnectionSuccess to the target's address on 3389 from the ephemeral port the
 *    target saw as RemotePort, a few milliseconds to a second before the target accepted it.
 *
 * Sessions whose source is not onboarded (the help desk's hd-wks021, the vendor's laptop on the
 * VPN) have no client rows, as in a real tenant. A session drawn outside the admin's own logon
 * session on the workstation that day (before its logon, or more than LINGER after its last
 * activity) gets none either: there is no shell to start the client from. The rows come from a random stream of their own, drawn after every other device row, so
 * nothing written before them changes (the per-device ReportId counter of the workstation's later
 * rows moves on, as it would in MDE).
 */
import type { Session } from './background.ts';
import { EIMG } from './estate.ts';
import { Rng } from './rng.ts';
import { MIN, SEC } from './time.ts';
import type { Dev, DeviceEmitter } from './world.ts';

/** An RDP session whose client is an onboarded lab device, as the target recorded it. */
export interface RdpFromDevice {
  /** The client device. */
  src: Dev;
  /** Index of the day in the window (the key of the client's logon session). */
  day: number;
  /** When the target accepted the connection (its InboundConnectionAccepted row). */
  accepted: number;
  /** The client's ephemeral port (the target row's RemotePort). */
  clientPort: number;
  target: Dev;
}

export interface RdpClientCtx {
  em: DeviceEmitter;
  seed: number;
  sessions: Map<string, Session>;
  rdp: RdpFromDevice[];
}

/**
 * How long after the session's last recorded activity its user is still signed in (the lab writes
 * no logoff: a session ends with its last browsing, mail or sync row).
 */
const LINGER = 30 * MIN;

/** Writes mstsc.exe and its outbound connection on the client of each session. */
export function writeRdpClients(c: RdpClientCtx): void {
  const root = new Rng((c.seed ^ 0x4d57c11) >>> 0, 0x4d57);
  for (const x of c.rdp) {
    const r = root.fork(`${x.src.def.key}:${x.day}:${x.accepted}`);
    const s = c.sessions.get(`${x.src.def.key}:${x.day}`);
    const connect = x.accepted - r.int(2, 900) * 1000;
    const started = connect - r.int(3, 30) * SEC - r.int(0, 999) * 1000;
    if (!s || started < s.start + 60 * SEC || x.accepted >= s.end + LINGER) continue;
    const m = x.src.spawn(s.explorer, EIMG.mstsc, started, `"C:\\Windows\\system32\\mstsc.exe" /v:${x.target.name}`, { pid: r.int(100, 4000) * 4, showSha256: r.chance(0.5) });
    c.em.process(m, r.int(0, 3) * 1000);
    c.em.network(connect, m, 'ConnectionSuccess', {
      RemoteIP: x.target.def.localIp,
      RemotePort: 3389,
      RemoteUrl: '',
      LocalIP: x.src.def.localIp,
      LocalPort: x.clientPort,
      Protocol: 'Tcp',
      LocalIPType: 'Private',
      RemoteIPType: 'Private',
    });
  }
}
