/**
 * Property test of the JSON-text path (sql/macros.ts, hb_json_*) against JSON.parse: seeded random
 * values (escapes, unicode, nesting, numbers, strings that look like numbers, null or the
 * encoder's own markers) are written as JSON text with random escaping and white space, then read
 * back by the SQL macros on the real engine. Text JSON.parse refuses must read as a plain string.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import { str } from '../../src/kql/sql/quote.ts';
import { runKql } from './helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(() => engine.close());

type J = null | boolean | number | string | J[] | { [k: string]: J };

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = ['a', 'Z', ' ', '"', '\\', '/', ':', '=', '",', '":', '"=', '\n', '\t', '\r', '\b', '\f', 'é', 'ß', '😀', '中', 'null', '12', '-3.5', 'true', '{', '[', ']', 'S41', 'T', 'F', 'N', '\u2028'];

function gen(r: () => number, depth: number): J {
  const k = Math.floor(r() * (depth > 3 ? 6 : 9));
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  switch (k) {
    case 0:
      return null;
    case 1:
      return r() < 0.5;
    case 2:
      return Math.floor((r() - 0.5) * 2e6);
    case 3:
      return pick([1.5, -0.25, 3.125, 1e-3, 123456.75, 2 ** 53 - 1, -(2 ** 40), 0]);
    case 4:
    case 5: {
      let s = '';
      const n = Math.floor(r() * 6);
      for (let i = 0; i < n; i++) s += pick(PIECES);
      return s;
    }
    case 6:
    case 7: {
      const o: Record<string, J> = {};
      const n = Math.floor(r() * 4);
      for (let i = 0; i < n; i++) o[`k${pick(PIECES)}${i}`] = gen(r, depth + 1);
      return o;
    }
    default: {
      const n = Math.floor(r() * 4);
      return Array.from({ length: n }, () => gen(r, depth + 1));
    }
  }
}

/** JSON text with random escapes (\uXXXX, short forms) and random white space. */
function write(v: J, r: () => number): string {
  const ws = () => [' ', '', '', '\n', '\t', '  '][Math.floor(r() * 6)];
  const quote = (s: string) => {
    let out = '"';
    for (const ch of s) {
      const c = ch.codePointAt(0)!;
      const esc = r() < 0.3;
      if (ch === '"') out += '\\"';
      else if (ch === '\\') out += '\\\\';
      else if (c < 0x20 || esc) {
        const short: Record<string, string> = { '\n': '\\n', '\t': '\\t', '\r': '\\r', '\b': '\\b', '\f': '\\f', '/': '\\/' };
        if (short[ch] && r() < 0.5) out += short[ch];
        else for (const unit of ch.split('')) out += `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`;
        if (ch.length === 1 && c >= 0x10000) throw new Error('unreachable');
      } else out += ch;
    }
    return `${out}"`;
  };
  if (v === null || typeof v === 'boolean' || typeof v === 'number') return JSON.stringify(v);
  if (typeof v === 'string') return quote(v);
  if (Array.isArray(v)) return `[${ws()}${v.map((x) => `${write(x, r)}${ws()}`).join(`,${ws()}`)}]`;
  return `{${ws()}${Object.entries(v).map(([k, x]) => `${quote(k)}${ws()}:${ws()}${write(x, r)}`).join(`,${ws()}`)}${ws()}}`;
}

const kind = (v: J): string =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'object' ? 'dictionary' : typeof v === 'string' ? 'string' : typeof v === 'boolean' ? 'bool' : Number.isInteger(v) ? 'long' : 'double';

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  const t = await engine.query(sql);
  return t.toArray().map((x) => x.toJSON() as Record<string, unknown>);
}

const list = (x: unknown): unknown[] | null => (x == null ? null : Array.from(x as Iterable<unknown>));

