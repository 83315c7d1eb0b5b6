/**
 * Local copies of externaldata feeds: `--externaldata-dir DIR` (a urls.json mapping each URL to a
 * file in DIR) for query/compile/conformance, and the copies under test/fixtures/externaldata that the
 * conformance run of the community queries uses. Each copy must read back in its feed's declared
 * format with the schema the community queries give it.
 */
import { execFileSync } from 'node:child_process';
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

/**
 * Every URL of urls.json, read the way public hunting queries declare it (schema, format,
 * ignoreFirstRecord as they write them), and checked against the copy's own lines: the row count
 * and that the typed columns parsed (a datetime, int or dynamic that fails to parse is null).
 */
describe('every urls.json copy parses under the schema public queries give it', () => {
  const { run } = useRunner(() => ({ dataset: resolveDataset('lab', false), externalData: readExternalData({ externalData: [], externalDataDirs: [FIXTURES] }) }));
  const body = (file: string) => lines(file).filter((l) => !l.startsWith('#'));
  const ipLines = (file: string) => lines(file).filter((l) => /^\d+\.\d+\.\d+\.\d+$/.test(l)).length;
  const IP_TXT = (u: string) => `externaldata(DestIP: string)[@"${u}"] with (format="txt", ignoreFirstRecord=True) | where DestIP matches regex @"^\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}$" | count`;
  // file → [query of the public shape with U for the URL, the expected rows computed from the file]
  const cases: Record<string, [(u: string) => string, () => unknown[][]]> = {
    'lolbas.csv': [
      (u) =>
        `externaldata(FileName:string, Description:string, Author:string, Date:datetime, Command:string, CommandDescription:string, CommandUsecase:string, CommandCategory:string)["${u}"] with(format="csv", ignoreFirstRecord=true) | summarize n = count(), badDate = countif(isnull(Date)), exe = countif(FileName matches regex @"\\.(exe|dll|vbs)$")`,
      () => [[lines('lolbas.csv').length - 1, 0, lines('lolbas.csv').length - 1]],
    ],
    'lolrmm-rmm_tools.csv': [
      (u) =>
        `externaldata(Name:string,Category:string,Description:string,Author:string,Date:datetime,LastModified:datetime,Website:string,Filename:string,OriginalFileName:string,PEDescription:string,Product:string,Privileges:string,Free:string,Verification:string,SupportedOS:string,Capabilities:string,Vulnerabilities:string,InstallationPaths:string,Artifacts:string,Detections:string,References:string,Acknowledgement:string)[@"${u}"] with (format="csv", ignoreFirstRecord=True) | summarize n = count(), badDate = countif(isnull(Date) or isnull(LastModified) or LastModified < Date), json = countif(isnotnull(parse_json(Artifacts).Network) and array_length(parse_json(Detections)) > 0), exe = countif(InstallationPaths has ".exe")`,
      () => [[lines('lolrmm-rmm_tools.csv').length - 1, 0, lines('lolrmm-rmm_tools.csv').length - 1, lines('lolrmm-rmm_tools.csv').length - 1]],
    ],
    'rmm-software.csv': [
      (u) => `externaldata(RMMSoftware: string)[@"${u}"] with (format="csv", ignoreFirstRecord=True) | summarize n = count(), lower = countif(RMMSoftware == tolower(RMMSoftware) and isnotempty(RMMSoftware))`,
      () => [[lines('rmm-software.csv').length - 1, lines('rmm-software.csv').length - 1]],
    ],
    'netcraft-tlds.csv': [
      (u) => `externaldata(TLD: string)[@"${u}"] with (format="csv", ignoreFirstRecord=True) | summarize n = count(), dotted = countif(TLD matches regex @"^\\.[a-z]+$")`,
      () => [[lines('netcraft-tlds.csv').length - 1, lines('netcraft-tlds.csv').length - 1]],
    ],
    'known-foci-clients.csv': [
      (u) => `externaldata(client_id: string)[@"${u}"] with (format="csv", ignoreFirstRecord=true) | summarize n = count(), guids = countif(isnotnull(toguid(client_id)))`,
      () => [[lines('known-foci-clients.csv').length - 1, lines('known-foci-clients.csv').length - 1]],
    ],
    'binary_list.csv': [
      (u) => `externaldata(Integer: string, binary: string)[@"${u}"] with (format="csv", ignoreFirstRecord=True) | summarize n = count(), ok = countif(binary matches regex "^[01]{8}$" and toint(Integer) between (0 .. 255))`,
      () => [[lines('binary_list.csv').length - 1, lines('binary_list.csv').length - 1]],
    ],
    // probe22's hunts: cyb3rmik3's Spamhaus TLD list read as one csv column with its header skipped
    // (Spamhaus-10-most-abused-tlds.md), IANA's root-zone list read as txt lines, its "#" version line
    // filtered by the query itself (lawndoc UncommonTLDs.kusto).
    'spamhaus-abused-tlds.csv': [
      (u) => `externaldata(TLD: string)[@"${u}"] with (format="csv", ignoreFirstRecord=True) | summarize n = count(), dotted = countif(TLD matches regex @"^\\.[a-z]+$")`,
      () => [[lines('spamhaus-abused-tlds.csv').length - 1, lines('spamhaus-abused-tlds.csv').length - 1]],
    ],
    'tlds-alpha-by-domain.txt': [
      (u) => `externaldata(response: string) [@"${u}"] with (format="txt") | where response !startswith "#" | summarize n = count(), upper = countif(response matches regex @"^[A-Z0-9-]+$")`,
      () => [[body('tlds-alpha-by-domain.txt').length, body('tlds-alpha-by-domain.txt').length]],
    ],
    // probe24: Azure-Sentinel's "Windows Binaries Lolbins Renamed" rule reads only the first column,
    // header skipped; every row's first field is a file name but the split row's "AWL bypass".
    'Microsoft_Lolbas_Execution_Binaries.csv': [
      (u) => `externaldata(Process:string) [@"${u}"] with (format="csv", ignoreFirstRecord=True) | summarize n = count(), exe = countif(Process endswith ".exe")`,
      () => [[lines('Microsoft_Lolbas_Execution_Binaries.csv').length - 1, lines('Microsoft_Lolbas_Execution_Binaries.csv').length - 2]],
    ],
    // probe13's country hunt declares only the first two columns; a name with a comma is quoted, so
    // the second field is the alpha-2 code on every row, and none is a code any real country has.
    'iso-3166-all.csv': [
      (u) =>
        `externaldata(country: string, countryOrRegion: string)[@'${u}'] with (format=csv, ignoreFirstRecord=True) | summarize n = count(), userAssigned = countif(countryOrRegion matches regex "^X[A-Z]$" and countryOrRegion != "XK"), commas = countif(country has ",")`,
      () => [[lines('iso-3166-all.csv').length - 1, lines('iso-3166-all.csv').length - 1, lines('iso-3166-all.csv').filter((l) => l.startsWith('"')).length]],
    ],
    'pastebin_sites.txt': [
      (u) => `externaldata(site:string)[h@"${u}"] with(format="txt",ignoreFirstRecord=false) | summarize n = count(), d = dcount(site), dotted = countif(site has ".")`,
      () => [[lines('pastebin_sites.txt').length, lines('pastebin_sites.txt').length, lines('pastebin_sites.txt').length]],
    ],
    'feodotracker-ipblocklist.csv': [
      (u) =>
        `externaldata(DestIP: string)[@"${u}"] with (format="txt", ignoreFirstRecord=True) | extend DestIP = extract(@"[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}", 0, DestIP) | where isnotempty(DestIP) | count`,
      () => [[body('feodotracker-ipblocklist.csv').length]],
    ],
    'feodotracker-ipblocklist-recommended.txt': [(u) => `externaldata(ip:string)[@"${u}"] with(format="csv") | where ip !startswith "#" | summarize n = count(), ok = countif(isnotempty(parse_ipv4(ip)))`, () => [[body('feodotracker-ipblocklist-recommended.txt').length, body('feodotracker-ipblocklist-recommended.txt').length]]],
    'C2IntelFeeds-IPC2s-30day.csv': [
      (u) => `externaldata(IP: string, ioc:string)[@"${u}"] with (format="csv", ignoreFirstRecord=True) | summarize n = count(), ok = countif(isnotempty(parse_ipv4(IP)) and ioc endswith "C2 IP")`,
      () => [[lines('C2IntelFeeds-IPC2s-30day.csv').length - 1, lines('C2IntelFeeds-IPC2s-30day.csv').length - 1]],
    ],
    'sslipblacklist.txt': [(u) => IP_TXT(u), () => [[ipLines('sslipblacklist.txt')]]],
    'et-compromised-ips.txt': [(u) => IP_TXT(u), () => [[ipLines('et-compromised-ips.txt') - 1]]],
    'ci-badguys.txt': [(u) => IP_TXT(u), () => [[ipLines('ci-badguys.txt') - 1]]],
    'blocklist-de-all.txt': [(u) => IP_TXT(u), () => [[ipLines('blocklist-de-all.txt') - 1]]],
    'mirai-ip_list.txt': [(u) => IP_TXT(u), () => [[ipLines('mirai-ip_list.txt') - 1]]],
    'c2-tracker-all.txt': [(u) => IP_TXT(u), () => [[ipLines('c2-tracker-all.txt') - 1]]],
    'digitalside-latestips.txt': [(u) => IP_TXT(u), () => [[ipLines('digitalside-latestips.txt') - 1]]],
    'diamondfox_panels.txt': [
      (u) => `externaldata(DestIP: string)[@"${u}"] with (format="txt", ignoreFirstRecord=True) | extend host = extract(@'//(.*?)/', 1, DestIP) | summarize n = count(), hosts = countif(isnotempty(host))`,
      () => [[lines('diamondfox_panels.txt').length - 1, lines('diamondfox_panels.txt').length - 1]],
    ],
    'known_exploited_vulnerabilities.csv': [
      (u) =>
        `externaldata(cveID: string, vendorProject: string, product: string, vulnerabilityName: string, dateAdded: datetime, shortDescription: string, requiredAction: string, dueDate: datetime, notes: string)[@"${u}"] with (format="csv", ignoreFirstRecord=True) | summarize n = count(), dates = countif(isnotnull(dateAdded) and dueDate > dateAdded), cves = countif(cveID matches regex @"^CVE-\\d{4}-\\d{4,}$")`,
      () => [[lines('known_exploited_vulnerabilities.csv').length - 1, lines('known_exploited_vulnerabilities.csv').length - 1, lines('known_exploited_vulnerabilities.csv').length - 1]],
    ],
    'ServiceTags_Public.json': [
      (u) =>
        `externaldata(changeNumber: string, cloud: string, values: dynamic)["${u}"] with(format='multijson') | mv-expand values | extend Name = tostring(values.name), Prefixes = values.properties.addressPrefixes | summarize records = dcount(changeNumber), tags = count(), withPrefixes = countif(array_length(Prefixes) > 0), cloud = take_any(cloud)`,
      () => {
        const j = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'ServiceTags_Public.json'), 'utf8')) as { cloud: string; values: unknown[] };
        return [[1, j.values.length, j.values.length, j.cloud]];
      },
    ],
    'kusto-cidr-asn.csv': [
      (u) => `externaldata (CIDR:string, CIDRASN:int, CIDRASNName:string, CIDRSource:string)['${u}'] with (ignoreFirstRecord=true) | summarize n = count(), asn = countif(isnotnull(CIDRASN)), cidr = countif(CIDR matches regex @"^\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+$")`,
      () => [[lines('kusto-cidr-asn.csv').length - 1, lines('kusto-cidr-asn.csv').length - 1, lines('kusto-cidr-asn.csv').length - 1]],
    ],
  };
  cases['loldrivers-drivers.json'] = [
    (u) =>
      `externaldata (Category:string, KnownVulnerableSamples:dynamic, Verified:string ) [h@"${u}"] with (format=multijson, ingestionMapping=@'[{"Column":"Category","Properties":{"Path":"$.Category"}},{"Column":"KnownVulnerableSamples","Properties":{"Path":"$.KnownVulnerableSamples"}},{"Column":"Verified","Properties":{"Path":"$.Verified"}}]') | mv-expand KnownVulnerableSamples | extend SHA256 = tostring(KnownVulnerableSamples.SHA256) | summarize n = count(), sha = countif(SHA256 matches regex "^[0-9a-f]{64}$"), verified = countif(Verified in ("TRUE", "FALSE"))`,
    () => {
      const d = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'loldrivers-drivers.json'), 'utf8')) as { KnownVulnerableSamples: unknown[] }[];
      const n = d.reduce((a, x) => a + x.KnownVulnerableSamples.length, 0);
      return [[n, n, n]];
    },
  ];
  // LOLDrivers' ClamAV hash signatures as the BYOVD hunts read them: one string column (csv, no comma in a
  // line), split by parse into sha256, size and "<md5>.bin"
  cases['loldrivers-av.hdb'] = [
    (u) =>
      `externaldata(BYOVDTable:string)[h'${u}'] | parse BYOVDTable with Hash:string ":" Size:int ":" MDFileName:string | extend ExtMD5 = substring(MDFileName, 0, strlen(MDFileName) - 4) | summarize n = count(), sha = countif(Hash matches regex "^[0-9a-f]{64}$"), size = countif(Size > 0), md5 = countif(ExtMD5 matches regex "^[0-9a-f]{32}$" and MDFileName endswith ".bin")`,
    () => {
      const n = lines('loldrivers-av.hdb').length;
      return [[n, n, n, n]];
    },
  ];
  // X4BNet's VPN ranges as the consumer-VPN sign-in hunt reads them: one string column (format=txt), every
  // line an IPv4 CIDR whose network address lies inside its own range
  cases['x4bnet-vpn-ipv4.txt'] = [
    (u) =>
      `externaldata (IpRange:string) [@'${u}'] with (format=txt) | extend Net = tostring(split(IpRange, "/")[0]) | summarize n = count(), cidr = countif(IpRange matches regex @"^\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+$"), inside = countif(ipv4_is_in_range(Net, IpRange))`,
    () => {
      const n = lines('x4bnet-vpn-ipv4.txt').length;
      return [[n, n, n]];
    },
  ];
  for (let k = 3; k <= 8; k++) cases[`ipsum-level-${k}.txt`] = [(u) => IP_TXT(u), () => [[ipLines(`ipsum-level-${k}.txt`) - 1]]];
  // the copies the first describe reads already
  const older = new Set(['malwarebazaar-recent.csv', 'malwarebazaar-sha256-recent.txt', 'TorRelayIPs.csv', 'azure-public-ips-20200824.xml', 'Microsoft.Covid19.Indicators.csv', 'CoViD-19-Observables.txt', 'VPS_Networks.csv', 'torbulkexitlist.txt', 'lots-project.txt', 'Stealer-filename-indicators.csv']);

  it('each file of urls.json has a case here or above', () => {
    const files = [...new Set(Object.values(manifest))].sort();
    expect(files.filter((f) => !cases[f] && !older.has(f))).toEqual([]);
  });

  for (const [url, file] of Object.entries(manifest)) {
    if (!cases[file]) continue;
    it(`${url}`, async () => {
      const [query, expected] = cases[file];
      const r = await run(query(url));
      const want = expected();
      expect(Number(want[0][0])).toBeGreaterThan(0);
      expect(r.rows).toEqual(want);
    });
  }
});

