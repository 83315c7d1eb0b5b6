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
  // Feeds that probe12's public hunts read (make.mjs, after the copies above).
  it('Living Off Trusted Sites list (txt, ignoreFirstRecord): ### source lines, a header, then site,tags,provider', async () => {
    const data = lines('lots-project.txt');
    const sites = data.filter((l) => !l.startsWith('#')).slice(1);
    const r = await run(
      `externaldata(Data:string)[@"${urlOf('lots-project.txt')}"] with (format="txt", ignoreFirstRecord=True) | where not(Data startswith "#") | extend Fields = split(Data, ",") | where tostring(Fields[0]) != "Website" | summarize n = count(), d = dcount(tostring(Fields[0]))`,
    );
    expect(data.slice(0, 3).every((l) => l.startsWith('###'))).toBe(true);
    expect(r.rows).toEqual([[sites.length, sites.length]]);
  });

  it('LOLRMM tool catalogue (csv, 22 columns, ignoreFirstRecord): executables from InstallationPaths', async () => {
    const cols = 'Name:string,Category:string,Description:string,Author:string,Date:datetime,LastModified:datetime,Website:string,Filename:string,OriginalFileName:string,PEDescription:string,Product:string,Privileges:string,Free:string,Verification:string,SupportedOS:string,Capabilities:string,Vulnerabilities:string,InstallationPaths:string,Artifacts:string,Detections:string,References:string,Acknowledgement:string';
    const r = await run(
      `externaldata(${cols})[@"${urlOf('lolrmm-rmm_tools.csv')}"] with (format="csv", ignoreFirstRecord=True) | extend FileNames = extract_all(@"\\b([a-zA-Z0-9 _-]+\\.exe)", InstallationPaths) | summarize n = count(), dated = countif(isnotnull(Date) and isnotnull(LastModified)), withExe = countif(array_length(FileNames) > 0), rmm = countif(Category == "RMM")`,
    );
    const n = lines('lolrmm-rmm_tools.csv').length - 1;
    expect(r.rows).toEqual([[n, n, n, n]]);
  });

  it('Azure service tags (multijson, one pretty-printed object): prefixes of the virtual-desktop tags', async () => {
    const json = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'ServiceTags_Public_20220307.json'), 'utf8')) as { values: { name: string; properties: { addressPrefixes: string[] } }[] };
    const want = json.values.filter((v) => v.name.includes('VirtualDesktop')).flatMap((v) => v.properties.addressPrefixes);
    const r = await run(
      `externaldata(changeNumber: string, cloud: string, values: dynamic)[@"${urlOf('ServiceTags_Public_20220307.json')}"] with(format='multijson') | mv-expand values | where values contains "VirtualDesktop" | mv-expand p = values.properties.addressPrefixes | summarize n = count(), records = dcount(changeNumber), ok = countif(tostring(p) matches regex @"^\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+$")`,
    );
    expect(want.length).toBeGreaterThan(3);
    expect(r.rows).toEqual([[want.length, 1, want.length]]);
  });

  it('stealer file-name indicators, RMM software, Netcraft TLDs, FOCI clients, binary list (csv with a header row)', async () => {
    const cases: [string, string, string][] = [
      ['Stealer-filename-indicators.csv', 'IndicatorName:string, Category:int', 'countif(Category between (1 .. 3) and isnotempty(IndicatorName))'],
      ['rmm-software.csv', 'RMMSoftware:string', 'countif(isnotempty(RMMSoftware))'],
      ['netcraft-tlds.csv', 'TLD:string', 'countif(TLD startswith ".")'],
      ['known-foci-clients.csv', 'client_id:string', 'countif(isnotnull(toguid(client_id)))'],
      ['binary_list.csv', 'Integer:string, binary:string', 'countif(tolong(Integer) < 256 and strlen(binary) == 8)'],
    ];
    for (const [file, schema, check] of cases) {
      const r = await run(`externaldata(${schema})[@"${urlOf(file)}"] with (format="csv", ignoreFirstRecord=true) | summarize n = count(), ok = ${check}`);
      const n = lines(file).length - 1;
      expect([file, ...r.rows[0]]).toEqual([file, n, n]);
    }
  });
});