describe('JSON text read by SQL equals JSON.parse', () => {
  it('for 300 generated values', async () => {
    const r = rng(20240515);
    const values = Array.from({ length: 300 }, () => gen(r, 0));
    const texts = values.map((v) => write(v, r));
    for (const t of texts) expect(() => JSON.parse(t)).not.toThrow();
    const vals = texts.map((t, i) => `(${i}, ${str(t)})`).join(', ');
    const got = await rows(
      `SELECT i, hb_json_type(t) AS ty, hb_json_str(t) AS s, hb_json_keys(t) AS k, hb_json_list(t) AS l FROM (VALUES ${vals}) v(i, t) ORDER BY i`,
    );
    const gets: string[] = [];
    got.forEach((g, i) => {
      const v = values[i];
      expect(g.ty, texts[i]).toBe(kind(v));
      if (typeof v === 'string') expect(g.s, texts[i]).toBe(v);
      else if (v === null) expect(g.s).toBe('');
      else expect(JSON.parse(g.s as string), texts[i]).toEqual(v);
      if (Array.isArray(v)) {
        expect(list(g.l)!.map((x) => JSON.parse(x as string)), texts[i]).toEqual(v);
      } else expect(g.l).toBeNull();
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
        expect(list(g.k), texts[i]).toEqual(Object.keys(v));
        for (const key of Object.keys(v)) gets.push(`(${i}, ${str(key)}, ${str(texts[i])})`);
      }
    });
    if (gets.length) {
      const got2 = await rows(`SELECT i, k, hb_json_get(t, k) AS x FROM (VALUES ${gets.join(', ')}) v(i, k, t)`);
      for (const g of got2) {
        const v = values[g.i as number] as Record<string, J>;
        expect(JSON.parse(g.x as string), `${texts[g.i as number]} . ${g.k}`).toEqual(v[g.k as string]);
      }
    }
  });

  it('reads text that is not JSON as a plain string, like JSON.parse refusing it', async () => {
    const bad = ['{"a":1,}', "{'a':1}", '[1 2]', '"tab\tinside"', '{"a"}', '01', 'nul', '[', '{"a":1}}', '"\\x41"', '"\\ud83d"x', 'abc'];
    for (const t of bad) expect(() => JSON.parse(t)).toThrow();
    const got = await rows(`SELECT t, hb_json_type(t) AS ty, hb_json_str(t) AS s, hb_json_get(t, 'a') AS g FROM (VALUES ${bad.map((t) => `(${str(t)})`).join(', ')}) v(t)`);
    for (const g of got) {
      expect(g.ty, g.t as string).toBe('string');
      expect(g.s).toBe(g.t);
      expect(g.g).toBeNull();
    }
  });

  it('refuses what it cannot represent with a coded error, never another value', async () => {
    await expect(rows(`SELECT hb_json_str('{"a":"\\ud800x"}') AS s`)).rejects.toThrow(/HB160/);
    await expect(rows(`SELECT hb_json_str('{"a":1.50}') AS s`)).rejects.toThrow(/HB160/);
    await expect(rows(`SELECT hb_json_type('${'['.repeat(20)}${']'.repeat(20)}') AS s`)).rejects.toThrow(/HB160/);
  });
});

describe('dynamic values through KQL', () => {
  it.each([
    // a property holding null is kept (bag_keys counts it) and reads as null
    ['print d = dynamic({"a":1,"z":null}) | project k = array_length(bag_keys(d)), n = isnull(d.z), a = d.a', [[2, true, 1]]],
    // JSON null members and elements of parsed text are null; the text "null" inside a string is not
    [`print s = '{"a":null,"b":[null,"null",2]}' | extend d = parse_json(s) | project a = isnull(d.a), b0 = isnull(d.b[0]), b1 = tostring(d.b[1]), t = gettype(d.b[1]), n = array_length(d.b)`, [[true, true, 'null', 'string', 3]]],
    // strings that look like numbers stay strings; quotes, colons and = signs inside strings stay text
    [`print s = @'{"n":"12","m":12,"q":"a\\":b=c"}' | extend d = parse_json(s) | project tn = gettype(d.n), tm = gettype(d.m), q = tostring(d.q)`, [['string', 'long', 'a":b=c']]],
    // dynamic equality does not convert between strings and numbers
    ['print a = set_has_element(dynamic([1,2]), "2"), b = set_has_element(dynamic(["2"]), 2), c = set_has_element(dynamic([1,2]), 2)', [[false, false, true]]],
    // mv-expand of a property bag held as JSON text: one single-property bag per property
    [`print s = '{"a":1,"b":[2]}' | extend d = parse_json(s) | mv-expand d | project d`, [[{ a: 1 }], [{ b: [2] }]]],
    // dynamic_to_json: property bags with their keys sorted (documented)
    ['print j = dynamic_to_json(dynamic({"b":1,"a":{"d":2,"c":3}}))', [['{"a":{"c":3,"d":2},"b":1}']]],
  ] as [string, unknown[][]][])('%s', async (kql, rows) => {
    expect(await runKql(engine, kql)).toEqual(rows);
  });
});