describe('make.mjs', () => {
  it('regenerates every copy byte for byte, and writes nothing urls.json does not name', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hb-make-'));
    fs.copyFileSync(path.join(FIXTURES, 'make.mjs'), path.join(dir, 'make.mjs'));
    execFileSync(process.execPath, [path.join(dir, 'make.mjs')]);
    const made = fs.readdirSync(dir).filter((f) => f !== 'make.mjs').sort();
    expect(made).toEqual([...new Set(Object.values(manifest))].sort());
    for (const f of made) expect(fs.readFileSync(path.join(dir, f)).equals(fs.readFileSync(path.join(FIXTURES, f))), f).toBe(true);
  });
});

describe('externaldata format multijson and archive copies', () => {
  const M = 'https://m.example/feed.json';
  const Z = 'https://z.example/feed.csv.zip';
  const G = 'https://z.example/feed.csv.gz';
  const N = 'https://m.example/numbers.json';
  const D = 'https://m.example/drivers.json';
  const { run, outcome } = useRunner(() => ({
    dataset: resolveDataset('lab', false),
    externalData: {
      // an object over several lines, an array of bags, then a bag on one line (a "}" inside a string)
      [M]: '{\n  "a": 1,\n  "b": [1, 2]\n}\n[{"a": 2}, {"a": "x}{"}]   {"a": 4, "b": {"c": "d"}}\n',
      [Z]: 'PK\u0003\u0004\u0014\u0000\u0000\u0000',
      [G]: '\u001f\ufffd\u0008\u0000',
      [N]: '{"a": 1}\n[1, 2]\n',
      [D]: '[{"Category": "vulnerable driver", "Verified": "TRUE", "KnownVulnerableSamples": [{"SHA256": "ab"}], "X": {"y z": 5}}, {"Category": "malicious"}]',
    },
  }));

  it('multijson: property bags separated by whitespace, spanning lines, or in an array, in file order', async () => {
    const r = await run(`externaldata(a:string, b:dynamic)["${M}"] with (format="multijson")`);
    expect(r.rows).toEqual([
      ['1', [1, 2]],
      ['2', null],
      ['x}{', null],
      ['4', { c: 'd' }],
    ]);
  });

  it('multijson: a top-level value that is not a property bag is HB140', async () => {
    const o = await outcome(`externaldata(a:string)["${N}"] with (format="multijson")`);
    expect(o.ok).toBe(false);
    if (!o.ok) {
      expect(o.error.code).toBe('HB140');
      expect(o.error.message).toContain('not a property bag');
    }
  });

  it('a zip or gzip copy is HB140 asking for the extracted file, not rows of garbage', async () => {
    for (const u of [Z, G]) {
      const o = await outcome(`externaldata(a:string)["${u}"] with (ignoreFirstRecord=true)`);
      expect(o.ok).toBe(false);
      if (!o.ok) {
        expect(o.error.code).toBe('HB140');
        expect(o.error.message).toContain('extracted file');
      }
    }
  });

  it('ingestionMapping ($.name and $[\'name\'] paths) picks each column from its path; a missing path is null', async () => {
    const mapping = `[{"Column":"Category","Properties":{"Path":"$.Category"}},{"Column":"Samples","Properties":{"Path":"$.KnownVulnerableSamples"}},{"Column":"Y","Properties":{"Path":"$.X['y z']"}}]`;
    const r = await run(`externaldata (Category:string, Samples:dynamic, Y:long) [h@"${D}"] with (format=multijson, ingestionMapping=${JSON.stringify(mapping)})`);
    expect(r.rows).toEqual([
      ['vulnerable driver', [{ SHA256: 'ab' }], 5],
      ['malicious', null, null],
    ]);
  });

  it('ingestionMapping that huntbench does not read is HB100, not a silent by-name read', async () => {
    const refused = [
      `externaldata (Category:string, Verified:string) ["${D}"] with (format=multijson, ingestionMapping=@'[{"Column":"Category","Properties":{"Path":"$.Category"}}]')`,
      `externaldata (Category:string) ["${D}"] with (format=multijson, ingestionMapping=@'[{"Column":"Category","Properties":{"Path":"$.Category","Transform":"DateTimeFromUnixSeconds"}}]')`,
      `externaldata (Category:string) ["${D}"] with (format=multijson, ingestionMapping=@'[{"Column":"Category","Properties":{"Path":"$..Category"}}]')`,
      `externaldata (Category:string) ["${D}"] with (format=csv, ingestionMapping=@'[{"Column":"Category","Properties":{"Ordinal":"0"}}]')`,
    ];
    for (const q of refused) {
      const o = await outcome(q);
      expect(o.ok, q).toBe(false);
      if (!o.ok) expect(o.error.code, q).toBe('HB100');
    }
  });

  it('an unquoted with-value (format=csv, format=multijson) is read like a quoted one', async () => {
    const a = await run(`externaldata(Category:string)["${D}"] with (format=multijson) | count`);
    const b = await run(`externaldata(Category:string)["${D}"] with (format="multijson") | count`);
    expect(a.rows).toEqual([[2]]);
    expect(a.rows).toEqual(b.rows);
  });
});

