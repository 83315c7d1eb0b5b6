/**
 * Bad input yields coded diagnostics with a position and never throws; string literals round-trip
 * exactly through SQL quoting and the engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import { type Catalog, type CompileResult, compile } from '../../src/kql/index.ts';
import { NOW, runKql } from './helpers.ts';
import { kqlString } from '../../src/kql/quote.ts';

const CATALOG: Catalog = {
  dataset: 'errors',
  now: NOW,
  tables: [
    {
      name: 'DeviceProcessEvents',
      kind: 'advanced-hunting',
      columns: [
        { name: 'Timestamp', type: 'datetime' },
        { name: 'DeviceName', type: 'string' },
      ],
    },
  ],
};

function bad(kql: string): CompileResult {
  let r: CompileResult | undefined;
  expect(() => {
    r = compile(kql, { catalog: CATALOG, now: NOW });
  }).not.toThrow();
  if (!r) throw new Error('no result');
  expect(r.ok).toBe(false);
  expect(r.diagnostics.length).toBeGreaterThan(0);
  for (const d of r.diagnostics) {
    expect(d.code).toMatch(/^(KS|HB)\d{3}$/);
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.column).toBeGreaterThanOrEqual(1);
  }
  return r;
}

const codes = (r: CompileResult) => r.diagnostics.map((d) => d.code);

describe('diagnostics, never throws', () => {
  it('unknown column: KS142 at its position', () => {
    const r = bad('DeviceProcessEvents\n| where NoSuchColumn == 1');
    expect(codes(r)).toContain('KS142');
    const d = r.diagnostics.find((x) => x.code === 'KS142');
    expect([d?.line, d?.column]).toEqual([2, 9]);
  });
  // Kusto's entity-names page: "Identifiers are case-sensitive". A name the catalog has in another
  // letter case stays an error (probe22: public hunts wrote InitiatingProcessCommandline and
  // initiatingProcessFileName); the message names the spelling. No hint for a name nothing matches.
  it('unknown column or table in the wrong letter case: still KS142/KS204, the message names the spelling', () => {
    const col = bad('DeviceProcessEvents\n| where devicename == "x"').diagnostics.find((x) => x.code === 'KS142');
    expect(col?.message).toContain("did you mean 'DeviceName'?");
    expect([col?.line, col?.column]).toEqual([2, 9]);
    const table = bad('deviceprocessevents | take 1').diagnostics.find((x) => x.code === 'KS204');
    expect(table?.message).toContain("did you mean 'DeviceProcessEvents'?");
    const none = bad('DeviceProcessEvents | where NoSuchColumn == 1').diagnostics.find((x) => x.code === 'KS142');
    expect(none?.message).not.toContain('did you mean');
  });
  // Defender's DeviceInfo page documents LoggedOnUsers (and AdditionalFields) as string, JSON text;
  // the lab types them dynamic as Sentinel does. Keying on one (probe22: a public hunt's `distinct
  // DeviceName, LoggedOnUsers`) is read with Defender's typing (catalog/json-text.ts); a query that
  // also uses it as dynamic is an error either way: KS116, as Kusto says of a dynamic key, with a
  // message that says why and the way out. A dynamic key of the query's own making gets no such note.
  it('a dynamic key that the reference documents as JSON text: KS116 naming the column and tostring()', () => {
    const cat: Catalog = {
      dataset: 'errors',
      now: NOW,
      tables: [{ name: 'DeviceInfo', kind: 'advanced-hunting', columns: [{ name: 'DeviceName', type: 'string' }, { name: 'LoggedOnUsers', type: 'dynamic', documentedType: 'string' }] }],
    };
    const defender = compile('DeviceInfo | distinct DeviceName, LoggedOnUsers', { catalog: cat, now: NOW });
    expect(defender.ok && defender.diagnostics.map((x) => x.code)).toEqual(['HB144']);
    const r = compile('DeviceInfo | distinct DeviceName, LoggedOnUsers | extend U = LoggedOnUsers[0].UserName', { catalog: cat, now: NOW });
    const d = r.diagnostics.find((x) => x.code === 'KS116');
    expect(d?.message).toContain('key on tostring(LoggedOnUsers)');
    expect(compile('DeviceInfo | distinct tostring(LoggedOnUsers)', { catalog: cat, now: NOW }).ok).toBe(true);
    const own = compile('DeviceInfo | extend U = parse_json(DeviceName) | distinct U', { catalog: cat, now: NOW }).diagnostics.find((x) => x.code === 'KS116');
    expect(own?.message).not.toContain('tostring(');
  });
  it('unknown table', () => {
    const r = bad('NoSuchTable | take 1');
    expect(r.diagnostics[0].line).toBe(1);
    expect(r.diagnostics[0].column).toBe(1);
  });
  it('malformed query', () => {
    bad('DeviceProcessEvents | where (');
    bad('DeviceProcessEvents | summarize by');
    bad('| | |');
    bad('print "unterminated');
  });
  it('unsupported operator: an HB code', () => {
    const r = bad('DeviceProcessEvents | evaluate bag_unpack(x)');
    expect(codes(r).some((c) => c.startsWith('HB') || c.startsWith('KS'))).toBe(true);
  });
  it('parse-kv options that are not implemented are refused, not ignored', () => {
    const r = bad('print s="a=1" | parse-kv s as (a:long) with (pair_delimiter=";", kv_delimiter="=", greedy=true)');
    expect(codes(r)).toContain('HB100');
  });
  it('a Sentinel ASIM parser or normalized table: HB142 naming it, where a typo stays KS204', () => {
    for (const name of ['imProcessCreate', '_Im_NetworkSession', '_ASim_FileEvent', 'ASimDnsActivityLogs']) {
      const r = bad(`${name} | take 1`);
      expect(codes(r), name).toEqual(['HB142']);
      expect(r.diagnostics[0].message).toContain(name);
      expect([r.diagnostics[0].line, r.diagnostics[0].column]).toEqual([1, 1]);
    }
    expect(codes(bad('DeviceProcesEvents | take 1'))).toEqual(['KS204']);
  });
  it('externaldata: HB140', () => {
    const r = bad('externaldata(a:string)[@"https://example.com/x.csv"] with (format="csv")');
    expect(codes(r)).toContain('HB140');
  });
  it('externaldata: HB140 names every URL of the query without a copy, once each, in query order', () => {
    const kql = [
      'let A = externaldata(h:string) [@"https://example.com/a.csv"] with (format="csv");',
      'let B = externaldata(h:string) [@"https://example.com/b.csv", @"https://example.com/a.csv"] with (format="csv");',
      'union A, B',
    ].join('\n');
    const none = compile(kql, { catalog: CATALOG, now: NOW });
    expect(none.ok).toBe(false);
    if (none.ok) return;
    expect(none.missingExternalData).toEqual(['https://example.com/a.csv', 'https://example.com/b.csv']);
    expect(none.diagnostics[0].message).toContain('"https://example.com/a.csv", "https://example.com/b.csv"');
    // with a.csv supplied, only b.csv is asked for (at the second externaldata)
    const one = compile(kql, { catalog: CATALOG, now: NOW, externalData: { 'https://example.com/a.csv': 'x\n' } });
    expect(one.ok).toBe(false);
    if (one.ok) return;
    expect(one.missingExternalData).toEqual(['https://example.com/b.csv']);
    expect(one.diagnostics[0].line).toBe(2);
  });
  it('an excluded function: HB120 with the reason from exclusions.ts, at the call', () => {
    const cases: [string, RegExp][] = [
      // the community hunts' anomaly query shape (make-series, then the default arguments)
      ['print y = dynamic([1, 2, 3]) | extend (flag, score, baseline) = series_decompose_anomalies(y)', /cannot be reproduced exactly: series_decompose \(automatic period detection.*series_outliers/],
      ['print current_database()', /it reads the database the query runs in, which an offline lab does not have/],
      ['print hash_many("a", "b")', /cannot be reproduced exactly: .*combining step is not documented/],
    ];
    for (const [kql, why] of cases) {
      const r = bad(kql);
      expect(codes(r), kql).toEqual(['HB120']);
      expect(r.diagnostics[0].message, kql).toMatch(why);
      expect(r.diagnostics[0].column, kql).toBe(kql.indexOf(kql.match(/(series_decompose_anomalies|current_database|hash_many)\(/)![0]) + 1);
    }
  });
  it('a 1 MB query', () => {
    const kql = `print x = "${'a'.repeat(1 << 20)}" |`;
    const t = Date.now();
    bad(kql);
    expect(Date.now() - t).toBeLessThan(30_000);
  });
  // Known gap: 1 MB of `1 + 1 + …` (262k binary terms) takes ~4 minutes to compile (vs 60 s test
  // timeout), so it is skipped rather than it.fails; re-enable when the compiler handles long chains.
  it.skip('a 1 MB query of many terms', () => {
    bad(`print x = ${'1 + '.repeat(1 << 18)}`);
  });
  it('NUL byte', () => {
    bad('print x = 1\u0000 | take 1');
  });
  it('5000 levels of parentheses', () => {
    bad(`print x = ${'('.repeat(5000)}1${')'.repeat(4999)}`);
  });
  it('5000 balanced levels of parentheses compile or fail with a diagnostic', () => {
    let r: CompileResult | undefined;
    expect(() => {
      r = compile(`print x = ${'('.repeat(5000)}1${')'.repeat(5000)}`, { catalog: CATALOG, now: NOW });
    }).not.toThrow();
    if (r && !r.ok) expect(r.diagnostics.length).toBeGreaterThan(0);
  });
});

/** Deterministic PRNG (mulberry32) so failures reproduce. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = [..."'\"\\`;-/*\n\r\t $%{}[]()|aZ09é€中🙂\u0000\u2028", "''", '\\\\', "');--", '" + "', '$$', 'E\'\\'];

describe('string literals round-trip through SQL quoting', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createNodeEngine();
  });
  afterAll(async () => {
    await engine?.close();
  });

  const next = rng(20240115);
  const samples: string[] = ["'", '"', '\\', "a'b", "'); DROP TABLE x; --", '🙂中é', ''];
  for (let i = 0; i < 60; i++) {
    const n = Math.floor(next() * 12);
    let s = '';
    for (let j = 0; j < n; j++) s += ALPHABET[Math.floor(next() * ALPHABET.length)];
    samples.push(s);
  }
  const withoutNul = samples.filter((s) => !s.includes('\u0000'));
  const withNul = samples.filter((s) => s.includes('\u0000'));

  it.each(withoutNul.map((s) => [JSON.stringify(s), s]))('%s', async (_label, s) => {
    expect(await runKql(engine, `print s = ${kqlString(s)}`)).toEqual([[s]]);
  });

  // NUL inside a string literal: round-trips, or is refused with a diagnostic, never escapes.
  it.each(withNul.map((s) => [JSON.stringify(s), s]))('with NUL %s', async (_label, s) => {
    const kql = `print s = ${kqlString(s)}`;
    const r = compile(kql, { catalog: CATALOG, now: NOW });
    if (!r.ok) {
      expect(r.diagnostics.length).toBeGreaterThan(0);
      return;
    }
    expect(await runKql(engine, kql)).toEqual([[s]]);
  });
});
