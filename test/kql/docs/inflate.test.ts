/**
 * zlib_decompress_from_base64_string / gzip_decompress_from_base64_string (kusto/query/
 * zlib-base64-decompress, gzip-base64-decompress): host functions (kql/host/inflate.ts), computed
 * in JavaScript from a first pass over the distinct arguments, on DuckDB-WASM. The documented
 * examples (and the outputs of the compress functions' documented examples, which pair with them),
 * column arguments against Node's zlib, the refusals of what the pages leave open, and the
 * mechanism: Explain, the distinct-value bound, a pure compile.
 */
import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../../src/engine/node.ts';
import type { Engine } from '../../../src/engine/types.ts';
import type { JsonValue } from '../../../src/engine/values.ts';
import { answerHost } from '../../../src/kql/host/index.ts';
import { inflateBase64 } from '../../../src/kql/host/inflate.ts';
import { type CompileResult, compile } from '../../../src/kql/index.ts';
import { compilePasses, NOW, runKqlPasses } from '../helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => {
  await engine?.close();
});

const passes = (kql: string): Promise<CompileResult> => compilePasses(engine, kql);

const rows = async (kql: string): Promise<JsonValue[][]> => (await runKqlPasses(engine, kql)).rows;

async function refusal(kql: string): Promise<{ code: string; message: string; at: string }> {
  const r = await passes(kql);
  expect(r.ok, kql).toBe(false);
  const d = r.diagnostics.find((x) => x.severity === 'error')!;
  return { code: d.code, message: d.message, at: kql.slice(d.start, d.end) };
}

const ZLIB_DOC = 'eJwLSS0uUSguKcrMS1cwNDIGACxqBQ4=';
const GZIP_DOC = 'H4sIAAAAAAAA/wEUAOv/MTIzNDU2Nzg5MHF3ZXJ0eXVpb3A6m7f2FAAAAA==';
// zlib_compress_to_base64_string("1234567890qwertyuiop")'s documented output
const ZLIB_COMPRESS_DOC = 'eAEBFADr/zEyMzQ1Njc4OTBxd2VydHl1aW9wOAkGdw==';

describe('documented examples', () => {
  it('zlib: valid input', async () => {
    expect(await rows(`print zcomp = zlib_decompress_from_base64_string("${ZLIB_DOC}")`)).toEqual([['Test string 123']]);
  });
  it('zlib: invalid input is empty', async () => {
    expect(await rows('print zcomp = zlib_decompress_from_base64_string("x0x0x0")')).toEqual([['']]);
  });
  it('gzip: valid input', async () => {
    expect(await rows(`print res=gzip_decompress_from_base64_string("${GZIP_DOC}")`)).toEqual([['1234567890qwertyuiop']]);
  });
  it('gzip: invalid input is empty', async () => {
    expect(await rows('print res=gzip_decompress_from_base64_string("x0x0x0")')).toEqual([['']]);
  });
  it("the compress functions' documented outputs decompress to their inputs", async () => {
    expect(await rows(`print z = zlib_decompress_from_base64_string("${ZLIB_COMPRESS_DOC}")`)).toEqual([['1234567890qwertyuiop']]);
  });
  it('the same answers from a column (first pass over the distinct values)', async () => {
    const kql = `datatable(i:long, z:string, g:string)[
      1, "${ZLIB_DOC}", "${GZIP_DOC}",
      2, "x0x0x0", "x0x0x0",
      3, "${ZLIB_COMPRESS_DOC}", "",
      4, "${ZLIB_DOC}", "${GZIP_DOC}"]
      | extend zs = zlib_decompress_from_base64_string(z), gs = gzip_decompress_from_base64_string(g)
      | project i, zs, gs`;
    expect(await rows(kql)).toEqual([
      [1, 'Test string 123', '1234567890qwertyuiop'],
      [2, '', ''],
      [3, '1234567890qwertyuiop', ''],
      [4, 'Test string 123', '1234567890qwertyuiop'],
    ]);
  });
});

