/**
 * geo_info_from_ip_address() over the lab's own geo-IP table (lab/geoip.ts → GeoIpLocations): the
 * documented bag for an address the table holds, consistent with the lab's sign-in locations; a
 * per-row refusal (HB162) for an address without data, raised only when a row reaches it; a
 * compile-time refusal without the table.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/catalog/types.ts';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import { compile } from '../../src/kql/index.ts';
import { loadDatasetDir } from '../../src/lab/index.ts';
import { NOW, runKql } from './helpers.ts';

const DIR = path.resolve(import.meta.dirname, '../../datasets/lab');
const TABLES = ['GeoIpLocations', 'SigninLogs', 'DeviceNetworkEvents', 'IdentityLogonEvents'];

let engine: Engine;
let catalog: Catalog;
beforeAll(async () => {
  const ds = await loadDatasetDir(DIR);
  catalog = ds.catalog;
  engine = await createNodeEngine();
  for (const t of TABLES) await engine.loadArrow(t, ds.files.get(t)!);
});
afterAll(async () => {
  await engine?.close();
});

const run = (kql: string) => runKql(engine, kql, catalog);

describe('geo_info_from_ip_address() on the lab', () => {
  it("returns the page's bag: country, state, city (string), latitude, longitude (real), in that order", async () => {
    const [[g, text]] = await run('print g = geo_info_from_ip_address("192.0.2.61"), t = tostring(geo_info_from_ip_address("192.0.2.61"))');
    expect(g).toEqual({ country: 'United States', state: 'Virginia', city: 'Ashburn', latitude: 39.04, longitude: -77.49 });
    expect(text).toBe('{"country":"United States","state":"Virginia","city":"Ashburn","latitude":39.04,"longitude":-77.49}');
    // the types of the bag's values are those of a string and a real in a dynamic value
    const [[types, like]] = await run(
      'print g = geo_info_from_ip_address("203.0.113.45"), d = dynamic({"s": "x", "r": 1.5}) | project t = strcat(gettype(g.country), gettype(g.state), gettype(g.city), gettype(g.latitude), gettype(g.longitude)), u = strcat(gettype(d.s), gettype(d.s), gettype(d.s), gettype(d.r), gettype(d.r))',
    );
    expect(types).toBe(like);
  });

  it('gives a public sign-in address the country its sign-ins state, and the city most of them state', async () => {
    const NAMES: Record<string, string> = { NL: 'Netherlands', US: 'United States', DE: 'Germany', IE: 'Ireland', RO: 'Romania', NG: 'Nigeria', BR: 'Brazil', VN: 'Vietnam' };
    const rows = await run(
      'SigninLogs | where isnotempty(IPAddress) and not(ipv4_is_private(IPAddress)) | extend G = geo_info_from_ip_address(IPAddress) | summarize n = count() by IPAddress, Code = tostring(LocationDetails.countryOrRegion), City = tostring(LocationDetails.city), Country = tostring(G.country), GeoCity = tostring(G.city), Lat = todouble(G.latitude), SignLat = todouble(LocationDetails.geoCoordinates.latitude)',
    );
    expect(rows.length).toBeGreaterThan(20);
    const most = new Map<string, [string, number]>();
    for (const [ip, code, city, country, geoCity, lat, signLat, n] of rows) {
      expect(NAMES[code as string], `${ip}: ${code}`).toBe(country);
      const m = most.get(ip as string);
      if (!m || (n as number) > m[1]) most.set(ip as string, [city as string, n as number]);
      if (geoCity === city && signLat !== null) expect(lat, String(ip)).toBe(signLat);
    }
    for (const [ip, code, , , geoCity] of rows) if (most.get(ip as string)?.[0] !== undefined) expect(geoCity, `${ip} ${code}`).toBe(most.get(ip as string)![0]);
  });

  it('answers every public address of DeviceNetworkEvents (RemoteIPType == "Public")', async () => {
    const rows = await run('DeviceNetworkEvents | where RemoteIPType == "Public" | extend G = geo_info_from_ip_address(RemoteIP) | summarize n = count(), unknown = countif(isempty(tostring(G.country)))');
    expect(rows[0][0] as number).toBeGreaterThan(1000);
    expect(rows[0][1]).toBe(0);
  });

  it('refuses a private address per row, only when a row reaches it', async () => {
    await expect(run('IdentityLogonEvents | where ipv4_is_private(IPAddress) | take 1 | project g = geo_info_from_ip_address(IPAddress)')).rejects.toThrow(
      /HB162: geo_info_from_ip_address\(\): no geolocation data is available offline for '10\./,
    );
    // the same table, the private rows filtered out first: no error
    const ok = await run('IdentityLogonEvents | where isnotempty(IPAddress) and not(ipv4_is_private(IPAddress)) | extend c = tostring(geo_info_from_ip_address(IPAddress).country) | summarize dcount(c)');
    expect(ok[0][0] as number).toBeGreaterThan(1);
    expect(await run('datatable(ip: string)["10.0.0.1", "192.0.2.93"] | where ip !startswith "10." | project c = tostring(geo_info_from_ip_address(ip).country)')).toEqual([['Nigeria']]);
  });

  it('refuses what the table does not hold: reserved, unknown, IPv6, empty, not an address, a leading zero', async () => {
    for (const ip of ['127.0.0.1', '192.168.1.1', '8.8.8.8', '192.0.2.0', '2a03:2880:f12c:83:face:b00c::25de', '', 'not an ip', '192.0.2.61/32', '192.0.2.061']) {
      await expect(run(`print g = geo_info_from_ip_address(${JSON.stringify(ip)})`), ip).rejects.toThrow(/HB162/);
    }
  });
});

describe('geo_info_from_ip_address() without the table', () => {
  it('is refused at compile time (HB120): no dataset, or a dataset without GeoIpLocations', () => {
    const none = compile('print g = geo_info_from_ip_address("192.0.2.61")', { catalog: null, now: NOW });
    expect(none.ok).toBe(false);
    expect(none.diagnostics[0].code).toBe('HB120');
    expect(none.diagnostics[0].message).toMatch(/GeoIpLocations/);
    const without: Catalog = { ...catalog, tables: catalog.tables.filter((t) => t.name !== 'GeoIpLocations') };
    const r = compile('SigninLogs | extend g = geo_info_from_ip_address(IPAddress)', { catalog: without, now: NOW });
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0].code).toBe('HB120');
    expect(r.diagnostics[0].message).toMatch(/this dataset lacks/);
  });
});
