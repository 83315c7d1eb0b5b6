/**
 * Shared runner for the per-family files of documented examples (math, ip, datetime, geo): one
 * entry per example of a function's page in the official KQL reference
 * (learn.microsoft.com/kusto/query/<page>), its inputs and documented outputs, run on the real
 * engine. The reference prints reals rounded (often to 15 significant digits), so a documented
 * real matches a result within a relative 1e-12 (or 1e-13 absolute near zero); everything else
 * must be equal (datetimes compared after dropping trailing zeros of their fraction). A case with `error` expects the query to be refused with that diagnostic code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../../src/engine/node.ts';
import type { Engine } from '../../../src/engine/types.ts';
import type { JsonValue } from '../../../src/engine/values.ts';
import { compile } from '../../../src/kql/index.ts';
import { NOW, runKql } from '../helpers.ts';

export interface DocCase {
  /** The function the page documents. */
  fn: string;
  /** Page slug under https://learn.microsoft.com/kusto/query/. */
  page: string;
  kql: string;
  rows?: JsonValue[][];
  /** A refusal we expect (a coded diagnostic), where Kusto's answer is not reproduced exactly. */
  error?: string;
  /**
   * A wider relative tolerance for reals, where the documented value carries the reference's own
   * rounding noise (e.g. distances through S2's chord angles, good to about 1e-9).
   */
  tol?: number;
  /** Why a documented example is not reproduced (runs as a known failure). */
  gap?: string;
  /** The result's column names, checked when given (operators: Kusto's naming rules). */
  cols?: string[];
  /** The rows in any order (Kusto does not order a join's or a union's output). */
  unordered?: boolean;
}

/** Rows in a canonical order, for results Kusto leaves unordered. */
function canon(rows: JsonValue[][]): JsonValue[][] {
  return [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : JSON.stringify(a) > JSON.stringify(b) ? 1 : 0));
}

function close(a: JsonValue, b: JsonValue, tol = 1e-12): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    if (a === b) return true;
    return Math.abs(a - b) <= Math.max(1e-13, tol * Math.abs(b));
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => close(x, b[i], tol));
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return ka.join('\u0000') === kb.join('\u0000') && ka.every((k) => close((a as Record<string, JsonValue>)[k], (b as Record<string, JsonValue>)[k], tol));
  }
  if (typeof a === 'string' && typeof b === 'string') return normDate(a) === normDate(b);
  return a === b;
}

/** A datetime as the reference prints it (seven fraction digits) or as the engine does (none when zero). */
function normDate(s: string): string {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(s);
  if (!m) return s;
  const frac = (m[2] ?? '').replace(/0+$/, '');
  return `${m[1]}${frac ? `.${frac}` : ''}Z`;
}

/**
 * Runs a family's documented examples on one engine and returns it (as a getter, valid inside
 * tests), so the family file's own edge-case tests can share it.
 */
export function runDocCases(family: string, cases: DocCase[]): () => Engine {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createNodeEngine();
  }, 60_000);
  afterAll(async () => {
    await engine?.close();
  });
  describe(`documented examples: ${family}`, () => {
    for (const c of cases) {
      const name = `${c.fn}: ${c.kql.replace(/\s+/g, ' ').slice(0, 110)} (kusto/query/${c.page})`;
      const body = async () => {
        if (c.error) {
          const r = compile(c.kql, { catalog: null, now: NOW });
          if (r.ok && r.sql) {
            // refused while running (a per-row refusal raised by the SQL)
            await expect(engine.query(r.sql)).rejects.toThrow(c.error);
          } else expect(r.diagnostics.map((d) => d.code)).toContain(c.error);
          return;
        }
        if (c.cols) {
          const r = compile(c.kql, { catalog: null, now: NOW });
          expect(r.columns?.map((x) => x.name)).toEqual(c.cols);
        }
        let rows = await runKql(engine, c.kql);
        let want = c.rows ?? [];
        if (c.unordered) {
          rows = canon(rows);
          want = canon(want);
        }
        if (!close(rows, want, c.tol)) expect(rows).toEqual(want);
      };
      if (c.gap) it.fails(`${name} — known gap: ${c.gap}`, body);
      else it(name, body);
    }
  });
  return () => engine;
}
