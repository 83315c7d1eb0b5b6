/**
 * The lab's geo-IP database: the side table GeoIpLocations, which `geo_info_from_ip_address()`
 * answers from (kql/sql/families/ip.ts). Kusto's function reads MaxMind's GeoLite2 data, which
 * knows nothing of the documentation ranges the lab's internet lives in, so the lab brings its
 * own: one row per network (CIDR, as GeoLite2's blocks are), with the country, state (subdivision),
 * city and coordinates the function returns.
 *
 * What it covers: every address of the address plan (addresses.ts: the hostile internet, Contoso's
 * own public addresses, the rest of the internet), and the few public networks outside the plan
 * the generators write (Azure and Microsoft 365 service addresses; the partners' hosts the lab
 * keeps in 198.18.0.0/18). Private, loopback and other reserved addresses have no row, as in a
 * real geo-IP database; the function refuses them row by row (its page does not say what Kusto
 * returns for an address without data).
 *
 * Where a location comes from: the block's own (Contoso's addresses are the Amsterdam office's,
 * consumer broadband is Rotterdam's, the business trips' networks Dublin's and Munich's, each
 * password-spray source the city the sign-in logs give it), else one of a few cities picked by a
 * hash of the address's run of eight (hosting and web networks spread over the world; no random
 * stream is drawn). Then the lab's own statements win: an address whose interactive or
 * service-principal sign-ins (SigninLogs, AADServicePrincipalSignInLogs, both kept in memory)
 * state another city takes that city, the one most of its sign-ins give. A sign-in location is
 * Entra ID's geo-IP answer for the address, so the two agree by construction
 * (test/lab/geoip.test.ts checks the datasets).
 */
import { ALLOCATION, type Block } from './addresses.ts';
import type { Sinks } from './world.ts';

/** A place: country name (as GeoLite2 spells it in English), the lab's ISO code, state, city, coordinates. */
export interface Place {
  country: string;
  code: string;
  state: string;
  city: string;
  lat: number;
  lon: number;
}

const place = (code: string, country: string, state: string, city: string, lat: number, lon: number): Place => ({ code, country, state, city, lat, lon });

/**
 * The cities. Those the lab's tables already name keep the lab's spelling of the state and the
 * lab's coordinates (sign-in logs compare equal); the others are the cities' centres.
 */
const CITIES = {
  amsterdam: place('NL', 'Netherlands', 'Noord-Holland', 'Amsterdam', 52.37, 4.9),
  rotterdam: place('NL', 'Netherlands', 'Zuid-Holland', 'Rotterdam', 51.92, 4.48),
  dublin: place('IE', 'Ireland', 'Leinster', 'Dublin', 53.35, -6.26),
  munich: place('DE', 'Germany', 'Bavaria', 'Munich', 48.14, 11.58),
  frankfurt: place('DE', 'Germany', 'Hessen', 'Frankfurt am Main', 50.11, 8.68),
  nuremberg: place('DE', 'Germany', 'Bavaria', 'Nuremberg', 49.45, 11.08),
  ashburn: place('US', 'United States', 'Virginia', 'Ashburn', 39.04, -77.49),
  boydton: place('US', 'United States', 'Virginia', 'Boydton', 36.67, -78.39),
  redmond: place('US', 'United States', 'Washington', 'Redmond', 47.67, -122.12),
  losAngeles: place('US', 'United States', 'California', 'Los Angeles', 34.05, -118.24),
  chicago: place('US', 'United States', 'Illinois', 'Chicago', 41.88, -87.63),
  dallas: place('US', 'United States', 'Texas', 'Dallas', 32.78, -96.8),
  saoPaulo: place('BR', 'Brazil', 'Sao Paulo', 'Sao Paulo', -23.55, -46.63),
  hanoi: place('VN', 'Vietnam', 'Hanoi', 'Hanoi', 21.03, 105.85),
  lagos: place('NG', 'Nigeria', 'Lagos', 'Lagos', 6.52, 3.38),
  bucharest: place('RO', 'Romania', 'Bucuresti', 'Bucharest', 44.43, 26.1),
  lisbon: place('PT', 'Portugal', 'Lisboa', 'Lisbon', 38.72, -9.14),
  moscow: place('RU', 'Russia', 'Moscow', 'Moscow', 55.76, 37.62),
  seoul: place('KR', 'South Korea', 'Seoul', 'Seoul', 37.57, 126.98),
  tokyo: place('JP', 'Japan', 'Tokyo', 'Tokyo', 35.69, 139.69),
  mumbai: place('IN', 'India', 'Maharashtra', 'Mumbai', 19.08, 72.88),
  warsaw: place('PL', 'Poland', 'Mazovia', 'Warsaw', 52.23, 21.01),
  london: place('GB', 'United Kingdom', 'England', 'London', 51.51, -0.13),
  paris: place('FR', 'France', 'Ile-de-France', 'Paris', 48.86, 2.35),
  brussels: place('BE', 'Belgium', 'Brussels Capital', 'Brussels', 50.85, 4.35),
  stockholm: place('SE', 'Sweden', 'Stockholm', 'Stockholm', 59.33, 18.07),
  milan: place('IT', 'Italy', 'Lombardy', 'Milan', 45.46, 9.19),
  madrid: place('ES', 'Spain', 'Madrid', 'Madrid', 40.42, -3.7),
} as const;

