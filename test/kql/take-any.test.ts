/**
 * take_any(e1, e2 …) and take_any(*) (and the deprecated any()): one record per group, every value
 * from that record. Evidence: the page "take_any() (aggregation function)"
 * (take-any-aggregation-function): "arbitrarily chooses one record for each group … returns the
 * value of one or more expressions over each such record"; several expressions in one call
 * "guarantees all values were calculated over a single record"; with `*` "as if the expressions are
 * all columns of the input to the summarize operator barring the group-by columns"; "the deprecated
 * version adds any_ prefix to the columns returned by the any() aggregation". Column names are the
 * Kusto.Language analyzer's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import { compile } from '../../src/kql/index.ts';
import { NOW, refused, rowsOrCode } from './helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(() => engine.close());

const answer = (kql: string) => rowsOrCode(engine, kql);
const columns = (kql: string) => {
  const r = compile(kql, { catalog: null, now: NOW });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.columns!.map((c) => `${c.name}:${c.type}`);
};

/** Each group's rows are (1,"a") and (2,"b"); (null,"c") and (3,"") for y. */
const T = 'datatable(K:string, A:long, B:string)["x",1,"a", "x",2,"b", "y",long(null),"c", "y",3,""]';

/** The rows sorted by their first value (groups come in no order). */
const sorted = (rows: unknown) => [...(rows as unknown[][])].sort((p, q) => String(p[0]).localeCompare(String(q[0])));

describe('take_any(e1, e2 …): every value from one record', () => {
  it('each group gives the values of one of its rows, never a mix', async () => {
    // per-column picks that prefer non-null/non-empty values would give ["y",3,"c"] (mixed)
    const rows = sorted(await answer(`${T} | summarize take_any(A, B) by K`));
    expect(rows).toHaveLength(2);
    expect([['x', 1, 'a'], ['x', 2, 'b']]).toContainEqual(rows[0]);
    expect([['y', null, 'c'], ['y', 3, '']]).toContainEqual(rows[1]);
  });
  it('computed expressions and several calls in one summarize', async () => {
    const rows = sorted(await answer(`${T} | summarize take_any(B, A * 10), n=count() by K`));
    expect([['x', 'a', 10, 2], ['x', 'b', 20, 2]]).toContainEqual(rows[0]);
    expect([['y', 'c', null, 2], ['y', '', 30, 2]]).toContainEqual(rows[1]);
  });
  it('a row whose values are all null is still a record', async () => {
    expect(await answer('datatable(K:string, A:long, B:string)["x",long(null),""] | summarize take_any(A, B) by K')).toEqual([['x', null, '']]);
    expect(await answer('datatable(K:string, A:long, B:real)["x",long(null),real(null)] | summarize take_any(*) by K')).toEqual([['x', null, null]]);
  });
  it('columns as the analyzer names them, typed by the expressions', () => {
    expect(columns(`${T} | summarize take_any(A, B) by K`)).toEqual(['K:string', 'A:long', 'B:string']);
    expect(columns(`${T} | summarize take_any(A + 1, tostring(A), B)`)).toEqual(['any_arg0:long', 'A:string', 'B:string']);
    expect(columns(`${T} | summarize (p, q) = take_any(A, B)`)).toEqual(['p:long', 'q:string']);
    expect(columns(`${T} | summarize take_any(K, A) by K`)).toEqual(['K:string', 'K1:string', 'A:long']);
  });
  it('any() prefixes its columns with any_', () => {
    expect(columns(`${T} | summarize any(A, B) by K`)).toEqual(['K:string', 'any_A:long', 'any_B:string']);
    expect(columns(`${T} | summarize any(*)`)).toEqual(['any_K:string', 'any_A:long', 'any_B:string']);
    expect(columns(`${T} | summarize any(*) by K`)).toEqual(['K:string', 'any_A:long', 'any_B:string']);
  });
});

describe('take_any(*)', () => {
  it('by a key: the other columns of one row of each group', async () => {
    expect(columns(`${T} | summarize take_any(*) by K`)).toEqual(['K:string', 'A:long', 'B:string']);
    const rows = sorted(await answer(`${T} | summarize take_any(*) by K`));
    expect([['x', 1, 'a'], ['x', 2, 'b']]).toContainEqual(rows[0]);
    expect([['y', null, 'c'], ['y', 3, '']]).toContainEqual(rows[1]);
  });
  it('without by: every column of one row', async () => {
    const rows = (await answer(`${T} | summarize take_any(*)`)) as unknown[][];
    expect(rows).toHaveLength(1);
    expect([['x', 1, 'a'], ['x', 2, 'b'], ['y', null, 'c'], ['y', 3, '']]).toContainEqual(rows[0]);
  });
  it('with other aggregates around it', async () => {
    expect(columns(`${T} | summarize n=count(), take_any(*), m=max(A) by K`)).toEqual(['K:string', 'n:long', 'A:long', 'B:string', 'm:long']);
    const rows = sorted(await answer(`${T} | where K == "x" | summarize n=count(), take_any(*), m=max(A) by K`));
    expect([['x', 2, 1, 'a', 2], ['x', 2, 2, 'b', 2]]).toContainEqual(rows[0]);
  });
  it('undocumented forms are refused', () => {
    // which columns a renamed or computed key leaves out of `*` is not documented
    expect(refused(`${T} | summarize take_any(*) by L = strlen(B)`).code).toBe('HB121');
    expect(refused(`${T} | summarize take_any(*) by K2 = K`).code).toBe('HB121');
    // `*` mixed with expressions is not in the page's syntax
    expect(refused(`${T} | summarize take_any(*, A)`).code).toBe('HB121');
    expect(refused(`${T} | summarize take_any(*), arg_max(A, *)`).code).toBe('HB100');
  });
});

describe('take_any(x) of one column is unchanged', () => {
  it('prefers a value that is not null or empty (the page: "tries to return a non-null/non-empty value")', async () => {
    expect(sorted(await answer(`${T} | summarize take_any(B) by K`))).toEqual(sorted([['x', expect.any(String)], ['y', 'c']]));
    expect(await answer(`${T} | where K == "y" | summarize take_any(A)`)).toEqual([[3]]);
    expect(await answer(`${T} | where K == "y" | summarize any(B)`)).toEqual([['c']]);
    expect(columns(`${T} | summarize any(A), take_any(B)`)).toEqual(['any_A:long', 'B:string']);
  });
});
