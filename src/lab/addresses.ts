/**
 * One allocation of the documentation address ranges (RFC 5737: 192.0.2.0/24, 198.51.100.0/24,
 * 203.0.113.0/24) for every lab generator. Each public address the lab writes comes from exactly one
 * block below, so that an address means one thing across the datasets: a benign web site never
 * answers on an address the threat-intelligence feed lists as a scanner, a partner's mail server
 * never sends from a spray source, a home router is never also a web site.
 *
 * The layout, by network:
 * - 192.0.2.0/24: the hostile internet (scanners, password-spray hosting, attackers, campaign mail)
 *   and the two foreign networks business travellers use (kept there since the estate first had them).
 * - 198.51.100.0/24: Contoso's own public addresses, each kind in its own block: the perimeter
 *   firewall's NAT, the offices' egress, the devices' own public addresses, the service gateways
 *   (and the scenario's pinned Device A and personal laptop); one Tor exit node the feed lists.
 * - 203.0.113.0/24: the rest of the internet: web sites, partners' and vendors' mail servers,
 *   consumer broadband at home, the iPhone's carrier, and the scenarios' attacker servers.
 *
 * The scenario's pinned addresses (reference/scenario.md: Device A 198.51.100.23, the personal
 * laptop 198.51.100.77, the C2 203.0.113.45, the phishing relay 192.0.2.25) and the other scenarios'
 * attacker addresses are single-address blocks; ranges around them leave them out.
 * `listed` marks the blocks the lab's threat-intelligence feed draws its network indicators from:
 * no other block's address is ever in the feed (test/lab/addresses.test.ts checks the datasets).
 */
import type { Rng } from './rng.ts';

export type Net = '192.0.2' | '198.51.100' | '203.0.113';

export interface Block {
  id: string;
  net: Net;
  /** Inclusive [first, last] host numbers. */
  ranges: readonly (readonly [number, number])[];
  /** Who is there, from the estate's point of view. */
  kind: 'hostile' | 'benign' | 'contoso';
  /** The threat-intelligence feed may list addresses of this block. */
  listed: boolean;
  what: string;
}

const one = (x: number) => [[x, x]] as const;

