/**
 * Fixes found by a thirteenth probe of public hunting queries (issue 11). Each expected value follows
 * from the cited documentation; what it does not settle stays a coded refusal. The queries are our
 * own, written for the construct.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import type { JsonValue } from '../../src/engine/values.ts';
import { tableToKusto } from '../../src/engine/values.ts';
import { compile } from '../../src/kql/index.ts';
import { NOW } from './helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => {
  await engine?.close();
});

/** Compiles without tables and runs; throws with the diagnostics when it does not compile. */
async function rows(kql: string): Promise<JsonValue[][]> {
  const r = compile(kql, { catalog: null, now: NOW });
  if (!r.ok || r.sql === undefined || !r.columns) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.message}`).join('; '));
  return tableToKusto(await engine.query(r.sql), r.columns).rows;
}

const codes = (kql: string) => compile(kql, { catalog: null, now: NOW }).diagnostics.map((d) => d.code);

describe('named arguments of a user-defined function bind by parameter name', () => {
  // The user-defined functions page ("Default values"): callers may give arguments in another order
  // than the parameters' if they name them; its example returns "12-b.default-7" for both
  // f(c=7, a=12) and f(12, c=7). Before: arguments were bound by position whatever their names
  // ("7-12-0" and "12-7-0").
  const F = 'let f = (a:long, b:string = "b.default", c:long = 0) { strcat(a, "-", b, "-", c) };';

  it("the page's example: a scrambled named call equals the positional-then-named one", async () => {
    expect(await rows(`${F} union (print x=f(c=7, a=12)), (print x=f(12, c=7)) | order by x asc`)).toEqual([['12-b.default-7'], ['12-b.default-7']]);
  });

  it('every parameter named, in reverse order, with no defaults involved', async () => {
    expect(await rows('let g = (a:long, b:long) { a - b }; print d = g(b=1, a=5), e = g(5, b=1), f = g(a=5, b=1)')).toEqual([[4, 4, 4]]);
  });

  it('a named scalar argument of a tabular function, through invoke and called directly', async () => {
    const T = 'let above = (t:(x:long), lo:long = 1, hi:long = 100) { t | where x > lo and x < hi };';
    expect(await rows(`${T} range x from 1 to 6 step 1 | invoke above(hi=5, lo=2) | summarize make_list(x)`)).toEqual([[[3, 4]]]);
    const R = 'let span = (lo:long, n:long = 2) { range x from lo to n step 1 };';
    expect(await rows(`${R} span(n=4, lo=2) | summarize make_list(x)`)).toEqual([[[2, 3, 4]]]);
  });

  it('a name that is no parameter, or a positional argument after a named one, stays an error', () => {
    expect(codes('let g = (a:long, b:long) { a - b }; print g(1, z=5)')).toContain('KS196');
    expect(codes('let g = (a:long, b:long) { a - b }; print g(b=1, 5)')).toContain('KS195');
  });
});

describe('todynamic() of a dynamic value is that value', () => {
  // parse_json's page lists todynamic() as a deprecated alias and says a dynamic argument is used
  // as-is; the analyzer's KS107 ("string expected") on the alias was reported for hunts that write
  // todynamic(parse_user_agent(...)) or todynamic(parse_url(...)).
  it('a bag, a path into it and a function result pass through unchanged', async () => {
    expect(await rows('print d = dynamic({"a":{"b":2}}) | project x = todynamic(d), y = todynamic(d.a).b, h = tostring(todynamic(parse_url("http://h.example:8/p")).Host)')).toEqual([
      [{ a: { b: 2 } }, 2, 'h.example'],
    ]);
  });

  it('a string is still parsed, and a number is still the analyzer error', async () => {
    expect(await rows('print x = todynamic(\'{"k":[1,2]}\').k[1]')).toEqual([[2]]);
    expect(codes('print x = todynamic(12)')).toContain('KS107');
  });
});

describe('has_any on a name no column has says so', () => {
  // probe13 q0076 (`ThreatClassification has_any (...)` on EmailEvents, whose reference does not list
  // that column): the analyzer reports KS107 "A value of type string or dynamic expected" at the name
  // before its KS142 "does not refer to any known column", so the first error shown was the
  // misleading one. The KS107 on an unresolved name is dropped; KS142 remains.
  it('an unknown operand of has_any/has is KS142 only; a known one still runs; a non-name KS107 is unchanged', async () => {
    const TABLE = 'datatable(Subject:string)["Invoice due", "Lunch"]';
    for (const op of ['has_any ("Invoice")', 'has "Invoice"']) {
      const d = compile(`${TABLE} | where ThreatKind ${op}`, { catalog: null, now: NOW }).diagnostics;
      expect(d.map((x) => x.code)).toEqual(['KS142']);
      expect(d[0].message).toContain("'ThreatKind'");
    }
    expect(await rows(`${TABLE} | where Subject has_any ("Invoice")`)).toEqual([['Invoice due']]);
    expect(codes('print x = 1 | where not("a")')).toEqual(['KS107']);
  });
});
