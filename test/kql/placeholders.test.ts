/**
 * Microsoft Sentinel's hunting placeholders {{StartTimeISO}} / {{EndTimeISO}} (lower/placeholders.ts):
 * filled in string literals from the hunt window (default: the 30 days before now), positions of
 * every diagnostic unchanged, any other {{Name}} in a string literal refused with HB143 where it is.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import { tableToKusto } from '../../src/engine/values.ts';
import { type CompileOptions, compile } from '../../src/kql/index.ts';
import { NOW } from './helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => {
  await engine.close();
});

async function rows(kql: string, extra: Partial<CompileOptions> = {}) {
  const r = compile(kql, { catalog: null, now: NOW, ...extra });
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.message}`).join('; '));
  return tableToKusto(await engine.query(r.sql!), r.columns!).rows;
}

/** The opening lines of the Azure-Sentinel repository's hunting queries, over a few events. */
const HUNT = `let starttime = todatetime('{{StartTimeISO}}');
let endtime = todatetime('{{EndTimeISO}}');
datatable(TimeGenerated:datetime, Computer:string)[
  datetime(2023-12-01T00:00:00Z), 'old',
  datetime(2024-01-14T13:00:00Z), 'yesterday',
  datetime(2024-01-15T11:30:00Z), 'last hour',
  datetime(2024-01-15T12:30:00Z), 'after now']
| where TimeGenerated between (starttime .. endtime)
| order by TimeGenerated asc
| project Computer`;

describe('{{StartTimeISO}} / {{EndTimeISO}}', () => {
  it('are the hunt window given by the caller', async () => {
    expect(await rows(`print s = todatetime('{{StartTimeISO}}'), e = todatetime('{{EndTimeISO}}')`, { huntWindow: { from: '2024-01-14T12:00:00Z', to: '2024-01-15T12:00:00Z' } })).toEqual([
      ['2024-01-14T12:00:00Z', '2024-01-15T12:00:00Z'],
    ]);
    expect(await rows(HUNT, { huntWindow: { from: '2024-01-15T11:00:00Z', to: '2024-01-15T12:00:00Z' } })).toEqual([['last hour']]);
    expect(await rows(HUNT, { huntWindow: { from: '2024-01-14T12:00:00Z', to: '2024-01-15T12:00:00Z' } })).toEqual([['yesterday'], ['last hour']]);
  });

  it('default to the 30 days before now', async () => {
    expect(await rows(`print s = todatetime('{{StartTimeISO}}'), e = todatetime('{{EndTimeISO}}')`)).toEqual([['2023-12-16T12:00:00Z', '2024-01-15T12:00:00Z']]);
    expect(await rows(HUNT)).toEqual([['yesterday'], ['last hour']]);
  });

  it('are text: filled inside longer strings, spliced and verbatim literals alike', async () => {
    const win = { huntWindow: { from: '2024-01-14T12:00:00Z', to: '2024-01-15T12:00:00Z' } };
    expect(await rows(`print a = 'from {{StartTimeISO}} to {{EndTimeISO}}', b = 'x' "{{EndTimeISO}}", c = @'{{StartTimeISO}}'`, win)).toEqual([
      ['from 2024-01-14T12:00:00Z to 2024-01-15T12:00:00Z', 'x2024-01-15T12:00:00Z', '2024-01-14T12:00:00Z'],
    ]);
    // inside a let function's body, which the analyzer expands at the call
    expect(await rows(`let f = (d:timespan) { todatetime('{{EndTimeISO}}') - d }; print f(1d)`, win)).toEqual([['2024-01-14T12:00:00Z']]);
  });

  it('leave comments, text that is no placeholder and queries without them alone', async () => {
    expect(await rows(`// runs over {{StartTimeISO}}\nprint a = '{{ StartTimeISO }}', b = "-q -s {{", c = '}} -p'`)).toEqual([['{{ StartTimeISO }}', '-q -s {{', '}} -p']]);
    const plain = 'print x = 1';
    expect(compile(plain, { catalog: null, now: NOW, huntWindow: { from: 'nonsense', to: 'x' } }).ok).toBe(true);
  });
});

describe('diagnostics', () => {
  it('an unknown {{Name}} in a string literal is HB143 at the placeholder', () => {
    const q = "print a = '{{StartTimeISO}}',\n  b = strcat('x', 'y {{TimeRange}}')";
    const r = compile(q, { catalog: null, now: NOW });
    expect(r.ok).toBe(false);
    const d = r.diagnostics[0];
    expect(d.code).toBe('HB143');
    expect(q.slice(d.start, d.end)).toBe('{{TimeRange}}');
    expect([d.line, d.column]).toEqual([2, 22]);
    expect(d.message).toContain('{{TimeRange}}');
  });

  it('a placeholder in a datetime literal is HB143 naming the string form', () => {
    const q = 'print s = datetime({{StartTimeISO}})';
    const d = compile(q, { catalog: null, now: NOW }).diagnostics[0];
    expect(d.code).toBe('HB143');
    expect(q.slice(d.start, d.end)).toBe('{{StartTimeISO}}');
    expect(d.message).toContain("todatetime('{{StartTimeISO}}')");
  });

  it('keeps the positions of later errors (a filled value is longer than its placeholder)', () => {
    const q = "print a = todatetime('{{StartTimeISO}}'), b = '{{EndTimeISO}}' | extend rn = row_number()";
    const r = compile(q, { catalog: null, now: NOW });
    expect(r.ok).toBe(false);
    const d = r.diagnostics.find((x) => x.severity === 'error')!;
    expect(d.code).toBe('HB105');
    expect(q.slice(d.start, d.end)).toContain('row_number()');
  });

  it('an unreadable or inverted hunt window is HB007', () => {
    const q = "print todatetime('{{StartTimeISO}}')";
    const bad = compile(q, { catalog: null, now: NOW, huntWindow: { from: 'yesterday', to: '2024-01-15T12:00:00Z' } });
    expect(bad.diagnostics.map((d) => d.code)).toEqual(['HB007']);
    const inverted = compile(q, { catalog: null, now: NOW, huntWindow: { from: '2024-01-16T00:00:00Z', to: '2024-01-15T00:00:00Z' } });
    expect(inverted.diagnostics.map((d) => d.code)).toEqual(['HB007']);
  });
});
