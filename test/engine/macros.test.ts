/**
 * The browser engine creates the compiler's SQL macros as queries need them (engine/setup.ts
 * `macrosFor`). Checked on the real DuckDB-WASM engine: every macro, created alone with what
 * `macrosFor` says it needs, binds (DuckDB rejects a macro whose body calls a missing one) and
 * answers the same as with all macros created up front.
 */
import { describe, expect, it } from 'vitest';
import { MACRO_NAMES, macrosFor, SESSION_SETTINGS_SQL, SESSION_SETUP_SQL } from '../../src/engine/setup.ts';
import { MACROS_SQL } from '../../src/kql/sql/macros.ts';
import { instantiateWasmDuckDB as rawDuckDB } from '../../src/engine/node.ts';

describe('macrosFor', () => {
  it('knows every macro, and the settings are the setup without the macros', () => {
    expect(MACRO_NAMES.length).toBe(MACROS_SQL.length);
    expect(SESSION_SETTINGS_SQL.length + MACROS_SQL.length).toBe(SESSION_SETUP_SQL.length);
    expect(SESSION_SETTINGS_SQL.some((s) => /MACRO/i.test(s))).toBe(false);
    // macrosFor finds macros in SQL text by their prefix
    expect(MACRO_NAMES.filter((n) => !n.startsWith('hb_'))).toEqual([]);
  });

  it('returns the named macros and what they call, dependencies first, minus those already created', () => {
    const need = macrosFor('SELECT hb_json_kind(x) FROM t', new Set());
    expect(need.names).toContain('hb_json_kind');
    expect(need.names).toContain('hb_json_tok');
    expect(need.names.indexOf('hb_json_tok')).toBeLessThan(need.names.indexOf('hb_json_kind'));
    expect(need.sql.length).toBe(need.names.length);
    expect(macrosFor('SELECT 1', new Set()).names).toEqual([]);
    expect(macrosFor('SELECT HB_WRAP64(1)', new Set()).names).toEqual(['hb_wrap64']);
    const again = macrosFor('SELECT hb_json_kind(x)', new Set(need.names.filter((n) => n !== 'hb_json_kind')));
    expect(again.names).toEqual(['hb_json_kind']);
  });

  it('gives each macro everything it needs to be created on its own, and queries answer with macros made on demand (real DuckDB-WASM)', async () => {
    const { db, conn } = await rawDuckDB();
    try {
      for (const s of SESSION_SETTINGS_SQL) conn.query(s);
      const failures: string[] = [];
      for (const name of MACRO_NAMES) {
        const need = macrosFor(`SELECT ${name}`, new Set());
        expect(need.names).toContain(name);
        try {
          conn.query(need.sql.join(';\n'));
        } catch (e) {
          failures.push(`${name}: ${(e as Error).message.split('\n')[0]}`);
        }
        for (const n of [...need.names].reverse()) conn.query(`DROP MACRO IF EXISTS ${n}`);
      }
      expect(failures).toEqual([]);
      // Kusto's long arithmetic wraps; a JSON object is JSON (1), a bare word is a plain string (0)
      const sql = `SELECT hb_wrap64(CAST(9223372036854775807 AS HUGEINT) + 2) AS w, hb_json_kind('{"a":[1,2]}') AS k, hb_json_kind('x') AS s`;
      conn.query(macrosFor(sql, new Set()).sql.join(';\n'));
      const row = conn.query(sql).toArray()[0].toJSON();
      expect(String(row.w)).toBe('-9223372036854775807');
      expect(Number(row.k)).toBe(1);
      expect(Number(row.s)).toBe(0);
    } finally {
      await (db as { terminate?: () => Promise<void> }).terminate?.();
    }
  }, 120_000);
});
