import type { Engine } from '../../src/engine/types.ts';
import { type JsonValue, tableToKusto } from '../../src/engine/values.ts';
import { type Catalog, compile } from '../../src/kql/index.ts';

/** Pinned now() for every test. */
export const NOW = '2024-01-15T12:00:00Z';

/** Compiles and runs a query; throws with the diagnostics when it does not compile. */
export async function runKql(engine: Engine, kql: string, catalog: Catalog | null = null): Promise<JsonValue[][]> {
  const r = compile(kql, { catalog, now: NOW });
  if (!r.ok || r.sql === undefined || !r.columns) {
    throw new Error(`compile failed: ${r.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')}`);
  }
  const table = await engine.query(r.sql);
  return tableToKusto(table, r.columns).rows;
}
