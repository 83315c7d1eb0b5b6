/**
 * Local copies of externaldata feeds: `--externaldata-dir DIR` (a urls.json mapping each URL to a
 * file in DIR) for query/compile/conformance, and the copies under test/fixtures/externaldata that the
 * conformance run of the community queries uses. Each copy must read back in its feed's declared
 * format with the schema the community queries give it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../../src/cli/args.ts';
import { resolveDataset } from '../../src/cli/datasets.ts';
import { readExternalData } from '../../src/cli/main.ts';
import { useRunner } from './helpers.ts';

const FIXTURES = path.join(import.meta.dirname, '../fixtures/externaldata');
const manifest = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'urls.json'), 'utf8')) as Record<string, string>;
const urlOf = (file: string) => Object.entries(manifest).find(([, f]) => f === file)![0];
const lines = (file: string) => fs.readFileSync(path.join(FIXTURES, file), 'utf8').split(/\r?\n/).filter((l) => l !== '');

describe('--externaldata-dir', () => {
  it('is accepted by query, compile and conformance, repeatable', () => {
    for (const cmd of ['query', 'compile']) expect(parseArgs([cmd, 'print 1', '--externaldata-dir', 'a', '--externaldata-dir', 'b']).externalDataDirs).toEqual(['a', 'b']);
    const c = parseArgs(['conformance', 'cases', '--externaldata-dir', 'a', '--externaldata', 'https://x.example/f.csv?a=b=/tmp/f.csv']);
    expect(c.externalDataDirs).toEqual(['a']);
    expect(c.externalData).toEqual([{ url: 'https://x.example/f.csv?a=b', path: '/tmp/f.csv' }]);
    expect(() => parseArgs(['pack', 'test', 'x', '--externaldata-dir', 'a'])).toThrow(UsageError);
  });

  it('maps every URL of urls.json to its file; --externaldata wins for its URL', () => {
    const copies = readExternalData({ externalData: [], externalDataDirs: [FIXTURES] });
    expect(Object.keys(copies).sort()).toEqual(Object.keys(manifest).sort());
    for (const [url, file] of Object.entries(manifest)) expect(copies[url]).toBe(fs.readFileSync(path.join(FIXTURES, file), 'utf8'));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hb-ext-'));
    fs.writeFileSync(path.join(dir, 'mine.txt'), 'abc\n');
    const url = urlOf('CoViD-19-Observables.txt');
    const both = readExternalData({ externalData: [{ url, path: path.join(dir, 'mine.txt') }], externalDataDirs: [FIXTURES] });
    expect(both[url]).toBe('abc\n');
  });

  it('a missing manifest, a bad manifest or a missing file is a usage error', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hb-ext-'));
    expect(() => readExternalData({ externalData: [], externalDataDirs: [dir] })).toThrow(/urls\.json/);
    fs.writeFileSync(path.join(dir, 'urls.json'), '["x"]');
    expect(() => readExternalData({ externalData: [], externalDataDirs: [dir] })).toThrow(/must be an object/);
    fs.writeFileSync(path.join(dir, 'urls.json'), '{"https://a.example/x": "nope.csv"}');
    expect(() => readExternalData({ externalData: [], externalDataDirs: [dir] })).toThrow(/nope\.csv/);
  });
});

describe('the fixture feeds read back in their declared formats', () => {
  const { run } = useRunner(() => ({ dataset: resolveDataset('lab', false), externalData: readExternalData({ externalData: [], externalDataDirs: [FIXTURES] }) }));

  it('MalwareBazaar SHA256 list (txt): one hash per non-comment line', async () => {
    const data = lines('malwarebazaar-sha256-recent.txt').filter((l) => !l.startsWith('#'));
    const r = await run(`externaldata(sha256_hash:string)[@"${urlOf('malwarebazaar-sha256-recent.txt')}"] with (format="txt") | where sha256_hash !startswith "#" | summarize n = count(), bad = countif(not(sha256_hash matches regex "^[0-9a-f]{64}$"))`);
    expect(data.length).toBeGreaterThan(10);
    expect(r.rows).toEqual([[data.length, 0]]);
  });

  it('MalwareBazaar CSV export (txt lines): the same hashes as the SHA256 list, in the second field', async () => {
    const r = await run(
      `externaldata(report:string)[@"${urlOf('malwarebazaar-recent.csv')}"] with (format="txt") | where report !startswith "#" | extend h = extract(@'^"[^"]*", "([0-9a-f]{64})"', 1, report) | summarize n = count(), hashes = make_set(h)`,
    );
    const list = lines('malwarebazaar-sha256-recent.txt').filter((l) => !l.startsWith('#'));
    expect(r.rows[0][0]).toBe(list.length);
    expect([...(r.rows[0][1] as string[])].sort()).toEqual([...list].sort());
  });

  it('Tor relay list (csv, ignoreFirstRecord) typed by the query schema', async () => {
    const data = lines('TorRelayIPs.csv').slice(1);
    const r = await run(
      `externaldata (Nickname:string,Fingerprint:string,EntryAddress:string,IPv4Address:string,IPv4Port:string,IPv6Address:string,AddressType:string,Hostname:string,CountryCode:string,IsRunning:bool,RelayPublishDate:string,LastChangedIPData:string) [h@'${urlOf('TorRelayIPs.csv')}'] with (ignoreFirstRecord=true,format="csv") | summarize n = count(), v4 = countif(AddressType == "IPv4" and isnotempty(parse_ipv4(IPv4Address))), v6 = countif(AddressType == "IPv6"), running = countif(isnotnull(IsRunning))`,
    );
    const v6 = data.filter((l) => l.split(',')[6] === 'IPv6').length;
    expect(r.rows).toEqual([[data.length, data.length - v6, v6, data.length]]);
  });

  it('COVID-19 indicators (csv, no header): TimeGenerated, hash, hash type', async () => {
    const data = lines('Microsoft.Covid19.Indicators.csv');
    const r = await run(
      `externaldata(TimeGenerated:datetime, FileHashValue:string, FileHashType: string)[@"${urlOf('Microsoft.Covid19.Indicators.csv')}"] with (format="csv") | summarize n = count(), sha = countif(FileHashType == "sha256" and strlen(FileHashValue) == 64)`,
    );
    expect(r.rows).toEqual([[data.length, data.length]]);
  });

  it('COVID-19 domain list (default csv format, one column)', async () => {
    const data = lines('CoViD-19-Observables.txt');
    const r = await run(`externaldata (UrlDomain:string)[@'${urlOf('CoViD-19-Observables.txt')}'] | summarize n = count(), d = dcount(UrlDomain)`);
    expect(r.rows).toEqual([[data.length, data.length]]);
  });

  it('Azure public IP ranges (xml read as txt lines): one IpRange line per subnet', async () => {
    const subnets = lines('azure-public-ips-20200824.xml').filter((l) => l.includes('<IpRange '));
    const r = await run(`externaldata (xml:string)[@'${urlOf('azure-public-ips-20200824.xml')}'] with (format="txt") | extend Subnet = extract(@'Subnet="([^"]+)"', 1, xml) | where isnotempty(Subnet) | summarize n = count(), ok = countif(Subnet matches regex @"^\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+$")`);
    expect(r.rows).toEqual([[subnets.length, subnets.length]]);
  });
});