export const ALLOCATION: readonly Block[] = [
  // --- 192.0.2.0/24: the hostile internet ---
  { id: 'scanners', net: '192.0.2', ranges: [[2, 13], [15, 22], [24, 24], [26, 30], [32, 46], [48, 58]], kind: 'hostile', listed: true, what: 'mass scanners knocking on the SFTP server and the firewall; the feed lists some of them' },
  { id: 'golden-saml-attacker', net: '192.0.2', ranges: one(14), kind: 'hostile', listed: false, what: 'golden-saml: the attacker\'s sign-in address' },
  { id: 'trip-dublin', net: '192.0.2', ranges: one(23), kind: 'benign', listed: false, what: 'a trade fair\'s network in Dublin (business trip)' },
  { id: 'lab-phish-relay', net: '192.0.2', ranges: one(25), kind: 'hostile', listed: false, what: 'lab: relay of the invoice phish (scenario.md)' },
  { id: 'golden-saml-drop', net: '192.0.2', ranges: one(31), kind: 'hostile', listed: false, what: 'golden-saml: paste.drop-relay.example' },
  { id: 'trip-munich', net: '192.0.2', ranges: one(47), kind: 'benign', listed: false, what: 'a partner\'s office network in Munich (business trip)' },
  { id: 'spray-sources', net: '192.0.2', ranges: [[61, 62], [88, 88], [93, 93], [104, 104], [117, 117]], kind: 'hostile', listed: true, what: 'hosting networks password sprays come from' },
  { id: 'ransomware-relay', net: '192.0.2', ranges: one(77), kind: 'hostile', listed: false, what: 'ransomware: relay of the payroll lure' },
  { id: 'feed-only-scanners', net: '192.0.2', ranges: [[130, 159]], kind: 'hostile', listed: true, what: 'scanners the feed lists that the tenant never sees' },
  { id: 'malspam-senders', net: '192.0.2', ranges: [[160, 199]], kind: 'hostile', listed: false, what: 'senders of blocked malware mail' },
  { id: 'feed-scanner', net: '192.0.2', ranges: one(201), kind: 'hostile', listed: true, what: 'a scanner indicator of the Sentinel TI feed' },
  { id: 'campaign-relays', net: '192.0.2', ranges: [[202, 250]], kind: 'hostile', listed: false, what: 'relays of phishing, malware, spam and bulk mail campaigns' },
  // --- 198.51.100.0/24: Contoso ---
  { id: 'firewall-nat', net: '198.51.100', ranges: one(2), kind: 'contoso', listed: false, what: 'the perimeter firewall\'s NAT address: servers\' outbound traffic, the target of inbound scans' },
  { id: 'lab-device-a', net: '198.51.100', ranges: one(23), kind: 'contoso', listed: false, what: 'lab: Device A\'s public address (scenario.md)' },
  { id: 'offices', net: '198.51.100', ranges: [[30, 40]], kind: 'contoso', listed: false, what: 'the offices\' egress: people working at the office (sign-ins, admin portals, mail clients); .40 the Amsterdam office, where the scenarios\' office machines sit and the printer sends its scans from' },
  { id: 'devices', net: '198.51.100', ranges: [[41, 76], [78, 199]], kind: 'contoso', listed: false, what: 'the background devices\' own public addresses (DeviceInfo PublicIP; their cloud sign-ins and connections), one per device' },
  { id: 'lab-personal-laptop', net: '198.51.100', ranges: one(77), kind: 'contoso', listed: false, what: 'lab: the personal laptop through the WAP (scenario.md)' },
  { id: 'service-gateways', net: '198.51.100', ranges: [[200, 201]], kind: 'contoso', listed: false, what: 'on-premises service gateways: the Microsoft 365 backup appliance .200, the Power BI gateway .201' },
  { id: 'tor-exit', net: '198.51.100', ranges: one(250), kind: 'hostile', listed: true, what: 'a Tor exit node the feed lists' },
  // --- 203.0.113.0/24: the rest of the internet ---
  { id: 'app01-published', net: '203.0.113', ranges: one(10), kind: 'contoso', listed: false, what: 'app01\'s published address' },
  { id: 'mail-partners', net: '203.0.113', ranges: [[11, 22], [24, 44], [46, 60]], kind: 'benign', listed: false, what: 'partners\' and vendors\' mail servers' },
  { id: 'golden-saml-staging', net: '203.0.113', ranges: one(23), kind: 'hostile', listed: false, what: 'golden-saml: files.tailwind-share.example' },
  { id: 'lab-c2', net: '203.0.113', ranges: one(45), kind: 'hostile', listed: true, what: 'lab: the C2 updates.fabrikam-cdn.example (scenario.md)' },
  { id: 'ransomware-payload', net: '203.0.113', ranges: one(66), kind: 'hostile', listed: false, what: 'ransomware: cdn.northwind-updates.example' },
  { id: 'lab-iphone-carrier', net: '203.0.113', ranges: one(88), kind: 'benign', listed: false, what: 'lab: the iPhone\'s mobile carrier' },
  { id: 'homes', net: '203.0.113', ranges: [[100, 200]], kind: 'benign', listed: false, what: 'consumer broadband: users at home' },
  { id: 'web', net: '203.0.113', ranges: [[61, 65], [67, 87], [89, 99], [201, 254]], kind: 'benign', listed: false, what: 'web sites and cloud services, by a hash of the host name' },
];

const BY_ID = new Map(ALLOCATION.map((b) => [b.id, b]));
const LISTS = new Map<string, readonly string[]>();

/** Every address of a block, in order. */
export function addressesOf(id: string): readonly string[] {
  let xs = LISTS.get(id);
  if (!xs) {
    const b = BY_ID.get(id);
    if (!b) throw new Error(`no address block ${id}`);
    xs = b.ranges.flatMap(([a, z]) => Array.from({ length: z - a + 1 }, (_, i) => `${b.net}.${a + i}`));
    LISTS.set(id, xs);
  }
  return xs;
}

/** The only address of a single-address block. */
export function addressOf(id: string): string {
  const xs = addressesOf(id);
  if (xs.length !== 1) throw new Error(`address block ${id} has ${xs.length} addresses`);
  return xs[0];
}

/** A random address of a block (one draw of `r`). */
export const pickAddress = (r: Rng, id: string): string => r.pick(addressesOf(id));

/** The block an address belongs to, if it is in the documentation ranges. */
export function blockOf(ip: string): Block | undefined {
  const m = /^(\d+\.\d+\.\d+)\.(\d+)$/.exec(ip);
  if (!m) return undefined;
  const host = Number(m[2]);
  return ALLOCATION.find((b) => b.net === m[1] && b.ranges.some(([a, z]) => host >= a && host <= z));
}

export const isIn = (id: string, ip: string): boolean => blockOf(ip)?.id === id;

/** A web host's address: a hash of the name into the web block (hosts may share an address, as on CDNs). */
export function webAddress(host: string): string {
  let h = 0;
  for (let i = 0; i < host.length; i++) h = (h * 31 + host.charCodeAt(i)) >>> 0;
  const xs = addressesOf('web');
  return xs[h % xs.length];
}
