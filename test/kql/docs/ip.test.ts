/** Documented examples of the IP functions (lower/families/ip.ts). */
import { runDocCases } from './doc-harness.ts';

const CMP_TABLE = `datatable(ip1_string:string, ip2_string:string)[
 '192.168.1.1', '192.168.1.1', '192.168.1.1/24', '192.168.1.255', '192.168.1.1', '192.168.1.255/24', '192.168.1.1/30', '192.168.1.255/24',
 'fe80::85d:e82c:9446:7994', 'fe80::85d:e82c:9446:7994', 'fe80::85d:e82c:9446:7994/120', 'fe80::85d:e82c:9446:7998',
 'fe80::85d:e82c:9446:7994', 'fe80::85d:e82c:9446:7998/120', 'fe80::85d:e82c:9446:7994/120', 'fe80::85d:e82c:9446:7998/120',
 '192.168.1.1', '::ffff:c0a8:0101', '192.168.1.1/24', '::ffff:c0a8:01ff', '::ffff:c0a8:0101', '192.168.1.255/24', '::192.168.1.1/30', '192.168.1.255/24']`;
const CMP_PAIRS = [
  ['192.168.1.1', '192.168.1.1'], ['192.168.1.1/24', '192.168.1.255'], ['192.168.1.1', '192.168.1.255/24'], ['192.168.1.1/30', '192.168.1.255/24'],
  ['fe80::85d:e82c:9446:7994', 'fe80::85d:e82c:9446:7994'], ['fe80::85d:e82c:9446:7994/120', 'fe80::85d:e82c:9446:7998'],
  ['fe80::85d:e82c:9446:7994', 'fe80::85d:e82c:9446:7998/120'], ['fe80::85d:e82c:9446:7994/120', 'fe80::85d:e82c:9446:7998/120'],
  ['192.168.1.1', '::ffff:c0a8:0101'], ['192.168.1.1/24', '::ffff:c0a8:01ff'], ['::ffff:c0a8:0101', '192.168.1.255/24'], ['::192.168.1.1/30', '192.168.1.255/24'],
];
const CMP3_TABLE = `datatable(ip1_string:string, ip2_string:string, prefix:long)[
 '192.168.1.1', '192.168.1.0', 31, '192.168.1.1/24', '192.168.1.255', 31, '192.168.1.1', '192.168.1.255', 24,
 'fe80::85d:e82c:9446:7994', 'fe80::85d:e82c:9446:7995', 127, 'fe80::85d:e82c:9446:7994/127', 'fe80::85d:e82c:9446:7998', 120,
 'fe80::85d:e82c:9446:7994/120', 'fe80::85d:e82c:9446:7998', 127, '192.168.1.1/24', '::ffff:c0a8:01ff', 127,
 '::ffff:c0a8:0101', '192.168.1.255', 120, '::192.168.1.1/30', '192.168.1.255/24', 127]`;
const CMP3_ROWS: [string, string, number][] = [
  ['192.168.1.1', '192.168.1.0', 31], ['192.168.1.1/24', '192.168.1.255', 31], ['192.168.1.1', '192.168.1.255', 24],
  ['fe80::85d:e82c:9446:7994', 'fe80::85d:e82c:9446:7995', 127], ['fe80::85d:e82c:9446:7994/127', 'fe80::85d:e82c:9446:7998', 120],
  ['fe80::85d:e82c:9446:7994/120', 'fe80::85d:e82c:9446:7998', 127], ['192.168.1.1/24', '::ffff:c0a8:01ff', 127],
  ['::ffff:c0a8:0101', '192.168.1.255', 120], ['::192.168.1.1/30', '192.168.1.255/24', 127],
];
const TEXT = '05:04:54 127.0.0.1 GET /favicon.ico 404';

