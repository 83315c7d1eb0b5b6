import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXCLUSIONS } from '../../src/kql/exclusions.ts';
import { builtinFunctions } from '../../src/kql/parse/functions.ts';
import { coverage, kustoFunctionSupport, missingFunctions, operatorName, statusOf, supportMarkdown, supportTable } from '../../src/kql/support.ts';

const REGENERATE = 'run `node bin/support-table.mjs`';

describe('supported-KQL table', () => {
  it(`docs/kql-support.md is the generated table (${REGENERATE})`, () => {
    const doc = fs.readFileSync(new URL('../../docs/kql-support.md', import.meta.url), 'utf8');
    expect(doc).toBe(supportMarkdown());
  });
  it('names operators as KQL spells them', () => {
    expect(operatorName('MvExpandOperator')).toBe('mv-expand');
    expect(operatorName('FilterOperator')).toBe('where');
    expect(operatorName('ParseKvOperator')).toBe('parse-kv');
    const t = supportTable();
    expect(t.operators).toEqual(expect.arrayContaining(['where', 'summarize', 'join', 'mv-expand', 'datatable', 'project-away']));
    expect(t.functions).toEqual(expect.arrayContaining(['ago', 'bin', 'tolower']));
    expect(t.aggregates).toEqual(expect.arrayContaining(['count', 'dcount', 'arg_max']));
  });
  it("says for each function of the parser's list whether it is implemented", () => {
    const k = kustoFunctionSupport();
    const get = (kind: string, name: string) => k.find((f) => f.kind === kind && f.name === name);
    expect(get('scalar', 'startofday')?.implemented).toBe(true);
    expect(get('aggregate', 'dcount')?.implemented).toBe(true);
    expect(k.length).toBeGreaterThan(400);
    // Everything we implement under a Kusto name is on the page as implemented.
    const t = supportTable();
    const named = new Set(k.filter((f) => f.implemented).map((f) => f.name));
    expect(t.aggregates.filter((a) => !named.has(a))).toEqual([]);
  });
});

describe('coverage: every Kusto function is implemented, excluded with a reason, or a known gap', () => {
  const k = kustoFunctionSupport();

  it(`the missing functions are exactly test/kql/support-missing.txt (${REGENERATE})`, () => {
    // A ratchet. A function that is missing and not on the list was implemented or excluded
    // before (or is new in the parser): implement it, exclude it with a reason, or — only for a
    // function new to the parser — run `node bin/support-table.mjs --accept-missing`. A listed
    // function that is no longer missing means the list is stale: regenerate it.
    const listed = fs
      .readFileSync(new URL('./support-missing.txt', import.meta.url), 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));
    const missing = missingFunctions(k);
    expect({ newlyMissing: missing.filter((f) => !listed.includes(f)), noLongerMissing: listed.filter((f) => !missing.includes(f)) }).toEqual({
      newlyMissing: [],
      noLongerMissing: [],
    });
  });

  it('each function has exactly one status, and each exclusion names a real function with a reason', () => {
    for (const f of k) {
      expect(['implemented', 'excluded', 'missing']).toContain(statusOf(f));
      if (f.implemented) expect(f.excluded).toBeUndefined();
    }
    const listed = new Set(builtinFunctions().map((f) => `${f.kind} ${f.name}`));
    for (const [name, e] of Object.entries(EXCLUSIONS)) {
      expect(e.reason.length).toBeGreaterThan(10);
      for (const kind of e.kinds) {
        expect(listed.has(`${kind} ${name}`), `${kind} ${name} is not in the parser's list`).toBe(true);
        // An excluded function that got implemented must leave the exclusion list.
        expect(k.find((f) => f.kind === kind && f.name === name)?.implemented, `${kind} ${name} is implemented: drop its exclusion`).toBe(false);
      }
    }
  });

  it('the percentage is implemented over the functions not bound to a cluster', () => {
    const c = coverage(k);
    expect(c.implemented + c.cluster + c.excluded + c.missing).toBe(c.total);
    expect(c.cluster).toBeGreaterThanOrEqual(10); // cursors, extents, principals, …
    expect(c.percent).toBeCloseTo((100 * c.implemented) / (c.total - c.cluster), 1);
    expect(k.find((f) => f.name === 'current_principal')?.excluded?.class).toBe('cluster');
  });
});
