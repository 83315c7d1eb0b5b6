/**
 * Answers of the slow hunts' IPv4 shapes (branch slowhunts): format_ipv4's macros now bind their
 * argument once instead of repeating it, and must give the same answers; ipv4_is_in_range over an
 * mv-expanded list of ranges (the other slow shape, whose macro was tried and left) is pinned too.
 * Checked on the committed lab's own addresses against an independent computation here, and on the
 * refusals the macros keep.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonValue } from '../../src/engine/values.ts';
import { type Lab, openLab } from '../investigate/lab.ts';

let lab: Lab;
beforeAll(async () => {
  lab = await openLab();
}, 120_000);
afterAll(async () => {
  await lab?.engine.close();
});

const rows = async (kql: string): Promise<JsonValue[][]> => (await lab.run(kql)).rows;

/** A dotted quad's 32-bit value, or null when the text is not one (as Kusto's parse_ipv4). */
function quad(s: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return ((parts[0] * 256 + parts[1]) * 256 + parts[2]) * 256 + parts[3];
}
const text = (n: number) => [Math.floor(n / 16777216), Math.floor(n / 65536) % 256, Math.floor(n / 256) % 256, n % 256].join('.');
const masked = (n: number, p: number) => (p <= 0 ? 0 : Math.floor(n / 2 ** (32 - p)) * 2 ** (32 - p));

describe('format_ipv4 of a dynamic field on the lab (its argument read once)', () => {
  it("masks each adapter address to its subnet's prefix", async () => {
    const got = await rows(
      'DeviceNetworkInfo | mv-expand IPAddresses = todynamic(IPAddresses) | extend A = tostring(IPAddresses.IPAddress), P = tolong(IPAddresses.SubnetPrefix) ' +
        '| where isnotnull(P) and A matches regex @"^\\d+\\.\\d+\\.\\d+\\.\\d+$" ' +
        '| extend N = format_ipv4(tostring(IPAddresses.IPAddress), tolong(IPAddresses.SubnetPrefix)), M = format_ipv4_mask(tostring(IPAddresses.IPAddress), P) | project A, P, N, M',
    );
    expect(got.length).toBeGreaterThan(20);
    for (const [a, p, n, m] of got) {
      const v = quad(a as string);
      expect(v).not.toBeNull();
      const want = text(masked(v!, Number(p)));
      expect([a, p, n, m]).toEqual([a, p, want, `${want}/${Number(p)}`]);
    }
  });
  it("gives an empty string for an address that is not IPv4, and keeps a text's own narrower prefix", async () => {
    expect(await rows('print a = format_ipv4(tostring(dynamic({"ip": "10.1.2.3"}).ip), 20), b = format_ipv4(tostring(dynamic({"ip": "10.1.2.3/12"}).ip), 20), c = format_ipv4(tostring(dynamic({"ip": "fe80::1"}).ip), 20)')).toEqual([['10.1.0.0', '10.0.0.0', '']]);
  });
});

describe('ipv4_is_in_range over an mv-expanded list of ranges on the lab', () => {
  const RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '13.64.0.0/11', '20.33.0.0/16', '52.96.0.0/12', '0.0.0.0/0', '255.255.255.255'];
  it('agrees with the bits of each (address, range) pair', async () => {
    const got = await rows(
      `DeviceNetworkEvents | take 400 | extend R = dynamic(${JSON.stringify(RANGES)}) | mv-expand R to typeof(string) | project RemoteIP, R, In = ipv4_is_in_range(RemoteIP, R)`,
    );
    expect(got.length).toBe(400 * RANGES.length);
    let inside = 0;
    for (const [ip, r, isIn] of got) {
      const v = quad(ip as string);
      const [base, pre] = (r as string).split('/');
      const p = pre === undefined ? 32 : Number(pre);
      const want = v === null ? null : masked(v, p) === masked(quad(base)!, p);
      if (want) inside++;
      expect([ip, r, isIn]).toEqual([ip, r, want]);
    }
    expect(inside).toBeGreaterThan(100);
  });
  it('keeps its refusals: spaces around an address, a leading-zero octet', async () => {
    await expect(rows('print x = " 10.0.0.1" | project ipv4_is_in_range(x, "10.0.0.0/8")')).rejects.toThrow(/HB162.*spaces/);
    await expect(rows('print x = "10.0.0.01" | project ipv4_is_in_range(x, "10.0.0.0/8")')).rejects.toThrow(/HB162.*leading zero/);
    expect(await rows('print x = "10.0.0.256", y = "nope", z = "" | project ipv4_is_in_range(x, "10.0.0.0/8"), ipv4_is_in_range(y, "10.0.0.0/8"), ipv4_is_in_range(z, "10.0.0.0/8")')).toEqual([[null, null, null]]);
  });
});
