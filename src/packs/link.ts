/**
 * Offline share links: the shared thing travels in the URL fragment (never sent to any server),
 * as `#v1/<base64url(deflate-raw(UTF-8 JSON))>`. The version is in the prefix so that a later
 * format can coexist; old `#q=<base64url(UTF-8 query)>` links keep opening. Decoding treats the
 * fragment as hostile: size caps before and after decompression, and a pack goes through the same
 * validation as a dropped file.
 */
import type { JsonValue, Pack } from './types.ts';
import { validatePack } from './validate.ts';

export const LINK_PREFIX = '#v1/';
/** Longest fragment we hand out: chat tools, mail clients and proxies mangle longer URLs. */
export const MAX_LINK_CHARS = 8000;
/** Longest fragment we read at all, and the most bytes it may inflate to. */
export const MAX_DECODE_CHARS = 200_000;
export const MAX_INFLATED_BYTES = 2_000_000;

export type ShareQuery = {
  kind: 'query';
  kql: string;
  title?: string;
  dataset?: string;
  now?: string;
  parameters?: Record<string, JsonValue>;
};
export type SharePack = { kind: 'pack'; pack: Pack; dataset?: string; now?: string };
export type SharePayload = ShareQuery | SharePack;

export type EncodeResult = { ok: true; hash: string } | { ok: false; reason: 'too-long'; length: number; limit: number };
export type DecodeResult = { ok: true; payload: SharePayload; version: 'v1' | 'legacy' } | { ok: false; error: string };

// ------------------------------------------------------------------ base64url (bytes, so any text)

export function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

