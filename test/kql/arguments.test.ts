/**
 * "Every argument is consumed", over the official parser's own function list: for each built-in
 * function and aggregate we implement, each of its signatures and each argument count it allows
 * (optional and repeated parameters included), the call either compiles with every argument
 * mattering, or is refused with a coded diagnostic. An argument matters when changing it (another
 * column of the same type, or another literal) changes the SQL; identical SQL means the argument
 * was dropped, which is the silent wrong answer this test exists to catch.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/kql/index.ts';
import { AGGS, DIRECT, HANDLERS } from '../../src/kql/lower/functions.ts';
import { type BuiltinFunction, type BuiltinParam, type BuiltinSignature, builtinFunctions } from '../../src/kql/parse/functions.ts';
import { NOW } from './helpers.ts';

/** Two columns of each type, so an argument can be swapped for another of its type. */
const COLS: [string, string, string, string][] = [
  ['string', 's', '"a"', '"b"'],
  ['long', 'l', '1', '2'],
  ['int', 'i', 'int(1)', 'int(2)'],
  ['real', 'r', '1.5', '2.5'],
  ['bool', 'b', 'true', 'false'],
  ['datetime', 'd', 'datetime(2024-01-01)', 'datetime(2024-02-03 04:05:06)'],
  ['timespan', 't', '1h', '2m'],
  ['guid', 'g', 'guid(00000000-0000-0000-0000-000000000001)', 'guid(00000000-0000-0000-0000-000000000002)'],
];
const TABLE = `datatable(${COLS.flatMap(([t, c]) => [`${c}1:${t}`, `${c}2:${t}`]).join(', ')})[${COLS.flatMap(([, , a, b]) => [a, b]).join(', ')}]`;
const COL_OF: Record<string, string> = Object.fromEntries(COLS.map(([t, c]) => [t, c]));
const LIT_OF: Record<string, [string, string]> = Object.fromEntries(COLS.map(([t, , a, b]) => [t, [a, b]]));

/** The Kusto type to try for a parameter (undefined: a kind this test does not generate). */
function typeFor(p: BuiltinParam, first: string | undefined): string | undefined {
  switch (p.typeKind) {
    case 'Declared':
      return p.types.find((t) => t in COL_OF || t === 'dynamic' || t === 'type') ?? undefined;
    case 'Scalar':
    case 'Any':
    case 'CommonScalar':
    case 'CommonScalarOrDynamic':
    case 'Orderable':
    case 'CommonOrderable':
    case 'NotDynamic':
    case 'NotBool':
    case 'NotRealOrBool':
    case 'Integer':
    case 'IntegerOrArray':
    case 'Number':
    case 'NumberOrBool':
    case 'Summable':
    case 'CommonNumber':
    case 'CommonSummable':
      return 'long';
    case 'RealOrDecimal':
      return 'real';
    case 'StringOrDynamic':
    case 'StringOrArray':
      return 'string';
    case 'DynamicArray':
      return 'dynamic';
    case 'DynamicBag':
      return 'bag';
    case 'Parameter0':
    case 'Parameter1':
    case 'Parameter2':
      return first;
    default:
      return undefined;
  }
}

/** One argument's text, in its base (0) or variant (1) form. */
function argText(p: BuiltinParam, type: string, v: 0 | 1): string | undefined {
  if (p.values.length) return JSON.stringify(p.values[Math.min(v, p.values.length - 1)]);
  if (type === 'type') return v ? 'typeof(string)' : 'typeof(long)';
  if (type === 'dynamic') return v ? 'dynamic([3, 4, 5])' : 'dynamic([1, 2])';
  if (type === 'bag') return v ? 'dynamic({"b": 2})' : 'dynamic({"a": 1})';
  if (p.argKind === 'Constant' || p.argKind.startsWith('Literal')) return LIT_OF[type]?.[v];
  const c = COL_OF[type];
  return c ? `${c}${v + 1}` : undefined;
}