const C = CITIES;

/** Hosting networks of the hostile internet (scanners, relays, attackers' servers). */
const HOSTING: readonly Place[] = [C.ashburn, C.frankfurt, C.moscow, C.seoul, C.losAngeles, C.saoPaulo, C.bucharest, C.hanoi, C.tokyo, C.mumbai, C.dallas, C.warsaw, C.amsterdam];
/** Web sites and cloud services. */
const WEB: readonly Place[] = [C.amsterdam, C.dublin, C.frankfurt, C.ashburn, C.losAngeles, C.london, C.paris, C.stockholm];
/** Partners' and vendors' mail servers and hosts. */
const BUSINESS: readonly Place[] = [C.london, C.paris, C.brussels, C.stockholm, C.milan, C.madrid, C.chicago, C.munich, C.dublin, C.warsaw];

/** Single addresses whose place the lab states (the password-spray sources: sentinel-estate.ts). */
const PINNED: Record<string, Place> = {
  '192.0.2.14': C.frankfurt,
  '192.0.2.23': C.dublin,
  '192.0.2.47': C.munich,
  '192.0.2.61': C.ashburn,
  '192.0.2.62': C.saoPaulo,
  '192.0.2.88': C.hanoi,
  '192.0.2.93': C.lagos,
  '192.0.2.104': C.frankfurt,
  '192.0.2.117': C.bucharest,
  '198.51.100.250': C.nuremberg,
  '203.0.113.88': C.rotterdam,
};

/**
 * Public networks outside the address plan that the generators write: Microsoft's service
 * addresses (Azure West Europe, where the lab's subscription runs; Entra ID's sign-in endpoints;
 * Microsoft 365) and the partners' hosts in 198.18.0.0/18 (partner mail in EmailEvents, the
 * partners' SFTP logins in Syslog), one /24 each.
 */
const OUTSIDE: readonly [string, Place][] = [
  ['13.107.0.0/16', C.redmond],
  ['20.38.85.0/24', C.amsterdam],
  ['20.50.2.0/24', C.amsterdam],
  ['20.61.15.0/24', C.amsterdam],
  ['20.105.232.0/24', C.amsterdam],
  ['20.190.128.0/18', C.boydton],
  ['40.76.12.0/24', C.boydton],
  ['168.63.129.16/32', C.amsterdam],
  ...Array.from({ length: 64 }, (_, k): [string, Place] => [`198.18.${k}.0/24`, pick(BUSINESS, `198.18.${k}`)]),
];

/** FNV-1a of a text: picks a place without drawing from any random stream. */
function pick(xs: readonly Place[], key: string): Place {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return xs[h % xs.length];
}

/** The place of an address of the plan, before the sign-in logs are read. */
function planPlace(b: Block, ip: string): Place {
  const pinned = PINNED[ip];
  if (pinned) return pinned;
  const run = `${b.net}.${Number(ip.slice(b.net.length + 1)) >> 3}`;
  if (b.kind === 'contoso') return C.amsterdam;
  if (b.id === 'homes') return C.rotterdam;
  if (b.kind === 'hostile') return pick(HOSTING, run);
  if (b.id === 'mail-partners') return pick(BUSINESS, run);
  return pick(WEB, run);
}

const num = (ip: string): number => ip.split('.').reduce((a, x) => a * 256 + Number(x), 0);
const text = (n: number): string => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');

/** The fewest CIDR networks covering [lo, hi] exactly. */
export function cidrsOf(lo: number, hi: number): string[] {
  const out: string[] = [];
  while (lo <= hi) {
    let size = 1;
    while (lo % (size * 2) === 0 && lo + size * 2 - 1 <= hi) size *= 2;
    out.push(`${text(lo)}/${32 - Math.log2(size)}`);
    lo += size;
  }
  return out;
}

/** The first and last address (as numbers) of a CIDR network. */
export function rangeOf(cidr: string): [number, number] {
  const [a, p] = cidr.split('/');
  const lo = num(a);
  return [lo, lo + 2 ** (32 - Number(p)) - 1];
}

