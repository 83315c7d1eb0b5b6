/**
 * Hash routes of the investigation views, parsed and validated here (DOM-free):
 *   #/file/<sha1|sha256|md5>   #/device/<DeviceId or DeviceName>[?at=<ISO>&m=<minutes>]
 *   #/alert/<AlertId>   #/process/<DeviceId>/<ProcessId>/<ProcessCreationTime ISO>
 *   #/signin/<CorrelationId>   #/identity/<UPN>   #/graph/<AlertId> (incident graph)
 * Anything that does not match its pattern is rejected with a message, never passed on to a query.
 */
import { isoTime } from './kql.ts';

export type Route =
  | { kind: 'file'; hash: string }
  | { kind: 'device'; device: string; at?: string; minutes?: number }
  | { kind: 'alert'; alertId: string }
  | { kind: 'process'; deviceId: string; processId: number; creationTime: string }
  | { kind: 'signin'; correlationId: string }
  | { kind: 'identity'; upn: string }
  | { kind: 'graph'; alertId: string };

export type RouteResult = { ok: true; route: Route } | { ok: false; error: string };

export const HASH_RE = /^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64})$/i;
export const DEVICE_ID_RE = /^[0-9a-f]{40}$/i;
export const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Defender alert ids: `da638512766351234561_-1893421570`, `ed…`, GUID-like… */
export const ALERT_ID_RE = /^[A-Za-z0-9][A-Za-z0-9_.:-]{2,99}$/;
/** Host names and display names: letters, digits, dot, dash, underscore, space, apostrophe. */
export const DEVICE_NAME_RE = /^[\p{L}\p{N}][\p{L}\p{N}._' -]{0,99}$/u;
export const UPN_RE = /^[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9.-]{1,190}$/;

export function hashKind(h: string): 'MD5' | 'SHA1' | 'SHA256' {
  return h.length === 32 ? 'MD5' : h.length === 40 ? 'SHA1' : 'SHA256';
}

function dec(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

/** Parses `#/kind/...`; returns null when the hash is not an investigation route at all. */
export function parseRoute(hash: string): RouteResult | null {
  const m = /^#\/(file|device|alert|process|signin|identity|graph)(?:\/(.*))?$/.exec(hash);
  if (!m) return null;
  const kind = m[1] as Route['kind'];
  const [pathPart, query = ''] = (m[2] ?? '').split('?', 2);
  const parts = pathPart.split('/').map(dec);
  if (parts.some((p) => p === null)) return { ok: false, error: 'The address is not valid URL encoding.' };
  const p = parts as string[];
  const bad = (what: string, v: string) => ({ ok: false as const, error: `“${v.slice(0, 120)}” is not ${what}.` });
  switch (kind) {
    case 'file': {
      const h = (p[0] ?? '').trim();
      return HASH_RE.test(h) ? { ok: true, route: { kind, hash: h.toLowerCase() } } : bad('a SHA1, SHA256 or MD5 hash (hex)', h);
    }
    case 'device': {
      const d = (p[0] ?? '').trim();
      if (!DEVICE_ID_RE.test(d) && !DEVICE_NAME_RE.test(d)) return bad('a DeviceId or a device name', d);
      const qs = new URLSearchParams(query);
      const route: Route = { kind, device: DEVICE_ID_RE.test(d) ? d.toLowerCase() : d };
      const at = qs.get('at');
      if (at) {
        try {
          route.at = isoTime(at);
        } catch {
          return bad('an ISO-8601 UTC time', at);
        }
        const mins = Number(qs.get('m') ?? '5');
        route.minutes = Number.isInteger(mins) && mins > 0 && mins <= 24 * 60 ? mins : 5;
      }
      return { ok: true, route };
    }
    case 'alert':
    case 'graph': {
      const a = (p[0] ?? '').trim();
      return ALERT_ID_RE.test(a) ? { ok: true, route: { kind, alertId: a } } : bad('an AlertId', a);
    }
    case 'process': {
      const [d = '', pid = '', t = ''] = p;
      if (!DEVICE_ID_RE.test(d)) return bad('a DeviceId (40 hex digits)', d);
      if (!/^\d{1,10}$/.test(pid)) return bad('a ProcessId', pid);
      try {
        isoTime(t);
      } catch {
        return bad('a ProcessCreationTime (ISO-8601 UTC)', t);
      }
      return { ok: true, route: { kind, deviceId: d.toLowerCase(), processId: Number(pid), creationTime: t } };
    }
    case 'signin': {
      const c = (p[0] ?? '').trim();
      return GUID_RE.test(c) ? { ok: true, route: { kind, correlationId: c.toLowerCase() } } : bad('a CorrelationId (GUID)', c);
    }
    case 'identity': {
      const u = (p[0] ?? '').trim();
      return UPN_RE.test(u) ? { ok: true, route: { kind, upn: u } } : bad('a user principal name', u);
    }
  }
}

export function formatRoute(r: Route): string {
  const e = encodeURIComponent;
  switch (r.kind) {
    case 'file':
      return `#/file/${r.hash}`;
    case 'device':
      return `#/device/${e(r.device)}${r.at ? `?at=${e(r.at)}&m=${r.minutes ?? 5}` : ''}`;
    case 'alert':
      return `#/alert/${e(r.alertId)}`;
    case 'process':
      return `#/process/${r.deviceId}/${r.processId}/${e(r.creationTime)}`;
    case 'signin':
      return `#/signin/${r.correlationId}`;
    case 'identity':
      return `#/identity/${e(r.upn)}`;
    case 'graph':
      return `#/graph/${e(r.alertId)}`;
  }
}

/** The search box: guesses what was typed (a hash, a GUID, an alert id, a UPN, a device). */
export function routeForSearch(input: string): Route | null {
  const s = input.trim();
  if (!s) return null;
  if (HASH_RE.test(s) && !DEVICE_ID_RE.test(s)) return { kind: 'file', hash: s.toLowerCase() };
  // 40 hex digits are both a SHA1 and a DeviceId: the device page says "not found" with a
  // suggestion, so prefer the file page (hash lookups are the common case) unless asked.
  if (DEVICE_ID_RE.test(s)) return { kind: 'file', hash: s.toLowerCase() };
  if (GUID_RE.test(s)) return { kind: 'signin', correlationId: s.toLowerCase() };
  if (UPN_RE.test(s)) return { kind: 'identity', upn: s };
  if (/^(da|ed|fa|ar|aa)[0-9]{6,}_-?[0-9]+$/i.test(s)) return { kind: 'alert', alertId: s };
  const r = parseRoute(s.startsWith('#/') ? s : '');
  if (r?.ok) return r.route;
  if (DEVICE_NAME_RE.test(s)) return { kind: 'device', device: s };
  return null;
}

/** Which views a grid cell links to, by column name and value (right-click "Open …"). */
export function routesForCell(columns: string[], row: readonly unknown[], col: number): { label: string; route: Route }[] {
  const column = columns[col];
  const value = row[col];
  const out: { label: string; route: Route }[] = [];
  const cell = (name: string) => {
    const i = columns.indexOf(name);
    return i >= 0 ? row[i] : undefined;
  };
  if ((column === 'ProcessId' || column === 'InitiatingProcessId') && typeof value === 'number') {
    const dev = cell('DeviceId');
    const t = cell(column === 'ProcessId' ? 'ProcessCreationTime' : 'InitiatingProcessCreationTime');
    if (typeof dev === 'string' && DEVICE_ID_RE.test(dev) && typeof t === 'string' && t) {
      out.push({ label: 'Open process tree', route: { kind: 'process', deviceId: dev.toLowerCase(), processId: value, creationTime: t } });
    }
  }
  if (typeof value !== 'string' || !value) return out;
  const v = value.trim();
  if (/(^|Process)(SHA1|SHA256|MD5)$/.test(column) && HASH_RE.test(v)) out.push({ label: 'Open file page', route: { kind: 'file', hash: v.toLowerCase() } });
  if ((column === 'DeviceId' || column === 'MachineId') && DEVICE_ID_RE.test(v)) out.push({ label: 'Open device page', route: { kind: 'device', device: v.toLowerCase() } });
  if ((column === 'DeviceName' || column === 'ComputerDnsName') && DEVICE_NAME_RE.test(v)) out.push({ label: 'Open device page', route: { kind: 'device', device: v } });
  if ((column === 'AlertId' || column === 'TriggerAlertId') && ALERT_ID_RE.test(v)) out.push({ label: 'Open alert story', route: { kind: 'alert', alertId: v } });
  if (column === 'CorrelationId' && GUID_RE.test(v)) out.push({ label: 'Why this sign-in? (chain)', route: { kind: 'signin', correlationId: v.toLowerCase() } });
  if ((column === 'AccountUpn' || column === 'UserPrincipalName') && UPN_RE.test(v)) out.push({ label: 'Open user sign-ins', route: { kind: 'identity', upn: v } });
  return out;
}
