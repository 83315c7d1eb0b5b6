/** Background users and devices (deterministic from the seed). */
import { addressesOf } from './addresses.ts';
import { guidOf, type Rng } from './rng.ts';
import type { DeviceDef, UserDef } from './model.ts';
import { DOMAIN_SID } from './model.ts';

const FIRST = ['Morgan', 'Casey', 'Taylor', 'Riley', 'Jamie', 'Avery', 'Quinn', 'Parker', 'Rowan', 'Sasha', 'Noor', 'Mateo', 'Priya', 'Lena', 'Omar', 'Yuki', 'Diego', 'Ines', 'Tomas', 'Hana', 'Kofi', 'Elif', 'Bruno', 'Mei', 'Arjun', 'Zara', 'Felix', 'Amara', 'Jonas', 'Leila'];
const LAST = ['Chen', 'Garcia', 'Okafor', 'Novak', 'Silva', 'Kim', 'Patel', 'Murphy', 'Rossi', 'Schmidt', 'Haddad', 'Tanaka', 'Dubois', 'Larsen', 'Mensah', 'Costa', 'Nguyen', 'Kowalski', 'Ibrahim', 'Berg', 'Moreau', 'Singh', 'Walsh', 'Ortiz', 'Fischer', 'Sato', 'Ali', 'Brooks', 'Jensen', 'Reyes'];
const DEPTS = [
  ['Finance', 'Financial Analyst'],
  ['Sales', 'Account Executive'],
  ['Engineering', 'Software Engineer'],
  ['IT', 'Systems Administrator'],
  ['HR', 'HR Generalist'],
  ['Marketing', 'Marketing Specialist'],
  ['Legal', 'Paralegal'],
  ['Operations', 'Operations Coordinator'],
] as const;

/** Windows derives an Entra account's SID from its object id: S-1-12-1-<four little-endian uint32 of the GUID bytes>. */
export function cloudSidOf(objectId: string): string {
  const h = objectId.replace(/-/g, '');
  const bytes: number[] = [];
  // GUID byte order: Data1 (LE 4), Data2 (LE 2), Data3 (LE 2), Data4 (8 bytes as written)
  const d1 = h.slice(0, 8);
  const d2 = h.slice(8, 12);
  const d3 = h.slice(12, 16);
  const d4 = h.slice(16);
  for (let i = 6; i >= 0; i -= 2) bytes.push(Number.parseInt(d1.slice(i, i + 2), 16));
  for (let i = 2; i >= 0; i -= 2) bytes.push(Number.parseInt(d2.slice(i, i + 2), 16));
  for (let i = 2; i >= 0; i -= 2) bytes.push(Number.parseInt(d3.slice(i, i + 2), 16));
  for (let i = 0; i < 16; i += 2) bytes.push(Number.parseInt(d4.slice(i, i + 2), 16));
  const u = (o: number) => (bytes[o] | (bytes[o + 1] << 8) | (bytes[o + 2] << 16) | (bytes[o + 3] << 24)) >>> 0;
  return `S-1-12-1-${u(0)}-${u(4)}-${u(8)}-${u(12)}`;
}

export function makeUsers(rng: Rng, n: number): UserDef[] {
  const used = new Set<string>(['alex.rivera', 'jordan.lee']);
  const out: UserDef[] = [];
  for (let i = 0; out.length < n; i++) {
    const f = rng.pick(FIRST);
    const l = rng.pick(LAST);
    let name = `${f}.${l}`.toLowerCase();
    if (used.has(name)) name = `${name}${i}`;
    used.add(name);
    const upn = `${name}@contoso.example`;
    const objectId = guidOf(`user:${upn}`);
    const [department, jobTitle] = rng.pick(DEPTS);
    out.push({
      key: `u${out.length}`,
      displayName: `${f} ${l}`,
      upn,
      objectId,
      cloudSid: cloudSidOf(objectId),
      accountName: name,
      onPremSid: `${DOMAIN_SID}-${2000 + out.length}`,
      department,
      jobTitle,
    });
  }
  return out;
}

/** The background devices' public addresses (src/lab/addresses.ts, block `devices`), in order; they repeat past its size. */
const DEVICE_ADDRESSES = addressesOf('devices');

export function makeDevices(rng: Rng, users: UserDef[]): DeviceDef[] {
  return users.map((u, i) => {
    const hybrid = rng.chance(0.3);
    const win11 = rng.chance(0.4);
    const base = `${win11 ? 'win11' : 'win10'}-wks${String(i + 10).padStart(3, '0')}`;
    const name = hybrid ? `${base}.corp.contoso.example` : base;
    return {
      key: `d${i}`,
      name,
      deviceId: guidOf(`mde:${name}`).replace(/-/g, '') + guidOf(`mde2:${name}`).slice(0, 8),
      aadDeviceId: guidOf(`aad:${name}`),
      localIp: hybrid ? `10.20.${1 + (i >> 8)}.${(i % 250) + 2}` : `10.0.${1 + (i >> 8)}.${(i % 250) + 2}`,
      publicIp: DEVICE_ADDRESSES[i % DEVICE_ADDRESSES.length],
      joinType: hybrid ? 'Hybrid Azure AD Join' : 'AAD Joined',
      user: u.key,
      osPlatform: win11 ? 'Windows11' : 'Windows10',
      osBuild: win11 ? 22631 : 19045,
      osVersionInfo: win11 ? '23H2' : '22H2',
      model: rng.pick(['Latitude 5440', 'EliteBook 840 G10', 'ThinkPad T14 Gen 4', 'Surface Laptop 5']),
      vendor: '',
    } satisfies DeviceDef;
  }).map((d) => ({
    ...d,
    vendor: d.model.startsWith('Latitude') ? 'Dell Inc.' : d.model.startsWith('Elite') ? 'HP' : d.model.startsWith('Think') ? 'LENOVO' : 'Microsoft Corporation',
  }));
}
