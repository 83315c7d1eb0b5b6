/**
 * Pack attachments: local copies of externaldata URLs carried inside a pack. Validation (URL keys,
 * sizes, names), the copies a query gets, `huntbench pack test|validate` with them on the real lab
 * engine, and the browser's remembering of them (state/external-data.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.ts';
import { attachmentsFor } from '../../src/packs/run.ts';
import type { Pack } from '../../src/packs/types.ts';
import { LIMITS, parsePackJson, serializePack, validatePack } from '../../src/packs/validate.ts';
import { type ExternalCopy, savePackCopies } from '../../src/state/external-data.ts';

const URL_A = 'https://intel.example.org/feeds/ips.txt';
const URL_B = 'https://intel.example.org/feeds/other.csv';

/** A pack whose query reads one IP list with externaldata and counts the lab's connections to them. */
const iocPack = (): Pack => ({
  format: 'huntbench-pack',
  formatVersion: 1,
  id: 'test.ioc',
  name: 'IOC test pack',
  version: '1.0.0',
  queries: [
    {
      id: 'hits',
      displayName: 'Hits',
      body: `let Bad = externaldata(IP: string) [@"${URL_A}"] with (format="txt");\nDeviceNetworkEvents\n| where RemoteIP in (Bad)\n| summarize n = count() by RemoteIP`,
      tests: [{ name: 'the lab C2 address is on the list', expect: { rows: [['203.0.113.45', 5]] } }],
    },
  ],
  attachments: [{ url: URL_A, name: 'ips.txt', text: '203.0.113.45\n192.0.2.250\n' }],
});

const errorsOf = (p: unknown) => {
  const r = validatePack(p as any);
  return r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`);
};

async function cli(argv: string[]) {
  let out = '';
  let err = '';
  const code = await run(argv, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

describe('pack attachments: validation', () => {
  it('keeps a valid attachment and round-trips the pack byte for byte', () => {
    const r = validatePack(iocPack() as any);
    expect(r.ok && r.pack.attachments).toEqual(iocPack().attachments);
    expect(r.ok && r.warnings).toEqual([]);
    const text = serializePack(iocPack());
    const again = parsePackJson(text);
    expect(again.ok && serializePack(again.pack)).toBe(text);
  });

  const cases: [string, (p: any) => void, RegExp][] = [
    ['not an array', (p) => (p.attachments = {}), /^attachments: must be an array of \{url, name, text\}/],
    ['a URL that is not http(s)', (p) => (p.attachments[0].url = 'file:///etc/passwd'), /^attachments\[0\]\.url: "file:\/\/\/etc\/passwd" is not an http\(s\) URL/],
    ['a URL with a space', (p) => (p.attachments[0].url = 'https://x.example/a b'), /is not an http\(s\) URL/],
    ['the same URL twice', (p) => p.attachments.push({ ...p.attachments[0], name: 'again.txt' }), /^attachments\[1\]\.url: ".*" has a copy already \(attachments\[0\]\)/],
    ['a name with a path', (p) => (p.attachments[0].name = '../ips.txt'), /^attachments\[0\]\.name: "\.\.\/ips\.txt" is not a plain file name/],
    ['no text', (p) => delete p.attachments[0].text, /^attachments\[0\]\.text: is required/],
    ['text not a string', (p) => (p.attachments[0].text = ['a']), /^attachments\[0\]\.text: must be a string/],
    ['an unknown key', (p) => (p.attachments[0].body = 'x'), /^attachments\[0\]\.body: unknown field/],
    ['one copy too large', (p) => (p.attachments[0].text = 'x'.repeat(LIMITS.attachmentChars + 1)), /^attachments\[0\]\.text: is 262,145 characters long, more than the limit of 262,144/],
    [
      'all copies together too large',
      (p) => {
        p.attachments = Array.from({ length: 5 }, (_, i) => ({ url: `${URL_A}?part=${i}`, name: `p${i}.txt`, text: 'x'.repeat(LIMITS.attachmentChars - 10) }));
        p.queries[0].body += Array.from({ length: 5 }, (_, i) => ` // ${URL_A}?part=${i}`).join('');
      },
      /^attachments: hold 1,310,670 characters together, more than the limit of 1,048,576/,
    ],
    ['too many', (p) => (p.attachments = Array.from({ length: LIMITS.attachments + 1 }, (_, i) => ({ url: `${URL_A}?${i}`, name: 'a', text: '' }))), /^attachments: has 21 attachments, more than the limit of 20/],
    ['a control character in the text', (p) => (p.attachments[0].text = 'a\u0000b'), /^attachments\[0\]\.text: holds a control character/],
  ];
  for (const [name, mutate, re] of cases) {
    it(`refuses ${name}`, () => {
      const p = structuredClone(iocPack());
      mutate(p);
      const errs = errorsOf(p);
      expect(errs.some((e) => re.test(e)), errs.join('\n')).toBe(true);
    });
  }

  it('allows tabs and line breaks in the text (tsv, multi-line feeds), and warns about a copy no query reads', () => {
    const p = iocPack();
    p.attachments!.push({ url: URL_B, name: 'other.tsv', text: 'a\tb\r\nc\td\n' });
    const r = validatePack(p as any);
    expect(r.ok).toBe(true);
    expect(r.warnings.map((w) => `${w.path}: ${w.message}`)).toEqual(['attachments[1].url: no query of the pack reads this URL']);
  });

  it('gives a query only the copies of the URLs its text names', () => {
    const p = iocPack();
    p.attachments!.push({ url: URL_B, name: 'other.csv', text: 'x\n' });
    expect(attachmentsFor(p, p.queries[0].body)).toEqual({ [URL_A]: '203.0.113.45\n192.0.2.250\n' });
    expect(attachmentsFor(p, 'DeviceInfo | take 1')).toBeUndefined();
    expect(attachmentsFor({}, p.queries[0].body)).toBeUndefined();
  });
});