/** The parameters filling `count` arguments of a signature, in order (optional ones left to right). */
function paramsFor(sig: BuiltinSignature, count: number): BuiltinParam[] | undefined {
  const out: BuiltinParam[][] = sig.params.map((p) => new Array(p.minOccurring).fill(p));
  let extra = count - out.reduce((n, x) => n + x.length, 0);
  if (extra < 0) return undefined;
  sig.params.forEach((p, i) => {
    const room = Math.min(extra, p.maxOccurring - p.minOccurring);
    for (let k = 0; k < room; k++) out[i].push(p);
    extra -= room;
  });
  return extra === 0 ? out.flat() : undefined;
}

interface Call {
  fn: BuiltinFunction;
  args: [string, string][];
}

function calls(f: BuiltinFunction): Call[] {
  const result: Call[] = [];
  for (const sig of f.signatures) {
    const hi = Math.min(sig.maxArgs, sig.minArgs + 3);
    for (let count = sig.minArgs; count <= hi; count++) {
      const ps = paramsFor(sig, count);
      if (!ps) continue;
      const first = ps[0] ? typeFor(ps[0], undefined) : undefined;
      const args: [string, string][] = [];
      for (const p of ps) {
        if (p.argKind === 'StarOnly') break;
        const t = typeFor(p, first);
        const a = t && argText(p, t, 0);
        const b = t && argText(p, t, 1);
        if (!a || !b) break;
        args.push([a, b]);
      }
      if (args.length === ps.length) result.push({ fn: f, args });
    }
  }
  return result;
}

function queryOf(c: Call, variant: number): string {
  const text = c.args.map(([a, b], i) => (i === variant ? b : a)).join(', ');
  const call = `${c.fn.name}(${text})`;
  return c.fn.kind === 'aggregate' ? `${TABLE} | summarize __r = ${call}` : `${TABLE} | serialize | project __r = ${call}`;
}

const run = (kql: string) => compile(kql, { catalog: null, now: NOW });
const firstError = (r: ReturnType<typeof run>) => r.diagnostics.find((d) => d.severity === 'error');

const implemented = (f: BuiltinFunction) =>
  f.kind === 'aggregate' ? AGGS.has(f.name) : !AGGS.has(f.name) && (f.name in DIRECT || f.name in HANDLERS);

/** Functions whose result is decided by their arguments' types, so swapping in another value of
 * the same type rightly changes nothing. */
const TYPE_DECIDED: Record<string, string> = {
  gettype: 'names the type of its argument',
  column_ifexists: 'its name picks a column at compile time, and neither generated name is a column',
  columnifexists: "column_ifexists()'s deprecated alias: the same reason",
};

/** Refusals that say honestly what is not supported (never HB099, an internal error). */
const CODED = /^HB1\d\d$/;

describe('every argument of every implemented function is consumed or refused', () => {
  const fns = builtinFunctions().filter((f) => !f.tabular && implemented(f));
  const all = fns.flatMap(calls);
  let compiled = 0;

  it('enumerates the parser\'s list', () => {
    expect(builtinFunctions().length).toBeGreaterThan(400);
    expect(fns.length).toBeGreaterThan(150);
    expect(all.length).toBeGreaterThan(300);
  });

  it.each(fns.map((f) => [`${f.kind} ${f.name}`, f] as const))('%s', (_label, f) => {
    for (const c of calls(f)) {
      const base = run(queryOf(c, -1));
      const err = firstError(base);
      if (err) {
        // The analyzer refusing our generated call (KS…) says nothing about the lowering.
        if (err.code.startsWith('KS')) continue;
        expect(err.code, `${queryOf(c, -1)}: ${err.message}`).toMatch(CODED);
        continue;
      }
      compiled++;
      c.args.forEach((_, i) => {
        const v = run(queryOf(c, i));
        if (!v.ok) return; // another value may be refused (coded) or invalid for the analyzer
        if (TYPE_DECIDED[f.name]) return;
        expect(v.sql, `argument ${i + 1} of ${queryOf(c, -1)} is ignored`).not.toBe(base.sql);
      });
    }
  });

  it('compiled a good share of the calls', () => {
    expect(compiled).toBeGreaterThan(200);
  });
});