/** What a sign-in row says of its address's place: the most common (country, state, city) wins. */
function statedPlaces(sinks: Sinks): Map<string, Place> {
  const votes = new Map<string, Map<string, { n: number; p: Place }>>();
  for (const name of ['SigninLogs', 'AADServicePrincipalSignInLogs']) {
    const s = (sinks as Partial<Sinks>)[name];
    if (!s) continue;
    for (let j = 0; j < s.length; j++) {
      const ip = String(s.get(j, 'IPAddress') ?? '');
      const d = s.get(j, 'LocationDetails') as { city?: string; state?: string; countryOrRegion?: string; geoCoordinates?: { latitude?: number; longitude?: number } } | undefined;
      if (!ip || !d?.countryOrRegion || !d.city) continue;
      const known = Object.values(CITIES).find((c) => c.code === d.countryOrRegion && c.city === d.city && c.state === d.state);
      if (!known) throw new Error(`geoip: ${name} states ${d.city}, ${d.state}, ${d.countryOrRegion} for ${ip}: add the city to lab/geoip.ts CITIES`);
      const lat = d.geoCoordinates?.latitude;
      const lon = d.geoCoordinates?.longitude;
      if ((lat !== undefined && lat !== known.lat) || (lon !== undefined && lon !== known.lon))
        throw new Error(`geoip: ${name} places ${d.city} at ${lat}, ${lon}, CITIES at ${known.lat}, ${known.lon}`);
      let m = votes.get(ip);
      if (!m) votes.set(ip, (m = new Map()));
      const k = `${known.code}|${known.state}|${known.city}`;
      const v = m.get(k);
      if (v) v.n++;
      else m.set(k, { n: 1, p: known });
    }
  }
  const out = new Map<string, Place>();
  for (const [ip, m] of votes) {
    const best = [...m.entries()].sort((a, b) => b[1].n - a[1].n || (a[0] < b[0] ? -1 : 1))[0];
    out.set(ip, best[1].p);
  }
  return out;
}

export interface GeoIpRow {
  Network: string;
  Country: string;
  State: string;
  City: string;
  Latitude: number;
  Longitude: number;
}

/** The rows of GeoIpLocations, ordered by address; `stated` are the sign-in logs' places. */
export function geoIpRows(stated: Map<string, Place> = new Map()): GeoIpRow[] {
  const placed: [number, number, Place][] = [];
  for (const b of ALLOCATION) {
    for (const [a, z] of b.ranges) {
      for (let h = a; h <= z; h++) {
        const ip = `${b.net}.${h}`;
        placed.push([num(ip), num(ip), stated.get(ip) ?? planPlace(b, ip)]);
      }
    }
  }
  for (const [cidr, p] of OUTSIDE) {
    const [lo, hi] = rangeOf(cidr);
    for (const [ip, q] of stated) {
      const n = num(ip);
      if (n >= lo && n <= hi && q !== p) throw new Error(`geoip: the sign-in logs place ${ip} in ${q.city}, lab/geoip.ts in ${p.city}`);
    }
    placed.push([lo, hi, p]);
  }
  placed.sort((x, y) => x[0] - y[0]);
  // neighbouring addresses of one place become one range, then its CIDR networks
  const runs: [number, number, Place][] = [];
  for (const r of placed) {
    const last = runs[runs.length - 1];
    if (last && last[2] === r[2] && last[1] + 1 === r[0]) last[1] = r[1];
    else runs.push([...r]);
  }
  return runs.flatMap(([lo, hi, p]) =>
    cidrsOf(lo, hi).map((Network) => ({ Network, Country: p.country, State: p.state, City: p.city, Latitude: p.lat, Longitude: p.lon })),
  );
}

/** Writes GeoIpLocations (after every sign-in row: it reads them). */
export function writeGeoIpLocations(sinks: Sinks): void {
  const sink = (sinks as Partial<Sinks>).GeoIpLocations;
  if (!sink) return;
  for (const row of geoIpRows(statedPlaces(sinks))) sink.add({ ...row });
}

/** The side table's definition (lab/schema.ts lists it with the other side tables). */
export const GEO_IP_TABLE = {
  name: 'GeoIpLocations',
  description:
    "Side table: the lab's geo-IP database, what geo_info_from_ip_address() answers: one row per network (CIDR) of the public addresses the lab's data holds, with the place the sign-in logs give them. Private and reserved addresses have no row.",
  columns: [
    ['Network', 'string', 'IPv4 network in CIDR notation (key; networks do not overlap)'],
    ['Country', 'string', 'country name (geo_info_from_ip_address().country)'],
    ['State', 'string', 'state or other subdivision (.state)'],
    ['City', 'string', 'city (.city)'],
    ['Latitude', 'real', 'latitude of the city (.latitude)'],
    ['Longitude', 'real', 'longitude of the city (.longitude)'],
  ] as [string, 'string' | 'real', string][],
};
