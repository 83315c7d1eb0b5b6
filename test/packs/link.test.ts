/** Share links: v1 round trips (unicode, packs), limits, damage and legacy `#q=` links. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeShareLink, deflateRaw, encodeShareLink, fromBase64Url, isShareHash, LINK_PREFIX, MAX_LINK_CHARS, toBase64Url } from '../../src/packs/link.ts';
import { parsePackJson } from '../../src/packs/validate.ts';
import { minimalPack } from './helpers.ts';

const hashOf = async (p: Parameters<typeof encodeShareLink>[0]) => {
  const r = await encodeShareLink(p);
  if (!r.ok) throw new Error('too long');
  return r.hash;
};

describe('share links v1', () => {
  const texts = [
    'DeviceProcessEvents | take 10',
    'print s = "ünïcødé — 日本語 — emoji 😀🧪 — rtl עברית"',
    'print a = "\\u0000 nul escape", b = @"C:\\Users\\"',
    '',
    'x'.repeat(3000),
  ];
  for (const kql of texts) {
    it(`round-trips ${JSON.stringify(kql.slice(0, 30))}`, async () => {
      const hash = await hashOf({ kind: 'query', kql, title: 'T ✓', dataset: 'lab', now: '2024-05-20T00:00:00Z', parameters: { device: 'win10-lab01' } });
      expect(hash.startsWith(LINK_PREFIX)).toBe(true);
      expect(hash).toMatch(/^#v1\/[A-Za-z0-9_-]+$/);
      const d = await decodeShareLink(hash);
      expect(d).toEqual({ ok: true, version: 'v1', payload: { kind: 'query', kql, title: 'T ✓', dataset: 'lab', now: '2024-05-20T00:00:00Z', parameters: { device: 'win10-lab01' } } });
    });
  }

  it('carries a whole small pack, validated on the way in', async () => {
    const pack = minimalPack();
    const d = await decodeShareLink(await hashOf({ kind: 'pack', pack, dataset: 'lab' }));
    expect(d).toEqual({ ok: true, version: 'v1', payload: { kind: 'pack', pack, dataset: 'lab' } });
  });

  it('says when a link would be too long (the caller offers a pack file instead)', async () => {
    const dir = path.resolve(import.meta.dirname, '../../queries');
    const all = fs.readdirSync(dir).map((f) => parsePackJson(fs.readFileSync(path.join(dir, f), 'utf8')));
    const queries = all.flatMap((r) => (r.ok ? r.pack.queries : []));
    const r = await encodeShareLink({ kind: 'pack', pack: { ...minimalPack(), queries } });
    expect(r).toMatchObject({ ok: false, reason: 'too-long', limit: MAX_LINK_CHARS });
    expect(!r.ok && r.length).toBeGreaterThan(MAX_LINK_CHARS);
    // random text does not compress: the limit is on the fragment, not the input
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const noise = Array.from({ length: 9000 }, () => String.fromCharCode(33 + Math.floor(rnd() * 90))).join('');
    expect((await encodeShareLink({ kind: 'query', kql: noise })).ok).toBe(false);
  });

  it('keeps old #q= links working', async () => {
    const hash = `#q=${toBase64Url(new TextEncoder().encode('print "é"'))}`;
    expect(await decodeShareLink(hash)).toEqual({ ok: true, version: 'legacy', payload: { kind: 'query', kql: 'print "é"' } });
    expect(await decodeShareLink('#q=%%%')).toMatchObject({ ok: false, error: expect.stringMatching(/damaged/) });
  });

  it('ignores other fragments and explains broken or hostile ones', async () => {
    expect(await decodeShareLink('#/file/abc')).toBeNull();
    expect(await decodeShareLink('')).toBeNull();
    expect(await decodeShareLink('#v2/abc')).toEqual({ ok: false, error: 'this link was made by a newer huntbench (format v2); this one reads v1' });
    // the page must route it to the library (which shows that message), not ignore it
    expect(isShareHash('#v2/abc')).toBe(true);
    expect(isShareHash('#v12/abc')).toBe(true);
    expect(isShareHash('#/file/abc')).toBe(false);
    const good = await hashOf({ kind: 'query', kql: 'print 1'.repeat(50) });
    expect(await decodeShareLink(good.slice(0, good.length - 10))).toMatchObject({ ok: false, error: expect.stringMatching(/damaged/) });
    expect(await decodeShareLink('#v1/a')).toMatchObject({ ok: false, error: expect.stringMatching(/damaged/) });
    expect(await decodeShareLink('#v1/!!')).toMatchObject({ ok: false, error: expect.stringMatching(/damaged/) });
    // a deflate bomb: 50 MB of zeros in a few kilobytes
    const bomb = toBase64Url(await deflateRaw(new Uint8Array(50_000_000)));
    expect(bomb.length).toBeLessThan(100_000);
    expect(await decodeShareLink(`#v1/${bomb}`)).toMatchObject({ ok: false, error: expect.stringMatching(/too large/) });
    // valid compression, hostile content
    const enc = async (o: unknown) => `#v1/${toBase64Url(await deflateRaw(new TextEncoder().encode(JSON.stringify(o))))}`;
    expect(await decodeShareLink(await enc({ k: 'q', q: 1 }))).toEqual({ ok: false, error: 'the query is not a string' });
    expect(await decodeShareLink(await enc({ k: 'q', q: 'x', t: '<b>\u202e</b>' }))).toEqual({ ok: false, error: 'the title is not a short line of text' });
    expect(await decodeShareLink(await enc({ k: 'q', q: 'x', d: '../etc' }))).toEqual({ ok: false, error: 'the dataset name is not valid' });
    expect(await decodeShareLink(await enc({ k: 'q', q: 'x', evil: 1 }))).toEqual({ ok: false, error: 'unknown field "evil"' });
    const hostile = { ...minimalPack(), description: '<script>alert(1)</script>' };
    expect(await decodeShareLink(await enc({ k: 'p', p: hostile }))).toEqual({ ok: false, error: 'the pack is not valid: description: holds markup ("<script" at character 1); pack text is plain text' });
  });

  it('base64url handles every byte value and large inputs', () => {
    const all = Uint8Array.from({ length: 256 * 300 }, (_, i) => i % 256);
    expect(fromBase64Url(toBase64Url(all))).toEqual(all);
    expect(() => fromBase64Url('abcde')).toThrow(/truncated/);
  });
});
