/**
 * Seeded fuzzing of pack input: random mutations of a valid pack (bad JSON, wrong types, huge
 * strings, markup, deep nesting) must never throw, and must either validate or be rejected with
 * a located message. What validates re-serialises and re-validates to the same pack.
 */
import { describe, expect, it } from 'vitest';
import { importPackText } from '../../src/packs/formats.ts';
import { decodeShareLink, deflateRaw, toBase64Url } from '../../src/packs/link.ts';
import { parsePackJson, serializePack } from '../../src/packs/validate.ts';
import { minimalPack } from './helpers.ts';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NASTY: unknown[] = [
  null,
  true,
  0,
  -1,
  1e308,
  '',
  'x'.repeat(200_000),
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '\u202egnp.exe',
  '\u0000',
  '"; drop table x; --',
  [],
  [[[]]],
  {},
  { __x: 1 },
  'ünïcødé 😀',
];

function paths(v: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...at, Array.isArray(v) ? Number(k) : k], out);
  return out;
}

function mutate(r: () => number): string {
  const pack: any = structuredClone(minimalPack());
  pack.queries.push({ id: 'q2', displayName: 'Two', body: 'print 1', tags: ['a'], tests: [{ name: 'x', fixtures: [{ table: 'T', columns: [{ name: 'c', type: 'long' }], rows: [[1]] }], expect: { nonEmpty: true } }] });
  const n = 1 + Math.floor(r() * 3);
  for (let i = 0; i < n; i++) {
    const ps = paths(pack).filter((p) => p.length > 0);
    const p = ps[Math.floor(r() * ps.length)];
    let parent = pack;
    for (const k of p.slice(0, -1)) parent = parent[k];
    const key = p[p.length - 1];
    const op = r();
    if (op < 0.6) parent[key] = structuredClone(NASTY[Math.floor(r() * NASTY.length)]);
    else if (op < 0.8) delete parent[key];
    else parent[`k${Math.floor(r() * 5)}`] = 'extra';
  }
  let text = JSON.stringify(pack, null, 1);
  const t = r();
  if (t < 0.15) {
    // break the JSON text itself
    const at = Math.floor(r() * text.length);
    const junk = ['', '{', ']', ',', '"', '\\', '\u0000', 'NaN', '/*'][Math.floor(r() * 9)];
    text = text.slice(0, at) + junk + text.slice(at + Math.floor(r() * 3));
  } else if (t < 0.2) text = text.slice(0, Math.floor(r() * text.length));
  else if (t < 0.22) text = '['.repeat(5000) + text;
  return text;
}

describe('fuzzed pack input', () => {
  it('never throws; rejects with a located message or validates stably (2,000 seeded cases)', () => {
    const r = rng(20240514);
    let accepted = 0;
    let rejected = 0;
    for (let i = 0; i < 2000; i++) {
      const text = mutate(r);
      let res: ReturnType<typeof importPackText>;
      try {
        res = importPackText(i % 2 ? 'pack.json' : 'pack.hbpack.json', text);
      } catch (e) {
        throw new Error(`case ${i} threw ${(e as Error).message}\n${text.slice(0, 500)}`);
      }
      if (res.ok) {
        accepted++;
        // whatever passes has clean display text (bodies and fixture cells are code/data, shown
        // as text in the editor and grid) and no bidi overrides anywhere; and it is stable
        const out = serializePack(res.pack);
        const display = [res.pack.name, res.pack.description, ...res.pack.queries.flatMap((q) => [q.displayName, q.description, ...(q.tags ?? []), ...(q.tests ?? []).map((t) => t.name)])];
        for (const d of display) expect(d ?? '').not.toMatch(/<script|<img|javascript:/);
        expect(out).not.toMatch(/\u202e/);
        const again = parsePackJson(out);
        expect(again.ok && serializePack(again.pack)).toBe(out);
      } else {
        rejected++;
        expect(res.errors.length).toBeGreaterThan(0);
        for (const e of res.errors) {
          expect(e.message.length).toBeGreaterThan(5);
          expect(e.message.length).toBeLessThan(400);
          expect(e.path !== '' || e.line !== undefined || /limit|not a query pack|must be|not valid|pack/.test(e.message), e.message).toBe(true);
        }
      }
    }
    expect(accepted).toBeGreaterThan(50);
    expect(rejected).toBeGreaterThan(500);
  });

  it('share-link payloads: random bytes and random JSON never throw', async () => {
    const r = rng(7);
    for (let i = 0; i < 300; i++) {
      const bytes = Uint8Array.from({ length: Math.floor(r() * 200) }, () => Math.floor(r() * 256));
      const raw = await decodeShareLink(`#v1/${toBase64Url(bytes)}`);
      expect(raw?.ok).toBe(false);
      const json = new TextEncoder().encode(mutate(r));
      const d = await decodeShareLink(`#v1/${toBase64Url(await deflateRaw(json))}`);
      expect(d).not.toBeNull();
    }
  });
});