runDocCases('ip', [
  {
    fn: 'parse_ipv6',
    page: 'parse-ipv6-function',
    kql: "datatable(ipv4: string)['192.168.255.255', '192.168.255.255/24', '255.255.255.255'] | extend ipv6 = parse_ipv6(ipv4)",
    rows: [
      ['192.168.255.255', '0000:0000:0000:0000:0000:ffff:c0a8:ffff'],
      ['192.168.255.255/24', '0000:0000:0000:0000:0000:ffff:c0a8:ff00'],
      ['255.255.255.255', '0000:0000:0000:0000:0000:ffff:ffff:ffff'],
    ],
  },
  // documented: an empty string when the text is not an address
  { fn: 'parse_ipv6', page: 'parse-ipv6-function', kql: "print parse_ipv6('not an ip'), parse_ipv6('1::2::3'), parse_ipv6('')", rows: [['', '', '']] },
  {
    fn: 'parse_ipv6_mask',
    page: 'parse-ipv6-mask-function',
    kql: `datatable(ip_string: string, netmask: long)['192.168.255.255', 120, '192.168.255.255/24', 124, '255.255.255.255', 128,
      'fe80::85d:e82c:9446:7994', 128, 'fe80::85d:e82c:9446:7994/120', 124, '::192.168.255.255', 128, '::192.168.255.255/24', 128]
      | extend ip6_canonical = parse_ipv6_mask(ip_string, netmask)`,
    rows: [
      ['192.168.255.255', 120, '0000:0000:0000:0000:0000:ffff:c0a8:ff00'],
      ['192.168.255.255/24', 124, '0000:0000:0000:0000:0000:ffff:c0a8:ff00'],
      ['255.255.255.255', 128, '0000:0000:0000:0000:0000:ffff:ffff:ffff'],
      ['fe80::85d:e82c:9446:7994', 128, 'fe80:0000:0000:0000:085d:e82c:9446:7994'],
      ['fe80::85d:e82c:9446:7994/120', 124, 'fe80:0000:0000:0000:085d:e82c:9446:7900'],
      ['::192.168.255.255', 128, '0000:0000:0000:0000:0000:ffff:c0a8:ffff'],
      ['::192.168.255.255/24', 128, '0000:0000:0000:0000:0000:ffff:c0a8:ff00'],
    ],
  },
  { fn: 'ipv6_compare', page: 'ipv6-compare-function', kql: `${CMP_TABLE} | extend result = ipv6_compare(ip1_string, ip2_string)`, rows: CMP_PAIRS.map(([a, b]) => [a, b, 0]) },
  { fn: 'ipv6_compare', page: 'ipv6-compare-function', kql: `${CMP3_TABLE} | extend result = ipv6_compare(ip1_string, ip2_string, prefix)`, rows: CMP3_ROWS.map((r) => [...r, 0]) },
  // documented: null when a text is not an address
  { fn: 'ipv6_compare', page: 'ipv6-compare-function', kql: "print ipv6_compare('fe80::1', 'nope'), ipv6_compare('fe80::1', 'fe80::2'), ipv6_compare('fe80::2', 'fe80::1')", rows: [[null, -1, 1]] },
  { fn: 'ipv6_is_match', page: 'ipv6-is-match-function', kql: `${CMP_TABLE} | extend result = ipv6_is_match(ip1_string, ip2_string)`, rows: CMP_PAIRS.map(([a, b]) => [a, b, true]) },
  { fn: 'ipv6_is_match', page: 'ipv6-is-match-function', kql: `${CMP3_TABLE} | extend result = ipv6_is_match(ip1_string, ip2_string, prefix)`, rows: CMP3_ROWS.map((r) => [...r, true]) },
  {
    fn: 'ipv6_is_in_range',
    page: 'ipv6-is-in-range-function',
    kql: `datatable(ip_address:string, ip_range:string)['a5e:f127:8a9d:146d:e102:b5d3:c755:abcd', 'a5e:f127:8a9d:146d:e102:b5d3:c755:0000/112',
      'a5e:f127:8a9d:146d:e102:b5d3:c755:abcd', 'a5e:f127:8a9d:146d:e102:b5d3:c755:abcd', 'a5e:f127:8a9d:146d:e102:b5d3:c755:abcd', '0:0:0:0:0:ffff:c0a8:ac/60']
      | extend result = ipv6_is_in_range(ip_address, ip_range)`,
    rows: [
      ['a5e:f127:8a9d:146d:e102:b5d3:c755:abcd', 'a5e:f127:8a9d:146d:e102:b5d3:c755:0000/112', true],
      ['a5e:f127:8a9d:146d:e102:b5d3:c755:abcd', 'a5e:f127:8a9d:146d:e102:b5d3:c755:abcd', true],
      ['a5e:f127:8a9d:146d:e102:b5d3:c755:abcd', '0:0:0:0:0:ffff:c0a8:ac/60', false],
    ],
  },
  {
    fn: 'ipv6_is_in_any_range',
    page: 'ipv6-is-in-any-range-function',
    kql: `print ipv6_is_in_any_range("a5e:f127:8a9d:146d:e102:b5d3:c755:f6cd", dynamic(["a5e:f127:8a9d:146d:e102:b5d3:c755:f6cd/112", "0:0:0:0:0:ffff:c0a8:ac/60"])),
      ipv6_is_in_any_range("a5e:f127:8a9d:146d:e102:b5d3:c755:f6cd", "a5e:f127:8a9d:146d:e102:b5d3:c755:f6cd/112", "0:0:0:0:0:ffff:c0a8:ac/60")`,
    rows: [[true, true]],
  },
  {
    fn: 'ipv6_is_in_any_range',
    page: 'ipv6-is-in-any-range-function',
    kql: 'print ipv6_is_in_any_range("a5e:f127:8a9d:146d:e102:b5d3:c755:f6cd", "a5e:f127:8a9d:146d:e102:b5d3:c755:f6cd/120", "0:0:0:0:0:ffff:c0a8:ac/60")',
    rows: [[false]],
    gap: 'the page answers false for an address inside its own /120 range, against its own range semantics (the /112 case is true); we answer true',
  },
  {
    fn: 'ipv6_is_in_any_range',
    page: 'ipv6-is-in-any-range-function',
    kql: `let LocalNetworks=dynamic(["a5e:f127:8a9d:146d:e102:b5d3:c755:f6cd/112", "0:0:0:0:0:ffff:c0a8:ac/60"]);
      datatable(IP:string)["a5e:f127:8a9d:146d:e102:b5d3:c755:abcd", "a5e:f127:8a9d:146d:e102:b5d3:c755:abce", "a5e:f127:8a9d:146d:e102:b5d3:c755:abcf", "a5e:f127:8a9d:146d:e102:b5d3:c756:abd1"]
      | extend IsLocal=ipv6_is_in_any_range(IP, LocalNetworks)`,
    rows: [
      ['a5e:f127:8a9d:146d:e102:b5d3:c755:abcd', true],
      ['a5e:f127:8a9d:146d:e102:b5d3:c755:abce', true],
      ['a5e:f127:8a9d:146d:e102:b5d3:c755:abcf', true],
      ['a5e:f127:8a9d:146d:e102:b5d3:c756:abd1', false],
    ],
  },
  {
    fn: 'ipv4_is_in_any_range',
    page: 'ipv4-is-in-any-range-function',
    kql: `print Result=ipv4_is_in_any_range('192.168.1.6', '192.168.1.1/24', '10.0.0.1/8', '127.1.0.1/16'), R2=ipv4_is_in_any_range("127.0.0.1", dynamic(["127.0.0.1", "192.168.1.1"]))`,
    rows: [[true, true]],
  },
  {
    fn: 'ipv4_is_in_any_range',
    page: 'ipv4-is-in-any-range-function',
    kql: `let LocalNetworks=dynamic(["192.168.1.1/16", "127.0.0.1/8", "10.0.0.1/8"]);
      datatable(IP:string)["10.1.2.3", "192.168.1.5", "123.1.11.21", "1.1.1.1"] | extend IsLocal=ipv4_is_in_any_range(IP, LocalNetworks)`,
    rows: [['10.1.2.3', true], ['192.168.1.5', true], ['123.1.11.21', false], ['1.1.1.1', false]],
  },
  {
    fn: 'has_ipv4',
    page: 'has-ipv4-function',
    kql: `print has_ipv4('${TEXT}', '127.0.0.1'), has_ipv4('05:04:54 127.0.0.256 GET /favicon.ico 404', '127.0.0.256'), has_ipv4('05:04:54127.0.0.1 GET /favicon.ico 404', '127.0.0.1')`,
    rows: [[true, false, false]],
  },
  {
    fn: 'has_ipv4_prefix',
    page: 'has-ipv4-prefix-function',
    kql: `print has_ipv4_prefix('${TEXT}', '127.0.'), has_ipv4_prefix('${TEXT}', '127.0'), has_ipv4_prefix('05:04:54 127.0.0.256 GET /favicon.ico 404', '127.0.'), has_ipv4_prefix('05:04:54127.0.0.1 GET /favicon.ico 404', '127.0.')`,
    rows: [[true, false, false, false]],
  },
  {
    fn: 'has_any_ipv4',
    page: 'has-any-ipv4-function',
    kql: `print has_any_ipv4('${TEXT}', '127.0.0.1', '127.0.0.2'), has_any_ipv4('05:04:54 127.0.0.256 GET /favicon.ico 404', dynamic(["127.0.0.256", "192.168.1.1"])), has_any_ipv4('05:04:54127.0.0.1 GET /favicon.ico 404', '127.0.0.1', '192.168.1.1')`,
    rows: [[true, false, false]],
  },
  {
    fn: 'has_any_ipv4_prefix',
    page: 'has-any-ipv4-prefix-function',
    kql: `print has_any_ipv4_prefix('${TEXT}', '127.0.', '192.168.'), has_any_ipv4_prefix('${TEXT}', dynamic(["127.0", "192.168."])), has_any_ipv4_prefix('05:04:54 127.0.0.256 GET /favicon.ico 404', '127.0.', '192.168.'), has_any_ipv4_prefix('05:04:54127.0.0.1 GET /favicon.ico 404', '127.0.', '192.')`,
    rows: [[true, false, false, false]],
  },
  // the documented delimiting examples: commas and spaces around addresses
  { fn: 'has_ipv4', page: 'has-ipv4-function', kql: "print has_ipv4('These requests came from: 192.168.1.1, 10.1.1.115 and 10.1.1.201', '10.1.1.115')", rows: [[true]] },
  { fn: 'has_ipv4', page: 'has-ipv4-function', kql: "print has_ipv4('version 1.2.3.4.5 here', '1.2.3.4')", error: 'HB162' },
  {
    fn: 'ipv4_netmask_suffix',
    page: 'ipv4-netmask-suffix-function',
    kql: "datatable(ip_string:string)['10.1.2.3', '192.168.1.1/24', '127.0.0.1/16'] | extend cidr_suffix = ipv4_netmask_suffix(ip_string)",
    rows: [['10.1.2.3', 32], ['192.168.1.1/24', 24], ['127.0.0.1/16', 16]],
  },
  {
    fn: 'ipv4_range_to_cidr_list',
    page: 'ipv4-range-to-cidr-list-function',
    kql: 'print start_IP="1.1.128.0", end_IP="1.1.140.255" | project ipv4_range_list = ipv4_range_to_cidr_list(start_IP, end_IP)',
    rows: [[['1.1.128.0/21', '1.1.136.0/22', '1.1.140.0/24']]],
  },
  {
    fn: 'format_ipv4',
    page: 'format-ipv4-function',
    kql: `datatable(address:string, mask:long)['192.168.1.1', 24, '192.168.1.1', 32, '192.168.1.1/24', 32, '192.168.1.1/24', long(-1)]
      | extend result = format_ipv4(address, mask), result_mask = format_ipv4_mask(address, mask)`,
    rows: [
      ['192.168.1.1', 24, '192.168.1.0', '192.168.1.0/24'],
      ['192.168.1.1', 32, '192.168.1.1', '192.168.1.1/32'],
      ['192.168.1.1/24', 32, '192.168.1.0', '192.168.1.0/24'],
      ['192.168.1.1/24', -1, '', ''],
    ],
  },
  // documented: the address may be a number in big-endian order; the prefix defaults to 32
  { fn: 'format_ipv4', page: 'format-ipv4-function', kql: 'print format_ipv4(3232235777), format_ipv4_mask(3232235777, 24), format_ipv4("10.1.2.3")', rows: [['192.168.1.1', '192.168.1.0/24', '10.1.2.3']] },
  // the page shows no output: 127.0.0.1 with its last 8 bits cleared is 127.0.0.0 = 2130706432
  { fn: 'parse_ipv4_mask', page: 'parse-ipv4-mask-function', kql: 'print parse_ipv4_mask("127.0.0.1", 24)', rows: [[2130706432]] },
]);
