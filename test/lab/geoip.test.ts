/**
 * The lab's geo-IP table (src/lab/geoip.ts → GeoIpLocations) in every committed dataset: networks
 * that do not overlap, a row for every public address the address columns hold (so a hunt that
 * keeps to public addresses never meets geo_info_from_ip_address()'s refusal), and the countries
 * the sign-in and identity tables state for an address.
 */
import fs from 'node:fs';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/catalog/types.ts';
import { cidrsOf, geoIpRows, rangeOf } from '../../src/lab/geoip.ts';
import { SCENARIOS } from '../../src/lab/scenarios/index.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

const num = (ip: string): number => ip.split('.').reduce((a, x) => a * 256 + Number(x), 0);

/** Not a public address: private (RFC 1918), loopback, this-network, link-local, shared (CGNAT), multicast and above. */
function nonPublic(ip: string): boolean {
  const [a, b] = ip.split('.').map(Number);
  return a === 10 || a === 127 || a === 0 || a >= 224 || (a === 172 && b >= 16 && b < 32) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b < 128);
}

const QUAD = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
/** Columns that hold one address each (not versions, paths or free text). */
const ADDRESS_COLUMN = /(IP|Ip)(Address|v4)?$|IPAddress|IpAddress|^(cIP|CIp|sIP)$|^(Source|Destination|Remote|Caller|Client|Local)Ip/;

/** A country code the lab's tables write → the name geo_info_from_ip_address() returns. */
const NAMES: Record<string, string> = { NL: 'Netherlands', US: 'United States', DE: 'Germany', IE: 'Ireland', RO: 'Romania', NG: 'Nigeria', BR: 'Brazil', VN: 'Vietnam' };

type Rows = { get(i: number, col: string): unknown; length: number; cols: string[] };

function load(dir: string, catalog: Catalog, table: string): Rows | undefined {
  const t = catalog.tables.find((x) => x.name === table);
  if (!t?.file) return undefined;
  const arrow = tableFromIPC(fs.readFileSync(path.join(dir, t.file)));
  const cols = arrow.schema.fields.map((f) => f.name);
  const vecs = new Map(cols.map((c) => [c, arrow.getChild(c)]));
  return { length: arrow.numRows, cols, get: (i, c) => vecs.get(c)?.get(i) };
}

describe('geoip networks', () => {
  it('splits an address range into the fewest CIDR networks', () => {
    expect(cidrsOf(num('192.0.2.2'), num('192.0.2.13'))).toEqual(['192.0.2.2/31', '192.0.2.4/30', '192.0.2.8/30', '192.0.2.12/31']);
    expect(cidrsOf(num('198.51.100.0'), num('198.51.100.255'))).toEqual(['198.51.100.0/24']);
    expect(rangeOf('20.190.128.0/18')).toEqual([num('20.190.128.0'), num('20.190.191.255')]);
  });

  it('is deterministic and its networks do not overlap', () => {
    const a = geoIpRows();
    expect(geoIpRows()).toEqual(a);
    const ranges = a.map((r) => rangeOf(r.Network)).sort((x, y) => x[0] - y[0]);
    for (let i = 1; i < ranges.length; i++) expect(ranges[i][0], a[i].Network).toBeGreaterThan(ranges[i - 1][1]);
    // the network text is its own first address (no host bits set)
    for (const r of a) expect(cidrsOf(...rangeOf(r.Network))).toEqual([r.Network]);
  });
});

for (const s of SCENARIOS) {
  describe(`datasets/${s.id} GeoIpLocations`, () => {
    const dir = path.join(ROOT, 'datasets', s.id);
    const catalog = JSON.parse(fs.readFileSync(path.join(dir, 'catalog.json'), 'utf8')) as Catalog;
    const geo = load(dir, catalog, 'GeoIpLocations')!;
    const nets: { lo: number; hi: number; country: string; city: string }[] = [];
    for (let i = 0; geo && i < geo.length; i++) {
      const [lo, hi] = rangeOf(String(geo.get(i, 'Network')));
      nets.push({ lo, hi, country: String(geo.get(i, 'Country')), city: String(geo.get(i, 'City')) });
    }
    const find = (ip: string) => nets.filter((n) => num(ip) >= n.lo && num(ip) <= n.hi);

    it('is a side table of the catalog, written as the generator writes it today', () => {
      expect(catalog.tables.find((t) => t.name === 'GeoIpLocations')?.kind).toBe('side');
      expect(nets.length).toBeGreaterThan(50);
    });

    it('has exactly one network for every public address an address column holds', () => {
      const seen = new Map<string, string>();
      const tables = new Set<string>();
      for (const t of catalog.tables) {
        if (t.name === 'GeoIpLocations') continue;
        const rows = load(dir, catalog, t.name);
        if (!rows) continue;
        for (const col of rows.cols.filter((c) => ADDRESS_COLUMN.test(c))) {
          for (let i = 0; i < rows.length; i++) {
            const v = rows.get(i, col);
            if (typeof v !== 'string' || !QUAD.test(v) || nonPublic(v)) continue;
            tables.add(t.name);
            if (!seen.has(v)) seen.set(v, `${t.name}.${col}`);
          }
        }
      }
      expect(seen.size).toBeGreaterThan(100);
      for (const t of ['DeviceNetworkEvents', 'SigninLogs', 'IdentityLogonEvents', 'EmailEvents', 'AADSignInEventsBeta', 'CloudAppEvents']) expect(tables.has(t), t).toBe(true);
      for (const [ip, where] of seen) expect(find(ip).length, `${ip} (${where})`).toBe(1);
    });

    it('gives each address the country the sign-in and identity tables state for it', () => {
      const stated: [string, string, string][] = [
        ['SigninLogs', 'IPAddress', 'LocationDetails.countryOrRegion'],
        ['AADNonInteractiveUserSignInLogs', 'IPAddress', 'LocationDetails.countryOrRegion'],
        ['AADServicePrincipalSignInLogs', 'IPAddress', 'LocationDetails.countryOrRegion'],
        ['AADSignInEventsBeta', 'IPAddress', 'Country'],
        ['AADSpnSignInEventsBeta', 'IPAddress', 'Country'],
        ['IdentityLogonEvents', 'IPAddress', 'Location'],
        ['CloudAppEvents', 'IPAddress', 'CountryCode'],
      ];
      let checked = 0;
      for (const [table, ipCol, where] of stated) {
        const rows = load(dir, catalog, table);
        if (!rows) continue;
        const [col, field] = where.split('.');
        for (let i = 0; i < rows.length; i++) {
          const ip = rows.get(i, ipCol);
          const v = rows.get(i, col) as unknown;
          const code = field ? (v as Record<string, unknown> | null)?.[field] : v;
          if (typeof ip !== 'string' || !QUAD.test(ip) || nonPublic(ip) || typeof code !== 'string' || !code) continue;
          const [n] = find(ip);
          expect(n, `${table} ${ip}`).toBeDefined();
          expect(n.country, `${table} ${ip} ${code}`).toBe(NAMES[code]);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(500);
    });
  });
}
