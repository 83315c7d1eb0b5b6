/**
 * Member access on parse_xml()'s answer folded into the host answers (lower/host-fold.ts): the
 * same values as hb_json_get over the JSON text, row by row, and no fold where JavaScript's text
 * could differ from the SQL's (numbers, control characters, lone surrogates, integer-like keys,
 * deep nesting). Evidence for the values: the parse_xml page's conversion table (attributes as
 * "@name", text as "#text", repeated elements as an array) and the dynamic member-access rule (a
 * missing member is null).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import type { Expr } from '../../src/kql/ir/types.ts';
import { foldHostMember, registerHostLookup } from '../../src/kql/lower/host-fold.ts';
import { compilePasses, runKqlPasses } from './helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => {
  await engine?.close();
});

const XML = `datatable(x:string)[
  '<r a="v"><e><d n="k1">one</d><d n="k2">two</d></e></r>',
  '<r><e><d n="k3">three</d></e></r>',
  'not xml',
  '<q/>']`;

describe('parse_xml(x).member folded into the answers', () => {
  it('answers each row as the JSON-text access would, without reading the text in SQL', async () => {
    const q = `${XML} | extend d = parse_xml(x).r.e.d, a = parse_xml(x).r['@a'], m = parse_xml(x).r.absent | project t = tostring(d), ta = tostring(a), nm = isnull(m)`;
    const c = await compilePasses(engine, q);
    expect(c.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
    // the accesses are in the lookup's answers: no per-row JSON read of parse_xml's text is left
    expect(c.sql).not.toContain('hb_json_get(');
    const r = await runKqlPasses(engine, q);
    expect(r.rows).toEqual([
      ['[{"@n":"k1","#text":"one"},{"@n":"k2","#text":"two"}]', 'v', true],
      ['{"@n":"k3","#text":"three"}', '', true],
      // text that is not well-formed XML is null, and so is any member of it
      ['', '', true],
      // <q/> → {"q": null}: no member r
      ['', '', true],
    ]);
  });

  it('reads the folded array row by row after it (mv-expand, then members of each element)', async () => {
    const q = `${XML} | extend d = parse_xml(x).r.e.d | where isnotnull(d[0]) | mv-expand d | project n = tostring(d['@n']), t = tostring(d['#text'])`;
    const r = await runKqlPasses(engine, q);
    // only the first row's d is an array (a single <d> is a bag, not a one-element array)
    expect(r.rows).toEqual([
      ['k1', 'one'],
      ['k2', 'two'],
    ]);
  });
});

describe('foldHostMember', () => {
  const ty = { kql: 'dynamic', shape: { k: 'json' } } as unknown as Expr['ty'];
  const lookupOf = (values: (string | null)[]) => {
    const e = { k: 'lit', sql: 'x', ty } as Expr;
    const rendered: (string | null)[][] = [];
    registerHostLookup(e, { keys: values.map((_v, i) => String(i)), values, render: (vs, t) => {
        rendered.push(vs);
        return { k: 'lit', sql: 'y', ty: t } as Expr;
      },
    });
    return { e, rendered };
  };

  it('folds JSON.stringify text of strings, bags, arrays and null', () => {
    const { e, rendered } = lookupOf(['{"a":{"b":["x",null]},"c":null}', null, '["a"]', '{"a":"s"}']);
    expect(foldHostMember(e, 'a')).toBeDefined();
    // a bag's member as compact JSON; a null member, a missing one and a non-bag are null
    expect(rendered[0]).toEqual(['{"b":["x",null]}', null, null, '"s"']);
    expect(foldHostMember(e, 'c')).toBeDefined();
    expect(rendered[1]).toEqual([null, null, null, null]);
  });

  it('does not fold what the SQL access spells or refuses otherwise', () => {
    // a number keeps its spelling in SQL (1.0), not in JSON.stringify (1)
    expect(foldHostMember(lookupOf(['{"a":1}']).e, 'a')).toBeUndefined();
    // control characters (hb_json_quote) and lone surrogates (hb_json_unescape) are refused per row in SQL
    expect(foldHostMember(lookupOf([JSON.stringify({ a: 'x\u0001' })]).e, 'a')).toBeUndefined();
    expect(foldHostMember(lookupOf([JSON.stringify({ a: 'x\ud800' })]).e, 'a')).toBeUndefined();
    // a JavaScript object lists integer-like keys first
    expect(foldHostMember(lookupOf(['{"b":"x","1":"y"}']).e, 'b')).toBeUndefined();
    // text not in JSON.stringify's own form (spaces)
    expect(foldHostMember(lookupOf(['{"a": "x"}']).e, 'a')).toBeUndefined();
    // nesting past what hb_json_ok reads is HB160 there
    expect(foldHostMember(lookupOf([`${'{"a":'.repeat(20)}"x"${'}'.repeat(20)}`]).e, 'a')).toBeUndefined();
    // a value that is no host lookup
    expect(foldHostMember({ k: 'lit', sql: 'z', ty } as Expr, 'a')).toBeUndefined();
  });
});