describe('column arguments', () => {
  // Texts of several sizes and alphabets (stored, fixed and dynamic blocks), compressed by Node's zlib.
  const texts = ['', 'a', 'Test string 123', 'ü€𝄞 multi-byte', 'x'.repeat(70_000), Array.from({ length: 3000 }, (_, i) => `line ${i % 97} ${(i * 7919) % 1000}`).join('\n')];
  const cases = texts.flatMap((t, i) => [
    { i, kind: 'zlib', b64: deflateSync(t, { level: i % 10 }).toString('base64'), want: t },
    { i, kind: 'gzip', b64: gzipSync(t, { level: (i + 3) % 10 }).toString('base64'), want: t },
  ]);

  it('decompress to what Node compressed, row by row and in order', async () => {
    const table = `datatable(n:long, b:string)[${cases.map((c, n) => `${n}, "${c.b64}"`).join(', ')}]`;
    const got = await rows(`${table} | extend z = zlib_decompress_from_base64_string(b), g = gzip_decompress_from_base64_string(b) | project n, z, g | order by n asc`);
    expect(got).toEqual(cases.map((c, n) => [n, c.kind === 'zlib' ? c.want : '', c.kind === 'gzip' ? c.want : '']));
  });

  it('works after other operators, in where, summarize and a later extend item', async () => {
    const kql = `datatable(k:string, b:string)["a", "${ZLIB_DOC}", "b", "${ZLIB_COMPRESS_DOC}", "a", "x0x0x0"]
      | extend d = b
      | extend t = zlib_decompress_from_base64_string(d), u = strlen(zlib_decompress_from_base64_string(d))
      | where zlib_decompress_from_base64_string(b) != ""
      | summarize s = make_set(zlib_decompress_from_base64_string(b)), n = sum(u) by k
      | order by k asc`;
    expect(await rows(kql)).toEqual([
      ['a', ['Test string 123'], 15],
      ['b', ['1234567890qwertyuiop'], 20],
    ]);
  });

  it('inside mv-apply and partition bodies', async () => {
    const mv = `print a = dynamic(["${ZLIB_DOC}", "x0x0x0"]) | mv-apply x = a to typeof(string) on (extend t = zlib_decompress_from_base64_string(x)) | project x, t`;
    expect(await rows(mv)).toEqual([
      [ZLIB_DOC, 'Test string 123'],
      ['x0x0x0', ''],
    ]);
    const part = `datatable(k:string, b:string)["a", "${ZLIB_DOC}", "b", "x0x0x0", "b", "${ZLIB_COMPRESS_DOC}"]
      | partition hint.strategy=native by k (order by b asc | take 1 | extend t = zlib_decompress_from_base64_string(b)) | project k, t | order by k asc`;
    expect(await rows(part)).toEqual([
      ['a', 'Test string 123'],
      ['b', '1234567890qwertyuiop'],
    ]);
  });

  it('a host call over another host call', async () => {
    const inner = deflateSync(ZLIB_DOC).toString('base64');
    const kql = `datatable(b:string)["${inner}"] | project t = zlib_decompress_from_base64_string(zlib_decompress_from_base64_string(b))`;
    expect(await rows(kql)).toEqual([['Test string 123']]);
  });

  it('an empty input needs no answer', async () => {
    expect(await rows(`datatable(b:string)["${ZLIB_DOC}"] | where b == "none" | project t = zlib_decompress_from_base64_string(b)`)).toEqual([]);
  });
});

describe('what the pages leave open is refused', () => {
  const doc = Buffer.from(ZLIB_DOC, 'base64');
  const gz = Buffer.from(GZIP_DOC, 'base64');
  const withByte = (b: Buffer, i: number, v: number) => {
    const c = Buffer.from(b);
    c[i] = v;
    return c.toString('base64');
  };
  const refused: [string, string, RegExp][] = [
    ['zlib', withByte(doc, doc.length - 1, doc[doc.length - 1] ^ 1), /Adler-32/],
    ['zlib', doc.subarray(0, doc.length - 4).toString('base64'), /no Adler-32/],
    ['zlib', doc.subarray(0, 8).toString('base64'), /ends early/],
    ['zlib', Buffer.concat([doc, Buffer.from([0])]).toString('base64'), /after the end/],
    ['zlib', deflateSync('abc', { windowBits: 9 }).toString('base64'), /window/],
    ['zlib', `${ZLIB_DOC.slice(0, 8)} ${ZLIB_DOC.slice(8)}`, /base64/],
    ['zlib', ZLIB_DOC.replace(/=+$/, ''), /base64/],
    ['zlib', deflateSync(Buffer.from([0xff, 0xfe])).toString('base64'), /not UTF-8/],
    ['gzip', withByte(gz, 3, 8), /FLG/],
    ['gzip', withByte(gz, gz.length - 1, 1), /CRC-32 or size/],
  ];
  it.each(refused)('%s %s', async (kind, b64, why) => {
    const call = `${kind}_decompress_from_base64_string(b)`;
    const r = await refusal(`datatable(b:string)["${b64}"] | project t = ${call}`);
    expect(r.code).toBe('HB120');
    expect(r.message).toMatch(why);
    expect(r.at).toBe(call);
    // a constant is refused the same way, at compile time
    const c = compile(`print t = ${kind}_decompress_from_base64_string("${b64}")`, { catalog: null, now: NOW });
    expect(c.diagnostics.find((d) => d.severity === 'error')?.message).toMatch(why);
  });

  it('invalid DEFLATE data and wrong headers are "decompression failed": empty', () => {
    expect(inflateBase64(Buffer.from([0x78, 0x9c, 0xff, 0xff]).toString('base64'), 'zlib')).toEqual({ v: '' }); // block type 3
    expect(inflateBase64(withByte(doc, 0, 0x79), 'zlib')).toEqual({ v: '' }); // CM 9
    expect(inflateBase64(withByte(gz, 2, 7), 'gzip')).toEqual({ v: '' }); // CM 7 (documented)
    expect(inflateBase64(deflateRawSync('abc').toString('base64'), 'zlib')).toEqual({ v: '' }); // no zlib header
    expect(inflateBase64(GZIP_DOC, 'zlib')).toEqual({ v: '' });
    expect(inflateBase64(ZLIB_DOC, 'gzip')).toEqual({ v: '' });
    expect(inflateBase64('', 'zlib')).toEqual({ v: '' });
    expect(inflateBase64(null, 'gzip')).toEqual({ v: '' });
  });

  it('decodes what Node compresses, at every level (property)', () => {
    let seed = 7;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let n = 0; n < 120; n++) {
      const len = Math.floor(rnd() ** 2 * 40_000);
      const alpha = 2 + Math.floor(rnd() * 90);
      const t = Array.from({ length: len }, () => String.fromCharCode(32 + Math.floor(rnd() ** 3 * alpha))).join('');
      expect(inflateBase64(deflateSync(t, { level: n % 10 }).toString('base64'), 'zlib')).toEqual({ v: t });
      expect(inflateBase64(gzipSync(t, { level: n % 10 }).toString('base64'), 'gzip')).toEqual({ v: t });
    }
  });
});

