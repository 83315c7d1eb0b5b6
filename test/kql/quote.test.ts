/**
 * The one KQL quoter (src/kql/quote.ts) and the one SQL quoter (src/kql/sql/quote.ts), property
 * tested on seeded random text: quotes, backslashes, every control character, NUL, non-BMP and
 * lone surrogates. KQL round trip: compiler and engine give back the very string; SQL round trip:
 * the engine gives back the string as a value and as a column name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalRunner } from '../../src/cli/runner.ts';
import { kqlName, kqlString } from '../../src/kql/quote.ts';
import { ident, str } from '../../src/kql/sql/quote.ts';
import { rng } from '../fuzz/query-fuzz.ts';

const ALPHABET = ['"', "'", '\\', '\n', '\r', '\t', '\u0000', '\u0001', '\u001f', '\u007f', '`', '$', '|', ';', ']', '[', '@', 'a', 'Z', '0', ' ', 'é', '\u2028', '😀', '\ud800', '/*', '--', '{', '}'];

function strings(seed: number, n: number): string[] {
  const r = rng(seed);
  const out = ['', '"', '\\', '\\"', "'", '\u0000', 'a"b\\"c'];
  for (let i = 0; i < n; i++) {
    const len = Math.floor(r() * 12);
    let s = '';
    for (let j = 0; j < len; j++) s += ALPHABET[Math.floor(r() * ALPHABET.length)];
    out.push(s);
  }
  return out;
}

let runner: Awaited<ReturnType<typeof createLocalRunner>>;
beforeAll(async () => {
  runner = await createLocalRunner({ dataset: { kind: 'none' } });
});
afterAll(async () => {
  await runner?.close();
});

describe('KQL quoting round trip', () => {
  it('print x = kqlString(s) gives back s, and a column named s is reachable by kqlName(s)', async () => {
    const bad: string[] = [];
    // lone surrogates cannot travel as UTF-8: they are left out of the engine round trip
    for (const s of strings(15, 150).filter((x) => !/[\ud800-\udfff]/.test(x.replace(/\ud83d\ude00/g, '')))) {
      const o = await runner.run(`print x = ${kqlString(s)}`);
      if (!o.ok || o.result.rows[0][0] !== s) bad.push(`${JSON.stringify(s)} → ${JSON.stringify(o.ok ? o.result.rows[0][0] : o.error)}`);
      if (s.trim() && !/[\u0000-\u001f\u007f]/.test(s)) {
        const c = await runner.run(`print ${kqlName(s)} = 1 | project ${kqlName(s)}`);
        if (!c.ok || c.result.columns[0].name !== s) bad.push(`name ${JSON.stringify(s)} → ${JSON.stringify(c.ok ? c.result.columns : c.error)}`);
      }
    }
    expect(bad).toEqual([]);
  });
});

describe('SQL quoting round trip', () => {
  it('SELECT str(s) AS ident(s) gives back s as the value and the column name', async () => {
    const bad: string[] = [];
    for (const s of strings(16, 150).filter((x) => !/[\ud800-\udfff]/.test(x.replace(/\ud83d\ude00/g, '')))) {
      const name = s.replaceAll('\u0000', '') || 'empty';
      const t = await runner.engine.query(`SELECT ${str(s)} AS ${ident(name)}`);
      const got = t.getChildAt(0)?.get(0);
      if (got !== s || t.schema.fields[0].name !== name) bad.push(`${JSON.stringify(s)} → ${JSON.stringify(got)} / ${JSON.stringify(t.schema.fields[0].name)}`);
    }
    expect(bad).toEqual([]);
  });
});
