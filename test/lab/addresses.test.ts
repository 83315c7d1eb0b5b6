/**
 * The lab's allocation of the documentation address ranges (src/lab/addresses.ts): blocks never
 * overlap, the scenarios' pinned addresses sit in their own blocks, and in every committed dataset
 * each documentation-range address belongs to a block and the threat-intelligence feed lists only
 * hostile addresses, so no benign web site, mail server, home or office matches it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/catalog/types.ts';
import { ALLOCATION, addressOf, addressesOf, blockOf, webAddress } from '../../src/lab/addresses.ts';
import { C2, SENDER } from '../../src/lab/scenarios/lab-data.ts';
import { SCENARIOS } from '../../src/lab/scenarios/index.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DOC_IP = /\b(?:192\.0\.2|198\.51\.100|203\.0\.113)\.\d{1,3}\b/g;

describe('address allocation', () => {
  it('gives every address of the documentation ranges to at most one block', () => {
    expect(new Set(ALLOCATION.map((b) => b.id)).size).toBe(ALLOCATION.length);
    const owner = new Map<string, string>();
    for (const b of ALLOCATION) {
      for (const [a, z] of b.ranges) {
        expect(a, b.id).toBeGreaterThanOrEqual(1);
        expect(z, b.id).toBeLessThanOrEqual(254);
        expect(a, b.id).toBeLessThanOrEqual(z);
      }
      for (const ip of addressesOf(b.id)) {
        expect(owner.get(ip), `${ip} in ${b.id}`).toBeUndefined();
        owner.set(ip, b.id);
        expect(blockOf(ip)?.id).toBe(b.id);
      }
    }
    expect(blockOf('10.0.0.4')).toBeUndefined();
  });

  it('keeps the scenarios\' pinned addresses in their own blocks (reference/scenario.md)', () => {
    expect(C2.ip).toBe('203.0.113.45');
    expect(addressOf('lab-c2')).toBe(C2.ip);
    expect(SENDER.relay).toBe('192.0.2.25');
    expect(addressOf('lab-phish-relay')).toBe(SENDER.relay);
    const pinned: Record<string, string> = {
      '198.51.100.23': 'lab-device-a', // Device A's public address
      '198.51.100.77': 'lab-personal-laptop', // the personal laptop through WAP
      '203.0.113.88': 'lab-iphone-carrier',
      '192.0.2.14': 'golden-saml-attacker',
      '192.0.2.31': 'golden-saml-drop',
      '203.0.113.23': 'golden-saml-staging',
      '192.0.2.77': 'ransomware-relay',
      '203.0.113.66': 'ransomware-payload',
    };
    for (const [ip, id] of Object.entries(pinned)) expect(blockOf(ip)?.id, ip).toBe(id);
  });

  it('hashes web hosts into the web block only', () => {
    for (const host of ['c.amazon-adsystem.com', 'www.amazon.com', 'news.example', 'router11.teamviewer.com', 'github.com']) {
      expect(blockOf(webAddress(host))?.id, host).toBe('web');
    }
  });
});

type Rows = { get(i: number, col: string): unknown; length: number; cols: string[] };

function load(dir: string, catalog: Catalog, table: string): Rows | undefined {
  const t = catalog.tables.find((x) => x.name === table);
  if (!t?.file) return undefined;
  const arrow = tableFromIPC(fs.readFileSync(path.join(dir, t.file)));
  const cols = arrow.schema.fields.map((f) => f.name);
  const vecs = new Map(cols.map((c) => [c, arrow.getChild(c)]));
  return { length: arrow.numRows, cols, get: (i, c) => vecs.get(c)?.get(i) };
}

const text = (v: unknown): string => (typeof v === 'string' ? v : v !== null && typeof v === 'object' ? JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? String(x) : x)) : '');

for (const s of SCENARIOS) {
  describe(`datasets/${s.id} addresses`, () => {
    const dir = path.join(ROOT, 'datasets', s.id);
    const catalog = JSON.parse(fs.readFileSync(path.join(dir, 'catalog.json'), 'utf8')) as Catalog;
    const ti = load(dir, catalog, 'ThreatIntelligenceIndicator');
    const listedIps = new Set<string>();
    const listedDomains = new Set<string>();
    for (let i = 0; ti && i < ti.length; i++) {
      const ip = text(ti.get(i, 'NetworkIP'));
      if (ip) listedIps.add(ip);
      const d = text(ti.get(i, 'DomainName'));
      if (d) listedDomains.add(d);
    }

    it('has a threat-intelligence feed that lists only addresses of listed (hostile) blocks', () => {
      expect(listedIps.size).toBeGreaterThan(10);
      for (const ip of listedIps) {
        const b = blockOf(ip);
        expect(b?.listed, ip).toBe(true);
        expect(b?.kind, ip).toBe('hostile');
      }
    });

    it('writes documentation-range addresses only from the allocation, and no benign one is in the feed', () => {
      const seen = new Map<string, string>();
      for (const t of catalog.tables) {
        // the geo-IP table lists networks of the allocation, not addresses seen (test/lab/geoip.test.ts)
        if (t.name === 'GeoIpLocations') continue;
        const rows = load(dir, catalog, t.name);
        if (!rows) continue;
        for (const col of rows.cols) {
          for (let i = 0; i < rows.length; i++) {
            const v = text(rows.get(i, col));
            if (!v.includes('.')) continue;
            for (const m of v.matchAll(DOC_IP)) if (!seen.has(m[0])) seen.set(m[0], `${t.name}.${col}`);
          }
        }
      }
      expect(seen.size).toBeGreaterThan(50);
      for (const [ip, where] of seen) {
        const b = blockOf(ip);
        expect(b, `${ip} (${where}) is in no block`).toBeDefined();
        if (b!.kind !== 'hostile') expect(listedIps.has(ip), `${ip} (${b!.id}, ${where}) is in the feed`).toBe(false);
      }
      // a device's own public address is that device's only: every address of the devices block that
      // any table holds is a device's PublicIP, and no two devices share one
      const info = load(dir, catalog, 'DeviceInfo')!;
      const owner = new Map<string, string>();
      for (let i = 0; i < info.length; i++) {
        const ip = text(info.get(i, 'PublicIP'));
        const name = text(info.get(i, 'DeviceName'));
        if (blockOf(ip)?.id !== 'devices') continue;
        expect(owner.get(ip) ?? name, `${ip} is the public address of ${owner.get(ip)} and ${name}`).toBe(name);
        owner.set(ip, name);
      }
      expect(owner.size).toBeGreaterThan(3);
      for (const [ip, where] of seen) if (blockOf(ip)?.id === 'devices') expect(owner.has(ip), `${ip} (${where}) is in the devices block but no device's PublicIP`).toBe(true);
    });

    it('gives devices public addresses of the devices block, the offices\' egress or the scenarios\' pinned addresses only', () => {
      const info = load(dir, catalog, 'DeviceInfo')!;
      const kinds = new Set<string>();
      for (let i = 0; i < info.length; i++) {
        const ip = text(info.get(i, 'PublicIP'));
        const b = blockOf(ip);
        if (!b) continue;
        kinds.add(b.id);
        expect(['devices', 'offices', 'lab-device-a', 'lab-personal-laptop', 'app01-published'], `${text(info.get(i, 'DeviceName'))} on ${ip}`).toContain(b.id);
        // the offices' egress only for the scenarios' office machines, at the Amsterdam office
        if (b.id === 'offices') expect(ip).toBe('198.51.100.40');
      }
      expect(kinds.has('devices')).toBe(true);
    });

    it('never resolves a web host the feed does not list to a listed address, and no mail comes from one', () => {
      const net = load(dir, catalog, 'DeviceNetworkEvents')!;
      let checked = 0;
      for (let i = 0; i < net.length; i++) {
        const url = text(net.get(i, 'RemoteUrl'));
        const ip = text(net.get(i, 'RemoteIP'));
        if (!url || !listedIps.has(ip)) continue;
        expect(listedDomains.has(url), `${url} on ${ip}`).toBe(true);
      }
      const webHosts = new Set<string>();
      for (let i = 0; i < net.length; i++) {
        const url = text(net.get(i, 'RemoteUrl'));
        if (url && !listedDomains.has(url)) webHosts.add(url);
      }
      for (const host of webHosts) {
        expect(listedIps.has(webAddress(host)), host).toBe(false);
        checked++;
      }
      expect(checked).toBeGreaterThan(20);
      const mail = load(dir, catalog, 'EmailEvents')!;
      for (let i = 0; i < mail.length; i++) {
        const ip = text(mail.get(i, 'SenderIPv4'));
        expect(listedIps.has(ip), `mail from ${ip}`).toBe(false);
      }
    });
  });
}