export function fromBase64Url(s: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) throw new Error('not base64url');
  if (s.length % 4 === 1) throw new Error('truncated base64url');
  const b64 = s.replaceAll('-', '+').replaceAll('_', '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

// ------------------------------------------------------------------ deflate-raw (built in: browsers and Node ≥ 18)

async function pump(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array> {
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  while (true) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw new Error(`it inflates to more than ${limit.toLocaleString('en')} bytes`);
    }
    parts.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function through(bytes: Uint8Array, t: CompressionStream | DecompressionStream, limit: number): Promise<Uint8Array> {
  const writer = t.writable.getWriter();
  writer.write(bytes as Uint8Array<ArrayBuffer>).catch(() => {});
  writer.close().catch(() => {});
  return pump(t.readable as ReadableStream<Uint8Array>, limit);
}

export const deflateRaw = (bytes: Uint8Array): Promise<Uint8Array> => through(bytes, new CompressionStream('deflate-raw'), Number.MAX_SAFE_INTEGER);
export const inflateRaw = (bytes: Uint8Array, limit = MAX_INFLATED_BYTES): Promise<Uint8Array> => through(bytes, new DecompressionStream('deflate-raw'), limit);

// ------------------------------------------------------------------ payloads

const DATASET_RE = /^[A-Za-z0-9][\w.-]{0,63}$/;
const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:?\d{2})$/;
const MAX_KQL = 100_000;

/** Compact wire form: short keys (the JSON is compressed, but every byte of the fragment counts). */
function toWire(p: SharePayload): Record<string, JsonValue> {
  const w: Record<string, JsonValue> = { k: p.kind === 'query' ? 'q' : 'p' };
  if (p.kind === 'query') {
    w.q = p.kql;
    if (p.title !== undefined) w.t = p.title;
    if (p.parameters !== undefined) w.a = p.parameters;
  } else w.p = p.pack as unknown as JsonValue;
  if (p.dataset !== undefined) w.d = p.dataset;
  if (p.now !== undefined) w.n = p.now;
  return w;
}

function fromWire(w: unknown): SharePayload {
  if (!w || typeof w !== 'object' || Array.isArray(w)) throw new Error('the payload is not an object');
  const o = w as Record<string, JsonValue>;
  const extra = Object.keys(o).filter((k) => !['k', 'q', 't', 'a', 'p', 'd', 'n'].includes(k));
  if (extra.length) throw new Error(`unknown field ${JSON.stringify(extra[0])}`);
  const common: { dataset?: string; now?: string } = {};
  if (o.d !== undefined) {
    if (typeof o.d !== 'string' || !DATASET_RE.test(o.d)) throw new Error('the dataset name is not valid');
    common.dataset = o.d;
  }
  if (o.n !== undefined) {
    if (typeof o.n !== 'string' || !ISO_RE.test(o.n) || Number.isNaN(Date.parse(o.n))) throw new Error('the pinned time is not an ISO-8601 time');
    common.now = o.n;
  }
  if (o.k === 'q') {
    if (typeof o.q !== 'string') throw new Error('the query is not a string');
    if (o.q.length > MAX_KQL) throw new Error(`the query is longer than ${MAX_KQL.toLocaleString('en')} characters`);
    const q: ShareQuery = { kind: 'query', kql: o.q, ...common };
    if (o.t !== undefined) {
      if (typeof o.t !== 'string' || o.t.length > 200 || /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/.test(o.t)) throw new Error('the title is not a short line of text');
      q.title = o.t;
    }
    if (o.a !== undefined) {
      if (!o.a || typeof o.a !== 'object' || Array.isArray(o.a) || Object.keys(o.a).length > 50) throw new Error('the parameters are not an object');
      q.parameters = o.a as Record<string, JsonValue>;
    }
    return q;
  }
  if (o.k === 'p') {
    const r = validatePack(o.p ?? null);
    if (!r.ok) throw new Error(`the pack is not valid: ${r.errors[0].path ? `${r.errors[0].path}: ` : ''}${r.errors[0].message}`);
    return { kind: 'pack', pack: r.pack, ...common };
  }
  throw new Error('unknown kind of shared item');
}

/** Encodes a payload as a `#v1/…` fragment, or says it is too long for a link. */
export async function encodeShareLink(p: SharePayload, limit = MAX_LINK_CHARS): Promise<EncodeResult> {
  const json = new TextEncoder().encode(JSON.stringify(toWire(p)));
  const hash = LINK_PREFIX + toBase64Url(await deflateRaw(json));
  return hash.length <= limit ? { ok: true, hash } : { ok: false, reason: 'too-long', length: hash.length, limit };
}

/** Any versioned link (`#v1/`, and `#v2/`… from a newer huntbench, which gets a message) or a legacy `#q=`. */
export const isShareHash = (hash: string): boolean => /^#v\d+\//.test(hash) || /^#?q=/.test(hash);

/**
 * Decodes a fragment. null: not a share link at all (another route); otherwise the payload or a
 * precise reason it cannot be opened.
 */
export async function decodeShareLink(hash: string): Promise<DecodeResult | null> {
  if (/^#?q=/.test(hash)) {
    const m = /^#?q=([A-Za-z0-9_-]*)$/.exec(hash);
    if (!m) return { ok: false, error: 'the link is damaged (characters outside base64url)' };
    try {
      const kql = new TextDecoder('utf-8', { fatal: true }).decode(fromBase64Url(m[1]));
      if (kql.length > MAX_KQL) return { ok: false, error: `the query is longer than ${MAX_KQL.toLocaleString('en')} characters` };
      return { ok: true, version: 'legacy', payload: { kind: 'query', kql } };
    } catch {
      return { ok: false, error: 'the link is damaged (not base64url-encoded UTF-8)' };
    }
  }
  if (!hash.startsWith(LINK_PREFIX)) {
    const v = /^#v(\d+)\//.exec(hash);
    return v ? { ok: false, error: `this link was made by a newer huntbench (format v${v[1]}); this one reads v1` } : null;
  }
  const body = hash.slice(LINK_PREFIX.length);
  if (body.length > MAX_DECODE_CHARS) return { ok: false, error: `the link is ${body.length.toLocaleString('en')} characters, more than the ${MAX_DECODE_CHARS.toLocaleString('en')} this page reads` };
  let bytes: Uint8Array;
  try {
    bytes = fromBase64Url(body);
  } catch (e) {
    return { ok: false, error: `the link is damaged (${(e as Error).message})` };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await inflateRaw(bytes));
  } catch (e) {
    const m = (e as Error).message;
    return { ok: false, error: /inflates/.test(m) ? `the link is too large: ${m}` : 'the link is damaged (it does not decompress; was it cut short?)' };
  }
  let wire: unknown;
  try {
    wire = JSON.parse(text);
  } catch {
    return { ok: false, error: 'the link is damaged (its content is not JSON)' };
  }
  try {
    return { ok: true, version: 'v1', payload: fromWire(wire) };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}
