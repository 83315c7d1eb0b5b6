/**
 * evaluate ipv4_lookup (kusto/query/ipv4-lookup-plugin): the documented examples and what the
 * page states (a range join on IP-prefix notation, the input's columns then the lookup table's,
 * one row per match, unmatched rows kept with empty lookup columns when return_unmatched=true),
 * run on DuckDB-WASM; what it leaves open is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import { compile } from '../../src/kql/index.ts';
import { NOW, runKql } from './helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => {
  await engine?.close();
});

// The documented example's tables (partial data of the geoip2-ipv4 data set).
const DOCS = `let IP_Data = datatable(network:string, continent_code:string ,continent_name:string, country_iso_code:string, country_name:string)
[
  "111.68.128.0/17","AS","Asia","JP","Japan",
  "5.8.0.0/19","EU","Europe","RU","Russia",
  "223.255.254.0/24","AS","Asia","SG","Singapore",
  "46.36.200.51/32","OC","Oceania","CK","Cook Islands",
  "2.20.183.0/24","EU","Europe","GB","United Kingdom",
];
let IPs = datatable(ip:string)
[
  '2.20.183.12',   // United Kingdom
  '5.8.1.2',       // Russia
  '192.165.12.17', // Unknown
];
IPs
`;

const sorted = (rows: unknown[][]) => [...rows].sort((a, b) => String(a[0]).localeCompare(String(b[0])));

describe('evaluate ipv4_lookup', () => {
  it('returns the matching rows only (documented example 1)', async () => {
    const r = compile(`${DOCS}| evaluate ipv4_lookup(IP_Data, ip, network)`, { catalog: null, now: NOW });
    expect(r.columns!.map((c) => c.name)).toEqual(['ip', 'network', 'continent_code', 'continent_name', 'country_iso_code', 'country_name']);
    expect(sorted(await runKql(engine, `${DOCS}| evaluate ipv4_lookup(IP_Data, ip, network)`))).toEqual([
      ['2.20.183.12', '2.20.183.0/24', 'EU', 'Europe', 'GB', 'United Kingdom'],
      ['5.8.1.2', '5.8.0.0/19', 'EU', 'Europe', 'RU', 'Russia'],
    ]);
  });
  it('keeps the unmatched rows with empty lookup columns (documented example 2, named and positional flag)', async () => {
    const want = [
      ['192.165.12.17', '', '', '', '', ''],
      ['2.20.183.12', '2.20.183.0/24', 'EU', 'Europe', 'GB', 'United Kingdom'],
      ['5.8.1.2', '5.8.0.0/19', 'EU', 'Europe', 'RU', 'Russia'],
    ];
    expect(sorted(await runKql(engine, `${DOCS}| evaluate ipv4_lookup(IP_Data, ip, network, return_unmatched = true)`))).toEqual(want);
    expect(sorted(await runKql(engine, `${DOCS}| evaluate ipv4_lookup(IP_Data, ip, network, true)`))).toEqual(want);
  });
  it('matches a plain lookup address as a /32, both ends of a range, and every overlapping range (one row per match)', async () => {
    const q = `let R = datatable(net:string, tag:string) ["10.0.0.0/8", "wide", "10.1.2.0/24", "narrow", "10.1.2.255", "one", "0.0.0.0/0", "all"];
datatable(a:string) ["10.1.2.255", "10.255.255.255", "11.0.0.0", "not an ip", ""]
| evaluate ipv4_lookup(R, a, net)
| order by a asc, tag asc`;
    expect(await runKql(engine, q)).toEqual([
      ['10.1.2.255', '0.0.0.0/0', 'all'],
      ['10.1.2.255', '10.1.2.0/24', 'narrow'],
      ['10.1.2.255', '10.1.2.255', 'one'],
      ['10.1.2.255', '10.0.0.0/8', 'wide'],
      ['10.255.255.255', '0.0.0.0/0', 'all'],
      ['10.255.255.255', '10.0.0.0/8', 'wide'],
      ['11.0.0.0', '0.0.0.0/0', 'all'],
    ]);
  });
  it('matches extra keys by equality, like join (one copy of the key, from the input)', async () => {
    const q = `let R = datatable(net:string, Site:string, zone:string) ["10.0.0.0/8", "A", "a-lan", "10.0.0.0/8", "B", "b-lan"];
datatable(ip:string, Site:string) ["10.0.0.1", "B", "10.0.0.2", "C"]
| evaluate ipv4_lookup(R, ip, net, Site, return_unmatched = true)
| order by ip asc`;
    expect(await runKql(engine, q)).toEqual([
      ['10.0.0.1', 'B', '10.0.0.0/8', 'b-lan'],
      ['10.0.0.2', 'C', '', ''],
    ]);
  });
  it('refuses what the page leaves open', async () => {
    const codes = (q: string) => compile(q, { catalog: null, now: NOW }).diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);
    // a lookup column named like an input column: how the result names it is not documented
    expect(codes('let R = datatable(net:string, ip:string) []; datatable(ip:string) [] | evaluate ipv4_lookup(R, ip, net)')).toEqual(['HB132']);
    // a key that is not a string
    expect(codes('let R = datatable(net:string) []; datatable(ip:long) [] | evaluate ipv4_lookup(R, ip, net)')).not.toEqual([]);
    // a source address with a prefix: refused while the query runs
    await expect(runKql(engine, 'let R = datatable(net:string) ["10.0.0.0/8"]; datatable(ip:string) ["10.1.0.0/16"] | evaluate ipv4_lookup(R, ip, net)')).rejects.toThrow(/HB162/);
  });
});
