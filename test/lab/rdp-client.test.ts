/**
 * RDP sessions between onboarded devices in every committed dataset (src/lab/estate-rdp.ts): each
 * connection a target accepted on 3389 from the address of an onboarded device has the client's
 * side on that device (mstsc.exe started from explorer.exe, naming the target, and its outbound
 * ConnectionSuccess from the port the target saw, shortly before the target accepted it), and every
 * outbound RDP connection of an onboarded device reached a target that recorded it.
 */
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../src/lab/scenarios/index.ts';
import { committedRows } from './committed.ts';

const ms = (v: unknown): number => (typeof v === 'bigint' ? Number(v / 1000n) : v instanceof Date ? v.getTime() : Number(v));

for (const s of SCENARIOS) {
  describe(`datasets/${s.id} RDP clients`, () => {
    const net = () => committedRows(s.id, 'DeviceNetworkEvents');
    /** Addresses of onboarded devices: the local address of their own outbound connections. */
    const onboarded = () => {
      const m = new Map<string, string>();
      for (const r of net()) if (r.ActionType === 'ConnectionSuccess' && r.LocalIPType === 'Private') m.set(String(r.LocalIP), String(r.DeviceName));
      return m;
    };
    const accepted = () => net().filter((r) => r.ActionType === 'InboundConnectionAccepted' && Number(r.LocalPort) === 3389);
    const outbound = () => net().filter((r) => r.ActionType === 'ConnectionSuccess' && Number(r.RemotePort) === 3389);

    it('a session from an onboarded device has mstsc.exe and its connection on that device', () => {
      const devs = onboarded();
      const procs = committedRows(s.id, 'DeviceProcessEvents');
      const fromDevices = accepted().filter((a) => devs.has(String(a.RemoteIP)));
      expect(fromDevices.length).toBeGreaterThan(0);
      for (const a of fromDevices) {
        const client = devs.get(String(a.RemoteIP))!;
        const t = ms(a.Timestamp);
        const out = outbound().filter((o) => o.DeviceName === client && o.RemoteIP === a.LocalIP && Number(o.LocalPort) === Number(a.RemotePort));
        expect(out.length, `${client} -> ${a.DeviceName} at ${new Date(t).toISOString()}`).toBe(1);
        const o = out[0];
        const lead = t - ms(o.Timestamp);
        expect(lead).toBeGreaterThanOrEqual(0);
        expect(lead).toBeLessThanOrEqual(1000);
        expect(o.LocalIP).toBe(a.RemoteIP);
        expect(o.Protocol).toBe('Tcp');
        expect(o.InitiatingProcessFileName).toBe('mstsc.exe');
        expect(o.InitiatingProcessParentFileName).toBe('explorer.exe');
        const p = procs.filter((x) => x.DeviceName === client && x.FileName === 'mstsc.exe' && Number(x.ProcessId) === Number(o.InitiatingProcessId) && ms(x.ProcessCreationTime) === ms(o.InitiatingProcessCreationTime));
        expect(p.length).toBe(1);
        expect(p[0].InitiatingProcessFileName).toBe('explorer.exe');
        expect(String(p[0].ProcessCommandLine)).toContain(`/v:${a.DeviceName}`);
        expect(p[0].AccountName).toBe(o.InitiatingProcessAccountName);
        expect(ms(p[0].ProcessCreationTime)).toBeLessThan(ms(o.Timestamp));
      }
    });

    it('every outbound RDP connection was accepted by its target', () => {
      const inbound = accepted();
      const outs = outbound();
      expect(outs.length).toBeGreaterThan(0);
      for (const o of outs) {
        const t = ms(o.Timestamp);
        const a = inbound.filter((x) => x.LocalIP === o.RemoteIP && x.RemoteIP === o.LocalIP && Number(x.RemotePort) === Number(o.LocalPort) && ms(x.Timestamp) >= t && ms(x.Timestamp) - t <= 1000);
        expect(a.length, `${o.DeviceName} at ${new Date(t).toISOString()}`).toBe(1);
      }
    });
  });
}