describe('pack attachments: huntbench pack test|validate on the lab', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hb-attach-'));
  const withCopy = path.join(dir, 'with.json');
  const without = path.join(dir, 'without.json');
  fs.writeFileSync(withCopy, serializePack(iocPack()));
  const bare = iocPack();
  delete bare.attachments;
  fs.writeFileSync(without, serializePack(bare));

  it('test: the query reads the attached copy; without it the same query is HB140', async () => {
    const ok = await cli(['pack', 'test', withCopy]);
    expect(ok.out).toMatch(/1 queries, 1 tests: 1 passed, 0 failed/);
    expect(ok.code).toBe(0);
    const missing = await cli(['pack', 'test', without]);
    expect(missing.code).toBe(1);
    expect(missing.out).toMatch(/HB140 at body 1:\d+: externaldata needs a local copy of "https:\/\/intel\.example\.org\/feeds\/ips\.txt"/);
  }, 120_000);

  it('validate: compiles the body with the attached copies', async () => {
    const ok = await cli(['pack', 'validate', withCopy]);
    expect(ok.out).toMatch(/ {2}valid/);
    expect(ok.code).toBe(0);
    const missing = await cli(['pack', 'validate', without]);
    expect(missing.code).toBe(1);
    expect(missing.out + missing.err).toMatch(/HB140/);
  }, 120_000);
});

describe('pack attachments in the browser: remembered like picked files', () => {
  it('fills URLs without a copy, replaces an earlier pack copy, and never a copy the user picked', () => {
    const store = new Map<string, string>();
    (globalThis as any).localStorage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
      removeItem: (k: string) => void store.delete(k),
    };
    try {
      const all: Record<string, ExternalCopy> = {
        [URL_B]: { text: 'mine\n', file: 'mine.csv', savedAt: 1 },
      };
      const a = savePackCopies(all, [{ url: URL_A, name: 'ips.txt', text: 'v1\n' }, { url: URL_B, name: 'theirs.csv', text: 'theirs\n' }], 'Pack one');
      expect(a).toEqual({ saved: [URL_A], kept: true });
      expect(all[URL_B].text).toBe('mine\n');
      expect(all[URL_A]).toMatchObject({ text: 'v1\n', file: 'ips.txt', fromPack: 'Pack one' });
      // stored for the next visit
      expect(JSON.parse(store.get('huntbench.externaldata.v1')!)[URL_A].text).toBe('v1\n');
      // the same copy again changes nothing; a newer pack's copy replaces the earlier pack's
      expect(savePackCopies(all, [{ url: URL_A, name: 'ips.txt', text: 'v1\n' }], 'Pack one').saved).toEqual([]);
      expect(savePackCopies(all, [{ url: URL_A, name: 'ips2.txt', text: 'v2\n' }], 'Pack two').saved).toEqual([URL_A]);
      expect(all[URL_A]).toMatchObject({ text: 'v2\n', fromPack: 'Pack two' });
    } finally {
      delete (globalThis as any).localStorage;
    }
  });
});