/** The ingestion formats page: txt is one record per line with empty lines skipped; raw is the whole file as one value. */
describe('externaldata formats txt and raw', () => {
  const T = 'https://t.example/list.txt';
  const { run, outcome } = useRunner(() => ({
    dataset: resolveDataset('lab', false),
    externalData: { [T]: 'alpha\n\nbeta\r\n\r\n  \ngamma\n\n' },
  }));

  it('txt: one record per line; empty lines are skipped, a line of spaces is kept', async () => {
    const r = await run(`externaldata(line:string)["${T}"] with (format="txt") | extend n = strlen(line)`);
    expect(r.rows).toEqual([
      ['alpha', 5],
      ['beta', 4],
      ['  ', 2],
      ['gamma', 5],
    ]);
  });

  it('raw: the whole content is one string value', async () => {
    const r = await run(`externaldata(content:string)["${T}"] with (format="raw") | extend lines = array_length(split(content, "\\n"))`);
    expect(r.rows).toEqual([['alpha\n\nbeta\r\n\r\n  \ngamma\n\n', 8]]);
  });

  it('txt and raw with more than one column are HB150', async () => {
    for (const f of ['txt', 'raw']) {
      const o = await outcome(`externaldata(a:string, b:string)["${T}"] with (format="${f}")`);
      expect(o.ok).toBe(false);
      if (!o.ok) expect(o.error.code).toBe('HB150');
    }
  });
});