describe('the first pass', () => {
  const kql = `datatable(b:string)["${ZLIB_DOC}"] | extend t = zlib_decompress_from_base64_string(b)`;
  it('a pure compile asks for it (HB133, with the probe)', () => {
    const r = compile(kql, { catalog: null, now: NOW });
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0].code).toBe('HB133');
    expect(r.probe?.host?.fn).toBe('zlib_decompress_from_base64_string');
    expect(r.probe?.sql).toMatch(/LIMIT 50001/);
  });
  it('Explain shows it as a stage before the extend', async () => {
    const r = await passes(kql);
    expect(r.ok).toBe(true);
    const labels = r.stages!.map((s) => s.label);
    const at = labels.findIndex((l) => l.includes('zlib_decompress_from_base64_string pass 1'));
    expect(at).toBeGreaterThanOrEqual(0);
    expect(r.stages![at].sql).toMatch(/GROUP BY|DISTINCT/i);
  });
  it('more than 50,000 distinct arguments is HB134 at the call', async () => {
    const call = 'zlib_decompress_from_base64_string(tostring(i))';
    const r = await refusal(`range i from 1 to 50001 step 1 | project t = ${call}`);
    expect(r.code).toBe('HB134');
    expect(r.at).toBe(call);
    expect((await rows('range i from 1 to 50000 step 1 | summarize count() by t = zlib_decompress_from_base64_string(tostring(i))'))).toEqual([['', 50000]]);
  }, 120_000);
  it('answers past the size budget become a refusal (the compile refuses the call)', async () => {
    const keys = ['a', 'b', 'c'].map((c) => deflateSync(c.repeat(3000)).toString('base64'));
    const all = await answerHost('zlib_decompress_from_base64_string', keys, 7000);
    expect(JSON.parse(all[0])).toEqual({ v: 'a'.repeat(3000) });
    expect(JSON.parse(all[1])).toEqual({ v: 'b'.repeat(3000) });
    expect(JSON.parse(all[2]).refuse).toMatch(/exceed/);
    expect(await answerHost('zlib_decompress_from_base64_string', keys)).toHaveLength(3);
  });
  it('an argument the first pass did not see fails the query (HB162), never a null', async () => {
    const r = await passes('range i from 1 to 200 step 1 | extend t = zlib_decompress_from_base64_string(strcat("k", tostring(toint(rand() * 1000000000))))');
    expect(r.ok).toBe(true);
    await expect(engine.query(r.sql!)).rejects.toThrow(/HB162/);
  });
  it('inside scan steps it is refused (a variable is not a value a first pass can read)', async () => {
    const call = 'zlib_decompress_from_base64_string(s)';
    const r = await refusal(`range i from 1 to 3 step 1 | scan declare (s:string = "${ZLIB_DOC}") with (step a: true => s = ${call};)`);
    expect(r.code).toBe('HB120');
    expect(r.at).toBe(call);
  });
});
