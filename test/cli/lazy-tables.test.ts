/**
 * runner.ts loadingOnUse: a deferred dataset table is loaded before the first statement that
 * names it (as the compiler writes it: a quoted identifier, sql/emit.ts tableSql), once, and a
 * statement that does not name it leaves it unloaded.
 */
import { describe, expect, it } from 'vitest';
import { loadingOnUse } from '../../src/cli/runner.ts';
import type { Engine } from '../../src/engine/types.ts';

function fakeEngine() {
  const log: string[] = [];
  const engine = {
    query: async (sql: string) => {
      log.push(`query ${sql}`);
      return {} as never;
    },
    loadArrow: async (t: string) => {
      log.push(`load ${t}`);
      return 0;
    },
  } as unknown as Engine;
  return { engine: { ...engine, attachDatabase: async () => {}, loadCsv: async () => 0, lockDown: async () => {}, close: async () => {} } as Engine, log };
}

describe('loadingOnUse', () => {
  it('loads a table before the first statement naming it, and only once', async () => {
    const { engine, log } = fakeEngine();
    const bytes = new Uint8Array();
    const lazy = loadingOnUse(engine, new Map([['Event', bytes], ['Syslog', bytes], ['Ev"il', bytes]]));
    await lazy.query('SELECT 1');
    await lazy.query('SELECT "Computer" AS c0 FROM "Event"');
    await lazy.query('SELECT * FROM "Event"');
    // a name with a quote is matched in its quoted form ("" inside)
    await lazy.query('SELECT * FROM "Ev""il"');
    expect(log).toEqual(['query SELECT 1', 'load Event', 'query SELECT "Computer" AS c0 FROM "Event"', 'query SELECT * FROM "Event"', 'load Ev"il', 'query SELECT * FROM "Ev""il"']);
  });

  it('hands back the engine itself when nothing is deferred', () => {
    const { engine } = fakeEngine();
    expect(loadingOnUse(engine, new Map())).toBe(engine);
  });
});
